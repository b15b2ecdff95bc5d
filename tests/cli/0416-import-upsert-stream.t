#!/bin/sh
# An upsert compares each matched record with its row as the record is
# read: the data file is read forward as the records come in its order,
# a row far ahead or behind is read at its offset (the file bisected on
# the id), and in a file out of id order such a record waits for the
# pass after the input. Whichever way a row is reached, the outcome is
# the same: updated, unchanged or refused, reported in the input's order.
. "${SALES_SRC:-.}/tests/cli/lib.sh"

# 6,000 leads: L1..L6000
awk 'BEGIN { print "name,email"
    for (i = 1; i <= 6000; i++) printf "Person %d,p%d@example.com\n", i, i }' >"$T/all.csv"
run sales-import -q leads "$T/all.csv"
rc_is 0 "6,000 leads"
cp -a "$D" "$T/base"

# in the file's order, then a jump of more than 4,096 rows ahead, then
# back: every row is reached
cat >"$T/up.csv" <<'X'
id,name,email,segment
L2,Person 2,p2@example.com,b2b
L3,Person 3,p3@example.com,
L5000,Person 5000,p5000@example.com,saas
L5001,Person Five,p5001@example.com,
L10,Person 10,p10@example.com,b2c
,New Person,new@example.com,
L6000,Person 6000,p6000@example.com,enterprise
X
run sales-import -v --mode upsert leads "$T/up.csv"
rc_is 0 "in order, far ahead and behind"
out_is "every outcome, in the input's order" <<X
where,action,id,changes
$T/up.csv:2,updated,L2,segment:  -> b2b
$T/up.csv:3,unchanged,L3,
$T/up.csv:4,updated,L5000,segment:  -> saas
$T/up.csv:5,updated,L5001,name: Person 5001 -> Person Five
$T/up.csv:6,updated,L10,segment:  -> b2c
$T/up.csv:7,created,L6001,
$T/up.csv:8,updated,L6000,segment:  -> enterprise
X
run lead-list -c id,name,segment --where 'segment ~ .'
out_is "the rows changed" <<'X'
id,name,segment
L2,Person 2,b2b
L10,Person 10,b2c
L5000,Person 5000,saas
L6000,Person 6000,enterprise
X
is "$(grep -c '^L5001,.*,Person Five,' "$D/leads.csv")" "1" "the name changed"
is "$(wc -l <"$D/leads.csv")" "6002" "one record added"

# matched by email (no id given): the same, through the file's keys
rm -rf "$D" && cp -a "$T/base" "$D"
cat >"$T/byemail.csv" <<'X'
name,email,segment
Person 4,p4@example.com,b2b
Person 5900,p5900@example.com,
Person 7,p7@example.com,b2c
X
run sales-import -v --mode upsert leads "$T/byemail.csv"
rc_is 0 "matched by email"
out_is "ahead and behind, by email" <<X
where,action,id,changes
$T/byemail.csv:2,updated,L4,segment:  -> b2b
$T/byemail.csv:3,unchanged,L5900,
$T/byemail.csv:4,updated,L7,segment:  -> b2c
X

# refused against the matched row: into the rejects file with the
# record's source cells, the directory untouched
rm -rf "$D" && cp -a "$T/base" "$D"
cat >"$T/bad.csv" <<'X'
id,name,email,segment
L9,Person 9,p9@example.com,b2b
L8,Person 8,p5800@example.com,b2c
L12,Person 12,p12@example.com,
X
snap
run sales-import -v --mode upsert --match email --rejects "$T/rej.csv" leads "$T/bad.csv"
rc_is 1 "a refusal"
unchanged "nothing written"
out_is "refused where the id differs" <<X
where,action,id,changes
$T/bad.csv:2,updated,L9,segment:  -> b2b
$T/bad.csv:3,rejected,L5800,id 'L8' differs from the matched record's (L5800)
$T/bad.csv:4,unchanged,L12,
X
file_is "$T/rej.csv" "with its source cells" <<X
_where,_reason,id,name,email,segment
$T/bad.csv:3,id 'L8' differs from the matched record's (L5800),L8,Person 8,p5800@example.com,b2c
X

# a file out of id order (edited by hand: L1 and L2 moved to its end): a
# row behind that cannot be found by its offset waits for the pass after
# the input, with the same outcome
rm -rf "$D" && cp -a "$T/base" "$D"
{ sed -n 1p "$T/base/leads.csv"; sed -n '4,$p' "$T/base/leads.csv"; sed -n 2,3p "$T/base/leads.csv"; } \
    >"$D/leads.csv"
cat >"$T/back.csv" <<'X'
id,name,email,segment
L2,Person 2,p2@example.com,b2b
L1,Person 1,p1@example.com,b2c
L3,Person 3,p3@example.com,
L5,Person 5,p5@example.com,b2b
X
run sales-import -v --mode upsert leads "$T/back.csv"
rc_is 0 "a file out of id order"
out_is "the same outcomes" <<X
where,action,id,changes
$T/back.csv:2,updated,L2,segment:  -> b2b
$T/back.csv:3,updated,L1,segment:  -> b2c
$T/back.csv:4,unchanged,L3,
$T/back.csv:5,updated,L5,segment:  -> b2b
X
run sh -c 'sed -n "2p;4p;\$p" "$1" | cut -d, -f1,3,8; tail -2 "$1" | head -1 | cut -d, -f1,3,8' sh "$D/leads.csv"
out_is "the rows changed where they are" <<'X'
L3,Person 3,
L5,Person 5,b2b
L2,Person 2,b2b
L1,Person 1,b2c
X

done_testing
