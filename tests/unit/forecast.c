/* Unit tests for forecast: recursions checked by hand, estimators, seasonal
 * recovery, Theta as SES with drift, intervals, degenerate input, metrics,
 * backtests. */
#include "tap.h"

#include <complex.h>
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "fc_int.h"
#include "forecast.h"

/* A small deterministic noise source (the tests must not depend on libc's
 * rand). Uniform in [-1, 1). */
static uint32_t noise_state = 12345;
static double
noise(void)
{
    noise_state = noise_state * 1664525u + 1013904223u;
    return (noise_state >> 8) / 8388608.0 - 1;
}

static int
run(const double *y, int n, enum fc_method method, int h, int m, int nlevels, struct fc_result *r,
    struct err *e)
{
    struct fc_options o = {.method = method, .horizon = h, .m = m, .nlevels = nlevels};
    o.levels[0] = 80;
    o.levels[1] = 95;
    return fc_forecast(y, n, &o, r, e);
}

/* every value finite and lo95 <= lo80 <= mean <= hi80 <= hi95 */
static int
well_formed(const struct fc_result *r, int nlevels)
{
    for (int i = 0; i < r->h; i++) {
        if (!isfinite(r->mean[i]))
            return 0;
        for (int k = 0; k < nlevels; k++)
            if (!isfinite(r->lo[k][i]) || !isfinite(r->hi[k][i]) || r->lo[k][i] > r->mean[i] ||
                r->hi[k][i] < r->mean[i])
                return 0;
        if (nlevels == 2 && (r->lo[1][i] > r->lo[0][i] || r->hi[1][i] < r->hi[0][i]))
            return 0;
    }
    return isfinite(r->aicc) && isfinite(r->sigma) && r->model[0];
}

static void
test_names(void)
{
    enum fc_method m;
    int all = 1;

    for (int i = 0; i < FC_NMETHODS; i++)
        if (fc_method_parse(fc_method_name((enum fc_method)i), &m) < 0 || (int)m != i)
            all = 0;
    ok(all, "every method name parses back to itself");
    ok(fc_method_parse("HW", &m) == 0 && m == FC_HW, "names are case-insensitive");
    ok(fc_method_parse("bogus", &m) < 0, "unknown method refused");
    is_str(fc_method_name(FC_AUTO), "auto", "auto is named auto");
    is_str(fc_method_name((enum fc_method)99), "?", "out-of-range method named ?");
}

