/* ffcert policy install|status|remove: Firefox's enterprise policy
 * Certificates.Install. The certificate goes, as PEM, into a folder of certificate
 * files, and its absolute path into policies.Certificates.Install of policies.json;
 * Firefox then adds it to every profile, new ones included, each time it starts. */
#include "core/policy.h"

#include <errno.h>
#include <jansson.h>
#include <libgen.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "cli/cli.h"
#include "util/i18n.h"
#include "nss/nss.h"

/* A certificate file is small; anything larger is not one. */
#define CERT_FILE_MAX (1024 * 1024)

enum verb { VERB_INSTALL, VERB_STATUS, VERB_REMOVE };

/* What the status report says about the trust Firefox stores, and what stays behind
 * after `policy remove` (both seen with firefox-esr 153 on Debian 12: see
 * tests/integration/policy.sh). */
static const char note_trust[] =
    N_("At each start Firefox adds every Install certificate that a profile does not "
       "already trust for websites to that profile (new profiles included), asking for "
       "CT,CT,: a trust anchor for websites and email, whatever its issuer. Firefox ESR "
       "153 (its own NSS 3.125) stores that trust as a PKCS#11 3.2 trust object, which "
       "older NSS libraries (this ffcert uses NSS %s; Debian 12's certutil too) cannot "
       "read: `certutil -L` and `ffcert status` show such a certificate with no trust "
       "(,,), while Firefox uses it as an anchor.");
static const char note_remove[] =
    N_("`ffcert policy remove` stops Firefox from adding the certificate; profiles that "
       "already hold it keep it, trusted as before. Take it out of them with `ffcert "
       "remove SOURCE` (as root: --all-users).");

/* ---- arguments --------------------------------------------------------------- */

struct policy_args {
    const char *policies; /* --policies FILE */
    const char *cert_dir; /* --cert-dir DIR */
    bool policies_given, cert_dir_given;
};

static struct policy_args paths_of(const struct ff_options *opts)
{
    return (struct policy_args){opts->policies ? opts->policies : FF_POLICY_DEFAULT_FILE,
                                opts->cert_dir ? opts->cert_dir : FF_POLICY_DEFAULT_CERT_DIR,
                                opts->policies != NULL, opts->cert_dir != NULL};
}

/* Not root, and about to write a system path: refuse before anything else. */
static int need_root(const char *verb, const struct policy_args *pa)
{
    if (geteuid() == 0)
        return 0;
    bool p = !strcmp(pa->policies, FF_POLICY_DEFAULT_FILE);
    bool d = !strcmp(pa->cert_dir, FF_POLICY_DEFAULT_CERT_DIR);
    if (!p && !d)
        return 0;
    char *paths = p && d ? xasprintf(_("%s and %s"), pa->policies, pa->cert_dir)
                         : xstrdup(p ? pa->policies : pa->cert_dir);
    ff_error(ngettext("policy %s: %s belongs to root: run `sudo ffcert policy %s ...`, or "
                      "name other places with --policies FILE and --cert-dir DIR",
                      "policy %s: %s belong to root: run `sudo ffcert policy %s ...`, or "
                      "name other places with --policies FILE and --cert-dir DIR",
                      p && d ? 2 : 1),
             verb, paths, verb);
    free(paths);
    return FF_EXIT_USAGE;
}

/* ---- small helpers ----------------------------------------------------------- */

static json_t *cert_json(const struct ff_cert *c)
{
    char nb[FF_TIME_MAX], na[FF_TIME_MAX];
    ff_format_time(c->not_before, FF_TIME_ISO, nb);
    ff_format_time(c->not_after, FF_TIME_ISO, na);
    char *sha = ff_hex_colon(c->sha256, sizeof c->sha256);
    json_t *j = json_pack("{s:s, s:s, s:s, s:s, s:s, s:s, s:s, s:b, s:s}", "subject",
                          c->subject, "issuer", c->issuer, "serial", c->serial, "not_before",
                          nb, "not_after", na, "validity",
                          ff_cert_validity_state(c, ff_now()), "sha256", sha, "is_ca",
                          c->is_ca, "nickname", c->nickname);
    free(sha);
    return j;
}

static json_t *strv_json(const struct ff_strv *sv)
{
    json_t *a = json_array();
    for (size_t i = 0; i < sv->n; i++)
        json_array_append_new(a, json_string(sv->v[i]));
    return a;
}

