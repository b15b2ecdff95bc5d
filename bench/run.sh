#!/bin/sh
# make bench: time the reports on a large generated data set against a bare
# libcsv parse of the same file (the floor for anything built on libcsv),
# with peak memory; then the append cost on a big file, and the benchmarks
# of other areas (bench/*.sh) where present.
#
# Environment: SALES_BIN, SALES_TOOLS (set by make); BENCH_DATA (default
# bench/data, ignored by git); BENCH_RUNS (default 5); BENCH_DEALS (default
# 1000000), BENCH_ACTIVITIES (default 5000000), BENCH_LEADS (default 1000000).
set -eu
cd "$(dirname "$0")/.."
: "${SALES_BIN:?run through make bench}"
TOOLS=${SALES_TOOLS:-build/tools}
DATA=${BENCH_DATA:-bench/data}
RUNS=${BENCH_RUNS:-5}
DEALS=${BENCH_DEALS:-1000000}
ACTS=${BENCH_ACTIVITIES:-5000000}
LEADS=${BENCH_LEADS:-1000000}
export SALES_NOW=2026-11-27T09:30:00Z SALES_USER=bench LC_ALL=C
PATH="$SALES_BIN:$PATH"

[ -x /usr/bin/time ] || SALES_EXTRA_PKGS=time sh tools/deps.sh

dir="$DATA/d$DEALS-a$ACTS-l$LEADS"
if [ ! -f "$dir/.complete" ]; then
    echo "generating $DEALS deals, $ACTS activities and $LEADS leads in $dir ..."
    rm -rf "$dir"
    mkdir -p "$DATA"
    /usr/bin/time -f "generated in %e s, peak %M KB" \
        "$TOOLS/sales-gen" --seed 1 --today 2026-11-27 --deals "$DEALS" --activities "$ACTS" \
        --leads "$LEADS" "$dir"
    touch "$dir/.complete"
