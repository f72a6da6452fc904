#!/bin/sh
# A fleet of three workstations driven by ansible-playbook over SSH: the collection in
# ansible/ (role ffcert, modules ffcert_ca and ffcert_info) installs the .deb of
# `make deb` on each and applies a CA for all users. certutil, run inside each host,
# is the oracle.
#
# Each workstation is a real sshd (Debian's openssh-server) in its own mount namespace
# (unshare -m), chrooted into its own root: an overlay of / with a private upper layer,
# and fresh tmpfs /home, /root, /tmp, /run (tests/fleet/host.sh). So each has its own
# dpkg database, /usr, /etc/passwd, /etc/group and /home. Each listens on its own
# loopback address (127.0.B.1-3, port 2222) and accepts only a throwaway key; the
# controller checks their host keys against a known_hosts made here. The accounts and
# databases of each host are in tests/fleet/populate.sh: several users, Firefox legacy
# and XDG layouts, snap, flatpak, Thunderbird, LibreWolf, Chromium, a profile in use, a
# primary password, a legacy cert8.db, a user with no profile.
#
# Every sshd, namespace (with its mounts), key and file is removed at the end, even
# when a check fails (trap), and the test checks that no process of it is left.
#
# Needs root, unshare/nsenter, overlayfs, openssh-server, ansible-core; skips loudly
# otherwise.

# Per-host variables (PID_ws1, ADDR_ws2, NDB_ws3, SUM1_...) are set with eval, and
# lib.sh's checks read OUT and ERR: shellcheck cannot see either.
# shellcheck disable=SC2154,SC2034
. "$(dirname "$0")/../lib.sh"
. "$TOP/tests/fleet/deb.sh"

F=$TOP/tests/fleet
HOSTS="ws1 ws2 ws3"
PORT=2222
R=$(cd "$T" && pwd -P)

# ---- teardown: every process of every host namespace, then $T ------------------------
host_pids() { # host_pids NS: the processes in mount namespace NS
    for p in /proc/[0-9]*; do
        [ "$(readlink "$p/ns/mnt" 2>/dev/null)" = "$1" ] && echo "${p#/proc/}"
    done
}
our_clients() { # ssh clients of this test (ControlPersist masters): their command names $R
    for p in /proc/[0-9]*; do
        [ "$(cat "$p/comm" 2>/dev/null)" = ssh ] || continue
        tr '\0' ' ' <"$p/cmdline" 2>/dev/null | grep -q "$R/" && echo "${p#/proc/}"
    done
}
teardown() {
    [ -f "$R/hosts.started" ] || return 0
    while read -r name pid ns; do
        pids=$(host_pids "$ns")
        # shellcheck disable=SC2086 # a list of pids
        [ -n "$pids" ] && kill $pids 2>/dev/null
    done <"$R/hosts.started"
    i=0
    while [ $i -lt 30 ]; do
        left=""
        while read -r name pid ns; do left="$left$(host_pids "$ns")"; done <"$R/hosts.started"
        [ -z "$left" ] && break
        sleep 0.1
        i=$((i + 1))
    done
    while read -r name pid ns; do
        pids=$(host_pids "$ns")
        # shellcheck disable=SC2086 # a list of pids
        [ -n "$pids" ] && kill -9 $pids 2>/dev/null
    done <"$R/hosts.started"
    c=$(our_clients)
    # shellcheck disable=SC2086 # a list of pids
    [ -n "$c" ] && kill $c 2>/dev/null
    mv "$R/hosts.started" "$R/hosts.stopped"
}
cleanup() {
    teardown
    # FLEET_LOGS=DIR keeps each ansible-playbook run's JSON and stderr, for debugging.
    if [ -n "${FLEET_LOGS:-}" ] && mkdir -p "$FLEET_LOGS"; then
        cp "$R"/r*.json "$R"/r*.err "$FLEET_LOGS/" 2>/dev/null
    fi
    rm -rf "$T"
}
trap cleanup EXIT
trap 'exit 130' INT TERM HUP

give_up() { # give_up REASON
    skip "fleet of workstations over SSH" "$1"
    finish
    exit $?
}

# ---- prerequisites ---------------------------------------------------------------------
[ "$(id -u)" -eq 0 ] || give_up "not root (mount namespaces, chroot, dpkg in each host)"
for c in unshare nsenter chroot mount ssh ssh-keygen ansible-playbook certutil setpriv; do
    command -v "$c" >/dev/null 2>&1 || give_up "no $c here"
done
[ -x /usr/sbin/sshd ] || give_up "no /usr/sbin/sshd (apt-get install openssh-server)"
missing=$(deb_missing_tools)
[ -z "$missing" ] || give_up "missing $missing (apt-get install debhelper dpkg-dev)"
/usr/bin/python3 -c 'import apt' 2>/dev/null ||
    give_up "no python3-apt (ansible's apt module needs it on each host)"
