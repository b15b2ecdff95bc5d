#!/bin/sh
# sales-export: spreadsheet CSV options, filters, .xlsx cells; and the round-trip
# guarantee: for every entity, export then import --mode upsert changes nothing.
. "${SALES_SRC:-.}/tests/cli/lib.sh"

load() { # ENTITY, CSV on stdin
    cat >"$T/load.csv"
    sales-import -q "$1" "$T/load.csv" || echo "Bail out! cannot load $1"
}
printf '{\n  "currency": "USD",\n  "fiscal_year_start": 1,\n  "stale_days": 30,\n  "rates": {"EUR": "1.08"}\n}\n' >"$D/config.json"
load reps <<'X'
id,name,email,team,manager,role,territory,hired,active
carol,Carol Díaz,carol@example.com,east,,manager,us-east,2021-04-01,yes
alice,Alice Smith,alice@example.com,east,carol,ae,us-east,2024-03-01,
bob,鲍勃,bob@example.com,west,,ae,cn,2025-01-15,no
X
# columns of the user's own: kept by every tool, exported, imported back
sed -i '1s/$/,zip/' "$D/accounts.csv"
load accounts <<'X'
name,domain,segment,industry,owner,zip,notes
Acme Corp,acme.example,b2b,manufacturing,alice,01234,"two
lines"
北京贸易,bj.example,enterprise,trade,bob,100000,
X
load contacts <<'X'
account,name,email,phone,title
A1,Jane Roe,jane@acme.example,0049 30 1234567,CTO
A2,王芳,wang@bj.example,+86 10 8888 0000,采购经理
X
load leads <<'X'
name,company,email,phone,source,segment,owner,status,score,notes
Kim Lee,Hooli,kim@hooli.example,007 123,web,b2b,alice,qualified,-5,=cmd|' /C calc'!A0
Raj Rao,Vandelay,raj@vandelay.example,,event,b2c,bob,new,,"@SUM(1+1)*cmd|' /C calc'!A0"
X
load deals <<'X'
name,account,contact,owner,stage,amount,currency,probability,close,segment,source,type
Acme renewal,A1,C1,alice,won,12500.5,,,2026-11-20,b2b,web,renewal
-Hooli pilot,,,alice,proposal,900.05,EUR,35,2026-12-31,b2b,web,new
Beijing,A2,C2,bob,lost,1000000,,,2026-10-01,enterprise,referral,new
X
deal-update D3 --lost_reason price >/dev/null
load activities <<'X'
date,rep,type,channel,account,deal,subject,duration,due,done,notes
2026-11-20T10:00:00Z,alice,call,phone,A1,D1,Renewal call,30,,,+1 said yes
2026-11-25,bob,task,email,A2,D3,Send quote,,2026-12-01,,
X
load quotas <<'X'
owner,period,amount
alice,2026-Q4,40000
east,2026,150000.5
X
load subscriptions <<'X'
account,plan,mrr,start,end
A1,pro,99.9,2025-01-01,
A2,enterprise,2500,2024-06-01,2026-05-31
X
load budget <<'X'
period,category,channel,planned,actual
2026-Q4,ads,linkedin,5000,4800.25
2026-11,events,event,1200,
X
load feedback <<'X'
date,account,contact,score,channel,comment
2026-11-21,A1,C1,9,survey,"Great, ""really"""
X

run sales-export deals
rc_is 0 "export deals"
out_is "plain CSV: every column, text that looks like a number quoted" <<'X'
id,created,name,account,contact,lead,owner,stage,amount,currency,probability,category,close,closed,segment,source,type,lost_reason,updated
D1,2026-11-27T09:30:00Z,Acme renewal,A1,C1,,alice,won,12500.5,,,,2026-11-20,2026-11-20,b2b,web,renewal,,2026-11-27T09:30:00Z
D2,2026-11-27T09:30:00Z,-Hooli pilot,,,,alice,proposal,900.05,EUR,35,,2026-12-31,,b2b,web,new,,2026-11-27T09:30:00Z
D3,2026-11-27T09:30:00Z,Beijing,A2,C2,,bob,lost,1000000,,,,2026-10-01,2026-10-01,enterprise,referral,new,price,2026-11-27T09:30:00Z
X
run sales-export --safe --owner alice --stage proposal,won deals
out_is "--safe guards formula-like text; filters apply" <<'X'
id,created,name,account,contact,lead,owner,stage,amount,currency,probability,category,close,closed,segment,source,type,lost_reason,updated
D1,2026-11-27T09:30:00Z,Acme renewal,A1,C1,,alice,won,12500.5,,,,2026-11-20,2026-11-20,b2b,web,renewal,,2026-11-27T09:30:00Z
D2,2026-11-27T09:30:00Z,'-Hooli pilot,,,,alice,proposal,900.05,EUR,35,,2026-12-31,,b2b,web,new,,2026-11-27T09:30:00Z
X
run sales-export --safe leads
out_is "formula injection guarded, a negative score left alone" <<'X'
id,created,name,company,email,phone,source,segment,owner,status,score,updated,notes
L1,2026-11-27T09:30:00Z,Kim Lee,Hooli,kim@hooli.example,"007 123",web,b2b,alice,qualified,-5,2026-11-27T09:30:00Z,'=cmd|' /C calc'!A0
L2,2026-11-27T09:30:00Z,Raj Rao,Vandelay,raj@vandelay.example,,event,b2c,bob,new,,2026-11-27T09:30:00Z,'@SUM(1+1)*cmd|' /C calc'!A0
X
run sales-export --bom --decimal-comma quotas
out_is "BOM, ';' and decimal commas" <<'X'
﻿owner;period;amount
alice;2026-Q4;40000
east;"2026";150000,5
X
is "$(sales-export --bom --crlf quotas | head -c 28 | od -An -c | tr -d '\n' | tr -s ' ')" \
    " 357 273 277 o w n e r , p e r i o d , a m o u n t \r \n a l i c" "the bytes of --bom --crlf"
