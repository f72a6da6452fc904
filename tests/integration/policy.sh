#!/bin/sh
# ffcert policy install|status|remove: Firefox's enterprise policy Certificates.Install.
# The first part works on policies.json and certificate folders under $T. The second
# part starts the real firefox-esr, as root in a private mount and network namespace
# (see tests/policy/firefox.sh): the system paths it writes are overlays there, so the
# machine's own /etc and /usr/lib/mozilla are never touched.
. "$(dirname "$0")/../lib.sh"

PJ=$T/etc/policies/policies.json
CD=$T/certs
INTER=$CERTS/inter-ca.pem
NAME=ffcert-test-intermediate-ca-g4.pem

# pj EXPR: a value of the policies.json in $PJ (d is the document), as jget prints it.
pj() { OUT=$(cat "$PJ" 2>/dev/null) jget "$1"; }
mode() { stat -c %a "$1"; }

# ---- install: merge into an existing policies.json ----------------------------------
mkdir -p "$T/etc/policies" "$T/other"
cp "$CERTS/root-ca.pem" "$T/other/root.pem"
cat >"$PJ" <<EOF
{
  "policies": {
    "DisableTelemetry": true,
    "Preferences": {"browser.startup.page": {"Value": 3, "Status": "default"}},
    "Certificates": {
      "ImportEnterpriseRoots": false,
      "Install": ["$T/other/root.pem"]
    }
  }
}
EOF
chmod 600 "$PJ"
cp "$PJ" "$T/seed.json"

# ---- --dry-run: what install would change, nothing written ----------------------------
snap=$(snapshot "$T/etc")
run policy install "$INTER" --policies "$PJ" --cert-dir "$CD" --dry-run --json
expect_rc "install --dry-run" 0
equals "install --dry-run, JSON: both would be imported, nothing changed" \
    "$(jget "(d['dry_run'], d['file'], d['policy'], d['changed'], d['summary'], d['cert_file'])")" \
    "(True, 'would-import', 'would-import', False, {'would-import': 2}, '$CD/$NAME')"
equals "install --dry-run, JSON: one row per thing of the store" \
    "$(jget "[(r['kind'], r['path'], r['result']) for r in d['rows']]")" \
    "[('file', '$CD/$NAME', 'would-import'), ('entry', '$PJ', 'would-import')]"
equals "install --dry-run: policies.json byte-identical, no backup" "$(snapshot "$T/etc")" "$snap"
check "install --dry-run: the certificates folder is not even made" test ! -e "$CD"
equals "install --dry-run: policies.json keeps its mode" "$(mode "$PJ")" 600
run policy install "$INTER" --policies "$PJ" --cert-dir "$CD" --dry-run
expect_rc "install --dry-run, text" 0
contains "install --dry-run, text: says so" "$OUT" "Dry run: nothing is written."
contains "install --dry-run, text: the file's row" "$OUT" "would-import $CD/$NAME  (certificate file)"
contains "install --dry-run, text: the entry's row" "$OUT" "would-import $PJ  (Install entry)"
contains "install --dry-run, text: what would happen" "$OUT" "would install: Firefox would add"
equals "install --dry-run, text: still nothing written" "$(snapshot "$T/etc")" "$snap"
check "... and no certificates folder" test ! -e "$CD"

run policy install "$INTER" --policies "$PJ" --cert-dir "$CD"
expect_rc "install into an existing policies.json" 0
contains "install says what it wrote: the file" "$OUT" "imported     $CD/$NAME  (certificate file)"
contains "install says what it wrote: the entry" "$OUT" "imported     $PJ  (Install entry)"
check "the certificate file is written, named from its CN" test -f "$CD/$NAME"
equals "the certificate file is the same certificate" "$(fp "$CD/$NAME")" "$(fp "$INTER")"
equals "the certificate file is one bare PEM block" \
    "$(head -1 "$CD/$NAME")|$(tail -1 "$CD/$NAME")|$(grep -c -- ----- "$CD/$NAME")" \
    "-----BEGIN CERTIFICATE-----|-----END CERTIFICATE-----|2"
