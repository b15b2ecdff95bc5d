/*
 * value.c — money, dates, timestamps and periods (see value.h).
 *
 * Civil-date arithmetic follows the well-known days-from-civil algorithm
 * (era of 400 years, March-based year), exact for the whole int32 range
 * we use.
 */
#include "value.h"

#include <ctype.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

/* ---- money ------------------------------------------------------------ */

int
money_parse(const char *s, money_t *out)
{
    int neg = 0, ndig = 0, nfrac = 0;
    money_t units = 0, frac = 0;

    if (*s == '-' || *s == '+')
        neg = *s++ == '-';
    for (; isdigit((unsigned char)*s); s++) {
        if (++ndig > 15)
            return -1;
        units = units * 10 + (*s - '0');
    }
    if (*s == '.') {
        s++;
        for (; isdigit((unsigned char)*s); s++) {
            if (++nfrac > 2)
                return -1;
            frac = frac * 10 + (*s - '0');
        }
        if (nfrac == 0)
            return -1;
        if (nfrac == 1)
            frac *= 10;
    }
    if (*s || (ndig == 0 && nfrac == 0))
        return -1;
    units = units * 100 + frac;
    if (units > MONEY_MAX)
        return -1;
    *out = neg ? -units : units;
    return 0;
}

char *
money_format(money_t v, char *buf)
{
    uint64_t a = v < 0 ? -(uint64_t)v : (uint64_t)v, units = a / 100;
    unsigned frac = (unsigned)(a % 100);
    char tmp[24], *t = tmp + sizeof tmp, *p = buf;
    /* no snprintf: imports and reports format millions of amounts */
    do
        *--t = (char)('0' + units % 10);
    while (units /= 10);
    if (v < 0)
        *p++ = '-';
    memcpy(p, t, (size_t)(tmp + sizeof tmp - t));
    p += tmp + sizeof tmp - t;
    if (frac) {
        *p++ = '.';
        *p++ = (char)('0' + frac / 10);
        if (frac % 10)
            *p++ = (char)('0' + frac % 10);
    }
    *p = '\0';
    return buf;
}

char *
money_format_table(money_t v, int decimals, char *buf)
{
    uint64_t a = v < 0 ? -(uint64_t)v : (uint64_t)v;
    uint64_t units;
    char digits[32], *p = buf;
    int n, i;

    if (decimals == 0) /* round half away from zero to whole units */
        a += 50;
    units = a / 100;
    n = snprintf(digits, sizeof digits, "%llu", (unsigned long long)units);
    if (v < 0 && (units || decimals))
        *p++ = '-';
    for (i = 0; i < n; i++) {
        if (i && (n - i) % 3 == 0)
            *p++ = ',';
        *p++ = digits[i];
    }
    if (decimals)
        p += sprintf(p, ".%02u", (unsigned)(a % 100));
    *p = '\0';
    return buf;
}

int
money_add(money_t *acc, money_t v)
{
    money_t r;
    if (__builtin_add_overflow(*acc, v, &r))
        return -1;
    *acc = r;
    return 0;
}

money_t
money_round_div(__int128 num, int64_t den)
{
    __int128 q;
    if (num >= 0)
        q = (num + den / 2) / den;
    else
        q = -((-num + den / 2) / den);
    if (q > INT64_MAX)
        return INT64_MAX;
    if (q < -INT64_MAX)
        return -INT64_MAX;
    return (money_t)q;
}

/* ---- dates ------------------------------------------------------------ */

sdate
date_from_ymd(int y, int m, int d)
{
    int yy = y - (m <= 2);
    int era = (yy >= 0 ? yy : yy - 399) / 400;
    unsigned yoe = (unsigned)(yy - era * 400);
    unsigned doy = (153u * (unsigned)(m + (m > 2 ? -3 : 9)) + 2) / 5 + (unsigned)d - 1;
    unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return (sdate)(era * 146097 + (int)doe - 719468);
}

