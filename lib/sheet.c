/* sheet.c — a sheet of an .xlsx or .ods workbook (see sheet.h). */
#include "sheet.h"

#include <stdarg.h>
#include <expat.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unzip.h>

/* ---- small helpers ------------------------------------------------------ */

char *
sheet_cellref(size_t col, long row, char *buf)
{
    char letters[8];
    int n = 0;
    size_t c = col + 1;
    while (c > 0 && n < 7) {
        letters[n++] = (char)('A' + (c - 1) % 26);
        c = (c - 1) / 26;
    }
    int k = 0;
    while (n > 0)
        buf[k++] = letters[--n];
    snprintf(buf + k, 24 - (size_t)k, "%ld", row);
    return buf;
}

/* "B7" -> column 1, row 7. -1 when it is not a cell reference. */
static int
parse_ref(const char *s, long *col, long *row)
{
    long c = 0, r = 0;
    const char *p = s;
    while ((*p >= 'A' && *p <= 'Z') || (*p >= 'a' && *p <= 'z')) {
        c = c * 26 + ((*p | 0x20) - 'a' + 1);
        if (c > SHEET_MAX_COLS)
            return -1;
        p++;
    }
    if (p == s)
        return -1;
    while (*p >= '0' && *p <= '9') {
        r = r * 10 + (*p - '0');
        if (r > SHEET_MAX_ROWS)
            return -1;
        p++;
    }
    if (*p)
        return -1;
    *col = c - 1;
    *row = r; /* 0: no row given */
    return 0;
}

/* The local part of an XML name: "table:table-cell" -> "table-cell". */
static const char *
local(const char *name)
{
    const char *c = strrchr(name, ':');
    return c ? c + 1 : name;
}

static const char *
attr(const char **atts, const char *name)
{
    for (size_t i = 0; atts[i]; i += 2)
        if (strcmp(local(atts[i]), name) == 0)
            return atts[i + 1];
    return NULL;
}

int
sheet_serial_date(const struct sheet *sh, double serial, int with_time, char *out)
{
    if (!isfinite(serial) || serial < 0 || serial > 3e6)
        return -1;
    double days = floor(serial);
    long long secs = llround((serial - days) * 86400.0);
    long d = (long)days;
    if (secs >= 86400) {
        d++;
        secs -= 86400;
    }
    sdate day;
    if (sh->bug1900) {
        /* Excel's 1900 system counts a 29 February 1900 (serial 60) */
        if (d == 60 || d < 1)
            return -1;
        day = sh->zero + (sdate)(d < 60 ? d : d - 1);
    } else {
        day = sh->zero + (sdate)d;
    }
    int y, m, dd;
    date_to_ymd(day, &y, &m, &dd);
    if (y > 9999 || y < 1)
        return -1;
    char buf[96];
    if (with_time)
        snprintf(buf, sizeof buf, "%04d-%02d-%02dT%02lld:%02lld:%02lldZ", y, m, dd, secs / 3600,
                 secs / 60 % 60, secs % 60);
    else
        snprintf(buf, sizeof buf, "%04d-%02d-%02d", y, m, dd);
    size_t k = strlen(buf) < 31 ? strlen(buf) : 31;
    memcpy(out, buf, k);
    out[k] = '\0';
    return 0;
}

/* ---- the zip ------------------------------------------------------------ */

static int
has_part(unzFile z, const char *name)
{
    return unzLocateFile(z, name, 1) == UNZ_OK;
}

/* Feed part name of z to parser p, in chunks. *found = 0 when the zip
 * has no such part (then 0 is returned and nothing is parsed). */
static int
parse_part(unzFile z, const char *file, const char *name, XML_Parser p, int *found, int *stop,
           struct err *e)
{
    unz_file_info64 info;
    static char buf[1 << 16];
    uint64_t total = 0;
    int rc = -1;

