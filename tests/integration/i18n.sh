#!/bin/sh
# Translations: the Japanese catalogue (po/ja.po) is complete and matches the
# sources; under LANG=ja_JP.UTF-8 reports, errors and help are Japanese, under LANG=C
# English; text columns stay aligned with double-width words; and everything meant
# for machines (--json, result codes, trust letters, exit statuses) is the same in
# both languages.
. "$(dirname "$0")/../lib.sh"

JA=ja_JP.UTF-8
INTER="$CERTS/inter-ca.pem"
LEAF="$CERTS/leaf.pem"
MO="$(dirname "$FFCERT")/locale/ja/LC_MESSAGES/ffcert.mo"
# ffcert reports folders by their real path.
R=$(cd "$T" && pwd -P)

# ---- local helpers ---------------------------------------------------------------

# run_in LOCALE ARGS...: run, in LOCALE. LANGUAGE is cleared so that the locale alone
# picks the language; LOCPATH is set when the locale had to be built privately.
run_in() {
    _loc=$1
    shift
    LC_ALL=$_loc LANG=$_loc LANGUAGE='' "$FFCERT" "$@" >"$T/out" 2>"$T/err"
    RC=$?
    OUT=$(cat "$T/out")
    ERR=$(cat "$T/err")
}

# ja ARGS... / en ARGS...: run_in Japanese / C, keeping the result in JA_* / EN_*.
ja() { run_in "$JA" "$@"; JA_OUT=$OUT JA_ERR=$ERR JA_RC=$RC; }
en() { run_in C "$@"; EN_OUT=$OUT EN_ERR=$ERR EN_RC=$RC; }

# tr_ja MSGID: its translation in the built catalogue, as ffcert would get it.
tr_ja() {
    LC_ALL=$JA LANGUAGE='' TEXTDOMAINDIR="$(dirname "$FFCERT")/locale" gettext -d ffcert -- "$1"
}

# width: display width (double-width characters count 2) of each line of stdin.
width() {
    python3 -c '
import sys, unicodedata
for line in sys.stdin.read().split("\n"):
    print(sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in line))'
}

# wide TEXT: TEXT has double-width (Japanese) characters.
wide() {
    printf '%s' "$1" | python3 -c '
import sys, unicodedata
sys.exit(0 if any(unicodedata.east_asian_width(c) in "WF" for c in sys.stdin.read()) else 1)'
}

# path_columns TEXT PATH...: for each PATH, the display column at which it starts on
# its report row ("RESULT LETTERS PATH  (app...)"), one per line; "none" if absent.
path_columns() {
    _text=$1
    shift
    printf '%s' "$_text" | python3 -c '
import sys, unicodedata
w = lambda s: sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in s)
lines = sys.stdin.read().split("\n")
for p in sys.argv[1:]:
    cols = [w(l[:l.index(p + "  (")]) for l in lines if p + "  (" in l]
    print(cols[0] if len(cols) == 1 else "none")' "$@"
}

# same_machine DESC: the last ja and en runs gave the same stdout, stderr and status.
same_machine() {
    if [ "$JA_OUT" = "$EN_OUT" ] && [ "$JA_ERR" = "$EN_ERR" ] && [ "$JA_RC" = "$EN_RC" ]; then
        ok "$1"
    else
        not_ok "$1: output differs between $JA and C"
        printf '%s\n' "$JA_OUT" >"$T/ja.json"
        printf '%s\n' "$EN_OUT" >"$T/en.json"
        diff "$T/en.json" "$T/ja.json" | head -20 | sed 's/^/# /'
        printf '# stderr %s: %s\n# stderr C: %s\n# exit: %s / %s\n' "$JA" "$JA_ERR" "$EN_ERR" \
            "$JA_RC" "$EN_RC"
    fi
}

# ---- the catalogue against the sources (no locale needed) ----------------------------

PO="$TOP/po/ja.po"
check "po/ja.po exists" [ -f "$PO" ]
if msgfmt --check --statistics -o /dev/null "$PO" >"$T/stats" 2>&1; then
    ok "msgfmt --check accepts po/ja.po"
else
    not_ok "msgfmt --check accepts po/ja.po"
    sed 's/^/# /' "$T/stats"
fi
STATS=$(cat "$T/stats")
contains "every message translated" "$STATS" "translated message"
lacks "no fuzzy messages" "$STATS" "fuzzy"
lacks "no untranslated messages" "$STATS" "untranslated"
contains "charset is UTF-8" "$(cat "$PO")" '"Content-Type: text/plain; charset=UTF-8\n"'
contains "Japanese has one plural form" "$(cat "$PO")" '"Plural-Forms: nplurals=1; plural=0;\n"'

