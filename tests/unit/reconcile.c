/* Unit tests for fc_reconcile: bottom-up and WLS with structural scaling
 * on hierarchies small enough to solve by hand. */
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
    ok(fc_rec_method_parse("mint", &m) < 0, "an unknown method is refused");
    is_str(fc_rec_method_name(FC_REC_BU), "bu", "bu is named bu");
    return done_testing();
}
