#!/bin/sh
# lead-dedupe finds the pairs any person calls duplicates: a company with and
# without its legal form (有限公司, S.A./SA), '&' against 'and' with the
# punctuation gone, and the same person with no company against one with it
# at the same company mail domain; each with what matched and how strongly.
. "${SALES_SRC:-.}/tests/cli/lib.sh"

cat >"$T/l.csv" <<'X'
name,company,email,phone,source
王芳,北京科技,,,web
王芳,北京科技有限公司,,,event
Ana Díaz,Díaz S.A.,,,
Ana Diaz,Díaz SA,,,
Tom Smith,"Smith, Jones & Co",,,
Tom Smith,Smith Jones and Co,,,
Ivy Chen,,ivy@chentech.example,,
Ivy Chen,Chen Tech,ivy.chen@ChenTech.example,+1 555 010 7000,referral
Kei Sato,株式会社トヨタ,kei@toyota.example,,
kei sato,トヨタ株式会社,,03 5555 0100,
X
sales-import -q leads "$T/l.csv"
snap
run lead-dedupe
rc_is 0 "lead-dedupe"
# name 0.75; name@domain 0.70; name and name@domain with a phone? none here
out_is "every pair, with its reason and confidence" <<'X'
keep,drop,confidence,reason,keep_name,drop_name
L1,L2,0.75,name,王芳,王芳
L3,L4,0.75,name,Ana Díaz,Ana Diaz
L5,L6,0.75,name,Tom Smith,Tom Smith
L9,L10,0.75,name,Kei Sato,kei sato
L7,L8,0.70,name@domain,Ivy Chen,Ivy Chen
X
unchanged "finding writes nothing"

# a phone shared too: the reasons combine, 1 - (1 - 0.70)(1 - 0.80) = 0.94
lead-update L7 --phone "555-010-7000" >/dev/null
run lead-dedupe -f csv
out_is "name@domain and phone" <<'X'
keep,drop,confidence,reason,keep_name,drop_name
L7,L8,0.94,phone+name@domain,Ivy Chen,Ivy Chen
L1,L2,0.75,name,王芳,王芳
L3,L4,0.75,name,Ana Díaz,Ana Diaz
L5,L6,0.75,name,Tom Smith,Tom Smith
L9,L10,0.75,name,Kei Sato,kei sato
X

# contacts: the name at the same account, or at the same mail domain with
# no account; accounts by name (with --entity accounts)
account-add --name "Smith, Jones & Co" >/dev/null
account-add --name "Smith Jones and Co" --domain smithjones.example >/dev/null
account-add --name "Díaz S.A." >/dev/null
account-add --name "Díaz SA" >/dev/null
account-add --name "北京科技有限公司" >/dev/null
account-add --name "北京科技" >/dev/null
contact-add --name "Ivy Chen" --email ivy@chentech.example >/dev/null
contact-add --name "Ivy Chen" --account A1 --email ivy.chen@chentech.example >/dev/null
contact-add --name "Tom Smith" --account A2 >/dev/null
contact-add --name "Tom  SMITH" --account A2 >/dev/null
run lead-dedupe --entity accounts
rc_is 0 "--entity accounts"
out_is "accounts by their names, legal forms and '&' aside" <<'X'
keep,drop,confidence,reason,keep_name,drop_name
A1,A2,0.75,name,"Smith, Jones & Co",Smith Jones and Co
A3,A4,0.75,name,Díaz S.A.,Díaz SA
A5,A6,0.75,name,北京科技有限公司,北京科技
X
run lead-dedupe --entity contacts
out_is "contacts" <<'X'
keep,drop,confidence,reason,keep_name,drop_name
C3,C4,0.75,name,Tom Smith,Tom  SMITH
C1,C2,0.70,name@domain,Ivy Chen,Ivy Chen
X

done_testing
