#!/bin/sh
# Bad SOURCE files, bad --profile folders, bad databases and bad options: each gives a
# clear message naming the file/profile and the cause, the documented exit status,
# and leaves every database byte-for-byte as it was.
. "$(dirname "$0")/../lib.sh"

R=$(cd "$T" && pwd -P)
NOBODY="setpriv --reuid=65534 --regid=65534 --clear-groups"

# ---- local helpers ---------------------------------------------------------------

# uid 65534 may not reach the clone (a 0700 home, /root): it runs a copy of ffcert
# under $T and reads a copy of the CA.
FFCERT_NOBODY=$(ffcert_for_nobody)
INTER_FOR_NOBODY="$R/inter-ca-for-nobody.pem"
cp "$INTER" "$INTER_FOR_NOBODY"
chmod 644 "$INTER_FOR_NOBODY"

# run_nobody ARGS...: like run, as uid/gid 65534 with no groups (tests run as root,
# and root reads and writes anything).
run_nobody() {
    $NOBODY "$FFCERT_NOBODY" "$@" >"$T/out" 2>"$T/err"
    RC=$?
    OUT=$(cat "$T/out")
    ERR=$(cat "$T/err")
}

# reason DIR: the line after DIR's row (for a row with no trust: its reason), trimmed.
reason() {
    printf '%s\n' "$OUT" | awk -v p="$1" 'found { sub(/^ +/, ""); print; exit } $3 == p { found = 1 }'
}

# The databases every case must leave alone: an empty one and one holding a CA.
guard_pair "$R"


# source_case DESC FILE CAUSE [COMMAND]: SOURCE FILE is refused with exit 2, one line on
# stderr naming FILE and containing CAUSE, nothing on stdout, nothing written.
source_case() {
    run "${4:-import}" "$2" --profile "$A" --profile "$B"
    expect_rc "$1" 2
    one_line "$1: one line on stderr"
    contains "$1: stderr names the file" "$ERR" "$2"
    contains "$1: stderr gives the cause" "$ERR" "$3"
    equals "$1: nothing on stdout" "$OUT" ""
    untouched "$1"
}

# ---- unusable SOURCE ----------------------------------------------------------------

source_case "missing file" "$R/no-such-file.pem" "No such file or directory"
mkdir "$R/a-folder"
source_case "folder as SOURCE" "$R/a-folder" "Is a directory"
source_case "empty file" "$CERTS/empty.pem" "empty"
source_case "garbage" "$CERTS/garbage.txt" "not a certificate"
source_case "truncated DER" "$CERTS/truncated.der" "truncated"
source_case "truncated PEM" "$CERTS/truncated.pem" "truncated"
source_case "bare base64 (no PEM lines)" "$CERTS/bare-base64.txt" "not a certificate"
source_case "not a CA (leaf.pem)" "$CERTS/leaf.pem" "not a CA certificate"
source_case "remove: garbage" "$CERTS/garbage.txt" "not a certificate" remove
source_case "status: truncated PEM" "$CERTS/truncated.pem" "truncated" status

# More certificates than one file may hold (64): refused whole, never cut. The file is
# other-ca, 63 leaves, then the intermediate: whole, the CA is the last (the leaf before
# it names it as issuer); cut to its first 64, it would be other-ca, the first.
i=0; cp "$CERTS/other-ca.pem" "$R/65.pem"
while [ $i -lt 63 ]; do cat "$CERTS/leaf.pem" >>"$R/65.pem"; i=$((i + 1)); done
cat "$INTER" >>"$R/65.pem"
source_case "PEM with 65 certificates" "$R/65.pem" "more than 64 certificates"
openssl crl2pkcs7 -nocrl -certfile "$R/65.pem" -outform DER -out "$R/65.p7b"
source_case "PKCS#7 with 65 certificates" "$R/65.p7b" "more than 64 certificates"
# A PKCS#7 bundle with no certificate at all, which NSS decodes without complaint.
openssl crl2pkcs7 -nocrl -outform DER -out "$R/none.p7c"
source_case "PKCS#7 with no certificate" "$R/none.p7c" "no certificate in the file"
run show "$R/none.p7c" --json
expect_rc "show --json: PKCS#7 with no certificate" 2
equals "... the error document" "$(jget "d['error']")" "$R/none.p7c: no certificate in the file (a PKCS#7 bundle with none)"
# Blocks that are not certificates do not count: 64 certificates and a CRL block pass,
# and the CA is still the last one.
awk '/-----BEGIN/ { n++ } n != 2' "$R/65.pem" >"$R/64.pem"
printf -- '-----BEGIN X509 CRL-----\nAAAA\n-----END X509 CRL-----\n' >>"$R/64.pem"
new_db "$R/db-64"
run import "$R/64.pem" --profile "$R/db-64"
expect_rc "PEM with 64 certificates and a CRL: imported" 0
equals "PEM with 64 certificates and a CRL: the last one is the trusted CA" \
    "$(oracle_trust "$R/db-64" "$NICK")" "c,c,"

