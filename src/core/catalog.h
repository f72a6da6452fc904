/* The catalogue: CA certificates importable by name, with pins and offline copies, what
 * each issues and what replaced it for each kind of certificate. A data file
 * (share/ffcert/catalog.ini, or --catalog FILE) parsed by util/ini.c. */
#ifndef FFCERT_CATALOG_H
#define FFCERT_CATALOG_H

#include <stdbool.h>
#include <stddef.h>
#include <time.h>

#include "cert/cert.h"
#include "util/util.h"

/* The certificates an entry issued for one purpose, when known. */
struct ff_catalog_period {
    unsigned purpose;
    time_t from, until; /* days (00:00 UTC); 0 when open */
};

/* What replaced an entry for one purpose: another entry's name. */
struct ff_catalog_successor {
    unsigned purpose;
    char *name;
};

struct ff_catalog_entry {
    char *name;            /* the section name: nii-g4 */
    char *display_name;    /* NII Open Domain CA - G4 */
    struct ff_strv aliases;
    unsigned purposes;     /* FF_PURPOSE_* */
    struct ff_catalog_period *issued;
    size_t n_issued;
    struct ff_catalog_successor *successors;
    size_t n_successors;
    bool shipped;          /* false: known by name only (no pin, no copy): see where */
    char *where;           /* for an entry not shipped: how to get it */
    char *subject;         /* optional: its subject as ffcert prints names, so that doctor
                              recognises it as a user certificate's issuer */
    unsigned char key_id[64]; /* optional: its subject key identifier, likewise */
    size_t key_id_len;
    unsigned builtin_since; /* a root built into Firefox and Thunderbird from this major
                               version on; 0 when not built in */
    struct ff_strv urls;   /* most preferred first */
    unsigned char sha256[32];
    char *trust;           /* recommended, certutil letters; may be NULL */
    char *note;
    char *revoked;         /* why it must no longer be used (e.g. "Mozilla OneCRL, 2023"), or NULL */
    char *offline;         /* absolute path of the shipped copy, or NULL */
};

struct ff_catalog {
    struct ff_catalog_entry *v;
    size_t n;
    char *file;
};

/* Loads and checks a catalogue file: every successor exists and has the purpose it
 * replaces, so that no successor chain crosses purposes. Returns 0, or -1 with *err
 * ("FILE:LINE: what"). */
int ff_catalog_load(const char *file, struct ff_catalog *out, char **err);
/* As ff_catalog_load, on text already read (need not end with a NUL): file names it
 * in messages, and its folder is where relative offline paths start. */
int ff_catalog_parse(const char *file, const char *data, size_t len, struct ff_catalog *out,
                     char **err);

/* The entry whose name or alias is `name` (case-insensitive), or NULL. */
const struct ff_catalog_entry *ff_catalog_find(const struct ff_catalog *c, const char *name);

/* The shipped entry pinned to this SHA-256, or NULL: recognises a catalogue
 * certificate that came as a file or URL. */
const struct ff_catalog_entry *ff_catalog_find_pin(const struct ff_catalog *c,
                                                  const unsigned char sha256[32]);

/* The entry that names this CA as its subject or subject key identifier (key_id, hex
 * with colons, may be NULL), or NULL. */
const struct ff_catalog_entry *ff_catalog_find_issuer(const struct ff_catalog *c,
                                                     const char *subject, const char *key_id);

/* The entry that replaced e for one purpose, or NULL. */
const struct ff_catalog_entry *ff_catalog_successor(const struct ff_catalog *c,
                                                   const struct ff_catalog_entry *e,
                                                   unsigned purpose);

/* What replaced e, in words, for each purpose it has a successor for, following each
 * chain to its end: e.g. "for client certificates: secom-pfm-pub-ca8 (SECOM Passport
 * for Member PUB CA8, issued 2020-12-25 to 2023-12-13), then ..."; an entry not
 * shipped says where to get it. Only `purposes` (FF_PURPOSE_*; 0: all). New string,
 * or NULL when there is none. */
char *ff_catalog_successor_words(const struct ff_catalog *c, const struct ff_catalog_entry *e,
                                 unsigned purposes);

/* Where the installed catalogue is: beside the binary in a build tree
 * (<exe>/../share/ffcert/catalog.ini), else FFCERT_DATADIR. New string. */
char *ff_catalog_default_path(void);

void ff_catalog_free(struct ff_catalog *c);

#endif
