#!/bin/sh
# Runs the libFuzzer targets (tests/fuzz/README.md). Called by mk/fuzz.mk; sourced by
# tests/integration/fuzz_corpus.sh for its functions (FUZZ_SOURCED=1).
#
#   fuzz.sh toolchain          exit 0 when clang can build a libFuzzer+ASan+UBSan
#                              program, else print why and exit 1
#   fuzz.sh regress BIN_DIR    each target once over its corpus (tests/fuzz/corpus/NAME,
#                              no mutation): one TAP line per target; exit 1 on any crash
#   fuzz.sh fuzz BIN_DIR SECS  each target for SECS seconds (nice, one process), new
#                              inputs in build/fuzz/corpus/NAME, crashes in
#                              build/fuzz/artifacts/NAME/; exit 1 if any crashed
# FUZZ_ONLY="fuzz_a fuzz_b" limits both to those targets.
set -u
FUZZ_TOP=${FUZZ_TOP:-$(cd "$(dirname "$0")/../.." && pwd)}
FUZZ_CC=${FUZZ_CC:-clang}
FUZZ_CORPUS=$FUZZ_TOP/tests/fuzz/corpus
FUZZ_WORK=${FUZZ_WORK:-$FUZZ_TOP/build/fuzz}
# Stop at the first sanitizer report, with its stack; leaks count (LeakSanitizer).
export ASAN_OPTIONS="${ASAN_OPTIONS:-detect_leaks=1:abort_on_error=0:allocator_may_return_null=0}"
export UBSAN_OPTIONS="${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}"

# The targets: one per tests/fuzz/fuzz_*.c, or those named in $FUZZ_ONLY.
fuzz_targets() {
    for f in "$FUZZ_TOP"/tests/fuzz/fuzz_*.c; do
        [ -f "$f" ] || continue
        _fzt=$(basename "$f" .c)
        case " ${FUZZ_ONLY:-$_fzt} " in *" $_fzt "*) echo "$_fzt" ;; esac
    done
}

# fuzz_toolchain: why clang cannot build a fuzzer here (on stdout), or nothing.
fuzz_toolchain() {
    if ! command -v "$FUZZ_CC" >/dev/null 2>&1; then
        echo "$FUZZ_CC not found (apt-get install clang libclang-rt-14-dev)"
        return 1
    fi
    _fzd=$(mktemp -d "${TMPDIR:-/tmp}/ffcert-fuzzcc.XXXXXX") || return 1
    printf 'int LLVMFuzzerTestOneInput(const unsigned char *d, unsigned long n);\n%s\n' \
        'int LLVMFuzzerTestOneInput(const unsigned char *d, unsigned long n) { (void)d; (void)n; return 0; }' \
        >"$_fzd/t.c"
    if ! "$FUZZ_CC" -fsanitize=fuzzer,address,undefined -o "$_fzd/t" "$_fzd/t.c" >"$_fzd/log" 2>&1; then
        echo "$FUZZ_CC cannot link -fsanitize=fuzzer,address,undefined" \
            "(libFuzzer runtime missing: apt-get install libclang-rt-14-dev): $(head -1 "$_fzd/log")"
        rm -rf "$_fzd"
        return 1
    fi
    rm -rf "$_fzd"
    return 0
}

# fuzz_known NAME: the files of NAME's corpus listed in tests/fuzz/known-crashes.
fuzz_known() {
    sed -n "s|^$1/\([^ ]*\).*|\1|p" "$FUZZ_TOP/tests/fuzz/known-crashes" 2>/dev/null
}

# fuzz_known_why NAME FILE: its reason in tests/fuzz/known-crashes.
fuzz_known_why() {
    sed -n "s|^$1/$2  *||p" "$FUZZ_TOP/tests/fuzz/known-crashes" | head -1
}

# fuzz_regress_one BIN_DIR NAME LOG: the target once over every file of its corpus
# but the known crashes (tests/fuzz/known-crashes). Sets FUZZ_INPUTS. Status 0: no
# crash, leak or sanitizer report; 2: no corpus or no binary; else the crash's.
fuzz_regress_one() {
    _fzbin=$1/$2 _fzcorpus=$FUZZ_CORPUS/$2
    _fzknown=$(fuzz_known "$2")
    _fzfiles=$(cd "$_fzcorpus" 2>/dev/null && for f in *; do
        [ -f "$f" ] || continue
        printf '%s\n' "$_fzknown" | grep -qxF -- "$f" || echo "$_fzcorpus/$f"
    done)
    FUZZ_INPUTS=$(printf '%s' "$_fzfiles" | grep -c .)
    [ -x "$_fzbin" ] && [ "$FUZZ_INPUTS" -gt 0 ] || return 2
    mkdir -p "$FUZZ_WORK/regress"
    # Each file run once, nothing mutated or written (file names have no blanks).
    # shellcheck disable=SC2086
    "$_fzbin" -runs=0 -timeout=10 -rss_limit_mb=2048 \
        -artifact_prefix="$FUZZ_WORK/regress/$2-" $_fzfiles >"$3" 2>&1
}

