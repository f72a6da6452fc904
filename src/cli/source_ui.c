/* SOURCE as the command line loads it: core/source.c does the work; here are the
 * person's side of it (warnings, the confirmation of an unpinned download on a
 * terminal) and the checks every writing command makes before touching a database. */
#include "util/i18n.h"
#include "cli/cli.h"

#include <stdio.h>
#include <stdlib.h>
#include <strings.h>
#include <unistd.h>

#include "report/report.h"

static void warn(const char *message, void *ctx)
{
    (void)ctx;
    ff_warning("%s", message);
}

/* Shows the certificate and asks, as Firefox's download dialog does; only a person at
 * a terminal can answer. */
static bool confirm(const char *url, const struct ff_bundle *b, void *ctx)
{
    (void)ctx;
    ff_report_bundle_text(stderr, b, true);
    fprintf(stderr, _("\nNo fingerprint was given for %s.\n"
                      "Import this certificate? Compare its SHA-256 with the one your "
                      "institution publishes. [y/N] "), url);
    char answer[16] = "";
    return fgets(answer, sizeof answer, stdin) &&
           (!strcasecmp(answer, "y\n") || !strcasecmp(answer, "yes\n"));
}

int ff_cli_load_source(const char *source, const struct ff_source_opts *o, bool to_import,
                       struct ff_bundle *out)
{
    /* Without a terminal there is nobody to ask: the refusal says what to give. */
    struct ff_source_ui ui = {warn, isatty(STDIN_FILENO) && isatty(STDERR_FILENO) ? confirm : NULL,
                              NULL};
    char *err = NULL;
    int rc = ff_load_source(source, o, &ui, out, &err);
    if (rc == 0 && to_import) {
        rc = ff_check_validity(out, o, &err);
        if (rc == 0 && !out->certs[out->ca].is_ca) {
            err = xasprintf(_("%s: not a CA certificate (%s); Firefox refuses it too"), source,
                            out->certs[out->ca].subject);
            rc = -1;
        }
        if (rc != 0)
            ff_bundle_free(out);
    }
    if (rc == 0)
        return FF_EXIT_OK;
    ff_error("%s", err);
    free(err);
    return FF_EXIT_USAGE;
}
