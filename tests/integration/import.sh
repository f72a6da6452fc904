#!/bin/sh
# import / status / remove on --profile databases made by certutil, with every trust
# claim checked against the oracle (certutil -L), never only against ffcert's output.
. "$(dirname "$0")/../lib.sh"

ROOT_NICK="ffcert Test Root CA - ffcert Test PKI"
LEAF_NICK="ffcert test client - ffcert Test PKI"
OTHER_NICK="ffcert Other CA Unit - ffcert Test PKI"
# ffcert reports folders by their real path.
R=$(cd "$T" && pwd -P)

# ---- local helpers ---------------------------------------------------------------




# keys DIR: number of private keys certutil -K lists.
keys() { certutil -K -d "sql:$1" </dev/null 2>/dev/null | grep -c '^<'; }

# nick_fp DIR NICKNAME: fingerprint of the certificate stored under NICKNAME.
nick_fp() {
    certutil -L -d "sql:$1" -n "$2" -a 2>/dev/null |
        openssl x509 -noout -fingerprint -sha256 2>/dev/null | sed 's/^[^=]*=//'
}

# same DESC DIR BEFORE: DIR's files are byte-for-byte what snapshot gave BEFORE.
same() {
    if [ "$(snapshot "$2")" = "$3" ]; then ok "$1"; else
        not_ok "$1: database files changed"
    fi
}

INTER_FP=$(fp "$INTER")
ROOT_FP=$(fp "$CERTS/root-ca.pem")
check "openssl gives a fingerprint of the fixture" [ -n "$INTER_FP" ]

# ---- each trust combination --------------------------------------------------------

# trust_case NAME WANTED OPTIONS...: import into a fresh database, text then JSON.
trust_case() {
    name=$1 want=$2
    shift 2
    db="$R/trust-$name"
    new_db "$db"
    run import "$INTER" --profile "$db" "$@"
    expect_rc "$name: import" 0
    equals "$name: oracle trust" "$(oracle_trust "$db" "$NICK")" "$want"
    equals "$name: oracle holds one certificate" "$(oracle_count "$db")" 1
    equals "$name: text row" "$(row "$db" 1) $(row "$db" 2)" "imported $want"
    contains "$name: text summary" "$OUT" "1 database: 1 imported."

    db="$R/trust-$name-json"
    new_db "$db"
    run import "$INTER" --profile "$db" --json "$@"
    expect_rc "$name: import --json" 0
    equals "$name: oracle trust (json run)" "$(oracle_trust "$db" "$NICK")" "$want"
    equals "$name: json result" "$(jget 'd["databases"][0]["result"]')" imported
    equals "$name: json trust" "$(jget 'd["databases"][0]["trust"]')" "$want"
    equals "$name: json requested_trust" "$(jget 'd["requested_trust"]')" "$want"
    equals "$name: json trust_before" "$(jget 'd["databases"][0]["trust_before"]')" null
    equals "$name: json changed" "$(jget 'd["changed"]')" true
    equals "$name: json dry_run" "$(jget 'd["dry_run"]')" false
    equals "$name: json nickname" "$(jget 'd["databases"][0]["nickname"]')" "$NICK"
    equals "$name: json path" "$(jget 'd["databases"][0]["path"]')" "$db"
    equals "$name: json certificate.sha256 is openssl's" \
        "$(jget 'd["certificate"]["sha256"]')" "$INTER_FP"
    equals "$name: json summary" "$(jget 'd["summary"]')" "{'imported': 1}"
}

trust_case default "c,c,"
trust_case websites "CT,c," --trust-websites
trust_case email "c,C," --trust-email
trust_case both "CT,C," --trust-websites --trust-email
trust_case expert-CCC "C,C,C" --trust "C,C,C"
trust_case expert-none ",," --trust ",,"
trust_case expert-peer "P,," --trust "P,,"
trust_case expert-distrust "p,p,p" --trust "p,p,p"
trust_case expert-mixed "CT,C,c" --trust "CT,C,c"

# ---- idempotency -------------------------------------------------------------------

