/*
 * fc_arima.c — seasonal ARIMA(p,d,q)(P,D,Q)[m] models: the orders of
 * differencing by unit-root and seasonal-strength tests, the stepwise order
 * search of Hyndman & Khandakar (2008) by AICc, conditional-sum-of-squares
 * estimation, and forecasts with their variances from the psi weights.
 *
 * Estimation is by conditional sum of squares only, conditioned on the
 * pre-sample values being at their means (see css()).
 * The exact Gaussian likelihood (Kalman filter, R's default "CSS-ML") is not
 * implemented; on short series CSS estimates are a little noisier.
 *
 * Coefficients are estimated through partial autocorrelations mapped by
 * tanh (Jones 1980, as R's arima does for the AR part), for the MA parts as
 * well, so every model fitted is stationary and invertible by construction
 * and the simplex search is unconstrained.
 */
#include "fc_int.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "text.h"

/* KPSS 5% critical value for level stationarity (Kwiatkowski et al. 1992),
 * and the seasonal strength above which a seasonal difference is taken
 * (Wang, Smith & Hyndman 2006; R's nsdiffs default). */
#define KPSS_CRIT 0.463
#define SEAS_STRENGTH 0.64

/* ---- polynomials ----------------------------------------------------- */

/* Durbin-Levinson: partial autocorrelations tanh(raw[0..k)) into the
 * coefficients of a stationary 1 - c_1 B - ... - c_k B^k. */
static void
pacf_to_coef(const double *raw, int k, double *c)
{
    double work[FC_ARIMA_MAXP];

    for (int j = 0; j < k; j++)
        work[j] = c[j] = tanh(raw[j]);
    for (int j = 1; j < k; j++) {
        double a = c[j];
        for (int i = 0; i < j; i++)
            work[i] -= a * c[j - i - 1];
        for (int i = 0; i < j; i++)
            c[i] = work[i];
    }
}

/* The ARMA part in full: (1 - sum a B^i) = (1 - sum ar B^i)(1 - sum sar B^im)
 * and (1 + sum b B^i) = (1 + sum ma B^i)(1 + sum sma B^im). *na, *nb: the
 * lengths, p + mP and q + mQ. */
static void
expand(const struct fc_arima *f, double *a, int *na, double *b, int *nb)
{
    int m = f->m;

    *na = f->p + m * f->P;
    *nb = f->q + m * f->Q;
    memset(a, 0, (*na > 0 ? *na : 1) * sizeof *a);
    memset(b, 0, (*nb > 0 ? *nb : 1) * sizeof *b);
    for (int i = 0; i < f->p; i++)
        a[i] = f->ar[i];
    for (int j = 0; j < f->P; j++) {
        a[(j + 1) * m - 1] += f->sar[j];
        for (int i = 0; i < f->p; i++)
            a[(j + 1) * m + i] -= f->ar[i] * f->sar[j];
    }
    for (int i = 0; i < f->q; i++)
        b[i] = f->ma[i];
    for (int j = 0; j < f->Q; j++) {
        b[(j + 1) * m - 1] += f->sma[j];
        for (int i = 0; i < f->q; i++)
            b[(j + 1) * m + i] += f->ma[i] * f->sma[j];
    }
}

#define MAXA (FC_ARIMA_MAXP + 2 * FC_MAXM * FC_ARIMA_MAXP)

/* ---- differencing and tests ------------------------------------------ */

/* w[0..n - lag) = y[t + lag] - y[t]; returns the new length. */
static int
difference(const double *y, int n, int lag, double *w)
{
    for (int t = lag; t < n; t++)
        w[t - lag] = y[t] - y[t - lag];
    return n - lag;
}

static int
is_constant(const double *y, int n)
{
    for (int t = 1; t < n; t++)
        if (fabs(y[t] - y[0]) > 1e-12 * (fabs(y[0]) + 1))
            return 0;
    return 1;
}

double
fc_kpss(const double *y, int n)
{
    double mean = 0, eta = 0, s2 = 0, S = 0, *e;
    int l = (int)(4 * pow(n / 100.0, 0.25));

    if (n < 3)
        return 0;
    e = xmalloc(n * sizeof *e);
    for (int t = 0; t < n; t++)
        mean += y[t];
    mean /= n;
    for (int t = 0; t < n; t++) {
        e[t] = y[t] - mean;
        S += e[t];
        eta += S * S;
        s2 += e[t] * e[t];
    }
    /* Newey-West long-run variance with Bartlett weights */
    for (int s = 1; s <= l && s < n; s++) {
        double c = 0;
        for (int t = s; t < n; t++)
            c += e[t] * e[t - s];
        s2 += 2 * (1 - s / (l + 1.0)) * c;
    }
    free(e);
    s2 /= n;
    eta /= (double)n * n;
    return s2 > 0 ? eta / s2 : 0;
}

