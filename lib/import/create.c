/*
 * import.c — spreadsheet and CRM exports into a data file (see import.h).
 *
 * The whole input is read and decoded first (the encoding can only be
 * known from all of it), then parsed a record at a time: each cell is
 * converted (conv.h) and checked (validate_value, cached per column and
 * raw value, since CRM exports repeat stages, owners and currencies), and
 * kept in one allocation per record. One pass over the data file then
 * matches records, computes the changes and applies the record rules;
 * new records go through validate_new. Only when every row passed (or
 * partial) is anything written: one append or rewrite, then the history.
 */
#include "import.h"

#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <iconv.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "conv.h"
#include "outfile.h"
#include "csvio.h"
#include "hmap.h"
#include "jsonio.h"
#include "text.h"
#include "validate.h"

#define PROGRESS_EVERY 65536
#define CACHE_MAX 100000 /* cached raw values per column */
#define READAHEAD_MIN (1 << 20) /* bytes of input worth a parsing thread */
#define ABSENT ((char *)NULL)

/* ---- options ---------------------------------------------------------- */

void
import_opts_init(struct import_opts *o)
{
    memset(o, 0, sizeof *o);
    o->mode = IMPORT_CREATE;
}

static void
pairs_free(struct import_pair *p, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        free(p[i].a);
        free(p[i].b);
    }
    free(p);
}

void
import_opts_release(struct import_opts *o)
{
    free(o->encoding);
    free(o->date_format);
    free(o->match);
    pairs_free(o->maps, o->nmaps);
    pairs_free(o->defaults, o->ndefaults);
    for (size_t i = 0; i < o->nxlats; i++) {
        free(o->xlats[i].col);
        free(o->xlats[i].from);
        free(o->xlats[i].to);
    }
    free(o->xlats);
    memset(o, 0, sizeof *o);
}

static void
add_pair(struct import_pair **v, size_t *n, const char *a, const char *b)
{
    *v = xrealloc(*v, (*n + 1) * sizeof **v);
    (*v)[*n].a = xstrdup(a);
    (*v)[*n].b = xstrdup(b);
    (*n)++;
}

void
import_opts_add_map(struct import_opts *o, const char *src, const char *dst)
{
    add_pair(&o->maps, &o->nmaps, src, dst);
}

void
import_opts_add_default(struct import_opts *o, const char *col, const char *value)
{
    add_pair(&o->defaults, &o->ndefaults, col, value);
}

void
import_opts_add_xlat(struct import_opts *o, const char *col, const char *from, const char *to)
{
    o->xlats = xrealloc(o->xlats, (o->nxlats + 1) * sizeof *o->xlats);
    o->xlats[o->nxlats].col = xstrdup(col);
    o->xlats[o->nxlats].from = xstrdup(from);
    o->xlats[o->nxlats].to = xstrdup(to);
    o->nxlats++;
}

int
import_mode_parse(const char *s, enum import_mode *m)
{
    if (strcmp(s, "create") == 0)
        *m = IMPORT_CREATE;
    else if (strcmp(s, "upsert") == 0)
        *m = IMPORT_UPSERT;
    else if (strcmp(s, "update") == 0)
        *m = IMPORT_UPDATE;
    else
        return -1;
    return 0;
}

/* ---- names compared loosely ------------------------------------------- */

/* The loose form of a column name or value: ASCII letters lowercased,
 * ASCII punctuation and spaces dropped, other bytes kept ("Close Date",
 * "close_date" and "CLOSE-DATE" are all "closedate"). */
static void
loose(const char *s, struct sbuf *b)
{
    sbuf_reset(b);
    for (; *s; s++) {
        unsigned char c = (unsigned char)*s;
        if (c >= 0x80 || isalnum(c))
            sbuf_addc(b, (char)tolower(c));
    }
    if (!b->p)
        sbuf_adds(b, "");
}

static int
loose_eq(const char *a, const char *b)
{
    struct sbuf x = {0}, y = {0};
    loose(a, &x);
    loose(b, &y);
    int r = strcmp(x.p, y.p) == 0;
    sbuf_release(&x);
    sbuf_release(&y);
    return r;
}

/* Value comparison for translations: case-insensitive, spaces collapsed. */
static void
fold(const char *s, struct sbuf *b)
{
    int space = 0;
    sbuf_reset(b);
    while (*s == ' ' || *s == '\t')
        s++;
    for (; *s; s++) {
        if (*s == ' ' || *s == '\t') {
            space = 1;
            continue;
        }
        if (space && b->len)
            sbuf_addc(b, ' ');
        space = 0;
        sbuf_addc(b, (char)tolower((unsigned char)*s));
    }
    if (!b->p)
        sbuf_adds(b, "");
}

/* ---- the rules file ---------------------------------------------------- */

static char *
rules_text(char *s)
{
    size_t n;
    while (*s == ' ' || *s == '\t')
        s++;
    n = strlen(s);
    while (n && strchr(" \t\r\n", s[n - 1]))
        n--;
    s[n] = '\0';
    if (n >= 2 && s[0] == '"' && s[n - 1] == '"') { /* quoted: kept as is, "" is a quote */
        char *w = s;
        s[n - 1] = '\0';
        for (char *r = s + 1; *r; r++) {
            if (r[0] == '"' && r[1] == '"')
                r++;
            *w++ = *r;
        }
        *w = '\0';
    }
    return s;
}

/* Split "KEY = VALUE" at the first '=' outside double quotes. */
static int
rules_split(char *line, char **key, char **val)
{
    int q = 0;
    for (char *p = line; *p; p++) {
        if (*p == '"')
            q = !q;
        else if (*p == '=' && !q) {
            *p = '\0';
            *key = rules_text(line);
            *val = rules_text(p + 1);
            return **key ? 0 : -1;
        }
    }
    return -1;
}

static int
yes_no(const char *v, int *out)
{
    if (!strcasecmp(v, "yes") || !strcasecmp(v, "true") || !strcmp(v, "1"))
        *out = 1;
    else if (!strcasecmp(v, "no") || !strcasecmp(v, "false") || !strcmp(v, "0"))
        *out = 0;
    else
        return -1;
    return 0;
}

/* delimiter names: "," ";" "tab" "\t" "|" */
static int
parse_delim(const char *v, char *out)
{
    if (!strcasecmp(v, "tab") || !strcmp(v, "\\t") || !strcmp(v, "\t"))
        *out = '\t';
    else if (!strcasecmp(v, "comma"))
        *out = ',';
    else if (!strcasecmp(v, "semicolon"))
        *out = ';';
    else if (strlen(v) == 1 && strchr(",;|", v[0]))
        *out = v[0];
    else
        return -1;
    return 0;
}

int
import_parse_delim(const char *v, char *out)
{
    return parse_delim(v, out);
}

int
import_rules_load(struct import_opts *o, const char *path, struct err *e)
{
    FILE *fp = fopen(path, "r");
    char *line = NULL, *section = NULL, *key, *val;
    size_t cap = 0;
    long lineno = 0;
    int rc = -1;

    if (!fp)
        return err_sys(e, path, "cannot open");
    section = xstrdup("");
    while (getline(&line, &cap, fp) > 0) {
        char *s = line;
        lineno++;
        if (lineno == 1 && memcmp(s, "\xEF\xBB\xBF", 3) == 0)
            s += 3;
        while (*s == ' ' || *s == '\t')
            s++;
        if (*s == '#' || *s == ';' || *s == '\n' || *s == '\r' || !*s)
            continue;
        if (!utf8_valid(s, strlen(s))) {
            err_at(e, path, lineno, "invalid UTF-8");
            goto out;
        }
        if (*s == '[') {
            char *end = strchr(s, ']');
            if (!end) {
                err_at(e, path, lineno, "unterminated section name");
                goto out;
            }
            *end = '\0';
            free(section);
            section = xstrdup(rules_text(s + 1));
            if (strcmp(section, "import") && strcmp(section, "map") &&
                strcmp(section, "defaults") && strncmp(section, "values ", 7)) {
                err_at(e, path, lineno,
                       "unknown section [%s] (expected [import], [map], [defaults] or "
                       "[values COLUMN])",
                       section);
                goto out;
            }
            continue;
        }
        if (rules_split(s, &key, &val)) {
            err_at(e, path, lineno, "expected NAME = VALUE");
            goto out;
        }
        if (!*section) {
            err_at(e, path, lineno, "'%s' outside a section (start with [import] or [map])", key);
            goto out;
        }
        if (strcmp(section, "map") == 0) {
            import_opts_add_map(o, key, val);
        } else if (strcmp(section, "defaults") == 0) {
            import_opts_add_default(o, key, val);
        } else if (strncmp(section, "values ", 7) == 0) {
            import_opts_add_xlat(o, rules_text(section + 7), key, val);
        } else if (!strcmp(key, "delimiter")) {
            if (parse_delim(val, &o->delim)) {
                err_at(e, path, lineno, "bad delimiter '%s' (expected , ; tab or |)", val);
                goto out;
            }
        } else if (!strcmp(key, "encoding")) {
            free(o->encoding);
            o->encoding = xstrdup(val);
        } else if (!strcmp(key, "decimal-comma")) {
            if (yes_no(val, &o->decimal_comma)) {
                err_at(e, path, lineno, "decimal-comma: expected yes or no");
                goto out;
            }
        } else if (!strcmp(key, "date-format")) {
            free(o->date_format);
            o->date_format = xstrdup(val);
        } else if (!strcmp(key, "mode")) {
            if (import_mode_parse(val, &o->mode)) {
                err_at(e, path, lineno, "bad mode '%s' (expected create, upsert or update)", val);
                goto out;
            }
        } else if (!strcmp(key, "match")) {
            free(o->match);
            o->match = xstrdup(val);
        } else if (!strcmp(key, "partial") || !strcmp(key, "ignore-empty")) {
            if (yes_no(val, !strcmp(key, "partial") ? &o->partial : &o->ignore_empty)) {
                err_at(e, path, lineno, "%s: expected yes or no", key);
                goto out;
            }
        } else {
            err_at(e, path, lineno,
                   "unknown option '%s' (expected delimiter, encoding, decimal-comma, "
                   "date-format, mode, match, partial or ignore-empty)",
                   key);
            goto out;
        }
    }
    if (ferror(fp)) {
        err_sys(e, path, "read error");
        goto out;
    }
    rc = 0;
out:
    free(line);
    free(section);
    fclose(fp);
    return rc;
}

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

