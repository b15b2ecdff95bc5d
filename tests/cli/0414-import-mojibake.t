#!/bin/sh
# Text that went through the wrong character set (UTF-8 read as Windows-1252 or
# Latin-1 and saved again: 王芳 as çŽ‹èŠ³, a BOM as ï»¿) is refused, naming the
# cell and what to do; never stored, never repaired behind the user's back.
# Real Latin-1 text (Müller, Díaz, Ça va) is no such thing and imports.
. "${SALES_SRC:-.}/tests/cli/lib.sh"

sales-init "$D" >/dev/null
cd "$T" || exit 1

# 王芳 = E7 8E 8B E8 8A B3, read as Windows-1252: ç Ž ‹ è Š ³
cat >m.csv <<'X'
name,company,email
Kim Lee,Hooli,kim@hooli.example
çŽ‹èŠ³,åŒ—äº¬ç§‘æŠ€,wang@bj.example
X
snap
run sales-import leads m.csv
rc_is 1 "a garbled cell"
err_is "names the cell, what it was, and the filter that undoes it" <<'X'
sales-import: m.csv:3: column 'name': 'çŽ‹èŠ³' is UTF-8 read as Windows-1252 or Latin-1 (it was '王芳'): the file was read as Windows-1252 or Latin-1 and saved as UTF-8: open the original as UTF-8, or undo it with the filter 'iconv -f utf-8 -t windows-1252 m.csv | sales-import leads -'
X
unchanged "nothing written"
run sales-import --partial leads m.csv
rc_is 1 "--partial does not let it in"
unchanged "nothing written (--partial)"

# the filter it names does undo it
run sh -c 'iconv -f utf-8 -t windows-1252 m.csv | sales-import -q leads -'
rc_is 0 "the named filter"
run sh -c "cut -d, -f3-5 '$D/leads.csv'"
out_is "stores the text as it was" <<'X'
name,company,email
Kim Lee,Hooli,kim@hooli.example
王芳,北京科技,wang@bj.example
X

# a BOM read as Windows-1252 in front of the header
printf '\303\257\302\273\302\277name,email\nAnn,ann@x.example\n' >bom.csv
snap
run sales-import leads bom.csv
rc_is 1 "a BOM read as Windows-1252"
err_is "is named as such" <<'X'
sales-import: bom.csv:1: column 'ï»¿name' begins with a byte order mark read as Windows-1252 ('ï»¿'): the file was read as Windows-1252 or Latin-1 and saved as UTF-8: open the original as UTF-8, or undo it with the filter 'iconv -f utf-8 -t windows-1252 bom.csv | sales-import leads -'
X
unchanged "nothing written (BOM)"

# --encoding windows-1252 said of a UTF-8 file
printf 'name,email\n\347\216\213\350\212\263,w2@bj.example\n' >u.csv
run sales-import --encoding windows-1252 leads u.csv
rc_is 1 "--encoding windows-1252 on UTF-8"
err_is "says to leave it out" <<'X'
sales-import: u.csv:2: column 'name': 'çŽ‹èŠ³' is UTF-8 read as Windows-1252 or Latin-1 (it was '王芳'): the file is UTF-8: leave out --encoding windows-1252 (or say --encoding utf-8)
X
unchanged "nothing written (--encoding)"

# JSON too
printf '[{"name": "MÃ¼ller", "email": "m@x.example"}]\n' >m.json
run sales-import leads m.json
rc_is 1 "JSON"
err_is "at its record's line" <<'X'
sales-import: m.json:1: column 'name': 'MÃ¼ller' is UTF-8 read as Windows-1252 or Latin-1 (it was 'Müller'): the file was read as Windows-1252 or Latin-1 and saved as UTF-8: open the original as UTF-8, or undo it with the filter 'iconv -f utf-8 -t windows-1252 m.json | sales-import leads -'
X
unchanged "nothing written (JSON)"

# no false alarms: accented Latin text, as UTF-8 and as real Latin-1 bytes
cat >latin.csv <<'X'
name,company,email
Jürgen Müller,Müller & Söhne GmbH,jm@muller.example
Inés Díaz,Díaz S.A.,ines@diaz.example
Ça va,Société Générale,ca@sg.example
Zoë Straße,São Paulo Ltda,zoe@sp.example
Ángel Ñúñez,Ñandú ©®,angel@n.example
X
run sales-import -q leads latin.csv
rc_is 0 "UTF-8 Latin text imports"
iconv -f utf-8 -t latin1 latin.csv | sed 's/@/1@/' >latin1.csv
run sales-import leads latin1.csv
rc_is 0 "Latin-1 bytes import"
err_is "read as Windows-1252, as said" <<'X'
sales-import: latin1.csv: not UTF-8: read as Windows-1252 (say --encoding if it is not)
sales-import: leads: 5 created, 0 updated, 0 unchanged, 0 refused
X
run sh -c "cut -d, -f3,4 '$D/leads.csv' | sed -n '5,\$p' | sort -u"
out_is "stored as written, twice over" <<'X'
Inés Díaz,Díaz S.A.
Jürgen Müller,Müller & Söhne GmbH
Zoë Straße,São Paulo Ltda
Ángel Ñúñez,Ñandú ©®
Ça va,Société Générale
X

# in a workbook: named by its cell
mkdir -p x/xl/worksheets
echo '<workbook><sheets><sheet name="S"/></sheets></workbook>' >x/xl/workbook.xml
cat >x/xl/worksheets/sheet1.xml <<'X'
<worksheet><sheetData>
<row r="1"><c r="A1" t="inlineStr"><is><t>email</t></is></c><c r="B1" t="inlineStr"><is><t>name</t></is></c></row>
<row r="2"><c r="A2" t="inlineStr"><is><t>w3@bj.example</t></is></c><c r="B2" t="inlineStr"><is><t>çŽ‹èŠ³</t></is></c></row>
</sheetData></worksheet>
X
(cd x && zip -q -X -r ../m.xlsx .)
snap
run sales-import leads m.xlsx
rc_is 1 "a garbled cell in a workbook"
err_is "is named by its cell" <<'X'
sales-import: m.xlsx:S!B2: column 'name': 'çŽ‹èŠ³' is UTF-8 read as Windows-1252 or Latin-1 (it was '王芳'): the sheet's text was read as Windows-1252 or Latin-1 before it was saved: open the original CSV as UTF-8 (Unicode) and save the sheet again
X
unchanged "nothing written (workbook)"

done_testing
