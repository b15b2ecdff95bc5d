/*
 * fc_ets.c — the ETS (error, trend, seasonal) exponential smoothing state
 * space models of Hyndman, Koehler, Snyder & Grose (2002) and Hyndman,
 * Koehler, Ord & Snyder (2008): estimation by maximum likelihood, model
 * selection by AICc, point forecasts, analytic forecast variances for the
 * classes that have them and simulated intervals for the rest.
 *
 * Trend is none, additive or additive damped; seasonality none, additive or
 * multiplicative; errors additive or multiplicative. Multiplicative trends
 * are left out, as R's ets() leaves them out by default: their forecasts
 * can grow explosively. Smoothing parameters are estimated; initial states
 * come from the data by heuristics (see initial_states for why).
 *
 * Every model is written in "error correction" form on the one-step error
 * E = y - mu in data units, which is the same recursion for both error
 * types; the error type only changes the likelihood:
 *   additive:        -2 log L = n log(sum E^2)
 *   multiplicative:  -2 log L = n log(sum (E/mu)^2) + 2 sum log|mu|
 * (both up to the same constant, so AICc compares across error types).
 */
#include "fc_int.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "text.h"

/* The usual parameter region of R's ets(): 0 < beta < alpha < 1,
 * 0 < gamma < 1 - alpha, 0.8 < phi < 0.98. */
#define PAR_LO 1e-4
#define PAR_HI 0.9999
#define PHI_LO 0.8
#define PHI_HI 0.98

/* Multiplicative components need strictly positive means; below this (on
 * the normalised scale) a parameter vector is treated as infeasible. */
#define TINY 1e-8

/* The simplex searches at most four smoothing parameters. Its tolerance is
 * on -2 log L: 1e-4 is far below any difference AICc could act on. */
#define NM_MAXEVAL 1000
#define NM_FTOL 1e-4

static const double start_alpha[] = {0.05, 0.2, 0.5, 0.8};

struct ets_par {
    double alpha, beta, gamma, phi;
    double l, b, s[FC_MAXM]; /* s[j]: seasonal for times t with t % m == j */
};

struct ets_ctx {
    const double *y;
    int n, m;
    int error, trend, season;
    struct ets_par ini; /* initial states (see initial_states) */
};

static double
logistic(double u)
{
    return 1 / (1 + exp(-u));
}

static double
logit(double p)
{
    if (p < 1e-9)
        p = 1e-9;
    if (p > 1 - 1e-9)
        p = 1 - 1e-9;
    return log(p / (1 - p));
}

static int
nsmooth(const struct ets_ctx *c)
{
    return 1 + (c->trend != FC_TREND_N) + (c->season != FC_SEAS_N) + (c->trend == FC_TREND_AD);
}

static int
nstates(int trend, int season, int m)
{
    return 1 + (trend != FC_TREND_N) + (season != FC_SEAS_N ? m - 1 : 0);
}

/*
 * Parameters are optimised in an unconstrained space: each smoothing
 * parameter is a logistic image of the interval the usual constraints allow
 * given the ones before it (beta below alpha, gamma below 1 - alpha), so
 * the simplex never leaves the usual region and needs no penalty there.
 */
static void
decode(const struct ets_ctx *c, const double *x, struct ets_par *p)
{
    int i = 0;

    *p = c->ini;
    p->alpha = PAR_LO + (PAR_HI - PAR_LO) * logistic(x[i++]);
    p->beta = 0;
    p->gamma = 0;
    p->phi = 1;
    if (c->trend != FC_TREND_N)
        p->beta = PAR_LO + (p->alpha - PAR_LO) * logistic(x[i++]);
    if (c->season != FC_SEAS_N)
        p->gamma = PAR_LO + (1 - p->alpha - PAR_LO) * logistic(x[i++]);
    if (c->trend == FC_TREND_AD)
        p->phi = PHI_LO + (PHI_HI - PHI_LO) * logistic(x[i++]);
}

