/*
 * series.h — a time series of one value per period (monthly, quarterly or
 * yearly), read from deals.csv (bookings: won amounts by closed date) or
 * from CSV/JSON records "period,value", and the forecast and backtest
 * reports over it (the models are in forecast.h).
 *
 * Includes reports, forecast, output, table.
 */
#ifndef SALES_SERIES_H
#define SALES_SERIES_H

#include "fc_reconcile.h"
#include "filter.h"
#include "forecast.h"
#include "output.h"
#include "store.h"
#include "value.h"

struct series {
    enum period_kind kind;
    struct period first; /* the first period; the others follow without gaps */
    int n;
    double *y;
    int decimals; /* fraction digits to print: 2 for money, up to 6 */
    int nonneg;   /* no value is negative: forecasts are cut at 0 */
    int money;    /* values are amounts */
    /* bookings only: the period after the series is the current one, not
       over yet (series_bookings); its forecast is booked + share_left times
       the period's forecast */
    int partial;
    double booked;     /* won in it so far, currency units */
    double share_left; /* of a period's bookings, the share expected after today */
};

/* series_season: the seasonal period of a kind: 12, 4 or 1. */
int series_season(enum period_kind kind);

/* series_read: records with "period" and "value" from path ("-" is
 * standard input), CSV or JSON. Periods are YYYY-MM, YYYY-Qn or YYYY, all
 * of one kind, consecutive and in order; a gap, a repeat or a bad value is
 * an error with FILE:LINE. */
int series_read(const char *path, const struct calendar *cal, struct series *s, struct err *e);

/* series_bookings: won amounts per period of kind from deals.csv (deals
 * chosen by f), from the first period with a booking through the last
 * complete period before today; zeros where nothing was won. Then the
 * current period (s->partial): booked, what was won in it up to today,
 * and share_left, the share of the past periods' bookings that were won
 * after the point of their period that today is of the current one (the
 * days elapsed through today over the period's days; the deals pooled by
 * amount), or the share of the days left when nothing was booked before. */
int series_bookings(struct store *st, struct filter *f, enum period_kind kind,
                    struct series *s, struct err *e);

/* series_bookings in parts, for a caller that reads deals.csv once for
 * several reports: series_begin (f is the caller's, bound by it to the
 * table it reads), series_deal for each row of deals.csv, series_end (s as
 * series_bookings fills it, or -1 with e set), series_free. */
struct series_run;
struct series_run *series_begin(struct store *st, struct filter *f, enum period_kind kind,
                                struct err *e);
int series_deal(struct series_run *run, const struct table *t, struct err *e);
int series_end(struct series_run *run, struct series *s, struct err *e);
void series_free(struct series_run *run);

void series_release(struct series *s);

/* report_series_forecast: fit and forecast s with o, write rows
 * period,forecast,lo<L>,hi<L>...,method to out; res gets the fit (the
 * caller releases it). For a partial current period (s->partial) a column
 * booked follows period, and the first row is booked plus share_left times
 * the period's forecast and interval (so res->mean[0] and its bounds are
 * the whole current period's). */
int report_series_forecast(const struct series *s, const struct fc_options *o,
                           const struct calendar *cal, struct out *out, struct fc_result *res,
                           struct err *e);

/* report_series_backtest: rolling-origin accuracy of every method over
 * the last `origins` origins at horizon h: rows method,smape,mase,origins,
 * best first by MASE. */
int report_series_backtest(const struct series *s, int h, int origins, struct out *out,
                           struct err *e);

/* ---- per owner, team or segment, reconciled --------------------------- */

enum series_key { SERIES_KEY_NONE, SERIES_KEY_OWNER, SERIES_KEY_TEAM, SERIES_KEY_SEGMENT };

/* series_key_parse: "owner", "team", "segment"; 0, or -1 for another name. */
int series_key_parse(const char *s, enum series_key *out);

/*
 * report_hierarchy_forecast: bookings per key (the deal's owner, the
 * owner's team in reps.csv, or the deal's segment; "(none)" when empty)
 * and their total, and for --by owner the teams between, each forecast
 * with o; with reconcile, revised by rm so that every level adds up to the
 * cent (bottom series rounded to cents, the others their sums; intervals
 * move with their means and are cut at zero). Rows level,KEY,period,
 * forecast,lo<L>,hi<L>...,method, top level first.
 */
int report_hierarchy_forecast(struct store *st, struct filter *f, enum period_kind kind,
                              enum series_key key, const struct fc_options *o, int reconcile,
                              enum fc_rec_method rm, struct out *out, struct err *e);

/* report_hierarchy_backtest: the same hierarchy backtested over `origins`
 * rolling origins at horizon o->horizon: per level and reconciliation
 * method (base, bu, wls, mint) the mean sMAPE and MASE over its series and the
 * origins (mint: the origins with two one-step errors before them; see
 * forecast(1)). Rows level,reconcile,smape,mase,series,origins. */
int report_hierarchy_backtest(struct store *st, struct filter *f, enum period_kind kind,
                              enum series_key key, const struct fc_options *o, int origins,
                              struct out *out, struct err *e);

#endif
