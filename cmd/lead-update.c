/* lead-update — change fields of leads, recorded in history.csv. */
#include "schema.h"
#include "verbs.h"

static const char usage[] =
    "usage: lead-update [-D DIR] [-n] [--status STATUS] [--owner REP] [--FIELD VALUE ...]\n"
    "                   [--set FIELD=VALUE ...] [--add-column] ID ... | -\n";

int
main(int argc, char **argv)
{
    return verb_update(argc, argv, &schema_leads, usage);
}
