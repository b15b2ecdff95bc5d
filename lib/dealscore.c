/* dealscore.c — features of deals as of a reference day, the model over them (see dealscore.h). */
#include "dealscore.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "asof.h"
#include "text.h"

#define NTYPES ASOF_NTYPES

struct ds_deal {
    const char *id; /* in ds->ids */
    char *name;     /* open deals only */
    money_t amount;
    sdate created, close, closed;
    int32_t seg, src, type; /* model level codes */
    int32_t owner;          /* owner code, now */
    int16_t stage;          /* index in dc.stages, now */
    uint8_t state, picked;
    /* what a history row changes, together (history_change fetches it) */
    sdate ref;
    struct asof st, cl, ow; /* stage (index), close (sdate), owner (code) */
    uint8_t pushes;
    struct asof_touches tc;
};

struct ds_close {
    int32_t owner;
    sdate closed;
    uint32_t wins; /* prefix: wins among the entries before this one (same list) */
    uint8_t won;
};

enum {
    F_STAGE,
    F_SEGMENT,
    F_SOURCE,
    F_TYPE,
    F_INSTAGE,
    F_AGE,
    F_AMOUNT,
    F_WINRATE,
    F_ACT14,
    F_ACT30 = F_ACT14 + NTYPES,
    F_TOUCH = F_ACT30 + NTYPES,
    F_PUSHED,
    F_TOCLOSE,
    F_N
};


static const char *const feature_names[F_N] = {
    "stage",      "segment",    "source",      "type",       "days in stage", "age",
    "amount",     "owner win rate", "calls 14d", "emails 14d", "meetings 14d", "demos 14d",
    "other 14d",  "calls 30d",  "emails 30d",  "meetings 30d", "demos 30d",   "other 30d",
    "no touch",   "close pushed", "days to close"};

static int32_t
owner_code(struct dealscore *ds, const char *owner)
{
    int is_new;
    struct hmap_entry *e = hmap_put(&ds->owners, owner, &is_new);
    if (is_new)
        e->v.num = ds->nowners++;
    return (int32_t)e->v.num;
}

static int
stage_index(const struct dealscore *ds, const char *name)
{
    const struct stage *st = stages_find(&ds->dc.stages, name);
    return st ? (int)(st - ds->dc.stages.v) : -1;
}

/* ---- deals by id ----------------------------------------------------------- */

/* The index in ds->d of deal id, or -1. */
static long
deal_find(const struct dealscore *ds, const char *id)
{
    return idmap_get(&ds->byid, id);
}

/* Deal id as index ds->n; -1 when it is there already. Sets *stored to
 * the id's copy. */
static int
deal_add(struct dealscore *ds, const char *id, const char **stored)
{
    size_t len = strlen(id);
    if (idmap_get_n(&ds->byid, id, len) >= 0)
        return -1;
    if (!(*stored = idmap_put_n(&ds->byid, id, len, (uint32_t)ds->n)))
        *stored = pool_strndup(&ds->ids, id, len);
    return 0;
}

/* ---- reading ------------------------------------------------------------- */

