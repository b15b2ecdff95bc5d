/* dedupe.c — duplicate candidates and merges (see dedupe.h). */
#include "dedupe.h"

#include <ctype.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "hmap.h"
#include "text.h"

/* ---- normalisers -------------------------------------------------------- */

/* text_fold's form, newly allocated (with strip, no accents); NULL on
 * bad UTF-8. */
static char *
fold(const char *s, int strip)
{
    struct sbuf b = {0};
    if (text_fold(s, strip ? TEXT_FOLD_UNACCENT : 0, &b) < 0) {
        sbuf_release(&b);
        return NULL;
    }
    return b.p;
}

char *
dedupe_email(const char *s)
{
    char *r = fold(s, 0), *at; /* trimmed, too */
    const char *dom;
    if (!r)
        return NULL;
    if (!(dom = email_domain(r))) {
        free(r);
        return NULL;
    }
    at = r + (dom - 1 - r);
    if (!strcmp(at + 1, "gmail.com") || !strcmp(at + 1, "googlemail.com")) {
        struct sbuf b = {0};
        for (char *p = r; p < at && *p != '+'; p++)
            if (*p != '.')
                sbuf_addc(&b, *p);
        sbuf_adds(&b, "@gmail.com");
        free(r);
        return b.p;
    }
    return r;
}

char *
dedupe_phone(const char *s, int *international)
{
    struct sbuf b = {0};
    const char *p = s;
    while (*p == ' ' || *p == '\t')
        p++;
    *international = *p == '+';
    for (; *p; p++) {
        if (*p == 'x' || *p == 'X' || (*p == 'e' && strncmp(p, "ext", 3) == 0))
            break; /* an extension */
        if (isdigit((unsigned char)*p))
            sbuf_addc(&b, *p);
    }
    if (!b.p)
        return NULL;
    char *d = b.p;
    if (!*international && strncmp(d, "00", 2) == 0) {
        *international = 1;
        memmove(d, d + 2, strlen(d + 2) + 1);
    } else if (!*international && d[0] == '0') {
        memmove(d, d + 1, strlen(d)); /* the trunk prefix */
    }
    if (strlen(d) < 7) {
        free(d);
        return NULL;
    }
    return d;
}

int
dedupe_phone_match(const char *a, int intl_a, const char *b, int intl_b)
{
    if (strcmp(a, b) == 0)
        return 1;
    if (intl_a == intl_b)
        return 0;
    const char *in = intl_a ? a : b, *nat = intl_a ? b : a;
    size_t li = strlen(in), ln = strlen(nat);
    return li > ln && li - ln <= 3 && strcmp(in + (li - ln), nat) == 0;
}

/* The words of s (text_fold, accents dropped): every character that is
 * not a letter or digit a space, runs of spaces one. For a company, dots
 * and apostrophes go without a space ("S.A." is "sa", "O'Neil" "oneil")
 * and '&' is the word "and". NULL when nothing is left. */
static char *
words(const char *s, int company)
{
    char *f = fold(s, 1);
    struct sbuf b = {0};
    if (!f)
        return NULL;
    for (char *p = f; *p; p++) {
        unsigned char c = (unsigned char)*p;
        if (c >= 0x80 || isalnum(c)) {
            sbuf_addc(&b, (char)c);
        } else if (company && (c == '.' || c == '\'')) {
            continue;
        } else {
            if (b.len && b.p[b.len - 1] != ' ')
                sbuf_addc(&b, ' ');
            if (company && c == '&')
                sbuf_adds(&b, "and ");
        }
    }
    free(f);
    while (b.len && b.p[b.len - 1] == ' ')
        b.p[--b.len] = '\0';
    if (!b.len) {
        sbuf_release(&b);
        return NULL;
    }
    return b.p;
}

char *
dedupe_text(const char *s)
{
    return words(s, 0);
}

/* s without the word w wherever it stands (s: space-separated words). */
static void
drop_word(char *s, const char *w)
{
    size_t n = strlen(w);
    char *p = s;
    while ((p = strstr(p, w)) != NULL) {
        int start = p == s || p[-1] == ' ', end = p[n] == ' ' || p[n] == '\0';
        if (!start || !end) {
            p += n;
            continue;
        }
        size_t skip = p[n] == ' ' ? n + 1 : n;
        if (!p[n] && p > s) /* the last word: its space before goes too */
            p--, skip++;
        memmove(p, p + skip, strlen(p + skip) + 1);
    }
}

