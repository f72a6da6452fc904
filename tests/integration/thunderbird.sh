#!/bin/sh
# Issue 13 with a REAL Thunderbird (Debian's thunderbird 153, headless, NSS 3.125): the
# S/MIME case of NII's notice. A mail signed by a user certificate whose intermediate
# CA the reader lacks does not verify; `ffcert import INTERMEDIATE` (default trust,
# profile found by discovery) makes it verify. Every claim is checked from two ends:
# Thunderbird itself (the message window's S/MIME result, through Marionette in chrome
# context: tests/firefox/certdb.py) and `cmsutil -D` on Thunderbird's own NSS libraries
# against the profile, with certutil on both NSS versions reading the trust.
#
#  1. Thunderbird makes its profile under a fake HOME (`thunderbird -CreateProfile`, then
#     a first headless start): ffcert's discovery finds it (~/.thunderbird).
#  2. Thunderbird itself imports the S/MIME root with "identify email users" ticked
#     (Certificate Manager's code; stored in the PKCS#11 3.2 form only).
#  3. before: both test mails (opaque signed-data and multipart/signed, each holding the
#     signer's certificate only: tests/data/make-smime.sh) fail with VERIFY_UNTRUSTED in
#     Thunderbird; cmsutil says SEC_ERROR_UNKNOWN_ISSUER.
#  4. `ffcert import smime-inter.pem --home H`: exit 0, imported c,c, into that profile,
#     the legacy trust form only; both certutils agree; the root keeps its trust.
#  5. after: cmsutil verifies; Thunderbird shows both signatures as good (SUCCESS and the
#     signed-ok icon); `ffcert status` says present c,c,.
#  6. `ffcert remove`: cmsutil fails again (the intermediate was the difference).
#
# Network: as tests/integration/firefox.sh, a private network namespace with loopback
# only (`unshare -n`, or `unshare -rn` when not root); failing that, every connection
# but loopback goes to a closed port of 127.0.0.1 (tests/thunderbird/user.js too). No
# process is left: every Thunderbird runs in a process group of its own, stopped on every
# exit, and the last check proves none of this run is left. Logs are copied to
# build/test-logs/thunderbird/.

# FFCERT_THUNDERBIRD_NETNS=off runs in the host's network namespace.
if [ -z "${FFCERT_THUNDERBIRD_NETNS:-}" ] && command -v unshare >/dev/null 2>&1; then
    if unshare -n true 2>/dev/null; then
        FFCERT_THUNDERBIRD_NETNS=inside exec unshare -n sh "$0" "$@"
    elif unshare -rn true 2>/dev/null; then # not root: a user namespace too
        FFCERT_THUNDERBIRD_NETNS=inside exec unshare -rn sh "$0" "$@"
    fi
fi
export http_proxy=http://127.0.0.1:9 https_proxy=http://127.0.0.1:9
export HTTP_PROXY=http://127.0.0.1:9 HTTPS_PROXY=http://127.0.0.1:9
export all_proxy=http://127.0.0.1:9 ALL_PROXY=http://127.0.0.1:9
export no_proxy=127.0.0.1,localhost NO_PROXY=127.0.0.1,localhost

. "$(dirname "$0")/../lib.sh"

FX="$TOP/tests/firefox"
TBDIR="$TOP/tests/thunderbird"
SM="$CERTS/smime"
R=$(cd "$T" && pwd -P)
cd "$R" || exit 1
START=$(date +%s)

