#!/bin/sh
# Safety: primary passwords (file, terminal, wrong, missing), running programs
# (.parentlock, --skip-running, a busy SQLite database), legacy cert8.db profiles,
# --all-users as root with throwaway accounts and planted attacks, and no progress
# noise on a non-terminal stderr. certutil is the oracle; untouched databases are
# proven byte-for-byte with snapshot.
#
# Needs root (useradd/userdel/setpriv); parts that cannot work say "# SKIP why".
. "$(dirname "$0")/../lib.sh"

OTHER="$CERTS/other-ca.pem"
R=$(cd "$T" && pwd -P)
NOBODY="setpriv --reuid=65534 --regid=65534 --clear-groups"
PTY="$TOP/tests/helpers/pty_answer.py"

# ---- clean-up: throwaway accounts, background holders, then $T ------------------------

. "$TOP/tests/users.sh"
HOLDERS=""
cleanup() {
    for p in $HOLDERS; do kill "$p" 2>/dev/null; done
    users_cleanup
    rm -rf "$T"
}
trap cleanup EXIT
trap 'exit 130' INT TERM HUP

# ---- local helpers ------------------------------------------------------------------



json() { # json EXPR: a Python expression on the last run's stdout as `d`
    printf '%s' "$OUT" | python3 -c "import json,sys; d=json.load(sys.stdin); print($1)"
}

# wait_for FILE: up to 10 s for a background helper to say it is ready.
wait_for() {
    i=0
    while [ ! -e "$1" ] && [ $i -lt 100 ]; do sleep 0.1; i=$((i + 1)); done
    [ -e "$1" ]
}

# db_readable DIR: certutil -L can open and list the database.
db_readable() { certutil -L -d "sql:$1" >/dev/null 2>&1; }

# pw_db DIR: a database with primary password "sekret", as Firefox's dialog makes it.
printf 'sekret\n' >"$R/pw"
printf 'not-it\n' >"$R/wrong-pw"
pw_db() {
    mkdir -p "$1"
    certutil -N -d "sql:$1" -f "$R/pw" </dev/null >/dev/null
}

# fill_home DIR SKELETON: a copy of test-profiles/SKELETON with a database everywhere.
fill_home() {
    mkdir -p "$1"
    cp -a "$TOP/test-profiles/$2/." "$1/"
    find "$1" -name .keep | while read -r k; do new_db "$(dirname "$k")"; done
}

# ==== 1. primary password ==============================================================

P1="$R/pw-1"
pw_db "$P1"
run import "$INTER" --profile "$P1" --password-file "$R/pw" </dev/null
expect_rc "password file: import" 0
equals "password file: row imported" "$(row "$P1" 1)" imported
# With the password key missing NSS stores the certificate but no trust: ",,".
equals "password file: trust really written (certutil c,c,)" "$(oracle_trust "$P1" "$NICK")" "c,c,"

P2="$R/pw-2"
pw_db "$P2"
before=$(snapshot "$P2")
run import "$INTER" --profile "$P2" --password-file "$R/wrong-pw" </dev/null
expect_rc "wrong password" 1
equals "wrong password: row skipped" "$(row "$P2" 1)" skipped
contains "wrong password: reason says so" "$(reason "$P2")" "wrong primary password"
one_line "wrong password: one line on stderr"
check "wrong password: database byte-for-byte unchanged" [ "$(snapshot "$P2")" = "$before" ]
equals "wrong password: certutil sees nothing" "$(oracle_count "$P2")" 0

# No password and no terminal, next to a database without one.
PLAIN="$R/plain-1"
new_db "$PLAIN"
run import "$INTER" --profile "$P2" --profile "$PLAIN" </dev/null
expect_rc "no password, stdin not a terminal" 1
equals "no password: protected row skipped" "$(row "$P2" 1)" skipped
contains "no password: reason says --password-file" "$(reason "$P2")" "use --password-file"
check "no password: database byte-for-byte unchanged" [ "$(snapshot "$P2")" = "$before" ]
equals "no password: the database without one is imported" "$(row "$PLAIN" 1)" imported
equals "no password: certutil c,c, in the one without" "$(oracle_trust "$PLAIN" "$NICK")" "c,c,"
contains "no password: summary" "$OUT" "2 databases: 1 imported, 1 skipped."
contains "no password: stderr names the skipped database" "$ERR" "$P2: skipped"