static int
ends_with(const char *s, const char *x)
{
    size_t a = strlen(s), b = strlen(x);
    return a > b && strcmp(s + a - b, x) == 0;
}

char *
dedupe_company(const char *s)
{
    /* legal forms that are words of their own, compared after words() */
    static const char *const forms[] = {
        "inc",  "incorporated", "llc", "llp", "lp",  "ltd", "limited", "gmbh", "ag", "sa",
        "sas",  "sarl",  "sl",  "slu", "bv",  "nv",  "plc", "co", "corp", "corporation",
        "company", "cie", "cia", "kg", "ohg", "ug", "ev", "oy", "oyj", "ab", "as", "asa",
        "aps", "srl", "spa", "pty", "pte", "kk", "se", "ltda", "sro", "kft", "zrt", "bhd",
        "sdn", NULL};
    /* written without spaces (Chinese, Japanese, Korean): the longest first */
    static const char *const suffixes[] = {
        "股份有限公司", "有限责任公司", "有限責任公司", "有限公司", "株式会社",
        "有限会社", "合同会社", "주식회사", "公司", NULL};
    static const char *const prefixes[] = {"株式会社", "有限会社", "주식회사", NULL};
    static const char *const connectors[] = {"and", "und", "et", NULL};
    char *t = words(s, 1);

    if (!t)
        return NULL;
    for (const char *const *c = connectors; *c && strchr(t, ' '); c++)
        drop_word(t, *c);
    for (int again = 1; again;) {
        again = 0;
        for (const char *const *x = suffixes; *x; x++)
            if (strcmp(t, *x) == 0) /* nothing but a legal form ("有限公司"): it stays */
                return t;
        for (const char *const *x = suffixes; *x; x++)
            if (ends_with(t, *x)) {
                t[strlen(t) - strlen(*x)] = '\0';
                again = 1;
                break;
            }
        for (const char *const *x = prefixes; *x; x++)
            if (strncmp(t, *x, strlen(*x)) == 0 && t[strlen(*x)]) {
                memmove(t, t + strlen(*x), strlen(t + strlen(*x)) + 1);
                again = 1;
                break;
            }
        size_t n = strlen(t);
        while (n && t[n - 1] == ' ')
            t[--n] = '\0';
        while (*t == ' ')
            memmove(t, t + 1, strlen(t));
        /* a trailing legal word, when a word stays before it */
        char *sp = strrchr(t, ' ');
        if (!sp)
            continue;
        for (const char *const *f = forms; *f; f++)
            if (strcmp(sp + 1, *f) == 0) {
                *sp = '\0';
                again = 1;
                break;
            }
    }
    if (!*t) { /* nothing but a legal form */
        free(t);
        return NULL;
    }
    return t;
}

const char *
dedupe_company_domain(const char *email, char *buf, size_t n)
{
    static const char *const freemail[] = {
        "gmail.com",   "googlemail.com", "yahoo.com",   "yahoo.co.uk", "hotmail.com",
        "outlook.com", "live.com",       "msn.com",     "icloud.com",  "me.com",
        "aol.com",     "gmx.de",         "gmx.net",     "web.de",      "qq.com",
        "163.com",     "126.com",        "proton.me",   "protonmail.com", "mail.ru",
        "yandex.ru",   "yahoo.co.jp",    "naver.com",   "free.fr",     "orange.fr",
        "libero.it",   NULL};
    const char *dom = email_domain(email);
    if (!dom || strlen(dom) >= n)
        return NULL;
    memcpy(buf, dom, strlen(dom) + 1);
    for (char *p = buf; *p; p++)
        if (*p >= 'A' && *p <= 'Z')
            *p += 32;
    for (const char *const *f = freemail; *f; f++)
        if (strcmp(buf, *f) == 0)
            return NULL;
    return buf;
}

/* ---- finding ------------------------------------------------------------ */

enum { R_EMAIL, R_PHONE, R_NAME, R_DOMAIN, R_MAILDOM, NREASONS };
static const char *const reason_names[] = {"email", "phone", "name", "domain", "name@domain"};
static const double reason_conf[] = {0.95, 0.80, 0.75, 0.90, 0.70};

