/* series.c — time series in and the forecast reports out (see series.h). */
#include "series.h"

#include <ctype.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "entities.h"
#include "fc_reconcile.h"
#include "hmap.h"
#include "metrics.h"
#include "reports.h"
#include "table.h"
#include "text.h"

int
series_season(enum period_kind kind)
{
    return kind == PERIOD_MONTH ? 12 : kind == PERIOD_QUARTER ? 4 : 1;
}

void
series_release(struct series *s)
{
    free(s->y);
    memset(s, 0, sizeof *s);
}

static void
push(struct series *s, size_t *cap, double v)
{
    if ((size_t)s->n == *cap) {
        *cap = *cap ? *cap * 2 : 64;
        s->y = xrealloc(s->y, *cap * sizeof *s->y);
    }
    s->y[s->n++] = v;
}

/* A period label of one of the three kinds the series take. */
static int
parse_label(const char *v, const struct calendar *cal, struct period *p)
{
    size_t n = strlen(v);
    if (!(n == 4 || n == 7) || !isdigit((unsigned char)v[0]))
        return -1;
    return period_parse(v, cal, 0, p);
}

int
series_read(const char *path, const struct calendar *cal, struct series *s, struct err *e)
{
    struct recin *in = recin_open(path, ',', e);
    struct record *rec;
    struct period expect = {0};
    size_t cap = 0;
    int rc;

    memset(s, 0, sizeof *s);
    if (!in)
        return -1;
    s->nonneg = 1;
    while ((rc = recin_next(in, &rec, e)) == 1) {
        const char *pv = record_get(rec, "period"), *vv = record_get(rec, "value");
        char want[PERIOD_BUFSZ], got[PERIOD_BUFSZ], *end;
        struct period p;
        double v;

        if (!pv || !vv) {
            rc = err_set(e, "%s: expected fields period and value", recin_where(in));
            break;
        }
        if (parse_label(pv, cal, &p)) {
            rc = err_set(e, "%s: bad period '%s' (expected YYYY-MM, YYYY-Qn or YYYY)",
                         recin_where(in), pv);
            break;
        }
        if (s->n == 0) {
            s->kind = p.kind;
            s->first = p;
            expect = p;
        } else if (p.kind != s->kind) {
            rc = err_set(e, "%s: period '%s' is not of the same kind as '%s'", recin_where(in), pv,
                         period_format(&s->first, want));
            break;
        }
        period_format(&expect, want);
        period_format(&p, got);
        if (strcmp(want, got) != 0) {
            rc = err_set(e,
                         p.start < expect.start ? "%s: period %s repeated or out of order "
                                                  "(expected %s)"
                                                : "%s: period %s where %s was expected "
                                                  "(missing periods are not allowed; give 0)",
                         recin_where(in), got, want);
            break;
        }
        v = strtod(vv, &end);
        while (*end == ' ')
            end++;
        if (!*vv || *end || !isfinite(v)) {
            rc = err_set(e, "%s: bad value '%s' (expected a number)", recin_where(in), vv);
            break;
        }
        const char *dot = strchr(vv, '.');
        if (dot) {
            int d = (int)strspn(dot + 1, "0123456789");
            if (d > s->decimals)
                s->decimals = d > 6 ? 6 : d;
        }
        if (v < 0)
            s->nonneg = 0;
        push(s, &cap, v);
        period_step(&expect, 1, cal);
    }
    if (rc == 0 && s->n == 0)
        rc = err_set(e, "%s: no data (expected a header period,value and one row per period)",
                     strcmp(path, "-") == 0 ? "<stdin>" : path);
    recin_free(in);
    if (rc < 0) {
        series_release(s);
        return -1;
    }
    if (s->decimals < 2)
        s->decimals = 2;
    return 0;
}

/* s->partial, booked and share_left (see series_bookings), won deal by
 * won deal in bookings' own read of deals.csv. */
struct current_acc {
    const struct store *st;
    enum period_kind kind;
    struct period now;
    double elapsed; /* of the current period, through today */
    money_t booked;
    double after, all;
};

static void
current_init(struct current_acc *c, const struct store *st, enum period_kind kind)
{
    memset(c, 0, sizeof *c);
    c->st = st;
    c->kind = kind;
    period_of(st->today, kind, &st->cal, &c->now);
    c->elapsed = (double)(st->today - c->now.start + 1) / (double)(c->now.end - c->now.start);
}

static int
current_won(void *ctx, const struct deal *d)
{
    struct current_acc *c = ctx;
    struct period p;
    if (d->closed >= c->now.start) {
        c->booked += d->amount; /* bookings summed these already without overflow */
        return 0;
    }
    period_of(d->closed, c->kind, &c->st->cal, &p);
    c->all += (double)d->amount;
    if ((double)(d->closed - p.start) / (double)(p.end - p.start) >= c->elapsed)
        c->after += (double)d->amount;
    return 0;
}

/* s from bookings' n periods (labels and values taken over) and the
 * current period's figures. */
