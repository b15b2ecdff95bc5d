#!/bin/sh
# sales-dashboard --html: one self-contained document (no script, no
# network reference but the SVG namespace), the marks of each chart for
# the fixture, a <title> on every mark, text from the data escaped, and
# written whole or not at all.
. "${SALES_SRC:-.}/tests/cli/lib.sh"

cp "$DATA"/dashboard/*.csv "$D"/
H="$T/dash.html"

run sales-dashboard --html "$H"
rc_is 0 "--html"
is "$(cat "$T/out" "$T/err")" "" "nothing on stdout or stderr"
[ -s "$H" ]
ok $? "the page is written"
is "$(grep -c '<!DOCTYPE html>' "$H") $(grep -c '<html' "$H") $(grep -c '</html>' "$H")" "1 1 1" "one document"
is "$(tail -1 "$H")" "</html>" "the document ends the file"
grep -qi '<script' "$H"
ok $((!$?)) "no script"
is "$(grep -o 'https\{0,1\}://[^"]*' "$H" | sort -u)" "http://www.w3.org/2000/svg" "no reference but the SVG namespace"
grep -q '<meta name="viewport" content="width=device-width, initial-scale=1">' "$H"
ok $? "a viewport for phones"
grep -q '@media (max-width:600px)' "$H" && grep -q '@media print' "$H"
ok $? "a narrow-screen and a print layout"
is "$(grep -c 'viewBox=' "$H")" "$(grep -c '<svg ' "$H")" "every chart scales by its viewBox"
is "$(grep -o '<figure class="chart" id="[a-z]*"' "$H" | sed 's/.*id=//' | tr -d '"' | tr '\n' ' ')" \
    "bookings funnel quota channels mrr nps " "the six charts"

# marks per chart: bookings 2025-Q3 to 2026-Q3 (5 bars) and the forecast
# of 4 quarters (4 points, a line, 2 bands); 4 open stages; 3 quotas of
# 2026-Q4 (east met none); 3 channels in Q4; MRR moves: 2026-01 new,
# 2026-03 new, 2026-09 churn, 2026-10 expansion; NPS in 2026-Q3 and Q4
count() { grep -c "<$1 class=\"$2\"" "$H"; }
is "$(count rect bar) $(count circle fcpt) $(count path fc) $(count path band80) $(count path band95)" \
    "5 4 1 1 1" "bookings: 5 bars, 4 forecast points, the line and both bands"
is "$(count rect stage)" 4 "funnel: one bar per open stage"
is "$(grep -c '<rect class="quota' "$H")" 3 "quota: one bar per quota of the period"
is "$(count rect channel)" 3 "activity mix: one bar per channel"
is "$(count 'rect' 'mrr new') $(count rect 'mrr expansion') $(count rect 'mrr churn') $(grep -c '<rect class="mrr' "$H")" \
    "2 1 1 4" "MRR: one bar per movement"
is "$(count circle nps) $(count path npsline)" "2 1" "NPS: a point per quarter with responses"
marks=$(grep -c '<rect class=\|<circle class=\|<path class=' "$H")
titled=$(grep -c '<\(rect\|circle\|path\) class="[^"]*"[^>]*><title>[^<]' "$H")
is "$titled" "$marks" "every mark has a title"
grep -q '<title>2026-Q3: bookings 42,000</title>' "$H"
ok $? "a bar's title says its value"
grep -q '<title>2026-Q4: NPS 66.7 (3 responses)</title>' "$H"
ok $? "a point's title says its value"
grep -q '>in &lt;person&gt; &amp; &quot;co&quot;</text>' "$H"
ok $? "a channel name from the data is escaped"
grep -q '<person>' "$H"
ok $((!$?)) "nothing from the data is left raw"

# "-" is standard output; the same page
run sales-dashboard --html -
cmp -s "$T/out" "$H"
ok $? "--html - writes the page to stdout"

# written whole or not at all
sales-dashboard >/dev/null
snap
run sales-dashboard --html "$T/no/such/dir/dash.html"
rc_is 1 "an unwritable path fails"
grep -q "^sales-dashboard: $T/no/such/dir/dash.html: cannot write" "$T/err"
ok $? "the message names the file"
[ ! -e "$T/no/such/dir/dash.html" ]
ok $? "no file"
mkdir "$T/ro" && echo old >"$T/ro/dash.html" && chmod 555 "$T/ro"
if [ "$(id -u)" -ne 0 ]; then
    run sales-dashboard --html "$T/ro/dash.html"
    rc_is 1 "a read-only directory fails"
    is "$(cat "$T/ro/dash.html"; ls -A "$T/ro" | wc -l)" "old
1" "the old file is left as it was, no temporary file"
else
    ok 0 "# skip root writes to a read-only directory"
    ok 0 "# skip root writes to a read-only directory"
fi
chmod 755 "$T/ro"
run sales-dashboard --html "$H" --period 2026-Q9
rc_is 1 "a bad period fails before anything is written"
unchanged "the data directory is untouched"

done_testing
