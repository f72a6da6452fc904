/* Rows crossing a process boundary (a worker running as another user, or in
 * parallel): a row set as JSON in the child, decoded losslessly in the parent. */
#include "util/i18n.h"
#include "sys/wire.h"

#include <jansson.h>
#include <stdlib.h>
#include <string.h>

static json_t *trust_json(const struct ff_trust *t)
{
    return json_pack("[i, i, i]", (json_int_t)t->ssl, (json_int_t)t->email,
                     (json_int_t)t->objsign);
}

static void trust_from(json_t *j, struct ff_trust *t)
{
    t->ssl = (unsigned)json_integer_value(json_array_get(j, 0));
    t->email = (unsigned)json_integer_value(json_array_get(j, 1));
    t->objsign = (unsigned)json_integer_value(json_array_get(j, 2));
}

char *ff_rowset_encode(const struct ff_rowset *rs)
{
    json_t *rows = json_array();
    for (size_t i = 0; i < rs->n; i++) {
        const struct ff_row *r = &rs->v[i];
        const struct ff_target *t = &r->target;
        const struct ff_outcome *o = &r->outcome;
        json_array_append_new(
            rows, json_pack("{s:s, s:s, s:s?, s:s?, s:b, s:i, s:b, s:I, s:s?, s:s?,"
                            " s:i, s:s?, s:b, s:o, s:b, s:o, s:o, s:i, s:s?, s:i, s:b, s:s?, s:s?}",
                            "path", t->path, "app", t->app, "profile", t->profile_name,
                            "ini", t->ini_file, "default", t->is_default, "format",
                            (int)t->format, "in_use", t->in_use, "uid",
                            (json_int_t)t->owner_uid, "owner", t->owner, "problem",
                            t->problem, "result", (int)o->result, "reason", o->reason,
                            "had_before", o->had_before, "before", trust_json(&o->before),
                            "has_after", o->has_after, "after", trust_json(&o->after),
                            "after_legacy", trust_json(&o->after_legacy), "forms",
                            (int)o->forms, "nickname", o->nickname, "extras", (int)o->extras_added,
                            "fatal", o->fatal, "user", r->user, "app_version",
                            t->app_version));
    }
    json_t *warnings = json_array();
    for (size_t i = 0; i < rs->warnings.n; i++)
        json_array_append_new(warnings, json_string(rs->warnings.v[i]));
    json_t *root = json_pack("{s:o, s:o}", "rows", rows, "warnings", warnings);
    char *text = json_dumps(root, JSON_COMPACT);
    json_decref(root);
    if (!text) 
        ff_oom();
    char *copy = xstrdup(text);
    free(text);
    return copy;
}

static char *dup_or_null(json_t *j)
{
    const char *s = json_string_value(j);
    return s ? xstrdup(s) : NULL;
}

int ff_rowset_decode(const char *text, struct ff_rowset *out)
{
    memset(out, 0, sizeof *out);
    json_t *root = json_loads(text, 0, NULL);
    json_t *rows = json_object_get(root, "rows");
    if (!json_is_array(rows)) {
        json_decref(root);
        return -1;
    }
    size_t i;
    json_t *j;
    json_array_foreach(rows, i, j) {
        if (!json_is_string(json_object_get(j, "path")))
            continue;
        struct ff_row *r = ff_rowset_push(out);
        struct ff_target *t = &r->target;
        struct ff_outcome *o = &r->outcome;
        t->path = dup_or_null(json_object_get(j, "path"));
        t->app = dup_or_null(json_object_get(j, "app"));
        t->profile_name = dup_or_null(json_object_get(j, "profile"));
        t->ini_file = dup_or_null(json_object_get(j, "ini"));
        t->is_default = json_is_true(json_object_get(j, "default"));
        t->format = (enum ff_db_format)json_integer_value(json_object_get(j, "format"));
        t->in_use = json_is_true(json_object_get(j, "in_use"));
        t->owner_uid = (uid_t)json_integer_value(json_object_get(j, "uid"));
        t->owner = dup_or_null(json_object_get(j, "owner"));
        t->problem = dup_or_null(json_object_get(j, "problem"));
        t->app_version = dup_or_null(json_object_get(j, "app_version"));
        o->result = (enum ff_result)json_integer_value(json_object_get(j, "result"));
        o->reason = dup_or_null(json_object_get(j, "reason"));
        o->had_before = json_is_true(json_object_get(j, "had_before"));
        trust_from(json_object_get(j, "before"), &o->before);
        o->has_after = json_is_true(json_object_get(j, "has_after"));
        trust_from(json_object_get(j, "after"), &o->after);
        trust_from(json_object_get(j, "after_legacy"), &o->after_legacy);
        o->forms = (unsigned)json_integer_value(json_object_get(j, "forms"));
        o->nickname = dup_or_null(json_object_get(j, "nickname"));
        o->extras_added = (unsigned)json_integer_value(json_object_get(j, "extras"));
        o->fatal = json_is_true(json_object_get(j, "fatal"));
        r->user = dup_or_null(json_object_get(j, "user"));
        if (o->result >= FF_RESULT_COUNT || t->format > FF_DB_INVALID || !t->app) {
            json_decref(root);
            ff_rowset_free(out);
            return -1;
        }
    }
    json_array_foreach(json_object_get(root, "warnings"), i, j)
        if (json_is_string(j))
            ff_strv_push(&out->warnings, xstrdup(json_string_value(j)));
    json_decref(root);
    return 0;
}
