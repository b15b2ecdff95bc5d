/* nps-report — net promoter score from customer feedback; --comments: the detractors'. */
#include <getopt.h>

#include "cli.h"
#include "nps.h"

static const char usage[] =
    "usage: nps-report [-D DIR] [-f FORMAT] [--by period|month|quarter|segment|account|channel]\n"
    "                  [--comments] [--period PERIOD | --since DATE [--until DATE]]\n"
    "                  [--where 'FIELD OP VALUE'] ...\n";
static const char help[] =
    "\n  --by KEY         group by period (default: the whole window), month, quarter,\n"
    "                   segment (the account's), account or channel\n"
    "  --comments       the detractors' comments, newest first\n"
    "  --period P       feedback dated in this period (default: the current fiscal quarter)\n"
    "  -f, --format F   table, csv, tsv, json or ndjson\n"
    "Columns: period,responses,promoters,passives,detractors,nps;\n"
    "--comments: date,account,contact,score,channel,comment.\n"
    "Promoters score 9-10, passives 7-8, detractors 0-6; NPS = %promoters - %detractors.\n";

enum { OPT_BY = CLI_FIRST_PRIVATE, OPT_COMMENTS };

int
main(int argc, char **argv)
{
    static const struct option opts[] = {CLI_LONGOPTS,
                                         CLI_FORMAT_LONGOPT,
                                         CLI_WINDOW_LONGOPTS,
                                         {"by", required_argument, NULL, OPT_BY},
                                         {"comments", no_argument, NULL, OPT_COMMENTS},
                                         {NULL, 0, NULL, 0}};
    enum nps_by by = NPS_BY_PERIOD;
    int comments = 0, by_given = 0;
    struct cli c;
    int ch;

    cli_init(&c, "nps-report", usage, help);
    while ((ch = getopt_long(argc, argv, "D:hf:", opts, NULL)) != -1) {
        if (ch == OPT_BY) {
            if (nps_by_parse(optarg, &by))
                cli_failf(&c,
                          "bad --by '%s' (expected period, month, quarter, segment, account "
                          "or channel)",
                          optarg);
            by_given = 1;
        } else if (ch == OPT_COMMENTS) {
            comments = 1;
        } else {
            cli_option(&c, ch, optarg);
        }
    }
    argc -= optind;
    argv += optind;
    cli_operands(&c, argc, argv, 0, 0);
    if (comments && by_given)
        cli_usage(&c, "--comments lists comments: no --by with it");
    struct store *s = cli_open(&c);
    struct out *o = cli_out(&c);
    if (comments ? report_nps_comments(s, &c.filter, o, &c.err)
                 : report_nps(s, &c.filter, by, o, &c.err))
        cli_fail(&c, &c.err);
    cli_out_end(&c, o);
    return cli_exit(&c, 0);
}
