#!/bin/sh
# sales-import: mapping, modes, matching, dry run, partial imports, rejects, history, undo.
. "${SALES_SRC:-.}/tests/cli/lib.sh"

rep-add alice --name "Alice Smith" --email alice@example.com >/dev/null
rep-add bob --name "Bob Jones" --email bob@example.com >/dev/null
account-add --name "Acme Corp" --domain acme.example >/dev/null
account-add --name Globex --domain globex.example >/dev/null

# A CRM export: BOM, ';', CRLF, quoted header, aliases, first and last names, owners by name.
printf '\357\273\277"First Name";"Last Name";"Email Address";Company;"Lead Source";Owner;"Phone Number";Notes;Created\r\n' >"$T/crm.csv"
printf 'Ann;Lee;ANN@Example.com;Acme;web;Alice Smith;+1 555 0100;"call back\r\nafter 3";2026-01-05\r\n' >>"$T/crm.csv"
printf 'Bo;Chen;bo@chen.example;;referral;bob@example.com;;;\r\n' >>"$T/crm.csv"
printf 'Cy;;cy@cy.example;Cy Inc;event;bob;;"say ""hi""";\r\n' >>"$T/crm.csv"

run sales-import leads "$T/crm.csv"
rc_is 0 "a CRM export imports"
err_is "notes: delimiter, column mapping; summary" <<X
sales-import: $T/crm.csv: columns separated by ';'
sales-import: leads: 3 created, 0 updated, 0 unchanged, 0 refused
X
out_is "nothing on stdout" </dev/null
printf 'id,created,name,company,email,phone,source,segment,owner,status,score,updated,notes\nL1,2026-01-05,Ann Lee,Acme,ann@example.com,+1 555 0100,web,,alice,new,,2026-11-27T09:30:00Z,"call back\r\nafter 3"\nL2,2026-11-27T09:30:00Z,Bo Chen,,bo@chen.example,,referral,,bob,new,,2026-11-27T09:30:00Z,\nL3,2026-11-27T09:30:00Z,Cy,Cy Inc,cy@cy.example,,event,,bob,new,,2026-11-27T09:30:00Z,"say ""hi"""\n' >"$T/want"
_diff "$T/want" "$D/leads.csv" "leads.csv: names joined, email lowercased, owners resolved, note kept as typed"
run sales-history --entity leads
out_is "one history set: the import row, then one row per record" <<X
ts,user,command,entity,id,field,old,new
2026-11-27T09:30:00Z,tester,sales-import,leads,,,,import $T/crm.csv
2026-11-27T09:30:00Z,tester,sales-import,leads,L1,,,created
2026-11-27T09:30:00Z,tester,sales-import,leads,L2,,,created
2026-11-27T09:30:00Z,tester,sales-import,leads,L3,,,created
X

# The same file again: create refuses (email is the key), upsert changes nothing.
snap
run sales-import leads "$T/crm.csv"
rc_is 1 "create refuses records that exist"
err_is "each refused row with FILE:LINE" <<X
sales-import: $T/crm.csv: columns separated by ';'
sales-import: $T/crm.csv:2: already in leads.csv as L1 (--mode upsert updates it)
sales-import: $T/crm.csv:4: already in leads.csv as L2 (--mode upsert updates it)
sales-import: $T/crm.csv:5: already in leads.csv as L3 (--mode upsert updates it)
sales-import: nothing imported: 3 rows refused (--partial imports the others)
X
unchanged "and nothing was written"
run sales-import -q --mode upsert leads "$T/crm.csv"
rc_is 0 "upsert of the same file"
unchanged "is a no-op: no history rows"

