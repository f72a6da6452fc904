/* Child processes that become another user before touching that user's files. */
#include "util/i18n.h"
#include "sys/worker.h"
#include "sys/wire.h"

#include <errno.h>
#include <grp.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

/* Becomes `as` for good: groups first, then gid, then uid, and checks that root
 * cannot be regained. */
static int become(const struct ff_identity *as)
{
    int groups = as->name ? initgroups(as->name, as->gid) : setgroups(0, NULL);
    if (groups != 0 || setresgid(as->gid, as->gid, as->gid) != 0 ||
        setresuid(as->uid, as->uid, as->uid) != 0)
        return -1;
    if (as->uid != 0 && (setuid(0) == 0 || geteuid() != as->uid || getegid() != as->gid))
        return -1;
    if (setenv("HOME", as->home, 1) != 0 || unsetenv("XDG_CONFIG_HOME") != 0)
        return -1;
    /* The caller's folder may be unreadable to the user. */
    return chdir("/");
}

static void write_all(int fd, const char *data, size_t len)
{
    while (len > 0) {
        ssize_t n = write(fd, data, len);
        if (n < 0 && errno == EINTR)
            continue;
        if (n <= 0)
            return;
        data += n;
        len -= (size_t)n;
    }
}

static char *read_all(int fd)
{
    size_t cap = 65536, len = 0;
    char *buf = xmalloc(cap);
    for (;;) {
        if (len + 1 == cap)
            buf = xrealloc(buf, cap *= 2);
        ssize_t n = read(fd, buf + len, cap - len - 1);
        if (n < 0 && errno == EINTR)
            continue;
        if (n <= 0)
            break;
        len += (size_t)n;
    }
    buf[len] = '\0';
    return buf;
}

int ff_worker_start(const struct ff_identity *as, ff_work_fn work, void *ctx,
                    struct ff_worker *w, char **err)
{
    int fds[2];
    if (pipe(fds) != 0) {
        *err = xasprintf(_("cannot start a worker: %s"), strerror(errno));
        return -1;
    }
    fflush(NULL);
    pid_t pid = fork();
    if (pid < 0) {
        *err = xasprintf(_("cannot start a worker: %s"), strerror(errno));
        close(fds[0]);
        close(fds[1]);
        return -1;
    }
    if (pid == 0) {
        close(fds[0]);
        if (as && become(as) != 0) {
            fprintf(stderr, _("ffcert: cannot become user %s: %s\n"), as->name ? as->name : "?",
                    strerror(errno));
            _exit(125);
        }
        struct ff_rowset mine = {0};
        work(ctx, &mine);
        char *text = ff_rowset_encode(&mine);
        write_all(fds[1], text, strlen(text));
        free(text);
        ff_rowset_free(&mine);
        _exit(0);
    }
    close(fds[1]);
    w->pid = pid;
    w->fd = fds[0];
    w->name = as ? as->name : NULL;
    return 0;
}

int ff_worker_finish(struct ff_worker *w, struct ff_rowset *rs, char **err)
{
    char *text = read_all(w->fd);
    close(w->fd);
    int status = 0;
    while (waitpid(w->pid, &status, 0) < 0 && errno == EINTR)
        ;
    struct ff_rowset theirs;
    bool decoded = *text && ff_rowset_decode(text, &theirs) == 0;
    free(text);
    if (decoded)
        ff_rowset_take(rs, &theirs);
    if (WIFEXITED(status) && WEXITSTATUS(status) == 0 && decoded)
        return 0;
    int code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
    if (WIFSIGNALED(status) && w->name)
        *err = xasprintf(_("the worker for %s was killed by signal %d"), w->name, WTERMSIG(status));
    else if (WIFSIGNALED(status))
        *err = xasprintf(_("a worker was killed by signal %d"), WTERMSIG(status));
    else if (code == 125)
        *err = xasprintf(_("cannot become user %s"), w->name ? w->name : "?");
    else if (w->name)
        *err = xasprintf(_("the worker for %s ended without a result (status %d)"), w->name, code);
    else
        *err = xasprintf(_("a worker ended without a result (status %d)"), code);
    return -1;
}

int ff_worker_run(const struct ff_identity *as, ff_work_fn work, void *ctx,
                  struct ff_rowset *rs, char **err)
{
    struct ff_worker w;
    if (ff_worker_start(as, work, ctx, &w, err) != 0)
        return -1;
    return ff_worker_finish(&w, rs, err);
}
