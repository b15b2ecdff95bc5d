#!/bin/sh
# nps-report: promoters 9-10, passives 7-8, detractors 0-6, NPS =
# %promoters - %detractors, per period, month, quarter, segment, account
# and channel; --comments; a score outside 0-10 refused with FILE:LINE.
. "${SALES_SRC:-.}/tests/cli/lib.sh"

cat >"$D/accounts.csv" <<'X'
id,created,name,domain,segment,industry,owner,updated,notes
A1,2026-01-01T00:00:00Z,Acme,acme.example,b2b,,,,
A2,2026-01-01T00:00:00Z,Bolt,bolt.example,b2c,,,,
X
cat >"$D/feedback.csv" <<'X'
id,date,account,contact,score,channel,comment
F1,2026-10-05T10:00:00Z,A1,C1,10,email,Great
F2,2026-10-20T10:00:00Z,A1,C1,9,phone,
F3,2026-11-02T10:00:00Z,A2,C2,7,email,ok
F4,2026-11-03T10:00:00Z,A2,C2,3,web,"Too slow, really"
F5,2026-11-10T10:00:00Z,A1,C3,8,email,Missing export
F6,2026-09-15T10:00:00Z,A2,C2,0,phone,Terrible
F7,2026-11-11T10:00:00Z,A1,C1,,email,no score given
F8,2026-11-20T10:00:00Z,A2,C2,5,web,"Called twice, no answer"
F9,2026-11-21T10:00:00Z,A1,C1,10,chat,
F10,2026-11-22T10:00:00Z,A2,C2,6,web,
X

# 2026-Q4: F1 F2 F9 promoters; F3 F5 passives; F4 F8 F10 detractors (F6 is
# in Q3, F7 has no score: not a response). 8 responses:
# NPS = 100 x (3 - 3) / 8 = 0.0
run nps-report
rc_is 0 "nps-report"
out_is "the current fiscal quarter" <<'X'
period,responses,promoters,passives,detractors,nps
2026-Q4,8,3,2,3,0.0
X
# October: F1 F2: 100.0; November: F3 F5 passives, F4 F8 F10 detractors,
# F9 promoter: 100 x (1 - 3) / 6 = -33.3
run nps-report --by month
out_is "--by month" <<'X'
month,responses,promoters,passives,detractors,nps
2026-10,2,2,0,0,100.0
2026-11,6,1,2,3,-33.3
X
# 2026: F6 joins as a detractor in Q3
run nps-report --by quarter --period 2026 -f csv
out_is "--by quarter over a year" <<'X'
quarter,responses,promoters,passives,detractors,nps
2026-Q3,1,0,0,1,-100.0
2026-Q4,8,3,2,3,0.0
X
# b2b (A1): F1 F2 F9 promoters, F5 passive: 100 x 3 / 4 = 75.0
# b2c (A2): F3 passive, F4 F8 F10 detractors: 100 x -3 / 4 = -75.0
run nps-report --by segment
out_is "--by segment: the account's" <<'X'
segment,responses,promoters,passives,detractors,nps
b2b,4,3,1,0,75.0
b2c,4,0,1,3,-75.0
X
run nps-report --by account
out_is "--by account" <<'X'
account,responses,promoters,passives,detractors,nps
A1,4,3,1,0,75.0
A2,4,0,1,3,-75.0
X
# email: F1 promoter, F3 F5 passives: 100 x 1 / 3 = 33.3
run nps-report --by channel
out_is "--by channel" <<'X'
channel,responses,promoters,passives,detractors,nps
chat,1,1,0,0,100.0
email,3,1,2,0,33.3
phone,1,1,0,0,100.0
web,3,0,0,3,-100.0
X
run env SALES_FORCE_TTY=1 nps-report --by channel
out_is "table: a total line" <<'X'
channel  responses  promoters  passives  detractors     nps
chat             1          1         0           0   100.0
email            3          1         2           0    33.3
phone            1          1         0           0   100.0
web              3          0         0           3  -100.0
total            8          3         2           3     0.0
X
run nps-report --period 2026-Q1 -f json
out_is "a period with no feedback: no NPS" <<'X'
[
{"period":"2026-Q1","responses":0,"promoters":0,"passives":0,"detractors":0,"nps":null}
]
X
# A2 from 2026-09-01 to 2026-11-20: F3 passive, F4 F6 F8 detractors:
# 100 x -3 / 4 = -75.0 (--where on the file's columns)
run nps-report --since 2026-09-01 --until 2026-11-20 --where 'account = A2' -f ndjson
out_is "--since/--until and --where" <<'X'
{"period":"2026-09-01..2026-11-20","responses":4,"promoters":0,"passives":1,"detractors":3,"nps":-75.0}
X
# detractors with a comment, newest first: F8, F4 (F10 has none)
run nps-report --comments
out_is "--comments" <<'X'
date,account,contact,score,channel,comment
2026-11-20T10:00:00Z,A2,C2,5,web,"Called twice, no answer"
2026-11-03T10:00:00Z,A2,C2,3,web,"Too slow, really"
X
run nps-report --comments --period 2026 -f tsv
out_is "--comments over the year" <<'X'
date	account	contact	score	channel	comment
2026-11-20T10:00:00Z	A2	C2	5	web	Called twice, no answer
2026-11-03T10:00:00Z	A2	C2	3	web	Too slow, really
2026-09-15T10:00:00Z	A2	C2	0	phone	Terrible
X

