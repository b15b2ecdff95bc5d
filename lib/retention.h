/*
 * retention.h — how customers stay: cohorts of accounts by the period of
 * their first won deal (a retention triangle, the repeat rate, churned
 * accounts), and recurring revenue from subscriptions.csv (MRR and its
 * movements per month, NRR, GRR, ARPA, churn rate, LTV and CAC over the
 * trailing twelve months). The metrics themselves are in metrics.h.
 *
 * Both stream their files once and keep state per account, never per
 * row. A file that is not there reads as empty.
 * Includes store, filter, output, entities, metrics.
 */
#ifndef SALES_RETENTION_H
#define SALES_RETENTION_H

#include "entities.h"
#include "filter.h"
#include "output.h"
#include "store.h"

/* report_cohorts: one row per cohort (the month or quarter, by, of an
 * account's first won deal): cohort,accounts,repeat_rate,churned, then
 * one share per later period (m1, m2, ... or q1, q2, ...): of the
 * cohort's accounts, those with a won deal in that period, empty where the
 * period is still to come; in table format a total row. Deals are chosen
 * by f's owner, segment, source and --where; its dates choose the cohorts
 * (by the first won deal's close), followed to today. Churned: no won
 * deal for config churn_days by today (metric_churned). */
int report_cohorts(struct store *s, struct filter *f, enum period_kind by, struct out *o,
                   struct err *e);

/* report_mrr: per month, into months (when not NULL):
 * period,mrr,new,expansion,contraction,churn,reactivation,customers,arr;
 * and into trailing (when not NULL) one row for the twelve months ending
 * with the last month shown: period,nrr,grr,arpa,churn_rate,ltv,
 * new_customers,spend,cac. Months run from the first subscription's start
 * (or f's since) to the current month (or f's until); --owner, --team and
 * --segment choose accounts (accounts.csv), --where subscriptions. */
int report_mrr(struct store *s, struct filter *f, struct out *months, struct out *trailing,
               struct err *e);

#endif
