#!/bin/sh
# Issue 5 with a REAL Firefox (firefox-esr, headless): ffcert fixes the NII
# client-certificate error. Every claim is checked from both ends: the TLS server's log
# (openssl s_server) and what Firefox shows (a screenshot whose middle pixel is the
# test page's green, or Firefox's error page with its error code).
#
#  1. client certificate: a Firefox-made profile trusts the root (as Firefox trusts
#     SECOM's) and holds a client certificate issued by an intermediate it lacks:
#     SSL_ERROR_RX_CERTIFICATE_REQUIRED_ALERT; after `ffcert import intermediate.pem`
#     the server verifies the client's chain and Firefox shows the page.
#  1b. the same, fixed by `ffcert doctor --fix` alone with a catalogue that knows the
#     intermediate.
#  2. server certificate: a server that sends its leaf alone: SEC_ERROR_UNKNOWN_ISSUER,
#     then the page after the import.
#  3. trust means what the report says: without the root, c,c, is refused, CT,c,
#     (--trust-websites) is accepted, c,c, again is refused again.
#  4. discovery of a profile Firefox made under a new HOME while Firefox runs: in_use,
#     an import into it, in_use false once Firefox has exited, the import kept.
#  5. issue 13, the trust Firefox 153 really uses (the PKCS#11 3.2 form of NSS 3.125):
#     Firefox itself imports the intermediate through Certificate Manager's code
#     (chrome context over Marionette, tests/firefox/certdb.py), once with no box
#     ticked and once with "identify websites"; `ffcert status` reports what Firefox's
#     isCertTrusted says; with no root, `ffcert import --trust c,c,` turns the site that
#     loaded through it into a refused one and `--trust-websites` back; `ffcert remove`
#     leaves Firefox no certificate and no trust record (a site sending the
#     intermediate itself is refused; a later `certutil -A c,c,` gets no old trust).
#     Every state is read by both certutils: the system's (NSS 3.87) and the same
#     binary on Firefox's own libraries (NSS 3.125).
#
# Firefox views go through Marionette (tests/firefox/look.py): `firefox --screenshot`
# never returns on an error page. Pages that load are also checked with a plain
# `firefox-esr --headless --screenshot`. Screenshots and logs are copied to
# build/test-logs/firefox/ for a look afterwards.
#
# Network: the script re-runs itself in a private network namespace (`unshare -n` as
# root, `unshare -rn` otherwise) where only loopback exists. Failing that, every
# connection but loopback goes to a proxy on a closed port of 127.0.0.1, and the
# profiles' user.js (tests/firefox/user.js) turns Firefox's own lookups off; only the
# discovery Firefox, which has no user.js, may then still ask the resolver for names.
# Only 127.0.0.1 is ever contacted. Nothing is left running: every browser and server is
# stopped on every exit, and the last check proves no Firefox process of this run is left.

# FFCERT_FIREFOX_NETNS=off runs in the host's network namespace (to test the fallback).
if [ -z "${FFCERT_FIREFOX_NETNS:-}" ] && command -v unshare >/dev/null 2>&1; then
    if unshare -n true 2>/dev/null; then
        FFCERT_FIREFOX_NETNS=inside exec unshare -n sh "$0" "$@"
    elif unshare -rn true 2>/dev/null; then # not root: a user namespace too
        FFCERT_FIREFOX_NETNS=inside exec unshare -rn sh "$0" "$@"
    fi
fi
export http_proxy=http://127.0.0.1:9 https_proxy=http://127.0.0.1:9
export HTTP_PROXY=http://127.0.0.1:9 HTTPS_PROXY=http://127.0.0.1:9
export all_proxy=http://127.0.0.1:9 ALL_PROXY=http://127.0.0.1:9
export no_proxy=127.0.0.1,localhost NO_PROXY=127.0.0.1,localhost

. "$(dirname "$0")/../lib.sh"

FX="$TOP/tests/firefox"
# ffcert reports folders by their real path.
R=$(cd "$T" && pwd -P)
cd "$R" || exit 1
START=$(date +%s)

# ---- without firefox-esr: every check is skipped, loudly ----------------------------

# The checks of section 5 (they are skipped on their own where Firefox's NSS is older
# than 3.114 or not found).
OWN_IMPORT_CHECKS="Firefox imports, no box ticked: isCertTrusted says websites no, email no
Firefox's no-box import: certutil (NSS 3.87) shows ',,'
Firefox's no-box import: certutil on Firefox's NSS 3.125 shows ',,'
Firefox's no-box import: ffcert status: present ,, (legacy ,,), only the 3.2 form
Firefox's no-box import: ffcert status reports what Firefox reports
Firefox's no-box import: ffcert status --trust c,c, accepts it (exit 0, present)
Firefox's no-box import: the reason names Firefox's dialog
Firefox's no-box import, then ffcert import: exit 0, c,c,, the legacy form only
Firefox's no-box import, then ffcert import: certutil (NSS 3.87) shows 'c,c,'
Firefox's no-box import, then ffcert import: certutil on Firefox's NSS 3.125 shows 'c,c,'
Firefox imports, identify websites: isCertTrusted says websites yes, email no
Firefox's identify-websites import, no root: Firefox shows the page (green)
Firefox's identify-websites import: the server served the page
Firefox's identify-websites import: certutil (NSS 3.87) shows ',,'
Firefox's identify-websites import: certutil on Firefox's NSS 3.125 shows 'CT,,'
Firefox's identify-websites import: ffcert status: present CT,, (legacy ,,), only the 3.2 form
Firefox's identify-websites import: ffcert status reports what Firefox reports
over Firefox's CT,,: ffcert import --trust c,c,: exit 0, c,c, (legacy c,c,), the legacy form only
over Firefox's CT,,, ffcert --trust c,c,: certutil (NSS 3.87) shows 'c,c,'
over Firefox's CT,,, ffcert --trust c,c,: certutil on Firefox's NSS 3.125 shows 'c,c,'
ffcert --trust c,c, over Firefox's CT,,: Firefox refuses the site (SEC_ERROR_UNKNOWN_ISSUER)
ffcert --trust c,c, over Firefox's CT,,: the server saw its certificate refused
ffcert --trust c,c, over Firefox's CT,,: isCertTrusted says websites no
then ffcert import --trust-websites: exit 0, CT,c, (legacy CT,c,), the legacy form only
then ffcert --trust-websites: certutil (NSS 3.87) shows 'CT,c,'
then ffcert --trust-websites: certutil on Firefox's NSS 3.125 shows 'CT,c,'
ffcert --trust-websites: Firefox shows the page again (green)
ffcert --trust-websites: the server served the page
ffcert --trust-websites: isCertTrusted says websites yes
ffcert --trust-websites: ffcert status reports what Firefox reports
ffcert remove: exit 0, removed
after ffcert remove: certutil (NSS 3.87) shows ''
after ffcert remove: certutil on Firefox's NSS 3.125 shows no certificate
after ffcert remove: Firefox finds no such certificate
after ffcert remove: Firefox refuses the site (SEC_ERROR_UNKNOWN_ISSUER)
after ffcert remove: the server saw its certificate refused
after ffcert remove: a site sending the intermediate itself is refused (SEC_ERROR_UNKNOWN_ISSUER)
after ffcert remove: the server sending the intermediate saw its certificate refused
after ffcert remove, certutil 3.87 -A c,c,: certutil (NSS 3.87) shows 'c,c,'
after ffcert remove, certutil 3.87 -A c,c,: certutil on Firefox's NSS 3.125 shows 'c,c,'
after ffcert remove and certutil -A c,c,: isCertTrusted says websites no (no old trust)
after ffcert remove and certutil -A c,c,: Firefox refuses the site (SEC_ERROR_UNKNOWN_ISSUER)
after ffcert remove and certutil -A c,c,: the server saw its certificate refused"

