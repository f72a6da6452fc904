/* What a database holds, as `ffcert doctor` needs it: the user certificates (those
 * with a private key) with their chains, and the CA certificates stored. Plain data,
 * filled by nss/chain.c (ff_nss_diagnose) and judged by doctor.c. */
#ifndef FFCERT_DIAGNOSIS_H
#define FFCERT_DIAGNOSIS_H

#include <stdbool.h>
#include <stddef.h>
#include <time.h>

#include "cert/trust.h"

enum ff_link_place {
    FF_LINK_STORED,    /* in the database */
    FF_LINK_BUILTIN,   /* one of the roots built into Firefox (libnssckbi) */
    FF_LINK_AVAILABLE, /* not in the database, but one of the candidates */
    FF_LINK_MISSING,   /* nowhere */
};

/* One issuer up a chain. */
struct ff_chain_link {
    enum ff_link_place place;
    char *subject;         /* for MISSING: the issuer name wanted */
    char *key_id;          /* for MISSING: the authority key identifier wanted (hex), or NULL */
    size_t candidate;      /* for AVAILABLE: index into the candidates */
    unsigned char sha256[32]; /* for STORED / AVAILABLE */
    time_t not_before, not_after;
    bool self_signed;
    struct ff_trust trust; /* for STORED */
};

/* A certificate that could be imported to complete a chain. */
struct ff_candidate {
    const struct ff_cert *cert;
    const char *label;  /* "catalogue entry nii-g8-rsa", "file x.pem" */
    unsigned builtin_since; /* a root built into Firefox from this major version (the
                               catalogue's builtin_since), 0 if none */
    bool builtin_root;  /* built into the Firefox of the profile being examined: set by the
                           caller from builtin_since and the profile's version */
};

/* How many issuers doctor follows from a user's certificate: real chains have 2 or 3;
 * cross-signed CAs can make a loop. */
#define FF_CHAIN_MAX 8

struct ff_user_cert {
    char *subject, *issuer, *nickname;
    bool has_key;              /* known to have a private key (false also when hidden
                                  behind a primary password) */
    bool reaches_trusted_root; /* the chain ends at a root trusted in this database or
                                  built into Firefox */
    bool chain_cut;            /* not followed to its end: longer than FF_CHAIN_MAX links
                                  (or a loop of cross-signed CAs) */
    time_t not_before, not_after;
    char *usages;              /* "digital signature; client authentication; ..." */
    unsigned purposes;         /* FF_PURPOSE_CLIENT and/or _SMIME, from its extended key
                                  usage (both when it has none) */
    struct ff_chain_link *links; /* issuer first, up to a root or a missing link */
    size_t n_links;
};

/* A CA certificate stored in the database. */
struct ff_stored_ca {
    char *subject, *nickname;
    unsigned char sha256[32];
    time_t not_before, not_after;
    bool self_signed;
    struct ff_trust trust;
    bool issuer_trusted;       /* its issuer is stored and chains to a trusted root */
};

struct ff_diagnosis {
    struct ff_user_cert *users;
    size_t n_users;
    struct ff_stored_ca *cas;
    size_t n_cas;
    bool needs_login;
    bool builtins_checked; /* Firefox's built-in roots could be loaded for the check */
};

void ff_diagnosis_free(struct ff_diagnosis *d);

#endif
