#!/bin/sh
# lead-list: every filter (--owner --team --segment --status --source --since
# --until --period --where with each operator), -c, typed --sort, --limit,
# formats, inapplicable filters and unknown fields.
. "${SALES_SRC:-.}/tests/cli/lib.sh"

at() { _d=$1; shift; SALES_NOW="${_d}T12:00:00Z" "$@" >/dev/null || echo "# setup failed: $*"; }
at 2026-01-02 rep-add ann --team east
at 2026-01-02 rep-add bob --team east --manager ann
at 2026-01-02 rep-add cal --team west
at 2026-09-10 lead-add --name "Alpha One" --company Acme --email a@acme.example --source web --segment b2b --owner ann --score 10
at 2026-10-05 lead-add --name "Beta Two" --company Bravo --source referral --segment saas --owner bob --status contacted --score 55
at 2026-11-01 lead-add --name Gamma --company Charlie --email g@charlie.example --source web --segment b2c --owner cal --status qualified --score 9
at 2026-11-20 lead-add --name delta --company Delta --source event --segment enterprise --status disqualified --score -5
at 2026-11-27 lead-add --name Epsilon --company Echo --source web --segment b2b --owner bob

ids() { # ids ARGS...: the ids lead-list prints, on one line
    run lead-list -c id "$@"
    tail -n +2 "$T/out" | tr '\n' ' ' | sed 's/ $//'
}

run lead-list
rc_is 0 "lead-list"
out_is "csv by default when stdout is not a terminal, every column" <<'X'
id,created,name,company,email,phone,source,segment,owner,status,score,updated,notes
L1,2026-09-10T12:00:00Z,Alpha One,Acme,a@acme.example,,web,b2b,ann,new,10,2026-09-10T12:00:00Z,
L2,2026-10-05T12:00:00Z,Beta Two,Bravo,,,referral,saas,bob,contacted,55,2026-10-05T12:00:00Z,
L3,2026-11-01T12:00:00Z,Gamma,Charlie,g@charlie.example,,web,b2c,cal,qualified,9,2026-11-01T12:00:00Z,
L4,2026-11-20T12:00:00Z,delta,Delta,,,event,enterprise,,disqualified,-5,2026-11-20T12:00:00Z,
L5,2026-11-27T12:00:00Z,Epsilon,Echo,,,web,b2b,bob,new,,2026-11-27T12:00:00Z,
X

# ---- the common filters --------------------------------------------------------
is "$(ids --owner bob)" "L2 L5" "--owner"
is "$(ids --owner ann,cal)" "L1 L3" "--owner with a list"
is "$(ids --owner ann --owner cal)" "L1 L3" "--owner repeated"
is "$(ids --team east)" "L1 L2 L5" "--team: the team's reps"
is "$(ids --team west)" "L3" "--team west"
is "$(ids --team ann)" "L1 L2 L5" "--team REP: the rep and who reports to them"
is "$(ids --team east --owner bob,cal)" "L2 L5" "--team and --owner: owners within the team"
is "$(ids --segment b2b)" "L1 L5" "--segment"
is "$(ids --segment SaaS,b2c)" "L2 L3" "--segment list, any case"
is "$(ids --status new)" "L1 L5" "--status"
is "$(ids --status qualified,disqualified)" "L3 L4" "--status list"
is "$(ids --source web)" "L1 L3 L5" "--source"
is "$(ids --source referral,event)" "L2 L4" "--source list"
is "$(ids --since 2026-11-01)" "L3 L4 L5" "--since is inclusive (on created)"
is "$(ids --until 2026-11-01)" "L1 L2 L3" "--until is inclusive"
is "$(ids --since 2026-10-01 --until 2026-11-19)" "L2 L3" "--since and --until"
is "$(ids --since -30d)" "L3 L4 L5" "--since relative days (2026-10-28)"
is "$(ids --since -2m)" "L2 L3 L4 L5" "--since relative months (2026-09-27)"
is "$(ids --since today)" "L5" "--since today"
is "$(ids --until yesterday)" "L1 L2 L3 L4" "--until yesterday"
is "$(ids --period 2026-Q3)" "L1" "--period quarter"
is "$(ids --period 2026-10)" "L2" "--period month"
is "$(ids --period 2026-W48)" "L5" "--period ISO week (2026-11-23..29)"
is "$(ids --period 2026)" "L1 L2 L3 L4 L5" "--period year"
is "$(ids --period last-month)" "L2" "--period last-month"
is "$(ids --period this-month)" "L3 L4 L5" "--period this-month"
is "$(ids --period this-quarter --until 2026-11-19)" "L2 L3" "--period and --until together"
is "$(ids --owner bob --status new --source web)" "L5" "filters are ANDed"
is "$(ids --owner cal --status new)" "" "no match prints the header only"

