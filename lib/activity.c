/* activity.c — activities, the touch rule, the activity report, lead response time, stale
 * records (see activity.h; follow-ups are in activity_followup.c). */
#include "activity.h"
#include "activity_int.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "text.h"

/* Column positions of activities.csv in the schema (table_get indices),
 * set by acols (activity_int.h). */
int A_ID, A_DATE, A_REP, A_TYPE, A_CHANNEL, A_LEAD, A_ACCOUNT, A_CONTACT, A_DEAL, A_SUBJECT,
    A_DURATION, A_DUE, A_DONE, A_NOTES;

void
acols(void)
{
    const struct entity_def *a = &schema_activities;
    A_ID = schema_col(a, "id");
    A_DATE = schema_col(a, "date");
    A_REP = schema_col(a, "rep");
    A_TYPE = schema_col(a, "type");
    A_CHANNEL = schema_col(a, "channel");
    A_LEAD = schema_col(a, "lead");
    A_ACCOUNT = schema_col(a, "account");
    A_CONTACT = schema_col(a, "contact");
    A_DEAL = schema_col(a, "deal");
    A_SUBJECT = schema_col(a, "subject");
    A_DURATION = schema_col(a, "duration");
    A_DUE = schema_col(a, "due");
    A_DONE = schema_col(a, "done");
    A_NOTES = schema_col(a, "notes");
}


int
act_read(const struct table *t, int64_t now, struct act *a, int *open, int *touch, struct err *e)
{
    const char *d = table_get(t, A_DATE);
    a->id = table_get(t, A_ID);
    a->rep = table_get(t, A_REP);
    a->type = table_get(t, A_TYPE);
    a->channel = table_get(t, A_CHANNEL);
    a->lead = table_get(t, A_LEAD);
    a->account = table_get(t, A_ACCOUNT);
    a->contact = table_get(t, A_CONTACT);
    a->deal = table_get(t, A_DEAL);
    a->subject = table_get(t, A_SUBJECT);
    a->due_s = table_get(t, A_DUE);
    a->done = table_get(t, A_DONE);
    a->minutes = atol(table_get(t, A_DURATION));
    if (datetime_parse(d, &a->at) || datetime_date(d, &a->day))
        return err_at(e, t->name, table_line(t), "activity %s: bad date '%s'", a->id, d);
    a->timed = strlen(d) > 10;
    a->due = DATE_NONE;
    if (*a->due_s && date_parse(a->due_s, &a->due))
        return err_at(e, t->name, table_line(t), "activity %s: bad due date '%s'", a->id,
                      a->due_s);
    int is_task = strcmp(a->type, "task") == 0;
    *open = !*a->done && (is_task || a->due != DATE_NONE || a->at > now);
    *touch = a->at <= now && strcmp(a->type, "note") != 0 && !(is_task && !*a->done);
    return 0;
}

/* activities.csv for act_read: the columns it reads must be there, or a
 * column renamed in a spreadsheet would count as empty in every row
 * (no rep, no due date, never done) instead of being refused. */
int
acts_check(const struct table *t, struct err *e)
{
    acols();
    return table_require(t, "date,rep,type,channel,lead,account,contact,deal,duration,due,done", e);
}

struct table *
acts_open(struct store *s, struct err *e)
{
    struct table *t = store_read(s, &schema_activities, e);
    if (t && acts_check(t, e)) {
        table_free(t);
        return NULL;
    }
    if (t) /* parsed on the other core while this one counts */
        table_readahead(t);
    return t;
}

int
in_owners(const struct filter *f, const char *who)
{
    if (!f || !f->owner_given)
        return 1;
    for (size_t i = 0; i < f->nowners; i++)
        if (strcmp(f->owners[i], who) == 0)
            return 1;
    return 0;
}

/* --where alone (no dates, no owner): for touches counted over all time. */
static int
where_only(const struct filter *f, const struct table *t, sdate today)
{
    for (size_t i = 0; i < f->nwhere; i++) {
        const struct where *w = &f->where[i];
        if (!where_test(w, w->col < 0 ? "" : table_cell(t, (size_t)w->col), today))
            return 0;
    }
    return 1;
}

long long
id_num(const char *id)
{
    return *id ? schema_id_number(id, id[0]) : -1;
}

/* ---- records by id number ---------------------------------------------- */

/* Ids are a prefix and a number: a set of them is a bitmap over the
 * numbers (a bit per number up to the largest seen), with a string set
 * for ids of another form (an import's own). */
#define IDBITS_MAX (1LL << 32)

struct idbits {
    uint64_t *w;
    size_t nw;
    struct hmap other;
};

/* Add id; 1 when it was not there yet. */
static int
idbits_add(struct idbits *b, const char *id, char prefix)
{
    long long k = schema_id_number(id, prefix);
    int is_new;
    if (k < 0 || k >= IDBITS_MAX) {
        hmap_put(&b->other, id, &is_new);
        return is_new;
    }
    size_t w = (size_t)k >> 6;
    if (w >= b->nw) {
        size_t nw = b->nw ? b->nw : 64;
        while (nw <= w)
            nw *= 2;
        b->w = xrealloc(b->w, nw * sizeof *b->w);
        memset(b->w + b->nw, 0, (nw - b->nw) * sizeof *b->w);
        b->nw = nw;
    }
    is_new = !(b->w[w] >> (k & 63) & 1);
    b->w[w] |= 1ULL << (k & 63);
    return is_new;
}

static void
idbits_release(struct idbits *b)
{
    free(b->w);
    hmap_release(&b->other);
    memset(b, 0, sizeof *b);
}

/* A record's account by the record's id (contacts, deals): the account's
 * number in an array indexed by the id's number; ids or accounts of
 * another form as strings. */
