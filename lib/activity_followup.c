/* activity_followup.c — follow-ups: the open activities and deals with no next
 * step, as a list or an iCalendar file (report_followup, see activity.h). */
#include "activity.h"
#include "activity_int.h"

#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ical.h"
#include "outfile.h"
#include "text.h"

/* ---- names of records, for "regarding" ---------------------------------- */

/* Load id -> name (newly allocated, in v.ptr) for the ids already keys of
 * m, from ent's file; a lead without a name goes by its company. */
static int
load_names(struct store *s, const struct entity_def *ent, struct hmap *m, struct err *e)
{
    if (!m->len)
        return 0;
    struct table *t = store_read(s, ent, e);
    int rc, c_id = schema_col(ent, "id"), c_name = schema_col(ent, "name"),
            c_co = schema_col(ent, "company");
    if (!t)
        return -1;
    while ((rc = table_next(t, e)) == 1) {
        struct hmap_entry *he = hmap_get(m, table_get(t, c_id));
        if (!he || he->v.ptr)
            continue;
        const char *nm = table_get(t, c_name);
        he->v.ptr = xstrdup(*nm || c_co < 0 ? nm : table_get(t, c_co));
    }
    table_free(t);
    return rc;
}

static void
names_release(struct hmap *m)
{
    for (size_t i = 0; i < m->cap; i++)
        if (m->slots[i].key)
            free(m->slots[i].v.ptr);
    hmap_release(m);
}

static const char *
name_of(const struct hmap *m, const char *id)
{
    struct hmap_entry *he = hmap_get(m, id);
    return he && he->v.ptr ? he->v.ptr : "";
}

/* ---- follow-ups --------------------------------------------------------- */

enum fu_status { FU_OVERDUE, FU_TODAY, FU_UPCOMING, FU_OPEN, FU_NEXTSTEP };
static const char *const fu_names[] = {"overdue", "today", "upcoming", "open", "no-next-step"};

struct fu_item {
    enum fu_status status;
    sdate when;   /* due, or the scheduled day; DATE_NONE */
    int64_t at;   /* scheduled start (VEVENT) */
    int event;    /* scheduled: a VEVENT */
    int timed;
    long minutes;
    long long num; /* id number, for the order */
    char *id, *rep, *type, *subject, *regarding, *notes, *last_touch;
    int reg; /* index into the names maps of what regarding names, -1 none */
};

static int
fu_cmp(const void *a, const void *b)
{
    const struct fu_item *x = a, *y = b;
    if (x->status != y->status)
        return x->status < y->status ? -1 : 1;
    if (x->status == FU_NEXTSTEP) { /* never touched first, then the oldest touch */
        int c = strcmp(x->last_touch, y->last_touch);
        if (c)
            return c < 0 ? -1 : 1;
    } else if (x->when != y->when) {
        return x->when < y->when ? -1 : 1;
    }
    return (x->num > y->num) - (x->num < y->num);
}

static void
fu_free(struct fu_item *v, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        free(v[i].id);
        free(v[i].rep);
        free(v[i].type);
        free(v[i].subject);
        free(v[i].regarding);
        free(v[i].notes);
        free(v[i].last_touch);
    }
    free(v);
}

