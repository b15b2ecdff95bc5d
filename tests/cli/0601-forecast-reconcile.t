#!/bin/sh
# forecast --by owner|team|segment [--reconcile[=bu|wls|mint]]: a forecast per rep,
# team and the company that adds up; --backtest per level and method.
. "${SALES_SRC:-.}/tests/cli/lib.sh"

rep-add alice --team east >/dev/null
rep-add bob --team east >/dev/null
rep-add carol --team west >/dev/null
rep-add dave >/dev/null
# won deals, July to October 2026 (November, the current month, is booked so far,
# not history):
#   alice 100, 200, 100, 300    bob 50, 0, 150, 100    carol 0, 400, 0, 200
#   dave 0, 0, 70, 0 (no team)
# east = 150, 200, 250, 400; west = carol; (none) = dave; total 150, 600, 320, 600
{
    echo "name,owner,amount,stage,closed,segment"
    echo "a1,alice,100,won,2026-07-03,b2b"
    echo "a2,alice,200,won,2026-08-03,b2b"
    echo "a3,alice,100,won,2026-09-03,saas"
    echo "a4,alice,300,won,2026-10-03,saas"
    echo "b1,bob,50,won,2026-07-13,b2b"
    echo "b3,bob,150,won,2026-09-13,b2b"
    echo "b4,bob,100,won,2026-10-13,saas"
    echo "c2,carol,400,won,2026-08-23,saas"
    echo "c4,carol,200,won,2026-10-23,b2b"
    echo "d3,dave,70,won,2026-09-30,"
    echo "x,alice,9999,won,2026-11-02,b2b"
    echo "y,bob,5555,lost,2026-09-02,b2b"
} | deal-add - >/dev/null
snap

run forecast --by owner --method naive --horizon 1 --reconcile -f csv
rc_is 0 "--by owner --reconcile"
# November is under way (27 of 30 days, 0.9): each series' forecast is what it
# booked (alice's x, 9999) plus its share of a month's bookings that came after
# day 27 in the past times its naive forecast (October). Only dave's d3 (30
# September) came that late: shares alice, bob, carol, east, west 0; dave and
# (none) 1 (forecast 0); total 70 / 1670, so its rest is 600 * 70 / 1670 = 25.15
# and the others' 0. wls spreads the difference: with weights 1/4 (total), 1/2
# (east), 1 (the rest), every rep gets c with 3c = 25.15 / 4, c = 2.10.
is "$(cut -d, -f1-5,10 "$T/out")" "level,owner,period,booked,forecast,method
total,total,2026-11,9999,10007.4,Naive
team,(none),2026-11,0,2.1,Naive
team,east,2026-11,9999,10003.2,Naive
team,west,2026-11,0,2.1,Naive
owner,alice,2026-11,9999,10001.1,Naive
owner,bob,2026-11,0,2.1,Naive
owner,carol,2026-11,0,2.1,Naive
owner,dave,2026-11,0,2.1,Naive" "rows top-down, teams and reps by name, the key before period, booked"

# sums per level and period, in cents, must be equal at every level
sums() { # "equal" when every level's forecasts sum to the same per period
    awk -F, 'NR > 1 { c[$1 SUBSEP $3] += sprintf("%.0f", $5 * 100) }
        END { for (x in c) { split(x, p, SUBSEP); print p[2], p[1], c[x] } }' "$T/out" |
        sort | awk '{ if ($1 == last && $3 != v) bad = 1; last = $1; v = $3 } END { print bad ? "differ" : "equal" }'
}
for how in "" =bu =wls; do
    run forecast --by owner --horizon 6 --reconcile$how -f csv
    rc_is 0 "--reconcile$how with auto"
    is "$(sums)" "equal" "--reconcile$how: reps, teams and the total add up to the cent every month"
    is "$(awk -F, 'NR > 1 && $1 == "team" && $2 == "east"' "$T/out" | wc -l)" "6" \
        "--reconcile$how: six months of team east"
done
# and the teams sum per team: east = alice + bob
run forecast --by owner --horizon 3 --reconcile -f csv
is "$(awk -F, 'NR > 1 { v[$2 "," $3] = $5 } END { for (p in v) { split(p, q, ","); if (q[1] == "east") \
    { s = v["alice," q[2]] + v["bob," q[2]]; if (sprintf("%.2f", s) != sprintf("%.2f", v[p])) bad = 1 } } \
    print bad ? "no" : "yes" }' "$T/out")" "yes" "team east = alice + bob in every month"

run forecast --by team --by quarter --method naive --horizon 1 --reconcile=bu -f csv
# quarters: 2026-Q3 = July to September, Q4 so far (October) is before
# November... Q4 holds today, so only Q3 is history: one period, too short
rc_is 1 "one quarter of history is too short"

