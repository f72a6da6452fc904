/* profiles.ini / installs.ini parsing (src/disc/profiles_ini.c). */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "disc/profiles_ini.h"
#include "util/util.h"

/* Index of the first warning containing needle, or -1. */
static int find_warning(const struct ff_profiles_ini *ini, const char *needle)
{
    for (size_t i = 0; i < ini->n_warnings; i++)
        if (strstr(ini->warnings[i], needle))
            return (int)i;
    return -1;
}

static void print_warnings(const struct ff_profiles_ini *ini)
{
    for (size_t i = 0; i < ini->n_warnings; i++)
        print_message("# warning: %s\n", ini->warnings[i]);
}

/* What Firefox writes on Linux: Install section first, sections out of order. */
static const char typical[] =
    "[Install4F96D1932A9F858E]\n"
    "Default=abcd1234.default-release\n"
    "Locked=1\n"
    "\n"
    "[Profile1]\n"
    "Name=default\n"
    "IsRelative=1\n"
    "Path=efgh5678.default\n"
    "\n"
    "[Profile0]\n"
    "Name=default-release\n"
    "IsRelative=1\n"
    "Path=abcd1234.default-release\n"
    "\n"
    "[General]\n"
    "StartWithLastProfile=1\n"
    "Version=2\n";

static void test_typical_firefox_file(void **state)
{
    (void)state;
    struct ff_profiles_ini ini;
    assert_int_equal(ff_profiles_ini_parse(typical, &ini), 0);
    print_warnings(&ini);
    assert_int_equal(ini.n_warnings, 0);
    assert_int_equal(ini.n, 2);
    assert_string_equal(ini.profiles[0].name, "default-release");
    assert_string_equal(ini.profiles[0].path, "abcd1234.default-release");
    assert_true(ini.profiles[0].is_relative);
    assert_true(ini.profiles[0].is_default); /* from [Install...] */
    assert_string_equal(ini.profiles[1].name, "default");
    assert_string_equal(ini.profiles[1].path, "efgh5678.default");
    assert_true(ini.profiles[1].is_relative);
    assert_false(ini.profiles[1].is_default);
    ff_profiles_ini_free(&ini);
    assert_null(ini.profiles);
    assert_int_equal(ini.n, 0);
}

static void test_is_relative_values(void **state)
{
    (void)state;
    struct ff_profiles_ini ini;
    assert_int_equal(ff_profiles_ini_parse("[Profile0]\nName=a\nIsRelative=0\nPath=/srv/a\n"
                                           "[Profile1]\nName=b\nIsRelative=1\nPath=b\n"
                                           "[Profile2]\nName=c\nIsRelative=yes\nPath=c\n",
                                           &ini),
                     0);
    assert_int_equal(ini.n, 3);
    assert_false(ini.profiles[0].is_relative);
    assert_string_equal(ini.profiles[0].path, "/srv/a");
    assert_true(ini.profiles[1].is_relative);
    assert_false(ini.profiles[2].is_relative); /* Firefox: only "1" is relative */
    assert_int_equal(ini.n_warnings, 0);
    ff_profiles_ini_free(&ini);
}

static void test_default_1(void **state)
{
    (void)state;
    struct ff_profiles_ini ini;
    assert_int_equal(ff_profiles_ini_parse("[General]\nStartWithLastProfile=1\n\n"
                                           "[Profile0]\nName=a\nIsRelative=1\nPath=a\n"
                                           "[Profile1]\nName=b\nIsRelative=1\nPath=b\nDefault=1\n"
                                           "[Profile2]\nName=c\nIsRelative=1\nPath=c\nDefault=0\n",
                                           &ini),
                     0);
    assert_int_equal(ini.n, 3);
    assert_false(ini.profiles[0].is_default);
    assert_true(ini.profiles[1].is_default);
    assert_false(ini.profiles[2].is_default);
    ff_profiles_ini_free(&ini);
}

static void test_install_section_default(void **state)
{
    (void)state;
    struct ff_profiles_ini ini;
    /* Install sections may come after the profiles too; two installs, two defaults. */
    assert_int_equal(ff_profiles_ini_parse("[Profile0]\nName=a\nIsRelative=1\nPath=a.x\n"
                                           "[Profile1]\nName=b\nIsRelative=1\nPath=b.x\n"
                                           "[Profile2]\nName=c\nIsRelative=1\nPath=c.x\n"
                                           "[InstallAAAA]\nDefault=c.x\nLocked=1\n"
                                           "[InstallBBBB]\nDefault=a.x\n"
                                           "[Install]\nDefault=b.x\n"      /* no hash */
                                           "[General]\nDefault=b.x\n",     /* not an install */
                                           &ini),
                     0);
    assert_int_equal(ini.n, 3);
    assert_true(ini.profiles[0].is_default);
    assert_false(ini.profiles[1].is_default);
    assert_true(ini.profiles[2].is_default);
    ff_profiles_ini_free(&ini);
}

