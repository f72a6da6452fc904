/* Who runs what, for every command: the homes and folders the options name, found
 * and worked on with the right user's rights, in parallel with -j, with progress,
 * and one row per database for the report.
 *
 * Running as root, everything that touches a user's files runs in a worker that has
 * become that user before reading anything (sys/worker.c): the accounts of
 * --all-users; a --home or --profile path any part of which (a folder on the way, a
 * symbolic link, what it leads to) belongs to someone else; a database that root's
 * own discovery found in someone else's folder. A path with parts of two other users
 * is refused. Root never reads or writes a file a user could have planted.
 *
 * Two steps: find the databases (one unit of work per home or per run of --profile
 * folders of one owner), then work on them (commands with an `each`): workers take
 * every jobs-th database of one owner. Rows keep discovery order whatever finishes
 * first. A stop (SIGINT, SIGTERM, SIGHUP) ends the run at the next database
 * boundary of every process; what was not done is reported as interrupted. */
#include "util/i18n.h"
#include "cli/cli.h"

#include <errno.h>
#include <pwd.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cli/password.h"
#include "core/rows.h"
#include "disc/users.h"
#include "report/report.h"
#include "sys/worker.h"

/* Whose rights: the caller's own (as = false), or a user's. */
struct owner {
    bool as;
    struct ff_identity id; /* strings owned */
    char *label;           /* tags rows: the user's name (or uid) */
};

static void owner_free(struct owner *o)
{
    free((char *)o->id.name);
    free((char *)o->id.home);
    free(o->label);
}

/* Root acting for uid: its account, or just the number (a deleted user). */
static void owner_for(uid_t uid, gid_t gid_fallback, const char *home_fallback, struct owner *o)
{
    memset(o, 0, sizeof *o);
    if (geteuid() != 0 || uid == 0)
        return;
    struct passwd *pw = getpwuid(uid);
    o->as = true;
    o->id.uid = uid;
    o->id.gid = pw ? pw->pw_gid : gid_fallback;
    o->id.name = pw ? xstrdup(pw->pw_name) : NULL;
    o->id.home = xstrdup(pw ? pw->pw_dir : home_fallback);
    o->label = pw ? xstrdup(pw->pw_name) : xasprintf("%lu", (unsigned long)uid);
}

static bool same_owner(const struct owner *a, const struct owner *b)
{
    return a->as == b->as && (!a->as || a->id.uid == b->id.uid);
}

/* One home, or consecutive --profile folders with one owner. */
struct unit {
    const struct ff_run *run;
    struct owner owner;
    const char *home;          /* discover here (NULL with profiles: the options' home) */
    struct ff_strv profiles;   /* or exactly these folders */
    bool check_home;           /* an unreadable home is a row (--all-users, root's --home) */
    char *home_owned;          /* home, when made absolute here */
    char *refused;             /* the path cannot be worked on at all: why */
    struct ff_rowset found;    /* its databases, as rows without outcome */
    bool searched;             /* found is what the search found */
    char *error;               /* why its worker failed */
};

/* A failed row standing for a place: a home or folder that could not be searched. */
static void place_row(struct ff_rowset *rs, const char *path, const char *app, const char *user,
                      char *why)
{
    struct ff_row *row = ff_rowset_push(rs);
    row->target.path = xstrdup(path);
    row->target.app = xstrdup(app);
    row->target.format = FF_DB_INVALID;
    row->target.owner_uid = (uid_t)-1;
    row->target.problem = why;
    row->user = user ? xstrdup(user) : NULL;
    row->outcome.result = FF_RESULT_FAILED;
    row->outcome.reason = xstrdup(why);
}

/* ---- finding the databases ---------------------------------------------------------- */

static void find_in_unit(struct unit *u, struct ff_rowset *out)
{
    const struct ff_options *opts = u->run->opts;
    const char *user = u->owner.label;
    if (u->check_home && access(u->home, R_OK | X_OK) != 0 && errno != ENOENT) {
        const char *why = strerror(errno);
        place_row(out, u->home, "home", user,
                  xasprintf(_("cannot read the home folder %s: %s"), u->home, why));
        return;
    }
    struct ff_target_list targets = {0};
    ff_collect_targets(opts, u->home, u->profiles.n ? &u->profiles : NULL, &targets,
                       &out->warnings);
    for (size_t i = 0; i < targets.n; i++) {
        struct ff_row *row = ff_rowset_push(out);
        row->target = targets.v[i];
        row->user = user ? xstrdup(user) : NULL;
    }
    free(targets.v);
}

