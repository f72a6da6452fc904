/* The only interface to NSS. Everything NSS-specific (initialisation rules, object
 * lifetimes, error codes) stays behind it; callers see plain data. One database is open
 * per process at a time, as NSS requires: every function here initialises NSS for its
 * own work and shuts it down before returning.
 *
 * Behind it: session.c (open, close, busy retries), decode.c (bytes to certificates,
 * no database), records.c (what a file holds: certificate, both trust forms, key),
 * mac.c (the 3.2 records' MACs), store.c (import, remove), chain.c (doctor). */
#ifndef FFCERT_NSS_H
#define FFCERT_NSS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "cert/cert.h"
#include "cert/diagnosis.h"
#include "cert/trust.h"

/* Decodes certificate bytes as Firefox's import does (DER, DER PKCS#7, Netscape cert
 * sequence, PEM), and beyond it: every CERTIFICATE block of a PEM file and PEM PKCS7.
 * Selects the CA with ff_bundle_select_ca. Returns 0, or -1 with *err set (malloc'd,
 * without the file name: the caller adds it). At most FF_BUNDLE_MAX certificates. */
#define FF_BUNDLE_MAX 64
int ff_nss_decode(const unsigned char *data, size_t len, struct ff_bundle *out, char **err);


/* How NSS >= 3.114 reads the 3.2 record that decides. */
enum ff_pkcs11_read {
    FF_PKCS11_NONE,       /* there is none */
    FF_PKCS11_OK,
    FF_PKCS11_UNVERIFIED, /* its MACs need the primary password, which NSS too checks
                             only once it is entered */
    FF_PKCS11_BAD_HASH,   /* it names another certificate: no trust */
    FF_PKCS11_BAD_MAC,    /* a value without a valid MAC (changed behind NSS's back, or
                             written by an older NSS): no trust */
    FF_PKCS11_UNREADABLE, /* malformed values: no trust */
};

/* What one database holds for one certificate. */
struct ff_db_state {
    bool present;
    struct ff_trust trust;        /* what NSS >= 3.114 uses (Firefox and Thunderbird 153) */
    struct ff_trust trust_legacy; /* what older NSS uses (Firefox ESR 140, Chromium,
                                     certutil on Debian 12) */
    unsigned forms;               /* FF_FORM_* stored for its issuer and serial number,
                                     also when the certificate itself is not stored */
    enum ff_pkcs11_read pkcs11;
    bool no_box;                  /* the 3.2 record is MUST_VERIFY for every usage: what
                                     Firefox's Certificate Manager writes with no box
                                     ticked, a valid CA like c,c, */
    bool twin_stored;             /* another certificate with its issuer and serial number
                                     is stored, and owns those records */
    char *nickname;               /* when present */
    bool needs_login;             /* a primary password protects the key store */
};

/* Opening the database for writing, or migrating a legacy cert8.db (migrate), is
 * retried with backoff for a few seconds while another program (a running Firefox)
 * holds it busy. */

/* Read-only look at dir (opened "sql:dir" read-only). Returns 0, or -1 / FF_ERR_FATAL
 * with *err. The functions below return the same way. */
int ff_nss_inspect(const char *dir, const struct ff_cert *cert, struct ff_db_state *st,
                   char **err);

/* ff_nss_import flags. */
enum {
    /* Putting back what a failed import changed: the legacy record alone is written
     * (NSS 3.87 cannot recreate a 3.2 one), and 3.2 records are left as they are. */
    FF_WRITE_RESTORE = 1 << 0,
};

/* Writing needs a login when a primary password is set: `password` (NULL if none
 * is known) is checked once before anything is written, never retried.
 *
 * Import bundle->certs[bundle->ca] with `trust`, and the bundle's other certificates
 * with no trust unless already present. First looks, in the same session, at what
 * the database holds (*before): when the certificate is there and both NSS readings
 * of its trust are `trust` already, nothing is written and *wrote is false. nickname
 * NULL means Firefox's. Trust records left by a removed certificate go first. The
 * trust is written in the legacy form, checked, and only then are the certificate's
 * 3.2 records destroyed, so that every NSS reads the legacy one. On any failure
 * before that check, everything this call added is deleted again. *added_extras has
 * bit i set for each other certificate bundle->certs[i] newly stored. After writing,
 * *after is what the database file then holds for the certificate, read from the file
 * (not from NSS's caches): the caller checks it against what was asked. Returns 0, or
 * -1 / FF_ERR_* with *err. */
int ff_nss_import(const char *dir, const struct ff_bundle *bundle, const struct ff_trust *trust,
                  const char *nickname, const char *password, unsigned flags,
                  struct ff_db_state *before, struct ff_db_state *after, bool *wrote,
                  uint64_t *added_extras, char **err);

/* Deletes the certificate whose DER equals cert->der (never by nickname; keys are
 * untouched) and every trust record of both forms for it, also when only the records
 * are left. Absent is not an error. *after is read back from the file as for
 * ff_nss_import. Returns 0, or -1 / FF_ERR_* with *err. */
int ff_nss_remove(const char *dir, const struct ff_cert *cert, const char *password,
                  struct ff_db_state *after, char **err);

/* Opens a legacy (cert8.db only) folder as sql: read-write, which makes NSS migrate
 * it into cert9.db/key4.db. Returns 0 or -1 with *err. */
int ff_nss_migrate(const char *dir, char **err);

/* Read-only: the user certificates of dir with their chains, built from the database
 * and from candidates (certificates that could be imported: the catalogue's, --with
 * files), and the CA certificates stored. A chain ends at a self-signed certificate
 * or at a missing link. Returns 0, or -1 / FF_ERR_FATAL with *err. */
int ff_nss_diagnose(const char *dir, const struct ff_candidate *candidates, size_t n,
                    struct ff_diagnosis *out, char **err);

void ff_db_state_clear(struct ff_db_state *st);

/* The certificate as a PEM file's text (64-column base64, LF). New string. */
char *ff_nss_pem(const unsigned char *der, size_t len);

/* "3.87.1" etc. for --version. Static string. */
const char *ff_nss_version(void);

/* NSPR's version in use ("4.35"), for --version. Static string. */
const char *ff_nspr_version(void);

/* Releases NSPR's process-wide state at exit (keeps valgrind reports meaningful). */
void ff_nss_cleanup(void);

#endif
