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

/* ---- reading activities ---------------------------------------------------- */

/* One activity row, typed. Strings borrow from the table row. */
struct act {
    const char *id, *rep, *type, *channel, *lead, *account, *contact, *deal, *subject, *due_s,
        *done;
    int64_t at;  /* date as a timestamp */
    int timed;   /* date carried a time of day */
    sdate day;   /* date's day */
    sdate due;   /* DATE_NONE when not set */
    long minutes;
};

/* acts_open: activities.csv for act_read, the columns it reads checked
 * (a renamed one is refused by name). NULL with e set. */
struct table *acts_open(struct store *s, struct err *e);
/* acts_check: the same check of activities.csv opened another way (a
 * shared pass, asof_activities_each), making act_read ready for it. */
int acts_check(const struct table *t, struct err *e);

/* act_read: the current row of t (from acts_open) as a struct act; *open
 * and *touch as the words above say (now: the clock). 0, or -1 with e set
 * (FILE:LINE) for a bad date. */
int act_read(const struct table *t, int64_t now, struct act *a, int *open, int *touch,
             struct err *e);

/* ---- lead response time ------------------------------------------------- */

/* Per group (a rep, for activity-report): how fast leads got their first touch. */
struct response_stat {
    char *rep;      /* the group: the lead's owner, else the rep of the first touch; "" none */
    long responded; /* leads with a touch */
    long waiting;   /* open leads (new, contacted, qualified) with no touch yet */
    double median_hours; /* NAN when none responded */
};

/* A lead's first touch: when, and by whom (rep: interned in firsts.reps). */
struct first_touch {
    int64_t at; /* INT64_MAX: none */
    const char *rep;
};

/* Each lead's first touch, by the lead's number (the rest by id).
 * Zero-initialise. */
struct firsts {
    struct first_touch *v;
    size_t n;
    struct hmap other; /* lead id -> struct first_touch (v.ptr owned) */
    struct hmap reps;  /* the reps' names, once each */
};

/* response_first_touch: note an activity read by act_read (touch as it
 * said). Feed every row of activities.csv, then call response_times.
 * Free with response_first_release. */
void response_first_touch(struct firsts *first, const struct act *a, int touch);
void response_first_release(struct firsts *first);

/* response_key_fn: the group a lead's response time counts in, given the
 * rep it belongs to (its owner, else the rep of its first touch; "" when
 * neither), the day it was created and leads.csv at its row. A borrowed
 * string valid until the next call, or NULL to leave the lead out. */
typedef const char *(*response_key_fn)(void *ctx, const char *rep, sdate created,
                                       const struct table *leads);

/* response_times: the lead response time, one definition for every report
 * that shows it: for leads created in [from, to] (DATE_NONE: open), the
 * hours from created to the first touch (0 when the touch is dated before
 * created), median per group (key NULL: per rep). *out is newly allocated,
 * sorted by group, "" last (free with response_stats_free). Reads
 * leads.csv. Returns the count or -1. */
long response_times(struct store *s, const struct firsts *first, sdate from, sdate to,
                    response_key_fn key, void *ctx, struct response_stat **out, struct err *e);
void response_stats_free(struct response_stat *v, long n);

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

/* report_activity in parts, for a caller that reads activities.csv once
 * for several reports (the dashboard): activity_begin (reads the files the
 * grouping needs besides), activity_bind (f to activities.csv; f is the
 * report's own until activity_end or activity_free), activity_act for each
 * row act_read read, activity_end (the rows into o; --by rep reads
 * leads.csv), activity_free (also after an error). */
struct act_run;
struct act_run *activity_begin(struct store *s, struct filter *f, enum activity_by by,
                               struct err *e);
int activity_bind(struct act_run *run, struct table *t, struct err *e);
void activity_act(struct act_run *run, const struct table *t, const struct act *a, int open,
                  int touch);
int activity_end(struct act_run *run, struct out *o, struct err *e);
void activity_free(struct act_run *run);

/* report_stale: open deals and active accounts with no touch in days
 * (config stale_days when days <= 0): entity,id,name,owner,last_touch,days.
 * days counts from the last touch, or from created when never touched. */
int report_stale(struct store *s, struct filter *f, int days, struct out *o, struct err *e);

#endif
