/* ffcert doctor's look at a database: the user certificates with their chains, built
 * from the database, Firefox's built-in roots and the candidates, with the trust
 * Firefox 153 uses. Read-only. */
#include "util/i18n.h"
#include "nss/nss.h"

#include <stdlib.h>
#include <string.h>

#include <cert.h>
#include <certdb.h>
#include <pk11pub.h>
#include <secmod.h>

#include "cert/cert.h"
#include "nss/internal.h"
#include "util/util.h"


struct diag {
    PK11SlotInfo *builtins;   /* Firefox's built-in roots, when they could be loaded */
    CERTCertList *stored;     /* the certificates in the database */
    struct ff_trust *trust;   /* of each, as NSS >= 3.114 reads it, in list order */
    CERTCertificate **temps;  /* candidates as temporary certificates */
    const struct ff_candidate *candidates;
    size_t n;
};

static bool same_der(CERTCertificate *c, const SECItem *der)
{
    return SECITEM_ItemsAreEqual(&c->derCert, der);
}

/* The trust of every stored certificate, by the reader every look uses: the one
 * Firefox 153 uses, so that a root trusted only in the 3.2 form counts as trusted.
 * 'u' comes from NSS's certificate layer, which finds the key the same way. */
static bool read_stored_trust(struct nss_session *s, struct diag *d, char **err)
{
    size_t n = 0;
    for (CERTCertListNode *node = CERT_LIST_HEAD(d->stored); !CERT_LIST_END(node, d->stored);
         node = CERT_LIST_NEXT(node))
        n++;
    d->trust = xcalloc(n ? n : 1, sizeof *d->trust);
    size_t i = 0;
    for (CERTCertListNode *node = CERT_LIST_HEAD(d->stored); !CERT_LIST_END(node, d->stored);
         node = CERT_LIST_NEXT(node), i++) {
        CERTCertificate *c = node->cert;
        size_t serial_len;
        unsigned char *serial = nss_der_integer(&c->serialNumber, &serial_len);
        struct nss_cert_keys k = {c->derIssuer, {siBuffer, serial, (unsigned)serial_len},
                              c->derCert.data, c->derCert.len};
        struct ff_db_state st;
        memset(&st, 0, sizeof st);
        PLArenaPool *arena = PORT_NewArena(2048);
        char *why = NULL;
        bool ok = arena && nss_read_views(s, arena, &k, &st, &why);
        if (arena)
            PORT_FreeArena(arena, PR_FALSE);
        free(serial);
        if (!ok) {
            *err = nss_read_error(why, "cannot read the trust of a stored certificate");
            return false;
        }
        d->trust[i] = st.trust;
        CERTCertTrust t;
        if (CERT_GetCertTrust(node->cert, &t) == SECSuccess && (t.sslFlags & CERTDB_USER))
            nss_add_user_flag(&d->trust[i]);
    }
    return true;
}

static bool stored_trust(struct diag *d, CERTCertificate *c, struct ff_trust *out)
{
    size_t i = 0;
    for (CERTCertListNode *node = CERT_LIST_HEAD(d->stored); !CERT_LIST_END(node, d->stored);
         node = CERT_LIST_NEXT(node), i++) {
        if (!same_der(node->cert, &c->derCert))
            continue;
        *out = d->trust[i];
        return true;
    }
    return false;
}

static bool is_self_signed(CERTCertificate *c)
{
    return SECITEM_ItemsAreEqual(&c->derIssuer, &c->derSubject);
}

/* One of Firefox's built-in roots, trusted there (the module also lists some
 * distrusted certificates). */
static bool builtin_trusted(struct diag *d, CERTCertificate *c, bool *present)
{
    *present = false;
    if (!d->builtins)
        return false;
    CERTCertificate *b = PK11_FindCertFromDERCertItem(d->builtins, &c->derCert, NULL);
    if (!b)
        return false;
    *present = true;
    CERTCertTrust t;
    bool trusted = CERT_GetCertTrust(b, &t) == SECSuccess &&
                   ((t.sslFlags | t.emailFlags) & CERTDB_TRUSTED_CA);
    CERT_DestroyCertificate(b);
    return trusted;
}

