#!/bin/sh
# deal-add, deal-list, deal-update: every field, validation, stage rules
# on add, the filters (dates are the expected close date), typed sorting.
. "${SALES_SRC:-.}/tests/cli/lib.sh"

H=id,created,name,account,contact,lead,owner,stage,amount,currency,probability,category,close,closed,segment,source,type,lost_reason,updated
NOW=2026-11-27T09:30:00Z
# a deal in EUR needs its exchange rate (0173 tests the refusal)
sed 's/"stale_days": 30/"stale_days": 30,\n  "rates": {"EUR": "1.10"}/' "$D/config.json" >"$T/c" && cp "$T/c" "$D/config.json"
{ rep-add ann --team east && rep-add bob --team east --manager ann && rep-add cal --team west &&
    account-add --name Acme && contact-add --name Jo --account A1 && lead-add --name Jo; } >/dev/null ||
    echo "Bail out! setup failed"

# ---- deal-add -----------------------------------------------------------------------
run deal-add --name "Acme, phase 1" --account A1 --contact C1 --lead L1 --owner ann \
    --stage Proposal --amount 12500.50 --currency eur --probability 35 --category Commit \
    --close 2026-12-15 --segment B2B --source web --type New
rc_is 0 "deal-add with every flag"
out_is "deal id" <<'X'
D1
X
file_is "$D/deals.csv" "stored normalised: stage and enums lowercase, money canonical, currency upper" <<X
$H
D1,$NOW,"Acme, phase 1",A1,C1,L1,ann,proposal,12500.5,EUR,35,commit,2026-12-15,,b2b,web,new,,$NOW
X
run deal-add --name Minimal
out_is "second id" <<'X'
D2
X
is "$(tail -n 1 "$D/deals.csv")" "D2,$NOW,Minimal,,,,,prospecting,,,,,,,,,,,$NOW" "a new deal starts in the first stage"
run deal-add --name "Won already" --stage won --amount 10
is "$(deal-list -c stage,closed --where 'id = D3' | tail -n 1)" "won,2026-11-27" "a won deal gets closed = today"
run deal-add --name "Lost long ago" --stage lost --closed 2026-10-01 --lost_reason "no budget"
is "$(deal-list -c stage,closed,lost_reason --where 'id = D4' | tail -n 1)" "lost,2026-10-01,no budget" "--closed and --lost_reason on a lost deal"
run deal-add --name Soon --close +14d
is "$(deal-list -c close --where 'id = D5' | tail -n 1)" "2026-12-11" "--close takes a relative date"
run deal-add - --owner bob --stage qualification <<'X'
name,amount,close,owner
Bulk one,999.99,2027-01-31,
Bulk two,20000,2026-12-01,cal
X
rc_is 0 "deals from CSV on stdin"
out_is "their ids" <<'X'
D6
D7
X
run deal-add - --segment saas <<'X'
[{"name": "Json one", "amount": 1000.5, "probability": 60, "close": "2027-02-15", "owner": "ann"},
 {"name": "Json two", "amount": "5", "segment": "enterprise", "stage": "negotiation", "close": null}]
X
rc_is 0 "deals from a JSON array (numbers and strings)"
run deal-list -c id,name,owner,stage,amount,probability,close,segment --since 2026-12-01
out_is "stdin deals: flags as defaults" <<'X'
id,name,owner,stage,amount,probability,close,segment
D1,"Acme, phase 1",ann,proposal,12500.5,35,2026-12-15,b2b
D5,Soon,,prospecting,,,2026-12-11,
D6,Bulk one,bob,qualification,999.99,,2027-01-31,
D7,Bulk two,cal,qualification,20000,,2026-12-01,
D8,Json one,ann,prospecting,1000.5,60,2027-02-15,saas
X

bad() { # bad NAME WANT-STDERR -- CMD...
    _name=$1 _want=$2
    shift 3
    snap
    run "$@"
    rc_is 1 "$_name: exit 1"
    is "$(cat "$T/err")" "$_want" "$_name: message"
    is "$(cat "$T/out")" "" "$_name: no id"
    unchanged "$_name: nothing written"
}
bad "no name" "deal-add: name is required" -- deal-add --amount 5
bad "unknown stage" "deal-add: unknown stage 'closing' (stages: prospecting, qualification, proposal, negotiation, won, lost)" -- \
    deal-add --name x --stage closing
bad "negative amount" "deal-add: bad amount '-5' (must not be negative)" -- deal-add --name x --amount=-5
bad "three decimals" "deal-add: bad amount '1.005' (expected an amount like 12500 or 12500.50)" -- \
    deal-add --name x --amount 1.005
bad "thousands separator" "deal-add: bad amount '12,500' (expected an amount like 12500 or 12500.50)" -- \
    deal-add --name x --amount 12,500
bad "text amount" "deal-add: bad amount 'lots' (expected an amount like 12500 or 12500.50)" -- \
    deal-add --name x --amount lots
bad "bad close date" "deal-add: bad close '2026-11-31' (expected YYYY-MM-DD, today, yesterday, +14d, -3m)" -- \
    deal-add --name x --close 2026-11-31
