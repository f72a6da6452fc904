/* profiles.ini and installs.ini (src/disc/profiles_ini.c). The input is profiles.ini,
 * then optionally a NUL byte and installs.ini (seeds: the test-profiles skeletons,
 * each profiles.ini + "\0" + its installs.ini). */
#include "fuzz.h"

#include <stdlib.h>
#include <string.h>

#include "disc/profiles_ini.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    char *text = fuzz_cstr(data, size);
    size_t first = strlen(text);
    const char *installs = first < size ? text + first + 1 : NULL;

    struct ff_profiles_ini ini;
    int rc = ff_profiles_ini_parse(text, &ini);
    FUZZ_CHECK(rc == 0 || rc == -1);
    FUZZ_CHECK(ini.n <= FF_PROFILES_INI_MAX_PROFILES);
    FUZZ_CHECK(ini.n == 0 || ini.profiles);
    size_t defaults = 0;
    for (size_t i = 0; i < ini.n; i++) {
        /* Firefox skips a profile without Name= or Path=: so does the parser. */
        FUZZ_CHECK(ini.profiles[i].name && ini.profiles[i].path);
        FUZZ_CHECK(!strpbrk(ini.profiles[i].name, "\r\n") &&
                   !strpbrk(ini.profiles[i].path, "\r\n"));
        defaults += ini.profiles[i].is_default;
    }
    for (size_t i = 0; i < ini.n_warnings; i++)
        FUZZ_CHECK(fuzz_one_line(ini.warnings[i]));
    size_t warnings = ini.n_warnings;

    ff_profiles_ini_apply_installs(&ini, installs);
    FUZZ_CHECK(ini.n_warnings >= warnings && ini.n_warnings <= warnings + 1);
    for (size_t i = warnings; i < ini.n_warnings; i++)
        FUZZ_CHECK(fuzz_one_line(ini.warnings[i]));
    /* installs.ini only adds defaults. */
    size_t after = 0;
    for (size_t i = 0; i < ini.n; i++)
        after += ini.profiles[i].is_default;
    FUZZ_CHECK(after >= defaults);
    if (!installs)
        FUZZ_CHECK(after == defaults && ini.n_warnings == warnings);
    ff_profiles_ini_free(&ini);
    FUZZ_CHECK(ini.n == 0 && !ini.profiles && !ini.warnings);
    free(text);
    return 0;
}
