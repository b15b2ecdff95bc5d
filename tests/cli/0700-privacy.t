#!/bin/sh
# sales-privacy: a person's data exported as JSON and erased everywhere,
# history.csv included, with every other byte and every report as before;
# dry runs, idempotence, refusals that leave the data directory as it was.
. "${SALES_SRC:-.}/tests/cli/lib.sh"

NOW=2026-11-27T09:30:00Z
rep-add alice >/dev/null && rep-add bob >/dev/null || echo "Bail out! rep-add failed"
{
    quota-set alice 2026-Q4 50000
    quota-set bob 2026-Q4 5000
    account-add --name "Acme Corp" --domain acme.example --segment b2b --owner alice
    contact-add --name "Jane Roe" --account A1 --email jane@acme.example --phone "555 0100" --title CTO
    contact-add --name "Hank Hill" --account A1 --email hank@acme.example
    lead-add - <<'X'
name,company,email,phone,source,segment,owner,notes
Jane Roe,Acme Corp,jane@acme.example,,web,b2b,alice,"met at the fair, two kids"
J. Roe,Acme Corp,jane.roe@home.example,555 0199,event,b2b,alice,home address on file
Bob Other,Other Ltd,bob@other.example,,web,b2b,bob,
Sam Park,,sam@park.example,555 0142,linkedin,b2c,bob,
Ty Po,Typo Inc,jane@acme.example,,web,b2b,bob,
X
    # L5 had Jane's address by mistake; L2 is Jane at home, merged into L1
    lead-update L5 --email ty@typo.example
    lead-dedupe --merge L1 L2
    lead-update L1 --set "name=Jane Q. Roe"
    # Sam: a B2C lead, converted: account, contact and deal named after him
    lead-convert L4 --amount 900
    deal-close D1 won
    deal-add --name "Sam Park – renewal" --account A2 --contact C3 --owner bob --amount 300 \
        --close 2026-12-20
    deal-add --name "Sam Parkinson referral" --contact C3 --owner bob --amount 50 --close 2026-12-20
    deal-add --name "Acme renewal" --account A1 --contact C1 --owner alice --amount 12000 \
        --close 2026-12-15 --stage proposal
    deal-add --name "Acme add-on" --account A1 --owner alice --amount 3000.50 --close 2026-11-20 \
        --stage negotiation
    deal-close D5 won
    activity-log --type call --rep alice --lead L1 --subject "Pricing call" \
        --notes "Jane asked about her son's school"
    activity-log --type email --rep alice --contact C1 --account A1 --subject "Renewal terms" \
        --outcome replied
    activity-log --type meeting --rep alice --account A1 --subject "QBR with Hank"
    activity-log --type task --rep alice --contact C1 --subject "Send Jane the quote" --due 2026-12-01
    activity-done T4 --outcome sent
    activity-log --type call --rep bob --lead L4 --subject Intro
    printf '%s\n' date,account,contact,score,channel,comment \
        '2026-11-02,A1,C1,6,email,"Support is slow, says Jane"' 2026-11-03,A1,C2,9,web,Great \
        2026-11-04,A2,C3,10,store, >"$T/fb.csv"
    sales-import -q feedback "$T/fb.csv"
} >/dev/null || echo "Bail out! setup failed"
# by hand: a column of the user's own, and an address in another case
sed -i '1s/$/,region/; 2s/$/,EMEA/; 3,$s/$/,/' "$D/contacts.csv"
sed -i 's/,jane@acme\.example,555 0199,/,JANE@Acme.Example,555 0199,/' "$D/leads.csv"

