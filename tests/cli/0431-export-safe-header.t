#!/bin/sh
# sales-export --safe guards the header row as it guards data: a user's own
# column may be named like a formula. sales-import drops that guard again.
. "${SALES_SRC:-.}/tests/cli/lib.sh"

lead-add --name '=cmd' >/dev/null
sed -i '1s/$/,"=HYPERLINK(""http:\/\/evil.example"",""x"")",@SUM(1),-x,+1,-12.5,'"'"'=y/' "$D/leads.csv"
sed -i '2s/$/,a,b,c,d,e,f/' "$D/leads.csv"
snap
run sales-export --safe leads
rc_is 0 "--safe"
out_is "header cells guarded as data cells are; a plain number is not" <<'X'
id,created,name,company,email,phone,source,segment,owner,status,score,updated,notes,"'=HYPERLINK(""http://evil.example"",""x"")",'@SUM(1),'-x,+1,-12.5,''=y
L1,2026-11-27T09:30:00Z,'=cmd,,,,,,,new,,2026-11-27T09:30:00Z,,a,b,c,d,e,f
X
run sales-export --safe --decimal-comma leads
out_is "with ';' and decimal commas too" <<'X'
id;created;name;company;email;phone;source;segment;owner;status;score;updated;notes;"'=HYPERLINK(""http://evil.example"",""x"")";'@SUM(1);'-x;+1;-12.5;''=y
L1;2026-11-27T09:30:00Z;'=cmd;;;;;;;new;;2026-11-27T09:30:00Z;;a;b;c;d;e;f
X
run sales-export leads
out_is "without --safe the names are as they are" <<'X'
id,created,name,company,email,phone,source,segment,owner,status,score,updated,notes,"=HYPERLINK(""http://evil.example"",""x"")",@SUM(1),-x,+1,-12.5,'=y
L1,2026-11-27T09:30:00Z,=cmd,,,,,,,new,,2026-11-27T09:30:00Z,,a,b,c,d,e,f
X
unchanged "an export writes nothing"

# the round trip: the guarded names find the columns again
sales-export --safe leads >"$T/x.csv"
run sales-import --mode upsert leads "$T/x.csv"
rc_is 0 "import of a --safe export"
err_is "every column found, nothing changed" <<'X'
sales-import: leads: 0 created, 0 updated, 1 unchanged, 0 refused
X
unchanged "a no-op"
done_testing
