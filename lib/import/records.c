/*
 * records.c — records: an input record's values taken and kept, refusals, the dates
 * that wait for a format, a rep's manager from the same import.
 */
#include "import_int.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ---- records ---------------------------------------------------------- */

/* Keep a record for later, its values v[0..ndst) copied into the pool:
 * one whose dates wait for their column's format (and every one read
 * after it, so that new records keep their order), or one matched to a
 * row of the data file, for the compare pass. v NULL: a record without
 * values (an update decided in the stream, whose changes are kept). */
struct rec *
imp_rec_keep(struct imp *im, long line, char *const *v)
{
    struct rec *r;
    size_t total = 0;
    char *p;
    if (im->nrecs == im->reccap) {
        im->reccap = im->reccap ? im->reccap * 2 : 1024;
        im->recs = xrealloc(im->recs, im->reccap * sizeof *im->recs);
    }
    r = &im->recs[im->nrecs++];
    memset(r, 0, sizeof *r);
    r->line = line;
    r->row = -1;
    if (!v) /* its changes only (imp_compare_now) */
        return r;
    r->nv = im->ndst;
    for (size_t k = 0; k < im->ndst; k++)
        if (v[k])
            total += strlen(v[k]) + 1;
    r->v = pool_alloc(&im->pool, im->ndst * sizeof *r->v + total);
    p = (char *)(r->v + im->ndst);
    for (size_t k = 0; k < im->ndst; k++) {
        size_t len = v[k] ? strlen(v[k]) + 1 : 0;
        r->v[k] = v[k] ? memcpy(p, v[k], len) : ABSENT;
        p += len;
    }
    return r;
}

void
imp_reject(struct rec *r, const char *reason)
{
    if (r->act == ACT_REJECT)
        return;
    r->act = ACT_REJECT;
    r->reason = xstrdup(reason);
}

void
imp_keep_raw(struct imp *im, struct rec *r, char *const *cells, size_t n)
{
    r->raw = pool_alloc(&im->pool, (n + 1) * sizeof *r->raw);
    for (size_t j = 0; j < n; j++)
        r->raw[j] = pool_strdup(&im->pool, cells[j] ? cells[j] : "");
    r->raw[n] = NULL;
    r->nraw = n;
}

/* The result's entry for a record. */
struct import_item *
imp_add_item(struct imp *im, long line, int act, const char *id, const char *detail)
{
    struct import_result *res = im->res;
    struct import_item *it;
    struct sbuf w = {0};
    if (res->nitems % 1024 == 0)
        res->items = xrealloc(res->items, (res->nitems + 1024) * sizeof *res->items);
    it = &res->items[res->nitems++];
    memset(it, 0, sizeof *it);
    if (im->sheet) {
        char ref[24];
        sbuf_addf(&w, "%s:%s!%s", im->name, im->sheet->name,
                  sheet_cellref(im->cell_col >= 0 ? (size_t)im->cell_col : 0, line, ref));
    } else if (im->json && jsonio_is_array(im->json))
        sbuf_addf(&w, "%s: record %ld", im->name, line);
    else
        sbuf_addf(&w, "%s:%ld", im->name, line);
    it->where = w.p;
    it->line = line;
    it->action = act == ACT_CREATE    ? IMPORT_CREATED
                 : act == ACT_UPDATE  ? IMPORT_UPDATED
                 : act == ACT_REJECT  ? IMPORT_REJECTED
                                      : IMPORT_UNCHANGED;
    it->id = xstrdup(id ? id : "");
    it->detail = xstrdup(detail ? detail : "");
    return it;
}

/* A refused record, into the result at once with its source cells. */
void
imp_refuse(struct imp *im, long line, const char *reason, char *const *cells, size_t n)
{
    struct import_item *it = imp_add_item(im, line, ACT_REJECT, "", reason);
    if (cells) {
        it->cells = xcalloc(n + 1, sizeof *it->cells);
        for (size_t j = 0; j < n; j++)
            it->cells[j] = xstrdup(cells[j] ? cells[j] : "");
        it->ncells = n;
    }
    im->res->rejected++;
}

/* The values of one input record (cells[j] for source column j, NULL:
 * absent) into im->val. Returns 0; 1 when some wait for their column's
 * date format (those dsts in im->pend, with the raw value); 2 when the
 * record is refused (the reason in im->why); -1 on a fatal error. */
