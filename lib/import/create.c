/*
 * create.c — new records put together (ids, defaults, record rules) and decided as
 * they are read, then everything written: one append or rewrite.
 */
#include "import_int.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char *const c_names[C_N] = {"id",    "created", "updated", "closed",
                                         "close", "stage",   "manager"};

/* ---- new records ------------------------------------------------------ */

/* A new record while it is put together: its values (borrowed) in the
 * order they were set, as a fieldset would hold them, and by schema
 * column for the record rules. No allocation per record. */
struct orec {
    size_t n;
    struct ofield {
        int scol, fcol; /* schema column (-1: the user's own); file column (-1: none) */
        const char *name, *val;
    } *f;
    const char **cv; /* per schema column: its value, or NULL */
    int *at;         /* per schema column: its index in f, or -1 */
    int *sfcol;      /* per schema column: its file column, or -1 */
    size_t ncols;
};

static void
orec_init(struct imp *im, struct orec *o)
{
    const struct entity_def *ent = im->ent;
    memset(o, 0, sizeof *o);
    o->ncols = ent->ncols;
    o->f = xcalloc(im->ndst + ent->ncols + 1, sizeof *o->f);
    o->cv = xcalloc(ent->ncols + 1, sizeof *o->cv);
    o->at = xcalloc(ent->ncols + 1, sizeof *o->at);
    o->sfcol = xcalloc(ent->ncols + 1, sizeof *o->sfcol);
    for (size_t i = 0; i < ent->ncols; i++) {
        o->sfcol[i] = -1;
        for (size_t j = 0; j < im->nfhead; j++) /* the last of equal names, as a map would */
            if (strcmp(im->fhead[j], ent->cols[i].name) == 0)
                o->sfcol[i] = (int)j;
    }
}

void
imp_orec_release(struct orec *o)
{
    free(o->f);
    free(o->cv);
    free(o->at);
    free(o->sfcol);
}

static void
orec_reset(struct orec *o)
{
    o->n = 0;
    for (size_t i = 0; i < o->ncols; i++) {
        o->cv[i] = NULL;
        o->at[i] = -1;
    }
}

/* Set schema column scol (or, scol < 0, the user's column name at file
 * column fcol): replaced where it stands, else added at the end. */
static void
orec_set(struct orec *o, int scol, int fcol, const char *name, const char *val)
{
    struct ofield *f;
    if (scol >= 0) {
        o->cv[scol] = val;
        if (o->at[scol] >= 0) {
            o->f[o->at[scol]].val = val;
            return;
        }
        o->at[scol] = (int)o->n;
        fcol = o->sfcol[scol];
    }
    f = &o->f[o->n++];
    f->scol = scol;
    f->fcol = fcol;
    f->name = name;
    f->val = val;
}

static const char *
orec_get(const struct orec *o, int scol)
{
    return scol >= 0 ? o->cv[scol] : NULL;
}

/* A new record as the CSV line to append, after the ones before it.
 * NULL (with the reason in why) when the file lacks a column it sets. */
static int
spool(struct imp *im, const struct orec *o, const char *id, struct sbuf *why)
{
    size_t n = im->nfhead;
    for (size_t k = 0; k < n; k++)
        im->line[k] = NULL;
    for (size_t i = 0; i < o->n; i++) {
        if (!*o->f[i].val)
            continue;
        if (o->f[i].fcol < 0) {
            sbuf_reset(why);
            sbuf_addf(why, "%s.csv has no '%s' column", im->ent->name, o->f[i].name);
            return -1;
        }
        im->line[o->f[i].fcol] = o->f[i].val;
    }
    csvio_add_row(&im->lines.b, im->line, n, ',', 0);
    spool_line(&im->lines);
    if (im->nwr == im->wrcap) {
        im->wrcap = im->wrcap ? im->wrcap * 2 : 1024;
        im->wrid = xrealloc(im->wrid, im->wrcap * sizeof *im->wrid);
    }
    im->wrid[im->nwr++] = pool_strdup(&im->pool, id);
    return 0;
}

/* An id: the prefix, then the number. */
static const char *
id_format(char prefix, long long n, char *buf)
{
    char tmp[24], *p = tmp + sizeof tmp;
    unsigned long long u = n < 0 ? 0ULL - (unsigned long long)n : (unsigned long long)n;
    *--p = '\0';
    do
        *--p = (char)('0' + u % 10);
    while (u /= 10);
    if (n < 0)
        *--p = '-';
    buf[0] = prefix;
    memcpy(buf + 1, p, (size_t)(tmp + sizeof tmp - p));
    return buf;
}

