#!/bin/sh
# coach's coverage with a team's quota: a rep with no quota of their own
# for the period carries an equal share of what the team's quota leaves
# after its reps' own quotas; a manager (someone's manager) and an inactive
# rep carry none; a rep with an own quota is measured against it only.
#
# Today is 2026-11-27, in 2026-Q4. Team east has 100000 for 2026-Q4 and
# 50000 for 2026 (both hold today: both are shared).
#   mia:   east's manager (ann, ben and cy report to her): no share.
#   ann:   her own 40000 for 2026-Q4: won 0, pipeline 150000 = 3.75x (fine).
#   ben:   no quota: 2026-Q4 share (100000 - 40000) / 2 = 30000; won 5000
#          (D3), pipeline 20000 (D2): 20000 / 25000 = 0.80x; 3 x 25000 -
#          20000 = 55000 more needed. 2026: ann has no quota of the year,
#          so ann, ben and dot split it: 50000 / 3 = 16666.66 (down to
#          the cent), won 5000, remaining 11666.66, pipeline 20000 =
#          1.71x, 3 x 11666.66 - 20000 = 14999.98 more needed.
#   cy:    inactive: no share.
#   dot:   no quota, no deals: 2026-Q4 share 30000, 0.00x, 90000 more
#          needed (ranked first: the larger stake); 2026 16666.66, 0.00x,
#          49999.98 more needed.
# ann's 2026 share is covered: 150000 / 16666.66 = 9.00x.
. "${SALES_SRC:-.}/tests/cli/lib.sh"

cat >"$D/reps.csv" <<'X'
id,name,email,team,manager,role,territory,hired,active
mia,Mia Moss,,east,,manager,,,
ann,Ann Arnold,,east,mia,,,,
ben,Ben Bell,,east,mia,,,,
cy,Cy Cole,,east,mia,,,,no
dot,Dot Day,,east,mia,,,,
X
cat >"$D/deals.csv" <<'X'
id,created,name,account,contact,lead,owner,stage,amount,currency,probability,category,close,closed,segment,source,type,lost_reason,updated
D1,2026-11-20,One,,,,ann,proposal,150000,,,,2026-12-20,,b2b,web,new,,
D2,2026-11-20,Two,,,,ben,proposal,20000,,,,2026-12-20,,b2b,web,new,,
D3,2026-09-01,Three,,,,ben,won,5000,,,,2026-10-15,2026-10-15,b2b,web,new,,
X
cat >"$D/quotas.csv" <<'X'
owner,period,amount
east,2026-Q4,100000
east,2026,50000
ann,2026-Q4,40000
X
cat >>"$D/activities.csv" <<'X'
T1,2026-11-25T10:00:00Z,ann,call,phone,,,,D1,Call,,,,,
T2,2026-11-25T10:00:00Z,ben,call,phone,,,,D2,Call,,,,,
T3,2026-11-25T10:00:00Z,dot,call,phone,,,,,Call,,,,,
X

snap
run coach -f csv
rc_is 0 "coach with a team's quota"
is "$(grep ',coverage,' "$T/out")" 'ben,1,coverage,"open pipeline covers 0.80x the remaining share of east'"'"'s quota of 2026-Q4, under 3x","share 30000, won 5000, remaining 25000, pipeline 20000; 55000 more needed",
ben,2,coverage,"open pipeline covers 1.71x the remaining share of east'"'"'s quota of 2026, under 3x","share 16666.66, won 5000, remaining 11666.66, pipeline 20000; 14999.98 more needed",
dot,1,coverage,"open pipeline covers 0.00x the remaining share of east'"'"'s quota of 2026-Q4, under 3x","share 30000, won 0, remaining 30000, pipeline 0; 90000 more needed",
dot,2,coverage,"open pipeline covers 0.00x the remaining share of east'"'"'s quota of 2026, under 3x","share 16666.66, won 0, remaining 16666.66, pipeline 0; 49999.98 more needed",' \
    "shares of the team's quotas: ben and dot; not mia (a manager), cy (inactive), ann (her own)"
run coach -f csv --rep ben
rc_is 0 "--rep ben"
is "$(grep -c ',coverage,' "$T/out")" "2" "--rep: the rep's shares alone"
unchanged "coach writes nothing"
done_testing
