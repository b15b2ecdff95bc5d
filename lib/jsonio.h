/*
 * jsonio.h — JSON in and out. The only module that calls jansson.
 *
 * Input: records from a JSON array of objects or from NDJSON (one object
 * per line), told apart by the first byte; each record becomes parallel
 * arrays of keys and text values (numbers keep their decimal text, so
 * money stays exact; null is "not set"). Output: JSON text is written by
 * hand into a struct sbuf so amounts are exact decimals (jansson would
 * print 7.6 as 7.5999999999999996) and strings are escaped once, here.
 * Includes err.h and text.h.
 */
#ifndef SALES_JSONIO_H
#define SALES_JSONIO_H

#include <stddef.h>
#include <stdint.h>

#include "err.h"
#include "text.h"

struct jsonio_reader;

/* One record; valid until the next jsonio_next. values[i] is NULL for
 * JSON null. Borrowed. */
struct jsonio_record {
    size_t n;
    char **keys;
    char **values;
    long line; /* NDJSON: the line; array: the element number, 1-based */
};

/* jsonio_open_fd: records from fd (-1: from pre alone, a buffer in
 * memory); pre/prelen are bytes already read from it (copied). name is
 * used in messages. A JSON array is read whole; NDJSON
 * streams a line at a time. Returns NULL with e set on a syntax error in
 * an array. */
struct jsonio_reader *jsonio_open_fd(int fd, const char *name, const char *pre, size_t prelen,
                                     struct err *e);

/* jsonio_is_array: 1 when the input is one JSON array (records are then
 * numbered, not lined). */
int jsonio_is_array(const struct jsonio_reader *r);

/* jsonio_next: 1 with *rec set, 0 at end, -1 with e set. */
int jsonio_next(struct jsonio_reader *r, struct jsonio_record **rec, struct err *e);
void jsonio_free(struct jsonio_reader *r);

/* ---- small documents (config.json) ---------------------------------- */

struct jsonio_doc;

/* jsonio_load: parse a whole file holding one JSON object. Returns a doc
 * the caller frees with jsonio_doc_free, or NULL with e set
 * ("FILE:LINE: message"). */
struct jsonio_doc *jsonio_load(const char *path, struct err *e);

/* jsonio_get: the text of a top-level scalar member ("12", "USD", "true"),
 * or NULL when absent or null. Returns a pointer valid until the next call
 * or jsonio_doc_free; returns NULL and sets *is_bad when the member is an
 * object or array. */
const char *jsonio_get(struct jsonio_doc *d, const char *key, int *is_bad);

/* jsonio_get_pairs: a top-level member that is an object of scalars, as
 * newly allocated key/value string arrays (NULL-terminated, free each with
 * strv_free). Returns the number of pairs, 0 when absent, -1 when it is not
 * such an object. */
int jsonio_get_pairs(struct jsonio_doc *d, const char *key, char ***keys, char ***values);

void jsonio_doc_free(struct jsonio_doc *d);

/* ---- writing ---------------------------------------------------------- */

/* jsonio_add_string: s as a JSON string literal, quotes included. s must
 * be valid UTF-8 (the readers guarantee it). */
void jsonio_add_string(struct sbuf *b, const char *s);

#endif
