#!/bin/sh
# sales-init beyond tests/cli/0010-init.t: where the directory goes (DIR,
# -D, $SALES_DATA, XDG), nested directories, an existing directory left as
# it is, errors; a --shared directory stays writable by the whole group.
. "${SALES_SRC:-.}/tests/cli/lib.sh"

FILES="accounts.csv activities.csv budget.csv config.json contacts.csv deals.csv feedback.csv history.csv leads.csv quotas.csv reps.csv stages.csv subscriptions.csv"
files() { (cd "$1" && ls | tr '\n' ' ' | sed 's/ $//'); }

run sales-init "$T/a/b/c"
rc_is 0 "sales-init DIR makes the missing parents"
out_is "and prints nothing" </dev/null
is "$(stat -c %a "$T/a" "$T/a/b" "$T/a/b/c" | tr '\n' ' ')" "700 700 700 " "private directories"
is "$(files "$T/a/b/c")" "$FILES" "every file"
run sales-init -D "$T/viad"
is "$(files "$T/viad")" "$FILES" "-D DIR"
run env SALES_DATA="$T/viaenv" sales-init
is "$(files "$T/viaenv")" "$FILES" "\$SALES_DATA"
run env -u SALES_DATA XDG_DATA_HOME="$T/xdg" sales-init
is "$(files "$T/xdg/salesutils")" "$FILES" "\$XDG_DATA_HOME/salesutils"
run env -u SALES_DATA -u XDG_DATA_HOME sales-init
is "$(files "$HOME/.local/share/salesutils")" "$FILES" "~/.local/share/salesutils"

# an existing directory: files already there are left exactly as they are
rep-add ann >/dev/null
echo '{"currency": "EUR", "fiscal_year_start": 4, "stale_days": 20}' >"$D/config.json"
sed -i 's/^proposal,3,50,best,21$/proposal,3,45,best,30/' "$D/stages.csv"
rm "$D/budget.csv"
snap
run sales-init "$D"
rc_is 0 "sales-init on a data directory"
is "$(files "$D")" "$FILES" "a missing file comes back"
rm "$D/budget.csv"
unchanged "nothing else changes: config, stages and data kept"
run sales-init "$D"
is "$(cat "$D/budget.csv")" "period,category,channel,planned,actual" "with its header"

# errors
echo x >"$T/plain"
run sales-init "$T/plain"
rc_is 1 "DIR is a file"
err_is "not a directory" <<X
sales-init: $T/plain: not a directory
X
run sales-init "$T/plain/sub"
rc_is 1 "DIR under a file"
err_is "cannot create" <<X
sales-init: $T/plain/sub: cannot create directory: Not a directory
X
run sales-init --bogus
rc_is 2 "an unknown option"

# --shared: the files and the id cache are group-writable too, so another
# member of the group can write (DESIGN §5: new files 0660); the lock is
# the directory itself
run sales-init --shared "$T/team"
is "$(stat -c %a "$T/team" "$T/team/leads.csv" | tr '\n' ' ')" "2770 660 " "a shared directory and its files"
lead-add -D "$T/team" --name first >/dev/null
is "$(stat -c %a "$T/team/.ids" "$T/team/history.csv" | tr '\n' ' ')" "660 660 " "the id cache and history"
# The other user must reach the directory and the commands. A checkout in a
# private directory (a clone in /root, any 0700 parent) hides build/bin from
# it: then it runs copies of the two commands kept next to the data. Only a
# private $TMPDIR leaves it nothing to reach, and the four tests are skipped.
skip=""
if [ "$(id -u)" != 0 ] || ! command -v setpriv >/dev/null; then
    skip="needs root and setpriv"
else
    chmod go+x "$T" # the other user, in the directory's group, must reach it
    asother() { setpriv --reuid=65534 --regid="$(stat -c %g "$T/team")" --clear-groups "$@"; }
    bin=$SALES_BIN
    if ! asother test -x "$bin/lead-add" -a -x "$bin/lead-update"; then
        bin="$T/bin"
        mkdir "$bin" && cp "$SALES_BIN/lead-add" "$SALES_BIN/lead-update" "$bin/" &&
            chmod 755 "$bin" "$bin/lead-add" "$bin/lead-update"
    fi
    asother test -x "$bin/lead-add" -a -w "$T/team" ||
        skip="user 65534 cannot reach $T (a private TMPDIR?)"
    other() { asother env PATH="$bin:$PATH" "$@"; }
fi
if [ -z "$skip" ]; then
    run other lead-add -D "$T/team" --name "from another user"
    rc_is 0 "another member of the group can add"
    out_is "and gets the next id" <<'X'
L2
X
    run other lead-update -D "$T/team" L1 --score 5
    rc_is 0 "and update"
    run lead-add -D "$T/team" --name "back to the first"
    out_is "and the first user can still add after them" <<'X'
L3
X
else
    for i in 1 2 3 4; do echo "ok $((_n + i)) # skip $skip"; done
    _n=$((_n + 4))
fi
done_testing
