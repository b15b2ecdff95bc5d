/* entities.c — stages, reps and teams, deals (see entities.h). */
#include "entities.h"

#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "filter.h"
#include "text.h"

/* ---- memtab ----------------------------------------------------------- */

int
memtab_load(struct store *s, const struct entity_def *ent, struct memtab *mt, struct err *e)
{
    struct table *t = store_read(s, ent, e);
    size_t cap = 0;
    int rc;

    memset(mt, 0, sizeof *mt);
    mt->ent = ent;
    if (!t)
        return -1;
    mt->name = xstrdup(t->name);
    while ((rc = table_next(t, e)) == 1) {
        if (mt->nrows == cap) {
            cap = cap ? cap * 2 : 32;
            mt->rows = xrealloc(mt->rows, cap * sizeof *mt->rows);
            mt->lines = xrealloc(mt->lines, cap * sizeof *mt->lines);
        }
        char **row = xcalloc(ent->ncols, sizeof *row);
        for (size_t i = 0; i < ent->ncols; i++)
            row[i] = xstrdup(table_get(t, (int)i));
        mt->rows[mt->nrows] = row;
        mt->lines[mt->nrows] = table_line(t);
        mt->nrows++;
    }
    table_free(t);
    if (rc < 0) {
        memtab_release(mt);
        return -1;
    }
    return 0;
}

void
memtab_release(struct memtab *mt)
{
    for (size_t r = 0; r < mt->nrows; r++) {
        for (size_t i = 0; i < mt->ent->ncols; i++)
            free(mt->rows[r][i]);
        free(mt->rows[r]);
    }
    free(mt->rows);
    free(mt->lines);
    free(mt->name);
    memset(mt, 0, sizeof *mt);
}

/* ---- stages ----------------------------------------------------------- */

static int
by_order(const void *a, const void *b)
{
    const struct stage *x = a, *y = b;
    return (x->order > y->order) - (x->order < y->order);
}

enum deal_state
stage_state(const char *name)
{
    return str_eq_ci(name, "won") ? DEAL_WON : str_eq_ci(name, "lost") ? DEAL_LOST : DEAL_OPEN;
}

int
stages_load(struct store *s, struct stages *st, struct err *e)
{
    struct memtab mt;
    const struct entity_def *ent = &schema_stages;
    int c_stage = schema_col(ent, "stage"), c_order = schema_col(ent, "order"),
        c_prob = schema_col(ent, "probability"), c_cat = schema_col(ent, "category"),
        c_rot = schema_col(ent, "rotten_days");

    memset(st, 0, sizeof *st);
    if (memtab_load(s, ent, &mt, e))
        return -1;
    st->v = xcalloc(mt.nrows + 1, sizeof *st->v);
    for (size_t r = 0; r < mt.nrows; r++) {
        char **row = mt.rows[r];
        struct stage *g = &st->v[st->n];
        struct err ve;
        char *v;
        if (!*row[c_stage]) {
            err_at(e, mt.name, mt.lines[r], "empty stage name");
            goto fail;
        }
        if (stages_find(st, row[c_stage])) {
            err_at(e, mt.name, mt.lines[r], "duplicate stage '%s'", row[c_stage]);
            goto fail;
        }
        g->name = xstrdup(row[c_stage]);
        st->n++;
        for (int k = 0; k < 4; k++) {
            int c = k == 0 ? c_order : k == 1 ? c_prob : k == 2 ? c_cat : c_rot;
            v = schema_normalize(&ent->cols[c], row[c], &s->vc, &ve);
            if (!v) {
                err_at(e, mt.name, mt.lines[r], "%s", ve.msg);
                goto fail;
            }
            if (k == 0)
                g->order = *v ? atoi(v) : 0;
            else if (k == 1)
                g->probability = *v ? atoi(v) : 0;
            else if (k == 2) {
                g->category = "pipeline";
                for (const char *const *p = enum_category; *p; p++)
                    if (strcmp(*p, v) == 0)
                        g->category = *p;
            } else
                g->rotten_days = *v ? atoi(v) : -1;
            free(v);
        }
        g->state = stage_state(g->name);
    }
    memtab_release(&mt);
    qsort(st->v, st->n, sizeof *st->v, by_order);
    return 0;
fail:
    memtab_release(&mt);
    stages_release(st);
    return -1;
}

