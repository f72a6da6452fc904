/* Unit tests for src/cert/pem.c (ff_pem_scan). Inputs are copied into malloc'd buffers of
 * exactly their length, without a NUL, so that valgrind or ASan catch overreads. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdlib.h>
#include <string.h>

#include "cert/cert.h"
#include "util/util.h"

#define B64A "MIIBszCCAVmgAwIBAgIUX\nAAAA==\n"
#define B64B "MIIBBBBBBB\n"

struct scan {
    char *buf;
    size_t len;
    int rc;
    const char *err;
    struct ff_pem_block blocks[4];
};

/* Scans an exact-size copy of text (strlen, no NUL). Free with scan_done. */
static void scan(struct scan *s, const char *text, size_t max)
{
    memset(s, 0, sizeof *s);
    s->len = strlen(text);
    s->buf = xmalloc(s->len);
    memcpy(s->buf, text, s->len);
    s->rc = ff_pem_scan(s->buf, s->len, s->blocks, max, &s->err);
}

static void scan_done(struct scan *s)
{
    free(s->buf);
}

static void assert_block(const struct scan *s, int k, const char *label, const char *body)
{
    assert_string_equal(s->blocks[k].label, label);
    assert_int_equal(s->blocks[k].body_len, strlen(body));
    assert_memory_equal(s->blocks[k].body, body, strlen(body));
    assert_true(s->blocks[k].body >= s->buf && s->blocks[k].body <= s->buf + s->len);
}

static void test_single(void **state)
{
    (void)state;
    struct scan s;
    scan(&s, "-----BEGIN CERTIFICATE-----\n" B64A "-----END CERTIFICATE-----\n", 4);
    assert_int_equal(s.rc, 1);
    assert_block(&s, 0, "CERTIFICATE", B64A);
    assert_ptr_equal(s.blocks[0].body, s.buf + strlen("-----BEGIN CERTIFICATE-----\n"));
    scan_done(&s);
}

static void test_no_final_newline(void **state)
{
    (void)state;
    struct scan s;
    scan(&s, "-----BEGIN CERTIFICATE-----\n" B64A "-----END CERTIFICATE-----", 4);
    assert_int_equal(s.rc, 1);
    assert_block(&s, 0, "CERTIFICATE", B64A);
    scan_done(&s);
}

static void test_multiple(void **state)
{
    (void)state;
    struct scan s;
    scan(&s,
         "-----BEGIN CERTIFICATE-----\n" B64A "-----END CERTIFICATE-----\n"
         "-----BEGIN PKCS7-----\n" B64B "-----END PKCS7-----\n"
         "-----BEGIN X509 CRL-----\n" B64A "-----END X509 CRL-----\n",
         4);
    assert_int_equal(s.rc, 3);
    assert_block(&s, 0, "CERTIFICATE", B64A);
    assert_block(&s, 1, "PKCS7", B64B);
    assert_block(&s, 2, "X509 CRL", B64A);
    scan_done(&s);
}

/* Past max: not stored, still checked and counted. */
static void test_max(void **state)
{
    (void)state;
    struct scan s;
    const char *two = "-----BEGIN CERTIFICATE-----\n" B64A "-----END CERTIFICATE-----\n"
                      "-----BEGIN CERTIFICATE-----\n" B64B "-----END CERTIFICATE-----\n";
    scan(&s, two, 1);
    assert_int_equal(s.rc, 2); /* found two, stored one */
    assert_block(&s, 0, "CERTIFICATE", B64A);
    assert_int_equal(s.blocks[1].body_len, 0); /* untouched */
    scan_done(&s);

    scan(&s, "-----BEGIN CERTIFICATE-----\n" B64A "-----END CERTIFICATE-----\n"
             "-----BEGIN CERTIFICATE-----\n" B64B, 1);
    assert_int_equal(s.rc, -1);
    scan_done(&s);

    memset(&s, 0, sizeof s);
    s.len = strlen(two);
    s.buf = xmalloc(s.len);
    memcpy(s.buf, two, s.len);
    assert_int_equal(ff_pem_scan(s.buf, s.len, NULL, 0, &s.err), 2);
    scan_done(&s);
}

static void test_crlf(void **state)
{
    (void)state;
    struct scan s;
    scan(&s, "-----BEGIN CERTIFICATE-----\r\nMIIB\r\nAAAA\r\n-----END CERTIFICATE-----\r\n",
         4);
    assert_int_equal(s.rc, 1);
    assert_block(&s, 0, "CERTIFICATE", "MIIB\r\nAAAA\r\n");
    scan_done(&s);
}

static void test_trailing_whitespace(void **state)
{
    (void)state;
    struct scan s;
    scan(&s, "-----BEGIN CERTIFICATE-----  \t\n" B64A "-----END CERTIFICATE----- \r\n\n", 4);
    assert_int_equal(s.rc, 1);
    assert_block(&s, 0, "CERTIFICATE", B64A);
    scan_done(&s);
}

