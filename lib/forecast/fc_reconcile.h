/*
 * fc_reconcile.h — forecast reconciliation for a hierarchy of series
 * (reps -> teams -> company, or segments -> total): base forecasts made
 * for every node independently are revised so that every parent is the
 * sum of its children.
 *
 * The hierarchy is its summing matrix S (nn nodes x nb bottom series,
 * row-major, S[i * nb + j] = 1 when bottom series j is under node i; a
 * bottom node's row has a single 1). Forecasts are node-major:
 * base[i * h + k] is node i's forecast k periods ahead.
 *
 * Layer 1 (part of the forecasting engine, fc_*): includes nothing of ours.
 */
#ifndef SALES_FC_RECONCILE_H
#define SALES_FC_RECONCILE_H

enum fc_rec_method {
    FC_REC_BASE, /* "base": the forecasts as made (they need not add up) */
    FC_REC_BU,   /* "bu": bottom-up, every parent the sum of its bottom series */
    FC_REC_WLS,  /* "wls": optimal combination, weighted least squares with
                    structural scaling (weight of a node = 1 / its bottom count) */
    FC_REC_MINT  /* "mint": optimal combination, generalised least squares with
                    W the shrunk covariance of the nodes' one-step errors */
};
#define FC_REC_NMETHODS 4

/* fc_rec_method_name: "base", "bu", "wls", "mint"; fc_rec_method_parse the
 * reverse (0, or -1 for an unknown name). */
const char *fc_rec_method_name(enum fc_rec_method m);
int fc_rec_method_parse(const char *s, enum fc_rec_method *out);

/*
 * fc_reconcile: out[nn * h] = S G base, where G maps the base forecasts to
 * bottom-level ones: for bu, G picks the bottom nodes' own forecasts; for
 * wls, G = (S' L S)^-1 S' L with L = diag(1 / row sums of S) (Wickramasuriya,
 * Athanasopoulos & Hyndman 2019, structural scaling). For base, out is a
 * copy. Returns 0, or -1 when S is malformed (a bottom series with no
 * bottom node of its own, for bu) or the system is singular; mint needs
 * its W, through fc_reconcile_mint (here: -1).
 */
int fc_reconcile(const unsigned char *S, int nn, int nb, enum fc_rec_method method,
                 const double *base, int h, double *out);

/*
 * fc_shrink_cov: W[nn * nn] from the nodes' one-step errors e[nn * T]
 * (node-major, T >= 2): the covariance X'X / T (about zero, as MinT takes
 * it) shrunk towards its diagonal, W = lambda D + (1 - lambda) X'X / T,
 * with lambda = sum_{i != j} Var(r_ij) / sum_{i != j} r_ij^2 cut to [0, 1]
 * (Schafer and Strimmer 2005; r the correlations, Var(r_ij) estimated from
 * the standardised errors). A node whose errors are all zero gets the
 * variance 1e-9 times the largest (it is trusted most, and W stays
 * positive definite). Returns lambda, or -1 when T < 2 or every error is
 * zero.
 */
double fc_shrink_cov(const double *e, int nn, int T, double *W);

/*
 * fc_reconcile_mint: out[nn * h] = S (S' W^-1 S)^-1 S' W^-1 base (the
 * MinT solution of Wickramasuriya et al. 2019 for a given W, nn x nn,
 * symmetric positive definite). Returns 0, or -1 when W or S' W^-1 S is
 * not positive definite.
 */
int fc_reconcile_mint(const unsigned char *S, int nn, int nb, const double *W, const double *base,
                      int h, double *out);

#endif
