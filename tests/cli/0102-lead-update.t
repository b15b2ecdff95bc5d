#!/bin/sh
# lead-update: flags, --set, FIELD= clears, several ids, ids from stdin
# (a lead-list pipe, JSON), unknown ids (nothing written), the history rows.
. "${SALES_SRC:-.}/tests/cli/lib.sh"

H=id,created,name,company,email,phone,source,segment,owner,status,score,updated,notes
C=2026-11-01T08:00:00Z
NOW=2026-11-27T09:30:00Z
rep-add ann >/dev/null && rep-add bob >/dev/null || echo "Bail out! rep-add failed"
SALES_NOW=$C lead-add - --owner ann >/dev/null <<'X'
name,company,email,source,segment,score
Alpha,Acme,a@acme.example,web,b2b,10
Beta,Bravo,,referral,saas,
Gamma,Charlie,g@charlie.example,web,b2c,3
X

run lead-update L2 --status contacted --score 20 --email B@Bravo.Example
rc_is 0 "lead-update with flags"
out_is "prints nothing" </dev/null
file_is "$D/leads.csv" "the row changed, updated set, the others untouched" <<X
$H
L1,$C,Alpha,Acme,a@acme.example,,web,b2b,ann,new,10,$C,
L2,$C,Beta,Bravo,b@bravo.example,,referral,saas,ann,contacted,20,$NOW,
L3,$C,Gamma,Charlie,g@charlie.example,,web,b2c,ann,new,3,$C,
X
run sales-history L2
out_is "one history row per changed field, in flag order (updated is not one)" <<X
ts,user,command,entity,id,field,old,new
$C,tester,lead-add,leads,L2,,,created
$NOW,tester,lead-update,leads,L2,status,new,contacted
$NOW,tester,lead-update,leads,L2,score,,20
$NOW,tester,lead-update,leads,L2,email,,b@bravo.example
X

run lead-update L1 L3 --set notes="call, then \"mail\"" --segment=
rc_is 0 "two ids, --set and FIELD= clears"
run lead-list -c id,segment,notes
out_is "both changed; the segment cleared" <<'X'
id,segment,notes
L1,,"call, then ""mail"""
L2,saas,
L3,,"call, then ""mail"""
X
run sales-history --field segment
out_is "a clear is recorded with an empty new value" <<X
ts,user,command,entity,id,field,old,new
$NOW,tester,lead-update,leads,L1,segment,b2b,
$NOW,tester,lead-update,leads,L3,segment,b2c,
X

cp "$D/history.csv" "$T/h0"
run lead-update L1 --score 10
rc_is 0 "setting a value it already has"
is "$(cmp -s "$D/history.csv" "$T/h0" && echo same)" "same" "records no history row"

# ids from standard input: a lead-list pipe, JSON, NDJSON
run sh -c 'lead-list --source web -f csv | lead-update - --owner bob'
rc_is 0 "lead-list ... -f csv | lead-update - --owner bob"
run lead-list -c id,source,owner
out_is "the listed leads changed owner" <<'X'
id,source,owner
L1,web,bob
L2,referral,ann
L3,web,bob
X
run sh -c 'lead-list --owner ann -f json | lead-update - --status qualified'
rc_is 0 "ids as a JSON array"
run sh -c 'lead-list --owner bob -f ndjson | lead-update - --status disqualified'
rc_is 0 "ids as NDJSON"
run lead-list -c id,status
out_is "statuses after the JSON pipes" <<'X'
id,status
L1,disqualified
L2,qualified
L3,disqualified
X
run lead-update L2 - --score 1 <<'X'
id
L3
X
rc_is 0 "operands and - together"
is "$(lead-list -c score -f tsv | tr '\n' ' ')" "score 10 1 1 " "both got the score"

# a column of the user's own
sed -i '1s/$/,region/' "$D/leads.csv"
run lead-update L1 --set region=north
rc_is 0 "--set on the user's own column"
run lead-list -c id,region
out_is "user column set, other rows empty" <<'X'
id,region
L1,north
L2,
L3,
X
run lead-update L1 --set region=
rc_is 0 "--set FIELD= clears the user's column"
is "$(lead-list -c region --limit 1 | tail -n 1)" "" "cleared"

# ---- failures: exit 1, nothing written --------------------------------------------
bad() { # bad NAME WANT-STDERR -- CMD...
    _name=$1 _want=$2
    shift 3
    snap
    run "$@"
    rc_is 1 "$_name: exit 1"
    is "$(cat "$T/err")" "$_want" "$_name: message"
    unchanged "$_name: nothing written"
}
bad "unknown id" "lead-update: unknown lead 'L9' (not in leads.csv)" -- lead-update L1 L9 --score 5
bad "unknown id on stdin" "lead-update: unknown lead 'L8' (not in leads.csv)" -- \
    sh -c 'printf "id\nL1\nL8\n" | lead-update - --score 5'
bad "a record without id" "lead-update: <stdin>:3: no id" -- \
    sh -c 'printf "id,name\nL1,x\n,y\n" | lead-update - --score 5'
bad "bad enum" "lead-update: bad status 'won' (expected new, contacted, qualified, disqualified, converted)" -- \
    lead-update L1 --status won
bad "bad email" "lead-update: bad email 'x@y' (expected an address like name@example.com)" -- \
    lead-update L1 --email x@y
bad "unknown owner" "lead-update: unknown owner 'zed' (not in reps.csv)" -- lead-update L1 --owner zed
bad "unknown --set column" "lead-update: leads.csv has no column 'colour' (--add-column adds it)" -- lead-update L1 --set colour=red
bad "the id cannot change" "lead-update: id cannot be changed" -- lead-update L1 --set id=L7
bad "created is the tool's" "lead-update: created is set by the tools" -- lead-update L1 --set created=2020-01-01
bad "updated is the tool's" "lead-update: updated is set by the tools" -- lead-update L1 --set updated=2020-01-01

# the record rule of lead-add: a lead keeps a name, a company or an email
bad "clearing the last of name, company, email" "lead-update: lead L2 would have no name, company or email" -- \
    lead-update L2 --name= --company= --email=
run lead-update L2 --name= --email=
rc_is 0 "clearing some of them is fine"
is "$(lead-list -c name,company,email --where 'id = L2' | tail -n 1)" ",Bravo," "the company is left"

snap
run lead-update --score 1
rc_is 2 "no id is a usage error"
is "$(head -n 1 "$T/err")" "lead-update: no lead id given" "no id message"
run lead-update L1
rc_is 2 "nothing to change is a usage error"
is "$(head -n 1 "$T/err")" "lead-update: nothing to change (give fields as flags)" "nothing to change message"
run lead-update L1 --set score
rc_is 1 "--set without ="
is "$(head -n 1 "$T/err")" "lead-update: bad --set 'score' (expected FIELD=VALUE)" "bad --set message"
run lead-update L1 --created 2020-01-01
rc_is 2 "--created is not a flag"
unchanged "usage errors write nothing"
done_testing
