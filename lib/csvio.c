/*
 * csvio.c — the libcsv wrapper (see csvio.h).
 *
 * libcsv reports neither line numbers nor where a record ended in the
 * buffer it was given, and silently drops blank lines. So input is fed to
 * it one physical line at a time: the reader then always knows which line
 * it is on, and a record starts on the line fed while the parser was
 * between records (its pstate is 0 there). Lines are found with memchr,
 * which also makes the NUL-byte check free.
 */
#include "csvio.h"

#include <csv.h>
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#define READ_CHUNK (256u << 10)
/* Lines up to this long without quotes are split without libcsv. */
#define FAST_LINE_MAX (64u << 10)

struct rowref {
    size_t first, n;
    long line;
};

struct csvio_reader {
    struct csv_parser p;
    int fd, own_fd;
    char *name;
    int64_t limit; /* bytes of fd still allowed; -1: no limit */
    int64_t consumed;

    char *buf; /* input bytes [bpos, blen) not yet fed */
    size_t bpos, blen, bcap;
    int eof, done, failed, started;
    struct err saved;

    long lineno;       /* newlines fed so far */
    int at_line_start; /* the next byte begins a physical line */
    long row_line;     /* line the record being parsed started on */
    long quote_line;   /* line the quoted field open at a line end began on; 0: none */

    char *arena; /* field bytes, each NUL-terminated */
    size_t alen, acap;
    size_t *offs, *lens; /* per field */
    size_t nf, fcap;
    size_t pend_first; /* first field of the record not yet complete */

    struct rowref *rows; /* complete records not yet returned */
    size_t nrows, rhead, rcap;

    char delim;     /* the field separator (libcsv has it too) */
    int cb_err;     /* set by a callback: the parse result is to be ignored */
    int line_valid; /* the line being fed was checked as UTF-8 as a whole */
    size_t blk;     /* libcsv's field buffer growth step */
    char **outf;
    size_t outcap;
    struct csvio_row out;
    int bad_text; /* it failed on bytes that are not UTF-8 text */
    int had_pre;  /* opened with bytes already read from fd */
    int fast;     /* lines without quotes split without libcsv (split_line) */
    /* the failure, kept apart from its text: a chunk parsed on its own
     * (see "parsing in chunks") counts lines from its start, and its
     * message is written again with the lines before it added */
    long fline, fline2; /* fline2: the line an unbalanced quote ran to, or 0 */
    char fmsg[256];
    /* Read by the caller's thread at every record while the parsing
     * thread writes the fields above: a cache line to itself, or the two
     * threads would pass that line back and forth all the time. */
    char apart[64];
    struct readahead *ra; /* records parsed ahead on a second thread, or NULL */
    struct par *par;      /* or the input parsed in chunks on two threads, or NULL */
    char apart2[64];
};

struct readahead;
static int64_t ra_bytes(struct readahead *ra);
static long ra_lines(struct readahead *ra);
struct par;
static int64_t par_bytes(const struct par *p);
static long par_lines(const struct par *p);

/* libcsv grows its field buffer through this; refusing past the cap makes
 * csv_parse stop with CSV_ENOMEM instead of eating memory. */
static void *
capped_realloc(void *p, size_t n)
{
    if (n > CSVIO_FIELD_MAX + 4096)
        return NULL;
    return realloc(p, n);
}

/* Keep spaces and tabs as typed: libcsv trims them by default. */
static int
no_space(unsigned char c)
{
    (void)c;
    return 0;
}

/* Room in the arena for n more bytes of the record's fields. */
static void
arena_room(struct csvio_reader *r, size_t n)
{
    if (r->alen + n <= r->acap)
        return;
    size_t cap = r->acap ? r->acap : 4096;
    while (cap < r->alen + n)
        cap *= 2;
    r->arena = xrealloc(r->arena, cap);
    r->acap = cap;
}

/* Room for one more field of the record. */
static void
field_room(struct csvio_reader *r)
{
    if (r->nf < r->fcap)
        return;
    r->fcap = r->fcap ? r->fcap * 2 : 64;
    r->offs = xrealloc(r->offs, r->fcap * sizeof *r->offs);
    r->lens = xrealloc(r->lens, r->fcap * sizeof *r->lens);
}

static void
on_field(void *s, size_t len, void *data)
{
    struct csvio_reader *r = data;
    r->quote_line = 0;
    if (r->cb_err)
        return;
    if (!r->line_valid && !utf8_valid(s, len)) {
        r->cb_err = 1;
        return;
    }
    arena_room(r, len + 1);
    field_room(r);
    if (len)
        memcpy(r->arena + r->alen, s, len);
    r->arena[r->alen + len] = '\0';
    r->offs[r->nf] = r->alen;
    r->lens[r->nf] = len;
    r->nf++;
    r->alen += len + 1;
}

static void
on_record(int c, void *data)
{
    struct csvio_reader *r = data;
    (void)c;
    if (r->cb_err)
        return;
    if (r->nrows == r->rcap) {
        r->rcap = r->rcap ? r->rcap * 2 : 8;
        r->rows = xrealloc(r->rows, r->rcap * sizeof *r->rows);
    }
    r->rows[r->nrows].first = r->pend_first;
    r->rows[r->nrows].n = r->nf - r->pend_first;
    r->rows[r->nrows].line = r->row_line;
    r->nrows++;
    r->pend_first = r->nf;
}

/* libcsv's parser as csvio runs it: strict, spaces kept, fields capped. */
static int
parser_init(struct csvio_reader *r)
{
    if (csv_init(&r->p, CSV_STRICT | CSV_STRICT_FINI) != 0)
        return -1;
    csv_set_space_func(&r->p, no_space);
    csv_set_realloc_func(&r->p, capped_realloc);
    r->blk = 4096;
    csv_set_blk_size(&r->p, r->blk);
    return 0;
}

static struct csvio_reader *
reader_new(const char *name)
{
    struct csvio_reader *r = xcalloc(1, sizeof *r);
    if (parser_init(r) != 0) {
        free(r);
        return NULL;
    }
    r->name = xstrdup(name);
    r->fd = -1;
    r->limit = -1;
    r->at_line_start = 1;
    r->delim = ',';
    r->fast = !getenv("SALES_CSVIO_LIBCSV"); /* for tests: every line through libcsv */
    return r;
}

struct csvio_reader *
csvio_open_fd(int fd, int own_fd, const char *name, const char *pre, size_t prelen, int64_t limit)
{
    struct csvio_reader *r = reader_new(name ? name : "<stdin>");
    if (!r)
        return NULL;
    r->fd = fd;
    r->own_fd = own_fd;
    r->limit = limit > 0 ? limit : -1;
    r->bcap = READ_CHUNK > prelen ? READ_CHUNK : prelen;
    r->buf = xmalloc(r->bcap);
    if (prelen)
        memcpy(r->buf, pre, prelen);
    r->blen = prelen;
    r->had_pre = prelen > 0 && fd >= 0; /* (memory is all "pre")*/
    return r;
}

