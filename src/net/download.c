/* The one file that talks to libcurl. */
#include "util/i18n.h"
#include "net/download.h"

#include <curl/curl.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "util/util.h"

#define MAX_REDIRECTS 5L
/* Give up on a server that sends less than 1 byte/s for this long. */
#define LOW_SPEED_SECONDS 10L
#define CONNECT_SECONDS 10L

bool ff_is_url(const char *s)
{
    return !strncasecmp(s, "https://", 8) || !strncasecmp(s, "http://", 7) ||
           !strncasecmp(s, "file://", 7);
}

struct sink {
    unsigned char *data;
    size_t len;
    bool too_big;
};

/* libcurl's own size limit misses chunked bodies and file:// on 7.88: the cap is
 * enforced here, as the bytes arrive. */
static size_t write_body(char *ptr, size_t size, size_t nmemb, void *arg)
{
    struct sink *s = arg;
    size_t n = size * nmemb;
    if (s->len + n > FF_DOWNLOAD_MAX_BYTES) {
        s->too_big = true;
        return 0; /* makes libcurl stop with CURLE_WRITE_ERROR */
    }
    s->data = xrealloc(s->data, s->len + n);
    memcpy(s->data + s->len, ptr, n);
    s->len += n;
    return n;
}

static char *describe_failure(CURL *curl, CURLcode rc, const char *errbuf,
                              const struct sink *s, const char *url, long timeout)
{
    long status = 0, redirects = 0;
    char *effective = NULL;
    curl_easy_getinfo(curl, CURLINFO_RESPONSE_CODE, &status);
    curl_easy_getinfo(curl, CURLINFO_REDIRECT_COUNT, &redirects);
    curl_easy_getinfo(curl, CURLINFO_EFFECTIVE_URL, &effective);
    const char *detail = errbuf[0] ? errbuf : curl_easy_strerror(rc);

    if (s->too_big || rc == CURLE_FILESIZE_EXCEEDED)
        return xasprintf(_("larger than %d KiB: not a certificate"), FF_DOWNLOAD_MAX_BYTES / 1024);
    double elapsed = 0;
    curl_easy_getinfo(curl, CURLINFO_TOTAL_TIME, &elapsed);
    switch (rc) {
    case CURLE_HTTP_RETURNED_ERROR:
        return xasprintf(_("the server answered HTTP %ld"), status);
    case CURLE_OPERATION_TIMEDOUT:
        /* The low-speed limit ends a stalled transfer before the total limit. */
        if (elapsed + 1 < (double)timeout)
            return xasprintf(_("the server sent nothing for %ld s, given up"),
                             timeout < LOW_SPEED_SECONDS ? timeout : LOW_SPEED_SECONDS);
        return xasprintf(_("timed out (limit %ld s; --timeout changes it)"), timeout);
    case CURLE_TOO_MANY_REDIRECTS:
        return xasprintf(_("more than %ld redirects"), MAX_REDIRECTS);
    case CURLE_UNSUPPORTED_PROTOCOL:
        if (redirects > 0 || (effective && strcmp(effective, url) != 0))
            return xasprintf(_("redirected to a non-https address, refused (%s)"), detail);
        return xasprintf(_("protocol refused (%s)"), detail);
    case CURLE_PEER_FAILED_VERIFICATION:
    case CURLE_SSL_CACERT_BADFILE:
        return xasprintf(_("the server's certificate cannot be verified (%s); "
                         "--cacert FILE names a private CA"), detail);
    case CURLE_SSL_CONNECT_ERROR:
        /* OpenSSL refuses TLS 1.0/1.1 and SHA-1 signatures at its default security
         * level: no CA file can help with that. */
        if (strstr(detail, "unsupported protocol") || strstr(detail, "protocol version") ||
            strstr(detail, "legacy sigalg") || strstr(detail, "no protocols available") ||
            strstr(detail, "wrong version number"))
            return xasprintf(_("the server speaks only outdated TLS (an old protocol "
                               "version or signature algorithm), which is refused (%s)"),
                             detail);
        return xasprintf(_("the TLS handshake failed (%s)"), detail);
    default:
        return xstrdup(detail);
    }
}

/* file:// is read here, not by libcurl, whose open() would wait for ever on a FIFO;
 * it is only ever the address given (redirects go to https alone). */
