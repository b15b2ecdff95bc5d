/*
 * schema.c — the one table that says what each data file holds.
 * Column order here is the order sales-init writes a new file's header
 * in; files may hold them in any order, plus columns of the user's own.
 */
#include "schema.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "text.h"

const char *const enum_segment[] = {"b2c", "b2b", "enterprise", "saas", NULL};
const char *const enum_lead_status[] = {"new",          "contacted", "qualified",
                                        "disqualified", "converted", NULL};
const char *const enum_activity_type[] = {"call", "email",  "meeting", "demo",
                                          "chat", "social", "note",    "task", NULL};
const char *const enum_deal_type[] = {"new", "renewal", "expansion", NULL};
const char *const enum_category[] = {"pipeline", "best", "commit", "closed", "omitted", NULL};

#define N(a) (sizeof(a) / sizeof((a)[0]))
#define ID(p) {"id", CT_ID, COL_KEY, NULL, NULL, 0, 0, "record id (" p "N), given by the tool"}
#define CREATED {"created", CT_DATETIME, COL_AUTO, NULL, NULL, 0, 0, "when the record was added"}
#define UPDATED {"updated", CT_DATETIME, COL_AUTO, NULL, NULL, 0, 0, "when it last changed"}
#define TEXT(n, h) {n, CT_TEXT, 0, NULL, NULL, 0, 0, h}
#define REF(n, ent, h) {n, CT_REF, 0, ent, NULL, 0, 0, h}
#define ENUM(n, list, h) {n, CT_ENUM, 0, NULL, list, 0, 0, h}
#define TYPED(n, t, h) {n, t, 0, NULL, NULL, 0, 0, h}

static const struct column_def reps_cols[] = {
    {"id", CT_ID, COL_KEY, NULL, NULL, 0, 0, "the rep's handle, e.g. alice"},
    TEXT("name", "full name"),
    TYPED("email", CT_EMAIL, "email address"),
    TEXT("team", "team name; quotas may be set per team"),
    REF("manager", "reps", "the rep's manager (a rep id)"),
    TEXT("role", "role, e.g. ae, sdr, manager"),
    TEXT("territory", "territory, matched by lead-assign --by territory"),
    TYPED("hired", CT_DATE, "hire date"),
    TYPED("active", CT_BOOL, "yes or no; empty means yes"),
};

static const struct column_def leads_cols[] = {
    ID("L"),
    CREATED,
    TEXT("name", "person's name"),
    TEXT("company", "company name"),
    TYPED("email", CT_EMAIL, "email address"),
    TYPED("phone", CT_PHONE, "phone number"),
    TEXT("source", "where the lead came from: web, referral, event, ..."),
    ENUM("segment", enum_segment, "b2c, b2b, enterprise or saas"),
    REF("owner", "reps", "owning rep"),
    ENUM("status", enum_lead_status, "new, contacted, qualified, disqualified or converted"),
    {"score", CT_INT, 0, NULL, NULL, -1000000, 1000000, "lead score"},
    UPDATED,
    TYPED("notes", CT_NOTE, "free text"),
};

static const struct column_def accounts_cols[] = {
    ID("A"),
    CREATED,
    {"name", CT_TEXT, COL_REQUIRED, NULL, NULL, 0, 0, "account (company) name"},
    TYPED("domain", CT_DOMAIN, "web domain, e.g. example.com"),
    ENUM("segment", enum_segment, "b2c, b2b, enterprise or saas"),
    TEXT("industry", "industry"),
    REF("owner", "reps", "account owner"),
    UPDATED,
    TYPED("notes", CT_NOTE, "free text"),
};

static const struct column_def contacts_cols[] = {
    ID("C"),
    CREATED,
    REF("account", "accounts", "the contact's account"),
    {"name", CT_TEXT, COL_REQUIRED, NULL, NULL, 0, 0, "person's name"},
    TYPED("email", CT_EMAIL, "email address"),
    TYPED("phone", CT_PHONE, "phone number"),
    TEXT("title", "job title"),
    UPDATED,
};

