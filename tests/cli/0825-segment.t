#!/bin/sh
# segment: RFM scores by quintiles with ties, the default segment table,
# --segments FILE, --summary, the window, filters, formats, bad input.
# Every number below is worked out by hand from the fixture.
. "${SALES_SRC:-.}/tests/cli/lib.sh"

printf '{\n  "currency": "USD",\n  "fiscal_year_start": 1,\n  "stale_days": 30,\n  "rates": {"EUR": "2"}\n}\n' >"$D/config.json"
cat >"$D/reps.csv" <<'X'
id,name,email,team,manager,role,territory,hired,active
alice,Alice,,east,,,,,yes
bob,Bob,,east,,,,,yes
X
cat >"$D/accounts.csv" <<'X'
id,created,name,domain,segment,industry,owner,updated,notes
A1,2025-01-01,Acme,,b2b,,alice,,
A2,2025-01-01,"Beta, Inc.",,b2c,,alice,,
A3,2025-01-01,Gamma,,b2b,,alice,,
A4,2025-01-01,Delta,,b2b,,alice,,
A5,2025-01-01,Epsilon,,b2b,,alice,,
A6,2025-01-01,Zeta,,b2b,,bob,,
A7,2025-01-01,Eta,,b2b,,bob,,
X
# Today is 2026-11-27. Won deals per account (EUR at 2):
#   A1: 2026-11-20 1000, 2026-10-01 500, 2026-06-01 500  R 7 days, F 3, M 2000
#   A2: 2026-11-20 300                                    R 7,      F 1, M 300
#   A3: 2026-09-28 800, 2026-03-01 1200                   R 60,     F 2, M 2000
#   A4: 2025-11-27 100                                    R 365,    F 1, M 100
#   A5: 2026-01-15 EUR 50 (= 100), 2025-12-01 400         R 316,    F 2, M 500
#   A6: 2026-08-29 700 (bob)                              R 90,     F 1, M 700
# Not counted: A7's lost deal, an open deal of A1, a won deal without an
# account, a won deal closed after today.
cat >"$D/deals.csv" <<'X'
id,created,name,account,contact,lead,owner,stage,amount,currency,probability,category,close,closed,segment,source,type,lost_reason,updated
D1,2026-01-01,a,A1,,,alice,won,1000,,,,,2026-11-20,b2b,web,,,
D2,2026-01-01,b,A1,,,alice,won,500,,,,,2026-10-01,b2b,web,,,
D3,2026-01-01,c,A1,,,alice,won,500,,,,,2026-06-01,b2b,event,,,
D4,2026-01-01,d,A2,,,alice,won,300,,,,,2026-11-20,b2c,web,,,
D5,2026-01-01,e,A3,,,alice,won,800,,,,,2026-09-28,b2b,web,,,
D6,2026-01-01,f,A3,,,alice,won,1200,,,,,2026-03-01,b2b,web,,,
D7,2025-01-01,g,A4,,,alice,won,100,,,,,2025-11-27,b2b,web,,,
D8,2025-01-01,h,A5,,,alice,won,50,EUR,,,,2026-01-15,b2b,web,,,
D9,2025-01-01,i,A5,,,alice,won,400,,,,,2025-12-01,b2b,web,,,
D10,2026-01-01,j,A6,,,bob,won,700,,,,,2026-08-29,b2b,event,,,
D11,2026-01-01,k,A7,,,bob,lost,900,,,,,2026-10-10,b2b,web,,,
D12,2026-01-01,l,A1,,,alice,proposal,5000,,,,2026-12-20,,b2b,web,,,
D13,2026-01-01,m,,,,alice,won,999,,,,,2026-10-10,b2b,web,,,
D14,2026-01-01,n,A7,,,bob,won,999,,,,,2026-12-05,b2b,web,,,
X

# Quintiles: worst to best, a run of equal values at positions lo..hi-1
# scores 1 + floor(5 (lo + hi) / (2 n)), n = 6:
#   R (fewer days better): A4 365 (0,1) -> 1; A5 316 (1,2) -> 1+floor(15/12) = 2;
#     A6 90 (2,3) -> 1+floor(25/12) = 3; A3 60 (3,4) -> 1+floor(35/12) = 3;
#     A1, A2 tied at 7 (4,6) -> 1+floor(50/12) = 5
#   F: A2, A4, A6 tied at 1 (0,3) -> 1+floor(15/12) = 2; A3, A5 at 2 (3,5)
#     -> 1+floor(40/12) = 4; A1 at 3 (5,6) -> 1+floor(55/12) = 5
#   M: A4 100 -> 1; A2 300 -> 2; A5 500 -> 3; A6 700 -> 3; A1, A3 tied at
#     2000 (4,6) -> 5
# Segments (R,F): A1 5,5 Champions; A2 5,2 Potential loyalist; A3 3,4
# Loyal; A4 1,2 Lost; A5 2,4 At risk; A6 3,2 About to sleep.
snap
run segment
rc_is 0 "segment"
out_is "one row per account with won deals, by id; ties score alike" <<'X'
account,name,recency_days,frequency,monetary,r,f,m,segment
A1,Acme,7,3,2000,5,5,5,Champions
A2,"Beta, Inc.",7,1,300,5,2,2,Potential loyalist
A3,Gamma,60,2,2000,3,4,5,Loyal
A4,Delta,365,1,100,1,2,1,Lost
A5,Epsilon,316,2,500,2,4,3,At risk
A6,Zeta,90,1,700,3,2,3,About to sleep
X
unchanged "a report writes nothing"

