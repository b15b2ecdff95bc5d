/* Unit tests: the dedupe normalisers (lib/dedupe.c) and where_test (lib/filter.c). */
#include <stdlib.h>

#include "dedupe.h"
#include "filter.h"
#include "tap.h"

static void
is_key(char *got, const char *want, const char *name)
{
    is_str(got, want, "%s", name);
    free(got);
}

static void
t_email(void)
{
    is_key(dedupe_email(" Jane.Doe+News@GMail.com "), "janedoe@gmail.com", "gmail: case, dots, +tag");
    is_key(dedupe_email("j.a.n.e@googlemail.com"), "jane@gmail.com", "googlemail is gmail");
    is_key(dedupe_email("Jane.Doe+x@Example.com"), "jane.doe+x@example.com",
           "other domains: case only");
    is_key(dedupe_email("ｊａｎｅ＠ｅｘａｍｐｌｅ．ｃｏｍ"), "jane@example.com", "full-width (NFKC)");
    is_key(dedupe_email("no-at-sign"), NULL, "not an address: no key");
}

static void
t_phone(void)
{
    int i1, i2;
    char *a = dedupe_phone("+1 (555) 010-2000", &i1), *b = dedupe_phone("555.010.2000", &i2);
    is_str(a, "15550102000", "international digits");
    is_str(b, "5550102000", "national digits");
    ok(i1 && !i2, "which is which");
    ok(dedupe_phone_match(a, i1, b, i2), "match behind a country code");
    free(a);
    free(b);
    a = dedupe_phone("0049 30 1234567", &i1);
    b = dedupe_phone("030 1234567", &i2);
    is_str(a, "49301234567", "00 prefix is international");
    is_str(b, "301234567", "trunk 0 dropped");
    ok(dedupe_phone_match(a, i1, b, i2), "DE with and without country code");
    free(b);
    b = dedupe_phone("+44 30 1234567", &i2);
    ok(!dedupe_phone_match(a, i1, b, i2), "two different country codes differ");
    free(a);
    free(b);
    a = dedupe_phone("555-0100 x23", &i1);
    is_str(a, "5550100", "extension dropped");
    free(a);
    is_key(dedupe_phone("12-34", &i1), NULL, "too short: no key");
}

static void
t_text(void)
{
    is_key(dedupe_text("  José  MÜLLER-Lüdenscheid "), "jose muller ludenscheid",
           "accents, case, punctuation, spaces");
    is_key(dedupe_text("Ｊｏｓｅ　Ｍｕｌｌｅｒ"), "jose muller", "full-width letters and space");
    is_key(dedupe_text("Straße"), "strasse", "case folding: ß");
    is_key(dedupe_text("北京 公司"), "北京 公司", "CJK kept");
    is_key(dedupe_text(" ,. "), NULL, "nothing left: no key");
    is_key(dedupe_company("Acme, Inc."), "acme", "legal form dropped");
    is_key(dedupe_company("Müller GmbH & Co. KG"), "muller", "several legal words");
    is_key(dedupe_company("Inc"), "inc", "a name that is only a legal word stays");
    is_key(dedupe_company("Díaz S.A."), "diaz", "S.A. is SA, a legal form");
    is_key(dedupe_company("Díaz SA"), "diaz", "SA");
    is_key(dedupe_company("Smith, Jones & Co"), "smith jones", "& and punctuation");
    is_key(dedupe_company("Smith Jones and Co."), "smith jones", "and");
    is_key(dedupe_company("Schmidt und Partner GmbH"), "schmidt partner", "und");
    is_key(dedupe_company("北京科技有限公司"), "北京科技", "有限公司");
    is_key(dedupe_company("北京科技股份有限公司"), "北京科技", "股份有限公司, the longest");
    is_key(dedupe_company("北京科技"), "北京科技", "no legal form");
    is_key(dedupe_company("株式会社トヨタ"), "トヨタ", "株式会社 before");
    is_key(dedupe_company("トヨタ株式会社"), "トヨタ", "株式会社 after");
    is_key(dedupe_company("有限公司"), "有限公司", "only a legal form: it stays");
    is_key(dedupe_company("Acme Pte. Ltd."), "acme", "two trailing legal forms");
    is_key(dedupe_company("O'Neil Holdings BV"), "oneil holdings", "apostrophe");
    is_key(dedupe_company("Andersen Consulting"), "andersen consulting", "'and' only as a word");
    is_key(dedupe_company("Apex Systems Inc"), "apex systems", "look-alike 1");
    is_key(dedupe_company("Apex Solutions Inc"), "apex solutions", "look-alike 2");
    is_key(dedupe_company(" . "), NULL, "nothing left: no key");
    {
        char buf[64];
        is_str(dedupe_company_domain("ivy@ChenTech.example", buf, sizeof buf), "chentech.example",
               "a company domain, lowercased");
        is_str(dedupe_company_domain("wang@qq.com", buf, sizeof buf), NULL, "free mail: none");
    }
}

static void
t_where(void)
{
    struct where w;
    struct err e;
    sdate today = date_from_ymd(2026, 11, 27);
    memset(&w, 0, sizeof w);
    ok(where_parse(&w, "score >= 10", &e) == 0, "parse");
    ok(where_test(&w, "12", today) && !where_test(&w, "9", today) && !where_test(&w, "", today),
       ">= compares numbers; not set fails");
    where_release(&w);
    memset(&w, 0, sizeof w);
    where_parse(&w, "email ~ @GMAIL\\.", &e);
    ok(where_test(&w, "x@gmail.com", today) && !where_test(&w, "x@mail.com", today),
       "~ is a case-insensitive regex");
    where_release(&w);
    memset(&w, 0, sizeof w);
    where_parse(&w, "company =", &e);
    ok(where_test(&w, "", today) && !where_test(&w, "x", today), "= with no value: not set");
    where_release(&w);
    memset(&w, 0, sizeof w);
    ok(where_parse(&w, "segment enterprise", &e) != 0, "no operator is an error");
    where_release(&w);
}

int
main(void)
{
    t_email();
    t_phone();
    t_text();
    t_where();
    return done_testing();
}
