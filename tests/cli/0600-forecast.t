#!/bin/sh
# forecast: the bookings forecast (series from deals.csv or standard input),
# intervals, levels, formats, backtest, the chart, and bad input.
. "${SALES_SRC:-.}/tests/cli/lib.sh"

# ---- a series on standard input --------------------------------------------------------
printf 'period,value\n2025-01,10\n2025-02,12\n2025-03,10\n2025-04,12\n2025-05,10\n2025-06,12\n' >"$T/alt.csv"
run forecast - --method naive --horizon 3 <"$T/alt.csv"
# naive: the last value; sigma is the RMS of the one-step changes (+-2) = 2, so
# lo80 = 12 - 1.2816 * 2 * sqrt(h) = 9.44 (h 1), 8.38 (h 2), 7.56 (h 3); lo95 uses 1.96
out_is "naive: last value, intervals widening with sqrt(h)" <<'X'
period,forecast,lo80,hi80,lo95,hi95,method
2025-07,12.00,9.44,14.56,8.08,15.92,Naive
2025-08,12.00,8.38,15.62,6.46,17.54,Naive
2025-09,12.00,7.56,16.44,5.21,18.79,Naive
X
run forecast - --method naive --horizon 2 --level 90 -f tsv <"$T/alt.csv"
out_is "--level 90 (1.6449 sigma), tsv" <<'X'
period	forecast	lo90	hi90	method
2025-07	12.00	8.71	15.29	Naive
2025-08	12.00	7.35	16.65	Naive
X
run forecast - --method naive --horizon 1 --level 50,80,95,99 <"$T/alt.csv"
out_is "four levels" <<'X'
period,forecast,lo50,hi50,lo80,hi80,lo95,hi95,lo99,hi99,method
2025-07,12.00,10.65,13.35,9.44,14.56,8.08,15.92,6.85,17.15,Naive
X

# three years of a monthly series with a season and a trend
awk 'BEGIN { print "period,value"; for (i = 0; i < 36; i++) { m = i % 12 + 1; y = 2023 + int(i / 12);
    printf "%d-%02d,%d\n", y, m, 100 + 10 * (m == 12) + 5 * (m == 11) - 5 * (m == 7) + i } }' >"$T/seas.csv"
run forecast - --method snaive --horizon 2 <"$T/seas.csv"
out_is "snaive: the same month a year before (124 = 100 + 24, 125)" <<'X'
period,forecast,lo80,hi80,lo95,hi95,method
2026-01,124.00,108.62,139.38,100.48,147.52,Seasonal naive
2026-02,125.00,109.62,140.38,101.48,148.52,Seasonal naive
X
run forecast - --method auto --horizon 12 <"$T/seas.csv"
rc_is 0 "auto on a seasonal series"
is "$(cut -d, -f1,2 "$T/out" | tr '\n' ' ')" "period,forecast 2026-01,136.00 2026-02,137.00 2026-03,138.00 2026-04,139.00 2026-05,140.00 2026-06,141.00 2026-07,137.00 2026-08,143.00 2026-09,144.00 2026-10,145.00 2026-11,151.00 2026-12,157.00 " \
    "auto recovers trend and season exactly (July -5, November +5, December +10)"
is "$(grep -c '"ETS(M,A,A)"$' "$T/out")" "12" "a seasonal ETS model was chosen"
run forecast - --method auto --horizon 1 --verbose <"$T/seas.csv"
err_is "--verbose says what was fitted" <<'X'
forecast: ETS(M,A,A) (--method auto) fitted to 36 periods, 2023-01 to 2025-12, AICc -1807.4, residual sd 0.00
X
# the default is ensemble: the mean of the auto, arima and theta forecasts
run forecast - --horizon 12 -f csv <"$T/seas.csv"
cp "$T/out" "$T/default.csv"
for m in auto arima theta; do
    forecast - --method $m --horizon 12 -f csv <"$T/seas.csv" | cut -d, -f2 >"$T/$m.col"
done
is "$(paste -d, "$T/auto.col" "$T/arima.col" "$T/theta.col" | tail -n +2 |
    awk -F, '{ printf "%.2f ", ($1 + $2 + $3) / 3 }')" \
    "$(cut -d, -f2 "$T/default.csv" | tail -n +2 | tr '\n' ' ')" \
    "the default forecast is the mean of auto, arima and theta (to the cent)"
is "$(grep -c '"Comb(ETS,ARIMA,Theta)"$' "$T/default.csv")" "12" "... and says so"
for m in naive snaive ses holt damped hw hw-add hw-mult theta naive2 comb auto arima select ensemble; do
    run forecast - --method $m --horizon 18 -f csv <"$T/seas.csv"
    ok "$([ $rc -eq 0 ] && [ "$(wc -l <"$T/out")" -eq 19 ] && ! grep -qi 'nan\|inf' "$T/out"; echo $?)" \
        "--method $m: 18 finite rows"
done

