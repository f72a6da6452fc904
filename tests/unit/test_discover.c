/* Discovery of databases in fake homes (src/disc/discover.c). Every test works in a fresh
 * mkdtemp folder, never in the real HOME. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <errno.h>
#include <fcntl.h>
#include <ftw.h>
#include <limits.h>
#include <pwd.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "disc/discover.h"
#include "util/util.h"

struct fixture {
    char *root;  /* the mkdtemp folder */
    char *home;  /* root/home */
    struct ff_strv warnings;
    struct ff_target_list list;
};

/* ---- helpers ---- */

static void mkdirs(const char *path)
{
    char *p = xstrdup(path);
    for (char *s = p + 1; *s; s++) {
        if (*s != '/')
            continue;
        *s = '\0';
        if (mkdir(p, 0755) != 0 && errno != EEXIST)
            fail_msg("mkdir %s: %s", p, strerror(errno));
        *s = '/';
    }
    if (mkdir(p, 0755) != 0 && errno != EEXIST)
        fail_msg("mkdir %s: %s", p, strerror(errno));
    free(p);
}

/* Writes text to home/rel, creating folders. */
static void put(const struct fixture *f, const char *rel, const char *text)
{
    char *path = ff_path_join(f->home, rel);
    char *dir = xstrdup(path);
    *strrchr(dir, '/') = '\0';
    mkdirs(dir);
    FILE *fp = fopen(path, "w");
    assert_non_null(fp);
    fputs(text, fp);
    assert_int_equal(fclose(fp), 0);
    free(dir);
    free(path);
}

static void mkdir_home(const struct fixture *f, const char *rel)
{
    char *path = ff_path_join(f->home, rel);
    mkdirs(path);
    free(path);
}

static void symlink_home(const struct fixture *f, const char *target, const char *rel)
{
    char *path = ff_path_join(f->home, rel);
    char *dir = xstrdup(path);
    *strrchr(dir, '/') = '\0';
    mkdirs(dir);
    assert_int_equal(symlink(target, path), 0);
    free(dir);
    free(path);
}

/* home/dir/profiles.ini with one relative profile `name` in folder `folder`. */
static void one_profile(const struct fixture *f, const char *dir, const char *name,
                        const char *folder)
{
    char *ini = xasprintf("%s/profiles.ini", dir);
    char *text = xasprintf("[Profile0]\nName=%s\nIsRelative=1\nPath=%s\n\n[General]\n"
                           "StartWithLastProfile=1\nVersion=2\n",
                           name, folder);
    put(f, ini, text);
    char *pdir = xasprintf("%s/%s", dir, folder);
    mkdir_home(f, pdir);
    free(pdir);
    free(text);
    free(ini);
}

/* realpath of home/rel, for comparing with target paths. */
static char *real_home(const struct fixture *f, const char *rel)
{
    char *path = ff_path_join(f->home, rel);
    char *real = realpath(path, NULL);
    if (!real)
        fail_msg("realpath %s: %s", path, strerror(errno));
    free(path);
    return real;
}

static void collect_warning(const char *message, void *ctx)
{
    struct fixture *f = ctx;
    print_message("# warning: %s\n", message);
    ff_strv_push(&f->warnings, xstrdup(message));
}

static void discover(struct fixture *f, const char *xdg)
{
    ff_target_list_free(&f->list);
    ff_strv_free(&f->warnings);
    ff_discover(f->home, xdg, &f->list, collect_warning, f);
}

static bool has_warning(const struct fixture *f, const char *needle)
{
    for (size_t i = 0; i < f->warnings.n; i++)
        if (strstr(f->warnings.v[i], needle))
            return true;
    return false;
}

static void assert_target(const struct fixture *f, size_t i, const char *rel, const char *app)
{
    assert_true(i < f->list.n);
    char *real = real_home(f, rel);
    assert_string_equal(f->list.v[i].path, real);
    assert_string_equal(f->list.v[i].app, app);
    assert_null(f->list.v[i].problem);
    free(real);
}

static int rm_entry(const char *path, const struct stat *st, int flag, struct FTW *ftw)
{
    (void)st;
    (void)flag;
    (void)ftw;
    chmod(path, 0700);
    remove(path);
    return 0;
}

