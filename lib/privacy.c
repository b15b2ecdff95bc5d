/* privacy.c — a person's data: export and erasure (see privacy.h). */
#include "privacy.h"

#include <ctype.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "hmap.h"
#include "jsonio.h"

void
privacy_request_add(struct privacy_request *rq, enum privacy_sel kind, const char *value)
{
    rq->kind = xrealloc(rq->kind, (rq->n + 1) * sizeof *rq->kind);
    rq->value = xrealloc(rq->value, (rq->n + 1) * sizeof *rq->value);
    rq->kind[rq->n] = kind;
    rq->value[rq->n++] = xstrdup(value);
}

void
privacy_request_release(struct privacy_request *rq)
{
    for (size_t i = 0; i < rq->n; i++)
        free(rq->value[i]);
    free(rq->value);
    free(rq->kind);
    memset(rq, 0, sizeof *rq);
}

static void
changes_free(struct privacy_change *v, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        free(v[i].id);
        free(v[i].field);
        free(v[i].value);
    }
    free(v);
}

/* The files that may hold a person's data, in schema order; history.csv
 * is slot NK. */
enum { K_LEADS, K_ACCOUNTS, K_CONTACTS, K_DEALS, K_ACTIVITIES, K_FEEDBACK, NK };

static const struct entity_def *const ents[NK] = {
    &schema_leads, &schema_accounts,   &schema_contacts,
    &schema_deals, &schema_activities, &schema_feedback,
};

/* The personal columns of each (deals: only a value that is the person's
 * name; accounts: only the person's own). */
static const char *const personal[NK][5] = {
    [K_LEADS] = {"name", "email", "phone", "notes", NULL},
    [K_ACCOUNTS] = {"name", "domain", "notes", NULL},
    [K_CONTACTS] = {"name", "email", "phone", "title", NULL},
    [K_DEALS] = {"name", NULL},
    [K_ACTIVITIES] = {"subject", "notes", NULL},
    [K_FEEDBACK] = {"comment", NULL},
};

/* What is known of a record, by entity and id. */
enum {
    R_SELECTED = 1, /* named by --lead or --contact */
    R_PERSON = 2,   /* a lead or contact that is the person */
    R_LINKED = 4,   /* an activity, feedback or deal of the person; their own account */
    R_PRESENT = 8,  /* has a row in its file */
    R_GONE = 16,    /* a record of the person's that is only in history.csv */
    R_CAND = 32,    /* held one of the addresses in history.csv: gone, or here? */
    R_ACCREF = 64,  /* an account the person's contacts or deals belong to */
    R_LISTED = 128, /* gets an erasure row */
};

/* An address of the person's (given, or found on a record of theirs)
 * that a record has been found with. */
enum { EM_MATCHED = 1 };

/* A value of a lead's or contact's email or name field in history.csv. */
struct hval {
    int k;
    char *id, *field, *value;
};

struct merge {
    int k;
    char *drop, *keep;
};

struct plan {
    struct store *s;
    int want_json;
    struct hmap rec[NK];
    struct hmap emails; /* folded -> EM_* */
    struct hmap names;  /* folded */
    size_t npersons;
    struct hval *hv;
    size_t nhv;
    struct merge *mg;
    size_t nmg;
    struct {
        char **ids;
        size_t n;
    } listed[NK]; /* records that get an erasure row, in the order found */
    struct sbuf json[NK + 1];
    size_t njson[NK + 1];
    struct {
        struct privacy_change *v;
        size_t n;
    } chg[NK + 1];        /* the values to replace, per file, in file order */
    char **sel;           /* per selector: the address folded, or the id */
    struct pool redacted; /* deal names with the person's names replaced */
    struct sbuf scratch;
};

/* s without surrounding ASCII space, in ASCII lowercase; in p->scratch. */
static const char *
fold(struct plan *p, const char *s)
{
    size_t n;
    while (*s && isspace((unsigned char)*s))
        s++;
    n = strlen(s);
    while (n && isspace((unsigned char)s[n - 1]))
        n--;
    sbuf_reset(&p->scratch);
    sbuf_add(&p->scratch, s, n);
    for (char *c = p->scratch.p; *c; c++)
        *c = (char)tolower((unsigned char)*c);
    return p->scratch.p;
}