/* Trusted as a root: anchor trust in this database, or built into Firefox. */
static bool trusted_root(struct diag *d, CERTCertificate *c)
{
    struct ff_trust t;
    bool builtin;
    if (stored_trust(d, c, &t) &&
        ((t.ssl | t.email) & (FF_TRUST_TRUSTED_CA | FF_TRUST_TRUSTED_CLIENT_CA)))
        return true;
    if (builtin_trusted(d, c, &builtin))
        return true;
    for (size_t i = 0; i < d->n; i++)
        if (d->candidates[i].builtin_root && d->temps[i] && same_der(d->temps[i], &c->derCert))
            return true;
    return false;
}

static void cert_times(CERTCertificate *c, time_t *nb, time_t *na)
{
    PRTime b = 0, a = 0;
    CERT_GetCertTimes(c, &b, &a);
    *nb = (time_t)(b / PR_USEC_PER_SEC);
    *na = (time_t)(a / PR_USEC_PER_SEC);
}

static void fill_link(struct diag *d, CERTCertificate *issuer, struct ff_chain_link *l)
{
    l->subject = nss_name_or_empty(&issuer->subject);
    PK11_HashBuf(SEC_OID_SHA256, l->sha256, issuer->derCert.data, (PRInt32)issuer->derCert.len);
    cert_times(issuer, &l->not_before, &l->not_after);
    l->self_signed = is_self_signed(issuer);
    bool builtin;
    if (stored_trust(d, issuer, &l->trust)) {
        l->place = FF_LINK_STORED;
        return;
    }
    builtin_trusted(d, issuer, &builtin);
    if (builtin) {
        l->place = FF_LINK_BUILTIN;
        return;
    }
    l->place = FF_LINK_AVAILABLE;
    for (size_t i = 0; i < d->n; i++)
        if (d->temps[i] && same_der(d->temps[i], &issuer->derCert))
            l->candidate = i;
}

/* Follows issuers from c up to a self-signed certificate or a missing link.
 * Returns whether the chain ends at a trusted root. */
static bool walk_chain(struct diag *d, CERTCertificate *c, struct ff_chain_link **links,
                       size_t *n_links, bool *cut)
{
    CERTCertificate *cur = CERT_DupCertificate(c);
    bool trusted = false;
    while (!is_self_signed(cur) && *n_links < FF_CHAIN_MAX) {
        *links = xrealloc(*links, (*n_links + 1) * sizeof **links);
        struct ff_chain_link *l = &(*links)[(*n_links)++];
        memset(l, 0, sizeof *l);
        CERTCertificate *issuer = CERT_FindCertIssuer(cur, (PRTime)ff_now() * PR_USEC_PER_SEC, certUsageAnyCA);
        if (!issuer) {
            l->place = FF_LINK_MISSING;
            l->subject = nss_name_or_empty(&cur->issuer);
            if (cur->authKeyID && cur->authKeyID->keyID.len)
                l->key_id = ff_hex_colon(cur->authKeyID->keyID.data, cur->authKeyID->keyID.len);
            CERT_DestroyCertificate(cur);
            return false;
        }
        fill_link(d, issuer, l);
        CERT_DestroyCertificate(cur);
        cur = issuer;
    }
    if (cut)
        *cut = !is_self_signed(cur);
    trusted = is_self_signed(cur) && trusted_root(d, cur);
    CERT_DestroyCertificate(cur);
    return trusted;
}

