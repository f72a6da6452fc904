#!/bin/sh
# ffcert doctor on real NSS databases: a client certificate whose intermediate is
# missing (named, fixed with --fix, confirmed by certutil, clean afterwards), an
# expired client certificate, an expired intermediate still installed, a profile
# without client certificates, a primary-password profile, and the catalogue's
# copies as the source of fixes.
. "$(dirname "$0")/../lib.sh"

P="$T/pki"
pki_dir "$P"
pki_root root "/O=Doctor Test/CN=Doctor Root" &&
    pki_issue inter "/O=Doctor Test/CN=Doctor Open Domain CA - G4" root ca &&
    pki_issue client "/O=Doctor Test/CN=Alice Client" inter client 365 &&
    pki_p12 client || bail_out "openssl could not make the test PKI" "$P/openssl.log"
INTER_NICK="Doctor Open Domain CA - G4 - Doctor Test"

# profile DIR [certutil -N args]: root trusted (as Firefox's built-in one would be) and
# the client certificate with its key, but no intermediate.
profile() {
    d=$1; shift
    mkdir -p "$d"
    certutil -N -d "sql:$d" "$@" </dev/null >/dev/null
    certutil -A -d "sql:$d" -n "Doctor Root" -t "C,," -i "$P/root.pem"
    pk12util -i "$P/client.p12" -d "sql:$d" -W x -k "$T/pw" >/dev/null 2>&1 ||
        pk12util -i "$P/client.p12" -d "sql:$d" -W x >/dev/null
}
printf 'sekret\n' >"$T/pw"

# 1. The NII case: the intermediate is missing; --with offers it.
db="$T/missing"
profile "$db" --empty-password
run doctor --profile "$db"
expect_rc "missing, no source: a problem" 1
contains "missing: names the issuer" "$OUT" "Doctor Open Domain CA - G4"
contains "missing: says it is missing" "$OUT" "is missing"
contains "missing: gives the key identifier" "$OUT" "key identifier"
before=$(snapshot "$db")
run doctor --profile "$db" --with "$P/inter.pem" --json
expect_rc "missing, --with: still a problem without --fix" 1
equals "missing: code" "$(jget 'd["databases"][0]["findings"][0]["code"]')" "missing-intermediate"
equals "missing: fixable" "$(jget 'd["databases"][0]["findings"][0]["fixable"]')" "true"
equals "missing: chain link available" \
    "$(jget 'd["databases"][0]["user_certificates"][0]["chain"][0]["place"]')" "available"
equals "without --fix nothing is written" "$(snapshot "$db")" "$before"
run doctor --profile "$db" --with "$P/inter.pem" --fix
expect_rc "--fix: fixed" 0
contains "--fix: says what it imported" "$OUT" "FIXED: imported"
equals "--fix: certutil shows the intermediate with c,c," "$(oracle_trust "$db" "$INTER_NICK")" "c,c,"
run doctor --profile "$db"
expect_rc "after --fix: a second run is clean" 0
contains "after --fix: OK" "$OUT" "OK: every certificate here has a complete chain"

# 2. The catalogue as the source: a catalogue naming the test intermediate.
pin=$(fp "$P/inter.pem")
cat >"$T/catalog.ini" <<CAT
[doctor-g4]
name = Doctor Open Domain CA - G4
purpose = client authentication
sha256 = $pin
offline = $P/inter.pem
CAT
db="$T/catalogue"
profile "$db" --empty-password
run doctor --profile "$db" --catalog "$T/catalog.ini"
expect_rc "catalogue: a problem" 1
contains "catalogue: says where the fix comes from" "$OUT" "catalogue entry doctor-g4"
run doctor --profile "$db" --catalog "$T/catalog.ini" --fix --json
expect_rc "catalogue --fix" 0
equals "catalogue --fix: one fix" "$(jget 'd["fixed"]')" 1
equals "catalogue --fix: certutil" "$(oracle_trust "$db" "$INTER_NICK")" "c,c,"

