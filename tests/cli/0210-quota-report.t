#!/bin/sh
# quota-report over the shared scenario (tests/data/core/scenario.sh):
# quota, won, attainment, gap, pipeline, weighted, coverage, projected and
# pace per quota, a team's numbers rolled up through reps.team and
# reps.manager, a rep's own. Numbers checked by hand below.
. "${SALES_SRC:-.}/tests/cli/lib.sh"
. "$DATA/core/scenario.sh"
scenario

# Today 2026-11-27. 2026-Q4 is 2026-10-01..12-31 (92 days); by the end of
# today 58 have passed: elapsed 58/92 = 0.6304. 2026-11: 27/30 = 0.9.
# Won counts by closed date in the period; pipeline by expected close in
# the period, open deals not "omitted"; weighted = sum(amount x p) rounded once.
#
# A rep's quota counts the rep's own deals: victor has none, nor has cat
# in 2026-11 (D6 has no date, D9 was lost, D12 closes in Q3). Their
# teams have no quota of their own for those periods, so they get rows
# rolled up from their reps' quotas (quota_from reps), counting the deals
# a team's quota counts: lead 2026-Q4 (victor's 150000) and west 2026-11
# (cat's 10000), with the numbers below.
# lead (victor's team; everyone reports to victor): won D1 12000.33 (11-20) + D8 8000.10 (11-03) = 20000.43
#   (D11 was won in Q3); pipeline D2 1000.05 + D4 33333.33 + D5 7777.77
#   + D7 15000 = 57111.15 (D3 closes in 2027, D6 has no date, D12 closed in
#   Q3, D13 has no owner); weighted (100005x10 + 3333333x50 + 777777x75
#   + 1500000x80)/100 = 3459999.75 cents -> 34600.00.
#   attainment 20000.43/150000 = 0.1333 -> 0.13; gap 129999.57;
#   coverage 57111.15/129999.57 = 0.4393 -> 0.44; projected 20000.43 + 34600
#   = 54600.43; pace 0.1333/0.6304 = 0.2115 -> 0.21
# east (team east: mia, ann, ben): won D1; pipeline D2 + D4 + D5 = 42111.15
#   (D10 is mia's but omitted); weighted 2259999.75 -> 22600.00;
#   attainment 0.12; gap 87999.67; coverage 0.4785 -> 0.48; projected
#   34600.33; pace 0.1904 -> 0.19
# ann: won D1; pipeline D2 1000.05, weighted 100.005 -> 100.01;
#   attainment 0.60; gap 7999.67; coverage 1000.05/7999.67 = 0.1250 -> 0.13;
#   projected 12100.34; pace 0.6000165/0.6304 = 0.9518 -> 0.95
# ben: won 0; pipeline D4 + D5 = 41111.10; weighted 2249999.25 -> 22499.99;
#   attainment 0.00; gap 40000; coverage 1.0278 -> 1.03; pace 0.00
# west 2026-11 (cat and dan, who reports to cat): won D8 8000.10 (11-03);
#   pipeline D7 15000 (closes 11-30), weighted 12000; attainment 0.80;
#   gap 1999.90; coverage 15000/1999.90 = 7.5004 -> 7.50; projected
#   20000.10; pace 0.80001/0.9 = 0.8889 -> 0.89
run quota-report -f csv
rc_is 0 "quota-report -f csv"
out_is "the quotas whose period holds today, in file order" <<'X'
owner,period,quota,won,attainment,gap,pipeline,weighted,coverage,projected,pace,quota_from
victor,2026-Q4,150000,0,0.00,150000,0,0,0.00,0,0.00,set
east,2026-Q4,100000,12000.33,0.12,87999.67,42111.15,22600,0.48,34600.33,0.19,set
ann,2026-Q4,20000,12000.33,0.60,7999.67,1000.05,100.01,0.13,12100.34,0.95,set
ben,2026-Q4,40000,0,0.00,40000,41111.1,22499.99,1.03,22499.99,0.00,set
cat,2026-11,10000,0,0.00,10000,0,0,0.00,0,0.00,set
lead,2026-Q4,150000,20000.43,0.13,129999.57,57111.15,34600,0.44,54600.43,0.21,reps
west,2026-11,10000,8000.1,0.80,1999.9,15000,12000,7.50,20000.1,0.89,reps
X
run env SALES_FORCE_TTY=1 quota-report
out_is "table: grouped money, attainment bars (full at 1.0 = 16 cells)" <<'X'
owner   period        quota        won  attainment         gap   pipeline   weighted  coverage  projected  pace  quota_from
victor  2026-Q4  150,000.00       0.00        0.00  150,000.00       0.00       0.00      0.00       0.00  0.00  set
east    2026-Q4  100,000.00  12,000.33        0.12   87,999.67  42,111.15  22,600.00      0.48  34,600.33  0.19  set         █▉
ann     2026-Q4   20,000.00  12,000.33        0.60    7,999.67   1,000.05     100.01      0.13  12,100.34  0.95  set         █████████▌
ben     2026-Q4   40,000.00       0.00        0.00   40,000.00  41,111.10  22,499.99      1.03  22,499.99  0.00  set
cat     2026-11   10,000.00       0.00        0.00   10,000.00       0.00       0.00      0.00       0.00  0.00  set
lead    2026-Q4  150,000.00  20,000.43        0.13  129,999.57  57,111.15  34,600.00      0.44  54,600.43  0.21  reps        ██
west    2026-11   10,000.00   8,000.10        0.80    1,999.90  15,000.00  12,000.00      7.50  20,000.10  0.89  reps        ████████████▊
X
run quota-report -f json --owner ben
out_is "json: ratios and money as numbers" <<'X'
[
{"owner":"ben","period":"2026-Q4","quota":40000,"won":0,"attainment":0.00,"gap":40000,"pipeline":41111.1,"weighted":22499.99,"coverage":1.03,"projected":22499.99,"pace":0.00,"quota_from":"set"}
]
X
run quota-report -f ndjson --owner cat
out_is "ndjson" <<'X'
{"owner":"cat","period":"2026-11","quota":10000,"won":0,"attainment":0.00,"gap":10000,"pipeline":0,"weighted":0,"coverage":0.00,"projected":0,"pace":0.00,"quota_from":"set"}
X
run quota-report -f tsv --owner ann
out_is "tsv" <<'X'
owner	period	quota	won	attainment	gap	pipeline	weighted	coverage	projected	pace	quota_from
ann	2026-Q4	20000	12000.33	0.60	7999.67	1000.05	100.01	0.13	12100.34	0.95	set
X

