/* perf.c — team performance and the stage funnel (see perf.h). */
#include "perf.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <stddef.h>
#include <string.h>

#include "asof.h"
#include "idmap.h"
#include "text.h"

int
perf_by_parse(const char *s, enum perf_by *out)
{
    static const char *const names[] = {"rep",   "team",    "segment", "source",
                                        "month", "quarter", "tenure"};
    for (int i = 0; i < 7; i++)
        if (strcmp(s, names[i]) == 0)
            return *out = (enum perf_by)i, 0;
    return -1;
}

/* ---- the filter's parts ------------------------------------------------- */

/* The window is the report's, not a filter on one date column: the
 * filter's dates are set aside while it picks deals (and its owners, which
 * pick reps: quota-report's roll-up needs every member's deals). */
struct saved_filter {
    struct filter_dates dates;
    int owner_given;
};

static void
filter_set_aside(struct filter *f, struct saved_filter *sv)
{
    sdate since, until;
    filter_take_dates(f, &sv->dates, &since, &until);
    sv->owner_given = f->owner_given;
    f->owner_given = 0;
}

static void
filter_restore(struct filter *f, const struct saved_filter *sv)
{
    filter_put_dates(f, &sv->dates);
    f->owner_given = sv->owner_given;
}

/* A rep --owner/--team picked (any when neither was given). */
static int
rep_wanted(const struct saved_filter *sv, const struct filter *f, const char *rep)
{
    if (!sv->owner_given)
        return 1;
    for (size_t i = 0; i < f->nowners; i++)
        if (strcmp(f->owners[i], rep) == 0)
            return 1;
    return 0;
}

/* A window open at the end runs to today; one open at the start is refused
 * (a month or quarter per row from the first day of time is no report). */
static int
perf_window_close(const struct store *s, sdate *from, sdate *to, struct err *e)
{
    if (*from == DATE_NONE) {
        snprintf(e->msg, sizeof e->msg, "--until needs --since (or --period)");
        return -1;
    }
    if (*to == DATE_NONE)
        *to = s->today;
    return 0;
}

/* ---- groups --------------------------------------------------------------- */

struct pgrp {
    char *key;
    long won, lost, open, cycled, activities;
    money_t won_amount, lost_amount, pipeline;
    int64_t cycle_sum; /* days created -> closed of the won deals with a created date */
    double response;   /* median hours, NAN when none */
};
_Static_assert(offsetof(struct pgrp, key) == 0, "report_group: the key first");

static struct pgrp *
group(struct report_groups *g, const char *key)
{
    int is_new;
    struct pgrp *x = report_group(g, key, &is_new);
    if (is_new)
        x->response = NAN;
    return x;
}

static const char *const tenure_names[] = {"0-3", "3-6", "6-12", "12+"};

/* Tenure bucket of a rep hired on hired, as of ref: whole months between. */
static const char *
tenure_bucket(sdate hired, sdate ref)
{
    int y1, m1, d1, y2, m2, d2;
    if (hired == DATE_NONE)
        return "";
    date_to_ymd(hired, &y1, &m1, &d1);
    date_to_ymd(ref, &y2, &m2, &d2);
    int months = (y2 - y1) * 12 + (m2 - m1) - (d2 < d1);
    return months < 3    ? tenure_names[0]
           : months < 6  ? tenure_names[1]
           : months < 12 ? tenure_names[2]
                         : tenure_names[3];
}

static int
key_cmp(const void *a, const void *b)
{
    const struct pgrp *x = a, *y = b;
    return report_key_cmp(x->key, y->key);
}

static int
tenure_rank(const char *key)
{
    for (int i = 0; i < 4; i++)
        if (strcmp(key, tenure_names[i]) == 0)
            return i;
    return 4;
}

static int
tenure_cmp(const void *a, const void *b)
{
    const struct pgrp *x = a, *y = b;
    return tenure_rank(x->key) - tenure_rank(y->key);
}

