/* Finding the certificate databases of one user by looking at files only. */
#include "util/i18n.h"
#include "disc/discover.h"

#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <pwd.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "disc/profiles_ini.h"
#include "util/util.h"

/* profiles.ini larger than this is not a real one. */
#define INI_MAX_BYTES (8u << 20)

struct file_id {
    dev_t dev;
    ino_t ino;
};

struct ids {
    struct file_id *v;
    size_t n, cap;
};

/* Remembers st's identity; false if it was already there. */
static bool ids_add(struct ids *ids, const struct stat *st)
{
    for (size_t i = 0; i < ids->n; i++)
        if (ids->v[i].dev == st->st_dev && ids->v[i].ino == st->st_ino)
            return false;
    if (ids->n == ids->cap) {
        ids->cap = ids->cap ? ids->cap * 2 : 16;
        ids->v = xrealloc(ids->v, ids->cap * sizeof *ids->v);
    }
    ids->v[ids->n++] = (struct file_id){st->st_dev, st->st_ino};
    return true;
}

struct ctx {
    struct ff_target_list *out;
    ff_warn_fn warn;
    void *warn_ctx;
    struct ids targets;   /* folders already listed */
    struct ids locations; /* folders holding profiles.ini already read */
    unsigned profile_problems; /* in the profiles.ini being read */
};

/* A broken profiles.ini can name thousands of missing folders: show the first few. */
#define MAX_PROFILE_WARNINGS 5

static void vwarnf(struct ctx *c, const char *fmt, va_list ap) FF_ATTR_PRINTF(2, 0);
static void vwarnf(struct ctx *c, const char *fmt, va_list ap)
{
    char *msg = xvasprintf(fmt, ap);
    c->warn(msg, c->warn_ctx);
    free(msg);
}

static void warnf(struct ctx *c, const char *fmt, ...) FF_ATTR_PRINTF(2, 3);
static void warnf(struct ctx *c, const char *fmt, ...)
{
    if (!c->warn)
        return;
    va_list ap;
    va_start(ap, fmt);
    vwarnf(c, fmt, ap);
    va_end(ap);
}

/* Like warnf, but at most MAX_PROFILE_WARNINGS per profiles.ini. */
static void profile_warnf(struct ctx *c, const char *fmt, ...) FF_ATTR_PRINTF(2, 3);
static void profile_warnf(struct ctx *c, const char *fmt, ...)
{
    if (!c->warn || ++c->profile_problems > MAX_PROFILE_WARNINGS)
        return;
    va_list ap;
    va_start(ap, fmt);
    vwarnf(c, fmt, ap);
    va_end(ap);
}

static struct ff_target *push_target(struct ff_target_list *l)
{
    if (l->n == l->cap) {
        l->cap = l->cap ? l->cap * 2 : 8;
        l->v = xrealloc(l->v, l->cap * sizeof *l->v);
    }
    struct ff_target *t = &l->v[l->n++];
    memset(t, 0, sizeof *t);
    return t;
}

static char *user_name(uid_t uid)
{
    long size = sysconf(_SC_GETPW_R_SIZE_MAX);
    size_t n = size > 0 ? (size_t)size : 16384;
    char *buf = xmalloc(n);
    struct passwd pw, *res = NULL;
    char *name;
    if (getpwuid_r(uid, &pw, buf, n, &res) == 0 && res && res->pw_name && *res->pw_name)
        name = xstrdup(res->pw_name);
    else
        name = xasprintf("%lu", (unsigned long)uid);
    free(buf);
    return name;
}

enum ff_db_format ff_db_format_of(const char *dir)
{
    static const struct {
        const char *file;
        enum ff_db_format format;
    } dbs[] = {{"cert9.db", FF_DB_SQL}, {"cert8.db", FF_DB_LEGACY}};
    for (size_t i = 0; i < sizeof dbs / sizeof dbs[0]; i++) {
        char *p = ff_path_join(dir, dbs[i].file);
        struct stat st;
        bool found = stat(p, &st) == 0 && S_ISREG(st.st_mode);
        free(p);
        if (found)
            return dbs[i].format;
    }
    return FF_DB_NONE;
}

