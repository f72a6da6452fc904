#!/bin/sh
# Regenerates the S/MIME test PKI and the signed messages of
# tests/integration/thunderbird.sh (run by hand; the output in tests/data/smime/ is
# committed so tests are deterministic). Valid until 2099. The case of NII's notice:
# a message signed by a user certificate whose intermediate the reader lacks.
#
#   smime-root.pem    ffcert S/MIME Test Root CA (the reader trusts it for email)
#   smime-inter.pem   ffcert S/MIME Test Intermediate CA, issued by the root (the one
#                     the reader lacks; what `ffcert import` brings)
#   smime-user.pem    the signer: emailProtection, rfc822Name alice@example.org
#   signed.p7m        DER CMS SignedData, content attached, holding the signer's
#                     certificate ONLY (no intermediate, no root)
#   signed.eml        a mail from alice@example.org whose body is signed.p7m, as
#                     application/pkcs7-mime; smime-type=signed-data (opaque signing)
#   signed-multipart.eml  the same text as multipart/signed (a detached signature,
#                     as Thunderbird itself sends), also without the intermediate
#
# The private keys are thrown away: the tests only verify.
set -eu
cd "$(dirname "$0")"
mkdir -p smime
cd smime
days=27000
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
. ../../pki.sh
pki_dir "$work"
pki_root smime-root "/O=ffcert S-MIME Test PKI/CN=ffcert S-MIME Test Root CA" $days
pki_issue smime-inter "/O=ffcert S-MIME Test PKI/CN=ffcert S-MIME Test Intermediate CA" \
    smime-root ca $days
pki_issue smime-user "/O=ffcert S-MIME Test PKI/CN=Alice Example/emailAddress=alice@example.org" \
    smime-inter smime:alice@example.org $days
for n in smime-root smime-inter smime-user; do cp "$work/$n.pem" .; done
openssl verify -CAfile smime-root.pem -untrusted smime-inter.pem -purpose smimesign smime-user.pem

# The signed text: a MIME entity, CRLF line ends (canonical form).
printf '%s\r\n' 'Content-Type: text/plain; charset=UTF-8' 'Content-Transfer-Encoding: 7bit' '' \
    'This message was signed by a certificate whose intermediate CA the reader lacks.' \
    'It verifies once the intermediate is imported (ffcert, tests/integration/thunderbird.sh).' \
    >"$work/body"

# Opaque: -nodetach -binary keeps the entity byte for byte; openssl includes the
# signer's certificate and nothing else (no -certfile).
openssl cms -sign -nodetach -binary -md sha256 -in "$work/body" -signer smime-user.pem \
    -inkey "$work/smime-user.key" -outform DER -out signed.p7m
# Thunderbird wants the Date header to agree with the signing time (else
# VERIFY_TIME_MISMATCH): both are now.
now=$(LC_ALL=C date -u '+%a, %d %b %Y %H:%M:%S +0000')
headers() { # content-type-line message-id
    printf '%s\r\n' 'From: Alice Example <alice@example.org>' 'To: Bob Example <bob@example.org>' \
        'Subject: ffcert S/MIME test (signed, intermediate not included)' \
        "Date: $now" \
        "Message-ID: <$2@ffcert.test>" 'MIME-Version: 1.0' "$1"
}
{
    headers 'Content-Type: application/pkcs7-mime; smime-type=signed-data; name="smime.p7m"' opaque
    printf '%s\r\n' 'Content-Transfer-Encoding: base64' \
        'Content-Disposition: attachment; filename="smime.p7m"' ''
    base64 -w 76 signed.p7m | sed 's/$/\r/'
} >signed.eml

# multipart/signed: openssl writes the MIME structure (headers start at Content-Type).
openssl cms -sign -md sha256 -crlfeol -in "$work/body" -binary -signer smime-user.pem \
    -inkey "$work/smime-user.key" -out "$work/multipart"
{
    headers "$(sed -n '1,/^Content-Type/{/^Content-Type/p}' "$work/multipart" | tr -d '\r')" multipart
    sed '1,/^Content-Type/d' "$work/multipart"
} >signed-multipart.eml

# Proofs: both verify with the whole chain, neither without the intermediate, and the
# CMS holds exactly one certificate (the signer's).
# (openssl 3.0's cms has no -untrusted: the chain file holds the root and intermediate.)
cat smime-root.pem smime-inter.pem >"$work/chain"
openssl cms -verify -inform DER -in signed.p7m -CAfile "$work/chain" -purpose smimesign \
    -out /dev/null
openssl cms -verify -in signed-multipart.eml -CAfile "$work/chain" -purpose smimesign \
    -out /dev/null
for m in "-inform DER -in signed.p7m" "-in signed-multipart.eml"; do
    # shellcheck disable=SC2086
    if openssl cms -verify $m -CAfile smime-root.pem -out /dev/null 2>/dev/null; then
        echo "make-smime.sh: $m verifies without the intermediate" >&2
        exit 1
    fi
    # shellcheck disable=SC2086
    n=$(openssl cms -cmsout -print $m | grep -c 'cert_info:' || true)
    [ "$n" -eq 1 ] || { echo "make-smime.sh: $m holds $n certificates, not 1" >&2; exit 1; }
done
