/*
 * assign.h — giving unowned leads to reps (lead-assign).
 *
 * The leads: owner empty, status not converted or disqualified, and
 * matching the caller's filter. The reps: the active reps of reps.csv
 * (or a given list, or a team's members), in id order. Methods:
 * - round-robin: each lead to the next rep in id order, starting after
 *   the rep who got the last lead of the previous run. That rep's id is
 *   kept in DIR/.lead-assign ("last ID"), replaced atomically under the
 *   lock, so runs of a few leads each stay fair over time;
 * - territory: to a rep whose territory (a comma or semicolon list in
 *   reps.csv) equals the lead's territory field, ignoring case (the field:
 *   the lead column named by the caller, else the first of territory,
 *   region, country that leads.csv has); among several such reps the one
 *   with the fewest open leads; leads no rep covers stay unowned;
 * - load: to the rep with the fewest open leads (new, contacted,
 *   qualified), counting the leads given out in this run; ties go to the
 *   first rep in id order.
 *
 * Includes store, entities, filter.
 */
#ifndef SALES_ASSIGN_H
#define SALES_ASSIGN_H

#include "entities.h"
#include "filter.h"
#include "store.h"

enum assign_by { ASSIGN_ROUND_ROBIN, ASSIGN_TERRITORY, ASSIGN_LOAD };

/* assign_by_parse: "round-robin", "territory", "load". 0 or -1. */
int assign_by_parse(const char *s, enum assign_by *out);

struct assign_opts {
    enum assign_by by;
    char **reps;       /* the pool, NULL-terminated; NULL: the active reps */
    const char *team;  /* the pool is this team's active members */
    const char *field; /* territory: the lead column to match; NULL: look */
    int include_managers; /* reps whose role is manager are in the pool too */
    struct filter *f;  /* picks leads (not bound yet) */
};

/* One decision: rep is "" when the lead was left unowned (reason says why). */
struct assignment {
    char *lead, *name, *rep, *reason;
};

/* lead_assign: decide, and write owner and updated in one rewrite of
 * leads.csv (history rows for each owner set) and the round-robin state
 * (a dry run's store rolls them back). *out is newly allocated (assignments_free).
 * Returns the number of decisions, or -1 with e set. */
long lead_assign(struct store *s, const struct assign_opts *o, struct assignment **out,
                 struct err *e);
void assignments_free(struct assignment *v, long n);

#endif
