/*
 * check.c — the data directory checked, and safely normalised (see check.h).
 *
 * Two passes: the first collects what references point at (the ids of
 * every file, the stages, the reps and teams); the second checks each
 * file row by row, holding back the dates that are not ISO until the
 * whole column is seen (a column proves its format, or nothing is
 * changed). Findings of a file are emitted in line order; fixes are
 * applied by one rewrite per file, all in one transaction (store.h).
 */
#include "check.h"

#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "conv.h"
#include "entities.h"
#include "hmap.h"
#include "text.h"

struct finding {
    long line;
    char *msg;
    int fixed;
    size_t seq; /* the order found, for the order of one line's findings */
};

struct fix {
    long row;   /* ordinal of the data row */
    int col;    /* file column */
    char *val;
};

struct pend { /* a date waiting for its column's format */
    long row, line;
    int col;
    const struct column_def *c;
    char *val;
};

/* One data file as it stood when the check began: opened while the lock
 * was held, so no write can fall between the reads of two files (each
 * table reads up to the size its file had then; a rename later does not
 * reach an open file). */
struct snap {
    int missing;        /* the file is not there */
    int fd;             /* history.csv: the file the table reads, for a look at its end */
    struct table *t[2]; /* for the two passes (NULL: could not be read, see e) */
    struct err e;
};

struct ck {
    struct store *s;
    struct snap snap[16];
    int fix;
    check_emit_fn emit;
    void *ctx;
    struct check_counts *n;
    int cfg_ok;          /* config.json was read: its rates can be judged against */
    struct hmap ids[16]; /* per entity: key -> first line */
    struct hmap stages;  /* stage name in lowercase -> 1 open, 2 won, 3 lost */
    struct hmap spelling; /* stage name in lowercase -> as stages.csv spells it (owned) */
    struct hmap teams;
    struct hmap managers; /* rep -> manager (ptr, owned) */
    /* the file being checked */
    const char *file;
    struct finding *f;
    size_t nf;
    struct fix *fx;
    size_t nfx;
    struct pend *pd;
    size_t npd;
};

static void
finding(struct ck *k, long line, int fixed, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));

/* Add a finding to a list (*v, *n), in the order found. */
static void
add_finding(struct finding **v, size_t *n, long line, int fixed, const char *fmt, va_list ap)
{
    char buf[1200];
    vsnprintf(buf, sizeof buf, fmt, ap);
    *v = xrealloc(*v, (*n + 1) * sizeof **v);
    (*v)[*n] = (struct finding){line, xstrdup(buf), fixed, *n};
    (*n)++;
}

static void
finding(struct ck *k, long line, int fixed, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    add_finding(&k->f, &k->nf, line, fixed, fmt, ap);
    va_end(ap);
}

static void
add_fix(struct ck *k, long row, int col, const char *val)
{
    k->fx = xrealloc(k->fx, (k->nfx + 1) * sizeof *k->fx);
    k->fx[k->nfx].row = row;
    k->fx[k->nfx].col = col;
    k->fx[k->nfx].val = xstrdup(val);
    k->nfx++;
}

/* A value shown in a message: control characters escaped, cut at 60. */
static const char *
shown(const char *v)
{
    static char buf[4][200];
    static int which;
    char *b = buf[which++ & 3];
    size_t n = 0;
    for (const char *p = v; *p && n < 180; p++) {
        if (*p == '\n')
            n += (size_t)snprintf(b + n, 200 - n, "\\n");
        else if (*p == '\r')
            n += (size_t)snprintf(b + n, 200 - n, "\\r");
        else if (*p == '\t')
            n += (size_t)snprintf(b + n, 200 - n, "\\t");
        else
            b[n++] = *p;
        if (n > 60 && ((unsigned char)p[1] & 0xC0) != 0x80) {
            n += (size_t)snprintf(b + n, 200 - n, "...");
            break;
        }
    }
    b[n] = '\0';
    return b;
}

/* ---- pass 1: what references point at ---------------------------------- */

static void
collect(struct ck *k)
{
    struct err e;
    for (size_t x = 0; x < schema_nentities; x++) {
        const struct entity_def *ent = schema_entities[x];
        struct table *t;
        if (ent == &schema_history || !(t = k->snap[x].t[0]))
            continue;
        k->snap[x].t[0] = NULL;
        int c_team = ent == &schema_reps ? table_find(t, "team") : -1;
        int c_mgr = ent == &schema_reps ? table_find(t, "manager") : -1;
        int c_prob = ent == &schema_stages ? table_find(t, "stage") : -1;
        for (;;) {
            int rc = table_next(t, &e);
            if (rc == 0 || (rc < 0 && !(t->row && t->row->n > t->nhead)))
                break;
            const char *key = table_key(t);
            int is_new;
            struct hmap_entry *he = hmap_put(&k->ids[x], key, &is_new);
            if (is_new)
                he->v.num = table_line(t);
            if (c_team >= 0 && *table_cell(t, (size_t)c_team))
                hmap_put(&k->teams, table_cell(t, (size_t)c_team), NULL);
            if (c_mgr >= 0 && *table_cell(t, (size_t)c_mgr) && *key) {
                he = hmap_put(&k->managers, key, &is_new);
                if (is_new)
                    he->v.ptr = xstrdup(table_cell(t, (size_t)c_mgr));
            }
            if (c_prob >= 0) {
                char *name = xstrdup(table_cell(t, (size_t)c_prob)), *p = name, *q;
                while (*p == ' ' || *p == '\t')
                    p++;
                for (q = p; *q; q++)
                    *q = (char)tolower((unsigned char)*q);
                while (q > p && (q[-1] == ' ' || q[-1] == '\t'))
                    *--q = '\0';
                he = hmap_put(&k->stages, p, NULL);
                enum deal_state ds = stage_state(p);
                he->v.num = ds == DEAL_WON ? 2 : ds == DEAL_LOST ? 3 : 1;
                he = hmap_put(&k->spelling, p, &is_new);
                if (is_new) {
                    const char *raw = table_cell(t, (size_t)c_prob);
                    while (*raw == ' ' || *raw == '\t')
                        raw++;
                    size_t n = strlen(raw);
                    while (n && (raw[n - 1] == ' ' || raw[n - 1] == '\t'))
                        n--;
                    he->v.ptr = xstrndup(raw, n);
                }
                free(name);
            }
        }
        table_free(t);
    }
}

/* ---- pass 2: one file -------------------------------------------------- */

