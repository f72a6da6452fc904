/* The policies.json merge (src/core/policy.c, functions as named on 2 Dec:
 * ff_policy_check, ff_policy_install_list, ff_policy_add_install,
 * ff_policy_remove_install, ff_policy_is_empty, ff_policy_cert_filename,
 * ff_policy_cert_filename_unique).
 *
 * Input: a first line, the Install entry to add and remove (a certificate's path,
 * any bytes but NUL and LF); then policies.json as ff_policy_load reads it
 * (json_loadb, flags 0). The first line is also used as a certificate subject for
 * the file-name functions, which parse NSS's RFC 4514 strings.
 *
 * ff_policy_add_install: 1 added, 0 there already, -1 refused (not UTF-8), as in
 * policy.h since the fix of finding F2 (before it, a bool). */
#include "fuzz.h"

#include <jansson.h>
#include <stdlib.h>
#include <string.h>

#include "core/policy.h"

static size_t count(const json_t *doc, const char *entry)
{
    size_t n = 0, i;
    json_t *v;
    json_array_foreach(ff_policy_install_list(doc), i, v)
        n += !strcmp(json_string_value(v), entry);
    return n;
}

static void check_ok(const json_t *doc)
{
    char *err = NULL;
    FUZZ_CHECK(ff_policy_check(doc, &err) == 0);
    FUZZ_CHECK(!err);
}

/* "slug.pem" (slug: a-z 0-9 and inner '-', at most 64) or "ca-<16 hex>.pem";
 * with unique, "-<8 hex>" before ".pem". */
static void check_name(const char *name, bool unique)
{
    size_t len = strlen(name), tail = unique ? 13 : 4;
    FUZZ_CHECK(len > tail && !strcmp(name + len - 4, ".pem"));
    size_t base = len - tail;
    FUZZ_CHECK(base <= 64);
    FUZZ_CHECK(name[0] != '-' && name[base - 1] != '-');
    for (size_t i = 0; i < base; i++)
        FUZZ_CHECK((name[i] >= 'a' && name[i] <= 'z') || (name[i] >= '0' && name[i] <= '9') ||
                   (name[i] == '-' && name[i + 1] != '-'));
}

static void file_names(const char *subject, const uint8_t *data, size_t size)
{
    struct ff_cert c = {0};
    c.subject = (char *)subject;
    for (size_t i = 0; i < sizeof c.sha256; i++)
        c.sha256[i] = i < size ? data[size - 1 - i] : (uint8_t)i;
    char *name = ff_policy_cert_filename(&c);
    check_name(name, false);
    char *unique = ff_policy_cert_filename_unique(&c);
    check_name(unique, true);
    FUZZ_CHECK(!strncmp(name, unique, strlen(name) - 4));
    free(name);
    free(unique);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const uint8_t *nl = memchr(data, '\n', size);
    size_t elen = nl ? (size_t)(nl - data) : 0;
    char *entry = fuzz_cstr(data, elen);
    const char *json = nl ? (const char *)nl + 1 : (const char *)data;
    size_t jlen = nl ? size - elen - 1 : size;

    file_names(entry, data, size);

    json_t *doc = json_loadb(json, jlen, 0, NULL);
    char *err = NULL;
    if (!doc || ff_policy_check(doc, &err) != 0) {
        FUZZ_CHECK(!doc || fuzz_one_line(err));
        free(err);
        json_decref(doc);
        free(entry);
        return 0;
    }
    if (!*entry || strlen(entry) != elen) {
        free(entry);
        entry = strdup("/usr/lib/mozilla/certificates/ffcert-fuzz.pem");
    }

    /* Every entry already there: adding changes nothing. */
    json_t *before = json_deep_copy(doc);
    size_t i;
    json_t *v;
    json_array_foreach(ff_policy_install_list(before), i, v)
        FUZZ_CHECK(ff_policy_add_install(doc, json_string_value(v)) == 0);
    FUZZ_CHECK(json_equal(doc, before));

    /* An entry JSON cannot hold (not UTF-8) is refused, the document unchanged
     * (finding F2: it used to be reported as added, and was not). */
    if (!fuzz_utf8_valid(entry, strlen(entry))) {
        FUZZ_CHECK(ff_policy_add_install(doc, entry) < 0);
        FUZZ_CHECK(json_equal(doc, before));
        FUZZ_CHECK(ff_policy_remove_install(doc, entry) == 0);
        json_decref(before);
        json_decref(doc);
        free(entry);
        return 0;
    }

    /* Adding: there once afterwards (or as many times as before), the rest kept. */
    size_t had = count(doc, entry);
    int added = ff_policy_add_install(doc, entry);
    FUZZ_CHECK(added == (had ? 0 : 1));
    check_ok(doc);
    FUZZ_CHECK(count(doc, entry) == (had ? had : 1));
    FUZZ_CHECK(!ff_policy_is_empty(doc));

    /* Removing: every copy goes, and what adding made goes with it. */
    size_t removed = ff_policy_remove_install(doc, entry);
    FUZZ_CHECK(removed == (had ? had : 1));
    FUZZ_CHECK(count(doc, entry) == 0);
    check_ok(doc);
    if (!had && json_array_size(ff_policy_install_list(before)))
        FUZZ_CHECK(json_equal(doc, before));
    FUZZ_CHECK(ff_policy_remove_install(doc, entry) == 0);

    /* Removing every entry of the original leaves no Install list. */
    json_array_foreach(ff_policy_install_list(before), i, v)
        ff_policy_remove_install(doc, json_string_value(v));
    FUZZ_CHECK(!ff_policy_install_list(doc));
    check_ok(doc);
    (void)ff_policy_is_empty(doc);
    char *text = json_dumps(doc, JSON_INDENT(2));
    FUZZ_CHECK(text);
    free(text);

    json_decref(before);
    json_decref(doc);
    free(entry);
    return 0;
}
