#!/bin/sh
# The real-Firefox half of tests/integration/policy.sh. Runs as root in a private
# mount and network namespace (unshare -m -n), so it may write the system paths that
# `ffcert policy` uses by default: /etc and /usr/lib/mozilla are overlays whose
# changes live in $W and vanish with the namespace; the network holds only loopback.
#
# Usage: firefox.sh W FFCERT TOP. Prints what it saw as "key=value" lines for the
# calling test to check; the test fails on anything unexpected.
set -u
W=$1 FFCERT=$2 TOP=$3
PORT=8443 # nothing else listens in a fresh network namespace

say() { echo "$1=$2"; }

# ---- private views of the system folders --------------------------------------
overlay() { # DIR: later writes under DIR go to $W/ov/NAME instead
    n=$(echo "$1" | tr / _)
    mkdir -p "$W/ov/$n/up" "$W/ov/$n/work"
    mount -t overlay overlay -o "lowerdir=$1,upperdir=$W/ov/$n/up,workdir=$W/ov/$n/work" "$1"
}
overlay /etc || { say setup "overlay /etc failed"; exit 1; }
if [ -d /usr/lib/mozilla ]; then overlay /usr/lib/mozilla; else overlay /usr/lib; fi ||
    { say setup "overlay /usr/lib failed"; exit 1; }
ip link set lo up || { say setup "loopback down"; exit 1; }
say setup ok

# ---- a test PKI: root -> intermediate -> leaf for 127.0.0.1 -----------------------
. "$TOP/tests/pki.sh"
pki_dir "$W/pki"
P=$PKI_DIR
pki_root root "/O=ffcert Policy Test/CN=ffcert Policy Test Root" 30 &&
    pki_issue inter "/O=ffcert Policy Test/CN=ffcert Policy Test Intermediate" root ca 30 &&
    pki_issue leaf "/CN=127.0.0.1" inter server 30 ||
    { say pki failed; exit 1; }
INTER_NICK="ffcert Policy Test Intermediate - ffcert Policy Test"

# ---- Firefox helpers --------------------------------------------------------------
# first_start HOME: a brand-new profile, as a user's first Firefox start makes it.
# Prints the profile folder (the one with a cert9.db).
first_start() {
    mkdir -p "$1"
    HOME=$1 timeout 60 firefox-esr --headless --screenshot "$W/blank.png" about:blank \
        >>"$W/firefox.log" 2>&1
    db=$(find "$1" -name cert9.db | head -1)
    [ -n "$db" ] || return 1
    cp "$TOP/tests/policy/user.js" "$(dirname "$db")/user.js"
    dirname "$db"
}

# site HOME: loads https://127.0.0.1:$PORT/page.html in Firefox. Prints "loaded" when
# the page itself was shown, "refused" when the server saw Firefox reject its
# certificate (Firefox's headless screenshot never returns on an error page, so it
# is stopped then), else "timeout" or "other COLOUR".
site() {
    before=$(grep -c 'alert' "$W/server.log")
    rm -f "$W/shot.png"
    HOME=$1 setsid firefox-esr --headless --screenshot "$W/shot.png" \
        "https://127.0.0.1:$PORT/page.html" >>"$W/firefox.log" 2>&1 &
    ff=$!
    result=timeout
    i=0
    while [ $i -lt 100 ]; do
        if ! kill -0 "$ff" 2>/dev/null; then result=exited; break; fi
        if [ "$(grep -c 'alert' "$W/server.log")" -gt "$before" ]; then result=refused; break; fi
        sleep 0.2
        i=$((i + 1))
    done
    if [ "$result" != exited ]; then kill -- "-$ff" 2>/dev/null; fi
    wait "$ff" 2>/dev/null
    if [ "$result" = exited ]; then
        colour=$(python3 "$TOP/tests/firefox/pixel.py" "$W/shot.png" 2>/dev/null)
        case "$colour" in 0,0,192) result=loaded ;; *) result="other ${colour:-no-screenshot}" ;; esac
    fi
    echo "$result"
}

trust_of() { # PROFILE CERT.pem: "certutil LETTERS" as Debian's certutil sees it
    l=$(certutil -L -d "sql:$1" 2>/dev/null |
        awk -v n="$2" 'NR > 4 { t = $NF; $NF = ""; sub(/ +$/, ""); if ($0 == n) print t }')
    echo "${l:-absent}"
}

