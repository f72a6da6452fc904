/* Messages in the user's language (gettext). Text output is translated; JSON, result
 * codes, trust letters and exit statuses never are: with --json no translation is
 * loaded at all, so machine output is the same in every locale. */
#ifndef FFCERT_I18N_H
#define FFCERT_I18N_H

#include <libintl.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

#define _(s) gettext(s)
#define N_(s) (s)

/* Sets the locale and binds the "ffcert" domain: from <binary dir>/locale in a build
 * tree, else FFCERT_LOCALEDIR. machine_output: stay in the C locale. */
void ff_i18n_init(bool machine_output);

/* Columns on a terminal that s takes (double-width characters count 2). */
size_t ff_display_width(const char *s);

/* Prints s left-aligned in a field of `width` terminal columns. */
void ff_print_padded(FILE *out, const char *s, size_t width);

#endif
