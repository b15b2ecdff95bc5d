/* Unit tests for csvio: every libcsv trap in NOTES-libs.md, line numbers, writer quoting. */
#include "tap.h"

#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "csvio.h"

/* Parse buf; return the records as "a|b;c|d" (fields joined by '|', records by ';',
 * each record prefixed with its line "3:") or "ERR:message". */
static char *
parse_ra(const char *buf, size_t len, int ahead)
{
    static struct sbuf out;
    struct csvio_reader *r = csvio_open_mem(buf, len, "t.csv");
    struct csvio_row *row;
    struct err e;
    int rc;
    if (ahead && csvio_readahead(r) != 0)
        return "no thread";
    sbuf_reset(&out);
    while ((rc = csvio_next(r, &row, &e)) == 1) {
        if (out.len)
            sbuf_addc(&out, ';');
        sbuf_addf(&out, "%ld:", row->line);
        for (size_t i = 0; i < row->n; i++) {
            if (i)
                sbuf_addc(&out, '|');
            sbuf_add(&out, row->f[i], row->len[i]);
        }
    }
    if (rc < 0) {
        sbuf_reset(&out);
        sbuf_addf(&out, "ERR:%s", e.msg);
    }
    csvio_free(r);
    return out.p ? out.p : "";
}

static char *
parse(const char *buf, size_t len)
{
    return parse_ra(buf, len, 0);
}

#define P(s) parse(s, sizeof(s) - 1)

/* The same records, or the same error, whether parsed ahead or not. */
static void
same_ahead(const char *buf, size_t len, const char *name)
{
    char *a = xstrdup(parse_ra(buf, len, 0));
    is_str(parse_ra(buf, len, 1), a, "%s", name);
    free(a);
}

/* Did reading buf fail on bytes that are not text? (1, 0; -1 no failure) */
static int
bad_text(const char *buf, size_t len, int ahead)
{
    struct csvio_reader *r = csvio_open_mem(buf, len, "t.csv");
    struct csvio_row *row;
    struct err e;
    int rc;
    if (ahead)
        csvio_readahead(r);
    while ((rc = csvio_next(r, &row, &e)) == 1)
        ;
    rc = rc < 0 ? csvio_bad_text(r) : -1;
    csvio_free(r);
    return rc;
}

static void
readahead_tests(void)
{
    static const char *const small[] = {
        "a,b\n1,2\n", "a,\"line1\nline2\",c\nd,e,f\n", "a\n\n\nb\n", "",
        "a,b\n1,\"2\n3,4\n", "a\n\xff\xfe\n", "a\rb\r", "\xEF\xBB\xBF\"id\",b\n1,2\n"};
    struct sbuf big = {0};
    for (size_t i = 0; i < sizeof small / sizeof *small; i++)
        same_ahead(small[i], strlen(small[i]), "ahead: a small input, or its error");
    /* past a batch's rows and bytes: quotes, newlines in fields, ragged rows */
    for (int i = 0; i < 40000; i++) {
        if (i % 7 == 0)
            sbuf_addf(&big, "%d,\"multi\nline %d\",\"q \"\"%d\"\"\"\n", i, i, i);
        else if (i % 11 == 0)
            sbuf_addf(&big, "%d\n\n", i);
        else
            sbuf_addf(&big, "%d,%0*d,x\n", i, 40 + i % 50, i);
    }
    ok(big.len > (2u << 20), "the big input spans several batches (%zu bytes)", big.len);
    same_ahead(big.p, big.len, "ahead: 40,000 records, the same rows and lines");
    {
        struct sbuf bad = {0};
        sbuf_add(&bad, big.p, big.len);
        sbuf_adds(&bad, "1,\"never closed\n2,3\n");
        same_ahead(bad.p, bad.len, "ahead: an error at the end, after many batches");
        sbuf_release(&bad);
    }
    {
        /* stopped early: the thread is told, and nothing leaks or hangs */
        struct csvio_reader *r = csvio_open_mem(big.p, big.len, "t.csv");
        struct csvio_row *row;
        struct err e;
        int n = 0;
        ok(csvio_readahead(r) == 0, "readahead starts");
        ok(csvio_readahead(r) == 0, "and a second call changes nothing");
        while (n < 5 && csvio_next(r, &row, &e) == 1)
            n++;
        is_int(n, 5, "five records read");
        ok(csvio_bytes(r) > 0 && csvio_lines(r) > 0, "bytes and lines as parsed so far");
        csvio_free(r);
    }
    for (int ahead = 0; ahead <= 1; ahead++) {
#define BT(s) bad_text(s, sizeof(s) - 1, ahead)
        is_int(BT("a\n\xe9t\xe9\n"), 1, "bad text: Latin-1 (ahead: %d)", ahead);
        is_int(BT("a\nx\0y\n"), 1, "bad text: a NUL byte (ahead: %d)", ahead);
        is_int(BT("a\n1,x\"y\n"), 0, "not for a stray quote (ahead: %d)", ahead);
        is_int(BT("a\nb\n"), -1, "and no failure at all (ahead: %d)", ahead);
#undef BT
    }
    sbuf_release(&big);
}

