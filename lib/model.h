/*
 * model.h — a small, deterministic logistic regression and the measures
 * that say how good it is (deal-score).
 *
 * The model: P(y = 1 | x) = 1 / (1 + exp(-(b0 + sum_j b_j z_j))), where
 * z holds the features as columns:
 * - a number is standardised, z = (x - mean) / sd with the training
 *   mean and standard deviation (sd 0: z = 0); a missing number (NAN)
 *   takes the mean, z = 0;
 * - a category is one-hot: one column per level seen at least
 *   MODEL_MIN_LEVEL times in training, z = 1 for the row's level; rarer
 *   levels, and levels first seen when scoring, are "other", all zeros.
 * The fit maximises the penalised log-likelihood
 *   sum_i [y_i log p_i + (1 - y_i) log(1 - p_i)] - (lambda / 2) sum_{j>0} b_j^2
 * by Newton's method (IRLS): b += H^-1 g with g = Z'(y - p) - lambda b and
 * H = Z'WZ + lambda I (W = diag p(1 - p); the intercept not penalised),
 * the step halved while the objective falls, solved by Cholesky. The
 * penalty keeps one-hot levels identifiable without a dropped level and
 * the fit finite when a feature separates the outcomes.
 *
 * Includes hmap.
 */
#ifndef SALES_MODEL_H
#define SALES_MODEL_H

#include <stddef.h>
#include <stdint.h>

#include "hmap.h"

#define MODEL_MIN_LEVEL 5 /* a category level rarer than this in training is "other" */

enum model_kind { MODEL_NUMBER, MODEL_CATEGORY };

struct model_feature {
    char *name;
    enum model_kind kind;
    int slot;           /* its place in a row: numbers and categories counted apart */
    double mean, sd;    /* a number's training mean and standard deviation */
    struct hmap levels; /* a category: level -> code (num), every level named so far */
    char **names;       /* code -> level */
    int nnames;
    int *column; /* code -> coefficient index, or -1 ("other"); after the fit */
    int ncolumn; /* codes column covers: levels named by then (later ones are other) */
    int first;   /* a number: its coefficient index */
};

/* The rows to fit or score: numbers num[i * nnum + slot] (NAN: missing),
 * categories cat[i * ncat + slot] (level codes from model_level, -1:
 * missing, which is "other"), outcomes y[i] (0 or 1; fitting only). */
struct model_rows {
    size_t n, cap;
    float *num;
    int32_t *cat;
    uint8_t *y;
};

struct model {
    struct model_feature *f;
    int nf, nnum, ncat;
    double lambda;
    int p;        /* coefficients, intercept first */
    double *beta; /* after model_fit */
    int iterations;
};

/* model_init: an empty model with L2 penalty lambda (>= 0). */
void model_init(struct model *m, double lambda);
/* model_add_number, model_add_category: declare a feature (before any
 * row); returns its index in m->f. name is copied. */
int model_add_number(struct model *m, const char *name);
int model_add_category(struct model *m, const char *name);
/* model_level: the code of a category's level, made when new. */
int32_t model_level(struct model *m, int feature, const char *level);
void model_release(struct model *m);

/* model_rows_add: a new row (its cells zeroed; numbers NAN, categories
 * -1); returns its index. */
size_t model_rows_add(struct model_rows *r, const struct model *m);
/* model_rows_reserve: room for n rows in all (no growing, no slack). */
void model_rows_reserve(struct model_rows *r, const struct model *m, size_t n);
void model_rows_release(struct model_rows *r);

/* model_fit: fit m to the rows (both outcomes must occur). Returns 0, or
 * -1 when the Newton steps do not converge in 100 iterations or the
 * system is singular. Deterministic: the same rows give the same bits. */
int model_fit(struct model *m, const struct model_rows *r);

/* model_terms: the linear predictor's terms for row i: term[k] for
 * feature k (a number: b_j z; a category: its level's coefficient, 0 for
 * "other"). Returns the intercept plus the terms (the log-odds). */
double model_terms(const struct model *m, const struct model_rows *r, size_t i, double *term);
/* model_probability: the probability of log-odds x, 1 / (1 + e^-x),
 * without overflow. */
double model_probability(double x);
/* model_predict: the probability for row i. */
double model_predict(const struct model *m, const struct model_rows *r, size_t i);

/* ---- how good a probability is ------------------------------------------ */

/* model_auc: the area under the ROC curve of scores p for outcomes y: the
 * Mann-Whitney statistic, (R1 - n1 (n1 + 1) / 2) / (n1 n0) with R1 the
 * sum of the positives' ranks among all n, ties given their mean rank
 * (so a tie between a positive and a negative counts one half). NAN when
 * either outcome is missing. */
double model_auc(const double *p, const uint8_t *y, size_t n);
/* model_brier: mean (p - y)^2. */
double model_brier(const double *p, const uint8_t *y, size_t n);
/* model_logloss: -mean [y ln p + (1 - y) ln(1 - p)], p kept within
 * [1e-15, 1 - 1e-15]. */
double model_logloss(const double *p, const uint8_t *y, size_t n);

/* One bin of a calibration table: predictions in [lo, hi). */
struct model_calib {
    double lo, hi;
    size_t n;
    double mean_p, rate; /* mean prediction, share of y = 1 (NAN when n is 0) */
};
/* model_calibration: the predictions in ten probability deciles, [0, 0.1)
 * to [0.9, 1.0] (the last includes 1). */
void model_calibration(const double *p, const uint8_t *y, size_t n, struct model_calib out[10]);

/* A model against a baseline on held-out rows. */
struct model_eval {
    size_t ntrain, ntest, test_won;
    double auc[2], brier[2], logloss[2]; /* [0] the model, [1] the baseline */
    struct model_calib calib[10];        /* the model's */
};

/* model_evaluate: the measures of predictions p and baseline b for
 * outcomes y (n rows) into ev (ntest, test_won too; ntrain is the
 * caller's). */
void model_evaluate(const double *p, const double *b, const uint8_t *y, size_t n,
                    struct model_eval *ev);

#endif
