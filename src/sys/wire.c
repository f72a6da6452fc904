/* Rows crossing a process boundary (a worker running as another user, or in
 * parallel): a row set as JSON in the child, decoded losslessly in the parent; and
 * the few other messages of a worker's channel (progress, a password asked for and
 * its answer). One message per line: JSON_COMPACT never writes a raw newline. */
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

/* JSON strings are UTF-8: a string that is not (a folder name in another encoding, a
 * password typed in Latin-1), or that starts with RAW, crosses as RAW and its bytes
 * in hex. The copies are kept until the message is dumped, then wiped. */
#define RAW '\x01'
static struct ff_strv raw_copies;

static const char *W(const char *s)
{
    if (!s || (s[0] != RAW && ff_utf8_valid(s)))
        return s;
    size_t n = strlen(s);
    char *e = xmalloc(2 * n + 2);
    e[0] = RAW;
    for (size_t i = 0; i < n; i++)
        snprintf(e + 1 + 2 * i, 3, "%02x", (unsigned char)s[i]);
    ff_strv_push(&raw_copies, e);
    return e;
}

static int hex_digit(char c)
{
    return c >= '0' && c <= '9' ? c - '0' : c >= 'a' && c <= 'f' ? c - 'a' + 10 : -1;
}

/* The string j carries, as a new string; NULL if j is not one (or a malformed RAW). */
static char *dup_or_null(json_t *j)
{
    const char *s = json_string_value(j);
    if (!s || s[0] != RAW)
        return s ? xstrdup(s) : NULL;
    size_t n = strlen(++s);
    if (n % 2)
        return NULL;
    char *out = xmalloc(n / 2 + 1);
    for (size_t i = 0; i < n / 2; i++) {
        int hi = hex_digit(s[2 * i]), lo = hex_digit(s[2 * i + 1]);
        if (hi < 0 || lo < 0 || (hi | lo) == 0) { /* a NUL would cut the string */
            free(out);
            return NULL;
        }
        out[i] = (char)(hi << 4 | lo);
    }
    out[n / 2] = '\0';
    return out;
}

/* ---- doctor's look -------------------------------------------------------------- */

static json_t *sha_json(const unsigned char sha[32])
{
    char hex[65];
    for (size_t i = 0; i < 32; i++)
        snprintf(hex + 2 * i, 3, "%02x", sha[i]);
    return json_string(hex);
}

static json_t *link_json(const struct ff_chain_link *l)
{
    return json_pack("{s:i, s:s?, s:s?, s:I, s:o, s:I, s:I, s:b, s:o}", "place", (int)l->place,
                     "subject", W(l->subject), "key_id", W(l->key_id), "candidate",
                     (json_int_t)l->candidate, "sha256", sha_json(l->sha256), "not_before",
                     (json_int_t)l->not_before, "not_after", (json_int_t)l->not_after,
                     "self_signed", l->self_signed, "trust", trust_json(&l->trust));
}

static json_t *user_cert_json(const struct ff_user_cert *u)
{
    json_t *links = json_array();
    for (size_t i = 0; i < u->n_links; i++)
        json_array_append_new(links, link_json(&u->links[i]));
    return json_pack("{s:s?, s:s?, s:s?, s:b, s:b, s:b, s:I, s:I, s:s?, s:i, s:o}", "subject",
                     W(u->subject), "issuer", W(u->issuer), "nickname", W(u->nickname), "has_key",
                     u->has_key, "reaches", u->reaches_trusted_root, "cut", u->chain_cut,
                     "not_before",
                     (json_int_t)u->not_before, "not_after", (json_int_t)u->not_after, "usages",
                     W(u->usages), "purposes", (int)u->purposes, "links", links);
}

static json_t *stored_ca_json(const struct ff_stored_ca *c)
{
    return json_pack("{s:s?, s:s?, s:o, s:I, s:I, s:b, s:o, s:b}", "subject", W(c->subject),
                     "nickname", W(c->nickname), "sha256", sha_json(c->sha256), "not_before",
                     (json_int_t)c->not_before, "not_after", (json_int_t)c->not_after,
                     "self_signed", c->self_signed, "trust", trust_json(&c->trust),
                     "issuer_trusted", c->issuer_trusted);
}

static json_t *findings_json(const struct ff_findings *f)
{
    json_t *a = json_array();
    for (size_t i = 0; i < f->n; i++)
        json_array_append_new(a, json_pack("{s:s, s:s?, s:s?, s:I}", "code", f->v[i].code,
                                           "message", W(f->v[i].message), "advice",
                                           W(f->v[i].advice), "fix", (json_int_t)f->v[i].fix));
    return a;
}

