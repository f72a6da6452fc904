#!/bin/sh
# Issue 13: the two forms NSS stores trust in. Every state a database can be in is made
# by the two NSS versions themselves (certutil on Debian's NSS 3.87 writes the legacy
# form, the same certutil on Firefox's NSS 3.125 the PKCS#11 3.2 form), then every
# command runs against a fresh copy, and after each one ffcert's report, the 3.87
# oracle and the 3.125 oracle must agree:
#   JSON `trust`        == what certutil on Firefox's NSS prints (what Firefox 153 uses)
#   JSON `trust_legacy` == what the system certutil prints (ESR 140, Chromium)
# A second run must then be `unchanged` (import) and leave the files byte-identical.
. "$(dirname "$0")/../lib.sh"

R=$(cd "$T" && pwd -P)
P="$R/pki"
mkdir -p "$P"

# ---- without Firefox's NSS nothing here can be checked: skip loudly ---------------

if [ -z "$FIREFOX_NSS" ] || ! command -v sqlite3 >/dev/null 2>&1; then
    why="firefox-esr's own NSS (libsoftokn3.so in /usr/lib/firefox-esr) or sqlite3 is missing"
    printf '\n!!!!! %s: the trust-format tests of issue 13 did NOT run !!!!!\n\n' "$why" >&2
    echo "# !!!!! $why"
    skip "trust forms: both oracles on every state" "$why"
    finish
    exit $?
fi
check "the second oracle is NSS 3.125 or later (Firefox's)" \
    sh -c "LD_DEBUG=libs LD_LIBRARY_PATH='$FIREFOX_NSS' certutil -L -d sql:/nonexistent 2>&1 |
           grep -q 'calling init: $FIREFOX_NSS/libsoftokn3.so'"

# ---- a test PKI: root, the intermediate under test, a client certificate with key ----

pki_dir "$P"
pki_root root "/O=Forms Test/CN=Forms Root" &&
    pki_issue inter "/O=Forms Test/CN=Forms Intermediate CA" root ca &&
    pki_issue client "/O=Forms Test/CN=Forms Client" inter client &&
    pki_p12 client || bail_out "openssl could not make the test PKI" "$P/openssl.log"
CA="$P/inter.pem"
CA_NICK="Forms Intermediate CA - Forms Test"
ROOT_NICK="Forms Root"
printf 'sekret\n' >"$R/pw"

# ---- the starting states, each made once by the NSS that writes it ------------------

# base DIR [password]: the root trusted (legacy C,,) and the client certificate with
# its key, as a profile that needs the intermediate has them.
base() {
    mkdir -p "$1"
    if [ -n "${2:-}" ]; then
        certutil -N -d "sql:$1" -f "$R/pw" </dev/null >/dev/null
        certutil -A -d "sql:$1" -n "$ROOT_NICK" -t "C,," -i "$P/root.pem" -f "$R/pw"
        pk12util -i "$P/client.p12" -d "sql:$1" -W x -k "$R/pw" >/dev/null
    else
        certutil -N -d "sql:$1" --empty-password </dev/null >/dev/null
        certutil -A -d "sql:$1" -n "$ROOT_NICK" -t "C,," -i "$P/root.pem"
        pk12util -i "$P/client.p12" -d "sql:$1" -W x >/dev/null
    fi
}
old() { certutil "$@"; }     # NSS 3.87: legacy records
new() { certutil_ff "$@"; }  # NSS 3.125: PKCS#11 3.2 records

