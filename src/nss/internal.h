/* What the files of the NSS layer share; nothing outside src/nss/ includes this. */
#ifndef FFCERT_NSS_INTERNAL_H
#define FFCERT_NSS_INTERNAL_H

#include <stdbool.h>
#include <stddef.h>

#include <cert.h>
#include <pk11pub.h>

#include "nss/nss.h"

struct nss_session {
    PK11SlotInfo *slot;
    CERTCertDBHandle *handle;
    const char *dir;
    /* The primary password once logged in, "" when there is none, NULL when one is
     * set and not given: what the MACs of 3.2 trust records can be checked with. */
    const char *password;
    struct ff_mac_checker *macs; /* opened on the first 3.2 record */
};

/* Opens dir ("sql:dir"); readonly adds NSS_INIT_READONLY. Returns 0, or -1 with *err. */
int nss_session_open(const char *dir, bool readonly, struct nss_session *s, char **err);

/* Closes the session; rc is the result so far, which a failed shutdown overrides
 * (FF_ERR_FATAL). */
int nss_session_close(struct nss_session *s, int rc, char **err);

/* A primary password is set and the store is not unlocked. */
bool nss_login_needed(struct nss_session *s);

/* "what: NSS's explanation (CODE)" for the current NSS/NSPR error; what is an English
 * message, translated here (xgettext keyword nss_error). New string. */
char *nss_error(const char *what);

/* known when the cause is known, else nss_error(what). */
char *nss_read_error(char *known, const char *what);

/* A name as text ("" when NSS cannot print it). New string. */
char *nss_name_or_empty(CERTName *name);

/* A serial number's content octets as a DER INTEGER, tag and length included. New. */
unsigned char *nss_der_integer(const SECItem *content, size_t *len);

/* What NSS looks trust up by: the certificate's issuer and its serial number as a
 * DER INTEGER (CKA_ISSUER, CKA_SERIAL_NUMBER), and its DER for the hash checks. */
struct nss_cert_keys {
    SECItem issuer, serial;
    const unsigned char *der;
    size_t der_len;
};

void nss_cert_keys_of(const struct ff_cert *c, struct nss_cert_keys *k);

/* Fills st from the file, as nss/records.c explains. On a read error returns false,
 * with *err when the cause is known (else the caller names NSS's error). */
bool nss_read_state(struct nss_session *s, const struct ff_cert *c, struct ff_db_state *st,
                    char **err);

/* The trust of the records stored for k, as each NSS version reads it, into st
 * (trust, trust_legacy, forms, pkcs11, no_box). */
bool nss_read_views(struct nss_session *s, PLArenaPool *arena, const struct nss_cert_keys *k,
                    struct ff_db_state *st, char **err);

/* Destroys every trust record of the certificate of the forms (FF_FORM_*) given.
 * Returns 0 or -1 with *err. */
int nss_destroy_trust(struct nss_session *s, const struct ff_cert *c, unsigned forms,
                      char **err);

/* Adds 'u' (the certificate has a private key) to every usage. */
void nss_add_user_flag(struct ff_trust *t);

#endif