static void
note(struct import_result *r, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

static void
note(struct import_result *r, const char *fmt, ...)
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

/* ---- the work --------------------------------------------------------- */

enum { ACT_NONE, ACT_CREATE, ACT_UPDATE, ACT_UNCHANGED, ACT_REJECT };

/* The schema columns a new record is put together with. */
enum { C_ID, C_CREATED, C_UPDATED, C_CLOSED, C_CLOSE, C_STAGE, C_MANAGER, C_N };
static const char *const c_names[C_N] = {"id",    "created", "updated", "closed",
                                         "close", "stage",   "manager"};

/* A column of the data file the import sets. */
struct dst {
    char *name;
    int scol;          /* schema column, or -1 for a column of the user's own */
    int src, src2;     /* source columns (src2: last name, when a name is composed) */
    int level;         /* how it was mapped: 3 explicit, 2 by name, 1 by alias */
    int isnew;         /* the data file lacks it: the import adds it */
    int selfref;       /* a reference to this same entity (a rep's manager) */
    int fcol;          /* its column in the data file during the match pass */
    struct hmap cache; /* raw value -> "0normalised", "1reason" or "2" (waits for a format) */
    long lookups, hits; /* a column whose values hardly repeat stops caching */
    int nocache;
    const struct entity_def *target; /* a reference's entity (looked up once) */
    const char *date_fmt;
    size_t *pending; /* records whose value waits for the column's date format */
    size_t npending;
    char **defval;    /* normalised default for new records, or NULL */
    struct import_xlat **xl;
    size_t nxl;
};

struct change {
    int k;     /* dst index, or -1 - file column (rule-made changes) */
    char *val; /* new value (owned) */
};

struct orec;

struct rec {
    long line;
    int act;
    int done;  /* decided, and counted in the result */
    size_t nv;
    char **v;  /* v[k]: normalised value of dst k, ABSENT when not given (pool) */
    char *reason;
    char **raw; /* the source cells, while a refusal may still come (pool) */
    size_t nraw;
    long row;   /* matched data-file row, -1 */
    const char *id; /* (pool) */
    struct change *ch;
    size_t nch;
};

/* A key of the data file: its first row, and a second row with it. */
struct fkey {
    long row;
    const char *id, *id2; /* (pool) */
};

struct refmap {
    int loaded;
    struct hmap byname; /* folded name, email or domain -> id (owned), or &ambiguous */
};

struct imp {
    struct store *s;
    const struct entity_def *ent;
    const struct import_opts *o;
    struct import_result *res;
    const char *name; /* the input, for messages */
    struct validator v;
    int have_v;
    struct stages stages;
    int have_stages;
    /* the source */
    size_t nhead;
    char **head;
    struct hmap headix; /* head[0..nheadix) by name: the first column of each */
    size_t nheadix;
    struct jsonio_reader *json;
    struct csvio_reader *csv;
    int64_t size; /* of the input, for progress */
    /* the mapping */
    struct dst *dst;
    size_t ndst, dstcap;
    struct hmap dstix; /* dst[k].name -> k */
    int *srcmap; /* source column -> dst, or -1; -2 ignored on purpose */
    int k_id, k_created, k_updated, k_currency;
    int *matchk; /* dst indexes of the match columns */
    size_t nmatch;
    int match_by_id;
    /* records: those decided as they are read leave only what is written */
    struct pool pool;  /* kept records, the new ones' lines, file keys */
    char **val;        /* take_record's values by dst (into row) */
    int pend[64];      /* take_record: dsts whose dates wait for a format */
    int npend;
    int defer;         /* keep every record until the whole input is read */
    struct rec *recs;  /* kept records */
    size_t nrecs, reccap;
    size_t nmatched;   /* of them, matched to a file row */
    struct hmap bykey; /* input key -> line of its first record */
    uint32_t *idline;  /* matched by id: id number -> that line (0: none yet) */
    size_t nidline;
    uint32_t *filerow; /* matched by id: id number -> its data file row + 1 (0: none,
                          FILEROW_TWICE: two rows) */
    size_t nfilerow;
    struct hmap filekey; /* data file key -> struct fkey */
    struct idset ids;  /* ids on file, then those new records bring */
    long nfrows;       /* rows of the data file */
    int have_ids;      /* next_id is this import's next id */
    long long next_id;
    struct orec *out;  /* a new record while it is put together */
    int *dfcol;        /* dst -> data file column, or -1 */
    struct refmap refs[16];
    struct sbuf tmp, tmp2, vout, row, key, why, composed;
    sdate first_day, last_day; /* 0001-01-01 and 9999-12-31 */
    long *off; /* take_record's offsets, reused */
    size_t noff;
    /* data file */
    char **fhead; /* its columns, then those the import adds */
    size_t nfhead;
    struct hmap fheadix, fheadloose; /* fhead[0..nfheadix) by name, by loose name: the first */
    size_t nfheadix;
    /* new records, as the CSV lines to append, in input order */
    struct spool lines;
    const char **wrid;  /* each one's id, or its key (pool) */
    size_t nwr, wrcap;
    const char **line;  /* a line's values by file column (reused) */
    int idcol;          /* the data file's id column, or -1 */
    int c[C_N];         /* schema columns new records need */
    char now[TS_BUFSZ];
};

static char ambiguous[] = "";

static void
progress(struct imp *im, const char *phase, int64_t done, int64_t total)
{
    if (im->o->progress)
        im->o->progress(im->o->progress_ctx, phase, done, total);
}

/* ---- reading and decoding --------------------------------------------- */

static int
read_all(const char *path, const char *name, char **buf, size_t *len, struct err *e)
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
static int
stream_candidate(const char *path, char **head, size_t *hlen)
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
static int
decode(struct imp *im, char **buf, size_t *len, struct err *e)
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
            note(im->res, "%s: not UTF-8: read as Windows-1252 (say --encoding if it is not)",
                 im->name);
        } else {
            out = to_utf8("ISO-8859-1", im->name, *buf, n, &outlen, 0, e);
            if (!out)
                return -1;
            note(im->res, "%s: not UTF-8: read as Latin-1 (say --encoding if it is not)", im->name);
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

/* ---- mapping ---------------------------------------------------------- */

/* Common names other tools give the columns; entity NULL: any entity
 * that has the column. Compared in their loose form. */
static const struct {
    const char *entity, *alias, *col;
} aliases[] = {
    {NULL, "opportunityname", "name"},   {NULL, "dealname", "name"},
    {NULL, "fullname", "name"},          {"leads", "leadname", "name"},
    {"contacts", "contactname", "name"}, {"accounts", "accountname", "name"},
    {"accounts", "companyname", "name"}, {"accounts", "company", "name"},
    {"accounts", "organization", "name"}, {"accounts", "organisation", "name"},
    {"leads", "companyname", "company"}, {"leads", "accountname", "company"},
    {"leads", "organization", "company"}, {"leads", "organisation", "company"},
    {NULL, "emailaddress", "email"},     {NULL, "email1", "email"},
    {NULL, "workemail", "email"},        {NULL, "primaryemail", "email"},
    {NULL, "phonenumber", "phone"},      {NULL, "mobile", "phone"},
    {NULL, "mobilephone", "phone"},      {NULL, "telephone", "phone"},
    {NULL, "tel", "phone"},              {NULL, "workphone", "phone"},
    {NULL, "leadsource", "source"},      {NULL, "originalsource", "source"},
    {NULL, "dealsource", "source"},      {NULL, "owner", "owner"},
    {NULL, "leadowner", "owner"},        {NULL, "dealowner", "owner"},
    {NULL, "accountowner", "owner"},     {NULL, "opportunityowner", "owner"},
    {NULL, "contactowner", "owner"},     {NULL, "assignedto", "owner"},
    {NULL, "salesrep", "owner"},         {NULL, "ownername", "owner"},
    {"activities", "owner", "rep"},      {"activities", "assignedto", "rep"},
    {"activities", "salesrep", "rep"},   {NULL, "dealstage", "stage"},
    {NULL, "opportunitystage", "stage"}, {NULL, "pipelinestage", "stage"},
    {NULL, "salesstage", "stage"},       {NULL, "stagename", "stage"},
    {NULL, "dealamount", "amount"},      {NULL, "opportunityamount", "amount"},
    {NULL, "dealvalue", "amount"},       {NULL, "value", "amount"},
    {"quotas", "quota", "amount"},       {"quotas", "target", "amount"},
    {NULL, "closedate", "close"},        {NULL, "expectedclosedate", "close"},
    {NULL, "closingdate", "close"},      {NULL, "closeddate", "closed"},
    {NULL, "dateclosed", "closed"},      {NULL, "createdate", "created"},
    {NULL, "createddate", "created"},    {NULL, "createdat", "created"},
    {NULL, "datecreated", "created"},    {NULL, "creationdate", "created"},
    {NULL, "lastmodifieddate", "updated"}, {NULL, "lastmodified", "updated"},
    {NULL, "updatedat", "updated"},      {NULL, "lastupdated", "updated"},
    {NULL, "winprobability", "probability"},
    {NULL, "dealprobability", "probability"}, {NULL, "forecastcategory", "category"},
    {NULL, "customersegment", "segment"}, {NULL, "website", "domain"},
    {NULL, "companydomainname", "domain"}, {NULL, "companydomain", "domain"},
    {NULL, "url", "domain"},             {NULL, "jobtitle", "title"},
    {NULL, "position", "title"},         {NULL, "leadstatus", "status"},
    {NULL, "dealtype", "type"},          {NULL, "opportunitytype", "type"},
    {NULL, "activitytype", "type"},      {NULL, "currencycode", "currency"},
    {NULL, "dealcurrency", "currency"},  {NULL, "lostreason", "lost_reason"},
    {NULL, "closedlostreason", "lost_reason"}, {NULL, "lossreason", "lost_reason"},
    {NULL, "description", "notes"},      {NULL, "comments", "notes"},
    {NULL, "leadscore", "score"},        {NULL, "hubspotscore", "score"},
    {NULL, "accountname", "account"},    {NULL, "associatedcompany", "account"},
    {NULL, "company", "account"},        {NULL, "companyname", "account"},
    {NULL, "contactname", "contact"},    {NULL, "associatedcontact", "contact"},
    {NULL, "dealname", "deal"},          {NULL, "hiredate", "hired"},
    {NULL, "reportsto", "manager"},      {NULL, "region", "territory"},
    {NULL, "activitydate", "date"},      {NULL, "result", "outcome"},
    {NULL, "durationmin", "duration"},   {NULL, "durationminutes", "duration"},
    {NULL, "duedate", "due"},            {NULL, "completed", "done"},
    {NULL, "completeddate", "done"},     {NULL, "product", "plan"},
    {NULL, "monthlyrecurringrevenue", "mrr"}, {NULL, "startdate", "start"},
    {NULL, "enddate", "end"},            {NULL, "nps", "score"},
    {NULL, "rating", "score"},           {NULL, "feedback", "comment"},
    {NULL, "budget", "planned"},         {NULL, "spend", "actual"},
};

/* Default match columns: the natural keys. */
static const char *
natural_key(const struct entity_def *ent)
{
    if (ent == &schema_leads || ent == &schema_contacts)
        return "email";
    if (ent == &schema_accounts)
        return "domain";
    if (ent == &schema_reps)
        return "id";
    if (ent == &schema_quotas)
        return "owner,period";
    if (ent == &schema_budget)
        return "period,category,channel";
    return NULL;
}

/* Names are looked up in hash maps, not by scanning: a file may have
 * 100,000 columns, and every column's name is looked up once or twice. */

/* Index the source columns not indexed yet (they are only appended). */
static void
head_index(struct imp *im)
{
    for (; im->nheadix < im->nhead; im->nheadix++) {
        int is_new;
        struct hmap_entry *he = hmap_put(&im->headix, im->head[im->nheadix], &is_new);
        if (is_new)
            he->v.num = (int64_t)im->nheadix;
    }
}

/* The same for the data file's columns (those the import adds come last). */
static void
fhead_index(struct imp *im)
{
    struct sbuf l = {0};
    for (; im->nfheadix < im->nfhead; im->nfheadix++) {
        int is_new;
        struct hmap_entry *he = hmap_put(&im->fheadix, im->fhead[im->nfheadix], &is_new);
        if (is_new)
            he->v.num = (int64_t)im->nfheadix;
        loose(im->fhead[im->nfheadix], &l);
        he = hmap_put(&im->fheadloose, l.p, &is_new);
        if (is_new)
            he->v.num = (int64_t)im->nfheadix;
    }
    sbuf_release(&l);
}

/* The data file's column called name, or -1. */
static int
fhead_find(struct imp *im, const char *name)
{
    fhead_index(im);
    const struct hmap_entry *he = hmap_get(&im->fheadix, name);
    return he ? (int)he->v.num : -1;
}

static int
in_file(struct imp *im, const char *name)
{
    return fhead_find(im, name) >= 0;
}

/* The data column called `name` (exactly, or loosely when loosely). */
static const char *
known_column(struct imp *im, const char *name, int loosely)
{
    const struct hmap_entry *he;
    struct sbuf l = {0};
    for (size_t i = 0; i < im->ent->ncols; i++)
        if (loosely ? loose_eq(im->ent->cols[i].name, name) : !strcmp(im->ent->cols[i].name, name))
            return im->ent->cols[i].name;
    fhead_index(im);
    if (loosely) {
        loose(name, &l);
        he = hmap_get(&im->fheadloose, l.p);
        sbuf_release(&l);
    } else {
        he = hmap_get(&im->fheadix, name);
    }
    return he ? im->fhead[he->v.num] : NULL;
}

static int
dst_find(const struct imp *im, const char *name)
{
    const struct hmap_entry *he = hmap_get(&im->dstix, name);
    return he ? (int)he->v.num : -1;
}

static int
dst_add(struct imp *im, const char *name)
{
    struct dst *d;
    if (im->ndst == im->dstcap) { /* (doubled: there may be 100,000) */
        im->dstcap = im->dstcap ? 2 * im->dstcap : 16;
        im->dst = xrealloc(im->dst, im->dstcap * sizeof *im->dst);
    }
    d = &im->dst[im->ndst];
    memset(d, 0, sizeof *d);
    d->name = xstrdup(name);
    {
        int is_new;
        struct hmap_entry *he = hmap_put(&im->dstix, name, &is_new);
        if (is_new)
            he->v.num = (int64_t)im->ndst;
    }
    d->scol = schema_col(im->ent, name);
    d->src = d->src2 = -1;
    d->fcol = -1;
    d->isnew = !in_file(im, name);
    d->date_fmt = im->o->date_format;
    d->selfref = d->scol >= 0 && im->ent->cols[d->scol].type == CT_REF &&
                 schema_entity(im->ent->cols[d->scol].ref) == im->ent;
    for (size_t i = 0; i < im->o->nxlats; i++)
        if (strcmp(im->o->xlats[i].col, name) == 0) {
            d->xl = xrealloc(d->xl, (d->nxl + 1) * sizeof *d->xl);
            d->xl[d->nxl++] = &im->o->xlats[i];
        }
    return (int)im->ndst++;
}

/* A column name the import may add to a data file. */
static int
valid_new_column(const char *s)
{
    if (!*s || *s == '_')
        return 0;
    for (; *s; s++)
        if ((unsigned char)*s < ' ' || strchr(",\"", *s))
            return 0;
    return 1;
}

static int
source_has(struct imp *im, const char *name)
{
    head_index(im);
    return hmap_get(&im->headix, name) != NULL;
}

/* Map source column j (header h) to a data column; called once per
 * column, in order (JSON keys arrive as records do). */
static int
map_column(struct imp *im, size_t j, struct err *e)
{
    const char *h = im->head[j], *col = NULL;
    struct sbuf lh = {0};
    int level = 0, k;

    if (j == 0) /* (the header is whole by now) */
        im->srcmap = xrealloc(im->srcmap, (im->nhead + 1) * sizeof *im->srcmap);
    im->srcmap[j] = -1;
    /* explicit: --map and the rules file; the last one given wins. A name
     * given loosely ("close date") only when no column has it exactly. */
    for (size_t i = im->o->nmaps; i-- > 0;)
        if (strcmp(im->o->maps[i].a, h) == 0 ||
            (loose_eq(im->o->maps[i].a, h) && !source_has(im, im->o->maps[i].a))) {
            const char *d = im->o->maps[i].b;
            if (!*d || strcmp(d, "-") == 0) {
                im->srcmap[j] = -2;
                return 0;
            }
            if (!(col = known_column(im, d, 0))) {
                if (!valid_new_column(d))
                    return err_at(e, im->name, 1,
                                  "--map '%s=%s': a column name cannot be empty, start with '_' "
                                  "or hold commas, quotes or control characters",
                                  h, d);
                col = d;
            }
            level = 3;
            break;
        }
    if (!col && *h == '_') { /* a rejects file's _where and _reason */
        im->srcmap[j] = -2;
        return 0;
    }
    if (!col && (col = known_column(im, h, 0)))
        level = 2;
    if (!col && (col = known_column(im, h, 1)))
        level = 2;
    if (!col) {
        loose(h, &lh);
        for (size_t i = 0; i < sizeof aliases / sizeof aliases[0]; i++)
            if ((!aliases[i].entity || !strcmp(aliases[i].entity, im->ent->name)) &&
                !strcmp(aliases[i].alias, lh.p) && schema_col(im->ent, aliases[i].col) >= 0) {
                col = aliases[i].col;
                level = 1;
                break;
            }
        sbuf_release(&lh);
    }
    if (!col)
        return 0;
    k = dst_find(im, col);
    if (k >= 0 && im->dst[k].src >= 0) {
        struct dst *d = &im->dst[k];
        if (d->level == level)
            return err_at(e, im->name, 1,
                          "columns '%s' and '%s' both map to %s (leave one out with --map '%s=-')",
                          im->head[d->src], h, col, h);
        if (d->level > level) {
            note(im->res, "%s: column '%s' left out: '%s' gives %s", im->name, h,
                 im->head[d->src], col);
            im->srcmap[j] = -2;
            return 0;
        }
        note(im->res, "%s: column '%s' left out: '%s' gives %s", im->name, im->head[d->src], h,
             col);
        im->srcmap[d->src] = -2;
    }
    if (k < 0)
        k = dst_add(im, col);
    im->dst[k].src = (int)j;
    im->dst[k].level = level;
    im->srcmap[j] = k;
    return 0;
}

/* After the header: a name made of first and last names, the columns
 * left out, defaults, and the match columns. */
static int
finish_mapping(struct imp *im, struct err *e)
{
    struct sbuf b = {0};
    size_t nunmapped = 0;

    /* "First Name" + "Last Name" -> name, when nothing else gives a name */
    if (schema_col(im->ent, "name") >= 0 && dst_find(im, "name") < 0) {
        int first = -1, last = -1;
        struct sbuf l = {0};
        for (size_t j = 0; j < im->nhead; j++) {
            if (im->srcmap[j] != -1)
                continue;
            loose(im->head[j], &l);
            if (!strcmp(l.p, "firstname") || !strcmp(l.p, "givenname"))
                first = (int)j;
            else if (!strcmp(l.p, "lastname") || !strcmp(l.p, "surname") ||
                     !strcmp(l.p, "familyname"))
                last = (int)j;
        }
        sbuf_release(&l);
        if (first >= 0 || last >= 0) {
            int k = dst_add(im, "name");
            im->dst[k].src = first >= 0 ? first : last;
            im->dst[k].src2 = first >= 0 ? last : -1;
            im->dst[k].level = 1;
            if (first >= 0)
                im->srcmap[first] = -3;
            if (last >= 0)
                im->srcmap[last] = -3;
        }
    }
    for (size_t j = 0; j < im->nhead; j++)
        if (im->srcmap[j] == -1 && *im->head[j]) {
            sbuf_addf(&b, "%s'%s'", nunmapped ? ", " : "", im->head[j]);
            nunmapped++;
        }
    if (nunmapped)
        note(im->res, "%s: column%s %s left out (not columns of %s.csv; map them with --map)",
             im->name, nunmapped > 1 ? "s" : "", b.p, im->ent->name);
    sbuf_release(&b);

    /* defaults: checked now, used for new records */
    for (size_t i = 0; i < im->o->ndefaults; i++) {
        const char *col = known_column(im, im->o->defaults[i].a, 0);
        struct err ve;
        char *val;
        int k;
        if (!col)
            return err_set(e, "default for '%s': %s.csv has no such column",
                           im->o->defaults[i].a, im->ent->name);
        if ((k = dst_find(im, col)) < 0)
            k = dst_add(im, col);
        if (!(val = validate_value(&im->v, col, im->o->defaults[i].b, &ve)))
            return err_set(e, "default for %s: %s", col, ve.msg);
        if (im->dst[k].defval) {
            free(*im->dst[k].defval);
            free(im->dst[k].defval);
        }
        im->dst[k].defval = xmalloc(sizeof(char *));
        *im->dst[k].defval = val;
    }
    im->k_id = dst_find(im, "id");
    if (im->k_id >= 0 && im->dst[im->k_id].src < 0)
        im->k_id = -1;
    im->k_created = dst_find(im, "created");
    im->k_updated = dst_find(im, "updated");
    im->k_currency = dst_find(im, "currency");

    /* the match columns */
    const char *match = im->o->match;
    if (!match && im->k_id >= 0 && im->ent->id_prefix)
        match = "id";
    if (!match)
        match = natural_key(im->ent);
    if (!match) {
        if (im->o->mode != IMPORT_CREATE)
            return err_set(e,
                           "%s have no natural key to match on: import an id column, or give "
                           "--match with a column of yours that holds the other system's id",
                           im->ent->name);
        return 0;
    }
    char **cols = str_split(match, ',');
    for (char **p = cols; *p; p++) {
        char *c = *p;
        while (*c == ' ')
            c++;
        int k = dst_find(im, c);
        if (k < 0 || im->dst[k].src < 0) {
            if (!im->o->match && im->o->mode == IMPORT_CREATE) { /* nothing to match on */
                im->nmatch = 0;
                break;
            }
            if (!im->o->match)
                err_at(e, im->name, 1,
                       "no %s column to match %s on (import one, or give --match)", c,
                       im->ent->name);
            else
                err_at(e, im->name, 1, "--match column '%s' is not in the input", c);
            strv_free(cols);
            return -1;
        }
        im->matchk = xrealloc(im->matchk, (im->nmatch + 1) * sizeof *im->matchk);
        im->matchk[im->nmatch++] = k;
    }
    strv_free(cols);
    im->match_by_id = im->nmatch == 1 && im->matchk[0] == im->k_id && im->k_id >= 0;
    return 0;
}

/* ---- references by name ----------------------------------------------- */

static void
ref_put(struct hmap *m, const char *key, const char *id)
{
    int is_new;
    struct hmap_entry *he;
    if (!*key)
        return;
    he = hmap_put(m, key, &is_new);
    if (is_new)
        he->v.ptr = xstrdup(id);
    else if (he->v.ptr != ambiguous && strcmp(he->v.ptr, id) != 0) {
        free(he->v.ptr);
        he->v.ptr = ambiguous;
    }
}

static int
ref_load(struct imp *im, const struct entity_def *target, struct refmap *rm, struct err *e)
{
    struct table *t = store_read(im->s, target, e);
    struct sbuf key = {0};
    int rc, c_id, c_name, c_email, c_domain;
    if (!t)
        return -1;
    c_id = schema_col(target, "id");
    c_name = schema_col(target, "name");
    c_email = schema_col(target, "email");
    c_domain = schema_col(target, "domain");
    while ((rc = table_next(t, e)) == 1) {
        const char *id = table_get(t, c_id);
        if (!*id)
            continue;
        if (c_name >= 0) {
            fold(table_get(t, c_name), &key);
            ref_put(&rm->byname, key.p, id);
        }
        if (c_email >= 0) {
            fold(table_get(t, c_email), &key);
            ref_put(&rm->byname, key.p, id);
        }
        if (c_domain >= 0) {
            fold(table_get(t, c_domain), &key);
            ref_put(&rm->byname, key.p, id);
        }
    }
    table_free(t);
    sbuf_release(&key);
    rm->loaded = 1;
    return rc;
}

/* The id a reference names: an id, or the unique name (email, domain) of
 * one record. NULL with reason set when none or several. */
static const char *
ref_resolve(struct imp *im, const struct column_def *c, const char *val, struct sbuf *reason,
            struct err *e, int *fatal)
{
    const struct entity_def *target = schema_entity(c->ref);
    int ti = schema_entity_index(target);
    struct refmap *rm = &im->refs[ti];
    struct hmap_entry *he;
    int rc = validate_ref(&im->v, target, val, e); /* the ids: the validator's own set */

    if (rc < 0) {
        *fatal = 1;
        return NULL;
    }
    if (rc == 1)
        return val;
    /* not an id: a name, an email or a domain (read once, when first needed) */
    if (!rm->loaded && ref_load(im, target, rm, e) < 0) {
        *fatal = 1;
        return NULL;
    }
    fold(val, &im->tmp2);
    he = hmap_get(&rm->byname, im->tmp2.p);
    if (he && he->v.ptr != ambiguous)
        return he->v.ptr;
    if (target == im->ent && !he) /* a rep of this same import: checked once all are read */
        return val;
    sbuf_reset(reason);
    if (he)
        sbuf_addf(reason, "ambiguous %s '%s' (several %s have that name; give the id)", c->name,
                  val, target->name);
    else
        sbuf_addf(reason, "unknown %s '%s' (not an id%s in %s.csv)", c->name, val,
                  target == &schema_accounts ? ", name or domain"
                  : schema_col(target, "email") >= 0 ? ", name or email"
                                                      : " or name",
                  target->name);
    return NULL;
}

/* ---- one value -------------------------------------------------------- */

/* A value's verdict in im->vout: '0' and the stored form, '1' and why not. */
static void
vout_set(struct imp *im, char kind, const char *text)
{
    sbuf_reset(&im->vout);
    sbuf_addc(&im->vout, kind);
    sbuf_adds(&im->vout, text ? text : "");
}

/* A reference given by id or by name: the id, or NULL with im->vout
 * saying why not (*fatal: a file could not be read). im->vout is left
 * alone when an id is found. */
static const char *
ref_named(struct imp *im, const struct column_def *c, const char *val, struct err *e, int *fatal)
{
    struct sbuf why = {0};
    const char *id = ref_resolve(im, c, val, &why, e, fatal);
    if (!id && !*fatal)
        vout_set(im, '1', why.p);
    sbuf_release(&why);
    return id;
}

/* Strip the guard sales-export --safe puts before a formula-like cell. */
static const char *
unguard(const char *s)
{
    if (s[0] == '\'' && s[1] && strchr("=+-@\t\r'", s[1]))
        return s + 1;
    return s;
}

/* Convert raw (a spreadsheet value) for dst d into what validate_value
 * takes, in out. Returns 0, 1 when the value waits for the column's date
 * format, or -1 with the reason in out. cur gets a currency found in an
 * amount. *canon is set when out is already the stored form, which
 * validate_value would give back unchanged: an amount, or a date or
 * timestamp of years 1 to 9999, formatted here as the files hold them. */
static int
convert(struct imp *im, struct dst *d, const char *raw, struct sbuf *out, char *cur,
        int *canon, struct err *e, int *fatal)
{
    const struct column_def *c = d->scol >= 0 ? &im->ent->cols[d->scol] : NULL;
    const char *v = raw;
    struct err ce;

    *canon = 0;
    sbuf_reset(out);
    for (size_t i = 0; i < d->nxl; i++) {
        struct sbuf a = {0}, b = {0};
        fold(v, &a);
        fold(d->xl[i]->from, &b);
        int hit = strcmp(a.p, b.p) == 0;
        sbuf_release(&a);
        sbuf_release(&b);
        if (hit) {
            v = d->xl[i]->to;
            break;
        }
    }
    if (!c) {
        sbuf_adds(out, v);
        return 0;
    }
    if (c->type != CT_NOTE)
        while (*v == ' ' || *v == '\t')
            v++;
    switch (c->type) {
    case CT_MONEY: {
        money_t m;
        char buf[MONEY_BUFSZ];
        if (conv_money(v, im->o->decimal_comma ? CONV_COMMA : CONV_DOT, &m, cur, &ce)) {
            const char *hint = "";
            const char *dot = strrchr(v, '.'), *comma = strrchr(v, ',');
            if (!im->o->decimal_comma && comma && (!dot || comma > dot))
                hint = "; written with a decimal comma? see --decimal-comma";
            sbuf_addf(out, "bad %s '%s' (%s%s)", c->name, raw, ce.msg, hint);
            return -1;
        }
        if (m < 0) {
            sbuf_addf(out, "bad %s '%s' (must not be negative)", c->name, raw);
            return -1;
        }
        sbuf_adds(out, money_format(m, buf));
        *canon = 1;
        return 0;
    }
    case CT_DATE:
    case CT_DATETIME: {
        sdate dd;
        int secs;
        char buf[TS_BUFSZ];
        size_t cn = conv_canonical_when(v, c->type == CT_DATETIME);
        if (cn) { /* as the files hold it already (most of an export) */
            sbuf_add(out, v, cn);
            *canon = 1;
            return 0;
        }
        if (conv_date_iso(v, &dd, &secs) != 0) {
            if (!d->date_fmt) {
                /* relative forms as *-add takes them, else wait for the column's format */
                if (isalpha((unsigned char)*v) && !conv_date_fmt(v, "%b %d %Y", &dd, &secs))
                    return 1;
                if (isalpha((unsigned char)*v) || *v == '+' || *v == '-') {
                    sbuf_adds(out, v);
                    return 0;
                }
                return 1;
            }
            if (conv_date_fmt(v, d->date_fmt, &dd, &secs) != 0) {
                sbuf_addf(out, "bad %s '%s' (expected a date like %s)", c->name, raw,
                          d->date_fmt);
                return -1;
            }
        }
        if (c->type == CT_DATETIME && secs >= 0)
            sbuf_adds(out, ts_format((int64_t)dd * 86400 + secs, buf));
        else
            sbuf_adds(out, date_format(dd, buf));
        *canon = dd >= im->first_day && dd <= im->last_day;
        return 0;
    }
    case CT_PERCENT: {
        size_t n = strlen(v);
        while (n && (v[n - 1] == ' ' || v[n - 1] == '\t'))
            n--;
        if (n && v[n - 1] == '%') {
            n--;
            while (n && v[n - 1] == ' ')
                n--;
        }
        sbuf_add(out, v, n);
        /* "50.00" from a spreadsheet is 50 */
        char *dot = strchr(out->p, '.');
        if (!dot && im->o->decimal_comma)
            dot = strchr(out->p, ',');
        if (dot && dot[1] && strspn(dot + 1, "0") == strlen(dot + 1)) {
            *dot = '\0';
            out->len = (size_t)(dot - out->p);
        }
        return 0;
    }
    case CT_INT: {
        sbuf_adds(out, v);
        char *dot = strchr(out->p, im->o->decimal_comma ? ',' : '.');
        if (dot && dot[1] && strspn(dot + 1, "0") == strlen(dot + 1)) {
            *dot = '\0';
            out->len = (size_t)(dot - out->p);
        }
        return 0;
    }
    case CT_DOMAIN: {
        const char *p = v;
        if (!strncasecmp(p, "https://", 8))
            p += 8;
        else if (!strncasecmp(p, "http://", 7))
            p += 7;
        if (!strncasecmp(p, "www.", 4))
            p += 4;
        size_t n = strcspn(p, "/?#");
        if (p != v || p[n]) /* a web address: its host */
            sbuf_add(out, p, n);
        else
            sbuf_adds(out, v);
        return 0;
    }
    case CT_EMAIL: {
        const char *lt = strchr(v, '<'), *gt = lt ? strchr(lt, '>') : NULL;
        if (!strncasecmp(v, "mailto:", 7))
            v += 7;
        if (lt && gt && gt[1] == '\0') /* "Ann Lee <ann@example.com>" */
            sbuf_add(out, lt + 1, (size_t)(gt - lt - 1));
        else
            sbuf_adds(out, v);
        return 0;
    }
    case CT_STAGE: {
        struct sbuf l = {0};
        loose(v, &l);
        if (!im->have_stages) {
            if (stages_load(im->s, &im->stages, e) < 0) {
                sbuf_release(&l);
                *fatal = 1;
                return -1;
            }
            im->have_stages = 1;
        }
        /* CRM names of the terminal stages, unless stages.csv has them */
        if ((!strcmp(l.p, "closedwon") || !strcmp(l.p, "won")) && !stages_find(&im->stages, v))
            sbuf_adds(out, "won");
        else if ((!strcmp(l.p, "closedlost") || !strcmp(l.p, "lost")) &&
                 !stages_find(&im->stages, v))
            sbuf_adds(out, "lost");
        else
            sbuf_adds(out, v);
        sbuf_release(&l);
        return 0;
    }
    case CT_PERIOD:
        sbuf_adds(out, v);
        for (char *p = out->p; *p; p++)
            *p = (char)toupper((unsigned char)*p);
        if (strncmp(out->p, "THIS-", 5) == 0 || strncmp(out->p, "LAST-", 5) == 0 ||
            strncmp(out->p, "NEXT-", 5) == 0) {
            for (char *p = out->p; *p; p++)
                *p = (char)tolower((unsigned char)*p);
        }
        return 0;
    case CT_REF: { /* an id as it is: value_of resolves names when the id is unknown */
        size_t n = strlen(v);
        while (n && (v[n - 1] == ' ' || v[n - 1] == '\t'))
            n--;
        sbuf_add(out, v, n);
        return 0;
    }
    default:
        sbuf_adds(out, v);
        return 0;
    }
}

/* Cached: convert and validate raw for dst d. Returns the stored form
 * (borrowed: from the cache, or im->vout until the next call), NULL with
 * *pending set when it waits for the column's date format, or NULL with
 * the reason in *reason. */
/* Is a column's conversion worth a cache (raw value -> stored form)? For
 * text, e-mail addresses, phone numbers and numbers the lookup costs about
 * what the conversion does; amounts carry a currency sign; the rest (a
 * name looked up, an enum, a date read in a format) repeat and cost more. */
static int
worth_caching(const struct column_def *c)
{
    if (!c)
        return 0;
    switch (c->type) {
    case CT_REF:
    case CT_ENUM:
    case CT_DATE:
    case CT_DATETIME:
    case CT_BOOL:
    case CT_PERIOD:
    case CT_CURRENCY:
    case CT_STAGE:
        return 1;
    default:
        return 0;
    }
}

/* raw itself when it is already the stored form of a value of dst d's
 * column c, and a good one: text without spaces at its ends or line
 * breaks, an id of the usual form, one of a known record, a date or a
 * timestamp as the files hold them. Most of an export is. NULL: the usual
 * way decides. */
static const char *
as_stored(struct imp *im, struct dst *d, const struct column_def *c, const char *raw)
{
    const struct entity_def *target;
    size_t n;
    struct err ignored;

    switch (c->type) {
    case CT_NOTE:
        return raw; /* kept as typed (its UTF-8 checked by the reader) */
    case CT_TEXT:
        n = strlen(raw);
        if (raw[0] == ' ' || raw[0] == '\t' || raw[n - 1] == ' ' || raw[n - 1] == '\t' ||
            memchr(raw, '\n', n) || memchr(raw, '\r', n))
            return NULL;
        return raw;
    case CT_ID:
        return im->ent->id_prefix && schema_id_number(raw, im->ent->id_prefix) >= 0 ? raw : NULL;
    case CT_REF:
        if (!d->target)
            d->target = schema_entity(c->ref);
        target = d->target;
        return target && target != im->ent && target->id_prefix &&
                       schema_id_number(raw, target->id_prefix) >= 0 &&
                       validate_ref(&im->v, target, raw, &ignored) == 1
                   ? raw
                   : NULL;
    case CT_DATE:
    case CT_DATETIME:
        return conv_canonical_when(raw, c->type == CT_DATETIME) ? raw : NULL;
    default:
        return NULL;
    }
}

static const char *
value_of(struct imp *im, struct dst *d, const char *raw, char *cur, const char **reason,
         int *pending, struct err *e, int *fatal)
{
    struct hmap_entry *he = NULL;
    const struct column_def *c = d->scol >= 0 ? &im->ent->cols[d->scol] : NULL;
    int cacheable = worth_caching(c) && !d->nocache;
    struct err ve;
    int rc, canon;

    *pending = 0;
    *cur = '\0';
    const char *same = c && !d->nxl && !d->selfref && !d->isnew ? as_stored(im, d, c, raw) : NULL;
    if (same)
        return same;
    if (cacheable && (++d->lookups & 4095) == 0 && d->hits * 4 < d->lookups) {
        /* names, ids, timestamps: caching them costs more than it saves
         * (looked at every 4096 values: a column may start with repeats) */
        for (size_t i = 0; i < d->cache.cap; i++)
            if (d->cache.slots[i].key)
                free(d->cache.slots[i].v.ptr);
        hmap_release(&d->cache);
        d->nocache = 1;
        cacheable = 0;
    }
    if (cacheable && (he = hmap_get(&d->cache, raw))) {
        const char *x = he->v.ptr;
        d->hits++;
        if (*x == '0')
            return x + 1;
        if (*x == '2') {
            *pending = 1;
            return NULL;
        }
        *reason = x + 1;
        return NULL;
    }
    rc = convert(im, d, raw, &im->tmp, cur, &canon, e, fatal);
    if (*fatal)
        return NULL;
    sbuf_reset(&im->vout);
    if (rc == 1) {
        sbuf_addc(&im->vout, '2');
    } else if (rc < 0) {
        vout_set(im, '1', im->tmp.p);
    } else if (d->selfref) {
        /* a rep's manager: an id or a name on file, or a rep of this import (checked
         * once all are read) */
        const char *id = ref_named(im, c, im->tmp.p, e, fatal);
        if (*fatal)
            return NULL;
        if (id)
            vout_set(im, '0', id);
    } else if (d->isnew || !c) {
        /* a column of the user's, new or one the file has: kept as typed
         * (as validate_value keeps it, without looking its name up in
         * the header for every value) */
        if (!im->v.vc.text_checked && !utf8_valid(im->tmp.p, im->tmp.len))
            sbuf_addf(&im->vout, "1%s: invalid UTF-8", d->name);
        else
            vout_set(im, '0', im->tmp.p);
    } else if (canon) {
        sbuf_addc(&im->vout, '0');
        sbuf_add(&im->vout, im->tmp.p, im->tmp.len);
    } else {
        sbuf_addc(&im->vout, '0');
        if (validate_value_into(&im->v, d->scol, im->tmp.p, &im->vout, &ve) == 0) {
            /* the stored form follows the '0' */
        } else if (c->type == CT_REF && *im->tmp.p) {
            /* not an id: the name, email or domain of one record */
            const char *id = ref_named(im, c, im->tmp.p, e, fatal);
            if (*fatal)
                return NULL;
            if (id && validate_value_into(&im->v, d->scol, id, &im->vout, &ve))
                vout_set(im, '1', ve.msg);
        } else {
            vout_set(im, '1', ve.msg);
        }
    }
    if (cacheable && d->cache.len < CACHE_MAX) {
        he = hmap_put(&d->cache, raw, NULL);
        he->v.ptr = xstrdup(im->vout.p);
    }
    if (*im->vout.p == '2') {
        *pending = 1;
        return NULL;
    }
    if (*im->vout.p == '1') {
        *reason = im->vout.p + 1;
        return NULL;
    }
    return im->vout.p + 1;
}

/* ---- records ---------------------------------------------------------- */

/* Keep a record for later, its values v[0..ndst) copied into the pool:
 * one whose dates wait for their column's format (and every one read
 * after it, so that new records keep their order), or one matched to a
 * row of the data file, for the compare pass. */
static struct rec *
rec_keep(struct imp *im, long line, char *const *v)
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

static void
reject(struct rec *r, const char *reason)
{
    if (r->act == ACT_REJECT)
        return;
    r->act = ACT_REJECT;
    r->reason = xstrdup(reason);
}

static void
keep_raw(struct imp *im, struct rec *r, char *const *cells, size_t n)
{
    r->raw = pool_alloc(&im->pool, (n + 1) * sizeof *r->raw);
    for (size_t j = 0; j < n; j++)
        r->raw[j] = pool_strdup(&im->pool, cells[j] ? cells[j] : "");
    r->raw[n] = NULL;
    r->nraw = n;
}

/* The result's entry for a record. */
static struct import_item *
add_item(struct imp *im, long line, int act, const char *id, const char *detail)
{
    struct import_result *res = im->res;
    struct import_item *it;
    struct sbuf w = {0};
    if (res->nitems % 1024 == 0)
        res->items = xrealloc(res->items, (res->nitems + 1024) * sizeof *res->items);
    it = &res->items[res->nitems++];
    memset(it, 0, sizeof *it);
    if (im->json && jsonio_is_array(im->json))
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
static void
refuse(struct imp *im, long line, const char *reason, char *const *cells, size_t n)
{
    struct import_item *it = add_item(im, line, ACT_REJECT, "", reason);
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
static int
take_record(struct imp *im, char *const *cells, size_t n, struct err *e)
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
            raw = unguard(raw);
        if (raw && !*raw && im->o->ignore_empty)
            raw = ABSENT;
        const char *v = raw;
        if (raw && *raw) {
            const char *reason = NULL;
            int pending;
            char cur[8];
            v = value_of(im, d, raw, cur, &reason, &pending, e, &fatal);
            if (fatal)
                return -1;
            if (pending) {
                v = raw;
                if (im->npend < 64)
                    im->pend[im->npend++] = (int)k;
            } else if (!v) {
                sbuf_adds(&im->why, reason);
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
static int
resolve_dates(struct imp *im, struct err *e)
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
            note(im->res, "%s: column '%s': dates read as %s (the one format that fits every value)",
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
                reject(r, m.p);
                sbuf_release(&m);
                continue;
            }
            v = value_of(im, d, vals[i], cur, &reason, &pending, e, &fatal);
            if (fatal) {
                free(vals);
                return -1;
            }
            if (!v) {
                reject(r, reason ? reason : "bad date");
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
static int
check_selfrefs(struct imp *im, struct err *e)
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
        if (r->act != ACT_REJECT && r->v[im->k_id] && *r->v[im->k_id])
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
            reject(r, m.p);
        }
    }
    sbuf_release(&m);
    hmap_release(&ids);
    return 0;
}

/* Read what the checks will need now, so that a file that cannot be read
 * fails the import instead of refusing every row. */
static int
preload(struct imp *im, struct err *e)
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

/* ---- reading the input ------------------------------------------------ */

static int ready(struct imp *im, struct err *e);
static int admit(struct imp *im, long line, char *const *cells, size_t n, struct err *e);

static int
read_csv(struct imp *im, char *buf, size_t len, const char *path, struct err *e)
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
        note(im->res, "%s: columns separated by '%s'", im->name,
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
        if (n >= 2 && unguard(h) != h) /* sales-export --safe guards names too */
            h++, n--;
        im->head[j] = xstrndup(h, n);
    }
    for (size_t j = 0; j < im->nhead; j++)
        if (map_column(im, j, e))
            return -1;
    if (finish_mapping(im, e) || preload(im, e) || ready(im, e))
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
                    refuse(im, row->line, im->why.p, row->f, row->n);
                    goto next;
                }
        }
        if (admit(im, row->line, row->f, row->n < im->nhead ? row->n : im->nhead, e))
            return -1;
    next:
        if (++nrows % PROGRESS_EVERY == 0)
            progress(im, "checking", csvio_bytes(im->csv), im->size);
    }
    return rc;
}

