/* What a database file holds for a certificate: its certificate object, its trust
 * records in both of NSS's forms read as each NSS version reads them, its key. The
 * one reader every look uses (status, before and after a write, doctor); records
 * are destroyed here too. */
#include "util/i18n.h"
#include "nss/nss.h"

#include <stdlib.h>
#include <string.h>

#include <cert.h>
#include <certdb.h>
#include <pk11pub.h>
#include <secerr.h>
#include <sechash.h>

#include "nss/internal.h"
#include "nss/mac.h"
#include "util/util.h"

_Static_assert(FF_TRUST_TERMINAL_RECORD == CERTDB_TERMINAL_RECORD, "trust bits");
_Static_assert(FF_TRUST_TRUSTED == CERTDB_TRUSTED, "trust bits");
_Static_assert(FF_TRUST_SEND_WARN == CERTDB_SEND_WARN, "trust bits");
_Static_assert(FF_TRUST_VALID_CA == CERTDB_VALID_CA, "trust bits");
_Static_assert(FF_TRUST_TRUSTED_CA == CERTDB_TRUSTED_CA, "trust bits");
_Static_assert(FF_TRUST_NS_TRUSTED_CA == CERTDB_NS_TRUSTED_CA, "trust bits");
_Static_assert(FF_TRUST_USER == CERTDB_USER, "trust bits");
_Static_assert(FF_TRUST_TRUSTED_CLIENT_CA == CERTDB_TRUSTED_CLIENT_CA, "trust bits");
_Static_assert(FF_TRUST_INVISIBLE_CA == CERTDB_INVISIBLE_CA, "trust bits");
_Static_assert(FF_TRUST_GOVT_APPROVED_CA == CERTDB_GOVT_APPROVED_CA, "trust bits");
_Static_assert(FF_BUNDLE_MAX <= 64, "ff_nss_import reports added certificates as 64 bits");

/* One way to read what a database holds for a certificate, for every look: before
 * a write, after it (the read-back), status and doctor. It reads the PKCS#11 objects
 * below NSS's certificate layer:
 * - that layer's caches can report trust that never reached the file, while the
 *   softoken answers reads of token objects straight from SQLite, through the
 *   connection it opened at NSS_Initialize; each write ran in its own connection
 *   and transaction, closed at commit (lib/softoken/sdb.c), so a read after a
 *   write sees the committed file, with no second NSS_Initialize;
 * - NSS 3.87's certificate layer knows only one of the two forms trust is stored in.
 *
 * The two forms (../shared/docs/nss-trust-formats.md):
 * - legacy CKO_NSS_TRUST objects, which every NSS reads;
 * - PKCS#11 3.2 CKO_TRUST objects, which NSS >= 3.114 (Firefox and Thunderbird 153)
 *   writes and reads first: when one exists for the certificate's issuer and serial
 *   number, the legacy object is ignored (lib/dev/devtoken.c,
 *   nssToken_FindTrustForCertificate), and if its values, hash or MACs do not check
 *   out, the certificate has no trust at all (lib/pki/certificate.c,
 *   nssTrust_Create). NSS 3.87 can read and destroy those objects but neither
 *   create one nor write into one (the value would have no valid MAC).
 * What is derived from the objects follows NSS's certificate layer, so the result
 * is what each NSS's certutil -L shows. */

/* PKCS#11 3.2 names that NSS 3.87's headers lack (pkcs11t.h of NSS 3.114). */
#define P11_CKO_TRUST 0x0BUL
#define P11_CKA_NAME_HASH_ALGORITHM 0x8CUL
#define P11_CKA_TRUST_SERVER_AUTH 0x62CUL
#define P11_CKA_TRUST_CLIENT_AUTH 0x62DUL
#define P11_CKA_TRUST_CODE_SIGNING 0x62EUL
#define P11_CKA_TRUST_EMAIL_PROTECTION 0x62FUL
#define P11_CKA_HASH_OF_CERTIFICATE 0x635UL
#define P11_CKT_TRUST_UNKNOWN 0UL
#define P11_CKT_TRUSTED 1UL
#define P11_CKT_TRUST_ANCHOR 2UL
#define P11_CKT_NOT_TRUSTED 3UL
#define P11_CKT_MUST_VERIFY 4UL

/* The softoken's object id inside a handle: what its MACs are keyed by
 * (lib/softoken/sftkdbti.h, SFTK_OBJ_ID_MASK). */
