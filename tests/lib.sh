# Shared helpers for integration tests (POSIX sh). Each test script sources this,
# calls the check functions, and ends with `finish`. Output is TAP.
#
# Every test works in a fresh temporary folder ($T) holding fake homes; HOME itself
# is pointed there too, so nothing can touch the real home or real profiles.
set -u

TOP=$(cd "$(dirname "$0")/../.." && pwd)
FFCERT="${FFCERT:-$TOP/build/ffcert}"
CERTS="$TOP/tests/data"
T=$(mktemp -d "${TMPDIR:-/tmp}/ffcert-test.XXXXXX")
chmod 755 "$T"
export HOME="$T/home-of-the-test" XDG_CONFIG_HOME="" LC_ALL=C
unset XDG_CONFIG_HOME
mkdir -p "$HOME"
trap 'rm -rf "$T"' EXIT
_n=0 _failed=0

# The test PKI builder: pki_root, pki_issue, pki_p12 ... (tests/pki.sh).
. "$TOP/tests/pki.sh"

# ffcert_for_nobody: the path of a copy of ffcert, with its catalogue and messages,
# that uid 65534 can run wherever the clone lives (a 0700 home, /root): $T is 0755.
ffcert_for_nobody() {
    if [ ! -x "$T/for-nobody/build/ffcert" ]; then
        mkdir -p "$T/for-nobody/build" "$T/for-nobody/share"
        cp "$FFCERT" "$T/for-nobody/build/ffcert"
        cp -R "$TOP/share/ffcert" "$T/for-nobody/share/"
        [ -d "$TOP/build/locale" ] && cp -R "$TOP/build/locale" "$T/for-nobody/build/"
        chmod -R a+rX "$T/for-nobody"
    fi
    echo "$T/for-nobody/build/ffcert"
}

# bail_out MESSAGE [LOG]: the script cannot go on (TAP "Bail out!"), with LOG shown.
bail_out() {
    echo "Bail out! $1"
    [ -n "${2:-}" ] && [ -f "$2" ] && sed 's/^/# /' "$2"
    exit 1
}

ok() { _n=$((_n + 1)); echo "ok $_n - $1"; }
not_ok() { _n=$((_n + 1)); _failed=$((_failed + 1)); echo "not ok $_n - $1"; }
skip() { _n=$((_n + 1)); echo "ok $_n - $1 # SKIP $2"; }

# check DESCRIPTION COMMAND...: passes when the command succeeds.
check() {
    _d=$1; shift
    if "$@"; then ok "$_d"; else not_ok "$_d"; fi
}

# run ARGS...: runs ffcert, storing stdout in $OUT, stderr in $ERR, status in $RC.
run() { run_command "$FFCERT" "$@"; }

# run_fault FAULT ARGS...: as run, with build/tests/ffcert-faults (ffcert with its
# test-only fault hooks compiled in) and FFCERT_TEST_FAULT=FAULT for this run only.
run_fault() {
    _fault=$1; shift
    run_command env FFCERT_TEST_FAULT="$_fault" "$TOP/build/tests/ffcert-faults" "$@"
}

run_command() {
    "$@" >"$T/out" 2>"$T/err"
    RC=$?
    OUT=$(cat "$T/out")
    ERR=$(cat "$T/err")
}

# expect_rc DESC N: the last run exited with N (prints the output when not).
expect_rc() {
    if [ "$RC" -eq "$2" ]; then ok "$1 (exit $2)"; else
        not_ok "$1: exit $RC, wanted $2"
        printf '%s\n' "$OUT" | sed 's/^/# stdout: /'
        printf '%s\n' "$ERR" | sed 's/^/# stderr: /'
    fi
}

# contains DESC HAYSTACK NEEDLE
contains() {
    case "$2" in *"$3"*) ok "$1" ;; *)
        not_ok "$1: '$3' not found"; printf '%s\n' "$2" | sed 's/^/# /' ;;
    esac
}

# lacks DESC HAYSTACK NEEDLE
lacks() {
    case "$2" in *"$3"*) not_ok "$1: '$3' found"; printf '%s\n' "$2" | sed 's/^/# /' ;;
        *) ok "$1" ;; esac
}

# equals DESC GOT WANTED
equals() {
    if [ "$2" = "$3" ]; then ok "$1"; else not_ok "$1: got '$2', wanted '$3'"; fi
}

# new_db DIR: an empty NSS database made by certutil itself, as Firefox would have it.
# (certutil -N on an existing database prompts, and spins on a closed stdin: refuse.)
new_db() {
    mkdir -p "$1"
    if [ -e "$1/cert9.db" ]; then echo "new_db: $1 already has a database" >&2; return 1; fi
    certutil -N -d "sql:$1" --empty-password </dev/null >/dev/null
}

