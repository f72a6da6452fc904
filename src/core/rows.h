/* The results of a run, one row per database (sys/wire.h carries them between
 * processes). */
#ifndef FFCERT_ROWS_H
#define FFCERT_ROWS_H

#include "core/apply.h"
#include "disc/discover.h"
#include "util/util.h"

struct ff_row {
    struct ff_target target; /* owned */
    struct ff_outcome outcome;
    char *user;              /* the account it was processed as (--all-users), or NULL */
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

#endif
