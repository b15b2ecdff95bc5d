/* subscription-list — list subscriptions, filtered, sorted, in any output format. */
#include "schema.h"
#include "verbs.h"

static const char usage[] =
    "usage: subscription-list [-D DIR] [-f FORMAT] [-c COLUMNS] [--sort FIELD,...] [--limit N]\n"
    "                         [--account ID,...] [--plan PLAN,...] [--active [DATE]]\n"
    "                         [--since DATE] [--until DATE] [--period PERIOD]\n"
    "                         [--where 'FIELD OP VALUE'] ...\n";

int
main(int argc, char **argv)
{
    static const char *const match[] = {"account", "plan", NULL};
    static const struct list_hooks hooks = {match, "start", "end"};
    return verb_list_with(argc, argv, &schema_subscriptions, usage, &hooks);
}
