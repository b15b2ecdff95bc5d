/* sales-import — bring a spreadsheet or CRM export into a data file; --undo takes the last one back. */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli.h"
#include "import.h"
#include "text.h"

static const char usage[] =
    "usage: sales-import [-D DIR] [--rules FILE] [--map SRC=COLUMN] ... [--mode MODE]\n"
    "                    [--match COLUMNS] [--delimiter C] [--encoding ENC] [--sheet NAME]\n"
    "                    [--decimal-comma] [--date-format FMT] [--default COLUMN=VALUE] ...\n"
    "                    [--ignore-empty] [--partial] [--rejects FILE] [-n] [-v] [-q]\n"
    "                    [-f FORMAT] ENTITY FILE\n"
    "       sales-import [-D DIR] [-n] [--force] --undo\n";
static const char help[] =
    "\n  ENTITY FILE          leads, accounts, contacts, deals, ... ; FILE is CSV (, ; or tab),\n"
    "                       JSON, NDJSON, or an .xlsx or .ods workbook; - is standard input\n"
    "  --rules FILE         a saved mapping: options, [map], [defaults], [values COLUMN]\n"
    "  --map SRC=COLUMN     take COLUMN from the source column SRC (COLUMN - leaves SRC out;\n"
    "                       a COLUMN the file lacks is added to it)\n"
    "  --mode MODE          create (default), upsert or update\n"
    "  --match COLUMNS      the columns that find a record (default: id when imported, else\n"
    "                       email for leads/contacts, domain for accounts)\n"
    "  --delimiter C        , ; tab or | (default: found from the header line)\n"
    "  --encoding ENC       utf-8, windows-1252, latin1, utf-16, ... (default: UTF-8, else\n"
    "                       Windows-1252, which is said)\n"
    "  --sheet NAME         the sheet of a workbook to read (default: the first)\n"
    "  --decimal-comma      amounts are written 1.234,50\n"
    "  --date-format FMT    dates like %d/%m/%Y (default: ISO, or the one common format\n"
    "                       that reads every value of the column; never a guess)\n"
    "  --default COL=VALUE  a value for new records whose cell is empty\n"
    "  --ignore-empty       an empty cell leaves the stored value alone (default: clears it)\n"
    "  --partial            import the good rows when some are refused\n"
    "  --rejects FILE       write the refused rows there, with _where and _reason columns\n"
    "  -n, --dry-run        show what would change; write it, then roll it back\n"
    "  -v, --verbose        show one line per record (where,action,id,changes)\n"
    "  -q, --quiet          no summary or notes on standard error\n"
    "  --undo               take back the last import (--force: even over later changes)\n";

enum {
    OPT_RULES = CLI_FIRST_PRIVATE,
    OPT_MAP,
    OPT_MODE,
    OPT_MATCH,
    OPT_DELIM,
    OPT_ENCODING,
    OPT_SHEET,
    OPT_DECIMAL_COMMA,
    OPT_DATE_FORMAT,
    OPT_DEFAULT,
    OPT_IGNORE_EMPTY,
    OPT_PARTIAL,
    OPT_REJECTS,
    OPT_UNDO,
    OPT_FORCE,
};

struct progress {
    const char *prog, *name;
    int64_t size;
    int shown;
};

/* A progress line on a terminal, for inputs big enough to wait for. */
static void
on_progress(void *vctx, const char *phase, int64_t done, int64_t total)
{
    struct progress *p = vctx;
    if (strcmp(phase, "reading") == 0) {
        p->size = total;
        return;
    }
    if (p->size < (8 << 20))
        return;
    if (total > 0)
        fprintf(stderr, "\r%s: %s %s: %3d%%", p->prog, phase, p->name, (int)(done * 100 / total));
    else if (done > 0)
        fprintf(stderr, "\r%s: %s %s: %lld rows\033[K", p->prog, phase, p->name,
                (long long)done);
    else
        fprintf(stderr, "\r%s: %s %s...\033[K", p->prog, phase, p->name);
    p->shown = 1;
}

static void
split_pair(struct cli *c, const char *flag, const char *arg, char **a, char **b)
{
    const char *eq = strrchr(arg, '=');
    if (strcmp(flag, "--default") == 0)
        eq = strchr(arg, '=');
    if (!eq || eq == arg)
        cli_failf(c, "bad %s '%s' (expected %s)", flag, arg,
                  strcmp(flag, "--map") == 0 ? "SRC=COLUMN" : "COLUMN=VALUE");
    *a = xstrndup(arg, (size_t)(eq - arg));
    *b = xstrdup(eq + 1);
}

static const char *
action_name(enum import_action a)
{
    switch (a) {
    case IMPORT_CREATED:
        return "created";
    case IMPORT_UPDATED:
        return "updated";
    case IMPORT_REJECTED:
        return "rejected";
    default:
        return "unchanged";
    }
}

