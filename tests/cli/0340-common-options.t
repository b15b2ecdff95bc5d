#!/bin/sh
# What every issue-2 command has: -h/--help (stdout, exit 0), --version,
# unknown options (usage on stderr, exit 2), -D/--data and $SALES_DATA, a
# missing data directory (exit 1), and a full stdout (exit 1 with a message,
# nothing written).
. "${SALES_SRC:-.}/tests/cli/lib.sh"

CMDS="sales sales-init sales-history lead-add lead-list lead-update lead-convert account-add
account-list contact-add contact-list deal-add deal-list deal-update deal-move deal-close
rep-add rep-list quota-set quota-report pipeline-show forecast"
VERSION=$(sales --version | sed 's/.* //')
is "$(sales --version)" "sales (salesutils) $VERSION" "sales --version"

for c in $CMDS; do
    run $c --help
    rc_is 0 "$c --help: exit 0"
    is "$(head -n 1 "$T/out" | cut -d' ' -f1-2)" "usage: $c" "$c --help: the usage on stdout"
    is "$(cat "$T/err")" "" "$c --help: nothing on stderr"
    cp "$T/out" "$T/help"
    run $c -h
    cmp -s "$T/out" "$T/help"
    ok $? "$c -h: the same as --help"
    run $c --version
    rc_is 0 "$c --version: exit 0"
    out_is "$c --version: name and version" <<X
$c (salesutils) $VERSION
X
    run $c --no-such-option
    rc_is 2 "$c --no-such-option: exit 2"
    if [ "$c" = sales ]; then
        is "$(head -n 1 "$T/err")" "sales: unknown option '--no-such-option'" "$c: names the option"
    else
        is "$(head -n 1 "$T/err")" "$c: unrecognized option '--no-such-option'" "$c: names the option"
    fi
    is "$(sed -n 2p "$T/err" | cut -d' ' -f1-2)" "usage: $c" "$c: then the usage on stderr"
    is "$(cat "$T/out")" "" "$c: nothing on stdout"
    run sh -c "$c --help >/dev/full"
    rc_is 1 "$c --help >/dev/full: exit 1"
    is "$(cat "$T/err")" "$c: write error: No space left on device" "$c --help >/dev/full: says so"
done

# ---- the data directory ---------------------------------------------------------------
rep-add ann >/dev/null && deal-add --name Alpha >/dev/null || echo "Bail out! setup failed"
sales-init "$T/other" >/dev/null
deal-add -D "$T/other" --name Other >/dev/null
run deal-list -c name -D "$T/other"
out_is "-D DIR wins over \$SALES_DATA" <<'X'
name
Other
X
run deal-list -c name --data "$T/other"
out_is "--data DIR" <<'X'
name
Other
X
run env -u SALES_DATA XDG_DATA_HOME="$T/xdg" deal-list -c name
rc_is 1 "without -D and \$SALES_DATA: \$XDG_DATA_HOME/salesutils"
err_is "which is named when missing" <<X
deal-list: $T/xdg/salesutils: no such data directory (create one with sales-init)
X
run env -u SALES_DATA -u XDG_DATA_HOME deal-list -c name
err_is "else ~/.local/share/salesutils" <<X
deal-list: $HOME/.local/share/salesutils: no such data directory (create one with sales-init)
X
mkdir -p "$T/xdg" && mv "$T/other" "$T/xdg/salesutils"
run env -u SALES_DATA XDG_DATA_HOME="$T/xdg" deal-list -c name
out_is "the XDG directory is used when it exists" <<'X'
name
Other
X

missing() { # missing CMD ARGS...: the data directory does not exist
    run "$@" -D "$T/nowhere"
    rc_is 1 "$1 with no data directory: exit 1"
    is "$(cat "$T/err")" "$1: $T/nowhere: no such data directory (create one with sales-init)" "$1: says so"
}
missing sales-history
missing lead-add --name x
missing lead-list
missing lead-update L1 --score 1
missing lead-convert L1
missing account-add --name x
missing account-list
missing contact-add --name x
missing contact-list
missing deal-add --name x
missing deal-list
missing deal-update D1 --amount 1
missing deal-move D1 won
missing deal-close D1 won
missing rep-add bob
missing rep-list
missing quota-set ann 2026-Q4 1
missing quota-report
missing pipeline-show
missing forecast --pipeline
run deal-list -D "$D/deals.csv"
rc_is 1 "-D a file"
err_is "not a directory" <<X
deal-list: $D/deals.csv: not a directory
X
is "$(ls "$T" | grep -c nowhere)" "0" "no command made the missing directory"

# ---- stdout is full -----------------------------------------------------------------------
quota-set ann 2026-Q4 100 >/dev/null
snap
full() { # full CMD ARGS...: stdout is /dev/full
    run sh -c "$* >/dev/full"
    rc_is 1 "$* >/dev/full: exit 1"
    is "$(cat "$T/err")" "${1%% *}: write error: No space left on device" "$1: says so"
}
full sales
full sales-history
full lead-list
full account-list
full contact-list
full deal-list
full deal-list --sort -amount
full rep-list
full quota-report
full pipeline-show -f json
full forecast --pipeline
full deal-list -f table
# (an add prints its ids once the records are in: a dry run here, so that
# nothing is; 0183 shows a real one)
for c in lead-add account-add contact-add deal-add; do
    full $c -n --name lost-on-a-full-disk
done
full rep-add -n bob
run sh -c 'printf "name\nx\n" | lead-add -n - >/dev/full'
rc_is 1 "lead-add -n - >/dev/full: exit 1"
is "$(cat "$T/err")" "lead-add: write error: No space left on device" "lead-add -n -: says so"
unchanged "a full stdout: the dry runs wrote nothing"
done_testing
