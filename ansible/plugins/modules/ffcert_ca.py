#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: ffcert maintainers

from __future__ import absolute_import, division, print_function
__metaclass__ = type

DOCUMENTATION = r'''
---
module: ffcert_ca
short_description: Put a CA certificate into Firefox and Thunderbird profiles, or take it out
description:
  - Imports a CA certificate into the NSS certificate databases (C(cert9.db)) of Firefox,
    Thunderbird, LibreWolf and Chromium profiles on the host, with the trust asked for, the way
    Firefox's Certificate Manager does, or removes it (I(state=absent)).
  - Runs C(ffcert import) or C(ffcert remove) with C(--json) on the host and reports one row
    per database, as ffcert reports it, in C(databases).
  - I(changed) is what ffcert wrote. A database that already holds the certificate with the
    requested trust is only read; one that holds it with other trust is updated, and the
    report shows both trusts.
  - Every targeted database is tried. When one fails or is skipped (a primary password
    without I(password_file), a legacy C(cert8.db), a corrupt file, a running program with
    I(skip_running)), the others are still done, and the task fails with every row in the
    result and each failed or skipped database, with its reason, in C(msg).
  - Run as root (I(become=true)) with I(users=all) it handles every account's profiles; the
    work for each account runs as that account, so files stay the users' own.
  - The package C(ffcert) must be installed on the host; the role C(ffcert.ffcert.ffcert)
    installs it.
version_added: "0.1.0"
author:
  - ffcert maintainers (@ffcert)
requirements:
  - ffcert (the Debian package C(ffcert)) on the managed host
options:
  src:
    description:
      - The CA certificate, given as one of these.
      - A catalogue name of ffcert, such as C(nii-g8-rsa) (lower-case letters, digits and
        dashes only; C(ffcert catalog) lists them). A name is never looked up as a file.
      - A URL. C(https://) URLs are verified; C(http://) and C(file://) need I(sha256). An
        https URL without I(sha256) is refused, because nobody is there to confirm the
        certificate.
      - A file on the controller, found as M(ansible.builtin.copy) finds its I(src) (the
        role's C(files/), then next to the playbook). It is copied to the host for the run
        and removed afterwards.
      - Otherwise, a file on the host.
      - Files may be DER, PEM (several certificates too), PKCS#7 or a Netscape certificate
        sequence. For a bundle the CA to trust is chosen by Firefox's rule; the others are
        stored with no trust.
    type: str
    required: true
  sha256:
    description:
      - SHA-256 fingerprint the certificate must have (hex, colons optional, any case). With
        it, C(http://) and C(file://) URLs are allowed. On a mismatch nothing is written and
        the task fails.
    type: str
  trust:
    description:
      - Trust as certutil letters, C(SSL,EMAIL,OBJSIGN), for example C(CT,c,).
      - Only the letters C(p), C(P), C(c), C(C) and C(T) can be stored.
      - Default (none of I(trust), I(trust_websites), I(trust_email)) is C(c,c,), a valid CA
        whose trust comes from its root, which is what fixes a missing intermediate.
      - Not with I(trust_websites) or I(trust_email). Ignored with I(state=absent).
    type: str
  trust_websites:
    description:
      - Firefox's "Trust this CA to identify websites" box (stored as C(CT,c,)).
    type: bool
    default: false
  trust_email:
    description:
      - Firefox's "Trust this CA to identify email users" box (stored as C(c,C,); with
        I(trust_websites) C(CT,C,)).
    type: bool
    default: false
  state:
    description:
      - C(present) imports the certificate, or updates its trust to the requested one.
      - C(absent) deletes it, found by its exact bytes, never by nickname; keys and other
        certificates stay.
    type: str
    choices: [present, absent]
    default: present
  users:
    description:
      - C(all) for every account with a UID from C(UID_MIN) to C(UID_MAX) of
        C(/etc/login.defs), a login shell and an existing home (C(ffcert --all-users)).
        Needs root.
      - Or a list of account names; each account's home is searched.
      - With none of I(users), I(homes), I(profiles), the home of the user the module runs
        as is searched (with I(become=true) that is root's).
    type: list
    elements: str
  homes:
    description:
      - Home folders to search as if each were the home directory (C(ffcert --home)).
    type: list
    elements: path
  profiles:
    description:
      - Profile or NSS database folders, used as they are, with no search
        (C(ffcert --profile)). A folder without a database is skipped, and so fails the
        task unless I(fail_on_skipped=false).
    type: list
    elements: path
  apps:
    description:
      - Only the databases of these programs, among those found in I(users), I(homes) or
        the module user's home (C(ffcert --app)). C(firefox) also covers C(firefox-snap)
        and C(firefox-flatpak), and C(thunderbird) its snap and flatpak.
      - Folders named in I(profiles) are always used.
      - Default is every program.
    type: list
    elements: str
    choices: [firefox, firefox-snap, firefox-flatpak, thunderbird, thunderbird-snap,
              thunderbird-flatpak, librewolf, chromium]
  skip_running:
    description:
      - Leave alone the databases of programs that are running (their C(.parentlock) is
        locked); they are reported C(skipped).
      - By default they are updated too (the database is SQLite, made for shared use) and
        the row says to restart the program.
    type: bool
    default: false
  password_file:
    description:
      - File on the host whose first line is the primary password, for databases that have
        one. Without it such databases are skipped.
    type: path
  allow_expired:
    description:
      - Import an expired or not yet valid certificate anyway. Ignored with I(state=absent).
    type: bool
    default: false
  fail_on_skipped:
    description:
      - When false, skipped databases are warnings instead of failing the task. Failed
        databases always fail it.
    type: bool
    default: true
extends_documentation_fragment:
  - ansible.builtin.action_common_attributes
  - ansible.builtin.action_common_attributes.flow
attributes:
  check_mode:
    support: full
    details: Runs ffcert with C(--dry-run), which reads every database and writes none.
      C(databases) then has the results C(would-import), C(would-update) and C(would-remove).
  diff_mode:
    support: full
    details: One line per database before and one after, with its trust (C(absent) when the
      certificate is not there), and the trust older NSS reads when that differs.
  platform:
    platforms: debian
  action:
    support: full
    details: The action plugin copies a controller file named in I(src) to the host.
  async:
    support: none
  bypass_host_loop:
    support: none
notes:
  - ffcert runs once per kind of target (I(users=all), each account of I(users), each of
    I(homes), all of I(profiles)); the rows of every run are in C(databases).
  - Firefox 153 and later (NSS 3.114 and later) may store trust in the PKCS#11 3.2 form,
    which older NSS (Firefox ESR 140, Chromium, Debian 12's certutil) does not read. ffcert
    writes the form every NSS reads; the rows' C(trust_legacy) and C(trust_forms) say what
    each database holds, and the diff shows C(trust_legacy) where it differs from C(trust).
seealso:
  - module: ffcert.ffcert.ffcert_info
'''

