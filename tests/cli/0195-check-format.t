#!/bin/sh
# sales-check -f: one record per finding (file,line,status,message) in
# every output format; the exit status as without it; --fix -n.
. "${SALES_SRC:-.}/tests/cli/lib.sh"

run sales-check -f json
rc_is 0 "nothing wrong: exit 0"
out_is "an empty array" <<'X'
[]
X
C=2026-11-01T08:00:00Z
cat >>"$D/leads.csv" <<X
L1,$C,Ann,,,,,,,  New  ,,$C,
L2,$C,Bob,,x@y,,,,,new,,$C,
X
run sales-check -f csv
rc_is 1 "findings: exit 1"
out_is "csv" <<X
file,line,status,message
$D/leads.csv,2,error,status '  New  ' should be 'new'
$D/leads.csv,3,error,bad email 'x@y' (expected an address like name@example.com)
X
run sales-check -f json
rc_is 1 "json: exit 1"
out_is "json: the line a number" <<X
[
{"file":"$D/leads.csv","line":2,"status":"error","message":"status '  New  ' should be 'new'"},
{"file":"$D/leads.csv","line":3,"status":"error","message":"bad email 'x@y' (expected an address like name@example.com)"}
]
X
run sales-check -f ndjson
out_is "ndjson" <<X
{"file":"$D/leads.csv","line":2,"status":"error","message":"status '  New  ' should be 'new'"}
{"file":"$D/leads.csv","line":3,"status":"error","message":"bad email 'x@y' (expected an address like name@example.com)"}
X
run sales-check -f tsv -q
rc_is 1 "-q: exit 1"
out_is "-q: nothing" </dev/null
run sales-check
out_is "without -f: the lines as before" <<X
$D/leads.csv:2: status '  New  ' should be 'new'
$D/leads.csv:3: bad email 'x@y' (expected an address like name@example.com)
X

snap
run sales-check --fix -n -f csv
rc_is 1 "--fix -n: exit 1 (a finding is left)"
out_is "--fix -n: the fixed one says so" <<X
file,line,status,message
$D/leads.csv,2,fixed,status '  New  ' -> 'new'
$D/leads.csv,3,error,bad email 'x@y' (expected an address like name@example.com)
X
err_is "and the count, as a real --fix" <<'X'
sales-check: fixed 1 finding; 1 left
X
unchanged "--fix -n: nothing written"
run sales-check -f xml
rc_is 1 "a bad format: exit 1"
err_is "message" <<'X'
sales-check: bad --format 'xml' (expected table, csv, tsv, json or ndjson)
X
done_testing
