/*
 * cli.h — the shared command-line glue: the options every command has
 * (-D/--data, -h/--help, --version, -f/--format, the filters), opening the
 * data directory, choosing the output format, and the one way to report
 * an error and exit (0 done, 1 failed, 2 usage).
 *
 * This is the only part of libsales that prints diagnostics or exits: it
 * exists to serve cmd/, and knows the common flags but no command.
 * Includes store, filter, output, entities, model.
 */
#ifndef SALES_CLI_H
#define SALES_CLI_H

#include <getopt.h>
#include <stdio.h>

#include "entities.h"
#include "filter.h"
#include "model.h"
#include "output.h"
#include "store.h"

#define SALES_VERSION "0.1.0"

enum { CLI_VERSION = 0x1100, CLI_FIRST_PRIVATE = 0x1200 };

/* getopt_long entries every command has; -f only where records are printed. */
#define CLI_LONGOPTS                                                                               \
    {"data", required_argument, NULL, 'D'}, {"help", no_argument, NULL, 'h'},                      \
        {"version", no_argument, NULL, CLI_VERSION}
#define CLI_FORMAT_LONGOPT {"format", required_argument, NULL, 'f'}
/* -n/--dry-run, on every command that writes: do everything as for real
 * (lock, reading, every check and message, the same output), then roll the
 * changes back instead of committing them (store_commit). */
#define CLI_DRY_RUN_LONGOPT {"dry-run", no_argument, NULL, 'n'}

/* The window a report covers (--since, --until, --period) and --where: the
 * filters of a report that takes no --owner, --segment and the like. */
#define CLI_WINDOW_LONGOPTS                                                                        \
    {"since", required_argument, NULL, FILTER_SINCE},                                              \
        {"until", required_argument, NULL, FILTER_UNTIL},                                          \
        {"period", required_argument, NULL, FILTER_PERIOD},                                        \
        {"where", required_argument, NULL, FILTER_WHERE}

struct cli {
    const char *prog;
    const char *usage; /* the synopsis, as in the man page */
    const char *help;  /* the option list printed after it by --help */
    const char *data_opt;
    enum out_format fmt;
    int fmt_given;
    int dry_run; /* -n: the store rolls back instead of committing */
    int color;
    int tty;
    /* filters are checked once the data directory's calendar is known */
    int *fopts;
    char **fargs;
    size_t nf;
    struct filter filter;
    int filter_needs_reps;
    struct store store;
    int have_store;
    struct err err;
};

/* cli_init: set up; prog is the command's name as the user knows it. */
void cli_init(struct cli *c, const char *prog, const char *usage, const char *help);

/* cli_option: handle a common or filter option from getopt_long ('D',
 * 'h', 'f', 'n', CLI_VERSION, FILTER_*); on '?' or anything else, a usage
 * error. Returns only when the option was taken. */
void cli_option(struct cli *c, int opt, const char *arg);

/* cli_usage: "prog: message" (when fmt is not NULL) and the synopsis to
 * stderr; exit 2. */
_Noreturn void cli_usage(struct cli *c, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* cli_fail: "prog: message" to stderr; exit 1. Undoes this command's
 * appends first when the data directory is locked. */
_Noreturn void cli_fail(struct cli *c, const struct err *e);

/* cli_failf: the same with a message built here. */
_Noreturn void cli_failf(struct cli *c, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* cli_operands: check the operand count is within [min, max] (max < 0:
 * no limit), or a usage error naming what is missing or extra. */
void cli_operands(struct cli *c, int argc, char **argv, int min, int max);

/* cli_open: open the data directory and parse the filter options (team
 * members resolved from reps.csv); with -n, a dry run's store. Fails
 * (exit 1) with a message. */
struct store *cli_open(struct cli *c);

/* cli_lock: take the data directory's write lock or fail. */
void cli_lock(struct cli *c);

/* cli_commit: write the queued history rows (or fail, undoing appends). */
void cli_commit(struct cli *c);

/* cli_out: a writer for stdout in the chosen format (table on a terminal,
 * else csv; SALES_FORCE_TTY=1 counts as a terminal; NO_COLOR honoured). */
struct out *cli_out(struct cli *c);

/* cli_color: 1 when table output may use colour (a terminal, NO_COLOR
 * unset, TERM not dumb). */
int cli_color(const struct cli *c);

/* cli_out_end: finish the writer or fail (a full disk is exit 1). */
void cli_out_end(struct cli *c, struct out *o);

/* cli_exit: flush and check stdout, release everything, return the exit
 * status for main (rc, or 1 when stdout could not be written). */
int cli_exit(struct cli *c, int rc);

/* cli_print_version: "prog (salesutils) VERSION". */
void cli_print_version(const struct cli *c);

/* cli_evaluation: a model's --evaluate report: measure,model,baseline
 * (rows train_WHAT, test_WHAT, test_OUTCOME, auc, brier, log_loss), a
 * blank line, the calibration bins (bin,WHAT,predicted,OUTCOME), a blank
 * line, then in words what was trained and tested (cut: the first
 * held-out day) and whether the model beats the baseline (named) on AUC,
 * Brier and log loss. words: WHAT ("deals"), how they ended ("closed"),
 * OUTCOME ("won"). */
void cli_evaluation(struct cli *c, const struct model_eval *ev, const char *const words[3],
                    const char *cut, const char *baseline);
/* cli_parse_date: a date flag value (YYYY-MM-DD, today, -3d, ...) or exit 1. */
sdate cli_parse_date(struct cli *c, const char *flag, const char *arg);

#endif
