/* Unit tests: the rules that have one home each (issue 12 item 3). Each
 * test asks every module that applies a rule and checks they agree, so a
 * second definition that disagrees fails here. */
#include <stdlib.h>
#include <string.h>

#include "dedupe.h"
#include "lifecycle.h"
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
    is_str(lead_company_domain("\"a@b\"@Example.COM", buf, sizeof buf), "example.com",
           "lead conversion: the last '@', as dedupe");
    free(key);
    is_str(lead_company_domain("jane@GMail.com", buf, sizeof buf), NULL,
           "lead conversion: a free-mail domain names no company");
    is_str(lead_company_domain("jane@example.com", buf, 8), NULL,
           "lead conversion: a domain too long for the caller's buffer is none");
}

int
main(void)
{
    t_email_domain();
    return done_testing();
}
