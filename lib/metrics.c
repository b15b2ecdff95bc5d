/* metrics.c — one definition of each sales metric (see metrics.h). */
#include "metrics.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

money_t
wsum_value(const struct wsum *w)
{
    return money_round_div(w->v, 100);
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
metric_win_rate_amount(money_t won, money_t lost)
{
    return won + lost > 0 ? (double)won / ((double)won + (double)lost) : NAN;
}

int
metric_avg_deal(money_t amount, long deals, money_t *out)
{
    if (deals <= 0)
        return -1;
    *out = money_round_div(amount, deals);
    return 0;
}

int
metric_velocity(long open, double win_rate, money_t avg_deal, double cycle_days, money_t *out)
{
    if (!isfinite(win_rate) || !(cycle_days > 0))
        return -1;
    /* an estimate from a ratio and a mean: computed once, rounded once */
    *out = (money_t)llround((double)open * win_rate * (double)avg_deal / cycle_days);
    return 0;
}

double
metric_nps(long promoters, long detractors, long responses)
{
    return responses > 0 ? 100.0 * (double)(promoters - detractors) / (double)responses : NAN;
}

int
nps_class(int score)
{
    return score >= 9 ? 1 : score >= 7 ? 0 : -1;
}

double
metric_variance_pct(money_t planned, money_t actual)
{
    return planned != 0 ? ((double)actual - (double)planned) / (double)planned : NAN;
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
