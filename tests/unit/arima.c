/* Unit tests for the ARIMA models (fc_arima.c): orders and coefficients
 * recovered from simulated AR(1), MA(1), seasonal random walk and random
 * walk with drift; forecasts and variances against hand recursions;
 * degenerate input. */
#include "tap.h"

#include <math.h>
#include <stdint.h>
#include <stdlib.h>

#include "fc_int.h"
#include "forecast.h"

/* a deterministic N(0,1) stream (Box-Muller over an LCG) */
static uint64_t state = 20261202;
static double
unif(void)
{
    state = state * 6364136223846793005ull + 1442695040888963407ull;
    return ((state >> 11) + 0.5) / 9007199254740992.0;
}
static double
gauss(void)
{
    return sqrt(-2 * log(unif())) * cos(2 * M_PI * unif());
}

static int
orders_are(const struct fc_arima *f, int p, int d, int q, int P, int D, int Q)
{
    return f->p == p && f->d == d && f->q == q && f->P == P && f->D == D && f->Q == Q;
}

/* Order selection by AICc is not consistent (it overfits now and then, as
 * R's auto.arima does), so the search is judged over REPS simulated series:
 * the true orders must be the most frequent choice by a margin, and the
 * coefficient, averaged where they were chosen, near the truth. */
enum { REPS = 40 };

static void
sim_ar1(double *y, int n)
{
    double prev = 0;
    for (int t = 0; t < n + 50; t++) {
        double v = 0.6 * prev + gauss();
        prev = v;
        if (t >= 50)
            y[t - 50] = 10 + v;
    }
}

static void
test_ar1(void)
{
    enum { N = 200 };
    double y[N], mean[3], var[3], phi = 0, mu = 0;
    struct fc_arima f;
    int right = 0, stationary = 0;

    for (int r = 0; r < REPS; r++) {
        sim_ar1(y, N);
        if (fc_arima_auto(y, N, 1, &f) < 0)
            continue;
        stationary += f.d == 0;
        if (orders_are(&f, 1, 0, 0, 0, 0, 0) && f.constant) {
            right++;
            phi += f.ar[0];
            mu += f.mu;
        }
    }
    ok(right >= REPS / 2, "AR(1): ARIMA(1,0,0) with mean chosen for %d of %d series", right, REPS);
    ok(stationary >= REPS * 3 / 4, "AR(1): no difference for %d of %d", stationary, REPS);
    is_num(phi / right, 0.6, 0.05, "AR(1): mean phi within 0.05 of 0.6");
    is_num(mu / right, 10, 0.1, "AR(1): mean of the means within 0.1 of 10");

    /* forecasts by hand: mu + phi^h (y_n - mu); variance sigma2 (1 + phi^2 + phi^4) */
    ok(fc_arima_fit(y, N, 1, 1, 0, 0, 0, 0, 0, 1, &f) == 0, "AR(1): fit with the true orders");
    is_num(f.sigma2, 1, 0.25, "AR(1): innovation variance within 0.25 of 1");
    fc_arima_forecast(&f, y, N, 3, mean, var);
    is_num(mean[0], f.mu + f.ar[0] * (y[N - 1] - f.mu), 1e-9, "AR(1): one step ahead");
    is_num(mean[2], f.mu + pow(f.ar[0], 3) * (y[N - 1] - f.mu), 1e-9, "AR(1): three steps");
    is_num(var[2], f.sigma2 * (1 + f.ar[0] * f.ar[0] + pow(f.ar[0], 4)), 1e-9,
           "AR(1): three-step variance from the psi weights");
}

