/* Firefox's enterprise policy Certificates.Install: the policies.json document and
 * the certificate files it names. See policy.h. */
#include "core/policy.h"


#include <ctype.h>
#include <limits.h>
#include <errno.h>
#include <fcntl.h>
#include <libgen.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>

#include "core/source.h"
#include "nss/nss.h"
#include "util/i18n.h"
#include "util/util.h"

/* A certificate file is small; anything larger is not one. */
#define CERT_FILE_MAX (1024 * 1024)

const char *const ff_policy_install_dirs[] = {
    "/usr/lib/firefox-esr/distribution/certificates",
    "/usr/lib/firefox/distribution/certificates",
    "~/.mozilla/certificates",
    "/usr/lib/mozilla/certificates",
    "/usr/lib64/mozilla/certificates",
    NULL,
};

/* ---- file names -------------------------------------------------------------- */

static int hex_value(int c)
{
    if (c >= '0' && c <= '9')
        return c - '0';
    c = tolower(c);
    return c >= 'a' && c <= 'f' ? c - 'a' + 10 : -1;
}

/* The first value of attribute `type` in a distinguished name as NSS prints it
 * (CERT_NameToAscii: "CN=x,O=y", values with special characters quoted in "..." or
 * escaped with a backslash, "+" between the parts of a multi-valued RDN). New string
 * or NULL. */
static char *dn_value(const char *dn, const char *type)
{
    size_t tl = strlen(type);
    const char *p = dn;
    while (*p) {
        while (*p == ' ')
            p++;
        const char *eq = strchr(p, '=');
        if (!eq)
            return NULL;
        bool match = (size_t)(eq - p) == tl && !strncasecmp(p, type, tl);
        p = eq + 1;
        char *val = xmalloc(strlen(p) + 1);
        size_t n = 0;
        bool quoted = *p == '"';
        if (quoted)
            p++;
        while (*p) {
            if (*p == '\\' && p[1]) {
                int hi = hex_value((unsigned char)p[1]);
                int lo = hi >= 0 && p[2] ? hex_value((unsigned char)p[2]) : -1;
                if (lo >= 0) {
                    val[n++] = (char)(hi * 16 + lo);
                    p += 3;
                } else {
                    val[n++] = p[1];
                    p += 2;
                }
                continue;
            }
            if (quoted && *p == '"') {
                quoted = false;
                p++;
                continue;
            }
            if (!quoted && (*p == ',' || *p == '+'))
                break;
            val[n++] = *p++;
        }
        val[n] = '\0';
        if (*p)
            p++;
        if (match && n)
            return val;
        free(val);
    }
    return NULL;
}

/* Lower case, runs of anything but a-z0-9 as one '-', trimmed, at most 64 chars. */
static char *slug(const char *s)
{
    char *out = xmalloc(strlen(s) + 1);
    size_t n = 0;
    for (const unsigned char *p = (const unsigned char *)s; *p && n < 64; p++) {
        if (*p < 0x80 && isalnum(*p))
            out[n++] = (char)tolower(*p);
        else if (n && out[n - 1] != '-')
            out[n++] = '-';
    }
    while (n && out[n - 1] == '-')
        n--;
    out[n] = '\0';
    return out;
}

static char *base_name(const struct ff_cert *c)
{
    static const char *const types[] = {"CN", "OU", "O"};
    for (size_t i = 0; i < sizeof types / sizeof types[0]; i++) {
        char *v = dn_value(c->subject ? c->subject : "", types[i]);
        if (!v)
            continue;
        char *s = slug(v);
        free(v);
        if (*s)
            return s;
        free(s);
    }
    char *hex = xmalloc(17);
    for (size_t i = 0; i < 8; i++)
        snprintf(hex + 2 * i, 3, "%02x", c->sha256[i]);
    char *s = xasprintf("ca-%s", hex);
    free(hex);
    return s;
}

char *ff_policy_cert_filename(const struct ff_cert *c)
{
    char *b = base_name(c);
    char *name = xasprintf("%s.pem", b);
    free(b);
    return name;
}

char *ff_policy_cert_filename_unique(const struct ff_cert *c)
{
    char *b = base_name(c);
    char *name = xasprintf("%s-%02x%02x%02x%02x.pem", b, c->sha256[0], c->sha256[1],
                           c->sha256[2], c->sha256[3]);
    free(b);
    return name;
}

