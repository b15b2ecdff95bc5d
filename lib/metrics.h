/*
 * metrics.h — the sales metrics, one definition each. Every report that
 * shows a weighted amount, an attainment, a coverage or a pace computes it
 * here, so the numbers agree across reports.
 *
 * Money stays in int64 minor units; weighted sums are exact (amount x
 * probability in millionths summed in 128 bits, rounded once, half away
 * from zero). Ratios
 * are doubles and NAN where undefined (shown as an empty cell).
 * Includes value.h.
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

/* metric_win_rate_amount: won amount / (won + lost amount) of the closed
 * deals (perf-report --by-amount); NAN when both are zero. */
double metric_win_rate_amount(money_t won, money_t lost);

/* metric_avg_deal: the average won deal, amount / deals, rounded to minor
 * units into *out. Returns 0, or -1 (nothing written) when deals is 0. */
int metric_avg_deal(money_t amount, long deals, money_t *out);

/* metric_velocity: sales velocity, open deals x win rate x average deal /
 * cycle days: the money per day the open pipeline is expected to turn
 * into, rounded to minor units into *out. Returns 0, or -1 when any
 * factor is undefined (NAN win rate, no cycle) or cycle_days <= 0. */
int metric_velocity(long open, double win_rate, money_t avg_deal, double cycle_days,
                    money_t *out);

/* metric_nps: net promoter score, 100 x (promoters - detractors) /
 * responses, -100..100; NAN when there are no responses. Promoters score
 * 9-10, passives 7-8, detractors 0-6 (nps_class). */
double metric_nps(long promoters, long detractors, long responses);

/* nps_class: 1 promoter, 0 passive, -1 detractor for a score 0-10. */
int nps_class(int score);

/* metric_variance_pct: (actual - planned) / planned; NAN when planned is 0. */
double metric_variance_pct(money_t planned, money_t actual);

/* metric_cac: customer acquisition cost, spend / new customers, in minor
 * units; NAN when there are no new customers. budget-report --roi and
 * retention-report --mrr both show it from this one definition. */
double metric_cac(money_t spend, long new_customers);

/* metric_roi: return on spend, (revenue - spend) / spend; NAN when nothing
 * was spent. 0.5 means the revenue was one and a half times the spend. */
double metric_roi(money_t revenue, money_t spend);

/* ---- customers and recurring revenue (retention-report) --------------- */

/* metric_repeat_rate: customers with two or more won deals / customers
 * with one or more; NAN when there are none. */
double metric_repeat_rate(long repeat, long customers);

/* metric_churned: 1 when a customer whose last won deal closed on
 * last_won has had none for churn_days days or more by as_of
 * (as_of - last_won >= churn_days; config.json churn_days, 365). */
int metric_churned(sdate last_won, sdate as_of, int churn_days);

/* How an account's MRR moved from one month to the next: from 0 to more
 * is new (it never had MRR before) or a reactivation (it had); up or down
 * between two amounts above 0 is expansion or contraction; from above 0
 * to 0 is churn (never a contraction). */
enum mrr_move { MRR_SAME, MRR_NEW, MRR_REACTIVATION, MRR_EXPANSION, MRR_CONTRACTION, MRR_CHURN };
enum mrr_move metric_mrr_move(money_t before, money_t now, int had_mrr);

/* NRR and GRR over a window: the accounts that had MRR at its start, their
 * MRR then and now. Zero-initialise; add every account (those with no MRR
 * at the start are left out here, whatever they have now). */
struct retention_sum {
    money_t start;  /* their MRR at the start */
    money_t now;    /* their MRR now */
    money_t capped; /* their MRR now, each capped at its MRR at the start */
};
/* Returns 0, or -1 when a sum would pass MONEY_MAX. */
int metric_retention_add(struct retention_sum *r, money_t then, money_t now);
/* metric_nrr: net revenue retention, now / start; NAN when start is 0. */
double metric_nrr(const struct retention_sum *r);
/* metric_grr: gross revenue retention, capped / start (at most 1); NAN
 * when start is 0. */
double metric_grr(const struct retention_sum *r);

/* metric_arpa: average revenue per account, mrr / customers rounded to
 * minor units, into *out; -1 when there are no customers. */
int metric_arpa(money_t mrr, long customers, money_t *out);

/* metric_churn_rate: MRR churned in a month / MRR at the start of it (the
 * end of the month before); NAN when that was 0. */
double metric_churn_rate(money_t churned, money_t start_mrr);

/* metric_mean_churn_rate: the mean of metric_churn_rate over n months
 * (churned[i], start[i]), months with no MRR at their start left out;
 * NAN when no month is left. */
double metric_mean_churn_rate(const money_t *churned, const money_t *start, int n);

/* metric_ltv: customer lifetime value, ARPA / monthly churn rate, in
 * minor units; NAN when the churn rate is 0 or undefined. */
double metric_ltv(money_t arpa, double churn_rate);

/* metric_convert: amount in another currency times a rate given in
 * millionths (1.08 -> 1080000), rounded to minor units, into *out.
 * Returns 0, or -1 when the result is beyond MONEY_MAX either way (an
 * amount no data file could hold: never capped). */
int metric_convert(money_t amount, int64_t rate_micro, money_t *out);

/* metric_fmt: a ratio as text with 2 decimals, "" for NAN. Returns buf. */
char *metric_fmt(double x, char *buf, int decimals);

#endif
