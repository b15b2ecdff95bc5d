#!/bin/sh
# lead-add: flags, every field, dry run, records on stdin (CSV, JSON array,
# NDJSON) with flags as defaults, every validation error (all-or-nothing),
# ids never reused, columns of the user's own, reordered columns, a file
# without a final newline.
. "${SALES_SRC:-.}/tests/cli/lib.sh"

H=id,created,name,company,email,phone,source,segment,owner,status,score,updated,notes
NOW=2026-11-27T09:30:00Z
rep-add ann >/dev/null && rep-add bob >/dev/null || echo "Bail out! rep-add failed"

# ---- one lead from flags ----------------------------------------------------
run lead-add --name "Jo Park" --company "Parkway Ltd"
rc_is 0 "lead-add from flags"
out_is "prints the new id" <<'X'
L1
X
is "$(cat "$T/err")" "" "nothing on stderr"
file_is "$D/leads.csv" "the record, status new by default" <<X
$H
L1,$NOW,Jo Park,Parkway Ltd,,,,,,new,,$NOW,
X

run lead-add --name "  Kim Lee " --company "Lee & Sons, Inc" --email Kim@Lee.EXAMPLE \
    --phone "+1 (555) 010-2030" --source referral --segment SaaS --owner ann \
    --status Qualified --score 42 --notes 'met at "the fair"
call back in Q1'
rc_is 0 "every flag"
out_is "second id" <<'X'
L2
X
file_is "$D/leads.csv" "values normalised: trimmed, email and enums lowercased, quoting" <<X
$H
L1,$NOW,Jo Park,Parkway Ltd,,,,,,new,,$NOW,
L2,$NOW,Kim Lee,"Lee & Sons, Inc",kim@lee.example,+1 (555) 010-2030,referral,saas,ann,qualified,42,$NOW,"met at ""the fair""
call back in Q1"
X
run sales-history L2
out_is "the add is in history.csv" <<X
ts,user,command,entity,id,field,old,new
$NOW,tester,lead-add,leads,L2,,,created
X

run lead-add --name x --set notes=via-set
rc_is 0 "--set on a known column"
is "$(tail -n 1 "$D/leads.csv")" "L3,$NOW,x,,,,,,,new,,$NOW,via-set" "--set value stored"

# ---- dry run ------------------------------------------------------------------
snap
run lead-add -n --name "Dry Run"
rc_is 0 "-n succeeds"
out_is "-n shows the id it would get" <<'X'
L4
X
unchanged "-n writes nothing"
run lead-add --dry-run --name "Dry" --owner nobody
rc_is 1 "--dry-run still validates"
unchanged "and writes nothing"

# ---- records on stdin ---------------------------------------------------------
run lead-add - --owner bob --source event <<'X'
name,company,source,segment
Ann One,Aco,web,b2b
Ben Two,Bco,,
X
rc_is 0 "CSV on stdin"
out_is "one id per record, in order" <<'X'
L4
L5
X
run lead-list -c id,name,company,source,segment,owner,status --where 'id ~ ^L[45]$'
out_is "flags are defaults: an empty cell takes the flag, a set cell wins" <<'X'
id,name,company,source,segment,owner,status
L4,Ann One,Aco,web,b2b,bob,new
L5,Ben Two,Bco,event,,bob,new
X

run lead-add - <<'X'
[{"name": "Cy", "score": 5, "owner": null, "segment": "ENTERPRISE"},
 {"company": "Dee Corp", "email": "info@dee.example", "status": "contacted"}]
X
rc_is 0 "JSON array on stdin"
out_is "JSON array ids" <<'X'
L6
L7
X
run lead-add - --segment b2c <<'X'
{"name": "Eve", "phone": "555-0100"}

{"name": "Fay", "segment": "b2b", "score": -7}
X
rc_is 0 "NDJSON on stdin (a blank line skipped)"
out_is "NDJSON ids" <<'X'
L8
L9
X
run lead-list -c id,name,company,email,phone,segment,status,score --where 'id ~ ^L[6-9]$' -f csv
out_is "JSON values stored like flags" <<'X'
id,name,company,email,phone,segment,status,score
L6,Cy,,,,enterprise,new,5
L7,,Dee Corp,info@dee.example,,,contacted,
L8,Eve,,,555-0100,b2c,new,
L9,Fay,,,,b2b,new,-7
X

