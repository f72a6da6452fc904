/* The one file that talks to NSS.
 *
 * Rules this file keeps (see docs of NSS and the project's facts file):
 * - one database per process at a time: every public function runs
 *   NSS_Initialize -> work -> NSS_Shutdown, and a failed shutdown is fatal;
 * - NSS_INIT_NOMODDB | NSS_INIT_NOROOTINIT with an explicit "sql:" prefix, so nothing
 *   named in the profile's pkcs11.txt (smart cards...) is loaded;
 * - every certificate, slot and string is released before NSS_Shutdown, or it fails
 *   with SEC_ERROR_BUSY;
 * - what a write leaves is read back from the database file below NSS's caches
 *   (read_file_state), never taken from the certificate layer that wrote it. */
#include "util/i18n.h"
#include "nss/nss.h"

#include <dlfcn.h>
#include <errno.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>
#include <pthread.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>

#include <cert.h>
#include <certdb.h>
#include <keyhi.h>
#include <secmod.h>
#include <nss.h>
#include <base64.h>
#include <pk11pub.h>
#include <prerror.h>
#include <prinit.h>
#include <prinrval.h>
#include <prthread.h>
#include <secerr.h>
#include <sechash.h>

#include "core/catalog.h"
#include "cert/nickname.h"
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

/* Nickname clashes tried before giving up (" #2" ... " #100"). */
#define NICKNAME_TRIES 100

/* "what: NSS's explanation (CODE)" for the current NSS/NSPR error. */
/* what is an English message, translated here (xgettext keyword nss_error). */
static char *nss_error(const char *what)
{
    PRErrorCode code = PR_GetError();
    what = _(what);
    const char *name = PR_ErrorToName(code);
    const char *text = PR_ErrorToString(code, PR_LANGUAGE_I_DEFAULT);
    if (!name)
        return xasprintf(_("%s: NSS error %d"), what, (int)code);
    if (!text || !*text || strstr(text, "Unknown code"))
        return xasprintf("%s: %s", what, name);
    return xasprintf("%s: %s (%s)", what, text, name);
}

/* ---- decoding ---------------------------------------------------------------- */

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
    struct ff_pem_block blocks[FF_BUNDLE_MAX];
    const char *scan_err = NULL;
    int n = ff_pem_scan((const char *)data, len, blocks, FF_BUNDLE_MAX, &scan_err);
    if (n < 0) {
        *err = xstrdup(scan_err);
        return -1;
    }
    if (n == 0)
        return 0;
    const char *other = NULL;
    for (int i = 0; i < n; i++) {
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
            return -1;
        }
    }
    if (l->n == 0) {
        *err = xasprintf(_("PEM file holds no certificate (only %s)"), other ? other : _("other data"));
        return -1;
    }
    return 1;
}

static char *name_or_empty(CERTName *name)
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
static unsigned char *der_integer(const SECItem *content, size_t *len)
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
    out->subject = name_or_empty(&cert->subject);
    out->issuer = name_or_empty(&cert->issuer);
    out->serial = ff_hex_colon(cert->serialNumber.data, cert->serialNumber.len);
    out->issuer_der = xmalloc(cert->derIssuer.len);
    memcpy(out->issuer_der, cert->derIssuer.data, cert->derIssuer.len);
    out->issuer_der_len = cert->derIssuer.len;
    out->serial_der = der_integer(&cert->serialNumber, &out->serial_der_len);
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
        return FF_NSS_FATAL;
    }

    struct der_list ders = {0};
    int rc = collect_pem(data, len, &ders, err);
    if (rc == 0 && CERT_DecodeCertPackage((char *)data, (int)len, collect_cert, &ders) !=
                       SECSuccess) {
        *err = xstrdup(_("not a certificate (expected DER, PEM or PKCS#7; "
                       "truncated or corrupted?)"));
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
        rc = FF_NSS_FATAL;
    }
    if (rc < 0) {
        ff_bundle_free(out);
        return rc;
    }
    return 0;
}