double
fc_seasonal_strength(const double *y, int n, int m)
{
    double idx[FC_MAXM], vr = 0, vsr = 0, mr = 0, msr = 0;
    int half = m / 2, cnt = 0;

    if (m < 2 || m > FC_MAXM || n < 2 * m || fc_decompose(y, n, m, 0, idx) < 0)
        return 0;
    /* remainder = y - trend - seasonal where the centred moving average
     * is defined; strength = 1 - var(remainder) / var(seasonal + remainder) */
    for (int pass = 0; pass < 2; pass++) {
        for (int t = half; t + half < n; t++) {
            double tr = 0, sr, r;
            if (m % 2 == 0) {
                tr = 0.5 * (y[t - half] + y[t + half]);
                for (int k = t - half + 1; k < t + half; k++)
                    tr += y[k];
            } else {
                for (int k = t - half; k <= t + half; k++)
                    tr += y[k];
            }
            tr /= m;
            sr = y[t] - tr;
            r = sr - idx[t % m];
            if (pass == 0) {
                mr += r;
                msr += sr;
                cnt++;
            } else {
                vr += (r - mr) * (r - mr);
                vsr += (sr - msr) * (sr - msr);
            }
        }
        if (pass == 0) {
            mr /= cnt;
            msr /= cnt;
        }
    }
    if (!(vsr > 0))
        return 0;
    return vr / vsr >= 1 ? 0 : 1 - vr / vsr;
}

/* ---- conditional sum of squares --------------------------------------- */

/* Residuals e[0..nw) of the ARMA(a, b) with mean mu over w, the values
 * and residuals before the start taken at their expectations (w = mu,
 * e = 0). Returns their sum of squares. Every model then explains the
 * same nw observations, so their likelihoods compare: dropping the first
 * p + mP residuals instead (R's CSS) lets a model win by discarding a
 * large early residual, which made the search pick too many AR terms. */
static double
css(const double *w, int nw, const double *a, int na, const double *b, int nb, double mu, double *e)
{
    /* seasonal polynomials are mostly zeros: loop over the others only */
    int ai[MAXA], bi[MAXA], ka = 0, kb = 0;
    double av[MAXA], bv[MAXA], ss = 0;

    for (int i = 0; i < na; i++)
        if (a[i] != 0)
            ai[ka] = i + 1, av[ka++] = a[i];
    for (int j = 0; j < nb; j++)
        if (b[j] != 0)
            bi[kb] = j + 1, bv[kb++] = b[j];
    for (int t = 0; t < nw; t++) {
        double v = w[t] - mu;
        for (int i = 0; i < ka && ai[i] <= t; i++)
            v -= av[i] * (w[t - ai[i]] - mu);
        for (int j = 0; j < kb && bi[j] <= t; j++)
            v -= bv[j] * e[t - bi[j]];
        e[t] = v;
        ss += v * v;
    }
    return ss;
}

struct fit_ctx {
    struct fc_arima *f;
    const double *w;
    int nw;
    double *e;
};

/* x: raw PACFs for ar, ma, sar, sma (in that order), then the mean. */
static void
unpack(struct fc_arima *f, const double *x)
{
    double neg[FC_ARIMA_MAXP];
    int k = 0;

    pacf_to_coef(x + k, f->p, f->ar);
    k += f->p;
    pacf_to_coef(x + k, f->q, neg);
    for (int i = 0; i < f->q; i++)
        f->ma[i] = -neg[i];
    k += f->q;
    pacf_to_coef(x + k, f->P, f->sar);
    k += f->P;
    pacf_to_coef(x + k, f->Q, neg);
    for (int i = 0; i < f->Q; i++)
        f->sma[i] = -neg[i];
    k += f->Q;
    f->mu = f->constant ? x[k] : 0;
}

static double
objective(const double *x, void *vctx)
{
    struct fit_ctx *c = vctx;
    double a[MAXA], b[MAXA], ss;
    int na, nb;

    unpack(c->f, x);
    expand(c->f, a, &na, b, &nb);
    ss = css(c->w, c->nw, a, na, b, nb, c->f->mu, c->e);
    return ss > 0 ? log(ss) : -1e300;
}

