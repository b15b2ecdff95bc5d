/* contact-add — add contacts: one from flags, or many as CSV or JSON records from standard input. */
#include "schema.h"
#include "verbs.h"

static const char usage[] =
    "usage: contact-add [-D DIR] --name NAME [--account ID] [--email EMAIL] [--phone PHONE]\n"
    "                          [--title TITLE] [--set FIELD=VALUE] [-n]\n"
    "       contact-add [-D DIR] [--FIELD VALUE ...] -\n";

int
main(int argc, char **argv)
{
    return verb_add(argc, argv, &schema_contacts, usage);
}
