/* conv.c — spreadsheet values to canonical values (see conv.h). */
#include "conv.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

/* ---- money ------------------------------------------------------------ */

/* Currency signs, longest first where one is a prefix of another. */
static const struct {
    const char *sign, *code;
} signs[] = {
    {"US$", "USD"}, {"C$", "CAD"}, {"A$", "AUD"}, {"NZ$", "NZD"}, {"HK$", "HKD"},
    {"S$", "SGD"},  {"R$", "BRL"}, {"$", "$"},    {"\xE2\x82\xAC", "EUR"}, /* € */
    {"\xC2\xA3", "GBP"},                                                /* £ */
    {"\xC2\xA5", "\xC2\xA5"},                                           /* ¥: JPY or CNY */
    {"\xEF\xBF\xA5", "\xC2\xA5"},                                       /* fullwidth ¥ */
    {"\xE2\x82\xB9", "INR"},                                            /* ₹ */
    {"\xE2\x82\xA9", "KRW"},                                            /* ₩ */
    {"\xE2\x82\xBD", "RUB"},                                            /* ₽ */
    {"z\xC5\x82", "PLN"},                                               /* zł */
    {"kr", "kr"},                                                       /* SEK, NOK, DKK, ISK */
};

int
conv_currency_agrees(const char *cur, const char *code)
{
    static const char *const dollars[] = {"USD", "CAD", "AUD", "NZD", "SGD", "HKD", "TWD",
                                          "MXN", "ARS", "CLP", "COP", NULL};
    static const char *const crowns[] = {"SEK", "NOK", "DKK", "ISK", NULL};
    const char *const *list = NULL;
    if (!*cur)
        return 1;
    if (strcmp(cur, "$") == 0)
        list = dollars;
    else if (strcmp(cur, "kr") == 0)
        list = crowns;
    else if (strcmp(cur, "\xC2\xA5") == 0)
        return strcmp(code, "JPY") == 0 || strcmp(code, "CNY") == 0;
    else
        return strcmp(cur, code) == 0;
    for (; *list; list++)
        if (strcmp(*list, code) == 0)
            return 1;
    return 0;
}

/* Length of a space-like character at p (space, tab, no-break spaces,
 * thin spaces), or 0. */
static size_t
space_len(const char *p)
{
    const unsigned char *u = (const unsigned char *)p;
    if (*u == ' ' || *u == '\t')
        return 1;
    if (u[0] == 0xC2 && u[1] == 0xA0)
        return 2; /* U+00A0 */
    if (u[0] == 0xE2 && u[1] == 0x80 && (u[2] == 0xAF || u[2] == 0x89))
        return 3; /* U+202F, U+2009 */
    return 0;
}

static const char *
skip_spaces(const char *p)
{
    size_t k;
    while ((k = space_len(p)))
        p += k;
    return p;
}

/* End of s with trailing spaces cut off. */
static const char *
trim_end(const char *s, const char *end)
{
    for (;;) {
        if (end > s && (end[-1] == ' ' || end[-1] == '\t'))
            end--;
        else if (end - s >= 2 && (unsigned char)end[-2] == 0xC2 && (unsigned char)end[-1] == 0xA0)
            end -= 2;
        else if (end - s >= 3 && (unsigned char)end[-3] == 0xE2 &&
                 (unsigned char)end[-2] == 0x80 &&
                 ((unsigned char)end[-1] == 0xAF || (unsigned char)end[-1] == 0x89))
            end -= 3;
        else
            return end;
    }
}

/* A currency sign or code at [p, end): its length, with the code in cur. */
static size_t
currency_at(const char *p, const char *end, char *cur)
{
    size_t n = (size_t)(end - p);
    if (n == 0 || isdigit((unsigned char)*p)) /* no sign or code starts with a digit */
        return 0;
    for (size_t i = 0; i < sizeof signs / sizeof signs[0]; i++) {
        size_t k = strlen(signs[i].sign);
        if (k <= n && memcmp(p, signs[i].sign, k) == 0) {
            strcpy(cur, signs[i].code);
            return k;
        }
    }
    if (n >= 3 && isupper((unsigned char)p[0]) && isupper((unsigned char)p[1]) &&
        isupper((unsigned char)p[2]) && (n == 3 || !isalpha((unsigned char)p[3]))) {
        memcpy(cur, p, 3);
        cur[3] = '\0';
        return 3;
    }
    return 0;
}