const struct stage *
stages_find(const struct stages *st, const char *name)
{
    for (size_t i = 0; i < st->n; i++) /* exact first: the common case, and cheap */
        if (st->v[i].name[0] == name[0] && strcmp(st->v[i].name, name) == 0)
            return &st->v[i];
    for (size_t i = 0; i < st->n; i++)
        if (str_eq_ci(st->v[i].name, name))
            return &st->v[i];
    return NULL;
}

const struct stage *
stages_first(const struct stages *st)
{
    for (size_t i = 0; i < st->n; i++)
        if (st->v[i].state == DEAL_OPEN)
            return &st->v[i];
    return NULL;
}

const struct stage *
stages_terminal(const struct stages *st, enum deal_state state)
{
    for (size_t i = 0; i < st->n; i++)
        if (st->v[i].state == state)
            return &st->v[i];
    return NULL;
}

const char *
stages_names(const struct stages *st, struct sbuf *b)
{
    sbuf_reset(b);
    for (size_t i = 0; i < st->n; i++)
        sbuf_addf(b, "%s%s", i ? ", " : "", st->v[i].name);
    return b->p ? b->p : "";
}

void
stages_release(struct stages *st)
{
    for (size_t i = 0; i < st->n; i++)
        free(st->v[i].name);
    free(st->v);
    memset(st, 0, sizeof *st);
}

/* ---- reps ------------------------------------------------------------- */

int
reps_load(struct store *s, struct reps *r, struct err *e)
{
    const struct entity_def *ent = &schema_reps;
    r->c_id = schema_col(ent, "id");
    r->c_name = schema_col(ent, "name");
    r->c_team = schema_col(ent, "team");
    r->c_manager = schema_col(ent, "manager");
    r->c_territory = schema_col(ent, "territory");
    r->c_active = schema_col(ent, "active");
    return memtab_load(s, ent, &r->mt, e);
}

void
reps_release(struct reps *r)
{
    memtab_release(&r->mt);
}

int
reps_index(const struct reps *r, const char *id)
{
    for (size_t i = 0; i < r->mt.nrows; i++)
        if (strcmp(r->mt.rows[i][r->c_id], id) == 0)
            return (int)i;
    return -1;
}

int
reps_active(const struct reps *r, int row)
{
    const char *a = r->mt.rows[row][r->c_active];
    return !(str_eq_ci(a, "no") || str_eq_ci(a, "false") || strcmp(a, "0") == 0 ||
             str_eq_ci(a, "n"));
}

int
reps_is_team(const struct reps *r, const char *name)
{
    for (size_t i = 0; i < r->mt.nrows; i++)
        if (*name && strcmp(r->mt.rows[i][r->c_team], name) == 0)
            return 1;
    return 0;
}

/* 1 when rep row i reports, through any chain of managers, to one of the
 * reps marked in inset. The chain is followed at most nrows steps, so a
 * manager loop in the data cannot hang us. */
static int
reports_to(const struct reps *r, size_t i, const char *inset)
{
    for (size_t steps = 0; steps <= r->mt.nrows; steps++) {
        if (inset[i])
            return 1;
        int m = reps_index(r, r->mt.rows[i][r->c_manager]);
        if (m < 0)
            return 0;
        i = (size_t)m;
    }
    return 0;
}

char **
reps_members(const struct reps *r, const char *owner)
{
    size_t n = r->mt.nrows, k = 0;
    char *inset = xcalloc(n + 1, 1), **out;
    int idx = reps_index(r, owner), any = 0;

    if (idx >= 0) {
        inset[idx] = 1;
        any = 1;
    } else {
        for (size_t i = 0; i < n; i++)
            if (strcmp(r->mt.rows[i][r->c_team], owner) == 0)
                inset[i] = 1, any = 1;
    }
    if (!any) {
        free(inset);
        return NULL;
    }
    out = xcalloc(n + 1, sizeof *out);
    for (size_t i = 0; i < n; i++)
        if (reports_to(r, i, inset))
            out[k++] = xstrdup(r->mt.rows[i][r->c_id]);
    out[k] = NULL;
    free(inset);
    return out;
}

