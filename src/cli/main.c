/* ffcert: put CA certificates into Firefox's certificate databases the way Firefox's
 * Certificate Manager does, for every profile at once, and report the trust.
 *
 * As git.c's run_builtin: every command goes through the same steps here (language,
 * options, the command's own run), and the way out checks that what was written to
 * stdout really got there. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"
#include "net/download.h"
#include "nss/nss.h"
#include "report/report.h"
#include "util/i18n.h"

static const struct ff_command *const commands[] = {
    &ff_cmd_profiles, &ff_cmd_show, &ff_cmd_catalog, &ff_cmd_doctor,
    &ff_cmd_import,   &ff_cmd_status, &ff_cmd_remove, &ff_cmd_policy,
};
#define N_COMMANDS (sizeof commands / sizeof commands[0])

static const struct ff_command *find(const struct ff_command *const *list, size_t n,
                                     const char *name)
{
    for (size_t i = 0; i < n; i++)
        if (!strcmp(list[i]->name, name))
            return list[i];
    return NULL;
}

static void print_usage(FILE *out)
{
    fprintf(out, "%s\n\n%s\n\n%s\n", _("Usage: ffcert COMMAND [OPTIONS]"),
            _("Put CA certificates into Firefox's certificate databases the way Firefox's\n"
              "Certificate Manager does, for every profile at once, and report the trust."),
            _("Commands:"));
    for (size_t i = 0; i < N_COMMANDS; i++)
        fprintf(out, "  %-9s %s\n", commands[i]->name, commands[i]->usage);
    fprintf(out, "\n%s\n%s", _("SOURCE is a certificate file (DER, PEM, PKCS#7), an https:// URL, or a\n"
                               "catalogue name such as nii-g8-rsa (see `ffcert catalog`).\n"
                               "`ffcert COMMAND --help` describes each command.\n"),
            _(ff_exit_help));
}

/* --json anywhere: machine output, which never changes with the locale. */
static bool wants_json(int argc, char **argv)
{
    for (int i = 1; i < argc; i++)
        if (!strcmp(argv[i], "--json"))
            return true;
    return false;
}

/* The way out of every command: a report that did not reach its file (a full disk,
 * a closed pipe) is a failure, not a success. */
static int finish(int status)
{
    if (fflush(stdout) != 0 || ferror(stdout)) {
        ff_error(_("cannot write the output: %s"), strerror(errno ? errno : EIO));
        return FF_EXIT_USAGE;
    }
    if (fclose(stdout) != 0) {
        ff_error(_("cannot write the output: %s"), strerror(errno));
        return FF_EXIT_USAGE;
    }
    return status;
}

/* Options, then the command (or the verb: `ffcert policy install ...`). */
static int run_command(const struct ff_command *cmd, int argc, char **argv, const char *verb_of)
{
    if (cmd->verbs) {
        size_t n = 0;
        while (cmd->verbs[n])
            n++;
        const struct ff_command *verb = argc > 1 ? find(cmd->verbs, n, argv[1]) : NULL;
        if (verb)
            return run_command(verb, argc - 1, argv + 1, cmd->name);
        if (argc > 1 && (!strcmp(argv[1], "--help") || !strcmp(argv[1], "-h"))) {
            ff_print_help(stdout, cmd, NULL);
            return FF_EXIT_OK;
        }
        if (argc > 1)
            ff_error(_("%s: unknown action '%s' (%s; see: ffcert %s --help)"), cmd->name, argv[1],
                     cmd->usage, cmd->name);
        else
            ff_error(_("%s: missing what to do (%s; see: ffcert %s --help)"), cmd->name,
                     cmd->usage, cmd->name);
        return FF_EXIT_USAGE;
    }
    struct ff_options opts;
    int status = FF_EXIT_OK;
    if (ff_parse_options(cmd, verb_of, argc, argv, &opts, &status) == FF_PARSED_RUN)
        status = cmd->run(&opts);
    ff_options_free(&opts);
    /* A script that asked for JSON gets a document for every outcome. */
    if ((status == FF_EXIT_USAGE || status == FF_EXIT_NO_DB) && wants_json(argc, argv)) {
        char *name = verb_of ? xasprintf("%s %s", verb_of, cmd->name) : xstrdup(cmd->name);
        ff_report_error_json(stdout, name, status, ff_last_error());
        free(name);
    }
    return status;
}

int main(int argc, char **argv)
{
    ff_i18n_init(wants_json(argc, argv));
    if (argc < 2) {
        print_usage(stderr);
        return FF_EXIT_USAGE;
    }
    const char *name = argv[1];
    int status;
    if (!strcmp(name, "--help") || !strcmp(name, "-h") || !strcmp(name, "help")) {
        print_usage(stdout);
        status = FF_EXIT_OK;
    } else if (!strcmp(name, "--version")) {
        printf("ffcert %s (NSS %s, NSPR %s, %s)\n", FFCERT_VERSION, ff_nss_version(),
               ff_nspr_version(), ff_download_version());
        status = FF_EXIT_OK;
    } else {
        const struct ff_command *cmd = find(commands, N_COMMANDS, name);
        if (!cmd) {
            ff_error(_("unknown command '%s' (commands: profiles, show, catalog, doctor, import, "
                       "status, remove, policy; see ffcert --help)"), name);
            if (wants_json(argc, argv))
                ff_report_error_json(stdout, NULL, FF_EXIT_USAGE, ff_last_error());
            return finish(FF_EXIT_USAGE);
        }
        status = run_command(cmd, argc - 1, argv + 1, NULL);
    }
    ff_nss_cleanup();
    return finish(status);
}
