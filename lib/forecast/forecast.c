/*
 * forecast.c — the public forecasting API (forecast.h): input checks,
 * scaling, method dispatch, intervals, accuracy measures and backtests.
 * The models themselves live in fc_ets.c and fc_theta.c.
 *
 * The series is divided by its largest magnitude before fitting and the
 * results multiplied back: every model here is scale-equivariant, and on
 * that scale sums of squares cannot overflow however large the amounts.
 */
#include "forecast.h"

#include <float.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fc_int.h"
#include "text.h"

#define SIM_PATHS 5000

static const char *const method_names[FC_NMETHODS] = {
    [FC_AUTO] = "auto",     [FC_NAIVE] = "naive",   [FC_SNAIVE] = "snaive",   [FC_SES] = "ses",
    [FC_HOLT] = "holt",     [FC_DAMPED] = "damped", [FC_HW] = "hw",           [FC_THETA] = "theta",
    [FC_NAIVE2] = "naive2", [FC_HW_ADD] = "hw-add", [FC_HW_MULT] = "hw-mult", [FC_COMB] = "comb",
    [FC_ARIMA] = "arima", [FC_SELECT] = "select", [FC_ENSEMBLE] = "ensemble",
};

int
fc_method_parse(const char *s, enum fc_method *out)
{
    for (int i = 0; i < FC_NMETHODS; i++) {
        if (str_eq_ci(s, method_names[i])) {
            *out = (enum fc_method)i;
            return 0;
        }
    }
    return -1;
}

const char *
fc_method_name(enum fc_method m)
{
    return (int)m >= 0 && (int)m < FC_NMETHODS ? method_names[m] : "?";
}

/*
 * What one method produces on the normalised scale: point forecasts and
 * either variances (normal intervals) or interval bounds directly
 * (simulation, combinations).
 */
struct work {
    int h, nlevels;
    const double *levels;
    double *mean, *var; /* var[h]; valid when have_var */
    double *lo[4], *hi[4];
    int have_var, have_bounds;
    char model[48];
    double aicc, sigma;
};

static void
work_init(struct work *w, int h, int nlevels, const double *levels)
{
    memset(w, 0, sizeof *w);
    w->h = h;
    w->nlevels = nlevels;
    w->levels = levels;
    w->mean = xcalloc(h, sizeof *w->mean);
    w->var = xcalloc(h, sizeof *w->var);
    for (int k = 0; k < nlevels; k++) {
        w->lo[k] = xcalloc(h, sizeof *w->lo[k]);
        w->hi[k] = xcalloc(h, sizeof *w->hi[k]);
    }
}

static void
work_release(struct work *w)
{
    free(w->mean);
    free(w->var);
    for (int k = 0; k < 4; k++) {
        free(w->lo[k]);
        free(w->hi[k]);
    }
    memset(w, 0, sizeof *w);
}

/* Turn variances into normal interval bounds. */
static void
work_bounds(struct work *w)
{
    if (w->have_bounds || !w->have_var)
        return;
    for (int k = 0; k < w->nlevels; k++) {
        double z = fc_qnorm(0.5 + w->levels[k] / 200);
        for (int i = 0; i < w->h; i++) {
            double sd = sqrt(w->var[i] > 0 ? w->var[i] : 0);
            w->lo[k][i] = w->mean[i] - z * sd;
            w->hi[k][i] = w->mean[i] + z * sd;
        }
    }
    w->have_bounds = 1;
}

static int
all_finite(const struct work *w)
{
    for (int i = 0; i < w->h; i++) {
        if (!isfinite(w->mean[i]))
            return 0;
        for (int k = 0; k < w->nlevels; k++)
            if (!isfinite(w->lo[k][i]) || !isfinite(w->hi[k][i]))
                return 0;
    }
    return isfinite(w->sigma) && isfinite(w->aicc);
}

/* ---- the methods (normalised data) ------------------------------------ */

