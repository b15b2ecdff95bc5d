#!/bin/sh
# lead-assign: round-robin fair across runs, territory, load, --dry-run, history, bad input.
. "${SALES_SRC:-.}/tests/cli/lib.sh"

rep-add alice --team east --territory "US, CA" >/dev/null
rep-add bob --team west --territory "DE;AT" >/dev/null
rep-add carol --team east --territory us >/dev/null
rep-add old --team west --active no >/dev/null
add() { # N: add N leads
    i=0
    while [ "$i" -lt "$1" ]; do
        lead-add --name "Lead $i" >/dev/null
        i=$((i + 1))
    done
}
add 2
lead-add --name "Taken" --owner bob >/dev/null
lead-add --name "Lost" --status disqualified >/dev/null

run lead-assign --dry-run
rc_is 0 "--dry-run"
out_is "the decisions" <<'X'
lead,name,rep,reason
L1,Lead 0,alice,round-robin
L2,Lead 1,bob,round-robin
X
is "$(ls -A "$D" | grep -c lead-assign)" "0" "--dry-run keeps no state"
snap
run lead-assign -n
unchanged "--dry-run writes nothing"

# fairness across runs: 2 leads, then 2, then 3 go on around the circle
run lead-assign
out_is "run 1" <<'X'
lead,name,rep,reason
L1,Lead 0,alice,round-robin
L2,Lead 1,bob,round-robin
X
file_is "$D/.lead-assign" "the state: the last rep given a lead" <<'X'
# lead-assign --by round-robin: the rep who got the last lead
last bob
X
add 2
run lead-assign
out_is "run 2 starts after bob" <<'X'
lead,name,rep,reason
L5,Lead 0,carol,round-robin
L6,Lead 1,alice,round-robin
X
add 3
run lead-assign -f tsv
out_is "run 3 goes on" <<'X'
lead	name	rep	reason
L7	Lead 0	bob	round-robin
L8	Lead 1	carol	round-robin
L9	Lead 2	alice	round-robin
X
run sh -c "lead-list -c owner --where 'name ~ ^Lead' | sort | uniq -c | sed 's/^ *//'"
out_is "seven leads over three runs: no rep two ahead of another" <<'X'
3 alice
2 bob
2 carol
1 owner
X
run lead-assign
out_is "nothing left to assign" <<'X'
lead,name,rep,reason
X
add 1
run lead-assign --reps carol,bob
out_is "--reps: the circle of those reps, after alice" <<'X'
lead,name,rep,reason
L10,Lead 0,bob,round-robin
X
run sh -c "grep ',lead-assign,' '$D/history.csv' | tail -2"
out_is "history rows" <<'X'
2026-11-27T09:30:00Z,tester,lead-assign,leads,L9,owner,,alice
2026-11-27T09:30:00Z,tester,lead-assign,leads,L10,owner,,bob
X

# load: fewest open leads (alice 3, bob 4 with Taken, carol 2)
add 3
run lead-assign --by load
out_is "--by load" <<'X'
lead,name,rep,reason
L11,Lead 0,carol,load 2
L12,Lead 1,alice,load 3
L13,Lead 2,carol,load 3
X
lead-update L13 --status disqualified >/dev/null
add 1
run lead-assign --by load --team west
out_is "--team" <<'X'
lead,name,rep,reason
L14,Lead 0,bob,load 4
X

# territory: a column of the user's own
cat >"$T/in.csv" <<'X'
name,country
Hans,DE
Mary,us
Pierre,FR
Nobody,
X
printf 'id,created,name,company,email,phone,source,segment,owner,status,score,updated,notes,country\n' >"$T/leads.csv"
tail -n +2 "$D/leads.csv" | sed 's/$/,/' >>"$T/leads.csv"
cp "$T/leads.csv" "$D/leads.csv"
lead-add - <"$T/in.csv" >/dev/null
run lead-assign --by territory
out_is "--by territory: the country column; ties to the less loaded rep" <<'X'
lead,name,rep,reason
L15,Hans,bob,country DE
L16,Mary,carol,country us
L17,Pierre,,no rep for country 'FR'
L18,Nobody,,no country
X
run lead-list -c id,owner --where 'id ~ ^L1[5-8]$'
out_is "unmatched leads stay unowned" <<'X'
id,owner
L15,bob
L16,carol
L17,
L18,
X
run lead-assign --by territory --field name --segment b2b
out_is "--field, and filters pick leads" <<'X'
lead,name,rep,reason
X

snap
run lead-assign --by luck
rc_is 1 "a bad --by"
run lead-assign --field country
rc_is 2 "--field without --by territory"
run lead-assign --owner alice
rc_is 2 "--owner does not apply"
run lead-assign --reps alice,zed
rc_is 1 "an unknown rep"
err_is "names it" <<'X'
lead-assign: unknown rep 'zed' (not in reps.csv)
X
run lead-assign --reps old
rc_is 1 "an inactive rep"
run lead-assign --team north
rc_is 1 "an unknown team"
run lead-assign --by territory --field region
rc_is 1 "a missing --field column"
unchanged "failures change nothing"
done_testing
