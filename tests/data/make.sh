#!/bin/sh
# Regenerates the test PKI used by the tests and `make demo` (run by hand; the output
# is committed so tests are deterministic). Valid until 2099 unless noted.
set -eu
cd "$(dirname "$0")"
days=27000
. ../pki.sh
work=$(mktemp -d); trap 'rm -rf "$work"' EXIT
pki_dir "$work"
pki_root root-ca "/O=ffcert Test PKI/CN=ffcert Test Root CA" $days
pki_issue inter-ca "/O=ffcert Test PKI/CN=ffcert Test Intermediate CA - G4" root-ca ca $days
pki_issue other-ca "/O=ffcert Test PKI/OU=ffcert Other CA Unit" root-ca ca $days
pki_issue leaf "/O=ffcert Test PKI/CN=ffcert test client" inter-ca client $days
# Expired intermediate: valid in 2020 and 2021 only.
pki_issue_dated expired-ca "/O=ffcert Test PKI/CN=ffcert Expired CA" root-ca ca \
    20200101000000Z 20211231000000Z
for n in root-ca inter-ca other-ca leaf expired-ca; do cp "$work/$n.pem" .; done

openssl x509 -in inter-ca.pem -outform DER -out inter-ca.der
cat inter-ca.pem root-ca.pem >inter-then-root.pem     # Firefox picks the root (last)
cat leaf.pem inter-ca.pem >leaf-then-inter.pem        # Firefox picks the intermediate
openssl x509 -in inter-ca.pem -text >inter-ca-with-text.pem
openssl crl2pkcs7 -nocrl -certfile leaf.pem -certfile inter-ca.pem -outform DER -out leaf-inter.p7b
openssl crl2pkcs7 -nocrl -certfile leaf.pem -certfile inter-ca.pem -out leaf-inter-p7.pem
head -c 300 inter-ca.der >truncated.der
head -n 5 inter-ca.pem >truncated.pem
grep -v -- ----- inter-ca.pem >bare-base64.txt
printf 'this is not a certificate\n' >garbage.txt
: >empty.pem
# Netscape certificate sequence (openssl writes it as PEM under the CERTIFICATE label).
openssl nseq -toseq -in leaf-then-inter.pem -out leaf-inter-nseq.pem
sed '1d;$d' leaf-inter-nseq.pem | base64 -d >leaf-inter.nseq.der
