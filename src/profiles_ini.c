/* profiles.ini / installs.ini, read with libinih the way Firefox's nsINIParser and
 * nsToolkitProfileService read them. */
#include "ffcert/i18n.h"
#include "ffcert/profiles_ini.h"

#include <ini.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "ffcert/util.h"

/* inih reads lines into a buffer of INI_MAX_LINE bytes (including "\r\n\0") and
 * silently truncates longer ones: a truncated Path= would name another folder, so
 * such lines are dropped (with a warning) before inih sees them. */
#define LINE_MAX_CHARS (INI_MAX_LINE - 3)

/* What one [ProfileN] section said. */
struct slot {
    char *name, *path;
    bool seen;          /* at least one key */
    bool has_relative;  /* IsRelative= present: what Firefox checks to go on */
    bool is_relative;
    bool is_default;
};

struct parse_ctx {
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

static int on_profiles_key(void *user, const char *section, const char *name,
                           const char *value)
{
    struct parse_ctx *c = user;
    size_t n;
    if (profile_index(section, &n)) {
        if (n == SIZE_MAX) {
            c->over_cap = true;
            return 1;
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
    return 1;
}

/* Firefox's parser strips leading blanks and ignores lines it cannot read, where
 * inih would treat an indented line as the continuation of the previous value, would
 * keep the previous section after a broken "[Section" header and would accept
 * "key: value". This copy of the text (same line numbers) makes inih see what
 * Firefox sees:
 *  - leading blanks removed;
 *  - a section header without "]" or with text after it becomes "[]" (Firefox
 *    ignores the keys that follow it, and so do we: section "" is never used);
 *  - a line without "=" (malformed for Firefox) becomes empty, as does one with
 *    ":" before "=";
 *  - a line too long for inih becomes empty.
 * Returns the copy; *first_bad is the first line changed for being malformed (0 for
 * none); too-long lines get one warning. */
static char *sanitize(const char *text, int *first_bad, struct ff_strv *warnings)
{
    size_t len = strlen(text);
    char *out = xmalloc(2 * len + 3); /* "[" may become "[]" */
    size_t o = 0;
    int line = 0, first_long = 0, n_long = 0;
    *first_bad = 0;
    const char *p = text;
    if (strncmp(p, "\xef\xbb\xbf", 3) == 0)
        p += 3; /* UTF-8 byte order mark, which Firefox skips too */
    while (*p) {
        line++;
        const char *eol = strchr(p, '\n');
        const char *end = eol ? eol : p + strlen(p);
        const char *next = eol ? eol + 1 : end;
        while (p < end && (*p == ' ' || *p == '\t'))
            p++;
        const char *cend = end; /* content end, without "\r" */
        if (cend > p && cend[-1] == '\r')
            cend--;
        size_t clen = (size_t)(cend - p);
        if (clen > LINE_MAX_CHARS) {
            if (!n_long++)
                first_long = line;
        } else if (clen > 0 && *p == '[') {
            const char *rb = memchr(p, ']', clen);
            bool bad = rb == NULL;
            for (const char *q = rb ? rb + 1 : cend; !bad && q < cend; q++)
                if (*q != ' ' && *q != '\t')
                    bad = true;
            if (bad) {
                if (!*first_bad)
                    *first_bad = line;
                memcpy(out + o, "[]", 2);
                o += 2;
            } else {
                memcpy(out + o, p, clen);
                o += clen;
            }
        } else if (clen > 0 && *p != ';' && *p != '#' && !memchr(p, '=', clen)) {
            /* inih would take "key: value" too; Firefox needs "=". */
            if (!*first_bad)
                *first_bad = line;
        } else if (clen > 0 && *p != ';' && *p != '#' &&
                   memchr(p, ':', clen) && (const char *)memchr(p, ':', clen) <
                                               (const char *)memchr(p, '=', clen)) {
            /* "a:b=c" is key "a:b" for Firefox, "a" for inih: no key we read has
             * a colon, so the line is dropped. */
        } else {
            memcpy(out + o, p, clen);
            o += clen;
        }
        if (eol)
            out[o++] = '\n';
        p = next;
    }
    out[o] = '\0';
    if (n_long) {
        char *more = n_long > 1 ? xasprintf(_(" (and %d more)"), n_long - 1) : xstrdup("");
        ff_strv_push(warnings, xasprintf(_("%d: line longer than %d characters, ignored%s"),
                                         first_long, LINE_MAX_CHARS, more));
        free(more);
    }
    return out;
}

/* Runs inih on the sanitized text; adds one "LINE: malformed line" warning for the
 * first malformed line. Returns true if some line was malformed. */
static bool run_inih(const char *text, ini_handler handler, void *user, struct ff_strv *warnings)
{
    int first_bad;
    char *clean = sanitize(text, &first_bad, warnings);
    int rc = ini_parse_string(clean, handler, user);
    free(clean);
    if (rc > 0 && (!first_bad || rc < first_bad))
        first_bad = rc;
    if (rc < 0) {
        ff_strv_push(warnings, xstrdup(_("cannot parse: out of memory")));
        return true;
    }
    if (first_bad)
        ff_strv_push(warnings, xasprintf(_("%d: malformed line"), first_bad));
    return first_bad != 0;
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
    bool malformed = run_inih(text, on_profiles_key, &c, &w);

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

static int on_installs_key(void *user, const char *section, const char *name,
                           const char *value)
{
    struct ff_strv *defaults = user;
    if (*section && strcmp(name, "Default") == 0 && *value)
        ff_strv_push(defaults, xstrdup(value));
    return 1;
}

void ff_profiles_ini_apply_installs(struct ff_profiles_ini *ini, const char *installs_text)
{
    if (!installs_text)
        return;
    struct ff_strv defaults = {0}, w = {0};
    run_inih(installs_text, on_installs_key, &defaults, &w);
    for (size_t i = 0; i < defaults.n; i++)
        mark_default(ini, defaults.v[i]);
    ff_strv_free(&defaults);
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