static int
do_naive(const double *y, int n, struct work *w, struct err *e)
{
    double s2 = 0;

    if (n < 2)
        return err_set(e, "naive needs at least 2 observations");
    for (int t = 1; t < n; t++)
        s2 += (y[t] - y[t - 1]) * (y[t] - y[t - 1]);
    s2 /= n - 1;
    for (int i = 0; i < w->h; i++) {
        w->mean[i] = y[n - 1];
        w->var[i] = s2 * (i + 1);
    }
    w->have_var = 1;
    w->sigma = sqrt(s2);
    snprintf(w->model, sizeof w->model, "Naive");
    return 0;
}

static int
do_snaive(const double *y, int n, int m, struct work *w, struct err *e)
{
    double s2 = 0;

    if (m < 2)
        return do_naive(y, n, w, e);
    if (n <= m)
        return err_set(e, "snaive needs more than one season (at least %d observations)", m + 1);
    for (int t = m; t < n; t++)
        s2 += (y[t] - y[t - m]) * (y[t] - y[t - m]);
    s2 /= n - m;
    for (int i = 0; i < w->h; i++) {
        w->mean[i] = y[n - m + i % m];
        w->var[i] = s2 * (i / m + 1);
    }
    w->have_var = 1;
    w->sigma = sqrt(s2);
    snprintf(w->model, sizeof w->model, "Seasonal naive");
    return 0;
}

/* Forecast an ETS fit into w (analytic variance or simulation). */
static void
ets_into(const struct fc_ets *f, struct work *w)
{
    fc_ets_point(f, w->h, w->mean);
    if (fc_ets_variance(f, w->h, w->mean, w->var) == 0) {
        w->have_var = 1;
    } else if (w->nlevels > 0) {
        fc_ets_simulate(f, w->h, SIM_PATHS, w->nlevels, w->levels, w->lo, w->hi);
        w->have_bounds = 1;
    }
    fc_ets_name(f, w->model, sizeof w->model);
    w->aicc = isfinite(f->aicc) ? f->aicc : 0;
    w->sigma = f->sigma_abs;
}

static const char *
trend_label(int trend)
{
    return trend == FC_TREND_N ? "SES" : trend == FC_TREND_A ? "Holt" : "Damped";
}

/* ses, holt, damped: ETS(A,*,N) on seasonally adjusted data (M3 style). */
static int
do_smooth(const double *y, int n, int m, int trend, struct work *w, struct err *e)
{
    double idx1 = 1, *idx = m > 1 ? xmalloc(m * sizeof *idx) : &idx1, *ya;
    struct fc_ets f;
    int adj, minn = fc_ets_min_n(trend, FC_SEAS_N, 1), rc = 0;

    if (n < minn) {
        rc = err_set(e, "%s needs at least %d observations",
                     trend == FC_TREND_N   ? "ses"
                     : trend == FC_TREND_A ? "holt"
                                           : "damped",
                     minn);
        goto out;
    }
    adj = fc_seasonal_adjust(y, n, m, idx);
    ya = xmalloc(n * sizeof *ya);
    for (int t = 0; t < n; t++)
        ya[t] = y[t] / idx[t % m];
    if (fc_ets_fit(ya, n, 1, FC_ERR_A, trend, FC_SEAS_N, &f) < 0) {
        free(ya);
        rc = err_set(e, "%s: the model could not be fitted", trend_label(trend));
        goto out;
    }
    free(ya);
    ets_into(&f, w);
    for (int i = 0; i < w->h; i++) {
        double s = idx[(n + i) % m];
        w->mean[i] *= s;
        w->var[i] *= s * s;
    }
    snprintf(w->model, sizeof w->model, "%s%s", trend_label(trend),
             adj ? " (seasonally adjusted)" : "");
out:
    if (idx != &idx1)
        free(idx);
    return rc;
}

