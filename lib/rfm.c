/* rfm.c — RFM scores, named segments and the segment report (see rfm.h). */
#include "rfm.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "idmap.h"
#include "text.h"

/* ---- quintiles ---------------------------------------------------------- */

/* w[0..n) sorted, with tmp as room for as many: a radix sort of the
 * values as unsigned (sign bit flipped), 11 bits a pass, a pass skipped
 * when every value has the same digit (days and counts take one or two) */
static int64_t *
sort_values(int64_t *w, int64_t *tmp, size_t n)
{
    enum { BITS = 11, NB = 1 << BITS };
    size_t *count = xmalloc(NB * sizeof *count);
    for (int shift = 0; shift < 64; shift += BITS) {
        memset(count, 0, NB * sizeof *count);
        for (size_t i = 0; i < n; i++)
            count[(((uint64_t)w[i] ^ (UINT64_C(1) << 63)) >> shift) & (NB - 1)]++;
        if (n && count[(((uint64_t)w[0] ^ (UINT64_C(1) << 63)) >> shift) & (NB - 1)] == n)
            continue;
        for (size_t b = 0, sum = 0; b < NB; b++) {
            size_t k = count[b];
            count[b] = sum;
            sum += k;
        }
        for (size_t i = 0; i < n; i++)
            tmp[count[(((uint64_t)w[i] ^ (UINT64_C(1) << 63)) >> shift) & (NB - 1)]++] = w[i];
        int64_t *t = w;
        w = tmp;
        tmp = t;
    }
    free(count);
    return w;
}

void
rfm_quintiles(const int64_t *v, size_t n, int higher_better, int *score)
{
    /* the values sorted worst first (a radix sort, no comparisons); a
     * value's run of equals is found in them by binary search: half the
     * memory of sorting (value, index) pairs, and fresh memory is what a
     * big sort costs most here */
    int64_t *buf = xmalloc((n ? 2 * n : 1) * sizeof *buf), *w = buf;
    for (size_t i = 0; i < n; i++)
        w[i] = higher_better ? v[i] : -v[i];
    w = sort_values(w, buf + n, n);
    for (size_t i = 0; i < n; i++) {
        int64_t x = higher_better ? v[i] : -v[i];
        size_t lo = 0, hi = n, a, b;
        while (lo < hi) { /* the first >= x */
            size_t mid = lo + (hi - lo) / 2;
            if (w[mid] < x)
                lo = mid + 1;
            else
                hi = mid;
        }
        a = lo;
        for (hi = n; lo < hi;) { /* the first > x */
            size_t mid = lo + (hi - lo) / 2;
            if (w[mid] <= x)
                lo = mid + 1;
            else
                hi = mid;
        }
        b = lo;
        score[i] = 1 + (int)((5 * (unsigned __int128)(a + b)) / (2 * (unsigned __int128)n));
    }
    free(buf);
}

/* ---- segments ----------------------------------------------------------- */

void
rfm_segments_default(struct rfm_segments *sg)
{
    static const struct {
        const char *name;
        int r_lo, r_hi, f_lo, f_hi;
    } def[] = {
        {"Champions", 5, 5, 4, 5},
        {"Loyal", 3, 4, 4, 5},
        {"Potential loyalist", 4, 5, 2, 3},
        {"New", 5, 5, 1, 1},
        {"Promising", 4, 4, 1, 1},
        {"Need attention", 3, 3, 3, 3},
        {"About to sleep", 3, 3, 1, 2},
        {"At risk", 1, 2, 3, 4},
        {"Cannot lose", 1, 2, 5, 5},
        {"Hibernating", 2, 2, 1, 2},
        {"Lost", 1, 1, 1, 2},
    };
    sg->n = sizeof def / sizeof def[0];
    sg->v = xcalloc(sg->n, sizeof *sg->v);
    for (size_t i = 0; i < sg->n; i++) {
        sg->v[i].name = xstrdup(def[i].name);
        sg->v[i].r_lo = def[i].r_lo;
        sg->v[i].r_hi = def[i].r_hi;
        sg->v[i].f_lo = def[i].f_lo;
        sg->v[i].f_hi = def[i].f_hi;
    }
}

