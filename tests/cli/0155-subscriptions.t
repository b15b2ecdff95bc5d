#!/bin/sh
# subscription-add, subscription-list, subscription-end: the checks a new
# subscription gets, ids S1, S2, ..., the list filters (--account, --plan,
# --active [DATE], the common ones), ending one, history rows.
. "${SALES_SRC:-.}/tests/cli/lib.sh"

C=2026-11-02T08:00:00Z
NOW=2026-11-27T09:30:00Z
{ account-add --name Acme && account-add --name Beta && account-add --name Gamma; } >/dev/null ||
    echo "Bail out! setup failed"

run subscription-add --account A1 --plan Growth --mrr 1041.66 --start 2025-06-13
rc_is 0 "subscription-add from flags"
out_is "prints the new id" <<'X'
S1
X
SALES_NOW=$C run subscription-add - <<'X'
account,plan,mrr,start,end
A2,Support,137.50,2025-01-01,2026-03-01
A2,Growth,500,2026-03-01,2027-01-01
A3,Add-on,0,2026-12-01,
X
rc_is 0 "subscription-add - (CSV on stdin)"
out_is "one id per record" <<'X'
S2
S3
S4
X
run subscription-add -n --account A1 --plan Extra --mrr 5 --start today
rc_is 0 "--dry-run"
out_is "shows the id it would take" <<'X'
S5
X
file_is "$D/subscriptions.csv" "stored: money canonical, dates as given" <<'X'
id,account,plan,mrr,start,end
S1,A1,Growth,1041.66,2025-06-13,
S2,A2,Support,137.5,2025-01-01,2026-03-01
S3,A2,Growth,500,2026-03-01,2027-01-01
S4,A3,Add-on,0,2026-12-01,
X
run sales-history --entity subscriptions -c ts,command,id,new
out_is "a created row each" <<X
ts,command,id,new
$NOW,subscription-add,S1,created
$C,subscription-add,S2,created
$C,subscription-add,S3,created
$C,subscription-add,S4,created
X

# ---- list
run subscription-list --account A2
out_is "--account" <<'X'
id,account,plan,mrr,start,end
S2,A2,Support,137.5,2025-01-01,2026-03-01
S3,A2,Growth,500,2026-03-01,2027-01-01
X
run subscription-list --plan growth,add-on -c id,plan
out_is "--plan: a comma list, any case" <<'X'
id,plan
S1,Growth
S3,Growth
S4,Add-on
X
run subscription-list --active -c id
out_is "--active: running today (2026-11-27); S4 starts later, S2 ended" <<'X'
id
S1
S3
X
run subscription-list --active 2026-03-01 -c id
out_is "--active DATE: on its end date S2 is over, S3 has begun" <<'X'
id
S1
S3
X
run subscription-list --active=2026-02-28 -c id
out_is "--active=DATE: the day before" <<'X'
id
S1
S2
X
run subscription-list --active 2026-12-01 --account A3 -c id
out_is "--active on a start date, with --account" <<'X'
id
S4
X
run subscription-list --since 2026-01-01 -c id,start
out_is "--since on start" <<'X'
id,start
S3,2026-03-01
S4,2026-12-01
X
run subscription-list --period 2025 -c id
out_is "--period on start" <<'X'
id
S1
S2
X
run subscription-list --where 'mrr >= 500' --sort -mrr -c id,mrr
out_is "--where and --sort on money" <<'X'
id,mrr
S1,1041.66
S3,500
X
run subscription-list --account A2 -f json -c id,mrr,end
out_is "-f json: money as a number, not set as null" <<'X'
[
{"id":"S2","mrr":137.5,"end":"2026-03-01"},
{"id":"S3","mrr":500,"end":"2027-01-01"}
]
X

# ---- end
run subscription-end S1 --date 2026-10-31
rc_is 0 "subscription-end --date"
out_is "prints nothing" </dev/null
run subscription-end S3
rc_is 0 "a later end is moved to today"
run subscription-list -c id,end
out_is "the ends" <<'X'
id,end
S1,2026-10-31
S2,2026-03-01
S3,2026-11-27
S4,
X
run sales-history --entity subscriptions --field end -c command,id,old,new
out_is "one history row per end" <<'X'
command,id,old,new
subscription-end,S1,,2026-10-31
subscription-end,S3,2027-01-01,2026-11-27
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
bad "unknown account" "subscription-add: unknown account 'A9' (not in accounts.csv)" -- \
    subscription-add --account A9 --plan Growth --mrr 5 --start 2026-01-01
