#!/bin/sh
# --add-column of a column the schema knows but the file was saved without
# (removed in a spreadsheet): it comes back, its values checked by its type.
. "${SALES_SRC:-.}/tests/cli/lib.sh"

lead-add --name Ann --segment b2b >/dev/null || echo "Bail out! setup failed"
C=2026-11-27T09:30:00Z
cut -d, -f1-7,9- "$D/leads.csv" >"$T/l" && cat "$T/l" >"$D/leads.csv" # no segment column

snap
run lead-update L1 --segment saas
rc_is 1 "the file lacks segment: exit 1"
err_is "says how" <<'X'
lead-update: leads.csv has no column 'segment' (--add-column adds it)
X
run lead-update L1 --segment bogus --add-column
rc_is 1 "a bad value for the known column: exit 1"
err_is "checked by the column's type" <<'X'
lead-update: bad segment 'bogus' (expected b2c, b2b, enterprise, saas)
X
unchanged "nothing written"
run lead-update L1 --segment SaaS --add-column
rc_is 0 "added"
file_is "$D/leads.csv" "at the end, in its stored form" <<X
id,created,name,company,email,phone,source,owner,status,score,updated,notes,segment
L1,$C,Ann,,,,,,new,,$C,,saas
X
done_testing