static void find_in_worker(void *arg)
{
    struct ff_rowset rs = {0};
    find_in_unit(arg, &rs);
    ff_worker_send(&rs);
}

/* A folder as --profile may name it ("sql:DIR" too), made absolute: a worker starts
 * in "/". New string. */
static char *absolute(const char *path)
{
    if (!strncmp(path, "sql:", 4))
        path += 4;
    if (path[0] == '/' || !*path)
        return xstrdup(path);
    char *cwd = getcwd(NULL, 0);
    char *abs = xasprintf("%s/%s", cwd ? cwd : "", path);
    free(cwd);
    return abs;
}

/* Whose rights a --home or --profile path is used with. */
static void path_owner(const char *path, struct owner *o, char **refused)
{
    memset(o, 0, sizeof *o);
    *refused = NULL;
    if (geteuid() != 0)
        return;
    if (!strncmp(path, "sql:", 4))
        path += 4;
    uid_t owners[2];
    size_t n = ff_path_owners(path, owners);
    if (n == 2) {
        struct passwd *a = getpwuid(owners[0]);
        char *first = a ? xstrdup(a->pw_name) : xasprintf("%lu", (unsigned long)owners[0]);
        struct passwd *b = getpwuid(owners[1]);
        char *second = b ? xstrdup(b->pw_name) : xasprintf("%lu", (unsigned long)owners[1]);
        *refused = xasprintf(_("refused: parts of this path belong to %s and to %s (folders "
                               "or symbolic links): whose rights to use is unclear"),
                             first, second);
        free(first);
        free(second);
        return;
    }
    if (n == 1) {
        struct stat st;
        owner_for(owners[0], stat(path, &st) == 0 ? st.st_gid : (gid_t)-1, "/", o);
    }
}

static void add_unit(struct unit **units, size_t *n, struct unit u)
{
    *units = xrealloc(*units, (*n + 1) * sizeof **units);
    (*units)[(*n)++] = u;
}

/* The units of work the options name. */
static size_t plan(const struct ff_run *run, struct unit **units)
{
    const struct ff_options *opts = run->opts;
    size_t n = 0;
    *units = NULL;
    if (opts->all_users) {
        struct ff_accounts accounts;
        ff_accounts_list(&accounts);
        for (size_t i = 0; i < accounts.n; i++) {
            const struct ff_account *a = &accounts.v[i];
            struct unit u = {.run = run, .check_home = true};
            u.owner.as = true;
            u.owner.id = (struct ff_identity){xstrdup(a->name), a->uid, a->gid, xstrdup(a->home)};
            u.owner.label = xstrdup(a->name);
            u.home = u.owner.id.home;
            add_unit(units, &n, u);
        }
        ff_accounts_free(&accounts);
    } else if (opts->profiles.n) {
        /* Consecutive folders with the same owner are one unit. */
        for (size_t i = 0; i < opts->profiles.n; i++) {
            struct unit u = {.run = run};
            path_owner(opts->profiles.v[i], &u.owner, &u.refused);
            struct unit *last = n ? &(*units)[n - 1] : NULL;
            if (last && !u.refused && !last->refused && same_owner(&last->owner, &u.owner)) {
                owner_free(&u.owner);
                ff_strv_push(&last->profiles, xstrdup(opts->profiles.v[i]));
                continue;
            }
            ff_strv_push(&u.profiles, xstrdup(opts->profiles.v[i]));
            add_unit(units, &n, u);
        }
        /* A worker starts in "/": its folders are made absolute. */
        for (size_t k = 0; k < n; k++)
            for (size_t i = 0; (*units)[k].owner.as && i < (*units)[k].profiles.n; i++) {
                char *abs = absolute((*units)[k].profiles.v[i]);
                free((*units)[k].profiles.v[i]);
                (*units)[k].profiles.v[i] = abs;
            }
    } else {
        struct unit u = {.run = run};
        const char *home = ff_options_home(opts);
        path_owner(home, &u.owner, &u.refused);
        u.check_home = u.owner.as || opts->home;
        /* Without --home, $XDG_CONFIG_HOME still counts (ff_collect_targets). */
        if (u.owner.as) {
            u.home = u.home_owned = absolute(home);
            free((char *)u.owner.id.home);
            u.owner.id.home = xstrdup(u.home);
        } else {
            u.home = opts->home;
        }
        add_unit(units, &n, u);
    }
    return n;
}