# ---- export ----------------------------------------------------------------------------
snap
run sales-privacy export --email Jane@ACME.example
rc_is 0 "export --email"
out_is "everything about Jane: her leads and contact (by address, any case), her deal, activities, feedback, and the history rows about them, the merged lead's and the mistaken address's included" <<X
{
  "leads": [
    {"id":"L1","created":"$NOW","name":"Jane Q. Roe","company":"Acme Corp","email":"JANE@Acme.Example","phone":"555 0199","source":"web","segment":"b2b","owner":"alice","status":"new","score":"","updated":"$NOW","notes":"met at the fair, two kids\n\nhome address on file"}
  ],
  "accounts": [],
  "contacts": [
    {"id":"C1","created":"$NOW","account":"A1","name":"Jane Roe","email":"jane@acme.example","phone":"555 0100","title":"CTO","updated":"$NOW","region":"EMEA"}
  ],
  "deals": [
    {"id":"D4","created":"$NOW","name":"Acme renewal","account":"A1","contact":"C1","lead":"","owner":"alice","stage":"proposal","amount":"12000","currency":"","probability":"","category":"","close":"2026-12-15","closed":"","segment":"","source":"","type":"","lost_reason":"","updated":"$NOW"}
  ],
  "activities": [
    {"id":"T1","date":"$NOW","rep":"alice","type":"call","channel":"","lead":"L1","account":"","contact":"","deal":"","subject":"Pricing call","outcome":"","duration":"","due":"","done":"","notes":"Jane asked about her son's school"},
    {"id":"T2","date":"$NOW","rep":"alice","type":"email","channel":"","lead":"","account":"A1","contact":"C1","deal":"","subject":"Renewal terms","outcome":"replied","duration":"","due":"","done":"","notes":""},
    {"id":"T4","date":"$NOW","rep":"alice","type":"task","channel":"","lead":"","account":"","contact":"C1","deal":"","subject":"Send Jane the quote","outcome":"sent","duration":"","due":"2026-12-01","done":"$NOW","notes":""}
  ],
  "feedback": [
    {"id":"F1","date":"2026-11-02","account":"A1","contact":"C1","score":"6","channel":"email","comment":"Support is slow, says Jane"}
  ],
  "history": [
    {"ts":"$NOW","user":"tester","command":"contact-add","entity":"contacts","id":"C1","field":"","old":"","new":"created"},
    {"ts":"$NOW","user":"tester","command":"lead-add","entity":"leads","id":"L1","field":"","old":"","new":"created"},
    {"ts":"$NOW","user":"tester","command":"lead-add","entity":"leads","id":"L2","field":"","old":"","new":"created"},
    {"ts":"$NOW","user":"tester","command":"lead-update","entity":"leads","id":"L5","field":"email","old":"jane@acme.example","new":"ty@typo.example"},
    {"ts":"$NOW","user":"tester","command":"lead-dedupe","entity":"leads","id":"L1","field":"phone","old":"","new":"555 0199"},
    {"ts":"$NOW","user":"tester","command":"lead-dedupe","entity":"leads","id":"L1","field":"notes","old":"met at the fair, two kids","new":"met at the fair, two kids\n\nhome address on file"},
    {"ts":"$NOW","user":"tester","command":"lead-dedupe","entity":"leads","id":"L2","field":"created","old":"$NOW","new":""},
    {"ts":"$NOW","user":"tester","command":"lead-dedupe","entity":"leads","id":"L2","field":"name","old":"J. Roe","new":""},
    {"ts":"$NOW","user":"tester","command":"lead-dedupe","entity":"leads","id":"L2","field":"company","old":"Acme Corp","new":""},
    {"ts":"$NOW","user":"tester","command":"lead-dedupe","entity":"leads","id":"L2","field":"email","old":"jane.roe@home.example","new":""},
    {"ts":"$NOW","user":"tester","command":"lead-dedupe","entity":"leads","id":"L2","field":"phone","old":"555 0199","new":""},
    {"ts":"$NOW","user":"tester","command":"lead-dedupe","entity":"leads","id":"L2","field":"source","old":"event","new":""},
    {"ts":"$NOW","user":"tester","command":"lead-dedupe","entity":"leads","id":"L2","field":"segment","old":"b2b","new":""},
    {"ts":"$NOW","user":"tester","command":"lead-dedupe","entity":"leads","id":"L2","field":"owner","old":"alice","new":""},
    {"ts":"$NOW","user":"tester","command":"lead-dedupe","entity":"leads","id":"L2","field":"status","old":"new","new":""},
    {"ts":"$NOW","user":"tester","command":"lead-dedupe","entity":"leads","id":"L2","field":"updated","old":"$NOW","new":""},
    {"ts":"$NOW","user":"tester","command":"lead-dedupe","entity":"leads","id":"L2","field":"notes","old":"home address on file","new":""},
    {"ts":"$NOW","user":"tester","command":"lead-dedupe","entity":"leads","id":"L2","field":"","old":"","new":"merged into L1"},
    {"ts":"$NOW","user":"tester","command":"lead-update","entity":"leads","id":"L1","field":"name","old":"Jane Roe","new":"Jane Q. Roe"},
    {"ts":"$NOW","user":"tester","command":"deal-add","entity":"deals","id":"D4","field":"","old":"","new":"created"},
    {"ts":"$NOW","user":"tester","command":"activity-log","entity":"activities","id":"T1","field":"","old":"","new":"created"},
    {"ts":"$NOW","user":"tester","command":"activity-log","entity":"activities","id":"T2","field":"","old":"","new":"created"},
    {"ts":"$NOW","user":"tester","command":"activity-log","entity":"activities","id":"T4","field":"","old":"","new":"created"},
    {"ts":"$NOW","user":"tester","command":"activity-done","entity":"activities","id":"T4","field":"done","old":"","new":"$NOW"},
    {"ts":"$NOW","user":"tester","command":"activity-done","entity":"activities","id":"T4","field":"outcome","old":"","new":"sent"},
    {"ts":"$NOW","user":"tester","command":"sales-import","entity":"feedback","id":"F1","field":"","old":"","new":"created"}
  ]
}
X
is "$(cat "$T/err")" "" "nothing on stderr"
cp "$T/out" "$T/jane.json"
for sel in "--lead L1" "--contact C1" "--lead L2" "--email jane@acme.example --contact C1 --lead L1"; do
    run sales-privacy export $sel
    cmp -s "$T/out" "$T/jane.json"
    ok $? "export $sel: the same person, the same document"