# package.sh installs ffcert on this machine, whose / is each host's lower layer.
deb_lock || give_up "another package or fleet test held /run/lock/ffcert-package-tests.lock for 10 minutes"
mkdir -p "$R/probe/l" "$R/probe/u" "$R/probe/w" "$R/probe/m"
unshare -m --propagation private sh -c "mount --bind / '$R/probe/l' &&
    mount -t overlay probe -o 'lowerdir=$R/probe/l,upperdir=$R/probe/u,workdir=$R/probe/w' \
    '$R/probe/m' && test -x '$R/probe/m/usr/sbin/sshd'" 2>"$R/probe.err" ||
    give_up "no overlay of / in a mount namespace here: $(head -1 "$R/probe.err")"
rm -rf "$R/probe"

# ---- the package ---------------------------------------------------------------------------
deb_build
RC=$? OUT=$(cat "$T/deb.log") ERR=""
expect_rc "make deb (built once, reused by package.sh/fleet.sh while fresh)" 0
[ "$RC" -eq 0 ] || give_up "the package could not be built"

# ---- three hosts ---------------------------------------------------------------------------
# A loopback /24 nobody listens on: 127.0.B.1-3.
B=$(($$ % 150 + 100))
n=0
while ss -Hltn 2>/dev/null | grep -q " 127\.0\.$B\.[0-9]*:$PORT "; do
    B=$((B % 250 + 1)) n=$((n + 1))
    [ $n -lt 250 ] || give_up "no free 127.0.x.0/24 for port $PORT"
done
ssh-keygen -q -t ed25519 -N '' -C ffcert-fleet-test -f "$R/id"
: >"$R/known_hosts"
: >"$R/hosts.started"
i=0
for h in $HOSTS; do
    i=$((i + 1))
    D=$R/$h
    mkdir -p "$D/lower" "$D/upper/srv/fleet" "$D/upper/etc/ssh/ffcert-fleet" "$D/work" "$D/root"
    chmod 755 "$D/upper/srv" "$D/upper/etc" "$D/upper/etc/ssh"
    cp -a "$TOP/test-profiles" "$D/upper/srv/fleet/profiles"
    cp "$F/populate.sh" "$F/inspect.sh" "$D/upper/srv/fleet/"
    cp "$INTER" "$D/upper/srv/fleet/ca.pem"
    if [ "$h" = ws3 ]; then # a flat apt repository with the package, for repo.yml
        mkdir -p "$D/upper/srv/fleet/repo"
        cp "$DEB" "$D/upper/srv/fleet/repo/"
        (cd "$D/upper/srv/fleet/repo" && dpkg-scanpackages . /dev/null >Packages 2>/dev/null)
    fi
    E=$D/upper/etc/ssh/ffcert-fleet
    ssh-keygen -q -t ed25519 -N '' -C "$h" -f "$E/host_key"
    cp "$R/id.pub" "$E/authorized_keys"
    cat >"$E/sshd_config" <<EOF
Port $PORT
ListenAddress 127.0.$B.$i
HostKey /etc/ssh/ffcert-fleet/host_key
AuthorizedKeysFile /etc/ssh/ffcert-fleet/authorized_keys
PermitRootLogin prohibit-password
PubkeyAuthentication yes
PasswordAuthentication no
KbdInteractiveAuthentication no
UsePAM no
StrictModes yes
PidFile /run/sshd.pid
Subsystem sftp internal-sftp
PrintMotd no
MaxStartups 50:30:100
MaxSessions 30
EOF
    echo "[127.0.$B.$i]:$PORT $(cut -d' ' -f1,2 "$E/host_key.pub")" >>"$R/known_hosts"
    unshare -m --propagation private sh "$F/host.sh" "$D" "$h" >"$D/sshd.log" 2>&1 9>&- &
    pid=$!
    # Wait for the namespace to exist before recording it.
    j=0
    while [ "$(readlink "/proc/$pid/ns/mnt")" = "$(readlink /proc/$$/ns/mnt)" ] && [ $j -lt 50 ]; do
        sleep 0.05
        j=$((j + 1))
    done
    echo "$h $pid $(readlink "/proc/$pid/ns/mnt")" >>"$R/hosts.started"
    eval "PID_$h=$pid ADDR_$h=127.0.$B.$i"
done
started=0
for h in $HOSTS; do
    eval "addr=\$ADDR_$h pid=\$PID_$h"
    j=0
    while ! ss -Hltn 2>/dev/null | grep -q " $addr:$PORT " && kill -0 "$pid" 2>/dev/null &&
        [ $j -lt 300 ]; do
        sleep 0.1
        j=$((j + 1))
    done
    if ss -Hltn 2>/dev/null | grep -q " $addr:$PORT "; then
        started=$((started + 1))
        echo "# $h: sshd on $addr:$PORT, pid $pid; $(tail -1 "$R/$h/populate.log")"
    else
        echo "# $h did not start:"
        sed 's/^/#   /' "$R/$h/sshd.log" "$R/$h/populate.log" 2>/dev/null
    fi