int
filter_resolve_owners(struct filter *f, const struct reps *r, struct err *e)
{
    for (size_t i = 0; i < f->nowners; i++)
        if (reps_index(r, f->owners[i]) < 0)
            return err_set(e, "unknown rep '%s' (not in reps.csv)", f->owners[i]);
    if (f->team) {
        char **m = reps_members(r, f->team);
        if (!m)
            return err_set(e, "unknown team '%s' (no rep has it as team, and no rep has that id)",
                           f->team);
        if (f->owners && f->nowners) {
            /* --owner and --team together: the owners that are in the team */
            size_t k = 0;
            for (size_t i = 0; i < f->nowners; i++) {
                int in = 0;
                for (char **p = m; *p; p++)
                    in |= strcmp(*p, f->owners[i]) == 0;
                if (in)
                    f->owners[k++] = f->owners[i];
                else
                    free(f->owners[i]);
            }
            f->owners[k] = NULL;
            f->nowners = k;
        } else {
            for (char **p = m; *p; p++)
                filter_add_owner(f, *p);
        }
        strv_free(m);
    }
    return 0;
}

/* ---- deals ------------------------------------------------------------ */

/* "1.08" -> 1080000; -1 when not such a number. */
static int64_t
parse_rate(const char *s)
{
    int64_t units = 0, frac = 0;
    int nd = 0, nf = 0;
    for (; *s >= '0' && *s <= '9'; s++, nd++)
        if (nd < 9)
            units = units * 10 + (*s - '0');
    if (*s == '.')
        for (s++; *s >= '0' && *s <= '9'; s++)
            if (nf < 6)
                frac = frac * 10 + (*s - '0'), nf++;
    if (*s || nd == 0 || nd > 9)
        return -1;
    while (nf++ < 6)
        frac *= 10;
    return units * 1000000 + frac;
}

struct table *
deals_open(struct store *s, struct err *e)
{
    struct table *t = store_read(s, &schema_deals, e);
    /* a column renamed or lost in a spreadsheet would read as empty in every
     * row (amounts of 0, no close dates): refuse instead. A reader either
     * reads a file correctly or refuses it, never a silent wrong answer */
    if (t && table_require(t, DEAL_READ_COLUMNS, e)) {
        table_free(t);
        return NULL;
    }
    return t;
}

int
deals_won_each(struct store *s, struct filter *f,
               int (*fn)(void *ctx, const struct table *t, const struct deal *d,
                         const char *account, struct err *e),
               void *ctx, struct err *e)
{
    struct deal_ctx dc;
    struct table *t;
    int rc = -1, r;

    if (deal_ctx_init(&dc, s, e))
        return -1;
    t = store_read_if(s, &schema_deals, e);
    if (!t) {
        deal_ctx_release(&dc);
        return e->msg[0] ? -1 : 0;
    }
    if (table_require(t, DEAL_READ_COLUMNS ",account", e) || (f && filter_bind(f, t, e)))
        goto out;
    table_readahead(t); /* parsed on the other core while this one reads */
    while ((r = table_next(t, e)) == 1) {
        struct deal d;
        enum deal_state state;
        const char *acct;
        if (f && !filter_match(f, t))
            continue;
        if (deal_state(&dc, t, &state, e))
            goto out;
        if (state != DEAL_WON || !*(acct = table_get(t, dc.c_account)))
            continue;
        if (deal_read(&dc, t, &d, e))
            goto out;
        if (d.closed == DATE_NONE)
            continue;
        if (fn(ctx, t, &d, acct, e))
            goto out;
    }
    rc = r < 0 ? -1 : 0;
out:
    table_free(t);
    deal_ctx_release(&dc);
    return rc;
}

