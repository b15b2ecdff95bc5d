/*
 * schema.h — the data files: entities, their columns, types, enums and id
 * prefixes. One table (schema.c) drives every generic verb, validator and
 * the file headers sales-init writes.
 *
 * Includes value.h, err.h.
 */
#ifndef SALES_SCHEMA_H
#define SALES_SCHEMA_H

#include <stddef.h>

#include "err.h"
#include "value.h"

enum col_type {
    CT_TEXT,     /* one line of free text */
    CT_NOTE,     /* free text, may span lines */
    CT_ID,       /* this entity's id (prefix + number, or a chosen handle for reps) */
    CT_REF,      /* an id of another entity (column_def.ref) */
    CT_ENUM,     /* one of column_def.enums, stored lowercase */
    CT_DATE,     /* YYYY-MM-DD */
    CT_DATETIME, /* a date or an ISO 8601 UTC timestamp */
    CT_MONEY,    /* decimal, at most 2 fraction digits */
    CT_INT,      /* integer within [min, max] */
    CT_PERCENT,  /* integer 0-100 */
    CT_BOOL,     /* yes / no */
    CT_EMAIL,
    CT_PHONE,
    CT_PERIOD,   /* 2026, 2026-Q4, 2026-11, 2026-W48 */
    CT_CURRENCY, /* ISO 4217 code, three letters */
    CT_STAGE,    /* a stage named in stages.csv */
    CT_DOMAIN,   /* example.com */
};

/* column flags */
/* What sales-privacy erase leaves in place of a person's value: dedupe
 * must not pair two erased records by it. */
#define SCHEMA_ERASED "[erased]"

#define COL_REQUIRED 1u /* must be set on add */
#define COL_AUTO 2u     /* set by the tools (created, updated); not a flag of *-add */
#define COL_KEY 4u      /* the record's key (id, stage) */

struct column_def {
    const char *name;
    enum col_type type;
    unsigned flags;
    const char *ref;                 /* CT_REF: entity name */
    const char *const *enums;        /* CT_ENUM: NULL-terminated */
    long min, max;                   /* CT_INT */
    const char *help;                /* one line for --help and man pages */
};

struct entity_def {
    const char *name;     /* "leads": the file name without .csv */
    const char *singular; /* "lead" */
    char id_prefix;       /* 'L', or 0 when ids are chosen (reps) or there are none */
    const char *date_col; /* the column --since/--until/--period filter on, or NULL */
    const char *owner_col; /* the column --owner/--team filter on, or NULL */
    const char *one_of;    /* "name,company,email": at least one must be set, or NULL */
    const char *brief;     /* the columns a terminal table shows by default */
    const struct column_def *cols;
    size_t ncols;
};

/* Every entity, in the order sales-init creates their files. */
extern const struct entity_def *const schema_entities[];
extern const size_t schema_nentities;

/* The entities with fixed names, for direct use. */
extern const struct entity_def schema_reps, schema_leads, schema_accounts, schema_contacts,
    schema_deals, schema_stages, schema_activities, schema_quotas, schema_subscriptions,
    schema_budget, schema_feedback, schema_history;

/* Enum value lists. */
extern const char *const enum_segment[], *const enum_lead_status[], *const enum_activity_type[],
    *const enum_deal_type[], *const enum_category[];

/* schema_entity: by file name or singular ("deals", "deal"); NULL if none. */
const struct entity_def *schema_entity(const char *name);

/* schema_entity_index: ent's place in schema_entities, or -1. */
int schema_entity_index(const struct entity_def *ent);

/* schema_col: index of the named column in ent->cols, or -1. */
int schema_col(const struct entity_def *ent, const char *name);

struct sbuf;

/* schema_enum_list: "a, b, c" for messages, however long, into out (reset
 * first); returns out->p. */
const char *schema_enum_list(const char *const *enums, struct sbuf *out);

/* The context values need to be normalised (relative dates, periods). */
struct value_ctx {
    sdate today;
    int64_t now;
    const struct calendar *cal;
    int text_checked; /* the values come from a reader that has checked
                         their UTF-8 already (sales-import): not again */
};

/* schema_normalize: check value against the column's type and return its
 * stored form (newly allocated): enums lowercased, dates made absolute
 * ("today" -> "2026-11-27"), money canonical ("12500.50" -> "12500.5"),
 * booleans "yes"/"no", emails and domains lowercased, currencies
 * uppercased, text trimmed. Returns NULL with e set to a message without
 * location ("bad date 'x' (expected YYYY-MM-DD, today, +14d, ...)").
 * References are not resolved here (that needs the data directory). */
char *schema_normalize(const struct column_def *c, const char *value, const struct value_ctx *vc,
                       struct err *e);

/* schema_normalize_into: the same, with the stored form appended to out
 * (no allocation once out is big enough: for writers that check many
 * values). Returns 0, or -1 with e set and out as it was. value must not
 * point into out. */
int schema_normalize_into(const struct column_def *c, const char *value,
                          const struct value_ctx *vc, struct sbuf *out, struct err *e);

/* schema_compare: order two stored values of column def (NULL: a column
 * of the user's own, where two numbers compare as numbers): -1, 0, 1, or
 * 2 when either is not a value of the type and they cannot be ordered. */
int schema_compare(const struct column_def *def, const char *a, const char *b);

/* schema_id_number: the number of an id with the given prefix ("L12" -> 12),
 * or -1 when it does not have that form. */
long long schema_id_number(const char *id, char prefix);

/* schema_id_number_n: the same for the n bytes at id (no NUL needed). */
long long schema_id_number_n(const char *id, size_t n, char prefix);

/* schema_valid_handle: is s a rep id, a handle of lowercase letters,
 * digits, '.', '_' and '-', 1 to 64 bytes? */
int schema_valid_handle(const char *s);

/* schema_percent: a percentage (a probability) as a whole number from 0
 * to 100 into *out; 0, or -1 (*out untouched) when s is anything else.
 * The one rule for a CT_PERCENT value: schema_normalize checks input by
 * it, entities reads deals.csv by it. */
#define SCHEMA_PERCENT_MAX 100
int schema_percent(const char *s, int *out);

/* schema_id_valid: 1 when id is a well-formed id of a record of ent, 0
 * when not. The one rule every writer and checker applies: ent's prefix
 * letter (upper case) and a positive number of at most 15 digits without
 * leading zeros ("L12"; not "l12", "L012", "L0", "D12" for a lead); a
 * handle (schema_valid_handle) for reps; nothing for an entity without
 * ids (stages, quotas, budget, history). */
int schema_id_valid(const struct entity_def *ent, const char *id);

/* schema_id_form: how ent's ids look, for messages ("L and a number, such
 * as L12"), into buf of size n. Returns buf. */
const char *schema_id_form(const struct entity_def *ent, char *buf, size_t n);

#endif
