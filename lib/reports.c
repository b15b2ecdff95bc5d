/* reports.c — pipeline, quota attainment, pipeline forecast, bookings (see reports.h). */
#include "reports.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "text.h"

/* Open deals.csv with the filter bound; reports read deals through this. */
static struct table *
open_deals(struct store *s, struct filter *f, struct err *e)
{
    struct table *t = deals_open(s, e);
    if (t && filter_bind(f, t, e)) {
        table_free(t);
        return NULL;
    }
    if (t) /* parsed on the other core while this one sums */
        table_readahead(t);
    return t;
}

/* One pass over the filtered deals: row(run, t, e) for each. 0, or -1 with
 * e set by the read or by row. The reports below are begin, this, end. */
typedef int deal_row_fn(void *run, const struct table *t, struct err *e);

static int
deals_each(struct store *s, struct filter *f, deal_row_fn *row, void *run, struct err *e)
{
    struct table *t = open_deals(s, f, e);
    int r = -1;

    if (!t)
        return -1;
    while ((r = table_next(t, e)) == 1)
        if (row(run, t, e)) {
            r = -1;
            break;
        }
    table_free(t);
    return r;
}

int
report_window(const struct store *s, const struct filter *f, sdate *from, sdate *to,
              struct period *p)
{
    filter_date_range(f, from, to);
    if (*from == DATE_NONE && *to == DATE_NONE) {
        period_of(s->today, PERIOD_QUARTER, &s->cal, p);
        *from = p->start;
        *to = p->end - 1;
        return 1;
    }
    if (f->has_period && f->period.start == *from && f->period.end == *to + 1) {
        *p = f->period;
        return 1;
    }
    return 0;
}

int
report_window_take(const struct store *s, struct filter *f, sdate *from, sdate *to,
                   struct period *p, struct filter_dates *saved)
{
    int one = report_window(s, f, from, to, p);
    sdate since, until;
    filter_take_dates(f, saved, &since, &until);
    return one;
}

void *
report_group(struct report_groups *g, const char *key, int *is_new)
{
    int added;
    struct hmap_entry *he = hmap_put(&g->idx, key, &added);
    if (added) {
        if (g->n == g->cap) {
            g->cap = g->cap ? g->cap * 2 : 16;
            g->v = xrealloc(g->v, g->cap * g->size);
        }
        char *x = (char *)g->v + g->n * g->size;
        memset(x, 0, g->size);
        *(char **)x = xstrdup(key);
        he->v.num = (int64_t)g->n++;
    }
    if (is_new)
        *is_new = added;
    return (char *)g->v + (size_t)he->v.num * g->size;
}

void
report_groups_release(struct report_groups *g)
{
    for (size_t i = 0; i < g->n; i++)
        free(*(char **)((char *)g->v + i * g->size));
    free(g->v);
    hmap_release(&g->idx);
}

int
report_key_cmp(const char *a, const char *b)
{
    if (!*a || !*b) /* not set last */
        return (!*a) - (!*b);
    return strcmp(a, b);
}

/* ---- pipeline --------------------------------------------------------- */

int
pipeline_by_parse(const char *s, enum pipeline_by *out)
{
    static const char *const names[] = {"stage", "owner", "segment", "source", "month"};
    for (int i = 0; i < 5; i++)
        if (strcmp(s, names[i]) == 0)
            return *out = (enum pipeline_by)i, 0;
    return -1;
}

static int
stage_wanted(const struct filter *f, const char *name)
{
    if (!f->stages)
        return 1;
    for (char **p = f->stages; *p; p++)
        if (str_eq_ci(*p, name))
            return 1;
    return 0;
}

struct pgroup {
    char *key;
    long deals, aged, stale;
    money_t amount;
    struct wsum weighted;
    int64_t age_sum;
};

static int
pgroup_cmp(const void *a, const void *b)
{
    const struct pgroup *x = a, *y = b;
    return report_key_cmp(x->key, y->key);
}

static void
pipeline_row(struct out *o, const struct pgroup *g, const char *key, int footer)
{
    char n[32], am[MONEY_BUFSZ], w[MONEY_BUFSZ], age[32], st[32];
    const char *vals[6];
    snprintf(n, sizeof n, "%ld", g->deals);
    snprintf(st, sizeof st, "%ld", g->stale);
    metric_fmt(g->aged ? (double)g->age_sum / (double)g->aged : NAN, age, 1);
    vals[0] = key;
    vals[1] = n;
    vals[2] = money_format(g->amount, am);
    vals[3] = money_format(wsum_value(&g->weighted), w);
    vals[4] = age;
    vals[5] = st;
    if (footer)
        out_footer(o, vals);
    else
        out_row(o, vals);
}

