/* Randomised stress test for forecast: many series shapes, lengths, scales
 * and seasonal periods through every method and the backtest. Every call
 * must return finite, ordered output or an error with a message. */
#include "tap.h"

#include <math.h>
#include <stdint.h>
#include <stdlib.h>

#include "forecast.h"

static uint64_t state = 88172645463325252u;

/* xorshift64: deterministic, independent of libc */
static double
uniform(void)
{
    state ^= state << 13;
    state ^= state >> 7;
    state ^= state << 17;
    return (state >> 11) * 0x1.0p-53;
}

static int
pick(int n)
{
    return (int)(uniform() * n) % n;
}

/* One random series of length n into y. */
static void
make_series(double *y, int n)
{
    static const double scales[] = {1e-300, 1e-9, 1, 1000, 1e9, 1e300};
    double scale = scales[pick(6)], level = uniform(), trend = (uniform() - 0.5) * 0.1;
    double noise = uniform() * 0.5, season_amp = uniform() * 0.8;
    int shape = pick(9), period = 2 + pick(12);

    for (int t = 0; t < n; t++) {
        double v = level + trend * t + season_amp * sin(2 * M_PI * t / period) +
                   noise * (uniform() - 0.5);
        switch (shape) {
        case 0: /* positive, as most sales series */
            v = fabs(v) + 0.01;
            break;
        case 1: /* intermittent: mostly zeros */
            v = uniform() < 0.7 ? 0 : fabs(v);
            break;
        case 2: /* constant with one change */
            v = t < n / 2 ? 1 : 2;
            break;
        case 3: /* exponential growth */
            v = exp(0.3 * t);
            break;
        case 4: /* a single spike */
            v = t == n / 3 ? 1000 : 0;
            break;
        case 5: /* negative */
            v = -fabs(v) - 0.01;
            break;
        case 6: /* alternating sign */
            v = (t % 2 ? -1 : 1) * (1 + uniform());
            break;
        case 7: /* a step down to near zero */
            v = t < n - 3 ? 100 + uniform() : 1e-12;
            break;
        default: /* as generated, either sign */
            break;
        }
        y[t] = v * scale;
        if (!isfinite(y[t]))
            y[t] = 0;
    }
}

int
main(void)
{
    static const int periods[] = {1, 4, 7, 12, 24, 52};
    double y[160];
    int calls = 0, errors = 0, bad = 0, bt_bad = 0;

    for (int it = 0; it < 400; it++) {
        int n = 1 + pick(it % 4 == 0 ? 10 : 150), m = periods[pick(6)];
        make_series(y, n);
        for (int k = 0; k < FC_NMETHODS; k++) {
            struct fc_options o = {.method = (enum fc_method)k, .horizon = 1 + pick(40), .m = m};
            struct fc_result r;
            struct err e;
            o.nlevels = pick(5);
            for (int q = 0; q < o.nlevels; q++)
                o.levels[q] = 1 + uniform() * 98.9;
            e.msg[0] = 0;
            calls++;
            if (fc_forecast(y, n, &o, &r, &e) < 0) {
                errors++;
                if (!e.msg[0]) {
                    bad++;
                    printf("# it %d %s n=%d m=%d: error without message\n", it,
                           fc_method_name(o.method), n, m);
                }
                continue;
            }
            for (int i = 0; i < r.h; i++) {
                int ok_ = isfinite(r.mean[i]);
                for (int q = 0; q < o.nlevels; q++)
                    ok_ = ok_ && isfinite(r.lo[q][i]) && isfinite(r.hi[q][i]) &&
                          r.lo[q][i] <= r.mean[i] && r.mean[i] <= r.hi[q][i];
                if (!ok_) {
                    bad++;
                    printf("# it %d %s (%s) n=%d m=%d h=%d: bad value at %d\n", it,
                           fc_method_name(o.method), r.model, n, m, r.h, i);
                    break;
                }
            }
            if (!isfinite(r.aicc) || !isfinite(r.sigma) || !r.model[0])
                bad++;
            fc_result_release(&r);
        }
        if (it % 10 == 0 && n > 12) {
            enum fc_method ms[FC_NMETHODS];
            struct fc_backtest_row rows[FC_NMETHODS];
            struct err e;
            for (int k = 0; k < FC_NMETHODS; k++)
                ms[k] = (enum fc_method)k;
            if (fc_backtest(y, n, m, 3, 3, ms, FC_NMETHODS, rows, &e) == 0) {
                for (int k = 0; k < FC_NMETHODS; k++)
                    if (!isfinite(rows[k].smape) || rows[k].origins < 0 || rows[k].origins > 3)
                        bt_bad++;
            }
        }
    }
    ok(bad == 0, "%d random calls: finite ordered output or an error with a message (%d errors)",
       calls, errors);
    ok(bt_bad == 0, "backtests on random series give finite sMAPE");
    return done_testing();
}
