#!/bin/sh
# check-layers.sh — libsales's includes against the layer table in
# lib/README.md, the one place the layers are written down.
#
#   sh tools/check-layers.sh [ROOT]        check; exit 1 and say where if not
#   sh tools/check-layers.sh -g [ROOT]     print the include graph, a module a
#                                          line, with the lowest layer each could
#                                          have (for writing the table)
#
# ROOT is the source tree (default: the current directory). The table is the
# markdown table in ROOT/lib/README.md whose first column is "layer"; its
# second column names modules in backquotes. A module is a file's name
# without .c/.h ("store" is lib/store.c and lib/store.h, "series" is
# lib/forecast/series.c and .h); a name with "*" ("fc_*") makes every file
# it matches one module; a file of a folder that no name matches belongs to
# the module the folder is named for (lib/import/*.c to "import"). A module's
# files include each other freely.
#
# Fails when:
#   - a file in lib/ includes a libsales header of its own layer or a higher
#     one (a module's own headers aside):
#       lib/store.c:12: includes reports.h (layer 6), above its own layer 4
#   - <csv.h> is included outside csvio, or <jansson.h> outside jsonio
#     (lib/, cmd/, tools/, tests/unit/; tools/csv-floor.c measures libcsv
#     itself and may);
#   - a file of lib/ is in no row of the table, or in two; or a name in the
#     table matches no file.
graph=0
if [ "${1-}" = -g ]; then
    graph=1
    shift
fi
root=${1:-.}
cd "$root" || exit 1
[ -f lib/README.md ] || {
    echo "check-layers: $root/lib/README.md: no such file" >&2
    exit 1
}

# The files: lib/ and its folders one level down, then the programs that
# may include only the libraries' headers.
files=$(find lib -maxdepth 2 -name '*.[ch]' | LC_ALL=C sort)
others=$(find cmd tools tests/unit -maxdepth 1 -name '*.[ch]' 2>/dev/null | LC_ALL=C sort)

