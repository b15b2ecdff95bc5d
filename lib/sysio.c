/* sysio.c — file-changing system calls with fault injection (see sysio.h). */
#include "sysio.h"

#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

enum { ACT_NONE, ACT_EIO, ACT_ENOSPC, ACT_KILL };

static struct {
    pthread_once_t once;
    long at;    /* the point that fails, 0: none */
    int action; /* what happens there */
    int logfd;  /* SALES_FAULT_LOG, or -1 */
    long seen;  /* points passed so far */
} fault = {PTHREAD_ONCE_INIT, 0, ACT_NONE, -1, 0};

static void
fault_init(void)
{
    const char *spec = getenv("SALES_FAULT"), *log = getenv("SALES_FAULT_LOG");
    char *end;

    if (spec && *spec) {
        long n = strtol(spec, &end, 10);
        if (n > 0 && *end == ':') {
            fault.at = n;
            fault.action = strcmp(end + 1, "eio") == 0      ? ACT_EIO
                           : strcmp(end + 1, "enospc") == 0 ? ACT_ENOSPC
                           : strcmp(end + 1, "kill") == 0   ? ACT_KILL
                                                            : ACT_NONE;
        }
    }
    if (log && *log)
        fault.logfd = open(log, O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0600);
}

/* Count a point: ACT_NONE to go on, else what to do here. */
static int
point(const char *op)
{
    long n;

    pthread_once(&fault.once, fault_init);
    if (!fault.at && fault.logfd < 0)
        return ACT_NONE;
    n = __atomic_add_fetch(&fault.seen, 1, __ATOMIC_SEQ_CST);
    if (fault.logfd >= 0) {
        char line[64];
        int k = snprintf(line, sizeof line, "%ld %s\n", n, op);
        if (write(fault.logfd, line, (size_t)k) != k) {
            /* a log that cannot be written only makes the count short */
        }
    }
    return n == fault.at ? fault.action : ACT_NONE;
}

/* At a point that fails or dies: the errno to return, after killing the
 * process for ACT_KILL. */
static int
strike(int act)
{
    if (act == ACT_KILL) {
        kill(getpid(), SIGKILL);
        for (;;)
            pause();
    }
    errno = act == ACT_ENOSPC ? ENOSPC : EIO;
    return -1;
}

ssize_t
sys_write(int fd, const void *p, size_t n)
{
    int act = point("write");
    if (act != ACT_NONE) {
        if (n > 1 && write(fd, p, n / 2) < 0) {
            /* the half is only there to tear the line */
        }
        return strike(act);
    }
    return write(fd, p, n);
}

ssize_t
sys_pwrite(int fd, const void *p, size_t n, off_t off)
{
    int act = point("pwrite");
    if (act != ACT_NONE) {
        if (n > 1 && pwrite(fd, p, n / 2, off) < 0) {
        }
        return strike(act);
    }
    return pwrite(fd, p, n, off);
}

ssize_t
sys_copy_file_range(int in, loff_t *inoff, int out, loff_t *outoff, size_t n)
{
    int act = point("copy");
    if (act != ACT_NONE) {
        if (n > 1 && copy_file_range(in, inoff, out, outoff, n / 2, 0) < 0) {
        }
        return strike(act);
    }
    return copy_file_range(in, inoff, out, outoff, n, 0);
}

int
sys_fsync(int fd)
{
    int act = point("fsync");
    return act != ACT_NONE ? strike(act) : fsync(fd);
}

int
sys_fdatasync(int fd)
{
    int act = point("fdatasync");
    return act != ACT_NONE ? strike(act) : fdatasync(fd);
}

int
sys_rename(const char *from, const char *to)
{
    int act = point("rename");
    return act != ACT_NONE ? strike(act) : rename(from, to);
}

int
sys_link(const char *from, const char *to)
{
    int act = point("link");
    return act != ACT_NONE ? strike(act) : link(from, to);
}

int
sys_unlink(const char *path)
{
    int act = point("unlink");
    return act != ACT_NONE ? strike(act) : unlink(path);
}

int
sys_ftruncate(int fd, off_t len)
{
    int act = point("truncate");
    return act != ACT_NONE ? strike(act) : ftruncate(fd, len);
}

int
sys_truncate(const char *path, off_t len)
{
    int act = point("truncate");
    return act != ACT_NONE ? strike(act) : truncate(path, len);
}

int
sys_create(const char *path, int flags, mode_t mode)
{
    int act = point("create");
    return act != ACT_NONE ? strike(act) : open(path, flags | O_CREAT, mode);
}

int
sys_mkstemp(char *tmpl, int flags)
{
    int act = point("create");
    return act != ACT_NONE ? strike(act) : mkostemp(tmpl, flags);
}

int
write_full(int fd, const char *p, size_t n)
{
    while (n) {
        ssize_t k = sys_write(fd, p, n);
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