/* the series differenced D times at lag m, then d times at lag 1 */
static int
integrate_diff(const double *y, int n, int d, int D, int m, double *w)
{
    int nw = n;

    memcpy(w, y, n * sizeof *w);
    for (int i = 0; i < D; i++)
        nw = difference(w, nw, m, w);
    for (int i = 0; i < d; i++)
        nw = difference(w, nw, 1, w);
    return nw;
}

/* The raw (PACF) parameters of a fit, by component, for warm starts: the
 * parameterisation is nested (an AR(p) is the AR(p + 1) whose last partial
 * autocorrelation is zero), so a neighbour in the search starts from its
 * parent's values and zeros. */
static void
warm_start(const struct fc_arima *from, const struct fc_arima *f, double *x, double *step)
{
    const int np[4] = {f->p, f->q, f->P, f->Q}, fp[4] = {from->p, from->q, from->P, from->Q};
    int k = 0, kf = 0;

    for (int c = 0; c < 4; c++) {
        for (int i = 0; i < np[c]; i++) {
            if (i < fp[c]) {
                x[k + i] = from->raw[kf + i];
                step[k + i] = 0.1;
            }
        }
        k += np[c];
        kf += fp[c];
    }
    if (f->constant && from->constant)
        x[k] = from->mu;
}

static int arima_fit(const double *y, int n, int m, int p, int d, int q, int P, int D, int Q,
                     int constant, const struct fc_arima *from, struct fc_arima *f);

int
fc_arima_fit(const double *y, int n, int m, int p, int d, int q, int P, int D, int Q, int constant,
             struct fc_arima *f)
{
    return arima_fit(y, n, m, p, d, q, P, D, Q, constant, NULL, f);
}

static int
arima_fit(const double *y, int n, int m, int p, int d, int q, int P, int D, int Q, int constant,
          const struct fc_arima *from, struct fc_arima *f)
{
    double x[2 * FC_ARIMA_MAXP + 2 * FC_ARIMA_MAXSP + 1] = {0}, step[sizeof x / sizeof x[0]];
    double a[MAXA], b[MAXA], *w, *e, ss, mean = 0, var = 0;
    int nw, dim, na, nb, nu, k;
    struct fit_ctx ctx;

    memset(f, 0, sizeof *f);
    if (m < 2)
        m = 1, P = Q = D = 0;
    if (p < 0 || q < 0 || P < 0 || Q < 0 || p > FC_ARIMA_MAXP || q > FC_ARIMA_MAXP ||
        P > FC_ARIMA_MAXSP || Q > FC_ARIMA_MAXSP || d < 0 || d > 2 || D < 0 || D > 1 || m > FC_MAXM)
        return -1;
    f->p = p, f->d = d, f->q = q, f->P = P, f->D = D, f->Q = Q, f->m = m;
    f->constant = constant && d + D <= 1;
    nw = n - d - m * D;
    k = p + q + P + Q + f->constant;
    nu = nw;
    /* enough residuals for the AICc: more than k + 2 */
    if (n < 2 || nu < k + 3)
        return -1;
    w = xmalloc(n * sizeof *w);
    e = xmalloc(n * sizeof *e);
    integrate_diff(y, n, d, D, m, w);
    for (int t = 0; t < nw; t++)
        mean += w[t];
    mean /= nw;
    for (int t = 0; t < nw; t++)
        var += (w[t] - mean) * (w[t] - mean);
    var /= nw;
    dim = k;
    for (int i = 0; i < dim; i++)
        step[i] = 0.3;
    if (f->constant) {
        x[dim - 1] = mean;
        step[dim - 1] = var > 0 ? 0.3 * sqrt(var / nw) + 1e-8 : 1e-3;
    }
    if (from && from->m == f->m && from->d == d && from->D == D)
        warm_start(from, f, x, step);
    ctx.f = f;
    ctx.w = w;
    ctx.nw = nw;
    ctx.e = e;
    if (dim > 0)
        fc_nelder_mead(objective, &ctx, dim, x, step, 60 + 40 * dim, 1e-4, NULL);
    unpack(f, x);
    memcpy(f->raw, x, sizeof f->raw);
    expand(f, a, &na, b, &nb);
    ss = css(w, nw, a, na, b, nb, f->mu, e);
    free(w);
    free(e);
    if (!isfinite(ss))
        return -1;
    f->n = n;
    f->nobs = nw;
    /* a perfect fit (e.g. a straight line differenced) would make the
     * likelihood infinite: floor the variance far below any real noise */
    f->sigma2 = ss / nu > 1e-14 ? ss / nu : 1e-14;
    /* as R's CSS: the likelihood counts every differenced observation
     * (not only the nu residuals), so that models with different AR
     * orders compare on the same footing */
    f->lik = nw * (log(2 * M_PI * f->sigma2) + 1);
    f->aicc = f->lik + 2.0 * (k + 1) + 2.0 * (k + 1) * (k + 2) / (nw - k - 2);
    return 0;
}

