#!/bin/sh
# Who runs what, for every command (cli/targets.c, sys/worker.c), as root with
# throwaway accounts:
# A. doctor and profiles go through the same target collection as import: --all-users,
#    a home of someone else's worked on as its owner (doctor --fix too), -j, rows
#    tagged with "user" (import --home of another user's too);
# B. a path one of whose parts (a symbolic link) belongs to a user is worked on with
#    that user's rights, never root's; parts of two users: refused;
# C. one user cannot stop the run for everyone: a FIFO as profiles.ini or key4.db, a
#    worker stopped with SIGSTOP (killed after the time limit, reported "timed out");
# D. primary-password prompts under -j come one at a time from the parent, without
#    echo, each naming its database, each answer going to the database it names;
# E. SIGTERM, SIGINT or SIGKILL to the parent alone stops the workers at the next
#    database boundary; status 128+signal and a last line saying "interrupted";
# F. an unreadable home is a failed row; a password file over 4096 bytes is read (its
#    first line, as certutil does); FFCERT_PASSWD_FILE exists in the test build only.
# certutil is the oracle; root's files are proven unchanged byte for byte.
#
# Needs root (useradd/userdel/setpriv); without it everything skips, loudly.
. "$(dirname "$0")/../lib.sh"

R=$(cd "$T" && pwd -P)
FAULTS="$TOP/build/tests/ffcert-faults"

. "$TOP/tests/users.sh"
BG=""
cleanup() {
    for p in $BG; do kill -KILL "$p" 2>/dev/null; done
    # Workers of a run stopped on purpose: only those of this test's own binary copy.
    for p in $(pgrep -f "$R/bin/" 2>/dev/null); do kill -KILL "$p" 2>/dev/null; done
    users_cleanup
    chmod -R u+rwX "$R" 2>/dev/null
    rm -rf "$T"
}
trap cleanup EXIT
trap 'exit 130' INT TERM HUP

# ---- helpers ----------------------------------------------------------------------------

json() { printf '%s' "$OUT" | python3 -c "import json,sys; d=json.load(sys.stdin); print($1)"; }

# wait_until SECONDS CMD...: polls CMD every 50 ms; false if it never succeeds.
wait_until() {
    _end=$(($(date +%s) + $1))
    shift
    while ! "$@"; do
        [ "$(date +%s)" -ge "$_end" ] && return 1
        sleep 0.05
    done
}

if [ "$(id -u)" -ne 0 ]; then
    skip "runner: users, ownership, FIFOs, signals" "not root"
    finish
    exit $?
fi
A="ffrn-a-$$" B="ffrn-b-$$" C="ffrn-c-$$"
mkdir -p "$R/homes" "$R/bin"
chmod 755 "$R/homes"
if ! new_user "$A" || ! new_user "$B" || ! new_user "$C"; then
    skip "runner: users, ownership, FIFOs, signals" "useradd does not work here"
    finish
    exit $?
fi
if ! as "$A" true; then
    skip "runner: users, ownership, FIFOs, signals" "setpriv cannot become a throwaway account"
    finish
    exit $?
fi
HA="$R/homes/$A" HB="$R/homes/$B" HC="$R/homes/$C"
user_home "$A" firefox-classic
user_home "$B" firefox-classic
user_home "$C" firefox-classic
FA="$HA/.mozilla/firefox"
passwd_file "$R/passwd-ab" "$A" "$B"
passwd_file "$R/passwd-abc" "$A" "$B" "$C"

# A small PKI for doctor: a client certificate whose intermediate the profile lacks,
# and a root-only database holding a secret client certificate.
P="$R/pki"
pki_dir "$P"
{
    pki_root root "/O=Runner Test/CN=Runner Root" &&
        pki_issue inter "/O=Runner Test/CN=Runner Issuing CA" root ca &&
        pki_issue client "/O=Runner Test/CN=Runner Client" inter client &&
        pki_issue secret "/O=Runner Test/CN=Secret Root Client" inter client &&
        pki_p12 client && pki_p12 secret
} || bail_out "openssl could not make the test PKI" "$P/openssl.log"
chmod -R a+rX "$P"
INTER_NICK="Runner Issuing CA - Runner Test"

