/* Finding PEM blocks in text. See cert.h (ff_pem_scan). No NSS here.
 *
 * Rules:
 * - A marker line is "-----BEGIN <LABEL>-----" or "-----END <LABEL>-----" starting at
 *   the beginning of a line; trailing spaces, tabs and CR (CRLF files) are ignored.
 *   LABEL is 1 to 31 printable ASCII characters.
 * - Text outside blocks is ignored (openssl x509 -text puts text before the block),
 *   and so are END lines outside blocks and BEGIN lines whose label is unusable (too
 *   long, empty, control characters): such a block is skipped as plain text.
 * - Inside a block, the first marker line must be the END with the same label; a
 *   BEGIN, a different END or the end of the input is an error (-1).
 * - body points at the first byte after the BEGIN line's newline; body_len runs up
 *   to the first byte of the END line (base64 with its line ends, not decoded).
 * - Blocks past max are still checked but not stored; the return value is the number
 *   found, which may exceed max: a caller that stored fewer must not act on a part
 *   of the file as if it were the whole (a cut bundle would trust its last block).
 * - Never reads text[len] or beyond: text need not be NUL-terminated. */
#include "util/i18n.h"
#include "cert/cert.h"

#include <limits.h>
#include <stdio.h>
#include <string.h>

#define BEGIN_MARK "-----BEGIN "
#define END_MARK "-----END "
#define DASHES "-----"

/* The line starting at pos: returns the offset of the next line, sets *clen to the
 * line's length without its newline and trailing blanks. */
static size_t next_line(const char *text, size_t len, size_t pos, size_t *clen)
{
    const char *nl = memchr(text + pos, '\n', len - pos);
    size_t end = nl ? (size_t)(nl - text) : len;
    size_t next = nl ? end + 1 : len;
    while (end > pos && (text[end - 1] == '\r' || text[end - 1] == ' ' ||
                         text[end - 1] == '\t'))
        end--;
    *clen = end - pos;
    return next;
}

static bool has_prefix(const char *line, size_t clen, const char *prefix)
{
    size_t n = strlen(prefix);
    return clen >= n && memcmp(line, prefix, n) == 0;
}

enum marker { NOT_MARKER, MARKER, BAD_MARKER };

/* Is line "<prefix><LABEL>-----"? BAD_MARKER: it starts with prefix but has no
 * usable label. */
static enum marker parse_marker(const char *line, size_t clen, const char *prefix,
                                const char **label, size_t *label_len)
{
    size_t plen = strlen(prefix), dlen = strlen(DASHES);
    if (!has_prefix(line, clen, prefix))
        return NOT_MARKER;
    if (clen < plen + dlen || memcmp(line + clen - dlen, DASHES, dlen) != 0)
        return BAD_MARKER;
    size_t n = clen - plen - dlen;
    if (n == 0 || n >= sizeof ((struct ff_pem_block *)0)->label)
        return BAD_MARKER;
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)line[plen + i];
        if (c < 0x20 || c > 0x7e)
            return BAD_MARKER;
    }
    *label = line + plen;
    *label_len = n;
    return MARKER;
}

int ff_pem_scan(const char *text, size_t len, struct ff_pem_block *blocks, size_t max,
                const char **err)
{
    /* Messages naming the label; valid until the next call in the same thread. */
    static _Thread_local char msg[512];
    size_t pos = 0, found_blocks = 0;

    if (!text)
        return 0;
    while (pos < len) {
        size_t clen, next = next_line(text, len, pos, &clen);
        const char *label;
        size_t label_len;
        if (parse_marker(text + pos, clen, BEGIN_MARK, &label, &label_len) != MARKER) {
            pos = next;
            continue;
        }
        /* Inside a block: look for its END line. */
        size_t q = next;
        bool found = false;
        while (q < len) {
            size_t qlen, qnext = next_line(text, len, q, &qlen);
            const char *end_label;
            size_t end_len;
            enum marker m = parse_marker(text + q, qlen, END_MARK, &end_label, &end_len);
            if (m == MARKER && end_len == label_len &&
                memcmp(end_label, label, label_len) == 0) {
                if (found_blocks < max) {
                    struct ff_pem_block *b = &blocks[found_blocks];
                    memcpy(b->label, label, label_len);
                    b->label[label_len] = '\0';
                    b->body = text + next;
                    b->body_len = q - next;
                }
                found_blocks++;
                pos = qnext;
                found = true;
                break;
            }
            if (m != NOT_MARKER) {
                snprintf(msg, sizeof msg, _("PEM block BEGIN %.*s ends with another END line"),
                         (int)label_len, label);
                goto fail;
            }
            if (has_prefix(text + q, qlen, BEGIN_MARK))
                break; /* a new block starts: this one is truncated */
            q = qnext;
        }
        if (!found) {
            snprintf(msg, sizeof msg, _("truncated PEM: BEGIN %.*s without END"),
                     (int)label_len, label);
            goto fail;
        }
    }
    return found_blocks > INT_MAX ? INT_MAX : (int)found_blocks;
fail:
    if (err)
        *err = msg;
    return -1;
}