done
run sales-privacy export --email hank@acme.example --email jane@acme.example
is "$(grep -c '^    {"id":"C[12]",' "$T/out")" 2 "selectors add up: two people, both contacts"
run sales-privacy export -o "$T/jane-out.json" --lead L1
rc_is 0 "export -o FILE"
is "$(cat "$T/out")" "" "prints nothing"
cmp -s "$T/jane-out.json" "$T/jane.json"
ok $? "the file holds the document"
is "$(stat -c %a "$T/jane-out.json")" 600 "a new file is made 0600: it holds personal data"
unchanged "exports write nothing to the data directory"

# ---- erase --dry-run ---------------------------------------------------------------------
run sales-privacy erase --dry-run --email jane@acme.example
rc_is 0 "erase --dry-run"
out_is "the values it would replace, file by file, history.csv's old and new included; no old value printed" <<'X'
file,line,id,field,column,new
leads.csv,2,L1,name,name,[erased]
leads.csv,2,L1,email,email,
leads.csv,2,L1,phone,phone,
leads.csv,2,L1,notes,notes,[erased]
contacts.csv,2,C1,name,name,[erased]
contacts.csv,2,C1,email,email,
contacts.csv,2,C1,phone,phone,
contacts.csv,2,C1,title,title,[erased]
activities.csv,2,T1,subject,subject,[erased]
activities.csv,2,T1,notes,notes,[erased]
activities.csv,3,T2,subject,subject,[erased]
activities.csv,5,T4,subject,subject,[erased]
feedback.csv,2,F1,comment,comment,[erased]
history.csv,14,L5,email,old,
history.csv,15,L1,phone,new,
history.csv,16,L1,notes,old,[erased]
history.csv,16,L1,notes,new,[erased]
history.csv,20,L2,name,old,[erased]
history.csv,22,L2,email,old,
history.csv,23,L2,phone,old,
history.csv,29,L2,notes,old,[erased]
history.csv,31,L1,name,old,[erased]
history.csv,31,L1,name,new,[erased]
X
cp "$T/out" "$T/dry.csv"
run sales-privacy erase --dry-run -f json --contact C1
is "$(sed -n '1p;2p;$p' "$T/out")" '[
{"file":"leads.csv","line":2,"id":"L1","field":"name","column":"name","new":"[erased]"},
]' "-f json"
is "$(grep -c '"file"' "$T/out")" 23 "with the same 23 values"
SALES_FORCE_TTY=1 run sales-privacy erase --dry-run --lead L1
is "$(sed -n 1p "$T/out")" "file            line  id  field    column   new" "a table on a terminal"
unchanged "a dry run changes nothing"