/* The current row's value of a named schema column ("" when the entity
 * or the file has no such column). Borrowed until the next row. */
static const char *
get(const struct table *t, const char *col)
{
    int c = schema_col(t->ent, col);
    return c < 0 ? "" : table_get(t, c);
}

static int64_t
flags(const struct plan *p, int k, const char *id)
{
    const struct hmap_entry *he = hmap_get(&p->rec[k], id);
    return he ? he->v.num : 0;
}

static void
set_flags(struct plan *p, int k, const char *id, int64_t f)
{
    hmap_put(&p->rec[k], id, NULL)->v.num |= f;
}

/* Make (k, id) one of the person's records, with more flags. */
static void
mark_person(struct plan *p, int k, const char *id, int64_t more)
{
    struct hmap_entry *he = hmap_put(&p->rec[k], id, NULL);
    if (!(he->v.num & R_PERSON))
        p->npersons++;
    he->v.num |= R_PERSON | more;
}

static int
in_set(struct plan *p, const struct hmap *m, const char *v)
{
    return *v && hmap_get(m, fold(p, v)) != NULL;
}

/* One of the person's names (not the tombstone of an earlier erasure). */
static void
add_name(struct plan *p, const char *name)
{
    const char *f = fold(p, name);
    if (*f && strcmp(f, PRIVACY_TOMBSTONE) != 0)
        hmap_put(&p->names, f, NULL);
}

static void
list_record(struct plan *p, int k, const char *id)
{
    if (flags(p, k, id) & R_LISTED)
        return;
    set_flags(p, k, id, R_LISTED);
    p->listed[k].ids = xrealloc(p->listed[k].ids, (p->listed[k].n + 1) * sizeof(char *));
    p->listed[k].ids[p->listed[k].n++] = xstrdup(id);
}

static int
entity_slot(const char *name)
{
    for (int k = 0; k < NK; k++)
        if (strcmp(ents[k]->name, name) == 0)
            return k;
    return -1;
}

static int
is_personal(int k, const char *field)
{
    for (const char *const *c = personal[k]; *c; c++)
        if (strcmp(*c, field) == 0)
            return 1;
    return 0;
}

/* The tombstone of a column: empty where the type cannot hold the text. */
static const char *
tombstone(int k, const char *field)
{
    int c = schema_col(ents[k], field);
    if (c >= 0 && (ents[k]->cols[c].type == CT_EMAIL || ents[k]->cols[c].type == CT_PHONE ||
                   ents[k]->cols[c].type == CT_DOMAIN))
        return "";
    return PRIVACY_TOMBSTONE;
}

/* A byte of a word: ASCII letters and digits, and any byte of a UTF-8
 * sequence (so a name is not found inside "Jané"). */
static int
word_byte(char c)
{
    return isalnum((unsigned char)c) || (unsigned char)c >= 0x80;
}

/* The length of the longest of the person's names that stands as a
 * whole word at v[i] (ASCII case ignored), or 0. */
static size_t
name_at(const struct plan *p, const char *v, size_t i, size_t n)
{
    size_t best = 0;
    if (i > 0 && word_byte(v[i - 1]))
        return 0;
    for (size_t s = 0; s < p->names.cap; s++) {
        const char *name = p->names.slots[s].key;
        size_t m = name ? strlen(name) : 0, x = 0;
        if (m <= best || m > n - i || (i + m < n && word_byte(v[i + m])))
            continue;
        while (x < m && tolower((unsigned char)v[i + x]) == (unsigned char)name[x])
            x++;
        if (x == m)
            best = m;
    }
    return best;
}

/* v with each of the person's names in it replaced by the tombstone, or
 * NULL when it holds none. In p->redacted. */
static const char *
redact_names(struct plan *p, const char *v)
{
    struct sbuf b = {0};
    size_t i = 0, n = strlen(v), m;
    const char *r = NULL;
    int hit = 0;
    while (i < n) {
        if ((m = name_at(p, v, i, n)) > 0) {
            sbuf_adds(&b, PRIVACY_TOMBSTONE);
            i += m;
            hit = 1;
        } else {
            sbuf_addc(&b, v[i++]);
        }
    }
    if (hit)
        r = pool_strdup(&p->redacted, b.p);
    sbuf_release(&b);
    return r;
}