# fuzz_known_one BIN_DIR NAME FILE LOG: status 0 if the known crash FILE still
# crashes NAME, 1 if it no longer does.
fuzz_known_one() {
    mkdir -p "$FUZZ_WORK/regress"
    ! "$1/$2" -runs=0 -timeout=10 -artifact_prefix="$FUZZ_WORK/regress/$2-known-" \
        "$FUZZ_CORPUS/$2/$3" >"$4" 2>&1
}

# fuzz_executions LOG: stat::number_of_executed_units of a libFuzzer log.
fuzz_executions() {
    sed -n 's/^stat::number_of_executed_units: *//p' "$1" | tail -1
}

fuzz_regress() {
    _fzn=0 _fzbad=0
    for t in $(fuzz_targets); do
        _fzn=$((_fzn + 1))
        _fzlog=$FUZZ_WORK/regress/$t.log
        mkdir -p "$FUZZ_WORK/regress"
        fuzz_regress_one "$1" "$t" "$_fzlog"
        _fzrc=$?
        if [ $_fzrc -eq 0 ]; then
            echo "ok $_fzn - $t: $FUZZ_INPUTS corpus inputs, no crash"
        elif [ $_fzrc -eq 2 ]; then
            _fzbad=$((_fzbad + 1))
            echo "not ok $_fzn - $t: no binary in $1 or empty corpus tests/fuzz/corpus/$t"
        else
            _fzbad=$((_fzbad + 1))
            echo "not ok $_fzn - $t: crashed (exit $_fzrc) on its corpus, see $_fzlog"
            { grep '^Running: ' "$_fzlog" | tail -1
              grep -E '^(==[0-9]+==ERROR|SUMMARY|==fuzz==|.*runtime error|    #[0-9]+ )' "$_fzlog" |
                  head -12; } | sed 's/^/# /'
        fi
        for k in $(fuzz_known "$t"); do
            _fzn=$((_fzn + 1))
            if fuzz_known_one "$1" "$t" "$k" "$FUZZ_WORK/regress/$t-$k.log"; then
                echo "ok $_fzn - $t/$k # SKIP known crash, fix pending: $(fuzz_known_why "$t" "$k")"
            else
                _fzbad=$((_fzbad + 1))
                echo "not ok $_fzn - $t/$k no longer crashes: fixed, delete its line from tests/fuzz/known-crashes"
            fi
        done
    done
    echo "1..$_fzn"
    [ $_fzbad -eq 0 ]
}

fuzz_run() {
    _fzbad=""
    for t in $(fuzz_targets); do
        _fzart=$FUZZ_WORK/artifacts/$t _fzwork=$FUZZ_WORK/corpus/$t _fzlog=$FUZZ_WORK/logs/$t.log
        mkdir -p "$_fzart" "$_fzwork" "$FUZZ_WORK/logs"
        _fzdict=
        [ -f "$FUZZ_TOP/tests/fuzz/$t.dict" ] && _fzdict=-dict=$FUZZ_TOP/tests/fuzz/$t.dict
        echo "  FUZZ    $t for $2 s (log: $_fzlog)"
        # New inputs go to the first folder (build/), never into the tree's corpus.
        # shellcheck disable=SC2086
        FUZZ_SKIP_KNOWN=1 nice -n 10 "$1/$t" -max_total_time="$2" -timeout=10 -rss_limit_mb=2048 \
            -print_final_stats=1 -artifact_prefix="$_fzart/" $_fzdict \
            "$_fzwork" "$FUZZ_CORPUS/$t" >"$_fzlog" 2>&1
        _fzrc=$?
        echo "          $(fuzz_executions "$_fzlog") executions, $(find "$_fzwork" -type f | wc -l) inputs in build/fuzz/corpus/$t, exit $_fzrc"
        if [ $_fzrc -ne 0 ]; then
            _fzbad="$_fzbad $t"
            grep -E '^(==[0-9]+==ERROR|SUMMARY|==fuzz==|.*runtime error|artifact_prefix.*Test unit written)' \
                "$_fzlog" | head -8 | sed 's/^/          /'
        fi
    done
    if [ -n "$_fzbad" ]; then
        echo "fuzz: crashes in$_fzbad: minimize with \`build/fuzz/bin/NAME -minimize_crash=1 -runs=10000 FILE\`," \
            "then add it as tests/fuzz/corpus/NAME/crash-WHAT" >&2
        return 1
    fi
}

[ "${FUZZ_SOURCED:-0}" = 1 ] && return 0
case "${1:-}" in
toolchain) why=$(fuzz_toolchain) || { echo "$why"; exit 1; } ;;
regress) fuzz_regress "$2" ;;
fuzz) fuzz_run "$2" "$3" ;;
*) echo "usage: $0 toolchain | regress BIN_DIR | fuzz BIN_DIR SECONDS" >&2; exit 2 ;;
esac
