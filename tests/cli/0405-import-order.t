#!/bin/sh
# sales-import decides most records as it reads them and keeps only some for
# later (dates waiting for their column's format, records matched to a row of
# the file). Whatever the mix, records are created, numbered, listed and
# refused in the input's order, and a refused row keeps its source cells.
. "${SALES_SRC:-.}/tests/cli/lib.sh"

rep-add bob --name "Bob Jones" >/dev/null

# Deals: ISO dates first, then a date that waits until the whole column is
# read (25/12 can only be day/month), then ISO again and no date at all.
cat >"$T/mixed.csv" <<'X'
name,amount,close
A,1,2027-01-15
B,2,2027-02-15
C,3,25/12/2027
D,4,2027-03-15
E,5,
F,6,01/02/2027
X
run sales-import -v --default owner=bob --default currency=EUR deals "$T/mixed.csv"
rc_is 0 "a column whose format is found at the end imports"
out_is "records listed in the input's order, ids in that order" <<X
where,action,id,changes
$T/mixed.csv:2,created,D1,
$T/mixed.csv:3,created,D2,
$T/mixed.csv:4,created,D3,
$T/mixed.csv:5,created,D4,
$T/mixed.csv:6,created,D5,
$T/mixed.csv:7,created,D6,
X
err_is "the format found is said" <<X
sales-import: $T/mixed.csv: column 'close': dates read as %d/%m/%Y (the one format that fits every value)
sales-import: deals: 6 created, 0 updated, 0 unchanged, 0 refused
X
run deal-list -c id,name,amount,close
out_is "deals.csv in the input's order" <<'X'
id,name,amount,close
D1,A,1,2027-01-15
D2,B,2,2027-02-15
D3,C,3,2027-12-25
D4,D,4,2027-03-15
D5,E,5,
D6,F,6,2027-02-01
X
run sales-history --entity deals -c id,new
out_is "history: the import, then each record in order" <<X
id,new
,import $T/mixed.csv
D1,created
D2,created
D3,created
D4,created
D5,created
D6,created
X

# Leads, upsert: updated, created, unchanged and refused rows interleaved.
lead-add --name Ann --email ann@example.com >/dev/null
lead-add --name Bo --email bo@example.com >/dev/null
cat >"$T/up.csv" <<'X'
name,email,segment
Ann,ann@example.com,b2b
Cy,cy@example.com,b2c
Bo,bo@example.com,
Dee,ann@example.com,b2c
Eve,eve@,b2c
Fay,fay@example.com,retail
Gus,gus@example.com,b2b
X
snap
run sales-import -v --mode upsert --rejects "$T/rej.csv" leads "$T/up.csv"
rc_is 1 "refused rows fail the import"
unchanged "nothing written"
out_is "every outcome, in the input's order" <<X
where,action,id,changes
$T/up.csv:2,updated,L1,segment:  -> b2b
$T/up.csv:3,created,L3,
$T/up.csv:4,unchanged,L2,
$T/up.csv:5,rejected,,same email as line 2
$T/up.csv:6,rejected,,bad email 'eve@' (expected an address like name@example.com)
$T/up.csv:7,rejected,,"bad segment 'retail' (expected b2c, b2b, enterprise, saas)"
$T/up.csv:8,created,L4,
X
file_is "$T/rej.csv" "each refused row with its source cells, whatever refused it" <<X
_where,_reason,name,email,segment
$T/up.csv:5,same email as line 2,Dee,ann@example.com,b2c
$T/up.csv:6,bad email 'eve@' (expected an address like name@example.com),Eve,eve@,b2c
$T/up.csv:7,"bad segment 'retail' (expected b2c, b2b, enterprise, saas)",Fay,fay@example.com,retail
X
run sales-import -q --partial --mode upsert leads "$T/up.csv"
rc_is 0 "--partial imports the others"
run lead-list -c id,name,email,segment
out_is "the update, and the new records in order" <<'X'
id,name,email,segment
L1,Ann,ann@example.com,b2b
L2,Bo,bo@example.com,
L3,Cy,cy@example.com,b2c
L4,Gus,gus@example.com,b2b
X

