/* account-update — change fields of accounts, recorded in history.csv. */
#include "schema.h"
#include "verbs.h"

static const char usage[] =
    "usage: account-update [-D DIR] [-n] [--name NAME] [--owner REP] [--segment SEGMENT]\n"
    "                      [--FIELD VALUE ...] [--set FIELD=VALUE ...] [--add-column] ID ... | -\n";

int
main(int argc, char **argv)
{
    return verb_update(argc, argv, &schema_accounts, usage);
}