/* "3" or "2-4", scores 1-5, into [*lo, *hi]. */
static int
parse_range(const char *s, int *lo, int *hi)
{
    if (s[0] < '1' || s[0] > '5')
        return -1;
    *lo = *hi = s[0] - '0';
    if (s[1] == '\0')
        return 0;
    if (s[1] != '-' || s[2] < '1' || s[2] > '5' || s[3] != '\0')
        return -1;
    *hi = s[2] - '0';
    return *hi < *lo ? -1 : 0;
}

int
rfm_segments_load(const char *path, struct rfm_segments *sg, struct err *e)
{
    struct table *t = table_open(path, NULL, e);
    size_t cap = 0;
    int c[3], r;
    static const char *const cols[] = {"segment", "r", "f"};

    memset(sg, 0, sizeof *sg);
    if (!t)
        return -1;
    for (int i = 0; i < 3; i++)
        if ((c[i] = table_find(t, cols[i])) < 0) {
            err_at(e, t->name, 1, "no '%s' column (the header is segment,r,f)", cols[i]);
            table_free(t);
            return -1;
        }
    while ((r = table_next(t, e)) == 1) {
        const char *name = table_cell(t, (size_t)c[0]), *rv = table_cell(t, (size_t)c[1]),
                   *fv = table_cell(t, (size_t)c[2]);
        struct rfm_rule x = {0};
        size_t n = strlen(name);
        if (n == 0 || name[0] == ' ' || name[n - 1] == ' ' || !utf8_valid(name, n)) {
            err_at(e, t->name, table_line(t),
                   "bad segment name '%s' (text without leading or "
                   "trailing spaces)",
                   name);
            break;
        }
        for (const char *p = name; *p; p++)
            if ((unsigned char)*p < 0x20 || *p == 0x7f) {
                err_at(e, t->name, table_line(t), "segment name holds a control character");
                goto bad;
            }
        if (parse_range(rv, &x.r_lo, &x.r_hi)) {
            err_at(e, t->name, table_line(t),
                   "bad r '%s' (expected a score 1-5 or a range such "
                   "as 4-5)",
                   rv);
            break;
        }
        if (parse_range(fv, &x.f_lo, &x.f_hi)) {
            err_at(e, t->name, table_line(t),
                   "bad f '%s' (expected a score 1-5 or a range such "
                   "as 4-5)",
                   fv);
            break;
        }
        if (sg->n == cap) {
            cap = cap ? cap * 2 : 16;
            sg->v = xrealloc(sg->v, cap * sizeof *sg->v);
        }
        x.name = xstrdup(name);
        sg->v[sg->n++] = x;
    }
    if (r == 0 && sg->n == 0)
        err_at(e, t->name, 1, "no segments (one line per segment: name,r,f)");
    else if (r == 0) {
        table_free(t);
        return 0;
    }
bad:
    table_free(t);
    rfm_segments_release(sg);
    return -1;
}

const char *
rfm_segment_of(const struct rfm_segments *sg, int r, int f)
{
    for (size_t i = 0; i < sg->n; i++) {
        const struct rfm_rule *x = &sg->v[i];
        if (r >= x->r_lo && r <= x->r_hi && f >= x->f_lo && f <= x->f_hi)
            return x->name;
    }
    return "";
}

void
rfm_segments_release(struct rfm_segments *sg)
{
    for (size_t i = 0; i < sg->n; i++)
        free(sg->v[i].name);
    free(sg->v);
    memset(sg, 0, sizeof *sg);
}

/* ---- the report --------------------------------------------------------- */

struct racct {
    char *id, *name;
    long long num; /* the id's number (A12: 12), -1 for an id of another form */
    sdate last;
    long won;
    money_t amount;
    int r, f, m;
    const char *segment;
};

static int
id_cmp(const void *a, const void *b)
{
    const struct racct *x = a, *y = b;
    long long p = x->num, q = y->num;
    if (p >= 0 && q >= 0 && p != q)
        return (p > q) - (p < q);
    if ((p >= 0) != (q >= 0)) /* ids of the usual form first */
        return p >= 0 ? -1 : 1;
    return strcmp(x->id, y->id);
}

struct wctx {
    struct store *s;
    const struct idmap *idx;
    const struct racct *accts;
    int clear_others;
};

static int
write_edit(void *vctx, struct edit *ed, struct err *e)
{
    struct wctx *w = vctx;
    if (!ed)
        return 0;
    const char *id = table_key(ed->t);
    long i = idmap_get(w->idx, id);
    if (i >= 0)
        return edit_set(w->s, ed, "rfm", w->accts[i].segment, e);
    return w->clear_others ? edit_set(w->s, ed, "rfm", "", e) : 0;
}

