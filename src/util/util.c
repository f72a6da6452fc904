#include "util/i18n.h"
#include "util/util.h"

#include <errno.h>
#include <unistd.h>
#include <sys/stat.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

void ff_oom(void)
{
    fputs(_("ffcert: out of memory\n"), stderr);
    abort();
}

void *xmalloc(size_t n)
{
    void *p = malloc(n ? n : 1);
    if (!p)
        ff_oom();
    return p;
}

void *xcalloc(size_t n, size_t size)
{
    void *p = calloc(n ? n : 1, size ? size : 1);
    if (!p)
        ff_oom();
    return p;
}

void *xrealloc(void *p, size_t n)
{
    p = realloc(p, n ? n : 1);
    if (!p)
        ff_oom();
    return p;
}

void xgrow_wiped(char **buf, size_t *cap)
{
    char *bigger = xmalloc(*cap * 2);
    memcpy(bigger, *buf, *cap);
    explicit_bzero(*buf, *cap);
    free(*buf);
    *buf = bigger;
    *cap *= 2;
}

char *xstrdup(const char *s)
{
    return xstrndup(s, strlen(s));
}

char *xstrndup(const char *s, size_t n)
{
    char *p = strndup(s, n);
    if (!p)
        ff_oom();
    return p;
}

char *xvasprintf(const char *fmt, va_list ap)
{
    va_list copy;
    va_copy(copy, ap);
    int n = vsnprintf(NULL, 0, fmt, copy);
    va_end(copy);
    if (n < 0)
        ff_oom();
    char *s = xmalloc((size_t)n + 1);
    vsnprintf(s, (size_t)n + 1, fmt, ap);
    return s;
}

char *xasprintf(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    char *s = xvasprintf(fmt, ap);
    va_end(ap);
    return s;
}

/* One line on stderr. Messages carry names from users' files (paths, profile names):
 * the whole line is made safe for the terminal, so that none of them can move the
 * cursor or rewrite the lines around it. */
static char *last_error; /* the last ff_error line, for --json's error document */

static void forget_last_error(void)
{
    free(last_error);
    last_error = NULL;
}

static void vmessage(const char *kind, const char *fmt, va_list ap)
{
    char *text = xvasprintf(fmt, ap);
    char *safe = ff_term_safe(text);
    fprintf(stderr, "ffcert: %s%s\n", kind ? kind : "", safe);
    if (!kind) {
        if (!last_error)
            atexit(forget_last_error);
        free(last_error);
        last_error = safe;
        safe = NULL;
    }
    free(safe);
    free(text);
}

const char *ff_last_error(void)
{
    return last_error;
}

void ff_error(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vmessage(NULL, fmt, ap);
    va_end(ap);
}

void ff_warning(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vmessage(_("warning: "), fmt, ap);
    va_end(ap);
}


char *ff_path_join(const char *dir, const char *name)
{
    size_t dl = strlen(dir);
    if (dl > 0 && dir[dl - 1] == '/')
        return xasprintf("%s%s", dir, name);
    return xasprintf("%s/%s", dir, name);
}

char *ff_path_display(const char *path, const char *home)
{
    if (home && *home && strcmp(home, "/") != 0) {
        size_t hl = strlen(home);
        while (hl > 1 && home[hl - 1] == '/')
            hl--;
        if (strncmp(path, home, hl) == 0 && (path[hl] == '/' || path[hl] == '\0')) {
            char *short_path = xasprintf("~%s", path + hl);
            char *safe = ff_term_safe(short_path);
            free(short_path);
            return safe;
        }
    }
    return ff_term_safe(path);
}

char *ff_hex_colon(const unsigned char *data, size_t len)
{
    static const char digits[] = "0123456789ABCDEF";
    char *s = xmalloc(len ? len * 3 : 1);
    size_t o = 0;
    for (size_t i = 0; i < len; i++) {
        if (i)
            s[o++] = ':';
        s[o++] = digits[data[i] >> 4];
        s[o++] = digits[data[i] & 15];
    }
    s[o] = '\0';
    return s;
}

int ff_sha256_parse(const char *s, unsigned char out[32])
{
    size_t n = 0;
    int half = -1;
    for (; *s; s++) {
        int v;
        if (*s >= '0' && *s <= '9')
            v = *s - '0';
        else if (*s >= 'a' && *s <= 'f')
            v = *s - 'a' + 10;
        else if (*s >= 'A' && *s <= 'F')
            v = *s - 'A' + 10;
        else if (*s == ':' && half < 0 && n > 0 && s[1])
            continue;
        else
            return -1;
        if (half < 0) {
            half = v;
        } else {
            if (n == 32)
                return -1;
            out[n++] = (unsigned char)(half << 4 | v);
            half = -1;
        }
    }
    return n == 32 && half < 0 ? 0 : -1;
}

void ff_strv_push(struct ff_strv *sv, char *owned)
{
    if (sv->n == sv->cap) {
        sv->cap = sv->cap ? sv->cap * 2 : 8;
        sv->v = xrealloc(sv->v, sv->cap * sizeof *sv->v);
    }
    sv->v[sv->n++] = owned;
}

void ff_strv_free(struct ff_strv *sv)
{
    for (size_t i = 0; i < sv->n; i++)
        free(sv->v[i]);
    free(sv->v);
    sv->v = NULL;
    sv->n = sv->cap = 0;
}

time_t ff_now(void)
{
#ifdef FFCERT_TEST_FAULTS
    const char *fake = getenv("FFCERT_TEST_NOW");
    struct tm tm = {0};
    if (fake && strptime(fake, "%Y-%m-%d", &tm))
        return timegm(&tm);
#endif
    return time(NULL);
}

const char *ff_format_time(time_t t, enum ff_time_style style, char buf[FF_TIME_MAX])
{
    static const char *const formats[] = {
        [FF_TIME_DAY] = "%Y-%m-%d",
        [FF_TIME_MINUTE] = "%Y-%m-%d %H:%M UTC",
        [FF_TIME_ISO] = "%Y-%m-%dT%H:%M:%SZ",
    };
    struct tm tm;
    if (!gmtime_r(&t, &tm) || !strftime(buf, FF_TIME_MAX, formats[style], &tm))
        snprintf(buf, FF_TIME_MAX, "?");
    return buf;
}
