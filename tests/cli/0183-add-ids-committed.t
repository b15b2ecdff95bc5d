#!/bin/sh
# A writer prints a new record's id only once the record is committed.
# Each *-add (and sales-import -v) is made to fail at every one of its
# writes, fsyncs, renames, unlinks and file creations in turn (SALES_FAULT,
# lib/sysio.h, as the fault sweep does): a run that fails prints nothing
# on stdout, says why on stderr, exits 1 and leaves the data directory as
# it was; a run that ends well printed the ids and the records are there.
# A stdout that cannot take the ids after the commit fails the command
# with a message naming the records that were added all the same.
. "${SALES_SRC:-.}/tests/cli/lib.sh"

rep-add ann --name Ann --team east >/dev/null
account-add --name Acme --domain acme.example >/dev/null
contact-add --name Cy --account A1 >/dev/null
deal-add --name Pump --account A1 --owner ann --amount 900 >/dev/null
printf 'name,company\nJo,Jo Inc\nKim,Kim Ltd\n' >"$T/leads.csv"
printf 'name,company\nLu,Lu AG\nMo,Mo SA\n' >"$T/import.csv"

# sweep ACTION CMD...: CMD (run by sh -c, stdin from $T/in) failed at each
# of its fault points in turn, on a copy of the data directory each time
sweep() {
    _act=$1
    shift
    rm -rf "$T/base" "$T/log"
    cp -a "$D" "$T/base"
    (SALES_FAULT_LOG=$T/log sh -c "$*" <"$T/in" >"$T/clean" 2>/dev/null) ||
        { ok 1 "$*: runs"; return; }
    _points=$(wc -l <"$T/log")
    _nf=0 _done=0 _bad=0
    _p=1
    while [ "$_p" -le "$_points" ]; do
        rm -rf "$D"
        cp -a "$T/base" "$D"
        snap
        SALES_FAULT=$_p:$_act sh -c "$*" <"$T/in" >"$T/out" 2>"$T/err"
        rc=$?
        if [ "$rc" -eq 1 ]; then
            _nf=$((_nf + 1))
            if [ -s "$T/out" ] || [ "$(wc -l <"$T/err")" -ne 1 ] ||
                [ "$(_state)" != "$(cat "$T/snap")" ]; then
                _bad=$((_bad + 1))
                echo "# point $_p: $(head -c 200 "$T/out" | tr '\n' ' ')/ $(head -2 "$T/err")"
            fi
        elif [ "$rc" -eq 0 ] && cmp -s "$T/out" "$T/clean"; then
            _done=$((_done + 1))
        else
            _bad=$((_bad + 1))
            echo "# point $_p: exit $rc"
        fi
        _p=$((_p + 1))
    done
    rm -rf "$D"
    cp -a "$T/base" "$D"
    ok $((_bad > 0 || _nf == 0)) \
        "$* ($_act): $_points points, $_nf failed printing nothing, $_done done"
}

: >"$T/in"
sweep eio lead-add --name Zed --company Zco --owner ann
sweep enospc lead-add --name Zed --company Zco --owner ann
cp "$T/leads.csv" "$T/in"
sweep eio lead-add --source event -
: >"$T/in"
# (account-, contact-, deal- and subscription-add are the same code as
# lead-add; rep-add's ids are handles, feedback-add has defaults)
sweep eio rep-add bob --name Bob --team east
sweep eio feedback-add --account A1 --score 9 --channel email
sweep eio activity-log --type call --rep ann --deal D1 --subject hi
sweep eio sales-import -q -v leads "$T/import.csv"

# the failures as a user sees them: where the command failed, and no id
fault_at() { # N:ACTION CMD...: run CMD with that fault
    _f=$1
    shift
    SALES_FAULT=$_f run "$@"
}
# the points of this lead-add (its fault log lists them): 5 the append to
# leads.csv, 6 its fsync, 12 the append to history.csv, 14 the removal of
# the journal (the commit)
rm -f "$T/log"
cp -a "$D" "$T/base"
SALES_DATA=$T/base SALES_FAULT_LOG=$T/log lead-add --name Zed >/dev/null
is "$(sed -n '5p;6p;12p;14p' "$T/log" | tr '\n' ' ')" "5 write 6 fsync 12 write 14 unlink " \
    "lead-add's fault points"
snap
fault_at 5:eio lead-add --name Zed
rc_is 1 "lead-add, the append to leads.csv fails: exit 1"
out_is "lead-add, the append fails: no id" </dev/null
err_is "lead-add, the append fails: says so" <<X
lead-add: $D/leads.csv: write error: Input/output error
X
unchanged "lead-add, the append fails: nothing written"
fault_at 6:enospc lead-add --name Zed
rc_is 1 "lead-add, the fsync of leads.csv fails: exit 1"
out_is "lead-add, the fsync fails: no id" </dev/null
err_is "lead-add, the fsync fails: says so" <<X
lead-add: $D/leads.csv: fsync failed: No space left on device
X
fault_at 12:enospc lead-add --name Zed
rc_is 1 "lead-add, history.csv full: exit 1"
out_is "lead-add, history.csv full: no id" </dev/null
err_is "lead-add, history.csv full: says so" <<X
lead-add: $D/history.csv: write error: No space left on device
X
unchanged "lead-add, history.csv full: nothing written"
fault_at 14:eio lead-add --name Zed
rc_is 1 "lead-add, the commit (the journal's removal) fails: exit 1"
out_is "lead-add, the commit fails: no id" </dev/null
err_is "lead-add, the commit fails: says so" <<X
lead-add: $D/.journal: cannot remove the journal: Input/output error
X
unchanged "lead-add, the commit fails: nothing written"
# (the ids the failed runs took are not given out again: ids only go up)
run lead-add --name Zed
out_is "lead-add after the failures: the next id" <<X
L3
X

# ---- stdout cannot take the ids ------------------------------------------------------------
run sh -c 'lead-add --name Ann >/dev/full'
rc_is 1 "lead-add >/dev/full: exit 1"
err_is "lead-add >/dev/full: the lead was added all the same" <<X
lead-add: write error: No space left on device (L4 was added all the same)
X
run sh -c 'lead-add - <"$1" >/dev/full' sh "$T/leads.csv"
rc_is 1 "lead-add - >/dev/full: exit 1"
err_is "lead-add - >/dev/full: the leads were added all the same" <<X
lead-add: write error: No space left on device (2 records were added all the same: L5 to L6)
X
run lead-list -c id,name
out_is "the leads are there" <<X
id,name
L3,Zed
L4,Ann
L5,Jo
L6,Kim
X
run sh -c 'rep-add cy --name Cy >/dev/full'
err_is "rep-add >/dev/full: says which rep was added" <<X
rep-add: write error: No space left on device (cy was added all the same)
X
snap
run sh -c 'lead-add -n --name Ann >/dev/full'
rc_is 1 "lead-add -n >/dev/full: exit 1"
err_is "lead-add -n >/dev/full: nothing was added" <<X
lead-add: write error: No space left on device
X
unchanged "lead-add -n >/dev/full: nothing written"
done_testing
