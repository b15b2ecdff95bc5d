#!/bin/sh
# A big input into a data file small beside it goes into a new version of
# the file as it is read (the file is copied first, then renamed over the
# old one), not appended at the end. Whatever the path, the file ends the
# same: header, old rows, new rows; mode kept; nothing left behind.
. "${SALES_SRC:-.}/tests/cli/lib.sh"

inode() { stat -c %i "$D/$1"; }
temps() { ls -A "$D" | grep -c '^\.[a-z]*\.csv\.' ; }

# 1.3 MB of leads: more than the 1 MB that makes an input big
awk 'BEGIN { print "name,email,company"
    for (i = 1; i <= 20000; i++) printf "Person %d,p%d@example.com,Company number %d Ltd\n", i, i, i }' \
    >"$T/big.csv"
head -3 "$T/big.csv" >"$T/small.csv"

lead-add --name "First Lead" --email first@example.com >/dev/null
chmod 640 "$D/leads.csv"
before=$(inode leads.csv)
run sales-import -q leads "$T/big.csv"
rc_is 0 "a big import into a small file"
ok "$([ "$(inode leads.csv)" != "$before" ]; echo $?)" "goes in as a new version of the file"
is "$(stat -c %a "$D/leads.csv")" "640" "with the old file's mode"
is "$(temps)" "0" "and no temporary file left"
is "$(wc -l <"$D/leads.csv")" "20002" "the header, the old lead, 20,000 new"
run sh -c 'sed -n "2p;3p;20002p" "$1" | cut -d, -f1,3,5' sh "$D/leads.csv"
out_is "old rows first, then the new ones in order" <<'X'
L1,First Lead,first@example.com
L2,Person 1,p1@example.com
L20001,Person 20000,p20000@example.com
X
is "$(sales-history --where 'command = sales-import' | grep -c ',created$')" "20000" \
    "a history row each"
run lead-add --name "Next" --email next@example.com
is "$(cut -d, -f1 "$T/out")" "L20002" "the next id follows on"

# a small input into the now big file: appended, the file stays
before=$(inode leads.csv)
run sales-import -q leads "$T/small.csv"
rc_is 1 "(those two are there already)"
printf 'name,email\nOne More,more@example.com\n' >"$T/one.csv"
run sales-import -q leads "$T/one.csv"
rc_is 0 "a small import"
is "$(inode leads.csv)" "$before" "is appended to the file as it is"
is "$(tail -1 "$D/leads.csv" | cut -d, -f1,3)" "L20003,One More" "at its end"

# a file saved without a final newline
A="$T/a"
sales-init "$A" >/dev/null
lead-add -D "$A" --name "Unended" --email u@example.com >/dev/null
printf '%s' "$(cat "$A/leads.csv")" >"$A/leads.csv"
run sales-import -q -D "$A" leads "$T/big.csv"
rc_is 0 "into a file whose last line has no newline"
run sh -c 'sed -n "2p;3p" "$1" | cut -d, -f1,3,5' sh "$A/leads.csv"
out_is "that line is ended first" <<'X'
L1,Unended,u@example.com
L2,Person 1,p1@example.com
X

# refused at the very end: nothing changes, the new version is gone
C="$T/c"
sales-init "$C" >/dev/null
cp "$T/big.csv" "$T/bad.csv"
echo "Bad Email,not-an-email,X" >>"$T/bad.csv"
D="$C" snap
run sales-import -q -D "$C" leads "$T/bad.csv"
rc_is 1 "a refusal on the last line of a big input"
D="$C" unchanged "leaves the directory as it was, no temporary file"

