/* Unit tests for src/cert/trust.c: certutil letters, Firefox's dialog, words. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cert/trust.h"

static struct ff_trust parse_ok(const char *s)
{
    struct ff_trust t = { 99, 99, 99 };
    char *err = NULL;
    int rc = ff_trust_parse(s, &t, &err);
    if (rc != 0)
        fail_msg("parse \"%s\": %s", s, err ? err : "(no message)");
    return t;
}

static void assert_format(struct ff_trust t, const char *want)
{
    char buf[FF_TRUST_LETTERS_MAX];
    ff_trust_format(&t, buf);
    assert_string_equal(buf, want);
}

static void test_format_zero(void **state)
{
    (void)state;
    assert_format((struct ff_trust){ 0, 0, 0 }, ",,");
}

/* Each letter alone, in each field: parse gives NSS's bits, format gives the
 * letter back (i and g print as I and G, as certutil -L does). */
static void test_letters_round_trip(void **state)
{
    (void)state;
    static const struct {
        const char *letter, *printed;
        unsigned bits;
    } cases[] = {
        { "p", "p", FF_TRUST_TERMINAL_RECORD },
        { "P", "P", FF_TRUST_TRUSTED | FF_TRUST_TERMINAL_RECORD },
        { "w", "w", FF_TRUST_SEND_WARN },
        { "c", "c", FF_TRUST_VALID_CA },
        { "T", "T", FF_TRUST_TRUSTED_CLIENT_CA | FF_TRUST_VALID_CA },
        { "C", "C", FF_TRUST_TRUSTED_CA | FF_TRUST_VALID_CA },
        { "i", "I", FF_TRUST_INVISIBLE_CA },
        { "g", "G", FF_TRUST_GOVT_APPROVED_CA },
        { "I", "I", FF_TRUST_INVISIBLE_CA },
        { "G", "G", FF_TRUST_GOVT_APPROVED_CA },
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        for (int field = 0; field < 3; field++) {
            char in[16], want[16];
            const char *l = cases[i].letter, *o = cases[i].printed;
            snprintf(in, sizeof in, "%s,%s,%s", field == 0 ? l : "", field == 1 ? l : "",
                     field == 2 ? l : "");
            snprintf(want, sizeof want, "%s,%s,%s", field == 0 ? o : "",
                     field == 1 ? o : "", field == 2 ? o : "");
            struct ff_trust t = parse_ok(in);
            unsigned got[3] = { t.ssl, t.email, t.objsign };
            for (int k = 0; k < 3; k++)
                assert_int_equal(got[k], k == field ? cases[i].bits : 0);
            assert_format(t, want);
            /* and the printed form parses back to the same bits */
            struct ff_trust back = parse_ok(want);
            assert_int_equal(back.ssl, t.ssl);
            assert_int_equal(back.email, t.email);
            assert_int_equal(back.objsign, t.objsign);
        }
    }
}

/* certutil -L's order: c p C T P u w I G; c is hidden by C or T, p by P. */
static void test_format_order(void **state)
{
    (void)state;
    const unsigned all = FF_TRUST_TERMINAL_RECORD | FF_TRUST_TRUSTED | FF_TRUST_SEND_WARN |
                         FF_TRUST_VALID_CA | FF_TRUST_TRUSTED_CA | FF_TRUST_USER |
                         FF_TRUST_TRUSTED_CLIENT_CA | FF_TRUST_INVISIBLE_CA |
                         FF_TRUST_GOVT_APPROVED_CA;
    assert_format((struct ff_trust){ FF_TRUST_VALID_CA | FF_TRUST_TRUSTED_CA |
                                         FF_TRUST_TRUSTED_CLIENT_CA, 0, 0 }, "CT,,");
    assert_format((struct ff_trust){ FF_TRUST_VALID_CA | FF_TRUST_TRUSTED_CA |
                                         FF_TRUST_TRUSTED_CLIENT_CA | FF_TRUST_USER,
                                     FF_TRUST_USER, 0 }, "CTu,u,");
    assert_format((struct ff_trust){ all, FF_TRUST_VALID_CA | FF_TRUST_TERMINAL_RECORD,
                                     FF_TRUST_NS_TRUSTED_CA }, "CTPuwIG,cp,");
    assert_format(parse_ok("TC,c,"), "CT,c,");
    assert_format(parse_ok("wGCcTpi,,Pp"), "pCTwIG,,P");
    assert_format(parse_ok("CT,c,"), "CT,c,");
}

