/*
 * read.c — reading the input: the file whole or streamed, its encoding made UTF-8,
 * the delimiter guessed, then CSV or JSON records one by one, or the rows of a
 * workbook's sheet (sheet.h) with each cell turned into its column's type;
 * text that went through the wrong character set refused.
 */
#include "import_int.h"

#include <errno.h>
#include <fcntl.h>
#include <iconv.h>
#include <math.h>
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

    if (n >= 4 && memcmp(u, "PK\3\4", 4) == 0)
        return err_at(e, im->name, 0, "%s",
                      strcmp(im->name, "<stdin>") == 0
                          ? "a zip (an .xlsx or .ods workbook?) cannot be read from standard "
                            "input: give its file name"
                          : "a zip, but not an .xlsx or .ods workbook");
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

/* A header cell as a column name: blanks around it and the guard
 * sales-export --safe puts before names too taken off (newly allocated). */
static char *
head_name(const char *h, size_t n)
{
    while (n && (*h == ' ' || *h == '\t'))
        h++, n--;
    while (n && (h[n - 1] == ' ' || h[n - 1] == '\t'))
        n--;
    if (n >= 2 && imp_unguard(h) != h)
        h++, n--;
    return xstrndup(h, n);
}

/* im->head read: checked, each column mapped, and the run made ready. */
static int
take_header(struct imp *im, struct err *e)
{
    if (imp_check_head(im, e))
        return -1;
    for (size_t j = 0; j < im->nhead; j++)
        if (imp_map_column(im, j, e))
            return -1;
    return imp_finish_mapping(im, e) || imp_preload(im, e) || imp_ready(im, e) ? -1 : 0;
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
    for (size_t j = 0; j < row->n; j++)
        im->head[j] = head_name(row->f[j], row->len[j]);
    if (take_header(im, e))
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
    if (imp_check_head(im, e))
        return -1;
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

/* ---- the wrong character set ------------------------------------------ */

/* What to do about text that is UTF-8 read as Windows-1252. */
static const char *
mojibake_hint(const struct imp *im, struct sbuf *b)
{
    const char *enc = im->o->encoding;
    sbuf_reset(b);
    if (enc && strcasecmp(enc, "utf-8") && strcasecmp(enc, "utf8"))
        sbuf_addf(b, "the file is UTF-8: leave out --encoding %s (or say --encoding utf-8)", enc);
    else if (im->sheet)
        sbuf_adds(b, "the sheet's text was read as Windows-1252 or Latin-1 before it was "
                     "saved: open the original CSV as UTF-8 (Unicode) and save the sheet again");
    else
        sbuf_addf(b, "the file was read as Windows-1252 or Latin-1 and saved as UTF-8: open the "
                     "original as UTF-8, or undo it with the filter 'iconv -f utf-8 -t "
                     "windows-1252 %s | sales-import %s -'",
                  im->name, im->ent->name);
    return b->p;
}

/* The source header: a byte order mark or a name that went through the
 * wrong character set stops the import. */
int
imp_check_head(struct imp *im, struct err *e)
{
    struct sbuf meant = {0}, hint = {0};
    int rc = 0;
    for (size_t j = 0; j < im->nhead && !rc; j++) {
        const char *h = im->head[j];
        if (!text_mojibake(h, &meant))
            continue;
        long line = im->sheet ? im->sheet->rows[0].row : 1;
        const char *what = strncmp(h, "\xC3\xAF\xC2\xBB\xC2\xBF", 6) == 0
                               ? "begins with a byte order mark read as Windows-1252 ('ï»¿')"
                               : "is UTF-8 read as Windows-1252 or Latin-1";
        if (im->sheet) {
            char ref[24];
            err_set(e, "%s:%s!%s: column '%s' %s: %s", im->name, im->sheet->name,
                    sheet_cellref(j, line, ref), h, what, mojibake_hint(im, &hint));
        } else {
            err_at(e, im->name, line, "column '%s' %s: %s", h, what, mojibake_hint(im, &hint));
        }
        rc = -1;
    }
    sbuf_release(&meant);
    sbuf_release(&hint);
    return rc;
}

/* A record's cells: one that went through the wrong character set stops
 * the import (never repaired: the same bytes may be right elsewhere). */
int
imp_check_cells(struct imp *im, long line, char *const *cells, size_t n, struct err *e)
{
    struct sbuf meant = {0}, hint = {0};
    int rc = 0;
    for (size_t j = 0; j < n && j < im->nhead && !rc; j++) {
        if (!cells[j] || !text_mojibake(cells[j], &meant))
            continue;
        if (im->sheet) {
            char ref[24];
            err_set(e, "%s:%s!%s: column '%s': '%s' is UTF-8 read as Windows-1252 or Latin-1 "
                       "(it was '%s'): %s",
                    im->name, im->sheet->name, sheet_cellref(j, line, ref), im->head[j], cells[j],
                    meant.p, mojibake_hint(im, &hint));
        } else {
            err_at(e, im->name, line,
                   "column '%s': '%s' is UTF-8 read as Windows-1252 or Latin-1 (it was '%s'): %s",
                   im->head[j], cells[j], meant.p, mojibake_hint(im, &hint));
        }
        rc = -1;
    }
    sbuf_release(&meant);
    sbuf_release(&hint);
    return rc;
}

/* ---- a workbook's sheet ------------------------------------------------ */

/* The schema type of source column j's data column (CT_TEXT: none). */
static enum col_type
src_type(const struct imp *im, size_t j)
{
    int k = im->srcmap ? im->srcmap[j] : -1;
    if (k < 0)
        return CT_TEXT;
    const struct dst *d = &im->dst[k];
    return d->scol >= 0 ? im->ent->cols[d->scol].type : CT_TEXT;
}

/* A number as plain decimal digits when it is a whole number a double
 * holds exactly, else as written. */
static const char *
plain_number(const char *v, char *buf)
{
    double x = strtod(v, NULL);
    if (!strpbrk(v, "eE"))
        return v;
    if (x == floor(x) && fabs(x) < 9007199254740992.0) {
        snprintf(buf, 40, "%.0f", x);
        return buf;
    }
    snprintf(buf, 40, "%.15g", x);
    return buf;
}

/* Cell c of source column j as the text its column's type reads: a
 * serial number into a date column a date, a number into an amount
 * column cents, a boolean yes or no, ... (buf[40] for what is made).
 * NULL with *why set when the cell cannot be one (an error cell, a serial
 * that is no day). */
static const char *
sheet_value(struct imp *im, size_t j, const struct sheet_cell *c, char *buf, struct sbuf *why)
{
    enum col_type ty = src_type(im, j);
    double x;
    switch (c->kind) {
    case SHEET_EMPTY:
    case SHEET_TEXT:
        return c->v;
    case SHEET_ERROR:
        sbuf_addf(why, "column '%s' holds the error %s", im->head[j], c->v);
        return NULL;
    case SHEET_BOOL:
        if (ty == CT_BOOL)
            return strcmp(c->v, "1") == 0 ? "yes" : "no";
        return strcmp(c->v, "1") == 0 ? "TRUE" : "FALSE";
    case SHEET_DATE:
        return c->v;
    case SHEET_DATETIME:
        /* a timestamp at midnight read into a date column is that day */
        if (ty == CT_DATE && strlen(c->v) == 20 && strcmp(c->v + 10, "T00:00:00Z") == 0) {
            memcpy(buf, c->v, 10);
            buf[10] = '\0';
            return buf;
        }
        return c->v;
    case SHEET_PERCENT:
        x = strtod(c->v, NULL) * 100;
        if ((ty == CT_PERCENT || ty == CT_INT) && fabs(x - round(x)) < 1e-9) {
            snprintf(buf, 40, "%.0f", round(x));
            return buf;
        }
        return plain_number(c->v, buf);
    case SHEET_NUMBER:
        x = strtod(c->v, NULL);
        if (ty == CT_DATE || ty == CT_DATETIME) {
            if (sheet_serial_date(im->sheet, x, ty == CT_DATETIME && x != floor(x), buf) != 0) {
                sbuf_addf(why, "column '%s': the number %s is no date", im->head[j], c->v);
                return NULL;
            }
            return buf;
        }
        if (ty == CT_MONEY) {
            /* a double holds cents exactly enough below 10^13 */
            double cents = round(x * 100);
            if (fabs(x * 100 - cents) < 1e-6 * fmax(1.0, fabs(cents)) && fabs(cents) < 1e15) {
                long long k = (long long)cents;
                snprintf(buf, 40, "%s%lld.%02lld", k < 0 ? "-" : "", llabs(k) / 100,
                         llabs(k) % 100);
                return buf;
            }
        }
        if ((ty == CT_INT || ty == CT_PERCENT) && x == floor(x) && fabs(x) < 1e15) {
            snprintf(buf, 40, "%.0f", x);
            return buf;
        }
        return plain_number(c->v, buf);
    }
    return c->v;
}

int
imp_read_sheet(struct imp *im, const char *path, struct err *e)
{
    struct sheet *sh = xcalloc(1, sizeof *sh);
    char **cells = NULL, (*bufs)[40] = NULL;
    struct sbuf why = {0};
    int rc = -1;

    im->sheet = sh;
    if (sheet_read(sh, path, im->name, im->o->sheet, e))
        return -1;
    if (sh->nnames > 1)
        imp_note(im->res, "%s: sheet '%s' read (--sheet NAME reads another)", im->name, sh->name);
    if (sh->nrows == 0)
        return err_at(e, im->name, 0, "sheet '%s' is empty (no header row)", sh->name);
    const struct sheet_row *hr = &sh->rows[0];
    im->nhead = hr->n;
    im->head = xcalloc(hr->n + 1, sizeof *im->head);
    for (size_t j = 0; j < hr->n; j++)
        im->head[j] = head_name(hr->c[j].v, strlen(hr->c[j].v));
    if (take_header(im, e))
        return -1;
    cells = xcalloc(im->nhead + 1, sizeof *cells);
    bufs = xcalloc(im->nhead + 1, sizeof *bufs);
    for (size_t i = 1; i < sh->nrows; i++) {
        const struct sheet_row *r = &sh->rows[i];
        size_t j;
        sbuf_reset(&why);
        for (j = im->nhead; j < r->n; j++)
            if (r->c[j].kind != SHEET_EMPTY) {
                char ref[24];
                sbuf_addf(&why, "a value in %s, right of the header's last column",
                          sheet_cellref(j, r->row, ref));
                break;
            }
        for (size_t k = 0; k < im->nhead; k++) {
            static const struct sheet_cell empty = {SHEET_EMPTY, ""};
            const struct sheet_cell *c = k < r->n ? &r->c[k] : &empty;
            cells[k] = (char *)(why.len ? c->v : sheet_value(im, k, c, bufs[k], &why));
            if (!cells[k]) {
                cells[k] = (char *)c->v;
                im->cell_col = (long)k;
            }
        }
        if (why.len) {
            if (j < r->n)
                im->cell_col = (long)j;
            imp_refuse(im, r->row, why.p, cells, im->nhead);
            im->cell_col = -1;
            continue;
        }
        if (imp_admit(im, r->row, cells, im->nhead, e))
            goto out;
        if (i % PROGRESS_EVERY == 0)
            imp_progress(im, "checking", (int64_t)i, (int64_t)sh->nrows);
    }
    rc = 0;
out:
    free(cells);
    free(bufs);
    sbuf_release(&why);
    return rc;
}
