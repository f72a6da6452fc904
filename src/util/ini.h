/* INI text, read the way Firefox's nsINIParser reads profiles.ini and installs.ini
 * (xpcom/glue/nsINIParser.cpp), or with the spacing ffcert's catalogue allows. No
 * limit on line length: Debian's libinih splits lines longer than 199 bytes, which
 * turned the tail of a line into a line of its own. */
#ifndef FFCERT_INI_H
#define FFCERT_INI_H

#include <stdbool.h>

enum ff_ini_style {
    /* As Firefox: lines end at CR or LF; a line starting with '#' or ';' is a
     * comment; leading blanks are skipped; "[name" up to the first ']' starts a
     * section, unless other text follows the ']' (then the keys up to the next good
     * header are ignored); "key=value" splits at the first '=', with no trimming and
     * no inline comments. */
    FF_INI_FIREFOX,
    /* ffcert's catalogue: the same, but blanks around keys and values are not part
     * of them, and a header must close with ']'. */
    FF_INI_CATALOG,
};

/* A key=value under a section; line counts from 1. */
typedef void (*ff_ini_value_fn)(void *ctx, int line, const char *section, const char *key,
                                const char *value);
/* A line the parser skipped: a malformed header or key line, a key outside any
 * section. what is a static English phrase. */
typedef void (*ff_ini_problem_fn)(void *ctx, int line, const char *what);

/* Parses text (a UTF-8 byte order mark is skipped, as Firefox does). */
void ff_ini_parse(const char *text, enum ff_ini_style style, ff_ini_value_fn on_value,
                  ff_ini_problem_fn on_problem, void *ctx);

#endif
