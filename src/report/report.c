/* Reports: text for people, JSON for scripts (schema in README.md). */
#include "util/i18n.h"
#include "report/report.h"

#include <jansson.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "cert/trust.h"

/* ---- shared pieces ----------------------------------------------------------- */

static void trust_letters(const struct ff_trust *t, char buf[FF_TRUST_LETTERS_MAX])
{
    ff_trust_format(t, buf);
}

static const char *app_label(const struct ff_target *t, char *buf, size_t size)
{
    snprintf(buf, size, "%s%s%s%s%s%s%s", t->app, t->is_default ? ", " : "",
             t->is_default ? _("default") : "", t->in_use ? ", " : "",
             t->in_use ? _("in use") : "",
             t->format == FF_DB_LEGACY || t->format == FF_DB_NONE ? ", " : "",
             t->format == FF_DB_LEGACY ? _("legacy cert8.db") :
             t->format == FF_DB_NONE   ? _("no database") : "");
    return buf;
}

static struct ff_strv json_copies; /* ff_json_text's, until the document is printed */

const char *ff_json_text(const char *text)
{
    if (!text || ff_utf8_valid(text))
        return text;
    ff_strv_push(&json_copies, ff_utf8_safe(text));
    return json_copies.v[json_copies.n - 1];
}

static json_t *strv_json(const struct ff_strv *sv)
{
    json_t *a = json_array();
    for (size_t i = 0; sv && i < sv->n; i++)
        json_array_append_new(a, json_string(ff_json_text(sv->v[i])));
    return a;
}

/* ---- certificates ------------------------------------------------------------ */

/* "  Label:    value": labels are translated, so they are padded by terminal width. */
#define LABEL_WIDTH 10
#define CATALOG_LABEL_WIDTH 15
static void field_w(FILE *out, size_t width, const char *label, const char *fmt, ...)
    FF_ATTR_PRINTF(4, 5);
static void field_w(FILE *out, size_t width, const char *label, const char *fmt, ...)
{
    fputs("  ", out);
    ff_print_padded(out, label, width);
    va_list ap;
    va_start(ap, fmt);
    char *value = xvasprintf(fmt, ap);
    va_end(ap);
    char *safe = ff_term_safe(value); /* subjects, catalogue notes: other people's text */
    fprintf(out, "%s\n", safe);
    free(safe);
    free(value);
}

/* Validity states and result words are codes in JSON and words in text. */
static const char *validity_words(const char *state)
{
    if (!strcmp(state, "valid"))
        return _("valid");
    if (!strcmp(state, "expired"))
        return _("expired");
    if (!strcmp(state, "expires soon"))
        return _("expires soon");
    return _("not yet valid");
}

static void cert_text(FILE *out, const struct ff_cert *c)
{
    char nb[FF_TIME_MAX], na[FF_TIME_MAX];
    ff_format_time(c->not_before, FF_TIME_MINUTE, nb);
    ff_format_time(c->not_after, FF_TIME_MINUTE, na);
    char *sha = ff_hex_colon(c->sha256, sizeof c->sha256);
    field_w(out, LABEL_WIDTH, _("Subject:"), "%s", c->subject);
    field_w(out, LABEL_WIDTH, _("Issuer:"), "%s", c->issuer);
    field_w(out, LABEL_WIDTH, _("Serial:"), "%s", c->serial);
    field_w(out, LABEL_WIDTH, _("Valid:"), _("%s to %s (%s)"), nb, na,
          validity_words(ff_cert_validity_state(c, ff_now())));
    field_w(out, LABEL_WIDTH, _("SHA-256:"), "%s", sha);
    field_w(out, LABEL_WIDTH, _("CA:"), "%s",
          c->is_ca ? _("yes") : _("no (Firefox refuses to import it as an authority)"));
    free(sha);
}

/* Where the bytes came from: a download, the catalogue's offline copy, a file. */
static void source_text(FILE *out, const struct ff_bundle *b)
{
    if (b->provenance && strcmp(b->provenance, "file") != 0)
        field_w(out, LABEL_WIDTH, _("Source:"), "%s", b->provenance);
    if (b->catalog_entry && b->successor)
        field_w(out, LABEL_WIDTH, _("Catalogue:"), _("%s; what replaced it %s"), b->catalog_entry,
                b->successor);
    else if (b->catalog_entry)
        field_w(out, LABEL_WIDTH, _("Catalogue:"), "%s", b->catalog_entry);
}