static void print_json(json_t *root)
{
    json_dumpf(root, stdout, JSON_INDENT(2));
    fputc('\n', stdout);
    json_decref(root);
}

/* text after label, wrapped at 80 columns; continuation lines indented by two. */
static void print_wrapped(const char *label, const char *text)
{
    /* Columns on the terminal, not bytes: Japanese characters take two. */
    size_t col = ff_display_width(label);
    fputs(label, stdout);
    const char *p = text;
    bool first = true;
    while (*p) {
        while (*p == ' ')
            p++;
        size_t len = strcspn(p, " ");
        if (!len)
            break;
        char *word = xstrndup(p, len);
        size_t w = ff_display_width(word);
        if (!first && col + 1 + w > 80) {
            fputs("\n  ", stdout);
            col = 2;
        } else if (!first) {
            putchar(' ');
            col++;
        }
        fputs(word, stdout);
        free(word);
        col += w;
        p += len;
        first = false;
    }
    putchar('\n');
}

static void warn(struct ff_strv *warnings, char *owned)
{
    ff_warning("%s", owned);
    ff_strv_push(warnings, owned);
}

/* An absolute form of path, resolving symlinks when it exists. New string. */
static char *absolute(const char *path)
{
    char *real = realpath(path, NULL);
    if (real)
        return real;
    if (path[0] == '/')
        return xstrdup(path);
    char cwd[PATH_MAX];
    if (!getcwd(cwd, sizeof cwd))
        return xstrdup(path);
    return ff_path_join(cwd, path);
}

/* Whether Firefox's own reading of a certificate file (Policies.sys.mjs: DER, or
 * else the text with the BEGIN line, the END line and line breaks dropped, read as
 * base64) gets a certificate out of it: one PEM block, no other lines. */
static bool firefox_can_read(const unsigned char *data, size_t len)
{
    if (len && data[0] == 0x30)
        return true; /* DER (it decoded) */
    static const char begin[] = "-----BEGIN CERTIFICATE-----";
    static const char end[] = "-----END CERTIFICATE-----";
    char *text = xstrndup((const char *)data, len);
    bool ok = false;
    char *b = strstr(text, begin);
    char *e = b ? strstr(b, end) : NULL;
    if (b && e && !memchr(text, '\n', (size_t)(b - text))) {
        ok = true;
        for (const char *p = b + sizeof begin - 1; ok && p < e; p++)
            ok = strchr("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/=\r\n",
                        *p) != NULL;
        const char *after = strchr(e, '\n');
        for (const char *p = after; ok && p && *p; p++)
            ok = *p == '\n' || *p == '\r';
    }
    free(text);
    return ok;
}

/* Reads and decodes a certificate file. Returns 0, or -1 with *err. */
static int read_cert_file(const char *path, struct ff_bundle *b, bool *firefox_ok, char **err)
{
    unsigned char *data = NULL;
    size_t len = 0;
    if (ff_read_file(path, CERT_FILE_MAX, &data, &len, err) != 0)
        return -1;
    int rc = ff_nss_decode(data, len, b, err);
    if (rc == 0 && firefox_ok)
        *firefox_ok = firefox_can_read(data, len);
    free(data);
    return rc == 0 ? 0 : -1;
}

/* Does path hold exactly this certificate? */
enum holds { HOLDS_NOTHING, HOLDS_IT, HOLDS_OTHER };
static enum holds file_holds(const char *path, const struct ff_cert *c)
{
    struct stat st;
    if (lstat(path, &st) != 0)
        return HOLDS_NOTHING;
    struct ff_bundle b;
    char *err = NULL;
    enum holds h = HOLDS_OTHER;
    if (S_ISREG(st.st_mode) && read_cert_file(path, &b, NULL, &err) == 0) {
        if (b.n == 1 && !memcmp(b.certs[0].sha256, c->sha256, 32))
            h = HOLDS_IT;
        ff_bundle_free(&b);
    }
    free(err);
    return h;
}

