#!/bin/bash
# activity-log's touch rule on files big enough to be bisected: the
# record's updated overwritten in place (same inode, every other byte as
# it was), the rewrite where that cannot be done (a file out of id order,
# an updated of another width), unknown references still refused, and a
# journal's patch line undone by the next command.
. "${SALES_SRC:-.}/tests/cli/lib.sh"

rep-add alice --name "Alice A" >/dev/null
# 3000 deals and 3000 leads (about 300 KB each: more than the 64 KiB the
# bisection reads whole); lead L1500 has a quoted note whose second line
# looks like the record of L2000
awk 'BEGIN { OFS = ","
    for (i = 1; i <= 3000; i++)
        print "D" i, "2026-01-01T00:00:00Z", "Deal number " i, "", "", "", "alice", "prospecting",
            i * 10, "", "", "", "", "", "", "", "", "", "2026-02-01T00:00:00Z" }' >>"$D/deals.csv"
awk 'BEGIN { OFS = ","
    for (i = 1; i <= 3000; i++) {
        note = i == 1500 ? "\"first line\nL2000,2026-01-01T00:00:00Z,x,x,,,,,alice,new,,2026-02-01T00:00:00Z,\"" : ""
        print "L" i, "2026-01-01T00:00:00Z", "Lead " i, "Co " i, "", "", "", "", "alice", "new", "",
            "2026-02-01T00:00:00Z", note
    } }' >>"$D/leads.csv"
cp "$D/deals.csv" "$T/deals.before"
cp "$D/leads.csv" "$T/leads.before"
ino() { stat -c %i "$1"; }
deals_ino=$(ino "$D/deals.csv")
leads_ino=$(ino "$D/leads.csv")

export SALES_NOW=2026-11-28T10:00:00Z
run activity-log --type call --rep alice --deal D1777 --lead L2000 --subject hi
rc_is 0 "log a call on a deal and a lead of big files"
out_is "its id" <<'X'
T1
X
is "$(ino "$D/deals.csv") $(ino "$D/leads.csv")" "$deals_ino $leads_ino" \
    "deals.csv and leads.csv are not rewritten (same inodes)"
sed 's/^\(D1777,.*\),2026-02-01T00:00:00Z$/\1,2026-11-28T10:00:00Z/' "$T/deals.before" >"$T/want"
ok "$(cmp -s "$T/want" "$D/deals.csv"; echo $?)" "deals.csv: D1777's updated is now, every other byte as it was"
sed 's/^\(L2000,2026-01-01T00:00:00Z,Lead .*\),2026-02-01T00:00:00Z,$/\1,2026-11-28T10:00:00Z,/' "$T/leads.before" >"$T/want"
ok "$(cmp -s "$T/want" "$D/leads.csv"; echo $?)" \
    "leads.csv: L2000's record changed, not the look-alike line in L1500's note"
run deal-list -c id,updated --where 'id = D1777'
out_is "deal-list sees it" <<'X'
id,updated
D1777,2026-11-28T10:00:00Z
X
ok "$([ ! -e "$D/.journal" ]; echo $?)" "no journal left"

printf 'deal,subject\nD1,again\nD3000,again\n' >"$T/in.csv"
run activity-log --type call --rep alice - <"$T/in.csv"
rc_is 0 "two activities from standard input: the first and the last deal"
run deal-list -c id,updated --where 'updated >= 2026-11-01'
out_is "first and last record found" <<'X'
id,updated
D1,2026-11-28T10:00:00Z
D1777,2026-11-28T10:00:00Z
D3000,2026-11-28T10:00:00Z
X

# the id cache had no record of deals.csv (the file was written by hand):
# the touch must not make one, or history.csv's ids would be passed over
rm -f "$D/.ids"
SALES_NOW=2026-11-29T10:00:00Z activity-log --type call --rep alice --deal D2 --subject hi >/dev/null
is "$(grep -c '^deals ' "$D/.ids")" "0" "a touch leaves the id cache without a record of deals.csv"

snap
run activity-log --type call --rep alice --deal D3001 --subject nope
rc_is 1 "an unknown deal past the last is refused"
err_is "its message" <<'X'
activity-log: unknown deal 'D3001' (not in deals.csv)
X
run activity-log --type call --rep alice --deal D17770 --subject nope
rc_is 1 "an unknown deal inside the range of ids"
unchanged "nothing written"

# a patch line in the journal of a command that died: the next command
# (a reader) writes the old bytes back
off=$(grep -b '^D5,' "$D/deals.csv" | cut -d: -f1)
off=$((off + $(grep '^D5,' "$D/deals.csv" | sed 's/,2026-02-01T00:00:00Z$//' | wc -c)))
hex=$(printf '2026-02-01T00:00:00Z' | od -An -tx1 | tr -d ' \n')
printf 'salesutils-journal 1\npatch deals.csv %s %s %s %s\n' "$off" \
    "$(stat -c %d "$D/deals.csv")" "$deals_ino" "$hex" >"$D/.journal"
printf '2027-03-03T03:03:03Z' | dd of="$D/deals.csv" bs=1 seek="$off" conv=notrunc 2>/dev/null
run deal-list -c id,updated --where 'id = D5'
out_is "a patch line is undone by the next command" <<'X'
id,updated
D5,2026-02-01T00:00:00Z
X
ok "$([ ! -e "$D/.journal" ]; echo $?)" "and the journal is gone"

# out of id order: found by reading the file, which is rewritten
cp "$T/deals.before" "$D/deals.csv"
{ head -1 "$T/deals.before"; tail -n +2 "$T/deals.before" | sort -t, -k1.2,1nr; } >"$D/deals.csv"
deals_ino=$(ino "$D/deals.csv")
run activity-log --type call --rep alice --deal D42 --subject hi
rc_is 0 "a deals.csv out of id order"
ok "$([ "$(ino "$D/deals.csv")" != "$deals_ino" ]; echo $?)" "is rewritten"
run deal-list -c id,updated --where 'updated >= 2026-11-01'
out_is "D42 touched" <<'X'
id,updated
D42,2026-11-28T10:00:00Z
X

# an updated of another width: rewritten too
cp "$T/deals.before" "$D/deals.csv"
sed -i 's/^\(D7,.*\),2026-02-01T00:00:00Z$/\1,2026-02-01/' "$D/deals.csv"
deals_ino=$(ino "$D/deals.csv")
run activity-log --type call --rep alice --deal D7 --subject hi
rc_is 0 "a deal whose updated is a date"
ok "$([ "$(ino "$D/deals.csv")" != "$deals_ino" ]; echo $?)" "is rewritten"
run deal-list -c id,updated --where 'id = D7'
out_is "D7 touched" <<'X'
id,updated
D7,2026-11-28T10:00:00Z
X

done_testing