run forecast --by segment --method naive --horizon 1 --reconcile -f csv
# segments: b2b 150 (Jul), 200 (Aug), 150 (Sep), 200 (Oct); saas 0, 400, 100,
# 400; (none) 0, 0, 70, 0; total 600 in October. November: b2b booked 9999;
# rests as above, total 25.15, the segments 0: wls (weights 1/3 and 1) gives
# each segment c with 2c = 25.15 / 3, c = 4.19
is "$(cut -d, -f1-5 "$T/out")" "level,segment,period,booked,forecast
total,total,2026-11,9999,10011.57
segment,(none),2026-11,0,4.19
segment,b2b,2026-11,9999,10003.19
segment,saas,2026-11,0,4.19" "--by segment: segments and their total"

run forecast --by team --method naive --horizon 1 -f csv
# each its own: the total 9999 + 600 * 70 / 1670, as forecast without --by has it
is "$(cut -d, -f1-5 "$T/out")" "level,team,period,booked,forecast
total,total,2026-11,9999,10024.15
team,(none),2026-11,0,0
team,east,2026-11,9999,9999
team,west,2026-11,0,0" "--by team without --reconcile: the base forecasts, not added up"
run forecast --method naive --horizon 1 -f csv
is "$(cut -d, -f2,3 "$T/out")" "booked,forecast
9999,10024.15" "the same total as forecast without --by"

# ---- backtest per level ----------------------------------------------------------------
run forecast --by owner --method naive --horizon 1 --backtest=1
# one origin: fitted to July-September, October forecast by its last value:
# alice 100 (actual 300): sMAPE 200*200/400 = 100, MASE 200/100 = 2
# bob 150 (100): 40, 50/100 = 0.5; carol 0 (200): 200, 200/400 = 0.5
# dave 70 (0): 200, 70/35 = 2 -> owners 135.00, 1.250
# east 250 (400): 46.15, 150/50 = 3; west 0 (200): 200, 0.5; (none) 200, 2
#   -> teams 148.72, 1.833
# total 320 (600): 200*280/920 = 60.87; changes 450, 280: 280/365 = 0.767
# naive forecasts add up, so bu and wls change nothing; mint needs two
# one-step errors before an origin (0604), so it counts none here
out_is "--backtest: each reconciliation's error at each level" <<'X'
level,reconcile,smape,mase,series,origins
total,base,60.87,0.767,1,1
total,bu,60.87,0.767,1,1
total,wls,60.87,0.767,1,1
total,mint,,,1,0
team,base,148.72,1.833,3,1
team,bu,148.72,1.833,3,1
team,wls,148.72,1.833,3,1
team,mint,,,3,0
owner,base,135.00,1.250,4,1
owner,bu,135.00,1.250,4,1
owner,wls,135.00,1.250,4,1
owner,mint,,,4,0
X
run forecast --by owner --backtest=2 --horizon 1 -f csv
rc_is 0 "--backtest with the default method"
is "$(cut -d, -f1,2,5,6 "$T/out" | tr '\n' ' ')" \
    "level,reconcile,series,origins total,base,1,2 total,bu,1,2 total,wls,1,2 total,mint,1,0 team,base,3,2 team,bu,3,2 team,wls,3,2 team,mint,3,0 owner,base,4,2 owner,bu,4,2 owner,wls,4,2 owner,mint,4,0 " \
    "--backtest=2: every level and method, two origins"
run forecast --by owner --backtest=4 --horizon 1
rc_is 1 "more origins than the history holds"
err_is "the message says what to change" <<'X'
forecast: 4 periods of history are too few for 4 origins at horizon 1 (use a smaller --backtest or --horizon)
X

# ---- bad input -------------------------------------------------------------------------
run forecast --reconcile
rc_is 2 "--reconcile without --by owner, team or segment"
run forecast --by owner --reconcile=ols
rc_is 1 "an unknown reconciliation"
err_is "it says which are known" <<'X'
forecast: bad --reconcile 'ols' (expected bu, wls or mint)
X
run forecast --by owner --reconcile=mint --method ses
rc_is 1 "mint with ses on four months (ses fits four or more: no one-step error)"
err_is "... says why" <<'X'
forecast: 4 periods are too few for mint with --method ses (it needs two one-step forecasts to estimate the errors' covariance; use wls)
X
run forecast --by owner -
rc_is 2 "--by owner with a series on standard input"
run forecast --by owner --pipeline
rc_is 2 "--by owner with --pipeline"
run forecast --by rep
rc_is 1 "--by rep is neither a period nor a key"
err_is "the message is the one --by always gave" <<'X'
forecast: bad --by 'rep' (expected month, quarter or year)
X
unchanged "the data directory is never written"
done_testing
