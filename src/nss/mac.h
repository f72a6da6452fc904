/* The integrity check that NSS >= 3.114 applies to PKCS#11 3.2 trust objects, for use
 * by nss/records.c on NSS 3.87, which reads those attributes without checking them (it does
 * not know they are authenticated). Part of the NSS layer: call only while nss/records.c has
 * a database open. */
#ifndef FFCERT_NSSMAC_H
#define FFCERT_NSSMAC_H

#include <stdbool.h>
#include <stddef.h>

struct ff_mac_checker;

enum ff_mac_result {
    FF_MAC_VALID,
    FF_MAC_INVALID,   /* wrong, or missing: NSS then cannot read the value at all */
    FF_MAC_UNCHECKED, /* no key to check with (a primary password that was not given,
                         or a key store never initialised): NSS does not check either */
};

/* Opens dir/key4.db read-only. password is the primary password, "" when there is
 * none, or NULL when one is set but unknown. Returns 0, or -1 with *err. */
int ff_mac_open(const char *dir, const char *password, struct ff_mac_checker **out, char **err);

/* Checks the stored MAC of one attribute value of the certificate database's object
 * object_id (its handle without the softoken's type bits). value is the attribute as
 * NSS 3.87 returned it: ulongs come as 4 bytes big-endian (the file's encoding) or 8
 * bytes native. Returns the result, or -1 with *err on a read error. */
int ff_mac_check(struct ff_mac_checker *m, unsigned long object_id, unsigned long type,
                 const void *value, size_t len, bool is_ulong, enum ff_mac_result *result,
                 char **err);

void ff_mac_close(struct ff_mac_checker *m);

#endif
