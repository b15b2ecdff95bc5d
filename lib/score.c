/* score.c — lead scoring (see score.h). */
#include "score.h"

#include <ctype.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "hmap.h"
#include "text.h"

int
score_model_load(const char *path, struct score_model *m, struct err *e)
{
    FILE *fp = fopen(path, "r");
    char *line = NULL;
    size_t cap = 0;
    ssize_t len;
    long lineno = 0;
    int rc = -1;

    if (!fp)
        return err_sys(e, path, "cannot open");
    free(m->path);
    m->path = xstrdup(path);
    while ((len = getline(&line, &cap, fp)) >= 0) {
        char *p, *end, *last;
        lineno++;
        if (!utf8_valid(line, (size_t)len)) {
            err_at(e, path, lineno, "invalid UTF-8");
            goto out;
        }
        if ((p = strchr(line, '#')))
            *p = '\0';
        for (p = line + strlen(line); p > line && isspace((unsigned char)p[-1]);)
            *--p = '\0';
        for (p = line; isspace((unsigned char)*p);)
            p++;
        if (!*p)
            continue;
        /* the points: the last word */
        last = strrchr(p, ' ');
        char *tab = strrchr(p, '\t');
        if (!last || (tab && tab > last))
            last = tab;
        if (!last) {
            err_at(e, path, lineno, "expected 'FIELD OP VALUE POINTS' or 'activity TYPE POINTS'");
            goto out;
        }
        long pts = strtol(last + 1, &end, 10);
        if (*end || end == last + 1 || labs(pts) > 1000000) {
            err_at(e, path, lineno, "bad points '%s' (expected a whole number)", last + 1);
            goto out;
        }
        *last = '\0';
        while (last > p && isspace((unsigned char)last[-1]))
            *--last = '\0';
        m->v = xrealloc(m->v, (m->n + 1) * sizeof *m->v);
        struct score_rule *r = &m->v[m->n];
        memset(r, 0, sizeof *r);
        r->points = pts;
        r->line = lineno;
        r->text = xstrdup(p);
        if (strncmp(p, "activity", 8) == 0 && isspace((unsigned char)p[8])) {
            char *t = p + 9;
            while (isspace((unsigned char)*t))
                t++;
            if (*t && !strpbrk(t, " \t=<>!~")) {
                r->type = xstrdup(t);
                m->n++;
                continue;
            }
        }
        struct err we;
        if (where_parse(&r->w, p, &we)) {
            m->n++;
            err_at(e, path, lineno,
                   "bad rule '%s' (expected 'FIELD OP VALUE POINTS', OP one of = != < <= > >= ~ "
                   "with a valid pattern, or 'activity TYPE POINTS')",
                   p);
            goto out;
        }
        m->n++;
    }
    if (ferror(fp)) {
        err_sys(e, path, "read error");
        goto out;
    }
    if (!m->n) {
        err_at(e, path, 0, "no rules");
        goto out;
    }
    rc = 0;
out:
    free(line);
    fclose(fp);
    return rc;
}

void
score_model_release(struct score_model *m)
{
    for (size_t i = 0; i < m->n; i++) {
        free(m->v[i].text);
        free(m->v[i].type);
        if (!m->v[i].type)
            where_release(&m->v[i].w);
    }
    free(m->v);
    free(m->path);
    m->path = NULL;
    m->v = NULL;
    m->n = 0;
}

/* Points of one activity type: its rule, else the "*" rule, else 0. */
static long
type_points(const struct score_model *m, const char *type, const struct score_rule **which)
{
    const struct score_rule *star = NULL;
    for (size_t i = 0; i < m->n; i++) {
        if (!m->v[i].type)
            continue;
        if (strcmp(m->v[i].type, type) == 0) {
            *which = &m->v[i];
            return m->v[i].points;
        }
        if (strcmp(m->v[i].type, "*") == 0)
            star = &m->v[i];
    }
    *which = star;
    return star ? star->points : 0;
}

