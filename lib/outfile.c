/* outfile.c — see outfile.h. */
#include "outfile.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "text.h"

static int
create_tmp(struct outfile *o, const char *path, struct err *e)
{
    struct sbuf b = {0};
    const char *slash = strrchr(path, '/');
    struct stat st;
    mode_t mode, mask;
    int fd;

    memset(o, 0, sizeof *o);
    o->path = xstrdup(path);
    if (strcmp(path, "-") == 0) {
        o->fp = stdout;
        return 0;
    }
    if (stat(path, &st) == 0 && !S_ISREG(st.st_mode)) {
        /* /dev/null, /dev/stdout, a FIFO: written as it is, never
         * replaced by a regular file */
        if (!(o->fp = fopen(path, "w"))) {
            err_sys(e, path, "cannot write");
            free(o->path);
            o->path = NULL;
            return -1;
        }
        return 0;
    }
    /* beside it, so that the rename stays within one file system:
     * DIR/.NAME.XXXXXX */
    if (slash)
        sbuf_add(&b, path, (size_t)(slash - path + 1));
    sbuf_addf(&b, ".%s.XXXXXX", slash ? slash + 1 : path);
    if ((fd = mkstemp(b.p)) < 0) {
        err_sys(e, path, "cannot write");
        sbuf_release(&b);
        free(o->path);
        o->path = NULL;
        return -1;
    }
    mask = umask(0);
    umask(mask);
    mode = stat(path, &st) == 0 ? st.st_mode & 07777 : 0666 & ~mask;
    if (fchmod(fd, mode) != 0) {
        /* the file stays 0600: safe, if less than asked */
    }
    o->tmp = b.p;
    if (!(o->fp = fdopen(fd, "w"))) {
        err_sys(e, path, "cannot write");
        close(fd);
        outfile_discard(o);
        return -1;
    }
    return 0;
}

int
outfile_open(struct outfile *o, const char *path, struct err *e)
{
    return create_tmp(o, path, e);
}

int
outfile_open_path(struct outfile *o, const char *path, struct err *e)
{
    if (create_tmp(o, path, e))
        return -1;
    if (o->fp != stdout) {
        fclose(o->fp);
        o->fp = NULL;
        o->name = o->tmp ? o->tmp : o->path;
    }
    return 0;
}

int
outfile_commit(struct outfile *o, struct err *e)
{
    int rc = 0;
    if (!o->tmp) { /* standard output, or a device or FIFO written as it is */
        if (o->fp && (fflush(o->fp) != 0 || ferror(o->fp)))
            rc = err_sys(e, o->path, "write error");
        if (o->fp && o->fp != stdout && fclose(o->fp) != 0 && rc == 0)
            rc = err_sys(e, o->path, "write error");
        free(o->path);
        memset(o, 0, sizeof *o);
        return rc;
    }
    if (o->fp) {
        if (fflush(o->fp) != 0 || ferror(o->fp) || fsync(fileno(o->fp)) != 0)
            rc = err_sys(e, o->path, "write error");
        if (fclose(o->fp) != 0 && rc == 0)
            rc = err_sys(e, o->path, "write error");
        o->fp = NULL;
    }
    if (rc == 0 && rename(o->tmp, o->path) != 0)
        rc = err_sys(e, o->path, "cannot replace");
    if (rc != 0) {
        outfile_discard(o);
        return -1;
    }
    free(o->tmp);
    free(o->path);
    memset(o, 0, sizeof *o);
    return 0;
}

void
outfile_discard(struct outfile *o)
{
    if (o->fp && o->fp != stdout)
        fclose(o->fp);
    if (o->tmp)
        unlink(o->tmp);
    free(o->tmp);
    free(o->path);
    memset(o, 0, sizeof *o);
}