# Unreadable: root reads anything, so run as uid 65534.
cp "$INTER" "$R/unreadable.pem"
chmod 000 "$R/unreadable.pem"
if $NOBODY "$FFCERT_NOBODY" --help >/dev/null 2>&1; then
    run_nobody import "$R/unreadable.pem" --profile "$A" --profile "$B"
    expect_rc "unreadable file" 2
    one_line "unreadable file: one line on stderr"
    contains "unreadable file: stderr names the file" "$ERR" "$R/unreadable.pem"
    contains "unreadable file: stderr gives the cause" "$ERR" "Permission denied"
    equals "unreadable file: nothing on stdout" "$OUT" ""
    untouched "unreadable file"
else
    skip "unreadable file" "uid 65534 cannot run $FFCERT_NOBODY (setpriv?)"
fi

# ---- bad --profile folders ---------------------------------------------------------

# db_problem_on_stderr DESC DIR CAUSE: stderr has one line naming DIR and CAUSE. Per
# database problems are also in the report's row on stdout; the brief asks for stderr.
db_problem_on_stderr() {
    case "$ERR" in *"$2"*"$3"*) got=yes ;; *) got=no ;; esac
    if [ "$got" = yes ] && [ "$(printf '%s\n' "$ERR" | wc -l)" -eq 1 ]; then
        ok "$1: one line on stderr naming the profile and the cause"
    else
        not_ok "$1: stderr is not one line naming '$2' and '$3'"
        printf '%s\n' "$ERR" | sed 's/^/# stderr: /'
    fi
}

good="$R/good-1"
new_db "$good"
run import "$INTER" --profile "$R/no-such-folder" --profile "$good"
expect_rc "nonexistent --profile next to a good one" 1
equals "nonexistent --profile: row failed" "$(row "$R/no-such-folder" 1)" failed
equals "nonexistent --profile: reason" "$(reason "$R/no-such-folder")" "no such folder"
equals "nonexistent --profile: the good one is imported" "$(row "$good" 1)" imported
equals "nonexistent --profile: oracle of the good one" "$(oracle_trust "$good" "$NICK")" "c,c,"
contains "nonexistent --profile: summary" "$OUT" "2 databases: 1 imported, 1 failed."
check "nonexistent --profile: not created" [ ! -e "$R/no-such-folder" ]
db_problem_on_stderr "nonexistent --profile" "$R/no-such-folder" "no such folder"
untouched "nonexistent --profile"

run import "$INTER" --profile "$A/cert9.db"
expect_rc "--profile at cert9.db" 1
equals "--profile at cert9.db: row failed" "$(row "$A/cert9.db" 1)" failed
contains "--profile at cert9.db: says to give the folder" "$(reason "$A/cert9.db")" \
    "give the folder"
db_problem_on_stderr "--profile at cert9.db" "$A/cert9.db" "folder"
untouched "--profile at cert9.db"

mkdir "$R/empty-folder"
run import "$INTER" --profile "$R/empty-folder"
expect_rc "--profile at an empty folder" 1
equals "--profile at an empty folder: row skipped" "$(row "$R/empty-folder" 1)" skipped
equals "--profile at an empty folder: stays empty (no cert9.db created)" \
    "$(ls -A "$R/empty-folder")" ""
db_problem_on_stderr "--profile at an empty folder" "$R/empty-folder" "no certificate database"
run import "$INTER" --profile "$R/empty-folder" --trust-websites --nickname x --json
expect_rc "--profile at an empty folder --json" 1
equals "--profile at an empty folder --json: still empty" "$(ls -A "$R/empty-folder")" ""
untouched "--profile at an empty folder"

# Corrupted cert9.db next to a real key4.db.
bad="$R/corrupt"
new_db "$bad"
head -c 4096 /dev/urandom >"$bad/cert9.db"
good="$R/good-2"
new_db "$good"
before=$(snapshot "$bad")
run import "$INTER" --profile "$bad" --profile "$good"
expect_rc "corrupted cert9.db next to a good profile" 1
equals "corrupted cert9.db: row failed" "$(row "$bad" 1)" failed
contains "corrupted cert9.db: clear reason" "$(reason "$bad")" "cannot open the database"
check "corrupted cert9.db: files unchanged" [ "$(snapshot "$bad")" = "$before" ]
equals "corrupted cert9.db: the good one is imported" "$(row "$good" 1)" imported
equals "corrupted cert9.db: oracle of the good one" "$(oracle_trust "$good" "$NICK")" "c,c,"
db_problem_on_stderr "corrupted cert9.db" "$bad" "cannot open the database"
run remove "$INTER" --profile "$bad"
expect_rc "corrupted cert9.db: remove" 1
check "corrupted cert9.db: files unchanged by remove" [ "$(snapshot "$bad")" = "$before" ]
untouched "corrupted cert9.db"

