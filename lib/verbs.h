/*
 * verbs.h — the generic verbs: one implementation of NAME-add, NAME-list
 * and NAME-update for every entity, driven by the schema (its columns are
 * the flags, their types the checks). A cmd/lead-add.c is a usage text and
 * one call.
 *
 * Each returns the exit status for main. Layer 5: includes cli, validate.
 */
#ifndef SALES_VERBS_H
#define SALES_VERBS_H

#include "schema.h"

/* verb_add: NAME-add [--COLUMN VALUE ...] [--set FIELD=VALUE ...] [-n] [-]
 * (rep-add takes the rep's id as its first operand). Prints the new ids. */
int verb_add(int argc, char **argv, const struct entity_def *ent, const char *usage);

/* verb_list: NAME-list [filters] [-c COLUMNS] [--sort FIELD] [--limit N] [-f FORMAT] */
int verb_list(int argc, char **argv, const struct entity_def *ent, const char *usage);

/* verb_update: NAME-update ID... | - [--COLUMN VALUE ...] [--set FIELD=VALUE ...] */
int verb_update(int argc, char **argv, const struct entity_def *ent, const char *usage);

/* verb_list_table: list an already opened table with the list options
 * (used by sales-history). */
struct cli;
struct table;
struct list_opts {
    const char *columns;
    const char *sort;
    long limit;
};
int verb_list_table(struct cli *c, struct table *t, const struct list_opts *lo);

#endif
