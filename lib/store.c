/* store.c — the data directory (see store.h for the rules it keeps):
 * opening it, its lock, reading its files, ids and the side files.
 * Writing the data files is in store_write.c. */
#include "store.h"
#include "store_int.h"

#include <assert.h>
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <math.h>
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

void
store_coach_defaults(struct coach_cfg *c)
{
    c->coverage = 3;
    c->conversion_ratio = 0.75;
    c->conversion_min = 5;
    c->response_ratio = 2;
    c->activity_ratio = 0.5;
    c->activity_days = 30;
    c->score = 0.5;
}

/* A config number in [lo, hi] (a whole one when whole): 0, or -1 with e
 * set saying what key wants. A key that is not there keeps *out. */
static int
config_number(struct jsonio_doc *d, const char *path, const char *key, double lo, double hi,
              int whole, double *out, struct err *e)
{
    int bad;
    char *end;
    const char *v = jsonio_get(d, key, &bad);
    if (!v && !bad)
        return 0;
    double x = bad ? NAN : strtod(v, &end);
    if (bad || *end || end == v || !(x >= lo && x <= hi) || (whole && x != (double)(long)x)) {
        if (whole)
            return err_at(e, path, 0, "%s must be a whole number from %g to %g", key, lo, hi);
        return err_at(e, path, 0, "%s must be a number from %g to %g", key, lo, hi);
    }
    *out = x;
    return 0;
}

/* coach's keys (store_coach_defaults first). */
static int
config_coach(struct jsonio_doc *d, const char *path, struct coach_cfg *c, struct err *e)
{
    double cmin = c->conversion_min, days = c->activity_days;
    if (config_number(d, path, "coach_coverage", 0, 1000, 0, &c->coverage, e) ||
        config_number(d, path, "coach_conversion_ratio", 0, 1, 0, &c->conversion_ratio, e) ||
        config_number(d, path, "coach_conversion_min", 1, 100000, 1, &cmin, e) ||
        config_number(d, path, "coach_response_ratio", 1, 1000, 0, &c->response_ratio, e) ||
        config_number(d, path, "coach_activity_ratio", 0, 1, 0, &c->activity_ratio, e) ||
        config_number(d, path, "coach_activity_days", 1, 3660, 1, &days, e) ||
        config_number(d, path, "coach_score", 0, 1, 0, &c->score, e))
        return -1;
    c->conversion_min = (int)cmin;
    c->activity_days = (int)days;
    return 0;
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
    store_coach_defaults(&s->coach);
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
    if ((v = jsonio_get(d, "timezone", &bad)) || bad) {
        /* a team in one place: its zone wins over each user's $TZ */
        if (bad || sales_set_timezone(v)) {
            err_at(e, path, 0, "timezone must be an IANA time zone name such as "
                               "\"America/Los_Angeles\"%s%s%s",
                   bad ? "" : " (no zone '", bad ? "" : v, bad ? "" : "')");
            goto out;
        }
    }
    if (config_coach(d, path, &s->coach, e))
        goto out;
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
        store_coach_defaults(&s->coach);
    }
    s->today = sales_today(); /* after config.json: its timezone decides the day */
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
    forget_mtimes(s);
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
    /* a writer makes its temporary files and journal in the directory:
     * say so at once, not as a failure to open some file half-way */
    if (faccessat(AT_FDCWD, s->dir, W_OK, AT_EACCESS) != 0) {
        if (errno == EROFS)
            return err_at(e, s->dir, 0, "the data directory is on a read-only file system");
        if (errno == EACCES || errno == EPERM) {
            const struct passwd *pw = getpwuid(geteuid());
            char uid[24];
            snprintf(uid, sizeof uid, "uid %ld", (long)geteuid());
            return err_at(e, s->dir, 0, "the data directory is not writable by this user (%s)",
                          pw && pw->pw_name ? pw->pw_name : uid);
        }
    }
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

char *
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
int
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

int
store_has(struct store *s, const struct entity_def *ent)
{
    char *path = entity_path(s, ent);
    struct stat st;
    int has = lstat(path, &st) == 0 || errno != ENOENT; /* a link is there: refused when read */
    free(path);
    return has;
}

struct table *
store_read_if(struct store *s, const struct entity_def *ent, struct err *e)
{
    if (!store_has(s, ent)) {
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

int
store_find(struct store *s, const struct entity_def *ent, const char *key, struct err *e)
{
    struct table *t = store_read(s, ent, e);
    int rc;
    if (!t)
        return -1;
    while ((rc = table_next(t, e)) == 1)
        if (strcmp(table_key(t), key) == 0)
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
char *
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
char *
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
int
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
int
note_ids(struct store *s, const struct entity_def *ent, long long max_id, int trusted,
         struct err *e)
{
    struct idrec recs[32];
    int nrec = read_ids(s, recs, 31), i;
    char *path = entity_path(s, ent);
    struct stat st;
    int rc;
    if (s->dry_run) { /* the ids this command took are given back */
        free(path);
        return 0;
    }
    rc = stat(path, &st);
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