/* The accounts' array grown to cap entries, n of them in use, in huge
 * pages once it is big (xrealloc_big): fresh memory in 4 KB pages costs
 * more than the rest of the report (bench/README.md). */
static struct racct *
accts_grow(struct racct *a, size_t n, size_t cap)
{
    return xrealloc_big(a, n * sizeof *a, cap * sizeof *a, 0);
}

struct won_ctx {
    sdate from, to;
    struct idmap *idx;
    struct racct **accts;
    size_t *n, cap;
    struct pool *ids; /* the accounts' ids */
};

static int
add_won(void *vctx, const struct table *t, const struct deal *d, const char *acct, struct err *e)
{
    struct won_ctx *w = vctx;
    if ((w->from != DATE_NONE && d->closed < w->from) || d->closed > w->to)
        return 0;
    long long k = schema_id_number(acct, schema_accounts.id_prefix);
    long i = idmap_get(w->idx, acct);
    if (i < 0) {
        if (*w->n == w->cap) {
            w->cap = w->cap ? w->cap * 2 : 1024;
            *w->accts = accts_grow(*w->accts, *w->n, w->cap);
        }
        i = (long)*w->n;
        memset(&(*w->accts)[i], 0, sizeof **w->accts);
        (*w->accts)[i].id = pool_strdup(w->ids, acct);
        (*w->accts)[i].num = k;
        (*w->accts)[i].last = d->closed;
        idmap_put(w->idx, acct, (uint32_t)(*w->n)++);
    }
    struct racct *a = &(*w->accts)[i];
    a->won++;
    if (d->closed > a->last)
        a->last = d->closed;
    if (money_add(&a->amount, d->amount))
        return err_at(e, t->name, table_line(t), "account %s: amount total too large", acct);
    return 0;
}

/* The won deals of f closed in [from, to], per account. */
static int
read_deals(struct store *s, struct filter *f, sdate from, sdate to, struct idmap *idx,
           struct racct **accts, size_t *n, struct pool *ids, struct err *e)
{
    struct won_ctx w = {from, to, idx, accts, n, 0, ids};
    return deals_won_each(s, f, add_won, &w, e);
}

/* The accounts' names from accounts.csv (those it has). */
static int
read_names(struct store *s, const struct idmap *idx, struct racct *accts, struct err *e)
{
    struct table *t = store_read_if(s, &schema_accounts, e);
    int c_name = schema_col(&schema_accounts, "name"), r;
    if (!t)
        return e->msg[0] ? -1 : 0;
    if (table_require(t, "name", e)) {
        table_free(t);
        return -1;
    }
    while ((r = table_next(t, e)) == 1) {
        const char *id = table_key(t);
        long i = idmap_get(idx, id);
        if (i >= 0 && !accts[i].name)
            accts[i].name = xstrdup(table_get(t, c_name));
    }
    table_free(t);
    return r;
}

static void
summary_rows(struct out *o, const struct rfm_segments *sg, const struct racct *accts, size_t n)
{
    size_t nseg = sg->n + 1;
    const char **names = xcalloc(nseg, sizeof *names);
    long *count = xcalloc(nseg, sizeof *count);
    money_t *money = xcalloc(nseg, sizeof *money), total = 0;
    size_t k = 0;

    for (size_t i = 0; i < sg->n; i++) { /* each name once, in the table's order */
        size_t j;
        for (j = 0; j < k && strcmp(names[j], sg->v[i].name); j++)
            ;
        if (j == k)
            names[k++] = sg->v[i].name;
    }
    names[k++] = ""; /* accounts no rule matched */
    for (size_t i = 0; i < n; i++) {
        size_t j;
        for (j = 0; j < k && strcmp(names[j], accts[i].segment); j++)
            ;
        count[j]++;
        money[j] += accts[i].amount; /* each below MONEY_MAX, their sum checked already */
        total += accts[i].amount;
    }
    out_add_col(o, "segment", OT_TEXT);
    out_add_col(o, "accounts", OT_INT);
    out_add_col(o, "share", OT_RATIO);
    out_add_col(o, "monetary", OT_MONEY);
    out_set_bar(o, 1, 0);
    for (size_t j = 0; j <= k; j++) {
        char c[32], sh[32], m[MONEY_BUFSZ];
        int footer = j == k;
        if (!footer && !*names[j] && !count[j])
            continue;
        snprintf(c, sizeof c, "%ld", footer ? (long)n : count[j]);
        const char *vals[4] = {
            footer ? "total" : names[j], c,
            out_ratio(footer ? (double)n : (double)count[j], (double)n, sh, sizeof sh),
            money_format(footer ? total : money[j], m)};
        if (footer)
            out_footer(o, vals);
        else
            out_row(o, vals);
    }
    free(names);
    free(count);
    free(money);
}

