/* Turning SOURCE into a decoded bundle, once per run: a file, a URL, or a catalogue
 * name. Whatever pin applies is checked here, before any database is touched. */
#include "util/i18n.h"
#include "core/source.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "net/download.h"
#include "nss/nss.h"
#include "util/util.h"

/* A certificate file is small; anything larger is not one. */
#define SOURCE_MAX_BYTES (1024 * 1024)

int ff_load_catalog(const struct ff_source_opts *o, struct ff_catalog *out, char **err)
{
    char *path = o->catalog ? xstrdup(o->catalog) : ff_catalog_default_path();
    int rc = ff_catalog_load(path, out, err);
    free(path);
    return rc;
}

/* The CA must hash to the pin. Gives both fingerprints when it does not. */
static int check_pin(const char *what, const struct ff_bundle *b, const unsigned char pin[32],
                     char **err)
{
    const unsigned char *got = b->certs[b->ca].sha256;
    if (!memcmp(got, pin, 32))
        return 0;
    char *g = ff_hex_colon(got, 32), *w = ff_hex_colon(pin, 32);
    *err = xasprintf(_("%s: fingerprint mismatch: the certificate has SHA-256 %s, the pin is "
                       "%s; nothing written"), what, g, w);
    free(g);
    free(w);
    return -1;
}

int ff_read_cert_file(const char *path, struct ff_bundle *out, char **err)
{
    unsigned char *data = NULL;
    size_t len = 0;
    memset(out, 0, sizeof *out);
    if (ff_read_file(path, SOURCE_MAX_BYTES, &data, &len, err) != 0)
        return -1;
    char *why = NULL;
    int rc = ff_nss_decode(data, len, out, &why);
    free(data);
    if (rc != 0) {
        *err = xasprintf("%s: %s", path, why);
        free(why);
    }
    return rc;
}

static int load_file(const char *path, struct ff_bundle *out, const unsigned char *pin,
                     char **err)
{
    if (ff_read_cert_file(path, out, err) != 0)
        return -1;
    if (pin && check_pin(path, out, pin, err) != 0)
        return -1;
    out->provenance = xstrdup("file");
    return 0;
}

/* Downloads and decodes. Returns 0, or -1 with *why (the caller decides whether
 * another address may still work). */
static int fetch(const char *url, const struct ff_source_opts *o, bool pinned,
                 struct ff_bundle *out, char **why)
{
    struct ff_download_opts d = {.cacert = o->cacert, .timeout = o->timeout, .pinned = pinned};
    unsigned char *data = NULL;
    size_t len = 0;
    if (ff_download(url, &d, &data, &len, why) != 0)
        return -1;
    int rc = ff_nss_decode(data, len, out, why);
    free(data);
    return rc == 0 ? 0 : -1;
}

/* An unpinned https download is shown and confirmed, as Firefox's dialog does: by the
 * person running a command that writes. */
static int confirm_unpinned(const char *url, const struct ff_source_opts *o,
                            const struct ff_source_ui *ui, const struct ff_bundle *b, char **err)
{
    if (!o->confirm || o->yes)
        return 0;
    if (!ui || !ui->confirm) {
        *err = xasprintf(_("%s: no fingerprint to check the download against: compare it with "
                           "your institution's, then give --sha256 FP (or --yes); nothing "
                           "written"), url);
        return -1;
    }
    if (!ui->confirm(url, b, ui->ctx)) {
        *err = xasprintf(_("%s: not confirmed; nothing written"), url);
        return -1;
    }
    return 0;
}

static int load_url(const char *url, const struct ff_source_opts *o,
                    const struct ff_source_ui *ui, const unsigned char *pin,
                    struct ff_bundle *out, char **err)
{
    if (!pin && strncasecmp(url, "https://", 8) != 0) {
        *err = xasprintf(_("%s: http:// and file:// are only used with a fingerprint to "
                           "check: give --sha256 FP, or use https://"), url);
        return -1;
    }
    char *why = NULL;
    if (fetch(url, o, pin != NULL, out, &why) != 0) {
        *err = xasprintf("%s: %s", url, why);
        free(why);
        return -1;
    }
    if (pin ? check_pin(url, out, pin, err) : confirm_unpinned(url, o, ui, out, err))
        return -1;
    out->provenance = xasprintf(_("downloaded from %s"), url);
    return 0;
}

/* A catalogue entry: its addresses in order, then its shipped copy; always pinned. A
 * download that fails moves on to the next; one that does not match the pin stops
 * the run: the CA's server serves another certificate, which a person must hear
 * about rather than have masked by the shipped copy (--offline uses it). */
