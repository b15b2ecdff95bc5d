/* verbs.c — the schema-driven add, list and update (see verbs.h). */
#include "verbs.h"

#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "cli.h"
#include "lifecycle.h"
#include "text.h"
#include "validate.h"

enum {
    OPT_SET = CLI_FIRST_PRIVATE + 900,
    OPT_ADD_COLUMN = CLI_FIRST_PRIVATE + 905,
    OPT_COL0 = CLI_FIRST_PRIVATE, /* + column index */
};

/* The columns a user sets with a flag of the same name. */
static int
settable(const struct entity_def *ent, size_t i)
{
    const struct column_def *c = &ent->cols[i];
    if (c->flags & COL_AUTO)
        return 0;
    if (c->type == CT_ID)
        return 0;
    return 1;
}

/* Long options: the common ones, then one per settable column, then extra. */
static struct option *
column_options(const struct entity_def *ent, const struct option *extra, size_t nextra)
{
    static const struct option common[] = {CLI_LONGOPTS};
    size_t n = 0, max = 3 + ent->ncols + nextra + 1;
    struct option *o = xcalloc(max, sizeof *o);
    for (size_t i = 0; i < 3; i++)
        o[n++] = common[i];
    for (size_t i = 0; i < ent->ncols; i++)
        if (settable(ent, i))
            o[n++] = (struct option){ent->cols[i].name, required_argument, NULL, OPT_COL0 + (int)i};
    for (size_t i = 0; i < nextra; i++)
        o[n++] = extra[i];
    return o;
}

/* --help text: the column flags with their meaning. */
static char *
column_help(const struct entity_def *ent, const char *tail)
{
    struct sbuf b = {0};
    sbuf_adds(&b, "\nfields:\n");
    for (size_t i = 0; i < ent->ncols; i++)
        if (settable(ent, i)) {
            sbuf_addf(&b, "  --%s VALUE", ent->cols[i].name);
            for (size_t k = strlen(ent->cols[i].name); k < 14; k++)
                sbuf_addc(&b, ' ');
            sbuf_addf(&b, "%s\n", ent->cols[i].help);
        }
    sbuf_adds(&b, tail);
    return b.p;
}

static void
parse_set(struct cli *c, struct fieldset *fs, const char *arg)
{
    const char *eq = strchr(arg, '=');
    char *name;
    if (!eq || eq == arg)
        cli_failf(c, "bad --set '%s' (expected FIELD=VALUE)", arg);
    name = xstrndup(arg, (size_t)(eq - arg));
    fieldset_set(fs, name, eq + 1);
    free(name);
}

static char *
prog_name(const struct entity_def *ent, const char *verb)
{
    struct sbuf b = {0};
    sbuf_addf(&b, "%s-%s", ent->singular, verb);
    return b.p;
}

/* ---- add -------------------------------------------------------------- */

int
verb_add(int argc, char **argv, const struct entity_def *ent, const char *usage)
{
    return verb_add_with(argc, argv, ent, usage, NULL);
}

/* One run of an *-add command: the options, the records as given (raw;
 * where: each one's place in the input, with -) and as they will be
 * stored (recs). */
struct add_run {
    struct cli c;
    const struct entity_def *ent;
    const struct verb_hooks *hooks;
    struct fieldset flags, *raw, *recs;
    char **where;
    size_t nraw;
    int from_stdin;
    const char *rep_id;
    int has_created, has_updated; /* the file has those columns */
};

/* The options and operands (a usage error exits). */
static void
add_args(struct add_run *run, int argc, char **argv, const struct option *opts)
{
    const struct entity_def *ent = run->ent;
    struct cli *c = &run->c;
    int ch;
    while ((ch = getopt_long(argc, argv, "D:hn", opts, NULL)) != -1) {
        if (ch >= OPT_COL0 && ch < OPT_COL0 + (int)ent->ncols)
            fieldset_set(&run->flags, ent->cols[ch - OPT_COL0].name, optarg);
        else if (ch == OPT_SET)
            parse_set(c, &run->flags, optarg);
        else
            cli_option(c, ch, optarg);
    }
    argc -= optind;
    argv += optind;
    if (ent == &schema_reps && argc > 0 && strcmp(argv[0], "-") != 0) {
        run->rep_id = argv[0];
        argc--;
        argv++;
    }
    if (argc == 1 && strcmp(argv[0], "-") == 0)
        run->from_stdin = 1;
    else if (argc > 0)
        cli_usage(c, "unexpected operand '%s'", argv[0]);
    if (!run->from_stdin && !run->flags.n && !run->rep_id)
        cli_usage(c, "nothing to add (give fields as flags, or - to read records)");
    if (ent == &schema_reps && !run->from_stdin && !run->rep_id) {
        int has_id = 0;
        for (size_t i = 0; i < run->flags.n; i++)
            has_id |= strcmp(run->flags.names[i], "id") == 0;
        if (!has_id)
            cli_usage(c, "missing operand: the rep's ID (a handle such as ann or j.smith)");
    }
}