/* A date written relative to today ("today", "now", "+14d", "-3m"). */
static int
relative_date(const char *v)
{
    while (*v == ' ' || *v == '\t')
        v++;
    if (isalpha((unsigned char)*v))
        return 1;
    if (*v == '+' || *v == '-')
        v++;
    if (!isdigit((unsigned char)*v))
        return 0;
    while (isdigit((unsigned char)*v))
        v++;
    return strchr("dwmy", *v) && *v && (v[1] == '\0' || v[1] == ' ');
}

/* s trimmed and in lowercase, newly allocated. */
static char *
lowered(const char *s)
{
    char *l, *p;
    while (*s == ' ' || *s == '\t')
        s++;
    l = xstrdup(s);
    for (p = l; *p; p++)
        *p = (char)tolower((unsigned char)*p);
    while (p > l && (p[-1] == ' ' || p[-1] == '\t'))
        *--p = '\0';
    return l;
}

static void
check_value(struct ck *k, const struct column_def *c, int col,
            const char *v, long row, long line)
{
    struct err ve;
    char *norm = NULL;
    char buf[TS_BUFSZ > MONEY_BUFSZ ? TS_BUFSZ : MONEY_BUFSZ];

    if (!(norm = schema_normalize(c, v, &k->s->vc, &ve))) {
        money_t m;
        char cur[8];
        struct err me;
        if (c->type == CT_MONEY && conv_money(v, CONV_PROVE, &m, cur, &me) == 0 && m >= 0 &&
            conv_currency_agrees(cur, k->s->currency)) {
            money_format(m, buf);
            if (k->fix)
                add_fix(k, row, col, buf);
            finding(k, line, k->fix, "%s '%s' %s '%s'", c->name, shown(v),
                    k->fix ? "->" : "should be", buf);
            return;
        }
        sdate d;
        int secs;
        if ((c->type == CT_DATE || c->type == CT_DATETIME) && conv_date_iso(v, &d, &secs) == 0) {
            /* ISO, but with a time or zone the column does not hold that way */
            if (c->type == CT_DATETIME && secs >= 0)
                ts_format((int64_t)d * 86400 + secs, buf);
            else
                date_format(d, buf);
            if (k->fix)
                add_fix(k, row, col, buf);
            finding(k, line, k->fix, "%s '%s' %s '%s'", c->name, shown(v),
                    k->fix ? "->" : "should be", buf);
            return;
        }
        if ((c->type == CT_DATE || c->type == CT_DATETIME) && !relative_date(v)) {
            k->pd = xrealloc(k->pd, (k->npd + 1) * sizeof *k->pd);
            k->pd[k->npd] = (struct pend){row, line, col, c, xstrdup(v)};
            k->npd++;
            return;
        }
        finding(k, line, 0, "%s", ve.msg);
        return;
    }
    if (strcmp(norm, v) != 0 && c->type != CT_STAGE) { /* (stages: below) */
        if ((c->type == CT_DATE || c->type == CT_DATETIME) && relative_date(v))
            finding(k, line, 0, "%s '%s' is relative to today; a data file holds a date",
                    c->name, shown(v));
        else {
            if (k->fix)
                add_fix(k, row, col, norm);
            finding(k, line, k->fix, "%s '%s' %s '%s'", c->name, shown(v),
                    k->fix ? "->" : "should be", shown(norm));
        }
    }
    if (!*norm) {
        free(norm);
        return;
    }
    if (c->type == CT_REF) {
        const struct entity_def *target = schema_entity(c->ref);
        if (!hmap_get(&k->ids[schema_entity_index(target)], norm))
            finding(k, line, 0, "unknown %s '%s' (not in %s.csv)", c->name, shown(norm),
                    target->name);
    } else if (c->type == CT_STAGE) {
        /* any case names a stage; stored as stages.csv spells it */
        char *l = lowered(norm);
        struct hmap_entry *he = hmap_get(&k->spelling, l);
        free(l);
        if (!he)
            finding(k, line, 0, "unknown stage '%s' (not in stages.csv)", shown(norm));
        else if (strcmp(he->v.ptr, v) != 0) {
            if (k->fix)
                add_fix(k, row, col, he->v.ptr);
            finding(k, line, k->fix, "%s '%s' %s '%s'", c->name, shown(v),
                    k->fix ? "->" : "should be", shown(he->v.ptr));
        }
    }
    free(norm);
}

/* The value of a column as it will be (canonical when it can be). */
static char *
value(struct ck *k, const struct table *t, const char *col)
{
    int j = table_find(t, col), i = schema_col(t->ent, col);
    struct err e;
    char *v;
    if (j < 0)
        return xstrdup("");
    if (i >= 0 && (v = schema_normalize(&t->ent->cols[i], table_cell(t, (size_t)j), &k->s->vc, &e)))
        return v;
    return xstrdup(table_cell(t, (size_t)j));
}

/* "a" or "an" before a word. */
static const char *
article(const char *word)
{
    return strchr("aeiou", word[0]) ? "an" : "a";
}

/* An id of an entity with a prefix is that letter and a number from 1,
 * without leading zeros (L12): the form the tools give, and the only one
 * other files may refer to safely (no path, no formula, no second
 * spelling of the same number). Ids with spaces, commas or quotes are
 * reported by the type check already. */
static void
check_id_form(struct ck *k, const struct entity_def *ent, const char *id, long line)
{
    const char *p;
    char plain[80];
    if (!*id || schema_id_valid(ent, id)) /* the one rule, shared with sales-import */
        return;
    for (p = id; *p; p++)
        if ((unsigned char)*p <= ' ' || *p == ',' || *p == '"')
            return;
    for (size_t x = 0; x < schema_nentities; x++) {
        const struct entity_def *o = schema_entities[x];
        if (o->id_prefix && o != ent && schema_id_valid(o, id)) {
            finding(k, line, 0,
                    "bad id '%s' (%s %s id in %s.csv; %s %s id is %c and a number, like %c12)",
                    shown(id), article(o->singular), o->singular, ent->name, article(ent->singular),
                    ent->singular, ent->id_prefix, ent->id_prefix);
            return;
        }
    }
    for (p = id + 1; id[0] == ent->id_prefix && *p == '0'; p++)
        ;
    snprintf(plain, sizeof plain, "%c%.60s", ent->id_prefix, p);
    if (p > id + 1 && schema_id_valid(ent, plain)) {
        finding(k, line, 0,
                "bad id '%s' (%s %s id is %c and a number without leading zeros, like %s)",
                shown(id), article(ent->singular), ent->singular, ent->id_prefix, plain);
        return;
    }
    finding(k, line, 0, "bad id '%s' (%s %s id is %c and a number, like %c12)", shown(id),
            article(ent->singular), ent->singular, ent->id_prefix, ent->id_prefix);
}

/* A subscription needs what retention-report --mrr counts it by: an
 * account, a plan, an mrr and a start; an end, when set, is not before
 * the start. (Each value's own form is checked by its column's type.) */
