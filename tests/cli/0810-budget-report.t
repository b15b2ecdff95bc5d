#!/bin/sh
# budget-report: plan vs. actual by category, channel and period; --roi
# per channel (spend, revenue of that source, roi, new customers, cac).
# Numbers checked by hand below.
. "${SALES_SRC:-.}/tests/cli/lib.sh"

cat >"$D/budget.csv" <<'X'
period,category,channel,planned,actual
2026-10,ads,ads,1000,1200
2026-11,ads,ads,1000,800
2026-10,events,event,2000,1500
2026-Q4,tools,,500,
2026-09,ads,ads,1000,1000
2026,brand,web,12000,11000
X
cat >"$D/deals.csv" <<'X'
id,created,name,account,contact,lead,owner,stage,amount,currency,probability,category,close,closed,segment,source,type,lost_reason,updated
R1,2026-09-01T09:00:00Z,r1,A1,,,,won,3000,,,,2026-10-15,2026-10-15,b2b,ads,new,,
R2,2026-10-01T09:00:00Z,r2,A1,,,,won,1000,,,,2026-11-15,2026-11-15,b2b,ads,new,,
R3,2026-10-01T09:00:00Z,r3,A2,,,,won,5000,,,,2026-11-01,2026-11-01,b2b,event,new,,
R4,2026-04-01T09:00:00Z,r4,A2,,,,won,2000,,,,2026-05-01,2026-05-01,b2b,web,new,,
R5,2026-10-01T09:00:00Z,r5,A3,,,,lost,1000,,,,2026-10-20,2026-10-20,b2b,ads,new,price,
R6,2026-10-01T09:00:00Z,r6,A4,,,,won,500,,,,2026-10-05,2026-10-05,b2c,referral,new,,
R7,2026-11-01T09:00:00Z,r7,A5,,,,proposal,9000,,,,2026-12-05,,b2c,ads,new,,
X

# 2026-Q4 (the current fiscal quarter): the lines of 2026-10, 2026-11 and
# 2026-Q4 (2026-09 is before, the year 2026 is not wholly inside).
# ads 1000+1000 planned, 1200+800 actual: variance 0; events 2000 / 1500:
# -500, -500/2000 = -0.25; tools 500 / (not set: 0): -500, -1.00
run budget-report
rc_is 0 "budget-report"
out_is "by category, the current fiscal quarter" <<'X'
category,planned,actual,variance,variance_pct
ads,2000,2000,0,0.00
events,2000,1500,-500,-0.25
tools,500,0,-500,-1.00
X
run budget-report --by channel -f csv
out_is "--by channel: no channel last" <<'X'
channel,planned,actual,variance,variance_pct
ads,2000,2000,0,0.00
event,2000,1500,-500,-0.25
,500,0,-500,-1.00
X
# 2026-10: 1000+2000 / 1200+1500: -300, -0.10; 2026-Q4 starts the same day
# as 2026-10 and comes after it by name; 2026-11: 1000 / 800: -0.20
run budget-report --by period
out_is "--by period: by start, then name" <<'X'
period,planned,actual,variance,variance_pct
2026-10,3000,2700,-300,-0.10
2026-Q4,500,0,-500,-1.00
2026-11,1000,800,-200,-0.20
X
# the year: every line; brand 12000 / 11000: -1000 / 12000 = -0.083 -> -0.08
run budget-report --period 2026
out_is "--period 2026: every line inside the year" <<'X'
category,planned,actual,variance,variance_pct
ads,3000,3000,0,0.00
brand,12000,11000,-1000,-0.08
events,2000,1500,-500,-0.25
tools,500,0,-500,-1.00
X
run budget-report --since 2026-09-01 --until 2026-10-31 --where 'channel = ads'
out_is "--since/--until and --where" <<'X'
category,planned,actual,variance,variance_pct
ads,2000,2200,200,0.10
X
run env SALES_FORCE_TTY=1 budget-report
out_is "table: a total line" <<'X'
category   planned    actual   variance  variance_pct
ads       2,000.00  2,000.00       0.00          0.00
events    2,000.00  1,500.00    -500.00         -0.25
tools       500.00      0.00    -500.00         -1.00
total     4,500.00  3,500.00  -1,000.00         -0.22
X
run budget-report -f json --by channel
out_is "json" <<'X'
[
{"channel":"ads","planned":2000,"actual":2000,"variance":0,"variance_pct":0.00},
{"channel":"event","planned":2000,"actual":1500,"variance":-500,"variance_pct":-0.25},
{"channel":null,"planned":500,"actual":0,"variance":-500,"variance_pct":-1.00}
]
X

