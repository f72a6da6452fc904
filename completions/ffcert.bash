# bash completion for ffcert(1). Installed as
# $(PREFIX)/share/bash-completion/completions/ffcert; works without the
# bash-completion package too (`. completions/ffcert.bash`).

# The catalogue's entry names: the [section] lines of --catalog FILE when given, else
# of the catalogue beside the ffcert being completed (<bin>/../share/ffcert, which is
# both the build tree's and the installed place), else the usual prefixes. Entries
# with "shipped = no" cannot be imported, so they are not offered.
_ffcert_catalog_names()
{
    local file="" i exe
    for ((i = 1; i < ${#COMP_WORDS[@]} - 1; i++)); do
        if [[ ${COMP_WORDS[i]} == --catalog ]]; then
            file=${COMP_WORDS[i + 1]}
            [[ $file == = ]] && file=${COMP_WORDS[i + 2]}
        fi
    done
    if [[ -z $file ]]; then
        exe=$(type -P -- "${COMP_WORDS[0]}" 2>/dev/null)
        [[ -n $exe ]] && exe=$(readlink -f -- "$exe")
        for file in "${exe%/*}/../share/ffcert/catalog.ini" \
            /usr/local/share/ffcert/catalog.ini /usr/share/ffcert/catalog.ini; do
            [[ -r $file ]] && break
        done
    fi
    [[ -r ${file/#\~/$HOME} ]] &&
        awk '/^[[:space:]]*\[[^]]*\][[:space:]]*$/ {
                 if (name != "" && !unshipped) print name
                 name = $0; sub(/^[[:space:]]*\[/, "", name); sub(/\][[:space:]]*$/, "", name)
                 unshipped = 0; next }
             /^[[:space:]]*shipped[[:space:]]*=[[:space:]]*no[[:space:]]*$/ { unshipped = 1 }
             END { if (name != "" && !unshipped) print name }' <"${file/#\~/$HOME}"
}

_ffcert()
{
    local cur=${COMP_WORDS[COMP_CWORD]} prev=${COMP_WORDS[COMP_CWORD - 1]}
    local commands="profiles show catalog doctor import status remove policy"
    COMPREPLY=()

    # --opt=VALUE is split at '=' by readline.
    if [[ $cur == = ]]; then
        cur=""
    elif [[ $prev == = && $COMP_CWORD -ge 2 ]]; then
        prev=${COMP_WORDS[COMP_CWORD - 2]}
    fi

    if ((COMP_CWORD == 1)); then
        mapfile -t COMPREPLY < <(compgen -W "$commands --help --version" -- "$cur")
        return
    fi

    local cmd=${COMP_WORDS[1]} verb=""
    if [[ $cmd == policy ]]; then
        if ((COMP_CWORD == 2)); then
            mapfile -t COMPREPLY < <(compgen -W "install status remove --help" -- "$cur")
            return
        fi
        verb=${COMP_WORDS[2]}
    fi

    # The value of an option.
    case $prev in
    --home | --profile | --cert-dir)
        compopt -o filenames 2>/dev/null
        mapfile -t COMPREPLY < <(compgen -d -- "$cur")
        return
        ;;
    --catalog | --cacert | --password-file | --with | --policies)
        compopt -o filenames 2>/dev/null
        mapfile -t COMPREPLY < <(compgen -f -- "$cur")
        return
        ;;
    --trust)
        mapfile -t COMPREPLY < <(compgen -W "c,c, CT,c, c,C, CT,C, C,, ,," -- "$cur")
        return
        ;;
    --app)
        mapfile -t COMPREPLY < <(compgen -W "firefox firefox-snap firefox-flatpak thunderbird
            thunderbird-snap thunderbird-flatpak librewolf chromium nssdb" -- "$cur")
        return
        ;;
    --sha256 | --timeout | --nickname | -j | --jobs)
        return
        ;;
    esac

    local targets="--home --profile --all-users --app"
    local fetch="--catalog --offline --sha256 --cacert --timeout"
    local confirm="--yes --allow-expired"
    local trust="--trust-websites --trust-email --trust"
    local write="--password-file --skip-running --migrate-legacy"
    local jobs="--jobs -j"
    local paths="--policies --cert-dir"
    local opts source=1
    case $cmd in
    profiles) opts="$targets --json" source=0 ;;
    show) opts="$fetch --json" ;;
    catalog) opts="--catalog --json" source=0 ;;
    doctor) opts="$targets $jobs --with --fix --catalog --password-file --json" source=0 ;;
    import) opts="$fetch $confirm $targets $trust --nickname --dry-run $write $jobs --json" ;;
    status) opts="$fetch $targets $trust $jobs --json" ;;
    remove) opts="$fetch $targets --dry-run $write $jobs --json" ;;
    policy)
        case $verb in
        install) opts="$fetch $confirm $paths --dry-run --json" ;;
        remove) opts="$fetch $paths --dry-run --json" ;;
        status) opts="$paths --json" source=0 ;;
        *) return ;;
        esac
        ;;
    *) return ;;
    esac

    if [[ $cur == -* ]]; then
        mapfile -t COMPREPLY < <(compgen -W "$opts --help" -- "$cur")
        return
    fi
    if ((source)); then
        # SOURCE: a catalogue name or a file.
        compopt -o filenames 2>/dev/null
        mapfile -t COMPREPLY < <(compgen -W "$(_ffcert_catalog_names)" -- "$cur"
            compgen -f -- "$cur")
    fi
}

complete -F _ffcert ffcert
