/* retention-report — customer cohorts (retention triangle, repeat rate, churn) or MRR moves. */
#include <getopt.h>
#include <stdio.h>
#include <string.h>

#include "cli.h"
#include "retention.h"

static const char usage[] =
    "usage: retention-report [-D DIR] [-f FORMAT] [--by month|quarter] [--owner REP]\n"
    "                        [--team TEAM] [--segment SEGMENT] [--source SOURCE]\n"
    "                        [--since DATE] [--until DATE] [--period PERIOD]\n"
    "                        [--where 'FIELD OP VALUE'] ...\n"
    "       retention-report [-D DIR] [-f FORMAT] --mrr [--summary] [--owner REP]\n"
    "                        [--team TEAM] [--segment SEGMENT] [--since DATE] [--until DATE]\n"
    "                        [--period PERIOD] [--where 'FIELD OP VALUE'] ...\n";
static const char help[] =
    "\n  --by KEY         cohorts by month (default) or quarter of the first won deal\n"
    "  --mrr            monthly recurring revenue and its movements (subscriptions.csv)\n"
    "  --summary        with --mrr: only the trailing twelve months' NRR, GRR, ARPA,\n"
    "                   churn rate, LTV and CAC\n"
    "  -f, --format F   table, csv, tsv, json or ndjson\n"
    "  -D, --data DIR   the data directory\n"
    "Cohorts: cohort,accounts,repeat_rate,churned,m1,m2,... (the share of the cohort's\n"
    "accounts with a won deal 1, 2, ... periods later); dates choose the cohorts.\n"
    "--mrr: period,mrr,new,expansion,contraction,churn,reactivation,customers,arr; in\n"
    "table format followed by the trailing block, which --summary prints alone:\n"
    "period,nrr,grr,arpa,churn_rate,ltv,new_customers,spend,cac.\n";

enum { OPT_BY = CLI_FIRST_PRIVATE, OPT_MRR, OPT_SUMMARY };

int
main(int argc, char **argv)
{
    static const struct option opts[] = {CLI_LONGOPTS,
                                         CLI_FORMAT_LONGOPT,
                                         FILTER_LONGOPTS,
                                         {"by", required_argument, NULL, OPT_BY},
                                         {"mrr", no_argument, NULL, OPT_MRR},
                                         {"summary", no_argument, NULL, OPT_SUMMARY},
                                         {NULL, 0, NULL, 0}};
    enum period_kind by = PERIOD_MONTH;
    int mrr = 0, summary = 0, by_given = 0, source = 0, ch, rc;
    struct cli c;

    cli_init(&c, "retention-report", usage, help);
    while ((ch = getopt_long(argc, argv, "D:hf:", opts, NULL)) != -1) {
        switch (ch) {
        case OPT_BY:
            if (strcmp(optarg, "month") == 0)
                by = PERIOD_MONTH;
            else if (strcmp(optarg, "quarter") == 0)
                by = PERIOD_QUARTER;
            else
                cli_failf(&c, "bad --by '%s' (expected month or quarter)", optarg);
            by_given = 1;
            break;
        case OPT_MRR:
            mrr = 1;
            break;
        case OPT_SUMMARY:
            summary = 1;
            break;
        case FILTER_STAGE:
        case FILTER_STATUS:
            cli_usage(&c, "%s does not apply to retention-report", argv[optind - 1]);
        case FILTER_SOURCE:
            source = 1;
            /* fall through */
        default:
            cli_option(&c, ch, optarg);
        }
    }
    argc -= optind;
    argv += optind;
    cli_operands(&c, argc, argv, 0, 0);
    if (mrr && by_given)
        cli_usage(&c, "--by goes with the cohorts, not --mrr (months only)");
    if (mrr && source)
        cli_usage(&c, "--source does not apply to --mrr (subscriptions have no source)");
    if (summary && !mrr)
        cli_usage(&c, "--summary goes with --mrr");
    struct store *s = cli_open(&c);
    struct out *o = cli_out(&c);
    if (!mrr) {
        rc = report_cohorts(s, &c.filter, by, o, &c.err);
    } else if (summary) {
        rc = report_mrr(s, &c.filter, NULL, o, &c.err);
    } else if (c.fmt == OUT_TABLE) { /* the months, then the trailing block below them */
        struct out *t = cli_out(&c);
        rc = report_mrr(s, &c.filter, o, t, &c.err);
        if (rc == 0) {
            cli_out_end(&c, o);
            putchar('\n');
            o = t;
        } else {
            out_free(t);
        }
    } else {
        rc = report_mrr(s, &c.filter, o, NULL, &c.err);
    }
    if (rc) {
        out_free(o);
        cli_fail(&c, &c.err);
    }
    cli_out_end(&c, o);
    return cli_exit(&c, 0);
}
