#!/bin/sh
# SOURCE fetching: https/http/file URLs from a local server (tests/servers/certserver.py),
# pins (--sha256 and catalogue), the download limits (redirects, size, time), the
# confirmation of unpinned downloads, test catalogues, the real NII/SECOM catalogue
# (offline copies only) and expired certificates. Every refusal: exit 2, one line on
# stderr naming the URL or name and the cause, databases byte-for-byte unchanged.
#
# Network rule: only 127.0.0.1 is ever contacted. Any other request goes to a proxy on a
# closed local port and fails at once; the real catalogue is only used with --offline.
export http_proxy=http://127.0.0.1:9 https_proxy=http://127.0.0.1:9
export HTTP_PROXY=http://127.0.0.1:9 HTTPS_PROXY=http://127.0.0.1:9
export all_proxy=http://127.0.0.1:9 ALL_PROXY=http://127.0.0.1:9
export no_proxy=127.0.0.1,localhost NO_PROXY=127.0.0.1,localhost

. "$(dirname "$0")/../lib.sh"

EXPIRED_NICK="ffcert Expired CA - ffcert Test PKI"
G4_NICK="NII Open Domain CA - G4 - SECOM Trust Systems CO.,LTD."
G8_NICK="NII Open Domain CA - G8 RSA - SECOM Trust Systems Co., Ltd."
# ffcert reports folders by their real path.
R=$(cd "$T" && pwd -P)
cd "$R" || exit 1

# ---- the local servers, killed on every exit ----------------------------------------

SERVER=
cleanup() {
    if [ -n "$SERVER" ]; then
        kill "$SERVER" 2>/dev/null
        wait "$SERVER" 2>/dev/null
    fi
    rm -rf "$T"
}
trap cleanup EXIT
trap 'exit 1' HUP INT TERM

# A throwaway CA made now, and a server certificate for IP 127.0.0.1 it issues. ffcert
# trusts it only through --cacert.
PKI="$R/pki"
pki_dir "$PKI"
pki_root ca "/CN=ffcert sources test CA" 2 &&
    pki_issue server "/CN=127.0.0.1" ca server 2 ||
    bail_out "openssl could not make the test server's certificate" "$PKI/openssl.log"
CACERT="$PKI/ca.pem"

LOG="$R/requests.log"
: >"$LOG"
python3 "$TOP/tests/servers/certserver.py" --port-file "$R/ports" --data "$CERTS" \
    --log "$LOG" --cert "$PKI/server.pem" --key "$PKI/server.key" 2>"$R/server.err" &
SERVER=$!
i=0
while [ ! -s "$R/ports" ] && [ $i -lt 100 ] && kill -0 "$SERVER" 2>/dev/null; do
    sleep 0.1
    i=$((i + 1))
done
HP=$(sed -n 's/^http=//p' "$R/ports" 2>/dev/null)
SP=$(sed -n 's/^https=//p' "$R/ports" 2>/dev/null)
if [ -z "$HP" ] || [ -z "$SP" ]; then
    echo "Bail out! tests/servers/certserver.py did not start"
    sed 's/^/# /' "$R/server.err"
    exit 1
fi
H="http://127.0.0.1:$HP"
S="https://127.0.0.1:$SP"

# ---- local helpers ---------------------------------------------------------------


INTER_FP=$(fp "$INTER")
INTER_HEX=$(printf '%s' "$INTER_FP" | tr -d : | tr 'A-F' 'a-f')
ROOT_FP=$(fp "$CERTS/root-ca.pem")
EXPIRED_FP=$(fp "$CERTS/expired-ca.pem")



# ms: milliseconds since the epoch.
ms() { echo $(($(date +%s%N) / 1000000)); }

# requested DESC PATH / not_requested DESC PATH: the server log has (not) "SCHEME PATH".
requested() {
    if grep -qxF "$2" "$LOG"; then ok "$1"; else
        not_ok "$1: '$2' not in the server's log"; sed 's/^/# log: /' "$LOG"
    fi
}
not_requested() {
    if grep -qxF "$2" "$LOG"; then not_ok "$1: '$2' was requested"; else ok "$1"; fi
}

# fresh NAME: a new empty database $R/db-NAME; prints its path. (Not $R/NAME: the
# tests run in $R, and a folder named like a catalogue entry would be taken as SOURCE.)
fresh() { new_db "$R/db-$1" && echo "$R/db-$1"; }

# The databases every refusal must leave alone: an empty one and one holding a CA.
guard_pair "$R"