db="$R/idem"
new_db "$db"
run import "$INTER" --profile "$db"
expect_rc "idempotency: first import" 0
before=$(snapshot "$db")
run import "$INTER" --profile "$db"
expect_rc "idempotency: second identical import" 0
equals "idempotency: text row says unchanged" "$(row "$db" 1) $(row "$db" 2)" "unchanged c,c,"
contains "idempotency: summary" "$OUT" "1 database: 1 unchanged."
same "idempotency: files byte-for-byte unchanged" "$db" "$before"
run import "$INTER" --profile "$db" --json
expect_rc "idempotency: third import --json" 0
equals "idempotency: json result" "$(jget 'd["databases"][0]["result"]')" unchanged
equals "idempotency: json changed" "$(jget 'd["changed"]')" false
equals "idempotency: json trust_before" "$(jget 'd["databases"][0]["trust_before"]')" "c,c,"
same "idempotency: files unchanged after the json run" "$db" "$before"
equals "idempotency: oracle still c,c," "$(oracle_trust "$db" "$NICK")" "c,c,"
equals "idempotency: still one certificate" "$(oracle_count "$db")" 1

# ---- trust update ------------------------------------------------------------------

db="$R/update"
new_db "$db"
run import "$INTER" --profile "$db"
expect_rc "update: first import" 0
run import "$INTER" --profile "$db" --trust-websites --json
expect_rc "update: import --trust-websites" 0
equals "update: json result" "$(jget 'd["databases"][0]["result"]')" updated
equals "update: json trust_before" "$(jget 'd["databases"][0]["trust_before"]')" "c,c,"
equals "update: json trust" "$(jget 'd["databases"][0]["trust"]')" "CT,c,"
equals "update: json changed" "$(jget 'd["changed"]')" true
equals "update: oracle CT,c," "$(oracle_trust "$db" "$NICK")" "CT,c,"
equals "update: no second copy" "$(oracle_count "$db")" 1
run import "$INTER" --profile "$db" --trust-email
expect_rc "update: import --trust-email (text)" 0
equals "update: text row" "$(row "$db" 1) $(row "$db" 2)" "updated c,C,"
contains "update: text summary" "$OUT" "1 database: 1 updated."
equals "update: oracle c,C," "$(oracle_trust "$db" "$NICK")" "c,C,"
run import "$INTER" --profile "$db" --trust ",,"
expect_rc "update: import --trust ,, (take all trust away)" 0
equals "update: oracle ,," "$(oracle_trust "$db" "$NICK")" ",,"
run import "$INTER" --profile "$db"
expect_rc "update: back to the default" 0
equals "update: oracle c,c, again" "$(oracle_trust "$db" "$NICK")" "c,c,"
equals "update: still one certificate, same nickname" "$(oracle_count "$db") $(nick_fp "$db" "$NICK")" \
    "1 $INTER_FP"

# ---- status ------------------------------------------------------------------------

db="$R/status"
new_db "$db"
before=$(snapshot "$db")
run status "$INTER" --profile "$db"
expect_rc "status: absent" 1
equals "status: absent row" "$(row "$db" 1) $(row "$db" 2)" "absent -"
run status "$INTER" --profile "$db" --json
expect_rc "status --json: absent" 1
equals "status --json: absent result" "$(jget 'd["databases"][0]["result"]')" absent
equals "status --json: absent trust" "$(jget 'd["databases"][0]["trust"]')" null
same "status: writes nothing (absent)" "$db" "$before"

run import "$INTER" --profile "$db"
expect_rc "status: import for the next checks" 0
before=$(snapshot "$db")
run status "$INTER" --profile "$db"
expect_rc "status: present" 0
equals "status: present row" "$(row "$db" 1) $(row "$db" 2)" "present c,c,"
run status "$INTER" --profile "$db" --trust "c,c,"
expect_rc "status --trust c,c,: matches" 0
equals "status --trust c,c,: row" "$(row "$db" 1) $(row "$db" 2)" "present c,c,"
run status "$INTER" --profile "$db" --trust-websites
expect_rc "status --trust-websites on c,c,: mismatch" 1
equals "status --trust-websites: row" "$(row "$db" 1) $(row "$db" 2)" "mismatch c,c,"
contains "status --trust-websites: says what was expected" "$OUT" "CT,c,"
run status "$INTER" --profile "$db" --trust "C,C,C" --json
expect_rc "status --trust C,C,C --json: mismatch" 1
equals "status --json: mismatch result" "$(jget 'd["databases"][0]["result"]')" mismatch
equals "status --json: actual trust" "$(jget 'd["databases"][0]["trust"]')" "c,c,"
equals "status --json: requested trust" "$(jget 'd["requested_trust"]')" "C,C,C"
equals "status --json: changed" "$(jget 'd["changed"]')" false
same "status: writes nothing (present, mismatch)" "$db" "$before"
equals "status: oracle unchanged" "$(oracle_trust "$db" "$NICK")" "c,c,"