/* ---- the document ------------------------------------------------------------ */

static const char *type_name(const json_t *v)
{
    switch (json_typeof(v)) {
    case JSON_OBJECT: return _("an object");
    case JSON_ARRAY: return _("an array");
    case JSON_STRING: return _("a string");
    case JSON_INTEGER:
    case JSON_REAL: return _("a number");
    case JSON_TRUE:
    case JSON_FALSE: return _("a boolean");
    case JSON_NULL: return _("null");
    }
    return _("a value");
}

int ff_policy_check(const json_t *doc, char **err)
{
    if (!json_is_object(doc)) {
        *err = xasprintf(_("the document is %s, expected an object"), type_name(doc));
        return -1;
    }
    const json_t *policies = json_object_get(doc, "policies");
    if (!policies)
        return 0;
    if (!json_is_object(policies)) {
        *err = xasprintf(_("\"policies\" is %s, expected an object"), type_name(policies));
        return -1;
    }
    const json_t *certs = json_object_get(policies, "Certificates");
    if (!certs)
        return 0;
    if (!json_is_object(certs)) {
        *err = xasprintf(_("\"policies.Certificates\" is %s, expected an object"),
                         type_name(certs));
        return -1;
    }
    const json_t *install = json_object_get(certs, "Install");
    if (!install)
        return 0;
    if (!json_is_array(install)) {
        *err = xasprintf(_("\"policies.Certificates.Install\" is %s, expected an array of "
                           "file names"), type_name(install));
        return -1;
    }
    size_t i;
    const json_t *v;
    json_array_foreach(install, i, v) {
        if (!json_is_string(v) || !*json_string_value(v)) {
            *err = xasprintf(_("\"policies.Certificates.Install\"[%zu] is %s, expected a "
                               "file name"), i, json_is_string(v) ? _("empty") : type_name(v));
            return -1;
        }
    }
    return 0;
}

/* What policies.json holds now, read once: the document, and the bytes and mode its
 * backup and its new version keep. */
struct current {
    json_t *doc;
    bool existed;
    unsigned char *bytes;
    size_t len;
    unsigned mode; /* of the existing file; 0644 for a new one (Firefox runs as users) */
};

static void current_free(struct current *cur)
{
    json_decref(cur->doc);
    free(cur->bytes);
    memset(cur, 0, sizeof *cur);
}

/* Every read goes through ff_read_file: a FIFO or a device is refused, never waited
 * on. */
static int load(const char *path, struct current *cur, char **err)
{
    memset(cur, 0, sizeof *cur);
    cur->mode = 0644;
    struct stat st;
    if (stat(path, &st) != 0 && errno == ENOENT) {
        cur->doc = json_pack("{s:{}}", "policies");
        return 0;
    }
    if (ff_read_file(path, FF_POLICY_MAX_BYTES, &cur->bytes, &cur->len, err) != 0)
        return -1;
    cur->existed = true;
    cur->mode = st.st_mode & 0777;
    json_error_t jerr;
    json_t *d = json_loadb((const char *)cur->bytes, cur->len, 0, &jerr);
    if (!d) {
        *err = xasprintf(_("%s: not valid JSON (line %d, column %d: %s)"), path, jerr.line,
                         jerr.column, jerr.text);
        current_free(cur);
        return -1;
    }
    char *why = NULL;
    if (ff_policy_check(d, &why) != 0) {
        *err = xasprintf("%s: %s", path, why);
        free(why);
        json_decref(d);
        current_free(cur);
        return -1;
    }
    cur->doc = d;
    return 0;
}

int ff_policy_load(const char *path, json_t **doc, bool *existed, char **err)
{
    struct current cur;
    *doc = NULL;
    *existed = false;
    if (load(path, &cur, err) != 0)
        return -1;
    *doc = json_incref(cur.doc);
    *existed = cur.existed;
    current_free(&cur);
    return 0;
}

json_t *ff_policy_install_list(const json_t *doc)
{
    return json_object_get(json_object_get(json_object_get(doc, "policies"),
                                           "Certificates"), "Install");
}

/* The object member `key` of obj, created empty when absent. */
static json_t *child_object(json_t *obj, const char *key)
{
    json_t *v = json_object_get(obj, key);
    if (!v) {
        v = json_object();
        json_object_set_new(obj, key, v);
    }
    return v;
}

