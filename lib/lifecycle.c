/* lifecycle.c — stage moves, lead conversion, records set by key (quotas,
 * budget lines), ending subscriptions (see lifecycle.h). */
#include "lifecycle.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "dedupe.h"
#include "text.h"

/* ---- deals ------------------------------------------------------------ */

int
deal_apply_stage(struct store *s, struct edit *ed, const struct stages *stages,
                 const struct stage *to, sdate date, const char *reason, int reopen,
                 struct err *e)
{
    const char *id = edit_get(ed, "id"), *cur = edit_get(ed, "stage");
    const struct stage *from = stages_find(stages, cur);
    char buf[DATE_BUFSZ];

    if (from && from->state != DEAL_OPEN && from != to && !reopen && to->state != DEAL_OPEN)
        /* a lost deal won after all (or the other way): an outcome, deal-close's */
        return err_set(e, "deal %s is %s; to record it %s after all, use deal-close --reopen %s %s",
                       id, from->name, to->name, id, to->name);
    if (from && from->state != DEAL_OPEN && from != to && !reopen)
        return err_set(e, "deal %s is %s; use deal-move --reopen to move it to %s", id, from->name,
                       to->name);
    if (reason && *reason && to->state != DEAL_LOST)
        return err_set(e, "a lost reason is only for lost deals");
    if (edit_set(s, ed, "stage", to->name, e))
        return -1;
    if (to->state != DEAL_OPEN) {
        if (from == to && !reopen && *edit_get(ed, "closed") && date == DATE_NONE) {
            /* closing a closed deal again keeps its date unless one is given */
        } else if (edit_set(s, ed, "closed",
                            date_format(date == DATE_NONE ? s->today : date, buf), e)) {
            return -1;
        }
        if (to->state == DEAL_LOST && reason && edit_set(s, ed, "lost_reason", reason, e))
            return -1;
        if (to->state == DEAL_WON && *edit_get(ed, "lost_reason") &&
            edit_set(s, ed, "lost_reason", "", e))
            return -1;
    } else if (from && from->state != DEAL_OPEN) {
        if (edit_set(s, ed, "closed", "", e) || edit_set(s, ed, "lost_reason", "", e))
            return -1;
    }
    return 0;
}

struct move_ctx {
    struct store *s;
    const char *id;
    struct stages *stages;
    const struct stage *to;
    sdate date;
    const char *reason;
    int reopen, found;
};

static int
move_row(void *vctx, struct edit *ed, struct err *e)
{
    struct move_ctx *m = vctx;
    char ts[TS_BUFSZ];
    if (!ed)
        return m->found ? 0 : err_set(e, "unknown deal '%s' (not in deals.csv)", m->id);
    if (strcmp(edit_get(ed, "id"), m->id) != 0)
        return 0;
    m->found = 1;
    if (deal_apply_stage(m->s, ed, m->stages, m->to, m->date, m->reason, m->reopen, e))
        return -1;
    if (table_find(ed->t, "updated") >= 0)
        return edit_set(m->s, ed, "updated", ts_format(m->s->now, ts), e);
    return 0;
}

int
deal_move(struct store *s, const char *id, const char *stage, sdate date, const char *reason,
          int reopen, struct err *e)
{
    struct stages st;
    struct move_ctx m = {s, id, &st, NULL, date, reason, reopen, 0};
    int rc = -1;

    if (store_lock(s, e) || stages_load(s, &st, e))
        return -1;
    if (!(m.to = stages_find(&st, stage))) {
        struct sbuf names = {0};
        err_set(e, "unknown stage '%s' (stages: %s)", stage, stages_names(&st, &names));
        sbuf_release(&names);
        goto out;
    }
    if (store_rewrite(s, &schema_deals, move_row, &m, NULL, 0, e))
        goto out;
    rc = store_commit(s, e);
out:
    stages_release(&st);
    return rc;
}

/* ---- leads ------------------------------------------------------------ */

/* The lead, as a fieldset of its columns. 1 found, 0 not, -1 error. */
static int
read_lead(struct store *s, const char *id, struct fieldset *lead, long *line, struct err *e)
{
    struct table *t = store_read(s, &schema_leads, e);
    int rc;
    if (!t)
        return -1;
    while ((rc = table_next(t, e)) == 1) {
        if (strcmp(table_get(t, schema_col(&schema_leads, "id")), id) != 0)
            continue;
        for (size_t i = 0; i < schema_leads.ncols; i++)
            fieldset_set(lead, schema_leads.cols[i].name, table_get(t, (int)i));
        *line = table_line(t);
        break;
    }
    table_free(t);
    return rc;
}

