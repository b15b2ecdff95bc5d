/*
 * blend.h — the bookings forecast blended with the open pipeline
 * (forecast --blend pipeline), with weights learnt by backtest from the
 * pipeline as it stood at the start of each past period (history.csv).
 *
 * At the start of past period j the pipeline is reconstructed with asof:
 * the deals created before that day and not yet won or lost, each in the
 * stage and with the close date it had then (the last change in
 * history.csv before the day, else the old value of the first change
 * after it, else today's value). Its expected bookings in period j + k
 * are sum(amount x probability of the stage then) over the deals whose
 * close date then falls in that period (an overdue close date counts in
 * period j; an undated deal in none). The time series forecast at that
 * origin is the one fitted to periods 0 .. j-1.
 *
 * The blend of horizon k is a ts + b pipeline with a, b >= 0 minimising
 * the squared errors against the actual bookings over every origin that
 * has a known outcome k periods on (non-negative least squares). The
 * backtest's blend column is out of sample: each period's a, b are learnt
 * from the other periods only (leave one out).
 *
 * Includes series (and through it forecast, output, store).
 */
#ifndef SALES_BLEND_H
#define SALES_BLEND_H

#include "series.h"

#define BLEND_MIN_ORIGIN 3 /* periods of history before the first origin */
#define BLEND_MIN_ROWS 4   /* past periods needed to learn the weights */

/* blend_weights: the non-negative least squares a, b of y ~ a x1 + b x2
 * over rows [0, n) except row `skip` (-1: none). Returns 0, or -1 (a = 1,
 * b = 0) when fewer than 2 rows count or every x is zero. */
int blend_weights(const double *x1, const double *x2, const double *y, int n, int skip, double *a,
                  double *b);

/*
 * report_blend_backtest: per past period of kind (from the first origin),
 * columns period,actual,ts,pipeline,blend,ts_error,pipeline_error,
 * blend_error (errors are (forecast - actual) / actual in percent, empty
 * when actual is 0), then the rows "MAE" (the mean absolute errors, in the
 * forecast columns) and "MAPE" (the mean absolute percentage errors, in
 * the error columns). o->method is the time series' method. Fewer than
 * BLEND_MIN_ROWS periods is an error that says how many there are.
 */
int report_blend_backtest(struct store *st, struct filter *f, enum period_kind kind,
                          const struct fc_options *o, struct out *out, struct err *e);

/*
 * report_blend_forecast: the current period and the next, o->horizon in
 * all: columns period,booked,ts,pipeline,forecast,lo<L>,hi<L>...,method.
 * ts is the series forecast (the current period's as in series.h);
 * pipeline is the pipeline as it stood at the start of the current period
 * (the last origin, seen as the past ones were), expected in the period.
 * forecast is a ts + b pipeline with the weights learnt for that horizon
 * (k periods on from an origin); in the current period booked + share_left
 * (a F + b pipeline), F the series forecast of the whole period. The
 * interval is +- z times the leave-one-out root mean squared error of the
 * blend at that horizon (in the current period times share_left, and not
 * below booked); a horizon with fewer than BLEND_MIN_ROWS backtest rows
 * keeps the ts forecast and its interval. method says which:
 * "Blend(0.620 ts, 1.104 pipeline)", or the series model's name.
 */
int report_blend_forecast(struct store *st, struct filter *f, enum period_kind kind,
                          const struct fc_options *o, struct out *out, struct err *e);

#endif
