#!/bin/sh
# budget-report --roi: the budget lines with no channel and the won deals
# with no source make one row with an empty channel (null in JSON), last,
# as pipeline-show names a group with no value: its spend, revenue and new
# customers count in the total, its roi and cac are empty. Numbers by hand.
. "${SALES_SRC:-.}/tests/cli/lib.sh"

cat >"$D/budget.csv" <<'X'
period,category,channel,planned,actual
2026-10,ads,ads,1000,1000
2026-11,tools,,600,600
2026-Q4,salaries,,2000,1400
X
cat >"$D/deals.csv" <<'X'
id,created,name,account,contact,lead,owner,stage,amount,currency,probability,category,close,closed,segment,source,type,lost_reason,updated
R1,2026-09-01T09:00:00Z,r1,A1,,,,won,3000,,,,2026-10-15,2026-10-15,b2b,ads,new,,
R2,2026-10-01T09:00:00Z,r2,A2,,,,won,700,,,,2026-11-02,2026-11-02,b2b,,new,,
R3,2026-10-01T09:00:00Z,r3,A3,,,,lost,900,,,,2026-11-03,2026-11-03,b2b,,new,,
X

# 2026-Q4: ads spends 1000 and wins R1 (3000, A1 new): roi 2.00, cac 1000.
# No channel: tools 600 + salaries 1400 = 2000 spent; R2 (700, no source)
# won, A2 new; R3 lost. roi and cac empty for it. Total: spend 3000,
# revenue 3700, roi 700 / 3000 = 0.23, 2 new customers, cac 1500.
run budget-report --roi
rc_is 0 "--roi"
out_is "the no-channel row: spend, revenue and new customers, no roi or cac" <<'X'
channel,spend,revenue,roi,new_customers,cac
ads,1000,3000,2.00,1,1000
,2000,700,,1,
X
run env SALES_FORCE_TTY=1 NO_COLOR=1 budget-report --roi
out_is "table: the row last, counted in the total" <<'X'
channel     spend   revenue   roi  new_customers       cac
ads      1,000.00  3,000.00  2.00              1  1,000.00
         2,000.00    700.00                    1
total    3,000.00  3,700.00  0.23              2  1,500.00
X
run budget-report --roi -f json
out_is "json: channel, roi and cac null" <<'X'
[
{"channel":"ads","spend":1000,"revenue":3000,"roi":2.00,"new_customers":1,"cac":1000},
{"channel":null,"spend":2000,"revenue":700,"roi":null,"new_customers":1,"cac":null}
]
X
run budget-report --by channel
out_is "--by channel: the same lines in the same last row" <<'X'
channel,planned,actual,variance,variance_pct
ads,1000,1000,0,0.00
,2600,2000,-600,-0.23
X
# --where 'channel =' keeps the channel-less budget lines alone (revenue
# and new customers come from the deals, whatever the lines)
snap
run budget-report --roi --where 'channel =' -f ndjson
rc_is 0 "--where on the empty channel"
out_is "--where: the no-channel lines alone" <<'X'
{"channel":"ads","spend":0,"revenue":3000,"roi":null,"new_customers":1,"cac":0}
{"channel":null,"spend":2000,"revenue":700,"roi":null,"new_customers":1,"cac":null}
X
unchanged "nothing written"
done_testing
