/* Firefox's enterprise policy Certificates.Install: the policies.json document and
 * the certificate files it names. See policy.h. */
#include "core/policy.h"


#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <libgen.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>

#include "util/i18n.h"
#include "util/util.h"

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

/* ---- PEM --------------------------------------------------------------------- */

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

int ff_policy_load(const char *path, json_t **doc, bool *existed, char **err)
{
    *doc = NULL;
    *existed = false;
    struct stat st;
    if (stat(path, &st) != 0 && errno == ENOENT) {
        *doc = json_pack("{s:{}}", "policies");
        return 0;
    }
    unsigned char *data = NULL;
    size_t len = 0;
    if (ff_read_file(path, FF_POLICY_MAX_BYTES, &data, &len, err) != 0)
        return -1;
    *existed = true;
    json_error_t jerr;
    json_t *d = json_loadb((const char *)data, len, 0, &jerr);
    free(data);
    if (!d) {
        *err = xasprintf(_("%s: not valid JSON (line %d, column %d: %s)"), path, jerr.line,
                         jerr.column, jerr.text);
        return -1;
    }
    char *why = NULL;
    if (ff_policy_check(d, &why) != 0) {
        *err = xasprintf("%s: %s", path, why);
        free(why);
        json_decref(d);
        return -1;
    }
    *doc = d;
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

bool ff_policy_add_install(json_t *doc, const char *entry)
{
    json_t *install = ff_policy_install_list(doc);
    size_t i;
    json_t *v;
    json_array_foreach(install, i, v) {
        if (!strcmp(json_string_value(v), entry))
            return false;
    }
    if (!install) {
        json_t *certs = child_object(child_object(doc, "policies"), "Certificates");
        install = json_array();
        json_object_set_new(certs, "Install", install);
    }
    json_array_append_new(install, json_string(entry));
    return true;
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

int ff_policy_write(const char *path, const json_t *doc, const char *backup, char **err)
{
    if (backup) {
        unsigned char *old = NULL;
        size_t len = 0;
        struct stat st;
        if (stat(path, &st) == 0) {
            if (ff_read_file(path, FF_POLICY_MAX_BYTES, &old, &len, err) != 0)
                return -1;
            int rc = ff_write_atomic(backup, old, len, 0644, err);
            free(old);
            if (rc != 0)
                return -1;
        }
    }
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
    int rc = ff_write_atomic(target ? target : path, with_newline, strlen(with_newline), 0644,
                             err);
    free(target);
    free(with_newline);
    return rc;
}
