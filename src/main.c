/* ffcert: put CA certificates into Firefox's certificate databases the way Firefox's
 * Certificate Manager does, for every profile at once, and report the trust. */
#include <stdio.h>
#include <string.h>

#include "ffcert/cli.h"
#include "ffcert/nssdb.h"

#define TARGETS_HELP                                                                      \
    "Targets (default: every certificate database of the current user):\n"                \
    "  --home DIR        discover as if DIR were the home directory\n"                    \
    "  --profile DIR     exactly this profile / NSS database folder (repeatable);\n"      \
    "                    no discovery\n"
#define TRUST_HELP                                                                        \
    "Trust (default: what Firefox's dialog gives with no box ticked, c,c,: a valid CA\n" \
    "that inherits trust from its root; this fixes missing-intermediate errors):\n"       \
    "  --trust-websites  tick \"Trust this CA to identify websites\"     (CT,c,)\n"       \
    "  --trust-email     tick \"Trust this CA to identify email users\"  (c,C,)\n"        \
    "  --trust SSL,EMAIL,OBJSIGN\n"                                                       \
    "                    certutil's letters: c valid CA, C trusted CA, T trusted\n"       \
    "                    client CA, p distrusted, P trusted peer\n"
#define EXIT_HELP                                                                         \
    "Exit status: 0 every database ends in the requested state; 1 some database\n"        \
    "failed or was skipped; 2 usage error or unusable SOURCE (nothing written);\n"        \
    "3 no certificate database found.\n"

static const struct ff_command commands[] = {
    {"profiles", ff_cmd_profiles, FF_OPT_TARGETS | FF_OPT_JSON, "[TARGETS] [--json]",
     "List the certificate databases ffcert finds: Firefox (profiles.ini, XDG, snap,\n"
     "flatpak), Thunderbird, LibreWolf and Chromium's NSS database.",
     TARGETS_HELP "  --json            machine-readable output\n\n" EXIT_HELP},
    {"show", ff_cmd_show, FF_OPT_SOURCE | FF_OPT_JSON, "SOURCE [--json]",
     "Show the certificates in SOURCE (DER, PEM, PKCS#7) and which one Firefox would\n"
     "import as the CA. Opens no database.",
     "  --json            machine-readable output\n\n" EXIT_HELP},
    {"import", ff_cmd_import,
     FF_OPT_SOURCE | FF_OPT_TARGETS | FF_OPT_TRUST | FF_OPT_NICKNAME | FF_OPT_DRY_RUN |
         FF_OPT_JSON,
     "SOURCE [TARGETS] [TRUST] [--nickname NAME] [--dry-run] [--json]",
     "Import the CA certificate in SOURCE into every targeted database, as Firefox's\n"
     "Certificate Manager (Authorities > Import) does; other certificates of a bundle\n"
     "are stored with no trust. Already present with other trust: the trust is\n"
     "updated. The trust shown is read back from disk.",
     TARGETS_HELP "\n" TRUST_HELP
     "\n  --nickname NAME   store under NAME instead of Firefox's \"<CN> - <issuer O>\"\n"
     "  --dry-run         say what would change; write nothing\n"
     "  --json            machine-readable output\n\n" EXIT_HELP},
    {"status", ff_cmd_status, FF_OPT_SOURCE | FF_OPT_TARGETS | FF_OPT_TRUST | FF_OPT_JSON,
     "SOURCE [TARGETS] [TRUST] [--json]",
     "Report whether each database holds the certificate, and with which trust.\n"
     "With a TRUST option, also check that it is exactly that trust. Writes nothing.",
     TARGETS_HELP "\n" TRUST_HELP "\n  --json            machine-readable output\n\n"
     "Exit status: 0 every database holds it (with the trust asked for, if any);\n"
     "1 some database lacks it, has other trust, failed or was skipped; 2 usage error\n"
     "or unusable SOURCE; 3 no certificate database found.\n"},
    {"remove", ff_cmd_remove, FF_OPT_SOURCE | FF_OPT_TARGETS | FF_OPT_DRY_RUN | FF_OPT_JSON,
     "SOURCE [TARGETS] [--dry-run] [--json]",
     "Delete the CA certificate of SOURCE from every targeted database. It is found\n"
     "by its exact bytes, never by nickname; keys and other certificates stay.",
     TARGETS_HELP "  --dry-run         say what would be removed; write nothing\n"
     "  --json            machine-readable output\n\n" EXIT_HELP},
};

const struct ff_command *ff_find_command(const char *name)
{
    for (size_t i = 0; i < sizeof commands / sizeof commands[0]; i++)
        if (!strcmp(commands[i].name, name))
            return &commands[i];
    return NULL;
}

static void print_usage(FILE *out)
{
    fprintf(out, "Usage: ffcert COMMAND [OPTIONS]\n\n"
                 "Put CA certificates into Firefox's certificate databases the way Firefox's\n"
                 "Certificate Manager does, for every profile at once, and report the trust.\n\n"
                 "Commands:\n");
    for (size_t i = 0; i < sizeof commands / sizeof commands[0]; i++)
        fprintf(out, "  %-9s %s\n", commands[i].name, commands[i].usage);
    fprintf(out, "\nSOURCE is a certificate file (DER, PEM, PKCS#7).\n"
                 "`ffcert COMMAND --help` describes each command.\n\n" EXIT_HELP);
}

int main(int argc, char **argv)
{
    if (argc < 2) {
        print_usage(stderr);
        return FF_EXIT_USAGE;
    }
    const char *name = argv[1];
    if (!strcmp(name, "--help") || !strcmp(name, "-h") || !strcmp(name, "help")) {
        print_usage(stdout);
        return FF_EXIT_OK;
    }
    if (!strcmp(name, "--version")) {
        printf("ffcert %s (NSS %s)\n", FFCERT_VERSION, ff_nss_version());
        return FF_EXIT_OK;
    }
    const struct ff_command *cmd = ff_find_command(name);
    if (!cmd) {
        ff_error("unknown command '%s' (commands: profiles, show, import, status, remove; "
                 "see ffcert --help)", name);
        return FF_EXIT_USAGE;
    }
    int rc = cmd->run(argc - 1, argv + 1);
    ff_nss_cleanup();
    return rc;
}
