/* activity-done — mark tasks and follow-ups done (or open again with --reopen). */
#include <getopt.h>
#include <stdlib.h>
#include <string.h>

#include "activity.h"
#include "cli.h"
#include "text.h"

static const char usage[] =
    "usage: activity-done [-D DIR] [-n] [--date WHEN] [--outcome TEXT] ID ...\n"
    "       activity-done [-D DIR] [-n] --reopen ID ...\n";
static const char help[] =
    "\n  --date WHEN      when it was done (default now): a date, a timestamp, today, -1d\n"
    "  --outcome TEXT   set the outcome too\n"
    "  --reopen         clear done: the task is open again\n"
    "  -n, --dry-run    do it all as for real, then write nothing\n"
    "  -D, --data DIR   the data directory\n"
    "An activity already done keeps its done time.\n";

enum { OPT_DATE = CLI_FIRST_PRIVATE, OPT_OUTCOME, OPT_REOPEN };

int
main(int argc, char **argv)
{
    static const struct option opts[] = {CLI_LONGOPTS,
                                         CLI_DRY_RUN_LONGOPT,
                                         {"date", required_argument, NULL, OPT_DATE},
                                         {"outcome", required_argument, NULL, OPT_OUTCOME},
                                         {"reopen", no_argument, NULL, OPT_REOPEN},
                                         {NULL, 0, NULL, 0}};
    const char *date = NULL, *outcome = NULL;
    int reopen = 0, ch;
    struct cli c;

    cli_init(&c, "activity-done", usage, help);
    while ((ch = getopt_long(argc, argv, "D:hn", opts, NULL)) != -1) {
        if (ch == OPT_DATE)
            date = optarg;
        else if (ch == OPT_OUTCOME)
            outcome = optarg;
        else if (ch == OPT_REOPEN)
            reopen = 1;
        else
            cli_option(&c, ch, optarg);
    }
    argc -= optind;
    argv += optind;
    cli_operands(&c, argc, argv, 1, -1);
    if (reopen && (outcome || date))
        cli_usage(&c, "--reopen takes no --date or --outcome");
    struct store *s = cli_open(&c);
    int k = schema_col(&schema_activities, "done");
    char *when = schema_normalize(&schema_activities.cols[k], date ? date : "now", &s->vc, &c.err);
    char *out = NULL;
    if (!when) { /* "bad done 'X' (...)": the flag the user typed is --date */
        struct err e = c.err; /* (cli_failf writes into c.err) */
        if (strncmp(e.msg, "bad done ", 9) == 0)
            cli_failf(&c, "bad --date %s", e.msg + 9);
        cli_fail(&c, &e);
    }
    if (!*when)
        cli_failf(&c, "empty --date");
    if (outcome) {
        k = schema_col(&schema_activities, "outcome");
        if (!(out = schema_normalize(&schema_activities.cols[k], outcome, &s->vc, &c.err)))
            cli_fail(&c, &c.err);
    }
    if (activity_done(s, argv, (size_t)argc, when, out, reopen, &c.err))
        cli_fail(&c, &c.err);
    free(when);
    free(out);
    return cli_exit(&c, 0);
}
