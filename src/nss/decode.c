/* Certificates as bytes: decoding what a user gives (as Firefox's import does, and
 * beyond it) into plain data, and PEM for files. Needs no database. */
#include "util/i18n.h"
#include "nss/nss.h"

#include <stdlib.h>
#include <string.h>

#include <base64.h>
#include <cert.h>
#include <nss.h>
#include <pk11pub.h>

#include "cert/nickname.h"
#include "nss/internal.h"
#include "util/util.h"

struct der_list {
    SECItem *items; /* owned copies */
    size_t n;
    bool too_many;
};

static void der_list_add(struct der_list *l, const unsigned char *data, size_t len)
{
    if (l->n == FF_BUNDLE_MAX) {
        l->too_many = true;
        return;
    }
    l->items = xrealloc(l->items, (l->n + 1) * sizeof *l->items);
    SECItem *it = &l->items[l->n++];
    it->type = siBuffer;
    it->data = xmalloc(len);
    it->len = (unsigned)len;
    memcpy(it->data, data, len);
}

static void der_list_free(struct der_list *l)
{
    for (size_t i = 0; i < l->n; i++)
        free(l->items[i].data);
    free(l->items);
}

static SECStatus collect_cert(void *arg, SECItem **certs, int n)
{
    struct der_list *l = arg;
    for (int i = 0; i < n; i++)
        der_list_add(l, certs[i]->data, certs[i]->len);
    return SECSuccess;
}

/* PEM: every certificate-bearing block. Each is decoded as a package, which also
 * takes a plain DER certificate: openssl writes Netscape sequences and some tools
 * PKCS#7 under the CERTIFICATE label. */
static bool is_cert_label(const char *label)
{
    static const char *const labels[] = {"CERTIFICATE", "X509 CERTIFICATE", "PKCS7",
                                         "NETSCAPE CERTIFICATE SEQUENCE"};
    for (size_t i = 0; i < sizeof labels / sizeof labels[0]; i++)
        if (!strcmp(label, labels[i]))
            return true;
    return false;
}

static int collect_pem(const unsigned char *data, size_t len, struct der_list *l, char **err)
{
    const char *scan_err = NULL;
    int n = ff_pem_scan((const char *)data, len, NULL, 0, &scan_err);
    if (n < 0) {
        *err = xstrdup(scan_err);
        return -1;
    }
    if (n == 0)
        return 0;
    /* Room for every block: blocks that are not certificates (keys, CRLs) do not count
     * towards FF_BUNDLE_MAX, and certificates past it must refuse the file, not be cut
     * off (with the CA last, a cut bundle would trust another of its certificates). */
    struct ff_pem_block *blocks = xcalloc((size_t)n, sizeof *blocks);
    n = ff_pem_scan((const char *)data, len, blocks, (size_t)n, &scan_err);
    const char *other = NULL;
    int rc = 1;
    for (int i = 0; i < n && rc > 0 && !l->too_many; i++) {
        const char *label = blocks[i].label;
        if (!is_cert_label(label)) {
            other = label;
            continue;
        }
        char *b64 = xstrndup(blocks[i].body, blocks[i].body_len);
        SECItem der = {siBuffer, NULL, 0};
        SECStatus rv = ATOB_ConvertAsciiToItem(&der, b64);
        free(b64);
        if (rv == SECSuccess && der.len > 0)
            rv = CERT_DecodeCertPackage((char *)der.data, (int)der.len, collect_cert, l);
        else
            rv = SECFailure;
        SECITEM_FreeItem(&der, PR_FALSE);
        if (rv != SECSuccess) {
            *err = xasprintf(_("PEM block %d (%s) holds no readable certificate "
                             "(bad base64, truncated or corrupted)"), i + 1, label);
            rc = -1;
        }
    }
    if (rc > 0 && l->n == 0) {
        *err = xasprintf(_("PEM file holds no certificate (only %s)"), other ? other : _("other data"));
        rc = -1;
    }
    free(blocks);
    return rc;
}

char *nss_name_or_empty(CERTName *name)
{
    char *s = CERT_NameToAscii(name);
    char *copy = xstrdup(s ? s : "");
    PORT_Free(s);
    return copy;
}

/* Takes an NSS-allocated string (may be NULL), returns a malloc'd copy or NULL. */
static char *take_port_string(char *s)
{
    char *copy = s ? xstrdup(s) : NULL;
    PORT_Free(s);
    return copy;
}

/* A serial number's content octets as a DER INTEGER, tag and length included. */
unsigned char *nss_der_integer(const SECItem *content, size_t *len)
{
    size_t n = content->len;
    unsigned char head[6] = {0x02};
    size_t h = 1;
    if (n < 0x80) {
        head[h++] = (unsigned char)n;
    } else {
        unsigned bytes = n > 0xffffff ? 4 : n > 0xffff ? 3 : n > 0xff ? 2 : 1;
        head[h++] = (unsigned char)(0x80 | bytes);
        for (unsigned i = bytes; i-- > 0;)
            head[h++] = (unsigned char)(n >> (8 * i));
    }
    unsigned char *out = xmalloc(h + n);
    memcpy(out, head, h);
    memcpy(out + h, content->data, n);
    *len = h + n;
    return out;
}

