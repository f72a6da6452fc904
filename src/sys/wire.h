/* The row format workers send back to the parent. */
#ifndef FFCERT_WIRE_H
#define FFCERT_WIRE_H

#include "core/rows.h"

/* JSON text of the whole set (new string), and back. Decoding returns 0 or -1. */
char *ff_rowset_encode(const struct ff_rowset *rs);
int ff_rowset_decode(const char *text, struct ff_rowset *out);

#endif