int ff_policy_add_install(json_t *doc, const char *entry)
{
    json_t *install = ff_policy_install_list(doc);
    size_t i;
    json_t *v;
    json_array_foreach(install, i, v) {
        if (!strcmp(json_string_value(v), entry))
            return 0;
    }
    json_t *str = json_string(entry); /* NULL when entry is not UTF-8 */
    if (!str)
        return -1;
    if (!install) {
        json_t *certs = child_object(child_object(doc, "policies"), "Certificates");
        install = json_array();
        json_object_set_new(certs, "Install", install);
    }
    json_array_append_new(install, str);
    return 1;
}

size_t ff_policy_remove_install(json_t *doc, const char *entry)
{
    json_t *install = ff_policy_install_list(doc);
    size_t removed = 0;
    for (size_t i = 0; install && i < json_array_size(install);) {
        if (!strcmp(json_string_value(json_array_get(install, i)), entry)) {
            json_array_remove(install, i);
            removed++;
        } else {
            i++;
        }
    }
    if (removed && json_array_size(install) == 0) {
        json_t *policies = json_object_get(doc, "policies");
        json_t *certs = json_object_get(policies, "Certificates");
        json_object_del(certs, "Install");
        if (json_object_size(certs) == 0)
            json_object_del(policies, "Certificates");
    }
    return removed;
}

bool ff_policy_is_empty(const json_t *doc)
{
    if (json_object_size(doc) == 0)
        return true;
    const json_t *policies = json_object_get(doc, "policies");
    return json_object_size(doc) == 1 && policies && json_object_size(policies) == 0;
}

/* ---- writing ----------------------------------------------------------------- */

/* Why path cannot be replaced by a file, or NULL: something there that is neither a
 * file nor a symlink (a FIFO, a device, a folder). New string. */
static char *write_problem(const char *path)
{
    struct stat st;
    if (lstat(path, &st) != 0 || S_ISREG(st.st_mode) || S_ISLNK(st.st_mode))
        return NULL;
    return xasprintf(_("cannot write %s: %s"), path,
                     S_ISDIR(st.st_mode) ? strerror(EISDIR) : _("not a regular file"));
}

static int write_file(const char *path, const void *data, size_t len, unsigned mode, char **err)
{
    if ((*err = write_problem(path)) != NULL)
        return -1;
    return ff_write_atomic(path, data, len, mode, err);
}

/* The document into path (through a symlink: the link stays), with cur's mode; cur's
 * bytes to backup first when it is not NULL and the file existed. */
static int write_doc(const char *path, const json_t *doc, const struct current *cur,
                     const char *backup, char **err)
{
    if (backup && cur->existed && write_file(backup, cur->bytes, cur->len, cur->mode, err) != 0)
        return -1;
    char *text = json_dumps(doc, JSON_INDENT(2));
    if (!text) {
        *err = xasprintf(_("cannot write %s: JSON encoding failed"), path);
        return -1;
    }
    char *with_newline = xasprintf("%s\n", text);
    free(text);
    /* A policies.json that is a symlink (configuration management) is written
     * through, so the link stays. */
    char *target = realpath(path, NULL);
    int rc = write_file(target ? target : path, with_newline, strlen(with_newline), cur->mode,
                        err);
    free(target);
    free(with_newline);
    return rc;
}

int ff_policy_write(const char *path, const json_t *doc, const char *backup, char **err)
{
    struct current cur = {.mode = 0644};
    struct stat st;
    if (stat(path, &st) == 0) {
        cur.mode = st.st_mode & 0777;
        cur.existed = true;
        if (backup && ff_read_file(path, FF_POLICY_MAX_BYTES, &cur.bytes, &cur.len, err) != 0)
            return -1;
    }
    int rc = write_doc(path, doc, &cur, backup, err);
    free(cur.bytes);
    return rc;
}

/* ---- the certificate files ---------------------------------------------------- */

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

/* Does path hold exactly this certificate? A symlink, FIFO or anything but a file
 * holds "another" one: install never writes there. */
enum holds { HOLDS_NOTHING, HOLDS_IT, HOLDS_OTHER };
static enum holds file_holds(const char *path, const struct ff_cert *c)
{
    struct stat st;
    if (lstat(path, &st) != 0)
        return HOLDS_NOTHING;
    enum holds h = HOLDS_OTHER;
    struct ff_bundle b;
    char *err = NULL;
    if (S_ISREG(st.st_mode) && ff_read_cert_file(path, &b, &err) == 0) {
        if (b.n == 1 && !memcmp(b.certs[0].sha256, c->sha256, 32))
            h = HOLDS_IT;
        ff_bundle_free(&b);
    }
    free(err);
    return h;
}

