/* Firefox's nickname for an imported CA (NSS CERT_MakeCANickname): "<subject CN> -
 * <issuer O>", CN falling back to the subject OU; issuer O falling back to the issuer
 * DC, then to the CN alone, then "Unknown CA". Clashes get " #2", " #3", ... */
#ifndef FFCERT_NICKNAME_H
#define FFCERT_NICKNAME_H

#include <stdbool.h>

/* Any argument may be NULL (attribute absent). New string. */
char *ff_nickname_base(const char *subject_cn, const char *subject_ou,
                       const char *issuer_o, const char *issuer_dc);

/* The first of base, "base #2", "base #3", ... for which taken() is false.
 * Gives up after max_tries (returns NULL). New string. */
char *ff_nickname_unique(const char *base, bool (*taken)(const char *nick, void *ctx),
                         void *ctx, unsigned max_tries);

#endif
