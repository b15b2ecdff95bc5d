/* deal-add — add deals: one from flags, or many as CSV or JSON records from standard input. */
#include "schema.h"
#include "verbs.h"

static const char usage[] =
    "usage: deal-add [-D DIR] --name NAME [--account ID] [--contact ID] [--lead ID] [--owner REP]\n"
    "                 [--stage STAGE] [--amount AMOUNT] [--currency CODE] [--probability N]\n"
    "                 [--category CATEGORY] [--close DATE] [--segment SEGMENT] [--source SOURCE]\n"
    "                 [--type TYPE] [--closed DATE] [--lost_reason TEXT] [--set FIELD=VALUE]\n"
    "                 [-n]\n"
    "       deal-add [-D DIR] [--FIELD VALUE ...] -\n";

int
main(int argc, char **argv)
{
    return verb_add(argc, argv, &schema_deals, usage);
}