equals "the certificate file is mode 0644" "$(mode "$CD/$NAME")" 644
equals "policies.json is valid JSON and lists both entries, in order" \
    "$(pj "d['policies']['Certificates']['Install']")" "['$T/other/root.pem', '$CD/$NAME']"
equals "other policies are kept" \
    "$(pj "(d['policies']['DisableTelemetry'], d['policies']['Preferences']['browser.startup.page']['Value'], d['policies']['Certificates']['ImportEnterpriseRoots'])")" \
    "(True, 3, False)"
equals "policies.json keeps its mode 0600" "$(mode "$PJ")" 600
check "the previous policies.json is kept as policies.json.bak" cmp -s "$T/seed.json" "$PJ.bak"
equals "the backup has the mode of the file it keeps, 0600" "$(mode "$PJ.bak")" 600
equals "no temporary file is left behind" "$(ls -A "$T/etc/policies" "$CD" | grep -c '^\.')" 0

# ---- idempotent --------------------------------------------------------------------
snap=$(snapshot "$T/etc"; snapshot "$CD")
run policy install "$INTER" --policies "$PJ" --cert-dir "$CD"
expect_rc "a second install" 0
contains "a second install says unchanged" "$OUT" "unchanged"
equals "a second install writes nothing (backup included)" "$(snapshot "$T/etc"; snapshot "$CD")" "$snap"
run policy install "$INTER" --policies "$PJ" --cert-dir "$CD" --json
expect_rc "a second install, --json" 0
equals "JSON: file and policy unchanged, changed false" \
    "$(jget "(d['file'], d['policy'], d['changed'], d['entry'])")" \
    "('unchanged', 'unchanged', False, '$CD/$NAME')"

# ---- status ------------------------------------------------------------------------
run policy status --policies "$PJ" --cert-dir "$CD" --json
expect_rc "status" 0
equals "status JSON: both entries, each existing" \
    "$(jget "[(e['entry'], e['exists'], e['problem']) for e in d['install']]")" \
    "[('$T/other/root.pem', True, None), ('$CD/$NAME', True, None)]"
equals "status JSON: the certificate of each entry" \
    "$(jget "[e['certificate']['sha256'] for e in d['install']]")" \
    "['$(fp "$CERTS/root-ca.pem")', '$(fp "$INTER")']"
equals "status JSON: other policies by name" "$(jget "d['other_policies']")" \
    "['DisableTelemetry', 'Preferences', 'Certificates.ImportEnterpriseRoots']"
contains "status JSON explains the trust Firefox stores" "$(jget "d['notes']['trust']")" \
    'which `ffcert status` reports as Firefox uses them (CT,C,)'
contains "status JSON: ... and what older NSS shows" "$(jget "d['notes']['trust']")" \
    "older NSS (Debian 12's certutil) shows as \",,\""
lacks "status JSON no longer says ffcert status shows no trust" "$(jget "d['notes']['trust']")" \
    '`ffcert status` show'
contains "status JSON says profiles keep the certificate" "$(jget "d['notes']['remove']")" \
    'profiles that already hold it keep it'
run policy status --policies "$PJ" --cert-dir "$CD"
expect_rc "status as text" 0
contains "status text names the certificate" "$OUT" "ok: CN=ffcert Test Intermediate CA - G4"
contains "status text gives the trust Firefox asks for" "$OUT" "CT,CT,"
contains "status text: a row per entry, with its result" "$OUT" "present      $CD/$NAME"
run policy install --help
contains "help: ffcert status reports the 3.2 records" "$(printf '%s' "$OUT" | tr '\n' ' ')" \
    'which `ffcert status` reports as Firefox uses them (CT,C,)'

# A missing file, a file that is not a certificate, one Firefox cannot read.
cp "$PJ" "$T/good.json"
python3 - "$PJ" "$T" "$CERTS" <<'EOF'
import json, sys
p, t, certs = sys.argv[1:]
d = json.load(open(p))
d["policies"]["Certificates"]["Install"] += [t + "/gone.pem", certs + "/garbage.txt",
                                             certs + "/inter-ca-with-text.pem"]