/* stage_stale: deal_stale counted from the day the deal entered its stage
 * (entries: stage_entries_load), or from its creation; *days (when not
 * NULL) gets the days in the stage, -1 when unknown. */
static int
stage_stale(const struct store *s, const struct deal *d, const struct hmap *entries, long *days)
{
    struct hmap_entry *en = hmap_get(entries, d->id);
    sdate since = en ? (sdate)en->v.num : d->created;
    if (days)
        *days = since != DATE_NONE ? (long)(s->today - since) : -1;
    return deal_stale(s, d, since);
}

struct pipeline_run {
    struct store *s;
    struct filter *f;
    enum pipeline_by by;
    struct deal_ctx dc;
    struct hmap entries, index;
    struct pgroup *groups, total;
    size_t ngroups, cap;
};

static struct pgroup *
pipeline_group(struct pipeline_run *run, const char *key)
{
    int is_new;
    struct hmap_entry *he = hmap_put(&run->index, key, &is_new);
    if (is_new) {
        if (run->ngroups == run->cap) {
            run->cap = run->cap ? run->cap * 2 : 16;
            run->groups = xrealloc(run->groups, run->cap * sizeof *run->groups);
        }
        memset(&run->groups[run->ngroups], 0, sizeof *run->groups);
        run->groups[run->ngroups].key = xstrdup(key);
        he->v.num = (int64_t)run->ngroups++;
    }
    return &run->groups[he->v.num];
}

struct pipeline_run *
pipeline_begin(struct store *s, struct filter *f, enum pipeline_by by, struct err *e)
{
    struct pipeline_run *run = xcalloc(1, sizeof *run);

    run->s = s;
    run->f = f;
    run->by = by;
    if (deal_ctx_init(&run->dc, s, e)) {
        free(run);
        return NULL;
    }
    if (stage_entries_load(s, &run->entries, e)) {
        pipeline_free(run);
        return NULL;
    }
    if (by == BY_STAGE) /* every open stage (or those --stage names), in order, even when empty */
        for (size_t i = 0; i < run->dc.stages.n; i++)
            if (run->dc.stages.v[i].state == DEAL_OPEN && stage_wanted(f, run->dc.stages.v[i].name))
                pipeline_group(run, run->dc.stages.v[i].name);
    return run;
}

int
pipeline_deal(struct pipeline_run *run, const struct table *t, struct err *e)
{
    struct store *s = run->s;
    struct deal d;
    char month[PERIOD_BUFSZ];
    const char *key;
    enum deal_state state;

    if (!filter_match(run->f, t))
        return 0;
    if (deal_state(&run->dc, t, &state, e))
        return -1;
    if (state != DEAL_OPEN) /* most deals are closed: not read further */
        return 0;
    if (deal_read(&run->dc, t, &d, e))
        return -1;
    switch (run->by) {
    case BY_STAGE:
        key = d.stage->name;
        break;
    case BY_OWNER:
        key = d.owner;
        break;
    case BY_SEGMENT:
        key = d.segment;
        break;
    case BY_SOURCE:
        key = d.source;
        break;
    default:
        if (d.close == DATE_NONE) {
            key = "";
        } else {
            struct period p;
            period_of(d.close, PERIOD_MONTH, &s->cal, &p);
            key = period_format(&p, month);
        }
    }
    struct pgroup *g = pipeline_group(run, key);
    int stale = stage_stale(s, &d, &run->entries, NULL);
    for (int k = 0; k < 2; k++) {
        struct pgroup *x = k ? &run->total : g;
        x->deals++;
        if (money_add(&x->amount, d.amount))
            return err_at(e, t->name, table_line(t), "amount total too large");
        wsum_add(&x->weighted, d.amount, d.probability);
        if (d.created != DATE_NONE) {
            x->age_sum += s->today - d.created;
            x->aged++;
        }
        x->stale += stale;
    }
    return 0;
}

void
pipeline_end(struct pipeline_run *run, struct out *o)
{
    static const char *const heads[] = {"stage", "owner", "segment", "source", "month"};

    if (run->by != BY_STAGE)
        qsort(run->groups, run->ngroups, sizeof *run->groups, pgroup_cmp);
    out_add_col(o, heads[run->by], OT_TEXT);
    out_add_col(o, "deals", OT_INT);
    out_add_col(o, "amount", OT_MONEY);
    out_add_col(o, "weighted", OT_MONEY);
    out_add_col(o, "avg_age_days", OT_RATIO);
    out_add_col(o, "stale", OT_INT);
    out_set_bar(o, 2, 0);
    for (size_t i = 0; i < run->ngroups; i++)
        pipeline_row(o, &run->groups[i], run->groups[i].key, 0);
    pipeline_row(o, &run->total, "total", 1);
}