static json_t *look_json(const struct ff_doctor_look *d)
{
    json_t *users = json_array(), *cas = json_array(), *fixes = json_array(),
           *builtin = json_array();
    for (size_t i = 0; i < d->diag.n_users; i++)
        json_array_append_new(users, user_cert_json(&d->diag.users[i]));
    for (size_t i = 0; i < d->diag.n_cas; i++)
        json_array_append_new(cas, stored_ca_json(&d->diag.cas[i]));
    for (size_t i = 0; i < d->fixes.n; i++)
        json_array_append_new(fixes, json_string(W(d->fixes.v[i])));
    for (size_t i = 0; i < d->n_builtin; i++)
        json_array_append_new(builtin, json_integer((json_int_t)d->builtin[i]));
    return json_pack("{s:s?, s:o, s:o, s:b, s:b, s:o, s:o, s:o, s:o}", "error", W(d->error),
                     "users", users, "cas", cas, "needs_login", d->diag.needs_login,
                     "builtins_checked", d->diag.builtins_checked, "found",
                     findings_json(&d->found), "left", findings_json(&d->left), "fixes", fixes,
                     "builtin", builtin);
}

/* Decoding: each function returns false for anything the report could not print
 * (a missing string, a number out of range); what it filled is freed by the caller
 * through ff_doctor_look_free. */

static bool sha_from(json_t *j, unsigned char out[32])
{
    const char *s = json_string_value(j);
    return s && strlen(s) == 64 && ff_sha256_parse(s, out) == 0;
}

static bool time_from(json_t *j, time_t *out)
{
    if (!json_is_integer(j))
        return false;
    *out = (time_t)json_integer_value(j);
    return true;
}

static bool string_from(json_t *j, char **out)
{
    *out = dup_or_null(j);
    return *out != NULL;
}

static bool index_from(json_t *j, size_t *out)
{
    json_int_t v = json_integer_value(j);
    if (!json_is_integer(j) || v < 0)
        return false;
    *out = (size_t)v;
    return true;
}

static bool link_from(json_t *j, struct ff_chain_link *l)
{
    json_int_t place = json_integer_value(json_object_get(j, "place"));
    if (place < FF_LINK_STORED || place > FF_LINK_MISSING)
        return false;
    l->place = (enum ff_link_place)place;
    l->key_id = dup_or_null(json_object_get(j, "key_id"));
    trust_from(json_object_get(j, "trust"), &l->trust);
    l->self_signed = json_is_true(json_object_get(j, "self_signed"));
    return string_from(json_object_get(j, "subject"), &l->subject) &&
           index_from(json_object_get(j, "candidate"), &l->candidate) &&
           sha_from(json_object_get(j, "sha256"), l->sha256) &&
           time_from(json_object_get(j, "not_before"), &l->not_before) &&
           time_from(json_object_get(j, "not_after"), &l->not_after);
}

static bool user_cert_from(json_t *j, struct ff_user_cert *u)
{
    u->nickname = dup_or_null(json_object_get(j, "nickname"));
    u->has_key = json_is_true(json_object_get(j, "has_key"));
    u->reaches_trusted_root = json_is_true(json_object_get(j, "reaches"));
    u->chain_cut = json_is_true(json_object_get(j, "cut"));
    u->purposes = (unsigned)json_integer_value(json_object_get(j, "purposes"));
    if (!string_from(json_object_get(j, "subject"), &u->subject) ||
        !string_from(json_object_get(j, "issuer"), &u->issuer) ||
        !string_from(json_object_get(j, "usages"), &u->usages) ||
        !time_from(json_object_get(j, "not_before"), &u->not_before) ||
        !time_from(json_object_get(j, "not_after"), &u->not_after))
        return false;
    json_t *links = json_object_get(j, "links");
    if (!json_is_array(links))
        return false;
    u->links = xcalloc(json_array_size(links) + 1, sizeof *u->links);
    size_t i;
    json_t *l;
    json_array_foreach(links, i, l) {
        u->n_links++;
        if (!link_from(l, &u->links[i]))
            return false;
    }
    return true;
}

static bool stored_ca_from(json_t *j, struct ff_stored_ca *c)
{
    c->nickname = dup_or_null(json_object_get(j, "nickname"));
    c->self_signed = json_is_true(json_object_get(j, "self_signed"));
    c->issuer_trusted = json_is_true(json_object_get(j, "issuer_trusted"));
    trust_from(json_object_get(j, "trust"), &c->trust);
    return string_from(json_object_get(j, "subject"), &c->subject) &&
           sha_from(json_object_get(j, "sha256"), c->sha256) &&
           time_from(json_object_get(j, "not_before"), &c->not_before) &&
           time_from(json_object_get(j, "not_after"), &c->not_after);
}