/* What turns a rep, a deal or a date into its group. */
struct keyer {
    enum perf_by by;
    struct store *s;
    struct hmap team, tenure; /* rep id -> "" or its team / its bucket (ptr: borrowed text) */
    struct reps reps;
    int have_reps;
    char buf[PERIOD_BUFSZ]; /* response_key's: the passes have their own (struct perf_run) */
    const struct saved_filter *sv;
    const struct filter *f;
};

/* The group of a rep (rep, team, tenure), NULL for groupings by something else. */
static const char *
key_of_rep(const struct keyer *k, const char *rep)
{
    struct hmap_entry *he;
    switch (k->by) {
    case PERF_BY_REP:
        return rep;
    case PERF_BY_TEAM:
        return (he = hmap_get(&k->team, rep)) ? he->v.ptr : "";
    case PERF_BY_TENURE:
        return (he = hmap_get(&k->tenure, rep)) ? he->v.ptr : "";
    default:
        return NULL;
    }
}

/* The group of a date (month, quarter) in buf, NULL for groupings by
 * something else. */
static const char *
key_of_day(const struct keyer *k, sdate day, char *buf)
{
    struct period p;
    if (k->by != PERF_BY_MONTH && k->by != PERF_BY_QUARTER)
        return NULL;
    period_of(day, k->by == PERF_BY_MONTH ? PERIOD_MONTH : PERIOD_QUARTER, &k->s->cal, &p);
    return period_format(&p, buf);
}

static const char *
response_key(void *ctx, const char *rep, sdate created, const struct table *leads)
{
    struct keyer *k = ctx;
    (void)leads;
    if (!rep_wanted(k->sv, k->f, rep))
        return NULL;
    const char *key = key_of_rep(k, rep);
    return key ? key : key_of_day(k, created, k->buf);
}

static int
keyer_init(struct keyer *k, struct store *s, enum perf_by by, sdate ref, struct err *e)
{
    memset(k, 0, sizeof *k);
    k->by = by;
    k->s = s;
    if (reps_load(s, &k->reps, e))
        return -1;
    k->have_reps = 1;
    int c_hired = schema_col(&schema_reps, "hired");
    for (size_t i = 0; i < k->reps.mt.nrows; i++) {
        char **r = k->reps.mt.rows[i];
        sdate hired = DATE_NONE;
        if (*r[c_hired] && date_parse(r[c_hired], &hired))
            return err_at(e, k->reps.mt.name, k->reps.mt.lines[i], "rep %s: bad hired '%s'",
                          r[k->reps.c_id], r[c_hired]);
        hmap_put(&k->team, r[k->reps.c_id], NULL)->v.ptr = r[k->reps.c_team];
        hmap_put(&k->tenure, r[k->reps.c_id], NULL)->v.ptr = (void *)tenure_bucket(hired, ref);
    }
    return 0;
}

static void
keyer_release(struct keyer *k)
{
    hmap_release(&k->team);
    hmap_release(&k->tenure);
    if (k->have_reps)
        reps_release(&k->reps);
}

/* ---- the report ----------------------------------------------------------- */

static const char *const by_names[] = {"owner", "team",    "segment", "source",
                                       "month", "quarter", "tenure"};

/* One run of the report, fed by its caller or by report_perf (perf.h):
 * the deals' figures go to g, the activities' counts to acts (merged into
 * g at the end), so that the two files may be read on two threads. */
struct perf_run {
    struct store *s;
    struct filter *f;
    struct perf_opts po;
    struct saved_filter sv;
    struct keyer k;
    struct report_groups g, acts;
    struct quotas_acc q;
    struct deal_ctx dc;
    int have_dc, set_aside;
    struct firsts first;
    struct response_stat *resp;
    long nresp;
    sdate from, to;
    /* key_of_day's, one per pass: written by each row, a cache line apart */
    char dbuf[PERIOD_BUFSZ], pad[64], abuf[PERIOD_BUFSZ];
};

struct pact {
    char *key;
    long n;
};
_Static_assert(offsetof(struct pact, key) == 0, "report_group: the key first");

