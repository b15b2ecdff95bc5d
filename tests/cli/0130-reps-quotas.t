#!/bin/sh
# rep-add, rep-list, quota-set: the team, managers, hire dates; quotas per
# rep or team and period, replaced in place, recorded in history.csv.
. "${SALES_SRC:-.}/tests/cli/lib.sh"

NOW=2026-11-27T09:30:00Z

# ---- rep-add ------------------------------------------------------------------------
run rep-add mia --name "Mia Moss" --email Mia@Sales.Example --team east --role manager \
    --territory "US-NE" --hired 2024-01-15 --active Yes
rc_is 0 "rep-add with every flag"
out_is "prints the rep id" <<'X'
mia
X
run rep-add ann --name "Ann Ang" --team east --manager mia --hired 2025-03-01
rc_is 0 "rep-add with a manager"
run rep-add - --team west <<'X'
id,name,manager,hired,active
cat,Cat Cruz,mia,2023-06-01,
dan,Dan Diaz,cat,2026-02-01,no
X
rc_is 0 "reps from CSV on stdin, --team as default"
out_is "their ids" <<'X'
cat
dan
X
run rep-add - <<'X'
[{"id": "eve", "name": "Eve Ek", "team": "east", "manager": "ann", "active": true}]
X
rc_is 0 "a rep from JSON (true is yes)"
file_is "$D/reps.csv" "reps.csv" <<'X'
id,name,email,team,manager,role,territory,hired,active
mia,Mia Moss,mia@sales.example,east,,manager,US-NE,2024-01-15,yes
ann,Ann Ang,,east,mia,,,2025-03-01,yes
cat,Cat Cruz,,west,mia,,,2023-06-01,yes
dan,Dan Diaz,,west,cat,,,2026-02-01,no
eve,Eve Ek,,east,ann,,,,yes
X
run sales-history --entity reps -c id,new
out_is "rep-add is recorded" <<'X'
id,new
mia,created
ann,created
cat,created
dan,created
eve,created
X

bad() { # bad NAME RC WANT-STDERR -- CMD...
    _name=$1 _rc=$2 _want=$3
    shift 4
    snap
    run "$@"
    rc_is "$_rc" "$_name: exit $_rc"
    is "$(head -n 1 "$T/err")" "$_want" "$_name: message"
    unchanged "$_name: nothing written"
}
bad "an existing id" 1 "rep-add: rep 'ann' already exists" -- rep-add ann
bad "an id with a space" 1 "rep-add: bad id 'Bob Smith' (ids have no spaces, commas or quotes)" -- \
    rep-add "Bob Smith"
bad "not a handle" 1 "rep-add: bad rep id 'Bob' (a handle: lowercase letters, digits, '.', '_', '-')" -- \
    rep-add Bob
bad "own manager" 1 "rep-add: unknown manager 'bob' (not in reps.csv)" -- rep-add bob --manager bob
bad "unknown manager" 1 "rep-add: unknown manager 'zed' (not in reps.csv)" -- rep-add bob --manager zed
bad "bad hire date" 1 "rep-add: bad hired '2025-02-29' (expected YYYY-MM-DD, today, yesterday, +14d, -3m)" -- \
    rep-add bob --hired 2025-02-29
bad "bad active" 1 "rep-add: bad active 'sometimes' (expected yes or no)" -- rep-add bob --active sometimes
bad "bad email" 1 "rep-add: bad email 'bob' (expected an address like name@example.com)" -- rep-add bob --email bob
bad "unknown --set column" 1 "rep-add: reps.csv has no column 'quota'" -- rep-add bob --set quota=5
bad "a rep without id on stdin" 1 "rep-add: <stdin>:3: bad rep id '' (a handle: lowercase letters, digits, '.', '_', '-')" -- \
    sh -c 'printf "id,name\nbob,Bob\n,Nobody\n" | rep-add -'
bad "the same id twice in a batch" 1 "rep-add: <stdin>:3: rep 'bob' already exists" -- \
    sh -c 'printf "id\nbob\nbob\n" | rep-add -'
bad "no id" 2 "rep-add: nothing to add (give fields as flags, or - to read records)" -- rep-add
bad "two ids" 2 "rep-add: unexpected operand 'bob'" -- rep-add al bob
bad "flags but no id" 2 "rep-add: missing operand: the rep's ID (a handle such as ann or j.smith)" -- \
    rep-add --name "Bob Bell" --team east