static void
collect(void *ctx, const char *s, size_t n)
{
    struct sbuf *b = ctx;
    sbuf_add(b, s, n);
    sbuf_addc(b, ';');
}

/* Field j of every record after the header, as "x;y;" — by csvio_scan_field
 * (scan) and by csvio_next (next, "TABLE-ERR" for a row with more than
 * nfields fields, as table_next would refuse or fall back). scan gives
 * "FALLBACK" when it leaves the input to libcsv. r2 may be NULL (memory). */
static void
scan_both(struct csvio_reader *r1, struct csvio_reader *r2, size_t j, size_t nfields,
          struct sbuf *scan, struct sbuf *next)
{
    struct csvio_row *row;
    struct err e;
    int rc;
    sbuf_reset(scan);
    sbuf_reset(next);
    if (csvio_next(r1, &row, &e) == 1) {
        rc = csvio_scan_field(r1, j, nfields, collect, scan, &e);
        if (rc != 0) {
            sbuf_reset(scan);
            sbuf_adds(scan, rc == 1 ? "FALLBACK" : "ERR");
        }
    }
    if (csvio_next(r2, &row, &e) == 1) {
        while ((rc = csvio_next(r2, &row, &e)) == 1) {
            if (row->n > nfields) {
                rc = -1;
                break;
            }
            sbuf_add(next, j < row->n ? row->f[j] : "", j < row->n ? row->len[j] : 0);
            sbuf_addc(next, ';');
        }
        if (rc < 0) {
            sbuf_reset(next);
            sbuf_adds(next, "TABLE-ERR");
        }
    }
    if (!scan->p)
        sbuf_adds(scan, "");
    if (!next->p)
        sbuf_adds(next, "");
}

/* scan_mem: the scan of buf, checked against csvio_next; "FALLBACK" when
 * the scan left it to libcsv, "MISMATCH" when the two disagree. */
static char *
scan_mem(const char *buf, size_t len, size_t j, size_t nfields)
{
    static struct sbuf scan, next;
    struct csvio_reader *r1 = csvio_open_mem(buf, len, "s.csv"),
                        *r2 = csvio_open_mem(buf, len, "s.csv");
    scan_both(r1, r2, j, nfields, &scan, &next);
    csvio_free(r1);
    csvio_free(r2);
    if (strcmp(scan.p, "FALLBACK") != 0 && strcmp(scan.p, next.p) != 0)
        return "MISMATCH";
    return scan.p;
}

#define S(s, j, nf) scan_mem(s, sizeof(s) - 1, j, nf)


/* ---- parsing in chunks: the same as one parser ------------------------- */

static unsigned long long rng = 88172645463325252ULL;

static unsigned
rnd(unsigned n)
{
    rng ^= rng << 13;
    rng ^= rng >> 7;
    rng ^= rng << 17;
    return (unsigned)(rng % n);
}

/* A random field: plain, quoted with commas, doubled quotes or line breaks
 * (LF, CRLF), long, UTF-8, empty. */
