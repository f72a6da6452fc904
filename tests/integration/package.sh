#!/bin/sh
# The Debian package: `make deb` (dpkg-buildpackage in a clean copy of the tree),
# what the .deb holds and depends on, lintian, then a real `apt-get install` of it on
# this machine: the installed ffcert's --version, catalogue, man page, completion and
# translation, an import into databases made by certutil -N in a fake home (certutil
# is the oracle), and `apt-get remove --purge`, after which no file of the package is
# left. The machine is put back (the package purged) even when a check fails.
#
# Needs root and a usable apt/dpkg; says "# SKIP why" otherwise.

# lib.sh's checks read OUT and ERR.
# shellcheck disable=SC2034
. "$(dirname "$0")/../lib.sh"
. "$TOP/tests/fleet/deb.sh"

INSTALLED_BY_US=0
cleanup() {
    if [ "$INSTALLED_BY_US" -eq 1 ] &&
        dpkg-query -W -f '${Status}' ffcert 2>/dev/null | grep -q installed; then
        echo "# cleanup: purging the ffcert package this test installed"
        DEBIAN_FRONTEND=noninteractive apt-get -o DPkg::Lock::Timeout=120 remove --purge -y -qq \
            ffcert >/dev/null 2>&1 || dpkg --purge ffcert >/dev/null 2>&1
    fi
    rm -rf "$T"
}
trap cleanup EXIT
trap 'exit 130' INT TERM HUP

give_up() { # give_up REASON: the whole test is skipped
    skip "Debian package: build, install, remove" "$1"
    finish
    exit $?
}

[ "$(id -u)" -eq 0 ] || give_up "not root (apt-get install needs root)"
if ! command -v apt-get >/dev/null 2>&1 || ! command -v dpkg >/dev/null 2>&1; then
    give_up "no apt-get/dpkg on this machine"
fi
missing=$(deb_missing_tools)
[ -z "$missing" ] || give_up "missing $missing (apt-get install debhelper dpkg-dev)"
deb_lock || give_up "another package or fleet test held /run/lock/ffcert-package-tests.lock for 10 minutes"
if dpkg-query -W -f '${Status}' ffcert 2>/dev/null | grep -q "ok installed"; then
    give_up "an ffcert package is installed on this machine already; not touching it"
fi

# ---- the .deb ------------------------------------------------------------------------
deb_build
RC=$? OUT=$(cat "$T/deb.log") ERR=""
expect_rc "make deb" 0
[ "$RC" -eq 0 ] || give_up "the package could not be built"
check "make deb: ffcert_<version>_<arch>.deb and .changes in build/deb/" test -f "$DEB"
equals "debian/changelog's version is the Makefile's VERSION" "$DEB_VERSION" \
    "$(sed -n 's/^VERSION *:= *//p' "$TOP/Makefile")"
equals "nothing written next to the tree (dpkg-buildpackage's default)" \
    "$(find "$TOP/.." -maxdepth 1 -name 'ffcert_*' -newer "$TOP/debian/changelog")" ""

equals "Package: ffcert" "$(dpkg-deb -f "$DEB" Package)" ffcert
# Runtime dependencies: exactly the libraries the binary links, as dpkg-shlibdeps
# computes them (libsqlite3-0: ffcert checks the MACs in key4.db), none of the test stack.
deps=$(dpkg-deb -f "$DEB" Depends | tr ',' '\n' | sed 's/^ *//; s/ .*//' | sort | tr '\n' ' ')
equals "Depends: libc6, libcurl4, libjansson4, libnspr4, libnss3, libsqlite3-0 and nothing else" \
    "$deps" "libc6 libcurl4 libjansson4 libnspr4 libnss3 libsqlite3-0 "
echo "# Depends: $(dpkg-deb -f "$DEB" Depends)"
# Build-Depends: the -dev package of every pkg-config module the Makefile links (PKGS),
# found by dpkg -S on its .pc file, and no other library's.
want=""
for m in $(sed -n 's/^PKGS *:= *//p' "$TOP/Makefile"); do
    pc=$(pkg-config --path "$m" 2>/dev/null) && pkg=$(dpkg -S "$pc" 2>/dev/null) ||
        pkg="(no package for pkg-config module $m)"
    want="$want ${pkg%%:*}"
done
want=$(echo "$want" | tr ' ' '\n' | grep . | sort -u | tr '\n' ' ')
have=$(sed -n '/^Build-Depends:/,/^[A-Z]/p' "$TOP/debian/control" | sed 's/^Build-Depends://' |
    tr ',' '\n' | sed 's/^ *//; s/ .*//' | grep '^lib.*-dev$' | sort -u | tr '\n' ' ')
equals "Build-Depends: the -dev packages of the Makefile's pkg-config modules, no other" \
    "$have" "$want"