# ---- erase -----------------------------------------------------------------------------------
cp -R "$D" "$T/before"
reports() {
    pipeline-show -f csv && pipeline-show -f csv --by owner && quota-report -f csv --period 2026-Q4 &&
        forecast --pipeline -f csv && activity-report -f csv && lead-list -f csv -c id,status,owner &&
        deal-list -f csv -c id,account,contact,lead,owner,stage,amount,close,closed
}
reports >"$T/reports.before" 2>&1 || echo "# the reports failed before the erasure"
run sales-privacy erase --email jane@acme.example
rc_is 0 "erase"
cmp -s "$T/out" "$T/dry.csv"
ok $? "prints the values replaced: what --dry-run said"
is "$(cat "$T/err")" "" "nothing on stderr"
reports >"$T/reports.after" 2>&1
cmp -s "$T/reports.before" "$T/reports.after"
ok $? "pipeline, quota, forecast, activity reports and the lists give the same numbers"
diff -u "$T/reports.before" "$T/reports.after" | sed 's/^/# /' | head -20

for f in accounts.csv budget.csv config.json deals.csv quotas.csv reps.csv stages.csv \
    subscriptions.csv; do
    cmp -s "$D/$f" "$T/before/$f"
    ok $? "$f: every byte as it was"
done
is "$(stat -c %a "$D/leads.csv" "$D/history.csv" | sort -u)" 600 "rewritten files keep their mode"
# what changed: exactly the personal values, in place; every other byte as it was
run diff "$T/before/leads.csv" "$D/leads.csv"
out_is "leads.csv: L1's name, address, phone and notes" <<X
2,4c2
< L1,$NOW,Jane Q. Roe,Acme Corp,JANE@Acme.Example,555 0199,web,b2b,alice,new,,$NOW,"met at the fair, two kids
< 
< home address on file"
---
> L1,$NOW,[erased],Acme Corp,,,web,b2b,alice,new,,$NOW,[erased]
X
run diff "$T/before/contacts.csv" "$D/contacts.csv"
out_is "contacts.csv: C1's name, address, phone and title; the user's own column kept" <<X
2c2
< C1,$NOW,A1,Jane Roe,jane@acme.example,555 0100,CTO,$NOW,EMEA
---
> C1,$NOW,A1,[erased],,,[erased],$NOW,EMEA
X
run diff "$T/before/activities.csv" "$D/activities.csv"
out_is "activities.csv: subject and notes of hers; outcome, dates, rep kept; T3 (the account's) untouched" <<X
2,3c2,3
< T1,$NOW,alice,call,,L1,,,,Pricing call,,,,,Jane asked about her son's school
< T2,$NOW,alice,email,,,A1,C1,,Renewal terms,replied,,,,
---
> T1,$NOW,alice,call,,L1,,,,[erased],,,,,[erased]
> T2,$NOW,alice,email,,,A1,C1,,[erased],replied,,,,
5c5
< T4,$NOW,alice,task,,,,C1,,Send Jane the quote,sent,,2026-12-01,$NOW,
---
> T4,$NOW,alice,task,,,,C1,,[erased],sent,,2026-12-01,$NOW,
X
run diff "$T/before/feedback.csv" "$D/feedback.csv"
out_is "feedback.csv: her comment; the score kept" <<'X'
2c2
< F1,2026-11-02,A1,C1,6,email,"Support is slow, says Jane"
---
> F1,2026-11-02,A1,C1,6,email,[erased]
X
run diff "$T/before/history.csv" "$D/history.csv"
out_is "history.csv: her values in the rows about her records (and her address in L5's), then one row per record erased" <<X
14,18c14,16
< $NOW,tester,lead-update,leads,L5,email,jane@acme.example,ty@typo.example
< $NOW,tester,lead-dedupe,leads,L1,phone,,555 0199
< $NOW,tester,lead-dedupe,leads,L1,notes,"met at the fair, two kids","met at the fair, two kids
< 
< home address on file"
---
> $NOW,tester,lead-update,leads,L5,email,,ty@typo.example
> $NOW,tester,lead-dedupe,leads,L1,phone,,
> $NOW,tester,lead-dedupe,leads,L1,notes,[erased],[erased]
20c18
< $NOW,tester,lead-dedupe,leads,L2,name,J. Roe,
---
> $NOW,tester,lead-dedupe,leads,L2,name,[erased],
22,23c20,21
< $NOW,tester,lead-dedupe,leads,L2,email,jane.roe@home.example,
< $NOW,tester,lead-dedupe,leads,L2,phone,555 0199,
---
> $NOW,tester,lead-dedupe,leads,L2,email,,
> $NOW,tester,lead-dedupe,leads,L2,phone,,
29c27
< $NOW,tester,lead-dedupe,leads,L2,notes,home address on file,
---
> $NOW,tester,lead-dedupe,leads,L2,notes,[erased],
31c29
< $NOW,tester,lead-update,leads,L1,name,Jane Roe,Jane Q. Roe
---
> $NOW,tester,lead-update,leads,L1,name,[erased],[erased]
54a53,60
> $NOW,tester,sales-privacy,leads,L1,,,erased
> $NOW,tester,sales-privacy,leads,L2,,,erased
> $NOW,tester,sales-privacy,leads,L5,,,erased
> $NOW,tester,sales-privacy,contacts,C1,,,erased
> $NOW,tester,sales-privacy,activities,T1,,,erased
> $NOW,tester,sales-privacy,activities,T2,,,erased
> $NOW,tester,sales-privacy,activities,T4,,,erased
> $NOW,tester,sales-privacy,feedback,F1,,,erased
X
run grep -rIli -e jane -e 'j\. roe' -e '555 01[09][09]' -e kids -e school -e 'home address' \
    -e CTO "$D"