static void
encode(const struct ets_ctx *c, const struct ets_par *p, double *x)
{
    int i = 0;

    x[i++] = logit((p->alpha - PAR_LO) / (PAR_HI - PAR_LO));
    if (c->trend != FC_TREND_N)
        x[i++] = logit((p->beta - PAR_LO) / (p->alpha - PAR_LO));
    if (c->season != FC_SEAS_N)
        x[i++] = logit((p->gamma - PAR_LO) / (1 - p->alpha - PAR_LO));
    if (c->trend == FC_TREND_AD)
        x[i++] = logit((p->phi - PHI_LO) / (PHI_HI - PHI_LO));
}

/*
 * The recursion, written so the level's dependency chain is short: with the
 * observation deseasonalised off that chain (ys = y - s or y / s), the
 * level and slope move by d = ys - (l + phi b), and the one-step error in
 * data units is e = d (additive season) or s d (multiplicative). errm and
 * seasm are constants at each call site, so the compiler emits one loop
 * per combination. Returns HUGE_VAL when a multiplicative component stops
 * being positive.
 */
static inline __attribute__((always_inline)) double
pass_kernel(const double *y, int n, int m, const int errm, const int seasm, const struct ets_par *p,
            double *lp, double *bp, double *s, double *sse_abs, double *sse_rel)
{
    const double a = p->alpha, be = p->beta, g = p->gamma, phi = p->phi;
    double l = *lp, b = *bp, sse = 0, sabs = 0, slog = 0, prod = 1, inv[FC_MAXM];
    int j = 0;

    if (seasm) {
        for (int k = 0; k < m; k++) {
            if (!(s[k] > TINY))
                return HUGE_VAL;
            inv[k] = 1 / s[k];
        }
    }
    for (int t = 0; t < n; t++) {
        double st = s[j], lb = l + phi * b, ys, d, e;

        ys = seasm ? y[t] * inv[j] : y[t] - st;
        d = ys - lb;
        l = lb + a * d;
        b = phi * b + be * d;
        if (seasm) {
            double sn;
            if (!(lb > TINY))
                return HUGE_VAL;
            e = st * d;
            sn = st + g * e / lb;
            if (!(sn > TINY))
                return HUGE_VAL;
            s[j] = sn;
            inv[j] = 1 / sn;
        } else {
            e = d;
            s[j] = st + g * e;
        }
        sabs += e * e;
        if (errm) {
            double mu = seasm ? lb * st : lb + st, r;
            if (!(mu > TINY))
                return HUGE_VAL;
            r = seasm ? d / lb : e / mu;
            sse += r * r;
            /* log of a running product: one log() per many steps */
            prod *= mu;
            if (prod > 1e100 || prod < 1e-100) {
                slog += log(prod);
                prod = 1;
            }
        }
        if (++j == m)
            j = 0;
    }
    *lp = l;
    *bp = b;
    *sse_abs = sabs;
    *sse_rel = sse;
    return errm ? slog + log(prod) : 0;
}

/*
 * One pass of the recursion over the data from the initial state in p.
 * Returns -2 log L (up to a constant), or HUGE_VAL when a multiplicative
 * component stops being positive. Leaves the final state in p and, when
 * not NULL, the sums of squared one-step errors in data units (sse_abs)
 * and relative to the one-step forecast (sse_rel, multiplicative errors).
 */
static double
ets_pass(const struct ets_ctx *c, struct ets_par *p, double *sse_abs, double *sse_rel)
{
    const int n = c->n, m = c->season == FC_SEAS_N ? 1 : c->m;
    const int errm = c->error == FC_ERR_M;
    double sabs = 0, srel = 0, slog, sse, lik;

    if (c->season == FC_SEAS_M) {
        if (errm)
            slog = pass_kernel(c->y, n, m, 1, 1, p, &p->l, &p->b, p->s, &sabs, &srel);
        else
            slog = pass_kernel(c->y, n, m, 0, 1, p, &p->l, &p->b, p->s, &sabs, &srel);
    } else {
        if (errm)
            slog = pass_kernel(c->y, n, m, 1, 0, p, &p->l, &p->b, p->s, &sabs, &srel);
        else
            slog = pass_kernel(c->y, n, m, 0, 0, p, &p->l, &p->b, p->s, &sabs, &srel);
    }
    if (slog == HUGE_VAL)
        return HUGE_VAL;
    if (sse_abs)
        *sse_abs = sabs;
    if (sse_rel)
        *sse_rel = srel;
    sse = errm ? srel : sabs;
    /* a perfect fit would give log(0); cap it so the fit still ranks first */
    if (!(sse > n * 1e-24))
        sse = n * 1e-24;
    lik = n * log(sse);
    if (errm)
        lik += 2 * slog;
    return isfinite(lik) ? lik : HUGE_VAL;
}

