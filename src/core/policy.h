/* Firefox's enterprise policy Certificates.Install: a policies.json whose
 * policies.Certificates.Install lists certificate files, which Firefox adds to every
 * profile when it starts. This file knows the JSON document (jansson) and the files:
 * the policy as one more store of certificates, with check, install and remove. */
#ifndef FFCERT_POLICY_H
#define FFCERT_POLICY_H

#include <jansson.h>
#include <stdbool.h>
#include <stddef.h>

#include "cert/cert.h"
#include "core/apply.h"
#include "util/util.h"

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
 * it is there already. Every other member and entry is kept, in order. Returns 1 when
 * the document changed, 0 when entry was there already, -1 (the document unchanged)
 * when entry is not UTF-8, which JSON cannot hold. The document must have passed
 * ff_policy_check. */
int ff_policy_add_install(json_t *doc, const char *entry);

/* Removes every Install entry equal to entry; an Install list left empty is removed,
 * and then a Certificates object left empty. Returns the number of entries removed. */
size_t ff_policy_remove_install(json_t *doc, const char *entry);

/* True when the document holds nothing: {} or {"policies": {}}. */
bool ff_policy_is_empty(const json_t *doc);

/* Writes the document (2-space indent, a final newline) to path atomically, with the
 * mode of the file it replaces (0644 for a new one: Firefox runs as users); a path
 * that is a symlink is written through (to its target's folder). When backup is not
 * NULL and path exists, its current bytes are first written (atomically, same mode)
 * to backup. A FIFO, device or folder in either place is refused. Returns 0 or -1
 * with *err. */
int ff_policy_write(const char *path, const json_t *doc, const char *backup, char **err);

/* ---- the store ----------------------------------------------------------------
 * The policy is one more trust store, with the shape of a profile database (and of
 * mkcert's trust stores): check, install, remove. Each returns what it found or did
 * as result words (core/apply.h), one per thing it holds for a certificate: the
 * certificate file in the certificates folder, and its entry in
 * policies.Certificates.Install. Nothing here prints. */

struct ff_policy_store {
    const char *policies; /* policies.json */
    const char *cert_dir; /* the folder of certificate files */
};

/* One thing of the store, and what became of it. */
struct ff_policy_item {
    enum ff_result result; /* check: present, absent; install: imported, unchanged,
                            * would-import; remove: removed, absent, would-remove;
                            * failed (with a reason) */
    char *path;            /* the certificate file; for the entry, policies.json */
    char *reason;          /* why it failed, or NULL */
};

struct ff_policy_outcome {
    struct ff_policy_item file;  /* the certificate file */
    struct ff_policy_item entry; /* its Install entry */
    char *entry_value;           /* the entry (the file's absolute path) */
    char *backup;     /* where the previous policies.json was kept, or NULL */
    bool deleted;     /* remove: policies.json held nothing else and was deleted */
    bool dry_run;     /* nothing was written: results are would-* */
    char *error;      /* the cause when something failed (one line), or NULL */
    struct ff_strv warnings; /* one line each, for stderr and the report */
};

/* What the store holds for the CA of b: file and entry present or absent. Returns 0,
 * or -1 with *err when policies.json cannot be read or is not one Firefox could use
 * (never overwritten: the caller exits 2). */
int ff_policy_store_check(const struct ff_policy_store *s, const struct ff_bundle *b,
                          struct ff_policy_outcome *out, char **err);

/* Puts the CA of b into the store: its PEM file into the certificates folder (named
 * from its subject, ff_policy_cert_filename, or the _unique name when another
 * certificate has that one), then its path into Install. Every other policy and entry
 * is kept; the previous policies.json is kept as policies.json.bak. A second run
 * writes nothing. dry_run: says what would change, writes nothing. Problems writing
 * become failed results (out->error); returns -1 with *err only as check does. */
int ff_policy_store_install(const struct ff_policy_store *s, const struct ff_bundle *b,
                            bool dry_run, struct ff_policy_outcome *out, char **err);

/* Undoes install: the Install entries of the file names install uses (unless they
 * hold another certificate), then the file. A policies.json left with nothing in it is
 * deleted (kept as .bak): an empty one would still hide distribution/policies.json.
 * Other entries installing the same certificate are left alone, with a warning. */
int ff_policy_store_remove(const struct ff_policy_store *s, const struct ff_bundle *b,
                           bool dry_run, struct ff_policy_outcome *out, char **err);

void ff_policy_outcome_free(struct ff_policy_outcome *o);

/* ---- the store in general: every Install entry ----------------------------------- */

struct ff_policy_entry {
    char *entry;             /* as listed */
    char *path;              /* the file it names (found, or absolute), or NULL */
    bool exists;
    bool in_cert_dir;        /* the file is in the certificates folder */
    struct ff_bundle bundle; /* what the file holds; n == 0 when it holds no certificate */
    enum ff_result result;   /* present (Firefox can use it), absent (no file), failed */
    char *problem;           /* why not present, or NULL */
};

struct ff_policy_status {
    bool existed;                /* policies.json exists */
    struct ff_strv others;       /* every other policy: "DisableTelemetry",
                                  * "Certificates.ImportEnterpriseRoots" */
    struct ff_policy_entry *v;   /* the Install entries, in order */
    size_t n;
    struct ff_strv warnings;
};

/* Reads policies.json and every file its Install entries name. Returns 0 (problems
 * of entries are results), or -1 with *err as check does. */
int ff_policy_store_status(const struct ff_policy_store *s, struct ff_policy_status *out,
                           char **err);

void ff_policy_status_free(struct ff_policy_status *st);

#endif
