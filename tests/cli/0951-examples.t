#!/bin/sh
# examples/pipelines.sh and examples/nightly.sh over a copy of the demo
# data: they succeed and print or write exactly this; pipelines.sh changes
# nothing unless given --apply; nightly.sh fails, naming the report and
# the record, when the data is bad. And examples/demo.sh (make demo) runs.
: "${SALES_BIN:?run the tests through make check}"
. "${SALES_SRC:-.}/tests/cli/lib.sh"

cp -R "$SRC/examples/demo" "$T/demo"
chmod -R u+w "$T/demo"
D="$T/demo"
export SALES_DATA="$D"

# ---- pipelines.sh

snap
run sh "$SRC/examples/pipelines.sh"
rc_is 0 "pipelines.sh"
out_is "its five answers" <<'X'

## Open deals past their close date, per owner

      4 lucia.fernandez
      4 ethan.brooks
      3 priya.r
      3 oliver.ogrady
      2 wang.lei
      2 francois.beaumont
      1 misaki.tanaka
      1 katrin.mueller

## Unassigned new leads

would assign to soren.ostergaard (run with --apply): L108 L212 L482 L485 L491 L495 L497 L499

## Open pipeline per owner, biggest first

owner             deals amount    weighted avg_age_days stale
francois.beaumont 18    2001115.2 784951.6 86.0         9
oliver.ogrady     17    1435570   378648.4 45.9         11
lucia.fernandez   15    948550    214471   134.6        11
katrin.mueller    7     862293    483556.5 95.6         4
misaki.tanaka     4     684829    330584.5 47.3         3
ethan.brooks      15    409940    96158    45.8         7
priya.r           11    265170    72265    131.0        6
sarah.chen        1     125000    62500    104.0        1
wang.lei          7     64099.98  13965.99 142.3        2

## Open deals over 50,000 closing this quarter

id   close      owner             stage         value_USD name
D905 2026-12-02 misaki.tanaka     proposal      473200    Redwood Energy, Inc. – Renewal 2027
D959 2026-12-13 oliver.ogrady     proposal      294000    Meridian Media – Renewal 2027
D868 2026-12-18 lucia.fernandez   qualification 220000    Panadería Núñez – Data platform
D670 2026-11-30 lucia.fernandez   prospecting   215000    Walker, Campbell & Partners LLP – Enterprise agreement
D900 2026-12-26 katrin.mueller    proposal      196600    Skog Logistik AS – Renewal 2027
D826 2026-11-25 misaki.tanaka     proposal      180029    小林製作所株式会社 – 包括契約
D916 2026-12-18 oliver.ogrady     qualification 175000    Lakeside Retail – Multi-year licence
D559 2026-12-26 katrin.mueller    proposal      140000    White, Baker & Partners LLP – Multi-year licence
D798 2026-11-22 katrin.mueller    negotiation   130000    Nordisk Design AB – Multi-year licence
D924 2026-12-06 francois.beaumont proposal      109300    Société d'Équipement Lefèvre – Renewal 2027
D838 2026-10-10 oliver.ogrady     proposal      94000     Skog Logistik AS – Expansion (+45 seats)
D756 2026-12-05 lucia.fernandez   prospecting   90500     Distribuciones Peña, S.A. – Data platform
D673 2026-11-28 francois.beaumont proposal      85000     Café de l'Étoile, SARL – Service contract
D921 2026-12-28 oliver.ogrady     prospecting   81500     Bluebird Group – Enterprise agreement
D902 2026-12-09 ethan.brooks      proposal      69900     Stonegate Outfitters – Renewal 2027
D850 2026-12-14 lucia.fernandez   prospecting   64000     Martínez y Asociados – Service contract

## Open pipeline against what is left of this quarter's quota

owner             quota  won      left      open_pipeline cover
ethan.brooks      447000 26330    420670.00 409940        0.97
francois.beaumont 447000 103524.8 343475.20 2001115.2     5.83
lucia.fernandez   447000 188100   258900.00 948550        3.66
oliver.ogrady     447000 82820    364180.00 1435570       3.94
priya.r           447000 771340   0         265170        met
wang.lei          447000 60420    386580.00 64099.98      0.17
X
unchanged "without --apply it changes nothing"

run sh "$SRC/examples/pipelines.sh" --apply
rc_is 0 "pipelines.sh --apply"
grep -A2 '^## Unassigned' "$T/out" >"$T/assigned"
file_is "$T/assigned" "assigns the unowned new leads" <<'X'
## Unassigned new leads