static int
read_deals(struct dealscore *ds, struct filter *f, struct err *e)
{
    struct table *t = deals_open(ds->s, e);
    int r;
    if (!t)
        return -1;
    if (f && filter_bind(f, t, e)) {
        table_free(t);
        return -1;
    }
    while ((r = table_next(t, e)) == 1) {
        struct deal d;
        const char *id;
        if (deal_read(&ds->dc, t, &d, e)) {
            r = -1;
            break;
        }
        if (ds->n >= INT32_MAX - 1) {
            r = err_at(e, t->name, table_line(t), "too many deals");
            break;
        }
        if (deal_add(ds, d.id, &id)) {
            r = err_at(e, t->name, table_line(t), "deal %s is there twice", d.id);
            break;
        }
        if (ds->n == ds->cap) {
            ds->cap = ds->cap ? ds->cap * 2 : 1024;
            ds->d = xrealloc(ds->d, ds->cap * sizeof *ds->d);
        }
        if (ds->hooks && ds->hooks->deal &&
            ds->hooks->deal(ds->hooks->ctx, &d, t, (long)ds->n, e)) {
            r = -1;
            break;
        }
        struct ds_deal *x = &ds->d[ds->n++];
        memset(x, 0, sizeof *x);
        x->id = id;
        x->amount = d.amount;
        x->created = d.created;
        x->close = d.close;
        x->closed = d.closed;
        x->state = (uint8_t)d.state;
        x->stage = (int16_t)(d.stage - ds->dc.stages.v);
        x->owner = owner_code(ds, d.owner);
        x->seg = model_level(&ds->m, F_SEGMENT, d.segment);
        x->src = model_level(&ds->m, F_SOURCE, d.source);
        x->type = model_level(&ds->m, F_TYPE, table_get(t, ds->dc.c_type));
        asof_touches_init(&x->tc);
        asof_init(&x->st);
        asof_init(&x->cl);
        asof_init(&x->ow);
        if (d.state == DEAL_OPEN) {
            x->ref = ds->s->today;
            x->picked = !f || filter_match(f, t);
            if (x->picked)
                x->name = xstrdup(table_get(t, ds->dc.c_name));
        } else {
            x->ref = asof_refday(d.id, d.created, d.closed); /* DATE_NONE: never seen open */
        }
    }
    table_free(t);
    return r < 0 ? -1 : 0;
}

/* History rows go through a short queue: a row's deal is looked up some
 * rows after the row is read, and changed some rows after that, each
 * fetched into the cache in the meantime (the deals a stretch of history
 * touches are scattered over memory). Rows are applied in file order. */
#define HQ_AHEAD 8 /* rows between reading a row and finding its deal */
#define HQ 32      /* a power of 2 >= 2 * HQ_AHEAD + 1 */

struct hq_row {
    long long k; /* the id's number, -1: i is known */
    long i;      /* the deal (after the lookup), -1: none */
    int which;   /* 0 stage, 1 close, 2 owner */
    sdate d;
    int32_t o, n;
};

static void
hq_find(struct dealscore *ds, struct hq_row *q)
{
    if (q->k >= 0) {
        q->i = idmap_slot(&ds->byid, q->k);
        if (q->i < 0 && ds->byid.other.len) { /* an id that took no slot (idmap.h) */
            char id[32];
            snprintf(id, sizeof id, "%c%lld", schema_deals.id_prefix, q->k);
            q->i = deal_find(ds, id);
        }
    }
    if (q->i >= 0) {
        __builtin_prefetch(&ds->d[q->i].ref, 1);
        __builtin_prefetch(&ds->d[q->i].pushes, 1);
    }
}

static void
hq_apply(struct dealscore *ds, const struct hq_row *q)
{
    if (q->i < 0)
        return; /* a deal no longer there */
    struct ds_deal *x = &ds->d[q->i];
    if (x->ref == DATE_NONE)
        return;
    if (q->which == 0) {
        asof_change(&x->st, x->ref, q->d, q->o, q->n);
    } else if (q->which == 1) {
        asof_change(&x->cl, x->ref, q->d, q->o, q->n);
        if (q->d <= x->ref && q->o != DATE_NONE && q->n != DATE_NONE && q->n > q->o &&
            x->pushes < 255)
            x->pushes++;
    } else {
        asof_change(&x->ow, x->ref, q->d, q->o, q->n);
    }
}

/* Apply every row queued. */
static void
hq_flush(struct dealscore *ds)
{
    for (; ds->hq_tail < ds->hq_head; ds->hq_tail++) {
        struct hq_row *q = &ds->hq[ds->hq_tail % HQ];
        if (ds->hq_tail + HQ_AHEAD >= ds->hq_head)
            hq_find(ds, q); /* not looked up yet */
        hq_apply(ds, q);
    }
}

