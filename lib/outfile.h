/*
 * outfile.h — a file the user names for output (sales-export -o and
 * --xlsx, followup --ics, sales-import --rejects), written whole or not at
 * all: into a temporary file beside it, renamed over it when complete. A
 * command that fails half-way leaves the old file (or none), never a
 * truncated one. "-" is standard output, written as it comes.
 * Uses err and text.
 */
#ifndef SALES_OUTFILE_H
#define SALES_OUTFILE_H

#include <stdio.h>

#include "err.h"

struct outfile {
    FILE *fp;         /* where to write; stdout for "-" */
    char *path;       /* the name given */
    char *tmp;        /* the temporary file beside it; NULL for "-" and for a
                         device or FIFO, which is written as it is */
    const char *name; /* outfile_open_path: the name to write; NULL for "-" */
};

/* outfile_open: the temporary file is created (mode: the old file's, else
 * 0666 less the umask) and open in o->fp. -1 with e set if it cannot be. */
int outfile_open(struct outfile *o, const char *path, struct err *e);

/* outfile_open_path: the same, for a library that writes the file itself
 * by name (libxlsxwriter): o->fp is NULL, o->name is the name to write
 * (NULL for "-": such a library cannot write to standard output). */
int outfile_open_path(struct outfile *o, const char *path, struct err *e);

/* outfile_commit: flush, fsync and close, then rename over path. On any
 * error the temporary file is removed and -1 returned with e set. */
int outfile_commit(struct outfile *o, struct err *e);

/* outfile_discard: give up: close and remove the temporary file (a no-op
 * for "-", and after outfile_commit). */
void outfile_discard(struct outfile *o);

#endif
