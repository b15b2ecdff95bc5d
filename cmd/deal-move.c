/* deal-move — move a deal to another stage; the move is recorded in history.csv. */
#include <getopt.h>

#include "cli.h"
#include "lifecycle.h"

static const char usage[] = "usage: deal-move [-D DIR] [-n] [--date DATE] [--reopen] ID STAGE\n";
static const char help[] =
    "\n  --date DATE   the day a move to won or lost happened (default today)\n"
    "  --reopen      allow moving a won or lost deal back into the pipeline\n"
    "  -n, --dry-run do it all as for real, then write nothing\n";

int
main(int argc, char **argv)
{
    static const struct option opts[] = {CLI_LONGOPTS,
                                         CLI_DRY_RUN_LONGOPT,
                                         {"date", required_argument, NULL, 'd'},
                                         {"reopen", no_argument, NULL, 'r'},
                                         {NULL, 0, NULL, 0}};
    struct cli c;
    const char *date = NULL;
    int ch, reopen = 0;

    cli_init(&c, "deal-move", usage, help);
    while ((ch = getopt_long(argc, argv, "D:hn", opts, NULL)) != -1) {
        if (ch == 'd')
            date = optarg;
        else if (ch == 'r')
            reopen = 1;
        else
            cli_option(&c, ch, optarg);
    }
    argc -= optind;
    argv += optind;
    cli_operands(&c, argc, argv, 2, 2);
    struct store *s = cli_open(&c);
    sdate d = date ? cli_parse_date(&c, "date", date) : DATE_NONE;
    if (deal_move(s, argv[0], argv[1], d, NULL, reopen, &c.err))
        cli_fail(&c, &c.err);
    return cli_exit(&c, 0);
}
