/* text.c — string buffers and UTF-8 helpers (see text.h). */
#include "text.h"

#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <utf8proc.h>

static void
oom(void)
{
    fputs("out of memory\n", stderr);
    abort();
}

void *
xmalloc(size_t n)
{
    void *p = malloc(n ? n : 1);
    if (!p)
        oom();
    return p;
}

void *
xcalloc(size_t n, size_t m)
{
    void *p = calloc(n ? n : 1, m ? m : 1);
    if (!p)
        oom();
    return p;
}

void *
xrealloc(void *p, size_t n)
{
    p = realloc(p, n ? n : 1);
    if (!p)
        oom();
    return p;
}

#define HUGE_PAGE ((size_t)2 << 20)

void *
xrealloc_big(void *p, size_t old, size_t n, int zero)
{
    char *q;
    if (n < 2 * HUGE_PAGE) {
        q = xrealloc(p, n);
    } else {
        size_t size = (n + HUGE_PAGE - 1) & ~(HUGE_PAGE - 1);
        if (!(q = aligned_alloc(HUGE_PAGE, size)))
            oom();
#ifdef MADV_HUGEPAGE
        madvise(q, size, MADV_HUGEPAGE); /* advice only: its failure costs nothing */
#endif
        if (old)
            memcpy(q, p, old);
        free(p);
    }
    if (zero)
        memset(q + old, 0, n - old);
    return q;
}

char *
xstrdup(const char *s)
{
    return xstrndup(s, strlen(s));
}

char *
xstrndup(const char *s, size_t n)
{
    char *p = xmalloc(n + 1);
    memcpy(p, s, n);
    p[n] = '\0';
    return p;
}

#define POOL_CHUNK ((size_t)8 << 20) /* a multiple of the 2 MB huge page */
#define POOL_ALIGN ((size_t)2 << 20)
#define SBUF_HUGE ((size_t)8 << 20)

void
sbuf_grow_slow(struct sbuf *b, size_t extra)
{
    size_t cap = b->cap ? b->cap : 64;
    while (cap < b->len + extra + 1)
        cap *= 2;
    if (cap >= SBUF_HUGE) /* a big one in huge pages: far fewer page faults */
        cap = (cap + POOL_ALIGN - 1) & ~(POOL_ALIGN - 1);
    b->p = xrealloc_big(b->p, b->p ? b->len + 1 : 0, cap, 0);
    b->cap = cap;
}




void
sbuf_addf(struct sbuf *b, const char *fmt, ...)
{
    va_list ap;
    int n;
    va_start(ap, fmt);
    n = vsnprintf(NULL, 0, fmt, ap);
    va_end(ap);
    if (n < 0)
        return;
    sbuf_grow(b, (size_t)n);
    va_start(ap, fmt);
    vsnprintf(b->p + b->len, (size_t)n + 1, fmt, ap);
    va_end(ap);
    b->len += (size_t)n;
}


void
sbuf_release(struct sbuf *b)
{
    free(b->p);
    b->p = NULL;
    b->len = b->cap = 0;
}

int
utf8_valid(const char *s0, size_t n)
{
    const unsigned char *s = (const unsigned char *)s0, *end = s + n;

    while (s < end) {
        /* ASCII fast path, eight bytes at a time */
        while (end - s >= 8) {
            uint64_t w;
            memcpy(&w, s, 8);
            if (w & UINT64_C(0x8080808080808080))
                break;
            s += 8;
        }
        if (s >= end)
            break;
        unsigned c = *s;
        if (c < 0x80) {
            s++;
            continue;
        }
        size_t need;
        unsigned cp;
        if (c >= 0xC2 && c <= 0xDF)
            need = 1, cp = c & 0x1F;
        else if (c >= 0xE0 && c <= 0xEF)
            need = 2, cp = c & 0x0F;
        else if (c >= 0xF0 && c <= 0xF4)
            need = 3, cp = c & 0x07;
        else
            return 0;
        if ((size_t)(end - s) <= need)
            return 0;
        for (size_t i = 1; i <= need; i++) {
            if ((s[i] & 0xC0) != 0x80)
                return 0;
            cp = (cp << 6) | (s[i] & 0x3F);
        }
        if ((need == 2 && (cp < 0x800 || (cp >= 0xD800 && cp <= 0xDFFF))) ||
            (need == 3 && (cp < 0x10000 || cp > 0x10FFFF)))
            return 0;
        s += need + 1;
    }
    return 1;
}

/* Width of one code point; invalid bytes count as one column. */
static int
cp_width(utf8proc_int32_t cp)
{
    if (cp < 0x20 || cp == 0x7F)
        return 1;
    return utf8proc_charwidth(cp);
}

size_t
text_width(const char *s)
{
    size_t w = 0;
    const utf8proc_uint8_t *p = (const utf8proc_uint8_t *)s;
    while (*p) {
        utf8proc_int32_t cp;
        utf8proc_ssize_t k = utf8proc_iterate(p, -1, &cp);
        if (k <= 0) {
            w++;
            p++;
            continue;
        }
        w += (size_t)cp_width(cp);
        p += k;
    }
    return w;
}

