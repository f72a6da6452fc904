/* NSS trust flags as plain data: parsing and printing certutil's letters, and words.
 * The bit values are NSS's CERTDB_* values (checked at compile time in nss/records.c), so
 * this file needs no NSS header. */
#ifndef FFCERT_TRUST_H
#define FFCERT_TRUST_H

#include <stdbool.h>

enum {
    FF_TRUST_TERMINAL_RECORD = 1u << 0, /* p */
    FF_TRUST_TRUSTED = 1u << 1,         /* P (with TERMINAL_RECORD) */
    FF_TRUST_SEND_WARN = 1u << 2,       /* w */
    FF_TRUST_VALID_CA = 1u << 3,        /* c */
    FF_TRUST_TRUSTED_CA = 1u << 4,      /* C */
    FF_TRUST_NS_TRUSTED_CA = 1u << 5,
    FF_TRUST_USER = 1u << 6,              /* u: has a private key; derived, not settable */
    FF_TRUST_TRUSTED_CLIENT_CA = 1u << 7, /* T */
    FF_TRUST_INVISIBLE_CA = 1u << 8,      /* I */
    FF_TRUST_GOVT_APPROVED_CA = 1u << 9,  /* G */
};

/* The two forms NSS stores trust in (src/nss/records.c explains them). */
enum {
    FF_FORM_LEGACY = 1 << 0, /* CKO_NSS_TRUST: read by every NSS */
    FF_FORM_PKCS11 = 1 << 1, /* PKCS#11 3.2 CKO_TRUST: read first by NSS >= 3.114 */
};

/* Trust of one certificate for the three usages NSS keeps. */
struct ff_trust {
    unsigned ssl, email, objsign;
};

/* "CT,c," and the like: at most 3 fields of a few letters each. */
#define FF_TRUST_LETTERS_MAX 64

/* Parses certutil's syntax "SSL,EMAIL,OBJSIGN" (letters p P c C T w, as certutil -t;
 * 'u' is refused: it is derived from a private key). Returns 0, or -1 with *err. */
int ff_trust_parse(const char *s, struct ff_trust *out, char **err);

/* Writes the letters in certutil -L's order (c p C T P u w I G per field). */
void ff_trust_format(const struct ff_trust *t, char out[FF_TRUST_LETTERS_MAX]);

/* What Firefox's Certificate Manager writes for its two checkboxes:
 * none c,c,  websites CT,c,  email c,C,  both CT,C, (as stored on disk). */
struct ff_trust ff_trust_from_dialog(bool websites, bool email);

/* The trust as NSS stores it: NSS keeps TRUSTED_CLIENT_CA for ssl only and never
 * stores USER (it is derived). Comparing normalized values avoids reporting a change
 * that the database cannot hold. */
struct ff_trust ff_trust_normalize(const struct ff_trust *t);

/* The letters certutil -t accepts but a cert9.db cannot hold (w, i, g: NSS's sql
 * store keeps only p, P, c, C, T). Writes them, comma-separated like the input, into
 * out and returns true if there are any. */
bool ff_trust_unstorable(const struct ff_trust *t, char out[FF_TRUST_LETTERS_MAX]);
bool ff_trust_equal(const struct ff_trust *a, const struct ff_trust *b);

/* Plain words, e.g. "trusted to identify websites; valid CA for email".
 * New string. */
char *ff_trust_describe(const struct ff_trust *t);

#endif
