/* MACs of attribute values in an NSS sql database, checked as NSS's softoken checks
 * them (lib/softoken/sftkdb.c sftkdb_fixupTemplateOut, sftkpwd.c):
 * - each authenticated attribute has a MAC in key4.db's metaData table, under
 *   "sig_cert_<object id>_<attribute type>" (8 hex digits each);
 * - the key is derived from the password: SHA-1 of the global salt (metaData
 *   "password", item1) followed by the password (SHA-384 for a 48-byte salt), used as
 *   the password of the PKCS#5 PBMAC1 whose parameters are stored with each MAC;
 * - the MAC covers the object id and the attribute type (4 bytes each, big-endian),
 *   then the value as stored in the file (ulongs as 4 bytes, big-endian).
 * NSS 3.87's softoken does this for the legacy trust attributes itself, but not for
 * the PKCS#11 3.2 ones, which it does not know. */
#include "util/i18n.h"
#include "nss/mac.h"

#include <stdlib.h>
#include <string.h>

#include <sqlite3.h>

#include <hasht.h>
#include <pk11pub.h>
#include <secasn1.h>
#include <secerr.h>
#include <sechash.h>
#include <secoid.h>

#include "util/util.h"

struct ff_mac_checker {
    sqlite3 *db;
    sqlite3_stmt *get;           /* item1 of one metaData row */
    PK11SlotInfo *slot;          /* for the PBMAC1 key and the HMAC */
    unsigned char pass_key[HASH_LENGTH_MAX];
    unsigned pass_key_len;       /* 0: no key, nothing can be checked */
};

/* What the softoken writes (sftkdb_encodeCipherText): the algorithm, then the MAC. */
struct stored_mac {
    SECAlgorithmID alg; /* PBMAC1 */
    SECItem value;
};

static const SEC_ASN1Template stored_mac_template[] = {
    {SEC_ASN1_SEQUENCE, 0, NULL, sizeof(struct stored_mac)},
    {SEC_ASN1_INLINE | SEC_ASN1_XTRN, offsetof(struct stored_mac, alg),
     SEC_ASN1_SUB(SECOID_AlgorithmIDTemplate), 0},
    {SEC_ASN1_OCTET_STRING, offsetof(struct stored_mac, value), NULL, 0},
    {0, 0, NULL, 0}};

/* RFC 8018 PBMAC1-params: the key derivation, then the MAC algorithm. */
struct pbmac1_params {
    SECAlgorithmID kdf, mac;
};

static const SEC_ASN1Template pbmac1_params_template[] = {
    {SEC_ASN1_SEQUENCE, 0, NULL, sizeof(struct pbmac1_params)},
    {SEC_ASN1_INLINE | SEC_ASN1_XTRN, offsetof(struct pbmac1_params, kdf),
     SEC_ASN1_SUB(SECOID_AlgorithmIDTemplate), 0},
    {SEC_ASN1_INLINE | SEC_ASN1_XTRN, offsetof(struct pbmac1_params, mac),
     SEC_ASN1_SUB(SECOID_AlgorithmIDTemplate), 0},
    {0, 0, NULL, 0}};

static char *sqlite_error(const char *file, sqlite3 *db)
{
    return xasprintf(_("%s: cannot read it: %s"), file, db ? sqlite3_errmsg(db) : _("out of memory"));
}

/* item1 of metaData row id into *out (valid until the next step or reset). Returns 1
 * when found, 0 when not, -1 on an error. */
static int meta_item(struct ff_mac_checker *m, const char *id, const void **out, int *len)
{
    sqlite3_reset(m->get);
    if (sqlite3_bind_text(m->get, 1, id, -1, SQLITE_TRANSIENT) != SQLITE_OK)
        return -1;
    int rc = sqlite3_step(m->get);
    if (rc == SQLITE_DONE)
        return 0;
    if (rc != SQLITE_ROW)
        return -1;
    *out = sqlite3_column_blob(m->get, 0);
    *len = sqlite3_column_bytes(m->get, 0);
    return 1;
}

int ff_mac_open(const char *dir, const char *password, struct ff_mac_checker **out, char **err)
{
    struct ff_mac_checker *m = xcalloc(1, sizeof *m);
    char *file = ff_path_join(dir, "key4.db");
    int rc = -1;
    /* Read-only, and never created: NSS has opened this file already. */
    if (sqlite3_open_v2(file, &m->db, SQLITE_OPEN_READONLY, NULL) != SQLITE_OK ||
        sqlite3_busy_timeout(m->db, 5000) != SQLITE_OK ||
        sqlite3_prepare_v2(m->db, "SELECT item1 FROM metaData WHERE id = ?", -1, &m->get,
                           NULL) != SQLITE_OK) {
        *err = sqlite_error(file, m->db);
        goto out;
    }
    m->slot = PK11_GetInternalSlot();
    if (!m->slot) {
        *err = xasprintf(_("%s: NSS has no internal slot to check MACs with"), file);
        goto out;
    }
    const void *salt = NULL;
    int salt_len = 0;
    int found = meta_item(m, "password", &salt, &salt_len);
    if (found < 0) {
        *err = sqlite_error(file, m->db);
        goto out;
    }
    rc = 0;
    if (!found || !password)
        goto out; /* nothing to derive a key from: checks report FF_MAC_UNCHECKED */
    HASHContext *h = HASH_Create(salt_len == SHA384_LENGTH ? HASH_AlgSHA384 : HASH_AlgSHA1);
    if (!h) {
        *err = xasprintf(_("%s: cannot hash the password"), file);
        rc = -1;
        goto out;
    }
    HASH_Begin(h);
    HASH_Update(h, salt, (unsigned)salt_len);
    HASH_Update(h, (const unsigned char *)password, (unsigned)strlen(password));
    HASH_End(h, m->pass_key, &m->pass_key_len, sizeof m->pass_key);
    HASH_Destroy(h);
out:
    sqlite3_reset(m->get);
    free(file);
    if (rc != 0) {
        ff_mac_close(m);
        m = NULL;
    }
    *out = m;
    return rc;
}