static int
series_of_bookings(const struct current_acc *c, int n, char **labels, money_t *values,
                   struct series *s, struct err *e)
{
    memset(s, 0, sizeof *s);
    if (n <= 0) {
        strv_free(labels);
        free(values);
        return n < 0 ? -1 : err_set(e, "no won deals before the current period to forecast from");
    }
    period_parse(labels[0], &c->st->cal, c->st->today, &s->first);
    s->kind = c->kind;
    s->n = n;
    s->y = xmalloc((size_t)n * sizeof *s->y);
    for (int i = 0; i < n; i++)
        s->y[i] = (double)values[i] / 100.0;
    s->decimals = 2;
    s->nonneg = 1;
    s->money = 1;
    strv_free(labels);
    free(values);
    s->partial = 1;
    s->booked = (double)c->booked / 100.0;
    s->share_left = c->all > 0 ? c->after / c->all : 1 - c->elapsed;
    return 0;
}

int
series_bookings(struct store *st, struct filter *f, enum period_kind kind, struct series *s,
                struct err *e)
{
    struct current_acc c;
    char **labels;
    money_t *values;

    current_init(&c, st, kind);
    int n = bookings_series_with(st, f, kind, 0, current_won, &c, &labels, &values, e);
    return series_of_bookings(&c, n, labels, values, s, e);
}

struct series_run {
    struct current_acc c;
    struct bookings_run *b;
};

struct series_run *
series_begin(struct store *st, struct filter *f, enum period_kind kind, struct err *e)
{
    struct series_run *run = xcalloc(1, sizeof *run);
    current_init(&run->c, st, kind);
    if (!(run->b = bookings_begin(st, f, kind, current_won, &run->c, e))) {
        free(run);
        return NULL;
    }
    return run;
}

int
series_deal(struct series_run *run, const struct table *t, struct err *e)
{
    return bookings_deal(run->b, t, e);
}

int
series_end(struct series_run *run, struct series *s, struct err *e)
{
    char **labels;
    money_t *values;
    int n = bookings_end(run->b, 0, &labels, &values);
    return series_of_bookings(&run->c, n, labels, values, s, e);
}

void
series_free(struct series_run *run)
{
    if (!run)
        return;
    bookings_free(run->b);
    free(run);
}

/* A forecast value as text: money to the cent, else s->decimals digits. */
static char *
value_text(const struct series *s, double v, char *buf, size_t n)
{
    if (s->nonneg && v < 0)
        v = 0;
    if (s->money) {
        money_t m = (money_t)llround(v * 100);
        return money_format(m, buf);
    }
    snprintf(buf, n, "%.*f", s->decimals, v);
    if (strspn(buf, "-0.") == strlen(buf) && buf[0] == '-') /* no "-0.00" */
        memmove(buf, buf + 1, strlen(buf));
    return buf;
}

/* The current period's forecast: booked so far plus the share of the
 * period's forecast (and of its interval) that is still to come. */
static void
current_rest(const struct series *s, const struct fc_options *o, struct fc_result *res)
{
    if (res->h < 1)
        return;
    res->mean[0] = s->booked + s->share_left * (res->mean[0] > 0 || !s->nonneg ? res->mean[0] : 0);
    for (int k = 0; k < o->nlevels; k++) {
        double lo = res->lo[k][0], hi = res->hi[k][0];
        if (s->nonneg) {
            lo = lo > 0 ? lo : 0;
            hi = hi > 0 ? hi : 0;
        }
        res->lo[k][0] = s->booked + s->share_left * lo;
        res->hi[k][0] = s->booked + s->share_left * hi;
    }
}

int
report_series_forecast(const struct series *s, const struct fc_options *o,
                       const struct calendar *cal, struct out *out, struct fc_result *res,
                       struct err *e)
{
    enum out_type vt = s->money ? OT_MONEY : OT_RATIO;
    int ncols = 3 + 2 * o->nlevels + 1;
    char (*bufs)[48] = xcalloc((size_t)ncols, sizeof *bufs);
    const char **vals = xcalloc((size_t)ncols, sizeof *vals);
    struct period p = s->first;

    if (fc_forecast(s->y, s->n, o, res, e)) {
        free(bufs);
        free(vals);
        return -1;
    }
    if (s->partial)
        current_rest(s, o, res);
    out_add_col(out, "period", OT_TEXT);
    if (s->partial)
        out_add_col(out, "booked", vt);
    out_add_col(out, "forecast", vt);
    for (int k = 0; k < o->nlevels; k++) {
        char name[32];
        snprintf(name, sizeof name, "lo%g", o->levels[k]);
        out_add_col(out, name, vt);
        snprintf(name, sizeof name, "hi%g", o->levels[k]);
        out_add_col(out, name, vt);
    }
    out_add_col(out, "method", OT_TEXT);
    period_step(&p, s->n, cal);
    for (int i = 0; i < res->h; i++) {
        int c = 0;
        vals[c++] = period_format(&p, bufs[0]);
        if (s->partial) {
            vals[c] = i == 0 ? value_text(s, s->booked, bufs[c], sizeof bufs[c]) : "";
            c++;
        }
        vals[c] = value_text(s, res->mean[i], bufs[c], sizeof bufs[c]);
        c++;
        for (int k = 0; k < o->nlevels; k++) {
            vals[c] = value_text(s, res->lo[k][i], bufs[c], sizeof bufs[c]);
            c++;
            vals[c] = value_text(s, res->hi[k][i], bufs[c], sizeof bufs[c]);
            c++;
        }
        vals[c] = res->model;
        out_row(out, vals);
        period_step(&p, 1, cal);
    }
    free(bufs);
    free(vals);
    return 0;
}