static const struct column_def deals_cols[] = {
    ID("D"),
    CREATED,
    {"name", CT_TEXT, COL_REQUIRED, NULL, NULL, 0, 0, "deal name"},
    REF("account", "accounts", "the account buying"),
    REF("contact", "contacts", "main contact"),
    REF("lead", "leads", "the lead it came from"),
    REF("owner", "reps", "owning rep"),
    TYPED("stage", CT_STAGE, "stage from stages.csv; default the first"),
    TYPED("amount", CT_MONEY, "deal value"),
    TYPED("currency", CT_CURRENCY, "ISO currency code; empty means config.json currency"),
    TYPED("probability", CT_PERCENT, "win probability 0-100; empty: the stage's"),
    ENUM("category", enum_category, "forecast category; empty: the stage's"),
    TYPED("close", CT_DATE, "expected close date"),
    TYPED("closed", CT_DATE, "date it was won or lost"),
    ENUM("segment", enum_segment, "b2c, b2b, enterprise or saas"),
    TEXT("source", "lead source"),
    ENUM("type", enum_deal_type, "new, renewal or expansion"),
    TEXT("lost_reason", "why it was lost"),
    UPDATED,
};

static const struct column_def stages_cols[] = {
    {"stage", CT_TEXT, COL_KEY | COL_REQUIRED, NULL, NULL, 0, 0, "stage name"},
    {"order", CT_INT, COL_REQUIRED, NULL, NULL, 0, 1000, "position in the pipeline"},
    TYPED("probability", CT_PERCENT, "default win probability 0-100"),
    ENUM("category", enum_category, "default forecast category"),
    {"rotten_days", CT_INT, 0, NULL, NULL, 0, 100000, "days in stage before a deal is stale"},
};

static const struct column_def activities_cols[] = {
    ID("T"),
    TYPED("date", CT_DATETIME, "when it happened"),
    REF("rep", "reps", "the rep"),
    ENUM("type", enum_activity_type, "call, email, meeting, demo, chat, social, note or task"),
    TEXT("channel", "phone, email, web, linkedin, store, ..."),
    REF("lead", "leads", "lead touched"),
    REF("account", "accounts", "account touched"),
    REF("contact", "contacts", "contact touched"),
    REF("deal", "deals", "deal touched"),
    TEXT("subject", "subject"),
    TEXT("outcome", "outcome"),
    {"duration", CT_INT, 0, NULL, NULL, 0, 100000, "minutes"},
    TYPED("due", CT_DATE, "due date of a task or follow-up"),
    TYPED("done", CT_DATETIME, "when a task was done; empty: open"),
    TYPED("notes", CT_NOTE, "free text"),
};

static const struct column_def quotas_cols[] = {
    {"owner", CT_TEXT, COL_KEY | COL_REQUIRED, NULL, NULL, 0, 0, "a rep id or a team name"},
    {"period", CT_PERIOD, COL_KEY | COL_REQUIRED, NULL, NULL, 0, 0, "2026, 2026-Q4, 2026-11"},
    {"amount", CT_MONEY, COL_REQUIRED, NULL, NULL, 0, 0, "quota amount"},
};

static const struct column_def subscriptions_cols[] = {
    ID("S"),
    REF("account", "accounts", "the customer"),
    TEXT("plan", "plan name"),
    TYPED("mrr", CT_MONEY, "monthly recurring revenue"),
    TYPED("start", CT_DATE, "start date"),
    TYPED("end", CT_DATE, "end date; empty: running"),
};

static const struct column_def budget_cols[] = {
    {"period", CT_PERIOD, COL_KEY | COL_REQUIRED, NULL, NULL, 0, 0, "budget period"},
    {"category", CT_TEXT, COL_KEY, NULL, NULL, 0, 0, "spend category"},
    {"channel", CT_TEXT, COL_KEY, NULL, NULL, 0, 0, "marketing channel (a lead source)"},
    TYPED("planned", CT_MONEY, "planned spend"),
    TYPED("actual", CT_MONEY, "actual spend"),
};

static const struct column_def feedback_cols[] = {
    ID("F"),
    TYPED("date", CT_DATETIME, "when it was given"),
    REF("account", "accounts", "account"),
    REF("contact", "contacts", "contact"),
    {"score", CT_INT, 0, NULL, NULL, 0, 10, "0-10 (NPS)"},
    TEXT("channel", "where it was collected"),
    TYPED("comment", CT_NOTE, "free text"),
};

