/* quota-set — set or replace the quota of a rep or a team for a period. */
#include <getopt.h>

#include "cli.h"
#include "lifecycle.h"

static const char usage[] = "usage: quota-set [-D DIR] OWNER PERIOD AMOUNT\n";
static const char help[] =
    "\nOWNER is a rep id or a team name; PERIOD 2026, 2026-Q4, 2026-11, this-quarter, ...\n";

int
main(int argc, char **argv)
{
    static const struct option opts[] = {CLI_LONGOPTS, {NULL, 0, NULL, 0}};
    struct cli c;
    int ch;

    cli_init(&c, "quota-set", usage, help);
    while ((ch = getopt_long(argc, argv, "D:h", opts, NULL)) != -1)
        cli_option(&c, ch, optarg);
    argc -= optind;
    argv += optind;
    cli_operands(&c, argc, argv, 3, 3);
    struct store *s = cli_open(&c);
    if (quota_set(s, argv[0], argv[1], argv[2], &c.err))
        cli_fail(&c, &c.err);
    return cli_exit(&c, 0);
}
