/* Unit test: a long enum list in a message. schema_enum_list wrote into a
 * static 256-byte buffer and, once the list passed it, snprintf's length
 * ran the offset past the end (found by make SANITIZE=1: a global buffer
 * overflow). The list now goes into the caller's buffer, whole. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "schema.h"
#include "tap.h"
#include "text.h"

int
main(void)
{
    static char names[40][16];
    const char *enums[41];
    struct column_def c = {"kind", CT_ENUM, 0, NULL, enums, 0, 0, "a long enum"};
    struct value_ctx vc = {0};
    struct sbuf want = {0};
    struct err e;
    char *v;

    for (int i = 0; i < 40; i++) {
        snprintf(names[i], sizeof names[i], "value-number-%02d", i);
        enums[i] = names[i];
        sbuf_addf(&want, "%s%s", i ? ", " : "", names[i]);
    }
    enums[40] = NULL;
    ok(want.len > 256, "the list is longer than the old 256-byte buffer (%zu bytes)", want.len);

    v = schema_normalize(&c, "nothing-of-the-sort", &vc, &e);
    ok(!v, "a value not in the list is refused");
    free(v);
    ok(strncmp(e.msg, "bad kind 'nothing-of-the-sort' (expected value-number-00, ",
               strlen("bad kind 'nothing-of-the-sort' (expected value-number-00, ")) == 0,
       "and the message names the values: %s", e.msg);

    v = schema_normalize(&c, "Value-Number-39", &vc, &e);
    is_str(v, "value-number-39", "the last value is still one of them");
    free(v);
    sbuf_release(&want);
    return done_testing();
}