int
imp_take_record(struct imp *im, char *const *cells, size_t n, struct err *e)
{
    long *off; /* into im->row; -1 absent */
    char curs[64][8];
    int money_k[64], nmoney = 0, fatal = 0;
    struct sbuf *composed = &im->composed;
    int rc = 0;

    if (im->noff < im->ndst + 1) {
        im->noff = im->ndst + 1;
        im->off = xrealloc(im->off, im->noff * sizeof *im->off);
        im->val = xrealloc(im->val, im->noff * sizeof *im->val);
    }
    off = im->off;
    im->npend = 0;
    sbuf_reset(&im->row);
    sbuf_reset(&im->why);
    for (size_t k = 0; k < im->ndst; k++) {
        struct dst *d = &im->dst[k];
        const char *raw = d->src >= 0 && (size_t)d->src < n ? cells[d->src] : ABSENT;
        off[k] = -1;
        if (d->src >= 0 && (size_t)d->src >= n && !im->json)
            raw = ""; /* a short CSV row: the missing cells are empty */
        if (d->src2 >= 0) { /* first and last name */
            const char *b = (size_t)d->src2 < n && cells[d->src2] ? cells[d->src2] : "";
            sbuf_reset(composed);
            if (raw)
                sbuf_adds(composed, raw);
            while (composed->len && composed->p[composed->len - 1] == ' ')
                composed->p[--composed->len] = '\0';
            while (*b == ' ')
                b++;
            if (composed->len && *b)
                sbuf_addc(composed, ' ');
            sbuf_adds(composed, b);
            raw = composed->p ? composed->p : "";
        }
        if (raw)
            raw = imp_unguard(raw);
        if (raw && !*raw && im->o->ignore_empty)
            raw = ABSENT;
        const char *v = raw;
        if (raw && *raw) {
            const char *reason = NULL;
            int pending;
            char cur[8];
            v = imp_value_of(im, d, raw, cur, &reason, &pending, e, &fatal);
            if (fatal)
                return -1;
            if (pending) {
                v = raw;
                if (im->npend < 64)
                    im->pend[im->npend++] = (int)k;
            } else if (!v) {
                sbuf_adds(&im->why, reason);
                im->cell_col = d->src;
                return 2;
            } else if (*cur && nmoney < 64) {
                strcpy(curs[nmoney], cur);
                money_k[nmoney++] = (int)k;
            }
        }
        if (v) {
            off[k] = (long)im->row.len;
            sbuf_add(&im->row, v, strlen(v) + 1);
        }
    }
    /* an amount's currency sign must agree with the record's currency */
    if (nmoney) {
        const char *code = im->k_currency >= 0 && off[im->k_currency] >= 0 &&
                                   im->row.p[off[im->k_currency]]
                               ? im->row.p + off[im->k_currency]
                               : im->s->currency;
        for (int i = 0; i < nmoney; i++)
            if (!conv_currency_agrees(curs[i], code)) {
                const struct dst *d = &im->dst[money_k[i]];
                im->cell_col = d->src;
                sbuf_addf(&im->why, "%s '%s' is not in %s%s", d->name, cells[d->src], code,
                          im->k_currency >= 0 ? " (the record's currency)"
                                              : " (config.json currency; import a currency "
                                                "column or give --default currency=...)");
                return 2;
            }
    }
    for (size_t k = 0; k < im->ndst; k++)
        im->val[k] = off[k] >= 0 ? im->row.p + off[k] : ABSENT;
    if (im->npend)
        rc = 1;
    return rc;
}

