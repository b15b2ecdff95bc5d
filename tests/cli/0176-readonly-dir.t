#!/bin/sh
# A writer in a data directory this user may read but not write says so,
# naming the directory and the user, before it reads or prints anything.
. "${SALES_SRC:-.}/tests/cli/lib.sh"

lead-add --name Seed >/dev/null || echo "Bail out! setup failed"
chmod 755 "$T" "$D"
chmod 644 "$D"/*.csv "$D/config.json"
if [ "$(id -u)" -eq 0 ]; then
    # root writes anywhere: run as nobody in a directory root owns
    command -v setpriv >/dev/null 2>&1 || { echo "1..0 # SKIP root, and no setpriv"; exit 0; }
    as() { setpriv --reuid=65534 --regid=65534 --clear-groups "$@"; }
    who=$(getent passwd 65534 | cut -d: -f1)
    who=${who:-uid 65534}
else
    chmod 555 "$D"
    as() { "$@"; }
    who=$(id -un)
fi
snap
for cmd in "lead-add --name X" "lead-update L1 --status contacted" "deal-add --name X" \
    "quota-set nobody 2026-Q4 5" "rep-add zed"; do
    run as $cmd
    rc_is 1 "$cmd: exit 1"
    is "$(cat "$T/err")" "${cmd%% *}: $D: the data directory is not writable by this user ($who)" \
        "$cmd: says the directory is not writable by this user"
    is "$(cat "$T/out")" "" "$cmd: prints no id"
done
unchanged "nothing written"
run as lead-list -c id,name
rc_is 0 "reading still works"
out_is "the leads" <<'X'
id,name
L1,Seed
X
chmod 755 "$D"
done_testing