# 3. An expired client certificate (a window in the past).
pki_issue_dated old "/O=Doctor Test/CN=Old Client" inter client 20200101000000Z \
    20210101000000Z && pki_p12 old || bail_out "openssl could not make an expired certificate"
db="$T/expired-user"
profile "$db" --empty-password
certutil -A -d "sql:$db" -n inter -t ",," -i "$P/inter.pem"
pk12util -i "$P/old.p12" -d "sql:$db" -W x >/dev/null
run doctor --profile "$db" --json
expect_rc "expired client certificate: a problem" 1
contains "expired client certificate: code" "$OUT" '"user-cert-expired"'
contains "expired client certificate: the date" "$OUT" "2021-01-01"

# 4. An expired intermediate still installed: the real NII G4, with its successor.
db="$T/expired-ca"
profile "$db" --empty-password
certutil -A -d "sql:$db" -n inter -t ",," -i "$P/inter.pem"
certutil -A -d "sql:$db" -n g4 -t "c,c," -i "$TOP/share/ffcert/certs/nii-open-domain-ca-g4.pem"
run doctor --profile "$db"
expect_rc "expired intermediate: a problem" 1
contains "expired intermediate: named with its date" "$OUT" "NII Open Domain CA - G4\" expired on 2024-12-25"
contains "expired intermediate: its successor for client certificates" "$OUT" \
    "for client certificates: secom-pfm-pub-ca8"
contains "expired intermediate: its successor for S/MIME certificates" "$OUT" \
    "for S/MIME certificates: nii-smime"
lacks "expired intermediate: never a server CA as its successor" "$OUT" "nii-g7-rsa"
run doctor --profile "$db" --json
contains "expired intermediate: code" "$OUT" '"intermediate-expired"'

# 5. An intermediate trusted as an anchor although its root is trusted.
db="$T/anchor"
profile "$db" --empty-password
certutil -A -d "sql:$db" -n inter -t "CT,C," -i "$P/inter.pem"
run doctor --profile "$db" --json
contains "needless anchor trust flagged" "$OUT" '"anchor-trust"'

# 6. No client certificates: nothing to check.
db="$T/empty"
new_db "$db"
run doctor --profile "$db"
expect_rc "no client certificates: nothing wrong" 0
contains "no client certificates: says so" "$OUT" "nothing to check"

# 7. A primary password: reading needs none; --fix follows the password rules.
db="$T/password"
mkdir -p "$db"
certutil -N -d "sql:$db" -f "$T/pw" </dev/null >/dev/null
certutil -A -d "sql:$db" -n "Doctor Root" -t "C,," -i "$P/root.pem" -f "$T/pw"
pk12util -i "$P/client.p12" -d "sql:$db" -W x -k "$T/pw" >/dev/null
before=$(snapshot "$db")
run doctor --profile "$db" --with "$P/inter.pem" </dev/null
expect_rc "password: reading works without it" 1
contains "password: the missing link is named" "$OUT" "is missing from this profile"
run doctor --profile "$db" --with "$P/inter.pem" --fix </dev/null
expect_rc "password: --fix without the password leaves the problem" 1
contains "password: says why" "$OUT" "primary password set: use --password-file"
equals "password: nothing written without it" "$(snapshot "$db")" "$before"
run doctor --profile "$db" --with "$P/inter.pem" --fix --password-file "$T/pw"
expect_rc "password: --fix with --password-file" 0
equals "password: certutil shows it" "$(oracle_trust "$db" "$INTER_NICK")" "c,c,"

# 8. Issue 14: what to offer is chosen by the issuer's key identifier, never by name.
# A "PUB CA8"-shaped test PKI: the client certificate's intermediate, and a decoy with
# the same name and another key, listed first in the catalogue.
pki_issue pub-decoy "/O=Doctor Test/OU=Passport for Member 2.0 PUB/CN=Passport for Member PUB CA8" root ca &&
    pki_issue pub-ca8 "/O=Doctor Test/OU=Passport for Member 2.0 PUB/CN=Passport for Member PUB CA8" root ca &&
    pki_issue bob "/O=Doctor Test/CN=Bob Client" pub-ca8 client 365 &&
    pki_p12 bob || bail_out "openssl could not make the PUB CA8 test PKI" "$P/openssl.log"