json.dump(d, open(p, "w"))
EOF
cp "$PJ" "$T/broken.json"
run policy status --policies "$PJ" --cert-dir "$CD" --json
expect_rc "status with broken entries" 1
equals "status JSON: what is wrong with each" \
    "$(jget "[(e['exists'], (e['problem'] or '-').split(':')[0]) for e in d['install'][2:]]")" \
    "[(False, 'missing'), (True, 'not a certificate'), (True, 'Firefox cannot read it')]"
equals "status JSON: the result word of each entry" "$(jget "[e['result'] for e in d['install']]")" \
    "['present', 'present', 'absent', 'failed', 'failed']"
equals "one stderr line per broken entry" "$(printf '%s\n' "$ERR" | grep -c 'policy status')" 3
cp "$T/good.json" "$PJ"

run policy status --policies "$T/none/policies.json" --cert-dir "$CD" --json
expect_rc "status without a policies.json" 0
equals "status JSON: no file, no entries" \
    "$(jget "(d['policies_file_exists'], d['install'])")" "(False, [])"

# ---- remove ------------------------------------------------------------------------
snap=$(snapshot "$T/etc"; snapshot "$CD")
run policy remove "$INTER" --policies "$PJ" --cert-dir "$CD" --dry-run --json
expect_rc "remove --dry-run" 0
equals "remove --dry-run, JSON: both would be removed, nothing changed" \
    "$(jget "(d['dry_run'], d['file'], d['policy'], d['changed'], d['policies_file_deleted'])")" \
    "(True, 'would-remove', 'would-remove', False, False)"
equals "remove --dry-run: every file byte-identical" "$(snapshot "$T/etc"; snapshot "$CD")" "$snap"
run policy remove "$INTER" --policies "$PJ" --cert-dir "$CD" --dry-run
expect_rc "remove --dry-run, text" 0
contains "remove --dry-run, text: the file's row" "$OUT" "would-remove $CD/$NAME  (certificate file)"
contains "remove --dry-run, text: the entry's row" "$OUT" "would-remove $PJ  (Install entry)"
contains "remove --dry-run, text: says so" "$OUT" "Dry run: nothing is written."
equals "remove --dry-run, text: still byte-identical" "$(snapshot "$T/etc"; snapshot "$CD")" "$snap"

run policy remove "$INTER" --policies "$PJ" --cert-dir "$CD"
expect_rc "remove" 0
check "remove deletes the certificate file" test ! -e "$CD/$NAME"
equals "remove takes out only its entry" "$(pj "d['policies']['Certificates']['Install']")" \
    "['$T/other/root.pem']"
equals "remove keeps the other policies" \
    "$(pj "(d['policies']['DisableTelemetry'], d['policies']['Certificates']['ImportEnterpriseRoots'])")" \
    "(True, False)"
check "remove keeps the previous file as .bak" cmp -s "$T/good.json" "$PJ.bak"
equals "remove keeps the mode of policies.json (0600), and gives it to the .bak" \
    "$(mode "$PJ") $(mode "$PJ.bak")" "600 600"
contains "remove says profiles keep it" "$OUT" "keep it"
snap=$(snapshot "$T/etc")
run policy remove "$INTER" --policies "$PJ" --cert-dir "$CD" --json
expect_rc "a second remove" 0
equals "a second remove changes nothing" "$(jget "(d['file'], d['policy'], d['changed'])")" \
    "('absent', 'absent', False)"
equals "a second remove writes nothing" "$(snapshot "$T/etc")" "$snap"

# A policies.json made by install alone is deleted again by remove: an empty one would
# still hide <install>/distribution/policies.json from Firefox.
NEW=$T/new/deeper/policies.json
run policy install "$INTER" --policies "$NEW" --cert-dir "$T/newcerts"
expect_rc "install creates policies.json and its folders" 0
check "no backup when there was no file" test ! -e "$NEW.bak"
equals "a new policies.json is mode 0644 (Firefox runs as users)" "$(mode "$NEW")" 644
snap=$(snapshot "$T/new"; snapshot "$T/newcerts")
run policy remove "$INTER" --policies "$NEW" --cert-dir "$T/newcerts" --dry-run --json
expect_rc "remove --dry-run of the only entry" 0
equals "remove --dry-run: says policies.json would be deleted, keeps it" \
    "$(jget "(d['policy'], d['policies_file_deleted'], d['backup'])")|$(snapshot "$T/new"; snapshot "$T/newcerts")" \
    "('would-remove', True, '$NEW.bak')|$snap"