static int setup(void **state)
{
    struct fixture *f = xcalloc(1, sizeof *f);
    const char *tmp = getenv("TMPDIR");
    f->root = xasprintf("%s/ffcert-discover.XXXXXX", tmp && *tmp ? tmp : "/tmp");
    if (!mkdtemp(f->root))
        return -1;
    f->home = ff_path_join(f->root, "home");
    mkdirs(f->home);
    *state = f;
    return 0;
}

static int teardown(void **state)
{
    struct fixture *f = *state;
    nftw(f->root, rm_entry, 16, FTW_DEPTH | FTW_PHYS);
    ff_target_list_free(&f->list);
    ff_strv_free(&f->warnings);
    free(f->home);
    free(f->root);
    free(f);
    return 0;
}

/* ---- tests ---- */

static const struct {
    const char *dir, *app;
} ini_locations[] = {
    {".mozilla/firefox", "firefox"},
    {".config/mozilla/firefox", "firefox"},
    {"snap/firefox/common/.mozilla/firefox", "firefox-snap"},
    {".var/app/org.mozilla.firefox/.mozilla/firefox", "firefox-flatpak"},
    {".var/app/org.mozilla.firefox/config/mozilla/firefox", "firefox-flatpak"},
    {".thunderbird", "thunderbird"},
    {"snap/thunderbird/common/.thunderbird", "thunderbird-snap"},
    {".var/app/org.mozilla.Thunderbird/.thunderbird", "thunderbird-flatpak"},
    {".librewolf", "librewolf"},
    {".var/app/io.gitlab.librewolf-community/.librewolf", "librewolf"},
};
#define N_INI_LOCATIONS (sizeof ini_locations / sizeof ini_locations[0])

static void test_empty_home(void **state)
{
    struct fixture *f = *state;
    discover(f, NULL);
    assert_int_equal(f->list.n, 0);
    assert_int_equal(f->warnings.n, 0);
    /* A home that does not exist at all is just as silent. */
    ff_discover("/nonexistent/ffcert/home", NULL, &f->list, collect_warning, f);
    assert_int_equal(f->list.n, 0);
    assert_int_equal(f->warnings.n, 0);
}

static void test_every_location(void **state)
{
    struct fixture *f = *state;
    for (size_t i = 0; i < N_INI_LOCATIONS; i++) {
        char name[32], folder[32];
        snprintf(name, sizeof name, "name%zu", i);
        snprintf(folder, sizeof folder, "abc%zu.default", i);
        one_profile(f, ini_locations[i].dir, name, folder);
    }
    mkdir_home(f, ".pki/nssdb");
    mkdir_home(f, ".local/share/pki/nssdb");

    discover(f, NULL);
    assert_int_equal(f->warnings.n, 0);
    assert_int_equal(f->list.n, N_INI_LOCATIONS + 2);
    for (size_t i = 0; i < N_INI_LOCATIONS; i++) {
        char *rel = xasprintf("%s/abc%zu.default", ini_locations[i].dir, i);
        char name[32];
        snprintf(name, sizeof name, "name%zu", i);
        assert_target(f, i, rel, ini_locations[i].app);
        assert_string_equal(f->list.v[i].profile_name, name);
        char *ini = xasprintf("%s/%s/profiles.ini", f->home, ini_locations[i].dir);
        assert_string_equal(f->list.v[i].ini_file, ini);
        assert_int_equal(f->list.v[i].format, FF_DB_NONE);
        assert_false(f->list.v[i].in_use);
        assert_int_equal(f->list.v[i].owner_uid, getuid());
        assert_non_null(f->list.v[i].owner);
        free(ini);
        free(rel);
    }
    assert_target(f, N_INI_LOCATIONS, ".pki/nssdb", "chromium");
    assert_target(f, N_INI_LOCATIONS + 1, ".local/share/pki/nssdb", "chromium");
    assert_null(f->list.v[N_INI_LOCATIONS].profile_name);
    assert_null(f->list.v[N_INI_LOCATIONS].ini_file);

    /* $XDG_CONFIG_HOME replaces home/.config; an empty one does not count. */
    char *xdg = ff_path_join(f->root, "xdg");
    char *xdg_ini = xasprintf("%s/mozilla/firefox/profiles.ini", xdg);
    char *xdg_prof = xasprintf("%s/mozilla/firefox/x.default", xdg);
    mkdirs(xdg_prof);
    FILE *fp = fopen(xdg_ini, "w");
    assert_non_null(fp);
    fputs("[Profile0]\nName=xdg\nIsRelative=1\nPath=x.default\n", fp);
    fclose(fp);
    discover(f, xdg);
    assert_int_equal(f->list.n, N_INI_LOCATIONS + 2);
    assert_string_equal(f->list.v[1].profile_name, "xdg");
    assert_string_equal(f->list.v[1].app, "firefox");
    assert_string_equal(f->list.v[1].ini_file, xdg_ini);
    discover(f, "");
    assert_string_equal(f->list.v[1].profile_name, "name1");
    free(xdg_prof);
    free(xdg_ini);
    free(xdg);
}

