#!/bin/sh
# Runs as root inside one simulated workstation (chroot into its overlay, see host.sh)
# before its sshd starts: makes its accounts, their homes and their NSS databases
# (certutil -N, as each user), and starts the "running Firefox" of ws1.
#
#   ws1  alice  Firefox, legacy layout (~/.mozilla/firefox), 2 profiles, one in use
#               (a process of this host holds an fcntl lock on its .parentlock)
#        bob    Firefox, XDG layout (~/.config/mozilla/firefox), 2 profiles; the
#               default-esr one last used by Firefox 153.0.1 (compatibility.ini)
#        carol  no profile at all
#   ws2  dave   Firefox snap layout + Thunderbird
#        erin   Firefox, 2 profiles, one with a primary password
#        frank  Chromium (~/.pki/nssdb)
#   ws3  gina   every layout: Firefox legacy/XDG/snap/flatpak, Thunderbird,
#               LibreWolf, Chromium (9 databases)
#        hank   a legacy cert8.db profile (skipped by ffcert: left alone)
#
# /srv/fleet holds: profiles/ (tests' test-profiles skeletons), ca.pem, this script.
set -eu
NAME=$1
S=/srv/fleet
PATH=/usr/sbin:/usr/bin:/sbin:/bin
export PATH
umask 022

# The accounts of the machine this overlay was made from are not this host's.
drop=$(awk -F: '$3 >= 1000 && $3 <= 60000 { print $1 }' /etc/passwd | paste -sd '|' -)
if [ -n "$drop" ]; then
    for f in /etc/passwd /etc/shadow /etc/group /etc/gshadow; do
        [ -f "$f" ] || continue
        grep -Ev "^($drop):" "$f" >"$f.fleet" || true
        cat "$f.fleet" >"$f"
        rm -f "$f.fleet"
    done
fi

# A workstation keeps apt's binary package cache, as Debian does by default; a machine
# made from a container image may turn it off (docker-clean), and then every apt run
# of the playbook (ansible's apt module) parses all the package lists again. Built
# here once, as a workstation has it.
if grep -qs '^Dir::Cache::pkgcache ""' /etc/apt/apt.conf.d/docker-clean; then
    rm -f /etc/apt/apt.conf.d/docker-clean
fi
apt-cache stats >/dev/null 2>&1 || true

# ffcert is not on this host before the playbook installs it.
if dpkg-query -W -f '${Status}' ffcert 2>/dev/null | grep -q installed; then
    dpkg --purge ffcert >/dev/null
fi
rm -f /usr/local/bin/ffcert

as() { # as USER CMD...
    u=$1
    shift
    setpriv --reuid="$(id -u "$u")" --regid="$(id -g "$u")" --init-groups "$@"
}

user() { # user NAME: an account with a home of its own
    useradd -m -s /bin/bash "$1"
}

skel() { # skel USER SKELETON: the skeleton's profiles in USER's home, databases made by USER
    h=/home/$1
    cp -a "$S/profiles/$2/." "$h/"
    chown -R "$1:$(id -gn "$1")" "$h"
    find "$h" -name .keep | while read -r k; do
        as "$1" certutil -N -d "sql:$(dirname "$k")" --empty-password </dev/null >/dev/null
        rm -f "$k"
    done
}

case $NAME in
ws1)
    user alice
    skel alice firefox-classic
    user bob
    skel bob firefox-xdg
    as bob sh -c 'printf "[Compatibility]\nLastVersion=153.0.1_20261101000000/20261101000000\nLastOSABI=Linux_x86_64-gcc3\n" \
        >/home/bob/.config/mozilla/firefox/mnop4321.default-esr/compatibility.ini'
    user carol
    # The running Firefox of alice's default profile.
    lock=/home/alice/.mozilla/firefox/abcd1234.default-release/.parentlock
    as alice touch "$lock"
    as alice /usr/bin/python3 -c '
import fcntl, sys, time
f = open(sys.argv[1], "r+")
fcntl.lockf(f, fcntl.LOCK_EX)
open("/tmp/fleet-lock-held", "w").close()
time.sleep(3600)' "$lock" </dev/null >/dev/null 2>&1 &
    echo $! >/run/fleet-holder.pid
    i=0
    while [ ! -e /tmp/fleet-lock-held ] && [ $i -lt 100 ]; do sleep 0.1; i=$((i + 1)); done
    [ -e /tmp/fleet-lock-held ]
    ;;
ws2)
    user dave
    skel dave snap
    skel dave thunderbird
    user erin
    skel erin firefox-classic
    # erin's default profile has a primary password (the file is root's only).
    pwdb=/home/erin/.mozilla/firefox/abcd1234.default-release
    rm -f "$pwdb/cert9.db" "$pwdb/key4.db" "$pwdb/pkcs11.txt"
    mkdir -p /etc/ffcert-fleet
    printf 'fleet-secret\n' >/etc/ffcert-fleet/primary-password
    chmod 600 /etc/ffcert-fleet/primary-password
    install -m 0400 -o erin /etc/ffcert-fleet/primary-password /tmp/erin-pw
    as erin certutil -N -d "sql:$pwdb" -f /tmp/erin-pw </dev/null >/dev/null
    rm -f /tmp/erin-pw
    user frank
    skel frank chromium
    ;;
ws3)
    user gina
    skel gina everything
    user hank
    leg=/home/hank/.mozilla/firefox/old12345.default
    as hank mkdir -p "$leg"
    as hank sh -c "printf '[Profile0]\nName=old\nIsRelative=1\nPath=old12345.default\nDefault=1\n' \
        >/home/hank/.mozilla/firefox/profiles.ini"
    as hank certutil -N -d "dbm:$leg" --empty-password </dev/null >/dev/null
    [ -f "$leg/cert8.db" ]
    ;;
*)
    echo "populate: unknown host $NAME" >&2
    exit 1
    ;;
esac
echo "populate $NAME: $(find /home -name cert9.db | wc -l) cert9.db, $(find /home -name cert8.db | wc -l) cert8.db"