EXAMPLES = r'''
- name: The new NII intermediate in every profile of every user (catalogue name)
  ffcert.ffcert.ffcert_ca:
    src: nii-g8-rsa
    users: all
  become: true

- name: A private CA from the playbook's files/ folder, trusted for websites
  ffcert.ffcert.ffcert_ca:
    src: university-root.pem
    sha256: "D4:63:99:2F:BC:36:6A:B0:AE:E4:D7:5E:C1:77:2E:67:5F:2A:0C:14:20:38:48:04:8A:E6:85:32:EF:6C:04:42"
    trust_websites: true
    users: all
    skip_running: true
    fail_on_skipped: false
  become: true

- name: Thunderbird only, for two accounts, with the primary password file on the host
  ffcert.ffcert.ffcert_ca:
    src: nii-smime
    trust_email: true
    users: [alice, bob]
    apps: [thunderbird]
    password_file: /root/nss-password
  become: true

- name: Exact certutil trust in a test profile (CI), from a URL with a pin
  ffcert.ffcert.ffcert_ca:
    src: http://127.0.0.1:8080/ca.der
    sha256: "{{ ca_sha256 }}"
    trust: "CT,c,"
    profiles: [/srv/ci/firefox-profile]

- name: Take the old G4 intermediate out again
  ffcert.ffcert.ffcert_ca:
    src: nii-g4
    state: absent
    users: all
  become: true
'''