/* HMAC of (object id, type, value) with the PBMAC1 key of stored->alg. */
static bool compute_mac(struct ff_mac_checker *m, PLArenaPool *arena,
                        const struct stored_mac *stored, const unsigned char head[8],
                        const unsigned char *value, size_t len, unsigned char *mac,
                        unsigned *mac_len, unsigned mac_max)
{
    struct pbmac1_params params;
    memset(&params, 0, sizeof params);
    if (SECOID_GetAlgorithmTag(&stored->alg) != SEC_OID_PKCS5_PBMAC1 ||
        SEC_QuickDERDecodeItem(arena, &params, pbmac1_params_template,
                               &stored->alg.parameters) != SECSuccess)
        return false;
    CK_MECHANISM_TYPE mech = PK11_AlgtagToMechanism(SECOID_GetAlgorithmTag(&params.mac));
    SECItem pass = {siBuffer, m->pass_key, m->pass_key_len};
    PK11SymKey *key = PK11_PBEKeyGen(m->slot, (SECAlgorithmID *)&stored->alg, &pass, PR_FALSE,
                                     NULL);
    if (!key)
        return false;
    SECItem no_params = {siBuffer, NULL, 0};
    PK11Context *cx = PK11_CreateContextBySymKey(mech, CKA_SIGN, key, &no_params);
    bool ok = cx && PK11_DigestBegin(cx) == SECSuccess &&
              PK11_DigestOp(cx, head, 8) == SECSuccess &&
              (len == 0 || PK11_DigestOp(cx, value, (unsigned)len) == SECSuccess) &&
              PK11_DigestFinal(cx, mac, mac_len, mac_max) == SECSuccess;
    if (cx)
        PK11_DestroyContext(cx, PR_TRUE);
    PK11_FreeSymKey(key);
    return ok;
}

static void put_be32(unsigned char *p, unsigned long v)
{
    p[0] = (unsigned char)(v >> 24);
    p[1] = (unsigned char)(v >> 16);
    p[2] = (unsigned char)(v >> 8);
    p[3] = (unsigned char)v;
}

int ff_mac_check(struct ff_mac_checker *m, unsigned long object_id, unsigned long type,
                 const void *value, size_t len, bool is_ulong, enum ff_mac_result *result,
                 char **err)
{
    *result = FF_MAC_UNCHECKED;
    if (!m->pass_key_len)
        return 0;
    /* The file holds ulongs as 4 bytes, big-endian; NSS 3.87 returns those it knows
     * converted to a native CK_ULONG. */
    unsigned char ulong_bytes[4];
    if (is_ulong && len == sizeof(unsigned long)) {
        unsigned long v;
        memcpy(&v, value, sizeof v);
        put_be32(ulong_bytes, v);
        value = ulong_bytes;
        len = sizeof ulong_bytes;
    }
    char id[40];
    snprintf(id, sizeof id, "sig_cert_%08lx_%08lx", object_id & 0xffffffffUL,
             type & 0xffffffffUL);
    const void *blob = NULL;
    int blob_len = 0;
    int found = meta_item(m, id, &blob, &blob_len);
    if (found < 0) {
        *err = sqlite_error("key4.db", m->db);
        return -1;
    }
    *result = FF_MAC_INVALID;
    if (!found) /* NSS fails the read when the MAC is missing */
        return 0;
    PLArenaPool *arena = PORT_NewArena(1024);
    if (!arena) {
        sqlite3_reset(m->get);
        *err = xstrdup(_("out of memory"));
        return -1;
    }
    SECItem der = {siBuffer, (unsigned char *)blob, (unsigned)blob_len};
    struct stored_mac stored;
    memset(&stored, 0, sizeof stored);
    unsigned char head[8], mac[HASH_LENGTH_MAX];
    unsigned mac_len = 0;
    put_be32(head, object_id);
    put_be32(head + 4, type);
    /* The blob lives in the statement until reset: decoded copies go to the arena. */
    if (SEC_ASN1DecodeItem(arena, &stored, stored_mac_template, &der) == SECSuccess &&
        compute_mac(m, arena, &stored, head, value, len, mac, &mac_len, sizeof mac) &&
        mac_len == stored.value.len && !memcmp(mac, stored.value.data, mac_len))
        *result = FF_MAC_VALID;
    sqlite3_reset(m->get);
    PORT_FreeArena(arena, PR_TRUE);
    return 0;
}

void ff_mac_close(struct ff_mac_checker *m)
{
    if (!m)
        return;
    sqlite3_finalize(m->get);
    sqlite3_close(m->db);
    if (m->slot)
        PK11_FreeSlot(m->slot);
    memset(m->pass_key, 0, sizeof m->pass_key);
    free(m);
}
