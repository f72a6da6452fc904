# The test PKI builder, sourced (POSIX sh) by the tests that make certificates and by
# tests/data/make*.sh. One openssl configuration for every kind of certificate, so
# that a test says what it needs (a root, a CA, a client or server certificate), not
# how openssl spells it. EC P-256 keys, SHA-256. Every function returns non-zero when
# openssl fails; openssl's messages go to $PKI_DIR/openssl.log.
#
#   pki_dir DIR                            where NAME.key, NAME.pem, NAME.p12 go
#   pki_root NAME SUBJECT [DAYS]           a self-signed root CA (default 3650 days)
#   pki_issue NAME SUBJECT ISSUER KIND [DAYS]
#                                          NAME.pem with a new key, signed by ISSUER
#   pki_issue_dated NAME SUBJECT ISSUER KIND START END
#                                          the same with fixed dates (YYYYMMDDHHMMSSZ),
#                                          for certificates that expired long ago
#   pki_p12 NAME [PASSWORD] [FRIENDLY]     NAME.p12 with its key (default password x)
#
# KIND: ca, client (TLS client authentication), server (TLS server for 127.0.0.1 and
# localhost), smime:ADDRESS (signed mail from ADDRESS).

pki_dir() {
    PKI_DIR=$1
    mkdir -p "$PKI_DIR"
}

# _pki_ext KIND: the x509v3 extensions of KIND, as lines of an openssl extension file.
_pki_ext() {
    case $1 in
    ca) printf '%s\n' 'basicConstraints = critical, CA:TRUE' \
        'keyUsage = critical, keyCertSign, cRLSign' \
        'subjectKeyIdentifier = hash' 'authorityKeyIdentifier = keyid' ;;
    client) printf '%s\n' 'basicConstraints = critical, CA:FALSE' \
        'keyUsage = critical, digitalSignature' 'extendedKeyUsage = clientAuth' \
        'subjectKeyIdentifier = hash' 'authorityKeyIdentifier = keyid' ;;
    server) printf '%s\n' 'basicConstraints = critical, CA:FALSE' \
        'keyUsage = critical, digitalSignature' 'extendedKeyUsage = serverAuth' \
        'subjectAltName = IP:127.0.0.1, DNS:localhost' \
        'subjectKeyIdentifier = hash' 'authorityKeyIdentifier = keyid' ;;
    smime:?*) printf '%s\n' 'basicConstraints = critical, CA:FALSE' \
        'keyUsage = critical, digitalSignature, nonRepudiation' \
        'extendedKeyUsage = emailProtection' "subjectAltName = email:${1#smime:}" \
        'subjectKeyIdentifier = hash' 'authorityKeyIdentifier = keyid' ;;
    *) echo "pki.sh: unknown kind '$1'" >&2; return 1 ;;
    esac
}

# _pki_request NAME SUBJECT: a new key and a signing request for it.
_pki_request() {
    openssl genpkey -algorithm EC -pkeyopt ec_paramgen_curve:P-256 \
        -out "$PKI_DIR/$1.key" 2>>"$PKI_DIR/openssl.log" &&
        openssl req -new -key "$PKI_DIR/$1.key" -subj "$2" -out "$PKI_DIR/$1.csr" \
            2>>"$PKI_DIR/openssl.log"
}

pki_root() {
    openssl genpkey -algorithm EC -pkeyopt ec_paramgen_curve:P-256 \
        -out "$PKI_DIR/$1.key" 2>>"$PKI_DIR/openssl.log" &&
        openssl req -new -x509 -key "$PKI_DIR/$1.key" -subj "$2" -days "${3:-3650}" \
            -sha256 -addext "basicConstraints=critical,CA:TRUE" \
            -addext "keyUsage=critical,keyCertSign,cRLSign" \
            -addext "subjectKeyIdentifier=hash" -out "$PKI_DIR/$1.pem" \
            2>>"$PKI_DIR/openssl.log"
}

pki_issue() {
    _pki_ext "$4" >"$PKI_DIR/$1.ext" &&
        _pki_request "$1" "$2" &&
        openssl x509 -req -in "$PKI_DIR/$1.csr" -CA "$PKI_DIR/$3.pem" \
            -CAkey "$PKI_DIR/$3.key" -CAcreateserial -days "${5:-3650}" -sha256 \
            -extfile "$PKI_DIR/$1.ext" -out "$PKI_DIR/$1.pem" 2>>"$PKI_DIR/openssl.log"
}

# openssl x509 cannot set dates in the past; `openssl ca` can.
pki_issue_dated() {
    _ca="$PKI_DIR/ca-$1"
    mkdir -p "$_ca" && : >"$_ca/index" && echo 1000 >"$_ca/serial" &&
        {
            printf '%s\n' '[ca]' 'default_ca = x' '[x]' "database = $_ca/index" \
                "new_certs_dir = $_ca" "serial = $_ca/serial" 'policy = p' \
                'default_md = sha256' 'x509_extensions = e' '[p]' \
                'commonName = supplied' 'organizationName = optional' \
                'organizationalUnitName = optional' '[e]'
            _pki_ext "$4"
        } >"$_ca/cnf" &&
        _pki_request "$1" "$2" &&
        openssl ca -batch -notext -config "$_ca/cnf" -cert "$PKI_DIR/$3.pem" \
            -keyfile "$PKI_DIR/$3.key" -startdate "$5" -enddate "$6" \
            -in "$PKI_DIR/$1.csr" -out "$PKI_DIR/$1.pem" 2>>"$PKI_DIR/openssl.log"
}

pki_p12() {
    openssl pkcs12 -export -in "$PKI_DIR/$1.pem" -inkey "$PKI_DIR/$1.key" \
        ${3:+-name "$3"} -passout "pass:${2:-x}" -out "$PKI_DIR/$1.p12" \
        2>>"$PKI_DIR/openssl.log"
}
