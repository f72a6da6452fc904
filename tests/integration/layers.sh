#!/bin/sh
# The architecture's rules, from the only place they are written: each src/LAYER/README
# says "May use: ..." and every #include "OTHER/..." in that folder must name one of
# them. Library headers have one home each: NSS and NSPR (and SQLite, which only reads
# NSS's key4.db) in src/nss/, libcurl in src/net/. A folder without a README, or a
# README without the rule, fails too.
. "$(dirname "$0")/../lib.sh"

SRC="$TOP/src"
layers=$(cd "$SRC" && for d in */; do printf '%s ' "${d%/}"; done)
check "there are layers" [ -n "$layers" ]

for l in $layers; do
    readme="$SRC/$l/README"
    if [ ! -f "$readme" ]; then
        not_ok "$l: has a README saying what it owns and what it may use"
        continue
    fi
    may=$(sed -n 's/.*May use: \(.*\)\.$/\1/p' "$readme")
    if [ -z "$may" ]; then
        not_ok "$l: README has a 'May use: ...' rule"
        continue
    fi
    [ "$may" = nothing ] && may=
    bad=$(cd "$SRC/$l" && grep -Ho '#include "[a-z0-9_]*/[a-z0-9_]*\.h"' ./*.c ./*.h 2>/dev/null |
        sed 's|^\./||; s|:#include "| |; s|/.*||' |
        while read -r file layer; do
            [ "$layer" = "$l" ] && continue
            case " $may " in *" $layer "*) ;; *) echo "$l/$file uses $layer" ;; esac
        done)
    equals "$l: uses only $(echo "${may:-nothing}" | tr ' ' ,)" "$bad" ""
done

# Library headers in their one folder each.
incdir() { pkg-config --cflags-only-I "$1" | tr ' ' '\n' | sed -n 's/^-I//p'; }
nss_headers=$(for d in $(incdir nss) $(incdir nspr); do ls "$d"; done | sort -u)
check "NSS's headers are known (pkg-config nss nspr)" [ -n "$nss_headers" ]
owner_of() { # HEADER: the folder that may include it, or nothing
    case "$1" in
    sqlite3.h) echo nss ;;
    curl/*) echo net ;;
    *) printf '%s\n' "$nss_headers" | grep -qx "$1" && echo nss ;;
    esac
}
bad=$(cd "$SRC" && grep -Ho '#include <[^>]*>' ./*/*.c ./*/*.h | sed 's|^\./||; s|:#include <| |; s|>$||' |
    while read -r file header; do
        owner=$(owner_of "$header")
        [ -n "$owner" ] && [ "${file%%/*}" != "$owner" ] && echo "$file includes <$header>"
    done)
equals "NSS, NSPR and SQLite only in src/nss, libcurl only in src/net" "$bad" ""

# nss/internal.h stays inside its layer.
equals "nss/internal.h is used only in src/nss" \
    "$(cd "$SRC" && grep -l '#include "nss/internal.h"' ./*/*.[ch] | grep -v '^\./nss/')" ""

finish
