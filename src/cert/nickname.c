/* Firefox's nickname for an imported CA: NSS CERT_MakeCANickname. See nickname.h. */
#include "cert/nickname.h"

#include "util/util.h"

#include <stdlib.h>

/* "firstname - org", or "org" alone; count > 1 appends " #count". */
static char *make_nick(const char *firstname, const char *org, unsigned count)
{
    if (firstname)
        return count > 1 ? xasprintf("%s - %s #%u", firstname, org, count)
                         : xasprintf("%s - %s", firstname, org);
    return count > 1 ? xasprintf("%s #%u", org, count) : xstrdup(org);
}

/* Only NULL means absent (as in NSS, an empty attribute value is still a value). */
char *ff_nickname_base(const char *subject_cn, const char *subject_ou,
                       const char *issuer_o, const char *issuer_dc)
{
    const char *firstname = subject_cn ? subject_cn : subject_ou;
    const char *org = issuer_o ? issuer_o : issuer_dc;
    if (!org) {
        if (firstname) {
            org = firstname;
            firstname = NULL;
        } else {
            org = "Unknown CA";
        }
    }
    return make_nick(firstname, org, 1);
}

/* base already holds "firstname - org" (or "org"), so "base #N" is NSS's
 * "firstname - org #N" (or "org #N"). */
char *ff_nickname_unique(const char *base, bool (*taken)(const char *nick, void *ctx),
                         void *ctx, unsigned max_tries)
{
    for (unsigned count = 1; count <= max_tries; count++) {
        char *nick = make_nick(NULL, base, count);
        if (!taken || !taken(nick, ctx))
            return nick;
        free(nick);
    }
    return NULL;
}
