/* The accounts of this machine that --all-users works on. */
#ifndef FFCERT_USERS_H
#define FFCERT_USERS_H

#include <stddef.h>
#include <sys/types.h>

struct ff_account {
    char *name;
    uid_t uid;
    gid_t gid;
    char *home;
};

struct ff_accounts {
    struct ff_account *v;
    size_t n;
};

/* Every account with UID_MIN <= uid <= UID_MAX (from /etc/login.defs, else 1000 and
 * 60000), a real login shell (listed in /etc/shells, not nologin or false) and a home
 * that exists (or cannot be looked at: the report then says so), sorted by name. The
 * passwd database is read with getpwent; in the test build only
 * (build/tests/ffcert-faults), FFCERT_PASSWD_FILE names another passwd-format file. */
void ff_accounts_list(struct ff_accounts *out);
void ff_accounts_free(struct ff_accounts *a);

#endif
