/*
 * lifecycle.h — the changes with rules of their own: moving a deal
 * through its stages (closing, reopening), converting a lead into an
 * account, a contact and a deal, setting a quota or a budget line, and
 * ending a subscription.
 *
 * Each function takes the data directory's lock itself, checks everything
 * before it writes, and writes history; on a failure after a first write,
 * the caller's cli_fail undoes the appends (store_rollback).
 * Includes store, entities, validate.
 */
#ifndef SALES_LIFECYCLE_H
#define SALES_LIFECYCLE_H

#include "entities.h"
#include "store.h"
#include "validate.h"

/* deal_apply_stage: inside a rewrite of deals.csv, move the current row to
 * stage `to`: sets stage; for won/lost sets closed (date, or today when
 * date is DATE_NONE: then a deal already in `to` keeps its closed date)
 * and, for lost, lost_reason; leaving won/lost needs reopen and clears both. */
int deal_apply_stage(struct store *s, struct edit *ed, const struct stages *stages,
                     const struct stage *to, sdate date, const char *reason, int reopen,
                     struct err *e);

/* deal_move: move deal id to stage (see deal_apply_stage). */
int deal_move(struct store *s, const char *id, const char *stage, sdate date, const char *reason,
              int reopen, struct err *e);

/* Options of a lead conversion. NULL fields are not set. */
struct convert_opts {
    const char *deal_name, *amount, *close, *stage, *owner;
    int no_deal;
};

/* The ids a conversion made or reused. */
struct convert_result {
    char account[32], contact[32], deal[32];
    int account_reused, contact_reused;
};

/* lead_convert: make (or reuse, by email domain or company name) the
 * account, make (or reuse, by email) the contact, make the deal, and mark
 * the lead converted — under one lock. */
int lead_convert(struct store *s, const char *lead_id, const struct convert_opts *o,
                 struct convert_result *res, struct err *e);

/* record_set: set or replace the record of an entity whose rows are
 * known by their key columns (COL_KEY: quotas, budget lines). in holds the
 * key's values (one not given is empty) and the fields to set, checked as
 * *-add checks them. The row with that key gets those fields, the others
 * kept (a rewrite; a second row of the key is dropped), or a new row is
 * appended. History rows name the record as store_key does. */
int record_set(struct store *s, const struct entity_def *ent, const struct fieldset *in,
               struct err *e);

/* quota_set: set or replace the quota of owner (a rep id or a team) for
 * period; the period is normalised (this-quarter -> 2026-Q4). */
int quota_set(struct store *s, const char *owner, const char *period, const char *amount,
              struct err *e);

/* subscription_end: end subscription id on date (DATE_NONE: today):
 * refused for one that has ended already (an end on or before today; a
 * later end is moved) and for a date before its start. */
int subscription_end(struct store *s, const char *id, sdate date, struct err *e);

#endif
