/* ffcert profiles: the certificate databases ffcert would work on. */
#include "util/i18n.h"
#include "cli/cli.h"

#include <stdio.h>

#include "report/report.h"

static int run(const struct ff_options *opts)
{
    int rc = ff_run_check(opts);
    if (rc != 0)
        return rc;
    struct ff_run found = {.opts = opts};
    ff_run_targets(&found);
    const struct ff_rowset *rows = &found.rows;
    if (opts->json)
        ff_report_profiles_json(stdout, rows);
    else
        ff_report_profiles_text(stdout, rows, ff_options_home(opts));
    rc = rows->n ? FF_EXIT_OK : FF_EXIT_NO_DB;
    for (size_t i = 0; i < rows->n; i++)
        if (rows->v[i].target.format == FF_DB_INVALID)
            rc = FF_EXIT_PARTIAL;
    if (!rows->n && !opts->json) {
        if (opts->all_users)
            ff_error("%s", _("no certificate database found for any user (looked for Firefox, "
                             "Thunderbird, LibreWolf and Chromium profiles)"));
        else
            ff_error(_("no certificate database found under %s"), ff_options_home(opts));
    }
    return ff_run_end(&found, rc);
}

const struct ff_command ff_cmd_profiles = {
    .name = "profiles",
    .usage = "[TARGETS] [--json]",
    .summary = N_("List the certificate databases ffcert finds: Firefox (profiles.ini, XDG, snap,\n"
                  "flatpak), Thunderbird, LibreWolf and Chromium's NSS database."),
    .options = FF_OPTIONS(OPT_HOME, OPT_PROFILE, OPT_ALL_USERS, OPT_APP, OPT_JSON),
    .exit_help = ff_exit_help,
    .run = run,
};