/* What value v of field of record (k, flags f) becomes: its tombstone,
 * or for a deal's name the name with the person's names replaced; NULL
 * when it stays. */
static const char *
erased_value(struct plan *p, int k, int64_t f, const char *field, const char *v)
{
    const char *tomb = tombstone(k, field);
    if (!*v || strcmp(v, tomb) == 0 || !is_personal(k, field))
        return NULL;
    switch (k) {
    case K_LEADS:
    case K_CONTACTS:
        if ((f & R_PERSON) || (strcmp(field, "email") == 0 && in_set(p, &p->emails, v)))
            return tomb;
        return NULL;
    case K_DEALS:
        return (f & R_LINKED) ? redact_names(p, v) : NULL;
    default:
        return (f & R_LINKED) ? tomb : NULL;
    }
}

/* The current row of t (slot k): tomb[j] set to what each file column j
 * becomes, NULL where it stays. Returns how many change. */
static size_t
row_tombs(struct plan *p, int k, const struct table *t, const char **tomb)
{
    int64_t f = flags(p, k, get(t, "id"));
    size_t n = 0;
    for (size_t j = 0; j < t->nhead; j++)
        if ((tomb[j] = erased_value(p, k, f, t->head[j], table_cell(t, j))) != NULL)
            n++;
    return n;
}

/* The same for a row of history.csv: tomb[0] for old, tomb[1] for new.
 * *about: the row is about a record of the person or linked to them. */
static size_t
hist_tombs(struct plan *p, const struct table *t, const char **tomb, int *about)
{
    int k = entity_slot(get(t, "entity"));
    size_t n = 0;
    tomb[0] = tomb[1] = NULL;
    *about = 0;
    if (k < 0)
        return 0;
    const char *field = get(t, "field");
    int64_t f = flags(p, k, get(t, "id"));
    *about = (f & (R_PERSON | R_LINKED)) != 0;
    for (int i = 0; i < 2; i++)
        if ((tomb[i] = erased_value(p, k, f, field, get(t, i ? "new" : "old"))) != NULL)
            n++;
    return n;
}

static const char *const file_names[NK + 1] = {
    "leads.csv",      "accounts.csv", "contacts.csv", "deals.csv",
    "activities.csv", "feedback.csv", "history.csv",
};

/* column NULL: the field itself (a data file) */
static void
add_change(struct plan *p, int slot, long line, const char *id, const char *field,
           const char *column, const char *value)
{
    struct privacy_change *c;
    size_t n = p->chg[slot].n;
    if ((n & (n - 1)) == 0)
        p->chg[slot].v = xrealloc(p->chg[slot].v, (n ? 2 * n : 16) * sizeof *c);
    c = &p->chg[slot].v[p->chg[slot].n++];
    c->file = file_names[slot];
    c->line = line;
    c->id = xstrdup(id);
    c->field = xstrdup(field);
    c->column = column ? column : c->field;
    c->value = xstrdup(value);
}

static void
json_row(struct plan *p, int slot, const struct table *t)
{
    struct sbuf *b = &p->json[slot];
    if (!p->want_json)
        return;
    if (p->njson[slot]++)
        sbuf_adds(b, ",\n");
    sbuf_adds(b, "    {");
    for (size_t j = 0; j < t->nhead; j++) {
        if (j)
            sbuf_addc(b, ',');
        jsonio_add_string(b, t->head[j]);
        sbuf_addc(b, ':');
        jsonio_add_string(b, table_cell(t, j));
    }
    sbuf_addc(b, '}');
}

/* A record of the person's, or linked to them, seen in its file: listed
 * in the export, and its personal values planned. */
static void
take_row(struct plan *p, int k, const struct table *t, const char **tomb)
{
    const char *id = get(t, "id");
    json_row(p, k, t);
    if (flags(p, k, id) & R_PERSON)
        list_record(p, k, id);
    if (!row_tombs(p, k, t, tomb))
        return;
    list_record(p, k, id);
    for (size_t j = 0; j < t->nhead; j++)
        if (tomb[j])
            add_change(p, k, table_line(t), id, t->head[j], NULL, tomb[j]);
}

/* ---- the passes ------------------------------------------------------ */

