/*
 * read.c — reading the input: the file whole or streamed, its encoding made UTF-8,
 * the delimiter guessed, then CSV or JSON records one by one.
 */
#include "import_int.h"

#include <errno.h>
#include <fcntl.h>
#include <iconv.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/* ---- reading and decoding --------------------------------------------- */

int
imp_read_all(const char *path, const char *name, char **buf, size_t *len, struct err *e)
{
    int fd = strcmp(path, "-") == 0 ? 0 : open(path, O_RDONLY | O_CLOEXEC);
    size_t cap = 1 << 16, n = 0;
    char *b;

    if (fd < 0)
        return err_sys(e, path, "cannot open");
    b = xmalloc(cap + 1);
    for (;;) {
        ssize_t k;
        if (n == cap) {
            cap *= 2;
            b = xrealloc(b, cap + 1);
        }
        k = read(fd, b + n, cap - n);
        if (k < 0 && errno == EINTR)
            continue;
        if (k < 0) {
            err_sys(e, name, "read error");
            free(b);
            if (fd)
                close(fd);
            return -1;
        }
        if (k == 0)
            break;
        n += (size_t)k;
    }
    if (fd)
        close(fd);
    b[n] = '\0';
    *buf = b;
    *len = n;
    return 0;
}

static long
line_of(const char *buf, size_t pos)
{
    long line = 1;
    for (size_t i = 0; i < pos; i++)
        line += buf[i] == '\n';
    return line;
}

/* Convert in[0..n) from encoding `from` to UTF-8. Returns a new buffer,
 * or NULL with e set (unless quiet). */
static char *
to_utf8(const char *from, const char *name, const char *in, size_t n, size_t *outlen,
        int quiet, struct err *e)
{
    iconv_t cd = iconv_open("UTF-8", from);
    size_t cap = n + n / 4 + 64, used = 0;
    char *out, *ip = (char *)in;
    size_t left = n;

    if (cd == (iconv_t)-1) {
        if (!quiet)
            err_at(e, name, 0, "unknown encoding '%s' (try utf-8, windows-1252, latin1, utf-16)",
                   from);
        return NULL;
    }
    out = xmalloc(cap + 1);
    while (left > 0) {
        char *op = out + used;
        size_t room = cap - used;
        size_t k = iconv(cd, &ip, &left, &op, &room);
        used = (size_t)(op - out);
        if (k != (size_t)-1)
            break;
        if (errno == E2BIG) {
            cap *= 2;
            out = xrealloc(out, cap + 1);
            continue;
        }
        if (!quiet)
            err_at(e, name, line_of(in, (size_t)(ip - in)), "not valid %s: cannot convert it to UTF-8",
                   from);
        free(out);
        iconv_close(cd);
        return NULL;
    }
    iconv_close(cd);
    out[used] = '\0';
    *outlen = used;
    return out;
}

/* A regular file whose first megabyte is valid UTF-8: it can be parsed
 * straight from the disk (should a later line not be, the import starts
 * over from the decoded file: see import_run). Its first bytes (up to
 * 64 KiB, for the delimiter and the kind of input) go to head. */
int
imp_stream_candidate(const char *path, char **head, size_t *hlen)
{
    enum { CHUNK = 1 << 20 };
    struct stat st;
    char *buf;
    ssize_t k;
    size_t end;
    int fd, ok;

    *head = NULL;
    *hlen = 0;
    if (strcmp(path, "-") == 0 || stat(path, &st) != 0 || !S_ISREG(st.st_mode))
        return 0;
    if ((fd = open(path, O_RDONLY | O_CLOEXEC)) < 0)
        return 0;
    buf = xmalloc(CHUNK);
    do
        k = read(fd, buf, CHUNK);
    while (k < 0 && errno == EINTR);
    close(fd);
    if (k < 0) {
        free(buf);
        return 0;
    }
    end = (size_t)k;
    if (end == CHUNK) /* a character cut at the end of the chunk is the next's */
        for (size_t back = 1; back <= 3 && back <= end; back++) {
            unsigned char c = (unsigned char)buf[end - back];
            if (c >= 0xC0) {
                if (back < (size_t)(c >= 0xF0 ? 4 : c >= 0xE0 ? 3 : 2))
                    end -= back;
                break;
            }
            if (c < 0x80)
                break;
        }
    ok = utf8_valid(buf, end) && !memchr(buf, '\0', end);
    if (ok) {
        *hlen = (size_t)k < 65536 ? (size_t)k : 65536;
        *head = xmalloc(*hlen + 1);
        memcpy(*head, buf, *hlen);
        (*head)[*hlen] = '\0';
    }
    free(buf);
    return ok;
}


/* The offset of the first byte of s[0..n) that is not part of well-formed
 * UTF-8 (n when there is none). *multibyte is set when a well-formed
 * sequence of two or more bytes comes before it: text that is UTF-8. */
