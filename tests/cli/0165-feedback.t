#!/bin/sh
# feedback-add and feedback-list: a score 0-10 (required), the date
# defaulting to now, many from stdin (a bad score refused with its line,
# nothing written), references checked, the list filters.
. "${SALES_SRC:-.}/tests/cli/lib.sh"

NOW=2026-11-27T09:30:00Z
{ account-add --name Acme && account-add --name Beta &&
    contact-add --name Jane --account A1; } >/dev/null || echo "Bail out! setup failed"

run feedback-add --account A1 --contact C1 --score 9 --channel web --comment "Great support, fast"
rc_is 0 "feedback-add from flags"
out_is "prints the new id" <<'X'
F1
X
run feedback-add - <<'X'
date,account,score,channel,comment
2026-10-05,A2,3,email,"Slow, and the invoice was wrong"
2026-11-20T14:00:00Z,A1,7,Phone,
2026-11-21,A2,10,web,"She said ""wow"""
X
rc_is 0 "feedback-add - (CSV on stdin)"
out_is "one id per record" <<'X'
F2
F3
F4
X
run feedback-add -n --account A2 --score 0
rc_is 0 "--dry-run"
out_is "the id it would take" <<'X'
F5
X
file_is "$D/feedback.csv" "stored: date now when not given, text as typed, quoting kept minimal" <<X
id,date,account,contact,score,channel,comment
F1,$NOW,A1,C1,9,web,"Great support, fast"
F2,2026-10-05,A2,,3,email,"Slow, and the invoice was wrong"
F3,2026-11-20T14:00:00Z,A1,,7,Phone,
F4,2026-11-21,A2,,10,web,"She said ""wow"""
X
run sales-history --entity feedback -c command,id,new
out_is "a created row each" <<'X'
command,id,new
feedback-add,F1,created
feedback-add,F2,created
feedback-add,F3,created
feedback-add,F4,created
X

# ---- list
run feedback-list --account A2 -c id,date,score
out_is "--account" <<'X'
id,date,score
F2,2026-10-05,3
F4,2026-11-21,10
X
run feedback-list --channel phone,EMAIL -c id,channel
out_is "--channel: a comma list, any case" <<'X'
id,channel
F2,email
F3,Phone
X
run feedback-list --contact C1 -c id
out_is "--contact" <<'X'
id
F1
X
run feedback-list --since 2026-11-01 --until 2026-11-21 -c id,date
out_is "--since/--until on the date, timestamps by their day" <<'X'
id,date
F3,2026-11-20T14:00:00Z
F4,2026-11-21
X
run feedback-list --period 2026-10 -c id
out_is "--period" <<'X'
id
F2
X
run feedback-list --where 'score <= 6' -c id,comment -f ndjson
out_is "--where on the score, -f ndjson" <<'X'
{"id":"F2","comment":"Slow, and the invoice was wrong"}
X
run feedback-list --sort -score --limit 2 -c id,score
out_is "--sort by score as a number, --limit" <<'X'
id,score
F4,10
F1,9
X

# ---- bad input: exit 1, nothing written
bad() { # bad NAME WANT-STDERR -- CMD...
    _name=$1 _want=$2
    shift 3
    snap
    run "$@"
    rc_is 1 "$_name: exit 1"
    is "$(cat "$T/err")" "$_want" "$_name: message"
    unchanged "$_name: nothing written"
}
bad "a score above 10" "feedback-add: bad score '11' (expected a whole number from 0 to 10)" -- \
    feedback-add --account A1 --score 11
bad "a negative score" "feedback-add: bad score '-1' (expected a whole number from 0 to 10)" -- \
    feedback-add --account A1 --score -1
bad "a score that is not a whole number" "feedback-add: bad score '8.5' (expected a whole number from 0 to 10)" -- \
    feedback-add --account A1 --score 8.5
bad "no score" "feedback-add: feedback needs a score (0-10)" -- \
    feedback-add --account A1 --comment "no number"
bad "a score outside 0-10 on stdin: its line, none added" \
    "feedback-add: <stdin>:4: bad score '12' (expected a whole number from 0 to 10)" -- \
    sh -c 'printf "account,score\nA1,5\nA2,6\nA2,12\nA1,7\n" | feedback-add -'
bad "an empty score on stdin" "feedback-add: <stdin>:2: feedback needs a score (0-10)" -- \
    sh -c 'printf "account,score,comment\nA1,,hm\n" | feedback-add -'
bad "unknown account" "feedback-add: unknown account 'A9' (not in accounts.csv)" -- \
    feedback-add --account A9 --score 5
bad "unknown contact" "feedback-add: unknown contact 'C9' (not in contacts.csv)" -- \
    feedback-add --contact C9 --score 5
bad "a bad date" "feedback-add: bad date 'yesterday-ish' (expected YYYY-MM-DD, an ISO 8601 timestamp, now, today, -3d)" -- \
    feedback-add --account A1 --score 5 --date yesterday-ish
bad "a column not in the file" "feedback-add: <stdin>:2: feedback.csv has no column 'mood'" -- \
    sh -c 'printf "account,score,mood\nA1,5,ok\n" | feedback-add -'

snap
run feedback-add
rc_is 2 "nothing to add: usage"
run feedback-list --owner ann
rc_is 2 "--owner does not apply to feedback"
run feedback-list --stage won
rc_is 2 "--stage does not apply"
unchanged "usage errors write nothing"
run feedback-list --help
rc_is 0 "feedback-list --help"
grep -q '^  --channel V,\.\.\.     channel is one of these$' "$T/out"
ok $? "--help lists --channel"
done_testing
