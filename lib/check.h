/*
 * check.h — the whole data directory checked: every value against its
 * column's type, canonical forms, references between files, duplicate
 * keys, the record rules (won and lost deals have a closed date, open ones
 * none; quota owners are reps or teams; a rep's manager chain ends),
 * stages.csv and config.json. With fix, the safe normalisations (spaces
 * trimmed, enum and stage case, money and timestamps in canonical form,
 * dates in the one format a column's values prove) are written in one
 * locked step, every file renamed into place together, with history rows.
 *
 * Includes store, entities.
 */
#ifndef SALES_CHECK_H
#define SALES_CHECK_H

#include "store.h"

/* Called for each finding, in file order then line order. file is the
 * data file's path; line 0 is the file as a whole. fixed: --fix changed
 * it (msg then says from what to what). */
typedef void (*check_emit_fn)(void *ctx, const char *file, long line, const char *msg, int fixed);

struct check_counts {
    size_t findings; /* problems left */
    size_t fixed;    /* problems --fix repaired */
};

/* check_run: check every file of the data directory. cfg_err is what
 * store_open_lenient said about config.json (reported as a finding when
 * set). Returns 0 (findings or not), or -1 with e set when the check
 * itself could not be done (a lock, a failed rewrite). */
int check_run(struct store *s, const struct err *cfg_err, int fix, check_emit_fn emit, void *ctx,
              struct check_counts *n, struct err *e);

/* check_history: replay history.csv against the files (sales-check
 * --history). Each record of an entity with ids, and each rep, must have
 * its "created" row; a record history knows of (created, or a field of
 * it recorded) must be in its file unless a row deleted it ("deleted",
 * "merged into ..."), and must not be there when one did; each field
 * whose change history recorded must hold the last recorded value (as
 * it is, or in the form the tools store). Records of entities keyed by
 * columns (quotas, budget lines, stages) go by their key, followed
 * through changes of a key column; one without any row is not reported
 * (plans and settings, also written by hand; sales-init writes the
 * default stages without rows). The updated column is not compared:
 * changes do not record it. A last row of history.csv that does not end
 * its line (a write cut short) is reported too. Findings are on the data
 * file's line of a record that is there, on history.csv's line of the
 * last row about one that is not. All files are read as they stood at
 * one moment (the lock held while they are opened). Returns 0 (findings
 * or not), or -1 with e set when the lock could not be had. */
int check_history(struct store *s, check_emit_fn emit, void *ctx, struct check_counts *n,
                  struct err *e);

#endif
