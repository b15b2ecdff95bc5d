/* model.c — logistic regression by Newton's method, and its measures (see model.h). */
#include "model.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "text.h"

void
model_init(struct model *m, double lambda)
{
    memset(m, 0, sizeof *m);
    m->lambda = lambda;
}

static int
add_feature(struct model *m, const char *name, enum model_kind kind)
{
    m->f = xrealloc(m->f, (size_t)(m->nf + 1) * sizeof *m->f);
    struct model_feature *f = &m->f[m->nf];
    memset(f, 0, sizeof *f);
    f->name = xstrdup(name);
    f->kind = kind;
    f->slot = kind == MODEL_NUMBER ? m->nnum++ : m->ncat++;
    f->first = -1;
    return m->nf++;
}

int
model_add_number(struct model *m, const char *name)
{
    return add_feature(m, name, MODEL_NUMBER);
}

int
model_add_category(struct model *m, const char *name)
{
    return add_feature(m, name, MODEL_CATEGORY);
}

int32_t
model_level(struct model *m, int feature, const char *level)
{
    struct model_feature *f = &m->f[feature];
    int is_new;
    struct hmap_entry *e = hmap_put(&f->levels, level, &is_new);
    if (is_new) {
        e->v.num = f->nnames;
        f->names = xrealloc(f->names, (size_t)(f->nnames + 1) * sizeof *f->names);
        f->names[f->nnames++] = e->key;
    }
    return (int32_t)e->v.num;
}

void
model_release(struct model *m)
{
    for (int k = 0; k < m->nf; k++) {
        free(m->f[k].name);
        hmap_release(&m->f[k].levels);
        free(m->f[k].names);
        free(m->f[k].column);
    }
    free(m->f);
    free(m->beta);
    memset(m, 0, sizeof *m);
}

void
model_rows_reserve(struct model_rows *r, const struct model *m, size_t n)
{
    if (n < r->n)
        n = r->n;
    r->cap = n ? n : 1;
    r->num = xrealloc(r->num, r->cap * (size_t)(m->nnum ? m->nnum : 1) * sizeof *r->num);
    r->cat = xrealloc(r->cat, r->cap * (size_t)(m->ncat ? m->ncat : 1) * sizeof *r->cat);
    r->y = xrealloc(r->y, r->cap * sizeof *r->y);
}

size_t
model_rows_add(struct model_rows *r, const struct model *m)
{
    if (r->n == r->cap)
        model_rows_reserve(r, m, r->cap ? r->cap * 2 : 256);
    size_t i = r->n++;
    for (int j = 0; j < m->nnum; j++)
        r->num[i * (size_t)m->nnum + (size_t)j] = NAN;
    for (int j = 0; j < m->ncat; j++)
        r->cat[i * (size_t)m->ncat + (size_t)j] = -1;
    r->y[i] = 0;
    return i;
}

void
model_rows_release(struct model_rows *r)
{
    free(r->num);
    free(r->cat);
    free(r->y);
    memset(r, 0, sizeof *r);
}

/* ---- the design: row i as (column, value) pairs ------------------------- */

/* Row i's nonzero columns: the intercept, the numbers (standardised), the
 * categories' level columns, in rising column order (layout numbers the
 * columns feature by feature, as they are visited here). Returns the
 * count written to col/val. */
static int
row_design(const struct model *m, const struct model_rows *r, size_t i, int *col, double *val)
{
    int k = 0;
    col[k] = 0;
    val[k++] = 1;
    for (int j = 0; j < m->nf; j++) {
        const struct model_feature *f = &m->f[j];
        if (f->kind == MODEL_NUMBER) {
            float x = r->num[i * (size_t)m->nnum + (size_t)f->slot];
            col[k] = f->first;
            val[k++] = isnan(x) || f->sd == 0 ? 0 : ((double)x - f->mean) / f->sd;
        } else {
            int32_t c = r->cat[i * (size_t)m->ncat + (size_t)f->slot];
            if (c >= 0 && c < f->ncolumn && f->column[c] >= 0) {
                col[k] = f->column[c];
                val[k++] = 1;
            }
        }
    }
    return k;
}

/* log(1 + e^x) without overflow. */
static double
log1pexp(double x)
{
    return x > 0 ? x + log1p(exp(-x)) : log1p(exp(x));
}

double
model_probability(double x)
{
    if (x >= 0)
        return 1 / (1 + exp(-x));
    double e = exp(x);
    return e / (1 + e);
}

/* The penalised log-likelihood at beta. */
static double
objective(const struct model *m, const struct model_rows *r, const double *beta, int *col,
          double *val)
{
    double ll = 0, pen = 0;
    for (size_t i = 0; i < r->n; i++) {
        int k = row_design(m, r, i, col, val);
        double eta = 0;
        for (int a = 0; a < k; a++)
            eta += beta[col[a]] * val[a];
        ll += (r->y[i] ? eta : 0) - log1pexp(eta);
    }
    for (int j = 1; j < m->p; j++)
        pen += beta[j] * beta[j];
    return ll - m->lambda / 2 * pen;
}