struct csvio_reader *
csvio_open_mem(const char *buf, size_t len, const char *name)
{
    struct csvio_reader *r = csvio_open_fd(-1, 0, name ? name : "<memory>", buf, len, 0);
    if (r)
        r->eof = 1;
    return r;
}

struct csvio_reader *
csvio_open(const char *path, struct err *e)
{
    int fd;
    struct csvio_reader *r;

    if (strcmp(path, "-") == 0)
        return csvio_open_fd(0, 0, "<stdin>", NULL, 0, 0);
    fd = open(path, O_RDONLY | O_CLOEXEC);
    if (fd < 0) {
        err_sys(e, path, "cannot open");
        return NULL;
    }
    r = csvio_open_fd(fd, 1, path, NULL, 0, 0);
    if (!r)
        close(fd);
    return r;
}

void
csvio_set_delim(struct csvio_reader *r, char delim)
{
    csv_set_delim(&r->p, (unsigned char)delim);
    r->delim = delim;
}

int
csvio_seek(struct csvio_reader *r, int64_t offset, long line, int64_t limit, struct err *e)
{
    if (r->fd < 0 || r->ra || r->par || r->p.pstate != 0 || r->rhead < r->nrows)
        return err_at(e, r->name, 0, "internal error: seek inside a record");
    if (lseek(r->fd, (off_t)offset, SEEK_SET) < 0)
        return err_sys(e, r->name, "cannot seek");
    r->bpos = r->blen = 0;
    r->eof = 0;
    r->done = 0;
    r->started = 1;
    r->limit = limit >= 0 ? limit : -1;
    r->consumed = offset;
    r->lineno = line;
    r->at_line_start = 1;
    r->nrows = r->rhead = 0;
    r->nf = r->pend_first = 0;
    r->alen = 0;
    return 0;
}

const char *
csvio_name(const struct csvio_reader *r)
{
    return r->name;
}

long
csvio_lines(const struct csvio_reader *r)
{
    if (r->ra)
        return ra_lines(r->ra);
    if (r->par)
        return par_lines(r->par);
    return r->lineno;
}

int64_t
csvio_bytes(const struct csvio_reader *r)
{
    if (r->ra)
        return ra_bytes(r->ra);
    if (r->par)
        return par_bytes(r->par);
    return r->consumed;
}

/* The failure of r as a message, base added to its lines. */
static void
fail_text(const struct csvio_reader *r, long base, struct err *out)
{
    if (r->fline2)
        err_at(out, r->name, r->fline + base,
               "malformed CSV: unbalanced quote: the quoted field opened on this line runs to "
               "line %ld",
               r->fline2 + base);
    else
        err_at(out, r->name, r->fline ? r->fline + base : 0, "%s", r->fmsg);
}

/* Fail on line (line2: 0, or where a quote opened on line ran into trouble). */
static int
fail2(struct csvio_reader *r, struct err *e, long line, long line2, const char *msg)
{
    r->failed = 1;
    r->fline = line;
    r->fline2 = line2;
    snprintf(r->fmsg, sizeof r->fmsg, "%s", msg);
    fail_text(r, 0, &r->saved);
    if (e)
        *e = r->saved;
    return -1;
}

static int
fail(struct csvio_reader *r, struct err *e, long line, const char *msg)
{
    return fail2(r, e, line, 0, msg);
}

/* Read more input into buf; sets eof. Returns 0 or -1 (read error). */
static int
fill(struct csvio_reader *r, struct err *e)
{
    size_t want;
    ssize_t k;

    if (r->bpos == r->blen)
        r->bpos = r->blen = 0;
    if (r->eof || r->fd < 0) {
        r->eof = 1;
        return 0;
    }
    if (r->bpos > 0) { /* keep the unfed tail at the front */
        memmove(r->buf, r->buf + r->bpos, r->blen - r->bpos);
        r->blen -= r->bpos;
        r->bpos = 0;
    }
    if (r->limit == 0) {
        r->eof = 1;
        return 0;
    }
    want = r->bcap - r->blen;
    if (r->limit > 0 && (int64_t)want > r->limit)
        want = (size_t)r->limit;
    do
        k = read(r->fd, r->buf + r->blen, want);
    while (k < 0 && errno == EINTR);
    if (k < 0) {
        struct err tmp;
        err_sys(&tmp, r->name, "read error");
        return fail(r, e, 0, tmp.msg + strlen(r->name) + 2);
    }
    if (k == 0)
        r->eof = 1;
    r->blen += (size_t)k;
    if (r->limit >= 0)
        r->limit -= k;
    return 0;
}

/* Move the fields of the incomplete record to the front of the arena once
 * every complete record has been handed out. */
static void
compact(struct csvio_reader *r)
{
    size_t keep = r->nf - r->pend_first, base;
    if (r->rhead < r->nrows)
        return;
    r->nrows = r->rhead = 0;
    if (keep == 0) {
        r->nf = r->pend_first = 0;
        r->alen = 0;
        return;
    }
    base = r->offs[r->pend_first];
    memmove(r->arena, r->arena + base, r->alen - base);
    r->alen -= base;
    for (size_t i = 0; i < keep; i++) {
        r->offs[i] = r->offs[r->pend_first + i] - base;
        r->lens[i] = r->lens[r->pend_first + i];
    }
    r->nf = keep;
    r->pend_first = 0;
}

static int
parse_failed(struct csvio_reader *r, struct err *e, long line)
{
    if (r->cb_err) {
        r->bad_text = 1;
        return fail(r, e, line, "invalid UTF-8 (convert the file to UTF-8)");
    }
    switch (csv_error(&r->p)) {
    case CSV_EPARSE:
        return fail(r, e, line, "malformed CSV: stray or unbalanced quote");
    case CSV_ENOMEM:
        return fail(r, e, line, "field longer than 16 MiB");
    default:
        return fail(r, e, line, csv_strerror(csv_error(&r->p)));
    }
}

/* The record of a line s[0..len) that holds no quote and no CR: split at
 * the delimiters, the line copied into the arena. */
static void
split_line(struct csvio_reader *r, const char *s, size_t len)
{
    const char delim = r->delim;
    char *a;
    size_t start;

    arena_room(r, len + 1);
    a = r->arena + r->alen;
    memcpy(a, s, len);
    a[len] = '\0';
    start = 0;
    for (size_t i = 0;; i++) {
        if (i < len && a[i] != delim)
            continue;
        field_room(r);
        a[i] = '\0';
        r->offs[r->nf] = r->alen + start;
        r->lens[r->nf++] = i - start;
        start = i + 1;
        if (i == len)
            break;
    }
    r->alen += len + 1;
    on_record(0, r);
}

/* The record of a line s[0..len) with quotes but no CR, when every quote
 * is in a quoted field that ends on the line, followed by a delimiter or the
 * line's end: its fields, doubled quotes made one. Returns 0, or -1 (and
 * nothing done) for anything else, for libcsv to read or refuse. */