struct perf_run *
perf_begin(struct store *s, struct filter *f, const struct perf_opts *po, struct err *e)
{
    struct perf_run *run = xcalloc(1, sizeof *run);
    struct period win;
    int one_period, by_people = po->by == PERF_BY_REP || po->by == PERF_BY_TEAM ||
                                po->by == PERF_BY_TENURE;

    run->s = s;
    run->f = f;
    run->po = *po;
    run->g.size = sizeof(struct pgrp);
    run->acts.size = sizeof(struct pact);
    one_period = report_window(s, f, &run->from, &run->to, &win);
    if (perf_window_close(s, &run->from, &run->to, e)) {
        free(run);
        return NULL;
    }
    filter_set_aside(f, &run->sv);
    run->set_aside = 1;
    if (keyer_init(&run->k, s, po->by, run->to < s->today ? run->to : s->today, e))
        goto fail;
    run->k.sv = &run->sv;
    run->k.f = f;
    /* attainment: quota-report's, for quotas of exactly this period */
    if ((po->by == PERF_BY_REP || po->by == PERF_BY_TEAM) && one_period &&
        store_has(s, &schema_quotas)) {
        f->owner_given = run->sv.owner_given; /* --owner/--team pick quotas as in quota-report */
        int bad = quotas_select(s, f, &win, &run->q, e);
        f->owner_given = 0;
        if (bad)
            goto fail;
    }
    if (by_people) /* every active rep (or their team, tenure) has a row */
        for (size_t i = 0; i < run->k.reps.mt.nrows; i++) {
            const char *id = run->k.reps.mt.rows[i][run->k.reps.c_id];
            if (reps_active(&run->k.reps, (int)i) && rep_wanted(&run->sv, f, id))
                group(&run->g, key_of_rep(&run->k, id));
        }
    if (po->by == PERF_BY_MONTH || po->by == PERF_BY_QUARTER) /* every period, even empty */
        for (sdate d = run->from; d <= run->to;) {
            struct period p;
            period_of(d, po->by == PERF_BY_MONTH ? PERIOD_MONTH : PERIOD_QUARTER, &s->cal, &p);
            group(&run->g, key_of_day(&run->k, d, run->dbuf));
            d = p.end;
        }
    return run;
fail:
    perf_free(run);
    return NULL;
}

int
perf_deals_init(struct perf_run *run, struct err *e)
{
    if (deal_ctx_init(&run->dc, run->s, e))
        return -1;
    run->have_dc = 1;
    return 0;
}

/* Deals: won and lost by closed date in the window, the open pipeline;
 * each deal fed to the quotas too. */
int
perf_deal(struct perf_run *run, const struct table *t, struct err *e)
{
    struct filter *f = run->f;
    struct keyer *k = &run->k;
    struct deal d;
    const char *key;
    sdate from = run->from, to = run->to;

    if (!filter_match(f, t))
        return 0;
    if (deal_read(&run->dc, t, &d, e))
        return -1;
    if (run->q.n && quotas_add_deal(&run->q, &d))
        goto overflow;
    if (!rep_wanted(&run->sv, f, d.owner))
        return 0;
    int closed_in =
        d.state != DEAL_OPEN && d.closed != DATE_NONE && d.closed >= from && d.closed <= to;
    if (d.state == DEAL_OPEN && !deal_in_pipeline(&d))
        return 0;
    if (d.state != DEAL_OPEN && !closed_in)
        return 0;
    if (k->by == PERF_BY_MONTH || k->by == PERF_BY_QUARTER) {
        sdate day = d.state == DEAL_OPEN ? d.close : d.closed;
        if (day == DATE_NONE || day < from || day > to)
            return 0; /* open deals go by expected close, in the window only */
        key = key_of_day(k, day, run->dbuf);
    } else if (k->by == PERF_BY_SEGMENT) {
        key = d.segment;
    } else if (k->by == PERF_BY_SOURCE) {
        key = d.source;
    } else {
        key = key_of_rep(k, d.owner);
    }
    struct pgrp *x = group(&run->g, key);
    if (d.state == DEAL_OPEN) {
        x->open++;
        if (money_add(&x->pipeline, d.amount))
            goto overflow;
    } else if (d.state == DEAL_WON) {
        x->won++;
        if (money_add(&x->won_amount, d.amount))
            goto overflow;
        if (d.created != DATE_NONE) {
            x->cycle_sum += d.closed > d.created ? d.closed - d.created : 0;
            x->cycled++;
        }
    } else {
        x->lost++;
        if (money_add(&x->lost_amount, d.amount))
            goto overflow;
    }
    return 0;
overflow:
    return err_at(e, t->name, table_line(t), "amount total too large");
}

