/* profiles.ini / installs.ini as Firefox reads them (nsToolkitProfileService). Knows
 * nothing about NSS or about where the files live. */
#ifndef FFCERT_PROFILES_INI_H
#define FFCERT_PROFILES_INI_H

#include <stdbool.h>
#include <stddef.h>

/* More [ProfileN] sections than this are ignored with a warning: a hostile or broken
 * file must not make us walk thousands of folders. */
#define FF_PROFILES_INI_MAX_PROFILES 1000

struct ff_ini_profile {
    char *name;       /* Name= (may be NULL if missing: Firefox skips such profiles) */
    char *path;       /* Path= as written */
    bool is_relative; /* IsRelative=1 */
    bool is_default;  /* Default=1, or named by an [Install...] section / installs.ini */
};

struct ff_profiles_ini {
    struct ff_ini_profile *profiles;
    size_t n;
    /* Problems worth a warning, each "LINE: what" or "what" (e.g. "3: malformed line",
     * "[Profile7] ignored: Firefox stops at the first missing [Profile5]"). */
    char **warnings;
    size_t n_warnings;
};

/* Parses the text of profiles.ini. Firefox reads [Profile0], [Profile1], ... in order
 * and stops at the first one without IsRelative; a profile without Path= or Name= is
 * skipped. [Install<HASH>] Default=<Path> marks that profile as a default.
 * Returns 0 (with warnings possibly set) or -1 if nothing usable could be read. */
int ff_profiles_ini_parse(const char *text, struct ff_profiles_ini *out);

/* Reads installs.ini text and marks as default every profile whose Path equals an
 * [<HASH>] Default= value. Its problems are appended to ini->warnings (same form). */
void ff_profiles_ini_apply_installs(struct ff_profiles_ini *ini, const char *installs_text);

void ff_profiles_ini_free(struct ff_profiles_ini *ini);

#endif
