#!/bin/sh
# lead-dedupe --merge KEEP DROP fills KEEP's empty fields from DROP (company,
# phone, source, ...), keeps KEEP's own values (its email), records every
# change and DROP's every field in history, and leaves nothing changed when
# it cannot merge.
. "${SALES_SRC:-.}/tests/cli/lib.sh"

rep-add alice >/dev/null
cat >"$T/l.csv" <<'X'
name,company,email,phone,source,owner,notes
Ivy Chen,,ivy@chentech.example,,,alice,
Ivy Chen,Chen Tech,ivy.chen@chentech.example,+1 555 010 7000,referral,,met at the fair
X
sales-import -q leads "$T/l.csv"
run lead-dedupe -f csv
out_is "the pair" <<'X'
keep,drop,confidence,reason,keep_name,drop_name
L1,L2,0.70,name@domain,Ivy Chen,Ivy Chen
X

snap
run lead-dedupe --merge L1 L9
rc_is 1 "an unknown DROP"
err_is "is named" <<'X'
lead-dedupe: unknown lead 'L9' (not in leads.csv)
X
unchanged "nothing written (unknown)"
run lead-dedupe --merge L1 L1
rc_is 1 "a record into itself"
unchanged "nothing written (itself)"

run lead-dedupe --merge L1 L2
rc_is 0 "--merge"
out_is "KEEP's empty fields filled from DROP; DROP's fields kept in history" <<'X'
entity,id,field,old,new
leads,L1,company,,Chen Tech
leads,L1,phone,,+1 555 010 7000
leads,L1,source,,referral
leads,L1,notes,,met at the fair
leads,L2,created,2026-11-27T09:30:00Z,
leads,L2,name,Ivy Chen,
leads,L2,company,Chen Tech,
leads,L2,email,ivy.chen@chentech.example,
leads,L2,phone,+1 555 010 7000,
leads,L2,source,referral,
leads,L2,status,new,
leads,L2,updated,2026-11-27T09:30:00Z,
leads,L2,notes,met at the fair,
leads,L2,,,merged into L1
X
run lead-list -f csv -c id,name,company,email,phone,source,owner,notes
out_is "one lead with all of it; its own email and owner kept" <<'X'
id,name,company,email,phone,source,owner,notes
L1,Ivy Chen,Chen Tech,ivy@chentech.example,+1 555 010 7000,referral,alice,met at the fair
X
run sh -c "sales-history L1 -f csv | cut -d, -f3-"
out_is "the fills are in history" <<'X'
command,entity,id,field,old,new
sales-import,leads,L1,,,created
lead-dedupe,leads,L1,company,,Chen Tech
lead-dedupe,leads,L1,phone,,+1 555 010 7000
lead-dedupe,leads,L1,source,,referral
lead-dedupe,leads,L1,notes,,met at the fair
X
run lead-dedupe
out_is "no pair left" <<'X'
keep,drop,confidence,reason,keep_name,drop_name
X

done_testing
