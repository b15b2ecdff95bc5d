#!/bin/sh
# The five output formats on awkward values: quotes, commas, tabs, line
# breaks, backslashes, CJK text (display width), long text, negative and
# money numbers, values not set. table on a terminal (SALES_FORCE_TTY=1,
# NO_COLOR=1), colour only when asked for, csv otherwise.
. "${SALES_SRC:-.}/tests/cli/lib.sh"

rep-add ann >/dev/null || echo "Bail out! rep-add failed"
lead-add --name 'Zoë "Z" Ng' --company 'Tab	Co, Ltd' --notes 'two
lines\' --score 7 --owner ann >/dev/null
lead-add --name '山田太郎' --company '株式会社テスト' --email yamada@test.jp --segment enterprise >/dev/null
lead-add --name "A very long name that goes on and on and on beyond forty columns" --score -3 >/dev/null
deal-add - >/dev/null <<'X'
name,amount,probability
Big,1234567.89,
Small,0.05,5
None,,
X

run lead-list -c id,name,company,notes,score -f csv
out_is "csv: RFC 4180 quoting only where needed" <<'X'
id,name,company,notes,score
L1,"Zoë ""Z"" Ng","Tab	Co, Ltd","two
lines\",7
L2,山田太郎,株式会社テスト,,
L3,A very long name that goes on and on and on beyond forty columns,,,-3
X
run lead-list -c id,name,company,notes,score -f tsv
out_is "tsv: tab, newline and backslash escaped" <<'X'
id	name	company	notes	score
L1	Zoë "Z" Ng	Tab\tCo, Ltd	two\nlines\\	7
L2	山田太郎	株式会社テスト		
L3	A very long name that goes on and on and on beyond forty columns			-3
X
run lead-list -c id,name,company,notes,score -f json
out_is "json: escaped strings, numbers, null" <<'X'
[
{"id":"L1","name":"Zoë \"Z\" Ng","company":"Tab\tCo, Ltd","notes":"two\nlines\\","score":7},
{"id":"L2","name":"山田太郎","company":"株式会社テスト","notes":null,"score":null},
{"id":"L3","name":"A very long name that goes on and on and on beyond forty columns","company":null,"notes":null,"score":-3}
]
X
is "$(/usr/bin/python3 -c 'import json,sys; print(len(json.load(sys.stdin)))' <"$T/out")" "3" "json parses"
run lead-list -c id,name,notes -f ndjson
out_is "ndjson: one object per line" <<'X'
{"id":"L1","name":"Zoë \"Z\" Ng","notes":"two\nlines\\"}
{"id":"L2","name":"山田太郎","notes":null}
{"id":"L3","name":"A very long name that goes on and on and on beyond forty columns","notes":null}
X
is "$(/usr/bin/python3 -c 'import json,sys; print(sum(1 for l in sys.stdin if json.loads(l)))' <"$T/out")" "3" "every ndjson line parses"
run env SALES_FORCE_TTY=1 lead-list -c id,name,company,notes,score
out_is "table: aligned by display width, long text cut, line breaks shown, numbers right" <<'X'
id  name                                      company         notes       score
L1  Zoë "Z" Ng                                Tab Co, Ltd     two↵lines\      7
L2  山田太郎                                  株式会社テスト
L3  A very long name that goes on and on an…                                 -3
X
run env SALES_FORCE_TTY=1 lead-list -f tsv -c id --limit 1
out_is "-f wins over a terminal" <<'X'
id
L1
X
run lead-list -c id --limit 1
out_is "csv when stdout is not a terminal" <<'X'
id
L1
X

# money: grouped with cents in a table, plain decimals elsewhere
run deal-list -c id,name,amount,probability -f csv
out_is "money in csv" <<'X'
id,name,amount,probability
D1,Big,1234567.89,
D2,Small,0.05,5
D3,None,,
X
run deal-list -c id,amount -f json
out_is "money in json is a number" <<'X'
[
{"id":"D1","amount":1234567.89},
{"id":"D2","amount":0.05},
{"id":"D3","amount":null}
]
X
run env SALES_FORCE_TTY=1 deal-list -c id,name,amount,probability
out_is "money in a table" <<'X'
id  name         amount  probability
D1  Big    1,234,567.89
D2  Small          0.05            5
D3  None
X
run env SALES_FORCE_TTY=1 deal-list -c id,amount --where 'amount = 1234567.89'
out_is "whole amounts keep their cents when a column has some" <<'X'
id        amount
D1  1,234,567.89
X
deal-update D1 --amount 1200000 >/dev/null
run env SALES_FORCE_TTY=1 deal-list -c id,amount --where 'amount >= 1'
out_is "a column of whole amounts shows cents too: one rule for every table" <<'X'
id        amount
D1  1,200,000.00
X
run deal-list -c id,amount --where 'amount >= 1' -f csv
out_is "CSV keeps the canonical amount, no cents added" <<'X'
id,amount
D1,1200000
X

# colour: only for a terminal, never with NO_COLOR, never for TERM=dumb
esc=$(printf '\033')
run env SALES_FORCE_TTY=1 NO_COLOR= TERM=xterm lead-list -c id,score --limit 1
out_is "NO_COLOR empty and a real terminal: a bold header" <<X
${esc}[1mid  score${esc}[0m
L1      7
X
run env SALES_FORCE_TTY=1 NO_COLOR=1 TERM=xterm lead-list -c id --limit 1
out_is "NO_COLOR=1: no escapes" <<'X'
id
L1
X
run env SALES_FORCE_TTY=1 NO_COLOR= TERM=dumb lead-list -c id --limit 1
out_is "TERM=dumb: no escapes" <<'X'
id
L1
X
run env NO_COLOR= TERM=xterm lead-list -c id --limit 1 -f table
out_is "-f table off a terminal: a table, no colour" <<'X'
id
L1
X

# every command that prints records takes every format
for cmd in "lead-list" "account-list" "contact-list" "deal-list" "rep-list" "sales-history" \
    "pipeline-show" "quota-report" "forecast --pipeline"; do
    for f in table csv tsv json ndjson; do
        run $cmd -f $f
        rc_is 0 "$cmd -f $f"
    done
    run $cmd -f json
    is "$(/usr/bin/python3 -c 'import json,sys; json.load(sys.stdin); print("ok")' <"$T/out" 2>&1)" "ok" "$cmd -f json parses"
done
done_testing
