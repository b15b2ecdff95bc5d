/* retention.c — customer cohorts and recurring revenue (see retention.h). */
#include "retention.h"

#include <limits.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "idmap.h"
#include "text.h"

/* A file of the data directory with the columns a report needs checked;
 * *t NULL (and 0 returned) when the file is not there: an empty report. */
static int
open_optional(struct store *s, const struct entity_def *ent, const char *cols, struct table **t,
              struct err *e)
{
    *t = store_read_if(s, ent, e);
    if (!*t)
        return e->msg[0] ? -1 : 0;
    if (table_require(*t, cols, e)) {
        table_free(*t);
        *t = NULL;
        return -1;
    }
    return 0;
}

/* A period as a number that counts up by one per period: months as
 * year * 12 + month - 1, (fiscal) quarters as year * 4 + quarter - 1. */
static int month_index(sdate d);

static int
period_index(sdate d, enum period_kind kind, const struct calendar *cal)
{
    struct period p;
    if (kind == PERIOD_MONTH)
        return month_index(d); /* the same, without the period's bounds */
    period_of(d, kind, cal, &p);
    return kind == PERIOD_QUARTER ? p.year * 4 + p.num - 1 : p.year * 12 + p.num - 1;
}

/* The month index of d (period_index's for PERIOD_MONTH, without the
 * period's bounds, which a month index does not need). */
static int
month_index(sdate d)
{
    int y, m, dd;
    date_to_ymd(d, &y, &m, &dd);
    return y * 12 + m - 1;
}

/* The month index of a date as date_parse has taken it (YYYY-MM-DD):
 * read off its digits, as converting the date back would cost more than
 * the rest of a row of subscriptions.csv. */
static int
month_of_text(const char *s)
{
    int y = (s[0] - '0') * 1000 + (s[1] - '0') * 100 + (s[2] - '0') * 10 + (s[3] - '0');
    return y * 12 + (s[5] - '0') * 10 + (s[6] - '0') - 1;
}

/* The first day of month index m. */
static sdate
month_start(int m)
{
    return date_from_ymd(m / 12, m % 12 + 1, 1);
}

static char *
period_label(int idx, enum period_kind kind, char *buf)
{
    struct period p = {0};
    int per = kind == PERIOD_QUARTER ? 4 : 12;
    p.kind = kind;
    p.year = idx / per;
    p.num = idx % per + 1;
    return period_format(&p, buf);
}

/* Ids of the usual form ("A12") numbered above this go to a map: an array
 * by number stays within 32 MB, and a number within 24 bits, whatever the
 * numbers. */
#define ACCT_NUM_MAX (1LL << 23)

/* ---- cohorts ------------------------------------------------------------ */

/* An account with won deals. Its periods with a won deal (indexes, each
 * once) are kept in per while there are up to CUST_INLINE, then in a
 * vector of the run's (more[ext]): most accounts have a few. */
#define CUST_INLINE 3
struct cust {
    sdate first, last; /* first and last won deal's close */
    int won, nper, ext;
    int per[CUST_INLINE];
};

struct per_vec {
    int *v;
    int n, cap;
};

#define CUST_SHIFT 16 /* 65536 accounts, 2 MB, in a block */
#define CUST_BLOCK (1 << CUST_SHIFT)

/* The accounts with won deals, in blocks of a pool (huge pages: fresh
 * memory in 4 KB pages costs more than the rest of the report, see
 * bench/README.md), found by their id's number (idmap). */
struct custs {
    struct pool pool;
    struct cust **blk;
    size_t n, nblk;
    struct idmap byid; /* account id -> index */
    struct per_vec *more;
    size_t nmore;
};

static struct cust *
cust_at(const struct custs *c, size_t i)
{
    return &c->blk[i >> CUST_SHIFT][i & (CUST_BLOCK - 1)];
}