# ---- remove and --dry-run ----------------------------------------------------------

db="$R/dry"
new_db "$db"
before=$(snapshot "$db")
run import "$INTER" --profile "$db" --dry-run
expect_rc "dry-run import" 0
equals "dry-run import: row" "$(row "$db" 1)" would-import
contains "dry-run import: says nothing is written" "$OUT" "Dry run"
same "dry-run import: writes nothing" "$db" "$before"
equals "dry-run import: oracle has nothing" "$(oracle_count "$db")" 0
run import "$INTER" --profile "$db" --dry-run --json
expect_rc "dry-run import --json" 0
equals "dry-run import --json: result" "$(jget 'd["databases"][0]["result"]')" would-import
equals "dry-run import --json: dry_run" "$(jget 'd["dry_run"]')" true
equals "dry-run import --json: changed" "$(jget 'd["changed"]')" false
same "dry-run import --json: writes nothing" "$db" "$before"

run import "$INTER" --profile "$db"
expect_rc "remove: import first" 0
before=$(snapshot "$db")
run import "$INTER" --profile "$db" --trust-websites --dry-run
expect_rc "dry-run trust update" 0
equals "dry-run trust update: row" "$(row "$db" 1)" would-update
same "dry-run trust update: writes nothing" "$db" "$before"
equals "dry-run trust update: oracle still c,c," "$(oracle_trust "$db" "$NICK")" "c,c,"
run remove "$INTER" --profile "$db" --dry-run
expect_rc "dry-run remove" 0
equals "dry-run remove: row" "$(row "$db" 1)" would-remove
same "dry-run remove: writes nothing" "$db" "$before"
equals "dry-run remove: oracle still c,c," "$(oracle_trust "$db" "$NICK")" "c,c,"

run remove "$INTER" --profile "$db"
expect_rc "remove" 0
equals "remove: row" "$(row "$db" 1) $(row "$db" 2)" "removed -"
equals "remove: oracle shows nothing" "$(oracle_count "$db")" 0
equals "remove: oracle has no such nickname" "$(oracle_trust "$db" "$NICK")" ""
before=$(snapshot "$db")
run remove "$INTER" --profile "$db"
expect_rc "remove again" 0
equals "remove again: row" "$(row "$db" 1)" absent
same "remove again: writes nothing" "$db" "$before"
run remove "$INTER" --profile "$db" --json
expect_rc "remove again --json" 0
equals "remove again --json: result" "$(jget 'd["databases"][0]["result"]')" absent
equals "remove again --json: changed" "$(jget 'd["changed"]')" false

# ---- other certificates and keys are left alone ------------------------------------

db="$R/others"
new_db "$db"
certutil -A -d "sql:$db" -n other -t "C,," -i "$CERTS/other-ca.pem"
head -c 64 /dev/urandom >"$T/noise"
certutil -G -d "sql:$db" -z "$T/noise" </dev/null >/dev/null 2>&1
nkeys=$(keys "$db")
equals "others: setup has one key" "$nkeys" 1
equals "others: setup has the other CA" "$(oracle_trust "$db" other)" "C,,"
OTHER_FP=$(nick_fp "$db" other)

others_kept() { # DESC
    equals "$1: other CA keeps its trust" "$(oracle_trust "$db" other)" "C,,"
    equals "$1: other CA keeps its bytes" "$(nick_fp "$db" other)" "$OTHER_FP"
    equals "$1: key count unchanged" "$(keys "$db")" "$nkeys"
}
run import "$INTER" --profile "$db"
expect_rc "others: import" 0
equals "others: import oracle" "$(oracle_trust "$db" "$NICK")" "c,c,"
others_kept "others after import"
run import "$INTER" --profile "$db" --trust-websites
expect_rc "others: update" 0
equals "others: update oracle" "$(oracle_trust "$db" "$NICK")" "CT,c,"
others_kept "others after update"
run remove "$INTER" --profile "$db"
expect_rc "others: remove" 0
equals "others: remove oracle" "$(oracle_trust "$db" "$NICK")" ""
equals "others: only the other CA is left" "$(oracle_count "$db")" 1
others_kept "others after remove"

