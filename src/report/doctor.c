/* The doctor's report. */
#include "util/i18n.h"
#include "report/doctor.h"
#include "report/report.h"

#include <jansson.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

/* Is candidate k built into the Firefox of this database's profile? */
static bool builtin_here(const struct ff_doctor_look *look, size_t k)
{
    for (size_t i = 0; i < look->n_builtin; i++)
        if (look->builtin[i] == k)
            return true;
    return false;
}

/* Why a row has no look, or the look's error; NULL when it was examined. */
static const char *not_examined(const struct ff_row *row)
{
    if (row->doctor)
        return row->doctor->error;
    return row->outcome.reason ? row->outcome.reason
           : row->target.problem ? row->target.problem
                                 : _("not examined");
}

static const char *place_words(const struct ff_chain_link *l, const struct ff_doctor_look *look)
{
    switch (l->place) {
    case FF_LINK_STORED:
        return _("in this profile");
    case FF_LINK_BUILTIN:
        return _("built into Firefox");
    case FF_LINK_AVAILABLE:
        return builtin_here(look, l->candidate) ? _("built into Firefox")
                                                : _("MISSING here, available");
    case FF_LINK_MISSING:
        break;
    }
    return _("MISSING");
}

static void findings_text(FILE *out, const struct ff_findings *f)
{
    for (size_t i = 0; i < f->n; i++) {
        char *message = ff_term_safe(f->v[i].message), *advice = ff_term_safe(f->v[i].advice);
        fprintf(out, _("  PROBLEM: %s.\n           What to do: %s.\n"), message, advice);
        free(message);
        free(advice);
    }
}

void ff_report_doctor_text(FILE *out, const struct ff_rowset *rows, const char *home, bool fix)
{
    size_t problems = 0, fixed = 0, fixable = 0, n = rows->n;
    const char *user = NULL;
    for (size_t i = 0; i < n; i++) {
        const struct ff_row *row = &rows->v[i];
        const struct ff_doctor_look *db = row->doctor;
        if (i)
            fputc('\n', out);
        if (row->user && (!user || strcmp(user, row->user) != 0)) {
            user = row->user;
            char *name = ff_term_safe(user);
            fprintf(out, _("User %s\n"), name);
            free(name);
        }
        char *where = ff_path_display(row->target.path, row->user ? NULL : home);
        char *app = ff_term_safe(row->target.app);
        fprintf(out, "%s (%s)\n", where, app);
        free(where);
        free(app);
        const char *error = not_examined(row);
        if (error) {
            char *safe = ff_term_safe(error);
            fprintf(out, _("  cannot be examined: %s\n"), safe);
            free(safe);
            problems++;
            continue;
        }
        for (size_t k = 0; k < db->left.n; k++)
            fixable += db->left.v[k].fix >= 0;
        const struct ff_diagnosis *d = &db->diag;
        if (d->n_users == 0)
            fprintf(out, _("  no client or email certificates here: nothing to check\n"));
        for (size_t u = 0; u < d->n_users; u++) {
            const struct ff_user_cert *c = &d->users[u];
            char until[FF_TIME_MAX];
            ff_format_time(c->not_after, FF_TIME_DAY, until);
            /* Subjects come from certificates: NSS escapes C0 controls, not C1 or
             * the direction marks. */
            char *subject = ff_term_safe(c->subject), *usages = ff_term_safe(c->usages);
            fprintf(out, _("  Certificate %s\n    valid until %s; used for %s\n"), subject, until,
                    usages);
            free(subject);
            free(usages);
            for (size_t k = 0; k < c->n_links; k++) {
                char *link = ff_term_safe(c->links[k].subject);
                fputs(k ? "      " : "    ", out);
                fprintf(out, k ? _("then %s: %s\n") : _("issued by %s: %s\n"), link,
                        place_words(&c->links[k], db));
                free(link);
            }
        }
        for (size_t k = 0; k < db->fixes.n; k++) {
            char *fixed_text = ff_term_safe(db->fixes.v[k]);
            fprintf(out, "  %s %s\n", _("FIXED:"), fixed_text);
            free(fixed_text);
        }
        findings_text(out, &db->left);
        if (!db->left.n && !db->fixes.n && d->n_users)
            fprintf(out, _("  OK: every certificate here has a complete chain\n"));
        if (!d->builtins_checked)
            fprintf(out, _("  (Firefox's built-in roots could not be loaded for this check)\n"));
        problems += db->left.n;
        fixed += db->fixes.n;
    }
    char *problems_part =
        !problems ? xstrdup(_("no problems"))
        : fix     ? xasprintf(ngettext("%zu problem left", "%zu problems left", problems), problems)
                  : xasprintf(ngettext("%zu problem", "%zu problems", problems), problems);
    char *fixed_part = fix ? xasprintf(_(", %zu fixed"), fixed) : xstrdup("");
    fputc('\n', out);
    /* TRANSLATORS: "%zu database(s) examined: <problems><, N fixed>." */
    fprintf(out, ngettext("%zu database examined: %s%s.", "%zu databases examined: %s%s.", n), n,
            problems_part, fixed_part);
    if (!fix && fixable)
        fprintf(out, " %s", _("Add --fix to import the missing certificates."));
    fputc('\n', out);
    free(problems_part);
    free(fixed_part);
}