const char *ff_db_format_name(enum ff_db_format f)
{
    switch (f) {
    case FF_DB_SQL:
        return "sql";
    case FF_DB_LEGACY:
        return "legacy";
    case FF_DB_NONE:
        return "none";
    case FF_DB_INVALID:
        break;
    }
    return "invalid";
}

bool ff_profile_in_use(const char *dir)
{
    char *p = ff_path_join(dir, ".parentlock");
    /* O_NONBLOCK: a FIFO planted as .parentlock must not hang us. */
    int fd = open(p, O_RDONLY | O_NOFOLLOW | O_CLOEXEC | O_NONBLOCK);
    free(p);
    if (fd < 0)
        return false;
    struct stat st;
    bool in_use = false;
    if (fstat(fd, &st) == 0 && S_ISREG(st.st_mode)) {
        struct flock fl = {.l_type = F_WRLCK, .l_whence = SEEK_SET, .l_start = 0, .l_len = 0};
        in_use = fcntl(fd, F_GETLK, &fl) == 0 && fl.l_type != F_UNLCK;
    }
    close(fd);
    return in_use;
}

static void note_owner(uid_t uid, uid_t owners[2], size_t *n)
{
    if (uid == 0 || (*n > 0 && owners[0] == uid) || (*n > 1 && owners[1] == uid) || *n == 2)
        return;
    owners[(*n)++] = uid;
}

size_t ff_path_owners(const char *path, uid_t owners[2])
{
    size_t n = 0;
    char *rest;
    if (path[0] == '/') {
        rest = xstrdup(path);
    } else {
        char *cwd = getcwd(NULL, 0);
        rest = xasprintf("%s/%s", cwd ? cwd : "/", path);
        free(cwd);
    }
    char *cur = xstrdup(""); /* resolved so far: "" is "/" */
    struct stat st;
    if (lstat("/", &st) == 0)
        note_owner(st.st_uid, owners, &n);
    /* The kernel's own limit on links followed in one lookup. */
    for (int links = 0; *rest && links <= 40;) {
        char *p = rest;
        while (*p == '/')
            p++;
        size_t len = strcspn(p, "/");
        if (len == 0)
            break;
        char *comp = xstrndup(p, len);
        char *after = xstrdup(p + len);
        free(rest);
        rest = after;
        if (!strcmp(comp, ".")) {
            free(comp);
            continue;
        }
        if (!strcmp(comp, "..")) {
            char *slash = strrchr(cur, '/');
            if (slash)
                *slash = '\0';
            free(comp);
            continue;
        }
        char *next = xasprintf("%s/%s", cur, comp);
        free(comp);
        if (lstat(next, &st) != 0) {
            free(next);
            break;
        }
        note_owner(st.st_uid, owners, &n);
        if (!S_ISLNK(st.st_mode)) {
            free(cur);
            cur = next;
            continue;
        }
        links++;
        char target[PATH_MAX];
        ssize_t tl = readlink(next, target, sizeof target - 1);
        free(next);
        if (tl <= 0)
            break;
        target[tl] = '\0';
        char *joined = xasprintf("%s/%s", target, rest);
        free(rest);
        rest = joined;
        if (target[0] == '/') {
            free(cur);
            cur = xstrdup("");
            if (lstat("/", &st) == 0)
                note_owner(st.st_uid, owners, &n);
        }
    }
    free(rest);
    free(cur);
    return n;
}

/* The version of the program that last used a profile: compatibility.ini's
 * [Compatibility] LastVersion ("153.8.0_20260101000000/20260101000000" -> "153.8.0"),
 * or NULL. */
static char *last_version(const char *dir)
{
    char *path = ff_path_join(dir, "compatibility.ini");
    unsigned char *data = NULL;
    size_t len = 0;
    char *err = NULL, *version = NULL;
    if (ff_read_file(path, 64 * 1024, &data, &len, &err) != 0) {
        free(err);
        free(path);
        return NULL;
    }
    free(path);
    bool in_section = false;
    for (size_t i = 0; i < len && !version;) {
        size_t end = i;
        while (end < len && data[end] != '\n')
            end++;
        const char *line = (const char *)data + i;
        size_t n = end - i;
        if (n && line[0] == '[')
            in_section = n >= 15 && !memcmp(line, "[Compatibility]", 15);
        else if (in_section && n > 12 && !memcmp(line, "LastVersion=", 12)) {
            size_t v = 0;
            while (12 + v < n && (isdigit((unsigned char)line[12 + v]) || line[12 + v] == '.'))
                v++;
            if (v)
                version = xstrndup(line + 12, v);
        }
        i = end + 1;
    }
    free(data);
    return version;
}

