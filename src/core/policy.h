/* Firefox's enterprise policy Certificates.Install: a policies.json whose
 * policies.Certificates.Install lists certificate files, which Firefox adds to every
 * profile when it starts. This file knows the JSON document (jansson) and the files;
 * the certificates come decoded (cert.h), so nothing here talks to NSS. */
#ifndef FFCERT_POLICY_H
#define FFCERT_POLICY_H

#include <jansson.h>
#include <stdbool.h>
#include <stddef.h>

#include "cert/cert.h"

/* Where Firefox on Linux looks first, and uses alone when it exists (SysConfD
 * /etc/firefox, checked with Debian's firefox-esr 153: /etc/firefox-esr is not read). */
#define FF_POLICY_DEFAULT_FILE "/etc/firefox/policies/policies.json"
/* A folder Firefox searches for Install entries given by name; ffcert writes the
 * absolute path anyway. */
#define FF_POLICY_DEFAULT_CERT_DIR "/usr/lib/mozilla/certificates"
/* Limit when reading policies.json. */
#define FF_POLICY_MAX_BYTES (4 * 1024 * 1024)

/* The folders Firefox searches, in its order, for an Install entry that is a name
 * rather than an absolute path: <install>/distribution/certificates, then
 * ~/.mozilla/certificates, then /usr/lib/mozilla/certificates (lib64 on some systems).
 * NULL-terminated, static. */
extern const char *const ff_policy_install_dirs[];

/* A stable file name for a certificate: its subject CN (else OU, else O) in lower
 * case, each run of characters other than a-z and 0-9 turned into one '-', at most
 * 64 characters, plus ".pem"; "ca-<first 16 hex digits of the SHA-256>.pem" when
 * the subject gives nothing usable. New string. */
char *ff_policy_cert_filename(const struct ff_cert *c);

/* The same name with "-<first 8 hex digits of the SHA-256>" before ".pem": used when
 * the plain name is taken by another certificate. New string. */
char *ff_policy_cert_filename_unique(const struct ff_cert *c);


/* Reads policies.json. A missing file gives a new {"policies": {}} and *existed false.
 * Returns 0, or -1 with *err (malloc'd, one line: "FILE: not valid JSON (line L,
 * column C: why)", or a wrong type, see ff_policy_check). */
int ff_policy_load(const char *path, json_t **doc, bool *existed, char **err);

/* Checks the shape Firefox expects: an object; "policies" an object; its
 * "Certificates" an object; its "Install" an array of strings. Missing members are
 * fine. Returns 0, or -1 with *err (malloc'd, e.g. "\"Install\" is a string,
 * expected an array"). */
int ff_policy_check(const json_t *doc, char **err);

/* policies.Certificates.Install, or NULL when absent. Borrowed. */
json_t *ff_policy_install_list(const json_t *doc);

/* Adds entry to policies.Certificates.Install (creating the objects it needs) unless
 * it is there already. Every other member and entry is kept, in order. Returns true
 * when the document changed. The document must have passed ff_policy_check. */
bool ff_policy_add_install(json_t *doc, const char *entry);

/* Removes every Install entry equal to entry; an Install list left empty is removed,
 * and then a Certificates object left empty. Returns the number of entries removed. */
size_t ff_policy_remove_install(json_t *doc, const char *entry);

/* True when the document holds nothing: {} or {"policies": {}}. */
bool ff_policy_is_empty(const json_t *doc);

/* Writes the document (2-space indent, a final newline) to path atomically with mode
 * 0644; a path that is a symlink is written through (to its target's folder). When
 * backup is not NULL and path exists, its current bytes are first written
 * (atomically, 0644) to backup. Returns 0 or -1 with *err. */
int ff_policy_write(const char *path, const json_t *doc, const char *backup, char **err);



#endif
