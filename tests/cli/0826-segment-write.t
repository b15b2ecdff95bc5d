#!/bin/sh
# segment --write: the segment into accounts.csv column rfm (added when
# missing), history rows, one transaction; a window alone rewrites the
# whole column, a filter only the accounts it scored.
. "${SALES_SRC:-.}/tests/cli/lib.sh"

cat >"$D/reps.csv" <<'X'
id,name,email,team,manager,role,territory,hired,active
alice,Alice,,east,,,,,yes
bob,Bob,,west,,,,,yes
X
cat >"$D/accounts.csv" <<'X'
id,created,name,domain,segment,industry,owner,updated,notes
A1,2025-01-01,Acme,,b2b,,alice,,
A2,2025-01-01,Beta,,b2b,,alice,,
A3,2025-01-01,Gamma,,b2b,,bob,,
A4,2025-01-01,Delta,,b2b,,bob,,
X
# Today 2026-11-27. A1: won 2026-11-01 and 2026-10-01, 1000 each (R 26,
# F 2, M 2000); A2: won 2026-06-01, 100 (R 179, F 1, M 100); A3 (bob's):
# won 2025-06-01, 500 (R 544, F 1, M 500); A4 has none. n = 3:
#   R: A3 (0,1) -> 1; A2 (1,2) -> 1+floor(15/6) = 3; A1 (2,3) -> 1+floor(25/6) = 5
#   F: A2, A3 tied (0,2) -> 1+floor(10/6) = 2; A1 (2,3) -> 5
#   M: A2 -> 1; A3 -> 3; A1 -> 5
# A1 5,5 Champions; A2 3,2 About to sleep; A3 1,2 Lost.
cat >"$D/deals.csv" <<'X'
id,created,name,account,contact,lead,owner,stage,amount,currency,probability,category,close,closed,segment,source,type,lost_reason,updated
D1,2026-01-01,a,A1,,,alice,won,1000,,,,,2026-11-01,b2b,web,,,
D2,2026-01-01,b,A1,,,alice,won,1000,,,,,2026-10-01,b2b,web,,,
D3,2026-01-01,c,A2,,,alice,won,100,,,,,2026-06-01,b2b,web,,,
D4,2025-01-01,d,A3,,,bob,won,500,,,,,2025-06-01,b2b,web,,,
X

run segment --write
rc_is 0 "segment --write"
out_is "it prints what it writes" <<'X'
account,name,recency_days,frequency,monetary,r,f,m,segment
A1,Acme,26,2,2000,5,5,5,Champions
A2,Beta,179,1,100,3,2,1,About to sleep
A3,Gamma,544,1,500,1,2,3,Lost
X
file_is "$D/accounts.csv" "the rfm column added at the end, every account's value set" <<'X'
id,created,name,domain,segment,industry,owner,updated,notes,rfm
A1,2025-01-01,Acme,,b2b,,alice,,,Champions
A2,2025-01-01,Beta,,b2b,,alice,,,About to sleep
A3,2025-01-01,Gamma,,b2b,,bob,,,Lost
A4,2025-01-01,Delta,,b2b,,bob,,,
X
file_is "$D/history.csv" "a history row per change" <<'X'
ts,user,command,entity,id,field,old,new
2026-11-27T09:30:00Z,tester,segment,accounts,A1,rfm,,Champions
2026-11-27T09:30:00Z,tester,segment,accounts,A2,rfm,,About to sleep
2026-11-27T09:30:00Z,tester,segment,accounts,A3,rfm,,Lost
X
run account-list --where 'rfm = Lost' -f csv -c id,name,rfm
out_is "the next campaign is a pipeline away" <<'X'
id,name,rfm
A3,Gamma,Lost
X

snap
run segment --write
unchanged "the same result again: nothing changes, no history rows"

# A window alone: the column holds exactly this run's result. --since
# 2026-01-01 leaves A1 and A2 (n = 2): R A2 (0,1) 1+floor(5/4) = 2, A1 (1,2)
# 1+floor(15/4) = 4; F A2 2, A1 4; A1 4,4 Loyal; A2 2,2 Hibernating; A3's
# rfm is emptied.
run segment --write --since 2026-01-01 --summary
out_is "--summary with --write" <<'X'
segment,accounts,share,monetary
Champions,0,0.00,0
Loyal,1,0.50,2000
Potential loyalist,0,0.00,0
New,0,0.00,0
Promising,0,0.00,0
Need attention,0,0.00,0
About to sleep,0,0.00,0
At risk,0,0.00,0
Cannot lose,0,0.00,0
Hibernating,1,0.50,100
Lost,0,0.00,0
X
file_is "$D/accounts.csv" "--since: accounts out of the window emptied" <<'X'
id,created,name,domain,segment,industry,owner,updated,notes,rfm
A1,2025-01-01,Acme,,b2b,,alice,,,Loyal
A2,2025-01-01,Beta,,b2b,,alice,,,Hibernating
A3,2025-01-01,Gamma,,b2b,,bob,,,
A4,2025-01-01,Delta,,b2b,,bob,,,
X
run sales-history A3 -f csv
out_is "A3's history" <<'X'
ts,user,command,entity,id,field,old,new
2026-11-27T09:30:00Z,tester,segment,accounts,A3,rfm,,Lost
2026-11-27T09:30:00Z,tester,segment,accounts,A3,rfm,Lost,
X

# A filter: only the accounts it scored are written. bob's deals: A3 alone,
# one account scores 3,3,3: Need attention.
run segment --write --owner bob
file_is "$D/accounts.csv" "--owner: the others keep their rfm" <<'X'
id,created,name,domain,segment,industry,owner,updated,notes,rfm
A1,2025-01-01,Acme,,b2b,,alice,,,Loyal
A2,2025-01-01,Beta,,b2b,,alice,,,Hibernating
A3,2025-01-01,Gamma,,b2b,,bob,,,Need attention
A4,2025-01-01,Delta,,b2b,,bob,,,
X

# Failures change nothing.
printf 'D5,2026-01-01,e,A4,,,bob,won,oops,,,,,2026-11-02,b2b,web,,,\n' >>"$D/deals.csv"
snap
run segment --write
rc_is 1 "a bad deal: exit 1"
err_is "a bad deal: FILE:LINE" <<X
segment: $D/deals.csv:6: deal D5: bad amount 'oops'
X
unchanged "a bad deal: nothing written"
sed -i '$d' "$D/deals.csv"
printf 'segment,r,f\nX,9,9\n' >"$T/bad.csv"
snap
run segment --write --segments "$T/bad.csv"
rc_is 1 "a bad segments file: exit 1"
unchanged "a bad segments file: nothing written"
flock "$D" -c "touch '$T/locked'; sleep 2" &
pid=$!
while [ ! -e "$T/locked" ]; do sleep 0.05; done
snap
SALES_LOCK_TIMEOUT=1 run segment --write
rc_is 1 "a lock not obtained: exit 1"
err_is "a lock not obtained: says so" <<X
segment: $D: could not get the lock within 1 s (another command is writing; try again, or raise SALES_LOCK_TIMEOUT)
X
unchanged "a lock not obtained: nothing written"
wait $pid

done_testing
