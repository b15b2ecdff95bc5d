/* blend.c — the bookings forecast blended with the pipeline, weights by backtest (see blend.h). */
#include "blend.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "asof.h"
#include "entities.h"
#include "hmap.h"
#include "metrics.h"
#include "text.h"

int
blend_weights(const double *x1, const double *x2, const double *y, int n, int skip, double *a,
              double *b)
{
    double s11 = 0, s12 = 0, s22 = 0, s1y = 0, s2y = 0, yy = 0;
    int m = 0;

    *a = 1;
    *b = 0;
    for (int i = 0; i < n; i++) {
        if (i == skip)
            continue;
        s11 += x1[i] * x1[i];
        s12 += x1[i] * x2[i];
        s22 += x2[i] * x2[i];
        s1y += x1[i] * y[i];
        s2y += x2[i] * y[i];
        yy += y[i] * y[i];
        m++;
    }
    if (m < 2 || (s11 <= 0 && s22 <= 0))
        return -1;
    /* the unconstrained solution of the normal equations, when it is feasible */
    double det = s11 * s22 - s12 * s12;
    if (det > 1e-9 * s11 * s22) {
        double ua = (s1y * s22 - s2y * s12) / det, ub = (s2y * s11 - s1y * s12) / det;
        if (ua >= 0 && ub >= 0) {
            *a = ua;
            *b = ub;
            return 0;
        }
    }
    /* else the better of the two one-variable fits (a boundary of the
       feasible set; SSE = yy - s1y^2 / s11 for x1 alone) */
    double a1 = s11 > 0 && s1y > 0 ? s1y / s11 : 0, b2 = s22 > 0 && s2y > 0 ? s2y / s22 : 0;
    double sse1 = yy - a1 * s1y, sse2 = yy - b2 * s2y;
    if (sse1 <= sse2) {
        *a = a1;
        *b = 0;
    } else {
        *a = 0;
        *b = b2;
    }
    return 0;
}

/* ---- the pipeline at the start of each past period -------------------- */

struct bl_deal {
    money_t amount;
    sdate created, decided; /* decided: DATE_NONE while open */
    sdate close;            /* now */
    int16_t stage;          /* index in dc.stages, now */
};

struct blend {
    struct store *st;
    struct deal_ctx dc;
    struct series s;   /* complete periods 0..n), then the current one */
    int H;             /* horizon */
    sdate *starts;     /* period starts, [0, n + H] */
    struct hmap index; /* deal id -> index */
    struct bl_deal *d;
    size_t nd, cap;
    int norig;         /* origins: the starts of periods BLEND_MIN_ORIGIN .. n (the current one) */
    struct asof *snap; /* [deal][origin][2]: stage, close */
    double *pipe;      /* [origin][k]: weighted pipeline then, closing k periods on */
    double *ts;        /* [origin][k] */
    long unknown;      /* deals open at an origin whose stage then is not known */
};

static int
origin_period(int oi)
{
    return BLEND_MIN_ORIGIN + oi;
}

/* The period index (0: the series' first) of day d, or -1 outside [0, n + H). */
static int
period_index(const struct blend *b, sdate d)
{
    int lo = 0, hi = b->s.n + b->H - 1;
    if (d == DATE_NONE || d < b->starts[0] || d >= b->starts[b->s.n + b->H])
        return -1;
    while (lo < hi) {
        int mid = (lo + hi + 1) / 2;
        if (b->starts[mid] <= d)
            lo = mid;
        else
            hi = mid - 1;
    }
    return lo;
}

static int
stage_index(const struct blend *b, const char *name)
{
    const struct stage *st = stages_find(&b->dc.stages, name);
    return st ? (int)(st - b->dc.stages.v) : -1;
}

static int
read_deals(struct blend *b, struct filter *f, struct err *e)
{
    struct table *t = deals_open(b->st, e);
    int r;
    if (!t || filter_bind(f, t, e)) {
        table_free(t);
        return -1;
    }
    while ((r = table_next(t, e)) == 1) {
        struct deal d;
        int isnew;
        if (!filter_match(f, t))
            continue;
        if (deal_read(&b->dc, t, &d, e)) {
            r = -1;
            break;
        }
        struct hmap_entry *he = hmap_put(&b->index, d.id, &isnew);
        if (!isnew)
            continue; /* sales-check reports a repeated id */
        if (b->nd == b->cap) {
            b->cap = b->cap ? 2 * b->cap : 1024;
            b->d = xrealloc(b->d, b->cap * sizeof *b->d);
        }
        he->v.num = (int64_t)b->nd;
        struct bl_deal *x = &b->d[b->nd++];
        x->amount = d.amount;
        x->created = d.created;
        x->decided = d.state == DEAL_OPEN ? DATE_NONE : d.closed;
        x->close = d.close;
        x->stage = (int16_t)(d.stage - b->dc.stages.v);
    }
    table_free(t);
    return r < 0 ? -1 : 0;
}

