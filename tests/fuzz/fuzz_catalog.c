/* The catalogue file (src/core/catalog.c), through ff_catalog_parse (what
 * ff_catalog_load does after reading the file), on a buffer of exactly the input's
 * size. A catalogue that loads is then used the way import and doctor use it. */
#include "fuzz.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/catalog.h"
#include "util/util.h"

/* Its entries obey the rules ff_catalog_load promises (catalog.h). */
static void use(const struct ff_catalog *c)
{
    static const unsigned char zero[32];
    FUZZ_CHECK(c->n >= 1 && c->n <= 256 && c->file);
    for (size_t i = 0; i < c->n; i++) {
        const struct ff_catalog_entry *e = &c->v[i];
        FUZZ_CHECK(e->name && *e->name);
        FUZZ_CHECK(ff_catalog_find(c, e->name) == e);
        for (size_t k = 0; k < e->aliases.n; k++)
            FUZZ_CHECK(ff_catalog_find(c, e->aliases.v[k]) == e);
        if (e->shipped) {
            FUZZ_CHECK(memcmp(e->sha256, zero, 32) != 0);
            FUZZ_CHECK(e->offline || e->urls.n);
            const struct ff_catalog_entry *p = ff_catalog_find_pin(c, e->sha256);
            FUZZ_CHECK(p && !memcmp(p->sha256, e->sha256, 32));
        } else {
            FUZZ_CHECK(e->where);
        }
        FUZZ_CHECK(!e->offline || e->offline[0] == '/');
        if (e->key_id_len) {
            char *hex = ff_hex_colon(e->key_id, e->key_id_len);
            const struct ff_catalog_entry *f = ff_catalog_find_issuer(c, NULL, hex);
            FUZZ_CHECK(f && f->key_id_len == e->key_id_len &&
                       !memcmp(f->key_id, e->key_id, e->key_id_len));
            free(hex);
        }
        if (e->subject && !e->key_id_len)
            FUZZ_CHECK(ff_catalog_find_issuer(c, e->subject, NULL) != NULL);
        /* Every chain of successors ends: the words are finite, for every purpose. */
        for (unsigned bit = 0; bit <= FF_PURPOSE_COUNT; bit++) {
            char *words = ff_catalog_successor_words(c, e, bit ? 1u << (bit - 1) : 0);
            FUZZ_CHECK(!words || *words);
            free(words);
        }
    }
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static const char path[] = "/fuzz/catalog.ini";
    char *text = malloc(size ? size : 1);
    if (!text)
        abort();
    if (size)
        memcpy(text, data, size);
    struct ff_catalog c;
    char *err = NULL;
    if (ff_catalog_parse(path, text, size, &c, &err) == 0) {
        FUZZ_CHECK(!err);
        use(&c);
        ff_catalog_free(&c);
    } else {
        /* One line naming the file. */
        FUZZ_CHECK(fuzz_one_line(err));
        FUZZ_CHECK(strstr(err, path) != NULL);
        FUZZ_CHECK(c.n == 0 && !c.v);
        free(err);
    }
    free(text);
    return 0;
}