#define SOFTOKEN_OBJECT_ID(handle) ((unsigned long)(handle) & 0x3fffffffUL)

/* Certutil's letters for one legacy trust value (pki3hack.c,
 * get_nss3trust_from_nss4trust). */
static unsigned flags_from_pkcs11(CK_ULONG value)
{
    switch (value) {
    case CKT_NSS_TRUSTED_DELEGATOR:
        return CERTDB_VALID_CA | CERTDB_TRUSTED_CA;
    case CKT_NSS_VALID_DELEGATOR:
        return CERTDB_VALID_CA;
    case CKT_NSS_TRUSTED:
        return CERTDB_TERMINAL_RECORD | CERTDB_TRUSTED;
    case CKT_NSS_NOT_TRUSTED:
        return CERTDB_TERMINAL_RECORD;
    default: /* must verify, unknown */
        return 0;
    }
}

/* A 3.2 value as the legacy value NSS maps it to (ckhelper.c, get_nss_trust): both
 * forms end at the same trust levels. "Valid CA" has no 3.2 value. */
static CK_ULONG legacy_value(CK_ULONG v)
{
    switch (v) {
    case P11_CKT_TRUSTED:
        return CKT_NSS_TRUSTED;
    case P11_CKT_TRUST_ANCHOR:
        return CKT_NSS_TRUSTED_DELEGATOR;
    case P11_CKT_NOT_TRUSTED:
        return CKT_NSS_NOT_TRUSTED;
    case P11_CKT_MUST_VERIFY:
        return CKT_NSS_MUST_VERIFY_TRUST;
    default:
        return CKT_NSS_TRUST_UNKNOWN;
    }
}

/* Reads attrs[0..n) of an object into arena: one PKCS#11 call pair (one SQL query
 * each) when it has them all, one by one otherwise. An attribute the object lacks is
 * left empty (NULL, length 0), as NSS's own reads leave it. False on a read error
 * (a busy or damaged database, a trust MAC that does not verify...). */
static bool read_attributes(PLArenaPool *arena, PK11GenericObject *o, CK_ATTRIBUTE *attrs,
                            unsigned n)
{
    for (unsigned i = 0; i < n; i++)
        attrs[i].pValue = NULL, attrs[i].ulValueLen = 0;
    if (PK11_ReadRawAttributes(arena, PK11_TypeGeneric, o, attrs, n) == SECSuccess)
        return true;
    if (PORT_GetError() != SEC_ERROR_BAD_DATA) /* CKR_ATTRIBUTE_TYPE_INVALID */
        return false;
    for (unsigned i = 0; i < n; i++) {
        bool ok = PK11_ReadRawAttributes(arena, PK11_TypeGeneric, o, &attrs[i], 1) == SECSuccess;
        if (!ok && PORT_GetError() != SEC_ERROR_BAD_DATA)
            return false;
        if (!ok)
            attrs[i].pValue = NULL, attrs[i].ulValueLen = 0;
    }
    return true;
}

static bool same_value(const CK_ATTRIBUTE *a, const void *data, size_t len)
{
    return a->ulValueLen == len && (len == 0 || !memcmp(a->pValue, data, len));
}

static bool is_true(const CK_ATTRIBUTE *a)
{
    return a->ulValueLen == sizeof(CK_BBOOL) && *(CK_BBOOL *)a->pValue == CK_TRUE;
}

/* A ulong as NSS 3.87 returns it: native when it knows the attribute, else in the
 * file's encoding, 4 bytes big-endian. Returns false for any other length. */
static bool ulong_value(const CK_ATTRIBUTE *a, CK_ULONG *v)
{
    const unsigned char *p = a->pValue;
    if (a->ulValueLen == sizeof *v) {
        memcpy(v, p, sizeof *v);
        return true;
    }
    if (a->ulValueLen == 4) {
        *v = (CK_ULONG)p[0] << 24 | (CK_ULONG)p[1] << 16 | (CK_ULONG)p[2] << 8 | p[3];
        return true;
    }
    return false;
}

/* The objects of one class in the slot. Returns false on a PKCS#11 error; *out is
 * NULL when there are none (PK11_FindGenericObjects says so only by not setting an
 * error). */
static bool find_objects(struct nss_session *s, CK_OBJECT_CLASS cls, PK11GenericObject **out)
{
    PORT_SetError(0);
    *out = PK11_FindGenericObjects(s->slot, cls);
    return *out || PORT_GetError() == 0;
}

