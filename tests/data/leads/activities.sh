# tests/data/leads/activities.sh — sourced by the activity tests after lib.sh:
# a small team with leads, accounts, deals and activities across channels,
# seen at the test clock 2026-11-27T09:30:00Z.
at() {
    _t=$1
    shift
    SALES_NOW=$_t "$@" >/dev/null || { echo "Bail out! fixture: $*"; exit 1; }
}
at 2026-01-05T09:00:00Z rep-add alice --name "Alice Smith" --team east --territory "US,CA"
at 2026-01-05T09:00:00Z rep-add bob --name "Bob Jones" --team west --territory DE
at 2026-01-05T09:00:00Z rep-add carol --name "Carol Diaz" --team east --role manager
at 2026-01-05T09:00:00Z rep-add old --name "Old Timer" --team west --active no
at 2026-09-01T09:00:00Z account-add --name "Acme Corp" --owner alice
at 2026-09-01T09:00:00Z account-add --name Globex --owner bob
at 2026-09-01T09:00:00Z account-add --name Initech --owner alice
at 2026-09-01T09:00:00Z contact-add --name "Jane Roe" --account A1
at 2026-09-01T09:00:00Z contact-add --name "Hank Scorpio" --account A2
at 2026-09-02T09:00:00Z deal-add --name "Acme renewal" --account A1 --owner alice --amount 12000
at 2026-09-02T09:00:00Z deal-add --name "Globex platform" --account A2 --owner bob --amount 50000
at 2026-09-02T09:00:00Z deal-add --name "Initech suite" --account A3 --owner alice --amount 5000
at 2026-09-02T09:00:00Z deal-add --name "Globex support" --account A2 --owner bob --amount 2000 --stage won
at 2026-11-02T08:00:00Z lead-add --name "Li Wei" --company Globex --owner bob
at 2026-11-10T12:00:00Z lead-add --name "Ann Lee" --company Umbrella --owner alice
at 2026-11-20T09:00:00Z lead-add --name "Sam Park" --owner alice
at 2026-11-26T09:00:00Z lead-add --name "Uma Roy" --company Hooli
printf '%s\n' \
    'date,rep,type,channel,lead,account,contact,deal,subject,duration,due,done,notes' \
    '2026-11-02T14:00:00Z,bob,call,phone,L1,,,,First call,20,,,' \
    '2026-11-10T13:30:00Z,alice,email,email,L2,,,,Welcome,,,,' \
    '2026-11-12T09:00:00Z,alice,call,phone,L2,,,,Discovery,30,2026-11-26,,"Ask about budget; needs CFO, too"' \
    '2026-09-15T10:00:00Z,alice,meeting,onsite,,A1,C1,D1,Kickoff,60,,,' \
    '2026-11-20T10:00:00Z,alice,email,email,,,C1,,Pricing,,,,' \
    '2026-11-25T10:00:00Z,bob,demo,zoom,,A2,,D2,Platform demo,45,,,' \
    '2026-11-26T10:00:00Z,bob,task,,,,,D2,Send security questionnaire,,2026-11-27,,' \
    '2026-11-20T10:00:00Z,alice,task,,,,,D1,Prepare renewal quote,,2026-11-24,,' \
    '2026-12-01T15:00:00Z,alice,meeting,zoom,,A3,,,Initech intro,30,,,' \
    '2026-11-21T10:00:00Z,carol,note,,,A1,,,Internal: key account,,,,' \
    '2026-11-22T10:00:00Z,carol,task,,,A3,,,Review Initech pricing,,,,' \
    '2026-11-26T16:00:00Z,bob,chat,web,L1,,,,Chat on the site,,,,' \
    '2026-11-23T10:00:00Z,alice,task,,L3,,,,Call Sam back,,2026-12-03,,' \
    '2026-11-18T10:00:00Z,bob,social,linkedin,,A2,C2,,Liked a post,,,,' \
    >"$T/acts.csv"
at 2026-11-27T09:00:00Z activity-log - <"$T/acts.csv"