/* The two places install may use for a certificate, and what each holds. */
struct slots {
    char *dir; /* the certificates folder, absolute */
    char *path[2];
    enum holds holds[2];
};

static void find_slots(const char *cert_dir, const struct ff_cert *c, struct slots *sl)
{
    sl->dir = absolute(cert_dir);
    char *names[2] = {ff_policy_cert_filename(c), ff_policy_cert_filename_unique(c)};
    for (size_t i = 0; i < 2; i++) {
        sl->path[i] = ff_path_join(sl->dir, names[i]);
        sl->holds[i] = file_holds(sl->path[i], c);
        free(names[i]);
    }
}

static void slots_free(struct slots *sl)
{
    free(sl->dir);
    free(sl->path[0]);
    free(sl->path[1]);
}

/* The first slot holding h, or -1. */
static int slot_holding(const struct slots *sl, enum holds h)
{
    return sl->holds[0] == h ? 0 : sl->holds[1] == h ? 1 : -1;
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

/* Where an Install entry points: itself when absolute, else the first folder of
 * Firefox's search list (the certificates folder first) that holds it. New string, or
 * NULL. */
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

/* policies.json files Firefox would no longer read because this one exists. */
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
            ff_strv_push(warnings, xasprintf(_("Firefox ignores %s while %s exists: merge its "
                                               "policies into it"), distribution[i], policies));
    if (access("/etc/firefox-esr/policies/policies.json", F_OK) == 0)
        ff_strv_push(warnings,
                     xstrdup(_("/etc/firefox-esr/policies/policies.json is not read by "
                               "firefox-esr (it reads /etc/firefox/policies/policies.json)")));
}

/* ---- the store: check, install, remove ------------------------------------------ */

static void set_item(struct ff_policy_item *it, enum ff_result r, char *reason)
{
    free(it->reason);
    it->result = r;
    it->reason = reason;
}

/* Is an entry for one of the slots listed (one that does not hold another
 * certificate)? */
static bool slot_listed(const json_t *doc, const struct slots *sl)
{
    size_t i;
    const json_t *v;
    json_array_foreach(ff_policy_install_list(doc), i, v) {
        for (int k = 0; k < 2; k++)
            if (sl->holds[k] != HOLDS_OTHER && !strcmp(json_string_value(v), sl->path[k]))
                return true;
    }
    return false;
}

/* The store as it is, for the CA of b: loads policies.json into *cur and finds the
 * slots. The file's path is the slot holding the certificate, else the one install
 * would use (NULL when both hold others). */
static int look(const struct ff_policy_store *s, const struct ff_bundle *b, bool dry_run,
                struct current *cur, struct slots *sl, struct ff_policy_outcome *out, char **err)
{
    memset(out, 0, sizeof *out);
    out->dry_run = dry_run;
    if (load(s->policies, cur, err) != 0)
        return -1;
    find_slots(s->cert_dir, &b->certs[b->ca], sl);
    int k = slot_holding(sl, HOLDS_IT);
    if (k < 0)
        k = slot_holding(sl, HOLDS_NOTHING);
    out->file.path = k >= 0 ? xstrdup(sl->path[k]) : NULL;
    out->file.result = slot_holding(sl, HOLDS_IT) >= 0 ? FF_RESULT_PRESENT : FF_RESULT_ABSENT;
    out->entry.path = xstrdup(s->policies);
    out->entry.result = slot_listed(cur->doc, sl) ? FF_RESULT_PRESENT : FF_RESULT_ABSENT;
    out->entry_value = out->file.path ? xstrdup(out->file.path) : NULL;
    return 0;
}

int ff_policy_store_check(const struct ff_policy_store *s, const struct ff_bundle *b,
                          struct ff_policy_outcome *out, char **err)
{
    struct current cur;
    struct slots sl;
    if (look(s, b, true, &cur, &sl, out, err) != 0)
        return -1;
    current_free(&cur);
    slots_free(&sl);
    return 0;
}

/* Why a folder cannot be made or used, or NULL: something else has its name. */
static char *folder_problem(const char *dir)
{
    struct stat st;
    if (stat(dir, &st) == 0 && !S_ISDIR(st.st_mode))
        return xasprintf(_("%s: not a folder"), dir);
    return NULL;
}

