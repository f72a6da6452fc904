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

int ff_cmd_catalog(int argc, char **argv)
{
    struct ff_options opts;
    int rc = ff_parse_options(ff_find_command("catalog"), argc, argv, &opts);
    if (rc >= 0) {
        ff_options_free(&opts);
        return rc;
    }
    struct ff_catalog catalog;
    char *err = NULL;
    if (ff_load_catalog(&opts.src, &catalog, &err) != 0) {
        ff_error("%s", err);
        free(err);
        ff_options_free(&opts);
        return FF_EXIT_USAGE;
    }
    struct ff_catalog_row *rows = xcalloc(catalog.n, sizeof *rows);
    time_t now = ff_now();
    rc = FF_EXIT_OK;
    for (size_t i = 0; i < catalog.n; i++) {
        inspect_copy(&catalog, &catalog.v[i], &rows[i], now);
        if (rows[i].problem)
            rc = FF_EXIT_PARTIAL;
    }
    if (opts.json)
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
    ff_options_free(&opts);
    return rc;
}
