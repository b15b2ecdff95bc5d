#!/bin/sh
# The manual pages: one per command; mandoc -T lint -W warning has nothing
# to say; each page's name matches its file; cross-references point at
# pages that exist; and each SYNOPSIS says what the command's usage
# message says (the words, not the layout). Without mandoc the checks that
# need it are skipped.
. "${SALES_SRC:-.}/tests/cli/lib.sh"

skip() {
    _n=$((_n + 1))
    echo "ok $_n # SKIP $1"
}

# Pages outside salesutils that the pages may refer to.
system_pages=" awk(1) sort(1) sed(1) sh(1) cron(8) crontab(5) flock(1) flock(2) rename(2) regex(7) "

for c in "$SRC"/cmd/*.c; do
    n=$(basename "$c" .c)
    [ -f "$SRC/man/man1/$n.1" ]
    ok $? "cmd/$n.c has man/man1/$n.1"
done
for p in "$SRC"/man/man1/*.1; do
    [ -f "$p" ] || continue
    n=$(basename "$p" .1)
    [ -f "$SRC/cmd/$n.c" ]
    ok $? "man/man1/$n.1 is a command's page"
done

for p in "$SRC"/man/man[157]/*.[157]; do
    [ -f "$p" ] || continue
    f=$(basename "$p")
    n=${f%.*}
    s=${f##*.}
    dt=$(sed -n 's/^\.Dt  *//p' "$p" | head -1)
    is "$dt" "$(printf '%s' "$n" | tr 'a-z' 'A-Z') $s" "$f: .Dt names the page"
    nm=$(sed -n 's/^\.Nm  *//p' "$p" | head -1)
    is "$nm" "$n" "$f: .Nm names the page"
    bad=$(grep -o 'Xr [A-Za-z0-9._-]* [1-9]' "$p" | while read -r _ xn xs; do
        [ -f "$SRC/man/man$xs/$xn.$xs" ] && continue
        case $system_pages in
        *" $xn($xs) "*) continue ;;
        esac
        printf ' %s(%s)' "$xn" "$xs"
    done)
    is "$bad" "" "$f: every .Xr names a page that exists"
done

if ! command -v mandoc >/dev/null 2>&1; then
    skip "mandoc is not installed"
    done_testing
fi

bs=$(printf '\b')
for p in "$SRC"/man/man[157]/*.[157]; do
    [ -f "$p" ] || continue
    f=$(basename "$p")
    mandoc -T lint -W warning "$p" >"$T/lint" 2>&1
    st=$?
    [ "$st" -eq 0 ] && [ ! -s "$T/lint" ]
    ok $? "$f: mandoc -T lint -W warning is clean"
    sed 's/^/#   /' "$T/lint" | head -10
done

# The SYNOPSIS as words, and the usage message as words: white space
# squeezed, and "ID..." the same as "ID ...".
words() {
    tr -s ' \n' '  ' | sed 's/ \.\.\./.../g; s/^ *//; s/ *$//'
}

for p in "$SRC"/man/man1/*.1; do
    [ -f "$p" ] || continue
    n=$(basename "$p" .1)
    if ! command -v "$n" >/dev/null 2>&1; then
        skip "$n is not built"
        continue
    fi
    syn=$(mandoc -T ascii -O width=1000 "$p" | sed "s/.$bs//g" |
        awk '/^SYNOPSIS/ { on = 1; next } /^[A-Z]/ { on = 0 } on' | words)
    use=$("$n" --help | sed '/^$/,$d' | sed 's/^usage: //' | words)
    is "$syn" "$use" "$n.1: SYNOPSIS matches $n --help"
done
done_testing