/* The recursions against values worked out on paper. */
static void
test_recursions(void)
{
    struct fc_ets f = {0};
    double mean[3], var[3], lik;

    /* SES, alpha 0.5, l0 10, y 12 11 13: errors 2 0 2, levels 11 11 12 */
    f.error = FC_ERR_A;
    f.trend = FC_TREND_N;
    f.season = FC_SEAS_N;
    f.m = 1;
    f.alpha = 0.5;
    lik = fc_ets_filter(&f, (double[]){12, 11, 13}, 3, 10, 0, NULL);
    is_num(f.l, 12, 1e-12, "SES by hand: final level 12");
    is_num(lik, 3 * log(8.0), 1e-12, "SES by hand: -2 log L = n log SSE = 3 log 8");
    fc_ets_point(&f, 3, mean);
    ok(mean[0] == 12 && mean[2] == 12, "SES forecasts are flat at the level");
    f.sigma2 = 4;
    fc_ets_variance(&f, 3, mean, var);
    ok(var[0] == 4 && var[2] == 6, "SES variance sigma^2 (1 + (h-1) alpha^2): 4, 5, 6");

    /* Holt, alpha 0.5, beta 0.2, l0 10, b0 1, y 12 13 15:
     * fc 11 -> e 1, l 11.5, b 1.2; fc 12.7 -> e .3, l 12.85, b 1.26;
     * fc 14.11 -> e .89, l 14.555, b 1.438 */
    f.trend = FC_TREND_A;
    f.beta = 0.2;
    f.phi = 1;
    lik = fc_ets_filter(&f, (double[]){12, 13, 15}, 3, 10, 1, NULL);
    is_num(f.l, 14.555, 1e-12, "Holt by hand: final level 14.555");
    is_num(f.b, 1.438, 1e-12, "Holt by hand: final slope 1.438");
    is_num(lik, 3 * log(1 + 0.09 + 0.7921), 1e-12, "Holt by hand: SSE 1.8821");
    fc_ets_point(&f, 3, mean);
    is_num(mean[0], 15.993, 1e-12, "Holt by hand: h=1 15.993");
    is_num(mean[2], 18.869, 1e-12, "Holt by hand: h=3 18.869");
    f.sigma2 = 1;
    fc_ets_variance(&f, 3, mean, var);
    is_num(var[2], 1 + 0.49 + 0.81, 1e-12, "Holt variance: c_j = alpha + beta j, v_3 = 2.3");

    /* damped, alpha .5 beta .1 phi .9, l0 10 b0 1, y 12:
     * fc 10.9 -> e 1.1, l 11.45, b 1.01 */
    f.trend = FC_TREND_AD;
    f.beta = 0.1;
    f.phi = 0.9;
    fc_ets_filter(&f, (double[]){12}, 1, 10, 1, NULL);
    fc_ets_point(&f, 2, mean);
    is_num(mean[0], 11.45 + 0.9 * 1.01, 1e-12, "damped by hand: h=1 12.359");
    is_num(mean[1], 11.45 + 1.71 * 1.01, 1e-12, "damped by hand: h=2 13.1771");

    /* additive season m=2, alpha .5 gamma .25, l0 10, s 1 -1, y 12 9:
     * mu 11 e 1 -> l 10.5, s0 1.25; mu 9.5 e -.5 -> l 10.25, s1 -1.125 */
    f.trend = FC_TREND_N;
    f.season = FC_SEAS_A;
    f.m = 2;
    f.gamma = 0.25;
    fc_ets_filter(&f, (double[]){12, 9}, 2, 10, 0, (double[]){1, -1});
    fc_ets_point(&f, 3, mean);
    is_num(mean[0], 11.5, 1e-12, "additive seasonal by hand: h=1 11.5");
    is_num(mean[1], 9.125, 1e-12, "additive seasonal by hand: h=2 9.125");
    is_num(mean[2], 11.5, 1e-12, "additive seasonal by hand: h=3 repeats the season");

    /* multiplicative error and season m=2, alpha .5 gamma .2, l0 10,
     * s 1.2 .8, y 13 8: mu 12, e 1 -> l 10 + .5/1.2, s0 1.2 + .2/10 */
    f.error = FC_ERR_M;
    f.season = FC_SEAS_M;
    f.gamma = 0.2;
    lik = fc_ets_filter(&f, (double[]){13, 8}, 2, 10, 0, (double[]){1.2, 0.8});
    {
        double l1 = 10 + 0.5 / 1.2, mu2 = l1 * 0.8, e2 = 8 - mu2, l2 = l1 + 0.5 * e2 / 0.8;
        double s1 = 0.8 + 0.2 * e2 / l1, r1 = 1.0 / 12, r2 = e2 / mu2;
        fc_ets_point(&f, 2, mean);
        is_num(mean[0], l2 * 1.22, 1e-12, "multiplicative seasonal by hand: h=1");
        is_num(mean[1], l2 * s1, 1e-12, "multiplicative seasonal by hand: h=2");
        is_num(lik, 2 * log(r1 * r1 + r2 * r2) + 2 * (log(12) + log(mu2)), 1e-10,
               "multiplicative errors: n log sum(e/mu)^2 + 2 sum log mu");
    }
}

/* SES by least squares: no nearby (alpha, l0) does better. */
static void
test_ses_estimate(void)
{
    double y[30], best, l0;
    struct fc_ets f, g;
    int better = 0;

    for (int t = 0; t < 30; t++)
        y[t] = 50 + 5 * noise() + (t > 15 ? 8 : 0);
    ok(fc_ses_fit(y, 30, &f) == 0, "SES fits");
    /* recover the initial level: run back from alpha's recursion is not
     * possible, so search it with the filter */
    g = f;
    best = HUGE_VAL;
    l0 = 0;
    for (double v = 40; v <= 60; v += 0.001) {
        double lik = fc_ets_filter(&g, y, 30, v, 0, NULL);
        if (lik < best) {
            best = lik;
            l0 = v;
        }
    }
    for (int da = -1; da <= 1; da++) {
        for (int dl = -1; dl <= 1; dl++) {
            g = f;
            g.alpha = f.alpha + 0.01 * da;
            if (g.alpha <= 0 || g.alpha >= 1 || (!da && !dl))
                continue;
            if (fc_ets_filter(&g, y, 30, l0 + 0.05 * dl, 0, NULL) < best - 1e-9)
                better++;
        }
    }
    ok(better == 0, "SES estimate is a least-squares minimum (alpha %.4f)", f.alpha);
    is_num(f.lik, best, 1e-6, "SES likelihood agrees with the filter at its optimum");
    g = f;
    fc_ets_filter(&g, y, 30, l0, 0, NULL);
    is_num(f.l, g.l, 1e-3, "SES final level agrees with the filter");

    for (int t = 0; t < 30; t++)
        y[t] = 3 + 2 * t;
    fc_ses_fit(y, 30, &f);
    ok(f.alpha > 0.99, "SES on a straight line tracks it (alpha %.4f)", f.alpha);
}