/* ---- databases --------------------------------------------------------------- */

/* Each NSS_Initialize loads the softoken (dlopen, relocation, freebl's start-up
 * work) and each NSS_Shutdown unloads it: two thirds of a small import's
 * instructions (callgrind). Holding one reference for the whole process makes the
 * later loads reference counts. NSS's probe for network filesystems (dozens of
 * stat() of files that do not exist, per open) and the table cache it may set up only
 * pay off for long-lived opens: turned off. */
static void once_per_process(void)
{
    dlopen("libsoftokn3.so", RTLD_NOW | RTLD_NODELETE);
    dlopen("libfreeblpriv3.so", RTLD_NOW | RTLD_NODELETE);
    /* Forced: with the cache, reads (the read-back too) come from a temporary copy
     * of the tables, refreshed after each commit, instead of the file itself. */
    setenv("NSS_SDB_USE_CACHE", "no", 1);
}

static void prepare_process(void)
{
    static pthread_once_t once = PTHREAD_ONCE_INIT;
    pthread_once(&once, once_per_process);
}

struct session {
    PK11SlotInfo *slot;
    CERTCertDBHandle *handle;
    const char *dir;
    /* The primary password once logged in, "" when there is none, NULL when one is
     * set and not given: what the MACs of 3.2 trust records can be checked with. */
    const char *password;
    struct ff_mac_checker *macs; /* opened on the first 3.2 record */
};

/* A database another program writes to (a running Firefox) can be busy for a
 * moment: SQLite's own busy timeout is short, so NSS_Initialize fails with a generic
 * PKCS#11 error. Retried with backoff, about 6 s in all. */
static const unsigned busy_backoff_ms[] = {100, 200, 400, 800, 1600, 3200};

/* SQLite's lock bytes ("File Locking And Concurrency In SQLite Version 3"): a
 * writer in another process holds a lock there. */
#define SQLITE_PENDING_BYTE 0x40000000L
#define SQLITE_LOCK_BYTES 512

static bool file_locked(const char *dir, const char *name)
{
    char *path = ff_path_join(dir, name);
    int fd = open(path, O_RDONLY | O_CLOEXEC | O_NOFOLLOW);
    free(path);
    if (fd < 0)
        return false;
    struct flock fl = {.l_type = F_WRLCK, .l_whence = SEEK_SET,
                       .l_start = SQLITE_PENDING_BYTE, .l_len = SQLITE_LOCK_BYTES};
    bool locked = fcntl(fd, F_GETLK, &fl) == 0 && fl.l_type != F_UNLCK;
    close(fd);
    return locked;
}

/* Busy, as opposed to broken: NSS reports a database locked by another process as a
 * generic PKCS#11 error, or (read-only) as a bad database; only the lock tells the
 * second apart from a corrupt file. */
static bool is_busy(const char *dir, PRErrorCode code)
{
    if (code == SEC_ERROR_PKCS11_GENERAL_ERROR || code == SEC_ERROR_BUSY)
        return true;
    return code == SEC_ERROR_BAD_DATABASE &&
           (file_locked(dir, "cert9.db") || file_locked(dir, "key4.db"));
}

static void sleep_ms(unsigned ms)
{
    PR_Sleep(PR_MillisecondsToInterval(ms));
}

/* A program killed while writing leaves SQLite's rollback journal behind ("hot"): a
 * read-only opener cannot roll it back and NSS calls the database bad. */
static bool hot_journal(const char *dir)
{
    static const char *const journals[] = {"cert9.db-journal", "key4.db-journal"};
    for (size_t i = 0; i < sizeof journals / sizeof journals[0]; i++) {
        char *path = ff_path_join(dir, journals[i]);
        struct stat st;
        bool hot = lstat(path, &st) == 0 && S_ISREG(st.st_mode) && st.st_size > 0;
        free(path);
        if (hot)
            return true;
    }
    return false;
}