struct rec {
    char *id, *name;
    long long num;
    char *key[NREASONS];
    int intl;
};

struct pairacc {
    int a, b; /* record indices, a older */
    unsigned reasons;
};

static int
rec_older(const struct rec *x, const struct rec *y)
{
    if (x->num != y->num)
        return x->num < y->num;
    return strcmp(x->id, y->id) < 0;
}

static void
add_pair(struct hmap *idx, struct pairacc **v, size_t *n, size_t *cap, const struct rec *recs,
         int a, int b, int reason)
{
    char key[64];
    if (rec_older(&recs[b], &recs[a])) {
        int t = a;
        a = b;
        b = t;
    }
    snprintf(key, sizeof key, "%d,%d", a, b);
    int is_new;
    struct hmap_entry *he = hmap_put(idx, key, &is_new);
    if (is_new) {
        if (*n == *cap) {
            *cap = *cap ? *cap * 2 : 64;
            *v = xrealloc(*v, *cap * sizeof **v);
        }
        (*v)[*n].a = a;
        (*v)[*n].b = b;
        (*v)[*n].reasons = 0;
        he->v.num = (int64_t)(*n)++;
    }
    (*v)[he->v.num].reasons |= 1u << reason;
}

static int
pair_cmp(const void *x, const void *y)
{
    const struct dedupe_pair *a = x, *b = y;
    if (a->confidence != b->confidence)
        return a->confidence > b->confidence ? -1 : 1;
    long long ka = schema_id_number(a->keep, a->keep[0]), kb = schema_id_number(b->keep, b->keep[0]);
    if (ka != kb)
        return ka < kb ? -1 : 1;
    ka = schema_id_number(a->drop, a->drop[0]);
    kb = schema_id_number(b->drop, b->drop[0]);
    return (ka > kb) - (ka < kb);
}

/* One run of dedupe_find: the records with their match keys, and the
 * pairs found (pidx: keep and drop -> index in pv). */
struct dd_run {
    const struct entity_def *ent;
    struct rec *recs;
    size_t n, cap;
    struct pairacc *pv;
    size_t np, pcap;
    struct hmap pidx;
};

/* The columns the match keys are made of (-1: not in the entity). */
struct dd_cols {
    int id, name, mail, phone, co, dom;
};

/* The current row of t as a record with its match keys. */
static void
dd_record(const struct entity_def *ent, const struct dd_cols *c, const struct table *t,
          struct rec *x)
{
    memset(x, 0, sizeof *x);
    x->id = xstrdup(table_get(t, c->id));
    x->num = schema_id_number(x->id, ent->id_prefix);
    const char *nm = c->name >= 0 ? table_get(t, c->name) : "";
    x->name = xstrdup(nm);
    if (strcmp(nm, SCHEMA_ERASED) == 0) /* erased people are no one's duplicates */
        nm = "";
    if (c->mail >= 0 && *table_get(t, c->mail))
        x->key[R_EMAIL] = dedupe_email(table_get(t, c->mail));
    if (c->phone >= 0 && *table_get(t, c->phone))
        x->key[R_PHONE] = dedupe_phone(table_get(t, c->phone), &x->intl);
    if (c->dom >= 0 && *table_get(t, c->dom)) {
        char *d = dedupe_text(table_get(t, c->dom)), *p = d;
        if (d && strncmp(d, "www ", 4) == 0)
            p = d + 4;
        x->key[R_DOMAIN] = d ? xstrdup(p) : NULL;
        free(d);
    }
    if (ent == &schema_accounts) {
        x->key[R_NAME] = dedupe_company(nm);
        return;
    }
    /* the same person at the same company's mail domain, a company
     * given or not (free-mail domains say nothing of one) */
    char dom[256], *pn = dedupe_text(nm);
    const char *d =
        c->mail >= 0 && pn ? dedupe_company_domain(table_get(t, c->mail), dom, sizeof dom) : NULL;
    if (d) {
        struct sbuf k = {0};
        sbuf_addf(&k, "%s\x1f%s", pn, d);
        x->key[R_MAILDOM] = k.p;
    }
    free(pn);
    char *a = dedupe_text(nm),
         *b = c->co < 0 ? NULL
              : ent == &schema_leads ? dedupe_company(table_get(t, c->co))
                                     : (*table_get(t, c->co) ? xstrdup(table_get(t, c->co)) : NULL);
    if (a && b) {
        struct sbuf k = {0};
        sbuf_addf(&k, "%s\x1f%s", a, b);
        x->key[R_NAME] = k.p;
    }
    free(a);
    free(b);
}

