#!/bin/sh
# forecast --blend pipeline: the pipeline as it stood at the start of each
# past month rebuilt from history.csv, the backtest of time series, pipeline
# and blend, the weights, and the forecast they make (issue 17).
. "${SALES_SRC:-.}/tests/cli/lib.sh"

rep-add alice --team east >/dev/null
at() { SALES_NOW="$1T10:00:00Z"; export SALES_NOW; }
add() { # day name stage amount close
    at "$1"
    deal-add --name "$2" --owner alice --stage "$3" --amount "$4" --close "$5"
}
won() { at "$1"; deal-close --date "$1" "$2" won >/dev/null; }
lost() { at "$1"; deal-close --date "$1" --reason price "$2" lost >/dev/null; }

# Every month M from March to October 2026: A (proposal, 50%, 1000 + 100 M)
# created on the 20th before, closing and won in M; C (qualification, 20%,
# 2000) likewise, lost in M; B (600) created and won within M, never in a
# pipeline at a month's start.
for m in 3 4 5 6 7 8 9 10; do
    mm=$(printf %02d $m) pm=$(printf %02d $((m - 1)))
    a=$(add 2026-$pm-20 "A$m" proposal $((1000 + 100 * m)) 2026-$mm-15)
    c=$(add 2026-$pm-20 "C$m" qualification 2000 2026-$mm-15)
    b=$(add 2026-$mm-05 "B$m" prospecting 600 2026-$mm-25)
    won 2026-$mm-10 "$a"
    lost 2026-$mm-15 "$c"
    won 2026-$mm-25 "$b"
done
# F: in prospecting (10%) on 1 June, moved to negotiation on 10 June, won in June
f=$(add 2026-05-20 F prospecting 5000 2026-06-25)
at 2026-06-10
deal-move "$f" negotiation >/dev/null
won 2026-06-25 "$f"
# E: on 1 July it was to close on 15 August (80%); moved to 20 July, won then
e=$(add 2026-06-20 E negotiation 3000 2026-08-15)
at 2026-07-05
deal-update --close 2026-07-20 "$e" >/dev/null
won 2026-07-20 "$e"
# November, the current month: G won on the 10th, H open (80%), I created after the 1st
g=$(add 2026-10-20 G proposal 4000 2026-11-15)
won 2026-11-10 "$g"
add 2026-10-25 H negotiation 1000 2026-11-30 >/dev/null
add 2026-11-05 I negotiation 9000 2026-11-30 >/dev/null
at 2026-11-20