run sales-export -o "$T/acc.csv" accounts
out_is "-o: nothing on stdout" </dev/null
file_is "$T/acc.csv" "the user's zip column, leading zero quoted" <<'X'
id,created,name,domain,segment,industry,owner,updated,notes,zip
A1,2026-11-27T09:30:00Z,Acme Corp,acme.example,b2b,manufacturing,alice,2026-11-27T09:30:00Z,"two
lines","01234"
A2,2026-11-27T09:30:00Z,北京贸易,bj.example,enterprise,trade,bob,2026-11-27T09:30:00Z,,"100000"
X

# The round trip, for every entity and every CSV form a spreadsheet user may pick.
for ent in reps leads accounts contacts deals activities quotas subscriptions budget feedback; do
    cp "$D/$ent.csv" "$T/before.csv"
    snap
    for opts in "" "--safe" "--bom --crlf --safe" "--decimal-comma" "--delimiter tab"; do
        sales-export $opts "$ent" >"$T/x.csv"
        dc=""
        case $opts in *decimal-comma*) dc=--decimal-comma ;; esac
        run sales-import -q $dc --mode upsert "$ent" "$T/x.csv"
        [ "$rc" = 0 ] || { echo "# $ent $opts:"; sed 's/^/#   /' "$T/err"; }
    done
    unchanged "$ent: export then import --mode upsert is a no-op, in every form"
done
# and into an empty data directory: the same files, byte for byte
sales-init "$T/copy" >/dev/null
cp "$D/config.json" "$T/copy/"
sed -i '1s/$/,zip/' "$T/copy/accounts.csv"
for ent in reps accounts contacts leads deals activities quotas subscriptions budget feedback; do
    sales-export --safe "$ent" >"$T/x.csv"
    SALES_DATA="$T/copy" sales-import -q "$ent" "$T/x.csv" || echo "# import of $ent into a copy failed"
    cmp -s "$D/$ent.csv" "$T/copy/$ent.csv"
    ok $? "$ent: imported into an empty directory, byte for byte the same"
done

# An .xlsx workbook: typed cells.
run sales-export --xlsx "$T/deals.xlsx" deals
rc_is 0 "--xlsx"
out_is "writes the file, not stdout" </dev/null
cells() { # the cells of the first sheet: ref, type (s text, n number), value, number format
    /usr/bin/python3 - "$1" <<'PY'
import re, sys, zipfile
z = zipfile.ZipFile(sys.argv[1])
styles = z.read("xl/styles.xml").decode()
fmts = dict(re.findall(r'<numFmt numFmtId="(\d+)" formatCode="([^"]*)"', styles))
xfs = re.findall(r'<xf [^>]*?numFmtId="(\d+)"', styles.split("<cellXfs")[1])
sheet = z.read("xl/worksheets/sheet1.xml").decode()
for m in re.finditer(r'<c r="([A-Z]+\d+)"([^>]*)>(.*?)</c>', sheet, re.S):
    ref, attrs, body = m.groups()
    s = re.search(r's="(\d+)"', attrs)
    fmt = fmts.get(xfs[int(s.group(1))], "") if s else ""
    fmt = fmt.replace("&quot;", '"')
    if 't="inlineStr"' in attrs:
        print(ref, "s", re.sub(r"<[^>]+>", "", body).replace("\n", "\\n"), fmt)
    else:
        print(ref, "n", re.search(r"<v>(.*)</v>", body).group(1), fmt)
for tag in ("pane", "autoFilter"):
    m = re.search("<%s [^>]*>" % tag, sheet)
    print(m.group(0) if m else "no " + tag)
PY
}
if [ -x /usr/bin/python3 ]; then
    cells "$T/deals.xlsx" | grep -E '^(A1|[A-S]2|I3|K3|I4) |^<|^no' >"$T/cells"
    file_is "$T/cells" "header bold, ids text, amounts in the currency, dates as dates" <<'X'