static void
test_trend_recovery(void)
{
    double y[20];
    struct fc_result r;
    struct err e;
    int good;

    for (int t = 0; t < 20; t++)
        y[t] = 10 + 2 * (t + 1);
    ok(run(y, 20, FC_HOLT, 5, 1, 2, &r, &e) == 0, "holt on a straight line");
    good = 1;
    for (int i = 0; i < 5; i++)
        if (fabs(r.mean[i] - (10 + 2 * (21 + i))) > 1e-6)
            good = 0;
    ok(good, "holt continues a straight line exactly");
    ok(r.hi[1][4] - r.lo[1][4] < 1e-3, "a perfect fit has (almost) no spread");
    is_str(r.model, "Holt", "holt names itself");
    fc_result_release(&r);

    ok(run(y, 20, FC_AUTO, 5, 1, 2, &r, &e) == 0, "auto on a straight line");
    good = 1;
    for (int i = 0; i < 5; i++)
        if (fabs(r.mean[i] - (10 + 2 * (21 + i))) > 1e-3)
            good = 0;
    ok(good, "auto continues a straight line (%s)", r.model);
    fc_result_release(&r);
}

static void
test_seasonal_recovery(void)
{
    static const double sa[4] = {10, -5, 0, -5}, sm[4] = {1.2, 0.8, 1.1, 0.9};
    double y[48], worst;
    struct fc_result r;
    struct err e;

    for (int t = 0; t < 24; t++)
        y[t] = 100 + 2 * t + sa[t % 4];
    ok(run(y, 24, FC_HW_ADD, 8, 4, 2, &r, &e) == 0, "hw-add on an exact additive pattern");
    worst = 0;
    for (int i = 0; i < 8; i++)
        worst = fmax(worst, fabs(r.mean[i] - (100 + 2 * (24 + i) + sa[(24 + i) % 4])));
    ok(worst < 1e-3, "hw-add recovers trend and season (worst error %g)", worst);
    is_str(r.model, "ETS(A,A,A)", "hw-add is ETS(A,A,A)");
    fc_result_release(&r);

    for (int t = 0; t < 48; t++)
        y[t] = (100 + 2 * t) * sm[t % 4] * (1 + 0.01 * noise());
    ok(run(y, 48, FC_HW_MULT, 8, 4, 2, &r, &e) == 0, "hw-mult on a multiplicative pattern");
    worst = 0;
    for (int i = 0; i < 8; i++) {
        double want = (100 + 2 * (48 + i)) * sm[(48 + i) % 4];
        worst = fmax(worst, fabs(r.mean[i] / want - 1));
    }
    ok(worst < 0.03, "hw-mult recovers the pattern within 3%% (worst %.4f)", worst);
    is_str(r.model, "ETS(M,A,M)", "hw-mult is ETS(M,A,M)");
    ok(well_formed(&r, 2), "simulated intervals are ordered and finite");
    fc_result_release(&r);

    ok(run(y, 48, FC_AUTO, 8, 4, 0, &r, &e) == 0, "auto on the multiplicative pattern");
    ok(r.model[7] != 'N' || r.model[8] != ')', "auto picks a seasonal model (%s)", r.model);
    worst = 0;
    for (int i = 0; i < 8; i++) {
        double want = (100 + 2 * (48 + i)) * sm[(48 + i) % 4];
        worst = fmax(worst, fabs(r.mean[i] / want - 1));
    }
    ok(worst < 0.03, "auto forecasts the pattern within 3%% (worst %.4f)", worst);
    ok(r.aicc != 0, "auto reports its AICc");
    fc_result_release(&r);

    ok(run(y, 48, FC_SNAIVE, 5, 4, 0, &r, &e) == 0 && r.mean[0] == y[44] && r.mean[4] == y[44],
       "snaive repeats the last season");
    fc_result_release(&r);
}

/* Theta = SES with drift of half the regression slope (Hyndman & Billah). */
static void
test_theta(void)
{
    double y[] = {10, 12, 11, 14, 13, 15, 17, 16, 18, 20, 19, 22};
    int n = sizeof y / sizeof y[0], good = 1;
    double xm = (n - 1) / 2.0, ym = 0, sxy = 0, sxx = 0, b, w;
    struct fc_result r;
    struct fc_ets ses;
    struct err e;

    for (int t = 0; t < n; t++)
        ym += y[t] / n;
    for (int t = 0; t < n; t++) {
        sxy += (t - xm) * (y[t] - ym);
        sxx += (t - xm) * (t - xm);
    }
    b = sxy / sxx;
    ok(run(y, n, FC_THETA, 6, 1, 2, &r, &e) == 0, "theta fits");
    is_str(r.model, "Theta", "theta names itself");
    for (int i = 1; i < 6; i++)
        if (fabs(r.mean[i] - r.mean[i - 1] - b / 2) > 1e-9)
            good = 0;
    ok(good, "theta forecasts rise by half the OLS slope per period (%.4f)", b / 2);
    fc_ses_fit(y, n, &ses);
    w = (1 - pow(1 - ses.alpha, n)) / ses.alpha;
    is_num(r.mean[0], ses.l + b / 2 * w, 1e-9, "theta h=1 is the SES level plus phased-in drift");
    ok(r.hi[0][5] - r.lo[0][5] > r.hi[0][0] - r.lo[0][0], "theta intervals widen");
    fc_result_release(&r);
}