done
equals "three workstations listen, each in its own namespace and root" "$started" 3
[ "$started" -eq 3 ] || { teardown; give_up "the workstations did not start"; }
equals "three different mount namespaces" \
    "$(cut -d' ' -f3 "$R/hosts.started" | sort -u | grep -cv "$(readlink /proc/$$/ns/mnt)")" 3

# on HOST CMD...: run CMD as root inside HOST (its namespace and root).
on() {
    rm -f "$R/view.$1"
    eval "_p=\$PID_$1"
    shift
    nsenter -t "$_p" -m -r -w "$@"
}
# inspect HOST: what inspect.sh sees on HOST. Kept until HOST may have changed: every
# `on HOST` command and every playbook run drops it.
inspect() {
    if [ ! -f "$R/view.$1" ]; then
        eval "_p=\$PID_$1"
        nsenter -t "$_p" -m -r -w sh /srv/fleet/inspect.sh "$NICK" >"$R/view.$1.new" &&
            mv "$R/view.$1.new" "$R/view.$1"
    fi
    cat "$R/view.$1"
}
# trusts HOST: "path trust" of every cert9.db of HOST, sorted.
trusts() { inspect "$1" | awk '$1 == "db" { print $2, $4 }'; }
all_trust() { # all_trust HOST TRUST: every cert9.db of HOST holds the CA with TRUST
    [ -n "$(trusts "$1")" ] && [ -z "$(trusts "$1" | awk -v t="$2" '$2 != t')" ]
}
field() { inspect "$1" | awk -v k="$2" '$1 == k { $1 = ""; sub(/^ /, ""); print }'; }
# trust_ff HOST DIR: the CA's trust in DIR as Firefox's own NSS (3.125) reads it, which
# reads the PKCS#11 3.2 records first ("" when absent).
trust_ff() {
    on "$1" env LD_LIBRARY_PATH="$FIREFOX_NSS" certutil -L -d "sql:$2" 2>/dev/null |
        awk -v n="$NICK" 'NR > 4 { t = $NF; $NF = ""; sub(/ +$/, ""); if ($0 == n) print t }'
}
# ESR: bob's profile last used by Firefox 153.0.1 (populate.sh), where Firefox's NSS
# writes trust in the PKCS#11 3.2 form after run 2.
ESR=/home/bob/.config/mozilla/firefox/mnop4321.default-esr

NDB=0
for h in $HOSTS; do
    eval "NDB_$h=$(trusts "$h" | wc -l)"
    eval "NDB=\$((NDB + NDB_$h))"
done
equals "databases per host (certutil -N, as each user): ws1 ws2 ws3" \
    "$NDB_ws1 $NDB_ws2 $NDB_ws3" "4 5 9"
equals "ws3: hank's legacy cert8.db" "$(inspect ws3 | awk '$1 == "legacy" { print $3 }')" hank
equals "a host's /etc/passwd is its own" \
    "$(on ws1 getent passwd alice | cut -d: -f1) $(on ws2 getent passwd alice | cut -d: -f1)" "alice "
check "ws1: alice's default profile is in use (its .parentlock is locked)" on ws1 /usr/bin/python3 -c '
import fcntl, sys
f = open(sys.argv[1], "r+")
try:
    fcntl.lockf(f, fcntl.LOCK_EX | fcntl.LOCK_NB)
except OSError:
    sys.exit(0)
sys.exit(1)' /home/alice/.mozilla/firefox/abcd1234.default-release/.parentlock
for h in $HOSTS; do
    equals "$h: ffcert absent before (no command, no package)" \
        "$(field "$h" ffcert) $(field "$h" deb)" "none none"
    equals "$h: no database holds the CA before" "$(trusts "$h" | awk '$2 != "-"')" ""
done

# ---- ansible -----------------------------------------------------------------------------------
mkdir -p "$R/collections/ansible_collections/ffcert" "$R/cp" "$R/ansible-local"
cp -a "$TOP/ansible" "$R/collections/ansible_collections/ffcert/ffcert"
cat >"$R/hosts.ini" <<EOF
[workstations]
ws1 ansible_host=$ADDR_ws1 fleet_policy=true
ws2 ansible_host=$ADDR_ws2 fleet_password_file=/etc/ffcert-fleet/primary-password
ws3 ansible_host=$ADDR_ws3

[workstations:vars]
ansible_port=$PORT
ansible_user=root
ansible_ssh_private_key_file=$R/id
ansible_python_interpreter=/usr/bin/python3
EOF
cat >"$R/ansible.cfg" <<EOF
[defaults]
inventory = $R/hosts.ini
collections_path = $R/collections
host_key_checking = True
forks = 5
retry_files_enabled = False
local_tmp = $R/ansible-local
stdout_callback = fleet_json
callback_plugins = $F/callback_plugins
deprecation_warnings = False

