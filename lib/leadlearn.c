/* leadlearn.c — lead scores from a model of converted against disqualified leads (see leadlearn.h). */
#include "leadlearn.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "asof.h"
#include "text.h"

#define NTYPES ASOF_NTYPES

enum { L_OPEN, L_CONVERTED, L_DISQUALIFIED };

struct ll_lead {
    const char *id;
    char *name, *old; /* picked open leads only */
    sdate created, decided, ref;
    int32_t status, src, seg, owner, phone, company; /* model level codes */
    struct asof st;                                  /* status on the reference day */
    uint8_t state, picked;
    struct asof_touches tc;
};

enum {
    F_STATUS,
    F_SOURCE,
    F_SEGMENT,
    F_OWNER,
    F_PHONE,
    F_COMPANY,
    F_AGE,
    F_TOUCH,
    F_RESPONSE,
    F_ACT14,
    F_ACT30 = F_ACT14 + NTYPES,
    F_N = F_ACT30 + NTYPES
};

static const char *const feature_names[F_N] = {
    "status",     "source",     "segment",      "owner",     "phone",     "company",
    "age",        "no touch",   "first touch",  "calls 14d", "emails 14d", "meetings 14d",
    "demos 14d",  "other 14d",  "calls 30d",    "emails 30d", "meetings 30d", "demos 30d",
    "other 30d"};

static int
lead_state(const char *status)
{
    return strcmp(status, "converted") == 0      ? L_CONVERTED
           : strcmp(status, "disqualified") == 0 ? L_DISQUALIFIED
                                                 : L_OPEN;
}

static int
read_leads(struct leadlearn *ll, struct filter *f, struct err *e)
{
    const struct entity_def *ent = &schema_leads;
    struct table *t = store_read(ll->s, ent, e);
    int r, c_id = schema_col(ent, "id"), c_created = schema_col(ent, "created"),
           c_name = schema_col(ent, "name"), c_status = schema_col(ent, "status"),
           c_source = schema_col(ent, "source"), c_segment = schema_col(ent, "segment"),
           c_owner = schema_col(ent, "owner"), c_phone = schema_col(ent, "phone"),
           c_company = schema_col(ent, "company");
    if (!t)
        return -1;
    if (table_require(t, "created,status", e) || (f && filter_bind(f, t, e))) {
        table_free(t);
        return -1;
    }
    int c_score = table_find(t, "score");
    while ((r = table_next(t, e)) == 1) {
        int is_new;
        const char *id = table_get(t, c_id);
        struct hmap_entry *he = hmap_put(&ll->index, id, &is_new);
        if (!is_new) {
            r = err_at(e, t->name, table_line(t), "lead %s is there twice", id);
            break;
        }
        if (ll->n == ll->cap) {
            ll->cap = ll->cap ? ll->cap * 2 : 1024;
            ll->v = xrealloc(ll->v, ll->cap * sizeof *ll->v);
        }
        he->v.num = (int64_t)ll->n;
        struct ll_lead *x = &ll->v[ll->n++];
        memset(x, 0, sizeof *x);
        x->id = he->key;
        if (datetime_date(table_get(t, c_created), &x->created))
            x->created = DATE_NONE;
        x->state = (uint8_t)lead_state(table_get(t, c_status));
        x->status = model_level(&ll->m, F_STATUS, table_get(t, c_status));
        x->src = model_level(&ll->m, F_SOURCE, table_get(t, c_source));
        x->seg = model_level(&ll->m, F_SEGMENT, table_get(t, c_segment));
        x->owner = model_level(&ll->m, F_OWNER, table_get(t, c_owner));
        x->phone = model_level(&ll->m, F_PHONE, *table_get(t, c_phone) ? "yes" : "no");
        x->company = model_level(&ll->m, F_COMPANY, *table_get(t, c_company) ? "yes" : "no");
        x->decided = x->ref = DATE_NONE;
        asof_init(&x->st);
        asof_touches_init(&x->tc);
        if (x->state == L_OPEN) {
            x->ref = ll->s->today;
            x->picked = !f || filter_match(f, t);
            if (x->picked) {
                x->name = xstrdup(table_get(t, c_name));
                x->old = xstrdup(c_score < 0 ? "" : table_cell(t, (size_t)c_score));
            }
        }
    }
    table_free(t);
    return r < 0 ? -1 : 0;
}

struct hpass {
    struct leadlearn *ll;
    int pass; /* 0: the decided days; 1: the status on the reference day */
};

/* Pass 0: the decided day of each decided lead (its last status change
 * into converted or disqualified). Pass 1: the status changes, seen from
 * each lead's reference day. */