static void
test_intervals(void)
{
    static const enum fc_method ms[] = {FC_NAIVE,  FC_SNAIVE,  FC_SES,   FC_HOLT,
                                        FC_DAMPED, FC_HW,      FC_THETA, FC_NAIVE2,
                                        FC_HW_ADD, FC_HW_MULT, FC_COMB,  FC_AUTO};
    double y[60];
    int widen_all = 1, formed_all = 1, same = 1;
    struct fc_result r, r2;
    struct err e;

    for (int t = 0; t < 60; t++)
        y[t] = (200 + t) * (1 + 0.3 * sin(2 * M_PI * t / 12)) + 15 * noise();
    for (size_t k = 0; k < sizeof ms / sizeof ms[0]; k++) {
        if (run(y, 60, ms[k], 18, 12, 2, &r, &e) < 0) {
            ok(0, "%s fails: %s", fc_method_name(ms[k]), e.msg);
            continue;
        }
        if (!well_formed(&r, 2)) {
            formed_all = 0;
            printf("# %s (%s) malformed\n", fc_method_name(ms[k]), r.model);
        }
        /* a season later the same month's interval is wider: this holds
         * for additive and multiplicative seasonality alike */
        for (int i = 0; i + 12 < 18; i++) {
            if (r.hi[1][i + 12] - r.lo[1][i + 12] < r.hi[1][i] - r.lo[1][i] ||
                r.hi[0][i + 12] - r.lo[0][i + 12] < r.hi[0][i] - r.lo[0][i]) {
                widen_all = 0;
                printf("# %s (%s) narrows from h=%d to h=%d\n", fc_method_name(ms[k]), r.model,
                       i + 1, i + 13);
                break;
            }
        }
        if (!(r.hi[1][17] - r.lo[1][17] > r.hi[1][0] - r.lo[1][0])) {
            widen_all = 0;
            printf("# %s (%s): h=18 not wider than h=1\n", fc_method_name(ms[k]), r.model);
        }
        fc_result_release(&r);
    }
    ok(formed_all, "every method: finite, 95%% contains 80%% contains the mean");
    ok(widen_all, "every method: intervals widen with the horizon");

    run(y, 60, FC_HW_MULT, 18, 12, 2, &r, &e);
    run(y, 60, FC_HW_MULT, 18, 12, 2, &r2, &e);
    for (int i = 0; i < 18; i++)
        if (r.lo[0][i] != r2.lo[0][i] || r.hi[1][i] != r2.hi[1][i])
            same = 0;
    ok(same, "simulated intervals are reproducible");
    fc_result_release(&r);
    fc_result_release(&r2);
}

/* Simulated and analytic variance agree for a class 2 model. */
static void
test_class2(void)
{
    struct fc_ets f = {0};
    double mean[12], var[12], lo[12], hi[12], *plo[1] = {lo}, *phi[1] = {hi}, lev = 95, worst = 0;

    f.error = FC_ERR_M;
    f.trend = FC_TREND_A;
    f.season = FC_SEAS_N;
    f.m = 1;
    f.alpha = 0.3;
    f.beta = 0.05;
    f.phi = 1;
    f.l = 100;
    f.b = 2;
    f.sigma2 = 0.02 * 0.02;
    fc_ets_point(&f, 12, mean);
    ok(fc_ets_variance(&f, 12, mean, var) == 0, "class 2 has an analytic variance");
    fc_ets_simulate(&f, 12, 20000, 1, &lev, plo, phi);
    for (int i = 0; i < 12; i++) {
        double sd = (hi[i] - lo[i]) / (2 * 1.959964);
        worst = fmax(worst, fabs(sd / sqrt(var[i]) - 1));
    }
    ok(worst < 0.05, "simulated spread matches the class 2 formula (worst %.3f)", worst);
    f.season = FC_SEAS_M;
    f.m = 2;
    f.s[0] = f.s[1] = 1;
    ok(fc_ets_variance(&f, 12, mean, var) < 0, "class 3 asks for simulation");
}

/* Durand-Kerner roots of a[0] z^d + ... + a[d] */
static double
max_root(const double *a, int d)
{
    double complex z[32], w = 0.4 + 0.9 * I;
    double mx = 0;

    for (int i = 0; i < d; i++)
        z[i] = cpow(w, i);
    for (int it = 0; it < 2000; it++) {
        for (int i = 0; i < d; i++) {
            double complex p = a[0], q = 1;
            for (int k = 1; k <= d; k++)
                p = p * z[i] + a[k];
            for (int j = 0; j < d; j++)
                if (j != i)
                    q *= z[i] - z[j];
            z[i] -= p / a[0] / q;
        }
    }
    for (int i = 0; i < d; i++)
        mx = fmax(mx, cabs(z[i]));
    return mx;
}

