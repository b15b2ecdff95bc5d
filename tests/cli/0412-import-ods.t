#!/bin/sh
# sales-import reads an .ods spreadsheet itself: the first table or --sheet
# NAME; number-rows-repeated and number-columns-repeated written out when they
# hold something, empty repeats (LibreOffice's million trailing rows) only
# counted; text:s spaces, paragraphs as lines, notes (annotations) left out;
# float, currency, percentage, boolean and date cells into their columns'
# types; a float into a date column by the null-date.
. "${SALES_SRC:-.}/tests/cli/lib.sh"

sales-init "$D" >/dev/null
cd "$T" || exit 1

# ods DIR OUT: the mimetype first and stored, as ODF wants; then the rest
ods() { (cd "$1" && rm -f "$2" && zip -q -X -0 "$2" mimetype && zip -q -X -r "$2" . -x mimetype); }

mkdir -p o
printf 'application/vnd.oasis.opendocument.spreadsheet' >o/mimetype
cat >o/content.xml <<'X'
<?xml version="1.0" encoding="UTF-8"?>
<office:document-content xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" office:version="1.3">
<office:body><office:spreadsheet>
<table:calculation-settings><table:null-date table:date-value="1899-12-30"/></table:calculation-settings>
<table:table table:name="Deals">
<table:table-column table:number-columns-repeated="1024"/>
<table:table-row><table:table-cell office:value-type="string"><text:p>name</text:p></table:table-cell><table:table-cell office:value-type="string"><text:p>amount</text:p></table:table-cell><table:table-cell office:value-type="string"><text:p>probability</text:p></table:table-cell><table:table-cell office:value-type="string"><text:p>close</text:p></table:table-cell><table:table-cell office:value-type="string"><text:p>source</text:p></table:table-cell><table:table-cell office:value-type="string"><text:p>stage</text:p></table:table-cell><table:table-cell table:number-columns-repeated="16378"/></table:table-row>
<table:table-row table:number-rows-repeated="2"><table:table-cell office:value-type="string"><text:p>Twin<text:s text:c="2"/>deal</text:p><office:annotation><text:p>a note, not data</text:p></office:annotation></table:table-cell><table:table-cell office:value-type="currency" office:currency="EUR" office:value="1250.5"><text:p>1.250,50 €</text:p></table:table-cell><table:table-cell office:value-type="percentage" office:value="0.35"><text:p>35%</text:p></table:table-cell><table:table-cell office:value-type="date" office:date-value="2026-12-31"><text:p>31.12.26</text:p></table:table-cell><table:table-cell table:number-columns-repeated="2"/><table:table-cell table:number-columns-repeated="16378"/></table:table-row>
<table:table-row table:number-rows-repeated="3"><table:table-cell table:number-columns-repeated="16384"/></table:table-row>
<table:table-row><table:table-cell office:value-type="string"><text:p>Serial</text:p></table:table-cell><table:table-cell office:value-type="float" office:value="0.01"><text:p>0,01</text:p></table:table-cell><table:table-cell table:number-columns-repeated="1"/><table:table-cell office:value-type="float" office:value="46000"><text:p>46000</text:p></table:table-cell><table:table-cell table:number-columns-repeated="2" office:value-type="string"><text:p>web</text:p></table:table-cell></table:table-row>
<table:table-row table:number-rows-repeated="1048569"><table:table-cell table:number-columns-repeated="16384"/></table:table-row>
</table:table>
<table:table table:name="Reps">
<table:table-row><table:table-cell office:value-type="string"><text:p>id</text:p></table:table-cell><table:table-cell office:value-type="string"><text:p>active</text:p></table:table-cell></table:table-row>
<table:table-row><table:table-cell office:value-type="string"><text:p>ann</text:p></table:table-cell><table:table-cell office:value-type="boolean" office:boolean-value="false"><text:p>FALSE</text:p></table:table-cell></table:table-row>
<table:table-row><table:table-cell><text:p>bo</text:p></table:table-cell><table:table-cell office:value-type="boolean" office:boolean-value="true"><text:p>TRUE</text:p></table:table-cell></table:table-row>
</table:table>
</office:spreadsheet></office:body></office:document-content>
X
ods o "$T/book.ods"