/* openssl x509 -text puts the text dump first; text may also sit between blocks. */
static void test_text_around(void **state)
{
    (void)state;
    struct scan s;
    scan(&s,
         "Certificate:\n    Data:\n        Version: 3 (0x2)\n"
         "        Subject: CN = -----BEGIN not a marker\n"
         "-----BEGIN CERTIFICATE-----\n" B64A "-----END CERTIFICATE-----\n"
         "some words in between\n-----END STRAY-----\n"
         "-----BEGIN CERTIFICATE-----\n" B64B "-----END CERTIFICATE-----\ntrailing text",
         4);
    assert_int_equal(s.rc, 2);
    assert_block(&s, 0, "CERTIFICATE", B64A);
    assert_block(&s, 1, "CERTIFICATE", B64B);
    scan_done(&s);
}

static void test_truncated(void **state)
{
    (void)state;
    struct scan s;
    scan(&s, "-----BEGIN CERTIFICATE-----\n" B64A, 4);
    assert_int_equal(s.rc, -1);
    assert_non_null(s.err);
    assert_non_null(strstr(s.err, "truncated PEM"));
    assert_non_null(strstr(s.err, "CERTIFICATE"));
    scan_done(&s);

    /* BEGIN as the very last bytes, no newline */
    scan(&s, "text\n-----BEGIN CERTIFICATE-----", 4);
    assert_int_equal(s.rc, -1);
    assert_non_null(strstr(s.err, "truncated PEM"));
    scan_done(&s);

    /* END cut short */
    scan(&s, "-----BEGIN CERTIFICATE-----\n" B64A "-----END CERTIFICATE--", 4);
    assert_int_equal(s.rc, -1);
    scan_done(&s);

    /* a second BEGIN before the first END */
    scan(&s, "-----BEGIN CERTIFICATE-----\n" B64A "-----BEGIN CERTIFICATE-----\n" B64A
             "-----END CERTIFICATE-----\n", 4);
    assert_int_equal(s.rc, -1);
    assert_non_null(strstr(s.err, "truncated PEM"));
    scan_done(&s);

    /* END of another label */
    scan(&s, "-----BEGIN CERTIFICATE-----\n" B64A "-----END PKCS7-----\n", 4);
    assert_int_equal(s.rc, -1);
    assert_non_null(s.err);
    scan_done(&s);
}

static void test_not_pem(void **state)
{
    (void)state;
    struct scan s;
    scan(&s, "\x30\x82\x01\xb3\x30\x82\x01\x59\xa0\x03\x02\x01\x02", 4); /* DER */
    assert_int_equal(s.rc, 0);
    scan_done(&s);
    scan(&s, "hello\nworld\n-----END CERTIFICATE-----\n", 4);
    assert_int_equal(s.rc, 0);
    scan_done(&s);
    scan(&s, "-----BEGIN -----\nAAAA\n-----END -----\n", 4); /* empty label */
    assert_int_equal(s.rc, 0);
    scan_done(&s);
    scan(&s, "", 4);
    assert_int_equal(s.rc, 0);
    scan_done(&s);
    assert_int_equal(ff_pem_scan(NULL, 0, NULL, 0, NULL), 0);
}

/* A label of 32 characters does not fit label[32]: the block is skipped as text;
 * 31 characters fit. */
static void test_label_too_long(void **state)
{
    (void)state;
    struct scan s;
    scan(&s,
         "-----BEGIN ABCDEFGHIJKLMNOPQRSTUVWXYZ012345-----\n" B64A
         "-----END ABCDEFGHIJKLMNOPQRSTUVWXYZ012345-----\n",
         4);
    assert_int_equal(s.rc, 0);
    scan_done(&s);
    scan(&s,
         "-----BEGIN ABCDEFGHIJKLMNOPQRSTUVWXYZ01234-----\n" B64A
         "-----END ABCDEFGHIJKLMNOPQRSTUVWXYZ01234-----\n",
         4);
    assert_int_equal(s.rc, 1);
    assert_block(&s, 0, "ABCDEFGHIJKLMNOPQRSTUVWXYZ01234", B64A);
    scan_done(&s);
}

/* Text that stops inside a marker: nothing may be read past len. */
static void test_no_nul(void **state)
{
    (void)state;
    const char *full = "-----BEGIN CERTIFICATE-----\n" B64A "-----END CERTIFICATE-----\n";
    size_t n = strlen(full);
    for (size_t cut = 0; cut <= n; cut++) {
        char *buf = xmalloc(cut);
        memcpy(buf, full, cut);
        struct ff_pem_block b[2];
        const char *err = NULL;
        int rc = ff_pem_scan(buf, cut, b, 2, &err);
        size_t begin_line = strlen("-----BEGIN CERTIFICATE-----");
        size_t end_ok = n - 1; /* END line complete, newline optional */
        if (cut < begin_line)
            assert_int_equal(rc, 0);
        else if (cut < end_ok)
            assert_int_equal(rc, -1);
        else
            assert_int_equal(rc, 1);
        free(buf);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_single),
        cmocka_unit_test(test_no_final_newline),
        cmocka_unit_test(test_multiple),
        cmocka_unit_test(test_max),
        cmocka_unit_test(test_crlf),
        cmocka_unit_test(test_trailing_whitespace),
        cmocka_unit_test(test_text_around),
        cmocka_unit_test(test_truncated),
        cmocka_unit_test(test_not_pem),
        cmocka_unit_test(test_label_too_long),
        cmocka_unit_test(test_no_nul),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