/* The codes are static strings in core/doctor.c (struct ff_finding): a decoded one
 * is one of these, or the message is refused. */
static const char *const finding_codes[] = {
    "missing-intermediate", "user-cert-expired",    "user-cert-not-yet-valid",
    "intermediate-expired", "intermediate-revoked", "anchor-trust",
    "untrusted-root",
    "chain-too-long",
};

static bool findings_from(json_t *a, struct ff_findings *f)
{
    if (!json_is_array(a))
        return false;
    f->v = xcalloc(json_array_size(a) + 1, sizeof *f->v);
    size_t i;
    json_t *j;
    json_array_foreach(a, i, j) {
        struct ff_finding *x = &f->v[f->n++];
        const char *code = json_string_value(json_object_get(j, "code"));
        for (size_t k = 0; code && k < sizeof finding_codes / sizeof finding_codes[0]; k++)
            if (!strcmp(code, finding_codes[k]))
                x->code = finding_codes[k];
        json_t *fix = json_object_get(j, "fix");
        x->fix = (ssize_t)json_integer_value(fix);
        if (!x->code || !json_is_integer(fix) || x->fix < -1 ||
            !string_from(json_object_get(j, "message"), &x->message) ||
            !string_from(json_object_get(j, "advice"), &x->advice))
            return false;
    }
    return true;
}

static bool look_from(json_t *j, struct ff_doctor_look *d)
{
    d->error = dup_or_null(json_object_get(j, "error"));
    d->diag.needs_login = json_is_true(json_object_get(j, "needs_login"));
    d->diag.builtins_checked = json_is_true(json_object_get(j, "builtins_checked"));
    json_t *users = json_object_get(j, "users"), *cas = json_object_get(j, "cas"),
           *fixes = json_object_get(j, "fixes"), *builtin = json_object_get(j, "builtin");
    if (!json_is_array(users) || !json_is_array(cas) || !json_is_array(fixes) ||
        !json_is_array(builtin))
        return false;
    size_t i;
    json_t *x;
    d->diag.users = xcalloc(json_array_size(users) + 1, sizeof *d->diag.users);
    json_array_foreach(users, i, x) {
        d->diag.n_users++;
        if (!user_cert_from(x, &d->diag.users[i]))
            return false;
    }
    d->diag.cas = xcalloc(json_array_size(cas) + 1, sizeof *d->diag.cas);
    json_array_foreach(cas, i, x) {
        d->diag.n_cas++;
        if (!stored_ca_from(x, &d->diag.cas[i]))
            return false;
    }
    json_array_foreach(fixes, i, x) {
        char *fix = dup_or_null(x);
        if (!fix)
            return false;
        ff_strv_push(&d->fixes, fix);
    }
    d->builtin = xcalloc(json_array_size(builtin) + 1, sizeof *d->builtin);
    json_array_foreach(builtin, i, x) {
        if (!index_from(x, &d->builtin[d->n_builtin++]))
            return false;
    }
    return findings_from(json_object_get(j, "found"), &d->found) &&
           findings_from(json_object_get(j, "left"), &d->left);
}

/* ---- row sets ------------------------------------------------------------------- */

static json_t *rowset_json(const struct ff_rowset *rs)
{
    json_t *rows = json_array();
    for (size_t i = 0; i < rs->n; i++) {
        const struct ff_row *r = &rs->v[i];
        const struct ff_target *t = &r->target;
        const struct ff_outcome *o = &r->outcome;
        json_t *row =
            json_pack("{s:s, s:s, s:s?, s:s?, s:b, s:i, s:b, s:I, s:s?, s:s?,"
                      " s:i, s:s?, s:b, s:o, s:b, s:o, s:o, s:i, s:s?, s:i, s:b, s:s?, s:s?}",
                      "path", W(t->path), "app", W(t->app), "profile", W(t->profile_name), "ini",
                      W(t->ini_file), "default", t->is_default, "format", (int)t->format,
                      "in_use", t->in_use, "uid", (json_int_t)t->owner_uid, "owner",
                      W(t->owner), "problem", W(t->problem), "result", (int)o->result, "reason",
                      W(o->reason), "had_before",
                      o->had_before, "before", trust_json(&o->before), "has_after", o->has_after,
                      "after", trust_json(&o->after), "after_legacy",
                      trust_json(&o->after_legacy), "forms", (int)o->forms, "nickname",
                      W(o->nickname), "extras", (int)o->extras_added, "fatal", o->fatal, "user",
                      W(r->user), "app_version", W(t->app_version));
        if (r->doctor)
            json_object_set_new(row, "doctor", look_json(r->doctor));
        json_array_append_new(rows, row);
    }
    json_t *warnings = json_array();
    for (size_t i = 0; i < rs->warnings.n; i++)
        json_array_append_new(warnings, json_string(W(rs->warnings.v[i])));
    return json_pack("{s:o, s:o}", "rows", rows, "warnings", warnings);
}

