#!/bin/sh
# budget-set and budget-list: one row per period+category+channel,
# replaced (a rewrite) or appended; periods normalised; a field not given
# is kept; history rows named period/category/channel; the list filters.
. "${SALES_SRC:-.}/tests/cli/lib.sh"

C=2026-11-02T08:00:00Z
NOW=2026-11-27T09:30:00Z

SALES_NOW=$C run budget-set 2026-11 "paid media" --channel ads --planned 4000
rc_is 0 "budget-set: a new line"
out_is "prints nothing" </dev/null
SALES_NOW=$C budget-set 2026-11 events --channel event --planned 5700 --actual 5449 &&
    SALES_NOW=$C budget-set 2026-q4 "sales tools" --planned 5400.00 --actual 5400 &&
    SALES_NOW=$C budget-set 2026-12 "paid media" --channel ads --planned 3900 ||
    echo "Bail out! setup failed"
file_is "$D/budget.csv" "appended in order; the quarter upper-cased, money canonical" <<'X'
period,category,channel,planned,actual
2026-11,paid media,ads,4000,
2026-11,events,event,5700,5449
2026-Q4,sales tools,,5400,5400
2026-12,paid media,ads,3900,
X

run budget-set this-month "paid media" --channel ads --actual 4394.50
rc_is 0 "this-month: the actual of an existing line"
run budget-set 2026-11 events --channel event --planned 6000 --actual=
rc_is 0 "a new plan, the actual cleared"
run budget-set 2026-Q4 "sales tools" --planned 5400
rc_is 0 "the same value again"
file_is "$D/budget.csv" "replaced in place, planned kept where not given" <<'X'
period,category,channel,planned,actual
2026-11,paid media,ads,4000,4394.5
2026-11,events,event,6000,
2026-Q4,sales tools,,5400,5400
2026-12,paid media,ads,3900,
X
run sales-history --entity budget -c ts,command,id,field,old,new
out_is "history: each field set, by key; nothing for a value that did not change" <<X
ts,command,id,field,old,new
$C,budget-set,2026-11/paid media/ads,planned,,4000
$C,budget-set,2026-11/events/event,planned,,5700
$C,budget-set,2026-11/events/event,actual,,5449
$C,budget-set,2026-Q4/sales tools/,planned,,5400
$C,budget-set,2026-Q4/sales tools/,actual,,5400
$C,budget-set,2026-12/paid media/ads,planned,,3900
$NOW,budget-set,2026-11/paid media/ads,actual,,4394.5
$NOW,budget-set,2026-11/events/event,planned,5700,6000
$NOW,budget-set,2026-11/events/event,actual,5449,
X

run budget-set 2026-11 "paid media" --planned 100
rc_is 0 "the same category without a channel is another line"
is "$(tail -n 1 "$D/budget.csv")" "2026-11,paid media,,100," "appended"

# two rows of one key (a hand edit): the first is set, the second goes
echo '2026-12,paid media,ads,1,1' >>"$D/budget.csv"
run budget-set 2026-12 "paid media" --channel ads --actual 3800
rc_is 0 "a duplicate line"
run budget-list --period 2026-12
out_is "one line left" <<'X'
period,category,channel,planned,actual
2026-12,paid media,ads,3900,3800
X
run sales-history --entity budget --where 'new = deleted duplicate' -c id
out_is "its deletion is in the history" <<'X'
id
2026-12/paid media/ads
X

# ---- list
run budget-list --period 2026-Q4 -c period,category,channel
out_is "--period: the periods within it" <<'X'
period,category,channel
2026-11,paid media,ads
2026-11,events,event
2026-Q4,sales tools,
2026-12,paid media,ads
2026-11,paid media,
X
run budget-list --period 2026-11,2026-12 --channel ads -c period,planned,actual
out_is "--period as a list, --channel" <<'X'
period,planned,actual
2026-11,4000,4394.5
2026-12,3900,3800
X
run budget-list --period 2026-10
out_is "a period with no lines: the header only" <<'X'
period,category,channel,planned,actual
X
run budget-list --channel '' -c period,category
out_is "--channel '': the lines without a channel" <<'X'
period,category
2026-Q4,sales tools
2026-11,paid media
X
run budget-list --category "PAID MEDIA" --sort -planned -c period,channel,planned
out_is "--category (any case), --sort on money" <<'X'
period,channel,planned
2026-11,ads,4000
2026-12,ads,3900
2026-11,,100
X
run budget-list --where 'actual > 4000' -f tsv
out_is "--where on money, -f tsv" <<'X'
period	category	channel	planned	actual
2026-11	paid media	ads	4000	4394.5
2026-Q4	sales tools		5400	5400
X

# ---- bad input
bad() { # bad NAME WANT-STDERR -- CMD...
    _name=$1 _want=$2
    shift 3
    snap
    run "$@"
    rc_is 1 "$_name: exit 1"
    is "$(cat "$T/err")" "$_want" "$_name: message"
    unchanged "$_name: nothing written"
}
bad "a bad period" "budget-set: bad period '2026-13' (expected 2026, 2026-Q4, 2026-11, 2026-W48, this-quarter, ...)" -- \
    budget-set 2026-13 events --planned 1
bad "a bad amount" "budget-set: bad planned '1,000' (expected an amount like 12500 or 12500.50)" -- \
    budget-set 2026-11 events --channel event --planned 1,000
bad "a negative amount" "budget-set: bad actual '-5' (must not be negative)" -- \
    budget-set 2026-11 events --channel event --actual -5
bad "an empty category" "budget-set: empty category" -- budget-set 2026-11 '' --planned 1
bad "a bad --period filter" "budget-list: bad period 'Q4' (expected 2026, 2026-Q4, 2026-11, 2026-W48, this-quarter, ...)" -- \
    budget-list --period Q4

snap
run budget-set 2026-11 events
rc_is 2 "nothing to set: usage"
is "$(head -n 1 "$T/err")" "budget-set: nothing to set (give --planned, --actual or both)" "its message"
run budget-set 2026-11 --planned 5
rc_is 2 "no category: usage"
run budget-set 2026-11 events extra --planned 5
rc_is 2 "an extra operand: usage"
run budget-list --owner ann
rc_is 2 "--owner does not apply to budget"
run budget-list --since 2026-01-01
rc_is 2 "--since does not apply to budget"
run budget-list --channel ads --channel web
rc_is 2 "a filter given twice: usage"
unchanged "usage errors write nothing"
run budget-set --help
rc_is 0 "budget-set --help"
is "$(head -n 2 "$T/out")" "usage: budget-set [-D DIR] [-n] [--channel CHANNEL] [--planned AMOUNT] [--actual AMOUNT]
                  PERIOD CATEGORY" "its synopsis"
done_testing