# Dry run: what would change, per record.
cat >"$T/upd.csv" <<'X'
email,segment,phone,score
ann@example.com,B2B,+1 555 0100,10
new@lead.example,b2c,,
bo@chen.example,,,
X
run sales-import --mode upsert -n leads "$T/upd.csv"
rc_is 0 "dry run"
out_is "one line per record" <<X
where,action,id,changes
$T/upd.csv:2,updated,L1,segment:  -> b2b; score:  -> 10
$T/upd.csv:3,created,L4,
$T/upd.csv:4,unchanged,L2,
X
err_is "summary says nothing was written" <<'X'
sales-import: leads: 1 created, 1 updated, 1 unchanged, 0 refused (dry run: nothing written)
X
unchanged "dry run writes nothing"
run sales-import --mode update leads "$T/upd.csv"
rc_is 1 "update refuses records it cannot find"
err_is "the reason" <<X
sales-import: $T/upd.csv:3: no record in leads.csv with this email
sales-import: nothing imported: 1 row refused (--partial imports the others)
X
run sales-import --mode update --partial leads "$T/upd.csv"
rc_is 0 "update --partial imports the rest"
run lead-list -c id,email,segment,score,updated
out_is "L1 updated" <<'X'
id,email,segment,score,updated
L1,ann@example.com,b2b,10,2026-11-27T09:30:00Z
L2,bo@chen.example,,,2026-11-27T09:30:00Z
L3,cy@cy.example,,,2026-11-27T09:30:00Z
X
run sales-history L1 --field segment
out_is "the change is in history" <<'X'
ts,user,command,entity,id,field,old,new
2026-11-27T09:30:00Z,tester,sales-import,leads,L1,segment,,b2b
X

# --partial and --rejects: the refused rows, ready to fix and import again.
cat >"$T/bad.csv" <<'X'
name,email,segment,owner
Dee,dee@dee.example,b2b,alice
Eve,eve@,b2c,alice
Fay,fay@fay.example,retail,alice
Gil,gil@gil.example,b2b,zed
X
snap
run sales-import --rejects "$T/rejects.csv" leads "$T/bad.csv"
rc_is 1 "refused rows fail the import"
unchanged "all or nothing"
file_is "$T/rejects.csv" "the rejects file" <<X
_where,_reason,name,email,segment,owner
$T/bad.csv:3,bad email 'eve@' (expected an address like name@example.com),Eve,eve@,b2c,alice
$T/bad.csv:4,"bad segment 'retail' (expected b2c, b2b, enterprise, saas)",Fay,fay@fay.example,retail,alice
$T/bad.csv:5,"unknown owner 'zed' (not an id, name or email in reps.csv)",Gil,gil@gil.example,b2b,zed
X
run sales-import --partial --rejects "$T/rejects.csv" leads "$T/bad.csv"
rc_is 0 "--partial imports the good rows"
err_is "and says which were refused" <<X
sales-import: $T/bad.csv:3: bad email 'eve@' (expected an address like name@example.com)
sales-import: $T/bad.csv:4: bad segment 'retail' (expected b2c, b2b, enterprise, saas)
sales-import: $T/bad.csv:5: unknown owner 'zed' (not an id, name or email in reps.csv)
sales-import: leads: 1 created, 0 updated, 0 unchanged, 3 refused
X
sed -e 's/,eve@,/,eve@eve.example,/' -e 's/,retail,/,b2c,/' -e 's/,zed$/,bob/' "$T/rejects.csv" >"$T/fixed.csv"
run sales-import leads "$T/fixed.csv"
rc_is 0 "the fixed rejects file imports (its _ columns are left out)"
run lead-list -c id,name,email,owner --since today
out_is "the dry run's L4 was not used; the rest all imported" <<'X'
id,name,email,owner
L2,Bo Chen,bo@chen.example,bob
L3,Cy,cy@cy.example,bob
L4,Dee,dee@dee.example,alice
L5,Eve,eve@eve.example,alice
L6,Fay,fay@fay.example,alice
L7,Gil,gil@gil.example,bob
X

