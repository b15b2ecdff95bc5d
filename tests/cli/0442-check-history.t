#!/bin/sh
# sales-check --history: history.csv replays to the files. A directory made
# by real commands (adds, updates, a merge, a conversion, imports and an
# undo, quotas, --fix) passes; each hand edit is reported once, on the data
# file's line of the record, or on history.csv's line when it is gone.
. "${SALES_SRC:-.}/tests/cli/lib.sh"

fx() { # a command of the fixture: it must work
    "$@" >/dev/null 2>"$T/fx.err" || { echo "Bail out! $*: $(cat "$T/fx.err")"; exit 1; }
}
fx rep-add alice --name Alice --team east
fx rep-add bob --name Bob --team west
fx lead-add --name "Kim Lee" --company Hooli --email kim@hooli.example --owner alice --source web
fx lead-add --name "Kim Lee" --company Hooli --email kim.lee@hooli.example --phone "+1 555 0100" \
    --owner bob
fx lead-add --name "Ann Oak" --company Initech --email ann@initech.example --segment b2b
fx lead-update L1 --status contacted
fx lead-update L1 --status qualified --owner bob
fx lead-dedupe --merge L1 L2
fx lead-convert L3
fx deal-move D1 proposal
fx deal-update D1 --amount 12000
fx account-add --name Globex --domain globex.example --owner bob
fx deal-add --name "Globex deal" --account A2 --owner bob --amount 5000 --close 2026-12-31
fx deal-close D2 lost --reason price
fx activity-log --type call --rep alice --deal D1 --subject Kick-off
fx quota-set alice 2026-Q4 40000
fx quota-set alice 2026-Q4 45000
printf 'name,company,email\nZoe Park,Umbrella,zoe@umbrella.example\nYan Wu,Stark,yan@stark.example\n' \
    >"$T/new.csv"
fx sales-import leads "$T/new.csv"
printf '%s\n' email,status,notes zoe@umbrella.example,contacted,called\ back \
    kim@hooli.example,converted, new@acme.example,new, >"$T/upd.csv"
fx sales-import --mode upsert leads "$T/upd.csv"
fx sales-import --undo
printf 'owner,period,amount\nbob,2026,100000\n' >"$T/q.csv"
fx sales-import quotas "$T/q.csv"
# values whose form was changed by hand, written back by --fix with history
# rows (a quota's period is part of its key: history follows it)
sed -i 's/,converted,/,Converted,/' "$D/leads.csv"
sed -i 's/^alice,2026-Q4,/alice,2026-q4,/' "$D/quotas.csv"
sales-check --fix >/dev/null 2>&1

run sales-check --history
rc_is 0 "a directory made by the commands replays"
out_is "no findings" </dev/null
err_is "nothing on stderr" </dev/null
run sales-check
rc_is 0 "and passes the plain check"

# hline ERE [FILE]: the line of the last row of history.csv (FILE) that matches
hline() { grep -n -E -- "$1" "${2:-$D/history.csv}" | tail -1 | cut -d: -f1; }
# copy NAME: a copy of the clean directory to spoil, in $C
copy() {
    C="$T/$1"
    cp -Rp "$D" "$C"
}
# check_is NAME <<EOF: sales-check --history on $C says exactly that (DIR/ cut), exit 1
check_is() {
    run sales-check --history -D "$C"
    rc_is 1 "$1: exit 1"
    sed "s|$C/||" "$T/out" >"$T/got"
    cat >"$T/want"
    _diff "$T/want" "$T/got" "$1"
}

copy cell
sed -i 's/^L1,\(.*\),bob,qualified,/L1,\1,alice,qualified,/' "$C/leads.csv"
check_is "a changed cell" <<X
leads.csv:2: lead L1: owner is 'alice', but history.csv:$(hline ',leads,L1,owner,') made it 'bob'
X

copy cells
sed -i -e 's/^D1,\(.*\),proposal,12000,/D1,\1,negotiation,,/' -e 's/,price,/,budget,/' "$C/deals.csv"
sed -i 's/^alice,2026-Q4,45000/alice,2026-Q4,4500/' "$C/quotas.csv"
check_is "changed cells: each field, a cell emptied, a quota's amount" <<X
deals.csv:2: deal D1: stage is 'negotiation', but history.csv:$(hline ',deals,D1,stage,') made it 'proposal'
deals.csv:2: deal D1: amount is empty, but history.csv:$(hline ',deals,D1,amount,') made it '12000'
deals.csv:3: deal D2: lost_reason is 'budget', but history.csv:$(hline ',deals,D2,lost_reason,') made it 'price'
quotas.csv:2: quota alice/2026-Q4: amount is '4500', but history.csv:$(hline ',quotas,alice/2026-Q4,amount,') made it '45000'
X

