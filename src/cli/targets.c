/* The shared body of import, status and remove: load the source once, find the
 * databases, apply the action to each in turn, report, and choose the exit status.
 *
 * Running as root, the work on a home or profile that belongs to someone else runs
 * in a child process that has become that user first (see worker.c): root never
 * reads or writes a file a user could have planted. */
#include "util/i18n.h"
#include "cli/cli.h"

#include <pwd.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cli/password.h"
#include "report/report.h"
#include "core/rows.h"
#include "disc/users.h"
#include "sys/worker.h"

/* What one process does: one home, or the --profile folders. */
struct work {
    const struct ff_options *opts;
    const struct ff_request *req;
    const char *home;             /* discover here; NULL: as the options say */
    const struct ff_strv *profiles; /* or exactly these folders */
    const char *user;             /* tags the rows (--all-users) */
    const char *shown_home;       /* for the progress line */
};

static void progress(const struct work *w, size_t done, size_t total, const char *path)
{
    if (w->opts->json || total < 2 || !isatty(STDERR_FILENO))
        return;
    if (done == total) {
        fputs("\r\033[K", stderr);
        return;
    }
    char *where = ff_path_display(path, w->shown_home);
    fprintf(stderr, "\r\033[K[%zu/%zu]%s%s %s", done + 1, total, w->user ? " " : "",
            w->user ? w->user : "", where);
    free(where);
}

/* Applies the request to one target (moved into a new row). *stopped: NSS could not
 * shut down, so this process must open nothing more. */
static struct ff_row *new_row(const struct work *w, struct ff_target *t, struct ff_rowset *rs)
{
    struct ff_row *row = ff_rowset_push(rs);
    row->target = *t;
    memset(t, 0, sizeof *t);
    row->user = w->user ? xstrdup(w->user) : NULL;
    return row;
}

static void not_processed(const struct work *w, struct ff_target *t, struct ff_rowset *rs,
                          const char *why)
{
    struct ff_row *row = new_row(w, t, rs);
    row->outcome.result = FF_RESULT_FAILED;
    row->outcome.reason = xasprintf(_("not processed: %s"), why);
}

static void apply_one(const struct work *w, struct ff_target *t, struct ff_rowset *rs,
                      bool *stopped)
{
    if (*stopped) {
        not_processed(w, t, rs, _("NSS could not close the previous database"));
        return;
    }
    struct ff_row *row = new_row(w, t, rs);
    ff_apply(w->req, &row->target, &row->outcome);
    *stopped = row->outcome.fatal;
}

/* Every jobs-th target from first, for one parallel worker. */
struct slice {
    const struct work *w;
    struct ff_target_list *targets;
    size_t first, step;
    size_t *started; /* shared by the workers (MAP_SHARED), for the progress line */
};

static void apply_slice(void *arg, struct ff_rowset *rs)
{
    const struct slice *sl = arg;
    bool stopped = false;
    for (size_t i = sl->first; i < sl->targets->n; i += sl->step) {
        size_t n = __atomic_fetch_add(sl->started, 1, __ATOMIC_RELAXED);
        progress(sl->w, n, sl->targets->n, sl->targets->v[i].path);
        apply_one(sl->w, &sl->targets->v[i], rs, &stopped);
    }
}

/* -j N: N processes, each opening one database at a time as NSS requires. Rows come
 * back in discovery order whatever finishes first. */