assigned to soren.ostergaard: L108 L212 L482 L485 L491 L495 L497 L499
X
run lead-list --status new --where 'owner = ' -f csv -c id
out_is "no new lead is left without an owner" <<'X'
id
X
run sales-history --field owner --entity leads -f csv -c user,command,id,old,new
out_is "each change is in history.csv" <<'X'
user,command,id,old,new
tester,lead-update,L108,,soren.ostergaard
tester,lead-update,L212,,soren.ostergaard
tester,lead-update,L482,,soren.ostergaard
tester,lead-update,L485,,soren.ostergaard
tester,lead-update,L491,,soren.ostergaard
tester,lead-update,L495,,soren.ostergaard
tester,lead-update,L497,,soren.ostergaard
tester,lead-update,L499,,soren.ostergaard
X
run sh "$SRC/examples/pipelines.sh" --bogus
rc_is 2 "an unknown option is a usage error"

run sh "$SRC/examples/pipelines.sh" --apply
rc_is 0 "a second --apply"
grep -A2 '^## Unassigned' "$T/out" >"$T/assigned"
file_is "$T/assigned" "finds nothing left to assign" <<'X'
## Unassigned new leads

none
X

# ---- nightly.sh

cp -R "$SRC/examples/demo" "$T/night"
chmod -R u+w "$T/night"
export SALES_DATA="$T/night"
run sh "$SRC/examples/nightly.sh" "$T/reports"
rc_is 0 "nightly.sh"
out_is "prints nothing when all is well (cron mails only trouble)" </dev/null
err_is "and says nothing on stderr" </dev/null
is "$(ls -A "$T/reports")" "2026-11-27" "one directory, named for the day of SALES_NOW"
is "$(ls "$T/reports/2026-11-27" | tr '\n' ' ')" \
    "dashboard.html forecast.csv pipeline-by-owner.csv pipeline.csv quota.csv summary.txt " "with the reports"
pipeline-show -f csv >"$T/want.csv"
cmp -s "$T/want.csv" "$T/reports/2026-11-27/pipeline.csv"
ok $? "pipeline.csv is pipeline-show's CSV"
quota-report -f csv >"$T/want.csv"
cmp -s "$T/want.csv" "$T/reports/2026-11-27/quota.csv"
ok $? "quota.csv is quota-report's CSV"
forecast --pipeline -f csv >"$T/want.csv"
cmp -s "$T/want.csv" "$T/reports/2026-11-27/forecast.csv"
ok $? "forecast.csv is forecast --pipeline's CSV"
sales-dashboard --html "$T/want.html"
cmp -s "$T/want.html" "$T/reports/2026-11-27/dashboard.html"
ok $? "dashboard.html is sales-dashboard --html's page"
file_is "$T/reports/2026-11-27/summary.txt" "summary.txt" <<'X'
Sales report for 2026-11-27
Open pipeline: 95 deals, 6796567.18 (2437100.99 weighted)
This period (2026-Q4): closed 1514871.19, commit 1717671.19, best case 3466847.38
Quota attainment:
owner             period  attainment pace
Americas          2026    0.65       0.71
Americas          2026-Q4 0.49       0.78
jmiller           2026    0.33       0.36
lucia.fernandez   2026    0.83       0.92
lucia.fernandez   2026-Q4 0.42       0.67
ethan.brooks      2026    0.07       0.08
ethan.brooks      2026-Q4 0.06       0.09
EMEA              2026    1.06       1.17
EMEA              2026-Q4 0.27       0.43
francois.beaumont 2026    1.59       1.75
francois.beaumont 2026-Q4 0.23       0.37
oliver.ogrady     2026    0.38       0.41
oliver.ogrady     2026-Q4 0.19       0.29
APAC              2026    0.83       0.91
APAC              2026-Q4 0.93       1.48
wang.lei          2026    0.36       0.40
wang.lei          2026-Q4 0.14       0.21
priya.r           2026    1.27       1.40
priya.r           2026-Q4 1.73       2.74
X

# mail: a sendmail on PATH that keeps what it is given
mkdir "$T/mailbin"
printf '#!/bin/sh\nprintf "%%s\\n" "$*" >"%s/mail.args"\ncat >"%s/mail.txt"\n' "$T" "$T" >"$T/mailbin/sendmail"
chmod +x "$T/mailbin/sendmail"
run env PATH="$T/mailbin:$PATH" SALES_MAILTO=boss@example.com sh "$SRC/examples/nightly.sh" "$T/reports"
rc_is 0 "nightly.sh with SALES_MAILTO and sendmail"
is "$(cat "$T/mail.args")" "-t" "sendmail -t takes the recipients from the mail"
is "$(sed -n '1,3p' "$T/mail.txt")" "To: boss@example.com
Subject: Sales dashboard for 2026-11-27
MIME-Version: 1.0" "the headers"
is "$(grep -c '^Content-Type: text/html; charset=utf-8$' "$T/mail.txt") $(grep -c '^<!DOCTYPE html>$' "$T/mail.txt")" "1 1" "the page is the HTML part"
rm -f "$T/mail.txt"
run env PATH="$T/mailbin:$PATH" sh "$SRC/examples/nightly.sh" "$T/reports"
[ ! -e "$T/mail.txt" ]
ok $? "no SALES_MAILTO, no mail"