static int session_open(const char *dir, bool readonly, struct session *s, char **err)
{
    prepare_process();
    char *config = xasprintf("sql:%s", dir);
    /* OPTIMIZESPACE: smaller hash tables, which only pay off in long sessions; ours
     * last one database operation. 11% fewer instructions per import (callgrind,
     * which unlike wall-clock timings here is repeatable). */
    PRUint32 flags = NSS_INIT_NOMODDB | NSS_INIT_NOROOTINIT | NSS_INIT_OPTIMIZESPACE;
    if (readonly)
        flags |= NSS_INIT_READONLY;
    SECStatus rv = NSS_Initialize(config, "", "", SECMOD_DB, flags);
    /* Recovery, not a change: one read-write open lets SQLite roll the interrupted
     * transaction back to the last committed state; then read as asked. */
    if (rv != SECSuccess && readonly && hot_journal(dir) &&
        NSS_Initialize(config, "", "", SECMOD_DB, flags & ~(PRUint32)NSS_INIT_READONLY) ==
            SECSuccess &&
        NSS_Shutdown() == SECSuccess)
        rv = NSS_Initialize(config, "", "", SECMOD_DB, flags);
    for (size_t i = 0; rv != SECSuccess && is_busy(dir, PR_GetError()) &&
                       i < sizeof busy_backoff_ms / sizeof busy_backoff_ms[0];
         i++) {
        sleep_ms(busy_backoff_ms[i]);
        rv = NSS_Initialize(config, "", "", SECMOD_DB, flags);
    }
    free(config);
    if (rv != SECSuccess) {
        *err = nss_error(readonly ? "cannot open the database" :
                                    "cannot open the database for writing");
        /* NSS says "read-only database" for what is a permission refusal. */
        char *file = ff_path_join(dir, "cert9.db");
        if (!readonly && access(file, W_OK) != 0) {
            int saved = errno;
            free(*err);
            *err = xasprintf(_("cannot open the database for writing: %s: %s"), file,
                             strerror(saved));
        }
        free(file);
        return -1;
    }
    s->slot = PK11_GetInternalKeySlot();
    s->handle = CERT_GetDefaultCertDB();
    s->dir = dir;
    s->macs = NULL;
    s->password = s->slot && PK11_NeedLogin(s->slot) ? NULL : "";
    if (!s->slot || !s->handle) {
        *err = nss_error("the database has no internal key slot");
        if (s->slot)
            PK11_FreeSlot(s->slot);
        NSS_Shutdown();
        return -1;
    }
    return 0;
}

/* Closes the session; rc is the result so far, which a failed shutdown overrides. */
static int session_close(struct session *s, int rc, char **err)
{
    ff_mac_close(s->macs);
    PK11_FreeSlot(s->slot);
    if (NSS_Shutdown() != SECSuccess) {
        char *why = nss_error("NSS did not shut down cleanly (an object was still in use)");
        if (rc != 0 && *err) {
            char *both = xasprintf("%s; %s", *err, why);
            free(*err);
            free(why);
            why = both;
        }
        *err = why;
        return FF_NSS_FATAL;
    }
    return rc;
}

static CERTCertificate *find_stored(struct session *s, const struct ff_cert *c)
{
    SECItem der = {siBuffer, c->der, (unsigned)c->der_len};
    return PK11_FindCertFromDERCertItem(s->slot, &der, NULL);
}

static bool login_needed(struct session *s)
{
    return PK11_NeedLogin(s->slot) && !PK11_IsLoggedIn(s->slot, NULL);
}

/* ---- what the database file holds -------------------------------------------- */

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
static bool find_objects(struct session *s, CK_OBJECT_CLASS cls, PK11GenericObject **out)
{
    PORT_SetError(0);
    *out = PK11_FindGenericObjects(s->slot, cls);
    return *out || PORT_GetError() == 0;
}

/* What NSS looks trust up by: the certificate's issuer and its serial number as a
 * DER INTEGER (CKA_ISSUER, CKA_SERIAL_NUMBER), and its DER for the hash checks. */
