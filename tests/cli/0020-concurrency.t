#!/bin/sh
# Eight writers at once: 8 processes x 200 lead-add give 1,600 leads with
# unique ids, a file that parses, and a complete history; readers running
# meanwhile never see a torn record.
. "${SALES_SRC:-.}/tests/cli/lib.sh"
export SALES_LOCK_TIMEOUT=120

# a reader that lists leads over and over while the writers run
(
    while [ ! -e "$T/stop" ]; do
        lead-list -f csv >"$T/reader.out" 2>"$T/reader.err" || { echo fail >"$T/reader.failed"; break; }
    done
) &
reader=$!

writers=""
for p in 1 2 3 4 5 6 7 8; do
    (
        i=1
        while [ $i -le 200 ]; do
            lead-add --name "writer $p lead $i" --source "w$p" --notes "a, \"quoted\"
two-line note" || echo "lead-add failed" >>"$T/fail.$p"
            i=$((i + 1))
        done >"$T/ids.$p"
    ) &
    writers="$writers $!"
done
wait $writers
touch "$T/stop"
wait

is "$(cat "$T"/fail.* 2>/dev/null)" "" "no lead-add failed"
is "$(cat "$T"/ids.* | wc -l)" "1600" "1,600 ids printed"
is "$(cat "$T"/ids.* | sort -u | wc -l)" "1600" "all distinct"
is "$(cat "$T"/ids.* | sed 's/^L//' | sort -n | tr '\n' ' ')" "$(seq 1 1600 | tr '\n' ' ')" "exactly L1..L1600"
for p in 1 2 3 4 5 6 7 8; do
    is "$(wc -l <"$T/ids.$p")" "200" "writer $p got 200 ids"
done
run lead-list -f csv -c id,source
rc_is 0 "leads.csv parses"
is "$(tail -n +2 "$T/out" | wc -l)" "1600" "1,600 records"
is "$(lead-list -f json -c notes | grep -c 'a, \\"quoted\\"\\ntwo-line note')" "1600" "quoted multi-line notes intact"
for p in 1 2 3 4 5 6 7 8; do
    is "$(lead-list -f csv --source w$p -c id | tail -n +2 | sort)" "$(sort "$T/ids.$p")" "writer $p: its ids carry its source"
done
is "$(sales-history --entity leads --field '' -f csv -c id | tail -n +2 | sort -u | wc -l)" "1600" \
    "history has a created row per lead"
is "$(sales-history -f csv -c command | tail -n +2 | sort | uniq -c | tr -s ' ')" " 1600 lead-add" \
    "and nothing else"
ok "$([ ! -e "$T/reader.failed" ]; echo $?)" "the reader never failed"
sed "s/^/# reader: /" "$T/reader.err"
run sh -c 'lead-add --name "after" && lead-list -f csv -c id | tail -1'
is "$(cat "$T/out")" "L1601
L1601" "the next id follows"
done_testing
