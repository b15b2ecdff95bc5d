/*
 * fc_optim.c — Nelder-Mead simplex minimisation for the model fits.
 *
 * The objectives here are cheap (one pass over the series) but not smooth
 * at the edges of the parameter space, where they return +INFINITY; the
 * simplex method needs no derivatives and simply contracts away from such
 * points. Coefficients are the standard ones (reflection 1, expansion 2,
 * contraction 1/2, shrink 1/2).
 */
#include "fc_int.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "text.h"

/* The largest problem is a damped seasonal model with every initial state
 * free: 4 smoothing parameters + level + slope + FC_MAXM - 1 seasons. */
#define NM_MAXDIM (FC_MAXM + 8)

struct simplex {
    int dim;
    double p[NM_MAXDIM + 1][NM_MAXDIM]; /* vertices */
    double f[NM_MAXDIM + 1];            /* their values */
};

static double
eval(fc_objective f, void *ctx, const double *x, int *count)
{
    double v = f(x, ctx);
    (*count)++;
    return isnan(v) ? HUGE_VAL : v;
}

/* One run from x with edges step; returns evaluations used. */
static int
nm_run(fc_objective f, void *ctx, struct simplex *s, double *x, double *fx, const double *step,
       int maxeval, double ftol)
{
    int dim = s->dim, count = 0;
    double c[NM_MAXDIM], xr[NM_MAXDIM], xe[NM_MAXDIM], xc[NM_MAXDIM];

    memcpy(s->p[0], x, dim * sizeof *x);
    s->f[0] = *fx;
    for (int i = 0; i < dim; i++) {
        memcpy(s->p[i + 1], x, dim * sizeof *x);
        s->p[i + 1][i] += step[i];
        s->f[i + 1] = eval(f, ctx, s->p[i + 1], &count);
    }

    while (count < maxeval) {
        int best = 0, worst = 0, second;
        double fr, fe, fcn;

        for (int i = 1; i <= dim; i++) {
            if (s->f[i] < s->f[best])
                best = i;
            if (s->f[i] > s->f[worst])
                worst = i;
        }
        second = best;
        for (int i = 0; i <= dim; i++)
            if (i != worst && s->f[i] > s->f[second])
                second = i;
        /* converged: values agree (the objective is -2 log L, so an
         * absolute tolerance is meaningful) */
        if (isfinite(s->f[worst]) && s->f[worst] - s->f[best] <= ftol)
            break;

        memset(c, 0, dim * sizeof *c);
        for (int i = 0; i <= dim; i++)
            if (i != worst)
                for (int k = 0; k < dim; k++)
                    c[k] += s->p[i][k];
        for (int k = 0; k < dim; k++) {
            c[k] /= dim;
            xr[k] = 2 * c[k] - s->p[worst][k];
        }
        fr = eval(f, ctx, xr, &count);
        if (fr < s->f[best]) {
            for (int k = 0; k < dim; k++)
                xe[k] = 3 * c[k] - 2 * s->p[worst][k];
            fe = eval(f, ctx, xe, &count);
            if (fe < fr) {
                memcpy(s->p[worst], xe, dim * sizeof *xe);
                s->f[worst] = fe;
            } else {
                memcpy(s->p[worst], xr, dim * sizeof *xr);
                s->f[worst] = fr;
            }
            continue;
        }
        if (fr < s->f[second]) {
            memcpy(s->p[worst], xr, dim * sizeof *xr);
            s->f[worst] = fr;
            continue;
        }
        /* contract: outside when the reflection improved on the worst */
        if (fr < s->f[worst]) {
            for (int k = 0; k < dim; k++)
                xc[k] = c[k] + 0.5 * (xr[k] - c[k]);
        } else {
            for (int k = 0; k < dim; k++)
                xc[k] = c[k] + 0.5 * (s->p[worst][k] - c[k]);
        }
        fcn = eval(f, ctx, xc, &count);
        if (fcn < s->f[worst] && fcn <= fr) {
            memcpy(s->p[worst], xc, dim * sizeof *xc);
            s->f[worst] = fcn;
            continue;
        }
        /* shrink towards the best vertex */
        for (int i = 0; i <= dim; i++) {
            if (i == best)
                continue;
            for (int k = 0; k < dim; k++)
                s->p[i][k] = s->p[best][k] + 0.5 * (s->p[i][k] - s->p[best][k]);
            s->f[i] = eval(f, ctx, s->p[i], &count);
        }
    }

    for (int i = 0; i <= dim; i++) {
        if (s->f[i] < *fx) {
            *fx = s->f[i];
            memcpy(x, s->p[i], dim * sizeof *x);
        }
    }
    return count;
}

double
fc_nelder_mead(fc_objective f, void *ctx, int dim, double *x, const double *step, int maxeval,
               double ftol, int *nevals)
{
    struct simplex *s;
    double fx, half[NM_MAXDIM];
    int count = 1, used;

    fx = f(x, ctx);
    if (isnan(fx))
        fx = HUGE_VAL;
    if (dim <= 0 || dim > NM_MAXDIM) {
        if (nevals)
            *nevals = count;
        return fx;
    }
    s = xmalloc(sizeof *s);
    s->dim = dim;
    used = nm_run(f, ctx, s, x, &fx, step, maxeval - count, ftol);
    count += used;
    /* A simplex can collapse onto a ridge and stop short of the minimum;
     * a fresh, smaller one from the best point usually walks on. */
    if (count < maxeval) {
        for (int i = 0; i < dim; i++)
            half[i] = 0.5 * step[i];
        count += nm_run(f, ctx, s, x, &fx, half, maxeval - count, ftol);
    }
    free(s);
    if (nevals)
        *nevals = count;
    return fx;
}