# ---- bad input ------------------------------------------------------------------
snap
cp "$D/feedback.csv" "$T/feedback.csv"
echo 'F11,2026-11-23T10:00:00Z,A1,C1,11,web,' >>"$D/feedback.csv"
run nps-report
rc_is 1 "a score of 11: exit 1"
err_is "FILE:LINE of the score" <<X
nps-report: $D/feedback.csv:12: score '11' is not 0-10
X
cp "$T/feedback.csv" "$D/feedback.csv"
sed -i 's/^F6,\(.*\),0,phone/F6,\1,-1,phone/' "$D/feedback.csv"
run nps-report
rc_is 1 "a score of -1, outside the period too: exit 1"
err_is "FILE:LINE of the negative score" <<X
nps-report: $D/feedback.csv:7: score '-1' is not 0-10
X
cp "$T/feedback.csv" "$D/feedback.csv"
sed -i 's/^F3,\(.*\),7,email/F3,\1,7.5,email/' "$D/feedback.csv"
run nps-report --comments
rc_is 1 "a score of 7.5: exit 1"
err_is "FILE:LINE of the fraction" <<X
nps-report: $D/feedback.csv:4: score '7.5' is not 0-10
X
cp "$T/feedback.csv" "$D/feedback.csv"
sed -i '1s/,score,/,rating,/' "$D/feedback.csv"
run nps-report
rc_is 1 "a renamed column: exit 1"
err_is "the column named" <<X
nps-report: $D/feedback.csv:1: no 'score' column (is the header row missing or renamed?)
X
cp "$T/feedback.csv" "$D/feedback.csv"
sed -i '1s/,segment,/,sector,/' "$D/accounts.csv"
run nps-report --by segment
rc_is 1 "accounts.csv with a renamed column: exit 1"
err_is "its column named" <<X
nps-report: $D/accounts.csv:1: no 'segment' column (is the header row missing or renamed?)
X
sed -i '1s/,sector,/,segment,/' "$D/accounts.csv"
unchanged "nothing written"
run nps-report --by region
rc_is 1 "bad --by: exit 1"
run nps-report --comments --by channel
rc_is 2 "--comments with --by: usage"
run nps-report --period last-century
rc_is 1 "unknown period: exit 1"
rm "$D/feedback.csv"
run nps-report
rc_is 0 "no feedback.csv: exit 0"
out_is "no feedback.csv: the period with no responses" <<'X'
period,responses,promoters,passives,detractors,nps
2026-Q4,0,0,0,0,
X
run nps-report --comments
out_is "no feedback.csv: no comments" <<'X'
date,account,contact,score,channel,comment
X
done_testing
