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

void
spool_init(struct spool *sp, const char *dir)
{
    memset(sp, 0, sizeof *sp);
    sp->dir = dir;
    sp->fd = -1;
}

int
write_full(int fd, const char *p, size_t n)
{
    while (n) {
        ssize_t k = write(fd, p, n);
        if (k < 0 && errno == EINTR)
            continue;
        if (k < 0)
            return -1;
        if (k == 0) {
            errno = EIO;
            return -1;
        }
        p += k;
        n -= (size_t)k;
    }
    return 0;
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
spool_line(struct spool *sp)
{
    if (sp->b.len < SPOOL_CHUNK || !sp->dir || sp->err)
        return;
    if (sp->fd < 0 && (sp->fd = scratch(sp->dir)) < 0) {
        sp->dir = NULL; /* no file to be had: memory it is */
        return;
    }
    if (write_full(sp->fd, sp->b.p, sp->b.len) != 0) {
        /* a full disk, a file size limit: memory from here on; the
         * write that matters reports it if it is still true then */
        if (ftruncate(sp->fd, sp->written) != 0)
            sp->err = errno;
        sp->dir = NULL;
        return;
    }
    sp->written += (int64_t)sp->b.len;
    sbuf_reset(&sp->b);
}

int64_t
spool_size(const struct spool *sp)
{
    return sp->written + (int64_t)sp->b.len;
}

/* The file's bytes to fd by copy_file_range, where the kernel can;
 * *done says how far it got. 0, or -1 when the rest must be copied by
 * hand (errno set for a real failure, 0 when only the call is missing). */
static int
copy_in_kernel(int in, int out, int64_t n, int64_t *done)
{
    int fl = fcntl(out, F_GETFL), rc = 0;
    loff_t off = 0;

    *done = 0;
    if (fl < 0)
        return -1;
    /* copy_file_range refuses an O_APPEND descriptor: at the end it goes */
    if ((fl & O_APPEND) && (fcntl(out, F_SETFL, fl & ~O_APPEND) != 0 || lseek(out, 0, SEEK_END) < 0))
        return -1;
    while (off < n) {
        ssize_t k = copy_file_range(in, &off, out, NULL, (size_t)(n - off), 0);
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
spool_copy(struct spool *sp, int fd, const char *path, struct err *e)
{
    int64_t done = 0;

    if (sp->err) {
        errno = sp->err;
        return err_sys(e, path, "cannot spool the lines to write");
    }
    if (sp->written > 0 && copy_in_kernel(sp->fd, fd, sp->written, &done) != 0) {
        char *buf;
        if (errno)
            return err_sys(e, path, "write error");
        buf = xmalloc(SPOOL_CHUNK);
        while (done < sp->written) { /* by hand, a megabyte at a time */
            size_t want = sp->written - done < SPOOL_CHUNK ? (size_t)(sp->written - done)
                                                           : SPOOL_CHUNK;
            ssize_t k = pread(sp->fd, buf, want, done);
            if (k < 0 && errno == EINTR)
                continue;
            if (k <= 0 || write_full(fd, buf, (size_t)k) != 0) {
                if (k == 0)
                    errno = EIO;
                free(buf);
                return err_sys(e, path, "write error");
            }
            done += k;
        }
        free(buf);
    }
    if (write_full(fd, sp->b.p ? sp->b.p : "", sp->b.len) != 0)
        return err_sys(e, path, "write error");
    return 0;
}

char *
spool_text(struct spool *sp, const char *path, struct err *e)
{
    char *t;
    int64_t got = 0;

    if (sp->err) {
        errno = sp->err;
        err_sys(e, path, "cannot spool the lines to write");
        return NULL;
    }
    t = xmalloc((size_t)spool_size(sp) + 1);
    while (got < sp->written) {
        ssize_t k = pread(sp->fd, t + got, (size_t)(sp->written - got), got);
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
    if (sp->fd >= 0)
        close(sp->fd);
    sbuf_release(&sp->b);
    spool_init(sp, NULL);
}