static const struct column_def history_cols[] = {
    TYPED("ts", CT_DATETIME, "when"),
    TEXT("user", "who ($SALES_USER or the login name)"),
    TEXT("command", "the command that made the change"),
    TEXT("entity", "file name without .csv"),
    TEXT("id", "record id"),
    TEXT("field", "column changed; empty for the record as a whole"),
    TYPED("old", CT_NOTE, "value before"),
    TYPED("new", CT_NOTE, "value after"),
};

#define ENTITY(var, name, sing, pfx, datec, ownerc, oneof, brief, cols)                            \
    const struct entity_def var = {name, sing, pfx, datec, ownerc, oneof, brief, cols, N(cols)}

ENTITY(schema_reps, "reps", "rep", 0, "hired", "id", NULL, "id,name,team,manager,role,territory,active", reps_cols);
ENTITY(schema_leads, "leads", "lead", 'L', "created", "owner", "name,company,email", "id,name,company,email,source,segment,owner,status,score", leads_cols);
ENTITY(schema_accounts, "accounts", "account", 'A', "created", "owner", NULL, "id,name,domain,segment,industry,owner", accounts_cols);
ENTITY(schema_contacts, "contacts", "contact", 'C', "created", NULL, NULL, "id,account,name,email,phone,title", contacts_cols);
ENTITY(schema_deals, "deals", "deal", 'D', "close", "owner", NULL, "id,name,account,owner,stage,amount,close,closed", deals_cols);
ENTITY(schema_stages, "stages", "stage", 0, NULL, NULL, NULL, NULL, stages_cols);
ENTITY(schema_activities, "activities", "activity", 'T', "date", "rep", NULL, "id,date,rep,type,channel,lead,account,deal,subject,due,done", activities_cols);
ENTITY(schema_quotas, "quotas", "quota", 0, NULL, "owner", NULL, NULL, quotas_cols);
ENTITY(schema_subscriptions, "subscriptions", "subscription", 'S', "start", NULL, NULL, NULL,
       subscriptions_cols);
ENTITY(schema_budget, "budget", "budget", 0, NULL, NULL, NULL, NULL, budget_cols);
ENTITY(schema_feedback, "feedback", "feedback", 'F', "date", NULL, NULL, "id,date,account,contact,score,channel,comment", feedback_cols);
ENTITY(schema_history, "history", "history", 0, "ts", "user", NULL, NULL, history_cols);

const struct entity_def *const schema_entities[] = {
    &schema_reps,       &schema_leads,         &schema_accounts, &schema_contacts,
    &schema_deals,      &schema_stages,        &schema_activities, &schema_quotas,
    &schema_subscriptions, &schema_budget,     &schema_feedback, &schema_history,
};
const size_t schema_nentities = N(schema_entities);

const struct entity_def *
schema_entity(const char *name)
{
    for (size_t i = 0; i < schema_nentities; i++)
        if (strcmp(name, schema_entities[i]->name) == 0 ||
            strcmp(name, schema_entities[i]->singular) == 0)
            return schema_entities[i];
    return NULL;
}

int
schema_entity_index(const struct entity_def *ent)
{
    for (size_t i = 0; i < schema_nentities; i++)
        if (schema_entities[i] == ent)
            return (int)i;
    return -1;
}

int
schema_col(const struct entity_def *ent, const char *name)
{
    for (size_t i = 0; i < ent->ncols; i++)
        if (strcmp(ent->cols[i].name, name) == 0)
            return (int)i;
    return -1;
}

const char *
schema_enum_list(const char *const *enums, struct sbuf *out)
{
    sbuf_reset(out);
    sbuf_adds(out, "");
    for (const char *const *p = enums; *p; p++)
        sbuf_addf(out, "%s%s", p > enums ? ", " : "", *p);
    return out->p;
}

long long
schema_id_number_n(const char *id, size_t n, char prefix)
{
    long long k = 0;
    if (n < 2 || id[0] != prefix || !isdigit((unsigned char)id[1]) || (id[1] == '0' && n > 2))
        return -1;
    for (size_t i = 1; i < n; i++) {
        if (!isdigit((unsigned char)id[i]) || k > 100000000000000LL)
            return -1;
        k = k * 10 + (id[i] - '0');
    }
    return k;
}

