#!/bin/sh
# Crash safety: ffcert killed with SIGKILL (its whole process group, workers too) at
# random moments while it imports into, or updates, 100 databases. After every kill:
# - each database, once SQLite has rolled back the transaction the kill interrupted
#   (as the next read-write open does: Firefox's, or ffcert's), opens with certutil,
#   keeps what it held (a certificate with its trust, a key) and holds the new CA
#   with a complete trust, not at all, or with no trust (",,"): NSS stores a
#   certificate and its trust (and, on an update, the trust in cert9.db and its MAC in
#   key4.db) in separate transactions, so a kill between them leaves ",,", which is
#   counted and shown here; the next run completes it;
# - the next uninterrupted ffcert run, facing whatever the kill left (hot journals
#   included), finishes the job with exit 0.
# How the databases looked to a read-only reader right after each kill is reported as
# statistics. Then a full disk and a read-only mount: a clear failure for that profile,
# nothing changed there, the others done.
#
# Bounded: about 75 s. FFCERT_FAULT_ROUNDS (default 18), FFCERT_FAULT_BUDGET (seconds
# for setup and kill rounds, default 60: fewer rounds on a loaded machine) and
# FFCERT_FAULT_SEED (default random, printed) reproduce a run.
. "$(dirname "$0")/../lib.sh"

OTHER="$CERTS/other-ca.pem"
R=$(cd "$T" && pwd -P)
NDB=100
ROUNDS=${FFCERT_FAULT_ROUNDS:-18}
BUDGET=${FFCERT_FAULT_BUDGET:-60} # s for setup and rounds; past it, no round after the 12th
SEED=${FFCERT_FAULT_SEED:-$(od -An -N4 -tu4 /dev/urandom | tr -d ' ')}
START=$(date +%s)

# ---- clean-up: mounts and a running ffcert first, then $T ----------------------------

MOUNTS=""
VICTIM=""
cleanup() {
    [ -n "$VICTIM" ] && /bin/kill -KILL -- "-$VICTIM" 2>/dev/null
    pkill -KILL -f "$R/bin/ffcert-stuck" 2>/dev/null
    for m in $MOUNTS; do umount "$m" 2>/dev/null || umount -l "$m" 2>/dev/null; done
    for m in $MOUNTS; do
        if mountpoint -q "$m" 2>/dev/null; then
            echo "# cannot unmount $m: $T left in place" >&2
            return
        fi
    done
    rm -rf "$T"
}
trap cleanup EXIT
trap 'exit 130' INT TERM HUP

# ---- local helpers ------------------------------------------------------------------


# now_ms: milliseconds since the epoch.
now_ms() { date +%s%3N; }

# rollback DIR: what the next read-write open of DIR does after a crash: SQLite rolls
# back the interrupted transaction (a hot -journal) of cert9.db and key4.db.
rollback() {
    python3 -c '
import sqlite3, sys
for f in ("cert9.db", "key4.db"):
    c = sqlite3.connect(sys.argv[1] + "/" + f)
    c.execute("SELECT count(*) FROM sqlite_master").fetchall()
    c.close()' "$1"
}

# dump_one DIR [AS]: certutil -L and -K of DIR, labelled AS (default DIR).
dump_one() {
    echo "@db ${2:-$1}"
    certutil -L -d "sql:$1" 2>&1 || echo "@fail"
    echo "@keys"
    certutil -K -d "sql:$1" </dev/null 2>&1
}