/* Coefficients of the characteristic polynomial of the discount matrix
 * D = F - g w' in descending powers (a[0] z^d + ... + a[d]). They are the
 * MA coefficients of the model's ARIMA form in ascending powers of B:
 *   (1 - phi B)(1 - B^m) + alpha B S(B)(1 - phi B) + phi beta B^2 S(B)
 *   + phi beta B (1 - B^m) + gamma B^m (1 - phi B),
 * S(B) = 1 + B + ... + B^(m-1); phi = beta = 0 when there is no trend,
 * m = 1 and gamma = 0 when there is no season. */
static int
char_poly(int trend, int season, int m, double alpha, double beta, double gamma, double phi,
          double *a)
{
    int d;

    if (trend == FC_TREND_N) {
        phi = 0;
        beta = 0;
    } else if (trend == FC_TREND_A) {
        phi = 1;
    }
    if (season == FC_SEAS_N) {
        /* 1 + (alpha + phi beta - 1 - phi) B + phi (1 - alpha) B^2 */
        a[0] = 1;
        a[1] = alpha + phi * beta - 1 - phi;
        a[2] = phi * (1 - alpha);
        return 2;
    }
    d = m + 1;
    a[0] = 1;
    a[1] = alpha + phi * beta - phi;
    for (int k = 2; k < m; k++)
        a[k] = alpha * (1 - phi) + phi * beta;
    a[m] = alpha * (1 - phi) + phi * beta + gamma - 1;
    a[m + 1] = phi * (1 - alpha - gamma);
    return d;
}

/* Schur-Cohn (Jury) test: 1 when every root of a[0] z^d + ... + a[d] has
 * modulus below r. */
static int
roots_within(const double *coef, int d, double r)
{
    double a[FC_MAXM + 3], b[FC_MAXM + 3], rk = 1;

    /* roots of p(z) inside radius r <=> roots of p(r z) inside 1 */
    for (int k = d; k >= 0; k--) {
        a[k] = coef[k] * rk;
        rk *= r;
    }
    while (d > 0) {
        double inv;
        if (!(fabs(a[d]) < fabs(a[0])))
            return 0;
        for (int k = 0; k < d; k++)
            b[k] = a[0] * a[k] - a[d] * a[d - k];
        d--;
        /* b[0] = a[0]^2 - a[d]^2 > 0; rescale to keep the numbers near 1 */
        inv = 1 / b[0];
        for (int k = 0; k <= d; k++)
            a[k] = b[k] * inv;
    }
    return 1;
}

int
fc_ets_admissible(int trend, int season, int m, double alpha, double beta, double gamma, double phi)
{
    double a[FC_MAXM + 3];
    int d;

    if (season != FC_SEAS_N && (m < 2 || m > FC_MAXM))
        return 0;
    d = char_poly(trend, season, m, alpha, beta, gamma, phi, a);
    return roots_within(a, d, 1 + 1e-10);
}

double
fc_ets_filter(struct fc_ets *f, const double *y, int n, double l0, double b0, const double *s0)
{
    struct ets_ctx c;
    struct ets_par p;
    double sse_abs = 0, lik;
    int m = f->season == FC_SEAS_N ? 1 : f->m;

    memset(&c, 0, sizeof c);
    memset(&p, 0, sizeof p);
    c.y = y;
    c.n = n;
    c.m = m;
    c.error = f->error;
    c.trend = f->trend;
    c.season = f->season;
    p.alpha = f->alpha;
    p.beta = f->trend == FC_TREND_N ? 0 : f->beta;
    p.gamma = f->season == FC_SEAS_N ? 0 : f->gamma;
    p.phi = f->trend == FC_TREND_AD ? f->phi : 1;
    p.l = l0;
    p.b = f->trend == FC_TREND_N ? 0 : b0;
    for (int j = 0; j < m; j++)
        p.s[j] = f->season == FC_SEAS_N ? 0 : s0[j];
    lik = ets_pass(&c, &p, &sse_abs, NULL);
    f->m = m;
    f->l = p.l;
    f->b = p.b;
    for (int j = 0; j < m; j++)
        f->s[j] = p.s[(n + j) % m];
    f->n = n;
    f->mse = n > 0 ? sse_abs / n : 0;
    return lik;
}

