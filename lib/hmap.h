/*
 * hmap.h — a string-keyed hash map (open addressing, linear probing) for
 * per-key state in reports: per deal id, per owner, per customer.
 * Keys are copied (into storage the map owns); values are a caller-owned
 * pointer or an int64. Each entry keeps its key's hash, so a probe that
 * meets another key rarely compares strings.
 * Includes nothing of libsales but text.h.
 */
#ifndef SALES_HMAP_H
#define SALES_HMAP_H

#include <stddef.h>
#include <stdint.h>

struct hmap_entry {
    char *key; /* NULL: empty slot */
    union {
        void *ptr;
        int64_t num;
    } v;
    uint64_t hash; /* of key */
};

struct hmap {
    struct hmap_entry *slots;
    size_t cap, len;
    char *keys;            /* the current block of key storage */
    size_t kused, kcap;    /* bytes of it used, its size */
};

/* hmap_get: the entry for key, or NULL. */
struct hmap_entry *hmap_get(const struct hmap *m, const char *key);

/* hmap_get_n: the same for the n bytes at key (no NUL needed). */
struct hmap_entry *hmap_get_n(const struct hmap *m, const char *key, size_t n);

/* hmap_put: the entry for key, created (value zeroed) when new; *is_new
 * says which (may be NULL). */
struct hmap_entry *hmap_put(struct hmap *m, const char *key, int *is_new);

/* hmap_put_n: the same for the n bytes at key (no NUL needed; the stored
 * key is NUL-terminated). */
struct hmap_entry *hmap_put_n(struct hmap *m, const char *key, size_t n, int *is_new);

/* hmap_release: free keys and slots (values are the caller's). */
void hmap_release(struct hmap *m);

/* Iterate: for (size_t i = 0; i < m.cap; i++) if (m.slots[i].key) ... */

#endif
