/* store.c — the data directory (see store.h for the rules it keeps). */
#include "store.h"

#include <assert.h>
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <pthread.h>
#include <pwd.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <signal.h>
#include <sys/file.h>
#include <sys/time.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "csvio.h"
#include "jsonio.h"
#include "sysio.h"
#include "text.h"

/* ---- fieldsets -------------------------------------------------------- */

void
fieldset_set(struct fieldset *fs, const char *name, const char *value)
{
    for (size_t i = 0; i < fs->n; i++)
        if (fs->names[i][0] == name[0] && strcmp(fs->names[i], name) == 0) {
            free(fs->values[i]);
            fs->values[i] = xstrdup(value ? value : "");
            return;
        }
    if (fs->n == fs->cap) {
        fs->cap = fs->cap ? fs->cap * 2 : 16;
        fs->names = xrealloc(fs->names, fs->cap * sizeof *fs->names);
        fs->values = xrealloc(fs->values, fs->cap * sizeof *fs->values);
    }
    fs->names[fs->n] = xstrdup(name);
    fs->values[fs->n] = xstrdup(value ? value : "");
    fs->n++;
}

const char *
fieldset_get(const struct fieldset *fs, const char *name)
{
    for (size_t i = 0; i < fs->n; i++) /* the first byte rules most names out cheaply */
        if (fs->names[i][0] == name[0] && strcmp(fs->names[i], name) == 0)
            return fs->values[i];
    return NULL;
}

void
fieldset_release(struct fieldset *fs)
{
    for (size_t i = 0; i < fs->n; i++) {
        free(fs->names[i]);
        free(fs->values[i]);
    }
    free(fs->names);
    free(fs->values);
    memset(fs, 0, sizeof *fs);
}

/* ---- opening ---------------------------------------------------------- */

char *
store_resolve_dir(const char *opt)
{
    const char *env = getenv("SALES_DATA"), *xdg = getenv("XDG_DATA_HOME"), *home;
    struct sbuf b = {0};

    if (opt && *opt)
        return xstrdup(opt);
    if (env && *env)
        return xstrdup(env);
    if (xdg && *xdg) {
        sbuf_addf(&b, "%s/salesutils", xdg);
        return b.p;
    }
    home = getenv("HOME");
    if (!home || !*home) {
        struct passwd *pw = getpwuid(getuid());
        home = pw ? pw->pw_dir : ".";
    }
    sbuf_addf(&b, "%s/.local/share/salesutils", home);
    return b.p;
}

char *
store_path(const struct store *s, const char *file)
{
    struct sbuf b = {0};
    sbuf_addf(&b, "%s/%s", s->dir, file);
    return b.p;
}

mode_t
store_file_mode(const struct store *s)
{
    return s->shared ? 0660 : 0600;
}

static int
load_config(struct store *s, struct err *e)
{
    char *path = store_path(s, "config.json");
    struct jsonio_doc *d;
    const char *v;
    int bad, rc = -1;
    char *end;

    strcpy(s->currency, "USD");
    s->cal.fy_start = 1;
    s->cal.fy_label_end = 0;
    s->stale_days = 30;
    s->churn_days = 365;
    if (access(path, F_OK) != 0) { /* no config: the defaults */
        free(path);
        return 0;
    }
    d = jsonio_load(path, e);
    if (!d)
        goto out;
    if ((v = jsonio_get(d, "currency", &bad)) || bad) {
        if (bad || strlen(v) != 3) {
            err_at(e, path, 0, "currency must be a three-letter code such as \"USD\"");
            goto out;
        }
        strcpy(s->currency, v);
    }
    if ((v = jsonio_get(d, "fiscal_year_start", &bad)) || bad) {
        long m = bad ? 0 : strtol(v, &end, 10);
        if (bad || *end || m < 1 || m > 12) {
            err_at(e, path, 0, "fiscal_year_start must be a month number 1-12");
            goto out;
        }
        s->cal.fy_start = (int)m;
    }
    if ((v = jsonio_get(d, "fiscal_year_label", &bad)) || bad) {
        if (bad || (strcmp(v, "start") && strcmp(v, "end"))) {
            err_at(e, path, 0, "fiscal_year_label must be \"start\" or \"end\"");
            goto out;
        }
        s->cal.fy_label_end = strcmp(v, "end") == 0;
    }
    if ((v = jsonio_get(d, "stale_days", &bad)) || bad) {
        long n = bad ? -1 : strtol(v, &end, 10);
        if (bad || *end || n < 1 || n > 100000) {
            err_at(e, path, 0, "stale_days must be a positive whole number");
            goto out;
        }
        s->stale_days = (int)n;
    }
    if ((v = jsonio_get(d, "churn_days", &bad)) || bad) {
        long n = bad ? -1 : strtol(v, &end, 10);
        if (bad || *end || n < 1 || n > 100000) {
            err_at(e, path, 0, "churn_days must be a positive whole number");
            goto out;
        }
        s->churn_days = (int)n;
    }
    if (jsonio_get_pairs(d, "rates", &s->rate_codes, &s->rate_values) < 0) {
        err_at(e, path, 0, "rates must be an object such as {\"EUR\": \"1.08\"}");
        goto out;
    }
    rc = 0;
out:
    jsonio_doc_free(d);
    free(path);
    return rc;
}

static char *
current_user(struct err *e)
{
    const char *u = getenv("SALES_USER");
    struct passwd *pw;
    if (u && *u) {
        /* it goes into every history row: one line of text */
        for (const char *p = u; *p; p++)
            if ((unsigned char)*p < 0x20 || *p == 0x7f) {
                err_set(e, "SALES_USER holds a control character (a newline?): "
                           "set it to a plain name");
                return NULL;
            }
        if (!utf8_valid(u, strlen(u))) {
            err_set(e, "SALES_USER is not valid UTF-8");
            return NULL;
        }
        return xstrdup(u);
    }
    pw = getpwuid(geteuid());
    if (pw && pw->pw_name)
        return xstrdup(pw->pw_name);
    u = getenv("USER");
    return xstrdup(u && *u ? u : "unknown");
}

/* store_open, where cfg_err (when not NULL) takes a config.json error
 * and the defaults stand in for it. */
static int
open_store(struct store *s, const char *dir_opt, const char *command, struct err *cfg_err,
           struct err *e)
{
    struct stat st;
    const char *t;