static int
read_json(struct imp *im, const char *buf, size_t len, struct err *e)
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
                head_index(im);
            }
    jsonio_free(jr);
    if (rc < 0)
        return -1;
    if (im->nhead == 0) /* no records */
        return 0;
    for (size_t j = 0; j < im->nhead; j++)
        if (map_column(im, j, e))
            return -1;
    if (finish_mapping(im, e) || preload(im, e) || ready(im, e))
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
        if (admit(im, rec->line, cells, im->nhead, e)) {
            free(cells);
            return -1;
        }
        if (++nrows % PROGRESS_EVERY == 0)
            progress(im, "checking", nrows, 0);
    }
    free(cells);
    return rc < 0 ? -1 : 0;
}

/* ---- matching --------------------------------------------------------- */

/* The match key of record r, in b; 0 when a key column is empty. */
static int
rec_key(struct imp *im, const struct rec *r, struct sbuf *b)
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
    int k = dst_find(im, col);
    return k >= 0 && (size_t)k < r->nv && r->v[k] && *r->v[k];
}

/* A date (YYYY-MM-DD) after today: not a day a deal can have closed on. */
static int
after_today(const struct imp *im, const char *date)
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
            add_change(r, -1 - jc, close && !after_today(im, close) ? close
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
/* Ids of the usual form up to this are kept by number, in arrays (of
 * 64 MB at most, for one stray huge id); larger ones in maps. */
#define ID_DENSE_MAX (1LL << 24)
#define FILEROW_TWICE UINT32_MAX

/* The slot for id number k (< ID_DENSE_MAX) in an array by id number,
 * grown (new slots zeroed) as needed. */
static uint32_t *
id_slot(uint32_t **a, size_t *n, long long k)
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
        uint32_t *slot = id_slot(&im->filerow, &im->nfilerow, k);
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

static int
index_file(struct imp *im, struct err *e)
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
        const char *id = c_id >= 0 ? table_get(t, c_id) : store_key(t);
        row++;
        if (need_ids && *id)
            idset_add(&im->ids, im->ent->id_prefix, id, strlen(id));
        if (row % PROGRESS_EVERY == 0)
            progress(im, "matching", row, 0);
        if (!im->nmatch || !file_key(im, t, &im->key))
            continue;
        key_put(im, im->key.p, id, row - 1);
    }
    table_free(t);
    im->nfrows = row;
    return rc < 0 ? -1 : 0;
}