/* The same at the end of [p, end): the length of a trailing sign or code. */
static size_t
currency_before(const char *p, const char *end, char *cur)
{
    size_t n = (size_t)(end - p);
    if (n == 0 || isdigit((unsigned char)end[-1])) /* no sign or code ends with a digit */
        return 0;
    for (size_t i = 0; i < sizeof signs / sizeof signs[0]; i++) {
        size_t k = strlen(signs[i].sign);
        if (k <= n && memcmp(end - k, signs[i].sign, k) == 0) {
            strcpy(cur, signs[i].code);
            return k;
        }
    }
    if (n >= 3 && isupper((unsigned char)end[-1]) && isupper((unsigned char)end[-2]) &&
        isupper((unsigned char)end[-3]) && (n == 3 || !isalpha((unsigned char)end[-4]))) {
        memcpy(cur, end - 3, 3);
        cur[3] = '\0';
        return 3;
    }
    return 0;
}

int
conv_money(const char *s, enum conv_decimal dec, money_t *out, char *cur, struct err *e)
{
    const char *p = skip_spaces(s), *end = trim_end(p, p + strlen(p));
    char digits[64], other[8] = "";
    size_t nd = 0;
    long point = -1, exp10 = 0;
    int neg = 0;

    *cur = '\0';
    if (p == end)
        return err_set(e, "empty");
    if (*p == '(' && end[-1] == ')') { /* accounting negative */
        neg = 1;
        p = skip_spaces(p + 1);
        end = trim_end(p, end - 1);
    }
    for (int pass = 0; pass < 2; pass++) { /* a sign and a currency, in either order */
        size_t k;
        if (p < end && (*p == '-' || *p == '+')) {
            if (neg && *p == '-')
                return err_set(e, "two minus signs");
            neg |= *p == '-';
            p = skip_spaces(p + 1);
        } else if (end - p >= 3 && memcmp(p, "\xE2\x88\x92", 3) == 0) { /* U+2212 minus */
            neg = 1;
            p = skip_spaces(p + 3);
        }
        if (!*cur && (k = currency_at(p, end, cur)))
            p = skip_spaces(p + k);
    }
    if (end > p && end[-1] == '-' && !neg) { /* a trailing minus, as some ledgers write */
        neg = 1;
        end = trim_end(p, end - 1);
    }
    {
        size_t k;
        if ((k = currency_before(p, end, other))) {
            if (*cur && strcmp(cur, other) != 0)
                return err_set(e, "two currencies");
            strcpy(cur, other);
            end = trim_end(p, end - k);
        }
    }
    if (p == end || !(isdigit((unsigned char)*p) || *p == '.' || *p == ','))
        return err_set(e, "not a number");

    /* the separators: which is the decimal point, which groups digits */
    char dsep = dec == CONV_COMMA ? ',' : '.';
    if (dec == CONV_PROVE) {
        const char *lastdot = NULL, *lastcomma = NULL;
        int ndot = 0, ncomma = 0;
        for (const char *q = p; q < end; q++) {
            if (*q == '.')
                ndot++, lastdot = q;
            else if (*q == ',')
                ncomma++, lastcomma = q;
        }
        if (ndot && ncomma)
            dsep = lastdot > lastcomma ? '.' : ',';
        else if (ndot + ncomma == 0)
            dsep = '.';
        else {
            char c = ndot ? '.' : ',';
            const char *last = ndot ? lastdot : lastcomma;
            size_t after = 0;
            for (const char *q = last + 1; q < end && isdigit((unsigned char)*q); q++)
                after++;
            if (ndot + ncomma > 1)
                dsep = c == '.' ? ',' : '.'; /* repeated: it groups digits */
            else if (after == 3)
                return err_set(e, "ambiguous: '%c' may group digits or be the decimal point", c);
            else
                dsep = c;
        }
    }
    char gsep = 0; /* the grouping character seen: ',', '.', '\'' or ' ' (any space) */
    int group_len = -1, groups = 0;
    for (const char *q = p; q < end;) {
        unsigned char c = (unsigned char)*q;
        size_t k;
        if (isdigit(c)) {
            if (nd >= sizeof digits - 1)
                return err_set(e, "too many digits");
            digits[nd++] = (char)c;
            if (group_len >= 0)
                group_len++;
            q++;
        } else if (c == (unsigned char)dsep) {
            if (point >= 0)
                return err_set(e, "two decimal points");
            if (groups && group_len != 3)
                return err_set(e, "digit groups of 3 expected");
            point = (long)nd;
            group_len = -1;
            q++;
        } else if ((c == 'e' || c == 'E') && nd > 0 && !gsep) {
            char *x;
            exp10 = strtol(q + 1, &x, 10);
            if (x == q + 1 || x != end || exp10 > 30 || exp10 < -30)
                return err_set(e, "not a number");
            q = end;
        } else if (point < 0 && ((k = space_len(q)) || c == ',' || c == '.' || c == '\'')) {
            char g = k ? ' ' : (char)c;
            if (gsep && gsep != g)
                return err_set(e, "mixed digit group separators");
            if (nd == 0 || (groups == 0 && nd > 3) || (groups && group_len != 3))
                return err_set(e, "digit groups of 3 expected");
            gsep = g;
            groups++;
            group_len = 0;
            q += k ? k : 1;
        } else {
            return err_set(e, "not a number");
        }
    }
    if (groups && point < 0 && group_len != 3)
        return err_set(e, "digit groups of 3 expected");
    if (nd == 0)
        return err_set(e, "not a number");
    if (point < 0)
        point = (long)nd;
    point += exp10;

    /* minor units: the digits up to two places after the point */
    __int128 v = 0;
    for (long i = 0; i < point + 2; i++) {
        int d = i >= 0 && i < (long)nd ? digits[i] - '0' : 0;
        v = v * 10 + d;
        if (v > MONEY_MAX)
            return err_set(e, "too large");
    }
    for (long i = point + 2 < 0 ? 0 : point + 2; i < (long)nd; i++)
        if (digits[i] != '0')
            return err_set(e, "more than 2 decimals");
    *out = neg ? -(money_t)v : (money_t)v;
    return 0;
}

