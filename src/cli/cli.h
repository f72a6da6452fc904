/* Command-line plumbing shared by the commands (cli/cmd_*.c): options, targets,
 * sources. The commands themselves stay thin. */
#ifndef FFCERT_CLI_H
#define FFCERT_CLI_H

#include <stdbool.h>
#include <stdio.h>

#include "core/apply.h"
#include "core/catalog.h"
#include "core/rows.h"
#include "cert/cert.h"
#include "core/source.h"
#include "disc/discover.h"
#include "cert/trust.h"
#include "util/util.h"

/* Every option, declared once in cli/options.c with its argument and help line; a
 * command lists the ones it takes. */
enum ff_opt {
    OPT_HOME, OPT_PROFILE, OPT_ALL_USERS, OPT_APP, OPT_JOBS,
    OPT_SHA256, OPT_OFFLINE, OPT_CATALOG, OPT_CACERT, OPT_TIMEOUT, OPT_YES, OPT_ALLOW_EXPIRED,
    OPT_TRUST_WEBSITES, OPT_TRUST_EMAIL, OPT_TRUST,
    OPT_NICKNAME, OPT_DRY_RUN, OPT_PASSWORD_FILE, OPT_SKIP_RUNNING, OPT_MIGRATE_LEGACY,
    OPT_WITH, OPT_FIX,
    OPT_POLICIES, OPT_CERT_DIR,
    OPT_JSON,
    OPT_END, /* ends a command's list */
};

struct ff_options {
    char *command;              /* "import", "policy install" */
    const char *source;         /* SOURCE, or NULL */
    const char *home;           /* --home */
    struct ff_strv profiles;    /* --profile, repeatable */
    bool all_users;             /* --all-users (root) */
    struct ff_strv apps;        /* --app, repeatable: only these programs' databases */
    long jobs;                  /* -j N: worker processes (default: online CPUs) */
    bool json;
    bool dry_run;
    const char *nickname;
    bool trust_given;           /* any TRUST option */
    struct ff_trust trust;      /* requested (default: the dialog with no box ticked) */
    struct ff_source_opts src;
    const char *password_file;  /* --password-file FILE */
    bool skip_running;
    bool migrate_legacy;
    struct ff_strv with;        /* doctor --with FILE, repeatable */
    bool fix;                   /* doctor --fix */
    const char *policies;       /* policy --policies FILE */
    const char *cert_dir;       /* policy --cert-dir DIR */
    /* Internal to parsing: the letters of --trust, and the two dialog boxes. */
    const char *trust_letters;
    bool trust_websites, trust_email;
};

/* A command (tmux's cmd_entry, git's builtin): each src/cli/cmd_*.c defines its own,
 * and main.c lists them. */
struct ff_command {
    const char *name;
    const char *usage;          /* after "ffcert NAME": "SOURCE [TARGETS] [TRUST] ..." */
    const char *summary;        /* a paragraph, translated */
    bool source;                /* takes one positional SOURCE */
    const enum ff_opt *options; /* the options it takes, OPT_END-terminated */
    const char *const *notes;   /* paragraphs after the options, NULL-terminated */
    const char *exit_help;      /* "Exit status: ..." */
    int (*run)(const struct ff_options *opts); /* returns the exit status */
    const struct ff_command *const *verbs;     /* sub-commands (policy), NULL-ended */
};

#define FF_OPTIONS(...) ((const enum ff_opt[]){__VA_ARGS__, OPT_END})
#define FF_NOTES(...) ((const char *const[]){__VA_ARGS__, NULL})

/* What parsing leaves to do. */
enum ff_parsed {
    FF_PARSED_RUN,  /* run the command with the options */
    FF_PARSED_EXIT, /* exit with *status: after --help (0), or a usage error (printed) */
};

/* Parses argv (argv[0] is the command's name) for cmd; prefix names the command a verb
 * belongs to ("policy"), else NULL. *opts is set in both cases and must be freed. */
enum ff_parsed ff_parse_options(const struct ff_command *cmd, const char *prefix, int argc,
                                char **argv, struct ff_options *opts, int *status);
void ff_options_free(struct ff_options *opts);

/* `ffcert COMMAND --help`, generated from the option table. prefix: "policy" for a
 * verb, else NULL. */
void ff_print_help(FILE *out, const struct ff_command *cmd, const char *prefix);

/* Shared notes and exit sections of the commands' help. */
extern const char ff_source_note[], ff_exit_help[];

/* The home directory to discover in, and to shorten paths with in reports. */
const char *ff_options_home(const struct ff_options *opts);

/* Targets: exactly the folders in profiles (when not NULL), or discovery under home
 * (NULL: the options' home). Warnings go to stderr and are kept in *warnings. */
void ff_collect_targets(const struct ff_options *opts, const char *home,
                        const struct ff_strv *profiles, struct ff_target_list *out,
                        struct ff_strv *warnings);

/* Loads SOURCE once for the whole run (core/source.h), with a person's warnings and
 * confirmation; to_import also refuses a certificate outside its validity or not a
 * CA, as import does. Returns 0, or FF_EXIT_USAGE after one line naming the source
 * and the cause. */
int ff_cli_load_source(const char *source, const struct ff_source_opts *o, bool to_import,
                       struct ff_bundle *out);

/* The commands, each defined in its cli/cmd_*.c. */
extern const struct ff_command ff_cmd_profiles, ff_cmd_show, ff_cmd_catalog, ff_cmd_doctor,
    ff_cmd_import, ff_cmd_status, ff_cmd_remove, ff_cmd_policy;

/* Who runs what (cli/targets.c), for every command: the databases the options name
 * (--home, --profile, --all-users), each worked on with its owner's rights, -j at a
 * time, with the progress line; one row per database, in discovery order. */
struct ff_password_source;
struct ff_run {
    const struct ff_options *opts;
    /* Called once per database in the process that has the rights of its owner (a
     * worker, or this one), with row->target set; fills the outcome (or doctor's
     * look). NULL: only find the databases (profiles). */
    void (*each)(void *ctx, struct ff_row *row);
    void *ctx;
    struct ff_password_source *passwords; /* asks for the workers; may be NULL */
    /* Filled by ff_run_targets: */
    struct ff_rowset rows;
    int stopped_by; /* the signal that interrupted the run (SIGINT, SIGTERM, SIGHUP), or 0 */
};

/* FF_EXIT_OK, or FF_EXIT_USAGE after one line (--all-users without root). */
int ff_run_check(const struct ff_options *opts);

/* Runs run->each on every database; the rows go to run->rows. */
void ff_run_targets(struct ff_run *run);

/* After the report: frees the rows; for an interrupted run the last line says so and
 * the status is 128 + the signal (130 SIGINT, 143 SIGTERM, 129 SIGHUP), else rc. */
int ff_run_end(struct ff_run *run, int rc);

/* The shared body of import, status and remove (cli/targets.c). */
int ff_run_action(const struct ff_options *opts, enum ff_action action);

#endif
