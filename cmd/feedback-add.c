/* feedback-add — record customer feedback: one from flags, or many as CSV or JSON records from
 * standard input. */
#include "schema.h"
#include "verbs.h"

static const char usage[] =
    "usage: feedback-add [-D DIR] --score 0-10 [--account ID] [--contact ID] [--channel CHANNEL]\n"
    "                    [--comment TEXT] [--date WHEN] [--set FIELD=VALUE] [-n]\n"
    "       feedback-add [-D DIR] [--FIELD VALUE ...] -\n";

int
main(int argc, char **argv)
{
    static const char *const defaults[] = {"date", "now", NULL};
    static const struct verb_hooks hooks = {NULL, defaults, NULL};
    return verb_add_with(argc, argv, &schema_feedback, usage, &hooks);
}
