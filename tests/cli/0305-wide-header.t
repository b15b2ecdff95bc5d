#!/bin/sh
# A file with 100,000 columns of the user's own is read, rewritten and
# imported into in time linear in its width (names are looked up in a hash
# map: it took minutes when each was compared with every other). The
# timeouts are far above what it takes (under a second; a few under a
# sanitizer), and far below what it took.
. "${SALES_SRC:-.}/tests/cli/lib.sh"

lead-add --name Ann >/dev/null
N=100000
awk -v n=$N 'NR == 1 { printf "%s", $0; for (i = 0; i < n; i++) printf ",c%d", i; print ""; next }
    { printf "%s", $0; for (i = 0; i < n; i++) printf ","; print "" }' "$D/leads.csv" >"$T/l" &&
    cat "$T/l" >"$D/leads.csv"
awk -v n=$N 'BEGIN { printf "id,name"; for (i = 0; i < n; i++) printf ",c%d", i; print ""
    printf "L1,Ann Lee"; for (i = 0; i < n; i++) printf ",v%d", i; print "" }' >"$T/upd.csv"
awk -v n=$N 'BEGIN { printf "[{\"name\": \"Bo\""; for (i = n - 1; i >= 0; i--) printf ", \"c%d\": \"j%d\"", i, i; print "}]" }' >"$T/new.json"

run timeout 30 lead-list -c id,name,c0,c99999
rc_is 0 "lead-list"
out_is "finds the last of 100,000 columns" <<'X'
id,name,c0,c99999
L1,Ann,,
X
run timeout 60 sales-import --mode upsert leads "$T/upd.csv"
rc_is 0 "sales-import --mode upsert of 100,000 columns"
err_is "every column matched" <<'X'
sales-import: leads: 0 created, 1 updated, 0 unchanged, 0 refused
X
run timeout 60 sales-import --dry-run leads "$T/new.json"
rc_is 0 "sales-import of a JSON record with 100,000 keys"
err_is "every key matched" <<'X'
sales-import: leads: 1 created, 0 updated, 0 unchanged, 0 refused (dry run: nothing written)
X
# the append reads the header of the file, 690 KB of it, whole
cp "$D/leads.csv" "$T/leads.before"
run timeout 60 sales-import leads "$T/new.json"
err_is "the JSON record appended to the wide file" <<'X'
sales-import: leads: 1 created, 0 updated, 0 unchanged, 0 refused
X
run timeout 30 lead-list -c id,name,c0,c99999
out_is "its keys in their columns" <<'X'
id,name,c0,c99999
L1,Ann Lee,v0,v99999
L2,Bo,j0,j99999
X
cat "$T/leads.before" >"$D/leads.csv"
rm -f "$D/.ids"
run timeout 30 lead-update L1 --status contacted
rc_is 0 "lead-update rewrites the wide file"
run timeout 30 lead-list -c id,name,status,c0,c50000,c99999
out_is "every column kept in place" <<'X'
id,name,status,c0,c50000,c99999
L1,Ann Lee,contacted,v0,v50000,v99999
X

# a duplicate name is still found, at the end as at the start; columns
# without a name may repeat
sed -i '1s/$/,c5/' "$D/leads.csv"
snap
run timeout 30 lead-list
rc_is 1 "a duplicate column among 100,001"
err_is "is refused" <<X
lead-list: $D/leads.csv:1: duplicate column 'c5'
X
unchanged "nothing written"
printf 'id,created,name,,status,\nL1,2026-11-27T09:30:00Z,Ann,x,new,y\n' >"$D/leads.csv"
run lead-list -c id,name,status
rc_is 0 "two columns without a name"
out_is "are read" <<'X'
id,name,status
L1,Ann,new
X
# a column a rewrite adds is found by the rest of the rewrite
printf 'id,zone\nL1,north\n' >"$T/zone.csv"
run sales-import --mode update --map zone=zone leads "$T/zone.csv"
rc_is 0 "an import that adds a column"
file_is "$D/leads.csv" "its value is written" <<'X'
id,created,name,,status,,zone
L1,2026-11-27T09:30:00Z,Ann,x,new,y,north
X
done_testing