# Deals from another CRM: --map to a column of one's own (added to the file), an
# external id to match on, stages, amounts, dates, accounts and owners by name.
cat >"$T/deals.csv" <<'X'
Record ID,Deal Name,Deal Stage,Amount,Close Date,Deal Owner,Associated Company,Pipeline
101,Acme renewal,Closed Won,"$1,234.50",27/11/2026,Alice Smith,Acme Corp,default
102,Globex pilot,proposal,500,05/12/2026,bob@example.com,globex.example,default
X
run sales-import --map 'Record ID=crm_id' deals "$T/deals.csv"
rc_is 0 "deals import"
err_is "notes: a column left out, the date format that fits every value" <<X
sales-import: $T/deals.csv: column 'Pipeline' left out (not columns of deals.csv; map them with --map)
sales-import: $T/deals.csv: column 'Close Date': dates read as %d/%m/%Y (the one format that fits every value)
sales-import: deals: 2 created, 0 updated, 0 unchanged, 0 refused
X
file_is "$D/deals.csv" "crm_id added; won deal closed; amounts canonical" <<'X'
id,created,name,account,contact,lead,owner,stage,amount,currency,probability,category,close,closed,segment,source,type,lost_reason,updated,crm_id
D1,2026-11-27T09:30:00Z,Acme renewal,A1,,,alice,won,1234.5,,,,2026-11-27,2026-11-27,,,,,2026-11-27T09:30:00Z,101
D2,2026-11-27T09:30:00Z,Globex pilot,A2,,,bob,proposal,500,,,,2026-12-05,,,,,,2026-11-27T09:30:00Z,102
X
cat >"$T/deals2.csv" <<'X'
Record ID,Deal Name,Deal Stage,Amount,Close Date
101,Acme renewal,Closed Won,1234.5,2026-11-27
102,Globex pilot,Closed Lost,500,2026-12-05
103,Hooli,prospecting,"1,000",2027-01-31
X
run sales-import -v --mode upsert --match crm_id --map 'Record ID=crm_id' deals "$T/deals2.csv"
rc_is 0 "upsert on the external id"
out_is "one updated, one created, one unchanged" <<X
where,action,id,changes
$T/deals2.csv:2,unchanged,D1,
$T/deals2.csv:3,updated,D2,stage: proposal -> lost; closed:  -> 2026-11-27
$T/deals2.csv:4,created,D3,
X

# Values refused, with the reason.
cat >"$T/amounts.csv" <<'X'
name,amount,close,owner,stage
Neg,(500),2027-01-01,alice,
Euro,€900,2027-01-01,alice,
Groups,"1,23",2027-01-01,alice,
Comma,"1.234,50",2027-01-01,alice,
Stage,10,2027-01-01,alice,signed
X
run sales-import deals "$T/amounts.csv"
rc_is 1 "bad amounts and stages are refused"
err_is "with the reasons" <<X
sales-import: $T/amounts.csv:2: bad amount '(500)' (must not be negative)
sales-import: $T/amounts.csv:3: amount '€900' is not in USD (config.json currency; import a currency column or give --default currency=...)
sales-import: $T/amounts.csv:4: bad amount '1,23' (digit groups of 3 expected; written with a decimal comma? see --decimal-comma)
sales-import: $T/amounts.csv:5: bad amount '1.234,50' (not a number; written with a decimal comma? see --decimal-comma)
sales-import: $T/amounts.csv:6: unknown stage 'signed' (stages: prospecting, qualification, proposal, negotiation, won, lost)
sales-import: nothing imported: 5 rows refused (--partial imports the others)
X
printf 'name,amount,close\nA,1,05/06/2027\nB,2,01/02/2027\n' >"$T/ambiguous.csv"
run sales-import deals "$T/ambiguous.csv"
rc_is 1 "ambiguous dates are refused, not guessed"
err_is "and the message says how to say it" <<X
sales-import: $T/ambiguous.csv:2: bad close '05/06/2027' (day and month are ambiguous in column 'close': give --date-format, e.g. %d/%m/%Y or %m/%d/%Y)
sales-import: $T/ambiguous.csv:3: bad close '01/02/2027' (day and month are ambiguous in column 'close': give --date-format, e.g. %d/%m/%Y or %m/%d/%Y)
sales-import: nothing imported: 2 rows refused (--partial imports the others)
X
run sales-import -q -v --date-format %m/%d/%Y --default owner=bob --default currency=EUR deals "$T/ambiguous.csv"
rc_is 0 "--date-format says it; --default fills new records"
run deal-list -c id,name,owner,amount,currency,close --where 'id >= D4'
out_is "read as month/day" <<'X'
id,name,owner,amount,currency,close
D4,A,bob,1,EUR,2027-05-06
D5,B,bob,2,EUR,2027-01-02
X

