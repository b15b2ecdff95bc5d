/* activity-report — activities per rep, type or channel; touches per open deal; channel mix per account; the stale list. */
#include <getopt.h>
#include <stdlib.h>

#include "activity.h"
#include "cli.h"

static const char usage[] =
    "usage: activity-report [-D DIR] [-f FORMAT] [--by rep|type|channel|deal|account]\n"
    "                       [--owner REP] [--team TEAM] [--since DATE] [--until DATE]\n"
    "                       [--period PERIOD] [--where 'FIELD OP VALUE'] ...\n"
    "       activity-report [-D DIR] [-f FORMAT] --stale [--days N] [--owner REP]\n"
    "                       [--team TEAM] [--where 'FIELD OP VALUE'] ...\n";
static const char help[] =
    "\n  --by KEY         rep (default), type, channel, deal (open deals) or account\n"
    "  --stale          open deals and active accounts with no touch in N days\n"
    "  --days N         N for --stale (default: config.json stale_days)\n"
    "  -f, --format F   table, csv, tsv, json or ndjson\n"
    "  -D, --data DIR   the data directory\n"
    "Dates filter on the activity date; --owner and --team pick the rep, or with\n"
    "--by deal, --by account and --stale the owner of the deal or account.\n"
    "--by rep adds the median lead response time (hours from a lead's created to\n"
    "its first touch) of the leads created in the period, per lead owner.\n";

enum { OPT_BY = CLI_FIRST_PRIVATE, OPT_STALE, OPT_DAYS };

int
main(int argc, char **argv)
{
    static const struct option opts[] = {CLI_LONGOPTS,
                                         CLI_FORMAT_LONGOPT,
                                         FILTER_LONGOPTS,
                                         {"by", required_argument, NULL, OPT_BY},
                                         {"stale", no_argument, NULL, OPT_STALE},
                                         {"days", required_argument, NULL, OPT_DAYS},
                                         {NULL, 0, NULL, 0}};
    enum activity_by by = ACT_BY_REP;
    int stale = 0, by_given = 0, dates = 0, ch;
    long days = 0;
    struct cli c;

    cli_init(&c, "activity-report", usage, help);
    while ((ch = getopt_long(argc, argv, "D:hf:", opts, NULL)) != -1) {
        char *end;
        switch (ch) {
        case OPT_BY:
            if (activity_by_parse(optarg, &by))
                cli_failf(&c, "bad --by '%s' (expected rep, type, channel, deal or account)",
                          optarg);
            by_given = 1;
            break;
        case OPT_STALE:
            stale = 1;
            break;
        case OPT_DAYS:
            days = strtol(optarg, &end, 10);
            if (*end || end == optarg || days < 1 || days > 100000)
                cli_failf(&c, "bad --days '%s' (expected a whole number of days)", optarg);
            break;
        case FILTER_SEGMENT:
        case FILTER_STAGE:
        case FILTER_STATUS:
        case FILTER_SOURCE:
            cli_usage(&c, "%s does not apply to activities", argv[optind - 1]);
        case FILTER_SINCE:
        case FILTER_UNTIL:
        case FILTER_PERIOD:
            dates = 1;
            /* fall through */
        default:
            cli_option(&c, ch, optarg);
        }
    }
    argc -= optind;
    argv += optind;
    cli_operands(&c, argc, argv, 0, 0);
    if (stale && (by_given || dates))
        cli_usage(&c, "--stale takes no --by, --since, --until or --period");
    if (days && !stale)
        cli_usage(&c, "--days goes with --stale");
    struct store *s = cli_open(&c);
    struct out *o = cli_out(&c);
    int rc = stale ? report_stale(s, &c.filter, (int)days, o, &c.err)
                   : report_activity(s, &c.filter, by, o, &c.err);
    if (rc) {
        out_free(o);
        cli_fail(&c, &c.err);
    }
    cli_out_end(&c, o);
    return cli_exit(&c, 0);
}
