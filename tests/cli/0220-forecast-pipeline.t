#!/bin/sh
# forecast --pipeline over the shared scenario (tests/data/core/scenario.sh):
# per period of expected close: closed (won) to date, commit, best case
# (cumulative: best case includes commit, both include closed), open
# pipeline and weighted; "overdue" and "undated" rows. Checked by hand.
. "${SALES_SRC:-.}/tests/cli/lib.sh"
. "$DATA/core/scenario.sh"
scenario

# Quarters from the current one (2026-Q4), 4 by default. Won deals count
# by their closed date; open deals by close date and forecast category
# (the stage's, or the deal's override); lost and "omitted" deals not at all.
# 2026-Q4: closed D1 12000.33 + D8 8000.10 = 20000.43
#          commit:   D5 7777.77 (negotiation; its close 11-15 has passed but
#                    lies in this period, so it is not "overdue")
#                    -> 20000.43 + 7777.77 = 27778.20
#          best:     D4 33333.33 (proposal) + D7 15000 (negotiation, override
#                    best) -> 27778.20 + 48333.33 = 76111.53
#          pipeline: open amounts: 7777.77 + 48333.33 + D2 1000.05 + D13 100
#                    = 57211.15
#          weighted: (777777x75 + 3333333x50 + 1500000x80 + 100005x10
#                    + 10000x10) / 100 = 3460999.75 cents -> 34610.00
# 2027-Q1: D3 2500.15 (qualification: pipeline), weighted 500.03;
#          D10 (2027-03-31) is omitted
# overdue: open deals due before 2026-10-01: D12 640.50 x 20% = 128.10
# undated: D6 4999.99 (proposal: best), x 50% = 2499.995 -> 2500.00
# lo80,hi80: weighted -/+ 1.2816 sd, sd^2 = sum amount^2 p (1 - p), the low
# end at least 0 (computed apart in Python from the deals above):
# overdue: sd = 640.50 x sqrt(.2 x .8) = 256.20 -> 128.10 + 328.33 = 456.43
# 2026-Q4: sd^2 = 7777.77^2 .1875 + 33333.33^2 .25 + 15000^2 .16
#          + 1000.05^2 .09 + 100^2 .09 -> sd 18033.61 -> 11498.99, 57721.01
# 2027-Q1: D3 sd 1000.06 -> 0, 1781.66; undated: D6 sd 2499.995 -> 0, 5703.87
run forecast --pipeline -f csv
rc_is 0 "forecast --pipeline -f csv"
out_is "quarters, overdue first, undated last" <<'X'
period,closed,commit,best_case,pipeline,weighted,lo80,hi80
overdue,,0,0,640.5,128.1,0,456.43
2026-Q4,20000.43,27778.2,76111.53,57211.15,34610,11498.99,57721.01
2027-Q1,0,0,0,2500.15,500.03,0,1781.66
2027-Q2,0,0,0,0,0,0,0
2027-Q3,0,0,0,0,0,0,0
undated,,0,4999.99,4999.99,2500,0,5703.87
X
run env SALES_FORCE_TTY=1 forecast --pipeline
out_is "as a table" <<'X'
period      closed     commit  best_case   pipeline   weighted       lo80       hi80
overdue                  0.00       0.00     640.50     128.10       0.00     456.43
2026-Q4  20,000.43  27,778.20  76,111.53  57,211.15  34,610.00  11,498.99  57,721.01
2027-Q1       0.00       0.00       0.00   2,500.15     500.03       0.00   1,781.66
2027-Q2       0.00       0.00       0.00       0.00       0.00       0.00       0.00
2027-Q3       0.00       0.00       0.00       0.00       0.00       0.00       0.00
undated                  0.00   4,999.99   4,999.99   2,500.00       0.00   5,703.87
X
run forecast --pipeline -f json --horizon 1
out_is "json: closed is null where it does not apply" <<'X'
[
{"period":"overdue","closed":null,"commit":0,"best_case":0,"pipeline":640.5,"weighted":128.1,"lo80":0,"hi80":456.43},
{"period":"2026-Q4","closed":20000.43,"commit":27778.2,"best_case":76111.53,"pipeline":57211.15,"weighted":34610,"lo80":11498.99,"hi80":57721.01},
{"period":"undated","closed":null,"commit":0,"best_case":4999.99,"pipeline":4999.99,"weighted":2500,"lo80":0,"hi80":5703.87}
]
X

