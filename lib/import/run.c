/*
 * run.c — the run: one import from the start to the history rows, and its result.
 */
#include "import_int.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

/* ---- results ---------------------------------------------------------- */

void
import_result_release(struct import_result *r)
{
    for (size_t i = 0; i < r->nitems; i++) {
        free(r->items[i].where);
        free(r->items[i].id);
        free(r->items[i].detail);
        for (size_t j = 0; j < r->items[i].ncells; j++)
            free(r->items[i].cells[j]);
        free(r->items[i].cells);
    }
    free(r->items);
    for (size_t i = 0; i < r->nnotes; i++)
        free(r->notes[i]);
    free(r->notes);
    for (size_t i = 0; i < r->nhead; i++)
        free(r->head[i]);
    free(r->head);
    memset(r, 0, sizeof *r);
}

void
imp_note(struct import_result *r, const char *fmt, ...)
{
    va_list ap;
    struct sbuf b = {0};
    char buf[2048];
    va_start(ap, fmt);
    vsnprintf(buf, sizeof buf, fmt, ap);
    va_end(ap);
    sbuf_adds(&b, buf);
    r->notes = xrealloc(r->notes, (r->nnotes + 1) * sizeof *r->notes);
    r->notes[r->nnotes++] = b.p;
}

int
import_write_rejects(const struct import_result *r, const char *path, struct err *e)
{
    struct outfile of;
    struct sbuf b = {0};
    const char **f;
    int rc;

    if (outfile_open(&of, path, e))
        return -1;
    f = xcalloc(r->nhead + 3, sizeof *f);
    f[0] = "_where";
    f[1] = "_reason";
    for (size_t j = 0; j < r->nhead; j++)
        f[j + 2] = r->head[j];
    csvio_add_row(&b, f, r->nhead + 2, ',', 0);
    for (size_t i = 0; i < r->nitems; i++) {
        const struct import_item *it = &r->items[i];
        if (it->action != IMPORT_REJECTED)
            continue;
        f[0] = it->where;
        f[1] = it->detail;
        for (size_t j = 0; j < r->nhead; j++)
            f[j + 2] = j < it->ncells ? it->cells[j] : "";
        csvio_add_row(&b, f, r->nhead + 2, ',', 0);
        if (b.len > 65536) {
            fwrite(b.p, 1, b.len, of.fp);
            sbuf_reset(&b);
        }
    }
    if (b.len)
        fwrite(b.p, 1, b.len, of.fp);
    rc = outfile_commit(&of, e);
    free(f);
    sbuf_release(&b);
    return rc;
}


void
imp_progress(struct imp *im, const char *phase, int64_t done, int64_t total)
{
    if (im->o->progress)
        im->o->progress(im->o->progress_ctx, phase, done, total);
}

/* ---- the run ---------------------------------------------------------- */

static void
imp_release(struct imp *im)
{
    for (size_t k = 0; k < im->ndst; k++) {
        struct dst *d = &im->dst[k];
        for (size_t i = 0; i < d->cache.cap; i++)
            if (d->cache.slots[i].key)
                free(d->cache.slots[i].v.ptr);
        hmap_release(&d->cache);
        free(d->name);
        free(d->pending);
        free(d->xl);
        if (d->defval) {
            free(*d->defval);
            free(d->defval);
        }
    }
    free(im->dst);
    hmap_release(&im->dstix);
    hmap_release(&im->headix);
    hmap_release(&im->fheadix);
    hmap_release(&im->fheadloose);
    for (size_t i = 0; i < im->nrecs; i++) {
        struct rec *r = &im->recs[i];
        free(r->reason);
        for (size_t j = 0; j < r->nch; j++)
            free(r->ch[j].val);
        free(r->ch);
    }
    free(im->recs);
    for (size_t i = 0; i < 16; i++) {
        struct refmap *rm = &im->refs[i];
        for (size_t j = 0; j < rm->byname.cap; j++)
            if (rm->byname.slots[j].key && rm->byname.slots[j].v.ptr != imp_ambiguous)
                free(rm->byname.slots[j].v.ptr);
        hmap_release(&rm->byname);
    }
    if (im->out) {
        imp_orec_release(im->out);
        free(im->out);
    }
    free(im->dfcol);
    free(im->val);
    free(im->srcmap);
    free(im->matchk);
    spool_release(&im->lines);
    free(im->wrid);
    free(im->line);
    free(im->off);
    hmap_release(&im->bykey);
    free(im->idline);
    hmap_release(&im->filekey);
    if (im->cur)
        table_free(im->cur);
    if (im->probe)
        table_free(im->probe);
    sbuf_release(&im->cmpwhy);
    free(im->filerow);
    idset_release(&im->ids);
    pool_release(&im->pool);
    csvio_free(im->csv);
    jsonio_free(im->json);
    if (im->sheet) {
        sheet_release(im->sheet);
        free(im->sheet);
    }
    if (im->have_v)
        validator_release(&im->v);
    if (im->have_stages)
        stages_release(&im->stages);
    sbuf_release(&im->tmp);
    sbuf_release(&im->tmp2);
    sbuf_release(&im->vout);
    sbuf_release(&im->row);
    sbuf_release(&im->key);
    sbuf_release(&im->why);
    sbuf_release(&im->composed);
}

