/* The policy store's report: rows with the result words of the databases' report
 * (core/apply.h), one per thing the store holds, and the same certificate header and
 * JSON pieces (report/report.h). */
#include "util/i18n.h"
#include "report/policy.h"

#include <jansson.h>
#include <stdlib.h>
#include <string.h>

#include "report/report.h"

/* What the status report says about the trust Firefox stores (seen with firefox-esr
 * 153 on Debian 12: see tests/integration/policy.sh), and what stays behind after
 * `policy remove`. */
static const char note_trust[] =
    N_("At each start Firefox adds every Install certificate that a profile does not "
       "already trust for websites to that profile (new profiles included), asking for "
       "CT,CT,: a trust anchor for websites and email, whatever its issuer. Firefox 153 "
       "stores that trust as PKCS#11 3.2 trust records, which `ffcert status` reports as "
       "Firefox uses them (CT,C,) and older NSS (Debian 12's certutil) shows as \",,\".");
static const char note_remove[] =
    N_("`ffcert policy remove` stops Firefox from adding the certificate; profiles that "
       "already hold it keep it, trusted as before. Take it out of them with `ffcert "
       "remove SOURCE` (as root: --all-users).");

/* Rows: the result word in a column, then the place; details indented below. */
#define RESULT_WIDTH 13

/* text after label, wrapped at 80 columns; continuation lines indented by two. */
static void print_wrapped(FILE *out, const char *label, const char *text)
{
    /* Columns on the terminal, not bytes: Japanese characters take two. */
    size_t col = ff_display_width(label);
    fputs(label, out);
    bool first = true;
    for (const char *p = text; *p;) {
        while (*p == ' ')
            p++;
        size_t len = strcspn(p, " ");
        if (!len)
            break;
        char *word = xstrndup(p, len);
        size_t w = ff_display_width(word);
        if (!first && col + 1 + w > 80) {
            fputs("\n  ", out);
            col = 2;
        } else if (!first) {
            fputc(' ', out);
            col++;
        }
        fputs(word, out);
        free(word);
        col += w;
        p += len;
        first = false;
    }
    fputc('\n', out);
}

/* A row: "RESULT       PATH  (WHAT)", the path made safe for the terminal. */
static void row(FILE *out, enum ff_result r, const char *path, const char *what)
{
    char *shown = ff_path_display(path ? path : "-", NULL);
    ff_print_padded(out, ff_result_label(r), RESULT_WIDTH);
    if (what)
        fprintf(out, "%s  (%s)\n", shown, what);
    else
        fprintf(out, "%s\n", shown);
    free(shown);
}

/* A line under a row; takes text. */
static void detail(FILE *out, char *text)
{
    char *safe = ff_term_safe(text);
    fprintf(out, "%*s%s\n", RESULT_WIDTH, "", safe);
    free(safe);
    free(text);
}

/* ---- install and remove ------------------------------------------------------- */

static bool failed(const struct ff_policy_outcome *o)
{
    return !ff_result_ok(o->file.result, FF_ACTION_REMOVE) ||
           !ff_result_ok(o->entry.result, FF_ACTION_REMOVE);
}

static bool changes(const struct ff_policy_outcome *o)
{
    return ff_result_changed(o->file.result) || ff_result_changed(o->entry.result) ||
           o->file.result == FF_RESULT_WOULD_IMPORT || o->file.result == FF_RESULT_WOULD_REMOVE ||
           o->entry.result == FF_RESULT_WOULD_IMPORT || o->entry.result == FF_RESULT_WOULD_REMOVE;
}

static void entry_details(FILE *out, const struct ff_policy_outcome *o)
{
    if (o->entry.reason)
        detail(out, xstrdup(o->entry.reason));
    enum ff_result r = o->entry.result;
    if (!o->backup || (r != FF_RESULT_IMPORTED && r != FF_RESULT_REMOVED &&
                       r != FF_RESULT_WOULD_IMPORT && r != FF_RESULT_WOULD_REMOVE))
        return;
    if (o->deleted && o->dry_run)
        detail(out, xasprintf(_("it would hold nothing else and would be deleted, the "
                                "previous file kept as %s"), o->backup));
    else if (o->deleted)
        detail(out, xasprintf(_("it held nothing else and was deleted; the previous file is "
                                "kept as %s"), o->backup));
    else if (o->dry_run)
        detail(out, xasprintf(_("the previous file would be kept as %s"), o->backup));
    else
        detail(out, xasprintf(_("previous file kept as %s"), o->backup));
}