static void
check_subscription(struct ck *k, const struct table *t, long line)
{
    static const char *const needs[][2] = {
        {"account", "an account"}, {"plan", "a plan"}, {"mrr", "an mrr"}, {"start", "a start date"}};
    const struct entity_def *ent = t->ent;
    for (size_t i = 0; i < sizeof needs / sizeof needs[0]; i++)
        if (table_find(t, needs[i][0]) >= 0 && !*table_get(t, schema_col(ent, needs[i][0])))
            finding(k, line, 0, "a subscription needs %s", needs[i][1]);
    char *start = value(k, t, "start"), *end = value(k, t, "end");
    sdate ds, de;
    if (*start && *end && date_parse(start, &ds) == 0 && date_parse(end, &de) == 0 && de < ds)
        finding(k, line, 0, "end %s is before start %s", end, start);
    free(start);
    free(end);
}

/* deals.csv's score column, when there (deal-score --write adds it): a
 * whole percentage, 0 to 100, as that command stores it. */
static void
check_deal_score(struct ck *k, const struct table *t, long line)
{
    int j = table_find(t, "score");
    const char *v;
    char *end;
    if (j < 0 || !*(v = table_cell(t, (size_t)j)))
        return;
    errno = 0;
    long n = strtol(v, &end, 10);
    if (!isdigit((unsigned char)v[0]) || *end || errno || n > 100)
        finding(k, line, 0, "bad score '%s' (expected a whole percentage from 0 to 100)", shown(v));
}

static void
check_rules(struct ck *k, const struct table *t, long line)
{
    const struct entity_def *ent = t->ent;
    for (size_t i = 0; i < ent->ncols; i++)
        if ((ent->cols[i].flags & COL_REQUIRED) && table_find(t, ent->cols[i].name) >= 0 &&
            !*table_get(t, (int)i))
            finding(k, line, 0, "%s is required", ent->cols[i].name);
    if (ent->one_of) {
        char **names = str_split(ent->one_of, ',');
        int any = 0, have = 0;
        for (char **p = names; *p; p++) {
            int c = schema_col(ent, *p);
            have |= table_find(t, *p) >= 0;
            any |= c >= 0 && *table_get(t, c);
        }
        if (have && !any) {
            struct sbuf b = {0};
            for (char **p = names; *p; p++)
                sbuf_addf(&b, "%s%s", p == names ? "" : p[1] ? ", " : " or ", *p);
            finding(k, line, 0, "a %s needs at least a %s", ent->singular, b.p);
            sbuf_release(&b);
        }
        strv_free(names);
    }
    if (ent->id_prefix)
        check_id_form(k, ent, table_get(t, schema_col(ent, "id")), line);
    if (ent == &schema_deals) {
        char *stage = value(k, t, "stage"), *closed = value(k, t, "closed"),
             *reason = value(k, t, "lost_reason"), *cur = value(k, t, "currency");
        char *lstage = lowered(stage);
        struct hmap_entry *he = hmap_get(&k->stages, lstage);
        int state = he ? (int)he->v.num : 0;
        free(lstage);
        if (state >= 2 && !*closed)
            finding(k, line, 0, "stage %s without a closed date", stage);
        if (state == 1 && *closed)
            finding(k, line, 0, "closed is set but stage %s is open", stage);
        if (*reason && state && state != 3)
            finding(k, line, 0, "lost_reason is set but stage %s is not lost", stage);
        if (*cur && k->cfg_ok && strcmp(cur, k->s->currency) != 0 && !store_rate(k->s, cur))
            finding(k, line, 0, "currency %s has no rate in config.json (\"rates\": {\"%s\": ...})",
                    shown(cur), shown(cur));
        free(stage);
        free(closed);
        free(reason);
        free(cur);
    } else if (ent == &schema_reps) {
        char *id = value(k, t, "id");
        if (*id && !schema_valid_handle(id) && !strpbrk(id, " \t,\""))  /* else reported as a bad id */
            finding(k, line, 0, "bad rep id '%s' (a handle: lowercase letters, digits, '.', '_', '-')",
                    shown(id));
        /* the manager chain must end */
        const char *at = id;
        struct sbuf path = {0};
        sbuf_adds(&path, id);
        for (int steps = 0; steps < 1000; steps++) {
            struct hmap_entry *he = hmap_get(&k->managers, at);
            if (!he)
                break;
            at = he->v.ptr;
            sbuf_addf(&path, " -> %s", at);
            if (strcmp(at, id) == 0) {
                finding(k, line, 0, "the manager chain loops: %s", shown(path.p));
                break;
            }
        }
        sbuf_release(&path);
        free(id);
    } else if (ent == &schema_quotas) {
        char *owner = value(k, t, "owner");
        if (*owner && !hmap_get(&k->ids[schema_entity_index(&schema_reps)], owner) &&
            !hmap_get(&k->teams, owner))
            finding(k, line, 0, "unknown quota owner '%s' (not a rep id nor a team in reps.csv)",
                    shown(owner));
        free(owner);
    } else if (ent == &schema_subscriptions) {
        check_subscription(k, t, line);
    }
    if (ent == &schema_deals)
        check_deal_score(k, t, line);
}

/* The dates that were not ISO: one format must read the whole column. */
static void
settle_dates(struct ck *k)
{
    for (size_t i = 0; i < k->npd; i++) {
        if (!k->pd[i].c)
            continue; /* done with its column */
        int col = k->pd[i].col, nfit;
        const char **vals = xcalloc(k->npd + 1, sizeof *vals);
        size_t n = 0;
        for (size_t j = i; j < k->npd; j++)
            if (k->pd[j].c && k->pd[j].col == col)
                vals[n++] = k->pd[j].val;
        const char *fmt = conv_date_infer(vals, n, &nfit);
        for (size_t j = i; j < k->npd; j++) {
            struct pend *p = &k->pd[j];
            sdate d;
            int secs;
            char buf[TS_BUFSZ];
            if (!p->c || p->col != col)
                continue;
            if (fmt && conv_date_fmt(p->val, fmt, &d, &secs) == 0) {
                if (p->c->type == CT_DATETIME && secs >= 0)
                    ts_format((int64_t)d * 86400 + secs, buf);
                else
                    date_format(d, buf);
                if (k->fix)
                    add_fix(k, p->row, p->col, buf);
                finding(k, p->line, k->fix, "%s '%s' %s '%s' (read as %s, the one format that fits the column)",
                        p->c->name, shown(p->val), k->fix ? "->" : "should be", buf, fmt);
            } else if (nfit > 1) {
                finding(k, p->line, 0,
                        "bad %s '%s' (day and month are ambiguous in this column: "
                        "expected YYYY-MM-DD)",
                        p->c->name, shown(p->val));
            } else {
                finding(k, p->line, 0, "bad %s '%s' (expected YYYY-MM-DD)", p->c->name,
                        shown(p->val));
            }
            p->c = NULL;
        }
        free(vals);
    }
}

