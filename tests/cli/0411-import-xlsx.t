#!/bin/sh
# sales-import reads an .xlsx workbook itself: the first sheet or --sheet NAME;
# shared strings (rich text, phonetic runs left out), inline strings, formula
# strings, booleans, date-formatted serials and plain serials into a date column
# (1900 system with its 1900-02-29, and the 1904 system), t="d" dates; rows
# named FILE:SHEET!A12. And our own sales-export --xlsx reads back unchanged.
. "${SALES_SRC:-.}/tests/cli/lib.sh"

sales-init "$D" >/dev/null

# wb DIR OUT: zip the workbook parts written under DIR into OUT
wb() { (cd "$1" && rm -f "$2" && zip -q -X -r "$2" .); }

mkdir -p "$T/x/xl/_rels" "$T/x/xl/worksheets"
cat >"$T/x/xl/workbook.xml" <<'X'
<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">
<sheets><sheet name="Team" sheetId="1" r:id="rId2"/><sheet name="Old team" sheetId="2" r:id="rId1"/></sheets>
</workbook>
X
cat >"$T/x/xl/_rels/workbook.xml.rels" <<'X'
<?xml version="1.0" encoding="UTF-8"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">
<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet2.xml"/>
<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="/xl/worksheets/sheet1.xml"/>
<Relationship Id="rId3" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings" Target="strings.xml"/>
<Relationship Id="rId4" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="styles.xml"/>
</Relationships>
X
cat >"$T/x/xl/strings.xml" <<'X'
<?xml version="1.0" encoding="UTF-8"?>
<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" count="6" uniqueCount="6">
<si><t>id</t></si><si><t xml:space="preserve">name </t></si><si><t>active</t></si>
<si><r><rPr><b/></rPr><t xml:space="preserve">Bo </t></r><r><t>Chen</t></r><rPh sb="0" eb="1"><t>ボ</t></rPh></si>
<si><t>王芳</t></si><si><t>ann</t></si>
</sst>
X
# styles: 0 general, 1 built-in date (14), 2 custom dd/mm/yyyy, 3 a currency format with
# quoted text and a colour, which is no date
cat >"$T/x/xl/styles.xml" <<'X'
<?xml version="1.0" encoding="UTF-8"?>
<styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">
<numFmts count="2"><numFmt numFmtId="164" formatCode="dd/mm/yyyy;@"/><numFmt numFmtId="165" formatCode="[Red]&quot;day &quot;#,##0.00"/></numFmts>
<cellStyleXfs count="1"><xf numFmtId="14"/></cellStyleXfs>
<cellXfs count="4"><xf numFmtId="0"/><xf numFmtId="14"/><xf numFmtId="164"/><xf numFmtId="165"/></cellXfs>
</styleSheet>
X
cat >"$T/x/xl/worksheets/sheet1.xml" <<'X'
<?xml version="1.0" encoding="UTF-8"?>
<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>
<row r="1"><c r="A1" t="s"><v>0</v></c><c r="B1" t="s"><v>1</v></c><c r="C1" t="inlineStr"><is><t>hired</t></is></c><c r="D1" t="s"><v>2</v></c><c r="E1" t="inlineStr"><is><t>team</t></is></c></row>
<row r="2"><c r="A2" t="s"><v>5</v></c><c r="B2" t="inlineStr"><is><t>Ann Lee</t></is></c><c r="C2" s="1"><v>46000</v></c><c r="D2" t="b"><v>1</v></c><c r="E2" t="str"><f>LOWER("EAST")</f><v>east</v></c></row>
<row r="3"><c r="A3" t="inlineStr"><is><t>bo</t></is></c><c r="B3" t="s"><v>3</v></c><c r="C3"><v>45000</v></c><c r="D3" t="b"><v>0</v></c></row>
<row r="5"><c r="A5" t="inlineStr"><is><t>cy</t></is></c><c r="B5" t="s"><v>4</v></c><c r="C5" t="d"><v>2026-01-15T00:00:00</v></c><c r="E5" s="3"><v>7</v></c></row>
<row r="6"><c r="A6" t="inlineStr"><is><t>di</t></is></c><c r="B6" t="inlineStr"><is><t>Di_x0020_Tran</t></is></c><c r="C6" s="2"><v>61</v></c></row>
<row r="7"><c r="A7" t="inlineStr"><is><t>ed</t></is></c><c r="C7" s="2"><v>59</v></c></row>
</sheetData></worksheet>
X
cat >"$T/x/xl/worksheets/sheet2.xml" <<'X'
<?xml version="1.0" encoding="UTF-8"?>
<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>
<row><c t="inlineStr"><is><t>id</t></is></c><c t="inlineStr"><is><t>hired</t></is></c></row>
<row><c t="inlineStr"><is><t>fay</t></is></c><c><v>60</v></c></row>
<row><c t="inlineStr"><is><t>gus</t></is></c><c><v>1</v></c></row>
</sheetData></worksheet>
X
wb "$T/x" "$T/team.xlsx"