# refused DESC NAME CAUSE SOURCE [ARGS...]: `import SOURCE ARGS` into A and B (stdin not
# a terminal) exits 2 with one line on stderr containing NAME and CAUSE, nothing on
# stdout, and writes nothing.
refused() {
    _d=$1 _name=$2 _cause=$3
    shift 3
    run import "$@" --profile "$A" --profile "$B" </dev/null
    expect_rc "$_d" 2
    one_line "$_d: one line on stderr"
    contains "$_d: stderr names $_name" "$ERR" "$_name"
    contains "$_d: stderr gives the cause" "$ERR" "$_cause"
    equals "$_d: nothing on stdout" "$OUT" ""
    untouched "$_d"
}

# imported DESC DIR [NICKNAME [TRUST]]: the last run exited 0 and certutil shows
# NICKNAME (default: the test intermediate) in DIR with TRUST (default c,c,).
imported() {
    expect_rc "$1" 0
    equals "$1: oracle" "$(oracle_trust "$2" "${3:-$NICK}")" "${4:-c,c,}"
}

# ---- https downloads that work --------------------------------------------------------

db=$(fresh https-yes)
run import "$S/inter.pem" --cacert "$CACERT" --yes --profile "$db" </dev/null
imported "https + --cacert + --yes" "$db"
requested "https + --yes: the server was asked" "https /inter.pem"

db=$(fresh https-pin-colons)
run import "$S/inter.pem" --cacert "$CACERT" --sha256 "$INTER_FP" --profile "$db" --json \
    </dev/null
imported "https + --sha256 AA:BB:... (no --yes, no terminal)" "$db"
equals "https + --sha256: .source.obtained" "$(jget 'd["source"]["obtained"]')" \
    "downloaded from $S/inter.pem"
equals "https + --sha256: .source.given" "$(jget 'd["source"]["given"]')" "$S/inter.pem"

db=$(fresh https-pin-hex)
run import "$S/inter.der" --cacert "$CACERT" --sha256 "$INTER_HEX" --profile "$db" \
    </dev/null
imported "https DER + --sha256 in plain lowercase hex" "$db"

refused "pin mismatch (--sha256 of the root for inter.pem)" "$S/inter.pem" "$INTER_FP" \
    "$S/inter.pem" --cacert "$CACERT" --sha256 "$ROOT_FP"
contains "pin mismatch: stderr shows the pin too" "$ERR" "$ROOT_FP"

# ---- http:// and file:// ----------------------------------------------------------------

refused "http:// without a pin (even with --yes)" "$H/inter.pem?unpinned" "--sha256" \
    "$H/inter.pem?unpinned" --yes
not_requested "http:// without a pin: nothing downloaded" "http /inter.pem?unpinned"

db=$(fresh http-pin)
run import "$H/inter.pem" --sha256 "$INTER_FP" --profile "$db" --json </dev/null
imported "http:// with the right --sha256" "$db"
equals "http:// with --sha256: .source.obtained" "$(jget 'd["source"]["obtained"]')" \
    "downloaded from $H/inter.pem"

refused "http:// with the wrong --sha256" "$H/root.pem" "$ROOT_FP" \
    "$H/root.pem" --sha256 "$INTER_FP"
contains "http:// with the wrong --sha256: stderr shows the pin too" "$ERR" "$INTER_FP"

db=$(fresh file-pin)
run import "file://$INTER" --sha256 "$INTER_FP" --profile "$db" </dev/null
imported "file:// with --sha256" "$db"
refused "file:// without a pin" "file://$INTER" "--sha256" "file://$INTER" --yes

# ---- failed downloads --------------------------------------------------------------------

refused "HTTP 404" "$S/404" "HTTP 404" "$S/404" --cacert "$CACERT" --yes
refused "redirect to http://" "$S/redirect-http" "redirected" \
    "$S/redirect-http" --cacert "$CACERT" --yes
refused "redirect to http:// (pinned: redirects stay https)" "$S/redirect-http" "redirected" \
    "$S/redirect-http" --cacert "$CACERT" --sha256 "$INTER_FP"
refused "redirect to file://" "$S/redirect-file" "redirected" \
    "$S/redirect-file" --cacert "$CACERT" --yes
refused "redirect to file:// (pinned)" "$H/redirect-file" "redirected" \
    "$H/redirect-file" --sha256 "$INTER_FP"
lacks "redirect to file://: nothing of /etc/passwd shown" "$ERR" "root:"