CHECKS="Thunderbird -CreateProfile makes profile smime in ~/.thunderbird
discovery: ffcert profiles --home finds exactly that Thunderbird profile, no database yet
Thunderbird's first start makes the profile's cert9.db and key4.db
Thunderbird imports the S/MIME root, identify email users: isCertTrusted says email yes
before: Thunderbird: the opaque signed mail fails to verify (VERIFY_UNTRUSTED)
before: Thunderbird: the multipart/signed mail fails to verify (VERIFY_UNTRUSTED)
before: cmsutil -D on Thunderbird's NSS: SEC_ERROR_UNKNOWN_ISSUER
root: certutil on Thunderbird's NSS 3.125 shows ',C,'
root: certutil (NSS 3.87) shows ',,'
discovery: ffcert profiles --home finds the profile Thunderbird 153 used, with its database
ffcert import --home: exit 0, one database: the Thunderbird profile
ffcert import --home: imported c,c, (legacy c,c,), the legacy form only
after import: certutil (NSS 3.87) shows 'c,c,'
after import: certutil on Thunderbird's NSS 3.125 shows 'c,c,'
after import: certutil on Thunderbird's NSS 3.125 still shows the root ',C,'
after: cmsutil -D on Thunderbird's NSS verifies the signed mail
after: Thunderbird holds the intermediate, no anchor: isCertTrusted says email no
after: Thunderbird: the opaque signed mail verifies (SUCCESS, signed-ok icon)
after: Thunderbird: the multipart/signed mail verifies (SUCCESS, signed-ok icon)
ffcert status --home: exit 0, present c,c,
ffcert remove --home: exit 0, removed
after remove: cmsutil -D on Thunderbird's NSS: SEC_ERROR_UNKNOWN_ISSUER again
no Thunderbird process of this run is left"

# skip_all WHY: every check skipped, loudly.
skip_all() {
    printf '\n!!!!! %s: the real-Thunderbird tests of issue 13 did NOT run !!!!!\n\n' "$1" >&2
    echo "# !!!!! $1: the real-Thunderbird tests of issue 13 did NOT run"
    while IFS= read -r d; do
        [ -n "$d" ] && skip "$d" "$1"
    done <<EOF
$CHECKS
EOF
    finish
    exit
}

# ---- without thunderbird: every check is skipped, loudly -------------------------------

# FFCERT_THUNDERBIRD names another binary (or a missing one, to see the skips).
TB=${FFCERT_THUNDERBIRD:-thunderbird}
command -v "$TB" >/dev/null 2>&1 || skip_all "$TB is not installed (apt-get install thunderbird)"
for f in smime-root.pem smime-inter.pem signed.p7m signed.eml signed-multipart.eml; do
    [ -s "$SM/$f" ] || skip_all "no $SM/$f (tests/data/make-smime.sh makes it)"
done

# Thunderbird's NSS: the libraries beside the real binary (Debian's
# /usr/bin/thunderbird is a wrapper script for /usr/lib/thunderbird/thunderbird).
TBLIB=${FFCERT_THUNDERBIRD_LIBS:-}
if [ -z "$TBLIB" ]; then
    TBLIB=$(dirname "$(readlink -f "$(command -v "$TB")")")
    [ -f "$TBLIB/libnss3.so" ] || TBLIB=/usr/lib/thunderbird
fi
# nss_from DIR: certutil on DIR's libraries really loads DIR's libnss3 and softokn.
nss_from() {
    new_db "$R/nss-probe" || return 1
    _l=$(LD_LIBRARY_PATH="$1" LD_DEBUG=libs certutil -L -d "sql:$R/nss-probe" 2>&1 >/dev/null)
    case "$_l" in *"calling init: $1/libnss3.so"*) ;; *) return 1 ;; esac
    case "$_l" in *"calling init: $1/libsoftokn3.so"*) ;; *) return 1 ;; esac
}
[ -f "$TBLIB/libnss3.so" ] && nss_from "$TBLIB" ||
    skip_all "no NSS libraries of $TB found in $TBLIB (FFCERT_THUNDERBIRD_LIBS=DIR)"
command -v cmsutil >/dev/null 2>&1 || skip_all "no cmsutil (apt-get install libnss3-tools)"
TBNSS=$(grep -ao 'Version: NSS [0-9.]*' "$TBLIB/libnss3.so" | head -1 | sed 's/^Version: NSS //')

# ---- processes: every Thunderbird is stopped on every exit --------------------------------

