#!/bin/sh
# The libFuzzer targets over their corpora, no mutation (tests/fuzz/README.md): every
# input that once crashed a parser (tests/fuzz/corpus/NAME/crash-*) stays a test, and
# the seeds keep passing. One line per target. Builds build/fuzz/bin/ first when needed
# (clang, ASan+UBSan, via mk/fuzz.mk); without clang or libFuzzer every target is
# skipped, loudly, with the reason. `make fuzz` is the long run that finds new inputs.
. "$(dirname "$0")/../lib.sh"

# fuzz.sh's functions (crash artifacts of this pass go to build/fuzz/regress/).
FUZZ_SOURCED=1 FUZZ_TOP=$TOP
. "$TOP/tests/fuzz/fuzz.sh"
targets=$(fuzz_targets)
check "there are fuzz targets (tests/fuzz/fuzz_*.c)" [ -n "$targets" ]

if ! why=$(fuzz_toolchain); then
    echo "# SKIPPED: clang/libFuzzer missing: $why"
    for t in $targets; do
        skip "$t: its corpus runs without a crash" "clang/libFuzzer missing: $why"
    done
    finish
    exit
fi

# The Makefile may already include mk/fuzz.mk: it is guarded against a second include.
# -k: a target that does not build fails alone (its line below says so).
if (cd "$TOP" && nice make --no-print-directory -s -k -f Makefile -f mk/fuzz.mk fuzz-build) \
        >"$T/build.log" 2>&1; then
    ok "the fuzz targets build (make fuzz-build)"
else
    not_ok "the fuzz targets build (make fuzz-build)"
    grep -E 'error|Error' "$T/build.log" | head -20 | sed 's/^/# /'
fi

for t in $targets; do
    log=$T/$t.log
    # Never an old binary: it must be up to date with its sources and the library's.
    if ! (cd "$TOP" && make -q -f Makefile -f mk/fuzz.mk "build/fuzz/bin/$t") 2>/dev/null; then
        not_ok "$t: does not build (see the build line above)"
        continue
    fi
    fuzz_regress_one "$TOP/build/fuzz/bin" "$t" "$log"
    rc=$?
    if [ $rc -eq 0 ]; then
        ok "$t: its corpus runs without a crash ($FUZZ_INPUTS inputs)"
    elif [ $rc -eq 2 ]; then
        not_ok "$t: no binary, or no corpus in tests/fuzz/corpus/$t"
    else
        not_ok "$t: crash, leak or sanitizer report on its corpus (exit $rc)"
        { grep '^Running: ' "$log" | tail -1   # the input
          grep -E '^(==[0-9]+==ERROR|SUMMARY|==fuzz==|.*runtime error|    #[0-9]+ )' "$log" |
              head -20; } | sed 's/^/# /'
    fi
    # Inputs that still crash until a fix elsewhere lands (tests/fuzz/known-crashes).
    for k in $(fuzz_known "$t"); do
        if fuzz_known_one "$TOP/build/fuzz/bin" "$t" "$k" "$T/$t-known.log"; then
            skip "$t/$k runs without a crash" "known crash, fix pending: $(fuzz_known_why "$t" "$k")"
        else
            not_ok "$t/$k no longer crashes: fixed, delete its line from tests/fuzz/known-crashes"
        fi
    done
done
finish