# ---- --roi --------------------------------------------------------------------
# 2026-Q4 spend (actual): ads 2000, event 1500, no channel 0.
# revenue won in Q4 by source: ads R1 3000 + R2 1000 = 4000 (R5 lost, R7
# open); event R3 5000; referral R6 500 (web's R4 was won in May).
# new customers, by the source of the account's first won deal: A1 (R1,
# 10-15, ads), A4 (R6, referral); A2 first won in May (R4): not new.
# ads: roi (4000 - 2000) / 2000 = 1.00, cac 2000 / 1 = 2000
# event: roi 3500 / 1500 = 2.33, no new customer: cac empty
# referral: nothing spent: roi empty; cac 0 / 1 = 0
run budget-report --roi
rc_is 0 "--roi"
out_is "--roi per channel" <<'X'
channel,spend,revenue,roi,new_customers,cac
ads,2000,4000,1.00,1,2000
event,1500,5000,2.33,0,
referral,0,500,,1,0
,0,0,,0,
X
# 2026: spend ads 3000, event 1500, web 11000; revenue adds web R4 2000;
# A2 is new in 2026 through web: web roi (2000 - 11000) / 11000 = -0.82,
# cac 11000
run budget-report --roi --period 2026 -f ndjson
out_is "--roi --period 2026" <<'X'
{"channel":"ads","spend":3000,"revenue":4000,"roi":0.33,"new_customers":1,"cac":3000}
{"channel":"event","spend":1500,"revenue":5000,"roi":2.33,"new_customers":0,"cac":null}
{"channel":"referral","spend":0,"revenue":500,"roi":null,"new_customers":1,"cac":0}
{"channel":"web","spend":11000,"revenue":2000,"roi":-0.82,"new_customers":1,"cac":11000}
{"channel":null,"spend":0,"revenue":0,"roi":null,"new_customers":0,"cac":null}
X
run env SALES_FORCE_TTY=1 budget-report --roi
out_is "--roi table: a total line" <<'X'
channel      spend   revenue   roi  new_customers       cac
ads       2,000.00  4,000.00  1.00              1  2,000.00
event     1,500.00  5,000.00  2.33              0
referral      0.00    500.00                    1      0.00
              0.00      0.00                    0
total     3,500.00  9,500.00  1.71              2  1,750.00
X

# ---- bad input ------------------------------------------------------------------
snap
run budget-report --by region
rc_is 1 "bad --by: exit 1"
err_is "bad --by named" <<'X'
budget-report: bad --by 'region' (expected category, channel or period)
X
run budget-report --roi --by channel
rc_is 2 "--roi with --by: usage"
run budget-report --owner ann
rc_is 2 "--owner is not an option: usage"
run budget-report --period someday
rc_is 1 "unknown period: exit 1"
cp "$D/budget.csv" "$T/budget.csv"
sed -i '1s/,actual/,spent/' "$D/budget.csv"
run budget-report
rc_is 1 "a renamed column: exit 1"
err_is "the column named" <<X
budget-report: $D/budget.csv:1: no 'actual' column (is the header row missing or renamed?)
X
cp "$T/budget.csv" "$D/budget.csv"
echo '2026-11,ads,ads,10.555,1' >>"$D/budget.csv"
run budget-report
rc_is 1 "a bad amount: exit 1"
err_is "FILE:LINE of the bad amount" <<X
budget-report: $D/budget.csv:8: bad amount '10.555'
X
cp "$T/budget.csv" "$D/budget.csv"
unchanged "nothing written"
rm "$D/budget.csv" "$D/deals.csv"
run budget-report
rc_is 0 "no budget.csv: exit 0"
out_is "no budget.csv: an empty report" <<'X'
category,planned,actual,variance,variance_pct
X
run budget-report --roi
out_is "--roi with no files: an empty report" <<'X'
channel,spend,revenue,roi,new_customers,cac
X
done_testing
