/* rep-add — add reps (the sales team): one from flags, or many from standard input. */
#include "schema.h"
#include "verbs.h"

static const char usage[] =
    "usage: rep-add [-D DIR] [--name NAME] [--email EMAIL] [--team TEAM] [--manager REP]\n"
    "               [--role ROLE] [--territory TERRITORY] [--hired DATE] [--active yes|no]\n"
    "               [--set FIELD=VALUE] [-n] ID\n"
    "       rep-add [-D DIR] [--FIELD VALUE ...] -\n";

int
main(int argc, char **argv)
{
    return verb_add(argc, argv, &schema_reps, usage);
}