static int
undo(struct cli *c, int force, int quiet)
{
    struct import_undo_info u;
    struct store *s = cli_open(c);
    int dry = c->dry_run;
    if (import_undo(s, force, &u, &c->err))
        cli_fail(c, &c->err);
    if (!quiet)
        fprintf(stderr, "%s: %s the %s into %s made at %s: %zu record%s deleted, %zu restored\n",
                c->prog, dry ? "would take back" : "took back", u.what, u.entity, u.ts,
                u.deleted, u.deleted == 1 ? "" : "s", u.restored);
    import_undo_info_release(&u);
    return cli_exit(c, 0);
}

/* The command line: import options given there (cl), and which of them
 * were given, to win over a rules file. */
struct args {
    struct import_opts cl;
    const char *rules, *rejects;
    int verbose, quiet, do_undo, force;
    int set_mode, set_delim, set_dc, set_ie, set_partial;
};

static void
parse_options(struct cli *c, int argc, char **argv, struct args *g)
{
    static const struct option opts[] = {CLI_LONGOPTS,
                                         CLI_FORMAT_LONGOPT,
                                         {"rules", required_argument, NULL, OPT_RULES},
                                         {"map", required_argument, NULL, OPT_MAP},
                                         {"mode", required_argument, NULL, OPT_MODE},
                                         {"match", required_argument, NULL, OPT_MATCH},
                                         {"delimiter", required_argument, NULL, OPT_DELIM},
                                         {"encoding", required_argument, NULL, OPT_ENCODING},
                                         {"sheet", required_argument, NULL, OPT_SHEET},
                                         {"decimal-comma", no_argument, NULL, OPT_DECIMAL_COMMA},
                                         {"date-format", required_argument, NULL, OPT_DATE_FORMAT},
                                         {"default", required_argument, NULL, OPT_DEFAULT},
                                         {"ignore-empty", no_argument, NULL, OPT_IGNORE_EMPTY},
                                         {"partial", no_argument, NULL, OPT_PARTIAL},
                                         {"rejects", required_argument, NULL, OPT_REJECTS},
                                         {"dry-run", no_argument, NULL, 'n'},
                                         {"verbose", no_argument, NULL, 'v'},
                                         {"quiet", no_argument, NULL, 'q'},
                                         {"undo", no_argument, NULL, OPT_UNDO},
                                         {"force", no_argument, NULL, OPT_FORCE},
                                         {NULL, 0, NULL, 0}};
    struct import_opts *cl = &g->cl;
    int ch;
    while ((ch = getopt_long(argc, argv, "D:hf:nvq", opts, NULL)) != -1) {
        char *a, *b;
        switch (ch) {
        case OPT_RULES:
            g->rules = optarg;
            break;
        case OPT_MAP:
            split_pair(c, "--map", optarg, &a, &b);
            import_opts_add_map(cl, a, b);
            free(a);
            free(b);
            break;
        case OPT_DEFAULT:
            split_pair(c, "--default", optarg, &a, &b);
            import_opts_add_default(cl, a, b);
            free(a);
            free(b);
            break;
        case OPT_MODE:
            if (import_mode_parse(optarg, &cl->mode))
                cli_failf(c, "bad --mode '%s' (expected create, upsert or update)", optarg);
            g->set_mode = 1;
            break;
        case OPT_MATCH:
            free(cl->match);
            cl->match = xstrdup(optarg);
            break;
        case OPT_DELIM:
            if (import_parse_delim(optarg, &cl->delim))
                cli_failf(c, "bad --delimiter '%s' (expected , ; tab or |)", optarg);
            g->set_delim = 1;
            break;
        case OPT_ENCODING:
            free(cl->encoding);
            cl->encoding = xstrdup(optarg);
            break;
        case OPT_SHEET:
            free(cl->sheet);
            cl->sheet = xstrdup(optarg);
            break;
        case OPT_DECIMAL_COMMA:
            cl->decimal_comma = g->set_dc = 1;
            break;
        case OPT_DATE_FORMAT:
            free(cl->date_format);
            cl->date_format = xstrdup(optarg);
            break;
        case OPT_IGNORE_EMPTY:
            cl->ignore_empty = g->set_ie = 1;
            break;
        case OPT_PARTIAL:
            cl->partial = g->set_partial = 1;
            break;
        case OPT_REJECTS:
            g->rejects = optarg;
            break;
        case 'n': /* the store's: the import is written, then rolled back */
            cl->dry_run = 1;
            cli_option(c, ch, optarg);
            break;
        case 'v':
            g->verbose = 1;
            break;
        case 'q':
            g->quiet = 1;
            break;
        case OPT_UNDO:
            g->do_undo = 1;
            break;
        case OPT_FORCE:
            g->force = 1;
            break;
        default:
            cli_option(c, ch, optarg);
        }
    }
}

/* The import options: the rules file first; what the command line says
 * wins. g->cl is spent. */
