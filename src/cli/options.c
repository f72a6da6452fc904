/* Options, declared once: each has its argument's kind, its help line and where its
 * value goes; a command lists the ones it takes (cli.h), and its --help is printed
 * from the same table. Parsing is curl's tool_getparam.c in miniature: typed
 * arguments, checked once, one message style. */
#include "util/i18n.h"
#include "cli/cli.h"

#include <getopt.h>
#include <pwd.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* Seconds for a whole download unless --timeout. */
#define DEFAULT_TIMEOUT 30

enum arg {
    ARG_NONE,        /* a flag: sets a bool */
    ARG_TEXT,        /* a non-empty string */
    ARG_PATH,        /* a file or folder */
    ARG_NUMBER,      /* a whole number from min to max */
    ARG_FINGERPRINT, /* a SHA-256: 64 hex digits, colons allowed */
};

enum group { GROUP_TARGETS, GROUP_SOURCE, GROUP_TRUST, GROUP_WRITE, GROUP_DOCTOR, GROUP_POLICY,
             GROUP_OUTPUT, GROUP_COUNT };

static const char *const group_headings[GROUP_COUNT] = {
    [GROUP_TARGETS] = N_("Targets (default: every certificate database of the current user):"),
    [GROUP_SOURCE] = N_("Certificates (getting SOURCE, the catalogue):"),
    [GROUP_TRUST] = N_("Trust (default: what Firefox's dialog gives with no box ticked, c,c,: a\n"
                       "valid CA that inherits trust from its root; this fixes\n"
                       "missing-intermediate errors):"),
    [GROUP_WRITE] = N_("Writing:"),
    [GROUP_DOCTOR] = N_("Repairs:"),
    [GROUP_POLICY] = N_("Policy files:"),
    [GROUP_OUTPUT] = N_("Output:"),
};

