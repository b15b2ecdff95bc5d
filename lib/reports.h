/*
 * reports.h — the headline reports. Each streams deals.csv once through
 * deal_read (entities.h) and the metrics (metrics.h), keeps per-key state
 * only (per stage, owner, quota, period), and writes rows to a struct out.
 *
 * Includes store, filter, output, entities.
 */
#ifndef SALES_REPORTS_H
#define SALES_REPORTS_H

#include "entities.h"
#include "filter.h"
#include "output.h"
#include "store.h"

enum pipeline_by { BY_STAGE, BY_OWNER, BY_SEGMENT, BY_SOURCE, BY_MONTH };

/* pipeline_by_parse: "stage", "owner", "segment", "source", "month". */
int pipeline_by_parse(const char *s, enum pipeline_by *out);

/* report_window: the days a report over a period covers: --period and
 * --since/--until as filter_date_range gives them (either end may be
 * open: DATE_NONE), else the current fiscal quarter. *from and *to are
 * inclusive. Returns 1 with *p set when the window is exactly one period
 * (a quota or a budget line can belong to it), else 0. */
int report_window(const struct store *s, const struct filter *f, sdate *from, sdate *to,
                  struct period *p);

/* report_window_take: report_window, and the filter's own dates set
 * aside into *saved (filter_take_dates; filter_put_dates puts them back):
 * for a report that applies the window itself, to another date than the
 * entity's date column. Returns as report_window. */
int report_window_take(const struct store *s, struct filter *f, sdate *from, sdate *to,
                       struct period *p, struct filter_dates *saved);

/* A report's groups by key, in the order first seen: n elements of
 * `size` bytes, each beginning with its `char *key` (owned). */
struct report_groups {
    void *v;
    size_t n, cap, size;
    struct hmap idx; /* key -> index in v */
};

/* report_group: key's group, added zeroed with its key copied when there
 * is none (*is_new, when not NULL, says which). The pointer lasts until
 * the next report_group. */
void *report_group(struct report_groups *g, const char *key, int *is_new);
void report_groups_release(struct report_groups *g);

/* report_key_cmp: the order of a report's group keys: by strcmp, the
 * empty key ("not set") last. */
int report_key_cmp(const char *a, const char *b);

/* report_pipeline: open deals per group: deals, amount, weighted,
 * avg_age_days (since created), stale (longer in their stage than its
 * rotten_days, else config stale_days; stage entry from history.csv).
 * By stage every open stage is listed, in order, even when empty. */
int report_pipeline(struct store *s, struct filter *f, enum pipeline_by by, struct out *o,
                    struct err *e);

/* report_at_risk: the open deals at risk: stale (pipeline-show's rule:
 * longer in their stage than its rotten_days, else config stale_days) or
 * past their close date; the `limit` largest (limit >= 1) as rows
 * deal,name,owner,stage,amount,close,days_in_stage,overdue_days,stale
 * (largest first, then by id), and in *count how many there are in all.
 * Deals chosen by f. */
int report_at_risk(struct store *s, struct filter *f, int limit, long *count, struct out *o,
                   struct err *e);

/* report_pipeline, report_at_risk and report_quota in parts, for a caller
 * that reads deals.csv once for several reports (the dashboard): X_begin
 * (f is the report's own from then until X_free, which may change and then
 * restore parts of it), filter_bind(f, deals) after X_begin, X_deal for
 * each row of deals.csv (quota: only when quota_reads_deals), X_end (the
 * rows into o), X_free (also after an error). Each keeps state of its own:
 * runs of different reports share nothing. */
struct pipeline_run;
struct pipeline_run *pipeline_begin(struct store *s, struct filter *f, enum pipeline_by by,
                                    struct err *e);
int pipeline_deal(struct pipeline_run *run, const struct table *t, struct err *e);
void pipeline_end(struct pipeline_run *run, struct out *o);
void pipeline_free(struct pipeline_run *run);

struct risk_run;
struct risk_run *risk_begin(struct store *s, struct filter *f, int limit, struct err *e);
int risk_deal(struct risk_run *run, const struct table *t, struct err *e);
void risk_end(struct risk_run *run, long *count, struct out *o);
void risk_free(struct risk_run *run);

/* One quota and what counts toward it: the deals of the owner (a rep's
 * own; a team's reps and everyone who reports to them, reps_members), won
 * in the period (won) or open and expected to close in it (pipeline,
 * weighted). A team with no quota of its own for a period gets one rolled
 * up: the sum of its reps' quotas (rolled_up 1). */