/* Whether deal x was open at the start of day s. */
static int
open_at(const struct bl_deal *x, sdate s)
{
    return x->created != DATE_NONE && x->created < s &&
           (x->decided == DATE_NONE || x->decided >= s);
}

static int
history_change(void *ctx, const struct asof_hrow *h, struct err *e)
{
    struct blend *b = ctx;
    int which = strcmp(h->field, "stage") == 0 ? 0 : strcmp(h->field, "close") == 0 ? 1 : -1;
    if (which < 0)
        return 0;
    struct hmap_entry *he = hmap_get(&b->index, h->id);
    if (!he)
        return 0; /* a deal no longer there, or not picked */
    const struct bl_deal *x = &b->d[he->v.num];
    sdate d;
    int32_t old = -1, new_ = -1;
    if (asof_hrow_date(h, &d, e))
        return -1;
    if (which == 0) {
        old = stage_index(b, h->old);
        new_ = stage_index(b, h->new_);
    } else {
        sdate o = DATE_NONE, n = DATE_NONE;
        if (*h->old && date_parse(h->old, &o))
            o = DATE_NONE;
        if (*h->new_ && date_parse(h->new_, &n))
            n = DATE_NONE;
        old = o;
        new_ = n;
    }
    for (int oi = 0; oi < b->norig; oi++) {
        sdate s = b->starts[origin_period(oi)];
        if (!open_at(x, s))
            continue;
        struct asof *a = &b->snap[((size_t)he->v.num * b->norig + oi) * 2 + which];
        asof_change(a, s - 1, d, old, new_);
    }
    return 0;
}

/* b->pipe: each origin's pipeline, spread over the periods of its close dates. */
static void
past_pipelines(struct blend *b)
{
    for (size_t i = 0; i < b->nd; i++) {
        const struct bl_deal *x = &b->d[i];
        for (int oi = 0; oi < b->norig; oi++) {
            int j = origin_period(oi);
            if (!open_at(x, b->starts[j]))
                continue;
            const struct asof *a = &b->snap[(i * b->norig + oi) * 2];
            int known;
            int32_t st = asof_value(&a[0], x->stage, &known);
            if ((!known && x->decided != DATE_NONE) || st < 0 || st >= (int)b->dc.stages.n) {
                b->unknown++; /* decided since, and no stage change tells its stage then */
                continue;
            }
            const struct stage *sg = &b->dc.stages.v[st];
            if (sg->state != DEAL_OPEN || strcmp(sg->category, "omitted") == 0)
                continue;
            sdate close = asof_value(&a[1], x->close, NULL);
            int p = close != DATE_NONE && close < b->starts[j] ? j : period_index(b, close);
            if (p < j || p - j >= b->H)
                continue;
            b->pipe[(size_t)oi * b->H + (p - j)] +=
                (double)x->amount / 100.0 * sg->probability / 100.0;
        }
    }
}

static void
blend_release(struct blend *b)
{
    series_release(&b->s);
    deal_ctx_release(&b->dc);
    hmap_release(&b->index);
    free(b->starts);
    free(b->d);
    free(b->snap);
    free(b->pipe);
    free(b->ts);
    memset(b, 0, sizeof *b);
}

/* Everything both reports need: the series, the pipelines at each origin,
 * and the time series forecasts at each origin. */
static int
blend_load(struct blend *b, struct store *st, struct filter *f, enum period_kind kind,
           const struct fc_options *o, struct err *e)
{
    memset(b, 0, sizeof *b);
    b->st = st;
    b->H = o->horizon;
    if (deal_ctx_init(&b->dc, st, e))
        return -1;
    if (series_bookings(st, f, kind, &b->s, e))
        goto fail;
    int n = b->s.n;
    b->starts = xcalloc((size_t)(n + b->H + 1), sizeof *b->starts);
    struct period p = b->s.first;
    for (int i = 0; i <= n + b->H; i++) {
        b->starts[i] = p.start;
        period_step(&p, 1, &st->cal);
    }
    b->norig = n >= BLEND_MIN_ORIGIN ? n - BLEND_MIN_ORIGIN + 1 : 0;
    if (read_deals(b, f, e))
        goto fail;
    b->snap = xmalloc((b->nd * b->norig * 2 + 1) * sizeof *b->snap);
    for (size_t i = 0; i < b->nd * b->norig * 2; i++)
        asof_init(&b->snap[i]);
    b->pipe = xcalloc((size_t)b->norig * b->H + 1, sizeof *b->pipe);
    b->ts = xcalloc((size_t)b->norig * b->H + 1, sizeof *b->ts);
    if (b->norig && asof_history(st, "deals", history_change, b, e))
        goto fail;
    past_pipelines(b);
    for (int oi = 0; oi < b->norig; oi++) {
        struct fc_result r;
        struct fc_options oo = *o;
        oo.nlevels = 0;
        if (fc_forecast(b->s.y, origin_period(oi), &oo, &r, e))
            goto fail;
        for (int k = 0; k < b->H; k++)
            b->ts[(size_t)oi * b->H + k] = r.mean[k] > 0 ? r.mean[k] : 0;
        fc_result_release(&r);
    }
    return 0;
fail:
    blend_release(b);
    return -1;
}

