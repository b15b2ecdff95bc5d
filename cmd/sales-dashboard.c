/* sales-dashboard — the morning view: KPIs, sparklines, the funnel and the deals at risk; --html
 * FILE, one page of SVG charts. */
#include <getopt.h>

#include "cli.h"
#include "dashboard.h"

static const char usage[] = "usage: sales-dashboard [-D DIR] [--period PERIOD] [--html FILE]\n";
static const char help[] =
    "\n  --period P       a month or a quarter (default: the current fiscal quarter),\n"
    "                   shown against the one before, with sparklines of the last 12\n"
    "  --html FILE      write one self-contained HTML page of SVG charts instead\n"
    "                   (no script, no network; \"-\" is standard output)\n"
    "Figures are the reports' own: perf-report, quota-report, pipeline-show,\n"
    "nps-report, retention-report --mrr, activity-report and forecast.\n";

enum { OPT_HTML = CLI_FIRST_PRIVATE };

int
main(int argc, char **argv)
{
    static const struct option opts[] = {CLI_LONGOPTS,
                                         {"period", required_argument, NULL, FILTER_PERIOD},
                                         {"html", required_argument, NULL, OPT_HTML},
                                         {NULL, 0, NULL, 0}};
    const char *html = NULL;
    struct cli c;
    int ch;

    cli_init(&c, "sales-dashboard", usage, help);
    while ((ch = getopt_long(argc, argv, "D:h", opts, NULL)) != -1) {
        if (ch == OPT_HTML)
            html = optarg;
        else
            cli_option(&c, ch, optarg);
    }
    argc -= optind;
    argv += optind;
    cli_operands(&c, argc, argv, 0, 0);
    struct store *s = cli_open(&c);
    struct dashboard *d = dashboard_new(s, &c.filter, html != NULL, &c.err);
    if (!d)
        cli_fail(&c, &c.err);
    int rc =
        html ? dashboard_html(d, html, &c.err) : dashboard_print(d, stdout, cli_color(&c), &c.err);
    dashboard_free(d);
    if (rc)
        cli_fail(&c, &c.err);
    return cli_exit(&c, 0);
}