# Months: 2026-11: closed D1 + D8; commit D5; best D7 (11-30) -> 42778.20;
#   pipeline 7777.77 + 15000 = 22777.77; weighted 1783332.75 -> 17833.33
# 2026-12: best D4 33333.33; pipeline + D2 + D13 = 34433.38;
#   weighted (166666650 + 1000050 + 100000)/100 = 1677667 -> 16776.67
# 2027-01: D3. Overdue: before 2026-11-01, D12.
run forecast --pipeline --by month --horizon 3
out_is "--by month --horizon 3" <<'X'
period,closed,commit,best_case,pipeline,weighted,lo80,hi80
overdue,,0,0,640.5,128.1,0,456.43
2026-11,20000.43,27778.2,42778.2,22777.77,17833.33,9015.49,26651.17
2026-12,0,0,33333.33,34433.38,16776.67,0,38139.36
2027-01,0,0,0,2500.15,500.03,0,1781.66
undated,,0,4999.99,4999.99,2500,0,5703.87
X
# Years: 2026 holds every won deal (D11 too: 3000) -> closed 23000.43;
# D12 (2026-09-30) is in 2026, not overdue; pipeline 57211.15 + 640.50 =
# 57851.65; weighted 3460999.75 + 128100 = 3473809.75 cents -> 34738.10.
run forecast --pipeline --by year --horizon 2
out_is "--by year" <<'X'
period,closed,commit,best_case,pipeline,weighted,lo80,hi80
2026,23000.43,30778.2,79111.53,57851.65,34738.1,11624.76,57851.44
2027,0,0,0,2500.15,500.03,0,1781.66
undated,,0,4999.99,4999.99,2500,0,5703.87
X
run forecast --pipeline --by month
is "$(cut -d, -f1 "$T/out" | tr '\n' ' ')" "period overdue 2026-11 2026-12 2027-01 2027-02 2027-03 2027-04 undated " "months: 6 periods by default"

# ---- filters ----------------------------------------------------------------------------
run forecast --pipeline --owner ann
out_is "--owner: no overdue or undated deals, no such rows" <<'X'
period,closed,commit,best_case,pipeline,weighted,lo80,hi80
2026-Q4,12000.33,12000.33,12000.33,1000.05,100.01,0,484.49
2027-Q1,0,0,0,2500.15,500.03,0,1781.66
2027-Q2,0,0,0,0,0,0,0
2027-Q3,0,0,0,0,0,0,0
X
run forecast --pipeline --team west --by month --horizon 2
out_is "--team west (cat, dan)" <<'X'
period,closed,commit,best_case,pipeline,weighted,lo80,hi80
overdue,,0,0,640.5,128.1,0,456.43
2026-11,8000.1,8000.1,23000.1,15000,12000,4310.69,19689.31
2026-12,0,0,0,0,0,0,0
undated,,0,4999.99,4999.99,2500,0,5703.87
X
# b2b: D1, D8 won; D2 (pipeline), D7 (best) open
run forecast --pipeline --segment b2b --horizon 1
out_is "--segment" <<'X'
period,closed,commit,best_case,pipeline,weighted,lo80,hi80
2026-Q4,20000.43,20000.43,35000.43,16000.05,12100.01,4401.09,19798.93
X
run forecast --pipeline --source event,referral --horizon 2
out_is "--source list" <<'X'
period,closed,commit,best_case,pipeline,weighted,lo80,hi80
2026-Q4,0,0,48333.33,48333.33,28666.67,5965.56,51367.78
2027-Q1,0,0,0,2500.15,500.03,0,1781.66
undated,,0,4999.99,4999.99,2500,0,5703.87
X
run forecast --pipeline --where 'amount >= 7777.77' --horizon 1
out_is "--where" <<'X'
period,closed,commit,best_case,pipeline,weighted,lo80,hi80
2026-Q4,20000.43,27778.2,76111.53,56111.1,34499.99,11392.22,57607.76
X
run forecast --pipeline --team mia --where 'category = omitted' --horizon 2
out_is "an omitted deal counts nowhere" <<'X'
period,closed,commit,best_case,pipeline,weighted,lo80,hi80
2026-Q4,0,0,0,0,0,0,0
2027-Q1,0,0,0,0,0,0,0
X

# ---- errors ---------------------------------------------------------------------------
snap
run forecast --pipeline --by week
rc_is 1 "--by week"
is "$(head -n 1 "$T/err")" "forecast: bad --by 'week' (expected month, quarter or year)" "--by message"
run forecast --pipeline --horizon 0
rc_is 1 "--horizon 0"
is "$(head -n 1 "$T/err")" "forecast: bad --horizon '0' (expected 1 to 120)" "--horizon message"
run forecast --pipeline --horizon 121
rc_is 1 "--horizon 121"
run forecast --pipeline --horizon 2x
rc_is 1 "--horizon 2x"
run forecast --pipeline --stage won
rc_is 2 "--stage is not a forecast flag"
run forecast --pipeline --owner zed
rc_is 1 "unknown --owner"
err_is "unknown rep" <<'X'
forecast: unknown rep 'zed' (not in reps.csv)
X
run forecast --pipeline --segment retail
rc_is 1 "bad --segment"
run forecast --pipeline -f yaml
rc_is 1 "bad --format"
unchanged "forecast writes nothing"
sed -i 's/^D7,\(.*\),2026-11-30,/D7,\1,2026-11-31,/' "$D/deals.csv"
run forecast --pipeline
rc_is 1 "a bad close date in deals.csv"
err_is "FILE:LINE" <<X
forecast: $D/deals.csv:8: bad close date '2026-11-31'
X
done_testing