equals "the new file holds just the entry" "$(OUT=$(cat "$NEW") jget "d")" \
    "{'policies': {'Certificates': {'Install': ['$T/newcerts/$NAME']}}}"
run policy remove "$INTER" --policies "$NEW" --cert-dir "$T/newcerts"
expect_rc "remove of the only entry" 0
check "remove deletes a policies.json left empty" test ! -e "$NEW"
check "... keeping the last one as .bak" test -s "$NEW.bak"

# Another certificate already has the file name: a longer name is used, and remove
# leaves the other file alone.
mkdir -p "$T/taken"
cp "$CERTS/root-ca.pem" "$T/taken/$NAME"
run policy install "$INTER" --policies "$T/taken/p.json" --cert-dir "$T/taken" --json
expect_rc "install when the file name is taken" 0
case $(jget "d['cert_file']") in
"$T/taken/ffcert-test-intermediate-ca-g4-"????????.pem) ok "a name with the fingerprint is used" ;;
*) not_ok "a name with the fingerprint is used: $(jget "d['cert_file']")" ;; esac
run policy remove "$INTER" --policies "$T/taken/p.json" --cert-dir "$T/taken"
expect_rc "remove when the file name is taken" 0
equals "remove leaves the other certificate's file" "$(ls "$T/taken" | grep -v json)" "$NAME"
equals "... untouched" "$(fp "$T/taken/$NAME")" "$(fp "$CERTS/root-ca.pem")"

# A policies.json that is a symlink (configuration management) stays one.
mkdir -p "$T/link/real"
printf '{"policies": {"DisableTelemetry": true}}\n' >"$T/link/real/p.json"
ln -s real/p.json "$T/link/p.json"
run policy install "$INTER" --policies "$T/link/p.json" --cert-dir "$T/link/c"
expect_rc "install through a symlinked policies.json" 0
check "the symlink stays a symlink" test -L "$T/link/p.json"
equals "its target got the entry" "$(OUT=$(cat "$T/link/real/p.json") jget "d['policies']['Certificates']['Install']")" \
    "['$T/link/c/$NAME']"
run policy remove "$INTER" --policies "$T/link/p.json" --cert-dir "$T/link/c"
equals "remove writes through it too" "$(OUT=$(cat "$T/link/real/p.json") jget "d")" \
    "{'policies': {'DisableTelemetry': True}}"

# A catalogue name works as SOURCE, as for the other commands.
run policy install nii-g8-rsa --offline --policies "$T/cat/p.json" --cert-dir "$T/cat"
expect_rc "install by catalogue name" 0
check "the catalogue certificate gets its CN as file name" test -f "$T/cat/nii-open-domain-ca-g8-rsa.pem"

# ---- what install refuses -------------------------------------------------------------
run policy install "$CERTS/expired-ca.pem" --policies "$T/exp/p.json" --cert-dir "$T/exp"
expect_rc "an expired certificate is refused" 2
one_line "expired: one line"
contains "expired: the message says so" "$ERR" "expired on 2021-12-31"
check "expired: nothing written" test ! -e "$T/exp"
run policy install "$CERTS/expired-ca.pem" --allow-expired --policies "$T/exp/p.json" \
    --cert-dir "$T/exp"
expect_rc "an expired certificate with --allow-expired" 0
run policy install "$CERTS/leaf.pem" --policies "$T/leaf/p.json" --cert-dir "$T/leaf"
expect_rc "a certificate that is not a CA is refused" 2
check "not a CA: nothing written" test ! -e "$T/leaf"
run policy install "$CERTS/garbage.txt" --policies "$T/g/p.json" --cert-dir "$T/g"
expect_rc "a SOURCE that is not a certificate" 2

