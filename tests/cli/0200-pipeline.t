#!/bin/sh
# pipeline-show over the shared scenario (tests/data/core/scenario.sh):
# deals, amount, weighted (exact, rounded once), average age and stale
# deals per stage, owner, segment, source and close month; stale from the
# last stage change in history.csv against rotten_days.
. "${SALES_SRC:-.}/tests/cli/lib.sh"
. "$DATA/core/scenario.sh"
scenario

run deal-list -c id,created,owner,stage,amount,probability,category,close,closed
out_is "the scenario's deals (the input of every number below)" <<'X'
id,created,owner,stage,amount,probability,category,close,closed
D1,2026-11-20T10:00:00Z,ann,won,12000.33,,,2026-12-10,2026-11-20
D2,2026-10-15T09:00:00Z,ann,prospecting,1000.05,,,2026-12-20,
D3,2026-11-13T09:00:00Z,ann,qualification,2500.15,,,2027-01-15,
D4,2026-09-01T09:00:00Z,ben,proposal,33333.33,,,2026-12-31,
D5,2026-11-01T09:00:00Z,ben,negotiation,7777.77,75,,2026-11-15,
D6,2026-11-10T09:00:00Z,cat,proposal,4999.99,,,,
D7,2026-10-20T09:00:00Z,dan,negotiation,15000,,best,2026-11-30,
D8,2026-08-01T09:00:00Z,dan,won,8000.1,,,,2026-11-03
D9,2026-10-01T09:00:00Z,cat,lost,5000,,,,2026-11-05
D10,2026-11-26T09:00:00Z,mia,prospecting,199.99,,omitted,2027-03-31,
D11,2026-07-01T09:00:00Z,ann,won,3000,,,,2026-09-15
D12,2026-06-01T09:00:00Z,cat,qualification,640.5,,,2026-09-30,
D13,2026-11-27T09:00:00Z,,prospecting,100,,,2026-12-01,
X

# Open deals on 2026-11-27, with age = today - created and days in stage
# (since the last stage change in history.csv, else since created):
#   D2  prospecting   1000.05 x10%   age  43, in stage 43 > 14: stale
#   D10 prospecting    199.99 x10%   age   1 (omitted, still open)
#   D13 prospecting    100.00 x10%   age   0
#   D3  qualification 2500.15 x20%   age  14, in stage 14, not > 14: fresh
#   D12 qualification  640.50 x20%   age 179 > 14: stale
#   D4  proposal     33333.33 x50%   age  87, moved 2026-11-01: 26 > 21: stale
#   D6  proposal      4999.99 x50%   age  17 <= 21
#   D5  negotiation   7777.77 x75%   age  26 > 14: stale (75: its override)
#   D7  negotiation  15000.00 x80%   age  38 > 14: stale
# prospecting:   1300.04; weighted (100005+19999+10000) cents x 10 / 100
#                = 13000.4 cents -> 130.00; age (43+1+0)/3 = 14.67 -> 14.7
# qualification: 3140.65; (250015+64050) x 20 / 100 = 62813 -> 628.13;
#                age (14+179)/2 = 96.5
# proposal:      38333.32; (3333333+499999) x 50 / 100 = 1916666 -> 19166.66;
#                age (87+17)/2 = 52.0
# negotiation:   22777.77; (777777 x 75 + 1500000 x 80) / 100 = 1783332.75
#                -> 1783333 -> 17833.33 (half away from zero); age (26+38)/2 = 32.0
run pipeline-show -f csv
rc_is 0 "pipeline-show -f csv"
out_is "per stage: every open stage in order, numbers by hand" <<'X'
stage,deals,amount,weighted,avg_age_days,stale
prospecting,3,1300.04,130,14.7,1
qualification,2,3140.65,628.13,96.5,1
proposal,2,38333.32,19166.66,52.0,1
negotiation,2,22777.77,17833.33,32.0,2
X
run pipeline-show
out_is "csv is the default off a terminal" <<'X'
stage,deals,amount,weighted,avg_age_days,stale
prospecting,3,1300.04,130,14.7,1
qualification,2,3140.65,628.13,96.5,1
proposal,2,38333.32,19166.66,52.0,1
negotiation,2,22777.77,17833.33,32.0,2
X
# total: 9 deals, 65551.78; weighted 377581215 / 100 = 3775812.15 -> 37758.12;
# age (43+1+0+14+179+87+17+26+38)/9 = 405/9 = 45.0; stale 5.
# Bars: amount / the largest (38333.32) x 24 cells of eighths.
run env SALES_FORCE_TTY=1 pipeline-show
out_is "table: grouped money, a total row, funnel bars" <<'X'
stage          deals     amount   weighted  avg_age_days  stale
prospecting        3   1,300.04     130.00          14.7      1  ▊
qualification      2   3,140.65     628.13          96.5      1  █▉
proposal           2  38,333.32  19,166.66          52.0      1  ████████████████████████
negotiation        2  22,777.77  17,833.33          32.0      2  ██████████████▎
total              9  65,551.78  37,758.12          45.0      5
X
run pipeline-show -f json
out_is "json: numbers as numbers" <<'X'
[
{"stage":"prospecting","deals":3,"amount":1300.04,"weighted":130,"avg_age_days":14.7,"stale":1},
{"stage":"qualification","deals":2,"amount":3140.65,"weighted":628.13,"avg_age_days":96.5,"stale":1},
{"stage":"proposal","deals":2,"amount":38333.32,"weighted":19166.66,"avg_age_days":52.0,"stale":1},
{"stage":"negotiation","deals":2,"amount":22777.77,"weighted":17833.33,"avg_age_days":32.0,"stale":2}
]
X

