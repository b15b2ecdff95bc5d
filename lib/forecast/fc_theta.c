/*
 * fc_theta.c — the methods built on classical seasonal adjustment, as the
 * M3 and M4 competitions ran their benchmarks: test for seasonality,
 * divide by multiplicative seasonal indices, forecast the adjusted series,
 * multiply back. Also the exact least-squares fit of simple exponential
 * smoothing that Theta and ETS(A,N,N) share.
 */
#include "fc_int.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "text.h"

#define ALPHA_LO 1e-4
#define ALPHA_HI 0.9999

int
fc_seasonal_adjust(const double *y, int n, int m, double *idx)
{
    for (int j = 0; j < m; j++)
        idx[j] = 1;
    if (m < 2)
        return 0;
    for (int t = 0; t < n; t++)
        if (!(y[t] > 0))
            return 0;
    if (!fc_seasonal_test(y, n, m))
        return 0;
    if (fc_decompose(y, n, m, 1, idx) < 0)
        goto none;
    for (int j = 0; j < m; j++)
        if (!(idx[j] > 1e-10))
            goto none;
    return 1;
none:
    for (int j = 0; j < m; j++)
        idx[j] = 1;
    return 0;
}

int
fc_seasonal_adjust_recent(const double *y, int n, int m, int seasons, double *idx)
{
    double *ix;
    int adj = fc_seasonal_adjust(y, n, m, idx), len = seasons * m, off = n - len, ok = 1;

    if (!adj || seasons < 2 || off <= 0)
        return adj;
    ix = xmalloc(m * sizeof *ix);
    if (fc_decompose(y + off, len, m, 1, ix) < 0)
        ok = 0;
    for (int j = 0; ok && j < m; j++)
        ok = ix[j] > 1e-10;
    /* ix is by position in y + off */
    for (int j = 0; ok && j < m; j++)
        idx[(off + j) % m] = ix[j];
    free(ix);
    return adj;
}

/*
 * For a given alpha every one-step error of SES is affine in the initial
 * level l0: e_t = e0_t - (1 - alpha)^t l0, where e0 are the errors from
 * l0 = 0. So the sum of squares is a quadratic in l0 whose minimum is
 * closed form; only alpha needs a search. Returns the minimal SSE; *l0 and
 * *lend get the optimal initial and the resulting final level.
 */
static double
ses_profile(const double *y, int n, double alpha, double *l0, double *lend)
{
    double l = 0, d = 1, see = 0, sea = 0, saa = 0, best, sse;

    for (int t = 0; t < n; t++) {
        double e = y[t] - l;
        see += e * e;
        sea += e * d;
        saa += d * d;
        l += alpha * e;
        d *= 1 - alpha;
    }
    best = saa > 0 ? sea / saa : 0;
    sse = see - best * sea;
    if (l0)
        *l0 = best;
    if (lend)
        *lend = l + d * best;
    return sse > 0 ? sse : 0;
}