static void
test_admissible(void)
{
    int agree = 0, tried = 0, inside = 0;

    ok(fc_ets_admissible(FC_TREND_N, FC_SEAS_N, 1, 1.5, 0, 0, 1), "SES alpha 1.5 is admissible");
    ok(!fc_ets_admissible(FC_TREND_N, FC_SEAS_N, 1, 2.5, 0, 0, 1), "SES alpha 2.5 is not");
    for (int k = 0; k < 400; k++) {
        int m = 2 + k % 11, trend = k % 3;
        double a = 0.5 + 0.5 * noise(), b = trend ? a * (0.5 + 0.5 * noise()) : 0;
        double g = (1 - a) * (0.5 + 0.5 * noise()) * 1.6, phi = trend == 2 ? 0.9 : 1;
        double c[32];
        int d = 0, adm = fc_ets_admissible(trend, FC_SEAS_A, m, a, b, g, phi);
        /* the MA polynomial of the ARIMA form, expanded independently */
        double p1 = trend ? phi : 0, pb = trend ? phi * b : 0;
        for (int i = 0; i < 32; i++)
            c[i] = 0;
        /* (1 - p1 B)(1 - B^m) */
        c[0] += 1;
        c[1] -= p1;
        c[m] -= 1;
        c[m + 1] += p1;
        /* a B S(B) (1 - p1 B) */
        for (int i = 1; i <= m; i++) {
            c[i] += a;
            c[i + 1] -= a * p1;
        }
        /* pb B^2 S(B) + pb B (1 - B^m) */
        for (int i = 2; i <= m + 1; i++)
            c[i] += pb;
        c[1] += pb;
        c[m + 1] -= pb;
        /* g B^m (1 - p1 B) */
        c[m] += g;
        c[m + 1] -= g * p1;
        d = m + 1;
        while (d > 0 && c[d] == 0)
            d--;
        tried++;
        {
            double mr = max_root(c, d);
            if (fabs(mr - 1) < 1e-6)
                continue; /* too close to call numerically */
            if ((mr < 1) == adm)
                agree++;
            inside += mr < 1;
        }
    }
    ok(agree >= tried - 5 && inside > 20 && inside < tried - 20,
       "Schur-Cohn test agrees with polynomial roots (%d of %d, %d admissible)", agree, tried,
       inside);
}

static int
cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

static void
test_stat(void)
{
    double y[48], idx[12], v[101], sorted[101];
    int good = 1;

    /* type 8 quantile by selection against the textbook formula on a sort:
     * h = (n + 1/3) p + 1/3, interpolating between order statistics */
    for (int n = 1; n <= 101; n += 20) {
        for (int i = 0; i < n; i++)
            sorted[i] = floor(10 * noise());
        qsort(sorted, n, sizeof *sorted, cmp_double);
        for (double p = 0; p <= 1; p += 0.025) {
            double h = (n + 1.0 / 3) * p + 1.0 / 3, want;
            int j = (int)floor(h);
            for (int i = 0; i < n; i++)
                v[i] = sorted[i];
            for (int i = n - 1; i > 0; i--) { /* shuffle */
                int k = (int)((noise() + 1) / 2 * (i + 1)) % (i + 1);
                double t = v[i];
                v[i] = v[k];
                v[k] = t;
            }
            want = h <= 1   ? sorted[0]
                   : h >= n ? sorted[n - 1]
                            : sorted[j - 1] + (h - j) * (sorted[j] - sorted[j - 1]);
            if (fabs(fc_quantile(v, n, p) - want) > 1e-12)
                good = 0;
        }
    }
    ok(good, "type 8 quantiles by selection match the sorted definition");
    good = 1;

    is_num(fc_qnorm(0.975), 1.959963984540054, 1e-12, "qnorm(0.975)");
    is_num(fc_qnorm(0.9), 1.2815515655446004, 1e-12, "qnorm(0.9)");
    is_num(fc_qnorm(0.5), 0, 1e-14, "qnorm(0.5)");
    is_num(fc_qnorm(1e-10), -6.361340902404056, 1e-9, "qnorm far tail");

    for (int t = 0; t < 48; t++)
        y[t] = 100 * (1 + 0.2 * ((t % 12) - 5.5) / 5.5);
    ok(fc_seasonal_test(y, 48, 12), "a clear yearly pattern is seasonal");
    ok(fc_decompose(y, 48, 12, 1, idx) == 0, "decomposition of a pure pattern");
    for (int j = 0; j < 12; j++)
        if (fabs(idx[j] - (1 + 0.2 * (j - 5.5) / 5.5)) > 1e-12)
            good = 0;
    ok(good, "multiplicative indices recovered exactly");
    ok(!fc_seasonal_test(y, 30, 12), "fewer than three seasons: not tested, not seasonal");
    for (int t = 0; t < 48; t++)
        y[t] = 100 + 10 * noise();
    ok(!fc_seasonal_test(y, 48, 12), "noise is not seasonal");
    for (int t = 0; t < 48; t++)
        y[t] = 7;
    ok(!fc_seasonal_test(y, 48, 12), "a constant is not seasonal");
}

