/* sales-check — validate every file of the data directory; --fix applies the safe
 * normalisations; --history replays history.csv against the files. */
#include <getopt.h>
#include <stdio.h>
#include <string.h>

#include "check.h"
#include "cli.h"

static const char usage[] =
    "usage: sales-check [-D DIR] [--fix [-n] | --history] [-q] [-f FORMAT]\n";
static const char help[] =
    "\n  --fix        apply the safe normalisations (spaces, case of enums and stages,\n"
    "               canonical amounts and timestamps, dates in the one format the column\n"
    "               proves) in one locked step, with history rows; say what changed\n"
    "  --history    instead: check that history.csv replays to the files (after a crash,\n"
    "               a restore or a hand edit): every record has its 'created' row, every\n"
    "               field holds the last value history recorded for it, records deleted\n"
    "               in history are gone, the others are there\n"
    "  -n, --dry-run  with --fix: do it all as for real, then write nothing\n"
    "  -q, --quiet  print nothing; the exit status tells\n"
    "  -f, --format F  one record per finding: file,line,status,message (status:\n"
    "               error, or fixed); table, csv, tsv, json or ndjson\n"
    "Prints one line per finding, FILE:LINE: what is wrong (fixed ones say 'fixed:').\n"
    "Reads every file as it stood at one moment: waits for a command that is writing\n"
    "once, at most SALES_LOCK_TIMEOUT seconds (default 10).\n"
    "Exit status 0: nothing wrong (any more); 1: findings remain, or the lock was not\n"
    "free in time.\n";

struct ctx {
    int quiet;
    struct out *o; /* -f: one record per finding */
};

static void
emit(void *vctx, const char *file, long line, const char *msg, int fixed)
{
    struct ctx *c = vctx;
    if (c->quiet)
        return;
    if (c->o) {
        char ln[24] = "";
        if (file && line > 0)
            snprintf(ln, sizeof ln, "%ld", line);
        out_row(c->o, (const char *[]){file ? file : "", ln, fixed ? "fixed" : "error", msg});
        return;
    }
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
                                         CLI_FORMAT_LONGOPT,
                                         CLI_DRY_RUN_LONGOPT,
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
    while ((ch = getopt_long(argc, argv, "D:hf:nq", opts, NULL)) != -1) {
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
    if (c.dry_run && !fix)
        cli_usage(&c, "-n/--dry-run goes with --fix");
    if (store_open_lenient(&c.store, c.data_opt, c.prog, &cfg, &c.err))
        cli_fail(&c, &c.err);
    c.have_store = 1;
    c.store.dry_run = c.dry_run;
    if (c.fmt_given && !ctx.quiet) {
        ctx.o = cli_out(&c);
        out_add_col(ctx.o, "file", OT_TEXT);
        out_add_col(ctx.o, "line", OT_INT);
        out_add_col(ctx.o, "status", OT_TEXT);
        out_add_col(ctx.o, "message", OT_TEXT);
    }
    if (history ? check_history(&c.store, emit, &ctx, &n, &c.err)
                : check_run(&c.store, &cfg, fix, emit, &ctx, &n, &c.err))
        cli_fail(&c, &c.err);
    if (ctx.o)
        cli_out_end(&c, ctx.o);
    if (fix && n.fixed && !ctx.quiet)
        fprintf(stderr, "%s: fixed %zu finding%s; %zu left\n", c.prog, n.fixed,
                n.fixed == 1 ? "" : "s", n.findings);
    return cli_exit(&c, n.findings ? 1 : 0);
}
