#!/bin/sh
# followup: open tasks and follow-ups, deals with no next step, --ics.
. "${SALES_SRC:-.}/tests/cli/lib.sh"
. "$DATA/leads/activities.sh"

run followup
rc_is 0 "followup"
out_is "overdue first, then today, upcoming, open, no next step" <<'X'
status,due,overdue_days,rep,id,type,subject,regarding,name,last_touch
overdue,2026-11-24,3,alice,T8,task,Prepare renewal quote,D1,Acme renewal,
overdue,2026-11-26,1,alice,T3,call,Discovery,L2,Ann Lee,
today,2026-11-27,,bob,T7,task,Send security questionnaire,D2,Globex platform,
upcoming,2026-12-01,,alice,T9,meeting,Initech intro,A3,Initech,
upcoming,2026-12-03,,alice,T13,task,Call Sam back,L3,Sam Park,
open,,,carol,T11,task,Review Initech pricing,A3,Initech,
no-next-step,,,alice,D3,deal,Initech suite,A3,Initech,
X

run followup --owner bob
out_is "--owner" <<'X'
status,due,overdue_days,rep,id,type,subject,regarding,name,last_touch
today,2026-11-27,,bob,T7,task,Send security questionnaire,D2,Globex platform,
X
run followup --team east --until +5d -f tsv
out_is "--team (with reports), --until leaves later items out" <<'X'
status	due	overdue_days	rep	id	type	subject	regarding	name	last_touch
overdue	2026-11-24	3	alice	T8	task	Prepare renewal quote	D1	Acme renewal	
overdue	2026-11-26	1	alice	T3	call	Discovery	L2	Ann Lee	
upcoming	2026-12-01		alice	T9	meeting	Initech intro	A3	Initech	
open			carol	T11	task	Review Initech pricing	A3	Initech	
no-next-step			alice	D3	deal	Initech suite	A3	Initech	
X
run followup --only deals -f json
out_is "--only deals, as JSON" <<'X'
[
{"status":"no-next-step","due":null,"overdue_days":null,"rep":"alice","id":"D3","type":"deal","subject":"Initech suite","regarding":"A3","name":"Initech","last_touch":null}
]
X
# the task on D2 done: D2 has no next step now, and the done task is its last touch
activity-done T7 >/dev/null
run followup --only deals --owner bob
out_is "a done task is no next step; last_touch" <<'X'
status,due,overdue_days,rep,id,type,subject,regarding,name,last_touch
no-next-step,,,bob,D2,deal,Globex platform,A2,Globex,2026-11-26
X
activity-done --reopen T7 >/dev/null

run followup --only lunch
rc_is 1 "a bad --only"
run followup --owner zed
rc_is 1 "an unknown rep"
err_is "names the rep" <<'X'
followup: unknown rep 'zed' (not in reps.csv)
X
run followup --until someday
rc_is 1 "a bad --until"
run followup extra
rc_is 2 "an operand is a usage error"

# ---- iCalendar -------------------------------------------------------------
# a subject that needs escaping and folding (UTF-8 across the fold)
activity-log --type task --rep alice --lead L2 --due 2026-12-05 \
    --subject 'Résumé, offer; terms \ conditions — ünïcödé text long enough to fold the line twice over: ééééééééééééééééééééééé' \
    --notes 'line one
line two' >/dev/null
run followup --ics "$T/cal.ics" --owner alice
rc_is 0 "--ics writes the file"
uid=$(sed -n 's/^UID:T8-\([0-9a-f]*\)@salesutils\r$/\1/p' "$T/cal.ics")
is "$(printf '%s' "$uid" | wc -c)" "16" "UID: the id and a 64-bit hash of the data directory"
sed "s/$uid/HASH/" "$T/cal.ics" | tr -d '\r' >"$T/cal.txt"
file_is "$T/cal.txt" "the calendar" <<'X'
BEGIN:VCALENDAR
VERSION:2.0
PRODID:-//salesutils//followup//EN
CALSCALE:GREGORIAN
METHOD:PUBLISH
X-WR-CALNAME:Sales follow-ups
BEGIN:VTODO
UID:T8-HASH@salesutils
DTSTAMP:20261127T093000Z
SUMMARY:Prepare renewal quote
DUE;VALUE=DATE:20261124
STATUS:NEEDS-ACTION
DESCRIPTION:Regarding: D1 Acme renewal\nRep: alice
CATEGORIES:task
END:VTODO
BEGIN:VTODO
UID:T3-HASH@salesutils
DTSTAMP:20261127T093000Z
SUMMARY:Discovery
DUE;VALUE=DATE:20261126
STATUS:NEEDS-ACTION
DESCRIPTION:Regarding: L2 Ann Lee\nRep: alice\nAsk about budget\; needs CFO
 \, too
