/* fc_reconcile.c — bottom-up and WLS-structural reconciliation (see
 * fc_reconcile.h). The hierarchies of a sales team are small (tens to
 * hundreds of reps), so the normal equations are formed and solved by
 * Cholesky directly. */
#include "fc_reconcile.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "text.h"

static const char *const names[FC_REC_NMETHODS] = {"base", "bu", "wls", "mint"};

const char *
fc_rec_method_name(enum fc_rec_method m)
{
    return (int)m >= 0 && (int)m < FC_REC_NMETHODS ? names[m] : "?";
}

int
fc_rec_method_parse(const char *s, enum fc_rec_method *out)
{
    for (int i = 0; i < FC_REC_NMETHODS; i++)
        if (strcmp(s, names[i]) == 0)
            return *out = (enum fc_rec_method)i, 0;
    return -1;
}

/* Cholesky factor of the symmetric positive definite a[n*n] in place
 * (lower triangle). -1 when not positive definite. */
static int
cholesky(double *a, int n)
{
    for (int j = 0; j < n; j++) {
        double d = a[j * n + j];
        for (int k = 0; k < j; k++)
            d -= a[j * n + k] * a[j * n + k];
        if (!(d > 0))
            return -1;
        d = sqrt(d);
        a[j * n + j] = d;
        for (int i = j + 1; i < n; i++) {
            double v = a[i * n + j];
            for (int k = 0; k < j; k++)
                v -= a[i * n + k] * a[j * n + k];
            a[i * n + j] = v / d;
        }
    }
    return 0;
}

static void
chol_solve(const double *l, int n, double *x)
{
    for (int i = 0; i < n; i++) {
        double v = x[i];
        for (int k = 0; k < i; k++)
            v -= l[i * n + k] * x[k];
        x[i] = v / l[i * n + i];
    }
    for (int i = n - 1; i >= 0; i--) {
        double v = x[i];
        for (int k = i + 1; k < n; k++)
            v -= l[k * n + i] * x[k];
        x[i] = v / l[i * n + i];
    }
}

/* Every node the sum of its bottom series: adds up by construction. */
static void
sum_up(const unsigned char *S, int nn, int nb, const double *bottom, int h, double *out)
{
    for (int i = 0; i < nn; i++)
        for (int t = 0; t < h; t++) {
            double v = 0;
            for (int j = 0; j < nb; j++)
                if (S[(size_t)i * nb + j])
                    v += bottom[(size_t)j * h + t];
            out[(size_t)i * h + t] = v;
        }
}

int
fc_reconcile(const unsigned char *S, int nn, int nb, enum fc_rec_method method, const double *base,
             int h, double *out)
{
    double *bottom, *lam, *a = NULL;
    int rc = -1;

    if (nn < 1 || nb < 1 || h < 1)
        return -1;
    if (method == FC_REC_BASE) {
        memcpy(out, base, (size_t)nn * h * sizeof *out);
        return 0;
    }
    if (method == FC_REC_MINT)
        return -1;
    bottom = xcalloc((size_t)nb * h, sizeof *bottom);
    lam = xcalloc((size_t)nn, sizeof *lam);
    for (int i = 0; i < nn; i++)
        for (int j = 0; j < nb; j++)
            lam[i] += S[(size_t)i * nb + j];
    if (method == FC_REC_BU) {
        /* each bottom series' forecast is its own node's */
        for (int j = 0; j < nb; j++) {
            int node = -1;
            for (int i = 0; i < nn && node < 0; i++)
                if (lam[i] == 1 && S[(size_t)i * nb + j])
                    node = i;
            if (node < 0)
                goto out;
            memcpy(bottom + (size_t)j * h, base + (size_t)node * h, h * sizeof *bottom);
        }
    } else {
        /* (S' L S) b = S' L yhat, L = diag(1 / lam), one right-hand side
         * per horizon */
        a = xcalloc((size_t)nb * nb, sizeof *a);
        for (int i = 0; i < nn; i++) {
            if (lam[i] == 0)
                continue;
            for (int j = 0; j < nb; j++) {
                if (!S[(size_t)i * nb + j])
                    continue;
                for (int k = 0; k < nb; k++)
                    if (S[(size_t)i * nb + k])
                        a[(size_t)j * nb + k] += 1 / lam[i];
                for (int t = 0; t < h; t++)
                    bottom[(size_t)j * h + t] += base[(size_t)i * h + t] / lam[i];
            }
        }
        if (cholesky(a, nb) < 0)
            goto out;
        double *x = xmalloc((size_t)nb * sizeof *x);
        for (int t = 0; t < h; t++) {
            for (int j = 0; j < nb; j++)
                x[j] = bottom[(size_t)j * h + t];
            chol_solve(a, nb, x);
            for (int j = 0; j < nb; j++)
                bottom[(size_t)j * h + t] = x[j];
        }
        free(x);
    }
    sum_up(S, nn, nb, bottom, h, out);
    rc = 0;
out:
    free(bottom);
    free(lam);
    free(a);
    return rc;
}