void ff_report_bundle_text(FILE *out, const struct ff_bundle *b, bool all_certs)
{
    ff_report_cert_header_text(out, b);
    if (b->n == 1)
        return;
    size_t others = b->n - 1;
    if (!all_certs) {
        field_w(out, LABEL_WIDTH, _("Bundle:"),
              ngettext("%zu other certificate in %s, stored with no trust",
                       "%zu other certificates in %s, stored with no trust", others),
              others, b->origin ? b->origin : "SOURCE");
        return;
    }
    field_w(out, LABEL_WIDTH, _("Bundle:"),
          _("certificate %zu of %zu is the CA Firefox would import; the others are stored "
            "with no trust"),
          b->ca + 1, b->n);
    for (size_t i = 0; i < b->n; i++) {
        if (i == b->ca)
            continue;
        fputc('\n', out);
        char *other = ff_term_safe(b->certs[i].nickname);
        fprintf(out, _("Other certificate %zu of %zu \"%s\"\n"), i + 1, b->n, other);
        free(other);
        cert_text(out, &b->certs[i]);
    }
}

static json_t *cert_json(const struct ff_cert *c)
{
    char nb[FF_TIME_MAX], na[FF_TIME_MAX];
    ff_format_time(c->not_before, FF_TIME_ISO, nb);
    ff_format_time(c->not_after, FF_TIME_ISO, na);
    char *sha = ff_hex_colon(c->sha256, sizeof c->sha256);
    json_t *j = json_pack("{s:s, s:s, s:s, s:s, s:s, s:s, s:s, s:b, s:s}",
                          "subject", ff_json_text(c->subject), "issuer", ff_json_text(c->issuer),
                          "serial", c->serial,
                          "not_before", nb, "not_after", na,
                          "validity", ff_cert_validity_state(c, ff_now()), "sha256", sha,
                          "is_ca", c->is_ca, "nickname", ff_json_text(c->nickname));
    free(sha);
    return j;
}

static json_t *bundle_json(const struct ff_bundle *b)
{
    json_t *others = json_array();
    for (size_t i = 0; i < b->n; i++)
        if (i != b->ca)
            json_array_append_new(others, cert_json(&b->certs[i]));
    return others;
}

static json_t *source_json(const struct ff_bundle *b)
{
    return json_pack("{s:s?, s:s?, s:s?, s:s?}", "given", ff_json_text(b->origin), "obtained",
                     ff_json_text(b->provenance), "catalog_entry", ff_json_text(b->catalog_entry),
                     "superseded_by", ff_json_text(b->successor));
}

static bool json_printed;

static void print_json(FILE *out, json_t *root)
{
    if (!root) { /* a text that did not go through ff_json_text: a bug, said loudly */
        fputs("ffcert: internal error: the JSON report could not be built\n", stderr);
        abort();
    }
    json_printed = true;
    json_dumpf(root, out, JSON_INDENT(2));
    fputc('\n', out);
    json_decref(root);
    ff_strv_free(&json_copies);
}

void ff_report_bundle_json(FILE *out, const struct ff_bundle *b)
{
    print_json(out, json_pack("{s:o, s:o, s:o}", "certificate", cert_json(&b->certs[b->ca]),
                              "other_certificates", bundle_json(b), "source", source_json(b)));
}

/* ---- catalogue --------------------------------------------------------------- */

/* "client, smime". New string. */
static char *purposes_text(unsigned bits)
{
    char *out = NULL;
    for (unsigned bit = 0; bit < FF_PURPOSE_COUNT; bit++) {
        if (!(bits & 1u << bit))
            continue;
        char *more = out ? xasprintf("%s, %s", out, ff_purpose_name(1u << bit))
                         : xstrdup(ff_purpose_name(1u << bit));
        free(out);
        out = more;
    }
    return out ? out : xstrdup("-");
}

/* "client 2020-12-25 .. 2023-12-13; smime .. 2016-12-25". New string, or NULL. */
static char *issued_text(const struct ff_catalog_entry *e)
{
    char *out = NULL;
    for (size_t k = 0; k < e->n_issued; k++) {
        const struct ff_catalog_period *pd = &e->issued[k];
        char from[FF_TIME_MAX] = "", until[FF_TIME_MAX] = "";
        if (pd->from)
            ff_format_time(pd->from, FF_TIME_DAY, from);
        if (pd->until)
            ff_format_time(pd->until, FF_TIME_DAY, until);
        char *one = xasprintf("%s%s%s%s..%s%s", pd->purpose ? ff_purpose_name(pd->purpose) : "",
                              pd->purpose ? " " : "", from, pd->from ? " " : "",
                              pd->until ? " " : "", until);
        char *more = out ? xasprintf("%s; %s", out, one) : xstrdup(one);
        free(one);
        free(out);
        out = more;
    }
    return out;
}

