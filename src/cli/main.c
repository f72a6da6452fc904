/* ffcert: put CA certificates into Firefox's certificate databases the way Firefox's
 * Certificate Manager does, for every profile at once, and report the trust. */
#include <stdio.h>
#include <string.h>

#include "cli/cli.h"
#include "net/download.h"
#include "util/i18n.h"
#include "nss/nss.h"
#include "core/policy.h"

/* Help, one section a piece: each is translated as a whole, and `ffcert COMMAND
 * --help` prints a command's sections separated by blank lines. */
static const char targets_help[] =
    N_("Targets (default: every certificate database of the current user):\n"
       "  --home DIR        discover as if DIR were the home directory\n"
       "  --profile DIR     exactly this profile / NSS database folder (repeatable);\n"
       "                    no discovery\n"
       "  --all-users       every account's profiles (root; each account's work runs as\n"
       "                    that account)\n");
static const char jobs_help[] =
    N_("  -j, --jobs N      N worker processes (default: online CPUs); the report keeps\n"
       "                    discovery order\n");
static const char trust_help[] =
    N_("Trust (default: what Firefox's dialog gives with no box ticked, c,c,: a valid CA\n"
       "that inherits trust from its root; this fixes missing-intermediate errors):\n"
       "  --trust-websites  tick \"Trust this CA to identify websites\"     (CT,c,)\n"
       "  --trust-email     tick \"Trust this CA to identify email users\"  (c,C,)\n"
       "  --trust SSL,EMAIL,OBJSIGN\n"
       "                    certutil's letters: c valid CA, C trusted CA, T trusted\n"
       "                    client CA, p distrusted, P trusted peer\n");
static const char source_help[] =
    N_("SOURCE: a certificate file (DER, PEM, PKCS#7), an https:// URL, or a catalogue\n"
       "name (`ffcert catalog` lists them). Fetching:\n"
       "  --sha256 FP       the certificate's SHA-256 must be FP (hex, colons optional);\n"
       "                    also allows http:// and file:// URLs\n"
       "  --offline         use the catalogue's shipped copy, no download\n"
       "  --catalog FILE    use this catalogue instead of the installed one\n"
       "  --cacert FILE     CA bundle for https downloads (a private CA)\n"
       "  --timeout SECONDS download time limit (default 30)\n");
static const char confirm_help[] =
    N_("  --yes             accept an https download that has no pin without asking\n"
       "  --allow-expired   import an expired or not yet valid certificate\n");
static const char json_help[] = N_("  --json            machine-readable output\n");
static const char exit_help[] =
    N_("Exit status: 0 every database ends in the requested state; 1 some database\n"
       "failed or was skipped; 2 usage error or unusable SOURCE (nothing written);\n"
       "3 no certificate database found.\n");
static const char import_options_help[] =
    N_("  --nickname NAME   store under NAME instead of Firefox's \"<CN> - <issuer O>\"\n"
       "  --dry-run         say what would change; write nothing\n"
       "  --password-file FILE  primary password (first line of FILE), for databases\n"
       "                    that have one; on a terminal ffcert asks instead\n"
       "  --skip-running    leave databases of running programs alone\n"
       "  --migrate-legacy  convert a legacy cert8.db profile to cert9.db, then work on it\n"
       "  --json            machine-readable output\n");
static const char remove_options_help[] =
    N_("  --dry-run         say what would be removed; write nothing\n"
       "  --password-file FILE  primary password (first line of FILE), for databases\n"
       "                    that have one; on a terminal ffcert asks instead\n"
       "  --skip-running    leave databases of running programs alone\n"
       "  --migrate-legacy  convert a legacy cert8.db profile to cert9.db, then work on it\n"
       "  --json            machine-readable output\n");
static const char status_exit_help[] =
    N_("Exit status: 0 every database holds it (with the trust asked for, if any);\n"
       "1 some database lacks it, has other trust, failed or was skipped; 2 usage error\n"
       "or unusable SOURCE; 3 no certificate database found.\n");
static const char catalog_options_help[] =
    N_("  --catalog FILE    another catalogue (an institution's own list)\n"
       "  --json            machine-readable output\n");
static const char catalog_exit_help[] =
    N_("Exit status: 0 fine; 1 some shipped copy is missing or does not match its pin;\n"
       "2 the catalogue cannot be read.\n");