/* The account with id acct, added (with first = last = closed) when new. */
static struct cust *
cust_of(struct custs *c, const char *acct, sdate closed)
{
    long i = idmap_get(&c->byid, acct);
    if (i >= 0)
        return cust_at(c, (size_t)i);
    if (c->n == c->nblk << CUST_SHIFT) {
        c->blk = xrealloc(c->blk, (c->nblk + 1) * sizeof *c->blk);
        c->blk[c->nblk++] = pool_alloc(&c->pool, CUST_BLOCK * sizeof **c->blk);
    }
    idmap_put(&c->byid, acct, (uint32_t)c->n);
    struct cust *x = cust_at(c, c->n++);
    *x = (struct cust){closed, closed, 0, 0, -1, {0}};
    return x;
}

static void
custs_release(struct custs *c)
{
    for (size_t i = 0; i < c->nmore; i++)
        free(c->more[i].v);
    free(c->more);
    free(c->blk);
    idmap_release(&c->byid);
    pool_release(&c->pool);
}

/* x's k-th period. */
static int
cust_period(const struct custs *c, const struct cust *x, int k)
{
    return k < CUST_INLINE ? x->per[k] : c->more[x->ext].v[k - CUST_INLINE];
}

static void
cust_add_period(struct custs *c, struct cust *x, int p)
{
    for (int i = x->nper - 1; i >= 0; i--)
        if (cust_period(c, x, i) == p)
            return;
    if (x->nper < CUST_INLINE) {
        x->per[x->nper++] = p;
        return;
    }
    if (x->ext < 0) {
        if (c->nmore % 64 == 0)
            c->more = xrealloc(c->more, (c->nmore + 64) * sizeof *c->more);
        c->more[c->nmore] = (struct per_vec){NULL, 0, 0};
        x->ext = (int)c->nmore++;
    }
    struct per_vec *m = &c->more[x->ext];
    if (m->n == m->cap) {
        m->cap = m->cap ? m->cap * 2 : 4;
        m->v = xrealloc(m->v, (size_t)m->cap * sizeof *m->v);
    }
    m->v[m->n++] = p;
    x->nper++;
}

struct won_ctx {
    struct store *s;
    enum period_kind by;
    struct custs *c;
};

static int
add_won(void *vctx, const struct table *t, const struct deal *d, const char *acct, struct err *e)
{
    struct won_ctx *w = vctx;
    (void)t;
    (void)e;
    if (d->closed > w->s->today)
        return 0;
    struct cust *c = cust_of(w->c, acct, d->closed);
    c->won++;
    if (d->closed < c->first)
        c->first = d->closed;
    if (d->closed > c->last)
        c->last = d->closed;
    cust_add_period(w->c, c, period_index(d->closed, w->by, &w->s->cal));
    return 0;
}

/* The won deals of f, per account, into c. Deals closed after today have
 * not happened yet. */
static int
read_won(struct store *s, struct filter *f, enum period_kind by, struct custs *c, struct err *e)
{
    struct won_ctx w = {s, by, c};
    return deals_won_each(s, f, add_won, &w, e);
}

struct cohort {
    long accounts, repeat, churned;
    long *active; /* [k]: accounts with a won deal k periods after the cohort's */
};

static void
cohort_row(struct out *o, const char *label, const struct cohort *c, const long *reached, int nk,
           int avail, char **cells, int footer)
{
    char n[32], rr[32], ch[32];
    const char **vals = xcalloc((size_t)nk + 4, sizeof *vals);
    snprintf(n, sizeof n, "%ld", c->accounts);
    snprintf(ch, sizeof ch, "%ld", c->churned);
    vals[0] = label;
    vals[1] = n;
    vals[2] = metric_fmt(metric_repeat_rate(c->repeat, c->accounts), rr, 2);
    vals[3] = ch;
    for (int k = 1; k <= nk; k++) {
        long den = reached ? reached[k] : c->accounts;
        cells[k][0] = '\0';
        if (k <= avail && den > 0)
            metric_fmt((double)c->active[k] / (double)den, cells[k], 2);
        vals[3 + k] = cells[k];
    }
    if (footer)
        out_footer(o, vals);
    else
        out_row(o, vals);
    free(vals);
}