static json_t *issued_json(const struct ff_catalog_entry *e)
{
    json_t *a = json_array();
    for (size_t k = 0; k < e->n_issued; k++) {
        const struct ff_catalog_period *pd = &e->issued[k];
        char from[FF_TIME_MAX], until[FF_TIME_MAX];
        ff_format_time(pd->from, FF_TIME_DAY, from);
        ff_format_time(pd->until, FF_TIME_DAY, until);
        json_array_append_new(a, json_pack("{s:s?, s:s?, s:s?}", "purpose",
                                           pd->purpose ? ff_purpose_name(pd->purpose) : NULL,
                                           "from", pd->from ? from : NULL, "until",
                                           pd->until ? until : NULL));
    }
    return a;
}

void ff_report_catalog_text(FILE *out, const char *file, const struct ff_catalog_row *rows,
                            size_t n)
{
    const size_t w = CATALOG_LABEL_WIDTH;
    fprintf(out, _("Catalogue %s\n"), file);
    for (size_t i = 0; i < n; i++) {
        const struct ff_catalog_entry *e = rows[i].entry;
        const struct ff_bundle *copy = &rows[i].copy;
        char *name = ff_term_safe(e->name);
        char *display = ff_term_safe(e->display_name ? e->display_name : "");
        fprintf(out, "\n%-30s %s\n", name, display);
        free(name);
        free(display);
        if (e->aliases.n) {
            char *aliases = xstrdup(e->aliases.v[0]);
            for (size_t j = 1; j < e->aliases.n; j++) {
                char *more = xasprintf("%s, %s", aliases, e->aliases.v[j]);
                free(aliases);
                aliases = more;
            }
            field_w(out, w, _("aliases:"), "%s", aliases);
            free(aliases);
        }
        if (copy->n) {
            char until[FF_TIME_MAX];
            ff_format_time(copy->certs[copy->ca].not_after, FF_TIME_MINUTE, until);
            field_w(out, w, _("subject:"), "%s", copy->certs[copy->ca].subject);
            field_w(out, w, _("state:"), _("%s (until %s)"), validity_words(rows[i].state), until);
        }
        char *purposes = purposes_text(e->purposes), *issued = issued_text(e);
        field_w(out, w, _("purpose:"), "%s", purposes);
        if (issued)
            field_w(out, w, _("issued:"), "%s", issued);
        free(purposes);
        free(issued);
        if (e->shipped) {
            char *pin = ff_hex_colon(e->sha256, sizeof e->sha256);
            field_w(out, w, _("pin (SHA-256):"), "%s", pin);
            free(pin);
        } else {
            field_w(out, w, _("not shipped:"), "%s", e->where);
        }
        if (rows[i].successors)
            field_w(out, w, _("superseded by:"), "%s", rows[i].successors);
        if (e->builtin_since)
            field_w(out, w, _("built in:"), _("Firefox and Thunderbird %u and later"),
                    e->builtin_since);
        if (e->revoked)
            field_w(out, w, _("revoked:"), "%s", e->revoked);
        if (e->trust)
            field_w(out, w, _("trust:"), "%s", e->trust);
        if (e->shipped)
            field_w(out, w, _("download:"), "%s",
                    e->urls.n ? e->urls.v[0] : _("none (offline copy only)"));
        if (e->note)
            field_w(out, w, _("note:"), "%s", e->note);
        if (rows[i].problem)
            field_w(out, w, _("PROBLEM:"), "%s", rows[i].problem);
    }
}

