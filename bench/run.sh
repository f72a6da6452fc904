#!/bin/sh
# `make bench`: ffcert against certutil, run side by side on N fresh databases.
# Not a test: it prints medians and ratios. N=1000 by default (N=... to change),
# J = ffcert's -j and xargs -P (default: online CPUs), R runs of each (default 3).
set -eu
top=$(cd "$(dirname "$0")/.." && pwd)
N=${N:-1000} J=${J:-$(nproc)} R=${R:-3}
ffcert="$top/build/ffcert"
cert="$top/tests/data/inter-ca.pem"
nick="ffcert Test Intermediate CA - G4 - ffcert Test PKI"
work=$(mktemp -d "${TMPDIR:-/tmp}/ffcert-bench.XXXXXX")
trap 'rm -rf "$work"' EXIT
cc -O2 -o "$work/floor" "$top/bench/floor.c" $(pkg-config --cflags --libs nss)
openssl x509 -in "$cert" -outform DER -out "$work/cert.der"

# One empty database made by certutil, copied N times for every fresh run.
certutil -N -d "sql:$work/template" --empty-password </dev/null 2>/dev/null ||
    { mkdir -p "$work/template"; certutil -N -d "sql:$work/template" --empty-password </dev/null; }
# Real profiles' databases were written long ago: the copies are synced before a
# timed run, or each tool's first fsync of a database would also write back the
# whole file just copied (and the removed copies' blocks), a cost of the benchmark.
fresh() { # fresh COUNT: $work/dbs/1..COUNT, all empty
    rm -rf "$work/dbs"; mkdir -p "$work/dbs"
    i=1; while [ $i -le "$1" ]; do cp -r "$work/template" "$work/dbs/$i"; i=$((i + 1)); done
    sync
}
dirs() { i=1; while [ $i -le "$1" ]; do echo "$work/dbs/$i"; i=$((i + 1)); done; }
profiles() { dirs "$1" | sed 's/^/--profile /'; }

now() { date +%s.%N; }
# child_cpu FILE: CPU seconds (user + system) of every finished child process so far,
# from the shell's `times` (second line: children and all they waited for). Run in
# this shell, not in $(...), whose subshell has no children yet.
child_cpu() {
    times >"$1.times"
    awk 'NR == 2 { split($1, u, /[ms]/); split($2, s, /[ms]/)
                   print u[1] * 60 + u[2] + s[1] * 60 + s[2] }' "$1.times" >"$1"
}
# once NAME PREPARE COMMAND...: one timed run after PREPARE, added to NAME's wall
# times and CPU times.
once() {
    name=$1 prep=$2; shift 2
    eval "$prep"
    child_cpu "$work/c0"; t0=$(now)
    "$@" >/dev/null 2>&1 || { echo "bench: $name failed" >&2; exit 1; }
    t1=$(now); child_cpu "$work/c1"
    awk -v a="$t0" -v b="$t1" 'BEGIN { print b - a }' >>"$work/times.$name"
    paste "$work/c0" "$work/c1" | awk '{ print $2 - $1 }' >>"$work/cpu.$name"
}
median() { sort -n "$1" | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }
# report NAME...: the medians of each NAME's runs, kept as t_NAME (wall) and
# c_NAME (CPU).
report() {
    printf '%-34s %8s  %19s  %18s\n' "" wall throughput "CPU per database"
    for name in "$@"; do
        wall=$(median "$work/times.$name") cpu=$(median "$work/cpu.$name")
        eval "t_$name=$wall c_$name=$cpu"
        printf '%-34s %8.2f s  %8.1f databases/s  %9.2f ms\n' "$name" "$wall" \
            "$(awk -v n="$N" -v t="$wall" 'BEGIN { print n / t }')" \
            "$(awk -v n="$N" -v c="$cpu" 'BEGIN { print c * 1000 / n }')"
    done
}
# rounds COMMAND: R rounds of COMMAND, which runs each contender once: contenders
# alternate, so a slower or faster spell of the machine falls on all of them.
rounds() { r=0; while [ $r -lt "$R" ]; do "$1"; r=$((r + 1)); done; }

certutil_loop() { dirs "$N" | while read -r d; do certutil -A -d "sql:$d" -n "$nick" -t c,c, -i "$cert"; done; }
certutil_xargs() { dirs "$N" | xargs -P "$J" -I{} certutil -A -d "sql:{}" -n "$nick" -t c,c, -i "$cert"; }
certutil_check() { dirs "$N" | while read -r d; do certutil -L -d "sql:$d" -n "$nick" >/dev/null; done; }

fresh_round() {
    once ffcert_j${J} "fresh $N" "$ffcert" import "$cert" -j "$J" $(profiles "$N")
    once certutil_xargs "fresh $N" certutil_xargs
    once ffcert_j1 "fresh $N" "$ffcert" import "$cert" -j 1 $(profiles "$N")
    once certutil_loop "fresh $N" certutil_loop
    once floor "fresh $N" "$work/floor" "$work/cert.der" $(dirs "$N")
}
rerun_round() {
    once ffcert_rerun ":" "$ffcert" import "$cert" -j "$J" $(profiles "$N")
    once certutil_check ":" certutil_check
    once ffcert_status ":" "$ffcert" status "$cert" -j "$J" $(profiles "$N")
}

echo "ffcert benchmark: N=$N databases, J=$J, median of $R runs; $(date -u '+%Y-%m-%d %H:%M UTC'), $(nproc) CPUs, $(uname -m)"
echo
echo "1. fresh import"
rounds fresh_round
report ffcert_j${J} ffcert_j1 certutil_loop certutil_xargs floor
echo
echo "2. re-run (everything already imported) and 3. status"
fresh "$N"; "$ffcert" import "$cert" $(profiles "$N") >/dev/null
rounds rerun_round
report ffcert_rerun certutil_check ffcert_status
echo
echo "4. peak memory (ffcert -j 1, fresh import)"
fresh "$N"; mem_n=$(/usr/bin/time -f %M "$ffcert" import "$cert" -j 1 $(profiles "$N") 2>&1 >/dev/null | tail -1)
small=$((N / 10)); fresh "$small"
mem_small=$(/usr/bin/time -f %M "$ffcert" import "$cert" -j 1 $(profiles "$small") 2>&1 >/dev/null | tail -1)
printf 'N=%-6s %8s KiB\nN=%-6s %8s KiB\n' "$N" "$mem_n" "$small" "$mem_small"

ratio() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f", a / b }'; }
echo
echo "Ratios (higher is better for ffcert; targets from issue 6 in brackets)"
echo "  fresh import, ffcert -j $J vs xargs -P $J certutil: $(ratio "$t_certutil_xargs" "$(eval echo "\$t_ffcert_j$J")")x  [>= 1.5]"
echo "  fresh import, ffcert -j 1 vs certutil loop:        $(ratio "$t_certutil_loop" "$t_ffcert_j1")x"
echo "  re-run, ffcert -j $J vs certutil -L loop:           $(ratio "$t_certutil_check" "$t_ffcert_rerun")x  [>= 2.5]"
echo "  floor vs ffcert -j 1 (ffcert time / floor time):   $(ratio "$t_ffcert_j1" "$t_floor")x  [<= 1.5]"
echo "  CPU per database, xargs certutil / ffcert -j $J:     $(ratio "$c_certutil_xargs" "$(eval echo "\$c_ffcert_j$J")")x"
echo "  peak memory at N vs N/10:                          $(ratio "$mem_n" "$mem_small")x  [<= 1.10]"