static int
by_line(const void *a, const void *b)
{
    const struct finding *x = a, *y = b;
    if (x->line != y->line)
        return (x->line > y->line) - (x->line < y->line);
    return (x->seq > y->seq) - (x->seq < y->seq); /* stable: in the order found */
}

/* The findings of k->file, in line order, to the caller (none when rc
 * says the check failed: only counted); then forgotten. */
static void
emit_findings(struct ck *k, int rc)
{
    if (k->nf)
        qsort(k->f, k->nf, sizeof *k->f, by_line);
    for (size_t i = 0; i < k->nf; i++) {
        int fixed = k->f[i].fixed && rc == 0;
        if (rc == 0)
            k->emit(k->ctx, k->file, k->f[i].line, k->f[i].msg, fixed);
        if (fixed)
            k->n->fixed++;
        else
            k->n->findings++;
        free(k->f[i].msg);
    }
    free(k->f);
    k->f = NULL;
    k->nf = 0;
}

static int
by_row(const void *a, const void *b)
{
    const struct fix *x = a, *y = b;
    if (x->row != y->row)
        return (x->row > y->row) - (x->row < y->row);
    return (x > y) - (x < y);
}

struct fix_ctx {
    struct ck *k;
    long row;
    size_t next;
};

static int
apply_fixes(void *vctx, struct edit *ed, struct err *e)
{
    struct fix_ctx *fc = vctx;
    struct ck *k = fc->k;
    if (!ed)
        return 0;
    long row = fc->row++;
    while (fc->next < k->nfx && k->fx[fc->next].row == row) {
        struct fix *f = &k->fx[fc->next++];
        if (edit_set(k->s, ed, ed->t->head[f->col], f->val, e))
            return -1;
    }
    return 0;
}

static void
check_stages_file(struct ck *k)
{
    if (!hmap_get(&k->stages, "won"))
        finding(k, 0, 0, "no 'won' stage (deals are won by moving there)");
    if (!hmap_get(&k->stages, "lost"))
        finding(k, 0, 0, "no 'lost' stage (deals are lost by moving there)");
    int open = 0;
    for (size_t i = 0; i < k->stages.cap; i++)
        open |= k->stages.slots[i].key && k->stages.slots[i].v.num == 1;
    if (!open && k->stages.len)
        finding(k, 0, 0, "no open stage (new deals start in the first one)");
}

/* "FILE:LINE: what" -> what, with the line (0 when none). */
static const char *
strip_where(const char *msg, const char *file, long *line)
{
    size_t n = strlen(file);
    *line = 0;
    if (strncmp(msg, file, n) != 0 || msg[n] != ':')
        return msg;
    msg += n + 1;
    if (isdigit((unsigned char)*msg)) {
        char *end;
        *line = strtol(msg, &end, 10);
        msg = end + (*end == ':');
    }
    return msg + (*msg == ' ');
}

static int
check_file(struct ck *k, const struct entity_def *ent, struct err *e)
{
    char *path = store_path(k->s, "");
    struct sbuf fname = {0};
    struct err te;
    struct table *t;
    struct hmap keys = {0}, orders = {0};
    long row = 0;
    int rc = 0;

    sbuf_addf(&fname, "%s%s.csv", path, ent->name);
    free(path);
    k->file = fname.p;
    int fix = k->fix;
    if (ent == &schema_history)
        k->fix = 0; /* the audit log is reported, never rewritten */
    struct snap *sn = &k->snap[schema_entity_index(ent)];
    if (sn->missing) {
        finding(k, 0, 0, "missing (sales-init makes it)");
        goto emit;
    }
    if (!(t = sn->t[1])) {
        long line;
        const char *m = strip_where(sn->e.msg, fname.p, &line);
        finding(k, line, 0, "%s", m);
        goto emit;
    }
    sn->t[1] = NULL;
    int c_order = ent == &schema_stages ? table_find(t, "order") : -1;
    for (;;) {
        int r = table_next(t, &te);
        if (r == 0)
            break;
        long line = t->row ? t->row->line : 0;
        if (r < 0) {
            long eline;
            const char *m = strip_where(te.msg, k->file, &eline);
            if (strstr(m, "fields, but the header has")) { /* ragged: read on */
                finding(k, eline, 0, "%s", m);
                row++;
                continue;
            }
            /* malformed CSV: nothing after it can be trusted */
            finding(k, eline, 0, "%s (the rest of the file was not checked)", m);
            break;
        }
        for (size_t i = 0; i < ent->ncols; i++) {
            int j = t->col[i];
            if (j < 0)
                continue;
            const char *v = table_cell(t, (size_t)j);
            if (*v)
                check_value(k, &ent->cols[i], j, v, row, line);
        }
        check_rules(k, t, line);
        /* duplicate keys, compared in their canonical form */
        struct sbuf kb = {0};
        for (size_t i = 0; i < ent->ncols; i++)
            if (ent->cols[i].flags & COL_KEY) {
                char *x = value(k, t, ent->cols[i].name);
                if (ent == &schema_stages) { /* stage names match in any case */
                    char *l = lowered(x);
                    free(x);
                    x = l;
                }
                sbuf_addf(&kb, "%s%s", kb.len ? "/" : "", x);
                free(x);
            }
        const char *key = kb.p ? kb.p : "";
        int is_new;
        if (*key && ent != &schema_history) {
            struct hmap_entry *he = hmap_put(&keys, key, &is_new);
            if (is_new)
                he->v.num = line;
            else {
                int idcol = schema_col(ent, "id") >= 0;
                finding(k, line, 0, "duplicate %s '%s' (first on line %lld)",
                        idcol ? "id" : ent == &schema_stages ? "stage" : ent->singular, shown(key),
                        (long long)he->v.num);
            }
        } else if (ent->id_prefix || ent == &schema_reps) {
            finding(k, line, 0, "no id");
        }
        sbuf_release(&kb);
        if (c_order >= 0 && *table_cell(t, (size_t)c_order)) {
            struct hmap_entry *he = hmap_put(&orders, table_cell(t, (size_t)c_order), &is_new);
            if (is_new)
                he->v.num = line;
            else
                finding(k, line, 0, "order %s is also the order of line %lld",
                        shown(table_cell(t, (size_t)c_order)), (long long)he->v.num);
        }
        row++;
    }
    table_free(t);
    if (ent == &schema_stages)
        check_stages_file(k);
    settle_dates(k);
    if (k->fix && k->nfx && ent != &schema_history) {
        struct fix_ctx fc = {k, 0, 0};
        qsort(k->fx, k->nfx, sizeof *k->fx, by_row); /* (nfx > 0 here) */
        if (store_rewrite(k->s, ent, apply_fixes, &fc, NULL, 0, e))
            rc = -1;
    }
emit:
    emit_findings(k, rc);
    for (size_t i = 0; i < k->nfx; i++)
        free(k->fx[i].val);
    free(k->fx);
    k->fx = NULL;
    k->nfx = 0;
    for (size_t i = 0; i < k->npd; i++)
        free(k->pd[i].val);
    free(k->pd);
    k->pd = NULL;
    k->npd = 0;
    hmap_release(&keys);
    hmap_release(&orders);
    sbuf_release(&fname);
    k->file = NULL;
    k->fix = fix;
    return rc;
}

