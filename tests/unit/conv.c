/* Unit tests for conv: spreadsheet amounts and dates, and date-format inference. */
#include "tap.h"

#include <stdlib.h>

#include "conv.h"

/* "12345 CUR" (minor units and the currency found) or "ERR:reason". */
static const char *
money(const char *s, enum conv_decimal dec)
{
    static char buf[1100];
    money_t m;
    char cur[8];
    struct err e;
    if (conv_money(s, dec, &m, cur, &e))
        snprintf(buf, sizeof buf, "ERR:%s", e.msg);
    else
        snprintf(buf, sizeof buf, "%lld%s%s", (long long)m, *cur ? " " : "", cur);
    return buf;
}

static const char *
date(const char *s, const char *fmt)
{
    static char buf[64];
    sdate d;
    int secs;
    char tmp[TS_BUFSZ];
    if ((fmt ? conv_date_fmt(s, fmt, &d, &secs) : conv_date_iso(s, &d, &secs)) != 0)
        return "ERR";
    if (secs >= 0)
        return ts_format((int64_t)d * 86400 + secs, buf);
    return strcpy(buf, date_format(d, tmp));
}

static const char *
infer(const char *const *v, size_t n)
{
    static char buf[64];
    int nfit;
    const char *f = conv_date_infer(v, n, &nfit);
    if (f)
        return f;
    snprintf(buf, sizeof buf, "none:%d", nfit);
    return buf;
}

