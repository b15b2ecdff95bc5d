/*
 * match.c — matching records to rows of the data file: the file's keys and ids
 * indexed, then the matched records compared with their rows.
 */
#include "import_int.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ---- matching --------------------------------------------------------- */

/* The match key of record r, in b; 0 when a key column is empty. */
int
imp_rec_key(struct imp *im, const struct rec *r, struct sbuf *b)
{
    sbuf_reset(b);
    for (size_t i = 0; i < im->nmatch; i++) {
        int k = im->matchk[i];
        const char *v = (size_t)k < r->nv ? r->v[k] : ABSENT;
        if (!v || !*v)
            return 0;
        if (i)
            sbuf_addc(b, '\x1f');
        sbuf_adds(b, v);
    }
    return 1;
}

/* The stored value of a column in its canonical form (for comparing). */
static char *
stored_canon(struct imp *im, const struct dst *d, const char *stored)
{
    struct err ve;
    char *x;
    if (d->scol < 0 || !*stored)
        return xstrdup(stored);
    x = schema_normalize(&im->ent->cols[d->scol], stored, &im->s->vc, &ve);
    return x ? x : xstrdup(stored);
}

static void
add_change(struct rec *r, int k, const char *val)
{
    /* room for 4, then doubled whenever nch reaches a power of two */
    if (r->nch == 0 || (r->nch >= 4 && (r->nch & (r->nch - 1)) == 0))
        r->ch = xrealloc(r->ch, (r->nch ? 2 * r->nch : 4) * sizeof *r->ch);
    r->ch[r->nch].k = k;
    r->ch[r->nch].val = xstrdup(val);
    r->nch++;
}

/* The value a matched row will have: changed, or as stored. */
static const char *
merged(struct imp *im, const struct rec *r, const struct table *t, const char *col)
{
    int j = table_find(t, col);
    for (size_t i = r->nch; i-- > 0;) {
        int k = r->ch[i].k;
        const char *name = k >= 0 ? im->dst[k].name : im->fhead[-1 - k];
        if (strcmp(name, col) == 0)
            return r->ch[i].val;
    }
    return j >= 0 ? table_cell(t, (size_t)j) : "";
}

static int
given(struct imp *im, const struct rec *r, const char *col)
{
    int k = imp_dst_find(im, col);
    return k >= 0 && (size_t)k < r->nv && r->v[k] && *r->v[k];
}

/* A date (YYYY-MM-DD) after today: not a day a deal can have closed on. */
int
imp_after_today(const struct imp *im, const char *date)
{
    sdate d;
    return date_parse(date, &d) != 0 || d > im->s->today;
}

/* The record rules on an updated row (what validate_new checks for new
 * ones): required columns, one-of, deal stage vs closed and lost_reason,
 * a rep's manager. Adds rule-made changes; returns a reason or NULL. */