# JSON and NDJSON.
printf '[{"name": "J1", "amount": 10.5, "close": "2027-03-01"}, {"name": "J2", "amount": null}]' >"$T/d.json"
run sales-import -q -v deals "$T/d.json"
rc_is 0 "a JSON array"
out_is "records are numbered" <<X
where,action,id,changes
$T/d.json: record 1,created,D6,
$T/d.json: record 2,created,D7,
X
printf '{"email": "ann@example.com", "score": 20}\n\n{"email": "zoe@z.example", "name": "Zoe"}\n' >"$T/l.ndjson"
run sales-import -q -v --mode upsert leads "$T/l.ndjson"
rc_is 0 "NDJSON"
out_is "lines are lines; a missing key leaves the field alone" <<X
where,action,id,changes
$T/l.ndjson:1,updated,L1,score: 10 -> 20
$T/l.ndjson:3,created,L8,
X

# Undo: the last import first, each recorded.
run sales-import --undo
rc_is 0 "undo the NDJSON import"
err_is "says what it took back" <<X
sales-import: took back the import $T/l.ndjson into leads made at 2026-11-27T09:30:00Z: 1 record deleted, 1 restored
X
run lead-list -c id,score --where 'score > 0'
out_is "L1's score is back, L8 is gone" <<'X'
id,score
L1,10
X
run sh -c "sales-history --where 'command = sales-import' -c id,field,old,new | tail -3"
out_is "the undo is in history" <<X
,,,undo import $T/l.ndjson (2026-11-27T09:30:00Z)
L1,score,20,10
L8,,,deleted
X
run sales-import -q --undo
rc_is 0 "undo goes one import further back (the JSON deals)"
run deal-list -c id
out_is "D6 and D7 are gone" <<'X'
id
D1
D2
D3
D4
D5
X
deal-update D5 --amount 3 >/dev/null
snap
run sales-import --undo
rc_is 1 "a record changed since the import stops the undo"
err_is "naming it" <<'X'
sales-import: deal D5 was changed after the import (by deal-update at 2026-11-27T09:30:00Z); taking the import back would lose that (--force does it all the same)
X
unchanged "nothing taken back"
run sales-import -n --force --undo
rc_is 0 "dry run of a forced undo"
err_is "what it would do" <<X
sales-import: would take back the import $T/ambiguous.csv into deals made at 2026-11-27T09:30:00Z: 2 records deleted, 0 restored
X
unchanged "dry run writes nothing"
run sales-import -q --force --undo
rc_is 0 "--force takes it back"
run deal-list -c id,stage,closed
out_is "then the upsert" <<'X'
id,stage,closed
D1,won,2026-11-27
D2,lost,2026-11-27
D3,prospecting,
X
run sales-import -q --undo
run deal-list -c id,stage,closed
out_is "D2 is open again, D3 gone" <<'X'
id,stage,closed
D1,won,2026-11-27
D2,proposal,
X

# Reps: a manager may come later in the same file; quotas match on owner and period.
printf 'id,name,manager,team\ncarol,Carol,dan,east\ndan,Dan,,east\nemma,Emma,zed,east\n' >"$T/reps.csv"
run sales-import reps "$T/reps.csv"
rc_is 1 "an unknown manager"
err_is "is refused" <<X
sales-import: $T/reps.csv:4: unknown manager 'zed' (not in reps.csv nor in this import)
sales-import: nothing imported: 1 row refused (--partial imports the others)
X
run sales-import -q --partial reps "$T/reps.csv"
rc_is 0 "managers later in the file"
printf 'owner,period,amount\nalice,2026-q4,"40,000"\neast,2027,100000\n' >"$T/q.csv"
run sales-import -q quotas "$T/q.csv"
rc_is 0 "quotas"
printf 'owner,period,amount\nalice,2026-Q4,45000\n' >"$T/q2.csv"
run sales-import -q -v --mode upsert quotas "$T/q2.csv"
out_is "matched on owner and period" <<X
where,action,id,changes
$T/q2.csv:2,updated,alice/2026-Q4,amount: 40000 -> 45000
X
file_is "$D/quotas.csv" "quotas.csv" <<'X'
owner,period,amount
alice,2026-Q4,45000
east,2027,100000
X