void ff_report_catalog_json(FILE *out, const char *file, const struct ff_catalog_row *rows,
                            size_t n)
{
    json_t *entries = json_array();
    for (size_t i = 0; i < n; i++) {
        const struct ff_catalog_entry *e = rows[i].entry;
        const struct ff_bundle *copy = &rows[i].copy;
        char *pin = e->shipped ? ff_hex_colon(e->sha256, sizeof e->sha256) : NULL;
        char *purpose = purposes_text(e->purposes);
        json_t *purposes = json_array(), *successors = json_array();
        for (unsigned bit = 0; bit < FF_PURPOSE_COUNT; bit++)
            if (e->purposes & 1u << bit)
                json_array_append_new(purposes, json_string(ff_purpose_name(1u << bit)));
        for (size_t k = 0; k < e->n_successors; k++)
            json_array_append_new(
                successors, json_pack("{s:s?, s:s}", "purpose",
                                      e->successors[k].purpose
                                          ? ff_purpose_name(e->successors[k].purpose) : NULL,
                                      "name", ff_json_text(e->successors[k].name)));
        json_t *j = json_pack(
            "{s:s, s:s?, s:o, s:s, s:o, s:o, s:o, s:s?, s:b, s:s?, s:s?, s:s?, s:s?, s:s?,"
            " s:s?, s:s?, s:s?}",
            "name", ff_json_text(e->name), "display_name", ff_json_text(e->display_name), "aliases",
            strv_json(&e->aliases), "purpose", purpose, "purposes", purposes, "issued",
            issued_json(e), "urls", strv_json(&e->urls), "sha256", pin, "shipped", e->shipped,
            "where", ff_json_text(e->where), "trust", ff_json_text(e->trust), "superseded_by",
            e->n_successors ? ff_json_text(e->successors[0].name) : NULL, "successors_words",
            ff_json_text(rows[i].successors), "note", ff_json_text(e->note), "offline",
            ff_json_text(e->offline), "state", rows[i].state, "problem",
            ff_json_text(rows[i].problem));
        json_object_set_new(j, "successors", successors);
        /* null for an entry with no shipped copy */
        json_object_set_new(j, "offline_matches_pin",
                            e->offline ? json_boolean(rows[i].pin_ok) : json_null());
        json_object_set_new(j, "builtin_since",
                            e->builtin_since ? json_integer(e->builtin_since) : json_null());
        json_object_set_new(j, "certificate",
                            copy->n ? cert_json(&copy->certs[copy->ca]) : json_null());
        json_array_append_new(entries, j);
        free(pin);
        free(purpose);
    }
    print_json(out, json_pack("{s:s, s:o}", "catalog", ff_json_text(file), "entries", entries));
}

/* ---- databases --------------------------------------------------------------- */

static json_t *target_json(const struct ff_target *t)
{
    return json_pack("{s:s, s:s, s:s?, s:s?, s:b, s:s, s:b, s:s, s:s?}", "path",
                     ff_json_text(t->path), "app", t->app, "app_version",
                     ff_json_text(t->app_version), "profile", ff_json_text(t->profile_name),
                     "default", t->is_default, "format", ff_db_format_name(t->format), "in_use",
                     t->in_use, "owner", t->owner ? ff_json_text(t->owner) : "", "profiles_ini",
                     ff_json_text(t->ini_file));
}

/* "User NAME" before the first row of each user's (root's --all-users, or a home of
 * someone else's). */
static void user_heading(FILE *out, const struct ff_row *row, const char **user, size_t i)
{
    if (!row->user || (*user && !strcmp(*user, row->user)))
        return;
    *user = row->user;
    fputs(i ? "\n" : "", out);
    char *name = ff_term_safe(row->user);
    fprintf(out, _("User %s\n"), name);
    free(name);
}

void ff_report_profiles_text(FILE *out, const struct ff_rowset *rows, const char *home)
{
    const char *user = NULL;
    for (size_t i = 0; i < rows->n; i++) {
        const struct ff_target *t = &rows->v[i].target;
        user_heading(out, &rows->v[i], &user, i);
        char *where = ff_path_display(t->path, rows->v[i].user ? NULL : home);
        char label[160];
        fprintf(out, "%-7s %s  (%s)\n", ff_db_format_name(t->format), where,
                app_label(t, label, sizeof label));
        if (t->profile_name) {
            char *name = ff_term_safe(t->profile_name);
            char *owner = ff_term_safe(t->owner ? t->owner : "?");
            fprintf(out, _("        profile \"%s\", owner %s\n"), name, owner);
            free(name);
            free(owner);
        }
        if (t->problem) {
            char *problem = ff_term_safe(t->problem);
            fprintf(out, "        %s\n", problem);
            free(problem);
        }
        else if (t->format == FF_DB_NONE)
            fprintf(out, "        %s\n",
                    _("no database yet: start the program once with this profile"));
        free(where);
    }
    fprintf(out, ngettext("%zu database found.\n", "%zu databases found.\n", rows->n), rows->n);
}

