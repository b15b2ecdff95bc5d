#!/bin/sh
# pipeline-show's stale column needs the day each open deal entered its
# stage, from history.csv; .stage-cache keeps what a run learned so the
# next reads only new history. The cache must never change an answer.
. "${SALES_SRC:-.}/tests/cli/lib.sh"

awk 'BEGIN { print "name,amount,close"; for (i = 1; i <= 12000; i++) printf "Deal %d,%d,2027-01-15\n", i, 100 + i % 50 }' |
    deal-add - >/dev/null
deal-list -f csv -c id | SALES_NOW=2026-12-01T10:00:00Z deal-update - --stage qualification
is "$(wc -c <"$D/history.csv" | awk '{ print ($1 > 1048576) }')" "1" "history.csv is over 1 MiB"

export SALES_NOW=2026-12-10T09:00:00Z
run pipeline-show -f csv
rc_is 0 "first run reads all history"
cp "$T/out" "$T/first"
out_is "every deal in qualification since 2026-12-01, not stale yet (9 <= 14 days)" <<'X'
stage,deals,amount,weighted,avg_age_days,stale
prospecting,0,0,0,,0
qualification,12000,1494000,298800,13.0,0
proposal,0,0,0,,0
negotiation,0,0,0,,0
X
is "$(head -c 24 "$D/.stage-cache")" "salesutils-stage-cache-1" "the run left a cache"
is "$(tail -n +2 "$D/.stage-cache" | wc -l)" "12000" "with one line per open deal"

export SALES_NOW=2026-12-20T09:00:00Z
deal-update D1 D2 D3 --stage proposal # amounts 101 + 102 + 103
deal-close D4 won                       # 104 leaves the pipeline
run pipeline-show -f csv
out_is "the history appended after the cache is read too" <<'X'
stage,deals,amount,weighted,avg_age_days,stale
prospecting,0,0,0,,0
qualification,11996,1493590,298718,23.0,11996
proposal,3,306,153,23.0,0
negotiation,0,0,0,,0
X
cp "$T/out" "$T/second"

rm "$D/.stage-cache"
run pipeline-show -f csv
_diff "$T/second" "$T/out" "without the cache: the same answer"

pipeline-show -f csv >/dev/null # rebuilds the cache
cp "$D/history.csv" "$T/h" && mv "$T/h" "$D/history.csv"
run pipeline-show -f csv
_diff "$T/second" "$T/out" "history.csv replaced (new inode): the cache is ignored"

pipeline-show -f csv >/dev/null
head -n 100 "$D/history.csv" >"$T/h" && cat "$T/h" >"$D/history.csv"
run pipeline-show -f csv
out_is "history.csv cut short in place: the cache is ignored (entries fall back to created)" <<'X'
stage,deals,amount,weighted,avg_age_days,stale
prospecting,0,0,0,,0
qualification,11996,1493590,298718,23.0,11996
proposal,3,306,153,23.0,3
negotiation,0,0,0,,0
X

chmod 500 "$D"
rm -f "$D/.stage-cache" 2>/dev/null
run pipeline-show -f csv
rc_is 0 "a read-only data directory works without a cache"
chmod 700 "$D"
done_testing