# ---- --where, every operator ----------------------------------------------------
is "$(ids --where 'source = web')" "L1 L3 L5" "where ="
is "$(ids --where 'status = QUALIFIED')" "L3" "where = on an enum ignores case"
is "$(ids --where 'source != web')" "L2 L4" "where !="
is "$(ids --where 'score > 9')" "L1 L2" "where > compares numbers as numbers"
is "$(ids --where 'score >= 9')" "L1 L2 L3" "where >="
is "$(ids --where 'score < 9')" "L4" "where < (negative numbers; not set never compares)"
is "$(ids --where 'score <= 10')" "L1 L3 L4" "where <="
is "$(ids --where 'name ~ ^[a-d]')" "L1 L2 L4" "where ~ is a case-insensitive regex"
is "$(ids --where 'email ~ example$')" "L1 L3" "where ~ anchored at the end"
is "$(ids --where 'email = ')" "L2 L4 L5" "where FIELD = (nothing): not set"
is "$(ids --where 'email != ')" "L1 L3" "where FIELD != (nothing): set"
is "$(ids --where 'created >= -7d')" "L4 L5" "where with a relative date"
is "$(ids --where 'created < 2026-10-05')" "L1" "where < on a timestamp column"
is "$(ids --where 'created < 2026-10-06')" "L1 L2" "where < a date on a timestamp column"
is "$(ids --where 'created <= 2026-10-05')" "L1 L2" "a day against a timestamp compares days (L2 is at 12:00)"
is "$(ids --where 'created = 2026-11-20')" "L4" "where = a day on a timestamp column"
is "$(ids --where 'created = today')" "L5" "where = today"
is "$(ids --where 'created > 2026-10-05T11:00:00Z')" "L2 L3 L4 L5" "a full timestamp compares timestamps"
is "$(ids --where 'score>0' --where 'source=web')" "L1 L3" "repeated --where are ANDed, spaces optional"
is "$(ids --where 'company = Bravo' --owner bob)" "L2" "--where with the common filters"

# ---- columns, sorting, limits ----------------------------------------------------
run lead-list -c name,id,score
out_is "-c picks and orders columns" <<'X'
name,id,score
Alpha One,L1,10
Beta Two,L2,55
Gamma,L3,9
delta,L4,-5
Epsilon,L5,
X
run lead-list -c id,score --sort score
out_is "--sort on a number column is numeric; not set sorts last" <<'X'
id,score
L4,-5
L3,9
L1,10
L2,55
L5,
X
run lead-list -c id,score --sort -score
out_is "--sort -FIELD is descending; not set still last" <<'X'
id,score
L2,55
L1,10
L3,9
L4,-5
L5,
X
run lead-list -c id,created --sort -created --limit 2
out_is "--sort by date descending with --limit" <<'X'
id,created
L5,2026-11-27T12:00:00Z
L4,2026-11-20T12:00:00Z
X
run lead-list -c id,source,name --sort source,-name
out_is "--sort on two keys" <<'X'
id,source,name
L4,event,delta
L2,referral,Beta Two
L3,web,Gamma
L5,web,Epsilon
L1,web,Alpha One
X
run lead-list -c id --limit 0
out_is "--limit 0: the header only" <<'X'
id
X
run lead-list -c id,owner --limit 2 --owner bob,ann
out_is "--limit after the filters" <<'X'
id,owner
L1,ann
L2,bob
X

