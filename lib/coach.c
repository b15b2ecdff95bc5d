/* coach.c — ranked recommendations per rep (see coach.h). */
#include "coach.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "text.h"

static const char *const topic_names[] = {"stalled",    "overdue",  "coverage", "next_step",
                                          "conversion", "response", "activity"};

const char *
coach_topic_name(enum coach_topic t)
{
    return topic_names[t];
}

/* An open deal of a coached rep. */
struct cdeal {
    char *id, *stage;
    int rep; /* index into c->reps */
    long di; /* its index in the deal score's deals (dealscore_find) */
    sdate created;
    const struct stage *st; /* while the deal score is loaded */
    money_t amount;
    int stale, limit;      /* deal_stale from the last touch; its limit */
    long untouched;        /* days since the last touch (else created); -1 unknown */
    long overdue;          /* days past the close date; 0 when not */
    double score;          /* deal-score's; NAN when not scored */
    int next;              /* has an open activity */
};

/* What the passes gather. */
struct work {
    struct cdeal *d;
    size_t nd, capd;
    struct hmap scope;   /* rep id -> index into c->reps */
    struct hmap acts;    /* active rep id -> touches in the activity window */
    struct firsts first;
    /* deals.csv and activities.csv are read once, in the deal score's
     * passes: the deals by their index there */
    struct store *s;
    struct quotas_acc *q;
    struct dealscore ds;
    int ds_loaded;
    char **share_team; /* quota row -> the team whose quota it is a share of, else NULL */
    size_t nshare;
    sdate *touched; /* the last touch (TOUCHED bit set in mark) */
    uint8_t *mark;  /* NEXT: an open activity; TOUCHED */
    size_t nmark;
    char **active;       /* every active rep */
    size_t nactive;
    struct funnel_run *fr; /* the stage funnel, fed in the same passes */
};

static void
add_item(struct coach *c, int rep, enum coach_topic topic, money_t stake, double severity,
         struct sbuf *finding, struct sbuf *evidence, struct sbuf *records)
{
    c->v = xrealloc(c->v, (c->n + 1) * sizeof *c->v);
    struct coach_item *x = &c->v[c->n++];
    x->rep = xstrdup(c->reps[rep].id);
    x->priority = 0;
    x->topic = topic;
    x->stake = stake;
    x->severity = severity;
    x->finding = xstrdup(finding->p ? finding->p : "");
    x->evidence = xstrdup(evidence->p ? evidence->p : "");
    x->records = xstrdup(records->p ? records->p : "");
    sbuf_reset(finding);
    sbuf_reset(evidence);
    sbuf_reset(records);
}

/* records: the ids, ";"-separated, at most COACH_RECORDS_MAX, then "+N more". */
static void
records_of(struct sbuf *b, struct cdeal *const *v, size_t n)
{
    for (size_t i = 0; i < n && i < COACH_RECORDS_MAX; i++) {
        if (i)
            sbuf_addc(b, ';');
        sbuf_adds(b, v[i]->id);
    }
    if (n > COACH_RECORDS_MAX)
        sbuf_addf(b, ";+%zu more", n - COACH_RECORDS_MAX);
}

/* Deals by a field, largest first, then by id: one comparator per field. */
#define BY_FIELD_DESC(name, field)                                                   \
    static int name(const void *a, const void *b)                                    \
    {                                                                                \
        const struct cdeal *x = *(struct cdeal *const *)a, *y = *(struct cdeal *const *)b; \
        if (x->field != y->field)                                                    \
            return x->field > y->field ? -1 : 1;                                     \
        return strcmp(x->id, y->id);                                                 \
    }
BY_FIELD_DESC(by_untouched, untouched)
BY_FIELD_DESC(by_overdue, overdue)
BY_FIELD_DESC(by_score, score)
BY_FIELD_DESC(by_amount, amount)
#undef BY_FIELD_DESC