/* Fills what every usable target has. Takes ownership of real. */
static void fill_target(struct ff_target *t, char *real, const struct stat *st, const char *app)
{
    t->path = real;
    t->app = xstrdup(app);
    t->app_version = last_version(real);
    t->format = ff_db_format_of(real);
    t->in_use = ff_profile_in_use(real);
    t->owner_uid = st->st_uid;
    t->owner = user_name(st->st_uid);
}

/* Adds the folder real (owned) unless already listed. */
static void add_target(struct ctx *c, char *real, const struct stat *st, const char *app,
                       const char *profile_name, const char *ini_file, bool is_default)
{
    if (!ids_add(&c->targets, st)) {
        free(real);
        return;
    }
    struct ff_target *t = push_target(c->out);
    fill_target(t, real, st, app);
    t->profile_name = profile_name ? xstrdup(profile_name) : NULL;
    t->ini_file = ini_file ? xstrdup(ini_file) : NULL;
    t->is_default = is_default;
}

/* Does the relative path climb out of the folder it is relative to ("..", "a/../..")? */
static bool escapes_lexically(const char *rel)
{
    long depth = 0;
    const char *p = rel;
    while (*p) {
        while (*p == '/')
            p++;
        if (!*p)
            break;
        size_t n = strcspn(p, "/");
        if (n == 2 && p[0] == '.' && p[1] == '.') {
            if (--depth < 0)
                return true;
        } else if (!(n == 1 && p[0] == '.')) {
            depth++;
        }
        p += n;
    }
    return false;
}

static bool is_under(const char *path, const char *root)
{
    size_t n = strlen(root);
    if (n == 1 && root[0] == '/')
        return true;
    return strncmp(path, root, n) == 0 && (path[n] == '/' || path[n] == '\0');
}

/* Reports the parser's warnings new since index `from`, prefixed with file. */
static void report_ini_warnings(struct ctx *c, const struct ff_profiles_ini *ini, size_t from,
                                const char *file)
{
    for (size_t i = from; i < ini->n_warnings; i++) {
        const char *w = ini->warnings[i];
        const char *d = w;
        while (isdigit((unsigned char)*d))
            d++;
        if (d > w && *d == ':')
            warnf(c, "%s:%s", file, w); /* "FILE:3: malformed line" */
        else
            warnf(c, "%s: %s", file, w);
    }
}

/* Reads file into a string. Returns NULL silently if it does not exist, NULL with a
 * warning if it cannot be read. */
static char *read_text(struct ctx *c, const char *file)
{
    struct stat st;
    if (stat(file, &st) != 0 && (errno == ENOENT || errno == ENOTDIR))
        return NULL;
    unsigned char *buf;
    size_t len;
    char *err = NULL;
    if (ff_read_file(file, INI_MAX_BYTES, &buf, &len, &err) != 0) {
        warnf(c, "%s", err);
        free(err);
        return NULL;
    }
    /* Firefox's parser stops at a NUL byte (a C string ends there): so do we, but
     * not silently. */
    const unsigned char *nul = memchr(buf, '\0', len);
    if (nul) {
        int line = 1;
        for (const unsigned char *q = buf; q < nul; q++)
            line += *q == '\n';
        warnf(c, _("%s:%d: a NUL byte: Firefox reads no further, and neither does ffcert"),
              file, line);
        len = (size_t)(nul - buf);
    }
    char *text = xstrndup((const char *)buf, len);
    free(buf);
    return text;
}

