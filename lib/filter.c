/* filter.c — the common filter flags (see filter.h). */
#include "filter.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "text.h"

void
filter_init(struct filter *f)
{
    memset(f, 0, sizeof *f);
    f->since = f->until = DATE_NONE;
    f->c_owner = f->c_segment = f->c_stage = f->c_status = f->c_source = f->c_date = -1;
}

/* Append the comma-separated items of arg to *list (normalised by c when
 * given). */
static int
add_list(char ***list, const char *arg, const struct column_def *c, const struct value_ctx *vc,
         struct err *e)
{
    char **items = str_split(arg, ',');
    size_t n = strv_len(*list), k = strv_len(items);
    *list = xrealloc(*list, (n + k + 1) * sizeof **list);
    for (size_t i = 0; i < k; i++) {
        char *v = c ? schema_normalize(c, items[i], vc, e) : xstrdup(items[i]);
        if (!v || !*v) {
            if (v)
                err_set(e, "empty value in '%s'", arg);
            free(v);
            (*list)[n] = NULL;
            strv_free(items);
            return -1;
        }
        (*list)[n++] = v;
    }
    (*list)[n] = NULL;
    strv_free(items);
    return 0;
}

static const struct column_def *
col_of(const struct entity_def *ent, const char *name)
{
    int i = schema_col(ent, name);
    return i < 0 ? NULL : &ent->cols[i];
}

int
where_parse(struct where *w, const char *arg, struct err *e)
{
    static const char *const ops[] = {"<=", ">=", "!=", "=", "<", ">", "~"};
    const char *p = arg, *start;
    size_t i;

    while (*p == ' ')
        p++;
    start = p;
    while (isalnum((unsigned char)*p) || *p == '_' || *p == '-' || *p == '.')
        p++;
    if (p == start)
        return err_set(e, "bad --where '%s' (expected 'FIELD OP VALUE')", arg);
    w->field = xstrndup(start, (size_t)(p - start));
    while (*p == ' ')
        p++;
    for (i = 0; i < sizeof ops / sizeof ops[0]; i++)
        if (strncmp(p, ops[i], strlen(ops[i])) == 0)
            break;
    if (i == sizeof ops / sizeof ops[0])
        return err_set(e, "bad --where '%s' (operator must be one of = != < <= > >= ~)", arg);
    strcpy(w->op, ops[i]);
    p += strlen(ops[i]);
    if (*p && strchr("<>=!~", *p)) /* '>>', '==', '=<': not an operator, and no value */
        return err_set(e, "bad --where '%s': no operator '%s%c' (one of = != < <= > >= ~)", arg,
                       w->op, *p);
    while (*p == ' ')
        p++;
    w->value = xstrdup(p);
    while (*w->value && w->value[strlen(w->value) - 1] == ' ')
        w->value[strlen(w->value) - 1] = '\0';
    if (strcmp(w->op, "~") == 0) {
        int rc = regcomp(&w->re, w->value, REG_EXTENDED | REG_ICASE | REG_NOSUB);
        if (rc) {
            char msg[128];
            regerror(rc, &w->re, msg, sizeof msg);
            w->op[0] = '\0'; /* nothing to regfree */
            return err_set(e, "bad --where '%s': %s", arg, msg);
        }
    }
    w->col = -1;
    return 0;
}

int
filter_option(struct filter *f, int opt, const char *arg, const struct value_ctx *vc,
              struct err *e)
{
    static const struct column_def seg = {"segment", CT_ENUM, 0, NULL, enum_segment, 0, 0, ""};
    static const struct column_def status = {"status", CT_ENUM, 0, NULL, enum_lead_status, 0, 0,
                                             ""};
    static const struct column_def stage = {"stage", CT_STAGE, 0, NULL, NULL, 0, 0, ""};
    sdate d;