# dump: every database into $R/dump, two processes at a time. A database the kill left
# with a journal is looked at twice: as it is, read-only (its state counted in
# $R/raw), and as a copy after rollback (checked; the original is left as the kill
# left it, for the next ffcert run to cope with).
dump() {
    rm -rf "$R/copies"
    mkdir -p "$R/copies"
    : >"$R/raw"
    set -- $DBS
    d_half=$((($# + 1) / 2)) d_i=0
    for d_db in "$@"; do
        d_i=$((d_i + 1))
        [ $d_i -le $d_half ] && echo "$d_db" >>"$R/dbs.1" || echo "$d_db" >>"$R/dbs.2"
    done
    for d_part in 1 2; do
        while read -r d_db; do
            if ls "$d_db"/*-journal >/dev/null 2>&1; then
                dump_one "$d_db" "$d_db" >"$R/copies/raw.$d_part.tmp"
                awk -v nick="$NICK" -v name="${d_db##*/}" '
                    /^@fail$/ { st = "unreadable" }
                    /^@/ { next }
                    { t = $NF; $NF = ""; sub(/ +$/, ""); if ($0 == nick) ca = t }
                    END { if (st == "") st = (ca == "" ? "absent" : ca)
                          print name, st }' "$R/copies/raw.$d_part.tmp" >>"$R/raw.$d_part"
                d_c="$R/copies/${d_db##*/}"
                cp -a "$d_db" "$d_c"
                rollback "$d_c"
                dump_one "$d_c" "$d_db"
            else
                dump_one "$d_db"
            fi
        done <"$R/dbs.$d_part" >"$R/dump.$d_part" &
    done
    wait
    cat "$R/dump.1" "$R/dump.2" >"$R/dump"
    cat "$R/raw.1" "$R/raw.2" >"$R/raw" 2>/dev/null
    rm -f "$R/dump.1" "$R/dump.2" "$R/dbs.1" "$R/dbs.2" "$R/raw.1" "$R/raw.2"
}

# ---- 100 databases in one home --------------------------------------------------------

H="$R/home"
FF="$H/.mozilla/firefox"
mkdir -p "$FF"
head -c 4096 /dev/urandom >"$R/noise"
t0=$(now_ms)
i=1
: >"$FF/profiles.ini"
DBS=""
while [ $i -le $NDB ]; do
    p=$(printf 'p%03d.default' $i)
    printf '[Profile%d]\nName=p%03d\nIsRelative=1\nPath=%s\n\n' $((i - 1)) $i "$p" >>"$FF/profiles.ini"
    DBS="$DBS $FF/$p"
    i=$((i + 1))
done
# Two at a time: each database is made by certutil (-N, -A, -G) on its own.
for part in 0 1; do
    i=0
    for db in $DBS; do
        i=$((i + 1))
        [ $((i % 2)) -eq $part ] || continue
        new_db "$db"
        certutil -A -d "sql:$db" -n other -t "C,," -i "$OTHER"
        certutil -G -k ec -q nistp256 -d "sql:$db" -z "$R/noise" </dev/null >/dev/null 2>&1
    done &
done
wait
printf '[General]\nStartWithLastProfile=1\nVersion=2\n' >>"$FF/profiles.ini"
echo "# made $NDB databases (certutil -N, -A other C,,, -G ec key) in $(($(now_ms) - t0)) ms"

# ---- the check after each kill ------------------------------------------------------

# check_all LABEL ALLOWED: every database (after rollback, see dump) opens with
# certutil -L, holds "other" C,,, the same private keys as at the start (ids from
# certutil -K), nothing else but the CA, and the CA either absent or with a trust in
# ALLOWED ("c,c, CT,c,"). One TAP line; the state of the CA in each database is
# appended to $R/states (statistics), problems shown as comments.
# check_all --record: writes the keys of every database to $R/keys instead.
check_all() {
    label=$1 allowed=${2:-}
    t_check=$(now_ms)
    dump
    [ -f "$R/keys" ] || : >"$R/keys"
    awk -v nick="$NICK" -v allowed=" absent $allowed " -v label="$label" \
        -v states="$R/states" -v keysfile="$R/keys" -v ff="$FF/" -v badfile="$R/bad" '
        function flush(   st, problem, name) {
            if (db == "")
                return
            name = substr(db, length(ff) + 1)
            if (label == "--record") {
                print db, keys > keysfile
                return
            }
            st = failed ? "unopenable" : (ca == "" ? "absent" : ca)
            print st >> states
            problem = ""
            if (failed)
                problem = problem " certutil -L fails: " err ";"
            else {
                if (other != "C,,")
                    problem = problem " other=" (other == "" ? "gone" : other) ";"
                if (index(allowed, " " st " ") == 0)
                    problem = problem " CA trust \"" st "\";"
                if (extra != "")
                    problem = problem " unexpected " extra ";"
            }
            if (keys != want[db])
                problem = problem " keys \"" keys "\" (were \"" want[db] "\");"
            if (problem != "") {
                bad++
                printf "# %s: %s:%s\n", label, name, problem
            }
        }
        FILENAME == keysfile { k = $1; $1 = ""; sub(/^ /, ""); want[k] = $0; next }
        /^@db / { flush(); db = substr($0, 5); mode = "L"; n = 0; failed = 0
                  other = ""; ca = ""; extra = ""; keys = ""; err = ""; next }
        /^@fail$/ { failed = 1; next }
        /^@keys$/ { mode = "K"; next }
        mode == "L" {
            n++
            if (err == "" && /certutil:/) err = $0
            if (n > 4 && NF && !/certutil:/) {
                t = $NF; $NF = ""; sub(/ +$/, "")
                if ($0 == "other") other = t
                else if ($0 == nick) ca = t
                else extra = extra "[" $0 "=" t "]"
            }
            next
        }
        mode == "K" && /^</ { sub(/^<[ 0-9]*> */, ""); keys = keys (keys == "" ? "" : " ") $1 ":" $2 }
        END { flush(); print bad + 0 > badfile }
    ' "$R/keys" "$R/dump"
    [ "$label" = "--record" ] && return
    if [ -s "$R/raw" ]; then
        echo "# $label: left with a journal, as a read-only reader saw them:" \
            "$(sort -k2 "$R/raw" | awk '{ printf "%s%s %s", (NR > 1 ? ", " : ""), $1, $2 }')"
        awk '{ print $2 }' "$R/raw" >>"$R/raw-states"
    fi
    journals=$((journals + $(wc -l <"$R/raw")))
    if [ "$(cat "$R/bad")" -eq 0 ]; then ok "$label: all $NDB databases sound"; else
        not_ok "$label: $(cat "$R/bad") of $NDB databases damaged"; fi
    t_checks=$((t_checks + $(now_ms) - t_check))
}
journals=0 t_checks=0
: >"$R/raw-states"

check_all --record
equals "setup: $NDB databases, each with one key" "$(awk 'NF == 2' "$R/keys" | wc -l)" $NDB

# ---- measure one full run of each kind ----------------------------------------------

# A first import warms the caches; the durations are then taken in the states the
# rounds start from (CA absent / CA with c,c,), and adjusted as the rounds go (see
# below): other work on the machine can make one measure wrong by a factor of 3.
run import "$INTER" --home "$H"
expect_rc "baseline: full import into $NDB databases" 0
contains "baseline: summary" "$OUT" "$NDB databases: $NDB imported."
t0=$(now_ms)
run import "$INTER" --home "$H" --trust-websites
T_UPDATE=$(($(now_ms) - t0))
expect_rc "baseline: full trust update of $NDB databases" 0
contains "baseline: update summary" "$OUT" "$NDB databases: $NDB updated."
check_all "baseline" "CT,c,"
run remove "$INTER" --home "$H"
expect_rc "baseline: remove from $NDB databases" 0
t0=$(now_ms)
run import "$INTER" --home "$H"
T_IMPORT=$(($(now_ms) - t0))
expect_rc "baseline: import again" 0
echo "# one full run: import ${T_IMPORT} ms, update ${T_UPDATE} ms; seed $SEED, $ROUNDS rounds"

# ---- kill -9 at random moments --------------------------------------------------------

# Each round starts with an uninterrupted run that must finish its job whatever the
# previous kill left: odd rounds remove the CA (ffcert remove) and are killed while
# importing it anew (a new certificate, then its trust); even rounds import it (c,c,
# everywhere) and are killed while updating c,c, -> CT,c,. The kill moments are spread over that kind's
# duration (see below). When a run finishes before its kill, its real duration becomes
# that kind's duration for the next rounds.
: >"$R/states"
half=$(((ROUNDS + 1) / 2))
killed=0 finished=0 recovered=0
k=1
while [ $k -le "$ROUNDS" ]; do
    if [ $k -gt 12 ] && [ $(($(date +%s) - START)) -ge "$BUDGET" ]; then
        echo "# time budget of ${BUDGET}s for setup and kill rounds spent: stopped after $((k - 1)) rounds"
        break
    fi
    slot=$(((k + 1) / 2))
    if [ $((k % 2)) -eq 1 ]; then
        kind=import total=$T_IMPORT allowed="c,c, ,,"
        run remove "$INTER" --home "$H"
        prep=remove
        set -- import "$INTER" --home "$H"
    else
        kind=update total=$T_UPDATE allowed="c,c, CT,c, ,,"
        run import "$INTER" --home "$H"
        prep=import
        set -- import "$INTER" --home "$H" --trust-websites
    fi
    if [ "$RC" -eq 0 ]; then
        [ $k -gt 1 ] && recovered=$((recovered + 1))
    else
        not_ok "round $k: the run after the kill ($prep before the $kind round) does not finish the job (exit $RC)"
        printf '%s\n' "$ERR" | head -5 | sed 's/^/# /'
    fi
    # Slot fractions in van der Corput order (1/2, 1/4, 3/4, 1/8...), jittered, so
    # that the rounds done before the time budget runs out still cover the whole run.
    delay=$(awk -v s="$SEED" -v k="$k" -v slot="$slot" -v n="$half" -v t="$total" '
        BEGIN { srand(s + k); q = 0; b = 0.5
                for (m = slot; m > 0; m = int(m / 2)) { if (m % 2) q += b; b /= 2 }
                f = q + (rand() - 0.5) / n; if (f < 0) f = -f; if (f >= 1) f = 2 - f - 0.001
                printf "%d", f * t }')
    # Its own process group (setsid without fork: a background job of this
    # non-interactive shell is no group leader), so that the kill reaches the workers
    # (-j) too, as a crash or power cut would. The sh around ffcert notes when it ended.
    rm -f "$R/victim-end"
    t0=$(now_ms)
    setsid sh -c '"$@"; echo "$? $(date +%s%3N)" >"$0"' "$R/victim-end" \
        "$FFCERT" "$@" >"$R/victim-out" 2>"$R/victim-err" &
    VICTIM=$!
    sleep "$(awk -v d="$delay" 'BEGIN { printf "%.3f", d / 1000 }')"
    procs=$(($(pgrep -g "$VICTIM" | wc -l) - 1))
    /bin/kill -KILL -- "-$VICTIM" 2>/dev/null
    wait "$VICTIM" 2>/dev/null
    i=0
    while pgrep -g "$VICTIM" >/dev/null && [ $i -lt 50 ]; do sleep 0.1; i=$((i + 1)); done
    VICTIM=""
    if [ -s "$R/victim-end" ]; then
        read -r status t_end <"$R/victim-end"
        took=$((t_end - t0))
        finished=$((finished + 1)) how="finished in ${took} ms before the kill at ${delay} ms, exit $status"
        if [ $kind = import ]; then T_IMPORT=$took; else T_UPDATE=$took; fi
    else
        killed=$((killed + 1)) how="killed at ${delay} ms of ${total}, $procs ffcert processes"
    fi
    before=$(wc -l <"$R/states")
    check_all "round $k ($kind, $how)" "$allowed"
    tail -n +$((before + 1)) "$R/states" | sort | uniq -c |
        awk '{ printf "%s%s %s", (NR > 1 ? ", " : "# states after rollback: "), $2, $1 } END { print "" }'
    k=$((k + 1))
done

ROUNDS=$((k - 1))
run import "$INTER" --home "$H"
if [ "$RC" -eq 0 ]; then recovered=$((recovered + 1)); else
    not_ok "after round $ROUNDS: the run after the kill does not finish the job (exit $RC)"
    printf '%s\n' "$ERR" | head -5 | sed 's/^/# /'
fi

echo "# kill statistics: $killed runs killed mid-way, $finished finished before the kill;"
echo "#   $journals databases left with a SQLite journal; read-only right after the kill:" \
    "$(sort "$R/raw-states" | uniq -c | awk '{ printf "%s%s %s", (NR > 1 ? ", " : ""), $2, $1 }')"
echo "#   the next uninterrupted run finished the job $recovered times of $ROUNDS"
echo "# state of the CA after rollback, over all rounds ($ROUNDS x $NDB databases):" \
    "$(sort "$R/states" | uniq -c | awk '{ printf "%s%s %s", (NR > 1 ? ", " : ""), $2, $1 }')"
echo "# time spent checking: $t_checks ms"
check "the kills were spread: most runs killed mid-way" [ $killed -ge $((ROUNDS / 2)) ]
equals "never a broken database nor a CA with partial trust (only absent, ,, or complete)" \
    "$(grep -c -v -x -e absent -e 'c,c,' -e 'CT,c,' -e ',,' "$R/states")" 0
equals "the run after each kill finished the job" "$recovered" $ROUNDS

# ---- finally: one run does it all ------------------------------------------------------

n=0
for db in $DBS; do [ "$(oracle_trust "$db" "$NICK")" = "c,c," ] && n=$((n + 1)); done
equals "after all the kills: certutil c,c, in every database" "$n" $NDB
run status "$INTER" --home "$H" --trust c,c,
expect_rc "after all the kills: status agrees" 0
check_all "final" "c,c,"

# ---- a hot journal, deterministically ------------------------------------------------

# What a kill in the middle of a write leaves, made on purpose: a writer of cert9.db
# killed with its transaction half on disk (a tiny page cache spills it) and the
# journal holding the original pages. Firefox's next (read-write) open rolls it back;
# ffcert's next run must cope the same way.
HOT="$R/hot-journal"
new_db "$HOT"
certutil -A -d "sql:$HOT" -n other -t "C,," -i "$OTHER"
crash_writer() {
    python3 -c '
import os, signal, sqlite3, sys
c = sqlite3.connect(sys.argv[1] + "/cert9.db", isolation_level=None)
c.execute("PRAGMA cache_size=1")
c.execute("BEGIN IMMEDIATE")
c.execute("CREATE TABLE crash_filler(x)")
for i in range(100):
    c.execute("INSERT INTO crash_filler VALUES (randomblob(4000))")
os.kill(os.getpid(), signal.SIGKILL)' "$1" 2>/dev/null
}
crash_writer "$HOT"
if [ -s "$HOT/cert9.db-journal" ]; then
    run import "$INTER" --profile "$HOT"
    expect_rc "hot journal: import after a crashed writer" 0
    equals "hot journal: row" "$(row "$HOT" 1)" imported
    equals "hot journal: certutil c,c," "$(oracle_trust "$HOT" "$NICK")" "c,c,"
    equals "hot journal: the other certificate kept" "$(oracle_trust "$HOT" other)" "C,,"
    equals "hot journal: the interrupted transaction rolled back" \
        "$(python3 -c 'import sqlite3, sys
print(sqlite3.connect(sys.argv[1] + "/cert9.db").execute(
    "SELECT count(*) FROM sqlite_master WHERE name = '"'crash_filler'"'").fetchone()[0])' "$HOT")" 0
    # The same in a run whose previous database needed no writing (read-only opens),
    # and for status, which writes nothing.
    DONE="$R/done"
    new_db "$DONE"
    certutil -A -d "sql:$DONE" -n "$NICK" -t "c,c," -i "$INTER"
    for cmd in import status; do
        rm -rf "$HOT"
        new_db "$HOT"
        certutil -A -d "sql:$HOT" -n other -t "C,," -i "$OTHER"
        crash_writer "$HOT"
        run "$cmd" "$INTER" --profile "$DONE" --profile "$HOT" -j 1
        equals "hot journal: $cmd after an unchanged database: row" "$(row "$HOT" 1)" \
            "$([ $cmd = import ] && echo imported || echo absent)"
        equals "hot journal: $cmd: the other certificate kept" "$(oracle_trust "$HOT" other)" "C,,"
    done
else
    skip "hot journal" "the killed python3 writer left no journal"
fi

# ---- full disk ----------------------------------------------------------------------

NORMAL="$R/normal"
new_db "$NORMAL"
FULLMNT="$R/full"
mkdir -p "$FULLMNT"
if mount -t tmpfs -o size=512k tmpfs "$FULLMNT" 2>"$R/mount-err"; then
    MOUNTS="$MOUNTS $FULLMNT"
    FULL="$FULLMNT/profile"
    new_db "$FULL"
    certutil -A -d "sql:$FULL" -n other -t "C,," -i "$OTHER"
    dd if=/dev/zero of="$FULLMNT/filler" bs=1k 2>/dev/null
    avail=$(df -k --output=avail "$FULLMNT" | tail -1 | tr -d ' ')
    before=$(snapshot "$FULL")
    run import "$INTER" --profile "$FULL" --profile "$NORMAL"
    expect_rc "full disk" 1
    equals "full disk: ${avail} KiB free, row failed" "$(row "$FULL" 1)" failed
    case "$(printf '%s\n' "$ERR" | grep -c .)|$ERR" in
        "1|"*"$FULL: failed: "*) ok "full disk: one line on stderr naming the profile" ;;
        *) not_ok "full disk: stderr is not one line naming $FULL"
           printf '%s\n' "$ERR" | sed 's/^/# stderr: /' ;;
    esac
    # A clear reason says the disk is full; NSS's own words for it do not.
    r=$(reason "$FULL")
    case "$r" in
        *space* | *full* | *Full*) ok "full disk: the reason says the disk is full" ;;
        *) not_ok "full disk: the reason does not say the disk is full: '$r'" ;;
    esac
    check "full disk: database byte-for-byte unchanged" [ "$(snapshot "$FULL")" = "$before" ]
    equals "full disk: certutil still has only what it had" \
        "$(oracle_trust "$FULL" other) $(oracle_count "$FULL")" "C,, 1"
    equals "full disk: the other profile imported" "$(row "$NORMAL" 1)" imported
    equals "full disk: certutil c,c, in the other profile" "$(oracle_trust "$NORMAL" "$NICK")" "c,c,"
    umount "$FULLMNT" && MOUNTS=$(echo "$MOUNTS" | sed "s| $FULLMNT||")