    *found = 0;
    if (unzLocateFile(z, name, 1) != UNZ_OK)
        return 0;
    *found = 1;
    if (unzGetCurrentFileInfo64(z, &info, NULL, 0, NULL, 0, NULL, 0) != UNZ_OK)
        return err_at(e, file, 0, "%s: cannot read it in the zip", name);
    if (info.uncompressed_size > (uint64_t)SHEET_PART_MAX)
        return err_at(e, file, 0, "%s: %llu bytes unpacked, more than the %ld MiB a sheet may take",
                      name, (unsigned long long)info.uncompressed_size, SHEET_PART_MAX >> 20);
    if (unzOpenCurrentFile(z) != UNZ_OK)
        return err_at(e, file, 0, "%s: cannot unpack it (encrypted, or a method zip does not know)",
                      name);
    for (;;) {
        int k = unzReadCurrentFile(z, buf, sizeof buf);
        if (k < 0) {
            err_at(e, file, 0, "%s: damaged in the zip (error %d)", name, k);
            goto out;
        }
        total += (uint64_t)k;
        if (total > (uint64_t)SHEET_PART_MAX ||
            (total > (16u << 20) && total / SHEET_RATIO > info.compressed_size)) {
            err_at(e, file, 0,
                   "%s: unpacks to more than %s (a zip bomb?): refused",
                   name, total > (uint64_t)SHEET_PART_MAX ? "the 1024 MiB a sheet may take"
                                                          : "250 times its packed size");
            goto out;
        }
        if (XML_Parse(p, buf, k, k == 0) == XML_STATUS_ERROR) {
            if (!*stop)
                err_at(e, file, 0, "%s:%lu: bad XML: %s", name,
                       (unsigned long)XML_GetCurrentLineNumber(p),
                       XML_ErrorString(XML_GetErrorCode(p)));
            goto out;
        }
        if (*stop)
            goto out;
        if (k == 0)
            break;
    }
    rc = 0;
out:
    if (unzCloseCurrentFile(z) == UNZ_CRCERROR && rc == 0)
        rc = err_at(e, file, 0, "%s: damaged in the zip (CRC error)", name);
    return rc;
}

int
sheet_kind_of_file(const char *path)
{
    FILE *fp = fopen(path, "rb");
    char magic[4];
    int kind = 0;
    if (!fp)
        return 0;
    size_t k = fread(magic, 1, 4, fp);
    fclose(fp);
    if (k != 4 || memcmp(magic, "PK\3\4", 4) != 0)
        return 0;
    unzFile z = unzOpen64(path);
    if (!z)
        return -1; /* a zip whose directory cannot be read */
    if (has_part(z, "xl/workbook.xml") || has_part(z, "xl/workbook.bin"))
        kind = 1;
    else if (has_part(z, "content.xml"))
        kind = 2;
    unzClose(z);
    return kind;
}

/* ---- building rows ------------------------------------------------------ */

struct pend {
    long col;
    enum sheet_kind kind;
    char *v; /* pool */
};

struct rd {
    struct sheet *sh;
    struct err *e;
    int stop; /* an error was set: expat is stopped */
    XML_Parser p;
    const char *part;
    /* the row being read */
    long row, col;
    struct pend *cells;
    size_t ncells, cellcap;
    /* text being collected */
    struct sbuf text;
    int intext;
    /* xlsx */
    char **sst;
    size_t nsst, sstcap;
    unsigned char *xf; /* style index -> 0 number, 1 date, 2 date and time, 3 percent */
    size_t nxf, xfcap;
    struct fmt {
        long id;
        unsigned char kind;
    } * fmts;
    size_t nfmts;
    int in_cellxfs, in_sheets, in_sheetdata, in_v, in_is, in_rph, in_si, in_f;
    char ctype[16];
    long cstyle;
    char **rid; /* the sheets' relationship ids, by names[] */
    char *target; /* the chosen sheet's part */
    struct sbuf sstpart, stylepart;
    /* ods */
    int table_depth;  /* tables entered (a table in a cell counts) */
    int in_table;     /* inside the chosen table, at table_depth 1 */
    int done_table;
    long rows_rep, cols_rep;
    int in_cell, in_p, npara, in_annot;
    enum sheet_kind okind;
    char *oval; /* the cell's value attribute (xstrdup) */
    int want_found;
    const char *want;
};

