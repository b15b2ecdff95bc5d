/* assign.c — lead assignment (see assign.h). */
#include "assign.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "text.h"

#define STATE_FILE ".lead-assign"

int
assign_by_parse(const char *s, enum assign_by *out)
{
    static const char *const names[] = {"round-robin", "territory", "load"};
    for (int i = 0; i < 3; i++)
        if (strcmp(s, names[i]) == 0)
            return *out = (enum assign_by)i, 0;
    return -1;
}

struct pool_rep {
    char *id;
    char **territories;
    long open;
};

struct actx {
    struct store *s;
    const struct assign_opts *o;
    struct pool_rep *pool;
    size_t npool;
    size_t next; /* round-robin: the pool index that gets the next lead */
    char *last;  /* round-robin: the last rep given a lead */
    int bound, c_field;
    struct assignment *v;
    long n, cap;
};

static int
rep_cmp(const void *a, const void *b)
{
    return strcmp(((const struct pool_rep *)a)->id, ((const struct pool_rep *)b)->id);
}

static int
is_open_status(const char *st)
{
    return !*st || !strcmp(st, "new") || !strcmp(st, "contacted") || !strcmp(st, "qualified");
}

static char *
trim_dup(const char *s)
{
    size_t n;
    while (*s == ' ' || *s == '\t')
        s++;
    n = strlen(s);
    while (n && (s[n - 1] == ' ' || s[n - 1] == '\t'))
        n--;
    return xstrndup(s, n);
}

/* The pool: active reps (of the team, or the given ones), sorted by id. */
static int
load_pool(struct actx *a, struct err *e)
{
    struct reps r;
    char **members = NULL;
    if (reps_load(a->s, &r, e))
        return -1;
    if (a->o->team && !(members = reps_members(&r, a->o->team))) {
        reps_release(&r);
        return err_set(e, "unknown team '%s' (no rep has it as team, and no rep has that id)",
                       a->o->team);
    }
    for (char **p = a->o->reps; p && *p; p++) {
        int i = reps_index(&r, *p);
        if (i < 0) {
            reps_release(&r);
            strv_free(members);
            return err_set(e, "unknown rep '%s' (not in reps.csv)", *p);
        }
        if (!reps_active(&r, i)) {
            reps_release(&r);
            strv_free(members);
            return err_set(e, "rep '%s' is not active", *p);
        }
    }
    a->pool = xcalloc(r.mt.nrows + 1, sizeof *a->pool);
    const int c_role = schema_col(&schema_reps, "role");
    for (size_t i = 0; i < r.mt.nrows; i++) {
        const char *id = r.mt.rows[i][r.c_id];
        int want = reps_active(&r, (int)i);
        /* managers lead, they are not handed leads (unless named in --reps) */
        if (want && !a->o->include_managers && !a->o->reps &&
            str_eq_ci(r.mt.rows[i][c_role], "manager"))
            want = 0;
        if (want && members) {
            want = 0;
            for (char **p = members; *p; p++)
                want |= strcmp(*p, id) == 0;
        }
        if (want && a->o->reps) {
            want = 0;
            for (char **p = a->o->reps; *p; p++)
                want |= strcmp(*p, id) == 0;
        }
        if (!want)
            continue;
        struct pool_rep *pr = &a->pool[a->npool++];
        pr->id = xstrdup(id);
        /* territory: "US, CA" or "US;CA" */
        struct sbuf t = {0};
        sbuf_adds(&t, r.mt.rows[i][r.c_territory]);
        for (char *c = t.p; c && *c; c++)
            if (*c == ';')
                *c = ',';
        char **items = str_split(t.p ? t.p : "", ',');
        size_t k = 0;
        pr->territories = xcalloc(strv_len(items) + 1, sizeof *pr->territories);
        for (char **p = items; *p; p++) {
            char *x = trim_dup(*p);
            if (*x)
                pr->territories[k++] = x;
            else
                free(x);
        }
        strv_free(items);
        sbuf_release(&t);
    }
    reps_release(&r);
    strv_free(members);
    if (!a->npool)
        return err_set(e, "no active reps to assign leads to%s",
                       a->o->include_managers ? "" : " (managers only with --include-managers)");
    qsort(a->pool, a->npool, sizeof *a->pool, rep_cmp);
    return 0;
}

