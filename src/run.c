/* The shared body of import, status and remove: load the source once, find the
 * databases, apply the action to each in turn, report, and choose the exit status. */
#include "ffcert/cli.h"

#include <stdio.h>
#include <stdlib.h>

#include "ffcert/report.h"

int ff_run_action(const struct ff_command *cmd, enum ff_action action, int argc, char **argv)
{
    struct ff_options opts;
    int rc = ff_parse_options(cmd, argc, argv, &opts);
    if (rc >= 0) {
        ff_options_free(&opts);
        return rc;
    }

    struct ff_bundle bundle;
    rc = ff_load_source(opts.source, &opts.src, &bundle);
    if (rc == 0 && action == FF_ACTION_IMPORT)
        rc = ff_check_validity(&bundle, &opts.src);
    if (rc != 0) {
        ff_bundle_free(&bundle);
        ff_options_free(&opts);
        return rc;
    }
    const struct ff_cert *ca = &bundle.certs[bundle.ca];
    if (action == FF_ACTION_IMPORT && !ca->is_ca) {
        ff_error("%s: not a CA certificate (%s); Firefox refuses it too", opts.source,
                 ca->subject);
        ff_bundle_free(&bundle);
        ff_options_free(&opts);
        return FF_EXIT_USAGE;
    }

    struct ff_target_list targets = {0};
    struct ff_strv warnings = {0};
    ff_collect_targets(&opts, &targets, &warnings);
    const char *home = ff_options_home(&opts);
    if (targets.n == 0) {
        ff_error("no certificate database found under %s (looked for Firefox, Thunderbird, "
                 "LibreWolf and Chromium profiles)", home);
        ff_strv_free(&warnings);
        ff_bundle_free(&bundle);
        ff_options_free(&opts);
        return FF_EXIT_NO_DB;
    }

    struct ff_request req = {
        .action = action,
        .bundle = &bundle,
        .trust = opts.trust,
        .trust_given = opts.trust_given,
        .nickname = opts.nickname,
        .dry_run = opts.dry_run,
    };
    struct ff_row *rows = xcalloc(targets.n, sizeof *rows);
    bool stopped = false;
    for (size_t i = 0; i < targets.n; i++) {
        rows[i].target = &targets.v[i];
        if (stopped) {
            rows[i].outcome.result = FF_RESULT_FAILED;
            rows[i].outcome.reason =
                xstrdup("not processed: NSS could not close the previous database");
            continue;
        }
        ff_apply(&req, &targets.v[i], &rows[i].outcome);
        stopped = rows[i].outcome.fatal;
    }

    struct ff_report report = {
        .command = cmd->name,
        .action = action,
        .bundle = &bundle,
        .requested = (action == FF_ACTION_IMPORT || opts.trust_given) ? &opts.trust : NULL,
        .dry_run = opts.dry_run,
        .rows = rows,
        .n_rows = targets.n,
        .warnings = &warnings,
        .home = home,
    };
    if (opts.json)
        ff_report_action_json(stdout, &report);
    else
        ff_report_action_text(stdout, &report);

    /* The report is on stdout; each problem also gets its one line on stderr. */
    rc = FF_EXIT_OK;
    for (size_t i = 0; i < targets.n; i++) {
        const struct ff_outcome *o = &rows[i].outcome;
        if (o->result == FF_RESULT_FAILED || o->result == FF_RESULT_SKIPPED) {
            char *where = ff_path_display(targets.v[i].path, home);
            ff_error("%s: %s: %s", where, ff_result_name(o->result), o->reason);
            free(where);
        }
        if (!ff_result_ok(o->result, action))
            rc = FF_EXIT_PARTIAL;
        ff_outcome_clear(&rows[i].outcome);
    }
    free(rows);
    ff_target_list_free(&targets);
    ff_strv_free(&warnings);
    ff_bundle_free(&bundle);
    ff_options_free(&opts);
    return rc;
}
