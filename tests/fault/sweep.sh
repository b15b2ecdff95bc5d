# tests/fault/sweep.sh — fault injection over every writer (sourced by
# tests/cli/0060-fault-sweep.t and by `make faultcheck`, after lib.sh).
#
# For each scenario (a writer command over a data directory holding a bit
# of everything), the command is run once to count its fault points (every
# write, fsync, rename, link, unlink, truncate, copy and file creation it
# makes: lib/sysio.h) and to record the state it leaves. Then, for every
# point N and every action, on a fresh copy of the data directory:
#   SALES_FAULT=N:eio (or enospc)  the call fails (a write after writing
#                                   half its bytes):
#       exit 1 -> every file byte-identical at once, nothing left behind;
#       exit 0 -> (a point after the commit) the new state, once the next
#                 writer has cleared what was left behind;
#   SALES_FAULT=N:kill              the process dies there (a write after
#                                   half its bytes): after the next writer
#                                   (sales-check --fix), the old state or
#                                   the new one, that writer finds nothing
#                                   wrong, and history.csv replays to the
#                                   files (sales-check --history).
# A state is every file's name, mode and bytes (the id cache .ids aside:
# only a cache), so history.csv must match the data files too.
#
# FAULT_ACTIONS: the actions to sweep ("eio kill" by default; make
# faultcheck adds enospc). FAULT_STEP: sweep every Nth point only.
# FAULT_NEXT: the next writer (a scenario that sweeps sales-check --fix
# itself needs another). FAULT_HISTORY=0: do not ask sales-check --history
# whether history.csv replays to the files (a start without all files).

: "${FAULT_ACTIONS:=eio kill}"
: "${FAULT_NEXT:=sales-check --fix}"
: "${FAULT_HISTORY:=1}"
: "${FAULT_STEP:=1}"
FAULT_POINTS=0 # points injected
FAULT_HELD=0   # of them, invariants held

# Fault runs go to memory where there is some: the sweep is thousands of
# commands, each syncing several times, and what is checked here does not
# depend on the disk.
if [ -d /dev/shm ] && [ -w /dev/shm ]; then
    FT=$(mktemp -d /dev/shm/salesfault.XXXXXX)
else
    FT=$(mktemp -d "$T/fault.XXXXXX")
fi
trap 'rm -rf "$T" "$FT"' EXIT

fault_state() { # DIR: names, modes, sizes and hashes of every file but the id cache
    dir-state "$1" .ids
}

# fault_base DIR: a data directory with some of everything.
fault_base() {
    local d=$1
    sales-init "$d" >/dev/null
    SALES_DATA=$d
    rep-add alice --name Alice --team east --territory US >/dev/null
    rep-add bob --name Bob --team east --territory DE >/dev/null
    lead-add --name 'Ann Lee' --company Acme --email ann@acme.com --owner alice >/dev/null
    lead-add --name 'Bo Ek' --company Beta --email bo@beta.se --source web >/dev/null
    lead-add --name 'Ann Lee' --company 'Acme Inc' --email ann@acme.com >/dev/null
    account-add --name Gamma --domain gamma.io --owner bob >/dev/null
    contact-add --name 'Cy Gamma' --account A1 --email cy@gamma.io >/dev/null
    deal-add --name 'Gamma deal' --account A1 --owner bob --amount 5000 --close 2026-12-31 >/dev/null
    deal-add --name 'Small' --account A1 --owner alice --amount 700 --close 2027-01-15 >/dev/null
    activity-log --type task --rep alice --deal D1 --subject 'send offer' --due 2026-12-01 >/dev/null
    quota-set alice 2026-Q4 20000 >/dev/null
    SALES_DATA=$D
}

