/* Unit tests for fc_reconcile: bottom-up and WLS with structural scaling
 * on hierarchies small enough to solve by hand. */
#include <math.h>

#include "tap.h"

#include "fc_reconcile.h"

int
main(void)
{
    /* total = A + B; base forecasts 10, 3, 5 (they do not add up) */
    static const unsigned char S2[] = {1, 1, 1, 0, 0, 1};
    double base[3] = {10, 3, 5}, out[3];
    /* two levels over three bottom series: total; east = a + b; west = c;
     * a; b; c. Two horizons. */
    static const unsigned char S3[] = {1, 1, 1, 1, 1, 0, 0, 0, 1, 1, 0, 0, 0, 1, 0, 0, 0, 1};
    double b3[12] = {100, 90, 50, 40, 60, 60, 20, 20, 20, 20, 60, 60}, o3[12];
    enum fc_rec_method m;

    ok(fc_reconcile(S2, 3, 2, FC_REC_BU, base, 1, out) == 0, "bu");
    is_num(out[0], 8, 1e-12, "bu: the total is the sum of the bottom forecasts");
    is_num(out[1], 3, 1e-12, "bu: A unchanged");
    is_num(out[2], 5, 1e-12, "bu: B unchanged");

    /* S'LS = [[1.5, .5], [.5, 1.5]], S'L yhat = [10/2 + 3, 10/2 + 5] = [8, 10]:
     * A = (1.5 * 8 - .5 * 10) / 2 = 3.5, B = (15 - 4) / 2 = 5.5, total 9 */
    ok(fc_reconcile(S2, 3, 2, FC_REC_WLS, base, 1, out) == 0, "wls");
    is_num(out[1], 3.5, 1e-12, "wls: A = 3.5 by hand");
    is_num(out[2], 5.5, 1e-12, "wls: B = 5.5 by hand");
    is_num(out[0], 9, 1e-12, "wls: total = 9, the sum");

    ok(fc_reconcile(S2, 3, 2, FC_REC_BASE, base, 1, out) == 0 && out[0] == 10 && out[1] == 3 &&
           out[2] == 5,
       "base: a copy");

    /* neither horizon adds up: at horizon 1 east says 50 against
     * a + b = 40; at horizon 2 the total says 90 against 20 + 20 + 60 */
    ok(fc_reconcile(S3, 6, 3, FC_REC_WLS, b3, 2, o3) == 0, "wls, three levels");
    for (int k = 0; k < 2; k++) {
        is_num(o3[0 * 2 + k], o3[3 * 2 + k] + o3[4 * 2 + k] + o3[5 * 2 + k], 1e-9,
               "horizon %d: total = a + b + c", k + 1);
        is_num(o3[1 * 2 + k], o3[3 * 2 + k] + o3[4 * 2 + k], 1e-9, "horizon %d: east = a + b",
               k + 1);
        is_num(o3[2 * 2 + k], o3[5 * 2 + k], 1e-9, "horizon %d: west = c", k + 1);
    }
    /* a coherent set of base forecasts is left as it is */
    {
        double coh[6] = {90, 70, 20, 30, 40, 20}, oc[6];
        fc_reconcile(S3, 6, 3, FC_REC_WLS, coh, 1, oc);
        int same = 1;
        for (int i = 0; i < 6; i++)
            same &= oc[i] - coh[i] < 1e-9 && coh[i] - oc[i] < 1e-9;
        ok(same, "wls leaves coherent forecasts unchanged");
    }
    ok(fc_reconcile(S2, 3, 2, FC_REC_WLS, base, 0, out) < 0, "horizon 0 refused");
    {
        static const unsigned char bad[] = {1, 1}; /* a total with no bottom nodes */
        ok(fc_reconcile(bad, 1, 2, FC_REC_BU, base, 1, out) < 0, "bu without bottom nodes refused");
    }
    ok(fc_rec_method_parse("wls", &m) == 0 && m == FC_REC_WLS, "wls parses");
    ok(fc_rec_method_parse("mint", &m) == 0 && m == FC_REC_MINT, "mint parses");
    ok(fc_rec_method_parse("ols", &m) < 0, "an unknown method is refused");
    is_str(fc_rec_method_name(FC_REC_BU), "bu", "bu is named bu");
    ok(fc_reconcile(S2, 3, 2, FC_REC_MINT, base, 1, out) < 0, "mint needs its W");

    /* ---- MinT ---- */
    {
        /* W = diag(bottom counts) is WLS with structural scaling */
        double W[36] = {0}, om[12];
        static const double lam[6] = {3, 2, 1, 1, 1, 1};
        for (int i = 0; i < 6; i++)
            W[i * 6 + i] = lam[i];
        ok(fc_reconcile(S3, 6, 3, FC_REC_WLS, b3, 2, o3) == 0 &&
               fc_reconcile_mint(S3, 6, 3, W, b3, 2, om) == 0,
           "mint with W = diag(3, 2, 1, 1, 1, 1)");
        double worst = 0;
        for (int i = 0; i < 12; i++)
            worst = fmax(worst, fabs(om[i] - o3[i]));
        is_num(worst, 0, 1e-9, "... equals wls");

        /* a W with correlations: still adds up, exactly as sums */
        double W2[36];
        for (int i = 0; i < 6; i++)
            for (int k = 0; k < 6; k++)
                W2[i * 6 + k] = i == k ? 4 + i : 0.5 + 0.1 * (i + k);
        ok(fc_reconcile_mint(S3, 6, 3, W2, b3, 2, om) == 0, "mint with a full W");
        for (int k = 0; k < 2; k++) {
            is_num(om[0 * 2 + k], om[3 * 2 + k] + om[4 * 2 + k] + om[5 * 2 + k], 1e-9,
                   "mint, horizon %d: total = a + b + c", k + 1);
            is_num(om[1 * 2 + k], om[3 * 2 + k] + om[4 * 2 + k], 1e-9,
                   "mint, horizon %d: east = a + b", k + 1);
            is_num(om[2 * 2 + k], om[5 * 2 + k], 1e-9, "mint, horizon %d: west = c", k + 1);
        }
        /* two nodes: total = A + B, with W = diag(1, 1, 1): the GLS of
         * (10, 3, 5): minimise (10 - a - b)^2 + (3 - a)^2 + (5 - b)^2:
         * a = (10 + 2 * 3 - 5) / 3 = 11 / 3, b = 17 / 3 (OLS by hand) */
        double I3[9] = {1, 0, 0, 0, 1, 0, 0, 0, 1};
        ok(fc_reconcile_mint(S2, 3, 2, I3, base, 1, out) == 0, "mint with W = I (OLS)");
        is_num(out[1], 11.0 / 3, 1e-12, "A = 11/3 by hand");
        is_num(out[2], 17.0 / 3, 1e-12, "B = 17/3 by hand");
        is_num(out[0], 28.0 / 3, 1e-12, "total = 28/3, their sum");
        double notpd[9] = {1, 2, 0, 2, 1, 0, 0, 0, 1};
        ok(fc_reconcile_mint(S2, 3, 2, notpd, base, 1, out) < 0, "a W not positive definite: -1");
    }
    {
        /* e1 = (1, -1, 1, -1), e2 = (1, -1, 0, 0): X'X / 4 = [[1, .5], [.5, .5]],
         * r = .5 / sqrt(.5), r^2 = .5; the standardised products x1 x2 are
         * (sqrt 2, sqrt 2, 0, 0): per pair (4 - 8 / 4) / (4 * 3) = 1/6, so
         * lambda = (2 / 6) / (2 * .5) = 1/3 and W12 = .5 (1 - 1/3) = 1/3 */
        static const double e[8] = {1, -1, 1, -1, 1, -1, 0, 0};
        double W[4];
        is_num(fc_shrink_cov(e, 2, 4, W), 1.0 / 3, 1e-12, "shrinkage lambda = 1/3 by hand");
        is_num(W[0], 1, 1e-12, "W11 = 1 (the diagonal is kept)");
        is_num(W[3], 0.5, 1e-12, "W22 = .5");
        is_num(W[1], 1.0 / 3, 1e-12, "W12 = 1/3");
        is_num(W[2], 1.0 / 3, 1e-12, "W21 = 1/3");
        static const double z[8] = {1, -1, 1, -1, 0, 0, 0, 0};
        ok(fc_shrink_cov(z, 2, 4, W) >= 0 && W[3] == 1e-9 && W[1] == 0,
           "a node without errors: a tiny variance, no covariance");
        static const double zero[8] = {0};
        ok(fc_shrink_cov(zero, 2, 4, W) < 0, "no errors at all: -1");
        ok(fc_shrink_cov(e, 2, 1, W) < 0, "one error per node: -1");
    }
    return done_testing();
}
