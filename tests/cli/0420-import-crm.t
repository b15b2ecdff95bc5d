#!/bin/sh
# A HubSpot-style export of 10,000 deals (BOM, ';', decimal commas, German dates,
# HubSpot stage names, owners and companies by name) imports with one command and
# a rules file; importing it again changes nothing; a changed export updates.
. "${SALES_SRC:-.}/tests/cli/lib.sh"

printf '{\n  "currency": "EUR",\n  "fiscal_year_start": 1,\n  "stale_days": 30\n}\n' >"$D/config.json"
rep-add alice --name "Alice Smith" --email alice@example.com >/dev/null
rep-add bob --name "Bob Jones" --email bob@example.com >/dev/null
rep-add carol --name "Carol Díaz" --email carol@example.com >/dev/null
for c in "Acme GmbH" "Globex AG" "Initech" "Umbrella" "Müller & Söhne"; do
    account-add --name "$c" >/dev/null
done

# gen N CHANGED: the export; rows whose number is a multiple of CHANGED get 1 EUR more.
gen() {
    awk -v n="$1" -v changed="$2" 'BEGIN {
        split("Appointment scheduled|Qualified to buy|Presentation scheduled|Decision maker bought-in|Contract sent|Closed won|Closed lost", st, "|")
        split("Alice Smith|Bob Jones|Carol Díaz", ow, "|")
        split("Acme GmbH|Globex AG|Initech|Umbrella|Müller & Söhne", co, "|")
        printf "\357\273\277Record ID;Deal Name;Deal Stage;Amount;Close Date;Create Date;Deal Owner;Associated Company;Pipeline;Deal Type\r\n"
        for (i = 1; i <= n; i++) {
            cents = (i * 7919) % 5000000 + 100
            if (changed && i % changed == 0) cents += 100
            eur = int(cents / 100); ct = cents % 100
            # 1.234.567,89: thousands with dots
            s = sprintf("%d", eur); g = ""
            while (length(s) > 3) { g = "." substr(s, length(s) - 2) g; s = substr(s, 1, length(s) - 3) }
            amount = s g "," sprintf("%02d", ct)
            stage = st[i % 7 + 1]
            day = i % 28 + 1; mon = i % 12 + 1
            year = (stage ~ /Closed/) ? 2026 : 2027
            if (stage ~ /Closed/ && mon > 10) mon = 10
            printf "%d;\"Deal %05d \"\"%s\"\"\";%s;\"%s\";%02d.%02d.%04d;2026-%02d-%02d 10:%02d;%s;%s;default;%s\r\n", \
                9000000 + i, i, co[i % 5 + 1], stage, amount, day, mon, year, (i % 9) + 1, day, i % 60, \
                ow[i % 3 + 1], co[i % 5 + 1], (i % 4 ? "newbusiness" : "existingbusiness")
        }
    }'
}
# the total of the amounts, in cents
total() {
    awk -v changed="$1" 'BEGIN { for (i = 1; i <= 10000; i++) { c = (i * 7919) % 5000000 + 100; if (changed && i % changed == 0) c += 100; t += c } printf "%.0f\n", t }'
}

gen 10000 0 >"$T/hubspot-deals.csv"
run sales-import --rules "$DATA/import/hubspot-deals.rules" deals "$T/hubspot-deals.csv"
rc_is 0 "10,000 deals with one command and a rules file"
err_is "everything created" <<X
sales-import: $T/hubspot-deals.csv: columns separated by ';'
sales-import: deals: 10000 created, 0 updated, 0 unchanged, 0 refused
X
is "$(tail -n +2 "$D/deals.csv" | wc -l | tr -d ' ')" 10000 "10,000 rows"
is "$(deal-list -f tsv -c amount | tail -n +2 | awk -F. '{ c += $1 * 100 + (length($2) == 1 ? $2 * 10 : $2) } END { printf "%.0f\n", c }')" \
    "$(total 0)" "every amount exact (sum in cents)"
run deal-list -c hubspot_id,name,account,owner,stage,amount,currency,close,closed,type,created --limit 7
out_is "values translated, references resolved, won/lost closed on their close date" <<'X'
hubspot_id,name,account,owner,stage,amount,currency,close,closed,type,created
9000001,"Deal 00001 ""Globex AG""",A2,bob,qualification,80.19,EUR,2027-02-02,,new,2026-02-02T10:01:00Z
9000002,"Deal 00002 ""Initech""",A3,carol,proposal,159.38,EUR,2027-03-03,,new,2026-03-03T10:02:00Z
9000003,"Deal 00003 ""Umbrella""",A4,alice,negotiation,238.57,EUR,2027-04-04,,new,2026-04-04T10:03:00Z
9000004,"Deal 00004 ""Müller & Söhne""",A5,bob,negotiation,317.76,EUR,2027-05-05,,renewal,2026-05-05T10:04:00Z
9000005,"Deal 00005 ""Acme GmbH""",A1,carol,won,396.95,EUR,2026-06-06,2026-06-06,new,2026-06-06T10:05:00Z
9000006,"Deal 00006 ""Globex AG""",A2,alice,lost,476.14,EUR,2026-07-07,2026-07-07,new,2026-07-07T10:06:00Z
9000007,"Deal 00007 ""Initech""",A3,bob,prospecting,555.33,EUR,2027-08-08,,new,2026-08-08T10:07:00Z
X

# The same export again: nothing changes, not even history.
snap
run sales-import -q --rules "$DATA/import/hubspot-deals.rules" deals "$T/hubspot-deals.csv"
rc_is 0 "the same export again"
unchanged "is a no-op"

# A later export where every 250th deal is 1 EUR more: 40 updates, one history set.
gen 10000 250 >"$T/hubspot-deals-2.csv"
run sales-import --rules "$DATA/import/hubspot-deals.rules" deals "$T/hubspot-deals-2.csv"
rc_is 0 "a changed export"
err_is "updates what changed" <<X
sales-import: $T/hubspot-deals-2.csv: columns separated by ';'
sales-import: deals: 0 created, 40 updated, 9960 unchanged, 0 refused
X
is "$(deal-list -f tsv -c amount | tail -n +2 | awk -F. '{ c += $1 * 100 + (length($2) == 1 ? $2 * 10 : $2) } END { printf "%.0f\n", c }')" \
    "$(total 250)" "the new amounts"
run sh -c "sales-history --where 'command = sales-import' -c id,field,old,new | tail -2"
out_is "history has old and new" <<'X'
D9750,amount,22103.5,22104.5
D10000,amount,41901,41902
X
run sales-import -q --undo
is "$(deal-list -f tsv -c amount | tail -n +2 | awk -F. '{ c += $1 * 100 + (length($2) == 1 ? $2 * 10 : $2) } END { printf "%.0f\n", c }')" \
    "$(total 0)" "undo restores the amounts"
done_testing
