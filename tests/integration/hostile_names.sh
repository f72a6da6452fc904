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

# A folder and a profile name in Latin-1, not UTF-8 ("café"), between two others: JSON
# strings must be UTF-8, so JSON shows the stray byte as \xE9 instead of losing the
# row; workers (-j 2) carry the name byte for byte and do the work.
l1="$R/latin1"
mkdir -p "$l1/.mozilla/firefox"
for f in a "caf$(printf '\351')" z; do new_db "$l1/.mozilla/firefox/$f"; done
printf '[Profile0]\nName=a\nIsRelative=1\nPath=a\n\n[Profile1]\nName=caf\351\nIsRelative=1\nPath=caf\351\n\n[Profile2]\nName=z\nIsRelative=1\nPath=z\n' \
    >"$l1/.mozilla/firefox/profiles.ini"
lat_rows() { jget '" ".join(x["path"].rsplit("/", 1)[1] + "=" + x.get("result", x.get("profile")) for x in d["databases"])'; }
run profiles --home "$l1" --json
equals "Latin-1 folder: profiles --json lists it, \\xE9 for the stray byte" "$(lat_rows)" 'a=a caf\xE9=caf\xE9 z=z'
for j in 1 2; do
    run import "$INTER" --home "$l1" --json -j "$j"
    expect_rc "Latin-1 folder, import -j $j --json" 0
    want=imported; [ "$j" = 2 ] && want=unchanged
    equals "... every row reported" "$(lat_rows)" "a=$want caf\xE9=$want z=$want"
done
equals "... certutil c,c, in the Latin-1 folder" \
    "$(oracle_trust "$l1/.mozilla/firefox/caf$(printf '\351')" "$NICK")" "c,c,"
run remove "$INTER" --home "$l1" -j 2
expect_rc "Latin-1 folder, remove -j 2 (in workers)" 0
equals "... certutil: gone from the Latin-1 folder" \
    "$(oracle_count "$l1/.mozilla/firefox/caf$(printf '\351')")" 0

finish