# The same file given, both kinds in one run: the password is used only where needed.
P3="$R/pw-3" PLAIN2="$R/plain-2"
pw_db "$P3"
new_db "$PLAIN2"
run import "$INTER" --profile "$P3" --profile "$PLAIN2" --password-file "$R/pw" </dev/null
expect_rc "password file, one protected and one plain database" 0
equals "mixed: protected c,c," "$(oracle_trust "$P3" "$NICK")" "c,c,"
equals "mixed: plain c,c," "$(oracle_trust "$PLAIN2" "$NICK")" "c,c,"

# Trust update and removal need the password too.
before=$(snapshot "$P1")
run import "$INTER" --profile "$P1" --trust-websites </dev/null
expect_rc "update without password" 1
check "update without password: unchanged" [ "$(snapshot "$P1")" = "$before" ]
run import "$INTER" --profile "$P1" --trust-websites --password-file "$R/pw" </dev/null
expect_rc "update with password" 0
equals "update with password: certutil CT,c," "$(oracle_trust "$P1" "$NICK")" "CT,c,"
before=$(snapshot "$P1")
run remove "$INTER" --profile "$P1" --password-file "$R/wrong-pw" </dev/null
expect_rc "remove with the wrong password" 1
equals "remove, wrong password: skipped" "$(row "$P1" 1)" skipped
check "remove, wrong password: unchanged" [ "$(snapshot "$P1")" = "$before" ]
run remove "$INTER" --profile "$P1" --password-file "$R/pw" </dev/null
expect_rc "remove with password" 0
equals "remove with password: row removed" "$(row "$P1" 1)" removed
equals "remove with password: certutil no longer has it" "$(oracle_trust "$P1" "$NICK")" ""

# On a terminal: asked once, naming the profile, without echo.
P4="$R/pw-4"
pw_db "$P4"
if python3 -c 'import pty, termios' 2>/dev/null; then
    python3 "$PTY" "Primary password for" sekret 30 "$R/pty-out" -- \
        "$FFCERT" import "$INTER" --profile "$P4"
    RC=$? OUT=$(cat "$R/pty-out") ERR=""
    expect_rc "terminal: typed password" 0
    contains "terminal: the prompt names the profile" "$OUT" "Primary password for $P4"
    equals "terminal: row imported" "$(row "$P4" 1)" imported
    equals "terminal: certutil c,c," "$(oracle_trust "$P4" "$NICK")" "c,c,"
    lacks "terminal: the password is not echoed" "$OUT" "sekret"
    # A wrong one typed: skipped, not asked again.
    P5="$R/pw-5"
    pw_db "$P5"
    before=$(snapshot "$P5")
    python3 "$PTY" "Primary password for" guess 30 "$R/pty-out" -- \
        "$FFCERT" import "$INTER" --profile "$P5"
    RC=$? OUT=$(cat "$R/pty-out")
    expect_rc "terminal: wrong password typed" 1
    equals "terminal, wrong: row skipped" "$(row "$P5" 1)" skipped
    equals "terminal, wrong: asked once" "$(printf '%s\n' "$OUT" | grep -c 'Primary password for')" 1
    check "terminal, wrong: unchanged" [ "$(snapshot "$P5")" = "$before" ]
else
    skip "terminal prompt" "python3 has no pty/termios module"
fi

# ==== 2. running program, busy database ================================================

