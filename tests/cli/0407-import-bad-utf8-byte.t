#!/bin/sh
# A UTF-8 file with one byte that is not UTF-8 is refused at that byte,
# not re-read whole as Windows-1252 (which garbles every character that
# was right); a file with no UTF-8 in it is still read as Windows-1252.
. "${SALES_SRC:-.}/tests/cli/lib.sh"

printf 'name,company\nJos\303\251,M\303\274ller GmbH\nZo\303\253,Caf\351 Ltd\nRen\303\251e,Stra\303\237e AG\n' >"$T/mixed.csv"
snap
run sales-import leads "$T/mixed.csv"
rc_is 1 "one bad byte in a UTF-8 file is refused"
err_is "at its line, pointing to --encoding" <<X
sales-import: $T/mixed.csv:3: invalid UTF-8 (byte 0xE9) in a file with UTF-8 text: correct it, or name the file's encoding with --encoding (windows-1252, latin1, ...)
X
unchanged "nothing written"

run sales-import --partial --dry-run leads "$T/mixed.csv"
rc_is 1 "--partial does not make it a rejected row"
unchanged "nothing written (--partial)"

# a UTF-8 byte order mark says UTF-8 as well
printf '\357\273\277name\nJos\351\n' >"$T/bom.csv"
run sales-import leads "$T/bom.csv"
rc_is 1 "a BOM and a Latin-1 byte"
err_is "is refused" <<X
sales-import: $T/bom.csv:2: invalid UTF-8 (byte 0xE9) in a file with UTF-8 text: correct it, or name the file's encoding with --encoding (windows-1252, latin1, ...)
X
unchanged "nothing written (BOM)"

# past the first megabyte (the file is first parsed from the disk)
awk 'BEGIN { print "name,email"
    for (i = 1; i <= 30000; i++) printf "P\303\251rson %d with a name long enough to pass a megabyte,p%d@example.com\n", i, i
    printf "Jos\351,jose@example.com\n" }' >"$T/late.csv"
run sales-import leads "$T/late.csv"
rc_is 1 "a bad byte after a megabyte of UTF-8"
err_is "is refused at its line" <<X
sales-import: $T/late.csv:30002: invalid UTF-8 (byte 0xE9) in a file with UTF-8 text: correct it, or name the file's encoding with --encoding (windows-1252, latin1, ...)
X
unchanged "nothing written (late)"

# the user says what it is: as they say, unless what that makes of it is
# UTF-8 read as Latin-1 ("JosÃ©"): then it is refused, never stored garbled
printf 'name\nJos\351\n' >"$T/latin1.csv"
run sales-import --encoding latin1 leads "$T/mixed.csv"
rc_is 1 "--encoding latin1 on UTF-8 text"
err_is "is refused at the first garbled cell" <<X
sales-import: $T/mixed.csv:2: column 'name': 'JosÃ©' is UTF-8 read as Windows-1252 or Latin-1 (it was 'José'): the file is UTF-8: leave out --encoding latin1 (or say --encoding utf-8)
X
unchanged "nothing written (--encoding latin1)"
# no UTF-8 character at all: Windows-1252, as sales-import(1) says
run sales-import leads "$T/latin1.csv"
rc_is 0 "a file with no UTF-8 in it"
err_is "is read as Windows-1252, and says so" <<X
sales-import: $T/latin1.csv: not UTF-8: read as Windows-1252 (say --encoding if it is not)
sales-import: leads: 1 created, 0 updated, 0 unchanged, 0 refused
X
run sh -c "cut -d, -f3,4 '$D/leads.csv' | sed 1d"
out_is "the name as found (Windows-1252)" <<'X'
José,
X
done_testing