/* policies.json files Firefox would no longer read because ours exists. */
static void shadow_warnings(const char *policies, struct ff_strv *warnings)
{
    static const char *const distribution[] = {
        "/usr/lib/firefox-esr/distribution/policies.json",
        "/usr/lib/firefox/distribution/policies.json",
    };
    if (strcmp(policies, FF_POLICY_DEFAULT_FILE) != 0)
        return;
    for (size_t i = 0; i < sizeof distribution / sizeof distribution[0]; i++)
        if (access(distribution[i], F_OK) == 0)
            warn(warnings, xasprintf(_("Firefox ignores %s while %s exists: merge its "
                                       "policies into it"), distribution[i], policies));
    if (access("/etc/firefox-esr/policies/policies.json", F_OK) == 0)
        warn(warnings, xstrdup(_("/etc/firefox-esr/policies/policies.json is not read by "
                                 "firefox-esr (it reads /etc/firefox/policies/policies.json)")));
}

/* The certificate of SOURCE, checked as `verb` needs. */
static int load_cert(const struct ff_options *opts, enum verb v, struct ff_bundle *b)
{
    return ff_cli_load_source(opts->source, &opts->src, v == VERB_INSTALL, b);
}

static void report_change_text(const struct ff_cert *c, const char *file, const char *file_result,
                               const char *policies, const char *policy_result,
                               const char *backup)
{
    char *sha = ff_hex_colon(c->sha256, sizeof c->sha256);
    printf(_("Certificate \"%s\"\n  Subject:  %s\n  SHA-256:  %s\n"), c->nickname, c->subject,
           sha);
    free(sha);
    printf(_("  file      %s: %s\n"), file, _(file_result));
    printf(_("  policy    %s: %s"), policies, _(policy_result));
    if (backup)
        printf(_(" (previous file kept as %s)"), backup);
    putchar('\n');
}

/* ---- install ----------------------------------------------------------------- */

static int do_install(const struct ff_options *opts, const struct policy_args *pa)
{
    int rc = need_root("install", pa);
    if (rc)
        return rc;
    struct ff_bundle b;
    if ((rc = load_cert(opts, VERB_INSTALL, &b)) != 0)
        return rc;
    const struct ff_cert *c = &b.certs[b.ca];
    struct ff_strv warnings = {0};
    json_t *doc = NULL;
    bool existed = false;
    char *err = NULL, *dir = NULL, *file = NULL, *backup = NULL;
    const char *file_result = NULL, *policy_result = NULL, *policy_word = "unchanged";
    bool wrote_file = false, changed = false;

    /* A policies.json that cannot be merged stops everything before any write. */
    if (ff_policy_load(pa->policies, &doc, &existed, &err) != 0) {
        rc = FF_EXIT_USAGE;
        goto out;
    }
    if (ff_mkdir_p(pa->cert_dir, &err) != 0) {
        rc = FF_EXIT_PARTIAL;
        goto out;
    }
    dir = absolute(pa->cert_dir);
    char *names[2] = {ff_policy_cert_filename(c), ff_policy_cert_filename_unique(c)};
    for (size_t i = 0; i < 2 && !file; i++) {
        char *path = ff_path_join(dir, names[i]);
        enum holds h = file_holds(path, c);
        if (h == HOLDS_OTHER) {
            free(path);
            continue;
        }
        file = path;
        if (h == HOLDS_IT) {
            file_result = N_("unchanged");
        } else {
            char *pem = ff_nss_pem(c->der, c->der_len);
            int w = ff_write_atomic(file, pem, strlen(pem), 0644, &err);
            free(pem);
            if (w != 0) {
                rc = FF_EXIT_PARTIAL;
                break;
            }
            file_result = N_("written");
            wrote_file = changed = true;
        }
    }
    free(names[0]);
    free(names[1]);
    if (rc)
        goto out;
    if (!file) {
        err = xasprintf(_("%s: both file names for this certificate hold other files"),
                        dir);
        rc = FF_EXIT_PARTIAL;
        goto out;
    }

    if (ff_policy_add_install(doc, file)) {
        char *copy = xstrdup(pa->policies);
        int m = ff_mkdir_p(dirname(copy), &err);
        free(copy);
        backup = existed ? xasprintf("%s.bak", pa->policies) : NULL;
        if (m != 0 || ff_policy_write(pa->policies, doc, backup, &err) != 0) {
            if (wrote_file)
                unlink(file); /* Firefox never sees one without the other */
            rc = FF_EXIT_PARTIAL;
            goto out;
        }
        policy_result = N_("Install entry added");
        policy_word = "added";
        changed = true;
    } else {
        policy_result = N_("unchanged (already listed)");
    }

    shadow_warnings(pa->policies, &warnings);
    if (b.n > 1)
        warn(&warnings, xasprintf(ngettext("%s: only the CA certificate is installed, not the "
                                           "%zu other certificate of the file",
                                           "%s: only the CA certificate is installed, not the "
                                           "%zu other certificates of the file", b.n - 1),
                                  opts->source, b.n - 1));
    if (opts->json) {
        json_t *root = json_pack(
            "{s:s, s:o, s:{s:s?, s:s?, s:s?, s:s?}, s:s, s:s, s:s, s:s, s:s, s:s?, s:b, s:o}",
            "command", "policy install", "certificate", cert_json(c), "source", "given",
            b.origin, "obtained", b.provenance, "catalog_entry", b.catalog_entry,
            "superseded_by", b.successor, "policies_file", pa->policies, "cert_file", file,
            "entry", file, "file", file_result, "policy", policy_word, "backup", backup,
            "changed", changed, "warnings", strv_json(&warnings));
        print_json(root);
    } else {
        report_change_text(c, file, file_result, pa->policies, policy_result, backup);
        if (changed)
            print_wrapped("", _("installed: Firefox adds the certificate to every profile, "
                                "new ones included, the next time it starts."));
        else
            print_wrapped("", _("unchanged: the policy already installs this certificate; "
                                "nothing was written."));
    }

out:
    if (err) {
        ff_error(_("policy install: %s"), err);
        free(err);
    }
    json_decref(doc);
    free(dir);
    free(file);
    free(backup);
    ff_strv_free(&warnings);
    ff_bundle_free(&b);
    return rc;
}