static int
by_mase(const void *a, const void *b)
{
    const struct fc_backtest_row *x = a, *y = b;
    int xn = !(x->origins > 0 && isfinite(x->mase)), yn = !(y->origins > 0 && isfinite(y->mase));
    if (xn || yn)
        return xn - yn;
    if (x->mase != y->mase)
        return x->mase < y->mase ? -1 : 1;
    return (x->smape > y->smape) - (x->smape < y->smape);
}

int
report_series_backtest(const struct series *s, int h, int origins, struct out *out,
                       struct err *e)
{
    static const enum fc_method all[] = {FC_NAIVE, FC_SNAIVE, FC_SES,   FC_HOLT,
                                         FC_DAMPED, FC_HW,    FC_THETA, FC_AUTO,
                                         FC_COMB,  FC_ARIMA, FC_ENSEMBLE, FC_SELECT};
    enum fc_method methods[sizeof all / sizeof all[0]];
    struct fc_backtest_row rows[sizeof all / sizeof all[0]];
    int m = series_season(s->kind), nm = 0;

    for (size_t i = 0; i < sizeof all / sizeof all[0]; i++)
        if (m > 1 || (all[i] != FC_SNAIVE && all[i] != FC_HW))
            methods[nm++] = all[i];
    if (s->n < h + origins + 1)
        return err_set(e,
                       "%d periods of history are too few for %d origins at horizon %d "
                       "(use a smaller --backtest or --horizon)",
                       s->n, origins, h);
    if (fc_backtest(s->y, s->n, m, h, origins, methods, nm, rows, e))
        return -1;
    qsort(rows, (size_t)nm, sizeof rows[0], by_mase);
    out_add_col(out, "method", OT_TEXT);
    out_add_col(out, "smape", OT_RATIO);
    out_add_col(out, "mase", OT_RATIO);
    out_add_col(out, "origins", OT_INT);
    for (int i = 0; i < nm; i++) {
        char sm[32] = "", ma[32] = "", no[16];
        if (rows[i].origins > 0) {
            metric_fmt(rows[i].smape, sm, 2);
            metric_fmt(rows[i].mase, ma, 3);
        }
        snprintf(no, sizeof no, "%d", rows[i].origins);
        const char *vals[4] = {fc_method_name(rows[i].method), sm, ma, no};
        out_row(out, vals);
    }
    return 0;
}

/* ---- forecasts per owner, team or segment, reconciled ---------------- */

int
series_key_parse(const char *s, enum series_key *out)
{
    static const char *const names[] = {"owner", "team", "segment"};
    for (int i = 0; i < 3; i++)
        if (strcmp(s, names[i]) == 0)
            return *out = (enum series_key)(i + 1), 0;
    return -1;
}

static const char *
key_name(enum series_key k)
{
    return k == SERIES_KEY_OWNER ? "owner" : k == SERIES_KEY_TEAM ? "team" : "segment";
}

/* The hierarchy: nodes top-down (total, then teams for --by owner, then
 * the bottom series), their summing matrix and their series. */
struct hier {
    int nn, nb, n, nlev;
    const char *levels[3]; /* level names, top first */
    int *level;            /* per node: index into levels */
    char **name;           /* per node */
    unsigned char *S;      /* nn x nb */
    double *y;             /* nn x n, in currency units */
    struct period first;
    /* the current period, as series_bookings has it for one series: per
       node, won in it so far and the share of a period's bookings expected
       after today */
    money_t *booked;
    double *share_left;
};

static void
hier_release(struct hier *h)
{
    for (int i = 0; i < h->nn; i++)
        free(h->name[i]);
    free(h->name);
    free(h->level);
    free(h->S);
    free(h->y);
    free(h->booked);
    free(h->share_left);
    memset(h, 0, sizeof *h);
}

