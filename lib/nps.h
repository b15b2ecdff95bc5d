/*
 * nps.h — customer feedback (feedback.csv, scores 0-10) as a net promoter
 * score: promoters score 9-10, passives 7-8, detractors 0-6, and NPS =
 * % promoters - % detractors (metric_nps); per period, month, quarter,
 * segment, account or channel; and the detractors' comments to call back.
 * Includes reports.
 */
#ifndef SALES_NPS_H
#define SALES_NPS_H

#include "reports.h"

enum nps_by {
    NPS_BY_PERIOD,
    NPS_BY_MONTH,
    NPS_BY_QUARTER,
    NPS_BY_SEGMENT,
    NPS_BY_ACCOUNT,
    NPS_BY_CHANNEL
};

/* nps_by_parse: "period", "month", "quarter", "segment", "account", "channel". */
int nps_by_parse(const char *s, enum nps_by *out);

/* report_nps: the feedback dated in report_window's days (and passing
 * --where) per group: KEY,responses,promoters,passives,detractors,nps.
 * A row with no score is not a response; a score that is not a whole
 * number 0-10 anywhere in the file is an error (FILE:LINE). A missing
 * feedback.csv reads as empty. */
int report_nps(struct store *s, struct filter *f, enum nps_by by, struct out *o, struct err *e);

/* report_nps_comments: the detractors' comments in the window, newest
 * first: date,account,contact,score,channel,comment. */
int report_nps_comments(struct store *s, struct filter *f, struct out *o, struct err *e);

#endif