# ---- formats --------------------------------------------------------------------
run lead-list -c id,name,score,owner --owner bob -f json
out_is "json: numbers as numbers, not set as null" <<'X'
[
{"id":"L2","name":"Beta Two","score":55,"owner":"bob"},
{"id":"L5","name":"Epsilon","score":null,"owner":"bob"}
]
X
run lead-list -c id,name --owner cal -f json
out_is "json with one record" <<'X'
[
{"id":"L3","name":"Gamma"}
]
X
run lead-list -c id --owner cal --status new -f json
out_is "json with none: an empty array" <<'X'
[]
X
run env SALES_FORCE_TTY=1 lead-list
out_is "table on a terminal: the brief columns, aligned, numbers right" <<'X'
id  name       company  email              source    segment     owner  status        score
L1  Alpha One  Acme     a@acme.example     web       b2b         ann    new              10
L2  Beta Two   Bravo                       referral  saas        bob    contacted        55
L3  Gamma      Charlie  g@charlie.example  web       b2c         cal    qualified         9
L4  delta      Delta                       event     enterprise         disqualified     -5
L5  Epsilon    Echo                        web       b2b         bob    new
X
run env SALES_FORCE_TTY=1 lead-list -f csv -c id --limit 1
out_is "-f wins over the terminal" <<'X'
id
L1
X

# ---- errors ---------------------------------------------------------------------
snap
run lead-list --stage proposal
rc_is 2 "a filter that does not apply to leads is a usage error"
is "$(head -n 1 "$T/err")" "lead-list: --stage does not apply to leads" "it names the flag"
is "$(sed -n 2p "$T/err")" "usage: lead-list [-D DIR] [-f FORMAT] [-c COLUMNS] [--sort FIELD,...] [--limit N]" "and shows the usage"
run lead-list --stage=proposal
is "$(head -n 1 "$T/err")" "lead-list: --stage does not apply to leads" "the same with --stage=VALUE"
run lead-list --where 'region = north'
rc_is 1 "--where on a field the file lacks"
err_is "unknown --where field" <<X
lead-list: --where: $D/leads.csv has no column 'region'
X
run lead-list --where 'score'
rc_is 1 "--where without an operator"
err_is "bad --where" <<'X'
lead-list: bad --where 'score' (operator must be one of = != < <= > >= ~)
X
run lead-list --where 'name ~ ('
rc_is 1 "--where with a bad regex"
err_is "bad regex message" <<'X'
lead-list: bad --where 'name ~ (': Unmatched ( or \(
X
run lead-list --owner zed
rc_is 1 "--owner unknown rep"
err_is "unknown rep message" <<'X'
lead-list: unknown rep 'zed' (not in reps.csv)
X
run lead-list --team north
rc_is 1 "--team unknown"
err_is "unknown team message" <<'X'
lead-list: unknown team 'north' (no rep has it as team, and no rep has that id)
X
run lead-list --segment retail
rc_is 1 "--segment bad enum"
err_is "bad segment message" <<'X'
lead-list: bad segment 'retail' (expected b2c, b2b, enterprise, saas)
X
run lead-list --status won
rc_is 1 "--status bad enum"
err_is "bad status message" <<'X'
lead-list: bad status 'won' (expected new, contacted, qualified, disqualified, converted)
X
run lead-list --since 2026-02-30
rc_is 1 "--since bad date"
err_is "bad date message" <<'X'
lead-list: bad --since '2026-02-30' (expected YYYY-MM-DD, today, yesterday, +14d, -3m)
X
run lead-list --until soon
rc_is 1 "--until bad date"
run lead-list --period 2026-Q5
rc_is 1 "--period bad period"
err_is "bad period message" <<'X'
lead-list: bad --period '2026-Q5' (expected 2026, 2026-Q4, 2026-11, 2026-W48, this-quarter, last-month, ...)
X
run lead-list -c id,region
rc_is 1 "-c with a column the file lacks"
err_is "unknown column message" <<X
lead-list: $D/leads.csv: no column 'region'
X
run lead-list --sort region
rc_is 1 "--sort on a column the file lacks"
err_is "unknown sort column" <<X
lead-list: --sort: $D/leads.csv has no column 'region'
X
run lead-list --limit -1
rc_is 1 "--limit negative"
is "$(head -n 1 "$T/err")" "lead-list: bad --limit '-1'" "bad --limit message"
run lead-list -f xml
rc_is 1 "bad --format"
is "$(head -n 1 "$T/err")" "lead-list: bad --format 'xml' (expected table, csv, tsv, json or ndjson)" "bad --format message"
run lead-list L1
rc_is 2 "an operand"
is "$(head -n 1 "$T/err")" "lead-list: unexpected operand 'L1'" "operand message"
unchanged "listing never writes"
done_testing