int
fc_ses_fit(const double *y, int n, struct fc_ets *fit)
{
    enum { GRID = 20 };
    double c = 0, *z, fa[GRID + 1], a, b, x1, x2, f1, f2, l0, lend, sse, lik;
    const double g = (sqrt(5.0) - 1) / 2;
    int bi = 0, k;

    if (n < 2)
        return -1;
    /* centre the data: SES is shift-equivariant, and the profile sums
     * lose precision on a large offset */
    for (int t = 0; t < n; t++)
        c += y[t];
    c /= n;
    z = xmalloc(n * sizeof *z);
    for (int t = 0; t < n; t++)
        z[t] = y[t] - c;
    /* a grid first (the SSE in alpha can have several dips), then a
     * golden-section search between the best point's neighbours */
    for (int i = 0; i <= GRID; i++) {
        fa[i] = ses_profile(z, n, ALPHA_LO + (ALPHA_HI - ALPHA_LO) * i / GRID, NULL, NULL);
        if (fa[i] < fa[bi])
            bi = i;
    }
    a = ALPHA_LO + (ALPHA_HI - ALPHA_LO) * (bi > 0 ? bi - 1 : 0) / GRID;
    b = ALPHA_LO + (ALPHA_HI - ALPHA_LO) * (bi < GRID ? bi + 1 : GRID) / GRID;
    x1 = b - g * (b - a);
    x2 = a + g * (b - a);
    f1 = ses_profile(z, n, x1, NULL, NULL);
    f2 = ses_profile(z, n, x2, NULL, NULL);
    for (int it = 0; it < 40 && b - a > 1e-7; it++) {
        if (f1 < f2) {
            b = x2;
            x2 = x1;
            f2 = f1;
            x1 = b - g * (b - a);
            f1 = ses_profile(z, n, x1, NULL, NULL);
        } else {
            a = x1;
            x1 = x2;
            f1 = f2;
            x2 = a + g * (b - a);
            f2 = ses_profile(z, n, x2, NULL, NULL);
        }
    }
    a = f1 < f2 ? x1 : x2;
    if (fa[bi] < (f1 < f2 ? f1 : f2))
        a = ALPHA_LO + (ALPHA_HI - ALPHA_LO) * bi / GRID;
    sse = ses_profile(z, n, a, &l0, &lend);
    free(z);

    memset(fit, 0, sizeof *fit);
    fit->error = FC_ERR_A;
    fit->trend = FC_TREND_N;
    fit->season = FC_SEAS_N;
    fit->m = 1;
    fit->alpha = a;
    fit->phi = 1;
    fit->l = lend + c;
    k = 3; /* alpha, l0, sigma */
    fit->npar = k;
    fit->n = n;
    if (!(sse > n * 1e-24))
        sse = n * 1e-24;
    lik = n * log(sse);
    fit->lik = lik;
    fit->aicc = n - k - 1 > 0 ? lik + 2 * k + 2.0 * k * (k + 1) / (n - k - 1) : HUGE_VAL;
    fit->mse = sse / n;
    fit->sigma2 = sse / (n > 2 ? n - 2 : n);
    fit->sigma_abs = sqrt(fit->sigma2);
    return 0;
}

int
fc_theta_fit(const double *y, int n, int m, int seasons, int h, struct fc_theta *th, double *mean,
             double *var)
{
    double idx1 = 1, *idx = m > 1 ? xmalloc(m * sizeof *idx) : &idx1, *ya, a, b, w;
    struct fc_ets ses;

    if (n < 2)
        goto fail;
    memset(th, 0, sizeof *th);
    th->seasonal = fc_seasonal_adjust_recent(y, n, m, seasons, idx);
    ya = xmalloc(n * sizeof *ya);
    for (int t = 0; t < n; t++)
        ya[t] = y[t] / idx[t % m];
    if (fc_ses_fit(ya, n, &ses) < 0) {
        free(ya);
        goto fail;
    }
    /* Hyndman & Billah: the theta = 0 line is the regression line, and
     * the forecast is SES plus half its slope as drift, phased in the way
     * SES would have absorbed it */
    fc_linreg(ya, n, 0, &a, &b);
    free(ya);
    th->alpha = ses.alpha;
    th->l = ses.l;
    th->slope = b;
    th->sigma2 = ses.sigma2;
    th->mse = ses.mse;
    w = (1 - pow(1 - ses.alpha, n)) / ses.alpha;
    for (int k = 0; k < h; k++) {
        double s = idx[(n + k) % m];
        mean[k] = (ses.l + b / 2 * (k + w)) * s;
        if (var)
            var[k] = ses.sigma2 * (1 + k * ses.alpha * ses.alpha) * s * s;
    }
    if (idx != &idx1)
        free(idx);
    return 0;
fail:
    if (idx != &idx1)
        free(idx);
    return -1;
}
