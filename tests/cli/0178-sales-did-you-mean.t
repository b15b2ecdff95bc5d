#!/bin/sh
# sales with a mistyped command suggests the one meant.
. "${SALES_SRC:-.}/tests/cli/lib.sh"

run sales deal-lst
rc_is 2 "an unknown command is a usage error"
err_is "deal-lst: did you mean deal-list" <<'X'
sales: unknown command 'deal-lst' (did you mean 'deal-list'?)
usage: sales [-D DIR] [COMMAND [ARG ...]]
       sales help COMMAND
X
run sales Pipeline-Shwo
err_is "case and a swap of two letters" <<'X'
sales: unknown command 'Pipeline-Shwo' (did you mean 'pipeline-show'?)
usage: sales [-D DIR] [COMMAND [ARG ...]]
       sales help COMMAND
X
run sales help lead-lsit
rc_is 2 "sales help with a typo"
err_is "sales help suggests too" <<'X'
sales: unknown command 'lead-lsit' (did you mean 'lead-list'?)
usage: sales [-D DIR] [COMMAND [ARG ...]]
       sales help COMMAND
X
run sales frobnicate
err_is "nothing near: the list" <<'X'
sales: unknown command 'frobnicate' (sales lists them)
usage: sales [-D DIR] [COMMAND [ARG ...]]
       sales help COMMAND
X
run sales deal
err_is "a short word suggests nothing far from it" <<'X'
sales: unknown command 'deal' (sales lists them)
usage: sales [-D DIR] [COMMAND [ARG ...]]
       sales help COMMAND
X
done_testing
