/*
 * value.h — the scalar values of sales data: money, dates, timestamps,
 * periods and the fiscal calendar.
 *
 * Money is int64 minor units (cents), never a double. Dates are days since
 * 1970-01-01 in the proleptic Gregorian calendar; timestamps are seconds
 * since the epoch, UTC. Includes only err.h.
 */
#ifndef SALES_VALUE_H
#define SALES_VALUE_H

#include <stdint.h>
#include <stddef.h>

/* ---- money ------------------------------------------------------------ */

typedef int64_t money_t;

/* Largest magnitude accepted: 999,999,999,999,999.99 (just under 1e15 units). */
#define MONEY_MAX INT64_C(99999999999999999)

/* money_parse: "12500", "12500.5", "-12.50", "+3" -> minor units.
 * No thousands separators, at most 2 fraction digits, no spaces.
 * Returns 0, or -1 when s is not such a number or is out of range. */
int money_parse(const char *s, money_t *out);

/* money_format: canonical CSV text ("12500", "12500.5", "-0.05") into buf
 * (at least MONEY_BUFSZ bytes). Returns buf. */
#define MONEY_BUFSZ 40
char *money_format(money_t v, char *buf);

/* money_format_table: for people: digit groups and a fixed number of
 * fraction digits (0 or 2), e.g. "12,500.50". Returns buf. */
char *money_format_table(money_t v, int decimals, char *buf);

/* money_add: *acc += v with overflow detection. Returns 0 or -1. */
int money_add(money_t *acc, money_t v);

/* money_round_div: round(num / den) half away from zero, for sums of
 * amount x percent products held as __int128. den > 0. */
money_t money_round_div(__int128 num, int64_t den);

/* ---- dates and timestamps -------------------------------------------- */

typedef int32_t sdate;
#define DATE_NONE INT32_MIN

sdate date_from_ymd(int y, int m, int d);
void date_to_ymd(sdate d, int *y, int *m, int *dd);
int days_in_month(int y, int m);
/* ISO weekday: 1 = Monday ... 7 = Sunday. */
int date_weekday(sdate d);
/* date_add_months: same day n months later, clamped to the month's end. */
sdate date_add_months(sdate d, int n);

/* date_parse: strict YYYY-MM-DD (a real calendar day). 0 or -1. */
int date_parse(const char *s, sdate *out);

/* date_parse_rel: YYYY-MM-DD, or relative to today: "today", "yesterday",
 * "tomorrow", "+14d", "-3m", "2w", "-1y" (d days, w weeks, m months, y years).
 * Returns 0 or -1. */
int date_parse_rel(const char *s, sdate today, sdate *out);

#define DATE_BUFSZ 16
char *date_format(sdate d, char *buf);

/* ts_parse: ISO 8601 "2026-11-27T09:30:00Z", fractional seconds and a
 * "+02:00"/"-0500" offset accepted, space allowed for 'T'. 0 or -1. */
int ts_parse(const char *s, int64_t *out);
#define TS_BUFSZ 32
char *ts_format(int64_t t, char *buf); /* "2026-11-27T09:30:00Z" */

/* datetime_parse: a date (taken as 00:00:00Z) or a timestamp. 0 or -1. */
int datetime_parse(const char *s, int64_t *out);

/* datetime_date: the calendar date of a date or timestamp string; a
 * timestamp's date is the local one (see sales_set_timezone). 0 or -1. */
int datetime_date(const char *s, sdate *out);

/* sales_now: $SALES_NOW when set (a timestamp or a date, for reproducible
 * runs and tests), else the clock. sales_today: its local date (a date in
 * $SALES_NOW is taken as it is). The one place "today" is decided. */
int64_t sales_now(void);
sdate sales_today(void);

/* sales_set_timezone: make the IANA zone name ("America/Los_Angeles") the
 * process's local time, in place of $TZ. Returns 0, or -1 when the name is
 * not a zone in the system's time zone database ($TZDIR or
 * /usr/share/zoneinfo). Call it before starting threads. */
int sales_set_timezone(const char *name);

/* ---- periods and the fiscal calendar --------------------------------- */

enum period_kind { PERIOD_YEAR, PERIOD_QUARTER, PERIOD_MONTH, PERIOD_WEEK };

struct calendar {
    int fy_start;     /* first month of the fiscal year, 1-12 */
    int fy_label_end; /* 0: a fiscal year is named by the year it starts in; 1: ends in */
};

struct period {
    enum period_kind kind;
    int year; /* fiscal year for YEAR/QUARTER, calendar year for MONTH, ISO year for WEEK */
    int num;  /* quarter 1-4, month 1-12, week 1-53; 0 for YEAR */
    sdate start, end; /* [start, end) */
};

/* period_parse: "2026", "2026-Q4", "2026-11", "2026-W48", or relative to
 * today: this-|last-|next- followed by week|month|quarter|year.
 * Returns 0 or -1. */
int period_parse(const char *s, const struct calendar *cal, sdate today, struct period *out);

/* period_of: the period of the given kind that contains d. */
void period_of(sdate d, enum period_kind kind, const struct calendar *cal, struct period *out);

/* period_step: the period n steps later (earlier for n < 0). */
void period_step(struct period *p, int n, const struct calendar *cal);

#define PERIOD_BUFSZ 16
char *period_format(const struct period *p, char *buf);

/* period_kind_parse: "year", "quarter", "month", "week" (and plurals). */
int period_kind_parse(const char *s, enum period_kind *out);

#endif
