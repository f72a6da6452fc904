/* Running work in a child process: as another user (root's --all-users, or a home
 * owned by someone else), with privileges dropped before the child reads anything.
 * The child's rows come back to the parent over a pipe (see rows.h). */
#ifndef FFCERT_WORKER_H
#define FFCERT_WORKER_H

#include <sys/types.h>

#include "core/rows.h"

struct ff_identity {
    const char *name; /* account name: supplementary groups come from it */
    uid_t uid;
    gid_t gid;
    const char *home;
};

typedef void (*ff_work_fn)(void *ctx, struct ff_rowset *out);

struct ff_worker {
    pid_t pid;
    int fd;           /* the read end of the child's pipe */
    const char *name; /* for messages: the user, or NULL */
};

/* Starts work(ctx, rows) in a child; when `as` is not NULL the child first becomes
 * that user (uid, gid, supplementary groups, HOME). Returns 0 or -1 with *err. */
int ff_worker_start(const struct ff_identity *as, ff_work_fn work, void *ctx,
                    struct ff_worker *w, char **err);

/* Waits for the child and appends its rows to rs. Returns 0, or -1 with *err when
 * it ended abnormally (the rows it sent are kept). */
int ff_worker_finish(struct ff_worker *w, struct ff_rowset *rs, char **err);

/* Both in one: runs work in a child and waits for it. */
int ff_worker_run(const struct ff_identity *as, ff_work_fn work, void *ctx,
                  struct ff_rowset *rs, char **err);

#endif