size_t
text_fit(const char *s, size_t width)
{
    size_t w = 0;
    const utf8proc_uint8_t *p = (const utf8proc_uint8_t *)s;
    while (*p) {
        utf8proc_int32_t cp;
        utf8proc_ssize_t k = utf8proc_iterate(p, -1, &cp);
        int cw = k <= 0 ? 1 : cp_width(cp);
        if (k <= 0)
            k = 1;
        if (w + (size_t)cw > width)
            break;
        w += (size_t)cw;
        p += k;
    }
    return (size_t)((const char *)p - s);
}

/* ---- pool ------------------------------------------------------------- */


struct pool_chunk {
    struct pool_chunk *next;
};

void *
pool_alloc(struct pool *pl, size_t n)
{
    const size_t head = (sizeof(struct pool_chunk) + 7) & ~(size_t)7;
    struct pool_chunk *c;
    void *q;

    n = (n + 7) & ~(size_t)7;
    if (n > POOL_CHUNK / 4) { /* a big one alone: the current chunk keeps its space */
        if (!(c = malloc(head + n)))
            oom();
        if (pl->chunks) {
            c->next = pl->chunks->next;
            pl->chunks->next = c;
        } else {
            c->next = NULL;
            pl->chunks = c;
        }
        pl->total += n;
        return (char *)c + head;
    }
    if (n > pl->left) {
        if (!(c = aligned_alloc(POOL_ALIGN, POOL_CHUNK)))
            oom();
#ifdef MADV_HUGEPAGE
        madvise(c, POOL_CHUNK, MADV_HUGEPAGE); /* advice only: its failure costs nothing */
#endif
        c->next = pl->chunks;
        pl->chunks = c;
        pl->p = (char *)c + head;
        pl->left = POOL_CHUNK - head;
    }
    q = pl->p;
    pl->p += n;
    pl->left -= n;
    pl->total += n;
    return q;
}

char *
pool_strndup(struct pool *pl, const char *s, size_t n)
{
    char *q = pool_alloc(pl, n + 1);
    memcpy(q, s, n);
    q[n] = '\0';
    return q;
}

char *
pool_strdup(struct pool *pl, const char *s)
{
    return pool_strndup(pl, s, strlen(s));
}

void
pool_release(struct pool *pl)
{
    struct pool_chunk *c = pl->chunks, *next;
    for (; c; c = next) {
        next = c->next;
        free(c);
    }
    memset(pl, 0, sizeof *pl);
}

int
text_fold(const char *s, unsigned flags, struct sbuf *out)
{
    utf8proc_uint8_t *f = NULL;
    int opts = UTF8PROC_NULLTERM | UTF8PROC_STABLE | UTF8PROC_COMPAT | UTF8PROC_COMPOSE |
               UTF8PROC_CASEFOLD | UTF8PROC_IGNORE, rc = 0, blank = 0;
    const char *p;

    if (flags & TEXT_FOLD_UNACCENT)
        opts |= UTF8PROC_STRIPMARK | UTF8PROC_LUMP;
    /* plain ASCII folds to its lower case: no Unicode tables for the
     * common name (an import resolves every record's names) */
    for (p = s; *p && !(*p & 0x80); p++)
        ;
    if ((*p || (flags & TEXT_FOLD_UNACCENT)) &&
        utf8proc_map((const utf8proc_uint8_t *)s, 0, &f, (utf8proc_option_t)opts) < 0) {
        free(f);
        f = NULL;
        rc = -1;
    }
    sbuf_reset(out);
    sbuf_adds(out, ""); /* a string even when s folds to nothing */
    for (p = f ? (const char *)f : s; *p == ' ' || *p == '\t'; p++)
        ;
    for (; *p; p++) {
        if (*p == ' ' || *p == '\t') {
            blank = 1;
            continue;
        }
        if (blank)
            sbuf_addc(out, ' ');
        blank = 0;
        sbuf_addc(out, f ? *p : (char)(*p >= 'A' && *p <= 'Z' ? *p + 32 : *p));
    }
    free(f);
    return rc;
}

int
text_fold_eq(const char *a, const char *b)
{
    struct sbuf x = {0}, y = {0};
    int eq;
    if (strcmp(a, b) == 0)
        return 1;
    text_fold(a, 0, &x);
    text_fold(b, 0, &y);
    eq = strcmp(x.p, y.p) == 0;
    sbuf_release(&x);
    sbuf_release(&y);
    return eq;
}

const char *
email_domain(const char *addr)
{
    const char *at = strrchr(addr, '@');
    if (!at || at == addr || !at[1])
        return NULL;
    return at + 1;
}

int
str_eq_ci(const char *a, const char *b)
{
    for (; *a && *b; a++, b++) {
        char x = *a, y = *b;
        if (x >= 'A' && x <= 'Z')
            x += 32;
        if (y >= 'A' && y <= 'Z')
            y += 32;
        if (x != y)
            return 0;
    }
    return *a == *b;
}