# FFCERT_FIREFOX names another binary (a plain `firefox`, or a missing one to see the
# skips).
FIREFOX=${FFCERT_FIREFOX:-firefox-esr}
if ! command -v "$FIREFOX" >/dev/null 2>&1; then
    msg="$FIREFOX is not installed: the real-Firefox tests of issue 5 did NOT run"
    printf '\n!!!!! %s (apt-get install firefox-esr) !!!!!\n\n' "$msg" >&2
    echo "# !!!!! $msg"
    while IFS= read -r d; do
        [ -n "$d" ] && skip "$d" "$FIREFOX not installed"
    done <<EOF
Firefox makes profile P1 (cert9.db, key4.db)
Firefox makes profile P2 (cert9.db, key4.db)
Firefox makes profile P3 (cert9.db, key4.db)
Firefox makes profile P4 (cert9.db, key4.db)
client certificate, before: Firefox shows SSL_ERROR_RX_CERTIFICATE_REQUIRED_ALERT
client certificate, before: the server got no client certificate
client certificate: ffcert import exits 0, certutil shows c,c,
client certificate, after: Firefox shows the page (green)
client certificate, after: the server verified the client's chain
client certificate, after: firefox-esr --screenshot shows the page (green)
client certificate, after --screenshot: the server verified the chain
doctor, before: Firefox shows SSL_ERROR_RX_CERTIFICATE_REQUIRED_ALERT
doctor: names the missing intermediate, fixable from the catalogue
doctor --fix: exit 0, certutil shows the intermediate c,c,
doctor --fix, after: Firefox shows the page (green)
doctor --fix, after: the server verified the client's chain
client certificate: after Firefox ran, certutil still shows c,c,
server certificate, before: Firefox shows SEC_ERROR_UNKNOWN_ISSUER
server certificate, before: the server saw its certificate refused
server certificate: ffcert import exits 0, certutil shows c,c,
server certificate, after: Firefox shows the page (green)
server certificate, after: the server served the page
server certificate, after: firefox-esr --screenshot shows the page (green)
no root: plain import: imported c,c,
no root, c,c,: Firefox refuses the site (SEC_ERROR_UNKNOWN_ISSUER)
no root, c,c,: the server saw its certificate refused
no root, --trust-websites: ffcert reports updated c,c, -> CT,c,
no root, --trust-websites: certutil shows CT,c,
no root, CT,c,: Firefox shows the page (green)
no root, CT,c,: the server served the page
no root, CT,c,: firefox-esr --screenshot shows the page (green)
no root, --trust c,c,: ffcert reports updated CT,c, -> c,c,
no root, --trust c,c,: certutil shows c,c,
no root, c,c, again: Firefox refuses the site again (SEC_ERROR_UNKNOWN_ISSUER)
no root, c,c, again: the server saw its certificate refused
discovery: Firefox running, its profile is locked and has its cert9.db
discovery: ffcert profiles finds exactly the profiles in profiles.ini
discovery: the profile Firefox uses is in_use, the others are not
discovery: import while Firefox runs: the running profile imported c,c,, in use
discovery: import while Firefox runs: the row says to restart Firefox
discovery: import while Firefox runs exits 0
discovery: Firefox stopped, nothing in use
discovery: after Firefox exited, certutil shows the import with the reported trust
$OWN_IMPORT_CHECKS
no Firefox process of this run is left
EOF
    finish
    exit
fi

# ---- processes: every browser and server is stopped on every exit ---------------------

. "$TOP/tests/browser.sh"
browser_init FFCERT_FIREFOX_RUN
browser_network "${FFCERT_FIREFOX_NETNS:-}"

echo "# $("$FIREFOX" --version 2>/dev/null), $(openssl version)"

mkdir -p "$R/shots" "$R/logs" "$R/www"
cp "$FX/page.html" "$R/www/page.html"
TITLE="ffcert firefox test page"
KEEP=${FFCERT_FIREFOX_KEEP:-$TOP/build/test-logs/firefox}

# ff_start LOG ARGS...: Firefox (headless) with the caller's HOME (each profile's
# Firefox runs with a home under $R); FFPID. ff_stop PID SECONDS: browser_stop.
ff_start() {
    _log=$1
    shift
    browser_start "$_log" "$FIREFOX" "$@"
    FFPID=$BPID
}
ff_stop() { browser_stop "$@"; }

# ---- the test PKI --------------------------------------------------------------------

PKI="$R/pki"
pki_dir "$PKI"
{
    pki_root root "/O=ffcert Firefox Test/CN=Test Root" 2 &&
        pki_issue intermediate "/O=ffcert Firefox Test/CN=Test Open Domain CA - G4" root ca 2 &&
        pki_issue client "/O=ffcert Firefox Test/CN=Test Client User" intermediate client 2 &&
        pki_issue server "/CN=127.0.0.1" root server 2 &&
        pki_issue server2 "/CN=127.0.0.1" intermediate server 2 &&
        pki_p12 client ffcert-p12 "Test Client User" &&
        openssl verify -CAfile "$PKI/root.pem" -untrusted "$PKI/intermediate.pem" \
            "$PKI/client.pem" "$PKI/server2.pem" >>"$PKI/openssl.log" 2>&1
} || bail_out "openssl could not make the test PKI" "$PKI/openssl.log"
INTER="$PKI/intermediate.pem"
NICK="Test Open Domain CA - G4 - ffcert Firefox Test"

# ---- the servers -----------------------------------------------------------------------

