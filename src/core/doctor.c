/* The doctor's judgement: what is wrong with a database, and what to do about it. */
#include "util/i18n.h"
#include "core/doctor.h"

#include <stdlib.h>
#include <string.h>

#include "util/util.h"

static void add(struct ff_findings *f, const char *code, char *message, char *advice,
                ssize_t fix)
{
    f->v = xrealloc(f->v, (f->n + 1) * sizeof *f->v);
    f->v[f->n++] = (struct ff_finding){code, message, advice, fix};
}

/* "CN=x,O=y" -> "x" for messages; the whole name when there is no CN. */
static char *short_name(const char *dn)
{
    const char *cn = strstr(dn, "CN=");
    if (cn != dn && cn && cn[-1] != ',')
        cn = NULL;
    if (!cn)
        return xstrdup(dn);
    cn += 3;
    size_t n = strcspn(cn, ",");
    return xstrndup(cn, n);
}

static const struct ff_catalog_entry *entry_for(const struct ff_catalog *c,
                                               const unsigned char sha256[32])
{
    return c ? ff_catalog_find_pin(c, sha256) : NULL;
}

/* What replaced e for these purposes, and how to remove it: the advice for an
 * expired or revoked CA still installed. */
static char *successor_advice(const struct ff_catalog *c, const struct ff_catalog_entry *e,
                              unsigned purposes)
{
    char *words = e ? ff_catalog_successor_words(c, e, purposes) : NULL;
    char *advice = words ? xasprintf(_("what replaced it %s; `ffcert remove %s` removes the old "
                                       "one"), words, e->name)
                         : xstrdup(_("remove it with `ffcert remove FILE` once nothing needs it"));
    free(words);
    return advice;
}

/* A link nobody here can supply: what the catalogue knows of it, and the route an
 * institution has. */
static void missing_issuer(const struct ff_chain_link *l, const char *name,
                           const struct ff_catalog *catalog, struct ff_findings *out)
{
    const struct ff_catalog_entry *known =
        catalog ? ff_catalog_find_issuer(catalog, l->subject, l->key_id) : NULL;
    char *message = xasprintf(_("the certificate that issued \"%s\" is missing: \"%s\"%s%s"), name,
                              l->subject, l->key_id ? _(", key identifier ") : "",
                              l->key_id ? l->key_id : "");
    if (known && !known->shipped) {
        char *more = xasprintf(_("%s; ffcert's catalogue knows it as %s but cannot ship it"),
                               message, known->display_name ? known->display_name : known->name);
        free(message);
        message = more;
        add(out, "missing-intermediate", message,
            xasprintf(_("%s; then run `ffcert doctor --with FILE --fix`, or list it in your "
                        "institution's own catalogue (`--catalog FILE`)"), known->where),
            -1);
        return;
    }
    add(out, "missing-intermediate", message,
        xstrdup(_("ffcert's catalogue cannot supply this CA (a private CA of your institution?): "
                  "get it from your institution, then run `ffcert doctor --with FILE --fix` or "
                  "`ffcert import FILE`, or list it in the institution's own catalogue "
                  "(`--catalog FILE`)")),
        -1);
}