. "$TOP/tests/browser.sh"
browser_init FFCERT_THUNDERBIRD_RUN
browser_network "${FFCERT_THUNDERBIRD_NETNS:-}"
echo "# $("$TB" --version 2>/dev/null); its NSS: $TBNSS in $TBLIB; $(openssl version)"

mkdir -p "$R/logs"
KEEP=${FFCERT_THUNDERBIRD_KEEP:-$TOP/build/test-logs/thunderbird}
H="$R/home"
mkdir -p "$H"

# tb_start LOG ARGS...: Thunderbird (headless) with HOME=$H; TBPID. tb_stop PID
# SECONDS: browser_stop.
tb_start() {
    _home=$HOME _log=$1
    shift
    HOME=$H
    browser_start "$_log" "$TB" "$@"
    HOME=$_home
    TBPID=$BPID
}
tb_stop() { browser_stop "$@"; }

# tb NAME STEP...: Thunderbird on profile "smime" (by name, from profiles.ini, as a user
# starts it) with Marionette and system access runs tests/firefox/certdb.py STEP...;
# its output is $R/logs/certdb-NAME.txt; X_IMPORT, X_TRUST.
tb() {
    _tn=$1 _t0=$(ms)
    shift
    rm -f "$P/MarionetteActivePort"
    tb_start "$R/logs/thunderbird-$_tn.log" --marionette -remote-allow-system-access \
        --no-remote -P smime
    timeout 90 python3 "$FX/certdb.py" "$P" "$TBPID" "$@" \
        >"$R/logs/certdb-$_tn.txt" 2>"$R/logs/certdb-$_tn.err"
    tb_stop "$TBPID" 20 || echo "# thunderbird $_tn: did not quit by itself, killed"
    TB_OUT="$R/logs/certdb-$_tn.txt"
    X_IMPORT=$(sed -n 's/^import=//p' "$TB_OUT")
    X_TRUST=$(sed -n 's/^trust=//p' "$TB_OUT")
    echo "# thunderbird $_tn: $(($(ms) - _t0)) ms"
}

# says DESC KEY WANT: the line KEY=... of the last tb run is exactly WANT.
says() {
    _got=$(sed -n "s/^$2=//p" "$TB_OUT")
    if [ "$_got" = "$3" ]; then ok "$1"; else
        not_ok "$1: Thunderbird says '$_got', wanted '$3'"
        sed 's/^/# certdb: /' "${TB_OUT%.txt}.err"
    fi
}

# new_trust DIR NICKNAME: trust letters as certutil on Thunderbird's NSS prints them.
new_trust() {
    LD_LIBRARY_PATH="$TBLIB" certutil -L -d "sql:$1" 2>/dev/null |
        awk -v n="$2" 'NR > 4 { t = $NF; $NF = ""; sub(/ +$/, ""); if ($0 == n) print t }'
}

# cms NAME: cmsutil -D on Thunderbird's NSS against the profile, on signed.p7m (the
# same CMS as signed.eml's body): CMS_RC, CMS_OUT (the content), CMS_ERR.
cms() {
    LD_LIBRARY_PATH="$TBLIB" cmsutil -D -d "sql:$P" -i "$SM/signed.p7m" \
        >"$R/logs/cmsutil-$1.out" 2>"$R/logs/cmsutil-$1.err" </dev/null
    CMS_RC=$?
    CMS_OUT=$(cat "$R/logs/cmsutil-$1.out")
    CMS_ERR=$(cat "$R/logs/cmsutil-$1.err")
}

# cms_fails DESC: the last cms run failed for want of the issuer.
cms_fails() {
    case "$CMS_RC $CMS_ERR" in
    "1 "*SEC_ERROR_UNKNOWN_ISSUER*) ok "$1" ;;
    *) not_ok "$1: exit $CMS_RC"; printf '%s\n' "$CMS_ERR" | sed 's/^/# cmsutil: /' ;;
    esac
}