static double
objective(const double *x, void *vctx)
{
    const struct ets_ctx *c = vctx;
    struct ets_par p;

    decode(c, x, &p);
    /* The usual region is admissible for non-seasonal models; seasonal
     * ones can be non-invertible inside it. */
    if (c->season != FC_SEAS_N &&
        !fc_ets_admissible(c->trend, c->season, c->m, p.alpha, p.beta, p.gamma, p.phi))
        return HUGE_VAL;
    return ets_pass(c, &p, NULL, NULL);
}

/*
 * Initial states from the data: seasonal indices by classical
 * decomposition, level and slope by a least-squares line through the
 * first two seasons (at least ten points) of the seasonally adjusted data
 * (the starting-value heuristics Hyndman et al. 2008 describe).
 *
 * They are kept as they are: only the smoothing parameters are estimated.
 * R's ets() also optimises the initial states, which costs a 17-dimensional
 * search for a monthly model; on the M3 data that was both slower (10x)
 * and less accurate out of sample, on the test set and on a validation
 * split that holds out the end of each training series (bench/M3-RESULTS.md).
 * The states are still counted as estimated parameters in the AICc.
 */
static int
initial_states(struct ets_ctx *c)
{
    const double *y = c->y;
    int n = c->n, m = c->m, maxn;
    double *sa = xmalloc(n * sizeof *sa), a, bb;

    memset(&c->ini, 0, sizeof c->ini);
    c->ini.phi = 1;
    if (c->season != FC_SEAS_N) {
        int mult = c->season == FC_SEAS_M;
        double idx[FC_MAXM];
        if (fc_decompose(y, n, m, mult, idx) < 0) {
            /* too short for a moving average: deviations from a line */
            double sum[FC_MAXM] = {0};
            int cnt[FC_MAXM] = {0};
            fc_linreg(y, n, 0, &a, &bb);
            for (int t = 0; t < n; t++) {
                double tr = a + bb * t;
                if (mult && !(tr > 0)) {
                    free(sa);
                    return -1;
                }
                sum[t % m] += mult ? y[t] / tr : y[t] - tr;
                cnt[t % m]++;
            }
            for (int j = 0; j < m; j++)
                idx[j] = cnt[j] ? sum[j] / cnt[j] : (mult ? 1 : 0);
        }
        if (mult) {
            double tot = 0;
            for (int j = 0; j < m; j++) {
                if (idx[j] < 1e-2)
                    idx[j] = 1e-2;
                tot += idx[j];
            }
            for (int j = 0; j < m; j++)
                idx[j] *= m / tot;
        } else {
            double tot = 0;
            for (int j = 0; j < m; j++)
                tot += idx[j];
            for (int j = 0; j < m; j++)
                idx[j] -= tot / m;
        }
        for (int j = 0; j < m; j++)
            c->ini.s[j] = idx[j];
        for (int t = 0; t < n; t++)
            sa[t] = mult ? y[t] / idx[t % m] : y[t] - idx[t % m];
    } else {
        memcpy(sa, y, n * sizeof *sa);
    }
    maxn = 2 * m > 10 ? 2 * m : 10;
    if (maxn > n)
        maxn = n;
    if (c->trend == FC_TREND_N && maxn == n) {
        /* so short a series that the window is all of it: its mean would
         * already hold the end, and the smoothing would stay there (1, 2, 3,
         * 4.5 forecast 2.6); start from the first observation instead */
        c->ini.l = sa[0];
    } else if (c->trend == FC_TREND_N) {
        double sum = 0;
        for (int t = 0; t < maxn; t++)
            sum += sa[t];
        c->ini.l = sum / maxn;
    } else {
        /* the line's value at t = 0 is the level before the first point */
        fc_linreg(sa, maxn, 1, &a, &bb);
        c->ini.l = a;
        c->ini.b = bb;
        if (c->error == FC_ERR_M || c->season == FC_SEAS_M) {
            if (!(a + bb > TINY)) {
                c->ini.l = sa[0] > TINY ? sa[0] : TINY;
                c->ini.b = 0;
            }
        }
    }
    free(sa);
    return 0;
}

