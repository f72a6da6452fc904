/* ffcert doctor: explain a client-certificate error, and with --fix repair it by
 * importing the missing intermediates that the catalogue or --with provides. */
#include "util/i18n.h"
#include "cli/cli.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "core/doctor.h"
#include "nss/nss.h"
#include "cli/password.h"
#include "report/doctor.h"

/* Certificates that could complete a chain: the catalogue's shipped copies (pins
 * checked) and every certificate of the --with files. */
struct candidates {
    struct ff_candidate *v;
    size_t n;
    struct ff_bundle *bundles;
    size_t n_bundles;
    struct ff_strv labels;
};

static void add_bundle(struct candidates *c, struct ff_bundle *b, const char *label,
                       unsigned builtin_since)
{
    c->bundles = xrealloc(c->bundles, (c->n_bundles + 1) * sizeof *c->bundles);
    c->bundles[c->n_bundles++] = *b;
    ff_strv_push(&c->labels, xstrdup(label));
    const char *kept = c->labels.v[c->labels.n - 1];
    for (size_t i = 0; i < b->n; i++) {
        c->v = xrealloc(c->v, (c->n + 1) * sizeof *c->v);
        c->v[c->n++] = (struct ff_candidate){NULL, kept, builtin_since, false};
    }
}

/* Points candidates at their certificates once every bundle is in place. */
static void link_candidates(struct candidates *c)
{
    size_t k = 0;
    for (size_t b = 0; b < c->n_bundles; b++)
        for (size_t i = 0; i < c->bundles[b].n; i++)
            c->v[k++].cert = &c->bundles[b].certs[i];
}

static void add_catalog(struct candidates *c, const struct ff_catalog *cat)
{
    for (size_t i = 0; cat && i < cat->n; i++) {
        const struct ff_catalog_entry *e = &cat->v[i];
        char *err = NULL;
        struct ff_bundle b;
        if (!e->offline || ff_read_cert_file(e->offline, &b, &err) != 0) {
            free(err);
            continue;
        }
        if (memcmp(b.certs[b.ca].sha256, e->sha256, 32) != 0) {
            ff_warning(_("%s: %s does not match its pin; not used"), e->name, e->offline);
            ff_bundle_free(&b);
            continue;
        }
        char *label = xasprintf(_("catalogue entry %s"), e->name);
        add_bundle(c, &b, label, e->builtin_since);
        free(label);
    }
}

static void candidates_free(struct candidates *c)
{
    for (size_t i = 0; i < c->n_bundles; i++)
        ff_bundle_free(&c->bundles[i]);
    free(c->bundles);
    free(c->v);
    ff_strv_free(&c->labels);
}

/* Which catalogue roots the profile's own Firefox has built in: Debian's NSS, whose
 * built-in list doctor loads, is older than the NSS of today's Firefox. */
static void mark_builtin_roots(const struct candidates *c, const struct ff_target *t)
{
    unsigned long major = t->app_version ? strtoul(t->app_version, NULL, 10) : 0;
    for (size_t i = 0; i < c->n; i++)
        c->v[i].builtin_root = c->v[i].builtin_since && major >= c->v[i].builtin_since;
}

static int examine(struct ff_doctor_look *db, const struct ff_target *t,
                   const struct candidates *c, const struct ff_catalog *cat)
{
    char *err = NULL;
    mark_builtin_roots(c, t);
    ff_diagnosis_free(&db->diag);
    ff_findings_free(&db->left);
    int rc = ff_nss_diagnose(t->path, c->v, c->n, &db->diag, &err);
    if (rc != 0) {
        free(db->error);
        db->error = err;
        return rc;
    }
    ff_doctor_judge(&db->diag, c->v, cat, ff_now(), &db->left);
    return 0;
}

/* --fix: imports each fixable finding's certificate once, with the default trust,
 * through the same path as `ffcert import` (password, read-back, rollback). Runs
 * with the rights of the database's owner (cli/targets.c). */
