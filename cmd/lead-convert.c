/* lead-convert — turn a lead into an account, a contact and a deal; print their ids. */
#include <getopt.h>
#include <stdio.h>

#include "cli.h"
#include "lifecycle.h"

static const char usage[] =
    "usage: lead-convert [-D DIR] [-n] [--name DEAL] [--amount AMOUNT] [--close DATE]\n"
    "                    [--stage STAGE] [--owner REP] [--no-deal] ID\n";
static const char help[] =
    "\n  --name DEAL       the deal's name (default: the lead's company)\n"
    "  --amount AMOUNT   the deal's amount\n"
    "  --close DATE      its expected close date\n"
    "  --stage STAGE     its stage (default: the first)\n"
    "  --owner REP       owner of what is made (default: the lead's owner)\n"
    "  --no-deal         make the account and contact only\n"
    "  -n, --dry-run     do it all as for real, then write nothing\n"
    "Prints the account, contact and deal ids, one per line; an account with the\n"
    "lead's email domain (or company name) and a contact with its email are reused.\n";

int
main(int argc, char **argv)
{
    static const struct option opts[] = {CLI_LONGOPTS,
                                         CLI_DRY_RUN_LONGOPT,
                                         {"name", required_argument, NULL, 'm'},
                                         {"amount", required_argument, NULL, 'a'},
                                         {"close", required_argument, NULL, 'c'},
                                         {"stage", required_argument, NULL, 's'},
                                         {"owner", required_argument, NULL, 'o'},
                                         {"no-deal", no_argument, NULL, 'N'},
                                         {NULL, 0, NULL, 0}};
    struct convert_opts o = {0};
    struct convert_result res;
    struct cli c;
    int ch;

    cli_init(&c, "lead-convert", usage, help);
    while ((ch = getopt_long(argc, argv, "D:hn", opts, NULL)) != -1) {
        switch (ch) {
        case 'm':
            o.deal_name = optarg;
            break;
        case 'a':
            o.amount = optarg;
            break;
        case 'c':
            o.close = optarg;
            break;
        case 's':
            o.stage = optarg;
            break;
        case 'o':
            o.owner = optarg;
            break;
        case 'N':
            o.no_deal = 1;
            break;
        default:
            cli_option(&c, ch, optarg);
        }
    }
    argc -= optind;
    argv += optind;
    cli_operands(&c, argc, argv, 1, 1);
    if (o.no_deal && (o.deal_name || o.amount || o.close || o.stage))
        cli_usage(&c, "--no-deal with deal fields");
    struct store *s = cli_open(&c);
    if (lead_convert(s, argv[0], &o, &res, &c.err))
        cli_fail(&c, &c.err);
    printf("%s\n", res.account);
    if (*res.contact)
        printf("%s\n", res.contact);
    if (*res.deal)
        printf("%s\n", res.deal);
    return cli_exit(&c, 0);
}