int
perf_reads_activities(const struct perf_run *run)
{
    return run->po.by != PERF_BY_SEGMENT && run->po.by != PERF_BY_SOURCE;
}

/* Activities dated in the window per rep's group or date's; every
 * activity noted for the lead response time. */
void
perf_act(struct perf_run *run, const struct act *a, int touch)
{
    response_first_touch(&run->first, a, touch);
    if (a->day < run->from || a->day > run->to || !rep_wanted(&run->sv, run->f, a->rep))
        return;
    const char *key = key_of_rep(&run->k, a->rep);
    if (!key)
        key = key_of_day(&run->k, a->day, run->abuf);
    if (key)
        ((struct pact *)report_group(&run->acts, key, NULL))->n++;
}

int
perf_leads(struct perf_run *run, struct err *e)
{
    if (!perf_reads_activities(run) || !store_has(run->s, &schema_leads))
        return 0;
    run->nresp = response_times(run->s, &run->first, run->from, run->to, response_key, &run->k,
                                &run->resp, e);
    if (run->nresp < 0) {
        run->nresp = 0;
        return -1;
    }
    return 0;
}

void
perf_end(struct perf_run *run, struct out *o)
{
    const struct perf_opts *po = &run->po;
    struct report_groups *g = &run->g;
    struct quotas_acc *q = &run->q;

    for (size_t i = 0; i < run->acts.n; i++) { /* in the order they were first seen */
        const struct pact *x = (const struct pact *)run->acts.v + i;
        group(g, x->key)->activities += x->n;
    }
    for (long i = 0; i < run->nresp; i++) /* no row for the leads of nobody alone */
        if (*run->resp[i].rep || hmap_get(&g->idx, ""))
            group(g, run->resp[i].rep)->response = run->resp[i].median_hours;
    if (g->n)
        qsort(g->v, g->n, g->size, po->by == PERF_BY_TENURE ? tenure_cmp : key_cmp);

    static const char *const heads[] = {"won",      "won_amount", "lost",           "win_rate",
                                        "avg_deal", "cycle_days", "open",           "pipeline",
                                        "velocity", "activities", "response_hours", "attainment"};
    static const enum out_type types[] = {OT_INT, OT_MONEY, OT_INT,   OT_RATIO, OT_MONEY, OT_RATIO,
                                          OT_INT, OT_MONEY, OT_MONEY, OT_INT,   OT_RATIO, OT_RATIO};
    out_add_col(o, by_names[po->by], OT_TEXT);
    for (int i = 0; i < 12; i++)
        out_add_col(o, heads[i], types[i]);
    for (size_t i = 0; i < g->n; i++) {
        struct pgrp *x = (struct pgrp *)g->v + i;
        char won[32], wa[MONEY_BUFSZ], lost[32], wr[32], avg[MONEY_BUFSZ] = "", cyc[32], open[32],
                                                         pl[MONEY_BUFSZ], vel[MONEY_BUFSZ] = "",
                                                         acts[32] = "", resp_h[32], att[32] = "";
        money_t avg_deal, velocity;
        double rate = po->by_amount ? metric_win_rate_amount(x->won_amount, x->lost_amount)
                                    : metric_win_rate(x->won, x->lost);
        double cycle = x->cycled ? (double)x->cycle_sum / (double)x->cycled : NAN;
        int have_avg = metric_avg_deal(x->won_amount, x->won, &avg_deal) == 0;
        snprintf(won, sizeof won, "%ld", x->won);
        snprintf(lost, sizeof lost, "%ld", x->lost);
        snprintf(open, sizeof open, "%ld", x->open);
        if (have_avg)
            money_format(avg_deal, avg);
        if (have_avg && metric_velocity(x->open, rate, avg_deal, cycle, &velocity) == 0)
            money_format(velocity, vel);
        if (perf_reads_activities(run))
            snprintf(acts, sizeof acts, "%ld", x->activities);
        for (size_t j = 0; j < q->n; j++)
            if (strcmp(q->rows[j].owner, x->key) == 0) {
                metric_fmt(quota_row_attainment(&q->rows[j]), att, 2);
                break;
            }
        const char *vals[13] = {x->key,
                                won,
                                money_format(x->won_amount, wa),
                                lost,
                                metric_fmt(rate, wr, 2),
                                avg,
                                metric_fmt(cycle, cyc, 1),
                                open,
                                money_format(x->pipeline, pl),
                                vel,
                                acts,
                                metric_fmt(x->response, resp_h, 1),
                                att};
        out_row(o, vals);
    }
}