static void
test_degenerate(void)
{
    static const enum fc_method all[] = {FC_AUTO,   FC_NAIVE,  FC_SNAIVE,  FC_SES,
                                         FC_HOLT,   FC_DAMPED, FC_HW,      FC_THETA,
                                         FC_NAIVE2, FC_HW_ADD, FC_HW_MULT, FC_COMB};
    struct {
        const char *what;
        int n;
        double y[40];
    } cases[] = {
        {"constant", 10, {5, 5, 5, 5, 5, 5, 5, 5, 5, 5}},
        {"all zeros", 12, {0}},
        {"two points", 2, {3, 4}},
        {"three points", 3, {3, 4, 6}},
        {"four points", 4, {3, 4, 6, 5}},
        {"negative values", 14, {-5, -7, -6, -9, -8, -10, -12, -11, -13, -15, -14, -16, -18, -17}},
        {"mixed signs", 12, {3, -2, 4, -1, 0, 2, -3, 5, 1, -2, 3, 0}},
        {"zeros inside", 14, {0, 5, 0, 0, 7, 0, 3, 0, 0, 8, 0, 2, 0, 4}},
        {"huge values",
         13,
         {1e300, 1.2e300, 0.9e300, 1.5e300, 1.1e300, 1.6e300, 1.3e300, 1.7e300, 1.2e300, 1.8e300,
          1.4e300, 1.9e300, 1.5e300}},
        {"tiny values",
         12,
         {1e-300, 2e-300, 1.5e-300, 3e-300, 2e-300, 4e-300, 3e-300, 5e-300, 4e-300, 6e-300, 5e-300,
          7e-300}},
        {"shorter than a season", 8, {10, 12, 9, 14, 11, 13, 10, 15}},
        {"one spike", 20, {0, 0, 0, 0, 0, 0, 0, 0, 0, 1000, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0}},
        {"explosive", 30, {1,     2,     4,     8,     16,    32,    64,    128,   256,   512,
                           1024,  2048,  4096,  8192,  16384, 32768, 65536, 1.3e5, 2.6e5, 5.2e5,
                           1.0e6, 2.1e6, 4.2e6, 8.4e6, 1.7e7, 3.4e7, 6.7e7, 1.3e8, 2.7e8, 5.4e8}},
    };
    int bad = 0, errors = 0;
    struct fc_result r;
    struct err e;

    for (int mi = 0; mi < 3; mi++)
        for (size_t c = 0; c < sizeof cases / sizeof cases[0]; c++) {
            for (size_t k = 0; k < sizeof all / sizeof all[0]; k++) {
                int m = mi == 0 ? 12 : mi == 1 ? 4 : 1;
                e.msg[0] = 0;
                if (run(cases[c].y, cases[c].n, all[k], 24, m, 2, &r, &e) < 0) {
                    errors++;
                    if (!e.msg[0]) {
                        bad++;
                        printf("# %s / %s: error without a message\n", cases[c].what,
                               fc_method_name(all[k]));
                    }
                    continue;
                }
                if (!well_formed(&r, 2)) {
                    bad++;
                    printf("# %s / %s m=%d (%s): not well formed\n", cases[c].what,
                           fc_method_name(all[k]), m, r.model);
                }
                fc_result_release(&r);
            }
        }
    ok(bad == 0,
       "degenerate inputs: every method gives finite ordered output or an error (%d "
       "clear errors)",
       errors);

    ok(run(cases[0].y, 10, FC_AUTO, 3, 1, 2, &r, &e) == 0 && r.mean[2] == 5 && r.lo[1][2] == 5 &&
           r.hi[1][2] == 5,
       "constant series: the constant, no spread");
    is_str(r.model, "Constant", "constant series says so");
    fc_result_release(&r);

    ok(run((double[]){42}, 1, FC_AUTO, 3, 1, 2, &r, &e) < 0, "a single point is an error");
    is_str(e.msg, "need at least 2 observations to forecast (got 1)", "and says why");
    ok(run((double[]){1, NAN, 3}, 3, FC_AUTO, 3, 1, 2, &r, &e) < 0, "NaN input refused");
    is_str(e.msg, "observation 2 is not a finite number", "naming the observation");
    ok(run(cases[2].y, 2, FC_AUTO, 3, 1, 2, &r, &e) == 0 && well_formed(&r, 2),
       "auto forecasts two points (%s)", r.model);
    fc_result_release(&r);
    ok(run(cases[10].y, 8, FC_HW, 3, 12, 2, &r, &e) < 0, "hw on less than two seasons refused");
    is_str(e.msg, "Holt-Winters needs at least 24 observations (two full seasons)",
           "with the number needed");
    ok(run(cases[10].y, 8, FC_SNAIVE, 3, 12, 2, &r, &e) < 0, "snaive on less than a season");
    is_str(e.msg, "snaive needs more than one season (at least 13 observations)", "says so");
    ok(run(cases[10].y, 8, FC_AUTO, 3, 12, 2, &r, &e) == 0 && well_formed(&r, 2),
       "auto on a series shorter than its season (%s)", r.model);
    fc_result_release(&r);
    ok(run(cases[5].y, 14, FC_AUTO, 3, 1, 0, &r, &e) == 0 && r.model[4] == 'A',
       "negative data: additive errors only (%s)", r.model);
    fc_result_release(&r);
    ok(run(cases[8].y, 13, FC_AUTO, 6, 1, 2, &r, &e) == 0 && r.mean[0] > 1e299,
       "huge values keep their scale");
    fc_result_release(&r);

    {
        struct fc_options o = {.method = FC_AUTO, .horizon = 0, .m = 1};
        ok(fc_forecast(cases[3].y, 3, &o, &r, &e) < 0, "horizon 0 refused");
        o.horizon = 3;
        o.nlevels = 1;
        o.levels[0] = 100;
        ok(fc_forecast(cases[3].y, 3, &o, &r, &e) < 0, "level 100 refused");
        is_str(e.msg, "prediction interval level must be between 0 and 100 (got 100)",
               "with the value");
        o.nlevels = 5;
        ok(fc_forecast(cases[3].y, 3, &o, &r, &e) < 0, "five levels refused");
        o.nlevels = 0;
        o.m = 0;
        ok(fc_forecast(cases[3].y, 3, &o, &r, &e) < 0, "period 0 refused");
    }
    fc_result_release(&r);
    fc_result_release(&r);
}