int
report_cohorts(struct store *s, struct filter *f, enum period_kind by, struct out *o, struct err *e)
{
    struct filter_dates saved;
    struct custs cs = {0};
    struct cohort *coh = NULL, total = {0};
    long *reached = NULL;
    char **cells = NULL;
    sdate from, to;
    int rc = -1, lo = INT_MAX, hi = INT_MIN, now = period_index(s->today, by, &s->cal), nk = 0;

    idmap_init(&cs.byid, schema_accounts.id_prefix);
    filter_take_dates(f, &saved, &from, &to);
    if (read_won(s, f, by, &cs, e))
        goto out;
    for (size_t i = 0; i < cs.n; i++) {
        struct cust *c = cust_at(&cs, i);
        if ((from != DATE_NONE && c->first < from) || (to != DATE_NONE && c->first > to)) {
            c->won = 0; /* not of a cohort shown */
            continue;
        }
        int p = period_index(c->first, by, &s->cal);
        if (p < lo)
            lo = p;
        if (p > hi)
            hi = p;
    }
    if (lo <= hi)
        nk = now - lo;
    coh = xcalloc(lo <= hi ? (size_t)(hi - lo + 1) : 1, sizeof *coh);
    for (int i = 0; lo <= hi && i <= hi - lo; i++)
        coh[i].active = xcalloc((size_t)nk + 1, sizeof *coh[i].active);
    total.active = xcalloc((size_t)nk + 1, sizeof *total.active);
    reached = xcalloc((size_t)nk + 1, sizeof *reached);
    for (size_t i = 0; i < cs.n; i++) {
        struct cust *c = cust_at(&cs, i);
        if (!c->won)
            continue;
        int p = period_index(c->first, by, &s->cal);
        struct cohort *x = &coh[p - lo];
        int churned = metric_churned(c->last, s->today, s->churn_days);
        for (struct cohort *y = x; y; y = y == x ? &total : NULL) {
            y->accounts++;
            y->repeat += c->won >= 2;
            y->churned += churned;
            for (int k = 0; k < c->nper; k++) {
                int q = cust_period(&cs, c, k);
                if (q > p)
                    y->active[q - p]++;
            }
        }
    }
    out_add_col(o, "cohort", OT_TEXT);
    out_add_col(o, "accounts", OT_INT);
    out_add_col(o, "repeat_rate", OT_RATIO);
    out_add_col(o, "churned", OT_INT);
    cells = xcalloc((size_t)nk + 1, sizeof *cells);
    for (int k = 1; k <= nk; k++) {
        char name[32];
        snprintf(name, sizeof name, "%c%d", by == PERIOD_QUARTER ? 'q' : 'm', k);
        out_add_col(o, name, OT_RATIO);
        cells[k] = xcalloc(32, 1);
    }
    for (int p = lo; lo <= hi && p <= hi; p++) {
        char label[PERIOD_BUFSZ];
        if (!coh[p - lo].accounts)
            continue;
        for (int k = 1; k <= now - p; k++)
            reached[k] += coh[p - lo].accounts;
        cohort_row(o, period_label(p, by, label), &coh[p - lo], NULL, nk, now - p, cells, 0);
    }
    if (total.accounts)
        cohort_row(o, "total", &total, reached, nk, nk, cells, 1);
    rc = 0;
out:
    filter_put_dates(f, &saved);
    custs_release(&cs);
    for (int i = 0; coh && lo <= hi && i <= hi - lo; i++)
        free(coh[i].active);
    free(coh);
    free(total.active);
    free(reached);
    for (int k = 1; cells && k <= nk; k++)
        free(cells[k]);
    free(cells);
    return rc;
}

/* ---- recurring revenue -------------------------------------------------- */

/* One subscription's change to its account's MRR: +mrr in the month it
 * starts to count, -mrr in the month it stops. acct: the account's key
 * while reading (see mrr_changes), its slot once sorted. */
struct mrr_change {
    int month, acct;
    money_t delta;
};

#define CHANGE_SHIFT 16 /* 65536 changes, 1 MB, in a block */
#define CHANGE_BLOCK (1 << CHANGE_SHIFT)
#define RADIX_BITS 11 /* at most 2048 buckets in a pass of the sort */