static int
do_naive2(const double *y, int n, int m, struct work *w, struct err *e)
{
    double idx1 = 1, *idx = m > 1 ? xmalloc(m * sizeof *idx) : &idx1, *ya;
    int adj, rc;

    adj = fc_seasonal_adjust(y, n, m, idx);
    ya = xmalloc(n * sizeof *ya);
    for (int t = 0; t < n; t++)
        ya[t] = y[t] / idx[t % m];
    rc = do_naive(ya, n, w, e);
    free(ya);
    if (rc == 0) {
        for (int i = 0; i < w->h; i++) {
            double s = idx[(n + i) % m];
            w->mean[i] *= s;
            w->var[i] *= s * s;
        }
        snprintf(w->model, sizeof w->model, "Naive2%s", adj ? " (seasonally adjusted)" : "");
    }
    if (idx != &idx1)
        free(idx);
    return rc;
}

static int
do_theta(const double *y, int n, int m, int seasons, struct work *w, struct err *e)
{
    struct fc_theta th;

    if (fc_theta_fit(y, n, m, seasons, w->h, &th, w->mean, w->var) < 0)
        return err_set(e, "theta needs at least 2 observations");
    w->have_var = 1;
    w->sigma = sqrt(th.sigma2);
    snprintf(w->model, sizeof w->model, "Theta%s", th.seasonal ? " (seasonally adjusted)" : "");
    return 0;
}

static int
do_auto(const double *y, int n, int m, struct work *w, struct err *e)
{
    struct fc_ets f;

    /* too few points to estimate even a level and its smoothing: the
     * random walk needs nothing estimated but its variance */
    if (n < fc_ets_min_n(FC_TREND_N, FC_SEAS_N, 1))
        return do_naive(y, n, w, e);
    if (m > FC_MAXM && fc_seasonal_test(y, n, m)) {
        /* too many seasonal states to estimate: adjust, then smooth */
        if (do_smooth(y, n, m, FC_TREND_AD, w, NULL) == 0)
            return 0;
    }
    if (fc_ets_auto(y, n, m, &f) < 0)
        return err_set(e, "no exponential smoothing model could be fitted");
    ets_into(&f, w);
    return 0;
}

static int
do_arima(const double *y, int n, int m, struct work *w, struct err *e)
{
    struct fc_arima f;

    /* too short for any model with an estimated coefficient: as auto does,
     * the random walk, which estimates only its variance */
    if (fc_arima_auto(y, n, m, &f) < 0)
        return do_naive(y, n, w, e);
    fc_arima_forecast(&f, y, n, w->h, w->mean, w->var);
    w->have_var = 1;
    fc_arima_name(&f, w->model, sizeof w->model);
    w->aicc = f.aicc;
    w->sigma = sqrt(f.sigma2);
    return 0;
}

static int
do_hw(const double *y, int n, int m, int which, struct work *w, struct err *e)
{
    struct fc_ets fa, fm;
    int oka = 0, okm = 0, positive = 1, minn;

    if (m < 2 || m > FC_MAXM)
        return err_set(e, "Holt-Winters needs a seasonal period between 2 and %d", FC_MAXM);
    minn = fc_ets_min_n(FC_TREND_A, FC_SEAS_A, m);
    if (n < minn)
        return err_set(e, "Holt-Winters needs at least %d observations (two full seasons)", minn);
    for (int t = 0; t < n; t++)
        if (!(y[t] > 0))
            positive = 0;
    if (which == FC_HW_MULT && !positive)
        return err_set(e, "multiplicative Holt-Winters needs positive data");
    if (which != FC_HW_MULT)
        oka = fc_ets_fit(y, n, m, FC_ERR_A, FC_TREND_A, FC_SEAS_A, &fa) == 0;
    if (which != FC_HW_ADD && positive)
        okm = fc_ets_fit(y, n, m, FC_ERR_M, FC_TREND_A, FC_SEAS_M, &fm) == 0;
    if (!oka && !okm)
        return err_set(e, "Holt-Winters: the model could not be fitted");
    ets_into(okm && (!oka || fm.aicc < fa.aicc) ? &fm : &fa, w);
    return 0;
}