/* The entity's file into run->recs. */
static int
dd_read(struct dd_run *run, struct store *s, struct err *e)
{
    const struct entity_def *ent = run->ent;
    struct table *t;
    int r;
    if (!(t = store_read(s, ent, e)))
        return -1;
    struct dd_cols c = {schema_col(ent, "id"),    schema_col(ent, "name"),
                        schema_col(ent, "email"), schema_col(ent, "phone"),
                        schema_col(ent, ent == &schema_leads ? "company" : "account"),
                        schema_col(ent, "domain")};
    while ((r = table_next(t, e)) == 1) {
        if (run->n == run->cap) {
            run->cap = run->cap ? run->cap * 2 : 256;
            run->recs = xrealloc(run->recs, run->cap * sizeof *run->recs);
        }
        dd_record(ent, &c, t, &run->recs[run->n++]);
    }
    table_free(t);
    return r < 0 ? -1 : 0;
}

/* The pairs by reason k: records grouped per key (phones by their last 7
 * digits, then by a real match); the oldest of a group pairs with each
 * other member. */
static void
dd_pair_by(struct dd_run *run, int k)
{
    struct rec *recs = run->recs;
    struct hmap groups = {0}; /* key -> first index + 1 list head */
    int *next = xcalloc(run->n + 1, sizeof *next);
    for (size_t i = 0; i < run->n; i++) {
        const char *key = recs[i].key[k];
        if (!key)
            continue;
        const char *bucket = k == R_PHONE ? key + strlen(key) - 7 : key;
        int is_new;
        struct hmap_entry *he = hmap_put(&groups, bucket, &is_new);
        next[i] = is_new ? -1 : (int)he->v.num;
        he->v.num = (int64_t)i;
    }
    for (size_t g = 0; g < groups.cap; g++) {
        if (!groups.slots[g].key)
            continue;
        /* members of the bucket; for phones, sub-groups of real matches */
        int head = (int)groups.slots[g].v.num;
        for (int i = head; i >= 0; i = next[i]) {
            int oldest = i;
            for (int j = head; j >= 0; j = next[j]) {
                int same = k == R_PHONE ? dedupe_phone_match(recs[i].key[k], recs[i].intl,
                                                             recs[j].key[k], recs[j].intl)
                                        : strcmp(recs[i].key[k], recs[j].key[k]) == 0;
                if (same && rec_older(&recs[j], &recs[oldest]))
                    oldest = j;
            }
            if (oldest != i)
                add_pair(&run->pidx, &run->pv, &run->np, &run->pcap, recs, oldest, i, k);
        }
    }
    free(next);
    hmap_release(&groups);
}

/* The pairs found, with their reasons and confidence, best first. */
static struct dedupe_pair *
dd_pairs(struct dd_run *run)
{
    struct dedupe_pair *v = xcalloc(run->np + 1, sizeof *v);
    for (size_t i = 0; i < run->np; i++) {
        struct pairacc *pa = &run->pv[i];
        double miss = 1;
        struct sbuf rs = {0};
        /* the name at the mail domain adds nothing to the same address or
         * to the name at the same company */
        if (pa->reasons & ((1u << R_EMAIL) | (1u << R_NAME)))
            pa->reasons &= ~(1u << R_MAILDOM);
        for (int k = 0; k < NREASONS; k++)
            if (pa->reasons & (1u << k)) {
                miss *= 1 - reason_conf[k];
                sbuf_addf(&rs, "%s%s", rs.len ? "+" : "", reason_names[k]);
            }
        v[i].keep = xstrdup(run->recs[pa->a].id);
        v[i].drop = xstrdup(run->recs[pa->b].id);
        v[i].keep_name = xstrdup(run->recs[pa->a].name);
        v[i].drop_name = xstrdup(run->recs[pa->b].name);
        snprintf(v[i].reason, sizeof v[i].reason, "%s", rs.p);
        /* to 2 decimals, as shown, so the order agrees with what is shown */
        v[i].confidence = 1 - miss > 0.99 ? 0.99 : round((1 - miss) * 100) / 100;
        sbuf_release(&rs);
    }
    if (run->np)
        qsort(v, run->np, sizeof *v, pair_cmp);
    return v;
}

