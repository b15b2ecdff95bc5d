/* activity_int.h — private to activity.c and activity_followup.c. */
#ifndef ACTIVITY_INT_H
#define ACTIVITY_INT_H

#include "filter.h"

/* Column positions of activities.csv in the schema (table_get indices). */
extern int A_ID, A_DATE, A_REP, A_TYPE, A_CHANNEL, A_LEAD, A_ACCOUNT, A_CONTACT, A_DEAL,
    A_SUBJECT, A_DURATION, A_DUE, A_DONE, A_NOTES;

/* Binds the column positions of activities.csv (A_ID ...), once. */
void acols(void);
/* 1 when who is among --owner/--team's reps (or none is given). */
int in_owners(const struct filter *f, const char *who);
/* The number of a record id (L12 -> 12); -1 for an empty id. */
long long id_num(const char *id);

#endif