double
fc_shrink_cov(const double *e, int nn, int T, double *W)
{
    double *sd = xcalloc((size_t)nn, sizeof *sd), maxv = 0, num = 0, den = 0, lambda;

    if (T < 2 || nn < 1) {
        free(sd);
        return -1;
    }
    for (int i = 0; i < nn; i++)
        for (int k = 0; k < nn; k++) {
            double v = 0;
            for (int t = 0; t < T; t++)
                v += e[(size_t)i * T + t] * e[(size_t)k * T + t];
            W[(size_t)i * nn + k] = v / T;
        }
    for (int i = 0; i < nn; i++) {
        sd[i] = sqrt(W[(size_t)i * nn + i]);
        if (W[(size_t)i * nn + i] > maxv)
            maxv = W[(size_t)i * nn + i];
    }
    if (!(maxv > 0)) {
        free(sd);
        return -1;
    }
    /* Var(r_ij) from the standardised errors x (as R's hts computes it):
       (sum_t x_ti^2 x_tj^2 - (sum_t x_ti x_tj)^2 / T) / (T (T - 1)) */
    for (int i = 0; i < nn; i++)
        for (int k = 0; k < nn; k++) {
            if (i == k || sd[i] == 0 || sd[k] == 0)
                continue;
            double s2 = 0, s1 = 0;
            for (int t = 0; t < T; t++) {
                double x = e[(size_t)i * T + t] / sd[i] * e[(size_t)k * T + t] / sd[k];
                s2 += x * x;
                s1 += x;
            }
            double r = W[(size_t)i * nn + k] / (sd[i] * sd[k]);
            num += (s2 - s1 * s1 / T) / ((double)T * (T - 1));
            den += r * r;
        }
    lambda = den > 0 ? num / den : 1;
    lambda = lambda < 0 ? 0 : lambda > 1 ? 1 : lambda;
    for (int i = 0; i < nn; i++)
        for (int k = 0; k < nn; k++)
            if (i != k)
                W[(size_t)i * nn + k] *= 1 - lambda;
            else if (W[(size_t)i * nn + i] == 0)
                W[(size_t)i * nn + i] = 1e-9 * maxv;
    free(sd);
    return lambda;
}

int
fc_reconcile_mint(const unsigned char *S, int nn, int nb, const double *W, const double *base,
                  int h, double *out)
{
    double *l = xmalloc((size_t)nn * nn * sizeof *l), *x = xmalloc((size_t)nn * nb * sizeof *x);
    double *a = xcalloc((size_t)nb * nb, sizeof *a),
           *bottom = xcalloc((size_t)nb * h, sizeof *bottom);
    double *col = xmalloc((size_t)nn * sizeof *col);
    int rc = -1;

    if (nn < 1 || nb < 1 || h < 1)
        goto out;
    memcpy(l, W, (size_t)nn * nn * sizeof *l);
    if (cholesky(l, nn) < 0)
        goto out;
    /* x = W^-1 S, a column at a time */
    for (int j = 0; j < nb; j++) {
        for (int i = 0; i < nn; i++)
            col[i] = S[(size_t)i * nb + j];
        chol_solve(l, nn, col);
        for (int i = 0; i < nn; i++)
            x[(size_t)i * nb + j] = col[i];
    }
    /* (S' W^-1 S) b = (W^-1 S)' base */
    for (int j = 0; j < nb; j++) {
        for (int k = 0; k < nb; k++)
            for (int i = 0; i < nn; i++)
                if (S[(size_t)i * nb + j])
                    a[(size_t)j * nb + k] += x[(size_t)i * nb + k];
        for (int t = 0; t < h; t++)
            for (int i = 0; i < nn; i++)
                bottom[(size_t)j * h + t] += x[(size_t)i * nb + j] * base[(size_t)i * h + t];
    }
    if (cholesky(a, nb) < 0)
        goto out;
    for (int t = 0; t < h; t++) {
        for (int j = 0; j < nb; j++)
            col[j] = bottom[(size_t)j * h + t];
        chol_solve(a, nb, col);
        for (int j = 0; j < nb; j++)
            bottom[(size_t)j * h + t] = col[j];
    }
    sum_up(S, nn, nb, bottom, h, out);
    rc = 0;
out:
    free(l);
    free(x);
    free(a);
    free(bottom);
    free(col);
    return rc;
}
