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
 * complete period before today; zeros where nothing was won. */
int series_bookings(struct store *st, struct filter *f, enum period_kind kind,
                    struct series *s, struct err *e);

void series_release(struct series *s);

/* report_series_forecast: fit and forecast s with o, write rows
 * period,forecast,lo<L>,hi<L>...,method to out; res gets the fit (the
 * caller releases it). */
int report_series_forecast(const struct series *s, const struct fc_options *o,
                           const struct calendar *cal, struct out *out, struct fc_result *res,
                           struct err *e);

/* report_series_backtest: rolling-origin accuracy of every method over
 * the last `origins` origins at horizon h: rows method,smape,mase,origins,
 * best first by MASE. */
int report_series_backtest(const struct series *s, int h, int origins, struct out *out,
                           struct err *e);

#endif
