#!/bin/sh
# The reports that read deals.csv in chunks on two threads (csvio_readahead)
# give what one parser gives: the demo's deals cut into chunks of a few
# hundred bytes to a few KiB (SALES_CSVIO_CHUNK; 1 MiB ones in real use),
# every line through libcsv or not (SALES_CSVIO_LIBCSV), and the first
# error in the file at its own line, whatever chunk it is in.
. "${SALES_SRC:-.}/tests/cli/lib.sh"

cp "$SRC"/examples/demo/*.csv "$SRC"/examples/demo/config.json "$D"/
reports() { # each report's stdout and stderr, one after the other
    for r in "pipeline-show -f csv" "pipeline-show --by owner" "pipeline-show -f csv --by month" \
        "quota-report -f csv --period 2026-Q4" "quota-report -f csv" \
        "forecast -f csv --pipeline --by month" "forecast -f csv --pipeline" \
        "deal-list -f csv --where amount>=10000" "deal-list -f csv --stage negotiation"; do
        echo "== $r"
        $r 2>&1
        echo "rc $?"
    done
}
reports >"$T/one"
ok "$(grep -c '^rc 0$' "$T/one" | sed 's/^9$/0/')" "nine reports on the demo, read by one parser"
for c in 257 1000 4096; do
    SALES_CSVIO_CHUNK=$c reports >"$T/many"
    file_is "$T/many" "chunks of $c bytes: the same output" <"$T/one"
done
SALES_CSVIO_CHUNK=700 SALES_CSVIO_LIBCSV=1 reports >"$T/many"
file_is "$T/many" "chunks of 700 bytes, every line through libcsv: the same output" <"$T/one"

# a deal name across two lines near the start, a stray quote on line 40,
# invalid UTF-8 on line 300: the stray quote is the error
awk 'NR == 5 { sub(/,[^,]*,/, ",\"Two\nlines\",") } NR == 40 { sub(/,/, ",x\"") }
    NR == 300 { sub(/,/, ",\xff") } { print }' "$SRC/examples/demo/deals.csv" >"$D/deals.csv"
snap
for c in "" 512; do
    SALES_CSVIO_CHUNK=$c run pipeline-show
    rc_is 1 "${c:-one parser}${c:+-byte chunks}: pipeline-show refuses the file"
    err_is "... at the first error, on its line" <<X
pipeline-show: $D/deals.csv:41: malformed CSV: stray or unbalanced quote
X
done
unchanged "nothing written"
done_testing