for f in Pre-Depends Recommends Suggests; do
    equals "no $f" "$(dpkg-deb -f "$DEB" "$f")" ""
done

# What `make install PREFIX=/usr` installs, with the man pages compressed by dh, plus
# the copyright and changelog every Debian package has.
expected_files() {
    echo /usr/bin/ffcert
    echo /usr/share/bash-completion/completions/ffcert
    echo /usr/share/doc/ffcert/changelog.gz
    echo /usr/share/doc/ffcert/copyright
    # debian/docs; dh_compress gzips those over 4 KiB.
    while read -r d; do
        if [ "$(stat -c %s "$TOP/$d")" -gt 4096 ]; then
            echo "/usr/share/doc/ffcert/${d##*/}.gz"
        else
            echo "/usr/share/doc/ffcert/${d##*/}"
        fi
    done <"$TOP/debian/docs"
    echo /usr/share/ffcert/catalog.ini
    for c in "$TOP"/share/ffcert/certs/*.pem; do echo "/usr/share/ffcert/certs/${c##*/}"; done
    echo /usr/share/man/man1/ffcert.1.gz
    for po in "$TOP"/po/*.po; do
        [ -f "$po" ] && echo "/usr/share/locale/$(basename "$po" .po)/LC_MESSAGES/ffcert.mo"
    done
    [ -f "$TOP/doc/ja/ffcert.1" ] && echo /usr/share/man/ja/man1/ffcert.1.gz
    true
}
EXPECTED=$(expected_files | sort)
equals "the .deb holds exactly what make install installs (+ copyright, changelog, docs)" \
    "$(dpkg-deb --fsys-tarfile "$DEB" | tar -t | grep -v '/$' | sed 's|^\./|/|' | sort)" "$EXPECTED"

if command -v lintian >/dev/null 2>&1; then
    lintian --fail-on error,warning --display-info "$DEB_CHANGES" >"$T/lintian" 2>&1
    RC=$? OUT=$(grep -v 'running with root privileges' "$T/lintian") ERR=""
    expect_rc "lintian on the .deb and .changes: no error, no warning" 0
    equals "lintian: no error or warning tags" "$(printf '%s\n' "$OUT" | grep -c '^[EW]: ')" 0
    [ -z "$OUT" ] || printf '%s\n' "$OUT" | sed 's/^/# lintian: /'
else
    skip "lintian on the .deb and .changes" "lintian is not installed (apt-get install lintian)"
fi

# ---- apt-get install ---------------------------------------------------------------------
# Every dependency is installed already, so apt downloads nothing (tests use no network):
# its simulation must install ffcert alone.
would=$(apt-get install -s -y "$DEB" 2>/dev/null | sed -n 's/^Inst \([^ ]*\) .*/\1/p' | tr '\n' ' ')
equals "apt-get -s install: ffcert alone would be installed (nothing to download)" "$would" "ffcert "
[ "$would" = "ffcert " ] || give_up "apt-get would install more than ffcert: $would"
INSTALLED_BY_US=1
DEBIAN_FRONTEND=noninteractive apt-get -o DPkg::Lock::Timeout=120 install -y -qq \
    "$DEB" >"$T/apt.log" 2>&1
RC=$? OUT=$(cat "$T/apt.log") ERR=""
expect_rc "apt-get install ./ffcert_*.deb" 0
equals "dpkg: ffcert installed" "$(dpkg-query -W -f '${Status} ${Version}' ffcert 2>/dev/null)" \
    "install ok installed $DEB_VERSION"
LISTED=$(dpkg -L ffcert 2>/dev/null | while read -r f; do [ -d "$f" ] || echo "$f"; done | sort)
equals "dpkg -L ffcert: exactly the expected files" "$LISTED" "$EXPECTED"
DIRS=$(dpkg -L ffcert 2>/dev/null | while read -r f; do [ -d "$f" ] && echo "$f"; done |
    grep -E '/ffcert(/certs)?$' | sort | tr '\n' ' ')
equals "dpkg -L ffcert: the package's own folders" "$DIRS" \
    "/usr/share/doc/ffcert /usr/share/ffcert /usr/share/ffcert/certs "

FFCERT=/usr/bin/ffcert
run --version
expect_rc "installed ffcert --version" 0
case $OUT in
"ffcert $DEB_VERSION (NSS 3."*) ok "--version: ffcert $DEB_VERSION (NSS ...)" ;;
*) not_ok "--version: $OUT" ;; esac
run catalog
expect_rc "installed ffcert catalog" 0
contains "catalog: from /usr/share/ffcert" "$OUT" "Catalogue /usr/share/ffcert/catalog.ini"
contains "catalog: nii-g8-rsa listed" "$OUT" "nii-g8-rsa"
run catalog --json
# Entries ffcert knows but cannot ship ("shipped": false) have no copy to check.
equals "catalog: every shipped copy is installed and matches its pin" \
    "$(jget "sorted(set((e['offline_matches_pin'], e['offline'].startswith('/usr/share/ffcert/certs/')) for e in d['entries'] if e['shipped']))")" \
    "[(True, True)]"