    f->active = 1;
    f->vc = vc;
    switch (opt) {
    case FILTER_OWNER:
        f->owner_given = 1;
        if (add_list(&f->owners, arg, NULL, vc, e))
            return -1;
        f->nowners = strv_len(f->owners);
        return 0;
    case FILTER_TEAM:
        if (!*arg)
            return err_set(e, "empty --team");
        free(f->team);
        f->team = xstrdup(arg);
        f->owner_given = 1;
        return 0;
    case FILTER_SEGMENT:
        return add_list(&f->segments, arg, &seg, vc, e);
    case FILTER_STAGE:
        return add_list(&f->stages, arg, &stage, vc, e);
    case FILTER_STATUS:
        return add_list(&f->statuses, arg, &status, vc, e);
    case FILTER_SOURCE:
        return add_list(&f->sources, arg, NULL, vc, e);
    case FILTER_SINCE:
    case FILTER_UNTIL:
        if (date_parse_rel(arg, vc->today, &d))
            return err_set(e, "bad --%s '%s' (expected YYYY-MM-DD, today, yesterday, +14d, -3m)",
                           opt == FILTER_SINCE ? "since" : "until", arg);
        if (opt == FILTER_SINCE)
            f->since = d;
        else
            f->until = d;
        return 0;
    case FILTER_PERIOD:
        if (period_parse(arg, vc->cal, vc->today, &f->period))
            return err_set(e,
                           "bad --period '%s' (expected 2026, 2026-Q4, 2026-11, 2026-W48, "
                           "this-quarter, last-month, ...)",
                           arg);
        f->has_period = 1;
        free(f->period_text);
        f->period_text = xstrdup(arg);
        return 0;
    case FILTER_WHERE:
        f->where = xrealloc(f->where, (f->nwhere + 1) * sizeof *f->where);
        memset(&f->where[f->nwhere], 0, sizeof f->where[0]);
        if (where_parse(&f->where[f->nwhere], arg, e)) {
            f->nwhere++;
            return -1;
        }
        f->nwhere++;
        return 0;
    }
    return err_set(e, "unknown filter");
}

int
filter_applies(const struct entity_def *ent, int opt)
{
    switch (opt) {
    case FILTER_OWNER:
    case FILTER_TEAM:
        return ent->owner_col != NULL;
    case FILTER_SEGMENT:
        return schema_col(ent, "segment") >= 0;
    case FILTER_STAGE:
        return schema_col(ent, "stage") >= 0 && ent != &schema_stages;
    case FILTER_STATUS:
        return schema_col(ent, "status") >= 0;
    case FILTER_SOURCE:
        return schema_col(ent, "source") >= 0;
    case FILTER_SINCE:
    case FILTER_UNTIL:
    case FILTER_PERIOD:
        return ent->date_col != NULL;
    case FILTER_WHERE:
        return 1;
    }
    return 0;
}

void
filter_add_owner(struct filter *f, const char *id)
{
    f->owners = xrealloc(f->owners, (f->nowners + 2) * sizeof *f->owners);
    f->owners[f->nowners++] = xstrdup(id);
    f->owners[f->nowners] = NULL;
    f->owner_given = 1;
    f->active = 1;
}

/* bind one simple filter to its column */
static int
bind_col(const struct filter *f, const struct table *t, const char *colname, const char *flag,
         int given, int *out, struct err *e)
{
    if (!given)
        return 0;
    if (!colname || schema_col(f->ent, colname) < 0)
        return err_set(e, "--%s does not apply to %s", flag, f->ent->name);
    *out = table_find(t, colname);
    if (*out < 0) /* every row would read as "not set": a silent wrong answer */
        return err_at(e, t->name, 1, "no '%s' column (is the header row missing or renamed?)",
                      colname);
    return 0;
}

int
filter_bind(struct filter *f, const struct table *t, struct err *e)
{
    const struct entity_def *ent = t->ent;
    struct err we;
    f->ent = ent;
    f->today = sales_today();
    if (bind_col(f, t, ent->owner_col, f->team ? "team" : "owner", f->owner_given, &f->c_owner,
                 e) ||
        bind_col(f, t, "segment", "segment", f->segments != NULL, &f->c_segment, e) ||
        bind_col(f, t, "stage", "stage", f->stages != NULL, &f->c_stage, e) ||
        bind_col(f, t, "status", "status", f->statuses != NULL, &f->c_status, e) ||
        bind_col(f, t, "source", "source", f->sources != NULL, &f->c_source, e) ||
        bind_col(f, t, ent->date_col, f->has_period ? "period" : f->since != DATE_NONE ? "since"
                                                                                        : "until",
                 f->has_period || f->since != DATE_NONE || f->until != DATE_NONE, &f->c_date, e))
        return -1;
    for (size_t i = 0; i < f->nwhere; i++)
        /* a schema column the file lacks would read as not set in every row */
        if (where_bind(&f->where[i], t) < 0 || f->where[i].col < 0)
            return err_set(e, "--where: %s has no column '%s'", t->name, f->where[i].field);
    for (size_t i = 0; i < f->nwhere; i++)
        if (f->vc && where_check(&f->where[i], f->vc, f->stage_names, &we))
            return err_set(e, "--where '%s %s %s': %s", f->where[i].field, f->where[i].op,
                           f->where[i].value, we.msg);
    return 0;
}

