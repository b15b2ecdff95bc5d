/* budget-list — list budget lines, filtered, sorted, in any output format. */
#include "schema.h"
#include "verbs.h"

static const char usage[] =
    "usage: budget-list [-D DIR] [-f FORMAT] [-c COLUMNS] [--sort FIELD,...] [--limit N]\n"
    "                   [--period PERIOD,...] [--category CATEGORY,...] [--channel CHANNEL,...]\n"
    "                   [--where 'FIELD OP VALUE'] ...\n";

int
main(int argc, char **argv)
{
    static const char *const match[] = {"period", "category", "channel", NULL};
    static const struct list_hooks hooks = {match, NULL, NULL};
    return verb_list_with(argc, argv, &schema_budget, usage, &hooks);
}