ROOT_NICK="ffcert S-MIME Test Root CA - ffcert S-MIME Test PKI"
INTER_NICK="ffcert S-MIME Test Intermediate CA - ffcert S-MIME Test PKI"
BAD="VERIFY_UNTRUSTED status=1029 icon=hidden signer=Alice Example"
GOOD="SUCCESS status=0 icon=message-signed-ok.svg signer=Alice Example"
ROW='d["databases"][0]'

# ---- 1. Thunderbird's own profile, found by discovery ---------------------------------------

tb_start "$R/logs/thunderbird-create.log" -CreateProfile smime
tb_stop "$TBPID" 30 || echo "# thunderbird -CreateProfile did not exit by itself: killed"
P=$(python3 - "$H/.thunderbird/profiles.ini" <<'PY'
import configparser, os, sys
c = configparser.RawConfigParser()
c.optionxform = str
c.read(sys.argv[1])
for s in c.sections():
    if s.startswith("Profile") and c.get(s, "Name", fallback="") == "smime":
        p = c.get(s, "Path")
        if c.get(s, "IsRelative", fallback="0") == "1":
            p = os.path.join(os.path.dirname(sys.argv[1]), p)
        print(os.path.realpath(p))
PY
)
if [ -n "$P" ] && [ -d "$P" ]; then
    ok "Thunderbird -CreateProfile makes profile smime in ~/.thunderbird ($(basename "$P"))"
else
    not_ok "Thunderbird -CreateProfile makes profile smime in ~/.thunderbird"
    sed 's/^/# thunderbird: /' "$R/logs/thunderbird-create.log"
    find "$H" -maxdepth 3 | sed 's/^/# /'
    P="$R/no-profile"
fi
cp "$TBDIR/user.js" "$P/user.js" 2>/dev/null

run profiles --home "$H" --json </dev/null
equals "discovery: ffcert profiles --home finds exactly that Thunderbird profile, no database yet" \
    "$(jget '" ".join("%s %s %s %s" % (x["path"], x["app"], x["profile"], x["format"]) for x in d["databases"])')" \
    "$P thunderbird smime none"

# ---- 2. Thunderbird trusts the root for email; 3. the mails fail -----------------------------

tb before import email "$SM/smime-root.pem" trust "$SM/smime-root.pem" \
    message "$SM/signed.eml" message "$SM/signed-multipart.eml"
if [ -s "$P/cert9.db" ] && [ -s "$P/key4.db" ]; then
    ok "Thunderbird's first start makes the profile's cert9.db and key4.db"
else
    not_ok "Thunderbird's first start makes the profile's cert9.db and key4.db"
    sed 's/^/# thunderbird: /' "$R/logs/thunderbird-before.log"
fi
equals "Thunderbird imports the S/MIME root, identify email users: isCertTrusted says email yes" \
    "$X_IMPORT | $X_TRUST" "ok ffcert S-MIME Test Root CA | present websites=no email=yes"
says "before: Thunderbird: the opaque signed mail fails to verify (VERIFY_UNTRUSTED)" \
    message.signed.eml "$BAD"
says "before: Thunderbird: the multipart/signed mail fails to verify (VERIFY_UNTRUSTED)" \
    message.signed-multipart.eml "$BAD"
cms before
cms_fails "before: cmsutil -D on Thunderbird's NSS: SEC_ERROR_UNKNOWN_ISSUER"
# Thunderbird 153 stores the root's trust in the PKCS#11 3.2 form, which NSS 3.87
# cannot read.
equals "root: certutil on Thunderbird's NSS 3.125 shows ',C,'" "$(new_trust "$P" "$ROOT_NICK")" ",C,"
equals "root: certutil (NSS 3.87) shows ',,'" "$(oracle_trust "$P" "$ROOT_NICK")" ",,"

# ---- 4. ffcert import, the profile found by discovery ----------------------------------------

run profiles --home "$H" --json </dev/null
equals "discovery: ffcert profiles --home finds the profile Thunderbird 153 used, with its database" \
    "$(jget '" ".join("%s %s %s %s %s" % (x["path"], x["app"], x["profile"], x["format"], x["app_version"]) for x in d["databases"])')" \
    "$P thunderbird smime sql $("$TB" --version 2>/dev/null | awk '{ sub(/esr$/, "", $NF); print $NF }')"