# Summary: every segment of the table in its order, share = accounts / 6.
run segment --summary
out_is "--summary" <<'X'
segment,accounts,share,monetary
Champions,1,0.17,2000
Loyal,1,0.17,2000
Potential loyalist,1,0.17,300
New,0,0.00,0
Promising,0,0.00,0
Need attention,0,0.00,0
About to sleep,1,0.17,700
At risk,1,0.17,500
Cannot lose,0,0.00,0
Hibernating,0,0.00,0
Lost,1,0.17,100
X
run env SALES_FORCE_TTY=1 segment --summary --where 'amount >= 500'
# deals of 500 or more: A1 3 deals 2000 R7; A3 2 deals 2000 R60; A6 1 deal
# 700 R90 (n = 3). R: A6 (0,1) 1+floor(5/6) = 1; A3 (1,2) 1+floor(15/6) = 3;
# A1 (2,3) 1+floor(25/6) = 5. F: A6 1; A3 3; A1 5. M: A6 1; A1, A3 tied
# (1,3) 1+floor(20/6) = 4. A1 5,5 Champions; A3 3,3 Need attention; A6 1,1 Lost.
out_is "--summary as a table: bars and a total" <<'X'
segment             accounts  share  monetary
Champions                  1   0.33  2,000.00  ████████████████████████
Loyal                      0   0.00      0.00
Potential loyalist         0   0.00      0.00
New                        0   0.00      0.00
Promising                  0   0.00      0.00
Need attention             1   0.33  2,000.00  ████████████████████████
About to sleep             0   0.00      0.00
At risk                    0   0.00      0.00
Cannot lose                0   0.00      0.00
Hibernating                0   0.00      0.00
Lost                       1   0.33    700.00  ████████████████████████
total                      3   1.00  4,700.00
X

# ---- the window -----------------------------------------------------------
# --since 2026-01-01: A4 drops out, A5 keeps only its EUR deal (100). n = 5.
#   R: A5 316 (0,1) -> 1; A6 90 (1,2) -> 1+floor(15/10) = 2; A3 60 (2,3)
#     -> 1+floor(25/10) = 3; A1, A2 at 7 (3,5) -> 1+floor(40/10) = 5
#   F: A2, A5, A6 at 1 (0,3) -> 1+floor(15/10) = 2; A3 (3,4) -> 1+floor(35/10)
#     = 4; A1 (4,5) -> 1+floor(45/10) = 5
#   M: A5 100 -> 1; A2 300 -> 2; A6 700 -> 1+floor(25/10) = 3; A1, A3 at
#     2000 (3,5) -> 5
run segment --since 2026-01-01
out_is "--since bounds the window" <<'X'
account,name,recency_days,frequency,monetary,r,f,m,segment
A1,Acme,7,3,2000,5,5,5,Champions
A2,"Beta, Inc.",7,1,300,5,2,2,Potential loyalist
A3,Gamma,60,2,2000,3,4,5,Loyal
A5,Epsilon,316,1,100,1,2,1,Lost
A6,Zeta,90,1,700,2,2,3,Hibernating
X
# --period 2026-Q2: only D3 (A1, 2026-06-01, 500); recency to the window's
# end 2026-06-30: 29 days. One account: (0,1) -> 1+floor(5/2) = 3 for all.
run segment --period 2026-Q2 -f tsv
out_is "--period: recency counts to the window's end" <<'X'
account	name	recency_days	frequency	monetary	r	f	m	segment
A1	Acme	29	1	500	3	3	3	Need attention
X
run segment --owner bob -f json
out_is "--owner picks deals; json" <<'X'
[
{"account":"A6","name":"Zeta","recency_days":90,"frequency":1,"monetary":700,"r":3,"f":3,"m":3,"segment":"Need attention"}
]
X
run segment --source event -f ndjson
# D3 (A1 2026-06-01 500, R 179) and D10 (A6 700, R 90); n = 2:
# R: A1 (0,1) 1+floor(5/4) = 2; A6 (1,2) 1+floor(15/4) = 4. F tied (0,2)
# -> 1+floor(10/4) = 3. M: A1 2; A6 4. A1 2,3 At risk; A6 4,3 Potential loyalist.
out_is "--source; ndjson" <<'X'
{"account":"A1","name":"Acme","recency_days":179,"frequency":1,"monetary":500,"r":2,"f":3,"m":2,"segment":"At risk"}
{"account":"A6","name":"Zeta","recency_days":90,"frequency":1,"monetary":700,"r":4,"f":3,"m":4,"segment":"Potential loyalist"}
X