/* Find an account by domain (case-insensitive), or by name (text_fold:
 * "MÜLLER GmbH" is "Müller GmbH"). */
static int
find_account(struct store *s, const char *domain, const char *name, char *out, size_t n,
             struct err *e)
{
    struct table *t = store_read(s, &schema_accounts, e);
    int rc, c_id = schema_col(&schema_accounts, "id"),
            c_dom = schema_col(&schema_accounts, "domain"),
            c_name = schema_col(&schema_accounts, "name");
    if (!t)
        return -1;
    while ((rc = table_next(t, e)) == 1) {
        if ((domain && str_eq_ci(table_get(t, c_dom), domain)) ||
            (name && *name && text_fold_eq(table_get(t, c_name), name))) {
            snprintf(out, n, "%s", table_get(t, c_id));
            break;
        }
    }
    table_free(t);
    return rc;
}

static int
find_contact(struct store *s, const char *account, const char *email, char *out, size_t n,
             struct err *e)
{
    struct table *t;
    int rc, c_id = schema_col(&schema_contacts, "id"),
            c_acc = schema_col(&schema_contacts, "account"),
            c_mail = schema_col(&schema_contacts, "email");
    if (!email || !*email)
        return 0;
    if (!(t = store_read(s, &schema_contacts, e)))
        return -1;
    while ((rc = table_next(t, e)) == 1)
        if (str_eq_ci(table_get(t, c_mail), email) && strcmp(table_get(t, c_acc), account) == 0) {
            snprintf(out, n, "%s", table_get(t, c_id));
            break;
        }
    table_free(t);
    return rc;
}

/* Validate rec for ent, give it an id and created/updated, and append it. */
static int
add_one(struct store *s, const struct entity_def *ent, const struct fieldset *in, char *id,
        size_t idn, struct err *e)
{
    struct validator v;
    struct fieldset out;
    long long first;
    char buf[TS_BUFSZ];
    int rc = -1;

    if (validator_init(&v, s, ent, e))
        return -1;
    if (validate_new(&v, in, &out, e))
        goto out;
    if (store_alloc_ids(s, ent, 1, &first, e))
        goto out2;
    snprintf(id, idn, "%c%lld", ent->id_prefix, first);
    fieldset_set(&out, "id", id);
    if (schema_col(ent, "created") >= 0 && !fieldset_get(&out, "created"))
        fieldset_set(&out, "created", ts_format(s->now, buf));
    if (schema_col(ent, "updated") >= 0)
        fieldset_set(&out, "updated", ts_format(s->now, buf));
    rc = store_append(s, ent, &out, 1, e);
out2:
    fieldset_release(&out);
out:
    validator_release(&v);
    return rc;
}

struct convert_ctx {
    struct store *s;
    const char *id;
};

static int
mark_converted(void *vctx, struct edit *ed, struct err *e)
{
    struct convert_ctx *c = vctx;
    char ts[TS_BUFSZ];
    if (!ed || strcmp(edit_get(ed, "id"), c->id) != 0)
        return 0;
    if (edit_set(c->s, ed, "status", "converted", e))
        return -1;
    if (table_find(ed->t, "updated") >= 0)
        return edit_set(c->s, ed, "updated", ts_format(c->s->now, ts), e);
    return 0;
}

int
lead_convert(struct store *s, const char *lead_id, const struct convert_opts *o,
             struct convert_result *res, struct err *e)
{
    struct fieldset lead = {0}, acc = {0}, con = {0}, deal = {0};
    const char *domain, *company, *name, *email, *status, *owner;
    char dombuf[256];
    long line = 0;
    int rc = -1, found;

    memset(res, 0, sizeof *res);
    if (store_lock(s, e))
        return -1;
    if ((found = read_lead(s, lead_id, &lead, &line, e)) < 0)
        goto out;
    if (!found) {
        err_set(e, "unknown lead '%s' (not in leads.csv)", lead_id);
        goto out;
    }
    status = fieldset_get(&lead, "status");
    if (strcmp(status, "converted") == 0 || strcmp(status, "disqualified") == 0) {
        err_set(e, "lead %s is %s", lead_id, status);
        goto out;
    }
    company = fieldset_get(&lead, "company");
    name = fieldset_get(&lead, "name");
    email = fieldset_get(&lead, "email");
    owner = o->owner ? o->owner : fieldset_get(&lead, "owner");
    domain = *email ? dedupe_company_domain(email, dombuf, sizeof dombuf) : NULL;
    if (!*company && !*name) {
        err_set(e, "lead %s has neither a name nor a company to name the account", lead_id);
        goto out;
    }

