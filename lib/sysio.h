/*
 * sysio.h — the system calls that change files, each one a point where a
 * test can make the process fail or die.
 *
 * Every write, fsync, rename, link, unlink, truncate, copy and file
 * creation that libsales makes in a data directory goes through here, so
 * that the fault-injection tests (tests/fault/) can sweep over all of them:
 *
 *   SALES_FAULT=N:eio      the Nth such call fails with EIO
 *   SALES_FAULT=N:enospc   the Nth fails with ENOSPC
 *   SALES_FAULT=N:kill     the process is killed (SIGKILL) at the Nth
 *   SALES_FAULT_LOG=FILE   each call appends "N OP" to FILE (to count them)
 *
 * A write that is made to fail or die at its point writes half of its
 * bytes first, as a full disk or a crash would leave it. Without the
 * variables each wrapper is the call itself.
 * Includes nothing of libsales.
 */
#ifndef SALES_SYSIO_H
#define SALES_SYSIO_H

#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

ssize_t sys_write(int fd, const void *p, size_t n);
ssize_t sys_pwrite(int fd, const void *p, size_t n, off_t off);
ssize_t sys_copy_file_range(int in, loff_t *inoff, int out, loff_t *outoff, size_t n);
int sys_fsync(int fd);
int sys_fdatasync(int fd);
int sys_rename(const char *from, const char *to);
int sys_link(const char *from, const char *to);
int sys_unlink(const char *path);
int sys_ftruncate(int fd, off_t len);
int sys_truncate(const char *path, off_t len);

/* sys_create: open(path, flags | O_CREAT, mode), a point of its own. */
int sys_create(const char *path, int flags, mode_t mode);

/* sys_mkstemp: mkostemp(tmpl, flags) (O_CREAT | O_EXCL: it never follows
 * a link), a point of its own. */
int sys_mkstemp(char *tmpl, int flags);

/* write_full: sys_write until all n bytes are written (EINTR retried).
 * 0, or -1 with errno set. */
int write_full(int fd, const char *p, size_t n);

#endif
