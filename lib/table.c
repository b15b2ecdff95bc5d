/* table.c — CSV files by column name, and CSV-or-JSON record input (see table.h). */
#include "table.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "hmap.h"
#include "jsonio.h"
#include "text.h"

static struct table *
table_from_csv(struct csvio_reader *csv, const struct entity_def *ent, struct err *e)
{
    struct table *t = xcalloc(1, sizeof *t);
    struct csvio_row *row;
    int rc;

    t->csv = csv;
    t->ent = ent;
    t->name = xstrdup(csvio_name(csv));
    rc = csvio_next(csv, &row, e);
    if (rc < 0)
        goto fail;
    if (rc == 0) {
        err_at(e, t->name, 0, "empty file (no header row)");
        goto fail;
    }
    t->nhead = t->nfile = t->nneed = row->n;
    t->head = xcalloc(row->n + 1, sizeof *t->head);
    t->byname = xcalloc(1, sizeof *t->byname);
    for (size_t i = 0; i < row->n; i++) {
        int is_new;
        struct hmap_entry *he;
        t->head[i] = xstrdup(row->f[i]);
        he = hmap_put_n(t->byname, row->f[i], row->len[i], &is_new);
        if (is_new)
            he->v.num = (int64_t)i;
        else if (*t->head[i]) { /* (several columns without a name are allowed) */
            err_at(e, t->name, row->line, "duplicate column '%s'", t->head[i]);
            goto fail;
        }
    }
    t->nbyname = t->nhead;
    if (ent) {
        t->nneed = 0;
        t->col = xmalloc(ent->ncols * sizeof *t->col);
        for (size_t i = 0; i < ent->ncols; i++) {
            t->col[i] = table_find(t, ent->cols[i].name);
            if (t->col[i] < 0 && (ent->cols[i].flags & COL_KEY)) {
                err_at(e, t->name, row->line,
                       "no '%s' column (is the header row missing or renamed?)",
                       ent->cols[i].name);
                goto fail;
            }
            if (t->col[i] >= 0 && (size_t)t->col[i] + 1 > t->nneed)
                t->nneed = (size_t)t->col[i] + 1;
        }
    }
    return t;
fail:
    table_free(t);
    return NULL;
}

struct table *
table_open_fd(int fd, int own_fd, const char *name, int64_t limit, const struct entity_def *ent,
              struct err *e)
{
    struct csvio_reader *csv = csvio_open_fd(fd, own_fd, name, NULL, 0, limit);
    if (!csv) {
        if (own_fd)
            close(fd);
        err_set(e, "out of memory");
        return NULL;
    }
    return table_from_csv(csv, ent, e);
}

struct table *
table_open(const char *path, const struct entity_def *ent, struct err *e)
{
    struct csvio_reader *csv = csvio_open(path, e);
    if (!csv)
        return NULL;
    return table_from_csv(csv, ent, e);
}

int
table_next(struct table *t, struct err *e)
{
    int rc = csvio_next(t->csv, &t->row, e);
    if (rc <= 0)
        return rc;
    if (t->row->n > t->nhead) {
        for (size_t i = t->nhead; i < t->row->n; i++)
            if (t->row->len[i])
                return err_at(e, t->name, t->row->line, "%zu fields, but the header has %zu",
                              t->row->n, t->nhead);
    } else if (t->row->n < t->nneed && !t->short_ok) {
        /* a short row would read as "not set" in its missing columns: a
         * deal worth 0 in the first stage, a silent wrong answer */
        return err_at(e, t->name, t->row->line, "%zu fields, but the header has %zu",
                      t->row->n, t->nfile);
    }
    return 1;
}

void
table_readahead(struct table *t)
{
    (void)csvio_readahead(t->csv); /* a thread that cannot start: read here */
}

int
table_scan_col(struct table *t, int i, void (*fn)(void *ctx, const char *s, size_t n), void *ctx,
               struct err *e)
{
    int j = t->col[i];
    /* a column the file lacks: past every field, so each row gives "" */
    return csvio_scan_field(t->csv, j < 0 ? (size_t)-1 : (size_t)j, t->nhead, fn, ctx, e);
}

const char *
table_get(const struct table *t, int i)
{
    int j = t->col[i];
    if (j < 0 || (size_t)j >= t->row->n)
        return "";
    return t->row->f[j];
}

const char *
table_cell(const struct table *t, size_t j)
{
    return j < t->row->n ? t->row->f[j] : "";
}

int
table_find(const struct table *t, const char *name)
{
    size_t from = 0;
    if (t->byname) {
        const struct hmap_entry *he = hmap_get(t->byname, name);
        if (he)
            return (int)he->v.num;
        from = t->nbyname;
    }
    for (size_t i = from; i < t->nhead; i++)
        if (strcmp(t->head[i], name) == 0)
            return (int)i;
    return -1;
}

int
table_require(const struct table *t, const char *cols, struct err *e)
{
    char **v = str_split(cols, ',');
    int rc = 0;
    for (char **p = v; *p; p++)
        if (table_find(t, *p) < 0) {
            rc = err_at(e, t->name, 1, "no '%s' column (is the header row missing or renamed?)",
                        *p);
            break;
        }
    strv_free(v);
    return rc;
}