    memset(s, 0, sizeof *s);
    s->lockfd = -1;
    s->staged.fd = -1;
    s->jn.fd = -1;
    s->dir = store_resolve_dir(dir_opt);
    spool_init(&s->hbulk, s->dir);
    s->command = command;
    if (stat(s->dir, &st) != 0) {
        if (errno == ENOENT)
            err_at(e, s->dir, 0, "no such data directory (create one with sales-init)");
        else
            err_sys(e, s->dir, "cannot open data directory");
        goto fail;
    }
    if (!S_ISDIR(st.st_mode)) {
        err_at(e, s->dir, 0, "not a directory");
        goto fail;
    }
    s->shared = (st.st_mode & S_IWGRP) != 0;
    journal_init(&s->jn, s->dir, store_file_mode(s));
    if (!(s->user = current_user(e)))
        goto fail;
    s->now = sales_now();
    ts_format(s->now, s->now_ts);
    s->today = sales_today();
    s->lock_timeout = 10;
    if ((t = getenv("SALES_LOCK_TIMEOUT")) && *t) {
        char *end;
        long v;
        errno = 0;
        v = strtol(t, &end, 10);
        if (errno || *end || end == t || v < 0 || v > 86400) {
            err_set(e, "SALES_LOCK_TIMEOUT='%s': expected a whole number of seconds, 0 to 86400",
                    t);
            goto fail;
        }
        s->lock_timeout = (int)v;
    }
    if (load_config(s, cfg_err ? cfg_err : e)) {
        if (!cfg_err)
            goto fail;
        strv_free(s->rate_codes); /* lenient: the defaults */
        strv_free(s->rate_values);
        s->rate_codes = s->rate_values = NULL;
        strcpy(s->currency, "USD");
        s->cal.fy_start = 1;
        s->cal.fy_label_end = 0;
        s->stale_days = 30;
        s->churn_days = 365;
    }
    s->vc.today = s->today;
    s->vc.now = s->now;
    s->vc.cal = &s->cal;
    return 0;
fail:
    store_close(s);
    return -1;
}

int
store_open(struct store *s, const char *dir_opt, const char *command, struct err *e)
{
    return open_store(s, dir_opt, command, NULL, e);
}

int
store_open_lenient(struct store *s, const char *dir_opt, const char *command, struct err *cfg_err,
                   struct err *e)
{
    cfg_err->msg[0] = '\0';
    return open_store(s, dir_opt, command, cfg_err, e);
}

static void drop_staged(struct store *s);

void
store_close(struct store *s)
{
    if (s->jn.fd >= 0) /* never committed: undone */
        store_rollback(s);
    store_unlock(s);
    free(s->dir);
    free(s->user);
    strv_free(s->rate_codes);
    strv_free(s->rate_values);
    for (size_t i = 0; i < s->npending; i++)
        fieldset_release(&s->pending[i]);
    free(s->pending);
    spool_release(&s->hbulk);
    sbuf_release(&s->hprefix);
    drop_staged(s);
    memset(s, 0, sizeof *s);
    s->lockfd = -1;
    s->jn.fd = -1;
}

const char *
store_rate(const struct store *s, const char *currency)
{
    for (size_t i = 0; s->rate_codes && s->rate_codes[i]; i++)
        if (str_eq_ci(s->rate_codes[i], currency))
            return s->rate_values[i];
    return NULL;
}

/* ---- locking ---------------------------------------------------------- */

static void
on_alarm(int sig)
{
    (void)sig; /* only to interrupt flock */
}

/* flock fd (how = LOCK_EX or LOCK_SH) within the timeout: 0, or -1 with
 * e set. */
static int
lock_wait(struct store *s, int fd, int how, struct err *e)
{
    struct sigaction sa, old;
    struct itimerval tv = {{0, 0}, {s->lock_timeout, 0}}, oldtv;
    int rc, saved;

    if (flock(fd, how | LOCK_NB) == 0)
        return 0;
    if (errno != EWOULDBLOCK)
        return err_sys(e, s->dir, "cannot lock");
    /* busy: wait in the kernel, which wakes us the moment the holder lets
     * go; an interval timer bounds the wait */
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = on_alarm; /* no SA_RESTART: flock returns EINTR */
    sigemptyset(&sa.sa_mask);
    sigaction(SIGALRM, &sa, &old);
    setitimer(ITIMER_REAL, &tv, &oldtv);
    rc = s->lock_timeout > 0 ? flock(fd, how) : -1;
    saved = rc == 0 ? 0 : s->lock_timeout > 0 ? errno : EINTR;
    memset(&tv, 0, sizeof tv);
    setitimer(ITIMER_REAL, &tv, NULL);
    sigaction(SIGALRM, &old, NULL);
    if (oldtv.it_value.tv_sec || oldtv.it_value.tv_usec)
        setitimer(ITIMER_REAL, &oldtv, NULL);
    if (rc == 0)
        return 0;
    if (saved == EINTR)
        return err_at(e, s->dir, 0,
                      "could not get the lock within %d s (another command is writing; "
                      "try again, or raise SALES_LOCK_TIMEOUT)",
                      s->lock_timeout);
    errno = saved;
    return err_sys(e, s->dir, "cannot lock");
}

/* Undo what an interrupted command left (exclusive lock held). */
static int
recover(struct store *s, struct err *e)
{
    struct err why;
    if (journal_recover(s->dir, &why) == 0)
        return 0;
    return err_set(e, "%s (the change of an interrupted command could not be undone; "
                      "no command can go on until it is)", why.msg);
}

/* The lock is on the data directory itself: it cannot be deleted or
 * swapped under a holder as a lock file could, and every user who can
 * read the directory can take it. Returns the locked fd, or -1 with e
 * set. A shared lock (a reader) that finds an interrupted command's
 * journal takes the exclusive lock to undo it first, so that no reader
 * ever sees half a change. */
static int
take_lock(struct store *s, int how, struct err *e)
{
    int fd = open(s->dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);

    if (fd < 0) {
        err_sys(e, s->dir, "cannot open data directory");
        return -1;
    }
    if (lock_wait(s, fd, how, e))
        goto fail;
    if (how == LOCK_SH && journal_pending(s->dir)) {
        if (lock_wait(s, fd, LOCK_EX, e) || recover(s, e) || lock_wait(s, fd, LOCK_SH, e))
            goto fail;
    }
    return fd;
fail:
    close(fd);
    return -1;
}

/* With the exclusive lock: temporary files no running command can own
 * (a killed rewrite's new version, a kept old version, a cache's). */
static void
clear_litter(struct store *s)
{
    DIR *d = opendir(s->dir);
    struct dirent *de;
    if (!d)
        return;
    while ((de = readdir(d)) != NULL)
        if (journal_litter(de->d_name)) {
            char *p = store_path(s, de->d_name);
            (void)sys_unlink(p);
            free(p);
        }
    closedir(d);
}

int
store_lock(struct store *s, struct err *e)
{
    if (s->locked)
        return 0;
    s->lockfd = take_lock(s, LOCK_EX, e);
    if (s->lockfd < 0)
        return -1;
    s->locked = 1;
    if (recover(s, e)) {
        store_unlock(s);
        return -1;
    }
    clear_litter(s);
    return 0;
}

void
store_unlock(struct store *s)
{
    if (s->lockfd >= 0)
        close(s->lockfd); /* closing the description releases the flock */
    s->lockfd = -1;
    s->locked = 0;
}

/* ---- reading ---------------------------------------------------------- */

static char *
entity_path(const struct store *s, const struct entity_def *ent)
{
    struct sbuf b = {0};
    sbuf_addf(&b, "%s/%s.csv", s->dir, ent->name);
    return b.p;
}

/* Open a data file (flags: O_RDONLY, or O_RDWR | O_APPEND) and fstat it
 * into st: a regular file of the directory, never a link out of it (a
 * member of a shared directory could otherwise make another's command
 * write wherever that user can). The fd, or -1 with e set (errno ENOENT
 * kept for a file that is not there). */
