/* `ffcert doctor`: from what a database holds (diagnosis.h) to findings in plain words,
 * each with what to do, and which missing certificate --fix can import. */
#ifndef FFCERT_DOCTOR_H
#define FFCERT_DOCTOR_H

#include <stdbool.h>
#include <stddef.h>
#include <sys/types.h>
#include <time.h>

#include "core/catalog.h"
#include "cert/diagnosis.h"

struct ff_finding {
    const char *code;   /* stable, for JSON: missing-intermediate, user-cert-expired,
                           user-cert-not-yet-valid, intermediate-expired,
                           intermediate-revoked, anchor-trust, untrusted-root */
    char *message;      /* what is wrong, in plain words */
    char *advice;       /* what to do */
    ssize_t fix;        /* the candidate --fix imports, or -1 */
};

struct ff_findings {
    struct ff_finding *v;
    size_t n;
};

/* Judges one database. catalog may be NULL. */
void ff_doctor_judge(const struct ff_diagnosis *d, const struct ff_candidate *candidates,
                     const struct ff_catalog *catalog, time_t now, struct ff_findings *out);

void ff_findings_free(struct ff_findings *f);

#endif
