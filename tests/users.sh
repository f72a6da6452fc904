# Throwaway accounts for the tests that need other users (safety.sh, runner.sh),
# sourced (POSIX sh) after lib.sh, as root. Homes live under $R/homes; the calling
# script deletes the accounts listed in USERS_MADE (users_cleanup) on every exit.
# --all-users sees only the accounts of a passwd-format file (FFCERT_PASSWD_FILE,
# which only the test build reads), so that no real account is ever touched.
#
#   new_user NAME              an account (no home made by useradd) with a 0700 home
#   as USER CMD...             CMD as USER (uid, gid, groups)
#   user_home USER SKELETON    test-profiles/SKELETON in USER's home, databases made
#   passwd_file FILE USER...   only these accounts' /etc/passwd lines
#   run_users PASSWD ARGS...   run (lib.sh), with the test build and PASSWD's accounts
#   users_cleanup              kills the accounts' processes and deletes the accounts

USERS_MADE=""

new_user() {
    useradd -M -s /bin/bash -d "$R/homes/$1" "$1" >/dev/null 2>&1 || return 1
    USERS_MADE="$USERS_MADE $1"
    mkdir -p "$R/homes/$1"
    chown "$1:$(id -gn "$1")" "$R/homes/$1"
    chmod 700 "$R/homes/$1"
}

as() {
    _u=$1
    shift
    setpriv --reuid="$(id -u "$_u")" --regid="$(id -g "$_u")" --init-groups "$@"
}

user_home() {
    _h="$R/homes/$1"
    cp -a "$TOP/test-profiles/$2/." "$_h/"
    chown -R "$1:$(id -gn "$1")" "$_h"
    find "$_h" -name .keep | while read -r k; do
        as "$1" certutil -N -d "sql:$(dirname "$k")" --empty-password </dev/null >/dev/null
    done
}

passwd_file() {
    _f=$1
    shift
    : >"$_f"
    for _u in "$@"; do grep "^$_u:" /etc/passwd >>"$_f"; done
}

run_users() {
    _pw=$1
    shift
    run_command env FFCERT_PASSWD_FILE="$_pw" "$TOP/build/tests/ffcert-faults" "$@"
}

users_cleanup() {
    for _u in $USERS_MADE; do
        for _p in $(pgrep -u "$_u" 2>/dev/null); do kill -KILL "$_p" 2>/dev/null; done
        userdel "$_u" 2>/dev/null || userdel -f "$_u" 2>/dev/null
    done
}