# srv_start LOG ARGS...: openssl s_server ARGS -WWW on a free port of 127.0.0.1, serving
# $R/www, with its output in LOG; sets SRV_PORT (and adds it to SERVERS). A few tries, in case the
# port was taken between the probe and the bind.
srv_start() {
    _log=$1
    shift
    for _try in 1 2 3 4 5; do
        _port=$(python3 "$FX/net.py" free-port) || return 1
        : >"$_log"
        (cd "$R/www" && exec openssl s_server -accept "127.0.0.1:$_port" -WWW "$@") \
            >"$_log" 2>&1 </dev/null &
        _pid=$!
        _i=0
        while [ $_i -lt 100 ] && running $_pid; do
            if grep -q '^ACCEPT' "$_log"; then
                SRV_PORT=$_port SERVERS="$SERVERS $_pid"
                return 0
            fi
            sleep 0.1
            _i=$((_i + 1))
        done
        kill $_pid 2>/dev/null
        wait $_pid 2>/dev/null
    done
    return 1
}

# The client-certificate server: asks for a client certificate (-Verify: required),
# names only the root as acceptable CA and verifies the chain the client sends.
CLOG="$R/logs/server-client-auth.log"
if ! srv_start "$CLOG" -cert "$PKI/server.pem" -key "$PKI/server.key" -Verify 2 \
    -CAfile "$PKI/root.pem"; then
    echo "Bail out! openssl s_server (client auth) did not start"
    sed 's/^/# /' "$CLOG"
    exit 1
fi
CURL="https://127.0.0.1:$SRV_PORT/page.html"
# The server-authentication twin: no client certificate, a leaf from the intermediate
# sent alone (no -cert_chain).
SLOG="$R/logs/server-leaf-only.log"
if ! srv_start "$SLOG" -cert "$PKI/server2.pem" -key "$PKI/server2.key"; then
    echo "Bail out! openssl s_server (leaf only) did not start"
    sed 's/^/# /' "$SLOG"
    exit 1
fi
SURL="https://127.0.0.1:$SRV_PORT/page.html"

# mark LOG: lines in LOG so far; since LOG MARK: the lines written after that mark.
mark() { wc -l <"$1"; }
since() { tail -n +"$(($2 + 1))" "$1"; }

# server_log DESC LOG MARK WANT...: each WANT is "+TEXT" (a line after MARK contains
# TEXT) or "-TEXT" (none does). Prints those lines when one fails.
server_log() {
    _d=$1 _log=$2 _m=$3 _bad=""
    shift 3
    since "$_log" "$_m" >"$R/logs/slice"
    for w in "$@"; do
        case "$w" in
        +*) grep -qF -- "${w#+}" "$R/logs/slice" || _bad="$_bad; no '${w#+}'" ;;
        -*) grep -qF -- "${w#-}" "$R/logs/slice" && _bad="$_bad; has '${w#-}'" ;;
        esac
    done
    if [ -z "$_bad" ]; then ok "$_d"; else
        not_ok "$_d:${_bad#;}"
        sed 's/^/# server: /' "$R/logs/slice"
    fi
}

# verified_chain DESC MARK: after MARK, the client-auth server verified a client chain
# whose depth 0 is the client certificate and depth 1 the intermediate (which only the
# client can have sent: the server knows the root alone), and served the page.
verified_chain() {
    since "$CLOG" "$2" >"$R/logs/slice"
    if awk '
        prev ~ /^depth=0 .*CN = Test Client User$/ && $0 == "verify return:1" { leaf = 1 }
        prev ~ /^depth=1 .*CN = Test Open Domain CA - G4$/ && $0 == "verify return:1" { inter = 1 }
        $0 == "FILE:page.html" { page = 1 }
        { prev = $0 }
        END { exit !(leaf && inter && page) }' "$R/logs/slice"; then
        ok "$1"
    else
        not_ok "$1: no verified client chain and page in the server's log"
        sed 's/^/# server: /' "$R/logs/slice"
    fi
}

# ---- profiles made by Firefox ------------------------------------------------------------

# ff_profile NAME: $R/NAME made by Firefox itself (a first headless run on about:blank),
# with tests/firefox/user.js in place first so that even that run stays offline.
ff_profile() {
    _p="$R/$1"
    mkdir -p "$_p" "$R/home-$1"
    cp "$FX/user.js" "$_p/user.js"
    HOME="$R/home-$1" ff_start "$R/logs/firefox-$1-first-run.log" --no-remote \
        --profile "$_p" --screenshot "$R/shots/$1-first-run.png" about:blank
    ff_stop "$FFPID" 60
    if [ -s "$_p/cert9.db" ] && [ -s "$_p/key4.db" ] && [ "$(oracle_count "$_p")" -eq 0 ]
    then
        ok "Firefox makes profile $1 (cert9.db, key4.db)"
    else
        not_ok "Firefox makes profile $1 (cert9.db, key4.db): no database, or not empty"
        find "$_p" -maxdepth 1 | sed 's/^/# /'
        sed 's/^/# firefox: /' "$R/logs/firefox-$1-first-run.log"
    fi
}

# import_into DESC PROFILE: ffcert import of the intermediate into $R/PROFILE, which
# must exit 0 and leave c,c, per certutil.
import_into() {
    run import "$INTER" --profile "$R/$2" </dev/null
    if [ "$RC" -eq 0 ] && [ "$(oracle_trust "$R/$2" "$NICK")" = "c,c," ]; then
        ok "$1: ffcert import exits 0, certutil shows c,c,"
    else
        not_ok "$1: ffcert import: exit $RC, certutil '$(oracle_trust "$R/$2" "$NICK")'"
        printf '%s\n%s\n' "$OUT" "$ERR" | sed 's/^/# /'
    fi
}

# view NAME PROFILE URL: what Firefox shows for URL in PROFILE (through Marionette):
# V_DOC (documentURI), V_TITLE, V_ERR (error code of an error page, "-" otherwise),
# V_PIXEL ("r,g,b" of the screenshot's middle, "" if none); the screenshot is
# $R/shots/NAME.png.
view() {
    _p="$R/$2" _t0=$(ms)
    rm -f "$_p/MarionetteActivePort"
    HOME="$R/home-$2" ff_start "$R/logs/firefox-$1.log" --marionette --no-remote \
        --profile "$_p" about:blank
    timeout 90 python3 "$FX/look.py" "$_p" "$FFPID" "$3" "$R/shots/$1.png" \
        >"$R/logs/look-$1.txt" 2>"$R/logs/look-$1.err"
    ff_stop "$FFPID" 20
    V_DOC=$(sed -n 's/^document=//p' "$R/logs/look-$1.txt")
    V_TITLE=$(sed -n 's/^title=//p' "$R/logs/look-$1.txt")
    V_ERR=$(sed -n 's/^error=//p' "$R/logs/look-$1.txt")
    V_PIXEL=$(python3 "$FX/pixel.py" "$R/shots/$1.png" 2>/dev/null)
    V_LOOKERR=$(cat "$R/logs/look-$1.err")
    echo "# view $1: $(($(ms) - _t0)) ms"
}

