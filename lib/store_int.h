/*
 * store_int.h — private to store: what store.c (opening, locking, reading,
 * ids, side files) and store_write.c (appends, staging, history, commit,
 * rewrites) share. Nothing outside lib/store*.c includes it.
 */
#ifndef SALES_STORE_INT_H
#define SALES_STORE_INT_H

#include <sys/stat.h>
#include <sys/types.h>

#include "store.h"

/* DIR/FILE of an entity (newly allocated). */
char *entity_path(const struct store *s, const struct entity_def *ent);

/* A data file opened without following a link, a regular file only: the
 * fd, or -1 with e set (errno ENOENT kept for a file that is not there). */
int open_data(const char *path, int flags, struct stat *st, struct err *e);

/* The largest id number of ent known to .ids, when its record of the file
 * is fresh: 1, 0 when stale or not there, -1 when it cannot be examined. */
int ids_lookup(struct store *s, const struct entity_def *ent, long long *last, struct err *e);

/* After a write to ent's file: note the largest id number known in .ids
 * (and, when trusted, the file's new identity). */
int note_ids(struct store *s, const struct entity_def *ent, long long max_id, int trusted,
             struct err *e);

/* Before a write: does this command know the largest id of ent's file
 * (so that note_ids may take the file's new identity afterwards)? */
int ids_trusted(struct store *s, const struct entity_def *ent);

/* A new temporary file DIR/.NAME.XXXXXX beside path with mode: its name
 * (newly allocated) and *fd, or NULL with e set. */
char *make_temp(const char *path, mode_t mode, int *fd, struct err *e);

/* DIR/name's new content in a temporary file beside it, synced unless
 * sync is 0: its name (newly allocated), or NULL with e set. */
char *write_temp(struct store *s, const char *name, const char *data, size_t n, int sync,
                 struct err *e);

/* Before the first change in place (an append, a patch) to the file at
 * path, as st says it is: its modification time noted, for a rollback. */
void note_mtime(struct store *s, const char *path, const struct stat *st);

/* The noted times forgotten (committed: they stay as they are now). */
void forget_mtimes(struct store *s);

/* The staged file (store_stage) removed: never committed. */
void drop_staged(struct store *s);

#endif