static const struct option_def {
    const char *name;
    char letter;        /* short form, or 0 */
    enum arg arg;
    const char *arg_name; /* shown in help */
    enum group group;
    size_t offset;      /* where the value goes in struct ff_options */
    bool repeatable;    /* a list (struct ff_strv) */
    long min, max;      /* ARG_NUMBER */
    const char *help;   /* lines of at most 58 columns */
    const char *bad;    /* the message for a value that is not of its kind */
} defs[OPT_END] = {
#define AT(field) offsetof(struct ff_options, field)
    [OPT_HOME] = {"home", 0, ARG_PATH, "DIR", GROUP_TARGETS, AT(home), false, 0, 0,
                  N_("discover as if DIR were the home directory"), NULL},
    [OPT_PROFILE] = {"profile", 0, ARG_PATH, "DIR", GROUP_TARGETS, AT(profiles), true, 0, 0,
                     N_("exactly this profile or NSS database folder\n"
                        "(repeatable); no discovery"), NULL},
    [OPT_ALL_USERS] = {"all-users", 0, ARG_NONE, NULL, GROUP_TARGETS, AT(all_users), false, 0, 0,
                       N_("every account's profiles (root; each account's work\n"
                          "runs as that account)"), NULL},
    [OPT_APP] = {"app", 0, ARG_TEXT, "NAME", GROUP_TARGETS, AT(apps), true, 0, 0,
                 N_("only the databases of this program (repeatable):\n"
                    "firefox, thunderbird, librewolf (each also its snap and\n"
                    "flatpak), chromium, or one of those names exactly"), NULL},
    [OPT_JOBS] = {"jobs", 'j', ARG_NUMBER, "N", GROUP_TARGETS, AT(jobs), false, 1, 256,
                  N_("N worker processes (default: online CPUs); the report\n"
                     "keeps discovery order"),
                  N_("-j needs a number of processes (1-256)")},
    [OPT_SHA256] = {"sha256", 0, ARG_FINGERPRINT, "FP", GROUP_SOURCE, AT(src.sha256), false, 0, 0,
                    N_("the certificate's SHA-256 must be FP (hex, colons\n"
                       "optional); also allows http:// and file:// URLs"),
                    N_("--sha256 needs 64 hex digits (colons allowed)")},
    [OPT_OFFLINE] = {"offline", 0, ARG_NONE, NULL, GROUP_SOURCE, AT(src.offline), false, 0, 0,
                     N_("use the catalogue's shipped copy, no download"), NULL},
    [OPT_CATALOG] = {"catalog", 0, ARG_PATH, "FILE", GROUP_SOURCE, AT(src.catalog), false, 0, 0,
                     N_("use this catalogue instead of the installed one (an\n"
                        "institution's own list)"), NULL},
    [OPT_CACERT] = {"cacert", 0, ARG_PATH, "FILE", GROUP_SOURCE, AT(src.cacert), false, 0, 0,
                    N_("CA bundle for https downloads (a private CA)"), NULL},
    [OPT_TIMEOUT] = {"timeout", 0, ARG_NUMBER, "SECONDS", GROUP_SOURCE, AT(src.timeout), false, 1,
                     3600, N_("download time limit (default 30)"),
                     N_("--timeout needs a number of seconds (1-3600)")},
    [OPT_YES] = {"yes", 0, ARG_NONE, NULL, GROUP_SOURCE, AT(src.yes), false, 0, 0,
                 N_("accept an https download that has no pin without asking"), NULL},
    [OPT_ALLOW_EXPIRED] = {"allow-expired", 0, ARG_NONE, NULL, GROUP_SOURCE,
                           AT(src.allow_expired), false, 0, 0,
                           N_("import an expired or not yet valid certificate"), NULL},
    [OPT_TRUST_WEBSITES] = {"trust-websites", 0, ARG_NONE, NULL, GROUP_TRUST, AT(trust_websites),
                            false, 0, 0,
                            N_("tick \"Trust this CA to identify websites\" (CT,c,)"), NULL},
    [OPT_TRUST_EMAIL] = {"trust-email", 0, ARG_NONE, NULL, GROUP_TRUST, AT(trust_email), false, 0,
                         0, N_("tick \"Trust this CA to identify email users\" (c,C,)"), NULL},
    [OPT_TRUST] = {"trust", 0, ARG_TEXT, "SSL,EMAIL,OBJSIGN", GROUP_TRUST, AT(trust_letters), false,
                   0, 0,
                   N_("certutil's letters: c valid CA, C trusted CA, T trusted\n"
                      "client CA, p distrusted, P trusted peer"), NULL},
    [OPT_NICKNAME] = {"nickname", 0, ARG_TEXT, "NAME", GROUP_WRITE, AT(nickname), false, 0, 0,
                      N_("store under NAME instead of Firefox's\n"
                         "\"<CN> - <issuer O>\""),
                      N_("--nickname needs a non-empty name")},
    [OPT_DRY_RUN] = {"dry-run", 0, ARG_NONE, NULL, GROUP_WRITE, AT(dry_run), false, 0, 0,
                     N_("say what would change; write nothing"), NULL},
    [OPT_PASSWORD_FILE] = {"password-file", 0, ARG_PATH, "FILE", GROUP_WRITE, AT(password_file),
                           false, 0, 0,
                           N_("primary password (first line of FILE), for databases\n"
                              "that have one; on a terminal ffcert asks instead"), NULL},
    [OPT_SKIP_RUNNING] = {"skip-running", 0, ARG_NONE, NULL, GROUP_WRITE, AT(skip_running), false,
                          0, 0, N_("leave databases of running programs alone"), NULL},
    [OPT_MIGRATE_LEGACY] = {"migrate-legacy", 0, ARG_NONE, NULL, GROUP_WRITE, AT(migrate_legacy),
                            false, 0, 0,
                            N_("convert a legacy cert8.db profile to cert9.db, then\n"
                               "work on it"), NULL},
    [OPT_WITH] = {"with", 0, ARG_PATH, "FILE", GROUP_DOCTOR, AT(with), true, 0, 0,
                  N_("also offer the certificates in FILE (repeatable)"), NULL},
    [OPT_FIX] = {"fix", 0, ARG_NONE, NULL, GROUP_DOCTOR, AT(fix), false, 0, 0,
                 N_("import the missing intermediates the catalogue or --with\n"
                    "provides, with the default trust c,c,"), NULL},
    [OPT_POLICIES] = {"policies", 0, ARG_PATH, "FILE", GROUP_POLICY, AT(policies), false, 0, 0,
                      N_("policies.json (default /etc/firefox/policies/\n"
                         "policies.json; firefox-esr does not read\n"
                         "/etc/firefox-esr)"), NULL},
    [OPT_CERT_DIR] = {"cert-dir", 0, ARG_PATH, "DIR", GROUP_POLICY, AT(cert_dir), false, 0, 0,
                      N_("certificates folder (default\n"
                         "/usr/lib/mozilla/certificates)"), NULL},
    [OPT_JSON] = {"json", 0, ARG_NONE, NULL, GROUP_OUTPUT, AT(json), false, 0, 0,
                  N_("machine-readable output"), NULL},
#undef AT
};