struct accmap {
    char prefix;   /* of the records' ids */
    uint32_t *acc; /* by id number: the account's number + 1, 0 none */
    size_t n;
    struct hmap other; /* id -> account (v.ptr owned; NULL: none) */
};

static void
accmap_put(struct accmap *m, const char *id, const char *acc)
{
    long long k = schema_id_number(id, m->prefix), a = schema_id_number(acc, 'A');
    struct hmap_entry *he = m->other.len ? hmap_get(&m->other, id) : NULL;
    if (he) { /* the last row of an id counts, whatever its form */
        free(he->v.ptr);
        he->v.ptr = NULL;
    }
    if (k >= 0 && (size_t)k < m->n)
        m->acc[k] = 0;
    if (k >= 0 && k < IDBITS_MAX && a >= 0 && a < UINT32_MAX - 1) {
        if ((size_t)k >= m->n) {
            size_t n = m->n ? m->n : 1024;
            while (n <= (size_t)k)
                n *= 2;
            m->acc = xrealloc(m->acc, n * sizeof *m->acc);
            memset(m->acc + m->n, 0, (n - m->n) * sizeof *m->acc);
            m->n = n;
        }
        m->acc[k] = (uint32_t)a + 1;
        return;
    }
    he = hmap_put(&m->other, id, NULL);
    he->v.ptr = xstrdup(acc);
}

/* The account of id ("" none): borrowed, or formatted into buf. */
static const char *
accmap_get(const struct accmap *m, const char *id, char buf[32])
{
    long long k = schema_id_number(id, m->prefix);
    if (k >= 0 && (size_t)k < m->n && m->acc[k]) {
        snprintf(buf, 32, "A%lu", (unsigned long)(m->acc[k] - 1));
        return buf;
    }
    struct hmap_entry *he = m->other.len ? hmap_get(&m->other, id) : NULL;
    return he && he->v.ptr ? he->v.ptr : "";
}

static void
accmap_release(struct accmap *m)
{
    for (size_t i = 0; i < m->other.cap; i++)
        if (m->other.slots[i].key)
            free(m->other.slots[i].v.ptr);
    hmap_release(&m->other);
    free(m->acc);
    m->acc = NULL;
    m->n = 0;
}

/* ---- the touch rule ----------------------------------------------------- */

struct touch_ctx {
    struct store *s;
    struct hmap *ids;
};

static int
touch_row(void *vctx, struct edit *ed, struct err *e)
{
    struct touch_ctx *tc = vctx;
    char ts[TS_BUFSZ];
    if (!ed || !hmap_get(tc->ids, table_key(ed->t)))
        return 0;
    if (table_find(ed->t, "updated") < 0) /* a file without the column: nothing to touch */
        return 0;
    return edit_set(tc->s, ed, "updated", ts_format(tc->s->now, ts), e);
}

/* The records of one file that the activities touch: set in place when
 * store_touch can (one pwrite each, the file not rewritten: an append's
 * cost does not grow with the file), else by a rewrite of the file. */
static int
touch_file(struct store *s, const struct entity_def *ent, struct hmap *ids, struct err *e)
{
    const char **keys = xcalloc(ids->len ? ids->len : 1, sizeof *keys);
    char ts[TS_BUFSZ];
    size_t n = 0;
    int rc;
    for (size_t i = 0; i < ids->cap; i++)
        if (ids->slots[i].key)
            keys[n++] = ids->slots[i].key;
    rc = store_touch(s, ent, keys, n, "updated", ts_format(s->now, ts), e);
    free(keys);
    if (rc == 1) {
        struct touch_ctx tc = {s, ids};
        rc = store_rewrite(s, ent, touch_row, &tc, NULL, 0, e);
    }
    return rc;
}

int
activity_touch(struct store *s, const struct fieldset *recs, size_t n, struct err *e)
{
    struct hmap leads = {0}, deals = {0};
    int rc = 0;
    for (size_t r = 0; r < n; r++) {
        const char *l = fieldset_get(&recs[r], "lead"), *d = fieldset_get(&recs[r], "deal");
        if (l && *l)
            hmap_put(&leads, l, NULL);
        if (d && *d)
            hmap_put(&deals, d, NULL);
    }
    if (leads.len)
        rc = touch_file(s, &schema_leads, &leads, e);
    if (rc == 0 && deals.len)
        rc = touch_file(s, &schema_deals, &deals, e);
    hmap_release(&leads);
    hmap_release(&deals);
    return rc;
}

/* ---- done --------------------------------------------------------------- */

struct done_ctx {
    struct store *s;
    struct hmap ids;
    const char *when, *outcome;
    int reopen;
};

static int
done_row(void *vctx, struct edit *ed, struct err *e)
{
    struct done_ctx *d = vctx;
    struct hmap_entry *he;
    if (!ed) {
        for (size_t i = 0; i < d->ids.cap; i++)
            if (d->ids.slots[i].key && !d->ids.slots[i].v.num)
                return err_set(e, "unknown activity '%s' (not in activities.csv)",
                               d->ids.slots[i].key);
        return 0;
    }
    if (!(he = hmap_get(&d->ids, table_key(ed->t))))
        return 0;
    he->v.num = 1;
    if (d->reopen) {
        if (edit_set(d->s, ed, "done", "", e))
            return -1;
    } else if (!*edit_get(ed, "done") && edit_set(d->s, ed, "done", d->when, e)) {
        return -1;
    }
    if (d->outcome && edit_set(d->s, ed, "outcome", d->outcome, e))
        return -1;
    return 0;
}

int
activity_done(struct store *s, char *const *ids, size_t n, const char *when, const char *outcome,
              int reopen, struct err *e)
{
    struct done_ctx d = {s, {0}, when, outcome, reopen};
    int rc = -1;
    for (size_t i = 0; i < n; i++)
        hmap_put(&d.ids, ids[i], NULL);
    if (store_lock(s, e) == 0 &&
        store_rewrite(s, &schema_activities, done_row, &d, NULL, 0, e) == 0)
        rc = store_commit(s, e);
    hmap_release(&d.ids);
    return rc;
}

