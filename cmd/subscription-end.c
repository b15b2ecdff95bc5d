/* subscription-end — end a running subscription on a date. */
#include <getopt.h>

#include "cli.h"
#include "lifecycle.h"

static const char usage[] = "usage: subscription-end [-D DIR] [-n] [--date DATE] ID\n";
static const char help[] =
    "\n  --date DATE     its end date (default today); not before its start\n"
    "  -n, --dry-run   do it all as for real, then write nothing\n";

int
main(int argc, char **argv)
{
    static const struct option opts[] = {CLI_LONGOPTS,
                                         CLI_DRY_RUN_LONGOPT,
                                         {"date", required_argument, NULL, 'd'},
                                         {NULL, 0, NULL, 0}};
    struct cli c;
    const char *date = NULL;
    int ch;

    cli_init(&c, "subscription-end", usage, help);
    while ((ch = getopt_long(argc, argv, "D:hn", opts, NULL)) != -1) {
        if (ch == 'd')
            date = optarg;
        else
            cli_option(&c, ch, optarg);
    }
    argc -= optind;
    argv += optind;
    cli_operands(&c, argc, argv, 1, 1);
    struct store *s = cli_open(&c);
    sdate d = date ? cli_parse_date(&c, "date", date) : DATE_NONE;
    if (subscription_end(s, argv[0], d, &c.err))
        cli_fail(&c, &c.err);
    return cli_exit(&c, 0);
}