[ssh_connection]
pipelining = True
control_path_dir = $R/cp
ssh_args = -o ControlMaster=auto -o ControlPersist=60s -o UserKnownHostsFile=$R/known_hosts -o GlobalKnownHostsFile=/dev/null -o StrictHostKeyChecking=yes -o IdentitiesOnly=yes -o PasswordAuthentication=no -o BatchMode=yes
EOF
export ANSIBLE_CONFIG="$R/ansible.cfg"
SRC=$INTER

# playbook NAME PLAYBOOK ARGS...: ansible-playbook; its JSON in $R/NAME.json, wall time
# in $SECS; P is the file `pq` reads.
playbook() {
    _name=$1 _book=$2
    shift 2
    rm -f "$R"/view.*
    _t0=$(date +%s.%N)
    LC_ALL=C.UTF-8 ansible-playbook "$F/$_book" -e "fleet_deb=$DEB" "$@" \
        >"$R/$_name.json" 2>"$R/$_name.err" 9>&-
    RC=$?
    SECS=$(awk -v a="$_t0" -v b="$(date +%s.%N)" 'BEGIN { print b - a }')
    printf '# %s: ansible-playbook %s %s: %.1f s\n' "$_name" "$_book" "$*" "$SECS"
    P=$R/$_name.json
    OUT=$(cat "$R/$_name.err") ERR=""
}
# (Debian's python3: a python3 earlier in PATH may be a slow wrapper, such as pyenv's)
PY=/usr/bin/python3
[ -x "$PY" ] || PY=python3
pq() { "$PY" "$F/play.py" "$P" "$1"; }
show_failures() { # the msg of every failed task, for the log
    pq "'\n'.join('%s: %s' % (h, t['hosts'][h].get('msg')) for p in __import__('json').load(open('$P'))['plays'] for t in p['tasks'] for h in t['hosts'] if t['hosts'][h].get('failed'))" |
        sed 's/^/# failed: /'
}

# ==== 0. check mode on hosts that have nothing yet ========================================
playbook r0 site.yml -e "fleet_src=$SRC" --check --diff
expect_rc "run 0 (--check before anything is installed)" 0
[ "$RC" -eq 0 ] || show_failures
equals "run 0: the .deb would be copied, its install and the CA are skipped (ws1 ws2 ws3)" \
    "$(pq "[(top('Copy the .deb', h)['changed'], top('Install the .deb', h).get('skipped'), res('Apply the CAs', h).get('skipped')) for h in hosts]")" \
    "[(True, True, True), (True, True, True), (True, True, True)]"
for h in $HOSTS; do
    equals "run 0, $h: nothing installed, no database changed" \
        "$(field "$h" deb) $(trusts "$h" | awk '$2 != "-"' | wc -l)" "none 0"
done

# ==== 1. first run: install the .deb, import the CA for all users ========================
playbook r1 site.yml -e "fleet_src=$SRC"
T_FIRST=$SECS
expect_rc "run 1 (role: install the .deb, import for all users)" 0
[ "$RC" -eq 0 ] || show_failures
equals "run 1: reached every host, no failure" \
    "$(pq "[(h, stats[h]['unreachable'], stats[h]['failures']) for h in hosts]")" \
    "[('ws1', 0, 0), ('ws2', 0, 0), ('ws3', 0, 0)]"
for h in $HOSTS; do
    equals "run 1, $h: the .deb is installed (dpkg), ffcert is /usr/bin/ffcert" \
        "$(field "$h" deb) $(field "$h" ffcert)" "$DEB_VERSION /usr/bin/ffcert"
    equals "run 1, $h: the import task changed" "$(pq "res('Apply the CAs', '$h')['changed']")" true
    check "run 1, $h: certutil: every database holds the CA as CT,c," all_trust "$h" "CT,c,"
    equals "run 1, $h: every file in each home still its user's" "$(field "$h" foreign)" ""
    eval "SUM1_$h=\$(field $h sum)"
done
equals "run 1: the controller's file was copied to the hosts (source)" \
    "$(pq "res('Apply the CAs', 'ws1')['source']['controller_file']") $(pq "res('Apply the CAs', 'ws1')['source']['given']")" \
    "$SRC $SRC"
equals "run 1, ws1: rows (user result) from ffcert, passed through" \
    "$(pq "sorted((r['user'], r['result']) for r in rows('Apply the CAs', 'ws1'))")" \
    "[('alice', 'imported'), ('alice', 'imported'), ('bob', 'imported'), ('bob', 'imported')]"
equals "run 1, ws1: rows carry trust_legacy and trust_forms from ffcert" \
    "$(pq "sorted(set((r['trust'], r['trust_legacy'], tuple(r['trust_forms'])) for r in rows('Apply the CAs', 'ws1')))")" \
    "[('CT,c,', 'CT,c,', ('legacy',))]"
