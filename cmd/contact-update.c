/* contact-update — change fields of contacts, recorded in history.csv. */
#include "schema.h"
#include "verbs.h"

static const char usage[] =
    "usage: contact-update [-D DIR] [-n] [--name NAME] [--account ID] [--email EMAIL]\n"
    "                      [--FIELD VALUE ...] [--set FIELD=VALUE ...] [--add-column] ID ... | -\n";

int
main(int argc, char **argv)
{
    return verb_update(argc, argv, &schema_contacts, usage);
}
