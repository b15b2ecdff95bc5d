/* validate.c — record checks before a write (see validate.h). */
#include "validate.h"

#include <ctype.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "text.h"

void
idset_release(struct idset *s)
{
    free(s->bits);
    hmap_release(&s->other);
    memset(s, 0, sizeof *s);
}

int
validator_init(struct validator *v, struct store *s, const struct entity_def *ent, struct err *e)
{
    struct table *t;
    memset(v, 0, sizeof *v);
    v->s = s;
    v->ent = ent;
    v->vc = s->vc;
    v->c_id = schema_col(ent, "id");
    v->c_status = schema_col(ent, "status");
    v->c_stage = schema_col(ent, "stage");
    v->c_closed = schema_col(ent, "closed");
    v->c_lost_reason = schema_col(ent, "lost_reason");
    v->c_manager = schema_col(ent, "manager");
    v->c_owner = schema_col(ent, "owner");
    v->c_account = schema_col(ent, "account");
    t = store_read(s, ent, e);
    if (!t)
        return -1;
    v->header = xcalloc(t->nhead + 1, sizeof *v->header);
    for (size_t i = 0; i < t->nhead; i++)
        v->header[i] = xstrdup(t->head[i]);
    table_free(t);
    return 0;
}

void
validator_release(struct validator *v)
{
    strv_free(v->header);
    if (v->have_stages)
        stages_release(&v->stages);
    if (v->have_reps)
        reps_release(&v->reps);
    for (size_t i = 0; i < 16; i++)
        idset_release(&v->ids[i]);
    hmap_release(&v->batch);
    memset(v, 0, sizeof *v);
}

static int
need_stages(struct validator *v, struct err *e)
{
    if (!v->have_stages) {
        if (stages_load(v->s, &v->stages, e))
            return -1;
        v->have_stages = 1;
    }
    return 0;
}

static int
need_reps(struct validator *v, struct err *e)
{
    if (!v->have_reps) {
        if (reps_load(v->s, &v->reps, e))
            return -1;
        v->have_reps = 1;
    }
    return 0;
}

/* Ids of the usual form above this go to the map: a bitmap stays under
 * 32 MB whatever the numbers. */
#define IDSET_MAX_BIT (1LL << 28)

struct idset_ctx {
    struct idset *set;
    char prefix; /* the entity's id prefix; 0: none (reps) */
};

int
idset_add(struct idset *s, char prefix, const char *id, size_t n)
{
    long long k = prefix ? schema_id_number_n(id, n, prefix) : -1;
    int is_new;
    if (k < 0 || k >= IDSET_MAX_BIT) {
        hmap_put_n(&s->other, id, n, &is_new);
        return is_new;
    }
    size_t w = (size_t)k >> 6;
    if (w >= s->nwords) {
        size_t nw = s->nwords ? s->nwords : 256;
        while (nw <= w)
            nw *= 2;
        s->bits = xrealloc(s->bits, nw * sizeof *s->bits);
        memset(s->bits + s->nwords, 0, (nw - s->nwords) * sizeof *s->bits);
        s->nwords = nw;
    }
    is_new = !(s->bits[w] >> (k & 63) & 1);
    s->bits[w] |= 1ULL << (k & 63);
    return is_new;
}

int
idset_has(const struct idset *s, char prefix, const char *id)
{
    long long k = prefix ? schema_id_number(id, prefix) : -1;
    if (k < 0 || k >= IDSET_MAX_BIT)
        return hmap_get(&s->other, id) != NULL;
    return (size_t)k >> 6 < s->nwords && (s->bits[(size_t)k >> 6] >> (k & 63) & 1);
}

static void
put_id(void *vctx, const char *id, size_t n)
{
    const struct idset_ctx *c = vctx;
    idset_add(c->set, c->prefix, id, n);
}

/* Read the ids of ent's file into v->ids[k]. */
static int
load_ids(struct validator *v, int k, const struct entity_def *ent, struct err *e)
{
    struct table *t = store_read(v->s, ent, e);
    struct idset_ctx ic = {&v->ids[k], ent->id_prefix};
    int rc, c = schema_col(ent, "id");
    if (!t)
        return -1;
    /* only the ids: scanned, unless the file needs libcsv's reading */
    rc = table_scan_col(t, c, put_id, &ic, e);
    table_free(t);
    if (rc == 1) {
        idset_release(&v->ids[k]);
        if (!(t = store_read(v->s, ent, e)))
            return -1;
        while ((rc = table_next(t, e)) == 1) {
            const char *x = table_get(t, c);
            put_id(&ic, x, strlen(x));
        }
        table_free(t);
    }
    if (rc < 0)
        return -1;
    v->loaded[k] = 1;
    return 0;
}