static int
nfree_params(int trend, int season, int m)
{
    int ns = 1 + (trend != FC_TREND_N) + (season != FC_SEAS_N) + (trend == FC_TREND_AD);
    return ns + nstates(trend, season, m);
}

int
fc_ets_min_n(int trend, int season, int m)
{
    int k;

    if (season == FC_SEAS_N)
        m = 1;
    k = nfree_params(trend, season, m) + 2;
    return season != FC_SEAS_N && 2 * m > k ? 2 * m : k;
}

int
fc_ets_fit(const double *y, int n, int m, int error, int trend, int season, struct fc_ets *fit)
{
    struct ets_ctx c;
    struct ets_par p, best;
    double x[4], step[4], bestf = HUGE_VAL, sse_abs, sse_rel, lik;
    int dim, nfree, k;

    if (season == FC_SEAS_N)
        m = 1;
    else if (m < 2 || m > FC_MAXM || n < 2 * m)
        return -1;
    if (error == FC_ERR_M || season == FC_SEAS_M)
        for (int t = 0; t < n; t++)
            if (!(y[t] > 0))
                return -1;
    if (n < fc_ets_min_n(trend, season, m))
        return -1;
    memset(&c, 0, sizeof c);
    c.y = y;
    c.n = n;
    c.m = m;
    c.error = error;
    c.trend = trend;
    c.season = season;
    nfree = nfree_params(trend, season, m);
    if (initial_states(&c) < 0)
        return -1;

    /* Starting point: a few alphas (with small beta and gamma), the best
     * one starts the simplex, so a second dip of the likelihood far from
     * the usual start is not missed. */
    for (size_t i = 0; i < sizeof start_alpha / sizeof start_alpha[0]; i++) {
        double f;
        p = c.ini;
        p.alpha = start_alpha[i];
        p.beta = trend != FC_TREND_N ? 0.1 * p.alpha : 0;
        p.gamma = season != FC_SEAS_N ? 0.05 * (1 - p.alpha) : 0;
        p.phi = trend == FC_TREND_AD ? 0.97 : 1;
        encode(&c, &p, x);
        f = objective(x, &c);
        if (i == 0 || f < bestf) {
            bestf = f;
            best = p;
        }
    }
    dim = nsmooth(&c);
    encode(&c, &best, x);
    for (int i = 0; i < dim; i++)
        step[i] = 1.0;
    bestf = fc_nelder_mead(objective, &c, dim, x, step, NM_MAXEVAL, NM_FTOL, NULL);
    if (!isfinite(bestf))
        return -1;
    decode(&c, x, &p);

    memset(fit, 0, sizeof *fit);
    fit->error = error;
    fit->trend = trend;
    fit->season = season;
    fit->m = m;
    fit->alpha = p.alpha;
    fit->beta = p.beta;
    fit->gamma = p.gamma;
    fit->phi = p.phi;
    lik = ets_pass(&c, &p, &sse_abs, &sse_rel);
    if (!isfinite(lik))
        return -1;
    fit->l = p.l;
    fit->b = p.b;
    for (int j = 0; j < m; j++)
        fit->s[j] = season == FC_SEAS_N ? 0 : p.s[(n + j) % m];
    k = nfree + 1; /* and sigma */
    fit->npar = k;
    fit->n = n;
    fit->lik = lik;
    fit->aicc = n - k - 1 > 0 ? lik + 2 * k + 2.0 * k * (k + 1) / (n - k - 1) : HUGE_VAL;
    fit->mse = sse_abs / n;
    /* innovation variance with the degrees of freedom R uses */
    fit->sigma2 = (error == FC_ERR_M ? sse_rel : sse_abs) / (n - nfree);
    fit->sigma_abs = sqrt(sse_abs / (n - nfree));
    return 0;
}

