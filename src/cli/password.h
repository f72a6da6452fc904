/* Where primary passwords come from: --password-file, or the terminal. */
#ifndef FFCERT_PASSWORD_H
#define FFCERT_PASSWORD_H

#include <stdbool.h>

#include "disc/discover.h"

struct ff_password_source {
    char *from_file;  /* the first line of --password-file */
    bool interactive; /* stdin and stderr are a terminal: ask per database */
    char *typed;      /* the last answer, wiped on the next question */
    const char *home; /* to name databases as ~/... */
};

/* file may be NULL. Returns 0, or -1 with *err if the file cannot be read. */
int ff_password_source_init(struct ff_password_source *ps, const char *file, const char *home,
                            char **err);

/* The ff_request password callback: ctx is a struct ff_password_source. */
const char *ff_password_for(const struct ff_target *t, void *ctx);

/* Wipes and frees the secrets. */
void ff_password_source_free(struct ff_password_source *ps);

#endif