int
validate_ref(struct validator *v, const struct entity_def *ent, const char *id, struct err *e)
{
    int k = schema_entity_index(ent);
    if (k < 0)
        return 0;
    /* the first few references of a file are looked up in it (a few page
     * reads each, store_locate); a big batch reads its ids once */
    if (!v->loaded[k] && v->located[k] < LOCATE_MAX) {
        v->located[k]++;
        int rc = store_locate(v->s, ent, id, e);
        if (rc != 0)
            return rc;
    }
    if (!v->loaded[k] && load_ids(v, k, ent, e))
        return -1;
    return idset_has(&v->ids[k], ent->id_prefix, id);
}

struct loader {
    pthread_t th;
    struct validator *v;
    int k, rc, started;
    const struct entity_def *ent;
    struct err e;
};

static void *
loader_main(void *arg)
{
    struct loader *l = arg;
    l->rc = load_ids(l->v, l->k, l->ent, &l->e);
    return NULL;
}

int
validate_preload(struct validator *v, const struct entity_def *const *ents, size_t n,
                 struct err *e)
{
    struct loader l[16];
    size_t m = 0;
    int rc = 0;

    for (size_t i = 0; i < n && m < 16; i++) { /* each file once */
        int k = schema_entity_index(ents[i]), seen = 0;
        for (size_t j = 0; j < m; j++)
            seen |= l[j].k == k;
        if (k >= 0 && !v->loaded[k] && !seen) {
            memset(&l[m], 0, sizeof l[m]);
            l[m].v = v;
            l[m].k = k;
            l[m].ent = ents[i];
            m++;
        }
    }
    /* the first here, the others on threads of their own (each has its
     * own id set and its own reader); one that cannot start runs here */
    for (size_t j = 1; j < m; j++)
        l[j].started = pthread_create(&l[j].th, NULL, loader_main, &l[j]) == 0;
    for (size_t j = 0; j < m; j++) {
        if (j > 0 && l[j].started)
            pthread_join(l[j].th, NULL);
        else
            loader_main(&l[j]);
        if (l[j].rc && rc == 0) {
            *e = l[j].e;
            rc = -1;
        }
    }
    return rc;
}

static int
in_header(const struct validator *v, const char *name)
{
    for (char **p = v->header; *p; p++)
        if (strcmp(*p, name) == 0)
            return 1;
    return 0;
}

char *
validate_value(struct validator *v, const char *name, const char *value, struct err *e)
{
    int i = schema_col(v->ent, name);
    struct sbuf out = {0};

    if (i < 0) {
        if (!in_header(v, name))
            return err_set(e, "%s.csv has no column '%s'", v->ent->name, name), NULL;
        if (!v->vc.text_checked && !utf8_valid(value, strlen(value)))
            return err_set(e, "%s: invalid UTF-8", name), NULL;
        return xstrdup(value); /* the user's own column: kept as typed */
    }
    if (validate_value_into(v, i, value, &out, e)) {
        sbuf_release(&out);
        return NULL;
    }
    return out.p;
}

int
validate_value_into(struct validator *v, int col, const char *value, struct sbuf *out,
                    struct err *e)
{
    const struct column_def *c = &v->ent->cols[col];
    const size_t start = out->len;
    const char *x;