static int
split_quoted(struct csvio_reader *r, const char *s, size_t len)
{
    const char delim = r->delim;
    size_t alen0 = r->alen, nf0 = r->nf, i = 0;
    char *a;

    arena_room(r, len + 1);
    a = r->arena + r->alen;
    for (;;) { /* at the start of a field */
        size_t start = (size_t)(a - r->arena);
        if (i < len && s[i] == '"') {
            i++;
            for (;;) {
                const char *q = memchr(s + i, '"', len - i);
                size_t k;
                if (!q)
                    goto libcsv; /* a line break in the field */
                k = (size_t)(q - (s + i));
                memcpy(a, s + i, k);
                a += k;
                i += k + 1;
                if (i < len && s[i] == '"') { /* a doubled quote */
                    *a++ = '"';
                    i++;
                    continue;
                }
                break;
            }
            if (i < len && s[i] != delim)
                goto libcsv; /* text after the closing quote */
        } else {
            size_t j = i;
            while (j < len && s[j] != delim && s[j] != '"')
                j++;
            if (j < len && s[j] == '"')
                goto libcsv; /* a quote in a field not quoted */
            memcpy(a, s + i, j - i);
            a += j - i;
            i = j;
        }
        *a++ = '\0';
        field_room(r);
        r->offs[r->nf] = start;
        r->lens[r->nf++] = (size_t)(a - r->arena) - start - 1;
        if (i == len)
            break;
        i++; /* the delimiter */
    }
    r->alen = (size_t)(a - r->arena);
    on_record(0, r);
    return 0;
libcsv:
    r->alen = alen0;
    r->nf = nf0;
    return -1;
}

/* Feed the next physical line (or the part of it that has arrived). */
static int
feed_line(struct csvio_reader *r, struct err *e)
{
    const char *s = r->buf + r->bpos, *nl;
    size_t n = r->blen - r->bpos;
    long line = r->lineno + 1;

    if (!r->started) { /* a UTF-8 byte order mark is not data */
        if (n < 3 && !r->eof)
            return 0; /* wait for more bytes */
        r->started = 1;
        if (n >= 3 && memcmp(s, "\xEF\xBB\xBF", 3) == 0) {
            r->bpos += 3;
            r->consumed += 3;
            return 0;
        }
    }
    nl = memchr(s, '\n', n);
    if (!nl && !r->eof && (r->bpos > 0 || r->blen < r->bcap))
        return 1; /* read the rest of the line first */
    if (nl)
        n = (size_t)(nl - s) + 1;
    if (r->at_line_start && r->p.pstate == 0) {
        if ((n == 1 && nl) || (n == 2 && nl && s[0] == '\r')) { /* blank line */
            r->bpos += n;
            r->consumed += (int64_t)n;
            r->lineno++;
            return 0;
        }
        r->row_line = line;
    }
    if (memchr(s, '\0', n)) {
        r->bad_text = 1;
        return fail(r, e, line, "NUL byte in data");
    }
    /* A whole line holds whole characters (LF cannot be inside one), so it
     * is checked at once, which is much faster than field by field; a
     * longer-than-the-buffer line is checked by the field callback. */
    r->line_valid = nl && utf8_valid(s, n);
    if (nl && !r->line_valid) {
        r->bad_text = 1;
        return fail(r, e, line, "invalid UTF-8 (convert the file to UTF-8)");
    }
    if (nl && r->fast && r->at_line_start && r->p.pstate == 0 && n <= FAST_LINE_MAX) {
        /* a line without CRs (but a CRLF's) and without quoted line
         * breaks: its fields as libcsv would find them, found several
         * times faster (anything else, errors too, is left to libcsv) */
        size_t len = n - 1 - (n >= 2 && s[n - 2] == '\r');
        if (!memchr(s, '\r', len) &&
            (memchr(s, '"', len) ? split_quoted(r, s, len) == 0 : (split_line(r, s, len), 1))) {
            r->bpos += n;
            r->consumed += (int64_t)n;
            r->lineno++;
            return 0;
        }
    }
    if (csv_parse(&r->p, s, n, on_field, on_record, r) != n || r->cb_err) {
        if (!r->cb_err && csv_error(&r->p) == CSV_EPARSE && r->quote_line &&
            r->quote_line < line) /* where the quote opened, not where it ran into trouble */
            return fail2(r, e, r->quote_line, line, ""); /* (the text is fail_text's) */
        return parse_failed(r, e, line);
    }
    if (nl && r->p.pstate != 0 && !r->quote_line)
        r->quote_line = line; /* a line end inside a quoted field: it began on this line */
    /* libcsv grows a field's buffer by a fixed block: let the block follow
     * the buffer, so a huge field costs a few reallocs, not thousands */
    size_t bs = csv_get_buffer_size(&r->p);
    if (bs > r->blk && bs < CSVIO_FIELD_MAX) {
        size_t room = CSVIO_FIELD_MAX - bs; /* never ask past the cap for a field within it */
        r->blk = bs < room ? bs : room > 4096 ? room : 4096;
        csv_set_blk_size(&r->p, r->blk);
    }
    r->bpos += n;
    r->consumed += (int64_t)n;
    if (nl) {
        r->lineno++;
        r->at_line_start = 1;
    } else {
        r->at_line_start = 0;
    }
    return 0;
}

/* The row handed out for record rr: its fields at base + offs[first + i],
 * their lengths at lens + first; *f (of *fcap) holds the pointers. */
static struct csvio_row *
hand_out(struct csvio_row *out, char ***f, size_t *fcap, const struct rowref *rr, char *base,
         const size_t *offs, size_t *lens)
{
    if (rr->n > *fcap) {
        *fcap = rr->n * 2;
        *f = xrealloc(*f, *fcap * sizeof **f);
    }
    for (size_t i = 0; i < rr->n; i++)
        (*f)[i] = base + offs[rr->first + i];
    out->n = rr->n;
    out->f = *f;
    out->len = lens + rr->first;
    out->line = rr->line;
    return out;
}

/* End of input: a last record without a newline comes from fini. */
static int
finish(struct csvio_reader *r, struct err *e)
{
    if (csv_fini(&r->p, on_field, on_record, r) != 0 || r->cb_err) {
        if (csv_error(&r->p) == CSV_EPARSE && !r->cb_err)
            return fail(r, e, r->quote_line ? r->quote_line : r->row_line,
                        "unterminated quoted field");
        return parse_failed(r, e, r->row_line);
    }
    r->done = 1;
    return 0;
}

static int
next_row(struct csvio_reader *r, struct csvio_row **row, struct err *e)
{
    struct rowref *rr;

    if (r->failed) {
        if (e)
            *e = r->saved;
        return -1;
    }
    while (r->rhead == r->nrows) {
        if (r->done)
            return 0;
        compact(r);
        if (r->bpos == r->blen || (!r->started && r->blen - r->bpos < 3 && !r->eof)) {
            if (r->eof) {
                if (finish(r, e) < 0)
                    return -1;
                continue;
            }
            if (fill(r, e) < 0)
                return -1;
            continue;
        }
        int fr = feed_line(r, e);
        if (fr < 0)
            return -1;
        if (fr == 1 && fill(r, e) < 0)
            return -1;
    }
    rr = &r->rows[r->rhead++];
    *row = hand_out(&r->out, &r->outf, &r->outcap, rr, r->arena, r->offs, r->lens);
    return 1;
}