int
where_check(const struct where *w, const struct value_ctx *vc, char *const *stages,
            struct err *e)
{
    const struct column_def *c = w->def;
    const char *v = w->value, *near;
    sdate d;
    int64_t ts;
    money_t m;
    struct err ve;

    if (!c || !*v || w->op[0] == '~')
        return 0;
    switch (c->type) {
    case CT_DATE:
    case CT_DATETIME:
        if (date_parse_rel(v, vc->today, &d) == 0 ||
            (c->type == CT_DATETIME && ts_parse(v, &ts) == 0))
            return 0;
        return err_set(e, "bad %s '%s' (expected YYYY-MM-DD, today, -3d%s)", c->name, v,
                       c->type == CT_DATETIME ? ", an ISO 8601 timestamp" : "");
    case CT_MONEY:
        if (money_parse(v, &m) == 0)
            return 0;
        return err_set(e, "bad %s '%s' (expected an amount like 12500.50)", c->name, v);
    case CT_ENUM:
        for (const char *const *p = c->enums; *p; p++)
            if (str_eq_ci(*p, v))
                return 0;
        near = text_closest(v, (char *const *)c->enums);
        {
            struct sbuf list = {0};
            err_set(e, "bad %s '%s' (%s%s%sexpected %s)", c->name, v, near ? "did you mean '" : "", near ? near : "", near ? "'? " : "",
                    schema_enum_list(c->enums, &list));
            sbuf_release(&list);
        }
        return -1;
    case CT_STAGE:
        if (!stages)
            return 0;
        for (char *const *p = stages; *p; p++)
            if (str_eq_ci(*p, v))
                return 0;
        near = text_closest(v, stages);
        {
            struct sbuf list = {0};
            for (char *const *p = stages; *p; p++)
                sbuf_addf(&list, "%s%s", p == stages ? "" : ", ", *p);
            err_set(e, "unknown stage '%s' (%s%s%sstages: %s)", v, near ? "did you mean '" : "",
                    near ? near : "", near ? "'? " : "", list.p);
            sbuf_release(&list);
        }
        return -1;
    case CT_INT:
    case CT_PERCENT:
    case CT_BOOL:
    case CT_CURRENCY:
    case CT_PERIOD: {
        char *norm = schema_normalize(c, v, vc, &ve);
        if (norm) {
            free(norm);
            return 0;
        }
        return err_set(e, "%s", ve.msg);
    }
    default: /* text, ids, emails, phones: any text may be compared */
        return 0;
    }
}

int
where_bind(struct where *w, const struct table *t)
{
    w->col = table_find(t, w->field);
    w->def = t->ent ? col_of(t->ent, w->field) : NULL;
    return w->col < 0 && !w->def ? -1 : 0;
}

static int
in_list(char *const *list, const char *v)
{
    for (; *list; list++)
        if (strcmp(*list, v) == 0)
            return 1;
    return 0;
}

/* Stages, segments, statuses and sources match whatever their case in a
 * hand-edited file; ids (owners) match exactly. */
static int
in_list_ci(char *const *list, const char *v)
{
    for (; *list; list++)
        if (str_eq_ci(*list, v))
            return 1;
    return 0;
}

static const char *
cell(const struct table *t, int col)
{
    return col < 0 ? "" : table_cell(t, (size_t)col);
}

static int
where_match(const struct where *w, const struct table *t, sdate today)
{
    return where_test(w, cell(t, w->col), today);
}