static int
history_change(void *ctx, const struct asof_hrow *h, struct err *e)
{
    struct dealscore *ds = ctx;
    if (ds->hooks && ds->hooks->history && ds->hooks->history(ds->hooks->ctx, h, e))
        return -1;
    int which = strcmp(h->field, "stage") == 0   ? 0
                : strcmp(h->field, "close") == 0 ? 1
                : strcmp(h->field, "owner") == 0 ? 2
                                                 : -1;
    if (which < 0)
        return 0;
    struct hq_row q = {schema_id_number(h->id, schema_deals.id_prefix), -1, which, 0,
                       DATE_NONE, DATE_NONE};
    if (q.k < 0 && (q.i = deal_find(ds, h->id)) < 0)
        return 0; /* a deal no longer there */
    if (datetime_date(h->ts, &q.d)) {
        /* an error only for a deal that is seen as of a day: as it comes */
        hq_flush(ds);
        long i = q.k >= 0 ? deal_find(ds, h->id) : q.i;
        if (i < 0 || ds->d[i].ref == DATE_NONE)
            return 0;
        return asof_hrow_date(h, &q.d, e);
    }
    if (which == 0) {
        q.o = stage_index(ds, h->old);
        q.n = stage_index(ds, h->new_);
    } else if (which == 1) {
        if (*h->old && date_parse(h->old, &q.o))
            q.o = DATE_NONE;
        if (*h->new_ && date_parse(h->new_, &q.n))
            q.n = DATE_NONE;
    } else {
        q.o = owner_code(ds, h->old);
        q.n = owner_code(ds, h->new_);
    }
    if (q.k >= 0 && (unsigned long long)q.k < ds->byid.nnum)
        __builtin_prefetch(&ds->byid.num[q.k]);
    if (ds->hq_head - ds->hq_tail == HQ - 1) /* full: apply the oldest */
        hq_apply(ds, &ds->hq[ds->hq_tail++ % HQ]);
    ds->hq[ds->hq_head++ % HQ] = q;
    if (ds->hq_head - ds->hq_tail > HQ_AHEAD)
        hq_find(ds, &ds->hq[(ds->hq_head - 1 - HQ_AHEAD) % HQ]);
    return 0;
}

static struct asof_touches *
deal_touches(void *ctx, const char *id, sdate *ref)
{
    struct dealscore *ds = ctx;
    long i = deal_find(ds, id);
    if (i < 0 || ds->d[i].ref == DATE_NONE)
        return NULL;
    *ref = ds->d[i].ref;
    return &ds->d[i].tc;
}

static int
activity_row(void *ctx, const struct table *t, struct err *e)
{
    const struct ds_hooks *h = ((struct dealscore *)ctx)->hooks;
    return h->activity(h->ctx, t, e);
}

long
dealscore_find(const struct dealscore *ds, const char *id)
{
    return deal_find(ds, id);
}

static int
by_owner_closed(const void *a, const void *b)
{
    const struct ds_close *x = a, *y = b;
    if (x->owner != y->owner)
        return x->owner < y->owner ? -1 : 1;
    return (x->closed > y->closed) - (x->closed < y->closed);
}

/* The closed deals per owner (as closed: their current owner) and all of
 * them, by closed date, with running win counts. */
static void
index_closes(struct dealscore *ds)
{
    size_t n = 0;
    for (size_t i = 0; i < ds->n; i++)
        n += ds->d[i].state != DEAL_OPEN && ds->d[i].closed != DATE_NONE;
    ds->cl = xcalloc(n + 1, sizeof *ds->cl);
    ds->all = xcalloc(n + 1, sizeof *ds->all);
    ds->ncl = 0;
    for (size_t i = 0; i < ds->n; i++) {
        const struct ds_deal *x = &ds->d[i];
        if (x->state == DEAL_OPEN || x->closed == DATE_NONE)
            continue;
        struct ds_close c = {x->owner, x->closed, 0, x->state == DEAL_WON};
        ds->cl[ds->ncl] = c;
        c.owner = 0;
        ds->all[ds->ncl++] = c;
    }
    qsort(ds->cl, ds->ncl, sizeof *ds->cl, by_owner_closed);
    qsort(ds->all, ds->ncl, sizeof *ds->all, by_owner_closed);
    ds->owner_start = xcalloc((size_t)ds->nowners + 1, sizeof *ds->owner_start);
    uint32_t w = 0, wa = 0;
    for (size_t i = 0, o = 0; i <= ds->ncl; i++) {
        while ((int)o <= ds->nowners &&
               (i == ds->ncl || (int)o <= ds->cl[i].owner))
            ds->owner_start[o++] = i;
        if (i == ds->ncl)
            break;
        if (i > 0 && ds->cl[i].owner != ds->cl[i - 1].owner)
            w = 0;
        ds->cl[i].wins = w;
        w += ds->cl[i].won;
        ds->all[i].wins = wa;
        wa += ds->all[i].won;
    }
    ds->all[ds->ncl].wins = wa;
}

