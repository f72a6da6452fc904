#!/bin/sh
# One simulated workstation of tests/integration/fleet.sh. Runs as root inside its own
# mount namespace (the caller starts it as `unshare -m --propagation private sh host.sh
# DIR NAME`), so every mount below disappears with the namespace's last process.
#
# DIR/upper holds what this host has of its own (written before: /srv/fleet with the
# set-up script and its data, /etc/ssh/ffcert-fleet with sshd's configuration and keys).
# The host's root is an overlay of the machine's / (bound without its submounts) with
# DIR/upper on top: its own dpkg database, /usr, /etc/passwd, /etc/group. /home, /root,
# /tmp and /run are fresh tmpfs, so nothing of the machine's homes is seen or touched.
#
# The process ends as the host's sshd (exec), in the foreground: the caller's $! is
# sshd's pid, and killing every process of this namespace ends the host.
set -eu
D=$1
NAME=$2
R=$D/root

mount --bind / "$D/lower"
mount -t overlay "fleet-$NAME" -o "lowerdir=$D/lower,upperdir=$D/upper,workdir=$D/work" "$R"
mount -t proc proc "$R/proc"
mount --rbind /dev "$R/dev"
mount -t devpts -o newinstance,ptmxmode=0666,mode=0620 devpts "$R/dev/pts"
mount --bind "$R/dev/pts/ptmx" "$R/dev/ptmx"
mount -t tmpfs -o mode=0755 tmpfs "$R/run"
mount -t tmpfs -o mode=1777 tmpfs "$R/tmp"
mount -t tmpfs -o mode=0755 tmpfs "$R/home"
mount -t tmpfs -o mode=0700 tmpfs "$R/root"
mkdir -p "$R/run/sshd"
chmod 0755 "$R/run/sshd"

# Users, homes and databases of this host; started programs (the "running Firefox"
# holding .parentlock) stay in this namespace.
chroot "$R" /bin/sh /srv/fleet/populate.sh "$NAME" >"$D/populate.log" 2>&1 || {
    echo "host $NAME: populate failed, see $D/populate.log" >&2
    exit 1
}
echo "$NAME: populated" >"$D/ready"

exec chroot "$R" /usr/sbin/sshd -D -e -f /etc/ssh/ffcert-fleet/sshd_config
