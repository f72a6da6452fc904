/* ffcert profiles: the certificate databases ffcert would work on. */
#include "util/i18n.h"
#include "cli/cli.h"

#include <stdio.h>

#include "report/report.h"

int ff_cmd_profiles(int argc, char **argv)
{
    struct ff_options opts;
    int rc = ff_parse_options(ff_find_command("profiles"), argc, argv, &opts);
    if (rc >= 0) {
        ff_options_free(&opts);
        return rc;
    }
    struct ff_target_list targets = {0};
    struct ff_strv warnings = {0};
    ff_collect_targets(&opts, NULL, opts.profiles.n ? &opts.profiles : NULL, &targets,
                       &warnings);
    if (opts.json)
        ff_report_profiles_json(stdout, &targets, &warnings);
    else
        ff_report_profiles_text(stdout, &targets, ff_options_home(&opts));
    rc = targets.n ? FF_EXIT_OK : FF_EXIT_NO_DB;
    for (size_t i = 0; i < targets.n; i++)
        if (targets.v[i].format == FF_DB_INVALID)
            rc = FF_EXIT_PARTIAL;
    if (!targets.n && !opts.json)
        ff_error(_("no certificate database found under %s"), ff_options_home(&opts));
    ff_target_list_free(&targets);
    ff_strv_free(&warnings);
    ff_options_free(&opts);
    return rc;
}
