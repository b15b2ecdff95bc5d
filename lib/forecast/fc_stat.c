/*
 * fc_stat.c — numerical helpers for the forecasting engine: the normal
 * quantile, a reproducible random stream, sample quantiles, a least-squares
 * line, the M-competition seasonality test and classical decomposition.
 */
#include "fc_int.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "text.h"

double
fc_qnorm(double p)
{
    double q, t, x;

    if (!(p > 0))
        return -HUGE_VAL;
    if (!(p < 1))
        return HUGE_VAL;
    /* A rational first guess (Abramowitz & Stegun 26.2.23, |error| <
     * 4.5e-4), then Halley steps on erfc, which libm computes to full
     * precision in both tails. */
    q = p < 0.5 ? p : 1 - p;
    t = sqrt(-2 * log(q));
    x = t - (2.515517 + t * (0.802853 + t * 0.010328)) /
                (1 + t * (1.432788 + t * (0.189269 + t * 0.001308)));
    if (p < 0.5)
        x = -x;
    for (int i = 0; i < 3; i++) {
        double f = 0.5 * erfc(-x / M_SQRT2) - p;
        double d = exp(-0.5 * x * x) / sqrt(2 * M_PI);
        if (d == 0)
            break;
        x -= f / (d + 0.5 * x * f);
    }
    return x;
}

void
fc_rng_seed(struct fc_rng *r, uint64_t seed)
{
    r->s = seed;
    r->has_spare = 0;
    r->spare = 0;
}

static uint64_t
rng_next(struct fc_rng *r)
{
    uint64_t z = (r->s += UINT64_C(0x9e3779b97f4a7c15));
    z = (z ^ (z >> 30)) * UINT64_C(0xbf58476d1ce4e5b9);
    z = (z ^ (z >> 27)) * UINT64_C(0x94d049bb133111eb);
    return z ^ (z >> 31);
}

double
fc_rng_uniform(struct fc_rng *r)
{
    /* 53 random bits, shifted off zero so log() is always finite */
    return ((double)(rng_next(r) >> 11) + 0.5) * 0x1.0p-53;
}

double
fc_rng_normal(struct fc_rng *r)
{
    double u, v, s;

    if (r->has_spare) {
        r->has_spare = 0;
        return r->spare;
    }
    /* Marsaglia's polar method: two variates per accepted pair. */
    do {
        u = 2 * fc_rng_uniform(r) - 1;
        v = 2 * fc_rng_uniform(r) - 1;
        s = u * u + v * v;
    } while (s >= 1 || s == 0);
    s = sqrt(-2 * log(s) / s);
    r->spare = v * s;
    r->has_spare = 1;
    return u * s;
}

/* The k-th smallest of v[0..n) (0-based); v is reordered so that every
 * element after position k is >= v[k]. Hoare partitioning with a
 * median-of-three pivot: linear on average, no recursion. */
static double
select_kth(double *v, int n, int k)
{
    int lo = 0, hi = n - 1;

    while (lo < hi) {
        int mid = lo + (hi - lo) / 2, i = lo, j = hi;
        double a = v[lo], b = v[mid], c = v[hi], pivot;
        pivot = a < b ? (b < c ? b : a < c ? c : a) : (a < c ? a : b < c ? c : b);
        while (i <= j) {
            while (v[i] < pivot)
                i++;
            while (v[j] > pivot)
                j--;
            if (i <= j) {
                double t = v[i];
                v[i] = v[j];
                v[j] = t;
                i++;
                j--;
            }
        }
        if (k <= j)
            hi = j;
        else if (k >= i)
            lo = i;
        else
            break;
    }
    return v[k];
}

double
fc_quantile(double *v, int n, double p)
{
    double h, lo, a, b;
    int j;

    if (n <= 0)
        return 0;
    /* type 8: h = (n + 1/3) p + 1/3, 1-based */
    h = (n + 1.0 / 3) * p + 1.0 / 3;
    if (h <= 1)
        return select_kth(v, n, 0);
    if (h >= n)
        return select_kth(v, n, n - 1);
    lo = floor(h);
    j = (int)lo;
    a = select_kth(v, n, j - 1);
    /* the next order statistic is the smallest of what lies above */
    b = v[j];
    for (int i = j + 1; i < n; i++)
        if (v[i] < b)
            b = v[i];
    return a + (h - lo) * (b - a);
}

void
fc_linreg(const double *y, int n, double x0, double *a, double *b)
{
    double xm, ym = 0, sxx = 0, sxy = 0;

    if (n <= 0) {
        *a = *b = 0;
        return;
    }
    /* centre first: t runs to a few hundred, y may be large */
    xm = x0 + (n - 1) / 2.0;
    for (int i = 0; i < n; i++)
        ym += y[i];
    ym /= n;
    for (int i = 0; i < n; i++) {
        double dx = x0 + i - xm;
        sxx += dx * dx;
        sxy += dx * (y[i] - ym);
    }
    *b = sxx > 0 ? sxy / sxx : 0;
    *a = ym - *b * xm;
}

int
fc_seasonal_test(const double *y, int n, int m)
{
    double mean = 0, c0 = 0, acc = 1, r = 0;

    if (m < 2 || n < 3 * m)
        return 0;
    for (int t = 0; t < n; t++)
        mean += y[t];
    mean /= n;
    for (int t = 0; t < n; t++)
        c0 += (y[t] - mean) * (y[t] - mean);
    if (!(c0 > 0))
        return 0;
    for (int k = 1; k <= m; k++) {
        double c = 0;
        for (int t = 0; t + k < n; t++)
            c += (y[t] - mean) * (y[t + k] - mean);
        r = c / c0;
        if (k < m)
            acc += 2 * r * r;
    }
    /* r now holds the lag-m autocorrelation */
    return fabs(r) > 1.645 * sqrt(acc / n);
}

int
fc_decompose(const double *y, int n, int m, int mult, double *idx)
{
    double sum[FC_MAXM > 64 ? FC_MAXM : 64], *s = sum, mean = 0;
    int cnt[FC_MAXM > 64 ? FC_MAXM : 64], *c = cnt, half = m / 2, rc = 0;

    if (m < 2 || n < 2 * m)
        return -1;
    if (m > 64) {
        s = xcalloc(m, sizeof *s);
        c = xcalloc(m, sizeof *c);
    } else {
        memset(sum, 0, sizeof sum);
        memset(cnt, 0, sizeof cnt);
    }
    for (int t = half; t + half < n; t++) {
        double tr = 0;
        /* centred moving average: 2 x m for even m (half weights at both
         * ends), plain m-term for odd m */
        if (m % 2 == 0) {
            tr = 0.5 * (y[t - half] + y[t + half]);
            for (int k = t - half + 1; k < t + half; k++)
                tr += y[k];
        } else {
            for (int k = t - half; k <= t + half; k++)
                tr += y[k];
        }
        tr /= m;
        if (mult) {
            if (!(tr > 0)) {
                rc = -1;
                goto out;
            }
            s[t % m] += y[t] / tr;
        } else {
            s[t % m] += y[t] - tr;
        }
        c[t % m]++;
    }
    for (int i = 0; i < m; i++) {
        if (c[i] == 0) {
            rc = -1;
            goto out;
        }
        idx[i] = s[i] / c[i];
        mean += idx[i];
    }
    mean /= m;
    for (int i = 0; i < m; i++) {
        if (mult) {
            if (!(mean > 0)) {
                rc = -1;
                goto out;
            }
            idx[i] /= mean;
        } else {
            idx[i] -= mean;
        }
    }
out:
    if (s != sum) {
        free(s);
        free(c);
    }
    return rc;
}
