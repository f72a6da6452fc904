/* The doctor's report: text for people, JSON for scripts. */
#ifndef FFCERT_REPORT_DOCTOR_H
#define FFCERT_REPORT_DOCTOR_H

#include <stdbool.h>
#include <stdio.h>

#include "cert/diagnosis.h"
#include "disc/discover.h"
#include "core/doctor.h"
#include "util/util.h"

/* One database as the doctor saw it. */
struct ff_doctor_db {
    struct ff_target target;
    char *error;                /* could not be examined, or NULL */
    struct ff_diagnosis diag;   /* the last look (after --fix, if it fixed anything) */
    struct ff_findings found;   /* findings of the first look */
    struct ff_findings left;    /* findings of the last look */
    struct ff_strv fixes;       /* one line per --fix action taken */
};

void ff_report_doctor_text(FILE *out, const struct ff_doctor_db *dbs, size_t n,
                           const struct ff_candidate *candidates, const char *home, bool fix);
void ff_report_doctor_json(FILE *out, const struct ff_doctor_db *dbs, size_t n,
                           const struct ff_candidate *candidates, bool fix);

#endif