A1 s id 
A2 s D1 
B2 n 46353.39583333334 yyyy-mm-dd"T"hh:mm:ss"Z"
C2 s Acme renewal 
D2 s A1 
E2 s C1 
G2 s alice 
H2 s won 
I2 n 12500.5 "$"#,##0.00
M2 n 46346 yyyy-mm-dd
N2 n 46346 yyyy-mm-dd
O2 s b2b 
P2 s web 
Q2 s renewal 
S2 n 46353.39583333334 yyyy-mm-dd"T"hh:mm:ss"Z"
I3 n 900.05 "€"#,##0.00
K3 n 35 0
I4 n 1000000 "$"#,##0.00
<pane ySplit="1" topLeftCell="A2" activePane="bottomLeft" state="frozen"/>
<autoFilter ref="A1:S4"/>
X
    sales-export --xlsx "$T/acc.xlsx" accounts
    cells "$T/acc.xlsx" | grep -E '^(I2|J2|J3) ' >"$T/cells"
    file_is "$T/cells" "a note over lines and a zip code with its leading zero, as text" <<'X'
I2 s two\nlines 
J2 s 01234 
J3 s 100000 
X
else
    ok 0 "# skip no /usr/bin/python3"
    ok 0 "# skip no /usr/bin/python3"
fi
awk 'BEGIN { printf "name,notes\nBig,\""; for (i = 0; i < 40000; i++) printf "x"; printf "\"\n" }' >"$T/big.csv"
sales-import -q leads "$T/big.csv"
run sales-export --xlsx "$T/big.xlsx" leads
rc_is 1 "a cell longer than .xlsx allows"
err_is "is refused, not cut" <<X
sales-export: $D/leads.csv:4: notes: longer than the 32767 characters an .xlsx cell holds (export it as CSV)
X
is "$(ls "$T/big.xlsx" 2>&1)" "ls: cannot access '$T/big.xlsx': No such file or directory" "and no half workbook is left"

# A file the user names is written whole or not at all: a failure half-way
# leaves the old file as it was, and no temporary file beside it.
mkdir "$T/files" && echo "old contents" >"$T/files/leads.csv" && cp "$T/files/leads.csv" "$T/files/leads.xlsx"
cp "$D/leads.csv" "$T/leads.keep"
echo 'L99,x,"bad"quote,' >>"$D/leads.csv" # malformed, after the rows already written
run sales-export -o "$T/files/leads.csv" leads
rc_is 1 "-o: a malformed row half-way through"
is "$(cat "$T/err")" "sales-export: $D/leads.csv:5: malformed CSV: stray or unbalanced quote" "... says where"
is "$(head -c 100 "$T/files/leads.csv")" "old contents" "... the old file is left as it was"
cp "$T/leads.keep" "$D/leads.csv"
run sales-export --xlsx "$T/files/leads.xlsx" leads
rc_is 1 "--xlsx over an existing file: the long cell is refused"
is "$(head -c 100 "$T/files/leads.xlsx")" "old contents" "... and the old workbook is left as it was"
is "$(ls -A "$T/files")" "leads.csv
leads.xlsx" "no temporary file is left beside them"
chmod 640 "$T/files/leads.csv"
run sales-export -o "$T/files/leads.csv" leads
rc_is 0 "-o over an existing file"
is "$(stat -c %a "$T/files/leads.csv") $(head -c 3 "$T/files/leads.csv")" "640 id," "... replaces it, and keeps its mode"
(umask 027 && sales-export -o "$T/files/new.csv" leads)
is "$(stat -c %a "$T/files/new.csv")" "640" "a new file: 0666 less the umask"
# a device or a FIFO is written as it is, never replaced by a file
run sales-export -o /dev/null leads
rc_is 0 "-o /dev/null"
test -c /dev/null
ok $? "... and /dev/null is still a device"
mkfifo "$T/fifo"
cat "$T/fifo" >"$T/from-fifo" &
reader=$!
run sales-export -o "$T/fifo" quotas
wait $reader
rc_is 0 "-o FIFO"
sales-export quotas >"$T/quotas.csv"
cmp -s "$T/from-fifo" "$T/quotas.csv"
ok $? "... the reader got the export"
test -p "$T/fifo"
ok $? "... and the FIFO is still a FIFO"
run sales-export --xlsx - quotas
rc_is 1 "--xlsx -"
err_is "... a workbook needs a file" <<'X'
sales-export: --xlsx -: a workbook cannot go to standard output; give a file name
X

run sales-export
rc_is 2 "no entity"
run sales-export --status new deals
rc_is 2 "a filter that does not apply"
run sales-export --xlsx "$T/a.xlsx" --bom deals
rc_is 2 "--bom with --xlsx"
done_testing