/* ---- lead response time ------------------------------------------------- */

static int
dbl_cmp(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

static int
resp_cmp(const void *a, const void *b)
{
    const struct response_stat *x = a, *y = b;
    if (!*x->rep || !*y->rep)
        return (!*x->rep) - (!*y->rep);
    return strcmp(x->rep, y->rep);
}

void
response_first_touch(struct firsts *first, const struct act *a, int touch)
{
    struct first_touch *ft;
    long long k;
    int is_new;
    if (!touch || !*a->lead)
        return;
    k = schema_id_number(a->lead, 'L');
    if (k >= 0 && k < IDBITS_MAX) {
        if ((size_t)k >= first->n) {
            size_t n = first->n ? first->n : 1024;
            while (n <= (size_t)k)
                n *= 2;
            first->v = xrealloc(first->v, n * sizeof *first->v);
            for (size_t i = first->n; i < n; i++)
                first->v[i].at = INT64_MAX, first->v[i].rep = NULL;
            first->n = n;
        }
        ft = &first->v[k];
    } else {
        struct hmap_entry *he = hmap_put(&first->other, a->lead, &is_new);
        if (is_new) {
            he->v.ptr = xcalloc(1, sizeof *ft);
            ((struct first_touch *)he->v.ptr)->at = INT64_MAX;
        }
        ft = he->v.ptr;
    }
    if (a->at < ft->at) {
        ft->at = a->at;
        ft->rep = hmap_put(&first->reps, a->rep, NULL)->key;
    }
}

/* The first touch of a lead, or NULL. Borrowed. */
static const struct first_touch *
first_touch_get(const struct firsts *first, const char *lead)
{
    long long k = schema_id_number(lead, 'L');
    const struct first_touch *ft;
    if (k >= 0 && k < IDBITS_MAX) {
        ft = (size_t)k < first->n ? &first->v[k] : NULL;
    } else {
        struct hmap_entry *he = first->other.len ? hmap_get(&first->other, lead) : NULL;
        ft = he ? he->v.ptr : NULL;
    }
    return ft && ft->at != INT64_MAX ? ft : NULL;
}

void
response_first_release(struct firsts *first)
{
    for (size_t i = 0; i < first->other.cap; i++)
        if (first->other.slots[i].key)
            free(first->other.slots[i].v.ptr);
    hmap_release(&first->other);
    hmap_release(&first->reps);
    free(first->v);
    memset(first, 0, sizeof *first);
}

long
response_times(struct store *s, const struct firsts *first, sdate from, sdate to,
               response_key_fn key, void *ctx, struct response_stat **out, struct err *e)
{
    struct hmap idx = {0};
    struct table *t;
    struct response_stat *v = NULL;
    double **hours = NULL;
    size_t *nh = NULL, *caph = NULL;
    long n = 0, cap = 0;
    int r;

    *out = NULL;
    if (!(t = store_read(s, &schema_leads, e)))
        return -1;
    table_readahead(t);
    int c_id = schema_col(&schema_leads, "id"), c_cr = schema_col(&schema_leads, "created"),
        c_ow = schema_col(&schema_leads, "owner"), c_st = schema_col(&schema_leads, "status");
    while ((r = table_next(t, e)) == 1) {
        const char *cr = table_get(t, c_cr), *st = table_get(t, c_st);
        int64_t created;
        sdate day;
        if (!*cr)
            continue;
        if (datetime_parse(cr, &created) || datetime_date(cr, &day)) {
            r = err_at(e, t->name, table_line(t), "lead %s: bad created '%s'",
                       table_get(t, c_id), cr);
            break;
        }
        if ((from != DATE_NONE && day < from) || (to != DATE_NONE && day > to))
            continue;
        const struct first_touch *ft = first_touch_get(first, table_get(t, c_id));
        const char *rep = table_get(t, c_ow);
        if (!*rep && ft)
            rep = ft->rep;
        int waiting = !ft && (!*st || !strcmp(st, "new") || !strcmp(st, "contacted") ||
                              !strcmp(st, "qualified"));
        if (!ft && !waiting)
            continue;
        if (key && !(rep = key(ctx, rep, day, t)))
            continue;
        int is_new;
        struct hmap_entry *he = hmap_put(&idx, rep, &is_new);
        if (is_new) {
            if (n == cap) {
                cap = cap ? cap * 2 : 16;
                v = xrealloc(v, (size_t)cap * sizeof *v);
                hours = xrealloc(hours, (size_t)cap * sizeof *hours);
                nh = xrealloc(nh, (size_t)cap * sizeof *nh);
                caph = xrealloc(caph, (size_t)cap * sizeof *caph);
            }
            memset(&v[n], 0, sizeof v[n]);
            v[n].rep = xstrdup(rep);
            hours[n] = NULL;
            nh[n] = caph[n] = 0;
            he->v.num = n++;
        }
        long k = (long)he->v.num;
        if (!ft) {
            v[k].waiting++;
            continue;
        }
        if (nh[k] == caph[k]) {
            caph[k] = caph[k] ? caph[k] * 2 : 16;
            hours[k] = xrealloc(hours[k], caph[k] * sizeof **hours);
        }
        hours[k][nh[k]++] = ft->at > created ? (double)(ft->at - created) / 3600.0 : 0.0;
        v[k].responded++;
    }
    table_free(t);
    if (r < 0)
        goto fail;
    for (long k = 0; k < n; k++) {
        v[k].median_hours = NAN;
        if (nh[k]) {
            qsort(hours[k], nh[k], sizeof **hours, dbl_cmp);
            v[k].median_hours = nh[k] % 2 ? hours[k][nh[k] / 2]
                                          : (hours[k][nh[k] / 2 - 1] + hours[k][nh[k] / 2]) / 2;
        }
        free(hours[k]);
    }
    free(hours);
    free(nh);
    free(caph);
    if (n)
        qsort(v, (size_t)n, sizeof *v, resp_cmp);
    hmap_release(&idx);
    *out = v;
    return n;
fail:
    hmap_release(&idx);
    for (long k = 0; k < n; k++)
        free(hours[k]);
    free(hours);
    free(nh);
    free(caph);
    response_stats_free(v, n);
    return -1;
}

void
response_stats_free(struct response_stat *v, long n)
{
    for (long i = 0; i < n; i++)
        free(v[i].rep);
    free(v);
}

/* ---- the activity report ------------------------------------------------ */

int
activity_by_parse(const char *s, enum activity_by *out)
{
    static const char *const names[] = {"rep", "type", "channel", "deal", "account"};
    for (int i = 0; i < 5; i++)
        if (strcmp(s, names[i]) == 0)
            return *out = (enum activity_by)i, 0;
    return -1;
}

/* A group of the report: per rep, type, channel, deal or account. */
struct grp {
    char *key, *name, *owner, *stage;
    long n, reps, leads, deals, accounts, open, overdue, chans;
    int64_t minutes;
    sdate first, last, last_all; /* touches: in the filter's range; over all time */
    sdate since;                 /* created: for never-touched stale records */
    struct hmap mix;             /* channel -> touches */
    long long num;
    struct idbits lset, dset, aset; /* --by rep: the leads, deals and accounts touched */
};

struct groups {
    struct grp *v;
    size_t n, cap;
    struct hmap idx;
};

static struct grp *
group(struct groups *g, const char *key)
{
    int is_new;
    struct hmap_entry *he = hmap_put(&g->idx, key, &is_new);
    if (is_new) {
        if (g->n == g->cap) {
            g->cap = g->cap ? g->cap * 2 : 64;
            g->v = xrealloc(g->v, g->cap * sizeof *g->v);
        }
        memset(&g->v[g->n], 0, sizeof *g->v);
        g->v[g->n].key = xstrdup(key);
        g->v[g->n].first = g->v[g->n].last = g->v[g->n].last_all = g->v[g->n].since = DATE_NONE;
        g->v[g->n].num = id_num(key);
        he->v.num = (int64_t)g->n++;
    }
    return &g->v[he->v.num];
}

static struct grp *
group_find(struct groups *g, const char *key)
{
    struct hmap_entry *he = hmap_get(&g->idx, key);
    return he ? &g->v[he->v.num] : NULL;
}

static void
groups_release(struct groups *g)
{
    for (size_t i = 0; i < g->n; i++) {
        free(g->v[i].key);
        free(g->v[i].name);
        free(g->v[i].owner);
        free(g->v[i].stage);
        hmap_release(&g->v[i].mix);
        idbits_release(&g->v[i].lset);
        idbits_release(&g->v[i].dset);
        idbits_release(&g->v[i].aset);
    }
    free(g->v);
    hmap_release(&g->idx);
}

static int
key_cmp(const void *a, const void *b)
{
    const struct grp *x = a, *y = b;
    if (!*x->key || !*y->key)
        return (!*x->key) - (!*y->key);
    return strcmp(x->key, y->key);
}

static int
num_cmp(const void *a, const void *b)
{
    const struct grp *x = a, *y = b;
    if (x->num != y->num)
        return (x->num > y->num) - (x->num < y->num);
    return strcmp(x->key, y->key);
}

/* id -> account from contacts.csv or deals.csv (opened as every deal
 * report opens it: its columns checked) */
static int
load_accounts_of(struct store *s, const struct entity_def *ent, struct accmap *m, struct err *e)
{
    struct table *t = ent == &schema_deals ? deals_open(s, e) : store_read(s, ent, e);
    int rc, c_id = schema_col(ent, "id"), c_acc = schema_col(ent, "account");
    if (!t)
        return -1;
    table_readahead(t);
    m->prefix = ent->id_prefix;
    while ((rc = table_next(t, e)) == 1) {
        const char *acc = table_get(t, c_acc);
        if (*acc)
            accmap_put(m, table_get(t, c_id), acc);
    }
    table_free(t);
    return rc;
}

/* The account an activity is about: its own, else its contact's, else its
 * deal's. Borrowed, or formatted into buf. */
static const char *
act_account(const struct act *a, const struct accmap *contact_acc, const struct accmap *deal_acc,
            char buf[32])
{
    if (*a->account)
        return a->account;
    if (*a->contact) {
        const char *x = accmap_get(contact_acc, a->contact, buf);
        if (*x)
            return x;
    }
    return *a->deal ? accmap_get(deal_acc, a->deal, buf) : "";
}

static void
count_pair(struct hmap *seen, struct sbuf *k, const char *a, const char *b, long *counter)
{
    int is_new;
    if (!*b)
        return;
    sbuf_reset(k); /* "a US b": one key per pair, built in the caller's buffer */
    sbuf_adds(k, a);
    sbuf_addc(k, '\x1f');
    sbuf_adds(k, b);
    hmap_put_n(seen, k->p, k->len, &is_new);
    if (is_new)
        (*counter)++;
}

static void
fmt_long(char *buf, size_t n, long v)
{
    snprintf(buf, n, "%ld", v);
}

static int
mix_cmp(const void *a, const void *b)
{
    const struct hmap_entry *x = *(const struct hmap_entry *const *)a,
                            *y = *(const struct hmap_entry *const *)b;
    if (x->v.num != y->v.num)
        return x->v.num > y->v.num ? -1 : 1;
    return strcmp(x->key, y->key);
}

/* "email:4 phone:2" (most used first) into b */
static void
mix_text(const struct hmap *mix, struct sbuf *b)
{
    const struct hmap_entry **v = xcalloc(mix->len + 1, sizeof *v);
    size_t n = 0;
    for (size_t i = 0; i < mix->cap; i++)
        if (mix->slots[i].key)
            v[n++] = &mix->slots[i];
    qsort(v, n, sizeof *v, mix_cmp);
    sbuf_reset(b);
    for (size_t i = 0; i < n; i++)
        sbuf_addf(b, "%s%s:%lld", i ? " " : "", *v[i]->key ? v[i]->key : "(none)",
                  (long long)v[i]->v.num);
    if (!b->p)
        sbuf_adds(b, "");
    free(v);
}

/* Read the open deals (owner-filtered) into g; deal -> account into dacc. */
static int
load_open_deals(struct store *s, const struct filter *owners, struct groups *g,
                struct accmap *dacc, struct err *e)
{
    struct deal_ctx dc;
    struct table *t;
    int r;
    if (deal_ctx_init(&dc, s, e))
        return -1;
    if (!(t = deals_open(s, e))) {
        deal_ctx_release(&dc);
        return -1;
    }
    if (dacc)
        dacc->prefix = schema_deals.id_prefix;
    while ((r = table_next(t, e)) == 1) {
        struct deal d;
        if ((r = deal_read(&dc, t, &d, e)) < 0)
            break;
        const char *acc = table_get(t, dc.c_account);
        if (dacc && *acc)
            accmap_put(dacc, d.id, acc);
        if (!g || d.state != DEAL_OPEN || !in_owners(owners, d.owner))
            continue;
        struct grp *x = group(g, d.id);
        x->name = xstrdup(table_get(t, dc.c_name));
        x->owner = xstrdup(d.owner);
        x->stage = xstrdup(d.stage->name);
        x->since = d.created;
    }
    table_free(t);
    deal_ctx_release(&dc);
    return r < 0 ? -1 : 0;
}

/* Accounts (owner-filtered) into g, with their name, owner and created. */
static int
load_accounts(struct store *s, const struct filter *owners, struct groups *g, struct err *e)
{
    const struct entity_def *ent = &schema_accounts;
    struct table *t = store_read(s, ent, e);
    int r, c_id = schema_col(ent, "id"), c_name = schema_col(ent, "name"),
           c_ow = schema_col(ent, "owner"), c_cr = schema_col(ent, "created");
    if (!t)
        return -1;
    while ((r = table_next(t, e)) == 1) {
        if (!in_owners(owners, table_get(t, c_ow)))
            continue;
        struct grp *x = group(g, table_get(t, c_id));
        free(x->name);
        free(x->owner);
        x->name = xstrdup(table_get(t, c_name));
        x->owner = xstrdup(table_get(t, c_ow));
        if (datetime_date(table_get(t, c_cr), &x->since))
            x->since = DATE_NONE;
    }
    table_free(t);
    return r;
}

/* One run of report_activity: the groups (reps, types, channels, deals or
 * accounts), what an activity's account is found by, and the sets that
 * count distinct values per group. */
struct act_run {
    struct store *s;
    struct filter *f;
    enum activity_by by;
    struct groups g;
    struct hmap seen, repseen;   /* count_pair's sets */
    struct sbuf pair;            /* count_pair's keys */
    struct accmap cacc, dacc;    /* contact -> account, deal -> account */
    struct firsts first;         /* --by rep: each lead's first touch, for response times */
    long total;                  /* activities counted (--by type, channel: the shares) */
    struct response_stat *resp;  /* --by rep: per lead owner */
    long nresp;
    sdate from, to;
    int owner_given, set_aside;  /* f->owner_given as given, and whether it is set aside */
};

/* The groups known before any activity is read (the open deals, the
 * accounts, every active rep), and the accounts of contacts and deals. */
static int
act_load(struct act_run *run, struct err *e)
{
    struct store *s = run->s;
    struct filter *f = run->f;
    enum activity_by by = run->by;
    if (by == ACT_BY_DEAL && load_open_deals(s, f, &run->g, &run->dacc, e))
        return -1;
    if (by == ACT_BY_ACCOUNT || by == ACT_BY_REP || by == ACT_BY_CHANNEL) {
        /* only the deals' accounts: id and account, not every deal read */
        if (load_accounts_of(s, &schema_contacts, &run->cacc, e) ||
            (by != ACT_BY_DEAL && load_accounts_of(s, &schema_deals, &run->dacc, e)))
            return -1;
    }
    if (by == ACT_BY_ACCOUNT && load_accounts(s, f, &run->g, e))
        return -1;
    if (by == ACT_BY_REP) { /* every active rep has a row, even with nothing logged */
        struct reps reps;
        if (reps_load(s, &reps, e))
            return -1;
        for (size_t i = 0; i < reps.mt.nrows; i++)
            if (reps_active(&reps, (int)i) && in_owners(f, reps.mt.rows[i][reps.c_id]))
                group(&run->g, reps.mt.rows[i][reps.c_id]);
        reps_release(&reps);
    }
    return 0;
}

/* --by deal and --by account: a touch of a deal or account known before. */
static void
act_count_touch(struct act_run *run, const struct table *t, const struct act *a, int touch,
                int match)
{
    char accbuf[32];
    if (!touch || !where_only(run->f, t, run->s->today))
        return;
    const char *key = run->by == ACT_BY_DEAL ? a->deal
                                             : act_account(a, &run->cacc, &run->dacc, accbuf);
    struct grp *x = *key ? group_find(&run->g, key) : NULL;
    if (!x)
        return;
    if (x->last_all == DATE_NONE || a->day > x->last_all)
        x->last_all = a->day;
    if (!match)
        return;
    x->n++;
    if (run->by == ACT_BY_DEAL) { /* distinct channels: one map for all deals, not one each */
        count_pair(&run->seen, &run->pair, key, *a->channel ? a->channel : "(none)", &x->chans);
    } else {
        struct hmap_entry *he = hmap_put(&x->mix, a->channel, NULL);
        he->v.num++;
    }
    if (x->first == DATE_NONE || a->day < x->first)
        x->first = a->day;
    if (x->last == DATE_NONE || a->day > x->last)
        x->last = a->day;
}

/* --by rep, type and channel: a chosen activity into its group. */
static void
act_count(struct act_run *run, const struct act *a)
{
    char accbuf[32];
    enum activity_by by = run->by;
    run->total++;
    const char *key = by == ACT_BY_REP ? a->rep : by == ACT_BY_TYPE ? a->type : a->channel;
    struct grp *x = group(&run->g, key);
    x->n++;
    x->minutes += a->minutes;
    if (by == ACT_BY_REP) {
        /* per rep a set of each: bits by id number, not a string per pair */
        const char *acc = act_account(a, &run->cacc, &run->dacc, accbuf);
        x->leads += *a->lead && idbits_add(&x->lset, a->lead, 'L');
        x->deals += *a->deal && idbits_add(&x->dset, a->deal, 'D');
        x->accounts += *acc && idbits_add(&x->aset, acc, 'A');
    } else if (by == ACT_BY_TYPE) {
        count_pair(&run->repseen, &run->pair, key, a->rep, &x->reps);
    } else {
        count_pair(&run->seen, &run->pair, key, act_account(a, &run->cacc, &run->dacc, accbuf),
                   &x->accounts);
        count_pair(&run->repseen, &run->pair, key, a->lead, &x->leads);
    }
}

/* activities.csv into the groups. */
/* One activity act_read read from t: counted as the grouping asks. */
static void
act_row(struct act_run *run, const struct table *t, const struct act *a, int open, int touch)
{
    struct store *s = run->s;
    struct filter *f = run->f;
    enum activity_by by = run->by;
    int match = filter_match(f, t);
    if (by == ACT_BY_REP)
        response_first_touch(&run->first, a, touch);
    if (by == ACT_BY_REP && open && in_owners(f, a->rep) && where_only(f, t, s->today)) {
        struct grp *x = group(&run->g, a->rep);
        x->open++;
        x->overdue += a->due != DATE_NONE && a->due < s->today;
    }
    if (by == ACT_BY_DEAL || by == ACT_BY_ACCOUNT)
        act_count_touch(run, t, a, touch, match);
    else if (match)
        act_count(run, a);
}

/* The groups sorted by cmp, their index rebuilt (it is stale after). */
static void
groups_sort(struct groups *g, int (*cmp)(const void *, const void *))
{
    if (!g->n)
        return;
    qsort(g->v, g->n, sizeof *g->v, cmp);
    hmap_release(&g->idx);
    for (size_t i = 0; i < g->n; i++)
        hmap_put(&g->idx, g->v[i].key, NULL)->v.num = (int64_t)i;
}

static void
act_print_reps(struct act_run *run, struct out *o)
{
    static const char *const h[] = {"rep",        "activities", "leads",  "deals",
                                    "accounts",   "minutes",    "open_tasks",
                                    "overdue",    "responded",  "median_response_hours"};
    struct groups *g = &run->g;
    char b1[32], b2[32], b3[32], b4[32], b5[32], b6[32], b7[32], b8[32], b9[32];
    for (int k = 0; k < 10; k++)
        out_add_col(o, h[k], k == 0 ? OT_TEXT : k == 9 ? OT_RATIO : OT_INT);
    for (long k = 0; k < run->nresp; k++)
        if (in_owners(run->f, run->resp[k].rep) && *run->resp[k].rep &&
            !group_find(g, run->resp[k].rep)) {
            group(g, run->resp[k].rep); /* a lead owner with no activity yet */
            groups_sort(g, key_cmp);
        }
    for (size_t i = 0; i < g->n; i++) {
        struct grp *x = &g->v[i];
        const struct response_stat *rs = NULL;
        for (long k = 0; k < run->nresp; k++)
            if (strcmp(run->resp[k].rep, x->key) == 0)
                rs = &run->resp[k];
        fmt_long(b1, sizeof b1, x->n);
        fmt_long(b2, sizeof b2, x->leads);
        fmt_long(b3, sizeof b3, x->deals);
        fmt_long(b4, sizeof b4, x->accounts);
        snprintf(b5, sizeof b5, "%lld", (long long)x->minutes);
        fmt_long(b6, sizeof b6, x->open);
        fmt_long(b7, sizeof b7, x->overdue);
        fmt_long(b8, sizeof b8, rs ? rs->responded : 0);
        metric_fmt(rs ? rs->median_hours : NAN, b9, 1);
        const char *vals[] = {x->key, b1, b2, b3, b4, b5, b6, b7, b8, b9};
        out_row(o, vals);
    }
}

/* --by type or channel: each with its share of the activities. */
static void
act_print_shares(const struct act_run *run, struct out *o)
{
    char b1[32], b2[32], b3[32], b4[32];
    if (run->by == ACT_BY_TYPE) {
        out_add_col(o, "type", OT_TEXT);
        out_add_col(o, "activities", OT_INT);
        out_add_col(o, "share", OT_RATIO);
        out_add_col(o, "reps", OT_INT);
        out_add_col(o, "minutes", OT_INT);
    } else {
        out_add_col(o, "channel", OT_TEXT);
        out_add_col(o, "activities", OT_INT);
        out_add_col(o, "share", OT_RATIO);
        out_add_col(o, "accounts", OT_INT);
        out_add_col(o, "leads", OT_INT);
    }
    out_set_bar(o, 1, 0);
    for (size_t i = 0; i < run->g.n; i++) {
        const struct grp *x = &run->g.v[i];
        fmt_long(b1, sizeof b1, x->n);
        out_ratio((double)x->n, (double)run->total, b2, sizeof b2);
        if (run->by == ACT_BY_TYPE) {
            fmt_long(b3, sizeof b3, x->reps);
            snprintf(b4, sizeof b4, "%lld", (long long)x->minutes);
        } else {
            fmt_long(b3, sizeof b3, x->accounts);
            fmt_long(b4, sizeof b4, x->leads);
        }
        const char *vals[] = {x->key, b1, b2, b3, b4};
        out_row(o, vals);
    }
}

static void
act_print_deals(const struct act_run *run, struct out *o)
{
    static const char *const h[] = {"deal",     "name",       "owner",
                                    "stage",    "touches",    "channels",
                                    "last_touch", "days_since_touch"};
    char b1[32], b2[32], b3[32], b4[32];
    for (int k = 0; k < 8; k++)
        out_add_col(o, h[k], k == 4 || k == 5 || k == 7 ? OT_INT : OT_TEXT);
    for (size_t i = 0; i < run->g.n; i++) {
        const struct grp *x = &run->g.v[i];
        fmt_long(b1, sizeof b1, x->n);
        fmt_long(b2, sizeof b2, x->chans);
        *b3 = *b4 = '\0';
        if (x->last_all != DATE_NONE) {
            date_format(x->last_all, b3);
            fmt_long(b4, sizeof b4, (long)(run->s->today - x->last_all));
        }
        const char *vals[] = {x->key, x->name, x->owner, x->stage, b1, b2, b3, b4};
        out_row(o, vals);
    }
}

static void
act_print_accounts(const struct act_run *run, struct out *o)
{
    static const char *const h[] = {"account",     "name",       "touches",   "channels",
                                    "channel_mix", "first_touch", "last_touch"};
    const struct filter *f = run->f;
    struct sbuf mix = {0};
    char b1[32], b2[32], b3[32], b4[32];
    for (int k = 0; k < 7; k++)
        out_add_col(o, h[k], k == 2 || k == 3 ? OT_INT : OT_TEXT);
    for (size_t i = 0; i < run->g.n; i++) {
        const struct grp *x = &run->g.v[i];
        if (!x->n && f->active && (run->from != DATE_NONE || run->to != DATE_NONE || f->nwhere))
            continue; /* nothing in the period: leave it out */
        fmt_long(b1, sizeof b1, x->n);
        fmt_long(b2, sizeof b2, (long)x->mix.len);
        mix_text(&x->mix, &mix);
        *b3 = *b4 = '\0';
        if (x->first != DATE_NONE)
            date_format(x->first, b3);
        if (x->last != DATE_NONE)
            date_format(x->last, b4);
        const char *vals[] = {x->key, x->name ? x->name : "", b1, b2, mix.p, b3, b4};
        out_row(o, vals);
    }
    sbuf_release(&mix);
}

struct act_run *
activity_begin(struct store *s, struct filter *f, enum activity_by by, struct err *e)
{
    struct act_run *run = xcalloc(1, sizeof *run);

    run->s = s;
    run->f = f;
    run->by = by;
    acols();
    filter_date_range(f, &run->from, &run->to);
    if (act_load(run, e)) {
        activity_free(run);
        return NULL;
    }
    return run;
}

int
activity_bind(struct act_run *run, struct table *t, struct err *e)
{
    struct filter *f = run->f;
    if (filter_bind(f, t, e))
        return -1;
    /* the owner picks deals or accounts, not the rep who touched (until
     * activity_end or activity_free) */
    run->owner_given = f->owner_given;
    if (run->by == ACT_BY_DEAL || run->by == ACT_BY_ACCOUNT)
        f->owner_given = 0;
    run->set_aside = 1;
    return 0;
}

void
activity_act(struct act_run *run, const struct table *t, const struct act *a, int open,
             int touch)
{
    act_row(run, t, a, open, touch);
}

int
activity_end(struct act_run *run, struct out *o, struct err *e)
{
    struct store *s = run->s;
    enum activity_by by = run->by;

    if (run->set_aside)
        run->f->owner_given = run->owner_given;
    run->set_aside = 0;
    if (by == ACT_BY_REP &&
        (run->nresp = response_times(s, &run->first, run->from, run->to, NULL, NULL, &run->resp,
                                     e)) < 0)
        return -1;
    groups_sort(&run->g, by == ACT_BY_DEAL || by == ACT_BY_ACCOUNT ? num_cmp : key_cmp);
    switch (by) {
    case ACT_BY_REP:
        act_print_reps(run, o);
        break;
    case ACT_BY_TYPE:
    case ACT_BY_CHANNEL:
        act_print_shares(run, o);
        break;
    case ACT_BY_DEAL:
        act_print_deals(run, o);
        break;
    case ACT_BY_ACCOUNT:
        act_print_accounts(run, o);
        break;
    }
    return 0;
}

void
activity_free(struct act_run *run)
{
    if (!run)
        return;
    if (run->set_aside)
        run->f->owner_given = run->owner_given;
    groups_release(&run->g);
    hmap_release(&run->seen);
    hmap_release(&run->repseen);
    response_first_release(&run->first);
    sbuf_release(&run->pair);
    accmap_release(&run->cacc);
    accmap_release(&run->dacc);
    response_stats_free(run->resp, run->nresp < 0 ? 0 : run->nresp);
    free(run);
}

int
report_activity(struct store *s, struct filter *f, enum activity_by by, struct out *o,
                struct err *e)
{
    struct act_run *run = activity_begin(s, f, by, e);
    struct table *t = NULL;
    int rc = -1, r;

    if (!run)
        return -1;
    if (!(t = acts_open(s, e)) || activity_bind(run, t, e))
        goto out;
    while ((r = table_next(t, e)) == 1) {
        struct act a;
        int open, touch;
        if (act_read(t, s->now, &a, &open, &touch, e))
            goto out;
        act_row(run, t, &a, open, touch);
    }
    if (r < 0)
        goto out;
    if (activity_end(run, o, e))
        goto out;
    rc = 0;
out:
    table_free(t);
    activity_free(run);
    return rc;
}

/* ---- stale -------------------------------------------------------------- */

struct stale_row {
    int deal; /* 1 deal, 0 account */
    long days;
    long long num;
    const struct grp *g;
};

static int
stale_cmp(const void *a, const void *b)
{
    const struct stale_row *x = a, *y = b;
    if (x->deal != y->deal)
        return y->deal - x->deal;
    if (x->days != y->days)
        return x->days > y->days ? -1 : 1;
    return (x->num > y->num) - (x->num < y->num);
}

int
report_stale(struct store *s, struct filter *f, int days, struct out *o, struct err *e)
{
    struct groups deals = {0}, accs = {0};
    struct hmap active = {0};
    struct accmap cacc = {0}, dacc = {0};
    char accbuf[32];
    struct table *t = NULL;
    struct stale_row *rows = NULL;
    size_t nrows = 0;
    int rc = -1, r;

    acols();
    if (days <= 0)
        days = s->stale_days;
    if (load_open_deals(s, f, &deals, &dacc, e) || load_accounts(s, f, &accs, e) ||
        load_accounts_of(s, &schema_contacts, &cacc, e))
        goto out;
    /* active accounts: an open deal (anyone's) or a running subscription */
    {
        struct deal_ctx dc;
        if (deal_ctx_init(&dc, s, e))
            goto out;
        if (!(t = deals_open(s, e))) {
            deal_ctx_release(&dc);
            goto out;
        }
        while ((r = table_next(t, e)) == 1) {
            struct deal d;
            if ((r = deal_read(&dc, t, &d, e)) < 0)
                break;
            if (d.state == DEAL_OPEN && *table_get(t, dc.c_account))
                hmap_put(&active, table_get(t, dc.c_account), NULL);
        }
        table_free(t);
        t = NULL;
        deal_ctx_release(&dc);
        if (r < 0)
            goto out;
        const struct entity_def *se = &schema_subscriptions;
        if (!(t = store_read(s, se, e)))
            goto out;
        int c_acc = schema_col(se, "account"), c_st = schema_col(se, "start"),
            c_end = schema_col(se, "end");
        while ((r = table_next(t, e)) == 1) {
            sdate st = DATE_NONE, en = DATE_NONE;
            const char *a = table_get(t, c_acc), *sv = table_get(t, c_st),
                       *ev = table_get(t, c_end);
            if ((*sv && date_parse(sv, &st)) || (*ev && date_parse(ev, &en))) {
                r = err_at(e, t->name, table_line(t), "bad start or end date");
                break;
            }
            if (*a && subscription_active(st, en, s->today)) /* the one rule for "running" */
                hmap_put(&active, a, NULL);
        }
        table_free(t);
        t = NULL;
        if (r < 0)
            goto out;
    }
    if (!(t = acts_open(s, e)) || filter_bind(f, t, e))
        goto out;
    while ((r = table_next(t, e)) == 1) {
        struct act a;
        int open, touch;
        if (act_read(t, s->now, &a, &open, &touch, e)) {
            r = -1;
            break;
        }
        if (!touch || !where_only(f, t, s->today))
            continue;
        struct grp *x = *a.deal ? group_find(&deals, a.deal) : NULL;
        if (x && (x->last_all == DATE_NONE || a.day > x->last_all))
            x->last_all = a.day;
        const char *acc = act_account(&a, &cacc, &dacc, accbuf);
        x = *acc ? group_find(&accs, acc) : NULL;
        if (x && (x->last_all == DATE_NONE || a.day > x->last_all))
            x->last_all = a.day;
    }
    table_free(t);
    t = NULL;
    if (r < 0)
        goto out;
    rows = xcalloc(deals.n + accs.n + 1, sizeof *rows);
    for (int pass = 0; pass < 2; pass++) {
        struct groups *g = pass == 0 ? &deals : &accs;
        for (size_t i = 0; i < g->n; i++) {
            struct grp *x = &g->v[i];
            sdate ref = x->last_all != DATE_NONE ? x->last_all : x->since;
            if (pass == 1 && !hmap_get(&active, x->key))
                continue;
            if (ref == DATE_NONE || s->today - ref <= days)
                continue;
            rows[nrows].deal = pass == 0;
            rows[nrows].days = (long)(s->today - ref);
            rows[nrows].num = x->num;
            rows[nrows].g = x;
            nrows++;
        }
    }
    if (nrows)
        qsort(rows, nrows, sizeof *rows, stale_cmp);
    static const char *const h[] = {"entity", "id", "name", "owner", "last_touch", "days"};
    for (int k = 0; k < 6; k++)
        out_add_col(o, h[k], k == 5 ? OT_INT : OT_TEXT);
    for (size_t i = 0; i < nrows; i++) {
        char lt[DATE_BUFSZ] = "", d[32];
        const struct grp *x = rows[i].g;
        if (x->last_all != DATE_NONE)
            date_format(x->last_all, lt);
        fmt_long(d, sizeof d, rows[i].days);
        const char *vals[] = {rows[i].deal ? "deal" : "account", x->key, x->name ? x->name : "",
                              x->owner ? x->owner : "", lt, d};
        out_row(o, vals);
    }
    rc = 0;
out:
    table_free(t);
    free(rows);
    groups_release(&deals);
    groups_release(&accs);
    accmap_release(&cacc);
    accmap_release(&dacc);
    hmap_release(&active);
    return rc;
}
