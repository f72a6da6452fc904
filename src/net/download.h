/* Downloads with libcurl: the only interface to it. Careful defaults: https with peer
 * and host verification; http:// and file:// only when the caller has a pin to check
 * the bytes against; redirects only to https, at most 5; timeouts; a hard size cap. */
#ifndef FFCERT_DOWNLOAD_H
#define FFCERT_DOWNLOAD_H

#include <stdbool.h>
#include <stddef.h>

/* A certificate is a few KiB; anything bigger is refused while it arrives. */
#define FF_DOWNLOAD_MAX_BYTES (64 * 1024)

struct ff_download_opts {
    const char *cacert;  /* CA bundle file for https, or NULL for the system's */
    long timeout;        /* seconds for the whole transfer */
    bool pinned;         /* the caller checks a fingerprint: http:// and file:// allowed */
};

/* Is this a URL ffcert would fetch at all (https://, http://, file://)? */
bool ff_is_url(const char *s);

/* Fetches url. Returns 0 with *data (malloc'd) and *len, or -1 with *err set to one
 * line naming the cause (without the URL: the caller adds it). */
int ff_download(const char *url, const struct ff_download_opts *o, unsigned char **data,
                size_t *len, char **err);

/* "libcurl/7.88.1 OpenSSL/3.0.x ..." for --version. Static string. */
const char *ff_download_version(void);

#endif