copy emptied
sed -i 's/^L4,\(.*\),new,,\(.*\),$/L4,\1,new,,\2,note by hand/' "$C/leads.csv"
check_is "a value history emptied, set again" <<X
leads.csv:4: lead L4: notes is 'note by hand', but history.csv:$(hline ',leads,L4,notes,') emptied it
X

copy deleted
sed -i '/^D2,/d' "$C/deals.csv"
sed -i '/^bob,2026,/d' "$C/quotas.csv"
check_is "deleted rows: on the line of history.csv that last speaks of them" <<X
history.csv:$(hline ',deals,D2,'): deal D2 is not in deals.csv, yet no row of history.csv deletes it
history.csv:$(hline ',quotas,bob/2026,'): quota bob/2026 is not in quotas.csv, yet no row of history.csv deletes it
X

copy added
echo 'L50,2026-11-27T09:30:00Z,By Hand,,,,,,,new,,2026-11-27T09:30:00Z,' >>"$C/leads.csv"
echo 'carol,Carol,,east,,,,,' >>"$C/reps.csv"
echo 'carol,2026,1' >>"$C/quotas.csv"
check_is "added rows: the ones with ids; a quota is a plan, not reported" <<X
reps.csv:4: rep carol has no 'created' row in history.csv
leads.csv:6: lead L50 has no 'created' row in history.csv
X

copy resurrected
echo 'L2,2026-11-27T09:30:00Z,Kim Lee,Hooli,kim.lee@hooli.example,,,,bob,new,,2026-11-27T09:30:00Z,' \
    >>"$C/leads.csv"
echo 'L6,2026-11-27T09:30:00Z,,,new@acme.example,,,,,new,,2026-11-27T09:30:00Z,' >>"$C/leads.csv"
check_is "records history deleted, back again" <<X
leads.csv:6: lead L2 is here, but history.csv:$(hline 'leads,L2,,,merged into L1') says 'merged into L1'
leads.csv:7: lead L6 is here, but history.csv:$(hline 'leads,L6,,,deleted') says 'deleted'
X

copy lost-created
sed -i '/,accounts,A2,,,created$/d' "$C/history.csv"
check_is "a created row removed from history.csv" <<X
accounts.csv:3: account A2 has no 'created' row in history.csv
X

copy lost-change
sed -i -e "$(hline ',leads,L1,status,')d" -e "$(hline ',deals,D1,stage,')d" "$C/history.csv"
check_is "the last change of a field removed: the one before it is what history says" <<X
leads.csv:2: lead L1: status is 'qualified', but history.csv:$(hline ',leads,L1,status,' "$C/history.csv") made it 'converted'
X
# (D1's stage had one change: without it, nothing recorded is left to compare)

copy form
sed -i -e 's/^L1,\(.*\),bob,qualified,/L1,\1,bob,Qualified,/' -e 's/^L4,\(.*\),2026-11-27T09:30:00Z,$/L4,\1,2026-11-28T10:00:00Z,/' "$C/leads.csv"
sed -i 's/,Hooli,kim@hooli.example,/,Hooli Inc,kim@hooli.example,/' "$C/leads.csv"
run sales-check --history -D "$C"
rc_is 0 "another form of a value, the updated column, a field never changed: not history's to tell"
out_is "no findings" </dev/null
run sales-check -D "$C"
rc_is 1 "the form is the plain check's"
sed "s|$C/||" "$T/out" >"$T/got"
file_is "$T/got" "and it says so" <<'X'
leads.csv:2: status 'Qualified' should be 'qualified'
X

copy column
awk -F, -v OFS=, '{ $9 = ""; sub(/,,/, ","); print }' "$D/leads.csv" >"$C/leads.csv"
check_is "a column removed" <<X
leads.csv:2: lead L1: there is no owner column, but history.csv:$(hline ',leads,L1,owner,') made it 'bob'
X

copy key
sed -i '/,quotas,alice\/2026-q4,period,/d' "$C/history.csv"
sed -i 's/^alice,2026-Q4,/alice,2026-q4,/' "$C/quotas.csv"
check_is "a quota's key changed back by hand, and the row that changed it lost" <<X
history.csv:$(hline ',quotas,alice/2026-Q4,'): quota alice/2026-Q4 is not in quotas.csv, yet no row of history.csv deletes it
X