int
fc_ets_auto_all(const double *y, int n, int m, struct fc_ets *fits, int *best)
{
    int positive = 1, seasonal, nf = 0;

    *best = -1;
    for (int t = 0; t < n; t++)
        if (!(y[t] > 0))
            positive = 0;
    seasonal = m >= 2 && m <= FC_MAXM && n >= 2 * m;
    for (int e = FC_ERR_A; e <= FC_ERR_M; e++) {
        if (e == FC_ERR_M && !positive)
            continue;
        for (int tr = FC_TREND_N; tr <= FC_TREND_AD; tr++) {
            for (int s = FC_SEAS_N; s <= FC_SEAS_M; s++) {
                if (s != FC_SEAS_N && !seasonal)
                    continue;
                /* additive errors with multiplicative seasonality can
                 * have infinite forecast variance: not offered */
                if (s == FC_SEAS_M && e == FC_ERR_A)
                    continue;
                /* R's rule against overfitting short series; SES is the
                 * fallback that always fits */
                if (!(e == FC_ERR_A && tr == FC_TREND_N && s == FC_SEAS_N) &&
                    n <= nfree_params(tr, s, m) + 4)
                    continue;
                if (fc_ets_fit(y, n, m, e, tr, s, &fits[nf]) < 0)
                    continue;
                if (*best < 0 || fits[nf].aicc < fits[*best].aicc)
                    *best = nf;
                nf++;
            }
        }
    }
    return nf;
}

int
fc_ets_auto(const double *y, int n, int m, struct fc_ets *best)
{
    struct fc_ets fits[FC_ETS_NMODELS];
    int b;

    if (fc_ets_auto_all(y, n, m, fits, &b) == 0)
        return -1;
    *best = fits[b];
    return 0;
}

int
fc_ets_akaike_point(const struct fc_ets *fits, int nf, int h, double *mean)
{
    double amin = HUGE_VAL, wsum = 0, *p = xmalloc(h * sizeof *p);

    for (int i = 0; i < nf; i++)
        if (isfinite(fits[i].aicc) && fits[i].aicc < amin)
            amin = fits[i].aicc;
    for (int k = 0; k < h; k++)
        mean[k] = 0;
    for (int i = 0; i < nf; i++) {
        double w;
        int ok = isfinite(fits[i].aicc);
        if (!ok)
            continue;
        fc_ets_point(&fits[i], h, p);
        for (int k = 0; k < h && ok; k++)
            ok = isfinite(p[k]);
        /* a weight below 1e-300 cannot move the mean; exp() would not
         * underflow to 0 before that either */
        w = exp(-0.5 * (fits[i].aicc - amin));
        if (!ok || !(w > 0))
            continue;
        wsum += w;
        for (int k = 0; k < h; k++)
            mean[k] += w * p[k];
    }
    free(p);
    if (!(wsum > 0))
        return -1;
    for (int k = 0; k < h; k++)
        mean[k] /= wsum;
    return 0;
}

/* phi + phi^2 + ... + phi^h (h for an undamped trend, 0 without one) */
static double
trend_sum(const struct fc_ets *f, int h)
{
    double s = 0, p = 1;

    if (f->trend == FC_TREND_N)
        return 0;
    if (f->trend == FC_TREND_A)
        return h;
    for (int i = 0; i < h; i++) {
        p *= f->phi;
        s += p;
    }
    return s;
}

void
fc_ets_point(const struct fc_ets *f, int h, double *mean)
{
    double ph = 0, p = 1;

    for (int k = 0; k < h; k++) {
        double lb, st = f->s[k % f->m];
        if (f->trend == FC_TREND_A)
            ph = k + 1;
        else if (f->trend == FC_TREND_AD) {
            p *= f->phi;
            ph += p;
        }
        lb = f->l + ph * f->b;
        mean[k] = f->season == FC_SEAS_M ? lb * st : lb + st;
    }
}

