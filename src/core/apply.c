/* One action on one database: look (read-only), decide, write if needed, and check
 * what the database file holds afterwards (read back from the file by the nss/ layer, below
 * the NSS caches that can report trust that never reached the database). */
#include "util/i18n.h"
#include "core/apply.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/statvfs.h>

#include "nss/nss.h"
#include "util/util.h"

/* The stable codes (JSON, scripts); marked for translation for text reports. */
static const char *const result_names[] = {
    [FF_RESULT_IMPORTED] = N_("imported"),
    [FF_RESULT_UPDATED] = N_("updated"),
    [FF_RESULT_UNCHANGED] = N_("unchanged"),
    [FF_RESULT_REMOVED] = N_("removed"),
    [FF_RESULT_PRESENT] = N_("present"),
    [FF_RESULT_MISMATCH] = N_("mismatch"),
    [FF_RESULT_ABSENT] = N_("absent"),
    [FF_RESULT_WOULD_IMPORT] = N_("would-import"),
    [FF_RESULT_WOULD_UPDATE] = N_("would-update"),
    [FF_RESULT_WOULD_REMOVE] = N_("would-remove"),
    [FF_RESULT_SKIPPED] = N_("skipped"),
    [FF_RESULT_FAILED] = N_("failed"),
    [FF_RESULT_NO_DATABASE] = N_("no-database"),
};

const char *ff_result_name(enum ff_result r)
{
    return result_names[r];
}

const char *ff_result_label(enum ff_result r)
{
    return _(result_names[r]);
}

bool ff_result_ok(enum ff_result r, enum ff_action action)
{
    switch (r) {
    case FF_RESULT_SKIPPED:
    case FF_RESULT_FAILED:
    case FF_RESULT_MISMATCH:
        return false;
    case FF_RESULT_ABSENT:
        return action == FF_ACTION_REMOVE;
    default:
        return true;
    }
}

bool ff_result_changed(enum ff_result r)
{
    return r == FF_RESULT_IMPORTED || r == FF_RESULT_UPDATED || r == FF_RESULT_REMOVED;
}

void ff_outcome_clear(struct ff_outcome *o)
{
    free(o->reason);
    free(o->nickname);
    memset(o, 0, sizeof *o);
}

static void set(struct ff_outcome *o, enum ff_result r, char *reason)
{
    o->result = r;
    free(o->reason);
    o->reason = reason;
}

/* A failed NSS call: FF_ERR_FATAL means this process can open no other database; a
 * missing or wrong primary password is a skip (nothing was written), not a failure. */
static void fail(struct ff_outcome *o, int rc, char *err)
{
    o->fatal = o->fatal || rc == FF_ERR_FATAL;
    bool password = rc == FF_ERR_NEED_PASSWORD || rc == FF_ERR_BAD_PASSWORD;
    set(o, password ? FF_RESULT_SKIPPED : FF_RESULT_FAILED, err);
}

/* NSS reports a full disk as a generic "cannot add" error: say what it is. */
static char *with_disk_note(const struct ff_target *t, char *err)
{
    struct statvfs vfs;
    if (statvfs(t->path, &vfs) != 0 || (unsigned long long)vfs.f_bavail * vfs.f_frsize >= 65536)
        return err;
    char *noted = xasprintf(_("%s (no space left on the disk)"), err);
    free(err);
    return noted;
}

static const char *password_for(const struct ff_request *req, const struct ff_target *t,
                                const struct ff_db_state *st)
{
    if (!st->needs_login || !req->password)
        return NULL;
    return req->password(t, req->password_ctx);
}

static char *letters(const struct ff_trust *t)
{
    char buf[FF_TRUST_LETTERS_MAX];
    ff_trust_format(t, buf);
    return xstrdup(buf);
}

/* Adds a sentence to the row's reason. */
static void note(struct ff_outcome *o, char *text)
{
    if (!o->reason) {
        o->reason = text;
        return;
    }
    char *both = xasprintf(_("%s; %s"), o->reason, text);
    free(o->reason);
    free(text);
    o->reason = both;
}