void nss_cert_keys_of(const struct ff_cert *c, struct nss_cert_keys *k)
{
    k->issuer = (SECItem){siBuffer, c->issuer_der, (unsigned)c->issuer_der_len};
    k->serial = (SECItem){siBuffer, c->serial_der, (unsigned)c->serial_der_len};
    k->der = c->der;
    k->der_len = c->der_len;
}

/* The trust objects of one form stored for a certificate, in the order NSS finds them:
 * the first decides (nssToken_FindTrustForCertificate takes objects[0]). */
struct trust_objects {
    PK11GenericObject *list; /* every object of the class: owns the matches */
    PK11GenericObject **match;
    size_t n;
};

static void trust_objects_free(struct trust_objects *t)
{
    if (t->list)
        PK11_DestroyGenericObjects(t->list);
    free(t->match);
    memset(t, 0, sizeof *t);
}

static bool find_trust_objects(struct nss_session *s, PLArenaPool *arena, CK_OBJECT_CLASS cls,
                               const struct nss_cert_keys *k, struct trust_objects *out)
{
    memset(out, 0, sizeof *out);
    if (!find_objects(s, cls, &out->list))
        return false;
    for (PK11GenericObject *o = out->list; o; o = PK11_GetNextGenericObject(o)) {
        void *mark = PORT_ArenaMark(arena);
        CK_ATTRIBUTE key[] = {{CKA_TOKEN, NULL, 0}, {CKA_ISSUER, NULL, 0},
                              {CKA_SERIAL_NUMBER, NULL, 0}};
        if (!read_attributes(arena, o, key, 3)) {
            trust_objects_free(out);
            return false;
        }
        bool match = is_true(&key[0]) && same_value(&key[1], k->issuer.data, k->issuer.len) &&
                     same_value(&key[2], k->serial.data, k->serial.len);
        PORT_ArenaRelease(arena, mark);
        if (!match)
            continue;
        out->match = xrealloc(out->match, (out->n + 1) * sizeof *out->match);
        out->match[out->n++] = o;
    }
    return true;
}

enum { USAGE_SERVER, USAGE_CLIENT, USAGE_EMAIL, USAGE_CODE, USAGE_N };

/* One trust object's values, in legacy terms, and whether NSS would apply them. */
struct trust_record {
    bool readable;           /* NSS can read its values (and their MACs check out) */
    CK_ULONG value[USAGE_N]; /* CKT_NSS_* */
    bool step_up;
    CK_ATTRIBUTE hash;       /* the certificate hash it names, if any */
    CK_MECHANISM_TYPE hash_mech;
    enum ff_mac_result mac;  /* 3.2 objects: how their MACs checked */
};

/* Whether NSS applies a record to the certificate (certificate.c, nssTrust_Create):
 * its hash must match; without a hash, only distrust and unknown values apply. */
static bool record_applies(const struct trust_record *r, const struct nss_cert_keys *k)
{
    if (!r->readable)
        return false;
    if (r->hash.ulValueLen && r->hash_mech != CKM_INVALID_MECHANISM) {
        SECOidTag alg = PK11_MechanismToAlgtag(r->hash_mech);
        unsigned char digest[HASH_LENGTH_MAX];
        unsigned len = (unsigned)HASH_ResultLenByOidTag(alg);
        return len && len == r->hash.ulValueLen && len <= sizeof digest &&
               PK11_HashBuf(alg, digest, k->der, (PRInt32)k->der_len) == SECSuccess &&
               !memcmp(digest, r->hash.pValue, len);
    }
    if (r->step_up)
        return false;
    for (int i = 0; i < USAGE_N; i++)
        if (r->value[i] != CKT_NSS_TRUST_UNKNOWN && r->value[i] != CKT_NSS_NOT_TRUSTED)
            return false;
    return true;
}

/* certutil's letters from a record (pki3hack.c, cert_trust_from_stan_trust):
 * client-auth delegation is the ssl field's T. */
static struct ff_trust record_trust(const struct trust_record *r)
{
    struct ff_trust t = {0, 0, 0};
    unsigned client = flags_from_pkcs11(r->value[USAGE_CLIENT]);
    t.ssl = flags_from_pkcs11(r->value[USAGE_SERVER]);
    if (client & CERTDB_TRUSTED_CA)
        t.ssl |= CERTDB_TRUSTED_CLIENT_CA;
    t.ssl |= client & ~(unsigned)(CERTDB_TRUSTED_CA | CERTDB_NS_TRUSTED_CA);
    t.email = flags_from_pkcs11(r->value[USAGE_EMAIL]);
    t.objsign = flags_from_pkcs11(r->value[USAGE_CODE]);
    return t;
}

