/* ff_pem_scan (src/cert/pem.c): PEM blocks in text that need not end with a NUL.
 * The input is copied to a buffer of exactly its size, so that a read of text[len]
 * is an ASan report. */
#include "fuzz.h"

#include <stdlib.h>
#include <string.h>

#include "cert/cert.h"

#define MAX 8

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    char *text = malloc(size ? size : 1);
    if (!text)
        abort();
    if (size)
        memcpy(text, data, size);
    struct ff_pem_block blocks[MAX];
    memset(blocks, 0xa5, sizeof blocks);
    const char *err = NULL;
    int n = ff_pem_scan(text, size, blocks, MAX, &err);
    FUZZ_CHECK(n >= -1);
    if (n < 0)
        FUZZ_CHECK(fuzz_one_line(err));
    for (int i = 0; i < n && i < MAX; i++) {
        const struct ff_pem_block *b = &blocks[i];
        size_t l = strnlen(b->label, sizeof b->label);
        FUZZ_CHECK(l > 0 && l < sizeof b->label);
        for (size_t k = 0; k < l; k++)
            FUZZ_CHECK(b->label[k] >= 0x20 && b->label[k] <= 0x7e);
        FUZZ_CHECK(b->body >= text && b->body <= text + size);
        FUZZ_CHECK(b->body_len <= (size_t)(text + size - b->body));
        /* The BEGIN line is before the body, the END line after it. */
        FUZZ_CHECK(b->body > text && b->body[-1] == '\n');
        FUZZ_CHECK((size_t)(b->body - text) + b->body_len + 9 <= size);
        FUZZ_CHECK(memcmp(b->body + b->body_len, "-----END ", 9) == 0);
        if (i)
            FUZZ_CHECK(b->body > blocks[i - 1].body + blocks[i - 1].body_len);
    }
    /* Storing fewer blocks changes nothing else: the same verdict and count, and with
     * max 0, nothing written. */
    const char *err0 = NULL;
    int n0 = ff_pem_scan(text, size, NULL, 0, &err0);
    FUZZ_CHECK(n0 == n);
    struct ff_pem_block one[1];
    int n1 = ff_pem_scan(text, size, one, 1, NULL);
    FUZZ_CHECK(n1 == n);
    if (n > 0)
        FUZZ_CHECK(one[0].body == blocks[0].body && one[0].body_len == blocks[0].body_len &&
                   !strcmp(one[0].label, blocks[0].label));
    free(text);
    return 0;
}
