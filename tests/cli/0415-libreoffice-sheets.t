#!/bin/sh
# The LibreOffice round trip with no CSV step: sales-export --xlsx, soffice
# re-saves the workbook as .ods, a cell is edited there, soffice saves that as
# .xlsx; sales-import reads the .ods and the .xlsx straight: before the edit
# nothing changes, after it only the edited cells do.
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
ods() { (cd "$1" && rm -f "$2" && zip -q -X -0 "$2" mimetype && zip -q -X -r "$2" . -x mimetype); }

sales-init "$D" >/dev/null
rep-add alice --name "Alice Smith" >/dev/null
rep-add bob --name "王伟" >/dev/null
cat >"$T/a.csv" <<'X'
name,domain,segment,owner,notes
Acme Corp,acme.example,b2b,alice,"first line
second line, with ""quotes"""
北京贸易有限公司,bj.example,enterprise,bob,=1+1
X
sales-import -q accounts "$T/a.csv"
cat >"$T/d.csv" <<'X'
name,account,owner,stage,amount,currency,probability,close,segment
Acme renewal,A1,alice,won,12500.5,,,2026-11-20,b2b
北京 pilot,A2,bob,proposal,900.05,EUR,35,2026-12-31,enterprise
Cents,A1,alice,negotiation,0.01,,,2027-01-15,b2b
X
sales-import -q deals "$T/d.csv"
cd "$T" || exit 1
mkdir lo1 lo2
sales-export --xlsx deals.xlsx deals
sales-export --xlsx accounts.xlsx accounts
lo --convert-to ods --outdir lo1 deals.xlsx accounts.xlsx
lo --convert-to xlsx --outdir lo2 lo1/deals.ods lo1/accounts.ods
ls lo1 lo2 >list
file_is list "soffice saved each as .ods, and that as .xlsx" <<'X'
lo1:
accounts.ods
deals.ods

lo2:
accounts.xlsx
deals.xlsx
X

for f in lo1/deals.ods lo1/accounts.ods lo2/deals.xlsx lo2/accounts.xlsx; do
    ent=$(basename "${f%.*}")
    snap
    run sales-import -f csv -v --mode upsert "$ent" "$f"
    rc_is 0 "$f is read"
    cut -d, -f2 "$T/out" | sort | uniq -c | sed 's/^ *//' >"$T/acts"
    file_is "$T/acts" "$f: every record unchanged" <<X
1 action
$( [ "$ent" = deals ] && echo 3 || echo 2 ) unchanged
X
    unchanged "$f: nothing written"
done

# edit the amount of D2 (900.05 -> 950.5) and its close (2026-12-31 ->
# 2027-01-04) in the .ods LibreOffice wrote, then let soffice save it as .xlsx
mkdir e && (cd e && unzip -q ../lo1/deals.ods)
sed -i 's/office:value="900.05"/office:value="950.5"/; s/office:date-value="2026-12-31"/office:date-value="2027-01-04"/' e/content.xml
ods e "$T/edited.ods"
lo --convert-to xlsx --outdir lo3 edited.ods
for f in edited.ods lo3/edited.xlsx; do
    run sales-import -f csv -n -v --mode upsert deals "$f"
    rc_is 0 "$f is read"
    sed -i 's/^[^,]*!A/A/' "$T/out"
    out_is "$f: only the edited cells change" <<'X'
where,action,id,changes
A2,unchanged,D1,
A3,updated,D2,amount: 900.05 -> 950.5; close: 2026-12-31 -> 2027-01-04
A4,unchanged,D3,
X
done

done_testing
