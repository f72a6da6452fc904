#!/bin/sh
# Discovery on fake homes copied from test-profiles/, checked end to end: what
# `profiles` lists, and that `import` over a whole home reaches every database
# (checked with certutil -L as the oracle).
. "$(dirname "$0")/../lib.sh"

# home SKELETON: a scratch copy with a database in every profile folder.
home() {
    h="$T/$1"
    cp -a "$TOP/test-profiles/$1/." "$h/"
    find "$h" -name .keep | while read -r k; do new_db "$(dirname "$k")"; done
    echo "$h"
}

json() { # json EXPR: evaluates a Python expression on the last run's stdout as `d`
    printf '%s' "$OUT" | python3 -c "import json,sys; d=json.load(sys.stdin); print($1)"
}

# Every skeleton: the app names ffcert reports.
for pair in firefox-classic:firefox,firefox firefox-xdg:firefox,firefox snap:firefox-snap \
        flatpak:firefox-flatpak thunderbird:thunderbird librewolf:librewolf chromium:chromium; do
    skel=${pair%%:*} want=${pair#*:}
    mkdir -p "$T/$skel"
    h=$(home "$skel")
    run profiles --home "$h" --json
    expect_rc "$skel: profiles" 0
    equals "$skel: apps" "$(json "','.join(x['app'] for x in d['databases'])")" "$want"
    equals "$skel: all sql" "$(json "set(x['format'] for x in d['databases'])")" "{'sql'}"
done

# Defaults as Firefox sees them: Default=1 / [Install...] / installs.ini.
# firefox-esr writes Default=1 on the legacy default and names its own in [Install...]:
# both are defaults of some installation.
run profiles --home "$T/firefox-xdg" --json
equals "xdg: Default=1 and the [Install] default" \
    "$(json "[x['profile'] for x in d['databases'] if x['default']]")" "['default', 'default-esr']"
run profiles --home "$T/firefox-classic"
contains "text shows paths under ~" "$OUT" "~/.mozilla/firefox/abcd1234.default-release"
contains "text marks the default" "$OUT" "(firefox, default)"

# The whole home: one run reaches all 9 databases, each checked with certutil.
mkdir -p "$T/everything"
h=$(home everything)
run profiles --home "$h" --json
equals "everything: 9 databases" "$(json "len(d['databases'])")" 9
run import "$CERTS/inter-ca.pem" --home "$h"
expect_rc "everything: import" 0
contains "everything: summary" "$OUT" "9 databases: 9 imported."
n=0
for db in $(find "$h" -name cert9.db -exec dirname {} \;); do
    [ "$(oracle_trust "$db" "ffcert Test Intermediate CA - G4 - ffcert Test PKI")" = "c,c," ] &&
        n=$((n + 1))
done
equals "everything: certutil sees c,c, in all 9" "$n" 9
run status "$CERTS/inter-ca.pem" --home "$h" --trust c,c,
expect_rc "everything: status" 0

# A broken profiles.ini: warnings name file and line; the good profile is still used.
mkdir -p "$T/broken"
h=$(home broken)
run profiles --home "$h" --json
expect_rc "broken: still lists the good profile" 0
equals "broken: only the good profile" "$(json "[x['profile'] for x in d['databases']]")" "['good']"
contains "broken: line of the garbage" "$ERR" "$h/.mozilla/firefox/profiles.ini:3: malformed line"
contains "broken: escaping Path refused" "$ERR" "../../../etc"
contains "broken: missing folder warned" "$ERR" "gone1234.default"
equals "broken: warnings in JSON too" "$(json "len(d['warnings']) >= 3")" True
[ ! -e "$T/etc" ] && [ ! -e "$h/../etc/cert9.db" ]
check "broken: nothing created where Path escapes" [ $? -eq 0 ]

# IsRelative=0 with an absolute path.
mkdir -p "$T/absolute-path"
h=$(home absolute-path)
sed -i "s|@HOME@|$h|" "$h/.mozilla/firefox/profiles.ini"
run profiles --home "$h" --json
equals "absolute path profile found" "$(json "d['databases'][0]['path']")" \
    "$h/elsewhere/abs12345.default"

# Formats: a profile without a database is skipped (never created); cert8.db only is
# legacy and left alone.
h2="$T/formats"
mkdir -p "$h2"
cp -a "$TOP/test-profiles/firefox-classic/." "$h2/"
p1="$h2/.mozilla/firefox/abcd1234.default-release" p2="$h2/.mozilla/firefox/efgh5678.default"
: >"$p2/cert8.db"
run profiles --home "$h2" --json
equals "formats: none and legacy" "$(json "[x['format'] for x in d['databases']]")" \
    "['none', 'legacy']"
run import "$CERTS/inter-ca.pem" --home "$h2"
expect_rc "formats: nothing importable" 1
contains "formats: none explained" "$OUT" "start Firefox once with this profile"
contains "formats: legacy explained" "$OUT" "legacy cert8.db"
check "formats: no database created in the empty profile" [ ! -e "$p1/cert9.db" ]
check "formats: legacy profile not migrated" [ ! -e "$p2/cert9.db" ]

# An unused profile (firefox-esr makes a *.default it never uses) is not a failure
# beside a used one; only unused profiles means no database at all (exit 3).
h="$T/unused"
cp -a "$TOP/test-profiles/firefox-classic/." "$h/"
new_db "$h/.mozilla/firefox/abcd1234.default-release"
run import "$CERTS/inter-ca.pem" --home "$h" --json
expect_rc "an unused profile beside a used one" 0
equals "unused profile: result no-database" \
    "$(json "[x['result'] for x in d['databases']]")" "['imported', 'no-database']"
h="$T/all-unused"
cp -a "$TOP/test-profiles/firefox-classic/." "$h/"
run import "$CERTS/inter-ca.pem" --home "$h"
expect_rc "only unused profiles" 3
contains "only unused profiles: says to start Firefox" "$OUT" "start Firefox once"

# Running Firefox: a live fcntl lock on .parentlock is "in use"; stale leftovers are not.
h=$T/firefox-classic
p="$h/.mozilla/firefox/abcd1234.default-release"
ln -s "127.0.0.1:+99999" "$p/lock"
: >"$p/.parentlock"
run profiles --home "$h" --json
equals "stale lock and .parentlock: not in use" "$(json "d['databases'][0]['in_use']")" False
python3 -c '
import fcntl, sys, time
f = open(sys.argv[1], "r+"); fcntl.lockf(f, fcntl.LOCK_EX)
open(sys.argv[2], "w").close(); time.sleep(30)' "$p/.parentlock" "$T/locked" &
holder=$!
i=0; while [ ! -e "$T/locked" ] && [ $i -lt 100 ]; do sleep 0.1; i=$((i + 1)); done
run profiles --home "$h" --json
equals "live fcntl lock: in use" "$(json "d['databases'][0]['in_use']")" True
run import "$CERTS/root-ca.pem" --home "$h"
expect_rc "in use: still imported" 0
contains "in use: says restart" "$OUT" "restart"
kill "$holder" 2>/dev/null; wait "$holder" 2>/dev/null

# $XDG_CONFIG_HOME is honoured for the real home (here the test's fake HOME).
mkdir -p "$HOME/xdgconf/mozilla/firefox/x1.default"
printf '[Profile0]\nName=x\nIsRelative=1\nPath=x1.default\n' >"$HOME/xdgconf/mozilla/firefox/profiles.ini"
new_db "$HOME/xdgconf/mozilla/firefox/x1.default"
OUT=$(XDG_CONFIG_HOME="$HOME/xdgconf" "$FFCERT" profiles --json)
equals "XDG_CONFIG_HOME honoured" "$(json "d['databases'][0]['path']")" \
    "$HOME/xdgconf/mozilla/firefox/x1.default"

# Thousands of sections: quick, one warning, the real profiles still found.
h="$T/many"
mkdir -p "$h/.mozilla/firefox/real.default"
new_db "$h/.mozilla/firefox/real.default"
python3 -c '
import sys
with open(sys.argv[1], "w") as f:
    f.write("[Profile0]\nName=real\nIsRelative=1\nPath=real.default\n")
    for i in range(1, 20000):
        f.write("[Profile%d]\nName=p%d\nIsRelative=1\nPath=nowhere%d\n" % (i, i, i))
' "$h/.mozilla/firefox/profiles.ini"
run profiles --home "$h" --json
expect_rc "20000 sections" 0
equals "20000 sections: the real profile found" \
    "$(json "[x['profile'] for x in d['databases']]")" "['real']"
check "20000 sections: few warnings, not thousands" [ "$(printf '%s\n' "$ERR" | wc -l)" -lt 10 ]

# Nothing at all: exit 3.
mkdir -p "$T/empty-home"
run profiles --home "$T/empty-home"
expect_rc "empty home" 3
contains "empty home: says so" "$ERR" "no certificate database found"

finish
