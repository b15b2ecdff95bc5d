/*
 * mapping.c — column names compared loosely, the source columns mapped to the data
 * file's, and references given by name (an account, a rep) resolved to ids.
 */
#include "import_int.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ---- names compared loosely ------------------------------------------- */

/* The loose form of a column name or value: ASCII letters lowercased,
 * ASCII punctuation and spaces dropped, other bytes kept ("Close Date",
 * "close_date" and "CLOSE-DATE" are all "closedate"). */
void
imp_loose(const char *s, struct sbuf *b)
{
    sbuf_reset(b);
    for (; *s; s++) {
        unsigned char c = (unsigned char)*s;
        if (c >= 0x80 || isalnum(c))
            sbuf_addc(b, (char)tolower(c));
    }
    if (!b->p)
        sbuf_adds(b, "");
}

static int
loose_eq(const char *a, const char *b)
{
    struct sbuf x = {0}, y = {0};
    imp_loose(a, &x);
    imp_loose(b, &y);
    int r = strcmp(x.p, y.p) == 0;
    sbuf_release(&x);
    sbuf_release(&y);
    return r;
}

char imp_ambiguous[] = "";

/* ---- mapping ---------------------------------------------------------- */

/* Common names other tools give the columns; entity NULL: any entity
 * that has the column. Compared in their loose form. */
static const struct {
    const char *entity, *alias, *col;
} aliases[] = {
    {NULL, "opportunityname", "name"},   {NULL, "dealname", "name"},
    {NULL, "fullname", "name"},          {"leads", "leadname", "name"},
    {"contacts", "contactname", "name"}, {"accounts", "accountname", "name"},
    {"accounts", "companyname", "name"}, {"accounts", "company", "name"},
    {"accounts", "organization", "name"}, {"accounts", "organisation", "name"},
    {"leads", "companyname", "company"}, {"leads", "accountname", "company"},
    {"leads", "organization", "company"}, {"leads", "organisation", "company"},
    {NULL, "emailaddress", "email"},     {NULL, "email1", "email"},
    {NULL, "workemail", "email"},        {NULL, "primaryemail", "email"},
    {NULL, "phonenumber", "phone"},      {NULL, "mobile", "phone"},
    {NULL, "mobilephone", "phone"},      {NULL, "telephone", "phone"},
    {NULL, "tel", "phone"},              {NULL, "workphone", "phone"},
    {NULL, "leadsource", "source"},      {NULL, "originalsource", "source"},
    {NULL, "dealsource", "source"},      {NULL, "owner", "owner"},
    {NULL, "leadowner", "owner"},        {NULL, "dealowner", "owner"},
    {NULL, "accountowner", "owner"},     {NULL, "opportunityowner", "owner"},
    {NULL, "contactowner", "owner"},     {NULL, "assignedto", "owner"},
    {NULL, "salesrep", "owner"},         {NULL, "ownername", "owner"},
    {"activities", "owner", "rep"},      {"activities", "assignedto", "rep"},
    {"activities", "salesrep", "rep"},   {NULL, "dealstage", "stage"},
    {NULL, "opportunitystage", "stage"}, {NULL, "pipelinestage", "stage"},
    {NULL, "salesstage", "stage"},       {NULL, "stagename", "stage"},
    {NULL, "dealamount", "amount"},      {NULL, "opportunityamount", "amount"},
    {NULL, "dealvalue", "amount"},       {NULL, "value", "amount"},
    {"quotas", "quota", "amount"},       {"quotas", "target", "amount"},
    {NULL, "closedate", "close"},        {NULL, "expectedclosedate", "close"},
    {NULL, "closingdate", "close"},      {NULL, "closeddate", "closed"},
    {NULL, "dateclosed", "closed"},      {NULL, "createdate", "created"},
    {NULL, "createddate", "created"},    {NULL, "createdat", "created"},
    {NULL, "datecreated", "created"},    {NULL, "creationdate", "created"},
    {NULL, "lastmodifieddate", "updated"}, {NULL, "lastmodified", "updated"},
    {NULL, "updatedat", "updated"},      {NULL, "lastupdated", "updated"},
    {NULL, "winprobability", "probability"},
    {NULL, "dealprobability", "probability"}, {NULL, "forecastcategory", "category"},
    {NULL, "customersegment", "segment"}, {NULL, "website", "domain"},
    {NULL, "companydomainname", "domain"}, {NULL, "companydomain", "domain"},
    {NULL, "url", "domain"},             {NULL, "jobtitle", "title"},
    {NULL, "position", "title"},         {NULL, "leadstatus", "status"},
    {NULL, "dealtype", "type"},          {NULL, "opportunitytype", "type"},
    {NULL, "activitytype", "type"},      {NULL, "currencycode", "currency"},
    {NULL, "dealcurrency", "currency"},  {NULL, "lostreason", "lost_reason"},
    {NULL, "closedlostreason", "lost_reason"}, {NULL, "lossreason", "lost_reason"},
    {NULL, "description", "notes"},      {NULL, "comments", "notes"},
    {NULL, "leadscore", "score"},        {NULL, "hubspotscore", "score"},
    {NULL, "accountname", "account"},    {NULL, "associatedcompany", "account"},
    {NULL, "company", "account"},        {NULL, "companyname", "account"},
    {NULL, "contactname", "contact"},    {NULL, "associatedcontact", "contact"},
    {NULL, "dealname", "deal"},          {NULL, "hiredate", "hired"},
    {NULL, "reportsto", "manager"},      {NULL, "region", "territory"},
    {NULL, "activitydate", "date"},      {NULL, "result", "outcome"},
    {NULL, "durationmin", "duration"},   {NULL, "durationminutes", "duration"},
    {NULL, "duedate", "due"},            {NULL, "completed", "done"},
    {NULL, "completeddate", "done"},     {NULL, "product", "plan"},
    {NULL, "monthlyrecurringrevenue", "mrr"}, {NULL, "startdate", "start"},
    {NULL, "enddate", "end"},            {NULL, "nps", "score"},
    {NULL, "rating", "score"},           {NULL, "feedback", "comment"},
    {NULL, "budget", "planned"},         {NULL, "spend", "actual"},
};

