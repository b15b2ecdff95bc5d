#!/bin/sh
# The demo data (examples/demo): sales-gen makes exactly these bytes again
# (so the generator and the committed data never drift), the data passes
# every check, and every command that reads it runs on it.
#
# To change the demo data, change the generator or the options below (and
# in examples/README.md), then: rm -rf examples/demo &&
#   build/tools/sales-gen --seed 6 --today 2026-11-27 examples/demo
: "${SALES_BIN:?run the tests through make check}"
: "${SALES_TOOLS:=$SALES_BIN/../tools}"
export SALES_TOOLS
. "${SALES_SRC:-.}/tests/cli/lib.sh"

demo="$SRC/examples/demo"

run sales-gen --seed 6 --today 2026-11-27 "$T/regen"
rc_is 0 "sales-gen makes the demo data"
is "$(cd "$demo" && ls -A | grep -v -e '^\.lock$' -e '^\.ids$')" "$(cd "$T/regen" && ls -A)" \
    "with the same files"
for f in $(cd "$T/regen" && ls -A); do
    if cmp -s "$demo/$f" "$T/regen/$f"; then
        ok 0 "examples/demo/$f is what sales-gen writes"
    else
        ok 1 "examples/demo/$f is what sales-gen writes"
        echo "#   regenerate it (see the top of this test) and commit both"
    fi
done

# the checks, on a copy
cp -R "$demo" "$T/demo"
chmod -R u+w "$T/demo"
D="$T/demo"
export SALES_DATA="$D"
snap

run sales-gen --verify "$D"
rc_is 0 "sales-gen --verify: every value valid, stored form, references known"
out_is "and says nothing" </dev/null
run sales-check
rc_is 0 "sales-check finds nothing wrong"
out_is "sales-check is silent" </dev/null

run rep-list -f csv -c id,team,role,active
rc_is 0 "rep-list"
out_is "three teams, their managers, two reps who left" <<'X'
id,team,role,active
sarah.chen,Americas,manager,yes
katrin.mueller,EMEA,manager,yes
misaki.tanaka,APAC,manager,yes
jmiller,Americas,ae,no
lucia.fernandez,Americas,ae,yes
francois.beaumont,EMEA,ae,yes
wang.lei,APAC,ae,yes
oliver.ogrady,EMEA,ae,yes
priya.r,APAC,ae,yes
ethan.brooks,Americas,ae,yes
soren.ostergaard,EMEA,sdr,yes
minjun.kim,APAC,sdr,no
X

run lead-list -f ndjson
rc_is 0 "lead-list"
is "$(wc -l <"$T/out" | tr -d ' ')" 500 "500 leads"

run deal-list -f ndjson
rc_is 0 "deal-list"
is "$(wc -l <"$T/out" | tr -d ' ')" 1000 "1,000 deals"
run deal-list --where 'stage != won' --where 'stage != lost' -f ndjson
open=$(wc -l <"$T/out" | tr -d ' ')

run pipeline-show -f csv
rc_is 0 "pipeline-show"
out_is "pipeline-show per stage" <<'X'
stage,deals,amount,weighted,avg_age_days,stale
prospecting,26,1885710,233571,86.9,12
qualification,31,1075620,215124,86.1,19
proposal,28,3597739.19,1798869.6,85.8,17
negotiation,10,237497.99,189536.39,110.3,6
X
is "$(awk -F, 'NR > 1 { n += $2 } END { print n }' "$T/out")" "$open" \
    "its deals are the open deals of deal-list"

run pipeline-show --by owner -f csv
rc_is 0 "pipeline-show --by owner"

run quota-report -f csv
rc_is 0 "quota-report"
cut -d, -f1-3 "$T/out" >"$T/quotas"
file_is "$T/quotas" "this year's and this quarter's quotas, per team and per carrier" <<'X'
owner,period,quota
Americas,2026,2448000
Americas,2026-Q4,894000
jmiller,2026,505000
lucia.fernandez,2026,1354000
lucia.fernandez,2026-Q4,447000
ethan.brooks,2026,589000
ethan.brooks,2026-Q4,447000
EMEA,2026,2708000
EMEA,2026-Q4,894000
francois.beaumont,2026,1354000
francois.beaumont,2026-Q4,447000
oliver.ogrady,2026,1354000
oliver.ogrady,2026-Q4,447000
APAC,2026,2708000
APAC,2026-Q4,894000
wang.lei,2026,1354000
wang.lei,2026-Q4,447000
priya.r,2026,1354000
priya.r,2026-Q4,447000
X

# lo80,hi80: the formula is checked by hand in 0220; here 2027-Q2 is one
# deal, 125000 at 50%: sd 62500 -> 0, 62500 + 1.2816 x 62500 = 142596.97.
run forecast --pipeline -f csv
rc_is 0 "forecast --pipeline"
out_is "forecast --pipeline per quarter" <<'X'
period,closed,commit,best_case,pipeline,weighted,lo80,hi80
overdue,,7377.99,19747.99,98457.99,27982.39,10109.61,45855.17
2026-Q4,1514871.19,1717671.19,3466847.38,3192336.19,1261050.1,795351.15,1726749.05
2027-Q1,0,26800,1766993,3091753,1027842.5,400259.1,1655425.9
2027-Q2,0,0,125000,125000,62500,0,142596.97
2027-Q3,0,0,0,0,0,0,0
undated,,520,520,289020,57726,0,171196.32
X

run sales-history -f ndjson
rc_is 0 "sales-history"
is "$(wc -l <"$T/out" | tr -d ' ')" "$(($(wc -l <"$D/history.csv") - 1))" \
    "every row of history.csv"
run sales-history --field stage D100 -f csv -c ts,old,new
rc_is 0 "sales-history of one deal"

unchanged "reading leaves the demo data as it was"
done_testing