# Unwritable: root-owned 0644 files in a 0755 folder, ffcert as uid 65534.
ro="$R/readonly"
new_db "$ro"
chmod 644 "$ro"/*
chmod 755 "$ro"
before=$(snapshot "$ro")
if $NOBODY test -r "$ro/cert9.db" && ! $NOBODY test -w "$ro/cert9.db"; then
    run_nobody status "$INTER_FOR_NOBODY" --profile "$ro"
    expect_rc "unwritable database: status still reads it (absent)" 1
    equals "unwritable database: status row" "$(row "$ro" 1)" absent
    run_nobody import "$INTER_FOR_NOBODY" --profile "$ro"
    expect_rc "unwritable database: import" 1
    equals "unwritable database: row failed" "$(row "$ro" 1)" failed
    contains "unwritable database: reason says it cannot write" "$(reason "$ro")" "writ"
    db_problem_on_stderr "unwritable database" "$ro" "writ"
    check "unwritable database: files unchanged" [ "$(snapshot "$ro")" = "$before" ]
    equals "unwritable database: oracle has nothing" "$(oracle_count "$ro")" 0
    # The same with the certificate already there: neither update nor remove writes.
    chmod 600 "$ro"/*
    run import "$INTER" --profile "$ro"
    chmod 644 "$ro"/*
    before=$(snapshot "$ro")
    run_nobody import "$INTER_FOR_NOBODY" --profile "$ro" --trust-websites
    expect_rc "unwritable database: trust update" 1
    equals "unwritable database: update row failed" "$(row "$ro" 1)" failed
    run_nobody remove "$INTER_FOR_NOBODY" --profile "$ro"
    expect_rc "unwritable database: remove" 1
    equals "unwritable database: remove row failed" "$(row "$ro" 1)" failed
    check "unwritable database: files unchanged by update and remove" \
        [ "$(snapshot "$ro")" = "$before" ]
    equals "unwritable database: oracle still c,c," "$(oracle_trust "$ro" "$NICK")" "c,c,"
else
    skip "unwritable database" "uid 65534 cannot read $ro or can write it"
fi
untouched "unwritable database"

# ---- bad options ------------------------------------------------------------------

# option_case DESC NEEDLE ARGS...: exit 2, one line on stderr containing NEEDLE.
option_case() {
    d=$1 needle=$2
    shift 2
    run "$@"
    expect_rc "$d" 2
    one_line "$d: one line on stderr"
    contains "$d: stderr names the problem" "$ERR" "$needle"
    equals "$d: nothing on stdout" "$OUT" ""
    untouched "$d"
}
option_case "unknown option" "--bogus" import "$INTER" --bogus --profile "$A" --profile "$B"
option_case "bad trust letter" "X,," import "$INTER" --trust "X,," --profile "$A" --profile "$B"
option_case "--trust with --trust-websites" "--trust-websites" \
    import "$INTER" --trust "C,," --trust-websites --profile "$A" --profile "$B"
option_case "--home with --profile" "--home" \
    import "$INTER" --home "$R" --profile "$A" --profile "$B"
option_case "missing SOURCE" "SOURCE" import --profile "$A" --profile "$B"
option_case "status: unknown option" "--bogus" status "$INTER" --bogus --profile "$A"
option_case "remove: --trust is not a remove option" "--trust" \
    remove "$INTER" --trust "C,," --profile "$A" --profile "$B"

# ---- trust letters NSS cannot store ---------------------------------------------------

# NSS's sql database has no place for w (nor i, g): certutil -t "c,,w" stores "c,,".
# An import asking for it can never reach the requested state, so it must be refused
# before anything is written. Own databases, so that a write cannot spoil A and B.
W1="$R/w-empty"
W2="$R/w-holding"
new_db "$W1"
new_db "$W2"
certutil -A -d "sql:$W2" -n "$NICK" -t "CT,c," -i "$INTER"
snap1=$(snapshot "$W1")
snap2=$(snapshot "$W2")
run import "$INTER" --trust "c,,w" --profile "$W1" --profile "$W2"
expect_rc "--trust c,,w (cannot be stored)" 2
one_line "--trust c,,w: one line on stderr"
contains "--trust c,,w: stderr names the letter" "$ERR" "'w'"
check "--trust c,,w: databases unchanged" \
    [ "$(snapshot "$W1")$(snapshot "$W2")" = "$snap1$snap2" ]
equals "--trust c,,w: oracle unchanged" "$(oracle_count "$W1") $(oracle_trust "$W2" "$NICK")" \
    "0 CT,c,"

# ---- no database at all ------------------------------------------------------------

mkdir "$R/empty-home"
run import "$INTER" --home "$R/empty-home"
expect_rc "no database under --home" 3
one_line "no database under --home: one line on stderr"
contains "no database under --home: stderr names the folder" "$ERR" "$R/empty-home"
equals "no database under --home: nothing created" "$(ls -A "$R/empty-home")" ""
untouched "no database under --home"

finish
