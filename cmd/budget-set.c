/* budget-set — set or replace a budget line: one per period, category and channel. */
#include <getopt.h>

#include "cli.h"
#include "lifecycle.h"

static const char usage[] =
    "usage: budget-set [-D DIR] [-n] [--channel CHANNEL] [--planned AMOUNT] [--actual AMOUNT]\n"
    "                  PERIOD CATEGORY\n";
static const char help[] =
    "\nPERIOD 2026, 2026-Q4, 2026-11, this-month, ...; CATEGORY a spend category\n"
    "  --channel CHANNEL   the marketing channel (a lead source); default none\n"
    "  --planned AMOUNT    the planned spend\n"
    "  --actual AMOUNT     the actual spend\n"
    "  -n, --dry-run       do it all as for real, then write nothing\n"
    "An empty AMOUNT clears it; a field not given keeps its value.\n";

int
main(int argc, char **argv)
{
    static const struct option opts[] = {CLI_LONGOPTS,
                                         CLI_DRY_RUN_LONGOPT,
                                         {"channel", required_argument, NULL, 'c'},
                                         {"planned", required_argument, NULL, 'p'},
                                         {"actual", required_argument, NULL, 'a'},
                                         {NULL, 0, NULL, 0}};
    struct cli c;
    struct fieldset rec = {0};
    const char *channel = "";
    int ch, fields = 0;

    cli_init(&c, "budget-set", usage, help);
    while ((ch = getopt_long(argc, argv, "D:hn", opts, NULL)) != -1) {
        if (ch == 'c') {
            channel = optarg;
        } else if (ch == 'p' || ch == 'a') {
            fieldset_set(&rec, ch == 'p' ? "planned" : "actual", optarg);
            fields++;
        } else {
            cli_option(&c, ch, optarg);
        }
    }
    argc -= optind;
    argv += optind;
    cli_operands(&c, argc, argv, 2, 2);
    if (!fields)
        cli_usage(&c, "nothing to set (give --planned, --actual or both)");
    struct store *s = cli_open(&c);
    if (!*argv[1])
        cli_failf(&c, "empty category");
    fieldset_set(&rec, "period", argv[0]);
    fieldset_set(&rec, "category", argv[1]);
    fieldset_set(&rec, "channel", channel);
    if (record_set(s, &schema_budget, &rec, &c.err))
        cli_fail(&c, &c.err);
    fieldset_release(&rec);
    return cli_exit(&c, 0);
}
