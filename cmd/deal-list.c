/* deal-list — list deals, filtered, sorted, in any output format. */
#include "schema.h"
#include "verbs.h"

static const char usage[] =
    "usage: deal-list [-D DIR] [-f FORMAT] [-c COLUMNS] [--sort FIELD,...] [--limit N]\n"
    "                 [--owner REP] [--team TEAM] [--segment SEGMENT] [--stage STAGE] [--source SOURCE]\n"
    "                 [--since DATE] [--until DATE] [--period PERIOD]\n"
    "                 [--where 'FIELD OP VALUE'] ...\n";

int
main(int argc, char **argv)
{
    return verb_list(argc, argv, &schema_deals, usage);
}