static int
open_data(const char *path, int flags, struct stat *st, struct err *e)
{
    int fd = open(path, flags | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC);
    if (fd < 0) {
        int saved = errno;
        if (errno == ELOOP)
            err_at(e, path, 0, "a symbolic link: data files must be regular files in the "
                               "data directory (replace the link by the file)");
        else if (errno == ENOENT && flags == O_RDONLY)
            err_at(e, path, 0, "no such file (deleted? sales-init on the directory makes "
                               "the missing files again, with their headers)");
        else
            err_sys(e, path, flags == O_RDONLY ? "cannot open" : "cannot open for writing");
        errno = saved;
        return -1;
    }
    if (fstat(fd, st) != 0) {
        err_sys(e, path, "cannot stat");
        close(fd);
        return -1;
    }
    if (!S_ISREG(st->st_mode)) {
        err_at(e, path, 0, "not a regular file");
        close(fd);
        errno = EINVAL;
        return -1;
    }
    /* O_NONBLOCK was for a FIFO put in a file's place: reads block again */
    (void)fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) & ~O_NONBLOCK);
    return fd;
}

struct table *
store_read(struct store *s, const struct entity_def *ent, struct err *e)
{
    return store_read_id(s, ent, NULL, e);
}

struct table *
store_read_if(struct store *s, const struct entity_def *ent, struct err *e)
{
    char *path = entity_path(s, ent);
    struct stat st;
    int gone = lstat(path, &st) != 0 && errno == ENOENT;
    free(path);
    if (gone) {
        e->msg[0] = '\0';
        return NULL;
    }
    return store_read_id(s, ent, NULL, e);
}

struct table *
store_read_id(struct store *s, const struct entity_def *ent, struct file_id *fid, struct err *e)
{
    char *path = entity_path(s, ent);
    int lockfd = -2, fd;
    struct stat st;
    struct table *t = NULL;

    if (!s->locked && (lockfd = take_lock(s, LOCK_SH, e)) == -1)
        goto out;
    if ((fd = open_data(path, O_RDONLY, &st, e)) < 0)
        goto out;
    if (lockfd >= 0) { /* the size is noted: appends may go on */
        close(lockfd);
        lockfd = -2;
    }
    if (fid) {
        fid->dev = st.st_dev;
        fid->ino = st.st_ino;
        fid->size = st.st_size;
    }
    t = table_open_fd(fd, 1, path, st.st_size > 0 ? st.st_size : 0, ent, e);
out:
    if (lockfd >= 0)
        close(lockfd);
    free(path);
    return t;
}

const char *
store_key(const struct table *t)
{
    static struct sbuf b;
    const struct entity_def *ent = t->ent;
    sbuf_reset(&b);
    for (size_t i = 0; i < ent->ncols; i++)
        if (ent->cols[i].flags & COL_KEY) {
            if (b.len)
                sbuf_addc(&b, '/');
            sbuf_adds(&b, table_get(t, (int)i));
        }
    return b.p ? b.p : "";
}

int
store_find(struct store *s, const struct entity_def *ent, const char *key, struct err *e)
{
    struct table *t = store_read(s, ent, e);
    int rc;
    if (!t)
        return -1;
    while ((rc = table_next(t, e)) == 1)
        if (strcmp(store_key(t), key) == 0)
            break;
    table_free(t);
    return rc;
}

/* ---- ids -------------------------------------------------------------- */

/* .ids holds, per entity, the last id number issued and the size, mtime and
 * inode the entity's file had right after: while the file still has them,
 * the number is current; when someone edited the file, one scan of it
 * finds the largest id again. Ids only ever go up. */
struct idrec {
    char name[32];
    long long last;
    long long size, mtime_s, mtime_ns, ino;
};

static int
read_ids(struct store *s, struct idrec *recs, int max)
{
    char *path = store_path(s, ".ids"), line[256];
    int fd = open(path, O_RDONLY | O_NOFOLLOW | O_CLOEXEC);
    FILE *fp = fd >= 0 ? fdopen(fd, "r") : NULL;
    int n = 0;
    free(path);
    if (!fp) {
        if (fd >= 0)
            close(fd);
        return 0;
    }
    while (n < max && fgets(line, sizeof line, fp)) {
        struct idrec *r = &recs[n];
        if (sscanf(line, "%31s %lld %lld %lld %lld %lld", r->name, &r->last, &r->size,
                   &r->mtime_s, &r->mtime_ns, &r->ino) == 6)
            n++;
    }
    fclose(fp);
    return n;
}

/* A new temporary file beside path (DIR/.NAME.XXXXXX: O_EXCL, so never
 * through a link) with mode. Its name (newly allocated) and *fd, or NULL
 * with e set. */
static char *
make_temp(const char *path, mode_t mode, int *fd, struct err *e)
{
    const char *slash = strrchr(path, '/');
    struct sbuf tb = {0};

    sbuf_add(&tb, path, (size_t)(slash - path + 1));
    sbuf_addf(&tb, ".%s.XXXXXX", slash + 1);
    if ((*fd = sys_mkstemp(tb.p, O_CLOEXEC)) < 0) {
        err_sys(e, tb.p, "cannot create temporary file");
        sbuf_release(&tb);
        return NULL;
    }
    if (fchmod(*fd, mode) != 0) { /* mkostemp's 0600, or the umask's */
        err_sys(e, tb.p, "cannot write");
        close(*fd);
        (void)unlink(tb.p);
        sbuf_release(&tb);
        return NULL;
    }
    return tb.p;
}

/* DIR/name's new content in a temporary file beside it, synced unless
 * it is only a cache: its name (newly allocated), or NULL with e set. */
static char *
write_temp(struct store *s, const char *name, const char *data, size_t n, int sync,
           struct err *e)
{
    char *path = store_path(s, name), *tmp;
    int fd;
    if ((tmp = make_temp(path, store_file_mode(s), &fd, e)) != NULL) {
        if (write_full(fd, data, n) != 0 || (sync && sys_fsync(fd) != 0)) {
            err_sys(e, tmp, "write error");
            (void)unlink(tmp);
            free(tmp);
            tmp = NULL;
        }
        close(fd);
    }
    free(path);
    return tmp;
}

/* A cache file replaced (no journal: any version of it is right). */
static int
write_cache(struct store *s, const char *name, const char *data, size_t n, struct err *e)
{
    /* unsynced: after a power cut a cache may be empty or torn, and is
     * then not believed (.ids: history.csv and the files are asked) */
    char *path = store_path(s, name), *tmp = write_temp(s, name, data, n, 0, e);
    int rc = -1;
    if (tmp && sys_rename(tmp, path) != 0) {
        err_sys(e, path, "cannot write");
        (void)unlink(tmp);
    } else if (tmp) {
        rc = 0;
    }
    free(tmp);
    free(path);
    return rc;
}

void
store_cache_write(struct store *s, const char *name, const char *data, size_t n)
{
    int fd = -1;
    if (!s->locked) { /* only when no writer is at work, and without waiting */
        if ((fd = open(s->dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC)) < 0 ||
            flock(fd, LOCK_EX | LOCK_NB) != 0 || journal_pending(s->dir)) {
            if (fd >= 0)
                close(fd);
            return;
        }
    }
    (void)write_cache(s, name, data, n, NULL);
    if (fd >= 0)
        close(fd);
}

