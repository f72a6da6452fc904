/* ffcert show: decode SOURCE and show what would be imported. No database is opened. */
#include "cli/cli.h"

#include <stdio.h>

#include "report/report.h"

int ff_cmd_show(int argc, char **argv)
{
    struct ff_options opts;
    int rc = ff_parse_options(ff_find_command("show"), argc, argv, &opts);
    if (rc < 0) {
        struct ff_bundle bundle;
        rc = ff_cli_load_source(opts.source, &opts.src, false, &bundle);
        if (rc == 0) {
            if (opts.json)
                ff_report_bundle_json(stdout, &bundle);
            else
                ff_report_bundle_text(stdout, &bundle, true);
            ff_bundle_free(&bundle);
        }
    }
    ff_options_free(&opts);
    return rc;
}