# ---- 1. ffcert policy install with the default paths ----------------------------
# First a dry run: it says what would change and writes nothing.
"$FFCERT" policy install "$P/inter.pem" --dry-run --json >"$W/dry.out" 2>&1
dry_rc=$?
say dry_run "$dry_rc $(python3 -c 'import json, sys; d = json.load(open(sys.argv[1])); print(d["file"], d["policy"])' "$W/dry.out" 2>&1) $([ -e /etc/firefox/policies/policies.json ] && echo written || echo absent) $(ls /usr/lib/mozilla/certificates 2>/dev/null | wc -l)"
"$FFCERT" policy install "$P/inter.pem" >"$W/install.out" 2>&1
say install_rc $?
say install_entry "$(python3 -c 'import json; print(json.load(open("/etc/firefox/policies/policies.json"))["policies"]["Certificates"]["Install"])' 2>&1)"
# Which file does firefox-esr read? Put the root into /etc/firefox-esr as well: if
# firefox-esr read that one, the root would show up in new profiles.
"$FFCERT" policy install "$P/root.pem" --policies /etc/firefox-esr/policies/policies.json \
    --cert-dir "$W/esr-certs" >/dev/null 2>&1
say esr_install_rc $?

# ---- 2. a brand-new profile ---------------------------------------------------------
start=$(date +%s)
PROF=$(first_start "$W/home1")
say first_start_seconds $(($(date +%s) - start))
say profile "${PROF:-none}"
[ -n "$PROF" ] || exit 1
say certutil_trust "$(trust_of "$PROF" "$INTER_NICK")"
# ... and what `ffcert status` reports for it: the trust Firefox uses, and what older
# NSS reads (policy status's note says so).
say ffcert_status "$("$FFCERT" status "$P/inter.pem" --profile "$PROF" --json 2>/dev/null |
    python3 -c 'import json, sys; d = json.load(sys.stdin)["databases"][0]; print(d["result"], d["trust"], d["trust_legacy"], "+".join(d["trust_forms"]))' 2>&1)"
say stored_trust "$(python3 "$TOP/tests/policy/trust.py" "$PROF/cert9.db" "$P/inter.pem" | tr '\n' ' ' | sed 's/ $//')"
say esr_root_in_profile "$(certutil -L -d "sql:$PROF" -n 'ffcert Policy Test Root - ffcert Policy Test' >/dev/null 2>&1 && echo yes || echo no)"

# ---- 3. a site that sends only its leaf ---------------------------------------------
cp "$TOP/tests/policy/page.html" "$W/page.html"
(cd "$W" && exec openssl s_server -accept "127.0.0.1:$PORT" -cert "$P/leaf.pem" \
    -key "$P/leaf.key" -WWW >"$W/server.log" 2>&1) &
SERVER=$!
i=0
while [ $i -lt 50 ] && ! grep -q ACCEPT "$W/server.log" 2>/dev/null; do sleep 0.1; i=$((i + 1)); done
say site_root_untrusted "$(site "$W/home1")"
certutil -A -d "sql:$PROF" -n "ffcert Policy Test Root" -t C,, -i "$P/root.pem"
say site_root_trusted "$(site "$W/home1")"
say site_requests "$(grep -c '^FILE:page.html' "$W/server.log")"

# ---- 4. ffcert policy remove -----------------------------------------------------------
"$FFCERT" policy remove "$P/inter.pem" >"$W/remove.out" 2>&1
say remove_rc $?
say policies_after_remove "$([ -e /etc/firefox/policies/policies.json ] && echo present || echo absent)"
say cert_file_after_remove "$(ls /usr/lib/mozilla/certificates 2>/dev/null | tr '\n' ' ')"
# The profile that got it keeps it, and Firefox still trusts it.
say kept_after_remove "$(trust_of "$PROF" "$INTER_NICK")"
say site_kept "$(site "$W/home1")"
# A profile made now does not get it: the same site fails there, root trusted or not.
PROF2=$(first_start "$W/home2")
say new_profile_has_it "$(trust_of "$PROF2" "$INTER_NICK")"
certutil -A -d "sql:$PROF2" -n "ffcert Policy Test Root" -t C,, -i "$P/root.pem"
say site_new_profile "$(site "$W/home2")"
# `ffcert remove` takes it out of the old profile, as `policy status` advises.
"$FFCERT" remove "$P/inter.pem" --profile "$PROF" >/dev/null 2>&1
say ffcert_remove_rc $?
say site_after_ffcert_remove "$(site "$W/home1")"

kill "$SERVER" 2>/dev/null
wait "$SERVER" 2>/dev/null
exit 0