db=$(fresh redirect-https)
run import "$S/redirect-https" --cacert "$CACERT" --yes --profile "$db" </dev/null
imported "redirect to https:// (allowed)" "$db"
db=$(fresh redirect-http-to-https)
run import "$H/redirect-https" --cacert "$CACERT" --sha256 "$INTER_FP" --profile "$db" \
    </dev/null
imported "pinned http:// redirected to https:// (allowed)" "$db"

refused "redirect loop" "$S/loop" "more than 5 redirects" "$S/loop" --cacert "$CACERT" --yes
refused "chunked body over the cap" "$S/chunked-big" "larger than 64 KiB" \
    "$S/chunked-big" --cacert "$CACERT" --yes
refused "Content-Length over the cap" "$S/big" "larger than 64 KiB" \
    "$S/big" --cacert "$CACERT" --yes

t0=$(ms)
refused "stalled server with --timeout 2" "$S/stall" "timed out" \
    "$S/stall" --cacert "$CACERT" --yes --timeout 2
elapsed=$(($(ms) - t0))
check "stalled server: gave up after about 2 s (took $elapsed ms)" \
    sh -c '[ "$1" -ge 1500 ] && [ "$1" -lt 8000 ]' _ "$elapsed"

refused "body is not a certificate" "$S/notcert" "not a certificate" \
    "$S/notcert" --cacert "$CACERT" --yes
refused "untrusted server certificate (no --cacert)" "$S/inter.pem" "cannot be verified" \
    "$S/inter.pem" --yes
refused "expired certificate by URL" "$S/expired.pem" "expired on 2021-12-31" \
    "$S/expired.pem" --cacert "$CACERT" --yes
db=$(fresh expired-url)
run import "$S/expired.pem" --cacert "$CACERT" --yes --allow-expired --profile "$db" </dev/null
imported "expired certificate by URL with --allow-expired" "$db" "$EXPIRED_NICK"

# ---- unpinned https: confirmation ---------------------------------------------------------

refused "unpinned https, no terminal, no --yes" "$S/inter.pem?confirm" "--sha256" \
    "$S/inter.pem?confirm" --cacert "$CACERT"
home_before=$(find "$HOME" | sort)
run show "$S/inter.pem?show" --cacert "$CACERT" </dev/null
expect_rc "show of an unpinned https URL needs no --yes" 0
contains "show of an unpinned https URL: the certificate" "$OUT" "$NICK"
contains "show of an unpinned https URL: the fingerprint" "$OUT" "$INTER_FP"
equals "show of an unpinned https URL: nothing written under HOME" \
    "$(find "$HOME" | sort)" "$home_before"
untouched "show of an unpinned https URL"

# At a terminal (script(1) gives one): the certificate and a question; y imports, n not.
if command -v script >/dev/null 2>&1; then
    for answer in y n; do
        db=$(fresh "tty-$answer")
        printf '%s\n' "$answer" | timeout 20 script -qec "'$FFCERT' import '$S/inter.pem' \
            --cacert '$CACERT' --profile '$db'; echo \"rc=\$?\"" /dev/null >"$R/tty.out" 2>&1
        TTY=$(tr -d '\r' <"$R/tty.out")
        contains "terminal, answer $answer: the question" "$TTY" "[y/N]"
        contains "terminal, answer $answer: the fingerprint shown" "$TTY" "$INTER_FP"
        if [ "$answer" = y ]; then
            contains "terminal, answer y: exit 0" "$TTY" "rc=0"
            equals "terminal, answer y: oracle" "$(oracle_trust "$db" "$NICK")" "c,c,"
        else
            contains "terminal, answer n: exit 2" "$TTY" "rc=2"
            contains "terminal, answer n: says so" "$TTY" "not confirmed"
            equals "terminal, answer n: nothing imported" "$(oracle_count "$db")" 0
        fi
    done
else
    skip "terminal confirmation" "script(1) is not installed"
fi

# ---- test catalogues ---------------------------------------------------------------------

CATDIR="$R/cat"
mkdir -p "$CATDIR/certs"
cp "$INTER" "$CATDIR/certs/inter.pem"
CAT="$CATDIR/catalog.ini"
cat >"$CAT" <<EOF
; ffcert test catalogue (the format of share/ffcert/catalog.ini)
[testca]
name = ffcert Test Intermediate CA
alias = test-ca-alias
purpose = client authentication
url = http://127.0.0.1:9/x
url = $H/inter.pem?catalog
sha256 = $INTER_FP
trust = c,c,
note = first address refused, second one works
offline = certs/inter.pem

