/* rep-list — list the sales team. */
#include "schema.h"
#include "verbs.h"

static const char usage[] =
    "usage: rep-list [-D DIR] [-f FORMAT] [-c COLUMNS] [--sort FIELD,...] [--limit N]\n"
    "                [--owner REP] [--team TEAM] [--since DATE] [--until DATE]\n"
    "                [--period PERIOD] [--where 'FIELD OP VALUE'] ...\n";

int
main(int argc, char **argv)
{
    return verb_list(argc, argv, &schema_reps, usage);
}