int
report_segment(struct store *s, struct filter *f, const struct rfm_segments *sg, int summary,
               int write, struct out *o, struct err *e)
{
    struct filter_dates saved;
    struct idmap idx;
    struct pool ids = {0};
    struct racct *accts = NULL;
    int64_t *v = NULL;
    int *sc = NULL;
    size_t n = 0;
    sdate from, to;
    int rc = -1;
    /* only dates chose: the window's result is the whole of the column */
    int only_dates =
        !f->owner_given && !f->segments && !f->sources && !f->stages && !f->statuses && !f->nwhere;

    idmap_init(&idx, schema_accounts.id_prefix);
    filter_take_dates(f, &saved, &from, &to);
    if (to == DATE_NONE || to > s->today)
        to = s->today; /* recency counts to here */
    if (write && store_lock(s, e))
        goto out;
    if (read_deals(s, f, from, to, &idx, &accts, &n, &ids, e) ||
        (!summary && read_names(s, &idx, accts, e))) /* the summary shows no name */
        goto out;
    v = xcalloc(n ? n : 1, sizeof *v);
    sc = xcalloc(n ? n : 1, sizeof *sc);
    money_t total = 0; /* then no segment's sum can overflow either */
    for (size_t i = 0; i < n; i++) {
        if (money_add(&total, accts[i].amount)) {
            err_set(e, "%s/deals.csv: won amount total too large", s->dir);
            goto out;
        }
        v[i] = to - accts[i].last;
    }
    rfm_quintiles(v, n, 0, sc);
    for (size_t i = 0; i < n; i++) {
        accts[i].r = sc[i];
        v[i] = accts[i].won;
    }
    rfm_quintiles(v, n, 1, sc);
    for (size_t i = 0; i < n; i++) {
        accts[i].f = sc[i];
        v[i] = accts[i].amount;
    }
    rfm_quintiles(v, n, 1, sc);
    for (size_t i = 0; i < n; i++) {
        accts[i].m = sc[i];
        accts[i].segment = rfm_segment_of(sg, accts[i].r, accts[i].f);
    }
    if (write) {
        static const char *const add[] = {"rfm", NULL};
        struct wctx w = {s, &idx, accts, only_dates};
        if (store_rewrite_cols(s, &schema_accounts, add, write_edit, &w, NULL, e) ||
            store_commit(s, e))
            goto out;
    }
    if (n && !summary) /* idx is stale from here; the summary's sums need no order */
        qsort(accts, n, sizeof *accts, id_cmp);
    if (summary) {
        summary_rows(o, sg, accts, n);
    } else {
        static const char *const heads[] = {
            "account", "name", "recency_days", "frequency", "monetary", "r", "f", "m", "segment"};
        static const enum out_type types[] = {OT_TEXT, OT_TEXT, OT_INT, OT_INT, OT_MONEY,
                                              OT_INT,  OT_INT,  OT_INT, OT_TEXT};
        for (int i = 0; i < 9; i++)
            out_add_col(o, heads[i], types[i]);
        for (size_t i = 0; i < n; i++) {
            struct racct *a = &accts[i];
            char rd[32], fr[32], mo[MONEY_BUFSZ], r[4], fs[4], m[4];
            snprintf(rd, sizeof rd, "%ld", (long)(to - a->last));
            snprintf(fr, sizeof fr, "%ld", a->won);
            snprintf(r, sizeof r, "%d", a->r);
            snprintf(fs, sizeof fs, "%d", a->f);
            snprintf(m, sizeof m, "%d", a->m);
            const char *vals[9] = {
                a->id,     a->name ? a->name : "", rd, fr, money_format(a->amount, mo), r, fs, m,
                a->segment};
            out_row(o, vals);
        }
    }
    rc = 0;
out:
    filter_put_dates(f, &saved);
    for (size_t i = 0; i < n; i++)
        free(accts[i].name);
    free(accts);
    pool_release(&ids);
    free(v);
    free(sc);
    idmap_release(&idx);
    return rc;
}
