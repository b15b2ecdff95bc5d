#!/bin/sh
# The ids an import brings are kept only in the form the tools give (one
# letter, the entity's prefix, and a positive number of at most 15 digits
# without leading zeros): others are refused with FILE:LINE, like any bad
# value, and go to the rejects file.
. "${SALES_SRC:-.}/tests/cli/lib.sh"

cat >"$T/ids.csv" <<'X'
id,name
../etc,a
=cmd,b
L-5,c
l7,d
L007,e
D9,f
L0,g
L 8,h
L1000000000000000,i
L12,j
L999999999999999,k
X
snap
run sales-import --rejects "$T/rejects.csv" leads "$T/ids.csv"
rc_is 1 "ids of another form fail the import"
err_is "each with its line" <<X
sales-import: $T/ids.csv:2: bad id '../etc' (expected L and a number without leading zeros, such as L12)
sales-import: $T/ids.csv:3: bad id '=cmd' (expected L and a number without leading zeros, such as L12)
sales-import: $T/ids.csv:4: bad id 'L-5' (expected L and a number without leading zeros, such as L12)
sales-import: $T/ids.csv:5: bad id 'l7' (expected L and a number without leading zeros, such as L12)
sales-import: $T/ids.csv:6: bad id 'L007' (expected L and a number without leading zeros, such as L12)
sales-import: $T/ids.csv:7: bad id 'D9' (expected L and a number without leading zeros, such as L12)
sales-import: $T/ids.csv:8: bad id 'L0' (expected L and a number without leading zeros, such as L12)
sales-import: $T/ids.csv:9: bad id 'L 8' (ids have no spaces, commas or quotes)
sales-import: $T/ids.csv:10: bad id 'L1000000000000000' (expected L and a number without leading zeros, such as L12)
sales-import: nothing imported: 9 rows refused (--partial imports the others)
X
unchanged "nothing written"
file_is "$T/rejects.csv" "the rejects file" <<X
_where,_reason,id,name
$T/ids.csv:2,"bad id '../etc' (expected L and a number without leading zeros, such as L12)",../etc,a
$T/ids.csv:3,"bad id '=cmd' (expected L and a number without leading zeros, such as L12)",=cmd,b
$T/ids.csv:4,"bad id 'L-5' (expected L and a number without leading zeros, such as L12)",L-5,c
$T/ids.csv:5,"bad id 'l7' (expected L and a number without leading zeros, such as L12)",l7,d
$T/ids.csv:6,"bad id 'L007' (expected L and a number without leading zeros, such as L12)",L007,e
$T/ids.csv:7,"bad id 'D9' (expected L and a number without leading zeros, such as L12)",D9,f
$T/ids.csv:8,"bad id 'L0' (expected L and a number without leading zeros, such as L12)",L0,g
$T/ids.csv:9,"bad id 'L 8' (ids have no spaces, commas or quotes)",L 8,h
$T/ids.csv:10,"bad id 'L1000000000000000' (expected L and a number without leading zeros, such as L12)",L1000000000000000,i
X

run sales-import -q --partial leads "$T/ids.csv"
rc_is 0 "--partial"
run lead-list -c id,name
out_is "keeps the records whose ids are well formed" <<'X'
id,name
L12,j
L999999999999999,k
X

# every entity with ids has its own letter; JSON input is held to it too
printf '[{"id": "L5", "name": "Lead in deals", "amount": "1"}, {"id": "D5", "name": "Deal"}]\n' >"$T/d.json"
snap
run sales-import deals "$T/d.json"
rc_is 1 "a lead's id among deals"
err_is "is refused" <<X
sales-import: $T/d.json: record 1: bad id 'L5' (expected D and a number without leading zeros, such as D12)
sales-import: nothing imported: 1 row refused (--partial imports the others)
X
unchanged "nothing written (deals)"

# a row matched to a record on file keeps that record's id, whatever its
# form (sales-check reports it): only new records are held to the rule
sed -i 's/^L12,/l12,/' "$D/leads.csv"
printf 'id,name\nl12,J again\n' >"$T/upd.csv"
run sales-import --mode update leads "$T/upd.csv"
rc_is 0 "an update of a record whose id on file is odd"
run lead-list -c id,name
out_is "is matched and updated" <<'X'
id,name
l12,J again
L999999999999999,k
X
printf 'id,name\nl13,new\n' >"$T/new.csv"
snap
run sales-import --mode upsert leads "$T/new.csv"
rc_is 1 "an odd id that matches nothing would be a new record"
err_is "and is refused" <<X
sales-import: $T/new.csv:2: bad id 'l13' (expected L and a number without leading zeros, such as L12)
sales-import: nothing imported: 1 row refused (--partial imports the others)
X
unchanged "nothing written (upsert)"
done_testing