/* First entry of v[lo, hi) closed on or after d. */
static size_t
lower(const struct ds_close *v, size_t lo, size_t hi, sdate d)
{
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (v[mid].closed < d)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo;
}

/* Wins and closes in v[a, b): prefix counts, the last entry's own outcome added. */
static void
window(const struct ds_close *v, size_t a, size_t b, double *wins, double *n)
{
    *n = (double)(b - a);
    *wins = b > a ? (double)(v[b - 1].wins + v[b - 1].won - v[a].wins) : 0;
}

/* The owner's win rate over deals closed in the 365 days before ref,
 * smoothed toward everyone's. */
static double
owner_win_rate(const struct dealscore *ds, int32_t owner, sdate ref)
{
    double gw, gn, w = 0, n = 0;
    window(ds->all, lower(ds->all, 0, ds->ncl, ref - 365), lower(ds->all, 0, ds->ncl, ref), &gw,
           &gn);
    double g = gn > 0 ? gw / gn : 0.5;
    if (owner >= 0 && owner < ds->nowners) {
        size_t lo = ds->owner_start[owner], hi = ds->owner_start[owner + 1];
        window(ds->cl, lower(ds->cl, lo, hi, ref - 365), lower(ds->cl, lo, hi, ref), &w, &n);
    }
    return (w + 5 * g) / (n + 5);
}

/* ---- features ------------------------------------------------------------ */

/* The stage on the reference day (index), -1 when it cannot be told: a
 * closed deal with no stage change in history.csv, or one whose history
 * puts it in a terminal stage already (a close dated after the stage
 * change, as imports may have it). */
static int
stage_at_ref(const struct dealscore *ds, const struct ds_deal *x)
{
    int known;
    int st = asof_value(&x->st, x->stage, &known);
    if (x->state != DEAL_OPEN && !known)
        return -1;
    if (st < 0 || ds->dc.stages.v[st].state != DEAL_OPEN)
        return x->state == DEAL_OPEN ? x->stage : -1;
    return st;
}

struct feats {
    int stage;
    sdate entered, close;
    int32_t owner;
    double winrate;
    int touch; /* days since the last touch, or since created */
    int to_close;
};

static void
features(struct dealscore *ds, const struct ds_deal *x, struct feats *fe)
{
    fe->stage = stage_at_ref(ds, x);
    fe->entered = x->st.le_date != DATE_NONE ? x->st.le_date : x->created;
    fe->close = asof_value(&x->cl, x->close, NULL);
    fe->owner = asof_value(&x->ow, x->owner, NULL);
    fe->winrate = owner_win_rate(ds, fe->owner, x->ref);
    sdate t = x->tc.last != DATE_NONE ? x->tc.last : x->created;
    fe->touch = t == DATE_NONE ? -1 : x->ref - t;
    fe->to_close = fe->close == DATE_NONE ? 0 : fe->close - x->ref;
}

static float
log1p_days(int d)
{
    return (float)log1p(d < 0 ? 0 : d);
}

