/*
 * fc_int.h — internals shared by the forecasting modules (fc_*.c and
 * forecast.c). Not a public header: commands use forecast.h only. The unit
 * tests include it to pin intermediate quantities (smoothing parameters,
 * seasonal indices) that the public API does not expose.
 *
 * Every fitting routine here works on a series already divided by a
 * positive scale (forecast.c does that), so levels are of order one and
 * sums of squares cannot overflow.
 */
#ifndef SALES_FC_INT_H
#define SALES_FC_INT_H

#include <stddef.h>
#include <stdint.h>

/* Largest seasonal period the ETS models take: each season costs a state
 * that is estimated, so beyond two years of months it is not worth it. */
#define FC_MAXM 24

/* ---- fc_stat.c: small numerical helpers -------------------------------- */

/* fc_qnorm: the standard normal quantile of p, 0 < p < 1, to about 1e-14. */
double fc_qnorm(double p);

/* A deterministic random stream (splitmix64), so simulated intervals are
 * the same on every run and every machine. */
struct fc_rng {
    uint64_t s;
    double spare;
    int has_spare;
};
void fc_rng_seed(struct fc_rng *r, uint64_t seed);
double fc_rng_uniform(struct fc_rng *r); /* in (0, 1) */
double fc_rng_normal(struct fc_rng *r);  /* N(0, 1) */

/* fc_quantile: sample quantile (Hyndman & Fan type 8, median unbiased,
 * as R's simulated ETS intervals) of v[0..n), 0 <= p <= 1, by selection
 * in linear time. Reorders v. */
double fc_quantile(double *v, int n, double p);

/* fc_linreg: least-squares line y[i] = a + b * (x0 + i), i in [0, n). */
void fc_linreg(const double *y, int n, double x0, double *a, double *b);

/* fc_seasonal_test: the M-competition seasonality test: the lag-m
 * autocorrelation exceeds 1.645 times its standard error under a
 * moving-average null (Bartlett). 1 seasonal, 0 not (also when m < 2,
 * n < 3m or the series is constant). */
int fc_seasonal_test(const double *y, int n, int m);

/* fc_decompose: classical decomposition with a centred moving average of
 * order m. Fills idx[0..m) with the seasonal figure for positions t % m,
 * normalised to mean 1 (mult) or mean 0 (additive). Returns 0, or -1 when
 * the series is too short (n < 2m) or, for mult, the trend is not positive. */
int fc_decompose(const double *y, int n, int m, int mult, double *idx);

/* ---- fc_optim.c: Nelder-Mead ------------------------------------------- */

/* The objective returns +INFINITY outside the feasible region. */
typedef double (*fc_objective)(const double *x, void *ctx);

/* fc_nelder_mead: minimise f over R^dim from x (overwritten with the best
 * point found), with initial simplex edges step[0..dim). Stops when the
 * spread of the simplex values is below ftol or after maxeval evaluations;
 * restarts once from the best point to escape a collapsed simplex.
 * Returns the best value; *nevals (if not NULL) gets the count. */
double fc_nelder_mead(fc_objective f, void *ctx, int dim, double *x, const double *step,
                      int maxeval, double ftol, int *nevals);

/* ---- fc_ets.c: exponential smoothing state space models ---------------- */

enum fc_err_type { FC_ERR_A, FC_ERR_M };
enum fc_trend_type { FC_TREND_N, FC_TREND_A, FC_TREND_AD };
enum fc_season_type { FC_SEAS_N, FC_SEAS_A, FC_SEAS_M };

/* A fitted ETS model (Hyndman et al. 2008 notation). The final state is
 * the state after the last observation: level l, slope b, and s[j] the
 * seasonal component for the j+1'th future period (j in [0, m)). */
struct fc_ets {
    int error, trend, season; /* enum fc_*_type */
    int m;                    /* 1 when season == FC_SEAS_N */
    double alpha, beta, gamma, phi;
    double l, b, s[FC_MAXM];
    double lik;       /* -2 log likelihood, up to a constant shared by all models */
    double aicc;      /* corrected Akaike criterion */
    int npar;         /* estimated parameters incl. initial states and sigma */
    int n;            /* observations fitted */
    double sigma2;    /* innovation variance (relative errors for FC_ERR_M) */
    double mse;       /* mean squared one-step error in data units */
    double sigma_abs; /* one-step residual standard deviation in data units */
};

/* fc_ets_min_n: the fewest observations fc_ets_fit accepts for a model:
 * two seasons for a seasonal one, and two more than the parameters. */