[allfail]
name = every address fails
url = http://127.0.0.1:9/x
url = $H/404?allfail
sha256 = $INTER_FP
offline = $INTER

[slow]
name = only address stalls
url = $H/stall?catalog-offline
sha256 = $INTER_FP
offline = certs/inter.pem

[wrongserved]
name = the server sends another certificate
url = $H/root.pem?wrongserved
sha256 = $INTER_FP
offline = certs/inter.pem

[oldca]
name = ffcert Expired CA
sha256 = $EXPIRED_FP
superseded_by = testca
offline = $CERTS/expired-ca.pem
EOF

db=$(fresh cat-testca)
run import testca --catalog "$CAT" --profile "$db" --json </dev/null
imported "catalogue: testca (first url refused, second works)" "$db"
equals "catalogue: testca .source.obtained" "$(jget 'd["source"]["obtained"]')" \
    "downloaded from $H/inter.pem?catalog"
equals "catalogue: testca .source.catalog_entry" "$(jget 'd["source"]["catalog_entry"]')" \
    testca
requested "catalogue: testca: the second url was asked" "http /inter.pem?catalog"

run show test-ca-alias --catalog "$CAT" --offline --json </dev/null
expect_rc "catalogue: alias test-ca-alias" 0
equals "catalogue: alias resolves to testca" "$(jget 'd["source"]["catalog_entry"]')" testca
equals "catalogue: relative offline path, from the catalogue's folder" \
    "$(jget 'd["source"]["obtained"]')" "offline copy $CATDIR/certs/inter.pem"

db=$(fresh cat-allfail)
run import allfail --catalog "$CAT" --profile "$db" </dev/null
imported "catalogue: every url fails -> offline copy" "$db"
contains "catalogue: every url fails: warning names the entry" "$ERR" "allfail"
contains "catalogue: every url fails: warning says the offline copy is used" "$ERR" \
    "offline copy"
contains "catalogue: every url fails: warning gives a url's cause" "$ERR" "HTTP 404"
requested "catalogue: every url fails: the urls were tried" "http /404?allfail"

t0=$(ms)
db=$(fresh cat-offline)
run import slow --catalog "$CAT" --offline --profile "$db" --json </dev/null
elapsed=$(($(ms) - t0))
imported "catalogue: --offline with a stalling url" "$db"
check "catalogue: --offline returns at once (took $elapsed ms)" [ "$elapsed" -lt 1500 ]
not_requested "catalogue: --offline: no request" "http /stall?catalog-offline"
equals "catalogue: --offline .source.obtained" "$(jget 'd["source"]["obtained"]')" \
    "offline copy $CATDIR/certs/inter.pem"

refused "catalogue: the url serves another certificate" "$H/root.pem?wrongserved" \
    "$ROOT_FP" wrongserved --catalog "$CAT"
contains "catalogue: the url serves another certificate: the pin too" "$ERR" "$INTER_FP"

refused "catalogue: expired entry" "oldca" "expired on 2021-12-31" oldca --catalog "$CAT"
contains "catalogue: expired entry names its successor" "$ERR" "testca"

run catalog --catalog "$CAT" --json
expect_rc "catalog --catalog FILE --json" 0
equals "catalog --catalog FILE --json: the file" "$(jget 'd["catalog"]')" "$CAT"
equals "catalog --catalog FILE --json: the entries" \
    "$(jget '" ".join(e["name"] for e in d["entries"])')" "testca allfail slow wrongserved oldca"
equals "catalog --catalog FILE --json: testca's urls" \
    "$(jget '" ".join(d["entries"][0]["urls"])')" "http://127.0.0.1:9/x $H/inter.pem?catalog"
equals "catalog --catalog FILE --json: copies match their pins" \
    "$(jget '" ".join(str(e["offline_matches_pin"]) for e in d["entries"])')" \
    "True True True True True"
equals "catalog --catalog FILE --json: oldca expired, superseded by testca" \
    "$(jget 'd["entries"][4]["state"] + " " + d["entries"][4]["superseded_by"]')" \
    "expired testca"
not_requested "catalog lists without downloading" "http /stall?catalog-offline"

CAT2="$CATDIR/badcopy.ini"
cat >"$CAT2" <<EOF
[badcopy]
name = offline copy is another certificate
sha256 = $INTER_FP
offline = $CERTS/root-ca.pem
EOF
refused "catalogue: offline copy does not match its pin" "$CERTS/root-ca.pem" "$ROOT_FP" \
    badcopy --catalog "$CAT2"