static size_t
first_bad_utf8(const char *s, size_t n, int *multibyte)
{
    const unsigned char *u = (const unsigned char *)s;
    size_t i = 0;

    *multibyte = 0;
    while (i < n) {
        if (u[i] < 0x80) {
            i++;
            continue;
        }
        size_t k = u[i] >= 0xF0 ? 4 : u[i] >= 0xE0 ? 3 : 2;
        if (k > n - i || !utf8_valid(s + i, k))
            return i;
        *multibyte = 1;
        i += k;
    }
    return n;
}

/* Make buf UTF-8 without a BOM: as the user said, from a BOM, or by
 * looking. A file with no UTF-8 character in it that is not valid UTF-8
 * is read as Windows-1252 (Latin-1 where that fails); one whose text
 * before the first bad byte is UTF-8 (a character, or a BOM) is refused
 * at that byte: re-reading all of it in another encoding would garble
 * every character that was right. */
int
imp_decode(struct imp *im, char **buf, size_t *len, struct err *e)
{
    const char *enc = im->o->encoding;
    unsigned char *u = (unsigned char *)*buf;
    char *out = NULL;
    size_t n = *len, outlen = 0;

    if (!enc && n >= 2 && ((u[0] == 0xFF && u[1] == 0xFE) || (u[0] == 0xFE && u[1] == 0xFF)))
        enc = "UTF-16"; /* iconv reads the byte order from the mark */
    if (enc && (!strcasecmp(enc, "utf-8") || !strcasecmp(enc, "utf8")))
        enc = NULL;
    int bom = 0;
    if (!enc && n >= 3 && memcmp(u, "\xEF\xBB\xBF", 3) == 0) {
        memmove(*buf, *buf + 3, n - 3 + 1);
        n -= 3;
        *len = n;
        bom = 1;
    }
    if (!enc) {
        int multibyte;
        size_t bad;
        if (utf8_valid(*buf, n))
            return 0;
        bad = first_bad_utf8(*buf, n, &multibyte);
        if (im->o->encoding) /* said UTF-8, but it is not */
            return err_at(e, im->name, line_of(*buf, bad), "invalid UTF-8");
        if (multibyte || bom)
            return err_at(e, im->name, line_of(*buf, bad),
                          "invalid UTF-8 (byte 0x%02X) in a file with UTF-8 text: correct it, "
                          "or name the file's encoding with --encoding (windows-1252, latin1, ...)",
                          (unsigned char)(*buf)[bad]);
        out = to_utf8("WINDOWS-1252", im->name, *buf, n, &outlen, 1, e);
        if (out) {
            imp_note(im->res, "%s: not UTF-8: read as Windows-1252 (say --encoding if it is not)",
                     im->name);
        } else {
            out = to_utf8("ISO-8859-1", im->name, *buf, n, &outlen, 0, e);
            if (!out)
                return -1;
            imp_note(im->res, "%s: not UTF-8: read as Latin-1 (say --encoding if it is not)",
                     im->name);
        }
    } else {
        if (!(out = to_utf8(enc, im->name, *buf, n, &outlen, 0, e)))
            return -1;
        if (outlen >= 3 && memcmp(out, "\xEF\xBB\xBF", 3) == 0) {
            memmove(out, out + 3, outlen - 3 + 1);
            outlen -= 3;
        }
    }
    free(*buf);
    *buf = out;
    *len = outlen;
    return 0;
}

/* The delimiter that occurs most often outside quotes in the first
 * record; ',' when none does. */
static char
detect_delim(const char *s, size_t n)
{
    size_t counts[3] = {0, 0, 0};
    const char cand[3] = {',', ';', '\t'};
    int q = 0;
    for (size_t i = 0; i < n; i++) {
        if (s[i] == '"')
            q = !q;
        else if (!q && (s[i] == '\n' || s[i] == '\r'))
            break;
        else if (!q)
            for (int k = 0; k < 3; k++)
                counts[k] += s[i] == cand[k];
    }
    int best = 0;
    for (int k = 1; k < 3; k++)
        if (counts[k] > counts[best])
            best = k;
    return cand[best];
}

/* ---- reading the input ------------------------------------------------ */