static int run_method(enum fc_method method, const double *y, int n, int m, struct work *w,
                      struct err *e);

/*
 * comb: the equal-weight mean of ETS, Theta and damped trend forecasts.
 * Combining methods that fail differently is the most reliable accuracy
 * gain in the M competitions. Its bounds are the means of the members'
 * bounds (quantile averaging), so they stay ordered.
 */
static int
do_comb(const double *y, int n, int m, struct work *w, struct err *e)
{
    static const enum fc_method members[] = {FC_AUTO, FC_THETA, FC_DAMPED};
    static const char *const short_name[] = {NULL, "Theta", "Damped"};
    struct work sub;
    int used = 0;
    size_t len;

    snprintf(w->model, sizeof w->model, "Comb(");
    for (size_t k = 0; k < sizeof members / sizeof members[0]; k++) {
        work_init(&sub, w->h, w->nlevels, w->levels);
        if (run_method(members[k], y, n, m, &sub, NULL) == 0) {
            work_bounds(&sub);
        } else {
            work_release(&sub);
            continue;
        }
        /* a member gone wrong is left out rather than spoiling the mean */
        if (!all_finite(&sub)) {
            work_release(&sub);
            continue;
        }
        for (int i = 0; i < w->h; i++) {
            w->mean[i] += sub.mean[i];
            for (int q = 0; q < w->nlevels; q++) {
                w->lo[q][i] += sub.lo[q][i];
                w->hi[q][i] += sub.hi[q][i];
            }
        }
        w->sigma += sub.sigma;
        /* "Comb(ETS(M,Ad,M),Theta,Damped)" */
        len = strlen(w->model);
        snprintf(w->model + len, sizeof w->model - len, "%s%s", used ? "," : "",
                 short_name[k] ? short_name[k] : sub.model);
        used++;
        work_release(&sub);
    }
    if (used == 0)
        return err_set(e, "comb: none of its methods could be fitted");
    len = strlen(w->model);
    snprintf(w->model + len, sizeof w->model - len, ")");
    for (int i = 0; i < w->h; i++) {
        w->mean[i] /= used;
        for (int q = 0; q < w->nlevels; q++) {
            w->lo[q][i] /= used;
            w->hi[q][i] /= used;
        }
    }
    w->sigma /= used;
    w->have_bounds = 1;
    return 0;
}

/*
 * ensemble: the equal-weight mean of ETS, ARIMA and Theta, the default;
 * its ETS member is every ETS model fitted, mixed by Akaike weights
 * (ets_akaike_into). select: ETS, ARIMA, Theta or that mean, whichever forecast this
 * series best in a rolling-origin backtest (two origins, the horizon or a
 * quarter of the series if shorter). In select, each model's form (the
 * ETS components, the ARIMA orders) is chosen once on the whole series and
 * only re-estimated at each origin, which keeps the cost near that of the
 * three fits; the score is the mean absolute error over the origins and
 * the horizon (one scale, one series: no scaling needed); a tie goes to
 * the mean. On M3 the plain mean is the more accurate of the two
 * (bench/M3-RESULTS.md): a backtest on one series is too noisy a guide.
 */
enum { SEL_ETS, SEL_ARIMA, SEL_THETA, SEL_COMB, SEL_N };

struct sel_fits {
    int ok[SEL_COMB];
    struct fc_ets ets; /* the smallest AICc of ets_all */
    struct fc_ets ets_all[FC_ETS_NMODELS];
    int nets;
    struct fc_arima arima;
    int theta_seasons; /* see fc_theta_fit */
};

/* Point forecasts of member k re-estimated on y[0..n); 0, or -1 when it
 * cannot be fitted to so short a prefix. */
