#!/bin/sh
# The README's tour is true: its commands run, in the README's order, and
# print exactly what it shows.
#
# Markup (README.md): a line "<!-- tour -->" (invisible on GitHub) marks
# the indented code block after it as runnable. In such a block a line
# "$ COMMAND" is a command, and the lines after it, up to the next "$ "
# line or the block's end, are what it prints (stdout; stderr must be
# empty and the exit status 0). A command followed by no lines prints
# nothing. "$ cat FILE" followed by lines is how the README shows an input
# file: the file is written with those lines first, then cat checks it.
#
# The marked blocks of the whole README run in one shell, in order (an
# "export" holds for the commands after it), with HOME and the working
# directory fresh and empty but for a copy of examples/demo (for the
# commands that say -D examples/demo), and the clock and user of lib.sh
# unless a command sets its own. A command prints as on a terminal
# (SALES_FORCE_TTY=1, no colour) unless it has a "|" or ">": then its
# output goes to a pipe or a file, as in the README.
#
# To extend the tour: write the section in README.md with "$ " commands
# and their real output, put "<!-- tour -->" on the line before each of
# its blocks, and run this test; nothing here needs to change. A section
# that needs other data says so in its commands (-D, export SALES_DATA).
. "${SALES_SRC:-.}/tests/cli/lib.sh"

W="$T/work"
mkdir -p "$W/examples" "$T/tour"
cp -R "$SRC/examples/demo" "$W/examples/demo"
chmod -R u+w "$W/examples/demo"

# README.md -> $T/tour/N.cmd, N.want (and N.file for "$ cat FILE" blocks)
awk -v dir="$T/tour" '
function flush() { if (n) close(dir "/" n ".want") }
/^<!-- tour -->$/ { marked = 1; next }
marked && /^    / { inblock = 1 }
inblock && !/^    / && !/^$/ { inblock = 0; marked = 0 }
!inblock { next }
/^$/ { if (n) blank++; next }
{
    line = substr($0, 5)
    if (line ~ /^\$ /) {
        flush(); n++; blank = 0
        printf "%s\n", substr(line, 3) > (dir "/" n ".cmd"); close(dir "/" n ".cmd")
        printf "" > (dir "/" n ".want")
        next
    }
    for (; blank > 0; blank--) print "" > (dir "/" n ".want")
    print line > (dir "/" n ".want")
}
END { flush(); print n > (dir "/count") }
' "$SRC/README.md"
count=$(cat "$T/tour/count")
[ "$count" -gt 0 ] || { echo "Bail out! no <!-- tour --> blocks in README.md"; exit 1; }

# one script, one shell: each command's stdout, stderr and status to files
{
    echo 'cd "$W" || exit 1'
    i=1
    while [ "$i" -le "$count" ]; do
        cmd=$(cat "$T/tour/$i.cmd")
        case $cmd in
        "cat "*)
            f=${cmd#cat }
            [ -s "$T/tour/$i.want" ] && echo "cp \"\$T/tour/$i.want\" $f"
            ;;
        esac
        case $cmd in
        *"|"* | *">"*) echo 'unset SALES_FORCE_TTY' ;;
        *) echo 'SALES_FORCE_TTY=1; export SALES_FORCE_TTY' ;;
        esac
        printf '{\n%s\n} >"$T/tour/%d.out" 2>"$T/tour/%d.err"\n' "$cmd" "$i" "$i"
        echo "echo \$? >\"\$T/tour/$i.rc\""
        i=$((i + 1))
    done
} >"$T/tour.sh"
W="$W" T="$T" sh "$T/tour.sh"

i=1
while [ "$i" -le "$count" ]; do
    cmd=$(cat "$T/tour/$i.cmd")
    is "$(cat "$T/tour/$i.rc" 2>/dev/null)" 0 "exit status: $cmd"
    _diff /dev/null "$T/tour/$i.err" "nothing on stderr: $cmd"
    _diff "$T/tour/$i.want" "$T/tour/$i.out" "output as shown: $cmd"
    i=$((i + 1))
done
done_testing