/* Every record first: stdin may be slow, the lock is not taken yet. The
 * flags are each record's defaults. */
static void
add_gather(struct add_run *run)
{
    const struct fieldset *flags = &run->flags;
    if (!run->from_stdin) {
        run->raw = xcalloc(1, sizeof *run->raw);
        for (size_t i = 0; i < flags->n; i++)
            fieldset_set(&run->raw[0], flags->names[i], flags->values[i]);
        if (run->rep_id)
            fieldset_set(&run->raw[0], "id", run->rep_id);
        run->nraw = 1;
        return;
    }
    struct recin *in;
    struct record *rec;
    size_t n = 0;
    int rc;
    if (!(in = recin_open("-", ',', &run->c.err)))
        cli_fail(&run->c, &run->c.err);
    while ((rc = recin_next(in, &rec, &run->c.err)) == 1) {
        if ((n & (n - 1)) == 0) { /* at 0, 1, 2, 4, ...: double */
            run->raw = xrealloc(run->raw, (n ? 2 * n : 16) * sizeof *run->raw);
            run->where = xrealloc(run->where, (n ? 2 * n : 16) * sizeof *run->where);
        }
        memset(&run->raw[n], 0, sizeof *run->raw);
        for (size_t i = 0; i < flags->n; i++)
            fieldset_set(&run->raw[n], flags->names[i], flags->values[i]);
        for (size_t i = 0; i < rec->n; i++)
            if (rec->values[i] && *rec->values[i]) /* empty: the flag's default stands */
                fieldset_set(&run->raw[n], rec->names[i], rec->values[i]);
        run->where[n] = xstrdup(recin_where(in));
        run->nraw = ++n;
    }
    if (rc < 0)
        cli_fail(&run->c, &run->c.err);
    recin_free(in);
}

/* Each record checked (the hooks' defaults filled in) into run->recs; the
 * first bad one fails the command. Under the lock. */
static void
add_validate(struct add_run *run, struct store *s)
{
    const struct entity_def *ent = run->ent;
    struct validator v;
    if (validator_init(&v, s, ent, &run->c.err))
        cli_fail(&run->c, &run->c.err);
    v.need_rates = 1;
    run->recs = xcalloc(run->nraw + 1, sizeof *run->recs);
    for (size_t r = 0; r < run->nraw; r++) {
        struct fieldset *raw = &run->raw[r];
        struct err e;
        if (ent == &schema_reps && run->from_stdin && !fieldset_get(raw, "id"))
            fieldset_set(raw, "id", "");
        for (const char *const *d = run->hooks ? run->hooks->defaults : NULL; d && d[0]; d += 2) {
            const char *x = fieldset_get(raw, d[0]);
            if (!x || !*x)
                fieldset_set(raw, d[0], d[1]);
        }
        if (validate_new(&v, raw, &run->recs[r], &e)) {
            if (run->where)
                cli_failf(&run->c, "%s: %s", run->where[r], e.msg);
            cli_fail(&run->c, &e);
        }
    }
    /* a file whose created or updated column was removed by hand keeps
     * working: those are the tools' bookkeeping, not the user's data */
    for (char **h = v.header; *h; h++) {
        run->has_created |= strcmp(*h, "created") == 0;
        run->has_updated |= strcmp(*h, "updated") == 0;
    }
    validator_release(&v);
}

/* The records' ids (taken from the id cache), created and updated. */
static void
add_stamp(struct add_run *run, struct store *s)
{
    const struct entity_def *ent = run->ent;
    long long first = 0;
    char ts[TS_BUFSZ], id[32];
    if (ent->id_prefix && store_alloc_ids(s, ent, run->nraw, &first, &run->c.err))
        cli_fail(&run->c, &run->c.err);
    ts_format(s->now, ts);
    for (size_t r = 0; r < run->nraw; r++) {
        if (ent->id_prefix) {
            snprintf(id, sizeof id, "%c%lld", ent->id_prefix, first + (long long)r);
            fieldset_set(&run->recs[r], "id", id);
        }
        if (run->has_created && !fieldset_get(&run->recs[r], "created"))
            fieldset_set(&run->recs[r], "created", ts);
        if (run->has_updated)
            fieldset_set(&run->recs[r], "updated", ts);
    }
}

/* The new ids, once committed: an id on stdout is a record in the file.
 * A stdout that cannot take them fails the command, which says the
 * records are there all the same (run again, it would add them twice). */
static void
add_print_ids(struct add_run *run)
{
    const char *first = NULL, *last = NULL;
    size_t n = 0;
    for (size_t r = 0; r < run->nraw; r++) {
        const char *x = fieldset_get(&run->recs[r], "id");
        if (!x)
            continue;
        printf("%s\n", x);
        if (!first)
            first = x;
        last = x;
        n++;
    }
    if (fflush(stdout) == 0 && !ferror(stdout))
        return;
    struct err e; /* (cli_failf writes into run->c.err) */
    err_sys(&e, NULL, "write error");
    if (run->c.dry_run || !first)
        cli_fail(&run->c, &e);
    if (n == 1)
        cli_failf(&run->c, "%s (%s was added all the same)", e.msg, first);
    cli_failf(&run->c, "%s (%zu records were added all the same: %s to %s)", e.msg, n, first, last);
}