# oracle_trust DIR NICKNAME: trust letters as certutil -L prints them, "" if absent.
oracle_trust() {
    certutil -L -d "sql:$1" 2>/dev/null |
        awk -v n="$2" 'NR > 4 { t = $NF; $NF = ""; sub(/ +$/, ""); if ($0 == n) print t }'
}

# The second oracle: the same certutil on Firefox's own NSS (3.125 in firefox-esr 153),
# which reads the PKCS#11 3.2 trust records first. FIREFOX_NSS is empty when the
# installed Firefox has no NSS of its own as plain files (tests then skip, loudly).
FIREFOX_NSS=${FFCERT_FIREFOX_NSS:-/usr/lib/firefox-esr}
[ -e "$FIREFOX_NSS/libsoftokn3.so" ] && [ -e "$FIREFOX_NSS/libnss3.so" ] || FIREFOX_NSS=

# certutil_ff ARGS...: certutil on Firefox's NSS.
certutil_ff() { LD_LIBRARY_PATH="$FIREFOX_NSS" certutil "$@"; }

# oracle_trust_ff DIR NICKNAME: trust letters as Firefox's NSS reads them, "" if absent.
oracle_trust_ff() {
    certutil_ff -L -d "sql:$1" 2>/dev/null |
        awk -v n="$2" 'NR > 4 { t = $NF; $NF = ""; sub(/ +$/, ""); if ($0 == n) print t }'
}

# oracle_count DIR: number of certificates in the database.
oracle_count() {
    certutil -L -d "sql:$1" 2>/dev/null | awk 'NR > 4 && NF' | wc -l
}

# fingerprint of every file of a folder, to prove a database is byte-for-byte unchanged.
snapshot() { (cd "$1" && find . -type f -exec sha256sum {} + | sort); }

# fp FILE: SHA-256 fingerprint of a PEM certificate, as openssl prints it.
fp() { openssl x509 -in "$1" -noout -fingerprint -sha256 | sed 's/^[^=]*=//'; }

# jget EXPR: a value of the JSON in $OUT; d is the parsed document. None prints as
# "null", booleans as "true"/"false"; "!json" when $OUT is not JSON.
jget() {
    printf '%s' "$OUT" | python3 -c '
import json, sys
try:
    d = json.load(sys.stdin)
except ValueError:
    print("!json"); sys.exit(0)
try:
    v = eval(sys.argv[1])
except (LookupError, TypeError) as e:
    print("!missing " + repr(e)); sys.exit(0)
print("null" if v is None else str(v).lower() if isinstance(v, bool) else v)
' "$1"
}

# one_line DESC: stderr is exactly one non-empty line.
one_line() {
    if [ -n "$ERR" ] && [ "$(printf '%s\n' "$ERR" | wc -l)" -eq 1 ]; then ok "$1"; else
        not_ok "$1: stderr is not exactly one line"
        printf '%s\n' "$ERR" | sed 's/^/# stderr: /'
    fi
}

# The test intermediate CA and the nickname Firefox gives it.
INTER="$CERTS/inter-ca.pem"
NICK="ffcert Test Intermediate CA - G4 - ffcert Test PKI"

# row PATH FIELD: field 1 (result) / 2 (trust) of PATH's row in the text report.
row() { printf '%s\n' "$OUT" | awk -v p="$1" -v f="$2" '$3 == p { print $f; exit }'; }

# reason PATH: the last line under PATH's row (the reason, for a row that has one).
reason() {
    printf '%s\n' "$OUT" | awk -v p="$1" '
        found && /^                      / { sub(/^ +/, ""); last = $0; next }
        found { exit }
        $3 == p { found = 1 }
        END { print last }'
}

# guard_pair DIR: two databases every refusal must leave alone, $A (empty) and $B
# (holding the intermediate as CT,c,), made in DIR; `untouched DESC` checks them.
guard_pair() {
    A="$1/db-empty" B="$1/db-holding"
    new_db "$A"
    new_db "$B"
    certutil -A -d "sql:$B" -n "$NICK" -t "CT,c," -i "$INTER"
    SNAP_A=$(snapshot "$A") SNAP_B=$(snapshot "$B")
}

# untouched DESC: A and B are byte-for-byte what they were, and certutil agrees.
untouched() {
    if [ "$(snapshot "$A")" = "$SNAP_A" ] && [ "$(snapshot "$B")" = "$SNAP_B" ]; then
        ok "$1: databases unchanged"
    else
        not_ok "$1: a database changed"
    fi
    equals "$1: oracle unchanged" "$(oracle_count "$A") $(oracle_trust "$B" "$NICK")" "0 CT,c,"
}

finish() {
    echo "1..$_n"
    [ "$_failed" -eq 0 ]
}
