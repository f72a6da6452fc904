/* Primary passwords: from --password-file (certutil's format: the first line), or
 * asked on the terminal without echo, naming the profile. Never retried. */
#include "util/i18n.h"
#include "cli/password.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <termios.h>
#include <unistd.h>

#include "util/util.h"

/* Overwrites a secret before freeing it. */
static void wipe(char **secret)
{
    if (*secret) {
        explicit_bzero(*secret, strlen(*secret));
        free(*secret);
        *secret = NULL;
    }
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
    unsigned char *data;
    size_t len;
    if (ff_read_file(file, 4096, &data, &len, err) != 0)
        return -1;
    size_t n = 0;
    while (n < len && data[n] != '\n' && data[n] != '\r')
        n++;
    ps->from_file = xstrndup((const char *)data, n);
    explicit_bzero(data, len);
    free(data);
    return 0;
}

const char *ff_password_for(const struct ff_target *t, void *ctx)
{
    struct ff_password_source *ps = ctx;
    if (ps->from_file)
        return ps->from_file;
    if (!ps->interactive)
        return NULL;

    char *where = ff_path_display(t->path, ps->home);
    fprintf(stderr, _("Primary password for %s (%s): "), where, t->app);
    free(where);
    struct termios saved, quiet;
    bool echo_off = tcgetattr(STDIN_FILENO, &saved) == 0;
    if (echo_off) {
        quiet = saved;
        quiet.c_lflag &= ~(tcflag_t)ECHO;
        tcsetattr(STDIN_FILENO, TCSAFLUSH, &quiet);
    }
    char buf[1024];
    char *line = fgets(buf, sizeof buf, stdin);
    if (echo_off)
        tcsetattr(STDIN_FILENO, TCSAFLUSH, &saved);
    fputc('\n', stderr);
    wipe(&ps->typed);
    if (line) {
        buf[strcspn(buf, "\r\n")] = '\0';
        ps->typed = xstrdup(buf);
    }
    explicit_bzero(buf, sizeof buf);
    return ps->typed;
}

void ff_password_source_free(struct ff_password_source *ps)
{
    wipe(&ps->from_file);
    wipe(&ps->typed);
}