H2="$R/running"
fill_home "$H2" firefox-classic
LOCKED="$H2/.mozilla/firefox/abcd1234.default-release"
# shellcheck disable=SC2088 # ffcert shows paths under --home with a literal "~"
LOCKED_SHOWN='~/.mozilla/firefox/abcd1234.default-release'
FREE="$H2/.mozilla/firefox/efgh5678.default"
: >"$LOCKED/.parentlock"
python3 -c '
import fcntl, sys, time
f = open(sys.argv[1], "r+"); fcntl.lockf(f, fcntl.LOCK_EX)
open(sys.argv[2], "w").close(); time.sleep(60)' "$LOCKED/.parentlock" "$R/locked" &
holder=$!
HOLDERS="$HOLDERS $holder"
if wait_for "$R/locked"; then
    run profiles --home "$H2" --json
    equals "running: profiles --json in_use" \
        "$(json "[x['in_use'] for x in d['databases']]")" "[True, False]"
    run import "$INTER" --home "$H2"
    expect_rc "running: import still happens" 0
    equals "running: certutil c,c, in the running profile" "$(oracle_trust "$LOCKED" "$NICK")" "c,c,"
    contains "running: says to restart" "$(reason "$LOCKED_SHOWN")" \
        "restart"
    # --skip-running: the trust update is not done there, done elsewhere.
    before=$(snapshot "$LOCKED")
    run import "$INTER" --home "$H2" --trust-websites --skip-running
    expect_rc "--skip-running" 1
    equals "--skip-running: running profile skipped" \
        "$(row "$LOCKED_SHOWN" 1)" skipped
    contains "--skip-running: reason" "$(reason "$LOCKED_SHOWN")" \
        "--skip-running"
    check "--skip-running: running profile byte-for-byte unchanged" \
        [ "$(snapshot "$LOCKED")" = "$before" ]
    equals "--skip-running: the other profile updated" "$(oracle_trust "$FREE" "$NICK")" "CT,c,"
else
    skip "running program" "the python3 lock holder did not start"
fi
kill "$holder" 2>/dev/null
wait "$holder" 2>/dev/null

# Busy: another process holds an exclusive SQLite transaction on cert9.db for 2.5 s.
BUSY="$R/busy"
new_db "$BUSY"
certutil -A -d "sql:$BUSY" -n other -t "C,," -i "$OTHER"
python3 -c '
import sqlite3, sys, time
c = sqlite3.connect(sys.argv[1] + "/cert9.db", isolation_level=None)
c.execute("BEGIN EXCLUSIVE")
open(sys.argv[2], "w").close()
time.sleep(2.5)
c.execute("ROLLBACK")
c.close()' "$BUSY" "$R/busy-held" &
holder=$!
HOLDERS="$HOLDERS $holder"
if wait_for "$R/busy-held"; then
    start=$(date +%s)
    run import "$INTER" --profile "$BUSY"
    took=$(($(date +%s) - start))
    wait "$holder" 2>/dev/null
    expect_rc "busy database: waits and succeeds" 0
    equals "busy database: row imported" "$(row "$BUSY" 1)" imported
    equals "busy database: certutil c,c," "$(oracle_trust "$BUSY" "$NICK")" "c,c,"
    check "busy database: certutil -L still works" db_readable "$BUSY"
    equals "busy database: the other certificate still there" \
        "$(oracle_trust "$BUSY" other)" "C,,"
    echo "# busy database: ffcert took ${took}s"
else
    skip "busy database" "the python3 sqlite3 holder did not start"
fi
kill "$holder" 2>/dev/null
wait "$holder" 2>/dev/null

# Held longer than every retry (about 13 s) by a program that also holds the profile's
# .parentlock, as Firefox does: busy, not "bad database" (not corrupt), by whom, and
# the database is left as it was.
LONG="$R/busy-long"
new_db "$LONG"
certutil -A -d "sql:$LONG" -n other -t "C,," -i "$OTHER"
python3 -c '
import fcntl, sqlite3, sys, time
lock = open(sys.argv[1] + "/.parentlock", "w"); fcntl.lockf(lock, fcntl.LOCK_EX)
c = sqlite3.connect(sys.argv[1] + "/cert9.db", isolation_level=None)
c.execute("BEGIN EXCLUSIVE")
open(sys.argv[2], "w").close()
time.sleep(60)' "$LONG" "$R/long-held" &
holder=$!
HOLDERS="$HOLDERS $holder"
if wait_for "$R/long-held"; then
    before=$(snapshot "$LONG")
    run import "$INTER" --profile "$LONG"
    kill "$holder" 2>/dev/null
    wait "$holder" 2>/dev/null
    expect_rc "busy past the retries: the run fails" 1
    equals "busy past the retries: row failed" "$(row "$LONG" 1)" failed
    contains "busy past the retries: says busy" "$ERR" "database busy"
    contains "busy past the retries: names the holder" "$ERR" "PID $holder, python3"
    contains "busy past the retries: names the profile's user" "$ERR" \
        "the profile is open in PID $holder, python3"
    lacks "busy past the retries: not called bad" "$ERR" "bad database"
    one_line "busy past the retries: one line on stderr"
    check "busy past the retries: byte-for-byte unchanged" [ "$(snapshot "$LONG")" = "$before" ]
    equals "busy past the retries: certutil still reads it" "$(oracle_trust "$LONG" other)" "C,,"