void
date_to_ymd(sdate z0, int *y, int *m, int *d)
{
    int z = z0 + 719468;
    int era = (z >= 0 ? z : z - 146096) / 146097;
    unsigned doe = (unsigned)(z - era * 146097);
    unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    int yy = (int)yoe + era * 400;
    unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    unsigned mp = (5 * doy + 2) / 153;
    *d = (int)(doy - (153 * mp + 2) / 5 + 1);
    *m = (int)(mp < 10 ? mp + 3 : mp - 9);
    *y = yy + (*m <= 2);
}

int
days_in_month(int y, int m)
{
    static const int dim[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    if (m == 2 && ((y % 4 == 0 && y % 100 != 0) || y % 400 == 0))
        return 29;
    return dim[m - 1];
}

int
date_weekday(sdate d)
{
    /* 1970-01-01 was a Thursday (4). */
    int w = (int)((d % 7 + 7) % 7); /* 0 = Thursday */
    return (w + 3) % 7 + 1;
}

sdate
date_add_months(sdate d, int n)
{
    int y, m, dd, mi, dim;
    date_to_ymd(d, &y, &m, &dd);
    mi = y * 12 + (m - 1) + n;
    y = mi >= 0 ? mi / 12 : (mi - 11) / 12;
    m = mi - y * 12 + 1;
    dim = days_in_month(y, m);
    return date_from_ymd(y, m, dd > dim ? dim : dd);
}

/* digits: exactly n decimal digits at s into *v. */
static int
digits(const char *s, int n, int *v)
{
    int i, x = 0;
    for (i = 0; i < n; i++) {
        if (!isdigit((unsigned char)s[i]))
            return -1;
        x = x * 10 + (s[i] - '0');
    }
    *v = x;
    return 0;
}

/* parse_ymd: YYYY-MM-DD at the start of s; checks the day exists. */
static int
parse_ymd(const char *s, int *y, int *m, int *d)
{
    if (digits(s, 4, y) || s[4] != '-' || digits(s + 5, 2, m) || s[7] != '-' ||
        digits(s + 8, 2, d))
        return -1;
    if (*y < 1 || *m < 1 || *m > 12 || *d < 1 || *d > days_in_month(*y, *m))
        return -1;
    return 0;
}

int
date_parse(const char *s, sdate *out)
{
    int y, m, d;
    if (strlen(s) != 10 || parse_ymd(s, &y, &m, &d))
        return -1;
    *out = date_from_ymd(y, m, d);
    return 0;
}

int
date_parse_rel(const char *s, sdate today, sdate *out)
{
    char *end;
    long n;

    if (date_parse(s, out) == 0)
        return 0;
    if (strcmp(s, "today") == 0)
        return *out = today, 0;
    if (strcmp(s, "yesterday") == 0)
        return *out = today - 1, 0;
    if (strcmp(s, "tomorrow") == 0)
        return *out = today + 1, 0;
    if (!(isdigit((unsigned char)*s) || ((*s == '+' || *s == '-') && isdigit((unsigned char)s[1]))))
        return -1;
    n = strtol(s, &end, 10);
    if (end[0] == '\0' || end[1] != '\0' || n > 100000 || n < -100000)
        return -1;
    switch (end[0]) {
    case 'd':
        *out = today + (sdate)n;
        return 0;
    case 'w':
        *out = today + (sdate)(7 * n);
        return 0;
    case 'm':
        *out = date_add_months(today, (int)n);
        return 0;
    case 'y':
        *out = date_add_months(today, (int)(12 * n));
        return 0;
    }
    return -1;
}

/* n as exactly w decimal digits at p (no snprintf: reports and imports
 * format millions of dates). */
static char *
put_digits(char *p, int n, int w)
{
    for (int i = w - 1; i >= 0; i--, n /= 10)
        p[i] = (char)('0' + n % 10);
    return p + w;
}

char *
date_format(sdate d, char *buf)
{
    int y, m, dd;
    char *p = buf;
    date_to_ymd(d, &y, &m, &dd);
    if (y < 0 || y > 9999) { /* outside what ISO 8601 dates print in four digits */
        snprintf(buf, DATE_BUFSZ, "%04d-%02d-%02d", y, m, dd);
        return buf;
    }
    p = put_digits(p, y, 4);
    *p++ = '-';
    p = put_digits(p, m, 2);
    *p++ = '-';
    p = put_digits(p, dd, 2);
    *p = '\0';
    return buf;
}

int
ts_parse(const char *s, int64_t *out)
{
    int y, m, d, hh, mm, ss = 0, off = 0;
    const char *p;

    if (parse_ymd(s, &y, &m, &d) || (s[10] != 'T' && s[10] != ' '))
        return -1;
    if (digits(s + 11, 2, &hh) || s[13] != ':' || digits(s + 14, 2, &mm))
        return -1;
    p = s + 16;
    if (*p == ':') {
        if (digits(p + 1, 2, &ss))
            return -1;
        p += 3;
        if (*p == '.' || *p == ',') {
            p++;
            if (!isdigit((unsigned char)*p))
                return -1;
            while (isdigit((unsigned char)*p))
                p++;
        }
    }
    if (hh > 23 || mm > 59 || ss > 60)
        return -1;
    if (*p == 'Z' || *p == 'z') {
        p++;
    } else if (*p == '+' || *p == '-') {
        int oh, om, sign = *p == '-' ? -1 : 1;
        p++;
        if (digits(p, 2, &oh))
            return -1;
        p += 2;
        if (*p == ':')
            p++;
        if (digits(p, 2, &om))
            return -1;
        p += 2;
        if (oh > 23 || om > 59)
            return -1;
        off = sign * (oh * 3600 + om * 60);
    } else {
        return -1; /* a timestamp without a zone is ambiguous */
    }
    if (*p)
        return -1;
    *out = (int64_t)date_from_ymd(y, m, d) * 86400 + hh * 3600 + mm * 60 + ss - off;
    return 0;
}

char *
ts_format(int64_t t, char *buf)
{
    int64_t days = t >= 0 ? t / 86400 : -((-t + 86399) / 86400);
    int sec = (int)(t - days * 86400);
    char *p;
    date_format((sdate)days, buf);
    p = buf + strlen(buf);
    *p++ = 'T';
    p = put_digits(p, sec / 3600, 2);
    *p++ = ':';
    p = put_digits(p, sec / 60 % 60, 2);
    *p++ = ':';
    p = put_digits(p, sec % 60, 2);
    *p++ = 'Z';
    *p = '\0';
    return buf;
}

int
datetime_parse(const char *s, int64_t *out)
{
    sdate d;
    if (date_parse(s, &d) == 0) {
        *out = (int64_t)d * 86400;
        return 0;
    }
    return ts_parse(s, out);
}

/* ---- the local time zone ----------------------------------------------
 *
 * Timestamps are UTC everywhere; a calendar date is the local one: the
 * zone config.json names (sales_set_timezone), else $TZ, else the system's.
 * The process's zone is the one place that is decided; local_date() is the
 * one place a moment becomes a date. A zone with no offset and no daylight
 * saving (UTC, the common server case) is plain arithmetic; otherwise the
 * offset is looked up per quarter hour (every zone's transitions since the
 * 1970s fall on one) and kept in a small per-thread cache, so a report over
 * a million timestamps does not call localtime_r a million times. */

static pthread_once_t tz_once = PTHREAD_ONCE_INIT;
static int tz_is_utc; /* written before any reader: in tz_init or sales_set_timezone */

static void
tz_init(void)
{
    tzset();
    tz_is_utc = timezone == 0 && daylight == 0;
}

static sdate
floor_day(int64_t t)
{
    return (sdate)(t >= 0 ? t / 86400 : -((-t + 86399) / 86400));
}

static sdate
local_date(int64_t t)
{
    enum { NSLOT = 64, SLOT = 900 };
    static _Thread_local struct {
        int64_t key; /* slot + 1; 0: empty */
        long off;
    } cache[NSLOT];
    int64_t slot;
    size_t i;
    time_t tt;
    struct tm tm;

    pthread_once(&tz_once, tz_init);
    if (tz_is_utc)
        return floor_day(t);
    slot = t >= 0 ? t / SLOT : -((-t + SLOT - 1) / SLOT);
    i = (size_t)((uint64_t)slot % NSLOT);
    if (cache[i].key != slot + 1) {
        tt = (time_t)(slot * SLOT);
        if (!localtime_r(&tt, &tm))
            return floor_day(t);
        cache[i].key = slot + 1;
        cache[i].off = tm.tm_gmtoff;
    }
    return floor_day(t + cache[i].off);
}

int
sales_set_timezone(const char *name)
{
    const char *dir = getenv("TZDIR");
    char path[4096];
    int n;

    if (!name || !*name || *name == '/' || *name == ':' || strstr(name, ".."))
        return -1;
    n = snprintf(path, sizeof path, "%s/%s", dir && *dir ? dir : "/usr/share/zoneinfo", name);
    /* glibc takes an unknown name as UTC without a word: check it is a zone */
    if (n < 0 || (size_t)n >= sizeof path || access(path, R_OK) != 0)
        return -1;
    pthread_once(&tz_once, tz_init);
    if (setenv("TZ", name, 1))
        return -1;
    tz_init();
    return 0;
}

int
datetime_date(const char *s, sdate *out)
{
    int64_t t;
    if (date_parse(s, out) == 0)
        return 0;
    if (ts_parse(s, &t))
        return -1;
    *out = local_date(t);
    return 0;
}

int64_t
sales_now(void)
{
    const char *s = getenv("SALES_NOW");
    int64_t t;
    if (s && *s && datetime_parse(s, &t) == 0)
        return t;
    return (int64_t)time(NULL);
}

sdate
sales_today(void)
{
    const char *s = getenv("SALES_NOW");
    sdate d;
    /* SALES_NOW=2026-11-27 is that day wherever the clock is read */
    if (s && *s && date_parse(s, &d) == 0)
        return d;
    return local_date(sales_now());
}

/* ---- periods ---------------------------------------------------------- */

/* First month (1-12) and calendar year of fiscal year fy's start. */
static void
fy_start_ym(int fy, const struct calendar *cal, int *y, int *m)
{
    *m = cal->fy_start;
    *y = (cal->fy_label_end && cal->fy_start > 1) ? fy - 1 : fy;
}

/* ISO 8601 week 1 starts on the Monday of the week with January 4th. */
static sdate
iso_week1(int y)
{
    sdate jan4 = date_from_ymd(y, 1, 4);
    return jan4 - (date_weekday(jan4) - 1);
}

static int
iso_weeks_in_year(int y)
{
    return (int)((iso_week1(y + 1) - iso_week1(y)) / 7);
}

/* Fill start/end from kind/year/num. */
static void
period_bounds(struct period *p, const struct calendar *cal)
{
    int y, m;
    switch (p->kind) {
    case PERIOD_YEAR:
        fy_start_ym(p->year, cal, &y, &m);
        p->start = date_from_ymd(y, m, 1);
        p->end = date_add_months(p->start, 12);
        break;
    case PERIOD_QUARTER:
        fy_start_ym(p->year, cal, &y, &m);
        p->start = date_add_months(date_from_ymd(y, m, 1), 3 * (p->num - 1));
        p->end = date_add_months(p->start, 3);
        break;
    case PERIOD_MONTH:
        p->start = date_from_ymd(p->year, p->num, 1);
        p->end = date_add_months(p->start, 1);
        break;
    case PERIOD_WEEK:
        p->start = iso_week1(p->year) + 7 * (p->num - 1);
        p->end = p->start + 7;
        break;
    }
}

void
period_of(sdate d, enum period_kind kind, const struct calendar *cal, struct period *out)
{
    int y, m, dd;
    date_to_ymd(d, &y, &m, &dd);
    out->kind = kind;
    switch (kind) {
    case PERIOD_YEAR:
    case PERIOD_QUARTER: {
        int months = (m - cal->fy_start + 12) % 12; /* months since fiscal year start */
        int start_y = m >= cal->fy_start ? y : y - 1;
        out->year = (cal->fy_label_end && cal->fy_start > 1) ? start_y + 1 : start_y;
        out->num = kind == PERIOD_QUARTER ? months / 3 + 1 : 0;
        break;
    }
    case PERIOD_MONTH:
        out->year = y;
        out->num = m;
        break;
    case PERIOD_WEEK: {
        int wy = y;
        if (d < iso_week1(wy))
            wy--;
        else if (d >= iso_week1(wy + 1))
            wy++;
        out->year = wy;
        out->num = (int)((d - iso_week1(wy)) / 7) + 1;
        break;
    }
    }
    period_bounds(out, cal);
}

void
period_step(struct period *p, int n, const struct calendar *cal)
{
    switch (p->kind) {
    case PERIOD_YEAR:
        p->year += n;
        break;
    case PERIOD_QUARTER: {
        int q = p->year * 4 + (p->num - 1) + n;
        p->year = q >= 0 ? q / 4 : (q - 3) / 4;
        p->num = q - p->year * 4 + 1;
        break;
    }
    case PERIOD_MONTH: {
        int mi = p->year * 12 + (p->num - 1) + n;
        p->year = mi >= 0 ? mi / 12 : (mi - 11) / 12;
        p->num = mi - p->year * 12 + 1;
        break;
    }
    case PERIOD_WEEK:
        period_of(p->start + 7 * n, PERIOD_WEEK, cal, p);
        return;
    }
    period_bounds(p, cal);
}

int
period_kind_parse(const char *s, enum period_kind *out)
{
    static const struct {
        const char *name;
        enum period_kind k;
    } names[] = {{"year", PERIOD_YEAR},   {"years", PERIOD_YEAR},       {"quarter", PERIOD_QUARTER},
                 {"quarters", PERIOD_QUARTER}, {"month", PERIOD_MONTH}, {"months", PERIOD_MONTH},
                 {"week", PERIOD_WEEK},   {"weeks", PERIOD_WEEK}};
    for (size_t i = 0; i < sizeof names / sizeof names[0]; i++)
        if (strcmp(s, names[i].name) == 0)
            return *out = names[i].k, 0;
    return -1;
}

int
period_parse(const char *s, const struct calendar *cal, sdate today, struct period *out)
{
    int y, n;
    size_t len = strlen(s);

    if (strncmp(s, "this-", 5) == 0 || strncmp(s, "last-", 5) == 0 || strncmp(s, "next-", 5) == 0) {
        enum period_kind k;
        if (period_kind_parse(s + 5, &k) || s[len - 1] == 's')
            return -1;
        period_of(today, k, cal, out);
        if (s[0] != 't')
            period_step(out, s[0] == 'l' ? -1 : 1, cal);
        return 0;
    }
    if (len < 4 || digits(s, 4, &y) || y < 1)
        return -1;
    out->year = y;
    if (len == 4) {
        out->kind = PERIOD_YEAR;
        out->num = 0;
    } else if (len == 7 && s[4] == '-' && (s[5] == 'Q' || s[5] == 'q') && s[6] >= '1' &&
               s[6] <= '4') {
        out->kind = PERIOD_QUARTER;
        out->num = s[6] - '0';
    } else if (len == 7 && s[4] == '-' && digits(s + 5, 2, &n) == 0 && n >= 1 && n <= 12) {
        out->kind = PERIOD_MONTH;
        out->num = n;
    } else if (len == 8 && s[4] == '-' && (s[5] == 'W' || s[5] == 'w') &&
               digits(s + 6, 2, &n) == 0 && n >= 1 && n <= iso_weeks_in_year(y)) {
        out->kind = PERIOD_WEEK;
        out->num = n;
    } else {
        return -1;
    }
    period_bounds(out, cal);
    return 0;
}

char *
period_format(const struct period *p, char *buf)
{
    switch (p->kind) {
    case PERIOD_YEAR:
        snprintf(buf, PERIOD_BUFSZ, "%04d", p->year);
        break;
    case PERIOD_QUARTER:
        snprintf(buf, PERIOD_BUFSZ, "%04d-Q%d", p->year, p->num);
        break;
    case PERIOD_MONTH:
        snprintf(buf, PERIOD_BUFSZ, "%04d-%02d", p->year, p->num);
        break;
    case PERIOD_WEEK:
        snprintf(buf, PERIOD_BUFSZ, "%04d-W%02d", p->year, p->num);
        break;
    }
    return buf;
}
