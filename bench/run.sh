#!/bin/sh
# make bench: time the reports on a large generated data set against a bare
# libcsv parse of the same file (the floor for anything built on libcsv),
# with peak memory; then the append cost on a big file, and the benchmarks
# of other areas (bench/*.sh) where present.
#
# Environment: SALES_BIN, SALES_TOOLS (set by make); BENCH_DATA (default
# bench/data, ignored by git); BENCH_RUNS (default 5); BENCH_DEALS (default
# 1000000), BENCH_ACTIVITIES (default 5000000), BENCH_LEADS (default 1000000);
# BENCH_ACTIVITY=0 leaves activity-report out (the 10x run); DUCKDB_NODE_DIR:
# where node_modules/@duckdb/node-api is (default bench/duckdb); BENCH_OTHER=0
# skips the other areas' benchmarks.
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

# DuckDB over the same files (bench/duckdb.mjs), when node and
# @duckdb/node-api are there: never installed by make, never needed by a
# build or a test.
DUCKDB_NODE_DIR=${DUCKDB_NODE_DIR:-bench/duckdb}
export DUCKDB_NODE_DIR
duck=""
if ! command -v node >/dev/null 2>&1; then
    duck_note="DuckDB column skipped: no node on PATH"
elif ! node bench/duckdb.mjs examples/demo pipeline-show >/dev/null 2>&1; then
    duck_note="DuckDB column skipped: no @duckdb/node-api in $DUCKDB_NODE_DIR/node_modules
  (npm install --prefix bench/duckdb @duckdb/node-api; bench/duckdb/ is ignored by git)"
else
    duck="node bench/duckdb.mjs $dir"
    duck_note="DuckDB $(node -e "console.log(require('$(cd "$DUCKDB_NODE_DIR" && pwd)/node_modules/@duckdb/node-api/package.json').version)" 2>/dev/null): bench/duckdb.mjs, the whole process (node's start included)"
fi

# paired NAME FLOOR SALES DUCK: RUNS rounds (after a warm-up round) of the
# floor, the salesutils report and DuckDB's query in turn, so that all
# three see the same machine (the commands are sh -c strings; "" skips
# one). Prints the row: medians, the report's spread ((max - min) /
# median over its runs: the noise), its peak memory and DuckDB's.
paired() {
    name=$1
    shift
    : >"$DATA/times"
    i=0
    while [ $i -le "$RUNS" ]; do
        k=0
        for c in "$@"; do
            k=$((k + 1))
            [ -n "$c" ] || continue
            if ! /usr/bin/time -f "%e %M" -o "$DATA/t1" sh -c "exec $c" >/dev/null 2>"$DATA/err"; then
                echo "bench: failed: $c: $(head -2 "$DATA/err")" >&2
                echo "nan 0" >"$DATA/t1"
            fi
            [ $i -eq 0 ] || echo "$k $(cat "$DATA/t1")" >>"$DATA/times"
        done
        i=$((i + 1))
    done
    sort -k1,1n -k2,2n "$DATA/times" | awk -v name="$name" '
        { k = $1; n[k]++; t[k, n[k]] = $2; if ($3 > m[k]) m[k] = $3 }
        function med(k) { return n[k] ? t[k, int((n[k] + 1) / 2)] : -1 }
        END {
            f = med(1); r = med(2); d = med(3)
            ratio = f > 0 ? sprintf("%5.2fx", r / f) : "-"
            spread = r > 0 ? 100 * (t[2, n[2]] - t[2, 1]) / r : 0
            printf "%-34s %7.2f %7.2f %6s %6.0f%% %8.1f", name, r, f, ratio, spread, m[2] / 1024
            if (d >= 0) {
                vs = r > 0 ? d / r : 0
                printf " %7.2f %8.1f %6.2fx", d, m[3] / 1024, vs
            }
            printf "\n"
        }'
}

q() { # a command line quoted for sh -c
    for a; do printf "'%s' " "$(printf '%s' "$a" | sed "s/'/'\\\\''/g")"; done
}

floor_of() { # the floor of a report that reads several files: each parsed in turn
    echo "sh -c 'for f; do \"\$0\" \"\$f\" || exit 1; done' $(q "$TOOLS/csv-floor" "$@")"
}

echo "median of $RUNS paired runs (after a warm-up round): floor = a bare single-threaded"
echo "libcsv parse of the file(s) read; spread = (max - min) / median of salesutils' runs"
echo "$duck_note"
printf '%-34s %7s %7s %6s %7s %8s %7s %8s %7s\n' report seconds floor ratio spread "peak MB" \
    duckdb "duck MB" "duck/su"
deals_floor=$(q "$TOOLS/csv-floor" "$dir/deals.csv")
dk() { [ -n "$duck" ] && echo "$duck $1" || true; }
paired "pipeline-show" "$deals_floor" "$(q pipeline-show -D "$dir" -f csv)" "$(dk pipeline-show)"
paired "pipeline-show --by owner" "$deals_floor" "$(q pipeline-show -D "$dir" -f csv --by owner)" ""
paired "pipeline-show --by month" "$deals_floor" "$(q pipeline-show -D "$dir" -f csv --by month)" ""
paired "quota-report --period 2026-Q4" "$deals_floor" \
    "$(q quota-report -D "$dir" -f csv --period 2026-Q4)" "$(dk quota-report)"
paired "forecast --pipeline --by month" "$deals_floor" \
    "$(q forecast -D "$dir" -f csv --pipeline --by month)" "$(dk forecast-pipeline)"
paired "deal-list --where amount>=100000" "$deals_floor" \
    "$(q deal-list -D "$dir" -f csv --where 'amount >= 100000')" "$(dk deal-list)"