static void judge_user(const struct ff_user_cert *u, const struct ff_candidate *cands,
                       const struct ff_catalog *catalog, time_t now, struct ff_findings *out)
{
    char *name = short_name(u->subject);
    if (now > u->not_after) {
        char d[FF_TIME_MAX];
        ff_format_time(u->not_after, FF_TIME_DAY, d);
        add(out, "user-cert-expired",
            xasprintf(_("your certificate \"%s\" expired on %s"), name, d),
            xstrdup(_("ask your institution for a new certificate; no CA import can fix this")),
            -1);
    } else if (now < u->not_before) {
        char d[FF_TIME_MAX];
        ff_format_time(u->not_before, FF_TIME_DAY, d);
        add(out, "user-cert-not-yet-valid",
            xasprintf(_("your certificate \"%s\" is not valid before %s"), name, d),
            xstrdup(_("check the computer's clock, or wait until that date")), -1);
    }
    for (size_t i = 0; i < u->n_links; i++) {
        const struct ff_chain_link *l = &u->links[i];
        if (l->place == FF_LINK_MISSING) {
            missing_issuer(l, name, catalog, out);
            break;
        }
        if (l->place != FF_LINK_AVAILABLE || cands[l->candidate].builtin_root)
            continue;
        const struct ff_candidate *c = &cands[l->candidate];
        char *issuer = short_name(l->subject);
        if (now > l->not_after) {
            /* Everything it issued expired with it: the user's certificate is what must
             * be renewed, not the CA. */
            char d[FF_TIME_MAX];
        ff_format_time(l->not_after, FF_TIME_DAY, d);
            const struct ff_catalog_entry *e = entry_for(catalog, l->sha256);
            char *words = e ? ff_catalog_successor_words(catalog, e, u->purposes) : NULL;
            add(out, "missing-intermediate",
                xasprintf(_("the CA \"%s\" that issued \"%s\" is missing from this profile, and "
                          "the copy in %s expired on %s"), issuer, name, c->label, d),
                words ? xasprintf(_("every certificate it issued expired with it, so your "
                                    "certificate must be renewed: ask your institution; what "
                                    "replaced it %s"), words)
                      : xstrdup(_("every certificate it issued expired with it, so your "
                                  "certificate must be renewed: ask your institution")),
                -1);
            free(words);
        } else {
            add(out, "missing-intermediate",
                xasprintf(_("the CA \"%s\" that issued \"%s\" is missing from this profile: "
                          "Firefox cannot present your certificate"), issuer, name),
                xasprintf(_("add --fix to import it from %s"), c->label),
                (ssize_t)l->candidate);
        }
        free(issuer);
    }
    bool complete = u->n_links == 0 || u->links[u->n_links - 1].place != FF_LINK_MISSING;
    if (u->chain_cut) {
        add(out, "chain-too-long",
            xasprintf(_("the chain of \"%s\" was followed for %d certificates without reaching "
                        "a root (CAs that certify each other?): not examined further"),
                      name, FF_CHAIN_MAX),
            xstrdup(_("look at the chain with `certutil -O -n NICKNAME -d sql:PROFILE`")), -1);
    } else if (complete && !u->reaches_trusted_root && u->n_links > 0) {
        char *root = short_name(u->links[u->n_links - 1].subject);
        add(out, "untrusted-root",
            xasprintf(_("the chain of \"%s\" ends at \"%s\", which this profile does not trust"),
                      name, root),
            xstrdup(_("if your institution tells you to trust that root, import it with "
                    "`ffcert import FILE --trust-websites`")),
            -1);
        free(root);
    }
    free(name);
}

static void judge_ca(const struct ff_stored_ca *ca, const struct ff_catalog *catalog, time_t now,
                     struct ff_findings *out)
{
    if (ca->self_signed)
        return;
    char *name = short_name(ca->subject);
    const struct ff_catalog_entry *e = entry_for(catalog, ca->sha256);
    unsigned purposes = e ? e->purposes : 0;
    if (now > ca->not_after) {
        char d[FF_TIME_MAX];
        ff_format_time(ca->not_after, FF_TIME_DAY, d);
        add(out, "intermediate-expired",
            xasprintf(_("the installed CA \"%s\" expired on %s"), name, d),
            successor_advice(catalog, e, purposes), -1);
    }
    if (e && e->revoked)
        add(out, "intermediate-revoked",
            xasprintf(_("the installed CA \"%s\" has been revoked (%s)"), name, e->revoked),
            successor_advice(catalog, e, purposes), -1);
    if (((ca->trust.ssl | ca->trust.email) & FF_TRUST_TRUSTED_CA) && ca->issuer_trusted)
        add(out, "anchor-trust",
            xasprintf(_("the intermediate CA \"%s\" is trusted as an anchor, although its root "
                      "is trusted already"), name),
            xasprintf(_("valid-CA trust is enough: `ffcert import FILE --trust c,c,` for the "
                      "file holding \"%s\""), name),
            -1);
    free(name);
}

void ff_doctor_judge(const struct ff_diagnosis *d, const struct ff_candidate *candidates,
                     const struct ff_catalog *catalog, time_t now, struct ff_findings *out)
{
    memset(out, 0, sizeof *out);
    for (size_t i = 0; i < d->n_users; i++)
        judge_user(&d->users[i], candidates, catalog, now, out);
    for (size_t i = 0; i < d->n_cas; i++)
        judge_ca(&d->cas[i], catalog, now, out);
}

void ff_findings_free(struct ff_findings *f)
{
    for (size_t i = 0; i < f->n; i++) {
        free(f->v[i].message);
        free(f->v[i].advice);
    }
    free(f->v);
    memset(f, 0, sizeof *f);
}
