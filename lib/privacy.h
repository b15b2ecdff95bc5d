/*
 * privacy.h — a person's data for privacy requests (GDPR access and
 * erasure, CCPA): everything held about them as one JSON document, or
 * their personal values replaced everywhere, history.csv included
 * (sales-privacy).
 *
 * The person is a set of leads and contacts: those the selectors name
 * (an id: that record, in its file or only in history.csv; an address:
 * the records with it as their email, ASCII case and surrounding spaces
 * ignored), and then, until nothing more is found: the records with one
 * of the person's addresses (a record no longer in its file: when its
 * rows in history.csv hold the address as its email), the addresses of
 * the person's records (all those history.csv holds, for one that is
 * gone), and the records merged with one of theirs ("merged into L1",
 * lead-dedupe --merge: both are the person). Selectors add up; each must
 * match something.
 *
 * Linked to the person are the activities whose lead or contact is one of
 * theirs, the feedback whose contact is, the deals whose lead or contact
 * is, and the person's own accounts: an account their contacts or deals
 * belong to whose name is one of the person's names (lead-convert names
 * a B2C account after the person). The person's names are the values of
 * the name fields of their leads and contacts, in the files and in
 * history.csv.
 *
 * Personal values, replaced by an erasure (in the files and as old/new in
 * history.csv rows about the record's field):
 * - leads: name, email, phone, notes; contacts: name, email, phone, title;
 * - activities: subject, notes (not outcome: "connected", "no answer");
 *   feedback: comment;
 * - the person's own accounts: name, domain, notes;
 * - deals: each of the person's names in a name, as a whole word
 *   ("Jane Roe – renewal" becomes "[erased] – renewal");
 * - any lead's or contact's email in history.csv that is one of the
 *   person's addresses.
 * The tombstone is PRIVACY_TOMBSTONE, or empty for a column whose type
 * cannot hold it (email, phone, domain). Empty values stay empty. Nothing
 * else changes: ids, references, dates, amounts, owners, stages, scores,
 * `updated`, columns of the user's own, every other history row.
 *
 * Includes store.
 */
#ifndef SALES_PRIVACY_H
#define SALES_PRIVACY_H

#include "store.h"
#include "text.h"

#define PRIVACY_TOMBSTONE SCHEMA_ERASED

enum privacy_sel { PRIVACY_EMAIL, PRIVACY_LEAD, PRIVACY_CONTACT };

/* The selectors of one request, as given (checked by the calls below). */
struct privacy_request {
    size_t n;
    enum privacy_sel *kind;
    char **value;
};

void privacy_request_add(struct privacy_request *rq, enum privacy_sel kind, const char *value);
void privacy_request_release(struct privacy_request *rq);

/* privacy_export: everything held about the person, appended to out as
 * one JSON object: the keys "leads", "accounts", "contacts", "deals",
 * "activities", "feedback" and "history", in that order, each an array
 * (one line per record, in file order) of objects whose keys are the
 * file's header in its order and whose values are the stored text.
 * accounts holds the person's own accounts; history the rows about the
 * records listed or about the person's records that are gone, and the
 * rows an erasure would change. Reads without the lock, like every
 * reader. Returns 0, or -1 with e set (a selector that is malformed or
 * matches nothing, a file that cannot be read). */
int privacy_export(struct store *s, const struct privacy_request *rq, struct sbuf *out,
                   struct err *e);

/* One value an erasure replaces. */
struct privacy_change {
    const char *file;   /* "leads.csv", ..., "history.csv" (static) */
    long line;          /* the line its record starts on */
    char *id;           /* the record's id; in history.csv the row's id */
    char *field;        /* the record's field; in history.csv the row's field */
    const char *column; /* the file's column rewritten: field, or "old"/"new" (borrowed from field
                           or static) */
    char *value;        /* what it becomes */
};

/* Told the values an erasure replaces before anything is written
 * (borrowed for the call): 0 to go on, or -1 with e set to stop with
 * nothing changed (sales-privacy prints them first, so that a full
 * standard output fails the command before it changes anything). */
typedef int (*privacy_report_fn)(void *ctx, const struct privacy_change *v, size_t n,
                                 struct err *e);

/* privacy_erase: replace the person's personal values (see above) under
 * one lock, as one transaction (every file rewritten, or none: store.h),
 * then one history row per record erased (the
 * person's leads and contacts, and each other record a value of which was
 * replaced): entity, id, field "", old "", new "erased". report gets the
 * values replaced, file by file in the order above, then history.csv,
 * each in file order. With nothing to replace, nothing is written (a dry
 * run is the store's: s->dry_run). Returns 0, or -1 with e
 * set (nothing changed). */
int privacy_erase(struct store *s, const struct privacy_request *rq, privacy_report_fn report, void *ctx, struct err *e);

#endif