/* ---- the stepwise search ---------------------------------------------- */

struct search {
    const double *y;
    int n, m, d, D, allow_const;
    struct fc_arima best;
    int have;
    int tried[FC_ARIMA_MAXP + 1][FC_ARIMA_MAXP + 1][FC_ARIMA_MAXSP + 1][FC_ARIMA_MAXSP + 1][2];
    int count;
};

/* Fit one candidate unless tried before; 1 when it became the best. */
static int
try_model(struct search *s, int p, int q, int P, int Q, int c)
{
    struct fc_arima f;

    if (p < 0 || q < 0 || P < 0 || Q < 0 || p > FC_ARIMA_MAXP || q > FC_ARIMA_MAXP ||
        P > FC_ARIMA_MAXSP || Q > FC_ARIMA_MAXSP || (c && !s->allow_const))
        return 0;
    if (s->m < 2 && (P || Q))
        return 0;
    /* undifferenced, a model without its mean forecasts a decay to zero:
     * never right for bookings, and on a short series the AICc's penalty
     * for the one mean parameter would choose it. R tries it; we do not. */
    if (s->d + s->D == 0 && !c)
        return 0;
    if (s->tried[p][q][P][Q][c])
        return 0;
    s->tried[p][q][P][Q][c] = 1;
    s->count++;
    if (arima_fit(s->y, s->n, s->m, p, s->d, q, P, s->D, Q, c, s->have ? &s->best : NULL, &f) < 0 ||
        !isfinite(f.aicc))
        return 0;
    if (s->have && f.aicc >= s->best.aicc)
        return 0;
    s->best = f;
    s->have = 1;
    return 1;
}

int
fc_arima_ndiffs(const double *y, int n)
{
    double *w = xmalloc((n > 0 ? n : 1) * sizeof *w);
    int d = 0, nw = n;

    memcpy(w, y, n * sizeof *w);
    while (d < 2 && nw >= 5 && !is_constant(w, nw) && fc_kpss(w, nw) > KPSS_CRIT) {
        nw = difference(w, nw, 1, w);
        d++;
    }
    free(w);
    return d;
}

int
fc_arima_auto(const double *y, int n, int m, struct fc_arima *best)
{
    struct search *s;
    double *w;
    int D = 0, d, nw, improved, c;

    if (n < 2)
        return -1;
    if (m < 2 || m > FC_MAXM)
        m = 1;
    /* a seasonal difference when the seasonal pattern is strong and there
     * are enough seasons to see it */
    if (m > 1 && n >= 2 * m + 2 && !is_constant(y, n) &&
        fc_seasonal_strength(y, n, m) > SEAS_STRENGTH)
        D = 1;
    w = xmalloc(n * sizeof *w);
    nw = integrate_diff(y, n, 0, D, m, w);
    d = is_constant(w, nw) ? 0 : fc_arima_ndiffs(w, nw);
    free(w);

    s = xcalloc(1, sizeof *s);
    s->y = y;
    s->n = n;
    s->m = m;
    s->d = d;
    s->D = D;
    s->allow_const = d + D <= 1;
    c = s->allow_const;
    /* the starting models of Hyndman & Khandakar (2008) */
    if (m > 1) {
        try_model(s, 2, 2, 1, 1, c);
        try_model(s, 0, 0, 0, 0, c);
        try_model(s, 1, 0, 1, 0, c);
        try_model(s, 0, 1, 0, 1, c);
    } else {
        try_model(s, 2, 2, 0, 0, c);
        try_model(s, 0, 0, 0, 0, c);
        try_model(s, 1, 0, 0, 0, c);
        try_model(s, 0, 1, 0, 0, c);
    }
    if (c)
        try_model(s, 0, 0, 0, 0, 0);
    if (!s->have) {
        /* too short for those: the plainest models that fit */
        for (int pp = 0; pp <= 1 && !s->have; pp++)
            try_model(s, pp, 0, 0, 0, s->allow_const);
    }
    /* neighbours of the best, first improvement, until none improves */
    do {
        struct fc_arima b = s->best;
        int p = b.p, q = b.q, P = b.P, Q = b.Q, k = b.constant;
        improved = 0;
        if (!s->have)
            break;
        improved = try_model(s, p, q, P - 1, Q, k) || try_model(s, p, q, P + 1, Q, k) ||
                   try_model(s, p, q, P, Q - 1, k) || try_model(s, p, q, P, Q + 1, k) ||
                   try_model(s, p, q, P - 1, Q - 1, k) || try_model(s, p, q, P + 1, Q + 1, k) ||
                   try_model(s, p, q, P - 1, Q + 1, k) || try_model(s, p, q, P + 1, Q - 1, k) ||
                   try_model(s, p - 1, q, P, Q, k) || try_model(s, p + 1, q, P, Q, k) ||
                   try_model(s, p, q - 1, P, Q, k) || try_model(s, p, q + 1, P, Q, k) ||
                   try_model(s, p - 1, q - 1, P, Q, k) || try_model(s, p + 1, q + 1, P, Q, k) ||
                   try_model(s, p - 1, q + 1, P, Q, k) || try_model(s, p + 1, q - 1, P, Q, k) ||
                   try_model(s, p, q, P, Q, !k);
    } while (improved && s->count < 94);
    if (!s->have) {
        free(s);
        return -1;
    }
    *best = s->best;
    free(s);
    return 0;
}