static int
cmp_str(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

static int
cmp_long(const void *a, const void *b)
{
    long x = *(const long *)a, y = *(const long *)b;
    return (x > y) - (x < y);
}

/* ---- the reps --------------------------------------------------------------- */

static int
load_reps(struct store *s, const struct filter *f, struct coach *c, struct work *w,
          struct err *e)
{
    struct reps r;
    if (!store_has(s, &schema_reps))
        return 0;
    if (reps_load(s, &r, e))
        return -1;
    w->active = xcalloc(r.mt.nrows + 1, sizeof *w->active);
    c->reps = xcalloc(r.mt.nrows + 1, sizeof *c->reps);
    char **ids = xcalloc(r.mt.nrows + 1, sizeof *ids);
    size_t nids = 0;
    for (size_t i = 0; i < r.mt.nrows; i++) {
        const char *id = r.mt.rows[i][r.c_id];
        int active = reps_active(&r, (int)i), in = !f->owner_given;
        if (active) {
            w->active[w->nactive++] = xstrdup(id);
            hmap_put(&w->acts, id, NULL);
        }
        for (size_t k = 0; !in && k < f->nowners; k++)
            in = strcmp(f->owners[k], id) == 0;
        /* --rep names anyone; a team and everyone are its active reps */
        if (in && (active || (f->owner_given && !f->team)))
            ids[nids++] = r.mt.rows[i][r.c_id];
    }
    qsort(ids, nids, sizeof *ids, cmp_str);
    for (size_t i = 0; i < nids; i++) {
        int row = reps_index(&r, ids[i]);
        c->reps[c->nreps].id = xstrdup(ids[i]);
        c->reps[c->nreps].name = xstrdup(r.mt.rows[row][r.c_name]);
        hmap_put(&w->scope, ids[i], NULL)->v.num = (int64_t)c->nreps++;
    }
    free(ids);
    reps_release(&r);
    return 0;
}

static int
rep_of(const struct work *w, const char *id)
{
    struct hmap_entry *he = hmap_get(&w->scope, id);
    return he ? (int)he->v.num : -1;
}

/* ---- a team's quota shared by its reps without one --------------------------- */

/* Is rep row i someone's manager? */
static int
is_manager(const struct reps *r, size_t i)
{
    for (size_t k = 0; k < r->mt.nrows; k++)
        if (strcmp(r->mt.rows[k][r->c_manager], r->mt.rows[i][r->c_id]) == 0)
            return 1;
    return 0;
}

/* Does q hold a quota of owner for the days of period p? */
static const struct quota_row *
own_quota(const struct quotas_acc *q, size_t n, const char *owner, const struct period *p)
{
    for (size_t j = 0; j < n; j++)
        if (!q->rows[j].rolled_up && strcmp(q->rows[j].owner, owner) == 0 &&
            q->rows[j].period.start == p->start && q->rows[j].period.end == p->end)
            return &q->rows[j];
    return NULL;
}

/* For every quota a team has of its own (quota-set's, not rolled up): its
 * active reps that manage no one and have no quota of their own for the
 * period carry an equal share of what the team's quota leaves after its
 * reps' own quotas (rounded down to the cent). A coached rep's share is a
 * quota row of q (before the deals are fed), its team in w->share_team. */
static int
team_shares(struct store *s, struct work *w, struct quotas_acc *q,
            struct err *e)
{
    struct reps r;
    size_t n0 = q->n;
    if (!n0 || !store_has(s, &schema_reps))
        return 0;
    if (reps_load(s, &r, e))
        return -1;
    for (size_t j = 0; j < n0; j++) {
        const struct quota_row *x = &q->rows[j]; /* until q->rows grows below */
        const struct period per = x->period;
        money_t left = x->quota;
        size_t without = 0;
        if (x->rolled_up || reps_index(&r, x->owner) >= 0 || !reps_is_team(&r, x->owner))
            continue;
        for (size_t i = 0; i < r.mt.nrows; i++) {
            const struct quota_row *own;
            if (strcmp(r.mt.rows[i][r.c_team], x->owner) != 0)
                continue;
            if ((own = own_quota(q, n0, r.mt.rows[i][r.c_id], &per)))
                left -= own->quota;
            else if (reps_active(&r, (int)i) && !is_manager(&r, i))
                without++;
        }
        if (!without)
            continue;
        money_t share = left > 0 ? left / (money_t)without : 0;
        for (size_t i = 0; i < r.mt.nrows; i++) {
            const char *id = r.mt.rows[i][r.c_id];
            if (strcmp(r.mt.rows[i][r.c_team], q->rows[j].owner) != 0 || !reps_active(&r, (int)i) ||
                is_manager(&r, i) || own_quota(q, n0, id, &per) || rep_of(w, id) < 0)
                continue;
            q->rows = xrealloc(q->rows, (q->n + 1) * sizeof *q->rows);
            struct quota_row *y = &q->rows[q->n];
            memset(y, 0, sizeof *y);
            y->owner = xstrdup(id);
            y->period = q->rows[j].period;
            memcpy(y->label, q->rows[j].label, sizeof y->label);
            y->quota = share;
            w->share_team = xrealloc(w->share_team, (q->n + 1) * sizeof *w->share_team);
            memset(w->share_team + w->nshare, 0, (q->n + 1 - w->nshare) * sizeof *w->share_team);
            w->nshare = q->n + 1;
            w->share_team[q->n] = xstrdup(q->rows[j].owner);
            struct hmap_entry *he = hmap_put(&q->byrep, id, NULL);
            struct sbuf b = {0};
            if (he->v.ptr)
                sbuf_adds(&b, he->v.ptr);
            free(he->v.ptr);
            sbuf_addf(&b, "%zu,", q->n); /* quotas_add_deal's index list */
            he->v.ptr = b.p;
            q->n++;
        }
    }
    reps_release(&r);
    return 0;
}

/* ---- activities: last touches, open activities, counts, first touches ------ */

enum { NEXT = 1, TOUCHED = 2 };

/* One row of activities.csv (act_read's). */
static int
activity_row(void *ctx, const struct table *t, struct err *e)
{
    struct work *w = ctx;
    struct store *s = w->s;
    sdate from = s->today - s->coach.activity_days + 1;
    struct act a;
    int open, touch;
    struct hmap_entry *he;
    if (w->ds_loaded && !w->mark) { /* the first row: every deal is read by now */
        if (acts_check(t, e))
            return -1;
        w->nmark = w->ds.n;
        w->mark = xcalloc(w->nmark + 1, 1);
        w->touched = xcalloc(w->nmark + 1, sizeof *w->touched);
    }
    if (act_read(t, s->now, &a, &open, &touch, e))
        return -1;
    response_first_touch(&w->first, &a, touch);
    long i = w->mark && *a.deal ? dealscore_find(&w->ds, a.deal) : -1;
    if (open && i >= 0)
        w->mark[i] |= NEXT;
    if (!touch)
        return 0;
    if (i >= 0 && (!(w->mark[i] & TOUCHED) || a.day > w->touched[i])) {
        w->mark[i] |= TOUCHED;
        w->touched[i] = a.day;
    }
    if (a.day >= from && a.day <= s->today && (he = hmap_get(&w->acts, a.rep)))
        he->v.num++;
    return 0;
}

/* activities.csv alone, when there is no deals.csv. */
static int
read_activities(struct store *s, struct work *w, struct err *e)
{
    struct table *t;
    int r;
    if (!store_has(s, &schema_activities))
        return 0;
    if (!(t = acts_open(s, e)))
        return -1;
    while ((r = table_next(t, e)) == 1)
        if (activity_row(w, t, e)) {
            r = -1;
            break;
        }
    table_free(t);
    return r < 0 ? -1 : 0;
}

/* ---- deals: the open ones of the coached reps, and the quotas -------------- */

/* One row of deals.csv. */
static int
deal_row(void *ctx, const struct deal *d, const struct table *t, long i, struct err *e)
{
    struct work *w = ctx;
    int rep;
    funnel_deal(w->fr, d);
    if (w->q->n && quotas_add_deal(w->q, d))
        return err_at(e, t->name, table_line(t), "amount total too large");
    if (d->state != DEAL_OPEN || (rep = rep_of(w, d->owner)) < 0)
        return 0;
    if (w->nd == w->capd) {
        w->capd = w->capd ? w->capd * 2 : 64;
        w->d = xrealloc(w->d, w->capd * sizeof *w->d);
    }
    struct cdeal *x = &w->d[w->nd++];
    x->id = xstrdup(d->id);
    x->stage = xstrdup(d->stage->name);
    x->st = d->stage;
    x->rep = rep;
    x->di = i;
    x->created = d->created;
    x->amount = d->amount;
    x->overdue = d->close != DATE_NONE && d->close < w->s->today ? (long)(w->s->today - d->close) : 0;
    x->score = NAN;
    return 0;
}

static int
history_row(void *ctx, const struct asof_hrow *h, struct err *e)
{
    return funnel_change(((struct work *)ctx)->fr, h, e);
}

/* The deals' last touches and open activities, once both files are read. */
static void
finish_deals(struct store *s, struct work *w)
{
    for (size_t i = 0; i < w->nd; i++) {
        struct cdeal *x = &w->d[i];
        int m = w->mark && (size_t)x->di < w->nmark ? w->mark[x->di] : 0;
        sdate since = m & TOUCHED ? w->touched[x->di] : x->created;
        struct deal d = {.id = x->id, .stage = x->st, .created = x->created};
        x->stale = deal_stale(s, &d, since);
        x->limit = deal_stale_limit(s, &d);
        x->untouched = since == DATE_NONE ? -1 : (long)(s->today - since);
        x->next = (m & NEXT) != 0;
        x->st = NULL;
    }
}

/* The deals and activities in the deal score's passes, then the scores of
 * the open deals; the model's refusal on too few closed deals leaves them
 * unscored, with the reason in c->note. */
static int
read_and_score(struct store *s, struct coach *c, struct work *w, struct err *e)
{
    struct ds_hooks h = {w, deal_row, activity_row, history_row};
    if (!store_has(s, &schema_deals))
        return read_activities(s, w, e);
    w->ds_loaded = 1;
    if (dealscore_load_hooked(&w->ds, s, NULL, &h, e))
        return -1;
    finish_deals(s, w);
    if (!w->nd)
        return 0;
    if (dealscore_fit(&w->ds, DATE_NONE, e)) {
        if (w->ds.nwon >= DEALSCORE_MIN && w->ds.nlost >= DEALSCORE_MIN)
            return -1;
        snprintf(c->note, sizeof c->note, "next_step left out: %s", e->msg);
        e->msg[0] = 0;
        return 0;
    }
    for (size_t i = 0; i < w->nd; i++)
        w->d[i].score = dealscore_score(&w->ds, w->d[i].di);
    return 0;
}

/* The sum of the deals' amounts; -1 when it overflows. */
static int
stake_of(struct cdeal *const *v, size_t n, money_t *sum)
{
    *sum = 0;
    for (size_t i = 0; i < n; i++)
        if (money_add(sum, v[i]->amount))
            return -1;
    return 0;
}

/* ---- the topics -------------------------------------------------------------- */

static int
topic_deals(const struct coach_cfg *cfg, struct coach *c, struct work *w, struct err *e)
{
    struct sbuf fi = {0}, ev = {0}, re = {0};
    struct cdeal **v = xcalloc(w->nd + 1, sizeof *v);
    char m[MONEY_BUFSZ];
    int rc = -1;
    for (size_t rep = 0; rep < c->nreps; rep++)
        for (int topic = COACH_STALLED; topic <= COACH_NEXT_STEP; topic++) {
            size_t n = 0;
            money_t stake;
            if (topic == COACH_COVERAGE)
                continue;
            for (size_t i = 0; i < w->nd; i++) {
                struct cdeal *x = &w->d[i];
                if (x->rep == (int)rep &&
                    (topic == COACH_STALLED   ? x->stale
                     : topic == COACH_OVERDUE ? x->overdue > 0
                                              : !isnan(x->score) && !x->next &&
                                                    x->score >= cfg->score))
                    v[n++] = x;
            }
            if (!n)
                continue;
            qsort(v, n, sizeof *v,
                  topic == COACH_STALLED   ? by_untouched
                  : topic == COACH_OVERDUE ? by_overdue
                                           : by_score);
            if (stake_of(v, n, &stake)) {
                err_set(e, "coach: amount total too large");
                goto out;
            }
            money_format(stake, m);
            double severity;
            if (topic == COACH_STALLED) {
                sbuf_addf(&fi, "%zu open deal%s with no touch for longer than %s stage allows", n,
                          n == 1 ? "" : "s", n == 1 ? "its" : "their");
                sbuf_addf(&ev, "%s open; longest %ld days without a touch (limit %d)", m,
                          v[0]->untouched, v[0]->limit);
                severity = (double)v[0]->untouched / (v[0]->limit > 0 ? v[0]->limit : 1);
            } else if (topic == COACH_OVERDUE) {
                sbuf_addf(&fi, "%zu open deal%s past %s close date", n, n == 1 ? "" : "s",
                          n == 1 ? "its" : "their");
                sbuf_addf(&ev, "%s open; %ld days overdue at most", m, v[0]->overdue);
                severity = (double)v[0]->overdue;
            } else {
                sbuf_addf(&fi, "%zu deal%s scoring %.2f or more with no next step", n,
                          n == 1 ? "" : "s", cfg->score);
                sbuf_addf(&ev, "%s open; score %.2f at best; no open activity", m, v[0]->score);
                severity = v[0]->score / (cfg->score > 0 ? cfg->score : 1);
            }
            records_of(&re, v, n);
            add_item(c, (int)rep, (enum coach_topic)topic, stake, severity, &fi, &ev, &re);
        }
    rc = 0;
out:
    free(v);
    sbuf_release(&fi);
    sbuf_release(&ev);
    sbuf_release(&re);
    return rc;
}

/* coverage: each quota of the rep for the current period. */
static void
topic_coverage(const struct coach_cfg *cfg, struct coach *c, const struct quotas_acc *q,
               const struct work *w)
{
    struct sbuf fi = {0}, ev = {0}, re = {0};
    for (size_t j = 0; j < q->n; j++) {
        const struct quota_row *x = &q->rows[j];
        size_t rep;
        for (rep = 0; rep < c->nreps; rep++)
            if (strcmp(c->reps[rep].id, x->owner) == 0)
                break;
        if (rep == c->nreps)
            continue;
        double cov = metric_coverage(x->pipeline, x->quota, x->won);
        if (isnan(cov) || cov >= cfg->coverage)
            continue;
        money_t remaining = metric_gap(x->quota, x->won), want, missing;
        struct wsum ws = {0};
        wsum_add_ppm(&ws, remaining, llround(cfg->coverage * 1e6));
        want = wsum_value(&ws);
        missing = want - x->pipeline;
        char a[MONEY_BUFSZ], b[MONEY_BUFSZ], d[MONEY_BUFSZ], f[MONEY_BUFSZ], g[MONEY_BUFSZ];
        const char *team = j < w->nshare ? w->share_team[j] : NULL;
        if (team)
            sbuf_addf(&fi, "open pipeline covers %.2fx the remaining share of %s's quota of %s, "
                           "under %gx", cov, team, x->label, cfg->coverage);
        else
            sbuf_addf(&fi, "open pipeline covers %.2fx the remaining quota of %s, under %gx", cov,
                      x->label, cfg->coverage);
        sbuf_addf(&ev, "%s %s, won %s, remaining %s, pipeline %s; %s more needed",
                  team ? "share" : "quota",
                  money_format(x->quota, a), money_format(x->won, b), money_format(remaining, d),
                  money_format(x->pipeline, f), money_format(missing, g));
        add_item(c, (int)rep, COACH_COVERAGE, missing,
                 cov > 0 ? cfg->coverage / cov : HUGE_VAL, &fi, &ev, &re);
    }
    sbuf_release(&fi);
    sbuf_release(&ev);
    sbuf_release(&re);
}

/* conversion: the rep's stage furthest under the team's. */
static int
topic_conversion(const struct coach_cfg *cfg, struct coach *c, struct work *w,
                 const struct funnel *fn, struct err *e)
{
    struct sbuf fi = {0}, ev = {0}, re = {0};
    struct cdeal **v = xcalloc(w->nd + 1, sizeof *v);
    int rc = -1, ns = fn->nstages;
    for (size_t rep = 0; rep < c->nreps; rep++) {
        int o, best = -1;
        double best_gap = 0, conv = 0, team = 0;
        for (o = 0; o < fn->nowners; o++)
            if (strcmp(fn->owners[o], c->reps[rep].id) == 0)
                break;
        if (o == fn->nowners)
            continue;
        for (int k = 0; k < ns; k++) {
            long ne = fn->entered[o * ns + k], np = fn->passed[o * ns + k],
                 te = fn->entered[fn->nowners * ns + k], tp = fn->passed[fn->nowners * ns + k];
            if (ne < cfg->conversion_min || te == 0 || tp == 0)
                continue;
            double cv = (double)np / (double)ne, tc = (double)tp / (double)te;
            if (cv < tc * cfg->conversion_ratio && tc - cv > best_gap) {
                best = k;
                best_gap = tc - cv;
                conv = cv;
                team = tc;
            }
        }
        if (best < 0)
            continue;
        size_t n = 0;
        money_t stake;
        for (size_t i = 0; i < w->nd; i++)
            if (w->d[i].rep == (int)rep && strcmp(w->d[i].stage, fn->stages[best]) == 0)
                v[n++] = &w->d[i];
        qsort(v, n, sizeof *v, by_amount);
        if (stake_of(v, n, &stake)) {
            err_set(e, "coach: amount total too large");
            goto out;
        }
        char m[MONEY_BUFSZ];
        sbuf_addf(&fi, "%s converts %.2f, the team %.2f", fn->stages[best], conv, team);
        sbuf_addf(&ev, "%ld of %ld passed; the team %ld of %ld; under %g of the team's; %zu open "
                       "deal%s %s in %s now",
                  fn->passed[o * ns + best], fn->entered[o * ns + best],
                  fn->passed[fn->nowners * ns + best], fn->entered[fn->nowners * ns + best],
                  cfg->conversion_ratio, n, n == 1 ? "" : "s", money_format(stake, m),
                  fn->stages[best]);
        records_of(&re, v, n);
        add_item(c, (int)rep, COACH_CONVERSION, stake,
                 conv > 0 ? team * cfg->conversion_ratio / conv : HUGE_VAL, &fi, &ev, &re);
    }
    rc = 0;
out:
    free(v);
    sbuf_release(&fi);
    sbuf_release(&ev);
    sbuf_release(&re);
    return rc;
}

/* Every lead in one group: the team's median response. */
static const char *
team_key(void *ctx, const char *rep, sdate created, const struct table *leads)
{
    (void)ctx;
    (void)rep;
    (void)created;
    (void)leads;
    return "team";
}

/* response: the rep's median first touch against the team's, over the window. */
static int
topic_response(struct store *s, struct filter *f, struct coach *c, struct work *w,
               struct err *e)
{
    const struct coach_cfg *cfg = &s->coach;
    struct response_stat *per = NULL, *all = NULL;
    long nper = 0, nall = 0;
    struct sbuf fi = {0}, ev = {0}, re = {0};
    struct period p;
    sdate from, to;
    int rc = -1;
    if (!store_has(s, &schema_leads))
        return 0;
    report_window(s, f, &from, &to, &p);
    if ((nper = response_times(s, &w->first, from, to, NULL, NULL, &per, e)) < 0 ||
        (nall = response_times(s, &w->first, from, to, team_key, NULL, &all, e)) < 0)
        goto out;
    double team = nall ? all[0].median_hours : NAN;
    for (long i = 0; !isnan(team) && i < nper; i++) {
        int rep = rep_of(w, per[i].rep);
        double h = per[i].median_hours;
        if (rep < 0 || isnan(h) || !(h > team * cfg->response_ratio))
            continue;
        sbuf_addf(&fi, "median lead response %.1f hours, the team %.1f", h, team);
        sbuf_addf(&ev, "%ld lead%s answered, %ld waiting; over %gx the team's median", per[i].responded,
                  per[i].responded == 1 ? "" : "s", per[i].waiting, cfg->response_ratio);
        add_item(c, rep, COACH_RESPONSE, 0,
                 team > 0 ? h / (team * cfg->response_ratio) : HUGE_VAL, &fi, &ev, &re);
    }
    rc = 0;
out:
    response_stats_free(per, nper < 0 ? 0 : nper);
    response_stats_free(all, nall < 0 ? 0 : nall);
    sbuf_release(&fi);
    sbuf_release(&ev);
    sbuf_release(&re);
    return rc;
}

/* activity: touches in the last days against the active reps' median. */
static void
topic_activity(const struct store *s, struct coach *c, struct work *w)
{
    const struct coach_cfg *cfg = &s->coach;
    struct sbuf fi = {0}, ev = {0}, re = {0};
    if (!w->nactive)
        return;
    long *n = xcalloc(w->nactive, sizeof *n);
    for (size_t i = 0; i < w->nactive; i++)
        n[i] = (long)hmap_get(&w->acts, w->active[i])->v.num;
    qsort(n, w->nactive, sizeof *n, cmp_long);
    size_t h = w->nactive / 2;
    double median = w->nactive % 2 ? (double)n[h] : ((double)n[h - 1] + (double)n[h]) / 2;
    free(n);
    for (size_t rep = 0; median > 0 && rep < c->nreps; rep++) {
        struct hmap_entry *he = hmap_get(&w->acts, c->reps[rep].id);
        long k = he ? (long)he->v.num : 0;
        if (!((double)k < median * cfg->activity_ratio))
            continue;
        sbuf_addf(&fi, "%ld activit%s in the last %d days, the team's median %g", k,
                  k == 1 ? "y" : "ies", cfg->activity_days, median);
        sbuf_addf(&ev, "under %g of the median of %zu active rep%s", cfg->activity_ratio,
                  w->nactive, w->nactive == 1 ? "" : "s");
        add_item(c, (int)rep, COACH_ACTIVITY, 0,
                 k > 0 ? median * cfg->activity_ratio / (double)k : HUGE_VAL, &fi, &ev, &re);
    }
    sbuf_release(&fi);
    sbuf_release(&ev);
    sbuf_release(&re);
}

/* ---- ranking ------------------------------------------------------------------ */

/* coach.h's rank: the rep (c->reps is in id order), the money at stake,
 * how far past the threshold, the topic. */
static int
rank_cmp(const void *a, const void *b)
{
    const struct coach_item *x = a, *y = b;
    int c = strcmp(x->rep, y->rep);
    if (c)
        return c;
    if (x->stake != y->stake)
        return x->stake > y->stake ? -1 : 1;
    if (x->severity != y->severity)
        return x->severity > y->severity ? -1 : 1;
    return (int)x->topic - (int)y->topic;
}

int
coach_run(struct store *s, struct filter *f, struct coach *c, struct err *e)
{
    struct work w = {0};
    struct quotas_acc q = {0};
    struct funnel fn = {0};
    int rc = -1;

    memset(c, 0, sizeof *c);
    if (load_reps(s, f, c, &w, e))
        goto out;
    if (store_has(s, &schema_quotas)) {
        struct filter all = {0}; /* every quota of today's periods; the reps picked below */
        if (quotas_select(s, &all, NULL, &q, e))
            goto out;
    }
    if (team_shares(s, &w, &q, e))
        goto out;
    w.s = s;
    w.q = &q;
    {
        /* the team is every owner: the funnel counts all of them */
        int given = f->owner_given;
        f->owner_given = 0;
        w.fr = funnel_begin(s, f, e);
        f->owner_given = given;
        if (!w.fr)
            goto out;
    }
    int bad = read_and_score(s, c, &w, e);
    if (w.ds_loaded) /* what is read of it is in w */
        dealscore_release(&w.ds);
    w.ds_loaded = 0;
    if (bad)
        goto out;
    funnel_end(w.fr, &fn);
    if (topic_deals(&s->coach, c, &w, e))
        goto out;
    topic_coverage(&s->coach, c, &q, &w);
    if (topic_conversion(&s->coach, c, &w, &fn, e))
        goto out;
    if (topic_response(s, f, c, &w, e))
        goto out;
    topic_activity(s, c, &w);
    if (c->n)
        qsort(c->v, c->n, sizeof *c->v, rank_cmp);
    for (size_t i = 0; i < c->n; i++)
        c->v[i].priority = i && strcmp(c->v[i].rep, c->v[i - 1].rep) == 0 ? c->v[i - 1].priority + 1 : 1;
    rc = 0;
out:
    for (size_t i = 0; i < w.nd; i++) {
        free(w.d[i].id);
        free(w.d[i].stage);
    }
    free(w.d);
    strv_free(w.active);
    hmap_release(&w.scope);
    hmap_release(&w.acts);
    free(w.mark);
    free(w.touched);
    for (size_t i = 0; i < w.nshare; i++)
        free(w.share_team[i]);
    free(w.share_team);
    response_first_release(&w.first);
    quotas_release(&q);
    funnel_free(w.fr);
    funnel_release(&fn);
    return rc;
}

void
coach_release(struct coach *c)
{
    for (size_t i = 0; i < c->n; i++) {
        free(c->v[i].rep);
        free(c->v[i].finding);
        free(c->v[i].evidence);
        free(c->v[i].records);
    }
    for (size_t i = 0; i < c->nreps; i++) {
        free(c->reps[i].id);
        free(c->reps[i].name);
    }
    free(c->v);
    free(c->reps);
    memset(c, 0, sizeof *c);
}

void
coach_write(const struct coach *c, struct out *o)
{
    out_add_col(o, "rep", OT_TEXT);
    out_add_col(o, "priority", OT_INT);
    out_add_col(o, "topic", OT_TEXT);
    out_add_col(o, "finding", OT_TEXT);
    out_add_col(o, "evidence", OT_TEXT);
    out_add_col(o, "records", OT_TEXT);
    for (size_t i = 0; i < c->n; i++) {
        const struct coach_item *x = &c->v[i];
        char pr[16];
        snprintf(pr, sizeof pr, "%d", x->priority);
        out_row(o, (const char *[]){x->rep, pr, topic_names[x->topic], x->finding, x->evidence,
                                    x->records});
    }
}

int
coach_text(const struct coach *c, FILE *fp, struct err *e)
{
    size_t j = 0;
    for (size_t i = 0; i < c->nreps; i++) {
        const struct coach_rep *r = &c->reps[i];
        fprintf(fp, "%s%s", i ? "\n" : "", r->id);
        fprintf(fp, *r->name ? " (%s)\n" : "\n", r->name);
        if (j == c->n || strcmp(c->v[j].rep, r->id) != 0)
            fprintf(fp, "   nothing to act on\n");
        for (; j < c->n && strcmp(c->v[j].rep, r->id) == 0; j++) {
            const struct coach_item *x = &c->v[j];
            fprintf(fp, "%2d. %s: %s\n", x->priority, topic_names[x->topic], x->finding);
            fprintf(fp, "    %s\n", x->evidence);
            if (*x->records)
                fprintf(fp, "    %s\n", x->records);
        }
    }
    if (fflush(fp) || ferror(fp))
        return err_sys(e, "stdout", "cannot write");
    return 0;
}
