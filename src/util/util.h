/* Small shared helpers: allocation that cannot fail silently, messages, paths. */
#ifndef FFCERT_UTIL_H
#define FFCERT_UTIL_H

#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <time.h>

#define FF_ATTR_PRINTF(a, b) __attribute__((format(printf, a, b)))

/* Exit statuses, as documented in --help and README. */
enum ff_exit {
    FF_EXIT_OK = 0,       /* every targeted database ends in the requested state */
    FF_EXIT_PARTIAL = 1,  /* some database failed or was skipped */
    FF_EXIT_USAGE = 2,    /* usage error or unusable SOURCE: nothing written */
    FF_EXIT_NO_DB = 3,    /* no certificate database found */
};

/* Allocation failure is not recoverable for a CLI: these abort with a message. */
void *xmalloc(size_t n);
void *xcalloc(size_t n, size_t size);
void *xrealloc(void *p, size_t n);
char *xstrdup(const char *s);
char *xstrndup(const char *s, size_t n);
char *xasprintf(const char *fmt, ...) FF_ATTR_PRINTF(1, 2);
char *xvasprintf(const char *fmt, va_list ap) FF_ATTR_PRINTF(1, 0);

/* "ffcert: <message>" on stderr; one line each. */
void ff_error(const char *fmt, ...) FF_ATTR_PRINTF(1, 2);
void ff_warning(const char *fmt, ...) FF_ATTR_PRINTF(1, 2);

/* Read a whole file (at most max bytes). Returns 0, or -1 with *err set (malloc'd,
 * "cannot read FILE: cause"). */
int ff_read_file(const char *path, size_t max, unsigned char **buf, size_t *len, char **err);

/* path joined with name: "a" + "b" -> "a/b". Always a new string. */
char *ff_path_join(const char *dir, const char *name);

/* Shows a path under home as "~/...", anything else unchanged. New string. */
char *ff_path_display(const char *path, const char *home);

/* Hex with colons, upper case: "65:40:CF:...". New string. */
char *ff_hex_colon(const unsigned char *data, size_t len);

/* Parses a SHA-256 fingerprint: 64 hex digits, plain or colon-separated, any case.
 * Returns 0 or -1. */
int ff_sha256_parse(const char *s, unsigned char out[32]);

/* The time every decision about validity uses. The test build (build/tests/ffcert-faults)
 * reads FFCERT_TEST_NOW (YYYY-MM-DD) instead of the clock; build/ffcert never does. */
time_t ff_now(void);

/* A growable array of strings. */
struct ff_strv {
    char **v;
    size_t n, cap;
};
void ff_strv_push(struct ff_strv *sv, char *owned);
void ff_strv_free(struct ff_strv *sv);

#endif