static void test_fewer_fields(void **state)
{
    (void)state;
    assert_format(parse_ok("C"), "C,,");
    assert_format(parse_ok("C,"), "C,,");
    assert_format(parse_ok("C,c"), "C,c,");
    assert_format(parse_ok(",,"), ",,");
    assert_format(parse_ok(",,C"), ",,C");
}

static void assert_parse_fails(const char *s, const char *needle)
{
    struct ff_trust t = { 0, 0, 0 };
    char *err = NULL;
    assert_int_equal(ff_trust_parse(s, &t, &err), -1);
    assert_non_null(err);
    if (needle && !strstr(err, needle))
        fail_msg("parse \"%s\": message \"%s\" lacks \"%s\"", s ? s : "(null)", err, needle);
    free(err);
}

static void test_bad_strings(void **state)
{
    (void)state;
    assert_parse_fails("X,,", "'X'");
    assert_parse_fails("C,,,,", "too many");
    assert_parse_fails("C,,,", "too many");
    assert_parse_fails("u,,", "'u'");
    assert_parse_fails(",u,", "private key");
    assert_parse_fails(" C,,", "space");
    assert_parse_fails("C,, ", "space");
    assert_parse_fails("C,\t,", "0x09");
    assert_parse_fails("", "empty");
    assert_parse_fails(NULL, NULL);
    assert_parse_fails("CT,c,x", "'x'");
}

/* Firefox's Certificate Manager: raw (what Firefox asks for) and normalized (what
 * NSS stores and certutil -L shows). */
static void test_dialog(void **state)
{
    (void)state;
    static const struct {
        bool web, email;
        const char *raw, *stored;
    } rows[] = {
        { false, false, "c,c,", "c,c," },
        { true, false, "CT,c,", "CT,c," },
        { false, true, "c,CT,", "c,C," },
        { true, true, "CT,CT,", "CT,C," },
    };
    for (size_t i = 0; i < 4; i++) {
        struct ff_trust t = ff_trust_from_dialog(rows[i].web, rows[i].email);
        assert_format(t, rows[i].raw);
        struct ff_trust n = ff_trust_normalize(&t);
        assert_format(n, rows[i].stored);
        assert_true(ff_trust_equal(&t, &n));
        struct ff_trust p = parse_ok(rows[i].stored);
        assert_true(ff_trust_equal(&t, &p));
    }
    struct ff_trust web = ff_trust_from_dialog(true, false);
    struct ff_trust email = ff_trust_from_dialog(false, true);
    assert_false(ff_trust_equal(&web, &email));
}

static void test_normalize(void **state)
{
    (void)state;
    struct ff_trust t = parse_ok("CT,CT,CT");
    t.ssl |= FF_TRUST_USER;
    t.email |= FF_TRUST_USER;
    t.objsign |= FF_TRUST_USER;
    struct ff_trust n = ff_trust_normalize(&t);
    assert_format(n, "CT,C,C");
    struct ff_trust c = parse_ok("CT,C,C");
    assert_true(ff_trust_equal(&t, &c));
    struct ff_trust d = parse_ok("C,C,C");
    assert_false(ff_trust_equal(&t, &d));
}

static void assert_describe(const char *trust, const char *want)
{
    struct ff_trust t = parse_ok(trust);
    char *s = ff_trust_describe(&t);
    assert_string_equal(s, want);
    free(s);
}

static void test_describe(void **state)
{
    (void)state;
    assert_describe("c,c,", "valid CA for websites; valid CA for email");
    assert_describe("CT,c,", "trusted to identify websites; valid CA for email");
    assert_describe("c,C,", "valid CA for websites; trusted to identify email users");
    assert_describe("CT,C,", "trusted to identify websites; trusted to identify email users");
    assert_describe(",,", "no trust (stored only)");
    assert_describe("p,p,p",
                    "distrusted for websites; distrusted for email; distrusted for code signing");
    assert_describe("T,,", "trusted to issue client certificates");
    assert_describe(",,C", "trusted to identify software publishers");
    assert_describe("P,,", "trusted peer for websites");
    assert_describe("w,,", "no trust (stored only)");

    /* raw dialog value for "email" describes as its stored form */
    struct ff_trust raw = ff_trust_from_dialog(false, true);
    char *s = ff_trust_describe(&raw);
    assert_string_equal(s, "valid CA for websites; trusted to identify email users");
    free(s);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_format_zero),
        cmocka_unit_test(test_letters_round_trip),
        cmocka_unit_test(test_format_order),
        cmocka_unit_test(test_fewer_fields),
        cmocka_unit_test(test_bad_strings),
        cmocka_unit_test(test_dialog),
        cmocka_unit_test(test_normalize),
        cmocka_unit_test(test_describe),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