static int
by_line(const void *a, const void *b)
{
    long x = ((const struct import_item *)a)->line, y = ((const struct import_item *)b)->line;
    return (x > y) - (x < y);
}

/* After the whole input is read: the records kept for it decided. */
static int
finish(struct imp *im, struct err *e)
{
    if (imp_resolve_dates(im, e) || imp_check_selfrefs(im, e))
        return -1;
    for (size_t i = 0; i < im->nrecs; i++) { /* those kept until the input was read */
        struct rec *r = &im->recs[i];
        if (!r->done && r->act == ACT_NONE && r->row < 0 && imp_place(im, r, (long)i, NULL, 0, e))
            return -1;
    }
    if (imp_compare_pass(im, e))
        return -1;
    for (size_t i = 0; i < im->nrecs; i++) {
        struct rec *r = &im->recs[i];
        struct import_item *it;
        if (r->done)
            continue;
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
        if (!im->o->keep_items && r->act != ACT_REJECT)
            continue;
        it = imp_add_item(im, r->line, r->act, r->id,
                          r->act == ACT_UPDATE || r->act == ACT_REJECT ? r->reason : "");
        if (r->act == ACT_REJECT && r->raw) {
            it->cells = xcalloc(r->nraw + 1, sizeof *it->cells);
            for (size_t j = 0; j < r->nraw; j++)
                it->cells[j] = xstrdup(r->raw[j]);
            it->ncells = r->nraw;
        }
    }
    /* in the input's order (qsort is not stable, but no two share a line) */
    if (im->res->nitems > 1)
        qsort(im->res->items, im->res->nitems, sizeof *im->res->items, by_line);
    return 0;
}

/* One attempt at an import; whole: read the file whole and decode it.
 * *bad_text: it failed on a line that is not UTF-8, in a file read from
 * the disk as UTF-8. */