cd "$T" || exit 1
run sales-import -v -f csv reps team.xlsx
rc_is 0 "the first sheet"
out_is "each row named by its sheet and row" <<'X'
where,action,id,changes
team.xlsx:Team!A2,created,ann,
team.xlsx:Team!A3,created,bo,
team.xlsx:Team!A5,created,cy,
team.xlsx:Team!A6,created,di,
team.xlsx:Team!A7,created,ed,
X
err_is "the sheet read is said" <<X
sales-import: team.xlsx: sheet 'Team' read (--sheet NAME reads another)
sales-import: reps: 5 created, 0 updated, 0 unchanged, 0 refused
X
# 46000 days after 1899-12-30 is 2025-12-09; 45000 (a plain number into the
# date column) 2023-03-15; 61 is 1900-03-01 and 59 1900-02-28 (Excel counts
# a 1900-02-29 as 60); a boolean is yes/no; the currency-formatted 7 is 7
run cat "$D/reps.csv"
out_is "values in their columns' types" <<'X'
id,name,email,team,manager,role,territory,hired,active
ann,Ann Lee,,east,,,,2025-12-09,yes
bo,Bo Chen,,,,,,2023-03-15,no
cy,王芳,,7,,,,2026-01-15,yes
di,Di Tran,,,,,,1900-03-01,yes
ed,,,,,,,1900-02-28,yes
X

# --sheet: rows without r= counted; serial 60 is Excel's 1900-02-29, no day
snap
run sales-import --sheet "Old team" reps team.xlsx
rc_is 1 "serial 60 into a date column"
err_is "is refused at its cell" <<'X'
sales-import: team.xlsx: sheet 'Old team' read (--sheet NAME reads another)
sales-import: team.xlsx:Old team!B2: column 'hired': the number 60 is no date
sales-import: nothing imported: 1 row refused (--partial imports the others)
X
unchanged "nothing written (serial 60)"
run sales-import -q --partial --sheet "Old team" reps team.xlsx
rc_is 0 "--partial imports the other row"
run sh -c "grep '^gus,' '$D/reps.csv'"
out_is "serial 1 is 1900-01-01" <<'X'
gus,,,,,,,1900-01-01,yes
X

snap
run sales-import --sheet Nope reps team.xlsx
rc_is 1 "an unknown sheet"
err_is "names the sheets there are" <<'X'
sales-import: team.xlsx: no sheet 'Nope' (its sheets: Team, Old team)
X
unchanged "nothing written (unknown sheet)"