/* ---- reading ahead on a second thread ---------------------------------- */

/* Records go from the parsing thread to the reading one in batches: the
 * fields copied into one block, so a batch is handed over whole. */
#define RA_BATCHES 4
#define RA_ROWS 4096
#define RA_BYTES ((size_t)1 << 20)

struct rabatch {
    char *text; /* the fields, each NUL-terminated */
    size_t tlen, tcap;
    size_t *off, *len; /* per field: where it starts in text, its length */
    size_t nf, fcap;
    struct rowref *rows;
    size_t nrows, rcap;
    int64_t bytes; /* the parser's counts after the last of these rows */
    long lines;
    int rc; /* after these rows: 1 more may come, 0 the end, -1 an error (err) */
    struct err err;
};

struct readahead {
    pthread_t th;
    pthread_mutex_t mu;
    pthread_cond_t cv;
    struct rabatch b[RA_BATCHES];
    size_t head, count; /* the full batches: b[head] and count - 1 after it */
    int stop;
    /* the reading thread's */
    struct rabatch *cur; /* the batch it reads (b[head] while it does) */
    size_t next;         /* its next row */
    char **f;
    size_t fcap;
    struct csvio_row out;
};

static void
batch_add(struct rabatch *b, const struct csvio_row *row)
{
    size_t need = 0;
    for (size_t i = 0; i < row->n; i++)
        need += row->len[i] + 1;
    if (b->tlen + need > b->tcap) {
        b->tcap = (b->tlen + need) * 2 > RA_BYTES * 2 ? (b->tlen + need) * 2 : RA_BYTES * 2;
        b->text = xrealloc(b->text, b->tcap);
    }
    if (b->nf + row->n > b->fcap) {
        b->fcap = (b->nf + row->n) * 2 > 65536 ? (b->nf + row->n) * 2 : 65536;
        b->off = xrealloc(b->off, b->fcap * sizeof *b->off);
        b->len = xrealloc(b->len, b->fcap * sizeof *b->len);
    }
    if (b->nrows == b->rcap) {
        b->rcap = b->rcap ? b->rcap * 2 : RA_ROWS;
        b->rows = xrealloc(b->rows, b->rcap * sizeof *b->rows);
    }
    b->rows[b->nrows].first = b->nf;
    b->rows[b->nrows].n = row->n;
    b->rows[b->nrows++].line = row->line;
    for (size_t i = 0; i < row->n; i++) {
        memcpy(b->text + b->tlen, row->f[i], row->len[i] + 1);
        b->off[b->nf] = b->tlen;
        b->len[b->nf++] = row->len[i];
        b->tlen += row->len[i] + 1;
    }
}

/* The parsing thread: fill the free batches until the end, an error or
 * a stop. */
static void *
ra_main(void *arg)
{
    struct csvio_reader *r = arg;
    struct readahead *ra = r->ra;
    for (;;) {
        struct rabatch *b;
        struct csvio_row *row;
        int rc = 1;
        pthread_mutex_lock(&ra->mu);
        while (ra->count == RA_BATCHES && !ra->stop)
            pthread_cond_wait(&ra->cv, &ra->mu);
        if (ra->stop) {
            pthread_mutex_unlock(&ra->mu);
            return NULL;
        }
        b = &ra->b[(ra->head + ra->count) % RA_BATCHES];
        pthread_mutex_unlock(&ra->mu);
        b->tlen = b->nf = b->nrows = 0;
        while (b->nrows < RA_ROWS && b->tlen < RA_BYTES)
            if ((rc = next_row(r, &row, &b->err)) != 1)
                break;
            else
                batch_add(b, row);
        b->rc = rc;
        b->bytes = r->consumed;
        b->lines = r->lineno;
        pthread_mutex_lock(&ra->mu);
        ra->count++;
        pthread_cond_broadcast(&ra->cv);
        pthread_mutex_unlock(&ra->mu);
        if (rc != 1)
            return NULL;
    }
}

int
csvio_bad_text(const struct csvio_reader *r)
{
    return r->bad_text;
}

/* ---- parsing in chunks on two threads ---------------------------------- */

/*
 * A big input read from a regular file (or from memory) is cut into chunks
 * of about PAR_CHUNK bytes, each ending with a LF, and two threads parse
 * the chunks in turn, each with a parser of its own, while csvio_next hands
 * the records out in file order. Chunk k's nominal bytes are [S + kC,
 * S + (k+1)C); it starts after the first LF at or past its nominal start - 1
 * and ends after the first LF at or past its nominal end - 1 (or at the end
 * of the input): each thread finds the same cuts on its own, reading its
 * chunk and the line that crosses its end. One line across a whole chunk
 * leaves it empty.
 *
 * A LF need not end a record (a quoted field may hold one): each chunk is
 * parsed as if a record started there, and csvio_next checks that against
 * the chunk before, whose parser knows whether it ended between records.
 * When it did not (rare: a line break inside a quoted field right at the
 * cut, or a last line without a LF), the chunk's records are thrown away
 * and csvio_next parses the chunk again, going on with the parser of the
 * chunk before: the same records and the same errors as one parser reading
 * the whole input. A chunk counts its lines from 1; csvio_next adds the
 * lines before it to its records' lines and to its error's, and gives a
 * chunk's error only after every record before it, so the first error in
 * the input is the one reported.
 *
 * Memory: PAR_SLOTS chunks at most are parsed or being parsed, each taking
 * about three times its bytes (the fields, two words per field), and each
 * thread reads one chunk at a time: a few MB whatever the size of the input.
 */
#define PAR_CHUNK ((size_t)1 << 20)
#define PAR_SLOTS 4
#define PAR_THREADS 2

enum { SLOT_FREE, SLOT_BUSY, SLOT_DONE };

struct pslot {
    int state;               /* SLOT_*, under the mutex */
    size_t k;                /* its chunk */
    struct csvio_reader *rd; /* the chunk parsed as if from a record start */
    int64_t start, end;      /* the chunk's bytes */
    int in_record;           /* rd ended inside a record */
    int rerr;                /* the chunk could not be read (err) */
    struct err err;
};

struct par {
    pthread_mutex_t mu;
    pthread_cond_t cv;
    pthread_t th[PAR_THREADS];
    int nth, stop;
    int fd; /* the input: fd (pread) or mem */
    const char *mem;
    const char *name;
    int64_t S, E;            /* the bytes parsed in chunks */
    size_t C, nchunks, next; /* chunk size; their number; the next to take */
    struct pslot slot[PAR_SLOTS];
    /* the reading thread's */
    size_t cur;                 /* the chunk handed out */
    struct pslot *cs;           /* its slot */
    struct csvio_reader *src;   /* whose records are handed out: cs->rd or cont; NULL between */
    struct csvio_reader *cont;  /* a parser going on from chunk to chunk, or NULL */
    struct csvio_reader *spare; /* swapped into a slot when its parser becomes cont */
    long src_base;              /* added to src's lines */
    long base;                  /* lines before chunk cur */
    size_t rnext;               /* src's next record */
    int64_t consumed0;          /* bytes before S */
    char *buf;                  /* a chunk read again */
    size_t bcap;
    char **f;
    size_t fcap;
    struct csvio_row out;
};