static void
test_metrics(void)
{
    double a[] = {100, 200}, f[] = {110, 180};
    double tr[] = {1, 3, 2, 4}, tr2[] = {1, 2, 3, 5, 4, 6};

    is_num(fc_smape(a, f, 2), (2000.0 / 210 + 4000.0 / 380) / 2, 1e-12, "sMAPE by hand");
    is_num(fc_smape((double[]){0, 5}, (double[]){0, 5}, 2), 0, 0, "sMAPE 0/0 counts as 0");
    is_num(fc_mase(tr, 4, 1, (double[]){5}, (double[]){4}, 1), 0.6, 1e-12,
           "MASE by hand: |5-4| / mean(2,1,2)");
    is_num(fc_mase(tr2, 6, 2, (double[]){7, 8}, (double[]){6, 6}, 2), 1.5 / 1.75, 1e-12,
           "MASE with lag-2 scale 1.75");
    ok(isnan(fc_mase((double[]){3, 3, 3}, 3, 1, (double[]){4}, (double[]){3}, 1)),
       "MASE undefined on a constant training set");
    is_num(fc_mase(tr, 4, 12, (double[]){5}, (double[]){4}, 1), 0.6, 1e-12,
           "MASE falls back to lag 1 when the training set is shorter than m");
}

static void
test_backtest(void)
{
    enum fc_method ms[] = {FC_NAIVE, FC_HOLT, FC_AUTO, FC_HW};
    struct fc_backtest_row rows[4];
    double y[30], want = 0;
    struct err e;

    for (int t = 0; t < 30; t++)
        y[t] = 100 + 3 * t;
    /* origins: training lengths 22..26, each followed by 4 known values */
    for (int i = 0; i < 5; i++) {
        int len = 22 + i;
        double fc[4];
        for (int j = 0; j < 4; j++)
            fc[j] = y[len - 1];
        want += fc_smape(y + len, fc, 4) / 5;
    }
    ok(fc_backtest(y, 30, 1, 4, 5, ms, 4, rows, &e) == 0, "backtest runs");
    ok(rows[0].method == FC_NAIVE && rows[0].origins == 5, "naive at 5 origins");
    is_num(rows[0].smape, want, 1e-9, "naive backtest sMAPE is the mean over origins");
    ok(rows[1].smape < 1e-4 && rows[1].mase < 1e-4, "holt is exact on a line");
    ok(rows[2].smape < 0.05, "auto is nearly exact on a line (%.4f)", rows[2].smape);
    ok(rows[3].origins == 0 && rows[3].smape == 0, "hw without a season: no origin counted");
    ok(fc_backtest(y, 5, 1, 4, 5, ms, 4, rows, &e) < 0, "too short for the origins");
    is_str(e.msg,
           "series too short for 5 origins at horizon 4: need at least 10 observations "
           "(have 5)",
           "says how many are needed");
}

/* The ensemble's ETS member mixes every fitted model by Akaike weights:
 * checked by hand on two fits, then the ensemble's mean against its three
 * members computed here. */