int
where_test(const struct where *w, const char *v, sdate today)
{
    const char *want = w->value;
    char buf[DATE_BUFSZ], vbuf[DATE_BUFSZ];
    int c;

    if (w->op[0] == '~')
        return regexec(&w->re, v, 0, NULL, 0) == 0;
    /* relative dates on date columns: "close < today" */
    if (w->def && (w->def->type == CT_DATE || w->def->type == CT_DATETIME)) {
        sdate d, vd;
        if (*want && date_parse_rel(want, today, &d) == 0) {
            want = date_format(d, buf);
            /* a day against a timestamp compares days, as --since/--until do:
             * "created = today", "created <= 2026-11-27" hold for 09:30 that day */
            if (w->def->type == CT_DATETIME && *v && datetime_date(v, &vd) == 0)
                v = date_format(vd, vbuf);
        }
    }
    if (w->def && (w->def->type == CT_ENUM || w->def->type == CT_STAGE) &&
        (!strcmp(w->op, "=") || !strcmp(w->op, "!=")))
        c = str_eq_ci(v, want) ? 0 : 1;
    else if (!*v || !*want)
        c = strcmp(v, want) == 0 ? 0 : 2; /* not set equals only not set */
    else
        c = schema_compare(w->def, v, want);
    if (!strcmp(w->op, "="))
        return c == 0;
    if (!strcmp(w->op, "!="))
        return c != 0;
    if (c == 2)
        return 0;
    if (!strcmp(w->op, "<"))
        return c < 0;
    if (!strcmp(w->op, "<="))
        return c <= 0;
    if (!strcmp(w->op, ">"))
        return c > 0;
    return c >= 0;
}

void
filter_date_range(const struct filter *f, sdate *from, sdate *to)
{
    *from = f->since;
    *to = f->until;
    if (f->has_period) {
        if (*from == DATE_NONE || f->period.start > *from)
            *from = f->period.start;
        if (*to == DATE_NONE || f->period.end - 1 < *to)
            *to = f->period.end - 1;
    }
}

int
filter_match(const struct filter *f, const struct table *t)
{
    if (!f->active)
        return 1;
    if (f->owner_given && !(f->owners && in_list(f->owners, cell(t, f->c_owner))))
        return 0;
    if (f->segments && !in_list_ci(f->segments, cell(t, f->c_segment)))
        return 0;
    if (f->stages && !in_list_ci(f->stages, cell(t, f->c_stage)))
        return 0;
    if (f->statuses && !in_list_ci(f->statuses, cell(t, f->c_status)))
        return 0;
    if (f->sources && !in_list_ci(f->sources, cell(t, f->c_source)))
        return 0;
    if (f->has_period || f->since != DATE_NONE || f->until != DATE_NONE) {
        sdate d, from, to;
        if (datetime_date(cell(t, f->c_date), &d))
            return 0;
        filter_date_range(f, &from, &to);
        if ((from != DATE_NONE && d < from) || (to != DATE_NONE && d > to))
            return 0;
    }
    for (size_t i = 0; i < f->nwhere; i++)
        if (!where_match(&f->where[i], t, f->today))
            return 0;
    return 1;
}

void
filter_take_dates(struct filter *f, struct filter_dates *saved, sdate *from, sdate *to)
{
    filter_date_range(f, from, to);
    saved->since = f->since;
    saved->until = f->until;
    saved->has_period = f->has_period;
    saved->period = f->period;
    f->since = f->until = DATE_NONE;
    f->has_period = 0;
}

void
filter_put_dates(struct filter *f, const struct filter_dates *saved)
{
    f->since = saved->since;
    f->until = saved->until;
    f->has_period = saved->has_period;
    f->period = saved->period;
}

void
filter_release(struct filter *f)
{
    strv_free(f->owners);
    strv_free(f->segments);
    strv_free(f->stages);
    strv_free(f->statuses);
    strv_free(f->sources);
    free(f->team);
    free(f->period_text);
    strv_free(f->stage_names);
    for (size_t i = 0; i < f->nwhere; i++)
        where_release(&f->where[i]);
    free(f->where);
    filter_init(f);
}

void
where_release(struct where *w)
{
    free(w->field);
    free(w->value);
    if (w->op[0] == '~')
        regfree(&w->re);
    memset(w, 0, sizeof *w);
}
