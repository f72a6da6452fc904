/* The catalogue file: INI (libinih), one [section] per certificate. */
#include "ffcert/i18n.h"
#include "ffcert/catalog.h"

#include <ini.h>
#include <libgen.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#ifndef FFCERT_DATADIR
#define FFCERT_DATADIR "/usr/local/share/ffcert"
#endif

/* An institution's list is short; a bigger file is a mistake. */
#define MAX_ENTRIES 256

/* Debian's libinih passes no line number to the handler: a reader that counts the
 * lines it hands over lets errors name their line. */
struct line_reader {
    const char *next;
    int line;
};

static char *read_line(char *buf, int size, void *arg)
{
    struct line_reader *r = arg;
    if (!*r->next)
        return NULL;
    int n = 0;
    while (n < size - 1 && r->next[n] && r->next[n] != '\n')
        n++;
    if (n < size - 1 && r->next[n] == '\n')
        n++;
    memcpy(buf, r->next, (size_t)n);
    buf[n] = '\0';
    r->next += n;
    r->line++;
    return buf;
}

struct parse {
    struct ff_catalog *cat;
    struct line_reader reader;
    char *dir;   /* the catalogue's folder, for relative offline paths */
    char *error; /* first problem, "LINE: what" without the line (added later) */
    int line;
};

static struct ff_catalog_entry *entry_for(struct parse *p, const char *section)
{
    struct ff_catalog *c = p->cat;
    if (c->n && !strcmp(c->v[c->n - 1].name, section))
        return &c->v[c->n - 1];
    for (size_t i = 0; i < c->n; i++)
        if (!strcmp(c->v[i].name, section))
            return &c->v[i]; /* a section split in two: keep adding to it */
    if (c->n == MAX_ENTRIES)
        return NULL;
    c->v = xrealloc(c->v, (c->n + 1) * sizeof *c->v);
    struct ff_catalog_entry *e = &c->v[c->n++];
    memset(e, 0, sizeof *e);
    e->name = xstrdup(section);
    return e;
}

static void fail(struct parse *p, int line, char *what)
{
    if (p->error) {
        free(what);
        return;
    }
    p->error = what;
    p->line = line;
}

static void set_once(struct parse *p, int line, char **field, const char *key, const char *value)
{
    if (*field)
        fail(p, line, xasprintf(_("%s given twice"), key));
    else
        *field = xstrdup(value);
}

static int on_value(void *arg, const char *section, const char *key, const char *value)
{
    struct parse *p = arg;
    int line = p->reader.line;
    if (!*section) {
        fail(p, line, xasprintf(_("'%s' outside any [entry]"), key));
        return 1;
    }
    struct ff_catalog_entry *e = entry_for(p, section);
    if (!e) {
        fail(p, line, xasprintf(_("more than %d entries"), MAX_ENTRIES));
        return 1;
    }
    if (!strcmp(key, "name")) {
        set_once(p, line, &e->display_name, key, value);
    } else if (!strcmp(key, "alias")) {
        ff_strv_push(&e->aliases, xstrdup(value));
    } else if (!strcmp(key, "purpose")) {
        set_once(p, line, &e->purpose, key, value);
    } else if (!strcmp(key, "url")) {
        ff_strv_push(&e->urls, xstrdup(value));
    } else if (!strcmp(key, "sha256")) {
        if (ff_sha256_parse(value, e->sha256) != 0)
            fail(p, line, xasprintf(_("sha256 of [%s] is not 64 hex digits"), section));
    } else if (!strcmp(key, "trust")) {
        set_once(p, line, &e->trust, key, value);
    } else if (!strcmp(key, "superseded_by")) {
        set_once(p, line, &e->superseded_by, key, value);
    } else if (!strcmp(key, "note")) {
        set_once(p, line, &e->note, key, value);
    } else if (!strcmp(key, "revoked")) {
        set_once(p, line, &e->revoked, key, value);
    } else if (!strcmp(key, "offline")) {
        if (e->offline)
            fail(p, line, xstrdup(_("offline given twice")));
        else
            e->offline = value[0] == '/' ? xstrdup(value) : ff_path_join(p->dir, value);
    } else {
        fail(p, line, xasprintf(_("unknown key '%s'"), key));
    }
    return 1;
}

static bool all_zero(const unsigned char *b, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (b[i])
            return false;
    return true;
}

