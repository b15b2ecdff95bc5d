#!/bin/sh
# The layers: lib/'s includes agree with the table in lib/README.md
# (tools/check-layers.sh, run by make lint), and the check fails, saying
# where, on an include it must not allow, planted in a copy of lib/.
. "${SALES_SRC:-.}/tests/cli/lib.sh"

run sh "$SRC/tools/check-layers.sh" "$SRC"
rc_is 0 "the tree keeps its layers"
out_is "and the check has nothing to say" </dev/null

# A copy of lib/ to plant includes in, one at a time.
fresh() {
    rm -rf "$T/tree"
    mkdir -p "$T/tree"
    cp -R "$SRC/lib" "$T/tree/lib"
}
check() { run sh "$SRC/tools/check-layers.sh" "$T/tree"; }

fresh
check
rc_is 0 "a copy of lib/ passes"

fresh
sed -i '1i #include "reports.h"' "$T/tree/lib/store.c"
check
rc_is 1 "store including reports fails"
out_is "an upward include is named with both layers" <<'X'
lib/store.c:1: includes reports.h (layer 5), above its own layer 3
X

fresh
sed -i '1i #include "output.h"' "$T/tree/lib/table.c"
check
rc_is 1 "an include within one layer fails"
out_is "and says it is the module's own layer" <<'X'
lib/table.c:1: includes output.h (layer 2), in its own layer 2
X

fresh
sed -i '1i #include "series.h"' "$T/tree/lib/forecast/fc_stat.c"
check
out_is "a folder's files are checked too" <<'X'
lib/forecast/fc_stat.c:1: includes series.h (layer 6), above its own layer 1
X

fresh
printf '#include <csv.h>\n#include <jansson.h>\n' >>"$T/tree/lib/text.h"
mkdir -p "$T/tree/cmd"
printf '#include <stdio.h>\n#include <jansson.h>\n' >"$T/tree/cmd/x.c"
check
rc_is 1 "libcsv and jansson outside csvio and jsonio fail"
n=$(wc -l <"$SRC/lib/text.h")
out_is "each include is named" <<X
lib/text.h:$((n + 1)): includes <csv.h>: only csvio calls libcsv
lib/text.h:$((n + 2)): includes <jansson.h>: only jsonio calls jansson
cmd/x.c:2: includes <jansson.h>: only jsonio calls jansson
X

fresh
printf '#include "err.h"\n' >"$T/tree/lib/newmod.c"
check
rc_is 1 "a module not in the table fails"
out_is "and is named" <<'X'
lib/newmod.c: not in the layer table of lib/README.md
X

# lib/import/: its files are the module "import", and checked as it.
fresh
sed -i '1i #include "verbs.h"' "$T/tree/lib/import/run.c"
check
out_is "a folder's file is checked as the module it is named for" <<'X'
lib/import/run.c:1: includes verbs.h (layer 7), above its own layer 6
X
done_testing