/* Whether both NSS readings of st are want: what every write leaves. */
static bool holds(const struct ff_db_state *st, const struct ff_trust *want)
{
    return st->present && ff_trust_equal(&st->trust, want) &&
           ff_trust_equal(&st->trust_legacy, want);
}

/* Firefox's Certificate Manager with no box ticked writes a 3.2 record that says
 * "must verify" for every usage: the valid CA that c,c, is in the legacy form. */
static bool no_box_equivalent(const struct ff_db_state *st, const struct ff_trust *want)
{
    struct ff_trust valid_ca = ff_trust_from_dialog(false, false);
    return st->no_box && ff_trust_equal(want, &valid_ca);
}

/* Records what a look at the database found as the state after the action. */
static void take_after(struct ff_outcome *o, struct ff_db_state *st)
{
    o->has_after = st->present;
    o->after = st->trust;
    o->after_legacy = st->trust_legacy;
    o->forms = st->forms;
    if (st->nickname) {
        free(o->nickname);
        o->nickname = st->nickname;
        st->nickname = NULL;
    }
}

/* The notes every look adds: who reads what when the two forms disagree, and a 3.2
 * record that gives no trust. */
static void note_views(const struct ff_db_state *st, struct ff_outcome *o)
{
    static const char *const why[] = {
        [FF_PKCS11_BAD_HASH] = N_("its trust record in the PKCS#11 3.2 form names another "
                                  "certificate, so Firefox 153 gives it no trust"),
        [FF_PKCS11_BAD_MAC] = N_("its trust record in the PKCS#11 3.2 form fails its integrity "
                                 "check (changed outside NSS, or by an older NSS), so Firefox "
                                 "153 gives it no trust"),
        [FF_PKCS11_UNREADABLE] = N_("its trust record in the PKCS#11 3.2 form cannot be read, "
                                    "so Firefox 153 gives it no trust"),
    };
    if (st->present && st->pkcs11 < sizeof why / sizeof why[0] && why[st->pkcs11])
        note(o, xstrdup(_(why[st->pkcs11])));
    if (st->present && !ff_trust_equal(&st->trust, &st->trust_legacy)) {
        char *now = letters(&st->trust), *old = letters(&st->trust_legacy);
        note(o, xasprintf(_("NSS 3.114 and later (Firefox and Thunderbird 153) use %s; older "
                            "NSS (Firefox ESR 140, Chromium, certutil on Debian 12) uses %s"),
                          now, old));
        free(now);
        free(old);
    }
    if (!st->present && !st->twin_stored && st->forms) {
        char *t = letters(&st->trust);
        note(o, xasprintf(_("trust records of this certificate are left without it (%s, "
                            "applied again if it is imported): `ffcert remove` deletes them"),
                          t));
        free(t);
    }
}

/* Checks what the file holds after a write (*after, read back by the nss/ layer). Returns
 * false (and sets FAILED) when the database does not hold what was written. */
static bool check_after(const struct ff_request *req, struct ff_db_state *after,
                        struct ff_outcome *o)
{
    take_after(o, after);
    if (req->action == FF_ACTION_REMOVE) {
        if (o->has_after || (after->forms && !after->twin_stored)) {
            set(o, FF_RESULT_FAILED, xstrdup(o->has_after ? _("still present after removal")
                                                          : _("trust records still present "
                                                              "after removal")));
            return false;
        }
        return true;
    }
    if (!o->has_after) {
        set(o, FF_RESULT_FAILED, xstrdup(_("not in the database after import")));
        return false;
    }
    if (holds(after, &req->trust))
        return true;
    struct ff_trust want = ff_trust_normalize(&req->trust);
    char *w = letters(&want);
    char *g = letters(ff_trust_equal(&after->trust_legacy, &req->trust) ? &after->trust
                                                                        : &after->trust_legacy);
    set(o, FF_RESULT_FAILED,
        ff_trust_equal(&after->trust_legacy, &req->trust)
            ? xasprintf(_("trust written as %s, but Firefox 153 (NSS 3.114 and later) still "
                          "reads %s"), w, g)
            : xasprintf(_("trust written as %s but the database holds %s"), w, g));
    free(w);
    free(g);
    return false;
}

