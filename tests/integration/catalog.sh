#!/bin/sh
# Issue 14: the catalogue gives the right CA for each kind of certificate. Every entry is
# checked against its certificate with openssl (an oracle independent of ffcert): the pin,
# the purpose (extended key usage and key usage where present, else the period of the
# certificates it issued), the successors (each in the catalogue or marked not shipped,
# never crossing purposes). Then what `import` says of expired entries, with the test
# build's clock (FFCERT_TEST_NOW) standing in for a later date.
. "$(dirname "$0")/../lib.sh"

CATALOG="$TOP/share/ffcert/catalog.ini"
FAULTS="$TOP/build/tests/ffcert-faults"
R=$(cd "$T" && pwd -P)

run catalog --json
expect_rc "the shipped catalogue loads, every copy matches" 0
printf '%s' "$OUT" >"$R/catalog.json"

# ---- every entry against its certificate ------------------------------------------

# check_entries: one line per problem, checked with openssl on the shipped copies.
python3 - "$R/catalog.json" >"$R/entries.out" <<'PY'
import json, subprocess, sys
d = json.load(open(sys.argv[1]))
by_name = {e["name"]: e for e in d["entries"]}
for a in (a for e in d["entries"] for a in e["aliases"]):
    by_name.setdefault(a, None)

def x509(path, *args):
    return subprocess.run(["openssl", "x509", "-in", path, "-noout", *args],
                          capture_output=True, text=True).stdout

for e in d["entries"]:
    n = e["name"]
    purposes = set(e["purposes"])
    if not purposes:
        print(f"{n}: no purpose")
    if not e["shipped"]:
        if not e.get("where"):
            print(f"{n}: not shipped, but no 'where'")
        continue
    path = e["offline"]
    fp = x509(path, "-fingerprint", "-sha256").split("=", 1)[1].strip()
    print(f"{n}: pin {'ok' if fp == e['sha256'] else 'WRONG ' + fp}")
    text = x509(path, "-text")
    eku = text.split("X509v3 Extended Key Usage:")[1].split("\n")[1] if "Extended Key Usage" in text else None
    ku = text.split("X509v3 Key Usage:")[1].split("\n")[1] if "X509v3 Key Usage" in text else ""
    self_signed = x509(path, "-subject", "-nameopt", "RFC2253").split("=", 1)[1] == \
                  x509(path, "-issuer", "-nameopt", "RFC2253").split("=", 1)[1]
    if "Certificate Sign" not in ku:
        print(f"{n}: key usage without Certificate Sign: {ku!r}")
    issued = {p["purpose"] for p in e["issued"]}
    for p in purposes:
        want = {"server": "TLS Web Server Authentication", "client": "TLS Web Client Authentication",
                "smime": "E-mail Protection"}.get(p)
        if p == "root":
            ok = self_signed
        elif p == "cross":
            ok = not self_signed and any(
                r and "root" in r["purposes"] and r["certificate"]["subject"] == e["certificate"]["subject"]
                for r in by_name.values())
        elif eku is not None:
            ok = want in eku
        else: # no EKU: the period of the certificates it issued says it
            ok = p in issued or None in issued
        print(f"{n}: purpose {p} {'ok' if ok else 'NOT SHOWN BY THE CERTIFICATE'}")
    for s in e["successors"]:
        nxt = by_name.get(s["name"])
        if nxt is None:
            print(f"{n}: successor {s['name']} MISSING")
            continue
        for p in ([s["purpose"]] if s["purpose"] else e["purposes"]):
            print(f"{n}: successor {s['name']} for {p} " +
                  ("ok" if p in nxt["purposes"] else "CROSSES PURPOSE"))
PY
check "every entry was checked" [ -s "$R/entries.out" ]
bad=$(grep -v ' ok$' "$R/entries.out")
equals "every pin, purpose and successor checks out" "$bad" ""
[ -z "$bad" ] || sed 's/^/# /' "$R/entries.out"
for e in nii-g4 nii-smime secom-pfm-pub-ca8 nii-g5 nii-g7-rsa nii-g8-rsa \
    secom-tls-rsa-root-2024 secom-tls-ecc-root-2024 secom-tls-rsa-root-2024-cross secom-rootca2; do
    contains "$e was checked against its certificate" "$(cat "$R/entries.out")" "$e: pin ok"
done

# The successions NII's notices give.
succ() { jget "[s['name'] for e in d['entries'] if e['name'] == '$1' for s in e['successors'] if s['purpose'] in ($2,)]"; }
OUT=$(cat "$R/catalog.json")
equals "G4, client certificates -> PUB CA8" "$(succ nii-g4 "'client'")" "['secom-pfm-pub-ca8']"
equals "G4, S/MIME certificates -> the S/MIME CA" "$(succ nii-g4 "'smime'")" "['nii-smime']"
equals "S/MIME CA -> PUB CA8" "$(succ nii-smime "'smime', None")" "['secom-pfm-pub-ca8']"
equals "PUB CA8, client -> the private CA (not shipped)" "$(succ secom-pfm-pub-ca8 "'client'")" \
    "['secom-private-client-ca']"
equals "PUB CA8, S/MIME -> the 2023 S/MIME CA (not shipped)" "$(succ secom-pfm-pub-ca8 "'smime'")" \
    "['secom-publicid-smime-rsa-ca-2023']"
equals "G5 -> G7 RSA -> G8 RSA" "$(succ nii-g5 "'server', None") $(succ nii-g7-rsa "'server', None")" \
    "['nii-g7-rsa'] ['nii-g8-rsa']"