static int
sel_member_point(const struct sel_fits *f, int k, const double *y, int n, int m, int h,
                 double *mean)
{
    struct fc_ets e;
    struct fc_arima a;
    struct fc_theta th;

    switch (k) {
    case SEL_ETS:
        if (fc_ets_fit(y, n, f->ets.m, f->ets.error, f->ets.trend, f->ets.season, &e) < 0)
            return -1;
        fc_ets_point(&e, h, mean);
        return 0;
    case SEL_ARIMA:
        if (fc_arima_fit(y, n, f->arima.m, f->arima.p, f->arima.d, f->arima.q, f->arima.P,
                         f->arima.D, f->arima.Q, f->arima.constant, &a) < 0)
            return -1;
        return fc_arima_forecast(&a, y, n, h, mean, NULL);
    default:
        return fc_theta_fit(y, n, m, 0, h, &th, mean, NULL);
    }
}

/* Backtest scores (mean absolute error) of the members and their mean
 * into score[SEL_N]; HUGE_VAL for a candidate with no origin scored. */
static void
sel_backtest(const struct sel_fits *f, const double *y, int n, int m, int h, double *score)
{
    int hb = h, origins = 2, cnt[SEL_N] = {0};
    double *fc[SEL_COMB];

    /* keep at least three quarters of the series for fitting */
    if (hb > n / 4)
        hb = n / 4 > 0 ? n / 4 : 1;
    for (int k = 0; k < SEL_COMB; k++)
        fc[k] = xmalloc(hb * sizeof *fc[k]);
    for (int k = 0; k < SEL_N; k++)
        score[k] = 0;
    for (int o = 0; o < origins; o++) {
        int len = n - hb - o, got[SEL_COMB], all = 1;
        if (len < 3)
            break;
        for (int k = 0; k < SEL_COMB; k++) {
            got[k] = f->ok[k] && sel_member_point(f, k, y, len, m, hb, fc[k]) == 0;
            for (int i = 0; got[k] && i < hb; i++)
                if (!isfinite(fc[k][i]))
                    got[k] = 0;
            all &= got[k];
            if (got[k]) {
                for (int i = 0; i < hb; i++)
                    score[k] += fabs(y[len + i] - fc[k][i]);
                cnt[k]++;
            }
        }
        if (all) {
            for (int i = 0; i < hb; i++)
                score[SEL_COMB] += fabs(y[len + i] - (fc[0][i] + fc[1][i] + fc[2][i]) / 3);
            cnt[SEL_COMB]++;
        }
    }
    for (int k = 0; k < SEL_N; k++)
        score[k] = cnt[k] ? score[k] / cnt[k] : HUGE_VAL;
    for (int k = 0; k < SEL_COMB; k++)
        free(fc[k]);
}

/* The full-series forecast of member k into w. */
static int
sel_member_into(const struct sel_fits *f, int k, const double *y, int n, int m, struct work *w)
{
    switch (k) {
    case SEL_ETS:
        ets_into(&f->ets, w);
        return 0;
    case SEL_ARIMA:
        if (fc_arima_forecast(&f->arima, y, n, w->h, w->mean, w->var) < 0)
            return -1;
        w->have_var = 1;
        fc_arima_name(&f->arima, w->model, sizeof w->model);
        w->aicc = f->arima.aicc;
        w->sigma = sqrt(f->arima.sigma2);
        return 0;
    default:
        return do_theta(y, n, m, f->theta_seasons, w, NULL);
    }
}

/*
 * The ensemble's ETS member: not the one model of smallest AICc but every
 * model fitted, mixed by Akaike weights (Kolassa 2011), which on M3 is
 * more accurate than the selection (bench/M3-RESULTS.md) and costs no
 * further fit. The interval keeps the chosen model's width, moved with
 * its mean (the mixture's own quantiles would need every model's
 * simulation).
 */
