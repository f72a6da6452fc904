/* Unit tests for src/cert/nickname.c (NSS CERT_MakeCANickname). */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdlib.h>
#include <string.h>

#include "cert/nickname.h"

static void assert_base(const char *cn, const char *ou, const char *o, const char *dc,
                        const char *want)
{
    char *s = ff_nickname_base(cn, ou, o, dc);
    assert_string_equal(s, want);
    free(s);
}

static void test_cn_and_o(void **state)
{
    (void)state;
    assert_base("Test CA", "Unit", "Example Org", "example", "Test CA - Example Org");
}

static void test_real_example(void **state)
{
    (void)state;
    assert_base("NII Open Domain CA - G4", NULL, "SECOM Trust Systems CO.,LTD.", NULL,
                "NII Open Domain CA - G4 - SECOM Trust Systems CO.,LTD.");
}

static void test_ou_fallback(void **state)
{
    (void)state;
    assert_base(NULL, "Some Unit", "Example Org", NULL, "Some Unit - Example Org");
}

static void test_dc_fallback(void **state)
{
    (void)state;
    assert_base("Test CA", NULL, NULL, "example", "Test CA - example");
}

static void test_cn_only(void **state)
{
    (void)state;
    assert_base("Lonely CA", NULL, NULL, NULL, "Lonely CA");
    assert_base(NULL, "Lonely Unit", NULL, NULL, "Lonely Unit");
}

static void test_nothing(void **state)
{
    (void)state;
    assert_base(NULL, NULL, NULL, NULL, "Unknown CA");
    assert_base(NULL, NULL, "Org Only", NULL, "Org Only");
}

/* ctx: NULL-terminated list of taken nicknames. */
static bool taken_in_list(const char *nick, void *ctx)
{
    for (const char *const *p = ctx; *p; p++)
        if (strcmp(*p, nick) == 0)
            return true;
    return false;
}

static void assert_unique(const char *base, const char *const *taken, unsigned max,
                          const char *want)
{
    char *s = ff_nickname_unique(base, taken_in_list, (void *)taken, max);
    if (want) {
        assert_non_null(s);
        assert_string_equal(s, want);
    } else {
        assert_null(s);
    }
    free(s);
}

static void test_unique(void **state)
{
    (void)state;
    const char *none[] = { NULL };
    const char *one[] = { "Test CA - Example Org", NULL };
    const char *two[] = { "Test CA - Example Org", "Test CA - Example Org #2", NULL };
    const char *unknown[] = { "Unknown CA", NULL };
    const char *other[] = { "Test CA - Example Org #2", NULL };

    assert_unique("Test CA - Example Org", none, 10, "Test CA - Example Org");
    assert_unique("Test CA - Example Org", one, 10, "Test CA - Example Org #2");
    assert_unique("Test CA - Example Org", two, 10, "Test CA - Example Org #3");
    assert_unique("Unknown CA", unknown, 10, "Unknown CA #2");
    assert_unique("Test CA - Example Org", other, 10, "Test CA - Example Org");
    /* giving up */
    assert_unique("Test CA - Example Org", two, 2, NULL);
    assert_unique("Test CA - Example Org", none, 0, NULL);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_cn_and_o),
        cmocka_unit_test(test_real_example),
        cmocka_unit_test(test_ou_fallback),
        cmocka_unit_test(test_dc_fallback),
        cmocka_unit_test(test_cn_only),
        cmocka_unit_test(test_nothing),
        cmocka_unit_test(test_unique),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