void
perf_free(struct perf_run *run)
{
    if (!run)
        return;
    if (run->set_aside)
        filter_restore(run->f, &run->sv);
    keyer_release(&run->k);
    report_groups_release(&run->g);
    report_groups_release(&run->acts);
    quotas_release(&run->q);
    if (run->have_dc)
        deal_ctx_release(&run->dc);
    response_first_release(&run->first);
    response_stats_free(run->resp, run->nresp);
    free(run);
}

int
report_perf(struct store *s, struct filter *f, const struct perf_opts *po, struct out *o,
            struct err *e)
{
    struct perf_run *run = perf_begin(s, f, po, e);
    struct table *t = NULL;
    int r, rc = -1;

    if (!run)
        return -1;
    if (store_has(s, &schema_deals)) {
        if (perf_deals_init(run, e))
            goto out;
        if (!(t = deals_open(s, e)) || filter_bind(f, t, e))
            goto out;
        while ((r = table_next(t, e)) == 1)
            if (perf_deal(run, t, e))
                goto out;
        if (r < 0)
            goto out;
        table_free(t);
        t = NULL;
    }
    if (perf_reads_activities(run) && store_has(s, &schema_activities)) {
        if (!(t = acts_open(s, e)))
            goto out;
        while ((r = table_next(t, e)) == 1) {
            struct act a;
            int open, touch;
            if (act_read(t, s->now, &a, &open, &touch, e))
                goto out;
            perf_act(run, &a, touch);
        }
        if (r < 0)
            goto out;
    }
    if (perf_leads(run, e))
        goto out;
    perf_end(run, o);
    rc = 0;
out:
    table_free(t);
    perf_free(run);
    return rc;
}

/* ---- the funnel ----------------------------------------------------------- */

/* One deal on its way through the stages. Bits are open-stage indexes. */
struct fdeal {
    int owner;   /* index into the owners */
    int started; /* a stage change of it was read */
    int current; /* open-stage index of its stage now, -1 closed or unknown */
    sdate created;
    uint64_t entered, passed; /* entered in the window; of those, passed later */
};

/* Stages from open index a+1 to b (inclusive) as bits. */
static uint64_t
bits_between(int a, int b)
{
    uint64_t m = 0;
    for (int i = a + 1; i <= b; i++)
        m |= UINT64_C(1) << i;
    return m;
}

#define FDEAL_SHIFT 16 /* 65536 deals, 2 MB, in a block */
#define FDEAL_BLOCK (1 << FDEAL_SHIFT)

/* One run of funnel_compute: the open stages in stages.csv order, the
 * deals of the window's reps, and the owners (names[i] for owner i). The
 * deals are in blocks of the pool (fdeal i: blk[i >> FDEAL_SHIFT]...),
 * found by their id's number (idmap): a history row of a stage change
 * costs one read where hashing and comparing the id cost more than the
 * rest of the row. */
struct funnel_run {
    struct store *s;
    const struct filter *f; /* the reps asked for: rep_wanted(&sv, f, ...) */
    struct saved_filter sv;
    struct deal_ctx dc;
    const struct stage *open[64];
    int nopen;
    struct fdeal **blk;
    size_t ndeals, nblk;
    struct idmap byid;   /* deal id -> index */
    struct hmap owners; /* owner -> index */
    struct pool pl;
    char **names;
    int nowners, capowners;
    sdate from, to;
};

