/* Reports: text for people, JSON for scripts (schema in README.md). */
#include "ffcert/report.h"

#include <jansson.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "ffcert/trust.h"

/* ---- shared pieces ----------------------------------------------------------- */

static void format_time(time_t t, char *buf, size_t size, bool iso)
{
    struct tm tm;
    gmtime_r(&t, &tm);
    strftime(buf, size, iso ? "%Y-%m-%dT%H:%M:%SZ" : "%Y-%m-%d %H:%M UTC", &tm);
}

static void trust_letters(const struct ff_trust *t, char buf[FF_TRUST_LETTERS_MAX])
{
    ff_trust_format(t, buf);
}

static const char *app_label(const struct ff_target *t, char *buf, size_t size)
{
    snprintf(buf, size, "%s%s%s%s", t->app, t->is_default ? ", default" : "",
             t->in_use ? ", in use" : "",
             t->format == FF_DB_LEGACY ? ", legacy cert8.db" :
             t->format == FF_DB_NONE ? ", no database" : "");
    return buf;
}

static json_t *strv_json(const struct ff_strv *sv)
{
    json_t *a = json_array();
    for (size_t i = 0; sv && i < sv->n; i++)
        json_array_append_new(a, json_string(sv->v[i]));
    return a;
}

/* ---- certificates ------------------------------------------------------------ */

static void cert_text(FILE *out, const struct ff_cert *c)
{
    char nb[32], na[32];
    format_time(c->not_before, nb, sizeof nb, false);
    format_time(c->not_after, na, sizeof na, false);
    char *sha = ff_hex_colon(c->sha256, sizeof c->sha256);
    fprintf(out,
            "  Subject:  %s\n"
            "  Issuer:   %s\n"
            "  Serial:   %s\n"
            "  Valid:    %s to %s (%s)\n"
            "  SHA-256:  %s\n"
            "  CA:       %s\n",
            c->subject, c->issuer, c->serial, nb, na,
            ff_cert_validity_state(c, time(NULL)), sha,
            c->is_ca ? "yes" : "no (Firefox refuses to import it as an authority)");
    free(sha);
}

/* Where the bytes came from: a download, the catalogue's offline copy, a file. */
static void source_text(FILE *out, const struct ff_bundle *b)
{
    if (b->provenance && strcmp(b->provenance, "file") != 0)
        fprintf(out, "  Source:   %s\n", b->provenance);
    if (b->catalog_entry)
        fprintf(out, "  Catalogue entry: %s%s%s\n", b->catalog_entry,
                b->successor ? ", superseded by " : "", b->successor ? b->successor : "");
}

void ff_report_bundle_text(FILE *out, const struct ff_bundle *b, bool all_certs)
{
    const struct ff_cert *ca = &b->certs[b->ca];
    fprintf(out, "Certificate \"%s\"\n", ca->nickname);
    cert_text(out, ca);
    source_text(out, b);
    if (b->n == 1)
        return;
    if (!all_certs) {
        fprintf(out, "  Bundle:   %zu other certificate%s in %s, stored with no trust\n",
                b->n - 1, b->n == 2 ? "" : "s", b->origin ? b->origin : "the source");
        return;
    }
    fprintf(out, "  Bundle:   certificate %zu of %zu is the CA Firefox would import; "
                 "the others are stored with no trust\n", b->ca + 1, b->n);
    for (size_t i = 0; i < b->n; i++) {
        if (i == b->ca)
            continue;
        fprintf(out, "\nOther certificate %zu of %zu \"%s\"\n", i + 1, b->n, b->certs[i].nickname);
        cert_text(out, &b->certs[i]);
    }
}

static json_t *cert_json(const struct ff_cert *c)
{
    char nb[32], na[32];
    format_time(c->not_before, nb, sizeof nb, true);
    format_time(c->not_after, na, sizeof na, true);
    char *sha = ff_hex_colon(c->sha256, sizeof c->sha256);
    json_t *j = json_pack("{s:s, s:s, s:s, s:s, s:s, s:s, s:s, s:b, s:s}",
                          "subject", c->subject, "issuer", c->issuer, "serial", c->serial,
                          "not_before", nb, "not_after", na,
                          "validity", ff_cert_validity_state(c, time(NULL)), "sha256", sha,
                          "is_ca", c->is_ca, "nickname", c->nickname);
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
    return json_pack("{s:s?, s:s?, s:s?, s:s?}", "given", b->origin, "obtained",
                     b->provenance, "catalog_entry", b->catalog_entry, "superseded_by",
                     b->successor);
}

static void print_json(FILE *out, json_t *root)
{
    json_dumpf(root, out, JSON_INDENT(2));
    fputc('\n', out);
    json_decref(root);
}

