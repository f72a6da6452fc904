/* Where primary passwords come from: --password-file, or the terminal. Only the
 * parent process ever asks on the terminal: a worker asks the parent (sys/worker.h),
 * which asks a person one database at a time, without echo, naming the database. */
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

/* file may be NULL. Returns 0, or -1 with *err if the file cannot be read. Only its
 * first line counts (certutil's rule), however long the file. */
int ff_password_source_init(struct ff_password_source *ps, const char *file, const char *home,
                            char **err);

/* The password in a --password-file's first bytes, certutil's rule: the bytes before
 * the first CR, LF or NUL. New string. */
char *ff_password_first_line(const unsigned char *data, size_t len);

/* The ff_request password callback: ctx is a struct ff_password_source. */
const char *ff_password_for(const struct ff_target *t, void *ctx);

/* Asks a person on the terminal for the password of the database at path (of
 * program app; user names whose it is, or NULL): a new string to wipe and free, or
 * NULL when nothing was typed or the run is being stopped. */
char *ff_password_prompt(struct ff_password_source *ps, const char *path, const char *app,
                         const char *user);

/* Wipes and frees the secrets. */
void ff_password_source_free(struct ff_password_source *ps);

#endif
