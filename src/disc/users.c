/* Listing the human accounts of a workstation, as useradd defines them. */
#include "disc/users.h"

#include <errno.h>
#include <pwd.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "util/util.h"

/* A number from /etc/login.defs ("UID_MIN 1000"), or fallback. */
static long login_defs(const char *key, long fallback)
{
    FILE *f = fopen("/etc/login.defs", "r");
    if (!f)
        return fallback;
    char line[256];
    long value = fallback;
    size_t klen = strlen(key);
    while (fgets(line, sizeof line, f)) {
        if (strncmp(line, key, klen) == 0 && (line[klen] == ' ' || line[klen] == '\t')) {
            char *end;
            long v = strtol(line + klen, &end, 10);
            if (end != line + klen && v >= 0)
                value = v;
        }
    }
    fclose(f);
    return value;
}

static bool real_shell(const char *shell)
{
    if (!shell || !*shell || strstr(shell, "nologin") || strstr(shell, "/false"))
        return false;
    bool listed = false;
    setusershell();
    for (char *s; (s = getusershell());)
        if (!strcmp(s, shell))
            listed = true;
    endusershell();
    return listed;
}

static int by_name(const void *a, const void *b)
{
    return strcmp(((const struct ff_account *)a)->name, ((const struct ff_account *)b)->name);
}

void ff_accounts_list(struct ff_accounts *out)
{
    memset(out, 0, sizeof *out);
    long uid_min = login_defs("UID_MIN", 1000), uid_max = login_defs("UID_MAX", 60000);
    FILE *f = NULL;
#ifdef FFCERT_TEST_FAULTS
    /* Test builds only (build/tests/ffcert-faults): the accounts of another
     * passwd-format file, so that tests touch no real account. */
    const char *alt = getenv("FFCERT_PASSWD_FILE");
    if (alt && !(f = fopen(alt, "r")))
        return;
#endif
    if (!f)
        setpwent();
    size_t cap = 0;
    for (struct passwd *pw; (pw = f ? fgetpwent(f) : getpwent());) {
        /* A home that does not exist holds no profiles; one that root cannot even
         * look at (a network home) is still listed: its own user may read it, and if
         * not, the report says so. */
        struct stat st;
        if ((long)pw->pw_uid < uid_min || (long)pw->pw_uid > uid_max ||
            !real_shell(pw->pw_shell) || !pw->pw_dir || pw->pw_dir[0] != '/' ||
            (stat(pw->pw_dir, &st) != 0 && (errno == ENOENT || errno == ENOTDIR)))
            continue;
        if (out->n == cap) {
            cap = cap ? cap * 2 : 16;
            out->v = xrealloc(out->v, cap * sizeof *out->v);
        }
        out->v[out->n++] = (struct ff_account){xstrdup(pw->pw_name), pw->pw_uid, pw->pw_gid,
                                               xstrdup(pw->pw_dir)};
    }
    if (f)
        fclose(f);
    else
        endpwent();
    qsort(out->v, out->n, sizeof *out->v, by_name);
}

void ff_accounts_free(struct ff_accounts *a)
{
    for (size_t i = 0; i < a->n; i++) {
        free(a->v[i].name);
        free(a->v[i].home);
    }
    free(a->v);
    memset(a, 0, sizeof *a);
}
