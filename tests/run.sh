#!/bin/sh
# Runs every unit test binary (cmocka, TAP output) and every integration script
# (tests/integration/*.sh, TAP output via tests/lib.sh), then prints one line:
# "N passed, N failed, N skipped". Exits non-zero on any failure.
# Usage: tests/run.sh [PATTERN]   (runs only tests whose file name contains PATTERN)
set -u
cd "$(dirname "$0")/.."
pattern=${1:-}
log_dir=build/test-logs
mkdir -p "$log_dir"

passed=0 failed=0 skipped=0

count() { # $1: name, $2: log file, $3: exit status
    p=$(grep -aEc '^ok [0-9]+' "$2" | head -1)
    s=$(grep -aEc '^ok [0-9]+.*# SKIP' "$2" | head -1)
    f=$(grep -aEc '^not ok [0-9]+' "$2" | head -1)
    # A shell error in a test script ("name: not found", a bad substitution) means a
    # check did not run: a failure, even if every check that did run passed.
    e=$(grep -aEc '^[^ ]+\.sh: [0-9]+: ' "$2" | head -1)
    f=$((f + e))
    p=$((p - s))
    if [ "$3" -ne 0 ] && [ "$f" -eq 0 ]; then
        echo "not ok - $1 exited with status $3 (see $2)"
        f=1
    fi
    grep -aE '^not ok|# SKIP|^[^ ]+\.sh: [0-9]+: ' "$2" | sed "s|^|$1: |"
    echo "$1: $p passed, $f failed, $s skipped"
    passed=$((passed + p)) failed=$((failed + f)) skipped=$((skipped + s))
}

for t in build/tests/test_*; do
    [ -x "$t" ] || continue
    name=$(basename "$t")
    case "$name" in *"$pattern"*) ;; *) continue ;; esac
    CMOCKA_MESSAGE_OUTPUT=TAP "$t" >"$log_dir/$name.log" 2>&1
    count "$name" "$log_dir/$name.log" $?
done

for t in tests/integration/*.sh; do
    [ -f "$t" ] || continue
    name=$(basename "$t" .sh)
    case "$name" in *"$pattern"*) ;; *) continue ;; esac
    sh "$t" >"$log_dir/$name.log" 2>&1
    count "$name" "$log_dir/$name.log" $?
done

if [ "$skipped" -gt 0 ]; then
    echo "$passed passed, $failed failed, $skipped skipped"
else
    echo "$passed passed, $failed failed"
fi
[ "$failed" -eq 0 ]
