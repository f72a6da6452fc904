/* ff_term_safe (src/util/term.c): whatever a user's file holds, what reaches the
 * terminal has no control character (C0, DEL, C1, ESC), no bidi control, and is
 * valid UTF-8; text that was already safe comes out unchanged. */
#include "fuzz.h"

#include <stdlib.h>
#include <string.h>

#include "util/util.h"

/* The code points ff_term_safe promises to escape. */
static bool unsafe(uint32_t cp)
{
    return cp < 0x20 || (cp >= 0x7f && cp <= 0x9f) || cp == 0x061c || cp == 0x200e ||
           cp == 0x200f || (cp >= 0x202a && cp <= 0x202e) || (cp >= 0x2066 && cp <= 0x2069);
}

/* Decodes valid UTF-8 (checked first): is any code point unsafe? */
static bool has_unsafe(const char *str)
{
    const unsigned char *s = (const unsigned char *)str;
    while (*s) {
        uint32_t v;
        size_t n = *s < 0x80 ? 1 : *s < 0xe0 ? 2 : *s < 0xf0 ? 3 : 4;
        v = n == 1 ? *s : n == 2 ? *s & 0x1fu : n == 3 ? *s & 0x0fu : *s & 0x07u;
        for (size_t k = 1; k < n; k++)
            v = v << 6 | (s[k] & 0x3fu);
        if (unsafe(v))
            return true;
        s += n;
    }
    return false;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    char *in = fuzz_cstr(data, size);
    size_t in_len = strlen(in);
    char *out = ff_term_safe(in);
    FUZZ_CHECK(out != NULL);
    size_t out_len = strlen(out);
    FUZZ_CHECK(out_len <= 6 * in_len);
    for (size_t i = 0; i < out_len; i++) {
        unsigned char c = (unsigned char)out[i];
        FUZZ_CHECK(c >= 0x20 && c != 0x7f); /* ESC is 0x1b */
    }
    FUZZ_CHECK(fuzz_utf8_valid(out, out_len));
    FUZZ_CHECK(!has_unsafe(out));
    if (fuzz_utf8_valid(in, in_len) && !has_unsafe(in))
        FUZZ_CHECK(strcmp(in, out) == 0);
    free(out);
    free(in);
    return 0;
}