/* Solve A x = b for a symmetric positive definite A (p x p, row-major) by
 * Cholesky, in place: A becomes its factor, b the solution. Only A's lower
 * triangle (the diagonal included) is read. -1 when A is not positive
 * definite. */
static int
cholesky_solve(double *A, double *b, int p)
{
    for (int j = 0; j < p; j++) {
        double d = A[j * p + j];
        for (int k = 0; k < j; k++)
            d -= A[j * p + k] * A[j * p + k];
        if (!(d > 1e-300))
            return -1;
        d = sqrt(d);
        A[j * p + j] = d;
        for (int i = j + 1; i < p; i++) {
            double s = A[i * p + j];
            for (int k = 0; k < j; k++)
                s -= A[i * p + k] * A[j * p + k];
            A[i * p + j] = s / d;
        }
    }
    for (int i = 0; i < p; i++) { /* L y = b */
        double s = b[i];
        for (int k = 0; k < i; k++)
            s -= A[i * p + k] * b[k];
        b[i] = s / A[i * p + i];
    }
    for (int i = p - 1; i >= 0; i--) { /* L' x = y */
        double s = b[i];
        for (int k = i + 1; k < p; k++)
            s -= A[k * p + i] * b[k];
        b[i] = s / A[i * p + i];
    }
    return 0;
}

/* Columns: the numbers' means and sds, the categories' frequent levels. */
static void
layout(struct model *m, const struct model_rows *r)
{
    int p = 1;
    for (int j = 0; j < m->nf; j++) {
        struct model_feature *f = &m->f[j];
        if (f->kind == MODEL_NUMBER) {
            double sum = 0, ss = 0;
            size_t n = 0;
            for (size_t i = 0; i < r->n; i++) {
                float x = r->num[i * (size_t)m->nnum + (size_t)f->slot];
                if (!isnan(x)) {
                    sum += x;
                    n++;
                }
            }
            f->mean = n ? sum / (double)n : 0;
            for (size_t i = 0; i < r->n; i++) {
                float x = r->num[i * (size_t)m->nnum + (size_t)f->slot];
                if (!isnan(x))
                    ss += ((double)x - f->mean) * ((double)x - f->mean);
            }
            f->sd = n ? sqrt(ss / (double)n) : 0;
            f->first = p++;
        } else {
            size_t *count = xcalloc((size_t)f->nnames + 1, sizeof *count);
            for (size_t i = 0; i < r->n; i++) {
                int32_t c = r->cat[i * (size_t)m->ncat + (size_t)f->slot];
                if (c >= 0 && c < f->nnames)
                    count[c]++;
            }
            free(f->column);
            f->column = xcalloc((size_t)f->nnames + 1, sizeof *f->column);
            for (int c = 0; c < f->nnames; c++)
                f->column[c] = count[c] >= MODEL_MIN_LEVEL ? p++ : -1;
            f->ncolumn = f->nnames;
            free(count);
        }
    }
    m->p = p;
}

int
model_fit(struct model *m, const struct model_rows *r)
{
    layout(m, r);
    int p = m->p, rc = -1, kmax = 1 + m->nf;
    double *beta = xcalloc((size_t)p, sizeof *beta), *next = xcalloc((size_t)p, sizeof *next);
    double *g = xmalloc((size_t)p * sizeof *g), *H = xmalloc((size_t)p * p * sizeof *H);
    double *val = xmalloc((size_t)kmax * sizeof *val);
    int *col = xmalloc((size_t)kmax * sizeof *col);
    size_t pos = 0;

    /* start from the intercept of the base rate */
    for (size_t i = 0; i < r->n; i++)
        pos += r->y[i] != 0;
    if (pos == 0 || pos == r->n)
        goto out;
    beta[0] = log((double)pos / (double)(r->n - pos));
    double obj = objective(m, r, beta, col, val);
    for (m->iterations = 1; m->iterations <= 100; m->iterations++) {
        memset(g, 0, (size_t)p * sizeof *g);
        memset(H, 0, (size_t)p * p * sizeof *H);
        for (size_t i = 0; i < r->n; i++) {
            int k = row_design(m, r, i, col, val);
            double eta = 0;
            for (int a = 0; a < k; a++)
                eta += beta[col[a]] * val[a];
            double pr = model_probability(eta), w = pr * (1 - pr), res = r->y[i] - pr;
            /* only H's lower triangle (column <= row), all that
             * cholesky_solve reads: a row's columns rise with a */
            for (int a = 0; a < k; a++) {
                double wa = w * val[a];
                g[col[a]] += res * val[a];
                double *Hrow = H + (size_t)col[a] * p;
                for (int b = 0; b <= a; b++)
                    Hrow[col[b]] += wa * val[b];
            }
        }
        for (int j = 1; j < p; j++) {
            g[j] -= m->lambda * beta[j];
            H[(size_t)j * p + j] += m->lambda;
        }
        if (cholesky_solve(H, g, p)) /* g is now the step */
            goto out;
        double step = 1, nobj = obj, big = 0;
        for (int half = 0; half < 40; half++) {
            for (int j = 0; j < p; j++)
                next[j] = beta[j] + step * g[j];
            nobj = objective(m, r, next, col, val);
            if (nobj >= obj - 1e-12 * fabs(obj))
                break;
            step /= 2;
        }
        for (int j = 0; j < p; j++) {
            double d = fabs(step * g[j]);
            big = d > big ? d : big;
        }
        memcpy(beta, next, (size_t)p * sizeof *beta);
        double change = nobj - obj;
        obj = nobj;
        if (big < 1e-9 || (change >= 0 && change < 1e-13 * (1 + fabs(obj)) && big < 1e-6)) {
            rc = 0;
            break;
        }
    }
out:
    free(m->beta);
    m->beta = beta;
    free(next);
    free(g);
    free(H);
    free(val);
    free(col);
    return rc;
}

