#!/bin/sh
# account-update and contact-update: the generic update verb over
# accounts.csv and contacts.csv: named flags, --set, FIELD= clears, ids
# from stdin, the checks account-add and contact-add make, history rows.
. "${SALES_SRC:-.}/tests/cli/lib.sh"

C=2026-11-02T08:00:00Z
NOW=2026-11-27T09:30:00Z
{ rep-add ann && rep-add bob; } >/dev/null || echo "Bail out! setup failed"
SALES_NOW=$C account-add - >/dev/null <<'X' || echo "Bail out! setup failed"
name,domain,segment,industry,owner
Acme,acme.io,b2b,manufacturing,ann
Globex,globex.com,enterprise,logistics,ann
Initech,,b2c,,bob
X
SALES_NOW=$C contact-add - >/dev/null <<'X' || echo "Bail out! setup failed"
name,account,email,title
Jane Roe,A1,jane@acme.io,CTO
Hank Scorpio,A2,hank@globex.com,CEO
X

# ---- accounts
run account-update A1 --segment Enterprise --industry robotics --notes "key account"
rc_is 0 "account-update with named flags"
out_is "prints nothing" </dev/null
run account-list -c id,name,segment,industry,owner,notes,updated
out_is "A1 changed (the enum stored lowercase) and its updated time; the others not" <<X
id,name,segment,industry,owner,notes,updated
A1,Acme,enterprise,robotics,ann,key account,$NOW
A2,Globex,enterprise,logistics,ann,,$C
A3,Initech,b2c,,bob,,$C
X
run sales-history A1
out_is "history: created, then one row per changed field in flag order" <<X
ts,user,command,entity,id,field,old,new
$C,tester,account-add,accounts,A1,,,created
$NOW,tester,account-update,accounts,A1,segment,b2b,enterprise
$NOW,tester,account-update,accounts,A1,industry,manufacturing,robotics
$NOW,tester,account-update,accounts,A1,notes,,key account
X

run account-update A1 --segment enterprise --industry robotics
rc_is 0 "setting the values it already has"
run sales-history A1 --field segment -c old,new
out_is "no history row for a value that did not change" <<'X'
old,new
b2b,enterprise
X

run account-update A2 A3 --owner bob --set industry= --domain WWW.Example.ORG
rc_is 0 "several ids, a cleared field, a domain lowercased"
run account-list -c id,domain,industry,owner
out_is "A2 and A3 changed the same way" <<'X'
id,domain,industry,owner
A1,acme.io,robotics,ann
A2,www.example.org,,bob
A3,www.example.org,,bob
X

run sh -c 'account-list --owner bob -f csv | account-update - --owner ann'
rc_is 0 "account-list ... | account-update - --owner ann"
is "$(account-list -c id,owner | tr '\n' ' ')" "id,owner A1,ann A2,ann A3,ann " "every account is ann's again"

sed -i '1s/$/,tier/; 2,$s/$/,/' "$D/accounts.csv"
run account-update A3 --set tier=gold
rc_is 0 "--set on a column of the user's own"
is "$(tail -n 1 "$D/accounts.csv")" "A3,$C,Initech,www.example.org,b2c,,ann,$NOW,,gold" "kept in place"

# ---- contacts
run contact-update C1 --account A2 --title "VP Engineering" --phone "+1 415 555 0100"
rc_is 0 "contact-update with named flags"
run contact-list -c id,account,name,phone,title,updated
out_is "C1 moved to A2, its phone and title set" <<X
id,account,name,phone,title,updated
C1,A2,Jane Roe,+1 415 555 0100,VP Engineering,$NOW
C2,A2,Hank Scorpio,,CEO,$C
X
run sales-history C1 -c field,old,new
out_is "contact history rows" <<'X'
field,old,new
,,created
account,A1,A2
title,CTO,VP Engineering
phone,,+1 415 555 0100
X
run contact-update C2 --email Hank@Globex.COM --account=
rc_is 0 "an email lowercased, the account cleared"
is "$(contact-list -c id,account,email --where 'id = C2' | tail -n 1)" "C2,,hank@globex.com" "as stored"

# ---- bad input: exit 1 and nothing written, or exit 2 for usage
bad() { # bad NAME WANT-STDERR -- CMD...
    _name=$1 _want=$2
    shift 3
    snap
    run "$@"
    rc_is 1 "$_name: exit 1"
    is "$(cat "$T/err")" "$_want" "$_name: message"
    unchanged "$_name: nothing written"
}
bad "unknown account id" "account-update: unknown account 'A9' (not in accounts.csv)" -- \
    account-update A1 A9 --industry x
bad "bad segment" "account-update: bad segment 'smb' (expected b2c, b2b, enterprise, saas)" -- \
    account-update A1 --segment smb
bad "bad domain" "account-update: bad domain 'acme' (expected a domain like example.com)" -- \
    account-update A1 --domain acme
bad "unknown owner" "account-update: unknown owner 'cal' (not in reps.csv)" -- \
    account-update A1 --owner cal
bad "account name cannot be cleared" "account-update: name cannot be empty" -- \
    account-update A1 --name=
bad "id cannot change" "account-update: id cannot be changed" -- account-update A1 --set id=A7
bad "created is the tools'" "account-update: created is set by the tools" -- \
    account-update A1 --set created=2020-01-01
bad "unknown --set column" "account-update: accounts.csv has no column 'colour' (--add-column adds it)" -- \
    account-update A1 --set colour=red
bad "unknown contact id" "contact-update: unknown contact 'C3' (not in contacts.csv)" -- \
    contact-update C3 --title x
bad "contact of an unknown account" "contact-update: unknown account 'A9' (not in accounts.csv)" -- \
    contact-update C1 --account A9
bad "bad email" "contact-update: bad email 'jane' (expected an address like name@example.com)" -- \
    contact-update C1 --email jane
bad "contact name cannot be cleared" "contact-update: name cannot be empty" -- \
    contact-update C1 --set name=
bad "an id on stdin that is not there" "contact-update: unknown contact 'C8' (not in contacts.csv)" -- \
    sh -c 'printf "id\nC1\nC8\n" | contact-update - --title x'

snap
run account-update --owner bob
rc_is 2 "no id: usage"
is "$(head -n 1 "$T/err")" "account-update: no account id given" "no id: message"
run account-update A1
rc_is 2 "nothing to change: usage"
is "$(head -n 1 "$T/err")" "account-update: nothing to change (give fields as flags)" "nothing to change: message"
run contact-update C1 --colour red
rc_is 2 "an unknown flag: usage"
run contact-update C1 --created 2020-01-01
rc_is 2 "created is not a flag"
unchanged "usage errors write nothing"

run account-update --help
rc_is 0 "--help exits 0"
is "$(sed -n 1p "$T/out")" "usage: account-update [-D DIR] [-n] [--name NAME] [--owner REP] [--segment SEGMENT]" "--help starts with the synopsis"
grep -q '^  --industry VALUE' "$T/out"
ok $? "--help lists the column flags"
run contact-update -h
rc_is 0 "contact-update -h"
grep -q '^  --title VALUE' "$T/out"
ok $? "contact-update --help lists --title"
done_testing