equals "run 1, ws1: rows carry app_version (compatibility.ini), null where there is none" \
    "$(pq "sorted((r['path'].split('/')[-1], r['app_version']) for r in rows('Apply the CAs', 'ws1'))")" \
    "[('abcd1234.default-release', None), ('efgh5678.default', None), ('mnop4321.default-esr', '153.0.1'), ('wxyz9876.default', None)]"
contains "run 1, ws1: the profile in use was updated, and its row says to restart" \
    "$(pq "[r['reason'] for r in rows('Apply the CAs', 'ws1') if r['in_use']]")" "restart"
equals "run 1, ws2: the primary-password database imported too (password_file)" \
    "$(pq "sorted(set(r['result'] for r in rows('Apply the CAs', 'ws2')))")" "['imported']"
equals "run 1, ws3: 9 imported, hank's cert8.db skipped" \
    "$(pq "summary('Apply the CAs', 'ws3')")" "{'imported': 9, 'skipped': 1}"
contains "run 1, ws3: the skipped legacy database is a warning (fail_on_skipped: false)" \
    "$(pq "top('Apply the CAs', 'ws3')['warnings']")" "old12345.default: skipped"
equals "run 1, ws3: the legacy cert8.db left alone" \
    "$(inspect ws3 | awk '$1 == "legacy" { print $4 }')" "-"
contains "run 1, ws1: the Firefox policy installed (ffcert_policy)" "$(field ws1 policy)" \
    '"Install":["/usr/lib/mozilla/certificates/'
equals "run 1, ws2: no policy where it was not asked for" "$(field ws2 policy)" "none"
equals "run 1: ffcert_info reports the CA present in every cert9.db" \
    "$(pq "[sorted(set(r['result'] for r in res('What ffcert_info reports', h)['status']['/srv/fleet/ca.pem']['databases'] if r['format'] == 'sql')) for h in hosts]")" \
    "[['present'], ['present'], ['present']]"
equals "run 1: ffcert_info lists every database, with its user" \
    "$(pq "[len([r for r in res('What ffcert_info reports', h)['profiles'] if r['format'] == 'sql' and r.get('user')]) for h in hosts]")" \
    "[$NDB_ws1, $NDB_ws2, $NDB_ws3]"
# users: all: ffcert_info asks ffcert for `profiles --all-users`; an ffcert that refuses it
# (exit 2, unknown option) gets one run per account (alice, bob, carol), as that account.
on ws1 ffcert profiles --all-users --json >/dev/null 2>&1
case $? in
2) want="(1, 3)" how="refused by this ffcert: then one run per account, as that account" ;;
*) want="(1, 0)" how="this ffcert has it: one run" ;;
esac
equals "run 1, ws1: ffcert_info: profiles --all-users tried first ($how)" \
    "$(pq "(lambda c: (sum('--all-users' in x for x in c), sum(x[0] == 'setpriv' for x in c)))([x for x in res('What ffcert_info reports', 'ws1')['commands'] if 'profiles' in x])")" \
    "$want"

# ==== 2. second run: nothing to do ============================================================
playbook r2 site.yml -e "fleet_src=$SRC"
expect_rc "run 2 (the same play again)" 0
equals "run 2: changed=0 on every host (package, CA, policy)" \
    "$(pq "[(h, stats[h]['changed'], stats[h]['failures']) for h in hosts]")" \
    "[('ws1', 0, 0), ('ws2', 0, 0), ('ws3', 0, 0)]"
equals "run 2: every row unchanged (ws1 ws2 ws3)" \
    "$(pq "[summary('Apply the CAs', h) for h in hosts]")" \
    "[{'unchanged': 4}, {'unchanged': 5}, {'skipped': 1, 'unchanged': 9}]"
for h in $HOSTS; do
    eval "want=\$SUM1_$h"
    equals "run 2, $h: every file under /home byte-identical" "$(field "$h" sum)" "$want"
done

# ==== 3. check mode, with diff: other trust =====================================================
# Firefox 153 changes the trust of bob's ESR profile to CT,C,: Firefox's own NSS stores
# it in the PKCS#11 3.2 form, and older NSS (the system certutil) still reads CT,c,.
if [ -n "$FIREFOX_NSS" ]; then
    on ws1 sh -c "setpriv --reuid=\$(id -u bob) --regid=\$(id -g bob) --init-groups \
        env LD_LIBRARY_PATH='$FIREFOX_NSS' certutil -M -d 'sql:$ESR' -n '$NICK' -t CT,C,"
    equals "ws1, bob's ESR profile: Firefox's NSS reads CT,C, (3.2 form), the system certutil CT,c," \
        "$(trust_ff ws1 "$ESR") $(trusts ws1 | awk -v d="$ESR" '$1 == d { print $2 }')" "CT,C, CT,c,"
    SUM1_ws1=$(field ws1 sum)