check "the decoy has the same name and another key" sh -c \
    "[ \"\$(openssl x509 -in '$P/pub-decoy.pem' -noout -subject)\" = \"\$(openssl x509 -in '$P/pub-ca8.pem' -noout -subject)\" ] &&
     [ \"\$(openssl x509 -in '$P/pub-decoy.pem' -noout -pubkey)\" != \"\$(openssl x509 -in '$P/pub-ca8.pem' -noout -pubkey)\" ]"
cat >"$T/passport.ini" <<CAT
[test-pub-ca8-decoy]
name = Passport for Member PUB CA8 (another key)
purpose = client
issued = client 2020-12-25 .. 2023-12-13
sha256 = $(fp "$P/pub-decoy.pem")
offline = $P/pub-decoy.pem

[test-pub-ca8]
name = Passport for Member PUB CA8
purpose = client
issued = client 2020-12-25 .. 2023-12-13
sha256 = $(fp "$P/pub-ca8.pem")
offline = $P/pub-ca8.pem
CAT
db="$T/passport"
mkdir -p "$db"
certutil -N -d "sql:$db" --empty-password </dev/null >/dev/null
certutil -A -d "sql:$db" -n "Doctor Root" -t "C,," -i "$P/root.pem"
pk12util -i "$P/bob.p12" -d "sql:$db" -W x >/dev/null
run doctor --profile "$db" --catalog "$T/passport.ini" --json
expect_rc "PUB CA8 shape: a problem" 1
equals "PUB CA8 shape: offered from the entry whose key matches the issuer's" \
    "$(jget 'd["databases"][0]["user_certificates"][0]["chain"][0]["from"]')" "catalogue entry test-pub-ca8"
equals "PUB CA8 shape: the offered copy is that key's (SHA-256)" \
    "$(jget 'd["databases"][0]["user_certificates"][0]["chain"][0]["sha256"]')" "$(fp "$P/pub-ca8.pem")"
run doctor --profile "$db" --catalog "$T/passport.ini" --fix
expect_rc "PUB CA8 shape: --fix" 0
equals "PUB CA8 shape: certutil shows the matching intermediate, c,c," \
    "$(certutil -L -d "sql:$db" -n "Passport for Member PUB CA8 - Doctor Test" -a | openssl x509 -noout -fingerprint -sha256 | sed 's/^[^=]*=//') $(oracle_trust "$db" "Passport for Member PUB CA8 - Doctor Test")" \
    "$(fp "$P/pub-ca8.pem") c,c,"

# 9. A client certificate from a private CA nobody ships: doctor names the issuer and
# says the catalogue cannot supply it; a catalogue that knows the CA but cannot ship it
# says so, with the institution's route.
pki_root private-root "/O=Some University/CN=Private Client CA" &&
    pki_issue carol "/O=Some University/CN=Carol Client" private-root client 365 &&
    pki_p12 carol || bail_out "openssl could not make the private CA" "$P/openssl.log"
db="$T/private"
new_db "$db"
pk12util -i "$P/carol.p12" -d "sql:$db" -W x >/dev/null
run doctor --profile "$db"
expect_rc "private CA: a problem" 1
contains "private CA: names the issuer" "$OUT" "CN=Private Client CA,O=Some University"
contains "private CA: the catalogue cannot supply it" "$OUT" "catalogue cannot supply this CA"
contains "private CA: the institution's route" "$OUT" "--catalog FILE"
ski=$(openssl x509 -in "$P/private-root.pem" -noout -ext subjectKeyIdentifier | tail -1 | tr -d ' ')
cat >"$T/private.ini" <<CAT
[uni-private-ca]
name = Some University's private client CA
purpose = client
shipped = no
where = the university's IT desk hands it out
key_id = $ski
CAT
run doctor --profile "$db" --catalog "$T/private.ini"
expect_rc "known but not shipped: a problem" 1
contains "known but not shipped: says the catalogue knows it" "$OUT" \
    "knows it as Some University's private client CA but cannot ship it"
contains "known but not shipped: where to get it" "$OUT" "the university's IT desk hands it out"
contains "known but not shipped: then --with FILE --fix" "$OUT" "--with FILE --fix"

# 10. A root built into the profile's own Firefox (newer than Debian's NSS list):
# trusted in a profile last used by Firefox 153, not in one of Firefox 140.
cat >"$T/builtin.ini" <<CAT
[doctor-root]
name = Doctor Root
purpose = root
builtin_since = 153
sha256 = $(fp "$P/root.pem")
offline = $P/root.pem
CAT
for v in 153.8.0 140.9.1; do
    db="$T/builtin-$v"
    new_db "$db"
    certutil -A -d "sql:$db" -n inter -t ",," -i "$P/inter.pem"
    pk12util -i "$P/client.p12" -d "sql:$db" -W x >/dev/null
    printf '[Compatibility]\nLastVersion=%s_20260101000000/20260101000000\nLastOSABI=Linux_x86_64-gcc3\n' \
        "$v" >"$db/compatibility.ini"
done
run doctor --profile "$T/builtin-153.8.0" --catalog "$T/builtin.ini" --json
expect_rc "Firefox 153 profile: the root is built in, nothing wrong" 0
equals "Firefox 153 profile: the chain reaches a trusted root" \
    "$(jget 'd["databases"][0]["user_certificates"][0]["reaches_trusted_root"]')" true
run doctor --profile "$T/builtin-140.9.1" --catalog "$T/builtin.ini" --json
expect_rc "Firefox 140 profile: a problem" 1
contains "Firefox 140 profile: the root is not trusted there" "$OUT" '"untrusted-root"'
run profiles --profile "$T/builtin-140.9.1" --json
equals "profiles: the version that last used it" "$(jget 'd["databases"][0]["app_version"]')" 140.9.1

# 12. A chain longer than doctor follows (FF_CHAIN_MAX, 8): said, not reported as an
# untrusted root. Root, nine CAs one under the other, a client certificate; the
# profile holds them all and trusts the root.
prev=root
for i in 1 2 3 4 5 6 7 8 9; do
    pki_issue "deep$i" "/O=Doctor Test/CN=Deep CA $i" "$prev" ca || break
    prev="deep$i"
done
pki_issue deep-client "/O=Doctor Test/CN=Deep Client" deep9 client 365 && pki_p12 deep-client ||
    bail_out "openssl could not make the deep chain" "$P/openssl.log"
db="$T/deep"
new_db "$db"
certutil -A -d "sql:$db" -n "Doctor Root" -t "C,," -i "$P/root.pem"
for i in 1 2 3 4 5 6 7 8 9; do certutil -A -d "sql:$db" -n "deep$i" -t ",," -i "$P/deep$i.pem"; done
pk12util -i "$P/deep-client.p12" -d "sql:$db" -W x >/dev/null
run doctor --profile "$db" --json
expect_rc "chain of 10: a problem" 1
equals "chain of 10: said to be longer than doctor follows, not an untrusted root" \
    "$(jget '[f["code"] for f in d["databases"][0]["findings"]]')" "['chain-too-long']"
equals "chain of 10: 8 links followed, marked as cut" \
    "$(jget '[len(d["databases"][0]["user_certificates"][0]["chain"]), d["databases"][0]["user_certificates"][0]["chain_cut"]]')" \
    "[8, True]"
run doctor --profile "$db"
contains "chain of 10: the text says so" "$OUT" "followed for 8 certificates without reaching a root"

# 11. Usage: a missing --with file.
run doctor --profile "$T/empty" --with "$T/nope.pem"
expect_rc "missing --with file" 2
one_line "missing --with file: one line"

finish