# shot NAME PROFILE URL: the plain `firefox-esr --headless --screenshot`; S_PIXEL.
# (Only for pages that load: on an error page it never returns.)
shot() {
    _t0=$(ms)
    HOME="$R/home-$2" ff_start "$R/logs/firefox-$1.log" --no-remote --profile "$R/$2" \
        --screenshot "$R/shots/$1.png" "$3"
    ff_stop "$FFPID" 30
    S_PIXEL=$(python3 "$FX/pixel.py" "$R/shots/$1.png" 2>/dev/null)
    echo "# screenshot $1: $(($(ms) - _t0)) ms"
}

# green "r,g,b": the test page's #00c000 (Firefox's error pages are white and grey).
green() {
    case "$1" in *,*,*) ;; *) return 1 ;; esac
    _r=${1%%,*} _b=${1##*,} _g=${1#*,}
    _g=${_g%,*}
    [ "$_r" -le 40 ] && [ "$_g" -ge 160 ] && [ "$_g" -le 224 ] && [ "$_b" -le 40 ]
}

# shows_page DESC URL: the last view is the test page itself, green.
shows_page() {
    if [ "$V_DOC" = "$2" ] && [ "$V_TITLE" = "$TITLE" ] && green "$V_PIXEL"; then
        ok "$1"
    else
        not_ok "$1: shows '$V_DOC' ('$V_TITLE', error $V_ERR), pixel '$V_PIXEL'"
        [ -z "$V_LOOKERR" ] || printf '%s\n' "$V_LOOKERR" | sed 's/^/# /'
    fi
}

# shows_error DESC CODE: the last view is one of Firefox's error pages showing CODE,
# and its screenshot is not green.
shows_error() {
    case "$V_DOC" in about:neterror\?* | about:certerror\?*) _e=yes ;; *) _e=no ;; esac
    if [ $_e = yes ] && [ "$V_ERR" = "$2" ] && [ -n "$V_PIXEL" ] && ! green "$V_PIXEL"; then
        ok "$1"
    else
        not_ok "$1: shows '$V_DOC' ('$V_TITLE', error $V_ERR), pixel '$V_PIXEL'"
        [ -z "$V_LOOKERR" ] || printf '%s\n' "$V_LOOKERR" | sed 's/^/# /'
    fi
}

# shot_green DESC: the last plain --screenshot is green.
shot_green() {
    if green "$S_PIXEL"; then ok "$1"; else not_ok "$1: pixel '$S_PIXEL'"; fi
}

# show_db NAME: what certutil lists in $R/NAME, as TAP comments.
show_db() {
    certutil -L -d "sql:$R/$1" 2>&1 | sed "s/^/# $1: /"
}

ff_profile P1
ff_profile P2
ff_profile P3
ff_profile P4

# ---- 1. the client certificate (the NII error) ----------------------------------------------

# The root is trusted as Firefox trusts SECOM's root; the client certificate and its
# key come from a PKCS#12, as a user imports it; the intermediate is not there.
certutil -A -d "sql:$R/P1" -n "Test Root" -t "C,," -i "$PKI/root.pem" </dev/null
pk12util -i "$PKI/client.p12" -d "sql:$R/P1" -W ffcert-p12 </dev/null >"$R/logs/pk12util.log" 2>&1 ||
    sed 's/^/# pk12util: /' "$R/logs/pk12util.log"

m=$(mark "$CLOG")
view client-before P1 "$CURL"
shows_error "client certificate, before: Firefox shows SSL_ERROR_RX_CERTIFICATE_REQUIRED_ALERT" \
    SSL_ERROR_RX_CERTIFICATE_REQUIRED_ALERT
server_log "client certificate, before: the server got no client certificate" "$CLOG" "$m" \
    "+peer did not return a certificate" "-depth=0" "-FILE:page.html"

import_into "client certificate" P1

m=$(mark "$CLOG")
view client-after P1 "$CURL"
shows_page "client certificate, after: Firefox shows the page (green)" "$CURL"
verified_chain "client certificate, after: the server verified the client's chain" "$m"
m=$(mark "$CLOG")
shot client-after-screenshot P1 "$CURL"
shot_green "client certificate, after: firefox-esr --screenshot shows the page (green)"
verified_chain "client certificate, after --screenshot: the server verified the chain" "$m"
equals "client certificate: after Firefox ran, certutil still shows c,c," \
    "$(oracle_trust "$R/P1" "$NICK")" "c,c,"

# ---- 1b. the same error, fixed by `ffcert doctor --fix` alone (issue 7) ----------------------

# A catalogue that knows the intermediate, as ffcert's knows NII's: doctor finds the
# missing link in the profile, --fix imports it, and the handshake works.
cat >"$R/catalog.ini" <<CAT
[test-g4]
name = Test Open Domain CA - G4
purpose = client authentication
sha256 = $(openssl x509 -in "$INTER" -noout -fingerprint -sha256 | sed 's/^[^=]*=//')
offline = $INTER
CAT
certutil -A -d "sql:$R/P4" -n "Test Root" -t "C,," -i "$PKI/root.pem" </dev/null
pk12util -i "$PKI/client.p12" -d "sql:$R/P4" -W ffcert-p12 </dev/null >>"$R/logs/pk12util.log" 2>&1
m=$(mark "$CLOG")
view doctor-before P4 "$CURL"
shows_error "doctor, before: Firefox shows SSL_ERROR_RX_CERTIFICATE_REQUIRED_ALERT" \
    SSL_ERROR_RX_CERTIFICATE_REQUIRED_ALERT
run doctor --profile "$R/P4" --catalog "$R/catalog.ini" --json </dev/null
equals "doctor: names the missing intermediate, fixable from the catalogue" \
    "$RC $(jget 'd["databases"][0]["findings"][0]["code"]') $(jget 'd["databases"][0]["findings"][0]["fixable"]')" \
    "1 missing-intermediate true"
run doctor --profile "$R/P4" --catalog "$R/catalog.ini" --fix </dev/null
equals "doctor --fix: exit 0, certutil shows the intermediate c,c," \
    "$RC $(oracle_trust "$R/P4" "$NICK")" "0 c,c,"
