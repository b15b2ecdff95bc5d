/*
 * store_locate.c — one record of a big file found without reading the
 * file, and a fixed-width value of it overwritten in place.
 *
 * The files of the data directory hold their records in the order the
 * ids were given (appends, rewrites and imports keep it), so a record is
 * found by bisecting the file's bytes on the id's number: a few preads
 * of a page each, whatever the size of the file. What is found is
 * checked: the line parses as a whole record of the header's width with
 * that id. A file out of order, an id of another form, a record that is
 * not there, all answer "cannot tell" and the caller reads the whole file
 * as before. Used by the touch rule of activity-log (store_touch) and by
 * the reference checks of a few records (store_locate).
 */
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "store.h"
#include "store_int.h"
#include "sysio.h"
#include "text.h"

#define PROBE 4096           /* bytes read at each step of the bisection */
#define LAST_SPAN (64 << 10) /* the bisection stops at this much, read whole */
#define REC_MAX (64 << 10)   /* a longer record is not looked for here */

/* One record's fields as offsets into a buffer. */
struct rec {
    size_t len; /* bytes, its line end included */
    size_t nf;
    size_t start[256], end[256]; /* of each field's text (quotes excluded) */
    int quoted[256];
};

/* Parse the record at p[0..n): 1 when whole (r filled), 0 when it runs
 * past n, -1 when it is not a record this reader takes (a stray quote,
 * more than 256 fields). */
static int
rec_parse(const char *p, size_t n, struct rec *r)
{
    size_t i = 0;
    r->nf = 0;
    for (;;) {
        if (r->nf == 256)
            return -1;
        size_t f = r->nf++;
        r->quoted[f] = i < n && p[i] == '"';
        if (r->quoted[f]) {
            r->start[f] = ++i;
            for (;; i++) {
                if (i >= n)
                    return 0;
                if (p[i] == '"') {
                    if (i + 1 >= n)
                        return 0;
                    if (p[i + 1] != '"')
                        break;
                    i++;
                }
            }
            r->end[f] = i++;
        } else {
            r->start[f] = i;
            while (i < n && p[i] != ',' && p[i] != '\n' && p[i] != '\r') {
                if (p[i] == '"')
                    return -1;
                i++;
            }
            r->end[f] = i;
        }
        if (i >= n)
            return 0;
        if (p[i] == ',') {
            i++;
            continue;
        }
        if (p[i] == '\r') {
            if (i + 1 >= n)
                return 0;
            if (p[i + 1] != '\n')
                return -1;
            i++;
        }
        if (p[i] != '\n')
            return -1;
        r->len = i + 1;
        return 1;
    }
}

/* The number at the start of a line when the line starts "<prefix><digits>,"
 * (an id, as the first column holds it), else -1. */
static long long
line_id(const char *p, size_t n, char prefix)
{
    size_t i = 1;
    long long k = 0;
    if (n < 3 || p[0] != prefix)
        return -1;
    while (i < n && p[i] >= '0' && p[i] <= '9' && i < 19)
        k = k * 10 + (p[i++] - '0');
    return i > 1 && i < n && p[i] == ',' ? k : -1;
}

struct located {
    int64_t off; /* where the record starts in the file */
    struct rec r;
    char *buf;   /* the record's bytes (owned) */
    size_t nh;   /* the header's width */
    int j_col;   /* a column asked for, or -1 */
};

/* Bisect fd (size bytes, records from hdr_end on, id in the first column)
 * for key. 1 with *L filled, 0 when it cannot be told here, -1 on a read
 * error. */
static int
bisect(int fd, int64_t hdr_end, int64_t size, char prefix, const char *key, struct located *L,
       const char *path, struct err *e)
{
    long long want = schema_id_number(key, prefix);
    size_t klen = strlen(key);
    int64_t lo = hdr_end, hi = size;
    char probe[PROBE];
    char *span = NULL;
    int rc = 0;

    if (want < 0)
        return 0;
    while (hi - lo > LAST_SPAN) {
        int64_t mid = lo + (hi - lo) / 2, ls = -1;
        ssize_t k = pread(fd, probe, sizeof probe, mid);
        long long got = -1;
        if (k < 0)
            return err_sys(e, path, "read error");
        /* the first line start after mid that reads as an id */
        for (char *p = probe, *end = probe + k, *nl; p < end; p = nl + 1) {
            if (!(nl = memchr(p, '\n', (size_t)(end - p))))
                break;
            if ((got = line_id(nl + 1, (size_t)(end - nl - 1), prefix)) >= 0) {
                ls = mid + (nl + 1 - probe);
                break;
            }
        }
        if (ls < 0 || ls >= hi) {
            hi = mid; /* no record starts in [mid, hi) that we can see */
            continue;
        }
        if (got < want)
            lo = ls;
        else if (got > want)
            hi = ls;
        else {
            lo = hi = ls;
            break;
        }
    }
    /* lo is a line start: read from it to past hi, a record's length more */
    size_t n = (size_t)((hi + REC_MAX < size ? hi + REC_MAX : size) - lo);
    span = xmalloc(n ? n : 1);
    ssize_t got = pread(fd, span, n, lo);
    if (got < 0) {
        free(span);
        return err_sys(e, path, "read error");
    }
    n = (size_t)got;
    for (size_t i = 0; i < n && lo + (int64_t)i <= hi;) {
        if (line_id(span + i, n - i, prefix) == want && n - i > klen &&
            memcmp(span + i, key, klen) == 0 && span[i + klen] == ',') {
            if (rec_parse(span + i, n - i, &L->r) == 1 && L->r.nf == L->nh) {
                L->off = lo + (int64_t)i;
                L->buf = xmalloc(L->r.len);
                memcpy(L->buf, span + i, L->r.len);
                rc = 1;
            }
            break;
        }
        const char *nl = memchr(span + i, '\n', n - i);
        if (!nl)
            break;
        i = (size_t)(nl - span) + 1;
    }
    free(span);
    return rc;
}

