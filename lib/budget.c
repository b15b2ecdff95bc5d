/* budget.c — budget plan vs. actual, spend vs. revenue per channel (see budget.h). */
#include "budget.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <stddef.h>
#include <string.h>

#include "text.h"

int
budget_by_parse(const char *s, enum budget_by *out)
{
    static const char *const names[] = {"category", "channel", "period"};
    for (int i = 0; i < 3; i++)
        if (strcmp(s, names[i]) == 0)
            return *out = (enum budget_by)i, 0;
    return -1;
}

struct bgrp {
    char *key;
    sdate start; /* --by period: the period's first day, for the order */
    money_t planned, actual, revenue;
    long new_customers;
};
_Static_assert(offsetof(struct bgrp, key) == 0, "report_group: the key first");

static struct bgrp *
bgroup(struct report_groups *g, const char *key)
{
    return report_group(g, key, NULL);
}

static int
key_cmp(const void *a, const void *b)
{
    const struct bgrp *x = a, *y = b;
    return report_key_cmp(x->key, y->key);
}

static int
period_cmp(const void *a, const void *b)
{
    const struct bgrp *x = a, *y = b;
    if (x->start != y->start)
        return x->start < y->start ? -1 : 1;
    return strcmp(x->key, y->key);
}

/* Read budget.csv: every line whose period lies in [from, to] (DATE_NONE:
 * open) and passes --where, added to its group (by). */
static int
read_budget(struct store *s, struct filter *f, enum budget_by by, sdate from, sdate to,
            struct report_groups *g, struct err *e)
{
    struct table *t;
    int r;
    int c_period = schema_col(&schema_budget, "period"),
        c_cat = schema_col(&schema_budget, "category"),
        c_chan = schema_col(&schema_budget, "channel"),
        c_plan = schema_col(&schema_budget, "planned"),
        c_act = schema_col(&schema_budget, "actual");

    if (!store_has(s, &schema_budget))
        return 0;
    if (!(t = store_read(s, &schema_budget, e)))
        return -1;
    if (table_require(t, "period,category,channel,planned,actual", e) || filter_bind(f, t, e)) {
        table_free(t);
        return -1;
    }
    while ((r = table_next(t, e)) == 1) {
        const char *ps = table_get(t, c_period), *pl = table_get(t, c_plan),
                   *ac = table_get(t, c_act);
        struct period p;
        money_t planned = 0, actual = 0;
        char label[PERIOD_BUFSZ];
        if (period_parse(ps, &s->cal, s->today, &p)) {
            r = err_at(e, t->name, table_line(t), "bad period '%s'", ps);
            break;
        }
        if ((*pl && money_parse(pl, &planned)) || (*ac && money_parse(ac, &actual))) {
            r = err_at(e, t->name, table_line(t), "bad amount '%s'",
                       *pl && money_parse(pl, &planned) ? pl : ac);
            break;
        }
        if ((from != DATE_NONE && p.start < from) || (to != DATE_NONE && p.end - 1 > to))
            continue;
        if (!filter_match(f, t))
            continue;
        const char *key = by == BUDGET_BY_CATEGORY  ? table_get(t, c_cat)
                          : by == BUDGET_BY_CHANNEL ? table_get(t, c_chan)
                                                    : period_format(&p, label);
        struct bgrp *x = bgroup(g, key);
        x->start = p.start;
        if (money_add(&x->planned, planned) || money_add(&x->actual, actual)) {
            r = err_at(e, t->name, table_line(t), "amount total too large");
            break;
        }
    }
    table_free(t);
    return r < 0 ? -1 : 0;
}

int
report_budget(struct store *s, struct filter *f, enum budget_by by, struct out *o, struct err *e)
{
    static const char *const heads[] = {"category", "channel", "period"};
    struct report_groups g = {.size = sizeof(struct bgrp)};
    struct bgrp total = {0};
    struct filter_dates saved; /* budget lines go by their period, not a date column */
    struct period p;
    sdate from, to;
    int rc = -1;

    report_window_take(s, f, &from, &to, &p, &saved);
    if (read_budget(s, f, by, from, to, &g, e))
        goto out;
    if (g.n)
        qsort(g.v, g.n, g.size, by == BUDGET_BY_PERIOD ? period_cmp : key_cmp);
    out_add_col(o, heads[by], OT_TEXT);
    out_add_col(o, "planned", OT_MONEY);
    out_add_col(o, "actual", OT_MONEY);
    out_add_col(o, "variance", OT_MONEY);
    out_add_col(o, "variance_pct", OT_RATIO);
    for (size_t i = 0; i <= g.n; i++) {
        struct bgrp *x = i < g.n ? (struct bgrp *)g.v + i : &total;
        char pl[MONEY_BUFSZ], ac[MONEY_BUFSZ], va[MONEY_BUFSZ], pct[32];
        if (i < g.n &&
            (money_add(&total.planned, x->planned) || money_add(&total.actual, x->actual))) {
            snprintf(e->msg, sizeof e->msg, "amount total too large");
            goto out;
        }
        const char *vals[5] = {i < g.n ? x->key : "total", money_format(x->planned, pl),
                               money_format(x->actual, ac),
                               money_format(x->actual - x->planned, va),
                               metric_fmt(metric_variance_pct(x->planned, x->actual), pct, 2)};
        if (i < g.n)
            out_row(o, vals);
        else if (g.n)
            out_footer(o, vals);
    }
    rc = 0;
out:
    filter_put_dates(f, &saved);
    report_groups_release(&g);
    return rc;
}

