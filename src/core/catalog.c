/* The catalogue file: INI (ffcert/ini.h), one [section] per certificate. */
#include "util/i18n.h"
#include "core/catalog.h"
#include "util/ini.h"

#include <libgen.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <stdio.h>
#include <strings.h>
#include <time.h>
#include <unistd.h>

#ifndef FFCERT_DATADIR
#define FFCERT_DATADIR "/usr/local/share/ffcert"
#endif

/* An institution's list is short; a bigger file is a mistake. */
#define MAX_ENTRIES 256

struct parse {
    struct ff_catalog *cat;
    bool pinned[MAX_ENTRIES];        /* sha256 seen, per entry */
    bool shipped_given[MAX_ENTRIES]; /* shipped = ... seen, per entry */
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
    e->shipped = true;
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

/* What catalogues said before purposes had names, as the names they stand for. */
static const char *const synonyms[FF_PURPOSE_COUNT] = {
    "client authentication", "S/MIME", "server authentication", "root", "cross certificate",
};

static unsigned purpose_of(const char *word, size_t len)
{
    for (size_t i = 0; i < FF_PURPOSE_COUNT; i++) {
        const char *name = ff_purpose_name(1u << i);
        if ((strlen(name) == len && !strncasecmp(word, name, len)) ||
            (strlen(synonyms[i]) == len && !strncasecmp(word, synonyms[i], len)))
            return 1u << i;
    }
    return 0;
}

/* "client, smime": the bits, or 0 with a message for a word that is no purpose. */
static unsigned parse_purposes(const char *value, char **bad)
{
    unsigned bits = 0;
    for (const char *w = value; *w;) {
        w += strspn(w, " ,");
        size_t n = strcspn(w, ",");
        while (n && w[n - 1] == ' ')
            n--;
        if (!n)
            break;
        unsigned bit = purpose_of(w, n);
        if (!bit) {
            *bad = xasprintf(_("unknown purpose '%.*s' (client, smime, server, root, cross)"),
                             (int)n, w);
            return 0;
        }
        bits |= bit;
        w += n;
    }
    return bits;
}

/* An optional leading purpose word: "smime nii-smime", "client 2020-12-25 .. ". */
static unsigned leading_purpose(const char **value)
{
    size_t n = strcspn(*value, " ");
    unsigned bit = (*value)[n] ? purpose_of(*value, n) : 0;
    if (bit)
        *value += n + strspn(*value + n, " ");
    return bit;
}

/* "2020-12-25" -> that day 00:00 UTC; "" -> 0 (open). Returns false if malformed. */
static bool parse_day(const char *s, size_t len, time_t *out)
{
    *out = 0;
    if (!len)
        return true;
    struct tm tm = {0};
    char buf[16];
    if (len >= sizeof buf)
        return false;
    memcpy(buf, s, len);
    buf[len] = '\0';
    const char *end = strptime(buf, "%Y-%m-%d", &tm);
    if (!end || *end)
        return false;
    *out = timegm(&tm);
    return true;
}

/* "[PURPOSE] FROM .. [UNTIL]", either date may be left out. */
static bool parse_period(const char *value, struct ff_catalog_period *pd)
{
    pd->purpose = leading_purpose(&value);
    const char *dots = strstr(value, "..");
    if (!dots)
        return false;
    size_t a = (size_t)(dots - value);
    while (a && value[a - 1] == ' ')
        a--;
    const char *b = dots + 2 + strspn(dots + 2, " ");
    size_t blen = strlen(b);
    while (blen && b[blen - 1] == ' ')
        blen--;
    return parse_day(value, a, &pd->from) && parse_day(b, blen, &pd->until) &&
           (pd->from || pd->until);
}

static int hex_digit(char ch)
{
    if (ch >= '0' && ch <= '9')
        return ch - '0';
    if (ch >= 'a' && ch <= 'f')
        return ch - 'a' + 10;
    if (ch >= 'A' && ch <= 'F')
        return ch - 'A' + 10;
    return -1;
}

/* Hex bytes, with or without colons. Returns 0, or -1 if malformed or longer than max. */
static int parse_hex(const char *s, unsigned char *out, size_t max, size_t *len)
{
    *len = 0;
    for (const char *p = s; *p;) {
        if (*p == ':' || *p == ' ') {
            p++;
            continue;
        }
        int hi = hex_digit(p[0]), lo = hi < 0 ? -1 : hex_digit(p[1]);
        if (lo < 0 || *len == max)
            return -1;
        out[(*len)++] = (unsigned char)(hi << 4 | lo);
        p += 2;
    }
    return *len ? 0 : -1;
}

static void on_problem(void *arg, int line, const char *what)
{
    if (!strcmp(what, "key outside any valid section"))
        fail(arg, line, xstrdup(_("a key outside any [entry]")));
    else
        fail(arg, line, xstrdup(_("malformed line")));
}

static void on_value(void *arg, int line, const char *section, const char *key, const char *value)
{
    struct parse *p = arg;
    struct ff_catalog_entry *e = entry_for(p, section);
    if (!e) {
        fail(p, line, xasprintf(_("more than %d entries"), MAX_ENTRIES));
        return;
    }
    if (!strcmp(key, "name")) {
        set_once(p, line, &e->display_name, key, value);
    } else if (!strcmp(key, "alias")) {
        ff_strv_push(&e->aliases, xstrdup(value));
    } else if (!strcmp(key, "purpose")) {
        char *bad = NULL;
        if (e->purposes)
            fail(p, line, xasprintf(_("%s given twice"), key));
        else if (!(e->purposes = parse_purposes(value, &bad)))
            fail(p, line, bad ? bad : xasprintf(_("[%s]: empty purpose"), section));
    } else if (!strcmp(key, "issued")) {
        struct ff_catalog_period pd;
        if (!parse_period(value, &pd)) {
            fail(p, line, xasprintf(_("issued of [%s] is not \"[PURPOSE] YYYY-MM-DD .. "
                                      "YYYY-MM-DD\" (either date may be left out)"), section));
        } else {
            e->issued = xrealloc(e->issued, (e->n_issued + 1) * sizeof *e->issued);
            e->issued[e->n_issued++] = pd;
        }
    } else if (!strcmp(key, "superseded_by")) {
        unsigned purpose = leading_purpose(&value);
        e->successors = xrealloc(e->successors, (e->n_successors + 1) * sizeof *e->successors);
        e->successors[e->n_successors++] = (struct ff_catalog_successor){purpose, xstrdup(value)};
    } else if (!strcmp(key, "shipped")) {
        if (p->shipped_given[e - p->cat->v])
            fail(p, line, xasprintf(_("%s given twice"), key));
        else if (!strcmp(value, "no") || !strcmp(value, "yes"))
            e->shipped = !strcmp(value, "yes");
        else
            fail(p, line, xasprintf(_("shipped of [%s] must be yes or no"), section));
        p->shipped_given[e - p->cat->v] = true;
    } else if (!strcmp(key, "where")) {
        set_once(p, line, &e->where, key, value);
    } else if (!strcmp(key, "subject")) {
        set_once(p, line, &e->subject, key, value);
    } else if (!strcmp(key, "key_id")) {
        if (e->key_id_len)
            fail(p, line, xasprintf(_("%s given twice"), key));
        else if (parse_hex(value, e->key_id, sizeof e->key_id, &e->key_id_len) != 0)
            fail(p, line, xasprintf(_("key_id of [%s] is not hex"), section));
    } else if (!strcmp(key, "builtin_since")) {
        char *end;
        unsigned long v = strtoul(value, &end, 10);
        if (*end || !v || v > 100000)
            fail(p, line, xasprintf(_("builtin_since of [%s] is not a Firefox version number"),
                                    section));
        else if (e->builtin_since)
            fail(p, line, xasprintf(_("%s given twice"), key));
        e->builtin_since = (unsigned)v;
    } else if (!strcmp(key, "url")) {
        ff_strv_push(&e->urls, xstrdup(value));
    } else if (!strcmp(key, "sha256")) {
        /* The pin decides which certificate an import may write: it can be given once. */
        if (p->pinned[e - p->cat->v])
            fail(p, line, xasprintf(_("%s given twice"), key));
        else if (ff_sha256_parse(value, e->sha256) != 0)
            fail(p, line, xasprintf(_("sha256 of [%s] is not 64 hex digits"), section));
        p->pinned[e - p->cat->v] = true;
    } else if (!strcmp(key, "trust")) {
        set_once(p, line, &e->trust, key, value);
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
}

static bool all_zero(const unsigned char *b, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (b[i])
            return false;
    return true;
}

/* The purposes a successor stands for: those named, else all of the entry's. */
#define ANY_PURPOSE ((1u << FF_PURPOSE_COUNT) - 1)

static unsigned successor_purposes(const struct ff_catalog_entry *e,
                                   const struct ff_catalog_successor *s)
{
    /* An entry of an older catalogue may have no purpose: its successor is for all. */
    return s->purpose ? s->purpose : e->purposes ? e->purposes : ANY_PURPOSE;
}

/* Whole-file rules, once every line is read. */
static char *check_entries(const struct ff_catalog *c)
{
    for (size_t i = 0; i < c->n; i++) {
        const struct ff_catalog_entry *e = &c->v[i];
        if (e->shipped && all_zero(e->sha256, sizeof e->sha256))
            return xasprintf(_("[%s] has no sha256 pin"), e->name);
        if (e->shipped && !e->offline && !e->urls.n)
            return xasprintf(_("[%s] has neither url nor offline copy"), e->name);
        if (e->shipped && e->where)
            return xasprintf(_("[%s]: where is for entries that are not shipped"), e->name);
        if (!e->shipped && (e->offline || e->urls.n || !all_zero(e->sha256, sizeof e->sha256)))
            return xasprintf(_("[%s] is not shipped, so it has no sha256, url or offline copy"),
                             e->name);
        if (!e->shipped && !e->where)
            return xasprintf(_("[%s] is not shipped: say where to get it (where = ...)"), e->name);
        for (size_t k = 0; k < e->n_issued; k++)
            if (e->issued[k].purpose && !(e->issued[k].purpose & e->purposes))
                return xasprintf(_("[%s] issued %s certificates, but that is not its purpose"),
                                 e->name, ff_purpose_name(e->issued[k].purpose));
        for (size_t k = 0; k < e->n_successors; k++) {
            const struct ff_catalog_successor *s = &e->successors[k];
            const struct ff_catalog_entry *next = ff_catalog_find(c, s->name);
            if (!next)
                return xasprintf(_("[%s] is superseded_by '%s', which is not in the catalogue"),
                                 e->name, s->name);
            unsigned want = successor_purposes(e, s);
            if (s->purpose && !(s->purpose & e->purposes))
                return xasprintf(_("[%s] is superseded for %s certificates, but that is not "
                                   "its purpose"), e->name, ff_purpose_name(s->purpose));
            if (e->purposes && (want & next->purposes) != want)
                return xasprintf(_("[%s] is superseded_by '%s', which does not have its purpose: "
                                   "a successor must issue the same kind of certificates"),
                                 e->name, s->name);
        }
        /* Each purpose's chain of successors ends. */
        for (size_t bit = 0; bit < FF_PURPOSE_COUNT; bit++) {
            const struct ff_catalog_entry *at = e;
            size_t steps = 0;
            while ((at = ff_catalog_successor(c, at, 1u << bit)) && steps++ <= c->n)
                ;
            if (steps > c->n)
                return xasprintf(_("[%s]: its successors for %s certificates go round in a loop"),
                                 e->name, ff_purpose_name(1u << bit));
        }
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
    int rc = ff_catalog_parse(file, (const char *)data, len, out, err);
    free(data);
    return rc;
}

int ff_catalog_parse(const char *file, const char *data, size_t len, struct ff_catalog *out,
                     char **err)
{
    memset(out, 0, sizeof *out);
    if (memchr(data, '\0', len)) {
        *err = xasprintf(_("%s: not a text file (a NUL byte)"), file);
        return -1;
    }
    char *text = xstrndup(data, len);

    char *copy = xstrdup(file);
    struct parse p = {.cat = out, .dir = xstrdup(dirname(copy))};
    free(copy);
    ff_ini_parse(text, FF_INI_CATALOG, on_value, on_problem, &p);
    free(text);
    free(p.dir);
    out->file = xstrdup(file);

    char *why = NULL;
    if (p.error)
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
        if (c->v[i].shipped && !memcmp(c->v[i].sha256, sha256, 32))
            return &c->v[i];
    return NULL;
}

const struct ff_catalog_entry *ff_catalog_find_issuer(const struct ff_catalog *c,
                                                     const char *subject, const char *key_id)
{
    unsigned char id[64];
    size_t id_len = 0;
    if (key_id && parse_hex(key_id, id, sizeof id, &id_len) != 0)
        id_len = 0;
    for (size_t i = 0; i < c->n; i++) {
        const struct ff_catalog_entry *e = &c->v[i];
        if (id_len && e->key_id_len == id_len && !memcmp(e->key_id, id, id_len))
            return e;
        if (subject && e->subject && !strcmp(e->subject, subject) &&
            (!id_len || !e->key_id_len))
            return e;
    }
    return NULL;
}

const struct ff_catalog_entry *ff_catalog_successor(const struct ff_catalog *c,
                                                   const struct ff_catalog_entry *e,
                                                   unsigned purpose)
{
    for (size_t k = 0; k < e->n_successors; k++)
        if (successor_purposes(e, &e->successors[k]) & purpose)
            return ff_catalog_find(c, e->successors[k].name);
    return NULL;
}

/* "issued 2020-12-25 to 2023-12-13" for e's certificates of one purpose, or NULL. */
static char *period_words(const struct ff_catalog_entry *e, unsigned purpose)
{
    for (size_t k = 0; k < e->n_issued; k++) {
        const struct ff_catalog_period *pd = &e->issued[k];
        if (pd->purpose && !(pd->purpose & purpose))
            continue;
        char from[FF_TIME_MAX], until[FF_TIME_MAX];
        ff_format_time(pd->from, FF_TIME_DAY, from);
        ff_format_time(pd->until, FF_TIME_DAY, until);
        if (pd->from && pd->until)
            return xasprintf(_("issued %s to %s"), from, until);
        return pd->from ? xasprintf(_("issued since %s"), from)
                        : xasprintf(_("issued until %s"), until);
    }
    return NULL;
}

/* "name (display name, issued ...)" or, not shipped, "display name (issued ...; not
 * shipped with ffcert: where)". */
static char *entry_words(const struct ff_catalog_entry *e, unsigned purpose)
{
    char *when = period_words(e, purpose);
    const char *display = e->display_name ? e->display_name : e->name;
    char *words;
    if (!e->shipped)
        words = xasprintf(_("%s (%s%snot shipped with ffcert: %s)"), display, when ? when : "",
                          when ? "; " : "", e->where);
    else
        words = xasprintf("%s (%s%s%s)", e->name, display, when ? ", " : "", when ? when : "");
    free(when);
    return words;
}

static const char *const purpose_phrases[FF_PURPOSE_COUNT] = {
    N_("for client certificates"), N_("for S/MIME certificates"), N_("for server certificates"),
    N_("as a root"), N_("as a cross certificate"),
};

/* "a (...), then b (...)": the chain of successors of e for one purpose, or NULL. */
static char *chain_words(const struct ff_catalog *c, const struct ff_catalog_entry *e,
                         unsigned purpose)
{
    const struct ff_catalog_entry *next = ff_catalog_successor(c, e, purpose);
    char *chain = NULL;
    for (size_t steps = 0; next && steps <= c->n; steps++) {
        char *one = entry_words(next, purpose);
        char *longer = chain ? xasprintf(_("%s, then %s"), chain, one) : xstrdup(one);
        free(one);
        free(chain);
        chain = longer;
        next = ff_catalog_successor(c, next, purpose);
    }
    return chain;
}

char *ff_catalog_successor_words(const struct ff_catalog *c, const struct ff_catalog_entry *e,
                                 unsigned wanted)
{
    if (!e->purposes)
        return chain_words(c, e, ANY_PURPOSE);
    char *out = NULL;
    for (size_t bit = 0; bit < FF_PURPOSE_COUNT; bit++) {
        unsigned purpose = 1u << bit;
        if (wanted && !(wanted & purpose))
            continue;
        char *chain = chain_words(c, e, purpose);
        if (!chain)
            continue;
        /* TRANSLATORS: "for client certificates: nii-x (...), then ..." */
        char *part = xasprintf(_("%s: %s"), _(purpose_phrases[bit]), chain);
        char *all = out ? xasprintf(_("%s; %s"), out, part) : xstrdup(part);
        free(part);
        free(chain);
        free(out);
        out = all;
    }
    return out;
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
        free(e->issued);
        for (size_t k = 0; k < e->n_successors; k++)
            free(e->successors[k].name);
        free(e->successors);
        free(e->where);
        free(e->subject);
        ff_strv_free(&e->urls);
        free(e->trust);
        free(e->note);
        free(e->revoked);
        free(e->offline);
    }
    free(c->v);
    free(c->file);
    memset(c, 0, sizeof *c);
}