static const char *
update_rules(struct imp *im, struct rec *r, const struct table *t, struct sbuf *why,
             struct err *e, int *fatal)
{
    const struct entity_def *ent = im->ent;
    sbuf_reset(why);
    for (size_t i = 0; i < ent->ncols; i++)
        if ((ent->cols[i].flags & COL_REQUIRED) && !*merged(im, r, t, ent->cols[i].name)) {
            sbuf_addf(why, "%s cannot be empty", ent->cols[i].name);
            return why->p;
        }
    if (ent->one_of) {
        char **names = str_split(ent->one_of, ',');
        int any = 0;
        for (char **p = names; *p; p++)
            any |= *merged(im, r, t, *p) != '\0';
        if (!any)
            sbuf_addf(why, "a %s needs at least a %s", ent->singular, ent->one_of);
        strv_free(names);
        if (!any)
            return why->p;
    }
    if (ent == &schema_deals) {
        const char *stage = merged(im, r, t, "stage");
        const struct stage *st;
        char buf[DATE_BUFSZ];
        if (!im->have_stages) {
            if (stages_load(im->s, &im->stages, e) < 0) {
                *fatal = 1;
                return NULL;
            }
            im->have_stages = 1;
        }
        st = stages_find(&im->stages, stage);
        if (!st)
            return NULL; /* a bad stage on file is sales-check's business */
        int jc = table_find(t, "closed"), jl = table_find(t, "lost_reason");
        const char *closed = merged(im, r, t, "closed"), *reason = merged(im, r, t, "lost_reason");
        if (st->state != DEAL_OPEN && !*closed && jc >= 0) {
            /* closed as of the close date the other system gives, else today */
            const char *close = given(im, r, "close") ? merged(im, r, t, "close") : NULL;
            add_change(r, -1 - jc, close && !imp_after_today(im, close) ? close
                                                                    : date_format(im->s->today, buf));
        }
        else if (st->state == DEAL_OPEN && *closed) {
            if (given(im, r, "closed") || jc < 0) {
                sbuf_addf(why, "closed is only set on won or lost deals (stage is %s)", st->name);
                return why->p;
            }
            add_change(r, -1 - jc, ""); /* reopened */
        }
        if (*reason && st->state != DEAL_LOST) {
            if (given(im, r, "lost_reason") || jl < 0) {
                sbuf_adds(why, "lost_reason is only set on lost deals");
                return why->p;
            }
            add_change(r, -1 - jl, "");
        }
    } else if (ent == &schema_reps) {
        const char *m = merged(im, r, t, "manager"), *id = merged(im, r, t, "id");
        if (*m && strcmp(m, id) == 0) {
            sbuf_addf(why, "rep '%s' cannot be their own manager", id);
            return why->p;
        }
    }
    return NULL;
}

/* The match key of the data file's current row, canonical, in b; 0 when
 * a key column is empty. */
static int
file_key(struct imp *im, struct table *t, struct sbuf *b)
{
    int empty = 0;
    sbuf_reset(b);
    for (size_t i = 0; i < im->nmatch; i++) {
        const struct dst *d = &im->dst[im->matchk[i]];
        const char *stored = d->fcol >= 0 ? table_cell(t, (size_t)d->fcol) : "";
        char *canon = stored_canon(im, d, stored);
        empty |= !*canon;
        if (i)
            sbuf_addc(b, '\x1f');
        sbuf_adds(b, canon);
        free(canon);
    }
    return !empty;
}

/* Before the input is read: the data file's keys, and its ids when new
 * records may bring their own, so that each record read can be decided
 * at once. */

/* The slot for id number k (< ID_DENSE_MAX) in an array by id number,
 * grown (new slots zeroed) as needed. */
uint32_t *
imp_id_slot(uint32_t **a, size_t *n, long long k)
{
    if ((size_t)k >= *n) {
        size_t m = *n ? *n : 1024;
        while (m <= (size_t)k)
            m *= 2;
        *a = xrealloc(*a, m * sizeof **a);
        memset(*a + *n, 0, (m - *n) * sizeof **a);
        *n = m;
    }
    return &(*a)[k];
}

/* A key of the data file, on row, whose id is id: noted, or the second
 * row with it noted. */
static void
key_put(struct imp *im, const char *key, const char *id, long row)
{
    int is_new;
    struct hmap_entry *he = hmap_put(&im->filekey, key, &is_new);
    if (is_new) {
        struct fkey *fk = pool_alloc(&im->pool, sizeof *fk);
        fk->row = row;
        fk->id = pool_strdup(&im->pool, id);
        fk->id2 = NULL;
        he->v.ptr = fk;
    } else if (!((struct fkey *)he->v.ptr)->id2) {
        ((struct fkey *)he->v.ptr)->id2 = pool_strdup(&im->pool, id);
    }
}

struct key_scan {
    struct imp *im;
    long row;
};

/* Matched by id, the ids of the data file one by one (table_scan_col):
 * those of the usual form by number, the others as keys. */