const char ff_source_note[] =
    N_("SOURCE: a certificate file (DER, PEM, PKCS#7), an https:// URL, or a catalogue\n"
       "name (`ffcert catalog` lists them).\n");
const char ff_exit_help[] =
    N_("Exit status: 0 every database ends in the requested state; 1 some database\n"
       "failed or was skipped; 2 usage error or unusable SOURCE (nothing written);\n"
       "3 no certificate database found; 128+N stopped by signal N (130 Ctrl-C,\n"
       "143 SIGTERM: the databases in hand are finished first).\n");

static bool takes(const struct ff_command *cmd, enum ff_opt o)
{
    for (const enum ff_opt *p = cmd->options; *p != OPT_END; p++)
        if (*p == o)
            return true;
    return false;
}

/* "-j, --jobs N" */
static void option_spec(enum ff_opt o, char *buf, size_t size)
{
    const struct option_def *d = &defs[o];
    snprintf(buf, size, "%s%c%s--%s%s%s", d->letter ? "-" : "", d->letter ? d->letter : ' ',
             d->letter ? ", " : "", d->name, d->arg_name ? " " : "", d->arg_name ? d->arg_name : "");
    if (!d->letter)
        memmove(buf, buf + 1, strlen(buf));
}

#define HELP_COLUMN 20

void ff_print_help(FILE *out, const struct ff_command *cmd, const char *prefix)
{
    fprintf(out, _("Usage: ffcert %s%s%s %s\n"), prefix ? prefix : "", prefix ? " " : "",
            cmd->name, cmd->usage);
    fprintf(out, "\n%s\n", _(cmd->summary));
    if (cmd->verbs)
        for (const struct ff_command *const *v = cmd->verbs; *v; v++)
            fprintf(out, "  %-9s %s\n", (*v)->name, (*v)->usage);
    if (cmd->source)
        fprintf(out, "\n%s", _(ff_source_note));
    for (int g = 0; g < GROUP_COUNT; g++) {
        bool heading = false;
        for (const enum ff_opt *p = cmd->options; *p != OPT_END; p++) {
            if (defs[*p].group != (enum group)g)
                continue;
            if (!heading)
                fprintf(out, "\n%s\n", _(group_headings[g]));
            heading = true;
            char spec[64];
            option_spec(*p, spec, sizeof spec);
            fprintf(out, "  %s", spec);
            size_t col = 2 + strlen(spec);
            const char *help = _(defs[*p].help);
            /* The first line beside the option when it fits, each further line under it. */
            for (bool first = true; *help; first = false) {
                size_t n = strcspn(help, "\n");
                if (!first || col + 1 > HELP_COLUMN) {
                    fputc('\n', out);
                    col = 0;
                }
                fprintf(out, "%*s%.*s", (int)(HELP_COLUMN - col), "", (int)n, help);
                col = HELP_COLUMN;
                help += n + (help[n] == '\n');
            }
            fputc('\n', out);
        }
        if (g == GROUP_OUTPUT) {
            if (!heading)
                fprintf(out, "\n%s\n", _(group_headings[g]));
            fprintf(out, "  -h, --help%*s%s\n", HELP_COLUMN - 12, "", _("this help"));
        }
    }
    for (const char *const *note = cmd->notes; note && *note; note++)
        fprintf(out, "\n%s", _(*note));
    if (cmd->exit_help)
        fprintf(out, "\n%s", _(cmd->exit_help));
}