    /* the account: reuse one with the same domain, or the same company name */
    if (find_account(s, domain, *company ? company : NULL, res->account, sizeof res->account, e) <
        0)
        goto out;
    if (*res->account) {
        res->account_reused = 1;
    } else {
        fieldset_set(&acc, "name", *company ? company : name);
        if (domain)
            fieldset_set(&acc, "domain", domain);
        fieldset_set(&acc, "segment", fieldset_get(&lead, "segment"));
        fieldset_set(&acc, "owner", owner);
        if (add_one(s, &schema_accounts, &acc, res->account, sizeof res->account, e))
            goto out;
    }

    /* the contact: the person of the lead, unless the account has them */
    if (*name || *email) {
        if (find_contact(s, res->account, email, res->contact, sizeof res->contact, e) < 0)
            goto out;
        if (*res->contact) {
            res->contact_reused = 1;
        } else {
            fieldset_set(&con, "account", res->account);
            fieldset_set(&con, "name", *name ? name : email);
            fieldset_set(&con, "email", email);
            fieldset_set(&con, "phone", fieldset_get(&lead, "phone"));
            if (add_one(s, &schema_contacts, &con, res->contact, sizeof res->contact, e))
                goto out;
        }
    }

    if (!o->no_deal) {
        struct sbuf dn = {0};
        if (o->deal_name)
            sbuf_adds(&dn, o->deal_name);
        else
            sbuf_addf(&dn, "%s", *company ? company : name);
        fieldset_set(&deal, "name", dn.p);
        sbuf_release(&dn);
        fieldset_set(&deal, "account", res->account);
        fieldset_set(&deal, "contact", res->contact);
        fieldset_set(&deal, "lead", lead_id);
        fieldset_set(&deal, "owner", owner);
        fieldset_set(&deal, "segment", fieldset_get(&lead, "segment"));
        fieldset_set(&deal, "source", fieldset_get(&lead, "source"));
        fieldset_set(&deal, "type", "new");
        if (o->amount)
            fieldset_set(&deal, "amount", o->amount);
        if (o->close)
            fieldset_set(&deal, "close", o->close);
        if (o->stage)
            fieldset_set(&deal, "stage", o->stage);
        if (add_one(s, &schema_deals, &deal, res->deal, sizeof res->deal, e))
            goto out;
    }

    /* last, the one rewrite: a failure before it leaves only appends to undo */
    struct convert_ctx cc = {s, lead_id};
    if (store_rewrite(s, &schema_leads, mark_converted, &cc, NULL, 0, e))
        goto out;
    rc = store_commit(s, e);
out:
    fieldset_release(&lead);
    fieldset_release(&acc);
    fieldset_release(&con);
    fieldset_release(&deal);
    return rc;
}

/* ---- records set by their key: quotas, budget lines ------------------ */

/* The record's value of key column i ("" when not given). */
static const char *
rec_key(const struct fieldset *rec, const struct entity_def *ent, size_t i)
{
    const char *x = fieldset_get(rec, ent->cols[i].name);
    return x ? x : "";
}

struct keyed_ctx {
    struct store *s;
    const struct entity_def *ent;
    const struct fieldset *rec; /* checked and normalised */
    int found;
};

static int
keyed_row(void *vctx, struct edit *ed, struct err *e)
{
    struct keyed_ctx *q = vctx;
    const struct entity_def *ent = q->ent;
    if (!ed)
        return 0;
    for (size_t i = 0; i < ent->ncols; i++)
        if ((ent->cols[i].flags & COL_KEY) &&
            strcmp(edit_get(ed, ent->cols[i].name), rec_key(q->rec, ent, i)) != 0)
            return 0;
    if (q->found) { /* a second row for the same key: the later one goes */
        ed->drop = 1;
        store_history(q->s, ent->name, table_key(ed->t), "", "", "deleted duplicate");
        return 0;
    }
    q->found = 1;
    for (size_t i = 0; i < ent->ncols; i++) {
        const char *x = fieldset_get(q->rec, ent->cols[i].name);
        if (!(ent->cols[i].flags & COL_KEY) && x && edit_set(q->s, ed, ent->cols[i].name, x, e))
            return -1;
    }
    return 0;
}

