/* NSS trust flags as plain data. See cert/trust.h.
 *
 * Parsing follows NSS's CERT_DecodeTrustString (what certutil -t accepts), printing
 * follows NSS's secutil.c printflags (what certutil -L shows). */
#include "cert/trust.h"

#include "util/i18n.h"

#include "util/util.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Letter -> bits, as CERT_DecodeTrustString. 'I' and 'G' are also accepted (as 'i'
 * and 'g') so that everything ff_trust_format prints can be parsed back. */
static int letter_bits(char c, unsigned *bits)
{
    switch (c) {
    case 'p': *bits = FF_TRUST_TERMINAL_RECORD; return 0;
    case 'P': *bits = FF_TRUST_TRUSTED | FF_TRUST_TERMINAL_RECORD; return 0;
    case 'w': *bits = FF_TRUST_SEND_WARN; return 0;
    case 'c': *bits = FF_TRUST_VALID_CA; return 0;
    case 'T': *bits = FF_TRUST_TRUSTED_CLIENT_CA | FF_TRUST_VALID_CA; return 0;
    case 'C': *bits = FF_TRUST_TRUSTED_CA | FF_TRUST_VALID_CA; return 0;
    case 'i': case 'I': *bits = FF_TRUST_INVISIBLE_CA; return 0;
    case 'g': case 'G': *bits = FF_TRUST_GOVT_APPROVED_CA; return 0;
    default: return -1;
    }
}

int ff_trust_parse(const char *s, struct ff_trust *out, char **err)
{
    char *e = NULL;
    unsigned f[3] = { 0, 0, 0 };
    size_t field = 0;

    if (!s) {
        e = xstrdup(_("no trust string given"));
        goto fail;
    }
    if (!*s) {
        e = xstrdup(_("empty trust string (use \",,\" for no trust)"));
        goto fail;
    }
    for (const char *p = s; *p; p++) {
        unsigned char c = (unsigned char)*p;
        unsigned bits;
        if (c == ',') {
            if (++field >= 3) {
                e = xstrdup(_("too many fields in trust string (at most 3: SSL,EMAIL,OBJSIGN)"));
                goto fail;
            }
            continue;
        }
        if (c == 'u') {
            e = xstrdup(_("trust letter 'u' cannot be set: it is derived from the presence of a "
                "private key"));
            goto fail;
        }
        if (letter_bits((char)c, &bits) == 0) {
            f[field] |= bits;
            continue;
        }
        if (c == ' ')
            e = xstrdup(_("space in trust string (write e.g. \"CT,c,\")"));
        else if (c > ' ' && c < 0x7f)
            e = xasprintf(_("invalid trust letter '%c' (allowed: p P c C T w i g)"), c);
        else
            e = xasprintf(_("invalid character 0x%02X in trust string"), c);
        goto fail;
    }
    if (out) {
        out->ssl = f[0];
        out->email = f[1];
        out->objsign = f[2];
    }
    return 0;
fail:
    if (err)
        *err = e;
    else
        free(e);
    return -1;
}

/* secutil.c printflags, same order. */
static size_t format_field(unsigned f, char *o)
{
    size_t n = 0;
    if ((f & FF_TRUST_VALID_CA) && !(f & FF_TRUST_TRUSTED_CA) &&
        !(f & FF_TRUST_TRUSTED_CLIENT_CA))
        o[n++] = 'c';
    if ((f & FF_TRUST_TERMINAL_RECORD) && !(f & FF_TRUST_TRUSTED))
        o[n++] = 'p';
    if (f & FF_TRUST_TRUSTED_CA)
        o[n++] = 'C';
    if (f & FF_TRUST_TRUSTED_CLIENT_CA)
        o[n++] = 'T';
    if (f & FF_TRUST_TRUSTED)
        o[n++] = 'P';
    if (f & FF_TRUST_USER)
        o[n++] = 'u';
    if (f & FF_TRUST_SEND_WARN)
        o[n++] = 'w';
    if (f & FF_TRUST_INVISIBLE_CA)
        o[n++] = 'I';
    if (f & FF_TRUST_GOVT_APPROVED_CA)
        o[n++] = 'G';
    return n; /* at most 9 */
}

void ff_trust_format(const struct ff_trust *t, char out[FF_TRUST_LETTERS_MAX])
{
    size_t n = 0;
    n += format_field(t->ssl, out + n);
    out[n++] = ',';
    n += format_field(t->email, out + n);
    out[n++] = ',';
    n += format_field(t->objsign, out + n);
    out[n] = '\0'; /* at most 3 * 9 + 2 letters: well under FF_TRUST_LETTERS_MAX */
}

