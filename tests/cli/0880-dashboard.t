#!/bin/sh
# sales-dashboard in a terminal: the KPIs of the period against the one
# before with sparklines of the last 12, the funnel and the deals at risk,
# every figure the reports' own (checked by hand below); --period;
# bad input refused with exit 1 or 2 and the data directory untouched.
. "${SALES_SRC:-.}/tests/cli/lib.sh"

cp "$DATA"/dashboard/*.csv "$D"/

# Bookings: Q4 D7 25,000 + D8 15,000; Q3 D4 30,000 + D6 12,000 (-4.8%).
# Attainment: east's quota (alice and bob roll up into it: counted once),
# 40,000 of 100,000. Pipeline: the four open deals, all closing in Q4:
# coverage 155,000 / 60,000 left = 2.6x. Win rate Q4 2 of 3, Q3 2 of 3.
# NPS Q4 (10, 9, 7) 66.7, Q3 (9, 6) 0.0. MRR at the end of Q4 1,200
# (S1 + S3), of Q3 1,000 (S2 ended in September). At risk: D13 118 days in
# proposal (rotten after 21), D14 past its close and 26 days in
# negotiation (14), D15 past its close; D12 is fresh.
run sales-dashboard
rc_is 0 "the dashboard"
out_is "the current fiscal quarter against the one before" <<'X'
Sales dashboard 2026-Q4, to 2026-11-27, against 2026-Q3

                   2026-Q4       2026-Q3    change  last 12 quarters
Bookings            40,000        42,000     -4.8%  ▁▁▁▁▁▁▂▃▃▄██
Attainment             40%
  won 40,000 of quota 100,000, gap 60,000
Pipeline           155,000
  4 open deals, weighted 75,000, coverage 2.6x
Win rate               67%           67%    +0 pts        ███▅▆▆
Cycle days            50.0          70.0     -20.0        ▆▇▅▆█▆
NPS                   66.7           0.0     +66.7            ▁█
MRR                  1,200         1,000    +20.0%  ▁▁▁▁▁▁▁▁██▆▇
NRR                      -
  trailing 12 months to 2026-11, GRR -

Funnel: open deals by stage
prospecting          1        40,000  ████████████████████████
qualification        1         5,000  ███
proposal             1        60,000  ████████████████████████████████████
negotiation          1        50,000  ██████████████████████████████

Deals at risk: 3 open deals stale or past the close date, largest first
D13    Großkunde 東京 E… bob          proposal          60,000  stale 118d
D14    Acme <premium> &… alice        negotiation       50,000  late 7d, stale
D15    Bolt seats        bob          qualification      5,000  late 26d
X
[ "$(wc -L <"$T/out")" -le 80 ]
ok $? "no line is wider than 80 columns"

# the same figures from the reports themselves
run perf-report --by quarter --period 2026-Q4 -f csv
is "$(cut -d, -f1,3,5,7 "$T/out" | tail -1)" "2026-Q4,40000,0.67,50.0" "bookings, win rate and cycle are perf-report's"
run quota-report -f csv
is "$(grep '^east,' "$T/out" | cut -d, -f3,4,5,9)" "100000,40000,0.40,2.58" "attainment and coverage are quota-report's"

run sales-dashboard --period 2026-Q3
out_is "--period 2026-Q3" <<'X'
Sales dashboard 2026-Q3, to 2026-09-30, against 2026-Q2

                   2026-Q3       2026-Q2    change  last 12 quarters
Bookings            42,000        20,000   +110.0%  ▁▁▁▁▁▁▁▂▃▃▄█
Attainment             75%
  won 30,000 of quota 40,000, gap 10,000
Pipeline           155,000
  4 open deals, weighted 75,000, coverage 0.0x
Win rate               67%           50%   +17 pts         ███▅▆
Cycle days            70.0          50.0     +20.0         ▆▇▅▆█
NPS                    0.0             -                       ▁
MRR                  1,000         1,500    -33.3%  ▁▁▁▁▁▁▁▁▁██▆
NRR                      -
  trailing 12 months to 2026-09, GRR -

Funnel: open deals by stage
prospecting          1        40,000  ████████████████████████
qualification        1         5,000  ███
proposal             1        60,000  ████████████████████████████████████
negotiation          1        50,000  ██████████████████████████████

Deals at risk: 3 open deals stale or past the close date, largest first
D13    Großkunde 東京 E… bob          proposal          60,000  stale 118d
D14    Acme <premium> &… alice        negotiation       50,000  late 7d, stale
D15    Bolt seats        bob          qualification      5,000  late 26d
X

# by month: November against October (D10 9,000 in 2025-12 ... D8 15,000
# in 2026-11; Q3's attainment is alice's alone, with nothing left open in Q3)
run sales-dashboard --period 2026-11
rc_is 0 "--period 2026-11"
is "$(sed -n 1p "$T/out")" "Sales dashboard 2026-11, to 2026-11-27, against 2026-10" "a month against the month before"
is "$(sed -n 3,4p "$T/out")" "                   2026-11       2026-10    change  last 12 months
Bookings            15,000        25,000    -40.0%  ▃▁▃▁▆▁▁█▁▄▇▅" "monthly bookings"

run sales-dashboard --help
rc_is 0 "--help"
is "$(head -1 "$T/out")" "usage: sales-dashboard [-D DIR] [--period PERIOD] [--html FILE]" "--help prints the synopsis"

# bad input
sales-dashboard >/dev/null # the stage cache is written on the first run
snap
run sales-dashboard --period 2026-Q9
rc_is 1 "an unknown period is bad data"
err_is "the message says what a period is" <<'X'
sales-dashboard: bad --period '2026-Q9' (expected 2026, 2026-Q4, 2026-11, 2026-W48, this-quarter, last-month, ...)
X
run sales-dashboard --period 2026
rc_is 1 "a year is refused"
err_is "a month or a quarter" <<'X'
sales-dashboard: bad --period '2026' (expected a month or a quarter: 2026-11, 2026-Q4, this-month, last-quarter, ...)
X
run sales-dashboard extra
rc_is 2 "an operand is a usage error"
run sales-dashboard --owner alice
rc_is 2 "an unknown option is a usage error"
unchanged "the data directory is untouched"

# the demo data fits 80 columns too
run sales-dashboard -D "$SRC/examples/demo"
rc_is 0 "the demo data"
[ "$(wc -L <"$T/out")" -le 80 ]
ok $? "the demo's dashboard fits 80 columns"

done_testing