int
fc_ets_variance(const struct fc_ets *f, int h, const double *mean, double *var)
{
    double *c2, acc = 0;

    if (f->season == FC_SEAS_M)
        return -1;
    /* c_j: effect of one error on the forecast j steps later */
    c2 = xmalloc((h > 1 ? h : 1) * sizeof *c2);
    for (int j = 1; j < h; j++) {
        double c = f->alpha + f->beta * trend_sum(f, j);
        if (f->season != FC_SEAS_N && j % f->m == 0)
            c += f->gamma;
        c2[j] = c * c;
    }
    if (f->error == FC_ERR_A) {
        /* class 1: v_h = sigma^2 (1 + sum_{j<h} c_j^2) */
        for (int i = 0; i < h; i++) {
            if (i > 0)
                acc += c2[i];
            var[i] = f->sigma2 * (1 + acc);
        }
    } else {
        /* class 2: theta_h = mu_h^2 + sigma^2 sum_{j<h} c_j^2 theta_{h-j},
         * v_h = (1 + sigma^2) theta_h - mu_h^2 */
        double *th = xmalloc(h * sizeof *th);
        for (int i = 0; i < h; i++) {
            double s = 0;
            for (int j = 1; j <= i; j++)
                s += c2[j] * th[i - j];
            th[i] = mean[i] * mean[i] + f->sigma2 * s;
            var[i] = (1 + f->sigma2) * th[i] - mean[i] * mean[i];
            if (var[i] < 0)
                var[i] = 0;
        }
        free(th);
    }
    free(c2);
    return 0;
}

void
fc_ets_simulate(const struct fc_ets *f, int h, int npaths, int nlevels, const double *levels,
                double *const *lo, double *const *hi)
{
    int m = f->m, st = 2 + m;
    double *state = xmalloc((size_t)npaths * st * sizeof *state);
    double *val = xmalloc((size_t)npaths * sizeof *val), sd = sqrt(f->sigma2);
    struct fc_rng rng;

    fc_rng_seed(&rng, UINT64_C(20260101));
    for (int i = 0; i < npaths; i++) {
        double *x = state + (size_t)i * st;
        x[0] = f->l;
        x[1] = f->b;
        memcpy(x + 2, f->s, m * sizeof *x);
    }
    for (int k = 0; k < h; k++) {
        int j = k % m;
        for (int i = 0; i < npaths; i++) {
            double *x = state + (size_t)i * st, lb = x[0] + f->phi * x[1], s = x[2 + j], mu, e, yv;
            if (f->trend == FC_TREND_N)
                lb = x[0];
            mu = f->season == FC_SEAS_M ? lb * s : lb + s;
            e = f->error == FC_ERR_M ? mu * sd * fc_rng_normal(&rng) : sd * fc_rng_normal(&rng);
            yv = mu + e;
            val[i] = isfinite(yv) ? yv : mu;
            if (f->season == FC_SEAS_M) {
                double q = s != 0 ? e / s : 0;
                x[0] = lb + f->alpha * q;
                x[1] = (f->trend == FC_TREND_N ? 0 : f->phi * x[1]) + f->beta * q;
                if (fabs(lb) > 1e-300)
                    x[2 + j] = s + f->gamma * e / lb;
            } else {
                x[0] = lb + f->alpha * e;
                x[1] = (f->trend == FC_TREND_N ? 0 : f->phi * x[1]) + f->beta * e;
                x[2 + j] = s + f->gamma * e;
            }
        }
        for (int q = 0; q < nlevels; q++) {
            double a = (1 - levels[q] / 100) / 2;
            lo[q][k] = fc_quantile(val, npaths, a);
            hi[q][k] = fc_quantile(val, npaths, 1 - a);
        }
    }
    free(state);
    free(val);
}

void
fc_ets_name(const struct fc_ets *f, char *buf, size_t size)
{
    static const char *const tr[] = {"N", "A", "Ad"}, *const se[] = {"N", "A", "M"};
    snprintf(buf, size, "ETS(%s,%s,%s)", f->error == FC_ERR_M ? "M" : "A", tr[f->trend],
             se[f->season]);
}