/* A legacy record. Its values are MAC'd with the key store's password key; NSS 3.87
 * checks those MACs itself when the store is unlocked, and values that cannot be
 * read (a MAC that a kill kept from being written) give no trust, as in NSS. */
static bool read_legacy_record(PLArenaPool *arena, PK11GenericObject *o, struct trust_record *r)
{
    CK_ATTRIBUTE v[] = {
        {CKA_TRUST_SERVER_AUTH, NULL, 0}, {CKA_TRUST_CLIENT_AUTH, NULL, 0},
        {CKA_TRUST_EMAIL_PROTECTION, NULL, 0}, {CKA_TRUST_CODE_SIGNING, NULL, 0},
        {CKA_TRUST_STEP_UP_APPROVED, NULL, 0}, {CKA_CERT_SHA1_HASH, NULL, 0},
    };
    memset(r, 0, sizeof *r);
    r->mac = FF_MAC_VALID;
    r->readable = read_attributes(arena, o, v, 6);
    for (int i = 0; r->readable && i < USAGE_N; i++)
        if (!ulong_value(&v[i], &r->value[i]))
            r->value[i] = CKT_NSS_TRUST_UNKNOWN;
    r->step_up = r->readable && is_true(&v[4]);
    r->hash = v[5];
    r->hash_mech = CKM_SHA_1;
    return true;
}

/* A PKCS#11 3.2 record, as NSS >= 3.114 reads it: the four usages, the certificate
 * hash and its algorithm, each MAC checked here since NSS 3.87 does not (a value
 * of "unknown" has none: sftkdb_isNullTrust). Returns false on a read error. */
static bool read_pkcs11_record(struct nss_session *s, PLArenaPool *arena, PK11GenericObject *o,
                               struct trust_record *r, char **err)
{
    enum { HASH = USAGE_N, MECH, N };
    CK_ATTRIBUTE v[N] = {
        [USAGE_SERVER] = {P11_CKA_TRUST_SERVER_AUTH, NULL, 0},
        [USAGE_CLIENT] = {P11_CKA_TRUST_CLIENT_AUTH, NULL, 0},
        [USAGE_EMAIL] = {P11_CKA_TRUST_EMAIL_PROTECTION, NULL, 0},
        [USAGE_CODE] = {P11_CKA_TRUST_CODE_SIGNING, NULL, 0},
        [HASH] = {P11_CKA_HASH_OF_CERTIFICATE, NULL, 0},
        [MECH] = {P11_CKA_NAME_HASH_ALGORITHM, NULL, 0},
    };
    memset(r, 0, sizeof *r);
    r->hash_mech = CKM_INVALID_MECHANISM;
    r->mac = FF_MAC_VALID;
    r->readable = read_attributes(arena, o, v, N);
    if (!r->readable)
        return true;
    for (int i = 0; i < USAGE_N; i++) {
        CK_ULONG raw = P11_CKT_TRUST_UNKNOWN;
        if (v[i].ulValueLen && !ulong_value(&v[i], &raw))
            r->readable = false;
        r->value[i] = legacy_value(raw);
    }
    r->hash = v[HASH];
    CK_ULONG mech;
    if (v[MECH].ulValueLen && ulong_value(&v[MECH], &mech))
        r->hash_mech = mech;
    if (!s->macs && ff_mac_open(s->dir, s->password, &s->macs, err) != 0)
        return false;
    CK_OBJECT_HANDLE handle = PK11_GetObjectHandle(PK11_TypeGeneric, o, NULL);
    for (int i = 0; i < N && r->mac == FF_MAC_VALID; i++) {
        bool trust_value = i < USAGE_N;
        if (!v[i].ulValueLen || (trust_value && r->value[i] == CKT_NSS_TRUST_UNKNOWN))
            continue;
        enum ff_mac_result m;
        if (ff_mac_check(s->macs, SOFTOKEN_OBJECT_ID(handle), v[i].type, v[i].pValue,
                         v[i].ulValueLen, i != HASH, &m, err) != 0)
            return false;
        if (m != FF_MAC_VALID)
            r->mac = m;
    }
    if (r->mac == FF_MAC_INVALID)
        r->readable = false;
    return true;
}