int
deal_ctx_init(struct deal_ctx *dc, struct store *s, struct err *e)
{
    const struct entity_def *ent = &schema_deals;
    memset(dc, 0, sizeof *dc);
    dc->s = s;
    if (stages_load(s, &dc->stages, e))
        return -1;
    for (size_t i = 0; s->rate_codes && s->rate_codes[i]; i++) {
        int64_t r = parse_rate(s->rate_values[i]);
        char code[8];
        if (r <= 0 || strlen(s->rate_codes[i]) != 3) {
            deal_ctx_release(dc);
            return err_set(e, "%s/config.json: bad rate %s = %s (expected a decimal such as 1.08)",
                           s->dir, s->rate_codes[i], s->rate_values[i]);
        }
        for (int k = 0; k < 4; k++)
            code[k] = (char)(s->rate_codes[i][k] >= 'a' && s->rate_codes[i][k] <= 'z'
                                 ? s->rate_codes[i][k] - 32
                                 : s->rate_codes[i][k]);
        hmap_put(&dc->rates, code, NULL)->v.num = r;
    }
#define COL(x) dc->c_##x = schema_col(ent, #x)
    COL(id);
    COL(created);
    COL(owner);
    COL(stage);
    COL(amount);
    COL(currency);
    COL(probability);
    COL(category);
    COL(close);
    COL(closed);
    COL(segment);
    COL(source);
    COL(name);
    COL(account);
    COL(type);
#undef COL
    return 0;
}

void
deal_ctx_release(struct deal_ctx *dc)
{
    stages_release(&dc->stages);
    hmap_release(&dc->rates);
}

static int
date_cell(const struct table *t, int col, const char *what, sdate *out, struct err *e)
{
    const char *v = table_get(t, col);
    *out = DATE_NONE;
    if (!*v)
        return 0;
    if (datetime_date(v, out))
        return err_at(e, t->name, table_line(t), "bad %s date '%s'", what, v);
    return 0;
}

/* The stage of the current row: its own, or the first when not set. */
static const struct stage *
row_stage(const struct deal_ctx *dc, const struct table *t, struct err *e)
{
    const char *v = table_get(t, dc->c_stage);
    const struct stage *st = stages_find(&dc->stages, v);
    if (!st && !*v)
        st = stages_first(&dc->stages); /* no stage yet: the first one */
    if (!st) {
        struct sbuf names = {0};
        err_at(e, t->name, table_line(t), "deal %s: unknown stage '%s' (stages: %s)",
               table_get(t, dc->c_id), v, stages_names(&dc->stages, &names));
        sbuf_release(&names);
    }
    return st;
}

int
deal_state(const struct deal_ctx *dc, const struct table *t, enum deal_state *state,
           struct err *e)
{
    const struct stage *st = row_stage(dc, t, e);
    if (!st)
        return -1;
    *state = st->state;
    return 0;
}

