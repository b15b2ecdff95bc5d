/* quota-report — quota attainment, gap, pipeline coverage and pace per owner and period. */
#include <getopt.h>

#include "cli.h"
#include "reports.h"

static const char usage[] =
    "usage: quota-report [-D DIR] [-f FORMAT] [--period PERIOD] [--owner REP] [--team TEAM]\n"
    "                    [--segment SEGMENT] [--source SOURCE] [--where 'FIELD OP VALUE'] ...\n";
static const char help[] =
    "\n  --period P       quotas of this period (default: every quota whose period holds today)\n"
    "  --owner, --team  only these quota owners\n"
    "  -f, --format F   table, csv, tsv, json or ndjson\n"
    "Columns: owner,period,quota,won,attainment,gap,pipeline,weighted,coverage,projected,pace.\n"
    "A team's or a manager's numbers roll up from its reps (reps.team, reps.manager).\n";

int
main(int argc, char **argv)
{
    static const struct option opts[] = {CLI_LONGOPTS,
                                         CLI_FORMAT_LONGOPT,
                                         {"owner", required_argument, NULL, FILTER_OWNER},
                                         {"team", required_argument, NULL, FILTER_TEAM},
                                         {"segment", required_argument, NULL, FILTER_SEGMENT},
                                         {"source", required_argument, NULL, FILTER_SOURCE},
                                         {"period", required_argument, NULL, FILTER_PERIOD},
                                         {"where", required_argument, NULL, FILTER_WHERE},
                                         {NULL, 0, NULL, 0}};
    struct cli c;
    int ch;

    cli_init(&c, "quota-report", usage, help);
    while ((ch = getopt_long(argc, argv, "D:hf:", opts, NULL)) != -1)
        cli_option(&c, ch, optarg);
    argc -= optind;
    argv += optind;
    cli_operands(&c, argc, argv, 0, 0);
    struct store *s = cli_open(&c);
    struct out *o = cli_out(&c);
    if (report_quota(s, &c.filter, o, &c.err))
        cli_fail(&c, &c.err);
    cli_out_end(&c, o);
    return cli_exit(&c, 0);
}
