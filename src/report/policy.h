/* The policy store's report (`ffcert policy`): text for people, JSON for scripts,
 * built from the pieces the databases' report uses (report/report.h). */
#ifndef FFCERT_REPORT_POLICY_H
#define FFCERT_REPORT_POLICY_H

#include <stdio.h>

#include "cert/cert.h"
#include "core/policy.h"

/* What `policy install` or `policy remove` did (or, dry run, would do). */
struct ff_policy_report {
    const char *command;   /* "policy install", "policy remove" */
    bool install;          /* install, else remove */
    const struct ff_bundle *bundle;
    const struct ff_policy_store *store;
    const struct ff_policy_outcome *outcome;
};

void ff_report_policy_change_text(FILE *out, const struct ff_policy_report *r);
void ff_report_policy_change_json(FILE *out, const struct ff_policy_report *r);

/* `policy status`: what policies.json configures and what each Install entry holds. */
void ff_report_policy_status_text(FILE *out, const struct ff_policy_store *s,
                                  const struct ff_policy_status *st);
void ff_report_policy_status_json(FILE *out, const struct ff_policy_store *s,
                                  const struct ff_policy_status *st);

#endif
