#!/bin/sh
# nightly.sh — the nightly sales report, for cron: writes the day's reports
# as files under OUT/YYYY-MM-DD/ and exits non-zero, naming the report and
# the bad record, when one of them fails on the data.
#
#   nightly.sh [OUT]      OUT defaults to $SALES_REPORTS, else ./sales-reports
#
# Files (CSV as the commands print it, so spreadsheets and scripts read them):
#   pipeline.csv           open deals per stage            (pipeline-show)
#   pipeline-by-owner.csv  open deals per owner            (pipeline-show --by owner)
#   quota.csv              attainment of the current quotas (quota-report)
#   forecast.csv           expected bookings per quarter   (forecast --pipeline)
#   dashboard.html         the morning view as one page     (sales-dashboard --html)
#   summary.txt            a few lines for an email or a chat channel
#   errors.txt             only when a report failed: what and where
#
# The day is today's date in UTC ($SALES_NOW when set, as for the commands).
# A second run on the same day replaces that day's directory.
#
# Needs the commands and mlr (Miller; make deps installs it) on PATH.
#
# Mail: when SALES_MAILTO is set (one or more addresses) and sendmail is on
# PATH, dashboard.html goes to them as a MIME mail (HTML body, summary.txt
# as the text part), From: $SALES_MAILFROM when set. A mail that cannot be
# handed to sendmail is a failure like a report's.
#
# crontab (every weekday at 06:30; cron mails anything printed, so the
# errors arrive by mail):
#   30 6 * * 1-5  SALES_DATA=/srv/sales PATH=/usr/local/bin:/usr/bin:/bin  sh /usr/local/share/salesutils/nightly.sh /srv/sales/reports
set -u

[ -n "${SALES_BIN:-}" ] && PATH="$SALES_BIN:$PATH"
out=${1:-${SALES_REPORTS:-./sales-reports}}
day=$(date -u -d "${SALES_NOW:-now}" +%Y-%m-%d) || {
    echo "nightly: cannot tell the date from SALES_NOW='${SALES_NOW:-}'" >&2
    exit 1
}
mkdir -p "$out" || exit 1
work=$(mktemp -d "$out/.$day.XXXXXX") || exit 1
trap 'rm -rf "$work"' EXIT
failed=""

# report NAME COMMAND...: COMMAND's CSV into NAME.csv, or its error into errors.txt
report() {
    name=$1
    shift
    if "$@" -f csv >"$work/$name.csv" 2>"$work/$name.err"; then
        rm -f "$work/$name.err"
    else
        failed="$failed $name"
        {
            echo "$name: $* failed:"
            sed 's/^/  /' "$work/$name.err"
        } >>"$work/errors.txt"
        rm -f "$work/$name.csv" "$work/$name.err"
    fi
}

report pipeline pipeline-show
report pipeline-by-owner pipeline-show --by owner
report quota quota-report
report forecast forecast --pipeline

# dashboard.html: written whole or not at all by the command itself
if ! sales-dashboard --html "$work/dashboard.html" 2>"$work/dashboard.err"; then
    failed="$failed dashboard"
    {
        echo "dashboard: sales-dashboard --html failed:"
        sed 's/^/  /' "$work/dashboard.err"
    } >>"$work/errors.txt"
fi
rm -f "$work/dashboard.err"

# summary.txt: from the CSVs just written (Miller reads them by header name)
{
    echo "Sales report for $day"
    if [ -f "$work/pipeline.csv" ]; then
        mlr --icsv --onidx --ofmt '%.2f' stats1 -a sum -f deals,amount,weighted \
            then put -q 'print "Open pipeline: " . $deals_sum . " deals, " . $amount_sum .
                               " (" . $weighted_sum . " weighted)"' "$work/pipeline.csv"
    fi
    if [ -f "$work/forecast.csv" ]; then
        mlr --icsv --onidx filter '$period =~ "^[0-9]"' then head -n 1 \
            then put -q 'print "This period (" . $period . "): closed " . $closed .
                               ", commit " . $commit . ", best case " . $best_case' \
            "$work/forecast.csv"
    fi
    if [ -f "$work/quota.csv" ]; then
        echo "Quota attainment:"
        mlr --icsv --opprint cut -o -f owner,period,attainment,pace "$work/quota.csv"
    fi
    [ -z "$failed" ] || echo "FAILED:$failed (see errors.txt)"
} >"$work/summary.txt"

# mail_dashboard: summary.txt and dashboard.html as one multipart/alternative
# mail to $SALES_MAILTO through sendmail
mail_dashboard() {
    b="salesutils-$day-$$"
    {
        [ -n "${SALES_MAILFROM:-}" ] && echo "From: $SALES_MAILFROM"
        echo "To: $SALES_MAILTO"
        echo "Subject: Sales dashboard for $day"
        echo "MIME-Version: 1.0"
        echo "Content-Type: multipart/alternative; boundary=\"$b\""
        echo
        echo "--$b"
        echo "Content-Type: text/plain; charset=utf-8"
        echo
        cat "$work/summary.txt"
        echo "--$b"
        echo "Content-Type: text/html; charset=utf-8"
        echo
        cat "$work/dashboard.html"
        echo "--$b--"
    } | sendmail -t
}
if [ -n "${SALES_MAILTO:-}" ] && [ -f "$work/dashboard.html" ] &&
    command -v sendmail >/dev/null 2>&1; then
    if ! mail_dashboard; then
        failed="$failed mail"
        echo "mail: sendmail -t failed for $SALES_MAILTO" >>"$work/errors.txt"
    fi
fi

chmod 755 "$work"
rm -rf "${out:?}/$day"
mv "$work" "$out/$day" || exit 1
trap - EXIT
if [ -n "$failed" ]; then
    echo "nightly: $day: report failed:$failed" >&2
    cat "$out/$day/errors.txt" >&2
    exit 1
fi
exit 0
