/*
 * store.h — the data directory: where it is, its lock, consistent reads,
 * appends that do not rewrite, atomic rewrites that keep unknown columns
 * and the file mode, id allocation, the audit log and config.json.
 *
 * Rules:
 * - every write holds an exclusive flock on the directory itself (bounded
 *   wait): nothing in it can be swapped or deleted under a holder;
 * - a reader takes a shared lock just long enough to open the file and
 *   note its size, then reads up to that size, so it never sees a record
 *   an appender is half-way through;
 * - a command's changes (appends, rewrites, its history rows) are one
 *   transaction (journal.h): all of them are there after store_commit,
 *   none after a failure, and one that was killed is undone by the next
 *   command that locks the directory, before that command reads;
 * - appends write in place, fsync, and are cut back on failure: their
 *   cost does not grow with the file;
 * - rewrites write DIR/.NAME.XXXXXX, fsync, rename over the file;
 * - data files are regular files of the directory: a symbolic link is
 *   refused, and no side file is ever opened through one;
 * - every change adds rows to history.csv (store_history + store_commit).
 *
 * Includes table, schema, value, err, journal, spool.
 */
#ifndef SALES_STORE_H
#define SALES_STORE_H

#include <stdint.h>
#include <sys/types.h>
#include <time.h>

#include "err.h"
#include "journal.h"
#include "schema.h"
#include "spool.h"
#include "table.h"
#include "value.h"

/* A file's identity and modification time before a command changed it
 * in place. */
struct mtime_note {
    char *path;
    dev_t dev;
    ino_t ino;
    off_t size;
    struct timespec mtime;
};

/* Name/value pairs for one record to write. Strings are owned. */
struct fieldset {
    size_t n, cap;
    char **names, **values;
};

void fieldset_set(struct fieldset *fs, const char *name, const char *value);
const char *fieldset_get(const struct fieldset *fs, const char *name);
void fieldset_release(struct fieldset *fs);

/* coach's thresholds (config.json coach_*; coach(1) says what each does). */
struct coach_cfg {
    double coverage;         /* coach_coverage (3): open pipeline wanted per remaining quota */
    double conversion_ratio; /* coach_conversion_ratio (0.75): of the team's stage conversion */
    int conversion_min;      /* coach_conversion_min (5): deals entered before a stage counts */
    double response_ratio;   /* coach_response_ratio (2): times the team's median response */
    double activity_ratio;   /* coach_activity_ratio (0.5): of the team's median activities */
    int activity_days;       /* coach_activity_days (30): the days activities are counted over */
    double score;            /* coach_score (0.5): a deal score that wants a next step */
};

/* store_coach_defaults: coach's thresholds when config.json sets none. */
void store_coach_defaults(struct coach_cfg *c);

struct store {
    char *dir;
    char *user;          /* $SALES_USER or the login name */
    const char *command; /* for history rows (borrowed) */
    struct calendar cal;
    char currency[8];
    int stale_days;
    int churn_days; /* config churn_days (365): a customer with no won deal this long is lost */
    struct coach_cfg coach; /* config coach_*: coach's thresholds */
    char **rate_codes, **rate_values; /* config "rates": currency -> value in base currency */
    int shared;                       /* group-writable directory: files 0660 */
    int lockfd, locked;
    /* a dry run (-n): the command does everything as for real, and
     * store_commit then undoes its changes instead of making them final */
    int dry_run;
    int lock_timeout; /* seconds */
    int64_t now;
    char now_ts[TS_BUFSZ]; /* now, formatted once */
    sdate today;
    struct value_ctx vc;
    struct fieldset *pending; /* history rows not yet written */
    size_t npending;
    struct spool hbulk; /* store_history_bulk rows, rendered as CSV lines */
    size_t nhbulk;
    struct sbuf hprefix;   /* their first four fields, for hentity, rendered */
    char hentity[64];
    /* ids allocated by store_alloc_ids, recorded in .ids after the append */
    const struct entity_def *id_ent;
    long long id_last;
    const struct entity_def *id_known; /* store_alloc_ids knows its file's largest id */
    /* this command's changes so far: undone unless committed */
    struct journal jn;
    /* the files it appended to or patched in place, as they were before
     * (a rollback gives them back their modification time too, so that
     * the id cache still knows them) */
    struct mtime_note *mtimes;
    size_t nmtimes;
    /* store_stage: the new version of a file a bulk writer fills */
    struct {
        char *tmp;
        const struct entity_def *ent;
        int fd;
    } staged;
};

/* store_resolve_dir: -D DIR, else $SALES_DATA, else
 * ${XDG_DATA_HOME:-$HOME/.local/share}/salesutils. Newly allocated. */
char *store_resolve_dir(const char *opt);

/* store_open: open the data directory (it must exist) and read
 * config.json. command names the program in history rows. */
int store_open(struct store *s, const char *dir_opt, const char *command, struct err *e);
void store_close(struct store *s);

