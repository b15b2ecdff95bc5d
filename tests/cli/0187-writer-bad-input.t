#!/bin/sh
# Writers given bad input as a user would give it: each says what is wrong
# in one line, exits 1 (bad data, a lock not obtained) or 2 (usage), and
# leaves the data directory as it was.
#
# Before: activity-done --date nope printed "activity-done: " and nothing
# else; lead-update - read a bare id ("L9", no header) as a header with no
# records and changed nothing with exit 0; sales-import --date-format nope
# refused every row "expected a date like nope".
. "${SALES_SRC:-.}/tests/cli/lib.sh"

rep-add ann --name Ann >/dev/null
lead-add --name Jo >/dev/null
account-add --name Acme >/dev/null
deal-add --name Pump --account A1 --amount 500 >/dev/null
activity-log --type task --rep ann --deal D1 --due 2026-12-01 >/dev/null

# bad STATUS NAME CMD...: CMD fails with that status and one line, nothing written
bad() {
    _st=$1 _name=$2
    shift 2
    snap
    run "$@"
    rc_is "$_st" "$_name: exit $_st"
    err_is "$_name: says what is wrong" <"$T/want_err"
    unchanged "$_name: nothing written"
}

cat >"$T/want_err" <<'X'
activity-done: bad --date 'nope' (expected YYYY-MM-DD, an ISO 8601 timestamp, now, today, -3d)
X
bad 1 "activity-done --date nope" activity-done T1 --date nope
cat >"$T/want_err" <<'X'
activity-done: bad --date '2026-02-30' (expected YYYY-MM-DD, an ISO 8601 timestamp, now, today, -3d)
X
bad 1 "activity-done --date 2026-02-30" activity-done T1 --date 2026-02-30
cat >"$T/want_err" <<'X'
activity-done: empty --date
X
bad 1 "activity-done --date ''" activity-done T1 --date ''

printf 'L1\n' >"$T/bare"
cat >"$T/want_err" <<'X'
lead-update: <stdin>:1: no id column (- reads records with an id column, as lead-list -c id prints them)
X
bad 1 "lead-update - with a bare id" sh -c 'lead-update --status contacted - <"$1"' sh "$T/bare"
printf 'name,email\nJo,jo@x.example\n' >"$T/noid.csv"
bad 1 "lead-update - with records without an id column" \
    sh -c 'lead-update --status contacted - <"$1"' sh "$T/noid.csv"
run sh -c 'printf "id\n" | lead-update --status contacted -'
rc_is 0 "lead-update - with an id column and no records: nothing to do"
run sh -c 'printf "id\nL1\n" | lead-update --status contacted -'
rc_is 0 "lead-update - with an id column: done"
run lead-list -c id,status
out_is "lead-update -: L1 contacted" <<'X'
id,status
L1,contacted
X

printf 'name,created\nKim,27/11/2026\n' >"$T/dates.csv"
cat >"$T/want_err" <<'X'
sales-import: bad --date-format 'nope' (expected a format like %d/%m/%Y)
X
bad 1 "sales-import --date-format nope" sales-import --date-format nope leads "$T/dates.csv"
printf '[import]\ndate-format = dd/mm/yyyy\n' >"$T/rules.txt"
cat >"$T/want_err" <<'X'
sales-import: bad --date-format 'dd/mm/yyyy' (expected a format like %d/%m/%Y)
X
bad 1 "sales-import, a rules file's date-format" sales-import --rules "$T/rules.txt" leads "$T/dates.csv"
run sales-import -q --date-format %d/%m/%Y leads "$T/dates.csv"
rc_is 0 "sales-import --date-format %d/%m/%Y"

cat >"$T/want_err" <<'X'
lead-add: bad --set 'noeq' (expected FIELD=VALUE)
X
bad 1 "lead-add --set without =" lead-add --name x --set noeq
cat >"$T/want_err" <<'X'
lead-add: leads.csv has no column 'zip'
X
bad 1 "lead-add --set of a column the file lacks" lead-add --name x --set zip=1
cat >"$T/want_err" <<'X'
deal-add: bad close '2026-02-30' (expected YYYY-MM-DD, today, yesterday, +14d, -3m)
X
bad 1 "deal-add --close 2026-02-30" deal-add --name x --close 2026-02-30
cat >"$T/want_err" <<'X'
deal-close: unknown deal 'D9' (not in deals.csv)
X
bad 1 "deal-close of an unknown deal" deal-close D9 won

# a locked directory: every writer waits SALES_LOCK_TIMEOUT, then exit 1
export SALES_LOCK_TIMEOUT=1
(exec 9<"$D" && flock 9 && exec sleep 30) &
holder=$! # (the sleep itself, holding the lock)
sleep 0.3
for cmd in "lead-add --name x" "lead-update L1 --status new" "deal-move D1 proposal" \
    "quota-set ann 2026-Q4 5" "activity-done T1" "sales-import leads $T/dates.csv" \
    "lead-add -n --name x"; do
    cat >"$T/want_err" <<X
${cmd%% *}: $D: could not get the lock within 1 s (another command is writing; try again, or raise SALES_LOCK_TIMEOUT)
X
    bad 1 "$cmd, the directory locked" $cmd
done
kill "$holder"
wait "$holder" 2>/dev/null
done_testing
