/* gettext set-up and terminal widths. */
#include "util/i18n.h"

#include <libgen.h>
#include <limits.h>
#include <locale.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <wchar.h>

#include "util/util.h"

#ifndef FFCERT_LOCALEDIR
#define FFCERT_LOCALEDIR "/usr/local/share/locale"
#endif

void ff_i18n_init(bool machine_output)
{
    if (machine_output) {
        setlocale(LC_ALL, "C");
        return;
    }
    setlocale(LC_ALL, "");
    /* A build tree keeps its catalogues beside the binary (build/locale). */
    char exe[PATH_MAX];
    ssize_t n = readlink("/proc/self/exe", exe, sizeof exe - 1);
    const char *dir = FFCERT_LOCALEDIR;
    char *beside = NULL;
    struct stat st;
    if (n > 0) {
        exe[n] = '\0';
        beside = xasprintf("%s/locale", dirname(exe));
        if (stat(beside, &st) == 0 && S_ISDIR(st.st_mode))
            dir = beside;
    }
    bindtextdomain("ffcert", dir);
    bind_textdomain_codeset("ffcert", "UTF-8");
    textdomain("ffcert");
    free(beside);
}

size_t ff_display_width(const char *s)
{
    size_t len = mbstowcs(NULL, s, 0);
    if (len == (size_t)-1)
        return strlen(s);
    wchar_t *w = xcalloc(len + 1, sizeof *w);
    mbstowcs(w, s, len + 1);
    int cols = wcswidth(w, len);
    free(w);
    return cols < 0 ? len : (size_t)cols;
}

void ff_print_padded(FILE *out, const char *s, size_t width)
{
    fputs(s, out);
    for (size_t w = ff_display_width(s); w < width; w++)
        fputc(' ', out);
}
