#!/bin/sh
# sales-import over a corpus of real-world bad inputs (tests/data/import/): each is
# read correctly or refused with FILE:LINE, never half imported.
. "${SALES_SRC:-.}/tests/cli/lib.sh"

cd "$DATA/import" || exit 1
leads() { # the leads file without the columns the clock fills
    cut -d, -f3-5 "$D/leads.csv" | tail -n +2
}
fresh() {
    rm -rf "$D" && sales-init "$D" >/dev/null
}

run sales-import leads bom-quoted-header.csv
rc_is 0 "BOM before a quoted header"
is "$(leads)" "Ann Lee,Acme,ann@acme.example" "header read through the BOM"

fresh
run sales-import --decimal-comma deals semicolon-decimal-comma.csv
rc_is 0 "';' and decimal commas"
err_is "the notes" <<'X'
sales-import: semicolon-decimal-comma.csv: columns separated by ';'
sales-import: semicolon-decimal-comma.csv: column 'close': dates read as %d.%m.%Y (the one format that fits every value)
sales-import: deals: 3 created, 0 updated, 0 unchanged, 0 refused
X
run deal-list -c name,amount,close,stage,closed
out_is "amounts exact, dates read, won deal closed" <<'X'
name,amount,close,stage,closed
A,1234.5,2027-01-31,proposal,
B,12.5,2027-02-28,proposal,
C,1000000,2027-03-31,won,2026-11-27
X
fresh
run sales-import deals semicolon-decimal-comma.csv
rc_is 1 "decimal commas without --decimal-comma are refused, not misread"
err_is "with a hint" <<'X'
sales-import: semicolon-decimal-comma.csv: columns separated by ';'
sales-import: semicolon-decimal-comma.csv:2: bad amount '1.234,50' (not a number; written with a decimal comma? see --decimal-comma)
sales-import: semicolon-decimal-comma.csv:3: bad amount '12,5' (digit groups of 3 expected; written with a decimal comma? see --decimal-comma)
sales-import: semicolon-decimal-comma.csv:4: bad amount '1 000 000,00' (mixed digit group separators; written with a decimal comma? see --decimal-comma)
sales-import: nothing imported: 3 rows refused (--partial imports the others)
X

fresh
run sales-import -v leads crlf.csv
rc_is 0 "CRLF and a blank line"
out_is "line numbers count the blank line" <<'X'
where,action,id,changes
crlf.csv:2,created,L1,
crlf.csv:4,created,L2,
X

fresh
run sales-import --partial leads embedded.csv
rc_is 0 "embedded quotes and newlines"
err_is "a line break in a name is refused" <<'X'
sales-import: embedded.csv:5: name: line breaks are not allowed here
sales-import: leads: 1 created, 0 updated, 0 unchanged, 1 refused
X
printf 'id,created,name,company,email,phone,source,segment,owner,status,score,updated,notes\nL1,2026-11-27T09:30:00Z,"Ann ""the ace"" Lee",,ann@e.example,,,,,new,,2026-11-27T09:30:00Z,"first line\nsecond, with a comma\nthird ""quoted"""\n' >"$T/want"
_diff "$T/want" "$D/leads.csv" "the note kept line for line"

fresh
run sales-import leads latin1.csv
rc_is 0 "Latin-1 names"
err_is "the encoding is said, not silently assumed" <<'X'
sales-import: latin1.csv: not UTF-8: read as Windows-1252 (say --encoding if it is not)
sales-import: leads: 1 created, 0 updated, 0 unchanged, 0 refused
X
is "$(leads)" "José Müller,Café Rösti," "converted to UTF-8"
fresh
run sales-import -q leads cp1252.csv
is "$(cut -d, -f3,4 "$D/leads.csv" | tail -1),$(tail -1 "$D/leads.csv" | cut -d, -f13)" "Zoë,“Quotes” Ltd,costs € 5" "Windows-1252: euro sign and curly quotes"
fresh
run sales-import leads not-cp1252.csv
rc_is 0 "a byte Windows-1252 lacks"
err_is "is read as Latin-1" <<'X'
sales-import: not-cp1252.csv: not UTF-8: read as Latin-1 (say --encoding if it is not)
sales-import: leads: 1 created, 0 updated, 0 unchanged, 0 refused
X
fresh
run sales-import --encoding utf-8 leads latin1.csv
rc_is 1 "--encoding utf-8 on a file that is not"
err_is "is refused with the line" <<'X'
sales-import: latin1.csv:2: invalid UTF-8
X
run sales-import --encoding klingon leads latin1.csv
rc_is 1 "an unknown encoding"
err_is "is named" <<'X'
sales-import: latin1.csv: unknown encoding 'klingon' (try utf-8, windows-1252, latin1, utf-16)
X