static struct csvio_reader *
chunk_reader_new(const struct par *p, char delim)
{
    struct csvio_reader *r = reader_new(p->name);
    if (!r) {
        fputs("csvio: cannot start a CSV parser\n", stderr);
        abort();
    }
    csvio_set_delim(r, delim);
    r->started = 1; /* a byte order mark only at the start of the input */
    r->eof = 1;
    return r;
}

/* A fresh parser, as at the start of a record on line 1. */
static void
chunk_reset(struct csvio_reader *r)
{
    char delim = r->delim;
    csv_free(&r->p);
    if (parser_init(r) != 0)
        abort(); /* (csv_init fails on bad options only) */
    csv_set_delim(&r->p, (unsigned char)delim);
    r->failed = r->done = r->cb_err = r->bad_text = 0;
    r->lineno = r->row_line = r->quote_line = 0;
    r->at_line_start = 1;
    r->alen = r->nf = r->pend_first = r->nrows = r->rhead = 0;
    r->fline = r->fline2 = 0;
}

/* Parse s[0..n) (whole lines, but for a last line without LF) on r, keeping
 * every record; last: the end of the input follows. Stops at an error
 * (r->failed), the records of the line it is on dropped, as next_row never
 * hands them out. */
static void
chunk_run(struct csvio_reader *r, const char *s, size_t n, int last)
{
    r->buf = (char *)s;
    r->bpos = 0;
    r->blen = r->bcap = n;
    for (;;) {
        size_t kept = r->nrows;
        if (r->bpos == r->blen) {
            if (last && finish(r, NULL) < 0)
                r->nrows = kept;
            break;
        }
        if (feed_line(r, NULL) < 0) {
            r->nrows = kept;
            break;
        }
    }
    r->buf = NULL;
    r->bpos = r->blen = r->bcap = 0;
}

/* Bytes [off, off + n) of the fd into dst. */
static int
par_pread(const struct par *p, char *dst, int64_t off, size_t n, struct err *e)
{
    while (n) {
        ssize_t k = pread(p->fd, dst, n, (off_t)off);
        if (k < 0 && errno == EINTR)
            continue;
        if (k < 0)
            return err_sys(e, p->name, "read error");
        if (k == 0)
            return err_at(e, p->name, 0, "read error: the file got shorter while read");
        dst += k;
        off += k;
        n -= (size_t)k;
    }
    return 0;
}

/* Make *buf hold bytes [lo, hi) of the fd, of which [lo, lo + got) are there. */
static int
par_more(const struct par *p, char **buf, size_t *cap, int64_t lo, int64_t got, int64_t hi,
         struct err *e)
{
    if ((size_t)(hi - lo) > *cap) {
        *cap = (size_t)(hi - lo);
        *buf = xrealloc(*buf, *cap);
    }
    return par_pread(p, *buf + got, lo + got, (size_t)(hi - lo - got), e);
}

/* Chunk sl->k: sets sl->start and sl->end, and returns its bytes (in mem,
 * or read into *buf), or NULL on a read error (sl->err). */
static const char *
par_fetch(const struct par *p, struct pslot *sl, char **buf, size_t *cap)
{
    int64_t a = p->S + (int64_t)(sl->k * p->C);
    int64_t b = sl->k + 1 == p->nchunks ? p->E : a + (int64_t)p->C;
    int64_t lo = sl->k ? a - 1 : a, got = 0, hi = b + (64 << 10);
    const char *base, *nl;

    for (;;) { /* the end: after the first LF at or past b - 1 */
        if (p->mem) {
            base = p->mem + lo;
            got = p->E - lo;
        } else {
            if (hi > p->E)
                hi = p->E;
            if (par_more(p, buf, cap, lo, got, hi, &sl->err) < 0)
                return NULL;
            got = hi - lo;
            base = *buf;
        }
        if (b == p->E) {
            sl->end = p->E;
            break;
        }
        if ((nl = memchr(base + (b - 1 - lo), '\n', (size_t)(got - (b - 1 - lo))))) {
            sl->end = lo + (nl - base) + 1;
            break;
        }
        if (lo + got == p->E) {
            sl->end = p->E;
            break;
        }
        hi = lo + 2 * got; /* a long line: read on */
    }
    if (sl->k == 0) {
        sl->start = a;
    } else { /* the first LF at or past a - 1; at end - 1 when one line covers the chunk */
        nl = memchr(base, '\n', (size_t)(sl->end - lo));
        sl->start = nl ? lo + (nl - base) + 1 : sl->end;
    }
    return base + (sl->start - lo);
}

/* A thread: parse the chunks in turn, each into a free slot. */
static void *
par_main(void *arg)
{
    struct par *p = arg;
    char *buf = NULL;
    size_t cap = 0;
    for (;;) {
        struct pslot *sl;
        const char *s;
        pthread_mutex_lock(&p->mu);
        while (!p->stop && p->next < p->nchunks && p->slot[p->next % PAR_SLOTS].state != SLOT_FREE)
            pthread_cond_wait(&p->cv, &p->mu);
        if (p->stop || p->next == p->nchunks) {
            pthread_mutex_unlock(&p->mu);
            break;
        }
        sl = &p->slot[p->next % PAR_SLOTS];
        sl->k = p->next++;
        sl->state = SLOT_BUSY;
        pthread_mutex_unlock(&p->mu);

        chunk_reset(sl->rd);
        s = par_fetch(p, sl, &buf, &cap);
        sl->rerr = !s;
        if (s)
            chunk_run(sl->rd, s, (size_t)(sl->end - sl->start), sl->k + 1 == p->nchunks);
        sl->in_record = sl->rd->p.pstate != 0;

        pthread_mutex_lock(&p->mu);
        sl->state = SLOT_DONE;
        pthread_cond_broadcast(&p->cv);
        pthread_mutex_unlock(&p->mu);
    }
    free(buf);
    return NULL;
}

static void
par_free(struct par *p)
{
    pthread_mutex_lock(&p->mu);
    p->stop = 1;
    pthread_cond_broadcast(&p->cv);
    pthread_mutex_unlock(&p->mu);
    for (int i = 0; i < p->nth; i++)
        pthread_join(p->th[i], NULL);
    pthread_mutex_destroy(&p->mu);
    pthread_cond_destroy(&p->cv);
    for (size_t i = 0; i < PAR_SLOTS; i++)
        csvio_free(p->slot[i].rd);
    csvio_free(p->cont);
    csvio_free(p->spare);
    free(p->buf);
    free(p->f);
    free(p);
}

/* Parse the rest of r in chunks, when it is big and can be read at any
 * offset. Returns 0, or -1 (nothing changed). */