long
table_line(const struct table *t)
{
    return t->row ? t->row->line : 0;
}

const char *
table_key(struct table *t)
{
    const struct entity_def *ent = t->ent;
    int k = -1;
    for (size_t i = 0; i < ent->ncols; i++)
        if (ent->cols[i].flags & COL_KEY) {
            if (k >= 0) /* a key of several columns: joined */
                goto joined;
            k = (int)i;
        }
    return k >= 0 ? table_get(t, k) : "";
joined:
    sbuf_reset(&t->key);
    for (size_t i = 0; i < ent->ncols; i++)
        if (ent->cols[i].flags & COL_KEY) {
            if (t->key.len)
                sbuf_addc(&t->key, '/');
            sbuf_adds(&t->key, table_get(t, (int)i));
        }
    return t->key.p ? t->key.p : "";
}

void
table_free(struct table *t)
{
    if (!t)
        return;
    csvio_free(t->csv);
    for (size_t i = 0; t->head && i < t->nhead; i++)
        free(t->head[i]);
    free(t->head);
    free(t->col);
    free(t->name);
    sbuf_release(&t->key);
    if (t->byname)
        hmap_release(t->byname);
    free(t->byname);
    free(t);
}

/* ---- record input ----------------------------------------------------- */

struct recin {
    struct table *csv;
    struct jsonio_reader *json;
    char *name;
    int fd;
    struct record rec;
    char **vals; /* CSV: header-length value array */
    char where[512];
};

struct recin *
recin_open(const char *path, char delim, struct err *e)
{
    struct recin *r;
    char pre[4096];
    size_t n = 0, i;
    int fd;
    const char *name = strcmp(path, "-") == 0 ? "<stdin>" : path;

    if (strcmp(path, "-") == 0) {
        fd = 0;
    } else if ((fd = open(path, O_RDONLY | O_CLOEXEC)) < 0) {
        err_sys(e, path, "cannot open");
        return NULL;
    }
    /* read until the first byte that is not a BOM or white space */
    for (;;) {
        ssize_t k = read(fd, pre + n, sizeof pre - n);
        if (k < 0 && errno == EINTR)
            continue;
        if (k < 0) {
            err_sys(e, name, "read error");
            if (fd)
                close(fd);
            return NULL;
        }
        n += (size_t)k;
        i = n >= 3 && memcmp(pre, "\xEF\xBB\xBF", 3) == 0 ? 3 : 0;
        while (i < n && strchr(" \t\r\n", pre[i]))
            i++;
        if (k == 0 || i < n || n == sizeof pre)
            break;
    }
    r = xcalloc(1, sizeof *r);
    r->name = xstrdup(name);
    r->fd = fd;
    if (i < n && (pre[i] == '[' || pre[i] == '{')) {
        r->json = jsonio_open_fd(fd, name, pre, n, e);
        if (!r->json)
            goto fail;
    } else if (i < n) {
        struct csvio_reader *csv = csvio_open_fd(fd, 0, name, pre, n, 0);
        csvio_set_delim(csv, delim ? delim : ',');
        r->csv = table_from_csv(csv, NULL, e);
        if (!r->csv)
            goto fail;
        r->csv->short_ok = 1; /* input records: a missing trailing cell is not set */
        r->vals = xcalloc(r->csv->nhead + 1, sizeof *r->vals);
    }
    return r;
fail:
    recin_free(r);
    return NULL;
}

int
recin_lacks(const struct recin *r, const char *name)
{
    return r->csv && table_find(r->csv, name) < 0;
}

int
recin_next(struct recin *r, struct record **rec, struct err *e)
{
    int rc;
    if (r->json) {
        struct jsonio_record *jr;
        rc = jsonio_next(r->json, &jr, e);
        if (rc <= 0)
            return rc;
        r->rec.n = jr->n;
        r->rec.names = jr->keys;
        r->rec.values = jr->values;
        r->rec.line = jr->line;
    } else if (r->csv) {
        rc = table_next(r->csv, e);
        if (rc <= 0)
            return rc;
        for (size_t i = 0; i < r->csv->nhead; i++)
            r->vals[i] = (char *)table_cell(r->csv, i);
        r->rec.n = r->csv->nhead;
        r->rec.names = r->csv->head;
        r->rec.values = r->vals;
        r->rec.line = table_line(r->csv);
    } else {
        return 0; /* empty input: no records */
    }
    *rec = &r->rec;
    return 1;
}

const char *
recin_where(struct recin *r)
{
    if (r->json && jsonio_is_array(r->json))
        snprintf(r->where, sizeof r->where, "%s: record %ld", r->name, r->rec.line);
    else
        snprintf(r->where, sizeof r->where, "%s:%ld", r->name, r->rec.line);
    return r->where;
}

const char *
record_get(const struct record *rec, const char *name)
{
    for (size_t i = 0; i < rec->n; i++)
        if (strcmp(rec->names[i], name) == 0)
            return rec->values[i];
    return NULL;
}

void
recin_free(struct recin *r)
{
    if (!r)
        return;
    table_free(r->csv);
    jsonio_free(r->json);
    if (r->fd > 0)
        close(r->fd);
    free(r->vals);
    free(r->name);
    free(r);
}
