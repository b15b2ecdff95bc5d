#!/bin/sh
# demo.sh — what `make demo` runs: the main reports over the demo data
# (examples/demo: a sales team of 12 in three regions, two years of data),
# then the example pipelines. It works on a copy; examples/demo is never
# changed. Set SALES_BIN to the commands' directory (make demo does).
set -eu

here=$(cd "$(dirname "$0")" && pwd)
: "${SALES_BIN:=$here/../build/bin}"
PATH="$SALES_BIN:$PATH"
for tool in pipeline-show jq mlr; do
    command -v "$tool" >/dev/null 2>&1 || {
        echo "demo: $tool not found (run make deps and make first)" >&2
        exit 1
    }
done

tmp=$(mktemp -d "${TMPDIR:-/tmp}/sales-demo.XXXXXX")
trap 'rm -rf "$tmp"' EXIT
trap 'exit 130' INT TERM
cp -R "$here/demo" "$tmp/data"
chmod -R u+w "$tmp/data"

# The demo data ends on 2026-11-27; every command takes "now" from SALES_NOW.
export SALES_DATA="$tmp/data" SALES_NOW=2026-11-27T09:30:00Z SALES_USER=demo
# Tables as on a terminal, even through a pager; colour only on a terminal.
export SALES_FORCE_TTY=1
[ -t 1 ] || export NO_COLOR=1

heading() {
    printf '\n=== %s\n    $ %s\n\n' "$1" "$2"
}

# show TITLE COMMAND [ROWS]: the heading with the command exactly as it
# runs (copy it into a shell set up as the end of the demo says), then its
# output; with ROWS, a longer table is cut after ROWS rows and says how
# many more there are and how to see them.
show() {
    heading "$1" "$2"
    if [ $# -lt 3 ]; then
        eval "$2"
        return
    fi
    eval "$2" >"$tmp/out"
    awk -v max="$3" -v cmd="$2" 'NR <= max + 1 { print; next } { more++ }
        END {
            if (length(cmd) > 40)
                cmd = "the command above"
            if (more)
                printf "\342\200\246 and %d more; run %s to see all\n", more, cmd
        }' "$tmp/out"
}

cat <<EOF
salesutils demo — Lumen Analytics sells in three regions (Americas, EMEA,
APAC): 12 reps, 500 leads, 1,000 deals over two years, activities, quotas.
The demo is as of $SALES_NOW (SALES_NOW): "today" is 2026-11-27.
It runs on a copy of examples/demo in $tmp/data.
EOF

heading "The team" "rep-list"
rep-list

heading "Open pipeline by stage" "pipeline-show"
pipeline-show

heading "Open pipeline by owner" "pipeline-show --by owner"
pipeline-show --by owner

heading "Quota attainment this quarter and this year" "quota-report"
quota-report

heading "What will close, per quarter" "forecast --pipeline"
forecast --pipeline

heading "Bookings forecast for the next four quarters (the mean of ETS, ARIMA and Theta)" \
    "forecast --by quarter --horizon 4"
forecast --by quarter --horizon 4

heading "How good each forecast would have been: bookings, pipeline, and their blend" \
    "forecast --blend pipeline --backtest"
forecast --blend pipeline --backtest

heading "The bookings forecast blended with the pipeline (weights from that backtest)" \
    "forecast --blend pipeline"
forecast --blend pipeline

show "Open deals expected to close in the next 30 days" \
    "deal-list --since today --until +30d --where 'stage != won' --where 'stage != lost' --sort close -c id,name,owner,stage,amount,currency,close" 12

show "New leads nobody has worked yet" \
    "lead-list --status new --sort created -c id,created,name,company,source,segment,owner" 12

show "Tasks and follow-ups due this week, overdue first" "followup --until +7d --only tasks" 12

heading "Activities per rep (with lead response time)" "activity-report"
activity-report

heading "Which channels reached customers" "activity-report --by channel"
activity-report --by channel

show "Open deals and active accounts nobody touched lately" "activity-report --stale" 6

heading "How the team performs this quarter" "perf-report"
perf-report

heading "Spend against revenue per channel this quarter" "budget-report --roi"
budget-report --roi

heading "Net promoter score per segment this quarter" "nps-report --by segment"
nps-report --by segment

heading "Subscriptions: MRR movements this year, then NRR, GRR, LTV and CAC" \
    "retention-report --mrr --since 2026-01-01"
retention-report --mrr --since 2026-01-01

heading "RFM segments of the customers" "segment --summary"
segment --summary

heading "The morning dashboard: KPIs against last quarter, the funnel, deals at risk" \
    "sales-dashboard"
sales-dashboard

show "Likely duplicate leads" "lead-dedupe" 12

heading "What one rep should do first, and why" "coach --rep misaki.tanaka"
coach --rep misaki.tanaka

heading "Example pipelines (examples/pipelines.sh --apply)" "sh examples/pipelines.sh --apply"
SALES_FORCE_TTY= sh "$here/pipelines.sh" --apply

printf '\nThat was the demo. Try the commands yourself on a copy:\n'
printf '  cp -R examples/demo /tmp/demo && export SALES_DATA=/tmp/demo SALES_NOW=%s\n' "$SALES_NOW"
printf '  PATH=%s:$PATH; sales    # lists every command\n' "$SALES_BIN"