# degenerate series
run sh -c 'printf "period,value\n2026-Q1,7\n2026-Q2,7\n2026-Q3,7\n2026-Q4,7\n" | forecast - --horizon 2 -f ndjson'
out_is "a constant: that constant, no spread (ndjson, quarters)" <<'X'
{"period":"2027-Q1","forecast":7.00,"lo80":7.00,"hi80":7.00,"lo95":7.00,"hi95":7.00,"method":"Constant"}
{"period":"2027-Q2","forecast":7.00,"lo80":7.00,"hi80":7.00,"lo95":7.00,"hi95":7.00,"method":"Constant"}
X
run sh -c 'printf "period,value\n2024,0\n2025,0\n" | forecast - -f csv'
out_is "all zeros, yearly: three years of zeros" <<'X'
period,forecast,lo80,hi80,lo95,hi95,method
2026,0.00,0.00,0.00,0.00,0.00,Constant
2027,0.00,0.00,0.00,0.00,0.00,Constant
2028,0.00,0.00,0.00,0.00,0.00,Constant
X
run sh -c 'printf "period,value\n2026-01,-5\n2026-02,-7\n2026-03,-6\n2026-04,-8\n" | forecast - --method naive --horizon 1'
out_is "a series with negative values is not cut at zero" <<'X'
period,forecast,lo80,hi80,lo95,hi95,method
2026-05,-8.00,-10.22,-5.78,-11.39,-4.61,Naive
X
run sh -c 'printf "period,value\n2020,1\n2021,2\n2022,3\n2023,4.5\n" | forecast - --method auto --horizon 1'
out_is "four points: follows the end, not the mean" <<'X'
period,forecast,lo80,hi80,lo95,hi95,method
2024,4.50,2.63,6.37,1.64,7.36,"ETS(A,N,N)"
X
run sh -c 'printf "[{\"period\":\"2026-01\",\"value\":0.125},{\"period\":\"2026-02\",\"value\":0.25},{\"period\":\"2026-03\",\"value\":0.125}]" | forecast - --method naive --horizon 1 -f json'
out_is "JSON in; three decimals in, three out" <<'X'
[
{"period":"2026-04","forecast":0.125,"lo80":0.000,"hi80":0.285,"lo95":0.000,"hi95":0.370,"method":"Naive"}
]
X
run sh -c 'printf "period,value\n1e20,5\n" | forecast -'
rc_is 1 "a bad period"
err_is "... FILE:LINE" <<'X'
forecast: <stdin>:2: bad period '1e20' (expected YYYY-MM, YYYY-Qn or YYYY)
X

# ---- bad input on standard input -------------------------------------------------------
run sh -c 'printf "period,value\n2026-01,5\n2026-03,6\n" | forecast -'
rc_is 1 "a missing period"
err_is "... says which" <<'X'
forecast: <stdin>:3: period 2026-03 where 2026-02 was expected (missing periods are not allowed; give 0)
X
run sh -c 'printf "period,value\n2026-01,5\n2026-02,6\n2026-02,6\n" | forecast -'
err_is "a repeated period" <<'X'
forecast: <stdin>:4: period 2026-02 repeated or out of order (expected 2026-03)
X
run sh -c 'printf "period,value\n2026-01,5\n2026-02,x\n" | forecast -'
err_is "a bad value" <<'X'
forecast: <stdin>:3: bad value 'x' (expected a number)
X
run sh -c 'printf "period,value\n2026-01,5\n2026-02,\n" | forecast -'
err_is "an empty value" <<'X'
forecast: <stdin>:3: bad value '' (expected a number)
X
run sh -c 'printf "period,value\n2026-01,5\n2026-Q2,6\n" | forecast -'
err_is "mixed kinds" <<'X'
forecast: <stdin>:3: period '2026-Q2' is not of the same kind as '2026-01'
X
run sh -c 'printf "month,amount\n2026-01,5\n" | forecast -'
err_is "other column names" <<'X'
forecast: <stdin>:2: expected fields period and value
X
run sh -c 'printf "period,value\n" | forecast -'
err_is "no data" <<'X'
forecast: <stdin>: no data (expected a header period,value and one row per period)
X
run sh -c 'printf "period,value\n2026-01,5\n" | forecast -'
rc_is 1 "one point"
err_is "... needs two" <<'X'
forecast: need at least 2 observations to forecast (got 1)
X
run forecast - --method hw --horizon 2 <"$T/alt.csv"
rc_is 1 "hw on six months"
run forecast - --by quarter <"$T/alt.csv"
err_is "--by against the series' own periods" <<'X'
forecast: --by quarter, but the series is monthly
X
run forecast - --method bogus
err_is "a bad --method" <<'X'
forecast: bad --method 'bogus' (expected auto, comb, naive, snaive, ses, holt, damped, hw, hw-add, hw-mult, theta, naive2, arima, select or ensemble)
X
rc_is 1 "... is bad data"
run forecast - --level 80,100
err_is "a bad --level" <<'X'
forecast: bad --level '80,100' (expected up to four percentages such as 80,95)
X
run forecast - --backtest=0
rc_is 1 "a bad --backtest"
run forecast - --owner alice
rc_is 2 "filters with - are a usage error"
run forecast --pipeline -
rc_is 2 "--pipeline with - is a usage error"
run forecast extra
rc_is 2 "an operand other than -"

