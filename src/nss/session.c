/* One database open at a time, as NSS allows: NSS_Initialize with the flags that
 * load nothing a profile names (NSS_INIT_NOMODDB | NSS_INIT_NOROOTINIT, "sql:"),
 * retried while another program holds the file busy, and NSS_Shutdown checked: a
 * shutdown that fails (an object still referenced) leaves NSS unusable in this
 * process. */
#include "util/i18n.h"
#include "nss/nss.h"

#include <dlfcn.h>
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <nss.h>
#include <pk11pub.h>
#include <prerror.h>
#include <prinit.h>
#include <prinrval.h>
#include <prthread.h>
#include <secerr.h>

#include "nss/internal.h"
#include "nss/mac.h"
#include "util/util.h"

/* "what: NSS's explanation (CODE)" for the current NSS/NSPR error. */
/* what is an English message, translated here (xgettext keyword nss_error). */
char *nss_error(const char *what)
{
    PRErrorCode code = PR_GetError();
    what = _(what);
    if (code == 0) {
        /* NSS failed without setting an error (seen when a database changed under a
         * run): the system's error, if any, is the best account there is. */
        PRInt32 os = PR_GetOSError();
        return os > 0 ? xasprintf("%s: %s", what, strerror(os))
                      : xasprintf(_("%s: NSS gave no reason"), what);
    }
    const char *name = PR_ErrorToName(code);
    const char *text = PR_ErrorToString(code, PR_LANGUAGE_I_DEFAULT);
    if (!name)
        return xasprintf(_("%s: NSS error %d"), what, (int)code);
    if (!text || !*text || strstr(text, "Unknown code"))
        return xasprintf("%s: %s", what, name);
    return xasprintf("%s: %s (%s)", what, text, name);
}


/* Each NSS_Initialize loads the softoken (dlopen, relocation, freebl's start-up
 * work) and each NSS_Shutdown unloads it: two thirds of a small import's
 * instructions (callgrind). Holding one reference for the whole process makes the
 * later loads reference counts. NSS's probe for network filesystems (dozens of
 * stat() of files that do not exist, per open) and the table cache it may set up only
 * pay off for long-lived opens: turned off. */
static void once_per_process(void)
{
    dlopen("libsoftokn3.so", RTLD_NOW | RTLD_NODELETE);
    dlopen("libfreeblpriv3.so", RTLD_NOW | RTLD_NODELETE);
    /* Forced: with the cache, reads (the read-back too) come from a temporary copy
     * of the tables, refreshed after each commit, instead of the file itself. */
    setenv("NSS_SDB_USE_CACHE", "no", 1);
}

static void nss_prepare_process(void)
{
    static pthread_once_t once = PTHREAD_ONCE_INIT;
    pthread_once(&once, once_per_process);
}

/* A database another program writes to (a running Firefox) can be busy for a
 * moment: SQLite's own busy timeout is short, so NSS_Initialize fails with a generic
 * PKCS#11 error. Retried with backoff, about 6 s in all. */
static const unsigned busy_backoff_ms[] = {100, 200, 400, 800, 1600, 3200};

/* SQLite's lock bytes ("File Locking And Concurrency In SQLite Version 3"): a
 * writer in another process holds a lock there. */
#define SQLITE_PENDING_BYTE 0x40000000L
#define SQLITE_LOCK_BYTES 512

/* Is a lock held on dir/name's bytes [start, start + len) (len 0: to the end)? If so,
 * *pid is the holder's process id, or 0 when the kernel cannot tell (another PID
 * namespace, an open file description lock). O_NONBLOCK: a FIFO must not hang us. */
static bool lock_held(const char *dir, const char *name, off_t start, off_t len, long *pid)
{
    char *path = ff_path_join(dir, name);
    int fd = open(path, O_RDONLY | O_CLOEXEC | O_NOFOLLOW | O_NONBLOCK);
    free(path);
    if (fd < 0)
        return false;
    struct flock fl = {.l_type = F_WRLCK, .l_whence = SEEK_SET, .l_start = start,
                       .l_len = len};
    bool locked = fcntl(fd, F_GETLK, &fl) == 0 && fl.l_type != F_UNLCK;
    close(fd);
    if (locked && pid)
        *pid = fl.l_pid > 0 ? (long)fl.l_pid : 0;
    return locked;
}