static void test_installs_ini(void **state)
{
    (void)state;
    struct ff_profiles_ini ini;
    assert_int_equal(ff_profiles_ini_parse("[Profile0]\nName=a\nIsRelative=1\nPath=a.default\n"
                                           "[Profile1]\nName=b\nIsRelative=1\nPath=b.default-esr\n",
                                           &ini),
                     0);
    assert_false(ini.profiles[0].is_default);
    assert_false(ini.profiles[1].is_default);
    ff_profiles_ini_apply_installs(&ini, "[308046B0AF4A39CB]\nDefault=b.default-esr\nLocked=1\n"
                                         "[AAAA]\nDefault=nothing-like-it\n");
    assert_false(ini.profiles[0].is_default);
    assert_true(ini.profiles[1].is_default);
    assert_int_equal(ini.n_warnings, 0);
    /* Broken installs.ini: warnings added, nothing else changes. */
    ff_profiles_ini_apply_installs(&ini, "[X]\ngarbage\nDefault=a.default\n");
    assert_true(ini.profiles[0].is_default);
    assert_int_equal(ini.n_warnings, 1);
    assert_string_equal(ini.warnings[0], "2: malformed line");
    ff_profiles_ini_apply_installs(&ini, NULL);
    ff_profiles_ini_free(&ini);
}

static void test_stops_at_first_missing_profile(void **state)
{
    (void)state;
    struct ff_profiles_ini ini;
    assert_int_equal(ff_profiles_ini_parse("[Profile0]\nName=a\nIsRelative=1\nPath=a\n"
                                           "[Profile2]\nName=c\nIsRelative=1\nPath=c\n"
                                           "[Profile3]\nName=d\nIsRelative=1\nPath=d\n",
                                           &ini),
                     0);
    print_warnings(&ini);
    assert_int_equal(ini.n, 1);
    assert_string_equal(ini.profiles[0].name, "a");
    assert_int_equal(ini.n_warnings, 1);
    assert_string_equal(ini.warnings[0], "[Profile2] (and 1 more) ignored: Firefox stops at the "
                                         "first missing [Profile1]");
    ff_profiles_ini_free(&ini);

    /* A section without IsRelative= is where Firefox stops, too. */
    assert_int_equal(ff_profiles_ini_parse("[Profile0]\nName=a\nIsRelative=1\nPath=a\n"
                                           "[Profile1]\nName=b\nPath=b\n"
                                           "[Profile2]\nName=c\nIsRelative=1\nPath=c\n",
                                           &ini),
                     0);
    print_warnings(&ini);
    assert_int_equal(ini.n, 1);
    assert_int_equal(ini.n_warnings, 2);
    assert_true(find_warning(&ini, "[Profile1] ignored: no IsRelative=") >= 0);
    assert_true(find_warning(&ini, "[Profile2] ignored: Firefox stops at the first unusable "
                                   "[Profile1]") >= 0);
    ff_profiles_ini_free(&ini);

    /* No Profile0 at all: nothing, but said. */
    assert_int_equal(ff_profiles_ini_parse("[Profile1]\nName=b\nIsRelative=1\nPath=b\n", &ini), 0);
    assert_int_equal(ini.n, 0);
    assert_int_equal(ini.n_warnings, 1);
    assert_true(find_warning(&ini, "[Profile1] ignored") == 0);
    ff_profiles_ini_free(&ini);

    /* "Profile01" is not "Profile1" for Firefox. */
    assert_int_equal(ff_profiles_ini_parse("[Profile0]\nName=a\nIsRelative=1\nPath=a\n"
                                           "[Profile01]\nName=b\nIsRelative=1\nPath=b\n",
                                           &ini),
                     0);
    assert_int_equal(ini.n, 1);
    assert_int_equal(ini.n_warnings, 0);
    ff_profiles_ini_free(&ini);
}

static void test_missing_path_or_name_skipped(void **state)
{
    (void)state;
    struct ff_profiles_ini ini;
    assert_int_equal(ff_profiles_ini_parse("[Profile0]\nName=nopath\nIsRelative=1\n"
                                           "[Profile1]\nIsRelative=1\nPath=noname\n"
                                           "[Profile2]\nName=good\nIsRelative=1\nPath=good\n",
                                           &ini),
                     0);
    print_warnings(&ini);
    assert_int_equal(ini.n, 1);
    assert_string_equal(ini.profiles[0].name, "good");
    assert_int_equal(ini.n_warnings, 2);
    assert_string_equal(ini.warnings[0], "[Profile0] skipped: no Path= line");
    assert_string_equal(ini.warnings[1], "[Profile1] skipped: no Name= line");
    ff_profiles_ini_free(&ini);
}

