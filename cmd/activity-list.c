/* activity-list — list activities with the common filters (rep, date, --where). */
#include "schema.h"
#include "verbs.h"

static const char usage[] =
    "usage: activity-list [-D DIR] [-f FORMAT] [-c COLUMNS] [--sort FIELD,...] [--limit N]\n"
    "                     [--owner REP] [--team TEAM] [--since DATE] [--until DATE]\n"
    "                     [--period PERIOD] [--where 'FIELD OP VALUE'] ...\n";

int
main(int argc, char **argv)
{
    return verb_list(argc, argv, &schema_activities, usage);
}
