/* deal-close — close a deal as won or lost, with the date and the reason. */
#include <getopt.h>
#include <string.h>

#include "cli.h"
#include "lifecycle.h"

static const char usage[] =
    "usage: deal-close [-D DIR] [-n] [--date DATE] [--reason TEXT] [--reopen] ID won|lost\n";
static const char help[] = "\n  --date DATE     the day it was won or lost (default today)\n"
                           "  --reason TEXT   why it was lost (lost_reason)\n"
                           "  --reopen        change the outcome of a deal already won or lost\n"
                           "  -n, --dry-run   do it all as for real, then write nothing\n";

int
main(int argc, char **argv)
{
    static const struct option opts[] = {CLI_LONGOPTS,
                                         CLI_DRY_RUN_LONGOPT,
                                         {"date", required_argument, NULL, 'd'},
                                         {"reason", required_argument, NULL, 'r'},
                                         {"reopen", no_argument, NULL, 'o'},
                                         {NULL, 0, NULL, 0}};
    struct cli c;
    const char *date = NULL, *reason = NULL;
    int ch, reopen = 0;

    cli_init(&c, "deal-close", usage, help);
    while ((ch = getopt_long(argc, argv, "D:hn", opts, NULL)) != -1) {
        if (ch == 'd')
            date = optarg;
        else if (ch == 'r')
            reason = optarg;
        else if (ch == 'o')
            reopen = 1;
        else
            cli_option(&c, ch, optarg);
    }
    argc -= optind;
    argv += optind;
    cli_operands(&c, argc, argv, 2, 2);
    if (strcmp(argv[1], "won") != 0 && strcmp(argv[1], "lost") != 0)
        cli_failf(&c, "bad outcome '%s' (expected won or lost)", argv[1]);
    if (reason && strcmp(argv[1], "won") == 0)
        cli_usage(&c, "--reason is for lost deals");
    struct store *s = cli_open(&c);
    sdate d = date ? cli_parse_date(&c, "date", date) : DATE_NONE;
    if (deal_move(s, argv[0], argv[1], d, reason, reopen, &c.err))
        cli_fail(&c, &c.err);
    return cli_exit(&c, 0);
}