/* ---- remove ------------------------------------------------------------------ */

/* Where an Install entry points: itself when absolute, else the first folder of
 * Firefox's search list (the --cert-dir first) that holds it. New string, or NULL. */
static char *resolve_entry(const char *entry, const char *cert_dir)
{
    if (entry[0] == '/')
        return xstrdup(entry);
    char *path = ff_path_join(cert_dir, entry);
    if (access(path, F_OK) == 0)
        return path;
    free(path);
    const char *home = getenv("HOME");
    for (size_t i = 0; ff_policy_install_dirs[i]; i++) {
        const char *d = ff_policy_install_dirs[i];
        char *dirp = d[0] == '~' ? xasprintf("%s%s", home ? home : "", d + 1) : xstrdup(d);
        path = ff_path_join(dirp, entry);
        free(dirp);
        if (access(path, F_OK) == 0)
            return path;
        free(path);
    }
    return NULL;
}

static int do_remove(const struct ff_options *opts, const struct policy_args *pa)
{
    int rc = need_root("remove", pa);
    if (rc)
        return rc;
    struct ff_bundle b;
    if ((rc = load_cert(opts, VERB_REMOVE, &b)) != 0)
        return rc;
    const struct ff_cert *c = &b.certs[b.ca];
    struct ff_strv warnings = {0};
    json_t *doc = NULL;
    bool existed = false, changed = false, deleted_policies = false;
    char *err = NULL, *backup = NULL, *ours = NULL;
    const char *policy_result = N_("unchanged (not listed)");
    size_t removed = 0;

    if (ff_policy_load(pa->policies, &doc, &existed, &err) != 0) {
        rc = FF_EXIT_USAGE;
        goto out;
    }
    char *dir = absolute(pa->cert_dir);
    char *names[2] = {ff_policy_cert_filename(c), ff_policy_cert_filename_unique(c)};
    char *first = NULL;
    for (size_t i = 0; i < 2; i++) {
        char *path = ff_path_join(dir, names[i]);
        enum holds h = file_holds(path, c);
        if (h == HOLDS_IT && !ours)
            ours = xstrdup(path);
        /* An entry for a path that holds another certificate is someone else's. */
        if (h != HOLDS_OTHER)
            removed += ff_policy_remove_install(doc, path);
        if (!first)
            first = path;
        else
            free(path);
    }
    free(names[0]);
    free(names[1]);
    free(dir);

    /* Other entries that install the same certificate are not ours: say so. */
    json_t *install = ff_policy_install_list(doc);
    size_t i;
    json_t *v;
    json_array_foreach(install, i, v) {
        char *path = resolve_entry(json_string_value(v), pa->cert_dir);
        if (path && file_holds(path, c) == HOLDS_IT)
            warn(&warnings, xasprintf(_("%s: entry \"%s\" installs the same certificate and "
                                        "is left alone (ffcert did not write it)"),
                                      pa->policies, json_string_value(v)));
        free(path);
    }

    if (removed) {
        backup = xasprintf("%s.bak", pa->policies);
        if (ff_policy_is_empty(doc)) {
            /* An empty policies.json would still hide distribution/policies.json. */
            unsigned char *old = NULL;
            size_t len = 0;
            int w = ff_read_file(pa->policies, FF_POLICY_MAX_BYTES, &old, &len, &err);
            if (w == 0) {
                w = ff_write_atomic(backup, old, len, 0644, &err);
                free(old);
            }
            /* A symlink's target must not keep the entry once the link is gone. */
            struct stat st;
            if (w == 0 && lstat(pa->policies, &st) == 0 && S_ISLNK(st.st_mode))
                w = ff_policy_write(pa->policies, doc, NULL, &err);
            if (w == 0 && unlink(pa->policies) != 0) {
                err = xasprintf(_("cannot remove %s: %s"), pa->policies, strerror(errno));
                w = -1;
            }
            if (w != 0) {
                rc = FF_EXIT_PARTIAL;
                goto out_first;
            }
            deleted_policies = true;
            policy_result = N_("Install entry removed; the file held nothing else and was "
                               "deleted");
        } else {
            if (ff_policy_write(pa->policies, doc, backup, &err) != 0) {
                rc = FF_EXIT_PARTIAL;
                goto out_first;
            }
            policy_result = N_("Install entry removed");
        }
        changed = true;
    } else {
        free(backup);
        backup = NULL;
    }
    const char *file_result = N_("absent");
    if (ours) {
        if (unlink(ours) != 0) {
            err = xasprintf(_("cannot remove %s: %s"), ours, strerror(errno));
            rc = FF_EXIT_PARTIAL;
            goto out_first;
        }
        file_result = N_("removed");
        changed = true;
    }

    if (opts->json) {
        json_t *root = json_pack(
            "{s:s, s:o, s:{s:s?, s:s?, s:s?, s:s?}, s:s, s:s, s:s, s:s, s:s?, s:b, s:o}",
            "command", "policy remove", "certificate", cert_json(c), "source", "given",
            b.origin, "obtained", b.provenance, "catalog_entry", b.catalog_entry,
            "superseded_by", b.successor, "policies_file", pa->policies, "cert_file",
            ours ? ours : first, "file", file_result, "policy",
            deleted_policies ? "deleted" : removed ? "removed" : "unchanged", "backup",
            backup, "changed", changed, "warnings", strv_json(&warnings));
        print_json(root);
    } else {
        report_change_text(c, ours ? ours : first, file_result, pa->policies, policy_result,
                           backup);
        if (changed) {
            char *msg = xasprintf(_("removed: Firefox no longer adds the certificate to "
                                    "profiles. Profiles that already hold it keep it, trusted "
                                    "as before: take it out of them with `ffcert remove %s` "
                                    "(as root: --all-users)."), opts->source);
            print_wrapped("", msg);
            free(msg);
        } else
            print_wrapped("", _("unchanged: the policy does not install this certificate; "
                                "nothing was written."));
    }

out_first:
    free(first);
out:
    if (err) {
        ff_error(_("policy remove: %s"), err);
        free(err);
    }
    json_decref(doc);
    free(ours);
    free(backup);
    ff_strv_free(&warnings);
    ff_bundle_free(&b);
    return rc;
}

