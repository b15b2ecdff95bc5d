#!/bin/sh
# Look-alikes that are different people or companies make no pair at all:
# the same name at another company and mail domain, the same name at a
# free-mail provider, the same company with other people, companies that
# differ once their legal forms are gone, initials, a number off by a digit.
. "${SALES_SRC:-.}/tests/cli/lib.sh"

cat >"$T/l.csv" <<'X'
name,company,email,phone
Ivy Chen,Chen Tech,ivy@chentech.example,
Ivy Chen,Globex,ivy.chen@globex.example,
Ivy Chen,,ivy.chen@initech.example,
Li Wei,,liwei@gmail.com,
Li Wei,,li.wei.88@gmail.com,
王芳,,wangfang@qq.com,
王芳,,fang.w@qq.com,
王芳,北京科技有限公司,,
王芳,上海科技有限公司,,
王芳,北京科技发展有限公司,,
Ann Lee,Umbrella,ann@umbrella.example,555-010-3000
Bo Lee,Umbrella,bo@umbrella.example,555-010-3001
John Smith,Smith & Sons Ltd,,
John Smith,Smith Jones Co,,
J. Smith,Smith Jones Co,,
Maria Garcia,Apex Systems Inc,maria@apex.example,
Maria Garcia,Apex Solutions Inc,maria@apexsolutions.example,
Kim,,,
Kim,,,
X
sales-import -q leads "$T/l.csv"
run lead-dedupe
rc_is 0 "lead-dedupe"
out_is "no pair" <<'X'
keep,drop,confidence,reason,keep_name,drop_name
X

cat >"$T/a.csv" <<'X'
name,domain
Apex Systems Inc,apexsystems.example
Apex Solutions Inc,apexsolutions.example
北京科技有限公司,
北京科技发展有限公司,
Smith & Sons Ltd,
Smith Jones Co,
Delta GmbH,delta.example
Delta AG Bank,deltabank.example
Inc,
Ltd,
X
sales-import -q accounts "$T/a.csv"
run lead-dedupe --entity accounts
out_is "no pair among accounts" <<'X'
keep,drop,confidence,reason,keep_name,drop_name
X

done_testing