static int load_entry(const char *name, const struct ff_catalog_entry *e,
                      const struct ff_source_opts *o, const struct ff_source_ui *ui,
                      struct ff_bundle *out, char **err)
{
    char *failures = NULL;
    for (size_t i = 0; !o->offline && i < e->urls.n; i++) {
        const char *url = e->urls.v[i];
        char *why = NULL;
        if (fetch(url, o, true, out, &why) == 0) {
            free(failures);
            if (check_pin(url, out, e->sha256, err) != 0)
                return -1;
            out->provenance = xasprintf(_("downloaded from %s"), url);
            return 0;
        }
        char *line = xasprintf("%s%s%s: %s", failures ? failures : "", failures ? "; " : "",
                               url, why);
        free(failures);
        free(why);
        failures = line;
    }
    if (!e->offline) {
        *err = xasprintf(_("%s: no download worked (%s) and the catalogue has no offline copy"),
                         name, failures ? failures : "--offline");
        free(failures);
        return -1;
    }
    if (failures && ui && ui->warn) {
        char *line = xasprintf(_("%s: no download worked (%s); using the offline copy shipped "
                                 "with ffcert"), name, failures);
        ui->warn(line, ui->ctx);
        free(line);
    }
    free(failures);
    if (load_file(e->offline, out, e->sha256, err) != 0)
        return -1;
    free(out->provenance);
    out->provenance = xasprintf(_("offline copy %s"), e->offline);
    return 0;
}

int ff_load_source(const char *source, const struct ff_source_opts *o,
                   const struct ff_source_ui *ui, struct ff_bundle *out, char **err)
{
    memset(out, 0, sizeof *out);
    unsigned char pin_buf[32];
    const unsigned char *pin = NULL;
    if (o->sha256 && ff_sha256_parse(o->sha256, pin_buf) == 0)
        pin = pin_buf;

    struct ff_catalog catalog;
    char *catalog_err = NULL;
    bool have_catalog = ff_load_catalog(o, &catalog, &catalog_err) == 0;
    if (!have_catalog && o->catalog) {
        *err = catalog_err;
        return -1;
    }

    struct stat st;
    int rc;
    const struct ff_catalog_entry *entry = NULL;
    if (ff_is_url(source)) {
        rc = load_url(source, o, ui, pin, out, err);
    } else if (strchr(source, '/') || (stat(source, &st) == 0 && !S_ISDIR(st.st_mode))) {
        rc = load_file(source, out, pin, err);
    } else if (have_catalog && (entry = ff_catalog_find(&catalog, source)) && !entry->shipped) {
        *err = xasprintf(_("%s: %s is not shipped with ffcert: %s"), source,
                         entry->display_name ? entry->display_name : entry->name, entry->where);
        rc = -1;
    } else if (entry) {
        rc = load_entry(source, entry, o, ui, out, err);
    } else if (stat(source, &st) == 0) {
        rc = load_file(source, out, pin, err); /* a folder: says so */
    } else {
        *err = xasprintf(_("%s: not a file, a URL (https://...) or a catalogue name (%s)"),
                         source, have_catalog ? _("`ffcert catalog` lists them") : catalog_err);
        rc = -1;
    }
    free(catalog_err);

    if (rc == 0) {
        out->origin = xstrdup(source);
        /* A file or URL may still be a catalogue certificate: say which, and its
         * successor, e.g. for a G4 file downloaded in 2021. */
        if (have_catalog && !entry)
            entry = ff_catalog_find_pin(&catalog, out->certs[out->ca].sha256);
        if (entry) {
            out->catalog_entry = xstrdup(entry->name);
            out->successor = ff_catalog_successor_words(&catalog, entry, 0);
        }
    } else {
        ff_bundle_free(out);
    }
    if (have_catalog)
        ff_catalog_free(&catalog);
    return rc == 0 ? 0 : -1;
}

int ff_check_validity(const struct ff_bundle *b, const struct ff_source_opts *o, char **err)
{
    const struct ff_cert *ca = &b->certs[b->ca];
    time_t now = ff_now();
    const char *state = ff_cert_validity_state(ca, now);
    if (o->allow_expired || !strcmp(state, "valid"))
        return 0;
    bool expired = !strcmp(state, "expired");
    char date[FF_TIME_MAX];
    ff_format_time(expired ? ca->not_after : ca->not_before, FF_TIME_DAY, date);
    char *successor = b->successor ? xasprintf(_("; what replaced it %s"), b->successor)
                                   : xstrdup("");
    if (expired)
        /* The CA is not what needs renewing: what it issued expired with it. */
        *err = xasprintf(_("%s: %s expired on %s, and every certificate it issued expired with "
                           "it: importing it cannot make one work again, the certificate "
                           "itself must be renewed (ask your institution)%s; --allow-expired "
                           "imports it anyway"),
                         b->origin, ca->nickname, date, successor);
    else
        *err = xasprintf(_("%s: %s is not valid before %s%s; --allow-expired imports it "
                           "anyway"),
                         b->origin, ca->nickname, date, successor);
    free(successor);
    return -1;
}