int
verb_add_with(int argc, char **argv, const struct entity_def *ent, const char *usage,
              const struct verb_hooks *hooks)
{
    static const struct option extra[] = {
        {"set", required_argument, NULL, OPT_SET},
        CLI_DRY_RUN_LONGOPT,
    };
    struct option *opts = column_options(ent, extra, 2);
    char *prog = hooks && hooks->prog ? xstrdup(hooks->prog) : prog_name(ent, "add");
    char *help = column_help(ent, "\n  --set FIELD=VALUE   a column of your own (must be in the file)\n"
                                  "  -n, --dry-run       do it all as for real, then write nothing\n"
                                  "  -D, --data DIR      the data directory\n");
    struct add_run run = {.ent = ent, .hooks = hooks};
    struct cli *c = &run.c;

    cli_init(c, prog, usage, help);
    add_args(&run, argc, argv, opts);
    struct store *s = cli_open(c);
    add_gather(&run);
    cli_lock(c);
    add_validate(&run, s);
    add_stamp(&run, s);
    /* a dry run appends too, and cli_commit then rolls it back */
    if (store_append(s, ent, run.recs, run.nraw, &c->err))
        cli_fail(c, &c->err);
    if (hooks && hooks->after_append && hooks->after_append(s, run.recs, run.nraw, &c->err))
        cli_fail(c, &c->err);
    cli_commit(c);
    add_print_ids(&run);
    for (size_t r = 0; r < run.nraw; r++) {
        fieldset_release(&run.raw[r]);
        fieldset_release(&run.recs[r]);
        if (run.where)
            free(run.where[r]);
    }
    free(run.where);
    free(run.raw);
    free(run.recs);
    fieldset_release(&run.flags);
    int rc = cli_exit(c, 0);
    free(opts);
    free(prog);
    free(help);
    return rc;
}

/* ---- list ------------------------------------------------------------- */

static enum out_type
out_type_of(const struct entity_def *ent, const char *name)
{
    int i = schema_col(ent, name);
    if (i < 0)
        return OT_TEXT;
    switch (ent->cols[i].type) {
    case CT_MONEY:
        return OT_MONEY;
    case CT_INT:
    case CT_PERCENT:
        return OT_INT;
    default:
        return OT_TEXT;
    }
}

struct sort_key {
    int col; /* file column */
    int desc;
    const struct column_def *def;
};

struct sort_keys {
    struct sort_key *k;
    size_t n;
};

static int
row_cmp(const struct sort_keys *ks, char *const *x, char *const *y)
{
    for (size_t k = 0; k < ks->n; k++) {
        const char *u = x[ks->k[k].col], *v = y[ks->k[k].col];
        int c;
        if (!*u || !*v) /* not set sorts last either way */
            c = (!*u) - (!*v);
        else {
            c = schema_compare(ks->k[k].def, u, v);
            if (c == 2)
                c = strcmp(u, v) > 0 ? 1 : strcmp(u, v) < 0 ? -1 : 0;
            if (ks->k[k].desc)
                c = -c;
        }
        if (c)
            return c;
    }
    return 0;
}

/* rows[0..n) sorted by ks, stable (equal rows keep the file's order): a
 * merge sort through tmp, n slots. */
static void
sort_rows(char ***rows, char ***tmp, size_t n, const struct sort_keys *ks)
{
    size_t h = n / 2, i = 0, j = h, o = 0;
    if (n < 2)
        return;
    sort_rows(rows, tmp, h, ks);
    sort_rows(rows + h, tmp, n - h, ks);
    while (i < h && j < n)
        tmp[o++] = row_cmp(ks, rows[j], rows[i]) < 0 ? rows[j++] : rows[i++];
    while (i < h)
        tmp[o++] = rows[i++];
    /* rows[j..n) are in place already */
    memcpy(rows, tmp, o * sizeof *rows);
}

int
list_option(struct cli *c, struct list_opts *lo, int ch, const char *arg)
{
    char *end;
    switch (ch) {
    case 'c':
        lo->columns = arg;
        return 1;
    case LIST_OPT_SORT:
        lo->sort = arg;
        return 1;
    case LIST_OPT_LIMIT:
        lo->limit = strtol(arg, &end, 10);
        if (*end || end == arg || lo->limit < 0)
            cli_failf(c, "bad --limit '%s'", arg);
        return 1;
    }
    return 0;
}