/* ---- dates ------------------------------------------------------------ */

static const char *const months[] = {"january", "february", "march",     "april",
                                     "may",     "june",     "july",      "august",
                                     "september", "october", "november", "december"};

/* Read 1..max digits at *p. Returns the number, or -1. */
static int
num(const char **p, int min, int max)
{
    int v = 0, n = 0;
    while (n < max && isdigit((unsigned char)**p)) {
        v = v * 10 + (**p - '0');
        (*p)++;
        n++;
    }
    return n >= min ? v : -1;
}

static int
month_name(const char **p)
{
    for (int m = 0; m < 12; m++) {
        size_t full = strlen(months[m]);
        if (strncasecmp(*p, months[m], full) == 0 && !isalpha((unsigned char)(*p)[full])) {
            *p += full;
            return m + 1;
        }
        if (strncasecmp(*p, months[m], 3) == 0) {
            const char *q = *p + 3;
            if (m == 8 && (*q == 't' || *q == 'T')) /* Sept */
                q++;
            if (*q == '.')
                q++;
            if (!isalpha((unsigned char)*q)) {
                *p = q;
                return m + 1;
            }
        }
    }
    return -1;
}

/* A time of day at p: [T or spaces] H:MM[:SS[.fff]] [AM|PM] [Z|+hh[:mm]].
 * Returns the end, or NULL. *secs in seconds (may go outside 0..86399
 * through an offset), *off the offset in seconds east of UTC. */