static void
gen_field(struct sbuf *b)
{
    static const char *const words[] = {"a", "bc", "déjà", "名前", " sp ", "12.5", "x y"};
    switch (rnd(10)) {
    case 0:
        break;
    case 1:
    case 2:
    case 3:
    case 4:
        for (unsigned i = 0, n = rnd(4); i <= n; i++)
            sbuf_adds(b, words[rnd(7)]);
        break;
    case 5:
        sbuf_addf(b, "\"%s, \"\"%s\"\"\"", words[rnd(7)], words[rnd(7)]);
        break;
    case 6:
    case 7:
        sbuf_addc(b, '"');
        for (unsigned i = 0, n = rnd(3); i <= n; i++)
            sbuf_addf(b, "%s%s", words[rnd(7)], rnd(2) ? "\n" : "\r\n");
        if (rnd(2))
            sbuf_adds(b, "\n\n"); /* a blank line inside a field */
        sbuf_addc(b, '"');
        break;
    case 8:
        for (unsigned i = 0, n = rnd(60); i < n; i++)
            sbuf_addc(b, (char)('a' + rnd(26)));
        break;
    default:
        sbuf_adds(b, "\"\"");
    }
}

/* A random input; with errors, up to two of them anywhere. */
static void
gen_input(struct sbuf *b, int errors)
{
    static const char *const bad[] = {"x\"y", "\"x\"y", "\xff\xfe", "\xe9t\xe9", "\"open"};
    unsigned nrec = 1 + rnd(40), nerr = errors ? rnd(3) : 0;
    unsigned at[2] = {rnd(nrec), rnd(nrec)};
    sbuf_reset(b);
    if (rnd(5) == 0)
        sbuf_adds(b, "\xEF\xBB\xBF");
    for (unsigned i = 0; i < nrec; i++) {
        unsigned nf = 1 + rnd(4);
        for (unsigned j = 0; j < nf; j++) {
            if (j)
                sbuf_addc(b, ',');
            if ((nerr > 0 && at[0] == i && j == 0) || (nerr > 1 && at[1] == i && j == nf - 1)) {
                unsigned k = rnd(6);
                if (k == 5)
                    sbuf_add(b, "n\0l", 3);
                else
                    sbuf_adds(b, bad[k]);
            } else {
                gen_field(b);
            }
        }
        switch (rnd(12)) {
        case 0:
            sbuf_adds(b, "\r\n");
            break;
        case 1:
            sbuf_adds(b, "\n\n"); /* a blank line */
            break;
        case 2:
            sbuf_adds(b, "\r\n\r\n");
            break;
        case 3:
            sbuf_adds(b, "\r"); /* a CR alone ends a record too */
            break;
        default:
            sbuf_addc(b, '\n');
        }
    }
    if (rnd(4) == 0) /* no line end after the last record */
        while (b->len && (b->p[b->len - 1] == '\n' || b->p[b->len - 1] == '\r'))
            b->len--;
}

/* Read r to its end as "LINE:f|f;..." then "ERR:..." or "END", with the
 * lines counted and whether it failed on bytes that are not text. */
static void
read_all(struct csvio_reader *r, struct sbuf *out)
{
    struct csvio_row *row;
    struct err e;
    int rc;
    sbuf_reset(out);
    while ((rc = csvio_next(r, &row, &e)) == 1) {
        sbuf_addf(out, "%ld:", row->line);
        for (size_t i = 0; i < row->n; i++) {
            if (i)
                sbuf_addc(out, '|');
            sbuf_add(out, row->f[i], row->len[i]);
        }
        sbuf_addc(out, ';');
    }
    if (rc < 0)
        sbuf_addf(out, "ERR:%s bad_text=%d", e.msg, csvio_bad_text(r));
    else
        sbuf_addf(out, "END lines=%ld bytes=%lld", csvio_lines(r), (long long)csvio_bytes(r));
    sbuf_addf(out, " again=%d", csvio_next(r, &row, &e));
}

static void
set_chunk(size_t n)
{
    char v[32];
    snprintf(v, sizeof v, "%zu", n);
    setenv("SALES_CSVIO_CHUNK", v, 1);
}

/* buf read by one parser and in chunks of each size in turn (after its
 * first `skip` records, read before the threads start): "" when all agree,
 * else what differs. */