typedef int (*row_fn)(struct plan *p, int k, const struct table *t, const char **tomb,
                      struct err *e);

/* Read slot k's file (NK: history.csv) row by row through fn. */
static int
each_row(struct plan *p, int k, row_fn fn, struct err *e)
{
    struct table *t = store_read(p->s, k == NK ? &schema_history : ents[k], e);
    const char **tomb;
    int r;
    if (!t)
        return -1;
    tomb = xcalloc(t->nhead + 2, sizeof *tomb);
    while ((r = table_next(t, e)) == 1)
        if (fn(p, k, t, tomb, e) < 0) {
            r = -1;
            break;
        }
    free(tomb);
    table_free(t);
    return r;
}

/* Pass 1, leads and contacts: the records named that are here. */
static int
named_row(struct plan *p, int k, const struct table *t, const char **tomb, struct err *e)
{
    const char *id = get(t, "id");
    (void)tomb;
    (void)e;
    if (!(flags(p, k, id) & R_SELECTED))
        return 0;
    mark_person(p, k, id, R_PRESENT);
    return 0; /* its address: pass 3 */
}

/* Pass 2, history.csv: the records named that are gone, the email and
 * name values of leads and contacts, and the merges. */
static int
hist_scan_row(struct plan *p, int unused, const struct table *t, const char **tomb, struct err *e)
{
    int k = entity_slot(get(t, "entity"));
    (void)unused;
    (void)tomb;
    (void)e;
    if (k != K_LEADS && k != K_CONTACTS)
        return 0;
    const char *id = get(t, "id"), *field = get(t, "field");
    int64_t f = flags(p, k, id);
    if ((f & R_SELECTED) && !(f & R_PRESENT))
        mark_person(p, k, id, R_GONE);
    if (strcmp(field, "email") == 0 || strcmp(field, "name") == 0) {
        for (int i = 0; i < 2; i++) {
            const char *v = get(t, i ? "new" : "old");
            if (!*v)
                continue;
            if ((p->nhv & (p->nhv - 1)) == 0)
                p->hv = xrealloc(p->hv, (p->nhv ? 2 * p->nhv : 16) * sizeof *p->hv);
            p->hv[p->nhv++] = (struct hval){k, xstrdup(id), xstrdup(field), xstrdup(v)};
        }
    } else if (!*field) {
        const char *nv = get(t, "new");
        if (strncmp(nv, "merged into ", 12) == 0) {
            if ((p->nmg & (p->nmg - 1)) == 0)
                p->mg = xrealloc(p->mg, (p->nmg ? 2 * p->nmg : 16) * sizeof *p->mg);
            p->mg[p->nmg++] = (struct merge){k, xstrdup(id), xstrdup(nv + 12)};
        }
    }
    return 0;
}

/* Pass 3, leads and contacts: the records with one of the addresses,
 * and the addresses of the person's records. */
static int
email_row(struct plan *p, int k, const struct table *t, const char **tomb, struct err *e)
{
    const char *id = get(t, "id");
    const char *email = get(t, "email");
    int64_t f = flags(p, k, id);
    struct hmap_entry *he;
    (void)tomb;
    (void)e;
    if (f & (R_CAND | R_PERSON)) /* it is here */
        set_flags(p, k, id, R_PRESENT);
    if (!*email)
        return 0;
    if ((he = hmap_get(&p->emails, fold(p, email))) != NULL) {
        he->v.num |= EM_MATCHED;
        mark_person(p, k, id, R_PRESENT);
    } else if (f & R_PERSON) {
        hmap_put(&p->emails, fold(p, email), NULL);
    }
    return 0;
}

/* The row taken (take_row); with account, the account it names is marked
 * as one the person's records refer to. */
static void
take_row_and_account(struct plan *p, int k, const struct table *t, const char **tomb,
                     int account)
{
    const char *acc = account ? get(t, "account") : "";
    if (*acc)
        set_flags(p, K_ACCOUNTS, acc, R_ACCREF);
    take_row(p, k, t, tomb);
}

/* Pass 4, leads and contacts: the person's records. */
static int
person_row(struct plan *p, int k, const struct table *t, const char **tomb, struct err *e)
{
    const char *id = get(t, "id");
    (void)e;
    if (!(flags(p, k, id) & R_PERSON))
        return 0;
    add_name(p, get(t, "name"));
    take_row_and_account(p, k, t, tomb, k == K_CONTACTS);
    return 0;
}

