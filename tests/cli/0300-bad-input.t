#!/bin/sh
# DESIGN §8 on every reader, a data file (deals.csv, through listing,
# reports, rewrites and appends) and standard input (lead-add -,
# lead-update -): a UTF-8 BOM, CRLF, quoted commas/quotes/newlines, a
# missing last newline, blank lines, ragged rows, unknown columns, invalid
# UTF-8, NUL bytes, a 1 MB field, a missing or renamed header. Each is read
# correctly or refused with FILE:LINE and exit 1, writing nothing.
# (The 16 MiB field cap is not tested: libcsv grows its buffer 4 KiB at a
# time, and under ASan every growth copies the field: minutes per command.)
. "${SALES_SRC:-.}/tests/cli/lib.sh"

H=id,created,name,account,contact,lead,owner,stage,amount,currency,probability,category,close,closed,segment,source,type,lost_reason,updated
NOW=2026-11-27T09:30:00Z
{ rep-add ann && quota-set ann 2026-Q4 100 && lead-add --name Seed; } >/dev/null || echo "Bail out! setup failed"
cp "$D/history.csv" "$T/history0"

# read_ok NAME: deals.csv as written reads back as D1 "A, ""q""" 5 (or
# what $WANT says), survives a rewrite, and the next add gets D2.
read_ok() {
    _name=$1
    cp "$T/history0" "$D/history.csv"
    rm -f "$D/.ids" # a new file each time: forget the ids of the last one
    run deal-list -c id,name,amount
    rc_is 0 "$_name: deal-list reads it"
    out_is "$_name: the values" <"$T/want_list"
    run pipeline-show
    is "$(sed -n 2p "$T/out")" "prospecting,1,5,0.5,,0" "$_name: pipeline-show reads it (no stage: the first)"
    run deal-update D1 --owner ann
    rc_is 0 "$_name: deal-update rewrites it"
    run deal-list -c id,name,amount
    out_is "$_name: the values survive the rewrite" <"$T/want_list"
    run deal-add --name next
    out_is "$_name: the next id is D2" <<'X'
D2
X
    is "$(tail -c 1 "$D/deals.csv" | od -An -c | tr -d ' ')" '\n' "$_name: the file ends with a newline"
}
# refused NAME LINE MESSAGE: every reader of deals.csv fails the same way
refused() {
    _name=$1 _where="$D/deals.csv${2:+:$2}" _msg=$3
    cp "$T/history0" "$D/history.csv"
    snap
    for _cmd in "deal-list" "pipeline-show" "forecast --pipeline" "quota-report" \
        "deal-update D1 --amount 7" "deal-move D1 won" "deal-add --name x"; do
        run $_cmd
        rc_is 1 "$_name: $_cmd fails"
        is "$(cat "$T/err")" "${_cmd%% *}: $_where: $_msg" "$_name: $_cmd says FILE:LINE: what"
    done
    unchanged "$_name: nothing written"
}

# ---- read correctly ---------------------------------------------------------------------
printf 'id,name,amount\nD1,"A, ""q""",5\n' >"$T/want_list"
printf '\357\273\277%s\nD1,,"A, ""q""",,,,,,5,,,,,,,,,,\n' "$H" >"$D/deals.csv"
read_ok "UTF-8 BOM"
printf '%s\r\nD1,,"A, ""q""",,,,,,5,,,,,,,,,,\r\n' "$H" >"$D/deals.csv"
read_ok "CRLF"
printf '%s\nD1,,"A, ""q""",,,,,,5,,,,,,,,,,' "$H" >"$D/deals.csv"
read_ok "no final newline"
printf '%s\n\nD1,,"A, ""q""",,,,,,5,,,,,,,,,,\n\n' "$H" >"$D/deals.csv"
read_ok "blank lines"
printf '%s\nD1,,"A, ""q""",,,,,,5,,,,,,,,,,,,\n' "$H" >"$D/deals.csv"
read_ok "a long row whose extra cells are empty"
printf 'id,name,amount\nD1,"line one\nline ""two"", end",5\n' >"$T/want_list"
printf '%s\r\nD1,,"line one\nline ""two"", end",,,,,,5,,,,,,,,,,\r\n' "$H" >"$D/deals.csv"
read_ok "a quoted newline, quotes and a comma"
printf 'id,name,amount\nD1,A,5\n' >"$T/want_list"
printf 'region,%s,notes\nnorth,D1,,A,,,,,,5,,,,,,,,,,,"x,y"\n' "$H" >"$D/deals.csv"
read_ok "unknown columns"
is "$(head -n 2 "$D/deals.csv")" "region,$H,notes
north,D1,,A,,,,ann,,5,,,,,,,,,,$NOW,\"x,y\"" "unknown columns are kept in place by the rewrite"
is "$(tail -n 1 "$D/deals.csv")" ",D2,$NOW,next,,,,,prospecting,,,,,,,,,,,$NOW," "and the append leaves them empty"

