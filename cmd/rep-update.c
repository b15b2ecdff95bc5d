/* rep-update — change fields of reps (the sales team), recorded in history.csv. */
#include "schema.h"
#include "verbs.h"

static const char usage[] =
    "usage: rep-update [-D DIR] [-n] [--active yes|no] [--team TEAM] [--manager REP] [--FIELD VALUE ...]\n"
    "                  [--set FIELD=VALUE ...] [--add-column] ID ... | -\n";

int
main(int argc, char **argv)
{
    return verb_update(argc, argv, &schema_reps, usage);
}