static const char doctor_options_help[] =
    N_("  --with FILE       also offer the certificates in FILE (repeatable)\n"
       "  --fix             import the missing intermediates the catalogue or --with\n"
       "                    provides, with the default trust c,c,\n"
       "  --catalog FILE    another catalogue\n"
       "  --password-file FILE  primary password, for --fix\n"
       "  --json            machine-readable output\n");
static const char doctor_exit_help[] =
    N_("Exit status: 0 nothing wrong (or everything fixed); 1 problems remain;\n"
       "2 usage error; 3 no certificate database found.\n");
static const char policy_options_help[] =
    N_("  install SOURCE    write the CA certificate of SOURCE as PEM into the\n"
       "                    certificates folder (file name from its CN) and add that\n"
       "                    path to policies.Certificates.Install; every other policy\n"
       "                    and entry is kept, the previous file is kept as\n"
       "                    policies.json.bak; a second run changes nothing. Expired\n"
       "                    certificates are refused unless --allow-expired\n"
       "  status            what policies.json configures, and whether each Install\n"
       "                    entry is a certificate file Firefox can read\n"
       "  remove SOURCE     undo install: the Install entry and the file\n"
       "  --policies FILE   policies.json (default /etc/firefox/policies/policies.json;\n"
       "                    firefox-esr does not read /etc/firefox-esr)\n"
       "  --cert-dir DIR    certificates folder (default /usr/lib/mozilla/certificates)\n"
       "  --json            machine-readable output\n");
static const char policy_notes_help[] =
    N_("Firefox asks for CT,CT, (an anchor for websites and email). Firefox 153 stores\n"
       "it in the PKCS#11 3.2 form, which ffcert status reports and older NSS (Debian\n"
       "12's certutil) shows as \",,\". Profiles that got the certificate keep it after\n"
       "remove: use\n"
       "`ffcert remove SOURCE` for them. A policies.json that is not valid JSON, or whose\n"
       "policies, Certificates or Install has the wrong type, is never overwritten.\n");
static const char policy_exit_help[] =
    N_("Exit status: 0 done, or nothing to do; 1 a file could not be written, or\n"
       "(status) an Install entry is missing or unreadable; 2 usage error, unusable\n"
       "SOURCE, a policies.json that cannot be merged, or not root with the default\n"
       "paths.\n");

#define SECTIONS(...) ((const char *const[]){__VA_ARGS__, NULL})