/* ---- forecasts ------------------------------------------------------- */

int
fc_arima_forecast(const struct fc_arima *f, const double *y, int n, int h, double *mean,
                  double *var)
{
    double a[MAXA], b[MAXA], *w, *e, *ys, *es, *c, *psi, cst, suma = 0;
    int na, nb, nw, lag = f->d + f->m * f->D, L;

    if (n != f->n || h < 1)
        return -1;
    expand(f, a, &na, b, &nb);
    w = xmalloc(n * sizeof *w);
    e = xmalloc(n * sizeof *e);
    nw = integrate_diff(y, n, f->d, f->D, f->m, w);
    css(w, nw, a, na, b, nb, f->mu, e);

    /* the integrated AR polynomial 1 - sum c_k B^k = phi(B)(1-B)^d(1-B^m)^D */
    L = na + lag;
    c = xcalloc(L + 1, sizeof *c);
    c[0] = 1;
    for (int i = 0; i < na; i++)
        c[i + 1] = -a[i];
    for (int r = 0, deg = na; r < f->d + f->D; r++) {
        int lagr = r < f->D ? f->m : 1;
        for (int k = deg + lagr; k >= lagr; k--)
            c[k] -= c[k - lagr];
        deg += lagr;
    }
    for (int k = 1; k <= L; k++)
        c[k] = -c[k];
    for (int i = 0; i < na; i++)
        suma += a[i];
    cst = f->mu * (1 - suma);

    ys = xmalloc((n + h) * sizeof *ys);
    es = xcalloc(n + h, sizeof *es);
    memcpy(ys, y, n * sizeof *ys);
    for (int t = 0; t < nw; t++)
        es[t + lag] = e[t];
    for (int t = n; t < n + h; t++) {
        double v = cst;
        for (int k = 1; k <= L && k <= t; k++)
            v += c[k] * ys[t - k];
        for (int j = 0; j < nb && j < t; j++)
            v += b[j] * es[t - 1 - j];
        ys[t] = v;
    }
    memcpy(mean, ys + n, h * sizeof *mean);

    if (var) {
        double acc = 0;
        psi = xcalloc(h, sizeof *psi);
        for (int j = 0; j < h; j++) {
            double v = j == 0 ? 1 : j - 1 < nb ? b[j - 1] : 0;
            for (int k = 1; k <= L && k <= j; k++)
                v += c[k] * psi[j - k];
            psi[j] = v;
            acc += v * v;
            var[j] = f->sigma2 * acc;
        }
        free(psi);
    }
    free(w);
    free(e);
    free(c);
    free(ys);
    free(es);
    return 0;
}

void
fc_arima_name(const struct fc_arima *f, char *buf, size_t size)
{
    int len = snprintf(buf, size, "ARIMA(%d,%d,%d)", f->p, f->d, f->q);

    if (len > 0 && (size_t)len < size && f->m > 1 && (f->P || f->D || f->Q))
        len += snprintf(buf + len, size - len, "(%d,%d,%d)[%d]", f->P, f->D, f->Q, f->m);
    if (len > 0 && (size_t)len < size && f->constant)
        snprintf(buf + len, size - len, f->d + f->D == 0 ? " with mean" : " with drift");
}
