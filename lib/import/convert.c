/*
 * convert.c — one value: a raw cell converted for its column (conv.h) and checked
 * (validate_value), cached per column and raw value.
 */
#include "import_int.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define CACHE_MAX 100000 /* cached raw values per column */

/* ---- one value -------------------------------------------------------- */

/* A value's verdict in im->vout: '0' and the stored form, '1' and why not. */
static void
vout_set(struct imp *im, char kind, const char *text)
{
    sbuf_reset(&im->vout);
    sbuf_addc(&im->vout, kind);
    sbuf_adds(&im->vout, text ? text : "");
}

/* A reference given by id or by name: the id, or NULL with im->vout
 * saying why not (*fatal: a file could not be read). im->vout is left
 * alone when an id is found. */
static const char *
ref_named(struct imp *im, const struct column_def *c, const char *val, struct err *e, int *fatal)
{
    struct sbuf why = {0};
    const char *id = imp_ref_resolve(im, c, val, &why, e, fatal);
    if (!id && !*fatal)
        vout_set(im, '1', why.p);
    sbuf_release(&why);
    return id;
}

/* Strip the guard sales-export --safe puts before a formula-like cell. */
const char *
imp_unguard(const char *s)
{
    if (s[0] == '\'' && s[1] && strchr("=+-@\t\r'", s[1]))
        return s + 1;
    return s;
}

/* Convert raw (a spreadsheet value) for dst d into what validate_value
 * takes, in out. Returns 0, 1 when the value waits for the column's date
 * format, or -1 with the reason in out. cur gets a currency found in an
 * amount. *canon is set when out is already the stored form, which
 * validate_value would give back unchanged: an amount, or a date or
 * timestamp of years 1 to 9999, formatted here as the files hold them. */
static int
convert(struct imp *im, struct dst *d, const char *raw, struct sbuf *out, char *cur,
        int *canon, struct err *e, int *fatal)
{
    const struct column_def *c = d->scol >= 0 ? &im->ent->cols[d->scol] : NULL;
    const char *v = raw;
    struct err ce;

    *canon = 0;
    sbuf_reset(out);
    for (size_t i = 0; i < d->nxl; i++) {
        struct sbuf a = {0}, b = {0};
        (void)text_fold(v, 0, &a);
        (void)text_fold(d->xl[i]->from, 0, &b);
        int hit = strcmp(a.p, b.p) == 0;
        sbuf_release(&a);
        sbuf_release(&b);
        if (hit) {
            v = d->xl[i]->to;
            break;
        }
    }
    if (!c) {
        sbuf_adds(out, v);
        return 0;
    }
    if (c->type != CT_NOTE)
        while (*v == ' ' || *v == '\t')
            v++;
    switch (c->type) {
    case CT_MONEY: {
        money_t m;
        char buf[MONEY_BUFSZ];
        if (conv_money(v, im->o->decimal_comma ? CONV_COMMA : CONV_DOT, &m, cur, &ce)) {
            const char *hint = "";
            const char *dot = strrchr(v, '.'), *comma = strrchr(v, ',');
            if (!im->o->decimal_comma && comma && (!dot || comma > dot))
                hint = "; written with a decimal comma? see --decimal-comma";
            sbuf_addf(out, "bad %s '%s' (%s%s)", c->name, raw, ce.msg, hint);
            return -1;
        }
        if (m < 0) {
            sbuf_addf(out, "bad %s '%s' (must not be negative)", c->name, raw);
            return -1;
        }
        sbuf_adds(out, money_format(m, buf));
        *canon = 1;
        return 0;
    }
    case CT_DATE:
    case CT_DATETIME: {
        sdate dd;
        int secs;
        char buf[TS_BUFSZ];
        size_t cn = conv_canonical_when(v, c->type == CT_DATETIME);
        if (cn) { /* as the files hold it already (most of an export) */
            sbuf_add(out, v, cn);
            *canon = 1;
            return 0;
        }
        if (conv_date_iso(v, &dd, &secs) != 0) {
            if (!d->date_fmt) {
                /* relative forms as *-add takes them, else wait for the column's format */
                if (isalpha((unsigned char)*v) && !conv_date_fmt(v, "%b %d %Y", &dd, &secs))
                    return 1;
                if (isalpha((unsigned char)*v) || *v == '+' || *v == '-') {
                    sbuf_adds(out, v);
                    return 0;
                }
                return 1;
            }
            if (conv_date_fmt(v, d->date_fmt, &dd, &secs) != 0) {
                sbuf_addf(out, "bad %s '%s' (expected a date like %s)", c->name, raw,
                          d->date_fmt);
                return -1;
            }
        }
        if (c->type == CT_DATETIME && secs >= 0)
            sbuf_adds(out, ts_format((int64_t)dd * 86400 + secs, buf));
        else
            sbuf_adds(out, date_format(dd, buf));
        *canon = dd >= im->first_day && dd <= im->last_day;
        return 0;
    }
    case CT_PERCENT:
        conv_percent(v, im->o->decimal_comma, out);
        return 0;
    case CT_INT:
        conv_int(v, im->o->decimal_comma, out);
        return 0;
    case CT_DOMAIN:
        conv_domain(v, out);
        return 0;
    case CT_EMAIL:
        conv_email(v, out);
        return 0;
    case CT_STAGE: {
        struct sbuf l = {0};
        imp_loose(v, &l);
        if (!im->have_stages) {
            if (stages_load(im->s, &im->stages, e) < 0) {
                sbuf_release(&l);
                *fatal = 1;
                return -1;
            }
            im->have_stages = 1;
        }
        /* CRM names of the terminal stages ("Closed Won"), unless
         * stages.csv has a stage of that name: the won or lost stage */
        const struct stage *to = NULL;
        if (!stages_find(&im->stages, v)) {
            if (!strcmp(l.p, "closedwon") || !strcmp(l.p, "won"))
                to = stages_terminal(&im->stages, DEAL_WON);
            else if (!strcmp(l.p, "closedlost") || !strcmp(l.p, "lost"))
                to = stages_terminal(&im->stages, DEAL_LOST);
        }
        sbuf_adds(out, to ? to->name : v);
        sbuf_release(&l);
        return 0;
    }
    case CT_PERIOD:
        conv_period(v, out);
        return 0;
    case CT_REF: /* an id as it is: value_of resolves names when the id is unknown */
        conv_trim_end(v, out);
        return 0;
    default:
        sbuf_adds(out, v);
        return 0;
    }
}

