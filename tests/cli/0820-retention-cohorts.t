#!/bin/sh
# retention-report: customer cohorts by the month or quarter of the first
# won deal, the retention triangle, the repeat rate and churned accounts
# (config.json churn_days); filters, formats, bad input. By hand.
. "${SALES_SRC:-.}/tests/cli/lib.sh"

cat >"$D/reps.csv" <<'X'
id,name,email,team,manager,role,territory,hired,active
alice,Alice,,east,,,,,yes
bob,Bob,,west,,,,,yes
X
# Today 2026-11-27. Won deals (closed):
#   A1 2026-07-10, 2026-08-05, 2026-10-20   cohort 2026-07, deals in Jul, Aug, Oct
#   A2 2026-07-25                           cohort 2026-07 (a lost deal and one
#                                           closed after today do not count)
#   A3 2026-08-03, 2026-08-20               cohort 2026-08, two deals in one month
#   A4 2026-08-15, 2026-11-02 (bob)         cohort 2026-08, deals in Aug, Nov
#   A5 2025-10-20                           cohort 2025-10; 403 days ago: churned
# A won deal without an account and an open deal count nowhere.
cat >"$D/deals.csv" <<'X'
id,created,name,account,contact,lead,owner,stage,amount,currency,probability,category,close,closed,segment,source,type,lost_reason,updated
D1,2026-01-01,a,A1,,,alice,won,100,,,,,2026-07-10,b2b,web,,,
D2,2026-01-01,b,A1,,,alice,won,100,,,,,2026-08-05,b2b,web,,,
D3,2026-01-01,c,A1,,,alice,won,100,,,,,2026-10-20,b2b,event,,,
D4,2026-01-01,d,A2,,,alice,won,100,,,,,2026-07-25,b2b,web,,,
D5,2026-01-01,e,A2,,,alice,lost,100,,,,,2026-09-01,b2b,web,,,
D6,2026-01-01,f,A2,,,alice,won,100,,,,,2026-12-05,b2b,web,,,
D7,2026-01-01,g,A3,,,alice,won,100,,,,,2026-08-03,b2b,web,,,
D8,2026-01-01,h,A3,,,alice,won,100,,,,,2026-08-20,b2b,web,,,
D9,2026-01-01,i,A3,,,alice,proposal,100,,,,2026-12-01,,b2b,web,,,
D10,2026-01-01,j,A4,,,bob,won,100,,,,,2026-08-15,b2b,web,,,
D11,2026-01-01,k,A4,,,bob,won,100,,,,,2026-11-02,b2b,web,,,
D12,2025-01-01,l,A5,,,alice,won,100,,,,,2025-10-20,b2b,web,,,
D13,2026-01-01,m,,,,alice,won,100,,,,,2026-09-09,b2b,web,,,
X

# Months 2025-10 .. 2026-11: m1 .. m13. 2025-10 (A5): nothing later, every
# period reached. 2026-07 (A1, A2): repeat 1/2; m1 Aug A1 1/2, m2 Sep 0,
# m3 Oct A1 1/2, m4 Nov 0; m5.. still to come. 2026-08 (A3, A4): repeat
# 2/2 (A3's two deals in one month count); m1 Sep 0, m2 Oct 0, m3 Nov A4 1/2.
snap
run retention-report
rc_is 0 "retention-report"
out_is "monthly cohorts: a triangle" <<'X'
cohort,accounts,repeat_rate,churned,m1,m2,m3,m4,m5,m6,m7,m8,m9,m10,m11,m12,m13
2025-10,1,0.00,1,0.00,0.00,0.00,0.00,0.00,0.00,0.00,0.00,0.00,0.00,0.00,0.00,0.00
2026-07,2,0.50,0,0.50,0.00,0.50,0.00,,,,,,,,,
2026-08,2,1.00,0,0.00,0.00,0.50,,,,,,,,,,
X
unchanged "a report writes nothing"

# The total row (table only): 4 accounts, repeat 3/4; m1 1/4 (both cohorts
# reached it), m2 0/4, m3 (A1 Oct, A4 Nov) 2/4, m4 0/2 (only 2026-07 has).
run env SALES_FORCE_TTY=1 retention-report --since 2026-07-01
out_is "--since chooses cohorts; the table has a total" <<'X'
cohort   accounts  repeat_rate  churned    m1    m2    m3    m4
2026-07         2         0.50        0  0.50  0.00  0.50  0.00
2026-08         2         1.00        0  0.00  0.00  0.50
total           4         0.75        0  0.25  0.00  0.50  0.00
X