static void
test_akaike(void)
{
    double y[40], mix[6], p0[6], p1[6], a[6], th[6], want;
    struct fc_ets f[2], all[FC_ETS_NMODELS];
    struct fc_arima ar;
    struct fc_theta tf;
    struct fc_result r;
    struct err e;
    int n = 40, best, nf, good = 1;

    for (int t = 0; t < n; t++)
        y[t] = 100 + 2 * t + 5 * noise();
    ok(fc_ets_fit(y, n, 1, FC_ERR_A, FC_TREND_N, FC_SEAS_N, &f[0]) == 0 &&
           fc_ets_fit(y, n, 1, FC_ERR_A, FC_TREND_A, FC_SEAS_N, &f[1]) == 0,
       "two models fit");
    /* weights 3:1 when the AICc differ by 2 ln 3 */
    f[0].aicc = 10;
    f[1].aicc = 10 + 2 * log(3);
    fc_ets_point(&f[0], 6, p0);
    fc_ets_point(&f[1], 6, p1);
    ok(fc_ets_akaike_point(f, 2, 6, mix) == 0, "the Akaike mixture is computed");
    for (int i = 0; i < 6; i++)
        if (fabs(mix[i] - (0.75 * p0[i] + 0.25 * p1[i])) > 1e-9)
            good = 0;
    ok(good, "weights exp(-dAICc/2): 3 to 1 for a difference of 2 ln 3");
    f[1].aicc = NAN;
    fc_ets_akaike_point(f, 2, 6, mix);
    is_num(mix[5], p0[5], 1e-12, "a fit with no finite AICc is left out");
    f[0].aicc = HUGE_VAL;
    ok(fc_ets_akaike_point(f, 2, 6, mix) < 0, "none left: an error");

    /* the ensemble: (Akaike ETS + ARIMA + Theta) / 3 on the unit scale */
    for (int t = 0; t < n; t++)
        y[t] /= 100 + 2 * (n - 1) + 5; /* any scale: fc_forecast rescales */
    nf = fc_ets_auto_all(y, n, 1, all, &best);
    ok(nf > 1 && best >= 0, "several ETS models fit (%d)", nf);
    fc_ets_akaike_point(all, nf, 6, mix);
    fc_ets_point(&all[best], 6, p0);
    ok(fabs(mix[5] - p0[5]) > 1e-6, "the mixture is not the chosen model here (%g, %g)", mix[5],
       p0[5]);
    ok(fc_arima_auto(y, n, 1, &ar) == 0, "arima fits");
    fc_arima_forecast(&ar, y, n, 6, a, NULL);
    fc_theta_fit(y, n, 1, 0, 6, &tf, th, NULL);
    ok(run(y, n, FC_ENSEMBLE, 6, 1, 2, &r, &e) == 0 && well_formed(&r, 2), "ensemble fits");
    good = 1;
    for (int i = 0; i < 6; i++) {
        want = (mix[i] + a[i] + th[i]) / 3;
        if (fabs(r.mean[i] - want) > 1e-9 * fabs(want))
            good = 0;
    }
    ok(good, "ensemble = mean of the Akaike-weighted ETS, ARIMA and Theta");
    fc_result_release(&r);
}

/* Seasonal indices from the last seasons only: a pattern that changed is
 * followed (positions kept when the window starts mid-season). */
static void
test_recent_seasons(void)
{
    static const double A[4] = {1.2, 0.8, 1.1, 0.9}, B[4] = {0.8, 1.2, 0.9, 1.1};
    double y[57], idx[4], whole[4];
    int n = 57, len = FC_THETA_SEASONS * 4, good = 1;

    for (int t = 0; t < n; t++)
        y[t] = 100 * (t < n - len ? A[t % 4] : B[t % 4]);
    ok(fc_seasonal_adjust_recent(y, n, 4, FC_THETA_SEASONS, idx) == 1, "seasonal");
    for (int j = 0; j < 4; j++)
        if (fabs(idx[j] - B[j]) > 1e-9)
            good = 0;
    ok(good, "the last %d seasons' indices: %.3f %.3f %.3f %.3f", FC_THETA_SEASONS, idx[0], idx[1],
       idx[2], idx[3]);
    fc_seasonal_adjust(y, n, 4, whole);
    ok(fabs(whole[0] - B[0]) > 0.05, "the whole series' are another (%.3f)", whole[0]);
    ok(fc_seasonal_adjust_recent(y, n, 4, 0, idx) == 1 && idx[0] == whole[0],
       "seasons 0: the whole series");
    fc_seasonal_adjust(y, len + 2, 4, whole);
    ok(fc_seasonal_adjust_recent(y, len + 2, 4, FC_THETA_SEASONS + 1, idx) == 1 &&
           memcmp(idx, whole, sizeof idx) == 0,
       "a series no longer than the seasons: its whole");
}

int
main(void)
{
    test_names();
    test_recursions();
    test_ses_estimate();
    test_trend_recovery();
    test_seasonal_recovery();
    test_theta();
    test_intervals();
    test_class2();
    test_admissible();
    test_stat();
    test_degenerate();
    test_metrics();
    test_backtest();
    test_akaike();
    test_recent_seasons();
    return done_testing();
}
