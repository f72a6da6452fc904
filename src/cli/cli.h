/* Command-line plumbing shared by the subcommands (src/cmd_*.c): options, targets,
 * sources. The subcommands themselves stay thin. */
#ifndef FFCERT_CLI_H
#define FFCERT_CLI_H

#include <stdbool.h>

#include "core/apply.h"
#include "core/catalog.h"
#include "cert/cert.h"
#include "core/source.h"
#include "disc/discover.h"
#include "cert/trust.h"
#include "util/util.h"

/* Which options a subcommand takes. */
enum {
    FF_OPT_SOURCE = 1 << 0,   /* one positional SOURCE */
    FF_OPT_TARGETS = 1 << 1,  /* --home, --profile */
    FF_OPT_TRUST = 1 << 2,    /* --trust-websites, --trust-email, --trust */
    FF_OPT_NICKNAME = 1 << 3, /* --nickname */
    FF_OPT_DRY_RUN = 1 << 4,  /* --dry-run */
    FF_OPT_JSON = 1 << 5,     /* --json */
    FF_OPT_FETCH = 1 << 6,    /* --catalog --offline --sha256 --cacert --timeout */
    FF_OPT_CONFIRM = 1 << 7,  /* --yes --allow-expired (commands that write) */
    FF_OPT_CATALOG = 1 << 8,  /* --catalog alone */
    FF_OPT_WRITE = 1 << 9,    /* --password-file --skip-running --migrate-legacy */
    FF_OPT_JOBS = 1 << 10,    /* -j N */
    FF_OPT_DOCTOR = 1 << 11,  /* --with FILE, --fix */
};

struct ff_options {
    const char *command;
    const char *source;
    const char *home;           /* --home */
    struct ff_strv profiles;    /* --profile, repeatable */
    bool all_users;             /* --all-users (root) */
    size_t jobs;                /* -j N: worker processes (default: online CPUs) */
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
};

struct ff_command {
    const char *name;
    int (*run)(int argc, char **argv);
    unsigned options;
    const char *usage;   /* "SOURCE [TARGETS] [TRUST] ..." */
    const char *summary; /* one line */
    const char *const *help; /* sections of `ffcert COMMAND --help`, NULL-terminated */
};

/* Parses argv for cmd. Returns -1 on success, else an exit status to return now
 * (0 after --help, FF_EXIT_USAGE after an error, which has been printed). */
int ff_parse_options(const struct ff_command *cmd, int argc, char **argv,
                     struct ff_options *opts);
void ff_options_free(struct ff_options *opts);

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

/* The subcommands. */
int ff_cmd_profiles(int argc, char **argv);
int ff_cmd_show(int argc, char **argv);
int ff_cmd_import(int argc, char **argv);
int ff_cmd_status(int argc, char **argv);
int ff_cmd_remove(int argc, char **argv);
int ff_cmd_catalog(int argc, char **argv);
int ff_cmd_doctor(int argc, char **argv);

/* Shared body of import, status and remove. */
int ff_run_action(const struct ff_command *cmd, enum ff_action action, int argc, char **argv);

const struct ff_command *ff_find_command(const char *name);

#endif