/* Once the input's columns are mapped, before its first record: the data
 * file's columns with those the import adds, and its keys. */
int
imp_ready(struct imp *im, struct err *e)
{
    size_t n = strv_len(im->v.header), nnew = 0;
    for (size_t k = 0; k < im->ndst; k++)
        nnew += im->dst[k].isnew;
    if (nnew) {
        im->v.header = xrealloc(im->v.header, (n + nnew + 1) * sizeof *im->v.header);
        for (size_t k = 0; k < im->ndst; k++)
            if (im->dst[k].isnew) /* the validator takes it from now on */
                im->v.header[n++] = xstrdup(im->dst[k].name);
        im->v.header[n] = NULL;
    }
    im->fhead = im->v.header;
    im->nfhead = strv_len(im->v.header);
    /* from here on every value comes from the input's cells, whose UTF-8
     * csvio or jansson has checked (the defaults were checked above) */
    im->v.vc.text_checked = 1;
    im->out = xmalloc(sizeof *im->out);
    orec_init(im, im->out);
    im->dfcol = xcalloc(im->ndst + 1, sizeof *im->dfcol);
    for (size_t k = 0; k < im->ndst; k++) { /* the user's own columns: where they are in the file */
        im->dfcol[k] = imp_fhead_find(im, im->dst[k].name);
        /* a rep's manager may be a rep further down: all are read first */
        if (im->dst[k].selfref)
            im->defer = 1;
    }
    im->val = xcalloc(im->ndst + 1, sizeof *im->val);
    im->line = xcalloc(im->nfhead + 1, sizeof *im->line);
    im->idcol = -1;
    for (int i = 0; i < C_N; i++)
        im->c[i] = schema_col(im->ent, c_names[i]);
    ts_format(im->s->now, im->now);
    for (size_t j = 0; j < im->nfhead; j++)
        if (strcmp(im->fhead[j], "id") == 0)
            im->idcol = (int)j;
    if (imp_index_file(im, e))
        return -1;
    /* a big input into a file under half its size (a first load, say):
     * the new records go into a new version of the file as they are made,
     * sent to the disk while the rest is read, rather than all appended
     * and synced at the end. Not when columns are added: the header
     * changes, a rewrite it is. */
    if (im->size >= READAHEAD_MIN) {
        int same_header = 1;
        struct err ignored; /* (then the lines wait in a scratch file; the
                               write at the end says what is wrong if it
                               still is) */
        for (size_t k = 0; k < im->ndst; k++)
            same_header &= !im->dst[k].isnew;
        if (same_header)
            store_stage(im->s, im->ent, &im->lines, im->size / 2, &ignored);
    }
    return 0;
}

/* What the match columns are called, for messages. */
static const char *
match_name(const struct imp *im)
{
    return im->o->match ? im->o->match : im->match_by_id ? "id" : imp_natural_key(im->ent);
}

/* Refuse r (a kept record when ri >= 0: then marked decided). */
static void
refuse_rec(struct imp *im, struct rec *r, long ri, const char *reason, char *const *cells,
           size_t n)
{
    imp_refuse(im, r->line, reason, cells, n);
    if (ri >= 0) {
        r->act = ACT_REJECT;
        r->done = 1;
    }
}

/* A new record: ids, defaults, then the record rules (validate_cols: the
 * values were each checked by validate_value already), rendered for the
 * write. r is im->recs[ri], or (ri < 0) a record of the stream. */
