# Real Firefox and Thunderbird in tests, sourced (POSIX sh) after lib.sh by
# tests/integration/firefox.sh and thunderbird.sh: starting one headless, stopping it,
# and leaving no process behind on any exit.
#
# Every browser runs in a process group of its own (setsid), listed in BROWSER_GROUPS,
# with $BROWSER_MARK_VAR=$R in its environment, which its children (content processes,
# crash helper) inherit: that token finds exactly this run's processes. Servers the
# test starts go in SERVERS, and are stopped too.
#
#   browser_init VAR          the environment variable that marks this run's
#                             processes (FFCERT_FIREFOX_RUN); installs the exit trap
#   browser_start LOG PROGRAM ARGS...
#                             PROGRAM --headless ARGS, with the caller's HOME; BPID
#   browser_stop PID SECONDS  waits for it to exit by itself (0), else SIGTERM, then
#                             SIGKILL after 10 s (1); its group is gone and reaped
#   browser_network VAR_VALUE the "# network: ..." line; loopback up inside a private
#                             network namespace (VAR_VALUE "inside"), or bail out
#   ms                        milliseconds since the epoch

browser_init() {
    BROWSER_MARK_VAR=$1
    BROWSER_GROUPS="" SERVERS=""
    trap browser_cleanup EXIT
    trap 'exit 1' HUP INT TERM
}

# browser_marked: the pids of live processes of this run's browsers (never this shell).
browser_marked() {
    python3 - "$BROWSER_MARK_VAR=$R" <<'PY'
import os, sys
want = sys.argv[1].encode()
for p in os.listdir("/proc"):
    if not p.isdigit():
        continue
    try:
        with open("/proc/%s/stat" % p, "rb") as f:
            if f.read().rsplit(b")", 1)[1].split()[0] == b"Z":
                continue
        with open("/proc/%s/environ" % p, "rb") as f:
            if want in f.read().split(b"\0"):
                print(p)
    except (OSError, IndexError):
        pass
PY
}

# running PID: the process exists and is not a zombie.
running() {
    _s=$(sed 's/.*) //' "/proc/$1/stat" 2>/dev/null | cut -d' ' -f1)
    [ -n "$_s" ] && [ "$_s" != Z ]
}

browser_cleanup() {
    for p in $BROWSER_GROUPS; do kill -TERM -- "-$p" 2>/dev/null; done
    for p in $SERVERS; do kill -TERM "$p" 2>/dev/null; done
    i=0
    while [ $i -lt 50 ]; do
        left=$(browser_marked 2>/dev/null)
        for p in $BROWSER_GROUPS $SERVERS; do running "$p" && left="$left $p"; done
        case "$left" in *[0-9]*) ;; *) break ;; esac
        sleep 0.1
        i=$((i + 1))
    done
    for p in $BROWSER_GROUPS; do kill -KILL -- "-$p" 2>/dev/null; done
    for p in $SERVERS; do kill -KILL "$p" 2>/dev/null; done
    for p in $(browser_marked 2>/dev/null); do kill -KILL "$p" 2>/dev/null; done
    wait 2>/dev/null
    rm -rf "$T"
}

browser_start() {
    _log=$1 _program=$2
    shift 2
    # MOZ_REMOTE_SETTINGS_DEVTOOLS: honour user.js's services.settings.server.
    env "$BROWSER_MARK_VAR=$R" MOZ_CRASHREPORTER_DISABLE=1 MOZ_REMOTE_SETTINGS_DEVTOOLS=1 \
        setsid "$_program" --headless "$@" >>"$_log" 2>&1 </dev/null &
    BPID=$!
    BROWSER_GROUPS="$BROWSER_GROUPS $BPID"
}

browser_stop() {
    _rc=0 _i=0
    while running "$1" && [ $_i -lt $(($2 * 10)) ]; do
        sleep 0.1
        _i=$((_i + 1))
    done
    if running "$1"; then
        _rc=1
        kill -TERM "$1" 2>/dev/null
        _i=0
        while running "$1" && [ $_i -lt 100 ]; do
            sleep 0.1
            _i=$((_i + 1))
        done
    fi
    # The leader is a zombie or gone: its content processes go with the group.
    kill -KILL -- "-$1" 2>/dev/null
    wait "$1" 2>/dev/null
    # Reaped: its pid may be reused, so the final cleanup must not signal it again.
    BROWSER_GROUPS=$(echo " $BROWSER_GROUPS " | sed "s/ $1 / /")
    return $_rc
}

browser_network() {
    if [ "$1" = inside ]; then
        python3 "$TOP/tests/firefox/net.py" lo-up ||
            bail_out "cannot bring loopback up in the private network namespace"
        echo "# network: a private namespace (unshare -n) with loopback only"
    else
        echo "# network: the host's (no unshare): every connection but loopback goes to"
        echo "# 127.0.0.1:9; a Firefox without user.js may still look names up"
    fi
}

ms() { echo $(($(date +%s%N) / 1000000)); }