# ---- bookings from deals.csv -----------------------------------------------------------
rep-add alice --team east >/dev/null
rep-add bob --team west >/dev/null
# won deals: 2026-05 1000 (alice), 2026-06 nothing, 2026-07 1500 + 500.50 (bob),
# (the series: 1000, 0, 2000.50, 2000, 1800, 2200; changes -1000, 2000.5, -0.5, -200,
# 400, whose RMS is 1020.0: lo80 = 2200 - 1.28155 * 1020 = 892.8)
# 2026-08 2000, 2026-09 1800, 2026-10 2200; 2026-11 (the current month) 9999 is left out;
# a lost deal and an open one do not count
{
    echo "name,owner,amount,stage,closed"
    echo "a,alice,1000,won,2026-05-14"
    echo "b,alice,1500,won,2026-07-02"
    echo "c,bob,500.50,won,2026-07-30"
    echo "d,alice,2000,won,2026-08-10"
    echo "e,bob,1800,won,2026-09-09"
    echo "f,alice,2200,won,2026-10-31"
    echo "g,alice,9999,won,2026-11-02"
    echo "h,alice,7777,lost,2026-09-01"
    echo "i,alice,5555,proposal,"
} | deal-add - >/dev/null
run forecast --method naive --horizon 2
out_is "bookings through October, the current month first: booked 9999 plus 30.0% of naive's 2200 (0602)" <<'X'
period,booked,forecast,lo80,hi80,lo95,hi95,method
2026-11,9999,10659.09,10266.88,11051.29,10059.26,11258.91,Naive
2026-12,,2200,351.36,4048.64,0,5027.24,Naive
X
run forecast --method naive --horizon 1 --owner bob
out_is "--owner: bob's series 500.50, 0, 1800, 0 from his first booking (RMS 1497.8: hi80 1919.55), none booked in November, 21.8% of his bookings late in a month" <<'X'
period,booked,forecast,lo80,hi80,lo95,hi95,method
2026-11,0,0,0,417.62,0,638.69,Naive
X
run forecast --method naive --by quarter --horizon 2 -f json
out_is "--by quarter: Q2 1000, Q3 5800.50; amounts never below zero" <<'X'
[
{"period":"2026-Q4","booked":12199,"forecast":13734.31,"lo80":12199,"hi80":15362.69,"lo95":12199,"hi95":16224.7,"method":"Naive"},
{"period":"2027-Q1","booked":null,"forecast":5800.5,"lo80":0,"hi80":14500.87,"lo95":0,"hi95":19106.56,"method":"Naive"}
]
X
run forecast --backtest=2 --horizon 1
# naive at the two origins: 2000 -> 1800 (sMAPE 200*200/3800 = 10.53, MASE 200/1000.33)
# and 1800 -> 2200 (20.00, 400/800.25): means 15.26 and 0.350. The trend and
# seasonal methods cannot be fitted to four or five months: no origin counts.
# arima: the mean, 1250.13 (of four months; CSS) -> 1800,
# then 1360.10 -> 2200: sMAPE 200*549.87/3050.13 = 36.06 and 47.18, mean 41.62.
# ensemble at the first origin: (ETS 1000.10 + Theta 2250.08 + ARIMA 1250.13) / 3.
out_is "--backtest=2: best first by MASE" <<'X'
method,smape,mase,origins
theta,12.46,0.262,2
naive,15.26,0.350,2
comb,19.99,0.444,2
ensemble,26.73,0.562,2
select,28.76,0.637,2
arima,41.62,0.800,2
ses,66.06,1.149,2
auto,66.06,1.149,2
snaive,,,0
holt,,,0
damped,,,0
hw,,,0
X
run forecast --backtest
rc_is 1 "--backtest (six origins) on six months"
err_is "... says so" <<'X'
forecast: 6 periods of history are too few for 6 origins at horizon 12 (use a smaller --backtest or --horizon)
X
run forecast --team nobody
rc_is 1 "an unknown team"
run forecast --segment saas
rc_is 1 "no won deals in the selection"
err_is "... says so" <<'X'
forecast: no won deals before the current period to forecast from
X

# ---- the terminal table draws a chart --------------------------------------------------
SALES_FORCE_TTY=1 forecast --method naive --horizon 3 >"$T/tty"
is "$(grep -c '┤' "$T/tty")" "8" "eight chart rows"
is "$(grep -c '│' "$T/tty")" "8" "with a divider between history and forecast"
is "$(tail -1 "$T/tty" | tr -s ' ')" " 2026-05 2026-11 2027-01" "labels: first, split, last"
is "$(head -1 "$T/tty" | tr -s ' ')" "period booked forecast lo80 hi80 lo95 hi95 method" "the table first"
done_testing