static void fix(struct ff_doctor_look *db, const struct ff_target *t, const struct candidates *c,
                struct ff_password_source *passwords)
{
    if (geteuid() == 0 && t->owner_uid != 0) {
        /* Never reached through ff_run_targets, which works on such a profile as its
         * owner: kept so that root never writes into a user's folder. */
        ff_strv_push(&db->fixes, xasprintf(_("nothing: this profile belongs to %s; run `ffcert "
                                           "doctor --fix` as that user"),
                                           t->owner ? t->owner : _("another user")));
        return;
    }
    bool *done = xcalloc(c->n ? c->n : 1, sizeof *done);
    for (size_t i = 0; i < db->found.n; i++) {
        ssize_t k = db->found.v[i].fix;
        if (k < 0 || done[k])
            continue;
        done[k] = true;
        struct ff_bundle one = {.certs = (struct ff_cert *)c->v[k].cert, .n = 1};
        struct ff_request req = {.action = FF_ACTION_IMPORT,
                                 .bundle = &one,
                                 .trust = ff_trust_from_dialog(false, false),
                                 .password = ff_password_for,
                                 .password_ctx = passwords};
        struct ff_outcome o;
        ff_apply(&req, t, &o);
        const char *subject = c->v[k].cert->subject;
        if (ff_result_changed(o.result))
            ff_strv_push(&db->fixes, xasprintf(_("imported %s from %s (trust c,c,)"), subject,
                                               c->v[k].label));
        else
            ff_strv_push(&db->fixes, xasprintf(_("could not import %s: %s: %s"), subject,
                                               ff_result_name(o.result),
                                               o.reason ? o.reason : ""));
        ff_outcome_clear(&o);
    }
    free(done);
}

struct doctor {
    const struct ff_options *opts;
    const struct candidates *cands;
    const struct ff_catalog *catalog;
    struct ff_password_source *passwords;
};

/* One database, with its owner's rights (a worker's, for another user's profile). */
static void doctor_each(void *ctx, struct ff_row *row)
{
    const struct doctor *d = ctx;
    struct ff_doctor_look *db = row->doctor = xcalloc(1, sizeof *row->doctor);
    const struct ff_target *t = &row->target;
    if (t->format != FF_DB_SQL) {
        db->error = xstrdup(t->problem ? t->problem : _("no cert9.db here (start Firefox once)"));
    } else {
        int rc = examine(db, t, d->cands, d->catalog);
        if (rc == 0 && d->opts->fix && db->left.n) {
            db->found = db->left;
            memset(&db->left, 0, sizeof db->left);
            fix(db, t, d->cands, d->passwords);
            rc = examine(db, t, d->cands, d->catalog);
        }
        row->outcome.fatal = rc == FF_ERR_FATAL;
    }
    /* Which candidates this profile's own Firefox has built in, for the report. */
    db->builtin = xcalloc(d->cands->n + 1, sizeof *db->builtin);
    for (size_t k = 0; k < d->cands->n; k++)
        if (d->cands->v[k].builtin_root)
            db->builtin[db->n_builtin++] = k;
}

/* A look from a worker (another user's process) names candidates by number: one that
 * names a candidate that does not exist is not shown. */
static bool look_fits(const struct ff_doctor_look *db, size_t n)
{
    for (size_t u = 0; u < db->diag.n_users; u++)
        for (size_t k = 0; k < db->diag.users[u].n_links; k++)
            if (db->diag.users[u].links[k].place == FF_LINK_AVAILABLE &&
                db->diag.users[u].links[k].candidate >= n)
                return false;
    const struct ff_findings *lists[] = {&db->found, &db->left};
    for (size_t l = 0; l < 2; l++)
        for (size_t i = 0; i < lists[l]->n; i++)
            if (lists[l]->v[i].fix >= (ssize_t)n)
                return false;
    for (size_t i = 0; i < db->n_builtin; i++)
        if (db->builtin[i] >= n)
            return false;
    return true;
}