static int
history_status(void *ctx, const struct asof_hrow *h, struct err *e)
{
    struct hpass *hp = ctx;
    struct leadlearn *ll = hp->ll;
    if (strcmp(h->field, "status") != 0)
        return 0;
    struct hmap_entry *he = hmap_get(&ll->index, h->id);
    if (!he)
        return 0;
    struct ll_lead *x = &ll->v[he->v.num];
    sdate d;
    if (asof_hrow_date(h, &d, e))
        return -1;
    if (hp->pass == 0) {
        if (x->state != L_OPEN && lead_state(h->new_) == x->state &&
            (x->decided == DATE_NONE || d > x->decided))
            x->decided = d;
        return 0;
    }
    /* a status becomes a model level only when it tells the value */
    if (x->ref != DATE_NONE && asof_wants(&x->st, x->ref, d)) {
        const char *level = d <= x->ref ? h->new_ : h->old;
        int32_t v = model_level(&ll->m, F_STATUS, level);
        asof_change(&x->st, x->ref, d, v, v);
    }
    return 0;
}

static struct asof_touches *
lead_touches(void *ctx, const char *id, sdate *ref)
{
    struct leadlearn *ll = ctx;
    struct hmap_entry *he = hmap_get(&ll->index, id);
    if (!he || ll->v[he->v.num].ref == DATE_NONE)
        return NULL;
    *ref = ll->v[he->v.num].ref;
    return &ll->v[he->v.num].tc;
}

static int
read_history(struct leadlearn *ll, struct err *e)
{
    struct hpass hp = {ll, 0};
    if (asof_history(ll->s, "leads", history_status, &hp, e))
        return -1;
    for (size_t i = 0; i < ll->n; i++) {
        struct ll_lead *x = &ll->v[i];
        if (x->state != L_OPEN)
            x->ref = asof_refday(x->id, x->created, x->decided);
    }
    hp.pass = 1;
    return asof_history(ll->s, "leads", history_status, &hp, e);
}

/* The status on the reference day (a level code), -1 when it cannot be
 * told or is a decided one already. */
static int32_t
status_at_ref(const struct leadlearn *ll, const struct ll_lead *x)
{
    int known;
    int32_t st = asof_value(&x->st, x->status, &known);
    if (!known && x->state != L_OPEN)
        st = -1;
    if (st < 0 || lead_state(ll->m.f[F_STATUS].names[st]) != L_OPEN)
        return x->state == L_OPEN ? x->status : -1;
    return st;
}

static float
log1p_days(int d)
{
    return (float)log1p(d < 0 ? 0 : d);
}

static void
fill_row(struct leadlearn *ll, struct model_rows *r, size_t k, const struct ll_lead *x)
{
    struct model *m = &ll->m;
    float *num = r->num + k * (size_t)m->nnum;
    int32_t *cat = r->cat + k * (size_t)m->ncat;
    cat[m->f[F_STATUS].slot] = status_at_ref(ll, x);
    cat[m->f[F_SOURCE].slot] = x->src;
    cat[m->f[F_SEGMENT].slot] = x->seg;
    cat[m->f[F_OWNER].slot] = x->owner;
    cat[m->f[F_PHONE].slot] = x->phone;
    cat[m->f[F_COMPANY].slot] = x->company;
    if (x->created != DATE_NONE) {
        num[m->f[F_AGE].slot] = log1p_days(x->ref - x->created);
        sdate t = x->tc.last != DATE_NONE ? x->tc.last : x->created;
        num[m->f[F_TOUCH].slot] = log1p_days(x->ref - t);
        if (x->tc.first != DATE_NONE)
            num[m->f[F_RESPONSE].slot] = log1p_days(x->tc.first - x->created);
    }
    for (int j = 0; j < NTYPES; j++) {
        num[m->f[F_ACT14 + j].slot] = (float)log1p(x->tc.acts[0][j]);
        num[m->f[F_ACT30 + j].slot] = (float)log1p(x->tc.acts[1][j]);
    }
}

