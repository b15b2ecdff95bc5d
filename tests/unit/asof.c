/* Unit tests for asof: a value on a reference day from its changes, the reference day, the hold-out
 * cut. */
#include "tap.h"

#include "asof.h"

/* Changes seen from day 100. */
static void
values(void)
{
    struct asof a;
    int known;

    asof_init(&a);
    is_int(asof_value(&a, 42, &known), 42, "no change: the current value");
    is_int(known, 0, "no change: not known");

    asof_change(&a, 100, 90, 1, 2);
    asof_change(&a, 100, 120, 4, 5);
    asof_change(&a, 100, 95, 2, 3);
    asof_change(&a, 100, 110, 3, 4);
    is_int(asof_value(&a, 42, &known), 3, "the new value of the last change on or before the day");
    is_int(known, 1, "a change tells it");
    is_int(asof_value(&a, 42, NULL), 3, "known may be NULL");
    ok(!asof_wants(&a, 100, 94), "an earlier change than day 95 tells nothing");
    ok(asof_wants(&a, 100, 95), "a change on the same day is later in the file: it tells");
    asof_change(&a, 100, 95, 3, 9);
    is_int(asof_value(&a, 42, NULL), 9, "of two changes on one day the later row wins");
    ok(asof_wants(&a, 100, 100), "a change on the reference day itself counts as before");

    asof_init(&a);
    asof_change(&a, 100, 110, 7, 8);
    asof_change(&a, 100, 105, 6, 7);
    asof_change(&a, 100, 130, 8, 1);
    is_int(asof_value(&a, 42, &known), 6, "only changes after: the old value of the first");
    is_int(known, 1, "a change after tells it too");
    ok(asof_wants(&a, 100, 104), "an earlier change after the day tells");
    ok(!asof_wants(&a, 100, 105), "a second change on the first day after does not");
}

/* FNV-1a as asof.c computes it (basis 1469598103934665603, prime
 * 1099511628211) of "a": 0x44bd8ad473cd9906, which is 6 mod 10 and 5 mod 7. */
static void
refday(void)
{
    is_int(asof_refday("a", 100, 110), 106, "created + h mod 10");
    is_int(asof_refday("a", 100, 107), 105, "created + h mod 7");
    is_int(asof_refday("a", 100, 101), 100, "a one-day life: the day created");
    is_int(asof_refday("a", 100, 100), DATE_NONE, "decided the day created: never seen open");
    is_int(asof_refday("a", 100, 99), DATE_NONE, "decided before created");
    is_int(asof_refday("a", DATE_NONE, 110), DATE_NONE, "no created date");
    is_int(asof_refday("a", 100, DATE_NONE), DATE_NONE, "not decided");
}

static void
cut(void)
{
    sdate d1[] = {5, 1, 4, 2, 3};
    /* 5 days, 0.2 held out: ceil(1) = 1, the last one */
    is_int(asof_holdout_cut(d1, 5, 0.2), 5, "a fifth of five: the last day");
    sdate d2[] = {5, 1, 4, 2, 3};
    /* 0.5: ceil(2.5) = 3 held out, from the third day */
    is_int(asof_holdout_cut(d2, 5, 0.5), 3, "half of five rounds up to three held out");
    sdate d3[] = {7, 7, 7};
    is_int(asof_holdout_cut(d3, 3, 0.01), 7, "at least one held out");
}

int
main(void)
{
    values();
    refday();
    cut();
    return done_testing();
}
