#!/bin/sh
# retention-report --mrr: MRR per month and its movements (new,
# expansion, contraction, churn, reactivation), customers, ARR; the
# trailing twelve months' NRR, GRR, ARPA, churn rate, LTV and CAC.
# Every figure is worked out by hand below.
. "${SALES_SRC:-.}/tests/cli/lib.sh"

cat >"$D/reps.csv" <<'X'
id,name,email,team,manager,role,territory,hired,active
alice,Alice,,east,,,,,yes
bob,Bob,,west,,,,,yes
X
cat >"$D/accounts.csv" <<'X'
id,created,name,domain,segment,industry,owner,updated,notes
A1,2025-01-01,Acme,,saas,,alice,,
A2,2025-01-01,Beta,,saas,,bob,,
A3,2025-01-01,Gamma,,b2b,,alice,,
A4,2025-01-01,Delta,,b2b,,bob,,
A5,2025-01-01,Eps,,saas,,alice,,
X
# A subscription counts in a month when it runs on the month's last day
# (start <= that day < end): from start's month to the month before end's.
#   S1 A1 100 from 2025-10; S2 A1 +50 from 2026-03 (expansion)
#   S3 A2 200 2025-11 .. 2026-01 (churn in 2026-02); S4 A2 80 from 2026-05
#      (a reactivation: A2 had MRR before)
#   S5 A3 300 2025-11 .. 2026-05 (ends on June's last day: not in June);
#   S6 A3 +120 in 2026-04 only: contraction 120 in May, then a drop to
#      zero in June: churn 300, not a contraction
#   S7 A4 60 from 2026-02: new after the window's start, not in NRR
#   S8 A5 40 2025-09 .. 2025-11 (churn in 2025-12)
#   S9 A6 500 within July 2026: never on a month's last day, never counted
cat >"$D/subscriptions.csv" <<'X'
id,account,plan,mrr,start,end
S1,A1,Pro,100,2025-10-15,
S2,A1,Addon,50,2026-03-01,
S3,A2,Pro,200,2025-11-01,2026-02-10
S4,A2,Basic,80,2026-05-20,
S5,A3,Pro,300,2025-11-05,2026-06-30
S6,A3,Addon,120,2026-04-01,2026-05-15
S7,A4,Basic,60,2026-02-14,
S8,A5,Pro,40,2025-09-01,2025-12-01
S9,A6,Pro,500,2026-07-03,2026-07-20
X
# Budget actual spend in the window 2025-12-01 .. 2026-11-30: 2025-11 is
# before it; 2025-12 counts whole (300); 2026-Q4 (92 days) has 61 in it:
# 920 x 61 / 92 = 610; a row with no actual counts nothing. Spend 910.
cat >"$D/budget.csv" <<'X'
period,category,channel,planned,actual
2025-11,ads,web,1000,1000
2025-12,ads,web,300,300
2026-Q4,events,event,1000,920
2026-03,ads,web,1000,
X

# month    A1  A2  A3  A4  A5   mrr  cust  movements
# 2025-09   .   .   .   .  40    40    1   new 40
# 2025-10 100   .   .   .  40   140    2   new 100
# 2025-11 100 200 300   .  40   640    4   new 500
# 2025-12 100 200 300   .   .   600    3   churn 40
# 2026-01 100 200 300   .   .   600    3
# 2026-02 100   . 300  60   .   460    3   new 60, churn 200
# 2026-03 150   . 300  60   .   510    3   expansion 50
# 2026-04 150   . 420  60   .   630    3   expansion 120
# 2026-05 150  80 300  60   .   590    4   contraction 120, reactivation 80
# 2026-06 150  80   .  60   .   290    3   churn 300
# 2026-07 .. 2026-11 as June. arr = 12 x mrr.
snap
run retention-report --mrr
rc_is 0 "retention-report --mrr"
out_is "csv: the months only" <<'X'
period,mrr,new,expansion,contraction,churn,reactivation,customers,arr
2025-09,40,40,0,0,0,0,1,480
2025-10,140,100,0,0,0,0,2,1680
2025-11,640,500,0,0,0,0,4,7680
2025-12,600,0,0,0,40,0,3,7200
2026-01,600,0,0,0,0,0,3,7200
2026-02,460,60,0,0,200,0,3,5520
2026-03,510,0,50,0,0,0,3,6120
2026-04,630,0,120,0,0,0,3,7560
2026-05,590,0,0,120,0,80,4,7080
2026-06,290,0,0,0,300,0,3,3480
2026-07,290,0,0,0,0,0,3,3480
2026-08,290,0,0,0,0,0,3,3480
2026-09,290,0,0,0,0,0,3,3480
2026-10,290,0,0,0,0,0,3,3480
2026-11,290,0,0,0,0,0,3,3480
X
unchanged "a report writes nothing"