# ---- formats -----------------------------------------------------------------------

# fmt_single NAME FILE: a file holding only inter-ca.
fmt_single() {
    db="$R/fmt-$1"
    new_db "$db"
    run import "$2" --profile "$db"
    expect_rc "format $1: import" 0
    equals "format $1: oracle" "$(oracle_trust "$db" "$NICK")" "c,c,"
    equals "format $1: one certificate" "$(oracle_count "$db")" 1
    equals "format $1: the right bytes" "$(nick_fp "$db" "$NICK")" "$INTER_FP"
}
fmt_single der "$CERTS/inter-ca.der"
fmt_single pem "$CERTS/inter-ca.pem"
fmt_single pem-with-text "$CERTS/inter-ca-with-text.pem"

db="$R/fmt-inter-then-root"
new_db "$db"
run import "$CERTS/inter-then-root.pem" --profile "$db"
expect_rc "format inter-then-root: import" 0
equals "format inter-then-root: the root (last) gets c,c," "$(oracle_trust "$db" "$ROOT_NICK")" "c,c,"
equals "format inter-then-root: it is the root" "$(nick_fp "$db" "$ROOT_NICK")" "$ROOT_FP"
equals "format inter-then-root: intermediate stored with no trust" \
    "$(oracle_trust "$db" "$NICK")" ",,"
equals "format inter-then-root: two certificates" "$(oracle_count "$db")" 2
contains "format inter-then-root: text mentions the other certificate" "$OUT" "1 other certificate"
equals "format inter-then-root: row" "$(row "$db" 1) $(row "$db" 2)" "imported c,c,"
db="$R/fmt-inter-then-root-json"
new_db "$db"
run import "$CERTS/inter-then-root.pem" --profile "$db" --json
expect_rc "format inter-then-root --json: import" 0
equals "format inter-then-root --json: certificate is the root" \
    "$(jget 'd["certificate"]["sha256"]')" "$ROOT_FP"
equals "format inter-then-root --json: other certificate is the intermediate" \
    "$(jget '[c["sha256"] for c in d["other_certificates"]]')" "['$INTER_FP']"
equals "format inter-then-root --json: other_certificates_added" \
    "$(jget 'd["databases"][0]["other_certificates_added"]')" 1
equals "format inter-then-root --json: oracle" \
    "$(oracle_trust "$db" "$ROOT_NICK") $(oracle_trust "$db" "$NICK")" "c,c, ,,"

# A bundle member already in the database keeps its trust; a second identical import
# of the bundle changes nothing.
db="$R/fmt-bundle-existing"
new_db "$db"
certutil -A -d "sql:$db" -n "$NICK" -t "CT,c," -i "$INTER"
run import "$CERTS/inter-then-root.pem" --profile "$db" --json
expect_rc "bundle with a member already stored: import" 0
equals "bundle with a member already stored: other_certificates_added" \
    "$(jget 'd["databases"][0]["other_certificates_added"]')" 0
equals "bundle with a member already stored: it keeps its trust" \
    "$(oracle_trust "$db" "$NICK")" "CT,c,"
equals "bundle with a member already stored: the root gets c,c," \
    "$(oracle_trust "$db" "$ROOT_NICK")" "c,c,"
before=$(snapshot "$db")
run import "$CERTS/inter-then-root.pem" --profile "$db" --json
expect_rc "bundle again: import" 0
equals "bundle again: result" "$(jget 'd["databases"][0]["result"]')" unchanged
equals "bundle again: nothing added" "$(jget 'd["databases"][0]["other_certificates_added"]')" 0
same "bundle again: files unchanged" "$db" "$before"

# fmt_leaf_inter NAME FILE: leaf + intermediate, the intermediate is the CA.
fmt_leaf_inter() {
    db="$R/fmt-$1"
    new_db "$db"
    run import "$2" --profile "$db"
    expect_rc "format $1: import" 0
    equals "format $1: intermediate gets c,c," "$(oracle_trust "$db" "$NICK")" "c,c,"
    equals "format $1: it is the intermediate" "$(nick_fp "$db" "$NICK")" "$INTER_FP"
    equals "format $1: leaf stored with no trust" "$(oracle_trust "$db" "$LEAF_NICK")" ",,"
    equals "format $1: two certificates" "$(oracle_count "$db")" 2
    contains "format $1: text mentions the other certificate" "$OUT" "1 other certificate"
}
fmt_leaf_inter leaf-then-inter "$CERTS/leaf-then-inter.pem"
fmt_leaf_inter p7b "$CERTS/leaf-inter.p7b"
fmt_leaf_inter p7-pem "$CERTS/leaf-inter-p7.pem"
fmt_leaf_inter nseq-der "$CERTS/leaf-inter.nseq.der"
fmt_leaf_inter nseq-pem "$CERTS/leaf-inter-nseq.pem"