static void
ets_akaike_into(const struct sel_fits *f, struct work *w)
{
    double *mix = xmalloc(w->h * sizeof *mix);

    if (fc_ets_akaike_point(f->ets_all, f->nets, w->h, mix) == 0) {
        for (int i = 0; i < w->h; i++) {
            double d = mix[i] - w->mean[i];
            w->mean[i] = mix[i];
            for (int q = 0; q < w->nlevels; q++) {
                w->lo[q][i] += d;
                w->hi[q][i] += d;
            }
        }
    }
    free(mix);
}

static int
do_select(const double *y, int n, int m, int choose, struct work *w, struct err *e)
{
    struct sel_fits f;
    double score[SEL_N];
    int best = SEL_COMB, used = 0;

    memset(&f, 0, sizeof f);
    f.theta_seasons = choose ? 0 : FC_THETA_SEASONS;
    if (n >= fc_ets_min_n(FC_TREND_N, FC_SEAS_N, 1) && m <= FC_MAXM) {
        int b;
        f.nets = fc_ets_auto_all(y, n, m, f.ets_all, &b);
        if (f.nets > 0) {
            f.ets = f.ets_all[b];
            f.ok[SEL_ETS] = 1;
        }
    }
    f.ok[SEL_ARIMA] = fc_arima_auto(y, n, m, &f.arima) == 0;
    f.ok[SEL_THETA] = 1;
    if (choose) {
        sel_backtest(&f, y, n, m, w->h, score);
        for (int k = 0; k < SEL_N; k++)
            if (score[k] < score[best])
                best = k;
    }
    if (best != SEL_COMB) {
        if (sel_member_into(&f, best, y, n, m, w) < 0)
            return err_set(e, "select: the chosen model could not forecast");
        return 0;
    }
    /* the mean of the members that fit, bounds averaged as comb does */
    for (int k = 0; k < SEL_COMB; k++) {
        struct work sub;
        if (!f.ok[k])
            continue;
        work_init(&sub, w->h, w->nlevels, w->levels);
        if (sel_member_into(&f, k, y, n, m, &sub) < 0) {
            work_release(&sub);
            continue;
        }
        work_bounds(&sub);
        if (k == SEL_ETS && !choose)
            ets_akaike_into(&f, &sub);
        if (!all_finite(&sub)) {
            work_release(&sub);
            continue;
        }
        for (int i = 0; i < w->h; i++) {
            w->mean[i] += sub.mean[i];
            for (int q = 0; q < w->nlevels; q++) {
                w->lo[q][i] += sub.lo[q][i];
                w->hi[q][i] += sub.hi[q][i];
            }
        }
        w->sigma += sub.sigma;
        used++;
        work_release(&sub);
    }
    if (used == 0)
        return do_naive(y, n, w, e);
    for (int i = 0; i < w->h; i++) {
        w->mean[i] /= used;
        for (int q = 0; q < w->nlevels; q++) {
            w->lo[q][i] /= used;
            w->hi[q][i] /= used;
        }
    }
    w->sigma /= used;
    w->have_bounds = 1;
    snprintf(w->model, sizeof w->model, "Comb(%s%s%s)", f.ok[SEL_ETS] ? "ETS," : "",
             f.ok[SEL_ARIMA] ? "ARIMA," : "", "Theta");
    return 0;
}

