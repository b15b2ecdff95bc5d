/*
 * rfm.h — RFM segmentation of the accounts with won deals: recency (days
 * since the last won deal closed), frequency (won deals), monetary (their
 * total in the home currency), each scored 1-5 by quintiles, and a named
 * segment from the R and F scores by a table of rules (a default one, or
 * a CSV file of the user's). segment --write keeps the segment in the
 * accounts.csv column rfm.
 *
 * The report streams deals.csv once and keeps state per account.
 * Includes store, filter, output, entities, metrics.
 */
#ifndef SALES_RFM_H
#define SALES_RFM_H

#include <stddef.h>
#include <stdint.h>

#include "entities.h"
#include "filter.h"
#include "output.h"
#include "store.h"

/* rfm_quintiles: score[i] 1-5 for v[0..n): the values sorted from worst
 * to best (higher_better: larger is better, else smaller is), a run of
 * equal values at positions lo..hi-1 (0-based) scores
 * 1 + floor(5 (lo + hi) / (2 n)): the fifth its middle falls in. Equal
 * values score the same; without ties the five groups differ in size by
 * at most one. */
void rfm_quintiles(const int64_t *v, size_t n, int higher_better, int *score);

/* A rule: accounts whose R score is in [r_lo, r_hi] and F score in
 * [f_lo, f_hi] are in segment name. The first rule that matches wins. */
struct rfm_rule {
    char *name;
    int r_lo, r_hi, f_lo, f_hi;
};

struct rfm_segments {
    struct rfm_rule *v;
    size_t n;
};

/* rfm_segments_default: the default table (every R, F pair in exactly one
 * segment): Champions, Loyal, Potential loyalist, New, Promising, Need
 * attention, About to sleep, At risk, Cannot lose, Hibernating, Lost. */
void rfm_segments_default(struct rfm_segments *sg);

/* rfm_segments_load: a CSV file with the columns segment, r and f (a score
 * 1-5, or a range such as 4-5), one rule a line, in the order they are
 * tried. A bad line is an error "FILE:LINE: what is wrong". */
int rfm_segments_load(const char *path, struct rfm_segments *sg, struct err *e);

/* rfm_segment_of: the first matching rule's name, or "" when none does. */
const char *rfm_segment_of(const struct rfm_segments *sg, int r, int f);

void rfm_segments_release(struct rfm_segments *sg);

/* report_segment: per account with a won deal closed in f's date window
 * (to today when open): account,name,recency_days,frequency,monetary,
 * r,f,m,segment, by account id; or with summary per segment (in the
 * table's order, then accounts no rule matched): segment,accounts,share,
 * monetary. Recency counts to the window's end, or today when that is
 * later. f's owner, segment, source and --where choose the deals.
 * With write, under the data directory's lock, the segment goes to
 * accounts.csv column rfm (added when missing) in one transaction; when
 * f chose nothing but dates, accounts not scored get an empty rfm. */
int report_segment(struct store *s, struct filter *f, const struct rfm_segments *sg, int summary,
                   int write, struct out *o, struct err *e);

#endif
