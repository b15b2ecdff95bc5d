/* nps.c — net promoter score from customer feedback (see nps.h). */
#include "nps.h"

#include <stdio.h>
#include <stdlib.h>
#include <stddef.h>
#include <string.h>

#include "text.h"

int
nps_by_parse(const char *s, enum nps_by *out)
{
    static const char *const names[] = {"period",  "month",   "quarter",
                                        "segment", "account", "channel"};
    for (int i = 0; i < 6; i++)
        if (strcmp(s, names[i]) == 0)
            return *out = (enum nps_by)i, 0;
    return -1;
}

struct ngrp {
    char *key;
    long responses, promoters, passives, detractors;
};
_Static_assert(offsetof(struct ngrp, key) == 0, "report_group: the key first");

/* One detractor's comment, for --comments. */
struct comment {
    int64_t at;
    long line; /* the later line first among equal times */
    char *date, *account, *contact, *channel, *comment;
    int score;
};

/* What reading feedback.csv needs. */
struct nps_read {
    struct store *s;
    struct filter *f;
    sdate from, to;
    int one_period;      /* the window is exactly `period` */
    struct period period;
    struct filter_dates dates; /* the filter's, set aside while reading */
    int taken;
    struct table *t;
    int c_date, c_account, c_contact, c_score, c_channel, c_comment;
};

/* Open feedback.csv, its columns checked and the filter bound; the
 * filter's dates set aside until nps_close (the window is
 * r->from..r->to). 0 with r->t NULL when there is no file. */
static int
nps_open(struct nps_read *r, struct store *s, struct filter *f, struct err *e)
{
    memset(r, 0, sizeof *r);
    r->s = s;
    r->f = f;
    r->one_period = report_window_take(s, f, &r->from, &r->to, &r->period, &r->dates);
    r->taken = 1;
    if (!store_has(s, &schema_feedback))
        return 0;
    if (!(r->t = store_read(s, &schema_feedback, e)))
        return -1;
    if (table_require(r->t, "date,account,contact,score,channel,comment", e))
        return -1;
    r->c_date = schema_col(&schema_feedback, "date");
    r->c_account = schema_col(&schema_feedback, "account");
    r->c_contact = schema_col(&schema_feedback, "contact");
    r->c_score = schema_col(&schema_feedback, "score");
    r->c_channel = schema_col(&schema_feedback, "channel");
    r->c_comment = schema_col(&schema_feedback, "comment");
    return filter_bind(f, r->t, e);
}

/* The file closed, the filter's dates put back. */
static void
nps_close(struct nps_read *r)
{
    table_free(r->t);
    r->t = NULL;
    if (r->taken)
        filter_put_dates(r->f, &r->dates);
    r->taken = 0;
}

/* The next response in the window: 1 with *score, *at and *day set, 0 at
 * the end, -1 with e set. Every row's score is checked, in the window or not. */
static int
nps_next(struct nps_read *r, int *score, int64_t *at, sdate *day, struct err *e)
{
    int rc;
    if (!r->t)
        return 0;
    while ((rc = table_next(r->t, e)) == 1) {
        const char *sc = table_get(r->t, r->c_score), *d = table_get(r->t, r->c_date);
        char *end;
        if (!*sc)
            continue; /* no score given: not a response */
        long v = strtol(sc, &end, 10);
        if (*end || end == sc || v < 0 || v > 10)
            return err_at(e, r->t->name, table_line(r->t), "score '%s' is not 0-10", sc);
        if (datetime_parse(d, at) || datetime_date(d, day))
            return err_at(e, r->t->name, table_line(r->t), "bad date '%s'", d);
        if ((r->from != DATE_NONE && *day < r->from) || (r->to != DATE_NONE && *day > r->to))
            continue;
        if (!filter_match(r->f, r->t))
            continue;
        *score = (int)v;
        return 1;
    }
    return rc;
}

/* accounts.csv: id -> segment (pool text). */
static int
load_segments(struct store *s, struct hmap *m, struct pool *pl, struct err *e)
{
    struct table *t;
    int r, c_id = schema_col(&schema_accounts, "id"),
           c_seg = schema_col(&schema_accounts, "segment");
    if (!store_has(s, &schema_accounts))
        return 0;
    if (!(t = store_read(s, &schema_accounts, e)))
        return -1;
    if (table_require(t, "segment", e)) {
        table_free(t);
        return -1;
    }
    while ((r = table_next(t, e)) == 1)
        hmap_put(m, table_get(t, c_id), NULL)->v.ptr = pool_strdup(pl, table_get(t, c_seg));
    table_free(t);
    return r < 0 ? -1 : 0;
}

static int
key_cmp(const void *a, const void *b)
{
    const struct ngrp *x = a, *y = b;
    return report_key_cmp(x->key, y->key);
}

static void
nps_row(struct out *o, const struct ngrp *x, const char *key, int footer)
{
    char n[32], p[32], pa[32], d[32], nps[32];
    snprintf(n, sizeof n, "%ld", x->responses);
    snprintf(p, sizeof p, "%ld", x->promoters);
    snprintf(pa, sizeof pa, "%ld", x->passives);
    snprintf(d, sizeof d, "%ld", x->detractors);
    const char *vals[6] = {
        key, n, p,
        pa,  d, metric_fmt(metric_nps(x->promoters, x->detractors, x->responses), nps, 1)};
    if (footer)
        out_footer(o, vals);
    else
        out_row(o, vals);
}