else
    skip "busy past the retries" "the python3 sqlite3 holder did not start"
fi
kill "$holder" 2>/dev/null
wait "$holder" 2>/dev/null

# ==== 3. legacy cert8.db ===============================================================

H3="$R/legacy"
LEG="$H3/.mozilla/firefox/old12345.default"
# shellcheck disable=SC2088
LEG_SHOWN='~/.mozilla/firefox/old12345.default'
mkdir -p "$LEG"
printf '[Profile0]\nName=old\nIsRelative=1\nPath=old12345.default\nDefault=1\n' \
    >"$H3/.mozilla/firefox/profiles.ini"
if certutil -N -d "dbm:$LEG" --empty-password </dev/null >"$R/dbm-err" 2>&1 &&
    [ -f "$LEG/cert8.db" ] &&
    certutil -A -d "dbm:$LEG" -n other -t "C,," -i "$OTHER" >>"$R/dbm-err" 2>&1; then
    run profiles --home "$H3" --json
    equals "legacy: format" "$(json "d['databases'][0]['format']")" legacy
    before=$(snapshot "$LEG")
    run import "$INTER" --home "$H3"
    expect_rc "legacy: import without --migrate-legacy" 1
    equals "legacy: skipped" "$(row "$LEG_SHOWN" 1)" skipped
    contains "legacy: reason names --migrate-legacy" \
        "$(reason "$LEG_SHOWN")" "--migrate-legacy"
    check "legacy: no cert9.db created" [ ! -e "$LEG/cert9.db" ]
    check "legacy: byte-for-byte unchanged" [ "$(snapshot "$LEG")" = "$before" ]
    run import "$INTER" --home "$H3" --migrate-legacy
    expect_rc "legacy: --migrate-legacy" 0
    equals "legacy: --migrate-legacy imported" "$(row "$LEG_SHOWN" 1)" \
        imported
    check "legacy: cert9.db now exists" [ -f "$LEG/cert9.db" ]
    equals "legacy: migrated certificate kept (certutil sql: C,,)" \
        "$(oracle_trust "$LEG" other)" "C,,"
    equals "legacy: the new CA (certutil sql: c,c,)" "$(oracle_trust "$LEG" "$NICK")" "c,c,"
    run profiles --home "$H3" --json
    equals "legacy: now sql" "$(json "d['databases'][0]['format']")" sql
else
    skip "legacy cert8.db" "certutil cannot make a dbm: database here: $(head -1 "$R/dbm-err")"
fi

# ==== 4. --all-users ===================================================================

# modes HOME: "path mode owner" of every database file, to compare before and after.
modes() { find "$1" \( -name cert9.db -o -name key4.db \) -exec stat -c '%n %a %U' {} + | sort; }

A="ffct-alice-$$" B="ffct-bob-$$" C="ffct-carol-$$"
mkdir -p "$R/homes"
chmod 755 "$R/homes"
if [ "$(id -u)" -ne 0 ]; then
    skip "--all-users" "not root"
elif ! new_user "$A" || ! new_user "$B" || ! new_user "$C"; then
    skip "--all-users" "useradd does not work here"
elif ! as "$A" true; then
    skip "--all-users" "setpriv cannot become a throwaway account"
