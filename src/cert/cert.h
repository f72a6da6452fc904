/* A decoded certificate bundle as plain data, independent of NSS once decoded. */
#ifndef FFCERT_CERT_H
#define FFCERT_CERT_H

#include <stdbool.h>
#include <stddef.h>
#include <time.h>

struct ff_cert {
    unsigned char *der;
    size_t der_len;
    char *subject;          /* RFC 4514-style string, as Firefox shows it */
    char *issuer;
    char *serial;           /* hex with colons */
    time_t not_before, not_after;
    unsigned char sha256[32];
    bool is_ca;
    char *nickname;         /* CERT_MakeCANickname's base (without " #N"): see nickname.h */
    /* What NSS finds trust records by: the issuer name and the serial number, each as
     * DER (the serial with its INTEGER tag, as CKA_SERIAL_NUMBER holds it). */
    unsigned char *issuer_der, *serial_der;
    size_t issuer_der_len, serial_der_len;
};

struct ff_bundle {
    struct ff_cert *certs;
    size_t n;
    size_t ca;              /* index of "the CA" by Firefox's rule: see ff_bundle_select_ca */
    char *origin;           /* what the user gave: a path, a URL or a catalogue name */
    char *provenance;       /* how the bytes were obtained, for the report */
    char *catalog_entry;    /* the catalogue entry it is (by name or by pin), or NULL */
    char *successor;        /* "name (display name)" of what superseded it, or NULL */
};

/* What a CA is for: the kind of certificates it issues, or its place in chains. */
enum {
    FF_PURPOSE_CLIENT = 1 << 0, /* client authentication certificates */
    FF_PURPOSE_SMIME = 1 << 1,  /* S/MIME (email) certificates */
    FF_PURPOSE_SERVER = 1 << 2, /* TLS server certificates */
    FF_PURPOSE_ROOT = 1 << 3,   /* a root */
    FF_PURPOSE_CROSS = 1 << 4,  /* a cross certificate linking two roots */
};
#define FF_PURPOSE_COUNT 5

/* "client", "smime", "server", "root", "cross" for one FF_PURPOSE_* bit. */
const char *ff_purpose_name(unsigned purpose);

/* Firefox's rule (nsNSSCertificateDB::handleCACertDownload) for which certificate of a
 * bundle is the CA to trust: one cert -> it; else cert 0 if cert 1's issuer equals
 * cert 0's subject; else the last one if cert n-2's issuer equals cert n-1's subject;
 * else cert 0. Plain name comparison. n must be >= 1. */
size_t ff_bundle_select_ca(const char *const *subjects, const char *const *issuers, size_t n);

void ff_bundle_free(struct ff_bundle *b);

/* "valid", "expired", "not yet valid" at time now. */
const char *ff_cert_validity_state(const struct ff_cert *c, time_t now);

/* Like ff_cert_validity_state, with "expires soon" within FF_EXPIRES_SOON_DAYS. */
#define FF_EXPIRES_SOON_DAYS 90
const char *ff_cert_validity_outlook(const struct ff_cert *c, time_t now);

/* One PEM block found in text: its label ("CERTIFICATE", "PKCS7", ...) and the base64
 * body between the BEGIN and END lines (not decoded). */
struct ff_pem_block {
    char label[32];
    const char *body;
    size_t body_len;
};

/* Scans text for "-----BEGIN X-----" ... "-----END X-----" blocks and stores the first
 * max of them. Returns the number of blocks found (which may exceed max: scan again
 * with room for all), or -1 with *err (static) if a BEGIN has no matching END
 * ("truncated PEM"). 0 means the data is not PEM. */
int ff_pem_scan(const char *text, size_t len, struct ff_pem_block *blocks, size_t max,
                const char **err);

#endif