/* The backtest rows of horizon k: origins with a known outcome k periods on. */
static int
rows_at(const struct blend *b, int k, double *ts, double *pipe, double *actual)
{
    int m = 0;
    for (int oi = 0; oi < b->norig; oi++) {
        int j = origin_period(oi) + k;
        if (j >= b->s.n)
            break;
        ts[m] = b->ts[(size_t)oi * b->H + k];
        pipe[m] = b->pipe[(size_t)oi * b->H + k];
        actual[m] = b->s.y[j];
        m++;
    }
    return m;
}

/* The error for fewer than BLEND_MIN_ROWS past periods at horizon 1. */
static int
too_few(const struct blend *b, int n, struct err *e)
{
    if (n >= BLEND_MIN_ROWS)
        return 0;
    return err_set(e,
                   "%d complete periods of bookings give %d past period%s to learn the blend's "
                   "weights from; it needs %d (%d periods of bookings)%s",
                   b->s.n, n, n == 1 ? "" : "s", BLEND_MIN_ROWS, BLEND_MIN_ORIGIN + BLEND_MIN_ROWS,
                   b->s.kind == PERIOD_MONTH ? "" : ": try --by month");
}

static char *
money_text(double v, char *buf)
{
    return money_format((money_t)llround(v * 100), buf);
}

static char *
pct_error(double f, double a, char *buf)
{
    if (a == 0) {
        buf[0] = 0;
        return buf;
    }
    return metric_fmt(100 * (f - a) / a, buf, 2);
}

int
report_blend_backtest(struct store *st, struct filter *f, enum period_kind kind,
                      const struct fc_options *o, struct out *out, struct err *e)
{
    static const char *const heads[] = {
        "period", "actual", "ts", "pipeline", "blend", "ts_error", "pipeline_error", "blend_error"};
    struct blend b;
    struct fc_options oo = *o;
    oo.horizon = 1;
    if (blend_load(&b, st, f, kind, &oo, e))
        return -1;
    double *ts = xcalloc(3 * (size_t)b.norig + 1, sizeof *ts), *pipe = ts + b.norig,
           *act = ts + 2 * b.norig;
    int n = rows_at(&b, 0, ts, pipe, act);
    if (too_few(&b, n, e)) {
        free(ts);
        blend_release(&b);
        return -1;
    }
    double abs_err[3] = {0}, pct[3] = {0};
    int npct = 0;
    for (int i = 0; i < 8; i++)
        out_add_col(out, heads[i], i == 0 ? OT_TEXT : i < 5 ? OT_MONEY : OT_RATIO);
    for (int i = 0; i < n; i++) {
        double wa, wb;
        blend_weights(ts, pipe, act, n, i, &wa, &wb);
        double fc[3] = {ts[i], pipe[i], wa * ts[i] + wb * pipe[i]};
        char lab[PERIOD_BUFSZ], m[4][MONEY_BUFSZ], pc[3][32];
        struct period p = b.s.first;
        period_step(&p, origin_period(i), &st->cal);
        for (int q = 0; q < 3; q++) {
            abs_err[q] += fabs(fc[q] - act[i]);
            if (act[i] != 0)
                pct[q] += fabs(fc[q] - act[i]) / act[i];
            pct_error(fc[q], act[i], pc[q]);
        }
        npct += act[i] != 0;
        const char *vals[8] = {period_format(&p, lab),
                               money_text(act[i], m[0]),
                               money_text(fc[0], m[1]),
                               money_text(fc[1], m[2]),
                               money_text(fc[2], m[3]),
                               pc[0],
                               pc[1],
                               pc[2]};
        out_row(out, vals);
    }
    {
        char m[3][MONEY_BUFSZ], pc[3][32];
        for (int q = 0; q < 3; q++) {
            money_text(abs_err[q] / n, m[q]);
            metric_fmt(npct ? 100 * pct[q] / npct : NAN, pc[q], 2);
        }
        const char *mae[8] = {"MAE", "", m[0], m[1], m[2], "", "", ""};
        const char *mape[8] = {"MAPE", "", "", "", "", pc[0], pc[1], pc[2]};
        out_row(out, mae);
        out_row(out, mape);
    }
    free(ts);
    blend_release(&b);
    return 0;
}

