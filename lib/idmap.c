/* idmap.c — records found by their id's number (see idmap.h). */
#include "idmap.h"

#include <stdlib.h>
#include <string.h>

#include "schema.h"
#include "text.h"

void
idmap_init(struct idmap *m, char prefix)
{
    memset(m, 0, sizeof *m);
    m->prefix = prefix;
}

long
idmap_get_n(const struct idmap *m, const char *id, size_t len)
{
    long long k = schema_id_number_n(id, len, m->prefix);
    /* a slot is taken only below a bound that grows with the count, so
     * an id with a number may be in either place */
    if (k >= 0 && (unsigned long long)k < m->nnum && m->num[k])
        return (long)m->num[k] - 1;
    struct hmap_entry *he = m->other.len ? hmap_get_n(&m->other, id, len) : NULL;
    return he ? (long)he->v.num : -1;
}

long
idmap_get(const struct idmap *m, const char *id)
{
    return idmap_get_n(m, id, strlen(id));
}

const char *
idmap_put_n(struct idmap *m, const char *id, size_t len, uint32_t value)
{
    long long k = schema_id_number_n(id, len, m->prefix);
    struct hmap_entry *he = m->other.len ? hmap_get_n(&m->other, id, len) : NULL;
    if (he) { /* kept as a string before: it stays there */
        he->v.num = value;
        return he->key;
    }
    if (k >= 0 && (unsigned long long)k < m->nnum && m->num[k]) {
        m->num[k] = value + 1;
        return NULL;
    }
    m->count++;
    if (k < 0 || (unsigned long long)k >= 8 * ((unsigned long long)m->count + 65536)) {
        he = hmap_put_n(&m->other, id, len, NULL);
        he->v.num = value;
        return he->key;
    }
    if ((size_t)k >= m->nnum) {
        size_t n = m->nnum ? m->nnum : 1024;
        while (n <= (size_t)k)
            n *= 2;
        m->num = xrealloc_big(m->num, m->nnum * sizeof *m->num, n * sizeof *m->num, 1);
        m->nnum = n;
    }
    m->num[k] = value + 1;
    return NULL;
}

const char *
idmap_put(struct idmap *m, const char *id, uint32_t value)
{
    return idmap_put_n(m, id, strlen(id), value);
}

void
idmap_release(struct idmap *m)
{
    free(m->num);
    hmap_release(&m->other);
    memset(m, 0, sizeof *m);
}
