#!/bin/sh
# lead-convert finds the account by company name as text_fold compares
# names (Unicode case folding): "MÜLLER GmbH" is the account "Müller GmbH",
# as sales-dedupe would say. Before text_fold it matched ASCII case only
# and made a second account.
. "${SALES_SRC:-.}/tests/cli/lib.sh"

rep-add ann >/dev/null || echo "Bail out! rep-add failed"
account-add --name "Müller GmbH" >/dev/null # A1
lead-add - >/dev/null <<'X'
name,company,email,owner
Uli Roth,MÜLLER  GMBH,uli@gmail.com,ann
X

run lead-convert --no-deal L1
rc_is 0 "lead-convert"
out_is "the account reused, the contact made" <<'X'
A1
C1
X
run sh -c 'account-list -c id,name'
out_is "still one account" <<'X'
id,name
A1,Müller GmbH
X

done_testing