static int
create(struct imp *im, struct rec *r, long ri, char *const *cells, size_t n, struct err *e)
{
    const struct entity_def *ent = im->ent;
    struct orec *out = im->out;
    struct sbuf *m = &im->why;
    struct err ve;
    const char *manager = NULL, *id;
    int set[VALIDATE_MAX_SET];
    size_t nset;
    const char *ts = im->now;
    char idbuf[32];
    const int c_id = im->c[C_ID], c_created = im->c[C_CREATED], c_updated = im->c[C_UPDATED],
              c_closed = im->c[C_CLOSED], c_close = im->c[C_CLOSE], c_stage = im->c[C_STAGE];

    orec_reset(out);
    for (size_t k = 0; k < im->ndst; k++) {
        const struct dst *d = &im->dst[k];
        const char *v = k < r->nv ? r->v[k] : ABSENT;
        if ((!v || !*v) && d->defval)
            v = *d->defval;
        if (!v || !*v) /* an empty cell: not set */
            continue;
        if ((int)k == im->k_id && ent->id_prefix)
            continue;
        if ((int)k == im->k_updated)
            continue;
        if (ent == &schema_reps && strcmp(d->name, "manager") == 0) {
            manager = v; /* may be a rep further down: checked already */
            continue;
        }
        orec_set(out, d->scol, im->dfcol[k], d->name, v);
    }
    if (ent == &schema_reps && !orec_get(out, c_id))
        orec_set(out, c_id, -1, "id", "");
    if (ent == &schema_deals && !orec_get(out, c_closed) && orec_get(out, c_close)) {
        /* a deal that comes in won or lost closed on its close date */
        const struct stage *st = im->have_stages && orec_get(out, c_stage)
                                     ? stages_find(&im->stages, orec_get(out, c_stage))
                                     : NULL;
        if (st && st->state != DEAL_OPEN && !imp_after_today(im, orec_get(out, c_close)))
            orec_set(out, c_closed, -1, "closed", orec_get(out, c_close));
    }
    if (validate_cols(&im->v, out->cv, set, &nset, &ve))
        goto refused_ve;
    for (size_t j = 0; j < nset; j++) /* the defaults the rules added, in their order */
        orec_set(out, set[j], -1, ent->cols[set[j]].name, out->cv[set[j]]);
    if (manager) {
        if (strcmp(manager, orec_get(out, c_id)) == 0) {
            sbuf_reset(m);
            sbuf_addf(m, "rep '%s' cannot be their own manager", manager);
            goto refused;
        }
        orec_set(out, im->c[C_MANAGER], -1, "manager", manager);
    }
    if (ent->id_prefix) {
        const char *gid = im->k_id >= 0 && (size_t)im->k_id < r->nv && r->v[im->k_id] &&
                                  *r->v[im->k_id]
                              ? r->v[im->k_id]
                              : NULL;
        if (!gid) { /* the next id: the counter is read once, written with the records */
            if (!im->have_ids && store_alloc_ids(im->s, ent, 0, &im->next_id, e))
                return -1;
            im->have_ids = 1;
            gid = id_format(ent->id_prefix, im->next_id++, idbuf);
        }
        orec_set(out, c_id, -1, "id", gid);
    }
    if (c_created >= 0 && !orec_get(out, c_created))
        orec_set(out, c_created, -1, "created", ts);
    if (c_updated >= 0) {
        const char *u = im->k_updated >= 0 && (size_t)im->k_updated < r->nv &&
                                r->v[im->k_updated] && *r->v[im->k_updated]
                            ? r->v[im->k_updated]
                            : ts;
        orec_set(out, c_updated, -1, "updated", u);
    }
    if (ent->id_prefix || ent == &schema_reps) {
        id = orec_get(out, c_id);
    } else {
        /* the key of a record without an id: its key columns joined by '/' */
        sbuf_reset(&im->tmp2);
        for (size_t c = 0; c < ent->ncols; c++)
            if (ent->cols[c].flags & COL_KEY) {
                const char *x = out->cv[c];
                sbuf_addf(&im->tmp2, "%s%s", im->tmp2.len ? "/" : "", x ? x : "");
            }
        id = im->tmp2.p ? im->tmp2.p : "";
    }
    if (spool(im, out, id, m))
        goto refused;
    id = im->wrid[im->nwr - 1];
    im->res->created++;
    if (im->o->keep_items)
        imp_add_item(im, r->line, ACT_CREATE, id, "");
    if (ri >= 0) {
        r->act = ACT_CREATE;
        r->done = 1;
    }
    return 0;
refused_ve:
    sbuf_reset(m);
    sbuf_adds(m, ve.msg);
refused:
    refuse_rec(im, r, ri, m->p, cells, n);
    return 0;
}

/* The line of the first record of the input with key (0: none, and
 * line is noted for it). Ids are kept by number, in an array. */
static long
first_with_key(struct imp *im, const char *key, long line)
{
    struct hmap_entry *he;
    int is_new;
    long long k = im->match_by_id && im->ent->id_prefix ? schema_id_number(key, im->ent->id_prefix)
                                                        : -1;
    if (k >= 0 && k < ID_DENSE_MAX && line > 0 && line < (long)UINT32_MAX) {
        uint32_t *slot = imp_id_slot(&im->idline, &im->nidline, k);
        if (*slot)
            return (long)*slot;
        *slot = (uint32_t)line;
        return 0;
    }
    he = hmap_put(&im->bykey, key, &is_new);
    if (!is_new)
        return (long)he->v.num;
    he->v.num = line;
    return 0;
}

/* Decide a record whose values are final: refused, matched to a row of
 * the data file (kept for the compare pass), or new (rendered now). r is
 * im->recs[ri], or (ri < 0) a record of the stream, kept only when it
 * matched. cells: its source cells, for a refusal (NULL: r->raw). */