int
verb_list_table(struct cli *c, struct table *t, const struct list_opts *lo)
{
    const struct entity_def *ent = t->ent;
    int *cols;
    size_t ncols = 0;
    char **names;
    struct out *o;
    int rc;

    if (filter_bind(&c->filter, t, &c->err))
        cli_fail(c, &c->err);
    /* which columns: -c, else the brief set on a terminal, else all */
    if (lo->columns || (c->fmt == OUT_TABLE && ent->brief)) {
        names = str_split(lo->columns ? lo->columns : ent->brief, ',');
        cols = xcalloc(strv_len(names) + 1, sizeof *cols);
        for (char **p = names; *p; p++) {
            int j = table_find(t, *p);
            if (j < 0) {
                if (!lo->columns)
                    continue; /* a brief column the file lacks */
                cli_failf(c, "%s: no column '%s'", t->name, *p);
            }
            cols[ncols++] = j;
        }
        strv_free(names);
    } else {
        cols = xcalloc(t->nhead + 1, sizeof *cols);
        for (size_t j = 0; j < t->nhead; j++)
            cols[ncols++] = (int)j;
    }
    o = cli_out(c);
    for (size_t k = 0; k < ncols; k++)
        out_add_col(o, t->head[cols[k]], out_type_of(ent, t->head[cols[k]]));

    const char **vals = xcalloc(ncols + 1, sizeof *vals);
    long shown = 0;
    if (!lo->sort) {
        while ((rc = table_next(t, &c->err)) == 1) {
            if (!filter_match(&c->filter, t) || (lo->keep && !lo->keep(lo->keep_ctx, t)))
                continue;
            if (lo->limit >= 0 && shown >= lo->limit)
                break;
            for (size_t k = 0; k < ncols; k++)
                vals[k] = table_cell(t, (size_t)cols[k]);
            out_row(o, vals);
            shown++;
        }
        if (rc < 0)
            cli_fail(c, &c->err);
    } else {
        /* sorting needs every matching row: keep copies */
        char **keys = str_split(lo->sort, ',');
        size_t nrows = 0, cap = 0;
        char ***rows = NULL, ***tmp;
        struct sort_keys ks;
        ks.n = strv_len(keys);
        ks.k = xcalloc(ks.n + 1, sizeof *ks.k);
        for (size_t k = 0; k < ks.n; k++) {
            const char *name = keys[k];
            ks.k[k].desc = *name == '-';
            name += ks.k[k].desc;
            ks.k[k].col = table_find(t, name);
            if (ks.k[k].col < 0)
                cli_failf(c, "--sort: %s has no column '%s'", t->name, name);
            int sc = schema_col(ent, name);
            ks.k[k].def = sc >= 0 ? &ent->cols[sc] : NULL;
        }
        strv_free(keys);
        while ((rc = table_next(t, &c->err)) == 1) {
            if (!filter_match(&c->filter, t) || (lo->keep && !lo->keep(lo->keep_ctx, t)))
                continue;
            if (nrows == cap) {
                cap = cap ? cap * 2 : 1024;
                rows = xrealloc(rows, cap * sizeof *rows);
            }
            char **r = xcalloc(t->nhead + 1, sizeof *r);
            for (size_t j = 0; j < t->nhead; j++)
                r[j] = xstrdup(table_cell(t, j));
            rows[nrows++] = r;
        }
        if (rc < 0)
            cli_fail(c, &c->err);
        tmp = xcalloc(nrows + 1, sizeof *tmp);
        sort_rows(rows, tmp, nrows, &ks);
        free(tmp);
        for (size_t r = 0; r < nrows; r++) {
            if (lo->limit < 0 || (long)r < lo->limit) {
                for (size_t k = 0; k < ncols; k++)
                    vals[k] = rows[r][cols[k]];
                out_row(o, vals);
            }
            for (size_t j = 0; j < t->nhead; j++)
                free(rows[r][j]);
            free(rows[r]);
        }
        free(rows);
        free(ks.k);
    }
    free(vals);
    free(cols);
    cli_out_end(c, o);
    return 0;
}

/* The entity's own filters of a list (struct list_hooks), as given. */
struct colmatch {
    const struct column_def *def;
    int col;                /* file column */
    char **values;          /* stored forms ("" for not set) */
    struct period *periods; /* a period column: values as periods */
    size_t n;
};

struct list_match {
    struct colmatch *m;
    size_t n;
    const struct calendar *cal;
    sdate today;
    int active; /* --active given */
    sdate day;
    int c_from, c_to;
};

static int
colmatch_test(const struct colmatch *m, const char *v, const struct list_match *lm)
{
    struct period p;
    for (size_t i = 0; i < m->n; i++) {
        if (!*m->values[i] || !m->periods) {
            if (strcasecmp(v, m->values[i]) == 0)
                return 1;
        } else if (*v && period_parse(v, lm->cal, lm->today, &p) == 0 &&
                   p.start >= m->periods[i].start && p.end <= m->periods[i].end) {
            return 1;
        }
    }
    return 0;
}