static void
test_ma1(void)
{
    enum { N = 200 };
    double y[N], mean[2], var[2], theta = 0;
    struct fc_arima f;
    int right = 0;

    for (int r = 0; r < REPS; r++) {
        double e0 = gauss();
        for (int t = 0; t < N; t++) {
            double e = gauss();
            y[t] = e + 0.5 * e0;
            e0 = e;
        }
        if (fc_arima_auto(y, N, 1, &f) == 0 && orders_are(&f, 0, 0, 1, 0, 0, 0)) {
            right++;
            theta += f.ma[0];
        }
    }
    ok(right >= REPS / 2, "MA(1): ARIMA(0,0,1) chosen for %d of %d series", right, REPS);
    is_num(theta / right, 0.5, 0.05, "MA(1): mean theta within 0.05 of 0.5");
    ok(fc_arima_fit(y, N, 1, 0, 0, 1, 0, 0, 0, 0, &f) == 0, "MA(1): fit with the true orders");
    fc_arima_forecast(&f, y, N, 2, mean, var);
    is_num(mean[1], 0, 1e-12, "MA(1): two steps ahead is the (zero) mean");
    is_num(var[1], f.sigma2 * (1 + f.ma[0] * f.ma[0]), 1e-12, "MA(1): two-step variance");
}

static void
test_seasonal_rw(void)
{
    enum { N = 144 };
    double y[N], mean[24];
    struct fc_arima f;
    int right = 0, diff = 0;

    for (int r = 0; r < REPS; r++) {
        for (int t = 0; t < N; t++)
            y[t] = (t < 12 ? 100 + 20 * sin(2 * M_PI * t / 12) : y[t - 12]) + gauss();
        if (fc_arima_auto(y, N, 12, &f) < 0)
            continue;
        diff += f.D == 1 && f.d == 0;
        right += orders_are(&f, 0, 0, 0, 0, 1, 0);
    }
    ok(diff >= REPS * 9 / 10, "seasonal random walk: D = 1, d = 0 for %d of %d series", diff, REPS);
    ok(right >= REPS * 2 / 5, "seasonal random walk: ARIMA(0,0,0)(0,1,0)[12] for %d of %d", right,
       REPS);
    ok(fc_arima_fit(y, N, 12, 0, 0, 0, 0, 1, 0, 0, &f) == 0, "seasonal random walk: fit");
    fc_arima_forecast(&f, y, N, 24, mean, NULL);
    is_num(mean[0], y[N - 12], 1e-9, "seasonal random walk: the value a season ago");
    is_num(mean[13], y[N - 11], 1e-9, "seasonal random walk: two seasons ahead, the same");
}

static void
test_drift(void)
{
    enum { N = 200 };
    double y[N], mean[5], drift = 0;
    struct fc_arima f;
    int right = 0;

    for (int r = 0; r < REPS; r++) {
        y[0] = 50;
        for (int t = 1; t < N; t++)
            y[t] = y[t - 1] + 0.5 + gauss();
        if (fc_arima_auto(y, N, 1, &f) == 0 && orders_are(&f, 0, 1, 0, 0, 0, 0) && f.constant) {
            right++;
            drift += f.mu;
        }
    }
    ok(right >= REPS / 2, "random walk with drift: ARIMA(0,1,0) with drift for %d of %d", right,
       REPS);
    is_num(drift / right, 0.5, 0.05, "random walk with drift: mean drift within 0.05 of 0.5");
    ok(fc_arima_fit(y, N, 1, 0, 1, 0, 0, 0, 0, 1, &f) == 0, "random walk with drift: fit");
    fc_arima_forecast(&f, y, N, 5, mean, NULL);
    is_num(mean[4], y[N - 1] + 5 * f.mu, 1e-9, "random walk with drift: y_n + 5 drift");
}