else
    skip "full disk" "cannot mount a tmpfs: $(head -1 "$R/mount-err")"
fi

# ---- read-only mount ----------------------------------------------------------------

RO="$R/readonly"
new_db "$RO"
certutil -A -d "sql:$RO" -n other -t "C,," -i "$OTHER"
NORMAL2="$R/normal-2"
new_db "$NORMAL2"
if mount --bind "$RO" "$RO" 2>"$R/mount-err"; then
    MOUNTS="$MOUNTS $RO"
    if mount -o remount,ro,bind "$RO" 2>"$R/mount-err" && ! touch "$RO/probe" 2>/dev/null; then
        before=$(snapshot "$RO")
        run import "$INTER" --profile "$RO" --profile "$NORMAL2"
        expect_rc "read-only mount" 1
        equals "read-only mount: row failed" "$(row "$RO" 1)" failed
        contains "read-only mount: the reason says read-only" "$(reason "$RO" | tr A-Z a-z)" "read-only"
        case "$(printf '%s\n' "$ERR" | grep -c .)|$ERR" in
            "1|"*"$RO: failed: "*) ok "read-only mount: one line on stderr naming the profile" ;;
            *) not_ok "read-only mount: stderr is not one line naming $RO"
               printf '%s\n' "$ERR" | sed 's/^/# stderr: /' ;;
        esac
        check "read-only mount: unchanged" [ "$(snapshot "$RO")" = "$before" ]
        equals "read-only mount: the other profile imported" "$(oracle_trust "$NORMAL2" "$NICK")" \
            "c,c,"
    else
        skip "read-only mount" "cannot remount read-only: $(head -1 "$R/mount-err")"
    fi
    umount "$RO" && MOUNTS=$(echo "$MOUNTS" | sed "s| $RO||")
