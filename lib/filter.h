/*
 * filter.h — the common filter flags, spelled the same in every command:
 * --owner, --team, --segment, --stage, --status, --source (comma lists),
 * --since DATE, --until DATE, --period P (on the entity's date column) and
 * --where 'FIELD OP VALUE' (OP = != < <= > >= ~; repeatable, ANDed).
 *
 * A filter is parsed once from the options, then bound to a table (which
 * resolves column positions and checks the fields exist) and matched
 * against each row. --team is expanded to owner ids by the caller, who
 * knows the reps (filter_add_owner). Includes table, schema,
 * value.
 */
#ifndef SALES_FILTER_H
#define SALES_FILTER_H

#include <regex.h>

#include "err.h"
#include "schema.h"
#include "table.h"
#include "value.h"

enum filter_opt {
    FILTER_OWNER = 0x1000,
    FILTER_TEAM,
    FILTER_SEGMENT,
    FILTER_STAGE,
    FILTER_STATUS,
    FILTER_SOURCE,
    FILTER_SINCE,
    FILTER_UNTIL,
    FILTER_PERIOD,
    FILTER_WHERE,
};

/* getopt_long entries for the filters, to splice into a command's table. */
#define FILTER_LONGOPTS                                                                            \
    {"owner", required_argument, NULL, FILTER_OWNER},                                              \
        {"team", required_argument, NULL, FILTER_TEAM},                                            \
        {"segment", required_argument, NULL, FILTER_SEGMENT},                                      \
        {"stage", required_argument, NULL, FILTER_STAGE},                                          \
        {"status", required_argument, NULL, FILTER_STATUS},                                        \
        {"source", required_argument, NULL, FILTER_SOURCE},                                        \
        {"since", required_argument, NULL, FILTER_SINCE},                                          \
        {"until", required_argument, NULL, FILTER_UNTIL},                                          \
        {"period", required_argument, NULL, FILTER_PERIOD},                                        \
        {"where", required_argument, NULL, FILTER_WHERE}

struct where {
    char *field;
    char op[3];
    char *value; /* as given */
    regex_t re;  /* op "~" */
    int col;     /* bound: file column */
    const struct column_def *def; /* bound: schema column, or NULL */
};

struct filter {
    int active; /* any filter set */
    char **owners, **segments, **stages, **statuses, **sources; /* NULL: any */
    size_t nowners;
    char *team; /* as given; the caller adds its members with filter_add_owner */
    int owner_given;
    sdate since, until; /* DATE_NONE when not set; inclusive */
    struct period period;
    int has_period;
    char *period_text;
    struct where *where;
    size_t nwhere;
    /* bound columns (file positions, -1 absent) */
    int c_owner, c_segment, c_stage, c_status, c_source, c_date;
    const struct entity_def *ent;
    sdate today;
    const struct value_ctx *vc; /* from filter_option: --where values are checked at bind */
    char **stage_names;         /* the stages a --where on a stage may name; NULL: unchecked */
};

void filter_init(struct filter *f);

/* filter_option: take one filter option (an enum filter_opt) and its
 * argument. Validates enums, dates and periods. Returns 0, or -1 with e
 * set ("bad segment 'x' (expected ...)"). */
int filter_option(struct filter *f, int opt, const char *arg, const struct value_ctx *vc,
                  struct err *e);

/* filter_applies: 1 when the filter option makes sense for ent (a
 * command offering it for an entity without the column is a usage error). */
int filter_applies(const struct entity_def *ent, int opt);

/* filter_add_owner: add an owner id to match (for --team expansion). */
void filter_add_owner(struct filter *f, const char *id);

/* filter_bind: resolve the filter against table t (t->ent set). A filter
 * on a column the entity does not have is an error ("--stage does not
 * apply to leads"); --where may name the file's own columns too. */
int filter_bind(struct filter *f, const struct table *t, struct err *e);

/* filter_match: 1 when t's current row passes every filter. */
int filter_match(const struct filter *f, const struct table *t);

/* filter_date_range: the effective [from, to] day range of --since,
 * --until and --period (DATE_NONE where open). */
void filter_date_range(const struct filter *f, sdate *from, sdate *to);

/* The dates of a filter, set aside: a report that applies --since,
 * --until and --period to another column than the entity's date column
 * (a won deal's closed, say) takes them out before filter_bind, and puts
 * them back when done. */
struct filter_dates {
    sdate since, until;
    int has_period;
    struct period period;
};

/* filter_take_dates: the effective range into *from, *to (DATE_NONE where
 * open, as filter_date_range), the dates moved into *saved. */
void filter_take_dates(struct filter *f, struct filter_dates *saved, sdate *from, sdate *to);
void filter_put_dates(struct filter *f, const struct filter_dates *saved);

void filter_release(struct filter *f);

/* ---- one predicate, the --where semantics on their own --------------- */

/* where_parse: 'FIELD OP VALUE' into w (zero it first); the value may hold
 * spaces. Returns 0, or -1 with e set (w then needs where_release too). */
int where_parse(struct where *w, const char *arg, struct err *e);

/* where_check: the value of a bound w checked against its schema
 * column: a date, an amount, a number, one of an enum's values or (when
 * stages is not NULL) of the stages, with a "did you mean" for a near
 * miss. A pattern (~), an empty value and a column of the user's own are
 * not checked. Returns 0, or -1 with e set. */
int where_check(const struct where *w, const struct value_ctx *vc, char *const *stages,
                struct err *e);

/* where_bind: resolve w->field in t (a file column, and the schema column
 * when t has an entity). Returns -1 when t has no such column. */
int where_bind(struct where *w, const struct table *t);

/* where_test: 1 when the stored value v satisfies w, as --where does:
 * typed comparison by the column's type (schema_compare), enums equal
 * case-insensitively, relative dates on date columns, "~" an extended
 * case-insensitive regex, and "not set" equal only to "not set". */
int where_test(const struct where *w, const char *v, sdate today);

void where_release(struct where *w);

#endif