# The template exactly as `make pot` makes it (its xgettext command, flags included),
# but written here: every message of today's sources must be in po/ja.po.
POT_CMD=$(cd "$TOP" && env -u MAKEFLAGS -u MFLAGS -u MAKELEVEL \
    make -s -n --no-print-directory pot 2>"$T/make-err")
case "$POT_CMD" in
*xgettext*po/ffcert.pot*)
    POT_CMD=$(printf '%s\n' "$POT_CMD" | sed "s|po/ffcert\.pot|$T/ffcert.pot|g")
    if (cd "$TOP" && sh -c "$POT_CMD") >"$T/xgettext-err" 2>&1 && [ -s "$T/ffcert.pot" ]; then
        ok "xgettext (the flags of make pot) extracts the sources"
        n=$(grep -c '^msgid ' "$T/ffcert.pot")
        check "the extracted template has messages ($n)" [ "$n" -gt 100 ]
        if msgcmp "$PO" "$T/ffcert.pot" >"$T/msgcmp" 2>&1; then
            ok "msgcmp: po/ja.po translates every message of the sources"
        else
            not_ok "msgcmp: po/ja.po translates every message of the sources"
            head -20 "$T/msgcmp" | sed 's/^/# /'
        fi
    else
        not_ok "xgettext (the flags of make pot) extracts the sources"
        sed 's/^/# /' "$T/xgettext-err"
    fi
    ;;
*)
    not_ok "make -n pot shows the xgettext command"
    printf '%s\n' "$POT_CMD" | sed 's/^/# /'
    sed 's/^/# /' "$T/make-err"
    ;;
esac

# `make` puts the compiled catalogue beside the binary, where ffcert looks for it.
MO_OK=yes
if [ ! -f "$MO" ]; then
    not_ok "make built $MO (missing: does \`make\` build \$(MO_FILES)?)"
    MO_OK=no
elif [ -n "$(find "$PO" -newer "$MO")" ]; then
    not_ok "$MO is older than po/ja.po: run make"
else
    ok "make built the Japanese catalogue beside the binary"
fi

# ---- a Japanese locale ------------------------------------------------------------

has_ja() { locale -a 2>/dev/null | grep -qiE '^ja_JP\.utf-?8$'; }
LOCALE_OK=yes
if ! has_ja; then
    echo "# $JA is not installed: building it with localedef (package locales)"
    # localedef may exit non-zero for mere warnings: the result is what counts.
    : >"$T/localedef"
    [ "$(id -u)" -eq 0 ] && localedef -i ja_JP -f UTF-8 "$JA" >>"$T/localedef" 2>&1
    if has_ja; then
        echo "# installed $JA system-wide"
    elif mkdir -p "$T/locales" && { localedef -i ja_JP -f UTF-8 "$T/locales/$JA" \
        >>"$T/localedef" 2>&1 || :; } && [ -f "$T/locales/$JA/LC_CTYPE" ]; then
        # A private copy, for this run only (no root needed).
        LOCPATH="$T/locales"
        export LOCPATH
        echo "# built $JA in $LOCPATH for this run"
    else
        LOCALE_OK=no
        echo "# SKIPPING every Japanese check: localedef cannot build $JA" \
            "(install the locales package, or run scripts/deps.sh):"
        sed 's/^/#   /' "$T/localedef"
        echo "i18n.sh: SKIPPING the Japanese checks: no $JA locale" >&2
    fi
fi
if [ "$LOCALE_OK" = yes ]; then
    got=$(LC_ALL=$JA locale charmap 2>/dev/null)
    if [ "$got" = UTF-8 ]; then ok "$JA is usable (charmap UTF-8)"; else
        not_ok "$JA is usable: charmap '$got'"
        LOCALE_OK=no
    fi
fi

if [ "$LOCALE_OK" = no ] || [ "$MO_OK" = no ]; then
    why="no $JA locale"
    [ "$MO_OK" = no ] && why="no compiled catalogue ($MO)"
    for d in "result words fit the column" "import report in Japanese" "errors in Japanese" \
        "help in Japanese" "the same runs in English" "exit statuses, result codes and trust letters" \
        "columns aligned" "--json identical in both locales"; do
        skip "$d" "$why"
    done
    finish
    exit
fi

