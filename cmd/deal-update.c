/* deal-update — change fields of deals, recorded in history.csv. */
#include "schema.h"
#include "verbs.h"

static const char usage[] =
    "usage: deal-update [-D DIR] [-n] [--stage STAGE] [--amount AMOUNT] [--close DATE] [--FIELD VALUE ...]\n"
    "                   [--set FIELD=VALUE ...] [--add-column] ID ... | -\n";

int
main(int argc, char **argv)
{
    return verb_update(argc, argv, &schema_deals, usage);
}
