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

/* The one convention of library code: a function that can fail returns int, 0 on
 * success, else a negative ff_status with *err set (malloc'd, one line, without the
 * "ffcert:" prefix). Most failures are FF_ERR; the others tell the caller what to do. */
enum ff_status {
    FF_ERR = -1,
    /* NSS_Shutdown failed: NSS still holds the database and this process can open no
     * other one, so the caller must stop. */
    FF_ERR_FATAL = -2,
    /* The database has a primary password and none (or a wrong one) was given:
     * nothing was written. */
    FF_ERR_NEED_PASSWORD = -3,
    FF_ERR_BAD_PASSWORD = -4,
    /* The write succeeded but could not be completed or confirmed (what the file
     * holds could not be read back, or an import's 3.2 trust records could not be
     * deleted): after an import the caller puts the previous state back; a removal
     * that cannot be confirmed is reported, not undone. */
    FF_ERR_UNREAD = -5,
};

/* Allocation failure is not recoverable for a CLI: one line, then abort. Everything
 * that allocates ends here when it cannot. */
void ff_oom(void) __attribute__((noreturn));

/* Allocation failure is not recoverable for a CLI: these abort with a message. */
void *xmalloc(size_t n);
void *xcalloc(size_t n, size_t size);
void *xrealloc(void *p, size_t n);
/* Doubles *cap, moving *buf to a new buffer and wiping the old one: for buffers that
 * hold a password, which realloc could leave behind in freed memory. */
void xgrow_wiped(char **buf, size_t *cap);
char *xstrdup(const char *s);
char *xstrndup(const char *s, size_t n);
char *xasprintf(const char *fmt, ...) FF_ATTR_PRINTF(1, 2);
char *xvasprintf(const char *fmt, va_list ap) FF_ATTR_PRINTF(1, 0);

/* "ffcert: <message>" on stderr; one line each. */
void ff_error(const char *fmt, ...) FF_ATTR_PRINTF(1, 2);
/* The last line ff_error printed (without "ffcert: "), or NULL. */
const char *ff_last_error(void);
void ff_warning(const char *fmt, ...) FF_ATTR_PRINTF(1, 2);

/* Files (util/file.c). Read a whole regular file (at most max bytes): a FIFO or a
 * device is refused at once. Returns 0, or -1 with *err set (malloc'd, "cannot read
 * FILE: cause"). */
int ff_read_file(const char *path, size_t max, unsigned char **buf, size_t *len, char **err);
/* Opens a regular file for reading without blocking on a FIFO: the descriptor, or -1
 * with *err set as for ff_read_file. */
int ff_open_regular(const char *path, char **err);

/* path joined with name: "a" + "b" -> "a/b". Always a new string. */
char *ff_path_join(const char *dir, const char *name);

/* A string from a user's files, made safe to print on a terminal: control characters
 * (ESC, CR, ...), C1 controls and the controls of text direction (U+202E ...) as
 * \xNN or \uNNNN escapes, bytes that are not UTF-8 as \xNN (util/term.c). Text
 * output only: JSON keeps strings exact. New string (NULL for NULL). */
char *ff_term_safe(const char *text);

/* Whether text is UTF-8 throughout. */
bool ff_utf8_valid(const char *text);
/* text with each byte that is not part of a UTF-8 character as \xNN (a folder name
 * in another encoding), the rest as it is. New string. */
char *ff_utf8_safe(const char *text);

/* A path for a person to read: under home as "~/...", made safe for a terminal
 * (ff_term_safe). New string. */
char *ff_path_display(const char *path, const char *home);

/* Hex with colons, upper case: "65:40:CF:...". New string. */
char *ff_hex_colon(const unsigned char *data, size_t len);

/* Parses a SHA-256 fingerprint: 64 hex digits, plain or colon-separated, any case.
 * Returns 0 or -1. */
int ff_sha256_parse(const char *s, unsigned char out[32]);

/* Writes data to path atomically: a temporary file in the same folder, mode `mode`,
 * fsync'd, renamed over path, then the folder fsync'd. Returns 0 or -1 with *err. */
int ff_write_atomic(const char *path, const void *data, size_t len, unsigned mode,
                    char **err);

/* Creates dir and its missing parents with mode 0755. Returns 0 or -1 with *err. */
int ff_mkdir_p(const char *dir, char **err);

/* Dates, always in UTC: 2024-12-25, 2024-12-25 05:29 UTC, 2024-12-25T05:29:42Z. */
enum ff_time_style { FF_TIME_DAY, FF_TIME_MINUTE, FF_TIME_ISO };
#define FF_TIME_MAX 32
const char *ff_format_time(time_t t, enum ff_time_style style, char buf[FF_TIME_MAX]);

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