static int
run_method(enum fc_method method, const double *y, int n, int m, struct work *w, struct err *e)
{
    switch (method) {
    case FC_AUTO:
        return do_auto(y, n, m, w, e);
    case FC_NAIVE:
        return do_naive(y, n, w, e);
    case FC_SNAIVE:
        return do_snaive(y, n, m, w, e);
    case FC_SES:
        return do_smooth(y, n, m, FC_TREND_N, w, e);
    case FC_HOLT:
        return do_smooth(y, n, m, FC_TREND_A, w, e);
    case FC_DAMPED:
        return do_smooth(y, n, m, FC_TREND_AD, w, e);
    case FC_HW:
    case FC_HW_ADD:
    case FC_HW_MULT:
        return do_hw(y, n, m, method, w, e);
    case FC_THETA:
        return do_theta(y, n, m, 0, w, e);
    case FC_NAIVE2:
        return do_naive2(y, n, m, w, e);
    case FC_COMB:
        return do_comb(y, n, m, w, e);
    case FC_ARIMA:
        return do_arima(y, n, m, w, e);
    case FC_SELECT:
        return do_select(y, n, m, 1, w, e);
    case FC_ENSEMBLE:
        return do_select(y, n, m, 0, w, e);
    }
    return err_set(e, "unknown forecasting method");
}

/* ---- the public entry point ------------------------------------------- */

static int
check_options(const struct fc_options *o, struct err *e)
{
    if ((int)o->method < 0 || (int)o->method >= FC_NMETHODS)
        return err_set(e, "unknown forecasting method");
    if (o->horizon < 1 || o->horizon > FC_MAX_HORIZON)
        return err_set(e, "horizon must be between 1 and %d", FC_MAX_HORIZON);
    if (o->m < 1)
        return err_set(e, "seasonal period must be at least 1");
    if (o->nlevels < 0 || o->nlevels > 4)
        return err_set(e, "at most 4 prediction interval levels");
    for (int k = 0; k < o->nlevels; k++)
        if (!(o->levels[k] > 0 && o->levels[k] < 100))
            return err_set(e, "prediction interval level must be between 0 and 100 (got %g)",
                           o->levels[k]);
    return 0;
}

static double
clamp(double v)
{
    if (isnan(v))
        return 0;
    return v > DBL_MAX ? DBL_MAX : v < -DBL_MAX ? -DBL_MAX : v;
}

int
fc_forecast(const double *y, int n, const struct fc_options *o, struct fc_result *out,
            struct err *e)
{
    struct work w;
    double scale = 0, *z;
    int h, constant = 1, rc;

    memset(out, 0, sizeof *out);
    if (check_options(o, e) < 0)
        return -1;
    if (n < 2)
        return err_set(e, "need at least 2 observations to forecast (got %d)", n < 0 ? 0 : n);
    for (int t = 0; t < n; t++) {
        if (!isfinite(y[t]))
            return err_set(e, "observation %d is not a finite number", t + 1);
        if (fabs(y[t]) > scale)
            scale = fabs(y[t]);
        if (y[t] != y[0])
            constant = 0;
    }
    h = o->horizon;
    work_init(&w, h, o->nlevels, o->levels);

    if (constant) {
        /* nothing varies, so nothing to model: the value, no spread */
        for (int i = 0; i < h; i++) {
            w.mean[i] = y[0];
            for (int k = 0; k < w.nlevels; k++)
                w.lo[k][i] = w.hi[k][i] = y[0];
        }
        w.have_bounds = 1;
        snprintf(w.model, sizeof w.model, "Constant");
        scale = 1;
    } else {
        z = xmalloc(n * sizeof *z);
        for (int t = 0; t < n; t++)
            z[t] = y[t] / scale;
        rc = run_method(o->method, z, n, o->m, &w, e);
        if (rc == 0) {
            work_bounds(&w);
            if (!all_finite(&w)) {
                /* a fit gone wrong must not leak NaN into a report: the
                 * random walk is always computable */
                struct work nv;
                work_init(&nv, h, o->nlevels, o->levels);
                if (do_naive(z, n, &nv, NULL) == 0) {
                    work_bounds(&nv);
                    work_release(&w);
                    w = nv;
                } else {
                    work_release(&nv);
                }
            }
        }
        free(z);
        if (rc < 0) {
            work_release(&w);
            return -1;
        }
    }