static int
is_person(const struct plan *p, int k, const char *id)
{
    return *id && (flags(p, k, id) & R_PERSON);
}

/* Pass 5: deals, activities, feedback that refer to the person. */
static int
linked_row(struct plan *p, int k, const struct table *t, const char **tomb, struct err *e)
{
    (void)e;
    if (!(is_person(p, K_LEADS, get(t, "lead")) || is_person(p, K_CONTACTS, get(t, "contact"))))
        return 0;
    set_flags(p, k, get(t, "id"), R_LINKED | R_PRESENT);
    take_row_and_account(p, k, t, tomb, k == K_DEALS);
    return 0;
}

/* Pass 6: the person's own accounts. */
static int
account_row(struct plan *p, int k, const struct table *t, const char **tomb, struct err *e)
{
    const char *id = get(t, "id");
    (void)e;
    if (!(flags(p, k, id) & R_ACCREF) || !in_set(p, &p->names, get(t, "name")))
        return 0;
    set_flags(p, k, id, R_LINKED | R_PRESENT);
    take_row(p, k, t, tomb);
    return 0;
}

/* Pass 7, history.csv: the rows about those records, and the values to
 * replace in them. */
static int
hist_row(struct plan *p, int slot, const struct table *t, const char **tomb, struct err *e)
{
    int about;
    size_t n = hist_tombs(p, t, tomb, &about);
    (void)e;
    if (!about && !n)
        return 0;
    json_row(p, slot, t);
    int k = entity_slot(get(t, "entity"));
    const char *id = get(t, "id"), *field = get(t, "field");
    if (n || (flags(p, k, id) & R_PERSON))
        list_record(p, k, id);
    for (int i = 0; i < 2; i++)
        if (tomb[i])
            add_change(p, slot, table_line(t), id, field, i ? "new" : "old", tomb[i]);
    return 0;
}

static void
plan_release(struct plan *p)
{
    for (int k = 0; k < NK; k++) {
        hmap_release(&p->rec[k]);
        for (size_t i = 0; i < p->listed[k].n; i++)
            free(p->listed[k].ids[i]);
        free(p->listed[k].ids);
    }
    for (int k = 0; k <= NK; k++)
        sbuf_release(&p->json[k]);
    hmap_release(&p->emails);
    hmap_release(&p->names);
    for (size_t i = 0; i < p->nhv; i++) {
        free(p->hv[i].id);
        free(p->hv[i].field);
        free(p->hv[i].value);
    }
    free(p->hv);
    for (size_t i = 0; i < p->nmg; i++) {
        free(p->mg[i].drop);
        free(p->mg[i].keep);
    }
    free(p->mg);
    for (int k = 0; k <= NK; k++)
        changes_free(p->chg[k].v, p->chg[k].n);
    for (size_t i = 0; p->sel && p->sel[i]; i++)
        free(p->sel[i]);
    free(p->sel);
    pool_release(&p->redacted);
    sbuf_release(&p->scratch);
}

/* The selectors, checked and noted. */
static int
plan_selectors(struct plan *p, const struct privacy_request *rq, struct err *e)
{
    const struct column_def *email = &schema_leads.cols[schema_col(&schema_leads, "email")];
    if (!rq->n)
        return err_set(e, "no selector (--email, --lead or --contact)");
    p->sel = xcalloc(rq->n + 1, sizeof *p->sel);
    for (size_t i = 0; i < rq->n; i++) {
        const char *v = rq->value[i];
        if (rq->kind[i] == PRIVACY_EMAIL) {
            char *norm = schema_normalize(email, v, &p->s->vc, e);
            if (!norm)
                return -1;
            p->sel[i] = xstrdup(fold(p, norm));
            free(norm);
            hmap_put(&p->emails, p->sel[i], NULL);
        } else {
            p->sel[i] = xstrdup(v);
            int k = rq->kind[i] == PRIVACY_LEAD ? K_LEADS : K_CONTACTS;
            if (schema_id_number(v, ents[k]->id_prefix) < 0)
                return err_set(e, "bad %s id '%s' (expected %c and a number, e.g. %c12)",
                               ents[k]->singular, v, ents[k]->id_prefix, ents[k]->id_prefix);
            set_flags(p, k, v, R_SELECTED);
        }
    }
    return 0;
}