/* The changes of every account, in file order, in blocks: change i is
 * blk[i >> CHANGE_SHIFT][i % CHANGE_BLOCK]. Each change's acct is the id's
 * number (12 for A12), or for another id -1 - its index in a map.
 * mrr_sort puts them in account order (numbers, then the other ids as
 * first seen) with a radix sort: a few passes, each streaming through the
 * changes, where lists per account or a counting sort over every number
 * would wait on memory once a change. The blocks live in a pool, whose
 * memory comes in huge pages: fresh memory in 4 KB pages costs more than
 * the rest of the report (bench/README.md). */
struct mrr_changes {
    struct pool pool;
    struct mrr_change **blk;
    size_t n, nblk;
    int maxnum;        /* the highest number seen, -1: none */
    struct hmap other; /* ids not of the usual form -> their index */
};

static struct mrr_change *
change_at(const struct mrr_changes *c, size_t i)
{
    return &c->blk[i >> CHANGE_SHIFT][i & (CHANGE_BLOCK - 1)];
}

/* The key of account id acct (see mrr_changes). */
static int
change_key(struct mrr_changes *c, const char *acct)
{
    long long k = schema_id_number(acct, schema_accounts.id_prefix);
    int is_new;
    if (k >= 0 && k < ACCT_NUM_MAX) {
        if (k > c->maxnum)
            c->maxnum = (int)k;
        return (int)k;
    }
    struct hmap_entry *he = hmap_put(&c->other, acct, &is_new);
    if (is_new)
        he->v.num = (int64_t)c->other.len - 1;
    return -1 - (int)he->v.num;
}

/* Blocks for n changes in *blk (grown, *nblk of them). */
static void
change_blocks(struct pool *pl, struct mrr_change ***blk, size_t *nblk, size_t n)
{
    size_t need = (n + CHANGE_BLOCK - 1) >> CHANGE_SHIFT;
    if (need <= *nblk)
        return;
    *blk = xrealloc(*blk, need * sizeof **blk);
    for (; *nblk < need; (*nblk)++)
        (*blk)[*nblk] = pool_alloc(pl, CHANGE_BLOCK * sizeof ***blk);
}

static void
change_add(struct mrr_changes *c, int key, int month, money_t delta)
{
    if (c->n == c->nblk << CHANGE_SHIFT)
        change_blocks(&c->pool, &c->blk, &c->nblk, c->n + 1);
    *change_at(c, c->n++) = (struct mrr_change){month, key, delta};
}

static void
changes_release(struct mrr_changes *c)
{
    pool_release(&c->pool);
    free(c->blk);
    hmap_release(&c->other);
}

/* The changes in account order (stable: each account's in file order),
 * acct turned into the slot: numbers 0 .. maxnum, then the other ids. */
static void
mrr_sort(struct mrr_changes *c)
{
    size_t nnum = (size_t)(c->maxnum + 1), nslot = nnum + c->other.len;
    int bits = 1, passes, width;
    struct mrr_change **tmp = NULL;
    size_t ntmp = 0;

    while (bits < 31 && ((size_t)1 << bits) < nslot)
        bits++;
    passes = (bits + RADIX_BITS - 1) / RADIX_BITS;
    width = (bits + passes - 1) / passes;
    size_t(*count)[1 << RADIX_BITS] = xcalloc((size_t)passes, sizeof *count);
    unsigned mask = (1u << width) - 1;
    for (size_t i = 0; i < c->n; i++) {
        struct mrr_change *x = change_at(c, i);
        if (x->acct < 0)
            x->acct = (int)nnum - 1 - x->acct;
        for (int p = 0; p < passes; p++)
            count[p][((unsigned)x->acct >> (p * width)) & mask]++;
    }
    for (int p = 0; p < passes; p++) {
        size_t sum = 0, skip = 0;
        for (unsigned b = 0; b <= mask; b++) {
            size_t k = count[p][b];
            count[p][b] = sum;
            sum += k;
            skip |= k == c->n; /* one bucket holds them all: already in order */
        }
        if (skip)
            continue;
        change_blocks(&c->pool, &tmp, &ntmp, c->n);
        for (size_t i = 0; i < c->n; i++) {
            const struct mrr_change *x = change_at(c, i);
            size_t j = count[p][((unsigned)x->acct >> (p * width)) & mask]++;
            tmp[j >> CHANGE_SHIFT][j & (CHANGE_BLOCK - 1)] = *x;
        }
        struct mrr_change **t = c->blk;
        c->blk = tmp;
        tmp = t;
        size_t nt = c->nblk;
        c->nblk = ntmp;
        ntmp = nt;
    }
    free(tmp); /* its blocks stay in the pool */
    free(count);
}