else
    skip "read-only mount" "cannot bind-mount: $(head -1 "$R/mount-err")"
fi

# ---- a database NSS never finishes -------------------------------------------------

# Another program empties cert9.db while ffcert works on it (the test build does it
# just before the first write, in the databases holding "truncate-me"): NSS then looks
# for a free object ID for ever and no signal gets it out. The time limit (2 s in the
# test build) ends it; so does a second signal. A copy of the binary at a path of this
# test's own, so that its processes (workers are forks) can be found and none is left.
mkdir -p "$R/bin"
STUCK_BIN="$R/bin/ffcert-stuck"
cp "$TOP/build/tests/ffcert-faults" "$STUCK_BIN"
stuck_procs() { pgrep -f "$STUCK_BIN" 2>/dev/null | wc -l; }
STUCK="$R/stuck" FINE="$R/fine"
# fresh_pair: $STUCK (to be emptied) and $FINE, both new.
fresh_pair() {
    rm -rf "$STUCK" "$FINE"
    new_db "$STUCK"
    : >"$STUCK/truncate-me"
    new_db "$FINE"
}

fresh_pair
start=$(date +%s)
run_command env FFCERT_TEST_FAULT=truncate FFCERT_TEST_TIME_LIMIT=2 timeout -k 5 60 \
    "$STUCK_BIN" import "$INTER" --profile "$STUCK" --profile "$FINE" -j 1
