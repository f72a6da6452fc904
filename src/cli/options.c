/* Options shared by every subcommand, and collecting the targets they name. */
#include "util/i18n.h"
#include "cli/cli.h"

#include <getopt.h>
#include <pwd.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

enum {
    OPT_HOME = 256,
    OPT_PROFILE,
    OPT_JSON,
    OPT_DRY_RUN,
    OPT_NICKNAME,
    OPT_TRUST,
    OPT_TRUST_WEBSITES,
    OPT_TRUST_EMAIL,
    OPT_CATALOG,
    OPT_OFFLINE,
    OPT_SHA256,
    OPT_CACERT,
    OPT_TIMEOUT,
    OPT_YES,
    OPT_ALLOW_EXPIRED,
    OPT_PASSWORD_FILE,
    OPT_SKIP_RUNNING,
    OPT_MIGRATE_LEGACY,
    OPT_ALL_USERS,
    OPT_JOBS,
    OPT_WITH,
    OPT_FIX,
};

/* Seconds for a whole download unless --timeout. */
#define DEFAULT_TIMEOUT 30

static const struct {
    struct option opt;
    unsigned needs; /* FF_OPT_* that allows it */
} known[] = {
    {{"home", required_argument, NULL, OPT_HOME}, FF_OPT_TARGETS},
    {{"profile", required_argument, NULL, OPT_PROFILE}, FF_OPT_TARGETS},
    {{"all-users", no_argument, NULL, OPT_ALL_USERS}, FF_OPT_TARGETS},
    {{"jobs", required_argument, NULL, OPT_JOBS}, FF_OPT_JOBS},
    {{"with", required_argument, NULL, OPT_WITH}, FF_OPT_DOCTOR},
    {{"fix", no_argument, NULL, OPT_FIX}, FF_OPT_DOCTOR},
    {{"json", no_argument, NULL, OPT_JSON}, FF_OPT_JSON},
    {{"dry-run", no_argument, NULL, OPT_DRY_RUN}, FF_OPT_DRY_RUN},
    {{"nickname", required_argument, NULL, OPT_NICKNAME}, FF_OPT_NICKNAME},
    {{"trust", required_argument, NULL, OPT_TRUST}, FF_OPT_TRUST},
    {{"trust-websites", no_argument, NULL, OPT_TRUST_WEBSITES}, FF_OPT_TRUST},
    {{"trust-email", no_argument, NULL, OPT_TRUST_EMAIL}, FF_OPT_TRUST},
    {{"catalog", required_argument, NULL, OPT_CATALOG}, FF_OPT_FETCH | FF_OPT_CATALOG},
    {{"offline", no_argument, NULL, OPT_OFFLINE}, FF_OPT_FETCH},
    {{"sha256", required_argument, NULL, OPT_SHA256}, FF_OPT_FETCH},
    {{"cacert", required_argument, NULL, OPT_CACERT}, FF_OPT_FETCH},
    {{"timeout", required_argument, NULL, OPT_TIMEOUT}, FF_OPT_FETCH},
    {{"yes", no_argument, NULL, OPT_YES}, FF_OPT_CONFIRM},
    {{"allow-expired", no_argument, NULL, OPT_ALLOW_EXPIRED}, FF_OPT_CONFIRM},
    {{"password-file", required_argument, NULL, OPT_PASSWORD_FILE}, FF_OPT_WRITE},
    {{"skip-running", no_argument, NULL, OPT_SKIP_RUNNING}, FF_OPT_WRITE},
    {{"migrate-legacy", no_argument, NULL, OPT_MIGRATE_LEGACY}, FF_OPT_WRITE},
    {{"help", no_argument, NULL, 'h'}, 0},
};
#define N_KNOWN (sizeof known / sizeof known[0])

static void print_help(const struct ff_command *cmd)
{
    printf(_("Usage: ffcert %s %s\n"), cmd->name, cmd->usage);
    printf("\n%s\n", _(cmd->summary));
    for (const char *const *section = cmd->help; *section; section++)
        printf("\n%s", _(*section));
}

