/* Files: reading one whole, writing one atomically, making folders. A file a user
 * names may be a FIFO or a device: it is refused, never waited on. */
#include "util/i18n.h"
#include "util/util.h"

#include <errno.h>
#include <fcntl.h>
#include <libgen.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

int ff_open_regular(const char *path, char **err)
{
    /* O_NONBLOCK, then only a regular file: a FIFO (or a device) named by a user
     * would otherwise block the run for good. */
    int fd = open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC);
    struct stat st;
    if (fd < 0 || fstat(fd, &st) != 0) {
        *err = xasprintf(_("cannot read %s: %s"), path, strerror(errno));
        if (fd >= 0)
            close(fd);
        return -1;
    }
    if (!S_ISREG(st.st_mode)) {
        *err = xasprintf(_("cannot read %s: %s"), path,
                         S_ISDIR(st.st_mode) ? strerror(EISDIR) : _("not a regular file"));
        close(fd);
        return -1;
    }
    return fd;
}

int ff_read_file(const char *path, size_t max, unsigned char **buf, size_t *len, char **err)
{
    int fd = ff_open_regular(path, err);
    if (fd < 0)
        return -1;
    FILE *f = fdopen(fd, "rb");
    if (!f) {
        *err = xasprintf(_("cannot read %s: %s"), path, strerror(errno));
        close(fd);
        return -1;
    }
    size_t cap = 4096, n = 0;
    unsigned char *data = xmalloc(cap);
    for (;;) {
        if (n == cap) {
            if (cap > max)
                break;
            cap *= 2;
            data = xrealloc(data, cap);
        }
        size_t got = fread(data + n, 1, cap - n, f);
        n += got;
        if (got == 0)
            break;
    }
    int failed = ferror(f);
    int saved = errno;
    fclose(f);
    if (failed) {
        *err = xasprintf(_("cannot read %s: %s"), path, strerror(saved));
        free(data);
        return -1;
    }
    if (n > max) {
        *err = xasprintf(_("cannot read %s: larger than %zu bytes"), path, max);
        free(data);
        return -1;
    }
    *buf = data;
    *len = n;
    return 0;
}

int ff_mkdir_p(const char *dir, char **err)
{
    struct stat st;
    if (stat(dir, &st) == 0) {
        if (S_ISDIR(st.st_mode))
            return 0;
        *err = xasprintf(_("%s: not a folder"), dir);
        return -1;
    }
    char *copy = xstrdup(dir);
    char *parent = xstrdup(dirname(copy));
    free(copy);
    int rc = 0;
    if (strcmp(parent, dir) != 0 && strcmp(parent, ".") != 0 && strcmp(parent, "/") != 0)
        rc = ff_mkdir_p(parent, err);
    free(parent);
    if (rc != 0)
        return rc;
    if (mkdir(dir, 0755) != 0 && errno != EEXIST) {
        *err = xasprintf(_("cannot create %s: %s"), dir, strerror(errno));
        return -1;
    }
    chmod(dir, 0755); /* whatever the umask: Firefox runs as other users */
    return 0;
}

static int fsync_dir(const char *path)
{
    char *copy = xstrdup(path);
    int fd = open(dirname(copy), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    free(copy);
    if (fd < 0)
        return -1;
    int rc = fsync(fd);
    close(fd);
    return rc;
}

int ff_write_atomic(const char *path, const void *data, size_t len, unsigned mode,
                    char **err)
{
    char *copy = xstrdup(path);
    char *dir = xstrdup(dirname(copy));
    free(copy);
    copy = xstrdup(path);
    char *tmp = xasprintf("%s/.%s.XXXXXX", dir, basename(copy));
    free(copy);
    free(dir);
    int fd = mkstemp(tmp);
    if (fd < 0) {
        *err = xasprintf(_("cannot write %s: %s"), path, strerror(errno));
        free(tmp);
        return -1;
    }
    const char *p = data;
    size_t left = len;
    int rc = 0;
    while (rc == 0 && left) {
        ssize_t w = write(fd, p, left);
        if (w < 0 && errno == EINTR)
            continue;
        if (w <= 0)
            rc = -1;
        else {
            p += w;
            left -= (size_t)w;
        }
    }
    if (rc == 0 && fchmod(fd, mode) != 0)
        rc = -1;
    if (rc == 0 && fsync(fd) != 0)
        rc = -1;
    int saved = errno;
    if (close(fd) != 0 && rc == 0) {
        rc = -1;
        saved = errno;
    }
    if (rc == 0 && rename(tmp, path) != 0) {
        rc = -1;
        saved = errno;
    }
    if (rc != 0) {
        unlink(tmp);
        *err = xasprintf(_("cannot write %s: %s"), path, strerror(saved));
    } else {
        fsync_dir(path);
    }
    free(tmp);
    return rc;
}
