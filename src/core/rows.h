/* The results of a run, one row per database (sys/wire.h carries them between
 * processes). */
#ifndef FFCERT_ROWS_H
#define FFCERT_ROWS_H

#include "cert/diagnosis.h"
#include "core/apply.h"
#include "core/doctor.h"
#include "disc/discover.h"
#include "util/util.h"

/* What `ffcert doctor` saw in one database (cli/cmd_doctor.c fills it, in the process
 * that has the rights of the database's owner; report/doctor.c shows it). */
struct ff_doctor_look {
    char *error;              /* could not be examined, or NULL */
    struct ff_diagnosis diag; /* the last look (after --fix, if it fixed anything) */
    struct ff_findings found; /* findings of the first look */
    struct ff_findings left;  /* findings of the last look */
    struct ff_strv fixes;     /* one line per --fix action taken */
    size_t *builtin;          /* the candidates built into this profile's own Firefox */
    size_t n_builtin;
};

struct ff_row {
    struct ff_target target; /* owned */
    struct ff_outcome outcome;
    char *user;              /* the account it was processed as, when that is not the
                                caller (root's --all-users, --home or --profile of
                                someone else's), or NULL */
    struct ff_doctor_look *doctor; /* doctor's rows only, else NULL */
    bool interrupted;        /* not processed: the run was stopped (never sent by a worker) */
};

struct ff_rowset {
    struct ff_row *v;
    size_t n, cap;
    struct ff_strv warnings;
};

/* A new zeroed row at the end. */
struct ff_row *ff_rowset_push(struct ff_rowset *rs);

/* Moves every row and warning of `from` to the end of rs; from is left empty. */
void ff_rowset_take(struct ff_rowset *rs, struct ff_rowset *from);

void ff_rowset_free(struct ff_rowset *rs);

/* Frees a doctor look and what it holds (NULL is fine). */
void ff_doctor_look_free(struct ff_doctor_look *look);

#endif
