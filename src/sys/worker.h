/* Running work in child processes: as another user (root working on someone else's
 * files: privileges are dropped before the child reads anything), or in parallel.
 * Each child talks to the parent over its own socket (sys/wire.h): the rows it has
 * done, the database it starts (progress, and proof that it is alive), and the
 * primary passwords it needs, which only the parent asks for, one at a time.
 *
 * Time limit: a worker that sends nothing for ff_worker_limit() seconds (no
 * database started or finished, no home searched) is killed and its unfinished work
 * reported as timed out; the clock stops while the parent waits for a person to
 * type a password. Stopping: SIGINT, SIGTERM or SIGHUP to the parent (or its death,
 * even by SIGKILL) makes every worker stop at its next database boundary. */
#ifndef FFCERT_WORKER_H
#define FFCERT_WORKER_H

#include <stdbool.h>
#include <stddef.h>
#include <sys/types.h>

#include "core/rows.h"

struct ff_identity {
    const char *name; /* account name: supplementary groups come from it */
    uid_t uid;
    gid_t gid;
    const char *home;
};

/* Seconds a worker may go without a word: 60 (the test build reads
 * FFCERT_TEST_TIME_LIMIT instead). */
unsigned ff_worker_limit(void);

/* ---- stopping ----------------------------------------------------------------------- */

/* From now on SIGINT, SIGTERM and SIGHUP ask the run to stop instead of ending the
 * process at once; a second one to the parent ends it, and its workers, at once. */
void ff_stop_on_signals(void);

/* The signal that asked to stop, or 0. In a worker, also SIGTERM once its parent is
 * gone (whatever killed it). Checked between databases. */
int ff_stop_requested(void);

/* ---- the time limit in this process ------------------------------------------------ */

/* Work done here rather than in a worker gets the same limit: NSS can loop for hours
 * without returning (creating an object in a cert9.db emptied under it), which a
 * stop at the next database boundary would wait for. Past ff_worker_limit() seconds
 * after ff_time_limit_start, message goes to stderr and the process exits with
 * status 1 at once. */
void ff_time_limit_start(const char *message);
/* The clock stops while a person types a password. */
void ff_time_limit_pause(void);
void ff_time_limit_resume(void);
void ff_time_limit_stop(void);

/* ---- in a worker --------------------------------------------------------------------- */

/* True in a worker process started by ff_jobs_run. */
bool ff_in_worker(void);

/* Tells the parent the worker starts its index-th database. */
void ff_worker_begin(size_t index);

/* Sends the rows (and warnings) to the parent; rs is left empty. */
void ff_worker_send(struct ff_rowset *rs);

/* Asks the parent for the primary password of the database at path: a new string
 * to wipe and free, or NULL (none given, or the run is stopping). */
char *ff_worker_ask(const char *path, const char *app);

/* ---- in the parent ------------------------------------------------------------------- */

typedef void (*ff_work_fn)(void *ctx);

struct ff_job {
    const struct ff_identity *as; /* become this user first; NULL: stay as we are */
    ff_work_fn work;              /* runs in the worker, reporting with ff_worker_* */
    void *ctx;
    const char *name;             /* for messages: the user, or NULL */
    size_t max_rows;              /* it may send at most this many rows (and start as
                                     many databases); 0: no limit */
    /* Filled by ff_jobs_run: */
    struct ff_rowset rows;        /* what the worker sent */
    char *error;                  /* why it ended before its work was done, or NULL */
    bool started;                 /* false: never started (the run was stopping) */
};

struct ff_job_hooks {
    /* A worker started its index-th database (for the progress line); may be NULL. */
    void (*begin)(void *ctx, struct ff_job *job, size_t index);
    /* A worker needs a primary password: ask a person (new string or NULL). */
    char *(*ask)(void *ctx, struct ff_job *job, const char *path, const char *app);
    void *ctx;
};

/* Runs every job in its own worker, at most `parallel` at a time, and returns when
 * all have ended. A stop request (ff_stop_requested) starts no more jobs and asks the
 * running ones to stop at their next database. */
void ff_jobs_run(struct ff_job *jobs, size_t n, size_t parallel, const struct ff_job_hooks *hooks);

/* Frees what ff_jobs_run filled in. */
void ff_job_clear(struct ff_job *job);

#endif