static int
cmp_str(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

struct booking {
    int key;  /* bottom key, in order of first sight */
    int per;  /* period index */
    sdate start; /* of its period */
    money_t amount;
};

/* The team of a rep id, "(none)" when the rep is unknown or has none. */
static const char *
team_of(const struct reps *r, const char *owner)
{
    int row = reps_index(r, owner);
    const char *t = row >= 0 ? r->mt.rows[row][r->c_team] : "";
    return *t ? t : "(none)";
}

/* The won bookings of the hierarchy's bottom keys, as read. */
struct hier_read {
    struct hmap keys; /* bottom key -> index in kv (order of first sight) */
    char **kv;
    int nk;
    struct booking *bk;
    size_t nbk, cap;
    sdate first; /* start of the first period with a booking */
    /* per key (order of first sight): won in the current period so far;
       won before it, and of that what came after the point of its period
       that today is of the current one (see current_period) */
    money_t *cur;
    double *after, *all;
    double elapsed; /* of the current period, through today */
};

static void
hier_read_release(struct hier_read *hr)
{
    for (int i = 0; i < hr->nk; i++)
        free(hr->kv[i]);
    free(hr->kv);
    free(hr->bk);
    free(hr->cur);
    free(hr->after);
    free(hr->all);
    hmap_release(&hr->keys);
    memset(hr, 0, sizeof *hr);
}

/* The bottom key of a won deal: its segment, its owner's team or its owner. */
static const char *
hier_key(enum series_key key, const struct reps *reps, const struct deal *d)
{
    const char *k = key == SERIES_KEY_SEGMENT ? d->segment
                    : key == SERIES_KEY_TEAM  ? team_of(reps, d->owner)
                                              : d->owner;
    return *k ? k : "(none)";
}

/* The index of bottom key k in hr, added (with zero sums) when new. */
static int
hier_key_index(struct hier_read *hr, const char *k)
{
    int isnew;
    struct hmap_entry *he = hmap_put(&hr->keys, k, &isnew);

    if (isnew) {
        int i = hr->nk++;
        he->v.num = i;
        hr->kv = xrealloc(hr->kv, hr->nk * sizeof *hr->kv);
        hr->cur = xrealloc(hr->cur, hr->nk * sizeof *hr->cur);
        hr->after = xrealloc(hr->after, hr->nk * sizeof *hr->after);
        hr->all = xrealloc(hr->all, hr->nk * sizeof *hr->all);
        hr->kv[i] = xstrdup(k);
        hr->cur[i] = 0;
        hr->after[i] = hr->all[i] = 0;
    }
    return (int)he->v.num;
}

/* Every deal f picks that was won through today, into hr with its bottom
 * key: those before the period holding today with the start of their
 * period, those in it summed per key (a key first seen there counts too:
 * its past is zeros). */
static int
hier_read_bookings(struct store *st, struct filter *f, enum period_kind kind, enum series_key key,
                   const struct reps *reps, struct hier_read *hr, struct err *e)
{
    struct deal_ctx dc;
    struct table *t = NULL;
    struct period now, p;
    int r = -1;

    if (deal_ctx_init(&dc, st, e))
        return -1;
    if (!(t = deals_open(st, e)) || filter_bind(f, t, e))
        goto out;
    period_of(st->today, kind, &st->cal, &now);
    hr->elapsed = (double)(st->today - now.start + 1) / (double)(now.end - now.start);
    while ((r = table_next(t, e)) == 1) {
        struct deal d;
        enum deal_state state;
        int ki;
        if (!filter_match(f, t))
            continue;
        if (deal_state(&dc, t, &state, e) || (state == DEAL_WON && deal_read(&dc, t, &d, e))) {
            r = -1;
            break;
        }
        if (state != DEAL_WON || d.closed == DATE_NONE || d.closed > st->today)
            continue;
        ki = hier_key_index(hr, hier_key(key, reps, &d));
        if (d.closed >= now.start) {
            hr->cur[ki] += d.amount;
            continue;
        }
        period_of(d.closed, kind, &st->cal, &p);
        hr->all[ki] += (double)d.amount;
        if ((double)(d.closed - p.start) / (double)(p.end - p.start) >= hr->elapsed)
            hr->after[ki] += (double)d.amount;
        if (hr->nbk == hr->cap) {
            hr->cap = hr->cap ? 2 * hr->cap : 64;
            hr->bk = xrealloc(hr->bk, hr->cap * sizeof *hr->bk);
        }
        if (hr->first == DATE_NONE || p.start < hr->first)
            hr->first = p.start;
        hr->bk[hr->nbk].start = p.start; /* turned into an index by hier_index_periods */
        hr->bk[hr->nbk].key = ki;
        hr->bk[hr->nbk].per = 0;
        hr->bk[hr->nbk++].amount = d.amount;
    }
out:
    table_free(t);
    deal_ctx_release(&dc);
    return r < 0 ? -1 : 0;
}

/* h->first and h->n: the periods from the first booking's to the one
 * holding today (exclusive); each booking's period index. */
static void
hier_index_periods(struct store *st, enum period_kind kind, struct hier_read *hr, struct hier *h)
{
    struct period now, p;
    sdate *ps = NULL;
    int n = 0;

    period_of(st->today, kind, &st->cal, &now);
    period_of(hr->first, kind, &st->cal, &h->first);
    p = h->first;
    while (p.start < now.start) {
        ps = xrealloc(ps, (n + 1) * sizeof *ps);
        ps[n++] = p.start;
        period_step(&p, 1, &st->cal);
    }
    for (size_t i = 0; i < hr->nbk; i++) {
        int lo = 0, hi = n - 1;
        while (lo < hi) { /* the last period starting at or before */
            int mid = (lo + hi + 1) / 2;
            if (ps[mid] <= hr->bk[i].start)
                lo = mid;
            else
                hi = mid - 1;
        }
        hr->bk[i].per = lo;
    }
    free(ps);
    h->n = n;
}

/* Sort hr->kv by name; returns rank (newly allocated): the sorted position
 * of each key's first-sight index. */
static int *
hier_sort_keys(struct hier_read *hr)
{
    int nk = hr->nk, *rank = xmalloc(nk * sizeof *rank);
    char **sorted = xmalloc(nk * sizeof *sorted);
    memcpy(sorted, hr->kv, nk * sizeof *sorted);
    qsort(sorted, nk, sizeof *sorted, cmp_str);
    for (int i = 0; i < nk; i++)
        rank[hmap_get(&hr->keys, sorted[i])->v.num] = i;
    for (int i = 0; i < nk; i++)
        hr->kv[i] = sorted[i];
    free(sorted);
    return rank;
}

/* The teams of the owners kv[0..nk), sorted, into *pv (newly allocated
 * strings); returns their count. */
static int
hier_parents(const struct reps *reps, char **kv, int nk, char ***pv)
{
    struct hmap parents = {0};
    int np = 0;
    *pv = NULL;
    for (int i = 0; i < nk; i++) {
        int isnew;
        hmap_put(&parents, team_of(reps, kv[i]), &isnew);
        if (isnew) {
            *pv = xrealloc(*pv, (np + 1) * sizeof **pv);
            (*pv)[np++] = xstrdup(team_of(reps, kv[i]));
        }
    }
    qsort(*pv, np, sizeof **pv, cmp_str);
    hmap_release(&parents);
    return np;
}

/* The nodes (total, the parents pv, the bottom keys kv, both taken over
 * by h), their summing matrix and their series from the bookings. */
static void
hier_build(struct hier *h, enum series_key key, const struct reps *reps, char **kv, int nk,
           char **pv, int np, const struct booking *bk, size_t nbk, const int *rank)
{
    h->nb = nk;
    h->nn = 1 + np + nk;
    h->nlev = np ? 3 : 2;
    h->levels[0] = "total";
    h->levels[1] = np ? "team" : key_name(key);
    h->levels[2] = np ? "owner" : NULL;
    h->name = xcalloc(h->nn, sizeof *h->name);
    h->level = xcalloc(h->nn, sizeof *h->level);
    h->S = xcalloc((size_t)h->nn * nk, 1);
    h->y = xcalloc((size_t)h->nn * h->n, sizeof *h->y);
    h->name[0] = xstrdup("total");
    for (int j = 0; j < nk; j++)
        h->S[j] = 1;
    for (int i = 0; i < np; i++) {
        h->name[1 + i] = pv[i];
        h->level[1 + i] = 1;
        for (int j = 0; j < nk; j++)
            h->S[(size_t)(1 + i) * nk + j] = strcmp(team_of(reps, kv[j]), pv[i]) == 0;
    }
    for (int j = 0; j < nk; j++) {
        int node = 1 + np + j;
        h->name[node] = kv[j];
        h->level[node] = np ? 2 : 1;
        h->S[(size_t)node * nk + j] = 1;
    }
    for (size_t b = 0; b < nbk; b++) {
        int j = rank[bk[b].key];
        for (int i = 0; i < h->nn; i++)
            if (h->S[(size_t)i * nk + j])
                h->y[(size_t)i * h->n + bk[b].per] += (double)bk[b].amount / 100.0;
    }
}

/* Every node's current period from its keys' sums in hr: booked, and the
 * share left as series_bookings computes it for the node's deals alone. */
static void
hier_current(struct hier *h, const struct hier_read *hr, const int *rank)
{
    double *after = xcalloc(h->nn, sizeof *after), *all = xcalloc(h->nn, sizeof *all);

    h->booked = xcalloc(h->nn, sizeof *h->booked);
    h->share_left = xcalloc(h->nn, sizeof *h->share_left);
    for (int k = 0; k < hr->nk; k++) {
        int j = rank[k];
        for (int i = 0; i < h->nn; i++) {
            if (!h->S[(size_t)i * h->nb + j])
                continue;
            h->booked[i] += hr->cur[k];
            after[i] += hr->after[k];
            all[i] += hr->all[k];
        }
    }
    for (int i = 0; i < h->nn; i++)
        h->share_left[i] = all[i] > 0 ? after[i] / all[i] : 1 - hr->elapsed;
    free(after);
    free(all);
}

static int
hier_load(struct store *st, struct filter *f, enum period_kind kind, enum series_key key,
          struct hier *h, struct err *e)
{
    struct reps reps;
    struct hier_read hr = {.first = DATE_NONE};
    char **pv = NULL;
    int np = 0, rc = -1, *rank, have_reps = 0;

    memset(h, 0, sizeof *h);
    if (key != SERIES_KEY_SEGMENT) {
        if (reps_load(st, &reps, e))
            return -1;
        have_reps = 1;
    }
    if (hier_read_bookings(st, f, kind, key, have_reps ? &reps : NULL, &hr, e))
        goto out;
    if (hr.nbk == 0) {
        err_set(e, "no won deals before the current period to forecast from");
        goto out;
    }
    hier_index_periods(st, kind, &hr, h);
    rank = hier_sort_keys(&hr);
    if (key == SERIES_KEY_OWNER)
        np = hier_parents(&reps, hr.kv, hr.nk, &pv);
    hier_build(h, key, have_reps ? &reps : NULL, hr.kv, hr.nk, pv, np, hr.bk, hr.nbk, rank);
    hier_current(h, &hr, rank);
    free(rank);
    free(pv);
    free(hr.kv); /* the names now belong to h */
    hr.kv = NULL;
    hr.nk = 0;
    rc = 0;
out:
    hier_read_release(&hr);
    if (have_reps)
        reps_release(&reps);
    if (rc < 0)
        hier_release(h);
    return rc;
}

/* Base forecasts of every node of h on its first len periods: mean[i*hz+k]
 * and, when res is not NULL, the whole results (the caller releases). */
static int
hier_base(const struct hier *h, int len, const struct fc_options *o, double *mean,
          struct fc_result *res, struct err *e)
{
    for (int i = 0; i < h->nn; i++) {
        struct fc_result r;
        if (fc_forecast(h->y + (size_t)i * h->n, len, o, &r, e)) {
            for (int k = 0; res && k < i; k++)
                fc_result_release(&res[k]);
            char why[sizeof e->msg]; /* e->msg cannot be both the format's argument and its output */
            snprintf(why, sizeof why, "%s", e->msg);
            return err_set(e, "%s %s: %s", h->levels[h->level[i]], h->name[i], why);
        }
        memcpy(mean + (size_t)i * o->horizon, r.mean, o->horizon * sizeof *mean);
        if (res)
            res[i] = r;
        else
            fc_result_release(&r);
    }
    return 0;
}

#define MINT_ERRORS 8 /* one-step errors per node for MinT's covariance, at most */

/* The one-step errors of every node at the last periods of its first len
 * at which the method could forecast every node from the periods before
 * (MINT_ERRORS at most), into err[nn * MINT_ERRORS] (node-major, T per
 * node). Returns T. */
static int
hier_errors(const struct hier *h, int len, const struct fc_options *o, double *err)
{
    struct fc_options one = *o;
    double *col = xmalloc((size_t)h->nn * sizeof *col);
    int T = 0;
    struct err ignored;
    one.horizon = 1;
    one.nlevels = 0;
    for (int at = len - 1; at >= 2 && T < MINT_ERRORS; at--) {
        int i;
        for (i = 0; i < h->nn; i++) {
            struct fc_result r;
            if (fc_forecast(h->y + (size_t)i * h->n, at, &one, &r, &ignored))
                break; /* too short a prefix for the method: not a point of the errors */
            col[i] = h->y[(size_t)i * h->n + at] - r.mean[0];
            fc_result_release(&r);
        }
        if (i < h->nn)
            continue;
        for (i = 0; i < h->nn; i++)
            err[(size_t)i * MINT_ERRORS + T] = col[i];
        T++;
    }
    free(col);
    /* packed node-major with stride T */
    for (int i = 1; i < h->nn; i++)
        memmove(err + (size_t)i * T, err + (size_t)i * MINT_ERRORS, (size_t)T * sizeof *err);
    return T;
}

/* Reconcile the base forecasts of h's first len periods by rm; mint
 * estimates W from the one-step errors of those periods first. Returns 0,
 * -1 with e set, or (mint) 1 with e set when the periods give fewer than
 * two errors. */
static int
hier_reconcile(const struct hier *h, int len, const struct fc_options *o, enum fc_rec_method rm,
               const double *base, double *rec, struct err *e)
{
    if (rm != FC_REC_MINT) {
        if (fc_reconcile(h->S, h->nn, h->nb, rm, base, o->horizon, rec) < 0)
            return err_set(e, "the forecasts could not be reconciled");
        return 0;
    }
    double *err = xmalloc((size_t)h->nn * MINT_ERRORS * sizeof *err);
    double *W = xmalloc((size_t)h->nn * h->nn * sizeof *W);
    int T = hier_errors(h, len, o, err), rc = 0;
    if (T < 2) {
        err_set(e,
                "%d periods are too few for mint with --method %s (it needs two one-step "
                "forecasts to estimate the errors' covariance; use wls)",
                len, fc_method_name(o->method));
        rc = 1;
    } else if (fc_shrink_cov(err, h->nn, T, W) < 0 ||
               fc_reconcile_mint(h->S, h->nn, h->nb, W, base, o->horizon, rec) < 0) {
        rc = err_set(e, "the forecasts could not be reconciled by mint (the one-step errors "
                        "are all zero or their covariance is singular; use wls)");
    }
    free(err);
    free(W);
    return rc;
}

/* The forecasts in cents, cut at zero (bookings are never negative). With
 * sum, reconciled ones that add up exactly: the bottom series rounded to
 * cents, every other node the integer sum of its bottom series; without,
 * every node its own. The first period's values in rec are what is still
 * to come in it: booked is added in cents. */
static void
hier_cents(const struct hier *h, const double *rec, int hz, int sum, money_t *cents)
{
    for (int i = 0; i < h->nn; i++) {
        for (int k = 0; k < hz; k++) {
            double v = rec[(size_t)i * hz + k];
            cents[(size_t)i * hz + k] =
                (k == 0 ? h->booked[i] : 0) + (v > 0 ? (money_t)llround(v * 100) : 0);
        }
    }
    if (!sum)
        return;
    for (int i = 0; i < h->nn - h->nb; i++) {
        for (int k = 0; k < hz; k++) {
            money_t c = 0;
            for (int j = 0; j < h->nb; j++)
                if (h->S[(size_t)i * h->nb + j])
                    c += cents[(size_t)(h->nn - h->nb + j) * hz + k];
            cents[(size_t)i * hz + k] = c;
        }
    }
}

/* The current period's rule, per node as for one series (current_rest):
 * base[i][0] becomes what is still to come in it, share_left times the
 * period's forecast, which reconciliation then revises; res[i] gets the
 * whole period, booked plus that, its interval likewise. */
static void
hier_current_rest(const struct hier *h, const struct fc_options *o, double *base,
                  struct fc_result *res)
{
    for (int i = 0; i < h->nn; i++) {
        double b = h->booked[i] / 100.0, sh = h->share_left[i], m0 = res[i].mean[0];
        if (res[i].h < 1)
            continue;
        base[(size_t)i * o->horizon] = sh * (m0 > 0 ? m0 : 0);
        res[i].mean[0] = b + base[(size_t)i * o->horizon];
        for (int k = 0; k < o->nlevels; k++) {
            double lo = res[i].lo[k][0], hi = res[i].hi[k][0];
            res[i].lo[k][0] = b + sh * (lo > 0 ? lo : 0);
            res[i].hi[k][0] = b + sh * (hi > 0 ? hi : 0);
        }
    }
}

int
report_hierarchy_forecast(struct store *st, struct filter *f, enum period_kind kind,
                          enum series_key key, const struct fc_options *o, int reconcile,
                          enum fc_rec_method rm, struct out *out, struct err *e)
{
    struct hier h;
    struct fc_result *res;
    double *base, *rec;
    money_t *cents;
    /* level,key,period,booked,forecast,method */
    int hz = o->horizon, ncols = 6 + 2 * o->nlevels, rc = -1;
    char (*bufs)[48] = xcalloc((size_t)ncols, sizeof *bufs);
    const char **vals = xcalloc((size_t)ncols, sizeof *vals);

    if (hier_load(st, f, kind, key, &h, e)) {
        free(bufs);
        free(vals);
        return -1;
    }
    res = xcalloc(h.nn, sizeof *res);
    base = xcalloc((size_t)h.nn * hz, sizeof *base);
    rec = xcalloc((size_t)h.nn * hz, sizeof *rec);
    cents = xcalloc((size_t)h.nn * hz, sizeof *cents);
    if (hier_base(&h, h.n, o, base, res, e))
        goto out;
    hier_current_rest(&h, o, base, res);
    if (hier_reconcile(&h, h.n, o, reconcile ? rm : FC_REC_BASE, base, rec, e))
        goto out;
    hier_cents(&h, rec, hz, reconcile, cents);
    out_add_col(out, "level", OT_TEXT);
    out_add_col(out, key_name(key), OT_TEXT);
    out_add_col(out, "period", OT_TEXT);
    out_add_col(out, "booked", OT_MONEY);
    out_add_col(out, "forecast", OT_MONEY);
    for (int k = 0; k < o->nlevels; k++) {
        char name[32];
        snprintf(name, sizeof name, "lo%g", o->levels[k]);
        out_add_col(out, name, OT_MONEY);
        snprintf(name, sizeof name, "hi%g", o->levels[k]);
        out_add_col(out, name, OT_MONEY);
    }
    out_add_col(out, "method", OT_TEXT);
    for (int i = 0; i < h.nn; i++) {
        struct period p = h.first;
        period_step(&p, h.n, &st->cal);
        for (int k = 0; k < hz; k++) {
            size_t at = (size_t)i * hz + k;
            /* the base interval moved with its mean, cut at zero (in the
               current period at what is booked) */
            double v = rec[at] > 0 ? rec[at] : 0, shift;
            money_t floor = k == 0 ? h.booked[i] : 0;
            /* from the unrounded forecast: no base interval moves by a cent */
            shift = floor / 100.0 + v - res[i].mean[k];
            int c = 0;
            vals[c++] = h.levels[h.level[i]];
            vals[c++] = h.name[i];
            vals[c++] = period_format(&p, bufs[2]);
            vals[c] = k == 0 ? money_format(h.booked[i], bufs[c]) : "";
            c++;
            vals[c] = money_format(cents[at], bufs[c]);
            c++;
            for (int q = 0; q < o->nlevels; q++) {
                double lo = res[i].lo[q][k] + shift, hi = res[i].hi[q][k] + shift;
                money_t lc = lo > 0 ? (money_t)llround(lo * 100) : 0;
                money_t hc = hi > 0 ? (money_t)llround(hi * 100) : 0;
                lc = lc > floor ? lc : floor;
                vals[c] = money_format(lc < cents[at] ? lc : cents[at], bufs[c]);
                c++;
                vals[c] = money_format(hc > cents[at] ? hc : cents[at], bufs[c]);
                c++;
            }
            vals[c] = res[i].model;
            out_row(out, vals);
            period_step(&p, 1, &st->cal);
        }
    }
    rc = 0;
out:
    for (int i = 0; i < h.nn; i++)
        fc_result_release(&res[i]);
    free(res);
    free(base);
    free(rec);
    free(cents);
    free(bufs);
    free(vals);
    hier_release(&h);
    return rc;
}

int
report_hierarchy_backtest(struct store *st, struct filter *f, enum period_kind kind,
                          enum series_key key, const struct fc_options *o, int origins,
                          struct out *out, struct err *e)
{
    struct hier h;
    int hz = o->horizon, m = series_season(kind), rc = -1;
    double *base, *rec, sm[3][FC_REC_NMETHODS] = {{0}}, ms[3][FC_REC_NMETHODS] = {{0}};
    int nsm[3][FC_REC_NMETHODS] = {{0}}, nms[3][FC_REC_NMETHODS] = {{0}};
    int done[FC_REC_NMETHODS] = {0};
    money_t *cents;

    if (hier_load(st, f, kind, key, &h, e))
        return -1;
    base = xcalloc((size_t)h.nn * hz, sizeof *base);
    rec = xcalloc((size_t)h.nn * hz, sizeof *rec);
    cents = xcalloc((size_t)h.nn * hz, sizeof *cents);
    if (h.n - hz - origins + 1 < 2) {
        err_set(e,
                "%d periods of history are too few for %d origins at horizon %d "
                "(use a smaller --backtest or --horizon)",
                h.n, origins, hz);
        goto out;
    }
    for (int oi = 0; oi < origins; oi++) {
        int len = h.n - hz - origins + 1 + oi;
        if (hier_base(&h, len, o, base, NULL, e))
            goto out;
        for (int r = 0; r < FC_REC_NMETHODS; r++) {
            int rr = hier_reconcile(&h, len, o, (enum fc_rec_method)r, base, rec, e);
            if (rr < 0)
                goto out;
            if (rr > 0)
                continue; /* too short a prefix to estimate W: mint counts fewer origins */
            done[r]++;
            for (int i = 0; i < h.nn; i++) {
                const double *y = h.y + (size_t)i * h.n, *fc = rec + (size_t)i * hz;
                double v;
                int lv = h.level[i];
                sm[lv][r] += fc_smape(y + len, fc, hz);
                nsm[lv][r]++;
                v = fc_mase(y, len, m, y + len, fc, hz);
                if (!isnan(v)) {
                    ms[lv][r] += v;
                    nms[lv][r]++;
                }
            }
        }
    }
    out_add_col(out, "level", OT_TEXT);
    out_add_col(out, "reconcile", OT_TEXT);
    out_add_col(out, "smape", OT_RATIO);
    out_add_col(out, "mase", OT_RATIO);
    out_add_col(out, "series", OT_INT);
    out_add_col(out, "origins", OT_INT);
    for (int lv = 0; lv < h.nlev; lv++) {
        int count = 0;
        for (int i = 0; i < h.nn; i++)
            count += h.level[i] == lv;
        for (int r = 0; r < FC_REC_NMETHODS; r++) {
            char a[32], b[32], c[16], d[16];
            metric_fmt(nsm[lv][r] ? sm[lv][r] / nsm[lv][r] : NAN, a, 2);
            metric_fmt(nms[lv][r] ? ms[lv][r] / nms[lv][r] : NAN, b, 3);
            snprintf(c, sizeof c, "%d", count);
            snprintf(d, sizeof d, "%d", done[r]);
            const char *vals[6] = {h.levels[lv], fc_rec_method_name((enum fc_rec_method)r), a, b,
                                   c, d};
            out_row(out, vals);
        }
    }
    rc = 0;
out:
    free(base);
    free(rec);
    free(cents);
    hier_release(&h);
    return rc;
}