long long
schema_id_number(const char *id, char prefix)
{
    return schema_id_number_n(id, strlen(id), prefix);
}

static void
lower(char *s)
{
    for (; *s; s++)
        *s = (char)tolower((unsigned char)*s);
}

static int
valid_email(const char *s)
{
    const char *dom = email_domain(s), *at, *dot;
    if (!dom || memchr(s, '@', (size_t)(dom - 1 - s)))
        return 0; /* no quoted local parts: one '@' */
    at = dom - 1;
    dot = strrchr(at + 1, '.');
    if (!dot || dot == at + 1 || !dot[1])
        return 0;
    for (; *s; s++)
        if ((unsigned char)*s <= ' ' || *s == ',' || *s == ';' || *s == '<' || *s == '>')
            return 0;
    return 1;
}

static int
valid_domain(const char *s)
{
    const char *dot = strchr(s, '.');
    if (!dot || dot == s || !s[strlen(s) - 1] || s[strlen(s) - 1] == '.')
        return 0;
    for (; *s; s++)
        if (!(isalnum((unsigned char)*s) || *s == '-' || *s == '.' || (unsigned char)*s >= 0x80))
            return 0;
    return 1;
}

static int
valid_phone(const char *s)
{
    int digits = 0;
    for (; *s; s++) {
        if (isdigit((unsigned char)*s))
            digits++;
        else if (!strchr("+-() ./x", *s))
            return 0;
    }
    return digits >= 3;
}

/* Replace what out holds from start on with s. */
static void
put_from(struct sbuf *out, size_t start, const char *s)
{
    out->len = start;
    sbuf_adds(out, s);
}

/* A long in decimal, into buf (at least 24 bytes). */
static const char *
long_format(long n, char *buf)
{
    char tmp[24], *p = tmp + sizeof tmp;
    unsigned long u = n < 0 ? 0UL - (unsigned long)n : (unsigned long)n;
    *--p = '\0';
    do
        *--p = (char)('0' + u % 10);
    while (u /= 10);
    if (n < 0)
        *--p = '-';
    memcpy(buf, p, (size_t)(tmp + sizeof tmp - p));
    return buf;
}

char *
schema_normalize(const struct column_def *c, const char *value, const struct value_ctx *vc,
                 struct err *e)
{
    struct sbuf b = {0};
    if (schema_normalize_into(c, value, vc, &b, e)) {
        sbuf_release(&b);
        return NULL;
    }
    return b.p;
}

/* schema_normalize_into's dates, times, amounts, numbers and periods: v
 * (out's text from start) checked and written in its stored form. 0, or -1
 * with e set (value is the text as given, for the message). */
static int
normalize_typed(const struct column_def *c, const char *value, char *v,
                const struct value_ctx *vc, struct sbuf *out, size_t start, struct err *e)
{
    char buf[64];
    switch (c->type) {
    case CT_DATE: {
        sdate d;
        if (date_parse_rel(v, vc->today, &d)) {
            err_set(e, "bad %s '%s' (expected YYYY-MM-DD, today, yesterday, +14d, -3m)", c->name,
                    value);
            return -1;
        }
        put_from(out, start, date_format(d, buf));
        return 0;
    }
    case CT_DATETIME: {
        sdate d;
        int64_t t;
        if (strcmp(v, "now") == 0) {
            put_from(out, start, ts_format(vc->now, buf));
            return 0;
        }
        if (ts_parse(v, &t) == 0) {
            put_from(out, start, ts_format(t, buf));
            return 0;
        }
        if (date_parse_rel(v, vc->today, &d)) {
            err_set(e, "bad %s '%s' (expected YYYY-MM-DD, an ISO 8601 timestamp, now, today, -3d)",
                    c->name, value);
            return -1;
        }
        put_from(out, start, date_format(d, buf));
        return 0;
    }
    case CT_MONEY: {
        money_t m;
        if (money_parse(v, &m)) {
            err_set(e, "bad %s '%s' (expected an amount like 12500 or 12500.50)", c->name, value);
            return -1;
        }
        if (m < 0) {
            err_set(e, "bad %s '%s' (must not be negative)", c->name, value);
            return -1;
        }
        put_from(out, start, money_format(m, buf));
        return 0;
    }
    case CT_PERCENT: {
        int p;
        if (schema_percent(v, &p)) {
            err_set(e, "bad %s '%s' (expected a whole number from 0 to %d)", c->name, value,
                    SCHEMA_PERCENT_MAX);
            return -1;
        }
        put_from(out, start, long_format(p, buf));
        return 0;
    }
    case CT_INT: {
        char *end;
        long lo = c->min, hi = c->max;
        long k = strtol(v, &end, 10);
        if (*end || end == v || k < lo || k > hi) {
            err_set(e, "bad %s '%s' (expected a whole number from %ld to %ld)", c->name, value, lo,
                    hi);
            return -1;
        }
        put_from(out, start, long_format(k, buf));
        return 0;
    }
    case CT_PERIOD: {
        struct period p;
        if (period_parse(v, vc->cal, vc->today, &p)) {
            err_set(e, "bad %s '%s' (expected 2026, 2026-Q4, 2026-11, 2026-W48, this-quarter, ...)",
                    c->name, value);
            return -1;
        }
        put_from(out, start, period_format(&p, buf));
        return 0;
    }
    default:
        return 0;
    }
}

