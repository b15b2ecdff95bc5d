/* Unit tests for model: the logistic fit against known solutions, AUC with ties, Brier, log loss, calibration. */
#include <math.h>

#include "tap.h"

#include "model.h"

/* A category alone, no penalty: the MLE is closed-form. Level "c" (4 rows,
 * under MODEL_MIN_LEVEL) is "other", the baseline; "a" and "b" get columns.
 * Rates: other 1/4, a 4/6, b 1/5, so b0 = logit(1/4) = -ln 3,
 * b_a = logit(2/3) - logit(1/4) = ln 2 + ln 3 = ln 6,
 * b_b = logit(1/5) - logit(1/4) = -ln 4 + ln 3 = ln(3/4). */
static void
closed_form(void)
{
    static const char *lv[] = {"c", "c", "c", "c", "a", "a", "a", "a", "a",
                               "a", "b", "b", "b", "b", "b"};
    static const int y[] = {1, 0, 0, 0, 1, 1, 1, 1, 0, 0, 1, 0, 0, 0, 0};
    struct model m;
    struct model_rows r = {0};
    model_init(&m, 0);
    int f = model_add_category(&m, "level");
    for (int i = 0; i < 15; i++) {
        size_t k = model_rows_add(&r, &m);
        r.cat[k] = model_level(&m, f, lv[i]);
        r.y[k] = (uint8_t)y[i];
    }
    is_int(model_fit(&m, &r), 0, "category fit converges");
    is_int(m.p, 3, "intercept and two level columns (c is other)");
    is_num(m.beta[0], -log(3), 1e-8, "intercept = logit(1/4) = -ln 3");
    double t[1];
    model_terms(&m, &r, 4, t);
    is_num(t[0], log(6), 1e-8, "level a = ln 6");
    model_terms(&m, &r, 10, t);
    is_num(t[0], log(0.75), 1e-8, "level b = ln 3/4");
    model_terms(&m, &r, 0, t);
    is_num(t[0], 0, 0, "level c is other: no term");
    is_num(model_predict(&m, &r, 4), 4.0 / 6, 1e-8, "a row predicts a's rate");
    /* a level never seen in training is other too */
    size_t k = model_rows_add(&r, &m);
    r.cat[k] = model_level(&m, f, "new");
    is_num(model_predict(&m, &r, k), 0.25, 1e-8, "an unseen level predicts other's rate");
    model_rows_release(&r);
    model_release(&m);
}

/* Two numbers, standardised, lambda = 1. Reference from an independent
 * pure-Python Newton fit (population sd; intercept not penalised):
 *   x1 = 1..12, x2 = 3,1,4,1,5,9,2,6,5,3,5,8, y = 0,0,1,0,0,1,0,1,1,0,1,1
 *   -> beta = 0.0323703398, 0.4397828187, 1.2551258310; p(row 1) = 0.2045761224
 * (the script: /tmp/score-ref/ref.py when this was written; it solves
 * H d = g by Gauss-Jordan, not by Cholesky). */
static void
penalised(void)
{
    static const float x1[] = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12};
    static const float x2[] = {3, 1, 4, 1, 5, 9, 2, 6, 5, 3, 5, 8};
    static const int y[] = {0, 0, 1, 0, 0, 1, 0, 1, 1, 0, 1, 1};
    struct model m;
    struct model_rows r = {0};
    model_init(&m, 1);
    model_add_number(&m, "x1");
    model_add_number(&m, "x2");
    for (int i = 0; i < 12; i++) {
        size_t k = model_rows_add(&r, &m);
        r.num[k * 2] = x1[i];
        r.num[k * 2 + 1] = x2[i];
        r.y[k] = (uint8_t)y[i];
    }
    is_int(model_fit(&m, &r), 0, "penalised fit converges");
    is_num(m.beta[0], 0.0323703398, 1e-8, "intercept");
    is_num(m.beta[1], 0.4397828187, 1e-8, "x1 coefficient (standardised)");
    is_num(m.beta[2], 1.2551258310, 1e-8, "x2 coefficient (standardised)");
    is_num(model_predict(&m, &r, 0), 0.2045761224, 1e-8, "first row's probability");
    is_num(m.f[0].mean, 6.5, 1e-12, "x1 mean");
    is_num(m.f[0].sd, sqrt(143.0 / 12), 1e-9, "x1 population sd");
    /* a missing number takes the mean: no term */
    size_t k = model_rows_add(&r, &m);
    r.num[k * 2 + 1] = 9;
    double t[2];
    double eta = model_terms(&m, &r, k, t);
    is_num(t[0], 0, 0, "missing x1 contributes nothing");
    is_num(eta, m.beta[0] + t[1], 1e-15, "log-odds = intercept + terms");
    /* deterministic: a second fit gives the same bits */
    double b0 = m.beta[0], b2 = m.beta[2];
    r.n--;
    model_fit(&m, &r);
    ok(m.beta[0] == b0 && m.beta[2] == b2, "the same rows give the same coefficients");
    model_rows_release(&r);
    model_release(&m);
}

