#!/bin/sh
# --where values and operators are checked against the column: a date, an
# amount, an enum value or a stage, with "did you mean"; lead-score rules
# the same, named FILE:LINE. Each is exit 1 with nothing printed.
. "${SALES_SRC:-.}/tests/cli/lib.sh"

{ deal-add --name One --amount 100 --stage proposal --close 2026-12-01 --segment saas &&
    lead-add --name Ann --segment enterprise --status qualified; } >/dev/null ||
    echo "Bail out! setup failed"

bad() { # bad CMD-AND-WHERE... MESSAGE
    _msg=$1
    shift
    run "$@"
    rc_is 1 "$*: exit 1"
    is "$(cat "$T/err")" "$_msg" "$*: the message"
    is "$(cat "$T/out")" "" "$*: nothing printed"
}
bad "deal-list: --where 'stage = closing': unknown stage 'closing' (stages: prospecting, qualification, proposal, negotiation, won, lost)" \
    deal-list --where 'stage = closing'
bad "pipeline-show: --where 'stage = propsal': unknown stage 'propsal' (did you mean 'proposal'? stages: prospecting, qualification, proposal, negotiation, won, lost)" \
    pipeline-show --where 'stage = propsal'
bad "deal-list: --where 'close < 2026-02-30': bad close '2026-02-30' (expected YYYY-MM-DD, today, -3d)" \
    deal-list --where 'close < 2026-02-30'
bad "deal-list: --where 'created > yesterdy': bad created 'yesterdy' (expected YYYY-MM-DD, today, -3d, an ISO 8601 timestamp)" \
    deal-list --where 'created > yesterdy'
bad "deal-list: --where 'amount > abc': bad amount 'abc' (expected an amount like 12500.50)" \
    deal-list --where 'amount > abc'
bad "deal-list: bad --where 'amount >> 5': no operator '>>' (one of = != < <= > >= ~)" \
    deal-list --where 'amount >> 5'
bad "deal-list: bad --where 'stage == won': no operator '==' (one of = != < <= > >= ~)" \
    deal-list --where 'stage == won'
bad "deal-list: --where 'segment = enterprize': bad segment 'enterprize' (did you mean 'enterprise'? expected b2c, b2b, enterprise, saas)" \
    deal-list --where 'segment = enterprize'
bad "lead-list: --where 'status = Qualifed': bad status 'Qualifed' (did you mean 'qualified'? expected new, contacted, qualified, disqualified, converted)" \
    lead-list --where 'status = Qualifed'
bad "deal-list: --where 'probability > 500': bad probability '500' (expected a whole number from 0 to 100)" \
    deal-list --where 'probability > 500'
bad "deal-list: --where 'type = upsell': bad type 'upsell' (expected new, renewal, expansion)" \
    deal-list --where 'type = upsell'

# what is valid still works, in any case, and "not set" is an empty value
run deal-list -c id --where 'stage = Proposal' --where 'amount > 99.99' --where 'close < +5d' \
    --where 'segment = SaaS' --where 'lost_reason = '
rc_is 0 "valid values pass"
out_is "and match" <<'X'
id
D1
X
run deal-list -c id --where 'close <= +1m' --where 'created >= 2026-11-27T09:00:00Z' --where 'name ~ ^on'
out_is "relative dates, timestamps and patterns" <<'X'
id
D1
X
run deal-list -c id --where 'stage != won'
out_is "!= on a stage" <<'X'
id
D1
X

# ---- lead-score rules ---------------------------------------------------------
cat >"$T/rules" <<'X'
# scoring
segment = enterprise 30
segment = enterprize 30
X
snap
run lead-score --rules "$T/rules"
rc_is 1 "a rule with a value no lead can have"
err_is "named FILE:LINE, with the fix" <<X
lead-score: $T/rules:3: rule 'segment = enterprize': bad segment 'enterprize' (did you mean 'enterprise'? expected b2c, b2b, enterprise, saas)
X
unchanged "nothing written"
printf 'created > 2026-13-01 5\n' >"$T/rules"
run lead-score --rules "$T/rules"
err_is "a bad date in a rule" <<X
lead-score: $T/rules:1: rule 'created > 2026-13-01': bad created '2026-13-01' (expected YYYY-MM-DD, today, -3d, an ISO 8601 timestamp)
X
printf 'segment = enterprise 30\nstatus = qualified 5\n' >"$T/rules"
run lead-score --rules "$T/rules" -n
rc_is 0 "good rules"
out_is "score" <<'X'
lead,name,score,previous
L1,Ann,35,
X

done_testing