void
pipeline_free(struct pipeline_run *run)
{
    if (!run)
        return;
    for (size_t i = 0; i < run->ngroups; i++)
        free(run->groups[i].key);
    free(run->groups);
    hmap_release(&run->entries);
    hmap_release(&run->index);
    deal_ctx_release(&run->dc);
    free(run);
}

static int
pipeline_row_of(void *run, const struct table *t, struct err *e)
{
    return pipeline_deal((struct pipeline_run *)run, t, e);
}

int
report_pipeline(struct store *s, struct filter *f, enum pipeline_by by, struct out *o,
                struct err *e)
{
    struct pipeline_run *run = pipeline_begin(s, f, by, e);
    int rc;

    if (!run)
        return -1;
    if (!(rc = deals_each(s, f, pipeline_row_of, run, e)))
        pipeline_end(run, o);
    pipeline_free(run);
    return rc;
}

/* ---- deals at risk ----------------------------------------------------- */

struct risky {
    char *id, *name, *owner, *stage;
    money_t amount;
    sdate close;
    long days_in_stage, overdue;
    int stale;
};

/* Larger amount first, then the id, so ties print the same every run. */
static int
risky_before(const struct risky *a, const struct risky *b)
{
    if (a->amount != b->amount)
        return a->amount > b->amount;
    return strcmp(a->id, b->id) < 0;
}

static void
risky_free(struct risky *r)
{
    free(r->id);
    free(r->name);
    free(r->owner);
    free(r->stage);
}

struct risk_run {
    struct store *s;
    struct filter *f;
    struct deal_ctx dc;
    struct hmap entries;
    struct risky *top;
    int limit, ntop, c_name; /* c_name: -2 until the first row */
    long count;
};

struct risk_run *
risk_begin(struct store *s, struct filter *f, int limit, struct err *e)
{
    struct risk_run *run = xcalloc(1, sizeof *run);

    run->s = s;
    run->f = f;
    run->limit = limit;
    run->c_name = -2;
    run->top = xcalloc((size_t)limit + 1, sizeof *run->top);
    if (deal_ctx_init(&run->dc, s, e)) {
        free(run->top);
        free(run);
        return NULL;
    }
    if (stage_entries_load(s, &run->entries, e)) {
        risk_free(run);
        return NULL;
    }
    return run;
}

int
risk_deal(struct risk_run *run, const struct table *t, struct err *e)
{
    struct store *s = run->s;
    struct risky *top = run->top;
    int limit = run->limit;
    struct deal d;
    enum deal_state state;
    long days;

    if (run->c_name == -2)
        run->c_name = table_find(t, "name");
    if (!filter_match(run->f, t))
        return 0;
    if (deal_state(&run->dc, t, &state, e))
        return -1;
    if (state != DEAL_OPEN)
        return 0;
    if (deal_read(&run->dc, t, &d, e))
        return -1;
    int stale = stage_stale(s, &d, &run->entries, &days);
    int overdue = d.close != DATE_NONE && d.close < s->today;
    if (!stale && !overdue)
        return 0;
    run->count++;
    struct risky x = {.id = (char *)d.id, .amount = d.amount};
    if (run->ntop == limit && !risky_before(&x, &top[limit - 1]))
        return 0;
    if (run->ntop == limit)
        risky_free(&top[--run->ntop]);
    int i = run->ntop++;
    for (; i > 0 && risky_before(&x, &top[i - 1]); i--)
        top[i] = top[i - 1];
    top[i] = (struct risky){xstrdup(d.id),
                            xstrdup(run->c_name >= 0 ? table_get(t, run->c_name) : ""),
                            xstrdup(d.owner),
                            xstrdup(d.stage->name),
                            d.amount,
                            d.close,
                            days,
                            overdue ? (long)(s->today - d.close) : 0,
                            stale};
    return 0;
}

