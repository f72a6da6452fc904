#!/bin/sh
# make install / make uninstall, the installed binary finding its catalogue, the man
# page and the bash completion. Builds into $T (BUILD=...), so the tree's own build/
# is left alone while other tests use it.
. "$(dirname "$0")/../lib.sh"

MAKE="make --no-print-directory -s -C $TOP BUILD=$T/build"
jobs=$(nproc 2>/dev/null || echo 2)

# ---- install with PREFIX under $T (no DESTDIR: the compiled-in paths are real) --------
P=$T/prefix
$MAKE -j"$jobs" install PREFIX="$P" >"$T/make.log" 2>&1
RC=$? OUT=$(cat "$T/make.log") ERR=""
expect_rc "make install PREFIX=\$T/prefix" 0
lacks "the build gives no warnings" "$OUT" "warning:"

expected_files() { # PREFIX: the files install must put there, sorted
    echo "$1/bin/ffcert"
    echo "$1/share/bash-completion/completions/ffcert"
    echo "$1/share/ffcert/catalog.ini"
    for c in "$TOP"/share/ffcert/certs/*.pem; do echo "$1/share/ffcert/certs/${c##*/}"; done
    echo "$1/share/man/man1/ffcert.1"
    for po in "$TOP"/po/*.po; do
        [ -f "$po" ] && echo "$1/share/locale/$(basename "$po" .po)/LC_MESSAGES/ffcert.mo"
    done
    [ -f "$TOP/doc/ja/ffcert.1" ] && echo "$1/share/man/ja/man1/ffcert.1"
    true
}
equals "exactly the expected files are installed" "$(find "$P" ! -type d | sort)" \
    "$(expected_files "$P" | sort)"
check "the binary is executable" test -x "$P/bin/ffcert"
equals "data files are mode 0644" \
    "$(stat -c %a "$P/share/ffcert/catalog.ini" "$P/share/man/man1/ffcert.1" \
        "$P/share/bash-completion/completions/ffcert" | sort -u)" 644
check "the installed catalogue is the tree's" cmp -s "$TOP/share/ffcert/catalog.ini" \
    "$P/share/ffcert/catalog.ini"

FFCERT=$P/bin/ffcert
run catalog
expect_rc "the installed ffcert lists its catalogue" 0
contains "... from the installed place" "$OUT" "Catalogue $P/share/ffcert/catalog.ini"
contains "... with nii-g4" "$OUT" "nii-g4"
run catalog --json
equals "every shipped copy matches its pin" \
    "$(jget "sorted(set(e['offline_matches_pin'] for e in d['entries'] if e['shipped']))")" "[True]"
equals "an entry not shipped has no copy to match" \
    "$(jget "sorted(set(str(e['offline_matches_pin']) for e in d['entries'] if not e['shipped']))")" "['None']"
run show nii-g8-rsa --offline
expect_rc "the installed ffcert reads a shipped certificate" 0
contains "... NII Open Domain CA - G8 RSA" "$OUT" "NII Open Domain CA - G8 RSA"

# Copied elsewhere, the binary no longer has ../share/ffcert beside it and must use
# the place compiled in: $(PREFIX)/share/ffcert.
mkdir -p "$T/elsewhere"
cp "$P/bin/ffcert" "$T/elsewhere/ffcert"
FFCERT=$T/elsewhere/ffcert
run catalog
expect_rc "a copy of the binary elsewhere finds the catalogue" 0
contains "... through FFCERT_DATADIR = \$(PREFIX)/share/ffcert" "$OUT" \
    "Catalogue $P/share/ffcert/catalog.ini"
FFCERT=$P/bin/ffcert

# ---- --version ----------------------------------------------------------------------
run --version
expect_rc "--version" 0
case $OUT in
"ffcert "[0-9]*" (NSS 3."*", NSPR 4."*", libcurl/"*")") ok "--version names NSS, NSPR and libcurl" ;;
*) not_ok "--version names NSS, NSPR and libcurl: $OUT" ;; esac
contains "--version: the NSPR in use" "$OUT" "NSPR $(pkg-config --modversion nspr | cut -d. -f1,2)"
contains "--version: the libcurl in use" "$OUT" "libcurl/$(pkg-config --modversion libcurl)"

# ---- the man page -----------------------------------------------------------------------
W=$(cd "$TOP" && MANWIDTH=80 man --warnings -l doc/ffcert.1 2>&1 >/dev/null)
equals "man --warnings -l doc/ffcert.1 prints nothing" "$W" ""
W=$(MANWIDTH=80 man --warnings -l "$P/share/man/man1/ffcert.1" 2>&1 >/dev/null)
equals "the installed man page renders without warnings" "$W" ""
PAGE=$(MANWIDTH=80 man -l "$P/share/man/man1/ffcert.1" 2>/dev/null)
contains "the man page renders" "$PAGE" "FFCERT(1)"
# Every command and every option its --help shows is in the man page.
missing=""
for cmd in profiles show catalog doctor import status remove policy; do
    case $PAGE in *"ffcert $cmd"*) ;; *) missing="$missing $cmd" ;; esac
    for opt in $("$FFCERT" $cmd --help | grep -o -- '--[a-z][a-z0-9-]*' | sort -u); do
        case $PAGE in *"$opt"*) ;; *) missing="$missing $cmd:$opt" ;; esac
    done
done
equals "the man page has every command and option of --help" "$missing" ""
# ... and both man pages name no option that no command takes (but for man's own
# --warnings, which they mention).
known=" --help --version --warnings $(for cmd in profiles show catalog doctor import status remove \
    "policy install" "policy status" "policy remove"; do
    # shellcheck disable=SC2086
    "$FFCERT" $cmd --help | grep -o -- '--[a-z][a-z0-9-]*'; done | sort -u | tr '\n' ' ') "
for page in "$TOP/doc/ffcert.1" "$TOP/doc/ja/ffcert.1"; do
    unknown=""
    for opt in $(sed 's/\\-/-/g' "$page" | grep -o -- '--[a-z][a-z0-9-]*' | sort -u); do
        case $known in *" $opt "*) ;; *) unknown="$unknown $opt" ;; esac
    done
    equals "$(basename "$(dirname "$page")")/$(basename "$page") names only options ffcert has" \
        "$unknown" ""
done
for section in "EXIT STATUS" "TRUST LETTERS" "JSON" "FILES" "EXAMPLES"; do
    contains "the man page has $section" "$PAGE" "$section"
done
contains "man: the trust letters table" "$PAGE" "trusted client CA"
contains "man: example for a user" "$PAGE" "ffcert import nii-g8-rsa"
contains "man: example for a fleet" "$PAGE" "sudo ffcert import nii-g8-rsa --all-users"
contains "man: example for a pipeline" "$PAGE" "--trust CT,c, --json"

# ---- the bash completion -------------------------------------------------------------------
# complete WORDS...: what _ffcert offers for the last word (bash, completion sourced).
complete_words() {
    bash -c '. "$1"; shift; COMP_WORDS=("$@"); COMP_CWORD=$((${#COMP_WORDS[@]} - 1))
        _ffcert; printf "%s\n" "${COMPREPLY[@]}"' sh \
        "$P/share/bash-completion/completions/ffcert" "$@" | sort | tr '\n' ' ' | sed 's/ $//'
}
equals "completion: commands" "$(complete_words "$FFCERT" "")" \
    "--help --version catalog doctor import policy profiles remove show status"
equals "completion: a command's prefix" "$(complete_words "$FFCERT" st)" "status"
equals "completion: policy actions" "$(complete_words "$FFCERT" policy "")" \
    "--help install remove status"
equals "completion: catalogue names from the installed catalogue" \
    "$(cd "$T" && complete_words "$FFCERT" import nii-g)" "nii-g4 nii-g5 nii-g7-rsa nii-g8-rsa"
equals "completion: catalogue names through PATH" \
    "$(cd "$T" && PATH=$P/bin:$PATH complete_words ffcert status secom)" \
    "secom-pfm-pub-ca8 secom-rootca2 secom-tls-ecc-root-2024 secom-tls-rsa-root-2024 secom-tls-rsa-root-2024-cross"
mkdir -p "$T/cat" "$T/empty" && printf '[mine]\noffline = x.pem\n[other-ca]\nurl = https://x/\n' >"$T/cat/c.ini"
equals "completion: catalogue names of --catalog FILE" \
    "$(cd "$T/empty" && complete_words "$FFCERT" import --catalog "$T/cat/c.ini" "")" "mine other-ca"
equals "completion: import options" "$(complete_words "$FFCERT" import x --tr)" \
    "--trust --trust-email --trust-websites"
equals "completion: policy install options" "$(complete_words "$FFCERT" policy install x --p)" \
    "--policies"
mkdir -p "$T/dirs/alpha" "$T/dirs/beta" && touch "$T/dirs/afile"
equals "completion: --profile takes folders" "$(complete_words "$FFCERT" import x --profile "$T/dirs/a")" \
    "$T/dirs/alpha"
equals "completion: --home takes folders" "$(complete_words "$FFCERT" profiles --home "$T/dirs/")" \
    "$T/dirs/alpha $T/dirs/beta"
# The options completion offers after "--" are exactly those of each command's --help
# (printed from the option table).
missing="" extra=""
for cmd in profiles show catalog doctor import status remove "policy install" "policy status" \
    "policy remove"; do
    # shellcheck disable=SC2086
    offered=" $(complete_words "$FFCERT" $cmd --) "
    # shellcheck disable=SC2086
    listed=" $("$FFCERT" $cmd --help | grep -o -- '--[a-z][a-z0-9-]*' | sort -u | tr '\n' ' ') "
    for opt in $listed; do
        [ "$opt" = --help ] && continue
        case $offered in *" $opt "*) ;; *) missing="$missing $cmd:$opt" ;; esac
    done
    for opt in $offered; do
        case $listed in *" $opt "*) ;; *) extra="$extra $cmd:$opt" ;; esac
    done
done
equals "completion offers every option of --help" "$missing" ""
equals "completion offers no option --help does not list" "$extra" ""

# ---- uninstall ----------------------------------------------------------------------------
$MAKE uninstall PREFIX="$P" >"$T/make.log" 2>&1
RC=$? OUT=$(cat "$T/make.log") ERR=""
expect_rc "make uninstall" 0
equals "uninstall leaves no file" "$(find "$P" ! -type d)" ""
equals "uninstall leaves no ffcert folder" "$(find "$P" -name '*ffcert*')" ""

# ---- DESTDIR staging, as a package build does it ---------------------------------------------
D=$T/dest
$MAKE -j"$jobs" install DESTDIR="$D" PREFIX=/usr >"$T/make.log" 2>&1
RC=$? OUT=$(cat "$T/make.log") ERR=""
expect_rc "make install DESTDIR=\$T/dest PREFIX=/usr" 0
equals "DESTDIR: exactly the expected files, under DESTDIR/usr" "$(find "$D" ! -type d | sort)" \
    "$(expected_files "$D/usr" | sort)"
check "DESTDIR: the binary has /usr/share/ffcert compiled in" \
    grep -q "/usr/share/ffcert/catalog.ini" "$D/usr/bin/ffcert"
$MAKE uninstall DESTDIR="$D" PREFIX=/usr >"$T/make.log" 2>&1
RC=$? OUT=$(cat "$T/make.log") ERR=""
expect_rc "make uninstall DESTDIR=... PREFIX=/usr" 0
equals "DESTDIR: uninstall leaves no file" "$(find "$D" ! -type d)" ""
finish