printf 'name\temail\nJürgen\tj@utf16.example\n' | iconv -f UTF-8 -t UTF-16 >"$T/utf16.csv"
run sales-import -q leads "$T/utf16.csv"
rc_is 0 "UTF-16 with a BOM and tabs (Excel's Unicode text)"
is "$(leads)" "Jürgen,,j@utf16.example" "read"

fresh
snap
run sales-import leads duplicate-headers.csv
rc_is 1 "two columns for one field"
err_is "are refused" <<'X'
sales-import: duplicate-headers.csv:1: columns 'email' and 'E-mail' both map to email (leave one out with --map 'E-mail=-')
X
unchanged "nothing written"
run sales-import -q --map E-mail=- leads duplicate-headers.csv
rc_is 0 "unless one is left out"
is "$(leads)" "Ann,,a@d.example" "the other is taken"

fresh
run sales-import --rejects "$T/r.csv" --partial leads ragged.csv
rc_is 0 "ragged rows"
err_is "a long row is refused, short rows and empty extra cells are fine" <<'X'
sales-import: ragged.csv:3: 4 fields, but the header has 3
sales-import: leads: 2 created, 0 updated, 0 unchanged, 1 refused
X
file_is "$T/r.csv" "the long row in the rejects file, all its cells" <<'X'
_where,_reason,name,email,company
ragged.csv:3,"4 fields, but the header has 3",Long,l@r.example,Co
X

fresh
snap
run sales-import leads empty.csv
rc_is 1 "an empty file"
err_is "has no header" <<'X'
sales-import: empty.csv: empty file (no header row)
X
printf '\n\r\n  \n' >"$T/blank.csv"
run sales-import leads "$T/blank.csv"
rc_is 1 "blank lines only"
run sales-import leads header-only.csv
rc_is 0 "a header and no rows"
err_is "imports nothing" <<'X'
sales-import: leads: 0 created, 0 updated, 0 unchanged, 0 refused
X
unchanged "and writes nothing, not even history"

run sales-import leads unterminated.csv
rc_is 1 "an unterminated quote"
err_is "is refused where it starts" <<'X'
sales-import: unterminated.csv:2: unterminated quoted field
X
run sales-import leads nul.csv
rc_is 1 "a NUL byte"
err_is "is refused" <<'X'
sales-import: nul.csv:2: NUL byte in data
X
run sales-import leads nested.json
rc_is 1 "a nested JSON value"
err_is "is refused" <<'X'
sales-import: nested.json:1: field "email": nested objects and arrays are not supported
X
unchanged "none of them wrote anything"

run sales-import -q leads excel-sep.csv
rc_is 0 "Excel's sep= line"
is "$(leads)" "Ann,,ann@sep.example" "names the delimiter"

fresh
run sales-import --partial deals unknown-columns.csv
rc_is 0 "no known column"
err_is "every column left out, every row refused" <<'X'
sales-import: unknown-columns.csv: columns 'Widget', 'Gadget' left out (not columns of deals.csv; map them with --map)
sales-import: unknown-columns.csv:2: name is required
sales-import: deals: 0 created, 0 updated, 0 unchanged, 1 refused
X

# A 1 MB field: a long note is kept whole.
awk 'BEGIN { printf "name,notes\nBig,\""; for (i = 0; i < 16384; i++) printf "%064d", i; printf "\"\n" }' >"$T/big.csv"
run sales-import -q leads "$T/big.csv"
rc_is 0 "a 1 MB field"
is "$(tail -1 "$D/leads.csv" | cut -d, -f13 | tr -d '"' | wc -c)" 1048577 "kept whole"
done_testing