static int
import_once(struct store *s, const struct entity_def *ent, const char *path,
            const struct import_opts *o, struct import_result *res, struct err *e, int whole,
            int *bad_text)
{
    struct imp im;
    char *buf = NULL;
    size_t len = 0;
    int rc = -1, is_json;

    memset(&im, 0, sizeof im);
    memset(res, 0, sizeof *res);
    spool_init(&im.lines, s->dir);
    im.s = s;
    im.ent = ent;
    im.o = o;
    im.res = res;
    im.name = strcmp(path, "-") == 0 ? "<stdin>" : path;
    im.k_id = im.k_created = im.k_updated = im.k_currency = -1;
    im.cell_col = -1;
    im.first_day = date_from_ymd(1, 1, 1);
    im.last_day = date_from_ymd(9999, 12, 31);

    if (ent == &schema_stages || ent == &schema_history)
        return err_set(e, "%s cannot be imported (edit %s.csv itself)", ent->name, ent->name);
    /* a workbook is read by sheet.h; a UTF-8 file is parsed from the disk;
     * anything else is read and decoded first */
    int workbook = strcmp(path, "-") != 0 && sheet_kind_of_file(path) != 0;
    if (!workbook && o->sheet)
        return err_at(e, im.name, 0, "--sheet %s: not an .xlsx or .ods workbook", o->sheet);
    int streamed = !workbook && !whole &&
                   (!o->encoding || !strcasecmp(o->encoding, "utf-8") ||
                    !strcasecmp(o->encoding, "utf8")) &&
                   imp_stream_candidate(path, &buf, &len);
    if (streamed || workbook) {
        struct stat st;
        im.size = stat(path, &st) == 0 ? (int64_t)st.st_size : 0;
    } else {
        if (imp_read_all(path, im.name, &buf, &len, e))
            return -1;
        if (imp_decode(&im, &buf, &len, e))
            goto out;
        im.size = (int64_t)len;
    }
    imp_progress(&im, "reading", im.size, im.size);
    if (store_lock(s, e))
        goto out;
    if (validator_init(&im.v, s, ent, e))
        goto out;
    im.have_v = 1;
    im.fhead = im.v.header;
    im.nfhead = strv_len(im.v.header);

    if (workbook) {
        if (imp_read_sheet(&im, path, e))
            goto out;
        goto read;
    }
    {
        size_t i = 0;
        while (i < len && strchr(" \t\r\n", buf[i]))
            i++;
        if (streamed && i + 3 <= len && memcmp(buf + i, "\xEF\xBB\xBF", 3) == 0)
            for (i += 3; i < len && strchr(" \t\r\n", buf[i]); i++)
                ;
        is_json = i < len && (buf[i] == '[' || buf[i] == '{');
        if (i == len && (!streamed || len < 65536)) {
            err_at(e, im.name, 0, "empty file (no header row)");
            goto out;
        }
    }
    if (streamed && !is_json) {
        size_t b = len >= 3 && memcmp(buf, "\xEF\xBB\xBF", 3) == 0 ? 3 : 0;
        if (len - b >= 4 && !strncasecmp(buf + b, "sep=", 4))
            is_json = -1; /* Excel's sep= line: read it whole, it is skipped in memory */
    }
    if (is_json && streamed) { /* JSON is read whole */
        free(buf);
        buf = NULL;
        if (imp_read_all(path, im.name, &buf, &len, e) || imp_decode(&im, &buf, &len, e))
            goto out;
        streamed = 0;
    }
    if (is_json < 0)
        is_json = 0;
    if (is_json ? imp_read_json(&im, buf, len, e)
                : imp_read_csv(&im, buf, len, streamed ? path : NULL, e))
        goto out;
read:
    free(buf);
    buf = NULL;
    if (finish(&im, e))
        goto out;
    res->head = xcalloc(im.nhead + 1, sizeof *res->head);
    for (size_t j = 0; j < im.nhead; j++)
        res->head[j] = xstrdup(im.head[j]);
    res->nhead = im.nhead;
    /* before the data: a rejects file that cannot be written stops the
     * import with nothing imported */
    if (o->rejects && import_write_rejects(res, o->rejects, e))
        goto out;
    if (res->rejected && !o->partial) {
        err_set(e, "nothing imported: %zu row%s refused (--partial imports the others)",
                res->rejected, res->rejected == 1 ? "" : "s");
        goto out;
    }
    /* a dry run too: the store then rolls it back (s->dry_run) */
    res->writing = 1;
    if (imp_write_all(&im, e))
        goto out;
    rc = 0;
out:
    *bad_text = rc && streamed && im.csv && csvio_bad_text(im.csv);
    free(buf);
    for (size_t j = 0; j < im.nhead; j++)
        free(im.head[j]);
    free(im.head);
    imp_release(&im);
    return rc;
}

int
import_run(struct store *s, const struct entity_def *ent, const char *path,
           const struct import_opts *o, struct import_result *res, struct err *e)
{
    int bad = 0, rc = import_once(s, ent, path, o, res, e, 0, &bad);
    if (rc && bad) {
        /* a line past the first megabyte is not UTF-8: nothing was written,
         * so start over, the file read whole and decoded, as one that
         * shows it sooner is */
        import_result_release(res);
        rc = import_once(s, ent, path, o, res, e, 1, &bad);
    }
    return rc;
}