int
imp_place(struct imp *im, struct rec *r, long ri, char *const *cells, size_t n, struct err *e)
{
    const struct entity_def *ent = im->ent;
    struct sbuf *m = &im->why;
    const struct fkey *fk = NULL;
    struct fkey fkid;

    if (!cells) {
        cells = r->raw;
        n = r->nraw;
    }
    sbuf_reset(m);
    if (im->nmatch && imp_rec_key(im, r, &im->key)) {
        long first = first_with_key(im, im->key.p, r->line);
        struct hmap_entry *he;
        if (first) {
            sbuf_addf(m, "same %s as line %ld", match_name(im), first);
            goto refused;
        }
        long long k = im->filerow ? schema_id_number(im->key.p, ent->id_prefix) : -1;
        if (k >= 0 && (size_t)k < im->nfilerow && im->filerow[k]) {
            /* (the key is the id: what the file holds, since it is of the usual form) */
            int twice = im->filerow[k] == FILEROW_TWICE;
            fkid.row = twice ? -1 : (long)im->filerow[k] - 1;
            fkid.id = im->key.p; /* (into the pool when the record is kept) */
            fkid.id2 = twice ? fkid.id : NULL;
            fk = &fkid;
        } else if ((he = hmap_get(&im->filekey, im->key.p))) {
            fk = he->v.ptr;
        }
    }
    if (fk) {
        if (im->o->mode == IMPORT_CREATE) {
            sbuf_addf(m, "already in %s.csv as %s (--mode upsert updates it)", ent->name, fk->id);
            goto refused;
        }
        if (fk->id2) {
            sbuf_addf(m, "matches more than one of %s (%s and %s)", ent->name, fk->id, fk->id2);
            goto refused;
        }
        if (ri < 0) {
            /* compared with its row now, kept only when that row cannot
             * be read from here */
            int rc = imp_compare_now(im, r, fk->row, fk->id, cells, n, e);
            if (rc)
                return rc < 0 ? -1 : 0;
            r = imp_rec_keep(im, r->line, r->v);
            ri = (long)im->nrecs - 1;
            imp_keep_raw(im, r, cells, n); /* for a refusal */
        }
        r->row = fk->row;
        r->id = fk == &fkid ? pool_strdup(&im->pool, fk->id) : fk->id;
        im->nmatched++;
        return 0;
    }
    if (im->o->mode == IMPORT_UPDATE) {
        if (im->nmatch)
            sbuf_addf(m, "no record in %s.csv with this %s", ent->name, match_name(im));
        else
            sbuf_adds(m, "nothing to match on");
        goto refused;
    }
    const char *given_id = im->k_id >= 0 && (size_t)im->k_id < r->nv && r->v[im->k_id] &&
                                   *r->v[im->k_id]
                               ? r->v[im->k_id]
                               : NULL;
    if (given_id && ent->id_prefix && !schema_id_valid(ent, given_id)) {
        /* a new record keeps its id only in the one form the tools give:
         * "../etc", "L007" or a deal's id among leads would be taken for
         * something else. (A row matched to one on file keeps the id it
         * has there, whatever its form; a rep's handle is checked with
         * the rest of a new rep.) */
        char form[80];
        sbuf_addf(m, "bad id '%s' (expected %s)", given_id,
                  schema_id_form(ent, form, sizeof form));
        goto refused;
    }
    if (given_id && ent->id_prefix && !im->match_by_id) {
        /* (matched by id, a given id on file was matched, and one twice refused) */
        if (!idset_add(&im->ids, ent->id_prefix, given_id, strlen(given_id))) {
            sbuf_addf(m, "id %s is already in %s.csv (with other values in the match columns)",
                      given_id, ent->name);
            goto refused;
        }
    }
    return create(im, r, ri, cells, n, e);
refused:
    refuse_rec(im, r, ri, m->p, cells, n);
    return 0;
}

