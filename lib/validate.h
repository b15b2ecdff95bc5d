/*
 * validate.h — checking records before they are written: every value
 * against its column's type, required fields, references to other files,
 * stages, and the entity rules (a won deal has a closed date, a rep id is a
 * handle, a quota owner is a rep or a team). *-add, *-update, lead-convert
 * and sales-import all go through here, so a record that one accepts the
 * others accept too.
 *
 * Includes store, entities, hmap.
 */
#ifndef SALES_VALIDATE_H
#define SALES_VALIDATE_H

#include "entities.h"
#include "hmap.h"
#include "store.h"

/* The ids of one entity: those of the usual form (its prefix and a number,
 * "D12") as bits, a million of them in 125 KB; any other in a map. */
struct idset {
    uint64_t *bits;
    size_t nwords;
    struct hmap other;
};

/* idset_add: id (n bytes, of an entity whose ids have prefix; 0: none)
 * into s; 1 when it was not there yet, 0 when it was. */
int idset_add(struct idset *s, char prefix, const char *id, size_t n);

/* idset_has: 1 when id is in s. */
int idset_has(const struct idset *s, char prefix, const char *id);

/* idset_release: free it; s is empty again. */
void idset_release(struct idset *s);

#define LOCATE_MAX 64 /* per file; then its ids are read whole */

struct validator {
    struct store *s;
    const struct entity_def *ent;
    struct value_ctx vc; /* the store's (a bulk reader may set text_checked) */
    char **header; /* the file's columns: user columns are allowed too */
    struct stages stages;
    int have_stages;
    struct reps reps;
    int have_reps;
    struct idset ids[16]; /* per entity (index in schema_entities): known ids */
    int loaded[16];
    int located[16]; /* references looked up one by one (store_locate) */
    struct hmap batch; /* keys added by this batch, for duplicates within it */
    char today[DATE_BUFSZ]; /* a date the rules set (a deal's closed) */
    int one_of[8];          /* ent->one_of as column indexes (-1: not a column) */
    size_t none_of;
    int have_one_of;
    /* the entity's columns its rules read, or -1 */
    int c_id, c_status, c_stage, c_closed, c_lost_reason, c_manager, c_owner, c_account;
    int need_rates; /* a currency needs an exchange rate in config.json (the add and
                       update verbs: an import takes what the other system holds) */
};

/* validator_init: ready to check records for ent (reads its header). */
int validator_init(struct validator *v, struct store *s, const struct entity_def *ent,
                   struct err *e);
void validator_release(struct validator *v);

/* validate_value: one field's stored form (newly allocated) or NULL with e
 * set. Resolves references and stages. Custom columns of the file pass as
 * given; a name that is neither is an error. */
char *validate_value(struct validator *v, const char *name, const char *value, struct err *e);

/* validate_value_into: validate_value for the entity's schema column col
 * (an index in ent->cols), with the stored form appended to out: no
 * allocation per value. Returns 0, or -1 with e set and out as it was.
 * value must not point into out. */
int validate_value_into(struct validator *v, int col, const char *value, struct sbuf *out,
                        struct err *e);

/* validate_new: check and normalise a new record (in) into out, adding the
 * entity's defaults (lead status new, the first stage, closed for a deal
 * added as won). Does not set id, created or updated. */
int validate_new(struct validator *v, const struct fieldset *in, struct fieldset *out,
                 struct err *e);

/* validate_record: the record-level half of validate_new, for a writer
 * that checked each value with validate_value already (sales-import):
 * required columns, at least one of ent->one_of, the entity's rules, and
 * its defaults added to out. Returns 0, or -1 with e set (out is then
 * still the caller's to release). */
int validate_record(struct validator *v, struct fieldset *out, struct err *e);

/* The most columns validate_cols sets. */
#define VALIDATE_MAX_SET 8

/* validate_cols: validate_record for a record held as values by schema
 * column: cv[i] is the value of v->ent->cols[i] (NULL: not set), borrowed.
 * A writer that has its values by column needs no fieldset per record
 * (sales-import). The defaults the rules add are put in cv (pointing at
 * strings that live as long as the validator) and the columns set are
 * listed in set[0..*nset), in the order they were set (set has room for
 * VALIDATE_MAX_SET). Returns 0, or -1 with e set. */
int validate_cols(struct validator *v, const char **cv, int *set, size_t *nset, struct err *e);

/* validate_ref: 1 when id exists in the entity's file (cached), 0 when
 * not, -1 on a read error. */
int validate_ref(struct validator *v, const struct entity_def *ent, const char *id,
                 struct err *e);

/* validate_preload: the ids of each entity in ents[0..n) read now, each
 * file on a thread of its own (a deals import checks accounts, contacts
 * and leads: three big files at once). -1 with e set (the first failure)
 * when one cannot be read. */
int validate_preload(struct validator *v, const struct entity_def *const *ents, size_t n,
                     struct err *e);

#endif