fi
# fleet_policy for all three: ws1 has the policy already, ws2 and ws3 have none; src is
# the same certificate as a file on each host.
playbook r3 site.yml -e fleet_src=/srv/fleet/ca.pem -e "fleet_trust=CT,C," -e fleet_policy=true --check --diff
expect_rc "run 3 (--check --diff, trust CT,C,)" 0
equals "run 3: the CA task would change on every host" \
    "$(pq "[res('Apply the CAs', h)['changed'] for h in hosts]")" "[True, True, True]"
equals "run 3: rows would-update (ws1 ws2 ws3)" \
    "$(pq "[summary('Apply the CAs', h) for h in hosts]")" \
    "[{'would-update': 4}, {'would-update': 5}, {'skipped': 1, 'would-update': 9}]"
BEFORE=$(pq "res('Apply the CAs', 'ws1')['diff']['before']")
AFTER=$(pq "res('Apply the CAs', 'ws1')['diff']['after']")
contains "run 3: diff, before: one line per database, with its trust" "$BEFORE" \
    "/home/bob/.config/mozilla/firefox/wxyz9876.default (bob): CT,c,"
contains "run 3: diff, after: the trust it would have" "$AFTER" \
    "/home/bob/.config/mozilla/firefox/wxyz9876.default (bob): CT,C,"
if [ -n "$FIREFOX_NSS" ]; then
    equals "run 3: the ESR profile's row: trust, trust_legacy, trust_forms, app_version from ffcert" \
        "$(pq "[(r['trust'], r['trust_legacy'], r['trust_forms'], r['app_version']) for r in rows('Apply the CAs', 'ws1') if r['path'] == '$ESR']")" \
        "[('CT,C,', 'CT,c,', ['legacy', 'pkcs11-3.2'], '153.0.1')]"
    contains "run 3: diff, before: what older NSS reads, where it differs" "$BEFORE" \
        "$ESR (bob): CT,C, (NSS < 3.114 reads CT,c,)"
    equals "run 3: diff, after: the trust every NSS will read" \
        "$(printf '%s\n' "$AFTER" | grep "^$ESR ")" "$ESR (bob): CT,C,"
else
    skip "run 3: a database with the PKCS#11 3.2 form (trust_legacy in rows and diff)" \
        "no Firefox NSS in $FIREFOX_NSS (firefox-esr)"
fi
# The role's policy task in check mode: `ffcert policy install --dry-run` where the ffcert
# on the host has it, skipped where it has not.
if on ws1 ffcert policy install --help 2>/dev/null | grep -q -- --dry-run; then
    equals "run 3: policy install --dry-run ran in check mode: ws1 (installed) unchanged, ws2 and ws3 would change" \
        "$(pq "[(res('ffcert policy install', h).get('skipped', False), '--dry-run' in res('ffcert policy install', h)['cmd'], res('ffcert policy install', h)['changed']) for h in hosts]")" \
        "[(False, True, False), (False, True, True), (False, True, True)]"
else
    equals "run 3: ffcert has no policy --dry-run: the policy task skipped in check mode" \
        "$(pq "[(res('Whether ffcert policy has --dry-run', h)['rc'], res('ffcert policy install', h).get('skipped')) for h in hosts]")" \
        "[(0, True), (0, True), (0, True)]"
fi
equals "run 3: check mode wrote no policy (ws2 ws3)" "$(field ws2 policy) $(field ws3 policy)" "none none"
equals "run 3: diff lines = databases (ws3, the legacy one included)" \
    "$(pq "len(res('Apply the CAs', 'ws3')['diff']['after'].splitlines())")" 10
for h in $HOSTS; do
    eval "want=\$SUM1_$h"
    equals "run 3, $h: check mode wrote nothing (byte-identical)" "$(field "$h" sum)" "$want"
    check "run 3, $h: certutil: still CT,c," all_trust "$h" "CT,c,"
done

# ==== 4. a broken database on ws2 ===================================================================
BRK=/home/dave/.thunderbird/brkn0000.default
on ws2 sh -c "mkdir $BRK && echo 'not a database' >$BRK/cert9.db &&
    cp /home/dave/.thunderbird/t1h2u3n4.default-release/key4.db $BRK/ &&
    cp /home/dave/.thunderbird/profiles.ini /srv/fleet/tb-profiles.ini &&
    printf '\n[Profile1]\nName=broken\nIsRelative=1\nPath=brkn0000.default\n' \
        >>/home/dave/.thunderbird/profiles.ini && chown -R dave:dave $BRK"
# (the module alone: the role's package tasks were proven by runs 1-3)
playbook r4 import.yml -e "fleet_trust=CT,C,"
expect_rc "run 4 (a broken database on ws2): ansible-playbook fails" 2
equals "run 4: ws2 failed, ws1 and ws3 completed" \
    "$(pq "[(h, stats[h]['failures']) for h in hosts]")" "[('ws1', 0), ('ws2', 1), ('ws3', 0)]"
