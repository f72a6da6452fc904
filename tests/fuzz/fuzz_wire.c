/* The rows a worker sends its parent (src/sys/wire.c: ff_rowset_decode). A worker
 * runs as another user (--all-users), so the parent must take any bytes. What
 * decodes is encoded again (ff_rowset_encode) and must decode to the same rows:
 * the format is lossless. (The channel's other messages: fuzz_wire_msg.) */
#include "fuzz.h"

#include <stdlib.h>
#include <string.h>

#include "sys/wire.h"

static bool same_str(const char *a, const char *b)
{
    return (!a && !b) || (a && b && !strcmp(a, b));
}

static bool same_trust(const struct ff_trust *a, const struct ff_trust *b)
{
    return a->ssl == b->ssl && a->email == b->email && a->objsign == b->objsign;
}

static void check_row(const struct ff_row *a, const struct ff_row *b)
{
    const struct ff_target *t = &a->target, *u = &b->target;
    const struct ff_outcome *o = &a->outcome, *p = &b->outcome;
    FUZZ_CHECK(t->path && t->app);
    FUZZ_CHECK(o->result < FF_RESULT_COUNT && t->format <= FF_DB_INVALID);
    FUZZ_CHECK(same_str(t->path, u->path) && same_str(t->app, u->app));
    FUZZ_CHECK(same_str(t->profile_name, u->profile_name) && same_str(t->ini_file, u->ini_file));
    FUZZ_CHECK(same_str(t->owner, u->owner) && same_str(t->problem, u->problem));
    FUZZ_CHECK(same_str(t->app_version, u->app_version));
    FUZZ_CHECK(t->is_default == u->is_default && t->format == u->format);
    FUZZ_CHECK(t->in_use == u->in_use && t->owner_uid == u->owner_uid);
    FUZZ_CHECK(o->result == p->result && same_str(o->reason, p->reason));
    FUZZ_CHECK(o->had_before == p->had_before && same_trust(&o->before, &p->before));
    FUZZ_CHECK(o->has_after == p->has_after && same_trust(&o->after, &p->after));
    FUZZ_CHECK(same_trust(&o->after_legacy, &p->after_legacy));
    FUZZ_CHECK(o->forms == p->forms && same_str(o->nickname, p->nickname));
    FUZZ_CHECK(o->extras_added == p->extras_added && o->fatal == p->fatal);
    FUZZ_CHECK(same_str(a->user, b->user));
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    char *text = fuzz_cstr(data, size);
    struct ff_rowset rs;
    if (ff_rowset_decode(text, &rs) != 0) {
        FUZZ_CHECK(rs.n == 0 && rs.warnings.n == 0);
        free(text);
        return 0;
    }
    char *again = ff_rowset_encode(&rs);
    FUZZ_CHECK(again && !strchr(again, '\n')); /* one message per line */
    struct ff_rowset back;
    FUZZ_CHECK(ff_rowset_decode(again, &back) == 0);
    /* Every field, doctor's looks included: encoding what was decoded again gives
     * the same text. */
    char *third = ff_rowset_encode(&back);
    FUZZ_CHECK(!strcmp(again, third));
    free(third);
    FUZZ_CHECK(back.n == rs.n && back.warnings.n == rs.warnings.n);
    for (size_t i = 0; i < rs.n; i++)
        check_row(&rs.v[i], &back.v[i]);
    for (size_t i = 0; i < rs.warnings.n; i++)
        FUZZ_CHECK(!strcmp(rs.warnings.v[i], back.warnings.v[i]));
    free(again);
    ff_rowset_free(&back);
    ff_rowset_free(&rs);
    free(text);
    return 0;
}