static bool file_locked(const char *dir, const char *name)
{
    return lock_held(dir, name, SQLITE_PENDING_BYTE, SQLITE_LOCK_BYTES, NULL);
}

/* "PID 1234, firefox-esr": who holds a lock, for a message. */
static char *describe_process(long pid)
{
    char path[64], comm[64] = "";
    snprintf(path, sizeof path, "/proc/%ld/comm", pid);
    FILE *f = fopen(path, "re");
    if (f) {
        if (!fgets(comm, sizeof comm, f))
            comm[0] = '\0';
        fclose(f);
        comm[strcspn(comm, "\n")] = '\0';
    }
    return *comm ? xasprintf(_("PID %ld, %s"), pid, comm) : xasprintf(_("PID %ld"), pid);
}

/* The error for a database that stayed locked through every retry: busy, not
 * broken, and by whom when the kernel or the profile's .parentlock tells. */
static char *busy_error(const char *dir, unsigned waited_s)
{
    long pid = 0, profile_pid = 0;
    if (!lock_held(dir, "cert9.db", SQLITE_PENDING_BYTE, SQLITE_LOCK_BYTES, &pid))
        lock_held(dir, "key4.db", SQLITE_PENDING_BYTE, SQLITE_LOCK_BYTES, &pid);
    bool profile_open = lock_held(dir, ".parentlock", 0, 0, &profile_pid);
    char *holder = pid ? describe_process(pid) : NULL;
    char *owner = profile_open && profile_pid ? describe_process(profile_pid) : NULL;
    char *msg;
    if (holder)
        msg = xasprintf(_("database busy: another program (%s) kept it locked for %u s; "
                          "run again when it has finished"), holder, waited_s);
    else
        msg = xasprintf(_("database busy: another program kept it locked for %u s; "
                          "run again when it has finished"), waited_s);
    if (profile_open) {
        char *more = owner ? xasprintf(_("%s (the profile is open in %s)"), msg, owner)
                           : xasprintf(_("%s (the profile is open in a running program)"), msg);
        free(msg);
        msg = more;
    }
    free(holder);
    free(owner);
    return msg;
}

/* Busy, as opposed to broken: NSS reports a database locked by another process as a
 * generic PKCS#11 error, or (read-only) as a bad database; only the lock tells the
 * second apart from a corrupt file. */
static bool is_busy(const char *dir, PRErrorCode code)
{
    if (code == SEC_ERROR_PKCS11_GENERAL_ERROR || code == SEC_ERROR_BUSY)
        return true;
    return code == SEC_ERROR_BAD_DATABASE &&
           (file_locked(dir, "cert9.db") || file_locked(dir, "key4.db"));
}

static void sleep_ms(unsigned ms)
{
    PR_Sleep(PR_MillisecondsToInterval(ms));
}

/* A program killed while writing leaves SQLite's rollback journal behind ("hot"): a
 * read-only opener cannot roll it back and NSS calls the database bad. */
static bool hot_journal(const char *dir)
{
    static const char *const journals[] = {"cert9.db-journal", "key4.db-journal"};
    for (size_t i = 0; i < sizeof journals / sizeof journals[0]; i++) {
        char *path = ff_path_join(dir, journals[i]);
        struct stat st;
        bool hot = lstat(path, &st) == 0 && S_ISREG(st.st_mode) && st.st_size > 0;
        free(path);
        if (hot)
            return true;
    }
    return false;
}