static void apply_parallel(const struct work *w, struct ff_target_list *targets, size_t jobs,
                           struct ff_rowset *rs)
{
    struct ff_worker *workers = xcalloc(jobs, sizeof *workers);
    struct ff_rowset *parts = xcalloc(jobs, sizeof *parts);
    struct slice *slices = xcalloc(jobs, sizeof *slices);
    char **errors = xcalloc(jobs, sizeof *errors);
    size_t *started = mmap(NULL, sizeof *started, PROT_READ | PROT_WRITE,
                           MAP_SHARED | MAP_ANONYMOUS, -1, 0);
    static size_t unshared; /* without shared memory the count is per worker: still fine */
    if (started == MAP_FAILED)
        started = &unshared;
    *started = 0;
    for (size_t k = 0; k < jobs; k++) {
        slices[k] = (struct slice){w, targets, k, jobs, started};
        if (ff_worker_start(NULL, apply_slice, &slices[k], &workers[k], &errors[k]) != 0)
            workers[k].pid = 0;
    }
    for (size_t k = 0; k < jobs; k++)
        if (workers[k].pid > 0)
            ff_worker_finish(&workers[k], &parts[k], &errors[k]);
    progress(w, targets->n, targets->n, NULL);
    if (started != &unshared)
        munmap(started, sizeof *started);
    for (size_t i = 0; i < targets->n; i++) {
        struct ff_rowset *part = &parts[i % jobs];
        size_t j = i / jobs;
        if (j < part->n) {
            *ff_rowset_push(rs) = part->v[j];
            memset(&part->v[j], 0, sizeof part->v[j]);
            continue;
        }
        /* Its worker died before reaching it. */
        not_processed(w, &targets->v[i], rs,
                      errors[i % jobs] ? errors[i % jobs] : _("the worker failed"));
    }
    for (size_t k = 0; k < jobs; k++) {
        ff_rowset_free(&parts[k]);
        free(errors[k]);
    }
    free(parts);
    free(slices);
    free(workers);
    free(errors);
}

static void do_work(void *arg, struct ff_rowset *rs)
{
    const struct work *w = arg;
    struct ff_target_list targets = {0};
    ff_collect_targets(w->opts, w->home, w->profiles, &targets, &rs->warnings);
    size_t jobs = (size_t)w->opts->jobs < targets.n ? (size_t)w->opts->jobs : targets.n;
    if (jobs > 1) {
        apply_parallel(w, &targets, jobs, rs);
    } else {
        bool stopped = false;
        for (size_t i = 0; i < targets.n; i++) {
            progress(w, i, targets.n, targets.v[i].path);
            apply_one(w, &targets.v[i], rs, &stopped);
        }
        progress(w, targets.n, targets.n, NULL);
    }
    ff_target_list_free(&targets);
}

/* A worker that could not run becomes a failed row, so the report still shows it. */
static void worker_failed(struct ff_rowset *rs, const char *where, const char *user, char *err)
{
    struct ff_row *row = ff_rowset_push(rs);
    row->target.path = xstrdup(where);
    row->target.app = xstrdup("home");
    row->target.format = FF_DB_INVALID;
    row->user = user ? xstrdup(user) : NULL;
    row->outcome.result = FF_RESULT_FAILED;
    row->outcome.reason = err;
}

static void run_as(const struct ff_identity *id, struct work *w, struct ff_rowset *rs,
                   const char *where)
{
    char *err = NULL;
    if (ff_worker_run(id, do_work, w, rs, &err) != 0)
        worker_failed(rs, where, w->user, err);
}

/* --all-users: every account's home, each in a child running as that account. */
static void run_all_users(const struct work *base, struct ff_rowset *rs)
{
    struct ff_accounts accounts;
    ff_accounts_list(&accounts);
    for (size_t i = 0; i < accounts.n; i++) {
        const struct ff_account *a = &accounts.v[i];
        struct ff_identity id = {a->name, a->uid, a->gid, a->home};
        struct work w = *base;
        w.home = a->home;
        w.shown_home = a->home;
        w.user = a->name;
        run_as(&id, &w, rs, a->home);
    }
    ff_accounts_free(&accounts);
}

/* Whose work a folder is: its owner when root runs, else ours (0 for a folder that
 * does not exist: it only becomes an error row). */
static uid_t folder_owner(const char *folder)
{
    struct stat st;
    if (geteuid() != 0 || stat(folder, &st) != 0)
        return 0;
    return st.st_uid;
}

/* Root working on a folder: as its owner when that is someone else. */
static void run_owned(struct work *w, const char *folder, struct ff_rowset *rs)
{
    struct stat st;
    if (geteuid() != 0 || stat(folder, &st) != 0 || st.st_uid == 0) {
        do_work(w, rs);
        return;
    }
    struct passwd *pw = getpwuid(st.st_uid);
    struct ff_identity id = {pw ? pw->pw_name : NULL, st.st_uid, pw ? pw->pw_gid : st.st_gid,
                             pw ? pw->pw_dir : folder};
    run_as(&id, w, rs, folder);
}

