/* Text from a user's files (profile names, folder names, certificate subjects) shown
 * on someone else's terminal: control characters would let it move the cursor,
 * rewrite lines or flip their direction. They are shown as escapes instead. JSON
 * strings take any character but need UTF-8: only stray bytes are escaped there. */
#include "util/util.h"

#include <stdint.h>
#include <stdio.h>
#include <string.h>

/* Length of the UTF-8 sequence at s (1-4) and its code point, or 0 if invalid. */
static size_t utf8_next(const unsigned char *s, uint32_t *cp)
{
    if (s[0] < 0x80) {
        *cp = s[0];
        return 1;
    }
    size_t n = s[0] >= 0xf0 && s[0] <= 0xf4 ? 4 : s[0] >= 0xe0 ? 3 : s[0] >= 0xc2 ? 2 : 0;
    if (s[0] >= 0xf5) /* 0xf5..0xf7 were read as 3-byte leads: not UTF-8 at all */
        n = 0;
    uint32_t v = n == 4 ? s[0] & 0x07u : n == 3 ? s[0] & 0x0fu : s[0] & 0x1fu;
    for (size_t i = 1; i < n; i++) {
        if ((s[i] & 0xc0) != 0x80)
            return 0;
        v = v << 6 | (s[i] & 0x3fu);
    }
    static const uint32_t min[] = {0, 0, 0x80, 0x800, 0x10000};
    if (!n || v < min[n] || v > 0x10ffff || (v >= 0xd800 && v <= 0xdfff))
        return 0;
    *cp = v;
    return n;
}

/* C0 and C1 controls, DEL, and the invisible controls of text direction (which can
 * make "gpj.exe" look like "exe.jpg"). */
static bool unsafe(uint32_t cp)
{
    return cp < 0x20 || (cp >= 0x7f && cp <= 0x9f) || cp == 0x061c || cp == 0x200e ||
           cp == 0x200f || (cp >= 0x202a && cp <= 0x202e) || (cp >= 0x2066 && cp <= 0x2069);
}

bool ff_utf8_valid(const char *text)
{
    uint32_t cp;
    for (const unsigned char *s = (const unsigned char *)text; *s;) {
        size_t n = utf8_next(s, &cp);
        if (!n)
            return false;
        s += n;
    }
    return true;
}

/* text with bytes that are not UTF-8 as \xNN and, if controls, unsafe characters as
 * escapes too. New string. */
static char *escape(const char *text, bool controls)
{
    size_t len = strlen(text);
    char *out = xmalloc(len * 6 + 1), *o = out; /* "\u202e" is 6 for 3 bytes */
    for (const unsigned char *s = (const unsigned char *)text; *s;) {
        uint32_t cp;
        size_t n = utf8_next(s, &cp);
        if (!n) {
            o += sprintf(o, "\\x%02X", *s);
            s++;
        } else if (!controls || !unsafe(cp)) {
            memcpy(o, s, n);
            o += n;
            s += n;
        } else if (cp < 0x100) {
            o += sprintf(o, "\\x%02X", (unsigned)cp);
            s += n;
        } else {
            o += sprintf(o, "\\u%04X", (unsigned)cp);
            s += n;
        }
    }
    *o = '\0';
    return out;
}

char *ff_utf8_safe(const char *text)
{
    return escape(text, false);
}

char *ff_term_safe(const char *text)
{
    return text ? escape(text, true) : NULL;
}