/* Every file opened (copies tables of each) within one hold of the lock:
 * the check waits for a writer once, at most SALES_LOCK_TIMEOUT seconds,
 * and fails as a whole when it cannot get the lock, rather than once per
 * file. The lock is kept when keep (--fix writes under it); otherwise it
 * goes as soon as the files are open. In a directory this user cannot
 * write, where no lock file can be made, the files are read as any
 * reader reads them there. */
static int
take_snapshot(struct ck *k, int copies, int keep, struct err *e)
{
    if (store_lock(k->s, e) != 0) {
        if (keep || access(k->s->dir, W_OK) == 0)
            return -1;
    }
    for (size_t x = 0; x < schema_nentities; x++) {
        const struct entity_def *ent = schema_entities[x];
        struct snap *sn = &k->snap[x];
        char *path = store_path(k->s, "");
        struct sbuf fname = {0};
        sbuf_addf(&fname, "%s%s.csv", path, ent->name);
        free(path);
        if (access(fname.p, F_OK) != 0)
            sn->missing = 1;
        sn->fd = ent == &schema_history && !sn->missing ? open(fname.p, O_RDONLY | O_CLOEXEC) : -1;
        for (int c = 0; c < copies && !sn->missing; c++)
            if (!(sn->t[c] = store_read(k->s, ent, &sn->e)))
                break;
        sbuf_release(&fname);
    }
    if (!keep)
        store_unlock(k->s);
    return 0;
}

static void
release_snapshot(struct ck *k)
{
    for (size_t x = 0; x < schema_nentities; x++) {
        for (int c = 0; c < 2; c++) {
            table_free(k->snap[x].t[c]);
            k->snap[x].t[c] = NULL;
        }
        if (k->snap[x].fd >= 0)
            close(k->snap[x].fd);
        k->snap[x].fd = -1;
    }
}

/* ---- --history: history.csv replayed against the files ----------------- */

/*
 * What history.csv says of a record is one 64-bit state: the line of the
 * last row about it and what happened to it (HR_*), or, for the fewer
 * records with recorded fields or a deleting row, HS_EXT and the index
 * of an hext that holds those as well. The states of an entity with ids
 * are found by the id's number in an array (history.csv is mostly
 * "created" rows in id order: no hashing, and one state lies beside the
 * last); the others (reps, entities keyed by columns, ids in another
 * form or far beyond the rest) in a map. A million-row history is thus
 * a few bytes a record, and a lookup a row.
 */
#define HR_CREATED 1u /* a "created" row */
#define HR_DELETED 2u /* a deleting row ("deleted", "merged into L1") since */
#define HR_KNOWN 4u   /* created, or a field of it recorded: it must be somewhere */
#define HR_SEEN 8u    /* found in the data file */
#define HS_EXT (UINT64_C(1) << 63)

struct hval {         /* a field's last recorded value */
    const char *name; /* interned in hx.names */
    const char *val;  /* pooled */
    int64_t line;
};

struct hext {
    int64_t line;
    const char *why; /* the row that deleted it, pooled */
    const char *cur; /* keyed by columns: its key since a key column changed
                        (pooled); NULL: the key it is under */
    struct hval *f;  /* its recorded fields (pooled) */
    uint32_t nf, capf;
    unsigned flags;
};

struct hvec { /* states by id number; 0: none */
    uint64_t *v;
    size_t cap, used;
};

struct hx {
    struct ck *k;
    struct hvec vec[16];  /* per entity with ids */
    struct hmap recs[16]; /* per entity: key -> state (v.num) */
    struct hext *ext;
    size_t next, capext;
    struct hmap names; /* field names; an entry's key is the interned name */
    struct pool pool;
    char *hpath;        /* DIR/history.csv */
    long lastline;      /* the line its last row starts on */
    struct finding *hf; /* the findings on history.csv's lines */
    size_t nhf;
};

/* Entities whose records are keyed by columns (quotas: "alice/2026-Q4")
 * rather than by an id. */
static int
keyed(const struct entity_def *ent)
{
    return !ent->id_prefix && ent != &schema_reps;
}

static unsigned
st_flags(const struct hx *h, uint64_t st)
{
    return st & HS_EXT ? h->ext[st & ~HS_EXT].flags : (unsigned)(st & 0xff);
}

static int64_t
st_line(const struct hx *h, uint64_t st)
{
    return st & HS_EXT ? h->ext[st & ~HS_EXT].line : (int64_t)(st >> 8);
}

static struct hext *
st_ext(const struct hx *h, uint64_t st)
{
    return st & HS_EXT ? &h->ext[st & ~HS_EXT] : NULL;
}

/* The record's state with room for fields and the rest. */
static struct hext *
to_ext(struct hx *h, uint64_t *st)
{
    struct hext *x;
    if (*st & HS_EXT)
        return &h->ext[*st & ~HS_EXT];
    if (h->next == h->capext) {
        h->capext = h->capext ? 2 * h->capext : 1024;
        h->ext = xrealloc(h->ext, h->capext * sizeof *h->ext);
    }
    x = &h->ext[h->next];
    memset(x, 0, sizeof *x);
    x->line = (int64_t)(*st >> 8);
    x->flags = (unsigned)(*st & 0xff);
    *st = HS_EXT | h->next++;
    return x;
}

/* Where the state of a record is: found, or (make) made, zero, for the
 * caller to set. NULL when not found and not made. The pointer is good
 * until the next state is made. */
