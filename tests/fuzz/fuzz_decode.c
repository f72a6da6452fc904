/* Certificate and bundle decoding (src/nss/decode.c: ff_nss_decode): DER, PEM (every
 * block), DER and PEM PKCS#7, Netscape certificate sequences. ff_nss_decode starts
 * NSS without a database (NSS_NoDB_Init) and shuts it down on every call; a
 * certificate reference it forgets would make that shutdown fail (FF_ERR_FATAL),
 * which is checked. A decoded certificate's DER is written as PEM again
 * (ff_nss_pem) and must scan as exactly that one block. */
#include "fuzz.h"

#include <stdlib.h>
#include <string.h>

#include "cert/cert.h"
#include "nss/nss.h"
#include "util/util.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    /* Exactly the input's bytes, no NUL after them. */
    unsigned char *copy = malloc(size ? size : 1);
    if (!copy)
        abort();
    if (size)
        memcpy(copy, data, size);
    struct ff_bundle b;
    char *err = NULL;
    int rc = ff_nss_decode(copy, size, &b, &err);
    FUZZ_CHECK(rc != FF_ERR_FATAL);
    if (rc != 0) {
        FUZZ_CHECK(rc == -1 && fuzz_one_line(err));
        FUZZ_CHECK(b.n == 0 && !b.certs);
        free(err);
        free(copy);
        return 0;
    }
    FUZZ_CHECK(!err);
    FUZZ_CHECK(b.n >= 1 && b.n <= FF_BUNDLE_MAX && b.ca < b.n);
    /* Nothing is cut off (issue 17 #7): every certificate block of a PEM file gave at
     * least one certificate. */
    const char *scan_err = NULL;
    int found = ff_pem_scan((const char *)copy, size, NULL, 0, &scan_err);
    if (found > 0) {
        struct ff_pem_block *blocks = calloc((size_t)found, sizeof *blocks);
        if (!blocks)
            abort();
        FUZZ_CHECK(ff_pem_scan((const char *)copy, size, blocks, (size_t)found, NULL) == found);
        size_t cert_blocks = 0;
        for (int i = 0; i < found; i++)
            cert_blocks += !strcmp(blocks[i].label, "CERTIFICATE") ||
                           !strcmp(blocks[i].label, "X509 CERTIFICATE") ||
                           !strcmp(blocks[i].label, "PKCS7") ||
                           !strcmp(blocks[i].label, "NETSCAPE CERTIFICATE SEQUENCE");
        FUZZ_CHECK(b.n >= cert_blocks);
        free(blocks);
    }
    for (size_t i = 0; i < b.n; i++) {
        const struct ff_cert *c = &b.certs[i];
        FUZZ_CHECK(c->der && c->der_len && c->subject && c->issuer && c->serial &&
                   c->nickname);
        FUZZ_CHECK(c->issuer_der && c->issuer_der_len && c->serial_der &&
                   c->serial_der_len >= 2 && c->serial_der[0] == 0x02);
        (void)ff_cert_validity_outlook(c, 1764633600); /* 2025-12-02 */
        char *pem = ff_nss_pem(c->der, c->der_len);
        struct ff_pem_block blk[2];
        const char *perr = NULL;
        FUZZ_CHECK(ff_pem_scan(pem, strlen(pem), blk, 2, &perr) == 1);
        FUZZ_CHECK(!strcmp(blk[0].label, "CERTIFICATE"));
        free(pem);
    }
    ff_bundle_free(&b);
    free(copy);
    return 0;
}