run import "$SM/smime-inter.pem" --home "$H" --json </dev/null
equals "ffcert import --home: exit 0, one database: the Thunderbird profile" \
    "$RC $(jget 'len(d["databases"])') $(jget "$ROW"'["path"]')" "0 1 $P"
equals "ffcert import --home: imported c,c, (legacy c,c,), the legacy form only" \
    "$(jget "$ROW"'["result"]') $(jget "$ROW"'["trust"]') $(jget "$ROW"'["trust_legacy"]') [$(jget '",".join('"$ROW"'["trust_forms"])')]" \
    "imported c,c, c,c, [legacy]"
equals "after import: certutil (NSS 3.87) shows 'c,c,'" "$(oracle_trust "$P" "$INTER_NICK")" "c,c,"
equals "after import: certutil on Thunderbird's NSS 3.125 shows 'c,c,'" \
    "$(new_trust "$P" "$INTER_NICK")" "c,c,"
equals "after import: certutil on Thunderbird's NSS 3.125 still shows the root ',C,'" \
    "$(new_trust "$P" "$ROOT_NICK")" ",C,"

# ---- 5. the mails verify ----------------------------------------------------------------------

cms after
if [ "$CMS_RC" -eq 0 ] && printf '%s' "$CMS_OUT" | grep -q 'signed by a certificate whose intermediate'
then
    ok "after: cmsutil -D on Thunderbird's NSS verifies the signed mail"
else
    not_ok "after: cmsutil -D on Thunderbird's NSS verifies the signed mail: exit $CMS_RC"
    printf '%s\n' "$CMS_ERR" | sed 's/^/# cmsutil: /'
fi

# (the mails first: the trust step makes a temporary copy of the intermediate in
# Thunderbird's memory, which the verification would then find)
tb after message "$SM/signed.eml" message "$SM/signed-multipart.eml" trust "$SM/smime-inter.pem"
equals "after: Thunderbird holds the intermediate, no anchor: isCertTrusted says email no" \
    "$X_TRUST" "present websites=no email=no"
says "after: Thunderbird: the opaque signed mail verifies (SUCCESS, signed-ok icon)" \
    message.signed.eml "$GOOD"
says "after: Thunderbird: the multipart/signed mail verifies (SUCCESS, signed-ok icon)" \
    message.signed-multipart.eml "$GOOD"

run status "$SM/smime-inter.pem" --home "$H" --json </dev/null
equals "ffcert status --home: exit 0, present c,c," \
    "$RC $(jget "$ROW"'["result"]') $(jget "$ROW"'["trust"]')" "0 present c,c,"

# ---- 6. without the intermediate again ------------------------------------------------------------

run remove "$SM/smime-inter.pem" --home "$H" --json </dev/null
equals "ffcert remove --home: exit 0, removed" "$RC $(jget "$ROW"'["result"]')" "0 removed"
cms removed
cms_fails "after remove: cmsutil -D on Thunderbird's NSS: SEC_ERROR_UNKNOWN_ISSUER again"

# ---- nothing left running ---------------------------------------------------------------------------

certutil -L -d "sql:$P" 2>&1 | grep -v -e '^$' -e 'Trust Attributes' -e 'SSL,S/MIME' |
    sed 's/^/# profile, NSS 3.87: /'
left=$(browser_marked)
if [ -z "$left" ]; then ok "no Thunderbird process of this run is left"; else
    not_ok "no Thunderbird process of this run is left: $(printf '%s ' $left)"
    for p in $left; do tr '\0' ' ' <"/proc/$p/cmdline" | cut -c1-150 | sed 's/^/# /'; echo; done
fi

if rm -rf "$KEEP" 2>/dev/null && mkdir -p "$KEEP" 2>/dev/null && cp -r "$R/logs" "$KEEP/" 2>/dev/null
then
    echo "# logs: $KEEP"
fi
echo "# took $(($(date +%s) - START)) s"
finish