static struct fdeal *
fdeal_at(const struct funnel_run *run, size_t i)
{
    return &run->blk[i >> FDEAL_SHIFT][i & (FDEAL_BLOCK - 1)];
}

/* The deal with the n bytes at id, or NULL. */
static struct fdeal *
fdeal_find(const struct funnel_run *run, const char *id, size_t n)
{
    long i = idmap_get_n(&run->byid, id, n);
    return i >= 0 ? fdeal_at(run, (size_t)i) : NULL;
}

/* A new deal of id (zeroed), or the one read before under the same id. */
static struct fdeal *
fdeal_add(struct funnel_run *run, const char *id)
{
    long i = idmap_get(&run->byid, id);
    if (i >= 0)
        return fdeal_at(run, (size_t)i);
    if (run->ndeals == run->nblk << FDEAL_SHIFT) {
        run->blk = xrealloc(run->blk, (run->nblk + 1) * sizeof *run->blk);
        run->blk[run->nblk++] = pool_alloc(&run->pl, FDEAL_BLOCK * sizeof **run->blk);
    }
    idmap_put(&run->byid, id, (uint32_t)run->ndeals);
    return fdeal_at(run, run->ndeals++);
}

/* The index of stage st among the open stages, -1 when it is not one. */
static int
funnel_stage(const struct funnel_run *run, const struct stage *st)
{
    for (int i = 0; i < run->nopen; i++)
        if (run->open[i] == st)
            return i;
    return -1;
}

static int
funnel_owner(struct funnel_run *run, const char *owner)
{
    int is_new;
    struct hmap_entry *he = hmap_put(&run->owners, owner, &is_new);
    if (is_new) {
        if (run->nowners == run->capowners) {
            run->capowners = run->capowners ? run->capowners * 2 : 16;
            run->names = xrealloc(run->names, (size_t)run->capowners * sizeof *run->names);
        }
        run->names[run->nowners] = pool_strdup(&run->pl, owner);
        he->v.num = run->nowners++;
    }
    return (int)he->v.num;
}

void
funnel_deal(struct funnel_run *run, const struct deal *d)
{
    if (!rep_wanted(&run->sv, run->f, d->owner))
        return;
    struct fdeal *fd = fdeal_add(run, d->id); /* a repeated id: the last row's */
    memset(fd, 0, sizeof *fd);
    fd->owner = funnel_owner(run, d->owner);
    fd->created = d->created;
    /* by name: d may come from another reader's stages (coach's) */
    fd->current = funnel_stage(run, stages_find(&run->dc.stages, d->stage->name));
}

/* funnel_compute's own read of deals.csv: every deal that matches the
 * filter bar its owner and dates (the funnel's own rules). */
static int
funnel_read_deals(struct funnel_run *run, struct filter *f, struct err *e)
{
    struct saved_filter sv;
    struct table *t;
    int r = -1;

    filter_set_aside(f, &sv);
    if (!(t = deals_open(run->s, e)) || filter_bind(f, t, e))
        goto out;
    while ((r = table_next(t, e)) == 1) {
        struct deal d;
        if (!filter_match(f, t))
            continue;
        if (deal_read(&run->dc, t, &d, e)) {
            r = -1;
            break;
        }
        funnel_deal(run, &d);
    }
out:
    table_free(t);
    filter_restore(f, &sv);
    return r < 0 ? -1 : 0;
}

/* A deal's stage change from so to sn on day: the open stages it entered
 * in the window, and of those the ones it has passed. A deal that skips a
 * stage passes it. */