/* ---- status ------------------------------------------------------------------ */

static int do_status(const struct ff_options *opts, const struct policy_args *pa)
{
    json_t *doc = NULL;
    bool existed = false;
    char *err = NULL;
    if (ff_policy_load(pa->policies, &doc, &existed, &err) != 0) {
        ff_error(_("policy status: %s"), err);
        free(err);
        return FF_EXIT_USAGE;
    }
    struct ff_strv warnings = {0};
    shadow_warnings(pa->policies, &warnings);
    char *trust_note = xasprintf(_(note_trust), ff_nss_version());

    /* Every other policy, by name (Certificates' other members as Certificates.X). */
    struct ff_strv others = {0};
    const char *key;
    json_t *v;
    json_object_foreach(json_object_get(doc, "policies"), key, v) {
        if (strcmp(key, "Certificates") != 0) {
            ff_strv_push(&others, xstrdup(key));
            continue;
        }
        const char *k2;
        json_t *v2;
        json_object_foreach(v, k2, v2)
            if (strcmp(k2, "Install") != 0)
                ff_strv_push(&others, xasprintf("Certificates.%s", k2));
    }

    int rc = FF_EXIT_OK;
    json_t *entries = json_array();
    json_t *install = ff_policy_install_list(doc);
    if (!opts->json) {
        printf(existed ? _("Policies file: %s\n")
                       : _("Policies file: %s (absent: no certificate is installed by policy)\n"),
               pa->policies);
        if (others.n) {
            printf(_("Other policies:"));
            for (size_t i = 0; i < others.n; i++)
                printf("%s %s", i ? "," : "", others.v[i]);
            putchar('\n');
        }
        printf(ngettext("Certificates.Install: %zu entry\n", "Certificates.Install: %zu entries\n",
                        json_array_size(install)),
               json_array_size(install));
    }
    char *dir = absolute(pa->cert_dir);
    size_t idx;
    json_array_foreach(install, idx, v) {
        const char *entry = json_string_value(v);
        char *path = resolve_entry(entry, pa->cert_dir);
        struct ff_bundle b = {0};
        char *problem = NULL;
        bool firefox_ok = true;
        if (!path) {
            problem = xasprintf(_("not found (a name is looked up in %s and Firefox's "
                                  "certificates folders)"), pa->cert_dir);
        } else if (access(path, F_OK) != 0) {
            problem = xasprintf(_("missing: %s"), strerror(errno));
        } else if (read_cert_file(path, &b, &firefox_ok, &problem) != 0) {
            char *p = xasprintf(_("not a certificate: %s"), problem);
            free(problem);
            problem = p;
        } else if (!firefox_ok) {
            problem = xstrdup(_("Firefox cannot read it: text around the PEM block (Firefox "
                                "reads DER, or PEM with one block and nothing else)"));
        }
        const struct ff_cert *c = b.n ? &b.certs[b.ca] : NULL;
        char *pdir = path ? xstrdup(path) : NULL;
        bool in_cert_dir = path && !strcmp(dirname(pdir), dir);
        free(pdir);
        if (problem)
            rc = FF_EXIT_PARTIAL;
        json_array_append_new(
            entries, json_pack("{s:s, s:s?, s:b, s:o, s:s?, s:b}", "entry", entry, "path", path,
                               "exists", path && access(path, F_OK) == 0, "certificate",
                               c ? cert_json(c) : json_null(), "problem", problem,
                               "in_cert_dir", in_cert_dir));
        if (!opts->json) {
            printf("  %s\n", entry);
            if (path && strcmp(path, entry) != 0)
                printf(_("    found at %s\n"), path);
            if (c) {
                char na[FF_TIME_MAX];
                ff_format_time(c->not_after, FF_TIME_DAY, na);
                char *sha = ff_hex_colon(c->sha256, sizeof c->sha256);
                printf(problem ? _("    problem: %s\n") : _("    ok: %s\n"), c->subject);
                printf(_("    %s (not after %s), %s\n    SHA-256 %s\n"),
                       _(ff_cert_validity_state(c, ff_now())), na,
                       c->is_ca ? _("a CA") : _("not a CA"), sha);
                free(sha);
            }
            if (problem)
                printf("    %s\n", problem);
        }
        if (problem)
            ff_error(_("policy status: %s: %s"), entry, problem);
        free(problem);
        free(path);
        ff_bundle_free(&b);
    }
    free(dir);

    if (opts->json) {
        json_t *root = json_pack("{s:s, s:s, s:b, s:s, s:o, s:o, s:{s:s, s:s}, s:o}", "command",
                                 "policy status", "policies_file", pa->policies,
                                 "policies_file_exists", existed, "cert_dir", pa->cert_dir,
                                 "other_policies", strv_json(&others), "install", entries,
                                 "notes", "trust", trust_note, "remove", note_remove,
                                 "warnings", strv_json(&warnings));
        print_json(root);
    } else {
        json_decref(entries);
        putchar('\n');
        print_wrapped(_("Trust: "), trust_note);
        print_wrapped(_("Removal: "), _(note_remove));
    }
    free(trust_note);
    ff_strv_free(&others);
    ff_strv_free(&warnings);
    json_decref(doc);
    return rc;
}