is "$(cat "$T/out")" "" "her names, addresses, phones and words are nowhere in the data directory"
run sales-check
rc_is 0 "sales-check: the erased files are valid"
run lead-dedupe
out_is "an emptied address makes no duplicate" <<'X'
keep,drop,confidence,reason,keep_name,drop_name
X

# after: what is left, and a second request
run sales-privacy export --lead L1
is "$(sed -n 3p "$T/out")" "    {\"id\":\"L1\",\"created\":\"$NOW\",\"name\":\"[erased]\",\"company\":\"Acme Corp\",\"email\":\"\",\"phone\":\"\",\"source\":\"web\",\"segment\":\"b2b\",\"owner\":\"alice\",\"status\":\"new\",\"score\":\"\",\"updated\":\"$NOW\",\"notes\":\"[erased]\"}" \
    "export after: the tombstones"
snap
run sales-privacy erase --email jane@acme.example
rc_is 1 "the address again: no record has it any more"
err_is "says so" <<'X'
sales-privacy: no lead or contact has the email 'jane@acme.example'
X
run sales-privacy erase --lead L1 --contact C1
rc_is 0 "the records again: nothing left to erase is no error"
out_is "nothing replaced" <<'X'
file,line,id,field,column,new
X
unchanged "and nothing written, not even history rows"

