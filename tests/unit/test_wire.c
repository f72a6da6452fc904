/* Unit tests for src/sys/wire.c: doctor's look crosses from a worker to the parent
 * losslessly; the channel's messages (progress, a password asked and answered) round
 * trip; what a hostile worker could send that the report could not print is refused. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "sys/wire.h"

static struct ff_doctor_look *sample_look(void)
{
    struct ff_doctor_look *d = calloc(1, sizeof *d);
    d->diag.needs_login = true;
    d->diag.builtins_checked = true;
    d->diag.n_users = 1;
    d->diag.users = calloc(1, sizeof *d->diag.users);
    struct ff_user_cert *u = &d->diag.users[0];
    u->subject = strdup("CN=Alice Client,O=Test");
    u->issuer = strdup("CN=Issuing CA,O=Test");
    u->nickname = strdup("alice");
    u->has_key = true;
    u->reaches_trusted_root = false;
    u->not_before = 1700000000;
    u->not_after = 4102444800; /* 2100: past 32 bits */
    u->usages = strdup("client authentication");
    u->purposes = 3;
    u->n_links = 2;
    u->links = calloc(2, sizeof *u->links);
    u->links[0] = (struct ff_chain_link){.place = FF_LINK_AVAILABLE,
                                         .subject = strdup("CN=Issuing CA,O=Test"),
                                         .candidate = 4,
                                         .not_before = 1,
                                         .not_after = 2,
                                         .self_signed = false,
                                         .trust = {8, 8, 0}};
    memset(u->links[0].sha256, 0xab, 32);
    u->links[1] = (struct ff_chain_link){.place = FF_LINK_MISSING,
                                         .subject = strdup("CN=Root,O=Test"),
                                         .key_id = strdup("01:02:03")};
    d->diag.n_cas = 1;
    d->diag.cas = calloc(1, sizeof *d->diag.cas);
    d->diag.cas[0] = (struct ff_stored_ca){.subject = strdup("CN=Old CA"),
                                           .nickname = NULL,
                                           .not_before = -5,
                                           .not_after = 7,
                                           .self_signed = true,
                                           .trust = {16, 0, 0},
                                           .issuer_trusted = true};
    memset(d->diag.cas[0].sha256, 0x01, 32);
    d->found.n = 1;
    d->found.v = calloc(1, sizeof *d->found.v);
    d->found.v[0] = (struct ff_finding){"missing-intermediate", strdup("the CA is missing"),
                                        strdup("add --fix"), 4};
    d->left.n = 1;
    d->left.v = calloc(1, sizeof *d->left.v);
    d->left.v[0] = (struct ff_finding){"anchor-trust", strdup("anchored"), strdup("use c,c,"), -1};
    ff_strv_push(&d->fixes, strdup("imported CN=Issuing CA"));
    d->n_builtin = 2;
    d->builtin = calloc(2, sizeof *d->builtin);
    d->builtin[0] = 0;
    d->builtin[1] = 4;
    return d;
}

static void sample_rows(struct ff_rowset *rs)
{
    memset(rs, 0, sizeof *rs);
    struct ff_row *r = ff_rowset_push(rs);
    r->target.path = strdup("/home/alice/.mozilla/firefox/x.default");
    r->target.app = strdup("firefox");
    r->target.owner_uid = 1000;
    r->target.owner = strdup("alice");
    r->user = strdup("alice");
    r->doctor = sample_look();
    ff_strv_push(&rs->warnings, strdup("a warning"));
}

/* Encoded, decoded and encoded again: the same text, and the fields as they were. */
static void test_look_round_trip(void **state)
{
    (void)state;
    struct ff_rowset rs, back;
    sample_rows(&rs);
    char *text = ff_rowset_encode(&rs);
    assert_int_equal(ff_rowset_decode(text, &back), 0);
    char *again = ff_rowset_encode(&back);
    assert_string_equal(text, again);
    assert_int_equal(back.n, 1);
    const struct ff_doctor_look *d = back.v[0].doctor;
    assert_non_null(d);
    assert_null(d->error);
    assert_true(d->diag.needs_login && d->diag.builtins_checked);
    assert_int_equal(d->diag.n_users, 1);
    const struct ff_user_cert *u = &d->diag.users[0];
    assert_string_equal(u->subject, "CN=Alice Client,O=Test");
    assert_string_equal(u->nickname, "alice");
    assert_true(u->has_key);
    assert_int_equal(u->not_after, 4102444800);
    assert_int_equal(u->purposes, 3);
    assert_int_equal(u->n_links, 2);
    assert_int_equal(u->links[0].place, FF_LINK_AVAILABLE);
    assert_int_equal(u->links[0].candidate, 4);
    assert_int_equal(u->links[0].sha256[31], 0xab);
    assert_int_equal(u->links[0].trust.ssl, 8);
    assert_string_equal(u->links[1].key_id, "01:02:03");
    assert_int_equal(d->diag.cas[0].not_before, -5);
    assert_true(d->diag.cas[0].issuer_trusted);
    assert_null(d->diag.cas[0].nickname);
    assert_string_equal(d->found.v[0].code, "missing-intermediate");
    assert_int_equal(d->found.v[0].fix, 4);
    assert_string_equal(d->left.v[0].code, "anchor-trust");
    assert_int_equal(d->left.v[0].fix, -1);
    assert_string_equal(d->fixes.v[0], "imported CN=Issuing CA");
    assert_int_equal(d->n_builtin, 2);
    assert_int_equal(d->builtin[1], 4);
    assert_string_equal(back.v[0].user, "alice");
    assert_string_equal(back.warnings.v[0], "a warning");
    free(text);
    free(again);
    ff_rowset_free(&back);
    ff_rowset_free(&rs);
}

