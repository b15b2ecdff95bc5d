#!/bin/sh
# sales-check: the rules of subscriptions.csv (account, plan, mrr, start
# present; mrr a sum of money, not negative; start and end dates; end not
# before start; the account exists), budget.csv (a valid period; planned
# and actual money, not negative), feedback.csv (score 0-10; the account
# exists) and deals.csv's score column when there (a whole percentage,
# as deal-score --write stores it). One finding per problem, FILE:LINE,
# exit 1, nothing written.
. "${SALES_SRC:-.}/tests/cli/lib.sh"

cat >"$D/reps.csv" <<'X'
id,name,email,team,manager,role,territory,hired,active
alice,Alice,,east,,,,,yes
X
cat >"$D/accounts.csv" <<'X'
id,created,name,domain,segment,industry,owner,updated,notes
A1,2025-01-01T00:00:00Z,Acme,,saas,,alice,2025-01-01T00:00:00Z,
A2,2025-01-01T00:00:00Z,Beta,,saas,,alice,2025-01-01T00:00:00Z,
X
cat >"$D/subscriptions.csv" <<'X'
id,account,plan,mrr,start,end
S1,A1,Pro,100,2025-10-15,
S2,A2,Basic,80,2026-01-01,2026-01-01
S3,A1,Addon,50,2026-03-01,2026-09-30
X
cat >"$D/budget.csv" <<'X'
period,category,channel,planned,actual
2026-Q4,ads,web,1000,250.5
2026-11,events,,0,
X
cat >"$D/feedback.csv" <<'X'
id,date,account,contact,score,channel,comment
F1,2026-11-02T10:00:00Z,A1,,10,email,great
F2,2026-11-03T10:00:00Z,A2,,0,phone,
X
cat >"$D/deals.csv" <<'X'
id,created,name,account,contact,lead,owner,stage,amount,currency,probability,category,close,closed,segment,source,type,lost_reason,updated
D1,2026-01-01T00:00:00Z,Acme,A1,,,alice,proposal,1000,,,,2026-12-31,,,,,,2026-01-01T00:00:00Z
X

run sales-check
rc_is 0 "valid newer files: exit 0"
out_is "valid newer files: no findings" </dev/null

# deal-score --write's column: whole percentages 0-100, empty allowed
awk 'NR == 1 { print $0 ",score"; next } { print $0 ",0" }' "$D/deals.csv" >"$T/d" &&
    printf 'D2,2026-01-01T00:00:00Z,Beta,A2,,,alice,proposal,5,,,,2026-12-31,,,,,,2026-01-01T00:00:00Z,100\n' >>"$T/d" &&
    printf 'D3,2026-01-01T00:00:00Z,Beta,A2,,,alice,proposal,5,,,,2026-12-31,,,,,,2026-01-01T00:00:00Z,\n' >>"$T/d" &&
    cp "$T/d" "$D/deals.csv"
run sales-check
rc_is 0 "a deals score column 0 and 100 and empty: exit 0"
out_is "a deals score column 0 and 100 and empty: no findings" </dev/null

cat >>"$D/subscriptions.csv" <<'X'
S4,,Pro,10,2026-01-01,
S5,A1,,10,2026-01-01,
S6,A1,Pro,,2026-01-01,
S7,A1,Pro,10,,
S8,A1,Pro,10,2026-05-01,2026-04-30
S9,A9,Pro,10,2026-01-01,
S10,A1,Pro,-5,2026-01-01,
S11,A1,Pro,ten,2026-01-01,
S12,A1,Pro,10,2026-02-30,
S13,A1,Pro,10,2026-01-01,soon
X
cat >>"$D/budget.csv" <<'X'
2026-13,ads,web,10,10
2026-12,ads,web,-100,
2026-12,events,web,,-1
2026-12,promo,web,1O0,
X
cat >>"$D/feedback.csv" <<'X'
F3,2026-11-04T10:00:00Z,A1,,11,email,
F4,2026-11-04T10:00:00Z,A1,,-1,email,
F5,2026-11-04T10:00:00Z,A9,,5,email,
F6,2026-11-04T10:00:00Z,A1,,7.5,email,
X
n=3
for s in 101 0.5 -3 '' 55%; do
    n=$((n + 1))
    printf 'D%s,2026-01-01T00:00:00Z,Beta,A2,,,alice,proposal,5,,,,2026-12-31,,,,,,2026-01-01T00:00:00Z,%s\n' "$n" "$s"
done >>"$D/deals.csv"
snap
run sales-check
rc_is 1 "problems in the newer files: exit 1"
sed "s|$D/||" "$T/out" >"$T/findings"
file_is "$T/findings" "each problem once, FILE:LINE, in file and line order" <<'X'
deals.csv:5: bad score '101' (expected a whole percentage from 0 to 100)
deals.csv:6: bad score '0.5' (expected a whole percentage from 0 to 100)
deals.csv:7: bad score '-3' (expected a whole percentage from 0 to 100)
deals.csv:9: bad score '55%' (expected a whole percentage from 0 to 100)
subscriptions.csv:5: a subscription needs an account
subscriptions.csv:6: a subscription needs a plan
subscriptions.csv:7: a subscription needs an mrr
subscriptions.csv:8: a subscription needs a start date
subscriptions.csv:9: end 2026-04-30 is before start 2026-05-01
subscriptions.csv:10: unknown account 'A9' (not in accounts.csv)
subscriptions.csv:11: bad mrr '-5' (must not be negative)
subscriptions.csv:12: bad mrr 'ten' (expected an amount like 12500 or 12500.50)
subscriptions.csv:13: bad start '2026-02-30' (expected YYYY-MM-DD)
subscriptions.csv:14: bad end 'soon' (expected YYYY-MM-DD, today, yesterday, +14d, -3m)
budget.csv:4: bad period '2026-13' (expected 2026, 2026-Q4, 2026-11, 2026-W48, this-quarter, ...)
budget.csv:5: bad planned '-100' (must not be negative)
budget.csv:6: bad actual '-1' (must not be negative)
budget.csv:7: bad planned '1O0' (expected an amount like 12500 or 12500.50)
feedback.csv:4: bad score '11' (expected a whole number from 0 to 10)
feedback.csv:5: bad score '-1' (expected a whole number from 0 to 10)
feedback.csv:6: unknown account 'A9' (not in accounts.csv)
feedback.csv:7: bad score '7.5' (expected a whole number from 0 to 10)
X
unchanged "sales-check writes nothing"
run sales-check -q
rc_is 1 "-q: exit 1"
out_is "-q: no output" </dev/null

done_testing