char **
str_split(const char *s, char sep)
{
    size_t n = 1, i = 0;
    const char *p;
    for (p = s; *p; p++)
        n += *p == sep;
    char **v = xcalloc(n + 1, sizeof *v);
    for (;;) {
        p = strchr(s, sep);
        if (!p) {
            v[i++] = xstrdup(s);
            break;
        }
        v[i++] = xstrndup(s, (size_t)(p - s));
        s = p + 1;
    }
    v[i] = NULL;
    return v;
}

void
strv_free(char **v)
{
    if (!v)
        return;
    for (char **p = v; *p; p++)
        free(*p);
    free(v);
}

size_t
strv_len(char *const *v)
{
    size_t n = 0;
    while (v && v[n])
        n++;
    return n;
}

/* Windows-1252's characters for the bytes 0x80-0x9F (0: none: Latin-1's
 * control character of that number is taken instead). */
static const unsigned short cp1252_high[32] = {
    0x20AC, 0,      0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021, 0x02C6, 0x2030, 0x0160,
    0x2039, 0x0152, 0,      0x017D, 0,      0,      0x2018, 0x2019, 0x201C, 0x201D, 0x2022,
    0x2013, 0x2014, 0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0,      0x017E, 0x0178};

int
text_mojibake(const char *s, struct sbuf *meant)
{
    const unsigned char *u = (const unsigned char *)s;
    struct sbuf b = {0};
    int high = 0, rc = 0;

    /* only text with a character from U+00C2 to U+00F4 (a UTF-8 lead byte
     * read as one) can be, and each of those is 0xC3 and one more byte */
    if (!strchr(s, '\xC3'))
        return 0;
    while (*u) {
        unsigned cp;
        size_t k;
        if (*u < 0x80)
            cp = *u, k = 1;
        else if ((*u & 0xE0) == 0xC0 && (u[1] & 0xC0) == 0x80)
            cp = (unsigned)(*u & 0x1F) << 6 | (u[1] & 0x3F), k = 2;
        else if ((*u & 0xF0) == 0xE0 && (u[1] & 0xC0) == 0x80 && (u[2] & 0xC0) == 0x80)
            cp = (unsigned)(*u & 0x0F) << 12 | (unsigned)(u[1] & 0x3F) << 6 | (u[2] & 0x3F), k = 3;
        else
            goto out; /* not UTF-8, or a character beyond U+FFFF: no byte of Windows-1252 */
        if (cp >= 0x100) {
            int byte = -1;
            for (int i = 0; i < 32; i++)
                if (cp1252_high[i] == cp)
                    byte = 0x80 + i;
            if (byte < 0)
                goto out;
            cp = (unsigned)byte;
        }
        high |= cp >= 0x80;
        sbuf_addc(&b, (char)cp);
        u += k;
    }
    rc = high && utf8_valid(b.p, b.len);
    if (rc && meant) {
        sbuf_reset(meant);
        sbuf_add(meant, b.p, b.len);
    }
out:
    sbuf_release(&b);
    return rc;
}

static char
ascii_lower(char c)
{
    return (char)(c >= 'A' && c <= 'Z' ? c + 32 : c);
}

/* Edit distance (insert, delete, replace, swap of neighbours; ASCII case
 * ignored) between a and b, or cap when it is at least cap. */
static size_t
edit_distance(const char *a, const char *b, size_t cap)
{
    size_t na = strlen(a), nb = strlen(b), d;
    if ((na > nb ? na - nb : nb - na) >= cap)
        return cap;
    size_t *base = xcalloc(3 * (nb + 1), sizeof *base);
    size_t *row0 = base, *row1 = base + nb + 1, *row2 = row1 + nb + 1; /* rows i-2, i-1, i */
    for (size_t j = 0; j <= nb; j++)
        row1[j] = j;
    for (size_t i = 1; i <= na; i++) {
        row2[0] = i;
        for (size_t j = 1; j <= nb; j++) {
            char x = ascii_lower(a[i - 1]), y = ascii_lower(b[j - 1]);
            d = row1[j - 1] + (x != y);
            if (row1[j] + 1 < d)
                d = row1[j] + 1;
            if (row2[j - 1] + 1 < d)
                d = row2[j - 1] + 1;
            if (i > 1 && j > 1 && x == ascii_lower(b[j - 2]) && ascii_lower(a[i - 2]) == y &&
                row0[j - 2] + 1 < d)
                d = row0[j - 2] + 1;
            row2[j] = d;
        }
        size_t *t = row0;
        row0 = row1, row1 = row2, row2 = t;
    }
    d = row1[nb];
    free(base);
    return d < cap ? d : cap;
}

const char *
text_closest(const char *word, char *const *cands)
{
    size_t n = strlen(word), best = n < 4 ? 2 : n / 3 + 1;
    const char *out = NULL;
    for (; cands && *cands; cands++) {
        size_t d = edit_distance(word, *cands, best);
        if (d < best)
            best = d, out = *cands;
    }
    return out;
}
