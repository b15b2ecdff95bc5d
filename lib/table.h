/*
 * table.h — a CSV file as a header plus streamed rows, with columns found
 * by name; and record input from CSV or JSON.
 *
 * A table maps an entity's schema columns to the file's columns, wherever
 * they stand; columns the schema does not know stay addressable by name
 * and are kept by every rewrite. A row shorter than the header is refused
 * when it lacks a cell of a column the schema knows (it would read as "not
 * set": a deal worth 0 in the first stage); the cells of the user's own
 * columns after the last known one may be missing (a column added to the
 * header by hand), and so may any trailing cell in record input. A row
 * longer than the header is refused unless the extra cells are empty. Includes csvio, jsonio, schema.
 */
#ifndef SALES_TABLE_H
#define SALES_TABLE_H

#include <stdint.h>

#include "csvio.h"
#include "err.h"
#include "schema.h"

struct hmap;

struct table {
    const struct entity_def *ent; /* NULL for a CSV of any shape */
    char *name;                   /* for messages */
    size_t nhead;
    char **head;           /* header names, owned */
    int *col;              /* ent->cols[i] -> file column, or -1; NULL without ent */
    struct csvio_row *row; /* current row (after table_next returned 1) */
    struct csvio_reader *csv;
    /* head[0..nbyname) by name (the first column of each name), for
     * table_find in constant time however wide the file; a name appended
     * to head later is found by a scan of the rest */
    struct hmap *byname;
    size_t nbyname;
    struct sbuf key; /* table_key's text */
    size_t nfile; /* the header's fields in the file (a rewrite may add columns to head) */
    size_t nneed; /* a row needs this many: up to the last column the schema knows */
    int short_ok; /* rows shorter than the header are read (record input) */
};

/* table_open_fd: read the header of a CSV on fd (see csvio_open_fd for
 * own_fd and limit). With ent, key columns must be present. An empty file
 * is an error ("no header row"). Returns NULL with e set. */
struct table *table_open_fd(int fd, int own_fd, const char *name, int64_t limit,
                            const struct entity_def *ent, struct err *e);

/* table_open: the same for a path ("-" is standard input). */
struct table *table_open(const char *path, const struct entity_def *ent, struct err *e);

/* table_key: the key of the current row of t (a table of an entity): its
 * id, or the key columns joined by '/' (quotas: "alice/2026-Q4"). Valid
 * until the next table_key or table_next on t. */
const char *table_key(struct table *t);

/* table_next: 1 with t->row set, 0 at the end, -1 with e set. */
int table_next(struct table *t, struct err *e);

/* table_readahead: from now on the rows are parsed on a second thread
 * (csvio_readahead) while the caller works on them: for a report that
 * reads a big file with table_next from start to end. Call it before the
 * first table_next; table_scan_col then falls back (returns 1). */
void table_readahead(struct table *t);

/* table_scan_col: the rest of the rows reduced to schema column i:
 * fn(ctx, s, n) per row, s not NUL-terminated ("" when the row is short
 * or the file lacks the column), for a reader that needs one column of a
 * big file (csvio_scan_field). Returns 0 at the end, -1 with e set on a
 * read error, or 1 when the file holds something only table_next reads
 * (or refuses): read it again with table_next. t is spent either way. */
int table_scan_col(struct table *t, int i, void (*fn)(void *ctx, const char *s, size_t n),
                   void *ctx, struct err *e);

/* table_get: the current row's value of schema column i ("" when the file
 * lacks the column). Borrowed until table_next. */
const char *table_get(const struct table *t, int i);

/* table_cell: the current row's value of file column j ("" when short). */
const char *table_cell(const struct table *t, size_t j);

/* table_find: the file column with this header name, or -1. */
int table_find(const struct table *t, const char *name);

/* table_require: every comma-separated schema column named in cols must be
 * in the file; otherwise -1 with e = "FILE:1: no 'x' column ...". */
int table_require(const struct table *t, const char *cols, struct err *e);

/* table_line: the line the current row starts on. */
long table_line(const struct table *t);

void table_free(struct table *t);

/* ---- record input: CSV or JSON --------------------------------------- */

/* One input record as name/value pairs; values[i] NULL means "not set"
 * (JSON null), "" is an empty CSV cell. Borrowed until the next call. */
struct record {
    size_t n;
    char **names;
    char **values;
    long line;
};

struct recin;

/* recin_open: records from path ("-" is standard input): a JSON array,
 * NDJSON, or CSV with a header row (delim ',' unless given), told apart by
 * the first byte. Returns NULL with e set. */
struct recin *recin_open(const char *path, char delim, struct err *e);

/* recin_next: 1 with *rec set, 0 at the end, -1 with e set. */
int recin_next(struct recin *r, struct record **rec, struct err *e);

/* recin_where: "NAME:LINE" or "NAME: record N" for messages about the
 * current record, in a buffer owned by r. */
const char *recin_where(struct recin *r);

/* recin_lacks: 1 when the input is CSV whose header row has no column
 * name (so no record can have it: "L9" alone is a header, not an id),
 * else 0. */
int recin_lacks(const struct recin *r, const char *name);

/* recin_value: the value of the named field in rec, or NULL. */
const char *record_get(const struct record *rec, const char *name);

void recin_free(struct recin *r);

#endif