/* ---- progress ---------------------------------------------------------------------- */

struct progress {
    const struct ff_run *run;
    size_t started, total;
};

static void progress_show(struct progress *p, const char *user, const char *path)
{
    const struct ff_options *opts = p->run->opts;
    if (opts->json || p->total < 2 || !isatty(STDERR_FILENO))
        return;
    if (!path) {
        fputs("\r\033[K", stderr);
        return;
    }
    char *where = ff_path_display(path, user ? NULL : ff_options_home(opts));
    char *who = user ? ff_term_safe(user) : NULL;
    fprintf(stderr, "\r\033[K[%zu/%zu]%s%s %s", ++p->started, p->total, who ? " " : "",
            who ? who : "", where);
    free(who);
    free(where);
}

/* ---- working on the databases ------------------------------------------------------- */

/* Every jobs-th database of one owner's, for one worker (or all of them, here). */
struct slice {
    const struct ff_run *run;
    const struct owner *owner;
    struct ff_row **rows; /* into the units' found sets */
    size_t n;
    struct progress *progress; /* here only */
    struct ff_job job;
};

static void not_processed(struct ff_row *row, const char *why)
{
    row->outcome.result = FF_RESULT_FAILED;
    free(row->outcome.reason);
    row->outcome.reason = xasprintf(_("not processed: %s"), why);
}

static void interrupted(struct ff_row *row)
{
    not_processed(row, _("the run was interrupted"));
    row->interrupted = true;
}

/* What ffcert says if NSS never finishes row's database here (a worker's is the
 * parent's to stop). */
static void time_limit_start(const struct slice *s, const struct ff_row *row)
{
    char *where = ff_path_display(row->target.path,
                                  row->user ? NULL : ff_options_home(s->run->opts));
    char *msg = xasprintf(_("ffcert: %s: timed out: NSS was still at work after %u s (was the "
                            "database changed by another program?); stopped, the databases "
                            "after it not processed\n"),
                          where, ff_worker_limit());
    char *line = xasprintf("%s%s", isatty(STDERR_FILENO) ? "\r\033[K" : "", msg);
    ff_time_limit_start(line);
    free(line);
    free(msg);
    free(where);
}

/* Runs `each` on the slice's databases in this process: the rows are filled in
 * place, or (in a worker) sent to the parent. Returns how many were done before a
 * stop. */
static size_t work_on(struct slice *s)
{
    bool fatal = false, worker = ff_in_worker();
    size_t i;
    for (i = 0; i < s->n; i++) {
        if (ff_stop_requested())
            break;
        struct ff_row *row = s->rows[i];
        if (worker)
            ff_worker_begin(i);
        else
            progress_show(s->progress, row->user, row->target.path);
        if (fatal) {
            not_processed(row, _("NSS could not close the previous database"));
        } else {
            if (!worker)
                time_limit_start(s, row);
            s->run->each(s->run->ctx, row);
            ff_time_limit_stop();
            fatal = row->outcome.fatal;
        }
        if (worker) {
            struct ff_rowset one = {0};
            *ff_rowset_push(&one) = *row;
            memset(row, 0, sizeof *row);
            ff_worker_send(&one);
        }
    }
    return i;
}

static void work_in_worker(void *arg)
{
    work_on(arg);
}

/* What came back from a worker: its i-th row becomes the slice's i-th (the target
 * stays the parent's); the ones that did not come say why. */
