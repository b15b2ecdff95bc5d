/*
 * dedupe.h — likely duplicates among leads, contacts or accounts, and
 * merging two records into one (lead-dedupe).
 *
 * Keys compared (two records match on a key when both have it and the
 * keys are equal):
 * - email: trimmed, lowercased; for gmail.com and googlemail.com the dots
 *   of the local part and a +tag are dropped and the domain is gmail.com;
 * - phone: the digits (an extension after x or ext dropped), at least 7;
 *   "+CC..." and "00CC..." are international, a national number's leading
 *   trunk 0 is dropped; an international and a national number match when
 *   the international one is the national one behind a 1-3 digit
 *   country code;
 * - name+company (leads), name+account (contacts), name (accounts):
 *   text_fold (NFKC, case folded, accents stripped), punctuation as space,
 *   spaces collapsed; a company by dedupe_company;
 * - domain (accounts): lowercased, without a leading www.;
 * - name@domain (leads, contacts): the name as above and the email's
 *   domain, unless a free-mail one (dedupe_company_domain): the same
 *   person at the same company, whether a company is given or not. It
 *   counts only for pairs that share neither email nor name+company.
 * Confidence per reason: email 0.95, phone 0.80, domain 0.90, name 0.75,
 * name@domain 0.70; several reasons combine as 1 - prod(1 - c), at most
 * 0.99.
 *
 * Includes store.
 */
#ifndef SALES_DEDUPE_H
#define SALES_DEDUPE_H

#include "store.h"

/* The normalisers, each newly allocated; NULL when s gives no key. */
char *dedupe_email(const char *s);
char *dedupe_phone(const char *s, int *international);
char *dedupe_text(const char *s);    /* NFKC + case fold + no accents + no punctuation */
/* dedupe_company: the one normal form of a company name: as dedupe_text,
 * but dots and apostrophes dropped ("S.A." is "sa"), '&', "and", "und"
 * and "et" left out, and legal forms dropped: trailing words (Inc, LLC,
 * Ltd, GmbH, AG, SA, SARL, BV, KK, Co, Corp, ...: "Müller GmbH & Co. KG" is
 * "muller") and, written without spaces, 股份有限公司, 有限公司, 株式会社
 * (before or after), 주식회사, ... A name that is nothing but a legal
 * form stays ("Inc" is "inc"). */
char *dedupe_company(const char *s);

/* dedupe_company_domain: the company domain of an email address (its
 * email_domain(), lowercased) written into buf[n]; returns buf, or NULL
 * for no domain, one that does not fit, or a free-mail provider
 * (gmail.com, outlook.com, qq.com, ...). The one list of free-mail
 * domains (lead conversion uses it too). */
const char *dedupe_company_domain(const char *email, char *buf, size_t n);

/* dedupe_phone_match: 1 when two dedupe_phone keys are the same number. */
int dedupe_phone_match(const char *a, int intl_a, const char *b, int intl_b);

struct dedupe_pair {
    char *keep, *drop; /* keep: the older record (lower id number) */
    char *keep_name, *drop_name;
    char reason[64];   /* "email+phone" */
    double confidence;
};

/* dedupe_find: candidate pairs in ent's file (leads, contacts or
 * accounts), by confidence (highest first), then keep and drop ids.
 * Each group of records sharing a key gives pairs of its oldest record
 * with each other one. *out newly allocated (dedupe_pairs_free). */
long dedupe_find(struct store *s, const struct entity_def *ent, struct dedupe_pair **out,
                 struct err *e);
void dedupe_pairs_free(struct dedupe_pair *v, long n);

/* dedupe_merge: merge record drop into keep, under one lock: every column
 * keeps keep's value, an empty one takes drop's, free-text notes are
 * joined (keep's, a blank line, drop's); keep's updated is now; every
 * reference to drop in the other files (activities, deals, contacts,
 * subscriptions, feedback: each column that refers to ent) is pointed at
 * keep; drop is removed. History holds a row per changed field, per
 * re-pointed reference and per non-empty field of the removed record, so
 * nothing is lost. All of it is one transaction (store.h): every file
 * changes, or none. *changes (newly allocated: release each with
 * fieldset_release, then free) are the history rows written. */
int dedupe_merge(struct store *s, const struct entity_def *ent, const char *keep, const char *drop,
                 struct fieldset **changes, size_t *nchanges, struct err *e);

#endif