/* An account's first won deal so far. */
struct first_won {
    sdate closed;
    char *source;
};

int
report_roi(struct store *s, struct filter *f, struct out *o, struct err *e)
{
    struct report_groups g = {.size = sizeof(struct bgrp)};
    struct bgrp total = {0};
    struct filter_dates saved;
    struct period p;
    struct hmap firsts = {0}; /* account -> struct first_won */
    struct pool pl = {0};
    struct deal_ctx dc;
    struct table *t = NULL;
    sdate from, to;
    int rc = -1, r, have_dc = 0;

    report_window_take(s, f, &from, &to, &p, &saved);
    if (read_budget(s, f, BUDGET_BY_CHANNEL, from, to, &g, e))
        goto out;
    if (store_has(s, &schema_deals)) {
        if (deal_ctx_init(&dc, s, e))
            goto out;
        have_dc = 1;
        if (!(t = deals_open(s, e)) || table_require(t, "account", e))
            goto out;
        while ((r = table_next(t, e)) == 1) {
            struct deal d;
            enum deal_state state;
            if (deal_state(&dc, t, &state, e))
                goto out;
            if (state != DEAL_WON)
                continue;
            if (deal_read(&dc, t, &d, e))
                goto out;
            if (d.closed == DATE_NONE)
                continue;
            if ((from == DATE_NONE || d.closed >= from) && (to == DATE_NONE || d.closed <= to) &&
                money_add(&bgroup(&g, d.source)->revenue, d.amount)) {
                err_at(e, t->name, table_line(t), "amount total too large");
                goto out;
            }
            const char *acc = table_get(t, dc.c_account);
            if (!*acc)
                continue;
            int is_new;
            struct hmap_entry *he = hmap_put(&firsts, acc, &is_new);
            struct first_won *fw = he->v.ptr;
            if (is_new) {
                fw = he->v.ptr = pool_alloc(&pl, sizeof *fw);
                fw->closed = d.closed;
                fw->source = pool_strdup(&pl, d.source);
            } else if (d.closed < fw->closed) { /* the source string is kept: few differ */
                fw->closed = d.closed;
                if (strcmp(fw->source, d.source) != 0)
                    fw->source = pool_strdup(&pl, d.source);
            }
        }
        if (r < 0)
            goto out;
        for (size_t i = 0; i < firsts.cap; i++) {
            struct first_won *fw = firsts.slots[i].key ? firsts.slots[i].v.ptr : NULL;
            if (fw && (from == DATE_NONE || fw->closed >= from) &&
                (to == DATE_NONE || fw->closed <= to))
                bgroup(&g, fw->source)->new_customers++;
        }
    }
    if (g.n)
        qsort(g.v, g.n, g.size, key_cmp);
    out_add_col(o, "channel", OT_TEXT);
    out_add_col(o, "spend", OT_MONEY);
    out_add_col(o, "revenue", OT_MONEY);
    out_add_col(o, "roi", OT_RATIO);
    out_add_col(o, "new_customers", OT_INT);
    out_add_col(o, "cac", OT_MONEY);
    for (size_t i = 0; i <= g.n; i++) {
        struct bgrp *x = i < g.n ? (struct bgrp *)g.v + i : &total;
        char sp[MONEY_BUFSZ], rv[MONEY_BUFSZ], roi[32], nc[32], cac[MONEY_BUFSZ] = "";
        if (i < g.n) {
            if (money_add(&total.actual, x->actual) || money_add(&total.revenue, x->revenue)) {
                snprintf(e->msg, sizeof e->msg, "amount total too large");
                goto out;
            }
            total.new_customers += x->new_customers;
        }
        /* no channel: spend no channel carries (tools, overhead) and deals
         * of no source, in the total but with no return or cost of its own */
        int none = i < g.n && !*x->key;
        double c = none ? NAN : metric_cac(x->actual, x->new_customers);
        if (isfinite(c))
            money_format((money_t)llround(c), cac);
        snprintf(nc, sizeof nc, "%ld", x->new_customers);
        const char *vals[6] = {i < g.n ? x->key : "total",
                               money_format(x->actual, sp),
                               money_format(x->revenue, rv),
                               none ? "" : metric_fmt(metric_roi(x->revenue, x->actual), roi, 2),
                               nc,
                               cac};
        if (i < g.n)
            out_row(o, vals);
        else if (g.n)
            out_footer(o, vals);
    }
    rc = 0;
out:
    filter_put_dates(f, &saved);
    table_free(t);
    if (have_dc)
        deal_ctx_release(&dc);
    hmap_release(&firsts);
    pool_release(&pl);
    report_groups_release(&g);
    return rc;
}