static void add_profile(struct ctx *c, const char *dir, const char *root, const char *ini_file,
                        const char *app, const struct ff_ini_profile *p)
{
    if (!*p->path) {
        profile_warnf(c, _("profile '%s' in %s: empty Path=, skipped"), p->name, ini_file);
        return;
    }
    char *full;
    if (p->is_relative) {
        if (escapes_lexically(p->path)) {
            profile_warnf(c, _("profile '%s' in %s: Path=%s leads outside %s, refused"), p->name, ini_file,
                  p->path, dir);
            return;
        }
        full = ff_path_join(dir, p->path);
    } else {
        if (p->path[0] != '/') {
            profile_warnf(c, _("profile '%s' in %s: IsRelative=0 but Path=%s is not absolute, skipped"),
                  p->name, ini_file, p->path);
            return;
        }
        full = xstrdup(p->path);
    }
    char *real = realpath(full, NULL);
    if (!real) {
        if (errno == ENOENT || errno == ENOTDIR)
            profile_warnf(c, _("profile '%s' in %s: folder %s does not exist"), p->name, ini_file, full);
        else
            profile_warnf(c, _("profile '%s' in %s: cannot open %s: %s"), p->name, ini_file, full,
                  strerror(errno));
        free(full);
        return;
    }
    if (p->is_relative && !is_under(real, root)) {
        profile_warnf(c, _("profile '%s' in %s: Path=%s leads outside %s (to %s), refused"), p->name,
              ini_file, p->path, dir, real);
        free(real);
        free(full);
        return;
    }
    struct stat st;
    if (stat(real, &st) != 0 || !S_ISDIR(st.st_mode)) {
        profile_warnf(c, _("profile '%s' in %s: %s is not a folder"), p->name, ini_file, full);
        free(real);
        free(full);
        return;
    }
    free(full);
    add_target(c, real, &st, app, p->name, ini_file, p->is_default);
}

/* A folder holding profiles.ini (and maybe installs.ini). */
static void scan_ini_dir(struct ctx *c, const char *dir, const char *app)
{
    struct stat st;
    if (stat(dir, &st) != 0 || !S_ISDIR(st.st_mode))
        return;
    if (!ids_add(&c->locations, &st))
        return; /* same folder reached by another name: already read */
    char *ini_file = ff_path_join(dir, "profiles.ini");
    char *text = read_text(c, ini_file);
    if (!text) {
        free(ini_file);
        return;
    }
    struct ff_profiles_ini ini;
    ff_profiles_ini_parse(text, &ini);
    free(text);
    report_ini_warnings(c, &ini, 0, ini_file);

    char *installs_file = ff_path_join(dir, "installs.ini");
    char *installs = read_text(c, installs_file);
    if (installs) {
        size_t before = ini.n_warnings;
        ff_profiles_ini_apply_installs(&ini, installs);
        report_ini_warnings(c, &ini, before, installs_file);
        free(installs);
    }
    free(installs_file);

    char *root = realpath(dir, NULL);
    if (!root) {
        warnf(c, _("cannot open %s: %s"), dir, strerror(errno));
    } else {
        c->profile_problems = 0;
        for (size_t i = 0; i < ini.n; i++)
            add_profile(c, dir, root, ini_file, app, &ini.profiles[i]);
        if (c->profile_problems > MAX_PROFILE_WARNINGS)
            warnf(c, _("%s: %u more profiles with problems not shown"), ini_file,
                  c->profile_problems - MAX_PROFILE_WARNINGS);
        free(root);
    }
    ff_profiles_ini_free(&ini);
    free(ini_file);
}

/* A folder that is itself a database (Chromium's): listed only if it exists. */
static void scan_nssdb_dir(struct ctx *c, const char *dir, const char *app)
{
    struct stat st;
    if (stat(dir, &st) != 0 || !S_ISDIR(st.st_mode))
        return;
    char *real = realpath(dir, NULL);
    if (!real) {
        warnf(c, _("cannot open %s: %s"), dir, strerror(errno));
        return;
    }
    add_target(c, real, &st, app, NULL, NULL, false);
}