static int
change_cmp(const void *a, const void *b)
{
    const struct mrr_change *x = a, *y = b;
    return (x->month > y->month) - (x->month < y->month);
}

/* The n changes at v in month order. */
static void
changes_by_month(struct mrr_change *v, size_t n)
{
    if (n > 16) {
        qsort(v, n, sizeof *v, change_cmp);
        return;
    }
    for (size_t k = 1; k < n; k++) { /* most accounts have a few */
        struct mrr_change x = v[k];
        size_t j = k;
        for (; j > 0 && v[j - 1].month > x.month; j--)
            v[j] = v[j - 1];
        v[j] = x;
    }
}

/* The accounts --owner, --team and --segment choose (accounts.csv), into
 * keep; f's --where set aside meanwhile (it is for subscriptions). */
static int
chosen_accounts(struct store *s, struct filter *f, struct hmap *keep, struct err *e)
{
    struct where *w = f->where;
    size_t nw = f->nwhere;
    struct table *t = NULL;
    int rc = -1, r = 0;

    f->where = NULL;
    f->nwhere = 0;
    if (open_optional(s, &schema_accounts, "id", &t, e))
        goto out;
    if (t && filter_bind(f, t, e))
        goto out;
    while (t && (r = table_next(t, e)) == 1)
        if (filter_match(f, t))
            hmap_put(keep, table_key(t), NULL);
    rc = r < 0 ? -1 : 0;
out:
    f->where = w;
    f->nwhere = nw;
    table_free(t);
    return rc;
}

/* subscriptions.csv into one list of MRR changes per account (month ->
 * +mrr when a subscription starts to count, -mrr when it stops). A
 * subscription counts in month m when it runs on m's last day: start <=
 * that day < end, so from start's month to the month before end's. */
static int
read_subscriptions(struct store *s, struct filter *f, const struct hmap *keep,
                   struct mrr_changes *ch, int *first, struct err *e)
{
    struct table *t = NULL;
    int rc = -1, r;
    int c_acct = schema_col(&schema_subscriptions, "account"),
        c_mrr = schema_col(&schema_subscriptions, "mrr"),
        c_start = schema_col(&schema_subscriptions, "start"),
        c_end = schema_col(&schema_subscriptions, "end");

    *first = INT_MAX;
    if (open_optional(s, &schema_subscriptions, "account,mrr,start,end", &t, e))
        return -1;
    if (!t)
        return 0;
    if (filter_bind(f, t, e))
        goto out;
    while ((r = table_next(t, e)) == 1) {
        const char *acct = table_get(t, c_acct), *v;
        money_t mrr = 0;
        sdate start, end = DATE_NONE;
        if (!filter_match(f, t) || (keep && !hmap_get(keep, acct)))
            continue;
        if (!*acct) {
            err_at(e, t->name, table_line(t), "subscription %s: no account", table_key(t));
            goto out;
        }
        v = table_get(t, c_mrr);
        if (*v && (money_parse(v, &mrr) || mrr < 0)) {
            err_at(e, t->name, table_line(t), "subscription %s: bad mrr '%s'", table_key(t), v);
            goto out;
        }
        v = table_get(t, c_start);
        if (date_parse(v, &start)) {
            err_at(e, t->name, table_line(t), "subscription %s: %s start '%s'", table_key(t),
                   *v ? "bad" : "no", v);
            goto out;
        }
        int m0 = month_of_text(v), m1 = INT_MAX;
        v = table_get(t, c_end);
        if (*v && date_parse(v, &end)) {
            err_at(e, t->name, table_line(t), "subscription %s: bad end '%s'", table_key(t), v);
            goto out;
        }
        if (*v)
            m1 = month_of_text(v);
        if (m0 >= m1 || mrr == 0)
            continue; /* never runs on a month's last day, or adds nothing */
        int key = change_key(ch, acct);
        change_add(ch, key, m0, mrr);
        if (m1 != INT_MAX)
            change_add(ch, key, m1, -mrr);
        if (m0 < *first)
            *first = m0;
    }
    rc = r < 0 ? -1 : 0;
out:
    table_free(t);
    return rc;
}