static enum ff_parsed usage_error(const struct ff_options *opts, const char *what, int *status)
{
    ff_error(_("%s: %s (see: ffcert %s --help)"), opts->command, what, opts->command);
    *status = FF_EXIT_USAGE;
    return FF_PARSED_EXIT;
}

/* Stores one option's value where its definition says. Returns a message (static or
 * translated) when the value is not of the option's kind, else NULL. */
static const char *store(struct ff_options *opts, enum ff_opt o, const char *value)
{
    const struct option_def *d = &defs[o];
    char *field = (char *)opts + d->offset;
    switch (d->arg) {
    case ARG_NONE:
        *(bool *)field = true;
        return NULL;
    case ARG_NUMBER: {
        char *end;
        long v = strtol(value, &end, 10);
        if (!*value || *end || v < d->min || v > d->max)
            return _(d->bad);
        *(long *)field = v;
        return NULL;
    }
    case ARG_FINGERPRINT: {
        unsigned char pin[32];
        if (ff_sha256_parse(value, pin) != 0)
            return _(d->bad);
        break;
    }
    case ARG_TEXT:
        if (!*value && d->bad)
            return _(d->bad);
        break;
    case ARG_PATH:
        break;
    }
    if (d->repeatable)
        ff_strv_push((struct ff_strv *)(void *)field, xstrdup(value));
    else
        *(const char **)(void *)field = value;
    return NULL;
}

/* The trust options, once all are read: --trust's letters, or the dialog's boxes. */
static const char *settle_trust(struct ff_options *opts, char **what)
{
    const char *letters = opts->trust_letters;
    if (letters && (opts->trust_websites || opts->trust_email))
        return _("--trust cannot be combined with --trust-websites/--trust-email");
    if (letters) {
        char *why = NULL;
        char extra[FF_TRUST_LETTERS_MAX];
        if (ff_trust_parse(letters, &opts->trust, &why) != 0) {
            *what = xasprintf("--trust '%s': %s", letters, why);
            free(why);
            return *what;
        }
        if (ff_trust_unstorable(&opts->trust, extra)) {
            char *w = extra;
            for (const char *r = extra; *r; r++)
                if (*r != ',')
                    *w++ = *r;
            *w = '\0';
            *what = xasprintf(_("--trust '%s': a cert9.db cannot hold '%s' (NSS stores only the "
                                "letters p, P, c, C, T)"), letters, extra);
            return *what;
        }
    } else if (opts->trust_websites || opts->trust_email) {
        opts->trust = ff_trust_from_dialog(opts->trust_websites, opts->trust_email);
    }
    opts->trust_given = letters || opts->trust_websites || opts->trust_email;
    return NULL;
}

