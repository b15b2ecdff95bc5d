/* feedback-list — list customer feedback, filtered, sorted, in any output format. */
#include "schema.h"
#include "verbs.h"

static const char usage[] =
    "usage: feedback-list [-D DIR] [-f FORMAT] [-c COLUMNS] [--sort FIELD,...] [--limit N]\n"
    "                     [--account ID,...] [--contact ID,...] [--channel CHANNEL,...]\n"
    "                     [--since DATE] [--until DATE] [--period PERIOD]\n"
    "                     [--where 'FIELD OP VALUE'] ...\n";

int
main(int argc, char **argv)
{
    static const char *const match[] = {"account", "contact", "channel", NULL};
    static const struct list_hooks hooks = {match, NULL, NULL};
    return verb_list_with(argc, argv, &schema_feedback, usage, &hooks);
}