/* The calendar for the follow-up items. */
static int
write_ics(struct store *s, const struct fu_item *v, size_t n, struct hmap names[4],
          const char *path, struct err *e)
{
    struct sbuf b = {0}, text = {0};
    char uid[128], stamp[20], day[20], where[PATH_MAX];
    int rc = 0;
    struct outfile of;

    if (!realpath(s->dir, where))
        snprintf(where, sizeof where, "%s", s->dir);
    ical_utc(s->now, stamp);
    ical_line(&b, "BEGIN", "VCALENDAR");
    ical_line(&b, "VERSION", "2.0");
    ical_line(&b, "PRODID", "-//salesutils//followup//EN");
    ical_line(&b, "CALSCALE", "GREGORIAN");
    ical_line(&b, "METHOD", "PUBLISH");
    ical_text(&b, "X-WR-CALNAME", "Sales follow-ups");
    for (size_t i = 0; i < n; i++) {
        const struct fu_item *it = &v[i];
        const char *regname = it->reg >= 0 ? name_of(&names[it->reg], it->regarding) : "";
        ical_line(&b, "BEGIN", it->event ? "VEVENT" : "VTODO");
        ical_line(&b, "UID", ical_uid(it->id, where, uid, sizeof uid));
        ical_line(&b, "DTSTAMP", stamp);
        sbuf_reset(&text);
        if (it->status == FU_NEXTSTEP)
            sbuf_addf(&text, "Plan the next step: %s", it->subject);
        else if (*it->subject)
            sbuf_adds(&text, it->subject);
        else /* "call Jane Roe" */
            sbuf_addf(&text, "%s %s", *it->type ? it->type : "task",
                      *regname ? regname : it->regarding);
        ical_text(&b, "SUMMARY", text.p);
        if (it->event) {
            if (it->timed) {
                ical_line(&b, "DTSTART", ical_utc(it->at, day));
                sbuf_reset(&text);
                sbuf_addf(&text, "PT%ldM", it->minutes > 0 ? it->minutes : 30);
                ical_line(&b, "DURATION", text.p);
            } else {
                ical_line(&b, "DTSTART;VALUE=DATE", ical_date(it->when, day));
                ical_line(&b, "DTEND;VALUE=DATE", ical_date(it->when + 1, day));
            }
        } else {
            if (it->when != DATE_NONE && it->status != FU_OPEN)
                ical_line(&b, "DUE;VALUE=DATE", ical_date(it->when, day));
            ical_line(&b, "STATUS", "NEEDS-ACTION");
        }
        sbuf_reset(&text);
        if (*it->regarding)
            sbuf_addf(&text, "Regarding: %s%s%s\n", it->regarding, *regname ? " " : "", regname);
        if (*it->rep)
            sbuf_addf(&text, "Rep: %s\n", it->rep);
        if (it->status == FU_NEXTSTEP)
            sbuf_addf(&text, "Open deal %s has no open task%s%s\n", it->id,
                      *it->last_touch ? "; last touch " : "", it->last_touch);
        if (*it->notes)
            sbuf_addf(&text, "%s\n", it->notes);
        if (text.len)
            text.p[--text.len] = '\0';
        if (text.len)
            ical_text(&b, "DESCRIPTION", text.p);
        if (*it->type)
            ical_text(&b, "CATEGORIES", it->type);
        ical_line(&b, "END", it->event ? "VEVENT" : "VTODO");
    }
    ical_line(&b, "END", "VCALENDAR");
    if (outfile_open(&of, path, e)) {
        rc = -1;
        goto out;
    }
    fwrite(b.p, 1, b.len, of.fp);
    rc = outfile_commit(&of, e);
out:
    sbuf_release(&b);
    sbuf_release(&text);
    return rc;
}

/* One run of report_followup: the items found so far, and what the reads
 * learn for later ones. */
struct fu_run {
    struct store *s;
    const struct followup_opts *fo;
    struct hmap nexts, touched; /* deal -> has an open activity; deal -> last touch */
    struct hmap names[4];       /* deals, leads, contacts, accounts: id -> name */
    struct fu_item *v;
    size_t n, cap;
};

static void
fu_push(struct fu_run *run, const struct fu_item *it)
{
    if (run->n == run->cap) {
        run->cap = run->cap ? run->cap * 2 : 64;
        run->v = xrealloc(run->v, run->cap * sizeof *run->v);
    }
    run->v[run->n++] = *it;
}

/* An open activity as a task item into run (unless --until leaves it out). */
static void
fu_task(struct fu_run *run, const struct table *t, const struct act *a)
{
    struct store *s = run->s;
    struct fu_item it = {0};
    if (a->due != DATE_NONE) {
        it.when = a->due;
        it.status = a->due < s->today ? FU_OVERDUE : a->due == s->today ? FU_TODAY : FU_UPCOMING;
    } else if (a->at > s->now) {
        it.when = a->day;
        it.event = 1;
        it.status = a->day == s->today ? FU_TODAY : FU_UPCOMING;
    } else {
        it.when = DATE_NONE;
        it.status = FU_OPEN;
    }
    if (run->fo->until != DATE_NONE && it.when != DATE_NONE && it.when > run->fo->until)
        return;
    it.at = a->at;
    it.timed = a->timed;
    it.minutes = a->minutes;
    it.num = id_num(a->id);
    it.id = xstrdup(a->id);
    it.rep = xstrdup(a->rep);
    it.type = xstrdup(a->type);
    it.subject = xstrdup(a->subject);
    it.notes = xstrdup(table_get(t, A_NOTES));
    it.last_touch = xstrdup("");
    const char *reg[4] = {a->deal, a->lead, a->contact, a->account};
    it.regarding = xstrdup("");
    it.reg = -1;
    for (int k = 0; k < 4; k++)
        if (*reg[k]) {
            free(it.regarding);
            it.regarding = xstrdup(reg[k]);
            it.reg = k;
            hmap_put(&run->names[k], reg[k], NULL);
            break;
        }
    fu_push(run, &it);
}

/* activities.csv: each deal's last touch and whether it has an open
 * activity; the open activities of the chosen reps as tasks. */
