#!/bin/sh
# sales-init: the files, their headers, modes, the default stages and config.
. "${SALES_SRC:-.}/tests/cli/lib.sh"

run ls -A "$D"
out_is "sales-init makes every file" <<'X'
accounts.csv
activities.csv
budget.csv
config.json
contacts.csv
deals.csv
feedback.csv
history.csv
leads.csv
quotas.csv
reps.csv
stages.csv
subscriptions.csv
X
file_is "$D/stages.csv" "default stages" <<'X'
stage,order,probability,category,rotten_days
prospecting,1,10,pipeline,14
qualification,2,20,pipeline,14
proposal,3,50,best,21
negotiation,4,80,commit,14
won,5,100,closed,
lost,6,0,omitted,
X
file_is "$D/deals.csv" "deals header" <<'X'
id,created,name,account,contact,lead,owner,stage,amount,currency,probability,category,close,closed,segment,source,type,lost_reason,updated
X
file_is "$D/config.json" "default config" <<'X'
{
  "currency": "USD",
  "fiscal_year_start": 1,
  "stale_days": 30
}
X
is "$(stat -c %a "$D" "$D/leads.csv" | tr '\n' ' ')" "700 600 " "private modes"

snap
run sales-init "$D"
rc_is 0 "a second init succeeds"
unchanged "and changes nothing"

run sales-init --shared "$T/team"
rc_is 0 "--shared"
is "$(stat -c %a "$T/team" "$T/team/deals.csv" | tr '\n' ' ')" "2770 660 " "group-writable modes"

run sales-init a b
rc_is 2 "two operands is a usage error"
err_is "usage message" <<'X'
sales-init: unexpected operand 'b'
usage: sales-init [-D DIR] [--shared] [DIR]
X
done_testing
