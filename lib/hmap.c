/*
 * hmap.c — string-keyed hash map (see hmap.h). FNV-1a hashing.
 *
 * The slot a key lands in depends only on its hash and the order of
 * insertion, and callers iterate the slots: the hash, the growth and the
 * probing stay as they are, or reports that list keys would change order.
 * Keys live in blocks chained through their first bytes, freed together.
 */
#include "hmap.h"

#include <stdlib.h>
#include <string.h>

#include "text.h"

#define KEYS_MIN 4096
#define KEYS_MAX (1u << 20)

static uint64_t
hash(const char *s, size_t n)
{
    uint64_t h = UINT64_C(14695981039346656037);
    for (size_t i = 0; i < n; i++)
        h = (h ^ (unsigned char)s[i]) * UINT64_C(1099511628211);
    return h;
}

static struct hmap_entry *
find(const struct hmap *m, const char *key, size_t n, uint64_t h)
{
    if (!m->cap)
        return NULL;
    for (size_t i = h & (m->cap - 1);; i = (i + 1) & (m->cap - 1)) {
        const struct hmap_entry *e = &m->slots[i];
        if (!e->key)
            return NULL;
        if (e->hash == h && memcmp(e->key, key, n) == 0 && e->key[n] == '\0')
            return (struct hmap_entry *)e;
    }
}

struct hmap_entry *
hmap_get(const struct hmap *m, const char *key)
{
    size_t n;
    if (!m->cap)
        return NULL;
    n = strlen(key);
    return find(m, key, n, hash(key, n));
}

struct hmap_entry *
hmap_get_n(const struct hmap *m, const char *key, size_t n)
{
    if (!m->cap)
        return NULL;
    return find(m, key, n, hash(key, n));
}

/* Zeroed slots. A big table comes in huge pages (xrealloc_big): its
 * lookups land anywhere in it, and with small pages most of them would
 * miss the TLB as well as the cache. */
static struct hmap_entry *
slots_new(size_t cap)
{
    return xrealloc_big(NULL, 0, cap * sizeof(struct hmap_entry), 1);
}

static void
grow(struct hmap *m)
{
    struct hmap old = *m;
    m->cap = old.cap ? old.cap * 2 : 64;
    m->slots = slots_new(m->cap);
    m->len = 0;
    for (size_t i = 0; i < old.cap; i++) {
        if (!old.slots[i].key)
            continue;
        size_t j = old.slots[i].hash & (m->cap - 1);
        while (m->slots[j].key)
            j = (j + 1) & (m->cap - 1);
        m->slots[j] = old.slots[i];
        m->len++;
    }
    free(old.slots);
}

/* A copy of key[0..n) in the map's key storage. A block starts with the
 * address of the block before it. */
static char *
key_copy(struct hmap *m, const char *key, size_t n)
{
    const size_t link = sizeof(char *);
    char *p;
    if (!m->keys || m->kused + n + 1 > m->kcap) {
        size_t cap = m->kcap ? m->kcap * 2 : KEYS_MIN;
        if (cap > KEYS_MAX)
            cap = KEYS_MAX;
        if (cap < link + n + 1)
            cap = link + n + 1;
        char *blk = xmalloc(cap);
        memcpy(blk, &m->keys, link);
        m->keys = blk;
        m->kcap = cap;
        m->kused = link;
    }
    p = m->keys + m->kused;
    memcpy(p, key, n);
    p[n] = '\0';
    m->kused += n + 1;
    return p;
}

struct hmap_entry *
hmap_put_n(struct hmap *m, const char *key, size_t n, int *is_new)
{
    uint64_t h = hash(key, n);
    struct hmap_entry *e = find(m, key, n, h);
    if (e) {
        if (is_new)
            *is_new = 0;
        return e;
    }
    if ((m->len + 1) * 4 > m->cap * 3)
        grow(m);
    size_t i = h & (m->cap - 1);
    while (m->slots[i].key)
        i = (i + 1) & (m->cap - 1);
    e = &m->slots[i];
    e->key = key_copy(m, key, n);
    e->hash = h;
    e->v.num = 0;
    m->len++;
    if (is_new)
        *is_new = 1;
    return e;
}

struct hmap_entry *
hmap_put(struct hmap *m, const char *key, int *is_new)
{
    return hmap_put_n(m, key, strlen(key), is_new);
}

void
hmap_release(struct hmap *m)
{
    char *blk = m->keys;
    while (blk) {
        char *prev;
        memcpy(&prev, blk, sizeof prev);
        free(blk);
        blk = prev;
    }
    free(m->slots);
    memset(m, 0, sizeof *m);
}