# The trailing twelve months 2025-12 .. 2026-11, from the end of 2025-11:
#   accounts with MRR then: A1 100, A2 200, A3 300, A5 40 = 640; now A1 150,
#   A2 80, A3 0, A5 0 = 230 (A4's 60 is new: left out). NRR 230/640 = 0.36;
#   GRR min(150,100) + min(80,200) = 180/640 = 0.28.
#   ARPA 290 / 3 = 96.67. Churn rate per month = churn / MRR at its start:
#   2025-12 40/640, 2026-02 200/600, 2026-06 300/590, the rest 0:
#   (0.0625 + 0.33333 + 0.50847) / 12 = 0.07536 -> 0.0754.
#   LTV 96.67 / 0.0753590 = 1282.79. New customers: A4 = 1 (A2's return is a
#   reactivation). CAC 910 / 1 = 910.
run retention-report --mrr --summary
out_is "--summary: the trailing block alone" <<'X'
period,nrr,grr,arpa,churn_rate,ltv,new_customers,spend,cac
2026-11,0.36,0.28,96.67,0.0754,1282.79,1,910,910
X
run env SALES_FORCE_TTY=1 retention-report --mrr --since 2026-09-01
out_is "table: the months, then the trailing block" <<'X'
period      mrr   new  expansion  contraction  churn  reactivation  customers       arr
2026-09  290.00  0.00       0.00         0.00   0.00          0.00          3  3,480.00
2026-10  290.00  0.00       0.00         0.00   0.00          0.00          3  3,480.00
2026-11  290.00  0.00       0.00         0.00   0.00          0.00          3  3,480.00

period    nrr   grr   arpa  churn_rate       ltv  new_customers   spend     cac
2026-11  0.36  0.28  96.67      0.0754  1,282.79              1  910.00  910.00
X
run retention-report --mrr --summary -f json
out_is "--summary -f json: one object" <<'X'
[
{"period":"2026-11","nrr":0.36,"grr":0.28,"arpa":96.67,"churn_rate":0.0754,"ltv":1282.79,"new_customers":1,"spend":910,"cac":910}
]
X
run retention-report --mrr --period 2026-Q2 -f ndjson
# Q2 ends with 2026-06: the window 2025-07 .. 2026-06 starts from the end of
# 2025-06, when no account had MRR: NRR and GRR empty. ARPA 290/3 = 96.67;
# churn rates: 2025-12 40/640, 2026-02 200/600, 2026-06 300/590; the months
# 2025-07 .. 2025-09 start with no MRR and are left out: 0.904308 / 9 =
# 0.1004787 -> 0.1005; LTV 96.67 / 0.1004787 = 962.09. New: A5, A1, A2, A3, A4 = 5.
# Spend 2025-07-01 .. 2026-06-30: 2025-11 1000 + 2025-12 300 = 1300;
# CAC 1300 / 5 = 260.
out_is "--period: its months; ndjson" <<'X'
{"period":"2026-04","mrr":630,"new":0,"expansion":120,"contraction":0,"churn":0,"reactivation":0,"customers":3,"arr":7560}
{"period":"2026-05","mrr":590,"new":0,"expansion":0,"contraction":120,"churn":0,"reactivation":80,"customers":4,"arr":7080}
{"period":"2026-06","mrr":290,"new":0,"expansion":0,"contraction":0,"churn":300,"reactivation":0,"customers":3,"arr":3480}
X
run retention-report --mrr --period 2026-Q2 --summary -f tsv
out_is "--period --summary; tsv" <<'X'
period	nrr	grr	arpa	churn_rate	ltv	new_customers	spend	cac
2026-06			96.67	0.1005	962.09	5	1300	260
X