/* store_open_lenient: store_open for sales-check: a config.json that
 * cannot be read or holds a bad value puts its message in cfg_err
 * (otherwise empty) and the defaults stand in, so the rest can still be
 * checked. */
int store_open_lenient(struct store *s, const char *dir_opt, const char *command,
                       struct err *cfg_err, struct err *e);

/* store_path: DIR/file, newly allocated. */
char *store_path(const struct store *s, const char *file);

/* store_file_mode: the mode new files get here (0600, or 0660 shared). */
mode_t store_file_mode(const struct store *s);

/* store_lock: take the exclusive lock, waiting at most lock_timeout
 * seconds ($SALES_LOCK_TIMEOUT, default 10); then undo what an
 * interrupted command left (its journal) and clear its temporary files. */
int store_lock(struct store *s, struct err *e);
void store_unlock(struct store *s);

/* store_read: open the entity's file for reading, as a consistent
 * snapshot. Returns a table the caller frees, or NULL with e set. */
struct table *store_read(struct store *s, const struct entity_def *ent, struct err *e);

/* store_has: 1 when the entity's file is in the data directory, else 0:
 * a report reads a missing file as one with no rows. */
int store_has(struct store *s, const struct entity_def *ent);

/* store_read_if: store_read, but a file that is not there is no error:
 * NULL with e->msg empty (a report shows nothing for it). */
struct table *store_read_if(struct store *s, const struct entity_def *ent, struct err *e);

/* Which file a snapshot was of, and how much of it. */
struct file_id {
    dev_t dev;
    ino_t ino;
    int64_t size;
};

/* store_read_id: store_read that also tells the file's identity and the
 * snapshot's size (for caches of an append-only file such as history.csv). */
struct table *store_read_id(struct store *s, const struct entity_def *ent, struct file_id *fid,
                            struct err *e);

/* store_find: 1 when a record with this key exists in the entity's file,
 * 0 when not, -1 on error. */
int store_find(struct store *s, const struct entity_def *ent, const char *key, struct err *e);

/* store_locate: 1 when a record with this id is found in the entity's
 * file by bisecting it on the id's number (a few page reads, whatever
 * the file's size; store_locate.c), 0 when it cannot be told that way (the
 * file out of id order, an id of another form, no such record: read the
 * file), -1 on error. */
int store_locate(struct store *s, const struct entity_def *ent, const char *key, struct err *e);

/* store_locate_at: store_locate that also tells where the record is:
 * its first byte's offset in the file and its length (line end
 * included), for a reader that reads it there (csvio_seek). */
int store_locate_at(struct store *s, const struct entity_def *ent, const char *key, int64_t *off,
                    int64_t *len, struct err *e);

/* store_touch: set column col of the records with ids keys[0..n) to value
 * (a timestamp as ts_format writes it) in place, without rewriting the
 * file (lock held): each old value is overwritten by one pwrite, synced,
 * journaled so that a rollback writes it back. Only when every record is
 * found by store_locate and holds a timestamp of the same width there:
 * otherwise nothing is written and 1 is returned (the caller rewrites).
 * 0 when done, -1 with e set. No history row (col is "updated"). */
int store_touch(struct store *s, const struct entity_def *ent, const char *const *keys, size_t n,
                const char *col, const char *value, struct err *e);

/* store_alloc_ids: reserve n new ids for ent (lock held); returns the
 * first number in *first (ids are first..first+n-1). Never reuses an id,
 * even after rows were deleted by hand. */
int store_alloc_ids(struct store *s, const struct entity_def *ent, size_t n, long long *first,
                    struct err *e);

/* store_append: append records to the entity's file in its own column
 * order (lock held). A named field the file has no column for is an
 * error. Also records "created" history rows for entities with ids. */
int store_append(struct store *s, const struct entity_def *ent, const struct fieldset *recs,
                 size_t n, struct err *e);

/* One row during a rewrite. */
struct edit {
    struct table *t;
    char **set; /* per file column: new value (owned) or NULL */
    int drop;   /* 1: leave the row out */
};

/* edit_get: the row's value of a column by name, as changed so far ("" if
 * absent). Borrowed. */
const char *edit_get(const struct edit *ed, const char *col);

/* edit_set: change a column; records a history row when the value
 * differs. Errors when the file has no such column. */
int edit_set(struct store *s, struct edit *ed, const char *col, const char *value,
             struct err *e);


typedef int (*store_edit_fn)(void *ctx, struct edit *ed, struct err *e);

/* store_rewrite: stream the entity's file through fn (lock held), then add
 * the records in append[0..nappend), and replace the file atomically.
 * fn is called once per row, then once with ed NULL at the end (to check,
 * say, that every id asked for was found). fn returns 0, or -1 to abandon
 * the rewrite (the file stays untouched). */
