#!/bin/sh
# The reports that keep state per account or per deal (retention-report
# --mrr and its cohorts, segment, perf-report --funnel) find an id of the
# usual form (A12, D12) by its number and any other id through a map. The
# figures do not depend on which: the fixtures of 0821, 0820 and 0825 with
# their ids spread over small and large numbers (several passes of the
# MRR's radix sort), numbers past the array's limit (8388608) and ids of
# other forms, give the figures worked out by hand there.
. "${SALES_SRC:-.}/tests/cli/lib.sh"

cat >"$D/reps.csv" <<'X'
id,name,email,team,manager,role,territory,hired,active
alice,Alice,,east,,,,,yes
bob,Bob,,west,,,,,yes
X

# ---- retention-report --mrr: 0821's subscriptions, A1..A6 renamed -----------
# A1 -> A70000, A2 -> A3, A3 -> A4097, A4 -> acme, A5 -> A9000000 (past the
# limit: the map), A6 -> A0 (number 0)
cat >"$D/subscriptions.csv" <<'X'
id,account,plan,mrr,start,end
S1,A70000,Pro,100,2025-10-15,
S2,A70000,Addon,50,2026-03-01,
S3,A3,Pro,200,2025-11-01,2026-02-10
S4,A3,Basic,80,2026-05-20,
S5,A4097,Pro,300,2025-11-05,2026-06-30
S6,A4097,Addon,120,2026-04-01,2026-05-15
S7,acme,Basic,60,2026-02-14,
S8,A9000000,Pro,40,2025-09-01,2025-12-01
S9,A0,Pro,500,2026-07-03,2026-07-20
X
cat >"$D/budget.csv" <<'X'
period,category,channel,planned,actual
2025-11,ads,web,1000,1000
2025-12,ads,web,300,300
2026-Q4,events,event,1000,920
2026-03,ads,web,1000,
X
run retention-report --mrr
rc_is 0 "--mrr"
out_is "--mrr: 0821's months" <<'X'
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
run retention-report --mrr --summary
out_is "--mrr --summary: 0821's trailing block" <<'X'
period,nrr,grr,arpa,churn_rate,ltv,new_customers,spend,cac
2026-11,0.36,0.28,96.67,0.0754,1282.79,1,910,910
X

# ---- cohorts: 0820's won deals, A1..A5 renamed -----------------------------
# A1 -> A300000, A2 -> globex, A3 -> A9000001, A4 -> A4, A5 -> A1
cat >"$D/deals.csv" <<'X'
id,created,name,account,contact,lead,owner,stage,amount,currency,probability,category,close,closed,segment,source,type,lost_reason,updated
D1,2026-01-01,a,A300000,,,alice,won,100,,,,,2026-07-10,b2b,web,,,
D2,2026-01-01,b,A300000,,,alice,won,100,,,,,2026-08-05,b2b,web,,,
D3,2026-01-01,c,A300000,,,alice,won,100,,,,,2026-10-20,b2b,event,,,
D4,2026-01-01,d,globex,,,alice,won,100,,,,,2026-07-25,b2b,web,,,
D5,2026-01-01,e,globex,,,alice,lost,100,,,,,2026-09-01,b2b,web,,,
D6,2026-01-01,f,globex,,,alice,won,100,,,,,2026-12-05,b2b,web,,,
D7,2026-01-01,g,A9000001,,,alice,won,100,,,,,2026-08-03,b2b,web,,,
D8,2026-01-01,h,A9000001,,,alice,won,100,,,,,2026-08-20,b2b,web,,,
D9,2026-01-01,i,A9000001,,,alice,proposal,100,,,,2026-12-01,,b2b,web,,,
D10,2026-01-01,j,A4,,,bob,won,100,,,,,2026-08-15,b2b,web,,,
D11,2026-01-01,k,A4,,,bob,won,100,,,,,2026-11-02,b2b,web,,,
D12,2025-01-01,l,A1,,,alice,won,100,,,,,2025-10-20,b2b,web,,,
D13,2026-01-01,m,,,,alice,won,100,,,,,2026-09-09,b2b,web,,,
X
run retention-report --by quarter
rc_is 0 "cohorts"
# 2025-Q4 (A1, churned); 2026-Q3 (A300000, globex, A9000001, A4): repeat
# A300000, A9000001, A4 = 3/4; q1 2026-Q4: A300000 (Oct), A4 (Nov) = 2/4
out_is "cohorts by quarter: each account once, whatever its id" <<'X'
cohort,accounts,repeat_rate,churned,q1,q2,q3,q4
2025-Q4,1,0.00,1,0.00,0.00,0.00,0.00
2026-Q3,4,0.75,0,0.50,,,
X