/* Budget actual spend in [from, to) (days): each budget.csv row's actual
 * prorated by the days of its period inside the range (rounded half away
 * from zero per row). *known 0 when there is no budget.csv. */
static int
budget_spend(struct store *s, sdate from, sdate to, money_t *spend, int *known, struct err *e)
{
    struct table *t = NULL;
    int c_period = schema_col(&schema_budget, "period"),
        c_actual = schema_col(&schema_budget, "actual"), r;

    *spend = 0;
    *known = 0;
    if (open_optional(s, &schema_budget, "period,actual", &t, e))
        return -1;
    if (!t)
        return 0;
    *known = 1;
    while ((r = table_next(t, e)) == 1) {
        const char *v = table_get(t, c_period), *a = table_get(t, c_actual);
        struct period p;
        money_t actual;
        if (!*a)
            continue; /* nothing spent yet */
        if (period_parse(v, &s->cal, s->today, &p)) {
            err_at(e, t->name, table_line(t), "bad period '%s'", v);
            break;
        }
        if (money_parse(a, &actual)) {
            err_at(e, t->name, table_line(t), "bad actual '%s'", a);
            break;
        }
        sdate lo = p.start > from ? p.start : from, hi = p.end < to ? p.end : to;
        if (hi <= lo)
            continue;
        if (money_add(spend, money_round_div((__int128)actual * (hi - lo), p.end - p.start))) {
            err_at(e, t->name, table_line(t), "spend total too large");
            break;
        }
    }
    table_free(t);
    return r == 0 ? 0 : -1;
}

/* Per month from base: the total's change and the movements. */
struct month {
    money_t dmrr, new_, exp, con, churn, react;
    long dcust, newcust;
};

static int
month_add(money_t *acc, money_t v)
{
    return money_add(acc, v);
}

/* One run of report_mrr: the months base .. last (n of them), shown from
 * shown on; per month its movements (mo), MRR and customers at its end. */
struct mrr_run {
    struct store *s;
    int base, n, shown, last;
    struct month *mo;
    money_t *mrr;
    long *cust;
    struct retention_sum ret; /* the accounts' MRR twelve months ago and now */
};

/* The subscriptions of the accounts f chooses into ch (*first: the first
 * month any counts in). Subscriptions have no owner or segment: those
 * choose the accounts (accounts.csv), the rest of f the subscriptions. */
static int
mrr_read(struct store *s, struct filter *f, struct mrr_changes *ch, int *first, struct err *e)
{
    struct hmap keep = {0};
    int use_keep = f->owner_given || f->segments, r;

    if (use_keep && chosen_accounts(s, f, &keep, e)) {
        hmap_release(&keep);
        return -1;
    }
    char **owners = f->owners, **segments = f->segments;
    int owner_given = f->owner_given;
    f->owners = f->segments = NULL;
    f->owner_given = 0;
    r = read_subscriptions(s, f, use_keep ? &keep : NULL, ch, first, e);
    f->owners = owners;
    f->segments = segments;
    f->owner_given = owner_given;
    hmap_release(&keep);
    return r;
}

/* One account's changes (in month order) into the months' movements and
 * the trailing window's sums. Returns -1 when a total is too large. */
