/* profiles.ini / installs.ini, read the way Firefox's nsINIParser and
 * nsToolkitProfileService read them. */
#include "util/i18n.h"
#include "disc/profiles_ini.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "util/ini.h"
#include "util/util.h"

/* What one [ProfileN] section said. */
struct slot {
    char *name, *path;
    bool seen;          /* at least one key */
    bool has_relative;  /* IsRelative= present: what Firefox checks to go on */
    bool is_relative;
    bool is_default;
};

struct parse_ctx {
    int first_bad;      /* the first line Firefox skips as malformed, or 0 */
    struct slot *slots; /* indexed by N, grown on demand up to the cap */
    size_t n_slots;
    bool over_cap;               /* some [ProfileN] with N >= cap was seen */
    struct ff_strv install_defaults; /* Default= of [Install...] sections */
};

static void set_str(char **dst, const char *value)
{
    free(*dst);
    *dst = xstrdup(value);
}

/* "Profile12" -> 12. Firefox looks sections up by the exact name "Profile%d", so
 * "Profile012" or "Profile+1" are not profile sections. Returns false for anything
 * else; numbers too big for the cap give SIZE_MAX. */
static bool profile_index(const char *section, size_t *n)
{
    if (strncmp(section, "Profile", 7) != 0)
        return false;
    const char *d = section + 7;
    if (*d < '0' || *d > '9' || (d[0] == '0' && d[1] != '\0'))
        return false;
    size_t v = 0;
    for (; *d; d++) {
        if (*d < '0' || *d > '9')
            return false;
        if (v < (size_t)FF_PROFILES_INI_MAX_PROFILES)
            v = v * 10 + (size_t)(*d - '0');
    }
    *n = v < (size_t)FF_PROFILES_INI_MAX_PROFILES ? v : SIZE_MAX;
    return true;
}

static struct slot *get_slot(struct parse_ctx *c, size_t n)
{
    if (n >= c->n_slots) {
        size_t want = c->n_slots ? c->n_slots : 8;
        while (want <= n)
            want *= 2;
        if (want > FF_PROFILES_INI_MAX_PROFILES)
            want = FF_PROFILES_INI_MAX_PROFILES;
        c->slots = xrealloc(c->slots, want * sizeof *c->slots);
        memset(c->slots + c->n_slots, 0, (want - c->n_slots) * sizeof *c->slots);
        c->n_slots = want;
    }
    return &c->slots[n];
}

static void on_profiles_key(void *user, int line, const char *section, const char *name,
                            const char *value)
{
    (void)line;
    struct parse_ctx *c = user;
    size_t n;
    if (profile_index(section, &n)) {
        if (n == SIZE_MAX) {
            c->over_cap = true;
            return;
        }
        struct slot *s = get_slot(c, n);
        s->seen = true;
        if (strcmp(name, "IsRelative") == 0) {
            s->has_relative = true;
            s->is_relative = strcmp(value, "1") == 0;
        } else if (strcmp(name, "Path") == 0) {
            set_str(&s->path, value);
        } else if (strcmp(name, "Name") == 0) {
            set_str(&s->name, value);
        } else if (strcmp(name, "Default") == 0) {
            s->is_default = strcmp(value, "1") == 0;
        }
    } else if (strncmp(section, "Install", 7) == 0 && section[7] != '\0' &&
               strcmp(name, "Default") == 0 && *value) {
        ff_strv_push(&c->install_defaults, xstrdup(value));
    }
}

/* Lines Firefox skips: the first gets one warning, "LINE: malformed line". */
static void note_bad_line(int *first_bad, int line)
{
    if (!*first_bad)
        *first_bad = line;
}

static void on_profiles_problem(void *user, int line, const char *what)
{
    (void)what;
    note_bad_line(&((struct parse_ctx *)user)->first_bad, line);
}

static void warn_bad_line(int first_bad, struct ff_strv *warnings)
{
    if (first_bad)
        ff_strv_push(warnings, xasprintf(_("%d: malformed line"), first_bad));
}

static void mark_default(struct ff_profiles_ini *ini, const char *path)
{
    for (size_t i = 0; i < ini->n; i++)
        if (ini->profiles[i].path && strcmp(ini->profiles[i].path, path) == 0)
            ini->profiles[i].is_default = true;
}

static void take_warnings(struct ff_profiles_ini *ini, struct ff_strv *w)
{
    if (!w->n)
        return;
    ini->warnings = xrealloc(ini->warnings, (ini->n_warnings + w->n) * sizeof *ini->warnings);
    memcpy(ini->warnings + ini->n_warnings, w->v, w->n * sizeof *w->v);
    ini->n_warnings += w->n;
    free(w->v);
    w->v = NULL;
    w->n = w->cap = 0;
}