static const char *
chunks_differ(const char *buf, size_t len, int skip, const size_t *sizes, size_t nsizes,
              int *parallel)
{
    static struct sbuf one, many, why;
    struct csvio_reader *r = csvio_open_mem(buf, len, "c.csv");
    struct csvio_row *row;
    struct err e;
    unsetenv("SALES_CSVIO_CHUNK");
    for (int k = 0; k < skip && csvio_next(r, &row, &e) == 1; k++)
        ;
    read_all(r, &one);
    csvio_free(r);
    sbuf_reset(&why);
    for (size_t i = 0; i < nsizes; i++) {
        r = csvio_open_mem(buf, len, "c.csv");
        for (int k = 0; k < skip && csvio_next(r, &row, &e) == 1; k++)
            ;
        set_chunk(sizes[i]);
        if (csvio_readahead(r) == 0 && csvio_parallel(r))
            (*parallel)++;
        read_all(r, &many);
        csvio_free(r);
        if (strcmp(one.p, many.p) != 0) {
            sbuf_addf(&why, "chunk %zu: got\n%s\nexpected\n%s\n", sizes[i], many.p, one.p);
            break;
        }
    }
    unsetenv("SALES_CSVIO_CHUNK");
    return why.len ? why.p : "";
}

/* Bytes [0, len) to a temporary file, opened with a limit, its first
 * record read, then read to the end by one parser or in chunks. */
static void
read_file(const char *buf, size_t len, int64_t limit, int chunks, struct sbuf *out, int *parallel)
{
    char path[] = "/tmp/csvio-chunks-XXXXXX";
    int fd = mkstemp(path);
    struct csvio_reader *r;
    struct csvio_row *row;
    struct err e;
    sbuf_reset(out);
    if (fd < 0 || write(fd, buf, len) != (ssize_t)len || lseek(fd, 0, SEEK_SET) != 0) {
        sbuf_adds(out, "no file");
        return;
    }
    unlink(path);
    r = csvio_open_fd(fd, 1, "f.csv", NULL, 0, limit);
    if (csvio_next(r, &row, &e) != 1) {
        sbuf_adds(out, "no header");
    } else if (chunks) {
        csvio_readahead(r);
        *parallel += csvio_parallel(r);
    }
    read_all(r, out);
    csvio_free(r);
}