/* Why policies.json (and its backup, when not NULL) cannot be written, or NULL: its
 * folder is something else, or the backup's place holds a FIFO, device or folder. */
static char *policies_problem(const char *policies, const char *backup)
{
    char *copy = xstrdup(policies);
    char *problem = folder_problem(dirname(copy));
    free(copy);
    if (!problem && backup)
        problem = write_problem(backup);
    return problem;
}

/* Writes the certificate file of install. Returns 0 or -1 with *err. */
static int write_cert_file(const char *dir, const char *path, const struct ff_cert *c, char **err)
{
    if (ff_mkdir_p(dir, err) != 0)
        return -1;
    char *pem = ff_nss_pem(c->der, c->der_len);
    int rc = write_file(path, pem, strlen(pem), 0644, err);
    free(pem);
    return rc;
}

/* Writes the document of install or remove, keeping the previous file as backup.
 * Returns 0 or -1 with *err. */
static int write_policies(const char *policies, const json_t *doc, const struct current *cur,
                          const char *backup, char **err)
{
    char *copy = xstrdup(policies);
    int rc = ff_mkdir_p(dirname(copy), err);
    free(copy);
    return rc == 0 ? write_doc(policies, doc, cur, backup, err) : -1;
}

/* The writes of install, once look and the checks found nothing in the way. */
static void install_write(const struct ff_policy_store *s, const struct ff_cert *c,
                          const struct current *cur, const struct slots *sl, bool write_it,
                          bool add, struct ff_policy_outcome *out)
{
    char *why = NULL;
    if (write_it && write_cert_file(sl->dir, out->file.path, c, &why) != 0) {
        set_item(&out->file, FF_RESULT_FAILED, why);
        set_item(&out->entry, FF_RESULT_SKIPPED,
                 xstrdup(_("not written: the certificate file could not be written")));
        return;
    }
    set_item(&out->file, write_it ? FF_RESULT_IMPORTED : FF_RESULT_UNCHANGED, NULL);
    if (!add) {
        set_item(&out->entry, FF_RESULT_UNCHANGED, NULL);
        return;
    }
    if (write_policies(s->policies, cur->doc, cur, out->backup, &why) != 0) {
        set_item(&out->entry, FF_RESULT_FAILED, why);
        if (write_it) {
            unlink(out->file.path); /* Firefox never sees one without the other */
            set_item(&out->file, FF_RESULT_SKIPPED,
                     xstrdup(_("removed again: policies.json could not be written")));
        }
        return;
    }
    set_item(&out->entry, FF_RESULT_IMPORTED, NULL);
}

int ff_policy_store_install(const struct ff_policy_store *s, const struct ff_bundle *b,
                            bool dry_run, struct ff_policy_outcome *out, char **err)
{
    const struct ff_cert *c = &b->certs[b->ca];
    struct current cur;
    struct slots sl;
    if (look(s, b, dry_run, &cur, &sl, out, err) != 0)
        return -1;
    shadow_warnings(s->policies, &out->warnings);
    if (b->n > 1)
        ff_strv_push(&out->warnings,
                     xasprintf(ngettext("%s: only the CA certificate is installed, not the %zu "
                                        "other certificate of the file",
                                        "%s: only the CA certificate is installed, not the %zu "
                                        "other certificates of the file", b->n - 1),
                               b->origin ? b->origin : "SOURCE", b->n - 1));
    bool write_it = out->file.result == FF_RESULT_ABSENT;
    int added = out->file.path ? ff_policy_add_install(cur.doc, out->file.path) : 0;
    bool add = added != 0;
    out->backup = add && cur.existed ? xasprintf("%s.bak", s->policies) : NULL;
    char *problem = folder_problem(sl.dir);
    if (!problem && !out->file.path)
        problem = xasprintf(_("%s: both file names for this certificate hold other files"),
                            sl.dir);
    if (!problem && added < 0)
        problem = xasprintf(_("%s: the path is not UTF-8, and policies.json (JSON) can only "
                              "name UTF-8 paths: choose another --cert-dir"), out->file.path);
    if (problem) {
        set_item(&out->file, FF_RESULT_FAILED, problem);
        set_item(&out->entry, add ? FF_RESULT_SKIPPED : FF_RESULT_UNCHANGED,
                 add ? xstrdup(_("not written: the certificate file could not be written"))
                     : NULL);
    } else if ((problem = policies_problem(s->policies, add ? out->backup : NULL)) != NULL) {
        set_item(&out->entry, FF_RESULT_FAILED, problem);
        set_item(&out->file, write_it ? FF_RESULT_SKIPPED : FF_RESULT_UNCHANGED,
                 write_it ? xstrdup(_("not written: policies.json cannot be updated")) : NULL);
    } else if (dry_run) {
        out->file.result = write_it ? FF_RESULT_WOULD_IMPORT : FF_RESULT_UNCHANGED;
        out->entry.result = add ? FF_RESULT_WOULD_IMPORT : FF_RESULT_UNCHANGED;
    } else {
        install_write(s, c, &cur, &sl, write_it, add, out);
    }
    current_free(&cur);
    slots_free(&sl);
    return 0;
}

