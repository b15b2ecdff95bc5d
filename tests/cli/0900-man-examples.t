#!/bin/sh
# The EXAMPLES of the manual pages run, and say what they print.
#
# Markup (man/man*/*.[157]): in the EXAMPLES section, each example sits in
# a ".Bd -literal" display; a line "$ COMMAND" is a command, and the lines
# after it, up to the next "$ " line or ".Ed", are its standard output.
# Here each command runs with sh -c (roff escapes \e, \- and \& undone) and
# must exit 0; when the display shows output, stdout must be exactly that.
#
# The commands of one page run in order, in one shell (an "export" holds
# for the commands after it), against a fresh copy of the data directory
# made below, a fresh $HOME and an empty working directory, so pages do not
# depend on each other. The clock is at 2026-11-27T09:30:00Z (lib.sh).
# Output shown in a page is computed from this data: change the data and
# the tests show which pages to update.
. "${SALES_SRC:-.}/tests/cli/lib.sh"

bail() {
    echo "Bail out! $*"
    exit 1
}

# at TIMESTAMP CMD ARG...: run a command of the fixture as of that moment.
at() {
    _t=$1
    shift
    SALES_NOW=$_t "$@" >/dev/null || bail "fixture: $*"
}

cat >"$D/config.json" <<'X'
{
  "currency": "USD",
  "fiscal_year_start": 1,
  "stale_days": 30,
  "rates": {"EUR": "1.08"}
}
X

export SALES_USER=carol
at 2026-01-05T09:00:00Z rep-add carol --name "Carol Diaz" --email carol@example.com --team east \
    --role manager --territory us-east --hired 2021-04-01
at 2026-01-05T09:00:00Z rep-add alice --name "Alice Smith" --email alice@example.com --team east \
    --manager carol --role ae --territory us-east --hired 2024-03-01
at 2026-01-05T09:00:00Z rep-add bob --name "Bob Jones" --email bob@example.com --team west \
    --role manager --territory us-west --hired 2022-09-12
at 2026-01-05T09:00:00Z rep-add dan --name "Dan Moss" --email dan@example.com --team west \
    --manager bob --role sdr --territory us-west --hired 2025-06-01
at 2026-01-05T09:00:00Z quota-set carol 2026 150000

export SALES_USER=alice
at 2026-07-01T09:00:00Z account-add --name "Acme Corp" --domain acme.example --segment b2b \
    --industry manufacturing --owner alice
at 2026-07-01T09:05:00Z account-add --name Globex --domain globex.example --segment enterprise \
    --industry logistics --owner bob
at 2026-07-01T09:10:00Z contact-add --name "Jane Roe" --account A1 --email jane@acme.example --title CTO
at 2026-07-01T09:15:00Z contact-add --name "Hank Scorpio" --account A2 --email hank@globex.example \
    --phone "+1 415 555 0199" --title CEO
at 2026-07-01T10:00:00Z deal-add --name "Globex support" --account A2 --contact C2 --owner bob \
    --amount 20000 --close 2026-10-15 --stage proposal --segment enterprise --source referral \
    --type renewal
at 2026-08-01T10:00:00Z deal-add --name "Acme add-on" --account A1 --owner alice --amount 3000.50 \
    --close 2026-10-30 --stage qualification --segment b2b --source web --type expansion
at 2026-09-10T14:00:00Z lead-add --name "Jane Roe" --company "Acme Corp" --email jane@acme.example \
    --source web --segment b2b --owner alice
at 2026-09-15T10:00:00Z deal-add --name "Globex platform" --account A2 --contact C2 --owner bob \
    --amount 50000 --close 2027-01-20 --stage qualification --segment enterprise --source referral \
    --type new
at 2026-10-01T09:00:00Z deal-add --name "Acme renewal" --account A1 --contact C1 --owner alice \
    --amount 12000 --close 2026-12-15 --segment b2b --source web --type renewal
at 2026-10-01T09:30:00Z quota-set alice 2026-Q4 40000
at 2026-10-01T09:30:00Z quota-set bob 2026-Q4 60000
at 2026-10-01T09:30:00Z quota-set dan 2026-Q4 15000
at 2026-10-01T09:30:00Z quota-set east 2026-Q4 60000
at 2026-10-01T09:30:00Z quota-set west 2026-Q4 80000
at 2026-10-02T10:00:00Z lead-add --name "Li Wei" --company Globex --email li@globex.example \
    --phone "+1 415 555 0100" --source referral --segment enterprise --owner bob --status contacted \
    --score 40
at 2026-10-05T09:00:00Z deal-add --name "Acme training" --account A1 --owner alice --amount 8000 \
    --close 2026-11-05 --stage proposal --segment b2b --source web --type expansion
