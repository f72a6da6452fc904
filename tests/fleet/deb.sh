# shellcheck shell=sh disable=SC2034 # DEB_VERSION etc. are for the tests that source this
# Sourced by tests/integration/package.sh and fleet.sh (after tests/lib.sh): the .deb,
# built once and reused while it is newer than everything that goes into it (the
# target build/deb/ffcert_<version>_<arch>.deb of mk/deb.mk is a real file target).

# deb_build: runs `make deb`; sets DEB (the .deb) and DEB_CHANGES; the log is in
# $T/deb.log. Returns non-zero when the package cannot be built.
deb_build() {
    if grep -q 'mk/deb\.mk' "$TOP/Makefile"; then
        set -- make --no-print-directory -C "$TOP"
    else # until the Makefile includes mk/deb.mk
        set -- make --no-print-directory -C "$TOP" -f Makefile -f mk/deb.mk
    fi
    "$@" deb >"$T/deb.log" 2>&1 || return 1
    _v=$(dpkg-parsechangelog -l "$TOP/debian/changelog" -S Version) &&
        _a=$(dpkg-architecture -qDEB_HOST_ARCH) || return 1
    DEB="$TOP/build/deb/ffcert_${_v}_${_a}.deb"
    DEB_CHANGES="$TOP/build/deb/ffcert_${_v}_${_a}.changes"
    DEB_VERSION=$_v
    [ -f "$DEB" ] && [ -f "$DEB_CHANGES" ]
}

# deb_lock: package.sh installs the package on this machine, whose / is the lower layer
# of fleet.sh's hosts, and both build build/deb/: two test runs at once (two `make check`
# in one tree, or in two clones) take turns, one whole test at a time. The lock is fd 9,
# held until the test exits; a process that outlives its command is started with 9>&-.
# Returns non-zero when another run held it for 600 s.
deb_lock() {
    _l=/run/lock/ffcert-package-tests.lock
    [ -d /run/lock ] && [ -w /run/lock ] || _l=${TMPDIR:-/tmp}/ffcert-package-tests.lock
    exec 9>>"$_l" || return 1
    flock -w 600 9
}

# deb_missing_tools: the commands building the package needs that are not here.
deb_missing_tools() {
    _m=""
    for _c in dpkg-buildpackage dh dpkg-parsechangelog dpkg-architecture; do
        command -v "$_c" >/dev/null 2>&1 || _m="$_m $_c"
    done
    echo "${_m# }"
}
