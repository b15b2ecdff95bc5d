/* hmap.c — string-keyed hash map (see hmap.h). FNV-1a hashing. */
#include "hmap.h"

#include <stdlib.h>
#include <string.h>

#include "text.h"

static uint64_t
hash(const char *s)
{
    uint64_t h = UINT64_C(14695981039346656037);
    for (; *s; s++)
        h = (h ^ (unsigned char)*s) * UINT64_C(1099511628211);
    return h;
}

struct hmap_entry *
hmap_get(const struct hmap *m, const char *key)
{
    if (!m->cap)
        return NULL;
    for (size_t i = hash(key) & (m->cap - 1);; i = (i + 1) & (m->cap - 1)) {
        if (!m->slots[i].key)
            return NULL;
        if (strcmp(m->slots[i].key, key) == 0)
            return &m->slots[i];
    }
}

static void
grow(struct hmap *m)
{
    struct hmap old = *m;
    m->cap = old.cap ? old.cap * 2 : 64;
    m->slots = xcalloc(m->cap, sizeof *m->slots);
    m->len = 0;
    for (size_t i = 0; i < old.cap; i++) {
        if (!old.slots[i].key)
            continue;
        size_t j = hash(old.slots[i].key) & (m->cap - 1);
        while (m->slots[j].key)
            j = (j + 1) & (m->cap - 1);
        m->slots[j] = old.slots[i];
        m->len++;
    }
    free(old.slots);
}

struct hmap_entry *
hmap_put(struct hmap *m, const char *key, int *is_new)
{
    struct hmap_entry *e = hmap_get(m, key);
    if (e) {
        if (is_new)
            *is_new = 0;
        return e;
    }
    if ((m->len + 1) * 4 > m->cap * 3)
        grow(m);
    size_t i = hash(key) & (m->cap - 1);
    while (m->slots[i].key)
        i = (i + 1) & (m->cap - 1);
    m->slots[i].key = xstrdup(key);
    m->slots[i].v.num = 0;
    m->len++;
    if (is_new)
        *is_new = 1;
    return &m->slots[i];
}

void
hmap_release(struct hmap *m)
{
    for (size_t i = 0; i < m->cap; i++)
        free(m->slots[i].key);
    free(m->slots);
    memset(m, 0, sizeof *m);
}
