#!/bin/sh
# forecast --by owner|team|segment: the current, unfinished period of every
# series is, as for the company's forecast (0602), what it booked so far plus
# its own share of a period's bookings still to come times its forecast; with
# --reconcile the parts still add up to the cent, booked included.
. "${SALES_SRC:-.}/tests/cli/lib.sh"

rep-add alice --team east >/dev/null
rep-add bob --team east >/dev/null
rep-add carol --team west >/dev/null
rep-add dan --team west >/dev/null
# today is 2026-11-27: 27 of November's 30 days gone (0.9). Came after that
# point of their month: a2 (28/31), a4 (30/31), b2 (29/31), c1 (29/31), c3 (28/30)
#   alice 100, 200, 300, 400; after 600 of 1000 (0.6); November 500
#   bob 300, 100, 0, 200; after 100 of 600 (1/6); November nothing
#   carol 250, 0, 150, 50; after 400 of 450 (8/9); November 1000
#   dan no past (share 1 - 0.9 = 0.1 of a forecast of 0); November 700
{
    echo "name,owner,amount,stage,closed,segment"
    echo "a1,alice,100,won,2026-07-05,b2b"
    echo "a2,alice,200,won,2026-08-29,b2b"
    echo "a3,alice,300,won,2026-09-10,saas"
    echo "a4,alice,400,won,2026-10-31,saas"
    echo "a5,alice,500,won,2026-11-02,saas"
    echo "b1,bob,300,won,2026-07-28,b2b"
    echo "b2,bob,100,won,2026-08-30,b2b"
    echo "b4,bob,200,won,2026-10-12,saas"
    echo "c1,carol,250,won,2026-07-30,b2b"
    echo "c3,carol,150,won,2026-09-29,saas"
    echo "c4,carol,50,won,2026-10-01,saas"
    echo "c5,carol,1000,won,2026-11-20,b2b"
    echo "d5,dan,700,won,2026-11-25,b2b"
    echo "x,carol,888,won,2026-11-28,b2b"
    echo "y,bob,999,lost,2026-11-03,b2b"
} | deal-add - >/dev/null
snap

# naive: October's value. alice 500 + 0.6 * 400 = 740; bob 200 / 6 = 33.33;
# carol 1000 + 8/9 * 50 = 1044.44; dan 700 + 0.1 * 0 = 700. east booked 500,
# share 700/1600: 500 + 0.4375 * 600 = 762.50; west 1700 + 400/450 * 50 = 1744.44;
# total 2200 + 1100/2050 * 650 = 2548.78. x closes after today, y was lost.
run forecast --by owner --method naive --horizon 2 -f csv
rc_is 0 "--by owner without --reconcile"
is "$(cut -d, -f1-5 "$T/out")" "level,owner,period,booked,forecast
total,total,2026-11,2200,2548.78
total,total,2026-12,,650
team,east,2026-11,500,762.5
team,east,2026-12,,600
team,west,2026-11,1700,1744.44
team,west,2026-12,,50
owner,alice,2026-11,500,740
owner,alice,2026-12,,400
owner,bob,2026-11,0,33.33
owner,bob,2026-12,,200
owner,carol,2026-11,1000,1044.44
owner,carol,2026-12,,50
owner,dan,2026-11,700,700
owner,dan,2026-12,,0" "every series: booked plus its share of its forecast; a rep new this month is there"

# the same as forecasting each alone (the series all start in July here)
for who in total alice carol; do
    if [ "$who" = total ]; then forecast --method naive --horizon 1 -f csv >"$T/one"
    else forecast --method naive --horizon 1 --owner "$who" -f csv >"$T/one"; fi
    is "$(grep "^[a-z]*,$who,2026-11," "$T/out" | cut -d, -f4-9)" "$(sed -n 2p "$T/one" | cut -d, -f2-7)" \
        "$who: the row of forecast alone (booked, forecast, intervals)"
done

# bottom-up: the reps' as above, the teams and the total their sums
run forecast --by owner --method naive --horizon 1 --reconcile=bu -f csv
is "$(cut -d, -f1-5 "$T/out")" "level,owner,period,booked,forecast
total,total,2026-11,2200,2517.77
team,east,2026-11,500,773.33
team,west,2026-11,1700,1744.44
owner,alice,2026-11,500,740
owner,bob,2026-11,0,33.33
owner,carol,2026-11,1000,1044.44
owner,dan,2026-11,700,700" "--reconcile=bu: 740 + 33.33 + 1044.44 + 700 = 2517.77"

# every reconciliation: per level and period the sums of booked and of the
# forecast are equal to the cent, and no current forecast is below its booked
sums() {
    awk -F, 'NR > 1 { c[$1 SUBSEP $3] += sprintf("%.0f", $5 * 100); b[$1 SUBSEP $3] += sprintf("%.0f", $4 * 100)
            if ($4 != "" && $5 + 0 < $4 + 0) low = 1 }
        END { for (x in c) { split(x, p, SUBSEP); print p[2], p[1], c[x], b[x] }
            if (low) print "below booked" }' "$T/out" |
        sort | awk '/below/ { bad = 1 } { if ($1 == last && ($3 != v || $4 != w)) bad = 1; last = $1; v = $3; w = $4 }
            END { print bad ? "differ" : "equal" }'
}
for how in =bu =wls =mint; do
    for m in naive ensemble; do
        run forecast --by owner --method $m --horizon 3 --reconcile$how -f csv
        rc_is 0 "--reconcile$how --method $m"
        is "$(sums)" "equal" "--reconcile$how --method $m: the parts add up to the whole, booked and forecast"
    done
done
run forecast --by segment --method naive --horizon 2 --reconcile -f csv
is "$(sums)" "equal" "--by segment --reconcile: the segments add up to the total"
is "$(grep '^total,total,2026-11,' "$T/out" | cut -d, -f4)" "2200" "... the total's booked"
run forecast --by team --horizon 2 --reconcile=wls -f json
is "$(grep -c '"booked":' "$T/out")" "6" "json: booked in every row (null after the first period)"
unchanged "the data directory is only read"
done_testing