/* One record of the input, as it is read. */
int
imp_admit(struct imp *im, long line, char *const *cells, size_t n, struct err *e)
{
    int rc;
    struct rec *r;

    if (imp_check_cells(im, line, cells, n, e))
        return -1;
    rc = imp_take_record(im, cells, n, e);
    if (rc < 0)
        return -1;
    if (rc == 2) {
        imp_refuse(im, line, im->why.p, cells, n);
        im->cell_col = -1;
        return 0;
    }
    if (rc == 0 && !im->defer) {
        struct rec tmp;
        memset(&tmp, 0, sizeof tmp);
        tmp.line = line;
        tmp.row = -1;
        tmp.nv = im->ndst;
        tmp.v = im->val;
        return imp_place(im, &tmp, -1, cells, n, e);
    }
    /* its dates wait for the column's format: it is kept, and so is every
     * record after it, so that new records keep their order */
    im->defer = 1;
    r = imp_rec_keep(im, line, im->val);
    imp_keep_raw(im, r, cells, n);
    for (int i = 0; i < im->npend; i++) {
        struct dst *d = &im->dst[im->pend[i]];
        if (d->npending % 1024 == 0)
            d->pending = xrealloc(d->pending, (d->npending + 1024) * sizeof *d->pending);
        d->pending[d->npending++] = im->nrecs - 1;
    }
    return 0;
}

/* ---- writing ---------------------------------------------------------- */

struct apply_ctx {
    struct imp *im;
    long row;
    size_t *order; /* updated records by row */
    size_t n, next;
};

static int
apply_row(void *vctx, struct edit *ed, struct err *e)
{
    struct apply_ctx *a = vctx;
    struct imp *im = a->im;
    if (!ed)
        return 0;
    long row = a->row++;
    if (a->next >= a->n || im->recs[a->order[a->next]].row != row)
        return 0;
    struct rec *r = &im->recs[a->order[a->next++]];
    for (size_t i = 0; i < r->nch; i++) {
        int k = r->ch[i].k;
        const char *name = k >= 0 ? im->dst[k].name : im->fhead[-1 - k];
        if (edit_set(im->s, ed, name, r->ch[i].val, e))
            return -1;
    }
    return 0;
}

static struct rec *g_recs;

static int
by_row(const void *a, const void *b)
{
    long x = g_recs[*(const size_t *)a].row, y = g_recs[*(const size_t *)b].row;
    return (x > y) - (x < y);
}

/* The rowset callback, asked only for the id column of the r-th new
 * record (its lines are rendered already). */
static const char *
new_value(void *ctx, size_t r, size_t k)
{
    struct imp *im = ctx;
    return (int)k == im->idcol ? im->wrid[r] : NULL;
}

int
imp_write_all(struct imp *im, struct err *e)
{
    size_t nupd = 0, nnew = 0;
    const char **newcols;
    struct apply_ctx a = {im, 0, NULL, 0, 0};
    struct rowset rs;
    int rc = -1;

    for (size_t i = 0; i < im->nrecs; i++)
        nupd += im->recs[i].act == ACT_UPDATE;
    newcols = xcalloc(im->ndst + 1, sizeof *newcols);
    for (size_t k = 0; k < im->ndst; k++)
        if (im->dst[k].isnew)
            newcols[nnew++] = im->dst[k].name;
    if (im->nwr == 0 && nupd == 0) {
        free(newcols);
        return 0;
    }
    imp_progress(im, "writing", 0, 0);
    rs.cols = (const char *const *)im->fhead;
    rs.ncols = im->nfhead;
    rs.n = im->nwr;
    rs.get = new_value;
    rs.ctx = im;
    rs.lines = &im->lines;
    {
        struct sbuf what = {0};
        sbuf_addf(&what, "import %s", im->name);
        store_history(im->s, im->ent->name, "", "", "", what.p);
        sbuf_release(&what);
    }
    if (nupd == 0 && nnew == 0) {
        /* appends only: O(new records), the file is not rewritten (or
         * the new version of it, filled as the input was read, goes in) */
        if (im->lines.staged ? store_stage_commit(im->s, im->ent, &rs, e)
                             : store_append_rows(im->s, im->ent, &rs, e))
            goto out;
        if (!im->ent->id_prefix && im->ent != &schema_reps)
            for (size_t i = 0; i < im->nwr; i++)
                store_history_bulk(im->s, im->ent->name, im->wrid[i], "", "", "created");
    } else {
        a.order = xcalloc(nupd + 1, sizeof *a.order);
        for (size_t i = 0; i < im->nrecs; i++)
            if (im->recs[i].act == ACT_UPDATE)
                a.order[a.n++] = i;
        g_recs = im->recs;
        qsort(a.order, a.n, sizeof *a.order, by_row);
        if (store_rewrite_cols(im->s, im->ent, newcols, apply_row, &a, &rs, e))
            goto out;
        for (size_t i = 0; i < im->nwr; i++)
            store_history_bulk(im->s, im->ent->name, im->wrid[i], "", "", "created");
    }
    if (store_commit(im->s, e))
        goto out;
    im->res->written = 1;
    rc = 0;
out:
    free(a.order);
    free(newcols);
    return rc;
}