int nss_session_open(const char *dir, bool readonly, struct nss_session *s, char **err)
{
    nss_prepare_process();
    PRIntervalTime started = PR_IntervalNow();
    /* NSS (SQLite) opens these without O_NONBLOCK: a FIFO planted as one of them would
     * block this process for good, a device could do worse. Only regular files (or
     * none yet) are left to NSS; a swap after this look meets the worker's time limit. */
    static const char *const files[] = {"cert9.db",         "key4.db",         "pkcs11.txt",
                                        "cert9.db-journal", "key4.db-journal", "cert9.db-wal",
                                        "key4.db-wal"};
    for (size_t i = 0; i < sizeof files / sizeof files[0]; i++) {
        char *path = ff_path_join(dir, files[i]);
        struct stat st;
        if (stat(path, &st) == 0 && !S_ISREG(st.st_mode)) {
            *err = xasprintf(_("cannot open the database: %s is not a regular file"), path);
            free(path);
            return -1;
        }
        free(path);
    }
    char *config = xasprintf("sql:%s", dir);
    /* OPTIMIZESPACE: smaller hash tables, which only pay off in long sessions; ours
     * last one database operation. 11% fewer instructions per import (callgrind,
     * which unlike wall-clock timings here is repeatable). */
    PRUint32 flags = NSS_INIT_NOMODDB | NSS_INIT_NOROOTINIT | NSS_INIT_OPTIMIZESPACE;
    if (readonly)
        flags |= NSS_INIT_READONLY;
    SECStatus rv = NSS_Initialize(config, "", "", SECMOD_DB, flags);
    /* Recovery, not a change: one read-write open lets SQLite roll the interrupted
     * transaction back to the last committed state; then read as asked. */
    if (rv != SECSuccess && readonly && hot_journal(dir) &&
        NSS_Initialize(config, "", "", SECMOD_DB, flags & ~(PRUint32)NSS_INIT_READONLY) ==
            SECSuccess &&
        NSS_Shutdown() == SECSuccess)
        rv = NSS_Initialize(config, "", "", SECMOD_DB, flags);
    for (size_t i = 0; rv != SECSuccess && is_busy(dir, PR_GetError()) &&
                       i < sizeof busy_backoff_ms / sizeof busy_backoff_ms[0];
         i++) {
        sleep_ms(busy_backoff_ms[i]);
        rv = NSS_Initialize(config, "", "", SECMOD_DB, flags);
    }
    free(config);
    if (rv != SECSuccess && (file_locked(dir, "cert9.db") || file_locked(dir, "key4.db"))) {
        *err = busy_error(dir, PR_IntervalToSeconds(PR_IntervalNow() - started));
        return -1;
    }
    if (rv != SECSuccess) {
        *err = nss_error(readonly ? "cannot open the database" :
                                    "cannot open the database for writing");
        /* NSS says "read-only database" for what is a permission refusal. */
        char *file = ff_path_join(dir, "cert9.db");
        if (!readonly && access(file, W_OK) != 0) {
            int saved = errno;
            free(*err);
            *err = xasprintf(_("cannot open the database for writing: %s: %s"), file,
                             strerror(saved));
        }
        free(file);
        return -1;
    }
    s->slot = PK11_GetInternalKeySlot();
    s->handle = CERT_GetDefaultCertDB();
    s->dir = dir;
    s->macs = NULL;
    s->password = s->slot && PK11_NeedLogin(s->slot) ? NULL : "";
    if (!s->slot || !s->handle) {
        *err = nss_error("the database has no internal key slot");
        if (s->slot)
            PK11_FreeSlot(s->slot);
        NSS_Shutdown();
        return -1;
    }
    return 0;
}

/* Closes the session; rc is the result so far, which a failed shutdown overrides. */
int nss_session_close(struct nss_session *s, int rc, char **err)
{
    ff_mac_close(s->macs);
    PK11_FreeSlot(s->slot);
    if (NSS_Shutdown() != SECSuccess) {
        char *why = nss_error("NSS did not shut down cleanly (an object was still in use)");
        if (rc != 0 && *err) {
            char *both = xasprintf("%s; %s", *err, why);
            free(*err);
            free(why);
            why = both;
        }
        *err = why;
        return FF_ERR_FATAL;
    }
    return rc;
}


bool nss_login_needed(struct nss_session *s)
{
    return PK11_NeedLogin(s->slot) && !PK11_IsLoggedIn(s->slot, NULL);
}

const char *ff_nss_version(void)
{
    return NSS_GetVersion();
}

void ff_nss_cleanup(void)
{
    PR_Cleanup();
}

const char *ff_nspr_version(void)
{
    return PR_GetVersion();
}