# --by owner: ann D2 D3: 3500.20, (1000050 + 5000300)/100 = 60003.5 -> 600.04,
# age (43+14)/2; ben D4 D5: 41111.10, 224999925/100 -> 22499.99; cat D6 D12:
# 5640.49, (24999950 + 1281000)/100 = 262809.5 -> 2628.10, age (17+179)/2;
# dan D7; mia D10: 199.99 x 10% = 19.999 -> 20.00; no owner (D13) last.
run pipeline-show --by owner -f csv
out_is "--by owner, sorted, not set last" <<'X'
owner,deals,amount,weighted,avg_age_days,stale
ann,2,3500.2,600.04,28.5,1
ben,2,41111.1,22499.99,56.5,2
cat,2,5640.49,2628.1,98.0,1
dan,1,15000,12000,38.0,1
mia,1,199.99,20,1.0,0
,1,100,10,0.0,0
X
run pipeline-show --by segment -f tsv
out_is "--by segment, tsv" <<'X'
segment	deals	amount	weighted	avg_age_days	stale
b2b	2	16000.05	12100.01	40.5	2
b2c	2	5640.49	2628.1	98.0	1
enterprise	2	41111.1	22499.99	56.5	2
saas	2	2700.14	520.03	7.5	0
	1	100	10	0.0	0
X
# web: D2 + D5 weighted (1000050 + 58333275) / 100 = 593333.25 -> 5933.33,
# rounded once: not 100.01 + 5833.33 = 5933.34. Not set is null in JSON.
run pipeline-show --by source -f ndjson
out_is "--by source, ndjson" <<'X'
{"source":"event","deals":2,"amount":7500.14,"weighted":3000.03,"avg_age_days":15.5,"stale":0}
{"source":"referral","deals":2,"amount":48333.33,"weighted":28666.67,"avg_age_days":62.5,"stale":2}
{"source":"web","deals":2,"amount":8777.82,"weighted":5933.33,"avg_age_days":34.5,"stale":2}
{"source":null,"deals":3,"amount":940.49,"weighted":158.1,"avg_age_days":60.0,"stale":1}
X
run pipeline-show --by month
out_is "--by month of the expected close, undated last" <<'X'
month,deals,amount,weighted,avg_age_days,stale
2026-09,1,640.5,128.1,179.0,1
2026-11,2,22777.77,17833.33,32.0,2
2026-12,3,34433.38,16776.67,43.3,2
2027-01,1,2500.15,500.03,14.0,0
2027-03,1,199.99,20,1.0,0
,1,4999.99,2500,17.0,0
X

# ---- filters --------------------------------------------------------------------------
run pipeline-show --owner ann
out_is "--owner: every open stage still listed; no deals shows no average age" <<'X'
stage,deals,amount,weighted,avg_age_days,stale
prospecting,1,1000.05,100.01,43.0,1
qualification,1,2500.15,500.03,14.0,0
proposal,0,0,0,,0
negotiation,0,0,0,,0
X
run pipeline-show --team west -f csv
out_is "--team west: cat and dan" <<'X'
stage,deals,amount,weighted,avg_age_days,stale
prospecting,0,0,0,,0
qualification,1,640.5,128.1,179.0,1
proposal,1,4999.99,2500,17.0,0
negotiation,1,15000,12000,38.0,1
X
run pipeline-show --team mia --by owner
out_is "--team REP: mia and who reports to her" <<'X'
owner,deals,amount,weighted,avg_age_days,stale
ann,2,3500.2,600.04,28.5,1
ben,2,41111.1,22499.99,56.5,2
mia,1,199.99,20,1.0,0
X
run pipeline-show --stage proposal,negotiation --segment enterprise
out_is "--stage and --segment: only the stages asked for" <<'X'
stage,deals,amount,weighted,avg_age_days,stale
proposal,1,33333.33,16666.67,87.0,1
negotiation,1,7777.77,5833.33,26.0,1
X
run pipeline-show --by owner --source web
out_is "--source" <<'X'
owner,deals,amount,weighted,avg_age_days,stale
ann,1,1000.05,100.01,43.0,1
ben,1,7777.77,5833.33,26.0,1
X
run pipeline-show --by owner --since 2026-12-01 --until 2026-12-31
out_is "--since/--until on the expected close date (undated deals drop out)" <<'X'
owner,deals,amount,weighted,avg_age_days,stale
ann,1,1000.05,100.01,43.0,1
ben,1,33333.33,16666.67,87.0,1
,1,100,10,0.0,0
X
run pipeline-show --by month --period this-quarter
out_is "--period this-quarter" <<'X'
month,deals,amount,weighted,avg_age_days,stale
2026-11,2,22777.77,17833.33,32.0,2
2026-12,3,34433.38,16776.67,43.3,2
X
run pipeline-show --by owner --where 'amount >= 5000' --where 'close != '
out_is "--where" <<'X'
owner,deals,amount,weighted,avg_age_days,stale
ben,2,41111.1,22499.99,56.5,2
dan,1,15000,12000,38.0,1
X