static void test_chromium_only_if_present(void **state)
{
    struct fixture *f = *state;
    put(f, ".pki/nssdb", "a file, not a folder");
    discover(f, NULL);
    assert_int_equal(f->list.n, 0);
    assert_int_equal(f->warnings.n, 0);
    mkdir_home(f, ".local/share/pki/nssdb");
    put(f, ".local/share/pki/nssdb/cert9.db", "");
    discover(f, NULL);
    assert_int_equal(f->list.n, 1);
    assert_target(f, 0, ".local/share/pki/nssdb", "chromium");
    assert_int_equal(f->list.v[0].format, FF_DB_SQL);
}

static void test_defaults(void **state)
{
    struct fixture *f = *state;
    put(f, ".mozilla/firefox/profiles.ini",
        "[Install4F96D1932A9F858E]\nDefault=abcd1234.default-release\nLocked=1\n\n"
        "[Profile1]\nName=default\nIsRelative=1\nPath=efgh5678.default\nDefault=1\n\n"
        "[Profile0]\nName=default-release\nIsRelative=1\nPath=abcd1234.default-release\n\n"
        "[Profile2]\nName=third\nIsRelative=1\nPath=third\n\n"
        "[General]\nStartWithLastProfile=1\nVersion=2\n");
    put(f, ".mozilla/firefox/installs.ini", "[ABCDEF]\nDefault=third\nLocked=1\n");
    mkdir_home(f, ".mozilla/firefox/abcd1234.default-release");
    mkdir_home(f, ".mozilla/firefox/efgh5678.default");
    mkdir_home(f, ".mozilla/firefox/third");
    discover(f, NULL);
    assert_int_equal(f->warnings.n, 0);
    assert_int_equal(f->list.n, 3);
    assert_target(f, 0, ".mozilla/firefox/abcd1234.default-release", "firefox");
    assert_target(f, 1, ".mozilla/firefox/efgh5678.default", "firefox");
    assert_target(f, 2, ".mozilla/firefox/third", "firefox");
    assert_true(f->list.v[0].is_default);  /* [Install...] */
    assert_true(f->list.v[1].is_default);  /* Default=1 */
    assert_true(f->list.v[2].is_default);  /* installs.ini */
    assert_string_equal(f->list.v[1].profile_name, "default");
}

static void test_dedup_through_symlinks(void **state)
{
    struct fixture *f = *state;
    one_profile(f, ".mozilla/firefox", "real", "r.default");
    /* The flatpak folder is the same folder as ~/.mozilla. */
    char *target = ff_path_join(f->home, ".mozilla");
    symlink_home(f, target, ".var/app/org.mozilla.firefox/.mozilla");
    free(target);
    /* Thunderbird's profiles.ini names the same profile folder by absolute path. */
    char *abs = xasprintf("%s/.mozilla/firefox/r.default", f->home);
    char *text = xasprintf("[Profile0]\nName=tb\nIsRelative=0\nPath=%s\n"
                           "[Profile1]\nName=tb2\nIsRelative=1\nPath=own\n",
                           abs);
    put(f, ".thunderbird/profiles.ini", text);
    mkdir_home(f, ".thunderbird/own");
    /* Chromium's two folders are one. */
    mkdir_home(f, ".local/share/pki/nssdb");
    symlink_home(f, "../.local/share/pki/nssdb", ".pki/nssdb");

    discover(f, NULL);
    assert_int_equal(f->warnings.n, 0);
    assert_int_equal(f->list.n, 3);
    assert_target(f, 0, ".mozilla/firefox/r.default", "firefox");
    assert_string_equal(f->list.v[0].profile_name, "real");
    assert_target(f, 1, ".thunderbird/own", "thunderbird");
    assert_target(f, 2, ".local/share/pki/nssdb", "chromium");

    /* Folders already in the list are not added again. */
    discover(f, NULL);
    ff_discover(f->home, NULL, &f->list, collect_warning, f);
    assert_int_equal(f->list.n, 3);
    free(text);
    free(abs);
}