    out->h = h;
    out->mean = w.mean;
    w.mean = NULL;
    for (int k = 0; k < w.nlevels; k++) {
        out->lo[k] = w.lo[k];
        out->hi[k] = w.hi[k];
        w.lo[k] = w.hi[k] = NULL;
    }
    for (int i = 0; i < h; i++) {
        out->mean[i] = clamp(out->mean[i] * scale);
        for (int k = 0; k < o->nlevels; k++) {
            double lo = clamp(out->lo[k][i] * scale), hi = clamp(out->hi[k][i] * scale);
            /* simulation noise must not put the mean outside its interval */
            out->lo[k][i] = lo < out->mean[i] ? lo : out->mean[i];
            out->hi[k][i] = hi > out->mean[i] ? hi : out->mean[i];
        }
    }
    snprintf(out->model, sizeof out->model, "%s", w.model);
    out->aicc = isfinite(w.aicc) ? w.aicc : 0;
    out->sigma = clamp(w.sigma * scale);
    work_release(&w);
    return 0;
}

void
fc_result_release(struct fc_result *r)
{
    if (!r)
        return;
    free(r->mean);
    for (int k = 0; k < 4; k++) {
        free(r->lo[k]);
        free(r->hi[k]);
    }
    memset(r, 0, sizeof *r);
}

/* ---- accuracy ---------------------------------------------------------- */

double
fc_smape(const double *actual, const double *fc, int h)
{
    double s = 0;

    if (h < 1)
        return NAN;
    for (int i = 0; i < h; i++) {
        double d = fabs(actual[i]) + fabs(fc[i]);
        if (d > 0)
            s += 200 * fabs(actual[i] - fc[i]) / d;
    }
    return s / h;
}

double
fc_mase(const double *train, int n, int m, const double *actual, const double *fc, int h)
{
    double scale = 0, err = 0;
    int lag = m >= 2 && n > m ? m : 1;

    if (n < 2 || h < 1)
        return NAN;
    for (int t = lag; t < n; t++)
        scale += fabs(train[t] - train[t - lag]);
    scale /= n - lag;
    if (!(scale > 0))
        return NAN;
    for (int i = 0; i < h; i++)
        err += fabs(actual[i] - fc[i]);
    return err / h / scale;
}

int
fc_backtest(const double *y, int n, int m, int h, int origins, const enum fc_method *methods,
            int nm, struct fc_backtest_row *rows, struct err *e)
{
    int first;

    if (h < 1 || h > FC_MAX_HORIZON)
        return err_set(e, "horizon must be between 1 and %d", FC_MAX_HORIZON);
    if (origins < 1)
        return err_set(e, "need at least one origin");
    if (nm < 0 || (nm > 0 && (!methods || !rows)))
        return err_set(e, "no methods to evaluate");
    first = n - h - origins + 1;
    if (first < 2)
        return err_set(e,
                       "series too short for %d origin%s at horizon %d: need at least %d "
                       "observations (have %d)",
                       origins, origins == 1 ? "" : "s", h, h + origins + 1, n);
    for (int k = 0; k < nm; k++) {
        struct fc_options o = {.method = methods[k], .horizon = h, .m = m, .nlevels = 0};
        double ssum = 0, msum = 0;
        int ns = 0, nmase = 0;

        rows[k].method = methods[k];
        for (int i = 0; i < origins; i++) {
            struct fc_result r;
            int len = first + i;
            double v;
            if (fc_forecast(y, len, &o, &r, NULL) < 0)
                continue;
            ssum += fc_smape(y + len, r.mean, h);
            ns++;
            v = fc_mase(y, len, m, y + len, r.mean, h);
            if (!isnan(v)) {
                msum += v;
                nmase++;
            }
            fc_result_release(&r);
        }
        rows[k].origins = ns;
        rows[k].smape = ns ? ssum / ns : 0;
        rows[k].mase = nmase ? msum / nmase : NAN;
    }
    return 0;
}

double
fc_normal_quantile(double p)
{
    return fc_qnorm(p);
}