    if (schema_normalize_into(c, value, &v->vc, out, e))
        return -1;
    x = out->p + start;
    if (!*x)
        return 0;
    if (c->type == CT_REF) {
        const struct entity_def *target = schema_entity(c->ref);
        int rc = validate_ref(v, target, x, e);
        if (rc < 0)
            goto fail;
        if (rc == 0 && !(target == v->ent && hmap_get(&v->batch, x))) {
            err_set(e, "unknown %s '%s' (not in %s.csv)", c->name, x, target->name);
            goto fail;
        }
    } else if (c->type == CT_STAGE) {
        if (need_stages(v, e))
            goto fail;
        const struct stage *st = stages_find(&v->stages, x);
        if (!st) {
            struct sbuf names = {0};
            err_set(e, "unknown stage '%s' (stages: %s)", x, stages_names(&v->stages, &names));
            sbuf_release(&names);
            goto fail;
        }
        out->len = start;
        sbuf_adds(out, st->name); /* as stages.csv spells it */
    } else if (c->type == CT_CURRENCY && v->need_rates && !str_eq_ci(x, v->s->currency) && !store_rate(v->s, x)) {
        /* taken, every report would stop for everyone at this deal */
        err_set(e, "no exchange rate for %s in config.json \"rates\" (the base currency is %s)",
                x, v->s->currency);
        goto fail;
    }
    return 0;
fail:
    out->len = start;
    out->p[start] = '\0';
    return -1;
}

/* A record by schema column while its rules are checked: values are
 * borrowed; set lists the columns the rules set, in order. */
struct crec {
    const struct entity_def *ent;
    const char **cv;
    int *set;
    size_t nset;
};

static const char *
cget(const struct crec *r, int i)
{
    return i >= 0 ? r->cv[i] : NULL;
}

/* Set column i (the entity has it) to a string that lives as long as the
 * validator. */
static void
cset(struct crec *r, int i, const char *value)
{
    r->cv[i] = value;
    for (size_t j = 0; j < r->nset; j++)
        if (r->set[j] == i)
            return;
    r->set[r->nset++] = i;
}

/* A new subscription: an account, a plan, its mrr and start, and an end
 * (when it has one) not before its start. */
static int
subscription_rules(struct crec *r, struct err *e)
{
    static const char *const need[] = {"account", "an account", "plan",         "a plan", "mrr",
                                       "its mrr", "start",      "a start date", NULL};
    const char *start, *end;
    for (const char *const *p = need; *p; p += 2) {
        const char *x = cget(r, schema_col(r->ent, p[0]));
        if (!x || !*x)
            return err_set(e, "a subscription needs %s", p[1]);
    }
    start = cget(r, schema_col(r->ent, "start"));
    end = cget(r, schema_col(r->ent, "end"));
    /* both checked as dates already: YYYY-MM-DD orders as text */
    if (end && *end && strcmp(end, start) < 0)
        return err_set(e, "end %s is before start %s", end, start);
    return 0;
}

/* The entity rules for a new record, after each value was checked. */
static int
entity_rules(struct validator *v, struct crec *out, struct err *e)
{
    const struct entity_def *ent = v->ent;
    const char *x;

    if (ent == &schema_leads) {
        if (!(x = cget(out, v->c_status)) || !*x)
            cset(out, v->c_status, "new");
    } else if (ent == &schema_deals) {
        const struct stage *st;
        if (need_stages(v, e))
            return -1;
        x = cget(out, v->c_stage);
        if (!x || !*x) {
            if (!(st = stages_first(&v->stages)))
                return err_set(e, "stages.csv has no open stage for new deals");
            cset(out, v->c_stage, st->name);
        } else {
            st = stages_find(&v->stages, x);
        }
        x = cget(out, v->c_closed);
        if (st->state != DEAL_OPEN && (!x || !*x)) {
            cset(out, v->c_closed, date_format(v->s->today, v->today));
        } else if (st->state == DEAL_OPEN && x && *x) {
            return err_set(e, "closed is only set on won or lost deals (stage is %s)", st->name);
        }
        x = cget(out, v->c_lost_reason);
        if (x && *x && st->state != DEAL_LOST)
            return err_set(e, "lost_reason is only set on lost deals");
    } else if (ent == &schema_reps) {
        /* a new rep is active: say so in the file (one that has the column) */
        int c_active = schema_col(ent, "active");
        if (in_header(v, "active") && (!(x = cget(out, c_active)) || !*x))
            cset(out, c_active, "yes");
        x = cget(out, v->c_id);
        if (!x || !schema_valid_handle(x))
            return err_set(e,
                           "bad rep id '%s' (a handle: lowercase letters, digits, '.', '_', '-')",
                           x ? x : "");
        int rc = validate_ref(v, ent, x, e);
        if (rc < 0)
            return -1;
        if (rc == 1 || hmap_get(&v->batch, x))
            return err_set(e, "rep '%s' already exists", x);
        const char *m = cget(out, v->c_manager);
        if (m && strcmp(m, x) == 0)
            return err_set(e, "rep '%s' cannot be their own manager", x);
    } else if (ent == &schema_quotas) {
        x = cget(out, v->c_owner);
        if (need_reps(v, e))
            return -1;
        if (x && reps_index(&v->reps, x) < 0 && !reps_is_team(&v->reps, x))
            return err_set(e, "unknown quota owner '%s' (not a rep id nor a team in reps.csv)", x);
    } else if (ent == &schema_subscriptions) {
        return subscription_rules(out, e);
    } else if (ent == &schema_feedback) {
        x = cget(out, schema_col(ent, "score"));
        if (!x || !*x)
            return err_set(e, "feedback needs a score (0-10)");
    }
    return 0;
}

