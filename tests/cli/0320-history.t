#!/bin/sh
# history.csv and sales-history: every change is a row (who, when, which
# command, entity, id, field, old, new); filtered by record, user, entity,
# field and date; listed like any other file.
. "${SALES_SRC:-.}/tests/cli/lib.sh"

at() { _d=$1; _u=$2; shift 2; SALES_NOW="$_d" SALES_USER=$_u "$@" >/dev/null || echo "# setup failed: $*"; }
at 2026-11-01T08:00:00Z alice rep-add ann --team east
at 2026-11-02T08:00:00Z alice lead-add --name Jo --company Parkway --owner ann
at 2026-11-03T08:00:00Z bob lead-update L1 --status qualified --score 40
at 2026-11-04T08:00:00Z bob lead-convert L1 --amount 500
at 2026-11-05T08:00:00Z alice deal-move D1 proposal
at 2026-11-06T08:00:00Z carol deal-close D1 lost --reason "no budget"
at 2026-11-07T08:00:00Z carol quota-set ann 2026-Q4 1000
at 2026-11-08T08:00:00Z alice deal-update D1 --name "Parkway deal"

run sales-history
rc_is 0 "sales-history"
out_is "every change, in order" <<'X'
ts,user,command,entity,id,field,old,new
2026-11-01T08:00:00Z,alice,rep-add,reps,ann,,,created
2026-11-02T08:00:00Z,alice,lead-add,leads,L1,,,created
2026-11-03T08:00:00Z,bob,lead-update,leads,L1,status,new,qualified
2026-11-03T08:00:00Z,bob,lead-update,leads,L1,score,,40
2026-11-04T08:00:00Z,bob,lead-convert,accounts,A1,,,created
2026-11-04T08:00:00Z,bob,lead-convert,contacts,C1,,,created
2026-11-04T08:00:00Z,bob,lead-convert,deals,D1,,,created
2026-11-04T08:00:00Z,bob,lead-convert,leads,L1,status,qualified,converted
2026-11-05T08:00:00Z,alice,deal-move,deals,D1,stage,prospecting,proposal
2026-11-06T08:00:00Z,carol,deal-close,deals,D1,stage,proposal,lost
2026-11-06T08:00:00Z,carol,deal-close,deals,D1,closed,,2026-11-06
2026-11-06T08:00:00Z,carol,deal-close,deals,D1,lost_reason,,no budget
2026-11-07T08:00:00Z,carol,quota-set,quotas,ann/2026-Q4,amount,,1000
2026-11-08T08:00:00Z,alice,deal-update,deals,D1,name,Parkway,Parkway deal
X
cmp -s "$T/out" "$D/history.csv"
ok $? "sales-history with no filter is history.csv as it is"

run sales-history L1 -c ts,command,field
out_is "ID: the changes of one record" <<'X'
ts,command,field
2026-11-02T08:00:00Z,lead-add,
2026-11-03T08:00:00Z,lead-update,status
2026-11-03T08:00:00Z,lead-update,score
2026-11-04T08:00:00Z,lead-convert,status
X
run sales-history ann/2026-Q4 -c id,new
out_is "a quota's id is owner/period" <<'X'
id,new
ann/2026-Q4,1000
X
run sales-history --user carol -c user,command,field
out_is "--user" <<'X'
user,command,field
carol,deal-close,stage
carol,deal-close,closed
carol,deal-close,lost_reason
carol,quota-set,amount
X
run sales-history --entity deal --field stage -c id,old,new
out_is "--entity (singular accepted) and --field" <<'X'
id,old,new
D1,prospecting,proposal
D1,proposal,lost
X
run sales-history --entity leads --user bob -c field,new
out_is "--entity with --user" <<'X'
field,new
status,qualified
score,40
status,converted
X
run sales-history --since 2026-11-06 --until 2026-11-07 -c ts,command --limit 2
out_is "--since/--until on ts, --limit" <<'X'
ts,command
2026-11-06T08:00:00Z,deal-close
2026-11-06T08:00:00Z,deal-close
X
run sales-history --period 2026-W45 -c ts --sort -ts
out_is "--period (ISO week 45: 11-02..11-08), --sort -ts" <<'X'
ts
2026-11-08T08:00:00Z
2026-11-07T08:00:00Z
2026-11-06T08:00:00Z
2026-11-06T08:00:00Z
2026-11-06T08:00:00Z
2026-11-05T08:00:00Z
2026-11-04T08:00:00Z
2026-11-04T08:00:00Z
2026-11-04T08:00:00Z
2026-11-04T08:00:00Z
2026-11-03T08:00:00Z
2026-11-03T08:00:00Z
2026-11-02T08:00:00Z
X
run sales-history --where 'new = created' -c entity,id -f tsv
out_is "--where, tsv" <<'X'
entity	id
reps	ann
leads	L1
accounts	A1
contacts	C1
deals	D1
X
run env SALES_FORCE_TTY=1 sales-history D1 --field lost_reason
out_is "as a table" <<'X'
ts                    user   command     entity  id  field        old  new
2026-11-06T08:00:00Z  carol  deal-close  deals   D1  lost_reason       no budget
X
run sales-history --user nobody
out_is "no match: the header" <<'X'
ts,user,command,entity,id,field,old,new
X

# who: $SALES_USER, else the login name
run env -u SALES_USER lead-add --name Kim
is "$(tail -n 1 "$D/history.csv" | cut -d, -f2)" "$(id -un)" "without SALES_USER: the login name"

# a failed command adds no history row
cp "$D/history.csv" "$T/h"
run deal-move D1 proposal
rc_is 1 "a refused move"
cmp -s "$T/h" "$D/history.csv"
ok $? "adds no history row"

# errors
snap
run sales-history --entity things
rc_is 1 "unknown --entity is bad data"
is "$(head -n 1 "$T/err")" "sales-history: unknown entity 'things'" "unknown entity message"
run sales-history L1 D1
rc_is 2 "two ids"
is "$(head -n 1 "$T/err")" "sales-history: unexpected operand 'D1'" "extra operand message"
run sales-history --owner ann
rc_is 2 "--owner is not a sales-history flag"
run sales-history --since someday
rc_is 1 "bad --since"
err_is "bad date message" <<'X'
sales-history: bad --since 'someday' (expected YYYY-MM-DD, today, yesterday, +14d, -3m)
X
run sales-history --limit x
rc_is 1 "bad --limit"
unchanged "sales-history writes nothing"
sed -i 's/^ts,/when,/' "$D/history.csv"
run sales-history --since 2026-11-01
rc_is 1 "a renamed ts column with a date filter"
is "$(cat "$T/err")" "sales-history: $D/history.csv:1: no 'ts' column (is the header row missing or renamed?)" "FILE:LINE"
run sales-history --user bob
rc_is 0 "filters on other columns still work"
is "$(head -n 1 "$T/out")" "when,user,command,entity,id,field,old,new" "the file's own header"
done_testing