/* The records matched to rows of the data file, compared with them:
 * unchanged, updated (the changes planned), or refused by the rules. */
static int
compare_pass(struct imp *im, struct err *e)
{
    struct table *t;
    struct sbuf why = {0};
    long row = 0, *rowrec;
    int rc, fatal = 0;
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
            progress(im, "comparing", row, 0);
        if (row > im->nfrows || rowrec[row - 1] < 0)
            continue;
        struct rec *r = &im->recs[rowrec[row - 1]];
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
                    reject(r, m.p);
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
            continue;
        if (r->nch) {
            const char *why_not = update_rules(im, r, t, &why, e, &fatal);
            if (fatal) {
                rc = -1;
                break;
            }
            if (why_not) {
                reject(r, why_not);
                continue;
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
    }
    if (rc == 0 && row != im->nfrows)
        rc = err_set(e, "internal error: %s.csv changed under the lock", im->ent->name);
    table_free(t);
    free(rowrec);
    sbuf_release(&why);
    return rc < 0 ? -1 : 0;
}

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

static void
orec_release(struct orec *o)
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
static int
ready(struct imp *im, struct err *e)
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
        im->dfcol[k] = fhead_find(im, im->dst[k].name);
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
    if (index_file(im, e))
        return -1;
    /* a big input into a file under half its size (a first load, say):
     * the new records go into a new version of the file as they are made,
     * sent to the disk while the rest is read, rather than all appended
     * and synced at the end. Not when columns are added: the header
     * changes, a rewrite it is. */
    if (!im->o->dry_run && im->size >= READAHEAD_MIN) {
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
    return im->o->match ? im->o->match : im->match_by_id ? "id" : natural_key(im->ent);
}

/* Refuse r (a kept record when ri >= 0: then marked decided). */
static void
refuse_rec(struct imp *im, struct rec *r, long ri, const char *reason, char *const *cells,
           size_t n)
{
    refuse(im, r->line, reason, cells, n);
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
        if (st && st->state != DEAL_OPEN && !after_today(im, orec_get(out, c_close)))
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
        add_item(im, r->line, ACT_CREATE, id, "");
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
        uint32_t *slot = id_slot(&im->idline, &im->nidline, k);
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
static int
place(struct imp *im, struct rec *r, long ri, char *const *cells, size_t n, struct err *e)
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
    if (im->nmatch && rec_key(im, r, &im->key)) {
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
            fkid.id = pool_strdup(&im->pool, im->key.p);
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
            r = rec_keep(im, r->line, r->v);
            ri = (long)im->nrecs - 1;
        }
        r->row = fk->row;
        r->id = fk->id;
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
        sbuf_addf(m, "bad id '%s' (expected %s)", given_id, schema_id_form(ent));
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
static int
admit(struct imp *im, long line, char *const *cells, size_t n, struct err *e)
{
    int rc = take_record(im, cells, n, e);
    struct rec *r;

    if (rc < 0)
        return -1;
    if (rc == 2) {
        refuse(im, line, im->why.p, cells, n);
        return 0;
    }
    if (rc == 0 && !im->defer) {
        struct rec tmp;
        memset(&tmp, 0, sizeof tmp);
        tmp.line = line;
        tmp.row = -1;
        tmp.nv = im->ndst;
        tmp.v = im->val;
        return place(im, &tmp, -1, cells, n, e);
    }
    /* its dates wait for the column's format: it is kept, and so is every
     * record after it, so that new records keep their order */
    im->defer = 1;
    r = rec_keep(im, line, im->val);
    keep_raw(im, r, cells, n);
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

static int
write_all(struct imp *im, struct err *e)
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
    progress(im, "writing", 0, 0);
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
            if (rm->byname.slots[j].key && rm->byname.slots[j].v.ptr != ambiguous)
                free(rm->byname.slots[j].v.ptr);
        hmap_release(&rm->byname);
    }
    if (im->out) {
        orec_release(im->out);
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
    free(im->filerow);
    idset_release(&im->ids);
    pool_release(&im->pool);
    csvio_free(im->csv);
    jsonio_free(im->json);
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
    if (resolve_dates(im, e) || check_selfrefs(im, e))
        return -1;
    for (size_t i = 0; i < im->nrecs; i++) { /* those kept until the input was read */
        struct rec *r = &im->recs[i];
        if (!r->done && r->act == ACT_NONE && r->row < 0 && place(im, r, (long)i, NULL, 0, e))
            return -1;
    }
    if (compare_pass(im, e))
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
        it = add_item(im, r->line, r->act, r->id,
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
    im.first_day = date_from_ymd(1, 1, 1);
    im.last_day = date_from_ymd(9999, 12, 31);

    if (ent == &schema_stages || ent == &schema_history)
        return err_set(e, "%s cannot be imported (edit %s.csv itself)", ent->name, ent->name);
    /* a UTF-8 file is parsed from the disk; anything else is read and decoded first */
    int streamed = !whole &&
                   (!o->encoding || !strcasecmp(o->encoding, "utf-8") ||
                    !strcasecmp(o->encoding, "utf8")) &&
                   stream_candidate(path, &buf, &len);
    if (streamed) {
        struct stat st;
        im.size = stat(path, &st) == 0 ? (int64_t)st.st_size : 0;
    } else {
        if (read_all(path, im.name, &buf, &len, e))
            return -1;
        if (decode(&im, &buf, &len, e))
            goto out;
        im.size = (int64_t)len;
    }
    progress(&im, "reading", im.size, im.size);
    if (store_lock(s, e))
        goto out;
    if (validator_init(&im.v, s, ent, e))
        goto out;
    im.have_v = 1;
    im.fhead = im.v.header;
    im.nfhead = strv_len(im.v.header);

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
        if (read_all(path, im.name, &buf, &len, e) || decode(&im, &buf, &len, e))
            goto out;
        streamed = 0;
    }
    if (is_json < 0)
        is_json = 0;
    if (is_json ? read_json(&im, buf, len, e)
                : read_csv(&im, buf, len, streamed ? path : NULL, e))
        goto out;
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
    if (!o->dry_run && write_all(&im, e))
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

/* ---- undo ------------------------------------------------------------- */

/* A run of history rows written by one sales-import: an import (opened by
 * its "import FILE" row) or an undo (opened by "undo ..."). */
struct hblock {
    long start, end; /* rows [start, end) of history.csv */
    int is_undo, cancelled;
    char *entity, *ts, *user, *what;
};

struct undo_plan {
    struct store *s;
    const struct entity_def *ent;
    struct hmap created;  /* key -> 1 */
    struct hmap updated;  /* key -> index into fields */
    struct {
        char *key, *field, *old, *new_;
    } *fields;
    size_t nfields;
    int force, dry;
    size_t deleted, restored;
    struct sbuf why;
};

static int
is_marker(struct table *t, int c_cmd, int c_id, int c_field, int c_new, int *is_undo)
{
    const char *cmd = table_cell(t, (size_t)c_cmd), *nw = table_cell(t, (size_t)c_new);
    if (strcmp(cmd, "sales-import") != 0 || *table_cell(t, (size_t)c_id) ||
        *table_cell(t, (size_t)c_field))
        return 0;
    if (strncmp(nw, "import ", 7) == 0) {
        *is_undo = 0;
        return 1;
    }
    if (strncmp(nw, "undo ", 5) == 0) {
        *is_undo = 1;
        return 1;
    }
    return 0;
}

static int
history_cols(struct table *t, int *c, struct err *e)
{
    static const char *const names[] = {"ts", "user", "command", "entity", "id", "field", "old", "new"};
    for (int i = 0; i < 8; i++)
        if ((c[i] = table_find(t, names[i])) < 0)
            return err_at(e, t->name, 1, "no '%s' column", names[i]);
    return 0;
}

/* What to do with one row of the entity's file (ed NULL: only check). */
static int
undo_row(struct undo_plan *u, struct table *t, struct edit *ed, struct err *e)
{
    const char *key = store_key(t);
    struct hmap_entry *he;
    char ts[TS_BUFSZ];

    if (hmap_get(&u->created, key)) {
        u->deleted++;
        if (ed) {
            ed->drop = 1;
            store_history(u->s, u->ent->name, key, "", "", "deleted");
        }
        return 0;
    }
    if (!(he = hmap_get(&u->updated, key)))
        return 0;
    char *k = xstrdup(key); /* store_key's buffer is reused below */
    for (size_t i = (size_t)he->v.num; i < u->nfields && strcmp(u->fields[i].key, k) == 0; i++) {
        int j = table_find(t, u->fields[i].field);
        const char *cur = j < 0 ? "" : ed ? edit_get(ed, u->fields[i].field)
                                          : table_cell(t, (size_t)j);
        if (!u->force && strcmp(cur, u->fields[i].new_) != 0) {
            err_at(e, t->name, table_line(t),
                   "%s %s changed since the import (%s is '%s', the import made it '%s'); "
                   "--force takes it back all the same",
                   u->ent->singular, k, u->fields[i].field, cur, u->fields[i].new_);
            free(k);
            return -1;
        }
        if (ed && j >= 0 && edit_set(u->s, ed, u->fields[i].field, u->fields[i].old, e)) {
            free(k);
            return -1;
        }
    }
    free(k);
    u->restored++;
    if (ed && table_find(t, "updated") >= 0)
        return edit_set(u->s, ed, "updated", ts_format(u->s->now, ts), e);
    return 0;
}

static int
undo_edit(void *ctx, struct edit *ed, struct err *e)
{
    return ed ? undo_row(ctx, ed->t, ed, e) : 0;
}

void
import_undo_info_release(struct import_undo_info *u)
{
    free(u->what);
    u->what = NULL;
}

int
import_undo(struct store *s, int force, int dry_run, struct import_undo_info *info, struct err *e)
{
    struct table *t = NULL;
    struct hblock *blocks = NULL;
    size_t nblocks = 0;
    struct undo_plan u;
    struct hmap later = {0}; /* entity/id touched after the import, outside undone imports */
    int c[8], rc = -1, r;
    long row = 0;
    struct hblock *target = NULL;

    memset(info, 0, sizeof *info);
    memset(&u, 0, sizeof u);
    u.s = s;
    u.force = force;
    u.dry = dry_run;
    if (store_lock(s, e))
        return -1;

    /* pass 1: the blocks of imports and undos */
    if (!(t = store_read(s, &schema_history, e)) || history_cols(t, c, e))
        goto out;
    struct hblock *open = NULL;
    while ((r = table_next(t, e)) == 1) {
        int is_undo;
        if (is_marker(t, c[2], c[4], c[5], c[7], &is_undo)) {
            blocks = xrealloc(blocks, (nblocks + 1) * sizeof *blocks);
            open = &blocks[nblocks++];
            memset(open, 0, sizeof *open);
            open->start = row;
            open->end = row + 1;
            open->is_undo = is_undo;
            open->entity = xstrdup(table_cell(t, (size_t)c[3]));
            open->ts = xstrdup(table_cell(t, (size_t)c[0]));
            open->user = xstrdup(table_cell(t, (size_t)c[1]));
            open->what = xstrdup(table_cell(t, (size_t)c[7]));
        } else if (open && open->end == row && !strcmp(table_cell(t, (size_t)c[2]), "sales-import") &&
                   !strcmp(table_cell(t, (size_t)c[0]), open->ts) &&
                   !strcmp(table_cell(t, (size_t)c[1]), open->user)) {
            open->end = row + 1;
        } else {
            open = NULL;
        }
        row++;
    }
    table_free(t);
    t = NULL;
    if (r < 0)
        goto out;
    /* each undo cancels the latest import not cancelled yet */
    for (size_t i = 0; i < nblocks; i++) {
        if (!blocks[i].is_undo)
            continue;
        for (size_t j = i; j-- > 0;)
            if (!blocks[j].is_undo && !blocks[j].cancelled) {
                blocks[j].cancelled = blocks[i].cancelled = 1;
                break;
            }
    }
    for (size_t i = nblocks; i-- > 0 && !target;)
        if (!blocks[i].is_undo && !blocks[i].cancelled)
            target = &blocks[i];
    if (!target) {
        err_set(e, "no import to take back (sales-history --where 'command = sales-import' "
                   "lists them)");
        goto out;
    }
    if (!(u.ent = schema_entity(target->entity)) || u.ent == &schema_history) {
        err_set(e, "the last import names an unknown entity '%s'", target->entity);
        goto out;
    }

    /* pass 2: the import's rows, and what touched the same records later */
    if (!(t = store_read(s, &schema_history, e)) || history_cols(t, c, e))
        goto out;
    row = 0;
    size_t bi = 0;
    while ((r = table_next(t, e)) == 1) {
        long here = row++;
        while (bi < nblocks && blocks[bi].end <= here)
            bi++;
        int in_block = bi < nblocks && blocks[bi].start <= here && here < blocks[bi].end;
        const char *id = table_cell(t, (size_t)c[4]), *field = table_cell(t, (size_t)c[5]);
        if (here > target->start && here < target->end) {
            if (strcmp(table_cell(t, (size_t)c[3]), target->entity) != 0 || !*id)
                continue;
            if (!*field) {
                if (strcmp(table_cell(t, (size_t)c[7]), "created") == 0)
                    hmap_put(&u.created, id, NULL);
                continue;
            }
            int is_new;
            struct hmap_entry *he = hmap_put(&u.updated, id, &is_new);
            if (is_new)
                he->v.num = (int64_t)u.nfields;
            u.fields = xrealloc(u.fields, (u.nfields + 1) * sizeof *u.fields);
            u.fields[u.nfields].key = xstrdup(id);
            u.fields[u.nfields].field = xstrdup(field);
            u.fields[u.nfields].old = xstrdup(table_cell(t, (size_t)c[6]));
            u.fields[u.nfields].new_ = xstrdup(table_cell(t, (size_t)c[7]));
            u.nfields++;
        } else if (here >= target->end && !(in_block && blocks[bi].cancelled) &&
                   strcmp(table_cell(t, (size_t)c[3]), target->entity) == 0 && *id &&
                   (hmap_get(&u.created, id) || hmap_get(&u.updated, id))) {
            struct hmap_entry *he = hmap_put(&later, id, NULL);
            if (!he->v.ptr) {
                struct sbuf m = {0};
                sbuf_addf(&m, "%s at %s", table_cell(t, (size_t)c[2]), table_cell(t, (size_t)c[0]));
                he->v.ptr = m.p;
            }
        }
    }
    table_free(t);
    t = NULL;
    if (r < 0)
        goto out;
    /* (an import writes the fields of one record one after the other) */
    if (later.len && !force) {
        for (size_t i = 0; i < later.cap; i++)
            if (later.slots[i].key) {
                err_set(e,
                        "%s %s was changed after the import (by %s); taking the import back "
                        "would lose that (--force does it all the same)",
                        u.ent->singular, later.slots[i].key, (char *)later.slots[i].v.ptr);
                break;
            }
        goto out;
    }
    snprintf(info->entity, sizeof info->entity, "%s", target->entity);
    snprintf(info->ts, sizeof info->ts, "%s", target->ts);
    info->what = xstrdup(target->what);

    if (dry_run) {
        if (!(t = store_read(s, u.ent, e)))
            goto out;
        while ((r = table_next(t, e)) == 1)
            if (undo_row(&u, t, NULL, e))
                goto out;
        if (r < 0)
            goto out;
    } else {
        struct sbuf m = {0};
        sbuf_addf(&m, "undo %s (%s)", target->what, target->ts);
        store_history(s, target->entity, "", "", "", m.p);
        sbuf_release(&m);
        if (store_rewrite(s, u.ent, undo_edit, &u, NULL, 0, e) || store_commit(s, e))
            goto out;
    }
    info->deleted = u.deleted;
    info->restored = u.restored;
    rc = 0;
out:
    table_free(t);
    for (size_t i = 0; i < nblocks; i++) {
        free(blocks[i].entity);
        free(blocks[i].ts);
        free(blocks[i].user);
        free(blocks[i].what);
    }
    free(blocks);
    for (size_t i = 0; i < later.cap; i++)
        if (later.slots[i].key)
            free(later.slots[i].v.ptr);
    hmap_release(&later);
    hmap_release(&u.created);
    hmap_release(&u.updated);
    for (size_t i = 0; i < u.nfields; i++) {
        free(u.fields[i].key);
        free(u.fields[i].field);
        free(u.fields[i].old);
        free(u.fields[i].new_);
    }
    free(u.fields);
    if (rc)
        import_undo_info_release(info);
    return rc;
}
