/* account-list — list accounts, filtered, sorted, in any output format. */
#include "schema.h"
#include "verbs.h"

static const char usage[] =
    "usage: account-list [-D DIR] [-f FORMAT] [-c COLUMNS] [--sort FIELD,...] [--limit N]\n"
    "                    [--owner REP] [--team TEAM] [--segment SEGMENT] [--since DATE]\n"
    "                    [--until DATE] [--period PERIOD] [--where 'FIELD OP VALUE'] ...\n";

int
main(int argc, char **argv)
{
    return verb_list(argc, argv, &schema_accounts, usage);
}
