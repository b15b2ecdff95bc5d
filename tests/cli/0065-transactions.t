#!/bin/bash
# The promise "a failed command changes nothing" under the faults issue 11
# found: a history.csv that cannot be written, a file size limit, a kill
# in the middle of a bulk append, side files that are links, litter of a
# crashed command, a deleted data file, a rejects file that cannot be
# written, bad environment values. (tests/cli/0060-fault-sweep.t sweeps
# every point of every writer; this file shows the cases by name.)
. "${SALES_SRC:-.}/tests/cli/lib.sh"

rep-add alice --name Alice --team east >/dev/null
rep-add bob --name Bob --team east >/dev/null
lead-add --name 'Ann Lee' --company Acme --email ann@acme.com --owner alice >/dev/null
lead-add --name 'Bo Ek' --company Beta --email bo@beta.se >/dev/null
lead-add --name 'Ann Lee' --company 'Acme Inc' --email ann@acme.com >/dev/null
account-add --name Gamma --domain gamma.io >/dev/null
deal-add --name 'Gamma deal' --account A1 --owner bob --amount 5000 >/dev/null
activity-log --type task --rep alice --deal D1 --subject offer --due 2026-12-01 >/dev/null
quota-set alice 2026-Q4 20000 >/dev/null
printf 'id,name,company\nL1,Ann Lee,Acme Corp\n' >"$T/upsert.csv"
export UPSERT="$T/upsert.csv"

# history.csv that cannot take another byte: grown past a file size limit
# that every other file is under (as on a full disk, only for history.csv).
# Each of these used to exit 1 with its change in place and no audit row.
long=$(printf '%12000s' x | tr ' ' y)
lead-update L2 --notes "$long" >/dev/null && lead-update L2 --notes '' >/dev/null
size=$(stat -c %s "$D/history.csv")
ok $([ "$size" -gt 24000 ]; echo $?) "history.csv is over 24 KB, the others are small ($size)"
while read -r name cmd; do
    snap
    run bash -c "ulimit -f 20 && $cmd"
    rc_is 1 "$name, history.csv over the limit: exit 1"
    grep -q 'history.csv: write error: File too large' "$T/err"
    ok $? "$name: says why"
    unchanged "$name: every file as it was"
done <<'X'
lead-update lead-update L1 --status qualified
deal-move deal-move D1 proposal
deal-close deal-close D1 won
deal-update deal-update D1 --amount 6000
activity-done activity-done T1
activity-log-deal activity-log --type call --rep bob --deal D1
quota-set-replacing quota-set alice 2026-Q4 30000
lead-dedupe-merge lead-dedupe --merge L1 L3
import-upsert sales-import -q --mode upsert leads "$UPSERT"
lead-convert lead-convert L2
lead-add lead-add --name New
X
run lead-convert L2
rc_is 0 "lead-convert afterwards: the lead was not left converted"
# (the ids the failed attempt was given are not given again: A2, C1, D2)
out_is "with its new account, contact and deal" <<'X'
A3
C2
D3
X

# a file size limit on a bulk append: a write error, not SIGXFSZ (153)
awk 'BEGIN { print "name,company"; for (i = 0; i < 3000; i++) printf "P%d,Co %d\n", i, i }' \
    >"$T/many.csv"
snap
run bash -c "ulimit -f 40 && lead-add - <'$T/many.csv'"
rc_is 1 "ulimit -f: exit 1, not killed by SIGXFSZ"
grep -q 'leads.csv: write error: File too large' "$T/err"
ok $? "... with the reason"
unchanged "... and no torn row"

# killed half-way through a bulk append: the next reader undoes it first
SALES_FAULT_LOG="$T/points" sales-import -q -n leads "$T/many.csv" >/dev/null 2>&1
cp -a "$D" "$T/probe"
SALES_DATA="$T/probe" SALES_FAULT_LOG="$T/points" sales-import -q leads "$T/many.csv" \
    >/dev/null 2>&1
n=$(grep -n ' write$' "$T/points" | sed -n 2p | cut -d: -f1) # the data, after the journal
snap
{ run env SALES_FAULT="$n:kill" sales-import -q leads "$T/many.csv"; } 2>/dev/null
rc_is 137 "sales-import killed at its data write (point $n)"
ok $([ -e "$D/.journal" ]; echo $?) "it left its journal"
run lead-list -f csv
rc_is 0 "the next reader goes on"
is "$(wc -l <"$T/out")" "4" "and sees the three leads of before, not half an import"
ok $([ ! -e "$D/.journal" ]; echo $?) "the journal is gone"
unchanged "every file as it was"