BRK_REASON=$(pq "[r['reason'] for r in rows('Import for all users', 'ws2') if r['path'] == '$BRK'][0]")
contains "run 4, ws2: the row of the broken database says why ($BRK_REASON)" "$BRK_REASON" "database"
contains "run 4, ws2: the task's msg names the database and the row's reason" \
    "$(pq "res('Import for all users', 'ws2')['msg']")" "$BRK: failed: $BRK_REASON"
equals "run 4, ws2: every row in the failed result" \
    "$(pq "sorted(set(r['result'] for r in rows('Import for all users', 'ws2')))")" "['failed', 'updated']"
check "run 4, ws1: certutil: CT,C, everywhere" all_trust ws1 "CT,C,"
if [ -n "$FIREFOX_NSS" ]; then
    equals "run 4, ws1: the ESR profile updated to the form every NSS reads (row, both certutils)" \
        "$(pq "[(r['result'], r['trust'], r['trust_legacy'], r['trust_forms']) for r in rows('Import for all users', 'ws1') if r['path'] == '$ESR']") $(trust_ff ws1 "$ESR")" \
        "[('updated', 'CT,C,', 'CT,C,', ['legacy'])] CT,C,"
fi
check "run 4, ws3: certutil: CT,C, everywhere" all_trust ws3 "CT,C,"
equals "run 4, ws2: the other databases were updated (certutil)" \
    "$(trusts ws2 | grep -v "$BRK" | awk '{ print $2 }' | sort -u)" "CT,C,"
on ws2 sh -c "rm -rf $BRK && cat /srv/fleet/tb-profiles.ini >/home/dave/.thunderbird/profiles.ini"

# ==== 5. state: absent, with a file on the hosts ========================================================
playbook r5 site.yml -e "fleet_src=/srv/fleet/ca.pem" -e "fleet_state=absent"
expect_rc "run 5 (state: absent, src a file on each host)" 0
equals "run 5: removed (ws1 ws2 ws3)" \
    "$(pq "[summary('Apply the CAs', h) for h in hosts]")" \
    "[{'removed': 4}, {'removed': 5}, {'removed': 9, 'skipped': 1}]"
equals "run 5: src used on the host as it is" \
    "$(pq "res('Apply the CAs', 'ws2')['source']['given'], 'controller_file' in res('Apply the CAs', 'ws2')['source']")" \
    "('/srv/fleet/ca.pem', False)"
for h in $HOSTS; do
    equals "run 5, $h: certutil: the CA is in no database" "$(trusts "$h" | awk '$2 != "-"')" ""
    equals "run 5, $h: every file still its user's" "$(field "$h" foreign)" ""
done
equals "run 5, ws1: the policy removed too" "$(field ws1 policy | grep -c 'mozilla/certificates/')" 0

# ==== 6. fail_on_skipped's default, users by name, apps =====================================================
playbook r6 apps.yml
expect_rc "run 6 (ws3: module options)" 0
equals "run 6: a skipped database fails the task by default, with its row" \
    "$(pq "res('fail_on_skipped left at its default', 'ws3')['failed'], [r['result'] for r in rows('fail_on_skipped left at its default', 'ws3')]")" \
    "(True, ['skipped'])"
contains "run 6: ... and its msg gives the reason" \
    "$(pq "res('fail_on_skipped left at its default', 'ws3')['msg']")" "old12345.default: skipped: "
equals "run 6: users [gina], apps [thunderbird]: one row, gina's Thunderbird" \
    "$(pq "[(r['user'], r['app'], r['result']) for r in rows(\"Only gina's Thunderbird\", 'ws3')]")" \
    "[('gina', 'thunderbird', 'imported')]"
equals "run 6: apps is ffcert's --app: one run, without --profile or a dry run first" \
    "$(pq "[(x.count('--app'), '--profile' in x, '--dry-run' in x) for x in res(\"Only gina's Thunderbird\", 'ws3')['commands']]")" \
    "[(1, False, False)]"
equals "run 6: certutil: that database alone holds the CA" "$(trusts ws3 | awk '$2 != "-"')" \
    "/home/gina/.thunderbird/t1h2u3n4.default-release CT,c,"
equals "run 6: every file still its user's" "$(field ws3 foreign)" ""
equals "run 6: profiles: the folder as it is, no search (check mode)" \
    "$(pq "[(r['app'], r['result']) for r in rows('profiles named with profiles', 'ws3')]")" \
    "[('nssdb', 'would-import')]"
equals "run 6: homes + apps: only those programs of that home (check mode)" \
    "$(pq "sorted((r['app'], r['result']) for r in rows('homes and apps', 'ws3'))")" \
    "[('chromium', 'would-import'), ('firefox-snap', 'would-import')]"
equals "run 6: apps [firefox]: its snap and flatpak too, 6 databases (check mode)" \
    "$(pq "sorted(set(r['app'] for r in rows('apps firefox covers its snap and flatpak', 'ws3'))), len(rows('apps firefox covers its snap and flatpak', 'ws3'))")" \
    "(['firefox', 'firefox-flatpak', 'firefox-snap'], 6)"
equals "run 6: check mode wrote nothing: still one database with the CA" \
    "$(trusts ws3 | awk '$2 != "-"' | wc -l)" 1
on ws3 ffcert doctor --all-users --json >/dev/null 2>&1
case $? in
2) want="(1, 2)" how="refused by this ffcert: then one run per account, as that account" ;;
*) want="(1, 0)" how="this ffcert has it: one run" ;;
esac
equals "run 6: ffcert_info: doctor --all-users tried first ($how)" \
    "$(pq "(lambda c: (sum('--all-users' in x for x in c), sum(x[0] == 'setpriv' for x in c)))([x for x in res('as data', 'ws3')['commands'] if 'doctor' in x])")" \
    "$want"
