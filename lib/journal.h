/*
 * journal.h — the data directory's rollback journal: every change a
 * command makes is all there or not there at all, after an error, a full
 * disk or SIGKILL at any instruction.
 *
 * A command's changes are a transaction. Before the first byte of a data
 * file changes, DIR/.journal is created (O_EXCL, never through a link) and
 * synced; before each change, a line saying how to undo it is added and
 * synced:
 *
 *   append NAME SIZE DEV INO   NAME was SIZE bytes (its inode DEV:INO)
 *   append NAME -              NAME did not exist
 *   replace NAME TMP OLD INO   TMP (inode INO) goes over NAME; OLD is a
 *                              second link to NAME's old version
 *   create NAME TMP INO        TMP goes to NAME, which did not exist
 *   patch NAME OFF DEV INO HEX NAME (inode DEV:INO) held the bytes HEX
 *                              (hexadecimal) at offset OFF: they are
 *                              about to be overwritten in place by as
 *                              many others
 *
 * Appends then write in place (their cost does not grow with the file);
 * a rewrite's new version is renamed over the file, its old version kept
 * by the OLD link. The commit point is the unlink of DIR/.journal. Until
 * then, undoing the lines newest first (truncate, rename OLD back, unlink
 * what was created, write the old bytes back) gives back the directory as it was, and every undo is
 * safe to repeat: a command that fails rolls back at once; one that was
 * killed is rolled back by the next command that locks the directory
 * (reader or writer), before it reads anything. A last line without its
 * newline was never acted on and is ignored.
 *
 * Includes err, text, sysio.
 */
#ifndef SALES_JOURNAL_H
#define SALES_JOURNAL_H

#include <stdint.h>
#include <sys/stat.h>
#include <sys/types.h>

#include "err.h"

#define JOURNAL_NAME ".journal"

struct journal {
    const char *dir; /* borrowed */
    mode_t mode;     /* for the journal file */
    int fd;          /* DIR/.journal while a transaction is open, else -1 */
    int renamed;     /* a rename was made: the directory is synced first */
    char **olds;     /* old versions to unlink once committed */
    size_t nolds;
};

/* journal_init: no transaction open yet; the journal will be made in dir
 * with mode. */
void journal_init(struct journal *j, const char *dir, mode_t mode);

/* journal_append: say that the file at path (st: as it is now, NULL
 * when it does not exist yet) is about to be appended to. Opens the
 * transaction on first use. 0, or -1 with e set (the caller must then not
 * touch the file). */
int journal_append(struct journal *j, const char *path, const struct stat *st, struct err *e);

/* journal_replace: put tmp (written and synced, in the same directory)
 * in place of path, undoably: the line, a link to the old version, the
 * rename. 0, or -1 with e set. */
int journal_replace(struct journal *j, const char *path, const char *tmp, struct err *e);

/* journal_patch: say that n bytes of the file at path (st: as it is now)
 * at offset off, which hold old[0..n) (at most 64), are about to be
 * overwritten in place by n others. 0, or -1 with e set. */
int journal_patch(struct journal *j, const char *path, const struct stat *st, int64_t off,
                  const char *old, size_t n, struct err *e);

/* journal_commit: make the transaction's changes final (nothing to do
 * when none was opened). On failure the transaction is still open, to be
 * rolled back. */
int journal_commit(struct journal *j, struct err *e);

/* journal_rollback: undo the open transaction (if any). On failure the
 * journal stays, for the next command to finish the undo. */
int journal_rollback(struct journal *j, struct err *e);

/* journal_pending: 1 when dir holds a journal (an interrupted command's,
 * when no command holds the lock), 0 when not. */
int journal_pending(const char *dir);

/* journal_recover: undo the transaction an interrupted command left in
 * dir (lock held). 0 when there was none or it is undone, -1 with e set. */
int journal_recover(const char *dir, struct err *e);

/* journal_litter: 1 when a file name in a data directory is a temporary
 * file of a command (".NAME.XXXXXX": a rewrite's new version, an old
 * version kept for a rollback, a cache's): with the lock held and no
 * journal pending, nobody needs it. */
int journal_litter(const char *name);

/* journal_tmpname: fill the last six characters of tmpl with random
 * letters and digits (for names mkostemp cannot make, such as a link's). */
void journal_tmpname(char *tmpl);

#endif