# ---- result words: short enough for the report's column ----------------------------

# The text report pads the result word to 13 columns, then the trust letters: a word
# of more than 12 columns would push the rest of its row to the right.
# The codes are read from result_names[] in src/core/apply.c, so a new one is checked too.
CODES=$(sed -n '/result_names\[\] = {/,/^};/s/.*N_("\([^"]*\)").*/\1/p' "$TOP/src/core/apply.c")
check "the result codes are found in src/core/apply.c" [ "$(printf '%s\n' "$CODES" | wc -l)" -ge 12 ]
for code in $CODES; do
    word=$(tr_ja "$code")
    w=$(printf '%s' "$word" | width)
    if [ "$word" != "$code" ] && wide "$word" && [ "$w" -le 12 ]; then
        ok "result word '$code' is translated and fits ('$word', $w columns)"
    else
        not_ok "result word '$code': '$word' ($w columns; at most 12, and translated)"
    fi
done

# ---- a successful import -------------------------------------------------------------

new_db "$R/ja-db"
new_db "$R/en-db"
ja import "$INTER" --profile "$R/ja-db"
expect_rc "ja: import into a fresh database" 0
JA_WORD=$(printf '%s\n' "$JA_OUT" | awk -v p="$R/ja-db" 'index($0, p "  (") { print $1 }')
equals "ja: the result word is Japanese" "$JA_WORD" "$(tr_ja imported)"
SUMMARY="$(tr_ja '%zu database:' | sed 's/%zu/1/') $(tr_ja '%zu %s' | sed "s/%2\$s/$(tr_ja imported)/; s/%1\$zu/1/; s/%s/$(tr_ja imported)/; s/%zu/1/")$(tr_ja .)"
contains "ja: the summary is Japanese ($SUMMARY)" "$JA_OUT" "$SUMMARY"
contains "ja: certificate labels are Japanese" "$JA_OUT" "$(tr_ja 'Subject:')"
contains "ja: trust words are Firefox's" "$JA_OUT" "$(tr_ja 'valid CA for websites')"
lacks "ja: no English result word" "$JA_OUT" "imported"
lacks "ja: no English summary" "$JA_OUT" "1 database:"
lacks "ja: no English labels" "$JA_OUT" "Subject:"
check "ja: the report has Japanese text" wide "$JA_OUT"
JA_LETTERS=$(printf '%s\n' "$JA_OUT" | awk -v p="$R/ja-db" 'index($0, p "  (") { print $2 }')

en import "$INTER" --profile "$R/en-db"
expect_rc "C: import into a fresh database" 0
contains "C: the result word is English" "$EN_OUT" "imported     c,c,"
contains "C: the summary is English" "$EN_OUT" "1 database: 1 imported."
contains "C: trust words are English" "$EN_OUT" "valid CA for websites; valid CA for email"
EN_LETTERS=$(printf '%s\n' "$EN_OUT" | awk -v p="$R/en-db" 'index($0, p "  (") { print $2 }')
equals "trust letters are the same in both languages" "$JA_LETTERS" "$EN_LETTERS"
equals "the trust letters are certutil's" "$JA_LETTERS" "c,c,"
equals "the database holds what the Japanese run reported" "$(oracle_trust "$R/ja-db" \
    "ffcert Test Intermediate CA - G4 - ffcert Test PKI")" "c,c,"
equals "exit status: import, same in both languages" "$JA_RC" "$EN_RC"

# Without LC_ALL, LANG alone chooses the language.
env -u LC_ALL -u LC_MESSAGES LANG=$JA LANGUAGE='' "$FFCERT" status "$INTER" --profile "$R/ja-db" >"$T/out" 2>&1
contains "LANG=$JA alone gives Japanese" "$(cat "$T/out")" "$(tr_ja present)"

# ---- refusals: one Japanese line each -------------------------------------------------

ja import "$LEAF" --profile "$R/ja-db"
expect_rc "ja: a leaf certificate is refused" 2
one_line "ja: the refusal is one line"
contains "ja: the refusal is Japanese" "$JA_ERR" "認証局の証明書ではありません"
lacks "ja: the refusal is not English" "$JA_ERR" "not a CA certificate"
contains "ja: the refusal names the file" "$JA_ERR" "ffcert: $LEAF: "
en import "$LEAF" --profile "$R/en-db"
contains "C: the refusal is English" "$EN_ERR" "not a CA certificate"
equals "exit status: refusal, same in both languages" "$JA_RC" "$EN_RC"