copy many
sed -i 's/^L1,\(.*\),bob,qualified,/L1,\1,alice,qualified,/' "$C/leads.csv"
sed -i '/^D2,/d' "$C/deals.csv"
echo 'L50,2026-11-27T09:30:00Z,By Hand,,,,,,,new,,2026-11-27T09:30:00Z,' >>"$C/leads.csv"
sed -i '/,activities,T1,,,created$/d' "$C/history.csv"
check_is "several at once: in file order, then line order" <<X
leads.csv:2: lead L1: owner is 'alice', but history.csv:$(hline ',leads,L1,owner,') made it 'bob'
leads.csv:6: lead L50 has no 'created' row in history.csv
activities.csv:2: activity T1 has no 'created' row in history.csv
history.csv:$(hline ',deals,D2,' "$C/history.csv"): deal D2 is not in deals.csv, yet no row of history.csv deletes it
X
run sales-check --history -q -D "$C"
rc_is 1 "-q: the status only"
out_is "and no output" </dev/null

copy cut
printf '2026-11-27T09:30:00Z,tester,lead-update,leads,L1,status,qualified,lo' >>"$C/history.csv"
n=$(($(wc -l <"$D/history.csv") + 1))
check_is "a last row cut short (a crash while history.csv grew)" <<X
leads.csv:2: lead L1: status is 'qualified', but history.csv:$n made it 'lo'
history.csv:$n: the last row does not end its line (a write cut short?)
X

# What cannot be replayed is said, and nothing is compared.
copy header
sed -i '1s/,field,/,what,/' "$C/history.csv"
check_is "history.csv without a field column" <<'X'
history.csv:1: no 'field' column (history.csv was not replayed)
X
copy torn
printf '2026-11-27T09:30:00Z,tester,lead-update,leads,L1,notes,,"unterminated\n' >>"$C/history.csv"
echo 'L50,2026-11-27T09:30:00Z,By Hand,,,,,,,new,,2026-11-27T09:30:00Z,' >>"$C/leads.csv"
check_is "malformed history.csv" <<X
history.csv:$(($(wc -l <"$D/history.csv") + 1)): unterminated quoted field (history.csv was not replayed; nothing was compared)
X
copy nohistory
rm "$C/history.csv"
check_is "no history.csv" <<'X'
history.csv: missing (sales-init makes it; history.csv was not replayed)
X
copy nodeals
rm "$C/deals.csv"
check_is "a data file gone: said once, not once per record" <<'X'
deals.csv: missing (sales-init makes it)
X
copy baddeals
printf 'D9,"unterminated\n' >>"$C/deals.csv"
check_is "a data file that cannot be read to its end" <<'X'
deals.csv:4: unterminated quoted field (the rest of the file was not compared)
X

run sales-check --history --fix
rc_is 2 "--history with --fix: a usage error"
out_is "nothing on stdout" </dev/null
err_is "says why, and the synopsis" <<'X'
sales-check: --fix and --history do not go together (--history changes nothing)
usage: sales-check [-D DIR] [--fix [-n] | --history] [-q] [-f FORMAT]
X
snap
run sales-check --history
unchanged "--history writes nothing"

# The demo data (sales-gen: years of every command) replays.
if [ -f "$SRC/examples/demo/history.csv" ]; then
    cp -R "$SRC/examples/demo" "$T/demo"
    run sales-check --history -D "$T/demo"
    rc_is 0 "the demo data replays"
    out_is "no findings" </dev/null
fi

# A writer holds the lock: --history waits for it, and then sees all of
# its work, history rows and records alike (lead-add with many leads,
# blocked writing its ids to a pipe nobody reads yet).
awk 'BEGIN { print "name"; for (i = 1; i <= 20000; i++) print "Lead " i }' >"$T/many.csv"
mkfifo "$T/fifo"
lead-add - <"$T/many.csv" >"$T/fifo" 2>"$T/writer.err" &
writer=$!
exec 3<"$T/fifo"
read first <&3
is "$first" L7 "the writer holds the lock"
run env SALES_LOCK_TIMEOUT=1 sales-check --history
rc_is 1 "the lock not free in time: exit 1"
out_is "no findings" </dev/null
sed -e "s|$D/\.lock|DIR|" -e "s|$D|DIR|" "$T/err" >"$T/err2"
file_is "$T/err2" "one message" <<'X'
sales-check: DIR: could not get the lock within 1 s (another command is writing; try again, or raise SALES_LOCK_TIMEOUT)
X
env SALES_LOCK_TIMEOUT=60 sales-check --history >"$T/late.out" 2>&1 &
checker=$!
sleep 1
cat <&3 >/dev/null
exec 3<&-
wait "$writer"
is "$?" 0 "the writer finished"
wait "$checker"
is "$?" 0 "the check that waited: clean"
file_is "$T/late.out" "and silent" </dev/null
done_testing