# A key store never initialised (modutil -create, no password set up): Firefox calls
# PK11_InitPin first, and so does ffcert; the trust must still land.
db="$R/uninitialised"
mkdir -p "$db"
modutil -create -dbdir "sql:$db" -force </dev/null >/dev/null 2>&1
run import "$INTER" --profile "$db"
expect_rc "uninitialised key store: import" 0
equals "uninitialised key store: oracle" "$(oracle_trust "$db" "$NICK")" "c,c,"

# ---- nicknames ---------------------------------------------------------------------

db="$R/nick-firefox"
new_db "$db"
run import "$INTER" --profile "$db" --json
expect_rc "nickname: import" 0
equals "nickname: Firefox's form in the oracle" "$(oracle_trust "$db" "$NICK")" "c,c,"
equals "nickname: json" "$(jget 'd["databases"][0]["nickname"]')" "$NICK"

db="$R/nick-clash"
new_db "$db"
certutil -A -d "sql:$db" -n "$NICK" -t ",," -i "$CERTS/root-ca.pem"
run import "$INTER" --profile "$db" --json
expect_rc "nickname clash: import" 0
equals "nickname clash: stored as #2" "$(oracle_trust "$db" "$NICK #2")" "c,c,"
equals "nickname clash: #2 is the intermediate" "$(nick_fp "$db" "$NICK #2")" "$INTER_FP"
equals "nickname clash: json nickname" "$(jget 'd["databases"][0]["nickname"]')" "$NICK #2"
equals "nickname clash: the first holder keeps its trust" "$(oracle_trust "$db" "$NICK")" ",,"
equals "nickname clash: the first holder is still the root" "$(nick_fp "$db" "$NICK")" "$ROOT_FP"
equals "nickname clash: two certificates" "$(oracle_count "$db")" 2
run remove "$INTER" --profile "$db"
expect_rc "nickname clash: remove (by bytes)" 0
equals "nickname clash: #2 gone" "$(oracle_trust "$db" "$NICK #2")" ""
equals "nickname clash: root kept under the clashing name" "$(nick_fp "$db" "$NICK")" "$ROOT_FP"
equals "nickname clash: one certificate left" "$(oracle_count "$db")" 1

db="$R/nick-given"
new_db "$db"
run import "$INTER" --profile "$db" --nickname "My CA"
expect_rc "--nickname: import" 0
equals "--nickname: stored as My CA" "$(oracle_trust "$db" "My CA")" "c,c,"
equals "--nickname: My CA is the intermediate" "$(nick_fp "$db" "My CA")" "$INTER_FP"
equals "--nickname: not under Firefox's name" "$(oracle_trust "$db" "$NICK")" ""
equals "--nickname: one certificate" "$(oracle_count "$db")" 1

# --nickname naming another certificate: refused for that database, nothing written.
db="$R/nick-taken"
new_db "$db"
certutil -A -d "sql:$db" -n other -t "C,," -i "$CERTS/other-ca.pem"
before=$(snapshot "$db")
run import "$INTER" --profile "$db" --nickname other
expect_rc "--nickname of another certificate" 1
equals "--nickname of another certificate: row" "$(row "$db" 1)" failed
contains "--nickname of another certificate: says why" "$OUT" '"other" already names another certificate'
same "--nickname of another certificate: files unchanged" "$db" "$before"
equals "--nickname of another certificate: oracle" \
    "$(oracle_count "$db") $(oracle_trust "$db" other)" "1 C,,"