took=$(($(date +%s) - start))
expect_rc "cert9.db emptied under NSS, in this process: it ends, failed" 1
check "... after the time limit, not for ever (${took} s)" [ "$took" -lt 20 ]
case "$(printf '%s\n' "$ERR" | grep -c .)|$ERR" in
    "1|ffcert: $STUCK: timed out: "*"stopped, the databases after it not processed") ok "... one line on stderr naming it and the cost" ;;
    *) not_ok "... stderr is not the time limit's one line"
       printf '%s\n' "$ERR" | sed 's/^/# stderr: /' ;;
esac
equals "... no process left" "$(stuck_procs)" 0

fresh_pair
start=$(date +%s)
run_command env FFCERT_TEST_FAULT=truncate FFCERT_TEST_TIME_LIMIT=2 timeout -k 5 60 \
    "$STUCK_BIN" import "$INTER" --profile "$STUCK" --profile "$FINE" -j 2 --json
took=$(($(date +%s) - start))
expect_rc "... in a worker (-j 2): the run ends, one database failed" 1
check "... after the time limit (${took} s)" [ "$took" -lt 20 ]
equals "... its row: timed out; the other database imported" \
    "$(printf '%s' "$OUT" | python3 -c '
import json, sys
d = json.load(sys.stdin)
print(" ".join(x["result"] + ("(timed out)" if "timed out" in (x["reason"] or "") else "")
               for x in d["databases"]))')" "failed(timed out) imported"
