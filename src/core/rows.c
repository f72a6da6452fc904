/* Row sets: what each database ended up as (their form on a worker's channel is sys/wire.c). */
#include "util/i18n.h"
#include "core/rows.h"

#include <stdlib.h>
#include <string.h>

struct ff_row *ff_rowset_push(struct ff_rowset *rs)
{
    if (rs->n == rs->cap) {
        rs->cap = rs->cap ? rs->cap * 2 : 16;
        rs->v = xrealloc(rs->v, rs->cap * sizeof *rs->v);
    }
    struct ff_row *r = &rs->v[rs->n++];
    memset(r, 0, sizeof *r);
    return r;
}

void ff_rowset_take(struct ff_rowset *rs, struct ff_rowset *from)
{
    for (size_t i = 0; i < from->n; i++)
        *ff_rowset_push(rs) = from->v[i];
    for (size_t i = 0; i < from->warnings.n; i++)
        ff_strv_push(&rs->warnings, from->warnings.v[i]);
    free(from->v);
    free(from->warnings.v);
    memset(from, 0, sizeof *from);
}

void ff_rowset_free(struct ff_rowset *rs)
{
    for (size_t i = 0; i < rs->n; i++) {
        ff_target_clear(&rs->v[i].target);
        ff_outcome_clear(&rs->v[i].outcome);
        free(rs->v[i].user);
        ff_doctor_look_free(rs->v[i].doctor);
    }
    free(rs->v);
    ff_strv_free(&rs->warnings);
    memset(rs, 0, sizeof *rs);
}

void ff_doctor_look_free(struct ff_doctor_look *look)
{
    if (!look)
        return;
    free(look->error);
    ff_diagnosis_free(&look->diag);
    ff_findings_free(&look->found);
    ff_findings_free(&look->left);
    ff_strv_free(&look->fixes);
    free(look->builtin);
    free(look);
}