static int describe_cert(const SECItem *der, size_t index, struct ff_cert *out, char **err)
{
    /* A temporary certificate in NSS_NoDB_Init's in-memory store. */
    SECItem copy = *der;
    CERTCertificate *cert =
        CERT_NewTempCertificate(CERT_GetDefaultCertDB(), &copy, NULL, PR_FALSE, PR_TRUE);
    if (!cert) {
        char *why = nss_error("not a valid certificate");
        *err = index ? xasprintf("certificate %zu: %s", index + 1, why) : xstrdup(why);
        free(why);
        return -1;
    }
    memset(out, 0, sizeof *out);
    out->der = xmalloc(der->len);
    memcpy(out->der, der->data, der->len);
    out->der_len = der->len;
    out->subject = nss_name_or_empty(&cert->subject);
    out->issuer = nss_name_or_empty(&cert->issuer);
    out->serial = ff_hex_colon(cert->serialNumber.data, cert->serialNumber.len);
    out->issuer_der = xmalloc(cert->derIssuer.len);
    memcpy(out->issuer_der, cert->derIssuer.data, cert->derIssuer.len);
    out->issuer_der_len = cert->derIssuer.len;
    out->serial_der = nss_der_integer(&cert->serialNumber, &out->serial_der_len);
    PRTime nb = 0, na = 0;
    CERT_GetCertTimes(cert, &nb, &na);
    out->not_before = (time_t)(nb / PR_USEC_PER_SEC);
    out->not_after = (time_t)(na / PR_USEC_PER_SEC);
    PK11_HashBuf(SEC_OID_SHA256, out->sha256, der->data, (PRInt32)der->len);
    out->is_ca = CERT_IsCACert(cert, NULL) == PR_TRUE;

    char *cn = take_port_string(CERT_GetCommonName(&cert->subject));
    char *ou = take_port_string(CERT_GetOrgUnitName(&cert->subject));
    char *o = take_port_string(CERT_GetOrgName(&cert->issuer));
    char *dc = take_port_string(CERT_GetDomainComponentName(&cert->issuer));
    out->nickname = ff_nickname_base(cn, ou, o, dc);
    free(cn);
    free(ou);
    free(o);
    free(dc);
    CERT_DestroyCertificate(cert);
    return 0;
}

int ff_nss_decode(const unsigned char *data, size_t len, struct ff_bundle *out, char **err)
{
    memset(out, 0, sizeof *out);
    if (len == 0) {
        *err = xstrdup(_("empty file"));
        return -1;
    }
    if (NSS_NoDB_Init(NULL) != SECSuccess) {
        *err = nss_error("cannot start NSS");
        return FF_ERR_FATAL;
    }

    struct der_list ders = {0};
    int rc = collect_pem(data, len, &ders, err);
    if (rc == 0 && CERT_DecodeCertPackage((char *)data, (int)len, collect_cert, &ders) !=
                       SECSuccess) {
        *err = xstrdup(_("not a certificate (expected DER, PEM or PKCS#7; "
                       "truncated or corrupted?)"));
        rc = -1;
    }
    if (rc >= 0 && ders.n == 0) { /* NSS accepts a PKCS#7 that carries none */
        *err = xstrdup(_("no certificate in the file (a PKCS#7 bundle with none)"));
        rc = -1;
    }
    if (rc >= 0 && ders.too_many) {
        *err = xasprintf(_("more than %d certificates in one file"), FF_BUNDLE_MAX);
        rc = -1;
    }
    if (rc >= 0) {
        out->certs = xcalloc(ders.n, sizeof *out->certs);
        for (size_t i = 0; i < ders.n; i++, out->n++) {
            if (describe_cert(&ders.items[i], i, &out->certs[i], err) != 0) {
                rc = -1;
                break;
            }
        }
    }
    der_list_free(&ders);
    if (rc >= 0) {
        const char **subjects = xcalloc(out->n, sizeof *subjects);
        const char **issuers = xcalloc(out->n, sizeof *issuers);
        for (size_t i = 0; i < out->n; i++) {
            subjects[i] = out->certs[i].subject;
            issuers[i] = out->certs[i].issuer;
        }
        out->ca = ff_bundle_select_ca(subjects, issuers, out->n);
        free(subjects);
        free(issuers);
    }
    if (NSS_Shutdown() != SECSuccess) {
        free(*err);
        *err = nss_error("NSS did not shut down");
        rc = FF_ERR_FATAL;
    }
    if (rc < 0) {
        ff_bundle_free(out);
        return rc;
    }
    return 0;
}

char *ff_nss_pem(const unsigned char *der, size_t len)
{
    char *b64 = BTOA_DataToAscii(der, (unsigned)len);
    if (!b64) 
        ff_oom();
    /* NSS breaks lines with CRLF; PEM files here use LF. */
    char *body = xstrdup(b64);
    PORT_Free(b64);
    char *w = body;
    for (const char *r = body; *r; r++)
        if (*r != '\r')
            *w++ = *r;
    *w = '\0';
    char *pem = xasprintf("-----BEGIN CERTIFICATE-----\n%s\n-----END CERTIFICATE-----\n", body);
    free(body);
    return pem;
}
