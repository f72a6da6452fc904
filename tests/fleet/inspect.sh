#!/bin/sh
# Runs as root inside one simulated workstation (nsenter into its namespace and root,
# see fleet.sh): what certutil, the oracle, sees there. Prints one line per database:
#   db PATH OWNER TRUST          (TRUST: certutil -L letters of NICK, "-" if absent)
#   legacy PATH OWNER TRUST      (a cert8.db-only folder, read with dbm:)
# then "foreign USER PATH" for every file in a user's home not owned by that user,
# "sum HASH" of every file under /home, "ffcert PATH-OR-none", "deb VERSION-OR-none".
# Usage: inspect.sh NICK
NICK=$1
PATH=/usr/sbin:/usr/bin:/sbin:/bin
export PATH

trust() { # trust DB-SPEC
    certutil -L -d "$1" 2>/dev/null |
        awk -v n="$NICK" 'NR > 4 { t = $NF; $NF = ""; sub(/ +$/, ""); if ($0 == n) print t }'
}

find /home -name cert9.db | sort | while read -r f; do
    d=$(dirname "$f")
    t=$(trust "sql:$d")
    echo "db $d $(stat -c %U "$f") ${t:--}"
done
find /home -name cert8.db | sort | while read -r f; do
    d=$(dirname "$f")
    [ -e "$d/cert9.db" ] && continue
    t=$(trust "dbm:$d")
    echo "legacy $d $(stat -c %U "$f") ${t:--}"
done
for h in /home/*; do
    u=${h##*/}
    find "$h" ! -user "$u" | sed "s|^|foreign $u |"
done
echo "sum $(find /home -type f -exec sha256sum {} + | sort | sha256sum | cut -c1-16)"
echo "ffcert $(command -v ffcert || echo none)"
echo "deb $(dpkg-query -W -f '${Version}' ffcert 2>/dev/null || echo none)"
if [ -f /etc/firefox/policies/policies.json ]; then
    echo "policy $(tr -d ' \n' </etc/firefox/policies/policies.json)"
else
    echo "policy none"
fi
