#!/bin/sh
# An amount in another currency converted to the home currency (config.json
# "rates") that no data file could hold is refused by every report, with
# the deal and its line, not capped at the largest int64 number of cents.
. "${SALES_SRC:-.}/tests/cli/lib.sh"

printf '{\n  "currency": "USD",\n  "fiscal_year_start": 1,\n  "stale_days": 30,\n  "rates": {"EUR": "2", "JPY": "0.5", "XAU": "999999999"}\n}\n' >"$D/config.json"
rep-add ann --name Ann >/dev/null
quota-set ann 2026-Q4 1000 >/dev/null
# the largest amount that converts: 499,999,999,999,999.99 EUR x 2 = 999,999,999,999,999.98
deal-add --name fits --owner ann --stage proposal --close 2026-12-15 \
    --amount 499999999999999.99 --currency EUR >/dev/null
run pipeline-show --stage proposal
rc_is 0 "the largest amount that converts"
out_is "is shown exactly" <<'X'
stage,deals,amount,weighted,avg_age_days,stale
proposal,1,999999999999999.98,499999999999999.99,0.0,0
X
# a cent more does not fit
deal-add --name big --owner ann --stage proposal --close 2026-12-15 \
    --amount 500000000000000 --currency eur >/dev/null
# a deal in a currency worth less converts down
deal-add --name yen --owner ann --stage won --closed 2026-10-02 \
    --amount 999999999999999.99 --currency JPY >/dev/null
snap
for cmd in pipeline-show quota-report "forecast --pipeline"; do
    run $cmd
    rc_is 1 "$cmd: refused"
    err_is "$cmd: names the deal and its line" <<X
${cmd%% *}: $D/deals.csv:3: deal D2: amount 500000000000000 EUR too large in USD
X
    is "$(cat "$T/out")" "" "$cmd: prints nothing"
done
unchanged "nothing written"
run deal-update D2 --amount 1000
rc_is 0 "made smaller"
run quota-report
rc_is 0 "it converts again"
out_is "the yen deal won, at half" <<'X'
owner,period,quota,won,attainment,gap,pipeline,weighted,coverage,projected,pace,quota_from
ann,2026-Q4,1000,500000000000000,500000000000.00,0,1000000000001999.98,500000000000999.99,,1000000000000999.99,793103448275.86,set
X
# past int64 itself (the old code capped it at 92,233,720,368,547,758.07)
deal-add --name gold --owner ann --stage proposal --close 2026-12-15 \
    --amount 999999999999999.99 --currency XAU >/dev/null
snap
run pipeline-show
rc_is 1 "an amount past int64 once converted"
err_is "is refused, not capped" <<X
pipeline-show: $D/deals.csv:5: deal D4: amount 999999999999999.99 XAU too large in USD
X
unchanged "nothing written"
done_testing