/* Open leads per rep of the pool. */
static int
count_open(struct actx *a, struct err *e)
{
    struct table *t = store_read(a->s, &schema_leads, e);
    int r, c_ow = schema_col(&schema_leads, "owner"), c_st = schema_col(&schema_leads, "status");
    if (!t)
        return -1;
    if (table_require(t, "owner,status", e)) {
        table_free(t);
        return -1;
    }
    while ((r = table_next(t, e)) == 1) {
        const char *ow = table_get(t, c_ow);
        if (!*ow || !is_open_status(table_get(t, c_st)))
            continue;
        for (size_t i = 0; i < a->npool; i++)
            if (strcmp(a->pool[i].id, ow) == 0)
                a->pool[i].open++;
    }
    table_free(t);
    return r;
}

/* The last rep of the previous round-robin run, or NULL. */
static char *
read_state(struct store *s)
{
    char *path = store_path(s, STATE_FILE), line[256], *last = NULL;
    FILE *fp = fopen(path, "r");
    free(path);
    if (!fp)
        return NULL;
    while (fgets(line, sizeof line, fp)) {
        line[strcspn(line, "\r\n")] = '\0';
        if (strncmp(line, "last ", 5) == 0) {
            free(last);
            last = xstrdup(line + 5);
        }
    }
    fclose(fp);
    return last;
}

/* The state, replaced as part of the command's changes. */
static int
write_state(struct store *s, const char *last, struct err *e)
{
    struct sbuf b = {0};
    int rc;
    sbuf_addf(&b, "# lead-assign --by round-robin: the rep who got the last lead\nlast %s\n",
              last);
    rc = store_replace_file(s, STATE_FILE, b.p, b.len, e);
    sbuf_release(&b);
    return rc;
}

static void
push(struct actx *a, const char *lead, const char *name, const char *rep, const char *reason)
{
    if (a->n == a->cap) {
        a->cap = a->cap ? a->cap * 2 : 32;
        a->v = xrealloc(a->v, (size_t)a->cap * sizeof *a->v);
    }
    a->v[a->n].lead = xstrdup(lead);
    a->v[a->n].name = xstrdup(name);
    a->v[a->n].rep = xstrdup(rep);
    a->v[a->n].reason = xstrdup(reason);
    a->n++;
}

/* Decide for the current row of t; returns the pool index or -1 (reason set). */
static int
choose(struct actx *a, const struct table *t, char *reason, size_t rn)
{
    int best = -1;
    switch (a->o->by) {
    case ASSIGN_ROUND_ROBIN:
        best = (int)a->next;
        a->next = (a->next + 1) % a->npool;
        snprintf(reason, rn, "round-robin");
        break;
    case ASSIGN_LOAD:
        for (size_t i = 0; i < a->npool; i++)
            if (best < 0 || a->pool[i].open < a->pool[best].open)
                best = (int)i;
        snprintf(reason, rn, "load %ld", a->pool[best].open);
        break;
    case ASSIGN_TERRITORY: {
        const char *v = table_cell(t, (size_t)a->c_field);
        char *want = trim_dup(v);
        for (size_t i = 0; *want && i < a->npool; i++)
            for (char **p = a->pool[i].territories; *p; p++)
                if (str_eq_ci(*p, want) && (best < 0 || a->pool[i].open < a->pool[best].open))
                    best = (int)i;
        if (best >= 0)
            snprintf(reason, rn, "%s %s", t->head[a->c_field], want);
        else if (*want)
            snprintf(reason, rn, "no rep for %s '%s'", t->head[a->c_field], want);
        else
            snprintf(reason, rn, "no %s", t->head[a->c_field]);
        free(want);
        break;
    }
    }
    if (best >= 0)
        a->pool[best].open++;
    return best;
}