long
dedupe_find(struct store *s, const struct entity_def *ent, struct dedupe_pair **out,
            struct err *e)
{
    struct dd_run run = {.ent = ent};
    struct hmap accnames = {0};
    int r;
    long rc = -1;

    *out = NULL;
    if (ent == &schema_contacts) { /* a contact's company is its account */
        struct table *a = store_read(s, &schema_accounts, e);
        if (!a)
            return -1;
        while ((r = table_next(a, e)) == 1)
            hmap_put(&accnames, table_get(a, schema_col(&schema_accounts, "id")), NULL);
        table_free(a);
        if (r < 0)
            goto out;
    }
    if (dd_read(&run, s, e))
        goto out;
    for (int k = 0; k < NREASONS; k++)
        dd_pair_by(&run, k);
    *out = dd_pairs(&run);
    rc = (long)run.np;
out:
    for (size_t i = 0; i < run.n; i++) {
        free(run.recs[i].id);
        free(run.recs[i].name);
        for (int k = 0; k < NREASONS; k++)
            free(run.recs[i].key[k]);
    }
    free(run.recs);
    free(run.pv);
    hmap_release(&run.pidx);
    hmap_release(&accnames);
    return rc;
}

void
dedupe_pairs_free(struct dedupe_pair *v, long n)
{
    for (long i = 0; i < n; i++) {
        free(v[i].keep);
        free(v[i].drop);
        free(v[i].keep_name);
        free(v[i].drop_name);
    }
    free(v);
}

/* ---- merging ------------------------------------------------------------ */

struct mctx {
    struct store *s;
    const struct entity_def *ent;
    const char *keep, *drop;
    char **dropvals; /* drop's row by file column */
    size_t ncols;
    int found_keep, found_drop;
    int *refcols; /* re-pointing: file columns that refer to ent, -1 ended */
};

static int
note_col(const struct entity_def *ent, const char *name)
{
    int k = schema_col(ent, name);
    return k >= 0 && ent->cols[k].type == CT_NOTE;
}

static int
merge_row(void *vctx, struct edit *ed, struct err *e)
{
    struct mctx *m = vctx;
    char ts[TS_BUFSZ];
    if (!ed) {
        if (!m->found_keep)
            return err_set(e, "unknown %s '%s' (not in %s.csv)", m->ent->singular, m->keep,
                           m->ent->name);
        return 0;
    }
    const char *key = table_key(ed->t);
    if (strcmp(key, m->drop) == 0) {
        ed->drop = 1;
        for (size_t j = 0; j < ed->t->nhead; j++) {
            const char *v = table_cell(ed->t, j);
            if (*v && strcmp(ed->t->head[j], "id") != 0)
                store_history(m->s, m->ent->name, m->drop, ed->t->head[j], v, "");
        }
        char msg[96];
        snprintf(msg, sizeof msg, "merged into %s", m->keep);
        store_history(m->s, m->ent->name, m->drop, "", "", msg);
        return 0;
    }
    if (strcmp(key, m->keep) != 0)
        return 0;
    m->found_keep = 1;
    for (size_t j = 0; j < ed->t->nhead && j < m->ncols; j++) {
        const char *col = ed->t->head[j], *mine = table_cell(ed->t, j), *theirs = m->dropvals[j];
        if (!*theirs || !strcmp(col, "id") || !strcmp(col, "created") || !strcmp(col, "updated"))
            continue;
        if (!*mine) {
            if (edit_set(m->s, ed, col, theirs, e))
                return -1;
        } else if (note_col(m->ent, col) && strcmp(mine, theirs) != 0) {
            struct sbuf b = {0};
            sbuf_addf(&b, "%s\n\n%s", mine, theirs);
            int rc = edit_set(m->s, ed, col, b.p, e);
            sbuf_release(&b);
            if (rc)
                return -1;
        }
    }
    if (table_find(ed->t, "updated") >= 0)
        return edit_set(m->s, ed, "updated", ts_format(m->s->now, ts), e);
    return 0;
}