# ---- choosing quotas: --period, --owner, --team ---------------------------------------
# ann 2026-Q3: won D11 3000 (09-15); nothing of ann's closes in Q3;
# the quarter is over: elapsed 1, pace = attainment.
run quota-report --period 2026-Q3
out_is "--period: a past quarter" <<'X'
owner,period,quota,won,attainment,gap,pipeline,weighted,coverage,projected,pace,quota_from
ann,2026-Q3,5000,3000,0.60,2000,0,0,0.00,3000,0.60,set
east,2026-Q3,5000,3000,0.60,2000,0,0,0.00,3000,0.60,reps
X
run quota-report --period next-quarter
out_is "--period: a future quarter has no pace yet" <<'X'
owner,period,quota,won,attainment,gap,pipeline,weighted,coverage,projected,pace,quota_from
west,2027-Q1,30000,0,0.00,30000,0,0,0.00,0,,set
X
run quota-report --period 2026-12
out_is "--period with no quotas: the header only" <<'X'
owner,period,quota,won,attainment,gap,pipeline,weighted,coverage,projected,pace,quota_from
X
run quota-report --owner ann,cat
out_is "--owner: those owners' quotas" <<'X'
owner,period,quota,won,attainment,gap,pipeline,weighted,coverage,projected,pace,quota_from
ann,2026-Q4,20000,12000.33,0.60,7999.67,1000.05,100.01,0.13,12100.34,0.95,set
cat,2026-11,10000,0,0.00,10000,0,0,0.00,0,0.00,set
X
run quota-report --team east
out_is "--team: the team's quota and its members'" <<'X'
owner,period,quota,won,attainment,gap,pipeline,weighted,coverage,projected,pace,quota_from
east,2026-Q4,100000,12000.33,0.12,87999.67,42111.15,22600,0.48,34600.33,0.19,set
ann,2026-Q4,20000,12000.33,0.60,7999.67,1000.05,100.01,0.13,12100.34,0.95,set
ben,2026-Q4,40000,0,0.00,40000,41111.1,22499.99,1.03,22499.99,0.00,set
X

