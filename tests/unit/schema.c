/* Unit tests for schema: the one rule for a well-formed id (schema_id_valid). */
#include "tap.h"

#include "schema.h"

int
main(void)
{
    static const char *const good[] = {"L1", "L12", "L999999999999999", NULL};
    static const char *const bad[] = {
        "",    "L",   "L0",     "L007", "l7", "L-5", "L+5",
        "L 8", "L8 ", "../etc", "=cmd", "D9", "LL9", "L1000000000000000",
        "L1x", NULL};
    for (const char *const *p = good; *p; p++)
        ok(schema_id_valid(&schema_leads, *p), "lead id '%s' is well formed", *p);
    for (const char *const *p = bad; *p; p++)
        ok(!schema_id_valid(&schema_leads, *p), "lead id '%s' is not", *p);

    ok(schema_id_valid(&schema_deals, "D9"), "D9 is a deal's id");
    ok(!schema_id_valid(&schema_deals, "L9"), "L9 is not");
    ok(schema_id_valid(&schema_activities, "T3"), "T3 is an activity's id");
    ok(schema_id_valid(&schema_feedback, "F5"), "F5 is feedback's");
    ok(schema_id_valid(&schema_subscriptions, "S2"), "S2 is a subscription's");
    ok(schema_id_valid(&schema_reps, "alice.b-2_x"), "a rep's id is a handle");
    ok(!schema_id_valid(&schema_reps, "Alice"), "not with capitals");
    ok(!schema_id_valid(&schema_reps, "=cmd"), "nor '='");
    ok(!schema_id_valid(&schema_quotas, "Q1"), "quotas have no ids");
    ok(!schema_id_valid(&schema_stages, "won"), "nor stages");

    char form[80], other[80];
    is_str(schema_id_form(&schema_accounts, form, sizeof form),
           "A and a number without leading zeros, such as A12", "the form, for messages");
    is_str(schema_id_form(&schema_reps, other, sizeof other),
           "a handle: lowercase letters, digits, '.', '_', '-'", "a rep's");
    is_str(form, "A and a number without leading zeros, such as A12",
           "in the caller's buffer: a second call leaves the first alone");
    return done_testing();
}