int
report_nps(struct store *s, struct filter *f, enum nps_by by, struct out *o, struct err *e)
{
    static const char *const heads[] = {"period",  "month",   "quarter",
                                        "segment", "account", "channel"};
    struct nps_read rd = {0};
    struct report_groups gr = {.size = sizeof(struct ngrp)};
    struct hmap segs = {0};
    struct pool pl = {0};
    struct ngrp total = {0};
    int rc = -1, r, score;
    int64_t at;
    sdate day;
    char label[2 * DATE_BUFSZ + 2];

    if (by == NPS_BY_SEGMENT && load_segments(s, &segs, &pl, e))
        goto out;
    if (nps_open(&rd, s, f, e))
        goto out;
    if (by == NPS_BY_PERIOD) { /* the window's name */
        if (rd.one_period) {
            period_format(&rd.period, label);
        } else {
            char a[DATE_BUFSZ] = "", b[DATE_BUFSZ] = "";
            if (rd.from != DATE_NONE)
                date_format(rd.from, a);
            if (rd.to != DATE_NONE)
                date_format(rd.to, b);
            snprintf(label, sizeof label, "%s..%s", a, b);
        }
    }
    while ((r = nps_next(&rd, &score, &at, &day, e)) == 1) {
        char buf[PERIOD_BUFSZ];
        const char *key;
        struct period p;
        struct hmap_entry *he;
        switch (by) {
        case NPS_BY_PERIOD:
            key = label;
            break;
        case NPS_BY_MONTH:
        case NPS_BY_QUARTER:
            period_of(day, by == NPS_BY_MONTH ? PERIOD_MONTH : PERIOD_QUARTER, &s->cal, &p);
            key = period_format(&p, buf);
            break;
        case NPS_BY_SEGMENT:
            he = hmap_get(&segs, table_get(rd.t, rd.c_account));
            key = he ? he->v.ptr : "";
            break;
        case NPS_BY_ACCOUNT:
            key = table_get(rd.t, rd.c_account);
            break;
        default:
            key = table_get(rd.t, rd.c_channel);
        }
        struct ngrp *g = report_group(&gr, key, NULL);
        for (int k = 0; k < 2; k++) {
            struct ngrp *x = k ? &total : g;
            int cls = nps_class(score);
            x->responses++;
            x->promoters += cls > 0;
            x->passives += cls == 0;
            x->detractors += cls < 0;
        }
    }
    if (r < 0)
        goto out;
    if (by == NPS_BY_PERIOD) /* the period is shown even with no response */
        report_group(&gr, label, NULL);
    struct ngrp *v = gr.v;
    size_t n = gr.n;
    if (n)
        qsort(v, n, sizeof *v, key_cmp);
    out_add_col(o, heads[by], OT_TEXT);
    out_add_col(o, "responses", OT_INT);
    out_add_col(o, "promoters", OT_INT);
    out_add_col(o, "passives", OT_INT);
    out_add_col(o, "detractors", OT_INT);
    out_add_col(o, "nps", OT_RATIO);
    for (size_t i = 0; i < n; i++)
        nps_row(o, &v[i], v[i].key, 0);
    if (by != NPS_BY_PERIOD && n)
        nps_row(o, &total, "total", 1);
    rc = 0;
out:
    report_groups_release(&gr);
    nps_close(&rd);
    hmap_release(&segs);
    pool_release(&pl);
    return rc;
}

static int
comment_cmp(const void *a, const void *b)
{
    const struct comment *x = a, *y = b;
    if (x->at != y->at)
        return x->at > y->at ? -1 : 1;
    return (x->line < y->line) - (x->line > y->line);
}

int
report_nps_comments(struct store *s, struct filter *f, struct out *o, struct err *e)
{
    struct nps_read rd;
    struct pool pl = {0};
    struct comment *v = NULL;
    size_t n = 0, cap = 0;
    int rc = -1, r, score;
    int64_t at;
    sdate day;

    if (nps_open(&rd, s, f, e))
        goto out;
    while ((r = nps_next(&rd, &score, &at, &day, e)) == 1) {
        const char *text = table_get(rd.t, rd.c_comment);
        if (nps_class(score) >= 0 || !*text)
            continue;
        if (n == cap) {
            cap = cap ? cap * 2 : 64;
            v = xrealloc(v, cap * sizeof *v);
        }
        struct comment *c = &v[n++];
        c->at = at;
        c->line = table_line(rd.t);
        c->score = score;
        c->date = pool_strdup(&pl, table_get(rd.t, rd.c_date));
        c->account = pool_strdup(&pl, table_get(rd.t, rd.c_account));
        c->contact = pool_strdup(&pl, table_get(rd.t, rd.c_contact));
        c->channel = pool_strdup(&pl, table_get(rd.t, rd.c_channel));
        c->comment = pool_strdup(&pl, text);
    }
    if (r < 0)
        goto out;
    if (n)
        qsort(v, n, sizeof *v, comment_cmp);
    static const char *const heads[] = {"date",  "account", "contact",
                                        "score", "channel", "comment"};
    for (int k = 0; k < 6; k++)
        out_add_col(o, heads[k], k == 3 ? OT_INT : OT_TEXT);
    for (size_t i = 0; i < n; i++) {
        char sc[8];
        snprintf(sc, sizeof sc, "%d", v[i].score);
        const char *vals[6] = {v[i].date, v[i].account, v[i].contact,
                               sc,        v[i].channel, v[i].comment};
        out_row(o, vals);
    }
    rc = 0;
out:
    free(v);
    nps_close(&rd);
    pool_release(&pl);
    return rc;
}
