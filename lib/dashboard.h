/*
 * dashboard.h — the morning view: the headline figures of a period (a
 * month or a quarter) against the period before, with sparklines of the
 * last twelve periods, the funnel by stage and the deals at risk, for a
 * terminal; or one self-contained HTML page (inline SVG, no script, no
 * network) with charts of bookings and their forecast, the funnel,
 * quota attainment, the activity mix per channel, MRR movements and NPS.
 *
 * It computes no figure of its own: every number is a report's, read back
 * from its rows (out_new_rows) — perf-report's bookings, win rate and
 * cycle; quota-report's attainment and coverage; pipeline-show's funnel;
 * report_at_risk's deals; nps-report's NPS; retention-report --mrr's MRR
 * and NRR; activity-report's channel mix; the forecast command's bookings
 * forecast — and changes are metric_variance_pct.
 *
 * Includes store, filter, reports, perf, nps, retention, activity, series.
 */
#ifndef SALES_DASHBOARD_H
#define SALES_DASHBOARD_H

#include <stdio.h>

#include "filter.h"
#include "store.h"

/* How many periods the sparklines and charts look back, the current one
 * included, and how many deals at risk are listed. */
#define DASH_PERIODS 12
#define DASH_AT_RISK 5

struct dashboard;

/* dashboard_new: run the reports for the period f names (f->period: a
 * month or a quarter; none: the current fiscal quarter). html: also what
 * only the page shows (the forecast, the activity mix). f's other filters
 * are not used. NULL with e set on an error (a period of another kind, a
 * report's error). Free with dashboard_free. */
struct dashboard *dashboard_new(struct store *s, struct filter *f, int html, struct err *e);

/* dashboard_print: the terminal view, at most 80 columns wide; color:
 * ANSI colour for the changes and bars. -1 with e set on a write error. */
int dashboard_print(const struct dashboard *d, FILE *fp, int color, struct err *e);

/* dashboard_html: the page, written whole or not at all to path
 * (outfile; "-" is standard output). 0, or -1 with e set. */
int dashboard_html(const struct dashboard *d, const char *path, struct err *e);

void dashboard_free(struct dashboard *d);

#endif
