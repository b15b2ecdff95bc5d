/* activity-log — record interactions: one from flags, or many as CSV or JSON records from standard input. */
#include "activity.h"
#include "schema.h"
#include "verbs.h"

static const char usage[] =
    "usage: activity-log [-D DIR] [--type TYPE] [--channel CHANNEL] [--rep REP] [--lead ID]\n"
    "                    [--account ID] [--contact ID] [--deal ID] [--subject TEXT]\n"
    "                    [--outcome TEXT] [--duration MINUTES] [--date WHEN] [--due DATE]\n"
    "                    [--done WHEN] [--notes TEXT] [--set FIELD=VALUE] [-n]\n"
    "       activity-log [-D DIR] [--FIELD VALUE ...] -\n";

int
main(int argc, char **argv)
{
    static const char *const defaults[] = {"date", "now", NULL};
    static const struct verb_hooks hooks = {"activity-log", defaults, activity_touch};
    return verb_add_with(argc, argv, &schema_activities, usage, &hooks);
}