RETURN = r'''
msg:
  description: One line, the count of databases per result.
  returned: always
  type: str
  sample: "12 databases: 11 imported, 1 unchanged"
databases:
  description:
    - One row per database, as C(ffcert --json) reports it (see the ffcert manual, JSON). Rows
      are passed through unchanged; fields ffcert adds later appear here too.
  returned: always
  type: list
  elements: dict
  contains:
    path:
      description: The database folder.
      type: str
      sample: /home/alice/.mozilla/firefox/abcd1234.default-release
    app:
      description: The program (C(firefox), C(thunderbird), ..., C(nssdb) for a folder named in I(profiles)).
      type: str
    app_version:
      description: The version of the program that last used the profile (its C(compatibility.ini)), or null.
      type: str
      sample: "153.0.1"
    user:
      description: The account whose database it is (with I(users)).
      type: str
    result:
      description:
        - C(imported), C(updated), C(unchanged), C(removed), C(absent), C(skipped),
          C(failed), C(no-database) (a profile never used; not a failure).
        - In check mode C(would-import), C(would-update), C(would-remove).
      type: str
    reason:
      description: Why, for C(skipped) and C(failed), or a note (restart the program).
      type: str
    trust:
      description: The trust read back from the file after the run, certutil letters; null when absent.
      type: str
      sample: "CT,c,"
    trust_legacy:
      description: The trust older NSS (before 3.114; Firefox ESR 140, Chromium, certutil 3.87) reads
        from the file; null when absent.
      type: str
      sample: "CT,c,"
    trust_forms:
      description: The trust records the database holds for the certificate, C(legacy) and/or C(pkcs11-3.2).
      type: list
      elements: str
      sample: ["legacy"]
    trust_before:
      description: The trust before the run; null when the certificate was not there.
      type: str
summary:
  description: The number of databases per result.
  returned: always
  type: dict
  sample: {"imported": 11, "unchanged": 1}
certificate:
  description: The certificate (subject, issuer, serial, validity, sha256, nickname), as ffcert reports it.
  returned: when a database was found
  type: dict
source:
  description: Where the certificate came from (C(given) is I(src) as written in the task).
  returned: when a database was found
  type: dict
requested_trust:
  description: The trust asked for, in certutil letters; null with I(state=absent).
  returned: when a database was found
  type: str
  sample: "c,c,"
commands:
  description: The ffcert command lines that ran on the host.
  returned: always
  type: list
  elements: list
'''

from ansible.module_utils.basic import AnsibleModule
from ansible_collections.ffcert.ffcert.plugins.module_utils.ffcert import (
    APPS, EXIT_NO_DB, EXIT_PARTIAL, ffcert_path, merge, run_json, summary_text,
    target_specs, with_user)


def _trust_args(params):
    if params['trust']:
        return ['--trust', params['trust']]
    args = []
    if params['trust_websites']:
        args.append('--trust-websites')
    if params['trust_email']:
        args.append('--trust-email')
    return args


def _shown(trust, legacy=None):
    """A database's trust for the diff: certutil letters or absent, and what NSS before
    3.114 reads when that differs (a PKCS#11 3.2 record written by Firefox 153)."""
    text = trust or 'absent'
    if legacy != trust and (trust or legacy):
        text += ' (NSS < 3.114 reads %s)' % (legacy or 'nothing')
    return text


def diff_lines(rows, requested, check_mode):
    """One line per database before, one after. ffcert's rows give trust_before (no
    legacy form of it) and, read back from the file, trust and trust_legacy: after a
    run that is the state after; in check mode, or for a database not done, it is the
    state before."""
    before, after = [], []
    for row in rows:
        name = row.get('path', '?')
        if row.get('user'):
            name += ' (%s)' % row['user']
        result = row.get('result')
        if result == 'no-database':
            before.append('%s: no database' % name)
            after.append('%s: no database' % name)
            continue
        if check_mode or result in ('skipped', 'failed'):
            # Nothing was written: what ffcert read is what the database holds now.
            now = row.get('trust') or row.get('trust_before')
            b = _shown(now, row.get('trust_legacy', now) if row.get('trust') else now)
            if result in ('would-import', 'would-update'):
                a = _shown(requested, requested)
            elif result == 'would-remove':
                a = 'absent'
            else:
                a = b
            if result in ('skipped', 'failed'):
                a += ' (%s: %s)' % (result, row.get('reason'))
        else:
            b = _shown(row.get('trust_before'), row.get('trust_before'))
            a = _shown(row.get('trust'), row.get('trust_legacy', row.get('trust')))
        before.append('%s: %s' % (name, b))
        after.append('%s: %s' % (name, a))
    return {'before': '\n'.join(before) + '\n' if before else '',
            'after': '\n'.join(after) + '\n' if after else '',
            'before_header': 'trust before', 'after_header': 'trust after'}


