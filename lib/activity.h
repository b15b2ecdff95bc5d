/*
 * activity.h — the interactions with customers (activities.csv) and what
 * follows from them: touching the lead or deal an activity is about,
 * marking tasks done, the follow-up list (open tasks, due follow-ups, open
 * deals with no next step) and its iCalendar form, the activity report
 * (counts per rep, type, channel; touches per open deal; the channel mix
 * per account; the stale list) and the lead response time.
 *
 * Words used throughout:
 * - an activity is *open* when its done is empty and it is a task, has a
 *   due date, or is scheduled (its date lies in the future);
 * - a *touch* is an activity that happened: not in the future, not a
 *   note, not an open task;
 * - an account is *active* when it has an open deal or a running
 *   subscription (started, not ended).
 *
 * Includes store, entities, filter, output.
 */
#ifndef SALES_ACTIVITY_H
#define SALES_ACTIVITY_H

#include <stdint.h>

#include "entities.h"
#include "filter.h"
#include "output.h"
#include "store.h"

/* activity_touch: the rule of activity-log: every lead and deal named by
 * recs[0..n) gets updated = now, in one rewrite of leads.csv and one of
 * deals.csv (renamed together at store_commit). Lock held. */
int activity_touch(struct store *s, const struct fieldset *recs, size_t n, struct err *e);

/* activity_done: set done on the activities ids[0..n) (when: a date or
 * timestamp, stored form; outcome: NULL to keep), or clear it (reopen).
 * An activity already done keeps its done time. Takes the lock, one
 * rewrite of activities.csv; unknown ids are an error and change nothing. */
int activity_done(struct store *s, char *const *ids, size_t n, const char *when,
                  const char *outcome, int reopen, struct err *e);

/* ---- follow-ups -------------------------------------------------------- */

enum followup_only { FOLLOWUP_ALL, FOLLOWUP_TASKS, FOLLOWUP_DEALS };

struct followup_opts {
    const struct filter *owners; /* --owner/--team resolved: f->owners; NULL or none: all */
    sdate until;                 /* dated items due after it are left out; DATE_NONE: all */
    enum followup_only only;
    const char *ics_path; /* also write iCalendar here ("-": stdout, then no list) */
};

/* report_followup: the open activities (overdue first, then due today,
 * upcoming, undated) and the open deals without an open activity, as
 * rows status,due,overdue_days,rep,id,type,subject,regarding,name,last_touch;
 * with ics_path, the same items as VTODO (tasks, follow-ups, next steps to
 * plan) and VEVENT (scheduled activities). */
int report_followup(struct store *s, const struct followup_opts *fo, struct out *o,
                    struct err *e);

/* ---- the activity report ------------------------------------------------ */

enum activity_by { ACT_BY_REP, ACT_BY_TYPE, ACT_BY_CHANNEL, ACT_BY_DEAL, ACT_BY_ACCOUNT };

/* activity_by_parse: "rep", "type", "channel", "deal", "account". */
int activity_by_parse(const char *s, enum activity_by *out);

/* report_activity: f is bound to activities.csv (rep, date, --where).
 *   rep:     rep,activities,leads,deals,accounts,minutes,open_tasks,overdue,
 *            responded,median_response_hours
 *   type:    type,activities,share,reps,minutes
 *   channel: channel,activities,share,accounts,leads
 *   deal:    deal,name,owner,stage,touches,channels,last_touch,days_since_touch
 *            (open deals; --owner/--team pick the deal owner)
 *   account: account,name,touches,channels,channel_mix,first_touch,last_touch
 *            (--owner/--team pick the account owner) */
int report_activity(struct store *s, struct filter *f, enum activity_by by, struct out *o,
                    struct err *e);

/* report_stale: open deals and active accounts with no touch in days
 * (config stale_days when days <= 0): entity,id,name,owner,last_touch,days.
 * days counts from the last touch, or from created when never touched. */
int report_stale(struct store *s, struct filter *f, int days, struct out *o, struct err *e);

#endif
