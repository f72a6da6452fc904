# -*- coding: utf-8 -*-
# Copyright: ffcert maintainers
# Shared by the ffcert_ca and ffcert_info modules: find ffcert on the host, turn the
# modules' target options into ffcert's (one ffcert run per target kind, because
# ffcert takes one of --all-users, --home DIR or --profile DIR... per run, and --home
# once), run it with --json and merge the reports.

from __future__ import absolute_import, division, print_function
__metaclass__ = type

import json
import os
import pwd

# Exit statuses of ffcert (README, "Exit status").
EXIT_OK = 0
EXIT_PARTIAL = 1
EXIT_USAGE = 2
EXIT_NO_DB = 3

# The programs ffcert --app takes (README, "Where databases are found"): "firefox"
# covers firefox-snap and firefox-flatpak, and so on. Databases named with --profile
# are "nssdb" and are never filtered out by the modules' apps.
APPS = ['firefox', 'firefox-snap', 'firefox-flatpak', 'thunderbird', 'thunderbird-snap',
        'thunderbird-flatpak', 'librewolf', 'chromium']

NOT_INSTALLED = ("ffcert is not installed on this host (no ffcert in PATH): install the "
                 "ffcert package first, for example with the ffcert.ffcert.ffcert role")


def ffcert_path(module):
    path = module.get_bin_path('ffcert', opt_dirs=['/usr/local/bin'])
    if not path and module.check_mode:
        # A first run in check mode, before the package is installed: nothing can be
        # said per database, and nothing is wrong yet.
        module.exit_json(changed=False, skipped=True, databases=[],
                         msg=NOT_INSTALLED + "; check mode: skipped")
    if not path:
        module.fail_json(msg=NOT_INSTALLED)
    return path


def _unique(items):
    """items without repeats, in order (a home searched twice would be two runs)."""
    seen = []
    for item in items:
        if item not in seen:
            seen.append(item)
    return seen


def target_specs(module):
    """[(label, [ffcert target options])]: one ffcert run each. apps (ffcert --app)
    applies to the runs that search (users, homes, the module user's home), not to the
    folders named in profiles, which are used as they are."""
    params = module.params
    specs = []
    users = _unique(params.get('users') or [])
    if 'all' in users:
        if len(users) > 1:
            module.fail_json(msg="users: 'all' cannot be combined with account names")
        specs.append(('all users', ['--all-users']))
    else:
        for name in users:
            try:
                home = pwd.getpwnam(name).pw_dir
            except KeyError:
                module.fail_json(msg="users: no account named '%s' on this host" % name)
            specs.append(("user %s" % name, ['--home', home]))
            # (rows get "user" from ffcert when the home is another account's; with_user
            # adds it for the module user's own home too)
    for home in _unique(params.get('homes') or []):
        specs.append(("home %s" % home, ['--home', home]))
    if not specs and not params.get('profiles'):
        specs.append(('the home of the user the module runs as', []))
    apps = []
    for app in params.get('apps') or []:
        apps += ['--app', app]
    specs = [(label, targets + apps) for label, targets in specs]
    profiles = params.get('profiles') or []
    if profiles:
        args = []
        for p in profiles:
            args.extend(['--profile', p])
        specs.append(('profiles', args))
    return specs


def run_raw(module, argv):
    """Runs ffcert in the C locale (its messages are then the English msgids the
    modules look for); returns (rc, stdout, stderr stripped)."""
    rc, out, err = module.run_command(argv, environ_update={'LC_ALL': 'C'})
    return rc, out, (err or '').strip()


def run_json(module, argv, label):
    """Runs ffcert; returns (rc, document or None, stderr). Fails the task on exit 2
    and on output that is not JSON."""
    rc, out, err = run_raw(module, argv)
    return parse_json(module, argv, label, rc, out, err)


def parse_json(module, argv, label, rc, out, err):
    """What run_json returns, from a run already made."""
    if rc == EXIT_USAGE or rc not in (EXIT_OK, EXIT_PARTIAL, EXIT_NO_DB):
        module.fail_json(msg="ffcert failed for %s: %s" % (label, err or 'exit %d' % rc),
                         rc=rc, cmd=argv, stderr=err, stdout=out)
    if rc == EXIT_NO_DB and not out.strip():
        return rc, None, err
    try:
        doc = json.loads(out)
    except ValueError:
        module.fail_json(msg="ffcert printed no JSON for %s (exit %d): %s" % (label, rc, err),
                         rc=rc, cmd=argv, stderr=err, stdout=out)
    return rc, doc, err


def merge(reports):
    """One report from several ffcert reports of the same command (rows in order)."""
    merged = {'databases': [], 'warnings': [], 'changed': False}
    for doc in reports:
        for key, value in doc.items():
            if key == 'databases':
                merged['databases'].extend(value)
            elif key == 'warnings':
                merged['warnings'].extend(w for w in value if w not in merged['warnings'])
            elif key == 'changed':
                merged['changed'] = merged['changed'] or bool(value)
            elif key != 'summary' and merged.get(key) is None:
                merged[key] = value
    summary = {}
    for row in merged['databases']:
        summary[row.get('result')] = summary.get(row.get('result'), 0) + 1
    merged['summary'] = summary
    return merged


def with_user(rows, label):
    """Rows of a run for one account named in users: each with "user", as --all-users
    gives it (a row that has one already keeps it)."""
    if not label.startswith('user '):
        return rows
    return [r if r.get('user') else dict(r, user=label[5:]) for r in rows]


def summary_text(summary):
    total = sum(summary.values())
    if not total:
        return 'no certificate database'
    parts = ', '.join('%d %s' % (n, r) for r, n in sorted(summary.items()))
    return '%d database%s: %s' % (total, '' if total == 1 else 's', parts)


def _login_defs(key, fallback):
    value = fallback
    try:
        with open('/etc/login.defs') as f:
            for line in f:
                parts = line.split()
                if len(parts) >= 2 and parts[0] == key:
                    try:
                        if int(parts[1]) >= 0:
                            value = int(parts[1])
                    except ValueError:
                        pass
    except (IOError, OSError):
        pass
    return value


def accounts():
    """The accounts ffcert --all-users handles (src/disc/users.c): UID_MIN..UID_MAX of
    /etc/login.defs, a login shell listed in /etc/shells, an existing home folder.
    Used only where the ffcert on the host has no --all-users (profiles, doctor)."""
    uid_min, uid_max = _login_defs('UID_MIN', 1000), _login_defs('UID_MAX', 60000)
    try:
        with open('/etc/shells') as f:
            shells = set(line.strip() for line in f if line.strip().startswith('/'))
    except (IOError, OSError):
        shells = set(['/bin/sh', '/bin/csh'])  # getusershell()'s default, as ffcert
    found = []
    for pw in pwd.getpwall():
        shell = pw.pw_shell or ''
        if not uid_min <= pw.pw_uid <= uid_max or 'nologin' in shell or '/false' in shell:
            continue
        if shell not in shells or not pw.pw_dir.startswith('/') or not os.path.isdir(pw.pw_dir):
            continue
        found.append(pw)
    return sorted(found, key=lambda pw: pw.pw_name)