int
record_set(struct store *s, const struct entity_def *ent, const struct fieldset *in, struct err *e)
{
    struct validator v;
    struct fieldset out = {0};
    struct keyed_ctx q = {s, ent, &out, 0};
    int rc = -1;

    if (store_lock(s, e))
        return -1;
    if (validator_init(&v, s, ent, e))
        return -1;
    if (validate_new(&v, in, &out, e))
        goto out;
    /* the file is small: a scan tells a replacement (a rewrite) from a new
     * record (an append), so there is one row per key */
    struct table *t = store_read(s, ent, e);
    int r = 0, exists = 0;
    if (!t)
        goto out;
    while (!exists && (r = table_next(t, e)) == 1) {
        exists = 1;
        for (size_t i = 0; i < ent->ncols; i++)
            if ((ent->cols[i].flags & COL_KEY) &&
                strcmp(table_get(t, (int)i), rec_key(&out, ent, i)))
                exists = 0;
    }
    table_free(t);
    if (!exists && r < 0)
        goto out;
    if (exists) {
        if (store_rewrite(s, ent, keyed_row, &q, NULL, 0, e))
            goto out;
    } else {
        struct sbuf key = {0};
        if (store_append(s, ent, &out, 1, e))
            goto out;
        /* named as store_key names the row */
        for (size_t i = 0; i < ent->ncols; i++)
            if (ent->cols[i].flags & COL_KEY) {
                if (key.len)
                    sbuf_addc(&key, '/');
                sbuf_adds(&key, rec_key(&out, ent, i));
            }
        for (size_t i = 0; i < ent->ncols; i++) {
            const char *x = fieldset_get(&out, ent->cols[i].name);
            if (!(ent->cols[i].flags & COL_KEY) && x && *x)
                store_history(s, ent->name, key.p, ent->cols[i].name, "", x);
        }
        sbuf_release(&key);
    }
    rc = store_commit(s, e);
out:
    fieldset_release(&out);
    validator_release(&v);
    return rc;
}

int
quota_set(struct store *s, const char *owner, const char *period, const char *amount, struct err *e)
{
    struct fieldset in = {0};
    money_t m;
    int rc;
    if (money_parse(amount, &m) == 0 && m < 0)
        return err_set(e, "bad amount '%s' (a quota must be positive)", amount);
    fieldset_set(&in, "owner", owner);
    fieldset_set(&in, "period", period);
    fieldset_set(&in, "amount", amount);
    rc = record_set(s, &schema_quotas, &in, e);
    fieldset_release(&in);
    return rc;
}

/* ---- subscriptions ---------------------------------------------------- */

struct subend_ctx {
    struct store *s;
    const char *id;
    sdate date;
    int found;
};

static int
subend_row(void *vctx, struct edit *ed, struct err *e)
{
    struct subend_ctx *q = vctx;
    const char *sv, *ev;
    sdate start, end;
    char buf[DATE_BUFSZ];

    if (!ed)
        return q->found ? 0
                        : err_set(e, "unknown subscription '%s' (not in subscriptions.csv)", q->id);
    if (strcmp(edit_get(ed, "id"), q->id) != 0)
        return 0;
    q->found = 1;
    sv = edit_get(ed, "start");
    ev = edit_get(ed, "end");
    if (date_parse(sv, &start))
        return err_set(e, "subscription %s has no start date to end it after (start '%s')", q->id,
                       sv);
    if (*ev && date_parse(ev, &end))
        return err_set(e, "subscription %s has a bad end '%s'", q->id, ev);
    if (*ev && end <= q->s->today) /* over on its end date (subscription_active) */
        return err_set(e, "subscription %s ended on %s", q->id, ev);
    if (q->date < start)
        return err_set(e, "subscription %s: end %s is before its start %s", q->id,
                       date_format(q->date, buf), sv);
    return edit_set(q->s, ed, "end", date_format(q->date, buf), e);
}

int
subscription_end(struct store *s, const char *id, sdate date, struct err *e)
{
    struct subend_ctx q = {s, id, date == DATE_NONE ? s->today : date, 0};
    if (store_lock(s, e))
        return -1;
    if (store_rewrite(s, &schema_subscriptions, subend_row, &q, NULL, 0, e))
        return -1;
    return store_commit(s, e);
}