struct quota_row {
    char *owner;
    struct period period;
    char label[PERIOD_BUFSZ];
    money_t quota, won, pipeline;
    struct wsum weighted;
    int rolled_up;
};

/* The quotas of a report and the reps whose deals count toward them. */
struct quotas_acc {
    struct quota_row *rows; /* in quotas.csv order */
    size_t n;
    struct hmap byrep; /* rep id -> "i,j," indexes into rows (owned text) */
};

/* quotas_select: the quotas of period want (the same days; NULL: every
 * quota whose period holds today), of the owners --owner/--team name in f
 * (any when none): those of quotas.csv in its order, then the rolled-up
 * ones of teams without their own (only --team names one of those). Then feed the deals with quotas_add_deal. Release
 * with quotas_release, also after an error. */
int quotas_select(struct store *s, const struct filter *f, const struct period *want,
                  struct quotas_acc *q, struct err *e);
/* quotas_wants: 1 when some selected quota counts this owner's deals. */
int quotas_wants(const struct quotas_acc *q, const char *owner);
/* quotas_add_deal: count a deal toward the quotas of its owner. -1 when a
 * total overflows. */
int quotas_add_deal(struct quotas_acc *q, const struct deal *d);
/* quota_row_attainment: the attainment quota-report shows (metric_attainment). */
double quota_row_attainment(const struct quota_row *x);
void quotas_release(struct quotas_acc *q);

/* report_quota: per quota row of the period (f->period, else every quota
 * whose period holds today): quota, won, attainment, gap, pipeline,
 * weighted, coverage, projected, pace. Owners roll up (reps_members).
 * --owner/--team pick quota rows; the other filters pick deals. */
int report_quota(struct store *s, struct filter *f, struct out *o, struct err *e);

struct quota_run;
struct quota_run *quota_begin(struct store *s, struct filter *f, struct err *e);
int quota_reads_deals(const struct quota_run *run);
int quota_deal(struct quota_run *run, const struct table *t, struct err *e);
void quota_end(struct quota_run *run, struct out *o);
void quota_free(struct quota_run *run);

/* report_forecast_pipeline: per period from the current one, horizon
 * periods: closed (won in the period), commit, best_case (cumulative),
 * pipeline (open, not omitted), weighted, and lo80, hi80 around weighted
 * (metric_range: open deals as independent wins); plus "overdue" (open
 * deals whose close date is before the first period) and "undated" rows
 * when any. An open deal weighs by its probability, or with scores (deal
 * id -> probability in millionths, dealscore_probabilities) by its score
 * when it has one. */
int report_forecast_pipeline(struct store *s, struct filter *f, enum period_kind by, int horizon,
                             const struct hmap *scores, struct out *o, struct err *e);

/* bookings_series: won amount per period of kind `by` from the first
 * period with a won deal to the period holding today (the current, partial
 * period included only when include_current), zeros where nothing was
 * won; deals chosen by f. *labels and *values are newly allocated (free
 * labels with strv_free, values with free). Returns the count. */
int bookings_series(struct store *s, struct filter *f, enum period_kind by, int include_current,
                    char ***labels, money_t **values, struct err *e);

/* bookings_won_fn: called for every won deal bookings_series counts (one
 * closed by today), after its amount is summed; nonzero stops the read
 * (e set by the callee). */
typedef int bookings_won_fn(void *ctx, const struct deal *d);

/* bookings_series_with: bookings_series, with on_won (may be NULL) seeing
 * each deal it counts, in the same read of deals.csv. */
int bookings_series_with(struct store *s, struct filter *f, enum period_kind by,
                         int include_current, bookings_won_fn *on_won, void *ctx,
                         char ***labels, money_t **values, struct err *e);

/* bookings_series in parts, for a caller that reads deals.csv once for
 * several reports: bookings_begin (f is the caller's, bound by it to the
 * table it reads), bookings_deal for each row of deals.csv, bookings_end
 * (the labels and values as bookings_series gives them; returns the count),
 * bookings_free. */
struct bookings_run;
struct bookings_run *bookings_begin(struct store *s, struct filter *f, enum period_kind by,
                                    bookings_won_fn *on_won, void *ctx, struct err *e);
int bookings_deal(struct bookings_run *b, const struct table *t, struct err *e);
int bookings_end(struct bookings_run *b, int include_current, char ***labels, money_t **values);
void bookings_free(struct bookings_run *b);

#endif
