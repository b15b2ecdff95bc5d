/*
 * perf.h — team performance: per rep (or team, segment, source, month,
 * quarter, tenure) what was won and lost in a period, the win rate, the
 * average deal, the sales cycle, the open pipeline and its velocity, the
 * activities, the lead response time and the quota attainment; and the
 * stage-to-stage funnel from history.csv.
 *
 * Every figure is a metric of metrics.h, the lead response time is
 * activity.c's (response_times) and the attainment is quota-report's
 * (quotas_select/quotas_add_deal): one definition each.
 * Includes activity, reports.
 */
#ifndef SALES_PERF_H
#define SALES_PERF_H

#include "activity.h"
#include "reports.h"

enum perf_by {
    PERF_BY_REP,
    PERF_BY_TEAM,
    PERF_BY_SEGMENT,
    PERF_BY_SOURCE,
    PERF_BY_MONTH,
    PERF_BY_QUARTER,
    PERF_BY_TENURE,
};

/* perf_by_parse: "rep", "team", "segment", "source", "month", "quarter",
 * "tenure". 0 or -1. */
int perf_by_parse(const char *s, enum perf_by *out);

struct perf_opts {
    enum perf_by by;
    int by_amount; /* win_rate (and velocity) by amount, not by count */
};

/* report_perf: over report_window's days, per group:
 * owner,won,won_amount,lost,win_rate,avg_deal,cycle_days,open,pipeline,
 * velocity,activities,response_hours,attainment (the first column named
 * after the grouping). --owner/--team pick reps; --segment, --source and
 * --where pick deals. A missing file reads as empty. */
int report_perf(struct store *s, struct filter *f, const struct perf_opts *po, struct out *o,
                struct err *e);

/* report_perf in parts, for a caller that reads each file once for several
 * reports (the dashboard): perf_begin (the window; f's dates and owners set
 * aside until perf_free), then perf_deals_init and perf_deal for each row of
 * deals.csv (f bound to it with filter_bind after perf_begin), perf_act for
 * each activity act_read read (when perf_reads_activities), perf_leads
 * (reads leads.csv), perf_end (the rows into o) and perf_free (also after an
 * error). The deals' part and the activities' part touch nothing the other
 * does: they may run on two threads; perf_leads after perf_act's last. */
struct perf_run;
struct perf_run *perf_begin(struct store *s, struct filter *f, const struct perf_opts *po,
                            struct err *e);
int perf_deals_init(struct perf_run *run, struct err *e);
int perf_deal(struct perf_run *run, const struct table *t, struct err *e);
int perf_reads_activities(const struct perf_run *run);
void perf_act(struct perf_run *run, const struct act *a, int touch);
int perf_leads(struct perf_run *run, struct err *e);
void perf_end(struct perf_run *run, struct out *o);
void perf_free(struct perf_run *run);

/* The stage funnel of report_funnel, computed: per owner and open stage,
 * the deals that entered the stage in the window and, of those, how many
 * passed it. Owners in name order, "" (no owner) last; owner row nowners
 * is every owner together (the team). Everything owned: funnel_release. */
struct funnel {
    int nowners, nstages;
    char **owners;          /* [nowners] */
    char **stages;          /* [nstages]: the open stages, stages.csv order */
    long *entered, *passed; /* [owner * nstages + stage], owner 0..nowners */
};

/* funnel_compute: report_funnel's numbers (the same window and owners).
 * Call funnel_release also after an error. */
int funnel_compute(struct store *s, struct filter *f, struct funnel *fn, struct err *e);
void funnel_release(struct funnel *fn);

/* The same in parts, for a reader that passes over deals.csv and
 * history.csv anyway (coach, in deal-score's passes): funnel_begin (the
 * window and the reps of f, which must outlive the run; NULL with e set),
 * then funnel_deal for every deal the caller's filter lets through, then
 * funnel_change for every row of history.csv about deals, in file order
 * (asof_history's callback), then funnel_end and funnel_free. */
struct funnel_run;
struct asof_hrow;
struct funnel_run *funnel_begin(struct store *s, const struct filter *f, struct err *e);
void funnel_deal(struct funnel_run *run, const struct deal *d);
int funnel_change(void *run, const struct asof_hrow *h, struct err *e);
void funnel_end(struct funnel_run *run, struct funnel *fn);
void funnel_free(struct funnel_run *run);

/* report_funnel: from history.csv, per owner and open stage (stages.csv
 * order): of the deals that entered the stage in the window, how many
 * later entered a later open stage or were won (a stage skipped counts as
 * entered and passed): owner,stage,entered,passed,conversion,
 * team_conversion (the same share over every owner shown). */
int report_funnel(struct store *s, struct filter *f, struct out *o, struct err *e);

#endif