# Quarters: 2025-Q4 (A5) .. 2026-Q4: q1 .. q4. 2026-Q3 (A1 .. A4): repeat
# A1, A3, A4 = 3/4; q1 (Q4) A1 and A4 = 2/4.
run retention-report --by quarter -f tsv
out_is "--by quarter; tsv" <<'X'
cohort	accounts	repeat_rate	churned	q1	q2	q3	q4
2025-Q4	1	0.00	1	0.00	0.00	0.00	0.00
2026-Q3	4	0.75	0	0.50			
X
run retention-report --owner bob --since 2026-07-01 -f json
out_is "--owner picks deals; json" <<'X'
[
{"cohort":"2026-08","accounts":1,"repeat_rate":1.00,"churned":0,"m1":0.00,"m2":0.00,"m3":1.00}
]
X
run retention-report --period 2026-08 -f ndjson
out_is "--period; ndjson" <<'X'
{"cohort":"2026-08","accounts":2,"repeat_rate":1.00,"churned":0,"m1":0.00,"m2":0.00,"m3":0.50}
X
# --source event: only D3, A1's first deal of that source is 2026-10-20
run retention-report --source event --until 2026-12-31
out_is "--source; --until" <<'X'
cohort,accounts,repeat_rate,churned,m1
2026-10,1,0.00,0,0.00
X
run retention-report --where 'amount > 100'
out_is "--where: no deal passes, no cohort" <<'X'
cohort,accounts,repeat_rate,churned
X

# churn_days: A5's last won deal is 403 days old; churned at 403 or less.
sed -i 's/"stale_days": 30/"stale_days": 30, "churn_days": 403/' "$D/config.json"
run retention-report --by quarter --period 2025-Q4
out_is "churn_days 403: churned" <<'X'
cohort,accounts,repeat_rate,churned,q1,q2,q3,q4
2025-Q4,1,0.00,1,0.00,0.00,0.00,0.00
X
sed -i 's/"churn_days": 403/"churn_days": 404/' "$D/config.json"
run retention-report --by quarter --period 2025-Q4
out_is "churn_days 404: not yet" <<'X'
cohort,accounts,repeat_rate,churned,q1,q2,q3,q4
2025-Q4,1,0.00,0,0.00,0.00,0.00,0.00
X
sed -i 's/"churn_days": 404/"churn_days": "soon"/' "$D/config.json"
run retention-report
rc_is 1 "a bad churn_days: exit 1"
err_is "a bad churn_days: named" <<X
retention-report: $D/config.json: churn_days must be a positive whole number
X
sed -i 's/, "churn_days": "soon"//' "$D/config.json"

# ---- bad input ------------------------------------------------------------
run retention-report --by week
rc_is 1 "a bad --by: exit 1"
err_is "a bad --by: says so" <<'X'
retention-report: bad --by 'week' (expected month or quarter)
X
for args in "--stage won" "--status new" "--summary" "--mrr --by month" "--mrr --source web" "extra"; do
    run retention-report $args
    rc_is 2 "usage error: $args"
done
run retention-report --owner zed
rc_is 1 "an unknown rep: exit 1"
run retention-report --period 2026-Q5
rc_is 1 "a bad period: exit 1"
snap
sed -i '1s/,closed,/,closed_on,/' "$D/deals.csv"
run retention-report
rc_is 1 "a renamed column: exit 1"
err_is "a renamed column: by name" <<X
retention-report: $D/deals.csv:1: no 'closed' column (is the header row missing or renamed?)
X
sed -i '1s/,closed_on,/,closed,/' "$D/deals.csv"
printf 'D14,2026-01-01,n,A6,,,alice,won,100,,,,,2026-13-01,b2b,web,,,\n' >>"$D/deals.csv"
run retention-report
rc_is 1 "a bad date: exit 1"
is "$(cut -d: -f1-3 "$T/err")" "retention-report: $D/deals.csv:15" "a bad date: FILE:LINE"
sed -i '$d' "$D/deals.csv"
unchanged "nothing written by any of it"
rm "$D/deals.csv"
run retention-report
rc_is 0 "no deals.csv: exit 0"
out_is "no deals.csv: an empty report" <<'X'
cohort,accounts,repeat_rate,churned
X

done_testing
