/* Writing: importing a certificate with its trust (the legacy form, checked, then
 * the 3.2 records destroyed) and removing one, each in one session that looks first,
 * writes, and reads back what the file then holds. */
#include "util/i18n.h"
#include "nss/nss.h"

#include <signal.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cert.h>
#include <certdb.h>
#include <pk11pub.h>
#include <prerror.h>
#include <secerr.h>

#include "cert/nickname.h"
#include "nss/internal.h"
#include "nss/mac.h"
#include "util/util.h"

/* Nickname clashes tried before giving up (" #2" ... " #100"). */
#define NICKNAME_TRIES 100

static CERTCertificate *find_stored(struct nss_session *s, const struct ff_cert *c)
{
    SECItem der = {siBuffer, c->der, (unsigned)c->der_len};
    return PK11_FindCertFromDERCertItem(s->slot, &der, NULL);
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
static CERTCertificate *store_cert(struct nss_session *s, const struct ff_cert *c,
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

/* Undo for a failed import: delete what this run added. A delete that fails too is
 * added to *err: the database then holds certificates nobody asked for. */
static void delete_added(CERTCertificate **added, size_t n, char **err)
{
    bool undone = true;
    for (size_t i = 0; i < n; i++) {
        undone &= SEC_DeletePermCertificate(added[i]) == SECSuccess;
        CERT_DestroyCertificate(added[i]);
    }
    if (!undone) {
        char *why = nss_error("undoing it failed");
        char *both = xasprintf("%s; %s", *err ? *err : "", why);
        free(why);
        free(*err);
        *err = both;
    }
}

/* Before the first write: initialise a never-used key store (Firefox does the same
 * with an empty password), and log in when a primary password is set, because trust
 * is MAC'd with the password key: without login the certificate would be stored
 * with no trust. Nothing has been written when this fails. */
static int prepare_writing(struct nss_session *s, const char *password, char **err)
{
    if (PK11_NeedUserInit(s->slot) && PK11_InitPin(s->slot, NULL, NULL) != SECSuccess) {
        *err = nss_error("cannot initialise the key store");
        return -1;
    }
    if (!nss_login_needed(s))
        return 0;
    if (!password) {
        *err = xstrdup(_("primary password set: use --password-file"));
        return FF_ERR_NEED_PASSWORD;
    }
    if (PK11_CheckUserPassword(s->slot, password) != SECSuccess) {
        if (PR_GetError() == SEC_ERROR_BAD_PASSWORD) {
            *err = xstrdup(_("wrong primary password: nothing written"));
            return FF_ERR_BAD_PASSWORD;
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

/* Test builds only (build/tests/ffcert-faults), FFCERT_TEST_FAULT=
 * - trust-first: the write order NSS cannot persist (see store_cert), whose trust
 *   then exists only in NSS's memory; the check after writing must catch it;
 * - unread: the read-back fails, as on a read error; once per database, so that
 *   putting the previous state back is checked normally;
 * - kill-before-purge: the process is killed after the legacy record is written and
 *   checked, before the 3.2 records go: the next run must complete it;
 * - purge-fails: deleting the 3.2 records fails after that: the caller must put the
 *   legacy record back;
 * - truncate: another program empties cert9.db before the first write, in the
 *   databases holding a file "truncate-me": NSS then looks for a free object ID for
 *   ever (every lookup fails, and a failure counts as taken), which only the time
 *   limit or a second signal ends. */
struct faults {
    bool trust_first, unread, kill_before_purge, purge_fails;
};

static struct faults faults_for(const char *dir)
{
    struct faults f = {0};
#ifdef FFCERT_TEST_FAULTS
    static char *unread_dir;
    const char *fault = getenv("FFCERT_TEST_FAULT");
    if (!fault)
        return f;
    f.trust_first = !strcmp(fault, "trust-first");
    f.unread = !strcmp(fault, "unread") && (!unread_dir || strcmp(unread_dir, dir));
    f.kill_before_purge = !strcmp(fault, "kill-before-purge");
    f.purge_fails = !strcmp(fault, "purge-fails");
    if (!strcmp(fault, "truncate")) {
        char *marker = xasprintf("%s/truncate-me", dir), *db = xasprintf("%s/cert9.db", dir);
        if (access(marker, F_OK) == 0 && truncate(db, 0) != 0)
            abort();
        free(marker);
        free(db);
    }
    if (f.unread) {
        free(unread_dir);
        unread_dir = xstrdup(dir);
    }
#else
    (void)dir;
#endif
    return f;
}

int ff_nss_import(const char *dir, const struct ff_bundle *bundle, const struct ff_trust *trust,
                  const char *nickname, const char *password, unsigned flags,
                  struct ff_db_state *before, struct ff_db_state *after, bool *wrote,
                  uint64_t *added_extras, char **err)
{
    struct nss_session s;
    bool restore = flags & FF_WRITE_RESTORE;
    *added_extras = 0;
    *wrote = false;
    memset(before, 0, sizeof *before);
    memset(after, 0, sizeof *after);
    if (nss_session_open(dir, false, &s, err) != 0)
        return -1;
    const struct ff_cert *main_cert = &bundle->certs[bundle->ca];
    char *why = NULL;
    if (!nss_read_state(&s, main_cert, before, &why)) {
        ff_db_state_clear(before);
        *err = nss_read_error(why, "cannot read the database");
        return nss_session_close(&s, -1, err);
    }
    if (holds(before, trust, restore))
        return nss_session_close(&s, 0, err);
    int rc = prepare_writing(&s, password, err);
    if (rc != 0)
        return nss_session_close(&s, rc, err);
    *wrote = true;

    CERTCertificate **added = xcalloc(bundle->n, sizeof *added);
    size_t n_added = 0;
    rc = -1;
    CERTCertTrust t = {trust->ssl, trust->email, trust->objsign};
    struct faults f = faults_for(dir);
    /* A fresh import starts clean: trust records left by a certificate removed
     * without them would otherwise apply to it again. */
    if (!restore && orphans(before) &&
        nss_destroy_trust(&s, main_cert, FF_FORM_LEGACY | FF_FORM_PKCS11, err) != 0) {
        free(added);
        return nss_session_close(&s, -1, err);
    }
    CERTCertificate *cert = find_stored(&s, main_cert);
    if (!cert) {
        cert = store_cert(&s, main_cert, nickname, f.trust_first ? &t : NULL, err);
        if (!cert)
            goto out;
        added[n_added++] = CERT_DupCertificate(cert);
    } else {
        f.trust_first = false;
    }
    /* The bundle's other certificates before the trust: if one cannot be stored,
     * deleting what was added leaves the database as it was. */
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
    /* NSS 3.87 writes the legacy record, which every NSS reads. */
    if (!f.trust_first && CERT_ChangeCertTrust(s.handle, cert, &t) != SECSuccess) {
        *err = nss_error("cannot write the trust");
        goto out;
    }
    rc = 0;
out:
    if (rc != 0) {
        delete_added(added, n_added, err);
        *added_extras = 0;
    } else {
        for (size_t i = 0; i < n_added; i++)
            CERT_DestroyCertificate(added[i]);
    }
    free(added);
    if (cert)
        CERT_DestroyCertificate(cert);
    if (rc != 0)
        return nss_session_close(&s, rc, err);
    if (f.unread)
        PORT_SetError(SEC_ERROR_IO);
    if (f.unread || !nss_read_state(&s, main_cert, after, &why)) {
        ff_db_state_clear(after);
        *err = nss_read_error(why, "written, but cannot be read back");
        return nss_session_close(&s, FF_ERR_UNREAD, err);
    }
    /* Only once the legacy record reads as asked do the 3.2 records go (destroying
     * one needs no login: done earlier, it could leave a database with a primary
     * password and no trust at all). NSS >= 3.114 then reads the legacy record too. */
    if (restore || !(after->forms & FF_FORM_PKCS11) || !ff_trust_equal(&after->trust_legacy, trust))
        return nss_session_close(&s, 0, err);
    if (f.kill_before_purge)
        raise(SIGKILL);
    ff_db_state_clear(after);
    /* Past this point the legacy record is written: a failure is one the caller must
     * undo, not a plain one. */
    if (f.purge_fails) {
        *err = xstrdup("cannot delete a trust record: the test build's fault");
        return nss_session_close(&s, FF_ERR_UNREAD, err);
    }
    if (nss_destroy_trust(&s, main_cert, FF_FORM_PKCS11, err) != 0)
        return nss_session_close(&s, FF_ERR_UNREAD, err);
    if (!nss_read_state(&s, main_cert, after, &why)) {
        ff_db_state_clear(after);
        *err = nss_read_error(why, "written, but cannot be read back");
        rc = FF_ERR_UNREAD;
    }
    return nss_session_close(&s, rc, err);
}

int ff_nss_remove(const char *dir, const struct ff_cert *c, const char *password,
                  struct ff_db_state *after, char **err)
{
    struct nss_session s;
    memset(after, 0, sizeof *after);
    if (nss_session_open(dir, false, &s, err) != 0)
        return -1;
    struct ff_db_state before;
    char *why = NULL;
    if (!nss_read_state(&s, c, &before, &why)) {
        *err = nss_read_error(why, "cannot read the database");
        ff_db_state_clear(&before);
        return nss_session_close(&s, -1, err);
    }
    bool stored = before.present, leftovers = orphans(&before);
    ff_db_state_clear(&before);
    if (!stored && !leftovers)
        return nss_session_close(&s, 0, err);
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
        rc = nss_destroy_trust(&s, c, FF_FORM_LEGACY | FF_FORM_PKCS11, err);
    if (rc == 0 && !nss_read_state(&s, c, after, &why)) {
        ff_db_state_clear(after);
        *err = nss_read_error(why, "removed, but cannot be read back");
        rc = FF_ERR_UNREAD;
    }
    return nss_session_close(&s, rc, err);
}

int ff_nss_migrate(const char *dir, char **err)
{
    struct nss_session s;
    if (nss_session_open(dir, false, &s, err) != 0)
        return -1;
    return nss_session_close(&s, 0, err);
}