static int
list_keep(void *ctx, const struct table *t)
{
    const struct list_match *lm = ctx;
    for (size_t k = 0; k < lm->n; k++)
        if (!colmatch_test(&lm->m[k], table_cell(t, (size_t)lm->m[k].col), lm))
            return 0;
    if (lm->active) {
        const char *from = table_cell(t, (size_t)lm->c_from), *to = table_cell(t, (size_t)lm->c_to);
        sdate start, end = DATE_NONE;
        if (date_parse(from, &start) || (*to && date_parse(to, &end)))
            return 0; /* not a subscription that can be said to run */
        return subscription_active(start, end, lm->day);
    }
    return 1;
}

/* The values of --COL V[,V...] in their stored forms, or exit 1. */
static void
colmatch_add(struct cli *c, struct colmatch *m, const char *arg)
{
    char **items = str_split(arg, ',');
    struct err e;
    for (char **p = items; *p; p++) {
        char *v = schema_normalize(m->def, *p, &c->store.vc, &e);
        if (!v)
            cli_fail(c, &e);
        m->values = xrealloc(m->values, (m->n + 2) * sizeof *m->values);
        if (m->def->type == CT_PERIOD) {
            m->periods = xrealloc(m->periods, (m->n + 1) * sizeof *m->periods);
            if (*v && period_parse(v, &c->store.cal, c->store.today, &m->periods[m->n]))
                cli_failf(c, "bad %s '%s'", m->def->name, *p); /* normalised: cannot happen */
        }
        m->values[m->n++] = v;
        m->values[m->n] = NULL;
    }
    strv_free(items);
}

int
verb_list(int argc, char **argv, const struct entity_def *ent, const char *usage)
{
    return verb_list_with(argc, argv, ent, usage, NULL);
}

enum { OPT_ACTIVE = CLI_FIRST_PRIVATE + 901, OPT_MATCH0 = CLI_FIRST_PRIVATE + 920 };

int
verb_list_with(int argc, char **argv, const struct entity_def *ent, const char *usage,
               const struct list_hooks *hooks)
{
    static const struct option common[] = {
        CLI_LONGOPTS,
        CLI_FORMAT_LONGOPT,
        FILTER_LONGOPTS,
        LIST_LONGOPTS,
    };
    const size_t ncommon = sizeof common / sizeof common[0];
    const char *const *match = hooks ? hooks->match : NULL;
    size_t nmatch = 0;
    while (match && match[nmatch])
        nmatch++;
    int has_active = hooks && hooks->active_from && hooks->active_to;
    struct option *opts = xcalloc(ncommon + nmatch + 2, sizeof *opts);
    size_t nopt = 0;
    char *prog = prog_name(ent, "list");
    struct list_opts lo = {NULL, NULL, -1, NULL, NULL};
    struct list_match lm;
    const char **margs = xcalloc(nmatch + 1, sizeof *margs);
    const char *active_arg = NULL;
    struct sbuf help = {0};
    struct cli c;
    int ch;

    memset(&lm, 0, sizeof lm);
    /* a column's own flag takes the place of a common filter of its name */
    for (size_t i = 0; i < ncommon; i++) {
        int shadowed = 0;
        for (size_t k = 0; k < nmatch; k++)
            shadowed |=
                strcmp(common[i].name, match[k]) == 0 && !filter_applies(ent, common[i].val);
        if (!shadowed)
            opts[nopt++] = common[i];
    }
    for (size_t k = 0; k < nmatch; k++)
        opts[nopt++] = (struct option){match[k], required_argument, NULL, OPT_MATCH0 + (int)k};
    if (has_active)
        opts[nopt++] = (struct option){"active", optional_argument, NULL, OPT_ACTIVE};

    sbuf_adds(&help, "\n  -c, --columns LIST  the columns to show, in order\n"
                     "  --sort FIELD,...    sort by these fields; -FIELD sorts descending\n"
                     "  --limit N           at most N records\n");
    for (size_t k = 0; k < nmatch; k++) {
        int i = schema_col(ent, match[k]);
        int pad = 12 - (int)strlen(match[k]); /* to the column of the text above */
        sbuf_addf(&help, "  --%s V,...%*s%s is one of these%s\n", match[k], pad > 1 ? pad : 1, "",
                  match[k], i >= 0 && ent->cols[i].type == CT_PERIOD ? " or within one" : "");
    }
    if (has_active)
        sbuf_adds(&help, "  --active [DATE]     running on DATE (default today)\n");
    sbuf_adds(&help, "  -f, --format F      table, csv, tsv, json or ndjson\n"
                     "  -D, --data DIR      the data directory\n"
                     "filters: --owner --team --segment --stage --status --source --since --until\n"
                     "         --period --where 'FIELD OP VALUE' (where they apply)\n");
    cli_init(&c, prog, usage, help.p);
    while ((ch = getopt_long(argc, argv, "D:hf:c:", opts, NULL)) != -1) {
        if (list_option(&c, &lo, ch, optarg))
            continue;
        if (ch >= OPT_MATCH0 && ch < OPT_MATCH0 + (int)nmatch) {
            if (margs[ch - OPT_MATCH0])
                cli_usage(&c, "--%s given twice (give a comma list)", match[ch - OPT_MATCH0]);
            margs[ch - OPT_MATCH0] = optarg;
            continue;
        }
        if (ch == OPT_ACTIVE) {
            lm.active = 1;
            active_arg = optarg;
            /* --active DATE as well as --active=DATE: a list has no operands */
            if (!optarg && optind < argc && argv[optind][0] != '-')
                active_arg = argv[optind++];
            continue;
        }
        if (ch >= FILTER_OWNER && ch <= FILTER_WHERE && !filter_applies(ent, ch)) {
            /* name the flag, not argv[optind - 1]: that is its value when given apart */
            const struct option *o = opts;
            while (o->name && o->val != ch)
                o++;
            cli_usage(&c, "--%s does not apply to %s", o->name, ent->name);
        }
        cli_option(&c, ch, optarg);
    }
    argc -= optind;
    argv += optind;
    if (argc > 0)
        cli_usage(&c, "unexpected operand '%s'", argv[0]);
    struct store *s = cli_open(&c);
    lm.cal = &s->cal;
    lm.today = s->today;
    lm.m = xcalloc(nmatch + 1, sizeof *lm.m);
    for (size_t k = 0; k < nmatch; k++) {
        int i = schema_col(ent, match[k]);
        if (!margs[k])
            continue;
        lm.m[lm.n].def = &ent->cols[i];
        colmatch_add(&c, &lm.m[lm.n++], margs[k]);
    }
    lm.day = active_arg ? cli_parse_date(&c, "active", active_arg) : s->today;

    struct table *t = store_read(s, ent, &c.err);
    if (!t)
        cli_fail(&c, &c.err);
    /* the columns the entity's own filters read must be in the file */
    for (size_t k = 0; k < lm.n; k++)
        if ((lm.m[k].col = table_find(t, lm.m[k].def->name)) < 0)
            cli_failf(&c, "%s: no column '%s'", t->name, lm.m[k].def->name);
    if (lm.active) {
        if ((lm.c_from = table_find(t, hooks->active_from)) < 0)
            cli_failf(&c, "%s: no column '%s'", t->name, hooks->active_from);
        if ((lm.c_to = table_find(t, hooks->active_to)) < 0)
            cli_failf(&c, "%s: no column '%s'", t->name, hooks->active_to);
    }
    if (lm.n || lm.active) {
        lo.keep = list_keep;
        lo.keep_ctx = &lm;
    }
    table_readahead(t); /* parsed on the other core while this one filters */
    verb_list_table(&c, t, &lo);
    table_free(t);
    int rc = cli_exit(&c, 0);
    for (size_t k = 0; k < lm.n; k++) {
        strv_free(lm.m[k].values);
        free(lm.m[k].periods);
    }
    free(lm.m);
    free(margs);
    free(opts);
    free(prog);
    sbuf_release(&help);
    return rc;
}