bad "no account" "subscription-add: a subscription needs an account" -- \
    subscription-add --plan Growth --mrr 5 --start 2026-01-01
bad "no plan" "subscription-add: a subscription needs a plan" -- \
    subscription-add --account A1 --mrr 5 --start 2026-01-01
bad "no mrr" "subscription-add: a subscription needs its mrr" -- \
    subscription-add --account A1 --plan Growth --start 2026-01-01
bad "no start" "subscription-add: a subscription needs a start date" -- \
    subscription-add --account A1 --plan Growth --mrr 5
bad "negative mrr" "subscription-add: bad mrr '-5' (must not be negative)" -- \
    subscription-add --account A1 --plan Growth --mrr -5 --start 2026-01-01
bad "mrr with three decimals" "subscription-add: bad mrr '5.001' (expected an amount like 12500 or 12500.50)" -- \
    subscription-add --account A1 --plan Growth --mrr 5.001 --start 2026-01-01
bad "bad start" "subscription-add: bad start '2026-02-30' (expected YYYY-MM-DD, today, yesterday, +14d, -3m)" -- \
    subscription-add --account A1 --plan Growth --mrr 5 --start 2026-02-30
bad "end before start" "subscription-add: end 2025-12-31 is before start 2026-01-01" -- \
    subscription-add --account A1 --plan Growth --mrr 5 --start 2026-01-01 --end 2025-12-31
bad "an id is the tool's" "subscription-add: id is given by the tool (sales-import keeps ids of your own)" -- \
    subscription-add --set id=S99 --account A1 --plan Growth --mrr 5 --start 2026-01-01
bad "a bad record on stdin: FILE:LINE, none added" "subscription-add: <stdin>:3: end 2026-01-01 is before start 2026-02-01" -- \
    sh -c 'printf "account,plan,mrr,start,end\nA1,Pro,5,2026-01-01,\nA2,Pro,5,2026-02-01,2026-01-01\n" | subscription-add -'
bad "end an unknown subscription" "subscription-end: unknown subscription 'S9' (not in subscriptions.csv)" -- \
    subscription-end S9
bad "end one already over" "subscription-end: subscription S2 ended on 2026-03-01" -- \
    subscription-end S2 --date 2026-04-01
bad "end one ended today" "subscription-end: subscription S3 ended on 2026-11-27" -- \
    subscription-end S3
bad "end before its start" "subscription-end: subscription S4: end 2026-11-27 is before its start 2026-12-01" -- \
    subscription-end S4
bad "a bad --date" "subscription-end: bad --date 'soon' (expected YYYY-MM-DD, today, yesterday, +14d, -3m)" -- \
    subscription-end S4 --date soon
bad "a bad --active date" "subscription-list: bad --active 'soon' (expected YYYY-MM-DD, today, yesterday, +14d, -3m)" -- \
    subscription-list --active=soon

run subscription-end S4 --date 2026-12-01
rc_is 0 "an end on its start day is allowed"

sed -i '1s/account/customer/' "$D/subscriptions.csv"
snap
run subscription-list --account A1
rc_is 1 "a renamed column: exit 1"
is "$(cat "$T/err")" "subscription-list: $D/subscriptions.csv: no column 'account'" "refused by name"
sed -i '1s/customer/account/' "$D/subscriptions.csv"

snap
run subscription-end
rc_is 2 "subscription-end without an id: usage"
run subscription-end S1 S3
rc_is 2 "two ids: usage"
run subscription-list --owner ann
rc_is 2 "--owner does not apply"
is "$(head -n 1 "$T/err")" "subscription-list: --owner does not apply to subscriptions" "its message"
run subscription-list 2026-01-01
rc_is 2 "an operand: usage"
run subscription-add
rc_is 2 "subscription-add with nothing: usage"
unchanged "usage errors write nothing"
run subscription-end --help
rc_is 0 "subscription-end --help"
is "$(head -n 1 "$T/out")" "usage: subscription-end [-D DIR] [-n] [--date DATE] ID" "its synopsis"
done_testing