void
risk_end(struct risk_run *run, long *count, struct out *o)
{
    struct risky *top = run->top;

    *count = run->count;
    out_add_col(o, "deal", OT_TEXT);
    out_add_col(o, "name", OT_TEXT);
    out_add_col(o, "owner", OT_TEXT);
    out_add_col(o, "stage", OT_TEXT);
    out_add_col(o, "amount", OT_MONEY);
    out_add_col(o, "close", OT_TEXT);
    out_add_col(o, "days_in_stage", OT_INT);
    out_add_col(o, "overdue_days", OT_INT);
    out_add_col(o, "stale", OT_TEXT);
    for (int i = 0; i < run->ntop; i++) {
        char amount[MONEY_BUFSZ], close[DATE_BUFSZ] = "", days[24] = "", over[24] = "";
        money_format(top[i].amount, amount);
        if (top[i].close != DATE_NONE)
            date_format(top[i].close, close);
        if (top[i].days_in_stage >= 0)
            snprintf(days, sizeof days, "%ld", top[i].days_in_stage);
        if (top[i].overdue > 0)
            snprintf(over, sizeof over, "%ld", top[i].overdue);
        const char *vals[] = {top[i].id, top[i].name, top[i].owner, top[i].stage, amount,
                              close,     days,        over,         top[i].stale ? "yes" : "no"};
        out_row(o, vals);
    }
}

void
risk_free(struct risk_run *run)
{
    if (!run)
        return;
    for (int i = 0; i < run->ntop; i++)
        risky_free(&run->top[i]);
    free(run->top);
    hmap_release(&run->entries);
    deal_ctx_release(&run->dc);
    free(run);
}

static int
risk_row_of(void *run, const struct table *t, struct err *e)
{
    return risk_deal((struct risk_run *)run, t, e);
}

int
report_at_risk(struct store *s, struct filter *f, int limit, long *count, struct out *o,
               struct err *e)
{
    struct risk_run *run;
    int rc;

    *count = 0;
    if (!(run = risk_begin(s, f, limit, e)))
        return -1;
    if (!(rc = deals_each(s, f, risk_row_of, run, e)))
        risk_end(run, count, o);
    risk_free(run);
    return rc;
}

/* ---- quota attainment ------------------------------------------------- */

/* Count the deals of members (a NULL-terminated list) toward row q->n. */
static void
quota_index_members(struct quotas_acc *q, char *const *members)
{
    for (char *const *m = members; *m; m++) {
        struct hmap_entry *he = hmap_put(&q->byrep, *m, NULL);
        struct sbuf b = {0};
        if (he->v.ptr)
            sbuf_adds(&b, he->v.ptr);
        free(he->v.ptr);
        sbuf_addf(&b, "%zu,", q->n);
        he->v.ptr = b.p;
    }
}

static struct quota_row *
quota_row_push(struct quotas_acc *q, size_t *cap)
{
    if (q->n == *cap) {
        *cap = *cap ? *cap * 2 : 16;
        q->rows = xrealloc(q->rows, *cap * sizeof *q->rows);
    }
    memset(&q->rows[q->n], 0, sizeof *q->rows);
    return &q->rows[q->n];
}

/* 1 when owner is a rep whose team is team. */
static int
rep_of_team(const struct reps *r, const char *owner, const char *team)
{
    int i = reps_index(r, owner);
    return i >= 0 && strcmp(r->mt.rows[i][r->c_team], team) == 0;
}

int
quotas_select(struct store *s, const struct filter *f, const struct period *want,
              struct quotas_acc *q, struct err *e)
{
    struct memtab quotas = {0};
    struct reps reps = {0};
    struct quota_row *all = NULL; /* every row of quotas.csv, parsed */
    char *in = NULL;              /* all[i] is of the period wanted */
    size_t cap = 0;
    int rc = -1;
    int c_owner = schema_col(&schema_quotas, "owner"),
        c_period = schema_col(&schema_quotas, "period"),
        c_amount = schema_col(&schema_quotas, "amount");

    memset(q, 0, sizeof *q);
    if (memtab_load(s, &schema_quotas, &quotas, e) || reps_load(s, &reps, e))
        goto out;
    all = xcalloc(quotas.nrows + 1, sizeof *all);
    in = xcalloc(quotas.nrows + 1, 1);
    for (size_t i = 0; i < quotas.nrows; i++) {
        char **row = quotas.rows[i];
        struct quota_row *x = &all[i];
        if (period_parse(row[c_period], &s->cal, s->today, &x->period)) {
            err_at(e, quotas.name, quotas.lines[i], "bad period '%s'", row[c_period]);
            goto out;
        }
        if (money_parse(row[c_amount], &x->quota) || x->quota < 0) {
            err_at(e, quotas.name, quotas.lines[i], "bad amount '%s'", row[c_amount]);
            goto out;
        }
        period_format(&x->period, x->label);
        x->owner = row[c_owner]; /* borrowed from quotas until copied */
        /* two periods of different kinds never span the same days */
        in[i] = want ? x->period.start == want->start && x->period.end == want->end
                     : x->period.start <= s->today && s->today < x->period.end;
    }

