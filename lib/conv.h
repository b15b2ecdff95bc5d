/*
 * conv.h — values as spreadsheets and other CRMs write them, turned into
 * the canonical text of the data files: amounts with currency signs, digit
 * groups, decimal commas and accounting negatives; dates in a given
 * strptime-like format, or in the one format that fits every value of a
 * column (never a guess where day and month could be swapped).
 *
 * Used by sales-import (every cell) and sales-check --fix (only what it
 * can prove). Includes value.h, text.h and err.h.
 */
#ifndef SALES_CONV_H
#define SALES_CONV_H

#include <stddef.h>

#include "err.h"
#include "text.h"
#include "value.h"

/* How conv_money reads the decimal separator. */
enum conv_decimal {
    CONV_DOT,   /* 1,234.50: '.' is the decimal point, ',' groups digits */
    CONV_COMMA, /* 1.234,50: ',' is the decimal point, '.' groups digits */
    CONV_PROVE, /* either, but only where the text itself proves which */
};

/* conv_money: a spreadsheet amount as minor units. Accepts a currency
 * sign or ISO code before or after the number ($ € £ ¥ ₹, "USD"), digit
 * groups (the other separator, spaces, no-break spaces, '), a leading
 * minus or accounting parentheses for negatives, fraction digits beyond
 * the second when they are zeros, and exact scientific notation (1.2E+06).
 * cur (at least 8 bytes) receives the ISO code found, "$" for the dollar
 * sign (which names several currencies), or "". Returns 0, or -1 with e
 * set to the reason ("digit groups of 3 expected"); a negative amount is
 * returned as such (the caller's column decides whether it may be). */
int conv_money(const char *s, enum conv_decimal dec, money_t *out, char *cur, struct err *e);

/* conv_currency_agrees: 1 when the currency found by conv_money (cur) is
 * compatible with the ISO code code: equal, or "$" and a dollar currency
 * (USD, CAD, AUD, ...). "" agrees with everything. */
int conv_currency_agrees(const char *cur, const char *code);

/* conv_date_fmt: parse s with fmt, a strptime-like format: %Y (4 digits),
 * %y (2 digits: 1969-2068), %m, %d, %e (1 or 2 digits), %b/%B (English
 * month names, any case), %H, %M, %S, %p (AM/PM), %%; a space matches any
 * run of spaces; other characters match themselves. A date-only format
 * also accepts a trailing time (" 14:05", " 2:05 PM", "T09:30:00Z"),
 * which is read when secs is not NULL. *secs is the time of day in
 * seconds, or -1 when none was given. Returns 0, or -1 when s does not
 * fit or is not a real calendar day. */
int conv_date_fmt(const char *s, const char *fmt, sdate *d, int *secs);

/* conv_date_iso: "YYYY-MM-DD" with an optional time after a 'T' or a
 * space (ISO 8601, offsets applied). Returns 0 or -1. */
int conv_date_iso(const char *s, sdate *d, int *secs);

/* conv_date_infer: the format among the common spreadsheet date formats
 * (%d/%m/%Y, %m/%d/%Y, %d.%m.%Y, %m.%d.%Y, %d-%m-%Y, %m-%d-%Y, %Y/%m/%d,
 * %d %b %Y, %b %d %Y, %d-%b-%Y, ...) that reads every one of vals[0..n)
 * (ISO dates and empty values are skipped). Returns the format (static),
 * or NULL: *nfit is then 0 when no format reads them all, or the number of
 * formats that do (2 or more: day and month are ambiguous). */
const char *conv_date_infer(const char *const *vals, size_t n, int *nfit);

/* conv_canonical_when: the length of s (10, or 20 when times is set) when
 * s is already a date as the files hold it ("2026-11-27") or, with times,
 * a UTC timestamp as they hold it ("2026-11-27T09:30:00Z"), and a real one
 * (years 1 to 9999); else 0. Its stored form is then itself: no parsing. */
size_t conv_canonical_when(const char *s, int times);

/* conv_is_iso_date: 1 when s starts with YYYY-MM-DD (for deciding whether
 * a column needs a format at all). */
int conv_is_iso_date(const char *s);

/* The lenient readings of the other column types, each appending the
 * stored form's candidate to out (validate_value then checks it):
 * conv_percent: "50 %", "50.00" -> 50 (a ',' decimal when comma);
 * conv_int: "3.00" -> 3 (likewise);
 * conv_domain: a web address -> its host ("https://www.acme.com/x" ->
 * acme.com); anything else as it is;
 * conv_email: "mailto:a@b.c" and "Ann Lee <a@b.c>" -> a@b.c;
 * conv_period: "2026-q4" -> 2026-Q4, "THIS-QUARTER" -> this-quarter;
 * conv_trim_end: trailing spaces and tabs cut (ids). */
void conv_percent(const char *v, int comma, struct sbuf *out);
void conv_int(const char *v, int comma, struct sbuf *out);
void conv_domain(const char *v, struct sbuf *out);
void conv_email(const char *v, struct sbuf *out);
void conv_period(const char *v, struct sbuf *out);
void conv_trim_end(const char *v, struct sbuf *out);

/* conv_plain_number: 1 when s is a plain decimal number (optional sign,
 * digits, optional fraction with '.' or, when comma, ','): what a
 * spreadsheet guard must leave alone. */
int conv_plain_number(const char *s, int comma);

#endif
