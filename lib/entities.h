/*
 * entities.h — the rules of the sales model that more than one command
 * needs: the stages and what makes a deal open, won or lost; its effective
 * probability and forecast category; the team roll-up of reps; reading a
 * deal row into typed values (one place, so every report agrees); the
 * stage-entry times from history.csv; and small files held in memory.
 *
 * Includes store, table, metrics, hmap.
 */
#ifndef SALES_ENTITIES_H
#define SALES_ENTITIES_H

#include "hmap.h"
#include "metrics.h"
#include "store.h"

/* ---- a small file in memory (reps, stages, quotas) ------------------- */

struct memtab {
    const struct entity_def *ent;
    size_t nrows;
    char ***rows; /* rows[r][i]: value of schema column i ("" when absent) */
    long *lines;  /* line of each row in the file */
    char *name;   /* file path, for messages */
};

int memtab_load(struct store *s, const struct entity_def *ent, struct memtab *mt, struct err *e);
void memtab_release(struct memtab *mt);

/* ---- stages ----------------------------------------------------------- */

enum deal_state { DEAL_OPEN, DEAL_WON, DEAL_LOST };

struct stage {
    char *name;
    int order;
    int probability;
    const char *category; /* from enum_category */
    int rotten_days;      /* -1 when not set: config stale_days applies */
    enum deal_state state; /* "won" and "lost" are the terminal stages */
};

struct stages {
    struct stage *v; /* sorted by order */
    size_t n;
};

/* stage_state: what a stage's name makes a deal in it: the stages named
 * "won" and "lost" (in any ASCII case) are the terminal ones, every other
 * stage is open. The one rule: stages_load sets each stage's state by it,
 * a history row's new stage is judged by it, and sales-check (which must
 * go on past a bad stages.csv row, so it reads the file itself) too. */
enum deal_state stage_state(const char *name);

/* stages_load: read and check stages.csv (order, probability, category). */
int stages_load(struct store *s, struct stages *st, struct err *e);
const struct stage *stages_find(const struct stages *st, const char *name);
/* stages_first: the first open stage, where new deals start. */
const struct stage *stages_first(const struct stages *st);
/* stages_terminal: the stage a deal is won (DEAL_WON) or lost (DEAL_LOST)
 * in, as stages.csv spells it; NULL when the file has none. */
const struct stage *stages_terminal(const struct stages *st, enum deal_state state);
/* stages_names: "prospecting, qualification, ..." for messages, into b
 * (reset first). Returns b's text. */
const char *stages_names(const struct stages *st, struct sbuf *b);
void stages_release(struct stages *st);

/* ---- reps and teams --------------------------------------------------- */

struct reps {
    struct memtab mt;
    int c_id, c_name, c_team, c_manager, c_territory, c_active;
};

int reps_load(struct store *s, struct reps *r, struct err *e);
void reps_release(struct reps *r);
/* reps_index: row of rep id, or -1. */
int reps_index(const struct reps *r, const char *id);
/* reps_active: 1 unless the rep's active column says no. */
int reps_active(const struct reps *r, int row);
/* reps_is_team: 1 when some rep's team is name. */
int reps_is_team(const struct reps *r, const char *name);

/* reps_members: the rep ids an owner's numbers roll up from: a rep id
 * gives the rep and everyone who reports to them, directly or not; a team
 * name gives the reps of that team and everyone who reports to them.
 * Returns a NULL-terminated list (strv_free), or NULL when owner is
 * neither a rep nor a team. */
char **reps_members(const struct reps *r, const char *owner);

/* ---- deals ------------------------------------------------------------ */

/* What reading a deal needs: the stages and the exchange rates. */
struct deal_ctx {
    struct store *s;
    struct stages stages;
    struct hmap rates; /* currency -> rate in millionths */
    int c_id, c_created, c_owner, c_stage, c_amount, c_currency, c_probability, c_category,
        c_close, c_closed, c_segment, c_source, c_name, c_account, c_type;
};

/* A deal row as typed values. Strings borrow from the table row. */
struct deal {
    const char *id, *owner, *segment, *source, *category;
    const struct stage *stage;
    money_t amount; /* in the base currency */
    int probability; /* effective: override, else the stage's; 100 won, 0 lost */
    sdate created, close, closed; /* DATE_NONE when not set */
    enum deal_state state;
};