# Records that bring their ids are matched by id: the same id twice is
# refused with the line of the first, small numbers and huge ones alike.
cat >"$T/ids.csv" <<'X'
id,name,email
L7,Hal,hal@example.com
L7,Ivy,ivy@example.com
L123456789012,Jo,jo@example.com
L123456789012,Kim,kim@example.com
X
snap
run sales-import leads "$T/ids.csv"
rc_is 1 "the same id twice"
err_is "refers to the first" <<X
sales-import: $T/ids.csv:3: same id as line 2
sales-import: $T/ids.csv:5: same id as line 4
sales-import: nothing imported: 2 rows refused (--partial imports the others)
X
unchanged "nothing written"
run sales-import -q --partial leads "$T/ids.csv"
rc_is 0 "the first of each imports"
run lead-add --name Lou
out_is "the next id follows the largest imported" <<'X'
L123456789013
X

# A key that two rows of the file share cannot be updated: which one?
printf 'L200,2026-01-01T00:00:00Z,Twin,,twin@example.com,,,,,new,,2026-01-01T00:00:00Z,\n' >>"$D/leads.csv"
printf 'L201,2026-01-01T00:00:00Z,Twin,,twin@example.com,,,,,new,,2026-01-01T00:00:00Z,\n' >>"$D/leads.csv"
printf 'name,email,segment\nTwin,twin@example.com,b2b\n' >"$T/twin.csv"
snap
run sales-import --mode upsert leads "$T/twin.csv"
rc_is 1 "a key on two rows"
err_is "names both" <<X
sales-import: $T/twin.csv:2: matches more than one of leads (L200 and L201)
sales-import: nothing imported: 1 row refused (--partial imports the others)
X
unchanged "nothing written"
run sales-import leads "$T/twin.csv"
rc_is 1 "create: the key is on file"
err_is "names the first" <<X
sales-import: $T/twin.csv:2: already in leads.csv as L200 (--mode upsert updates it)
sales-import: nothing imported: 1 row refused (--partial imports the others)
X

# A rep's manager may come further down: reps are all read first.
printf 'id,name,manager\ncat,Cat Ray,dan\ndan,Dan Ode,\neve,Eve Ash,nobody\n' >"$T/reps.csv"
run sales-import -v --partial reps "$T/reps.csv"
rc_is 0 "reps with managers"
out_is "in order; an unknown manager refused" <<X
where,action,id,changes
$T/reps.csv:2,created,cat,
$T/reps.csv:3,created,dan,
$T/reps.csv:4,rejected,,unknown manager 'nobody' (not in reps.csv nor in this import)
X

# A file of more than a megabyte is parsed on a second thread: the same
# outcome, line numbers and order.
awk 'BEGIN { print "name,email,segment,notes"
    for (i = 1; i <= 12000; i++) {
        seg = (i == 11999) ? "retail" : "b2b"
        printf "Lead %d,lead%d@example.com,%s,\"note %d\nsecond line of a note long enough to pass a megabyte soon\"\n", i, i, seg, i
    } }' >"$T/big.csv"
[ "$(wc -c <"$T/big.csv")" -gt 1048576 ]
ok $? "the input is over a megabyte"
snap
run sales-import leads "$T/big.csv"
rc_is 1 "a refused row deep in a big file"
err_is "found with its line" <<X
sales-import: $T/big.csv:23998: bad segment 'retail' (expected b2c, b2b, enterprise, saas)
sales-import: nothing imported: 1 row refused (--partial imports the others)
X
unchanged "nothing written"
run sales-import -q --partial leads "$T/big.csv"
rc_is 0 "--partial imports the rest"
run sh -c "lead-list -c name,email,segment,notes | tail -n +2 | grep -c '^\"*Lead'"
out_is "every other row, once" <<'X'
11999
X
run sh -c "lead-list -c id,name --where 'name = Lead 12000'"
out_is "numbered in order: 11,999 after Lou's L123456789013" <<'X'
id,name
L123456801012,Lead 12000
X