struct sctx {
    struct store *s;
    const struct score_model *m;
    struct filter *f;
    struct hmap eng; /* lead -> engagement in millionths of a point */
    const char *explain;
    int bound, c_score, found;
    struct score_result *v;
    long n, cap;
    struct score_part *parts, *eparts; /* --explain: rules, then engagement */
    size_t nparts, neparts;
};

static void
add_part(struct score_part **v, size_t *n, const char *what, const char *detail, double points)
{
    *v = xrealloc(*v, (*n + 1) * sizeof **v);
    (*v)[*n].what = xstrdup(what);
    (*v)[*n].detail = xstrdup(detail);
    (*v)[*n].points = points;
    (*n)++;
}

static int
engagement(struct sctx *c, struct err *e)
{
    const struct entity_def *ae = &schema_activities;
    int has_rules = 0;
    for (size_t i = 0; i < c->m->n; i++)
        has_rules |= c->m->v[i].type != NULL;
    if (!has_rules)
        return 0;
    struct table *t = store_read(c->s, ae, e);
    int r, c_id = schema_col(ae, "id"), c_date = schema_col(ae, "date"),
           c_lead = schema_col(ae, "lead"), c_type = schema_col(ae, "type"),
           c_done = schema_col(ae, "done");
    if (!t)
        return -1;
    while ((r = table_next(t, e)) == 1) {
        const char *lead = table_get(t, c_lead), *type = table_get(t, c_type);
        int64_t at;
        if (!*lead || (c->explain && strcmp(lead, c->explain) != 0))
            continue;
        if (datetime_parse(table_get(t, c_date), &at)) {
            r = err_at(e, t->name, table_line(t), "bad date '%s'", table_get(t, c_date));
            break;
        }
        if (!strcmp(type, "task") && !*table_get(t, c_done))
            continue; /* an open task is a plan, not engagement */
        double age = (double)(c->s->now - at) / 86400.0;
        if (age < 0 || age > c->m->days)
            continue;
        const struct score_rule *rule;
        long pts = type_points(c->m, type, &rule);
        if (!rule)
            continue;
        double w = (double)pts * pow(0.5, age / c->m->half_life);
        hmap_put(&c->eng, lead, NULL)->v.num += llround(w * 1e6);
        if (c->explain) {
            char detail[128];
            snprintf(detail, sizeof detail, "%s %s %.1f days ago", table_get(t, c_id),
                     *type ? type : "(no type)", age);
            add_part(&c->eparts, &c->neparts, rule->text, detail, w);
        }
    }
    table_free(t);
    return r;
}

static int
bind_rules(struct sctx *c, const struct table *t, struct err *e)
{
    if (c->bound)
        return 0;
    c->bound = 1;
    c->c_score = table_find(t, "score");
    if (c->f && filter_bind(c->f, t, e))
        return -1;
    for (size_t i = 0; i < c->m->n; i++) {
        struct score_rule *r = &c->m->v[i];
        struct err we;
        if (!r->type && where_bind(&r->w, t))
            return err_set(e, "rule '%s' (line %ld): %s has no column '%s'", r->text, r->line,
                           t->name, r->w.field);
        /* "segment = enterprize 30" would match nothing, silently */
        if (!r->type && where_check(&r->w, &c->s->vc, NULL, &we))
            return err_at(e, c->m->path, r->line, "rule '%s': %s", r->text, we.msg);
    }
    return 0;
}

/* The score of t's current row. */
static long
score_row(struct sctx *c, struct table *t)
{
    double sum = 0;
    for (size_t i = 0; i < c->m->n; i++) {
        const struct score_rule *r = &c->m->v[i];
        if (r->type)
            continue;
        const char *v = r->w.col < 0 ? "" : table_cell(t, (size_t)r->w.col);
        if (!where_test(&r->w, v, c->s->today))
            continue;
        sum += (double)r->points;
        if (c->explain)
            add_part(&c->parts, &c->nparts, r->text, *v ? v : "(not set)", (double)r->points);
    }
    struct hmap_entry *he = hmap_get(&c->eng, table_key(t));
    if (he)
        sum += (double)he->v.num / 1e6;
    long score = lround(sum);
    if (score > 1000000)
        score = 1000000;
    if (score < -1000000)
        score = -1000000;
    return score;
}