# ---- --segments FILE ------------------------------------------------------
cat >"$T/top.csv" <<'X'
segment,r,f
Top,4-5,4-5
"Rest, all",1-5,1-5
X
run segment --segments "$T/top.csv" -f csv
out_is "--segments replaces the table; first match wins" <<'X'
account,name,recency_days,frequency,monetary,r,f,m,segment
A1,Acme,7,3,2000,5,5,5,Top
A2,"Beta, Inc.",7,1,300,5,2,2,"Rest, all"
A3,Gamma,60,2,2000,3,4,5,"Rest, all"
A4,Delta,365,1,100,1,2,1,"Rest, all"
A5,Epsilon,316,2,500,2,4,3,"Rest, all"
A6,Zeta,90,1,700,3,2,3,"Rest, all"
X
printf 'segment,r,f\nTop,5,5\n' >"$T/gap.csv"
run segment --segments "$T/gap.csv" --summary
out_is "accounts no rule matches: an empty segment, summed last" <<'X'
segment,accounts,share,monetary
Top,1,0.17,2000
,5,0.83,3600
X

bad_segments() { # NAME CONTENT MESSAGE
    printf "$2" >"$T/bad.csv"
    snap
    run segment --segments "$T/bad.csv"
    rc_is 1 "$1: exit 1"
    is "$(cat "$T/err")" "segment: $T/bad.csv:$3" "$1: FILE:LINE"
    is "$(cat "$T/out")" "" "$1: no output"
    unchanged "$1: nothing written"
}
bad_segments "a score out of range" 'segment,r,f\nTop,4-5,4-5\nBad,6,1\n' \
    "3: bad r '6' (expected a score 1-5 or a range such as 4-5)"
bad_segments "a backward range" 'segment,r,f\nBad,1-5,3-1\n' \
    "2: bad f '3-1' (expected a score 1-5 or a range such as 4-5)"
bad_segments "an empty name" 'segment,r,f\n,1,1\n' \
    "2: bad segment name '' (text without leading or trailing spaces)"
bad_segments "a missing column" 'name,r,f\nTop,5,5\n' \
    "1: no 'segment' column (the header is segment,r,f)"
bad_segments "no rules" 'segment,r,f\n' "1: no segments (one line per segment: name,r,f)"
run segment --segments "$T/nonesuch.csv"
rc_is 1 "a segments file that is not there: exit 1"

# ---- bad input and missing files ------------------------------------------
run segment --stage won
rc_is 2 "--stage: usage error"
run segment --frobnicate
rc_is 2 "an unknown option: usage error"
cp "$D/deals.csv" "$T/deals.keep"
sed -i '1s/,amount,/,amt,/' "$D/deals.csv"
snap
run segment
rc_is 1 "a renamed column: exit 1"
err_is "named by name" <<X
segment: $D/deals.csv:1: no 'amount' column (is the header row missing or renamed?)
X
unchanged "a renamed column: nothing written"
sed -i '1s/,account,/,acct,/;1s/,amt,/,amount,/' "$D/deals.csv"
run segment
rc_is 1 "a renamed account column: exit 1"
err_is "the account column by name" <<X
segment: $D/deals.csv:1: no 'account' column (is the header row missing or renamed?)
X
cp "$T/deals.keep" "$D/deals.csv"
printf 'D15,2026-01-01,o,A2,,,alice,won,12.345,,,,,2026-10-10,b2b,web,,,\n' >>"$D/deals.csv"
run segment
rc_is 1 "a bad amount: exit 1"
err_is "a bad amount: FILE:LINE" <<X
segment: $D/deals.csv:16: deal D15: bad amount '12.345'
X
cp "$T/deals.keep" "$D/deals.csv"
rm "$D/accounts.csv"
run segment --owner bob
out_is "no accounts.csv: names empty" <<'X'
account,name,recency_days,frequency,monetary,r,f,m,segment
A6,,90,1,700,3,3,3,Need attention
X
rm "$D/deals.csv"
run segment
rc_is 0 "no deals.csv: exit 0"
out_is "no deals.csv: an empty report" <<'X'
account,name,recency_days,frequency,monetary,r,f,m,segment
X
run segment --summary --segments "$T/top.csv"
out_is "no deals.csv: an empty summary" <<'X'
segment,accounts,share,monetary
Top,0,,0
"Rest, all",0,,0
X

done_testing
