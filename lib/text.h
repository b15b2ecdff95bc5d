/*
 * text.h — byte strings and UTF-8: a growable string buffer, UTF-8
 * validation, display width of Unicode text (CJK wide, combining marks
 * zero), and small string helpers. Uses only utf8proc.
 */
#ifndef SALES_TEXT_H
#define SALES_TEXT_H

#include <stddef.h>
#include <string.h>

/* A growable byte buffer, always NUL-terminated after its len bytes.
 * Zero-initialise ({0}) before use; sbuf_release frees (p is malloc'd
 * memory a caller may take over and free). Allocation failure aborts.
 * A buffer grown past 8 MB (a bulk history) is offered huge pages. */
struct sbuf {
    char *p;
    size_t len, cap;
};

/* (the growing itself; sbuf_grow below is the test, inline: buffers are
 * added to a few times per field of a million records) */
void sbuf_grow_slow(struct sbuf *b, size_t extra);

/* sbuf_grow: room for extra more bytes (and the NUL). */
static inline void
sbuf_grow(struct sbuf *b, size_t extra)
{
    if (b->len + extra + 1 > b->cap)
        sbuf_grow_slow(b, extra);
}

static inline void
sbuf_add(struct sbuf *b, const char *s, size_t n)
{
    sbuf_grow(b, n);
    memcpy(b->p + b->len, s, n);
    b->len += n;
    b->p[b->len] = '\0';
}

static inline void
sbuf_adds(struct sbuf *b, const char *s)
{
    sbuf_add(b, s, strlen(s));
}

static inline void
sbuf_addc(struct sbuf *b, char c)
{
    sbuf_grow(b, 1);
    b->p[b->len++] = c;
    b->p[b->len] = '\0';
}

static inline void
sbuf_reset(struct sbuf *b)
{
    b->len = 0;
    if (b->p)
        b->p[0] = '\0';
}

void sbuf_addf(struct sbuf *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
void sbuf_release(struct sbuf *b);

/* utf8_valid: 1 when s[0..n) is well-formed UTF-8 (no overlongs, no
 * surrogates, nothing above U+10FFFF), else 0. */
int utf8_valid(const char *s, size_t n);

/* text_mojibake: 1 when the UTF-8 text s is UTF-8 that was read as
 * Windows-1252 or Latin-1 and written out again ("çŽ‹èŠ³" for "王芳",
 * "ï»¿" for a byte order mark, "MÃ¼ller" for "Müller"): every character
 * of s is one byte of Windows-1252 (or Latin-1), and those bytes are
 * well-formed UTF-8 with at least one character beyond ASCII. Then meant
 * (when not NULL) gets that UTF-8 text. Text really written in Latin-1
 * ("Müller", "Díaz", "Ça va") is not: its bytes are no UTF-8. 0 else. */
int text_mojibake(const char *s, struct sbuf *meant);

/* text_width: columns the UTF-8 string takes on a terminal (East Asian
 * wide = 2, combining = 0, control characters shown as 1). */
size_t text_width(const char *s);

/* text_fit: the byte length of the longest prefix of s that fits in
 * width columns. */
size_t text_fit(const char *s, size_t width);

/* xmalloc family: abort with a message on allocation failure. */
void *xmalloc(size_t n);
void *xcalloc(size_t n, size_t m);
void *xrealloc(void *p, size_t n);
char *xstrdup(const char *s);
char *xstrndup(const char *s, size_t n);

/* xrealloc_big: p, holding old bytes (0 for NULL), grown to n bytes (n >=
 * old), the new part zeroed when zero is set. A block of a few megabytes
 * or more is aligned to 2 MB and offered to the kernel as huge pages: a
 * big array that is filled fresh or looked up anywhere otherwise costs a
 * page fault per 4 KB and a TLB miss per lookup (bench/README.md). Free
 * it with free(). */
void *xrealloc_big(void *p, size_t old, size_t n, int zero);

/* A pool: many small allocations freed all at once (the records of a
 * bulk import). Memory comes in large chunks, offered to the kernel as
 * huge pages where it takes them, so a pool of a few hundred megabytes
 * costs few page faults. Zero-initialise ({0}) before use. */
struct pool {
    struct pool_chunk *chunks;
    char *p;      /* free space in the current chunk */
    size_t left;  /* bytes of it */
    size_t total; /* bytes handed out (for tests and figures) */
};

/* pool_alloc: n bytes, 8-aligned, valid until pool_release. */
void *pool_alloc(struct pool *pl, size_t n);
/* pool_strndup: a copy of s[0..n) with a NUL after it. */
char *pool_strndup(struct pool *pl, const char *s, size_t n);
char *pool_strdup(struct pool *pl, const char *s);
void pool_release(struct pool *pl);

/* text_fold: the form names are compared in, into out (reset first):
 * Unicode NFKC and case folding ("MÜLLER", "Müller" and "müller" fold
 * alike, as do full-width letters), blanks (space, tab) trimmed and each
 * run of them made one space. With TEXT_FOLD_UNACCENT accents go too
 * ("Müller" folds as "muller"), for fuzzy matching. Returns 0, or -1 when
 * s is not UTF-8 (out then holds it with ASCII letters lowered, blanks
 * treated the same). The one rule for "the same name" (import references,
 * dedupe, lead conversion). */
#define TEXT_FOLD_UNACCENT 1u
int text_fold(const char *s, unsigned flags, struct sbuf *out);

/* text_fold_eq: 1 when a and b fold (text_fold, no flags) the same. */
int text_fold_eq(const char *a, const char *b);

/* email_domain: the domain of an email address: the text after its last
 * '@' (a borrowed pointer into addr), or NULL when addr has no '@' or
 * nothing before or after it. The last '@', not the first: a domain never
 * holds one, a quoted local part may ("a@b"@example.com is example.com).
 * The one rule for "an address's domain" (dedupe, lead conversion, schema's
 * email check). */
const char *email_domain(const char *addr);

/* str_eq_ci: ASCII case-insensitive equality. */
int str_eq_ci(const char *a, const char *b);

/* str_split: split s at sep into a NULL-terminated array of newly
 * allocated strings (empty items kept); free with strv_free. */
char **str_split(const char *s, char sep);
void strv_free(char **v);
size_t strv_len(char *const *v);

/* text_closest: the candidate a mistyped word most likely meant, for a
 * "did you mean" hint: the nearest by edit distance (ASCII case ignored),
 * and only when it is near (fewer than a third of the word's letters
 * wrong). Borrowed from cands; NULL when none is near. */
const char *text_closest(const char *word, char *const *cands);

#endif