/* After a failed check: puts back the state found before (absent, or present with
 * its legacy trust; 3.2 records were only removed after the check, and NSS 3.87 cannot
 * make them), removes the other certificates of the bundle that the import stored
 * (bit i of extras: bundle->certs[i]), and checks that too. o already says why it
 * failed. */
static void restore(const struct ff_request *req, const struct ff_target *t,
                    const struct ff_cert *cert, const char *password,
                    const struct ff_db_state *before, uint64_t extras, struct ff_outcome *o)
{
    uint64_t ignored;
    bool wrote = false;
    struct ff_db_state look = {0}, after = {0};
    char *err = NULL;
    int rc = before->present
                 ? ff_nss_import(t->path, req->bundle, &before->trust_legacy, NULL, password,
                                 FF_WRITE_RESTORE, &look, &after, &wrote, &ignored, &err)
                 : ff_nss_remove(t->path, cert, password, &after, &err);
    /* Nothing to write means the database already held the previous state. */
    const struct ff_db_state *now = before->present && !wrote ? &look : &after;
    if (rc == 0 && (now->present != before->present ||
                    (before->present && (!ff_trust_equal(&now->trust, &before->trust) ||
                                         !ff_trust_equal(&now->trust_legacy,
                                                         &before->trust_legacy))))) {
        char *g = letters(&now->trust);
        err = now->present ? xasprintf(_("the database holds %s"), g)
                           : xstrdup(_("the certificate is not in the database"));
        free(g);
        rc = -1;
    }
    /* The other certificates of the bundle that the failed import stored. */
    for (size_t i = 0; rc == 0 && i < req->bundle->n; i++) {
        if (!(extras & UINT64_C(1) << i))
            continue;
        struct ff_db_state gone = {0};
        rc = ff_nss_remove(t->path, &req->bundle->certs[i], password, &gone, &err);
        if (rc == 0 && gone.present) {
            err = xstrdup(_("another certificate of the bundle is still in the database"));
            rc = -1;
        }
        ff_db_state_clear(&gone);
    }
    char *reason = rc == 0 ? xasprintf(_("%s; the previous state was restored"), o->reason)
                           : xasprintf(_("%s; restoring the previous state failed too: %s"),
                                       o->reason, err);
    free(err);
    o->fatal = rc == FF_ERR_FATAL;
    set(o, FF_RESULT_FAILED, reason);
    if (rc == 0) {
        o->has_after = before->present;
        o->after = before->trust;
        o->after_legacy = before->trust_legacy;
        o->forms = before->forms;
        o->extras_added = 0;
    }
    ff_db_state_clear(&look);
    ff_db_state_clear(&after);
}

/* Writes (ff_nss_import looks again in its own session and writes nothing when the
 * certificate is there with this trust already), then checks what the file holds. */