/* Entries other than ffcert's that install the same certificate: left alone, said. */
static void foreign_entries(const struct ff_policy_store *s, const json_t *doc,
                            const struct ff_cert *c, struct ff_strv *warnings)
{
    size_t i;
    const json_t *v;
    json_array_foreach(ff_policy_install_list(doc), i, v) {
        char *path = resolve_entry(json_string_value(v), s->cert_dir);
        if (path && file_holds(path, c) == HOLDS_IT)
            ff_strv_push(warnings, xasprintf(_("%s: entry \"%s\" installs the same certificate "
                                               "and is left alone (ffcert did not write it)"),
                                             s->policies, json_string_value(v)));
        free(path);
    }
}

/* Writes policies.json without the entries: deleted when nothing is left in it (an
 * empty one would still hide distribution/policies.json), through a symlink first so
 * that its target does not keep them. Returns 0 or -1 with *err. */
static int remove_write(const struct ff_policy_store *s, const struct current *cur,
                        const char *backup, bool empty, char **err)
{
    if (!empty)
        return write_doc(s->policies, cur->doc, cur, backup, err);
    if (write_file(backup, cur->bytes, cur->len, cur->mode, err) != 0)
        return -1;
    struct stat st;
    if (lstat(s->policies, &st) == 0 && S_ISLNK(st.st_mode) &&
        write_doc(s->policies, cur->doc, cur, NULL, err) != 0)
        return -1;
    if (unlink(s->policies) != 0) {
        *err = xasprintf(_("cannot remove %s: %s"), s->policies, strerror(errno));
        return -1;
    }
    return 0;
}

int ff_policy_store_remove(const struct ff_policy_store *s, const struct ff_bundle *b,
                           bool dry_run, struct ff_policy_outcome *out, char **err)
{
    const struct ff_cert *c = &b->certs[b->ca];
    struct current cur;
    struct slots sl;
    if (look(s, b, dry_run, &cur, &sl, out, err) != 0)
        return -1;
    size_t removed = 0;
    for (int k = 0; k < 2; k++)
        if (sl.holds[k] != HOLDS_OTHER) /* an entry for another certificate's file stays */
            removed += ff_policy_remove_install(cur.doc, sl.path[k]);
    foreign_entries(s, cur.doc, c, &out->warnings);
    if (!out->file.path) {
        out->file.path = xstrdup(sl.path[0]);
        out->entry_value = xstrdup(sl.path[0]);
    }
    bool ours = out->file.result == FF_RESULT_PRESENT;
    out->backup = removed ? xasprintf("%s.bak", s->policies) : NULL;
    out->deleted = removed && ff_policy_is_empty(cur.doc);
    char *why = out->backup ? write_problem(out->backup) : NULL;
    if (!why && removed && !dry_run)
        remove_write(s, &cur, out->backup, out->deleted, &why); /* sets why when it fails */
    if (why) {
        out->deleted = false;
        set_item(&out->entry, FF_RESULT_FAILED, why);
        if (ours)
            set_item(&out->file, FF_RESULT_SKIPPED,
                     xstrdup(_("not removed: the Install entry could not be removed")));
        goto done;
    }
    out->entry.result = !removed ? FF_RESULT_ABSENT
                        : dry_run ? FF_RESULT_WOULD_REMOVE : FF_RESULT_REMOVED;
    if (!ours) {
        out->file.result = FF_RESULT_ABSENT;
    } else if (dry_run) {
        out->file.result = FF_RESULT_WOULD_REMOVE;
    } else if (unlink(out->file.path) != 0) {
        set_item(&out->file, FF_RESULT_FAILED,
                 xasprintf(_("cannot remove %s: %s"), out->file.path, strerror(errno)));
    } else {
        out->file.result = FF_RESULT_REMOVED;
    }
done:
    current_free(&cur);
    slots_free(&sl);
    return 0;
}

