/* sales-history — the audit log (history.csv), by record, user, entity and date. */
#include <getopt.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "text.h"
#include "verbs.h"

static const char usage[] =
    "usage: sales-history [-D DIR] [-f FORMAT] [--user USER] [--entity ENTITY] [--field FIELD]\n"
    "                     [--since DATE] [--until DATE] [--period PERIOD]\n"
    "                     [--where 'FIELD OP VALUE'] ...\n"
    "                     [-c COLUMNS] [--sort FIELD,...] [--limit N] [ID]\n";
static const char help[] =
    "\n  ID               only changes to this record (D41, alice, alice/2026-Q4)\n"
    "  --user USER      only changes made by USER\n"
    "  --entity ENTITY  only this file (deals, lead, ...)\n"
    "  --field FIELD    only changes of this column\n"
    "Columns: ts,user,command,entity,id,field,old,new; an empty field is the record\n"
    "as a whole (new \"created\").\n";

enum { OPT_USER = CLI_FIRST_PRIVATE, OPT_ENTITY, OPT_FIELD };

/* Turn "NAME = VALUE" into a --where of the filter. */
static void
where_eq(struct cli *c, const char *field, const char *value)
{
    struct sbuf b = {0};
    sbuf_addf(&b, "%s = %s", field, value);
    cli_option(c, FILTER_WHERE, b.p);
    sbuf_release(&b);
}

int
main(int argc, char **argv)
{
    static const struct option opts[] = {CLI_LONGOPTS,
                                         CLI_FORMAT_LONGOPT,
                                         {"user", required_argument, NULL, OPT_USER},
                                         {"entity", required_argument, NULL, OPT_ENTITY},
                                         {"field", required_argument, NULL, OPT_FIELD},
                                         CLI_WINDOW_LONGOPTS,
                                         LIST_LONGOPTS,
                                         {NULL, 0, NULL, 0}};
    struct list_opts lo = {NULL, NULL, -1, NULL, NULL};
    const struct entity_def *ent;
    struct cli c;
    int ch;

    cli_init(&c, "sales-history", usage, help);
    while ((ch = getopt_long(argc, argv, "D:hf:c:", opts, NULL)) != -1) {
        if (list_option(&c, &lo, ch, optarg))
            continue;
        switch (ch) {
        case OPT_USER:
            where_eq(&c, "user", optarg);
            break;
        case OPT_ENTITY:
            if (!(ent = schema_entity(optarg)))
                cli_failf(&c, "unknown entity '%s'", optarg);
            where_eq(&c, "entity", ent->name);
            break;
        case OPT_FIELD:
            where_eq(&c, "field", optarg);
            break;
        default:
            cli_option(&c, ch, optarg);
        }
    }
    argc -= optind;
    argv += optind;
    cli_operands(&c, argc, argv, 0, 1);
    if (argc == 1)
        where_eq(&c, "id", argv[0]);
    struct store *s = cli_open(&c);
    struct table *t = store_read(s, &schema_history, &c.err);
    if (!t)
        cli_fail(&c, &c.err);
    verb_list_table(&c, t, &lo);
    table_free(t);
    return cli_exit(&c, 0);
}