# Only the first megabyte is checked for UTF-8 before the file is read from
# the disk; a Latin-1 line after it starts the import over from the file
# decoded, with the same outcome as a file that shows it at once.
awk 'BEGIN { print "name,email"
    for (i = 1; i <= 30000; i++) printf "Person %d with a name long enough to pass a megabyte,p%d@example.com\n", i, i
    printf "Jos\351 M\374ller,jose@example.com\n" }' >"$T/latin1.csv"
run sales-import leads "$T/latin1.csv"
rc_is 0 "a Latin-1 line after the first megabyte"
err_is "decoded, as it would be sooner" <<X
sales-import: $T/latin1.csv: not UTF-8: read as Windows-1252 (say --encoding if it is not)
sales-import: leads: 30001 created, 0 updated, 0 unchanged, 0 refused
X
run sh -c "lead-list -c name --where 'email = jose@example.com'"
out_is "the name as it was meant" <<'X'
name
José Müller
X
snap
run sales-import --encoding utf-8 leads "$T/latin1.csv"
rc_is 1 "said to be UTF-8, it is not"
err_is "the line" <<X
sales-import: $T/latin1.csv:30002: invalid UTF-8
X
unchanged "nothing written"

# A big import's history rows wait in a scratch file; a history.csv with
# its columns in another order, and one of the user's own, gets them
# field by field all the same.
H="$T/h"
sales-init "$H" >/dev/null
printf 'note,new,old,field,id,entity,command,user,ts\nkept,created,,,L0,leads,lead-add,ann,2026-01-01T00:00:00Z\n' >"$H/history.csv"
awk 'BEGIN { print "name,email"
    for (i = 1; i <= 20000; i++) printf "Person %d,p%d@example.com\n", i, i }' >"$T/many.csv"
run sales-import -q -D "$H" leads "$T/many.csv"
rc_is 0 "20,000 leads into a history.csv of another layout"
is "$(wc -l <"$H/history.csv")" "20003" "the header, the old row, the import's marker and a row each"
run sh -c 'sed -n "2p;4p;20003p" "$1"' sh "$H/history.csv"
out_is "each field in its own column, the user's column empty" <<'X'
kept,created,,,L0,leads,lead-add,ann,2026-01-01T00:00:00Z
,created,,,L1,leads,sales-import,tester,2026-11-27T09:30:00Z
,created,,,L20000,leads,sales-import,tester,2026-11-27T09:30:00Z
X
is "$(ls -A "$H" | grep -c spool)" "0" "no scratch file left behind"

# Values that need quotes (a comma, a quote, a line break, a leading
# space) keep their bytes when the rows are laid out again.
printf 'email,notes\np1@example.com,"a, b"\np2@example.com,"say ""hi"""\np3@example.com,"two\nlines"\np4@example.com," lead"\n' >"$T/quoted.csv"
run sales-import -q --mode upsert -D "$H" leads "$T/quoted.csv"
rc_is 0 "upsert of quoted values into a history.csv of another layout"
run sh -c 'tail -n 5 "$1"' sh "$H/history.csv"
out_is "quoted as rendered, each in its own column" <<'X'
,"a, b",,notes,L1,leads,sales-import,tester,2026-11-27T09:30:00Z
,"say ""hi""",,notes,L2,leads,sales-import,tester,2026-11-27T09:30:00Z
,"two
lines",,notes,L3,leads,sales-import,tester,2026-11-27T09:30:00Z
," lead",,notes,L4,leads,sales-import,tester,2026-11-27T09:30:00Z
X

done_testing