bad "unknown account" "deal-add: unknown account 'A2' (not in accounts.csv)" -- deal-add --name x --account A2
bad "unknown contact" "deal-add: unknown contact 'C9' (not in contacts.csv)" -- deal-add --name x --contact C9
bad "unknown lead" "deal-add: unknown lead 'L5' (not in leads.csv)" -- deal-add --name x --lead L5
bad "unknown owner" "deal-add: unknown owner 'dee' (not in reps.csv)" -- deal-add --name x --owner dee
bad "probability over 100" "deal-add: bad probability '120' (expected a whole number from 0 to 100)" -- \
    deal-add --name x --probability 120
bad "bad category" "deal-add: bad category 'maybe' (expected pipeline, best, commit, closed, omitted)" -- \
    deal-add --name x --category maybe
bad "bad type" "deal-add: bad type 'upsell' (expected new, renewal, expansion)" -- deal-add --name x --type upsell
bad "bad segment" "deal-add: bad segment 'smb' (expected b2c, b2b, enterprise, saas)" -- deal-add --name x --segment smb
bad "bad currency" "deal-add: bad currency 'EURO' (expected a three-letter currency code like USD)" -- \
    deal-add --name x --currency EURO
bad "closed on an open deal" "deal-add: closed is only set on won or lost deals (stage is prospecting)" -- \
    deal-add --name x --closed 2026-11-01
bad "lost reason on a won deal" "deal-add: lost_reason is only set on lost deals" -- \
    deal-add --name x --stage won --lost_reason price
bad "id given" "deal-add: id is given by the tool (sales-import keeps ids of your own)" -- \
    deal-add --name x --set id=D100
bad "unknown --set column" "deal-add: deals.csv has no column 'region'" -- deal-add --name x --set region=eu
bad "a bad record in a batch" "deal-add: <stdin>:3: bad amount 'n/a' (expected an amount like 12500 or 12500.50)" -- \
    sh -c 'printf "name,amount\nok,1\nbad,n/a\n" | deal-add -'
bad "a bad JSON record" "deal-add: <stdin>: record 2: unknown stage 'done' (stages: prospecting, qualification, proposal, negotiation, won, lost)" -- \
    sh -c 'echo "[{\"name\":\"ok\"},{\"name\":\"bad\",\"stage\":\"done\"}]" | deal-add -'

# ---- deal-list ------------------------------------------------------------------------
ids() { run deal-list -c id "$@"; tail -n +2 "$T/out" | tr '\n' ' ' | sed 's/ $//'; }
is "$(ids --owner ann)" "D1 D8" "--owner"
is "$(ids --team east)" "D1 D6 D8" "--team (ann, bob)"
is "$(ids --team ann --owner bob)" "D6" "--team and --owner"
is "$(ids --stage qualification,negotiation)" "D6 D7 D9" "--stage list"
is "$(ids --stage Won)" "D3" "--stage any case"
is "$(ids --segment saas)" "D8" "--segment"
is "$(ids --source web)" "D1" "--source"
is "$(ids --since 2026-12-11 --until 2026-12-31)" "D1 D5" "--since/--until on the close date"
is "$(ids --period 2027-Q1)" "D6 D8" "--period on the close date"
is "$(ids --until +14d)" "D5 D7" "--until relative"
is "$(ids --where 'amount > 999.99')" "D1 D7 D8" "where > on money is numeric"
is "$(ids --where 'amount <= 1000.5' --where 'amount != ')" "D3 D6 D8 D9" "where <= on money"
is "$(ids --where 'close < 2026-12-12')" "D5 D7" "where < on a date"
is "$(ids --where 'closed >= 2026-10-01')" "D3 D4" "where >= on closed"
is "$(ids --where 'name ~ ^bulk')" "D6 D7" "where ~"
is "$(ids --where 'probability >= 50')" "D8" "where on a percent"
run deal-list -c id,amount --sort amount
out_is "--sort amount is numeric (5 < 10 < 999.99 < 1000.5 < ...), not set last" <<'X'
id,amount
D9,5
D3,10
D6,999.99
D8,1000.5
D1,12500.5
D7,20000
D2,
D4,
D5,
X
run deal-list -c id,close --sort -close --limit 4
out_is "--sort -close: latest first" <<'X'
id,close
D8,2027-02-15
D6,2027-01-31
D1,2026-12-15
D5,2026-12-11
X
run deal-list -c id,stage,amount --stage won,lost -f ndjson
out_is "ndjson: money as a number" <<'X'
{"id":"D3","stage":"won","amount":10}
{"id":"D4","stage":"lost","amount":null}
X
run env SALES_FORCE_TTY=1 deal-list --owner ann,cal
out_is "the table: brief columns, money grouped with cents" <<'X'
id  name           account  owner  stage             amount  close       closed
D1  Acme, phase 1  A1       ann    proposal       12,500.50  2026-12-15
D7  Bulk two                cal    qualification  20,000.00  2026-12-01
D8  Json one                ann    prospecting     1,000.50  2027-02-15
X
snap
run deal-list --status new
rc_is 2 "--status does not apply to deals"
is "$(head -n 1 "$T/err")" "deal-list: --status does not apply to deals" "--status message"
run deal-list --stage closing
rc_is 1 "--stage unknown"
err_is "unknown stage filter" <<'X'
deal-list: unknown stage 'closing' (stages: prospecting, qualification, proposal, negotiation, won, lost)
X
run deal-list -c id --where 'amount >'
out_is "--where amount > (nothing): not set never orders, so nothing matches" <<'X'
id
X
unchanged "deal-list writes nothing"
done_testing