static void
id_seen(void *ctx, const char *id, size_t n)
{
    struct key_scan *ks = ctx;
    struct imp *im = ks->im;
    long row = ks->row++;
    long long k = schema_id_number_n(id, n, im->ent->id_prefix);

    if (k >= 0 && k < ID_DENSE_MAX && row < (long)FILEROW_TWICE - 1) {
        uint32_t *slot = imp_id_slot(&im->filerow, &im->nfilerow, k);
        *slot = *slot ? FILEROW_TWICE : (uint32_t)row + 1;
        return;
    }
    /* (an id that is not of the usual form: as the other keys are) */
    char *raw = xstrndup(id, n), *canon = stored_canon(im, &im->dst[im->matchk[0]], raw);
    if (*canon)
        key_put(im, canon, raw, row);
    free(canon);
    free(raw);
}

int
imp_index_file(struct imp *im, struct err *e)
{
    int need_ids = im->k_id >= 0 && im->ent->id_prefix && !im->match_by_id;
    int c_id = schema_col(im->ent, "id"), rc;
    struct table *t;
    long row = 0;

    if (!im->nmatch && !need_ids)
        return 0;
    if (!(t = store_read(im->s, im->ent, e)))
        return -1;
    for (size_t k = 0; k < im->ndst; k++)
        im->dst[k].fcol = table_find(t, im->dst[k].name);
    if (im->match_by_id && im->ent->id_prefix && c_id >= 0 && im->dst[im->matchk[0]].fcol >= 0) {
        /* the ids only: scanned, unless the file needs libcsv's reading */
        struct key_scan ks = {im, 0};
        rc = table_scan_col(t, c_id, id_seen, &ks, e);
        if (rc != 1) {
            table_free(t);
            im->nfrows = ks.row;
            return rc < 0 ? -1 : 0;
        }
        /* from the start, the usual way */
        free(im->filerow);
        im->filerow = NULL;
        im->nfilerow = 0;
        hmap_release(&im->filekey);
        memset(&im->filekey, 0, sizeof im->filekey);
        table_free(t);
        if (!(t = store_read(im->s, im->ent, e)))
            return -1;
    }
    while ((rc = table_next(t, e)) == 1) {
        const char *id = c_id >= 0 ? table_get(t, c_id) : table_key(t);
        row++;
        if (need_ids && *id)
            idset_add(&im->ids, im->ent->id_prefix, id, strlen(id));
        if (row % PROGRESS_EVERY == 0)
            imp_progress(im, "matching", row, 0);
        if (!im->nmatch || !file_key(im, t, &im->key))
            continue;
        key_put(im, im->key.p, id, row - 1);
    }
    table_free(t);
    im->nfrows = row;
    return rc < 0 ? -1 : 0;
}

/* Record r, matched to the current row of t, compared with it: unchanged,
 * updated (the changes planned, the detail in r->reason), or refused by
 * the rules (r->act set). ts: now. -1 on a fatal error. */