int
store_replace_file(struct store *s, const char *name, const char *data, size_t n, struct err *e)
{
    char *path = store_path(s, name), *tmp;
    int rc = -1;
    if (!s->locked) {
        free(path);
        return err_set(e, "internal error: write without the lock");
    }
    if ((tmp = write_temp(s, name, data, n, 1, e)) != NULL) {
        rc = journal_replace(&s->jn, path, tmp, e);
        if (rc)
            (void)unlink(tmp);
        free(tmp);
    }
    free(path);
    return rc;
}

static int
write_ids(struct store *s, const struct idrec *recs, int n, struct err *e)
{
    struct sbuf b = {0};
    int rc;
    for (int i = 0; i < n; i++)
        sbuf_addf(&b, "%s %lld %lld %lld %lld %lld\n", recs[i].name, recs[i].last, recs[i].size,
                  recs[i].mtime_s, recs[i].mtime_ns, recs[i].ino);
    rc = write_cache(s, ".ids", b.p ? b.p : "", b.len, e);
    sbuf_release(&b);
    return rc;
}

/* ids_lookup: the last id number .ids holds for ent in *last (0: none).
 * Returns 1 when that record still describes the file (size, mtime and
 * inode as noted: nobody edited it since, so no id in it is larger), 0
 * when not, 2 when .ids has no record of ent at all, 3 when the file is
 * not there (deleted by hand: an append makes it again), -1 when it
 * cannot be examined. */
static int
ids_lookup(struct store *s, const struct entity_def *ent, long long *last, struct err *e)
{
    struct idrec recs[32];
    int nrec = read_ids(s, recs, 32), fresh = 0;
    char *path = entity_path(s, ent);
    struct stat st;

    *last = 0;
    if (stat(path, &st) != 0) {
        int gone = errno == ENOENT;
        if (!gone)
            err_sys(e, path, "cannot open");
        free(path);
        if (!gone)
            return -1;
        memset(&st, 0, sizeof st);
        st.st_size = -2; /* matches no record */
    } else {
        free(path);
    }
    fresh = 2;
    for (int i = 0; i < nrec; i++)
        if (strcmp(recs[i].name, ent->name) == 0) {
            *last = recs[i].last;
            fresh = recs[i].size == st.st_size && recs[i].mtime_s == st.st_mtim.tv_sec &&
                    recs[i].mtime_ns == st.st_mtim.tv_nsec && recs[i].ino == (long long)st.st_ino;
        }
    return st.st_size == -2 ? 3 : fresh;
}

/* The largest id history.csv says was created for ent, into *last if
 * larger. Read once, when .ids knows nothing of ent. */
static int
max_created_id(struct store *s, const struct entity_def *ent, long long *last, struct err *e)
{
    struct table *t = store_read(s, &schema_history, e);
    int rc, c_ent, c_id, c_field, c_new;
    if (!t)
        return -1;
    c_ent = table_find(t, "entity");
    c_id = table_find(t, "id");
    c_field = table_find(t, "field");
    c_new = table_find(t, "new");
    if (c_ent < 0 || c_id < 0 || c_field < 0 || c_new < 0) { /* sales-check reports it */
        table_free(t);
        return 0;
    }
    while ((rc = table_next(t, e)) == 1) {
        if (*table_cell(t, (size_t)c_field) || strcmp(table_cell(t, (size_t)c_ent), ent->name) ||
            strcmp(table_cell(t, (size_t)c_new), "created"))
            continue;
        long long k = schema_id_number(table_cell(t, (size_t)c_id), ent->id_prefix);
        if (k > *last)
            *last = k;
    }
    table_free(t);
    return rc < 0 ? -1 : 0;
}

int
store_alloc_ids(struct store *s, const struct entity_def *ent, size_t n, long long *first,
                struct err *e)
{
    long long last;
    int fresh = ids_lookup(s, ent, &last, e);

    if (fresh < 0)
        return -1;
    /* .ids lost (or a new directory), or the file deleted: rows deleted by
     * hand are in the log */
    if ((fresh == 2 || fresh == 3) && max_created_id(s, ent, &last, e))
        return -1;
    if (fresh == 0 || fresh == 2) { /* the file changed behind our back: find the largest id */
        struct table *t = store_read(s, ent, e);
        int rc;
        if (!t)
            return -1;
        int idcol = schema_col(ent, "id");
        while ((rc = table_next(t, e)) == 1) {
            long long k = schema_id_number(table_get(t, idcol), ent->id_prefix);
            if (k > last)
                last = k;
        }
        table_free(t);
        if (rc < 0)
            return -1;
    }
    *first = last + 1;
    s->id_ent = ent;
    s->id_last = last + (long long)n;
    s->id_known = ent;
    return 0;
}

/* After a write to ent's file: note in .ids the largest id number known
 * (the cache's, this command's allocation, max_id) and, when trusted (the
 * caller knows no id in the file is larger: it allocated through
 * store_alloc_ids, found the cache fresh before an append, or read every
 * row in a rewrite), the file's new identity. Otherwise the identity stays
 * stale and the next allocation scans the file: a row added by hand must
 * never have its id issued again. */
static int
note_ids(struct store *s, const struct entity_def *ent, long long max_id, int trusted,
         struct err *e)
{
    struct idrec recs[32];
    int nrec = read_ids(s, recs, 31), i;
    char *path = entity_path(s, ent);
    struct stat st;
    int rc = stat(path, &st);
    free(path);
    if (rc != 0)
        return 0; /* only a cache: the next allocation rescans */
    for (i = 0; i < nrec; i++)
        if (strcmp(recs[i].name, ent->name) == 0)
            break;
    if (i == nrec) {
        nrec++;
        snprintf(recs[i].name, sizeof recs[i].name, "%s", ent->name);
        recs[i].last = 0;
        recs[i].size = -1; /* stale until trusted */
        recs[i].mtime_s = recs[i].mtime_ns = recs[i].ino = 0;
    }
    if (s->id_ent == ent && s->id_last > recs[i].last)
        recs[i].last = s->id_last;
    if (max_id > recs[i].last)
        recs[i].last = max_id;
    if (trusted) {
        recs[i].size = st.st_size;
        recs[i].mtime_s = st.st_mtim.tv_sec;
        recs[i].mtime_ns = st.st_mtim.tv_nsec;
        recs[i].ino = (long long)st.st_ino;
    }
    return write_ids(s, recs, nrec, e);
}

/* ---- appending -------------------------------------------------------- */

static void
header_line(const struct entity_def *ent, struct sbuf *b)
{
    for (size_t i = 0; i < ent->ncols; i++) {
        if (i)
            sbuf_addc(b, ',');
        csvio_add_field(b, ent->cols[i].name, strlen(ent->cols[i].name), ',');
    }
    sbuf_addc(b, '\n');
}