equals "... certutil c,c, in the other database" "$(oracle_trust "$FINE" "$NICK")" "c,c,"
equals "... no process left" "$(stuck_procs)" 0

# stuck_twice JOBS: SIGTERM, then SIGTERM again, to a run stuck on $STUCK (the normal
# 60 s limit); sets RC, FIRST (processes alive after the first) and LEFT.
stuck_twice() {
    fresh_pair
    FFCERT_TEST_FAULT=truncate "$STUCK_BIN" import "$INTER" --profile "$FINE" \
        --profile "$STUCK" -j "$1" >"$R/stuck.out" 2>"$R/stuck.err" &
    _pid=$!
    _end=$(($(date +%s) + 20))
    while [ "$(oracle_trust "$FINE" "$NICK")" != "c,c," ] && [ "$(date +%s)" -lt "$_end" ]; do
        sleep 0.1
    done
    sleep 0.5
    kill -TERM "$_pid"
    sleep 1
    FIRST=$(stuck_procs)
    kill -TERM "$_pid"
    _end=$(($(date +%s) + 5))
    while [ "$(stuck_procs)" -gt 0 ] && [ "$(date +%s)" -lt "$_end" ]; do sleep 0.1; done
    LEFT=$(stuck_procs)
    pkill -KILL -f "$STUCK_BIN" 2>/dev/null
    wait "$_pid"
    RC=$?
}
for jobs in 1 2; do
    stuck_twice "$jobs"
    check "-j $jobs, stuck: the first SIGTERM waits for the database in hand ($FIRST processes)" \
        [ "$FIRST" -ge 1 ]
    equals "-j $jobs, stuck: a second SIGTERM ends it at once, exit 143" "$RC" 143
    equals "-j $jobs, stuck: ... and leaves no process" "$LEFT" 0
done

# A hung-up terminal sends SIGHUP twice: that is one request to stop, not two.
fresh_pair
FFCERT_TEST_FAULT=truncate "$STUCK_BIN" import "$INTER" --profile "$STUCK" \
    >"$R/stuck.out" 2>"$R/stuck.err" &
pid=$!
sleep 1
kill -HUP "$pid"
kill -HUP "$pid"
sleep 1
equals "stuck, SIGHUP twice: still finishing the database in hand" "$(stuck_procs)" 1
kill -TERM "$pid"
wait "$pid"
equals "... then SIGTERM ends it at once (exit 143)" "$?" 143

# Started with SIGCHLD ignored (as some daemons leave it), the workers' exit statuses
# are still collected.
fresh_pair
rm -f "$STUCK/truncate-me"
run_command env --ignore-signal=CHLD "$FFCERT" import "$INTER" --profile "$STUCK" \
    --profile "$FINE" -j 2
expect_rc "SIGCHLD ignored at start, -j 2: both imported" 0

echo "# faults.sh took $(($(date +%s) - START)) s"
finish
