/*
 * metrics.h — the sales metrics, one definition each. Every report that
 * shows a weighted amount, an attainment, a coverage or a pace computes it
 * here, so the numbers agree across reports.
 *
 * Money stays in int64 minor units; weighted sums are exact (amount x
 * probability in millionths summed in 128 bits, rounded once, half away
 * from zero). Ratios
 * are doubles and NAN where undefined (shown as an empty cell).
 * Layer 2: includes value.h.
 */
#ifndef SALES_METRICS_H
#define SALES_METRICS_H

#include "value.h"

/* An exact sum of amount x probability (kept in millionths, so a
 * percentage and a model's probability sum alike). Zero-initialise. */
struct wsum {
    __int128 v;
};

static inline void
wsum_add(struct wsum *w, money_t amount, int probability)
{
    w->v += (__int128)amount * probability * 10000;
}

/* wsum_add_ppm: the same for a probability in millionths (0-1000000). */
static inline void
wsum_add_ppm(struct wsum *w, money_t amount, int64_t ppm)
{
    w->v += (__int128)amount * ppm;
}

/* wsum_value: the weighted amount, rounded to minor units. */
money_t wsum_value(const struct wsum *w);

/* The spread of a weighted pipeline: with deals as independent wins
 * (Bernoulli, probability p), the won amount has mean sum(amount x p) and
 * variance sum(amount^2 x p x (1 - p)); accumulated in major units
 * squared. Zero-initialise. */
struct wvar {
    double v;
};

static inline void
wvar_add(struct wvar *w, money_t amount, double p)
{
    double a = (double)amount / 100;
    w->v += a * a * p * (1 - p);
}

/* metric_range: the normal approximation's interval around weighted,
 * weighted -/+ z x sqrt(variance) (z = 1.2816 for 80%), the low end no
 * less than 0, as money rounded to minor units. */
void metric_range(money_t weighted, const struct wvar *w, double z, money_t *lo, money_t *hi);

/* metric_attainment: won / quota; NAN when quota <= 0. */
double metric_attainment(money_t won, money_t quota);

/* metric_gap: what is left to reach quota: max(0, quota - won). */
money_t metric_gap(money_t quota, money_t won);

/* metric_coverage: open pipeline / remaining quota (quota - won); NAN when
 * nothing remains. 3.0 means three times the remaining quota is open. */
double metric_coverage(money_t pipeline, money_t quota, money_t won);

/* metric_elapsed: share of [start, end) elapsed by the end of today, 0..1. */
double metric_elapsed(sdate start, sdate end, sdate today);

/* metric_pace: attainment / elapsed share: 1.0 is on track to exactly
 * reach quota; NAN before the period starts. */
double metric_pace(double attainment, double elapsed);

/* metric_win_rate: won / (won + lost) closed deals; NAN when none closed. */
double metric_win_rate(long won, long lost);

/* metric_cac: customer acquisition cost, spend / new customers, in minor
 * units; NAN when there are no new customers. budget-report --roi and
 * retention-report --mrr both show it from this one definition. */
double metric_cac(money_t spend, long new_customers);

/* metric_roi: return on spend, (revenue - spend) / spend; NAN when nothing
 * was spent. 0.5 means the revenue was one and a half times the spend. */
double metric_roi(money_t revenue, money_t spend);

/* metric_convert: amount in another currency times a rate given in
 * millionths (1.08 -> 1080000), rounded to minor units, into *out.
 * Returns 0, or -1 when the result is beyond MONEY_MAX either way (an
 * amount no data file could hold: never capped). */
int metric_convert(money_t amount, int64_t rate_micro, money_t *out);

/* metric_fmt: a ratio as text with 2 decimals, "" for NAN. Returns buf. */
char *metric_fmt(double x, char *buf, int decimals);

#endif