static void
push(struct sctx *c, struct table *t, long score)
{
    int cn = table_find(t, "name");
    if (c->n == c->cap) {
        c->cap = c->cap ? c->cap * 2 : 64;
        c->v = xrealloc(c->v, (size_t)c->cap * sizeof *c->v);
    }
    c->v[c->n].lead = xstrdup(table_key(t));
    c->v[c->n].name = xstrdup(cn < 0 ? "" : table_cell(t, (size_t)cn));
    c->v[c->n].old = xstrdup(c->c_score < 0 ? "" : table_cell(t, (size_t)c->c_score));
    c->v[c->n].score = score;
    c->n++;
}

static int
picked(struct sctx *c, struct table *t)
{
    if (c->explain)
        return strcmp(table_key(t), c->explain) == 0;
    return !c->f || filter_match(c->f, t);
}

static int
score_edit(void *vctx, struct edit *ed, struct err *e)
{
    struct sctx *c = vctx;
    char buf[32];
    if (!ed)
        return 0;
    if (bind_rules(c, ed->t, e))
        return -1;
    if (!picked(c, ed->t))
        return 0;
    long sc = score_row(c, ed->t);
    push(c, ed->t, sc);
    snprintf(buf, sizeof buf, "%ld", sc);
    return edit_set(c->s, ed, "score", buf, e);
}

long
lead_score(struct store *s, const struct score_model *m, struct filter *f,
           const char *explain_id, struct score_result **out, struct score_part **parts,
           size_t *nparts, struct err *e)
{
    struct sctx c;
    int rc = -1;
    memset(&c, 0, sizeof c);
    c.s = s;
    c.m = m;
    c.f = f;
    c.explain = explain_id;
    c.c_score = -1;
    *out = NULL;
    if (!explain_id && store_lock(s, e))
        return -1;
    if (engagement(&c, e))
        goto out;
    if (explain_id) {
        struct table *t = store_read(s, &schema_leads, e);
        int r;
        if (!t)
            goto out;
        while ((r = table_next(t, e)) == 1) {
            if (bind_rules(&c, t, e)) {
                r = -1;
                break;
            }
            if (picked(&c, t))
                push(&c, t, score_row(&c, t));
        }
        table_free(t);
        if (r < 0)
            goto out;
        if (!c.n) {
            err_set(e, "unknown lead '%s' (not in leads.csv)", explain_id);
            goto out;
        }
    } else {
        if (store_rewrite(s, &schema_leads, score_edit, &c, NULL, 0, e) || store_commit(s, e))
            goto out;
    }
    rc = 0;
out:
    hmap_release(&c.eng);
    for (size_t i = 0; i < c.neparts; i++)
        add_part(&c.parts, &c.nparts, c.eparts[i].what, c.eparts[i].detail, c.eparts[i].points);
    score_parts_free(c.eparts, c.neparts);
    if (rc) {
        score_results_free(c.v, c.n);
        score_parts_free(c.parts, c.nparts);
        return -1;
    }
    *out = c.v;
    if (parts) {
        *parts = c.parts;
        *nparts = c.nparts;
    } else {
        score_parts_free(c.parts, c.nparts);
    }
    return c.n;
}

void
score_results_free(struct score_result *v, long n)
{
    for (long i = 0; i < n; i++) {
        free(v[i].lead);
        free(v[i].name);
        free(v[i].old);
    }
    free(v);
}

void
score_parts_free(struct score_part *v, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        free(v[i].what);
        free(v[i].detail);
    }
    free(v);
}
