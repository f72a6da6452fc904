/* ffcert policy install|status|remove: Firefox's enterprise policy
 * Certificates.Install. The certificate goes, as PEM, into a folder of certificate
 * files, and its absolute path into policies.Certificates.Install of policies.json;
 * Firefox then adds it to every profile, new ones included, each time it starts.
 *
 * The policy is one more store (core/policy.h: check, install, remove, with result
 * words per thing it holds), reported like the databases (report/policy.h): the verbs
 * here only choose the paths, load SOURCE and pick the exit status. */
#include "util/i18n.h"
#include "cli/cli.h"

#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "core/policy.h"
#include "report/policy.h"

static struct ff_policy_store store_of(const struct ff_options *opts)
{
    return (struct ff_policy_store){
        opts->policies ? opts->policies : FF_POLICY_DEFAULT_FILE,
        opts->cert_dir ? opts->cert_dir : FF_POLICY_DEFAULT_CERT_DIR,
    };
}

/* Not root, and about to write a system path: refuse before anything else (a dry run
 * too: it says what the real run would do). */
static int need_root(const char *verb, const struct ff_policy_store *s)
{
    if (geteuid() == 0)
        return 0;
    bool p = !strcmp(s->policies, FF_POLICY_DEFAULT_FILE);
    bool d = !strcmp(s->cert_dir, FF_POLICY_DEFAULT_CERT_DIR);
    if (!p && !d)
        return 0;
    char *paths = p && d ? xasprintf(_("%s and %s"), s->policies, s->cert_dir)
                         : xstrdup(p ? s->policies : s->cert_dir);
    ff_error(ngettext("policy %s: %s belongs to root: run `sudo ffcert policy %s ...`, or "
                      "name other places with --policies FILE and --cert-dir DIR",
                      "policy %s: %s belong to root: run `sudo ffcert policy %s ...`, or "
                      "name other places with --policies FILE and --cert-dir DIR",
                      p && d ? 2 : 1),
             verb, paths, verb);
    free(paths);
    return FF_EXIT_USAGE;
}

static void print_warnings(const struct ff_strv *warnings)
{
    for (size_t i = 0; i < warnings->n; i++)
        ff_warning("%s", warnings->v[i]);
}

/* One line on stderr for a thing that failed (a thing skipped because of it has
 * its reason in the report only); its exit status. */
static int item_status(const char *fmt, const struct ff_policy_item *it, bool install)
{
    if (it->result == FF_RESULT_FAILED)
        ff_error(fmt, it->reason);
    return ff_result_ok(it->result, install ? FF_ACTION_IMPORT : FF_ACTION_REMOVE)
               ? FF_EXIT_OK : FF_EXIT_PARTIAL;
}

static int run_change(const struct ff_options *opts, bool install)
{
    const char *fmt = install ? _("policy install: %s") : _("policy remove: %s");
    struct ff_policy_store s = store_of(opts);
    int rc = need_root(install ? "install" : "remove", &s);
    struct ff_bundle b;
    if (rc || (rc = ff_cli_load_source(opts->source, &opts->src, install, &b)) != 0)
        return rc;
    struct ff_policy_outcome o;
    char *err = NULL;
    if ((install ? ff_policy_store_install : ff_policy_store_remove)(&s, &b, opts->dry_run, &o,
                                                                     &err) != 0) {
        /* A policies.json that cannot be merged: nothing was written. */
        ff_error(fmt, err);
        free(err);
        ff_bundle_free(&b);
        return FF_EXIT_USAGE;
    }
    print_warnings(&o.warnings);
    struct ff_policy_report report = {opts->command, install, &b, &s, &o};
    if (opts->json)
        ff_report_policy_change_json(stdout, &report);
    else
        ff_report_policy_change_text(stdout, &report);
    rc = item_status(fmt, &o.file, install);
    if (item_status(fmt, &o.entry, install) != FF_EXIT_OK)
        rc = FF_EXIT_PARTIAL;
    ff_policy_outcome_free(&o);
    ff_bundle_free(&b);
    return rc;
}

static int run_install(const struct ff_options *opts)
{
    return run_change(opts, true);
}

static int run_remove(const struct ff_options *opts)
{
    return run_change(opts, false);
}

