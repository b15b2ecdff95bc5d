/*
 * leadlearn.h — lead scores learnt from the team's own leads (lead-score
 * without a rules file): a logistic regression (model.h) of converted
 * against disqualified leads.
 *
 * As deal-score does (dealscore.h), every lead is seen as of a reference
 * day: an open lead (new, contacted, qualified) as of today; a decided
 * one as of created + (h mod (decided - created)), h a hash of its id and
 * decided the day history.csv records its status becoming converted or
 * disqualified. Its status that day comes from history.csv (the last
 * change on or before it, else the old value of the first change after
 * it), its activities are those dated on or before it. A decided lead
 * with no such history row, or decided on the day it was created, is not
 * used. Source, segment, owner, phone and company are as they are now.
 *
 * Features: status, source, segment, owner, has phone, has company
 * (categories); age, days since the last touch (or since created), days
 * from created to the first touch (missing when none yet): log(1 + days);
 * calls, emails, meetings, demos, other activities in the last 14 and 30
 * days: log(1 + count).
 *
 * Includes model, store, filter.
 */
#ifndef SALES_LEADLEARN_H
#define SALES_LEADLEARN_H

#include "filter.h"
#include "model.h"
#include "store.h"

#define LEADLEARN_MIN 30 /* decided leads of each outcome needed to learn */

struct ll_lead;

struct leadlearn {
    struct store *s;
    struct hmap index; /* lead id -> index */
    struct ll_lead *v;
    size_t n, cap;
    struct model m;
    size_t nyes, nno;
    double *status_rate; /* status level code -> training conversion rate (the baseline) */
    double base_rate;
};

/* leadlearn_load: read leads.csv, history.csv and activities.csv; the
 * open leads f picks (f NULL: all) are the ones scored. */
int leadlearn_load(struct leadlearn *ll, struct store *s, struct filter *f, struct err *e);
void leadlearn_release(struct leadlearn *ll);

/* leadlearn_fit: learn from the usable decided leads decided before
 * `before` (DATE_NONE: all); fewer than LEADLEARN_MIN of either outcome
 * is an error with the counts. */
int leadlearn_fit(struct leadlearn *ll, sdate before, struct err *e);

/* One scored open lead; strings borrow from ll. */
struct ll_score {
    const char *id, *name, *old;
    long score; /* a whole percentage */
};

/* leadlearn_scores: the picked open leads in file order; *out newly
 * allocated (free). */
size_t leadlearn_scores(struct leadlearn *ll, struct ll_score **out);

struct ll_part {
    char feature[32], value[64];
    double term;
};

/* leadlearn_explain: the terms of an open lead's log-odds; parts has
 * room for ll->m.nf. -1 with e set for an unknown or decided lead. */
int leadlearn_explain(struct leadlearn *ll, const char *id, struct ll_part *parts,
                      double *intercept, double *logodds, struct err *e);

/* leadlearn_evaluate: fit on all but the last `holdout` share of the
 * decided leads (by decided day), measure on those; the baseline is the
 * training conversion rate of the lead's status on its reference day.
 * *cut is the first held-out day. */
int leadlearn_evaluate(struct leadlearn *ll, double holdout, struct model_eval *ev, sdate *cut,
                       struct err *e);

/* leadlearn_write: the scores into leads.csv's score column (one
 * rewrite, history rows, committed). Lock held since before load. */
int leadlearn_write(struct leadlearn *ll, struct err *e);

#endif