/* Complete separation stays finite with a penalty, and fails to fit with
 * one outcome only. */
static void
edges(void)
{
    struct model m;
    struct model_rows r = {0};
    model_init(&m, 1);
    model_add_number(&m, "x");
    for (int i = 0; i < 10; i++) {
        size_t k = model_rows_add(&r, &m);
        r.num[k] = (float)i;
        r.y[k] = i >= 5;
    }
    is_int(model_fit(&m, &r), 0, "separated data: the penalty keeps the fit finite");
    ok(isfinite(m.beta[1]) && m.beta[1] > 0, "and the slope points the right way");
    for (size_t i = 0; i < r.n; i++)
        r.y[i] = 1;
    is_int(model_fit(&m, &r), -1, "one outcome only: no fit");
    model_rows_release(&r);
    model_release(&m);
}

/* Worked by hand. p = .1 .4 .4 .8 .8 .9, y = 0 1 0 0 1 1.
 * Ranks with ties at their mean: .1 -> 1, .4 -> 2.5, 2.5, .8 -> 4.5, 4.5,
 * .9 -> 6. R1 (positives) = 2.5 + 4.5 + 6 = 13; AUC = (13 - 3*4/2) / (3*3)
 * = 7/9. Pairwise: .4 beats .1, ties .4 (1.5); .8 beats .1 .4, ties .8
 * (2.5); .9 beats all (3): 7 of 9. Brier: (.01+.36+.16+.64+.04+.01)/6 =
 * 1.22/6. Log loss: -(ln .9 + ln .4 + ln .6 + ln .2 + ln .8 + ln .9)/6 =
 * 0.5784031418. */
static void
measures(void)
{
    static const double p[] = {0.1, 0.4, 0.4, 0.8, 0.8, 0.9};
    static const uint8_t y[] = {0, 1, 0, 0, 1, 1};
    is_num(model_auc(p, y, 6), 7.0 / 9, 1e-12, "AUC with ties = 7/9");
    static const double q[] = {0.9, 0.8, 0.8, 0.4, 0.4, 0.1}; /* the order reversed */
    is_num(model_auc(q, y, 6), 2.0 / 9, 1e-12, "reversed scores: 1 - 7/9");
    static const double same[] = {0.5, 0.5, 0.5, 0.5, 0.5, 0.5};
    is_num(model_auc(same, y, 6), 0.5, 1e-12, "all tied: 0.5");
    static const uint8_t ones[] = {1, 1, 1, 1, 1, 1};
    ok(isnan(model_auc(p, ones, 6)), "one outcome only: NAN");
    is_num(model_brier(p, y, 6), 1.22 / 6, 1e-12, "Brier");
    is_num(model_logloss(p, y, 6), 0.5784031418, 1e-9, "log loss");
    struct model_calib c[10];
    model_calibration(p, y, 6, c);
    is_int(c[0].n, 0, "nothing under 0.1");
    ok(isnan(c[0].rate), "an empty bin has no rate");
    is_int(c[1].n, 1, "0.1 is in [0.1, 0.2)");
    is_int(c[4].n, 2, "two in [0.4, 0.5)");
    is_num(c[4].rate, 0.5, 0, "half of them won");
    is_num(c[8].mean_p, 0.8, 1e-12, "mean prediction of [0.8, 0.9)");
    is_int(c[9].n, 1, "0.9 is in the last bin");
    static const double one[] = {1.0};
    static const uint8_t y1[] = {1};
    model_calibration(one, y1, 1, c);
    is_int(c[9].n, 1, "1.0 is in the last bin");
}

int
main(void)
{
    closed_form();
    penalised();
    edges();
    measures();
    return done_testing();
}