static void
describe(const struct leadlearn *ll, const struct ll_lead *x, int k, char *buf, size_t n)
{
    if (k <= F_COMPANY) {
        int32_t c = k == F_STATUS    ? status_at_ref(ll, x)
                    : k == F_SOURCE  ? x->src
                    : k == F_SEGMENT ? x->seg
                    : k == F_OWNER   ? x->owner
                    : k == F_PHONE   ? x->phone
                                     : x->company;
        const char *v = c >= 0 ? ll->m.f[k].names[c] : "";
        snprintf(buf, n, "%s", *v ? v : "(none)");
    } else if (k == F_AGE) {
        snprintf(buf, n, "%dd", x->created == DATE_NONE ? 0 : x->ref - x->created);
    } else if (k == F_TOUCH) {
        sdate t = x->tc.last != DATE_NONE ? x->tc.last : x->created;
        snprintf(buf, n, "%dd", t == DATE_NONE ? 0 : x->ref - t);
    } else if (k == F_RESPONSE) {
        if (x->tc.first == DATE_NONE || x->created == DATE_NONE)
            snprintf(buf, n, "(none)");
        else
            snprintf(buf, n, "%dd", x->tc.first - x->created);
    } else {
        snprintf(buf, n, "%d", x->tc.acts[k >= F_ACT30][(k - F_ACT14) % NTYPES]);
    }
}

int
leadlearn_load(struct leadlearn *ll, struct store *s, struct filter *f, struct err *e)
{
    memset(ll, 0, sizeof *ll);
    ll->s = s;
    model_init(&ll->m, 1.0);
    for (int k = 0; k < F_N; k++) {
        if (k <= F_COMPANY)
            model_add_category(&ll->m, feature_names[k]);
        else
            model_add_number(&ll->m, feature_names[k]);
    }
    if (read_leads(ll, f, e) || read_history(ll, e) ||
        asof_activities(s, "lead", lead_touches, ll, e)) {
        leadlearn_release(ll);
        return -1;
    }
    return 0;
}

void
leadlearn_release(struct leadlearn *ll)
{
    for (size_t i = 0; i < ll->n; i++) {
        free(ll->v[i].name);
        free(ll->v[i].old);
    }
    free(ll->v);
    free(ll->status_rate);
    hmap_release(&ll->index);
    model_release(&ll->m);
    memset(ll, 0, sizeof *ll);
}

static int
usable(const struct leadlearn *ll, const struct ll_lead *x)
{
    return x->state != L_OPEN && x->ref != DATE_NONE && status_at_ref(ll, x) >= 0;
}

/* Decided leads, decided in [from, to), as rows. */
static void
decided_rows(struct leadlearn *ll, sdate from, sdate to, struct model_rows *r)
{
    for (size_t i = 0; i < ll->n; i++) {
        const struct ll_lead *x = &ll->v[i];
        if (!usable(ll, x) || (from != DATE_NONE && x->decided < from) ||
            (to != DATE_NONE && x->decided >= to))
            continue;
        size_t k = model_rows_add(r, &ll->m);
        fill_row(ll, r, k, x);
        r->y[k] = x->state == L_CONVERTED;
    }
}

int
leadlearn_fit(struct leadlearn *ll, sdate before, struct err *e)
{
    struct model_rows r = {0};
    decided_rows(ll, DATE_NONE, before, &r);
    size_t yes = 0;
    for (size_t i = 0; i < r.n; i++)
        yes += r.y[i];
    ll->nyes = yes;
    ll->nno = r.n - yes;
    if (yes < LEADLEARN_MIN || ll->nno < LEADLEARN_MIN) {
        model_rows_release(&r);
        return err_set(e,
                       "too few decided leads to learn from: %zu converted and %zu "
                       "disqualified (at least %d of each needed)",
                       yes, ll->nno, LEADLEARN_MIN);
    }
    /* the baseline: each status's conversion rate in training */
    int ns = ll->m.f[F_STATUS].nnames;
    double *cnt = xcalloc((size_t)ns + 1, sizeof *cnt), *won = xcalloc((size_t)ns + 1, sizeof *won);
    for (size_t i = 0; i < r.n; i++) {
        int32_t st = r.cat[i * (size_t)ll->m.ncat + (size_t)ll->m.f[F_STATUS].slot];
        cnt[st]++;
        won[st] += r.y[i];
    }
    free(ll->status_rate);
    ll->status_rate = xcalloc((size_t)ns + 1, sizeof *ll->status_rate);
    ll->base_rate = (double)yes / (double)r.n;
    for (int i = 0; i < ns; i++)
        ll->status_rate[i] = cnt[i] > 0 ? won[i] / cnt[i] : ll->base_rate;
    free(cnt);
    free(won);
    int rc = model_fit(&ll->m, &r);
    model_rows_release(&r);
    if (rc)
        return err_set(e, "the model did not converge on %zu decided leads", ll->nyes + ll->nno);
    return 0;
}

