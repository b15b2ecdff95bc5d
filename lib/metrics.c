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

double
metric_repeat_rate(long repeat, long customers)
{
    return customers > 0 ? (double)repeat / (double)customers : NAN;
}

int
metric_churned(sdate last_won, sdate as_of, int churn_days)
{
    return (int64_t)as_of - last_won >= churn_days;
}

enum mrr_move
metric_mrr_move(money_t before, money_t now, int had_mrr)
{
    if (before == now)
        return MRR_SAME;
    if (before == 0)
        return had_mrr ? MRR_REACTIVATION : MRR_NEW;
    if (now == 0)
        return MRR_CHURN;
    return now > before ? MRR_EXPANSION : MRR_CONTRACTION;
}

int
metric_retention_add(struct retention_sum *r, money_t then, money_t now)
{
    if (then <= 0)
        return 0;
    if (money_add(&r->start, then) || money_add(&r->now, now) ||
        money_add(&r->capped, now < then ? now : then))
        return -1;
    return 0;
}

double
metric_nrr(const struct retention_sum *r)
{
    return r->start > 0 ? (double)r->now / (double)r->start : NAN;
}

double
metric_grr(const struct retention_sum *r)
{
    return r->start > 0 ? (double)r->capped / (double)r->start : NAN;
}

int
metric_arpa(money_t mrr, long customers, money_t *out)
{
    if (customers <= 0)
        return -1;
    *out = money_round_div(mrr, customers);
    return 0;
}

double
metric_churn_rate(money_t churned, money_t start_mrr)
{
    return start_mrr > 0 ? (double)churned / (double)start_mrr : NAN;
}

double
metric_mean_churn_rate(const money_t *churned, const money_t *start, int n)
{
    double sum = 0;
    int k = 0;
    for (int i = 0; i < n; i++) {
        double r = metric_churn_rate(churned[i], start[i]);
        if (isfinite(r)) {
            sum += r;
            k++;
        }
    }
    return k ? sum / k : NAN;
}

double
metric_ltv(money_t arpa, double churn_rate)
{
    return isfinite(churn_rate) && churn_rate > 0 ? (double)arpa / churn_rate : NAN;
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