S="$R/states"
STATES="nothing legacy pkcs11 both-agree both-differ-3.2-distrusts both-differ-3.2-trusts
orphan tampered no-box password"
for st in $STATES; do
    d="$S/$st"
    case $st in
    password) base "$d" pw ;;
    *) base "$d" ;;
    esac
    case $st in
    legacy) old -A -d "sql:$d" -n "$CA_NICK" -t "CT,C," -i "$CA" ;;
    pkcs11) new -A -d "sql:$d" -n "$CA_NICK" -t "CT,C," -i "$CA" ;;
    both-agree)
        old -A -d "sql:$d" -n "$CA_NICK" -t "CT,C," -i "$CA"
        new -M -d "sql:$d" -n "$CA_NICK" -t "CT,C," ;;
    both-differ-3.2-distrusts)
        old -A -d "sql:$d" -n "$CA_NICK" -t "CT,C," -i "$CA"
        new -M -d "sql:$d" -n "$CA_NICK" -t "p,p,p" ;;
    both-differ-3.2-trusts) # what an older ffcert's "update" left behind
        new -A -d "sql:$d" -n "$CA_NICK" -t "CT,C," -i "$CA"
        old -M -d "sql:$d" -n "$CA_NICK" -t "c,c," ;;
    orphan) # certutil 3.87 -D deletes the certificate and the legacy record only
        new -A -d "sql:$d" -n "$CA_NICK" -t "CT,C," -i "$CA"
        old -D -d "sql:$d" -n "$CA_NICK" ;;
    tampered) # a 3.2 value changed behind NSS's back: its MAC no longer matches
        new -A -d "sql:$d" -n "$CA_NICK" -t "c,c," -i "$CA"
        sqlite3 "$d/cert9.db" "UPDATE nssPublic SET a62c = x'00000002' WHERE a0 = x'0000000b'" ;;
    no-box) # what Firefox's Certificate Manager stores with no box ticked: 4/4/4/4
        new -A -d "sql:$d" -n "$CA_NICK" -t "c,c," -i "$CA" ;;
    password) new -A -d "sql:$d" -n "$CA_NICK" -t "CT,C," -i "$CA" -f "$R/pw" ;;
    esac
done

# The states are what the issue describes, by the oracles themselves.
views() { echo "$(oracle_trust_ff "$1" "$CA_NICK")|$(oracle_trust "$1" "$CA_NICK")"; }
p11_records() { sqlite3 "$1/cert9.db" "SELECT count(*) FROM nssPublic WHERE a0 = x'0000000b'"; }
equals "state nothing: absent for both" "$(views "$S/nothing")" "|"
equals "state legacy: both read CT,C," "$(views "$S/legacy")" "CT,C,|CT,C,"
equals "state pkcs11: only 3.125 reads CT,C," "$(views "$S/pkcs11")" "CT,C,|,,"
equals "state both-agree" "$(views "$S/both-agree")" "CT,C,|CT,C,"
equals "state both-differ-3.2-distrusts" "$(views "$S/both-differ-3.2-distrusts")" "p,p,p|CT,C,"
equals "state both-differ-3.2-trusts" "$(views "$S/both-differ-3.2-trusts")" "CT,C,|c,c,"
equals "state orphan: absent" "$(views "$S/orphan")" "|"
equals "state orphan: a 3.2 record is left" "$(p11_records "$S/orphan")" 1
equals "state tampered: 3.125 gives no trust" "$(views "$S/tampered")" ",,|,,"
equals "state no-box: ,, for both" "$(views "$S/no-box")" ",,|,,"
equals "state password: 3.125 reads CT,C, before login" "$(views "$S/password")" "CT,C,|,,"

# ---- the checks after every command -------------------------------------------------

# fresh STATE: a copy of the state's database, in $db.
n=0
fresh() { n=$((n + 1)); db="$R/case-$n-$1"; cp -a "$S/$1" "$db"; }

# agree DESC: the last JSON report's row says what both oracles read now.
agree() {
    ff=$(oracle_trust_ff "$db" "$CA_NICK") legacy=$(oracle_trust "$db" "$CA_NICK")
    t=$(jget 'd["databases"][0]["trust"]') tl=$(jget 'd["databases"][0]["trust_legacy"]')
    [ "$t" = null ] && t=
    [ "$tl" = null ] && tl=
    equals "$1: report and oracles agree (3.125|3.87)" "$t|$tl" "$ff|$legacy"
}

opts_for() { # a trust choice -> ffcert options and the letters it means
    case $1 in
    none) OPTS="" WANT="c,c," ;;
    websites) OPTS="--trust-websites" WANT="CT,c," ;;
    email) OPTS="--trust-email" WANT="c,C," ;;
    both) OPTS="--trust-websites --trust-email" WANT="CT,C," ;;
    expert) OPTS="--trust C,C,c" WANT="C,C,c" ;;
    esac
}