/* ---- update ----------------------------------------------------------- */

/* A name of the file's header? */
static int
header_has(char *const *head, const char *name)
{
    for (; head && *head; head++)
        if (strcmp(*head, name) == 0)
            return 1;
    return 0;
}

static const char *
col_type_name(enum col_type t)
{
    switch (t) {
    case CT_ID:
        return "an id";
    case CT_REF:
        return "a reference";
    case CT_ENUM:
        return "a choice";
    case CT_DATE:
        return "a date";
    case CT_DATETIME:
        return "a timestamp";
    case CT_MONEY:
        return "a money";
    case CT_INT:
        return "a number";
    case CT_PERCENT:
        return "a percent";
    case CT_BOOL:
        return "a yes/no";
    case CT_EMAIL:
        return "an email";
    case CT_PHONE:
        return "a phone";
    case CT_PERIOD:
        return "a period";
    case CT_CURRENCY:
        return "a currency";
    case CT_STAGE:
        return "a stage";
    case CT_DOMAIN:
        return "a domain";
    default:
        return "a text";
    }
}

/* --add-column NAME: a column of ent the file lacks (checked by its type
 * like any value), or a column of the user's own: a name as the tools
 * write them (a lowercase letter, then lowercase letters, digits and _),
 * and not one that another file holds with a type of its own, which the
 * reports and imports would read as that. 0, or -1 with e set. */
static int
new_column_check(const struct entity_def *ent, const char *name, struct err *e)
{
    size_t n = strlen(name);
    int ok = n > 0 && n <= 64 && name[0] >= 'a' && name[0] <= 'z';
    for (size_t i = 1; ok && i < n; i++)
        ok = (name[i] >= 'a' && name[i] <= 'z') || (name[i] >= '0' && name[i] <= '9') ||
             name[i] == '_';
    if (!ok)
        return err_set(e,
                       "bad column name '%s' (lowercase letters, digits and _, "
                       "beginning with a letter)",
                       name);
    if (schema_col(ent, name) >= 0)
        return 0;
    for (size_t i = 0; i < schema_nentities; i++) {
        const struct entity_def *x = schema_entities[i];
        int k = schema_col(x, name);
        if (k >= 0 && x->cols[k].type != CT_TEXT && x->cols[k].type != CT_NOTE)
            return err_set(e,
                           "'%s' is %s column of %s.csv: a column of your own needs "
                           "another name",
                           name, col_type_name(x->cols[k].type), x->name);
    }
    return 0;
}