static void write_and_check(const struct ff_request *req, const struct ff_target *t,
                            const char *password, struct ff_outcome *o)
{
    struct ff_db_state before = {0}, after = {0};
    bool wrote = false;
    uint64_t extras = 0;
    char *err = NULL;
    int rc = ff_nss_import(t->path, req->bundle, &req->trust, req->nickname, password, 0,
                           &before, &after, &wrote, &extras, &err);
    if (rc == FF_ERR_NEED_PASSWORD && !password && req->password &&
        (password = req->password(t, req->password_ctx))) {
        free(err);
        err = NULL;
        ff_db_state_clear(&before);
        ff_db_state_clear(&after);
        rc = ff_nss_import(t->path, req->bundle, &req->trust, req->nickname, password, 0,
                           &before, &after, &wrote, &extras, &err);
    }
    o->extras_added = (unsigned)__builtin_popcountll(extras);
    if (req->hint)
        req->hint->writes_expected = wrote;
    o->had_before = before.present;
    o->before = before.trust;
    const struct ff_cert *cert = &req->bundle->certs[req->bundle->ca];
    if (rc != 0 && rc != FF_ERR_UNREAD) {
        fail(o, rc, with_disk_note(t, err));
    } else if (!wrote) {
        take_after(o, &before);
        set(o, FF_RESULT_UNCHANGED, NULL);
    } else if (rc == 0 && check_after(req, &after, o)) {
        set(o, before.present ? FF_RESULT_UPDATED : FF_RESULT_IMPORTED, NULL);
        if (before.present && (ff_trust_equal(&before.trust, &after.trust) ||
                               no_box_equivalent(&before, &req->trust))) {
            char *old = letters(&before.trust_legacy);
            note(o, before.no_box
                        ? xasprintf(_("normalised: Firefox's own import (no box ticked) is "
                                      "now stored in the form every NSS reads; older NSS "
                                      "(Firefox ESR 140, Chromium, certutil on Debian 12) "
                                      "read %s"), old)
                        : xasprintf(_("normalised: stored in the form every NSS reads; older "
                                      "NSS (Firefox ESR 140, Chromium, certutil on Debian "
                                      "12) read %s"), old));
            free(old);
        }
    } else {
        /* The database does not hold what was asked (or could not say): put back
         * what was there, so a failed import leaves the database as it found it. */
        if (rc == FF_ERR_UNREAD)
            fail(o, rc, err);
        restore(req, t, cert, password, &before, extras, o);
    }
    ff_db_state_clear(&before);
    ff_db_state_clear(&after);
}

static void do_import(const struct ff_request *req, const struct ff_target *t,
                      const struct ff_db_state *before, struct ff_outcome *o)
{
    if (holds(before, &req->trust)) {
        if (req->hint)
            req->hint->writes_expected = false;
        set(o, FF_RESULT_UNCHANGED, NULL);
        return;
    }
    if (req->dry_run) {
        set(o, before->present ? FF_RESULT_WOULD_UPDATE : FF_RESULT_WOULD_IMPORT, NULL);
        note_views(before, o);
        return;
    }
    write_and_check(req, t, password_for(req, t, before), o);
}

static void do_remove(const struct ff_request *req, const struct ff_target *t,
                      const struct ff_db_state *before, struct ff_outcome *o)
{
    bool leftovers = !before->present && !before->twin_stored && before->forms;
    if (!before->present && !leftovers) {
        set(o, FF_RESULT_ABSENT, NULL);
        return;
    }
    const char *only_records = _("only trust records of it were left, without the certificate");
    if (req->dry_run) {
        set(o, FF_RESULT_WOULD_REMOVE, leftovers ? xstrdup(only_records) : NULL);
        return;
    }
    char *err = NULL;
    struct ff_db_state after = {0};
    const struct ff_cert *cert = &req->bundle->certs[req->bundle->ca];
    int rc = ff_nss_remove(t->path, cert, password_for(req, t, before), &after, &err);
    if (rc != 0)
        fail(o, rc, rc == FF_ERR_UNREAD ? err : with_disk_note(t, err));
    else if (check_after(req, &after, o))
        set(o, FF_RESULT_REMOVED, leftovers ? xstrdup(only_records) : NULL);
    ff_db_state_clear(&after);
}

static void do_status(const struct ff_request *req, const struct ff_db_state *before,
                      struct ff_outcome *o)
{
    if (!before->present) {
        set(o, FF_RESULT_ABSENT, NULL);
    } else if (!req->trust_given || ff_trust_equal(&before->trust, &req->trust)) {
        /* What Firefox 153 uses decides; the notes say what older NSS reads. */
        set(o, FF_RESULT_PRESENT, NULL);
    } else if (no_box_equivalent(before, &req->trust)) {
        set(o, FF_RESULT_PRESENT,
            xstrdup(_("stored by Firefox's Certificate Manager with no box ticked: a valid "
                      "CA whose trust comes from its root, as c,c, is")));
    } else {
        struct ff_trust want = ff_trust_normalize(&req->trust);
        char *w = letters(&want);
        set(o, FF_RESULT_MISMATCH, xasprintf(_("expected trust %s"), w));
        free(w);
    }
    note_views(before, o);
}