run sh "$SRC/examples/nightly.sh" "$T/reports"
rc_is 0 "a second run the same day"
is "$(ls -A "$T/reports")" "2026-11-27" "replaces that day's reports, leaves no temporary directory"

run env SALES_NOW=2026-11-28T06:30:00Z sh "$SRC/examples/nightly.sh" "$T/reports"
rc_is 0 "the next day"
is "$(ls -A "$T/reports" | tr '\n' ' ')" "2026-11-27 2026-11-28 " "gets a directory of its own"

# a bad amount planted in an open deal (reports read closed deals' amounts
# only when they use them): every report reads it and fails
sed 's/^D209,\([^,]*,[^,]*,[^,]*,[^,]*,[^,]*,[^,]*,[^,]*\),[0-9.]*,/D209,\1,12x50,/' \
    "$T/night/deals.csv" >"$T/deals.csv"
mv "$T/deals.csv" "$T/night/deals.csv"
is "$(grep -c ',12x50,' "$T/night/deals.csv")" 1 "(a bad amount is planted in deals.csv)"
run sh "$SRC/examples/nightly.sh" "$T/bad"
rc_is 1 "nightly.sh fails on bad data"
err_is "saying which reports failed and where the bad record is" <<X
nightly: 2026-11-27: report failed: pipeline pipeline-by-owner quota forecast dashboard
pipeline: pipeline-show failed:
  pipeline-show: $T/night/deals.csv:210: deal D209: bad amount '12x50'
pipeline-by-owner: pipeline-show --by owner failed:
  pipeline-show: $T/night/deals.csv:210: deal D209: bad amount '12x50'
quota: quota-report failed:
  quota-report: $T/night/deals.csv:210: deal D209: bad amount '12x50'
forecast: forecast --pipeline failed:
  forecast: $T/night/deals.csv:210: deal D209: bad amount '12x50'
dashboard: sales-dashboard --html failed:
  sales-dashboard: $T/night/deals.csv:210: deal D209: bad amount '12x50'
X
is "$(ls "$T/bad/2026-11-27" | tr '\n' ' ')" "errors.txt summary.txt " \
    "it writes errors.txt and a summary, no half reports"
file_is "$T/bad/2026-11-27/summary.txt" "the summary says it failed" <<'X'
Sales report for 2026-11-27
FAILED: pipeline pipeline-by-owner quota forecast dashboard (see errors.txt)
X

# ---- demo.sh

(cd "$SRC/examples/demo" && cksum * | sort) >"$T/demo.sum"
run env -u NO_COLOR SALES_BIN="$SALES_BIN" sh "$SRC/examples/demo.sh"
rc_is 0 "demo.sh (make demo)"
err_is "with nothing on stderr" </dev/null
grep -c '^=== ' "$T/out" >"$T/n"
file_is "$T/n" "twenty-three sections" <<'X'
23
X
grep -A 3 '^=== Bookings forecast' "$T/out" | tail -n 1 >"$T/fchead"
file_is "$T/fchead" "the bookings forecast is a table with its intervals" <<'X'
period         booked      forecast          lo80          hi80          lo95          hi95  method
X
grep -e 'as of' -e '^## ' -e '^That was' "$T/out" >"$T/lines"
file_is "$T/lines" "says the date it is as of, runs the pipelines" <<'X'
The demo is as of 2026-11-27T09:30:00Z (SALES_NOW): "today" is 2026-11-27.
## Open deals past their close date, per owner
## Unassigned new leads
## Open pipeline per owner, biggest first
## Open deals over 50,000 closing this quarter
## Open pipeline against what is left of this quarter's quota
That was the demo. Try the commands yourself on a copy:
X
grep '^    \$ ' "$T/out" | grep -e '\.\.\.' -e '…' >"$T/placeholders"
file_is "$T/placeholders" "every command it shows is whole, no '-c ...' to fill in" </dev/null
grep '^… and' "$T/out" >"$T/cuts"
file_is "$T/cuts" "long lists are cut, with a count and the command for all of them" <<'X'
… and 30 more; run the command above to see all
… and 31 more; run the command above to see all
… and 9 more; run followup --until +7d --only tasks to see all
… and 90 more; run activity-report --stale to see all
… and 6 more; run lead-dedupe to see all
X
! grep -q "$(printf '\033')" "$T/out"
ok $? "no colour escapes when stdout is not a terminal (NO_COLOR unset)"
(cd "$SRC/examples/demo" && cksum * | sort) >"$T/demo.sum2"
cmp -s "$T/demo.sum" "$T/demo.sum2"
ok $? "examples/demo is left as it was"
done_testing
