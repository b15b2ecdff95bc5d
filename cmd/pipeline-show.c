/* pipeline-show — open deals per stage (or owner, segment, source, month), with funnel bars. */
#include <getopt.h>

#include "cli.h"
#include "reports.h"

static const char usage[] =
    "usage: pipeline-show [-D DIR] [-f FORMAT] [--by stage|owner|segment|source|month]\n"
    "                     [--owner REP] [--team TEAM] [--segment SEGMENT] [--stage STAGE]\n"
    "                     [--source SOURCE] [--since DATE] [--until DATE] [--period PERIOD]\n"
    "                     [--where 'FIELD OP VALUE'] ...\n";
static const char help[] =
    "\n  --by KEY         group by stage (default), owner, segment, source or close month\n"
    "  -f, --format F   table, csv, tsv, json or ndjson\n"
    "Columns: stage,deals,amount,weighted,avg_age_days,stale. Dates filter on the\n"
    "expected close date. A deal is stale when it sat in its stage longer than the\n"
    "stage's rotten_days (else config.json stale_days).\n";

int
main(int argc, char **argv)
{
    static const struct option opts[] = {CLI_LONGOPTS,
                                         CLI_FORMAT_LONGOPT,
                                         FILTER_LONGOPTS,
                                         {"by", required_argument, NULL, 'b'},
                                         {NULL, 0, NULL, 0}};
    enum pipeline_by by = BY_STAGE;
    struct cli c;
    int ch;

    cli_init(&c, "pipeline-show", usage, help);
    while ((ch = getopt_long(argc, argv, "D:hf:", opts, NULL)) != -1) {
        if (ch == 'b') {
            if (pipeline_by_parse(optarg, &by))
                cli_failf(&c, "bad --by '%s' (expected stage, owner, segment, source or month)",
                          optarg);
        } else if (ch == FILTER_STATUS) {
            cli_usage(&c, "--status does not apply to deals");
        } else {
            cli_option(&c, ch, optarg);
        }
    }
    argc -= optind;
    argv += optind;
    cli_operands(&c, argc, argv, 0, 0);
    struct store *s = cli_open(&c);
    struct out *o = cli_out(&c);
    if (report_pipeline(s, &c.filter, by, o, &c.err))
        cli_fail(&c, &c.err);
    cli_out_end(&c, o);
    return cli_exit(&c, 0);
}