equals "the 2024 roots are built into Firefox 153" \
    "$(jget "[e['builtin_since'] for e in d['entries'] if e['name'].startswith('secom-tls-') and 'root' in e['purposes']]")" \
    "[153, 153]"

# ---- expiry: now, and after the S/MIME CA's date (test clock) ------------------------

state() { jget "[e['state'] for e in d['entries'] if e['name'] == '$1'][0]"; }
if [ "$(date -u +%Y%m%d)" -lt 20261221 ]; then want="expires soon"; else want=expired; fi
equals "nii-smime today: $want" "$(state nii-smime)" "$want"
run_command env FFCERT_TEST_NOW=2026-12-02 "$FAULTS" catalog --catalog "$CATALOG" --json
equals "nii-smime on 2026-12-02: expires soon" "$(state nii-smime)" "expires soon"
equals "G4 on 2026-12-02: expired" "$(state nii-g4)" "expired"
run_command env FFCERT_TEST_NOW=2026-12-22 "$FAULTS" catalog --catalog "$CATALOG" --json
equals "nii-smime on 2026-12-22: expired, with no change to the catalogue" "$(state nii-smime)" expired

# ---- import of an expired entry names the successor for its purpose ----------------

guard_pair "$R/guard"
run import nii-g4 --profile "$A" --profile "$B" --offline
expect_rc "import nii-g4: refused" 2
one_line "import nii-g4: one line"
contains "import nii-g4: its date" "$ERR" "expired on 2024-12-25"
contains "import nii-g4: the user's certificate is what must be renewed" "$ERR" \
    "the certificate itself must be renewed"
contains "import nii-g4: PUB CA8 for client certificates" "$ERR" \
    "for client certificates: secom-pfm-pub-ca8"
contains "import nii-g4: then the private CA, which ffcert cannot ship" "$ERR" \
    "then the private SECOM CA for client certificates (issued since 2023-12-14; not shipped with ffcert"
contains "import nii-g4: the S/MIME CA for S/MIME certificates" "$ERR" \
    "for S/MIME certificates: nii-smime"
lacks "import nii-g4: never a server CA" "$ERR" "nii-g7-rsa"
untouched "import nii-g4"

run_command env FFCERT_TEST_NOW=2027-01-05 "$FAULTS" import nii-smime --catalog "$CATALOG" \
    --offline --profile "$A" --profile "$B"
expect_rc "import nii-smime after 2026-12-21: refused" 2
one_line "import nii-smime: one line"
contains "import nii-smime: its date" "$ERR" "expired on 2026-12-21"
contains "import nii-smime: PUB CA8 for S/MIME certificates" "$ERR" \
    "for S/MIME certificates: secom-pfm-pub-ca8 (SECOM Passport for Member PUB CA8, issued 2020-12-25 to 2023-08-29)"
contains "import nii-smime: then the 2023 S/MIME CA, not shipped, and where to get it" "$ERR" \
    "then SECOM Passport for PublicID SMIME RSA CA 2023 (issued since 2023-08-30; not shipped with ffcert: no public copy is known"
lacks "import nii-smime: no client-only successor" "$ERR" "private SECOM CA"
untouched "import nii-smime"

run import secom-publicid-smime-rsa-ca-2023 --profile "$A"
expect_rc "import of an entry not shipped: refused" 2
one_line "... in one line"
contains "... saying where to get it" "$ERR" "is not shipped with ffcert: no public copy is known"
untouched "import of an entry not shipped"

run import pub-ca8 --profile "$A" --offline --json
expect_rc "import pub-ca8 (an alias a user would type)" 0
equals "... PUB CA8 is c,c, (3.87 oracle)" \
    "$(oracle_trust "$A" "SECOM Passport for Member PUB CA8 - SECOM Trust Systems CO.,LTD.")" "c,c,"

# ---- catalogues that break the rules are refused, naming file and line --------------

G4PIN=$(fp "$TOP/share/ffcert/certs/nii-open-domain-ca-g4.pem")
bad_catalog() { # DESC EXPECTED-TEXT, catalogue text on stdin
    cat >"$R/bad.ini"
    run show nii-x --catalog "$R/bad.ini"
    expect_rc "$1: refused" 2
    one_line "$1: one line"
    contains "$1: says why" "$ERR" "$2"
}
cat >"$R/x.pem" <"$TOP/share/ffcert/certs/nii-open-domain-ca-g4.pem"
bad_catalog "a successor of another purpose" "does not have its purpose" <<EOF
[nii-x]
purpose = client
sha256 = $G4PIN
offline = x.pem
superseded_by = nii-y
[nii-y]
purpose = server
sha256 = $G4PIN
offline = x.pem
EOF
bad_catalog "a successor that is not there" "which is not in the catalogue" <<EOF
[nii-x]
purpose = client
sha256 = $G4PIN
offline = x.pem
superseded_by = nii-none
EOF
bad_catalog "an unknown purpose" "unknown purpose 'email'" <<EOF
[nii-x]
purpose = email
sha256 = $G4PIN
offline = x.pem
EOF
bad_catalog "a pin given twice" "sha256 given twice" <<EOF
[nii-x]
purpose = client
sha256 = $G4PIN
offline = x.pem
sha256 = $(fp "$INTER")
EOF
bad_catalog "an entry not shipped, without where" "say where to get it" <<EOF
[nii-x]
purpose = client
shipped = no
EOF
bad_catalog "a loop of successors" "go round in a loop" <<EOF
[nii-x]
purpose = client
sha256 = $G4PIN
offline = x.pem
superseded_by = nii-y
[nii-y]
purpose = client
sha256 = $G4PIN
offline = x.pem
superseded_by = nii-x
EOF

finish
