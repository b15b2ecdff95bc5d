# tests/data/core/scenario.sh — sourced by CLI tests after lib.sh: builds
# the shared sales scenario in $D through the commands themselves, each
# run at its own SALES_NOW so that created dates, stage changes and close
# dates differ. Today (lib.sh) is 2026-11-27.
#
# reps:  victor (team lead)            quota victor 2026-Q4 150000
#          mia   (east, mgr victor)    quota east   2026-Q4 100000
#            ann (east, mgr mia)       quota ann    2026-Q4  20000, 2026-Q3 5000
#            ben (east, mgr mia)       quota ben    2026-Q4  40000
#          cat   (west, mgr victor)    quota cat    2026-11  10000
#            dan (west, mgr cat)       quota west   2027-Q1  30000
#
# deals (stage probability/category: prospecting 10 pipeline, qualification
# 20 pipeline, proposal 50 best, negotiation 80 commit; rotten_days 14, 14,
# 21, 14):
#   id  owner stage          amount    close       created     notes
#   D1  ann   won            12000.33  2026-12-10  2026-11-20  from lead L1, closed 2026-11-20
#   D2  ann   prospecting     1000.05  2026-12-20  2026-10-15
#   D3  ann   qualification   2500.15  2027-01-15  2026-11-13  14 days: not stale yet
#   D4  ben   proposal       33333.33  2026-12-31  2026-09-01  moved to proposal 2026-11-01
#   D5  ben   negotiation     7777.77  2026-11-15  2026-11-01  probability 75 (override)
#   D6  cat   proposal        4999.99  (none)      2026-11-10
#   D7  dan   negotiation    15000     2026-11-30  2026-10-20  category best (override)
#   D8  dan   won             8000.10  (none)      2026-08-01  closed 2026-11-03
#   D9  cat   lost            5000     (none)      2026-10-01  closed 2026-11-05, price
#   D10 mia   prospecting      199.99  2027-03-31  2026-11-26  category omitted
#   D11 ann   won             3000     (none)      2026-07-01  closed 2026-09-15
#   D12 cat   qualification    640.50  2026-09-30  2026-06-01  overdue
#   D13 -     prospecting      100     2026-12-01  2026-11-27  no owner
at() { # at DATE CMD...: run CMD with the clock at DATE 09:00 UTC, quietly
    _at=$1
    shift
    SALES_NOW="${_at}T09:00:00Z" "$@" >/dev/null || echo "# scenario step failed: $*"
}

scenario() {
    at 2026-01-05 rep-add victor --name "Victor Vance" --team lead --role vp
    at 2026-01-05 rep-add mia --name "Mia Moss" --team east --manager victor --role manager
    at 2026-01-05 rep-add ann --name "Ann Ang" --team east --manager mia
    at 2026-01-05 rep-add ben --name "Ben Bose" --team east --manager mia
    at 2026-01-05 rep-add cat --name "Cat Cruz" --team west --manager victor --role manager
    at 2026-01-05 rep-add dan --name "Dan Diaz" --team west --manager cat
    # the life of a lead, start to finish, in one go on 2026-11-20
    SALES_NOW=2026-11-20T10:00:00Z
    export SALES_NOW
    { lead-add --name "Jo Park" --company "Parkway Ltd" --email jo@parkway.example \
        --owner ann --source web --segment b2b &&
        lead-convert L1 --amount 12000.33 --close 2026-12-10 &&
        deal-move D1 negotiation && deal-close D1 won; } >/dev/null ||
        echo "# scenario: the lead-to-won chain failed"
    SALES_NOW=2026-11-27T09:30:00Z
    at 2026-10-15 deal-add --name "Dune" --owner ann --amount 1000.05 --close 2026-12-20 --segment b2b --source web
    at 2026-11-13 deal-add --name "Elm" --owner ann --stage qualification --amount 2500.15 --close 2027-01-15 --segment saas --source event
    at 2026-09-01 deal-add --name "Fjord" --owner ben --amount 33333.33 --close 2026-12-31 --segment enterprise --source referral
    at 2026-11-01 deal-move D4 proposal
    at 2026-11-01 deal-add --name "Gale" --owner ben --stage negotiation --probability 75 --amount 7777.77 --close 2026-11-15 --segment enterprise --source web
    at 2026-11-10 deal-add --name "Heron" --owner cat --stage proposal --amount 4999.99 --segment b2c --source event
    at 2026-10-20 deal-add --name "Iris" --owner dan --stage negotiation --category best --amount 15000 --close 2026-11-30 --segment b2b --source referral
    at 2026-08-01 deal-add --name "Jade" --owner dan --amount 8000.10 --segment b2b --source web
    at 2026-11-03 deal-close D8 won
    at 2026-10-01 deal-add --name "Kite" --owner cat --amount 5000 --segment b2c
    at 2026-11-05 deal-close D9 lost --reason price
    at 2026-11-26 deal-add --name "Lark" --owner mia --category omitted --amount 199.99 --close 2027-03-31 --segment saas
    at 2026-07-01 deal-add --name "Moss" --owner ann --amount 3000 --segment b2b
    at 2026-09-15 deal-close D11 won
    at 2026-06-01 deal-add --name "Nook" --owner cat --stage qualification --amount 640.50 --close 2026-09-30 --segment b2c
    at 2026-11-27 deal-add --name "Oak" --amount 100 --close 2026-12-01
    at 2026-11-01 quota-set victor 2026-Q4 150000
    at 2026-11-01 quota-set east 2026-Q4 100000
    at 2026-11-01 quota-set ann 2026-Q4 20000
    at 2026-11-01 quota-set ben 2026-Q4 40000
    at 2026-11-01 quota-set cat 2026-11 10000
    at 2026-11-01 quota-set ann 2026-Q3 5000
    at 2026-11-01 quota-set west 2027-Q1 30000
}
