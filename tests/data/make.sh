#!/bin/sh
# Regenerates the test PKI used by the tests and `make demo` (run by hand; the output
# is committed so tests are deterministic). Valid until 2099 unless noted.
set -eu
cd "$(dirname "$0")"
days=27000
cfg=$(mktemp); trap 'rm -f "$cfg" *.key *.csr *.srl' EXIT
cat >"$cfg" <<'CNF'
[ca]
basicConstraints = critical, CA:TRUE
keyUsage = critical, keyCertSign, cRLSign
subjectKeyIdentifier = hash
authorityKeyIdentifier = keyid
[leaf]
basicConstraints = critical, CA:FALSE
keyUsage = critical, digitalSignature, keyEncipherment
extendedKeyUsage = clientAuth
CNF

key() { openssl genpkey -algorithm EC -pkeyopt ec_paramgen_curve:P-256 -out "$1.key" 2>/dev/null; }
root() { # name subject
    key "$1"
    openssl req -new -x509 -key "$1.key" -subj "$2" -days $days -sha256 \
        -addext "basicConstraints=critical,CA:TRUE" -addext "keyUsage=critical,keyCertSign,cRLSign" \
        -out "$1.pem"
}
issue() { # name subject issuer extensions [extra x509 args]
    n=$1 s=$2 i=$3 e=$4; shift 4
    key "$n"
    openssl req -new -key "$n.key" -subj "$s" -out "$n.csr"
    openssl x509 -req -in "$n.csr" -CA "$i.pem" -CAkey "$i.key" -CAcreateserial \
        -extfile "$cfg" -extensions "$e" -sha256 -out "$n.pem" "$@"
}

root root-ca "/O=ffcert Test PKI/CN=ffcert Test Root CA"
issue inter-ca "/O=ffcert Test PKI/CN=ffcert Test Intermediate CA - G4" root-ca ca -days $days
issue other-ca "/O=ffcert Test PKI/OU=ffcert Other CA Unit" root-ca ca -days $days
issue leaf "/O=ffcert Test PKI/CN=ffcert test client" inter-ca leaf -days $days
# Expired intermediate: `openssl ca` is the only openssl 3.0 way to set past dates.
ca_dir=$(mktemp -d)
: >"$ca_dir/index"; echo 1000 >"$ca_dir/serial"
cat >"$ca_dir/cnf" <<CNF
[ca]
default_ca = x
[x]
database = $ca_dir/index
new_certs_dir = $ca_dir
serial = $ca_dir/serial
policy = p
default_md = sha256
x509_extensions = e
[p]
commonName = supplied
organizationName = optional
[e]
basicConstraints = critical, CA:TRUE
keyUsage = critical, keyCertSign, cRLSign
CNF
key expired-ca
openssl req -new -key expired-ca.key -subj "/O=ffcert Test PKI/CN=ffcert Expired CA" -out expired-ca.csr
openssl ca -batch -notext -config "$ca_dir/cnf" -cert root-ca.pem -keyfile root-ca.key \
    -startdate 20200101000000Z -enddate 20211231000000Z -in expired-ca.csr -out expired-ca.pem 2>/dev/null
rm -rf "$ca_dir"

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