/* Who the person is: the records named, then, until nothing more is
 * found, the records with one of the person's addresses (in the files,
 * or in history.csv for a record no longer in its file), the addresses
 * of those records, and the records merged with one of them. Every
 * selector must have matched. */
static int
plan_person(struct plan *p, const struct privacy_request *rq, struct err *e)
{
    if (each_row(p, K_LEADS, named_row, e) || each_row(p, K_CONTACTS, named_row, e) ||
        each_row(p, NK, hist_scan_row, e))
        return -1;
    for (;;) {
        size_t persons = p->npersons, addresses = p->emails.len;
        for (size_t i = 0; i < p->nhv; i++) {
            struct hval *h = &p->hv[i];
            int64_t f = flags(p, h->k, h->id);
            if (strcmp(h->field, "email") != 0)
                continue;
            if ((f & R_PERSON) && (f & R_GONE)) /* all a gone record has */
                hmap_put(&p->emails, fold(p, h->value), NULL);
            else if (!(f & (R_PERSON | R_PRESENT)) && in_set(p, &p->emails, h->value))
                set_flags(p, h->k, h->id, R_CAND); /* gone, unless pass 3 finds it */
        }
        if (each_row(p, K_LEADS, email_row, e) || each_row(p, K_CONTACTS, email_row, e))
            return -1;
        for (size_t i = 0; i < p->nhv; i++) {
            struct hval *h = &p->hv[i];
            int64_t f = flags(p, h->k, h->id);
            struct hmap_entry *he;
            if (strcmp(h->field, "email") == 0 && (f & R_CAND) && !(f & R_PRESENT) &&
                (he = hmap_get(&p->emails, fold(p, h->value))) != NULL) {
                he->v.num |= EM_MATCHED;
                mark_person(p, h->k, h->id, R_GONE);
            }
        }
        for (int more = 1; more;) { /* a merge joins two records of one person */
            more = 0;
            for (size_t i = 0; i < p->nmg; i++) {
                struct merge *m = &p->mg[i];
                if ((flags(p, m->k, m->keep) ^ flags(p, m->k, m->drop)) & R_PERSON) {
                    mark_person(p, m->k, m->keep, 0);
                    mark_person(p, m->k, m->drop, 0);
                    more = 1;
                }
            }
        }
        for (int x = 0; x < 2; x++) /* pass 3 has seen every record that is here */
            for (size_t i = 0; i < p->rec[x ? K_CONTACTS : K_LEADS].cap; i++) {
                struct hmap_entry *he = &p->rec[x ? K_CONTACTS : K_LEADS].slots[i];
                if (he->key && (he->v.num & R_PERSON) && !(he->v.num & R_PRESENT))
                    he->v.num |= R_GONE;
            }
        if (p->npersons == persons && p->emails.len == addresses)
            break;
    }
    for (size_t i = 0; i < rq->n; i++) {
        const char *v = rq->value[i];
        if (rq->kind[i] == PRIVACY_EMAIL) {
            if (!(hmap_get(&p->emails, p->sel[i])->v.num & EM_MATCHED))
                return err_set(e, "no lead or contact has the email '%s'", v);
        } else {
            int k = rq->kind[i] == PRIVACY_LEAD ? K_LEADS : K_CONTACTS;
            if (!(flags(p, k, v) & R_PERSON))
                return err_set(e, "unknown %s '%s' (not in %s.csv or history.csv)",
                               ents[k]->singular, v, ents[k]->name);
        }
    }
    /* the person's names, as history.csv has them too */
    for (size_t i = 0; i < p->nhv; i++)
        if (strcmp(p->hv[i].field, "name") == 0 && (flags(p, p->hv[i].k, p->hv[i].id) & R_PERSON))
            add_name(p, p->hv[i].value);
    return 0;
}