int
main(void)
{
    /* dates and timestamps already in their stored form */
    is_int(conv_canonical_when("2026-11-27", 0), 10, "a date as the files hold it");
    is_int(conv_canonical_when("2026-11-27", 1), 10, "... also where times are allowed");
    is_int(conv_canonical_when("2026-11-27T09:30:00Z", 1), 20, "a UTC timestamp");
    is_int(conv_canonical_when("2026-11-27T09:30:00Z", 0), 0, "not for a date column");
    is_int(conv_canonical_when("2024-02-29", 0), 10, "a leap day");
    is_int(conv_canonical_when("2023-02-29", 0), 0, "not in a common year");
    is_int(conv_canonical_when("2026-11-31", 0), 0, "a day past the month's end");
    is_int(conv_canonical_when("2026-13-01", 0), 0, "month 13");
    is_int(conv_canonical_when("2026-00-10", 0), 0, "month 0");
    is_int(conv_canonical_when("0000-01-01", 0), 0, "year 0");
    is_int(conv_canonical_when("9999-12-31T23:59:59Z", 1), 20, "the last second of 9999");
    is_int(conv_canonical_when("2026-11-27T24:00:00Z", 1), 0, "hour 24");
    is_int(conv_canonical_when("2026-11-27T09:60:00Z", 1), 0, "minute 60");
    is_int(conv_canonical_when("2026-11-27T09:30:60Z", 1), 0, "second 60");
    is_int(conv_canonical_when("2026-11-27T09:30:00+01:00", 1), 0, "an offset: converted, not kept");
    is_int(conv_canonical_when("2026-11-27 09:30", 1), 0, "a space and no seconds");
    is_int(conv_canonical_when("2026-11-27T09:30:00Z ", 1), 0, "a trailing space");
    is_int(conv_canonical_when("2026-11-27T09:3", 1), 0, "cut short");
    is_int(conv_canonical_when("2026-1", 0), 0, "cut short in the date");
    is_int(conv_canonical_when("", 0), 0, "empty");
    is_int(conv_canonical_when("27/11/2026", 0), 0, "another format");

    /* amounts */
    is_str(money("1234.5", CONV_DOT), "123450", "plain");
    is_str(money("$1,234.50", CONV_DOT), "123450 $", "dollar sign and groups");
    is_str(money("1.234,50", CONV_COMMA), "123450", "decimal comma");
    is_str(money("1.234,50 \xE2\x82\xAC", CONV_COMMA), "123450 EUR", "euro after");
    is_str(money("EUR 1 234,50", CONV_COMMA), "123450 EUR", "code before, space groups");
    is_str(money("1\xC2\xA0" "234,5", CONV_COMMA), "123450", "no-break space groups");
    is_str(money("(500)", CONV_DOT), "-50000", "accounting negative");
    is_str(money("-$12.5", CONV_DOT), "-1250 $", "minus before the sign");
    is_str(money("$-12.5", CONV_DOT), "-1250 $", "minus after the sign");
    is_str(money("12.5000", CONV_DOT), "1250", "zero decimals beyond two");
    is_str(money("12.345", CONV_DOT), "ERR:more than 2 decimals", "no rounding");
    is_str(money("1.2E+06", CONV_DOT), "120000000", "exact scientific notation");
    is_str(money("1,23", CONV_DOT), "ERR:digit groups of 3 expected", "bad groups");
    is_str(money("1,2345", CONV_DOT), "ERR:digit groups of 3 expected", "bad groups after");
    is_str(money("12,345.6", CONV_DOT), "1234560", "groups then decimals");
    is_str(money("1.234,50", CONV_DOT), "ERR:not a number", "comma after the point");
    is_str(money("abc", CONV_DOT), "ERR:not a number", "text");
    is_str(money("", CONV_DOT), "ERR:empty", "empty");
    is_str(money("1'234.50", CONV_DOT), "123450", "Swiss apostrophe groups");
    is_str(money("US$ 99", CONV_DOT), "9900 USD", "US$");
    is_str(money("1,234", CONV_PROVE),
           "ERR:ambiguous: ',' may group digits or be the decimal point", "prove: ambiguous");
    is_str(money("1,234.5", CONV_PROVE), "123450", "prove: both separators");
    is_str(money("1.234,5", CONV_PROVE), "123450", "prove: both, comma last");
    is_str(money("12,5", CONV_PROVE), "1250", "prove: one comma, one digit");
    is_str(money("1,234,567", CONV_PROVE), "123456700", "prove: repeated groups");
    ok(conv_currency_agrees("$", "CAD") && !conv_currency_agrees("$", "EUR") &&
           conv_currency_agrees("", "EUR") && conv_currency_agrees("EUR", "EUR"),
       "currency agreement");

    /* dates */
    is_str(date("2026-11-27", NULL), "2026-11-27", "ISO date");
    is_str(date("2026-11-27 14:05", NULL), "2026-11-27T14:05:00Z", "ISO with a time");
    is_str(date("2026-11-27T23:30:00-02:00", NULL), "2026-11-28T01:30:00Z", "offset applied");
    is_str(date("2026-02-30", NULL), "ERR", "no such day");
    is_str(date("27/11/2026", "%d/%m/%Y"), "2026-11-27", "%%d/%%m/%%Y");
    is_str(date("11/27/26", "%m/%d/%y"), "2026-11-27", "%%m/%%d/%%y");
    is_str(date("27.11.2026 2:05 PM", "%d.%m.%Y"), "2026-11-27T14:05:00Z", "trailing time");
    is_str(date("27 Nov 2026", "%d %b %Y"), "2026-11-27", "month name");
    is_str(date("Sept. 3, 2026", "%b %d, %Y"), "2026-09-03", "Sept.");
    is_str(date("13/13/2026", "%d/%m/%Y"), "ERR", "month 13");
    is_str(date("27/11/2026x", "%d/%m/%Y"), "ERR", "trailing junk");

    const char *dmy[] = {"05/06/2026", "27/11/2026", "", "2026-01-01"};
    is_str(infer(dmy, 4), "%d/%m/%Y", "a day above 12 proves d/m/Y");
    const char *amb[] = {"05/06/2026", "01/02/2026"};
    is_str(infer(amb, 2), "none:2", "ambiguous when every day is 12 or less");
    const char *same[] = {"01/01/2026", "12/12/2026"};
    is_str(infer(same, 2), "%d/%m/%Y", "not ambiguous when both read the same");
    const char *junk[] = {"soon"};
    is_str(infer(junk, 1), "none:0", "nothing fits");

    ok(conv_plain_number("-12.5", 0) && !conv_plain_number("-12,5", 0) &&
           conv_plain_number("-12,5", 1) && !conv_plain_number("=1+1", 0) &&
           !conv_plain_number("-", 0),
       "plain numbers");

    /* the other column types, each read in one place (conv), appended */
    struct {
        void (*fn)(const char *, struct sbuf *);
        const char *in, *want, *name;
    } one[] = {
        {conv_domain, "https://www.acme.com/about?x=1", "acme.com", "a web address: its host"},
        {conv_domain, "acme.com", "acme.com", "a domain as it is"},
        {conv_domain, "WWW.Acme.com", "Acme.com", "www. goes"},
        {conv_email, "mailto:ann@example.com", "ann@example.com", "mailto: goes"},
        {conv_email, "Ann Lee <ann@example.com>", "ann@example.com", "a name and address"},
        {conv_email, "ann <at> example", "ann <at> example", "not an address: as it is"},
        {conv_period, "2026-q4", "2026-Q4", "a quarter in capitals"},
        {conv_period, "This-Quarter", "this-quarter", "a relative period in lowercase"},
        {conv_trim_end, "A12 \t ", "A12", "an id: trailing blanks cut"},
    };
    for (size_t i = 0; i < sizeof one / sizeof *one; i++) {
        struct sbuf b = {0};
        sbuf_adds(&b, "<");
        one[i].fn(one[i].in, &b);
        char want[128];
        snprintf(want, sizeof want, "<%s", one[i].want);
        is_str(b.p, want, one[i].name);
        sbuf_release(&b);
    }
    struct {
        void (*fn)(const char *, int, struct sbuf *);
        const char *in;
        int comma;
        const char *want, *name;
    } num[] = {
        {conv_percent, "50 %", 0, "50", "a percent sign goes"},
        {conv_percent, "50.00", 0, "50", "a zero fraction goes"},
        {conv_percent, "50,00 %", 1, "50", "a zero decimal-comma fraction"},
        {conv_percent, "50.5", 0, "50.5", "a real fraction stays (validation refuses it)"},
        {conv_int, "3.000", 0, "3", "an int's zero fraction"},
        {conv_int, "3,0", 1, "3", "with a decimal comma"},
        {conv_int, "3,0", 0, "3,0", "a comma is not a decimal point by default"},
    };
    for (size_t i = 0; i < sizeof num / sizeof *num; i++) {
        struct sbuf b = {0};
        sbuf_adds(&b, "5.0 ");
        num[i].fn(num[i].in, num[i].comma, &b);
        char want[128];
        snprintf(want, sizeof want, "5.0 %s", num[i].want);
        is_str(b.p, want, num[i].name);
        sbuf_release(&b);
    }
    return done_testing();
}
