#!/bin/sh
# sales, the umbrella: the list of commands, `sales CMD ARGS` runs CMD
# (exit status and all), `sales help CMD`, unknown commands.
. "${SALES_SRC:-.}/tests/cli/lib.sh"

run sales
rc_is 0 "sales"
is "$(head -n 4 "$T/out")" "usage: sales [-D DIR] [COMMAND [ARG ...]]
       sales help COMMAND

commands:" "the usage, then the commands"
is "$(tail -n 2 "$T/out")" "
Each command has --help and a manual page (man COMMAND)." "a pointer to --help and the manuals last"
while IFS= read -r line; do
    grep -qxF -- "$line" "$T/out"
    ok $? "listed: $line"
done <<'X'
  sales-init         create a data directory
  sales-history      the audit log of every change
  lead-add           add leads (flags, or CSV/JSON on stdin)
  lead-list          list leads
  lead-update        change leads
  lead-convert       turn a lead into an account, a contact and a deal
  account-add        add accounts
  account-list       list accounts
  contact-add        add contacts
  contact-list       list contacts
  deal-add           add deals
  deal-list          list deals
  deal-update        change deals
  deal-move          move a deal to a stage
  deal-close         close a deal as won or lost
  rep-add            add reps to the sales team
  rep-list           list the sales team
  quota-set          set a quota for a rep or a team
  quota-report       quota attainment, coverage and pace
  pipeline-show      open pipeline per stage, owner, segment, source or month
X
is "$(awk 'length > 80' "$T/out")" "" "every line fits 80 columns"
is "$(awk '/^  [a-z]/ && (substr($0, 20, 2) != "  " || substr($0, 22, 1) == " ")' "$T/out")" "" \
    "every description starts in column 22, two spaces after the longest name"
for c in $(sed -n 's/^  \([a-z-]*\) .*/\1/p' "$T/out"); do
    [ -x "$SALES_BIN/$c" ]
    ok $? "every listed command exists: $c"
done
cp "$T/out" "$T/list"
run sales --help
cmp -s "$T/out" "$T/list"
ok $? "sales --help is the same list"
run sales -h
cmp -s "$T/out" "$T/list"
ok $? "sales -h too"

# sales CMD ARGS runs CMD
run sales rep-add ann --team east
rc_is 0 "sales rep-add"
out_is "its output" <<'X'
ann
X
run sales deal-add --name "Via sales" --owner ann
run sales deal-list -c id,name,owner
out_is "sales deal-list -c ..." <<'X'
id,name,owner
D1,Via sales,ann
X
run sales deal-move D9 won
rc_is 1 "the command's exit status comes back"
err_is "and its message" <<'X'
deal-move: unknown deal 'D9' (not in deals.csv)
X
run sales deal-list --bogus
rc_is 2 "a usage error of the command"
is "$(head -n 1 "$T/err")" "deal-list: unrecognized option '--bogus'" "is the command's own"
run env PATH=/usr/bin:/bin "$SALES_BIN/sales" deal-list -c id
rc_is 0 "sales finds the commands next to itself, without PATH"
out_is "and runs them" <<'X'
id
D1
X
# -D DIR before the command: the command's data directory
mkdir -p "$T/other" && sales-init "$T/other" >/dev/null && rep-add -D "$T/other" zoe >/dev/null
for d in "-D $T/other" "-D$T/other" "--data $T/other" "--data=$T/other"; do
    run sales $d rep-list -c id
    out_is "sales $(echo "$d" | sed "s|$T|T|") rep-list" <<'X'
id
zoe
X
done
run sales -D "$T/other" rep-list -D "$D" -c id
out_is "the command's own -D wins" <<'X'
id
ann
X
run sales -D "$T/nowhere" rep-list
rc_is 1 "sales -D a missing directory: the command says so"
is "$(cat "$T/err")" "rep-list: $T/nowhere: no such data directory (create one with sales-init)" \
    "... in its own words"
run sales -D "$T/other"
rc_is 2 "sales -D DIR without a command"
is "$(head -n 1 "$T/err")" "sales: a command must follow the data directory" "... says so"
run sales -D
rc_is 2 "sales -D without a directory"
is "$(head -n 1 "$T/err")" "sales: option '-D' needs a directory" "... says so"
run sales --bogus deal-list
rc_is 2 "other options go after the command"
is "$(head -n 1 "$T/err")" "sales: unknown option '--bogus'" "... says so"

# sales help CMD
run sales help quota-set
rc_is 0 "sales help quota-set"
quota-set --help >"$T/want_help"
cmp -s "$T/out" "$T/want_help"
ok $? "is quota-set --help"
run sales help forecast
is "$(head -n 1 "$T/out" | cut -d' ' -f1-2)" "usage: forecast" "sales help forecast"

# errors: exit 2, the usage
run sales nosuch
rc_is 2 "an unknown command"
err_is "unknown command message" <<'X'
sales: unknown command 'nosuch' (sales lists them)
usage: sales [-D DIR] [COMMAND [ARG ...]]
       sales help COMMAND
X
run sales help nosuch
rc_is 2 "help for an unknown command"
err_is "unknown command for help" <<'X'
sales: unknown command 'nosuch' (sales lists them)
usage: sales [-D DIR] [COMMAND [ARG ...]]
       sales help COMMAND
X
run sales help
rc_is 2 "help without a command"
is "$(head -n 1 "$T/err")" "sales: help needs a command" "help needs a command"
run sales help deal-list lead-list
rc_is 2 "help with two commands"
run sales ls
rc_is 2 "a name that is not a sales command"
run sales ../bin/deal-list
rc_is 2 "a path is not a command"
done_testing