static int
par_start(struct csvio_reader *r)
{
    size_t C = PAR_CHUNK;
    const char *env = getenv("SALES_CSVIO_CHUNK"); /* for tests: chunks of that many bytes */
    int64_t S, E;
    struct par *p;

    if (env && *env) {
        char *end;
        unsigned long long v = strtoull(env, &end, 10);
        if (*end == '\0' && v > 0 && v <= ((size_t)1 << 30))
            C = (size_t)v;
    }
    if (r->had_pre || !r->at_line_start || r->p.pstate != 0 || r->rhead < r->nrows ||
        r->nf != r->pend_first)
        return -1;
    if (r->fd < 0) {
        if (!r->eof)
            return -1;
        S = (int64_t)r->bpos;
        E = (int64_t)r->blen;
    } else {
        struct stat st;
        off_t pos;
        if (fstat(r->fd, &st) != 0 || !S_ISREG(st.st_mode) || (pos = lseek(r->fd, 0, SEEK_CUR)) < 0)
            return -1;
        S = (int64_t)pos - (int64_t)(r->blen - r->bpos);
        /* where the plain reader would stop: its limit, or the end of the
         * file (as it was when first read to its end) */
        E = r->eof ? (int64_t)pos : r->limit >= 0 ? (int64_t)pos + r->limit : (int64_t)st.st_size;
    }
    if (S < 0 || E - S < 2 * (int64_t)C || E - S < 16)
        return -1; /* small: one parser does it as fast */

    p = xcalloc(1, sizeof *p);
    p->fd = r->fd;
    p->mem = r->fd < 0 ? r->buf : NULL;
    p->name = r->name;
    if (!r->started) { /* a byte order mark at the start is not data */
        char bom[3];
        if (p->mem)
            memcpy(bom, p->mem + S, 3);
        else if (par_pread(p, bom, S, 3, &r->saved) < 0) {
            free(p);
            return -1;
        }
        if (memcmp(bom, "\xEF\xBB\xBF", 3) == 0) {
            S += 3;
            r->consumed += 3;
        }
        r->started = 1;
    }
    p->S = S;
    p->E = E;
    p->C = C;
    p->nchunks = (size_t)((E - S + (int64_t)C - 1) / (int64_t)C);
    p->consumed0 = r->consumed;
    p->base = r->lineno;
    for (size_t i = 0; i < PAR_SLOTS; i++)
        p->slot[i].rd = chunk_reader_new(p, r->delim);
    p->spare = chunk_reader_new(p, r->delim);
    pthread_mutex_init(&p->mu, NULL);
    pthread_cond_init(&p->cv, NULL);
    while (p->nth < PAR_THREADS && pthread_create(&p->th[p->nth], NULL, par_main, p) == 0)
        p->nth++;
    if (p->nth == 0) {
        par_free(p);
        return -1;
    }
    r->par = p;
    return 0;
}

static int64_t
par_bytes(const struct par *p)
{
    return p->consumed0 + (p->cs ? p->cs->end - p->S : 0);
}

static long
par_lines(const struct par *p)
{
    if (!p->src)
        return p->base;
    return p->src_base + p->src->lineno;
}

static int
par_fail(struct csvio_reader *r, const struct err *err, struct err *e)
{
    r->failed = 1;
    r->saved = *err;
    if (e)
        *e = r->saved;
    return -1;
}

/* Wait for chunk cur, and parse it again when the chunk before ended
 * inside a record. */
static int
par_take(struct csvio_reader *r, struct par *p, struct err *e)
{
    struct pslot *sl = &p->slot[p->cur % PAR_SLOTS];
    const char *s;

    pthread_mutex_lock(&p->mu);
    while (sl->state != SLOT_DONE)
        pthread_cond_wait(&p->cv, &p->mu);
    pthread_mutex_unlock(&p->mu);
    p->cs = sl;
    p->rnext = 0;
    if (sl->rerr)
        return par_fail(r, &sl->err, e);
    if (!p->cont) { /* the chunk before ended between records: sl's records are right */
        p->src = sl->rd;
        p->src_base = p->base;
        return 0;
    }
    if (p->mem) {
        s = p->mem + sl->start;
    } else {
        struct err tmp;
        if (par_more(p, &p->buf, &p->bcap, sl->start, 0, sl->end, &tmp) < 0)
            return par_fail(r, &tmp, e);
        s = p->buf;
    }
    p->cont->rhead = p->cont->nrows; /* (handed out) */
    compact(p->cont);
    chunk_run(p->cont, s, (size_t)(sl->end - sl->start), p->cur + 1 == p->nchunks);
    p->src = p->cont;
    p->src_base = 0; /* cont counts lines from the start of the input */
    return 0;
}

/* Chunk cur is handed out (not the last, no error): on to the next. */
static void
par_advance(struct par *p)
{
    struct pslot *sl = p->cs;
    if (p->src == p->cont) {
        if (p->cont->p.pstate == 0) { /* back between records: the next chunk's records are right */
            p->base = p->cont->lineno;
            p->spare = p->cont;
            p->cont = NULL;
        }
    } else if (sl->in_record) { /* the next chunk goes on with this parser */
        struct csvio_reader *c = sl->rd;
        sl->rd = p->spare;
        p->spare = NULL;
        c->lineno += p->base; /* its lines from the start of the input */
        c->row_line += p->base;
        if (c->quote_line)
            c->quote_line += p->base;
        p->cont = c;
    } else {
        p->base += sl->rd->lineno;
    }
    pthread_mutex_lock(&p->mu);
    sl->state = SLOT_FREE;
    pthread_cond_broadcast(&p->cv);
    pthread_mutex_unlock(&p->mu);
    p->cur++;
    p->cs = NULL;
    p->src = NULL;
}

static int
par_next(struct csvio_reader *r, struct csvio_row **row, struct err *e)
{
    struct par *p = r->par;
    struct csvio_reader *src;

    if (r->failed) {
        if (e)
            *e = r->saved;
        return -1;
    }
    if (r->done)
        return 0;
    while (!p->src || p->rnext == p->src->nrows) {
        if (p->src) { /* chunk cur is out */
            if (p->src->failed) {
                struct err tmp;
                fail_text(p->src, p->src_base, &tmp);
                r->bad_text = p->src->bad_text;
                return par_fail(r, &tmp, e);
            }
            if (p->cur + 1 == p->nchunks) {
                r->done = 1;
                return 0;
            }
            par_advance(p);
        }
        if (par_take(r, p, e) < 0)
            return -1;
    }
    src = p->src;
    *row = hand_out(&p->out, &p->f, &p->fcap, &src->rows[p->rnext++], src->arena, src->offs,
                    src->lens);
    (*row)->line += p->src_base;
    return 1;
}

int
csvio_parallel(const struct csvio_reader *r)
{
    return r->par != NULL;
}

int
csvio_readahead(struct csvio_reader *r)
{
    struct readahead *ra;
    if (r->ra || r->par)
        return 0;
    if (r->failed || r->done)
        return -1;
    if (par_start(r) == 0)
        return 0;
    ra = xcalloc(1, sizeof *ra);
    pthread_mutex_init(&ra->mu, NULL);
    pthread_cond_init(&ra->cv, NULL);
    r->ra = ra;
    if (pthread_create(&ra->th, NULL, ra_main, r) != 0) { /* read on this thread */
        pthread_mutex_destroy(&ra->mu);
        pthread_cond_destroy(&ra->cv);
        free(ra);
        r->ra = NULL;
        return -1;
    }
    return 0;
}

