#!/bin/sh
# deal-add and deal-update refuse a currency with no exchange rate in
# config.json: taken, it would stop pipeline-show and forecast for everyone.
. "${SALES_SRC:-.}/tests/cli/lib.sh"

deal-add --name One --amount 100 >/dev/null || echo "Bail out! setup failed"
snap
run deal-add --name Two --amount 5 --currency XYZ
rc_is 1 "deal-add --currency XYZ"
err_is "says which rate is missing" <<'X'
deal-add: no exchange rate for XYZ in config.json "rates" (the base currency is USD)
X
unchanged "nothing written"
run deal-update D1 --currency eur
rc_is 1 "deal-update --currency eur"
err_is "deal-update says the same" <<'X'
deal-update: no exchange rate for EUR in config.json "rates" (the base currency is USD)
X
run deal-update D1 --set currency=GBP
rc_is 1 "--set currency=GBP"
printf 'name,amount,currency\nThree,7,JPY\n' >"$T/in"
run deal-add - <"$T/in"
rc_is 1 "a record on stdin"
err_is "named by its line" <<'X'
deal-add: <stdin>:2: no exchange rate for JPY in config.json "rates" (the base currency is USD)
X
unchanged "still nothing written"

run deal-add --name Base --amount 5 --currency usd
rc_is 0 "the base currency needs no rate"
sed 's/"stale_days": 30/"stale_days": 30,\n  "rates": {"EUR": "1.10"}/' "$D/config.json" >"$T/c" &&
    cp "$T/c" "$D/config.json"
run deal-update D1 --currency EUR
rc_is 0 "a currency with a rate"
is "$(pipeline-show | sed -n 2p)" "prospecting,2,115,11.5,0.0,0" \
    "and the reports convert it: 100 EUR x 1.10 + 5 USD; weighted at 10%"

done_testing