static void
funnel_move(const struct funnel_run *run, struct fdeal *fd, const struct stage *so,
            const struct stage *sn, sdate day)
{
    int oi = funnel_stage(run, so), ni = funnel_stage(run, sn), nopen = run->nopen;
    int in = day >= run->from && day <= run->to;
    if (!fd->started) { /* it was created in the stage it first left */
        fd->started = 1;
        if (oi >= 0 && fd->created != DATE_NONE && fd->created >= run->from &&
            fd->created <= run->to)
            fd->entered |= UINT64_C(1) << oi;
    }
    if (sn && sn->state == DEAL_WON) { /* every open stage after the old one passed */
        if (in && oi >= 0)
            fd->entered |= bits_between(oi, nopen - 1);
        fd->passed |= fd->entered;
    } else if (ni >= 0) {
        if (in)
            fd->entered |= oi >= 0 && ni > oi ? bits_between(oi, ni) : UINT64_C(1) << ni;
        fd->passed |= fd->entered & bits_between(-1, ni - 1);
    }
}

int
funnel_change(void *ctx, const struct asof_hrow *h, struct err *e)
{
    struct funnel_run *run = ctx;
    struct fdeal *fd;
    sdate day;
    if (strcmp(h->field, "stage") != 0 || !(fd = fdeal_find(run, h->id, strlen(h->id))))
        return 0;
    if (asof_hrow_date(h, &day, e))
        return -1;
    funnel_move(run, fd, stages_find(&run->dc.stages, h->old),
                stages_find(&run->dc.stages, h->new_), day);
    return 0;
}

/* Per owner and open stage (owner nowners: the team) the deals that
 * entered it and passed it: [owner * nopen + stage]. */
static void
funnel_count(struct funnel_run *run, long *entered, long *passed)
{
    int nopen = run->nopen, team = run->nowners;
    for (size_t i = 0; i < run->ndeals; i++) {
        struct fdeal *fd = fdeal_at(run, i);
        /* never moved: created in the stage it is in */
        if (!fd->started && fd->current >= 0 && fd->created != DATE_NONE &&
            fd->created >= run->from && fd->created <= run->to)
            fd->entered |= UINT64_C(1) << fd->current;
        for (int k = 0; k < nopen; k++) {
            uint64_t bit = UINT64_C(1) << k;
            if (!(fd->entered & bit))
                continue;
            int pass = (fd->passed & bit) != 0;
            entered[fd->owner * nopen + k]++;
            passed[fd->owner * nopen + k] += pass;
            entered[team * nopen + k]++;
            passed[team * nopen + k] += pass;
        }
    }
}

/* The counts into fn: owners in name order, "" (no owner) last, then the
 * team (index nowners). */
static void
funnel_fill(const struct funnel_run *run, const long *entered, const long *passed,
            struct funnel *fn)
{
    int nopen = run->nopen, nowners = run->nowners, ns = nopen ? nopen : 1;
    char *const *names = run->names;
    int *order = xcalloc((size_t)nowners + 1, sizeof *order);
    for (int i = 0; i < nowners; i++)
        order[i] = i;
    for (int i = 1; i < nowners; i++) /* few owners: insertion sort */
        for (int j = i; j > 0; j--) {
            const char *a = names[order[j - 1]], *b = names[order[j]];
            int gt = !*a ? *b != 0 : *b && strcmp(a, b) > 0;
            if (!gt)
                break;
            int tmp = order[j];
            order[j] = order[j - 1];
            order[j - 1] = tmp;
        }
    fn->nowners = nowners;
    fn->nstages = nopen;
    fn->owners = xcalloc((size_t)nowners + 1, sizeof *fn->owners);
    fn->stages = xcalloc((size_t)nopen + 1, sizeof *fn->stages);
    fn->entered = xcalloc((size_t)(nowners + 1) * (size_t)ns, sizeof *fn->entered);
    fn->passed = xcalloc((size_t)(nowners + 1) * (size_t)ns, sizeof *fn->passed);
    for (int k = 0; k < nopen; k++)
        fn->stages[k] = xstrdup(run->open[k]->name);
    for (int i = 0; i <= nowners; i++) {
        int w = i < nowners ? order[i] : nowners;
        if (i < nowners)
            fn->owners[i] = xstrdup(names[w]);
        for (int k = 0; k < nopen; k++) {
            fn->entered[i * nopen + k] = entered[w * nopen + k];
            fn->passed[i * nopen + k] = passed[w * nopen + k];
        }
    }
    free(order);
}

