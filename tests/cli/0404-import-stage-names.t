#!/bin/sh
# A CRM's names of the terminal stages ("Closed Won", "closed-lost") go to
# the won and lost stages as stages.csv spells them.
. "$(dirname "$0")/lib.sh"

sed -e 's/^won,/Won,/' -e 's/^lost,/Lost,/' "$D/stages.csv" >"$T/stages" && cat "$T/stages" >"$D/stages.csv"
account-add --name Acme >/dev/null
cat >"$T/in.csv" <<'X'
name,account,owner,amount,stage,close
One,A1,alice,100,Closed Won,2026-11-01
Two,A1,alice,200,closed-lost,2026-11-02
Three,A1,alice,300,prospecting,2026-12-01
X
rep-add alice --name Alice >/dev/null
run sales-import -q deals "$T/in.csv"
rc_is 0 "imported"
run deal-list -f csv -c id,stage
out_is "Closed Won is Won, closed-lost is Lost: the names stages.csv has" <<'X'
id,stage
D1,Won
D2,Lost
D3,prospecting
X
done_testing
