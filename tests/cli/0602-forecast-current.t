#!/bin/sh
# forecast: the current, unfinished period is booked so far plus the share
# of a period's bookings that came after the same point of the past periods
# (issue 13), with the intervals of that remainder only.
. "${SALES_SRC:-.}/tests/cli/lib.sh"

rep-add alice --team east >/dev/null
rep-add bob --team west >/dev/null
# today is 2026-11-27: 27 of November's 30 days are gone (0.9), 58 of Q4's 92 (0.6304)
{
    echo "name,owner,amount,stage,closed"
    echo "a,alice,1000,won,2026-05-14"
    echo "b,alice,1500,won,2026-07-02"
    echo "c,bob,500.50,won,2026-07-30"
    echo "d,alice,2000,won,2026-08-10"
    echo "e,bob,1800,won,2026-09-09"
    echo "f,alice,2200,won,2026-10-31"
    echo "g,alice,9999,won,2026-11-02"
    echo "h,alice,7777,lost,2026-11-03"
    echo "i,alice,5555,proposal,"
} | deal-add - >/dev/null

# Months: late in their month (day offset / days >= 0.9) are c (29/31) and
# f (30/31): 2700.50 of 9000.50 = 30.004%. Naive forecasts October's 2200,
# lo80 892.82 (see 0600): 9999 + 0.30004 * 2200 = 10659.09, 9999 + 0.30004 * 892.82 = 10266.88
run forecast --method naive --horizon 2 --verbose
out_is "November: booked 9999 plus 30.0% of the month's forecast" <<'X'
period,booked,forecast,lo80,hi80,lo95,hi95,method
2026-11,9999,10659.09,10266.88,11051.29,10059.26,11258.91,Naive
2026-12,,2200,351.36,4048.64,0,5027.24,Naive
X
err_is "--verbose says what the current period holds and the share" <<'X'
forecast: Naive (--method naive) fitted to 6 periods, 2026-05 to 2026-10, residual sd 1020.00
forecast: 2026-11 is under way: 9999.00 booked so far, and 30.0% of a period's bookings came after this point of it in the past periods
X
# Quarters: booked f + g = 12199; after 0.6304 of their quarter only e (70/92):
# 1800 of 6800.50 = 26.468%; naive 5800.50: 12199 + 1535.31 = 13734.31; lo80 is 0 cut
# at zero, so lo80 = booked
run forecast --method naive --by quarter --horizon 1 -f json
out_is "Q4: booked 12199 plus 26.5% of the quarter's forecast; lo80 never below booked" <<'X'
[
{"period":"2026-Q4","booked":12199,"forecast":13734.31,"lo80":12199,"hi80":15362.69,"lo95":12199,"hi95":16224.7,"method":"Naive"}
]
X
run forecast --method naive --horizon 1 --owner alice -f csv
# alice: 1000, 0, 1500, 2000, 0, 2200 (changes RMS 1571.0, lo80 2200 - 2013.3 = 186.7);
# late in a month only f: 2200 of 6700 = 32.836%: 9999 + 0.32836 * 186.7 = 10060.30
out_is "--owner: her bookings, her share (32.8%)" <<'X'
period,booked,forecast,lo80,hi80,lo95,hi95,method
2026-11,9999,10721.39,10060.3,11382.47,9999,11732.43,Naive
X
# On the period's first day: 1 of 30 days gone; every past booking but b (1/31 < 1/30)
# came later in its month; g (2 November) is not booked yet
SALES_NOW=2026-11-01T08:00:00Z forecast --method naive --horizon 1 -f csv >"$T/first"
file_is "$T/first" "the first day of November: nothing booked, (9000.50 - 1500) / 9000.50 of 2200" <<'X'
period,booked,forecast,lo80,hi80,lo95,hi95,method
2026-11,0,1833.35,744.02,2922.68,167.37,3499.34,Naive
X
# The lost deal in November does not count as booked, and a series on standard
# input knows nothing of a current period: no booked column
printf 'period,value\n2026-09,5\n2026-10,6\n' | forecast - --method naive --horizon 1 >"$T/in"
file_is "$T/in" "a series on standard input: no booked column" <<'X'
period,forecast,lo80,hi80,lo95,hi95,method
2026-11,6.00,4.72,7.28,4.04,7.96,Naive
X
SALES_FORCE_TTY=1 forecast --method naive --horizon 1 >"$T/tty"
is "$(head -2 "$T/tty" | tr -s ' ')" "period booked forecast lo80 hi80 lo95 hi95 method
2026-11 9,999.00 10,659.09 10,266.88 11,051.29 10,059.26 11,258.91 Naive" "the terminal table"
done_testing
