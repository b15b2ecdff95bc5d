/* lead-add — add leads: one from flags, or many as CSV or JSON records from standard input. */
#include "schema.h"
#include "verbs.h"

static const char usage[] =
    "usage: lead-add [-D DIR] [--name NAME] [--company COMPANY] [--email EMAIL] [--phone PHONE]\n"
    "                 [--source SOURCE] [--segment SEGMENT] [--owner REP] [--status STATUS]\n"
    "                 [--score N] [--notes TEXT] [--set FIELD=VALUE] [-n]\n"
    "       lead-add [-D DIR] [--FIELD VALUE ...] -\n";

int
main(int argc, char **argv)
{
    return verb_add(argc, argv, &schema_leads, usage);
}