/* Default match columns: the natural keys. */
const char *
imp_natural_key(const struct entity_def *ent)
{
    if (ent == &schema_leads || ent == &schema_contacts)
        return "email";
    if (ent == &schema_accounts)
        return "domain";
    if (ent == &schema_reps)
        return "id";
    if (ent == &schema_quotas)
        return "owner,period";
    if (ent == &schema_budget)
        return "period,category,channel";
    return NULL;
}

/* Names are looked up in hash maps, not by scanning: a file may have
 * 100,000 columns, and every column's name is looked up once or twice. */

/* Index the source columns not indexed yet (they are only appended). */
void
imp_head_index(struct imp *im)
{
    for (; im->nheadix < im->nhead; im->nheadix++) {
        int is_new;
        struct hmap_entry *he = hmap_put(&im->headix, im->head[im->nheadix], &is_new);
        if (is_new)
            he->v.num = (int64_t)im->nheadix;
    }
}

/* The same for the data file's columns (those the import adds come last). */
static void
fhead_index(struct imp *im)
{
    struct sbuf l = {0};
    for (; im->nfheadix < im->nfhead; im->nfheadix++) {
        int is_new;
        struct hmap_entry *he = hmap_put(&im->fheadix, im->fhead[im->nfheadix], &is_new);
        if (is_new)
            he->v.num = (int64_t)im->nfheadix;
        imp_loose(im->fhead[im->nfheadix], &l);
        he = hmap_put(&im->fheadloose, l.p, &is_new);
        if (is_new)
            he->v.num = (int64_t)im->nfheadix;
    }
    sbuf_release(&l);
}

/* The data file's column called name, or -1. */
int
imp_fhead_find(struct imp *im, const char *name)
{
    fhead_index(im);
    const struct hmap_entry *he = hmap_get(&im->fheadix, name);
    return he ? (int)he->v.num : -1;
}

static int
in_file(struct imp *im, const char *name)
{
    return imp_fhead_find(im, name) >= 0;
}

/* The data column called `name` (exactly, or loosely when loosely). */
static const char *
known_column(struct imp *im, const char *name, int loosely)
{
    const struct hmap_entry *he;
    struct sbuf l = {0};
    for (size_t i = 0; i < im->ent->ncols; i++)
        if (loosely ? loose_eq(im->ent->cols[i].name, name) : !strcmp(im->ent->cols[i].name, name))
            return im->ent->cols[i].name;
    fhead_index(im);
    if (loosely) {
        imp_loose(name, &l);
        he = hmap_get(&im->fheadloose, l.p);
        sbuf_release(&l);
    } else {
        he = hmap_get(&im->fheadix, name);
    }
    return he ? im->fhead[he->v.num] : NULL;
}