static void take_back(struct slice *s, bool stopping)
{
    struct ff_rowset *got = &s->job.rows;
    for (size_t i = 0; i < s->n; i++) {
        struct ff_row *row = s->rows[i];
        if (i < got->n) {
            row->outcome = got->v[i].outcome;
            memset(&got->v[i].outcome, 0, sizeof got->v[i].outcome);
            row->doctor = got->v[i].doctor;
            got->v[i].doctor = NULL;
        } else if (stopping) {
            interrupted(row);
        } else {
            not_processed(row, s->job.error ? s->job.error : _("the worker failed"));
        }
    }
}

static void on_begin(void *ctx, struct ff_job *job, size_t index)
{
    struct slice *s = job->ctx;
    if (index < s->n)
        progress_show(ctx, s->rows[index]->user, s->rows[index]->target.path);
}

static char *on_ask(void *ctx, struct ff_job *job, const char *path, const char *app)
{
    struct progress *p = ctx;
    struct slice *s = job->ctx;
    if (!p->run->passwords)
        return NULL;
    if (!p->run->opts->json && isatty(STDERR_FILENO))
        fputs("\r\033[K", stderr);
    return ff_password_prompt(p->run->passwords, path, app, s->owner->as ? s->owner->label : NULL);
}

/* Root's own discovery found a database in someone else's folder: their rights. */
static void owner_of_target(const struct ff_row *row, struct owner *o, char **refused)
{
    memset(o, 0, sizeof *o);
    *refused = NULL;
    if (row->target.format == FF_DB_INVALID || !row->target.path)
        return;
    path_owner(row->target.path, o, refused);
}

/* Cuts one owner's databases into at most `jobs` slices. */
static void add_slices(struct slice **slices, size_t *n, const struct ff_run *run,
                       const struct owner *owner, struct ff_row **rows, size_t count,
                       size_t jobs)
{
    size_t k = jobs < count ? jobs : count;
    for (size_t j = 0; j < k; j++) {
        struct slice s = {.run = run, .owner = owner};
        s.rows = xcalloc(count / k + 1, sizeof *s.rows);
        for (size_t i = j; i < count; i += k)
            s.rows[s.n++] = rows[i];
        *slices = xrealloc(*slices, (*n + 1) * sizeof **slices);
        (*slices)[(*n)++] = s;
    }
}

static void work(struct ff_run *run, struct unit *units, size_t n_units)
{
    const struct ff_options *opts = run->opts;
    size_t jobs = opts->jobs > 0 ? (size_t)opts->jobs : 1;
    struct progress progress = {.run = run};
    /* Owners of the databases: the unit's, or for root's own discovery, the owner of
     * each database's folder. Groups of consecutive rows with one owner. */
    struct group {
        struct owner owner;  /* owned when own_owner */
        bool own_owner;
        struct ff_row **rows;
        size_t n;
    } *groups = NULL;
    size_t n_groups = 0;
    for (size_t u = 0; u < n_units; u++) {
        struct unit *unit = &units[u];
        for (size_t i = 0; i < unit->found.n; i++) {
            struct ff_row *row = &unit->found.v[i];
            if (row->outcome.reason)
                continue; /* a place that could not be searched, or refused: decided */
            struct owner o = unit->owner, mine;
            bool own = false;
            if (!unit->owner.as && geteuid() == 0) {
                char *refused;
                owner_of_target(row, &mine, &refused);
                if (refused) {
                    row->outcome.result = FF_RESULT_FAILED;
                    row->outcome.reason = refused;
                    continue;
                }
                if (mine.as) {
                    o = mine;
                    own = true;
                    free(row->user);
                    row->user = xstrdup(mine.label);
                }
            }
            struct group *last = n_groups ? &groups[n_groups - 1] : NULL;
            if (last && same_owner(&last->owner, &o)) {
                if (own)
                    owner_free(&o);
            } else {
                groups = xrealloc(groups, (n_groups + 1) * sizeof *groups);
                last = &groups[n_groups++];
                *last = (struct group){.owner = o, .own_owner = own};
            }
            last->rows = xrealloc(last->rows, (last->n + 1) * sizeof *last->rows);
            last->rows[last->n++] = row;
            progress.total++;
        }
    }

    /* The caller's own databases here when one process is all -j allows (or all
     * there is); everything else in workers, at most -j at a time. */
    struct slice *slices = NULL;
    size_t n_slices = 0;
    for (size_t g = 0; g < n_groups; g++) {
        struct group *gr = &groups[g];
        if (!gr->owner.as && (jobs == 1 || gr->n == 1)) {
            struct slice here = {.run = run, .owner = &gr->owner, .rows = gr->rows, .n = gr->n,
                                 .progress = &progress};
            for (size_t i = work_on(&here); i < gr->n; i++)
                interrupted(gr->rows[i]);
            continue;
        }
        add_slices(&slices, &n_slices, run, &gr->owner, gr->rows, gr->n, jobs);
    }
    if (n_slices) {
        struct ff_job *list = xcalloc(n_slices, sizeof *list);
        for (size_t k = 0; k < n_slices; k++) {
            const struct owner *o = slices[k].owner;
            list[k] = (struct ff_job){.as = o->as ? &o->id : NULL, .work = work_in_worker,
                                      .ctx = &slices[k], .name = o->label,
                                      .max_rows = slices[k].n};
        }
        struct ff_job_hooks hooks = {on_begin, on_ask, &progress};
        ff_jobs_run(list, n_slices, jobs, &hooks);
        for (size_t k = 0; k < n_slices; k++) {
            slices[k].job = list[k];
            take_back(&slices[k], ff_stop_requested() != 0);
            ff_job_clear(&slices[k].job);
            free(slices[k].rows);
        }
        free(list);
    }
    progress_show(&progress, NULL, NULL);
    free(slices);
    for (size_t g = 0; g < n_groups; g++) {
        if (groups[g].own_owner)
            owner_free(&groups[g].owner);
        free(groups[g].rows);
    }
    free(groups);
}

