/*
 * csvio.h — streaming CSV records with line numbers, and the CSV writer.
 * The only module that calls libcsv.
 *
 * Reading: RFC 4180 in libcsv's strict mode, a UTF-8 BOM stripped, spaces
 * kept as typed, CR/LF/CRLF accepted, blank lines skipped, a missing last
 * newline accepted, fields capped in size, NUL bytes and invalid UTF-8
 * refused. Every record carries the physical line it starts on, so errors
 * can say FILE:LINE. Writing: minimal quoting (only fields that need it),
 * LF line ends. Includes err.h and text.h.
 *
 * A line with no quoted line break is split by csvio itself, as libcsv
 * would split it (several times faster); libcsv reads the rest. For tests,
 * SALES_CSVIO_LIBCSV=1 in the environment sends every line through libcsv.
 */
#ifndef SALES_CSVIO_H
#define SALES_CSVIO_H

#include <stdint.h>
#include <stdio.h>

#include "err.h"
#include "text.h"

/* Largest field accepted; a longer one is an error, not an allocation spree. */
#define CSVIO_FIELD_MAX (16u << 20)

struct csvio_reader;

/* One record. Fields are NUL-terminated (embedded NULs are refused) and
 * valid until the next csvio_next or csvio_free. Borrowed. */
struct csvio_row {
    size_t n;    /* number of fields */
    char **f;    /* f[0..n) */
    size_t *len; /* byte length of each field */
    long line;   /* physical line the record starts on, 1-based */
};

/* csvio_open: open path ("-" is standard input) for reading. name is used
 * in messages (NULL: the path, or "<stdin>"). Returns a reader the caller
 * frees with csvio_free, or NULL with e set. */
struct csvio_reader *csvio_open(const char *path, struct err *e);

/* csvio_open_fd: read fd (not closed by csvio_free unless own_fd). pre and
 * prelen are bytes already read from it, consumed first (copied). limit > 0
 * stops reading after that many bytes of the fd (a snapshot of a file that
 * others append to). */
struct csvio_reader *csvio_open_fd(int fd, int own_fd, const char *name, const char *pre,
                                   size_t prelen, int64_t limit);

/* csvio_open_mem: read from a memory buffer (copied). */
struct csvio_reader *csvio_open_mem(const char *buf, size_t len, const char *name);

/* csvio_set_delim: the field separator (',' by default; ';' and '\t' for imports). */
void csvio_set_delim(struct csvio_reader *r, char delim);

/* csvio_next: the next record. Returns 1 and sets *row, 0 at end of
 * input, -1 on error with e set to "NAME:LINE: what is wrong". After an
 * error or the end, further calls return the same. */
int csvio_next(struct csvio_reader *r, struct csvio_row **row, struct err *e);

/* csvio_readahead: from now on records are parsed on other threads, ahead
 * of csvio_next, which hands them out as before (a row stays valid until
 * the next call): a big file in chunks on two threads (csvio_parallel),
 * else on one thread a few thousand records ahead. For a big input read to
 * its end: the reader is then used only through csvio_next, csvio_bytes,
 * csvio_lines and csvio_free (which stops the threads). A reader with a
 * limit reads no byte past it. Returns 0, or -1 when no thread could be
 * started (then nothing changes). */
int csvio_readahead(struct csvio_reader *r);

/* csvio_parallel: is r, after csvio_readahead, parsed in chunks on two
 * threads? That is done for an input of 2 MiB or more read from a regular
 * file (or memory) between records, the same records, lines and errors as
 * one parser gives (see csvio.c); otherwise one thread parses ahead. For
 * tests, SALES_CSVIO_CHUNK=N in the environment makes the chunks N bytes
 * (inputs of 2N bytes or more). */
int csvio_parallel(const struct csvio_reader *r);

/* csvio_bad_text: did the reader fail on bytes that are not UTF-8 text
 * (invalid UTF-8, a NUL byte)? For a caller that can read the input
 * again in another encoding. */
int csvio_bad_text(const struct csvio_reader *r);

/* csvio_scan_field: the rest of the records, reduced to field j of each:
 * fn(ctx, s, n) per record (s not NUL-terminated; "" when the record is
 * shorter), for a reader that needs one column of a big file (the ids a
 * reference may name). Several times faster than csvio_next: no libcsv,
 * no copies. Only between records. Returns 0 at the end, -1 on a read
 * error (e set), or 1 when the input holds something it leaves to libcsv
 * (a lone CR, a NUL byte, invalid UTF-8, a stray quote, a record longer
 * than the read buffer or with more or fewer than nfields fields): the caller
 * must then read the input again with csvio_next, which says what is
 * wrong or reads it as it always does. Either way the reader is spent. */
int csvio_scan_field(struct csvio_reader *r, size_t j, size_t nfields,
                     void (*fn)(void *ctx, const char *s, size_t n), void *ctx, struct err *e);

/* csvio_name: the name used in messages. Borrowed. */
const char *csvio_name(const struct csvio_reader *r);

/* csvio_seek: continue reading the file at byte offset (a record
 * boundary) as line `line` + 1, reading at most limit bytes from there
 * (-1: to the end). Only between records (or after the end); for readers
 * that resume where an earlier run stopped, or read one record at a known
 * offset. Returns 0, or -1 with e set. */
int csvio_seek(struct csvio_reader *r, int64_t offset, long line, int64_t limit, struct err *e);

/* csvio_lines: physical lines consumed so far. */
long csvio_lines(const struct csvio_reader *r);

/* csvio_bytes: bytes consumed so far (for progress). */
int64_t csvio_bytes(const struct csvio_reader *r);

void csvio_free(struct csvio_reader *r);

/* ---- writing ---------------------------------------------------------- */

/* csvio_needs_quotes: 1 when the field must be quoted: it holds the
 * delimiter, a quote, CR or LF, or has leading/trailing space or tab. */
int csvio_needs_quotes(const char *s, size_t n, char delim);

/* csvio_add_field: append one field, quoted only when needed. */
void csvio_add_field(struct sbuf *b, const char *s, size_t n, char delim);

/* csvio_add_row: append a record (fields joined by delim, then "\n"
 * or "\r\n" when crlf). NULL fields are empty. */
void csvio_add_row(struct sbuf *b, const char *const *f, size_t n, char delim, int crlf);

/* csvio_write_row: write one record to fp. Returns 0, or -1 when the
 * stream is in error (check errno). */
int csvio_write_row(FILE *fp, const char *const *f, size_t n);

#endif