static int usage_error(const struct ff_command *cmd, const char *what)
{
    ff_error(_("%s: %s (see: ffcert %s --help)"), cmd->name, what, cmd->name);
    return FF_EXIT_USAGE;
}

int ff_parse_options(const struct ff_command *cmd, int argc, char **argv,
                     struct ff_options *opts)
{
    struct option longopts[N_KNOWN + 1];
    size_t n = 0;
    for (size_t i = 0; i < N_KNOWN; i++)
        if (!known[i].needs || (cmd->options & known[i].needs))
            longopts[n++] = known[i].opt;
    memset(&longopts[n], 0, sizeof longopts[n]);

    memset(opts, 0, sizeof *opts);
    opts->command = cmd->name;
    opts->trust = ff_trust_from_dialog(false, false);
    opts->src.timeout = DEFAULT_TIMEOUT;
    opts->src.confirm = cmd->options & FF_OPT_CONFIRM;
    long cpus = sysconf(_SC_NPROCESSORS_ONLN);
    opts->jobs = cpus > 0 ? (size_t)cpus : 1;
    bool websites = false, email = false;
    const char *letters = NULL;

    opterr = 0;
    optind = 1;
    int c;
    while ((c = getopt_long(argc, argv, "hj:", longopts, NULL)) != -1) {
        switch (c) {
        case OPT_HOME:
            opts->home = optarg;
            break;
        case OPT_PROFILE:
            ff_strv_push(&opts->profiles, xstrdup(optarg));
            break;
        case 'j':
        case OPT_JOBS: {
            if (!(cmd->options & FF_OPT_JOBS))
                return usage_error(cmd, _("-j is for import, status and remove"));
            char *end;
            long j = strtol(optarg, &end, 10);
            if (*end || j < 1 || j > 256)
                return usage_error(cmd, _("-j needs a number of processes (1-256)"));
            opts->jobs = (size_t)j;
            break;
        }
        case OPT_WITH:
            ff_strv_push(&opts->with, xstrdup(optarg));
            break;
        case OPT_FIX:
            opts->fix = true;
            break;
        case OPT_ALL_USERS:
            opts->all_users = true;
            break;
        case OPT_JSON:
            opts->json = true;
            break;
        case OPT_DRY_RUN:
            opts->dry_run = true;
            break;
        case OPT_NICKNAME:
            if (!*optarg)
                return usage_error(cmd, _("--nickname needs a non-empty name"));
            opts->nickname = optarg;
            break;
        case OPT_TRUST:
            letters = optarg;
            break;
        case OPT_TRUST_WEBSITES:
            websites = true;
            break;
        case OPT_TRUST_EMAIL:
            email = true;
            break;
        case OPT_CATALOG:
            opts->src.catalog = optarg;
            break;
        case OPT_OFFLINE:
            opts->src.offline = true;
            break;
        case OPT_SHA256: {
            unsigned char pin[32];
            if (ff_sha256_parse(optarg, pin) != 0)
                return usage_error(cmd, _("--sha256 needs 64 hex digits (colons allowed)"));
            opts->src.sha256 = optarg;
            break;
        }
        case OPT_CACERT:
            opts->src.cacert = optarg;
            break;
        case OPT_TIMEOUT: {
            char *end;
            long t = strtol(optarg, &end, 10);
            if (*end || t < 1 || t > 3600)
                return usage_error(cmd, _("--timeout needs a number of seconds (1-3600)"));
            opts->src.timeout = t;
            break;
        }
        case OPT_YES:
            opts->src.yes = true;
            break;
        case OPT_ALLOW_EXPIRED:
            opts->src.allow_expired = true;
            break;
        case OPT_PASSWORD_FILE:
            opts->password_file = optarg;
            break;
        case OPT_SKIP_RUNNING:
            opts->skip_running = true;
            break;
        case OPT_MIGRATE_LEGACY:
            opts->migrate_legacy = true;
            break;
        case 'h':
            print_help(cmd);
            return FF_EXIT_OK;
        default: {
            char *what = optopt ? xasprintf(_("unknown or incomplete option '-%c'"), optopt)
                                : xasprintf(_("unknown option or missing value: '%s'"),
                                            argv[optind - 1]);
            int rc = usage_error(cmd, what);
            free(what);
            return rc;
        }
        }
    }