/* ---- the run ------------------------------------------------------------------------ */

int ff_run_check(const struct ff_options *opts)
{
    if (opts->all_users && geteuid() != 0) {
        ff_error(_("%s: --all-users works on every account's profiles and needs root "
                   "(try: sudo ffcert %s ... --all-users)"), opts->command, opts->command);
        return FF_EXIT_USAGE;
    }
    return FF_EXIT_OK;
}

/* Finds every unit's databases: here for the caller's own, else in workers. */
static void find(struct ff_run *run, struct unit *units, size_t n)
{
    size_t jobs = run->opts->jobs > 0 ? (size_t)run->opts->jobs : 1;
    struct ff_job *list = xcalloc(n ? n : 1, sizeof *list);
    struct unit **of = xcalloc(n ? n : 1, sizeof *of);
    size_t n_jobs = 0;
    for (size_t i = 0; i < n; i++) {
        struct unit *u = &units[i];
        if (u->refused)
            continue;
        if (u->owner.as) {
            of[n_jobs] = u;
            list[n_jobs++] = (struct ff_job){.as = &u->owner.id, .work = find_in_worker,
                                             .ctx = u, .name = u->owner.label};
        } else if (!ff_stop_requested()) {
            find_in_unit(u, &u->found);
            u->searched = true;
        }
    }
    struct ff_job_hooks hooks = {NULL, NULL, NULL};
    ff_jobs_run(list, n_jobs, jobs, &hooks);
    for (size_t k = 0; k < n_jobs; k++) {
        struct unit *u = of[k];
        ff_rowset_take(&u->found, &list[k].rows);
        for (size_t i = 0; i < u->found.n; i++) {
            free(u->found.v[i].user);
            u->found.v[i].user = xstrdup(u->owner.label);
        }
        u->searched = list[k].started && !list[k].error;
        u->error = list[k].error;
        list[k].error = NULL;
        ff_job_clear(&list[k]);
    }
    free(list);
    free(of);
}

/* A unit that could not be searched is a row of its own (per --profile folder). */
static void unit_rows(struct unit *u, bool stopping)
{
    const char *why = u->refused;
    char *made = NULL;
    if (!why)
        why = made = xasprintf(_("not processed: %s"),
                               stopping ? _("the run was interrupted")
                               : u->error ? u->error : _("the worker failed"));
    size_t before = u->found.n;
    if (u->profiles.n)
        for (size_t i = 0; i < u->profiles.n; i++)
            place_row(&u->found, u->profiles.v[i], "nssdb", u->owner.label, xstrdup(why));
    else
        place_row(&u->found, u->home ? u->home : ff_options_home(u->run->opts), "home",
                  u->owner.label, xstrdup(why));
    for (size_t i = before; i < u->found.n; i++)
        u->found.v[i].interrupted = stopping && !u->refused;
    free(made);
}