int
validate_new(struct validator *v, const struct fieldset *in, struct fieldset *out, struct err *e)
{
    const struct entity_def *ent = v->ent;

    memset(out, 0, sizeof *out);
    for (size_t i = 0; i < in->n; i++) {
        const char *name = in->names[i];
        int k = schema_col(ent, name);
        char *val;
        if (k >= 0 && ent->cols[k].type == CT_ID && ent->id_prefix) {
            if (*in->values[i]) {
                err_set(e, "id is given by the tool (sales-import keeps ids of your own)");
                goto fail;
            }
            continue;
        }
        if (k >= 0 && strcmp(name, "updated") == 0)
            continue; /* set by the tool */
        if (!(val = validate_value(v, name, in->values[i], e)))
            goto fail;
        fieldset_set(out, name, val);
        free(val);
    }
    if (validate_record(v, out, e))
        goto fail;
    return 0;
fail:
    fieldset_release(out);
    return -1;
}

int
validate_record(struct validator *v, struct fieldset *out, struct err *e)
{
    const struct entity_def *ent = v->ent;
    const char **cv = xcalloc(ent->ncols + 1, sizeof *cv);
    int set[VALIDATE_MAX_SET];
    size_t nset = 0;
    int rc;

    for (size_t i = 0; i < out->n; i++) {
        int k = schema_col(ent, out->names[i]);
        if (k >= 0)
            cv[k] = out->values[i];
    }
    rc = validate_cols(v, cv, set, &nset, e);
    /* what the rules set, set in the same order (the values outlive cv) */
    for (size_t j = 0; j < nset; j++)
        fieldset_set(out, ent->cols[set[j]].name, cv[set[j]]);
    free(cv);
    return rc;
}

/* The indexes of the one_of columns, found once. */
static void
need_one_of(struct validator *v)
{
    char **names;
    if (v->have_one_of)
        return;
    v->have_one_of = 1;
    v->none_of = 0;
    if (!v->ent->one_of)
        return;
    names = str_split(v->ent->one_of, ',');
    for (char **p = names; *p && v->none_of < sizeof v->one_of / sizeof v->one_of[0]; p++)
        v->one_of[v->none_of++] = schema_col(v->ent, *p);
    strv_free(names);
}

int
validate_cols(struct validator *v, const char **cv, int *set, size_t *nset, struct err *e)
{
    const struct entity_def *ent = v->ent;
    struct crec r = {ent, cv, set, 0};

    *nset = 0;
    for (size_t i = 0; i < ent->ncols; i++) {
        const char *x = cv[i];
        if ((ent->cols[i].flags & COL_REQUIRED) && (!x || !*x))
            return err_set(e, "%s is required", ent->cols[i].name);
    }
    if (ent->one_of) {
        int any = 0;
        need_one_of(v);
        for (size_t i = 0; i < v->none_of; i++) {
            const char *x = v->one_of[i] >= 0 ? cv[v->one_of[i]] : NULL;
            any |= x && *x;
        }
        if (!any) {
            char **names = str_split(ent->one_of, ',');
            struct sbuf b = {0};
            for (char **p = names; *p; p++)
                sbuf_addf(&b, "%s%s", p == names ? "" : p[1] ? ", " : " or ", *p);
            err_set(e, "a %s needs at least a %s", ent->singular, b.p);
            sbuf_release(&b);
            strv_free(names);
            return -1;
        }
    }
    int rc = entity_rules(v, &r, e);
    *nset = r.nset;
    if (rc)
        return -1;
    if (ent == &schema_reps)
        hmap_put(&v->batch, cget(&r, v->c_id), NULL);
    return 0;
}