fi
ls -l "$dir"/*.csv | awk '{ printf "  %-18s %8.1f MB\n", $NF, $5 / 1e6 }' | sed "s|$dir/||"
echo

# median of RUNS runs of a command: prints "seconds peak_kb"
measure() {
    "$@" >/dev/null 2>&1 || { echo "bench: failed: $*" >&2; return 1; } # warm-up, caches
    i=0
    : >"$DATA/times"
    while [ $i -lt "$RUNS" ]; do
        /usr/bin/time -f "%e %M" -o "$DATA/t1" "$@" >/dev/null 2>&1
        cat "$DATA/t1" >>"$DATA/times"
        i=$((i + 1))
    done
    sort -n "$DATA/times" | awk -v n="$RUNS" '{ t[NR] = $1; m[NR] = $2 }
        END { printf "%s %s\n", t[int((n + 1) / 2)], m[n] }'
}

row() { # name floor-seconds command...
    name=$1 floor=$2
    shift 2
    set -- $(measure "$@")
    awk -v n="$name" -v t="$1" -v m="$2" -v f="$floor" \
        'BEGIN { r = f > 0 ? sprintf("%7.2fx", t / f) : "       -" # too small to time
                printf "%-34s %8.2f %8.2f %s %9.1f\n", n, t, f, r, m / 1024 }'
}

echo "median of $RUNS runs (after a warm-up run); floor = bare libcsv parse of the file read"
printf '%-34s %8s %8s %8s %9s\n' report seconds floor ratio "peak MB"
deals_floor=$(measure "$TOOLS/csv-floor" "$dir/deals.csv" | cut -d' ' -f1)
row "csv-floor deals.csv" "$deals_floor" "$TOOLS/csv-floor" "$dir/deals.csv"
row "pipeline-show" "$deals_floor" pipeline-show -D "$dir" -f csv
row "pipeline-show --by owner" "$deals_floor" pipeline-show -D "$dir" -f csv --by owner
row "pipeline-show --by month" "$deals_floor" pipeline-show -D "$dir" -f csv --by month
row "quota-report --period 2026-Q4" "$deals_floor" quota-report -D "$dir" -f csv --period 2026-Q4
row "forecast --pipeline --by month" "$deals_floor" forecast -D "$dir" -f csv --pipeline --by month
row "deal-list --where amount>=100000" "$deals_floor" deal-list -D "$dir" -f csv --where 'amount >= 100000'
# retention-report and segment read deals.csv (segment also accounts.csv
# for names; --mrr reads subscriptions.csv, accounts.csv only with a filter)
row "retention-report" "$deals_floor" retention-report -D "$dir" -f csv
row "retention-report --by quarter" "$deals_floor" retention-report -D "$dir" -f csv --by quarter
two='for f; do "$0" "$f" || exit 1; done'
da_floor=$(measure sh -c "$two" "$TOOLS/csv-floor" "$dir/deals.csv" "$dir/accounts.csv" | cut -d' ' -f1)
row "csv-floor deals.csv accounts.csv" "$da_floor" sh -c "$two" "$TOOLS/csv-floor" "$dir/deals.csv" "$dir/accounts.csv"
row "segment" "$da_floor" segment -D "$dir" -f csv
row "segment --summary" "$da_floor" segment -D "$dir" -f csv --summary
subs_floor=$(measure "$TOOLS/csv-floor" "$dir/subscriptions.csv" | cut -d' ' -f1)
row "csv-floor subscriptions.csv" "$subs_floor" "$TOOLS/csv-floor" "$dir/subscriptions.csv"
row "retention-report --mrr" "$subs_floor" retention-report -D "$dir" -f csv --mrr
if command -v activity-report >/dev/null 2>&1; then
    acts_floor=$(measure "$TOOLS/csv-floor" "$dir/activities.csv" | cut -d' ' -f1)
    row "csv-floor activities.csv" "$acts_floor" "$TOOLS/csv-floor" "$dir/activities.csv"
    # --by rep reads four files (activities; leads for response times; deals and
    # contacts for the accounts touched): its floor is the parse of all four
    floors='for f; do "$0" "$f" || exit 1; done'
    set -- "$dir/activities.csv" "$dir/leads.csv" "$dir/deals.csv" "$dir/contacts.csv"
    four_floor=$(measure sh -c "$floors" "$TOOLS/csv-floor" "$@" | cut -d' ' -f1)
    row "csv-floor of those four files" "$four_floor" sh -c "$floors" "$TOOLS/csv-floor" "$@"
    row "activity-report --by rep" "$four_floor" activity-report -D "$dir" -f csv --by rep
fi
if command -v perf-report >/dev/null 2>&1; then
    # each report next to the parse of the big files it reads
    floors='for f; do "$0" "$f" || exit 1; done'
    set -- "$dir/deals.csv" "$dir/activities.csv" "$dir/leads.csv"
    perf_floor=$(measure sh -c "$floors" "$TOOLS/csv-floor" "$@" | cut -d' ' -f1)
    row "csv-floor deals+activities+leads" "$perf_floor" sh -c "$floors" "$TOOLS/csv-floor" "$@"
    row "perf-report --period 2026-Q4" "$perf_floor" perf-report -D "$dir" -f csv --period 2026-Q4
    set -- "$dir/deals.csv" "$dir/budget.csv"
    roi_floor=$(measure sh -c "$floors" "$TOOLS/csv-floor" "$@" | cut -d' ' -f1)
    row "csv-floor deals+budget" "$roi_floor" sh -c "$floors" "$TOOLS/csv-floor" "$@"
    row "budget-report --roi --period 2026" "$roi_floor" budget-report -D "$dir" -f csv --roi --period 2026
    fb_floor=$(measure "$TOOLS/csv-floor" "$dir/feedback.csv" | cut -d' ' -f1)
    row "csv-floor feedback.csv" "$fb_floor" "$TOOLS/csv-floor" "$dir/feedback.csv"
    row "nps-report --period 2026" "$fb_floor" nps-report -D "$dir" -f csv --period 2026
if command -v deal-score >/dev/null 2>&1; then
    # deal-score reads deals, activities and history (the stage, close-date
    # and owner changes): its floor is the parse of those three; the target
    # is under 2x (issue 15)
    floors='for f; do "$0" "$f" || exit 1; done'
    set -- "$dir/deals.csv" "$dir/activities.csv" "$dir/history.csv"
    three_floor=$(measure sh -c "$floors" "$TOOLS/csv-floor" "$@" | cut -d' ' -f1)
    row "csv-floor deals+activities+history" "$three_floor" sh -c "$floors" "$TOOLS/csv-floor" "$@"
    row "deal-score (train and score)" "$three_floor" deal-score -D "$dir" -f csv
fi
echo

# An append costs the same on a big file as on an empty one.
echo "lead-add: 20 appends each"
small="$DATA/empty"
rm -rf "$small" && sales-init "$small"
cp "$dir/reps.csv" "$small/reps.csv"
# twenty lead-add runs, as one command to time
add20='i=0; while [ $i -lt 20 ]; do
    lead-add -D "$1" --name "Bench Lead $i" --email "b$i@example.com" --owner "$2" >/dev/null || exit 1
    i=$((i + 1))
done'
owner=$(sed -n 2p "$dir/reps.csv" | cut -d, -f1)
for d in "$small" "$dir"; do
    n=$(($(wc -l <"$d/leads.csv") - 1))
    set -- $(measure sh -c "$add20" sh "$d" "$owner")
    awk -v n="$n" -v t="$1" 'BEGIN { printf "  leads.csv with %8d rows: %5.1f ms per lead-add\n", n, t * 1000 / 20 }'
done
echo

for b in bench/*.sh; do
    case "$b" in bench/run.sh) continue ;; esac
    echo "== $b"
    BENCH_DIR="$dir" sh "$b" || echo "bench: $b failed"
    echo
done
