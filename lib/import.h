/*
 * import.h — bringing spreadsheet and CRM exports into a data file, and
 * taking the last import back.
 *
 * An import reads the whole input (CSV with ',' ';' or tab, UTF-8 with or
 * without a BOM, UTF-16 with a BOM, Windows-1252/Latin-1, CRLF; JSON /
 * NDJSON; or a sheet of an .xlsx or .ods workbook, sheet.h), refuses text
 * that went through the wrong character set (UTF-8 read as Windows-1252:
 * "çŽ‹èŠ³" for "王芳"), maps its columns to the entity's (--map, a rules file, names
 * compared without case, spaces or punctuation, common CRM aliases),
 * converts spreadsheet values (amounts, dates, references by name), checks
 * every value and record through validate.h exactly as *-add does, matches
 * records against the data file (create, upsert, update), and writes all
 * of it at once under the lock: one rewrite or append, and one set of
 * history rows (same command and time, opened by an "import FILE" row) —
 * or nothing at all when a row is refused, unless partial.
 *
 * import_undo reverts the last import that was not undone yet, from those
 * history rows. Includes store, validate.
 */
#ifndef SALES_IMPORT_H
#define SALES_IMPORT_H

#include <stdint.h>

#include "store.h"

enum import_mode { IMPORT_CREATE, IMPORT_UPSERT, IMPORT_UPDATE };

/* A pair of strings: SRC=DST for a mapping, COL=VALUE for a default. */
struct import_pair {
    char *a, *b;
};

/* A value translation: in column col, from (compared without case or
 * surrounding space) becomes to. */
struct import_xlat {
    char *col, *from, *to;
};

struct import_opts {
    char delim;          /* ',', ';', '\t', or 0: found from the header line */
    char *encoding;      /* an iconv name, or NULL: UTF-8, else Windows-1252 */
    char *sheet;         /* the sheet of an .xlsx/.ods workbook to read; NULL: the first */
    int decimal_comma;   /* amounts are written 1.234,50 */
    char *date_format;   /* NULL: ISO, or the one common format that reads a whole column */
    enum import_mode mode;
    char *match;         /* comma-separated columns; NULL: id if imported, else the natural key */
    struct import_pair *maps; /* source column -> data column ("" or "-": leave out); last wins */
    size_t nmaps;
    struct import_pair *defaults; /* column -> value for new records whose cell is empty */
    size_t ndefaults;
    struct import_xlat *xlats;
    size_t nxlats;
    int partial;      /* import the good rows when some are refused */
    int dry_run;      /* -n: said in the summary (the store's s->dry_run rolls the write back) */
    int ignore_empty; /* an empty cell leaves the stored value alone (default: clears it) */
    int keep_items;   /* keep one item per record in the result (for a report) */
    const char *rejects; /* write the refused rows there (import_write_rejects)
                            before anything is written to the data directory */
    /* called now and then while working: phase "reading", "checking" or "writing" */
    void (*progress)(void *ctx, const char *phase, int64_t done, int64_t total);
    void *progress_ctx;
};

void import_opts_init(struct import_opts *o);
void import_opts_release(struct import_opts *o);

/* import_opts_add_map / _default / _xlat: append (strings copied). */
void import_opts_add_map(struct import_opts *o, const char *src, const char *dst);
void import_opts_add_default(struct import_opts *o, const char *col, const char *value);
void import_opts_add_xlat(struct import_opts *o, const char *col, const char *from,
                          const char *to);

/* import_parse_delim: "," ";" "|" "tab" (or "\t", "comma", "semicolon").
 * 0 or -1. */
int import_parse_delim(const char *v, char *out);

/* import_mode_parse: "create", "upsert", "update". 0 or -1. */
int import_mode_parse(const char *s, enum import_mode *m);

/* import_rules_load: read a rules file into o (see sales-import(1), RULES
 * FILE): sections [import] (options by their long names), [map]
 * (SOURCE = COLUMN), [defaults] (COLUMN = VALUE) and [values COLUMN]
 * (FROM = TO). Returns 0, or -1 with e = "FILE:LINE: what is wrong". */
int import_rules_load(struct import_opts *o, const char *path, struct err *e);

enum import_action { IMPORT_CREATED, IMPORT_UPDATED, IMPORT_UNCHANGED, IMPORT_REJECTED };

struct import_item {
    char *where; /* "FILE:LINE" (JSON arrays: "FILE: record N") */
    long line;   /* that line (record) number: items are in its order */
    enum import_action action;
    char *id;     /* the record's id or key ("" when refused before it had one) */
    char *detail; /* changes "amount: 100 -> 200; stage: proposal -> won", or the reason */
    char **cells; /* refused rows: the source cells, for the rejects file */
    size_t ncells;
};

struct import_result {
    size_t created, updated, unchanged, rejected;
    struct import_item *items; /* keep_items: every record; else the refused ones */
    size_t nitems;
    char **notes; /* what was decided about the input ("not UTF-8: read as Windows-1252") */
    size_t nnotes;
    char **head; /* the source header, for the rejects file */
    size_t nhead;
    int written; /* the data directory was changed */
    int writing; /* the write was begun: if it failed, no record is in the file */
};

/* import_run: import path ("-": standard input) into ent's file. Takes
 * the lock itself. Returns 0 when done (in a dry run, s->dry_run: done
 * and rolled back by the store; with
 * partial, refused rows are in r but the rest was imported). Returns -1
 * with e set when nothing was written: a bad input, an I/O error, or
 * refused rows without partial (then e says how many and r lists them).
 * Release r with import_result_release either way. */
int import_run(struct store *s, const struct entity_def *ent, const char *path,
               const struct import_opts *o, struct import_result *r, struct err *e);

void import_result_release(struct import_result *r);

/* import_write_rejects: the refused rows as CSV, with two leading columns
 * _where and _reason, then the source columns (an import ignores columns
 * whose names start with '_', so the file can be fixed and imported). */
int import_write_rejects(const struct import_result *r, const char *path, struct err *e);

struct import_undo_info {
    char entity[32];
    char ts[32];  /* when the import ran */
    char *what;   /* its "import FILE" text */
    size_t deleted, restored; /* records removed, records given their old values */
};

/* import_undo: revert the last import not undone yet: delete the records
 * it created, give the ones it updated their old values; recorded in
 * history (an "undo import" row, then the changes) so that the next undo
 * goes one import further back. Refuses (-1) when a record was changed
 * since the import, unless force. In a dry run (s->dry_run) the store
 * rolls it back. Takes the lock itself. */
int import_undo(struct store *s, int force, struct import_undo_info *u, struct err *e);
void import_undo_info_release(struct import_undo_info *u);

#endif