static const struct location {
    const char *rel; /* under home; NULL: the XDG config folder */
    const char *app;
    bool is_nssdb;   /* a database folder, not a folder with profiles.ini */
} locations[] = {
    {".mozilla/firefox", "firefox", false},
    {NULL, "firefox", false}, /* $XDG_CONFIG_HOME/mozilla/firefox */
    {"snap/firefox/common/.mozilla/firefox", "firefox-snap", false},
    {".var/app/org.mozilla.firefox/.mozilla/firefox", "firefox-flatpak", false},
    {".var/app/org.mozilla.firefox/config/mozilla/firefox", "firefox-flatpak", false},
    {".thunderbird", "thunderbird", false},
    {"snap/thunderbird/common/.thunderbird", "thunderbird-snap", false},
    {".var/app/org.mozilla.Thunderbird/.thunderbird", "thunderbird-flatpak", false},
    {".librewolf", "librewolf", false},
    {".var/app/io.gitlab.librewolf-community/.librewolf", "librewolf", false},
    {".pki/nssdb", "chromium", true},
    {".local/share/pki/nssdb", "chromium", true},
};

bool ff_app_matches(const char *app, const char *name)
{
    size_t n = strlen(name);
    return !strcmp(app, name) || (!strncmp(app, name, n) && app[n] == '-');
}

bool ff_app_known(const char *name)
{
    if (ff_app_matches("nssdb", name))
        return true;
    for (size_t i = 0; i < sizeof locations / sizeof locations[0]; i++)
        if (ff_app_matches(locations[i].app, name))
            return true;
    return false;
}

void ff_discover(const char *home, const char *xdg_config_home, struct ff_target_list *out,
                 ff_warn_fn warn, void *warn_ctx)
{
    if (!home || !*home)
        return;
    struct ctx c = {.out = out, .warn = warn, .warn_ctx = warn_ctx};
    /* Folders already in out count as listed. */
    for (size_t i = 0; i < out->n; i++) {
        struct stat st;
        if (out->v[i].path && stat(out->v[i].path, &st) == 0)
            ids_add(&c.targets, &st);
    }
    for (size_t i = 0; i < sizeof locations / sizeof locations[0]; i++) {
        const struct location *l = &locations[i];
        char *dir;
        if (l->rel) {
            dir = ff_path_join(home, l->rel);
        } else if (xdg_config_home && xdg_config_home[0] == '/') {
            /* The XDG spec says a relative (or empty) value is to be ignored. */
            dir = ff_path_join(xdg_config_home, "mozilla/firefox");
        } else {
            dir = ff_path_join(home, ".config/mozilla/firefox");
        }
        if (l->is_nssdb)
            scan_nssdb_dir(&c, dir, l->app);
        else
            scan_ini_dir(&c, dir, l->app);
        free(dir);
    }
    free(c.targets.v);
    free(c.locations.v);
}

void ff_target_from_dir(const char *dir, struct ff_target_list *out)
{
    if (strncmp(dir, "sql:", 4) == 0)
        dir += 4;
    struct ff_target *t = push_target(out);
    struct stat st;
    if (!*dir || stat(dir, &st) != 0) {
        int e = *dir ? errno : ENOENT;
        t->path = xstrdup(dir);
        t->app = xstrdup("nssdb");
        t->format = FF_DB_INVALID;
        t->owner_uid = (uid_t)-1;
        t->problem = e == ENOENT || e == ENOTDIR ? xstrdup(_("no such folder"))
                                                 : xasprintf(_("cannot open: %s"), strerror(e));
        return;
    }
    char *real = realpath(dir, NULL);
    if (!real)
        real = xstrdup(dir);
    fill_target(t, real, &st, "nssdb");
    if (S_ISDIR(st.st_mode))
        return;
    t->format = FF_DB_INVALID;
    t->in_use = false;
    t->problem = xstrdup(S_ISREG(st.st_mode)
                             ? _("is a file, not a folder: give the folder that holds cert9.db")
                             : _("not a folder"));
}

void ff_target_clear(struct ff_target *t)
{
    free(t->path);
    free(t->app);
    free(t->profile_name);
    free(t->ini_file);
    free(t->owner);
    free(t->problem);
    free(t->app_version);
    memset(t, 0, sizeof *t);
}

void ff_target_list_free(struct ff_target_list *l)
{
    if (!l)
        return;
    for (size_t i = 0; i < l->n; i++)
        ff_target_clear(&l->v[i]);
    free(l->v);
    memset(l, 0, sizeof *l);
}
