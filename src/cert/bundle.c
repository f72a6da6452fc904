/* Plain-data parts of a certificate bundle: which one is the CA, validity, freeing.
 * See cert.h. No NSS here. */
#include "cert/cert.h"

#include <stdlib.h>
#include <string.h>

/* NULL names never match. */
static bool same_name(const char *a, const char *b)
{
    return a && b && strcmp(a, b) == 0;
}

/* nsNSSCertificateDB::handleCACertDownload. For n == 2 both tests compare certs 0
 * and 1: [root, leaf] -> 0 (issuer of 1 is subject of 0); [leaf, root] -> 1. */
size_t ff_bundle_select_ca(const char *const *subjects, const char *const *issuers, size_t n)
{
    if (n <= 1)
        return 0;
    if (same_name(issuers[1], subjects[0]))
        return 0;
    if (same_name(issuers[n - 2], subjects[n - 1]))
        return n - 1;
    return 0;
}

void ff_bundle_free(struct ff_bundle *b)
{
    if (!b)
        return;
    for (size_t i = 0; b->certs && i < b->n; i++) {
        struct ff_cert *c = &b->certs[i];
        free(c->der);
        free(c->subject);
        free(c->issuer);
        free(c->serial);
        free(c->nickname);
        free(c->issuer_der);
        free(c->serial_der);
    }
    free(b->certs);
    free(b->origin);
    free(b->provenance);
    free(b->catalog_entry);
    free(b->successor);
    memset(b, 0, sizeof *b);
}

const char *ff_cert_validity_state(const struct ff_cert *c, time_t now)
{
    if (now < c->not_before)
        return "not yet valid";
    if (now > c->not_after)
        return "expired";
    return "valid";
}

const char *ff_cert_validity_outlook(const struct ff_cert *c, time_t now)
{
    const char *state = ff_cert_validity_state(c, now);
    if (!strcmp(state, "valid") && c->not_after - now < (time_t)FF_EXPIRES_SOON_DAYS * 86400)
        return "expires soon";
    return state;
}