static int
repoint_row(void *vctx, struct edit *ed, struct err *e)
{
    struct mctx *m = vctx;
    if (!ed)
        return 0;
    for (int *c = m->refcols; *c >= 0; c++)
        if (strcmp(table_cell(ed->t, (size_t)*c), m->drop) == 0 &&
            edit_set(m->s, ed, ed->t->head[*c], m->keep, e))
            return -1;
    return 0;
}

int
dedupe_merge(struct store *s, const struct entity_def *ent, const char *keep, const char *drop,
             struct fieldset **changes, size_t *nchanges, struct err *e)
{
    struct mctx m;
    struct table *t;
    int r, rc = -1;

    memset(&m, 0, sizeof m);
    *changes = NULL;
    *nchanges = 0;
    m.s = s;
    m.ent = ent;
    m.keep = keep;
    m.drop = drop;
    if (strcmp(keep, drop) == 0)
        return err_set(e, "cannot merge %s into itself", keep);
    if (store_lock(s, e))
        return -1;
    /* drop's values first */
    if (!(t = store_read(s, ent, e)))
        return -1;
    while ((r = table_next(t, e)) == 1)
        if (strcmp(table_key(t), drop) == 0) {
            m.ncols = t->nhead;
            m.dropvals = xcalloc(t->nhead + 1, sizeof *m.dropvals);
            for (size_t j = 0; j < t->nhead; j++)
                m.dropvals[j] = xstrdup(table_cell(t, j));
            m.found_drop = 1;
            break;
        }
    table_free(t);
    if (r < 0)
        goto out;
    if (!m.found_drop) {
        err_set(e, "unknown %s '%s' (not in %s.csv)", ent->singular, drop, ent->name);
        goto out;
    }
    if (store_rewrite(s, ent, merge_row, &m, NULL, 0, e))
        goto out;
    /* every column of every file that refers to ent */
    for (size_t i = 0; i < schema_nentities; i++) {
        const struct entity_def *x = schema_entities[i];
        if (x == ent || x == &schema_history)
            continue;
        int any = 0;
        for (size_t k = 0; k < x->ncols; k++)
            any |= x->cols[k].type == CT_REF && strcmp(x->cols[k].ref, ent->name) == 0;
        if (!any)
            continue;
        if (!(t = store_read(s, x, e)))
            goto out;
        int *cols = xcalloc(x->ncols + 1, sizeof *cols), nc = 0, hit = 0;
        for (size_t k = 0; k < x->ncols; k++)
            if (x->cols[k].type == CT_REF && strcmp(x->cols[k].ref, ent->name) == 0 &&
                table_find(t, x->cols[k].name) >= 0)
                cols[nc++] = table_find(t, x->cols[k].name);
        cols[nc] = -1;
        while (!hit && (r = table_next(t, e)) == 1)
            for (int *c = cols; *c >= 0; c++)
                hit |= strcmp(table_cell(t, (size_t)*c), drop) == 0;
        table_free(t);
        if (r < 0) {
            free(cols);
            goto out;
        }
        if (hit) { /* only files that mention drop are rewritten */
            m.refcols = cols;
            r = store_rewrite(s, x, repoint_row, &m, NULL, 0, e);
            m.refcols = NULL;
        }
        free(cols);
        if (r < 0)
            goto out;
    }
    *changes = xcalloc(s->npending + 1, sizeof **changes);
    for (size_t i = 0; i < s->npending; i++)
        for (size_t k = 0; k < s->pending[i].n; k++)
            fieldset_set(&(*changes)[i], s->pending[i].names[k], s->pending[i].values[k]);
    *nchanges = s->npending;
    if ((rc = store_commit(s, e)) != 0) {
        for (size_t i = 0; i < *nchanges; i++)
            fieldset_release(&(*changes)[i]);
        free(*changes);
        *changes = NULL;
        *nchanges = 0;
    }
out:
    if (m.dropvals) {
        for (size_t j = 0; j < m.ncols; j++)
            free(m.dropvals[j]);
        free(m.dropvals);
    }
    return rc;
}
