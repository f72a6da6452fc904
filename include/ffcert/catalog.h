/* The catalogue: CA certificates importable by name, with pins and offline copies.
 * A data file (share/ffcert/catalog.ini, or --catalog FILE) parsed with libinih. */
#ifndef FFCERT_CATALOG_H
#define FFCERT_CATALOG_H

#include <stdbool.h>
#include <stddef.h>

#include "ffcert/util.h"

struct ff_catalog_entry {
    char *name;            /* the section name: nii-g4 */
    char *display_name;    /* NII Open Domain CA - G4 */
    struct ff_strv aliases;
    char *purpose;
    struct ff_strv urls;   /* most preferred first */
    unsigned char sha256[32];
    char *trust;           /* recommended, certutil letters; may be NULL */
    char *superseded_by;   /* an entry name, or NULL */
    char *note;
    char *revoked;         /* why it must no longer be used (e.g. "Mozilla OneCRL, 2023"), or NULL */
    char *offline;         /* absolute path of the shipped copy, or NULL */
};

struct ff_catalog {
    struct ff_catalog_entry *v;
    size_t n;
    char *file;
};

/* Loads and checks a catalogue file. Returns 0, or -1 with *err ("FILE:LINE: what"). */
int ff_catalog_load(const char *file, struct ff_catalog *out, char **err);

/* The entry whose name or alias is `name` (case-insensitive), or NULL. */
const struct ff_catalog_entry *ff_catalog_find(const struct ff_catalog *c, const char *name);

/* The entry pinned to this SHA-256, or NULL: recognises a catalogue certificate that
 * came as a file or URL. */
const struct ff_catalog_entry *ff_catalog_find_pin(const struct ff_catalog *c,
                                                  const unsigned char sha256[32]);

/* Where the installed catalogue is: beside the binary in a build tree
 * (<exe>/../share/ffcert/catalog.ini), else FFCERT_DATADIR. New string. */
char *ff_catalog_default_path(void);

void ff_catalog_free(struct ff_catalog *c);

#endif
