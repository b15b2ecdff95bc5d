#!/bin/sh
# bench/import.sh (run by bench/run.sh, or by hand with BENCH_DIR): sales-import
# of the bench data set's records, against a bare libcsv parse of the input.
#
#   deals create   every deal (sales-export's file, ids kept) into a directory
#                  holding the referenced reps, accounts, contacts and leads
#   deals upsert   the same file again: every record matched, nothing changes
#   leads create   every lead (references: the reps only)
#
# Median of BENCH_RUNS runs (default 5) after a warm-up run; a fresh target
# directory for each create run (copied outside the timing).
set -eu
: "${BENCH_DIR:?run through make bench, or set BENCH_DIR to a sales-gen directory}"
TOOLS=${SALES_TOOLS:-build/tools}
RUNS=${BENCH_RUNS:-5}
export SALES_NOW=2026-11-27T09:30:00Z SALES_USER=bench LC_ALL=C
work="$(dirname "$BENCH_DIR")/import-bench"
mkdir -p "$work"

for ent in deals leads; do
    [ -s "$work/$ent.csv" ] || sales-export -D "$BENCH_DIR" "$ent" >"$work/$ent.csv"
done

# fresh ENT: a target directory with what ENT refers to, and no ENT records
fresh() {
    rm -rf "$work/d"
    sales-init "$work/d" >/dev/null
    cp "$BENCH_DIR/config.json" "$BENCH_DIR/stages.csv" "$BENCH_DIR/reps.csv" "$work/d/"
    if [ "$1" = deals ]; then
        cp "$BENCH_DIR/accounts.csv" "$BENCH_DIR/contacts.csv" "$BENCH_DIR/leads.csv" "$work/d/"
    fi
}

# median PREP CMD...: run PREP (untimed) then CMD, RUNS times after a warm-up;
# prints "seconds user peak_kb" of the median run
median() {
    prep=$1
    shift
    $prep
    "$@" >/dev/null 2>&1 || { echo "bench: failed: $*" >&2; return 1; }
    : >"$work/times"
    i=0
    while [ $i -lt "$RUNS" ]; do
        $prep
        /usr/bin/time -f "%e %U %M" -o "$work/t1" "$@" >/dev/null 2>&1
        cat "$work/t1" >>"$work/times"
        i=$((i + 1))
    done
    sort -n "$work/times" | awk -v n="$RUNS" 'NR == int((n + 1) / 2) { print; exit }'
}

noop() { :; }
fresh_deals() { fresh deals; }
fresh_leads() { fresh leads; }

row() { # name "floor-seconds" "seconds user peak_kb"
    echo "$2 $3" | awk -v n="$1" '{ r = $1 > 0 ? sprintf("%7.2fx", $2 / $1) : "       -"
        printf "%-30s %8.2f %8.2f %8.2f %s %9.1f\n", n, $2, $3, $1, r, $4 / 1024 }'
}

echo "median of $RUNS runs; floor = a bare libcsv parse of the input (wall seconds)"
printf '%-30s %8s %8s %8s %8s %9s\n' import seconds user floor ratio "peak MB"
for ent in deals leads; do
    set -- $(median noop "$TOOLS/csv-floor" "$work/$ent.csv")
    floor=$1
    rows=$(($(wc -l <"$work/$ent.csv") - 1))
    row "csv-floor $ent.csv ($rows)" "$floor" "$*"
    row "sales-import $ent (create)" "$floor" "$(median "fresh_$ent" sales-import -q -D "$work/d" "$ent" "$work/$ent.csv")"
    if [ "$ent" = deals ]; then
        fresh deals
        sales-import -q -D "$work/d" deals "$work/deals.csv"
        row "sales-import deals (upsert)" "$floor" \
            "$(median noop sales-import -q -D "$work/d" --mode upsert deals "$work/deals.csv")"
    fi
done
rm -rf "$work/d"