# The monthly bookings (A + B): March 1900, April 2000, May 2100, June 2200 +
# 5000 (F), July 2300 + 3000 (E), August 2400, September 2500, October 2600.
# Origins from the fourth month (June): the pipeline at the start of month M
# is 0.5 A + 0.2 * 2000 (C), plus F at 10% on 1 June (500), E not in July's
# (it was to close in August then): June 800 + 400 + 500 = 1700, July 1250 (and
# E's 2400 in August's, horizon 2), August 1300, September 1350, October 1400.
# naive: ts = the month before.
snap
run forecast --blend pipeline --by month --method naive --backtest
out_is "the backtest: per month actual, ts, pipeline, blend (out of sample), their errors" <<'X'
period,actual,ts,pipeline,blend,ts_error,pipeline_error,blend_error
2026-06,7200,2100,1700,2384.31,-70.83,-76.39,-66.88
2026-07,5300,7200,1250,3344.54,35.85,-76.42,-36.90
2026-08,2400,5300,1300,4584.68,120.83,-45.83,91.03
2026-09,2500,2400,1350,4269.52,-4.00,-46.00,70.78
2026-10,2600,2500,1400,4457.5,-3.85,-46.15,71.44
MAE,,2020,2600,2516.57,,,
MAPE,,,,,47.07,58.16,67.41
X
cp "$T/out" "$T/backtest"
# The blend column again: a, b >= 0 minimising the squared errors over the
# other four months (the normal equations, else the better of ts alone and
# pipeline alone)
cat >"$T/nnls.awk" <<'X'
function fit(skip,    j, s11, s12, s22, s1y, s2y, yy, d, a1, b2) {
    s11 = s12 = s22 = s1y = s2y = yy = 0
    for (j = 1; j <= n; j++) if (j != skip) { s11 += t[j] * t[j]; s12 += t[j] * p[j]
        s22 += p[j] * p[j]; s1y += t[j] * y[j]; s2y += p[j] * y[j]; yy += y[j] * y[j] }
    d = s11 * s22 - s12 * s12; A = (s1y * s22 - s2y * s12) / d; B = (s2y * s11 - s1y * s12) / d
    if (A >= 0 && B >= 0) return
    a1 = s1y > 0 ? s1y / s11 : 0; b2 = s2y > 0 ? s2y / s22 : 0
    if (yy - a1 * s1y <= yy - b2 * s2y) { A = a1; B = 0 } else { A = 0; B = b2 }
}
NR > 1 && $1 ~ /^2026/ { n++; y[n] = $2; t[n] = $3; p[n] = $4; b[n] = $5 }
END {
    if (all) { fit(0); printf "Blend(%.3f ts, %.3f pipeline)\n", A, B; exit }
    for (i = 1; i <= n; i++) { fit(i); printf "%.2f %.2f\n", A * t[i] + B * p[i], b[i] }
}
X
awk -F, -f "$T/nnls.awk" "$T/backtest" >"$T/loo"
is "$(awk '{ print ($1 == $2) ? "same" : $0 }' "$T/loo" | sort -u)" "same" \
    "each month's blend is a ts + b pipeline with the weights of the other months"

run forecast --blend pipeline --by month --method naive --horizon 2
# 20 November: 20 of 30 days gone; later in their month were the B deals (the
# 25th) and F (25 June): 9800 of 26000 = 37.69%. November: booked G 4000;
# ts 4000 + 0.3769 * 2600 = 4980; pipeline on 1 November G 2000 + H 800 (I
# came later); 4000 + 0.3769 (0.072 * 2600 + 2.733 * 2800) = 6954.5.
# December (horizon 2, from four origins): nothing was to close then.
out_is "the forecast: the current month booked plus its share of the blend" <<'X'
period,booked,ts,pipeline,forecast,lo80,hi80,lo95,hi95,method
2026-11,4000,4980,2800,6954.48,5616.37,8292.6,4908.01,9000.96,"Blend(0.072 ts, 2.733 pipeline)"
2026-12,,2600,0,1382.24,0,5055.89,0,7000.61,"Blend(0.532 ts, 0.000 pipeline)"
X
awk -F, -v all=1 -f "$T/nnls.awk" "$T/backtest" >"$T/w"
is "$(sed -n 2p "$T/out" | cut -d'"' -f2)" "$(cat "$T/w")" "the weights, from all five months"
unchanged "the data directory is only read"

# ---- too little history, bad usage ----------------------------------------------------
run forecast --blend pipeline --method naive --backtest
rc_is 1 "quarters: three complete ones are too few"
err_is "... says so" <<'X'
forecast: 3 complete periods of bookings give 0 past periods to learn the blend's weights from; it needs 4 (7 periods of bookings): try --by month
X
run forecast --blend pipeline --method naive
rc_is 1 "... to forecast with, too"
run forecast --blend stages
rc_is 2 "--blend takes pipeline only"
run forecast --blend pipeline --by owner
rc_is 2 "--blend with --by owner"
run forecast --blend pipeline --probability model
rc_is 2 "--blend with --probability model"
run forecast --blend pipeline --backtest=3 --by month
rc_is 2 "--blend with --backtest=N"
run forecast --blend pipeline --by year
rc_is 2 "--blend by year"
printf 'period,value\n2026-01,1\n' >"$T/s.csv"
run forecast --blend pipeline - <"$T/s.csv"
rc_is 2 "--blend with a series on standard input"
done_testing