/* Row k of r from deal x (whose stage on its reference day is known). */
static void
fill_row(struct dealscore *ds, struct model_rows *r, size_t k, const struct ds_deal *x,
         const struct feats *fe)
{
    struct model *m = &ds->m;
    float *num = r->num + k * (size_t)m->nnum;
    int32_t *cat = r->cat + k * (size_t)m->ncat;
    cat[m->f[F_STAGE].slot] = model_level(m, F_STAGE, ds->dc.stages.v[fe->stage].name);
    cat[m->f[F_SEGMENT].slot] = x->seg;
    cat[m->f[F_SOURCE].slot] = x->src;
    cat[m->f[F_TYPE].slot] = x->type;
    if (x->created != DATE_NONE) {
        num[m->f[F_INSTAGE].slot] = log1p_days(x->ref - fe->entered);
        num[m->f[F_AGE].slot] = log1p_days(x->ref - x->created);
    }
    num[m->f[F_AMOUNT].slot] = (float)log1p(x->amount > 0 ? (double)x->amount / 100 : 0);
    num[m->f[F_WINRATE].slot] = (float)fe->winrate;
    for (int k2 = 0; k2 < NTYPES; k2++) {
        num[m->f[F_ACT14 + k2].slot] = (float)log1p(x->tc.acts[0][k2]);
        num[m->f[F_ACT30 + k2].slot] = (float)log1p(x->tc.acts[1][k2]);
    }
    if (fe->touch >= 0)
        num[m->f[F_TOUCH].slot] = log1p_days(fe->touch);
    num[m->f[F_PUSHED].slot] = (float)log1p(x->pushes);
    if (fe->close != DATE_NONE) {
        double d = fe->to_close;
        num[m->f[F_TOCLOSE].slot] = (float)(d < 0 ? -log1p(-d) : log1p(d));
    }
}

/* A feature's value as a person reads it. */
static void
describe(const struct dealscore *ds, const struct ds_deal *x, const struct feats *fe, int k,
         char *buf, size_t n)
{
    char a[MONEY_BUFSZ];
    switch (k) {
    case F_STAGE:
        snprintf(buf, n, "%s", ds->dc.stages.v[fe->stage].name);
        break;
    case F_SEGMENT:
    case F_SOURCE:
    case F_TYPE: {
        int32_t c = k == F_SEGMENT ? x->seg : k == F_SOURCE ? x->src : x->type;
        const char *v = ds->m.f[k].names[c];
        snprintf(buf, n, "%s", *v ? v : "(none)");
        break;
    }
    case F_INSTAGE:
        snprintf(buf, n, "%dd", x->ref - fe->entered);
        break;
    case F_AGE:
        snprintf(buf, n, "%dd", x->created == DATE_NONE ? 0 : x->ref - x->created);
        break;
    case F_AMOUNT:
        snprintf(buf, n, "%s", money_format(x->amount, a));
        break;
    case F_WINRATE:
        snprintf(buf, n, "%.2f", fe->winrate);
        break;
    case F_TOUCH:
        snprintf(buf, n, "%dd", fe->touch < 0 ? 0 : fe->touch);
        break;
    case F_PUSHED:
        snprintf(buf, n, "%dx", x->pushes);
        break;
    case F_TOCLOSE:
        if (fe->close == DATE_NONE)
            snprintf(buf, n, "(none)");
        else
            snprintf(buf, n, "%dd", fe->to_close);
        break;
    default:
        snprintf(buf, n, "%d", x->tc.acts[k >= F_ACT30][(k - F_ACT14) % NTYPES]);
    }
}

/* ---- the model ---------------------------------------------------------- */

int
dealscore_load(struct dealscore *ds, struct store *s, struct filter *f, struct err *e)
{
    return dealscore_load_hooked(ds, s, f, NULL, e);
}

