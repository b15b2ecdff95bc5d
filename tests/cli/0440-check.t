#!/bin/sh
# sales-check: nothing on a clean data set; every planted problem in a corrupted
# copy, one line each; --fix repairs what is safe, atomically, with history.
. "${SALES_SRC:-.}/tests/cli/lib.sh"

load() { # ENTITY, CSV on stdin
    cat >"$T/load.csv"
    sales-import -q "$1" "$T/load.csv" || echo "Bail out! cannot load $1"
}
printf '{\n  "currency": "USD",\n  "fiscal_year_start": 1,\n  "stale_days": 30,\n  "rates": {"EUR": "1.08"}\n}\n' >"$D/config.json"
load reps <<'X'
id,name,email,team,manager
carol,Carol Díaz,carol@example.com,east,
alice,Alice Smith,alice@example.com,east,carol
bob,Bob Jones,bob@example.com,west,
X
load accounts <<'X'
name,domain,segment,owner
Acme Corp,acme.example,b2b,alice
Globex,globex.example,enterprise,bob
X
load contacts <<'X'
account,name,email
A1,Jane Roe,jane@acme.example
X
load leads <<'X'
name,company,email,source,segment,owner,status
Kim Lee,Hooli,kim@hooli.example,web,b2b,alice,qualified
X
load deals <<'X'
name,account,owner,stage,amount,currency,close
Acme renewal,A1,alice,won,12500.5,,2026-11-20
Hooli pilot,,alice,proposal,900,EUR,2026-12-31
Globex,A2,bob,negotiation,50000,,2027-01-15
X
load activities <<'X'
date,rep,type,account,deal,subject
2026-11-20T10:00:00Z,alice,call,A1,D1,Renewal call
X
load quotas <<'X'
owner,period,amount
alice,2026-Q4,40000
east,2026,150000
X
load subscriptions <<'X'
account,plan,mrr,start
A1,pro,99.9,2025-01-01
X
load budget <<'X'
period,category,channel,planned,actual
2026-Q4,ads,linkedin,5000,4800
X
load feedback <<'X'
date,account,score,comment
2026-11-21,A1,9,great
X

run sales-check
rc_is 0 "a clean data set"
out_is "has no findings" </dev/null
err_is "and says nothing" </dev/null

# A copy with a problem planted in every file (config.json: see 0441).
cp -Rp "$D" "$T/bad"
B="$T/bad"
cat >>"$B/reps.csv" <<'X'
Al Ice,Al,al@example.com,east,,,,,
dan,Dan,dan@example.com,west,erin,,,,
erin,Erin,erin@example.com,west,dan,,,,
X
cat >>"$B/leads.csv" <<'X'
L2,2026-11-27T09:30:00Z,,,,,,,,Qualified,,today,
L3,2026-11-27T09:30:00Z,Ann,, Ann@Example.COM ,,,,zed,new,,2026-11-27T09:30:00Z,
X
cat >>"$B/accounts.csv" <<'X'
A3,2026-11-27T09:30:00Z,,WWW.Initech.Example,b2b,,,2026-11-27T09:30:00Z,
X
cat >>"$B/contacts.csv" <<'X'
C2,2026-11-27T09:30:00Z,A77,Orphan,orphan@example.com,,,2026-11-27T09:30:00Z
X
cat >>"$B/deals.csv" <<'X'
D4,2026-11-27T09:30:00Z,Stage case,A1,,,alice,Won,12500.50,,,,31/12/2026,2026-11-01,,,,,2026-11-27T09:30:00Z
D5,2026-11-27T09:30:00Z,Bad refs,A99,,,zed,signed,"12,5O",GBP,,,13/01/2027,,,,,,2026-11-27T09:30:00Z
D6,2026-11-27T09:30:00Z,No closed,A2,,,bob,lost,10,,,,2026-10-01,,,,,,2026-11-27T09:30:00Z
D7,2026-11-27T09:30:00Z,Closed open,A2,,,bob,proposal,10,,,,2027-02-01,2026-11-01,,,,price,2026-11-27T09:30:00Z
D3,2026-11-27T09:30:00Z,Duplicate,A2,,,bob,proposal,10,,,,2027-02-01,,,,,,2026-11-27T09:30:00Z
X
cat >>"$B/activities.csv" <<'X'
T2,2026-11-21,bob,Call,,,,,D404,Lost deal,,,,,
X
cat >>"$B/quotas.csv" <<'X'
zed,2026-Q4,100
alice,2026-q4,45000
X
sed -i 's/^qualification,2,/qualification,3,/' "$B/stages.csv"
cat >>"$B/subscriptions.csv" <<'X'
S2,,basic,10,2026-01-01,
X
cat >>"$B/budget.csv" <<'X'
2026-11,events,event,1200,,surplus
X
cat >>"$B/feedback.csv" <<'X'
F2,2026-11-22,A1,,11,,"fine
F3,2026-11-23,A1,,8,,ok
X
printf '2026-11-27 09:30,tester,hand-edit,deals,D4,stage,,Won\n' >>"$B/history.csv"