contains "catalogue: offline copy mismatch: the pin too" "$ERR" "$INTER_FP"
refused "catalogue: offline copy mismatch with --offline" "$CERTS/root-ca.pem" "$INTER_FP" \
    badcopy --catalog "$CAT2" --offline
run catalog --catalog "$CAT2" --json
expect_rc "catalog: a copy that does not match its pin" 1
equals "catalog: offline_matches_pin false" "$(jget 'd["entries"][0]["offline_matches_pin"]')" \
    false
contains "catalog: the mismatch on stderr" "$ERR" "badcopy"

# Malformed catalogues: exit 2 naming FILE:LINE or the entry, for import and catalog.
bad_catalog() { # bad_catalog DESC NEEDLE (the file is $BAD)
    refused "malformed catalogue: $1" "$BAD" "$2" testca --catalog "$BAD"
    run catalog --catalog "$BAD"
    expect_rc "malformed catalogue: $1: catalog" 2
    one_line "malformed catalogue: $1: catalog: one line on stderr"
    contains "malformed catalogue: $1: catalog: cause" "$ERR" "$2"
}
BAD="$CATDIR/unknown-key.ini"
printf '[testca]\nsha256 = %s\noffline = %s\ncolour = blue\n' "$INTER_FP" "$INTER" >"$BAD"
bad_catalog "unknown key" "$BAD:4: unknown key 'colour'"
BAD="$CATDIR/no-pin.ini"
printf '[testca]\nname = x\noffline = %s\n' "$INTER" >"$BAD"
bad_catalog "missing sha256" "[testca] has no sha256 pin"
BAD="$CATDIR/bad-hex.ini"
printf '[testca]\nname = x\n\nsha256 = %s\noffline = %s\n' \
    "$(printf '%s' "$INTER_FP" | sed 's/^../ZZ/')" "$INTER" >"$BAD"
bad_catalog "bad hex in sha256" "$BAD:4: sha256 of [testca]"
BAD="$CATDIR/short-hex.ini"
printf '[testca]\nsha256 = %s\noffline = %s\n' "${INTER_HEX%??}" "$INTER" >"$BAD"
bad_catalog "sha256 one byte short" "$BAD:2: sha256 of [testca]"
BAD="$CATDIR/no-such-successor.ini"
printf '[testca]\nsha256 = %s\noffline = %s\nsuperseded_by = nowhere\n' "$INTER_FP" \
    "$INTER" >"$BAD"
bad_catalog "superseded_by an unknown entry" "nowhere"
BAD="$CATDIR/missing.ini"
bad_catalog "missing file" "No such file or directory"

# ---- the real catalogue (offline copies only) ---------------------------------------------

run catalog --json
expect_rc "real catalogue: catalog --json" 0
names=" $(jget '" ".join(e["name"] for e in d["entries"])') "
for n in nii-g4 nii-smime nii-g5 nii-g7-rsa nii-g8-rsa secom-tls-rsa-root-2024-cross; do
    contains "real catalogue: has $n" "$names" " $n "
done
printf '%s' "$OUT" | python3 -c '
import json, sys
for e in json.load(sys.stdin)["entries"]:
    if e["shipped"]:  # entries not shipped have no copy to check (catalog.sh covers them)
        print(e["name"], e["offline"] or "-", e["sha256"], e["offline_matches_pin"])
' >"$R/real.txt"
check "real catalogue: entries listed" [ -s "$R/real.txt" ]
while read -r n file pin matches; do
    equals "real catalogue: $n: offline_matches_pin" "$matches" True
    equals "real catalogue: $n: openssl's fingerprint of the offline copy is the pin" \
        "$(fp "$file" 2>/dev/null)" "$pin"
done <"$R/real.txt"
equals "real catalogue: nii-g4 is expired" \
    "$(jget '[e["state"] for e in d["entries"] if e["name"] == "nii-g4"][0]')" expired
equals "real catalogue: nii-g4 is superseded by PUB CA8 (client certificates)" \
    "$(jget '[e["superseded_by"] for e in d["entries"] if e["name"] == "nii-g4"][0]')" \
    secom-pfm-pub-ca8
equals "real catalogue: nii-g8-rsa's nickname" \
    "$(jget '[e["certificate"]["nickname"] for e in d["entries"] if e["name"] == "nii-g8-rsa"][0]')" \
    "$G8_NICK"