int
imp_dst_find(const struct imp *im, const char *name)
{
    const struct hmap_entry *he = hmap_get(&im->dstix, name);
    return he ? (int)he->v.num : -1;
}

static int
dst_add(struct imp *im, const char *name)
{
    struct dst *d;
    if (im->ndst == im->dstcap) { /* (doubled: there may be 100,000) */
        im->dstcap = im->dstcap ? 2 * im->dstcap : 16;
        im->dst = xrealloc(im->dst, im->dstcap * sizeof *im->dst);
    }
    d = &im->dst[im->ndst];
    memset(d, 0, sizeof *d);
    d->name = xstrdup(name);
    {
        int is_new;
        struct hmap_entry *he = hmap_put(&im->dstix, name, &is_new);
        if (is_new)
            he->v.num = (int64_t)im->ndst;
    }
    d->scol = schema_col(im->ent, name);
    d->src = d->src2 = -1;
    d->fcol = -1;
    d->isnew = !in_file(im, name);
    d->date_fmt = im->o->date_format;
    d->selfref = d->scol >= 0 && im->ent->cols[d->scol].type == CT_REF &&
                 schema_entity(im->ent->cols[d->scol].ref) == im->ent;
    for (size_t i = 0; i < im->o->nxlats; i++)
        if (strcmp(im->o->xlats[i].col, name) == 0) {
            d->xl = xrealloc(d->xl, (d->nxl + 1) * sizeof *d->xl);
            d->xl[d->nxl++] = &im->o->xlats[i];
        }
    return (int)im->ndst++;
}

/* A column name the import may add to a data file. */
static int
valid_new_column(const char *s)
{
    if (!*s || *s == '_')
        return 0;
    for (; *s; s++)
        if ((unsigned char)*s < ' ' || strchr(",\"", *s))
            return 0;
    return 1;
}

static int
source_has(struct imp *im, const char *name)
{
    imp_head_index(im);
    return hmap_get(&im->headix, name) != NULL;
}

/* Map source column j (header h) to a data column; called once per
 * column, in order (JSON keys arrive as records do). */
int
imp_map_column(struct imp *im, size_t j, struct err *e)
{
    const char *h = im->head[j], *col = NULL;
    struct sbuf lh = {0};
    int level = 0, k;

    if (j == 0) /* (the header is whole by now) */
        im->srcmap = xrealloc(im->srcmap, (im->nhead + 1) * sizeof *im->srcmap);
    im->srcmap[j] = -1;
    /* explicit: --map and the rules file; the last one given wins. A name
     * given loosely ("close date") only when no column has it exactly. */
    for (size_t i = im->o->nmaps; i-- > 0;)
        if (strcmp(im->o->maps[i].a, h) == 0 ||
            (loose_eq(im->o->maps[i].a, h) && !source_has(im, im->o->maps[i].a))) {
            const char *d = im->o->maps[i].b;
            if (!*d || strcmp(d, "-") == 0) {
                im->srcmap[j] = -2;
                return 0;
            }
            if (!(col = known_column(im, d, 0))) {
                if (!valid_new_column(d))
                    return err_at(e, im->name, 1,
                                  "--map '%s=%s': a column name cannot be empty, start with '_' "
                                  "or hold commas, quotes or control characters",
                                  h, d);
                col = d;
            }
            level = 3;
            break;
        }
    if (!col && *h == '_') { /* a rejects file's _where and _reason */
        im->srcmap[j] = -2;
        return 0;
    }
    if (!col && (col = known_column(im, h, 0)))
        level = 2;
    if (!col && (col = known_column(im, h, 1)))
        level = 2;
    if (!col) {
        imp_loose(h, &lh);
        for (size_t i = 0; i < sizeof aliases / sizeof aliases[0]; i++)
            if ((!aliases[i].entity || !strcmp(aliases[i].entity, im->ent->name)) &&
                !strcmp(aliases[i].alias, lh.p) && schema_col(im->ent, aliases[i].col) >= 0) {
                col = aliases[i].col;
                level = 1;
                break;
            }
        sbuf_release(&lh);
    }
    if (!col)
        return 0;
    k = imp_dst_find(im, col);
    if (k >= 0 && im->dst[k].src >= 0) {
        struct dst *d = &im->dst[k];
        if (d->level == level)
            return err_at(e, im->name, 1,
                          "columns '%s' and '%s' both map to %s (leave one out with --map '%s=-')",
                          im->head[d->src], h, col, h);
        if (d->level > level) {
            imp_note(im->res, "%s: column '%s' left out: '%s' gives %s", im->name, h,
                     im->head[d->src], col);
            im->srcmap[j] = -2;
            return 0;
        }
        imp_note(im->res, "%s: column '%s' left out: '%s' gives %s", im->name, im->head[d->src], h,
                 col);
        im->srcmap[d->src] = -2;
    }
    if (k < 0)
        k = dst_add(im, col);
    im->dst[k].src = (int)j;
    im->dst[k].level = level;
    im->srcmap[j] = k;
    return 0;
}