    /* the quotas of quotas.csv: a rep's counts the rep's own deals, a
     * team's those of its reps and of everyone who reports to them */
    for (size_t i = 0; i < quotas.nrows; i++) {
        const char *owner = all[i].owner;
        if (!in[i])
            continue;
        if (f->owner_given) {
            int picked = f->team && strcmp(f->team, owner) == 0;
            for (size_t k = 0; !picked && k < f->nowners; k++)
                picked = strcmp(f->owners[k], owner) == 0;
            if (!picked)
                continue;
        }
        char **members = reps_index(&reps, owner) >= 0 ? NULL : reps_members(&reps, owner);
        if (!members) { /* a rep; or unknown: sales-check reports it, it has no deals */
            members = xcalloc(2, sizeof *members);
            members[0] = xstrdup(owner);
        }
        struct quota_row *x = quota_row_push(q, &cap);
        *x = all[i];
        x->owner = xstrdup(owner);
        quota_index_members(q, members);
        strv_free(members);
        q->n++;
    }

    /* a team with no quota of its own for a period its reps (those whose
     * team it is) have quotas in: the sum of those quotas, rolled up, for
     * the deals a team's quota counts (reps.csv order) */
    for (size_t t = 0; t < reps.mt.nrows; t++) {
        const char *team = reps.mt.rows[t][reps.c_team];
        int first = 1;
        for (size_t k = 0; k < t && first; k++)
            first = strcmp(reps.mt.rows[k][reps.c_team], team) != 0;
        if (!*team || !first || reps_index(&reps, team) >= 0)
            continue; /* no team, seen already, or a rep id: not a team's own name */
        if (f->owner_given && !(f->team && strcmp(f->team, team) == 0))
            continue;
        char **members = reps_members(&reps, team);
        for (size_t i = 0; members && i < quotas.nrows; i++) {
            const struct quota_row *x = &all[i];
            int done = 0;
            if (!in[i] || !rep_of_team(&reps, x->owner, team))
                continue;
            /* one row per period: the first member quota of it makes it,
             * unless the team has a quota of its own for it */
            for (size_t j = 0; j < quotas.nrows && !done; j++)
                done = in[j] && all[j].period.start == x->period.start &&
                       all[j].period.end == x->period.end &&
                       (strcmp(all[j].owner, team) == 0 ||
                        (j < i && rep_of_team(&reps, all[j].owner, team)));
            if (done)
                continue;
            struct quota_row *r = quota_row_push(q, &cap);
            r->period = x->period;
            memcpy(r->label, x->label, sizeof r->label);
            r->rolled_up = 1;
            for (size_t j = i; j < quotas.nrows; j++)
                if (in[j] && all[j].period.start == x->period.start &&
                    all[j].period.end == x->period.end && rep_of_team(&reps, all[j].owner, team) &&
                    money_add(&r->quota, all[j].quota)) {
                    strv_free(members);
                    err_set(e, "the quotas of team '%s' for %s add up to too much", team,
                            x->label);
                    goto out;
                }
            r->owner = xstrdup(team);
            quota_index_members(q, members);
            q->n++;
        }
        strv_free(members);
    }
    rc = 0;
out:
    free(all);
    free(in);
    reps_release(&reps);
    memtab_release(&quotas);
    return rc;
}

int
quotas_wants(const struct quotas_acc *q, const char *owner)
{
    return hmap_get(&q->byrep, owner) != NULL;
}

int
quotas_add_deal(struct quotas_acc *q, const struct deal *d)
{
    struct hmap_entry *he = hmap_get(&q->byrep, d->owner);
    if (!he || d->state == DEAL_LOST)
        return 0;
    for (const char *p = he->v.ptr; *p;) {
        char *end;
        struct quota_row *x = &q->rows[strtoul(p, &end, 10)];
        p = end + 1;
        if (d->state == DEAL_WON && d->closed >= x->period.start && d->closed < x->period.end) {
            if (money_add(&x->won, d->amount))
                return -1;
        } else if (deal_in_pipeline(d) && d->close != DATE_NONE && d->close >= x->period.start &&
                   d->close < x->period.end) {
            if (money_add(&x->pipeline, d->amount))
                return -1;
            wsum_add(&x->weighted, d->amount, d->probability);
        }
    }
    return 0;
}

double
quota_row_attainment(const struct quota_row *x)
{
    return metric_attainment(x->won, x->quota);
}

