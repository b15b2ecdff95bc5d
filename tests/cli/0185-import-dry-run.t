#!/bin/sh
# sales-import -n is the store's dry run, as on every other writer: the
# import is written as for real, then rolled back. Its output is the real
# run's (the summary adds "dry run: nothing written"), the data directory,
# the id cache and the files' times are as they were, and a dry run
# fails where the real run would: a file that cannot grow (ulimit -f),
# which the old plan-only dry run passed ("2000 created").
. "${SALES_SRC:-.}/tests/cli/lib.sh"

rep-add ann --name Ann >/dev/null
lead-add --name Jo --company "Jo Inc" --email jo@jo.example >/dev/null
printf 'name,company,email\nKim,Kim Ltd,kim@kim.example\nLu,Lu AG,lu@lu.example\n' \
    >"$T/new.csv"
printf 'email,status\njo@jo.example,contacted\n' >"$T/upd.csv"

# same CMD ARG...: CMD -n then CMD: the same stdout, the same stderr but
# for the dry run's note, nothing written by the dry run
same() {
    snap
    cp "$D/.ids" "$T/ids"
    (cd "$D" && stat -c '%n %s %.9Y %i' -- *.csv) >"$T/ident"
    run "$@" -n
    _rc=$rc
    cp "$T/out" "$T/dryout"
    sed 's/ (dry run: nothing written)$//' "$T/err" >"$T/dryerr"
    unchanged "$* -n: nothing written"
    cmp -s "$D/.ids" "$T/ids"
    ok $? "$* -n: .ids as it was"
    (cd "$D" && stat -c '%n %s %.9Y %i' -- *.csv) >"$T/ident2"
    _diff "$T/ident" "$T/ident2" "$* -n: every file's size, time and inode as they were"
    run "$@"
    is "$rc" "$_rc" "$*: the exit status of the dry run"
    _diff "$T/dryout" "$T/out" "$*: the stdout of the dry run"
    _diff "$T/dryerr" "$T/err" "$*: the stderr of the dry run, but for its note"
}

run sales-import -n -v leads "$T/new.csv"
rc_is 0 "sales-import -n -v"
out_is "sales-import -n -v: what it would do" <<X
where,action,id,changes
$T/new.csv:2,created,L2,
$T/new.csv:3,created,L3,
X
err_is "sales-import -n: the summary says it was a dry run" <<X
sales-import: leads: 2 created, 0 updated, 0 unchanged, 0 refused (dry run: nothing written)
X
same sales-import -v leads "$T/new.csv"
same sales-import -v --mode upsert --match email leads "$T/upd.csv"
run sales-history --where 'command = sales-import' -c entity,id,field,old,new
out_is "the history: the real runs only" <<X
entity,id,field,old,new
leads,,,,import $T/new.csv
leads,L2,,,created
leads,L3,,,created
leads,,,,import $T/upd.csv
leads,L1,status,new,contacted
X

# --undo -n: what it would take back, nothing taken
snap
run sales-import -n --undo
rc_is 0 "--undo -n"
err_is "--undo -n: says what it would take back" <<X
sales-import: would take back the import $T/upd.csv into leads made at 2026-11-27T09:30:00Z: 0 records deleted, 1 restored
X
unchanged "--undo -n: nothing taken back"
run sales-import --undo
err_is "--undo: the same numbers" <<X
sales-import: took back the import $T/upd.csv into leads made at 2026-11-27T09:30:00Z: 0 records deleted, 1 restored
X

# a file that cannot grow: the dry run fails as the real run does
awk 'BEGIN { print "name,company,email"
             for (i = 1; i <= 2000; i++) printf "Person %d,Company %d,p%d@example.com\n", i, i, i }' \
    >"$T/many.csv"
snap
run bash -c "ulimit -f 40 && sales-import -q -n leads '$T/many.csv' >/dev/null"
rc_is 1 "-n, leads.csv cannot grow: exit 1"
err_is "-n, leads.csv cannot grow: says so" <<X
sales-import: $D/leads.csv: write error: File too large
X
unchanged "-n, leads.csv cannot grow: nothing written"
run bash -c "ulimit -f 40 && sales-import -q leads '$T/many.csv'"
rc_is 1 "the real run: exit 1"
err_is "the real run: the same message" <<X
sales-import: $D/leads.csv: write error: File too large
X
unchanged "the real run: nothing written"
done_testing