run lead-add - </dev/null
rc_is 0 "empty stdin adds nothing"
out_is "and prints nothing" </dev/null

# ---- validation: message, exit 1, nothing written ------------------------------
bad() { # bad NAME WANT-STDERR -- CMD...: fails with exit 1, that message, no change
    _name=$1 _want=$2
    shift 3
    snap
    run "$@"
    rc_is 1 "$_name: exit 1"
    is "$(cat "$T/err")" "$_want" "$_name: message"
    is "$(cat "$T/out")" "" "$_name: no id printed"
    unchanged "$_name: nothing written"
}
bad "bad enum" "lead-add: bad segment 'retail' (expected b2c, b2b, enterprise, saas)" -- \
    lead-add --name x --segment retail
bad "bad status" "lead-add: bad status 'won' (expected new, contacted, qualified, disqualified, converted)" -- \
    lead-add --name x --status won
bad "bad email" "lead-add: bad email 'jo@' (expected an address like name@example.com)" -- \
    lead-add --name x --email jo@
bad "bad phone" "lead-add: bad phone 'call me' (expected digits, spaces, + - ( ) .)" -- \
    lead-add --name x --phone "call me"
bad "bad score" "lead-add: bad score '1.5' (expected a whole number from -1000000 to 1000000)" -- \
    lead-add --name x --score 1.5
bad "unknown owner" "lead-add: unknown owner 'zed' (not in reps.csv)" -- \
    lead-add --name x --owner zed
bad "missing required" "lead-add: a lead needs at least a name, company or email" -- \
    lead-add --phone 555-0100
bad "empty name only" "lead-add: a lead needs at least a name, company or email" -- \
    lead-add --name "   "
bad "id given" "lead-add: id is given by the tool (sales-import keeps ids of your own)" -- \
    lead-add --name x --set id=L99
bad "unknown --set column" "lead-add: leads.csv has no column 'region'" -- \
    lead-add --name x --set region=north
bad "line break in a one-line field" "lead-add: name: line breaks are not allowed here" -- \
    lead-add --name "two
lines"

# all or nothing: one bad record and none is written
snap
run lead-add - <<'X'
name,segment
Good One,b2b
Good Two,
Bad Three,retail
X
rc_is 1 "CSV batch with a bad record fails"
err_is "FILE:LINE of the bad record" <<'X'
lead-add: <stdin>:4: bad segment 'retail' (expected b2c, b2b, enterprise, saas)
X
unchanged "CSV batch: nothing written"
run lead-add - <<'X'
[{"name": "Good"}, {"name": "Bad", "email": "nope"}]
X
rc_is 1 "JSON batch with a bad record fails"
err_is "the record number" <<'X'
lead-add: <stdin>: record 2: bad email 'nope' (expected an address like name@example.com)
X
unchanged "JSON batch: nothing written"
run lead-add - <<'X'
{"name": "Good"}
{"name": "Bad", "owner": "zed"}
X
rc_is 1 "NDJSON batch with a bad record fails"
err_is "NDJSON line" <<'X'
lead-add: <stdin>:2: unknown owner 'zed' (not in reps.csv)
X
unchanged "NDJSON batch: nothing written"
run lead-add - <<'X'
name,id
Good,
Bad,L77
X
rc_is 1 "an id in the input is refused"
err_is "id column message" <<'X'
lead-add: <stdin>:3: id is given by the tool (sales-import keeps ids of your own)
X
unchanged "id column: nothing written"
run lead-add - <<'X'
name,region
Good,north
X
rc_is 1 "an input column the file lacks"
err_is "unknown column message" <<'X'
lead-add: <stdin>:2: leads.csv has no column 'region'
X
unchanged "unknown column: nothing written"

# ---- usage errors: exit 2 -------------------------------------------------------
snap
run lead-add
rc_is 2 "no fields is a usage error"
is "$(head -n 1 "$T/err")" "lead-add: nothing to add (give fields as flags, or - to read records)" "no fields message"
is "$(sed -n 2p "$T/err")" "usage: lead-add [-D DIR] [--name NAME] [--company COMPANY] [--email EMAIL] [--phone PHONE]" "then the usage"
run lead-add --name x extra
rc_is 2 "an operand"
is "$(head -n 1 "$T/err")" "lead-add: unexpected operand 'extra'" "operand message"
run lead-add --id L5 --name x
rc_is 2 "--id is not a flag"
is "$(head -n 1 "$T/err")" "lead-add: unrecognized option '--id'" "--id message"
run lead-add --created 2020-01-01 --name x
rc_is 2 "--created is not a flag"
unchanged "usage errors write nothing"