/* Read the header row of an open data file (at most 64 KiB of it). */
static char **
read_header(int fd, const char *path, struct err *e)
{
    char buf[65536];
    ssize_t k = pread(fd, buf, sizeof buf, 0);
    struct csvio_reader *r;
    struct csvio_row *row;
    char **head = NULL;
    const char *nl;

    if (k < 0) {
        err_sys(e, path, "read error");
        return NULL;
    }
    nl = memchr(buf, '\n', (size_t)k);
    if (!nl && k == (ssize_t)sizeof buf) {
        err_at(e, path, 1, "header row longer than 64 KiB");
        return NULL;
    }
    r = csvio_open_mem(buf, nl ? (size_t)(nl - buf + 1) : (size_t)k, path);
    if (csvio_next(r, &row, e) == 1) {
        head = xcalloc(row->n + 1, sizeof *head);
        for (size_t i = 0; i < row->n; i++)
            head[i] = xstrdup(row->f[i]);
    } else if (!*e->msg) {
        err_at(e, path, 0, "empty file (no header row)");
    }
    csvio_free(r);
    return head;
}

/* Where an append's lines go: a buffer written out each time it passes
 * SINK_CHUNK, so that a million imported records are never a second copy
 * of themselves in memory. A small append (one record, a few) is still a
 * single write(2). */
#define SINK_CHUNK (1u << 20)

struct sink {
    struct sbuf b;
    int fd;  /* the file */
    int err; /* errno of a failed write, or 0 */
};

static void
sink_write(struct sink *k, const char *p, size_t n)
{
    if (k->err || !n)
        return;
    if (write_full(k->fd, p, n) != 0)
        k->err = errno ? errno : EIO;
}

static void
sink_flush(struct sink *k)
{
    sink_write(k, k->b.p, k->b.len);
    sbuf_reset(&k->b);
}

/* After each line: write the buffer out once it is big enough. */
static void
sink_line(struct sink *k)
{
    if (k->b.len >= SINK_CHUNK)
        sink_flush(k);
}

/* A spool's lines, after what the sink holds. */
static int
sink_spool(struct sink *k, struct spool *sp, const char *path, struct err *e)
{
    sink_flush(k);
    if (k->err) {
        errno = k->err;
        return err_sys(e, path, "write error");
    }
    return spool_copy(sp, k->fd, path, e);
}

/* Renders records as CSV lines once the file's header is known. */
typedef int (*render_fn)(void *ctx, char *const *head, size_t nh, struct sink *k,
                         const char *path, struct err *e);

/* Append what render writes to the entity's file; no history. On any
 * failure the file is cut back to its old size. A file deleted by hand
 * comes back with its header. */
static int
append_prepared(struct store *s, const struct entity_def *ent, render_fn render, void *ctx,
                struct err *e)
{
    char *path = entity_path(s, ent), **head = NULL;
    struct sink k = {{0}, -1, 0};
    struct sbuf *b = &k.b;
    struct stat st;
    int fd, rc = -1;

    fd = open_data(path, O_RDWR | O_APPEND, &st, e);
    if (fd < 0 && errno == ENOENT) { /* a file deleted by hand comes back with its header */
        if (journal_append(&s->jn, path, NULL, e))
            goto out;
        fd = sys_create(path, O_RDWR | O_APPEND | O_EXCL | O_NOFOLLOW | O_CLOEXEC,
                        store_file_mode(s));
        if (fd < 0) {
            err_sys(e, path, "cannot create");
            goto out;
        }
        (void)fchmod(fd, store_file_mode(s));
        memset(&st, 0, sizeof st);
    } else if (fd < 0) {
        goto out;
    } else {
        *e->msg = '\0';
        if (st.st_size > 0 && !(head = read_header(fd, path, e)))
            goto out;
        if (journal_append(&s->jn, path, &st, e))
            goto out;
    }
    if (st.st_size == 0) {
        header_line(ent, b);
        head = xcalloc(ent->ncols + 1, sizeof *head);
        for (size_t i = 0; i < ent->ncols; i++)
            head[i] = xstrdup(ent->cols[i].name);
    } else {
        char last;
        if (pread(fd, &last, 1, st.st_size - 1) != 1) {
            err_sys(e, path, "read error");
            goto out;
        }
        if (last != '\n') /* saved without a final newline: end that record first */
            sbuf_addc(b, '\n');
    }
    /* written under the lock; cut back at once if anything fails (and
     * in any case undone by the journal unless committed) */
    k.fd = fd;
    if (render(ctx, head, strv_len(head), &k, path, e) == 0) {
        sink_flush(&k);
        if (k.err) {
            errno = k.err;
            err_sys(e, path, "write error");
        } else if (sys_fsync(fd) != 0) {
            err_sys(e, path, "fsync failed");
        } else {
            rc = 0;
        }
    }
    if (rc != 0 && sys_ftruncate(fd, st.st_size) != 0) {
        /* the journal's undo cuts it back; the message above stands */
    }
out:
    if (fd >= 0)
        close(fd);
    strv_free(head);
    sbuf_release(b);
    free(path);
    return rc;
}

struct fs_recs {
    const struct fieldset *recs;
    size_t n;
};

static int
render_fieldsets(void *ctx, char *const *head, size_t nh, struct sink *k, const char *path,
                 struct err *e)
{
    const struct fs_recs *fr = ctx;
    const char **vals = xcalloc(nh + 1, sizeof *vals);
    for (size_t r = 0; r < fr->n; r++) {
        const struct fieldset *rec = &fr->recs[r];
        for (size_t i = 0; i < rec->n; i++) {
            size_t j;
            for (j = 0; j < nh; j++)
                if (strcmp(head[j], rec->names[i]) == 0)
                    break;
            if (j == nh && *rec->values[i]) {
                free(vals);
                return err_at(e, path, 1, "no '%s' column", rec->names[i]);
            }
        }
        for (size_t j = 0; j < nh; j++)
            vals[j] = fieldset_get(rec, head[j]);
        csvio_add_row(&k->b, vals, nh, ',', 0);
        sink_line(k);
    }
    free(vals);
    return 0;
}

/* Append recs to the entity's file; no history. */
static int
append_records(struct store *s, const struct entity_def *ent, const struct fieldset *recs,
               size_t n, struct err *e)
{
    struct fs_recs fr = {recs, n};
    return append_prepared(s, ent, render_fieldsets, &fr, e);
}

/* The header position of each of a rowset's columns (-1: the file lacks it). */
static int *
rowset_map(const struct rowset *rs, char *const *head, size_t nh)
{
    int *pos = xcalloc(rs->ncols + 1, sizeof *pos);
    for (size_t k = 0; k < rs->ncols; k++) {
        pos[k] = -1;
        for (size_t j = 0; j < nh; j++)
            if (strcmp(head[j], rs->cols[k]) == 0)
                pos[k] = (int)j;
    }
    return pos;
}

/* Render a rowset's records for a file with header head. */
static int
render_rowset_rows(const struct rowset *rs, char *const *head, size_t nh, struct sink *k,
                   const char *path, struct err *e)
{
    int *pos, rc = 0;
    const char **vals;

    if (rs->lines) { /* rendered already, for this very header */
        int same = nh == rs->ncols;
        for (size_t j = 0; j < nh && same; j++)
            same = strcmp(head[j], rs->cols[j]) == 0;
        if (!same)
            return err_at(e, path, 1, "its columns are not the ones the records were made for");
        return sink_spool(k, rs->lines, path, e);
    }
    pos = rowset_map(rs, head, nh);
    vals = xcalloc(nh + 1, sizeof *vals);
    for (size_t r = 0; r < rs->n && rc == 0; r++) {
        for (size_t j = 0; j < nh; j++)
            vals[j] = NULL;
        for (size_t c = 0; c < rs->ncols; c++) {
            const char *v = rs->get(rs->ctx, r, c);
            if (pos[c] >= 0)
                vals[pos[c]] = v;
            else if (v && *v)
                rc = err_at(e, path, 1, "no '%s' column", rs->cols[c]);
        }
        if (rc == 0) {
            csvio_add_row(&k->b, vals, nh, ',', 0);
            sink_line(k);
        }
    }
    free(vals);
    free(pos);
    return rc;
}

