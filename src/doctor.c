/* The doctor's judgement: what is wrong with a database, and what to do about it. */
#include "ffcert/i18n.h"
#include "ffcert/doctor.h"

#include <stdlib.h>
#include <string.h>

#include "ffcert/util.h"

static void add(struct ff_findings *f, const char *code, char *message, char *advice,
                ssize_t fix)
{
    f->v = xrealloc(f->v, (f->n + 1) * sizeof *f->v);
    f->v[f->n++] = (struct ff_finding){code, message, advice, fix};
}

static char *date_of(time_t t)
{
    char buf[16];
    struct tm tm;
    gmtime_r(&t, &tm);
    strftime(buf, sizeof buf, "%Y-%m-%d", &tm);
    return xstrdup(buf);
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

static char *successor_advice(const struct ff_catalog *c, const struct ff_catalog_entry *e)
{
    const struct ff_catalog_entry *next =
        e && e->superseded_by ? ff_catalog_find(c, e->superseded_by) : NULL;
    if (next)
        return xasprintf(_("its successor is %s (%s): `ffcert import %s`; then remove the old "
                         "one with `ffcert remove %s`"), next->name,
                         next->display_name ? next->display_name : "", next->name, e->name);
    return xstrdup(_("remove it with `ffcert remove FILE` once nothing needs it"));
}

static void judge_user(const struct ff_user_cert *u, const struct ff_candidate *cands,
                       const struct ff_catalog *catalog, time_t now, struct ff_findings *out)
{
    char *name = short_name(u->subject);
    if (now > u->not_after) {
        char *d = date_of(u->not_after);
        add(out, "user-cert-expired",
            xasprintf(_("your certificate \"%s\" expired on %s"), name, d),
            xstrdup(_("ask your institution for a new certificate; no CA import can fix this")),
            -1);
        free(d);
    } else if (now < u->not_before) {
        char *d = date_of(u->not_before);
        add(out, "user-cert-not-yet-valid",
            xasprintf(_("your certificate \"%s\" is not valid before %s"), name, d),
            xstrdup(_("check the computer's clock, or wait until that date")), -1);
        free(d);
    }
    for (size_t i = 0; i < u->n_links; i++) {
        const struct ff_chain_link *l = &u->links[i];
        if (l->place == FF_LINK_MISSING) {
            add(out, "missing-intermediate",
                xasprintf(_("the certificate that issued \"%s\" is missing: \"%s\"%s%s"), name,
                          l->subject, l->key_id ? _(", key identifier ") : "",
                          l->key_id ? l->key_id : ""),
                xstrdup(_("neither the catalogue nor --with has it: get it from your "
                        "institution and run `ffcert import FILE` (or `ffcert doctor --with "
                        "FILE --fix`)")),
                -1);
            break;
        }
        if (l->place != FF_LINK_AVAILABLE || cands[l->candidate].builtin_root)
            continue;
        const struct ff_candidate *c = &cands[l->candidate];
        char *issuer = short_name(l->subject);
        if (now > l->not_after) {
            char *d = date_of(l->not_after);
            const struct ff_catalog_entry *e = entry_for(catalog, l->sha256);
            add(out, "missing-intermediate",
                xasprintf(_("the CA \"%s\" that issued \"%s\" is missing from this profile, and "
                          "the copy in %s expired on %s"), issuer, name, c->label, d),
                successor_advice(catalog, e), -1);
            free(d);
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
    if (complete && !u->reaches_trusted_root && u->n_links > 0) {
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
    if (now > ca->not_after) {
        char *d = date_of(ca->not_after);
        add(out, "intermediate-expired",
            xasprintf(_("the installed CA \"%s\" expired on %s"), name, d),
            successor_advice(catalog, e), -1);
        free(d);
    }
    if (e && e->revoked)
        add(out, "intermediate-revoked",
            xasprintf(_("the installed CA \"%s\" has been revoked (%s)"), name, e->revoked),
            successor_advice(catalog, e), -1);
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