static void
chunk_tests(void)
{
    static const size_t sizes[] = {2, 5, 13, 64};
    struct sbuf in = {0}, one = {0}, many = {0};
    const char *why = "";
    int par = 0, n = 0, nfile = 0;

    /* random inputs: quoted line breaks, CRLF, lone CRs, blank lines, a BOM,
     * no last line end, errors (stray quotes, NUL, bad UTF-8, a quote never
     * closed) anywhere, one or two of them; the threads started at the
     * input's start or after a record or two */
    for (int i = 0; i < 600 && !*why; i++, n++) {
        gen_input(&in, i % 2);
        why = chunks_differ(in.p, in.len, i % 3, sizes, sizeof sizes / sizeof *sizes, &par);
    }
    is_str(why, "",
           "chunks: %d random inputs, in chunks of 2 to 64 bytes: the same rows, lines "
           "and errors as one parser",
           n);
    ok(par > n * 3, "... most of them parsed in chunks (%d of %d)", par, n * 4);

    /* a quoted line break at each byte around a cut, and a field across
     * several chunks */
    par = 0;
    for (int d = 0; d < 48 && !*why; d++) {
        sbuf_reset(&in);
        sbuf_adds(&in, "id,v,w\n");
        for (int k = 0; k < d; k++)
            sbuf_addc(&in, 'p');
        sbuf_adds(&in, "\n1,\"x\ny\",z\n2,\"a\r\nb\"\r\n3,\"\n\",\"\n\"\n4,end");
        why = chunks_differ(in.p, in.len, 1, (const size_t[]){8, 16, 17}, 3, &par);
    }
    is_str(why, "", "chunks: a quoted line break at every byte around the cuts");
    sbuf_reset(&in);
    sbuf_adds(&in, "id,notes\n1,\"");
    for (int k = 0; k < 60; k++)
        sbuf_addf(&in, "line %d\n", k);
    sbuf_adds(&in, "\"\n2,after\n");
    why = chunks_differ(in.p, in.len, 1, (const size_t[]){16, 64, 100}, 3, &par);
    is_str(why, "", "chunks: a field of 60 lines across many chunks");
    ok(par == 48 * 3 + 3, "... all in chunks (%d)", par);

    /* the first error in the input wins, at its own line */
    sbuf_reset(&in);
    for (int k = 1; k <= 200; k++)
        sbuf_addf(&in, k == 20 ? "%d,x\"y\n" : k == 180 ? "%d,\xff\n" : "%d,v\n", k);
    set_chunk(64);
    is_str(parse_ra(in.p, in.len, 1), "ERR:t.csv:20: malformed CSV: stray or unbalanced quote",
           "chunks: an error in an early chunk, another in a later one: the early one");
    sbuf_reset(&in);
    for (int k = 1; k <= 200; k++)
        sbuf_addf(&in, k == 150 ? "%d,\"quoted\nx\"y\n" : k == 180 ? "%d,\xff\n" : "%d,v\n", k);
    is_str(parse_ra(in.p, in.len, 1),
           "ERR:t.csv:150: malformed CSV: unbalanced quote: the quoted field opened on this line "
           "runs to line 151",
           "chunks: a quote across a line, then an error: the lines counted from the start");
    sbuf_reset(&in);
    for (int k = 1; k <= 200; k++)
        sbuf_addf(&in, k == 30 ? "%d,\"never closed\n" : "%d,v\n", k);
    is_str(parse_ra(in.p, in.len, 1), "ERR:t.csv:30: unterminated quoted field",
           "chunks: a quote never closed, through every chunk after it");
    sbuf_reset(&in);
    for (int k = 1; k <= 200; k++)
        sbuf_addf(&in, "%d,v\r\n", k);
    in.len -= 2;
    sbuf_adds(&in, "");
    why = chunks_differ(in.p, in.len, 1, (const size_t[]){7, 64}, 2, &par);
    is_str(why, "", "chunks: CRLF, no line end after the last record");
    unsetenv("SALES_CSVIO_CHUNK");

    /* a file: read at offsets, never past its limit (a snapshot), the
     * records after the header in chunks */
    par = 0;
    for (int i = 0; i < 40 && !*why; i++, nfile++) {
        sbuf_reset(&many);
        sbuf_adds(&many, "id,a,b,c\n");
        for (int k = 0; k < 30; k++) {
            gen_input(&in, i % 4 == 3 && k == 29);
            sbuf_add(&many, in.p, in.len);
            if (many.p[many.len - 1] != '\n' && many.p[many.len - 1] != '\r')
                sbuf_addc(&many, '\n');
            if (many.len > 3 && memcmp(many.p + many.len - in.len, "\xEF\xBB\xBF", 3) == 0)
                memcpy(many.p + many.len - in.len, "bom", 3);
        }
        int64_t limit = i % 2 ? (int64_t)(many.len / 2 + rnd((unsigned)many.len / 2)) : 0;
        sbuf_adds(&many, "tail,\"after the limit\n"); /* read only without a limit */
        read_file(many.p, many.len, limit, 0, &one, &par);
        set_chunk(32 + rnd(200));
        read_file(many.p, many.len, limit, 1, &in, &par);
        unsetenv("SALES_CSVIO_CHUNK");
        if (strcmp(one.p, in.p) != 0)
            why = "a file read in chunks differs";
    }
    is_str(why, "", "chunks: %d files, half with a limit: the same as one parser", nfile);
    ok(par == nfile, "... all read in chunks (%d)", par);

    /* a small input keeps one parser ahead */
    {
        struct csvio_reader *r = csvio_open_mem("a,b\n1,2\n", 8, "s.csv");
        ok(csvio_readahead(r) == 0 && !csvio_parallel(r), "a small input: not in chunks");
        csvio_free(r);
    }
    sbuf_release(&in);
    sbuf_release(&one);
    sbuf_release(&many);
}


/* Lines without quoted line breaks are split without libcsv: the same
 * records, lines and errors as libcsv gives (SALES_CSVIO_LIBCSV=1), with
 * ',' and ';'. */
static void
fast_tests(void)
{
    struct sbuf in = {0}, one = {0}, two = {0};
    int n = 0, same = 0;
    for (int i = 0; i < 3000; i++) {
        char delim = i % 3 == 2 ? ';' : ',';
        struct csvio_reader *r;
        n++;
        gen_input(&in, i % 2);
        setenv("SALES_CSVIO_LIBCSV", "1", 1);
        r = csvio_open_mem(in.p, in.len, "f.csv");
        csvio_set_delim(r, delim);
        read_all(r, &one);
        csvio_free(r);
        unsetenv("SALES_CSVIO_LIBCSV");
        r = csvio_open_mem(in.p, in.len, "f.csv");
        csvio_set_delim(r, delim);
        read_all(r, &two);
        csvio_free(r);
        if (strcmp(one.p, two.p) != 0)
            break;
        same++;
    }
    is_str(two.p, one.p, "lines split without libcsv: the same as libcsv (%d of %d "
                         "inputs)", same, n);
    sbuf_release(&in);
    sbuf_release(&one);
    sbuf_release(&two);
}

