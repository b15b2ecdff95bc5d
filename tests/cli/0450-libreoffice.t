#!/bin/sh
# A real spreadsheet round trip with LibreOffice (headless soffice): exported CSV
# opened as .xlsx and .ods, saved back as CSV, imported with --mode upsert, changes
# nothing; and a sales-export --xlsx workbook reads back with the values it holds.
# Skipped when soffice is not installed (.ci/run installs libreoffice-calc-nogui).
. "${SALES_SRC:-.}/tests/cli/lib.sh"

if ! command -v soffice >/dev/null 2>&1; then
    echo "ok 1 # skip no soffice"
    echo "1..1"
    exit 0
fi

# soffice: its own profile here, so parallel tests and users do not meet
lo() {
    timeout 600 soffice -env:UserInstallation="file://$T/lo-profile" --headless "$@" \
        >"$T/lo.out" 2>&1 || { echo "# soffice failed:"; sed 's/^/#   /' "$T/lo.out"; }
}
# CSV filter options: ',' '"' UTF-8 (76), from line 1; import: quoted fields as
# text, detect dates and numbers; export: cell contents as shown.
CSV_IN='Text - txt - csv (StarCalc):44,34,76,1,,0,true,true'
CSV_OUT='csv:Text - txt - csv (StarCalc):44,34,76,1'

sales-init "$D" >/dev/null
rep-add alice --name "Alice Smith" >/dev/null
rep-add bob --name "王伟" >/dev/null
sed -i '1s/$/,zip/' "$D/accounts.csv"
cat >"$T/a.csv" <<'X'
name,domain,segment,owner,zip,notes
Acme Corp,acme.example,b2b,alice,01234,"first line
second line, with ""quotes"""
北京贸易有限公司,bj.example,enterprise,bob,100000,中文备注
X
sales-import -q accounts "$T/a.csv"
cat >"$T/l.csv" <<'X'
name,company,email,phone,source,segment,owner,score,notes
Kim Lee,Hooli,kim@hooli.example,0049 30 1234567,web,b2b,alice,-5,=1+1
李娜,腾讯,li@qq.example,+86 10 8888 0000,event,b2c,bob,,"两行
备注"
X
sales-import -q leads "$T/l.csv"
cat >"$T/d.csv" <<'X'
name,account,owner,stage,amount,currency,probability,close,segment
Acme renewal,A1,alice,won,12500.5,,,2026-11-20,b2b
北京 pilot,A2,bob,proposal,900.05,EUR,35,2026-12-31,enterprise
Cents,A1,alice,negotiation,0.01,,,2027-01-15,b2b
X
sales-import -q deals "$T/d.csv"

mkdir -p "$T/csv" "$T/sheets" "$T/back"
for ent in accounts leads deals; do
    sales-export --safe "$ent" >"$T/csv/$ent.csv"
done
lo --infilter="$CSV_IN" --convert-to xlsx --outdir "$T/sheets" "$T"/csv/*.csv
lo --infilter="$CSV_IN" --convert-to ods --outdir "$T/sheets/ods" "$T"/csv/*.csv
for ent in accounts leads deals; do
    mv "$T/sheets/ods/$ent.ods" "$T/sheets/$ent-ods.ods" 2>/dev/null
    mv "$T/sheets/$ent.xlsx" "$T/sheets/$ent-xlsx.xlsx" 2>/dev/null
done
sales-export --xlsx "$T/sheets/deals-ours.xlsx" deals
sales-export --xlsx "$T/sheets/accounts-ours.xlsx" accounts
lo --convert-to "$CSV_OUT" --outdir "$T/back" "$T"/sheets/*.xlsx "$T"/sheets/*.ods
ls "$T/back" >"$T/list"
file_is "$T/list" "every sheet came back as CSV" <<'X'
accounts-ods.csv
accounts-ours.csv
accounts-xlsx.csv
deals-ods.csv
deals-ours.csv
deals-xlsx.csv
leads-ods.csv
leads-xlsx.csv
X

# Each comes back into the data directory unchanged: amounts, dates, leading
# zeros, Chinese text, lines of notes, a formula-like note.
for f in accounts-xlsx accounts-ods leads-xlsx leads-ods deals-xlsx deals-ods deals-ours accounts-ours; do
    ent=${f%%-*}
    snap
    run sales-import --mode upsert "$ent" "$T/back/$f.csv"
    rc_is 0 "$f: import --mode upsert"
    err_is "$f: nothing to change" <<X
sales-import: $ent: 0 created, 0 updated, $(tail -n +2 "$D/$ent.csv" | grep -c '^[LAD][0-9]') unchanged, 0 refused
X
    unchanged "$f: the data directory is as it was"
done

# What LibreOffice read from our own workbook: typed values, shown as formatted.
file_is "$T/back/deals-ours.csv" "the --xlsx cells as LibreOffice shows them" <<'X'
"id","created","name","account","contact","lead","owner","stage","amount","currency","probability","category","close","closed","segment","source","type","lost_reason","updated"
"D1",2026-11-27T09:30:00Z,"Acme renewal","A1",,,"alice","won","$12,500.50",,,,2026-11-20,2026-11-20,"b2b",,,,2026-11-27T09:30:00Z
"D2",2026-11-27T09:30:00Z,"北京 pilot","A2",,,"bob","proposal",€900.05,"EUR",35,,2026-12-31,,"enterprise",,,,2026-11-27T09:30:00Z
"D3",2026-11-27T09:30:00Z,"Cents","A1",,,"alice","negotiation",$0.01,,,,2027-01-15,,"b2b",,,,2026-11-27T09:30:00Z
X
file_is "$T/back/accounts-ours.csv" "text stays text: the zip's leading zero, the lines of a note" <<'X'
"id","created","name","domain","segment","industry","owner","updated","notes","zip"
"A1",2026-11-27T09:30:00Z,"Acme Corp","acme.example","b2b",,"alice",2026-11-27T09:30:00Z,"first line
second line, with ""quotes""","01234"
"A2",2026-11-27T09:30:00Z,"北京贸易有限公司","bj.example","enterprise",,"bob",2026-11-27T09:30:00Z,"中文备注","100000"
X
done_testing