int ff_profiles_ini_parse(const char *text, struct ff_profiles_ini *out)
{
    memset(out, 0, sizeof *out);
    if (!text)
        return -1;
    struct parse_ctx c = {0};
    struct ff_strv w = {0};
    ff_ini_parse(text, FF_INI_FIREFOX, on_profiles_key, on_profiles_problem, &c);
    warn_bad_line(c.first_bad, &w);
    bool malformed = c.first_bad != 0;

    /* Firefox: for (N = 0;; N++) { if no IsRelative in [ProfileN] break; ... } */
    size_t stop = 0;
    while (stop < c.n_slots && c.slots[stop].has_relative)
        stop++;
    out->profiles = xcalloc(stop ? stop : 1, sizeof *out->profiles);
    for (size_t i = 0; i < stop; i++) {
        struct slot *s = &c.slots[i];
        if (!s->path || !s->name) {
            ff_strv_push(&w, xasprintf(_("[Profile%zu] skipped: no %s= line"), i,
                                       !s->path ? "Path" : "Name"));
            continue;
        }
        struct ff_ini_profile *p = &out->profiles[out->n++];
        p->name = s->name;
        p->path = s->path;
        p->is_relative = s->is_relative;
        p->is_default = s->is_default;
        s->name = s->path = NULL;
    }
    bool stop_seen = stop < c.n_slots && c.slots[stop].seen;
    if (stop_seen)
        ff_strv_push(&w, xasprintf(_("[Profile%zu] ignored: no IsRelative= line, and Firefox "
                                   "stops reading profiles there"), stop));
    size_t first_ignored = SIZE_MAX, n_ignored = 0;
    for (size_t i = stop + 1; i < c.n_slots; i++) {
        if (!c.slots[i].seen)
            continue;
        if (first_ignored == SIZE_MAX)
            first_ignored = i;
        n_ignored++;
    }
    if (n_ignored) {
        char *more = n_ignored > 1 ? xasprintf(_(" (and %zu more)"), n_ignored - 1) : xstrdup("");
        ff_strv_push(&w, xasprintf(stop_seen ? _("[Profile%zu]%s ignored: Firefox stops at the "
                                                 "first unusable [Profile%zu]")
                                              : _("[Profile%zu]%s ignored: Firefox stops at the "
                                                 "first missing [Profile%zu]"),
                                   first_ignored, more, stop));
        free(more);
    }
    if (c.over_cap)
        ff_strv_push(&w, xasprintf(_("sections after [Profile%d] ignored: at most %d profiles "
                                   "are read"), FF_PROFILES_INI_MAX_PROFILES - 1,
                                   FF_PROFILES_INI_MAX_PROFILES));

    for (size_t i = 0; i < c.install_defaults.n; i++)
        mark_default(out, c.install_defaults.v[i]);

    for (size_t i = 0; i < c.n_slots; i++) {
        free(c.slots[i].name);
        free(c.slots[i].path);
    }
    free(c.slots);
    ff_strv_free(&c.install_defaults);
    take_warnings(out, &w);
    return malformed && out->n == 0 ? -1 : 0;
}

struct installs_ctx {
    int first_bad;
    struct ff_strv defaults;
};

static void on_installs_key(void *user, int line, const char *section, const char *name,
                            const char *value)
{
    (void)line;
    (void)section;
    struct installs_ctx *c = user;
    if (strcmp(name, "Default") == 0 && *value)
        ff_strv_push(&c->defaults, xstrdup(value));
}

static void on_installs_problem(void *user, int line, const char *what)
{
    (void)what;
    note_bad_line(&((struct installs_ctx *)user)->first_bad, line);
}

void ff_profiles_ini_apply_installs(struct ff_profiles_ini *ini, const char *installs_text)
{
    if (!installs_text)
        return;
    struct installs_ctx c = {0};
    struct ff_strv w = {0};
    ff_ini_parse(installs_text, FF_INI_FIREFOX, on_installs_key, on_installs_problem, &c);
    warn_bad_line(c.first_bad, &w);
    for (size_t i = 0; i < c.defaults.n; i++)
        mark_default(ini, c.defaults.v[i]);
    ff_strv_free(&c.defaults);
    take_warnings(ini, &w);
}

void ff_profiles_ini_free(struct ff_profiles_ini *ini)
{
    if (!ini)
        return;
    for (size_t i = 0; i < ini->n; i++) {
        free(ini->profiles[i].name);
        free(ini->profiles[i].path);
    }
    free(ini->profiles);
    for (size_t i = 0; i < ini->n_warnings; i++)
        free(ini->warnings[i]);
    free(ini->warnings);
    memset(ini, 0, sizeof *ini);
}