# side files are never opened through a link
echo precious >"$T/victim"
ln -s "$T/victim" "$D/.ids.tmp"
run lead-add --name Sym
rc_is 0 "a link named .ids.tmp is not followed"
rm "$D/.ids.tmp"
ln -s "$T/victim" "$D/.journal"
snap
run lead-add --name Sym2
rc_is 1 "a journal that is a link stops a writer"
err_is "... with a message" <<X
lead-add: $D/.journal: a symbolic link where the journal should be: remove it (the change of an interrupted command could not be undone; no command can go on until it is)
X
run lead-list
rc_is 1 "and a reader"
rm "$D/.journal"
mv "$D/deals.csv" "$T/deals.csv"
ln -s "$T/deals.csv" "$D/deals.csv"
cp "$T/deals.csv" "$T/deals.before"
run deal-add --name Linked
rc_is 1 "a data file that is a link is refused"
err_is "... with a message" <<X
deal-add: $D/deals.csv: a symbolic link: data files must be regular files in the data directory (replace the link by the file)
X
cmp -s "$T/deals.csv" "$T/deals.before"
ok $? "... and what it points to is untouched"
is "$(cat "$T/victim")" "precious" "the victim file is untouched"
rm "$D/deals.csv"
mv "$T/deals.csv" "$D/deals.csv"

# the lock is the directory: a script can hold it, and no file to delete
flock "$D" sleep 3 &
sleep 0.5
rm -f "$D/.lock"
snap
run env SALES_LOCK_TIMEOUT=1 lead-add --name Locked
rc_is 1 "a writer waits for the lock held on the directory"
err_is "... then says so" <<X
lead-add: $D: could not get the lock within 1 s (another command is writing; try again, or raise SALES_LOCK_TIMEOUT)
X
unchanged "... having written nothing"
wait

# litter of a crashed command: cleared by the next writer, not by a reader
touch "$D/.leads.csv.AbC123" "$D/.ids.Xy9876" "$D/.deals.csv.QQQQQQ"
run lead-list
is "$(ls -A "$D" | grep -c '^\..*\.......$')" "3" "a reader leaves temporary files alone"
run lead-add --name Sweep
is "$(ls -A "$D" | grep -c '^\..*\.......$')" "0" "the next writer clears them"

# a data file deleted by hand
rm "$D/contacts.csv"
snap
run contact-add --name Lost
rc_is 1 "a deleted data file"
err_is "... says how to get it back" <<X
contact-add: $D/contacts.csv: no such file (deleted? sales-init on the directory makes the missing files again, with their headers)
X
unchanged "... and changes nothing"
sales-init "$D" >/dev/null
run contact-add --name Found
out_is "sales-init brings it back; its ids are not given again" <<'X'
C3
X

# a rejects file that cannot be written: nothing imported
printf 'name,status\nGood,new\nBad,bogus\n' >"$T/mixed.csv"
snap
run sales-import --partial --rejects /nonexistent/x leads "$T/mixed.csv"
rc_is 1 "--rejects into a missing directory"
grep -q '^sales-import: /nonexistent/x: cannot write' "$T/err"
ok $? "... says so"
unchanged "... before the good rows are imported"

# the environment
snap
run env SALES_LOCK_TIMEOUT=abc lead-add --name T
rc_is 1 "SALES_LOCK_TIMEOUT=abc"
err_is "... refused" <<'X'
lead-add: SALES_LOCK_TIMEOUT='abc': expected a whole number of seconds, 0 to 86400
X
run env SALES_LOCK_TIMEOUT=-1 lead-add --name T
rc_is 1 "a negative timeout"
run env SALES_LOCK_TIMEOUT=99999999999999999999 lead-add --name T
rc_is 1 "an overflowing timeout"
run env SALES_USER="$(printf 'eve\nx')" lead-add --name T
rc_is 1 "a SALES_USER with a newline"
err_is "... refused" <<'X'
lead-add: SALES_USER holds a control character (a newline?): set it to a plain name
X
unchanged "none of them wrote"

done_testing
