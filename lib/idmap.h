/*
 * idmap.h — records found by their id's number. An id is a prefix and a
 * number (L12, D1000000): a map from id to a record's index is then an
 * array indexed by the number, a load and no hashing, with a string map
 * for an id of another form (an import's own, "D12a"), or for a number so
 * far past the ids put so far that its slot would waste memory: an array
 * slot is taken only below 8 x (ids put + 65536), so the array stays
 * within a few times the records' count whatever the numbers. Big arrays
 * come in huge pages (xrealloc_big). Includes hmap.h.
 */
#ifndef SALES_IDMAP_H
#define SALES_IDMAP_H

#include <stddef.h>
#include <stdint.h>

#include "hmap.h"

struct idmap {
    char prefix;   /* of the ids: schema_deals.id_prefix, ... */
    uint32_t *num; /* by id number: the value + 1, 0 for none */
    size_t nnum;
    size_t count; /* ids put */
    struct hmap other;
};

/* idmap_init: an empty map of ids with prefix. */
void idmap_init(struct idmap *m, char prefix);

/* idmap_get_n: the value of the len bytes at id, or -1. */
long idmap_get_n(const struct idmap *m, const char *id, size_t len);

/* idmap_get: the same for a NUL-terminated id. */
long idmap_get(const struct idmap *m, const char *id);

/* idmap_slot: the value of the id whose number is k when it took an
 * array slot, else -1 (it may still be in m->other: idmap_get_n). */
static inline long
idmap_slot(const struct idmap *m, long long k)
{
    return k >= 0 && (unsigned long long)k < m->nnum ? (long)m->num[k] - 1 : -1;
}

/* idmap_put_n: set the value of the len bytes at id (value < UINT32_MAX),
 * replacing any before. Returns the map's own copy of the id when it is
 * kept as a string, NULL when it took an array slot. */
const char *idmap_put_n(struct idmap *m, const char *id, size_t len, uint32_t value);

/* idmap_put: the same for a NUL-terminated id. */
const char *idmap_put(struct idmap *m, const char *id, uint32_t value);

/* idmap_release: free the map (values are plain numbers). */
void idmap_release(struct idmap *m);

#endif