# the source column's 'stage' cell is "web" (repeated into F): no such stage
snap
run sales-import -f csv -v deals book.ods
rc_is 1 "a repeated cell lands in every column it covers"
out_is "rows named by sheet and row; the repeated row twice" <<'X'
where,action,id,changes
book.ods:Deals!A2,created,D1,
book.ods:Deals!A3,created,D2,
book.ods:Deals!F7,rejected,,"unknown stage 'web' (stages: prospecting, qualification, proposal, negotiation, won, lost)"
X
unchanged "nothing written"

run sales-import -q --map stage=- deals book.ods
rc_is 0 "the stage column left out"
# currency 1250.5 as an amount; 35% into probability as 35; the date cell as
# it is; 46000 into the date column: 1899-12-30 (the null-date) + 46000 days;
# text:s c=2 two spaces, the annotation left out; the empty rows only counted
run sh -c "cut -d, -f1,3,9,11,13,16 '$D/deals.csv'"
out_is "values in their columns' types" <<'X'
id,name,amount,probability,close,source
D1,Twin  deal,1250.5,35,2026-12-31,
D2,Twin  deal,1250.5,35,2026-12-31,
D3,Serial,0.01,,2025-12-09,web
X

run sales-import -q --sheet Reps reps book.ods
rc_is 0 "--sheet Reps"
run cat "$D/reps.csv"
out_is "booleans as yes and no" <<'X'
id,name,email,team,manager,role,territory,hired,active
ann,,,,,,,,no
bo,,,,,,,,yes
X

# a null-date of 1904-01-01 moves the serials
sed -i 's|table:date-value="1899-12-30"|table:date-value="1904-01-01"|' o/content.xml
ods o "$T/b1904.ods"
run sales-import -q --map stage=- deals b1904.ods
rc_is 0 "a 1904 null-date"
run sh -c "grep '^D6,' '$D/deals.csv' | cut -d, -f1,3,13"
out_is "0 is 1904-01-01: 46000 is 2029-12-10" <<'X'
D6,Serial,2029-12-10
X

# a value right of the header's last column refuses its row, named at that cell
cp o/content.xml o/keep.xml
sed -i 's|<table:table-cell table:number-columns-repeated="2"/><table:table-cell table:number-columns-repeated="16378"/>|<table:table-cell office:value-type="string" table:number-columns-repeated="3"><text:p>x</text:p></table:table-cell>|' o/content.xml
ods o "$T/right.ods"
snap
run sales-import -q --map stage=- deals right.ods
rc_is 1 "a value right of the header"
err_is "is refused at its cell" <<'X'
sales-import: right.ods:Deals!G2: a value in G2, right of the header's last column
sales-import: right.ods:Deals!G3: a value in G3, right of the header's last column
sales-import: nothing imported: 2 rows refused (--partial imports the others)
X
unchanged "nothing written (right of the header)"

# a cell repeated past column XFD, and rows past 1048576 that hold something
sed -i 's|number-columns-repeated="3"><text:p>x|number-columns-repeated="16381"><text:p>x|' o/content.xml
ods o "$T/wide.ods"
run sales-import deals wide.ods
rc_is 1 "more than 16384 columns"
err_is "is refused at the row" <<'X'
sales-import: wide.ods:Deals!XFD2: more than 16384 columns
X
unchanged "nothing written (wide)"
cp o/keep.xml o/content.xml
sed -i 's|table:number-rows-repeated="1048569"><table:table-cell table:number-columns-repeated="16384"/>|table:number-rows-repeated="1048570"><table:table-cell office:value-type="string"><text:p>x</text:p></table:table-cell>|' o/content.xml
ods o "$T/long.ods"
run sales-import deals long.ods
rc_is 1 "more than 1048576 rows"
err_is "is refused" <<'X'
sales-import: long.ods:Deals!A1048576: more than 1048576 rows
X
unchanged "nothing written (long)"

done_testing