/* After the header: a name made of first and last names, the columns
 * left out, defaults, and the match columns. */
int
imp_finish_mapping(struct imp *im, struct err *e)
{
    struct sbuf b = {0};
    size_t nunmapped = 0;

    /* "First Name" + "Last Name" -> name, when nothing else gives a name */
    if (schema_col(im->ent, "name") >= 0 && imp_dst_find(im, "name") < 0) {
        int first = -1, last = -1;
        struct sbuf l = {0};
        for (size_t j = 0; j < im->nhead; j++) {
            if (im->srcmap[j] != -1)
                continue;
            imp_loose(im->head[j], &l);
            if (!strcmp(l.p, "firstname") || !strcmp(l.p, "givenname"))
                first = (int)j;
            else if (!strcmp(l.p, "lastname") || !strcmp(l.p, "surname") ||
                     !strcmp(l.p, "familyname"))
                last = (int)j;
        }
        sbuf_release(&l);
        if (first >= 0 || last >= 0) {
            int k = dst_add(im, "name");
            im->dst[k].src = first >= 0 ? first : last;
            im->dst[k].src2 = first >= 0 ? last : -1;
            im->dst[k].level = 1;
            if (first >= 0)
                im->srcmap[first] = -3;
            if (last >= 0)
                im->srcmap[last] = -3;
        }
    }
    for (size_t j = 0; j < im->nhead; j++)
        if (im->srcmap[j] == -1 && *im->head[j]) {
            sbuf_addf(&b, "%s'%s'", nunmapped ? ", " : "", im->head[j]);
            nunmapped++;
        }
    if (nunmapped)
        imp_note(im->res, "%s: column%s %s left out (not columns of %s.csv; map them with --map)",
                 im->name, nunmapped > 1 ? "s" : "", b.p, im->ent->name);
    sbuf_release(&b);

    /* defaults: checked now, used for new records */
    for (size_t i = 0; i < im->o->ndefaults; i++) {
        const char *col = known_column(im, im->o->defaults[i].a, 0);
        struct err ve;
        char *val;
        int k;
        if (!col)
            return err_set(e, "default for '%s': %s.csv has no such column",
                           im->o->defaults[i].a, im->ent->name);
        if ((k = imp_dst_find(im, col)) < 0)
            k = dst_add(im, col);
        if (!(val = validate_value(&im->v, col, im->o->defaults[i].b, &ve)))
            return err_set(e, "default for %s: %s", col, ve.msg);
        if (im->dst[k].defval) {
            free(*im->dst[k].defval);
            free(im->dst[k].defval);
        }
        im->dst[k].defval = xmalloc(sizeof(char *));
        *im->dst[k].defval = val;
    }
    im->k_id = imp_dst_find(im, "id");
    if (im->k_id >= 0 && im->dst[im->k_id].src < 0)
        im->k_id = -1;
    im->k_created = imp_dst_find(im, "created");
    im->k_updated = imp_dst_find(im, "updated");
    im->k_currency = imp_dst_find(im, "currency");

    /* the match columns */
    const char *match = im->o->match;
    if (!match && im->k_id >= 0 && im->ent->id_prefix)
        match = "id";
    if (!match)
        match = imp_natural_key(im->ent);
    if (!match) {
        if (im->o->mode != IMPORT_CREATE)
            return err_set(e,
                           "%s have no natural key to match on: import an id column, or give "
                           "--match with a column of yours that holds the other system's id",
                           im->ent->name);
        return 0;
    }
    char **cols = str_split(match, ',');
    for (char **p = cols; *p; p++) {
        char *c = *p;
        while (*c == ' ')
            c++;
        int k = imp_dst_find(im, c);
        if (k < 0 || im->dst[k].src < 0) {
            if (!im->o->match && im->o->mode == IMPORT_CREATE) { /* nothing to match on */
                im->nmatch = 0;
                break;
            }
            if (!im->o->match)
                err_at(e, im->name, 1,
                       "no %s column to match %s on (import one, or give --match)", c,
                       im->ent->name);
            else
                err_at(e, im->name, 1, "--match column '%s' is not in the input", c);
            strv_free(cols);
            return -1;
        }
        im->matchk = xrealloc(im->matchk, (im->nmatch + 1) * sizeof *im->matchk);
        im->matchk[im->nmatch++] = k;
    }
    strv_free(cols);
    im->match_by_id = im->nmatch == 1 && im->matchk[0] == im->k_id && im->k_id >= 0;
    return 0;
}

