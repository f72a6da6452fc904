/* --password-file (src/cli/password.c): the first line is the password, certutil's
 * rule: the bytes before the first CR, LF or NUL (certutil's strdup stops at a NUL
 * too). Fuzzed twice per input: ff_password_first_line on the bytes, and
 * ff_password_source_init on a file holding them (written in this process's own
 * temporary folder), which must agree. (ff_password_first_line: password.h in the
 * working tree of 2 Dec 09:10, asked for in /work/notes/fuzz-requests.md.) */
#include "fuzz.h"

#include <stdlib.h>
#include <string.h>

#include "cli/password.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    size_t n = 0;
    while (n < size && data[n] != '\n' && data[n] != '\r' && data[n] != '\0')
        n++;
    char *line = ff_password_first_line(data, size);
    FUZZ_CHECK(line && strlen(line) == n && !memcmp(line, data, n));

    const char *path = fuzz_file(data, size);
    struct ff_password_source ps;
    char *err = NULL;
    int rc = ff_password_source_init(&ps, path, "/home/fuzz", &err);
    if (rc != 0) {
        /* Only a first line too long for a password is refused, however long the
         * file (issue 17: certutil reads a file of any length). */
        FUZZ_CHECK(rc == -1 && fuzz_one_line(err) && strstr(err, path));
        FUZZ_CHECK(n > 4096);
        free(err);
        free(line);
        return 0;
    }
    FUZZ_CHECK(!err && ps.from_file);
    FUZZ_CHECK(!strcmp(ps.from_file, line));
    struct ff_target t = {.path = "/home/fuzz/.mozilla/firefox/x.default", .app = "firefox"};
    FUZZ_CHECK(ff_password_for(&t, &ps) == ps.from_file);
    ff_password_source_free(&ps);
    FUZZ_CHECK(!ps.from_file && !ps.typed);
    free(line);
    return 0;
}