/* ---- the command ------------------------------------------------------------- */

static const char policy_notes[] =
    N_("Firefox asks for CT,CT, (an anchor for websites and email). Firefox 153 stores\n"
       "it in the PKCS#11 3.2 form, which ffcert status reports and older NSS (Debian\n"
       "12's certutil) shows as \",,\". Profiles that got the certificate keep it after\n"
       "remove: use `ffcert remove SOURCE` for them. A policies.json that is not valid\n"
       "JSON, or whose policies, Certificates or Install has the wrong type, is never\n"
       "overwritten.\n");
static const char policy_exit[] =
    N_("Exit status: 0 done, or nothing to do; 1 a file could not be written, or\n"
       "(status) an Install entry is missing or unreadable; 2 usage error, unusable\n"
       "SOURCE, a policies.json that cannot be merged, or not root with the default\n"
       "paths.\n");

static int run_install(const struct ff_options *opts)
{
    struct policy_args pa = paths_of(opts);
    return do_install(opts, &pa);
}

static int run_status(const struct ff_options *opts)
{
    struct policy_args pa = paths_of(opts);
    return do_status(opts, &pa);
}

static int run_remove(const struct ff_options *opts)
{
    struct policy_args pa = paths_of(opts);
    return do_remove(opts, &pa);
}

