/*
 * asof.h — records seen "as of a reference day", the reconstruction that
 * deal-score (dealscore.h) and the learnt lead-score (leadlearn.h) share.
 *
 * An open record is seen as of today; a decided one (a closed deal, a
 * converted or disqualified lead) as of created + (h mod (decided -
 * created)), h a hash of its id, so the same record always gets the same
 * day and the day is before the outcome. A field's value that day comes
 * from history.csv: the last change on or before it, else the old value of
 * the first change after it, else the current value. Activities count
 * when dated on or before it (a task on the day it was done).
 *
 * Includes entities, store.
 */
#ifndef SALES_ASOF_H
#define SALES_ASOF_H

#include <stdint.h>

#include "entities.h"
#include "store.h"

/* asof_refday: the reference day of a record created on `created` and
 * decided on `decided`; DATE_NONE when either is missing or decided is
 * not after created (the record was never seen undecided). */
sdate asof_refday(const char *id, sdate created, sdate decided);

/* A field's value on the reference day, gathered from its changes. */
struct asof {
    sdate le_date, af_date; /* the last change on or before; the first after */
    int32_t le_val, af_val; /* its new value; its old value */
};

void asof_init(struct asof *a);
/* asof_wants: whether a change on day d would tell the value (so that a
 * caller computes the value only then). */
int asof_wants(const struct asof *a, sdate ref, sdate d);
/* asof_change: a change on day d from old to new_, seen from ref. */
void asof_change(struct asof *a, sdate ref, sdate d, int32_t old, int32_t new_);
/* asof_value: the value on the reference day; now when no change tells
 * it, *known (when not NULL) then 0, else 1. */
int32_t asof_value(const struct asof *a, int32_t now, int *known);

/* One row of history.csv of the entity asof_history scans. Strings
 * borrow from the table and last until the next row. */
struct asof_hrow {
    struct table *t;
    const char *id, *field, *old, *new_, *ts;
};

/* asof_hrow_date: the row's ts as a date; -1 with e set ("FILE:LINE: bad
 * ts '...'") when it is not one. */
int asof_hrow_date(const struct asof_hrow *h, sdate *d, struct err *e);

/* asof_history: call fn for every row of history.csv about `entity`
 * (e.g. "deals"), in file order; fn returns 0 to go on, -1 (e set) to
 * stop with that error. */
int asof_history(struct store *s, const char *entity,
                 int (*fn)(void *ctx, const struct asof_hrow *h, struct err *e), void *ctx,
                 struct err *e);

#define ASOF_NTYPES 5 /* call, email, meeting, demo, other (chat, social, note, task) */

/* A record's activities up to its reference day. */
struct asof_touches {
    sdate last, first;             /* DATE_NONE: none */
    uint16_t acts[2][ASOF_NTYPES]; /* [0] in the last 14 days, [1] in the last 30 */
};

void asof_touches_init(struct asof_touches *tc);

/* asof_activities: read activities.csv; for each row whose column `key`
 * ("deal", "lead") is set, fn gives the record's touches and reference
 * day (NULL: not one to count, e.g. unknown or with no reference day),
 * and the activity is counted when on or before that day. A file without
 * the columns date, key or type is an error. */
int asof_activities(struct store *s, const char *key,
                    struct asof_touches *(*fn)(void *ctx, const char *id, sdate *ref), void *ctx,
                    struct err *e);
/* asof_activities_each: the same, with row(ctx, t, e) (when not NULL)
 * called first for every row of the file, for a caller that reads more of
 * each row in the same pass; row returns 0 to go on, -1 (e set) to stop. */
int asof_activities_each(struct store *s, const char *key,
                         struct asof_touches *(*fn)(void *ctx, const char *id, sdate *ref),
                         int (*row)(void *ctx, const struct table *t, struct err *e), void *ctx,
                         struct err *e);

/* asof_holdout_cut: the first day of the last `holdout` share of the n
 * (> 0) outcome days (sorted in place): what is before it trains, the
 * rest is held out. */
sdate asof_holdout_cut(sdate *days, size_t n, double holdout);

#endif
