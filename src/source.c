/* Turning SOURCE into a decoded bundle, once per run. Today a file; URLs and
 * catalogue names come with the download issue. */
#include "ffcert/cli.h"

#include <stdlib.h>

#include "ffcert/nssdb.h"

/* A certificate file is small; anything larger is not one. */
#define SOURCE_MAX_BYTES (1024 * 1024)

int ff_load_source(const char *source, struct ff_bundle *out)
{
    unsigned char *data = NULL;
    size_t len = 0;
    char *err = NULL;
    if (ff_read_file(source, SOURCE_MAX_BYTES, &data, &len, &err) != 0) {
        ff_error("%s", err);
        free(err);
        return FF_EXIT_USAGE;
    }
    int rc = ff_nss_decode(data, len, out, &err);
    free(data);
    if (rc != 0) {
        ff_error("%s: %s", source, err);
        free(err);
        return FF_EXIT_USAGE;
    }
    out->origin = xstrdup(source);
    return 0;
}