static const char *
time_at(const char *p, int *secs, int *off)
{
    int h, m, sec = 0;
    const char *q = p;
    *off = 0;
    if (*q == 'T')
        q++;
    else
        q = skip_spaces(q);
    if ((h = num(&q, 1, 2)) < 0 || *q++ != ':' || (m = num(&q, 2, 2)) < 0 || m > 59)
        return NULL;
    if (*q == ':') {
        q++;
        if ((sec = num(&q, 2, 2)) < 0 || sec > 60)
            return NULL;
        if (*q == '.' || *q == ',') { /* fraction of a second: dropped */
            q++;
            if (!isdigit((unsigned char)*q))
                return NULL;
            while (isdigit((unsigned char)*q))
                q++;
        }
    }
    const char *r = skip_spaces(q);
    if (*r && strchr("aApP", *r) &&
        (strncasecmp(r, "am", 2) == 0 || strncasecmp(r, "pm", 2) == 0 ||
         strncasecmp(r, "a.m.", 4) == 0 || strncasecmp(r, "p.m.", 4) == 0)) {
        int pm = tolower((unsigned char)*r) == 'p';
        if (h < 1 || h > 12)
            return NULL;
        h = h % 12 + (pm ? 12 : 0);
        q = r + (r[1] == '.' ? 4 : 2);
    }
    if (h > 23)
        return NULL;
    if (*q == 'Z') {
        q++;
    } else if ((*q == '+' || *q == '-') && isdigit((unsigned char)q[1])) {
        int sign = *q == '-' ? -1 : 1, oh, om = 0;
        q++;
        if ((oh = num(&q, 2, 2)) < 0)
            return NULL;
        if (*q == ':')
            q++;
        if (isdigit((unsigned char)*q) && (om = num(&q, 2, 2)) < 0)
            return NULL;
        *off = sign * (oh * 3600 + om * 60);
    }
    *secs = h * 3600 + m * 60 + (sec > 59 ? 59 : sec);
    return q;
}

/* Finish: the date, with a time shifted to UTC. */
static int
finish(int y, int m, int d, int secs, int off, sdate *out, int *secs_out)
{
    if (y < 1 || y > 9999 || m < 1 || m > 12 || d < 1 || d > days_in_month(y, m))
        return -1;
    sdate z = date_from_ymd(y, m, d);
    if (secs >= 0) {
        secs -= off;
        while (secs < 0)
            secs += 86400, z--;
        while (secs >= 86400)
            secs -= 86400, z++;
    }
    *out = z;
    if (secs_out)
        *secs_out = secs;
    return 0;
}

int
conv_date_fmt(const char *s, const char *fmt, sdate *out, int *secs_out)
{
    const char *p = skip_spaces(s), *f = fmt;
    int y = -1, m = -1, d = -1, h = -1, mi = 0, sec = 0, pm = -1, has_time = 0;

    while (*f) {
        if (*f == ' ') {
            p = skip_spaces(p);
            f++;
            continue;
        }
        if (*f != '%') {
            if (*p++ != *f++)
                return -1;
            continue;
        }
        f++;
        switch (*f++) {
        case 'Y':
            if ((y = num(&p, 4, 4)) < 0)
                return -1;
            break;
        case 'y':
            if ((y = num(&p, 2, 2)) < 0)
                return -1;
            y += y < 69 ? 2000 : 1900;
            break;
        case 'm':
            if ((m = num(&p, 1, 2)) < 0)
                return -1;
            break;
        case 'e':
            p = skip_spaces(p);
            /* fall through */
        case 'd':
            if ((d = num(&p, 1, 2)) < 0)
                return -1;
            break;
        case 'b':
        case 'B':
        case 'h':
            if ((m = month_name(&p)) < 0)
                return -1;
            break;
        case 'H':
        case 'I':
            if ((h = num(&p, 1, 2)) < 0)
                return -1;
            has_time = 1;
            break;
        case 'M':
            if ((mi = num(&p, 2, 2)) < 0 || mi > 59)
                return -1;
            break;
        case 'S':
            if ((sec = num(&p, 2, 2)) < 0 || sec > 60)
                return -1;
            break;
        case 'p':
            if (strncasecmp(p, "am", 2) == 0 || strncasecmp(p, "pm", 2) == 0) {
                pm = tolower((unsigned char)*p) == 'p';
                p += 2;
            } else {
                return -1;
            }
            break;
        case '%':
            if (*p++ != '%')
                return -1;
            break;
        default:
            return -1;
        }
    }
    if (y < 0 || m < 0 || d < 0)
        return -1;
    int secs = -1, off = 0;
    if (has_time) {
        if (pm >= 0) {
            if (h < 1 || h > 12)
                return -1;
            h = h % 12 + (pm ? 12 : 0);
        }
        if (h > 23)
            return -1;
        secs = h * 3600 + mi * 60 + (sec > 59 ? 59 : sec);
    } else if (*p) {
        const char *q = time_at(p, &secs, &off);
        if (!q)
            return -1;
        p = q;
    }
    p = skip_spaces(p);
    if (*p)
        return -1;
    return finish(y, m, d, secs, off, out, secs_out);
}