void
funnel_free(struct funnel_run *run)
{
    if (!run)
        return;
    free(run->names);
    free(run->blk);
    idmap_release(&run->byid);
    hmap_release(&run->owners);
    pool_release(&run->pl);
    deal_ctx_release(&run->dc);
    free(run);
}

struct funnel_run *
funnel_begin(struct store *s, const struct filter *f, struct err *e)
{
    struct funnel_run *run = xcalloc(1, sizeof *run);
    struct period win;

    run->s = s;
    run->f = f;
    run->sv.owner_given = f->owner_given;
    idmap_init(&run->byid, schema_deals.id_prefix);
    report_window(s, f, &run->from, &run->to, &win);
    if (perf_window_close(s, &run->from, &run->to, e) || deal_ctx_init(&run->dc, s, e))
        goto fail; /* a failed deal_ctx_init leaves dc released */
    for (size_t i = 0; i < run->dc.stages.n; i++)
        if (run->dc.stages.v[i].state == DEAL_OPEN) {
            if (run->nopen == 64) {
                snprintf(e->msg, sizeof e->msg, "more than 64 open stages in stages.csv");
                goto fail;
            }
            run->open[run->nopen++] = &run->dc.stages.v[i];
        }
    return run;
fail:
    funnel_free(run);
    return NULL;
}

void
funnel_end(struct funnel_run *run, struct funnel *fn)
{
    size_t cells = (size_t)(run->nowners + 1) * (size_t)(run->nopen ? run->nopen : 1);
    long *entered = xcalloc(cells, sizeof *entered), *passed = xcalloc(cells, sizeof *passed);
    memset(fn, 0, sizeof *fn);
    funnel_count(run, entered, passed);
    funnel_fill(run, entered, passed, fn);
    free(entered);
    free(passed);
}

int
funnel_compute(struct store *s, struct filter *f, struct funnel *fn, struct err *e)
{
    struct funnel_run *run;
    int rc = -1;

    memset(fn, 0, sizeof *fn);
    if (!(run = funnel_begin(s, f, e)))
        return -1;
    if (!store_has(s, &schema_deals) ||
        (!funnel_read_deals(run, f, e) && !asof_history(s, "deals", funnel_change, run, e))) {
        funnel_end(run, fn);
        rc = 0;
    }
    funnel_free(run);
    return rc;
}

void
funnel_release(struct funnel *fn)
{
    for (int i = 0; fn->owners && i < fn->nowners; i++)
        free(fn->owners[i]);
    for (int k = 0; fn->stages && k < fn->nstages; k++)
        free(fn->stages[k]);
    free(fn->owners);
    free(fn->stages);
    free(fn->entered);
    free(fn->passed);
    memset(fn, 0, sizeof *fn);
}

int
report_funnel(struct store *s, struct filter *f, struct out *o, struct err *e)
{
    struct funnel fn;
    if (funnel_compute(s, f, &fn, e)) {
        funnel_release(&fn);
        return -1;
    }
    out_add_col(o, "owner", OT_TEXT);
    out_add_col(o, "stage", OT_TEXT);
    out_add_col(o, "entered", OT_INT);
    out_add_col(o, "passed", OT_INT);
    out_add_col(o, "conversion", OT_RATIO);
    out_add_col(o, "team_conversion", OT_RATIO);
    for (int i = 0; i < fn.nowners; i++)
        for (int k = 0; k < fn.nstages; k++) {
            char en[32], pa[32], cv[32], tc[32];
            long ne = fn.entered[i * fn.nstages + k], np = fn.passed[i * fn.nstages + k],
                 te = fn.entered[fn.nowners * fn.nstages + k],
                 tp = fn.passed[fn.nowners * fn.nstages + k];
            if (!ne)
                continue;
            snprintf(en, sizeof en, "%ld", ne);
            snprintf(pa, sizeof pa, "%ld", np);
            out_ratio((double)np, (double)ne, cv, sizeof cv);
            out_ratio((double)tp, (double)te, tc, sizeof tc);
            const char *vals[6] = {fn.owners[i], fn.stages[k], en, pa, cv, tc};
            out_row(o, vals);
        }
    funnel_release(&fn);
    return 0;
}