# ---- a B2C person: their own account, deal names ------------------------------------------
run sales-privacy erase --dry-run --lead L4
out_is "Sam: the account named after him (name, domain), his name in his deals' names, whole words only" <<'X'
file,line,id,field,column,new
leads.csv,4,L4,name,name,[erased]
leads.csv,4,L4,email,email,
leads.csv,4,L4,phone,phone,
accounts.csv,3,A2,name,name,[erased]
accounts.csv,3,A2,domain,domain,
contacts.csv,4,C3,name,name,[erased]
contacts.csv,4,C3,email,email,
contacts.csv,4,C3,phone,phone,
deals.csv,2,D1,name,name,[erased]
deals.csv,3,D2,name,name,[erased] – renewal
activities.csv,6,T5,subject,subject,[erased]
X
cp "$D/accounts.csv" "$T/accounts.before"
run sales-privacy erase --contact C3
rc_is 0 "erase --contact"
run deal-list -c id,name,account,contact,lead,stage,amount
out_is "deals keep everything but his name" <<'X'
id,name,account,contact,lead,stage,amount
D1,[erased],A2,C3,L4,won,900
D2,[erased] – renewal,A2,C3,,prospecting,300
D3,Sam Parkinson referral,,C3,,prospecting,50
D4,Acme renewal,A1,C1,,proposal,12000
D5,Acme add-on,A1,,,won,3000.5
X
run diff "$T/accounts.before" "$D/accounts.csv"
out_is "his own account: name and domain; the employer account A1 untouched" <<X
3c3
< A2,$NOW,Sam Park,park.example,b2c,,bob,$NOW,
---
> A2,$NOW,[erased],,b2c,,bob,$NOW,
X
run sales-history --where 'command = sales-privacy' -c entity,id,field,old,new
out_is "one erasure row per record, no personal data in it: Jane's, then Sam's" <<'X'
entity,id,field,old,new
leads,L1,,,erased
leads,L2,,,erased
leads,L5,,,erased
contacts,C1,,,erased
activities,T1,,,erased
activities,T2,,,erased
activities,T4,,,erased
feedback,F1,,,erased
leads,L4,,,erased
accounts,A2,,,erased
contacts,C3,,,erased
deals,D1,,,erased
deals,D2,,,erased
activities,T5,,,erased
X
reports >"$T/reports.after" 2>&1
is "$(diff "$T/reports.before" "$T/reports.after" | grep -c '^[<>]')" 0 "the reports still add up"

# ---- bad input: exit status, message, nothing changed -----------------------------------------
snap
refused() { # refused STATUS MESSAGE ARG...
    _st=$1 _msg=$2
    shift 2
    run sales-privacy "$@"
    rc_is "$_st" "$*: exit $_st"
    is "$(head -n 1 "$T/err")" "sales-privacy: $_msg" "$*: says why"
    is "$(cat "$T/out")" "" "$*: nothing on stdout"
}
refused 1 "no lead or contact has the email 'nobody@acme.example'" erase --email nobody@acme.example
refused 1 "no lead or contact has the email 'nobody@acme.example'" \
    export --lead L3 --email nobody@acme.example
refused 1 "bad email 'jane at acme' (expected an address like name@example.com)" \
    erase --email "jane at acme"
