/* Shared helpers of the libFuzzer targets (tests/fuzz/README.md). */
#ifndef FFCERT_FUZZ_H
#define FFCERT_FUZZ_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* The entry point every target defines (libFuzzer calls it once per input). */
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* A property the code under test promises: when it does not hold, print what and
 * where, then abort, so that libFuzzer saves the input as a crash. */
#define FUZZ_CHECK(cond)                                                                  \
    do {                                                                                  \
        if (!(cond))                                                                      \
            fuzz_fail(__FILE__, __LINE__, #cond);                                         \
    } while (0)

_Noreturn void fuzz_fail(const char *file, int line, const char *what);

/* data as a new NUL-terminated string (bytes after an embedded NUL are kept but
 * invisible to C string functions). */
char *fuzz_cstr(const uint8_t *data, size_t size);

/* Writes data to a file in this process's own temporary folder (made on first use
 * under $FUZZ_TMPDIR, else /dev/shm, else $TMPDIR or /tmp; removed at exit and when a
 * sanitizer stops the process) and returns its path, always the same one. */
const char *fuzz_file(const uint8_t *data, size_t size);

/* Strict UTF-8 (no overlong forms, no surrogates, nothing above U+10FFFF). */
bool fuzz_utf8_valid(const char *s, size_t len);

/* A one-line message: non-empty, no CR or LF. */
bool fuzz_one_line(const char *s);

#endif