int fc_ets_min_n(int trend, int season, int m);

/* fc_ses_fit: ETS(A,N,N), i.e. simple exponential smoothing, fitted by
 * exact least squares over alpha and the initial level (the level is
 * profiled out in closed form, alpha by a grid and golden-section search),
 * as the Theta method defines it. Needs n >= 2. fc_ets_fit instead keeps
 * the heuristic initial level like every other ETS model, so that AICc
 * compares models estimated alike. */
int fc_ses_fit(const double *y, int n, struct fc_ets *fit);

/* fc_ets_fit: maximum likelihood fit of one model to y[0..n). Returns 0,
 * or -1 when the model cannot be fitted (n below fc_ets_min_n, data not
 * positive for a multiplicative component, no finite likelihood). */
int fc_ets_fit(const double *y, int n, int m, int error, int trend, int season, struct fc_ets *fit);

/* fc_ets_auto: fit every admissible model (multiplicative components only
 * for positive data, seasonal ones only with two full seasons and m in
 * [2, FC_MAXM], and only models with more than four observations beyond
 * their parameter count; ETS(A,N,N) always) and keep the one with the
 * smallest AICc. Returns 0, or -1 when no model could be fitted (n < 2). */
int fc_ets_auto(const double *y, int n, int m, struct fc_ets *best);

/* The most models fc_ets_auto considers: 2 error x 3 trend x 3 season
 * types, less the 3 with additive errors and multiplicative seasons. */
#define FC_ETS_NMODELS 15

/* fc_ets_auto_all: the same fits into fits[FC_ETS_NMODELS]; returns how
 * many, *best the index of the smallest AICc (-1 when none). */
int fc_ets_auto_all(const double *y, int n, int m, struct fc_ets *fits, int *best);

/* fc_ets_akaike_point: point forecasts of the fits mixed by their Akaike
 * weights exp(-AICc/2), normalised (Kolassa 2011, "Combining exponential
 * smoothing forecasts using Akaike weights", IJF 27). Fits with a
 * non-finite AICc or forecast are left out. 0, or -1 when none is left. */
int fc_ets_akaike_point(const struct fc_ets *fits, int nf, int h, double *mean);

/* fc_ets_filter: run the model in f (types, m and smoothing parameters
 * set) over y[0..n) from initial level l0, slope b0 and seasonal states
 * s0[0..m) (for times 0..m-1; NULL without a season). Sets f's final
 * state, n and mse. Returns -2 log L up to a constant, HUGE_VAL when a
 * multiplicative component turned non-positive. */
double fc_ets_filter(struct fc_ets *f, const double *y, int n, double l0, double b0,
                     const double *s0);

/* fc_ets_point: point forecasts mean[0..h). */
void fc_ets_point(const struct fc_ets *f, int h, double *mean);

/* fc_ets_variance: forecast variances var[0..h) for the linear and
 * multiplicative-error classes with analytic forms (classes 1 and 2).
 * Returns 0, or -1 for models that need simulation. */
int fc_ets_variance(const struct fc_ets *f, int h, const double *mean, double *var);

/* fc_ets_simulate: prediction interval bounds from npaths simulated sample
 * paths with a fixed seed: lo[k][i], hi[k][i] for level levels[k]. */
void fc_ets_simulate(const struct fc_ets *f, int h, int npaths, int nlevels, const double *levels,
                     double *const *lo, double *const *hi);

/* fc_ets_name: "ETS(M,Ad,M)" into buf. */
void fc_ets_name(const struct fc_ets *f, char *buf, size_t size);

/* fc_ets_admissible: 1 when the smoothing parameters give a forecastable
 * (invertible) model: every root of the characteristic polynomial of the
 * discount matrix lies in the closed unit disc (within 1e-10). */
int fc_ets_admissible(int trend, int season, int m, double alpha, double beta, double gamma,
                      double phi);

/* ---- fc_theta.c: decomposition-based methods ----------------------------- */

/* Seasonal adjustment as in the M3/M4 benchmarks: when m > 1, the series is
 * positive and passes fc_seasonal_test, idx gets the multiplicative
 * indices (positions t % m) and the function returns 1; else all ones, 0. */
int fc_seasonal_adjust(const double *y, int n, int m, double *idx);

/* The same test, but the indices from the last `seasons` seasons only when
 * the series is longer (the whole series when seasons is 0): a seasonal
 * pattern that drifts is then followed. X-11's default seasonal filter,
 * the 3x5 moving average, spans seven years, hence FC_THETA_SEASONS. */