/* Cached: convert and validate raw for dst d. Returns the stored form
 * (borrowed: from the cache, or im->vout until the next call), NULL with
 * *pending set when it waits for the column's date format, or NULL with
 * the reason in *reason. */
/* Is a column's conversion worth a cache (raw value -> stored form)? For
 * text, e-mail addresses, phone numbers and numbers the lookup costs about
 * what the conversion does; amounts carry a currency sign; the rest (a
 * name looked up, an enum, a date read in a format) repeat and cost more. */
static int
worth_caching(const struct column_def *c)
{
    if (!c)
        return 0;
    switch (c->type) {
    case CT_REF:
    case CT_ENUM:
    case CT_DATE:
    case CT_DATETIME:
    case CT_BOOL:
    case CT_PERIOD:
    case CT_CURRENCY:
    case CT_STAGE:
        return 1;
    default:
        return 0;
    }
}

/* raw itself when it is already the stored form of a value of dst d's
 * column c, and a good one: text without spaces at its ends or line
 * breaks, an id of the usual form, one of a known record, a date or a
 * timestamp as the files hold them. Most of an export is. NULL: the usual
 * way decides. */
static const char *
as_stored(struct imp *im, struct dst *d, const struct column_def *c, const char *raw)
{
    const struct entity_def *target;
    size_t n;
    struct err ignored;

    switch (c->type) {
    case CT_NOTE:
        return raw; /* kept as typed (its UTF-8 checked by the reader) */
    case CT_TEXT:
        n = strlen(raw);
        if (raw[0] == ' ' || raw[0] == '\t' || raw[n - 1] == ' ' || raw[n - 1] == '\t' ||
            memchr(raw, '\n', n) || memchr(raw, '\r', n))
            return NULL;
        return raw;
    case CT_ID:
        return im->ent->id_prefix && schema_id_number(raw, im->ent->id_prefix) >= 0 ? raw : NULL;
    case CT_REF:
        if (!d->target)
            d->target = schema_entity(c->ref);
        target = d->target;
        return target && target != im->ent && target->id_prefix &&
                       schema_id_number(raw, target->id_prefix) >= 0 &&
                       validate_ref(&im->v, target, raw, &ignored) == 1
                   ? raw
                   : NULL;
    case CT_DATE:
    case CT_DATETIME:
        return conv_canonical_when(raw, c->type == CT_DATETIME) ? raw : NULL;
    default:
        return NULL;
    }
}