void ff_report_profiles_json(FILE *out, const struct ff_rowset *rows)
{
    json_t *dbs = json_array();
    for (size_t i = 0; i < rows->n; i++) {
        const struct ff_row *row = &rows->v[i];
        json_t *j = target_json(&row->target);
        json_object_set_new(j, "problem",
                            row->target.problem ? json_string(ff_json_text(row->target.problem))
                                                : json_null());
        if (row->user)
            json_object_set_new(j, "user", json_string(ff_json_text(row->user)));
        json_array_append_new(dbs, j);
    }
    print_json(out, json_pack("{s:o, s:o}", "databases", dbs, "warnings",
                              strv_json(&rows->warnings)));
}

/* ---- actions ----------------------------------------------------------------- */

static const struct ff_trust *shown_trust(const struct ff_outcome *o)
{
    return o->has_after ? &o->after : NULL;
}

/* Rows: the result word and the trust letters in columns, then the place; details
 * indented below. */
#define RESULT_WIDTH 13
#define LETTERS_WIDTH 8
#define DETAIL_INDENT (RESULT_WIDTH + LETTERS_WIDTH + 1)

/* Details name profiles, paths and users' certificates: made safe for the terminal. */
static void detail(FILE *out, const char *text)
{
    char *safe = ff_term_safe(text);
    fprintf(out, "%*s%s\n", DETAIL_INDENT, "", safe);
    free(safe);
}

void ff_report_action_text(FILE *out, const struct ff_report *r)
{
    ff_report_bundle_text(out, r->bundle, false);
    if (r->requested) {
        char want[FF_TRUST_LETTERS_MAX];
        struct ff_trust n = ff_trust_normalize(r->requested);
        trust_letters(&n, want);
        char *words = ff_trust_describe(&n);
        field_w(out, LABEL_WIDTH, r->action == FF_ACTION_STATUS ? _("Expected:") : _("Trust:"),
                "%s (%s)", want, words);
        free(words);
    }
    if (r->dry_run)
        fprintf(out, "\n%s\n", _("Dry run: nothing is written."));
    fputc('\n', out);

    size_t counts[FF_RESULT_COUNT] = {0};
    const char *user = NULL;
    for (size_t i = 0; i < r->rows->n; i++) {
        const struct ff_row *row = &r->rows->v[i];
        const struct ff_target *t = &row->target;
        const struct ff_outcome *o = &row->outcome;
        counts[o->result]++;
        if (row->user && (!user || strcmp(user, row->user) != 0)) {
            user = row->user;
            fputs(i ? "\n" : "", out);
            char *name = ff_term_safe(user);
            fprintf(out, _("User %s\n"), name);
            free(name);
        }
        char letters[FF_TRUST_LETTERS_MAX] = "-";
        const struct ff_trust *trust = shown_trust(o);
        if (trust)
            trust_letters(trust, letters);
        char *where = ff_path_display(t->path, row->user ? NULL : r->home);
        char label[160];
        ff_print_padded(out, ff_result_label(o->result), RESULT_WIDTH);
        ff_print_padded(out, letters, LETTERS_WIDTH);
        fprintf(out, "%s  (%s)\n", where, app_label(t, label, sizeof label));
        free(where);
        if (trust) {
            char *words = ff_trust_describe(trust);
            if (o->result == FF_RESULT_UPDATED) {
                char before[FF_TRUST_LETTERS_MAX];
                trust_letters(&o->before, before);
                char *line = xasprintf(_("%s (before: %s)"), words, before);
                detail(out, line);
                free(line);
            } else {
                detail(out, words);
            }
            free(words);
        }
        if (o->extras_added) {
            char *line = xasprintf(ngettext("%u other certificate of the bundle stored with no trust",
                                            "%u other certificates of the bundle stored with no trust",
                                            o->extras_added),
                                   o->extras_added);
            detail(out, line);
            free(line);
        }
        if (o->reason)
            detail(out, o->reason);
    }

    fputc('\n', out);
    fprintf(out, ngettext("%zu database:", "%zu databases:", r->rows->n), r->rows->n);
    const char *sep = " ";
    for (int k = 0; k < FF_RESULT_COUNT; k++) {
        if (!counts[k])
            continue;
        fputs(sep, out);
        /* TRANSLATORS: a count and a result word in the summary, e.g. "2 imported". */
        fprintf(out, _("%zu %s"), counts[k], ff_result_label((enum ff_result)k));
        sep = _(", ");
    }
    fprintf(out, "%s\n", _("."));
}

