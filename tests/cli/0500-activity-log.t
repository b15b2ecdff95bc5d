#!/bin/sh
# activity-log, activity-list, activity-done: flags, stdin, the touch rule, bad input.
. "${SALES_SRC:-.}/tests/cli/lib.sh"

rep-add alice --name "Alice A" >/dev/null
rep-add bob --name "Bob B" >/dev/null
SALES_NOW=2026-11-01T08:00:00Z lead-add --name "Jane Roe" --company Acme --owner alice >/dev/null
SALES_NOW=2026-11-01T08:00:00Z account-add --name Acme --owner alice >/dev/null
SALES_NOW=2026-11-01T08:00:00Z contact-add --name "Jane Roe" --account A1 >/dev/null
SALES_NOW=2026-11-01T08:00:00Z deal-add --name "Acme deal" --account A1 --owner alice >/dev/null
SALES_NOW=2026-11-01T08:00:00Z deal-add --name "Other deal" --owner bob >/dev/null

run activity-log --type call --channel phone --rep alice --lead L1 --subject "Intro call" \
    --outcome "interested" --duration 15 --date 2026-11-26T14:00:00Z
rc_is 0 "log a call"
out_is "prints the new id" <<'X'
T1
X
run lead-list -c id,updated
out_is "the lead's updated is now" <<'X'
id,updated
L1,2026-11-27T09:30:00Z
X
run deal-list -c id,updated
out_is "deals untouched by a lead activity" <<'X'
id,updated
D1,2026-11-01T08:00:00Z
D2,2026-11-01T08:00:00Z
X

run activity-log --type task --rep alice --deal D1 --subject "Send proposal" --due +3d
out_is "a task; the date defaults to now" <<'X'
T2
X
run deal-list -c id,updated
out_is "the deal's updated is now" <<'X'
id,updated
D1,2026-11-27T09:30:00Z
D2,2026-11-01T08:00:00Z
X

# many from stdin, touching a lead and two deals: one rewrite each
printf 'type,channel,rep,deal,lead,subject,date\nemail,email,bob,D2,,Hello,2026-11-20\nmeeting,zoom,alice,D1,L1,"Demo, part 1",2026-11-25T10:00:00Z\n' >"$T/in.csv"
SALES_NOW=2026-11-27T10:00:00Z run activity-log --rep alice - <"$T/in.csv"
out_is "many from CSV on stdin" <<'X'
T3
T4
X
run activity-list -c id,date,rep,type,channel,lead,deal,subject,due
out_is "activity-list" <<'X'
id,date,rep,type,channel,lead,deal,subject,due
T1,2026-11-26T14:00:00Z,alice,call,phone,L1,,Intro call,
T2,2026-11-27T09:30:00Z,alice,task,,,D1,Send proposal,2026-11-30
T3,2026-11-20,bob,email,email,,D2,Hello,
T4,2026-11-25T10:00:00Z,alice,meeting,zoom,L1,D1,"Demo, part 1",
X
run deal-list -c id,updated
out_is "both deals touched" <<'X'
id,updated
D1,2026-11-27T10:00:00Z
D2,2026-11-27T10:00:00Z
X
run sh -c "grep -c '^2026-11-27T10:00:00Z,tester,activity-log' '$D/history.csv'"
out_is "history: a created row per activity, none for updated" <<'X'
2
X

echo '[{"type":"chat","channel":"web","lead":"L1","rep":"bob","date":"2026-11-27"}]' |
    run activity-log -
out_is "from JSON" <<'X'
T5
X

run activity-list --owner bob --since 2026-11-21 -c id,rep,type
out_is "--owner is the rep, --since the date" <<'X'
id,rep,type
T5,bob,chat
X
run activity-list --where 'due =' --where 'type != note' --period 2026-11 -c id
out_is "--where on activities" <<'X'
id
T1
T3
T4
T5
X

# bad input: exit 1, nothing written
snap
run activity-log --type lunch --rep alice
rc_is 1 "a bad type"
err_is "names the bad type" <<'X'
activity-log: bad type 'lunch' (expected call, email, meeting, demo, chat, social, note, task)
X
unchanged "nothing written"
run activity-log --type call --deal D9
rc_is 1 "an unknown deal"
err_is "names the unknown deal" <<'X'
activity-log: unknown deal 'D9' (not in deals.csv)
X
run activity-log --type call --due someday
rc_is 1 "a bad due date"
printf 'type,lead\ncall,L1\ncall,L7\n' | run activity-log -
rc_is 1 "a bad record on stdin"
err_is "says where" <<'X'
activity-log: <stdin>:3: unknown lead 'L7' (not in leads.csv)
X
unchanged "nothing written by any of them"
run activity-log --typo call
rc_is 2 "an unknown option is a usage error"

# activity-done
run activity-done T2 --outcome "sent"
rc_is 0 "mark a task done"
run activity-list -c id,done,outcome --where 'id = T2'
out_is "done now, with the outcome" <<'X'
id,done,outcome
T2,2026-11-27T09:30:00Z,sent
X
SALES_NOW=2026-11-28T09:00:00Z run activity-done T2 --date yesterday
run activity-list -c id,done --where 'id = T2'
out_is "already done keeps its done time" <<'X'
id,done
T2,2026-11-27T09:30:00Z
X
run activity-done --reopen T2
run activity-list -c id,done --where 'id = T2'
out_is "--reopen clears it" <<'X'
id,done
T2,
X
snap
run activity-done T2 T99
rc_is 1 "an unknown id"
err_is "names it" <<'X'
activity-done: unknown activity 'T99' (not in activities.csv)
X
unchanged "and changes nothing"
run activity-done
rc_is 2 "no id is a usage error"
is "$(head -n 1 "$T/err")" "activity-done: missing operand: ID" "the missing id named"
run activity-done --reopen --outcome x T2
rc_is 2 "--reopen with --outcome is a usage error"
run sh -c "tail -1 '$D/history.csv'"
out_is "history of done" <<'X'
2026-11-27T09:30:00Z,tester,activity-done,activities,T2,done,2026-11-27T09:30:00Z,
X
# a deals.csv whose updated column was deleted in a spreadsheet: the activity
# is logged, the deal is left as it is (and keeps having no such column)
cp "$D/deals.csv" "$T/deals.keep"
cut -d, -f1-18 "$T/deals.keep" >"$D/deals.csv"
cp "$D/deals.csv" "$T/deals.noupdated"
run activity-log --type call --rep bob --deal D2 --subject "No updated column"
rc_is 0 "deals.csv without updated: the activity is logged"
is "$(tail -n 1 "$D/activities.csv" | cut -d, -f3,4,9,10)" "bob,call,D2,No updated column" "... as given"
cmp -s "$D/deals.csv" "$T/deals.noupdated"
ok $? "... and deals.csv is unchanged"
cp "$T/deals.keep" "$D/deals.csv"

done_testing