# fault_scenario NAME 'COMMAND' ['SETUP']: sweep one command (run by sh
# -c in $FI, which holds input files, over $SALES_DATA), after SETUP has
# made its starting state from the common one.
fault_scenario() {
    local name=$1 cmd=$2 setup=${3:-} base=$FT/base new=$FT/new log=$FT/log
    local n npoints action rc bad=0 held=0 tried=0 why oldst newst got
    rm -rf "$new" "$log"
    if [ -n "$setup" ]; then
        base=$FT/sbase
        rm -rf "$base"
        cp -a "$FT/base" "$base"
        (cd "$FI" && SALES_DATA=$base sh -c "$setup" >/dev/null 2>&1) ||
            { ok 1 "$name: its set-up ran"; return; }
    fi
    cp -a "$base" "$new"
    (cd "$FI" && SALES_DATA=$new SALES_FAULT_LOG=$log sh -c "$cmd" >/dev/null 2>&1)
    rc=$?
    if [ "$rc" -ne 0 ]; then
        ok 1 "$name: runs (exit $rc)"
        return
    fi
    npoints=$(wc -l <"$log" 2>/dev/null || echo 0)
    oldst=$(fault_state "$base")
    # the new state as the next writer leaves it (litter cleared)
    SALES_DATA=$new $FAULT_NEXT >/dev/null 2>&1
    newst=$(fault_state "$new")
    n=1
    while [ "$n" -le "$npoints" ]; do
        for action in $FAULT_ACTIONS; do
            tried=$((tried + 1))
            rm -rf "$FD"
            cp -a "$base" "$FD"
            (cd "$FI" && SALES_DATA=$FD SALES_FAULT=$n:$action sh -c "$cmd" \
                >/dev/null 2>"$FT/err")
            rc=$?
            why=""
            got=""
            case "$action:$rc" in
            kill:137 | kill:0 | *:0) ;; # dead, or done: the next writer's state tells
            kill:*) why="killed run exited $rc" ;;
            *:1) # failed: byte-identical at once, nothing left behind, a message
                got=$(fault_state "$FD")
                [ "$got" = "$oldst" ] || why="failed (exit 1) but the data directory changed"
                [ -s "$FT/err" ] || why="failed (exit 1) without a message"
                ;;
            *) why="exit $rc" ;;
            esac
            if [ -z "$why" ] && [ -z "$got" ]; then
                # the next writer undoes or finishes, clears litter, finds nothing wrong
                if ! SALES_DATA=$FD $FAULT_NEXT >"$FT/check" 2>&1; then
                    why="$FAULT_NEXT after it: $(head -3 "$FT/check" | tr '\n' ' ')"
                elif [ "$FAULT_HISTORY" = 1 ] &&
                    ! SALES_DATA=$FD sales-check --history >"$FT/check" 2>&1; then
                    why="history.csv does not replay: $(head -3 "$FT/check" | tr '\n' ' ')"
                else
                    got=$(fault_state "$FD")
                    if [ "$got" = "$newst" ]; then
                        :
                    elif [ "$got" = "$oldst" ]; then
                        [ "$rc" = 0 ] && why="exit 0, but the change is not there"
                    else
                        why="neither the old state nor the new one"
                    fi
                fi
            fi
            if [ -n "$why" ]; then
                bad=$((bad + 1))
                if [ "$bad" -le 3 ]; then
                    echo "# $name: point $n ($(sed -n "${n}p" "$log")), $action: $why"
                    sed 's/^/#   stderr: /' "$FT/err" | head -3
                    diff <(echo "$oldst") <(echo "$got") | sed 's/^/#   vs old: /' | head -6
                fi
            else
                held=$((held + 1))
            fi
        done
        n=$((n + FAULT_STEP))
    done
    FAULT_POINTS=$((FAULT_POINTS + tried))
    FAULT_HELD=$((FAULT_HELD + held))
    ok $((bad > 0)) "$name: $npoints points, $tried faults injected, $held held"
}

FD=$FT/d
FI=$FT/in
mkdir -p "$FI"
fault_base "$FT/base"
