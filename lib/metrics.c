/* metrics.c — one definition of each sales metric (see metrics.h). */
#include "metrics.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

money_t
wsum_value(const struct wsum *w)
{
    return money_round_div(w->v, 1000000);
}

void
metric_range(money_t weighted, const struct wvar *w, double z, money_t *lo, money_t *hi)
{
    double sd = sqrt(w->v > 0 ? w->v : 0) * 100; /* in minor units */
    double l = (double)weighted - z * sd, h = (double)weighted + z * sd;
    *lo = l > 0 ? (money_t)llround(l) : 0;
    *hi = h < 9e18 ? (money_t)llround(h) : (money_t)9e18;
}

double
metric_attainment(money_t won, money_t quota)
{
    return quota > 0 ? (double)won / (double)quota : NAN;
}

money_t
metric_gap(money_t quota, money_t won)
{
    return quota > won ? quota - won : 0;
}

double
metric_coverage(money_t pipeline, money_t quota, money_t won)
{
    money_t remaining = quota - won;
    return remaining > 0 ? (double)pipeline / (double)remaining : NAN;
}

double
metric_elapsed(sdate start, sdate end, sdate today)
{
    if (today < start)
        return 0;
    if (today >= end - 1)
        return 1;
    return (double)(today - start + 1) / (double)(end - start);
}

double
metric_pace(double attainment, double elapsed)
{
    return elapsed > 0 && isfinite(attainment) ? attainment / elapsed : NAN;
}

double
metric_win_rate(long won, long lost)
{
    return won + lost > 0 ? (double)won / (double)(won + lost) : NAN;
}

double
metric_cac(money_t spend, long new_customers)
{
    return new_customers > 0 ? (double)spend / (double)new_customers : NAN;
}

double
metric_roi(money_t revenue, money_t spend)
{
    return spend > 0 ? ((double)revenue - (double)spend) / (double)spend : NAN;
}

int
metric_convert(money_t amount, int64_t rate_micro, money_t *out)
{
    /* |amount| and rate_micro are below 2^63: the product fits in 127 bits */
    __int128 num = (__int128)amount * rate_micro, q;
    if (num >= 0)
        q = (num + 500000) / 1000000;
    else
        q = -((-num + 500000) / 1000000);
    if (q > MONEY_MAX || q < -MONEY_MAX)
        return -1;
    *out = (money_t)q;
    return 0;
}

char *
metric_fmt(double x, char *buf, int decimals)
{
    if (!isfinite(x)) {
        buf[0] = '\0';
        return buf;
    }
    /* round half away from zero at the shown precision, never "-0.00" */
    double scale = pow(10, decimals), r = round(x * scale) / scale;
    if (r == 0)
        r = 0;
    sprintf(buf, "%.*f", decimals, r);
    return buf;
}
