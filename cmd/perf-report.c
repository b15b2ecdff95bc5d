/* perf-report — team performance per rep, team, segment, source, month, quarter or tenure. */
#include <getopt.h>

#include "cli.h"
#include "perf.h"

static const char usage[] =
    "usage: perf-report [-D DIR] [-f FORMAT] [--by rep|team|segment|source|month|quarter|tenure]\n"
    "                   [--by-amount] [--funnel] [--period PERIOD | --since DATE [--until DATE]]\n"
    "                   [--owner REP] [--team TEAM] [--segment SEGMENT] [--source SOURCE]\n"
    "                   [--where 'FIELD OP VALUE'] ...\n";
static const char help[] =
    "\n  --by KEY         group by rep (default), team, segment, source, month, quarter\n"
    "                   or tenure (months since hired: 0-3, 3-6, 6-12, 12+)\n"
    "  --by-amount      win rate by amount instead of by count\n"
    "  --funnel         stage-to-stage conversion per owner, with the team's beside it\n"
    "  --period P       the period (default: the current fiscal quarter)\n"
    "  -f, --format F   table, csv, tsv, json or ndjson\n"
    "Columns: owner,won,won_amount,lost,win_rate,avg_deal,cycle_days,open,pipeline,\n"
    "velocity,activities,response_hours,attainment.\n"
    "Funnel columns: owner,stage,entered,passed,conversion,team_conversion.\n";

enum { OPT_BY = CLI_FIRST_PRIVATE, OPT_BY_AMOUNT, OPT_FUNNEL };

int
main(int argc, char **argv)
{
    static const struct option opts[] = {CLI_LONGOPTS,
                                         CLI_FORMAT_LONGOPT,
                                         {"owner", required_argument, NULL, FILTER_OWNER},
                                         {"team", required_argument, NULL, FILTER_TEAM},
                                         {"segment", required_argument, NULL, FILTER_SEGMENT},
                                         {"source", required_argument, NULL, FILTER_SOURCE},
                                         CLI_WINDOW_LONGOPTS,
                                         {"by", required_argument, NULL, OPT_BY},
                                         {"by-amount", no_argument, NULL, OPT_BY_AMOUNT},
                                         {"funnel", no_argument, NULL, OPT_FUNNEL},
                                         {NULL, 0, NULL, 0}};
    struct perf_opts po = {PERF_BY_REP, 0};
    int funnel = 0, by_given = 0;
    struct cli c;
    int ch;

    cli_init(&c, "perf-report", usage, help);
    while ((ch = getopt_long(argc, argv, "D:hf:", opts, NULL)) != -1) {
        if (ch == OPT_BY) {
            if (perf_by_parse(optarg, &po.by))
                cli_failf(&c,
                          "bad --by '%s' (expected rep, team, segment, source, month, quarter "
                          "or tenure)",
                          optarg);
            by_given = 1;
        } else if (ch == OPT_BY_AMOUNT) {
            po.by_amount = 1;
        } else if (ch == OPT_FUNNEL) {
            funnel = 1;
        } else {
            cli_option(&c, ch, optarg);
        }
    }
    argc -= optind;
    argv += optind;
    cli_operands(&c, argc, argv, 0, 0);
    if (funnel && (by_given || po.by_amount))
        cli_usage(&c, "--funnel is per owner: no --by or --by-amount with it");
    struct store *s = cli_open(&c);
    struct out *o = cli_out(&c);
    if (funnel ? report_funnel(s, &c.filter, o, &c.err) : report_perf(s, &c.filter, &po, o, &c.err))
        cli_fail(&c, &c.err);
    cli_out_end(&c, o);
    return cli_exit(&c, 0);
}
