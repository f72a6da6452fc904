#!/usr/bin/env python3
"""Prints the trust a cert9.db really holds for one certificate (python3 stdlib only).

Usage: trust.py PROFILE/cert9.db CERT.pem

Reads the SQLite file itself, so it sees both kinds of trust object:

  nss LETTERS      CKO_NSS_TRUST (class 0xCE534353), what NSS up to 3.87 writes
                   and reads, matched by the certificate's SHA-1
  pkcs11 LETTERS   CKO_TRUST (PKCS#11 3.2, class 0x0000000B), what newer NSS (the
                   one inside Firefox 153) writes, matched by its SHA-256

LETTERS are certutil's: SSL,S/MIME,JAR/XPI with C trusted CA (anchor), T trusted
client CA, c valid CA, P trusted peer, p distrusted. "none" when no trust object
names the certificate. Exit 2 with one line on stderr on a bad argument.
"""
import base64
import hashlib
import sqlite3
import sys

CKO_NSS_TRUST = 0xCE534353
CKO_TRUST = 0x0000000B
# CKO_NSS_TRUST attributes (CKA_TRUST + n) and values (CKT_NSS + n).
CKA_TRUST = 0xCE536350
NSS_ATTRS = {"server": CKA_TRUST + 8, "client": CKA_TRUST + 9,
             "code": CKA_TRUST + 10, "email": CKA_TRUST + 11}
CKA_CERT_SHA1_HASH = CKA_TRUST + 100
CKT_NSS = 0xCE534350
NSS_VALUES = {CKT_NSS + 1: "trusted", CKT_NSS + 2: "anchor", CKT_NSS + 11: "valid",
              CKT_NSS + 10: "distrusted"}
# CKO_TRUST attributes (PKCS#11 3.2) and values (CKT_*).
PKCS_ATTRS = {"server": 0x62C, "client": 0x62D, "code": 0x62E, "email": 0x62F}
CKA_HASH_OF_CERTIFICATE = 0x635
PKCS_VALUES = {1: "trusted", 2: "anchor", 3: "distrusted"}


def der_of(path):
    with open(path, "rb") as f:
        data = f.read()
    if b"-----BEGIN CERTIFICATE-----" in data:
        body = data.split(b"-----BEGIN CERTIFICATE-----")[1].split(b"-----END")[0]
        return base64.b64decode(b"".join(body.split()))
    return data


def ulong(v):
    return int.from_bytes(v, "big") if isinstance(v, bytes) else None


def letters(kinds):
    """kinds: usage -> "anchor"/"valid"/"trusted"/"distrusted"/None."""
    def one(kind, anchor="C"):
        return {"anchor": anchor, "valid": "c", "trusted": "P", "distrusted": "p"}.get(kind, "")
    ssl = one(kinds["server"]) + ("T" if kinds["client"] == "anchor" else "")
    return "%s,%s,%s" % (ssl, one(kinds["email"]), one(kinds["code"]))


def main(argv):
    if len(argv) != 3:
        sys.stderr.write("usage: trust.py PROFILE/cert9.db CERT.pem\n")
        return 2
    try:
        der = der_of(argv[2])
        db = sqlite3.connect("file:%s?mode=ro" % argv[1], uri=True)
        cols = [r[1] for r in db.execute("pragma table_info(nssPublic)")]
        rows = [dict(zip(cols, r)) for r in db.execute("select * from nssPublic")]
    except (OSError, ValueError, sqlite3.Error) as e:
        sys.stderr.write("trust.py: %s\n" % e)
        return 2
    sha1, sha256 = hashlib.sha1(der).digest(), hashlib.sha256(der).digest()
    col = lambda attr: "a%x" % attr
    found = False
    for r in rows:
        cls = ulong(r.get("a0"))
        if cls == CKO_NSS_TRUST and r.get(col(CKA_CERT_SHA1_HASH)) == sha1:
            kinds = {u: NSS_VALUES.get(ulong(r.get(col(a)))) for u, a in NSS_ATTRS.items()}
            print("nss " + letters(kinds))
            found = True
        elif cls == CKO_TRUST and r.get(col(CKA_HASH_OF_CERTIFICATE)) == sha256:
            kinds = {u: PKCS_VALUES.get(ulong(r.get(col(a)))) for u, a in PKCS_ATTRS.items()}
            print("pkcs11 " + letters(kinds))
            found = True
    if not found:
        print("none")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