static double
lead_terms(struct leadlearn *ll, const struct ll_lead *x, double *terms)
{
    struct model_rows r = {0};
    size_t k = model_rows_add(&r, &ll->m);
    fill_row(ll, &r, k, x);
    double eta = model_terms(&ll->m, &r, k, terms);
    model_rows_release(&r);
    return eta;
}

size_t
leadlearn_scores(struct leadlearn *ll, struct ll_score **out)
{
    size_t n = 0;
    for (size_t i = 0; i < ll->n; i++)
        n += ll->v[i].picked;
    struct ll_score *v = xcalloc(n ? n : 1, sizeof *v);
    n = 0;
    for (size_t i = 0; i < ll->n; i++) {
        const struct ll_lead *x = &ll->v[i];
        if (!x->picked)
            continue;
        v[n].id = x->id;
        v[n].name = x->name;
        v[n].old = x->old;
        v[n++].score = lround(model_probability(lead_terms(ll, x, NULL)) * 100);
    }
    *out = v;
    return n;
}

int
leadlearn_explain(struct leadlearn *ll, const char *id, struct ll_part *parts,
                  double *intercept, double *logodds, struct err *e)
{
    struct hmap_entry *he = hmap_get(&ll->index, id);
    double terms[F_N];
    if (!he)
        return err_set(e, "unknown lead '%s' (not in leads.csv)", id);
    const struct ll_lead *x = &ll->v[he->v.num];
    if (x->state != L_OPEN)
        return err_set(e, "lead %s is decided: only open leads are scored", id);
    *logodds = lead_terms(ll, x, terms);
    *intercept = fabs(ll->m.beta[0]) < 5e-9 ? 0 : ll->m.beta[0];
    for (int k = 0; k < F_N; k++) {
        snprintf(parts[k].feature, sizeof parts[k].feature, "%s", feature_names[k]);
        describe(ll, x, k, parts[k].value, sizeof parts[k].value);
        parts[k].term = fabs(terms[k]) < 5e-9 ? 0 : terms[k];
    }
    return 0;
}

int
leadlearn_evaluate(struct leadlearn *ll, double holdout, struct model_eval *ev, sdate *cut,
                   struct err *e)
{
    sdate *days = xcalloc(ll->n + 1, sizeof *days);
    size_t n = 0;
    memset(ev, 0, sizeof *ev);
    for (size_t i = 0; i < ll->n; i++)
        if (usable(ll, &ll->v[i]))
            days[n++] = ll->v[i].decided;
    if (n == 0) {
        free(days);
        return leadlearn_fit(ll, DATE_NONE, e); /* says how few */
    }
    *cut = asof_holdout_cut(days, n, holdout);
    free(days);
    if (leadlearn_fit(ll, *cut, e)) {
        char msg[sizeof e->msg], c[DATE_BUFSZ];
        snprintf(msg, sizeof msg, "%s", e->msg);
        return err_set(e, "%s before the held-out decisions (from %s)", msg, date_format(*cut, c));
    }
    ev->ntrain = ll->nyes + ll->nno;
    struct model_rows r = {0};
    decided_rows(ll, *cut, DATE_NONE, &r);
    double *p = xcalloc(r.n + 1, sizeof *p), *b = xcalloc(r.n + 1, sizeof *b);
    for (size_t i = 0; i < r.n; i++) {
        p[i] = model_predict(&ll->m, &r, i);
        int32_t st = r.cat[i * (size_t)ll->m.ncat + (size_t)ll->m.f[F_STATUS].slot];
        b[i] = ll->status_rate[st];
    }
    model_evaluate(p, b, r.y, r.n, ev);
    free(p);
    free(b);
    model_rows_release(&r);
    return 0;
}

struct wctx {
    struct leadlearn *ll;
    int c_id;
};

static int
write_edit(void *vctx, struct edit *ed, struct err *e)
{
    struct wctx *w = vctx;
    char buf[16];
    if (!ed)
        return 0;
    struct hmap_entry *he = hmap_get(&w->ll->index, table_get(ed->t, w->c_id));
    if (!he || !w->ll->v[he->v.num].picked)
        return 0;
    snprintf(buf, sizeof buf, "%ld", lround(model_probability(lead_terms(w->ll, &w->ll->v[he->v.num], NULL)) * 100));
    return edit_set(w->ll->s, ed, "score", buf, e);
}

int
leadlearn_write(struct leadlearn *ll, struct err *e)
{
    struct wctx w = {ll, schema_col(&schema_leads, "id")};
    if (store_rewrite(ll->s, &schema_leads, write_edit, &w, NULL, 0, e))
        return -1;
    return store_commit(ll->s, e);
}