int
dealscore_load_hooked(struct dealscore *ds, struct store *s, struct filter *f,
                      const struct ds_hooks *h, struct err *e)
{
    memset(ds, 0, sizeof *ds);
    idmap_init(&ds->byid, schema_deals.id_prefix);
    ds->s = s;
    ds->hooks = h;
    model_init(&ds->m, DEALSCORE_LAMBDA);
    model_add_category(&ds->m, "stage");
    model_add_category(&ds->m, "segment");
    model_add_category(&ds->m, "source");
    model_add_category(&ds->m, "type");
    for (int k = F_INSTAGE; k < F_N; k++)
        model_add_number(&ds->m, feature_names[k]);
    if (deal_ctx_init(&ds->dc, s, e)) {
        model_release(&ds->m);
        return -1;
    }
    ds->hq = xcalloc(HQ, sizeof *ds->hq);
    int bad = read_deals(ds, f, e) || asof_history(s, "deals", history_change, ds, e);
    if (!bad)
        hq_flush(ds);
    if (bad || asof_activities_each(s, "deal", deal_touches,
                                    h && h->activity ? activity_row : NULL, ds, e)) {
        dealscore_release(ds);
        return -1;
    }
    ds->hooks = NULL;
    index_closes(ds);
    return 0;
}

void
dealscore_release(struct dealscore *ds)
{
    for (size_t i = 0; i < ds->n; i++)
        free(ds->d[i].name);
    free(ds->d);
    free(ds->cl);
    free(ds->all);
    free(ds->owner_start);
    idmap_release(&ds->byid);
    free(ds->hq);
    pool_release(&ds->ids);
    hmap_release(&ds->owners);
    model_release(&ds->m);
    deal_ctx_release(&ds->dc);
    memset(ds, 0, sizeof *ds);
}

/* Closed deals usable for learning, closed in [from, to) (DATE_NONE: open-ended). */
static size_t
closed_rows(struct dealscore *ds, sdate from, sdate to, struct model_rows *r, size_t *won,
            double **baseline)
{
    size_t nw = 0, want = 0;
    for (size_t i = 0; i < ds->n; i++) { /* the rows' room in one piece: no slack */
        const struct ds_deal *x = &ds->d[i];
        want += x->state != DEAL_OPEN && x->ref != DATE_NONE &&
                (from == DATE_NONE || x->closed >= from) && (to == DATE_NONE || x->closed < to) &&
                stage_at_ref(ds, x) >= 0;
    }
    model_rows_reserve(r, &ds->m, r->n + want);
    size_t bcap = r->cap;
    if (baseline)
        *baseline = xrealloc(*baseline, bcap * sizeof **baseline);
    for (size_t i = 0; i < ds->n; i++) {
        const struct ds_deal *x = &ds->d[i];
        struct feats fe;
        if (x->state == DEAL_OPEN || x->ref == DATE_NONE)
            continue;
        if ((from != DATE_NONE && x->closed < from) || (to != DATE_NONE && x->closed >= to))
            continue;
        if (stage_at_ref(ds, x) < 0)
            continue;
        features(ds, x, &fe);
        size_t k = model_rows_add(r, &ds->m);
        fill_row(ds, r, k, x, &fe);
        r->y[k] = x->state == DEAL_WON;
        nw += r->y[k];
        if (baseline) {
            if (k >= bcap) /* not when the count above holds */
                *baseline = xrealloc(*baseline, (bcap = r->cap) * sizeof **baseline);
            (*baseline)[k] = ds->dc.stages.v[fe.stage].probability / 100.0;
        }
    }
    *won = nw;
    return r->n;
}

static int
too_few(size_t won, size_t lost, const char *what, struct err *e)
{
    return err_set(e,
                   "too few closed deals to learn from%s: %zu won and %zu lost (at least %d of "
                   "each needed)",
                   what, won, lost, DEALSCORE_MIN);
}

int
dealscore_fit(struct dealscore *ds, sdate before, struct err *e)
{
    struct model_rows r = {0};
    size_t won, n = closed_rows(ds, DATE_NONE, before, &r, &won, NULL);
    ds->nwon = won;
    ds->nlost = n - won;
    ds->unusable = 0;
    for (size_t i = 0; i < ds->n; i++)
        if (ds->d[i].state != DEAL_OPEN &&
            (before == DATE_NONE || ds->d[i].closed == DATE_NONE || ds->d[i].closed < before) &&
            (ds->d[i].ref == DATE_NONE || stage_at_ref(ds, &ds->d[i]) < 0))
            ds->unusable++;
    if (won < DEALSCORE_MIN || n - won < DEALSCORE_MIN) {
        model_rows_release(&r);
        return too_few(won, n - won, "", e);
    }
    int rc = model_fit(&ds->m, &r);
    model_rows_release(&r);
    if (rc)
        return err_set(e, "the model did not converge on %zu closed deals", n);
    ds->fitted = 1;
    return 0;
}

