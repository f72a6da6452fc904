/* What workers and the parent say to each other: one JSON text per line over the
 * worker's socket. Rows (and doctor's looks) cross losslessly. */
#ifndef FFCERT_WIRE_H
#define FFCERT_WIRE_H

#include <stddef.h>

#include "core/rows.h"

/* JSON text of the whole set (new string, one line), and back. Decoding returns 0,
 * or -1 with *out empty: a worker runs as another user, so anything is refused that
 * the parent could not print or free. */
char *ff_rowset_encode(const struct ff_rowset *rs);
int ff_rowset_decode(const char *text, struct ff_rowset *out);

/* The messages of a worker's channel. */
enum ff_msg_kind {
    FF_MSG_ROWS,   /* worker -> parent: rows done (and discovery warnings) */
    FF_MSG_BEGIN,  /* worker -> parent: starting its index-th database (progress) */
    FF_MSG_ASK,    /* worker -> parent: the primary password of path (app), please */
    FF_MSG_ANSWER, /* parent -> worker: the answer (NULL: none) */
};

struct ff_msg {
    enum ff_msg_kind kind;
    struct ff_rowset rows; /* ROWS */
    size_t index;          /* BEGIN */
    char *path, *app;      /* ASK */
    char *answer;          /* ANSWER, or NULL */
};

/* One line of JSON without its '\n' (new string); the answer is wiped from what the
 * encoder used. */
char *ff_msg_encode(const struct ff_msg *m);
/* Returns 0, or -1 (and *m empty) for anything but a well-formed message. */
int ff_msg_decode(const char *line, struct ff_msg *m);
/* Frees what m holds, wiping the answer. */
void ff_msg_clear(struct ff_msg *m);

#endif