void ff_report_bundle_json(FILE *out, const struct ff_bundle *b)
{
    print_json(out, json_pack("{s:o, s:o, s:o}", "certificate", cert_json(&b->certs[b->ca]),
                              "other_certificates", bundle_json(b), "source", source_json(b)));
}

/* ---- catalogue --------------------------------------------------------------- */

void ff_report_catalog_text(FILE *out, const char *file, const struct ff_catalog_row *rows,
                            size_t n)
{
    fprintf(out, "Catalogue %s\n", file);
    for (size_t i = 0; i < n; i++) {
        const struct ff_catalog_entry *e = rows[i].entry;
        const struct ff_bundle *copy = &rows[i].copy;
        char *pin = ff_hex_colon(e->sha256, sizeof e->sha256);
        fprintf(out, "\n%-30s %s\n", e->name, e->display_name ? e->display_name : "");
        for (size_t j = 0; j < e->aliases.n; j++)
            fprintf(out, "%s%s", j ? ", " : "  aliases:       ", e->aliases.v[j]);
        if (e->aliases.n)
            fputc('\n', out);
        if (copy->n) {
            char until[32];
            format_time(copy->certs[copy->ca].not_after, until, sizeof until, false);
            fprintf(out, "  subject:       %s\n", copy->certs[copy->ca].subject);
            fprintf(out, "  state:         %s (until %s)\n", rows[i].state, until);
        }
        fprintf(out, "  purpose:       %s\n", e->purpose ? e->purpose : "-");
        fprintf(out, "  pin (SHA-256): %s\n", pin);
        if (e->superseded_by)
            fprintf(out, "  superseded by: %s\n", e->superseded_by);
        if (e->trust)
            fprintf(out, "  trust:         %s\n", e->trust);
        fprintf(out, "  download:      %s\n", e->urls.n ? e->urls.v[0] : "none (offline copy only)");
        if (e->note)
            fprintf(out, "  note:          %s\n", e->note);
        if (rows[i].problem)
            fprintf(out, "  PROBLEM:       %s\n", rows[i].problem);
        free(pin);
    }
}

void ff_report_catalog_json(FILE *out, const char *file, const struct ff_catalog_row *rows,
                            size_t n)
{
    json_t *entries = json_array();
    for (size_t i = 0; i < n; i++) {
        const struct ff_catalog_entry *e = rows[i].entry;
        const struct ff_bundle *copy = &rows[i].copy;
        char *pin = ff_hex_colon(e->sha256, sizeof e->sha256);
        json_t *j = json_pack(
            "{s:s, s:s?, s:o, s:s?, s:o, s:s, s:s?, s:s?, s:s?, s:s?, s:s?, s:b, s:s?}",
            "name", e->name, "display_name", e->display_name, "aliases",
            strv_json(&e->aliases), "purpose", e->purpose, "urls", strv_json(&e->urls), "sha256",
            pin, "trust", e->trust, "superseded_by", e->superseded_by, "note", e->note,
            "offline", e->offline, "state", rows[i].state, "offline_matches_pin",
            rows[i].pin_ok, "problem", rows[i].problem);
        json_object_set_new(j, "certificate",
                            copy->n ? cert_json(&copy->certs[copy->ca]) : json_null());
        json_array_append_new(entries, j);
        free(pin);
    }
    print_json(out, json_pack("{s:s, s:o}", "catalog", file, "entries", entries));
}

/* ---- databases --------------------------------------------------------------- */

static json_t *target_json(const struct ff_target *t)
{
    return json_pack("{s:s, s:s, s:s?, s:b, s:s, s:b, s:s, s:s?}", "path", t->path, "app",
                     t->app, "profile", t->profile_name, "default", t->is_default, "format",
                     ff_db_format_name(t->format), "in_use", t->in_use, "owner",
                     t->owner ? t->owner : "", "profiles_ini", t->ini_file);
}

void ff_report_profiles_text(FILE *out, const struct ff_target_list *l, const char *home)
{
    for (size_t i = 0; i < l->n; i++) {
        const struct ff_target *t = &l->v[i];
        char *where = ff_path_display(t->path, home);
        char label[128];
        fprintf(out, "%-7s %s  (%s)\n", ff_db_format_name(t->format), where,
                app_label(t, label, sizeof label));
        if (t->profile_name)
            fprintf(out, "        profile \"%s\", owner %s\n", t->profile_name,
                    t->owner ? t->owner : "?");
        if (t->problem)
            fprintf(out, "        %s\n", t->problem);
        else if (t->format == FF_DB_NONE)
            fprintf(out, "        no database yet: start the program once with this profile\n");
        free(where);
    }
    fprintf(out, "%zu database%s found.\n", l->n, l->n == 1 ? "" : "s");
}

