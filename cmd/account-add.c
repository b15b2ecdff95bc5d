/* account-add — add accounts: one from flags, or many as CSV or JSON records from standard input. */
#include "schema.h"
#include "verbs.h"

static const char usage[] =
    "usage: account-add [-D DIR] --name NAME [--domain DOMAIN] [--segment SEGMENT] [--industry TEXT]\n"
    "                          [--owner REP] [--notes TEXT] [--set FIELD=VALUE] [-n]\n"
    "       account-add [-D DIR] [--FIELD VALUE ...] -\n";

int
main(int argc, char **argv)
{
    return verb_add(argc, argv, &schema_accounts, usage);
}
