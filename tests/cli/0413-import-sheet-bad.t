#!/bin/sh
# Workbooks that cannot be read are refused with what is wrong and where, and
# nothing is written: a zip bomb (a part that unpacks to far more than it
# packs), a part whose CRC does not match, a zip cut short, bad XML, a shared
# string that is not there, a zip that is no workbook, .xlsb, a workbook on
# standard input, --sheet for a CSV file.
. "${SALES_SRC:-.}/tests/cli/lib.sh"

sales-init "$D" >/dev/null
cd "$T" || exit 1
wb() { (cd "$1" && rm -f "$2" && zip -q -X -r "$2" .); }

mkdir -p x/xl/worksheets
cat >x/xl/workbook.xml <<'X'
<workbook><sheets><sheet name="S" sheetId="1"/></sheets></workbook>
X
cat >x/xl/sharedStrings.xml <<'X'
<sst><si><t>id</t></si></sst>
X
sheet() { # the sheet's rows, then the workbook
    { echo '<worksheet><sheetData>'; cat; echo '</sheetData></worksheet>'; } >x/xl/worksheets/sheet1.xml
    wb "$T/x" "$T/$1"
}
sheet ok.xlsx <<'X'
<row r="1"><c r="A1" t="s"><v>0</v></c><c r="B1" t="inlineStr"><is><t>name</t></is></c></row>
<row r="2"><c r="A2" t="inlineStr"><is><t>ann</t></is></c><c r="B2" t="inlineStr"><is><t>Ann Lee</t></is></c></row>
X
run sales-import -q reps ok.xlsx
rc_is 0 "a workbook with no relationships part: sheet1.xml"

snap
sheet sst.xlsx <<'X'
<row r="1"><c r="A1" t="s"><v>0</v></c></row>
<row r="2"><c r="A2" t="s"><v>7</v></c></row>
X
run sales-import reps sst.xlsx
rc_is 1 "a shared string that is not there"
err_is "names the cell" <<'X'
sales-import: sst.xlsx:S!A2: shared string 7 is not in the workbook
X
unchanged "nothing written (shared string)"

sheet xml.xlsx <<'X'
<row r="1"><c r="A1" t="s"><v>0</v></row>
X
run sales-import reps xml.xlsx
rc_is 1 "bad XML"
err_is "names the part and its line" <<'X'
sales-import: xml.xlsx: xl/worksheets/sheet1.xml:2: bad XML: mismatched tag
X

sheet order.xlsx <<'X'
<row r="3"><c r="A3" t="s"><v>0</v></c></row>
<row r="2"><c r="A2" t="s"><v>0</v></c></row>
X
run sales-import reps order.xlsx
rc_is 1 "rows out of order"
err_is "is refused" <<'X'
sales-import: order.xlsx:S!A2: row 2 comes after row 3
X

# 20 MB of blanks pack into a few kB: refused once past 16 MiB, at 250 times
{ printf '<worksheet><sheetData>'; head -c 20000000 /dev/zero | tr '\0' ' '; printf '</sheetData></worksheet>'; } >x/xl/worksheets/sheet1.xml
wb "$T/x" "$T/bomb.xlsx"
run sales-import reps bomb.xlsx
rc_is 1 "a zip bomb"
err_is "is refused, not unpacked" <<'X'
sales-import: bomb.xlsx: xl/worksheets/sheet1.xml: unpacks to more than 250 times its packed size (a zip bomb?): refused
X
unchanged "nothing written (zip bomb)"

# a byte changed in a stored part: the CRC says so
cat >x/xl/worksheets/sheet1.xml <<'X'
<worksheet><sheetData><row r="1"><c r="A1" t="s"><v>0</v></c></row><row r="2"><c r="A2" t="inlineStr"><is><t>zed</t></is></c></row></sheetData></worksheet>
X
(cd x && rm -f ../crc.xlsx && zip -q -X -0 -r ../crc.xlsx .)
perl -pi -e 's/zed/zee/' crc.xlsx
run sales-import reps crc.xlsx
rc_is 1 "a CRC error"
err_is "says the part is damaged" <<'X'
sales-import: crc.xlsx: xl/worksheets/sheet1.xml: damaged in the zip (CRC error)
X

head -c 300 ok.xlsx >cut.xlsx
run sales-import reps cut.xlsx
rc_is 1 "a workbook cut short"
err_is "its directory cannot be read" <<'X'
sales-import: cut.xlsx: a damaged zip: its directory cannot be read (cut short?)
X

mkdir -p z && echo 'id,name' >z/data.csv && (cd z && zip -q -X ../other.zip data.csv)
run sales-import reps other.zip
rc_is 1 "a zip that is no workbook"
err_is "says so" <<'X'
sales-import: other.zip: a zip, but not an .xlsx or .ods workbook
X

mkdir -p b/xl && echo x >b/xl/workbook.bin && wb "$T/b" "$T/book.xlsb"
run sales-import reps book.xlsb
rc_is 1 ".xlsb"
err_is "says to save it as .xlsx" <<'X'
sales-import: book.xlsb: not an .xlsx workbook (xl/workbook.xml is missing; .xlsb and .xls are not read: save it as .xlsx)
X

run sh -c 'sales-import reps - <ok.xlsx'
rc_is 1 "a workbook on standard input"
err_is "asks for its file name" <<'X'
sales-import: <stdin>: a zip (an .xlsx or .ods workbook?) cannot be read from standard input: give its file name
X

printf 'id,name\ncy,Cy\n' >r.csv
run sales-import --sheet S reps r.csv
rc_is 1 "--sheet with a CSV file"
err_is "is refused" <<'X'
sales-import: r.csv: --sheet S: not an .xlsx or .ods workbook
X
unchanged "nothing written by any of them"

done_testing
