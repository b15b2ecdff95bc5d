#!/bin/sh
# lead-convert: account + contact + deal from a lead; reuse of an account
# by email domain or company name and of a contact by email; free-mail
# domains; --no-deal and the deal flags; refusals leave everything as it was.
. "${SALES_SRC:-.}/tests/cli/lib.sh"

NOW=2026-11-27T09:30:00Z
rep-add ann >/dev/null && rep-add bob >/dev/null || echo "Bail out! rep-add failed"
lead-add - >/dev/null <<'X'
name,company,email,phone,source,segment,owner
Jo Park,Parkway Ltd,jo@parkway.example,555-0101,web,b2b,ann
Kim Lee,ACME inc,kim@gmail.com,,event,saas,bob
Lou Ma,Other Name,lou@acme.example,,referral,,ann
Max Nu,Other Name,MAX@acme.example,,,,
,Solo Co,,,,enterprise,
Ned Oz,Fan Club,ned@gmail.com,,,,
Pat Qi,Spare,pat@spare.example,,,,
X
lead-update L7 --status disqualified >/dev/null

run lead-convert L1
rc_is 0 "lead-convert"
out_is "prints the account, contact and deal ids" <<'X'
A1
C1
D1
X
run account-list
out_is "the account: company, email domain, segment, owner" <<X
id,created,name,domain,segment,industry,owner,updated,notes
A1,$NOW,Parkway Ltd,parkway.example,b2b,,ann,$NOW,
X
run contact-list
out_is "the contact: the person, at the account" <<X
id,created,account,name,email,phone,title,updated
C1,$NOW,A1,Jo Park,jo@parkway.example,555-0101,,$NOW
X
run deal-list
out_is "the deal: named after the company, first stage, type new, lead's segment and source" <<X
id,created,name,account,contact,lead,owner,stage,amount,currency,probability,category,close,closed,segment,source,type,lost_reason,updated
D1,$NOW,Parkway Ltd,A1,C1,L1,ann,prospecting,,,,,,,b2b,web,new,,$NOW
X
run lead-list -c id,status,updated --where 'id = L1'
out_is "the lead is converted" <<X
id,status,updated
L1,converted,$NOW
X
run sales-history --user tester --where 'command = lead-convert'
out_is "history: three records created and the status change" <<X
ts,user,command,entity,id,field,old,new
$NOW,tester,lead-convert,accounts,A1,,,created
$NOW,tester,lead-convert,contacts,C1,,,created
$NOW,tester,lead-convert,deals,D1,,,created
$NOW,tester,lead-convert,leads,L1,status,new,converted
X

# ---- a converted (or disqualified) lead is refused --------------------------------
snap
run lead-convert L1
rc_is 1 "converting a converted lead fails"
err_is "converted message" <<'X'
lead-convert: lead L1 is converted
X
run lead-convert L7
rc_is 1 "converting a disqualified lead fails"
err_is "disqualified message" <<'X'
lead-convert: lead L7 is disqualified
X
unchanged "refusals write nothing"

# ---- reuse ------------------------------------------------------------------------
account-add --name "Acme Incorporated" --domain acme.example >/dev/null # A2
account-add --name "Acme Inc" >/dev/null                                # A3
account-add --name "Gmail" --domain gmail.com >/dev/null                # A4
contact-add --name "Max N." --account A2 --email max@acme.example >/dev/null # C2

run lead-convert L3 --no-deal
rc_is 0 "--no-deal"
out_is "an account with the lead's email domain is reused, whatever its name" <<'X'
A2
C3
X
run lead-convert L4 --name "Acme renewal" --amount 1200.5 --close 2026-12-31 --stage proposal --owner bob
rc_is 0 "deal flags"
out_is "the contact with the same email (any case) at that account is reused" <<'X'
A2
C2
D2
X
run deal-list -c id,name,account,contact,lead,owner,stage,amount,close --where 'id = D2'
out_is "the deal takes --name --amount --close --stage --owner" <<'X'
id,name,account,contact,lead,owner,stage,amount,close
D2,Acme renewal,A2,C2,L4,bob,proposal,1200.5,2026-12-31
X
run lead-convert L2
out_is "a free-mail lead: the account is found by company name, any case" <<'X'
A3
C4
D3
X
run lead-convert L6 --no-deal
out_is "a free-mail domain never matches an account's domain" <<'X'
A5
C5
X
run account-list -c id,name,domain --where 'id = A5'
out_is "and is not stored as the new account's domain" <<'X'
id,name,domain
A5,Fan Club,
X
run lead-convert L5
rc_is 0 "a lead with only a company"
out_is "makes an account and a deal, no contact" <<'X'
A6
D4
X
run deal-list -c id,name,account,contact,segment --where 'id = D4'
out_is "the deal has no contact" <<'X'
id,name,account,contact,segment
D4,Solo Co,A6,,enterprise
X

# ---- failures leave the data directory as it was -------------------------------------
lead-add --name "Rae Su" --company "Newco" --email rae@newco.example >/dev/null # L8
bad() { # bad NAME RC WANT-STDERR -- CMD...
    _name=$1 _rc=$2 _want=$3
    shift 4
    snap
    run "$@"
    rc_is "$_rc" "$_name: exit $_rc"
    is "$(head -n 1 "$T/err")" "$_want" "$_name: message"
    is "$(cat "$T/out")" "" "$_name: no ids printed"
    unchanged "$_name: no account, contact or deal left behind"
}
bad "bad amount" 1 "lead-convert: bad amount '12,5' (expected an amount like 12500 or 12500.50)" -- \
    lead-convert L8 --amount 12,5
bad "bad close" 1 "lead-convert: bad close 'someday' (expected YYYY-MM-DD, today, yesterday, +14d, -3m)" -- \
    lead-convert L8 --close someday
bad "unknown stage" 1 "lead-convert: unknown stage 'won-ish' (stages: prospecting, qualification, proposal, negotiation, won, lost)" -- \
    lead-convert L8 --stage won-ish
bad "unknown owner" 1 "lead-convert: unknown owner 'zed' (not in reps.csv)" -- lead-convert L8 --owner zed
bad "unknown lead" 1 "lead-convert: unknown lead 'L99' (not in leads.csv)" -- lead-convert L99
bad "--no-deal with deal flags" 2 "lead-convert: --no-deal with deal fields" -- \
    lead-convert L8 --no-deal --amount 5
bad "no operand" 2 "lead-convert: missing operand: ID" -- lead-convert
bad "two operands" 2 "lead-convert: unexpected operand 'L2'" -- lead-convert L8 L2
run lead-convert L8 --stage won --amount 10
rc_is 0 "converting straight to won"
run deal-list -c id,stage,closed --where 'lead = L8'
out_is "a won deal gets its closed date" <<'X'
id,stage,closed
D5,won,2026-11-27
X
done_testing
