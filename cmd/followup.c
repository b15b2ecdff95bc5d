/* followup — open tasks and due follow-ups (overdue first), and open deals with no next step. */
#include <getopt.h>
#include <string.h>

#include "activity.h"
#include "cli.h"

static const char usage[] =
    "usage: followup [-D DIR] [-f FORMAT] [--owner REP] [--team TEAM] [--until DATE]\n"
    "                [--only tasks|deals] [--ics FILE]\n";
static const char help[] =
    "\n  --owner REP      the rep's items (a comma list); deals by their owner\n"
    "  --team TEAM      the items of a team's reps\n"
    "  --until DATE     leave out items due (or scheduled) after DATE: +7d, 2026-12-31\n"
    "  --only WHAT      tasks (open activities) or deals (open deals with no next step)\n"
    "  --ics FILE       also write the items as iCalendar (VTODO, VEVENT); - for stdout\n"
    "  -f, --format F   table, csv, tsv, json or ndjson\n"
    "  -D, --data DIR   the data directory\n"
    "Columns: status,due,overdue_days,rep,id,type,subject,regarding,name,last_touch.\n"
    "status is overdue, today, upcoming, open (no due date) or no-next-step.\n";

enum { OPT_UNTIL = CLI_FIRST_PRIVATE, OPT_ONLY, OPT_ICS };

int
main(int argc, char **argv)
{
    static const struct option opts[] = {CLI_LONGOPTS,
                                         CLI_FORMAT_LONGOPT,
                                         {"owner", required_argument, NULL, FILTER_OWNER},
                                         {"team", required_argument, NULL, FILTER_TEAM},
                                         {"until", required_argument, NULL, OPT_UNTIL},
                                         {"only", required_argument, NULL, OPT_ONLY},
                                         {"ics", required_argument, NULL, OPT_ICS},
                                         {NULL, 0, NULL, 0}};
    struct followup_opts fo = {NULL, DATE_NONE, FOLLOWUP_ALL, NULL};
    const char *until = NULL;
    struct cli c;
    int ch;

    cli_init(&c, "followup", usage, help);
    while ((ch = getopt_long(argc, argv, "D:hf:", opts, NULL)) != -1) {
        if (ch == OPT_UNTIL) {
            until = optarg;
        } else if (ch == OPT_ONLY) {
            if (strcmp(optarg, "tasks") == 0)
                fo.only = FOLLOWUP_TASKS;
            else if (strcmp(optarg, "deals") == 0)
                fo.only = FOLLOWUP_DEALS;
            else
                cli_failf(&c, "bad --only '%s' (expected tasks or deals)", optarg);
        } else if (ch == OPT_ICS) {
            fo.ics_path = optarg;
        } else {
            cli_option(&c, ch, optarg);
        }
    }
    argc -= optind;
    argv += optind;
    cli_operands(&c, argc, argv, 0, 0);
    struct store *s = cli_open(&c);
    if (until)
        fo.until = cli_parse_date(&c, "until", until);
    fo.owners = &c.filter;
    int to_stdout = fo.ics_path && strcmp(fo.ics_path, "-") == 0;
    struct out *o = to_stdout ? NULL : cli_out(&c);
    if (report_followup(s, &fo, o, &c.err)) {
        out_free(o);
        cli_fail(&c, &c.err);
    }
    if (o)
        cli_out_end(&c, o);
    return cli_exit(&c, 0);
}
