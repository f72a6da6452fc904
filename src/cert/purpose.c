/* What a CA is for, by name. */
#include "cert/cert.h"

const char *ff_purpose_name(unsigned purpose)
{
    static const char *const names[FF_PURPOSE_COUNT] = {"client", "smime", "server", "root",
                                                         "cross"};
    for (unsigned i = 0; i < FF_PURPOSE_COUNT; i++)
        if (purpose == 1u << i)
            return names[i];
    return "?";
}