run sales-check -D "$B"
rc_is 1 "a corrupted copy"
sed "s|$B/||" "$T/out" >"$T/findings"
file_is "$T/findings" "every planted problem, one line each, in file and line order" <<'X'
reps.csv:5: bad id 'Al Ice' (ids have no spaces, commas or quotes)
reps.csv:6: the manager chain loops: dan -> erin -> dan
reps.csv:7: the manager chain loops: erin -> dan -> erin
leads.csv:3: status 'Qualified' should be 'qualified'
leads.csv:3: updated 'today' is relative to today; a data file holds a date
leads.csv:3: a lead needs at least a name, company or email
leads.csv:4: email ' Ann@Example.COM ' should be 'ann@example.com'
leads.csv:4: unknown owner 'zed' (not in reps.csv)
accounts.csv:4: domain 'WWW.Initech.Example' should be 'www.initech.example'
accounts.csv:4: name is required
contacts.csv:3: unknown account 'A77' (not in accounts.csv)
deals.csv:5: stage 'Won' should be 'won'
deals.csv:5: amount '12500.50' should be '12500.5'
deals.csv:5: close '31/12/2026' should be '2026-12-31' (read as %d/%m/%Y, the one format that fits the column)
deals.csv:6: unknown account 'A99' (not in accounts.csv)
deals.csv:6: unknown owner 'zed' (not in reps.csv)
deals.csv:6: unknown stage 'signed' (not in stages.csv)
deals.csv:6: bad amount '12,5O' (expected an amount like 12500 or 12500.50)
deals.csv:6: currency GBP has no rate in config.json ("rates": {"GBP": ...})
deals.csv:6: close '13/01/2027' should be '2027-01-13' (read as %d/%m/%Y, the one format that fits the column)
deals.csv:7: stage lost without a closed date
deals.csv:8: closed is set but stage proposal is open
deals.csv:8: lost_reason is set but stage proposal is not lost
deals.csv:9: duplicate id 'D3' (first on line 4)
stages.csv:4: order 3 is also the order of line 3
activities.csv:3: type 'Call' should be 'call'
activities.csv:3: unknown deal 'D404' (not in deals.csv)
quotas.csv:4: unknown quota owner 'zed' (not a rep id nor a team in reps.csv)
quotas.csv:5: period '2026-q4' should be '2026-Q4'
quotas.csv:5: duplicate quota 'alice/2026-Q4' (first on line 2)
subscriptions.csv:3: a subscription needs an account
budget.csv:3: 6 fields, but the header has 5
feedback.csv:3: unterminated quoted field (the rest of the file was not checked)
history.csv:28: ts '2026-11-27 09:30' should be '2026-11-27T09:30:00Z'
X
run sales-check -q -D "$B"
rc_is 1 "-q: the status only"
out_is "and no output" </dev/null

# --fix: what is safe, all files at once, each change in history.
run sales-check --fix -D "$B"
rc_is 1 "--fix leaves what it cannot prove"
sed "s|$B/||" "$T/out" | grep 'fixed:' >"$T/fixed"
file_is "$T/fixed" "what it changed" <<'X'
leads.csv:3: fixed: status 'Qualified' -> 'qualified'
leads.csv:4: fixed: email ' Ann@Example.COM ' -> 'ann@example.com'
accounts.csv:4: fixed: domain 'WWW.Initech.Example' -> 'www.initech.example'
deals.csv:5: fixed: stage 'Won' -> 'won'
deals.csv:5: fixed: amount '12500.50' -> '12500.5'
deals.csv:5: fixed: close '31/12/2026' -> '2026-12-31' (read as %d/%m/%Y, the one format that fits the column)
deals.csv:6: fixed: close '13/01/2027' -> '2027-01-13' (read as %d/%m/%Y, the one format that fits the column)
activities.csv:3: fixed: type 'Call' -> 'call'
quotas.csv:5: fixed: period '2026-q4' -> '2026-Q4'
X
err_is "a count" <<'X'
sales-check: fixed 9 findings; 25 left
X
run sh -c "sales-history -D '$B' --where 'command = sales-check' -c entity,id,field,old,new"
out_is "history rows for each change" <<'X'
entity,id,field,old,new
leads,L2,status,Qualified,qualified
leads,L3,email," Ann@Example.COM ",ann@example.com
accounts,A3,domain,WWW.Initech.Example,www.initech.example
deals,D4,stage,Won,won
deals,D4,amount,12500.50,12500.5
deals,D4,close,31/12/2026,2026-12-31
deals,D5,close,13/01/2027,2027-01-13
activities,T2,type,Call,call
quotas,alice/2026-q4,period,2026-q4,2026-Q4
X
run sales-check -D "$B"
rc_is 1 "the rest is still there"
is "$(grep -c . "$T/out")" 25 "25 findings left"
is "$(grep -c fixed: "$T/out")" 0 "none of them fixable"