void
quotas_release(struct quotas_acc *q)
{
    for (size_t i = 0; i < q->n; i++)
        free(q->rows[i].owner);
    free(q->rows);
    for (size_t i = 0; i < q->byrep.cap; i++)
        if (q->byrep.slots[i].key)
            free(q->byrep.slots[i].v.ptr);
    hmap_release(&q->byrep);
    memset(q, 0, sizeof *q);
}

struct quota_run {
    struct store *s;
    struct filter *f;
    struct quotas_acc q;
    struct deal_ctx dc;
    int have_dc, has_period, owner_given;
};

struct quota_run *
quota_begin(struct store *s, struct filter *f, struct err *e)
{
    struct quota_run *run = xcalloc(1, sizeof *run);

    run->s = s;
    run->f = f;
    /* --owner/--team and --period choose quotas, not deals */
    run->has_period = f->has_period;
    run->owner_given = f->owner_given;
    if (quotas_select(s, f, run->has_period ? &f->period : NULL, &run->q, e))
        goto fail;
    f->has_period = 0;
    f->owner_given = 0;
    if (deal_ctx_init(&run->dc, s, e))
        goto fail;
    run->have_dc = 1;
    return run;
fail:
    quota_free(run);
    return NULL;
}

int
quota_reads_deals(const struct quota_run *run)
{
    return run->q.n > 0;
}

int
quota_deal(struct quota_run *run, const struct table *t, struct err *e)
{
    struct deal d;
    enum deal_state state;

    if (!filter_match(run->f, t))
        return 0;
    if (!quotas_wants(&run->q, table_get(t, run->dc.c_owner)))
        return 0; /* no quota shown counts this owner */
    if (deal_state(&run->dc, t, &state, e))
        return -1;
    if (state == DEAL_LOST)
        return 0;
    if (deal_read(&run->dc, t, &d, e))
        return -1;
    if (quotas_add_deal(&run->q, &d))
        return err_at(e, t->name, table_line(t), "amount total too large");
    return 0;
}

void
quota_end(struct quota_run *run, struct out *o)
{
    struct store *s = run->s;
    struct quotas_acc *q = &run->q;

    /* quota_from: "set" by quota-set, or "reps": a team's rolled up */
    static const char *const heads[] = {"owner",    "period",    "quota", "won",
                                        "attainment", "gap",     "pipeline", "weighted",
                                        "coverage", "projected", "pace",  "quota_from"};
    static const enum out_type types[] = {OT_TEXT,  OT_TEXT,  OT_MONEY, OT_MONEY,
                                          OT_RATIO, OT_MONEY, OT_MONEY, OT_MONEY,
                                          OT_RATIO, OT_MONEY, OT_RATIO, OT_TEXT};
    for (int i = 0; i < 12; i++)
        out_add_col(o, heads[i], types[i]);
    out_set_bar(o, 4, 1.0);
    for (size_t i = 0; i < q->n; i++) {
        struct quota_row *x = &q->rows[i];
        char qb[MONEY_BUFSZ], w[MONEY_BUFSZ], gap[MONEY_BUFSZ], pl[MONEY_BUFSZ], wt[MONEY_BUFSZ],
            pr[MONEY_BUFSZ], att[32], cov[32], pace[32];
        money_t weighted = wsum_value(&x->weighted);
        double a = quota_row_attainment(x);
        const char *vals[12] = {
            x->owner,
            x->label,
            money_format(x->quota, qb),
            money_format(x->won, w),
            metric_fmt(a, att, 2),
            money_format(metric_gap(x->quota, x->won), gap),
            money_format(x->pipeline, pl),
            money_format(weighted, wt),
            metric_fmt(metric_coverage(x->pipeline, x->quota, x->won), cov, 2),
            money_format(x->won + weighted, pr),
            metric_fmt(metric_pace(a, metric_elapsed(x->period.start, x->period.end, s->today)),
                       pace, 2),
            x->rolled_up ? "reps" : "set",
        };
        out_row(o, vals);
    }
}

void
quota_free(struct quota_run *run)
{
    if (!run)
        return;
    run->f->has_period = run->has_period;
    run->f->owner_given = run->owner_given;
    if (run->have_dc)
        deal_ctx_release(&run->dc);
    quotas_release(&run->q);
    free(run);
}

static int
quota_row_of(void *run, const struct table *t, struct err *e)
{
    return quota_deal((struct quota_run *)run, t, e);
}

int
report_quota(struct store *s, struct filter *f, struct out *o, struct err *e)
{
    struct quota_run *run = quota_begin(s, f, e);
    int rc = 0;

    if (!run)
        return -1;
    if (quota_reads_deals(run))
        rc = deals_each(s, f, quota_row_of, run, e);
    if (!rc)
        quota_end(run, o);
    quota_free(run);
    return rc;
}