#define FC_THETA_SEASONS 7
int fc_seasonal_adjust_recent(const double *y, int n, int m, int seasons, double *idx);

/* Theta (Assimakopoulos & Nikolopoulos 2000) as SES with drift (Hyndman &
 * Billah 2003) on seasonally adjusted data, the indices from the last
 * `seasons` seasons (fc_seasonal_adjust_recent; 0: the whole series, as
 * M3 and R's thetaf). Point forecasts and variances. */
struct fc_theta {
    int seasonal;    /* 1 when the data were seasonally adjusted */
    double alpha, l; /* SES fit on the adjusted series */
    double slope;    /* OLS slope of the adjusted series on time */
    double sigma2;   /* SES innovation variance (adjusted scale) */
    double mse;      /* in-sample one-step MSE of the reseasonalised fit */
};
int fc_theta_fit(const double *y, int n, int m, int seasons, int h, struct fc_theta *t,
                 double *mean, double *var);

/* ---- fc_arima.c: seasonal ARIMA ------------------------------------------ */

#define FC_ARIMA_MAXP 5  /* largest p and q the search tries */
#define FC_ARIMA_MAXSP 2 /* largest P and Q */

/* A fitted ARIMA(p,d,q)(P,D,Q)[m]: (1 - sum ar B^i)(1 - sum sar B^im) (w_t - mu)
 * = (1 + sum ma B^i)(1 + sum sma B^im) e_t with w = (1-B)^d (1-B^m)^D y. mu is
 * the mean (d + D = 0) or drift (d + D = 1) when constant, else 0. */
struct fc_arima {
    int p, d, q, P, D, Q, m; /* m is 1 without seasonal terms */
    int constant;
    double ar[FC_ARIMA_MAXP], ma[FC_ARIMA_MAXP], sar[FC_ARIMA_MAXSP], sma[FC_ARIMA_MAXSP];
    double mu;
    double raw[2 * FC_ARIMA_MAXP + 2 * FC_ARIMA_MAXSP + 1]; /* the estimated parameters:
                                                                partial autocorrelations
                                                                (atanh), then mu */
    double sigma2; /* CSS innovation variance: sum of squares / residuals */
    double lik;    /* -2 log likelihood (conditional) */
    double aicc;
    int n;    /* length of the series fitted */
    int nobs; /* differenced observations (the likelihood's n) */
};

/* fc_kpss: the KPSS level-stationarity statistic of y[0..n) with
 * trunc(4 (n/100)^0.25) Newey-West lags; 0 when n < 3 or y is constant. */
double fc_kpss(const double *y, int n);

/* fc_arima_ndiffs: how many first differences (0..2) make y stationary by
 * repeated KPSS tests at the 5% level. */
int fc_arima_ndiffs(const double *y, int n);

/* fc_seasonal_strength: 1 - var(remainder) / var(seasonal + remainder) of
 * a classical additive decomposition, in [0, 1]; 0 when m < 2, m > FC_MAXM
 * or n < 2m. */
double fc_seasonal_strength(const double *y, int n, int m);

/* fc_arima_fit: one model by conditional sum of squares. Returns 0, or -1
 * for orders out of range or too few observations (more than k + 2
 * residuals are needed for k coefficients). constant is ignored when
 * d + D > 1; seasonal orders are ignored when m < 2. */
int fc_arima_fit(const double *y, int n, int m, int p, int d, int q, int P, int D, int Q,
                 int constant, struct fc_arima *f);

/* fc_arima_auto: D from the seasonal strength (> 0.64, m in [2, FC_MAXM],
 * n >= 2m + 2), d by KPSS on the seasonally differenced series, then the
 * stepwise Hyndman-Khandakar search by AICc (with no difference taken,
 * only models with a mean). Returns 0, or -1 when no
 * model could be fitted. */
int fc_arima_auto(const double *y, int n, int m, struct fc_arima *best);

/* fc_arima_forecast: point forecasts mean[0..h) of f given the series it
 * was fitted to (y[0..n), n == f->n) and, if var is not NULL, forecast
 * variances from the psi weights. Returns 0, or -1 on a mismatch. */
int fc_arima_forecast(const struct fc_arima *f, const double *y, int n, int h, double *mean,
                      double *var);

/* fc_arima_name: "ARIMA(1,1,1)(0,1,1)[12] with drift" into buf. */
void fc_arima_name(const struct fc_arima *f, char *buf, size_t size);

#endif