/* The values that waited for their column's date format. */
int
imp_resolve_dates(struct imp *im, struct err *e)
{
    for (size_t k = 0; k < im->ndst; k++) {
        struct dst *d = &im->dst[k];
        const char **vals;
        int nfit, fatal = 0;
        if (!d->npending)
            continue;
        vals = xcalloc(d->npending + 1, sizeof *vals);
        for (size_t i = 0; i < d->npending; i++)
            vals[i] = im->recs[d->pending[i]].v[k];
        const char *fmt = conv_date_infer(vals, d->npending, &nfit);
        const char *col = d->src >= 0 ? im->head[d->src] : d->name;
        if (fmt) {
            imp_note(im->res, "%s: column '%s': dates read as %s (the one format that fits every value)",
                     im->name, col, fmt);
            d->date_fmt = fmt;
            for (size_t i = 0; i < d->cache.cap; i++) /* its "waiting" entries */
                if (d->cache.slots[i].key)
                    free(d->cache.slots[i].v.ptr);
            hmap_release(&d->cache);
            memset(&d->cache, 0, sizeof d->cache);
        }
        for (size_t i = 0; i < d->npending; i++) {
            struct rec *r = &im->recs[d->pending[i]];
            const char *reason = NULL, *v;
            int pending;
            char cur[8];
            struct sbuf m = {0};
            if (r->act == ACT_REJECT)
                continue;
            if (!fmt) {
                if (nfit > 1)
                    sbuf_addf(&m,
                              "bad %s '%s' (day and month are ambiguous in column '%s': give "
                              "--date-format, e.g. %%d/%%m/%%Y or %%m/%%d/%%Y)",
                              d->name, vals[i], col);
                else
                    sbuf_addf(&m, "bad %s '%s' (expected YYYY-MM-DD, or give --date-format)",
                              d->name, vals[i]);
                imp_reject(r, m.p);
                sbuf_release(&m);
                continue;
            }
            v = imp_value_of(im, d, vals[i], cur, &reason, &pending, e, &fatal);
            if (fatal) {
                free(vals);
                return -1;
            }
            if (!v) {
                imp_reject(r, reason ? reason : "bad date");
                continue;
            }
            r->v[k] = pool_strdup(&im->pool, v);
        }
        free(vals);
    }
    return 0;
}

/* A rep's manager may be a rep of the same import: now that all are
 * read, every one must be on file or in the import. */
int
imp_check_selfrefs(struct imp *im, struct err *e)
{
    struct hmap ids = {0};
    struct sbuf m = {0};
    int any = 0;
    for (size_t k = 0; k < im->ndst; k++)
        any |= im->dst[k].selfref;
    if (!any)
        return 0;
    for (size_t i = 0; i < im->nrecs && im->k_id >= 0; i++) {
        struct rec *r = &im->recs[i];
        if (r->act != ACT_REJECT && (size_t)im->k_id < r->nv && r->v[im->k_id] && *r->v[im->k_id])
            hmap_put(&ids, r->v[im->k_id], NULL);
    }
    for (size_t k = 0; k < im->ndst; k++) {
        struct dst *d = &im->dst[k];
        if (!d->selfref)
            continue;
        for (size_t i = 0; i < im->nrecs; i++) {
            struct rec *r = &im->recs[i];
            const char *v = r->act != ACT_REJECT && k < r->nv ? r->v[k] : NULL;
            int known;
            if (!v || !*v || hmap_get(&ids, v))
                continue;
            if ((known = validate_ref(&im->v, im->ent, v, e)) < 0) {
                hmap_release(&ids);
                return -1;
            }
            if (known)
                continue;
            sbuf_reset(&m);
            sbuf_addf(&m, "unknown %s '%s' (not in %s.csv nor in this import)", d->name, v,
                      im->ent->name);
            imp_reject(r, m.p);
        }
    }
    sbuf_release(&m);
    hmap_release(&ids);
    return 0;
}

/* Read what the checks will need now, so that a file that cannot be read
 * fails the import instead of refusing every row. */
int
imp_preload(struct imp *im, struct err *e)
{
    const struct entity_def *targets[16];
    size_t nt = 0;
    for (size_t k = 0; k < im->ndst && nt < 16; k++) {
        struct dst *d = &im->dst[k];
        const struct column_def *c = d->scol >= 0 ? &im->ent->cols[d->scol] : NULL;
        if (c && c->type == CT_REF)
            targets[nt++] = schema_entity(c->ref);
    }
    if (validate_preload(&im->v, targets, nt, e))
        return -1;
    if (schema_col(im->ent, "stage") >= 0 && im->ent->cols[schema_col(im->ent, "stage")].type == CT_STAGE &&
        !im->have_stages) {
        if (stages_load(im->s, &im->stages, e) < 0)
            return -1;
        im->have_stages = 1;
    }
    return 0;
}
