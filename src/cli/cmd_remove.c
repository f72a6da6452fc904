/* ffcert remove: a certificate and its trust records out of every targeted database. */
#include "util/i18n.h"
#include "cli/cli.h"

static int run(const struct ff_options *opts)
{
    return ff_run_action(opts, FF_ACTION_REMOVE);
}

const struct ff_command ff_cmd_remove = {
    .name = "remove",
    .usage = "SOURCE [TARGETS] [--dry-run] [--json]",
    .summary = N_("Delete the CA certificate of SOURCE from every targeted database, with its trust\n"
                  "records in both forms. It is found by its exact bytes, never by nickname; keys\n"
                  "and other certificates stay."),
    .source = true,
    .options = FF_OPTIONS(OPT_HOME, OPT_PROFILE, OPT_ALL_USERS, OPT_APP, OPT_JOBS, OPT_SHA256,
                          OPT_OFFLINE, OPT_CATALOG, OPT_CACERT, OPT_TIMEOUT, OPT_DRY_RUN,
                          OPT_PASSWORD_FILE, OPT_SKIP_RUNNING, OPT_MIGRATE_LEGACY, OPT_JSON),
    .exit_help = ff_exit_help,
    .run = run,
};
