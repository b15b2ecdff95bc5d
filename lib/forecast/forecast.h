/*
 * forecast.h — time-series forecasting for bookings: exponential smoothing
 * (the ETS state space family with automatic selection), Theta, naive
 * benchmarks and combinations; prediction intervals from each model's
 * error variance; the M-competition accuracy measures; rolling-origin
 * backtests.
 *
 * Everything works on a plain array of doubles in time order, one value
 * per period, and a seasonal period m (12 monthly, 4 quarterly, 1 yearly).
 * Model math is in double: these are statistical estimates, not stored
 * amounts; callers round forecasts to money. Results are deterministic:
 * simulated intervals use a fixed seed.
 *
 * Includes err.h only. Never prints or exits.
 */
#ifndef SALES_FORECAST_H
#define SALES_FORECAST_H

#include "err.h"

enum fc_method {
    FC_AUTO,    /* "auto": ETS model chosen by AICc */
    FC_NAIVE,   /* "naive": last value (random walk) */
    FC_SNAIVE,  /* "snaive": value one season ago */
    FC_SES,     /* "ses": simple exponential smoothing, ETS(A,N,N) */
    FC_HOLT,    /* "holt": linear trend, ETS(A,A,N) */
    FC_DAMPED,  /* "damped": damped trend, ETS(A,Ad,N) */
    FC_HW,      /* "hw": Holt-Winters, additive or multiplicative by AICc */
    FC_THETA,   /* "theta": classic Theta (SES with drift) */
    FC_NAIVE2,  /* "naive2": naive on seasonally adjusted data (M3's Naive2) */
    FC_HW_ADD,  /* "hw-add": Holt-Winters additive, ETS(A,A,A) */
    FC_HW_MULT, /* "hw-mult": Holt-Winters multiplicative, ETS(M,A,M) */
    FC_COMB,    /* "comb": mean of auto, theta and damped */
    FC_ARIMA,   /* "arima": seasonal ARIMA by the Hyndman-Khandakar stepwise search */
    FC_SELECT,  /* "select": ETS, ARIMA, Theta or their mean, by backtest on the series */
    FC_ENSEMBLE /* "ensemble": mean of auto (Akaike-weighted), arima and theta (recent
                   seasonal indices): the command's default */
};
#define FC_NMETHODS 15

/* The longest horizon fc_forecast accepts. */
#define FC_MAX_HORIZON 10000

/*
 * Seasonality. ses, holt, damped, theta and naive2 follow the M3/M4
 * protocol: when m > 1, the data are positive, there are at least three
 * seasons and the lag-m autocorrelation is significant (90% test), the
 * series is divided by classical multiplicative seasonal indices,
 * forecast, and multiplied back. auto and hw model seasonality inside ETS
 * instead (m in 2..24 and two full seasons; for m > 24 auto adjusts as
 * above and fits a damped trend); snaive repeats the last season.
 */

/* fc_method_parse: "auto", "naive", "snaive", "ses", "holt", "damped",
 * "hw", "theta", "naive2", "hw-add", "hw-mult", "comb", "arima", "select", "ensemble" (ASCII case
 * ignored). Returns 0 and sets *out, or -1 for an unknown name. */
int fc_method_parse(const char *s, enum fc_method *out);

/* fc_method_name: the name fc_method_parse takes ("auto", ...); a static
 * string, "?" for a value outside the enum. */
const char *fc_method_name(enum fc_method m);

struct fc_options {
    enum fc_method method;
    int horizon;      /* h, 1 .. FC_MAX_HORIZON */
    int m;            /* seasonal period: 12 monthly, 4 quarterly, 1 yearly/none */
    int nlevels;      /* 0..4 */
    double levels[4]; /* coverage in percent, 0 < level < 100, e.g. 80, 95 */
};

struct fc_result {
    int h;
    double *mean;          /* h point forecasts */
    double *lo[4], *hi[4]; /* per requested level, h values each; NULL beyond nlevels */
    char model[48];        /* what was fitted: "ETS(M,Ad,M)", "Theta", "SES", ... */
    double aicc;           /* of the ETS model fitted; 0 when not applicable */
    double sigma;          /* one-step in-sample residual standard deviation, data units
                              (comb: the mean of its members'); 0 for a constant */
};

/*
 * fc_forecast: fit the method in o to y[0..n) and forecast o->horizon
 * periods ahead, with prediction intervals at each of o->levels (normal
 * with the model's analytic forecast variance where the model class has
 * one, else quantiles of 5,000 simulated paths). Every value filled is
 * finite.
 *
 * Degenerate input: a constant series (all zeros included) forecasts that
 * constant with zero-width intervals (model "Constant"); non-positive data
 * rule out multiplicative models and seasonal adjustment; auto falls back to
 * simpler models on short series. Errors (e set, -1 returned, *out left
 * empty): fewer than 2 observations, a non-finite value, bad options, or a
 * method the data cannot support (e.g. snaive with one season or less, hw
 * without two full seasons) — the message says what is needed.
 *
 * On success out owns its arrays: release with fc_result_release. out
 * need not be initialised before the call.
 */
int fc_forecast(const double *y, int n, const struct fc_options *o, struct fc_result *out,
                struct err *e);

/* fc_result_release: free what fc_forecast allocated and zero *r. Safe on
 * a zeroed or already released result. */
void fc_result_release(struct fc_result *r);

/* fc_normal_quantile: the standard normal quantile of p, 0 < p < 1 (for
 * intervals made outside the models, e.g. from backtest errors). */
double fc_normal_quantile(double p);

/* fc_smape: symmetric MAPE in percent as in M3/M4: the mean over i < h of
 * 200 |a - f| / (|a| + |f|), a term being 0 when a = f = 0. h >= 1. */
double fc_smape(const double *actual, const double *fc, int h);

/* fc_mase: mean |a - f| over the horizon divided by the in-sample mean
 * absolute seasonal difference of train[0..n) at lag m (lag 1 when m < 2
 * or n <= m). Returns NAN when that scale is zero or undefined (n < 2). */
double fc_mase(const double *train, int n, int m, const double *actual, const double *fc, int h);

struct fc_backtest_row {
    enum fc_method method;
    double smape, mase; /* means over the origins evaluated; mase NAN if undefined at all */
    int origins;        /* origins at which the method could be fitted (0: none) */
};

/*
 * fc_backtest: rolling-origin evaluation. Origins are the last `origins`
 * points at which h future values are known: for i in [0, origins), fit
 * on y[0 .. n - h - origins + 1 + i) and compare the next h values. One
 * row per method in methods[0..nm), in order, into rows (caller-owned,
 * nm entries). A method that cannot be fitted at an origin (too short a
 * prefix for it) skips that origin; rows[k].origins says how many counted.
 * Returns 0, or -1 with e set for bad arguments or when the first prefix
 * would have fewer than 2 observations.
 */
int fc_backtest(const double *y, int n, int m, int h, int origins, const enum fc_method *methods,
                int nm, struct fc_backtest_row *rows, struct err *e);

#endif
