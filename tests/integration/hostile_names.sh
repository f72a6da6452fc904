#!/bin/sh
# Issue 17, terminal injection: a user names a profile and its folder with ESC, CR,
# BEL and U+202E (right-to-left override) and waits for root's report. Text output
# (stdout and stderr) must show them as escapes; JSON must keep them exact.
. "$(dirname "$0")/../lib.sh"

R=$(cd "$T" && pwd -P)
h="$R/home"
ESC=$(printf '\033') CR=$(printf '\r') BEL=$(printf '\007') RLO=$(printf '\342\200\256')
# (no CR in names: it ends a line of profiles.ini, for Firefox as for ffcert)
name="evil${ESC}[2J${BEL}root ok${RLO}gpj.exe"
folder="p${ESC}]0;owned${BEL}.default"
mkdir -p "$h/.mozilla/firefox/$folder"
new_db "$h/.mozilla/firefox/$folder"
cat >"$h/.mozilla/firefox/profiles.ini" <<EOF
[Profile0]
Name=$name
IsRelative=1
Path=$folder
Default=1

[Profile1]
Name=gone${ESC}[1A
IsRelative=1
Path=missing${ESC}[1A
EOF

# clean FILE: no raw ESC, CR, BEL or U+202E (the escapes \x1B... are fine).
clean() {
    if od -An -c "$1" | grep -qE '033|\\r|\\a' || grep -q "$RLO" "$1"; then return 1; fi
    return 0
}

for cmd in "profiles --home $h" "import $INTER --home $h" "status $INTER --home $h" \
    "remove $INTER --home $h --dry-run" "doctor --home $h"; do
    # shellcheck disable=SC2086
    "$FFCERT" $cmd >"$R/out" 2>"$R/err"
    check "$cmd: stdout holds no raw control characters" clean "$R/out"
    check "$cmd: stderr holds no raw control characters" clean "$R/err"
done
"$FFCERT" profiles --home "$h" >"$R/out" 2>"$R/err"
contains "profiles: the name is shown, escaped" "$(cat "$R/out")" 'evil\x1B[2J\x07root ok\u202Egpj.exe'
contains "profiles: the folder is shown, escaped" "$(cat "$R/out")" 'p\x1B]0;owned\x07.default'
contains "the warning about the missing folder is escaped" "$(cat "$R/err")" 'missing\x1B[1A does not exist'

run profiles --home "$h" --json
equals "JSON keeps the name exact" "$(jget 'd["databases"][0]["profile"]')" "$name"
case $(jget 'd["databases"][0]["path"]') in
*"$folder") ok "JSON keeps the folder exact" ;;
*) not_ok "JSON keeps the folder exact" ;;
esac

finish
