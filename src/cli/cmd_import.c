/* ffcert import: what Firefox's Certificate Manager "Authorities > Import" does. */
#include "util/i18n.h"
#include "cli/cli.h"

static int run(const struct ff_options *opts)
{
    return ff_run_action(opts, FF_ACTION_IMPORT);
}

const struct ff_command ff_cmd_import = {
    .name = "import",
    .usage = "SOURCE [TARGETS] [TRUST] [--nickname NAME] [--dry-run] [--json]",
    .summary = N_("Import the CA certificate in SOURCE into every targeted database, as Firefox's\n"
                  "Certificate Manager (Authorities > Import) does; other certificates of a bundle\n"
                  "are stored with no trust. Already present with other trust: the trust is\n"
                  "updated. The trust is written in the form every NSS reads (Firefox 153, ESR 140,\n"
                  "Chromium, certutil), and read back from disk. Expired certificates are refused\n"
                  "unless --allow-expired."),
    .source = true,
    .options = FF_OPTIONS(OPT_HOME, OPT_PROFILE, OPT_ALL_USERS, OPT_APP, OPT_JOBS, OPT_SHA256,
                          OPT_OFFLINE, OPT_CATALOG, OPT_CACERT, OPT_TIMEOUT, OPT_YES,
                          OPT_ALLOW_EXPIRED, OPT_TRUST_WEBSITES, OPT_TRUST_EMAIL, OPT_TRUST,
                          OPT_NICKNAME, OPT_DRY_RUN, OPT_PASSWORD_FILE, OPT_SKIP_RUNNING,
                          OPT_MIGRATE_LEGACY, OPT_JSON),
    .exit_help = ff_exit_help,
    .run = run,
};