/* nsNSSCertTrust: a CA imported through the dialog is a valid CA for ssl and email;
 * each ticked box adds TRUSTED_CA | TRUSTED_CLIENT_CA to its usage. */
struct ff_trust ff_trust_from_dialog(bool websites, bool email)
{
    const unsigned trusted = FF_TRUST_TRUSTED_CA | FF_TRUST_TRUSTED_CLIENT_CA;
    struct ff_trust t = { FF_TRUST_VALID_CA, FF_TRUST_VALID_CA, 0 };
    if (websites)
        t.ssl |= trusted;
    if (email)
        t.email |= trusted;
    return t;
}

struct ff_trust ff_trust_normalize(const struct ff_trust *t)
{
    struct ff_trust n = {
        t->ssl & ~(unsigned)FF_TRUST_USER,
        t->email & ~(unsigned)(FF_TRUST_USER | FF_TRUST_TRUSTED_CLIENT_CA),
        t->objsign & ~(unsigned)(FF_TRUST_USER | FF_TRUST_TRUSTED_CLIENT_CA),
    };
    return n;
}

bool ff_trust_unstorable(const struct ff_trust *t, char out[FF_TRUST_LETTERS_MAX])
{
    const unsigned storable = FF_TRUST_TERMINAL_RECORD | FF_TRUST_TRUSTED | FF_TRUST_VALID_CA |
                              FF_TRUST_TRUSTED_CA | FF_TRUST_TRUSTED_CLIENT_CA;
    struct ff_trust extra = {t->ssl & ~storable, t->email & ~storable, t->objsign & ~storable};
    ff_trust_format(&extra, out);
    return extra.ssl || extra.email || extra.objsign;
}

bool ff_trust_equal(const struct ff_trust *a, const struct ff_trust *b)
{
    struct ff_trust na = ff_trust_normalize(a), nb = ff_trust_normalize(b);
    return na.ssl == nb.ssl && na.email == nb.email && na.objsign == nb.objsign;
}

/* Words for one usage of the normalized trust; the first flag that matches wins:
 * C "trusted to identify ...", T (ssl only) "trusted to issue client certificates",
 * P "trusted peer for ...", c "valid CA for ..." (trust comes from its root),
 * p "distrusted for ..."; w, i, g or nothing: the usage is left out. Whole phrases,
 * so that each language can word them its own way. */
enum { USAGE_SSL, USAGE_EMAIL, USAGE_OBJSIGN };
static const struct {
    unsigned flag;
    const char *words[3]; /* ssl, email, objsign */
} usage_phrases[] = {
    {FF_TRUST_TRUSTED_CA,
     {N_("trusted to identify websites"), N_("trusted to identify email users"),
      N_("trusted to identify software publishers")}},
    {FF_TRUST_TRUSTED_CLIENT_CA, {N_("trusted to issue client certificates"), NULL, NULL}},
    {FF_TRUST_TRUSTED,
     {N_("trusted peer for websites"), N_("trusted peer for email"),
      N_("trusted peer for code signing")}},
    {FF_TRUST_VALID_CA,
     {N_("valid CA for websites"), N_("valid CA for email"), N_("valid CA for code signing")}},
    {FF_TRUST_TERMINAL_RECORD,
     {N_("distrusted for websites"), N_("distrusted for email"),
      N_("distrusted for code signing")}},
};

static const char *usage_words(unsigned flags, int usage)
{
    for (size_t i = 0; i < sizeof usage_phrases / sizeof usage_phrases[0]; i++)
        if ((flags & usage_phrases[i].flag) && usage_phrases[i].words[usage])
            return _(usage_phrases[i].words[usage]);
    return NULL;
}

char *ff_trust_describe(const struct ff_trust *t)
{
    struct ff_trust n = ff_trust_normalize(t);
    const char *parts[3] = {usage_words(n.ssl, USAGE_SSL), usage_words(n.email, USAGE_EMAIL),
                            usage_words(n.objsign, USAGE_OBJSIGN)};
    char *out = NULL;
    for (size_t i = 0; i < 3; i++) {
        if (!parts[i])
            continue;
        char *more = out ? xasprintf("%s%s%s", out, _("; "), parts[i]) : xstrdup(parts[i]);
        free(out);
        out = more;
    }
    return out ? out : xstrdup(_("no trust (stored only)"));
}
