#!/bin/sh
# pipelines.sh — five questions answered by composing salesutils with each
# other and with sort, jq and mlr (Miller). Runs against any data directory:
# $SALES_DATA, else ~/.local/share/salesutils, as the commands themselves do.
#
#   sh examples/pipelines.sh            read only
#   sh examples/pipelines.sh --apply    also make the one change it proposes
#                                       (assign the unowned new leads)
#
# Set SALES_BIN to the directory of the commands when they are not on PATH.
set -eu

apply=
case "${1:-}" in
--apply) apply=1 ;;
"") ;;
*)
    echo "usage: pipelines.sh [--apply]" >&2
    exit 2
    ;;
esac
[ -n "${SALES_BIN:-}" ] && PATH="$SALES_BIN:$PATH"
data=${SALES_DATA:-${XDG_DATA_HOME:-$HOME/.local/share}/salesutils}
export SALES_DATA="$data"

heading() {
    printf '\n## %s\n\n' "$1"
}

# 1. Whose open deals are past their expected close date? (the forecast
#    hygiene question a manager asks first: dates nobody updated)
heading "Open deals past their close date, per owner"
deal-list --where 'close < today' --where 'stage != won' --where 'stage != lost' \
    -f csv -c owner | tail -n +2 | sort | uniq -c | sort -rn

# 2. Which new leads has nobody picked up? They go to the active SDR with
#    the fewest leads in progress; lead-update records each change in
#    history.csv. Without --apply this only says what it would do.
heading "Unassigned new leads"
sdr=$(rep-list --where 'role = sdr' --where 'active != no' -f csv -c id | tail -n +2 |
    while read -r rep; do
        n=$(lead-list --owner "$rep" --where 'status != disqualified' \
            --where 'status != converted' -f csv -c id | tail -n +2 | wc -l)
        echo "$n $rep"
    done | sort -n | head -n 1 | cut -d' ' -f2)
[ -n "$sdr" ] || sdr=$(rep-list --where 'active != no' -f csv -c id | sed -n 2p)
leads=$(lead-list --status new --where 'owner = ' -f csv -c id | tail -n +2 | paste -sd' ' -)
if [ -z "$leads" ]; then
    echo "none"
elif [ -n "$apply" ]; then
    lead-list --status new --where 'owner = ' -f csv -c id | lead-update - --owner "$sdr"
    echo "assigned to $sdr: $leads"
else
    echo "would assign to $sdr (run with --apply): $leads"
fi

# 3. Who carries the open pipeline? Owners, biggest pipeline first.
heading "Open pipeline per owner, biggest first"
pipeline-show --by owner -f csv | mlr --icsv --opprint sort -nr amount

# 4. Which big deals (over 50,000 in the base currency, converted with
#    config.json's rates) are expected to close this quarter?
heading "Open deals over 50,000 closing this quarter"
deal-list --period this-quarter --where 'stage != won' --where 'stage != lost' -f json |
    jq --slurpfile cfg "$data/config.json" '
        ($cfg[0].currency // "USD") as $base | ($cfg[0].rates // {}) as $rates
        | map(. + {value: (.amount * (($rates[.currency // $base] // "1") | tonumber))})
        | map(select(.value > 50000)) | sort_by(-.value)
        | map({id, close, owner, stage, ("value_" + $base): (.value | floor), name})' |
    mlr --ijson --opprint cat

# 5. Does each rep's open pipeline cover what is left of their quota this
#    quarter? (a join of two reports; cover = open pipeline / quota left)
heading "Open pipeline against what is left of this quarter's quota"
tmp=$(mktemp -d "${TMPDIR:-/tmp}/pipelines.XXXXXX")
trap 'rm -rf "$tmp"' EXIT
quota-report --period this-quarter -f csv >"$tmp/quota.csv"
pipeline-show --by owner -f csv |
    mlr --icsv --opprint join -j owner -f "$tmp/quota.csv" \
        then put '$left = $quota > $won ? fmtnum($quota - $won, "%.2f") : 0;
                  $cover = $left > 0 ? fmtnum($amount / $left, "%.2f") : "met"' \
        then cut -o -f owner,quota,won,left,amount,cover \
        then rename amount,open_pipeline \
        then sort -f owner