const char *
imp_value_of(struct imp *im, struct dst *d, const char *raw, char *cur, const char **reason,
             int *pending, struct err *e, int *fatal)
{
    struct hmap_entry *he = NULL;
    const struct column_def *c = d->scol >= 0 ? &im->ent->cols[d->scol] : NULL;
    int cacheable = worth_caching(c) && !d->nocache;
    struct err ve;
    int rc, canon;

    *pending = 0;
    *cur = '\0';
    const char *same = c && !d->nxl && !d->selfref && !d->isnew ? as_stored(im, d, c, raw) : NULL;
    if (same)
        return same;
    if (cacheable && (++d->lookups & 4095) == 0 && d->hits * 4 < d->lookups) {
        /* names, ids, timestamps: caching them costs more than it saves
         * (looked at every 4096 values: a column may start with repeats) */
        for (size_t i = 0; i < d->cache.cap; i++)
            if (d->cache.slots[i].key)
                free(d->cache.slots[i].v.ptr);
        hmap_release(&d->cache);
        d->nocache = 1;
        cacheable = 0;
    }
    if (cacheable && (he = hmap_get(&d->cache, raw))) {
        const char *x = he->v.ptr;
        d->hits++;
        if (*x == '0')
            return x + 1;
        if (*x == '2') {
            *pending = 1;
            return NULL;
        }
        *reason = x + 1;
        return NULL;
    }
    rc = convert(im, d, raw, &im->tmp, cur, &canon, e, fatal);
    if (*fatal)
        return NULL;
    sbuf_reset(&im->vout);
    if (rc == 1) {
        sbuf_addc(&im->vout, '2');
    } else if (rc < 0) {
        vout_set(im, '1', im->tmp.p);
    } else if (d->selfref) {
        /* a rep's manager: an id or a name on file, or a rep of this import (checked
         * once all are read) */
        const char *id = ref_named(im, c, im->tmp.p, e, fatal);
        if (*fatal)
            return NULL;
        if (id)
            vout_set(im, '0', id);
    } else if (d->isnew || !c) {
        /* a column of the user's, new or one the file has: kept as typed
         * (as validate_value keeps it, without looking its name up in
         * the header for every value) */
        if (!im->v.vc.text_checked && !utf8_valid(im->tmp.p, im->tmp.len))
            sbuf_addf(&im->vout, "1%s: invalid UTF-8", d->name);
        else
            vout_set(im, '0', im->tmp.p);
    } else if (canon) {
        sbuf_addc(&im->vout, '0');
        sbuf_add(&im->vout, im->tmp.p, im->tmp.len);
    } else {
        sbuf_addc(&im->vout, '0');
        if (validate_value_into(&im->v, d->scol, im->tmp.p, &im->vout, &ve) == 0) {
            /* the stored form follows the '0' */
        } else if (c->type == CT_REF && *im->tmp.p) {
            /* not an id: the name, email or domain of one record */
            const char *id = ref_named(im, c, im->tmp.p, e, fatal);
            if (*fatal)
                return NULL;
            if (id && validate_value_into(&im->v, d->scol, id, &im->vout, &ve))
                vout_set(im, '1', ve.msg);
        } else {
            vout_set(im, '1', ve.msg);
        }
    }
    if (cacheable && d->cache.len < CACHE_MAX) {
        he = hmap_put(&d->cache, raw, NULL);
        he->v.ptr = xstrdup(im->vout.p);
    }
    if (*im->vout.p == '2') {
        *pending = 1;
        return NULL;
    }
    if (*im->vout.p == '1') {
        *reason = im->vout.p + 1;
        return NULL;
    }
    return im->vout.p + 1;
}
