/* SOURCE: what a user names as the certificate to work with (a file, a URL, a
 * catalogue name), turned into a decoded bundle once per run, its pin checked before
 * any database is touched. Core code: it neither prints nor asks; the command line
 * provides both (struct ff_source_ui). */
#ifndef FFCERT_SOURCE_H
#define FFCERT_SOURCE_H

#include <stdbool.h>

#include "cert/cert.h"
#include "core/catalog.h"

/* How SOURCE is fetched and checked. */
struct ff_source_opts {
    const char *catalog;  /* --catalog FILE, or NULL for the installed one */
    bool offline;         /* --offline: catalogue entries use their shipped copy */
    const char *sha256;   /* --sha256 FP: the pin for a file or URL */
    const char *cacert;   /* --cacert FILE for https */
    long timeout;         /* --timeout SECONDS */
    bool yes;             /* --yes: accept an unpinned https download without asking */
    bool allow_expired;   /* --allow-expired */
    bool confirm;         /* the command writes: ask before using an unpinned URL */
};

/* What loading a source may need from the person running it. */
struct ff_source_ui {
    /* A problem that did not stop the load (every download failed: the shipped copy
     * is used). One line, without a prefix. */
    void (*warn)(const char *message, void *ctx);
    /* An https download with no pin to check it against, for a command that writes:
     * true to use it. NULL: refused. */
    bool (*confirm)(const char *url, const struct ff_bundle *b, void *ctx);
    void *ctx;
};

/* Loads and decodes SOURCE: a file, a URL, or a catalogue name, checked against its
 * pin. Returns 0, or -1 with *err (one line naming the source and the cause). */
int ff_load_source(const char *source, const struct ff_source_opts *o,
                   const struct ff_source_ui *ui, struct ff_bundle *out, char **err);

/* Reads and decodes a certificate file (no pin, no network). Returns 0, or -1 /
 * FF_ERR_FATAL with *err ("FILE: cause"). */
int ff_read_cert_file(const char *path, struct ff_bundle *out, char **err);

/* Refuses a certificate outside its validity unless --allow-expired, naming the date
 * and what replaced it. Returns 0, or -1 with *err. */
int ff_check_validity(const struct ff_bundle *b, const struct ff_source_opts *o, char **err);

/* Loads the catalogue named by o (or the installed one). Returns 0 or -1 with *err. */
int ff_load_catalog(const struct ff_source_opts *o, struct ff_catalog *out, char **err);

#endif