static int
bind(struct actx *a, const struct table *t, struct err *e)
{
    if (a->bound)
        return 0;
    a->bound = 1;
    if (table_require(t, "owner,status", e)) /* renamed, every lead would look unowned */
        return -1;
    if (a->o->f && filter_bind(a->o->f, t, e))
        return -1;
    if (a->o->by != ASSIGN_TERRITORY)
        return 0;
    if (a->o->field) {
        if ((a->c_field = table_find(t, a->o->field)) < 0)
            return err_at(e, t->name, 1, "no '%s' column", a->o->field);
        return 0;
    }
    static const char *const tries[] = {"territory", "region", "country"};
    for (int i = 0; i < 3; i++)
        if ((a->c_field = table_find(t, tries[i])) >= 0)
            return 0;
    return err_at(e, t->name, 1,
                  "no territory, region or country column to match reps' territory against "
                  "(add one, or name it with --field)");
}

static int
wanted(struct actx *a, const struct table *t)
{
    const char *ow = table_cell(t, (size_t)table_find(t, "owner"));
    int st = table_find(t, "status");
    const char *status = st < 0 ? "" : table_cell(t, (size_t)st);
    if (*ow || !strcmp(status, "converted") || !strcmp(status, "disqualified"))
        return 0;
    return !a->o->f || filter_match(a->o->f, t);
}

static const char *
lead_name(const struct table *t)
{
    int c = table_find(t, "name");
    const char *n = c < 0 ? "" : table_cell(t, (size_t)c);
    if (!*n && (c = table_find(t, "company")) >= 0)
        n = table_cell(t, (size_t)c);
    return n;
}

static int
assign_row(void *vctx, struct edit *ed, struct err *e)
{
    struct actx *a = vctx;
    char reason[256], ts[TS_BUFSZ];
    if (!ed)
        return 0;
    if (bind(a, ed->t, e))
        return -1;
    if (!wanted(a, ed->t))
        return 0;
    int k = choose(a, ed->t, reason, sizeof reason);
    push(a, table_key(ed->t), lead_name(ed->t), k >= 0 ? a->pool[k].id : "", reason);
    if (k < 0)
        return 0;
    free(a->last);
    a->last = xstrdup(a->pool[k].id);
    if (edit_set(a->s, ed, "owner", a->pool[k].id, e))
        return -1;
    if (table_find(ed->t, "updated") >= 0)
        return edit_set(a->s, ed, "updated", ts_format(a->s->now, ts), e);
    return 0;
}

long
lead_assign(struct store *s, const struct assign_opts *o, struct assignment **out, struct err *e)
{
    struct actx a;
    int rc = -1;
    memset(&a, 0, sizeof a);
    a.s = s;
    a.o = o;
    a.c_field = -1;
    *out = NULL;
    if (store_lock(s, e))
        return -1;
    if (load_pool(&a, e) || count_open(&a, e))
        goto out;
    if (o->by == ASSIGN_ROUND_ROBIN) { /* start after the last rep of the previous run */
        char *prev = read_state(s);
        a.next = 0;
        for (size_t i = 0; prev && i < a.npool; i++)
            if (strcmp(a.pool[i].id, prev) > 0) { /* else wrap to the first */
                a.next = i;
                break;
            }
        free(prev);
    }
    if (store_rewrite(s, &schema_leads, assign_row, &a, NULL, 0, e))
        goto out;
    if (o->by == ASSIGN_ROUND_ROBIN && a.last && write_state(s, a.last, e))
        goto out;
    if (store_commit(s, e))
        goto out;
    rc = 0;
out:
    for (size_t i = 0; i < a.npool; i++) {
        free(a.pool[i].id);
        strv_free(a.pool[i].territories);
    }
    free(a.pool);
    free(a.last);
    if (rc) {
        assignments_free(a.v, a.n);
        return -1;
    }
    *out = a.v;
    return a.n;
}

void
assignments_free(struct assignment *v, long n)
{
    for (long i = 0; i < n; i++) {
        free(v[i].lead);
        free(v[i].name);
        free(v[i].rep);
        free(v[i].reason);
    }
    free(v);
}