static char *usages_of(CERTCertificate *c)
{
    static const struct {
        unsigned bit;
        const char *words;
    } key_usages[] = {{KU_DIGITAL_SIGNATURE, N_("digital signature")},
                      {KU_NON_REPUDIATION, N_("non-repudiation")},
                      {KU_KEY_ENCIPHERMENT, N_("key encipherment")},
                      {KU_KEY_AGREEMENT, N_("key agreement")}};
    static const struct {
        SECOidTag tag;
        const char *words;
    } extended[] = {{SEC_OID_EXT_KEY_USAGE_CLIENT_AUTH, N_("client authentication")},
                    {SEC_OID_EXT_KEY_USAGE_SERVER_AUTH, N_("server authentication")},
                    {SEC_OID_EXT_KEY_USAGE_EMAIL_PROTECT, N_("email protection (S/MIME)")},
                    {SEC_OID_EXT_KEY_USAGE_CODE_SIGN, N_("code signing")}};
    char buf[1024] = "";
    size_t len = 0;
    for (size_t i = 0; c->keyUsagePresent && i < sizeof key_usages / sizeof key_usages[0]; i++)
        if (c->keyUsage & key_usages[i].bit)
            len += (size_t)snprintf(buf + len, sizeof buf - len, "%s%s", len ? "; " : "",
                                    _(key_usages[i].words));
    SECItem ext = {siBuffer, NULL, 0};
    if (CERT_FindCertExtension(c, SEC_OID_X509_EXT_KEY_USAGE, &ext) == SECSuccess) {
        CERTOidSequence *seq = CERT_DecodeOidSequence(&ext);
        for (SECItem **oid = seq ? seq->oids : NULL; oid && *oid; oid++) {
            SECOidTag tag = SECOID_FindOIDTag(*oid);
            for (size_t i = 0; i < sizeof extended / sizeof extended[0]; i++)
                if (tag == extended[i].tag && len < sizeof buf)
                    len += (size_t)snprintf(buf + len, sizeof buf - len, "%s%s",
                                            len ? "; " : "", _(extended[i].words));
        }
        if (seq)
            CERT_DestroyOidSequence(seq);
        SECITEM_FreeItem(&ext, PR_FALSE);
    }
    return xstrdup(len ? buf : _("any (no usage restrictions)"));
}

/* What kind of certificate it is, by its extended key usage (none: any use). */
static unsigned purposes_of(CERTCertificate *c)
{
    SECItem ext = {siBuffer, NULL, 0};
    if (CERT_FindCertExtension(c, SEC_OID_X509_EXT_KEY_USAGE, &ext) != SECSuccess)
        return FF_PURPOSE_CLIENT | FF_PURPOSE_SMIME;
    unsigned purposes = 0;
    CERTOidSequence *seq = CERT_DecodeOidSequence(&ext);
    for (SECItem **oid = seq ? seq->oids : NULL; oid && *oid; oid++) {
        SECOidTag tag = SECOID_FindOIDTag(*oid);
        if (tag == SEC_OID_EXT_KEY_USAGE_CLIENT_AUTH)
            purposes |= FF_PURPOSE_CLIENT;
        else if (tag == SEC_OID_EXT_KEY_USAGE_EMAIL_PROTECT)
            purposes |= FF_PURPOSE_SMIME;
        else if (tag == SEC_OID_EXT_KEY_USAGE_SERVER_AUTH)
            purposes |= FF_PURPOSE_SERVER;
    }
    if (seq)
        CERT_DestroyOidSequence(seq);
    SECITEM_FreeItem(&ext, PR_FALSE);
    return purposes;
}

static void diagnose_user(struct diag *d, CERTCertificate *c, struct ff_user_cert *u)
{
    memset(u, 0, sizeof *u);
    u->subject = nss_name_or_empty(&c->subject);
    u->issuer = nss_name_or_empty(&c->issuer);
    u->nickname = c->nickname ? xstrdup(c->nickname) : NULL;
    struct ff_trust t;
    u->has_key = stored_trust(d, c, &t) && ((t.ssl | t.email | t.objsign) & FF_TRUST_USER);
    cert_times(c, &u->not_before, &u->not_after);
    u->usages = usages_of(c);
    u->purposes = purposes_of(c);
    u->reaches_trusted_root = walk_chain(d, c, &u->links, &u->n_links, &u->chain_cut);
}

