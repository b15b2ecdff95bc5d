/* sales-privacy — a person's data for privacy requests: exported as JSON, or erased. */
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "cli.h"
#include "outfile.h"
#include "privacy.h"

static const char usage[] =
    "usage: sales-privacy [-D DIR] [-o FILE] export\n"
    "                     {--email ADDRESS | --lead ID | --contact ID} ...\n"
    "       sales-privacy [-D DIR] [-f FORMAT] [-n] erase\n"
    "                     {--email ADDRESS | --lead ID | --contact ID} ...\n";
static const char help[] =
    "\n  export           print everything held about the person as one JSON object:\n"
    "                   leads, accounts, contacts, deals, activities, feedback, history\n"
    "  erase            replace the person's personal values everywhere, history.csv\n"
    "                   included, with " PRIVACY_TOMBSTONE " (empty for email, phone, domain);\n"
    "                   prints file,line,id,field,column,new for each value replaced\n"
    "  --email ADDRESS  the leads and contacts with this address (any case)\n"
    "  --lead ID        this lead, and the leads and contacts with its address\n"
    "  --contact ID     this contact, and the leads and contacts with its address\n"
    "                   (selectors repeat and add up; each must match)\n"
    "  -n, --dry-run    erase: do it all as for real, then write nothing\n"
    "  -o FILE          export: write the JSON to FILE (created 0600), not stdout\n"
    "  -f, --format F   erase: table, csv, tsv, json or ndjson\n"
    "  -D, --data DIR   the data directory\n";

enum { OPT_EMAIL = CLI_FIRST_PRIVATE, OPT_LEAD, OPT_CONTACT };

/* The document to stdout (checked by cli_exit), or to FILE whole or not
 * at all; a new FILE is made 0600, as it holds personal data. */
static void
run_export(struct cli *c, const struct privacy_request *rq, const char *path)
{
    struct store *s = cli_open(c);
    struct sbuf doc = {0};
    struct outfile of;
    struct stat st;
    int is_new = path && stat(path, &st) != 0;

    if (privacy_export(s, rq, &doc, &c->err))
        cli_fail(c, &c->err);
    if (!path) {
        fwrite(doc.p, 1, doc.len, stdout);
        sbuf_release(&doc);
        return;
    }
    if (outfile_open(&of, path, &c->err))
        cli_fail(c, &c->err);
    if (is_new && of.tmp && fchmod(fileno(of.fp), 0600) != 0) {
        outfile_discard(&of);
        cli_failf(c, "%s: cannot make it private: %s", path, strerror(errno));
    }
    fwrite(doc.p, 1, doc.len, of.fp);
    sbuf_release(&doc);
    if (outfile_commit(&of, &c->err))
        cli_fail(c, &c->err);
}

/* The values an erasure replaces, printed (and stdout checked) before it
 * writes anything. */
static int
print_changes(void *vc, const struct privacy_change *v, size_t n, struct err *e)
{
    static const char *const head[] = {"file", "line", "id", "field", "column", "new"};
    struct cli *c = vc;
    struct out *o = cli_out(c);
    int rc;

    for (int k = 0; k < 6; k++)
        out_add_col(o, head[k], k == 1 ? OT_INT : OT_TEXT);
    for (size_t i = 0; i < n; i++) {
        char line[24];
        snprintf(line, sizeof line, "%ld", v[i].line);
        const char *row[] = {v[i].file, line, v[i].id, v[i].field, v[i].column, v[i].value};
        out_row(o, row);
    }
    rc = out_end(o, e);
    out_free(o);
    return rc;
}

static void
run_erase(struct cli *c, const struct privacy_request *rq)
{
    struct store *s = cli_open(c); /* -n: the store rolls the erasure back */
    if (privacy_erase(s, rq, print_changes, c, &c->err))
        cli_fail(c, &c->err);
}

int
main(int argc, char **argv)
{
    static const struct option opts[] = {CLI_LONGOPTS,
                                         CLI_FORMAT_LONGOPT,
                                         {"email", required_argument, NULL, OPT_EMAIL},
                                         {"lead", required_argument, NULL, OPT_LEAD},
                                         {"contact", required_argument, NULL, OPT_CONTACT},
                                         CLI_DRY_RUN_LONGOPT,
                                         {"output", required_argument, NULL, 'o'},
                                         {NULL, 0, NULL, 0}};
    struct privacy_request rq = {0};
    const char *out = NULL;
    int dry_run = 0, ch;
    struct cli c;

    cli_init(&c, "sales-privacy", usage, help);
    while ((ch = getopt_long(argc, argv, "D:hf:no:", opts, NULL)) != -1) {
        switch (ch) {
        case OPT_EMAIL:
            privacy_request_add(&rq, PRIVACY_EMAIL, optarg);
            break;
        case OPT_LEAD:
            privacy_request_add(&rq, PRIVACY_LEAD, optarg);
            break;
        case OPT_CONTACT:
            privacy_request_add(&rq, PRIVACY_CONTACT, optarg);
            break;
        case 'o':
            out = optarg;
            break;
        default:
            cli_option(&c, ch, optarg);
        }
    }
    argc -= optind;
    argv += optind;
    cli_operands(&c, argc, argv, 1, 1);
    dry_run = c.dry_run;
    int is_export = strcmp(argv[0], "export") == 0;
    if (!is_export && strcmp(argv[0], "erase") != 0)
        cli_usage(&c, "unknown action '%s' (expected export or erase)", argv[0]);
    if (!rq.n)
        cli_usage(&c, "%s needs --email, --lead or --contact", argv[0]);
    if (is_export && (c.fmt_given || dry_run))
        cli_usage(&c, "export prints JSON: -f and --dry-run are for erase");
    if (!is_export && out)
        cli_usage(&c, "-o is for export");

    if (is_export)
        run_export(&c, &rq, out);
    else
        run_erase(&c, &rq);
    privacy_request_release(&rq);
    return cli_exit(&c, 0);
}
