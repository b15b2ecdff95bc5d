/* Unit tests: the rules that have one home each (issue 12 item 3). Each
 * test asks every module that applies a rule and checks they agree, so a
 * second definition that disagrees fails here. */
#include <stdlib.h>
#include <string.h>

#include "dedupe.h"
#include "entities.h"
#include "lifecycle.h"
#include "schema.h"
#include "tap.h"
#include "text.h"

/* an email's domain: text's email_domain, used by dedupe and lifecycle */
static void
t_email_domain(void)
{
    char buf[256];
    char *key;

    is_str(email_domain("jane@example.com"), "example.com", "domain: after the '@'");
    is_str(email_domain("\"a@b\"@example.com"), "example.com",
           "a quoted '@' in the local part: the domain is after the last '@'");
    is_str(email_domain("no-at-sign"), NULL, "no '@': no domain");
    is_str(email_domain("@example.com"), NULL, "nothing before the '@': no domain");
    is_str(email_domain("jane@"), NULL, "nothing after the '@': no domain");

    /* dedupe and lead conversion agree on the same address */
    key = dedupe_email("\"a@b\"@Example.COM");
    is_str(key ? email_domain(key) : NULL, "example.com", "dedupe: the last '@'");
    is_str(dedupe_company_domain("\"a@b\"@Example.COM", buf, sizeof buf), "example.com",
           "lead conversion: the last '@', as dedupe");
    free(key);
    is_str(dedupe_company_domain("jane@GMail.com", buf, sizeof buf), NULL,
           "lead conversion: a free-mail domain names no company");
    is_str(dedupe_company_domain("jane@example.com", buf, 8), NULL,
           "lead conversion: a domain too long for the caller's buffer is none");
}

static const char *
folded(const char *s, unsigned flags)
{
    static struct sbuf b; /* a test's convenience, released at exit */
    text_fold(s, flags, &b);
    return b.p;
}

/* name folding: text's text_fold, used by dedupe and lead conversion (and,
 * after the import split, by import's references and translations) */
static void
t_text_fold(void)
{
    struct sbuf b = {0};
    char *x, *y;

    is_str(folded("MÜLLER", 0), "müller", "fold: Unicode case folding");
    is_str(folded("Müller", 0), folded("MÜLLER", 0), "fold: \"MÜLLER\" is \"Müller\"");
    is_str(folded("Mu\xcc\x88ller", 0), "müller", "fold: NFKC composes a decomposed umlaut");
    is_str(folded("ＡＣＭＥ", 0), "acme", "fold: full-width letters (NFKC)");
    is_str(folded("  Acme \t  Corp\t", 0), "acme corp", "fold: blanks trimmed, runs one space");
    is_str(folded("Straße", 0), "strasse", "fold: ß folds as ss");
    is_str(folded("Müller", TEXT_FOLD_UNACCENT), "muller", "fold: unaccented on request");
    is_str(folded("", 0), "", "fold: the empty string");
    is_int(text_fold("AB\xff C", 0, &b), -1, "fold: bad UTF-8 is -1");
    is_str(b.p, "ab\xff c", "fold: and ASCII-lowered, blanks the same");
    sbuf_release(&b);
    ok(text_fold_eq("MÜLLER GmbH", "Müller  GmbH"), "text_fold_eq: same name");
    ok(!text_fold_eq("Müller", "Muller"), "text_fold_eq: accents matter");

    /* dedupe agrees: the same name gives the same key */
    x = dedupe_text("MÜLLER");
    y = dedupe_text("Müller");
    is_str(x, y, "dedupe: \"MÜLLER\" and \"Müller\" are one name");
    free(x);
    free(y);
    x = dedupe_email("Jane.MÜLLER@Example.com");
    y = dedupe_email("jane.müller@example.com");
    is_str(x, y, "dedupe: an email folds as a name does");
    free(x);
    free(y);
}

/* a probability: schema's schema_percent, by which schema_normalize checks
 * input and deal_read reads deals.csv */
static void
t_percent(void)
{
    static const char *const cases[] = {"0", "50", "100", "101", "-1", "", "5x", "50.5", " 7",
                                        NULL};
    const struct column_def *c = &schema_deals.cols[schema_col(&schema_deals, "probability")];
    struct value_ctx vc = {0};
    struct err e;
    int p = -7;

    ok(schema_percent("100", &p) == 0 && p == 100, "percent: 100 is the most");
    ok(schema_percent("0", &p) == 0 && p == 0, "percent: 0 is the least");
    ok(schema_percent("101", &p) < 0 && p == 0, "percent: 101 is not one, *out untouched");
    ok(schema_percent("-1", &p) < 0, "percent: -1 is not one");
    ok(schema_percent("", &p) < 0, "percent: empty is not one");
    for (const char *const *v = cases; *v; v++) {
        char *n = schema_normalize(c, *v, &vc, &e);
        int want = schema_percent(*v, &p) == 0;
        ok(!n == !want || (!**v && n && !*n),
           "percent: schema_normalize agrees with schema_percent on '%s'", *v);
        free(n);
    }
}

/* won/lost: entities' stage_state, by which stages_load and sales-check
 * judge a stage */
static void
t_stage_state(void)
{
    is_int(stage_state("won"), DEAL_WON, "stage: won");
    is_int(stage_state("Lost"), DEAL_LOST, "stage: lost in any case");
    is_int(stage_state("negotiation"), DEAL_OPEN, "stage: any other is open");
    is_int(stage_state("won "), DEAL_OPEN, "stage: the name exactly, blanks and all");
}

int
main(void)
{
    t_percent();
    t_stage_state();
    t_email_domain();
    t_text_fold();

    return done_testing();
}
