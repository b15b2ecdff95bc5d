/* asof.c — records as of a reference day before their outcome (see asof.h). */
#include "asof.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static uint64_t
fnv1a(const char *s)
{
    uint64_t h = 1469598103934665603ULL;
    for (; *s; s++)
        h = (h ^ (unsigned char)*s) * 1099511628211ULL;
    return h;
}

sdate
asof_refday(const char *id, sdate created, sdate decided)
{
    if (decided == DATE_NONE || created == DATE_NONE || decided <= created)
        return DATE_NONE;
    return created + (sdate)(fnv1a(id) % (uint64_t)(decided - created));
}

void
asof_init(struct asof *a)
{
    a->le_date = a->af_date = DATE_NONE;
    a->le_val = a->af_val = -1;
}

int
asof_wants(const struct asof *a, sdate ref, sdate d)
{
    if (d <= ref)
        return a->le_date == DATE_NONE || d >= a->le_date;
    return a->af_date == DATE_NONE || d < a->af_date;
}

void
asof_change(struct asof *a, sdate ref, sdate d, int32_t old, int32_t new_)
{
    if (!asof_wants(a, ref, d))
        return;
    if (d <= ref) {
        a->le_date = d;
        a->le_val = new_;
    } else {
        a->af_date = d;
        a->af_val = old;
    }
}

int32_t
asof_value(const struct asof *a, int32_t now, int *known)
{
    if (known)
        *known = 1;
    if (a->le_date != DATE_NONE)
        return a->le_val;
    if (a->af_date != DATE_NONE)
        return a->af_val;
    if (known)
        *known = 0;
    return now;
}

int
asof_hrow_date(const struct asof_hrow *h, sdate *d, struct err *e)
{
    if (datetime_date(h->ts, d))
        return err_at(e, h->t->name, table_line(h->t), "bad ts '%s'", h->ts);
    return 0;
}

int
asof_history(struct store *s, const char *entity,
             int (*fn)(void *ctx, const struct asof_hrow *h, struct err *e), void *ctx,
             struct err *e)
{
    struct table *t;
    struct history_cols c;
    int r;
    if (!store_has(s, &schema_history)) /* a missing file: no rows */
        return 0;
    if (!(t = store_read(s, &schema_history, e)))
        return -1;
    if (history_columns(t, "ts,entity,id,field,old,new", &c, e)) {
        table_free(t);
        return -1;
    }
    while ((r = table_next(t, e)) == 1) {
        if (strcmp(table_cell(t, (size_t)c.entity), entity) != 0)
            continue;
        struct asof_hrow h = {t,
                              table_cell(t, (size_t)c.id),
                              table_cell(t, (size_t)c.field),
                              table_cell(t, (size_t)c.old),
                              table_cell(t, (size_t)c.new_),
                              table_cell(t, (size_t)c.ts)};
        if (fn(ctx, &h, e)) {
            r = -1;
            break;
        }
    }
    table_free(t);
    return r < 0 ? -1 : 0;
}

void
asof_touches_init(struct asof_touches *tc)
{
    memset(tc, 0, sizeof *tc);
    tc->last = tc->first = DATE_NONE;
}

static int
activity_type(const char *type)
{
    return strcmp(type, "call") == 0      ? 0
           : strcmp(type, "email") == 0   ? 1
           : strcmp(type, "meeting") == 0 ? 2
           : strcmp(type, "demo") == 0    ? 3
                                          : 4;
}

int
asof_activities(struct store *s, const char *key,
                struct asof_touches *(*fn)(void *ctx, const char *id, sdate *ref), void *ctx,
                struct err *e)
{
    return asof_activities_each(s, key, fn, NULL, ctx, e);
}

int
asof_activities_each(struct store *s, const char *key,
                     struct asof_touches *(*fn)(void *ctx, const char *id, sdate *ref),
                     int (*row)(void *ctx, const struct table *t, struct err *e), void *ctx,
                     struct err *e)
{
    const struct entity_def *ent = &schema_activities;
    struct table *t;
    int r, c_date = schema_col(ent, "date"), c_key = schema_col(ent, key),
           c_type = schema_col(ent, "type"), c_done = schema_col(ent, "done");
    char need[64];
    if (!store_has(s, ent)) /* a missing file: no rows */
        return 0;
    if (!(t = store_read(s, ent, e)))
        return -1;
    snprintf(need, sizeof need, "date,%s,type", key);
    if (table_require(t, need, e)) {
        table_free(t);
        return -1;
    }
    while ((r = table_next(t, e)) == 1) {
        const char *id = table_get(t, c_key);
        sdate ref, d;
        if (row && row(ctx, t, e)) {
            r = -1;
            break;
        }
        if (!*id)
            continue;
        struct asof_touches *tc = fn(ctx, id, &ref);
        if (!tc)
            continue;
        const char *type = table_get(t, c_type), *when = table_get(t, c_date);
        if (strcmp(type, "task") == 0 && !*(when = table_get(t, c_done)))
            continue; /* a task is a touch once done */
        if (datetime_date(when, &d)) {
            r = err_at(e, t->name, table_line(t), "bad date '%s'", when);
            break;
        }
        if (d > ref)
            continue;
        if (tc->last == DATE_NONE || d > tc->last)
            tc->last = d;
        if (tc->first == DATE_NONE || d < tc->first)
            tc->first = d;
        int k = activity_type(type);
        if (d > ref - 30 && tc->acts[1][k] < 65535)
            tc->acts[1][k]++;
        if (d > ref - 14 && tc->acts[0][k] < 65535)
            tc->acts[0][k]++;
    }
    table_free(t);
    return r < 0 ? -1 : 0;
}

static int
by_day(const void *a, const void *b)
{
    sdate x = *(const sdate *)a, y = *(const sdate *)b;
    return (x > y) - (x < y);
}

sdate
asof_holdout_cut(sdate *days, size_t n, double holdout)
{
    qsort(days, n, sizeof *days, by_day);
    size_t keep = n - (size_t)ceil(holdout * (double)n);
    return days[keep < n ? keep : n - 1];
}