struct cert_keys {
    SECItem issuer, serial;
    const unsigned char *der;
    size_t der_len;
};

static void cert_keys_of(const struct ff_cert *c, struct cert_keys *k)
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

static bool find_trust_objects(struct session *s, PLArenaPool *arena, CK_OBJECT_CLASS cls,
                               const struct cert_keys *k, struct trust_objects *out)
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
static bool record_applies(const struct trust_record *r, const struct cert_keys *k)
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
static bool read_pkcs11_record(struct session *s, PLArenaPool *arena, PK11GenericObject *o,
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
static bool read_trust_views(struct session *s, PLArenaPool *arena, const struct cert_keys *k,
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
static bool destroy_trust_objects(struct session *s, PLArenaPool *arena, CK_OBJECT_CLASS cls,
                                  const struct cert_keys *k)
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
static bool find_cert_object(struct session *s, PLArenaPool *arena, const struct ff_cert *c,
                             const struct cert_keys *k, struct ff_db_state *st,
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
static bool read_has_key(struct session *s, PLArenaPool *arena, const struct cert_object *co,
                         bool *has_key)
{
    PK11GenericObject *keys;
    *has_key = false;
    CK_OBJECT_CLASS cls = login_needed(s) ? CKO_PUBLIC_KEY : CKO_PRIVATE_KEY;
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

static void add_user_flag(struct ff_trust *t)
{
    t->ssl |= CERTDB_USER;
    t->email |= CERTDB_USER;
    t->objsign |= CERTDB_USER;
}

/* Fills st from the file. On a read error returns false, with *err when the cause
 * is known (else the caller names NSS's error). */
static bool read_file_state(struct session *s, const struct ff_cert *c, struct ff_db_state *st,
                            char **err)
{
    memset(st, 0, sizeof *st);
    st->needs_login = login_needed(s);
    PLArenaPool *arena = PORT_NewArena(2048);
    if (!arena)
        return false;
    struct cert_object co = {{0, NULL, 0}};
    struct cert_keys k;
    bool has_key = false;
    cert_keys_of(c, &k);
    bool ok = find_cert_object(s, arena, c, &k, st, &co) &&
              read_trust_views(s, arena, &k, st, err) &&
              (!st->present || read_has_key(s, arena, &co, &has_key));
    if (ok && has_key) {
        add_user_flag(&st->trust);
        add_user_flag(&st->trust_legacy);
    }
    PORT_FreeArena(arena, PR_FALSE);
    return ok;
}

/* A read error as the row's reason. */
static char *read_error(char *known, const char *what)
{
    return known ? known : nss_error(what);
}

int ff_nss_inspect(const char *dir, const struct ff_cert *cert, struct ff_db_state *st,
                   char **err)
{
    struct session s;
    memset(st, 0, sizeof *st);
    if (session_open(dir, true, &s, err) != 0)
        return -1;
    int rc = 0;
    char *why = NULL;
    if (!read_file_state(&s, cert, st, &why)) {
        ff_db_state_clear(st);
        *err = read_error(why, "cannot read the database");
        rc = -1;
    }
    return session_close(&s, rc, err);
}

struct nick_ctx {
    CERTCertDBHandle *handle;
};

static bool nickname_taken(const char *nick, void *arg)
{
    struct nick_ctx *ctx = arg;
    CERTCertificate *other = CERT_FindCertByNickname(ctx->handle, nick);
    if (!other)
        return false;
    CERT_DestroyCertificate(other);
    return true;
}

/* Stores one certificate with the given nickname (NULL: Firefox's). Returns the
 * stored certificate or NULL with *err. early_trust is for the tests' fault only.
 *
 * NSS has no transaction around storing a certificate and then its trust, and a
 * temporary certificate's trust lives only in memory (tried: writing it first does
 * not reach the database). A process killed between the two writes leaves the
 * certificate with no trust (",,", like the extra certificates of a bundle); the
 * next run sees the wrong trust and completes it. */
static CERTCertificate *store_cert(struct session *s, const struct ff_cert *c,
                                   const char *nickname, CERTCertTrust *early_trust, char **err)
{
    SECItem der = {siBuffer, c->der, (unsigned)c->der_len};
    CERTCertificate *tmp = CERT_NewTempCertificate(s->handle, &der, NULL, PR_FALSE, PR_TRUE);
    if (!tmp) {
        *err = nss_error("cannot read the certificate");
        return NULL;
    }
    if (early_trust) /* what NSS keeps of it is what the test is about */
        (void)CERT_ChangeCertTrust(s->handle, tmp, early_trust);
    char *nick;
    if (nickname) {
        CERTCertificate *other = CERT_FindCertByNickname(s->handle, nickname);
        bool clash = other && !CERT_CompareCerts(other, tmp);
        if (other)
            CERT_DestroyCertificate(other);
        if (clash) {
            *err = xasprintf(_("the nickname \"%s\" already names another certificate"), nickname);
            CERT_DestroyCertificate(tmp);
            return NULL;
        }
        nick = xstrdup(nickname);
    } else {
        struct nick_ctx ctx = {s->handle};
        nick = ff_nickname_unique(c->nickname, nickname_taken, &ctx, NICKNAME_TRIES);
        if (!nick) {
            *err = xasprintf(_("no free nickname for \"%s\""), c->nickname);
            CERT_DestroyCertificate(tmp);
            return NULL;
        }
    }
    /* Once stored, the temporary certificate is the permanent one (as certutil -A
     * uses it): no second lookup. */
    SECStatus rv = PK11_ImportCert(s->slot, tmp, CK_INVALID_HANDLE, nick, PR_FALSE);
    free(nick);
    if (rv != SECSuccess) {
        *err = nss_error("cannot store the certificate");
        CERT_DestroyCertificate(tmp);
        return NULL;
    }
    return tmp;
}

/* Undo for a failed import: delete what this run added. */
static void delete_added(CERTCertificate **added, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        SEC_DeletePermCertificate(added[i]);
        CERT_DestroyCertificate(added[i]);
    }
}

/* Before the first write: initialise a never-used key store (Firefox does the same
 * with an empty password), and log in when a primary password is set, because trust
 * is MAC'd with the password key: without login the certificate would be stored
 * with no trust. Nothing has been written when this fails. */
static int prepare_writing(struct session *s, const char *password, char **err)
{
    if (PK11_NeedUserInit(s->slot) && PK11_InitPin(s->slot, NULL, NULL) != SECSuccess) {
        *err = nss_error("cannot initialise the key store");
        return -1;
    }
    if (!login_needed(s))
        return 0;
    if (!password) {
        *err = xstrdup(_("primary password set: use --password-file"));
        return FF_NSS_NEED_PASSWORD;
    }
    if (PK11_CheckUserPassword(s->slot, password) != SECSuccess) {
        if (PR_GetError() == SEC_ERROR_BAD_PASSWORD) {
            *err = xstrdup(_("wrong primary password: nothing written"));
            return FF_NSS_BAD_PASSWORD;
        }
        *err = nss_error("cannot log in");
        return -1;
    }
    /* From now on the MACs of 3.2 records can be checked, as NSS checks them after
     * login. */
    s->password = password;
    ff_mac_close(s->macs);
    s->macs = NULL;
    return 0;
}

/* Destroys every trust record of the certificate, of the forms given. */
static int destroy_trust(struct session *s, const struct ff_cert *c, unsigned forms, char **err)
{
    PLArenaPool *arena = PORT_NewArena(2048);
    struct cert_keys k;
    cert_keys_of(c, &k);
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

/* Whether st is what a write of want leaves: both NSS readings are want. A restore
 * puts back the legacy record alone, and leaves 3.2 records as they are. */
static bool holds(const struct ff_db_state *st, const struct ff_trust *want, bool restore)
{
    return st->present && ff_trust_equal(&st->trust_legacy, want) &&
           (restore || ff_trust_equal(&st->trust, want));
}

/* Trust records without their certificate: ones no other certificate (with the same
 * issuer and serial number, which NSS keys them by) owns. */
static bool orphans(const struct ff_db_state *st)
{
    return !st->present && !st->twin_stored && st->forms;
}

int ff_nss_import(const char *dir, const struct ff_bundle *bundle, const struct ff_trust *trust,
                  const char *nickname, const char *password, unsigned flags,
                  struct ff_db_state *before, struct ff_db_state *after, bool *wrote,
                  uint64_t *added_extras, char **err)
{
    struct session s;
    bool restore = flags & FF_WRITE_RESTORE;
    *added_extras = 0;
    *wrote = false;
    memset(before, 0, sizeof *before);
    memset(after, 0, sizeof *after);
    if (session_open(dir, false, &s, err) != 0)
        return -1;
    const struct ff_cert *main_cert = &bundle->certs[bundle->ca];
    char *why = NULL;
    if (!read_file_state(&s, main_cert, before, &why)) {
        ff_db_state_clear(before);
        *err = read_error(why, "cannot read the database");
        return session_close(&s, -1, err);
    }
    if (holds(before, trust, restore))
        return session_close(&s, 0, err);
    int rc = prepare_writing(&s, password, err);
    if (rc != 0)
        return session_close(&s, rc, err);
    *wrote = true;

    CERTCertificate **added = xcalloc(bundle->n, sizeof *added);
    size_t n_added = 0;
    rc = -1;
    CERTCertTrust t = {trust->ssl, trust->email, trust->objsign};
    /* Test builds only (build/tests/ffcert-faults), FFCERT_TEST_FAULT=
     * - trust-first: the write order NSS cannot persist (see store_cert), whose
     *   trust then exists only in NSS's memory; the check after writing must catch
     *   it;
     * - unread: the read-back fails, as on a read error; once per database, so
     *   that putting the previous state back is checked normally;
     * - kill-before-purge: the process is killed after the legacy record is written
     *   and checked, before the 3.2 records go: the next run must complete it. */
#ifdef FFCERT_TEST_FAULTS
    static char *unread_dir;
    const char *fault = getenv("FFCERT_TEST_FAULT");
    bool trust_first = fault && !strcmp(fault, "trust-first");
    bool unread = fault && !strcmp(fault, "unread") && (!unread_dir || strcmp(unread_dir, dir));
    bool kill_before_purge = fault && !strcmp(fault, "kill-before-purge");
    if (unread) {
        free(unread_dir);
        unread_dir = xstrdup(dir);
    }
#else
    bool trust_first = false, unread = false, kill_before_purge = false;
#endif
    /* A fresh import starts clean: trust records left by a certificate removed
     * without them would otherwise apply to it again. */
    if (!restore && orphans(before) &&
        destroy_trust(&s, main_cert, FF_FORM_LEGACY | FF_FORM_PKCS11, err) != 0) {
        free(added);
        return session_close(&s, -1, err);
    }
    CERTCertificate *cert = find_stored(&s, main_cert);
    if (!cert) {
        cert = store_cert(&s, main_cert, nickname, trust_first ? &t : NULL, err);
        if (!cert)
            goto out;
        added[n_added++] = CERT_DupCertificate(cert);
    } else {
        trust_first = false;
    }
    /* NSS 3.87 writes the legacy record, which every NSS reads. */
    if (!trust_first && CERT_ChangeCertTrust(s.handle, cert, &t) != SECSuccess) {
        *err = nss_error("cannot write the trust");
        goto out;
    }
    for (size_t i = 0; i < bundle->n; i++) {
        if (i == bundle->ca)
            continue;
        CERTCertificate *extra = find_stored(&s, &bundle->certs[i]);
        if (extra) {
            CERT_DestroyCertificate(extra);
            continue;
        }
        extra = store_cert(&s, &bundle->certs[i], NULL, NULL, err);
        if (!extra)
            goto out;
        added[n_added++] = extra;
        *added_extras |= UINT64_C(1) << i;
    }
    rc = 0;
out:
    if (rc != 0) {
        delete_added(added, n_added);
        *added_extras = 0;
    } else {
        for (size_t i = 0; i < n_added; i++)
            CERT_DestroyCertificate(added[i]);
    }
    free(added);
    if (cert)
        CERT_DestroyCertificate(cert);
    if (rc != 0)
        return session_close(&s, rc, err);
    if (unread)
        PORT_SetError(SEC_ERROR_IO);
    if (unread || !read_file_state(&s, main_cert, after, &why)) {
        ff_db_state_clear(after);
        *err = read_error(why, "written, but cannot be read back");
        return session_close(&s, FF_NSS_UNREAD, err);
    }
    /* Only once the legacy record reads as asked do the 3.2 records go (destroying
     * one needs no login: done earlier, it could leave a database with a primary
     * password and no trust at all). NSS >= 3.114 then reads the legacy record too. */
    if (restore || !(after->forms & FF_FORM_PKCS11) || !ff_trust_equal(&after->trust_legacy, trust))
        return session_close(&s, 0, err);
    if (kill_before_purge)
        raise(SIGKILL);
    ff_db_state_clear(after);
    if (destroy_trust(&s, main_cert, FF_FORM_PKCS11, err) != 0)
        return session_close(&s, -1, err);
    if (!read_file_state(&s, main_cert, after, &why)) {
        ff_db_state_clear(after);
        *err = read_error(why, "written, but cannot be read back");
        rc = FF_NSS_UNREAD;
    }
    return session_close(&s, rc, err);
}

int ff_nss_remove(const char *dir, const struct ff_cert *c, const char *password,
                  struct ff_db_state *after, char **err)
{
    struct session s;
    memset(after, 0, sizeof *after);
    if (session_open(dir, false, &s, err) != 0)
        return -1;
    struct ff_db_state before;
    char *why = NULL;
    if (!read_file_state(&s, c, &before, &why)) {
        *err = read_error(why, "cannot read the database");
        ff_db_state_clear(&before);
        return session_close(&s, -1, err);
    }
    bool stored = before.present, leftovers = orphans(&before);
    ff_db_state_clear(&before);
    if (!stored && !leftovers)
        return session_close(&s, 0, err);
    int rc = prepare_writing(&s, password, err);
    CERTCertificate *cert = rc == 0 && stored ? find_stored(&s, c) : NULL;
    if (rc == 0 && stored && (!cert || SEC_DeletePermCertificate(cert) != SECSuccess)) {
        *err = nss_error("cannot delete the certificate");
        rc = -1;
    }
    if (cert)
        CERT_DestroyCertificate(cert);
    /* NSS 3.87 deletes the legacy record with the certificate; the 3.2 ones stay
     * unless destroyed here, and would apply to the certificate again if it were
     * imported later. */
    if (rc == 0)
        rc = destroy_trust(&s, c, FF_FORM_LEGACY | FF_FORM_PKCS11, err);
    if (rc == 0 && !read_file_state(&s, c, after, &why)) {
        ff_db_state_clear(after);
        *err = read_error(why, "removed, but cannot be read back");
        rc = FF_NSS_UNREAD;
    }
    return session_close(&s, rc, err);
}

int ff_nss_migrate(const char *dir, char **err)
{
    struct session s;
    if (session_open(dir, false, &s, err) != 0)
        return -1;
    return session_close(&s, 0, err);
}

void ff_db_state_clear(struct ff_db_state *st)
{
    free(st->nickname);
    memset(st, 0, sizeof *st);
}

const char *ff_nss_version(void)
{
    return NSS_GetVersion();
}

void ff_nss_cleanup(void)
{
    PR_Cleanup();
}

/* ---- diagnosis (ffcert doctor) ----------------------------------------------- */

/* Longest chain followed: real ones have 2 to 4 links. */
#define MAX_CHAIN 8

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
static bool read_stored_trust(struct session *s, struct diag *d, char **err)
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
        unsigned char *serial = der_integer(&c->serialNumber, &serial_len);
        struct cert_keys k = {c->derIssuer, {siBuffer, serial, (unsigned)serial_len},
                              c->derCert.data, c->derCert.len};
        struct ff_db_state st;
        memset(&st, 0, sizeof st);
        PLArenaPool *arena = PORT_NewArena(2048);
        char *why = NULL;
        bool ok = arena && read_trust_views(s, arena, &k, &st, &why);
        if (arena)
            PORT_FreeArena(arena, PR_FALSE);
        free(serial);
        if (!ok) {
            *err = read_error(why, "cannot read the trust of a stored certificate");
            return false;
        }
        d->trust[i] = st.trust;
        CERTCertTrust t;
        if (CERT_GetCertTrust(node->cert, &t) == SECSuccess && (t.sslFlags & CERTDB_USER))
            add_user_flag(&d->trust[i]);
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
    l->subject = name_or_empty(&issuer->subject);
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
                       size_t *n_links)
{
    CERTCertificate *cur = CERT_DupCertificate(c);
    bool trusted = false;
    while (!is_self_signed(cur) && *n_links < MAX_CHAIN) {
        *links = xrealloc(*links, (*n_links + 1) * sizeof **links);
        struct ff_chain_link *l = &(*links)[(*n_links)++];
        memset(l, 0, sizeof *l);
        CERTCertificate *issuer = CERT_FindCertIssuer(cur, (PRTime)ff_now() * PR_USEC_PER_SEC, certUsageAnyCA);
        if (!issuer) {
            l->place = FF_LINK_MISSING;
            l->subject = name_or_empty(&cur->issuer);
            if (cur->authKeyID && cur->authKeyID->keyID.len)
                l->key_id = ff_hex_colon(cur->authKeyID->keyID.data, cur->authKeyID->keyID.len);
            CERT_DestroyCertificate(cur);
            return false;
        }
        fill_link(d, issuer, l);
        CERT_DestroyCertificate(cur);
        cur = issuer;
    }
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
    u->subject = name_or_empty(&c->subject);
    u->issuer = name_or_empty(&c->issuer);
    u->nickname = c->nickname ? xstrdup(c->nickname) : NULL;
    struct ff_trust t;
    u->has_key = stored_trust(d, c, &t) && ((t.ssl | t.email | t.objsign) & FF_TRUST_USER);
    cert_times(c, &u->not_before, &u->not_after);
    u->usages = usages_of(c);
    u->purposes = purposes_of(c);
    u->reaches_trusted_root = walk_chain(d, c, &u->links, &u->n_links);
}

static void diagnose_ca(struct diag *d, CERTCertificate *c, struct ff_stored_ca *ca)
{
    memset(ca, 0, sizeof *ca);
    ca->subject = name_or_empty(&c->subject);
    ca->nickname = c->nickname ? xstrdup(c->nickname) : NULL;
    PK11_HashBuf(SEC_OID_SHA256, ca->sha256, c->derCert.data, (PRInt32)c->derCert.len);
    cert_times(c, &ca->not_before, &ca->not_after);
    ca->self_signed = is_self_signed(c);
    stored_trust(d, c, &ca->trust);
    if (!ca->self_signed) {
        struct ff_chain_link *links = NULL;
        size_t n = 0;
        bool trusted = walk_chain(d, c, &links, &n);
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
    struct session s;
    memset(out, 0, sizeof *out);
    if (session_open(dir, true, &s, err) != 0)
        return -1;
    out->needs_login = login_needed(&s);
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
    rc = session_close(&s, rc, err);
    if (rc != 0)
        ff_diagnosis_free(out);
    return rc;
}

const char *ff_nspr_version(void)
{
    return PR_GetVersion();
}

char *ff_nss_pem(const unsigned char *der, size_t len)
{
    char *b64 = BTOA_DataToAscii(der, (unsigned)len);
    if (!b64) {
        fputs(_("ffcert: out of memory\n"), stderr);
        abort();
    }
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