# ---- rep-list -------------------------------------------------------------------------
ids() { run rep-list -c id "$@"; tail -n +2 "$T/out" | tr '\n' ' ' | sed 's/ $//'; }
is "$(ids --team east)" "mia ann cat dan eve" "--team: the team and who reports to them (cat reports to mia)"
is "$(ids --team west)" "cat dan" "--team west"
is "$(ids --team mia)" "mia ann cat dan eve" "--team REP: everyone under the rep"
is "$(ids --owner ann,dan)" "ann dan" "--owner picks reps by id"
is "$(ids --since 2025-01-01)" "ann dan" "--since on the hire date"
is "$(ids --until 2024-12-31)" "mia cat" "--until on the hire date"
is "$(ids --period 2026)" "dan" "--period on the hire date"
is "$(ids --where 'active = no')" "dan" "--where on a yes/no column"
is "$(ids --where 'manager = mia')" "ann cat" "--where manager"
is "$(ids --sort -hired)" "dan ann mia cat eve" "--sort -hired: dates descending, not set last"
run env SALES_FORCE_TTY=1 rep-list
out_is "rep-list as a table" <<'X'
id   name      team  manager  role     territory  active
mia  Mia Moss  east           manager  US-NE      yes
ann  Ann Ang   east  mia                          yes
cat  Cat Cruz  west  mia                          yes
dan  Dan Diaz  west  cat                          no
eve  Eve Ek    east  ann                          yes
X
run rep-list -f json -c id,name,hired --team west
out_is "rep-list json" <<'X'
[
{"id":"cat","name":"Cat Cruz","hired":"2023-06-01"},
{"id":"dan","name":"Dan Diaz","hired":"2026-02-01"}
]
X
for f in segment stage status source; do
    run rep-list --$f x
    rc_is 2 "rep-list --$f does not apply"
    is "$(head -n 1 "$T/err")" "rep-list: --$f does not apply to reps" "--$f message"
done

# ---- quota-set -------------------------------------------------------------------------
run quota-set ann 2026-Q4 50000
rc_is 0 "quota-set for a rep"
out_is "prints nothing" </dev/null
run quota-set east 2026-q4 120000.50
rc_is 0 "quota-set for a team; the period any case"
run quota-set mia this-month 9999.99
run quota-set ann next-quarter 60000
run quota-set west 2026 1
run quota-set dan 2026-W48 500
file_is "$D/quotas.csv" "periods stored in their canonical form" <<'X'
owner,period,amount
ann,2026-Q4,50000
east,2026-Q4,120000.5
mia,2026-11,9999.99
ann,2027-Q1,60000
west,2026,1
dan,2026-W48,500
X
run quota-set ann 2026-Q4 55000.10
rc_is 0 "quota-set again replaces the amount"
run quota-set west 2026 2
file_is "$D/quotas.csv" "replaced in place, one row per owner and period" <<'X'
owner,period,amount
ann,2026-Q4,55000.1
east,2026-Q4,120000.5
mia,2026-11,9999.99
ann,2027-Q1,60000
west,2026,2
dan,2026-W48,500
X
run sales-history --entity quotas --where 'id ~ ^ann/'
out_is "history: owner/period as the id, old and new amounts" <<X
ts,user,command,entity,id,field,old,new
$NOW,tester,quota-set,quotas,ann/2026-Q4,amount,,50000
$NOW,tester,quota-set,quotas,ann/2027-Q1,amount,,60000
$NOW,tester,quota-set,quotas,ann/2026-Q4,amount,50000,55000.1
X
echo "ann,2026-Q4,1" >>"$D/quotas.csv"
run quota-set ann 2026-Q4 56000
rc_is 0 "quota-set with a duplicate row added by hand"
is "$(grep -c '^ann,2026-Q4,' "$D/quotas.csv")" "1" "the duplicate is gone"
is "$(grep '^ann,2026-Q4,' "$D/quotas.csv")" "ann,2026-Q4,56000" "the first row holds the amount"

bad "unknown owner" 1 "quota-set: unknown quota owner 'north' (not a rep id nor a team in reps.csv)" -- \
    quota-set north 2026-Q4 1
bad "bad period" 1 "quota-set: bad period '2026-Q5' (expected 2026, 2026-Q4, 2026-11, 2026-W48, this-quarter, ...)" -- \
    quota-set ann 2026-Q5 1
bad "bad amount" 1 "quota-set: bad amount '1k' (expected an amount like 12500 or 12500.50)" -- \
    quota-set ann 2026-Q4 1k
bad "negative amount" 1 "quota-set: bad amount '-1' (a quota must be positive)" -- quota-set ann 2026-Q4 -- -1
bad "empty amount" 1 "quota-set: amount is required" -- quota-set ann 2026-Q4 ""
bad "two operands" 2 "quota-set: missing operand: AMOUNT" -- quota-set ann 2026-Q4
bad "four operands" 2 "quota-set: unexpected operand 'x'" -- quota-set ann 2026-Q4 1 x
done_testing
