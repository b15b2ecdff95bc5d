/*
 * import_int.h — what the parts of the import (the files of lib/import/) share. Not a
 * public header: other modules and commands use import.h only.
 *
 * The whole input is read and decoded first (the encoding can only be
 * known from all of it), then parsed a record at a time: each cell is
 * converted (conv.h) and checked (validate_value, cached per column and
 * raw value, since CRM exports repeat stages, owners and currencies), and
 * kept in one allocation per record. One pass over the data file then
 * matches records, computes the changes and applies the record rules;
 * new records go through validate_new. Only when every row passed (or
 * partial) is anything written: one append or rewrite, then the history.
 *
 * One struct imp holds an import while it runs; each part works on it.
 * The functions below are the parts' own, prefixed imp_, grouped by the
 * file that defines them.
 */
#ifndef SALES_IMPORT_INT_H
#define SALES_IMPORT_INT_H

#include "import.h"

#include <stddef.h>
#include <stdint.h>

#include "conv.h"
#include "outfile.h"
#include "csvio.h"
#include "hmap.h"
#include "jsonio.h"
#include "sheet.h"
#include "table.h"
#include "text.h"
#include "validate.h"

#define PROGRESS_EVERY 65536
#define READAHEAD_MIN (1 << 20) /* bytes of input worth a parsing thread */
#define ABSENT ((char *)NULL)
/* Ids of the usual form up to this are kept by number, in arrays (of
 * 64 MB at most, for one stray huge id); larger ones in maps. */
#define ID_DENSE_MAX (1LL << 24)
#define FILEROW_TWICE UINT32_MAX

/* ---- the work --------------------------------------------------------- */

enum { ACT_NONE, ACT_CREATE, ACT_UPDATE, ACT_UNCHANGED, ACT_REJECT };

/* The schema columns a new record is put together with. */
enum { C_ID, C_CREATED, C_UPDATED, C_CLOSED, C_CLOSE, C_STAGE, C_MANAGER, C_N };

/* A column of the data file the import sets. */
struct dst {
    char *name;
    int scol;          /* schema column, or -1 for a column of the user's own */
    int src, src2;     /* source columns (src2: last name, when a name is composed) */
    int level;         /* how it was mapped: 3 explicit, 2 by name, 1 by alias */
    int isnew;         /* the data file lacks it: the import adds it */
    int selfref;       /* a reference to this same entity (a rep's manager) */
    int fcol;          /* its column in the data file during the match pass */
    struct hmap cache; /* raw value -> "0normalised", "1reason" or "2" (waits for a format) */
    long lookups, hits; /* a column whose values hardly repeat stops caching */
    int nocache;
    const struct entity_def *target; /* a reference's entity (looked up once) */
    const char *date_fmt;
    size_t *pending; /* records whose value waits for the column's date format */
    size_t npending;
    char **defval;    /* normalised default for new records, or NULL */
    struct import_xlat **xl;
    size_t nxl;
};

struct change {
    int k;     /* dst index, or -1 - file column (rule-made changes) */
    char *val; /* new value (owned) */
};

struct orec;

struct rec {
    long line;
    int act;
    int done;  /* decided, and counted in the result */
    size_t nv;
    char **v;  /* v[k]: normalised value of dst k, ABSENT when not given (pool) */
    char *reason;
    char **raw; /* the source cells, while a refusal may still come (pool) */
    size_t nraw;
    long row;   /* matched data-file row, -1 */
    const char *id; /* (pool) */
    struct change *ch;
    size_t nch;
};

/* A key of the data file: its first row, and a second row with it. */
struct fkey {
    long row;
    const char *id, *id2; /* (pool) */
};

struct refmap {
    int loaded;
    struct hmap byname; /* folded name, email or domain -> id (owned), or &ambiguous */
};