/* The closing sentence: what Firefox does now. */
static void closing(FILE *out, const struct ff_policy_report *r)
{
    const struct ff_policy_outcome *o = r->outcome;
    if (failed(o))
        return;
    char *text;
    if (!changes(o))
        text = xstrdup(r->install ? _("unchanged: the policy already installs this certificate; "
                                      "nothing was written.")
                                  : _("unchanged: the policy does not install this certificate; "
                                      "nothing was written."));
    else if (o->dry_run)
        text = xstrdup(r->install
                           ? _("would install: Firefox would add the certificate to every "
                               "profile, new ones included, the next time it starts. Nothing "
                               "was written.")
                           : _("would remove: Firefox would no longer add the certificate to "
                               "profiles. Profiles that already hold it would keep it. Nothing "
                               "was written."));
    else if (r->install)
        text = xstrdup(_("installed: Firefox adds the certificate to every profile, new ones "
                         "included, the next time it starts."));
    else
        text = xasprintf(_("removed: Firefox no longer adds the certificate to profiles. "
                           "Profiles that already hold it keep it, trusted as before: take it "
                           "out of them with `ffcert remove %s` (as root: --all-users)."),
                         r->bundle->origin ? r->bundle->origin : "SOURCE");
    char *safe = ff_term_safe(text);
    print_wrapped(out, "", safe);
    free(safe);
    free(text);
}

void ff_report_policy_change_text(FILE *out, const struct ff_policy_report *r)
{
    const struct ff_policy_outcome *o = r->outcome;
    ff_report_cert_header_text(out, r->bundle);
    if (o->dry_run)
        fprintf(out, "\n%s\n", _("Dry run: nothing is written."));
    fputc('\n', out);
    row(out, o->file.result, o->file.path, _("certificate file"));
    if (o->file.reason)
        detail(out, xstrdup(o->file.reason));
    row(out, o->entry.result, o->entry.path, _("Install entry"));
    entry_details(out, o);
    fputc('\n', out);
    closing(out, r);
}

static json_t *item_json(const char *kind, const struct ff_policy_item *it)
{
    return json_pack("{s:s, s:s?, s:s, s:s?}", "kind", kind, "path", ff_json_text(it->path),
                     "result", ff_result_name(it->result), "reason", ff_json_text(it->reason));
}

void ff_report_policy_change_json(FILE *out, const struct ff_policy_report *r)
{
    const struct ff_policy_outcome *o = r->outcome;
    const struct ff_bundle *b = r->bundle;
    json_t *summary = json_object();
    const struct ff_policy_item *items[] = {&o->file, &o->entry};
    for (size_t i = 0; i < 2; i++) {
        const char *word = ff_result_name(items[i]->result);
        json_t *count = json_object_get(summary, word);
        json_object_set_new(summary, word,
                            json_integer(count ? json_integer_value(count) + 1 : 1));
    }
    json_t *root = json_pack(
        "{s:s, s:b, s:o, s:o, s:o, s:s, s:s, s:s?, s:s?, s:s, s:s, s:s?, s:b, s:o, s:o, s:b,"
        " s:o}",
        "command", r->command, "dry_run", o->dry_run, "certificate",
        ff_report_cert_json(&b->certs[b->ca]), "other_certificates", ff_report_others_json(b),
        "source", ff_report_source_json(b), "policies_file", ff_json_text(r->store->policies),
        "cert_dir", ff_json_text(r->store->cert_dir), "cert_file", ff_json_text(o->file.path),
        "entry", ff_json_text(o->entry_value), "file",
        ff_result_name(o->file.result), "policy", ff_result_name(o->entry.result), "backup",
        ff_json_text(o->backup), "policies_file_deleted", o->deleted, "rows",
        json_pack("[o, o]", item_json("file", &o->file), item_json("entry", &o->entry)),
        "summary", summary, "changed",
        ff_result_changed(o->file.result) || ff_result_changed(o->entry.result), "warnings",
        ff_report_strv_json(&o->warnings));
    ff_report_print_json(out, root);
}