static void
test_fit_one(void)
{
    /* AR(2) fitted directly: coefficients of a known stationary process */
    enum { N = 600 };
    double y[N], a = 0, b = 0;
    struct fc_arima f;

    for (int t = 0; t < N + 50; t++) {
        double v = 0.5 * a - 0.3 * b + gauss();
        b = a;
        a = v;
        if (t >= 50)
            y[t - 50] = v;
    }
    ok(fc_arima_fit(y, N, 1, 2, 0, 0, 0, 0, 0, 0, &f) == 0, "AR(2) fit");
    is_num(f.ar[0], 0.5, 0.08, "AR(2): phi1");
    is_num(f.ar[1], -0.3, 0.08, "AR(2): phi2");
    ok(fc_arima_fit(y, 5, 1, 2, 0, 2, 0, 0, 0, 1, &f) < 0,
       "a model with more coefficients than the data bear is refused");
    ok(fc_arima_fit(y, N, 1, 6, 0, 0, 0, 0, 0, 0, &f) < 0,
       "p beyond the search's range is refused");
}

static void
test_degenerate(void)
{
    struct fc_options o = {
        .method = FC_ARIMA, .horizon = 4, .m = 4, .nlevels = 2, .levels = {80, 95}};
    struct fc_result r;
    struct err e;
    double cst[12], two[2] = {3, 5}, zeros[24], kpss_c[10];
    int fin = 1;

    for (int t = 0; t < 12; t++)
        cst[t] = 7;
    ok(fc_forecast(cst, 12, &o, &r, &e) == 0, "constant series: forecast");
    is_str(r.model, "Constant", "constant series: the constant, no model");
    is_num(r.hi[1][3] - r.lo[1][3], 0, 0, "constant series: zero-width interval");
    fc_result_release(&r);

    ok(fc_forecast(two, 2, &o, &r, &e) == 0, "two observations: a forecast");
    is_str(r.model, "Naive", "two observations: the random walk (nothing else fits)");
    is_num(r.mean[3], 5, 1e-12, "two observations: the last value");
    fc_result_release(&r);
    ok(fc_forecast(two, 1, &o, &r, &e) < 0, "one observation: an error");

    /* intermittent sales: mostly zeros */
    for (int t = 0; t < 24; t++)
        zeros[t] = t % 5 == 3 ? 4 : 0;
    ok(fc_forecast(zeros, 24, &o, &r, &e) == 0, "mostly zeros: a forecast");
    for (int i = 0; i < 4; i++)
        for (int k = 0; k < 2; k++)
            fin &= isfinite(r.mean[i]) && r.lo[k][i] <= r.mean[i] && r.mean[i] <= r.hi[k][i];
    ok(fin, "mostly zeros: finite forecasts inside their intervals (%s)", r.model);
    fc_result_release(&r);

    for (int t = 0; t < 10; t++)
        kpss_c[t] = 1;
    is_num(fc_kpss(kpss_c, 10), 0, 0, "KPSS of a constant is 0");
    is_int(fc_arima_ndiffs(kpss_c, 10), 0, "a constant needs no difference");
}

static void
test_kpss(void)
{
    enum { N = 200 };
    double rw[N], wn[N];
    int rw_rejected = 0, wn_rejected = 0, rw_d1 = 0;

    for (int r = 0; r < REPS; r++) {
        rw[0] = 0;
        for (int t = 0; t < N; t++) {
            wn[t] = gauss();
            if (t)
                rw[t] = rw[t - 1] + wn[t];
        }
        wn_rejected += fc_kpss(wn, N) > 0.463;
        rw_rejected += fc_kpss(rw, N) > 0.463;
        rw_d1 += fc_arima_ndiffs(rw, N) == 1;
    }
    ok(wn_rejected <= REPS / 8, "KPSS: white noise called stationary (%d of %d rejected)",
       wn_rejected, REPS);
    ok(rw_rejected >= REPS * 3 / 4, "KPSS: random walks rejected (%d of %d)", rw_rejected, REPS);
    ok(rw_d1 >= REPS * 3 / 4, "random walks get one difference (%d of %d)", rw_d1, REPS);
}

int
main(void)
{
    test_ar1();
    test_ma1();
    test_seasonal_rw();
    test_drift();
    test_fit_one();
    test_degenerate();
    test_kpss();
    return done_testing();
}