static int
mrr_account(struct mrr_run *run, const struct mrr_change *acc, size_t nacc)
{
    money_t cur = 0, then = 0;
    int had = 0, r;
    for (size_t k = 0; k < nacc;) {
        int m = acc[k].month;
        money_t prev = cur;
        if (m > run->last)
            break;
        for (; k < nacc && acc[k].month == m; k++)
            cur += acc[k].delta; /* each is a subscription's, within MONEY_MAX */
        if (cur > MONEY_MAX)
            return -1;
        if (m <= run->last - 12)
            then = cur;
        struct month *x = &run->mo[m - run->base];
        if (month_add(&x->dmrr, cur - prev))
            return -1;
        switch (metric_mrr_move(prev, cur, had)) {
        case MRR_NEW:
            x->newcust++;
            r = month_add(&x->new_, cur);
            break;
        case MRR_REACTIVATION:
            r = month_add(&x->react, cur);
            break;
        case MRR_EXPANSION:
            r = month_add(&x->exp, cur - prev);
            break;
        case MRR_CONTRACTION:
            r = month_add(&x->con, prev - cur);
            break;
        case MRR_CHURN:
            r = month_add(&x->churn, prev);
            break;
        default:
            r = 0;
        }
        if (r)
            return -1;
        x->dcust += (prev == 0 && cur > 0) - (prev > 0 && cur == 0);
        had |= cur > 0;
    }
    return metric_retention_add(&run->ret, then, cur) ? -1 : 0;
}

/* Every account's movements, then each month's MRR and customers. Returns
 * -1 when a total is too large. */
static int
mrr_months(struct mrr_run *run, struct mrr_changes *ch)
{
    struct mrr_change *acc = NULL; /* one account's changes */
    size_t acc_cap = 0;
    int rc = -1;

    run->mo = xcalloc((size_t)run->n, sizeof *run->mo);
    mrr_sort(ch);
    for (size_t i = 0, j; i < ch->n; i = j) {
        int slot = change_at(ch, i)->acct;
        for (j = i; j < ch->n && change_at(ch, j)->acct == slot; j++) {
            if (j - i == acc_cap) {
                acc_cap = acc_cap ? acc_cap * 2 : 64;
                acc = xrealloc(acc, acc_cap * sizeof *acc);
            }
            acc[j - i] = *change_at(ch, j);
        }
        changes_by_month(acc, j - i);
        if (mrr_account(run, acc, j - i))
            goto out;
    }
    run->mrr = xcalloc((size_t)run->n, sizeof *run->mrr);
    run->cust = xcalloc((size_t)run->n, sizeof *run->cust);
    for (int m = 0; m < run->n; m++) {
        run->mrr[m] = m ? run->mrr[m - 1] : 0;
        run->cust[m] = (m ? run->cust[m - 1] : 0) + run->mo[m].dcust;
        if (month_add(&run->mrr[m], run->mo[m].dmrr))
            goto out;
    }
    rc = 0;
out:
    free(acc);
    return rc;
}

/* The months from shown on. Returns -1 when an ARR is too large. */
static int
mrr_print_months(const struct mrr_run *run, struct out *o)
{
    static const char *const heads[] = {"period",       "mrr",         "new",
                                        "expansion",    "contraction", "churn",
                                        "reactivation", "customers",   "arr"};
    for (int i = 0; i < 9; i++)
        out_add_col(o, heads[i], i == 0 ? OT_TEXT : i == 7 ? OT_INT : OT_MONEY);
    for (int m = run->shown - run->base; run->n && m < run->n; m++) {
        const struct month *x = &run->mo[m];
        char p[PERIOD_BUFSZ], v[7][MONEY_BUFSZ], c[32];
        if (run->mrr[m] > MONEY_MAX / 12)
            return -1;
        snprintf(c, sizeof c, "%ld", run->cust[m]);
        const char *vals[9] = {period_label(run->base + m, PERIOD_MONTH, p),
                               money_format(run->mrr[m], v[0]),
                               money_format(x->new_, v[1]),
                               money_format(x->exp, v[2]),
                               money_format(x->con, v[3]),
                               money_format(x->churn, v[4]),
                               money_format(x->react, v[5]),
                               c,
                               money_format(run->mrr[m] * 12, v[6])};
        out_row(o, vals);
    }
    return 0;
}

