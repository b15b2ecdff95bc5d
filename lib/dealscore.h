/*
 * dealscore.h — the win probability of open deals from a model (model.h)
 * trained on the closed ones (deal-score, forecast --probability model).
 *
 * Every deal is seen as of a reference date: an open deal as of today; a
 * closed deal as of a day of its open life, created + (h mod (closed -
 * created)) with h a hash of its id (so the same deal always gets the
 * same day, and the days spread over the lives as today spreads over the
 * open deals' lives). Everything a feature reads is taken as it stood on
 * that day: the stage, the close date and the owner from history.csv
 * (the last change on or before it, else the old value of the first
 * change after it, else the current value), activities dated on or
 * before it, the owner's deals closed before it. The close itself is
 * never seen: the reference day is before the closed date. A closed deal
 * closed on the day it was created, or whose stage on its reference day
 * cannot be told (no stage change in history.csv), is not used.
 *
 * The features (model.h standardises the numbers):
 *   stage, segment, source, type            categories
 *   days in stage, age, amount              log(1 + x) (amount in the base currency)
 *   owner win rate                          won / closed among the owner's deals
 *                                           closed in the 365 days before, smoothed
 *                                           by 5 deals of everyone's rate then
 *   calls, emails, meetings, demos, other   log(1 + count) in the last 14 and 30 days
 *                                           (other: chat, social, note, task; a task
 *                                           counts on the day it was done)
 *   days since the last touch               log(1 + days); since created when none
 *   close date pushed                       log(1 + times moved later) (history.csv)
 *   days to close                           sign(d) log(1 + |d|); missing without one
 *
 * Includes model, entities, filter, store.
 */
#ifndef SALES_DEALSCORE_H
#define SALES_DEALSCORE_H

#include <stdint.h>

#include "entities.h"
#include "filter.h"
#include "idmap.h"
#include "model.h"
#include "store.h"

#define DEALSCORE_MIN 30      /* closed deals of each outcome needed to learn */
#define DEALSCORE_LAMBDA 1.0  /* the L2 penalty */
#define DEALSCORE_HOLDOUT 0.2 /* --evaluate: the share of closes held out */

struct ds_deal;
struct hq_row;

struct dealscore {
    struct store *s;
    struct deal_ctx dc;
    struct idmap byid;  /* deal id -> index in d */
    struct pool ids;    /* the ids' text */
    struct hq_row *hq;  /* history rows on their way (dealscore.c) */
    size_t hq_head, hq_tail;
    const struct ds_hooks *hooks; /* during dealscore_load_hooked */
    struct hmap owners; /* owner -> code */
    struct ds_deal *d;
    size_t n, cap;
    struct model m;
    int fitted;
    size_t nwon, nlost; /* closed deals the model learnt from */
    size_t unusable;    /* closed deals left out (see above) */
    /* the owners' closed deals, for the trailing win rate */
    struct ds_close *cl, *all;
    size_t ncl;
    size_t *owner_start; /* owner code -> first of its deals in cl; [nowners] = ncl */
    int nowners;
};

/* dealscore_load: read deals.csv, history.csv and activities.csv into
 * ds. Open deals that f picks (f NULL: all) are the ones scored. */
int dealscore_load(struct dealscore *ds, struct store *s, struct filter *f, struct err *e);

/* What a caller reads of deals.csv and activities.csv in dealscore_load's
 * passes (coach), instead of reading the files again. Each returns 0 to
 * go on, -1 (e set) to stop the load with that error. */
struct asof_hrow;
struct ds_hooks {
    void *ctx;
    /* every deal, as read (d borrows from t); i its index (dealscore_find) */
    int (*deal)(void *ctx, const struct deal *d, const struct table *t, long i, struct err *e);
    /* every row of activities.csv, after every deal is read */
    int (*activity)(void *ctx, const struct table *t, struct err *e);
    /* every row of history.csv about deals, in file order, after every
     * deal is read and before any activity */
    int (*history)(void *ctx, const struct asof_hrow *h, struct err *e);
};
int dealscore_load_hooked(struct dealscore *ds, struct store *s, struct filter *f,
                          const struct ds_hooks *h, struct err *e);

/* dealscore_find: the index of deal id (the order of deals.csv), or -1. */
long dealscore_find(const struct dealscore *ds, const char *id);
void dealscore_release(struct dealscore *ds);

/* dealscore_fit: learn from the usable closed deals closed before
 * `before` (DATE_NONE: all). Fewer than DEALSCORE_MIN of either outcome
 * is an error that says how many there are. */
int dealscore_fit(struct dealscore *ds, sdate before, struct err *e);

/* One scored open deal. Strings borrow from ds. */
struct ds_score {
    const char *id, *name, *owner, *stage;
    double stage_probability, score;
    char factors[160]; /* the three largest terms: "no touch 41d -0.22; ..." */
};

/* dealscore_scores: the open deals picked at load, in file order (after
 * dealscore_fit). *out is newly allocated (free); returns the count. */
size_t dealscore_scores(struct dealscore *ds, struct ds_score **out);

/* One line of an explanation: a feature, its value as read, its term in
 * the log-odds (0 for a category level that is "other"). */
struct ds_part {
    char feature[32], value[64];
    double term;
};

/* dealscore_explain: the terms behind an open deal's score; parts has
 * room for every feature (ds->m.nf). Returns the log-odds (the intercept
 * in *intercept), or -1 with e set for an unknown or closed deal. */
int dealscore_explain(struct dealscore *ds, const char *id, struct ds_part *parts,
                      double *intercept, double *logodds, struct err *e);

/* What --evaluate measures on the held-out deals (the baseline: the
 * probability of the deal's stage on its reference day). */
struct ds_eval {
    sdate cut; /* trained on closes before it, tested on the rest */
    struct model_eval m;
};

/* dealscore_evaluate: fit on the usable closed deals but the last
 * `holdout` share of them by closed date, and measure on those. */
int dealscore_evaluate(struct dealscore *ds, double holdout, struct ds_eval *ev, struct err *e);

/* dealscore_write: the scores of every open deal (a whole percentage, as
 * `probability` is written) into deals.csv's `score` column, added when
 * missing; one rewrite, history rows for the changes, committed. The
 * lock must be held since before dealscore_load. */
int dealscore_write(struct dealscore *ds, struct err *e);

/* dealscore_score: the score of open deal i (dealscore_find), as
 * dealscore_scores gives it (after dealscore_fit). */
double dealscore_score(struct dealscore *ds, long i);

/* dealscore_probabilities: the score of every open deal into m: deal id
 * -> the probability in millionths (num). */
void dealscore_probabilities(struct dealscore *ds, struct hmap *m);

#endif