/* Replaces the first occurrence of from by to in the encoded sample: the decoder
 * must refuse the result. */
static void assert_refused(const char *from, const char *to)
{
    struct ff_rowset rs, back;
    sample_rows(&rs);
    char *text = ff_rowset_encode(&rs);
    char *at = strstr(text, from);
    assert_non_null(at);
    char *bad = malloc(strlen(text) + strlen(to) + 1);
    sprintf(bad, "%.*s%s%s", (int)(at - text), text, to, at + strlen(from));
    back.n = 99;
    assert_int_equal(ff_rowset_decode(bad, &back), -1);
    assert_int_equal(back.n, 0);
    free(bad);
    free(text);
    ff_rowset_free(&rs);
}

static void test_look_refused(void **state)
{
    (void)state;
    assert_refused("\"missing-intermediate\"", "\"made-up-code\"");
    assert_refused("\"subject\":\"CN=Alice Client,O=Test\"", "\"subject\":null");
    assert_refused("\"place\":3", "\"place\":9");
    assert_refused("\"candidate\":4", "\"candidate\":-1");
    assert_refused("\"fix\":-1", "\"fix\":-2");
    assert_refused("\"users\":[", "\"users\":7,\"x\":[");
    assert_refused("\"sha256\":\"abab", "\"sha256\":\"zzab");
}

static void test_messages(void **state)
{
    (void)state;
    struct ff_msg m = {.kind = FF_MSG_BEGIN, .index = 41}, back;
    char *line = ff_msg_encode(&m);
    assert_null(strchr(line, '\n'));
    assert_int_equal(ff_msg_decode(line, &back), 0);
    assert_int_equal(back.kind, FF_MSG_BEGIN);
    assert_int_equal(back.index, 41);
    free(line);

    m = (struct ff_msg){.kind = FF_MSG_ASK, .path = "/p/a\nb", .app = "firefox"};
    line = ff_msg_encode(&m);
    assert_null(strchr(line, '\n'));
    assert_int_equal(ff_msg_decode(line, &back), 0);
    assert_int_equal(back.kind, FF_MSG_ASK);
    assert_string_equal(back.path, "/p/a\nb");
    ff_msg_clear(&back);
    free(line);

    m = (struct ff_msg){.kind = FF_MSG_ANSWER, .answer = "s3cret \"x\""};
    line = ff_msg_encode(&m);
    assert_int_equal(ff_msg_decode(line, &back), 0);
    assert_int_equal(back.kind, FF_MSG_ANSWER);
    assert_string_equal(back.answer, "s3cret \"x\"");
    ff_msg_clear(&back);
    assert_null(back.answer);
    free(line);

    m = (struct ff_msg){.kind = FF_MSG_ANSWER, .answer = NULL};
    line = ff_msg_encode(&m);
    assert_int_equal(ff_msg_decode(line, &back), 0);
    assert_null(back.answer);
    free(line);

    assert_int_equal(ff_msg_decode("{\"ask\":{\"path\":1}}", &back), -1);
    assert_int_equal(ff_msg_decode("{\"begin\":-3}", &back), -1);
    assert_int_equal(ff_msg_decode("[1]", &back), -1);
    assert_int_equal(ff_msg_decode("", &back), -1);
}

/* Strings that are not UTF-8 (JSON cannot carry them as they are), or that start
 * with the byte marking the hex form, cross byte for byte; a malformed hex form is
 * refused. */
static void test_raw_strings(void **state)
{
    (void)state;
    static const char *const raw[] = {"/home/a/.mozilla/firefox/caf\xe9.default",
                                      "\x01" "41", "\xff", "ok \xe3\x81\x82"};
    for (size_t i = 0; i < sizeof raw / sizeof raw[0]; i++) {
        struct ff_rowset rs = {0}, back;
        struct ff_row *r = ff_rowset_push(&rs);
        r->target.path = strdup(raw[i]);
        r->target.app = strdup("firefox");
        r->outcome.reason = strdup(raw[i]);
        r->user = strdup(raw[i]);
        ff_strv_push(&rs.warnings, strdup(raw[i]));
        char *line = ff_rowset_encode(&rs);
        assert_int_equal(ff_rowset_decode(line, &back), 0);
        assert_int_equal(back.n, 1);
        assert_string_equal(back.v[0].target.path, raw[i]);
        assert_string_equal(back.v[0].outcome.reason, raw[i]);
        assert_string_equal(back.v[0].user, raw[i]);
        assert_string_equal(back.warnings.v[0], raw[i]);
        ff_rowset_free(&back);
        ff_rowset_free(&rs);
        free(line);
    }
    struct ff_msg m = {.kind = FF_MSG_ANSWER, .answer = "p\xe4ss"}, back;
    char *line = ff_msg_encode(&m);
    assert_int_equal(ff_msg_decode(line, &back), 0);
    assert_string_equal(back.answer, "p\xe4ss");
    ff_msg_clear(&back);
    free(line);
    assert_int_equal(ff_msg_decode("{\"ask\":{\"path\":\"\\u0001zz\",\"app\":\"f\"}}", &back), -1);
    assert_int_equal(ff_msg_decode("{\"ask\":{\"path\":\"\\u0001414\",\"app\":\"f\"}}", &back), -1);
    assert_int_equal(ff_msg_decode("{\"ask\":{\"path\":\"\\u00014100\",\"app\":\"f\"}}", &back), -1);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_look_round_trip),
        cmocka_unit_test(test_look_refused),
        cmocka_unit_test(test_messages),
        cmocka_unit_test(test_raw_strings),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