# ---- ids are never reused -------------------------------------------------------
sed -i '$d' "$D/leads.csv"
run lead-add --name "after delete"
out_is "deleting the last row by hand does not free its id" <<'X'
L10
X

# ---- the file as the user left it ------------------------------------------------
# a column of the user's own is kept and settable with --set
cp "$D/leads.csv" "$T/leads.bak"
{ printf '%s,region\n' "$H"; printf 'L1,%s,Jo Park,,,,,,,new,,%s,,north\n' $NOW $NOW; } >"$D/leads.csv"
run lead-add --name Gus --set region=south
rc_is 0 "--set on a column of the user's own"
run lead-add --name Hal
file_is "$D/leads.csv" "the column is kept; unset means empty" <<X
$H,region
L1,$NOW,Jo Park,,,,,,,new,,$NOW,,north
L11,$NOW,Gus,,,,,,,new,,$NOW,,south
L12,$NOW,Hal,,,,,,,new,,$NOW,,
X
run lead-add - <<'X'
name,region
Ida,west
X
rc_is 0 "stdin may fill the user's column"
is "$(tail -n 1 "$D/leads.csv")" "L13,$NOW,Ida,,,,,,,new,,$NOW,,west" "stdin value stored"

# reordered columns: the append follows the file's own order
printf 'notes,name,status,updated,score,id,email,created,company,phone,source,segment,owner\n' >"$D/leads.csv"
printf 'n,Old,new,,,L20,old@x.example,,,,,,\n' >>"$D/leads.csv"
run lead-add --name New --email New@X.example --score 3 --owner ann
rc_is 0 "append to a file with reordered columns"
file_is "$D/leads.csv" "appended in the file's own order" <<X
notes,name,status,updated,score,id,email,created,company,phone,source,segment,owner
n,Old,new,,,L20,old@x.example,,,,,,
,New,new,$NOW,3,L21,new@x.example,$NOW,,,,,ann
X
printf 'name,status,id,email,created,updated\nOld,new,L20,old@x.example,,\n' >"$D/leads.csv"
run lead-add --name New --score 3
rc_is 1 "a column the file lacks cannot be set"
err_is "score is not in this file" <<X
lead-add: $D/leads.csv:1: no 'score' column
X

# a file saved without a final newline
printf '%s\nL30,,Last,,,,,,,new,,,' "$H" >"$D/leads.csv"
run lead-add --name Next
rc_is 0 "append to a file without a final newline"
file_is "$D/leads.csv" "the last record is ended first" <<X
$H
L30,,Last,,,,,,,new,,,
L31,$NOW,Next,,,,,,,new,,$NOW,
X
printf '%s\r\nL40,,Crlf,,,,,,,new,,,\r\n' "$H" >"$D/leads.csv"
run lead-add --name AfterCrlf
rc_is 0 "append to a CRLF file"
run lead-list -c id,name
out_is "CRLF rows and the new LF row read back" <<'X'
id,name
L40,Crlf
L41,AfterCrlf
X
# a row added by hand (in a spreadsheet), then a rewrite (lead-update):
# the id cache must not forget the hand-added id
printf 'L60,,By hand,,,,,,,new,,,\n' >>"$D/leads.csv"
lead-update L40 --score 1 >/dev/null
run lead-add --name "after a hand-added row"
out_is "the next id is past the hand-added one" <<'X'
L61
X
run sh -c 'lead-add --name again && lead-update L61 --score 2 && lead-add --name more'
out_is "and ids keep going up through adds and updates" <<'X'
L62
L63
X

# the tools' own bookkeeping columns removed by hand: adds go on without them
printf 'id,name,company,status\n' >"$D/leads.csv"
run lead-add --name "No Stamps"
rc_is 0 "a leads.csv without created and updated"
file_is "$D/leads.csv" "the record has the columns the file has" <<'X'
id,name,company,status
L64,No Stamps,,new
X
done_testing