void ff_report_profiles_json(FILE *out, const struct ff_target_list *l,
                             const struct ff_strv *warnings)
{
    json_t *dbs = json_array();
    for (size_t i = 0; i < l->n; i++) {
        json_t *j = target_json(&l->v[i]);
        json_object_set_new(j, "problem",
                            l->v[i].problem ? json_string(l->v[i].problem) : json_null());
        json_array_append_new(dbs, j);
    }
    print_json(out, json_pack("{s:o, s:o}", "databases", dbs, "warnings", strv_json(warnings)));
}

/* ---- actions ----------------------------------------------------------------- */

static const struct ff_trust *shown_trust(const struct ff_outcome *o)
{
    return o->has_after ? &o->after : NULL;
}

void ff_report_action_text(FILE *out, const struct ff_report *r)
{
    ff_report_bundle_text(out, r->bundle, false);
    if (r->requested) {
        char want[FF_TRUST_LETTERS_MAX];
        struct ff_trust n = ff_trust_normalize(r->requested);
        trust_letters(&n, want);
        char *words = ff_trust_describe(&n);
        fprintf(out, "  %s %s (%s)\n", r->action == FF_ACTION_STATUS ? "Expected:" : "Trust:   ",
                want, words);
        free(words);
    }
    if (r->dry_run)
        fprintf(out, "\nDry run: nothing is written.\n");
    fputc('\n', out);

    size_t counts[FF_RESULT_FAILED + 1] = {0};
    const char *user = NULL;
    for (size_t i = 0; i < r->rows->n; i++) {
        const struct ff_row *row = &r->rows->v[i];
        const struct ff_target *t = &row->target;
        const struct ff_outcome *o = &row->outcome;
        counts[o->result]++;
        if (row->user && (!user || strcmp(user, row->user) != 0)) {
            user = row->user;
            fprintf(out, "%sUser %s\n", i ? "\n" : "", user);
        }
        char letters[FF_TRUST_LETTERS_MAX] = "-";
        const struct ff_trust *trust = shown_trust(o);
        if (trust)
            trust_letters(trust, letters);
        char *where = ff_path_display(t->path, row->user ? NULL : r->home);
        char label[128];
        fprintf(out, "%-12s %-7s %s  (%s)\n", ff_result_name(o->result), letters, where,
                app_label(t, label, sizeof label));
        free(where);
        if (trust) {
            char *words = ff_trust_describe(trust);
            if (o->result == FF_RESULT_UPDATED) {
                char before[FF_TRUST_LETTERS_MAX];
                trust_letters(&o->before, before);
                fprintf(out, "%21s %s (before: %s)\n", "", words, before);
            } else {
                fprintf(out, "%21s %s\n", "", words);
            }
            free(words);
        }
        if (o->extras_added)
            fprintf(out, "%21s %u other certificate%s of the bundle stored with no trust\n", "",
                    o->extras_added, o->extras_added == 1 ? "" : "s");
        if (o->reason)
            fprintf(out, "%21s %s\n", "", o->reason);
    }

    fprintf(out, "\n%zu database%s:", r->rows->n, r->rows->n == 1 ? "" : "s");
    const char *sep = " ";
    for (int k = 0; k <= FF_RESULT_FAILED; k++) {
        if (!counts[k])
            continue;
        fprintf(out, "%s%zu %s", sep, counts[k], ff_result_name((enum ff_result)k));
        sep = ", ";
    }
    fprintf(out, ".\n");
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
            json_object_set_new(j, "user", json_string(row->user));
        const char *result = ff_result_name(o->result);
        json_object_set_new(j, "result", json_string(result));
        json_object_set_new(j, "reason", o->reason ? json_string(o->reason) : json_null());
        const struct ff_trust *trust = shown_trust(o);
        if (trust) {
            char letters[FF_TRUST_LETTERS_MAX];
            trust_letters(trust, letters);
            char *words = ff_trust_describe(trust);
            json_object_set_new(j, "trust", json_string(letters));
            json_object_set_new(j, "trust_words", json_string(words));
            free(words);
        } else {
            json_object_set_new(j, "trust", json_null());
            json_object_set_new(j, "trust_words", json_null());
        }
        if (o->had_before) {
            char before[FF_TRUST_LETTERS_MAX];
            trust_letters(&o->before, before);
            json_object_set_new(j, "trust_before", json_string(before));
        } else {
            json_object_set_new(j, "trust_before", json_null());
        }
        json_object_set_new(j, "nickname", o->nickname ? json_string(o->nickname) : json_null());
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
