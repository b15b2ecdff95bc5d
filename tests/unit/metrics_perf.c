/* Unit tests for the metrics of perf-report, budget-report and nps-report. */
#include <math.h>

#include "tap.h"

#include "metrics.h"

int
main(void)
{
    money_t v = -1;
    char buf[32];

    /* win rate: empty (NAN), not 0, when nothing closed */
    ok(isnan(metric_win_rate(0, 0)), "win rate of nothing closed is NAN");
    is_str(metric_fmt(metric_win_rate(0, 0), buf, 2), "", "and shows as empty");
    is_num(metric_win_rate(2, 1), 2.0 / 3, 1e-12, "win rate 2 won 1 lost");
    is_num(metric_win_rate_amount(400000, 400000), 0.5, 1e-12, "win rate by amount");
    ok(isnan(metric_win_rate_amount(0, 0)), "win rate by amount with nothing closed");
    is_num(metric_win_rate_amount(0, 100), 0, 1e-12, "only lost: 0 by amount");

    /* average deal: rounded to the cent, half away from zero */
    ok(metric_avg_deal(100, 0, &v) == -1 && v == -1, "no average of no deals, nothing written");
    ok(metric_avg_deal(1000, 3, &v) == 0 && v == 333, "10.00 / 3 = 3.33");
    ok(metric_avg_deal(2000, 3, &v) == 0 && v == 667, "20.00 / 3 = 6.67");
    ok(metric_avg_deal(5, 2, &v) == 0 && v == 3, "0.05 / 2 = 0.025 -> 0.03");

    /* velocity: open x win rate x average deal / cycle days */
    ok(metric_velocity(2, 2.0 / 3, 200000, 35.5, &v) == 0 && v == 7512,
       "2 x 2/3 x 2000 / 35.5 = 75.117 -> 75.12");
    ok(metric_velocity(0, 1, 200000, 20, &v) == 0 && v == 0, "nothing open: 0 a day");
    ok(metric_velocity(3, NAN, 200000, 20, &v) == -1, "no win rate: undefined");
    ok(metric_velocity(3, 0.5, 200000, NAN, &v) == -1, "no cycle: undefined");
    ok(metric_velocity(3, 0.5, 200000, 0, &v) == -1, "a cycle of 0 days: undefined");

    /* NPS */
    is_int(nps_class(10), 1, "10 promotes");
    is_int(nps_class(9), 1, "9 promotes");
    is_int(nps_class(8), 0, "8 is passive");
    is_int(nps_class(7), 0, "7 is passive");
    is_int(nps_class(6), -1, "6 detracts");
    is_int(nps_class(0), -1, "0 detracts");
    ok(isnan(metric_nps(0, 0, 0)), "no responses: NAN");
    is_num(metric_nps(3, 2, 7), 100.0 / 7, 1e-12, "(3 - 2) / 7 = 14.29");
    is_num(metric_nps(0, 4, 4), -100, 1e-12, "all detractors: -100");
    is_num(metric_nps(4, 0, 4), 100, 1e-12, "all promoters: 100");
    is_str(metric_fmt(metric_nps(1, 3, 6), buf, 1), "-33.3", "shown with one decimal");

    /* budget variance */
    is_num(metric_variance_pct(200000, 150000), -0.25, 1e-12, "1500 of 2000: -0.25");
    ok(isnan(metric_variance_pct(0, 100)), "nothing planned: NAN");

    /* the existing ROI and CAC, as budget-report --roi uses them */
    is_num(metric_roi(400000, 200000), 1.0, 1e-12, "roi (4000 - 2000) / 2000");
    ok(isnan(metric_roi(100, 0)), "roi of no spend: NAN");
    is_num(metric_cac(200000, 1), 200000, 1e-9, "cac 2000 / 1");
    ok(isnan(metric_cac(200000, 0)), "cac without new customers: NAN");

    return done_testing();
}
