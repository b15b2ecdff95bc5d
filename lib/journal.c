/* journal.c — the rollback journal (see journal.h for the protocol). */
#include "journal.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/random.h>
#include <time.h>
#include <unistd.h>

#include "sysio.h"
#include "text.h"

#define MAGIC "salesutils-journal 1\n"

void
journal_init(struct journal *j, const char *dir, mode_t mode)
{
    memset(j, 0, sizeof *j);
    j->dir = dir;
    j->mode = mode;
    j->fd = -1;
}

static char *
dir_path(const char *dir, const char *name)
{
    struct sbuf b = {0};
    sbuf_addf(&b, "%s/%s", dir, name);
    return b.p;
}

static const char *
base_name(const char *path)
{
    const char *slash = strrchr(path, '/');
    return slash ? slash + 1 : path;
}

/* fsync the directory itself (its entries: creates, renames, unlinks). */
static int
sync_dir(const char *dir, struct err *e)
{
    int fd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC), rc = 0;
    if (fd < 0)
        return err_sys(e, dir, "cannot open");
    if (sys_fsync(fd) != 0)
        rc = err_sys(e, dir, "fsync failed");
    close(fd);
    return rc;
}

void
journal_tmpname(char *tmpl)
{
    static const char set[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
    size_t n = strlen(tmpl);
    unsigned char r[6];
    if (getrandom(r, sizeof r, GRND_NONBLOCK) != (ssize_t)sizeof r) {
        static unsigned long x; /* no entropy yet: time and pid are enough for a name */
        x = x * 6364136223846793005UL + (unsigned long)time(NULL) + (unsigned long)getpid();
        for (int i = 0; i < 6; i++)
            r[i] = (unsigned char)(x >> (8 * i));
    }
    for (int i = 0; i < 6; i++)
        tmpl[n - 6 + i] = set[r[i] % (sizeof set - 1)];
}

/* Add one line (and open the transaction first when none is): written,
 * then synced, before the change it describes is made. */
static int
add_line(struct journal *j, const char *line, struct err *e)
{
    char *path = dir_path(j->dir, JOURNAL_NAME);
    struct sbuf b = {0};
    int rc = -1, fresh = j->fd < 0;

    if (fresh) {
        j->fd = sys_create(path, O_WRONLY | O_EXCL | O_NOFOLLOW | O_CLOEXEC, j->mode);
        if (j->fd < 0) {
            err_sys(e, path, "cannot create the journal");
            goto out;
        }
        (void)fchmod(j->fd, j->mode); /* the umask must not lock a team's group out */
        sbuf_adds(&b, MAGIC);
    }
    sbuf_adds(&b, line);
    if (write_full(j->fd, b.p, b.len) != 0) {
        err_sys(e, path, "write error");
        goto out;
    }
    if (sys_fdatasync(j->fd) != 0) {
        err_sys(e, path, "fsync failed");
        goto out;
    }
    /* a new journal must be on the disk before what it protects is */
    if (fresh && sync_dir(j->dir, e))
        goto out;
    rc = 0;
out:
    sbuf_release(&b);
    free(path);
    return rc;
}

int
journal_append(struct journal *j, const char *path, const struct stat *st, struct err *e)
{
    struct sbuf l = {0};
    int rc;
    if (st)
        sbuf_addf(&l, "append %s %lld %llu %llu\n", base_name(path), (long long)st->st_size,
                  (unsigned long long)st->st_dev, (unsigned long long)st->st_ino);
    else
        sbuf_addf(&l, "append %s -\n", base_name(path));
    rc = add_line(j, l.p, e);
    sbuf_release(&l);
    return rc;
}

int
journal_patch(struct journal *j, const char *path, const struct stat *st, int64_t off,
              const char *old, size_t n, struct err *e)
{
    struct sbuf l = {0};
    int rc;
    if (n == 0 || n > 64 || off < 0)
        return err_set(e, "internal error: a patch of %zu bytes at %lld", n, (long long)off);
    sbuf_addf(&l, "patch %s %lld %llu %llu ", base_name(path), (long long)off,
              (unsigned long long)st->st_dev, (unsigned long long)st->st_ino);
    for (size_t i = 0; i < n; i++)
        sbuf_addf(&l, "%02x", (unsigned char)old[i]);
    sbuf_addc(&l, '\n');
    rc = add_line(j, l.p, e);
    sbuf_release(&l);
    return rc;
}

int
journal_replace(struct journal *j, const char *path, const char *tmp, struct err *e)
{
    struct stat cur, nst;
    struct sbuf l = {0}, old = {0};
    const char *name = base_name(path);
    int rc = -1, had;

    if (lstat(tmp, &nst) != 0)
        return err_sys(e, tmp, "cannot stat");
    had = lstat(path, &cur) == 0;
    if (!had && errno != ENOENT)
        return err_sys(e, path, "cannot stat");
    if (had && !S_ISREG(cur.st_mode))
        return err_at(e, path, 0, "not a regular file (data files cannot be links)");
    if (had) {
        /* the old version stays reachable under a second name until the
         * commit; a name taken by chance is drawn again */
        sbuf_add(&old, path, (size_t)(name - path));
        sbuf_addf(&old, ".%s.XXXXXX", name);
        struct stat taken;
        do /* a free name: with the lock held and litter cleared, the first */
            journal_tmpname(old.p);
        while (lstat(old.p, &taken) == 0);
        sbuf_addf(&l, "replace %s %s %s %llu\n", name, base_name(tmp), base_name(old.p),
                  (unsigned long long)nst.st_ino);
        if (add_line(j, l.p, e))
            goto out;
        if (sys_link(path, old.p) != 0) {
            err_sys(e, path, "cannot keep the old version");
            goto out;
        }
    } else {
        sbuf_addf(&l, "create %s %s %llu\n", name, base_name(tmp), (unsigned long long)nst.st_ino);
        if (add_line(j, l.p, e))
            goto out;
    }
    if (sys_rename(tmp, path) != 0) {
        err_sys(e, path, "cannot replace");
        goto out;
    }
    j->renamed = 1;
    if (had) {
        j->olds = xrealloc(j->olds, (j->nolds + 1) * sizeof *j->olds);
        j->olds[j->nolds++] = old.p;
        old.p = NULL;
    }
    rc = 0;
out:
    sbuf_release(&l);
    sbuf_release(&old);
    return rc;
}

static void
forget(struct journal *j)
{
    if (j->fd >= 0)
        close(j->fd);
    j->fd = -1;
    j->renamed = 0;
    for (size_t i = 0; i < j->nolds; i++)
        free(j->olds[i]);
    free(j->olds);
    j->olds = NULL;
    j->nolds = 0;
}

int
journal_commit(struct journal *j, struct err *e)
{
    char *path;
    int synced;

    if (j->fd < 0)
        return 0;
    /* the renames must be on the disk before the journal is gone */
    if (j->renamed && sync_dir(j->dir, e))
        return -1;
    path = dir_path(j->dir, JOURNAL_NAME);
    if (sys_unlink(path) != 0) {
        err_sys(e, path, "cannot remove the journal");
        free(path);
        return -1;
    }
    free(path);
    /* Committed. Should this sync fail, a power cut could bring the
     * journal back, and its undo needs the old versions: they stay (the
     * next locked command clears them). Either way the command is done. */
    synced = sync_dir(j->dir, NULL) == 0;
    for (size_t i = 0; synced && i < j->nolds; i++)
        (void)sys_unlink(j->olds[i]);
    forget(j);
    return 0;
}

int
journal_rollback(struct journal *j, struct err *e)
{
    int open = j->fd >= 0;
    forget(j);
    return open ? journal_recover(j->dir, e) : 0;
}

int
journal_pending(const char *dir)
{
    char *path = dir_path(dir, JOURNAL_NAME);
    struct stat st;
    int rc = lstat(path, &st) == 0;
    free(path);
    return rc;
}

/* A name the journal may hold: a file of the directory, no path. */
static int
plain_name(const char *s)
{
    if (!*s || strcmp(s, ".") == 0 || strcmp(s, "..") == 0)
        return 0;
    for (; *s; s++)
        if (!(*s >= 'a' && *s <= 'z') && !(*s >= 'A' && *s <= 'Z') && !(*s >= '0' && *s <= '9') &&
            *s != '.' && *s != '_' && *s != '-')
            return 0;
    return 1;
}

/* One line: op, the file's name, and (by op) the new version's name (a),
 * the old version's (b), the size the file had, and an inode. */
struct undo {
    char op[16], name[256], a[256], b[256];
    unsigned long long size, dev, ino;
    int absent;             /* append: the file did not exist */
    unsigned char old[64];  /* patch: the bytes at offset size */
    size_t nold;
};

static int
hexval(int c)
{
    return c >= '0' && c <= '9' ? c - '0' : c >= 'a' && c <= 'f' ? c - 'a' + 10 : -1;
}

/* Parse one complete line (NUL-terminated, no newline). 0, or -1. */
static int
parse_line(char *line, struct undo *u)
{
    char size[32];
    int n;
    memset(u, 0, sizeof *u);
    if (sscanf(line, "%15s %255s%n", u->op, u->name, &n) != 2 || !plain_name(u->name))
        return -1;
    if (strcmp(u->op, "append") == 0) {
        if (strcmp(line + n, " -") == 0) {
            u->absent = 1;
            return 0;
        }
        if (sscanf(line + n, " %31s %llu %llu", size, &u->dev, &u->ino) != 3 ||
            sscanf(size, "%llu", &u->size) != 1)
            return -1;
        return 0;
    }
    if (strcmp(u->op, "replace") == 0)
        return sscanf(line + n, " %255s %255s %llu", u->a, u->b, &u->ino) == 3 && plain_name(u->a) &&
                       plain_name(u->b)
                   ? 0
                   : -1;
    if (strcmp(u->op, "create") == 0)
        return sscanf(line + n, " %255s %llu", u->a, &u->ino) == 2 && plain_name(u->a) ? 0 : -1;
    if (strcmp(u->op, "patch") == 0) {
        char hex[130];
        size_t h;
        if (sscanf(line + n, " %31s %llu %llu %129s", size, &u->dev, &u->ino, hex) != 4 ||
            sscanf(size, "%llu", &u->size) != 1 || (h = strlen(hex)) % 2 || h == 0 || h > 128)
            return -1;
        for (size_t i = 0; i < h; i += 2) {
            int x = hexval(hex[i]), y = hexval(hex[i + 1]);
            if (x < 0 || y < 0)
                return -1;
            u->old[u->nold++] = (unsigned char)(x << 4 | y);
        }
        return 0;
    }
    return -1;
}

/* Undo one line's change; every undo may be done twice. */
static int
undo_one(const char *dir, const struct undo *u, struct err *e)
{
    char *path = dir_path(dir, u->name), *a = *u->a ? dir_path(dir, u->a) : NULL,
         *b = *u->b ? dir_path(dir, u->b) : NULL;
    struct stat st, ost;
    int rc = -1, fd;

    if (strcmp(u->op, "append") == 0 && u->absent) {
        if (sys_unlink(path) != 0 && errno != ENOENT) {
            err_sys(e, path, "cannot remove");
            goto out;
        }
    } else if (strcmp(u->op, "append") == 0) {
        fd = open(path, O_WRONLY | O_NOFOLLOW | O_CLOEXEC);
        if (fd < 0 && errno != ENOENT && errno != ELOOP) {
            err_sys(e, path, "cannot open");
            goto out;
        }
        /* the same file, grown: cut back to what it was (another inode is
         * a file someone put there since: not this command's) */
        if (fd >= 0 && fstat(fd, &st) == 0 && (unsigned long long)st.st_dev == u->dev &&
            (unsigned long long)st.st_ino == u->ino && (unsigned long long)st.st_size > u->size &&
            (sys_ftruncate(fd, (off_t)u->size) != 0 || sys_fsync(fd) != 0)) {
            err_sys(e, path, "cannot cut back");
            close(fd);
            goto out;
        }
        if (fd >= 0)
            close(fd);
    } else if (strcmp(u->op, "patch") == 0) {
        fd = open(path, O_WRONLY | O_NOFOLLOW | O_CLOEXEC);
        if (fd < 0 && errno != ENOENT && errno != ELOOP) {
            err_sys(e, path, "cannot open");
            goto out;
        }
        /* the same file, still that long: its old bytes back (another
         * inode is not this command's file) */
        if (fd >= 0 && fstat(fd, &st) == 0 && (unsigned long long)st.st_dev == u->dev &&
            (unsigned long long)st.st_ino == u->ino &&
            (unsigned long long)st.st_size >= u->size + u->nold &&
            (sys_pwrite(fd, u->old, u->nold, (off_t)u->size) != (ssize_t)u->nold ||
             sys_fsync(fd) != 0)) {
            err_sys(e, path, "cannot write back");
            close(fd);
            goto out;
        }
        if (fd >= 0)
            close(fd);
    } else if (strcmp(u->op, "replace") == 0) {
        if (lstat(b, &ost) == 0) {
            /* put the old version back, unless the file is neither it nor
             * this command's new version (someone's since) */
            int ours = lstat(path, &st) != 0 || (unsigned long long)st.st_ino == u->ino ||
                       st.st_ino == ost.st_ino;
            if (ours && sys_rename(b, path) != 0) {
                err_sys(e, path, "cannot put the old version back");
                goto out;
            }
            /* rename between two links of one file does nothing */
            if (lstat(b, &ost) == 0 && sys_unlink(b) != 0) {
                err_sys(e, b, "cannot remove");
                goto out;
            }
        }
        if (sys_unlink(a) != 0 && errno != ENOENT) {
            err_sys(e, a, "cannot remove");
            goto out;
        }
    } else { /* create */
        if (lstat(a, &st) == 0) {
            if (sys_unlink(a) != 0) {
                err_sys(e, a, "cannot remove");
                goto out;
            }
        } else if (lstat(path, &st) == 0 && (unsigned long long)st.st_ino == u->ino &&
                   sys_unlink(path) != 0) {
            err_sys(e, path, "cannot remove");
            goto out;
        }
    }
    rc = 0;
out:
    free(path);
    free(a);
    free(b);
    return rc;
}

int
journal_recover(const char *dir, struct err *e)
{
    char *path = dir_path(dir, JOURNAL_NAME);
    struct sbuf text = {0};
    char **lines = NULL;
    size_t nlines = 0;
    char buf[4096];
    ssize_t k;
    int fd, rc = -1;

    fd = open(path, O_RDONLY | O_NOFOLLOW | O_CLOEXEC);
    if (fd < 0) {
        if (errno == ENOENT) {
            free(path);
            return 0;
        }
        if (errno == ELOOP) /* never ours: one made by hand, acted on by no one */
            err_at(e, path, 0, "a symbolic link where the journal should be: remove it");
        else
            err_sys(e, path, "cannot open the journal of an interrupted command");
        free(path);
        return -1;
    }
    while ((k = read(fd, buf, sizeof buf)) > 0)
        sbuf_add(&text, buf, (size_t)k);
    close(fd);
    if (k < 0) {
        err_sys(e, path, "read error");
        goto out;
    }
    /* whole lines only: a torn last line was never acted on */
    if (text.len >= strlen(MAGIC) && memcmp(text.p, MAGIC, strlen(MAGIC)) == 0) {
        char *p = text.p + strlen(MAGIC), *end = text.p + text.len, *nl;
        while (p < end && (nl = memchr(p, '\n', (size_t)(end - p))) != NULL) {
            *nl = '\0';
            lines = xrealloc(lines, (nlines + 1) * sizeof *lines);
            lines[nlines++] = p;
            p = nl + 1;
        }
    } else if (text.len >= strlen(MAGIC) || memchr(text.p ? text.p : "", '\n', text.len)) {
        err_at(e, path, 1, "not a salesutils journal: look at it, then remove it");
        goto out;
    }
    for (size_t i = nlines; i-- > 0;) {
        struct undo u;
        if (parse_line(lines[i], &u)) {
            err_at(e, path, (long)i + 2, "not a journal line: look at it, then remove it");
            goto out;
        }
    }
    for (size_t i = nlines; i-- > 0;) {
        struct undo u;
        parse_line(lines[i], &u);
        if (undo_one(dir, &u, e))
            goto out;
    }
    if (sync_dir(dir, e))
        goto out;
    if (sys_unlink(path) != 0 && errno != ENOENT) {
        err_sys(e, path, "cannot remove the journal");
        goto out;
    }
    if (sync_dir(dir, e))
        goto out;
    rc = 0;
out:
    free(lines);
    sbuf_release(&text);
    free(path);
    return rc;
}

int
journal_litter(const char *name)
{
    size_t n = strlen(name);
    if (name[0] != '.' || n < 9 || name[n - 7] != '.' || strcmp(name, JOURNAL_NAME) == 0)
        return 0;
    for (size_t i = n - 6; i < n; i++)
        if (!(name[i] >= 'a' && name[i] <= 'z') && !(name[i] >= 'A' && name[i] <= 'Z') &&
            !(name[i] >= '0' && name[i] <= '9'))
            return 0;
    return plain_name(name);
}