int
conv_is_iso_date(const char *s)
{
    for (int i = 0; i < 10; i++)
        if (i == 4 || i == 7 ? s[i] != '-' : !isdigit((unsigned char)s[i]))
            return 0;
    return 1;
}

/* n digits at s as a number, or -1 when one is not a digit */
static int
digits(const char *s, int n)
{
    int v = 0;
    for (int i = 0; i < n; i++) {
        if (s[i] < '0' || s[i] > '9')
            return -1;
        v = v * 10 + (s[i] - '0');
    }
    return v;
}

size_t
conv_canonical_when(const char *s, int times)
{
    int y, m, d, h, mi, sec;
    /* each test reads no further than a NUL the one before found */
    if ((y = digits(s, 4)) < 1 || s[4] != '-' || (m = digits(s + 5, 2)) < 1 || m > 12 ||
        s[7] != '-' || (d = digits(s + 8, 2)) < 1 || d > days_in_month(y, m))
        return 0;
    if (!s[10])
        return 10;
    if (!times || s[10] != 'T' || (h = digits(s + 11, 2)) < 0 || h > 23 || s[13] != ':' ||
        (mi = digits(s + 14, 2)) < 0 || mi > 59 || s[16] != ':' ||
        (sec = digits(s + 17, 2)) < 0 || sec > 59 || s[19] != 'Z' || s[20])
        return 0;
    return 20;
}

int
conv_date_iso(const char *s, sdate *out, int *secs_out)
{
    const char *p = skip_spaces(s);
    int y, m, d, secs = -1, off = 0;
    if (!conv_is_iso_date(p))
        return -1;
    /* the digits were checked */
    y = (p[0] - '0') * 1000 + (p[1] - '0') * 100 + (p[2] - '0') * 10 + (p[3] - '0');
    m = (p[5] - '0') * 10 + (p[6] - '0');
    d = (p[8] - '0') * 10 + (p[9] - '0');
    p += 10;
    if (*p && !(*p == 'T' || space_len(p)))
        return -1;
    if (*skip_spaces(p)) {
        const char *q = time_at(p, &secs, &off);
        if (!q || *skip_spaces(q))
            return -1;
    }
    return finish(y, m, d, secs, off, out, secs_out);
}

static const char *const candidates[] = {
    "%d/%m/%Y", "%m/%d/%Y", "%d.%m.%Y", "%m.%d.%Y", "%d-%m-%Y", "%m-%d-%Y",
    "%Y/%m/%d", "%Y.%m.%d", "%d/%m/%y", "%m/%d/%y", "%d.%m.%y", "%d-%m-%y",
    "%d %b %Y", "%b %d %Y", "%b %d, %Y", "%d-%b-%Y", "%d-%b-%y", "%d. %b %Y",
};
#define NCAND (sizeof candidates / sizeof candidates[0])

const char *
conv_date_infer(const char *const *vals, size_t n, int *nfit)
{
    int fits[NCAND], k = 0, first = -1;
    for (size_t c = 0; c < NCAND; c++) {
        sdate d;
        fits[c] = 1;
        for (size_t i = 0; i < n && fits[c]; i++) {
            const char *v = skip_spaces(vals[i]);
            if (!*v || conv_date_iso(v, &d, NULL) == 0)
                continue;
            if (conv_date_fmt(v, candidates[c], &d, NULL) != 0)
                fits[c] = 0;
        }
        if (fits[c]) {
            k++;
            if (first < 0)
                first = (int)c;
        }
    }
    if (k > 1) {
        /* several fit: harmless only when they read every value the same */
        for (size_t i = 0; i < n; i++) {
            const char *v = skip_spaces(vals[i]);
            sdate d0, d1;
            int s0, s1;
            if (!*v || conv_date_iso(v, &d0, NULL) == 0)
                continue;
            conv_date_fmt(v, candidates[first], &d0, &s0);
            for (size_t c = (size_t)first + 1; c < NCAND; c++)
                if (fits[c] && (conv_date_fmt(v, candidates[c], &d1, &s1) != 0 || d1 != d0)) {
                    *nfit = k;
                    return NULL;
                }
        }
        k = 1;
    }
    *nfit = k;
    return k == 1 ? candidates[first] : NULL;
}