int
schema_normalize_into(const struct column_def *c, const char *value, const struct value_ctx *vc,
                      struct sbuf *out, struct err *e)
{
    const size_t start = out->len;
    const char *s = value;
    char *v;
    size_t n;

    if (c->type != CT_NOTE) /* trimmed */
        while (*s == ' ' || *s == '\t')
            s++;
    n = strlen(s);
    if (c->type != CT_NOTE)
        while (n && (s[n - 1] == ' ' || s[n - 1] == '\t'))
            n--;
    sbuf_add(out, s, n);
    v = out->p + start;
    if (!vc->text_checked && !utf8_valid(v, n))
        goto bad_utf8;
    if (n == 0)
        return 0; /* empty means not set, for every type */
    switch (c->type) {
    case CT_TEXT:
        if (memchr(v, '\r', n) || memchr(v, '\n', n)) {
            err_set(e, "%s: line breaks are not allowed here", c->name);
            goto fail;
        }
        return 0;
    case CT_NOTE:
        return 0;
    case CT_ID:
    case CT_REF:
        for (const char *p = v; *p; p++)
            if ((unsigned char)*p <= ' ' || *p == ',' || *p == '"') {
                err_set(e, "bad %s '%s' (ids have no spaces, commas or quotes)", c->name, v);
                goto fail;
            }
        return 0;
    case CT_STAGE: /* the data directory's stages.csv gives the canonical spelling */
        return 0;
    case CT_ENUM:
        lower(v);
        for (const char *const *p = c->enums; *p; p++)
            if (strcmp(*p, v) == 0)
                return 0;
        {
            struct sbuf list = {0};
            err_set(e, "bad %s '%s' (expected %s)", c->name, value,
                    schema_enum_list(c->enums, &list));
            sbuf_release(&list);
        }
        goto fail;
    case CT_DATE:
    case CT_DATETIME:
    case CT_MONEY:
    case CT_PERCENT:
    case CT_INT:
    case CT_PERIOD:
        if (normalize_typed(c, value, v, vc, out, start, e))
            goto fail;
        return 0;
    case CT_BOOL:
        lower(v);
        if (!strcmp(v, "yes") || !strcmp(v, "y") || !strcmp(v, "true") || !strcmp(v, "1")) {
            put_from(out, start, "yes");
            return 0;
        }
        if (!strcmp(v, "no") || !strcmp(v, "n") || !strcmp(v, "false") || !strcmp(v, "0")) {
            put_from(out, start, "no");
            return 0;
        }
        err_set(e, "bad %s '%s' (expected yes or no)", c->name, value);
        goto fail;
    case CT_EMAIL:
        lower(v);
        if (!valid_email(v)) {
            err_set(e, "bad %s '%s' (expected an address like name@example.com)", c->name, value);
            goto fail;
        }
        return 0;
    case CT_PHONE:
        if (!valid_phone(v)) {
            err_set(e, "bad %s '%s' (expected digits, spaces, + - ( ) .)", c->name, value);
            goto fail;
        }
        return 0;
    case CT_DOMAIN:
        lower(v);
        if (!valid_domain(v)) {
            err_set(e, "bad %s '%s' (expected a domain like example.com)", c->name, value);
            goto fail;
        }
        return 0;
    case CT_CURRENCY:
        for (char *p = v; *p; p++)
            *p = (char)toupper((unsigned char)*p);
        if (n != 3 || !isalpha((unsigned char)v[0]) || !isalpha((unsigned char)v[1]) ||
            !isalpha((unsigned char)v[2])) {
            err_set(e, "bad %s '%s' (expected a three-letter currency code like USD)", c->name,
                    value);
            goto fail;
        }
        return 0;
    }
    return 0;
bad_utf8:
    err_set(e, "%s: invalid UTF-8", c->name);
fail:
    out->len = start;
    out->p[start] = '\0';
    return -1;
}