static void
fail(struct rd *r, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

static void
fail(struct rd *r, const char *fmt, ...)
{
    va_list ap;
    char msg[512];
    if (r->stop)
        return;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    err_set(r->e, "%s", msg);
    r->stop = 1;
    XML_StopParser(r->p, XML_FALSE);
}

static void
fail_cell(struct rd *r, long col, const char *what)
{
    char ref[24];
    fail(r, "%s:%s!%s: %s", r->sh->file, r->sh->name, sheet_cellref((size_t)col, r->row, ref),
         what);
}

static void
add_cell(struct rd *r, long col, enum sheet_kind kind, const char *v)
{
    if (col >= SHEET_MAX_COLS) {
        fail_cell(r, SHEET_MAX_COLS - 1, "more than 16384 columns");
        return;
    }
    if (r->ncells == r->cellcap) {
        r->cellcap = r->cellcap ? 2 * r->cellcap : 32;
        r->cells = xrealloc(r->cells, r->cellcap * sizeof *r->cells);
    }
    r->cells[r->ncells].col = col;
    r->cells[r->ncells].kind = kind;
    r->cells[r->ncells].v = pool_strdup(&r->sh->pool, v);
    r->ncells++;
}

/* The row read (r->cells) as row number row, rep times. */
static void
end_row(struct rd *r, long row, long rep)
{
    struct sheet *sh = r->sh;
    long maxcol = -1;
    if (!r->ncells)
        return;
    for (size_t i = 0; i < r->ncells; i++)
        if (r->cells[i].col > maxcol)
            maxcol = r->cells[i].col;
    for (long k = 0; k < rep; k++) {
        if (row + k > SHEET_MAX_ROWS) {
            r->row = SHEET_MAX_ROWS;
            fail_cell(r, 0, "more than 1048576 rows");
            return;
        }
        if (sh->nrows == sh->rowcap) {
            sh->rowcap = sh->rowcap ? 2 * sh->rowcap : 256;
            sh->rows = xrealloc(sh->rows, sh->rowcap * sizeof *sh->rows);
        }
        struct sheet_row *sr = &sh->rows[sh->nrows++];
        sr->row = row + k;
        sr->n = (size_t)maxcol + 1;
        sr->c = pool_alloc(&sh->pool, sr->n * sizeof *sr->c);
        for (size_t j = 0; j < sr->n; j++) {
            sr->c[j].kind = SHEET_EMPTY;
            sr->c[j].v = "";
        }
        for (size_t i = 0; i < r->ncells; i++) { /* a cell given twice: the last */
            sr->c[r->cells[i].col].kind = r->cells[i].kind;
            sr->c[r->cells[i].col].v = r->cells[i].v;
        }
    }
    r->ncells = 0;
}

static void XMLCALL
on_text(void *ud, const XML_Char *s, int len)
{
    struct rd *r = ud;
    if (r->intext)
        sbuf_add(&r->text, s, (size_t)len);
}

static void
text_begin(struct rd *r)
{
    sbuf_reset(&r->text);
    sbuf_addc(&r->text, 0); /* p is never NULL */
    r->text.len = 0;
    r->text.p[0] = '\0';
}

/* ---- xlsx --------------------------------------------------------------- */

/* Excel's built-in number formats that show a date or a time. */
static unsigned char
builtin_fmt(long id)
{
    if ((id >= 14 && id <= 17) || (id >= 27 && id <= 31) || (id >= 34 && id <= 36) ||
        (id >= 50 && id <= 58))
        return 1;
    if ((id >= 18 && id <= 22) || (id >= 32 && id <= 33) || (id >= 45 && id <= 47))
        return 2;
    if (id == 9 || id == 10)
        return 3;
    return 0;
}

/* A custom format code: 1 a date, 2 a date with a time (or a time),
 * 3 a percentage, 0 a number. Quoted text, escaped characters, padding
 * and [colour]/[$locale] sections say nothing. */
static unsigned char
custom_fmt(const char *code)
{
    int date = 0, time = 0, pct = 0;
    for (const char *p = code; *p; p++) {
        char c = (char)(*p | 0x20);
        if (*p == '"') {
            const char *q = strchr(p + 1, '"');
            if (!q)
                break;
            p = q;
        } else if (*p == '\\' || *p == '_' || *p == '*') {
            if (p[1])
                p++;
        } else if (*p == '[') {
            const char *q = strchr(p + 1, ']');
            if (!q)
                break;
            if (strchr("hHmMsS", p[1]))
                time = 1; /* [h]:mm elapsed time */
            p = q;
        } else if (*p == ';') {
            break; /* the first section decides */
        } else if (c == 'y' || c == 'd') {
            date = 1;
        } else if (c == 'h' || c == 's') {
            time = 1;
        } else if (*p == '%') {
            pct = 1;
        }
    }
    return date ? (time ? 2 : 1) : time ? 2 : pct ? 3 : 0;
}

/* _xHHHH_ escapes of OOXML strings, in place. */
static void
unescape_ooxml(struct sbuf *b)
{
    char *w = b->p, *p = b->p;
    if (!p || !strstr(p, "_x"))
        return;
    while (*p) {
        unsigned v;
        int n;
        if (p[0] == '_' && p[1] == 'x' && sscanf(p + 2, "%4x%n", &v, &n) == 1 && n == 4 &&
            p[6] == '_') {
            char tmp[8];
            int k = 0;
            if (v < 0x80) {
                tmp[k++] = (char)v;
            } else if (v < 0x800) {
                tmp[k++] = (char)(0xC0 | v >> 6);
                tmp[k++] = (char)(0x80 | (v & 0x3F));
            } else {
                tmp[k++] = (char)(0xE0 | v >> 12);
                tmp[k++] = (char)(0x80 | (v >> 6 & 0x3F));
                tmp[k++] = (char)(0x80 | (v & 0x3F));
            }
            if (v != 0) {
                memcpy(w, tmp, (size_t)k);
                w += k;
            }
            p += 7;
        } else {
            *w++ = *p++;
        }
    }
    *w = '\0';
    b->len = (size_t)(w - b->p);
}

static void XMLCALL
wb_start(void *ud, const XML_Char *name, const XML_Char **atts)
{
    struct rd *r = ud;
    const char *n = local(name);
    struct sheet *sh = r->sh;
    if (strcmp(n, "workbookPr") == 0) {
        const char *v = attr(atts, "date1904");
        if (v && (strcmp(v, "1") == 0 || strcmp(v, "true") == 0)) {
            sh->zero = date_from_ymd(1904, 1, 1);
            sh->bug1900 = 0;
        }
    } else if (strcmp(n, "sheet") == 0) {
        const char *nm = attr(atts, "name"), *id = attr(atts, "id");
        sh->names = xrealloc(sh->names, (sh->nnames + 2) * sizeof *sh->names);
        r->rid = xrealloc(r->rid, (sh->nnames + 2) * sizeof *r->rid);
        sh->names[sh->nnames] = xstrdup(nm ? nm : "");
        r->rid[sh->nnames] = xstrdup(id ? id : "");
        sh->nnames++;
        sh->names[sh->nnames] = NULL;
    }
}

struct rels {
    struct rd *r;
    const char *want_id;
};

/* A relationship's target, as a part name: relative to xl/ unless absolute. */
static void
set_target(struct sbuf *b, const char *t)
{
    sbuf_reset(b);
    if (*t == '/')
        sbuf_adds(b, t + 1);
    else
        sbuf_addf(b, "xl/%s", t);
}

static void XMLCALL
rels_start(void *ud, const XML_Char *name, const XML_Char **atts)
{
    struct rels *x = ud;
    const char *id = attr(atts, "Id"), *t = attr(atts, "Target"), *ty = attr(atts, "Type");
    if (strcmp(local(name), "Relationship") != 0 || !t)
        return;
    size_t tl = ty ? strlen(ty) : 0;
    if (id && x->want_id && strcmp(id, x->want_id) == 0) {
        struct sbuf b = {0};
        set_target(&b, t);
        free(x->r->target);
        x->r->target = b.p;
    } else if (tl >= 14 && strcmp(ty + tl - 14, "/sharedStrings") == 0) {
        set_target(&x->r->sstpart, t);
    } else if (tl >= 7 && strcmp(ty + tl - 7, "/styles") == 0) {
        set_target(&x->r->stylepart, t);
    }
}

static void XMLCALL
sst_start(void *ud, const XML_Char *name, const XML_Char **atts)
{
    struct rd *r = ud;
    const char *n = local(name);
    (void)atts;
    if (strcmp(n, "si") == 0) {
        r->in_si = 1;
        text_begin(r);
    } else if (strcmp(n, "rPh") == 0) {
        r->in_rph = 1;
    } else if (strcmp(n, "t") == 0 && r->in_si && !r->in_rph) {
        r->intext = 1;
    }
}

static void XMLCALL
sst_end(void *ud, const XML_Char *name)
{
    struct rd *r = ud;
    const char *n = local(name);
    if (strcmp(n, "t") == 0) {
        r->intext = 0;
    } else if (strcmp(n, "rPh") == 0) {
        r->in_rph = 0;
    } else if (strcmp(n, "si") == 0) {
        r->in_si = 0;
        unescape_ooxml(&r->text);
        if (r->nsst == r->sstcap) {
            r->sstcap = r->sstcap ? 2 * r->sstcap : 256;
            r->sst = xrealloc(r->sst, r->sstcap * sizeof *r->sst);
        }
        r->sst[r->nsst++] = pool_strndup(&r->sh->pool, r->text.p, r->text.len);
    }
}

static void XMLCALL
style_start(void *ud, const XML_Char *name, const XML_Char **atts)
{
    struct rd *r = ud;
    const char *n = local(name);
    if (strcmp(n, "numFmt") == 0) {
        const char *id = attr(atts, "numFmtId"), *code = attr(atts, "formatCode");
        if (id && code) {
            r->fmts = xrealloc(r->fmts, (r->nfmts + 1) * sizeof *r->fmts);
            r->fmts[r->nfmts].id = atol(id);
            r->fmts[r->nfmts].kind = custom_fmt(code);
            r->nfmts++;
        }
    } else if (strcmp(n, "cellXfs") == 0) {
        r->in_cellxfs = 1;
    } else if (strcmp(n, "xf") == 0 && r->in_cellxfs) {
        const char *id = attr(atts, "numFmtId");
        long fid = id ? atol(id) : 0;
        unsigned char kind = builtin_fmt(fid);
        for (size_t i = 0; i < r->nfmts; i++)
            if (r->fmts[i].id == fid)
                kind = r->fmts[i].kind;
        if (r->nxf == r->xfcap) {
            r->xfcap = r->xfcap ? 2 * r->xfcap : 64;
            r->xf = xrealloc(r->xf, r->xfcap);
        }
        r->xf[r->nxf++] = kind;
    }
}

static void XMLCALL
style_end(void *ud, const XML_Char *name)
{
    struct rd *r = ud;
    if (strcmp(local(name), "cellXfs") == 0)
        r->in_cellxfs = 0;
}

static void XMLCALL
ws_start(void *ud, const XML_Char *name, const XML_Char **atts)
{
    struct rd *r = ud;
    const char *n = local(name);
    if (strcmp(n, "sheetData") == 0) {
        r->in_sheetdata = 1;
    } else if (!r->in_sheetdata) {
        return;
    } else if (strcmp(n, "row") == 0) {
        const char *rr = attr(atts, "r");
        long row = rr ? atol(rr) : r->row + 1;
        if (row <= r->row && row > 0) { /* rows come in order, each once */
            char msg[96];
            snprintf(msg, sizeof msg, "row %ld comes after row %ld", row, r->row);
            r->row = row;
            fail_cell(r, 0, msg);
            return;
        }
        if (row <= 0 || row > SHEET_MAX_ROWS) {
            r->row = SHEET_MAX_ROWS;
            fail_cell(r, 0, "a row number out of 1-1048576");
            return;
        }
        r->row = row;
        r->col = -1;
        r->ncells = 0;
    } else if (strcmp(n, "c") == 0) {
        const char *ref = attr(atts, "r"), *t = attr(atts, "t"), *s = attr(atts, "s");
        long col, row;
        if (ref) {
            if (parse_ref(ref, &col, &row) != 0 || (row && row != r->row)) {
                char msg[96];
                snprintf(msg, sizeof msg, "bad cell reference '%.40s'", ref);
                fail_cell(r, r->col + 1, msg);
                return;
            }
        } else {
            col = r->col + 1;
        }
        r->col = col;
        snprintf(r->ctype, sizeof r->ctype, "%s", t ? t : "n");
        r->cstyle = s ? atol(s) : 0;
        r->in_v = r->in_is = r->in_rph = 0;
        text_begin(r);
    } else if (strcmp(n, "v") == 0) {
        r->in_v = 1;
        r->intext = 1;
    } else if (strcmp(n, "is") == 0) {
        r->in_is = 1;
    } else if (strcmp(n, "rPh") == 0) {
        r->in_rph = 1;
    } else if (strcmp(n, "t") == 0 && r->in_is && !r->in_rph) {
        r->intext = 1;
    }
}

/* The cell just read (text in r->text) into the row. */
static void
xlsx_cell(struct rd *r)
{
    const char *t = r->ctype, *v = r->text.p ? r->text.p : "";
    char buf[32];
    if (strcmp(t, "s") == 0) {
        char *end;
        long k = strtol(v, &end, 10);
        if (end == v || *end || k < 0 || (size_t)k >= r->nsst) {
            char msg[96];
            snprintf(msg, sizeof msg, "shared string %.20s is not in the workbook", v);
            fail_cell(r, r->col, msg);
            return;
        }
        if (*r->sst[k])
            add_cell(r, r->col, SHEET_TEXT, r->sst[k]);
    } else if (strcmp(t, "inlineStr") == 0 || strcmp(t, "str") == 0) {
        unescape_ooxml(&r->text);
        if (r->text.len)
            add_cell(r, r->col, SHEET_TEXT, r->text.p);
    } else if (strcmp(t, "b") == 0) {
        if (*v)
            add_cell(r, r->col, SHEET_BOOL, strcmp(v, "0") == 0 ? "0" : "1");
    } else if (strcmp(t, "e") == 0) {
        add_cell(r, r->col, SHEET_ERROR, v);
    } else if (strcmp(t, "d") == 0) {
        if (*v) {
            int timed = strlen(v) > 10 && strncmp(v + 10, "T00:00:00", 9) != 0;
            snprintf(buf, sizeof buf, "%.10s%s%.8s%s", v, timed ? "T" : "", timed ? v + 11 : "",
                     timed ? "Z" : "");
            add_cell(r, r->col, timed ? SHEET_DATETIME : SHEET_DATE, buf);
        }
    } else if (*v) { /* a number */
        char *end;
        double x = strtod(v, &end);
        unsigned char kind = r->cstyle >= 0 && (size_t)r->cstyle < r->nxf ? r->xf[r->cstyle] : 0;
        if (end == v || *end) {
            char msg[96];
            snprintf(msg, sizeof msg, "bad number '%.40s'", v);
            fail_cell(r, r->col, msg);
            return;
        }
        if (kind == 1 || kind == 2) {
            if (sheet_serial_date(r->sh, x, kind == 2, buf) == 0)
                add_cell(r, r->col, kind == 2 ? SHEET_DATETIME : SHEET_DATE, buf);
            else /* no day (Excel's 1900-02-29): the number, for its column to judge */
                add_cell(r, r->col, SHEET_NUMBER, v);
        } else {
            add_cell(r, r->col, kind == 3 ? SHEET_PERCENT : SHEET_NUMBER, v);
        }
    }
}

static void XMLCALL
ws_end(void *ud, const XML_Char *name)
{
    struct rd *r = ud;
    const char *n = local(name);
    if (!r->in_sheetdata)
        return;
    if (strcmp(n, "sheetData") == 0) {
        r->in_sheetdata = 0;
    } else if (strcmp(n, "v") == 0) {
        r->in_v = 0;
        r->intext = 0;
    } else if (strcmp(n, "t") == 0) {
        r->intext = 0;
    } else if (strcmp(n, "rPh") == 0) {
        r->in_rph = 0;
    } else if (strcmp(n, "is") == 0) {
        r->in_is = 0;
    } else if (strcmp(n, "c") == 0) {
        xlsx_cell(r);
    } else if (strcmp(n, "row") == 0) {
        end_row(r, r->row, 1);
    }
}

static XML_Parser
parser(struct rd *r, XML_StartElementHandler st, XML_EndElementHandler en)
{
    XML_Parser p = XML_ParserCreate("UTF-8");
    if (!p) {
        fprintf(stderr, "out of memory\n");
        abort();
    }
    XML_SetUserData(p, r);
    XML_SetElementHandler(p, st, en);
    XML_SetCharacterDataHandler(p, on_text);
    r->p = p;
    return p;
}

/* Parse one part through a fresh parser; *found as parse_part. */
static int
run_part(struct rd *r, unzFile z, const char *part, void *ud, XML_StartElementHandler st,
         XML_EndElementHandler en, int *found)
{
    XML_Parser p = parser(r, st, en);
    if (ud)
        XML_SetUserData(p, ud);
    r->part = part;
    int rc = parse_part(z, r->sh->file, part, p, found, &r->stop, r->e);
    XML_ParserFree(p);
    r->p = NULL;
    return rc || r->stop ? -1 : 0;
}

static int
no_sheet(struct rd *r, const char *want)
{
    struct sbuf b = {0};
    for (size_t i = 0; i < r->sh->nnames; i++)
        sbuf_addf(&b, "%s%s", i ? ", " : "", r->sh->names[i]);
    if (want)
        err_at(r->e, r->sh->file, 0, "no sheet '%s' (its sheets: %s)", want, b.p ? b.p : "none");
    else
        err_at(r->e, r->sh->file, 0, "the workbook has no sheet");
    sbuf_release(&b);
    return -1;
}

static int
read_xlsx(struct rd *r, unzFile z, const char *want)
{
    struct sheet *sh = r->sh;
    int found;
    size_t which = 0;

    sh->zero = date_from_ymd(1899, 12, 31);
    sh->bug1900 = 1;
    if (run_part(r, z, "xl/workbook.xml", NULL, wb_start, NULL, &found))
        return -1;
    if (!found)
        return err_at(r->e, sh->file, 0, "not an .xlsx workbook (xl/workbook.xml is missing; "
                                         ".xlsb and .xls are not read: save it as .xlsx)");
    if (want) {
        for (which = 0; which < sh->nnames && strcmp(sh->names[which], want) != 0; which++)
            ;
    }
    if (which >= sh->nnames)
        return no_sheet(r, want);
    sh->name = xstrdup(sh->names[which]);
    struct rels x = {r, r->rid[which]};
    sbuf_adds(&r->sstpart, "xl/sharedStrings.xml");
    sbuf_adds(&r->stylepart, "xl/styles.xml");
    if (run_part(r, z, "xl/_rels/workbook.xml.rels", &x, rels_start, NULL, &found))
        return -1;
    if (!r->target) /* no relationship for it: the usual name */
        r->target = xstrdup(which == 0 ? "xl/worksheets/sheet1.xml" : "-");
    if (run_part(r, z, r->stylepart.p, NULL, style_start, style_end, &found) ||
        run_part(r, z, r->sstpart.p, NULL, sst_start, sst_end, &found))
        return -1;
    if (run_part(r, z, r->target, NULL, ws_start, ws_end, &found))
        return -1;
    if (!found)
        return err_at(r->e, sh->file, 0, "sheet '%s': its part %s is missing", sh->name,
                      r->target);
    return 0;
}

/* ---- ods ---------------------------------------------------------------- */

static long
repeat(const char **atts, const char *name, long cap)
{
    const char *v = attr(atts, name);
    long n = v ? atol(v) : 1;
    if (n < 1)
        n = 1;
    return n > cap ? cap : n;
}

static void XMLCALL
ods_start(void *ud, const XML_Char *name, const XML_Char **atts)
{
    struct rd *r = ud;
    const char *n = local(name);
    struct sheet *sh = r->sh;

    if (strcmp(n, "null-date") == 0) {
        const char *v = attr(atts, "date-value");
        sdate d;
        char day[11];
        if (v && strlen(v) >= 10) {
            memcpy(day, v, 10);
            day[10] = '\0';
            if (date_parse(day, &d) == 0)
                sh->zero = d;
        }
        return;
    }
    if (strcmp(n, "table") == 0) {
        r->table_depth++;
        if (r->table_depth == 1) {
            const char *nm = attr(atts, "name");
            sh->names = xrealloc(sh->names, (sh->nnames + 2) * sizeof *sh->names);
            sh->names[sh->nnames++] = xstrdup(nm ? nm : "");
            sh->names[sh->nnames] = NULL;
            if (!r->done_table && (!r->want || strcmp(r->want, nm ? nm : "") == 0)) {
                r->in_table = 1;
                sh->name = xstrdup(nm ? nm : "");
                r->row = 0;
            }
        }
        return;
    }
    if (!r->in_table || r->table_depth != 1)
        return;
    if (strcmp(n, "table-row") == 0) {
        r->rows_rep = repeat(atts, "number-rows-repeated", SHEET_MAX_ROWS + 1);
        r->col = 0;
        r->ncells = 0;
    } else if (strcmp(n, "table-cell") == 0 || strcmp(n, "covered-table-cell") == 0) {
        const char *ty = attr(atts, "value-type"), *v;
        r->cols_rep = repeat(atts, "number-columns-repeated", SHEET_MAX_COLS + 1);
        r->in_cell = 1;
        r->npara = 0;
        r->okind = SHEET_EMPTY;
        free(r->oval);
        r->oval = NULL;
        text_begin(r);
        if (!ty || strcmp(n, "covered-table-cell") == 0) {
            r->okind = SHEET_EMPTY;
        } else if (!strcmp(ty, "float") || !strcmp(ty, "currency")) {
            r->okind = SHEET_NUMBER;
            v = attr(atts, "value");
            r->oval = v ? xstrdup(v) : NULL;
        } else if (!strcmp(ty, "percentage")) {
            r->okind = SHEET_PERCENT;
            v = attr(atts, "value");
            r->oval = v ? xstrdup(v) : NULL;
        } else if (!strcmp(ty, "boolean")) {
            r->okind = SHEET_BOOL;
            v = attr(atts, "boolean-value");
            r->oval = xstrdup(v && !strcmp(v, "true") ? "1" : "0");
        } else if (!strcmp(ty, "date")) {
            char buf[32];
            v = attr(atts, "date-value");
            if (v) {
                int timed = strlen(v) > 10 && strncmp(v + 10, "T00:00:00", 9) != 0;
                snprintf(buf, sizeof buf, "%.10s%s%.8s%s", v, timed ? "T" : "",
                         timed ? v + 11 : "", timed ? "Z" : "");
                r->okind = timed ? SHEET_DATETIME : SHEET_DATE;
                r->oval = xstrdup(buf);
            }
        } else { /* string, time: the text */
            v = attr(atts, "string-value");
            r->okind = SHEET_TEXT;
            r->oval = v ? xstrdup(v) : NULL;
        }
    } else if (!r->in_cell) {
        return;
    } else if (strcmp(n, "annotation") == 0) {
        r->in_annot++;
    } else if (r->in_annot) {
        return;
    } else if (strcmp(n, "p") == 0 || strcmp(n, "h") == 0) {
        if (r->npara++)
            sbuf_addc(&r->text, '\n');
        r->in_p = 1;
        r->intext = 1;
    } else if (strcmp(n, "s") == 0 && r->in_p) {
        long c = repeat(atts, "c", 1024);
        for (long i = 0; i < c; i++)
            sbuf_addc(&r->text, ' ');
    } else if (strcmp(n, "tab") == 0 && r->in_p) {
        sbuf_addc(&r->text, '\t');
    } else if (strcmp(n, "line-break") == 0 && r->in_p) {
        sbuf_addc(&r->text, '\n');
    }
}

static void XMLCALL
ods_end(void *ud, const XML_Char *name)
{
    struct rd *r = ud;
    const char *n = local(name);

    if (strcmp(n, "table") == 0) {
        if (r->table_depth == 1 && r->in_table) {
            r->in_table = 0;
            r->done_table = 1;
        }
        r->table_depth--;
        return;
    }
    if (r->in_annot) {
        if (strcmp(n, "annotation") == 0)
            r->in_annot--;
        return;
    }
    if (!r->in_table || r->table_depth != 1)
        return;
    if (strcmp(n, "p") == 0 || strcmp(n, "h") == 0) {
        r->in_p = 0;
        r->intext = 0;
    } else if (strcmp(n, "table-cell") == 0 || strcmp(n, "covered-table-cell") == 0) {
        const char *v = r->oval ? r->oval : r->text.p ? r->text.p : "";
        enum sheet_kind k = r->okind;
        r->in_cell = 0;
        r->intext = 0;
        if (k == SHEET_EMPTY && r->text.len) /* text without a value type */
            k = SHEET_TEXT, v = r->text.p;
        if (k != SHEET_EMPTY && *v) {
            if (r->col + r->cols_rep > SHEET_MAX_COLS) {
                r->row++;
                fail_cell(r, SHEET_MAX_COLS - 1, "more than 16384 columns");
                return;
            }
            for (long i = 0; i < r->cols_rep; i++)
                add_cell(r, r->col + i, k, v);
        }
        r->col += r->cols_rep;
        if (r->col > SHEET_MAX_COLS) /* trailing empty cells */
            r->col = SHEET_MAX_COLS;
    } else if (strcmp(n, "table-row") == 0) {
        if (r->ncells && r->row + r->rows_rep > SHEET_MAX_ROWS) {
            r->row = SHEET_MAX_ROWS;
            fail_cell(r, 0, "more than 1048576 rows");
            return;
        }
        end_row(r, r->row + 1, r->rows_rep);
        r->row += r->rows_rep;
        if (r->row > SHEET_MAX_ROWS) /* trailing empty rows */
            r->row = SHEET_MAX_ROWS;
    }
}

static int
read_ods(struct rd *r, unzFile z, const char *want)
{
    int found;
    r->sh->zero = date_from_ymd(1899, 12, 30);
    r->sh->bug1900 = 0;
    r->want = want;
    if (run_part(r, z, "content.xml", NULL, ods_start, ods_end, &found))
        return -1;
    if (!found)
        return err_at(r->e, r->sh->file, 0, "not an .ods spreadsheet (content.xml is missing)");
    if (!r->sh->name)
        return no_sheet(r, want);
    return 0;
}

/* ---- the whole ---------------------------------------------------------- */

int
sheet_read(struct sheet *sh, const char *path, const char *display, const char *want,
           struct err *e)
{
    struct rd r;
    int rc = -1, kind = sheet_kind_of_file(path);
    unzFile z;

    memset(sh, 0, sizeof *sh);
    memset(&r, 0, sizeof r);
    sh->file = xstrdup(display ? display : path);
    r.sh = sh;
    r.e = e;
    if (!kind)
        return err_at(e, sh->file, 0, "not an .xlsx or .ods workbook");
    if (kind < 0 || !(z = unzOpen64(path)))
        return err_at(e, sh->file, 0, "a damaged zip: its directory cannot be read (cut short?)");
    rc = kind == 1 ? read_xlsx(&r, z, want) : read_ods(&r, z, want);
    unzClose(z);
    for (size_t i = 0; r.rid && i < sh->nnames; i++)
        free(r.rid[i]);
    free(r.rid);
    free(r.sst);
    free(r.xf);
    free(r.fmts);
    free(r.cells);
    free(r.target);
    free(r.oval);
    sbuf_release(&r.text);
    sbuf_release(&r.sstpart);
    sbuf_release(&r.stylepart);
    return rc;
}

void
sheet_release(struct sheet *sh)
{
    free(sh->file);
    free(sh->name);
    for (size_t i = 0; i < sh->nnames; i++)
        free(sh->names[i]);
    free(sh->names);
    free(sh->rows);
    pool_release(&sh->pool);
    memset(sh, 0, sizeof *sh);
}