static int
compare_row(struct imp *im, struct rec *r, struct table *t, const char *ts, struct sbuf *why,
            struct err *e)
{
    int fatal = 0;
    /* the changes */
    for (size_t k = 0; k < im->ndst && k < r->nv; k++) {
        const struct dst *d = &im->dst[k];
        const char *in = r->v[k];
        if (!in || (int)k == im->k_created || (int)k == im->k_updated)
            continue;
        if (d->scol >= 0 && (im->ent->cols[d->scol].flags & COL_KEY)) {
            /* the key itself (an id that differs is a different record) */
            const char *stored = d->fcol >= 0 ? table_cell(t, (size_t)d->fcol) : "";
            if (*in && strcmp(in, stored) != 0) {
                struct sbuf m = {0};
                sbuf_addf(&m, "%s '%s' differs from the matched record's (%s)", d->name, in,
                          stored);
                imp_reject(r, m.p);
                sbuf_release(&m);
                break;
            }
            continue;
        }
        const char *stored = d->fcol >= 0 ? table_cell(t, (size_t)d->fcol) : "";
        if (strcmp(stored, in) == 0)
            continue;
        char *canon = stored_canon(im, d, stored);
        int same = strcmp(canon, in) == 0;
        free(canon);
        if (!same)
            add_change(r, (int)k, in);
    }
    if (r->act == ACT_REJECT)
        return 0;
    if (r->nch) {
        const char *why_not = update_rules(im, r, t, why, e, &fatal);
        if (fatal)
            return -1;
        if (why_not) {
            imp_reject(r, why_not);
            return 0;
        }
        int ju = table_find(t, "updated");
        if (ju >= 0)
            add_change(r, -1 - ju, ts);
        r->act = ACT_UPDATE;
        /* the detail for a report: field: old -> new */
        struct sbuf dt = {0};
        for (size_t i = 0; i < r->nch; i++) {
            int k = r->ch[i].k;
            const char *name = k >= 0 ? im->dst[k].name : im->fhead[-1 - k];
            if (strcmp(name, "updated") == 0)
                continue;
            int j = table_find(t, name);
            sbuf_addf(&dt, "%s%s: %s -> %s", dt.len ? "; " : "", name,
                      j >= 0 ? table_cell(t, (size_t)j) : "", r->ch[i].val);
        }
        r->reason = dt.p ? dt.p : xstrdup("");
    } else {
        r->act = ACT_UNCHANGED;
    }
    return 0;
}

/* The records matched to rows of the data file and kept (those not
 * compared as they were read), compared with them. */
int
imp_compare_pass(struct imp *im, struct err *e)
{
    struct table *t;
    struct sbuf why = {0};
    long row = 0, *rowrec;
    int rc;
    char ts[TS_BUFSZ];

    if (!im->nmatched)
        return 0;
    rowrec = xcalloc((size_t)im->nfrows + 1, sizeof *rowrec);
    for (long i = 0; i < im->nfrows; i++)
        rowrec[i] = -1;
    for (size_t i = 0; i < im->nrecs; i++)
        if (im->recs[i].row >= 0 && im->recs[i].act == ACT_NONE)
            rowrec[im->recs[i].row] = (long)i;
    if (!(t = store_read(im->s, im->ent, e))) {
        free(rowrec);
        return -1;
    }
    for (size_t k = 0; k < im->ndst; k++)
        im->dst[k].fcol = table_find(t, im->dst[k].name);
    ts_format(im->s->now, ts);
    while ((rc = table_next(t, e)) == 1) {
        if (++row % PROGRESS_EVERY == 0)
            imp_progress(im, "comparing", row, 0);
        if (row > im->nfrows || rowrec[row - 1] < 0)
            continue;
        if (compare_row(im, &im->recs[rowrec[row - 1]], t, ts, &why, e)) {
            rc = -1;
            break;
        }
    }
    if (rc == 0 && row != im->nfrows)
        rc = err_set(e, "internal error: %s.csv changed under the lock", im->ent->name);
    table_free(t);
    free(rowrec);
    sbuf_release(&why);
    return rc < 0 ? -1 : 0;
}

/* ---- comparing in the stream ------------------------------------------ */

/* A matched row further ahead than this is found by its offset (bisecting
 * the file on its id) rather than by reading the rows before it. */
#define CURSOR_SKIP 4096
/* Rows read at their offsets before the input counts as out of order:
 * then a row behind the cursor waits for the compare pass (a bisection
 * for each record of a shuffled input would cost more than that pass). */
#define PROBES_MAX 4096

/* Row `row` of the data file (its id: id) read: as the current row of the
 * cursor (a reader that goes forward through the file as the matched
 * records come, in the file's order), or of the probe (one record read at
 * the offset store_locate_at finds). The table it is the current row of
 * in *tp; 0 when it cannot be reached (the caller keeps the record for
 * the compare pass); -1 on error. */
