/* The messages of a worker's channel (src/sys/wire.c: ff_msg_decode): rows, progress,
 * a password asked for, its answer; one JSON text per line. A worker may run as
 * another user, so the parent (root) must take any line. What decodes is encoded
 * again (ff_msg_encode) and must decode to the same message, and encode to the same
 * text. (Written against wire.h as of 2 Dec, 09:00, not yet committed then.) */
#include "fuzz.h"

#include <stdlib.h>
#include <string.h>

#include "sys/wire.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    char *line = fuzz_cstr(data, size);
    struct ff_msg m;
    if (ff_msg_decode(line, &m) != 0) {
        FUZZ_CHECK(m.rows.n == 0 && !m.path && !m.app && !m.answer);
        free(line);
        return 0;
    }
    FUZZ_CHECK(m.kind == FF_MSG_ROWS || m.kind == FF_MSG_BEGIN || m.kind == FF_MSG_ASK ||
               m.kind == FF_MSG_ANSWER);
    if (m.kind == FF_MSG_ASK)
        FUZZ_CHECK(m.path && m.app);
    char *again = ff_msg_encode(&m);
    FUZZ_CHECK(again && !strchr(again, '\n'));
    struct ff_msg back;
    FUZZ_CHECK(ff_msg_decode(again, &back) == 0);
    FUZZ_CHECK(back.kind == m.kind);
    switch (m.kind) {
    case FF_MSG_ROWS:
        FUZZ_CHECK(back.rows.n == m.rows.n && back.rows.warnings.n == m.rows.warnings.n);
        break;
    case FF_MSG_BEGIN:
        FUZZ_CHECK(back.index == m.index);
        break;
    case FF_MSG_ASK:
        FUZZ_CHECK(!strcmp(back.path, m.path) && !strcmp(back.app, m.app));
        break;
    case FF_MSG_ANSWER:
        FUZZ_CHECK((!back.answer && !m.answer) ||
                   (back.answer && m.answer && !strcmp(back.answer, m.answer)));
        break;
    }
    char *third = ff_msg_encode(&back);
    FUZZ_CHECK(!strcmp(again, third));
    free(third);
    free(again);
    ff_msg_clear(&back);
    ff_msg_clear(&m);
    FUZZ_CHECK(m.rows.n == 0 && !m.path && !m.app && !m.answer);
    free(line);
    return 0;
}