enum ff_parsed ff_parse_options(const struct ff_command *cmd, const char *prefix, int argc,
                                char **argv, struct ff_options *opts, int *status)
{
    memset(opts, 0, sizeof *opts);
    opts->command = prefix ? xasprintf("%s %s", prefix, cmd->name) : xstrdup(cmd->name);
    opts->trust = ff_trust_from_dialog(false, false);
    opts->src.timeout = DEFAULT_TIMEOUT;
    opts->src.confirm = takes(cmd, OPT_YES); /* the commands that write ask first */
    long cpus = sysconf(_SC_NPROCESSORS_ONLN);
    opts->jobs = cpus > 0 ? cpus : 1;

    struct option longopts[OPT_END + 2];
    char shortopts[8] = "h";
    size_t n = 0;
    for (const enum ff_opt *p = cmd->options; *p != OPT_END; p++) {
        const struct option_def *d = &defs[*p];
        longopts[n++] = (struct option){d->name, d->arg ? required_argument : no_argument, NULL,
                                        256 + (int)*p};
        if (d->letter)
            snprintf(shortopts + strlen(shortopts), sizeof shortopts - strlen(shortopts),
                     "%c%s", d->letter, d->arg ? ":" : "");
    }
    longopts[n++] = (struct option){"help", no_argument, NULL, 'h'};
    longopts[n] = (struct option){NULL, 0, NULL, 0};

    bool seen[OPT_END] = {false};
    opterr = 0;
    optind = 1;
    int c;
    while ((c = getopt_long(argc, argv, shortopts, longopts, NULL)) != -1) {
        if (c == 'h') {
            ff_print_help(stdout, cmd, prefix);
            *status = FF_EXIT_OK;
            return FF_PARSED_EXIT;
        }
        enum ff_opt o = OPT_END;
        for (const enum ff_opt *p = cmd->options; *p != OPT_END; p++)
            if (c == 256 + (int)*p || (defs[*p].letter && c == defs[*p].letter))
                o = *p;
        if (o == OPT_END) {
            char *what = optopt && optopt < 256
                             ? xasprintf(_("unknown or incomplete option '-%c'"), optopt)
                             : xasprintf(_("unknown option or missing value: '%s'"),
                                         argv[optind - 1]);
            enum ff_parsed r = usage_error(opts, what, status);
            free(what);
            return r;
        }
        if (seen[o] && defs[o].arg && !defs[o].repeatable) {
            char *what = xasprintf(_("--%s given twice"), defs[o].name);
            enum ff_parsed r = usage_error(opts, what, status);
            free(what);
            return r;
        }
        seen[o] = true;
        const char *bad = store(opts, o, optarg);
        if (bad)
            return usage_error(opts, bad, status);
    }

    char *what = NULL;
    const char *bad = settle_trust(opts, &what);
    if (bad) {
        enum ff_parsed r = usage_error(opts, bad, status);
        free(what);
        return r;
    }
    for (size_t k = 0; k < opts->apps.n; k++) {
        if (ff_app_known(opts->apps.v[k]))
            continue;
        what = xasprintf(_("--app '%s': not a program ffcert knows (firefox, thunderbird, "
                           "librewolf, chromium, or one of their snap and flatpak names)"),
                         opts->apps.v[k]);
        enum ff_parsed r = usage_error(opts, what, status);
        free(what);
        return r;
    }
    if ((opts->home != NULL) + (opts->profiles.n > 0) + opts->all_users > 1)
        return usage_error(opts, _("--home, --profile and --all-users cannot be combined"),
                           status);

    int positional = argc - optind;
    if (cmd->source) {
        if (positional == 0)
            return usage_error(opts, _("missing SOURCE (a file, an https:// URL or a catalogue "
                                       "name)"), status);
        opts->source = argv[optind++];
        positional--;
    }
    if (positional > 0) {
        what = xasprintf(_("unexpected argument '%s'"), argv[optind]);
        enum ff_parsed r = usage_error(opts, what, status);
        free(what);
        return r;
    }
    return FF_PARSED_RUN;
}

void ff_options_free(struct ff_options *opts)
{
    free(opts->command);
    ff_strv_free(&opts->profiles);
    ff_strv_free(&opts->apps);
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

/* --app: only the databases of those programs. */
static void keep_apps(const struct ff_options *opts, struct ff_target_list *l)
{
    if (!opts->apps.n)
        return;
    size_t kept = 0;
    for (size_t i = 0; i < l->n; i++) {
        bool wanted = false;
        for (size_t k = 0; k < opts->apps.n && !wanted; k++)
            wanted = ff_app_matches(l->v[i].app, opts->apps.v[k]);
        if (wanted)
            l->v[kept++] = l->v[i];
        else
            ff_target_clear(&l->v[i]);
    }
    l->n = kept;
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
        keep_apps(opts, out);
        return;
    }
    /* $XDG_CONFIG_HOME describes the real home; with --home, DIR/.config is used. */
    const char *xdg = home || opts->home ? NULL : getenv("XDG_CONFIG_HOME");
    if (xdg && xdg[0] != '/')
        xdg = NULL;
    ff_discover(home ? home : ff_options_home(opts), xdg, out, keep_warning, warnings);
    keep_apps(opts, out);
}