static int read_file_url(const char *url, unsigned char **data, size_t *len, char **err)
{
    CURLU *u = curl_url();
    char *path = NULL;
    int rc = -1;
    if (u && curl_url_set(u, CURLUPART_URL, url, 0) == CURLUE_OK &&
        curl_url_get(u, CURLUPART_PATH, &path, CURLU_URLDECODE) == CURLUE_OK) {
        char *why = NULL;
        rc = ff_read_file(path, FF_DOWNLOAD_MAX_BYTES, data, len, &why);
        if (rc != 0) {
            *err = why;
        } else if (*len == 0) {
            *err = xstrdup(_("empty answer"));
            free(*data);
            rc = -1;
        }
    } else {
        *err = xstrdup(_("not a file:// address ffcert can read"));
    }
    curl_free(path);
    curl_url_cleanup(u);
    return rc;
}

int ff_download(const char *url, const struct ff_download_opts *o, unsigned char **data,
                size_t *len, char **err)
{
    if (!strncasecmp(url, "file://", 7)) {
        if (!o->pinned) {
            *err = xstrdup(_("protocol refused (file:// needs a fingerprint to check)"));
            return -1;
        }
        return read_file_url(url, data, len, err);
    }
    if (curl_global_init(CURL_GLOBAL_DEFAULT) != CURLE_OK) {
        *err = xstrdup(_("cannot initialise libcurl"));
        return -1;
    }
    CURL *curl = curl_easy_init();
    if (!curl) {
        curl_global_cleanup();
        *err = xstrdup(_("cannot initialise libcurl"));
        return -1;
    }
    struct sink s = {0};
    char errbuf[CURL_ERROR_SIZE] = "";
    long connect = o->timeout < CONNECT_SECONDS ? o->timeout : CONNECT_SECONDS;
    long low_speed = o->timeout < LOW_SPEED_SECONDS ? o->timeout : LOW_SPEED_SECONDS;

    curl_easy_setopt(curl, CURLOPT_URL, url);
    curl_easy_setopt(curl, CURLOPT_PROTOCOLS_STR, o->pinned ? "https,http,file" : "https");
    curl_easy_setopt(curl, CURLOPT_REDIR_PROTOCOLS_STR, "https");
    curl_easy_setopt(curl, CURLOPT_FOLLOWLOCATION, 1L);
    curl_easy_setopt(curl, CURLOPT_MAXREDIRS, MAX_REDIRECTS);
    curl_easy_setopt(curl, CURLOPT_FAILONERROR, 1L);
    curl_easy_setopt(curl, CURLOPT_CONNECTTIMEOUT, connect);
    curl_easy_setopt(curl, CURLOPT_TIMEOUT, o->timeout);
    curl_easy_setopt(curl, CURLOPT_LOW_SPEED_LIMIT, 1L);
    curl_easy_setopt(curl, CURLOPT_LOW_SPEED_TIME, low_speed);
    curl_easy_setopt(curl, CURLOPT_MAXFILESIZE_LARGE, (curl_off_t)FF_DOWNLOAD_MAX_BYTES);
    curl_easy_setopt(curl, CURLOPT_SSL_VERIFYPEER, 1L);
    curl_easy_setopt(curl, CURLOPT_SSL_VERIFYHOST, 2L);
    if (o->cacert)
        curl_easy_setopt(curl, CURLOPT_CAINFO, o->cacert);
    curl_easy_setopt(curl, CURLOPT_NOSIGNAL, 1L);
    curl_easy_setopt(curl, CURLOPT_USERAGENT, "ffcert/" FFCERT_VERSION);
    curl_easy_setopt(curl, CURLOPT_ERRORBUFFER, errbuf);
    curl_easy_setopt(curl, CURLOPT_WRITEFUNCTION, write_body);
    curl_easy_setopt(curl, CURLOPT_WRITEDATA, &s);

    CURLcode rc = curl_easy_perform(curl);
    int result = 0;
    if (rc != CURLE_OK) {
        *err = describe_failure(curl, rc, errbuf, &s, url, o->timeout);
        free(s.data);
        result = -1;
    } else if (s.len == 0) {
        *err = xstrdup(_("empty answer"));
        free(s.data);
        result = -1;
    } else {
        *data = s.data;
        *len = s.len;
    }
    curl_easy_cleanup(curl);
    curl_global_cleanup();
    return result;
}

const char *ff_download_version(void)
{
    return curl_version();
}