struct update_ctx {
    struct store *s;
    struct fieldset *changes;
    struct hmap ids; /* id -> found (num 1) */
    struct stages stages;
    const struct stage *to; /* deals: a stage change */
    int have_stages;
    const char *entity, *singular;
};

/* The record rules *-add checks (validate_new), checked again for a row
 * whose update touched the fields they are about: at least one of
 * ent->one_of stays set; a deal's closed and lost_reason fit its stage. */
static int
update_rules(struct update_ctx *u, struct edit *ed, struct err *e)
{
    const struct entity_def *ent = ed->t->ent;
    const char *id = table_key(ed->t);

    if (ent->one_of) {
        char **names = str_split(ent->one_of, ',');
        int touched = 0, any = 0;
        struct sbuf b = {0};
        for (char **p = names; *p; p++) {
            touched |= fieldset_get(u->changes, *p) != NULL;
            any |= *edit_get(ed, *p) != '\0';
            sbuf_addf(&b, "%s%s", p == names ? "" : p[1] ? ", " : " or ", *p);
        }
        if (touched && !any)
            err_set(e, "%s %s would have no %s", ent->singular, id, b.p);
        strv_free(names);
        sbuf_release(&b);
        if (touched && !any)
            return -1;
    }
    if (u->have_stages &&
        (fieldset_get(u->changes, "closed") || fieldset_get(u->changes, "lost_reason"))) {
        const char *name = edit_get(ed, "stage");
        const struct stage *st = *name ? stages_find(&u->stages, name) : stages_first(&u->stages);
        enum deal_state state = st ? st->state : DEAL_OPEN;
        if (state == DEAL_OPEN && *edit_get(ed, "closed"))
            return err_set(e, "deal %s: closed is only set on won or lost deals (stage is %s)", id,
                           name);
        if (state != DEAL_OPEN && !*edit_get(ed, "closed"))
            return err_set(e, "deal %s: a %s deal keeps its closed date", id, name);
        if (state != DEAL_LOST && *edit_get(ed, "lost_reason"))
            return err_set(e, "deal %s: lost_reason is only set on lost deals", id);
    }
    return 0;
}

static int
update_row(void *vctx, struct edit *ed, struct err *e)
{
    struct update_ctx *u = vctx;
    struct hmap_entry *he;
    char ts[TS_BUFSZ];

    if (!ed) { /* the end: every id must have been there */
        for (size_t i = 0; i < u->ids.cap; i++)
            if (u->ids.slots[i].key && !u->ids.slots[i].v.num)
                return err_set(e, "unknown %s '%s' (not in %s.csv)",
                               schema_entity(u->entity)->singular, u->ids.slots[i].key, u->entity);
        return 0;
    }
    he = hmap_get(&u->ids, table_key(ed->t));
    if (!he)
        return 0;
    he->v.num = 1;
    for (size_t i = 0; i < u->changes->n; i++) {
        if (u->to && strcmp(u->changes->names[i], "stage") == 0)
            continue;
        if (edit_set(u->s, ed, u->changes->names[i], u->changes->values[i], e))
            return -1;
    }
    if (u->to) {
        /* --stage won --closed DATE: the deal closed on DATE, not today */
        const char *cl = fieldset_get(u->changes, "closed");
        sdate when = DATE_NONE;
        if (cl && *cl && date_parse(cl, &when))
            when = DATE_NONE;
        if (deal_apply_stage(u->s, ed, &u->stages, u->to, when,
                             fieldset_get(u->changes, "lost_reason"), 0, e))
            return -1;
    }
    if (update_rules(u, ed, e))
        return -1;
    if (table_find(ed->t, "updated") >= 0)
        return edit_set(u->s, ed, "updated", ts_format(u->s->now, ts), e);
    return 0;
}