static char *dump(json_t *root)
{
    char *text = root ? json_dumps(root, JSON_COMPACT) : NULL;
    json_decref(root);
    for (size_t i = 0; i < raw_copies.n; i++)
        explicit_bzero(raw_copies.v[i], strlen(raw_copies.v[i]));
    ff_strv_free(&raw_copies);
    if (!text)
        ff_oom();
    char *copy = xstrdup(text);
    free(text);
    return copy;
}

char *ff_rowset_encode(const struct ff_rowset *rs)
{
    return dump(rowset_json(rs));
}

static int rowset_from(json_t *root, struct ff_rowset *out)
{
    memset(out, 0, sizeof *out);
    json_t *rows = json_object_get(root, "rows");
    if (!json_is_array(rows))
        return -1;
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
        json_t *look = json_object_get(j, "doctor");
        bool look_ok = true;
        if (look) {
            r->doctor = xcalloc(1, sizeof *r->doctor);
            look_ok = json_is_object(look) && look_from(look, r->doctor);
        }
        if (o->result >= FF_RESULT_COUNT || t->format > FF_DB_INVALID || !t->path || !t->app ||
            !look_ok) {
            ff_rowset_free(out);
            return -1;
        }
    }
    json_array_foreach(json_object_get(root, "warnings"), i, j) {
        char *warning = dup_or_null(j);
        if (warning)
            ff_strv_push(&out->warnings, warning);
    }
    return 0;
}

int ff_rowset_decode(const char *text, struct ff_rowset *out)
{
    json_t *root = json_loads(text, 0, NULL);
    int rc = rowset_from(root, out);
    json_decref(root);
    return rc;
}

/* ---- the channel's messages ------------------------------------------------------ */

char *ff_msg_encode(const struct ff_msg *m)
{
    switch (m->kind) {
    case FF_MSG_ROWS:
        return ff_rowset_encode(&m->rows);
    case FF_MSG_BEGIN:
        return dump(json_pack("{s:I}", "begin", (json_int_t)m->index));
    case FF_MSG_ASK:
        return dump(json_pack("{s:{s:s, s:s}}", "ask", "path", W(m->path), "app", W(m->app)));
    case FF_MSG_ANSWER: {
        /* The password passes through jansson's buffers once: they are freed, not
         * wiped (jansson offers no hook); the line itself is wiped by the caller. */
        json_t *root = json_pack("{s:s?}", "answer", W(m->answer));
        return dump(root);
    }
    }
    return NULL;
}

int ff_msg_decode(const char *line, struct ff_msg *m)
{
    memset(m, 0, sizeof *m);
    json_t *root = json_loads(line, 0, NULL);
    if (!json_is_object(root)) {
        json_decref(root);
        return -1;
    }
    int rc = -1;
    json_t *j;
    if ((j = json_object_get(root, "rows"))) {
        m->kind = FF_MSG_ROWS;
        rc = rowset_from(root, &m->rows);
    } else if ((j = json_object_get(root, "begin"))) {
        m->kind = FF_MSG_BEGIN;
        rc = index_from(j, &m->index) ? 0 : -1;
    } else if ((j = json_object_get(root, "ask"))) {
        m->kind = FF_MSG_ASK;
        m->path = dup_or_null(json_object_get(j, "path"));
        m->app = dup_or_null(json_object_get(j, "app"));
        rc = m->path && m->app ? 0 : -1;
    } else if ((j = json_object_get(root, "answer"))) {
        m->kind = FF_MSG_ANSWER;
        m->answer = dup_or_null(j);
        rc = m->answer || json_is_null(j) ? 0 : -1;
    }
    json_decref(root);
    if (rc != 0)
        ff_msg_clear(m);
    return rc;
}

void ff_msg_clear(struct ff_msg *m)
{
    ff_rowset_free(&m->rows);
    free(m->path);
    free(m->app);
    if (m->answer) {
        explicit_bzero(m->answer, strlen(m->answer));
        free(m->answer);
    }
    memset(m, 0, sizeof *m);
}