    if (letters && (websites || email))
        return usage_error(cmd, _("--trust cannot be combined with --trust-websites/--trust-email"));
    if (letters) {
        char *why = NULL;
        char extra[FF_TRUST_LETTERS_MAX];
        char *what = NULL;
        if (ff_trust_parse(letters, &opts->trust, &why) != 0) {
            what = xasprintf("--trust '%s': %s", letters, why);
            free(why);
        }
        else if (ff_trust_unstorable(&opts->trust, extra)) {
            char *w = extra;
            for (const char *r = extra; *r; r++)
                if (*r != ',')
                    *w++ = *r;
            *w = '\0';
            what = xasprintf(_("--trust '%s': a cert9.db cannot hold '%s' (NSS stores only the "
                             "letters p, P, c, C, T)"), letters, extra);
        }
        if (what) {
            int rc = usage_error(cmd, what);
            free(what);
            return rc;
        }
    } else if (websites || email) {
        opts->trust = ff_trust_from_dialog(websites, email);
    }
    opts->trust_given = letters || websites || email;

    if ((opts->home != NULL) + (opts->profiles.n > 0) + opts->all_users > 1)
        return usage_error(cmd, _("--home, --profile and --all-users cannot be combined"));

    int positional = argc - optind;
    if (cmd->options & FF_OPT_SOURCE) {
        if (positional == 0)
            return usage_error(cmd, _("missing SOURCE (a file, an https:// URL or a catalogue "
                                    "name)"));
        opts->source = argv[optind++];
        positional--;
    }
    if (positional > 0) {
        char *what = xasprintf(_("unexpected argument '%s'"), argv[optind]);
        int rc = usage_error(cmd, what);
        free(what);
        return rc;
    }
    return -1;
}

void ff_options_free(struct ff_options *opts)
{
    ff_strv_free(&opts->profiles);
    ff_strv_free(&opts->with);
}

const char *ff_options_home(const struct ff_options *opts)
{
    if (opts->home)
        return opts->home;
    const char *home = getenv("HOME");
    if (home && *home)
        return home;
    struct passwd *pw = getpwuid(getuid());
    return pw ? pw->pw_dir : "/";
}

static void keep_warning(const char *message, void *ctx)
{
    ff_warning("%s", message);
    ff_strv_push(ctx, xstrdup(message));
}

void ff_collect_targets(const struct ff_options *opts, const char *home,
                        const struct ff_strv *profiles, struct ff_target_list *out,
                        struct ff_strv *warnings)
{
    if (profiles) {
        for (size_t i = 0; i < profiles->n; i++) {
            ff_target_from_dir(profiles->v[i], out);
            /* The same folder named twice (d, d/, sql:d) is one database. */
            struct ff_target *t = &out->v[out->n - 1];
            for (size_t j = 0; j + 1 < out->n; j++) {
                if (!strcmp(out->v[j].path, t->path)) {
                    ff_target_clear(t);
                    out->n--;
                    break;
                }
            }
        }
        return;
    }
    /* $XDG_CONFIG_HOME describes the real home; with --home, DIR/.config is used. */
    const char *xdg = home || opts->home ? NULL : getenv("XDG_CONFIG_HOME");
    if (xdg && xdg[0] != '/')
        xdg = NULL;
    ff_discover(home ? home : ff_options_home(opts), xdg, out, keep_warning, warnings);
}