# ---- stale comes from history.csv ------------------------------------------------------
# D12 (created 179 days ago) moves to proposal today: in that stage 0 days.
# proposal: D4 D6 D12 = 38973.82; (166666650 + 24999950 + 64050 x 50) / 100
# = 1948691 -> 19486.91; age (87+17+179)/3 = 94.3; stale: D4 only.
deal-move D12 proposal >/dev/null
run pipeline-show
out_is "a stage change resets the days in stage, not the age" <<'X'
stage,deals,amount,weighted,avg_age_days,stale
prospecting,3,1300.04,130,14.7,1
qualification,1,2500.15,500.03,14.0,0
proposal,3,38973.82,19486.91,94.3,1
negotiation,2,22777.77,17833.33,32.0,2
X
# An empty rotten_days falls back to config.json stale_days (here 10):
# proposal D6 (17 days) is now stale as well; D12 (0) is not.
sed -i 's/^proposal,3,50,best,21$/proposal,3,50,best,/' "$D/stages.csv"
sed -i 's/"stale_days": 30/"stale_days": 10/' "$D/config.json"
run pipeline-show --stage proposal
out_is "stale_days when the stage has no rotten_days" <<'X'
stage,deals,amount,weighted,avg_age_days,stale
proposal,3,38973.82,19486.91,94.3,2
X

# ---- errors ---------------------------------------------------------------------------
snap
run pipeline-show --status new
rc_is 2 "--status does not apply"
is "$(head -n 1 "$T/err")" "pipeline-show: --status does not apply to deals" "--status message"
run pipeline-show --by rep
rc_is 1 "bad --by"
is "$(head -n 1 "$T/err")" "pipeline-show: bad --by 'rep' (expected stage, owner, segment, source or month)" "--by message"
run pipeline-show --stage closing
rc_is 1 "unknown --stage"
err_is "unknown stage message" <<'X'
pipeline-show: unknown stage 'closing' (stages: prospecting, qualification, proposal, negotiation, won, lost)
X
run pipeline-show extra
rc_is 2 "an operand"
unchanged "pipeline-show writes nothing"
cp "$D/deals.csv" "$T/deals.csv"
sed -i 's/^D6,\(.*\),4999.99,/D6,\1,4999.999,/' "$D/deals.csv"
run pipeline-show
rc_is 1 "a bad amount in deals.csv"
err_is "FILE:LINE and the deal" <<X
pipeline-show: $D/deals.csv:7: deal D6: bad amount '4999.999'
X
cp "$T/deals.csv" "$D/deals.csv"
sed -i 's/^D6,\(.*\),proposal,/D6,\1,closing,/' "$D/deals.csv"
run pipeline-show
rc_is 1 "an unknown stage in deals.csv"
err_is "unknown stage in the file" <<X
pipeline-show: $D/deals.csv:7: deal D6: unknown stage 'closing' (stages: prospecting, qualification, proposal, negotiation, won, lost)
X
cp "$T/deals.csv" "$D/deals.csv"
sed -i 's/^D6,2026-11-10T09:00:00Z,/D6,2026-11-31,/' "$D/deals.csv"
run pipeline-show
rc_is 1 "a bad created date in deals.csv"
err_is "bad date in the file" <<X
pipeline-show: $D/deals.csv:7: bad created date '2026-11-31'
X
cp "$T/deals.csv" "$D/deals.csv"
echo "yesterday,tester,deal-move,deals,D6,stage,proposal,negotiation" >>"$D/history.csv"
run pipeline-show
rc_is 1 "a bad timestamp in history.csv"
is "$(cat "$T/err")" "pipeline-show: $D/history.csv:$(wc -l <"$D/history.csv"): bad ts 'yesterday'" "FILE:LINE in history.csv"
done_testing
