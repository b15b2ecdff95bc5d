/* sales-check — validate every file of the data directory; --fix applies the safe
 * normalisations; --history replays history.csv against the files. */
#include <getopt.h>
#include <stdio.h>
#include <string.h>

#include "check.h"
#include "cli.h"

static const char usage[] = "usage: sales-check [-D DIR] [--fix | --history] [-q]\n";
static const char help[] =
    "\n  --fix        apply the safe normalisations (spaces, case of enums and stages,\n"
    "               canonical amounts and timestamps, dates in the one format the column\n"
    "               proves) in one locked step, with history rows; say what changed\n"
    "  --history    instead: check that history.csv replays to the files (after a crash,\n"
    "               a restore or a hand edit): every record has its 'created' row, every\n"
    "               field holds the last value history recorded for it, records deleted\n"
    "               in history are gone, the others are there\n"
    "  -q, --quiet  print nothing; the exit status tells\n"
    "Prints one line per finding, FILE:LINE: what is wrong (fixed ones say 'fixed:').\n"
    "Reads every file as it stood at one moment: waits for a command that is writing\n"
    "once, at most SALES_LOCK_TIMEOUT seconds (default 10).\n"
    "Exit status 0: nothing wrong (any more); 1: findings remain, or the lock was not\n"
    "free in time.\n";

struct ctx {
    int quiet;
};

static void
emit(void *vctx, const char *file, long line, const char *msg, int fixed)
{
    struct ctx *c = vctx;
    if (c->quiet)
        return;
    if (!file)
        printf("%s\n", msg);
    else if (line > 0)
        printf("%s:%ld: %s%s\n", file, line, fixed ? "fixed: " : "", msg);
    else
        printf("%s: %s%s\n", file, fixed ? "fixed: " : "", msg);
}

int
main(int argc, char **argv)
{
    static const struct option opts[] = {CLI_LONGOPTS,
                                         {"fix", no_argument, NULL, 'F'},
                                         {"history", no_argument, NULL, 'H'},
                                         {"quiet", no_argument, NULL, 'q'},
                                         {NULL, 0, NULL, 0}};
    struct check_counts n;
    struct ctx ctx = {0};
    struct err cfg;
    int ch, fix = 0, history = 0;
    struct cli c;

    cli_init(&c, "sales-check", usage, help);
    while ((ch = getopt_long(argc, argv, "D:hq", opts, NULL)) != -1) {
        if (ch == 'F')
            fix = 1;
        else if (ch == 'H')
            history = 1;
        else if (ch == 'q')
            ctx.quiet = 1;
        else
            cli_option(&c, ch, optarg);
    }
    argc -= optind;
    argv += optind;
    cli_operands(&c, argc, argv, 0, 0);
    if (fix && history)
        cli_usage(&c, "--fix and --history do not go together (--history changes nothing)");
    if (store_open_lenient(&c.store, c.data_opt, c.prog, &cfg, &c.err))
        cli_fail(&c, &c.err);
    c.have_store = 1;
    if (history ? check_history(&c.store, emit, &ctx, &n, &c.err)
                : check_run(&c.store, &cfg, fix, emit, &ctx, &n, &c.err))
        cli_fail(&c, &c.err);
    if (fix && n.fixed && !ctx.quiet)
        fprintf(stderr, "%s: fixed %zu finding%s; %zu left\n", c.prog, n.fixed,
                n.fixed == 1 ? "" : "s", n.findings);
    return cli_exit(&c, n.findings ? 1 : 0);
}
