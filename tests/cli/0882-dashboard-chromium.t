#!/bin/sh
# sales-dashboard --html rendered by headless Chromium (.ci/run installs
# the Debian package chromium; skipped without it): the screenshot is not
# blank (more than one colour), and the DOM the browser built has the six
# charts with the marks of the fixture. The screenshot is kept at
# /tmp/salesutils-dashboard.png to be looked at.
. "${SALES_SRC:-.}/tests/cli/lib.sh"

chromium=$(command -v chromium || command -v chromium-browser || true)
if [ -z "$chromium" ]; then
    echo "1..0 # SKIP chromium is not installed"
    exit 0
fi
cp "$DATA"/dashboard/*.csv "$D"/
run sales-dashboard --html "$T/dash.html"
rc_is 0 "the page"
PNG=/tmp/salesutils-dashboard.png
rm -f "$PNG"
browse() {
    timeout 120 "$chromium" --headless --no-sandbox --disable-gpu --no-first-run \
        --user-data-dir="$T/chromium" "$@" "file://$T/dash.html" 2>"$T/chromium.err"
}
browse --screenshot="$PNG" --window-size=1200,2000 >/dev/null
ok $? "chromium takes a screenshot"
is "$(head -c 8 "$PNG" | od -An -tx1 | tr -d ' ')" "89504e470d0a1a0a" "it is a PNG"
if [ -x /usr/bin/python3 ]; then
    # decode the PNG (zlib, filters) and count the colours: a blank page has one
    /usr/bin/python3 - "$PNG" >"$T/colours" <<'X'
import struct, sys, zlib
data = open(sys.argv[1], "rb").read()
pos, idat, w, h, ct = 8, b"", 0, 0, 0
while pos < len(data):
    n, kind = struct.unpack(">I4s", data[pos:pos + 8])
    body = data[pos + 8:pos + 8 + n]
    if kind == b"IHDR":
        w, h, depth, ct = struct.unpack(">IIBB", body[:10])
    elif kind == b"IDAT":
        idat += body
    pos += 12 + n
bpp = {2: 3, 6: 4}[ct]
raw, stride, prev, seen = zlib.decompress(idat), w * bpp, bytearray(w * bpp), set()
for y in range(h):
    f, line = raw[y * (stride + 1)], bytearray(raw[y * (stride + 1) + 1:(y + 1) * (stride + 1)])
    for i in range(stride):
        a = line[i - bpp] if i >= bpp else 0
        b, c = prev[i], prev[i - bpp] if i >= bpp else 0
        if f == 1: line[i] = (line[i] + a) & 255
        elif f == 2: line[i] = (line[i] + b) & 255
        elif f == 3: line[i] = (line[i] + (a + b) // 2) & 255
        elif f == 4:
            p = a + b - c
            pa, pb, pc = abs(p - a), abs(p - b), abs(p - c)
            line[i] = (line[i] + (a if pa <= pb and pa <= pc else b if pb <= pc else c)) & 255
    if y % 4 == 0:
        for x in range(0, stride, bpp * 4):
            seen.add(bytes(line[x:x + 3]))
    prev = line
print(len(seen))
X
    [ "$(cat "$T/colours")" -gt 10 ]
    ok $? "the screenshot is not blank ($(cat "$T/colours") colours)"
else
    # without python3, a blank 1200x2000 page compresses to a few kilobytes
    [ "$(wc -c <"$PNG")" -gt 20000 ]
    ok $? "the screenshot is not blank (its size)"
fi

browse --dump-dom >"$T/dom.html"
ok $? "chromium dumps the DOM"
charts=$(grep -o '<figure class="chart" id="[a-z]*"' "$T/dom.html" | sed 's/.*id="//; s/"//' | tr '\n' ' ')
is "$charts" "bookings funnel quota channels mrr nps " "the DOM has the six charts"
count() { grep -o "<$1 class=\"$2\"" "$T/dom.html" | wc -l | tr -d ' '; }
is "$(count rect bar) $(count circle fcpt) $(count path band80) $(count path band95)" "5 4 1 1" \
    "bookings: 5 bars, 4 forecast points and both bands"
is "$(count rect stage) $(count rect 'quota[a-z ]*') $(count rect channel)" "4 3 3" \
    "funnel 4 stages, quota 3 owners, activity mix 3 channels"
is "$(count rect 'mrr [a-z]*') $(count circle nps)" "4 2" "MRR 4 movements, NPS 2 points"
is "$(grep -o '<title>[^<]*</title>' "$T/dom.html" | grep -c 'in &lt;person&gt; &amp; "co"')" 1 \
    "the escaped channel name is text in the DOM, not markup"
echo "# screenshot: $PNG"

done_testing