# ---- a policies.json that cannot be merged is never overwritten ----------------------
bad_case() { # DESC CONTENT WANTED-IN-MESSAGE
    mkdir -p "$T/bad"
    printf '%s' "$2" >"$T/bad/policies.json"
    cp "$T/bad/policies.json" "$T/bad.orig"
    for verb in install install--dry-run remove remove--dry-run status; do
        if [ $verb = status ]; then
            run policy status --policies "$T/bad/policies.json" --cert-dir "$T/bad/certs"
        else
            # shellcheck disable=SC2046
            run policy $(echo $verb | sed 's/--/ --/') "$INTER" --policies "$T/bad/policies.json" \
                --cert-dir "$T/bad/certs"
        fi
        expect_rc "$1: $verb" 2
    done
    one_line "$1: one line on stderr"
    contains "$1: the message says why" "$ERR" "$3"
    check "$1: the file is byte-identical" cmp -s "$T/bad.orig" "$T/bad/policies.json"
    equals "$1: nothing else written" "$(ls -A "$T/bad")" "policies.json"
    rm -rf "$T/bad"
}
bad_case "garbage" 'DisableTelemetry = true' "not valid JSON (line 1"
bad_case "truncated JSON" '{"policies": {"DisableTelemetry": true' "not valid JSON"
bad_case "empty file" '' "not valid JSON"
bad_case "top level an array" '[{"policies": {}}]' "the document is an array"
bad_case "policies an array" '{"policies": []}' '"policies" is an array, expected an object'
bad_case "Certificates a string" '{"policies": {"Certificates": "x"}}' \
    '"policies.Certificates" is a string'
bad_case "Install a string" '{"policies": {"Certificates": {"Install": "/x.pem"}}}' \
    '"policies.Certificates.Install" is a string, expected an array'
bad_case "Install holding a number" '{"policies": {"Certificates": {"Install": ["/x.pem", 3]}}}' \
    '"policies.Certificates.Install"[1] is a number'

# ---- places that are not files: refused at once, never waited on -----------------------
# A FIFO given as policies.json: no verb may open it in a way that blocks.
mkdir -p "$T/fifo"
mkfifo "$T/fifo/policies.json"
for verb in status install remove install--dry-run; do
    # shellcheck disable=SC2046
    set -- $(echo $verb | sed 's/--/ --/')
    [ "$1" = status ] || set -- "$@" "$INTER"
    run_command timeout 10 "$FFCERT" policy "$@" --policies "$T/fifo/policies.json" \
        --cert-dir "$T/fifo/certs"
    expect_rc "a FIFO as --policies, $verb: ends at once" 2
    one_line "a FIFO as --policies, $verb: one line"
    contains "a FIFO as --policies, $verb: says what it is" "$ERR" \
        "$T/fifo/policies.json: not a regular file"
done
check "a FIFO as --policies: nothing written" test ! -e "$T/fifo/certs"
check "... and the FIFO is still one" test -p "$T/fifo/policies.json"

# A FIFO where the backup goes: install would have replaced it. It is refused before
# anything is written.
mkdir -p "$T/bakfifo"
printf '{"policies": {"DisableTelemetry": true}}\n' >"$T/bakfifo/p.json"
cp "$T/bakfifo/p.json" "$T/bakfifo.orig"
mkfifo "$T/bakfifo/p.json.bak"
for dry in "--dry-run" ""; do
    # shellcheck disable=SC2086
    run_command timeout 10 "$FFCERT" policy install "$INTER" --policies "$T/bakfifo/p.json" \
        --cert-dir "$T/bakfifo/certs" $dry --json
    expect_rc "a FIFO as policies.json.bak, install $dry: a file could not be written" 1
    one_line "a FIFO as policies.json.bak, install $dry: one line"
    contains "a FIFO as policies.json.bak, install $dry: says so" "$ERR" \
        "cannot write $T/bakfifo/p.json.bak: not a regular file"
    equals "a FIFO as policies.json.bak, install $dry: the rows say what failed and what was not done" \
        "$(jget "[(r['kind'], r['result']) for r in d['rows']]")" "[('file', 'skipped'), ('entry', 'failed')]"
