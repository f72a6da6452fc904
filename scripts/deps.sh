#!/bin/sh
# Installs the Debian packages ffcert needs to build and test, when missing.
# Used by `make check` and `make demo` so that a fresh Debian 12 machine needs
# nothing else. Extra packages may be named as arguments.
set -eu

want="build-essential pkg-config libnss3-dev libnspr4-dev libcurl4-openssl-dev
libjansson-dev libsqlite3-dev libcmocka-dev libnss3-tools valgrind openssl python3
man-db groff-base iproute2 gettext locales firefox-esr thunderbird sqlite3
debhelper dpkg-dev fakeroot lintian ansible-core openssh-server openssh-client python3-apt
clang libclang-rt-14-dev $*"

missing=""
for p in $want; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "ok installed" ||
        missing="$missing $p"
done
[ -z "$missing" ] && exit 0

echo "deps: installing$missing" >&2
if [ "$(id -u)" -eq 0 ]; then
    as_root=""
elif command -v sudo >/dev/null 2>&1; then
    as_root="sudo"
else
    echo "deps: missing packages:$missing (run as root: apt-get install$missing)" >&2
    exit 1
fi
export DEBIAN_FRONTEND=noninteractive
$as_root apt-get update -qq >/dev/null
# shellcheck disable=SC2086
$as_root apt-get install -y -qq --no-install-recommends $missing >/dev/null