int
imp_read_csv(struct imp *im, char *buf, size_t len, const char *path, struct err *e)
{
    char delim = im->o->delim;
    size_t off = 0;
    struct csvio_row *row;
    int rc;
    int64_t nrows = 0;

    if (path && len >= 3 && memcmp(buf, "\xEF\xBB\xBF", 3) == 0) { /* csvio drops it */
        buf += 3;
        len -= 3;
    }
    /* Excel's "sep=;" first line names the delimiter */
    if (len >= 5 && !strncasecmp(buf, "sep=", 4) && (buf[5] == '\n' || buf[5] == '\r' || !buf[5])) {
        if (!delim)
            delim = buf[4];
        off = 5; /* the rest of that line reads as a blank line, still counted */
    }
    if (!delim)
        delim = detect_delim(buf + off, len - off);
    if (delim != ',')
        imp_note(im->res, "%s: columns separated by '%s'", im->name,
                 delim == '\t' ? "tab" : delim == ';' ? ";" : "|");
    /* the first blank line (left by sep=) keeps its number */
    if (path) { /* straight from the disk */
        if (!(im->csv = csvio_open(path, e)))
            return -1;
    } else {
        im->csv = csvio_open_mem(buf + off, len - off, im->name);
    }
    csvio_set_delim(im->csv, delim);
    rc = csvio_next(im->csv, &row, e);
    if (rc < 0)
        return -1;
    if (rc == 0)
        return err_at(e, im->name, 0, "empty file (no header row)");
    im->nhead = row->n;
    im->head = xcalloc(row->n + 1, sizeof *im->head);
    for (size_t j = 0; j < row->n; j++) {
        const char *h = row->f[j];
        size_t n = row->len[j];
        while (n && (*h == ' ' || *h == '\t'))
            h++, n--;
        while (n && (h[n - 1] == ' ' || h[n - 1] == '\t'))
            n--;
        if (n >= 2 && imp_unguard(h) != h) /* sales-export --safe guards names too */
            h++, n--;
        im->head[j] = xstrndup(h, n);
    }
    for (size_t j = 0; j < im->nhead; j++)
        if (imp_map_column(im, j, e))
            return -1;
    if (imp_finish_mapping(im, e) || imp_preload(im, e) || imp_ready(im, e))
        return -1;
    /* a big file is parsed on a second thread while this one checks */
    if ((path ? im->size : (int64_t)len) >= READAHEAD_MIN)
        csvio_readahead(im->csv);
    while ((rc = csvio_next(im->csv, &row, e)) == 1) {
        if (row->n > im->nhead) {
            for (size_t j = im->nhead; j < row->n; j++)
                if (row->len[j]) {
                    sbuf_reset(&im->why);
                    sbuf_addf(&im->why, "%zu fields, but the header has %zu", row->n, im->nhead);
                    imp_refuse(im, row->line, im->why.p, row->f, row->n);
                    goto next;
                }
        }
        if (imp_admit(im, row->line, row->f, row->n < im->nhead ? row->n : im->nhead, e))
            return -1;
    next:
        if (++nrows % PROGRESS_EVERY == 0)
            imp_progress(im, "checking", csvio_bytes(im->csv), im->size);
    }
    return rc;
}

int
imp_read_json(struct imp *im, const char *buf, size_t len, struct err *e)
{
    struct jsonio_reader *jr;
    struct jsonio_record *rec;
    char **cells = NULL;
    int rc;
    int64_t nrows = 0;
    size_t headcap = 0;

    /* first the keys: every key of any record is a column */
    if (!(jr = jsonio_open_fd(-1, im->name, buf, len, e)))
        return -1;
    while ((rc = jsonio_next(jr, &rec, e)) == 1)
        for (size_t i = 0; i < rec->n; i++)
            if (!hmap_get(&im->headix, rec->keys[i])) {
                if (im->nhead + 2 > headcap) {
                    headcap = headcap ? 2 * headcap : 16;
                    im->head = xrealloc(im->head, headcap * sizeof *im->head);
                }
                im->head[im->nhead++] = xstrdup(rec->keys[i]);
                im->head[im->nhead] = NULL;
                imp_head_index(im);
            }
    jsonio_free(jr);
    if (rc < 0)
        return -1;
    if (im->nhead == 0) /* no records */
        return 0;
    for (size_t j = 0; j < im->nhead; j++)
        if (imp_map_column(im, j, e))
            return -1;
    if (imp_finish_mapping(im, e) || imp_preload(im, e) || imp_ready(im, e))
        return -1;
    if (!(im->json = jsonio_open_fd(-1, im->name, buf, len, e)))
        return -1;
    cells = xcalloc(im->nhead + 1, sizeof *cells);
    while ((rc = jsonio_next(im->json, &rec, e)) == 1) {
        for (size_t j = 0; j < im->nhead; j++)
            cells[j] = ABSENT;
        for (size_t i = 0; i < rec->n; i++) { /* (a key given twice: the first) */
            const struct hmap_entry *he = hmap_get(&im->headix, rec->keys[i]);
            if (he && cells[he->v.num] == ABSENT)
                cells[he->v.num] = rec->values[i] ? rec->values[i] : "";
        }
        if (imp_admit(im, rec->line, cells, im->nhead, e)) {
            free(cells);
            return -1;
        }
        if (++nrows % PROGRESS_EVERY == 0)
            imp_progress(im, "checking", nrows, 0);
    }
    free(cells);
    return rc < 0 ? -1 : 0;
}
