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

# The PKCS#11 3.2 trust records Firefox 153 writes: read (MACs checked through
# key4.db), replaced on import, deleted on remove, over several databases; one with a
# value changed behind NSS's back, one with a primary password.
if [ -n "$FIREFOX_NSS" ] && command -v sqlite3 >/dev/null 2>&1; then
    for i in 1 2 3 4; do
        d="$T/p11-$i"
        if [ $i = 4 ]; then
            mkdir -p "$d"; printf 'pw\n' >"$T/pw"
            certutil -N -d "sql:$d" -f "$T/pw" </dev/null >/dev/null
            certutil_ff -A -d "sql:$d" -n x -t "CT,C," -i "$CERTS/inter-ca.pem" -f "$T/pw"
        else
            new_db "$d"
            certutil_ff -A -d "sql:$d" -n x -t "CT,C," -i "$CERTS/inter-ca.pem"
        fi
    done
    sqlite3 "$T/p11-3/cert9.db" "UPDATE nssPublic SET a62f = x'00000003' WHERE a0 = x'0000000b'"
    set -- --profile "$T/p11-1" --profile "$T/p11-2" --profile "$T/p11-3" --profile "$T/p11-4"
    vg status-3.2 status "$CERTS/inter-ca.pem" "$@" --json
    vg import-3.2 import "$CERTS/inter-ca.pem" "$@" --password-file "$T/pw" -j 1
    contains "import over the 3.2 records" "$OUT" "4 databases: 4 updated."
    vg remove-3.2 remove "$CERTS/inter-ca.pem" "$@" --password-file "$T/pw" -j 1
    contains "remove over them" "$OUT" "4 databases: 4 removed."
else
    skip "valgrind over PKCS#11 3.2 trust records" "firefox-esr's NSS or sqlite3 is missing"
fi
vg profiles profiles --home "$TOP/test-profiles/broken" --json
vg show show "$CERTS/leaf-inter.p7b"

finish