# an upsert that updates rows and adds many: a rewrite takes the new
# lines from the new version begun for them
E="$T/e"
sales-init "$E" >/dev/null
lead-add -D "$E" --name "Old Name" --email p5@example.com --company "Old Co" >/dev/null
run sales-import -q -D "$E" --mode upsert leads "$T/big.csv"
rc_is 0 "upsert: one row matched and changed, the rest new"
is "$(wc -l <"$E/leads.csv")" "20001" "every lead once"
run sh -c 'grep -c "p5@example.com" "$1"; sed -n 2p "$1" | cut -d, -f1,3-5' sh "$E/leads.csv"
out_is "the matched row updated in place" <<'X'
1
L1,Person 5,Company number 5 Ltd,p5@example.com
X
is "$(ls -A "$E" | grep -c '^\.[a-z]*\.csv\.')" "0" "no temporary file left"

# a dry run stages nothing
F="$T/f"
sales-init "$F" >/dev/null
D="$F" snap
run sales-import -n -q -D "$F" leads "$T/big.csv"
rc_is 0 "a dry run of a big import"
D="$F" unchanged "writes nothing"

# The files a deals import refers to are read at once, each on a thread of
# its own: every reference is checked all the same, and a file that cannot
# be read says so.
G="$T/g"
sales-init "$G" >/dev/null
rep-add -D "$G" bob --name Bob >/dev/null
account-add -D "$G" --name "Acme" >/dev/null
contact-add -D "$G" --name "Carol" --account A1 >/dev/null
lead-add -D "$G" --name "Lee" >/dev/null
printf 'name,amount,owner,currency,account,contact,lead\nOne,100,bob,EUR,A1,C1,L1\nTwo,200,bob,EUR,A2,C1,L1\nThree,300,bob,EUR,A1,C9,L7\n' >"$T/refs.csv"
run sales-import -n --partial -D "$G" deals "$T/refs.csv"
rc_is 0 "references to three files"
out_is "each checked against its file" <<X
where,action,id,changes
$T/refs.csv:2,created,D1,
$T/refs.csv:3,rejected,,"unknown account 'A2' (not an id, name or domain in accounts.csv)"
$T/refs.csv:4,rejected,,"unknown contact 'C9' (not an id, name or email in contacts.csv)"
X
rm "$G/contacts.csv"
mkdir "$G/contacts.csv"
D="$G" snap
run sales-import -D "$G" deals "$T/refs.csv"
rc_is 1 "one of them cannot be read"
err_is "which one, and why" <<X
sales-import: $G/contacts.csv: not a regular file
X
D="$G" unchanged "nothing written"

# Matched by id, the data file's ids are read by number: an id on two rows
# (edited by hand) cannot be updated, and an id of another form, or one
# too big to be kept by number, is matched all the same.
H="$T/h"
sales-init "$H" >/dev/null
lead-add -D "$H" --name "One" --email one@example.com >/dev/null
lead-add -D "$H" --name "Two" --email two@example.com >/dev/null
tail -1 "$H/leads.csv" >>"$H/leads.csv"
sed 's/^L1,/Lx-7,/' "$H/leads.csv" >"$T/l.csv" && cat "$T/l.csv" >"$H/leads.csv"
tail -1 "$H/leads.csv" | sed 's/^L2,/L20000000,/' >>"$H/leads.csv"
printf 'id,name\nL2,Two Again\nLx-7,One Again\nL9,Nine\nL20000000,Big\n' >"$T/byid.csv"
D="$H" snap
run sales-import --mode update --match id --partial -D "$H" leads "$T/byid.csv"
rc_is 0 "update by id"
err_is "the id on two rows refused, the others matched, the unknown one refused" <<X
sales-import: $T/byid.csv:2: matches more than one of leads (L2 and L2)
sales-import: $T/byid.csv:4: no record in leads.csv with this id
sales-import: leads: 0 created, 2 updated, 0 unchanged, 2 refused
X
run sh -c 'cut -d, -f1,3 "$1"' sh "$H/leads.csv"
out_is "only the odd one and the huge one changed" <<'X'
id,name
Lx-7,One Again
L2,Two
L2,Two
L20000000,Big
X

done_testing