/* The trailing twelve months ending with the last: NRR, GRR, ARPA, churn
 * rate, LTV, new customers, budget spend and CAC. Returns -1 with e set
 * when budget.csv cannot be read. */
static int
mrr_print_trailing(const struct mrr_run *run, struct out *o, struct err *e)
{
    static const char *const heads[] = {"period", "nrr",           "grr",   "arpa", "churn_rate",
                                        "ltv",    "new_customers", "spend", "cac"};
    static const enum out_type types[] = {OT_TEXT,  OT_RATIO, OT_RATIO, OT_MONEY, OT_RATIO,
                                          OT_MONEY, OT_INT,   OT_MONEY, OT_MONEY};
    for (int i = 0; i < 9; i++)
        out_add_col(o, heads[i], types[i]);
    if (!run->n)
        return 0;
    /* the twelve months last-11 .. last; their starts are the ends of last-12 .. last-1 */
    money_t churned[12], start[12], arpa = 0, spend;
    long newc = 0;
    int known, m = run->last - run->base, has_arpa = !metric_arpa(run->mrr[m], run->cust[m], &arpa);
    char p[PERIOD_BUFSZ], nrr[32], grr[32], ar[MONEY_BUFSZ], cr[32], ltv[MONEY_BUFSZ], nc[32],
        sp[MONEY_BUFSZ], cac[MONEY_BUFSZ];
    for (int k = 0; k < 12; k++) {
        churned[k] = run->mo[m - 11 + k].churn;
        start[k] = run->mrr[m - 12 + k];
        newc += run->mo[m - 11 + k].newcust;
    }
    double rate = metric_mean_churn_rate(churned, start, 12);
    double lv = has_arpa ? metric_ltv(arpa, rate) : NAN;
    if (budget_spend(run->s, month_start(run->base + m - 11), month_start(run->base + m + 1),
                     &spend, &known, e))
        return -1;
    double c = known ? metric_cac(spend, newc) : NAN;
    snprintf(nc, sizeof nc, "%ld", newc);
    const char *vals[9] = {
        period_label(run->base + m, PERIOD_MONTH, p),
        metric_fmt(metric_nrr(&run->ret), nrr, 2),
        metric_fmt(metric_grr(&run->ret), grr, 2),
        has_arpa ? money_format(arpa, ar) : "",
        metric_fmt(rate, cr, 4),
        isfinite(lv) && fabs(lv) < (double)MONEY_MAX ? money_format(llround(lv), ltv) : "",
        nc,
        known ? money_format(spend, sp) : "",
        isfinite(c) ? money_format(llround(c), cac) : "",
    };
    out_row(o, vals);
    return 0;
}

int
report_mrr(struct store *s, struct filter *f, struct out *months, struct out *trailing,
           struct err *e)
{
    struct filter_dates saved;
    struct mrr_changes ch = {.maxnum = -1};
    struct mrr_run run = {s, 0, 0, 0, 0, NULL, NULL, NULL, {0}};
    sdate from, to;
    int rc = -1, first;

    filter_take_dates(f, &saved, &from, &to);
    if (mrr_read(s, f, &ch, &first, e))
        goto out;
    run.last = month_index(to != DATE_NONE ? to : s->today);
    run.shown = from != DATE_NONE ? month_index(from) : first;
    if (ch.n && run.shown <= run.last) { /* else nothing to show */
        run.base = first < run.shown ? first : run.shown;
        if (run.last - 12 < run.base)
            run.base = run.last - 12;
        run.n = run.last - run.base + 1;
        if (mrr_months(&run, &ch))
            goto too_large;
    }
    if (months && mrr_print_months(&run, months))
        goto too_large;
    if (trailing && mrr_print_trailing(&run, trailing, e))
        goto out;
    rc = 0;
    goto out;
too_large:
    err_set(e, "%s/subscriptions.csv: MRR total too large", s->dir);
out:
    filter_put_dates(f, &saved);
    changes_release(&ch);
    free(run.mo);
    free(run.mrr);
    free(run.cust);
    return rc;
}