/* Open ent's file and find key in it: 1 found (L filled, *fd open when fd
 * is not NULL), 0 cannot tell, -1 error. col: a column whose position
 * L->j_col gets (-1 when the file has none). */
static int
locate(struct store *s, const struct entity_def *ent, const char *key, const char *col, int flags,
       int *pfd, struct stat *st, struct located *L, struct err *e)
{
    char *path = entity_path(s, ent);
    char buf[PROBE * 4];
    int fd, rc = 0;
    memset(L, 0, sizeof *L);
    L->j_col = -1;
    if (!ent->id_prefix || (fd = open_data(path, flags, st, e)) < 0) {
        free(path);
        return ent->id_prefix ? -1 : 0;
    }
    ssize_t k = pread(fd, buf, sizeof buf, 0);
    struct rec *h = &L->r;
    if (k < 0) {
        rc = err_sys(e, path, "read error");
    } else if (rec_parse(buf, (size_t)k, h) == 1 && h->end[0] - h->start[0] == 2 &&
               memcmp(buf + h->start[0], "id", 2) == 0) {
        L->nh = h->nf;
        for (size_t i = 0; col && i < h->nf; i++)
            if (h->end[i] - h->start[i] == strlen(col) &&
                memcmp(buf + h->start[i], col, strlen(col)) == 0)
                L->j_col = (int)i;
        rc = bisect(fd, (int64_t)h->len, (int64_t)st->st_size, ent->id_prefix, key, L, path, e);
    }
    if (rc == 1 && pfd)
        *pfd = fd;
    else
        close(fd);
    free(path);
    return rc;
}

int
store_locate(struct store *s, const struct entity_def *ent, const char *key, struct err *e)
{
    struct located L;
    struct stat st;
    int rc = locate(s, ent, key, NULL, O_RDONLY, NULL, &st, &L, e);
    free(L.buf);
    return rc;
}

int
store_locate_at(struct store *s, const struct entity_def *ent, const char *key, int64_t *off,
                int64_t *len, struct err *e)
{
    struct located L;
    struct stat st;
    int rc = locate(s, ent, key, NULL, O_RDONLY, NULL, &st, &L, e);
    if (rc == 1) {
        *off = L.off;
        *len = (int64_t)L.r.len;
    }
    free(L.buf);
    return rc;
}

/* A value the touch rule may put over another in place: a timestamp as
 * ts_format writes it (fixed width, no character CSV would quote). */
static int
fixed_ts(const char *p, size_t n)
{
    static const char form[] = "dddd-dd-ddTdd:dd:ddZ";
    if (n != sizeof form - 1)
        return 0;
    for (size_t i = 0; i < n; i++)
        if (form[i] == 'd' ? !(p[i] >= '0' && p[i] <= '9') : p[i] != form[i])
            return 0;
    return 1;
}

int
store_touch(struct store *s, const struct entity_def *ent, const char *const *keys, size_t n,
            const char *col, const char *value, struct err *e)
{
    struct located *L = xcalloc(n ? n : 1, sizeof *L);
    int *fds = xcalloc(n ? n : 1, sizeof *fds);
    struct stat st;
    size_t vlen = strlen(value), found = 0;
    int rc = 1, trusted;
    char *path = entity_path(s, ent);

    if (!s->locked) {
        rc = err_set(e, "internal error: write without the lock");
        goto out;
    }
    if (!fixed_ts(value, vlen))
        goto out;
    /* every record found, and its old value of the same width, before
     * anything is written: otherwise the caller rewrites the file */
    for (; found < n; found++) {
        int k = locate(s, ent, keys[found], col, O_RDWR, &fds[found], &st, &L[found], e);
        if (k < 0)
            rc = -1;
        if (k != 1)
            goto out;
        const struct rec *r = &L[found].r;
        int j = L[found].j_col;
        if (j < 0 || r->quoted[j] || !fixed_ts(L[found].buf + r->start[j], r->end[j] - r->start[j]))
            goto out;
    }
    trusted = ids_trusted(s, ent);
    for (size_t i = 0; i < n; i++) {
        const struct rec *r = &L[i].r;
        const char *old = L[i].buf + r->start[L[i].j_col];
        off_t at = (off_t)(L[i].off + (int64_t)r->start[L[i].j_col]);
        if (memcmp(old, value, vlen) == 0)
            continue;
        if (fstat(fds[i], &st) != 0) {
            rc = err_sys(e, path, "cannot stat");
            goto out;
        }
        if (journal_patch(&s->jn, path, &st, (int64_t)at, old, vlen, e)) {
            rc = -1;
            goto out;
        }
        note_mtime(s, path, &st);
        if (sys_pwrite(fds[i], value, vlen, at) != (ssize_t)vlen || sys_fdatasync(fds[i]) != 0) {
            rc = err_sys(e, path, "write error");
            goto out;
        }
    }
    /* the id cache takes the file's new mtime only when it knew the file
     * (a record made here, without one, would hide history.csv's ids) */
    rc = trusted && note_ids(s, ent, 0, trusted, e) ? -1 : 0;
out:
    for (size_t i = 0; i < n; i++) {
        if (L[i].buf)
            close(fds[i]);
        free(L[i].buf);
    }
    free(L);
    free(fds);
    free(path);
    return rc;
}