# --owner alice: A1, A3, A5. End of 2025-11: 100 + 300 + 40 = 440; now A1
# 150: NRR 150/440 = 0.34, GRR 100/440 = 0.23. ARPA 150/1. Churn 2025-12
# 40/440, 2026-06 300/450 (A1 150 + A3 300 at May's end): (0.090909 +
# 0.666667) / 12 = 0.0631; LTV 150 / 0.0631313 = 2376. No new customer in
# the window: CAC empty.
run retention-report --mrr --summary --owner alice
out_is "--owner chooses accounts" <<'X'
period,nrr,grr,arpa,churn_rate,ltv,new_customers,spend,cac
2026-11,0.34,0.23,150,0.0631,2376,0,910,
X
run retention-report --mrr --segment b2b --until 2026-06-30
# A3 and A4: 2025-11 300 new; 2026-02 A4 60 new; 2026-04 +120; 2026-05 -120;
# 2026-06 A3 300 churn.
out_is "--segment; --until" <<'X'
period,mrr,new,expansion,contraction,churn,reactivation,customers,arr
2025-11,300,300,0,0,0,0,1,3600
2025-12,300,0,0,0,0,0,1,3600
2026-01,300,0,0,0,0,0,1,3600
2026-02,360,60,0,0,0,0,2,4320
2026-03,360,0,0,0,0,0,2,4320
2026-04,480,0,120,0,0,0,2,5760
2026-05,360,0,0,120,0,0,2,4320
2026-06,60,0,0,0,300,0,1,720
X
# --where on subscriptions: Basic plans only: A4 60 from 2026-02; A2 80 from
# 2026-05 is new here (A2 had no Basic MRR before).
run retention-report --mrr --where 'plan = Basic' --since 2026-05-01 --until 2026-06-30
out_is "--where chooses subscriptions" <<'X'
period,mrr,new,expansion,contraction,churn,reactivation,customers,arr
2026-05,140,80,0,0,0,0,2,1680
2026-06,140,0,0,0,0,0,2,1680
X

# ---- bad input and missing files ------------------------------------------
snap
cp "$D/subscriptions.csv" "$T/subs.keep"
sed -i '1s/,mrr,/,monthly,/' "$D/subscriptions.csv"
run retention-report --mrr
rc_is 1 "a renamed column: exit 1"
err_is "a renamed column: by name" <<X
retention-report: $D/subscriptions.csv:1: no 'mrr' column (is the header row missing or renamed?)
X
cp "$T/subs.keep" "$D/subscriptions.csv"
printf 'S10,A1,Pro,lots,2026-01-01,\n' >>"$D/subscriptions.csv"
run retention-report --mrr
rc_is 1 "a bad mrr: exit 1"
err_is "a bad mrr: FILE:LINE" <<X
retention-report: $D/subscriptions.csv:11: subscription S10: bad mrr 'lots'
X
cp "$T/subs.keep" "$D/subscriptions.csv"
printf 'S10,A1,Pro,10,,\n' >>"$D/subscriptions.csv"
run retention-report --mrr
err_is "no start: FILE:LINE" <<X
retention-report: $D/subscriptions.csv:11: subscription S10: no start ''
X
cp "$T/subs.keep" "$D/subscriptions.csv"
printf '2026-13,ads,web,1,1\n' >>"$D/budget.csv"
run retention-report --mrr --summary
rc_is 1 "a bad budget period: exit 1"
err_is "a bad budget period: FILE:LINE" <<X
retention-report: $D/budget.csv:6: bad period '2026-13'
X
sed -i '$d' "$D/budget.csv"
unchanged "nothing written by any of it"
rm "$D/budget.csv"
run retention-report --mrr --summary
out_is "no budget.csv: spend and CAC empty" <<'X'
period,nrr,grr,arpa,churn_rate,ltv,new_customers,spend,cac
2026-11,0.36,0.28,96.67,0.0754,1282.79,1,,
X
# Accounts are grouped by the id's number where the id has the usual
# form (A1) and through a map where not: ids of other forms, mixed with
# those, give the same figures.
run retention-report --mrr
cp "$T/out" "$T/usual"
cp "$D/subscriptions.csv" "$T/subs"
sed -i 's/,A1,/,acme,/; s/,A2,/,A02,/' "$D/subscriptions.csv"
run retention-report --mrr
file_is "$T/out" "ids not of the A<n> form: the same months" <"$T/usual"
cp "$T/subs" "$D/subscriptions.csv"
rm "$D/accounts.csv"
run retention-report --mrr --owner alice
out_is "no accounts.csv: no account chosen" <<'X'
period,mrr,new,expansion,contraction,churn,reactivation,customers,arr
X
rm "$D/subscriptions.csv"
run retention-report --mrr
rc_is 0 "no subscriptions.csv: exit 0"
out_is "no subscriptions.csv: an empty report" <<'X'
period,mrr,new,expansion,contraction,churn,reactivation,customers,arr
X
run retention-report --mrr --summary
out_is "no subscriptions.csv: an empty summary" <<'X'
period,nrr,grr,arpa,churn_rate,ltv,new_customers,spend,cac
X

done_testing