static const struct ff_command commands[] = {
    {"profiles", ff_cmd_profiles, FF_OPT_TARGETS | FF_OPT_JSON, "[TARGETS] [--json]",
     N_("List the certificate databases ffcert finds: Firefox (profiles.ini, XDG, snap,\n"
        "flatpak), Thunderbird, LibreWolf and Chromium's NSS database."),
     SECTIONS(targets_help, json_help, exit_help)},
    {"show", ff_cmd_show, FF_OPT_SOURCE | FF_OPT_FETCH | FF_OPT_JSON, "SOURCE [--json]",
     N_("Show the certificates in SOURCE and which one Firefox would import as the CA.\n"
        "Opens no database."),
     SECTIONS(source_help, json_help, exit_help)},
    {"catalog", ff_cmd_catalog, FF_OPT_CATALOG | FF_OPT_JSON, "[--catalog FILE] [--json]",
     N_("List the certificates importable by name: purpose, validity (valid, expires soon,\n"
        "expired), pin, successor, and whether the shipped copy matches its pin."),
     SECTIONS(catalog_options_help, catalog_exit_help)},
    {"doctor", ff_cmd_doctor,
     FF_OPT_TARGETS | FF_OPT_DOCTOR | FF_OPT_CATALOG | FF_OPT_WRITE | FF_OPT_JSON,
     "[TARGETS] [--with FILE]... [--fix] [--json]",
     N_("Explain client-certificate errors: for each database, list the certificates\n"
        "that have a private key, follow each chain, and say which link is missing,\n"
        "whether the catalogue (or --with) has it, and whether the chain reaches a root\n"
        "Firefox trusts. Also flags expired or revoked intermediates still installed,\n"
        "and intermediates trusted as anchors where c,c, would do. Writes nothing\n"
        "without --fix."),
     SECTIONS(targets_help, doctor_options_help, doctor_exit_help)},
    {"import", ff_cmd_import,
     FF_OPT_SOURCE | FF_OPT_FETCH | FF_OPT_CONFIRM | FF_OPT_TARGETS | FF_OPT_TRUST |
         FF_OPT_NICKNAME | FF_OPT_DRY_RUN | FF_OPT_JSON | FF_OPT_WRITE | FF_OPT_JOBS,
     "SOURCE [TARGETS] [TRUST] [--nickname NAME] [--dry-run] [--json]",
     N_("Import the CA certificate in SOURCE into every targeted database, as Firefox's\n"
        "Certificate Manager (Authorities > Import) does; other certificates of a bundle\n"
        "are stored with no trust. Already present with other trust: the trust is\n"
        "updated. The trust is written in the form every NSS reads (Firefox 153, ESR 140,\n"
        "Chromium, certutil), and read back from disk. Expired certificates are refused\n"
        "unless --allow-expired."),
     SECTIONS(source_help, confirm_help, targets_help, jobs_help, trust_help,
              import_options_help, exit_help)},
    {"status", ff_cmd_status,
     FF_OPT_SOURCE | FF_OPT_FETCH | FF_OPT_TARGETS | FF_OPT_TRUST | FF_OPT_JSON | FF_OPT_JOBS,
     "SOURCE [TARGETS] [TRUST] [--json]",
     N_("Report whether each database holds the certificate, with the trust Firefox and\n"
        "Thunderbird 153 use (and, where it differs, what older NSS reads). With a TRUST\n"
        "option, also check that it is exactly that trust; Firefox's own import with no\n"
        "box ticked counts as c,c,. Writes nothing."),
     SECTIONS(source_help, targets_help, jobs_help, trust_help, json_help, status_exit_help)},
    {"remove", ff_cmd_remove,
     FF_OPT_SOURCE | FF_OPT_FETCH | FF_OPT_TARGETS | FF_OPT_DRY_RUN | FF_OPT_JSON |
         FF_OPT_WRITE | FF_OPT_JOBS,
     "SOURCE [TARGETS] [--dry-run] [--json]",
     N_("Delete the CA certificate of SOURCE from every targeted database, with its trust\n"
        "records in both forms. It is found by its exact bytes, never by nickname; keys\n"
        "and other certificates stay."),
     SECTIONS(source_help, targets_help, jobs_help, remove_options_help, exit_help)},
    {"policy", ff_cmd_policy, FF_OPT_SOURCE | FF_OPT_FETCH | FF_OPT_CONFIRM | FF_OPT_JSON,
     "install|status|remove [SOURCE] [--policies FILE] [--cert-dir DIR] [--json]",
     N_("Manage Firefox's enterprise policy Certificates.Install, which makes Firefox add\n"
        "a CA certificate to every profile, new ones included, each time it starts (a\n"
        "machine-wide alternative to import). Needs root for the default paths."),
     SECTIONS(policy_options_help, source_help, confirm_help, policy_notes_help,
              policy_exit_help)},
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
    fprintf(out, "%s\n\n%s\n\n%s\n", _("Usage: ffcert COMMAND [OPTIONS]"),
            _("Put CA certificates into Firefox's certificate databases the way Firefox's\n"
              "Certificate Manager does, for every profile at once, and report the trust."),
            _("Commands:"));
    for (size_t i = 0; i < sizeof commands / sizeof commands[0]; i++)
        fprintf(out, "  %-9s %s\n", commands[i].name, commands[i].usage);
    fprintf(out, "\n%s\n%s", _("SOURCE is a certificate file (DER, PEM, PKCS#7), an https:// URL, or a\n"
                               "catalogue name such as nii-g8-rsa (see `ffcert catalog`).\n"
                               "`ffcert COMMAND --help` describes each command.\n"),
            _(exit_help));
}

/* --json anywhere: machine output, which never changes with the locale. */
static bool wants_json(int argc, char **argv)
{
    for (int i = 1; i < argc; i++)
        if (!strcmp(argv[i], "--json"))
            return true;
    return false;
}

int main(int argc, char **argv)
{
    ff_i18n_init(wants_json(argc, argv));
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
        printf("ffcert %s (NSS %s, NSPR %s, %s)\n", FFCERT_VERSION, ff_nss_version(),
               ff_nspr_version(), ff_download_version());
        return FF_EXIT_OK;
    }
    const struct ff_command *cmd = ff_find_command(name);
    if (!cmd) {
        ff_error(_("unknown command '%s' (commands: profiles, show, catalog, doctor, import, "
                   "status, remove, policy; see ffcert --help)"), name);
        return FF_EXIT_USAGE;
    }
    int rc = cmd->run(argc - 1, argv + 1);
    ff_nss_cleanup();
    return rc;
}