/* The whole plan: who, what is linked, what to replace. */
static int
plan_build(struct plan *p, const struct privacy_request *rq, struct err *e)
{
    if (plan_selectors(p, rq, e) || plan_person(p, rq, e))
        return -1;
    if (each_row(p, K_LEADS, person_row, e) || each_row(p, K_CONTACTS, person_row, e) ||
        each_row(p, K_DEALS, linked_row, e) || each_row(p, K_ACCOUNTS, account_row, e) ||
        each_row(p, K_ACTIVITIES, linked_row, e) || each_row(p, K_FEEDBACK, linked_row, e) ||
        each_row(p, NK, hist_row, e))
        return -1;
    return 0;
}

int
privacy_export(struct store *s, const struct privacy_request *rq, struct sbuf *out, struct err *e)
{
    struct plan p = {0};
    int rc = -1;
    p.s = s;
    p.want_json = 1;
    if (plan_build(&p, rq, e))
        goto out;
    sbuf_adds(out, "{\n");
    for (int k = 0; k <= NK; k++) {
        sbuf_addf(out, "  \"%s\": [", k == NK ? "history" : ents[k]->name);
        if (p.njson[k])
            sbuf_addf(out, "\n%s\n  ]", p.json[k].p);
        else
            sbuf_addc(out, ']');
        sbuf_adds(out, k == NK ? "\n" : ",\n");
    }
    sbuf_adds(out, "}\n");
    rc = 0;
out:
    plan_release(&p);
    return rc;
}

/* ---- the erasure ------------------------------------------------------ */

struct apply {
    struct plan *p;
    int slot;
    size_t done;
    const char **tomb;
};

/* Each row of a file as it is rewritten: the values planned replaced,
 * directly (edit_set would record the old value in history.csv). */
static int
apply_row(void *vctx, struct edit *ed, struct err *e)
{
    struct apply *a = vctx;
    size_t n;
    if (!ed) { /* under the lock the file is the one planned: a check */
        if (a->done != a->p->chg[a->slot].n)
            return err_set(e, "internal error: %s: %zu values to erase, %zu planned",
                           file_names[a->slot], a->done, a->p->chg[a->slot].n);
        return 0;
    }
    if (!a->tomb)
        a->tomb = xcalloc(ed->t->nhead + 2, sizeof *a->tomb);
    if (a->slot == NK) {
        int about;
        n = hist_tombs(a->p, ed->t, a->tomb, &about);
        for (int i = 0; i < 2; i++)
            if (a->tomb[i])
                ed->set[table_find(ed->t, i ? "new" : "old")] = xstrdup(a->tomb[i]);
    } else {
        n = row_tombs(a->p, a->slot, ed->t, a->tomb);
        for (size_t j = 0; j < ed->t->nhead && n; j++)
            if (a->tomb[j])
                ed->set[j] = xstrdup(a->tomb[j]);
    }
    a->done += n;
    return 0;
}

int
privacy_erase(struct store *s, const struct privacy_request *rq, privacy_report_fn report, void *ctx, struct err *e)
{
    struct plan p = {0};
    struct privacy_change *all;
    size_t total = 0;
    int rc = -1;
    p.s = s;
    if (store_lock(s, e))
        return -1;
    if (plan_build(&p, rq, e))
        goto out;
    /* the lists, one after the other, for the report */
    for (int k = 0; k <= NK; k++)
        total += p.chg[k].n;
    all = xcalloc(total + 1, sizeof *all);
    total = 0;
    for (int k = 0; k <= NK; k++)
        if (p.chg[k].n) { /* (v may be NULL then) */
            memcpy(all + total, p.chg[k].v, p.chg[k].n * sizeof *all);
            total += p.chg[k].n;
        }
    rc = report(ctx, all, total, e);
    free(all);
    if (rc || !total)
        goto out;
    rc = -1;
    for (int k = 0; k <= NK; k++) {
        struct apply a = {&p, k, 0, NULL};
        if (!p.chg[k].n)
            continue;
        int r = store_rewrite(s, k == NK ? &schema_history : ents[k], apply_row, &a, NULL, 0, e);
        free(a.tomb);
        if (r)
            goto out;
    }
    for (int k = 0; k < NK; k++)
        for (size_t i = 0; i < p.listed[k].n; i++)
            store_history(s, ents[k]->name, p.listed[k].ids[i], "", "", "erased");
    rc = store_commit(s, e);
out:
    plan_release(&p);
    return rc;
}