/* ---- pipeline forecast ------------------------------------------------ */

struct fcrow {
    money_t closed, commit, best, pipe;
    struct wsum weighted;
    struct wvar var;
    long n;
};

#define Z80 1.2815515655446004 /* the standard normal's 90th percentile */

static void
fc_row(struct out *o, const char *label, const struct fcrow *x, int with_closed)
{
    char c[MONEY_BUFSZ], cm[MONEY_BUFSZ], b[MONEY_BUFSZ], p[MONEY_BUFSZ], w[MONEY_BUFSZ],
        l[MONEY_BUFSZ], h[MONEY_BUFSZ];
    money_t base = with_closed ? x->closed : 0, weighted = wsum_value(&x->weighted), lo, hi;
    metric_range(weighted, &x->var, Z80, &lo, &hi);
    const char *vals[8] = {
        label,
        with_closed ? money_format(x->closed, c) : "",
        money_format(base + x->commit, cm),
        money_format(base + x->commit + x->best, b),
        money_format(x->commit + x->best + x->pipe, p),
        money_format(weighted, w),
        money_format(lo, l),
        money_format(hi, h),
    };
    out_row(o, vals);
}

int
report_forecast_pipeline(struct store *s, struct filter *f, enum period_kind by, int horizon,
                         const struct hmap *scores, struct out *o, struct err *e)
{
    struct deal_ctx dc;
    struct period first, p;
    struct fcrow *rows = xcalloc((size_t)horizon + 2, sizeof *rows); /* [h]: overdue, [h+1]: undated */
    sdate *starts = xcalloc((size_t)horizon + 1, sizeof *starts);
    struct table *t = NULL;
    int rc = -1, r;

    if (deal_ctx_init(&dc, s, e)) {
        free(rows);
        free(starts);
        return -1;
    }
    period_of(s->today, by, &s->cal, &first);
    p = first;
    for (int i = 0; i < horizon; i++) {
        starts[i] = p.start;
        period_step(&p, 1, &s->cal);
    }
    starts[horizon] = p.start; /* end of the last period */
    if (!(t = open_deals(s, f, e)))
        goto out;
    while ((r = table_next(t, e)) == 1) {
        struct deal d;
        struct fcrow *x = NULL;
        sdate when;
        enum deal_state state;
        if (!filter_match(f, t))
            continue;
        if (deal_state(&dc, t, &state, e))
            goto out;
        if (state == DEAL_LOST)
            continue;
        if (deal_read(&dc, t, &d, e))
            goto out;
        if (d.state == DEAL_OPEN && !deal_in_pipeline(&d))
            continue;
        when = d.state == DEAL_WON ? d.closed : d.close;
        if (when == DATE_NONE) {
            if (d.state == DEAL_OPEN)
                x = &rows[horizon + 1];
        } else if (when < starts[0]) {
            if (d.state == DEAL_OPEN)
                x = &rows[horizon];
        } else if (when < starts[horizon]) {
            int i = 0;
            while (when >= starts[i + 1])
                i++;
            x = &rows[i];
        }
        if (!x)
            continue;
        x->n++;
        money_t *slot = d.state == DEAL_WON                     ? &x->closed
                        : strcmp(d.category, "commit") == 0 ||
                                  strcmp(d.category, "closed") == 0
                            ? &x->commit
                        : strcmp(d.category, "best") == 0 ? &x->best
                                                          : &x->pipe;
        if (money_add(slot, d.amount)) {
            err_at(e, t->name, table_line(t), "amount total too large");
            goto out;
        }
        if (d.state == DEAL_OPEN) {
            const struct hmap_entry *sc = scores ? hmap_get(scores, d.id) : NULL;
            int64_t ppm = sc ? sc->v.num : (int64_t)d.probability * 10000;
            wsum_add_ppm(&x->weighted, d.amount, ppm);
            wvar_add(&x->var, d.amount, (double)ppm / 1e6);
        }
    }
    if (r < 0)
        goto out;
    out_add_col(o, "period", OT_TEXT);
    out_add_col(o, "closed", OT_MONEY);
    out_add_col(o, "commit", OT_MONEY);
    out_add_col(o, "best_case", OT_MONEY);
    out_add_col(o, "pipeline", OT_MONEY);
    out_add_col(o, "weighted", OT_MONEY);
    out_add_col(o, "lo80", OT_MONEY);
    out_add_col(o, "hi80", OT_MONEY);
    if (rows[horizon].n)
        fc_row(o, "overdue", &rows[horizon], 0);
    p = first;
    for (int i = 0; i < horizon; i++) {
        char label[PERIOD_BUFSZ];
        fc_row(o, period_format(&p, label), &rows[i], 1);
        period_step(&p, 1, &s->cal);
    }
    if (rows[horizon + 1].n)
        fc_row(o, "undated", &rows[horizon + 1], 0);
    rc = 0;
out:
    free(rows);
    free(starts);
    table_free(t);
    deal_ctx_release(&dc);
    return rc;
}