static void test_garbage_lines(void **state)
{
    (void)state;
    struct ff_profiles_ini ini;
    assert_int_equal(ff_profiles_ini_parse("[Profile0]\n"
                                           "Name=good\n"
                                           "this is not ini\n" /* line 3 */
                                           "IsRelative=1\n"
                                           "Path=good.default\n"
                                           "\x01\x02\xff garbage\n"
                                           "[Profile1]\n"
                                           "Name=second\nIsRelative=1\nPath=second\n",
                                           &ini),
                     0);
    print_warnings(&ini);
    assert_int_equal(ini.n, 2);
    assert_string_equal(ini.profiles[0].path, "good.default");
    assert_string_equal(ini.profiles[1].path, "second");
    assert_int_equal(ini.n_warnings, 1);
    assert_string_equal(ini.warnings[0], "3: malformed line");
    ff_profiles_ini_free(&ini);

    /* Only garbage: nothing usable. */
    assert_int_equal(ff_profiles_ini_parse("\x7f" "ELF\x02\x01\nmore junk\n", &ini), -1);
    assert_int_equal(ini.n, 0);
    assert_int_equal(ini.n_warnings, 1);
    assert_string_equal(ini.warnings[0], "1: malformed line");
    ff_profiles_ini_free(&ini);

    /* Line numbers count every line end: CR alone (old Mac), LF, and CRLF as one. */
    assert_int_equal(ff_profiles_ini_parse("[Profile0]\rName=a\r\nIsRelative=1\r"
                                           "Path=a\n\r\rnot ini\n",
                                           &ini),
                     0);
    assert_int_equal(ini.n_warnings, 1);
    assert_string_equal(ini.warnings[0], "7: malformed line");
    ff_profiles_ini_free(&ini);
}

/* Firefox ignores the keys under a broken header and strips leading blanks, where
 * inih alone would keep the previous section or continue the previous value. */
static void test_firefox_line_rules(void **state)
{
    (void)state;
    struct ff_profiles_ini ini;
    assert_int_equal(ff_profiles_ini_parse("[Profile0]\n"
                                           "Name=a\n"
                                           "  IsRelative=1\n"      /* indented: still a key */
                                           "\tPath=a.default\n"
                                           "[Profile1\n"           /* unclosed: Firefox's NS_strtok
                                                                      still takes "Profile1" */
                                           "Name=evil\n"
                                           "Path=../../etc\n"        /* no IsRelative: Firefox stops */
                                           "[Profile1] junk\n"     /* line 8: broken header */
                                           "IsRelative=1\n"          /* ignored: no section */
                                           "[Profile0]\n"
                                           "Path: ../../etc\n"     /* not a key for Firefox */
                                           "Path:x=../../etc\n",   /* key "Path:x" */
                                           &ini),
                     0);
    print_warnings(&ini);
    assert_int_equal(ini.n, 1);
    assert_string_equal(ini.profiles[0].name, "a");
    assert_string_equal(ini.profiles[0].path, "a.default");
    assert_true(ini.profiles[0].is_relative);
    assert_int_equal(ini.n_warnings, 2);
    assert_string_equal(ini.warnings[0], "8: malformed line");
    assert_true(find_warning(&ini, "[Profile1] ignored: no IsRelative=") >= 0);
    ff_profiles_ini_free(&ini);

    /* Values are taken as they are: no inline comments, no trimming, the first '='
     * splits; a key after an empty header is ignored. */
    assert_int_equal(ff_profiles_ini_parse("[Profile0]\nName=a ;b\nIsRelative=1\n"
                                           "Path=x=y \n[]\nPath=z\n",
                                           &ini),
                     0);
    assert_int_equal(ini.n, 1);
    assert_string_equal(ini.profiles[0].name, "a ;b");
    assert_string_equal(ini.profiles[0].path, "x=y ");
    assert_string_equal(ini.warnings[0], "5: malformed line");
    ff_profiles_ini_free(&ini);

    /* Windows line ends, a BOM, comments. */
    assert_int_equal(ff_profiles_ini_parse("\xef\xbb\xbf; comment\r\n[Profile0]\r\n# c\r\n"
                                           "Name=a\r\nIsRelative=1\r\nPath=a b\r\n",
                                           &ini),
                     0);
    assert_int_equal(ini.n, 1);
    assert_string_equal(ini.profiles[0].name, "a");
    assert_string_equal(ini.profiles[0].path, "a b");
    assert_int_equal(ini.n_warnings, 0);
    ff_profiles_ini_free(&ini);

    /* "Name = a" is key "Name " for Firefox: the profile has no name, and is skipped. */
    assert_int_equal(ff_profiles_ini_parse("[Profile0]\nName = a\nIsRelative=1\nPath=a\n", &ini),
                     0);
    assert_int_equal(ini.n, 0);
    assert_true(find_warning(&ini, "[Profile0] skipped: no Name= line") >= 0);
    ff_profiles_ini_free(&ini);
}