int store_rewrite(struct store *s, const struct entity_def *ent, store_edit_fn fn, void *ctx,
                  const struct fieldset *append, size_t nappend, struct err *e);

/* Records to append as values aligned to a list of columns, read through
 * a callback, so a bulk writer (sales-import) needs no fieldset per record. */
struct rowset {
    const char *const *cols; /* column names */
    size_t ncols, n;         /* columns, records */
    /* the value of column k of record r (NULL: empty); borrowed */
    const char *(*get)(void *ctx, size_t r, size_t k);
    void *ctx;
    /* Or the records already rendered: CSV lines for a file whose header
     * is exactly cols (NULL: get renders them). get is then asked only
     * for the "id" column. */
    struct spool *lines;
};

/* store_rewrite_cols: store_rewrite that first adds the columns named in
 * add (NULL-terminated; those the file has are skipped) at the end of the
 * header, so fn and append may set them (sales-import --map to a column
 * of the user's own), and takes the records to append as a rowset
 * (NULL: none). */
int store_rewrite_cols(struct store *s, const struct entity_def *ent, const char *const *add,
                       store_edit_fn fn, void *ctx, const struct rowset *append, struct err *e);

/* store_rollback: undo every change this command made (lock held):
 * appends cut back, rewritten files back to their old versions, files it
 * created removed (see journal.h), and a file appended to or patched in
 * place given back its modification time (the id cache .ids then still
 * holds for it: the next command does not read the file to find its
 * largest id). A command that fails after some of its
 * writes succeeded thus leaves the data directory as it was. store_close
 * does it too for a command that ends without store_commit. */
void store_rollback(struct store *s);

/* store_append_rows: store_append for a rowset (lock held): one write,
 * "created" history rows (queued with store_history_bulk), ids noted. */
int store_append_rows(struct store *s, const struct entity_def *ent, const struct rowset *rs,
                      struct err *e);

/* store_stage: for a bulk writer that makes many records of ent: a new
 * version of ent's file beside it, begun as a copy of it (made in the
 * kernel; the header when the file is empty or missing, its last line
 * ended), to which sp then takes the records' lines as they are made
 * (spool_adopt), sending it to the disk as it grows. store_stage_commit
 * puts it in place; a command that ends without that removes it. One
 * staged file at a time, lock held. Only worth it while the file is small
 * beside what comes: 1 (nothing done) when it is bigger than coming bytes.
 * -1 with e set when it cannot be made (the caller's lines can go to a
 * scratch spool instead). */
int store_stage(struct store *s, const struct entity_def *ent, struct spool *sp, int64_t coming,
                struct err *e);

/* store_stage_commit: what store_append_rows does, for the staged file
 * whose lines rs->lines holds: it is synced (while the history rows are
 * rendered) and renamed over ent's file, undoably until store_commit. On
 * failure the history rows may be queued: the caller fails without
 * store_commit. */
int store_stage_commit(struct store *s, const struct entity_def *ent, const struct rowset *rs,
                       struct err *e);

/* store_history: queue an audit row (entity, id, field, old, new). */
void store_history(struct store *s, const char *entity, const char *id, const char *field,
                   const char *old, const char *new_);

/* store_history_bulk: the same, kept compactly (no allocation per row)
 * for commands that change a great many records at once. store_commit
 * writes these after the store_history rows, in the order queued. */
void store_history_bulk(struct store *s, const char *entity, const char *id, const char *field,
                        const char *old, const char *new_);

/* store_commit: append the queued audit rows to history.csv (lock held).
 * In a dry run (s->dry_run): the rows are dropped and every change the
 * command made is rolled back instead, leaving the data directory byte for
 * byte as it was (the id cache .ids is not written either); 0. */
int store_commit(struct store *s, struct err *e);

/* store_replace_file: DIR/name (a side file of the directory's own, such
 * as lead-assign's state) replaced by data[0..n), as part of this
 * command's changes (lock held). */
int store_replace_file(struct store *s, const char *name, const char *data, size_t n,
                       struct err *e);

/* store_cache_write: DIR/name replaced by data[0..n) for a cache that
 * any command may refresh: only when the lock is held or can be had at
 * once, through a fresh temporary name; a cache that cannot be written is
 * simply not written. */
void store_cache_write(struct store *s, const char *name, const char *data, size_t n);

/* store_create: DIR/name made with data[0..n) if it is not there (kept as
 * it is if it is): whole or not at all, even when killed; with the lock
 * held, part of this command's changes (store_commit makes it final). */
int store_create(struct store *s, const char *name, const char *data, size_t n, struct err *e);

/* store_create_file: store_create of DIR/NAME.csv with the entity's
 * header (and stages.csv with the default stages), for sales-init. */
int store_create_file(struct store *s, const struct entity_def *ent, struct err *e);

/* store_rate: the exchange rate of a currency to the base currency, as a
 * decimal string from config.json, or NULL when unknown. */
const char *store_rate(const struct store *s, const char *currency);

#endif