/* An open deal's row (a one-row set) and features. */
static double
score_deal(struct dealscore *ds, const struct ds_deal *x, struct feats *fe, double *terms)
{
    struct model_rows r = {0};
    features(ds, x, fe);
    size_t k = model_rows_add(&r, &ds->m);
    fill_row(ds, &r, k, x, fe);
    double eta = model_terms(&ds->m, &r, k, terms);
    model_rows_release(&r);
    return eta;
}

static int
by_size(const void *a, const void *b, void *ctx)
{
    const double *t = ctx;
    double x = fabs(t[*(const int *)a]), y = fabs(t[*(const int *)b]);
    if (x != y)
        return x > y ? -1 : 1;
    return *(const int *)a - *(const int *)b;
}

/* A factor as "no touch 41d -0.22". */
static int
factor(const struct dealscore *ds, const struct ds_deal *x, const struct feats *fe, int k,
       double t, char *buf, size_t n)
{
    char v[64];
    describe(ds, x, fe, k, v, sizeof v);
    if (k <= F_TYPE)
        return snprintf(buf, n, "%s %+.2f", v, t);
    return snprintf(buf, n, "%s %s %+.2f", feature_names[k], v, t);
}

size_t
dealscore_scores(struct dealscore *ds, struct ds_score **out)
{
    size_t n = 0;
    double terms[F_N];
    *out = NULL;
    for (size_t i = 0; i < ds->n; i++)
        n += ds->d[i].state == DEAL_OPEN && ds->d[i].picked;
    struct ds_score *v = xcalloc(n ? n : 1, sizeof *v);
    char **owner_names = xcalloc((size_t)ds->nowners + 1, sizeof *owner_names);
    for (size_t i = 0; i < ds->owners.cap; i++)
        if (ds->owners.slots[i].key)
            owner_names[ds->owners.slots[i].v.num] = ds->owners.slots[i].key;
    n = 0;
    for (size_t i = 0; i < ds->n; i++) {
        const struct ds_deal *x = &ds->d[i];
        struct feats fe;
        if (x->state != DEAL_OPEN || !x->picked)
            continue;
        struct ds_score *o = &v[n++];
        double eta = score_deal(ds, x, &fe, terms);
        o->id = x->id;
        o->name = x->name;
        o->owner = owner_names[x->owner];
        o->stage = ds->dc.stages.v[x->stage].name;
        o->stage_probability = ds->dc.stages.v[x->stage].probability / 100.0;
        o->score = model_probability(eta);
        int order[F_N];
        for (int k = 0; k < F_N; k++)
            order[k] = k;
        qsort_r(order, F_N, sizeof *order, by_size, terms);
        size_t len = 0;
        for (int j = 0; j < 3 && fabs(terms[order[j]]) >= 0.005; j++) { /* not "+0.00" */
            if (j)
                len += (size_t)snprintf(o->factors + len, sizeof o->factors - len, "; ");
            if (len < sizeof o->factors)
                len += (size_t)factor(ds, x, &fe, order[j], terms[order[j]], o->factors + len,
                                      sizeof o->factors - len);
            if (len >= sizeof o->factors)
                len = sizeof o->factors - 1;
        }
    }
    free(owner_names);
    *out = v;
    return n;
}

