/* ff_ini_parse (src/util/ini.c), both styles, on the same text. What the callbacks
 * get is checked against the reader's rules (src/util/ini.h): lines never run into
 * each other, keys and section names are never empty, the catalogue style trims. */
#include "fuzz.h"

#include <stdlib.h>
#include <string.h>

#include "util/ini.h"

struct seen {
    enum ff_ini_style style;
    int last_line;
    size_t values, problems;
};

static bool blank(char c)
{
    return c == ' ' || c == '\t';
}

static void check_line(struct seen *s, int line)
{
    FUZZ_CHECK(line >= 1);
    /* In order. (A lone CR ends a line without counting one, as line numbers count
     * LFs: several calls may share a number.) */
    FUZZ_CHECK(line >= s->last_line);
    s->last_line = line;
}

static void on_value(void *ctx, int line, const char *section, const char *key,
                     const char *value)
{
    struct seen *s = ctx;
    check_line(s, line);
    s->values++;
    FUZZ_CHECK(section && key && value);
    FUZZ_CHECK(*section && *key);
    FUZZ_CHECK(!strpbrk(section, "\r\n[") && !strpbrk(key, "\r\n=") &&
               !strpbrk(value, "\r\n"));
    FUZZ_CHECK(!blank(key[0]) && key[0] != '#' && key[0] != ';');
    if (s->style == FF_INI_CATALOG) {
        size_t k = strlen(key), v = strlen(value), n = strlen(section);
        FUZZ_CHECK(!blank(key[k - 1]));
        FUZZ_CHECK(!v || (!blank(value[0]) && !blank(value[v - 1])));
        FUZZ_CHECK(!blank(section[0]) && !blank(section[n - 1]) && !strchr(section, ']'));
    }
}

static void on_problem(void *ctx, int line, const char *what)
{
    struct seen *s = ctx;
    check_line(s, line);
    s->problems++;
    FUZZ_CHECK(fuzz_one_line(what));
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    char *text = fuzz_cstr(data, size);
    struct seen firefox = {FF_INI_FIREFOX, 0, 0, 0};
    ff_ini_parse(text, FF_INI_FIREFOX, on_value, on_problem, &firefox);
    struct seen catalog = {FF_INI_CATALOG, 0, 0, 0};
    ff_ini_parse(text, FF_INI_CATALOG, on_value, on_problem, &catalog);
    /* At most one call per line: never more calls than line ends + 1. */
    size_t lines = 1;
    for (const char *p = text; *p; p++)
        lines += *p == '\n' || *p == '\r';
    FUZZ_CHECK(firefox.values + firefox.problems <= lines);
    FUZZ_CHECK(catalog.values + catalog.problems <= lines);
    free(text);
    return 0;
}