static int64_t
ra_bytes(struct readahead *ra)
{
    return ra->cur ? ra->cur->bytes : 0;
}

static long
ra_lines(struct readahead *ra)
{
    return ra->cur ? ra->cur->lines : 0;
}

static int
ra_next(struct csvio_reader *r, struct csvio_row **row, struct err *e)
{
    struct readahead *ra = r->ra;
    struct rabatch *b;
    struct rowref *rr;

    while (!ra->cur || ra->next == ra->cur->nrows) {
        if (ra->cur) {
            if (ra->cur->rc != 1) { /* the end, or the parser's error */
                if (ra->cur->rc < 0) {
                    r->failed = 1;
                    r->saved = ra->cur->err;
                    if (e)
                        *e = r->saved;
                }
                return ra->cur->rc;
            }
            pthread_mutex_lock(&ra->mu); /* done with it: the parser may refill it */
            ra->head = (ra->head + 1) % RA_BATCHES;
            ra->count--;
            ra->cur = NULL;
            pthread_cond_broadcast(&ra->cv);
            pthread_mutex_unlock(&ra->mu);
        }
        pthread_mutex_lock(&ra->mu);
        while (ra->count == 0)
            pthread_cond_wait(&ra->cv, &ra->mu);
        ra->cur = &ra->b[ra->head];
        ra->next = 0;
        pthread_mutex_unlock(&ra->mu);
    }
    b = ra->cur;
    rr = &b->rows[ra->next++];
    *row = hand_out(&ra->out, &ra->f, &ra->fcap, rr, b->text, b->off, b->len);
    return 1;
}

static void
ra_free(struct readahead *ra)
{
    pthread_mutex_lock(&ra->mu);
    ra->stop = 1;
    pthread_cond_broadcast(&ra->cv);
    pthread_mutex_unlock(&ra->mu);
    pthread_join(ra->th, NULL);
    pthread_mutex_destroy(&ra->mu);
    pthread_cond_destroy(&ra->cv);
    for (size_t i = 0; i < RA_BATCHES; i++) {
        free(ra->b[i].text);
        free(ra->b[i].off);
        free(ra->b[i].len);
        free(ra->b[i].rows);
    }
    free(ra->f);
    free(ra);
}

int
csvio_next(struct csvio_reader *r, struct csvio_row **row, struct err *e)
{
    if (r->ra)
        return ra_next(r, row, e);
    if (r->par)
        return par_next(r, row, e);
    return next_row(r, row, e);
}

/* ---- one field of every record ---------------------------------------- */

/* The fields of a line without quotes: delimiters counted a word at a time. */
static size_t
count_fields(const char *s, size_t n, char delim)
{
    const uint64_t pd = UINT64_C(0x0101010101010101) * (unsigned char)delim;
    size_t i = 0, k = 1;
    for (; i + 8 <= n; i += 8) {
        uint64_t w, x;
        memcpy(&w, s + i, 8);
        x = w ^ pd;
        /* exact per byte: the high bit of each byte of x that is zero */
        x = ~(((x & UINT64_C(0x7F7F7F7F7F7F7F7F)) + UINT64_C(0x7F7F7F7F7F7F7F7F)) | x |
              UINT64_C(0x7F7F7F7F7F7F7F7F));
        /* x has 0x80 in each byte that matched: their sum, by a multiply
         * (__builtin_popcountll is a libgcc call without -mpopcnt) */
        k += (size_t)(((x >> 7) * UINT64_C(0x0101010101010101)) >> 56);
    }
    for (; i < n; i++)
        k += s[i] == delim;
    return k;
}

enum { SCAN_DONE = 0, SCAN_MORE = 2, SCAN_FALLBACK = 1 };

/* One record with quotes at s[0..n), which holds all the input there is
 * when eof. Sets *used to its length (with its line end), and gives field
 * j to fn. SCAN_MORE: the record does not end within n bytes (and not
 * eof); SCAN_FALLBACK: something for libcsv to judge. */
static int
scan_quoted(struct csvio_reader *r, const char *s, size_t n, int eof, size_t j, size_t nfields,
            void (*fn)(void *, const char *, size_t), void *ctx, size_t *used)
{
    const char delim = r->delim;
    size_t i = 0, field = 0, fstart = 0, fend = 0;
    int quoted = 0, have = 0;

    for (;;) { /* at the start of a field */
        size_t start = i;
        if (i < n && s[i] == '"') {
            i++;
            for (;;) {
                const char *q = memchr(s + i, '"', n - i);
                if (!q)
                    return eof ? SCAN_FALLBACK : SCAN_MORE; /* unterminated */
                i = (size_t)(q - s) + 1;
                if (i < n && s[i] == '"') {
                    i++;
                    continue;
                }
                if (i == n && !eof)
                    return SCAN_MORE; /* a doubled quote may follow */
                break;
            }
            if (field == j) {
                fstart = start + 1, fend = i - 1, quoted = 1, have = 1;
            }
        } else {
            while (i < n && s[i] != delim && s[i] != '\n' && s[i] != '\r' && s[i] != '"')
                i++;
            if (i < n && s[i] == '"')
                return SCAN_FALLBACK; /* a quote inside an unquoted field */
            if (field == j)
                fstart = start, fend = i, have = 1;
        }
        if (++field > nfields)
            return SCAN_FALLBACK;
        if (i == n) {
            if (!eof)
                return SCAN_MORE;
            break; /* the last record, without a line end */
        }
        if (s[i] == delim) {
            i++;
            continue;
        }
        if (s[i] == '\n') {
            i++;
            break;
        }
        if (s[i] == '\r') {
            if (i + 1 == n && !eof)
                return SCAN_MORE;
            if (i + 1 < n && s[i + 1] == '\n') {
                i += 2;
                break;
            }
        }
        return SCAN_FALLBACK; /* a CR alone, or text after a closing quote */
    }
    if (field < nfields || memchr(s, '\0', i) || !utf8_valid(s, i))
        return SCAN_FALLBACK;
    *used = i;
    if (!have) {
        fn(ctx, "", 0);
    } else if (!quoted || !memchr(s + fstart, '"', fend - fstart)) {
        fn(ctx, s + fstart, fend - fstart);
    } else { /* doubled quotes become one */
        struct sbuf b = {0};
        for (size_t k = fstart; k < fend; k++) {
            sbuf_addc(&b, s[k]);
            if (s[k] == '"')
                k++;
        }
        fn(ctx, b.p, b.len);
        sbuf_release(&b);
    }
    return SCAN_DONE;
}