# a 1 MB field is read, rewritten and listed intact
big=$(head -c 1048576 /dev/zero | tr '\0' 'x')
printf '%s\nD1,,%s,,,,,,5,,,,,,,,,,\n' "$H" "$big" >"$D/deals.csv"
run deal-list -c name
is "$(wc -c <"$T/out")" "1048582" "a 1 MB field: listed whole (header and newlines included)"
run deal-update D1 --amount 6
rc_is 0 "a 1 MB field: rewritten"
is "$(deal-list -c name | tail -n 1 | cksum)" "$(printf '%s\n' "$big" | cksum)" "a 1 MB field: intact after the rewrite"
run pipeline-show
is "$(sed -n 2p "$T/out")" "prospecting,1,6,0.6,,0" "a 1 MB field: reports read past it"

# ---- refused, with FILE:LINE ----------------------------------------------------------------
printf '%s\nD1,,A,,,,,,5,,,,,,,,,,,x\n' "$H" >"$D/deals.csv"
refused "a long row with a value past the header" 2 "20 fields, but the header has 19"
printf '%s\nD1,,"A, ""q""",,,,,,5\n' "$H" >"$D/deals.csv"
refused "a short row: its missing cells would read as not set" 2 "9 fields, but the header has 19"
printf '%s\nD1,,A,,,,,,5,,,,,,,,,,\nD2,,B\377C,,,,,,5,,,,,,,,,,\n' "$H" >"$D/deals.csv"
refused "invalid UTF-8" 3 "invalid UTF-8 (convert the file to UTF-8)"
printf '%s\nD1,,A\000B,,,,,,5,,,,,,,,,,\n' "$H" >"$D/deals.csv"
refused "a NUL byte" 2 "NUL byte in data"
printf '%s\nD1,,"A,,,,,,5,,,,,,,,,,\nD2,,B,,,,,,5,,,,,,,,,,\n' "$H" >"$D/deals.csv"
refused "an unterminated quote" 2 "unterminated quoted field"
printf '%s\nD1,,A"B,,,,,,5,,,,,,,,,,\n' "$H" >"$D/deals.csv"
refused "a stray quote" 2 "malformed CSV: stray or unbalanced quote"
printf 'D1,,A,,,,,,5,,,,,,,,,,\n' >"$D/deals.csv"
refused "a missing header row" 1 "no 'id' column (is the header row missing or renamed?)"
printf '%s\nD1,,A,,,,,,5,,,,,,,,,,\n' "$(echo "$H" | sed 's/^id,/deal_id,/')" >"$D/deals.csv"
refused "a renamed id column" 1 "no 'id' column (is the header row missing or renamed?)"
printf 'id,name,name\nD1,A,B\n' >"$D/deals.csv"
refused "a duplicate column" 1 "duplicate column 'name'"
: >"$D/deals.csv"
refused "an empty file" "" "empty file (no header row)"

# a column renamed (or deleted) in a spreadsheet: what needs it refuses,
# instead of reading every row as "not set" (amounts of 0, no owner)
printf '%s\nD1,,A,,,,ann,proposal,5,,,,2026-12-01,,,,,,\n' "$(echo "$H" | sed 's/,amount,/,value,/')" >"$D/deals.csv"
for cmd in "pipeline-show" "forecast --pipeline" "quota-report" "followup" "activity-report" \
    "activity-report --stale"; do
    run $cmd
    rc_is 1 "amount renamed: $cmd refuses"
    is "$(cat "$T/err")" "${cmd%% *}: $D/deals.csv:1: no 'amount' column (is the header row missing or renamed?)" \
        "amount renamed: $cmd says so"
done
run deal-list -c id,value
rc_is 0 "amount renamed: deal-list still lists the file as it is"
run deal-list --where 'amount > 1'
rc_is 1 "amount renamed: --where amount refuses"
is "$(cat "$T/err")" "deal-list: --where: $D/deals.csv has no column 'amount'" "amount renamed: --where message"
printf '%s\nD1,,A,,,,ann,proposal,5,,,,2026-12-01,,,,,,\n' "$(echo "$H" | sed 's/,owner,/,rep,/')" >"$D/deals.csv"
run deal-list --owner ann
rc_is 1 "owner renamed: --owner refuses"
is "$(cat "$T/err")" "deal-list: $D/deals.csv:1: no 'owner' column (is the header row missing or renamed?)" \
    "owner renamed: FILE:LINE"