static int
render_rowset(void *ctx, char *const *head, size_t nh, struct sink *k, const char *path,
              struct err *e)
{
    return render_rowset_rows(ctx, head, nh, k, path, e);
}

/* Before an append: does this command know the file's largest id (so the
 * id cache may take the file's new identity afterwards)? */
static int
ids_trusted(struct store *s, const struct entity_def *ent)
{
    long long cached;
    struct err ignored;
    return ent->id_prefix && (s->id_known == ent || ids_lookup(s, ent, &cached, &ignored) == 1);
}

/* After an append, per record: the id counter moves past an id the record
 * brought (imports keep their own ids). */
static void
id_appended(struct store *s, const struct entity_def *ent, const char *id)
{
    long long k = ent->id_prefix && id ? schema_id_number(id, ent->id_prefix) : -1;
    if (k > 0 && (s->id_ent != ent || k > s->id_last)) {
        if (s->id_ent != ent)
            s->id_last = 0;
        s->id_ent = ent;
        s->id_last = k > s->id_last ? k : s->id_last;
    }
}

int
store_append(struct store *s, const struct entity_def *ent, const struct fieldset *recs, size_t n,
             struct err *e)
{
    int trusted;

    if (!s->locked)
        return err_set(e, "internal error: append without the lock");
    trusted = ids_trusted(s, ent);
    if (append_records(s, ent, recs, n, e))
        return -1;
    for (size_t r = 0; r < n; r++) {
        const char *id = fieldset_get(&recs[r], "id");
        if (ent->id_prefix || ent == &schema_reps)
            store_history(s, ent->name, id ? id : "", "", "", "created");
        id_appended(s, ent, id);
    }
    if (ent->id_prefix && note_ids(s, ent, 0, trusted, e))
        return -1;
    return 0;
}

/* After rs's records went into ent's file: a "created" history row each
 * (queued with store_history_bulk), the id counter past the ids they
 * brought. */
static void
rows_added(struct store *s, const struct entity_def *ent, const struct rowset *rs)
{
    int kid = -1;
    for (size_t k = 0; k < rs->ncols; k++)
        if (strcmp(rs->cols[k], "id") == 0)
            kid = (int)k;
    for (size_t r = 0; r < rs->n && kid >= 0; r++) {
        const char *id = rs->get(rs->ctx, r, (size_t)kid);
        if (ent->id_prefix || ent == &schema_reps)
            store_history_bulk(s, ent->name, id ? id : "", "", "", "created");
        id_appended(s, ent, id);
    }
}

int
store_append_rows(struct store *s, const struct entity_def *ent, const struct rowset *rs,
                  struct err *e)
{
    int trusted;

    if (!s->locked)
        return err_set(e, "internal error: append without the lock");
    trusted = ids_trusted(s, ent);
    if (append_prepared(s, ent, render_rowset, (void *)rs, e))
        return -1;
    rows_added(s, ent, rs);
    if (ent->id_prefix && note_ids(s, ent, 0, trusted, e))
        return -1;
    return 0;
}

/* The staged file goes: never committed. */
static void
drop_staged(struct store *s)
{
    if (s->staged.fd >= 0)
        close(s->staged.fd);
    if (s->staged.tmp) {
        unlink(s->staged.tmp);
        free(s->staged.tmp);
    }
    memset(&s->staged, 0, sizeof s->staged);
    s->staged.fd = -1;
}

/* A new version of ent's file (tmp: written and synced) goes in its
 * place, undoably until the commit; then the id cache learns the largest
 * id (max_id, this command's) and, when trusted, the file's identity. */
static int
put_in_place(struct store *s, const struct entity_def *ent, const char *tmp, long long max_id,
             int trusted, struct err *e)
{
    char *path = entity_path(s, ent);
    int rc = journal_replace(&s->jn, path, tmp, e);
    free(path);
    if (rc == 0 && ent->id_prefix && note_ids(s, ent, max_id, trusted, e))
        rc = -1;
    return rc;
}

int
store_stage(struct store *s, const struct entity_def *ent, struct spool *sp, int64_t coming,
            struct err *e)
{
    char *path = entity_path(s, ent);
    struct sbuf head = {0};
    struct stat st = {0};
    int src, rc = -1;
    char last = '\n';

    if (!s->locked || s->staged.tmp) {
        free(path);
        return err_set(e, "internal error: staging %s", s->locked ? "twice" : "without the lock");
    }
    if ((src = open_data(path, O_RDONLY, &st, e)) < 0) {
        if (errno != ENOENT)
            goto out;
        memset(&st, 0, sizeof st);
    }
    if (st.st_size > coming) { /* a big file: appending costs less */
        rc = 1;
        goto out;
    }
    s->staged.tmp = make_temp(path, src >= 0 ? st.st_mode & 07777 : store_file_mode(s),
                              &s->staged.fd, e);
    if (!s->staged.tmp)
        goto out;
    s->staged.ent = ent;
    if (st.st_size > 0 && pread(src, &last, 1, st.st_size - 1) != 1) {
        err_sys(e, path, "read error");
        goto out;
    }
    if (st.st_size == 0)
        header_line(ent, &head);
    else if (last != '\n') /* saved without a final newline: end that record first */
        sbuf_addc(&head, '\n');
    if (fd_copy(src, 0, st.st_size, s->staged.fd) != 0 ||
        write_full(s->staged.fd, head.p ? head.p : "", head.len) != 0) {
        err_sys(e, path, "write error");
        goto out;
    }
    spool_adopt(sp, s->staged.fd, st.st_size + (int64_t)head.len);
    rc = 0;
out:
    if (rc < 0)
        drop_staged(s);
    if (src >= 0)
        close(src);
    sbuf_release(&head);
    free(path);
    return rc;
}

struct syncer {
    pthread_t th;
    int fd, err;
};

static void *
syncer_main(void *arg)
{
    struct syncer *y = arg;
    y->err = sys_fsync(y->fd) == 0 ? 0 : errno;
    return NULL;
}

int
store_stage_commit(struct store *s, const struct entity_def *ent, const struct rowset *rs,
                   struct err *e)
{
    struct syncer y = {0};
    int started, trusted;
    char *path;

