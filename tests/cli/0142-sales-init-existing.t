#!/bin/sh
# sales-init on a directory that is there already: its mode is left as it
# is, and when that lets more in than sales-init would set (0700, or 2770
# for a shared one) it says so, exit 0. A group-writable one is shared.
. "${SALES_SRC:-.}/tests/cli/lib.sh"

modes() { stat -c %a "$@" | tr '\n' ' ' | sed 's/ $//'; }
existing() { # MODE: a fresh existing directory with that mode, sales-init on it
    rm -rf "$T/x" && mkdir "$T/x" && chmod "$1" "$T/x"
    run sales-init "$T/x"
}

existing 0755
rc_is 0 "0755: exit 0"
err_is "0755: says what it does and what the mode lets in" <<X
sales-init: $T/x: mode 0755 left as it is: your group and others can get into it (a new data directory is 0700; chmod 700 makes it private)
X
out_is "0755: nothing on stdout" </dev/null
is "$(modes "$T/x" "$T/x/leads.csv")" "755 600" "0755: left as it is, private files"

existing 0777
rc_is 0 "0777: exit 0"
err_is "0777: treated as shared, said" <<X
sales-init: $T/x: mode 0777 left as it is: group-writable, so the commands treat it as shared and make new files 0660, and others can get into it and write to it (sales-init --shared makes a team directory 2770; chmod 700 makes it private)
X
is "$(modes "$T/x" "$T/x/leads.csv")" "777 660" "0777: left as it is, files 0660"

existing 0770
err_is "0770: shared, without the set-group-ID bit" <<X
sales-init: $T/x: mode 0770 left as it is: group-writable, so the commands treat it as shared and make new files 0660 (sales-init --shared makes a team directory 2770; chmod 700 makes it private)
X
existing 0750
err_is "0750: the group only" <<X
sales-init: $T/x: mode 0750 left as it is: your group can get into it (a new data directory is 0700; chmod 700 makes it private)
X
existing 0703
err_is "0703: others only" <<X
sales-init: $T/x: mode 0703 left as it is: others can get into it and write to it (a new data directory is 0700; chmod 700 makes it private)
X
existing 0757
err_is "0757: the group and others" <<X
sales-init: $T/x: mode 0757 left as it is: your group and others can get into it, and others can write to it (a new data directory is 0700; chmod 700 makes it private)
X

# what sales-init sets itself is not worth a word
existing 0700
rc_is 0 "0700"
err_is "0700: nothing said" </dev/null
existing 2770
err_is "2770 (as --shared makes it): nothing said" </dev/null
is "$(modes "$T/x" "$T/x/leads.csv")" "2770 660" "2770: a shared directory"
run sales-init "$D"
err_is "run again on its own directory: nothing said" </dev/null

# --shared sets the mode of an existing directory
rm -rf "$T/x" && mkdir "$T/x" && chmod 0757 "$T/x"
run sales-init --shared "$T/x"
rc_is 0 "--shared on an existing 0757 directory"
err_is "nothing to say" </dev/null
is "$(modes "$T/x" "$T/x/leads.csv")" "2770 660" "made 2770, files 0660"

done_testing