int
conv_plain_number(const char *s, int comma)
{
    int digits = 0;
    if (*s == '-' || *s == '+')
        s++;
    while (isdigit((unsigned char)*s))
        s++, digits++;
    if (*s == '.' || (comma && *s == ',')) {
        s++;
        while (isdigit((unsigned char)*s))
            s++, digits++;
    }
    return digits > 0 && *s == '\0';
}

/* ---- the other column types ------------------------------------------- */

/* out's text cut at a decimal point followed only by zeros ("50.00"). */
static void
drop_zero_fraction(struct sbuf *out, size_t from, int comma)
{
    char *dot = strchr(out->p + from, '.');
    if (!dot && comma)
        dot = strchr(out->p + from, ',');
    if (dot && dot[1] && strspn(dot + 1, "0") == strlen(dot + 1)) {
        *dot = '\0';
        out->len = (size_t)(dot - out->p);
    }
}

void
conv_percent(const char *v, int comma, struct sbuf *out)
{
    size_t n = strlen(v), from = out->len;
    while (n && (v[n - 1] == ' ' || v[n - 1] == '\t'))
        n--;
    if (n && v[n - 1] == '%') {
        n--;
        while (n && v[n - 1] == ' ')
            n--;
    }
    sbuf_add(out, v, n);
    drop_zero_fraction(out, from, comma);
}

void
conv_int(const char *v, int comma, struct sbuf *out)
{
    size_t from = out->len;
    sbuf_adds(out, v);
    char *dot = strchr(out->p + from, comma ? ',' : '.');
    if (dot && dot[1] && strspn(dot + 1, "0") == strlen(dot + 1)) {
        *dot = '\0';
        out->len = (size_t)(dot - out->p);
    }
}

void
conv_domain(const char *v, struct sbuf *out)
{
    const char *p = v;
    if (!strncasecmp(p, "https://", 8))
        p += 8;
    else if (!strncasecmp(p, "http://", 7))
        p += 7;
    if (!strncasecmp(p, "www.", 4))
        p += 4;
    size_t n = strcspn(p, "/?#");
    if (p != v || p[n]) /* a web address: its host */
        sbuf_add(out, p, n);
    else
        sbuf_adds(out, v);
}

void
conv_email(const char *v, struct sbuf *out)
{
    const char *lt = strchr(v, '<'), *gt = lt ? strchr(lt, '>') : NULL;
    if (!strncasecmp(v, "mailto:", 7))
        v += 7;
    if (lt && gt && gt[1] == '\0') /* "Ann Lee <ann@example.com>" */
        sbuf_add(out, lt + 1, (size_t)(gt - lt - 1));
    else
        sbuf_adds(out, v);
}

void
conv_period(const char *v, struct sbuf *out)
{
    size_t from = out->len;
    sbuf_adds(out, v);
    char *s = out->p + from;
    for (char *p = s; *p; p++)
        *p = (char)toupper((unsigned char)*p);
    if (strncmp(s, "THIS-", 5) == 0 || strncmp(s, "LAST-", 5) == 0 ||
        strncmp(s, "NEXT-", 5) == 0) {
        for (char *p = s; *p; p++)
            *p = (char)tolower((unsigned char)*p);
    }
}

void
conv_trim_end(const char *v, struct sbuf *out)
{
    size_t n = strlen(v);
    while (n && (v[n - 1] == ' ' || v[n - 1] == '\t'))
        n--;
    sbuf_add(out, v, n);
}