struct imp {
    struct store *s;
    const struct entity_def *ent;
    const struct import_opts *o;
    struct import_result *res;
    const char *name; /* the input, for messages */
    struct validator v;
    int have_v;
    struct stages stages;
    int have_stages;
    /* the source */
    size_t nhead;
    char **head;
    struct hmap headix; /* head[0..nheadix) by name: the first column of each */
    size_t nheadix;
    struct jsonio_reader *json;
    struct csvio_reader *csv;
    struct sheet *sheet; /* a workbook's sheet: records are its rows */
    long cell_col;       /* the source column of the cell a refusal is about, or -1 */
    int64_t size; /* of the input, for progress */
    /* the mapping */
    struct dst *dst;
    size_t ndst, dstcap;
    struct hmap dstix; /* dst[k].name -> k */
    int *srcmap; /* source column -> dst, or -1; -2 ignored on purpose */
    int k_id, k_created, k_updated, k_currency;
    int *matchk; /* dst indexes of the match columns */
    size_t nmatch;
    int match_by_id;
    /* records: those decided as they are read leave only what is written */
    struct pool pool;  /* kept records, the new ones' lines, file keys */
    char **val;        /* take_record's values by dst (into row) */
    int pend[64];      /* take_record: dsts whose dates wait for a format */
    int npend;
    int defer;         /* keep every record until the whole input is read */
    struct rec *recs;  /* kept records */
    size_t nrecs, reccap;
    size_t nmatched;   /* of them, matched to a file row */
    struct hmap bykey; /* input key -> line of its first record */
    uint32_t *idline;  /* matched by id: id number -> that line (0: none yet) */
    size_t nidline;
    uint32_t *filerow; /* matched by id: id number -> its data file row + 1 (0: none,
                          FILEROW_TWICE: two rows) */
    size_t nfilerow;
    struct hmap filekey; /* data file key -> struct fkey */
    /* comparing in the stream (imp_compare_now): the data file read
     * forward as matched records come, and one record read at an offset */
    struct table *cur, *probe;
    long currow;       /* the row cur is on (-1: before the first) */
    int noprobe;       /* out of id order (the file or the input): no more offsets */
    long nprobe;       /* rows read at their offsets */
    int fcol_set;
    char ts[TS_BUFSZ]; /* now, for updated */
    struct sbuf cmpwhy;
    struct idset ids;  /* ids on file, then those new records bring */
    long nfrows;       /* rows of the data file */
    int have_ids;      /* next_id is this import's next id */
    long long next_id;
    struct orec *out;  /* a new record while it is put together */
    int *dfcol;        /* dst -> data file column, or -1 */
    struct refmap refs[16];
    struct sbuf tmp, tmp2, vout, row, key, why, composed;
    sdate first_day, last_day; /* 0001-01-01 and 9999-12-31 */
    long *off; /* take_record's offsets, reused */
    size_t noff;
    /* data file */
    char **fhead; /* its columns, then those the import adds */
    size_t nfhead;
    struct hmap fheadix, fheadloose; /* fhead[0..nfheadix) by name, by loose name: the first */
    size_t nfheadix;
    /* new records, as the CSV lines to append, in input order */
    struct spool lines;
    const char **wrid;  /* each one's id, or its key (pool) */
    size_t nwr, wrcap;
    const char **line;  /* a line's values by file column (reused) */
    int idcol;          /* the data file's id column, or -1 */
    int c[C_N];         /* schema columns new records need */
    char now[TS_BUFSZ];
};

/* read.c */
int imp_read_all(const char *path, const char *name, char **buf, size_t *len, struct err *e);
int imp_stream_candidate(const char *path, char **head, size_t *hlen);
int imp_decode(struct imp *im, char **buf, size_t *len, struct err *e);
int imp_read_csv(struct imp *im, char *buf, size_t len, const char *path, struct err *e);
int imp_read_json(struct imp *im, const char *buf, size_t len, struct err *e);
int imp_read_sheet(struct imp *im, const char *path, struct err *e);
int imp_check_head(struct imp *im, struct err *e);
int imp_check_cells(struct imp *im, long line, char *const *cells, size_t n, struct err *e);

/* mapping.c */
void imp_loose(const char *s, struct sbuf *b);
extern char imp_ambiguous[];
const char *imp_natural_key(const struct entity_def *ent);
void imp_head_index(struct imp *im);
int imp_fhead_find(struct imp *im, const char *name);
int imp_dst_find(const struct imp *im, const char *name);
int imp_map_column(struct imp *im, size_t j, struct err *e);
int imp_finish_mapping(struct imp *im, struct err *e);
const char *imp_ref_resolve(struct imp *im, const struct column_def *c, const char *val,
                            struct sbuf *reason, struct err *e, int *fatal);

/* convert.c */
const char *imp_unguard(const char *s);
const char *imp_value_of(struct imp *im, struct dst *d, const char *raw, char *cur,
                         const char **reason, int *pending, struct err *e, int *fatal);

/* records.c */
struct rec *imp_rec_keep(struct imp *im, long line, char *const *v);
void imp_reject(struct rec *r, const char *reason);
void imp_keep_raw(struct imp *im, struct rec *r, char *const *cells, size_t n);
struct import_item *imp_add_item(struct imp *im, long line, int act, const char *id,
                                 const char *detail);
void imp_refuse(struct imp *im, long line, const char *reason, char *const *cells, size_t n);
int imp_take_record(struct imp *im, char *const *cells, size_t n, struct err *e);
int imp_resolve_dates(struct imp *im, struct err *e);
int imp_check_selfrefs(struct imp *im, struct err *e);
int imp_preload(struct imp *im, struct err *e);

/* match.c */
int imp_rec_key(struct imp *im, const struct rec *r, struct sbuf *b);
int imp_after_today(const struct imp *im, const char *date);
uint32_t *imp_id_slot(uint32_t **a, size_t *n, long long k);
int imp_index_file(struct imp *im, struct err *e);
int imp_compare_pass(struct imp *im, struct err *e);
int imp_compare_now(struct imp *im, struct rec *r, long row, const char *id, char *const *cells,
                    size_t n, struct err *e);

/* create.c */
void imp_orec_release(struct orec *o);
int imp_ready(struct imp *im, struct err *e);
int imp_place(struct imp *im, struct rec *r, long ri, char *const *cells, size_t n, struct err *e);
int imp_admit(struct imp *im, long line, char *const *cells, size_t n, struct err *e);
int imp_write_all(struct imp *im, struct err *e);

/* run.c */
void imp_note(struct import_result *r, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));
void imp_progress(struct imp *im, const char *phase, int64_t done, int64_t total);

#endif