equals "run 6: ffcert_info doctor: gina's 9 databases and hank's, run as each user" \
    "$(pq "sorted(set((r['user'], [x['user'] for x in res('as data', 'ws3')['doctor']].count(r['user'])) for r in res('as data', 'ws3')['doctor']))")" \
    "[('gina', 9), ('hank', 1)]"
equals "run 6: ffcert_info policy and catalogue" \
    "$(pq "res('as data', 'ws3')['policy']['command'], 'nii-g8-rsa' in [e['name'] for e in res('as data', 'ws3')['catalog']['entries']]")" \
    "('policy status', True)"
on ws3 ffcert remove /srv/fleet/ca.pem --all-users >/dev/null 2>&1

# ==== 7. time: the module on the fleet, and ffcert alone on the same data =====================================
playbook r7 import.yml
T_FLEET=$SECS
expect_rc "run 7 (the module alone, all hosts, all users)" 0
equals "run 7: imported everywhere" "$(pq "[summary('Import for all users', h) for h in hosts]")" \
    "[{'imported': 4}, {'imported': 5}, {'imported': 9, 'skipped': 1}]"
for h in $HOSTS; do on "$h" ffcert remove /srv/fleet/ca.pem --all-users >/dev/null 2>&1; done
t0=$(date +%s.%N)
alone=""
for h in $HOSTS; do
    pw=""
    [ "$h" = ws2 ] && pw="--password-file /etc/ffcert-fleet/primary-password"
    # shellcheck disable=SC2086
    on "$h" ffcert import /srv/fleet/ca.pem --all-users --trust CT,c, --json $pw \
        >"$R/alone-$h.json" 2>&1 &
    alone="$alone $!"
done
# (a bare `wait` would wait for the hosts' sshd too)
for p in $alone; do wait "$p"; done
T_ALONE=$(awk -v a="$t0" -v b="$(date +%s.%N)" 'BEGIN { print b - a }')
for h in $HOSTS; do
    check "ffcert alone, $h: certutil: every database CT,c," all_trust "$h" "CT,c,"
done
printf '# fleet: 3 hosts, %d databases (+1 legacy skipped)\n' "$NDB"
printf '# fleet: first run of the role (install the .deb + import), ansible-playbook: %.2f s\n' "$T_FIRST"
printf '# fleet: import with ffcert_ca, ansible-playbook over SSH:      %.2f s\n' "$T_FLEET"
printf '# fleet: ffcert import --all-users alone (3 hosts in parallel):  %.2f s\n' "$T_ALONE"

# ==== 8. the role's other ways: purge, then apt from a repository ============================================
# ws3's apt knows only the repository the role adds (no network in tests).
on ws3 sh -c 'rm -f /etc/apt/sources.list /etc/apt/sources.list.d/*'
playbook r8 repo.yml
expect_rc "run 8 (ws3: purge, then install from an apt repository)" 0
[ "$RC" -eq 0 ] || show_failures
equals "run 8: ffcert_package_state absent purged the package" \
    "$(pq "top('Remove the package', 'ws3')['changed']")" true
equals "run 8: installed again from the repository" \
    "$(pq "top('Install the package from apt', 'ws3')['changed'], top('The repository', 'ws3')['changed']")" \
    "(True, True)"
equals "run 8, ws3: dpkg: ffcert $DEB_VERSION, /usr/bin/ffcert" "$(field ws3 deb) $(field ws3 ffcert)" \
    "$DEB_VERSION /usr/bin/ffcert"

# ==== teardown, checked ==============================================================================================
cp "$R/hosts.started" "$R/hosts.list"
teardown
left=""
while read -r name pid ns; do left="$left$(host_pids "$ns")"; done <"$R/hosts.list"
equals "teardown: no process of any host namespace is left (sshd, sessions, lock holder)" "$left" ""
equals "teardown: nothing listens on the hosts' addresses" \
    "$(ss -Hltn 2>/dev/null | grep -c " 127\.0\.$B\.[0-9]*:$PORT ")" 0
equals "teardown: no ssh client of the test is left" "$(our_clients)" ""
equals "teardown: no mount of the test in this namespace" "$(grep -c "$R" /proc/self/mountinfo)" 0
finish