static int
row_at(struct imp *im, long row, const char *id, struct table **tp, struct err *e)
{
    int rc;
    if (!im->cur) {
        if (!(im->cur = store_read(im->s, im->ent, e)))
            return -1;
        im->currow = -1;
    }
    if (row <= im->currow || row - im->currow > CURSOR_SKIP) {
        int64_t off, len;
        int k = im->ent->id_prefix && !im->noprobe ? store_locate_at(im->s, im->ent, id, &off, &len, e) : 0;
        if (k < 0)
            return -1;
        if (k == 1 && ++im->nprobe >= PROBES_MAX)
            im->noprobe = 1;
        if (k == 1) {
            if (!im->probe && !(im->probe = store_read(im->s, im->ent, e)))
                return -1;
            if (csvio_seek(im->probe->csv, off, 0, len, e) ||
                (rc = table_next(im->probe, e)) < 0)
                return -1;
            int c_id = schema_col(im->ent, "id");
            if (rc == 1 && c_id >= 0 && strcmp(table_get(im->probe, c_id), id) == 0) {
                *tp = im->probe;
                return 1;
            }
            /* (not the record looked for: never again this way) */
            table_free(im->probe);
            im->probe = NULL;
            im->noprobe = 1;
        }
        if (row <= im->currow)
            return 0;
    }
    while (im->currow < row) {
        if ((rc = table_next(im->cur, e)) != 1) {
            if (rc == 0)
                rc = err_set(e, "internal error: %s.csv changed under the lock", im->ent->name);
            return -1;
        }
        im->currow++;
    }
    *tp = im->cur;
    return 1;
}

/* A record of the stream matched to row `row` (whose id is id) compared
 * with it at once: refused, unchanged or updated, into the result; of an
 * updated one only its changes are kept, for the write; a refused one
 * goes into the result with its source cells[0..n). 1 when done, 0
 * when the row cannot be reached from here (the caller keeps the record
 * for the compare pass), -1 on error. */
int
imp_compare_now(struct imp *im, struct rec *r, long row, const char *id, char *const *cells,
                size_t n, struct err *e)
{
    struct table *t;
    int rc = row_at(im, row, id, &t, e);
    if (rc <= 0)
        return rc;
    if (!im->ts[0])
        ts_format(im->s->now, im->ts);
    if (!im->fcol_set) {
        for (size_t k = 0; k < im->ndst; k++)
            im->dst[k].fcol = table_find(t, im->dst[k].name);
        im->fcol_set = 1;
    }
    r->row = row;
    r->id = id;
    if (compare_row(im, r, t, im->ts, &im->cmpwhy, e))
        return -1;
    switch (r->act) {
    case ACT_UPDATE:
        im->res->updated++;
        break;
    case ACT_REJECT:
        im->res->rejected++;
        break;
    default:
        im->res->unchanged++;
    }
    if (im->o->keep_items || r->act == ACT_REJECT) {
        struct import_item *it =
            imp_add_item(im, r->line, r->act, r->id,
                         r->act == ACT_UPDATE || r->act == ACT_REJECT ? r->reason : "");
        if (r->act == ACT_REJECT && cells) { /* with its source cells, for --rejects */
            it->cells = xcalloc(n + 1, sizeof *it->cells);
            for (size_t j = 0; j < n; j++)
                it->cells[j] = xstrdup(cells[j] ? cells[j] : "");
            it->ncells = n;
        }
    }
    if (r->act == ACT_UPDATE) {
        /* kept for the write: its row and changes, no values */
        struct rec *k = imp_rec_keep(im, r->line, NULL);
        k->act = ACT_UPDATE;
        k->done = 1;
        k->row = row;
        k->ch = r->ch;
        k->nch = r->nch;
        r->ch = NULL;
        r->nch = 0;
    }
    for (size_t i = 0; i < r->nch; i++)
        free(r->ch[i].val);
    free(r->ch);
    free(r->reason);
    return 1;
}
