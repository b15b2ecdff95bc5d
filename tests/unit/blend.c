/* Unit tests for blend_weights: the non-negative least squares weights of
 * the pipeline blend, on rows small enough to solve by hand. */
#include "tap.h"

#include "blend.h"

int
main(void)
{
    double a, b;
    /* y = 2 x1 + 3 x2 exactly */
    static const double x1[] = {1, 2, 3, 1}, x2[] = {1, 0, 1, 2}, y[] = {5, 4, 9, 8};
    ok(blend_weights(x1, x2, y, 4, -1, &a, &b) == 0, "an exact fit");
    is_num(a, 2, 1e-12, "a = 2");
    is_num(b, 3, 1e-12, "b = 3");

    /* leaving out a row that does not fit: the others still give 2 and 3 */
    static const double y2[] = {5, 4, 9, 100};
    ok(blend_weights(x1, x2, y2, 4, 3, &a, &b) == 0, "row 3 left out");
    is_num(a, 2, 1e-12, "a = 2 without it");
    is_num(b, 3, 1e-12, "b = 3 without it");

    /* y = x1 - x2 exactly needs b = -1: the optimum with a, b >= 0 is on a
     * boundary. x1 alone: a = S1y / S11 = (0 + 4 + 6 - 1) / 15 = 0.6, SSE
     * = yy - a S1y = 9 - 5.4 = 3.6; x2 alone: S2y = 0 + 0 + 2 - 2 = 0, so
     * b = 0 and SSE = 9. The better: a = 0.6, b = 0 */
    static const double y3[] = {0, 2, 2, -1};
    ok(blend_weights(x1, x2, y3, 4, -1, &a, &b) == 0, "a negative weight is not allowed");
    is_num(a, 0.6, 1e-12, "a = 0.6 (x1 alone)");
    is_num(b, 0, 0, "b = 0");

    /* the pipeline alone explains it: y = 1.5 x2, x1 unrelated */
    static const double p1[] = {3, 1, 4, 1}, p2[] = {2, 4, 0, 6}, y4[] = {3, 6, 0, 9};
    ok(blend_weights(p1, p2, y4, 4, -1, &a, &b) == 0, "the pipeline alone");
    /* unconstrained: S11 = 27, S12 = 6 + 4 + 0 + 6 = 16, S22 = 56, S1y = 9 + 6 + 0 + 9 = 24,
     * S2y = 84: det = 1512 - 256 = 1256, a = (24 * 56 - 84 * 16) / det = 0, b = 1.5 */
    is_num(a, 0, 1e-12, "a = 0");
    is_num(b, 1.5, 1e-12, "b = 1.5");

    /* too few rows, or nothing to fit: the time series alone (1, 0), -1 */
    ok(blend_weights(x1, x2, y, 1, -1, &a, &b) == -1 && a == 1 && b == 0, "one row: -1, 1 and 0");
    ok(blend_weights(x1, x2, y, 2, 0, &a, &b) == -1, "two rows, one left out: -1");
    static const double z[] = {0, 0, 0};
    ok(blend_weights(z, z, y, 3, -1, &a, &b) == -1 && a == 1 && b == 0, "all zero: -1");
    return done_testing();
}