void ff_policy_outcome_free(struct ff_policy_outcome *o)
{
    free(o->file.path);
    free(o->file.reason);
    free(o->entry.path);
    free(o->entry.reason);
    free(o->entry_value);
    free(o->backup);
    ff_strv_free(&o->warnings);
    memset(o, 0, sizeof *o);
}

/* ---- the store in general ----------------------------------------------------- */

/* Every other policy, by name (Certificates' other members as Certificates.X). */
static void other_policies(const json_t *doc, struct ff_strv *others)
{
    const char *key;
    json_t *v;
    json_object_foreach(json_object_get(doc, "policies"), key, v) {
        if (strcmp(key, "Certificates") != 0) {
            ff_strv_push(others, xstrdup(key));
            continue;
        }
        const char *k2;
        json_t *v2;
        json_object_foreach(v, k2, v2)
            if (strcmp(k2, "Install") != 0)
                ff_strv_push(others, xasprintf("Certificates.%s", k2));
    }
}

/* What the file of an entry holds, as Firefox would read it. */
static void read_entry_file(struct ff_policy_entry *e)
{
    unsigned char *data = NULL;
    size_t len = 0;
    char *why = NULL;
    e->result = FF_RESULT_FAILED;
    if (ff_read_file(e->path, CERT_FILE_MAX, &data, &len, &why) != 0 ||
        ff_nss_decode(data, len, &e->bundle, &why) != 0) {
        e->problem = xasprintf(_("not a certificate: %s"), why);
        memset(&e->bundle, 0, sizeof e->bundle);
    } else if (!firefox_can_read(data, len)) {
        e->problem = xstrdup(_("Firefox cannot read it: text around the PEM block (Firefox "
                               "reads DER, or PEM with one block and nothing else)"));
    } else {
        e->result = FF_RESULT_PRESENT;
    }
    free(why);
    free(data);
}

static void look_entry(const char *entry, const struct ff_policy_store *s, const char *dir,
                       struct ff_policy_entry *e)
{
    memset(e, 0, sizeof *e);
    e->entry = xstrdup(entry);
    e->path = resolve_entry(entry, s->cert_dir);
    e->exists = e->path && access(e->path, F_OK) == 0;
    int missing = errno;
    e->result = FF_RESULT_ABSENT;
    if (!e->path) {
        e->problem = xasprintf(_("not found (a name is looked up in %s and Firefox's "
                                 "certificates folders)"), s->cert_dir);
        return;
    }
    char *copy = xstrdup(e->path);
    e->in_cert_dir = !strcmp(dirname(copy), dir);
    free(copy);
    if (!e->exists)
        e->problem = xasprintf(_("missing: %s"), strerror(missing));
    else
        read_entry_file(e);
}

int ff_policy_store_status(const struct ff_policy_store *s, struct ff_policy_status *out,
                           char **err)
{
    memset(out, 0, sizeof *out);
    struct current cur;
    if (load(s->policies, &cur, err) != 0)
        return -1;
    out->existed = cur.existed;
    other_policies(cur.doc, &out->others);
    shadow_warnings(s->policies, &out->warnings);
    const json_t *install = ff_policy_install_list(cur.doc);
    out->n = json_array_size(install);
    out->v = out->n ? xcalloc(out->n, sizeof *out->v) : NULL;
    char *dir = absolute(s->cert_dir);
    for (size_t i = 0; i < out->n; i++)
        look_entry(json_string_value(json_array_get(install, i)), s, dir, &out->v[i]);
    free(dir);
    current_free(&cur);
    return 0;
}

void ff_policy_status_free(struct ff_policy_status *st)
{
    for (size_t i = 0; i < st->n; i++) {
        free(st->v[i].entry);
        free(st->v[i].path);
        free(st->v[i].problem);
        ff_bundle_free(&st->v[i].bundle);
    }
    free(st->v);
    ff_strv_free(&st->others);
    ff_strv_free(&st->warnings);
    memset(st, 0, sizeof *st);
}