ja import "$T/no-such-file.pem" --profile "$R/ja-db"
expect_rc "ja: a missing file is refused" 2
one_line "ja: the missing file is one line"
contains "ja: the missing file is Japanese" "$JA_ERR" "$T/no-such-file.pem を読み込めません"
lacks "ja: the missing file is not English" "$JA_ERR" "cannot read"
en import "$T/no-such-file.pem" --profile "$R/en-db"
contains "C: the missing file is English" "$EN_ERR" "cannot read $T/no-such-file.pem"
equals "exit status: missing file, same in both languages" "$JA_RC" "$EN_RC"

mkdir -p "$T/empty-home"
ja import "$INTER" --home "$T/empty-home"
expect_rc "ja: no database found" 3
one_line "ja: no database found is one line"
contains "ja: no database found is Japanese" "$JA_ERR" "証明書データベースが見つかりません"
en import "$INTER" --home "$T/empty-home"
contains "C: no database found is English" "$EN_ERR" "no certificate database found"
equals "exit status: no database, same in both languages" "$JA_RC" "$EN_RC"

ja import "$INTER" --trust 'C,x,' --profile "$R/ja-db"
expect_rc "ja: a bad trust letter is a usage error" 2
one_line "ja: the usage error is one line"
contains "ja: the usage error is Japanese" "$JA_ERR" "'x'"
check "ja: the usage error has Japanese text" wide "$JA_ERR"
en import "$INTER" --trust 'C,x,' --profile "$R/en-db"
equals "exit status: usage error, same in both languages" "$JA_RC" "$EN_RC"

ja frobnicate
contains "ja: an unknown command is Japanese" "$JA_ERR" "不明なコマンド 'frobnicate'"
en frobnicate
equals "exit status: unknown command, same in both languages" "$JA_RC" "$EN_RC"

# ---- help -------------------------------------------------------------------------

ja --help
expect_rc "ja: ffcert --help" 0
contains "ja: ffcert --help is Japanese" "$JA_OUT" "使い方: ffcert COMMAND [OPTIONS]"
contains "ja: ffcert --help lists the commands" "$JA_OUT" "コマンド:"
contains "ja: ffcert --help keeps the command names" "$JA_OUT" "  import    SOURCE"
lacks "ja: ffcert --help is not English" "$JA_OUT" "Usage:"
en --help
contains "C: ffcert --help is English" "$EN_OUT" "Usage: ffcert COMMAND [OPTIONS]"
equals "exit status: --help, same in both languages" "$JA_RC" "$EN_RC"

ja import --help
expect_rc "ja: ffcert import --help" 0
contains "ja: import --help is Japanese" "$JA_OUT" "使い方: ffcert import SOURCE"
contains "ja: import --help names Firefox's checkbox" "$JA_OUT" \
    "「この認証局によるウェブサイトの識別を信頼する」"
contains "ja: import --help keeps the option column" "$JA_OUT" "  --trust-websites  「"
contains "ja: import --help keeps the trust letters" "$JA_OUT" "(CT,c,)"
lacks "ja: import --help is not English" "$JA_OUT" "Import the CA certificate"
en import --help
contains "C: import --help is English" "$EN_OUT" "Import the CA certificate in SOURCE"
equals "exit status: import --help, same in both languages" "$JA_RC" "$EN_RC"

# Every translated help line fits 80 columns (the usage line, with its untranslated
# syntax, may be as long as in English).
: >"$T/help"
for c in "" profiles show catalog doctor import status remove policy; do
    # shellcheck disable=SC2086
    LC_ALL=$JA LANGUAGE='' "$FFCERT" $c --help >>"$T/help" 2>&1
