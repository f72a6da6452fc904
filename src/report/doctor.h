/* The doctor's report: text for people, JSON for scripts. */
#ifndef FFCERT_REPORT_DOCTOR_H
#define FFCERT_REPORT_DOCTOR_H

#include <stdbool.h>
#include <stdio.h>

#include "cert/diagnosis.h"
#include "core/rows.h"
#include "util/util.h"

/* One row per database, each with doctor's look (core/rows.h: struct ff_doctor_look;
 * a row without one could not be examined: its reason says why), grouped by user. */
void ff_report_doctor_text(FILE *out, const struct ff_rowset *rows, const char *home, bool fix);
void ff_report_doctor_json(FILE *out, const struct ff_rowset *rows,
                           const struct ff_candidate *candidates, bool fix);

#endif