static void test_escaping_paths_refused(void **state)
{
    struct fixture *f = *state;
    char *outside = ff_path_join(f->root, "outside");
    mkdirs(outside);
    symlink_home(f, outside, ".mozilla/firefox/sneaky");
    mkdir_home(f, ".mozilla/firefox/good.default");
    put(f, ".mozilla/firefox/profiles.ini",
        "[Profile0]\nName=etc\nIsRelative=1\nPath=../../etc\n"
        "[Profile1]\nName=link\nIsRelative=1\nPath=sneaky\n"
        "[Profile2]\nName=dotdot\nIsRelative=1\nPath=good.default/../../firefox/x\n"
        "[Profile3]\nName=notabs\nIsRelative=0\nPath=good.default\n"
        "[Profile4]\nName=good\nIsRelative=1\nPath=./good.default/\n");
    discover(f, NULL);
    assert_int_equal(f->list.n, 1);
    assert_target(f, 0, ".mozilla/firefox/good.default", "firefox");
    assert_int_equal(f->warnings.n, 4);
    char *ini = xasprintf("%s/.mozilla/firefox/profiles.ini", f->home);
    char *w = xasprintf("profile 'etc' in %s: Path=../../etc leads outside", ini);
    assert_true(has_warning(f, w));
    free(w);
    w = xasprintf("profile 'link' in %s: Path=sneaky leads outside", ini);
    assert_true(has_warning(f, w));
    free(w);
    assert_true(has_warning(f, "profile 'dotdot' in"));
    w = xasprintf("profile 'notabs' in %s: IsRelative=0 but Path=good.default is not absolute",
                  ini);
    assert_true(has_warning(f, w));
    free(w);
    free(ini);
    free(outside);
}

static void test_missing_folder_warned(void **state)
{
    struct fixture *f = *state;
    put(f, ".mozilla/firefox/profiles.ini",
        "[Profile0]\nName=gone\nIsRelative=1\nPath=gone.default\n"
        "[Profile1]\nName=abs\nIsRelative=0\nPath=/nonexistent/ffcert/x\n");
    discover(f, NULL);
    assert_int_equal(f->list.n, 0);
    assert_int_equal(f->warnings.n, 2);
    char *w = xasprintf("profile 'gone' in %s/.mozilla/firefox/profiles.ini: folder "
                        "%s/.mozilla/firefox/gone.default does not exist",
                        f->home, f->home);
    assert_string_equal(f->warnings.v[0], w);
    free(w);
    w = xasprintf("profile 'abs' in %s/.mozilla/firefox/profiles.ini: folder "
                  "/nonexistent/ffcert/x does not exist",
                  f->home);
    assert_string_equal(f->warnings.v[1], w);
    free(w);
}

static void test_broken_ini_does_not_stop_discovery(void **state)
{
    struct fixture *f = *state;
    put(f, ".mozilla/firefox/profiles.ini",
        "[Profile0]\nName=a\nthis line is garbage\nIsRelative=1\nPath=a\n");
    mkdir_home(f, ".mozilla/firefox/a");
    mkdir_home(f, ".thunderbird/profiles.ini"); /* unreadable: a folder */
    put(f, ".librewolf/profiles.ini", "\x01\x02\x03\n");
    one_profile(f, ".var/app/io.gitlab.librewolf-community/.librewolf", "lw", "lw.default");
    discover(f, NULL);
    assert_int_equal(f->list.n, 2);
    assert_target(f, 0, ".mozilla/firefox/a", "firefox");
    assert_target(f, 1, ".var/app/io.gitlab.librewolf-community/.librewolf/lw.default",
                  "librewolf");
    assert_int_equal(f->warnings.n, 3);
    char *w = xasprintf("%s/.mozilla/firefox/profiles.ini:3: malformed line", f->home);
    assert_string_equal(f->warnings.v[0], w);
    free(w);
    w = xasprintf("cannot read %s/.thunderbird/profiles.ini", f->home);
    assert_true(has_warning(f, w));
    free(w);
    w = xasprintf("%s/.librewolf/profiles.ini:1: malformed line", f->home);
    assert_string_equal(f->warnings.v[2], w);
    free(w);
}

