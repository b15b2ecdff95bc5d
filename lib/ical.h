/*
 * ical.h — writing RFC 5545 iCalendar text: content lines with CRLF ends,
 * folded at 75 octets without splitting a UTF-8 sequence, TEXT values
 * escaped (backslash, semicolon, comma, line breaks), DATE and UTC
 * DATE-TIME values, and UIDs that stay the same from run to run.
 *
 * The caller builds the calendar into a struct sbuf and decides what goes
 * in it; this module only gets the syntax right. Includes text.h
 * and value.h.
 */
#ifndef SALES_ICAL_H
#define SALES_ICAL_H

#include <stdint.h>

#include "text.h"
#include "value.h"

/* ical_line: "NAME:VALUE" as a folded content line ending in CRLF. name may
 * carry parameters ("DUE;VALUE=DATE"); value is put as given (already in
 * the property's syntax). */
void ical_line(struct sbuf *b, const char *name, const char *value);

/* ical_text: the same for a TEXT value: value is escaped first; other
 * control characters than tab become spaces. */
void ical_text(struct sbuf *b, const char *name, const char *value);

/* ical_escape: append the TEXT escape of s to b (no folding). */
void ical_escape(struct sbuf *b, const char *s);

/* ical_fold: append line[0..n) (no CRLF in it) folded: at most 75 octets
 * per physical line, continuation lines starting with one space, never
 * between the bytes of one UTF-8 character; then CRLF. */
void ical_fold(struct sbuf *b, const char *line, size_t n);

/* ical_date: "20261127" into buf (at least 9 bytes). Returns buf. */
char *ical_date(sdate d, char *buf);

/* ical_utc: "20261127T093000Z" into buf (at least 17 bytes). Returns buf. */
char *ical_utc(int64_t t, char *buf);

/* ical_uid: "ID-HHHHHHHHHHHHHHHH@salesutils" into buf (at least 96 bytes):
 * the record id and a 64-bit FNV-1a hash of where (the data directory),
 * so one record keeps its UID across runs and two data directories do not
 * share UIDs. Returns buf. */
char *ical_uid(const char *id, const char *where, char *buf, size_t n);

#endif