static int
fu_read_activities(struct fu_run *run, struct err *e)
{
    const struct followup_opts *fo = run->fo;
    struct table *t;
    int r;
    if (!(t = acts_open(run->s, e)))
        return -1;
    while ((r = table_next(t, e)) == 1) {
        struct act a;
        int open, touch;
        if (act_read(t, run->s->now, &a, &open, &touch, e))
            break;
        if (touch && *a.deal) {
            struct hmap_entry *he = hmap_put(&run->touched, a.deal, NULL);
            if (he->v.num < (int64_t)a.day + 1)
                he->v.num = (int64_t)a.day + 1; /* 0: never */
        }
        if (!open)
            continue;
        if (*a.deal)
            hmap_put(&run->nexts, a.deal, NULL);
        if (fo->only == FOLLOWUP_DEALS || !in_owners(fo->owners, a.rep))
            continue;
        fu_task(run, t, &a);
    }
    table_free(t);
    return r < 0 ? -1 : 0;
}

/* An open deal with no open activity as an item into run. */
static void
fu_no_next_step(struct fu_run *run, const struct deal_ctx *dc, const struct table *t,
                const struct deal *d)
{
    char buf[DATE_BUFSZ];
    struct fu_item it = {0};
    struct hmap_entry *he = hmap_get(&run->touched, d->id);
    it.status = FU_NEXTSTEP;
    it.when = DATE_NONE;
    it.num = id_num(d->id);
    it.id = xstrdup(d->id);
    it.rep = xstrdup(d->owner);
    it.type = xstrdup("deal");
    it.subject = xstrdup(table_get(t, dc->c_name));
    it.notes = xstrdup("");
    it.last_touch = xstrdup(he && he->v.num ? date_format((sdate)(he->v.num - 1), buf) : "");
    it.regarding = xstrdup(table_get(t, dc->c_account));
    it.reg = -1;
    if (*it.regarding) {
        it.reg = 3;
        hmap_put(&run->names[3], it.regarding, NULL);
    }
    fu_push(run, &it);
}

/* deals.csv: the open deals with no open activity; and the names of the
 * deals the tasks refer to. */
static int
fu_read_deals(struct fu_run *run, struct deal_ctx *dc, struct err *e)
{
    const struct followup_opts *fo = run->fo;
    struct table *t;
    int r;
    if (!(t = deals_open(run->s, e)))
        return -1;
    while ((r = table_next(t, e)) == 1) {
        struct deal d;
        if (deal_read(dc, t, &d, e)) {
            r = -1;
            break;
        }
        struct hmap_entry *ne = hmap_get(&run->names[0], d.id);
        if (ne && !ne->v.ptr)
            ne->v.ptr = xstrdup(table_get(t, dc->c_name));
        if (fo->only == FOLLOWUP_TASKS || d.state != DEAL_OPEN || hmap_get(&run->nexts, d.id) ||
            !in_owners(fo->owners, d.owner))
            continue;
        fu_no_next_step(run, dc, t, &d);
    }
    table_free(t);
    return r < 0 ? -1 : 0;
}

static void
fu_print(const struct fu_run *run, struct out *o)
{
    static const char *const heads[] = {"status",  "due",       "overdue_days", "rep",
                                        "id",      "type",      "subject",      "regarding",
                                        "name",    "last_touch"};
    for (int k = 0; k < 10; k++)
        out_add_col(o, heads[k], k == 2 ? OT_INT : OT_TEXT);
    for (size_t i = 0; i < run->n; i++) {
        const struct fu_item *x = &run->v[i];
        char due[DATE_BUFSZ] = "", od[32] = "";
        const char *regname = x->reg >= 0 ? name_of(&run->names[x->reg], x->regarding) : "";
        if (x->when != DATE_NONE)
            date_format(x->when, due);
        if (x->status == FU_OVERDUE)
            snprintf(od, sizeof od, "%ld", (long)(run->s->today - x->when));
        const char *vals[10] = {fu_names[x->status], due,        od,           x->rep,
                                x->id,               x->type,    x->subject,   x->regarding,
                                regname,             x->last_touch};
        out_row(o, vals);
    }
}

int
report_followup(struct store *s, const struct followup_opts *fo, struct out *o, struct err *e)
{
    static const struct entity_def *const nent[4] = {&schema_deals, &schema_leads,
                                                     &schema_contacts, &schema_accounts};
    struct fu_run run = {.s = s, .fo = fo};
    struct deal_ctx dc;
    int rc = -1;

    acols();
    if (deal_ctx_init(&dc, s, e))
        return -1;
    if (fu_read_activities(&run, e) || fu_read_deals(&run, &dc, e))
        goto out;
    for (int k = 1; k < 4; k++)
        if (load_names(s, nent[k], &run.names[k], e))
            goto out;
    if (run.n)
        qsort(run.v, run.n, sizeof *run.v, fu_cmp);
    if (fo->ics_path && write_ics(s, run.v, run.n, run.names, fo->ics_path, e))
        goto out;
    if (o)
        fu_print(&run, o);
    rc = 0;
out:
    fu_free(run.v, run.n);
    hmap_release(&run.nexts);
    hmap_release(&run.touched);
    for (int k = 0; k < 4; k++)
        names_release(&run.names[k]);
    deal_ctx_release(&dc);
    return rc;
}