void ff_run_targets(struct ff_run *run)
{
    memset(&run->rows, 0, sizeof run->rows);
    run->stopped_by = 0;
    ff_stop_on_signals();
    struct unit *units;
    size_t n = plan(run, &units);
    find(run, units, n);
    for (size_t i = 0; i < n; i++) {
        struct unit *u = &units[i];
        if (u->refused || (!u->searched && u->found.n == 0))
            unit_rows(u, !u->refused && ff_stop_requested() != 0);
    }
    if (run->each)
        work(run, units, n);
    for (size_t i = 0; i < n; i++) {
        ff_rowset_take(&run->rows, &units[i].found);
        ff_strv_free(&units[i].profiles);
        owner_free(&units[i].owner);
        free(units[i].refused);
        free(units[i].error);
        free(units[i].home_owned);
    }
    free(units);
    run->stopped_by = ff_stop_requested();
}

int ff_run_end(struct ff_run *run, int rc)
{
    int sig = run->stopped_by;
    size_t left = 0;
    for (size_t i = 0; i < run->rows.n; i++)
        left += run->rows.v[i].interrupted;
    size_t total = run->rows.n;
    ff_rowset_free(&run->rows);
    if (!sig)
        return rc;
    fflush(stdout);
    const char *name = sigabbrev_np(sig);
    ff_error(ngettext("interrupted by SIG%s: %zu of %zu database not processed",
                      "interrupted by SIG%s: %zu of %zu databases not processed", total),
             name ? name : "?", left, total);
    return 128 + sig;
}

/* ---- import, status, remove --------------------------------------------------------- */

static void apply_each(void *ctx, struct ff_row *row)
{
    ff_apply(ctx, &row->target, &row->outcome);
}

/* The report is on stdout; each problem also gets its one line on stderr. */
static int exit_status(const struct ff_rowset *rs, enum ff_action action, const char *home)
{
    int rc = FF_EXIT_OK;
    for (size_t i = 0; i < rs->n; i++) {
        const struct ff_row *row = &rs->v[i];
        const struct ff_outcome *o = &row->outcome;
        if ((o->result == FF_RESULT_FAILED || o->result == FF_RESULT_SKIPPED) &&
            !row->interrupted) {
            char *where = ff_path_display(row->target.path, row->user ? NULL : home);
            char *who = row->user ? ff_term_safe(row->user) : NULL;
            ff_error("%s%s%s: %s: %s", who ? who : "", who ? ": " : "", where,
                     ff_result_name(o->result), o->reason);
            free(who);
            free(where);
        }
        if (!ff_result_ok(o->result, action))
            rc = FF_EXIT_PARTIAL;
    }
    return rc;
}

int ff_run_action(const struct ff_options *opts, enum ff_action action)
{
    int rc = ff_run_check(opts);
    if (rc != 0)
        return rc;

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
    struct ff_run run = {.opts = opts, .each = apply_each, .ctx = &req, .passwords = &passwords};
    ff_run_targets(&run);
    ff_password_source_free(&passwords);
    struct ff_rowset *rows = &run.rows;

    if (rows->n == 0) {
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
            .rows = rows,
            .home = home,
        };
        if (opts->json)
            ff_report_action_json(stdout, &report);
        else
            ff_report_action_text(stdout, &report);
        rc = exit_status(rows, action, home);
        /* Only unused profiles: no database was found after all. */
        size_t unused = 0;
        for (size_t i = 0; i < rows->n; i++)
            unused += rows->v[i].outcome.result == FF_RESULT_NO_DATABASE;
        if (unused == rows->n)
            rc = FF_EXIT_NO_DB;
    }
    rc = ff_run_end(&run, rc);
    ff_bundle_free(&bundle);
    return rc;
}