run show nii-odca3-g4 --offline --json </dev/null
expect_rc "real catalogue: show nii-odca3-g4 --offline" 0
equals "real catalogue: alias nii-odca3-g4 is nii-g4" \
    "$(jget 'd["source"]["catalog_entry"]')" nii-g4

refused "real catalogue: nii-g4 (expired)" "nii-g4" "2024-12-25" nii-g4 --offline
contains "real catalogue: nii-g4 names its successor" "$ERR" "secom-pfm-pub-ca8"
db=$(fresh nii-g4)
run import nii-g4 --offline --allow-expired --profile "$db" </dev/null
imported "real catalogue: nii-g4 --allow-expired" "$db" "$G4_NICK"

db=$(fresh nii-g8)
run import nii-g8-rsa --offline --profile "$db" </dev/null
imported "real catalogue: nii-g8-rsa --offline" "$db" "$G8_NICK"

# ---- expired files, unknown SOURCE --------------------------------------------------------

refused "expired file" "$CERTS/expired-ca.pem" "expired on 2021-12-31" "$CERTS/expired-ca.pem"
db=$(fresh expired-file)
run import "$CERTS/expired-ca.pem" --allow-expired --profile "$db" </dev/null
imported "expired file with --allow-expired" "$db" "$EXPIRED_NICK"

refused "unknown SOURCE word" "no-such-thing" "a file" no-such-thing
contains "unknown SOURCE word: names URLs" "$ERR" "URL"
contains "unknown SOURCE word: names catalogue names" "$ERR" "catalogue name"

# ---- the network guard -------------------------------------------------------------------

# Any host but 127.0.0.1 goes to the closed proxy: proves libcurl honours the variables
# set at the top, so no test can reach a real server (.invalid never resolves anyway).
t0=$(ms)
run show "https://ffcert-sources-test.invalid/x.pem" --timeout 5 </dev/null
elapsed=$(($(ms) - t0))
expect_rc "network guard: a non-local URL fails" 2
contains "network guard: through the closed local proxy" "$ERR" "127.0.0.1"
check "network guard: fails at once (took $elapsed ms)" [ "$elapsed" -lt 3000 ]


equals "the server is still up (nothing crashed it)" \
    "$(kill -0 "$SERVER" 2>/dev/null && echo up)" up

# A folder named like a catalogue entry in the working directory does not hide it.
mkdir -p "$T/cwd/nii-g8-rsa"
OUT=$(cd "$T/cwd" && "$FFCERT" show nii-g8-rsa --offline --json 2>/dev/null)
equals "a folder does not hide a catalogue name" "$(jget 'd["source"]["catalog_entry"]')" "nii-g8-rsa"

# ---- issue 17: nothing a download is given can hold the run, and its words are right ----

mkfifo "$R/fifo"
t0=$(ms)
# (under timeout(1): a regression would otherwise hold make check for good)
run_command timeout 10 "$FFCERT" import "file://$R/fifo" --sha256 "$INTER_FP" --profile "$A" \
    --profile "$B" </dev/null
expect_rc "file:// naming a FIFO: refused, not waited on" 2
one_line "file:// FIFO: one line"
contains "file:// FIFO: says why" "$ERR" "not a regular file"
untouched "file:// FIFO"
check "file:// FIFO: ends at once (took $(($(ms) - t0)) ms)" [ $(($(ms) - t0)) -lt 1500 ]

# A server that stops sending: the low-speed limit (10 s) ends it before --timeout 15.
t0=$(ms)
refused "a stalled body under a longer limit" "$S/stall" "the server sent nothing for 10 s" \
    "$S/stall" --cacert "$CACERT" --yes --timeout 15
lacks "... not called a timeout of the limit" "$ERR" "limit 15 s"

# A server that speaks TLS 1.0 only: no --cacert can help, so none is suggested.
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
openssl s_server -accept "127.0.0.1:$port" -cert "$PKI/server.pem" -key "$PKI/server.key" \
    -tls1 -cipher 'DEFAULT@SECLEVEL=0' -www >/dev/null 2>&1 &
tls1=$!
sleep 1
refused "a TLS 1.0-only server" "https://127.0.0.1:$port/" "outdated TLS" \
    "https://127.0.0.1:$port/inter.pem" --cacert "$CACERT" --yes
lacks "TLS 1.0: no advice to use --cacert" "$ERR" "--cacert FILE"
kill "$tls1" 2>/dev/null
wait "$tls1" 2>/dev/null

finish
