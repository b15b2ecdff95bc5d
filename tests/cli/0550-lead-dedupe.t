#!/bin/sh
# lead-dedupe: a planted set of duplicates; merges that lose nothing.
. "${SALES_SRC:-.}/tests/cli/lib.sh"

rep-add alice >/dev/null
lead-add --owner alice - <"$DATA/leads/dupes.csv" >/dev/null

# L1/L2: case, whitespace, gmail dots and +tag, googlemail; L3/L4: accents,
# phone with and without country code; L5: full-width letters and space;
# L6/L7: email case, phone formats with 00 country code; L8/L9: near misses.
run lead-dedupe
rc_is 0 "lead-dedupe"
out_is "the planted pairs, with reason and confidence" <<'X'
keep,drop,confidence,reason,keep_name,drop_name
L1,L2,0.99,email+name,Jane Doe,jane doe
L6,L7,0.99,email+phone,Bob Stone,Robert Stone
L3,L4,0.95,phone+name,José Müller,Jose Muller
L3,L5,0.75,name,José Müller,Ｊｏｓｅ　Ｍｕｌｌｅｒ
X
snap
run lead-dedupe -f json
out_is "JSON" <<'X'
[
{"keep":"L1","drop":"L2","confidence":0.99,"reason":"email+name","keep_name":"Jane Doe","drop_name":"jane doe"},
{"keep":"L6","drop":"L7","confidence":0.99,"reason":"email+phone","keep_name":"Bob Stone","drop_name":"Robert Stone"},
{"keep":"L3","drop":"L4","confidence":0.95,"reason":"phone+name","keep_name":"José Müller","drop_name":"Jose Muller"},
{"keep":"L3","drop":"L5","confidence":0.75,"reason":"name","keep_name":"José Müller","drop_name":"Ｊｏｓｅ　Ｍｕｌｌｅｒ"}
]
X
unchanged "finding writes nothing"

# a merge loses nothing: activities and deals follow, fields fill, notes join
activity-log --type call --lead L2 --subject "Pricing call" >/dev/null
activity-log --type email --lead L1 >/dev/null
deal-add --name "Jane's deal" --lead L2 >/dev/null
run lead-dedupe --merge L1 L2
rc_is 0 "--merge"
out_is "the changes, as written to history.csv" <<'X'
entity,id,field,old,new
leads,L1,notes,met at the fair,"met at the fair

asked for pricing"
leads,L2,created,2026-11-27T09:30:00Z,
leads,L2,name,jane doe,
leads,L2,company,ACME,
leads,L2,email,janedoe+news@googlemail.com,
leads,L2,source,event,
leads,L2,owner,alice,
leads,L2,status,new,
leads,L2,updated,2026-11-27T09:30:00Z,
leads,L2,notes,asked for pricing,
leads,L2,,,merged into L1
deals,D1,lead,L2,L1
activities,T1,lead,L2,L1
X
run lead-list -c id,name,company,email,phone,source,notes --where 'id ~ ^L[12]$'
out_is "KEEP wins; DROP is gone" <<'X'
id,name,company,email,phone,source,notes
L1,Jane Doe,Acme Inc.,jane.doe@gmail.com,+1 (555) 010-2000,web,"met at the fair

asked for pricing"
X
run activity-list -c id,lead
out_is "activities re-pointed" <<'X'
id,lead
T1,L1
T2,L1
X
run deal-list -c id,lead
out_is "deals re-pointed" <<'X'
id,lead
D1,L1
X
run lead-dedupe --merge L4 L3
out_is "empty fields of KEEP are filled from DROP" <<'X'
entity,id,field,old,new
leads,L3,created,2026-11-27T09:30:00Z,
leads,L3,name,José Müller,
leads,L3,company,Müller GmbH,
leads,L3,email,jose@mueller.example,
leads,L3,phone,030 1234567,
leads,L3,owner,alice,
leads,L3,status,new,
leads,L3,updated,2026-11-27T09:30:00Z,
leads,L3,notes,prefers German,
leads,L3,,,merged into L4
leads,L4,notes,,prefers German
X
run lead-list -c id,email,source,notes --where 'id = L4'
out_is "L4 keeps its own values" <<'X'
id,email,source,notes
L4,jm@other.example,referral,prefers German
X

# refusals: nothing changes
snap
run lead-dedupe --merge L1 L1
rc_is 1 "merge into itself"
err_is "says so" <<'X'
lead-dedupe: cannot merge L1 into itself
X
run lead-dedupe --merge L1 L2
rc_is 1 "an id that is gone"
err_is "names it" <<'X'
lead-dedupe: unknown lead 'L2' (not in leads.csv)
X
run lead-dedupe --merge L99 L5
rc_is 1 "an unknown KEEP"
unchanged "nothing changed"
run lead-dedupe --merge L1
rc_is 2 "--merge needs two ids"
run lead-dedupe L1
rc_is 2 "no operands without --merge"
run lead-dedupe --entity deals
rc_is 1 "--entity must be leads, contacts or accounts"

# contacts and accounts
account-add --name "Hooli Inc" --domain www.hooli.example >/dev/null
account-add --name "HOOLI" >/dev/null
account-add --name "Hooli Labs" --domain hooli.example >/dev/null
contact-add --name "Gavin Belson" --account A1 --email gavin@hooli.example >/dev/null
contact-add --name "gavin  belson" --account A1 --phone "+1 555 010 4000" >/dev/null
contact-add --name "Gavin Belson" --account A2 --phone "555 010 4000" >/dev/null
run lead-dedupe --entity accounts
out_is "accounts: domain (www. dropped), name (legal form dropped)" <<'X'
keep,drop,confidence,reason,keep_name,drop_name
A1,A3,0.90,domain,Hooli Inc,Hooli Labs
A1,A2,0.75,name,Hooli Inc,HOOLI
X
run lead-dedupe --entity contact
out_is "contacts: name within an account, phone" <<'X'
keep,drop,confidence,reason,keep_name,drop_name
C2,C3,0.80,phone,gavin  belson,Gavin Belson
C1,C2,0.75,name,Gavin Belson,gavin  belson
X
activity-log --type call --contact C2 --account A2 >/dev/null
run lead-dedupe --entity accounts --merge A1 A2
out_is "an account merge re-points contacts and activities" <<'X'
entity,id,field,old,new
accounts,A2,created,2026-11-27T09:30:00Z,
accounts,A2,name,HOOLI,
accounts,A2,updated,2026-11-27T09:30:00Z,
accounts,A2,,,merged into A1
contacts,C3,account,A2,A1
activities,T3,account,A2,A1
X
done_testing
