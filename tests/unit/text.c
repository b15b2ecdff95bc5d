/* Unit tests for text's big buffers and pool, and for hmap tables big
 * enough to be given huge pages: what goes in comes out, nothing overlaps,
 * the probing holds. */
#include "tap.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "hmap.h"
#include "text.h"

static void
pool_tests(void)
{
    struct pool pl = {0};
    char *a = pool_alloc(&pl, 1), *b = pool_alloc(&pl, 13), *c = pool_alloc(&pl, 8);
    ok(((uintptr_t)a | (uintptr_t)b | (uintptr_t)c) % 8 == 0, "allocations are 8-aligned");
    ok(b >= a + 8 && c >= b + 16, "and do not overlap");
    is_str(pool_strndup(&pl, "abcdef", 3), "abc", "strndup stops at n and ends the string");
    is_str(pool_strdup(&pl, ""), "", "an empty string");

    /* a big allocation alone, the current chunk kept for the small ones */
    char *small = pool_alloc(&pl, 16);
    char *big = pool_alloc(&pl, (size_t)5 << 20);
    char *after = pool_alloc(&pl, 16);
    memset(big, 'x', (size_t)5 << 20);
    ok(after == small + 16, "a big allocation does not waste the chunk being filled");
    ok(big[0] == 'x' && big[((size_t)5 << 20) - 1] == 'x', "and is usable end to end");

    /* many chunks: every string intact */
    char **v = xcalloc(300000, sizeof *v);
    char buf[32];
    int bad = 0;
    for (int i = 0; i < 300000; i++) {
        snprintf(buf, sizeof buf, "s%d-%d", i, i * 7);
        v[i] = pool_strdup(&pl, buf);
    }
    for (int i = 0; i < 300000; i++) {
        snprintf(buf, sizeof buf, "s%d-%d", i, i * 7);
        bad += strcmp(v[i], buf) != 0;
    }
    is_int(bad, 0, "300,000 strings over several chunks read back intact");
    ok(pl.total >= 300000 * 8, "total counts what was handed out");
    free(v);
    pool_release(&pl);
    ok(pl.chunks == NULL && pl.left == 0 && pl.total == 0, "release empties the pool");
    is_str(pool_strdup(&pl, "again"), "again", "and it can be used again");
    pool_release(&pl);
}

static void
hmap_tests(void)
{
    struct hmap m = {0};
    char key[32];
    int is_new, bad = 0;
    const int n = 400000; /* slots of 24 bytes: well past the huge-page size */

    for (int i = 0; i < n; i++) {
        snprintf(key, sizeof key, "k%d", i);
        hmap_put(&m, key, &is_new)->v.num = i;
        bad += !is_new;
    }
    is_int(bad, 0, "400,000 distinct keys are each new");
    is_int((long long)m.len, n, "and all counted");
    for (int i = 0; i < n; i++) {
        snprintf(key, sizeof key, "k%d", i);
        struct hmap_entry *e = hmap_get(&m, key);
        bad += !e || e->v.num != i;
    }
    is_int(bad, 0, "each found with its value");
    ok(!hmap_get(&m, "k400000") && !hmap_get(&m, ""), "keys not put are not found");
    hmap_put(&m, "k17", &is_new);
    ok(!is_new, "a key put again is not new");

    /* the probing is unchanged: each key sits at its home slot or after
     * it, with no empty slot in between */
    bad = 0;
    for (size_t i = 0; i < m.cap; i++) {
        if (!m.slots[i].key)
            continue;
        for (size_t j = m.slots[i].hash & (m.cap - 1); j != i; j = (j + 1) & (m.cap - 1))
            bad += !m.slots[j].key;
    }
    is_int(bad, 0, "every key is where linear probing puts it");
    hmap_release(&m);
}

static void
sbuf_tests(void)
{
    struct sbuf b = {0};
    int bad = 0;
    for (int i = 0; i < 1000000; i++) /* 6.9 MB, then past the 8 MB of huge pages */
        sbuf_addf(&b, "%06d", i);
    sbuf_grow(&b, (size_t)4 << 20);
    ok(b.cap >= b.len + ((size_t)4 << 20) + 1, "room asked for is there");
    for (int i = 1000000; i < 1500000; i++)
        sbuf_addf(&b, "%06d", i % 1000000);
    for (int i = 0; i < 1500000 && !bad; i++) {
        char want[8];
        snprintf(want, sizeof want, "%06d", i % 1000000);
        bad = memcmp(b.p + (size_t)i * 6, want, 6) != 0;
    }
    is_int(bad, 0, "a buffer moved into huge pages keeps every byte");
    ok(b.len == 9000000 && b.p[b.len] == '\0', "and its length and final NUL");
    sbuf_release(&b);
}

/* UTF-8 read as Windows-1252 and saved again, told from real Latin text. */
static void
mojibake_tests(void)
{
    struct sbuf m = {0};
    ok(text_mojibake("çŽ‹èŠ³", &m) && strcmp(m.p, "王芳") == 0, "王芳 through Windows-1252");
    ok(text_mojibake("ï»¿id", &m) && strcmp(m.p, "\xEF\xBB\xBFid") == 0, "a BOM");
    ok(text_mojibake("MÃ¼ller", &m) && strcmp(m.p, "Müller") == 0, "Müller");
    ok(text_mojibake("â‚¬ 5", &m) && strcmp(m.p, "€ 5") == 0, "the euro sign (0x80)");
    ok(!text_mojibake("Müller", NULL), "real Müller");
    ok(!text_mojibake("Díaz", NULL), "real Díaz");
    ok(!text_mojibake("Ça va", NULL), "real Ça va");
    ok(!text_mojibake("São Paulo Straße", NULL), "real São Paulo Straße");
    ok(!text_mojibake("Ã", NULL), "a lone Ã");
    ok(!text_mojibake("王芳", NULL), "CJK");
    ok(!text_mojibake("plain", NULL), "ASCII");
    ok(!text_mojibake("çŽ‹èŠ³ 王", NULL), "mixed with a character beyond Windows-1252");
    sbuf_release(&m);
}

int
main(void)
{
    mojibake_tests();
    sbuf_tests();
    pool_tests();
    hmap_tests();
    return done_testing();
}
