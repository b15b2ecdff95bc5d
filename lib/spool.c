/*
 * spool.c — lines kept in an unnamed scratch file rather than in memory.
 *
 * On a virtual machine a page of fresh memory can cost more than the
 * work done in it: the host faults it in. Page-cache pages written by
 * write(2) and moved by copy_file_range(2) do not pay that, which is why
 * a bulk import's lines and a commit's history rows go through here.
 */
#include "spool.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define SPOOL_CHUNK (1u << 20)
#define SPOOL_SYNC (8 << 20)

void
spool_init(struct spool *sp, const char *dir)
{
    memset(sp, 0, sizeof *sp);
    sp->dir = dir;
    sp->fd = -1;
}

/* The scratch file: unnamed from the start where the file system allows
 * (O_TMPFILE), else named for an instant. -1 when neither can be made. */
static int
scratch(const char *dir)
{
    struct sbuf name = {0};
    int fd;
#ifdef O_TMPFILE
    fd = open(dir, O_TMPFILE | O_RDWR | O_CLOEXEC, 0600);
    if (fd >= 0)
        return fd;
#endif
    sbuf_addf(&name, "%s/.spool.XXXXXX", dir);
    fd = mkostemp(name.p, O_CLOEXEC);
    if (fd >= 0)
        unlink(name.p);
    sbuf_release(&name);
    return fd;
}

void
spool_adopt(struct spool *sp, int fd, int64_t base)
{
    sp->fd = fd;
    sp->base = sp->written = sp->synced = base;
    sp->staged = 1;
}

/* The buffer to the file. -1 (errno set) when it cannot all go: the file
 * is cut back to its whole lines (and its offset with it, so that a later
 * flush leaves no hole) and memory takes the rest from then on. */
static int
to_file(struct spool *sp)
{
    if (write_full(sp->fd, sp->b.p, sp->b.len) != 0) {
        int saved = errno;
        if (sys_ftruncate(sp->fd, sp->written) != 0 || lseek(sp->fd, sp->written, SEEK_SET) < 0)
            sp->err = errno;
        sp->memory = 1;
        errno = saved;
        return -1;
    }
    sp->written += (int64_t)sp->b.len;
    sbuf_reset(&sp->b);
    if (sp->staged && sp->written - sp->synced >= SPOOL_SYNC) {
        /* start the writing out; the final fsync waits for what is left */
        sync_file_range(sp->fd, sp->synced, sp->written - sp->synced, SYNC_FILE_RANGE_WRITE);
        sp->synced = sp->written;
    }
    return 0;
}

void
spool_line(struct spool *sp)
{
    if (sp->b.len < SPOOL_CHUNK || sp->memory || sp->err)
        return;
    if (sp->fd < 0 && (!sp->dir || (sp->fd = scratch(sp->dir)) < 0)) {
        sp->memory = 1; /* no file to be had: memory it is */
        return;
    }
    /* a full disk, a file size limit: memory from here on; the write
     * that matters reports it if it is still true then */
    to_file(sp);
}

int
spool_flush(struct spool *sp)
{
    if (sp->err) {
        errno = sp->err;
        return -1;
    }
    return sp->fd < 0 || !sp->b.len ? 0 : to_file(sp);
}

int64_t
spool_size(const struct spool *sp)
{
    return sp->written - sp->base + (int64_t)sp->b.len;
}

/* The file's bytes [from, to) to fd by copy_file_range, where the kernel
 * can; *done says how far it got. 0, or -1 when the rest must be copied by
 * hand (errno set for a real failure, 0 when only the call is missing). */
static int
copy_in_kernel(int in, int out, int64_t from, int64_t to, int64_t *done)
{
    int fl = fcntl(out, F_GETFL), rc = 0;
    loff_t off = from;

    *done = from;
    if (fl < 0)
        return -1;
    /* copy_file_range refuses an O_APPEND descriptor: at the end it goes */
    if ((fl & O_APPEND) && (fcntl(out, F_SETFL, fl & ~O_APPEND) != 0 || lseek(out, 0, SEEK_END) < 0))
        return -1;
    while (off < to) {
        ssize_t k = sys_copy_file_range(in, &off, out, NULL, (size_t)(to - off));
        if (k < 0 && errno == EINTR)
            continue;
        if (k <= 0) {
            if (k == 0 || errno == EXDEV || errno == EINVAL || errno == ENOSYS ||
                errno == EOPNOTSUPP || errno == EBADF)
                errno = 0;
            rc = -1;
            break;
        }
    }
    *done = off;
    if ((fl & O_APPEND) && fcntl(out, F_SETFL, fl) != 0 && rc == 0)
        rc = -1;
    return rc;
}

int
fd_copy(int in, int64_t from, int64_t to, int out)
{
    int64_t done;
    char *buf;

    if (from >= to || copy_in_kernel(in, out, from, to, &done) == 0)
        return 0;
    if (errno)
        return -1;
    buf = xmalloc(SPOOL_CHUNK);
    while (done < to) { /* by hand, a megabyte at a time */
        size_t want = to - done < SPOOL_CHUNK ? (size_t)(to - done) : SPOOL_CHUNK;
        ssize_t k = pread(in, buf, want, done);
        if (k < 0 && errno == EINTR)
            continue;
        if (k <= 0 || write_full(out, buf, (size_t)k) != 0) {
            if (k == 0)
                errno = EIO;
            free(buf);
            return -1;
        }
        done += k;
    }
    free(buf);
    return 0;
}

int
spool_copy(struct spool *sp, int fd, const char *path, struct err *e)
{
    if (sp->err) {
        errno = sp->err;
        return err_sys(e, path, "cannot spool the lines to write");
    }
    if (fd_copy(sp->fd, sp->base, sp->written, fd) != 0 ||
        write_full(fd, sp->b.p ? sp->b.p : "", sp->b.len) != 0)
        return err_sys(e, path, "write error");
    return 0;
}

char *
spool_text(struct spool *sp, const char *path, struct err *e)
{
    char *t;
    int64_t got = 0, n = sp->written - sp->base;

    if (sp->err) {
        errno = sp->err;
        err_sys(e, path, "cannot spool the lines to write");
        return NULL;
    }
    t = xmalloc((size_t)spool_size(sp) + 1);
    while (got < n) {
        ssize_t k = pread(sp->fd, t + got, (size_t)(n - got), sp->base + got);
        if (k < 0 && errno == EINTR)
            continue;
        if (k <= 0) {
            if (k == 0)
                errno = EIO;
            err_sys(e, path, "cannot read back the spooled lines");
            free(t);
            return NULL;
        }
        got += k;
    }
    memcpy(t + got, sp->b.p ? sp->b.p : "", sp->b.len);
    t[got + (int64_t)sp->b.len] = '\0';
    return t;
}

void
spool_release(struct spool *sp)
{
    if (sp->fd >= 0 && !sp->staged)
        close(sp->fd);
    sbuf_release(&sp->b);
    spool_init(sp, NULL);
}