int
schema_compare(const struct column_def *def, const char *a, const char *b)
{
    enum col_type ty = def ? def->type : CT_TEXT;
    if (ty == CT_ID || ty == CT_REF) {
        /* D9 before D10: a letter prefix, then the number */
        const char *x = a, *y = b;
        while (*x && *x == *y && !isdigit((unsigned char)*x))
            x++, y++;
        if (isdigit((unsigned char)*x) && isdigit((unsigned char)*y)) {
            char *ex, *ey;
            unsigned long long nx = strtoull(x, &ex, 10), ny = strtoull(y, &ey, 10);
            if (!*ex && !*ey && nx != ny)
                return nx < ny ? -1 : 1;
        }
    }
    switch (ty) {
    case CT_MONEY: {
        money_t x, y;
        if (money_parse(a, &x) || money_parse(b, &y))
            return 2;
        return (x > y) - (x < y);
    }
    case CT_INT:
    case CT_PERCENT: {
        char *ea, *eb;
        long x = strtol(a, &ea, 10), y = strtol(b, &eb, 10);
        if (*ea || *eb || ea == a || eb == b)
            return 2;
        return (x > y) - (x < y);
    }
    case CT_DATE:
    case CT_DATETIME: {
        int64_t x, y;
        if (datetime_parse(a, &x) || datetime_parse(b, &y))
            return 2;
        return (x > y) - (x < y);
    }
    default: {
        /* a column of the user's own: numbers compare as numbers */
        char *ea, *eb;
        double x = strtod(a, &ea), y = strtod(b, &eb);
        if (!def && *a && *b && !*ea && !*eb)
            return (x > y) - (x < y);
        int c = strcmp(a, b);
        return (c > 0) - (c < 0);
    }
    }
}

int
schema_percent(const char *s, int *out)
{
    char *end;
    long k = strtol(s, &end, 10);
    if (*end || end == s || k < 0 || k > SCHEMA_PERCENT_MAX)
        return -1;
    *out = (int)k;
    return 0;
}

int
schema_id_valid(const struct entity_def *ent, const char *id)
{
    size_t n;
    if (!ent->id_prefix)
        return ent == &schema_reps && schema_valid_handle(id);
    if (id[0] != ent->id_prefix || id[1] < '1' || id[1] > '9')
        return 0;
    for (n = 2; id[n]; n++)
        if (!isdigit((unsigned char)id[n]) || n > 15)
            return 0;
    return 1;
}

const char *
schema_id_form(const struct entity_def *ent, char *buf, size_t n)
{
    if (!ent->id_prefix)
        snprintf(buf, n, "%s",
                 ent == &schema_reps ? "a handle: lowercase letters, digits, '.', '_', '-'"
                                     : "none: this file has no ids");
    else
        snprintf(buf, n, "%c and a number without leading zeros, such as %c12", ent->id_prefix,
                 ent->id_prefix);
    return buf;
}

int
schema_valid_handle(const char *s)
{
    if (!*s || strlen(s) > 64)
        return 0;
    for (; *s; s++)
        if (!(islower((unsigned char)*s) || isdigit((unsigned char)*s) || strchr("._-", *s)))
            return 0;
    return 1;
}
