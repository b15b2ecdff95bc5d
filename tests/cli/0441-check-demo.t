#!/bin/sh
# sales-check on the demo data (examples/demo): nothing to say about the
# clean data; in a copy with a problem planted in every file, each one.
. "${SALES_SRC:-.}/tests/cli/lib.sh"

if [ ! -f "$SRC/examples/demo/deals.csv" ]; then
    echo "ok 1 # skip no examples/demo"
    echo "1..1"
    exit 0
fi
rm -rf "$D"
cp -R "$SRC/examples/demo" "$D"
chmod -R u+w "$D"

run sales-check
rc_is 0 "the demo data is clean"
out_is "no findings" </dev/null

# plant FILE COL=VALUE...: append a row to DIR/FILE.csv with those values in
# the columns of that name (the others empty); prints the row's line number.
plant() {
    f="$D/$1.csv"
    shift
    printf '%s\n' "$@" >"$T/vals"
    awk -F, 'NR == FNR { i = index($0, "="); v[substr($0, 1, i - 1)] = substr($0, i + 1); next }
        FNR == 1 { for (j = 1; j <= NF; j++) { printf "%s%s", (j > 1 ? "," : ""), v[$j] } print ""; exit }' \
        "$T/vals" "$f" >"$T/row"
    echo $(($(wc -l <"$f") + 1))
    cat "$T/row" >>"$f"
}
d1=$(plant deals id=D900001 name=Ghost account=A999999 owner=nobody stage=signed amount=1O.5 close=2026-02-30)
first=$(sed -n 2p "$D/deals.csv" | cut -d, -f1)
d2=$(plant deals id="$first" name=Twin stage=prospecting)
d3=$(plant deals id=D900003 name=Unclosed stage=won amount=100)
l1=$(plant leads id=L900001 name=Nope email=nope status=Hot)
a1=$(plant accounts id=A900001 domain=nameless.example)
c1=$(plant contacts id=C900001 name=Orphan account=A999999)
t1=$(plant activities id=T900001 type=call deal=D999999)
q1=$(plant quotas owner=ghost period=2026-Q4 amount=100)
r1=$(plant reps "id=Bad Rep" name=Bad)
s1=$(plant subscriptions id=S900001 plan=pro mrr=10 start=2026-01-01)
f1=$(plant feedback id=F900001 score=11)
sed -i 's/"fiscal_year_start": *[0-9]*/"fiscal_year_start": 0/' "$D/config.json"

run sales-check
rc_is 1 "the corrupted copy"
sed "s|$D/||" "$T/out" >"$T/findings"
file_is "$T/findings" "every planted problem, and nothing else" <<X
config.json: fiscal_year_start must be a month number 1-12
reps.csv:$r1: bad id 'Bad Rep' (ids have no spaces, commas or quotes)
leads.csv:$l1: bad email 'nope' (expected an address like name@example.com)
leads.csv:$l1: bad status 'Hot' (expected new, contacted, qualified, disqualified, converted)
accounts.csv:$a1: name is required
contacts.csv:$c1: unknown account 'A999999' (not in accounts.csv)
deals.csv:$d1: unknown account 'A999999' (not in accounts.csv)
deals.csv:$d1: unknown owner 'nobody' (not in reps.csv)
deals.csv:$d1: unknown stage 'signed' (not in stages.csv)
deals.csv:$d1: bad amount '1O.5' (expected an amount like 12500 or 12500.50)
deals.csv:$d1: bad close '2026-02-30' (expected YYYY-MM-DD)
deals.csv:$d2: duplicate id '$first' (first on line 2)
deals.csv:$d3: stage won without a closed date
activities.csv:$t1: unknown deal 'D999999' (not in deals.csv)
quotas.csv:$q1: unknown quota owner 'ghost' (not a rep id nor a team in reps.csv)
subscriptions.csv:$s1: a subscription needs an account
feedback.csv:$f1: bad score '11' (expected a whole number from 0 to 10)
X
done_testing