static void test_formats(void **state)
{
    struct fixture *f = *state;
    put(f, ".mozilla/firefox/profiles.ini",
        "[Profile0]\nName=sql\nIsRelative=1\nPath=sql\n"
        "[Profile1]\nName=legacy\nIsRelative=1\nPath=legacy\n"
        "[Profile2]\nName=none\nIsRelative=1\nPath=none\n"
        "[Profile3]\nName=both\nIsRelative=1\nPath=both\n");
    put(f, ".mozilla/firefox/sql/cert9.db", "");
    put(f, ".mozilla/firefox/legacy/cert8.db", "");
    mkdir_home(f, ".mozilla/firefox/none/cert9.db"); /* a folder is no database */
    put(f, ".mozilla/firefox/both/cert8.db", "");
    put(f, ".mozilla/firefox/both/cert9.db", "");
    discover(f, NULL);
    assert_int_equal(f->list.n, 4);
    assert_int_equal(f->list.v[0].format, FF_DB_SQL);
    assert_int_equal(f->list.v[1].format, FF_DB_LEGACY);
    assert_int_equal(f->list.v[2].format, FF_DB_NONE);
    assert_int_equal(f->list.v[3].format, FF_DB_SQL);
    assert_string_equal(ff_db_format_name(FF_DB_SQL), "sql");
    assert_string_equal(ff_db_format_name(FF_DB_LEGACY), "legacy");
    assert_string_equal(ff_db_format_name(FF_DB_NONE), "none");
    assert_string_equal(ff_db_format_name(FF_DB_INVALID), "invalid");
}

/* A child process holding Firefox's lock on dir/.parentlock until killed (or until the
 * test process goes away, closing the pipe). */
struct locker {
    pid_t pid;
    int stop_fd;
};

static struct locker lock_in_child(const char *dir)
{
    int ready[2], stop[2];
    assert_int_equal(pipe(ready), 0);
    assert_int_equal(pipe(stop), 0);
    char *lockfile = ff_path_join(dir, ".parentlock");
    pid_t pid = fork();
    assert_true(pid >= 0);
    if (pid == 0) {
        close(ready[0]);
        close(stop[1]);
        int fd = open(lockfile, O_WRONLY | O_CREAT, 0644);
        struct flock fl = {.l_type = F_WRLCK, .l_whence = SEEK_SET};
        char c = fd >= 0 && fcntl(fd, F_SETLK, &fl) == 0 ? 'y' : 'n';
        if (write(ready[1], &c, 1) != 1)
            _exit(1);
        while (read(stop[0], &c, 1) < 0 && errno == EINTR)
            ;
        _exit(0);
    }
    free(lockfile);
    close(ready[1]);
    close(stop[0]);
    char c = 0;
    assert_int_equal(read(ready[0], &c, 1), 1);
    close(ready[0]);
    assert_int_equal(c, 'y');
    return (struct locker){pid, stop[1]};
}

/* SIGKILL: the lock goes with the process, and valgrind has no child report to make
 * about memory the child inherited. */
static void unlock_child(struct locker l)
{
    kill(l.pid, SIGKILL);
    close(l.stop_fd);
    int status;
    assert_int_equal(waitpid(l.pid, &status, 0), l.pid);
}

