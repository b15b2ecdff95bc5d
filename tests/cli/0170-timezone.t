#!/bin/sh
# Local time: "today", periods, overdue and the dates of timestamps follow
# the zone in config.json, else $TZ; timestamps in the files stay UTC.
# 2026-11-27T06:19:00Z is 22:19 on 2026-11-26 in California.
. "${SALES_SRC:-.}/tests/cli/lib.sh"

export SALES_NOW=2026-11-27T06:19:00Z
rep-add ann >/dev/null || echo "Bail out! setup failed"

TZ=America/Los_Angeles run deal-add --name Late --close today
rc_is 0 "deal-add --close today, late evening in California"
is "$(tail -n 1 "$D/deals.csv" | cut -d, -f2,13,19)" "2026-11-27T06:19:00Z,2026-11-26,2026-11-27T06:19:00Z" \
    "close is the local day; created and updated stay UTC"
TZ=UTC run deal-add --name Utc --close today
is "$(tail -n 1 "$D/deals.csv" | cut -d, -f13)" "2026-11-27" "under TZ=UTC it is already the 27th"

TZ=America/Los_Angeles run deal-list -c id,name --where 'close = today'
out_is "--where 'close = today' is the local today" <<'X'
id,name
D1,Late
X
TZ=America/Los_Angeles run deal-list -c id,name --where 'created >= 2026-11-27'
out_is "a timestamp's day is the local one: both were created on the 26th there" <<'X'
id,name
X
TZ=America/Los_Angeles run deal-list -c id,name --where 'created = yesterday'
out_is "... and a day before the 27th is the 25th" <<'X'
id,name
X
TZ=America/Los_Angeles run deal-list -c id,name --where 'created = today'
out_is "... both today" <<'X'
id,name
D1,Late
D2,Utc
X
TZ=UTC run deal-list -c id,name --where 'created = 2026-11-27'
out_is "in UTC they were created on the 27th" <<'X'
id,name
D1,Late
D2,Utc
X

# a quarter turns at local midnight: 03:00Z on 1 October is still 30 September
deal-update D1 --close 2026-09-30 >/dev/null
SALES_NOW=2026-10-01T03:00:00Z TZ=America/Los_Angeles run deal-list -c id --period this-quarter
out_is "this-quarter is 2026-Q3 in California" <<'X'
id
D1
X
SALES_NOW=2026-10-01T03:00:00Z TZ=UTC run deal-list -c id --period this-quarter
out_is "and 2026-Q4 in UTC" <<'X'
id
D2
X

# overdue: a task due on the 26th is due today in California, overdue in UTC
activity-log --type task --rep ann --deal D2 --subject Call --due 2026-11-26 >/dev/null
TZ=America/Los_Angeles run followup --only tasks
out_is "followup: due today, local" <<'X'
status,due,overdue_days,rep,id,type,subject,regarding,name,last_touch
today,2026-11-26,,ann,T1,task,Call,D2,Utc,
X
TZ=UTC run followup --only tasks
out_is "followup: overdue by a day in UTC" <<'X'
status,due,overdue_days,rep,id,type,subject,regarding,name,last_touch
overdue,2026-11-26,1,ann,T1,task,Call,D2,Utc,
X

# a date in SALES_NOW is that day in every zone
SALES_NOW=2026-11-27 TZ=America/Los_Angeles run deal-list -c id --where 'close = today'
out_is "SALES_NOW=DATE is today as given" <<'X'
id
D2
X

# ---- config.json timezone wins over TZ ----------------------------------------
sed 's/"currency"/"timezone": "America\/Los_Angeles",\n  "currency"/' "$D/config.json" >"$T/c" &&
    cp "$T/c" "$D/config.json"
TZ=Asia/Tokyo run deal-add --name Team --close today
rc_is 0 "deal-add with a timezone in config.json"
is "$(tail -n 1 "$D/deals.csv" | cut -d, -f2,13)" "2026-11-27T06:19:00Z,2026-11-26" \
    "the team's zone, not the user's TZ, decides today"

sed 's/America\/Los_Angeles/Mars\/Olympus_Mons/' "$D/config.json" >"$T/c" && cp "$T/c" "$D/config.json"
snap
run deal-add --name Nowhere --close today
rc_is 1 "an unknown timezone in config.json"
err_is "says what a timezone is" <<X
deal-add: $D/config.json: timezone must be an IANA time zone name such as "America/Los_Angeles" (no zone 'Mars/Olympus_Mons')
X
unchanged "nothing written"
sed 's/Mars\/Olympus_Mons/..\/..\/etc\/passwd/' "$D/config.json" >"$T/c" && cp "$T/c" "$D/config.json"
run deal-list
rc_is 1 "a path is no zone name"

done_testing