static void collect_rows(const struct ff_options *opts, const struct ff_request *req,
                         struct ff_rowset *rs)
{
    struct work w = {.opts = opts, .req = req, .shown_home = ff_options_home(opts)};
    if (opts->all_users) {
        run_all_users(&w, rs);
    } else if (opts->profiles.n) {
        /* Consecutive folders with the same owner are one unit of work (and -j splits
         * it); for root, each unit runs as its owner. */
        char **v = opts->profiles.v;
        for (size_t i = 0, j; i < opts->profiles.n; i = j) {
            uid_t owner = folder_owner(v[i]);
            for (j = i + 1; j < opts->profiles.n && folder_owner(v[j]) == owner; j++)
                ;
            struct ff_strv run = {&v[i], j - i, j - i};
            w.profiles = &run;
            run_owned(&w, v[i], rs);
        }
    } else {
        run_owned(&w, ff_options_home(opts), rs);
    }
}

/* The report is on stdout; each problem also gets its one line on stderr. */
static int exit_status(const struct ff_rowset *rs, enum ff_action action, const char *home)
{
    int rc = FF_EXIT_OK;
    for (size_t i = 0; i < rs->n; i++) {
        const struct ff_row *row = &rs->v[i];
        const struct ff_outcome *o = &row->outcome;
        if (o->result == FF_RESULT_FAILED || o->result == FF_RESULT_SKIPPED) {
            char *where = ff_path_display(row->target.path, row->user ? NULL : home);
            ff_error("%s%s%s: %s: %s", row->user ? row->user : "", row->user ? ": " : "",
                     where, ff_result_name(o->result), o->reason);
            free(where);
        }
        if (!ff_result_ok(o->result, action))
            rc = FF_EXIT_PARTIAL;
    }
    return rc;
}

int ff_run_action(const struct ff_options *opts, enum ff_action action)
{
    int rc;
    if (opts->all_users && geteuid() != 0) {
        ff_error(_("%s: --all-users works on every account's profiles and needs root "
                 "(try: sudo ffcert %s ... --all-users)"), opts->command, opts->command);
        return FF_EXIT_USAGE;
    }

    struct ff_bundle bundle;
    struct ff_password_source passwords;
    const char *home = ff_options_home(opts);
    char *err = NULL;
    rc = ff_cli_load_source(opts->source, &opts->src, action == FF_ACTION_IMPORT, &bundle);
    if (rc == 0 && ff_password_source_init(&passwords, opts->password_file, home, &err) != 0) {
        ff_error("%s", err);
        free(err);
        rc = FF_EXIT_USAGE;
    }
    if (rc != 0) {
        ff_bundle_free(&bundle);
        return rc;
    }

    struct ff_apply_hint hint = {false};
    struct ff_request req = {
        .action = action,
        .bundle = &bundle,
        .trust = opts->trust,
        .trust_given = opts->trust_given,
        .nickname = opts->nickname,
        .dry_run = opts->dry_run,
        .skip_running = opts->skip_running,
        .migrate_legacy = opts->migrate_legacy,
        .password = ff_password_for,
        .password_ctx = &passwords,
        .hint = &hint,
    };
    struct ff_rowset rows = {0};
    collect_rows(opts, &req, &rows);
    ff_password_source_free(&passwords);

    if (rows.n == 0) {
        if (opts->all_users)
            ff_error("%s", _("no certificate database found for any user (looked for Firefox, "
                             "Thunderbird, LibreWolf and Chromium profiles)"));
        else
            ff_error(_("no certificate database found under %s (looked for Firefox, "
                       "Thunderbird, LibreWolf and Chromium profiles)"), home);
        rc = FF_EXIT_NO_DB;
    } else {
        struct ff_report report = {
            .command = opts->command,
            .action = action,
            .bundle = &bundle,
            .requested = (action == FF_ACTION_IMPORT || opts->trust_given) ? &opts->trust : NULL,
            .dry_run = opts->dry_run,
            .rows = &rows,
            .home = home,
        };
        if (opts->json)
            ff_report_action_json(stdout, &report);
        else
            ff_report_action_text(stdout, &report);
        rc = exit_status(&rows, action, home);
        /* Only unused profiles: no database was found after all. */
        size_t unused = 0;
        for (size_t i = 0; i < rows.n; i++)
            unused += rows.v[i].outcome.result == FF_RESULT_NO_DATABASE;
        if (unused == rows.n)
            rc = FF_EXIT_NO_DB;
    }
    ff_rowset_free(&rows);
    ff_bundle_free(&bundle);
    return rc;
}