# ---- deal filters narrow the deals counted ------------------------------------------------
# --segment b2b: won D1 + D8 (both b2b); pipeline D2 + D7 = 16000.05,
# weighted (1000050 + 120000000)/100 = 1210000.5 -> 12100.01.
run quota-report --segment b2b --team lead --period 2026-Q4
out_is "--segment" <<'X'
owner,period,quota,won,attainment,gap,pipeline,weighted,coverage,projected,pace,quota_from
victor,2026-Q4,150000,0,0.00,150000,0,0,0.00,0,0.00,set
ann,2026-Q4,20000,12000.33,0.60,7999.67,1000.05,100.01,0.13,12100.34,0.95,set
ben,2026-Q4,40000,0,0.00,40000,0,0,0.00,0,0.00,set
lead,2026-Q4,150000,20000.43,0.13,129999.57,16000.05,12100.01,0.12,32100.44,0.21,reps
X
# --source web: pipeline D2 + D5 = 8777.82; weighted (1000050 + 58333275)/100
# = 593333.25 -> 5933.33 (rounded once).
run quota-report --source web --team lead --period 2026-Q4
out_is "--source" <<'X'
owner,period,quota,won,attainment,gap,pipeline,weighted,coverage,projected,pace,quota_from
victor,2026-Q4,150000,0,0.00,150000,0,0,0.00,0,0.00,set
ann,2026-Q4,20000,12000.33,0.60,7999.67,1000.05,100.01,0.13,12100.34,0.95,set
ben,2026-Q4,40000,0,0.00,40000,7777.77,5833.33,0.19,5833.33,0.00,set
lead,2026-Q4,150000,20000.43,0.13,129999.57,8777.82,5933.33,0.07,25933.76,0.21,reps
X
# amount > 10000: won D1 only; pipeline D4 + D7 = 48333.33, weighted
# 286666650/100 = 2866666.5 -> 28666.67; projected 40667.
run quota-report --where 'amount > 10000' --team lead
out_is "--where" <<'X'
owner,period,quota,won,attainment,gap,pipeline,weighted,coverage,projected,pace,quota_from
victor,2026-Q4,150000,0,0.00,150000,0,0,0.00,0,0.00,set
ann,2026-Q4,20000,12000.33,0.60,7999.67,0,0,0.00,12000.33,0.95,set
ben,2026-Q4,40000,0,0.00,40000,33333.33,16666.67,0.83,16666.67,0.00,set
cat,2026-11,10000,0,0.00,10000,0,0,0.00,0,0.00,set
lead,2026-Q4,150000,12000.33,0.08,137999.67,48333.33,28666.67,0.35,40667,0.13,reps
X

# ---- quarters follow fiscal_year_start ------------------------------------------------------
# With the fiscal year starting in October, this quarter is 2026-Q1
# (2026-10-01..12-31): over quota, no gap, coverage undefined (empty).
sed -i 's/"fiscal_year_start": 1,/"fiscal_year_start": 10,/' "$D/config.json"
quota-set victor this-quarter 1000 >/dev/null
run quota-report --owner victor
out_is "a fiscal quarter; attainment over 1; empty coverage" <<'X'
owner,period,quota,won,attainment,gap,pipeline,weighted,coverage,projected,pace,quota_from
victor,2026-Q1,1000,0,0.00,1000,0,0,0.00,0,0.00,set
X
sed -i 's/"fiscal_year_start": 10,/"fiscal_year_start": 1,/' "$D/config.json"

# ---- errors ---------------------------------------------------------------------------
snap
run quota-report --stage won
rc_is 2 "--stage is not a quota-report flag"
run quota-report --period 2026-Q9
rc_is 1 "bad --period"
err_is "bad period message" <<'X'
quota-report: bad --period '2026-Q9' (expected 2026, 2026-Q4, 2026-11, 2026-W48, this-quarter, last-month, ...)
X
run quota-report --owner zed
rc_is 1 "unknown --owner"
err_is "unknown rep" <<'X'
quota-report: unknown rep 'zed' (not in reps.csv)
X
run quota-report x
rc_is 2 "an operand"
unchanged "quota-report writes nothing"
cp "$D/quotas.csv" "$T/quotas.csv"
echo "ann,2026-Q5,10" >>"$D/quotas.csv"
run quota-report
rc_is 1 "a bad period in quotas.csv"
is "$(cat "$T/err")" "quota-report: $D/quotas.csv:$(wc -l <"$D/quotas.csv"): bad period '2026-Q5'" "FILE:LINE"
cp "$T/quotas.csv" "$D/quotas.csv"
echo "ann,2026-Q4,lots" >>"$D/quotas.csv"
run quota-report
rc_is 1 "a bad amount in quotas.csv"
is "$(cat "$T/err")" "quota-report: $D/quotas.csv:$(wc -l <"$D/quotas.csv"): bad amount 'lots'" "FILE:LINE"
done_testing