done
long=$(python3 -c '
import sys, unicodedata
wide = lambda c: unicodedata.east_asian_width(c) in "WF"
for l in open(sys.argv[1], encoding="utf-8").read().split("\n"):
    if any(map(wide, l)) and not l.startswith("使い方: ") and sum(2 if wide(c) else 1 for c in l) > 80:
        print("# " + l)' "$T/help")
if [ -z "$long" ]; then ok "ja: translated help lines fit 80 columns"; else
    not_ok "ja: translated help lines wider than 80 columns"
    printf '%s\n' "$long"
fi

# ---- columns: the path starts at the same column on every row ----------------------------

new_db "$R/col-new"
new_db "$R/col-old"
"$FFCERT" import "$INTER" --profile "$R/col-old" >/dev/null 2>&1
ja import "$INTER" --profile "$R/col-new" --profile "$R/col-old" --profile "$R/col-missing"
expect_rc "ja: import with a failure" 1
cols=$(path_columns "$JA_OUT" "$R/col-new" "$R/col-old" "$R/col-missing" | sort -u)
equals "ja: every path starts at the same column" "$cols" "21"
contains "ja: rows of each kind" "$JA_OUT" "$(tr_ja unchanged)"
contains "ja: the failed row" "$JA_OUT" "$(tr_ja failed)"
contains "ja: the failed row's stderr line keeps the result code" "$JA_ERR" \
    "$R/col-missing: failed: "
en import "$INTER" --profile "$R/col-new" --profile "$R/col-old" --profile "$R/col-missing"
equals "C: the same column in English" \
    "$(path_columns "$EN_OUT" "$R/col-new" "$R/col-old" "$R/col-missing" | sort -u)" "21"
equals "exit status: partial failure, same in both languages" "$JA_RC" "$EN_RC"

new_db "$R/col-dry"
ja import "$CERTS/inter-then-root.pem" --dry-run --trust-websites --profile "$R/col-dry" \
    --profile "$R/col-old"
equals "ja: --dry-run rows aligned" \
    "$(path_columns "$JA_OUT" "$R/col-dry" "$R/col-old" | sort -u)" "21"
contains "ja: --dry-run result word" "$JA_OUT" "$(tr_ja would-import)"
ja status "$INTER" --trust-websites --profile "$R/col-old" --profile "$R/col-dry"
equals "ja: status rows aligned" \
    "$(path_columns "$JA_OUT" "$R/col-old" "$R/col-dry" | sort -u)" "21"
contains "ja: status result words" "$JA_OUT" "$(tr_ja mismatch)"

# Certificate labels are padded by display width: values start at column 12.
ja show "$CERTS/inter-then-root.pem"
vals=$(printf '%s\n' "$JA_OUT" | python3 -c '
import re, sys, unicodedata
w = lambda s: sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in s)
for l in sys.stdin.read().split("\n"):
    m = re.match(r"  (\S+:) +", l)
    if m:
        print(w(m.group(0)))' | sort -u)
equals "ja: certificate values start at one column" "$vals" "12"

# ---- --json: byte-identical in both locales --------------------------------------------

# import: the same fresh database (same path) once per locale, plus a failing target.
new_db "$R/json"
ja import "$INTER" --profile "$R/json" --profile "$R/json-missing" --json
rm -rf "$R/json"
new_db "$R/json"
en import "$INTER" --profile "$R/json" --profile "$R/json-missing" --json
same_machine "import --json: identical in $JA and C"
check "import --json: a real result" [ "$(jget 'd["databases"][0]["result"]')" = imported ]

ja status "$INTER" --profile "$R/json" --trust CT,c, --json
en status "$INTER" --profile "$R/json" --trust CT,c, --json
same_machine "status --json: identical in $JA and C"
check "status --json: a real result" [ "$(jget 'd["databases"][0]["result"]')" = mismatch ]

ja remove "$INTER" --profile "$R/json" --dry-run --json
en remove "$INTER" --profile "$R/json" --dry-run --json
same_machine "remove --dry-run --json: identical in $JA and C"

# doctor with a finding (an expired intermediate still installed).
new_db "$R/doctor"
"$FFCERT" import "$CERTS/expired-ca.pem" --allow-expired --profile "$R/doctor" >/dev/null 2>&1
ja doctor --profile "$R/doctor" --json
en doctor --profile "$R/doctor" --json
same_machine "doctor --json: identical in $JA and C"
check "doctor --json: a real finding" \
    [ "$(jget 'd["databases"][0]["findings"][0]["code"]')" = intermediate-expired ]
ja doctor --profile "$R/doctor"
check "doctor text: the finding is Japanese" wide "$JA_OUT"

ja profiles --home "$TOP/test-profiles/broken" --json
en profiles --home "$TOP/test-profiles/broken" --json
same_machine "profiles --json (with warnings): identical in $JA and C"

ja catalog --json
en catalog --json
same_machine "catalog --json: identical in $JA and C"

ja show "$CERTS/inter-then-root.pem" --json
en show "$CERTS/inter-then-root.pem" --json
same_machine "show --json: identical in $JA and C"

ja import "$LEAF" --profile "$R/json" --json
en import "$LEAF" --profile "$R/json" --json
same_machine "a refusal with --json: identical in $JA and C"

finish
