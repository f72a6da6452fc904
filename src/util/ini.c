/* INI text as Firefox's nsINIParser reads it (see util/ini.h). */
#include "util/ini.h"

#include <stdlib.h>
#include <string.h>

#include "util/util.h"

static bool blank(char ch)
{
    return ch == ' ' || ch == '\t';
}

/* The section named by a header line (text after '['), or NULL when Firefox ignores
 * it. Firefox's NS_strtok skips leading ']', takes the name up to the next ']' (or
 * the end: an unclosed "[name" counts), and the header is bad if anything but blanks
 * follows that ']'. Section names with '[' or ']' are refused by SetString. */
static char *section_of(const char *p, const char *end, enum ff_ini_style style)
{
    while (p < end && (*p == ']' || (style == FF_INI_CATALOG && blank(*p))))
        p++;
    const char *rb = memchr(p, ']', (size_t)(end - p));
    if (p == end || (!rb && style == FF_INI_CATALOG))
        return NULL;
    for (const char *q = rb ? rb + 1 : end; q < end; q++)
        if (!blank(*q))
            return NULL;
    const char *name_end = rb ? rb : end;
    if (style == FF_INI_CATALOG)
        while (name_end > p && blank(name_end[-1]))
            name_end--;
    if (memchr(p, '[', (size_t)(name_end - p)) || name_end == p)
        return NULL;
    return xstrndup(p, (size_t)(name_end - p));
}

void ff_ini_parse(const char *text, enum ff_ini_style style, ff_ini_value_fn on_value,
                  ff_ini_problem_fn on_problem, void *ctx)
{
    const char *p = text;
    if (!strncmp(p, "\xef\xbb\xbf", 3))
        p += 3;
    char *section = NULL;
    int line = 1;
    while (*p) {
        const char *end = p + strcspn(p, "\r\n");
        const char *start = p;
        int this_line = line;
        p = end;
        /* A lone CR ends a line too (old Mac files), as for Firefox: count it. */
        while (*p == '\r' || *p == '\n') {
            line += *p == '\n' || p[1] != '\n';
            p++;
        }
        /* Firefox tests for a comment before skipping blanks; an indented "; x=y"
         * then gives a key nobody looks up, so both are comments here. */
        while (start < end && blank(*start))
            start++;
        if (start == end || *start == '#' || *start == ';')
            continue;
        if (*start == '[') {
            free(section);
            section = section_of(start + 1, end, style);
            if (!section)
                on_problem(ctx, this_line, "malformed section header");
            continue;
        }
        if (!section) {
            on_problem(ctx, this_line, "key outside any valid section");
            continue;
        }
        /* NS_strtok("=") skips leading '=': such a key keeps them and is refused. */
        const char *key_end = start + strspn(start, "=");
        key_end = key_end < end ? memchr(key_end, '=', (size_t)(end - key_end)) : NULL;
        if (!key_end || key_end == start || memchr(start, '=', (size_t)(key_end - start))) {
            on_problem(ctx, this_line, "malformed line");
            continue;
        }
        const char *value = key_end + 1, *value_end = end;
        if (style == FF_INI_CATALOG) {
            while (key_end > start && blank(key_end[-1]))
                key_end--;
            while (value < value_end && blank(*value))
                value++;
            while (value_end > value && blank(value_end[-1]))
                value_end--;
            if (key_end == start) {
                on_problem(ctx, this_line, "malformed line");
                continue;
            }
        }
        char *key = xstrndup(start, (size_t)(key_end - start));
        char *val = xstrndup(value, (size_t)(value_end - value));
        on_value(ctx, this_line, section, key, val);
        free(key);
        free(val);
    }
    free(section);
}