int
report_blend_forecast(struct store *st, struct filter *f, enum period_kind kind,
                      const struct fc_options *o, struct out *out, struct err *e)
{
    struct blend b;
    struct fc_result r;
    int H = o->horizon, ncols = 6 + 2 * o->nlevels;
    char(*bufs)[64];
    const char **vals;

    if (blend_load(&b, st, f, kind, o, e))
        return -1;
    if (too_few(&b, b.norig ? b.norig - 1 : 0, e) || fc_forecast(b.s.y, b.s.n, o, &r, e)) {
        blend_release(&b);
        return -1;
    }
    bufs = xcalloc((size_t)ncols, sizeof *bufs);
    vals = xcalloc((size_t)ncols, sizeof *vals);
    double *ts = xcalloc(3 * (size_t)b.norig + 1, sizeof *ts), *pipe = ts + b.norig,
           *act = ts + 2 * b.norig;
    out_add_col(out, "period", OT_TEXT);
    out_add_col(out, "booked", OT_MONEY);
    out_add_col(out, "ts", OT_MONEY);
    out_add_col(out, "pipeline", OT_MONEY);
    out_add_col(out, "forecast", OT_MONEY);
    for (int q = 0; q < o->nlevels; q++) {
        char name[32];
        snprintf(name, sizeof name, "lo%g", o->levels[q]);
        out_add_col(out, name, OT_MONEY);
        snprintf(name, sizeof name, "hi%g", o->levels[q]);
        out_add_col(out, name, OT_MONEY);
    }
    out_add_col(out, "method", OT_TEXT);
    struct period p = b.s.first;
    period_step(&p, b.s.n, &st->cal);
    for (int k = 0; k < H; k++) {
        double share = k == 0 ? b.s.share_left : 1, booked = k == 0 ? b.s.booked : 0;
        double F = r.mean[k] > 0 ? r.mean[k] : 0, tsk = booked + share * F, wa, wb;
        /* the pipeline as it stood at the start of the current period: the
           view of the past origins the weights were learnt from */
        double pk = b.norig ? b.pipe[(size_t)(b.norig - 1) * H + k] : 0;
        int m = rows_at(&b, k, ts, pipe, act), c = 0, blended = m >= BLEND_MIN_ROWS;
        double fc = tsk, sd = 0;
        if (blended) {
            /* the interval from the leave-one-out errors at this horizon */
            for (int i = 0; i < m; i++) {
                blend_weights(ts, pipe, act, m, i, &wa, &wb);
                double err = wa * ts[i] + wb * pipe[i] - act[i];
                sd += err * err;
            }
            sd = share * sqrt(sd / m);
            blend_weights(ts, pipe, act, m, -1, &wa, &wb);
            fc = booked + share * (wa * F + wb * pk);
            snprintf(bufs[ncols - 1], sizeof bufs[0], "Blend(%.3f ts, %.3f pipeline)", wa, wb);
        }
        vals[c++] = period_format(&p, bufs[0]);
        vals[c] = k == 0 ? money_text(booked, bufs[c]) : "";
        c++;
        vals[c] = money_text(tsk, bufs[c]);
        c++;
        vals[c] = money_text(pk, bufs[c]);
        c++;
        vals[c] = money_text(fc, bufs[c]);
        c++;
        for (int q = 0; q < o->nlevels; q++) {
            double lo, hi;
            if (blended) {
                double z = fc_normal_quantile(0.5 + o->levels[q] / 200);
                lo = fc - z * sd;
                hi = fc + z * sd;
            } else {
                lo = booked + share * (r.lo[q][k] > 0 ? r.lo[q][k] : 0);
                hi = booked + share * (r.hi[q][k] > 0 ? r.hi[q][k] : 0);
            }
            vals[c] = money_text(lo > booked ? lo : booked, bufs[c]);
            c++;
            vals[c] = money_text(hi, bufs[c]);
            c++;
        }
        vals[c] = blended ? bufs[c] : r.model;
        out_row(out, vals);
        period_step(&p, 1, &st->cal);
    }
    free(ts);
    free(bufs);
    free(vals);
    fc_result_release(&r);
    blend_release(&b);
    return 0;
}