/* Whole-file rules, once every line is read. */
static char *check_entries(const struct ff_catalog *c)
{
    for (size_t i = 0; i < c->n; i++) {
        const struct ff_catalog_entry *e = &c->v[i];
        if (all_zero(e->sha256, sizeof e->sha256))
            return xasprintf(_("[%s] has no sha256 pin"), e->name);
        if (!e->offline && !e->urls.n)
            return xasprintf(_("[%s] has neither url nor offline copy"), e->name);
        if (e->superseded_by && !ff_catalog_find(c, e->superseded_by))
            return xasprintf(_("[%s] is superseded_by '%s', which is not in the catalogue"),
                             e->name, e->superseded_by);
        for (size_t k = 0; k <= e->aliases.n; k++) {
            const char *name = k ? e->aliases.v[k - 1] : e->name;
            if (ff_catalog_find(c, name) != e)
                return xasprintf(_("[%s]: the name '%s' is used twice"), e->name, name);
        }
    }
    return NULL;
}

int ff_catalog_load(const char *file, struct ff_catalog *out, char **err)
{
    memset(out, 0, sizeof *out);
    unsigned char *data;
    size_t len;
    if (ff_read_file(file, 1024 * 1024, &data, &len, err) != 0)
        return -1;
    char *text = xstrndup((const char *)data, len);
    free(data);

    char *copy = xstrdup(file);
    struct parse p = {.cat = out, .dir = xstrdup(dirname(copy)), .reader = {text, 0}};
    free(copy);
    int bad_line = ini_parse_stream(read_line, &p.reader, on_value, &p);
    free(text);
    free(p.dir);
    out->file = xstrdup(file);

    char *why = NULL;
    if (bad_line > 0 && (!p.error || bad_line < p.line))
        why = xasprintf(_("%s:%d: malformed line"), file, bad_line);
    else if (p.error)
        why = xasprintf("%s:%d: %s", file, p.line, p.error);
    else if (out->n == 0)
        why = xasprintf("%s: no entries", file);
    else {
        char *rule = check_entries(out);
        if (rule) {
            why = xasprintf("%s: %s", file, rule);
            free(rule);
        }
    }
    free(p.error);
    if (why) {
        *err = why;
        ff_catalog_free(out);
        return -1;
    }
    return 0;
}

static bool has_name(const struct ff_catalog_entry *e, const char *name)
{
    if (!strcasecmp(e->name, name))
        return true;
    for (size_t j = 0; j < e->aliases.n; j++)
        if (!strcasecmp(e->aliases.v[j], name))
            return true;
    return false;
}

/* The first entry with this name: check_entries relies on "first" to find doubles. */
const struct ff_catalog_entry *ff_catalog_find(const struct ff_catalog *c, const char *name)
{
    for (size_t i = 0; i < c->n; i++)
        if (has_name(&c->v[i], name))
            return &c->v[i];
    return NULL;
}

const struct ff_catalog_entry *ff_catalog_find_pin(const struct ff_catalog *c,
                                                  const unsigned char sha256[32])
{
    for (size_t i = 0; i < c->n; i++)
        if (!memcmp(c->v[i].sha256, sha256, 32))
            return &c->v[i];
    return NULL;
}

char *ff_catalog_default_path(void)
{
    char exe[PATH_MAX];
    ssize_t n = readlink("/proc/self/exe", exe, sizeof exe - 1);
    if (n > 0) {
        exe[n] = '\0';
        char *dir = dirname(exe);
        char *beside = xasprintf("%s/../share/ffcert/catalog.ini", dir);
        char *real = realpath(beside, NULL);
        free(beside);
        if (real)
            return real;
    }
    return xstrdup(FFCERT_DATADIR "/catalog.ini");
}

void ff_catalog_free(struct ff_catalog *c)
{
    for (size_t i = 0; i < c->n; i++) {
        struct ff_catalog_entry *e = &c->v[i];
        free(e->name);
        free(e->display_name);
        ff_strv_free(&e->aliases);
        free(e->purpose);
        ff_strv_free(&e->urls);
        free(e->trust);
        free(e->superseded_by);
        free(e->note);
        free(e->revoked);
        free(e->offline);
    }
    free(c->v);
    free(c->file);
    memset(c, 0, sizeof *c);
}
