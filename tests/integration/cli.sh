#!/bin/sh
# The command line's plumbing, the same for every command: the options --help lists
# are exactly the ones the command takes (help is printed from the option table, so a
# command cannot list what it refuses); a report that does not reach stdout is a
# failure; single options given twice are refused; --app keeps one program's databases.
. "$(dirname "$0")/../lib.sh"

R=$(cd "$T" && pwd -P)
COMMANDS="profiles show catalog doctor import status remove policy-install policy-status policy-remove"
argv() { echo "$1" | tr - ' '; } # policy-install -> "policy install"

# ---- help lists exactly what parses ----------------------------------------------

# A value for an option that takes one, for the "accepted" probe.
value_for() {
    case $1 in
    --jobs | -j | --timeout) echo 2 ;;
    --sha256) echo "$(fp "$INTER")" ;;
    --trust) echo "c,c," ;;
    --app) echo firefox ;;
    *) echo "$R/x" ;;
    esac
}
for c in $COMMANDS; do
    # shellcheck disable=SC2046
    run $(argv "$c") --help
    expect_rc "$c --help" 0
    help=$OUT
    opts=$(printf '%s\n' "$help" | sed -n 's/^  \(-[a-z], \)\{0,1\}\(--[a-z0-9-]*\).*/\2/p' | sort -u)
    check "$c --help lists options" [ -n "$opts" ]
    for o in $opts; do
        [ "$o" = --help ] && continue
        takes_value=$(printf '%s\n' "$help" | grep -c -- " $o [A-Z]")
        # shellcheck disable=SC2046
        if [ "$takes_value" -gt 0 ]; then
            run $(argv "$c") "$o" "$(value_for "$o")" --definitely-not-an-option
        else
            run $(argv "$c") "$o" --definitely-not-an-option
        fi
        # the unknown option is what is refused, not the listed one
        contains "$c accepts $o" "$ERR" "'--definitely-not-an-option'"
    done
done
run policy status --help
lacks "policy status --help offers no --sha256 (it takes no SOURCE)" "$OUT" "--sha256"
lacks "policy status --help offers no --yes" "$OUT" "--yes"
run policy status --sha256 "$(fp "$INTER")"
expect_rc "policy status --sha256: refused" 2
one_line "policy status --sha256: one line"
# profiles and doctor --all-users as root: tests/integration/runner.sh (throwaway
# accounts). Here: like every --all-users, refused without root.
for c in profiles doctor; do
    run_command setpriv --reuid=65534 --regid=65534 --clear-groups "$(ffcert_for_nobody)" $c --all-users
    expect_rc "$c --all-users without root: refused" 2
    contains "$c --all-users without root: says it needs root" "$ERR" "root"
done

# ---- --json: a document for every outcome ---------------------------------------------

# json_outcome DESC STATUS COMMAND ARGS...: exit STATUS, one line on stderr, and stdout
# one JSON document with that exit_status, the stderr line as "error", no databases.
json_outcome() {
    _d=$1 _want=$2
    shift 2
    run "$@"
    expect_rc "$_d" "$_want"
    one_line "$_d: one line on stderr"
    equals "$_d: stdout is one JSON document saying so" \
        "$(printf '%s' "$OUT" | python3 -c 'import json,sys; d=json.load(sys.stdin); print(d["exit_status"], d["databases"], d["changed"], "ffcert: " + d["error"])' 2>&1)" \
        "$_want [] False $ERR"
}
mkdir -p "$R/empty-home"
json_outcome "--json, unreadable SOURCE" 2 status "$R/no-such.pem" --home "$R/empty-home" --json
json_outcome "--json, no database" 3 import "$INTER" --home "$R/empty-home" --json
json_outcome "--json, unknown option" 2 policy install "$INTER" --bogus --json
json_outcome "--json, unknown command" 2 frobnicate --json
equals "--json, unknown command: command is null" "$(jget 'd["command"]')" "null"
run policy install "$INTER" --bogus --json
equals "--json, policy verb: the command is the verb's" "$(jget 'd["command"]')" "policy install"
run profiles --home "$R/empty-home" --json
equals "--json, profiles with nothing found: exit 3, one document" \
    "$RC $(printf '%s' "$OUT" | python3 -c 'import json,sys; json.load(sys.stdin); print("one")')" "3 one"

# ---- the way out: output that cannot be written is an error ------------------------

if [ -w /dev/full ]; then
    db="$R/full"; new_db "$db"
    "$FFCERT" import "$INTER" --profile "$db" --json >/dev/full 2>"$R/err"
    rc=$?
    equals "import --json > /dev/full: exit 2" "$rc" 2
    ERR=$(cat "$R/err")
    contains "import --json > /dev/full: says the output could not be written" "$ERR" \
        "cannot write the output"
    equals "... and the import itself happened (certutil)" "$(oracle_trust "$db" "$NICK")" "c,c,"
    "$FFCERT" catalog >/dev/full 2>/dev/null
    equals "catalog > /dev/full: exit 2" "$?" 2
    "$FFCERT" --help >/dev/full 2>/dev/null
    equals "--help > /dev/full: exit 2" "$?" 2
else
    skip "output to /dev/full" "/dev/full is not writable here"
fi

# ---- single options given twice, --app -------------------------------------------

run status "$INTER" --home "$R/a" --home "$R/b"
expect_rc "--home twice: refused" 2
contains "--home twice: says so" "$ERR" "--home given twice"
run status "$INTER" --app opera
expect_rc "--app with a program ffcert does not know: refused" 2
one_line "--app unknown: one line"

h="$R/home"
cp -a "$TOP/test-profiles/everything/." "$h/"
find "$h" -name .keep | while read -r k; do new_db "$(dirname "$k")"; done
run profiles --home "$h" --json
all=$(jget 'len(d["databases"])')
run profiles --home "$h" --app thunderbird --json
equals "--app thunderbird: only Thunderbird's databases (snap and flatpak too)" \
    "$(jget 'sorted(set(x["app"].split("-")[0] for x in d["databases"]))')" "['thunderbird']"
check "--app thunderbird: fewer than all ($all)" [ "$(jget 'len(d["databases"])')" -lt "$all" ]
run import "$INTER" --home "$h" --app chromium --app firefox-snap --json
expect_rc "import --app chromium --app firefox-snap" 0
equals "... touched only those" "$(jget 'sorted(set(x["app"] for x in d["databases"]))')" \
    "['chromium', 'firefox-snap']"

finish