/* ---- references by name ----------------------------------------------- */

static void
ref_put(struct hmap *m, const char *key, const char *id)
{
    int is_new;
    struct hmap_entry *he;
    if (!*key)
        return;
    he = hmap_put(m, key, &is_new);
    if (is_new)
        he->v.ptr = xstrdup(id);
    else if (he->v.ptr != imp_ambiguous && strcmp(he->v.ptr, id) != 0) {
        free(he->v.ptr);
        he->v.ptr = imp_ambiguous;
    }
}

static int
ref_load(struct imp *im, const struct entity_def *target, struct refmap *rm, struct err *e)
{
    struct table *t = store_read(im->s, target, e);
    struct sbuf key = {0};
    int rc, c_id, c_name, c_email, c_domain;
    if (!t)
        return -1;
    c_id = schema_col(target, "id");
    c_name = schema_col(target, "name");
    c_email = schema_col(target, "email");
    c_domain = schema_col(target, "domain");
    while ((rc = table_next(t, e)) == 1) {
        const char *id = table_get(t, c_id);
        if (!*id)
            continue;
        if (c_name >= 0) {
            (void)text_fold(table_get(t, c_name), 0, &key);
            ref_put(&rm->byname, key.p, id);
        }
        if (c_email >= 0) {
            (void)text_fold(table_get(t, c_email), 0, &key);
            ref_put(&rm->byname, key.p, id);
        }
        if (c_domain >= 0) {
            (void)text_fold(table_get(t, c_domain), 0, &key);
            ref_put(&rm->byname, key.p, id);
        }
    }
    table_free(t);
    sbuf_release(&key);
    rm->loaded = 1;
    return rc;
}

/* The id a reference names: an id, or the unique name (email, domain) of
 * one record. NULL with reason set when none or several. */
const char *
imp_ref_resolve(struct imp *im, const struct column_def *c, const char *val, struct sbuf *reason,
                struct err *e, int *fatal)
{
    const struct entity_def *target = schema_entity(c->ref);
    int ti = schema_entity_index(target);
    struct refmap *rm = &im->refs[ti];
    struct hmap_entry *he;
    int rc = validate_ref(&im->v, target, val, e); /* the ids: the validator's own set */

    if (rc < 0) {
        *fatal = 1;
        return NULL;
    }
    if (rc == 1)
        return val;
    /* not an id: a name, an email or a domain (read once, when first needed) */
    if (!rm->loaded && ref_load(im, target, rm, e) < 0) {
        *fatal = 1;
        return NULL;
    }
    (void)text_fold(val, 0, &im->tmp2);
    he = hmap_get(&rm->byname, im->tmp2.p);
    if (he && he->v.ptr != imp_ambiguous)
        return he->v.ptr;
    if (target == im->ent && !he) /* a rep of this same import: checked once all are read */
        return val;
    sbuf_reset(reason);
    if (he)
        sbuf_addf(reason, "ambiguous %s '%s' (several %s have that name; give the id)", c->name,
                  val, target->name);
    else
        sbuf_addf(reason, "unknown %s '%s' (not an id%s in %s.csv)", c->name, val,
                  target == &schema_accounts ? ", name or domain"
                  : schema_col(target, "email") >= 0 ? ", name or email"
                                                      : " or name",
                  target->name);
    return NULL;
}
