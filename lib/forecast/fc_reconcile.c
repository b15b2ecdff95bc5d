/* fc_reconcile.c — bottom-up and WLS-structural reconciliation (see
 * fc_reconcile.h). The hierarchies of a sales team are small (tens to
 * hundreds of reps), so the normal equations are formed and solved by
 * Cholesky directly. */
#include "fc_reconcile.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "text.h"

static const char *const names[FC_REC_NMETHODS] = {"base", "bu", "wls"};

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
    /* every node the sum of its bottom series: adds up by construction */
    for (int i = 0; i < nn; i++)
        for (int t = 0; t < h; t++) {
            double v = 0;
            for (int j = 0; j < nb; j++)
                if (S[(size_t)i * nb + j])
                    v += bottom[(size_t)j * h + t];
            out[(size_t)i * h + t] = v;
        }
    rc = 0;
out:
    free(bottom);
    free(lam);
    free(a);
    return rc;
}