int
deal_read(const struct deal_ctx *dc, const struct table *t, struct deal *d, struct err *e)
{
    const char *v;

    d->id = table_get(t, dc->c_id);
    d->owner = table_get(t, dc->c_owner);
    d->segment = table_get(t, dc->c_segment);
    d->source = table_get(t, dc->c_source);
    if (!(d->stage = row_stage(dc, t, e)))
        return -1;
    d->state = d->stage->state;
    v = table_get(t, dc->c_amount);
    d->amount = 0;
    if (*v && (money_parse(v, &d->amount) || d->amount < 0))
        return err_at(e, t->name, table_line(t), "deal %s: bad amount '%s'", d->id, v);
    v = table_get(t, dc->c_currency);
    if (*v && !str_eq_ci(v, dc->s->currency)) {
        char code[4] = {0};
        for (int k = 0; k < 3 && v[k]; k++)
            code[k] = (char)(v[k] >= 'a' && v[k] <= 'z' ? v[k] - 32 : v[k]);
        struct hmap_entry *r = strlen(v) == 3 ? hmap_get(&dc->rates, code) : NULL;
        if (!r)
            return err_at(e, t->name, table_line(t),
                          "deal %s: no exchange rate for %s (add \"rates\": {\"%s\": ...} to "
                          "config.json)",
                          d->id, v, code);
        if (metric_convert(d->amount, r->v.num, &d->amount))
            return err_at(e, t->name, table_line(t), "deal %s: amount %s %s too large in %s", d->id,
                          table_get(t, dc->c_amount), v, dc->s->currency);
    }
    switch (d->state) {
    case DEAL_WON:
        d->probability = 100;
        d->category = "closed";
        break;
    case DEAL_LOST:
        d->probability = 0;
        d->category = "omitted";
        break;
    default:
        v = table_get(t, dc->c_probability);
        if (*v) {
            if (schema_percent(v, &d->probability))
                return err_at(e, t->name, table_line(t), "deal %s: bad probability '%s'", d->id,
                              v);
        } else {
            d->probability = d->stage->probability;
        }
        v = table_get(t, dc->c_category);
        d->category = d->stage->category;
        if (*v) {
            const char *const *p;
            for (p = enum_category; *p; p++)
                if (str_eq_ci(*p, v))
                    break;
            if (!*p)
                return err_at(e, t->name, table_line(t), "deal %s: bad category '%s'", d->id, v);
            d->category = *p;
        }
    }
    if (date_cell(t, dc->c_created, "created", &d->created, e) ||
        date_cell(t, dc->c_close, "close", &d->close, e) ||
        date_cell(t, dc->c_closed, "closed", &d->closed, e))
        return -1;
    return 0;
}

int
deal_stale_limit(const struct store *s, const struct deal *d)
{
    return d->stage->rotten_days >= 0 ? d->stage->rotten_days : s->stale_days;
}

int
deal_stale(const struct store *s, const struct deal *d, sdate since)
{
    return since != DATE_NONE && s->today - since > deal_stale_limit(s, d);
}

int
deal_in_pipeline(const struct deal *d)
{
    return d->state == DEAL_OPEN && strcmp(d->category, "omitted") != 0;
}

/* ---- stage entry dates, with a cache of history.csv ------------------- */

/*
 * history.csv only grows, and reading it whole on every pipeline-show
 * would cost more than reading deals.csv. DIR/.stage-cache holds what a
 * previous run learned: for each deal whose last stage change was into an
 * open stage, the day of that change; and where in which history.csv that
 * knowledge ends (device, inode, byte offset, lines, a hash of the 64
 * bytes before the offset). A run reads the cache, then only the history
 * after the offset; when the cache does not match (the file was replaced
 * or cut) it reads the whole file. Any run may rewrite the cache when it
 * can have the lock at once (store_cache_write: a fresh temporary name and
 * a rename; every version written is correct for its offset). A read-only
 * directory just goes without.
 */
#define STAGE_CACHE ".stage-cache"
#define STAGE_CACHE_MAGIC "salesutils-stage-cache-1"
#define STAGE_CACHE_MIN_NEW (1 << 20) /* rewrite once this much history is new */

static uint64_t
tail_hash(const char *path, int64_t offset)
{
    unsigned char buf[64];
    uint64_t h = UINT64_C(14695981039346656037);
    int64_t from = offset > 64 ? offset - 64 : 0;
    int fd = open(path, O_RDONLY | O_CLOEXEC);
    ssize_t n = fd >= 0 ? pread(fd, buf, (size_t)(offset - from), from) : -1;
    if (fd >= 0)
        close(fd);
    for (ssize_t i = 0; i < n; i++)
        h = (h ^ buf[i]) * UINT64_C(1099511628211);
    return n == offset - from ? h : 0;
}

/* Load the cache into m if it describes this history file; returns the
 * offset and lines it covers (0, 0 when there is no usable cache). */
