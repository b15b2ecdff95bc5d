/*
 * spool.h — text that must outlive a long run without being a copy of
 * itself in memory: the lines a bulk import will append, the history rows
 * a commit will write. Lines are added to a buffer that goes out, a
 * megabyte at a time, to an unnamed scratch file (in the data directory,
 * so that copying it into a data file stays inside the kernel). Nothing
 * of it is ever seen by another process, and it vanishes with the process.
 * Where no scratch file can be made, the spool is all memory: slower to
 * start on a VM that faults memory in, never wrong.
 * Uses err and text.
 */
#ifndef SALES_SPOOL_H
#define SALES_SPOOL_H

#include <stdint.h>

#include "err.h"
#include "sysio.h"
#include "text.h"

struct spool {
    struct sbuf b;    /* what has not gone to the file yet */
    const char *dir;  /* where the scratch file goes (NULL: memory only) */
    int fd;           /* the scratch file, or -1 (none yet, or memory only) */
    int64_t base;     /* bytes of the file before the spool's own lines */
    int64_t written;  /* bytes in the file, base included */
    int64_t synced;   /* of them, sent to the disk (a staged file) */
    int staged;       /* the file is to be kept: see spool_adopt */
    int memory;       /* nothing more goes to the file */
    int err;          /* errno of a scratch file that could not be cut back
                         after a failed write: the spool is lost */
};

/* spool_init: an empty spool whose scratch file, once the text passes a
 * megabyte, is made in dir (kept by pointer; NULL: memory only). */
void spool_init(struct spool *sp, const char *dir);

/* spool_adopt: the lines go to fd (open for writing, at its end, base
 * bytes long: a new version of a data file, its rows copied in), which
 * the caller keeps. Its pages are sent to the disk as it grows, so that
 * the fsync at the end has little left to wait for. */
void spool_adopt(struct spool *sp, int fd, int64_t base);

/* spool_flush: what the buffer holds to the file (a staged spool, before
 * the caller syncs it). 0, or -1 with errno set. */
int spool_flush(struct spool *sp);

/* spool_line: after each whole line added to sp->b: the buffer goes to
 * the file once it is a megabyte or more (so the file holds whole lines). */
void spool_line(struct spool *sp);

/* spool_size: bytes of lines spooled in all (base not counted). */
int64_t spool_size(const struct spool *sp);

/* spool_copy: its lines to fd, at fd's offset (an O_APPEND fd: at its
 * end). The spool is unchanged. -1 with e set (naming path) on failure. */
int spool_copy(struct spool *sp, int fd, const char *path, struct err *e);

/* spool_text: all of it as one NUL-terminated string (malloc'd, the
 * caller frees), for a reader that must walk it. NULL with e set (naming
 * path, the file it was meant for). */
char *spool_text(struct spool *sp, const char *path, struct err *e);

/* fd_copy: bytes [from, to) of the file in to out, at out's offset (an
 * O_APPEND out: at its end); in the kernel where it can, by hand where
 * not. 0, or -1 with errno set. */
int fd_copy(int in, int64_t from, int64_t to, int out);

/* spool_release: close its scratch file (not an adopted one) and forget
 * it; sp may be spool_init'ed again. */
void spool_release(struct spool *sp);

#endif