static int run(const struct ff_options *opts)
{
    int rc = ff_run_check(opts);
    if (rc != 0)
        return rc;
    struct ff_catalog catalog;
    char *err = NULL;
    bool have_catalog = ff_load_catalog(&opts->src, &catalog, &err) == 0;
    if (!have_catalog) {
        ff_warning(_("%s; checking without the catalogue"), err);
        free(err);
        err = NULL;
    }
    struct candidates cands = {0};
    add_catalog(&cands, have_catalog ? &catalog : NULL);
    for (size_t i = 0; rc == 0 && i < opts->with.n; i++) {
        struct ff_source_opts offline = opts->src;
        offline.offline = true;
        struct ff_bundle b;
        rc = ff_cli_load_source(opts->with.v[i], &offline, false, &b);
        if (rc == 0)
            add_bundle(&cands, &b, opts->with.v[i], 0);
    }
    link_candidates(&cands);
    const char *home = ff_options_home(opts);
    struct ff_password_source passwords;
    if (rc == 0 && ff_password_source_init(&passwords, opts->password_file, home, &err) != 0) {
        ff_error("%s", err);
        free(err);
        rc = FF_EXIT_USAGE;
    }
    if (rc != 0) {
        candidates_free(&cands);
        if (have_catalog)
            ff_catalog_free(&catalog);
        return rc;
    }

    struct doctor d = {opts, &cands, have_catalog ? &catalog : NULL, &passwords};
    struct ff_run run = {.opts = opts, .each = doctor_each, .ctx = &d, .passwords = &passwords};
    ff_run_targets(&run);
    ff_password_source_free(&passwords);
    bool problems = false;
    for (size_t i = 0; i < run.rows.n; i++) {
        struct ff_row *row = &run.rows.v[i];
        if (row->doctor && !look_fits(row->doctor, cands.n)) {
            ff_doctor_look_free(row->doctor);
            row->doctor = xcalloc(1, sizeof *row->doctor);
            row->doctor->error = xstrdup(_("its worker sent a malformed result"));
        }
        problems = problems || !row->doctor || row->doctor->error || row->doctor->left.n;
    }

    if (run.rows.n == 0) {
        if (opts->all_users)
            ff_error("%s", _("no certificate database found for any user (looked for Firefox, "
                             "Thunderbird, LibreWolf and Chromium profiles)"));
        else
            ff_error(_("no certificate database found under %s"), home);
        rc = FF_EXIT_NO_DB;
    } else {
        if (opts->json)
            ff_report_doctor_json(stdout, &run.rows, cands.v, opts->fix);
        else
            ff_report_doctor_text(stdout, &run.rows, home, opts->fix);
        rc = problems ? FF_EXIT_PARTIAL : FF_EXIT_OK;
    }
    rc = ff_run_end(&run, rc);
    candidates_free(&cands);
    if (have_catalog)
        ff_catalog_free(&catalog);
    return rc;
}

static const char exit_help[] =
    N_("Exit status: 0 nothing wrong (or everything fixed); 1 problems remain;\n"
       "2 usage error; 3 no certificate database found; 128+N stopped by signal N\n"
       "(130 Ctrl-C, 143 SIGTERM: the databases in hand are finished first).\n");

const struct ff_command ff_cmd_doctor = {
    .name = "doctor",
    .usage = "[TARGETS] [--with FILE]... [--fix] [--json]",
    .summary = N_("Explain client-certificate errors: for each database, list the certificates\n"
                  "that have a private key, follow each chain, and say which link is missing,\n"
                  "whether the catalogue (or --with) has it, and whether the chain reaches a root\n"
                  "Firefox trusts. Also flags expired or revoked intermediates still installed,\n"
                  "and intermediates trusted as anchors where c,c, would do. Writes nothing\n"
                  "without --fix."),
    .options = FF_OPTIONS(OPT_HOME, OPT_PROFILE, OPT_ALL_USERS, OPT_APP, OPT_JOBS, OPT_WITH,
                          OPT_FIX, OPT_CATALOG, OPT_PASSWORD_FILE, OPT_JSON),
    .exit_help = exit_help,
    .run = run,
};