else
    HA="$R/homes/$A" HB="$R/homes/$B" HC="$R/homes/$C"
    user_home "$A" firefox-classic
    user_home "$B" everything
    user_home "$C" firefox-classic
    ndb_a=$(find "$HA" -name cert9.db | wc -l)
    ndb_b=$(find "$HB" -name cert9.db | wc -l)
    equals "--all-users: databases made as the users" \
        "$ndb_a $ndb_b $(find "$HA" "$HB" "$HC" ! -user "$A" ! -user "$B" ! -user "$C" | wc -l)" \
        "2 9 0"
    modes_before=$(modes "$R/homes")
    passwd_file "$R/passwd-ab" "$A" "$B"

    run_users "$R/passwd-ab" import "$INTER" --all-users --json
    expect_rc "--all-users --json" 0
    equals "--all-users --json: every row imported" \
        "$(json "sorted(set(x['result'] for x in d['databases']))")" "['imported']"
    equals "--all-users --json: rows per user" \
        "$(json "[x.get('user') for x in d['databases']].count('$A'), [x.get('user') for x in d['databases']].count('$B')")" \
        "$ndb_a $ndb_b"
    n=0
    for db in $(find "$HA" "$HB" -name cert9.db -exec dirname {} \;); do
        [ "$(oracle_trust "$db" "$NICK")" = "c,c," ] && n=$((n + 1))
    done
    equals "--all-users: certutil c,c, in every database of every user" "$n" $((ndb_a + ndb_b))
    n=0
    for db in $(find "$HC" -name cert9.db -exec dirname {} \;); do
        [ -n "$(oracle_trust "$db" "$NICK")" ] && n=$((n + 1))
    done
    equals "--all-users: carol (not in the passwd file) untouched" "$n" 0
    equals "--all-users: nothing owned by root in the homes" "$(find "$HA" "$HB" -user root)" ""
    equals "--all-users: modes and owners of cert9.db/key4.db unchanged" \
        "$(modes "$R/homes")" "$modes_before"

    run_users "$R/passwd-ab" import "$INTER" --all-users
    expect_rc "--all-users again" 0
    contains "--all-users again: all unchanged" "$OUT" \
        "$((ndb_a + ndb_b)) databases: $((ndb_a + ndb_b)) unchanged."
    contains "--all-users text: header for alice" "$OUT" "User $A"
    contains "--all-users text: header for bob" "$OUT" "User $B"
    equals "--all-users text: rows grouped under headers" \
        "$(printf '%s\n' "$OUT" | awk '/^User /{u=$2} /^unchanged /{print u}' | uniq -c |
            awk '{print $1}' | tr '\n' ' ')" "$ndb_a $ndb_b "
    equals "--all-users again: nothing owned by root" "$(find "$HA" "$HB" -user root)" ""

    # Not root.
    run_nobody() {
        $NOBODY "$FFCERT" "$@" >"$T/out" 2>"$T/err"
        RC=$? OUT=$(cat "$T/out") ERR=$(cat "$T/err")
    }
    run_nobody import "$INTER" --all-users
    expect_rc "--all-users as uid 65534" 2
    one_line "--all-users as uid 65534: one line"
    contains "--all-users as uid 65534: needs root" "$ERR" "needs root"

    # Root with --home of a user: the work is done as that user.
    run import "$INTER" --home "$HA" --trust-websites
    expect_rc "root --home alice's home" 0
    equals "root --home: certutil CT,c," \
        "$(oracle_trust "$HA/.mozilla/firefox/abcd1234.default-release" "$NICK")" "CT,c,"
    equals "root --home: every file still alice's" "$(find "$HA" ! -user "$A")" ""
    run import "$INTER" --profile "$HA/.mozilla/firefox/efgh5678.default" --trust c,c,
    expect_rc "root --profile in alice's home" 0
    equals "root --profile: every file still alice's" "$(find "$HA" ! -user "$A")" ""

    # ---- planted attacks in carol's home --------------------------------------------
    FF="$HC/.mozilla/firefox"
    printf 'known secret\n' >"$R/secret"
    chmod 600 "$R/secret"
    secret_before=$(stat -c '%U %a %s' "$R/secret")$(sha256sum <"$R/secret")
    mkdir -p "$R/rootdb"
    new_db "$R/rootdb"
    certutil -A -d "sql:$R/rootdb" -n other -t "C,," -i "$OTHER"
    chmod 755 "$R/rootdb"
    rootdb_before=$(snapshot "$R/rootdb")
    # (a) cert9.db a symlink to root's file, next to a real key4.db.
    as "$C" mkdir "$FF/link1111.default"
    as "$C" certutil -N -d "sql:$FF/link1111.default" --empty-password </dev/null >/dev/null
    as "$C" ln -sf "$R/secret" "$FF/link1111.default/cert9.db"
    # (b) an absolute Path into /root that does not exist.
    ROOTPATH="/root/ffcert-test-$$"
    # (c) profile folders that are symlinks to root's database: relative and absolute.
    as "$C" ln -s "$R/rootdb" "$FF/dirl2222.default"
    as "$C" ln -s "$R/rootdb" "$HC/elsewhere-db"
    as "$C" sh -c "cat >>'$FF/profiles.ini'" <<EOF