static uint64_t *
rec_state(struct hx *h, int x, const char *id, size_t n, int make)
{
    const struct entity_def *ent = schema_entities[x];
    struct hvec *v = &h->vec[x];
    long long num = ent->id_prefix ? schema_id_number_n(id, n, ent->id_prefix) : -1;
    struct hmap_entry *he;

    if (num > 0 && (size_t)num < v->cap && v->v[num])
        return &v->v[num];
    if (h->recs[x].len && (he = hmap_get_n(&h->recs[x], id, n)))
        return (uint64_t *)&he->v.num;
    if (!make)
        return NULL;
    /* by number while the array stays within a few times the records */
    if (num > 0 && num < (1LL << 26) && (size_t)num <= 2 * v->used + (1u << 20)) {
        if ((size_t)num >= v->cap) {
            size_t cap = v->cap ? 2 * v->cap : 1024;
            while (cap <= (size_t)num)
                cap *= 2;
            v->v = xrealloc(v->v, cap * sizeof *v->v);
            memset(v->v + v->cap, 0, (cap - v->cap) * sizeof *v->v);
            v->cap = cap;
        }
        v->used++;
        return &v->v[num];
    }
    return (uint64_t *)&hmap_put_n(&h->recs[x], id, n, NULL)->v.num;
}

static const char *
intern(struct hx *h, const char *name, size_t n)
{
    return hmap_put_n(&h->names, name, n, NULL)->key;
}

static void
set_field(struct hx *h, struct hext *r, const char *name, const char *val, size_t n, int64_t line)
{
    struct hval *f = NULL;
    for (uint32_t i = 0; i < r->nf; i++)
        if (r->f[i].name == name)
            f = &r->f[i];
    if (!f) {
        if (r->nf == r->capf) { /* (the old array stays in the pool) */
            uint32_t cap = r->capf ? 2 * r->capf : 4;
            struct hval *nfv = pool_alloc(&h->pool, cap * sizeof *nfv);
            if (r->nf)
                memcpy(nfv, r->f, r->nf * sizeof *nfv);
            r->f = nfv;
            r->capf = cap;
        }
        f = &r->f[r->nf++];
        f->name = name;
        f->val = NULL;
    }
    if (!f->val || strlen(f->val) != n || memcmp(f->val, val, n) != 0)
        f->val = pool_strndup(&h->pool, val, n);
    f->line = line;
}

/* A key column of a keyed entity changed (sales-check --fix wrote a
 * quota's period in its canonical form): the record is found under its
 * new key from now on, and still under the old one, the key the other
 * rows of that command name it by. */
static void
rekey(struct hx *h, int x, uint64_t st, const char *oldkey, const char *field, const char *val)
{
    const struct entity_def *ent = schema_entities[x];
    struct hext *r = st_ext(h, st);
    struct sbuf nk = {0};
    char **parts = str_split(r->cur ? r->cur : oldkey, '/');
    size_t np = strv_len(parts), c = 0, ci = (size_t)-1;
    for (size_t i = 0; i < ent->ncols; i++)
        if (ent->cols[i].flags & COL_KEY) {
            if (strcmp(ent->cols[i].name, field) == 0)
                ci = c;
            c++;
        }
    if (ci != (size_t)-1 && np == c) { /* else a '/' in a value: the key cannot be told */
        for (size_t i = 0; i < np; i++)
            sbuf_addf(&nk, "%s%s", i ? "/" : "", i == ci ? val : parts[i]);
        struct hmap_entry *he = hmap_put(&h->recs[x], nk.p, NULL);
        uint64_t to = (uint64_t)he->v.num;
        if (to && to != st) {
            /* the key it had was a hand edit of a key history knows
             * (--fix wrote 2026-q4 back as 2026-Q4): one record, whose
             * rows are both */
            struct hext *into = to_ext(h, (uint64_t *)&he->v.num);
            r = st_ext(h, st); /* (to_ext may have moved it) */
            for (uint32_t i = 0; i < r->nf; i++) {
                int later = 0; /* a value it has from a later row stays */
                for (uint32_t j = 0; j < into->nf; j++)
                    later |= into->f[j].name == r->f[i].name && into->f[j].line > r->f[i].line;
                if (!later)
                    set_field(h, into, r->f[i].name, r->f[i].val, strlen(r->f[i].val),
                              r->f[i].line);
            }
            into->flags |= r->flags & HR_KNOWN;
            into->line = r->line > into->line ? r->line : into->line;
            into->cur = pool_strdup(&h->pool, nk.p);
            st = (uint64_t)he->v.num;
            hmap_put(&h->recs[x], r->cur ? r->cur : oldkey, NULL)->v.num = (int64_t)st;
        } else {
            he->v.num = (int64_t)st;
            r->cur = pool_strdup(&h->pool, nk.p);
        }
    }
    sbuf_release(&nk);
    strv_free(parts);
}

