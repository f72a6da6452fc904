/* ffcert status: whether each database holds a certificate, with which trust. */
#include "util/i18n.h"
#include "cli/cli.h"

static int run(const struct ff_options *opts)
{
    return ff_run_action(opts, FF_ACTION_STATUS);
}

static const char exit_help[] =
    N_("Exit status: 0 every database holds it (with the trust asked for, if any);\n"
       "1 some database lacks it, has other trust, failed or was skipped; 2 usage error\n"
       "or unusable SOURCE; 3 no certificate database found; 128+N stopped by signal N.\n");

const struct ff_command ff_cmd_status = {
    .name = "status",
    .usage = "SOURCE [TARGETS] [TRUST] [--json]",
    .summary = N_("Report whether each database holds the certificate, with the trust Firefox and\n"
                  "Thunderbird 153 use (and, where it differs, what older NSS reads). With a TRUST\n"
                  "option, also check that it is exactly that trust; Firefox's own import with no\n"
                  "box ticked counts as c,c,. Writes nothing."),
    .source = true,
    .options = FF_OPTIONS(OPT_HOME, OPT_PROFILE, OPT_ALL_USERS, OPT_APP, OPT_JOBS, OPT_SHA256,
                          OPT_OFFLINE, OPT_CATALOG, OPT_CACERT, OPT_TIMEOUT, OPT_TRUST_WEBSITES,
                          OPT_TRUST_EMAIL, OPT_TRUST, OPT_JSON),
    .exit_help = exit_help,
    .run = run,
};