at 2026-10-10T09:00:00Z deal-add --name "Initech suite" --owner dan --amount 5000 --close 2026-11-30 \
    --stage proposal --segment saas --source event --type new

export SALES_USER=bob
at 2026-10-15T16:00:00Z deal-close D1 won
at 2026-10-20T10:00:00Z deal-move D4 proposal
at 2026-11-02T10:00:00Z deal-close D6 lost --reason price
at 2026-11-03T16:30:00Z lead-add --company Initech --source event --segment saas
at 2026-11-05T15:00:00Z deal-close D5 won
at 2026-11-20T10:00:00Z deal-move D3 negotiation
at 2026-11-20T11:00:00Z lead-add --name "Ann Lee" --company Umbrella --email ann@umbrella.example \
    --source web --segment b2c --owner dan --status qualified --score 75
at 2026-11-20T11:30:00Z deal-add --name "Umbrella pilot" --owner dan --amount 900 --currency EUR \
    --close 2026-12-31 --segment b2c --source web --type new
at 2026-11-25T08:15:00Z lead-add --name "Sam Park" --email sam.park@gmail.com --source linkedin \
    --segment b2c
at 2026-11-26T15:00:00Z deal-add --name "Hooli pilot" --owner alice --amount 4000 --segment b2b \
    --source linkedin --type new
export SALES_USER=tester

cp -Rp "$D" "$T/fixture" || bail "cannot copy the fixture"
mkdir -p "$T/ex"

# Split the EXAMPLES of one page into $T/ex/N.cmd and $T/ex/N.out.
extract() {
    rm -f "$T"/ex/*
    awk -v dir="$T/ex" '
        function unroff(s) {
            gsub(/\\e/, "\001", s)
            gsub(/\\-/, "-", s)
            gsub(/\\&/, "", s)
            gsub(/\001/, "\\", s)
            return s
        }
        /^\.Sh / { inex = ($0 ~ /^\.Sh +"?EXAMPLES"?$/); inbd = 0; next }
        inex && /^\.Bd +-literal/ { inbd = 1; cur = ""; next }
        inbd && /^\.Ed/ { inbd = 0; cur = ""; next }
        inbd && /^\$ / {
            n++
            cur = dir "/" n
            print unroff(substr($0, 3)) > (cur ".cmd")
            close(cur ".cmd")
            printf "" > (cur ".out")
            close(cur ".out")
            next
        }
        inbd && cur != "" { print unroff($0) >> (cur ".out"); close(cur ".out") }
    ' "$1"
}

# quoted: a word in single quotes for sh
quoted() {
    printf "'%s'" "$(printf '%s' "$1" | sed "s/'/'\\\\''/g")"
}

for page in "$SRC"/man/man1/*.1 "$SRC"/man/man5/*.5 "$SRC"/man/man7/*.7; do
    [ -f "$page" ] || continue
    name=$(basename "$page")
    extract "$page"
    count=$(ls "$T/ex" | grep -c '\.cmd$')
    case $page in
    */man1/*) [ "$count" -gt 0 ]; ok $? "$name has examples" ;;
    esac
    [ "$count" -gt 0 ] || continue
    # a fresh data directory, home and working directory for each page
    rm -rf "$D" "$HOME" "$T/work"
    cp -Rp "$T/fixture" "$D" || bail "cannot restore the fixture"
    mkdir -p "$HOME" "$T/work"
    # the page's commands in one shell, so "export" and "cd" carry over
    i=1
    {
        echo "cd $(quoted "$T/work") || exit 1"
        while [ "$i" -le "$count" ]; do
            echo "{"
            cat "$T/ex/$i.cmd"
            echo "} </dev/null >$(quoted "$T/ex/$i.got") 2>$(quoted "$T/ex/$i.err")"
            echo "echo \$? >$(quoted "$T/ex/$i.rc")"
            i=$((i + 1))
        done
    } >"$T/script"
    sh "$T/script" </dev/null >/dev/null 2>"$T/script.err"
    i=1
    while [ "$i" -le "$count" ]; do
        # the command as a test name: echo in ok() may read backslashes
        cmd=$(tr -d '\\' <"$T/ex/$i.cmd")
        rc=$(cat "$T/ex/$i.rc" 2>/dev/null || echo "not run")
        if [ "$rc" = 0 ]; then
            ok 0 "$name: $cmd"
        else
            ok 1 "$name: $cmd"
            echo "#   exit status $rc"
            sed 's/^/#   stderr: /' "$T/ex/$i.err" "$T/script.err" 2>/dev/null | head -5
        fi
        if [ -s "$T/ex/$i.out" ]; then
            _diff "$T/ex/$i.out" "$T/ex/$i.got" "$name: output of $cmd"
        fi
        i=$((i + 1))
    done
done
done_testing