int deal_ctx_init(struct deal_ctx *dc, struct store *s, struct err *e);
void deal_ctx_release(struct deal_ctx *dc);

/* deal_read: the current row of t (deals.csv) as a struct deal. Bad
 * values (an amount that is not money, an unknown stage, a currency with no
 * rate) are errors with FILE:LINE. */
int deal_read(const struct deal_ctx *dc, const struct table *t, struct deal *d, struct err *e);

/* deal_state: only whether the current row is open, won or lost (its
 * stage checked, nothing else read): a report that uses only some deals
 * asks this first and reads the rest of the row only for those. */
int deal_state(const struct deal_ctx *dc, const struct table *t, enum deal_state *state,
               struct err *e);

/* The deals.csv columns deal_read reads. A reader that needs right numbers
 * checks them with table_require first: a column renamed in a spreadsheet
 * would otherwise read as empty in every row. */
#define DEAL_READ_COLUMNS                                                                          \
    "stage,amount,currency,probability,category,created,close,closed,owner,segment,source"

/* deals_open: deals.csv for deal_read, its DEAL_READ_COLUMNS checked; NULL
 * with e set when the file cannot be read or lacks one of them. */
struct table *deals_open(struct store *s, struct err *e);

/* deals_won_each: for each won deal in deals.csv that f picks, with an
 * account and a closed date, in file order: fn(ctx, t, d, account, e),
 * t at the deal's row (for messages). fn returns 0 to go on, -1 with e
 * set to stop. No deals.csv is no deals. Returns 0, or -1 with e set
 * (the file lacks DEAL_READ_COLUMNS or account, a bad row, fn's error). */
struct filter;
int deals_won_each(struct store *s, struct filter *f,
                   int (*fn)(void *ctx, const struct table *t, const struct deal *d,
                             const char *account, struct err *e),
                   void *ctx, struct err *e);

/* deal_stale: the one rule for a stale deal: 1 when since (the day the
 * clock started: its stage entry for pipeline-show, its last touch for
 * coach; DATE_NONE: never, not stale) is more than deal_stale_limit days
 * before today. */
int deal_stale(const struct store *s, const struct deal *d, sdate since);
/* deal_stale_limit: the days a deal may wait: its stage's rotten_days,
 * else config stale_days. */
int deal_stale_limit(const struct store *s, const struct deal *d);

/* deal_counts: 1 when the deal's forecast category counts toward
 * pipeline (not "omitted"). */
int deal_in_pipeline(const struct deal *d);

/* ---- history.csv ------------------------------------------------------ */

/* The columns of history.csv an opened table has (-1: absent). */
struct history_cols {
    int ts, entity, id, field, old, new_;
};

/* history_columns: check that t (history.csv) has the columns need names
 * (comma-separated, as table_require takes them) and find them all.
 * Returns -1 with e set when one is missing. */
int history_columns(const struct table *t, const char *need, struct history_cols *c,
                    struct err *e);

/* stage_entries_load: from history.csv, the date each deal entered its
 * current stage (the last stage change), into m: deal id -> sdate (num),
 * DATE_NONE for deals whose last change closed them. Deals without such a
 * row entered it when they were created. Keeps DIR/.stage-cache so a run
 * reads only the history appended since the last one. */
int stage_entries_load(struct store *s, struct hmap *m, struct err *e);

/* ---- subscriptions ---------------------------------------------------- */

/* subscription_active: 1 when a subscription that started on start and
 * ends on end (DATE_NONE: running) is active on day: start <= day and no
 * end or an end after day (on its end date it is over). The one rule:
 * subscription-list --active and subscription-end go by it. */
int subscription_active(sdate start, sdate end, sdate day);

/* ---- teams in filters --------------------------------------------------- */

/* filter_expand_team: replace --team by its members (reps_members) and
 * check --owner names known reps. Errors name unknown teams or reps. */
struct filter;
int filter_resolve_owners(struct filter *f, const struct reps *r, struct err *e);

#endif
