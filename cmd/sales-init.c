/* sales-init — create a data directory with every file, the default stages and config. */
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cli.h"
#include "text.h"

static const char usage[] = "usage: sales-init [-D DIR] [--shared] [DIR]\n";
static const char help[] =
    "\n  --shared   make the directory and its files group-writable (2770, 0660)\n"
    "DIR defaults to -D, then $SALES_DATA, then ${XDG_DATA_HOME:-~/.local/share}/salesutils\n";

/* mkdir -p, with mode for the directories it makes. */
static int
make_dirs(const char *path, mode_t mode, struct err *e)
{
    char *p = xstrdup(path);
    for (char *q = p + 1;; q++) {
        if (*q != '/' && *q != '\0')
            continue;
        char c = *q;
        *q = '\0';
        if (mkdir(p, mode) != 0 && errno != EEXIST) {
            err_sys(e, p, "cannot create directory");
            free(p);
            return -1;
        }
        if (c == '\0')
            break;
        *q = c;
    }
    free(p);
    return 0;
}

/* What is wrong with the mode of a directory that was there already, when
 * sales-init does not set it (no --shared), in buf; 0 when nothing is: it
 * is 0700 (as sales-init makes one) or 2770 (as --shared does). */
static int
existing_mode_note(const char *dir, mode_t mode, char *buf, size_t n)
{
    const int shared = (mode & S_IWGRP) != 0; /* as the commands take it */
    /* the permissions beyond 0700, or beyond 2770 for a shared one */
    const mode_t beyond = mode & (shared ? 07 : 077);
    const mode_t ins = beyond & (S_IRGRP | S_IXGRP | S_IROTH | S_IXOTH); /* get into it */
    char who[128] = "";

    if (shared ? !beyond && (mode & 0777) == 0770 && (mode & S_ISGID) : !beyond)
        return 0;
    if (ins)
        snprintf(who, sizeof who, "%s can get into it",
                 !(ins & (S_IROTH | S_IXOTH))   ? "your group"
                 : !(ins & (S_IRGRP | S_IXGRP)) ? "others"
                                                : "your group and others");
    if (mode & S_IWOTH)
        snprintf(who + strlen(who), sizeof who - strlen(who), "%s",
                 !*who                          ? "others can write to it"
                 : !(ins & (S_IRGRP | S_IXGRP)) ? " and write to it"
                                                : ", and others can write to it");
    if (shared)
        snprintf(buf, n,
                 "%s: mode %04o left as it is: group-writable, so the commands treat it as "
                 "shared and make new files 0660%s%s (sales-init --shared makes a team "
                 "directory 2770; chmod 700 makes it private)",
                 dir, (unsigned)(mode & 07777), *who ? ", and " : "", who);
    else
        snprintf(buf, n,
                 "%s: mode %04o left as it is: %s (a new data directory is 0700; chmod 700 "
                 "makes it private)",
                 dir, (unsigned)(mode & 07777), who);
    return 1;
}

int
main(int argc, char **argv)
{
    static const struct option opts[] = {
        CLI_LONGOPTS, {"shared", no_argument, NULL, 's'}, {NULL, 0, NULL, 0}};
    struct cli c;
    int ch, shared = 0;

    cli_init(&c, "sales-init", usage, help);
    while ((ch = getopt_long(argc, argv, "D:h", opts, NULL)) != -1) {
        if (ch == 's')
            shared = 1;
        else
            cli_option(&c, ch, optarg);
    }
    argc -= optind;
    argv += optind;
    if (argc > 1)
        cli_usage(&c, "unexpected operand '%s'", argv[1]);
    char *dir = store_resolve_dir(argc ? argv[0] : c.data_opt);
    struct stat st;
    char note[PATH_MAX + 512];
    int noted = !shared && stat(dir, &st) == 0 && S_ISDIR(st.st_mode) &&
                existing_mode_note(dir, st.st_mode, note, sizeof note);
    if (make_dirs(dir, shared ? 02770 : 0700, &c.err))
        cli_fail(&c, &c.err);
    if (shared && chmod(dir, 02770) != 0) {
        err_sys(&c.err, dir, "cannot chmod");
        cli_fail(&c, &c.err);
    }
    c.data_opt = dir;
    struct store *s = cli_open(&c);
    cli_lock(&c);
    for (size_t i = 0; i < schema_nentities; i++)
        if (store_create_file(s, schema_entities[i], &c.err))
            cli_fail(&c, &c.err);
    /* config.json: the defaults, written once */
    static const char config[] = "{\n"
                                 "  \"currency\": \"USD\",\n"
                                 "  \"fiscal_year_start\": 1,\n"
                                 "  \"stale_days\": 30\n"
                                 "}\n";
    if (store_create(s, "config.json", config, sizeof config - 1, &c.err))
        cli_fail(&c, &c.err);
    cli_commit(&c);
    if (noted) /* said once everything is there, so that it is the only message */
        fprintf(stderr, "%s: %s\n", c.prog, note);
    int rc = cli_exit(&c, 0);
    free(dir);
    return rc;
}
