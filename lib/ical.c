/* ical.c — iCalendar syntax (see ical.h). */
#include "ical.h"

#include <stdio.h>
#include <string.h>

#define FOLD_AT 75 /* octets per line, CRLF not counted (RFC 5545 3.1) */

void
ical_fold(struct sbuf *b, const char *line, size_t n)
{
    size_t room = FOLD_AT, i = 0;
    while (n - i > room) {
        size_t k = room;
        /* never cut inside a UTF-8 sequence: back up to a lead byte */
        while (k > 1 && ((unsigned char)line[i + k] & 0xC0) == 0x80)
            k--;
        sbuf_add(b, line + i, k);
        sbuf_add(b, "\r\n ", 3);
        i += k;
        room = FOLD_AT - 1; /* the leading space counts */
    }
    sbuf_add(b, line + i, n - i);
    sbuf_add(b, "\r\n", 2);
}

void
ical_escape(struct sbuf *b, const char *s)
{
    for (; *s; s++) {
        switch (*s) {
        case '\\':
            sbuf_add(b, "\\\\", 2);
            break;
        case ';':
            sbuf_add(b, "\\;", 2);
            break;
        case ',':
            sbuf_add(b, "\\,", 2);
            break;
        case '\r':
            if (s[1] == '\n')
                s++;
            sbuf_add(b, "\\n", 2);
            break;
        case '\n':
            sbuf_add(b, "\\n", 2);
            break;
        default:
            if (((unsigned char)*s < 0x20 && *s != '\t') || *s == 0x7f)
                sbuf_addc(b, ' ');
            else
                sbuf_addc(b, *s);
        }
    }
}

void
ical_line(struct sbuf *b, const char *name, const char *value)
{
    struct sbuf l = {0};
    sbuf_addf(&l, "%s:%s", name, value);
    ical_fold(b, l.p, l.len);
    sbuf_release(&l);
}

void
ical_text(struct sbuf *b, const char *name, const char *value)
{
    struct sbuf l = {0};
    sbuf_addf(&l, "%s:", name);
    ical_escape(&l, value);
    ical_fold(b, l.p, l.len);
    sbuf_release(&l);
}

char *
ical_date(sdate d, char *buf)
{
    int y, m, dd;
    date_to_ymd(d, &y, &m, &dd);
    snprintf(buf, 9, "%04d%02d%02d", y, m, dd);
    return buf;
}

char *
ical_utc(int64_t t, char *buf)
{
    int64_t days = t >= 0 ? t / 86400 : -((-t + 86399) / 86400), secs = t - days * 86400;
    int y, m, d;
    char tmp[64]; /* the compiler cannot know the year has four digits */
    date_to_ymd((sdate)days, &y, &m, &d);
    snprintf(tmp, sizeof tmp, "%04d%02d%02dT%02d%02d%02dZ", y, m, d, (int)(secs / 3600),
             (int)(secs / 60 % 60), (int)(secs % 60));
    memcpy(buf, tmp, 16);
    buf[16] = '\0';
    return buf;
}

char *
ical_uid(const char *id, const char *where, char *buf, size_t n)
{
    uint64_t h = UINT64_C(14695981039346656037);
    for (const char *p = where; *p; p++)
        h = (h ^ (unsigned char)*p) * UINT64_C(1099511628211);
    snprintf(buf, n, "%s-%016llx@salesutils", id, (unsigned long long)h);
    return buf;
}
