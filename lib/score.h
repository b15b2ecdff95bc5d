/*
 * score.h — lead scoring from a rules file plus engagement (lead-score).
 *
 * The rules file, one rule a line ('#' starts a comment):
 *   FIELD OP VALUE POINTS   points when the lead's FIELD satisfies
 *                           'FIELD OP VALUE' exactly as --where does
 *                           (filter.h where_test); POINTS is an integer,
 *                           negative allowed, the last word of the line
 *   activity TYPE POINTS    engagement: points per activity of TYPE (call,
 *                           email, ...; * for any type not named) on the lead
 * Engagement counts the lead's activities dated in the last `days` days up
 * to now (open tasks not counted), each worth its type's points times
 * 0.5^(age_days / half_life): a touch today is worth its full points, one
 * half_life days old half of them. The score is the sum of the rule
 * points and the engagement, rounded half away from zero.
 *
 * Includes store, filter.
 */
#ifndef SALES_SCORE_H
#define SALES_SCORE_H

#include "filter.h"
#include "store.h"

struct score_rule {
    char *text; /* the rule as written, for --explain */
    struct where w; /* a field rule */
    char *type;     /* an activity rule: the type, or "*" */
    long points;
    long line;
};

struct score_model {
    struct score_rule *v;
    size_t n;
    int days;         /* engagement window */
    double half_life; /* days */
    char *path;       /* the rules file, for FILE:LINE messages */
};

/* score_model_load: read the rules file. Returns 0, or -1 with e set
 * ("FILE:LINE: what is wrong"). */
int score_model_load(const char *path, struct score_model *m, struct err *e);
void score_model_release(struct score_model *m);

/* One line of an explanation. */
struct score_part {
    char *what, *detail;
    double points;
};

struct score_result {
    char *lead, *name, *old;
    long score;
};

/* lead_score: score the leads f picks (every lead with f NULL or
 * inactive); write the score column in one rewrite of leads.csv
 * (history rows for the changes; updated is left alone: a score is
 * derived, not edited). With explain_id, score only that lead and fill
 * *parts (newly allocated; score_parts_free) with the points behind it.
 * *out is newly allocated (score_results_free). Returns the count or -1. */
long lead_score(struct store *s, const struct score_model *m, struct filter *f,
                const char *explain_id, struct score_result **out, struct score_part **parts,
                size_t *nparts, struct err *e);
void score_results_free(struct score_result *v, long n);
void score_parts_free(struct score_part *v, size_t n);

#endif
