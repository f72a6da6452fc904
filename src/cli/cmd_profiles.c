/* ffcert profiles: the certificate databases ffcert would work on. */
#include "util/i18n.h"
#include "cli/cli.h"

#include <stdio.h>

#include "report/report.h"

static int run(const struct ff_options *opts)
{
    struct ff_target_list targets = {0};
    struct ff_strv warnings = {0};
    ff_collect_targets(opts, NULL, opts->profiles.n ? &opts->profiles : NULL, &targets,
                       &warnings);
    if (opts->json)
        ff_report_profiles_json(stdout, &targets, &warnings);
    else
        ff_report_profiles_text(stdout, &targets, ff_options_home(opts));
    int rc = targets.n ? FF_EXIT_OK : FF_EXIT_NO_DB;
    for (size_t i = 0; i < targets.n; i++)
        if (targets.v[i].format == FF_DB_INVALID)
            rc = FF_EXIT_PARTIAL;
    if (!targets.n && !opts->json)
        ff_error(_("no certificate database found under %s"), ff_options_home(opts));
    ff_target_list_free(&targets);
    ff_strv_free(&warnings);
    return rc;
}

const struct ff_command ff_cmd_profiles = {
    .name = "profiles",
    .usage = "[TARGETS] [--json]",
    .summary = N_("List the certificate databases ffcert finds: Firefox (profiles.ini, XDG, snap,\n"
                  "flatpak), Thunderbird, LibreWolf and Chromium's NSS database."),
    .options = FF_OPTIONS(OPT_HOME, OPT_PROFILE, OPT_APP, OPT_JSON),
    .exit_help = ff_exit_help,
    .run = run,
};