/* ---- bookings history ------------------------------------------------- */

struct bookings_run {
    struct store *s;
    struct filter *f;
    enum period_kind by;
    struct deal_ctx dc;
    struct hmap sums; /* period label -> won amount */
    sdate first;      /* the first period's start, DATE_NONE: none yet */
    bookings_won_fn *on_won;
    void *ctx;
};

struct bookings_run *
bookings_begin(struct store *s, struct filter *f, enum period_kind by, bookings_won_fn *on_won,
               void *ctx, struct err *e)
{
    struct bookings_run *b = xcalloc(1, sizeof *b);
    if (deal_ctx_init(&b->dc, s, e)) {
        free(b);
        return NULL;
    }
    b->s = s;
    b->f = f;
    b->by = by;
    b->first = DATE_NONE;
    b->on_won = on_won;
    b->ctx = ctx;
    return b;
}

int
bookings_deal(struct bookings_run *b, const struct table *t, struct err *e)
{
    struct deal d;
    struct period p;
    char label[PERIOD_BUFSZ];
    enum deal_state state;
    if (!filter_match(b->f, t))
        return 0;
    if (deal_state(&b->dc, t, &state, e))
        return -1;
    if (state != DEAL_WON)
        return 0;
    if (deal_read(&b->dc, t, &d, e))
        return -1;
    if (d.closed == DATE_NONE || d.closed > b->s->today)
        return 0;
    period_of(d.closed, b->by, &b->s->cal, &p);
    if (b->first == DATE_NONE || p.start < b->first)
        b->first = p.start;
    struct hmap_entry *he = hmap_put(&b->sums, period_format(&p, label), NULL);
    if (money_add(&he->v.num, d.amount))
        return err_at(e, t->name, table_line(t), "amount total too large");
    return b->on_won ? b->on_won(b->ctx, &d) : 0;
}

int
bookings_end(struct bookings_run *b, int include_current, char ***labels, money_t **values)
{
    struct store *s = b->s;
    int n = 0;

    *labels = NULL;
    *values = NULL;
    if (b->first != DATE_NONE) {
        struct period p, now;
        size_t cap = 16;
        period_of(b->first, b->by, &s->cal, &p);
        period_of(s->today, b->by, &s->cal, &now);
        *labels = xcalloc(cap + 1, sizeof **labels);
        *values = xcalloc(cap, sizeof **values);
        while (p.start < now.start || (include_current && p.start == now.start)) {
            char label[PERIOD_BUFSZ];
            struct hmap_entry *he = hmap_get(&b->sums, period_format(&p, label));
            if ((size_t)n == cap) {
                cap *= 2;
                *labels = xrealloc(*labels, (cap + 1) * sizeof **labels);
                *values = xrealloc(*values, cap * sizeof **values);
            }
            (*labels)[n] = xstrdup(label);
            (*values)[n] = he ? he->v.num : 0;
            n++;
            (*labels)[n] = NULL;
            period_step(&p, 1, &s->cal);
        }
    }
    return n;
}

void
bookings_free(struct bookings_run *b)
{
    if (!b)
        return;
    hmap_release(&b->sums);
    deal_ctx_release(&b->dc);
    free(b);
}

static int
bookings_row_of(void *run, const struct table *t, struct err *e)
{
    return bookings_deal((struct bookings_run *)run, t, e);
}

int
bookings_series(struct store *s, struct filter *f, enum period_kind by, int include_current,
                char ***labels, money_t **values, struct err *e)
{
    return bookings_series_with(s, f, by, include_current, NULL, NULL, labels, values, e);
}

int
bookings_series_with(struct store *s, struct filter *f, enum period_kind by, int include_current,
                     bookings_won_fn *on_won, void *ctx, char ***labels, money_t **values,
                     struct err *e)
{
    struct bookings_run *b;
    int n = -1;

    *labels = NULL;
    *values = NULL;
    if (!(b = bookings_begin(s, f, by, on_won, ctx, e)))
        return -1;
    if (!deals_each(s, f, bookings_row_of, b, e))
        n = bookings_end(b, include_current, labels, values);
    bookings_free(b);
    return n;
}
