/* Unit tests for value: money, dates, relative dates, timestamps, periods, fiscal calendar. */
#include "tap.h"

#include "value.h"

static const char *
m(const char *s)
{
    static char buf[MONEY_BUFSZ];
    money_t v;
    if (money_parse(s, &v))
        return "BAD";
    return money_format(v, buf);
}

static const char *
rel(const char *s)
{
    static char buf[DATE_BUFSZ];
    sdate d, today;
    date_parse("2026-11-27", &today);
    if (date_parse_rel(s, today, &d))
        return "BAD";
    return date_format(d, buf);
}

static const char *
per(const char *s, int fy_start, int label_end)
{
    static char buf[64];
    char a[DATE_BUFSZ], b[DATE_BUFSZ], c[PERIOD_BUFSZ];
    struct calendar cal = {fy_start, label_end};
    struct period p;
    sdate today;
    date_parse("2026-11-27", &today);
    if (period_parse(s, &cal, today, &p))
        return "BAD";
    snprintf(buf, sizeof buf, "%s %s..%s", period_format(&p, c), date_format(p.start, a),
             date_format(p.end - 1, b));
    return buf;
}

int
main(void)
{
    char buf[64];
    money_t v;
    int64_t t;
    sdate d;

    is_str(m("12500"), "12500", "money integer");
    is_str(m("12500.5"), "12500.5", "one fraction digit");
    is_str(m("12500.50"), "12500.5", "trailing zero dropped");
    is_str(m("12500.05"), "12500.05", "two fraction digits");
    is_str(m("-0.05"), "-0.05", "small negative");
    is_str(m("+3"), "3", "plus sign");
    is_str(m(".5"), "0.5", "leading point");
    is_str(m("0"), "0", "zero");
    is_str(m("-7.10"), "-7.1", "negative, one fraction digit");
    is_str(m("-1200"), "-1200", "negative integer");
    is_str(money_format(INT64_MIN, buf), "-92233720368547758.08", "the smallest int64");
    is_str(m("1.234"), "BAD", "three fraction digits refused");
    is_str(m("1,234"), "BAD", "thousands separator refused");
    is_str(m("12 500"), "BAD", "space refused");
    is_str(m(""), "BAD", "empty refused");
    is_str(m("1."), "BAD", "bare point refused");
    is_str(m("1e5"), "BAD", "exponent refused");
    is_str(m("999999999999999.99"), "999999999999999.99", "largest amount");
    is_str(m("1000000000000000"), "BAD", "too large refused");
    money_parse("1234567.5", &v);
    is_str(money_format_table(v, 2, buf), "1,234,567.50", "table format grouped");
    is_str(money_format_table(v, 0, buf), "1,234,568", "table format rounded");
    money_parse("-999.5", &v);
    is_str(money_format_table(v, 0, buf), "-1,000", "negative rounds away from zero");
    v = MONEY_MAX;
    ok(money_add(&v, MONEY_MAX) == 0, "sum of two maxima fits");
    v = INT64_MAX - 1;
    ok(money_add(&v, 5) == -1, "overflow detected");
    is_int(money_round_div((__int128)1005 * 50, 100), 503, "half rounds up");
    is_int(money_round_div(-(__int128)1005 * 50, 100), -503, "negative half rounds away");

    ok(date_parse("2024-02-29", &d) == 0, "leap day");
    ok(date_parse("2026-02-29", &d) == -1, "not a leap year");
    ok(date_parse("2026-13-01", &d) == -1, "month 13");
    ok(date_parse("2026-1-01", &d) == -1, "one-digit month");
    ok(date_parse("2026-11-27x", &d) == -1, "trailing junk");
    date_parse("1970-01-01", &d);
    is_int(d, 0, "epoch");
    date_parse("2000-03-01", &d);
    is_int(d, 11017, "2000-03-01");
    is_str(date_format(date_from_ymd(1600, 2, 29), buf), "1600-02-29", "old leap day round trip");
    date_parse("2026-11-27", &d);
    is_int(date_weekday(d), 5, "2026-11-27 is a Friday");
    is_str(rel("today"), "2026-11-27", "today");
    is_str(rel("yesterday"), "2026-11-26", "yesterday");
    is_str(rel("tomorrow"), "2026-11-28", "tomorrow");
    is_str(rel("+14d"), "2026-12-11", "+14d");
    is_str(rel("-3m"), "2026-08-27", "-3m");
    is_str(rel("2w"), "2026-12-11", "2w");
    is_str(rel("-1y"), "2025-11-27", "-1y");
    is_str(rel("2026-01-31"), "2026-01-31", "absolute date");
    is_str(rel("3"), "BAD", "number without unit");
    is_str(rel("+3x"), "BAD", "unknown unit");
    date_parse("2026-01-31", &d);
    is_str(date_format(date_add_months(d, 1), buf), "2026-02-28", "month end clamps");

    ok(ts_parse("2026-11-27T09:30:00Z", &t) == 0, "timestamp");
    is_str(ts_format(t, buf), "2026-11-27T09:30:00Z", "timestamp round trip");
    ts_parse("2026-11-27T11:30:00+02:00", &t);
    is_str(ts_format(t, buf), "2026-11-27T09:30:00Z", "offset normalised to UTC");
    ts_parse("2026-11-27 09:30:00.123Z", &t);
    is_str(ts_format(t, buf), "2026-11-27T09:30:00Z", "space and fraction");
    ok(ts_parse("2026-11-27T09:30:00", &t) == -1, "no zone refused");
    ok(ts_parse("2026-11-27T24:00:00Z", &t) == -1, "hour 24 refused");
    ts_parse("1969-12-31T23:59:59Z", &t);
    is_str(ts_format(t, buf), "1969-12-31T23:59:59Z", "before the epoch");
    ok(datetime_date("2026-11-27T23:30:00-02:00", &d) == 0 &&
           strcmp(date_format(d, buf), "2026-11-28") == 0,
       "date of a timestamp is its UTC date");

    is_str(per("2026", 1, 0), "2026 2026-01-01..2026-12-31", "calendar year");
    is_str(per("2026-Q4", 1, 0), "2026-Q4 2026-10-01..2026-12-31", "calendar Q4");
    is_str(per("2026-11", 1, 0), "2026-11 2026-11-01..2026-11-30", "month");
    is_str(per("2026-W48", 1, 0), "2026-W48 2026-11-23..2026-11-29", "ISO week");
    is_str(per("2026-W01", 1, 0), "2026-W01 2025-12-29..2026-01-04", "ISO week 1 starts in December");
    is_str(per("2025-W53", 1, 0), "BAD", "2025 has 52 ISO weeks");
    is_str(per("2026-W53", 1, 0), "2026-W53 2026-12-28..2027-01-03", "2026 has 53");
    is_str(per("2020-W53", 1, 0), "2020-W53 2020-12-28..2021-01-03", "2020 has 53");
    is_str(per("2026-Q1", 4, 0), "2026-Q1 2026-04-01..2026-06-30", "fiscal Q1 from April");
    is_str(per("2026-Q4", 4, 0), "2026-Q4 2027-01-01..2027-03-31", "fiscal Q4 wraps");
    is_str(per("2026", 4, 1), "2026 2025-04-01..2026-03-31", "fiscal year named by its end");
    is_str(per("this-quarter", 1, 0), "2026-Q4 2026-10-01..2026-12-31", "this-quarter");
    is_str(per("last-quarter", 1, 0), "2026-Q3 2026-07-01..2026-09-30", "last-quarter");
    is_str(per("next-quarter", 1, 0), "2027-Q1 2027-01-01..2027-03-31", "next-quarter");
    is_str(per("this-quarter", 2, 0), "2026-Q4 2026-11-01..2027-01-31", "this fiscal quarter from Feb");
    is_str(per("this-year", 2, 1), "2027 2026-02-01..2027-01-31", "this fiscal year named by end");
    is_str(per("last-month", 1, 0), "2026-10 2026-10-01..2026-10-31", "last-month");
    is_str(per("next-week", 1, 0), "2026-W49 2026-11-30..2026-12-06", "next-week");
    is_str(per("this-decade", 1, 0), "BAD", "unknown relative period");
    is_str(per("2026-Q5", 1, 0), "BAD", "Q5");
    is_str(per("2026-00", 1, 0), "BAD", "month 0");
    {
        struct calendar cal = {1, 0};
        struct period p;
        date_parse("2021-01-02", &d);
        period_of(d, PERIOD_WEEK, &cal, &p);
        is_str(period_format(&p, buf), "2020-W53", "early January in the previous ISO year");
        period_step(&p, 1, &cal);
        is_str(period_format(&p, buf), "2021-W01", "step over ISO year");
        period_parse("2026-Q4", &cal, 0, &p);
        period_step(&p, -5, &cal);
        is_str(period_format(&p, buf), "2025-Q3", "step back five quarters");
        period_parse("2026-01", &cal, 0, &p);
        period_step(&p, -13, &cal);
        is_str(period_format(&p, buf), "2024-12", "step back 13 months");
    }
    return done_testing();
}