static void hfinding(struct hx *h, long line, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

static void
hfinding(struct hx *h, long line, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    add_finding(&h->hf, &h->nhf, line, 0, fmt, ap);
    va_end(ap);
}

/* Replay history.csv: what its rows say of each record. Returns 0, or -1
 * when it cannot be read to its end (reported: nothing is compared). */
static int
replay(struct hx *h, struct table *t)
{
    static const char *const cols[] = {"entity", "id", "field", "new"};
    int c[4], x = -1, r;
    struct sbuf last = {0}; /* the entity of the row before */
    struct err te;
    const char *f_updated = intern(h, "updated", 7), *f_id = intern(h, "id", 2);

    for (int i = 0; i < 4; i++)
        if ((c[i] = table_find(t, cols[i])) < 0) {
            hfinding(h, 1, "no '%s' column (history.csv was not replayed)", cols[i]);
            return -1;
        }
    csvio_readahead(t->csv); /* parsed on the other core */
    sbuf_adds(&last, "");
    while ((r = table_next(t, &te)) != 0) {
        if (r < 0) {
            long line;
            const char *m = strip_where(te.msg, h->hpath, &line);
            hfinding(h, line, "%s (history.csv was not replayed; nothing was compared)", m);
            sbuf_release(&last);
            return -1;
        }
        const struct csvio_row *row = t->row;
        h->lastline = row->line;
        const char *cell[4];
        size_t len[4];
        for (int i = 0; i < 4; i++) {
            size_t j = (size_t)c[i];
            cell[i] = j < row->n ? row->f[j] : "";
            len[i] = j < row->n ? row->len[j] : 0;
        }
        if (!len[1]) /* an import's or an undo's first row: about no record */
            continue;
        if (len[0] != last.len || memcmp(cell[0], last.p, len[0]) != 0) {
            sbuf_reset(&last);
            sbuf_add(&last, cell[0], len[0]);
            x = -1;
            for (size_t i = 0; i < schema_nentities; i++)
                if (strcmp(schema_entities[i]->name, last.p) == 0 &&
                    schema_entities[i] != &schema_history)
                    x = (int)i;
        }
        if (x < 0) /* not a data file: nothing to compare with */
            continue;
        const struct entity_def *ent = schema_entities[x];
        int64_t line = row->line;
        uint64_t *st = rec_state(h, x, cell[1], len[1], 1);
        struct hext *rx;
        if (!len[2]) { /* what happened to the record */
            if (strcmp(cell[3], "created") == 0) {
                /* its values are the creation's, whatever rows said before */
                if ((rx = st_ext(h, *st))) {
                    rx->flags = (rx->flags & ~HR_DELETED) | HR_CREATED | HR_KNOWN;
                    rx->nf = 0;
                    rx->why = NULL;
                    rx->line = line;
                } else {
                    unsigned fl = (unsigned)(*st & 0xff);
                    *st = (uint64_t)line << 8 | ((fl & ~HR_DELETED) | HR_CREATED | HR_KNOWN);
                }
            } else if (strcmp(cell[3], "deleted") == 0 ||
                       strncmp(cell[3], "merged into ", 12) == 0) {
                rx = to_ext(h, st);
                rx->flags |= HR_DELETED;
                rx->why = pool_strndup(&h->pool, cell[3], len[3]);
                rx->line = line;
            } else if ((rx = st_ext(h, *st))) {
                /* anything else ("deleted duplicate": one of two rows with
                 * the key went, the other stays) changes nothing */
                rx->line = line;
            } else {
                *st = (uint64_t)line << 8 | (*st & 0xff);
            }
            continue;
        }
        const char *name = intern(h, cell[2], len[2]);
        if (name == f_updated || (name == f_id && !keyed(ent))) {
            /* not recorded by every change (see the man page) */
            if ((rx = st_ext(h, *st))) {
                rx->line = line;
                rx->flags |= HR_KNOWN;
            } else
                *st = (uint64_t)line << 8 | (*st & 0xff) | HR_KNOWN;
            continue;
        }
        rx = to_ext(h, st);
        if ((rx->flags & HR_DELETED) && keyed(ent)) {
            /* a key used again (a quota set after its import was undone) */
            rx->flags &= ~HR_DELETED;
            rx->nf = 0;
            rx->why = NULL;
        }
        rx->flags |= HR_KNOWN;
        rx->line = line;
        set_field(h, rx, name, cell[3], len[3], line);
        if (keyed(ent)) {
            int k = schema_col(ent, name);
            if (k >= 0 && (ent->cols[k].flags & COL_KEY)) {
                char *oldkey = xstrndup(cell[1], len[1]);
                rekey(h, x, *st, oldkey, name, cell[3]);
                free(oldkey);
            }
        }
    }
    sbuf_release(&last);
    /* a row the tools write ends its line: one that does not was cut
     * short (a crash while history.csv was appended to), and what the
     * rows after it would have said is not there */
    int64_t end = csvio_bytes(t->csv);
    int fd = h->k->snap[schema_entity_index(&schema_history)].fd;
    char ch = '\n';
    if (fd >= 0 && end > 0 && pread(fd, &ch, 1, (off_t)end - 1) != 1)
        ch = '\n';
    if (ch != '\n' && ch != '\r')
        hfinding(h, h->lastline ? h->lastline : 1,
                 "the last row does not end its line (a write cut short?)");
    return 0;
}

/* A value for a message: 'x', or "empty". */
static const char *
quoted(const char *v)
{
    static char buf[2][220];
    static int which;
    char *b = buf[which++ & 1];
    if (!*v)
        return "empty";
    snprintf(b, sizeof buf[0], "'%s'", shown(v));
    return b;
}

/* Do a file's value and a recorded one say the same? Either as they are,
 * or in the form the tools store (a hand edit that only changed the form,
 * "Qualified" for "qualified", is the plain check's to report). */
static int
same_value(struct ck *k, const struct column_def *def, const char *file, const char *rec)
{
    struct err e;
    char *a, *b;
    int same;
    if (strcmp(file, rec) == 0)
        return 1;
    if (!def || !(a = schema_normalize(def, file, &k->s->vc, &e)))
        return 0;
    if (!(b = schema_normalize(def, rec, &k->s->vc, &e))) {
        free(a);
        return 0;
    }
    same = strcmp(a, b) == 0;
    free(a);
    free(b);
    return same;
}

/* A record's recorded fields against its row: in the file's column
 * order, then those the file has no column for. */
static void
compare_fields(struct hx *h, struct table *t, const char *const *iname,
               const struct column_def *const *def, const char *what, const char *key,
               const struct hext *r, long line)
{
    struct ck *k = h->k;
    uint32_t matched = 0;
    for (size_t j = 0; j < t->nhead && matched < r->nf; j++) {
        if (!iname[j])
            continue;
        for (uint32_t i = 0; i < r->nf; i++) {
            const struct hval *f = &r->f[i];
            if (f->name != iname[j])
                continue;
            matched++;
            const char *v = table_cell(t, j);
            if (same_value(k, def[j], v, f->val))
                break;
            if (*f->val)
                finding(k, line, 0, "%s %s: %s is %s, but history.csv:%lld made it %s", what,
                        shown(key), f->name, quoted(v), (long long)f->line, quoted(f->val));
            else
                finding(k, line, 0, "%s %s: %s is %s, but history.csv:%lld emptied it", what,
                        shown(key), f->name, quoted(v), (long long)f->line);
            break;
        }
    }
    for (uint32_t i = 0; matched < r->nf && i < r->nf; i++) {
        const struct hval *f = &r->f[i];
        if (*f->val && table_find(t, f->name) < 0)
            finding(k, line, 0, "%s %s: there is no %s column, but history.csv:%lld made it %s",
                    what, shown(key), f->name, (long long)f->line, quoted(f->val));
    }
}

/* A record history knows of and its file lacks, unless a row deleted it. */
static void
report_missing(struct hx *h, const struct entity_def *ent, const char *key, uint64_t st)
{
    unsigned fl = st_flags(h, st);
    if ((fl & HR_KNOWN) && !(fl & (HR_DELETED | HR_SEEN)))
        hfinding(h, (long)st_line(h, st),
                 "%s %s is not in %s.csv, yet no row of history.csv deletes it", ent->singular,
                 shown(key), ent->name);
}

/* One data file against what history.csv says of its records. */
static void
compare_file(struct hx *h, int x)
{
    struct ck *k = h->k;
    const struct entity_def *ent = schema_entities[x];
    struct snap *sn = &k->snap[x];
    struct table *t = sn->t[0];
    struct sbuf fname = {0};
    char *dir = store_path(k->s, "");
    int whole = 0; /* read to its end: what it lacks can be told */
    struct err te;
    const char **iname = NULL;            /* per file column: its interned name, or NULL */
    const struct column_def **def = NULL; /* per file column: its schema column, or NULL */

    sbuf_addf(&fname, "%s%s.csv", dir, ent->name);
    free(dir);
    k->file = fname.p;
    sn->t[0] = NULL;
    if (sn->missing) {
        finding(k, 0, 0, "missing (sales-init makes it)");
        goto out;
    }
    if (!t) {
        long line;
        const char *m = strip_where(sn->e.msg, fname.p, &line);
        finding(k, line, 0, "%s", m);
        goto out;
    }
    csvio_readahead(t->csv);
    iname = xcalloc(t->nhead + 1, sizeof *iname);
    def = xcalloc(t->nhead + 1, sizeof *def);
    for (size_t j = 0; j < t->nhead; j++) {
        struct hmap_entry *ne = hmap_get(&h->names, t->head[j]);
        int i = schema_col(ent, t->head[j]);
        iname[j] = ne ? ne->key : NULL;
        def[j] = i >= 0 ? &ent->cols[i] : NULL;
    }
    for (;;) {
        int r = table_next(t, &te);
        if (r == 0) {
            whole = 1;
            break;
        }
        if (r < 0) {
            long eline;
            const char *m = strip_where(te.msg, k->file, &eline);
            if (strstr(m, "fields, but the header has")) { /* ragged: read on */
                finding(k, eline, 0, "%s", m);
                continue;
            }
            finding(k, eline, 0, "%s (the rest of the file was not compared)", m);
            break;
        }
        long line = table_line(t);
        const char *key = table_key(t);
        if (!*key)
            continue; /* the plain check reports a row without an id */
        uint64_t *st = rec_state(h, x, key, strlen(key), 0);
        unsigned fl = st ? st_flags(h, *st) : 0;
        if (st) {
            struct hext *rx = st_ext(h, *st);
            if (rx)
                rx->flags |= HR_SEEN;
            else
                *st |= HR_SEEN;
        }
        if (fl & HR_DELETED) {
            finding(k, line, 0, "%s %s is here, but history.csv:%lld says '%s'", ent->singular,
                    shown(key), (long long)st_line(h, *st), shown(st_ext(h, *st)->why));
        } else if (!(fl & (keyed(ent) ? HR_KNOWN : HR_CREATED))) {
            /* quotas, budget lines and stages are plans and settings that
             * are also written by hand or by sales-init, without rows */
            if (!keyed(ent))
                finding(k, line, 0, "%s %s has no 'created' row in history.csv", ent->singular,
                        shown(key));
        } else if (st_ext(h, *st) && st_ext(h, *st)->nf) {
            compare_fields(h, t, iname, def, ent->singular, key, st_ext(h, *st), line);
        }
    }
    if (whole) {
        struct hvec *v = &h->vec[x];
        char idbuf[32];
        for (size_t i = 1; i < v->cap; i++)
            if (v->v[i]) {
                snprintf(idbuf, sizeof idbuf, "%c%zu", ent->id_prefix, i);
                report_missing(h, ent, idbuf, v->v[i]);
            }
        for (size_t i = 0; i < h->recs[x].cap; i++) {
            struct hmap_entry *he = &h->recs[x].slots[i];
            struct hext *rx;
            if (!he->key)
                continue;
            rx = st_ext(h, (uint64_t)he->v.num);
            if (rx && rx->cur && strcmp(rx->cur, he->key) != 0)
                continue; /* its old key: it goes by its new one */
            report_missing(h, ent, he->key, (uint64_t)he->v.num);
        }
    }
out:
    table_free(t);
    free(iname);
    free(def);
    emit_findings(k, 0);
    sbuf_release(&fname);
    k->file = NULL;
}

int
check_history(struct store *s, check_emit_fn emit, void *ctx, struct check_counts *n, struct err *e)
{
    struct ck k;
    struct hx h;
    int hx_i = schema_entity_index(&schema_history);

    memset(&k, 0, sizeof k);
    memset(&h, 0, sizeof h);
    memset(n, 0, sizeof *n);
    k.s = s;
    k.emit = emit;
    k.ctx = ctx;
    k.n = n;
    h.k = &k;
    if (take_snapshot(&k, 1, 0, e))
        return -1;
    h.hpath = store_path(s, "history.csv");
    struct snap *hs = &k.snap[hx_i];
    if (hs->missing) {
        hfinding(&h, 0, "missing (sales-init makes it; history.csv was not replayed)");
    } else if (!hs->t[0]) {
        long line;
        const char *m = strip_where(hs->e.msg, h.hpath, &line);
        hfinding(&h, line, "%s (history.csv was not replayed)", m);
    } else if (replay(&h, hs->t[0]) == 0) {
        for (size_t x = 0; x < schema_nentities; x++)
            if ((int)x != hx_i)
                compare_file(&h, (int)x);
    }
    /* history.csv's own findings come last, as the file does */
    k.file = h.hpath;
    k.f = h.hf;
    k.nf = h.nhf;
    emit_findings(&k, 0);
    k.file = NULL;
    release_snapshot(&k);
    for (size_t x = 0; x < 16; x++) {
        hmap_release(&h.recs[x]);
        free(h.vec[x].v);
    }
    hmap_release(&h.names);
    pool_release(&h.pool);
    free(h.ext);
    free(h.hpath);
    return 0;
}

int
check_run(struct store *s, const struct err *cfg_err, int fix, check_emit_fn emit, void *ctx,
          struct check_counts *n, struct err *e)
{
    struct ck k;
    int rc = 0;

    memset(&k, 0, sizeof k);
    memset(n, 0, sizeof *n);
    k.s = s;
    k.fix = fix;
    k.emit = emit;
    k.ctx = ctx;
    k.n = n;
    if (take_snapshot(&k, 2, fix, e))
        return -1;
    k.cfg_ok = 1;
    if (cfg_err && *cfg_err->msg) {
        emit(ctx, NULL, 0, cfg_err->msg, 0);
        n->findings++;
        k.cfg_ok = 0; /* its currency and rates are unknown: they are not judged */
    }
    collect(&k);
    for (size_t x = 0; x < schema_nentities && rc == 0; x++)
        rc = check_file(&k, schema_entities[x], e);
    if (rc == 0 && fix && store_commit(s, e))
        rc = -1;
    release_snapshot(&k);
    for (size_t x = 0; x < 16; x++)
        hmap_release(&k.ids[x]);
    hmap_release(&k.stages);
    for (size_t i = 0; i < k.spelling.cap; i++)
        if (k.spelling.slots[i].key)
            free(k.spelling.slots[i].v.ptr);
    hmap_release(&k.spelling);
    hmap_release(&k.teams);
    for (size_t i = 0; i < k.managers.cap; i++)
        if (k.managers.slots[i].key)
            free(k.managers.slots[i].v.ptr);
    hmap_release(&k.managers);
    return rc;
}