double
model_terms(const struct model *m, const struct model_rows *r, size_t i, double *term)
{
    double eta = m->beta[0];
    for (int j = 0; j < m->nf; j++) {
        const struct model_feature *f = &m->f[j];
        double t = 0;
        if (f->kind == MODEL_NUMBER) {
            float x = r->num[i * (size_t)m->nnum + (size_t)f->slot];
            if (!isnan(x) && f->sd > 0)
                t = m->beta[f->first] * ((double)x - f->mean) / f->sd;
        } else {
            int32_t c = r->cat[i * (size_t)m->ncat + (size_t)f->slot];
            if (c >= 0 && c < f->ncolumn && f->column[c] >= 0)
                t = m->beta[f->column[c]];
        }
        if (term)
            term[j] = t;
        eta += t;
    }
    return eta;
}

double
model_predict(const struct model *m, const struct model_rows *r, size_t i)
{
    return model_probability(model_terms(m, r, i, NULL));
}

/* ---- measures ------------------------------------------------------------ */

static const double *sort_p;

static int
by_p(const void *a, const void *b)
{
    double x = sort_p[*(const size_t *)a], y = sort_p[*(const size_t *)b];
    return x < y ? -1 : x > y;
}

double
model_auc(const double *p, const uint8_t *y, size_t n)
{
    size_t *ix = xmalloc((n ? n : 1) * sizeof *ix), n1 = 0;
    double r1 = 0;
    for (size_t i = 0; i < n; i++) {
        ix[i] = i;
        n1 += y[i] != 0;
    }
    sort_p = p;
    qsort(ix, n, sizeof *ix, by_p);
    for (size_t i = 0; i < n;) {
        size_t j = i;
        while (j < n && p[ix[j]] == p[ix[i]])
            j++;
        double mid = ((double)(i + 1) + (double)j) / 2; /* ranks i+1..j share their mean */
        for (size_t k = i; k < j; k++)
            if (y[ix[k]])
                r1 += mid;
        i = j;
    }
    free(ix);
    size_t n0 = n - n1;
    if (n1 == 0 || n0 == 0)
        return NAN;
    return (r1 - (double)n1 * ((double)n1 + 1) / 2) / ((double)n1 * (double)n0);
}

double
model_brier(const double *p, const uint8_t *y, size_t n)
{
    double s = 0;
    for (size_t i = 0; i < n; i++) {
        double d = p[i] - (y[i] ? 1 : 0);
        s += d * d;
    }
    return n ? s / (double)n : NAN;
}

double
model_logloss(const double *p, const uint8_t *y, size_t n)
{
    double s = 0;
    for (size_t i = 0; i < n; i++) {
        double q = p[i] < 1e-15 ? 1e-15 : p[i] > 1 - 1e-15 ? 1 - 1e-15 : p[i];
        s -= y[i] ? log(q) : log(1 - q);
    }
    return n ? s / (double)n : NAN;
}

void
model_calibration(const double *p, const uint8_t *y, size_t n, struct model_calib out[10])
{
    double sp[10] = {0}, sy[10] = {0};
    for (int b = 0; b < 10; b++) {
        out[b].lo = b / 10.0;
        out[b].hi = (b + 1) / 10.0;
        out[b].n = 0;
    }
    for (size_t i = 0; i < n; i++) {
        int b = (int)(p[i] * 10);
        b = b < 0 ? 0 : b > 9 ? 9 : b;
        out[b].n++;
        sp[b] += p[i];
        sy[b] += y[i] ? 1 : 0;
    }
    for (int b = 0; b < 10; b++) {
        out[b].mean_p = out[b].n ? sp[b] / (double)out[b].n : NAN;
        out[b].rate = out[b].n ? sy[b] / (double)out[b].n : NAN;
    }
}

void
model_evaluate(const double *p, const double *b, const uint8_t *y, size_t n, struct model_eval *ev)
{
    ev->ntest = n;
    ev->test_won = 0;
    for (size_t i = 0; i < n; i++)
        ev->test_won += y[i] != 0;
    ev->auc[0] = model_auc(p, y, n);
    ev->brier[0] = model_brier(p, y, n);
    ev->logloss[0] = model_logloss(p, y, n);
    ev->auc[1] = model_auc(b, y, n);
    ev->brier[1] = model_brier(b, y, n);
    ev->logloss[1] = model_logloss(b, y, n);
    model_calibration(p, y, n, ev->calib);
}
