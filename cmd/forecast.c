/* forecast — what will we book (a time-series forecast of bookings) and what is in the pipeline. */
#include <getopt.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "reports.h"

static const char usage[] =
    "usage: forecast [-D DIR] [-f FORMAT] --pipeline [--by month|quarter|year] [--horizon N]\n"
    "                [--owner REP] [--team TEAM] [--segment SEGMENT] [--source SOURCE]\n"
    "                [--where 'FIELD OP VALUE'] ...\n";
static const char help[] =
    "\n  --pipeline       what is in the pipeline, per period of expected close\n"
    "  --by KIND        month, quarter (default) or year\n"
    "  --horizon N      periods from the current one (default 4; 6 for months)\n"
    "  -f, --format F   table, csv, tsv, json or ndjson\n"
    "Columns: period,closed,commit,best_case,pipeline,weighted; commit and best_case\n"
    "include closed, best_case includes commit; rows \"overdue\" and \"undated\" hold\n"
    "open deals whose close date is before the current period, or not set.\n";

enum { OPT_PIPELINE = CLI_FIRST_PRIVATE, OPT_HORIZON };

int
main(int argc, char **argv)
{
    static const struct option opts[] = {CLI_LONGOPTS,
                                         CLI_FORMAT_LONGOPT,
                                         {"pipeline", no_argument, NULL, OPT_PIPELINE},
                                         {"by", required_argument, NULL, 'b'},
                                         {"horizon", required_argument, NULL, OPT_HORIZON},
                                         {"owner", required_argument, NULL, FILTER_OWNER},
                                         {"team", required_argument, NULL, FILTER_TEAM},
                                         {"segment", required_argument, NULL, FILTER_SEGMENT},
                                         {"source", required_argument, NULL, FILTER_SOURCE},
                                         {"where", required_argument, NULL, FILTER_WHERE},
                                         {NULL, 0, NULL, 0}};
    enum period_kind by = PERIOD_QUARTER;
    struct cli c;
    int ch, pipeline = 0, horizon = 0;
    char *end;

    cli_init(&c, "forecast", usage, help);
    while ((ch = getopt_long(argc, argv, "D:hf:", opts, NULL)) != -1) {
        switch (ch) {
        case OPT_PIPELINE:
            pipeline = 1;
            break;
        case 'b':
            if (period_kind_parse(optarg, &by) || by == PERIOD_WEEK)
                cli_failf(&c, "bad --by '%s' (expected month, quarter or year)", optarg);
            break;
        case OPT_HORIZON:
            horizon = (int)strtol(optarg, &end, 10);
            if (*end || end == optarg || horizon < 1 || horizon > 120)
                cli_failf(&c, "bad --horizon '%s' (expected 1 to 120)", optarg);
            break;
        default:
            cli_option(&c, ch, optarg);
        }
    }
    argc -= optind;
    argv += optind;
    cli_operands(&c, argc, argv, 0, 0);
    if (!pipeline)
        cli_usage(&c, "the bookings forecast is not built yet; use --pipeline");
    if (!horizon)
        horizon = by == PERIOD_MONTH ? 6 : 4;
    struct store *s = cli_open(&c);
    struct out *o = cli_out(&c);
    if (report_forecast_pipeline(s, &c.filter, by, horizon, o, &c.err))
        cli_fail(&c, &c.err);
    cli_out_end(&c, o);
    return cli_exit(&c, 0);
}