# Root's own databases: one any user may read but not write, one only root may read
# (holding a client certificate).
ROOTDB="$R/rootdb" ROOTONLY="$R/rootonly"
new_db "$ROOTDB"
chmod 755 "$ROOTDB"
chmod 644 "$ROOTDB"/*
new_db "$ROOTONLY"
pk12util -i "$P/secret.p12" -d "sql:$ROOTONLY" -W x >/dev/null
chmod 700 "$ROOTONLY"
ROOTDB_SNAP=$(snapshot "$ROOTDB") ROOTONLY_SNAP=$(snapshot "$ROOTONLY")

# ==== A. doctor and profiles like import ================================================

run_users "$R/passwd-ab" profiles --all-users --json
expect_rc "profiles --all-users" 0
equals "profiles --all-users: each user's databases, tagged" \
    "$(json "[x.get('user') for x in d['databases']]")" "['$A', '$A', '$B', '$B']"
run_users "$R/passwd-ab" profiles --all-users
contains "profiles --all-users text: a heading for each user" "$OUT" "User $A"
contains "profiles --all-users text: ... and the other" "$OUT" "User $B"

# Alice's profile has her client certificate without its intermediate.
CP="$FA/abcd1234.default-release"
as "$A" pk12util -i "$P/client.p12" -d "sql:$CP" -W x >/dev/null
as "$A" certutil -A -d "sql:$CP" -n "Runner Root" -t "C,," -i "$P/root.pem"
run_users "$R/passwd-ab" doctor --all-users --json
expect_rc "doctor --all-users: the missing intermediate is a problem" 1
equals "doctor --all-users: rows tagged with their user" \
    "$(json "[x.get('user') for x in d['databases']]")" "['$A', '$A', '$B', '$B']"
equals "doctor --all-users: alice's client certificate found (as alice)" \
    "$(json "[c['subject'] for x in d['databases'] for c in x['user_certificates']]")" \
    "['CN=Runner Client,O=Runner Test']"
run_users "$R/passwd-ab" doctor --all-users
contains "doctor --all-users text: a heading for each user" "$OUT" "User $B"

run doctor --home "$HA" -j 2 --with "$P/inter.pem" --fix
expect_rc "doctor --fix as root on alice's home: fixed, as alice" 0
contains "doctor --fix: says what it imported" "$OUT" "FIXED: imported"
equals "doctor --fix: certutil shows the intermediate c,c," "$(oracle_trust "$CP" "$INTER_NICK")" "c,c,"
equals "doctor --fix: every file in alice's home still hers" "$(find "$HA" ! -user "$A")" ""

run import "$INTER" --home "$HA" --json
expect_rc "root: import --home alice's home" 0
equals "root: import --home alice's home: rows carry \"user\"" \
    "$(json "[x.get('user') for x in d['databases']]")" "['$A', '$A']"

# Alice names root's root-only database in her profiles.ini: doctor, as alice, cannot
# read it, and prints nothing of it.
as "$A" sh -c "cat >>'$FA/profiles.ini'" <<EOF

[Profile2]
Name=roots
IsRelative=0
Path=$ROOTONLY
EOF
run doctor --home "$HA" --json
lacks "doctor --home alice's: root's database not read through her profiles.ini" "$OUT" "Secret Root Client"
equals "doctor --home alice's: root's database cannot be examined" \
    "$(json "[x['error'] is not None for x in d['databases'] if x['path'] == '$ROOTONLY']")" "[True]"
cp "$TOP/test-profiles/firefox-classic/.mozilla/firefox/profiles.ini" "$FA/profiles.ini"
chown "$A" "$FA/profiles.ini"

# ==== B. a path through a user's symbolic link =========================================

as "$A" ln -s "$ROOTDB" "$FA/p1.default"
run import "$INTER" --profile "$FA/p1.default"
expect_rc "import --profile through alice's link to root's database: failed" 1
check "... root's database byte-for-byte unchanged" [ "$(snapshot "$ROOTDB")" = "$ROOTDB_SNAP" ]
equals "... certutil: no CA in root's database" "$(oracle_trust "$ROOTDB" "$NICK")" ""
run status "$INTER" --profile "$FA/p1.default" --json
equals "... the row is tagged with alice" "$(json "d['databases'][0].get('user')")" "$A"
as "$A" ln -s "$ROOTONLY" "$FA/p2.default"
run doctor --profile "$FA/p2.default"
lacks "doctor --profile through alice's link to a root-only database: nothing of it shown" \
    "$OUT" "Secret Root Client"
check "... root-only database unchanged" [ "$(snapshot "$ROOTONLY")" = "$ROOTONLY_SNAP" ]
# Parts of two users: alice's link into bob's folder.
mkdir -p "$R/shared/bobs"
chmod 755 "$R/shared" "$R/shared/bobs"
chown "$B" "$R/shared/bobs"
chmod 755 "$HB" # reachable, for the test
as "$B" ln -s "$HB/.mozilla/firefox/efgh5678.default" "$R/shared/bobs/db"
as "$A" ln -s "$R/shared/bobs/db" "$FA/p3.default"
before=$(snapshot "$HB/.mozilla/firefox/efgh5678.default")
run import "$INTER" --profile "$FA/p3.default" --trust-websites
expect_rc "a path through alice's and bob's links: refused" 1
contains "... the reason names both" "$OUT" "belong to"
check "... bob's database unchanged" [ "$(snapshot "$HB/.mozilla/firefox/efgh5678.default")" = "$before" ]
chmod 700 "$HB"
rm -f "$FA/p1.default" "$FA/p2.default" "$FA/p3.default"

# ==== C. one user cannot stop the run ==================================================

# Bob: a FIFO as key4.db in one profile, a FIFO as the profiles.ini of his XDG place.
FB="$HB/.mozilla/firefox"
as "$B" rm -f "$FB/efgh5678.default/key4.db"
as "$B" mkfifo "$FB/efgh5678.default/key4.db"
as "$B" mkdir -p "$HB/.config/mozilla/firefox"
as "$B" mkfifo "$HB/.config/mozilla/firefox/profiles.ini"
start=$(date +%s)
run_command timeout 60 env FFCERT_PASSWD_FILE="$R/passwd-abc" "$FAULTS" import "$INTER" \
    --all-users --trust-websites --json
took=$(($(date +%s) - start))
expect_rc "FIFOs in bob's home: the run ends, one database failed" 1
check "... at once (${took}s)" [ "$took" -lt 20 ]
equals "... bob's FIFO key4.db: failed, named" \
    "$(json "[x['result'] + ': ' + str('not a regular file' in (x['reason'] or '')) for x in d['databases'] if x['path'] == '$FB/efgh5678.default']")" \
    "['failed: True']"
contains "... bob's FIFO profiles.ini: a warning" "$(json "d['warnings']")" "not a regular file"
equals "... carol (after bob) done: certutil CT,c," \
    "$(oracle_trust "$HC/.mozilla/firefox/abcd1234.default-release" "$NICK")" "CT,c,"
as "$B" rm -f "$FB/efgh5678.default/key4.db" "$HB/.config/mozilla/firefox/profiles.ini"
as "$B" certutil -N -d "sql:$FB/efgh5678.default" --empty-password </dev/null >/dev/null 2>&1

# Bob stops his own worker with SIGSTOP: it is killed after the time limit (2 s in the
# test build), bob's unfinished databases are "timed out", the others are done. Bob
# has 40 profiles and each database takes 300 ms, so that his worker is caught alive.
for i in $(seq 1 40); do
    as "$B" cp -a "$FB/abcd1234.default-release" "$FB/many$i.default"
    printf '\n[Profile%d]\nName=many%d\nIsRelative=1\nPath=many%d.default\n' \
        $((i + 1)) "$i" "$i" | as "$B" sh -c "cat >>'$FB/profiles.ini'"
done
bob_procs() { pgrep -u "$B" -f "$FAULTS" 2>/dev/null; }
env FFCERT_PASSWD_FILE="$R/passwd-abc" FFCERT_TEST_TIME_LIMIT=2 FFCERT_TEST_WORKER_PAUSE=300 \
    timeout 60 "$FAULTS" import "$INTER" --all-users --trust-email --json \
    >"$R/stop.out" 2>"$R/stop.err" &
job=$!
BG="$BG $job"
if wait_until 20 sh -c "[ -n \"\$(pgrep -u '$B' -f '$FAULTS')\" ]"; then
    sleep 0.3
    stopped=$(bob_procs | head -1)
    kill -STOP "$stopped" 2>/dev/null
    start=$(date +%s)
    wait "$job"
    RC=$? OUT=$(cat "$R/stop.out") ERR=$(cat "$R/stop.err")
    took=$(($(date +%s) - start))
    expect_rc "SIGSTOP on bob's worker: the run ends" 1
    check "... soon after the time limit (${took}s)" [ "$took" -lt 30 ]
    contains "... bob's unfinished databases: timed out" \
        "$(json "set(x['reason'] for x in d['databases'] if x['user'] == '$B' and x['result'] == 'failed')")" \
        "timed out"
    equals "... alice and carol done (certutil c,C,)" \
        "$(oracle_trust "$HA/.mozilla/firefox/efgh5678.default" "$NICK") $(oracle_trust "$HC/.mozilla/firefox/efgh5678.default" "$NICK")" \
        "c,C, c,C,"
    equals "... no process of bob's left" "$(bob_procs)" ""
else
    not_ok "SIGSTOP on bob's worker: no worker of bob's seen within 20 s"
fi
kill -KILL "$job" 2>/dev/null
for p in $(bob_procs); do kill -KILL "$p"; done

# ==== D. prompts under -j ==============================================================

PWH="$R/pwhome"
mkdir -p "$PWH/.mozilla/firefox"
printf '[Profile0]\nName=one\nIsRelative=1\nPath=one\n\n[Profile1]\nName=two\nIsRelative=1\nPath=two\n' \
    >"$PWH/.mozilla/firefox/profiles.ini"
printf 'pw-of-one\n' >"$R/pw1"
printf 'pw-of-two\n' >"$R/pw2"
mkdir -p "$PWH/.mozilla/firefox/one" "$PWH/.mozilla/firefox/two"
certutil -N -d "sql:$PWH/.mozilla/firefox/one" -f "$R/pw1" </dev/null >/dev/null 2>&1
certutil -N -d "sql:$PWH/.mozilla/firefox/two" -f "$R/pw2" </dev/null >/dev/null 2>&1
if python3 -c 'import pty, termios' 2>/dev/null; then
    python3 "$TOP/tests/helpers/pty_prompts.py" "Primary password for" 60 "$R/pty.out" \
        "firefox/one=pw-of-one" "firefox/two=pw-of-two" -- \
        "$FFCERT" import "$INTER" --home "$PWH" -j 2 2>"$R/pty.stats"
    RC=$? OUT=$(cat "$R/pty.out") ERR=""
    stats=$(cat "$R/pty.stats")
    echo "# prompts: $stats"
    expect_rc "-j 2, two databases with primary passwords: both done" 0
    contains "... two prompts, never two at once" "$stats" "prompts=2 overlapped=0"
    contains "... echo off at every prompt" "$stats" "echo_on=0"
    contains "... each prompt names its database" "$stats" "unmatched=0"
    lacks "... no password on the screen" "$OUT" "pw-of-"
    equals "... each database got its own password: certutil c,c, in both" \
        "$(oracle_trust "$PWH/.mozilla/firefox/one" "$NICK") $(oracle_trust "$PWH/.mozilla/firefox/two" "$NICK")" \
        "c,c, c,c,"
else
    skip "prompts under -j" "python3 has no pty/termios module"
fi

# ==== E. stopping the parent stops the workers =========================================

# 300 databases, copies of one; a copy of the binary at a path of this test's own, so
# that its processes (the workers are forks) can be found.
SH="$R/stophome"
mkdir -p "$SH/.mozilla/firefox/tpl"
new_db "$SH/.mozilla/firefox/tpl"
: >"$SH/.mozilla/firefox/profiles.ini"
for i in $(seq 1 300); do
    cp -a "$SH/.mozilla/firefox/tpl" "$SH/.mozilla/firefox/p$i"
    printf '[Profile%d]\nName=p%d\nIsRelative=1\nPath=p%d\n\n' $((i - 1)) "$i" "$i" >>"$SH/.mozilla/firefox/profiles.ini"
done
rm -rf "$SH/.mozilla/firefox/tpl"
cp "$FFCERT" "$R/bin/ffcert"
procs() { pgrep -f "$R/bin/ffcert" 2>/dev/null; }
# written: databases whose cert9.db changed since the marker.
written() { find "$SH/.mozilla/firefox" -name cert9.db -newer "$R/marker" | wc -l; }
# stop_run SIGNAL TRUST: an import with -j 2; SIGNAL to the parent alone after the
# first 10 databases are written.
stop_run() {
    touch "$R/marker"
    sleep 0.1
    # (A background job of a script ignores SIGINT; a Ctrl-C'd one does not.)
    env --default-signal=INT "$R/bin/ffcert" import "$INTER" --home "$SH" -j 2 --trust "$2" \
        --json >"$R/stop.out" 2>"$R/stop.err" &
    parent=$!
    BG="$BG $parent"
    wait_until 30 sh -c "[ \$(find '$SH/.mozilla/firefox' -name cert9.db -newer '$R/marker' | wc -l) -ge 10 ]"
    kill "-$1" "$parent"
    wait "$parent"
    RC=$? OUT=$(cat "$R/stop.out") ERR=$(cat "$R/stop.err")
    wait_until 3 sh -c "[ -z \"\$(pgrep -f '$R/bin/ffcert')\" ]"
    left=$(procs | wc -l)
    n1=$(written)
    sleep 1.5
    n2=$(written)
}
for case in "TERM CT,c, 143" "INT c,C, 130" "KILL CT,C, -"; do
    set -- $case
    stop_run "$1" "$2"
    equals "SIG$1 to the parent: no worker left 3 s later" "$left" 0
    equals "SIG$1 to the parent: nothing written after" "$n2" "$n1"
    check "SIG$1 to the parent: it stopped early ($n1 of 300 written)" [ "$n1" -lt 300 ]
    if [ "$3" != - ]; then
        equals "SIG$1 to the parent: exit $3" "$RC" "$3"
        contains "SIG$1 to the parent: the last line says interrupted" \
            "$(printf '%s\n' "$ERR" | tail -1)" "interrupted by SIG$1"
        equals "SIG$1 to the parent: the rows done are exactly the databases written" \
            "$(json "len([x for x in d['databases'] if x['result'] in ('imported', 'updated')])")" "$n1"
        contains "SIG$1 to the parent: the others are reported as interrupted" \
            "$(json "set(x['reason'] for x in d['databases'] if x['result'] == 'failed')")" \
            "the run was interrupted"
    fi
    # Never in the middle of one: every database written has the new trust, per certutil.
    bad=0
    for db in $(find "$SH/.mozilla/firefox" -name cert9.db -newer "$R/marker" -exec dirname {} \;); do
        [ "$(oracle_trust "$db" "$NICK")" = "$2" ] || bad=$((bad + 1))
    done
    equals "SIG$1 to the parent: every database written holds the trust asked (certutil)" "$bad" 0
done

# ==== F. smaller =======================================================================

# A home its own user cannot read: a failed row, not silence.
chmod 000 "$HC"
run_users "$R/passwd-abc" status "$INTER" --all-users --json
chmod 700 "$HC"
equals "a home its user cannot read: a failed row for it" \
    "$(json "[(x['result'], 'cannot read' in x['reason']) for x in d['databases'] if x.get('user') == '$C']")" \
    "[('failed', True)]"

# A password file over 4096 bytes (its line, then blank lines): its first line is the
# password, as certutil takes it.
PB="$R/pwbig"
mkdir -p "$PB"
{ printf 'long-file-pw\n'; head -c 6000 /dev/zero | tr '\0' '\n'; } >"$R/pw-big"
printf 'long-file-pw\n' >"$R/pw-small"
certutil -N -d "sql:$PB" -f "$R/pw-small" </dev/null >/dev/null 2>&1
lacks "certutil takes the 6 kB password file" "$(certutil -K -d "sql:$PB" -f "$R/pw-big" 2>&1)" \
    "could not authenticate"
run import "$INTER" --profile "$PB" --password-file "$R/pw-big"
expect_rc "a 6 kB password file: its first line is the password" 0
equals "... certutil c,c," "$(oracle_trust "$PB" "$NICK")" "c,c,"

# The account list's test hook is in the test build only.
equals "FFCERT_PASSWD_FILE is not in the shipped binary" "$(grep -c FFCERT_PASSWD_FILE "$FFCERT")" 0
check "... but in the test build" grep -q FFCERT_PASSWD_FILE "$FAULTS"

finish
