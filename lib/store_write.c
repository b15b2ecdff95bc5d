/* store_write.c — writing the data files: appends, a staged new version
 * of a file, the history rows and the commit, rewrites, new files. Part of
 * store (see store.h for the rules it keeps; store_int.h is private to it). */
#include "store.h"
#include "store_int.h"

#include <assert.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "csvio.h"
#include "sysio.h"
#include "text.h"

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

/* The longest header row read: as long as a field may be (csvio.h). */
#define HEADER_MAX CSVIO_FIELD_MAX

/* Read the header row of an open data file (its first line). */
static char **
read_header(int fd, const char *path, struct err *e)
{
    struct sbuf buf = {0};
    struct csvio_reader *r;
    struct csvio_row *row;
    char **head = NULL;
    const char *nl = NULL;
    size_t len = 0;

    for (;;) { /* a wide file's header is many times 64 KiB */
        sbuf_grow(&buf, 65536);
        ssize_t k = pread(fd, buf.p + len, 65536, (off_t)len);
        if (k < 0) {
            err_sys(e, path, "read error");
            sbuf_release(&buf);
            return NULL;
        }
        nl = memchr(buf.p + len, '\n', (size_t)k);
        len += (size_t)k;
        buf.len = len;
        if (nl || k == 0)
            break;
        if (len > HEADER_MAX) {
            err_at(e, path, 1, "header row longer than %u MiB", HEADER_MAX >> 20);
            sbuf_release(&buf);
            return NULL;
        }
    }
    r = csvio_open_mem(buf.p, nl ? (size_t)(nl - buf.p + 1) : len, path);
    if (csvio_next(r, &row, e) == 1) {
        head = xcalloc(row->n + 1, sizeof *head);
        for (size_t i = 0; i < row->n; i++)
            head[i] = xstrdup(row->f[i]);
    } else if (!*e->msg) {
        err_at(e, path, 0, "empty file (no header row)");
    }
    csvio_free(r);
    sbuf_release(&buf);
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
        note_mtime(s, path, &st);
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
int
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
void
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
note_mtime(struct store *s, const char *path, const struct stat *st)
{
    struct mtime_note *m;
    for (size_t i = 0; i < s->nmtimes; i++)
        if (strcmp(s->mtimes[i].path, path) == 0)
            return; /* as it was before the first change */
    s->mtimes = xrealloc(s->mtimes, (s->nmtimes + 1) * sizeof *s->mtimes);
    m = &s->mtimes[s->nmtimes++];
    m->path = xstrdup(path);
    m->dev = st->st_dev;
    m->ino = st->st_ino;
    m->size = st->st_size;
    m->mtime = st->st_mtim;
}

void
forget_mtimes(struct store *s)
{
    for (size_t i = 0; i < s->nmtimes; i++)
        free(s->mtimes[i].path);
    free(s->mtimes);
    s->mtimes = NULL;
    s->nmtimes = 0;
}

/* After an undo that went through: each file changed in place is its old
 * bytes again (the same file, the same size), and gets its old time back. */
static void
restore_mtimes(struct store *s)
{
    for (size_t i = 0; i < s->nmtimes; i++) {
        const struct mtime_note *m = &s->mtimes[i];
        struct timespec ts[2] = {{0, UTIME_OMIT}, m->mtime};
        struct stat st;
        if (lstat(m->path, &st) == 0 && S_ISREG(st.st_mode) && st.st_dev == m->dev &&
            st.st_ino == m->ino && st.st_size == m->size)
            (void)utimensat(AT_FDCWD, m->path, ts, AT_SYMLINK_NOFOLLOW);
    }
}

void
store_rollback(struct store *s)
{
    struct err ignored; /* the command reports the error that made it fail;
                           an undo that fails is finished by the next command */
    drop_staged(s);
    if (journal_rollback(&s->jn, &ignored) == 0)
        restore_mtimes(s);
    forget_mtimes(s);
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
    if (s->dry_run) { /* everything was done as for real: now undone */
        for (size_t i = 0; i < s->npending; i++)
            fieldset_release(&s->pending[i]);
        s->npending = 0;
        spool_release(&s->hbulk);
        spool_init(&s->hbulk, s->dir);
        s->nhbulk = 0;
        store_rollback(s);
        return 0;
    }
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
    if (rc == 0 && (rc = journal_commit(&s->jn, e)) == 0)
        forget_mtimes(s);
    return rc;
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
        store_history(s, ed->t->ent->name, table_key(ed->t), col, old, value);
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
