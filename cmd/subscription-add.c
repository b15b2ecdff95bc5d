/* subscription-add — add subscriptions: one from flags, or many as records from standard input. */
#include "schema.h"
#include "verbs.h"

static const char usage[] =
    "usage: subscription-add [-D DIR] --account ID --plan PLAN --mrr AMOUNT --start DATE\n"
    "                        [--end DATE] [--set FIELD=VALUE] [-n]\n"
    "       subscription-add [-D DIR] [--FIELD VALUE ...] -\n";

int
main(int argc, char **argv)
{
    return verb_add(argc, argv, &schema_subscriptions, usage);
}