int
dealscore_explain(struct dealscore *ds, const char *id, struct ds_part *parts,
                  double *intercept, double *logodds, struct err *e)
{
    long i = deal_find(ds, id);
    double terms[F_N];
    struct feats fe;
    if (i < 0)
        return err_set(e, "unknown deal '%s' (not in deals.csv)", id);
    const struct ds_deal *x = &ds->d[i];
    if (x->state != DEAL_OPEN)
        return err_set(e, "deal %s is closed: only open deals are scored", id);
    *logodds = score_deal(ds, x, &fe, terms);
    *intercept = fabs(ds->m.beta[0]) < 5e-9 ? 0 : ds->m.beta[0];
    for (int k = 0; k < F_N; k++) {
        snprintf(parts[k].feature, sizeof parts[k].feature, "%s", feature_names[k]);
        describe(ds, x, &fe, k, parts[k].value, sizeof parts[k].value);
        parts[k].term = fabs(terms[k]) < 5e-9 ? 0 : terms[k]; /* rounding's dust is no term */
    }
    return 0;
}

int
dealscore_evaluate(struct dealscore *ds, double holdout, struct ds_eval *ev, struct err *e)
{
    sdate *dates = xcalloc(ds->n + 1, sizeof *dates);
    size_t n = 0, won, nw = 0;
    memset(ev, 0, sizeof *ev);
    for (size_t i = 0; i < ds->n; i++) {
        const struct ds_deal *x = &ds->d[i];
        if (x->state != DEAL_OPEN && x->ref != DATE_NONE && stage_at_ref(ds, x) >= 0) {
            dates[n++] = x->closed;
            nw += x->state == DEAL_WON;
        }
    }
    if (nw < DEALSCORE_MIN || n - nw < DEALSCORE_MIN) {
        free(dates);
        return too_few(nw, n - nw, "", e);
    }
    ev->cut = asof_holdout_cut(dates, n, holdout);
    free(dates);
    if (dealscore_fit(ds, ev->cut, e)) {
        char msg[sizeof e->msg];
        snprintf(msg, sizeof msg, "%s", e->msg);
        char cut[DATE_BUFSZ];
        return err_set(e, "%s before the held-out closes (from %s)", msg,
                       date_format(ev->cut, cut));
    }
    ev->m.ntrain = ds->nwon + ds->nlost;
    struct model_rows r = {0};
    double *base = NULL;
    closed_rows(ds, ev->cut, DATE_NONE, &r, &won, &base);
    double *p = xcalloc(r.n + 1, sizeof *p);
    for (size_t i = 0; i < r.n; i++)
        p[i] = model_predict(&ds->m, &r, i);
    model_evaluate(p, base, r.y, r.n, &ev->m);
    free(p);
    free(base);
    model_rows_release(&r);
    return 0;
}

double
dealscore_score(struct dealscore *ds, long i)
{
    struct feats fe;
    return model_probability(score_deal(ds, &ds->d[i], &fe, NULL));
}

void
dealscore_probabilities(struct dealscore *ds, struct hmap *m)
{
    struct feats fe;
    for (size_t i = 0; i < ds->n; i++) {
        const struct ds_deal *x = &ds->d[i];
        if (x->state != DEAL_OPEN)
            continue;
        hmap_put(m, x->id, NULL)->v.num = llround(model_probability(score_deal(ds, x, &fe, NULL)) * 1e6);
    }
}

/* ---- --write ------------------------------------------------------------- */

struct wctx {
    struct dealscore *ds;
    int c_id;
};

static int
write_edit(void *vctx, struct edit *ed, struct err *e)
{
    struct wctx *w = vctx;
    struct feats fe;
    char buf[16];
    if (!ed)
        return 0;
    long i = deal_find(w->ds, table_get(ed->t, w->c_id));
    if (i < 0)
        return 0;
    const struct ds_deal *x = &w->ds->d[i];
    if (x->state != DEAL_OPEN)
        return 0;
    snprintf(buf, sizeof buf, "%ld", lround(model_probability(score_deal(w->ds, x, &fe, NULL)) * 100));
    return edit_set(w->ds->s, ed, "score", buf, e);
}

int
dealscore_write(struct dealscore *ds, struct err *e)
{
    static const char *const add[] = {"score", NULL};
    struct wctx w = {ds, schema_col(&schema_deals, "id")};
    if (store_rewrite_cols(ds->s, &schema_deals, add, write_edit, &w, NULL, e))
        return -1;
    return store_commit(ds->s, e);
}