int
csvio_scan_field(struct csvio_reader *r, size_t j, size_t nfields,
                 void (*fn)(void *ctx, const char *s, size_t n), void *ctx, struct err *e)
{
    const char delim = r->delim;

    if (r->failed) {
        if (e)
            *e = r->saved;
        return -1;
    }
    if (r->done && r->rhead == r->nrows)
        return 0;
    /* only between records, where libcsv holds nothing, and not while a
     * second thread parses */
    if (r->ra || r->par || r->rhead < r->nrows || r->p.pstate != 0 || r->nf != r->pend_first ||
        !r->started || !r->at_line_start)
        return SCAN_FALLBACK;
    for (;;) {
        const char *s = r->buf + r->bpos, *nl;
        size_t n = r->blen - r->bpos, len, used;
        if (n == 0 || (!r->eof && !(nl = memchr(s, '\n', n)))) {
            if (n && r->bpos == 0 && r->blen == r->bcap)
                return SCAN_FALLBACK; /* a line longer than the buffer */
            if (r->eof) {
                r->done = 1;
                return 0;
            }
            if (fill(r, e) < 0)
                return -1;
            continue;
        }
        if (r->eof)
            nl = memchr(s, '\n', n);
        len = nl ? (size_t)(nl - s) : n; /* the line without its LF */
        used = nl ? len + 1 : n;
        if (len && s[len - 1] == '\r')
            len--;
        if (len == 0) { /* a blank line */
            r->bpos += used;
            r->consumed += (int64_t)used;
            continue;
        }
        if (!memchr(s, '"', len)) {
            if (memchr(s, '\r', len) || memchr(s, '\0', used) || !utf8_valid(s, used) ||
                count_fields(s, len, delim) != nfields)
                return SCAN_FALLBACK;
            const char *f = s, *end = s + len, *fe;
            for (size_t k = 0; k < j && f; k++)
                if ((f = memchr(f, delim, (size_t)(end - f))))
                    f++;
            if (!f) {
                fn(ctx, "", 0); /* past the last field: a column the file lacks */
            } else {
                fe = memchr(f, delim, (size_t)(end - f));
                fn(ctx, f, (size_t)((fe ? fe : end) - f));
            }
        } else {
            int rc = scan_quoted(r, s, n, r->eof, j, nfields, fn, ctx, &used);
            if (rc == SCAN_FALLBACK)
                return SCAN_FALLBACK;
            if (rc == SCAN_MORE) {
                if (r->bpos == 0 && r->blen == r->bcap)
                    return SCAN_FALLBACK; /* a record longer than the buffer */
                if (fill(r, e) < 0)
                    return -1;
                continue;
            }
        }
        r->bpos += used;
        r->consumed += (int64_t)used;
    }
}

void
csvio_free(struct csvio_reader *r)
{
    if (!r)
        return;
    if (r->ra)
        ra_free(r->ra);
    if (r->par)
        par_free(r->par);
    csv_free(&r->p);
    if (r->own_fd && r->fd >= 0)
        close(r->fd);
    free(r->name);
    free(r->buf);
    free(r->arena);
    free(r->offs);
    free(r->lens);
    free(r->rows);
    free(r->outf);
    free(r);
}

/* ---- writing ---------------------------------------------------------- */

/* Eight bytes at a time: a word with each byte set to c, and the high bit
 * of every byte of w that equals c's. */
#define ONES UINT64_C(0x0101010101010101)
#define HIGHS UINT64_C(0x8080808080808080)

static inline uint64_t
bytes_equal(uint64_t w, uint64_t pat)
{
    uint64_t x = w ^ pat;
    return (x - ONES) & ~x & HIGHS;
}

static inline int
special_word(uint64_t w, uint64_t pd)
{
    return (bytes_equal(w, pd) | bytes_equal(w, ONES * '"') | bytes_equal(w, ONES * '\r') |
            bytes_equal(w, ONES * '\n')) != 0;
}

/* Does s[0..n) hold the delimiter, a quote, CR or LF? */
static inline int
has_special(const char *s, size_t n, char delim)
{
    if (n >= 8) {
        const uint64_t pd = ONES * (unsigned char)delim;
        uint64_t w;
        size_t i;
        for (i = 0; i + 8 <= n; i += 8) {
            memcpy(&w, s + i, 8);
            if (special_word(w, pd))
                return 1;
        }
        if (i < n) { /* the last bytes, in a word that overlaps the one before */
            memcpy(&w, s + n - 8, 8);
            return special_word(w, pd);
        }
        return 0;
    }
    for (size_t i = 0; i < n; i++)
        if (s[i] == delim || s[i] == '"' || s[i] == '\n' || s[i] == '\r')
            return 1;
    return 0;
}

static inline int
needs_quotes(const char *s, size_t n, char delim)
{
    if (n == 0)
        return 0;
    if (s[0] == ' ' || s[0] == '\t' || s[n - 1] == ' ' || s[n - 1] == '\t')
        return 1;
    return has_special(s, n, delim);
}

int
csvio_needs_quotes(const char *s, size_t n, char delim)
{
    return needs_quotes(s, n, delim);
}

/* A field that needs quotes: quoted, its quotes doubled. */
static void
add_quoted(struct sbuf *b, const char *s, size_t n)
{
    const char *end = s + n, *q;
    sbuf_grow(b, n + 2);
    sbuf_addc(b, '"');
    while ((q = memchr(s, '"', (size_t)(end - s)))) {
        sbuf_add(b, s, (size_t)(q - s) + 1);
        sbuf_addc(b, '"');
        s = q + 1;
    }
    sbuf_add(b, s, (size_t)(end - s));
    sbuf_addc(b, '"');
}

void
csvio_add_field(struct sbuf *b, const char *s, size_t n, char delim)
{
    if (needs_quotes(s, n, delim)) {
        add_quoted(b, s, n);
        return;
    }
    sbuf_add(b, s, n);
}

void
csvio_add_row(struct sbuf *b, const char *const *f, size_t n, char delim, int crlf)
{
    size_t lens[64], total = n + 2;
    /* the lengths first, so that the row is one growth of b at most
     * (unless a field needs quotes) */
    for (size_t i = 0; i < n && i < 64; i++)
        total += lens[i] = f[i] ? strlen(f[i]) : 0;
    for (size_t i = 64; i < n; i++)
        total += f[i] ? strlen(f[i]) : 0;
    sbuf_grow(b, total);
    for (size_t i = 0; i < n; i++) {
        size_t len = i < 64 ? lens[i] : f[i] ? strlen(f[i]) : 0;
        if (i)
            b->p[b->len++] = delim;
        if (!len)
            continue;
        if (needs_quotes(f[i], len, delim)) {
            add_quoted(b, f[i], len);
            sbuf_grow(b, total); /* room again for the rest */
        } else {
            memcpy(b->p + b->len, f[i], len);
            b->len += len;
        }
    }
    if (crlf)
        b->p[b->len++] = '\r';
    b->p[b->len++] = '\n';
    b->p[b->len] = '\0';
}

int
csvio_write_row(FILE *fp, const char *const *f, size_t n)
{
    static struct sbuf line;
    sbuf_reset(&line);
    csvio_add_row(&line, f, n, ',', 0);
    if (fwrite(line.p, 1, line.len, fp) != line.len)
        return -1;
    return 0;
}