/* What the trust records of a certificate give, in each NSS's reading, into st. */
bool nss_read_views(struct nss_session *s, PLArenaPool *arena, const struct nss_cert_keys *k,
                             struct ff_db_state *st, char **err)
{
    struct trust_objects legacy, pkcs11;
    if (!find_trust_objects(s, arena, CKO_NSS_TRUST, k, &legacy))
        return false;
    if (!find_trust_objects(s, arena, P11_CKO_TRUST, k, &pkcs11)) {
        trust_objects_free(&legacy);
        return false;
    }
    struct trust_record r;
    bool ok = true;
    if (legacy.n) {
        st->forms |= FF_FORM_LEGACY;
        read_legacy_record(arena, legacy.match[0], &r);
        if (record_applies(&r, k))
            st->trust_legacy = record_trust(&r);
    }
    st->trust = st->trust_legacy;
    if (pkcs11.n) {
        st->forms |= FF_FORM_PKCS11;
        memset(&st->trust, 0, sizeof st->trust);
        ok = read_pkcs11_record(s, arena, pkcs11.match[0], &r, err);
        if (ok && record_applies(&r, k)) {
            st->trust = record_trust(&r);
            st->pkcs11 = r.mac == FF_MAC_UNCHECKED ? FF_PKCS11_UNVERIFIED : FF_PKCS11_OK;
            st->no_box = true;
            for (int i = 0; i < USAGE_N; i++)
                st->no_box = st->no_box && r.value[i] == CKT_NSS_MUST_VERIFY_TRUST;
        } else if (ok) {
            st->pkcs11 = r.mac == FF_MAC_INVALID ? FF_PKCS11_BAD_MAC
                         : r.readable           ? FF_PKCS11_BAD_HASH
                                                : FF_PKCS11_UNREADABLE;
        }
    }
    trust_objects_free(&legacy);
    trust_objects_free(&pkcs11);
    return ok;
}

/* Destroys every trust object of class cls stored for the certificate. Needs no
 * login; for CKO_TRUST, the only thing NSS 3.87 may do to one. */
static bool destroy_trust_objects(struct nss_session *s, PLArenaPool *arena, CK_OBJECT_CLASS cls,
                                  const struct nss_cert_keys *k)
{
    struct trust_objects objs;
    if (!find_trust_objects(s, arena, cls, k, &objs))
        return false;
    bool ok = true;
    for (size_t i = 0; i < objs.n && ok; i++) {
        CK_OBJECT_HANDLE h = PK11_GetObjectHandle(PK11_TypeGeneric, objs.match[i], NULL);
        ok = h != CK_INVALID_HANDLE && PK11_DestroyTokenObject(s->slot, h) == SECSuccess;
    }
    trust_objects_free(&objs);
    return ok;
}

/* What NSS's certificate layer finds for a stored certificate: its CKA_ID. */
struct cert_object {
    CK_ATTRIBUTE id;
};

/* The stored certificate object whose value is c's DER: sets st->present and the
 * nickname, and copies its CKA_ID into the arena. Notes another certificate with
 * the same issuer and serial number (st->twin_stored): trust records are its own. */
static bool find_cert_object(struct nss_session *s, PLArenaPool *arena, const struct ff_cert *c,
                             const struct nss_cert_keys *k, struct ff_db_state *st,
                             struct cert_object *found)
{
    PK11GenericObject *certs;
    if (!find_objects(s, CKO_CERTIFICATE, &certs))
        return false;
    bool ok = true;
    for (PK11GenericObject *o = certs; o && ok; o = PK11_GetNextGenericObject(o)) {
        void *mark = PORT_ArenaMark(arena);
        CK_ATTRIBUTE a[] = {{CKA_TOKEN, NULL, 0},  {CKA_VALUE, NULL, 0},
                            {CKA_ID, NULL, 0},     {CKA_LABEL, NULL, 0},
                            {CKA_ISSUER, NULL, 0}, {CKA_SERIAL_NUMBER, NULL, 0}};
        ok = read_attributes(arena, o, a, 6);
        if (!ok || !is_true(&a[0]) || !same_value(&a[1], c->der, c->der_len)) {
            st->twin_stored = st->twin_stored || (ok && is_true(&a[0]) &&
                              same_value(&a[4], k->issuer.data, k->issuer.len) &&
                              same_value(&a[5], k->serial.data, k->serial.len));
            PORT_ArenaRelease(arena, mark);
            continue;
        }
        st->present = true;
        found->id = a[2];
        if (a[3].ulValueLen)
            st->nickname = xstrndup(a[3].pValue, a[3].ulValueLen);
        break; /* NSS refuses a second certificate with the same issuer and serial */
    }
    if (certs)
        PK11_DestroyGenericObjects(certs);
    return ok;
}