# Ids: a letter and a number, as the tools give them (DESIGN §2). Anything
# else is flagged: a path, a formula, a sign, the wrong case, leading
# zeros, another entity's letter, none at all.
cp -Rp "$D" "$T/ids"
I="$T/ids"
cat >>"$I/leads.csv" <<'X'
../etc,2026-11-27T09:30:00Z,Ann,,,,,,,,,,
=cmd,2026-11-27T09:30:00Z,Bea,,,,,,,,,,
L-5,2026-11-27T09:30:00Z,Cy,,,,,,,,,,
l7,2026-11-27T09:30:00Z,Di,,,,,,,,,,
L007,2026-11-27T09:30:00Z,Ed,,,,,,,,,,
D9,2026-11-27T09:30:00Z,Fay,,,,,,,,,,
,2026-11-27T09:30:00Z,Gus,,,,,,,,,,
L0,2026-11-27T09:30:00Z,Hal,,,,,,,,,,
L99999999999999999999,2026-11-27T09:30:00Z,Ida,,,,,,,,,,
L2,2026-11-27T09:30:00Z,Jo,,,,,,,,,,
X
cat >>"$I/activities.csv" <<'X'
A9,2026-11-21,bob,call,,,,,,Wrong letter,,,,,
X
run sales-check -D "$I"
rc_is 1 "ids outside the documented form"
sed "s|$I/||" "$T/out" >"$T/findings"
file_is "$T/findings" "each one flagged, and said why" <<'X'
leads.csv:3: bad id '../etc' (a lead id is L and a number, like L12)
leads.csv:4: bad id '=cmd' (a lead id is L and a number, like L12)
leads.csv:5: bad id 'L-5' (a lead id is L and a number, like L12)
leads.csv:6: bad id 'l7' (a lead id is L and a number, like L12)
leads.csv:7: bad id 'L007' (a lead id is L and a number without leading zeros, like L7)
leads.csv:8: bad id 'D9' (a deal id in leads.csv; a lead id is L and a number, like L12)
leads.csv:9: no id
leads.csv:10: bad id 'L0' (a lead id is L and a number, like L12)
leads.csv:11: bad id 'L99999999999999999999' (a lead id is L and a number, like L12)
activities.csv:3: bad id 'A9' (an account id in activities.csv; an activity id is T and a number, like T12)
X

# The lock: while a writer holds it, sales-check waits once (at most
# SALES_LOCK_TIMEOUT seconds) and then fails with one message, not a
# finding per file. The writer is a real one: lead-add with many leads,
# blocked writing their ids (printed under the lock) to a pipe nobody
# reads yet, so this holds wherever the store keeps its lock.
sales-init "$T/lk" >/dev/null || echo "Bail out! sales-init"
awk 'BEGIN { print "name"; for (i = 1; i <= 20000; i++) print "Lead " i }' >"$T/many.csv"
mkfifo "$T/fifo"
lead-add -D "$T/lk" - <"$T/many.csv" >"$T/fifo" 2>"$T/writer.err" &
writer=$!
exec 3<"$T/fifo"
read first <&3
is "$first" L1 "the writer holds the lock"
run env SALES_LOCK_TIMEOUT=1 sales-check -D "$T/lk"
rc_is 1 "the lock not obtained: exit 1"
out_is "no findings printed" </dev/null
sed -e "s|$T/lk/\.lock|DIR|" -e "s|$T/lk|DIR|" "$T/err" >"$T/err2"
file_is "$T/err2" "one message, not one per file" <<'X'
sales-check: DIR: could not get the lock within 1 s (another command is writing; try again, or raise SALES_LOCK_TIMEOUT)
X
# with time enough, it waits for the writer and then sees all of its work
env SALES_LOCK_TIMEOUT=60 sales-check -D "$T/lk" >"$T/late.out" 2>&1 &
checker=$!
sleep 1
cat <&3 >/dev/null
exec 3<&-
wait "$writer"
is "$?" 0 "the writer finished"
wait "$checker"
is "$?" 0 "a check that waited: clean"
file_is "$T/late.out" "and silent" </dev/null
is "$(grep -c . "$T/lk/leads.csv")" 20001 "every lead written"

snap
run sales-check --fix
rc_is 0 "--fix on a clean directory"
unchanged "writes nothing"
run sales-check extra
rc_is 2 "an operand is a usage error"
done_testing