CATEGORIES:call
END:VTODO
BEGIN:VEVENT
UID:T9-HASH@salesutils
DTSTAMP:20261127T093000Z
SUMMARY:Initech intro
DTSTART:20261201T150000Z
DURATION:PT30M
DESCRIPTION:Regarding: A3 Initech\nRep: alice
CATEGORIES:meeting
END:VEVENT
BEGIN:VTODO
UID:T13-HASH@salesutils
DTSTAMP:20261127T093000Z
SUMMARY:Call Sam back
DUE;VALUE=DATE:20261203
STATUS:NEEDS-ACTION
DESCRIPTION:Regarding: L3 Sam Park\nRep: alice
CATEGORIES:task
END:VTODO
BEGIN:VTODO
UID:T15-HASH@salesutils
DTSTAMP:20261127T093000Z
SUMMARY:Résumé\, offer\; terms \\ conditions — ünïcödé text long en
 ough to fold the line twice over: éééééééééééééééééééé
 ééé
DUE;VALUE=DATE:20261205
STATUS:NEEDS-ACTION
DESCRIPTION:Regarding: L2 Ann Lee\nRep: alice\nline one\nline two
CATEGORIES:task
END:VTODO
BEGIN:VTODO
UID:D3-HASH@salesutils
DTSTAMP:20261127T093000Z
SUMMARY:Plan the next step: Initech suite
STATUS:NEEDS-ACTION
DESCRIPTION:Regarding: A3 Initech\nRep: alice\nOpen deal D3 has no open tas
 k
CATEGORIES:deal
END:VTODO
END:VCALENDAR
X
# every line ends in CRLF and is at most 75 octets; no line starts inside a UTF-8 character
is "$(grep -c -v "$(printf '\r')\$" "$T/cal.ics")" "0" "CRLF line ends"
is "$(tr -d '\r' <"$T/cal.ics" | awk '{ if (length($0) > 75) n++ } END { print n + 0 }')" "0" \
    "no line longer than 75 octets"
LC_ALL=C awk 'BEGIN { bad = 0 } /^ [\200-\277]/ { bad++ } END { exit bad }' "$T/cal.ics"
ok $? "folds never split a UTF-8 sequence"
cp "$T/cal.ics" "$T/cal1.ics"
run followup --ics "$T/cal.ics" --owner alice
cmp -s "$T/cal.ics" "$T/cal1.ics"
ok $? "UIDs are stable from run to run"
cp -Rp "$D" "$T/other"
run followup -D "$T/other" --ics - --owner alice
rc_is 0 "--ics - writes the calendar to stdout"
grep -q "^UID:T8-$uid@" "$T/out"
[ $? -ne 0 ]
ok $? "another data directory gives other UIDs"
is "$(head -1 "$T/out" | tr -d '\r')" "BEGIN:VCALENDAR" "and no list on stdout"

# a real parser: Python's icalendar (Debian python3-icalendar)
if /usr/bin/python3 -c 'import icalendar' 2>/dev/null; then
    run /usr/bin/python3 -W error - "$T/cal.ics" <<'PY'
import sys, icalendar
data = open(sys.argv[1], 'rb').read()
cal = icalendar.Calendar.from_ical(data)
assert not cal.errors, cal.errors
for comp in cal.walk():
    assert not getattr(comp, 'errors', None), (comp.name, comp.errors)
    if comp.name in ('VTODO', 'VEVENT'):
        for req in ('UID', 'DTSTAMP', 'SUMMARY'):
            assert req in comp, (comp.name, req)
        due = comp.get('DUE')
        start = comp.get('DTSTART')
        print(comp.name, comp['UID'].split('-')[0], comp['SUMMARY'],
              due.dt.isoformat() if due else '-', start.dt.isoformat() if start else '-',
              comp.decoded('DURATION') if 'DURATION' in comp else '-')
    if comp.name == 'VTODO' and str(comp['UID']).startswith('T3-'):
        print(repr(str(comp['DESCRIPTION'])))
# it round-trips: serialising what was parsed gives the same components
again = icalendar.Calendar.from_ical(cal.to_ical())
assert [c['UID'] for c in again.walk('VTODO')] == [c['UID'] for c in cal.walk('VTODO')]
PY
    rc_is 0 "python icalendar parses it, with no errors or warnings"
    out_is "and reads back what was written" <<'X'
VTODO T8 Prepare renewal quote 2026-11-24 - -
VTODO T3 Discovery 2026-11-26 - -
'Regarding: L2 Ann Lee\nRep: alice\nAsk about budget; needs CFO, too'
VEVENT T9 Initech intro - 2026-12-01T15:00:00+00:00 0:30:00
VTODO T13 Call Sam back 2026-12-03 - -
VTODO T15 Résumé, offer; terms \ conditions — ünïcödé text long enough to fold the line twice over: ééééééééééééééééééééééé 2026-12-05 - -
VTODO D3 Plan the next step: Initech suite - - -
X
else
    echo "ok $((_n + 1)) # SKIP python3-icalendar is not installed"
    echo "ok $((_n + 2)) # SKIP python3-icalendar is not installed"
    _n=$((_n + 2))
fi

run followup --ics "$T/no/such/dir/cal.ics"
rc_is 1 "an unwritable --ics file"
done_testing
