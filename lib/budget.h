/*
 * budget.h — the budget against what happened: planned and actual spend
 * from budget.csv per category, channel or period, and per channel the
 * spend next to the revenue won from deals of that source, the return on
 * it, the new customers it brought and what each cost (metric_roi,
 * metric_cac). Includes reports.
 */
#ifndef SALES_BUDGET_H
#define SALES_BUDGET_H

#include "reports.h"

enum budget_by { BUDGET_BY_CATEGORY, BUDGET_BY_CHANNEL, BUDGET_BY_PERIOD };

/* budget_by_parse: "category", "channel", "period". 0 or -1. */
int budget_by_parse(const char *s, enum budget_by *out);

/* report_budget: the budget lines whose period lies wholly in
 * report_window's days (and pass --where), summed per group:
 * KEY,planned,actual,variance,variance_pct; variance = actual - planned.
 * A missing budget.csv reads as empty. */
int report_budget(struct store *s, struct filter *f, enum budget_by by, struct out *o,
                  struct err *e);

/* report_roi: per channel over the same days: spend (actual of the budget
 * lines), revenue (won deals closed in the window whose source is the
 * channel), roi, new_customers (accounts whose first won deal ever closed
 * in the window, by that deal's source), cac. The budget lines with no
 * channel and the deals with no source make the last row, its channel
 * empty as every report names a group with no value; its roi and cac are
 * empty (that spend brings no deals of its own), its sums count in the
 * total. */
int report_roi(struct store *s, struct filter *f, struct out *o, struct err *e);

#endif