run deal-list --team ann
rc_is 1 "owner renamed: --team refuses"
printf '%s\nD1,,A,,,,ann,proposal,5,,,,2026-12-01,,,,,,\n' "$(echo "$H" | sed 's/,close,/,,/')" >"$D/deals.csv"
run deal-list --period 2026-12
rc_is 1 "close renamed away: --period refuses"
is "$(cat "$T/err")" "deal-list: $D/deals.csv:1: no 'close' column (is the header row missing or renamed?)" \
    "close missing: FILE:LINE"
printf '%s\nD1,,A,,,,ann,proposal,5,,,,2026-12-01,,,,,\n' "$(echo "$H" | sed 's/,currency,/,/')" >"$D/deals.csv"
run pipeline-show
rc_is 1 "a deleted column the reports read (currency)"
is "$(cat "$T/err")" "pipeline-show: $D/deals.csv:1: no 'currency' column (is the header row missing or renamed?)" \
    "currency missing: FILE:LINE"

# activities.csv with its rep column renamed: the activity reports refuse
# (else every activity would count for nobody); leads.csv without status:
# lead-assign refuses (else every lead would look open and unowned)
printf '%s\n' "$H" >"$D/deals.csv"
cp "$D/activities.csv" "$T/activities.csv"
sed '1s/,rep,/,owner,/' "$T/activities.csv" >"$D/activities.csv"
for cmd in "followup" "activity-report" "activity-report --by deal" "activity-report --stale"; do
    run $cmd
    rc_is 1 "activities rep renamed: $cmd refuses"
    is "$(cat "$T/err")" "${cmd%% *}: $D/activities.csv:1: no 'rep' column (is the header row missing or renamed?)" \
        "activities rep renamed: $cmd says so"
done
cp "$T/activities.csv" "$D/activities.csv"
cp "$D/leads.csv" "$T/leads.csv"
sed '1s/,status,/,stage,/' "$T/leads.csv" >"$D/leads.csv"
snap
for by in round-robin load; do
    run lead-assign --by $by
    rc_is 1 "leads status renamed: lead-assign --by $by refuses"
    is "$(cat "$T/err")" "lead-assign: $D/leads.csv:1: no 'status' column (is the header row missing or renamed?)" \
        "leads status renamed: lead-assign --by $by says so"
done
unchanged "leads status renamed: nothing assigned"
cp "$T/leads.csv" "$D/leads.csv"

# the other data files: reps.csv, stages.csv, config.json
printf '%s\nD1,,A,,,,,,5,,,,,,,,,,\n' "$H" >"$D/deals.csv"
cp "$D/reps.csv" "$T/reps.csv"
printf 'bob,B\377b\n' >>"$D/reps.csv"
snap
run lead-add --name x --owner ann
rc_is 1 "bad reps.csv: a writer that checks owners fails"
is "$(cat "$T/err")" "lead-add: $D/reps.csv:3: invalid UTF-8 (convert the file to UTF-8)" "bad reps.csv: FILE:LINE"
run quota-report
rc_is 1 "bad reps.csv: quota-report fails"
unchanged "bad reps.csv: nothing written"
printf '\357\273\277id,name,team\r\nann,Ann,east\r\n' >"$D/reps.csv"
run lead-list --team east -c id
rc_is 0 "reps.csv with a BOM and CRLF reads"
run rep-add bob --team east
run rep-list -c id,team
out_is "and takes an append" <<'X'
id,team
ann,east
bob,east
X
cp "$T/reps.csv" "$D/reps.csv"
cp "$D/stages.csv" "$T/stages.csv"
echo "review,x,50,best,7" >>"$D/stages.csv"
run pipeline-show
rc_is 1 "a bad order in stages.csv"
is "$(cat "$T/err")" "pipeline-show: $D/stages.csv:8: bad order 'x' (expected a whole number from 0 to 1000)" "stages.csv: FILE:LINE"
cp "$T/stages.csv" "$D/stages.csv"
cp "$D/config.json" "$T/config.json"
printf '{\n  "currency": "USD",\n' >"$D/config.json"
run deal-list
rc_is 1 "a broken config.json"
is "$(cat "$T/err")" "deal-list: $D/config.json:3: invalid JSON: string or '}' expected near end of file" "config.json: FILE:LINE"
printf '{"fiscal_year_start": 13}\n' >"$D/config.json"
run deal-list
rc_is 1 "a bad setting in config.json"
is "$(cat "$T/err")" "deal-list: $D/config.json: fiscal_year_start must be a month number 1-12" "config.json: what is wrong"
cp "$T/config.json" "$D/config.json"

