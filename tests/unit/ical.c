/* Unit tests: iCalendar syntax (lib/ical.c). */
#include <stdlib.h>

#include "ical.h"
#include "tap.h"

static void
t_fold(void)
{
    struct sbuf b = {0};
    char line[200];
    memset(line, 'a', 160);
    line[160] = '\0';
    ical_fold(&b, line, 160);
    /* 75, then " " + 74, then " " + 11 */
    ok(b.len == 160 + 2 * 3 + 2, "two folds and a CRLF");
    ok(memcmp(b.p + 75, "\r\n ", 3) == 0, "first fold after 75 octets");
    ok(memcmp(b.p + 75 + 3 + 74, "\r\n ", 3) == 0, "then after 74 more (the space counts)");
    sbuf_reset(&b);
    /* 74 ASCII then a 2-byte character: it must not be cut */
    memset(line, 'a', 74);
    strcpy(line + 74, "\xc3\xa9xyz");
    ical_fold(&b, line, strlen(line));
    is_str(b.p + 74, "\r\n \xc3\xa9xyz\r\n", "a UTF-8 sequence moves to the next line whole");
    sbuf_reset(&b);
    ical_fold(&b, "short", 5);
    is_str(b.p, "short\r\n", "a short line is left alone");
    sbuf_release(&b);
}

static void
t_escape(void)
{
    struct sbuf b = {0};
    ical_escape(&b, "a,b;c\\d\ne\r\nf\rg\x01h\ti");
    is_str(b.p, "a\\,b\\;c\\\\d\\ne\\nf\\ng h\ti", "TEXT escapes; CRLF, LF, CR are \\n");
    sbuf_reset(&b);
    ical_text(&b, "SUMMARY", "x, y");
    is_str(b.p, "SUMMARY:x\\, y\r\n", "ical_text");
    sbuf_release(&b);
}

static void
t_values(void)
{
    char buf[128];
    is_str(ical_date(date_from_ymd(2026, 11, 27), buf), "20261127", "DATE");
    int64_t t;
    ts_parse("2026-11-28T09:05:07Z", &t);
    is_str(ical_utc(t, buf), "20261128T090507Z", "UTC DATE-TIME");
    is_str(ical_utc(0, buf), "19700101T000000Z", "the epoch");
    ical_uid("T9", "/data/a", buf, sizeof buf);
    ok(strncmp(buf, "T9-", 3) == 0 && strlen(buf) == 3 + 16 + strlen("@salesutils"), "UID shape");
    char other[128];
    ical_uid("T9", "/data/b", other, sizeof other);
    ok(strcmp(buf, other) != 0, "another directory, another UID");
    ical_uid("T9", "/data/a", other, sizeof other);
    is_str(other, buf, "the same directory, the same UID");
}

int
main(void)
{
    t_fold();
    t_escape();
    t_values();
    return done_testing();
}