static const struct ff_command policy_install = {
    .name = "install",
    .usage = "SOURCE [--policies FILE] [--cert-dir DIR] [--json]",
    .summary = N_("Write the CA certificate of SOURCE as PEM into the certificates folder (file\n"
                  "name from its CN) and add that path to policies.Certificates.Install; every\n"
                  "other policy and entry is kept, the previous file is kept as\n"
                  "policies.json.bak; a second run changes nothing. Expired certificates are\n"
                  "refused unless --allow-expired."),
    .source = true,
    .options = FF_OPTIONS(OPT_SHA256, OPT_OFFLINE, OPT_CATALOG, OPT_CACERT, OPT_TIMEOUT, OPT_YES,
                          OPT_ALLOW_EXPIRED, OPT_POLICIES, OPT_CERT_DIR, OPT_JSON),
    .notes = FF_NOTES(policy_notes),
    .exit_help = policy_exit,
    .run = run_install,
};

static const struct ff_command policy_status = {
    .name = "status",
    .usage = "[--policies FILE] [--cert-dir DIR] [--json]",
    .summary = N_("What policies.json configures, and whether each Install entry is a\n"
                  "certificate file Firefox can read."),
    .options = FF_OPTIONS(OPT_POLICIES, OPT_CERT_DIR, OPT_JSON),
    .notes = FF_NOTES(policy_notes),
    .exit_help = policy_exit,
    .run = run_status,
};

static const struct ff_command policy_remove = {
    .name = "remove",
    .usage = "SOURCE [--policies FILE] [--cert-dir DIR] [--json]",
    .summary = N_("Undo install: the Install entry and the file."),
    .source = true,
    .options = FF_OPTIONS(OPT_SHA256, OPT_OFFLINE, OPT_CATALOG, OPT_CACERT, OPT_TIMEOUT,
                          OPT_POLICIES, OPT_CERT_DIR, OPT_JSON),
    .notes = FF_NOTES(policy_notes),
    .exit_help = policy_exit,
    .run = run_remove,
};

const struct ff_command ff_cmd_policy = {
    .name = "policy",
    .usage = "install|status|remove [SOURCE] [--policies FILE] [--cert-dir DIR] [--json]",
    .summary = N_("Manage Firefox's enterprise policy Certificates.Install, which makes Firefox add\n"
                  "a CA certificate to every profile, new ones included, each time it starts (a\n"
                  "machine-wide alternative to import). Needs root for the default paths."),
    .options = FF_OPTIONS(OPT_JSON),
    .notes = FF_NOTES(policy_notes),
    .exit_help = policy_exit,
    .verbs = (const struct ff_command *const[]){&policy_install, &policy_status, &policy_remove,
                                               NULL},
};
