/*
 * verbs.h — the generic verbs: one implementation of NAME-add, NAME-list
 * and NAME-update for every entity, driven by the schema (its columns are
 * the flags, their types the checks). A cmd/lead-add.c is a usage text and
 * one call.
 *
 * Each returns the exit status for main. Includes cli, validate.
 */
#ifndef SALES_VERBS_H
#define SALES_VERBS_H

#include "schema.h"

/* verb_add: NAME-add [--COLUMN VALUE ...] [--set FIELD=VALUE ...] [-n] [-]
 * (rep-add takes the rep's id as its first operand). Prints the new ids. */
int verb_add(int argc, char **argv, const struct entity_def *ent, const char *usage);

/* What a command built on verb_add adds to it. Every member may be NULL. */
struct store;
struct fieldset;
struct verb_hooks {
    const char *prog; /* the command's name when it is not NAME-add */
    /* name/value pairs, NULL-terminated: a new record that does not set the
     * field (or leaves it empty) gets the value, checked like a given one */
    const char *const *defaults;
    /* called with the lock held after the records were appended (in a dry
     * run too: the commit then undoes both), before the history is
     * written; -1 with e set undoes them */
    int (*after_append)(struct store *s, const struct fieldset *recs, size_t n, struct err *e);
};

/* verb_add_with: verb_add with the command's own defaults and rule. */
int verb_add_with(int argc, char **argv, const struct entity_def *ent, const char *usage,
                  const struct verb_hooks *hooks);

/* verb_list: NAME-list [filters] [-c COLUMNS] [--sort FIELD] [--limit N] [-f FORMAT] */
int verb_list(int argc, char **argv, const struct entity_def *ent, const char *usage);

/* What a list adds to the common filters. Every member may be NULL. */
struct list_hooks {
    /* columns of ent with a flag of their own, NULL-terminated: --COL
     * V[,V...] keeps the rows whose COL is one of the values (compared as
     * stored, case aside; '' matches "not set"); for a period column, the
     * rows whose period lies within one of them (--period 2026-Q1 keeps
     * 2026-01 ... 2026-03 and 2026-Q1). A name the common filters have
     * (period) is the column's here when that filter does not apply. */
    const char *const *match;
    /* --active [DATE]: the rows running on DATE (default today) by the
     * start and end columns named (subscription_active) */
    const char *active_from, *active_to;
};

/* verb_list_with: verb_list with the entity's own filters. */
int verb_list_with(int argc, char **argv, const struct entity_def *ent, const char *usage,
                   const struct list_hooks *hooks);

/* verb_update: NAME-update ID... | - [--COLUMN VALUE ...] [--set FIELD=VALUE ...] */
int verb_update(int argc, char **argv, const struct entity_def *ent, const char *usage);

/* verb_list_table: list an already opened table with the list options
 * (used by sales-history). */
struct cli;
struct table;
struct list_opts {
    const char *columns;
    const char *sort;
    long limit; /* -1: no limit */
    /* a further test of each row that passed the filters (NULL: none):
     * 1 keeps it */
    int (*keep)(void *ctx, const struct table *t);
    void *keep_ctx;
};

/* The options of every list: -c/--columns, --sort, --limit. */
enum { LIST_OPT_SORT = 0x1300, LIST_OPT_LIMIT };
#define LIST_LONGOPTS                                                                              \
    {"columns", required_argument, NULL, 'c'}, {"sort", required_argument, NULL, LIST_OPT_SORT},   \
        {"limit", required_argument, NULL, LIST_OPT_LIMIT}

/* list_option: take a list option (ch from getopt_long) into lo; returns 0
 * when ch is not one (a bad --limit fails the command). */
int list_option(struct cli *c, struct list_opts *lo, int ch, const char *arg);
int verb_list_table(struct cli *c, struct table *t, const struct list_opts *lo);

#endif
