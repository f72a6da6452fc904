#!/bin/sh
# `make demo`: the main job on a scratch copy of a bundled test profile. Copies
# test-profiles/SKELETON (default: firefox-classic) to a temporary home, gives each
# profile folder an empty NSS database (certutil -N, as Firefox would have made), then
# lists the profiles, imports the test CA, and shows the trust certutil reads back.
set -eu
top=$(cd "$(dirname "$0")/.." && pwd)
skeleton=${1:-firefox-classic}
ffcert="$top/build/ffcert"
scratch=$(mktemp -d "${TMPDIR:-/tmp}/ffcert-demo.XXXXXX")
trap 'rm -rf "$scratch"' EXIT

cp -a "$top/test-profiles/$skeleton/." "$scratch/"
find "$scratch" -name .keep | while read -r keep; do
    certutil -N -d "sql:$(dirname "$keep")" --empty-password </dev/null
done

say() { printf '\n$ %s\n' "$*"; }
say ffcert profiles --home "$scratch"
"$ffcert" profiles --home "$scratch"
say ffcert import tests/data/inter-ca.pem --home "$scratch"
"$ffcert" import "$top/tests/data/inter-ca.pem" --home "$scratch"
say ffcert import tests/data/inter-ca.pem --home "$scratch" --trust-websites --json
"$ffcert" import "$top/tests/data/inter-ca.pem" --home "$scratch" --trust-websites --json |
    grep -E '"(path|result|trust|trust_before|changed)"'
for db in $(find "$scratch" -name cert9.db -exec dirname {} \;); do
    say certutil -L -d "sql:$db"
    certutil -L -d "sql:$db" | tail -n +4
done