def main():
    module = AnsibleModule(
        argument_spec=dict(
            src=dict(type='str', required=True),
            sha256=dict(type='str'),
            trust=dict(type='str'),
            trust_websites=dict(type='bool', default=False),
            trust_email=dict(type='bool', default=False),
            state=dict(type='str', default='present', choices=['present', 'absent']),
            users=dict(type='list', elements='str'),
            homes=dict(type='list', elements='path'),
            profiles=dict(type='list', elements='path'),
            apps=dict(type='list', elements='str', choices=APPS),
            skip_running=dict(type='bool', default=False),
            password_file=dict(type='path', no_log=True),
            allow_expired=dict(type='bool', default=False),
            fail_on_skipped=dict(type='bool', default=True),
        ),
        mutually_exclusive=[('trust', 'trust_websites'), ('trust', 'trust_email')],
        supports_check_mode=True,
    )
    p = module.params
    ffcert = ffcert_path(module)
    verb = 'import' if p['state'] == 'present' else 'remove'

    common = []
    if p['sha256']:
        common += ['--sha256', p['sha256']]
    if p['password_file']:
        common += ['--password-file', p['password_file']]
    if p['skip_running']:
        common.append('--skip-running')
    if verb == 'import':
        common += _trust_args(p)
        if p['allow_expired']:
            common.append('--allow-expired')
    common.append('--json')

    commands, reports, notes = [], [], []

    if module.check_mode:
        common.append('--dry-run')

    def run(targets, label):
        argv = [ffcert, verb, p['src']] + targets + common
        commands.append(argv)
        rc, doc, err = run_json(module, argv, label)
        if doc is not None:
            doc['databases'] = with_user(doc.get('databases', []), label)
        if rc == EXIT_NO_DB:
            notes.append('%s: %s' % (label, err or 'no certificate database found'))
        if rc == EXIT_PARTIAL and doc is not None and not any(
                r.get('result') in ('failed', 'skipped') for r in doc.get('databases', [])):
            module.fail_json(msg='ffcert exited 1 for %s: %s' % (label, err),
                             commands=commands, **doc)
        return doc

    for label, targets in target_specs(module):
        doc = run(targets, label)
        if doc is not None:
            reports.append(doc)

    result = merge(reports) if reports else {'databases': [], 'warnings': [], 'changed': False,
                                             'summary': {}}
    for warning in result.pop('warnings', []) + notes:
        module.warn(warning)
    rows = result['databases']
    if module.check_mode:
        result['changed'] = any(str(r.get('result', '')).startswith('would-') for r in rows)
    if p['src'] and isinstance(result.get('source'), dict):
        result['source'] = dict(result['source'], given=p['src'])
    result['commands'] = commands
    result['msg'] = summary_text(result['summary'])
    if module._diff:
        result['diff'] = diff_lines(rows, result.get('requested_trust'), module.check_mode)

    failed = [r for r in rows if r.get('result') == 'failed']
    skipped = [r for r in rows if r.get('result') == 'skipped']
    if failed or (skipped and p['fail_on_skipped']):
        bad = failed + (skipped if p['fail_on_skipped'] else [])
        result['msg'] = '%s; %d not done: %s' % (
            result['msg'], len(bad),
            '; '.join('%s: %s: %s' % (r.get('path'), r.get('result'), r.get('reason'))
                      for r in bad))
        module.fail_json(**result)
    for r in skipped:
        module.warn('%s: skipped: %s' % (r.get('path'), r.get('reason')))
    module.exit_json(**result)


if __name__ == '__main__':
    main()
