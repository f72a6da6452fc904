#!/bin/sh
# valgrind on multi-profile runs: no leak, no invalid access, and NSS shut down
# cleanly after every database (a failed NSS_Shutdown would mark the rest failed).
. "$(dirname "$0")/../lib.sh"

if ! command -v valgrind >/dev/null 2>&1; then
    skip "valgrind runs" "valgrind is not installed"
    finish; exit
fi

h="$T/home"
cp -a "$TOP/test-profiles/everything/." "$h/"
find "$h" -name .keep | while read -r k; do new_db "$(dirname "$k")"; done
mkdir -p "$h/.mozilla/firefox/nodb.default"   # not in profiles.ini: ignored
printf 'junk' >"$T/notadb"

vg() { # vg NAME ARGS...: runs ffcert under valgrind; passes if valgrind found nothing
    _name=$1; shift
    valgrind -q --leak-check=full --errors-for-leak-kinds=definite,indirect \
        --show-leak-kinds=definite,indirect --error-exitcode=99 --log-file="$T/vg.$_name" \
        "$FFCERT" "$@" >"$T/out" 2>"$T/err"
    RC=$?
    OUT=$(cat "$T/out")
    if [ $RC -ne 99 ] && [ ! -s "$T/vg.$_name" ]; then ok "valgrind clean: $_name"; else
        not_ok "valgrind: $_name (exit $RC)"; sed 's/^/# /' "$T/vg.$_name" | head -40
    fi
}

vg import-bundle import "$CERTS/leaf-then-inter.pem" --home "$h" --trust-websites
contains "import over 9 databases" "$OUT" "9 databases: 9 imported."
vg update import "$CERTS/leaf-then-inter.pem" --home "$h" --json
contains "update over 9 databases" "$OUT" '"updated": 9'
vg status status "$CERTS/inter-ca.der" --home "$h" --trust c,c,
vg failing-targets import "$CERTS/inter-ca.pem" --profile "$T/notadb" --profile "$T/none" \
    --profile "$h/.pki/nssdb"
vg remove remove "$CERTS/inter-ca.pem" --home "$h"
contains "remove over 9 databases" "$OUT" "9 databases: 9 removed."
vg bad-source import "$CERTS/truncated.pem" --home "$h"
vg profiles profiles --home "$TOP/test-profiles/broken" --json
vg show show "$CERTS/leaf-inter.p7b"

finish