void ff_report_action_json(FILE *out, const struct ff_report *r)
{
    json_t *dbs = json_array();
    bool changed = false;
    json_t *summary = json_object();
    for (size_t i = 0; i < r->rows->n; i++) {
        const struct ff_row *row = &r->rows->v[i];
        const struct ff_outcome *o = &row->outcome;
        json_t *j = target_json(&row->target);
        if (row->user)
            json_object_set_new(j, "user", json_string(ff_json_text(row->user)));
        const char *result = ff_result_name(o->result);
        json_object_set_new(j, "result", json_string(result));
        json_object_set_new(j, "reason",
                            o->reason ? json_string(ff_json_text(o->reason)) : json_null());
        const struct ff_trust *trust = shown_trust(o);
        if (trust) {
            char letters[FF_TRUST_LETTERS_MAX], legacy[FF_TRUST_LETTERS_MAX];
            trust_letters(trust, letters);
            trust_letters(&o->after_legacy, legacy);
            char *words = ff_trust_describe(trust);
            json_object_set_new(j, "trust", json_string(letters));
            json_object_set_new(j, "trust_words", json_string(words));
            json_object_set_new(j, "trust_legacy", json_string(legacy));
            free(words);
        } else {
            json_object_set_new(j, "trust", json_null());
            json_object_set_new(j, "trust_words", json_null());
            json_object_set_new(j, "trust_legacy", json_null());
        }
        json_t *forms = json_array();
        if (o->forms & FF_FORM_LEGACY)
            json_array_append_new(forms, json_string("legacy"));
        if (o->forms & FF_FORM_PKCS11)
            json_array_append_new(forms, json_string("pkcs11-3.2"));
        json_object_set_new(j, "trust_forms", forms);
        if (o->had_before) {
            char before[FF_TRUST_LETTERS_MAX];
            trust_letters(&o->before, before);
            json_object_set_new(j, "trust_before", json_string(before));
        } else {
            json_object_set_new(j, "trust_before", json_null());
        }
        json_object_set_new(j, "nickname",
                            o->nickname ? json_string(ff_json_text(o->nickname)) : json_null());
        json_object_set_new(j, "other_certificates_added", json_integer(o->extras_added));
        json_array_append_new(dbs, j);

        json_t *count = json_object_get(summary, result);
        json_object_set_new(summary, result,
                            json_integer(count ? json_integer_value(count) + 1 : 1));
        changed = changed || ff_result_changed(o->result);
    }

    json_t *root = json_pack("{s:s, s:b, s:o, s:o, s:o}", "command", r->command, "dry_run",
                             r->dry_run, "certificate", cert_json(&r->bundle->certs[r->bundle->ca]),
                             "other_certificates", bundle_json(r->bundle), "source",
                             source_json(r->bundle));
    if (r->requested) {
        char want[FF_TRUST_LETTERS_MAX];
        struct ff_trust n = ff_trust_normalize(r->requested);
        trust_letters(&n, want);
        json_object_set_new(root, "requested_trust", json_string(want));
    } else {
        json_object_set_new(root, "requested_trust", json_null());
    }
    json_object_set_new(root, "databases", dbs);
    json_object_set_new(root, "summary", summary);
    json_object_set_new(root, "changed", json_boolean(changed));
    json_object_set_new(root, "warnings", strv_json(&r->rows->warnings));
    print_json(out, root);
}

/* ---- pieces for the other reports (report/policy.c) ------------------------------ */

void ff_report_cert_header_text(FILE *out, const struct ff_bundle *b)
{
    const struct ff_cert *ca = &b->certs[b->ca];
    char *nick = ff_term_safe(ca->nickname);
    fprintf(out, _("Certificate \"%s\"\n"), nick);
    free(nick);
    cert_text(out, ca);
    source_text(out, b);
}

json_t *ff_report_cert_json(const struct ff_cert *c)
{
    return cert_json(c);
}

json_t *ff_report_others_json(const struct ff_bundle *b)
{
    return bundle_json(b);
}

json_t *ff_report_source_json(const struct ff_bundle *b)
{
    return source_json(b);
}

json_t *ff_report_strv_json(const struct ff_strv *sv)
{
    return strv_json(sv);
}

void ff_report_print_json(FILE *out, json_t *root)
{
    print_json(out, root);
}

void ff_report_error_json(FILE *out, const char *command, int status, const char *error)
{
    if (json_printed)
        return;
    print_json(out, json_pack("{s:s?, s:i, s:s?, s:[], s:b}", "command", command,
                              "exit_status", status, "error", ff_json_text(error), "databases",
                              "changed", 0));
}
