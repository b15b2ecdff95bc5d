/* quota-set — set or replace the quota of a rep or a team for a period. */
#include <ctype.h>
#include <getopt.h>
#include <string.h>

#include "cli.h"
#include "lifecycle.h"

static const char usage[] = "usage: quota-set [-D DIR] [-n] OWNER PERIOD AMOUNT\n";
static const char help[] =
    "\nOWNER is a rep id or a team name; PERIOD 2026, 2026-Q4, 2026-11, this-quarter, ...\n"
    "  -n, --dry-run    do it all as for real, then write nothing\n";

int
main(int argc, char **argv)
{
    static const struct option opts[] = {CLI_LONGOPTS, CLI_DRY_RUN_LONGOPT, {NULL, 0, NULL, 0}};
    struct cli c;
    int ch;

    cli_init(&c, "quota-set", usage, help);
    /* "quota-set tom 2026-Q4 -100": getopt would take -100 for options */
    for (int i = 1; i < argc && strcmp(argv[i], "--"); i++)
        if (argv[i][0] == '-' && isdigit((unsigned char)argv[i][1]) &&
            strcmp(argv[i - 1], "-D") != 0)
            cli_failf(&c, "bad amount '%s' (a quota must be positive)", argv[i]);
    while ((ch = getopt_long(argc, argv, "D:hn", opts, NULL)) != -1)
        cli_option(&c, ch, optarg);
    argc -= optind;
    argv += optind;
    cli_operands(&c, argc, argv, 3, 3);
    struct store *s = cli_open(&c);
    if (quota_set(s, argv[0], argv[1], argv[2], &c.err))
        cli_fail(&c, &c.err);
    return cli_exit(&c, 0);
}