# Timestamps are stored in UTC: one its zone moves out of the years 1-9999 is refused
# (the import formats a converted timestamp once, and must still check it).
printf 'email,created\nz1@x.example,0001-01-01T00:30:00+01:00\nz2@x.example,9999-12-31T23:30:00-01:00\nz3@x.example,9999-12-31T22:00:00-01:00\n' >"$T/ts.csv"
run sales-import -n --partial leads "$T/ts.csv"
rc_is 0 "timestamps at the ends of the calendar"
out_is "the ones moved out of it refused, the last hour of 9999 kept" <<X
where,action,id,changes
$T/ts.csv:2,rejected,,"bad created '0000-12-31T23:30:00Z' (expected YYYY-MM-DD, an ISO 8601 timestamp, now, today, -3d)"
$T/ts.csv:3,rejected,,"bad created '10000-01-01T00:30:00Z' (expected YYYY-MM-DD, an ISO 8601 timestamp, now, today, -3d)"
$T/ts.csv:4,created,L9,
X
run sales-import -q --partial leads "$T/ts.csv"
is "$(grep z3@ "$D/leads.csv" | cut -d, -f2)" "9999-12-31T23:00:00Z" "... stored in UTC"

# A disk that fills half-way through a big import (3 MB of leads is several
# writes): the file is cut back to what it was, nothing else is written.
awk 'BEGIN { print "name,email,company,notes"
    for (i = 1; i <= 30000; i++)
        printf "Lead %d,lead%d@example.com,Company %d,words to make each row longer\n", i, i, i }' \
    >"$T/big.csv"
snap
run sh -c 'trap "" XFSZ; ulimit -f 2500; exec sales-import leads "$1"' sh "$T/big.csv"
rc_is 1 "a write that fails half-way: exit 1"
err_is "write error" <<X
sales-import: $D/leads.csv: write error: File too large
X
unchanged "the half-written records are gone"
created() { sales-history --where 'command = sales-import' | grep -c ',created$'; }
before=$(created)
run sales-import -q leads "$T/big.csv"
rc_is 0 "with room, the same import goes through"
is "$(lead-list --where 'name ~ Lead ' | wc -l)" "30001" "all 30,000 leads, in several writes"
is "$(($(created) - before))" "30000" "a history row each"

# Usage.
run sales-import leads
rc_is 2 "one operand"
err_is "is a usage error" <<'X'
sales-import: missing operand: FILE
usage: sales-import [-D DIR] [--rules FILE] [--map SRC=COLUMN] ... [--mode MODE]
                    [--match COLUMNS] [--delimiter C] [--encoding ENC] [--sheet NAME]
                    [--decimal-comma] [--date-format FMT] [--default COLUMN=VALUE] ...
                    [--ignore-empty] [--partial] [--rejects FILE] [-n] [-v] [-q]
                    [-f FORMAT] ENTITY FILE
       sales-import [-D DIR] [-n] [--force] --undo
X
run sales-import widgets "$T/q.csv"
rc_is 1 "an unknown entity"
run sales-import --undo leads
rc_is 2 "--undo takes no operands"
run sales-import --mode merge leads "$T/q.csv"
rc_is 1 "a bad mode"
run sales-import --mode upsert deals "$T/amounts.csv"
rc_is 1 "upsert of deals needs something to match on"
err_is "and says so" <<'X'
sales-import: deals have no natural key to match on: import an id column, or give --match with a column of yours that holds the other system's id
X
run sales-import leads "$T/nosuch.csv"
rc_is 1 "a missing file"
err_is "FILE: message" <<X
sales-import: $T/nosuch.csv: cannot open: No such file or directory
X
done_testing
