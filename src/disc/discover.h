/* Finding certificate databases: Firefox (plain, snap, flatpak, XDG), Thunderbird,
 * LibreWolf, Chromium's user NSS DB. Knows nothing about NSS: it only looks at files. */
#ifndef FFCERT_DISCOVER_H
#define FFCERT_DISCOVER_H

#include <stdbool.h>
#include <stddef.h>
#include <sys/types.h>

enum ff_db_format {
    FF_DB_SQL,     /* cert9.db: what Firefox uses */
    FF_DB_LEGACY,  /* cert8.db only: today's Firefox no longer reads it */
    FF_DB_NONE,    /* a folder with no database yet */
    FF_DB_INVALID, /* not a usable folder at all (see problem) */
};

struct ff_target {
    char *path;          /* absolute folder holding (or meant to hold) cert9.db */
    char *app;           /* firefox, firefox-snap, firefox-flatpak, thunderbird,
                            thunderbird-snap, thunderbird-flatpak, librewolf,
                            chromium, or "nssdb" for --profile */
    char *profile_name;  /* Name= from profiles.ini; NULL when there is none */
    char *ini_file;      /* the profiles.ini it came from; NULL otherwise */
    bool is_default;
    enum ff_db_format format;
    bool in_use;         /* a running program holds the fcntl lock on .parentlock */
    uid_t owner_uid;
    char *owner;         /* user name (or the number as text); NULL (and owner_uid
                            (uid_t)-1) when the folder does not exist */
    char *problem;       /* why the folder is unusable (FF_DB_INVALID), else NULL */
    char *app_version;   /* the version of the program that last used it
                            (compatibility.ini), e.g. "153.8.0", or NULL */
};

struct ff_target_list {
    struct ff_target *v;
    size_t n, cap;
};

/* Called for each problem found while discovering, one line, e.g.
 * "/home/u/.mozilla/firefox/profiles.ini:3: malformed line". */
typedef void (*ff_warn_fn)(const char *message, void *ctx);

/* Every database of the user whose home is `home`. xdg_config_home is
 * $XDG_CONFIG_HOME or NULL for home/.config. Missing locations are silent; broken
 * ones warn and discovery continues. Results are de-duplicated by folder identity,
 * in a stable order (location order, then profiles.ini order). */
void ff_discover(const char *home, const char *xdg_config_home, struct ff_target_list *out,
                 ff_warn_fn warn, void *warn_ctx);

/* Exactly this folder (--profile DIR): never fails; an unusable path becomes a target
 * with format FF_DB_INVALID and a problem such as "no such folder" or
 * "is a file, not a folder: give the folder that holds cert9.db". */
void ff_target_from_dir(const char *dir, struct ff_target_list *out);

/* Whether a target of program app is one `--app name` asks for: the same name, or
 * its family (firefox covers firefox-snap and firefox-flatpak). */
bool ff_app_matches(const char *app, const char *name);

/* name is a program discovery knows, or a family of them ("nssdb": --profile). */
bool ff_app_known(const char *name);

/* Format of a folder: cert9.db -> SQL, else cert8.db -> LEGACY, else NONE. */
enum ff_db_format ff_db_format_of(const char *dir);
const char *ff_db_format_name(enum ff_db_format f); /* "sql", "legacy", "none", "invalid" */

/* True if another process holds an fcntl lock on dir/.parentlock. A stale `lock`
 * symlink or a leftover .parentlock file does not count. */
bool ff_profile_in_use(const char *dir);

/* Whose rights a path must be used with: the accounts other than root that own a
 * part of it as resolving it meets them (every folder on the way, every symbolic link
 * and what it leads to, the last component), in that order. Stops at the first part
 * that does not exist. Writes at most 2 owners; returns how many were found (0, 1,
 * or 2 meaning "two or more"). A relative path is taken from the current folder. */
size_t ff_path_owners(const char *path, uid_t owners[2]);

void ff_target_clear(struct ff_target *t);
void ff_target_list_free(struct ff_target_list *l);

#endif