static int run_status(const struct ff_options *opts)
{
    struct ff_policy_store s = store_of(opts);
    struct ff_policy_status st;
    char *err = NULL;
    if (ff_policy_store_status(&s, &st, &err) != 0) {
        ff_error(_("policy status: %s"), err);
        free(err);
        return FF_EXIT_USAGE;
    }
    print_warnings(&st.warnings);
    if (opts->json)
        ff_report_policy_status_json(stdout, &s, &st);
    else
        ff_report_policy_status_text(stdout, &s, &st);
    int rc = FF_EXIT_OK;
    for (size_t i = 0; i < st.n; i++) {
        if (!st.v[i].problem)
            continue;
        ff_error(_("policy status: %s: %s"), st.v[i].entry, st.v[i].problem);
        rc = FF_EXIT_PARTIAL;
    }
    ff_policy_status_free(&st);
    return rc;
}

/* ---- the command ------------------------------------------------------------- */

static const char policy_notes[] =
    N_("Firefox asks for CT,CT, (an anchor for websites and email). Firefox 153 stores\n"
       "it as PKCS#11 3.2 trust records, which `ffcert status` reports as Firefox uses\n"
       "them (CT,C,) and older NSS (Debian 12's certutil) shows as \",,\". Profiles\n"
       "that got the certificate keep it after remove: use `ffcert remove SOURCE` for\n"
       "them. A policies.json that is not valid JSON, or whose policies, Certificates\n"
       "or Install has the wrong type, is never overwritten.\n");
static const char policy_exit[] =
    N_("Exit status: 0 done, or nothing to do; 1 a file could not be written, or\n"
       "(status) an Install entry is missing or unreadable; 2 usage error, unusable\n"
       "SOURCE, a policies.json that cannot be merged, or not root with the default\n"
       "paths.\n");

static const struct ff_command policy_install = {
    .name = "install",
    .usage = "SOURCE [--policies FILE] [--cert-dir DIR] [--dry-run] [--json]",
    .summary = N_("Write the CA certificate of SOURCE as PEM into the certificates folder (file\n"
                  "name from its CN) and add that path to policies.Certificates.Install; every\n"
                  "other policy and entry is kept, the previous file is kept as\n"
                  "policies.json.bak, both with the file's mode (new: 0644); a second run\n"
                  "changes nothing. Expired certificates are refused unless --allow-expired."),
    .source = true,
    .options = FF_OPTIONS(OPT_SHA256, OPT_OFFLINE, OPT_CATALOG, OPT_CACERT, OPT_TIMEOUT, OPT_YES,
                          OPT_ALLOW_EXPIRED, OPT_POLICIES, OPT_CERT_DIR, OPT_DRY_RUN, OPT_JSON),
    .notes = FF_NOTES(policy_notes),
    .exit_help = policy_exit,
    .run = run_install,
};

static const struct ff_command policy_status = {
    .name = "status",
    .usage = "[--policies FILE] [--cert-dir DIR] [--json]",
    .summary = N_("What policies.json configures, and whether each Install entry is a\n"
                  "certificate file Firefox can read."),
    .options = FF_OPTIONS(OPT_POLICIES, OPT_CERT_DIR, OPT_JSON),
    .notes = FF_NOTES(policy_notes),
    .exit_help = policy_exit,
    .run = run_status,
};

static const struct ff_command policy_remove = {
    .name = "remove",
    .usage = "SOURCE [--policies FILE] [--cert-dir DIR] [--dry-run] [--json]",
    .summary = N_("Undo install: the Install entry and the file."),
    .source = true,
    .options = FF_OPTIONS(OPT_SHA256, OPT_OFFLINE, OPT_CATALOG, OPT_CACERT, OPT_TIMEOUT,
                          OPT_POLICIES, OPT_CERT_DIR, OPT_DRY_RUN, OPT_JSON),
    .notes = FF_NOTES(policy_notes),
    .exit_help = policy_exit,
    .run = run_remove,
};

const struct ff_command ff_cmd_policy = {
    .name = "policy",
    .usage = "install|status|remove [SOURCE] [--policies FILE] [--cert-dir DIR] [--json]",
    .summary = N_("Manage Firefox's enterprise policy Certificates.Install, which makes Firefox add\n"
                  "a CA certificate to every profile, new ones included, each time it starts (a\n"
                  "machine-wide alternative to import). Needs root for the default paths."),
    .options = FF_OPTIONS(OPT_JSON),
    .notes = FF_NOTES(policy_notes),
    .exit_help = policy_exit,
    .verbs = (const struct ff_command *const[]){&policy_install, &policy_status, &policy_remove,
                                               NULL},
};
