#!/bin/sh
# An unbalanced quote is reported at the line where the quoted field
# opened, not where the parser later ran into trouble.
. "${SALES_SRC:-.}/tests/cli/lib.sh"

H=id,created,name,company,email,phone,source,segment,owner,status,score,updated,notes
TS=2026-11-27T09:30:00Z
{
    echo "$H"
    for i in 1 2; do echo "L$i,$TS,N$i,,,,,,,new,,$TS,"; done
    echo "L3,$TS,\"N3,,,,,,,new,,$TS,"            # line 4: the quote opens, never closed
    for i in 4 5 6; do echo "L$i,$TS,N$i,,,,,,,new,,$TS,"; done
    echo "L7,$TS,\"Smith, J\",,,,,,,new,,$TS,"    # line 8: its quote closes the field of line 4
    echo "L8,$TS,N8,,,,,,,new,,$TS,"
} >"$D/leads.csv"
snap
run lead-list
rc_is 1 "lead-list refuses it"
err_is "at the line the quote opened" <<X
lead-list: $D/leads.csv:4: malformed CSV: unbalanced quote: the quoted field opened on this line runs to line 8
X
run lead-update L1 --status contacted
err_is "a rewrite says the same" <<X
lead-update: $D/leads.csv:4: malformed CSV: unbalanced quote: the quoted field opened on this line runs to line 8
X
run sales-check
out_is "sales-check too" <<X
$D/leads.csv:4: malformed CSV: unbalanced quote: the quoted field opened on this line runs to line 8 (the rest of the file was not checked)
X
unchanged "nothing written"

# never closed: the field that is open at the end, not the record's first line
{
    echo "$H"
    printf 'L1,%s,N1,,,,,,,new,,%s,"two\nlines"\n' "$TS" "$TS"
    printf 'L2,%s,"N\n2",,,,,,,new,,%s,"a note\n' "$TS" "$TS" # lines 4-5: the open quote on 5
    echo "L3,$TS,N3,,,,,,,new,,$TS,"
} >"$D/leads.csv"
run lead-list -c id,notes
err_is "an unterminated quote: its line" <<X
lead-list: $D/leads.csv:5: unterminated quoted field
X
printf 'L1,%s,"N1\nsecond","x""y",,,,,,new,,%s,"a ""b""\n"\n' "$TS" "$TS" >"$T/row"
{ echo "$H"; cat "$T/row"; } >"$D/leads.csv"
run lead-list -c id,name,company
rc_is 0 "quoted line breaks and doubled quotes still read"
out_is "their values" <<'X'
id,name,company
L1,"N1
second","x""y"
X
# a stray quote on one line is still said as before
{ echo "$H"; echo "L1,$TS,N\"1,,,,,,,new,,$TS,"; } >"$D/leads.csv"
run lead-list
err_is "a stray quote" <<X
lead-list: $D/leads.csv:2: malformed CSV: stray or unbalanced quote
X

done_testing