static json_t *findings_json(const struct ff_findings *f)
{
    json_t *a = json_array();
    for (size_t i = 0; i < f->n; i++)
        json_array_append_new(a, json_pack("{s:s, s:s, s:s, s:b}", "code", f->v[i].code,
                                           "message", ff_json_text(f->v[i].message), "advice",
                                           ff_json_text(f->v[i].advice), "fixable",
                                           f->v[i].fix >= 0));
    return a;
}

static json_t *link_json(const struct ff_chain_link *l, const struct ff_candidate *candidates)
{
    static const char *const places[] = {[FF_LINK_STORED] = "stored",
                                         [FF_LINK_BUILTIN] = "builtin",
                                         [FF_LINK_AVAILABLE] = "available",
                                         [FF_LINK_MISSING] = "missing"};
    json_t *j = json_pack("{s:s, s:s}", "subject", ff_json_text(l->subject), "place",
                          places[l->place]);
    if (l->place == FF_LINK_MISSING) {
        json_object_set_new(j, "key_id", l->key_id ? json_string(l->key_id) : json_null());
        return j;
    }
    char until[FF_TIME_MAX];
    ff_format_time(l->not_after, FF_TIME_DAY, until);
    char *sha = ff_hex_colon(l->sha256, sizeof l->sha256);
    json_object_set_new(j, "sha256", json_string(sha));
    json_object_set_new(j, "not_after", json_string(until));
    if (l->place == FF_LINK_AVAILABLE)
        json_object_set_new(j, "from", json_string(ff_json_text(candidates[l->candidate].label)));
    if (l->place == FF_LINK_STORED) {
        char letters[FF_TRUST_LETTERS_MAX];
        ff_trust_format(&l->trust, letters);
        json_object_set_new(j, "trust", json_string(letters));
    }
    free(sha);
    return j;
}

void ff_report_doctor_json(FILE *out, const struct ff_rowset *rows,
                           const struct ff_candidate *candidates, bool fix)
{
    json_t *list = json_array();
    size_t problems = 0, fixed = 0;
    for (size_t i = 0; i < rows->n; i++) {
        const struct ff_row *row = &rows->v[i];
        static const struct ff_doctor_look none;
        const struct ff_doctor_look *db = row->doctor ? row->doctor : &none;
        const char *error = not_examined(row);
        json_t *j = json_pack("{s:s, s:s, s:s?, s:s?}", "path", ff_json_text(row->target.path),
                              "app", row->target.app, "profile",
                              ff_json_text(row->target.profile_name), "error",
                              ff_json_text(error));
        if (row->user)
            json_object_set_new(j, "user", json_string(ff_json_text(row->user)));
        json_t *users = json_array();
        for (size_t u = 0; u < db->diag.n_users; u++) {
            const struct ff_user_cert *c = &db->diag.users[u];
            char nb[FF_TIME_MAX], na[FF_TIME_MAX];
            ff_format_time(c->not_before, FF_TIME_DAY, nb);
            ff_format_time(c->not_after, FF_TIME_DAY, na);
            json_t *chain = json_array();
            for (size_t k = 0; k < c->n_links; k++)
                json_array_append_new(chain, link_json(&c->links[k], candidates));
            json_array_append_new(
                users, json_pack("{s:s, s:s, s:s?, s:s, s:s, s:s, s:b, s:o, s:b, s:b}", "subject",
                                 ff_json_text(c->subject), "issuer", ff_json_text(c->issuer),
                                 "nickname", ff_json_text(c->nickname),
                                 "not_before", nb, "not_after", na, "usages", c->usages,
                                 "has_key", c->has_key, "chain", chain, "reaches_trusted_root",
                                 c->reaches_trusted_root, "chain_cut", c->chain_cut));
        }
        json_object_set_new(j, "user_certificates", users);
        json_object_set_new(j, "findings", findings_json(&db->left));
        json_t *fixes = json_array();
        for (size_t k = 0; k < db->fixes.n; k++)
            json_array_append_new(fixes, json_string(ff_json_text(db->fixes.v[k])));
        json_object_set_new(j, "fixed", fixes);
        json_array_append_new(list, j);
        problems += db->left.n + (error != NULL);
        fixed += db->fixes.n;
    }
    ff_report_print_json(out, json_pack("{s:o, s:i, s:b, s:i}", "databases", list, "problems",
                                        (json_int_t)problems, "fix", fix, "fixed",
                                        (json_int_t)fixed));
}