[Profile2]
Name=link
IsRelative=1
Path=link1111.default

[Profile3]
Name=rootpath
IsRelative=0
Path=$ROOTPATH

[Profile4]
Name=dirlink
IsRelative=1
Path=dirl2222.default

[Profile5]
Name=dirlink-abs
IsRelative=0
Path=$HC/elsewhere-db
EOF
    passwd_file "$R/passwd-c" "$C"
    run_users "$R/passwd-c" import "$INTER" --all-users --json
    expect_rc "attacks: exit 1 (some databases refused)" 1
    printf '%s\n' "$OUT" >"$R/attack.json"
    echo "# attack run rows: $(json "[(x['path'], x['result'], x['reason']) for x in d['databases']]")"
    echo "# attack run warnings: $(json "d['warnings']")"
    # (a)
    equals "attack (a) symlinked cert9.db: failed" \
        "$(json "[x['result'] for x in d['databases'] if x['path'] == '$FF/link1111.default']")" \
        "['failed']"
    equals "attack (a): root's file unchanged (owner, mode, content)" \
        "$(stat -c '%U %a %s' "$R/secret")$(sha256sum <"$R/secret")" "$secret_before"
    equals "attack (a): the user's other profiles still imported" \
        "$(oracle_trust "$FF/abcd1234.default-release" "$NICK") $(oracle_trust "$FF/efgh5678.default" "$NICK")" \
        "c,c, c,c,"
    # (b)
    check "attack (b) IsRelative=0 into /root: nothing created there" [ ! -e "$ROOTPATH" ]
    equals "attack (b): no file of carol's under /root" \
        "$(find /root -maxdepth 3 -user "$C" 2>/dev/null)" ""
    # (c)
    equals "attack (c) profile folder linked to root's database: not imported" \
        "$(json "[x['result'] for x in d['databases'] if x['path'] == '$R/rootdb' and x['result'] not in ('failed', 'skipped')]")" \
        "[]"
    check "attack (c): root's database byte-for-byte unchanged" \
        [ "$(snapshot "$R/rootdb")" = "$rootdb_before" ]
    equals "attack (c): no file of carol's in root's folder" "$(find "$R/rootdb" ! -user root)" ""
    equals "attack (c): certutil: root's database has no new CA" \
        "$(oracle_trust "$R/rootdb" "$NICK")" ""
    equals "attacks: nothing owned by root in carol's home" "$(find "$HC" -user root)" ""
    equals "attacks: no file of carol's outside her home" \
        "$(find "$R" -user "$C" ! -path "$HC" ! -path "$HC/*")" ""
    [ -e "$ROOTPATH" ] && rm -rf "$ROOTPATH"
fi

# ==== 5. progress =====================================================================

H5="$R/progress"
fill_home "$H5" everything
"$FFCERT" import "$INTER" --home "$H5" >"$R/p-out" 2>"$R/p-err"
RC=$?
OUT=$(cat "$R/p-out") ERR=$(cat "$R/p-err")
expect_rc "progress: import over 9 databases" 0
equals "progress: no CR or ESC on a non-terminal stderr" \
    "$(tr -cd '\r\033' <"$R/p-err" | wc -c)" 0
equals "progress: nothing at all on stderr" "$ERR" ""
equals "progress: no CR or ESC on stdout" "$(tr -cd '\r\033' <"$R/p-out" | wc -c)" 0

finish