    if (!s->locked || s->staged.ent != ent || !rs->lines || rs->lines->fd != s->staged.fd)
        return err_set(e, "internal error: no staged file for %s", ent->name);
    path = entity_path(s, ent);
    if (spool_flush(rs->lines) != 0) {
        err_sys(e, path, "write error");
        goto fail;
    }
    /* the file is as it was until the rename: what an append would know */
    trusted = ids_trusted(s, ent);
    /* the disk's wait on a thread of its own while the history rows are
     * rendered here */
    y.fd = s->staged.fd;
    started = pthread_create(&y.th, NULL, syncer_main, &y) == 0;
    rows_added(s, ent, rs);
    if (started)
        pthread_join(y.th, NULL);
    else
        syncer_main(&y);
    if (y.err) {
        errno = y.err;
        err_sys(e, path, "write error");
        goto fail;
    }
    if (put_in_place(s, ent, s->staged.tmp, 0, trusted, e))
        goto fail;
    free(path);
    close(s->staged.fd);
    free(s->staged.tmp); /* (its name is the file's now: nothing to remove) */
    memset(&s->staged, 0, sizeof s->staged);
    s->staged.fd = -1;
    return 0;
fail:
    free(path);
    drop_staged(s);
    return -1;
}

void
store_rollback(struct store *s)
{
    struct err ignored; /* the command reports the error that made it fail;
                           an undo that fails is finished by the next command */
    drop_staged(s);
    (void)journal_rollback(&s->jn, &ignored);
}

/* ---- history ---------------------------------------------------------- */

void
store_history(struct store *s, const char *entity, const char *id, const char *field,
              const char *old, const char *new_)
{
    struct fieldset *fs;
    if ((s->npending & (s->npending - 1)) == 0) /* at 0, 1, 2, 4, ...: double */
        s->pending = xrealloc(s->pending, (s->npending ? 2 * s->npending : 16) * sizeof *s->pending);
    fs = &s->pending[s->npending++];
    memset(fs, 0, sizeof *fs);
    fieldset_set(fs, "ts", s->now_ts);
    fieldset_set(fs, "user", s->user);
    fieldset_set(fs, "command", s->command);
    fieldset_set(fs, "entity", entity);
    fieldset_set(fs, "id", id);
    fieldset_set(fs, "field", field);
    fieldset_set(fs, "old", old);
    fieldset_set(fs, "new", new_);
}

void
store_history_bulk(struct store *s, const char *entity, const char *id, const char *field,
                   const char *old, const char *new_)
{
    const char *f[4] = {id, field, old, new_};
    /* rendered now, in history.csv's own column order: the usual file
     * then takes all of them at once. When, who, the command and the
     * entity are the same from row to row: rendered once. */
    if (!s->hprefix.len || strcmp(entity, s->hentity) != 0) {
        const char *w[4] = {s->now_ts, s->user, s->command, entity};
        sbuf_reset(&s->hprefix);
        csvio_add_row(&s->hprefix, w, 4, ',', 0);
        s->hprefix.p[s->hprefix.len - 1] = ','; /* its '\n' */
        if (strlen(entity) >= sizeof s->hentity) { /* never an entity's name: not kept */
            sbuf_add(&s->hbulk.b, s->hprefix.p, s->hprefix.len);
            sbuf_reset(&s->hprefix);
            goto rest;
        }
        memcpy(s->hentity, entity, strlen(entity) + 1);
    }
    sbuf_add(&s->hbulk.b, s->hprefix.p, s->hprefix.len);
rest:
    if (!*field && !*old && strcmp(new_, "created") == 0 &&
        !csvio_needs_quotes(id, strlen(id), ',')) {
        /* a record created: a million of them after a big import */
        sbuf_adds(&s->hbulk.b, id);
        sbuf_add(&s->hbulk.b, ",,,created\n", 11);
    } else {
        csvio_add_row(&s->hbulk.b, f, 4, ',', 0);
    }
    spool_line(&s->hbulk);
    s->nhbulk++;
}

/* The queued history rows: store_history's, then store_history_bulk's. */
static int
render_history(void *ctx, char *const *head, size_t nh, struct sink *k, const char *path,
               struct err *e)
{
    static const char *const names[8] = {"ts", "user", "command", "entity",
                                         "id", "field", "old", "new"};
    struct store *s = ctx;
    struct fs_recs fr = {s->pending, s->npending};
    int pos[8], usual = nh == 8;
    int *which;

    if (render_fieldsets(&fr, head, nh, k, path, e))
        return -1;
    if (!s->nhbulk)
        return 0;
    for (int i = 0; i < 8; i++) {
        pos[i] = -1;
        for (size_t j = 0; j < nh; j++)
            if (strcmp(head[j], names[i]) == 0)
                pos[i] = (int)j;
        if (pos[i] < 0)
            return err_at(e, path, 1, "no '%s' column", names[i]);
        usual &= pos[i] == i;
    }
    if (usual) /* the rows as they were rendered */
        return sink_spool(k, &s->hbulk, path, e);
    /* another column order, or columns of the user's own: each rendered
     * field where its column is, the others empty */
    which = xcalloc(nh + 1, sizeof *which);
    for (size_t j = 0; j < nh; j++)
        which[j] = -1;
    for (int i = 0; i < 8; i++)
        which[pos[i]] = i;
    /* read back by csvio, the one CSV parser, and written again as
     * rendered: minimal quoting, so each field's bytes are as they were */
    char *text = spool_text(&s->hbulk, path, e);
    struct csvio_reader *r;
    struct csvio_row *row;
    int rc;
    if (!text) {
        free(which);
        return -1;
    }
    r = csvio_open_mem(text, strlen(text), path);
    free(text);
    while ((rc = csvio_next(r, &row, e)) == 1) {
        assert(row->n == 8); /* as store_history_bulk rendered them */
        for (size_t j = 0; j < nh; j++) {
            if (j)
                sbuf_addc(&k->b, ',');
            if (which[j] >= 0)
                csvio_add_field(&k->b, row->f[which[j]], row->len[which[j]], ',');
        }
        sbuf_addc(&k->b, '\n');
        sink_line(k);
    }
    csvio_free(r);
    free(which);
    return rc < 0 ? -1 : 0;
}

int
store_commit(struct store *s, struct err *e)
{
    int rc = 0;
    if (s->npending || s->nhbulk) {
        if (!s->locked)
            return err_set(e, "internal error: commit without the lock");
        rc = append_prepared(s, &schema_history, render_history, s, e);
        for (size_t i = 0; i < s->npending; i++)
            fieldset_release(&s->pending[i]);
        s->npending = 0;
        spool_release(&s->hbulk);
        spool_init(&s->hbulk, s->dir);
        s->nhbulk = 0;
    }
    return rc ? rc : journal_commit(&s->jn, e);
}

/* ---- rewriting -------------------------------------------------------- */

const char *
edit_get(const struct edit *ed, const char *col)
{
    int j = table_find(ed->t, col);
    if (j < 0)
        return "";
    return ed->set[j] ? ed->set[j] : table_cell(ed->t, (size_t)j);
}

int
edit_set(struct store *s, struct edit *ed, const char *col, const char *value, struct err *e)
{
    int j = table_find(ed->t, col);
    const char *old;
    if (j < 0)
        return err_at(e, ed->t->name, 1, "no '%s' column", col);
    old = ed->set[j] ? ed->set[j] : table_cell(ed->t, (size_t)j);
    if (strcmp(old, value) == 0)
        return 0;
    /* history keeps the value the file had before this command */
    if (strcmp(col, "updated") != 0)
        store_history(s, ed->t->ent->name, store_key(ed->t), col, old, value);
    free(ed->set[j]);
    ed->set[j] = xstrdup(value);
    return 0;
}