/* "Firefox" for firefox-snap and the like, for messages. */
static const char *program_name(const char *app)
{
    static const struct {
        const char *prefix, *name;
    } names[] = {{"thunderbird", "Thunderbird"}, {"librewolf", "LibreWolf"},
                 {"chromium", "Chromium"}, {"firefox", "Firefox"}};
    for (size_t i = 0; i < sizeof names / sizeof names[0]; i++)
        if (!strncmp(app, names[i].prefix, strlen(names[i].prefix)))
            return names[i].name;
    return _("the program using it");
}

static void add_in_use_note(const struct ff_target *t, struct ff_outcome *o)
{
    if (t->in_use && ff_result_changed(o->result))
        note(o, xasprintf(_("in use: restart %s to use it"), program_name(t->app)));
}

void ff_apply(const struct ff_request *req, const struct ff_target *t, struct ff_outcome *o)
{
    memset(o, 0, sizeof *o);
    switch (t->format) {
    case FF_DB_INVALID:
        set(o, FF_RESULT_FAILED, xstrdup(t->problem ? t->problem : _("not a database folder")));
        return;
    case FF_DB_NONE:
        /* A folder named with --profile should hold a database; a discovered profile
         * without one is simply unused (Firefox ESR makes one it never uses). */
        if (!strcmp(t->app, "nssdb"))
            set(o, FF_RESULT_SKIPPED,
                xstrdup(_("no certificate database in this folder (cert9.db): give the "
                          "folder that holds one")));
        else
            set(o, FF_RESULT_NO_DATABASE,
                xstrdup(_("no certificate database yet: start Firefox once with this profile")));
        return;
    case FF_DB_LEGACY:
        if (!req->migrate_legacy || req->action == FF_ACTION_STATUS || req->dry_run) {
            set(o, FF_RESULT_SKIPPED,
                xstrdup(_("legacy cert8.db only: today's Firefox no longer reads it "
                        "(--migrate-legacy converts it)")));
            return;
        }
        break;
    case FF_DB_SQL:
        break;
    }
    if (t->in_use && req->skip_running && req->action != FF_ACTION_STATUS) {
        set(o, FF_RESULT_SKIPPED, xstrdup(_("in use by a running program (--skip-running)")));
        return;
    }
    if (t->format == FF_DB_LEGACY) {
        char *err = NULL;
        int rc = ff_nss_migrate(t->path, &err);
        if (rc != 0) {
            fail(o, rc, xasprintf(_("migrating cert8.db failed: %s"), err));
            free(err);
            return;
        }
    }

    /* After a database that needed writing, the next one likely does too: one
     * read-write session then does the looking as well, saving a read-only open. */
    if (req->action == FF_ACTION_IMPORT && !req->dry_run && req->hint &&
        req->hint->writes_expected) {
        write_and_check(req, t, NULL, o);
        add_in_use_note(t, o);
        return;
    }

    const struct ff_cert *cert = &req->bundle->certs[req->bundle->ca];
    struct ff_db_state before;
    char *err = NULL;
    int rc = ff_nss_inspect(t->path, cert, &before, &err);
    if (rc != 0) {
        fail(o, rc, err);
        return;
    }
    o->had_before = before.present;
    o->before = before.trust;
    take_after(o, &before);

    switch (req->action) {
    case FF_ACTION_IMPORT:
        do_import(req, t, &before, o);
        break;
    case FF_ACTION_REMOVE:
        do_remove(req, t, &before, o);
        break;
    case FF_ACTION_STATUS:
        do_status(req, &before, o);
        break;
    }
    ff_db_state_clear(&before);
    add_in_use_note(t, o);
}
