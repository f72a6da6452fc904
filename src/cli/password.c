/* Primary passwords: from --password-file (certutil's format: the first line), or
 * asked on the terminal without echo, naming the profile. Never retried. In a worker
 * the question goes to the parent, so that two prompts never share the terminal. */
#include "util/i18n.h"
#include "cli/password.h"

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <termios.h>
#include <unistd.h>

#include "sys/worker.h"
#include "util/util.h"

/* The first line of a password file may be this long; the rest of the file, any
 * length, is not read. */
#define MAX_PASSWORD_LINE 65536

/* Overwrites a secret before freeing it. */
static void wipe(char **secret)
{
    if (*secret) {
        explicit_bzero(*secret, strlen(*secret));
        free(*secret);
        *secret = NULL;
    }
}

char *ff_password_first_line(const unsigned char *data, size_t len)
{
    size_t n = 0;
    while (n < len && data[n] != '\n' && data[n] != '\r' && data[n] != '\0')
        n++;
    return xstrndup((const char *)data, n);
}

/* The password of a --password-file: only as much of the file is read as its first
 * line needs. */
static int first_line(const char *file, char **out, char **err)
{
    int fd = ff_open_regular(file, err);
    if (fd < 0)
        return -1;
    unsigned char *buf = xmalloc(MAX_PASSWORD_LINE + 1);
    size_t len = 0;
    bool ended = false;
    int rc = 0;
    while (!ended && len < MAX_PASSWORD_LINE + 1) {
        ssize_t n = read(fd, buf + len, MAX_PASSWORD_LINE + 1 - len);
        if (n < 0 && errno == EINTR)
            continue;
        if (n < 0) {
            *err = xasprintf(_("cannot read %s: %s"), file, strerror(errno));
            rc = -1;
            break;
        }
        if (n == 0)
            break;
        ended = memchr(buf + len, '\n', (size_t)n) || memchr(buf + len, '\r', (size_t)n) ||
                memchr(buf + len, '\0', (size_t)n);
        len += (size_t)n;
    }
    close(fd);
    if (rc == 0) {
        *out = ff_password_first_line(buf, len);
        if (strlen(*out) > MAX_PASSWORD_LINE) {
            wipe(out);
            *err = xasprintf(_("cannot read %s: its first line is longer than %d bytes"), file,
                             MAX_PASSWORD_LINE);
            rc = -1;
        }
    }
    explicit_bzero(buf, MAX_PASSWORD_LINE + 1);
    free(buf);
    return rc;
}

int ff_password_source_init(struct ff_password_source *ps, const char *file, const char *home,
                            char **err)
{
    memset(ps, 0, sizeof *ps);
    ps->home = home;
    if (!file) {
        ps->interactive = isatty(STDIN_FILENO) && isatty(STDERR_FILENO);
        return 0;
    }
    return first_line(file, &ps->from_file, err);
}

/* One line from the terminal (stdin), without its end; NULL on end of input or when
 * the run is being stopped (Ctrl-C at the prompt). */
static char *read_line(void)
{
    size_t cap = 1024, len = 0;
    char *buf = xmalloc(cap);
    bool done = false, got = false;
    while (!done) {
        struct pollfd p = {.fd = STDIN_FILENO, .events = POLLIN};
        int r = poll(&p, 1, 250);
        if (ff_stop_requested())
            break;
        if (r <= 0)
            continue;
        if (len + 1 >= cap)
            xgrow_wiped(&buf, &cap);
        ssize_t n = read(STDIN_FILENO, buf + len, cap - len - 1);
        if (n < 0 && errno == EINTR)
            continue;
        if (n <= 0)
            break;
        char *nl = memchr(buf + len, '\n', (size_t)n);
        len += (size_t)n;
        if (nl) {
            len = (size_t)(nl - buf);
            done = got = true;
        }
    }
    char *line = NULL;
    if (got && !ff_stop_requested()) {
        buf[len] = '\0';
        buf[strcspn(buf, "\r")] = '\0';
        line = xstrdup(buf);
    }
    explicit_bzero(buf, cap);
    free(buf);
    return line;
}

char *ff_password_prompt(struct ff_password_source *ps, const char *path, const char *app,
                         const char *user)
{
    if (!ps->interactive || ff_stop_requested())
        return NULL;
    char *where = ff_path_display(path, user ? NULL : ps->home);
    char *safe_app = ff_term_safe(app);
    if (user) {
        char *who = ff_term_safe(user);
        fprintf(stderr, _("Primary password for %s (%s, user %s): "), where, safe_app, who);
        free(who);
    } else {
        fprintf(stderr, _("Primary password for %s (%s): "), where, safe_app);
    }
    free(where);
    free(safe_app);
    fflush(stderr);
    struct termios saved, quiet;
    bool echo_off = tcgetattr(STDIN_FILENO, &saved) == 0;
    if (echo_off) {
        quiet = saved;
        quiet.c_lflag &= ~(tcflag_t)ECHO;
        quiet.c_lflag |= ICANON;
        tcsetattr(STDIN_FILENO, TCSAFLUSH, &quiet);
    }
    ff_time_limit_pause();
    char *line = read_line();
    ff_time_limit_resume();
    if (echo_off)
        tcsetattr(STDIN_FILENO, TCSAFLUSH, &saved);
    fputc('\n', stderr);
    return line;
}

const char *ff_password_for(const struct ff_target *t, void *ctx)
{
    struct ff_password_source *ps = ctx;
    if (ps->from_file)
        return ps->from_file;
    if (!ps->interactive)
        return NULL;
    wipe(&ps->typed);
    ps->typed = ff_in_worker() ? ff_worker_ask(t->path, t->app)
                               : ff_password_prompt(ps, t->path, t->app, NULL);
    return ps->typed;
}

void ff_password_source_free(struct ff_password_source *ps)
{
    wipe(&ps->from_file);
    wipe(&ps->typed);
}