pwopt() { [ "$1" = password ] && echo "--password-file $R/pw"; }

for st in $STATES; do
    # status, plain: present or absent, by what Firefox 153 uses
    fresh "$st"
    snap=$(snapshot "$db")
    run status "$CA" --profile "$db" --json
    ff=$(oracle_trust_ff "$db" "$CA_NICK")
    if [ -n "$ff" ]; then want=present rc=0; else want=absent rc=1; fi
    expect_rc "$st: status" $rc
    equals "$st: status result" "$(jget 'd["databases"][0]["result"]')" $want
    agree "$st: status"
    equals "$st: status writes nothing" "$(snapshot "$db")" "$snap"

    # status with each trust option: what Firefox 153 uses decides; Firefox's own
    # no-box import counts as c,c,
    for choice in none websites email both expert; do
        opts_for $choice
        fresh "$st"
        # shellcheck disable=SC2086
        run status "$CA" --profile "$db" --trust "$WANT" --json
        ff=$(oracle_trust_ff "$db" "$CA_NICK")
        if [ -z "$ff" ]; then want=absent
        elif [ "$ff" = "$WANT" ]; then want=present
        elif [ "$st" = no-box ] && [ "$WANT" = "c,c," ]; then want=present
        else want=mismatch; fi
        equals "$st: status --trust $WANT" "$(jget 'd["databases"][0]["result"]')" $want
        agree "$st: status --trust $WANT"
    done

    # import with the four dialog choices and an expert string
    for choice in none websites email both expert; do
        opts_for $choice
        fresh "$st"
        # shellcheck disable=SC2086
        run import "$CA" --profile "$db" $OPTS $(pwopt "$st") --json
        expect_rc "$st: import $WANT" 0
        agree "$st: import $WANT"
        equals "$st: import $WANT: both oracles read it" "$(views "$db")" "$WANT|$WANT"
        # a database both readings already agree on is left as it is; any write
        # leaves the legacy form alone
        if [ "$(jget 'd["databases"][0]["result"]')" != unchanged ]; then
            equals "$st: import $WANT: only the legacy form is left" \
                "$(jget 'd["databases"][0]["trust_forms"]')" "['legacy']"
        else
            equals "$st: import $WANT: unchanged only where both read it already" \
                "$(views "$S/$st")" "$WANT|$WANT"
        fi
        snap=$(snapshot "$db")
        # shellcheck disable=SC2086
        run import "$CA" --profile "$db" $OPTS $(pwopt "$st") --json
        equals "$st: import $WANT again: unchanged" "$(jget 'd["databases"][0]["result"]')" unchanged
        equals "$st: import $WANT again: files byte-identical" "$(snapshot "$db")" "$snap"
    done

    # remove: both forms go, orphans too; no old trust comes back with a later import
    fresh "$st"
    run remove "$CA" --profile "$db" $(pwopt "$st") --json
    expect_rc "$st: remove" 0
    case $st in
    nothing) want=absent ;;
    *) want=removed ;;
    esac
    equals "$st: remove result" "$(jget 'd["databases"][0]["result"]')" $want
    agree "$st: remove"
    equals "$st: remove: no 3.2 record left" "$(p11_records "$db")" 0
    old -A -d "sql:$db" -n "$CA_NICK" -t "c,c," -i "$CA" $(pwopt "$st" | sed 's/--password-file/-f/')
    equals "$st: remove, then certutil 3.87 -A c,c,: both read c,c," "$(views "$db")" "c,c,|c,c,"

    # doctor: the intermediate's link carries the trust Firefox 153 uses
    fresh "$st"
    run doctor --profile "$db" --json
    ff=$(oracle_trust_ff "$db" "$CA_NICK")
    if [ -n "$ff" ]; then
        equals "$st: doctor: the intermediate is stored" \
            "$(jget 'd["databases"][0]["user_certificates"][0]["chain"][0]["place"]')" stored
        equals "$st: doctor: with the trust Firefox 153 uses" \
            "$(jget 'd["databases"][0]["user_certificates"][0]["chain"][0]["trust"]')" "$ff"
    else
        equals "$st: doctor: the intermediate is missing" \
            "$(jget 'd["databases"][0]["user_certificates"][0]["chain"][0]["place"]')" missing
    fi
