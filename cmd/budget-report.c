/* budget-report — budget plan vs. actual; --roi: spend vs. revenue per channel, ROI, CAC. */
#include <getopt.h>

#include "budget.h"
#include "cli.h"

static const char usage[] =
    "usage: budget-report [-D DIR] [-f FORMAT] [--by category|channel|period] [--roi]\n"
    "                     [--period PERIOD | --since DATE [--until DATE]]\n"
    "                     [--where 'FIELD OP VALUE'] ...\n";
static const char help[] =
    "\n  --by KEY         group by category (default), channel or period\n"
    "  --roi            per channel: spend, revenue won from deals of that source, roi,\n"
    "                   new customers, cac\n"
    "  --period P       budget lines of this period (default: the current fiscal quarter)\n"
    "  -f, --format F   table, csv, tsv, json or ndjson\n"
    "Columns: category,planned,actual,variance,variance_pct;\n"
    "--roi: channel,spend,revenue,roi,new_customers,cac.\n";

enum { OPT_BY = CLI_FIRST_PRIVATE, OPT_ROI };

int
main(int argc, char **argv)
{
    static const struct option opts[] = {CLI_LONGOPTS,
                                         CLI_FORMAT_LONGOPT,
                                         CLI_WINDOW_LONGOPTS,
                                         {"by", required_argument, NULL, OPT_BY},
                                         {"roi", no_argument, NULL, OPT_ROI},
                                         {NULL, 0, NULL, 0}};
    enum budget_by by = BUDGET_BY_CATEGORY;
    int roi = 0, by_given = 0;
    struct cli c;
    int ch;

    cli_init(&c, "budget-report", usage, help);
    while ((ch = getopt_long(argc, argv, "D:hf:", opts, NULL)) != -1) {
        if (ch == OPT_BY) {
            if (budget_by_parse(optarg, &by))
                cli_failf(&c, "bad --by '%s' (expected category, channel or period)", optarg);
            by_given = 1;
        } else if (ch == OPT_ROI) {
            roi = 1;
        } else {
            cli_option(&c, ch, optarg);
        }
    }
    argc -= optind;
    argv += optind;
    cli_operands(&c, argc, argv, 0, 0);
    if (roi && by_given)
        cli_usage(&c, "--roi is per channel: no --by with it");
    struct store *s = cli_open(&c);
    struct out *o = cli_out(&c);
    if (roi ? report_roi(s, &c.filter, o, &c.err) : report_budget(s, &c.filter, by, o, &c.err))
        cli_fail(&c, &c.err);
    cli_out_end(&c, o);
    return cli_exit(&c, 0);
}
