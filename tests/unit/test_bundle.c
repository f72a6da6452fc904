/* Unit tests for src/cert/bundle.c: Firefox's CA-in-bundle rule, validity, freeing. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdlib.h>
#include <string.h>

#include "cert/cert.h"
#include "util/util.h"

#define ROOT "CN=Root CA,O=Example"
#define INTER "CN=Intermediate CA,O=Example"
#define LEAF "CN=www.example.com"

static void test_select_one(void **state)
{
    (void)state;
    const char *s[] = { INTER }, *i[] = { ROOT };
    assert_int_equal(ff_bundle_select_ca(s, i, 1), 0);
}

static void test_select_root_first(void **state)
{
    (void)state;
    /* [root, inter]: inter's issuer is root's subject -> 0 */
    const char *s[] = { ROOT, INTER }, *i[] = { ROOT, ROOT };
    assert_int_equal(ff_bundle_select_ca(s, i, 2), 0);
    /* [root, inter, leaf] */
    const char *s3[] = { ROOT, INTER, LEAF }, *i3[] = { ROOT, ROOT, INTER };
    assert_int_equal(ff_bundle_select_ca(s3, i3, 3), 0);
}

static void test_select_leaf_first(void **state)
{
    (void)state;
    /* [leaf, inter, root]: inter's issuer is root's subject -> 2 */
    const char *s[] = { LEAF, INTER, ROOT }, *i[] = { INTER, ROOT, ROOT };
    assert_int_equal(ff_bundle_select_ca(s, i, 3), 2);
}

static void test_select_two_reversed(void **state)
{
    (void)state;
    /* [inter, root]: cert 1 (root) is not issued by cert 0; cert 0 is issued by
     * cert 1 -> 1 */
    const char *s[] = { INTER, ROOT }, *i[] = { ROOT, ROOT };
    assert_int_equal(ff_bundle_select_ca(s, i, 2), 1);
}

static void test_select_unrelated(void **state)
{
    (void)state;
    const char *s[] = { "CN=A", "CN=B", "CN=C" }, *i[] = { "CN=X", "CN=Y", "CN=Z" };
    assert_int_equal(ff_bundle_select_ca(s, i, 3), 0);
    /* names compare exactly: case differs -> unrelated */
    const char *s2[] = { "CN=Root", "CN=Inter" }, *i2[] = { "CN=Root", "CN=root" };
    assert_int_equal(ff_bundle_select_ca(s2, i2, 2), 0);
}

static void test_validity(void **state)
{
    (void)state;
    struct ff_cert c = { .not_before = 1000, .not_after = 2000 };
    assert_string_equal(ff_cert_validity_state(&c, 999), "not yet valid");
    assert_string_equal(ff_cert_validity_state(&c, 1000), "valid");
    assert_string_equal(ff_cert_validity_state(&c, 1500), "valid");
    assert_string_equal(ff_cert_validity_state(&c, 2000), "valid");
    assert_string_equal(ff_cert_validity_state(&c, 2001), "expired");
}

/* Run under valgrind: every field must be freed. */
static void test_bundle_free(void **state)
{
    (void)state;
    struct ff_bundle b = { 0 };
    b.n = 2;
    b.certs = xcalloc(b.n, sizeof *b.certs);
    for (size_t k = 0; k < b.n; k++) {
        struct ff_cert *c = &b.certs[k];
        c->der = xmalloc(16);
        c->der_len = 16;
        c->subject = xstrdup(INTER);
        c->issuer = xstrdup(ROOT);
        c->serial = xstrdup("01:02");
        c->nickname = xstrdup("Intermediate CA - Example");
    }
    b.ca = 1;
    b.origin = xstrdup("/tmp/ca.pem");
    ff_bundle_free(&b);
    assert_null(b.certs);
    assert_int_equal(b.n, 0);
    assert_int_equal(b.ca, 0);
    assert_null(b.origin);

    /* freeing an empty or already freed bundle is harmless */
    ff_bundle_free(&b);
    ff_bundle_free(NULL);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_select_one),
        cmocka_unit_test(test_select_root_first),
        cmocka_unit_test(test_select_leaf_first),
        cmocka_unit_test(test_select_two_reversed),
        cmocka_unit_test(test_select_unrelated),
        cmocka_unit_test(test_validity),
        cmocka_unit_test(test_bundle_free),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