static void
merge_options(struct cli *c, struct args *g, struct import_opts *o)
{
    struct import_opts *cl = &g->cl;
    import_opts_init(o);
    if (g->rules && import_rules_load(o, g->rules, &c->err))
        cli_fail(c, &c->err);
    if (g->set_mode)
        o->mode = cl->mode;
    if (g->set_delim)
        o->delim = cl->delim;
    if (g->set_dc)
        o->decimal_comma = 1;
    if (g->set_ie)
        o->ignore_empty = 1;
    if (g->set_partial)
        o->partial = 1;
    if (cl->encoding) {
        free(o->encoding);
        o->encoding = xstrdup(cl->encoding);
    }
    if (cl->sheet) {
        free(o->sheet);
        o->sheet = xstrdup(cl->sheet);
    }
    if (cl->date_format) {
        free(o->date_format);
        o->date_format = xstrdup(cl->date_format);
    }
    if (cl->match) {
        free(o->match);
        o->match = xstrdup(cl->match);
    }
    for (size_t i = 0; i < cl->nmaps; i++)
        import_opts_add_map(o, cl->maps[i].a, cl->maps[i].b);
    for (size_t i = 0; i < cl->ndefaults; i++)
        import_opts_add_default(o, cl->defaults[i].a, cl->defaults[i].b);
    /* (a format with no conversion in it reads no date: every row refused) */
    if (o->date_format && !strchr(o->date_format, '%'))
        cli_failf(c, "bad --date-format '%s' (expected a format like %%d/%%m/%%Y)",
                  o->date_format);
    o->dry_run = cl->dry_run;
    o->keep_items = g->verbose || o->dry_run;
    o->rejects = g->rejects;
    import_opts_release(cl);
}

/* What the import said: its notes, the first refused rows, and with -v
 * or -n every row's action. */
static void
show_result(struct cli *c, const struct args *g, const struct import_opts *o,
            const struct import_result *r, int rc)
{
    if (!g->quiet)
        for (size_t i = 0; i < r->nnotes; i++)
            fprintf(stderr, "%s: %s\n", c->prog, r->notes[i]);
    size_t shown = 0;
    for (size_t i = 0; i < r->nitems; i++)
        if (r->items[i].action == IMPORT_REJECTED && shown++ < 10)
            fprintf(stderr, "%s: %s: %s\n", c->prog, r->items[i].where, r->items[i].detail);
    if (shown > 10)
        fprintf(stderr, "%s: ... and %zu more refused rows%s\n", c->prog, shown - 10,
                g->rejects ? "" : " (--rejects FILE lists them all)");
    /* after a failed write, no line may say a record was created or updated */
    if (o->keep_items && (rc == 0 || (r->nitems && !r->writing))) {
        struct out *out = cli_out(c);
        out_add_col(out, "where", OT_TEXT);
        out_add_col(out, "action", OT_TEXT);
        out_add_col(out, "id", OT_TEXT);
        out_add_col(out, "changes", OT_TEXT);
        for (size_t i = 0; i < r->nitems; i++) {
            const char *vals[4] = {r->items[i].where, action_name(r->items[i].action),
                                   r->items[i].id, r->items[i].detail};
            out_row(out, vals);
        }
        cli_out_end(c, out);
    }
}

int
main(int argc, char **argv)
{
    struct import_opts o;
    struct import_result r;
    struct args g = {0};
    struct cli c;

    cli_init(&c, "sales-import", usage, help);
    import_opts_init(&g.cl);
    parse_options(&c, argc, argv, &g);
    argc -= optind;
    argv += optind;
    if (g.do_undo) {
        if (argc > 0)
            cli_usage(&c, "--undo takes no operands");
        if (g.rules || g.cl.nmaps || g.cl.ndefaults || g.rejects || g.set_mode || g.cl.match)
            cli_usage(&c, "--undo with import options");
        import_opts_release(&g.cl);
        return undo(&c, g.force, g.quiet);
    }
    if (g.force)
        cli_usage(&c, "--force goes with --undo");
    cli_operands(&c, argc, argv, 2, 2);
    const struct entity_def *ent = schema_entity(argv[0]);
    if (!ent || ent == &schema_history || ent == &schema_stages)
        cli_failf(&c, "unknown entity '%s' (leads, accounts, contacts, deals, activities, reps, "
                      "quotas, subscriptions, budget, feedback)",
                  argv[0]);
    merge_options(&c, &g, &o);

    struct progress pr = {c.prog, strcmp(argv[1], "-") == 0 ? "<stdin>" : argv[1], 0, 0};
    if (isatty(2) && !g.quiet) {
        o.progress = on_progress;
        o.progress_ctx = &pr;
    }
    struct store *s = cli_open(&c);
    int rc = import_run(s, ent, argv[1], &o, &r, &c.err);
    if (pr.shown)
        fputs("\r\033[K", stderr);
    show_result(&c, &g, &o, &r, rc);
    if (rc != 0)
        cli_fail(&c, &c.err);
    if (!g.quiet)
        fprintf(stderr, "%s: %s: %zu created, %zu updated, %zu unchanged, %zu refused%s\n", c.prog,
                ent->name, r.created, r.updated, r.unchanged, r.rejected,
                o.dry_run ? " (dry run: nothing written)" : "");
    import_result_release(&r);
    import_opts_release(&o);
    return cli_exit(&c, 0);
}
