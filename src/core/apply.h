/* Applying one action (import, status, remove) to one database and deciding the result
 * word. The policy lives here; NSS calls live in the nss/ layer. */
#ifndef FFCERT_APPLY_H
#define FFCERT_APPLY_H

#include <stdbool.h>

#include "cert/cert.h"
#include "disc/discover.h"
#include "cert/trust.h"

enum ff_action { FF_ACTION_IMPORT, FF_ACTION_STATUS, FF_ACTION_REMOVE };

enum ff_result {
    FF_RESULT_IMPORTED,
    FF_RESULT_UPDATED,
    FF_RESULT_UNCHANGED,
    FF_RESULT_REMOVED,
    FF_RESULT_PRESENT,   /* status: there, with the requested trust if one was asked */
    FF_RESULT_MISMATCH,  /* status: there, with another trust than the one asked */
    FF_RESULT_ABSENT,
    FF_RESULT_WOULD_IMPORT, /* --dry-run */
    FF_RESULT_WOULD_UPDATE,
    FF_RESULT_WOULD_REMOVE,
    FF_RESULT_SKIPPED,
    FF_RESULT_FAILED,
    FF_RESULT_NO_DATABASE, /* a discovered profile never used: nothing to do there */
};
#define FF_RESULT_COUNT (FF_RESULT_NO_DATABASE + 1)

/* What the previous databases suggest about the next one (a mass import writes to
 * most; a re-run to none), to choose how to open it. Only a hint: results never
 * depend on it. */
struct ff_apply_hint {
    bool writes_expected;
};

struct ff_request {
    enum ff_action action;
    const struct ff_bundle *bundle;
    struct ff_trust trust; /* requested trust */
    bool trust_given;      /* a TRUST option was given (status checks it only then) */
    const char *nickname;  /* --nickname, or NULL */
    bool dry_run;
    bool skip_running;     /* --skip-running: leave databases of running programs alone */
    bool migrate_legacy;   /* --migrate-legacy: let NSS turn cert8.db into cert9.db */
    /* The primary password for t, or NULL if none can be had (then the database is
     * skipped). Called only for databases that have one, and only to write. The
     * string stays owned by the callback's side. */
    const char *(*password)(const struct ff_target *t, void *ctx);
    void *password_ctx;
    struct ff_apply_hint *hint; /* may be NULL */
};

struct ff_outcome {
    enum ff_result result;
    char *reason;             /* why (failed, skipped) or a note; may be NULL */
    bool had_before;          /* present before */
    struct ff_trust before;
    bool has_after;           /* present afterwards, read back from disk */
    struct ff_trust after;    /* as NSS >= 3.114 (Firefox 153) reads it */
    struct ff_trust after_legacy; /* as older NSS reads it */
    unsigned forms;           /* FF_FORM_* of the trust records stored afterwards */
    char *nickname;           /* of the stored certificate, if present */
    unsigned extras_added;    /* other certificates of the bundle newly stored */
    bool fatal;               /* NSS could not shut down: stop, open nothing more */
};

/* Runs the request on one target. Never exits; every problem becomes a result. */
void ff_apply(const struct ff_request *req, const struct ff_target *t, struct ff_outcome *out);

/* The result as the stable word used in JSON ("imported", "would-import"...). */
const char *ff_result_name(enum ff_result r);

/* The same in the user's language, for text reports. */
const char *ff_result_label(enum ff_result r);

/* True if the result means this database is in the requested state (exit status 0). */
bool ff_result_ok(enum ff_result r, enum ff_action action);

/* True if the result means something was written. */
bool ff_result_changed(enum ff_result r);

void ff_outcome_clear(struct ff_outcome *o);

#endif