static void diagnose_ca(struct diag *d, CERTCertificate *c, struct ff_stored_ca *ca)
{
    memset(ca, 0, sizeof *ca);
    ca->subject = nss_name_or_empty(&c->subject);
    ca->nickname = c->nickname ? xstrdup(c->nickname) : NULL;
    PK11_HashBuf(SEC_OID_SHA256, ca->sha256, c->derCert.data, (PRInt32)c->derCert.len);
    cert_times(c, &ca->not_before, &ca->not_after);
    ca->self_signed = is_self_signed(c);
    stored_trust(d, c, &ca->trust);
    if (!ca->self_signed) {
        struct ff_chain_link *links = NULL;
        size_t n = 0;
        bool trusted = walk_chain(d, c, &links, &n, NULL);
        ca->issuer_trusted = trusted && n > 0 && links[0].place == FF_LINK_STORED;
        for (size_t i = 0; i < n; i++) {
            free(links[i].subject);
            free(links[i].key_id);
        }
        free(links);
    }
}

int ff_nss_diagnose(const char *dir, const struct ff_candidate *candidates, size_t n,
                    struct ff_diagnosis *out, char **err)
{
    struct nss_session s;
    memset(out, 0, sizeof *out);
    if (nss_session_open(dir, true, &s, err) != 0)
        return -1;
    out->needs_login = nss_login_needed(&s);
    /* Firefox's built-in roots, for this check only: loaded as a user module, which
     * writes nothing to the database. */
    SECMODModule *builtins =
        SECMOD_LoadUserModule((char *)"name=\"ffcert built-in roots\" library=libnssckbi.so",
                              NULL, PR_FALSE);
    if (builtins && (!builtins->loaded || builtins->slotCount < 1)) {
        SECMOD_DestroyModule(builtins);
        builtins = NULL;
    }
    out->builtins_checked = builtins != NULL;
    struct diag d = {builtins ? builtins->slots[0] : NULL, PK11_ListCertsInSlot(s.slot), NULL,
                     xcalloc(n ? n : 1, sizeof *d.temps), candidates, n};
    int rc = 0;
    if (!d.stored) {
        *err = nss_error("cannot list the certificates");
        rc = -1;
    } else if (!read_stored_trust(&s, &d, err)) {
        rc = -1;
    }
    for (size_t i = 0; rc == 0 && i < n; i++) {
        SECItem der = {siBuffer, candidates[i].cert->der, (unsigned)candidates[i].cert->der_len};
        d.temps[i] = CERT_NewTempCertificate(s.handle, &der, NULL, PR_FALSE, PR_TRUE);
    }
    for (CERTCertListNode *node = rc ? NULL : CERT_LIST_HEAD(d.stored);
         node && !CERT_LIST_END(node, d.stored); node = CERT_LIST_NEXT(node)) {
        CERTCertificate *c = node->cert;
        if (CERT_IsCACert(c, NULL)) {
            out->cas = xrealloc(out->cas, (out->n_cas + 1) * sizeof *out->cas);
            diagnose_ca(&d, c, &out->cas[out->n_cas++]);
        } else {
            out->users = xrealloc(out->users, (out->n_users + 1) * sizeof *out->users);
            diagnose_user(&d, c, &out->users[out->n_users++]);
        }
    }
    for (size_t i = 0; i < n; i++)
        if (d.temps[i])
            CERT_DestroyCertificate(d.temps[i]);
    free(d.temps);
    free(d.trust);
    if (d.stored)
        CERT_DestroyCertList(d.stored);
    if (builtins) {
        SECMOD_UnloadUserModule(builtins);
        SECMOD_DestroyModule(builtins);
    }
    rc = nss_session_close(&s, rc, err);
    if (rc != 0)
        ff_diagnosis_free(out);
    return rc;
}