static void test_in_use(void **state)
{
    struct fixture *f = *state;
    one_profile(f, ".mozilla/firefox", "p", "p.default");
    char *dir = real_home(f, ".mozilla/firefox/p.default");
    assert_false(ff_profile_in_use(dir));

    /* What a crashed Firefox leaves: a dangling `lock` symlink, a .parentlock file. */
    char *lock = ff_path_join(dir, "lock");
    assert_int_equal(symlink("127.0.0.1:+999999", lock), 0);
    assert_false(ff_profile_in_use(dir));
    put(f, ".mozilla/firefox/p.default/.parentlock", "");
    assert_false(ff_profile_in_use(dir));

    struct locker l = lock_in_child(dir);
    assert_true(ff_profile_in_use(dir));
    discover(f, NULL);
    assert_int_equal(f->list.n, 1);
    assert_true(f->list.v[0].in_use);
    unlock_child(l);
    assert_false(ff_profile_in_use(dir));

    /* A .parentlock symlink is not followed. */
    char *other = ff_path_join(f->root, "elsewhere");
    mkdirs(other);
    char *parentlock = ff_path_join(dir, ".parentlock");
    assert_int_equal(unlink(parentlock), 0);
    char *target = ff_path_join(other, ".parentlock");
    assert_int_equal(symlink(target, parentlock), 0);
    l = lock_in_child(other);
    assert_true(ff_profile_in_use(other));
    assert_false(ff_profile_in_use(dir));
    unlock_child(l);

    assert_false(ff_profile_in_use("/nonexistent/ffcert"));
    free(target);
    free(parentlock);
    free(other);
    free(lock);
    free(dir);
}

static void test_target_from_dir(void **state)
{
    struct fixture *f = *state;
    struct ff_target_list l = {0};
    char *missing = ff_path_join(f->root, "missing");
    ff_target_from_dir(missing, &l);
    assert_int_equal(l.n, 1);
    assert_int_equal(l.v[0].format, FF_DB_INVALID);
    assert_string_equal(l.v[0].problem, "no such folder");
    assert_string_equal(l.v[0].app, "nssdb");
    assert_string_equal(l.v[0].path, missing);

    mkdir_home(f, "db");
    put(f, "db/cert9.db", "");
    char *db = real_home(f, "db");
    char *file = ff_path_join(db, "cert9.db");
    ff_target_from_dir(file, &l);
    assert_int_equal(l.n, 2);
    assert_int_equal(l.v[1].format, FF_DB_INVALID);
    assert_string_equal(l.v[1].problem,
                        "is a file, not a folder: give the folder that holds cert9.db");

    char *sql = xasprintf("sql:%s/home/../home/db/", f->root);
    ff_target_from_dir(sql, &l);
    assert_int_equal(l.n, 3);
    assert_null(l.v[2].problem);
    assert_string_equal(l.v[2].path, db);
    assert_string_equal(l.v[2].app, "nssdb");
    assert_int_equal(l.v[2].format, FF_DB_SQL);
    assert_false(l.v[2].in_use);
    assert_null(l.v[2].profile_name);
    assert_null(l.v[2].ini_file);
    assert_int_equal(l.v[2].owner_uid, getuid());
    struct passwd *pw = getpwuid(getuid());
    if (pw)
        assert_string_equal(l.v[2].owner, pw->pw_name);

    mkdir_home(f, "empty");
    char *empty = real_home(f, "empty");
    ff_target_from_dir(empty, &l);
    assert_int_equal(l.n, 4);
    assert_null(l.v[3].problem);
    assert_int_equal(l.v[3].format, FF_DB_NONE);

    ff_target_from_dir("", &l);
    assert_int_equal(l.n, 5);
    assert_string_equal(l.v[4].problem, "no such folder");

    ff_target_list_free(&l);
    assert_int_equal(l.n, 0);
    assert_null(l.v);
    free(empty);
    free(sql);
    free(file);
    free(db);
    free(missing);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_empty_home, setup, teardown),
        cmocka_unit_test_setup_teardown(test_every_location, setup, teardown),
        cmocka_unit_test_setup_teardown(test_chromium_only_if_present, setup, teardown),
        cmocka_unit_test_setup_teardown(test_defaults, setup, teardown),
        cmocka_unit_test_setup_teardown(test_dedup_through_symlinks, setup, teardown),
        cmocka_unit_test_setup_teardown(test_escaping_paths_refused, setup, teardown),
        cmocka_unit_test_setup_teardown(test_missing_folder_warned, setup, teardown),
        cmocka_unit_test_setup_teardown(test_broken_ini_does_not_stop_discovery, setup, teardown),
        cmocka_unit_test_setup_teardown(test_formats, setup, teardown),
        cmocka_unit_test_setup_teardown(test_in_use, setup, teardown),
        cmocka_unit_test_setup_teardown(test_target_from_dir, setup, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