refused 1 "bad lead id 'C1' (expected L and a number, e.g. L12)" export --lead C1
refused 1 "bad contact id 'x' (expected C and a number, e.g. C12)" erase --dry-run --contact x
refused 1 "unknown lead 'L99' (not in leads.csv or history.csv)" erase --lead L99
refused 1 "unknown contact 'C9' (not in contacts.csv or history.csv)" export --contact C9
refused 2 "missing operand" --email bob@other.example
refused 2 "unexpected operand 'now'" erase --lead L3 now
refused 2 "unexpected operand '-'" export - --lead L3
refused 2 "unknown action 'delete' (expected export or erase)" delete --lead L3
refused 2 "erase needs --email, --lead or --contact" erase
refused 2 "export prints JSON: -f and --dry-run are for erase" export -f csv --lead L3
refused 2 "export prints JSON: -f and --dry-run are for erase" export --dry-run --lead L3
refused 2 "-o is for export" erase -o "$T/x" --lead L3
refused 2 "unrecognized option '--name'" erase --name Bob
refused 2 "option '--email' requires an argument" erase --email
refused 1 "bad --format 'xml' (expected table, csv, tsv, json or ndjson)" erase -f xml --lead L3
is "$(sed -n 2p "$T/err")" "" "bad data: no usage"
run sales-privacy erase
is "$(sed -n 2p "$T/err" | cut -d' ' -f1-2)" "usage: sales-privacy" "a usage error: the usage follows"
for a in "erase" "erase -f table" "export" "erase --dry-run"; do
    run sh -c "sales-privacy $a --lead L3 >/dev/full"
    rc_is 1 "$a >/dev/full: exit 1"
    err_is "$a >/dev/full: says so" <<'X'
sales-privacy: write error: No space left on device
X
done
unchanged "nothing changed by any refusal, nor by a full standard output"

# the lock: erase waits a bounded time for it; export and --dry-run do not need it
flock "$D" -c "touch '$T/locked'; sleep 2" &
pid=$!
while [ ! -e "$T/locked" ]; do sleep 0.05; done
SALES_LOCK_TIMEOUT=1 run sales-privacy erase --lead L3
rc_is 1 "erase while another command writes: exit 1"
err_is "says so" <<X
sales-privacy: $D: could not get the lock within 1 s (another command is writing; try again, or raise SALES_LOCK_TIMEOUT)
X
run sales-privacy erase --dry-run --lead L3
rc_is 0 "a dry run reads like any reader"
run sales-privacy export --lead L3
rc_is 0 "so does export"
wait $pid
unchanged "nothing changed"

# ---- the common options --------------------------------------------------------------------------
run sales-privacy --help
rc_is 0 "--help"
is "$(head -n 1 "$T/out")" "usage: sales-privacy [-D DIR] [-o FILE] export" "the usage on stdout"
run sales-privacy --version
out_is "--version" <<'X'
sales-privacy (salesutils) 0.1.0
X
sales-init "$T/other" >/dev/null
lead-add -D "$T/other" --name Zed --email zed@z.example >/dev/null
run sales-privacy -D "$T/other" erase --email zed@z.example
rc_is 0 "-D DIR"
out_is "works on that directory" <<'X'
file,line,id,field,column,new
leads.csv,2,L1,name,name,[erased]
leads.csv,2,L1,email,email,
X
run sales-privacy export --data "$T/nowhere" --lead L1
rc_is 1 "a missing data directory"
err_is "is named" <<X
sales-privacy: $T/nowhere: no such data directory (create one with sales-init)
X

# two erased people at one company are not duplicates of each other
lead-add -D "$T/other" --name 'Ivy Chen' --company Chen --email ivy@chen.example >/dev/null
lead-add -D "$T/other" --name 'Max Chen' --company Chen --email max@chen.example >/dev/null
sales-privacy -D "$T/other" erase --email ivy@chen.example >/dev/null
sales-privacy -D "$T/other" erase --email max@chen.example >/dev/null
run lead-dedupe -D "$T/other" -f csv
rc_is 0 "lead-dedupe after two erasures"
out_is "pairs no erased records by their tombstone" <<'X'
keep,drop,confidence,reason,keep_name,drop_name
X
done_testing