static int64_t
stage_cache_read(struct store *s, const char *hpath, const struct file_id *fid, struct hmap *m,
                 long *lines)
{
    char *path = store_path(s, STAGE_CACHE), line[256], magic[64];
    int fd = open(path, O_RDONLY | O_NOFOLLOW | O_CLOEXEC);
    FILE *fp = fd >= 0 ? fdopen(fd, "r") : NULL;
    unsigned long long dev, ino, hash;
    long long offset, nlines;

    free(path);
    *lines = 0;
    if (!fp) {
        if (fd >= 0)
            close(fd);
        return 0;
    }
    if (!fgets(line, sizeof line, fp) ||
        sscanf(line, "%63s %llu %llu %lld %lld %llx", magic, &dev, &ino, &offset, &nlines,
               &hash) != 6 ||
        strcmp(magic, STAGE_CACHE_MAGIC) != 0 || dev != (unsigned long long)fid->dev ||
        ino != (unsigned long long)fid->ino || offset > fid->size || offset <= 0 ||
        tail_hash(hpath, offset) != hash) {
        fclose(fp);
        return 0;
    }
    while (fgets(line, sizeof line, fp)) {
        char *sp = strchr(line, ' ');
        if (!sp)
            continue;
        *sp = '\0';
        hmap_put(m, line, NULL)->v.num = strtol(sp + 1, NULL, 10);
    }
    fclose(fp);
    *lines = (long)nlines;
    return offset;
}

static void
stage_cache_write(struct store *s, const char *hpath, const struct file_id *fid, long lines,
                  const struct hmap *m)
{
    struct sbuf b = {0};
    sbuf_addf(&b, "%s %llu %llu %lld %ld %llx\n", STAGE_CACHE_MAGIC,
              (unsigned long long)fid->dev, (unsigned long long)fid->ino, (long long)fid->size,
              lines, (unsigned long long)tail_hash(hpath, fid->size));
    for (size_t i = 0; i < m->cap; i++)
        if (m->slots[i].key && m->slots[i].v.num != DATE_NONE)
            sbuf_addf(&b, "%s %lld\n", m->slots[i].key, (long long)m->slots[i].v.num);
    store_cache_write(s, STAGE_CACHE, b.p ? b.p : "", b.len);
    sbuf_release(&b);
}

int
history_columns(const struct table *t, const char *need, struct history_cols *c, struct err *e)
{
    if (table_require(t, need, e))
        return -1;
    c->ts = table_find(t, "ts");
    c->entity = table_find(t, "entity");
    c->id = table_find(t, "id");
    c->field = table_find(t, "field");
    c->old = table_find(t, "old");
    c->new_ = table_find(t, "new");
    return 0;
}

int
stage_entries_load(struct store *s, struct hmap *m, struct err *e)
{
    struct file_id fid;
    struct table *t = store_read_id(s, &schema_history, &fid, e);
    struct history_cols c;
    int rc;
    int64_t offset;
    long lines;

    if (!t)
        return -1;
    if (history_columns(t, "ts,entity,id,field,new", &c, e)) {
        table_free(t);
        return -1;
    }
    offset = stage_cache_read(s, t->name, &fid, m, &lines);
    if (offset > 0 && csvio_seek(t->csv, offset, lines, fid.size - offset, e)) {
        table_free(t);
        return -1;
    }
    while ((rc = table_next(t, e)) == 1) {
        sdate d;
        const char *to;
        if (strcmp(table_cell(t, (size_t)c.field), "stage") != 0 ||
            strcmp(table_cell(t, (size_t)c.entity), "deals") != 0)
            continue;
        if (datetime_date(table_cell(t, (size_t)c.ts), &d)) {
            rc = err_at(e, t->name, table_line(t), "bad ts '%s'", table_cell(t, (size_t)c.ts));
            break;
        }
        /* into won or lost: a closed deal is never stale */
        to = table_cell(t, (size_t)c.new_);
        if (stage_state(to) != DEAL_OPEN)
            d = DATE_NONE;
        hmap_put(m, table_cell(t, (size_t)c.id), NULL)->v.num = d;
    }
    if (rc == 0 && fid.size - offset >= STAGE_CACHE_MIN_NEW)
        stage_cache_write(s, t->name, &fid, csvio_lines(t->csv), m);
    table_free(t);
    return rc < 0 ? -1 : 0;
}

/* ---- subscriptions ---------------------------------------------------- */

int
subscription_active(sdate start, sdate end, sdate day)
{
    return start != DATE_NONE && start <= day && (end == DATE_NONE || end > day);
}
