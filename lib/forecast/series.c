/* series.c — time series in and the forecast reports out (see series.h). */
#include "series.h"

#include <ctype.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

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

int
series_bookings(struct store *st, struct filter *f, enum period_kind kind, struct series *s,
                struct err *e)
{
    char **labels;
    money_t *values;
    int n = bookings_series(st, f, kind, 0, &labels, &values, e);

    memset(s, 0, sizeof *s);
    if (n < 0)
        return -1;
    if (n == 0) {
        strv_free(labels);
        free(values);
        return err_set(e, "no won deals before the current period to forecast from");
    }
    period_parse(labels[0], &st->cal, st->today, &s->first);
    s->kind = kind;
    s->n = n;
    s->y = xmalloc((size_t)n * sizeof *s->y);
    for (int i = 0; i < n; i++)
        s->y[i] = (double)values[i] / 100.0;
    s->decimals = 2;
    s->nonneg = 1;
    s->money = 1;
    strv_free(labels);
    free(values);
    return 0;
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

int
report_series_forecast(const struct series *s, const struct fc_options *o,
                       const struct calendar *cal, struct out *out, struct fc_result *res,
                       struct err *e)
{
    enum out_type vt = s->money ? OT_MONEY : OT_RATIO;
    int ncols = 2 + 2 * o->nlevels + 1;
    char (*bufs)[48] = xcalloc((size_t)ncols, sizeof *bufs);
    const char **vals = xcalloc((size_t)ncols, sizeof *vals);
    struct period p = s->first;

    if (fc_forecast(s->y, s->n, o, res, e)) {
        free(bufs);
        free(vals);
        return -1;
    }
    out_add_col(out, "period", OT_TEXT);
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
    static const enum fc_method all[] = {FC_NAIVE,  FC_SNAIVE, FC_SES,  FC_HOLT, FC_DAMPED,
                                         FC_HW,     FC_THETA,  FC_AUTO, FC_COMB};
    enum fc_method methods[9];
    struct fc_backtest_row rows[9];
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