# ---- segment: 0825's accounts and won deals --------------------------------
# A1 -> A8388607 (the last number in the array), A2 -> A2, A3 -> beta,
# A4 -> A8388608 (the first past it), A5 -> A10, A6 -> A1
cat >"$D/accounts.csv" <<'X'
id,created,name,domain,segment,industry,owner,updated,notes
A8388607,2025-01-01,Acme,,b2b,,alice,,
A2,2025-01-01,"Beta, Inc.",,b2c,,alice,,
beta,2025-01-01,Gamma,,b2b,,alice,,
A8388608,2025-01-01,Delta,,b2b,,alice,,
A10,2025-01-01,Epsilon,,b2b,,alice,,
A1,2025-01-01,Zeta,,b2b,,bob,,
X
cat >"$D/deals.csv" <<'X'
id,created,name,account,contact,lead,owner,stage,amount,currency,probability,category,close,closed,segment,source,type,lost_reason,updated
D1,2026-01-01,a,A8388607,,,alice,won,1000,,,,,2026-11-20,b2b,web,,,
D2,2026-01-01,b,A8388607,,,alice,won,500,,,,,2026-10-01,b2b,web,,,
D3,2026-01-01,c,A8388607,,,alice,won,500,,,,,2026-06-01,b2b,event,,,
D4,2026-01-01,d,A2,,,alice,won,300,,,,,2026-11-20,b2c,web,,,
D5,2026-01-01,e,beta,,,alice,won,800,,,,,2026-09-28,b2b,web,,,
D6,2026-01-01,f,beta,,,alice,won,1200,,,,,2026-03-01,b2b,web,,,
D7,2025-01-01,g,A8388608,,,alice,won,100,,,,,2025-11-27,b2b,web,,,
D8,2025-01-01,h,A10,,,alice,won,100,,,,,2026-01-15,b2b,web,,,
D9,2025-01-01,i,A10,,,alice,won,400,,,,,2025-12-01,b2b,web,,,
D10,2026-01-01,j,A1,,,bob,won,700,,,,,2026-08-29,b2b,web,,,
X
# R: days 7 (A8388607, A2), 60 (beta), 90 (A1), 316 (A10), 365 (A8388608),
# worst first 365, 316, 90, 60, 7, 7: r 1, 2, 3, 3, 5, 5 (positions 0..5 of
# 6: 1 + floor(5 (lo + hi) / 12)). F: 1 (A2, A8388608, A1), 2 (beta, A10),
# 3: f 2, 2, 2, 4, 4, 5. M: 100, 300, 500, 700, 2000, 2000: m 1, 2, 3, 3, 5, 5.
# The segments as 0825's. Ids of the usual form by number, then the others.
run segment
rc_is 0 "segment"
out_is "segment: the scores, ids in order" <<'X'
account,name,recency_days,frequency,monetary,r,f,m,segment
A1,Zeta,90,1,700,3,2,3,About to sleep
A2,"Beta, Inc.",7,1,300,5,2,2,Potential loyalist
A10,Epsilon,316,2,500,2,4,3,At risk
A8388607,Acme,7,3,2000,5,5,5,Champions
A8388608,Delta,365,1,100,1,2,1,Lost
beta,Gamma,60,2,2000,3,4,5,Loyal
X

# ---- perf-report --funnel: 0801's deals as D numbers and other forms --------
cat >"$D/deals.csv" <<'X'
id,created,name,account,contact,lead,owner,stage,amount,currency,probability,category,close,closed,segment,source,type,lost_reason,updated
D5000,2026-10-01T09:00:00Z,e1,,,,alice,won,100,,,,2026-10-20,2026-10-20,b2b,web,new,,
D9000000,2026-10-02T09:00:00Z,e2,,,,alice,lost,100,,,,2026-10-25,2026-10-25,b2b,web,new,price,
D1,2026-10-03T09:00:00Z,e3,,,,bob,prospecting,100,,,,2026-12-20,,b2b,web,new,,
X
cat >"$D/history.csv" <<'X'
ts,user,command,entity,id,field,old,new
2026-10-05T09:00:00Z,t,deal-move,deals,D5000,stage,prospecting,qualification
2026-10-06T09:00:00Z,t,deal-move,deals,D9000000,stage,prospecting,proposal
2026-10-10T09:00:00Z,t,deal-move,deals,D5000,stage,qualification,proposal
2026-10-20T09:00:00Z,t,deal-close,deals,D5000,stage,proposal,won
2026-10-25T09:00:00Z,t,deal-close,deals,D9000000,stage,proposal,lost
2026-10-26T09:00:00Z,t,deal-move,accounts,D1,stage,prospecting,won
X
# D5000 (alice): P Q R won, N skipped: entered and passed P Q R N.
# D9000000 (alice): P -> R skips Q, then lost: entered P Q R, passed P Q.
# D1 (bob): created in P, never moved (the accounts row is not a deal's).
run perf-report --funnel --period 2026-Q4
rc_is 0 "--funnel"
out_is "--funnel: each deal found, whatever its id" <<'X'
owner,stage,entered,passed,conversion,team_conversion
alice,prospecting,2,2,1.00,0.67
alice,qualification,2,2,1.00,1.00
alice,proposal,2,1,0.50,0.50
alice,negotiation,1,1,1.00,1.00
bob,prospecting,1,0,0.00,0.67
X
done_testing