# shellcheck disable=SC2086
LC_ALL=C awk -v graph="$graph" -v nlib="$(printf '%s\n' $files | wc -l)" '
function glob2re(g) {
    gsub(/[.+?^$(){}|\[\]\\]/, "\\\\&", g)
    gsub(/\*/, "[^/]*", g)
    return "^" g "$"
}
function base(p) { sub(/.*\//, "", p); return p }
function dir(p) { if (p !~ /\//) return "."; sub(/\/[^\/]*$/, "", p); return p }
function key(p) { sub(/^lib\//, "", p); sub(/\.[ch]$/, "", p); return p }
# The module of lib file p: the table entry that matches it, or "" (and a
# complaint) when none or more than one does. Without a table: its key.
function module_of(p,    k, b, i, m, n) {
    k = key(p); b = base(k); n = 0
    for (i = 1; i <= nent; i++) {
        if ((ent[i] ~ /\// && k ~ entre[i]) || (ent[i] !~ /\// && b ~ entre[i])) {
            n++
            m = ent[i]
            used[i] = 1
        }
    }
    # A file no name matches belongs to the module its folder is named for:
    # a module is lib/NAME.c and .h, or every file of the folder lib/NAME/
    # ("import" is lib/import.h and lib/import/).
    if (n == 0 && k ~ /\//)
        for (i = 1; i <= nent; i++)
            if (ent[i] == dir(k)) { n++; m = ent[i]; used[i] = 1 }
    if (n == 1) return m
    if (graph) { sub(/_int$/, "", b); return b }   # a private header is part of its module
    if (n == 0) complain(p ": not in the layer table of lib/README.md")
    else complain(p ": in more than one row of the layer table of lib/README.md")
    return ""
}
function complain(s) { print s; bad = 1 }
# A quoted include as the compiler finds it: beside the including file,
# then lib/, then the folders of lib/ (the -I path the Makefile gives).
function resolve(from, h,    c, d) {
    c = dir(from) "/" h
    if (c in islib) return c
    if (("lib/" h) in islib) return "lib/" h
    for (d in libdirs) if ((d "/" h) in islib) return d "/" h
    return ""
}

FILENAME == "-" {     # the list of files
    if (NR <= nlib) { islib[$0] = 1; nlibf++; libf[nlibf] = $0; if (dir($0) != "lib") libdirs[dir($0)] = 1 }
    else { nother++; other[nother] = $0 }
    next
}
# lib/README.md: the table whose first column is "layer".
/^\|/ {
    n = split($0, col, "|")
    c1 = col[2]; gsub(/[ \t]/, "", c1)
    if (c1 == "layer") { intable = 1; next }
    if (!intable || c1 ~ /^-+$/) next
    if (c1 !~ /^[0-9]+$/) { complain("lib/README.md:" FNR ": layer table row without a layer number"); next }
    s = col[3]
    while (match(s, /`[^`]+`/)) {
        nent++
        ent[nent] = substr(s, RSTART + 1, RLENGTH - 2)
        sub(/\.[ch]$/, "", ent[nent])
        entre[nent] = glob2re(ent[nent])
        entrow[nent] = FNR
        if (ent[nent] in layer && layer[ent[nent]] != c1 + 0)
            complain("lib/README.md:" FNR ": " ent[nent] " is in layers " layer[ent[nent]] " and " c1)
        layer[ent[nent]] = c1 + 0
        s = substr(s, RSTART + RLENGTH)
    }
    next
}
{ intable = 0 }

END {
    if (graph) nent = 0
    for (i = 1; i <= nlibf; i++) mod[libf[i]] = module_of(libf[i])
    for (i = 1; i <= nent; i++)
        if (!used[i]) complain("lib/README.md:" entrow[i] ": " ent[i] " names no file in lib/")
    for (i = 1; i <= nlibf + nother; i++) {
        f = i <= nlibf ? libf[i] : other[i - nlibf]
        m = i <= nlibf ? mod[f] : ""
        ln = 0
        while ((getline line < f) > 0) {
            ln++
            if (line !~ /^[ \t]*#[ \t]*include[ \t]*[<"]/) continue
            h = line
            sub(/^[ \t]*#[ \t]*include[ \t]*/, "", h)
            q = substr(h, 1, 1)
            h = substr(h, 2)
            sub(q == "<" ? ">.*" : "\".*", "", h)
            if (h == "csv.h" && !(f ~ /^lib\/csvio\.[ch]$/ || f == "tools/csv-floor.c"))
                complain(f ":" ln ": includes <csv.h>: only csvio calls libcsv")
            if (h == "jansson.h" && f !~ /^lib\/jsonio\.[ch]$/)
                complain(f ":" ln ": includes <jansson.h>: only jsonio calls jansson")
            if (i > nlibf || q != "\"" || m == "") continue
            t = resolve(f, h)
            if (t == "" || mod[t] == "" || mod[t] == m) continue
            if (graph) { dep[m, mod[t]] = 1; continue }
            if (layer[mod[t]] >= layer[m])
                complain(f ":" ln ": includes " h " (layer " layer[mod[t]] "), " \
                    (layer[mod[t]] > layer[m] ? "above" : "in") " its own layer " layer[m])
        }
        close(f)
    }
    if (graph) {
        # The lowest layer each module could have: one above the highest
        # module it includes (a cycle is reported, not followed).
        for (i = 1; i <= nlibf; i++) mods[mod[libf[i]]] = 1
        do {
            changed = 0
            for (a in mods) {
                l = 0
                for (b in mods) if ((a, b) in dep && lv[b] + 1 > l) l = lv[b] + 1
                if (l != lv[a]) { lv[a] = l; changed = 1 }
                if (l > 100) { print "cycle through " a; exit 1 }
            }
        } while (changed)
        for (a in mods) {
            s = ""
            for (b in mods) if ((a, b) in dep) s = s " " b
            printf "%d %s:%s\n", lv[a], a, s | "sort -n -k1,1 -k2"
        }
        close("sort -n -k1,1 -k2")
    }
    exit bad
}
' - lib/README.md <<EOF
$files
$others
EOF