/* ---- status ------------------------------------------------------------------- */

static void entry_text(FILE *out, const struct ff_policy_entry *e)
{
    row(out, e->result, e->entry, NULL);
    if (e->path && strcmp(e->path, e->entry) != 0)
        detail(out, xasprintf(_("found at %s"), e->path));
    if (e->bundle.n) {
        const struct ff_cert *c = &e->bundle.certs[e->bundle.ca];
        char na[FF_TIME_MAX];
        ff_format_time(c->not_after, FF_TIME_DAY, na);
        detail(out, xasprintf(e->problem ? _("problem: %s") : _("ok: %s"), c->subject));
        detail(out, xasprintf(_("%s (not after %s), %s"),
                              _(ff_cert_validity_state(c, ff_now())), na,
                              c->is_ca ? _("a CA") : _("not a CA")));
        char *sha = ff_hex_colon(c->sha256, sizeof c->sha256);
        detail(out, xasprintf(_("SHA-256 %s"), sha));
        free(sha);
    }
    if (e->problem)
        detail(out, xstrdup(e->problem));
}

void ff_report_policy_status_text(FILE *out, const struct ff_policy_store *s,
                                  const struct ff_policy_status *st)
{
    char *file = ff_term_safe(s->policies);
    fprintf(out, st->existed ? _("Policies file: %s\n")
                             : _("Policies file: %s (absent: no certificate is installed by "
                                 "policy)\n"),
            file);
    free(file);
    if (st->others.n) {
        fputs(_("Other policies:"), out);
        for (size_t i = 0; i < st->others.n; i++) {
            char *name = ff_term_safe(st->others.v[i]);
            fprintf(out, "%s %s", i ? "," : "", name);
            free(name);
        }
        fputc('\n', out);
    }
    fprintf(out, ngettext("Certificates.Install: %zu entry\n",
                          "Certificates.Install: %zu entries\n", st->n), st->n);
    if (st->n)
        fputc('\n', out);
    for (size_t i = 0; i < st->n; i++)
        entry_text(out, &st->v[i]);
    fputc('\n', out);
    print_wrapped(out, _("Trust: "), _(note_trust));
    print_wrapped(out, _("Removal: "), _(note_remove));
}

void ff_report_policy_status_json(FILE *out, const struct ff_policy_store *s,
                                  const struct ff_policy_status *st)
{
    json_t *entries = json_array();
    for (size_t i = 0; i < st->n; i++) {
        const struct ff_policy_entry *e = &st->v[i];
        const struct ff_bundle *b = &e->bundle;
        json_array_append_new(
            entries,
            json_pack("{s:s, s:s?, s:b, s:o, s:s, s:s?, s:b}", "entry", ff_json_text(e->entry),
                      "path", ff_json_text(e->path), "exists", e->exists, "certificate",
                      b->n ? ff_report_cert_json(&b->certs[b->ca]) : json_null(), "result",
                      ff_result_name(e->result), "problem", ff_json_text(e->problem), "in_cert_dir",
                      e->in_cert_dir));
    }
    json_t *root = json_pack("{s:s, s:s, s:b, s:s, s:o, s:o, s:{s:s, s:s}, s:o}", "command",
                             "policy status", "policies_file", ff_json_text(s->policies),
                             "policies_file_exists", st->existed, "cert_dir",
                             ff_json_text(s->cert_dir),
                             "other_policies", ff_report_strv_json(&st->others), "install",
                             entries, "notes", "trust", _(note_trust), "remove", _(note_remove),
                             "warnings", ff_report_strv_json(&st->warnings));
    ff_report_print_json(out, root);
}