done
check "a FIFO as policies.json.bak: policies.json byte-identical" cmp -s "$T/bakfifo.orig" "$T/bakfifo/p.json"
check "a FIFO as policies.json.bak: the FIFO is left as it was" test -p "$T/bakfifo/p.json.bak"
check "a FIFO as policies.json.bak: no certificate file written" test ! -e "$T/bakfifo/certs/$NAME"
# The same for remove: nothing is removed.
"$FFCERT" policy install "$INTER" --policies "$T/bakfifo/q.json" --cert-dir "$T/bakfifo/certs" \
    >/dev/null 2>&1
mkfifo "$T/bakfifo/q.json.bak"
cp "$T/bakfifo/q.json" "$T/bakfifo/q.orig"
run_command timeout 10 "$FFCERT" policy remove "$INTER" --policies "$T/bakfifo/q.json" \
    --cert-dir "$T/bakfifo/certs"
expect_rc "a FIFO as policies.json.bak, remove: a file could not be written" 1
one_line "a FIFO as policies.json.bak, remove: one line"
check "a FIFO as policies.json.bak, remove: policies.json and the file stay" \
    sh -c "cmp -s '$T/bakfifo/q.orig' '$T/bakfifo/q.json' && test -f '$T/bakfifo/certs/$NAME'"

# policies.json cannot be written after the certificate file was: the file goes again,
# so that Firefox never sees one without the other.
run policy install "$INTER" --policies /proc/1/ffcert-none/p.json --cert-dir "$T/undo" --json
expect_rc "policies.json cannot be written: a file could not be written" 1
equals "... the report says which, and that the certificate file was taken back" \
    "$(jget "[(r['kind'], r['result']) for r in d['rows']]")" "[('file', 'skipped'), ('entry', 'failed')]"
check "... and the certificate file is gone again" test ! -e "$T/undo/$NAME"
one_line "... one line on stderr"

# A certificates folder whose name is not UTF-8 cannot be named in policies.json (JSON
# is UTF-8): refused before anything is written, never "added" and then lost.
LATIN1="$T/latin1/caf$(printf '\351')"
mkdir -p "$T/latin1"
printf '{"policies": {"DisableTelemetry": true}}\n' >"$T/latin1/p.json"
cp "$T/latin1/p.json" "$T/latin1.orig"
for dry in "--dry-run" ""; do
    # shellcheck disable=SC2086
    run policy install "$INTER" --policies "$T/latin1/p.json" --cert-dir "$LATIN1" $dry
    expect_rc "a certificates folder named in Latin-1, install $dry: refused" 1
    one_line "a certificates folder named in Latin-1, install $dry: one line"
    contains "a certificates folder named in Latin-1, install $dry: says why" "$ERR" "is not UTF-8"
done
check "a certificates folder named in Latin-1: policies.json byte-identical" \
    cmp -s "$T/latin1.orig" "$T/latin1/p.json"
check "a certificates folder named in Latin-1: no folder, no file, no backup" \
    test ! -e "$LATIN1" -a ! -e "$T/latin1/p.json.bak"

# A FIFO where the certificate file would go holds "another file": the longer name is
# used, and the FIFO is never opened.
mkdir -p "$T/certfifo/certs"
mkfifo "$T/certfifo/certs/$NAME"
run_command timeout 10 "$FFCERT" policy install "$INTER" --policies "$T/certfifo/p.json" \
    --cert-dir "$T/certfifo/certs" --json
expect_rc "a FIFO with the certificate's file name: install" 0
case $(jget "d['cert_file']") in
"$T/certfifo/certs/ffcert-test-intermediate-ca-g4-"????????.pem) ok "... uses the other name" ;;
*) not_ok "... uses the other name: $(jget "d['cert_file']")" ;; esac

