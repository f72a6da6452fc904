/* ffcert catalog: the certificates importable by name, and the state of each. */
#include "util/i18n.h"
#include "cli/cli.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "report/report.h"

/* Decodes an entry's offline copy; the catalogue's pins are checked on every listing. */
static void inspect_copy(const struct ff_catalog *cat, const struct ff_catalog_entry *e,
                         struct ff_catalog_row *row, time_t now)
{
    row->entry = e;
    row->successors = ff_catalog_successor_words(cat, e, 0);
    if (!e->offline)
        return;
    if (ff_read_cert_file(e->offline, &row->copy, &row->problem) != 0)
        return;
    if (row->copy.n) {
        const struct ff_cert *c = &row->copy.certs[row->copy.ca];
        row->state = ff_cert_validity_outlook(c, now);
        row->pin_ok = !memcmp(c->sha256, e->sha256, 32);
        if (!row->pin_ok)
            row->problem = xasprintf(_("%s does not match the pin"), e->offline);
    }
}

static int run(const struct ff_options *opts)
{
    struct ff_catalog catalog;
    char *err = NULL;
    if (ff_load_catalog(&opts->src, &catalog, &err) != 0) {
        ff_error("%s", err);
        free(err);
        return FF_EXIT_USAGE;
    }
    struct ff_catalog_row *rows = xcalloc(catalog.n, sizeof *rows);
    time_t now = ff_now();
    int rc = FF_EXIT_OK;
    for (size_t i = 0; i < catalog.n; i++) {
        inspect_copy(&catalog, &catalog.v[i], &rows[i], now);
        if (rows[i].problem)
            rc = FF_EXIT_PARTIAL;
    }
    if (opts->json)
        ff_report_catalog_json(stdout, catalog.file, rows, catalog.n);
    else
        ff_report_catalog_text(stdout, catalog.file, rows, catalog.n);
    for (size_t i = 0; i < catalog.n; i++) {
        if (rows[i].problem)
            ff_error("%s: %s", rows[i].entry->name, rows[i].problem);
        ff_bundle_free(&rows[i].copy);
        free(rows[i].problem);
        free(rows[i].successors);
    }
    free(rows);
    ff_catalog_free(&catalog);
    return rc;
}

static const char exit_help[] =
    N_("Exit status: 0 fine; 1 some shipped copy is missing or does not match its pin;\n"
       "2 the catalogue cannot be read.\n");

const struct ff_command ff_cmd_catalog = {
    .name = "catalog",
    .usage = "[--catalog FILE] [--json]",
    .summary = N_("List the certificates importable by name: purpose, validity (valid, expires soon,\n"
                  "expired), pin, successor, and whether the shipped copy matches its pin."),
    .options = FF_OPTIONS(OPT_CATALOG, OPT_JSON),
    .exit_help = exit_help,
    .run = run,
};
