/*
 * coach.h — recommendations per rep, ranked, each with the numbers behind
 * it and the records to act on (coach).
 *
 * Every topic is a rule of another module applied to one rep, so coach
 * and the reports agree: a stalled deal is pipeline-show's stale rule
 * (deal_stale) counted from the last touch; coverage is quota-report's
 * (quotas_select, metric_coverage); stage conversion is perf-report
 * --funnel's (funnel_begin and its parts, fed by deal-score's passes);
 * the lead response time is activity-report's (response_times); an open
 * activity is activity.h's; the score is
 * deal-score's (dealscore). The thresholds are config.json's coach_*
 * (struct coach_cfg in store.h).
 *
 * Topics, in the order that breaks the last tie:
 *   stalled     open deals whose last touch (else created) is more than
 *               their stage's rotten_days (else stale_days) ago
 *   overdue     open deals whose close date is before today
 *   coverage    a quota of the rep for the current period whose open
 *               pipeline is under coach_coverage x the remaining quota;
 *               a rep without one, in a team with its own quota for the
 *               period, is held to an equal share of what the team's
 *               quota leaves after its reps' own (active reps managing
 *               no one share it)
 *   next_step   open deals scoring coach_score or more with no open activity
 *   conversion  the rep's stage (coach_conversion_min entered or more)
 *               whose conversion is furthest under the team's, when under
 *               coach_conversion_ratio x the team's
 *   response    the rep's median lead response over coach_response_ratio x
 *               the team's median
 *   activity    touches in the last coach_activity_days days under
 *               coach_activity_ratio x the median of the active reps
 *
 * The rank within a rep: the money at stake (larger first), then how far
 * past its threshold the finding is (larger first), then the topic order.
 *
 * Includes perf, dealscore.
 */
#ifndef SALES_COACH_H
#define SALES_COACH_H

#include <stdio.h>

#include "dealscore.h"
#include "perf.h"

#define COACH_RECORDS_MAX 10 /* ids shown in records; then "+N more" */

enum coach_topic {
    COACH_STALLED,
    COACH_OVERDUE,
    COACH_COVERAGE,
    COACH_NEXT_STEP,
    COACH_CONVERSION,
    COACH_RESPONSE,
    COACH_ACTIVITY,
};

/* coach_topic_name: "stalled", "overdue", ... */
const char *coach_topic_name(enum coach_topic t);

/* One recommendation. Strings owned. */
struct coach_item {
    char *rep;
    int priority; /* 1 first, within the rep */
    enum coach_topic topic;
    char *finding, *evidence, *records;
    money_t stake;   /* the money at stake */
    double severity; /* the measure over its threshold: > 1 */
};

/* A rep coached, in the order shown. Strings owned. */
struct coach_rep {
    char *id, *name;
};

struct coach {
    struct coach_rep *reps;
    size_t nreps;
    struct coach_item *v; /* by rep (reps order), then priority */
    size_t n;
    /* not empty when a topic was left out, and why (next_step: the model
     * had too few closed deals) */
    char note[1100];
};

/* coach_run: the recommendations for the reps f names (--owner/--team
 * resolved; with --team its active members), else every active rep.
 * f's window (--period, --since/--until; default the current fiscal
 * quarter) is the one conversion and response are measured over, as
 * perf-report's. A missing file reads as empty. Release with
 * coach_release, also after an error. */
int coach_run(struct store *s, struct filter *f, struct coach *c, struct err *e);
void coach_release(struct coach *c);

/* coach_write: rep,priority,topic,finding,evidence,records. */
void coach_write(const struct coach *c, struct out *o);

/* coach_text: the readable form, grouped per rep (every rep coached,
 * "nothing to act on" for one with no findings). 0, or -1 with e set
 * when writing failed. */
int coach_text(const struct coach *c, FILE *fp, struct err *e);

#endif