equals "catalog: the shipped entries' copies are the package's certificates" \
    "$(jget "'\\n'.join(sorted(set(e['offline'] for e in d['entries'] if e['shipped'])))")" \
    "$(echo "$EXPECTED" | grep '^/usr/share/ffcert/certs/')"
if [ "$(jget "len([e for e in d['entries'] if not e['shipped']])")" -gt 0 ]; then
    equals "catalog: the entries not shipped have no copy and no pin verdict" \
        "$(jget "sorted(set((e['offline'], e['offline_matches_pin']) for e in d['entries'] if not e['shipped']))")" \
        "[(None, None)]"
else
    skip "catalog: the entries not shipped" "the catalogue has none"
fi
equals "man -w ffcert: the installed page" "$(man -w ffcert 2>/dev/null)" \
    /usr/share/man/man1/ffcert.1.gz
W=$(MANWIDTH=80 man --warnings ffcert 2>&1 >/dev/null)
equals "man ffcert renders without warnings" "$W" ""
# shellcheck disable=SC2016 # expanded by that bash
check "bash completion: the installed file defines the completion" \
    bash -c '. /usr/share/bash-completion/completions/ffcert && complete -p ffcert >/dev/null'
JA=$(locale -a 2>/dev/null | grep -i '^ja_JP\.utf-\?8$' | head -1)
if [ -n "$JA" ]; then
    en=$(LC_ALL=C LANGUAGE='' "$FFCERT" import "$T/no-such-file" 2>&1)
    ja=$(LC_ALL=$JA LANGUAGE='' "$FFCERT" import "$T/no-such-file" 2>&1)
    # shellcheck disable=SC2016 # expanded by that sh
    check "translation: the installed ffcert speaks Japanese under $JA" \
        sh -c '[ "$1" != "$2" ] && printf "%s" "$2" | LC_ALL=C grep -q "[^ -~]"' sh "$en" "$ja"
else
    skip "translation: Japanese messages" "no ja_JP.UTF-8 locale here"
fi

# An import on a fake home, by file and by catalogue name (offline: the shipped copy).
H=$T/home-a
mkdir -p "$H"
cp -a "$TOP/test-profiles/firefox-classic/." "$H/"
find "$H" -name .keep | while read -r k; do new_db "$(dirname "$k")"; done
P1=$H/.mozilla/firefox/abcd1234.default-release P2=$H/.mozilla/firefox/efgh5678.default
run import "$INTER" --home "$H" --trust-websites --json
expect_rc "installed ffcert: import on a fake home" 0
equals "import: two rows imported" "$(jget "[x['result'] for x in d['databases']]")" \
    "['imported', 'imported']"
equals "certutil: CT,c, in both databases" \
    "$(oracle_trust "$P1" "$NICK") $(oracle_trust "$P2" "$NICK")" "CT,c, CT,c,"
run show nii-g8-rsa --offline --json
G8=$(jget "d['certificate']['nickname']")
run import nii-g8-rsa --offline --home "$H"
expect_rc "installed ffcert: import nii-g8-rsa --offline (the shipped copy)" 0
equals "certutil: '$G8' c,c, in both databases" \
    "$(oracle_trust "$P1" "$G8") $(oracle_trust "$P2" "$G8")" "c,c, c,c,"

# ---- apt-get remove --purge ------------------------------------------------------------------
DEBIAN_FRONTEND=noninteractive apt-get -o DPkg::Lock::Timeout=120 remove --purge -y -qq ffcert \
    >"$T/apt.log" 2>&1
RC=$? OUT=$(cat "$T/apt.log") ERR=""
expect_rc "apt-get remove --purge ffcert" 0
INSTALLED_BY_US=0
equals "dpkg no longer knows ffcert" "$(dpkg-query -W -f '${Status}' ffcert 2>/dev/null)" ""
left=""
for f in $EXPECTED /usr/share/ffcert/certs /usr/share/ffcert /usr/share/doc/ffcert; do
    [ -e "$f" ] && left="$left $f"
done
equals "no file or folder of the package is left" "$left" ""
equals "no dpkg metadata of ffcert is left" "$(find /var/lib/dpkg/info -name 'ffcert[.:]*')" ""
equals "no ffcert on PATH any more" "$(command -v ffcert | grep '^/usr/bin/')" ""
finish