# retention-report and segment read deals.csv (segment also accounts.csv
# for names, but not for --summary; --mrr reads subscriptions.csv,
# accounts.csv only with a filter)
paired "retention-report" "$deals_floor" "$(q retention-report -D "$dir" -f csv)" ""
paired "retention-report --by quarter" "$deals_floor" \
    "$(q retention-report -D "$dir" -f csv --by quarter)" ""
da_floor=$(floor_of "$dir/deals.csv" "$dir/accounts.csv")
paired "segment" "$da_floor" "$(q segment -D "$dir" -f csv)" ""
paired "segment --summary" "$deals_floor" "$(q segment -D "$dir" -f csv --summary)" ""
paired "retention-report --mrr" "$(q "$TOOLS/csv-floor" "$dir/subscriptions.csv")" \
    "$(q retention-report -D "$dir" -f csv --mrr)" ""
if command -v activity-report >/dev/null 2>&1 && [ "${BENCH_ACTIVITY:-1}" = 1 ]; then
    # --by rep reads four files (activities; leads for response times; deals and
    # contacts for the accounts touched): its floor is the parse of all four
    four_floor="sh -c 'for f; do \"\$0\" \"\$f\" || exit 1; done' $(q "$TOOLS/csv-floor" \
        "$dir/activities.csv" "$dir/leads.csv" "$dir/deals.csv" "$dir/contacts.csv")"
    paired "activity-report --by rep" "$four_floor" \
        "$(q activity-report -D "$dir" -f csv --by rep)" "$(dk activity-report)"
fi
if command -v perf-report >/dev/null 2>&1; then
    # each report next to the parse of the big files it reads
    paired "perf-report --period 2026-Q4" "$(floor_of "$dir/deals.csv" "$dir/activities.csv" \
        "$dir/leads.csv")" "$(q perf-report -D "$dir" -f csv --period 2026-Q4)" "$(dk perf-report)"
    paired "budget-report --roi --period 2026" "$(floor_of "$dir/deals.csv" "$dir/budget.csv")" \
        "$(q budget-report -D "$dir" -f csv --roi --period 2026)" ""
    paired "nps-report --period 2026" "$(floor_of "$dir/feedback.csv")" \
        "$(q nps-report -D "$dir" -f csv --period 2026)" ""
fi
if command -v deal-score >/dev/null 2>&1; then
    # deal-score reads deals, activities and history (the stage, close-date
    # and owner changes): its floor is the parse of those three; the target
    # is under 2x (issue 15)
    paired "deal-score (train and score)" "$(floor_of "$dir/deals.csv" "$dir/activities.csv" \
        "$dir/history.csv")" "$(q deal-score -D "$dir" -f csv)" ""
fi
if command -v sales-dashboard >/dev/null 2>&1; then
    # the dashboard reads deals.csv once for five reports (the forecast's
    # bookings among them) and activities.csv once for two, on two threads:
    # its floor is one parse of each big file it reads; the target is 5 s
    # whatever the floor (issue 15)
    paired "sales-dashboard --html" "$(floor_of "$dir/deals.csv" "$dir/activities.csv" \
        "$dir/leads.csv")" "$(q sales-dashboard -D "$dir" --html "$DATA/dashboard.html")" ""
    paired "coach" "$(floor_of "$dir/deals.csv" "$dir/activities.csv" "$dir/leads.csv" \
        "$dir/history.csv")" "$(q coach -D "$dir" -f csv)" ""
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

# activity-log touches the deal and the lead it is about (their updated,
# overwritten in place): the same cost on a big directory as on an empty
# one. Each run logs at a later clock, so each one really touches.
echo "activity-log on a deal and a lead: 20 each"
SALES_NOW=2026-11-01T00:00:00Z lead-add -D "$small" --name "Bench Lead" --owner "$owner" >/dev/null
SALES_NOW=2026-11-01T00:00:00Z deal-add -D "$small" --name "Bench Deal" --owner "$owner" >/dev/null
log20='i=0; while [ $i -lt 20 ]; do
    SALES_NOW=$(printf "2026-12-%02dT10:%02d:%02dZ" $(($4 % 28 + 1)) $(($4 / 28 % 60)) $i) \
        activity-log -D "$1" --type call --rep "$2" --deal "$3" --lead "$5" --subject bench >/dev/null ||
        exit 1
    i=$((i + 1))
done'
round=0
for d in "$small" "$dir"; do
    n=$(($(wc -l <"$d/deals.csv") - 1))
    last=$(tail -1 "$d/deals.csv" | cut -d, -f1)
    lead=$(tail -1 "$d/leads.csv" | cut -d, -f1)
    round=$((round + 1))
    : >"$DATA/times"
    for r in $(seq "$RUNS"); do
        /usr/bin/time -f "%e %M" -o "$DATA/t1" sh -c "$log20" sh "$d" "$owner" "$last" \
            $((round * 100 + r)) "$lead" || echo "bench: activity-log failed" >&2
        cat "$DATA/t1" >>"$DATA/times"
    done
    sort -n "$DATA/times" | awk -v n="$n" -v r="$RUNS" '{ t[NR] = $1 }
        END { printf "  deals.csv with %8d rows: %5.1f ms per activity-log (runs %.1f-%.1f)\n",
              n, t[int((r + 1) / 2)] * 1000 / 20, t[1] * 1000 / 20, t[r] * 1000 / 20 }'
done
echo

[ "${BENCH_OTHER:-1}" = 1 ] || exit 0 # BENCH_OTHER=0: the reports and appends only
for b in bench/*.sh; do
    case "$b" in bench/run.sh) continue ;; esac
    echo "== $b"
    BENCH_DIR="$dir" sh "$b" || echo "bench: $b failed"
    echo
done
