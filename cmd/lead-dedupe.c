/* lead-dedupe — likely duplicate leads (contacts, accounts), and merging two into one. */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "dedupe.h"

static const char usage[] =
    "usage: lead-dedupe [-D DIR] [-f FORMAT] [--entity leads|contacts|accounts]\n"
    "       lead-dedupe [-D DIR] [-n] [--entity leads|contacts|accounts] --merge KEEP DROP\n";
static const char help[] =
    "\n  --entity E       leads (default), contacts or accounts\n"
    "  --merge          merge record DROP into KEEP: KEEP's values win, its empty fields\n"
    "                   are filled from DROP, notes are joined; references to DROP in\n"
    "                   other files point to KEEP; DROP is removed; all in history.csv\n"
    "  -n, --dry-run    do it all as for real, then write nothing\n"
    "  -f, --format F   table, csv, tsv, json or ndjson\n"
    "  -D, --data DIR   the data directory\n"
    "Columns: keep,drop,confidence,reason,keep_name,drop_name (reason: email, phone,\n"
    "name, domain, joined with +). With --merge: entity,id,field,old,new, the changes.\n";

enum { OPT_ENTITY = CLI_FIRST_PRIVATE, OPT_MERGE };

int
main(int argc, char **argv)
{
    static const struct option opts[] = {CLI_LONGOPTS,
                                         CLI_DRY_RUN_LONGOPT,
                                         CLI_FORMAT_LONGOPT,
                                         {"entity", required_argument, NULL, OPT_ENTITY},
                                         {"merge", no_argument, NULL, OPT_MERGE},
                                         {NULL, 0, NULL, 0}};
    const struct entity_def *ent = &schema_leads;
    int merge = 0, ch;
    struct cli c;

    cli_init(&c, "lead-dedupe", usage, help);
    while ((ch = getopt_long(argc, argv, "D:hf:n", opts, NULL)) != -1) {
        if (ch == OPT_ENTITY) {
            ent = schema_entity(optarg);
            if (ent != &schema_leads && ent != &schema_contacts && ent != &schema_accounts)
                cli_failf(&c, "bad --entity '%s' (expected leads, contacts or accounts)", optarg);
        } else if (ch == OPT_MERGE) {
            merge = 1;
        } else {
            cli_option(&c, ch, optarg);
        }
    }
    argc -= optind;
    argv += optind;
    if (c.dry_run && !merge)
        cli_usage(&c, "-n/--dry-run goes with --merge");
    cli_operands(&c, argc, argv, merge ? 2 : 0, merge ? 2 : 0);
    struct store *s = cli_open(&c);
    struct out *o = cli_out(&c);
    if (merge) {
        struct fieldset *chg;
        size_t nchg;
        if (dedupe_merge(s, ent, argv[0], argv[1], &chg, &nchg, &c.err))
            cli_fail(&c, &c.err);
        static const char *const h[] = {"entity", "id", "field", "old", "new"};
        for (int k = 0; k < 5; k++)
            out_add_col(o, h[k], OT_TEXT);
        for (size_t i = 0; i < nchg; i++) {
            const char *vals[5];
            for (int k = 0; k < 5; k++)
                vals[k] = fieldset_get(&chg[i], h[k]);
            out_row(o, vals);
            fieldset_release(&chg[i]);
        }
        free(chg);
    } else {
        struct dedupe_pair *v;
        long n = dedupe_find(s, ent, &v, &c.err);
        char conf[16];
        if (n < 0)
            cli_fail(&c, &c.err);
        static const char *const h[] = {"keep", "drop", "confidence", "reason", "keep_name",
                                        "drop_name"};
        for (int k = 0; k < 6; k++)
            out_add_col(o, h[k], k == 2 ? OT_RATIO : OT_TEXT);
        for (long i = 0; i < n; i++) {
            snprintf(conf, sizeof conf, "%.2f", v[i].confidence);
            const char *vals[] = {v[i].keep, v[i].drop, conf, v[i].reason, v[i].keep_name,
                                  v[i].drop_name};
            out_row(o, vals);
        }
        dedupe_pairs_free(v, n);
    }
    cli_out_end(&c, o);
    return cli_exit(&c, 0);
}