# Found by bytes, whatever its nickname: certutil stored it under its own name.
db="$R/nick-foreign"
new_db "$db"
certutil -A -d "sql:$db" -n "stored by hand" -t "C,," -i "$INTER"
run status "$INTER" --profile "$db"
expect_rc "foreign nickname: status finds it" 0
equals "foreign nickname: status row" "$(row "$db" 1) $(row "$db" 2)" "present C,,"
run import "$INTER" --profile "$db"
expect_rc "foreign nickname: import updates it" 0
equals "foreign nickname: row" "$(row "$db" 1)" updated
equals "foreign nickname: updated in place" \
    "$(oracle_count "$db") $(oracle_trust "$db" "stored by hand")" "1 c,c,"
run remove "$INTER" --profile "$db"
expect_rc "foreign nickname: remove" 0
equals "foreign nickname: removed" "$(oracle_count "$db")" 0

db="$R/nick-ou"
new_db "$db"
run import "$CERTS/other-ca.pem" --profile "$db" --json
expect_rc "OU fallback: import" 0
equals "OU fallback: oracle" "$(oracle_trust "$db" "$OTHER_NICK")" "c,c,"
equals "OU fallback: json nickname" "$(jget 'd["databases"][0]["nickname"]')" "$OTHER_NICK"

# ---- several --profile in one run -------------------------------------------------

new_db "$R/multi-1"
new_db "$R/multi-2"
new_db "$R/multi-3"
run import "$INTER" --profile "$R/multi-1" --profile "$R/multi-2" --profile "$R/multi-3"
expect_rc "three profiles: import" 0
for i in 1 2 3; do
    equals "three profiles: database $i oracle" "$(oracle_trust "$R/multi-$i" "$NICK")" "c,c,"
    equals "three profiles: database $i row" "$(row "$R/multi-$i" 1)" imported
done
contains "three profiles: summary" "$OUT" "3 databases: 3 imported."
run import "$INTER" --profile "$R/multi-1" --profile "$R/multi-2" --profile "$R/multi-3" --json
expect_rc "three profiles: again --json" 0
equals "three profiles: json results" "$(jget '[x["result"] for x in d["databases"]]')" \
    "['unchanged', 'unchanged', 'unchanged']"
equals "three profiles: json summary" "$(jget 'd["summary"]')" "{'unchanged': 3}"


# ---- the check after writing: trust that never reached the file -------------------
# build/tests/ffcert-faults is ffcert with test hooks compiled in. With
# FFCERT_TEST_FAULT=trust-first it sets the trust on the temporary certificate before
# storing it, an order whose trust NSS keeps in memory only: the file holds ",,". The
# check reads the file, must see it, and must put the previous state back; a database
# that only needs its trust changed is written normally in the same run.

new_db "$R/unpersisted"
new_db "$R/unpersisted-held"
certutil -A -d "sql:$R/unpersisted-held" -n "$NICK" -t "c,c," -i "$INTER"
run_command env FFCERT_TEST_FAULT=trust-first "$FFCERT" import "$INTER" --trust CT,C, -j 1 \
    --profile "$R/unpersisted"
expect_rc "unpersisted trust: the product binary has no fault hook" 0
equals "unpersisted trust: so it imports, per certutil" \
    "$(oracle_trust "$R/unpersisted" "$NICK")" "CT,C,"
certutil -D -d "sql:$R/unpersisted" -n "$NICK"
run_fault trust-first import "$INTER" --trust CT,C, -j 1 --profile "$R/unpersisted" \
    --profile "$R/unpersisted-held"
expect_rc "unpersisted trust: the run fails" 1
equals "unpersisted trust: row" "$(row "$R/unpersisted" 1)" failed
contains "unpersisted trust: reason names both" "$(reason "$R/unpersisted")" \
    "trust written as CT,C, but the database holds ,,; the previous state was restored"
equals "unpersisted trust: previous state (absent) restored, per certutil" \
    "$(oracle_count "$R/unpersisted")" 0
equals "unpersisted trust: the other database updated" "$(row "$R/unpersisted-held" 1)" updated
equals "unpersisted trust: the other database, per certutil" \
    "$(oracle_trust "$R/unpersisted-held" "$NICK")" "CT,C,"
# A bundle: the other certificate it stored goes too.
new_db "$R/unpersisted-bundle"
run_fault trust-first import "$CERTS/inter-then-root.pem" --trust CT,C, \
    --profile "$R/unpersisted-bundle" --json
expect_rc "unpersisted trust, bundle: the run fails" 1
equals "unpersisted trust, bundle: failed, nothing added" \
    "$(jget '[d["databases"][0][k] for k in ("result", "other_certificates_added")]')" \
    "['failed', 0]"