int
main(void)
{
    is_str(P("a,b\n1,2\n"), "1:a|b;2:1|2", "simple");
    is_str(P("a,b\r\n1,2\r\n"), "1:a|b;2:1|2", "CRLF");
    is_str(P("a,b\n1,2"), "1:a|b;2:1|2", "missing last newline");
    is_str(P("\xEF\xBB\xBF\"id\",b\n1,2\n"), "1:id|b;2:1|2", "BOM before a quoted header");
    is_str(P(" a , b\t\n"), "1: a | b\t", "spaces kept as typed");
    is_str(P("a,\"x,y\",\"say \"\"hi\"\"\"\n"), "1:a|x,y|say \"hi\"", "quoted comma and quotes");
    is_str(P("a,\"line1\nline2\",c\nd,e,f\n"), "1:a|line1\nline2|c;3:d|e|f",
           "embedded newline keeps line numbers");
    is_str(P("a\n\n\nb\n"), "1:a;4:b", "blank lines skipped, lines counted");
    is_str(P("a\r\n\r\nb\r\n"), "1:a;3:b", "blank CRLF lines skipped");
    is_str(P("a,b\n1,2,3\n4\n"), "1:a|b;2:1|2|3;3:4", "ragged rows delivered as they are");
    is_str(P("a,b\n1,\"2\n3,4\n"), "ERR:t.csv:2: unterminated quoted field",
           "unterminated quote is an error, not a swallowed file");
    is_str(P("a,b\n1,x\"y\n"), "ERR:t.csv:2: malformed CSV: stray or unbalanced quote",
           "stray quote in unquoted field");
    is_str(P("a,b\n1,\"x\"y\n"), "ERR:t.csv:2: malformed CSV: stray or unbalanced quote",
           "text after closing quote");
    is_str(parse("a,b\n1,x\0y\n", 10), "ERR:t.csv:2: NUL byte in data", "NUL byte refused");
    is_str(P("a\n\xff\xfe\n"), "ERR:t.csv:2: invalid UTF-8 (convert the file to UTF-8)",
           "invalid UTF-8 refused");
    is_str(P("名前,会社\n张伟,北京\n"), "1:名前|会社;2:张伟|北京", "UTF-8 text");
    is_str(P(""), "", "empty input");
    is_str(P("\xEF\xBB\xBF"), "", "BOM only");
    is_str(P(",\n"), "1:|", "empty fields");
    is_str(P("a\rb\r"), "1:a;1:b", "CR-only line ends still end records");

    /* one field of every record, without libcsv: the same values, or a
     * fallback to libcsv for anything it would judge */
    is_str(S("id,b\n1,2\n3,4\n", 0, 2), "1;3;", "scan: simple");
    is_str(S("id,b\n1,2\n3,4\n", 1, 2), "2;4;", "scan: second column");
    is_str(S("id,b\r\n1,2\r\n3,4", 0, 2), "1;3;", "scan: CRLF, no last newline");
    is_str(S("id,b\n\n1,2\n\r\n3,\n,\n", 1, 2), "2;;;", "scan: blank lines, empty fields");
    is_str(S("id,b\n1,2\n3\n", 1, 2), "FALLBACK", "scan: a short row is left to table_next");
    is_str(S("id,n\n\"D1\",\"a,\"\"b\"\"\"\n\"D\"\"2\",x\n", 0, 2), "D1;D\"2;",
           "scan: quoted fields, doubled quotes");
    is_str(S("id,n,c\nD1,\"multi\r\nline, \"\"q\"\"\",z\nD2,\"\",\n", 0, 3), "D1;D2;",
           "scan: a quoted field across lines");
    is_str(S("id,n,c\nD1,\"multi\nline\",z\nD2,\"\",\n", 2, 3), "z;;",
           "scan: the field after one across lines");
    is_str(S("名前,会社\n张伟,北京\n", 1, 2), "北京;", "scan: UTF-8");
    is_str(S("id\n1\n2\n3", 4, 1), ";;;", "scan: a column past every row");
    is_str(S("id,b\n1,\"x\"\r\n", 1, 2), "x;", "scan: closing quote then CRLF");
    is_str(S("id,b\n1,x\"y\n", 0, 2), "FALLBACK", "scan: stray quote left to libcsv");
    is_str(S("id,b\n1,\"x\"y\n", 0, 2), "FALLBACK", "scan: text after a closing quote");
    is_str(S("id,b\n1,\"x\n", 0, 2), "FALLBACK", "scan: unterminated quote");
    is_str(S("id,b\n1,2\r3,4\n", 0, 2), "FALLBACK", "scan: a lone CR");
    is_str(S("id,b\n\"1\",2\r3,4\n", 0, 2), "FALLBACK", "scan: a lone CR after quotes");
    is_str(scan_mem("id,b\n1,x\0y\n", 12, 0, 2), "FALLBACK", "scan: NUL byte");
    is_str(S("id\n\xff\xfe\n", 0, 1), "FALLBACK", "scan: invalid UTF-8");
    is_str(S("id,b\n1,2,\n", 0, 2), "FALLBACK", "scan: more fields than the header");
    is_str(S("id,b\n\"1\",2,3\n", 0, 2), "FALLBACK", "scan: more fields, with quotes");
    is_str(S("id,b\n", 0, 2), "", "scan: a header only");
    /* through a pipe a byte at a time, and a file read in chunks: records
     * cut anywhere by the reads */
    {
        struct sbuf data = {0}, scan = {0}, next = {0};
        char path[] = "/tmp/csvio-scan-XXXXXX";
        int fd = mkstemp(path), fds[2];
        sbuf_adds(&data, "id,name,notes\n");
        for (int i = 0; data.len < (600u << 10); i++)
            sbuf_addf(&data, i % 7 == 3 ? "X%d,\"n, %d\",\"a \"\"q\"\"\nline %d\"\r\n" : "X%d,n%d,plain %d\n",
                      i, i, i);
        if (fd >= 0 && write(fd, data.p, data.len) == (ssize_t)data.len) {
            struct csvio_reader *r1 = csvio_open(path, NULL), *r2 = csvio_open(path, NULL);
            scan_both(r1, r2, 0, 3, &scan, &next);
            ok(scan.len > 100000 && strcmp(scan.p, next.p) == 0, "scan: 600 KiB file, same ids");
            csvio_free(r1);
            csvio_free(r2);
            r1 = csvio_open(path, NULL);
            r2 = csvio_open(path, NULL);
            scan_both(r1, r2, 2, 3, &scan, &next);
            ok(strcmp(scan.p, next.p) == 0, "scan: ... and the same notes");
            csvio_free(r1);
            csvio_free(r2);
        }
        if (fd >= 0) {
            close(fd);
            unlink(path);
        }
        sbuf_reset(&data);
        sbuf_adds(&data, "id,n\n1,\"a\"\"\nb\"\r\n\n2,x\r\n\"3\",\"\"");
        if (pipe(fds) == 0) {
            if (fork() == 0) {
                for (size_t i = 0; i < data.len; i++)
                    if (write(fds[1], data.p + i, 1) != 1)
                        _exit(1);
                _exit(0);
            }
            close(fds[1]);
            struct csvio_reader *r1 = csvio_open_fd(fds[0], 1, NULL, NULL, 0, 0),
                                *r2 = csvio_open_mem(data.p, data.len, NULL);
            scan_both(r1, r2, 1, 2, &scan, &next);
            is_str(scan.p, "a\"\nb;x;;", "scan: byte-at-a-time pipe");
            is_str(next.p, scan.p, "... as csvio_next reads it");
            csvio_free(r1);
            csvio_free(r2);
        }
        sbuf_release(&data);
        sbuf_release(&scan);
        sbuf_release(&next);
    }

    /* a 1 MB field is read; a 17 MB one is refused */
    {
        size_t n = 1u << 20;
        char *big = malloc(n + 16);
        memcpy(big, "x\n\"", 3);
        memset(big + 3, 'z', n);
        memcpy(big + 3 + n, "\"\n", 2);
        struct csvio_reader *r = csvio_open_mem(big, n + 5, "big.csv");
        struct csvio_row *row;
        struct err e;
        ok(csvio_next(r, &row, &e) == 1 && csvio_next(r, &row, &e) == 1 && row->len[0] == n,
           "1 MiB field read whole");
        csvio_free(r);
        free(big);
        n = 12u << 20;
        big = malloc(n + 4);
        memset(big, 'y', n);
        memcpy(big + n, "\n", 1);
        r = csvio_open_mem(big, n + 1, "big.csv");
        ok(csvio_next(r, &row, &e) == 1 && row->len[0] == n, "12 MiB field read whole");
        csvio_free(r);
        free(big);
        n = 17u << 20;
        big = malloc(n + 4);
        memset(big, 'z', n);
        memcpy(big + n, "\n", 1);
        r = csvio_open_mem(big, n + 1, "big.csv");
        is_int(csvio_next(r, &row, &e), -1, "17 MiB field refused");
        is_str(e.msg, "big.csv:1: field longer than 16 MiB", "... with a message");
        csvio_free(r);
        free(big);
    }

    /* reading through a pipe in small pieces gives the same records */
    {
        int fds[2];
        const char *data = "\xEF\xBB\xBFid,note\n1,\"multi\nline\"\n2,x";
        if (pipe(fds) == 0) {
            if (fork() == 0) {
                for (const char *p = data; *p; p++)
                    if (write(fds[1], p, 1) != 1)
                        _exit(1);
                _exit(0);
            }
            close(fds[1]);
            struct csvio_reader *r = csvio_open_fd(fds[0], 1, NULL, NULL, 0, 0);
            struct csvio_row *row;
            struct err e;
            struct sbuf got = {0};
            while (csvio_next(r, &row, &e) == 1)
                sbuf_addf(&got, "%ld:%s/%s;", row->line, row->f[0], row->n > 1 ? row->f[1] : "");
            is_str(got.p, "1:id/note;2:1/multi\nline;4:2/x;", "byte-at-a-time pipe");
            sbuf_release(&got);
            csvio_free(r);
        }
    }

    /* limit: a snapshot stops at the given size */
    {
        struct csvio_reader *r;
        int fds[2];
        if (pipe(fds) == 0) {
            if (write(fds[1], "a\nb\nc", 5) != 5)
                return 1;
            close(fds[1]);
            r = csvio_open_fd(fds[0], 1, "snap", NULL, 0, 4);
            struct csvio_row *row;
            struct err e;
            int n = 0;
            while (csvio_next(r, &row, &e) == 1)
                n++;
            is_int(n, 2, "limit stops before a torn last record");
            csvio_free(r);
        }
    }

    /* writer */
    {
        struct sbuf b = {0};
        const char *f[] = {"plain", "a,b", "say \"hi\"", " lead", "two\nlines", "", NULL, "12.5"};
        csvio_add_row(&b, f, 8, ',', 0);
        is_str(b.p, "plain,\"a,b\",\"say \"\"hi\"\"\",\" lead\",\"two\nlines\",,,12.5\n",
               "minimal quoting");
        sbuf_reset(&b);
        csvio_add_row(&b, f, 2, ';', 1);
        is_str(b.p, "plain;a,b\r\n", "other delimiter and CRLF");
        /* fields scanned a word at a time: specials at either end of a word */
        const char *g[] = {"12345678", "1234567\"", "abcdefgh,", "abcdefghijklmnop",
                           "abcdefghijklmnop\r", "a\"b\"\"c", "x;y"};
        sbuf_reset(&b);
        csvio_add_row(&b, g, 7, ',', 0);
        is_str(b.p,
               "12345678,\"1234567\"\"\",\"abcdefgh,\",abcdefghijklmnop,\"abcdefghijklmnop\r\","
               "\"a\"\"b\"\"\"\"c\",x;y\n",
               "quoting found in any byte of a long field");
        ok(csvio_needs_quotes("abcdefghi;", 10, ';') && !csvio_needs_quotes("abcdefghi;", 10, ','),
           "the delimiter is what counts");
        sbuf_release(&b);
    }
    readahead_tests();
    chunk_tests();
    fast_tests();
    return done_testing();
}