# ---- not root, with the default paths ---------------------------------------------------
if [ "$(id -u)" -eq 0 ]; then
    as_nobody() { setpriv --reuid=65534 --regid=65534 --clear-groups "$@"; }
else
    as_nobody() { "$@"; }
fi
for verb in install remove "install --dry-run"; do
    # shellcheck disable=SC2086
    as_nobody "$FFCERT" policy $verb "$INTER" >"$T/out" 2>"$T/err"
    RC=$? OUT=$(cat "$T/out") ERR=$(cat "$T/err")
    expect_rc "not root, default paths: $verb refused" 2
    one_line "not root, $verb: one line"
    contains "not root, $verb: the message suggests sudo" "$ERR" "sudo ffcert policy ${verb%% *}"
    contains "not root, $verb: ... or other paths" "$ERR" "--policies FILE and --cert-dir DIR"
done
as_nobody "$FFCERT" policy install "$INTER" --policies "$T/nobody/p.json" >"$T/out" 2>"$T/err"
RC=$? OUT=$(cat "$T/out") ERR=$(cat "$T/err")
expect_rc "not root, only --cert-dir default: refused" 2
contains "... naming that folder" "$ERR" "/usr/lib/mozilla/certificates belongs to root"

# ---- usage --------------------------------------------------------------------------
run policy
expect_rc "policy without an action" 2
one_line "policy without an action: one line"
run policy frobnicate
expect_rc "an unknown action" 2
run policy install --policies
expect_rc "--policies without a value" 2
run policy status --policies "$PJ" extra
expect_rc "status takes no SOURCE" 2
run policy install --help
expect_rc "policy install --help" 0
contains "help names --cert-dir" "$OUT" "--cert-dir DIR"

# ---- valgrind: no leak, no invalid access ------------------------------------------------
if command -v valgrind >/dev/null 2>&1; then
    vg() { # DESC ARGS...
        _d=$1; shift
        valgrind -q --leak-check=full --errors-for-leak-kinds=definite,indirect \
            --show-leak-kinds=definite,indirect --error-exitcode=99 --log-file="$T/vg.log" \
            "$FFCERT" "$@" >/dev/null 2>&1
        if [ $? -ne 99 ] && [ ! -s "$T/vg.log" ]; then ok "valgrind clean: $_d"; else
            not_ok "valgrind: $_d"; sed 's/^/# /' "$T/vg.log" | head -30; fi
    }
    V=$T/vg
    vg "install of a bundle" policy install "$CERTS/inter-then-root.pem" --policies "$V/p.json" \
        --cert-dir "$V/c"
    vg "install again, --json" policy install "$INTER" --policies "$V/p.json" --cert-dir "$V/c" --json
    vg "status" policy status --policies "$PJ" --cert-dir "$CD"
    vg "status --json" policy status --policies "$V/p.json" --cert-dir "$V/c" --json
    vg "remove --dry-run" policy remove "$INTER" --policies "$V/p.json" --cert-dir "$V/c" --dry-run
    vg "remove" policy remove "$INTER" --policies "$V/p.json" --cert-dir "$V/c"
    vg "install --dry-run --json" policy install "$INTER" --policies "$V/p.json" --cert-dir "$V/c" \
        --dry-run --json
    vg "status with broken entries" policy status --policies "$T/broken.json" --cert-dir "$CD"
    vg "a FIFO as the backup" policy install "$INTER" --policies "$T/bakfifo/p.json" \
        --cert-dir "$T/bakfifo/certs"
    printf '{"policies": [' >"$V/bad.json"
    vg "bad policies.json" policy install "$INTER" --policies "$V/bad.json" --cert-dir "$V/c"
else
    skip "valgrind runs" "valgrind is not installed"
fi

# ---- the real Firefox -------------------------------------------------------------------
# Needs firefox-esr, root (or a user namespace) for a private mount and network
# namespace, and iproute2. The checks below are skipped, loudly, otherwise.
FF_CHECKS=20
why=""
if ! command -v firefox-esr >/dev/null 2>&1; then
    why="firefox-esr is not installed"
elif ! command -v ip >/dev/null 2>&1; then
    why="ip (iproute2) is missing"