m=$(mark "$CLOG")
view doctor-after P4 "$CURL"
shows_page "doctor --fix, after: Firefox shows the page (green)" "$CURL"
verified_chain "doctor --fix, after: the server verified the client's chain" "$m"

# ---- 2. the server certificate twin ----------------------------------------------------------

certutil -A -d "sql:$R/P2" -n "Test Root" -t "C,," -i "$PKI/root.pem" </dev/null
m=$(mark "$SLOG")
view server-before P2 "$SURL"
shows_error "server certificate, before: Firefox shows SEC_ERROR_UNKNOWN_ISSUER" \
    SEC_ERROR_UNKNOWN_ISSUER
server_log "server certificate, before: the server saw its certificate refused" "$SLOG" "$m" \
    "+alert unknown ca" "-FILE:page.html"

import_into "server certificate" P2

m=$(mark "$SLOG")
view server-after P2 "$SURL"
shows_page "server certificate, after: Firefox shows the page (green)" "$SURL"
server_log "server certificate, after: the server served the page" "$SLOG" "$m" \
    "+FILE:page.html" "-alert"
shot server-after-screenshot P2 "$SURL"
shot_green "server certificate, after: firefox-esr --screenshot shows the page (green)"

# ---- 3. trust that means what the report says (no root at all) --------------------------------

run import "$INTER" --profile "$R/P3" --json </dev/null
equals "no root: plain import: imported c,c," \
    "$RC $(jget 'd["databases"][0]["result"]') $(oracle_trust "$R/P3" "$NICK")" "0 imported c,c,"
m=$(mark "$SLOG")
view noroot-plain P3 "$SURL"
shows_error "no root, c,c,: Firefox refuses the site (SEC_ERROR_UNKNOWN_ISSUER)" \
    SEC_ERROR_UNKNOWN_ISSUER
server_log "no root, c,c,: the server saw its certificate refused" "$SLOG" "$m" \
    "+alert unknown ca" "-FILE:page.html"

run import "$INTER" --profile "$R/P3" --trust-websites --json </dev/null
equals "no root, --trust-websites: ffcert reports updated c,c, -> CT,c," \
    "$RC $(jget 'd["databases"][0]["result"]') $(jget 'd["databases"][0]["trust_before"]') $(jget 'd["databases"][0]["trust"]')" \
    "0 updated c,c, CT,c,"
equals "no root, --trust-websites: certutil shows CT,c," "$(oracle_trust "$R/P3" "$NICK")" "CT,c,"
m=$(mark "$SLOG")
view noroot-websites P3 "$SURL"
shows_page "no root, CT,c,: Firefox shows the page (green)" "$SURL"
server_log "no root, CT,c,: the server served the page" "$SLOG" "$m" "+FILE:page.html" "-alert"
shot noroot-websites-screenshot P3 "$SURL"
shot_green "no root, CT,c,: firefox-esr --screenshot shows the page (green)"

run import "$INTER" --profile "$R/P3" --trust c,c, --json </dev/null
equals "no root, --trust c,c,: ffcert reports updated CT,c, -> c,c," \
    "$RC $(jget 'd["databases"][0]["result"]') $(jget 'd["databases"][0]["trust_before"]') $(jget 'd["databases"][0]["trust"]')" \
    "0 updated CT,c, c,c,"
equals "no root, --trust c,c,: certutil shows c,c," "$(oracle_trust "$R/P3" "$NICK")" "c,c,"
m=$(mark "$SLOG")
view noroot-again P3 "$SURL"
shows_error "no root, c,c, again: Firefox refuses the site again (SEC_ERROR_UNKNOWN_ISSUER)" \
    SEC_ERROR_UNKNOWN_ISSUER
server_log "no root, c,c, again: the server saw its certificate refused" "$SLOG" "$m" \
    "+alert unknown ca" "-FILE:page.html"

# ---- 4. discovery of a profile Firefox made, while it runs --------------------------------------

H="$R/home-discovery"
FFDIR="$H/.config/mozilla/firefox"
mkdir -p "$H"
# As a user starts it: no --profile, no --no-remote; Firefox makes its profiles itself.
HOME="$H" ff_start "$R/logs/firefox-discovery.log" about:blank
DPID=$FFPID

# ffcert_home ARGS...: ffcert with HOME=$H (no --home), like `run`.
ffcert_home() {
    HOME="$H" "$FFCERT" "$@" >"$R/out" 2>"$R/err" </dev/null
    RC=$?
    OUT=$(cat "$R/out")
    ERR=$(cat "$R/err")
}