# the 1904 system (date1904): serial 0 is 1904-01-01, 44000 is 2024-06-19; an
# error cell refuses its row, naming the cell
sed -i 's|<sheets>|<workbookPr date1904="1"/><sheets>|' "$T/x/xl/workbook.xml"
cat >"$T/x/xl/worksheets/sheet1.xml" <<'X'
<?xml version="1.0" encoding="UTF-8"?>
<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>
<row r="1"><c r="A1" t="s"><v>0</v></c><c r="B1" t="inlineStr"><is><t>hired</t></is></c><c r="C1" t="inlineStr"><is><t>role</t></is></c></row>
<row r="2"><c r="A2" t="inlineStr"><is><t>hal</t></is></c><c r="B2" s="1"><v>0</v></c></row>
<row r="3"><c r="A3" t="inlineStr"><is><t>ida</t></is></c><c r="B3"><v>44000</v></c><c r="C3"><v>1.5E+3</v></c></row>
<row r="4"><c r="A4" t="inlineStr"><is><t>jo</t></is></c><c r="C4" t="e"><v>#DIV/0!</v></c></row>
</sheetData></worksheet>
X
wb "$T/x" "$T/y.xlsx"
run sales-import -q --partial reps y.xlsx
rc_is 0 "a 1904 workbook"
err_is "an error cell is refused at its cell" <<'X'
sales-import: y.xlsx:Team!C4: column 'role' holds the error #DIV/0!
X
run sh -c "grep -e '^hal,' -e '^ida,' -e '^jo,' '$D/reps.csv'"
out_is "dates by the 1904 epoch; 1.5E+3 written out" <<'X'
hal,,,,,,,1904-01-01,yes
ida,,,,,1500,,2024-06-19,yes
X

# Our own workbook reads back: amounts, dates, timestamps, text, a formula-like
# note. The export shows no change; an edited copy changes only what was edited.
rep-add alice --name "Alice Smith" >/dev/null
cat >"$T/a.csv" <<'X'
name,domain,segment,owner,notes
Acme Corp,acme.example,b2b,alice,=1+1
北京贸易有限公司,bj.example,enterprise,alice,"两行
备注"
X
sales-import -q accounts "$T/a.csv"
cat >"$T/d.csv" <<'X'
name,account,owner,stage,amount,currency,probability,close,segment
Acme renewal,A1,alice,won,12500.5,,,2026-11-20,b2b
北京 pilot,A2,alice,proposal,900.05,EUR,35,2026-12-31,enterprise
Cents,A1,alice,negotiation,0.01,,,2027-01-15,b2b
X
sales-import -q deals "$T/d.csv"
sales-export --xlsx "$T/deals.xlsx" deals
sales-export --xlsx "$T/accounts.xlsx" accounts
for ent in deals accounts; do
    snap
    run sales-import -f csv -v --mode upsert "$ent" "$ent.xlsx"
    rc_is 0 "$ent: our own .xlsx"
    unchanged "$ent: it changes nothing"
done
out_is "every record unchanged" <<'X'
where,action,id,changes
accounts.xlsx:accounts!A2,unchanged,A1,
accounts.xlsx:accounts!A3,unchanged,A2,
X

# edit one amount and one date in the workbook's XML, as a spreadsheet would
mkdir "$T/e" && (cd "$T/e" && unzip -q "$T/deals.xlsx")
grep -c '<v>900.05</v>' "$T/e/xl/worksheets/sheet1.xml" >/dev/null || echo "# no 900.05 cell"
sed -i 's|<v>900.05</v>|<v>950.5</v>|; s|<v>46387</v>|<v>46388</v>|' "$T/e/xl/worksheets/sheet1.xml"
wb "$T/e" "$T/edited.xlsx"
snap
run sales-import -f csv -v --mode upsert deals edited.xlsx
rc_is 0 "the edited workbook"
out_is "only the edited cells change" <<'X'
where,action,id,changes
edited.xlsx:deals!A2,unchanged,D1,
edited.xlsx:deals!A3,updated,D2,amount: 900.05 -> 950.5; close: 2026-12-31 -> 2027-01-01
edited.xlsx:deals!A4,unchanged,D3,
X

done_testing