int
verb_update(int argc, char **argv, const struct entity_def *ent, const char *usage)
{
    static const struct option extra[] = {
        {"set", required_argument, NULL, OPT_SET},
        {"add-column", no_argument, NULL, OPT_ADD_COLUMN},
        CLI_DRY_RUN_LONGOPT,
    };
    struct option *opts = column_options(ent, extra, 3);
    char *prog = prog_name(ent, "update");
    char *help =
        column_help(ent, "\n  --set FIELD=VALUE   any column, including your own; "
                         "FIELD= clears it\n"
                         "  --add-column        a --set column the file lacks is added "
                         "at the end\n"
                         "  -n, --dry-run       do it all as for real, then write nothing\n"
                         "  -D, --data DIR      the data directory\n");
    struct cli c;
    struct fieldset flags = {0}, changes = {0};
    struct update_ctx u;
    char **added = NULL; /* the columns --add-column adds, NULL-terminated */
    size_t nadded = 0;
    int ch, add_column = 0;

    memset(&u, 0, sizeof u);
    cli_init(&c, prog, usage, help);
    while ((ch = getopt_long(argc, argv, "D:hn", opts, NULL)) != -1) {
        if (ch >= OPT_COL0 && ch < OPT_COL0 + (int)ent->ncols)
            fieldset_set(&flags, ent->cols[ch - OPT_COL0].name, optarg);
        else if (ch == OPT_SET)
            parse_set(&c, &flags, optarg);
        else if (ch == OPT_ADD_COLUMN)
            add_column = 1;
        else
            cli_option(&c, ch, optarg);
    }
    argc -= optind;
    argv += optind;
    if (argc == 0)
        cli_usage(&c, "no %s id given", ent->singular);
    if (flags.n == 0)
        cli_usage(&c, "nothing to change (give fields as flags)");
    struct store *s = cli_open(&c);

    /* the ids: operands, or the id column of records on stdin */
    for (int i = 0; i < argc; i++) {
        if (strcmp(argv[i], "-") == 0) {
            struct recin *in = recin_open("-", ',', &c.err);
            struct record *rec;
            int rc;
            if (!in)
                cli_fail(&c, &c.err);
            if (recin_lacks(in, "id")) {
                recin_free(in);
                cli_failf(&c, "<stdin>:1: no id column (- reads records with an id column, "
                              "as %s-list -c id prints them)",
                          ent->singular);
            }
            while ((rc = recin_next(in, &rec, &c.err)) == 1) {
                const char *id = record_get(rec, "id");
                if (!id || !*id) {
                    char where[256];
                    snprintf(where, sizeof where, "%s", recin_where(in));
                    recin_free(in);
                    cli_failf(&c, "%s: no id", where);
                }
                hmap_put(&u.ids, id, NULL);
            }
            recin_free(in);
            if (rc < 0)
                cli_fail(&c, &c.err);
        } else {
            hmap_put(&u.ids, argv[i], NULL);
        }
    }

    cli_lock(&c);
    struct validator v;
    if (validator_init(&v, s, ent, &c.err))
        cli_fail(&c, &c.err);
    v.need_rates = 1;
    for (size_t i = 0; i < flags.n; i++) {
        const char *name = flags.names[i];
        int k = schema_col(ent, name);
        char *val;
        if (k >= 0 && (ent->cols[k].flags & COL_KEY))
            cli_failf(&c, "%s cannot be changed", name);
        if (k >= 0 && (ent->cols[k].flags & COL_AUTO))
            cli_failf(&c, "%s is set by the tools", name);
        if (!header_has(v.header, name)) {
            if (!add_column)
                cli_failf(&c, "%s.csv has no column '%s' (--add-column adds it)", ent->name, name);
            if (new_column_check(ent, name, &c.err))
                cli_fail(&c, &c.err);
            /* from here on the file's column, for the validator as for the rewrite */
            v.header = xrealloc(v.header, (strv_len(v.header) + 2) * sizeof *v.header);
            v.header[strv_len(v.header) + 1] = NULL;
            v.header[strv_len(v.header)] = xstrdup(name);
            added = xrealloc(added, (nadded + 2) * sizeof *added);
            added[nadded++] = xstrdup(name);
            added[nadded] = NULL;
        }
        if (!(val = validate_value(&v, name, flags.values[i], &c.err)))
            cli_fail(&c, &c.err);
        if (k >= 0 && (ent->cols[k].flags & COL_REQUIRED) && !*val)
            cli_failf(&c, "%s cannot be empty", name);
        fieldset_set(&changes, name, val);
        free(val);
    }
    validator_release(&v);
    if (ent == &schema_reps) {
        const char *m = fieldset_get(&changes, "manager");
        if (m && hmap_get(&u.ids, m))
            cli_failf(&c, "rep '%s' cannot be their own manager", m);
    }
    u.s = s;
    u.changes = &changes;
    u.entity = ent->name;
    u.singular = ent->singular;
    if (ent == &schema_deals &&
        (fieldset_get(&changes, "stage") || fieldset_get(&changes, "closed") ||
         fieldset_get(&changes, "lost_reason"))) {
        if (stages_load(s, &u.stages, &c.err))
            cli_fail(&c, &c.err);
        u.have_stages = 1;
        if (fieldset_get(&changes, "stage"))
            u.to = stages_find(&u.stages, fieldset_get(&changes, "stage"));
    }
    /* one rewrite: the new columns (empty for the other records) and the values */
    if (store_rewrite_cols(s, ent, (const char *const *)added, update_row, &u, NULL, &c.err))
        cli_fail(&c, &c.err);
    cli_commit(&c);
    if (u.have_stages)
        stages_release(&u.stages);
    hmap_release(&u.ids);
    fieldset_release(&flags);
    fieldset_release(&changes);
    strv_free(added);
    int rc = cli_exit(&c, 0);
    free(opts);
    free(prog);
    free(help);
    return rc;
}