# ---- standard input -----------------------------------------------------------------------
stdin_ok() { # stdin_ok NAME WANT-NAMES: lead-add - reads stdin ($T/in); the new names
    run lead-add - <"$T/in"
    rc_is 0 "stdin $1: read"
    is "$(lead-list -c name --where "id != L1" --sort id | tail -n +2 | tr '\n' '|')" "$2" "stdin $1: values"
    sed -i '3,$d' "$D/leads.csv"
}
stdin_bad() { # stdin_bad NAME MESSAGE: lead-add - refuses stdin ($T/in)
    snap
    run lead-add - <"$T/in"
    rc_is 1 "stdin $1: refused"
    is "$(cat "$T/err")" "lead-add: $2" "stdin $1: message"
    unchanged "stdin $1: nothing written"
}
printf '\357\273\277name,company\nAl,"Co, ""Ltd"""\n' >"$T/in"
stdin_ok "BOM" 'Al|'
printf 'name,notes\r\nAl,"a\r\nb"\r\nBo,\r\n' >"$T/in"
stdin_ok "CRLF and a quoted line break" 'Al|Bo|'
printf 'name,company\nAl,X\n\nBo,Y' >"$T/in"
stdin_ok "blank line, no final newline" 'Al|Bo|'
printf 'name,company,email\nAl\nBo,Y,,\n' >"$T/in"
stdin_ok "ragged rows (short, long with empty cells)" 'Al|Bo|'
printf '\357\273\277[{"name": "Al"}]' >"$T/in"
stdin_ok "JSON after a BOM" 'Al|'
printf '{"name": "Al"}\r\n{"name": "Bo"}' >"$T/in"
stdin_ok "NDJSON with CRLF, no final newline" 'Al|Bo|'
{ printf 'name,notes\nAl,"'; head -c 1048576 /dev/zero | tr '\0' y; printf '"\n'; } >"$T/in"
run lead-add - <"$T/in"
rc_is 0 "stdin: a 1 MB field"
is "$(lead-list -c notes --where 'name = Al' | tail -n 1 | wc -c)" "1048577" "stdin: the 1 MB field is stored whole"
sed -i '3,$d' "$D/leads.csv"
printf 'name,company\nAl,X,Z\n' >"$T/in"
stdin_bad "long row" "<stdin>:2: 3 fields, but the header has 2"
printf 'name,company\nAl,X\nB\377,Y\n' >"$T/in"
stdin_bad "invalid UTF-8" "<stdin>:3: invalid UTF-8 (convert the file to UTF-8)"
printf 'name,company\nAl,X\000\n' >"$T/in"
stdin_bad "NUL byte" "<stdin>:2: NUL byte in data"
printf 'name,company\nAl,"X\nBo,Y\n' >"$T/in"
stdin_bad "unterminated quote" "<stdin>:2: unterminated quoted field"
printf 'name,colour\nAl,red\n' >"$T/in"
stdin_bad "unknown column" "<stdin>:2: leads.csv has no column 'colour'"
printf 'Al,X\nBo,Y\n' >"$T/in"
stdin_bad "no header row" "<stdin>:2: leads.csv has no column 'Al'"
printf '[{"name": "Al"}, {"name": "B\377"}]' >"$T/in"
stdin_bad "JSON invalid UTF-8" "<stdin>:1: invalid JSON: unable to decode byte 0xff near '\"B'"
printf '{"name": "Al"}\n{"name": "A\\u0000B"}\n' >"$T/in"
stdin_bad "JSON NUL" "<stdin>:2: invalid JSON: \\u0000 is not allowed without JSON_ALLOW_NUL near '\"A\\u0000B\"'"
printf '{"name": "Al"}\n{"name": \n' >"$T/in"
stdin_bad "truncated NDJSON" "<stdin>:2: invalid JSON: unexpected token near end of file"
printf '[{"name": {"first": "Al"}}]\n' >"$T/in"
stdin_bad "nested JSON" "<stdin>:1: field \"name\": nested objects and arrays are not supported"

# ids on stdin: lead-update - reads the same way
printf '\357\273\277id,name\r\nL1,"x, y"\r\n' >"$T/in"
run lead-update - --score 3 <"$T/in"
rc_is 0 "lead-update -: BOM and CRLF"
is "$(lead-list -c score --where 'id = L1' | tail -n 1)" "3" "lead-update -: updated"
printf 'id\nL1\nL\377\n' >"$T/in"
snap
run lead-update - --score 4 <"$T/in"
rc_is 1 "lead-update -: invalid UTF-8"
is "$(cat "$T/err")" "lead-update: <stdin>:3: invalid UTF-8 (convert the file to UTF-8)" "lead-update -: FILE:LINE"
unchanged "lead-update -: nothing written"
done_testing