# The profile Firefox uses, by Firefox's own account: its `lock` symlink names its pid.
using=""
i=0
while [ $i -lt 200 ] && running "$DPID"; do
    # Locked, and with the cert9.db Firefox makes a moment after taking the lock.
    ffcert_home profiles --json
    if [ "$(jget 'any(x["in_use"] and x["format"] == "sql" for x in d["databases"])')" = true ]
    then
        for l in "$FFDIR"/*/lock; do
            case "$(readlink "$l" 2>/dev/null)" in *"+$DPID") using=$(dirname "$l") ;; esac
        done
        [ -n "$using" ] && break
    fi
    sleep 0.1
    i=$((i + 1))
done
if [ -n "$using" ] && running "$DPID"; then
    ok "discovery: Firefox running, its profile is locked and has its cert9.db ($(basename "$using"))"
else
    not_ok "discovery: Firefox running, its profile is locked and has its cert9.db: not after 20 s"
    sed 's/^/# firefox: /' "$R/logs/firefox-discovery.log"
fi

# The profiles profiles.ini lists (real paths), and those ffcert found.
ini_profiles() {
    python3 - "$FFDIR/profiles.ini" <<'PY'
import configparser, os, sys
ini = sys.argv[1]
c = configparser.RawConfigParser()
c.optionxform = str
c.read(ini)
for s in c.sections():
    if s.startswith("Profile") and c.has_option(s, "Path"):
        p = c.get(s, "Path")
        if c.get(s, "IsRelative", fallback="0") == "1":
            p = os.path.join(os.path.dirname(ini), p)
        print(os.path.realpath(p))
PY
}
want=$(ini_profiles | sort)
got=$(jget '"\n".join(sorted(x["path"] for x in d["databases"]))')
if [ -n "$want" ] && [ "$got" = "$want" ]; then
    ok "discovery: ffcert profiles finds exactly the $(echo "$want" | wc -l) profiles in profiles.ini"
else
    not_ok "discovery: ffcert profiles finds exactly the profiles in profiles.ini"
    printf '%s\n' "profiles.ini:" "$want" "ffcert:" "$got" | sed 's/^/# /'
fi
equals "discovery: the profile Firefox uses is in_use, the others are not" \
    "$(jget '"\n".join(x["path"] for x in d["databases"] if x["in_use"])')" "$using"
sed 's/^/# profiles.ini: /' "$FFDIR/profiles.ini"

ffcert_home import "$INTER" --json
row='[x for x in d["databases"] if x["path"] == "'"$using"'"][0]'
equals "discovery: import while Firefox runs: the running profile imported c,c,, in use" \
    "$(jget "$row"'["result"]') $(jget "$row"'["trust"]') $(jget "$row"'["in_use"]')" \
    "imported c,c, true"
contains "discovery: import while Firefox runs: the row says to restart Firefox" \
    "$(jget "$row"'["reason"]')" "restart Firefox"
# Firefox itself made both profiles; ffcert should be content with what it made.
if [ "$RC" -eq 0 ]; then ok "discovery: import while Firefox runs exits 0"; else
    not_ok "discovery: import while Firefox runs exits 0: exit $RC"
    printf '%s\n' "$ERR" | sed 's/^/# stderr: /'
    jget '"\n".join("%s %s: %s" % (x["result"], x["path"], x["reason"]) for x in d["databases"])' |
        sed 's/^/# row: /'
fi
REPORTED=$(jget "$row"'["trust"]')

t0=$(ms)
kill -TERM "$DPID" 2>/dev/null
if ff_stop "$DPID" 10; then
    echo "# discovery: Firefox exited $(($(ms) - t0)) ms after SIGTERM"
else
    echo "# discovery: Firefox did not exit within 10 s of SIGTERM: killed"
fi
ffcert_home profiles --json
equals "discovery: Firefox stopped, nothing in use" \
    "$RC $(jget 'sum(1 for x in d["databases"] if x["in_use"])')" "0 0"
equals "discovery: after Firefox exited, certutil shows the import with the reported trust" \
    "$(oracle_trust "$using" "$NICK")" "$REPORTED"

# ---- 5. what Firefox itself writes, in both trust formats (issue 13) --------------------------

# Firefox 153 (NSS 3.125) stores trust as PKCS#11 3.2 objects, which NSS 3.87 (the
# system certutil, and ffcert's own library) cannot read. Here Firefox itself imports the
# intermediate through Certificate Manager's code (nsIX509CertDB.importCertsFromFile in
# chrome context, the dialog answered "no box ticked" or "identify websites"; see
# tests/firefox/certdb.py), says what it trusts (isCertTrusted), and ffcert must report
# that, and make Firefox use what it writes. Two oracles on every state: certutil on
# the system NSS 3.87 and the same certutil on Firefox's own libraries (NSS 3.125).

# A third server: the leaf from the intermediate and the intermediate itself.
CHLOG="$R/logs/server-with-chain.log"
if ! srv_start "$CHLOG" -cert "$PKI/server2.pem" -key "$PKI/server2.key" \
    -cert_chain "$PKI/intermediate.pem"; then
    echo "Bail out! openssl s_server (leaf and intermediate) did not start"
    sed 's/^/# /' "$CHLOG"
    exit 1
fi
CHURL="https://127.0.0.1:$SRV_PORT/page.html"

# Firefox's NSS: the libraries beside the firefox binary.
FFLIB=$(dirname "$(readlink -f "$(command -v "$FIREFOX")")")
# nss_from DIR: certutil on DIR's libraries really loads DIR's libnss3 and softokn.
nss_from() {
    new_db "$R/nss-probe" || return 1
    _l=$(LD_LIBRARY_PATH="$1" LD_DEBUG=libs certutil -L -d "sql:$R/nss-probe" 2>&1 >/dev/null)
    case "$_l" in *"calling init: $1/libnss3.so"*) ;; *) return 1 ;; esac
    case "$_l" in *"calling init: $1/libsoftokn3.so"*) ;; *) return 1 ;; esac
}
# FFNSS: the version of Firefox's NSS ("3.125.1"), "" when its libraries are not found.
FFNSS=""
if [ -f "$FFLIB/libnss3.so" ] && nss_from "$FFLIB"; then
    FFNSS=$(grep -ao 'Version: NSS [0-9.]*' "$FFLIB/libnss3.so" | head -1 | sed 's/^Version: NSS //')
fi
NEWNSS=$FFLIB

# trust_new DIR NICKNAME / count_new DIR: oracle_trust / oracle_count on Firefox's NSS.
trust_new() {
    LD_LIBRARY_PATH="$NEWNSS" certutil -L -d "sql:$1" 2>/dev/null |
        awk -v n="$2" 'NR > 4 { t = $NF; $NF = ""; sub(/ +$/, ""); if ($0 == n) print t }'
}
count_new() {
    LD_LIBRARY_PATH="$NEWNSS" certutil -L -d "sql:$1" 2>/dev/null | awk 'NR > 4 && NF' | wc -l
}

# oracles DESC PROFILE OLD NEW: certutil 3.87 shows OLD for the intermediate in
# $R/PROFILE, certutil on Firefox's NSS shows NEW ("" = no such certificate; then the
# database must hold no certificate at all).
oracles() {
    equals "$1: certutil (NSS 3.87) shows '$3'" "$(oracle_trust "$R/$2" "$NICK")" "$3"
    if [ -n "$4" ]; then
        equals "$1: certutil on Firefox's NSS 3.125 shows '$4'" "$(trust_new "$R/$2" "$NICK")" "$4"
    else
        equals "$1: certutil on Firefox's NSS 3.125 shows no certificate" \
            "$(count_new "$R/$2") $(oracle_count "$R/$2")" "0 0"
    fi
}

# fx NAME PROFILE STEP...: Firefox with Marionette and system access on $R/PROFILE
# (made with tests/firefox/user.js if new) runs tests/firefox/certdb.py STEP...; then
# X_IMPORT and X_TRUST hold its import and trust lines, and the first `open` step, whose
# screenshot must be $R/shots/NAME.png, sets V_DOC, V_TITLE, V_ERR, V_PIXEL and
# V_LOOKERR as `view` does (fx_view for a second one). Pages are opened before any
# `trust` step of a run: that step makes a temporary copy of the certificate in
# Firefox's memory, which path building would then find.
fx() {
    _fn=$1 _fp="$R/$2" _fh="$R/home-$2" _t0=$(ms)
    shift 2
    mkdir -p "$_fp" "$_fh"
    [ -e "$_fp/user.js" ] || cp "$FX/user.js" "$_fp/user.js"
    rm -f "$_fp/MarionetteActivePort"
    HOME="$_fh" ff_start "$R/logs/firefox-$_fn.log" --marionette -remote-allow-system-access \
        --no-remote --profile "$_fp" about:blank
    timeout 90 python3 "$FX/certdb.py" "$_fp" "$FFPID" "$@" \
        >"$R/logs/certdb-$_fn.txt" 2>"$R/logs/certdb-$_fn.err"
    ff_stop "$FFPID" 20
    FX_OUT="$R/logs/certdb-$_fn.txt"
    X_IMPORT=$(sed -n 's/^import=//p' "$FX_OUT")
    X_TRUST=$(sed -n 's/^trust=//p' "$FX_OUT")
    fx_view 1 "$R/shots/$_fn.png"
    echo "# firefox $_fn: $(($(ms) - _t0)) ms"
}

# fx_view K SHOT: V_DOC, V_TITLE, V_ERR, V_PIXEL (of SHOT) and V_LOOKERR for the K-th
# `open` step of the last fx run, for shows_page and shows_error.
fx_view() {
    for _key in document title error; do
        _v=$(awk -v k="$1" -v key="$_key=" '/^navigate=/ { g++ }
            g == k && index($0, key) == 1 { print substr($0, length(key) + 1) }' "$FX_OUT")
        case $_key in document) V_DOC=$_v ;; title) V_TITLE=$_v ;; error) V_ERR=$_v ;; esac
    done
    V_PIXEL=$(python3 "$FX/pixel.py" "$2" 2>/dev/null)
    V_LOOKERR=$(cat "${FX_OUT%.txt}.err")
}

# fx_says DESC WANT: Firefox's trust line ("present websites=yes email=no", "absent").
fx_says() {
    if [ "$X_TRUST" = "$2" ]; then ok "$1"; else
        not_ok "$1: Firefox says '$X_TRUST', wanted '$2'"
        [ -z "$V_LOOKERR" ] || printf '%s\n' "$V_LOOKERR" | sed 's/^/# /'
    fi
}

# in_firefox_words TRUST: what isCertTrusted(CA_CERT) answers for certutil letters TRUST:
# a trusted CA ("C") in the SSL field (websites) and in the email field.
in_firefox_words() {
    _ssl=${1%%,*} _rest=${1#*,}
    _mail=${_rest%%,*}
    case "$_ssl" in *C*) _w=yes ;; *) _w=no ;; esac
    case "$_mail" in *C*) _m=yes ;; *) _m=no ;; esac
    echo "present websites=$_w email=$_m"
}

# ffcert_row: result, trust, trust_legacy and trust_forms of the JSON row in $OUT.
F_ROW='d["databases"][0]'
ffcert_row() {
    echo "$RC $(jget "$F_ROW"'["result"]') $(jget "$F_ROW"'["trust"]')" \
        "$(jget "$F_ROW"'["trust_legacy"]') [$(jget '",".join('"$F_ROW"'["trust_forms"])')]"
}

# ffcert_wrote: exit status, trust, trust_legacy and trust_forms of the row in $OUT.
ffcert_wrote() {
    echo "$RC $(jget "$F_ROW"'["trust"]') $(jget "$F_ROW"'["trust_legacy"]')" \
        "[$(jget '",".join('"$F_ROW"'["trust_forms"])')]"
}

# agrees DESC: the ffcert status in $OUT reports what Firefox said last (X_TRUST).
agrees() {
    if [ "$(jget "$F_ROW"'["result"]')" = present ]; then
        _said=$(in_firefox_words "$(jget "$F_ROW"'["trust"]')")
    else
        _said="$(jget "$F_ROW"'["result"]')"
    fi
    equals "$1" "$_said" "$X_TRUST"
}

# firefox_own_imports: the checks of section 5.
firefox_own_imports() {
    # 5a. "no box ticked": Firefox stores MUST_VERIFY in the 3.2 form, which every reader
    # shows as ,,; it is Firefox's default trust for a CA, what ffcert calls c,c,.
    fx nobox P5 import none "$INTER" trust "$INTER"
    case "$X_IMPORT" in "ok Test Open Domain CA - G4") _imp=ok ;; *) _imp="import '$X_IMPORT'" ;; esac
    equals "Firefox imports, no box ticked: isCertTrusted says websites no, email no" \
        "$_imp $X_TRUST" "ok present websites=no email=no"
    oracles "Firefox's no-box import" P5 ",," ",,"
    run status "$INTER" --profile "$R/P5" --json </dev/null
    equals "Firefox's no-box import: ffcert status: present ,, (legacy ,,), only the 3.2 form" \
        "$(ffcert_row)" "0 present ,, ,, [pkcs11-3.2]"
    agrees "Firefox's no-box import: ffcert status reports what Firefox reports"
    run status "$INTER" --profile "$R/P5" --trust c,c, --json </dev/null
    equals "Firefox's no-box import: ffcert status --trust c,c, accepts it (exit 0, present)" \
        "$RC $(jget "$F_ROW"'["result"]')" "0 present"
    case "$(jget "$F_ROW"'["reason"]')" in
    *"Certificate Manager"* | *"no box ticked"*) ok "Firefox's no-box import: the reason names Firefox's dialog" ;;
    *) not_ok "Firefox's no-box import: the reason names Firefox's dialog: '$(jget "$F_ROW"'["reason"]')'" ;;
    esac
    run import "$INTER" --profile "$R/P5" --json </dev/null
    equals "Firefox's no-box import, then ffcert import: exit 0, c,c,, the legacy form only" \
        "$(ffcert_wrote)" \
        "0 c,c, c,c, [legacy]"
    oracles "Firefox's no-box import, then ffcert import" P5 "c,c," "c,c,"

    # 5b. "identify websites", no root: Firefox trusts the intermediate as an anchor for
    # websites (CT,, in the 3.2 form, invisible to NSS 3.87) and loads a site through it.
    m=$(mark "$SLOG")
    fx websites P6 import websites "$INTER" open "$SURL" "$R/shots/websites.png" trust "$INTER"
    case "$X_IMPORT" in "ok Test Open Domain CA - G4") _imp=ok ;; *) _imp="import '$X_IMPORT'" ;; esac
    equals "Firefox imports, identify websites: isCertTrusted says websites yes, email no" \
        "$_imp $X_TRUST" "ok present websites=yes email=no"
    shows_page "Firefox's identify-websites import, no root: Firefox shows the page (green)" "$SURL"
    server_log "Firefox's identify-websites import: the server served the page" "$SLOG" "$m" \
        "+FILE:page.html" "-alert"
    oracles "Firefox's identify-websites import" P6 ",," "CT,,"
    run status "$INTER" --profile "$R/P6" --json </dev/null
    equals "Firefox's identify-websites import: ffcert status: present CT,, (legacy ,,), only the 3.2 form" \
        "$(ffcert_row)" "0 present CT,, ,, [pkcs11-3.2]"
    agrees "Firefox's identify-websites import: ffcert status reports what Firefox reports"

    # 5c. ffcert's writes reach Firefox: --trust c,c, refuses the site, --trust-websites
    # loads it again.
    run import "$INTER" --profile "$R/P6" --trust c,c, --json </dev/null
    equals "over Firefox's CT,,: ffcert import --trust c,c,: exit 0, c,c, (legacy c,c,), the legacy form only" \
        "$(ffcert_wrote)" \
        "0 c,c, c,c, [legacy]"
    oracles "over Firefox's CT,,, ffcert --trust c,c," P6 "c,c," "c,c,"
    m=$(mark "$SLOG")
    fx trust-cc P6 open "$SURL" "$R/shots/trust-cc.png" trust "$INTER"
    shows_error "ffcert --trust c,c, over Firefox's CT,,: Firefox refuses the site (SEC_ERROR_UNKNOWN_ISSUER)" \
        SEC_ERROR_UNKNOWN_ISSUER
    server_log "ffcert --trust c,c, over Firefox's CT,,: the server saw its certificate refused" \
        "$SLOG" "$m" "+alert unknown ca" "-FILE:page.html"
    fx_says "ffcert --trust c,c, over Firefox's CT,,: isCertTrusted says websites no" \
        "present websites=no email=no"

    run import "$INTER" --profile "$R/P6" --trust-websites --json </dev/null
    equals "then ffcert import --trust-websites: exit 0, CT,c, (legacy CT,c,), the legacy form only" \
        "$(ffcert_wrote)" \
        "0 CT,c, CT,c, [legacy]"
    oracles "then ffcert --trust-websites" P6 "CT,c," "CT,c,"
    m=$(mark "$SLOG")
    fx trust-websites P6 open "$SURL" "$R/shots/trust-websites.png" trust "$INTER"
    shows_page "ffcert --trust-websites: Firefox shows the page again (green)" "$SURL"
    server_log "ffcert --trust-websites: the server served the page" "$SLOG" "$m" \
        "+FILE:page.html" "-alert"
    fx_says "ffcert --trust-websites: isCertTrusted says websites yes" "present websites=yes email=no"
    run status "$INTER" --profile "$R/P6" --json </dev/null
    agrees "ffcert --trust-websites: ffcert status reports what Firefox reports"

    # 5d. ffcert remove leaves Firefox no trace: no certificate, and no 3.2 object that a
    # later import of the same certificate would inherit.
    run remove "$INTER" --profile "$R/P6" --json </dev/null
    equals "ffcert remove: exit 0, removed" "$RC $(jget "$F_ROW"'["result"]')" "0 removed"
    oracles "after ffcert remove" P6 "" ""
    m=$(mark "$SLOG") mc=$(mark "$CHLOG")
    fx removed P6 open "$SURL" "$R/shots/removed.png" \
        open "$CHURL" "$R/shots/removed-chain.png" trust "$INTER"
    fx_says "after ffcert remove: Firefox finds no such certificate" "absent"
    shows_error "after ffcert remove: Firefox refuses the site (SEC_ERROR_UNKNOWN_ISSUER)" \
        SEC_ERROR_UNKNOWN_ISSUER
    server_log "after ffcert remove: the server saw its certificate refused" "$SLOG" "$m" \
        "+alert unknown ca" "-FILE:page.html"
    # A server that sends the intermediate itself: a trust record left behind would make
    # that copy an anchor again.
    fx_view 2 "$R/shots/removed-chain.png"
    shows_error "after ffcert remove: a site sending the intermediate itself is refused (SEC_ERROR_UNKNOWN_ISSUER)" \
        SEC_ERROR_UNKNOWN_ISSUER
    server_log "after ffcert remove: the server sending the intermediate saw its certificate refused" \
        "$CHLOG" "$mc" "+alert unknown ca" "-FILE:page.html"
    certutil -A -d "sql:$R/P6" -n "$NICK" -t "c,c," -i "$INTER" </dev/null
    oracles "after ffcert remove, certutil 3.87 -A c,c," P6 "c,c," "c,c,"
    m=$(mark "$SLOG")
    fx readded P6 open "$SURL" "$R/shots/readded.png" trust "$INTER"
    fx_says "after ffcert remove and certutil -A c,c,: isCertTrusted says websites no (no old trust)" \
        "present websites=no email=no"
    shows_error "after ffcert remove and certutil -A c,c,: Firefox refuses the site (SEC_ERROR_UNKNOWN_ISSUER)" \
        SEC_ERROR_UNKNOWN_ISSUER
    server_log "after ffcert remove and certutil -A c,c,: the server saw its certificate refused" \
        "$SLOG" "$m" "+alert unknown ca" "-FILE:page.html"
}

if [ -n "$FFNSS" ] && echo "$FFNSS" | awk -F. '{ exit !($1 > 3 || ($1 == 3 && $2 >= 114)) }'
then
    echo "# Firefox's NSS: $FFNSS in $FFLIB"
    firefox_own_imports
else
    if [ -n "$FFNSS" ]; then
        why="Firefox's NSS $FFNSS predates the PKCS#11 3.2 trust form (3.114)"
    else
        why="no NSS libraries found beside $FIREFOX ($FFLIB)"
    fi
    msg="$why: the checks of Firefox's own imports (issue 13) did NOT run"
    printf '\n!!!!! %s !!!!!\n\n' "$msg" >&2
    echo "# !!!!! $msg"
    while IFS= read -r d; do
        [ -n "$d" ] && skip "$d" "$why"
    done <<EOF
$OWN_IMPORT_CHECKS
EOF
fi

# ---- what the databases hold after Firefox used them -----------------------------------------------

for p in P1 P2 P3 P5 P6; do show_db "$p"; done
certutil -L -d "sql:$using" 2>&1 | sed 's/^/# discovery: /'

# ---- nothing left running ---------------------------------------------------------------------------

left=$(browser_marked)
if [ -z "$left" ]; then ok "no Firefox process of this run is left"; else
    not_ok "no Firefox process of this run is left: $(printf '%s ' $left)"
    for p in $left; do tr '\0' ' ' <"/proc/$p/cmdline" | cut -c1-150 | sed 's/^/# /'; echo; done
fi

# Screenshots and logs outlive $R for a look (build/test-logs/firefox/).
if rm -rf "$KEEP" 2>/dev/null && mkdir -p "$KEEP" 2>/dev/null &&
    cp -r "$R/shots" "$R/logs" "$KEEP/" 2>/dev/null; then
    echo "# screenshots and logs: $KEEP"
fi
echo "# took $(($(date +%s) - START)) s"
finish