/* 'u': a key with the certificate's CKA_ID, private when the key store is unlocked,
 * public otherwise (devtoken.c, nssToken_IsPrivateKeyAvailable). */
static bool read_has_key(struct nss_session *s, PLArenaPool *arena, const struct cert_object *co,
                         bool *has_key)
{
    PK11GenericObject *keys;
    *has_key = false;
    CK_OBJECT_CLASS cls = nss_login_needed(s) ? CKO_PUBLIC_KEY : CKO_PRIVATE_KEY;
    if (!co->id.ulValueLen)
        return true;
    if (!find_objects(s, cls, &keys))
        return false;
    bool ok = true;
    for (PK11GenericObject *o = keys; o && ok && !*has_key; o = PK11_GetNextGenericObject(o)) {
        void *mark = PORT_ArenaMark(arena);
        CK_ATTRIBUTE id = {CKA_ID, NULL, 0};
        ok = read_attributes(arena, o, &id, 1);
        *has_key = ok && same_value(&id, co->id.pValue, co->id.ulValueLen);
        PORT_ArenaRelease(arena, mark);
    }
    if (keys)
        PK11_DestroyGenericObjects(keys);
    return ok;
}

void nss_add_user_flag(struct ff_trust *t)
{
    t->ssl |= CERTDB_USER;
    t->email |= CERTDB_USER;
    t->objsign |= CERTDB_USER;
}

/* Fills st from the file. On a read error returns false, with *err when the cause
 * is known (else the caller names NSS's error). */
bool nss_read_state(struct nss_session *s, const struct ff_cert *c, struct ff_db_state *st,
                            char **err)
{
    memset(st, 0, sizeof *st);
    st->needs_login = nss_login_needed(s);
    PLArenaPool *arena = PORT_NewArena(2048);
    if (!arena)
        return false;
    struct cert_object co = {{0, NULL, 0}};
    struct nss_cert_keys k;
    bool has_key = false;
    nss_cert_keys_of(c, &k);
    bool ok = find_cert_object(s, arena, c, &k, st, &co) &&
              nss_read_views(s, arena, &k, st, err) &&
              (!st->present || read_has_key(s, arena, &co, &has_key));
    if (ok && has_key) {
        nss_add_user_flag(&st->trust);
        nss_add_user_flag(&st->trust_legacy);
    }
    PORT_FreeArena(arena, PR_FALSE);
    return ok;
}

/* A read error as the row's reason. */
char *nss_read_error(char *known, const char *what)
{
    return known ? known : nss_error(what);
}

int ff_nss_inspect(const char *dir, const struct ff_cert *cert, struct ff_db_state *st,
                   char **err)
{
    struct nss_session s;
    memset(st, 0, sizeof *st);
    if (nss_session_open(dir, true, &s, err) != 0)
        return -1;
    int rc = 0;
    char *why = NULL;
    if (!nss_read_state(&s, cert, st, &why)) {
        ff_db_state_clear(st);
        *err = nss_read_error(why, "cannot read the database");
        rc = -1;
    }
    return nss_session_close(&s, rc, err);
}

/* Destroys every trust record of the certificate, of the forms given. */
int nss_destroy_trust(struct nss_session *s, const struct ff_cert *c, unsigned forms, char **err)
{
    PLArenaPool *arena = PORT_NewArena(2048);
    struct nss_cert_keys k;
    nss_cert_keys_of(c, &k);
    bool ok = arena &&
              (!(forms & FF_FORM_LEGACY) || destroy_trust_objects(s, arena, CKO_NSS_TRUST, &k)) &&
              (!(forms & FF_FORM_PKCS11) || destroy_trust_objects(s, arena, P11_CKO_TRUST, &k));
    if (arena)
        PORT_FreeArena(arena, PR_FALSE);
    if (ok)
        return 0;
    *err = nss_error("cannot delete a trust record");
    return -1;
}


void ff_db_state_clear(struct ff_db_state *st)
{
    free(st->nickname);
    memset(st, 0, sizeof *st);
}
