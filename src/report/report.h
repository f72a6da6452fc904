/* Text and JSON reports. Text is for people; JSON (jansson) is the stable interface
 * for scripts, documented in doc/json.md. */
#ifndef FFCERT_REPORT_H
#define FFCERT_REPORT_H

#include <jansson.h>
#include <stdio.h>

#include "core/apply.h"
#include "core/catalog.h"
#include "cert/cert.h"
#include "disc/discover.h"
#include "core/rows.h"
#include "util/util.h"

struct ff_report {
    const char *command;        /* "import", "status", "remove" */
    enum ff_action action;
    const struct ff_bundle *bundle;
    const struct ff_trust *requested; /* NULL when no trust applies */
    bool dry_run;
    const struct ff_rowset *rows; /* with the discovery warnings */
    const char *home;           /* to show paths as ~/... (unless rows have users) */
};

void ff_report_action_text(FILE *out, const struct ff_report *r);
void ff_report_action_json(FILE *out, const struct ff_report *r);

/* The certificate (and the rest of its bundle) for `show` and report headers. */
void ff_report_bundle_text(FILE *out, const struct ff_bundle *b, bool all_certs);
void ff_report_bundle_json(FILE *out, const struct ff_bundle *b);

/* One catalogue entry with what its offline copy holds. */
struct ff_catalog_row {
    const struct ff_catalog_entry *entry;
    struct ff_bundle copy;  /* the decoded offline copy; n == 0 if none or unreadable */
    const char *state;      /* valid, expires soon, expired, not yet valid; NULL if unknown */
    bool pin_ok;            /* the offline copy hashes to the entry's pin */
    char *problem;          /* why the offline copy is unusable, or NULL */
    char *successors;       /* what replaced it, in words (ff_catalog_successor_words) */
};

void ff_report_catalog_text(FILE *out, const char *file, const struct ff_catalog_row *rows,
                            size_t n);
void ff_report_catalog_json(FILE *out, const char *file, const struct ff_catalog_row *rows,
                            size_t n);

/* The databases found: rows (target only), grouped by user, with the warnings. */
void ff_report_profiles_text(FILE *out, const struct ff_rowset *rows, const char *home);
void ff_report_profiles_json(FILE *out, const struct ff_rowset *rows);

/* Pieces the other reports share (report/policy.c). */

/* "Certificate NICKNAME" and the CA's fields (subject, issuer, serial, validity,
 * SHA-256, CA), then where it came from: ff_report_bundle_text without the line
 * about the bundle's other certificates. */
void ff_report_cert_header_text(FILE *out, const struct ff_bundle *b);
/* {subject, issuer, serial, not_before, not_after, validity, sha256, is_ca, nickname} */
json_t *ff_report_cert_json(const struct ff_cert *c);
/* The bundle's certificates other than its CA, each as ff_report_cert_json. */
json_t *ff_report_others_json(const struct ff_bundle *b);
/* {given, obtained, catalog_entry, superseded_by} */
json_t *ff_report_source_json(const struct ff_bundle *b);
json_t *ff_report_strv_json(const struct ff_strv *sv);
/* text as a JSON string can hold it (JSON strings are UTF-8): itself, or a copy by
 * ff_utf8_safe kept until the next document is printed. NULL for NULL. Every text
 * from outside (files, folder names, certificates, users) goes through it, or
 * jansson would refuse the document. */
const char *ff_json_text(const char *text);
/* Prints root (2-space indent, a final newline) and releases it. */
void ff_report_print_json(FILE *out, json_t *root);
/* For --json runs that end in exit 2 or 3 before any report: one document, so that
 * whatever reads stdout always gets JSON: {command, exit_status, error, databases: [],
 * changed: false}. Prints nothing if a report was printed. */
void ff_report_error_json(FILE *out, const char *command, int status, const char *error);

#endif