elif unshare -m -n true 2>/dev/null; then
    NS="unshare -m -n"
elif unshare -r -m -n true 2>/dev/null; then
    NS="unshare -r -m -n"
else
    why="cannot make a private mount and network namespace (unshare -m -n: not root?)"
fi
if [ -n "$why" ]; then
    echo "# SKIPPING the real Firefox checks: $why"
    i=0
    while [ $i -lt $FF_CHECKS ]; do skip "real Firefox check $((i + 1))" "$why"; i=$((i + 1)); done
    finish
    exit $?
fi

# The machine's own files, to prove afterwards that they were not touched.
system_state() {
    sha256sum /etc/firefox/policies/policies.json 2>/dev/null || echo "no policies.json"
    ls -la --time-style=full-iso /usr/lib/mozilla 2>&1
}
before=$(system_state)
W=$T/ns
mkdir -p "$W"
started=$(date +%s)
# shellcheck disable=SC2086
$NS sh "$TOP/tests/policy/firefox.sh" "$W" "$FFCERT" "$TOP" >"$W/results" 2>"$W/stderr"
ns_rc=$?
v() { sed -n "s/^$1=//p" "$W/results" | head -1; }
sed 's/^/# firefox: /' "$W/results"

equals "firefox: the namespace was set up" "$(v setup)" ok
equals "firefox: policy install --dry-run with the default paths: would-import, nothing written" \
    "$(v dry_run)" "0 would-import would-import absent 0"
equals "firefox: policy install with the default paths, as root" "$(v install_rc)" 0
equals "firefox: /etc/firefox/policies/policies.json lists the certificate" "$(v install_entry)" \
    "['/usr/lib/mozilla/certificates/ffcert-policy-test-intermediate.pem']"
check "firefox: a brand-new profile was made" test "$(v profile)" != none
equals "firefox: the new profile holds the certificate (certutil -L)" \
    "$(v certutil_trust)" ",,"
# What Firefox stored: certutil 3.87 shows ",,", but the database holds a PKCS#11 3.2
# trust object that makes it an anchor for websites and email (CT,CT, as asked).
equals "firefox: the trust really stored is a PKCS#11 3.2 object, CT,C," "$(v stored_trust)" \
    "pkcs11 CT,C,"
equals "firefox: ffcert status reports it as Firefox uses it, CT,C, (older NSS: ,,)" \
    "$(v ffcert_status)" "present CT,C, ,, pkcs11-3.2"
equals "firefox: firefox-esr does not read /etc/firefox-esr/policies" \
    "$(v esr_install_rc)/$(v esr_root_in_profile)" "0/no"
equals "firefox: the leaf-only site loads with the root untrusted (the policy CA is an anchor)" \
    "$(v site_root_untrusted)" loaded
equals "firefox: the leaf-only site loads with the root trusted C,," "$(v site_root_trusted)" loaded
check "firefox: the server served the page" test "$(v site_requests)" -ge 2
equals "firefox: policy remove with the default paths" "$(v remove_rc)" 0
equals "firefox: remove deleted the policies.json it had made, and the file" \
    "$(v policies_after_remove)|$(v cert_file_after_remove)" "absent|"
equals "firefox: the old profile keeps the certificate after policy remove" \
    "$(v kept_after_remove)" ",,"
equals "firefox: ... and Firefox still trusts it there" "$(v site_kept)" loaded
equals "firefox: a profile made after remove does not get it" "$(v new_profile_has_it)" absent
equals "firefox: ... so the leaf-only site fails there, root trusted" "$(v site_new_profile)" refused
equals "firefox: ffcert remove takes it out of the old profile; the site then fails" \
    "$(v ffcert_remove_rc)/$(v site_after_ffcert_remove)" "0/refused"
echo "# firefox part: $(($(date +%s) - started)) s, exit $ns_rc"
[ -s "$W/stderr" ] && sed 's/^/# firefox stderr: /' "$W/stderr" | head -20
equals "the machine's /etc/firefox and /usr/lib/mozilla are untouched" "$(system_state)" "$before"
finish
