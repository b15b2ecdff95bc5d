/* contact-list — list contacts, filtered, sorted, in any output format. */
#include "schema.h"
#include "verbs.h"

static const char usage[] =
    "usage: contact-list [-D DIR] [-f FORMAT] [-c COLUMNS] [--sort FIELD,...] [--limit N]\n"
    "                    [--since DATE] [--until DATE] [--period PERIOD]\n"
    "                    [--where 'FIELD OP VALUE'] ...\n";

int
main(int argc, char **argv)
{
    return verb_list(argc, argv, &schema_contacts, usage);
}
