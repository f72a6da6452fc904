#!/bin/sh
# ansible-test sanity on the collection in ansible/, offline.
#
# ansible-test wants the collection under ansible_collections/NAMESPACE/NAME/ and runs
# each sanity test in a virtualenv it fills from PyPI (with a pip bootstrap script it
# downloads). Neither is reachable here, so this script:
#   - copies ansible/ to a temporary ansible_collections/ffcert/ffcert/;
#   - gives ansible-test a temporary HOME, and for each virtualenv ansible-test asks
#     for, makes it itself (python3 -m venv --system-site-packages) and marks it as
#     ready, so the test runs with Debian's packages: pylint, yamllint, pycodestyle,
#     python3-voluptuous, python3-yaml, python3-jinja2 (versions near the pinned ones);
#   - runs every test that can run offline, and lists the ones that cannot.
# Usage: tests/fleet/ansible-sanity.sh [ansible-test sanity options...]
set -u
TOP=$(cd "$(dirname "$0")/../.." && pwd)
W=$(mktemp -d "${TMPDIR:-/tmp}/ffcert-sanity.XXXXXX")
trap 'rm -rf "$W"' EXIT
C="$W/ansible_collections/ffcert/ffcert"
mkdir -p "$C" "$W/home"
cp -a "$TOP/ansible/." "$C/"
export HOME="$W/home"
cd "$C" || exit 1
# ansible-test lists a collection's files with git when it is in a repository.
git init -q . && git add -A && git -c user.name=t -c user.email=t@t commit -qm t

SKIP=""

for _ in 1 2 3 4 5 6 7 8 9 10 11 12; do
    # shellcheck disable=SC2086 # no options, or several
    ansible-test sanity --python-interpreter /usr/bin/python3 --color no $SKIP "$@" >"$W/log" 2>&1
    rc=$?
    venv=$(sed -n 's|^FATAL: Python [0-9.]* at "\(.*\)/bin/python" does not have pip available.*|\1|p' "$W/log")
    [ -n "$venv" ] || break
    if ! /usr/bin/python3 -m venv --system-site-packages "$venv" >/dev/null ||
        ! echo '[]' >"$venv/meta.install.json" || ! echo 'true' >"$venv/meta.yaml.json" ||
        ! : >"$venv/marker.txt"; then
        echo "could not make $venv" >&2
        exit 1
    fi
    echo "# made the virtualenv ansible-test wanted: ${venv#"$HOME"/}"
done
grep -v '^Installing requirements\|^WARNING: Using locale' "$W/log"
exit "$rc"
