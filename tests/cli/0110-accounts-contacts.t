#!/bin/sh
# account-add, account-list, contact-add, contact-list: flags, stdin,
# validation, filters that apply and those that do not.
. "${SALES_SRC:-.}/tests/cli/lib.sh"

NOW=2026-11-27T09:30:00Z
rep-add ann --team east >/dev/null && rep-add bob --team west >/dev/null || echo "Bail out! rep-add failed"

# ---- accounts ---------------------------------------------------------------------
run account-add --name "Acme, Inc." --domain WWW.Acme.Example --segment Enterprise \
    --industry Manufacturing --owner ann --notes "key account"
rc_is 0 "account-add with every flag"
out_is "account id" <<'X'
A1
X
SALES_NOW=2026-10-01T08:00:00Z account-add - --owner bob >/dev/null <<'X'
name,domain,segment,industry
Bravo,bravo.example,b2b,Retail
Charlie,,b2c,
X
echo '[{"name":"Delta","segment":"saas","owner":"ann"}]' | SALES_NOW=2026-11-20T08:00:00Z account-add - >/dev/null
run account-list
out_is "account-list: the file as written" <<X
id,created,name,domain,segment,industry,owner,updated,notes
A1,$NOW,"Acme, Inc.",www.acme.example,enterprise,Manufacturing,ann,$NOW,key account
A2,2026-10-01T08:00:00Z,Bravo,bravo.example,b2b,Retail,bob,2026-10-01T08:00:00Z,
A3,2026-10-01T08:00:00Z,Charlie,,b2c,,bob,2026-10-01T08:00:00Z,
A4,2026-11-20T08:00:00Z,Delta,,saas,,ann,2026-11-20T08:00:00Z,
X
ids() { run "$@"; tail -n +2 "$T/out" | cut -d, -f1 | tr '\n' ' ' | sed 's/ $//'; }
is "$(ids account-list -c id --owner ann)" "A1 A4" "account-list --owner"
is "$(ids account-list -c id --team west)" "A2 A3" "account-list --team"
is "$(ids account-list -c id --segment b2b,b2c)" "A2 A3" "account-list --segment"
is "$(ids account-list -c id --since 2026-11-01)" "A1 A4" "account-list --since (created)"
is "$(ids account-list -c id --until 2026-10-31)" "A2 A3" "account-list --until"
is "$(ids account-list -c id --period this-month)" "A1 A4" "account-list --period"
is "$(ids account-list -c id --where 'industry ~ ^re')" "A2" "account-list --where ~"
is "$(ids account-list -c id --sort -name)" "A4 A3 A2 A1" "account-list --sort -name"
is "$(ids account-list -c id --sort domain)" "A2 A1 A3 A4" "--sort: not set sorts last"
run env SALES_FORCE_TTY=1 account-list
out_is "account-list as a table" <<'X'
id  name        domain            segment     industry       owner
A1  Acme, Inc.  www.acme.example  enterprise  Manufacturing  ann
A2  Bravo       bravo.example     b2b         Retail         bob
A3  Charlie                       b2c                        bob
A4  Delta                         saas                       ann
X
for f in stage status source; do
    run account-list --$f x
    rc_is 2 "account-list --$f does not apply"
    is "$(head -n 1 "$T/err")" "account-list: --$f does not apply to accounts" "--$f message"
done

bad() { # bad NAME WANT-STDERR -- CMD...
    _name=$1 _want=$2
    shift 3
    snap
    run "$@"
    rc_is 1 "$_name: exit 1"
    is "$(cat "$T/err")" "$_want" "$_name: message"
    unchanged "$_name: nothing written"
}
bad "account without name" "account-add: name is required" -- account-add --domain x.example
bad "bad domain" "account-add: bad domain 'acme' (expected a domain like example.com)" -- \
    account-add --name x --domain acme
bad "bad segment" "account-add: bad segment 'smb' (expected b2c, b2b, enterprise, saas)" -- \
    account-add --name x --segment smb
bad "unknown owner" "account-add: unknown owner 'cal' (not in reps.csv)" -- account-add --name x --owner cal
bad "id given" "account-add: id is given by the tool (sales-import keeps ids of your own)" -- \
    account-add --name x --set id=A9
bad "unknown column" "account-add: accounts.csv has no column 'tier'" -- account-add --name x --set tier=1
bad "batch with a bad record" "account-add: <stdin>:3: name is required" -- \
    sh -c 'printf "name,domain\nGood,good.example\n,bad.example\n" | account-add -'

# ---- contacts ---------------------------------------------------------------------
run contact-add --name "Jo Park" --account A1 --email Jo@Acme.Example --phone "+44 20 7946 0000" --title CTO
rc_is 0 "contact-add with every flag"
out_is "contact id" <<'X'
C1
X
run contact-add - --account A2 <<'X'
name,email,title
Kim Lee,kim@bravo.example,Buyer
Lou Ma,,
X
out_is "contacts from stdin" <<'X'
C2
C3
X
run contact-add - <<'X'
{"name": "Max Nu", "account": "A1", "title": "CEO"}
{"name": "No Account"}
X
rc_is 0 "contacts from NDJSON; the account is optional"
run contact-list
out_is "contact-list" <<X
id,created,account,name,email,phone,title,updated
C1,$NOW,A1,Jo Park,jo@acme.example,+44 20 7946 0000,CTO,$NOW
C2,$NOW,A2,Kim Lee,kim@bravo.example,,Buyer,$NOW
C3,$NOW,A2,Lou Ma,,,,$NOW
C4,$NOW,A1,Max Nu,,,CEO,$NOW
C5,$NOW,,No Account,,,,$NOW
X
is "$(ids contact-list -c id --where 'account = A1')" "C1 C4" "contact-list --where account ="
is "$(ids contact-list -c id --where 'account = ')" "C5" "contact-list --where account not set"
is "$(ids contact-list -c id --where 'title ~ ^c')" "C1 C4" "contact-list --where ~"
is "$(ids contact-list -c id --since today)" "C1 C2 C3 C4 C5" "contact-list --since"
is "$(ids contact-list -c id --sort -name --limit 2)" "C5 C4" "contact-list --sort --limit"
run contact-list -c name,account -f tsv --where 'account = A2'
out_is "contact-list tsv" <<'X'
name	account
Kim Lee	A2
Lou Ma	A2
X
for f in owner team segment stage status source; do
    run contact-list --$f x
    rc_is 2 "contact-list --$f does not apply"
    is "$(head -n 1 "$T/err")" "contact-list: --$f does not apply to contacts" "--$f message"
done
bad "contact without name" "contact-add: name is required" -- contact-add --account A1
bad "unknown account" "contact-add: unknown account 'A9' (not in accounts.csv)" -- \
    contact-add --name x --account A9
bad "bad email" "contact-add: bad email 'jo at acme' (expected an address like name@example.com)" -- \
    contact-add --name x --email "jo at acme"
bad "bad phone" "contact-add: bad phone 'n/a' (expected digits, spaces, + - ( ) .)" -- \
    contact-add --name x --phone n/a
bad "bad reference in a batch" "contact-add: <stdin>: record 2: unknown account 'A7' (not in accounts.csv)" -- \
    sh -c 'echo "[{\"name\":\"a\",\"account\":\"A1\"},{\"name\":\"b\",\"account\":\"A7\"}]" | contact-add -'
snap
run contact-add
rc_is 2 "contact-add with nothing"
run contact-add --name x C1
rc_is 2 "contact-add with an operand"
unchanged "usage errors write nothing"
done_testing