equals "unpersisted trust, bundle: database empty again, per certutil" \
    "$(oracle_count "$R/unpersisted-bundle")" 0
run import "$INTER" --trust CT,C, --profile "$R/unpersisted"
expect_rc "unpersisted trust: without the fault, the next run imports" 0
equals "unpersisted trust: next run, per certutil" "$(oracle_trust "$R/unpersisted" "$NICK")" \
    "CT,C,"

# FFCERT_TEST_FAULT=unread: the writes succeed but the read-back fails, as on a read
# error. The row fails naming it, and each database is put back as it was.
new_db "$R/unread-new"
new_db "$R/unread-held"
certutil -A -d "sql:$R/unread-held" -n "$NICK" -t "c,c," -i "$INTER"
run_fault unread import "$INTER" --trust CT,C, -j 1 --profile "$R/unread-new" \
    --profile "$R/unread-held"
expect_rc "unread: the run fails" 1
for db in unread-new unread-held; do
    equals "unread: $db row" "$(row "$R/$db" 1)" failed
    contains "unread: $db reason" "$(reason "$R/$db")" \
        "written, but cannot be read back: "
    contains "unread: $db restored" "$(reason "$R/$db")" "; the previous state was restored"
done
equals "unread: new database empty again, per certutil" "$(oracle_count "$R/unread-new")" 0
equals "unread: held database back to c,c,, per certutil" \
    "$(oracle_trust "$R/unread-held" "$NICK")" "c,c,"


# ---- a CA whose private key is in the database: 'u' is reported as certutil shows it

K="$T/own-ca"
pki_dir "$K"
pki_root ca "/O=ffcert Test PKI/CN=ffcert Own CA" 30 && pki_p12 ca x "ffcert Own CA" ||
    bail_out "openssl could not make a CA with its key" "$K/openssl.log"
new_db "$R/own-key"
pk12util -i "$K/ca.p12" -d "sql:$R/own-key" -W x >/dev/null
equals "own key: before, per certutil" "$(oracle_trust "$R/own-key" "ffcert Own CA")" "u,u,u"
run import "$K/ca.pem" --trust CT,C, --profile "$R/own-key" --json
expect_rc "own key: import" 0
equals "own key: updated" "$(jget 'd["databases"][0]["result"]')" updated
equals "own key: reported trust, as certutil prints it" "$(jget 'd["databases"][0]["trust"]')" \
    "$(oracle_trust "$R/own-key" "ffcert Own CA")"
equals "own key: per certutil" "$(oracle_trust "$R/own-key" "ffcert Own CA")" "CTu,Cu,u"
# The certificate deleted, its key kept: a fresh import finds the key.
certutil -D -d "sql:$R/own-key" -n "ffcert Own CA"
equals "own key: certificate gone" "$(oracle_trust "$R/own-key" "ffcert Own CA")" ""
run import "$K/ca.pem" --profile "$R/own-key" --json
expect_rc "own key: fresh import beside the key" 0
equals "own key: fresh import" "$(jget 'd["databases"][0]["result"]')" imported
equals "own key: fresh import reports u as certutil does" "$(jget 'd["databases"][0]["trust"]')" \
    "$(oracle_trust "$R/own-key" "$(jget 'd["databases"][0]["nickname"]')")"


# ---- a stored certificate without a label (CKA_LABEL absent: its column NULL, as
# for an object another PKCS#11 program stored without one)

new_db "$R/unlabelled"
certutil -A -d "sql:$R/unlabelled" -n "to be unlabelled" -t ",," -i "$CERTS/other-ca.pem"
python3 -c 'import sqlite3, sys
c = sqlite3.connect(sys.argv[1]); c.execute("UPDATE nssPublic SET a3 = NULL"); c.commit()' \
    "$R/unlabelled/cert9.db"
run import "$CERTS/other-ca.pem" --profile "$R/unlabelled" --json
expect_rc "unlabelled: import into it" 0
equals "unlabelled: updated, no nickname" \
    "$(jget '[d["databases"][0][k] for k in ("result", "trust", "nickname")]')" \
    "['updated', 'c,c,', None]"
equals "unlabelled: per certutil" "$(certutil -L -d "sql:$R/unlabelled" | awk 'NR > 4 && NF')" \
    "(NULL)                                                       c,c, "

finish