static int rewrite(struct store *s, const struct entity_def *ent, const char *const *add,
                   store_edit_fn fn, void *ctx, const struct fieldset *append, size_t nappend,
                   const struct rowset *rows, struct err *e);

int
store_rewrite(struct store *s, const struct entity_def *ent, store_edit_fn fn, void *ctx,
              const struct fieldset *append, size_t nappend, struct err *e)
{
    return rewrite(s, ent, NULL, fn, ctx, append, nappend, NULL, e);
}

int
store_rewrite_cols(struct store *s, const struct entity_def *ent, const char *const *add,
                   store_edit_fn fn, void *ctx, const struct rowset *append, struct err *e)
{
    return rewrite(s, ent, add, fn, ctx, NULL, 0, append, e);
}

static int
rewrite(struct store *s, const struct entity_def *ent, const char *const *add, store_edit_fn fn,
        void *ctx, const struct fieldset *append, size_t nappend, const struct rowset *rows,
        struct err *e)
{
    char *path = entity_path(s, ent), *tmp = NULL;
    struct table *t = NULL;
    struct edit ed = {0};
    struct sink k = {{0}, -1, 0}; /* the new version's lines */
    struct sbuf *line = &k.b;
    const char **vals = NULL;
    long long max_id = 0;
    struct stat st;
    int rc = -1;

    if (!s->locked) {
        err_set(e, "internal error: rewrite without the lock");
        goto out;
    }
    if (!(t = store_read(s, ent, e)))
        goto out;
    for (size_t i = 0; add && add[i]; i++) /* new columns: rows read them as empty */
        if (table_find(t, add[i]) < 0) {
            t->head = xrealloc(t->head, (t->nhead + 2) * sizeof *t->head);
            t->head[t->nhead++] = xstrdup(add[i]);
            t->head[t->nhead] = NULL;
            int c = schema_col(ent, add[i]);
            if (c >= 0)
                t->col[c] = (int)t->nhead - 1;
        }
    if (lstat(path, &st) != 0) {
        err_sys(e, path, "cannot stat");
        goto out;
    }
    if (!(tmp = make_temp(path, st.st_mode & 07777, &k.fd, e)))
        goto out;
    csvio_add_row(line, (const char *const *)t->head, t->nhead, ',', 0);
    ed.t = t;
    ed.set = xcalloc(t->nhead + 1, sizeof *ed.set);
    vals = xcalloc(t->nhead + 1, sizeof *vals);
    for (;;) {
        int r = table_next(t, e);
        if (r < 0)
            goto out;
        if (r == 0)
            break;
        if (ent->id_prefix) { /* every row is read: the file's largest id is known */
            long long x = schema_id_number(table_get(t, schema_col(ent, "id")), ent->id_prefix);
            max_id = x > max_id ? x : max_id;
        }
        ed.drop = 0;
        if (fn && fn(ctx, &ed, e) < 0)
            goto out;
        if (!ed.drop) {
            for (size_t j = 0; j < t->nhead; j++)
                vals[j] = ed.set[j] ? ed.set[j] : table_cell(t, j);
            csvio_add_row(line, vals, t->nhead, ',', 0);
            sink_line(&k);
        }
        for (size_t j = 0; j < t->nhead; j++) {
            free(ed.set[j]);
            ed.set[j] = NULL;
        }
    }
    if (fn && fn(ctx, NULL, e) < 0) /* the end: the callback may still refuse */
        goto out;
    for (size_t r = 0; r < nappend; r++) {
        for (size_t i = 0; i < append[r].n; i++)
            if (table_find(t, append[r].names[i]) < 0 && *append[r].values[i]) {
                err_at(e, path, 1, "no '%s' column", append[r].names[i]);
                goto out;
            }
        for (size_t j = 0; j < t->nhead; j++)
            vals[j] = fieldset_get(&append[r], t->head[j]);
        csvio_add_row(line, vals, t->nhead, ',', 0);
        sink_line(&k);
        const char *id = fieldset_get(&append[r], "id");
        long long x = ent->id_prefix && id ? schema_id_number(id, ent->id_prefix) : -1;
        max_id = x > max_id ? x : max_id;
    }
    if (rows) {
        if (render_rowset_rows(rows, t->head, t->nhead, &k, path, e))
            goto out;
        for (size_t c = 0; c < rows->ncols && ent->id_prefix; c++)
            if (strcmp(rows->cols[c], "id") == 0)
                for (size_t r = 0; r < rows->n; r++) {
                    const char *id = rows->get(rows->ctx, r, c);
                    long long x = id ? schema_id_number(id, ent->id_prefix) : -1;
                    max_id = x > max_id ? x : max_id;
                }
    }
    sink_flush(&k);
    if (k.err) {
        errno = k.err;
        err_sys(e, path, "write error");
        goto out;
    }
    if (sys_fsync(k.fd) != 0) {
        err_sys(e, path, "fsync failed");
        goto out;
    }
    /* every row was read: no id in the new file is larger than max_id */
    if (put_in_place(s, ent, tmp, max_id, 1, e))
        goto out;
    free(tmp); /* the file's name now */
    tmp = NULL;
    rc = 0;
out:
    if (k.fd >= 0)
        close(k.fd);
    if (tmp) {
        (void)unlink(tmp);
        free(tmp);
    }
    if (ed.set) {
        for (size_t j = 0; t && j < t->nhead; j++)
            free(ed.set[j]);
        free(ed.set);
    }
    free(vals);
    table_free(t);
    sbuf_release(line);
    free(path);
    return rc;
}

int
store_create(struct store *s, const char *name, const char *data, size_t n, struct err *e)
{
    char *path = store_path(s, name), *tmp;
    struct stat st;
    int rc = -1;

    if (lstat(path, &st) == 0) { /* there already: kept as it is */
        free(path);
        return 0;
    }
    /* whole or not at all: written beside it, then linked into place (a
     * link never replaces a file that appeared meanwhile) */
    if ((tmp = write_temp(s, name, data, n, 1, e)) != NULL) {
        if (s->locked && journal_append(&s->jn, path, NULL, e))
            ; /* (undone with the rest unless committed) */
        else if (sys_link(tmp, path) == 0 || errno == EEXIST)
            rc = 0;
        else
            err_sys(e, path, "cannot create");
        (void)unlink(tmp);
        free(tmp);
    }
    free(path);
    return rc;
}

int
store_create_file(struct store *s, const struct entity_def *ent, struct err *e)
{
    struct sbuf b = {0}, name = {0};
    int rc;

    header_line(ent, &b);
    if (ent == &schema_stages)
        sbuf_adds(&b, "prospecting,1,10,pipeline,14\n"
                      "qualification,2,20,pipeline,14\n"
                      "proposal,3,50,best,21\n"
                      "negotiation,4,80,commit,14\n"
                      "won,5,100,closed,\n"
                      "lost,6,0,omitted,\n");
    sbuf_addf(&name, "%s.csv", ent->name);
    rc = store_create(s, name.p, b.p, b.len, e);
    sbuf_release(&b);
    sbuf_release(&name);
    return rc;
}