/* Lines of any length are read whole (libinih's 200-byte buffer split them, and a
 * split Path= named another folder). */
static void test_long_line(void **state)
{
    (void)state;
    char long_path[5000];
    memset(long_path, 'x', sizeof long_path - 1);
    long_path[0] = '/';
    long_path[sizeof long_path - 1] = '\0';
    char *text = xasprintf("[Profile0]\nName=a\nIsRelative=0\nPath=%s\n"
                           "[Profile1]\nName=b\nIsRelative=1\nPath=b\n",
                           long_path);
    struct ff_profiles_ini ini;
    assert_int_equal(ff_profiles_ini_parse(text, &ini), 0);
    print_warnings(&ini);
    assert_int_equal(ini.n, 2);
    assert_string_equal(ini.profiles[0].path, long_path);
    assert_string_equal(ini.profiles[1].name, "b");
    assert_int_equal(ini.n_warnings, 0);
    ff_profiles_ini_free(&ini);
    free(text);
}

static double now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static void test_many_sections(void **state)
{
    (void)state;
    struct ff_strv parts = {0};
    size_t total = 1;
    for (int i = 0; i < 5000; i++) {
        char *s = xasprintf("[Profile%d]\nName=p%d\nIsRelative=1\nPath=p%d.default\n\n", i, i, i);
        total += strlen(s);
        ff_strv_push(&parts, s);
    }
    /* Absurd numbers too: one warning for all of them. */
    const char *absurd = "[Profile99999999999999999999999999]\nName=x\nIsRelative=1\nPath=x\n"
                         "[Profile4294967296]\nName=y\nIsRelative=1\nPath=y\n";
    char *text = xmalloc(total + strlen(absurd));
    size_t o = 0;
    for (size_t i = 0; i < parts.n; i++) {
        size_t l = strlen(parts.v[i]);
        memcpy(text + o, parts.v[i], l);
        o += l;
    }
    strcpy(text + o, absurd);
    ff_strv_free(&parts);

    struct ff_profiles_ini ini;
    double t0 = now();
    assert_int_equal(ff_profiles_ini_parse(text, &ini), 0);
    double elapsed = now() - t0;
    print_warnings(&ini);
    assert_true(elapsed < 1.0);
    assert_int_equal(ini.n, FF_PROFILES_INI_MAX_PROFILES);
    assert_string_equal(ini.profiles[999].name, "p999");
    assert_string_equal(ini.profiles[999].path, "p999.default");
    assert_int_equal(ini.n_warnings, 1);
    assert_string_equal(ini.warnings[0], "sections after [Profile999] ignored: at most 1000 "
                                         "profiles are read");
    ff_profiles_ini_free(&ini);
    free(text);
}

static void test_empty_text(void **state)
{
    (void)state;
    struct ff_profiles_ini ini;
    assert_int_equal(ff_profiles_ini_parse("", &ini), 0);
    assert_int_equal(ini.n, 0);
    assert_int_equal(ini.n_warnings, 0);
    ff_profiles_ini_free(&ini);

    assert_int_equal(ff_profiles_ini_parse("[General]\nStartWithLastProfile=1\n", &ini), 0);
    assert_int_equal(ini.n, 0);
    assert_int_equal(ini.n_warnings, 0);
    ff_profiles_ini_free(&ini);

    assert_int_equal(ff_profiles_ini_parse(NULL, &ini), -1);
    assert_int_equal(ini.n, 0);
    ff_profiles_ini_free(&ini);
    ff_profiles_ini_free(NULL);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_typical_firefox_file),
        cmocka_unit_test(test_is_relative_values),
        cmocka_unit_test(test_default_1),
        cmocka_unit_test(test_install_section_default),
        cmocka_unit_test(test_installs_ini),
        cmocka_unit_test(test_stops_at_first_missing_profile),
        cmocka_unit_test(test_missing_path_or_name_skipped),
        cmocka_unit_test(test_garbage_lines),
        cmocka_unit_test(test_firefox_line_rules),
        cmocka_unit_test(test_long_line),
        cmocka_unit_test(test_many_sections),
        cmocka_unit_test(test_empty_text),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
