#!/bin/sh
# One rule for "the same name" (text_fold): an import's reference by name
# finds the account dedupe and lead-convert would call the same.
. "${SALES_SRC:-.}/tests/cli/lib.sh"

account-add --name 'Müller GmbH' >/dev/null
printf 'name,account\nJo Ko,MÜLLER GMBH\nIo Lu,müller   gmbh\nXi Yu,Mueller GmbH\n' >"$T/c.csv"
run sales-import -q --partial contacts "$T/c.csv"
rc_is 0 "references by name, in other cases and spacing"
grep -q "c.csv:4: unknown account 'Mueller GmbH'" "$T/err"
ok $? "a different spelling is not the same name"
run contact-list -f csv
out_is "find the account whose name folds the same" <<'X'
id,created,account,name,email,phone,title,updated
C1,2026-11-27T09:30:00Z,A1,Jo Ko,,,,2026-11-27T09:30:00Z
C2,2026-11-27T09:30:00Z,A1,Io Lu,,,,2026-11-27T09:30:00Z
X
account-add --name 'MÜLLER GMBH' >/dev/null
run lead-dedupe --entity accounts -f csv
is "$(cut -d, -f1,2 "$T/out")" "keep,drop
A1,A2" "and dedupe pairs the two accounts by the same rule"
done_testing