done

# ---- what the rows say in words -------------------------------------------------------

fresh both-differ-3.2-trusts
run status "$CA" --profile "$db"
contains "two readings: the row names who sees what" "$OUT" \
    "NSS 3.114 and later (Firefox and Thunderbird 153) use CT,C,; older NSS (Firefox ESR 140, Chromium, certutil on Debian 12) uses c,c,"
fresh no-box
run status "$CA" --profile "$db" --trust c,c,
expect_rc "no-box: status --trust c,c," 0
contains "no-box: says it is Firefox's own no-box import" "$OUT" "no box ticked"
fresh no-box
run import "$CA" --profile "$db" --json
equals "no-box: import with default trust normalises it" \
    "$(jget 'd["databases"][0]["result"]')" updated
contains "no-box: ... and says why" "$(jget 'd["databases"][0]["reason"]')" "normalised"
fresh tampered
run status "$CA" --profile "$db"
contains "tampered: the row says Firefox gives it no trust" "$OUT" "fails its integrity check"
fresh orphan
run status "$CA" --profile "$db"
contains "orphan: status names the left-over records" "$OUT" "left without it (CT,C,"
fresh orphan
run import "$CA" --profile "$db" --json
equals "orphan: a fresh import is a plain c,c, (the old CT,C, does not come back)" \
    "$(views "$db")" "c,c,|c,c,"
fresh pkcs11
run import "$CA" --profile "$db" --dry-run --json
equals "dry run: would-update" "$(jget 'd["databases"][0]["result"]')" would-update
equals "dry run: the 3.2 record is still there" "$(p11_records "$db")" 1

# ---- a kill between the legacy write and the purge is completed by the next run ----

fresh pkcs11
run_fault kill-before-purge import "$CA" --profile "$db" --trust-email
equals "killed before the purge: Firefox 153 still reads its old trust" "$(views "$db")" "CT,C,|c,C,"
run import "$CA" --profile "$db" --trust-email --json
expect_rc "the next run completes it" 0
equals "the next run: updated" "$(jget 'd["databases"][0]["result"]')" updated
equals "the next run: both read c,C," "$(views "$db")" "c,C,|c,C,"

# ---- the purge fails after the legacy write: the legacy record is put back ----------

fresh pkcs11
was=$(views "$db")
run_fault purge-fails import "$CA" --profile "$db" --trust-email --json
expect_rc "purge fails: the import fails" 1
contains "... the row says why and that the previous state is back" \
    "$(jget 'd["databases"][0]["reason"]')" "cannot delete a trust record: the test build's fault; the previous state was restored"
equals "... both oracles read what they read before ($was)" "$(views "$db")" "$was"

# ---- doctor follows the trust Firefox 153 uses for the root ------------------------

# the root trusted only in the 3.2 form (as Firefox's policy or dialog leaves it), the
# intermediate present: the chain reaches a trusted root.
d="$R/doctor-root-3.2"
mkdir -p "$d"
certutil -N -d "sql:$d" --empty-password </dev/null >/dev/null
new -A -d "sql:$d" -n "$ROOT_NICK" -t "C,," -i "$P/root.pem"
old -A -d "sql:$d" -n "$CA_NICK" -t "c,c," -i "$CA"
pk12util -i "$P/client.p12" -d "sql:$d" -W x >/dev/null
run doctor --profile "$d" --json
equals "doctor: a root trusted in the 3.2 form only is trusted" \
    "$(jget 'd["databases"][0]["user_certificates"][0]["reaches_trusted_root"]')" true
lacks "doctor: no untrusted-root finding" "$OUT" untrusted-root
# and the reverse: legacy trusts the root, the 3.2 record distrusts it
new -M -d "sql:$d" -n "$ROOT_NICK" -t "p,p,p"
run doctor --profile "$d" --json
equals "doctor: a root the 3.2 record distrusts is not trusted" \
    "$(jget 'd["databases"][0]["user_certificates"][0]["reaches_trusted_root"]')" false

finish
