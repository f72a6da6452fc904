/* ffcert show: decode SOURCE and show what would be imported. No database is opened. */
#include "util/i18n.h"
#include "cli/cli.h"

#include <stdio.h>

#include "report/report.h"

static int run(const struct ff_options *opts)
{
    struct ff_bundle bundle;
    int rc = ff_cli_load_source(opts->source, &opts->src, false, &bundle);
    if (rc != 0)
        return rc;
    if (opts->json)
        ff_report_bundle_json(stdout, &bundle);
    else
        ff_report_bundle_text(stdout, &bundle, true);
    ff_bundle_free(&bundle);
    return FF_EXIT_OK;
}

const struct ff_command ff_cmd_show = {
    .name = "show",
    .usage = "SOURCE [--json]",
    .summary = N_("Show the certificates in SOURCE and which one Firefox would import as the CA.\n"
                  "Opens no database."),
    .source = true,
    .options = FF_OPTIONS(OPT_SHA256, OPT_OFFLINE, OPT_CATALOG, OPT_CACERT, OPT_TIMEOUT, OPT_JSON),
    .exit_help = ff_exit_help,
    .run = run,
};
