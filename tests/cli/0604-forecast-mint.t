#!/bin/sh
# forecast --by owner --reconcile=mint: MinT with the shrunk covariance of
# the one-step errors; the parts add up to the cent, coherent base forecasts
# stay as they are, and --backtest counts mint where two one-step errors can
# be had before an origin.
. "${SALES_SRC:-.}/tests/cli/lib.sh"
# the first of November: nothing booked in it yet, and every past deal came
# after the first day of its month, so the current month's forecast is the
# whole month's (forecast(1): the current period)
export SALES_NOW=2026-11-01T08:00:00Z

rep-add alice --team east >/dev/null
rep-add bob --team east >/dev/null
rep-add carol --team west >/dev/null
# ten months, January to October 2026, of won deals with some noise
awk 'BEGIN { print "name,owner,amount,stage,closed"
    for (m = 1; m <= 10; m++) {
        printf "a%d,alice,%d,won,2026-%02d-05\n", m, 1000 + 100 * m + 300 * (m % 3), m
        printf "b%d,bob,%d,won,2026-%02d-12\n", m, 800 + 250 * (m % 4), m
        printf "c%d,carol,%d,won,2026-%02d-20\n", m, 2000 - 90 * m + 400 * (m % 2), m } }' |
    deal-add - >/dev/null
snap

# naive forecasts are the last values (October: alice 1000 + 1000 + 300,
# bob 800 + 500, carol 2000 - 900), which add up: any projection keeps them
run forecast --by owner --method naive --horizon 1 --reconcile=mint -f csv
out_is "naive forecasts are coherent: mint leaves them as they are" <<'X'
level,owner,period,booked,forecast,lo80,hi80,lo95,hi95,method
total,total,2026-11,0,4700,3860.67,5539.33,3416.36,5983.64,Naive
team,east,2026-11,0,3600,2977.64,4222.36,2648.19,4551.81,Naive
team,west,2026-11,0,1100,562.21,1637.79,277.52,1922.48,Naive
owner,alice,2026-11,0,2300,1741.38,2858.62,1445.67,3154.33,Naive
owner,bob,2026-11,0,1300,766.02,1833.98,483.35,2116.65,Naive
owner,carol,2026-11,0,1100,562.21,1637.79,277.52,1922.48,Naive
X

sums() { # "equal" when every level's forecasts sum to the same per period
    awk -F, 'NR > 1 { c[$1 SUBSEP $3] += sprintf("%.0f", $5 * 100) }
        END { for (x in c) { split(x, p, SUBSEP); print p[2], p[1], c[x] } }' "$T/out" |
        sort | awk '{ if ($1 == last && $3 != v) bad = 1; last = $1; v = $3 } END { print bad ? "differ" : "equal" }'
}
for m in ses auto theta ensemble; do
    run forecast --by owner --method $m --horizon 4 --reconcile=mint -f csv
    rc_is 0 "--reconcile=mint with $m"
    is "$(sums)" "equal" "--reconcile=mint with $m: reps, teams and the total add up to the cent"
    is "$(awk -F, 'NR > 1 && $1 == "team" && $2 == "east" { s += $5 * 100 }
        NR > 1 && $1 == "owner" && ($2 == "alice" || $2 == "bob") { t += $5 * 100 }
        END { printf "%.0f %.0f", s, t }' "$T/out" | awk '{ print ($1 == $2) ? "same" : $0 }')" "same" \
        "--reconcile=mint with $m: east = alice + bob"
done
run forecast --by owner --method ses --horizon 2 --reconcile=mint -f csv
cp "$T/out" "$T/mint"
run forecast --by owner --method ses --horizon 2 --reconcile=wls -f csv
ok "$(cmp -s "$T/out" "$T/mint"; [ $? -ne 0 ]; echo $?)" "mint is not wls (the errors weigh the nodes)"

run forecast --by owner --method ses --backtest=3 --horizon 1 -f csv
rc_is 0 "--backtest with mint"
# origins after 7, 8 and 9 months; ses fits four periods or more, so mint's two
# one-step errors need six before an origin: all three count
is "$(grep ',mint,' "$T/out" | cut -d, -f1,5,6 | tr '\n' ' ')" "total,1,3 team,2,3 owner,3,3 " \
    "--backtest: a mint row per level, three origins"
run forecast --by owner --method ses --backtest=6 --horizon 1 -f csv
is "$(grep ',mint,' "$T/out" | cut -d, -f1,5,6 | tr '\n' ' ')" "total,1,4 team,2,4 owner,3,4 " \
    "--backtest=6: origins after 4 to 9 months: mint counts the four after 6 to 9"
is "$(grep ',wls,' "$T/out" | cut -d, -f6 | tr '\n' ' ')" "6 6 6 " "... wls all six"
unchanged "the data directory is only read"

# a method the series cannot take: the node and the model's own message, once
run forecast --by owner --method hw --reconcile=mint
rc_is 1 "hw on ten months"
err_is "... names the series and says why" <<'X'
forecast: total total: Holt-Winters needs at least 24 observations (two full seasons)
X
done_testing
