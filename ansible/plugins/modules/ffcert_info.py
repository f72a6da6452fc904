#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: ffcert maintainers

from __future__ import absolute_import, division, print_function
__metaclass__ = type

DOCUMENTATION = r'''
---
module: ffcert_info
short_description: Report Firefox and Thunderbird certificate databases, CA status and diagnoses
description:
  - Read-only. Runs ffcert on the host with C(--json) and returns what it reports, as data.
  - C(profiles) lists the certificate databases found (C(ffcert profiles)).
  - C(status) says, for each certificate in I(src), whether each database holds it and with
    which trust (C(ffcert status)).
  - C(doctor) follows the chain of every client and S/MIME certificate in each database and
    lists what is missing or wrong (C(ffcert doctor), without C(--fix)).
  - C(policy) reads Firefox's enterprise policy C(Certificates.Install) (C(ffcert policy status)).
  - C(catalog) lists the NII/SECOM CAs ffcert knows and their state (C(ffcert catalog)).
  - Nothing is ever written; a database lacking a certificate or with findings is data, not
    a failure.
version_added: "0.1.0"
author:
  - ffcert maintainers (@ffcert)
requirements:
  - ffcert (the Debian package C(ffcert)) on the managed host
options:
  gather:
    description:
      - What to report. The version of ffcert is always reported.
    type: list
    elements: str
    choices: [profiles, status, doctor, policy, catalog]
    default: [profiles]
  src:
    description:
      - Certificates for C(status), each a catalogue name, a URL or a file on the host.
      - Required when I(gather) has C(status).
    type: list
    elements: str
  trust:
    description:
      - With C(status), also check that the trust is exactly this (certutil letters); other
        trust is reported as C(mismatch).
    type: str
  users:
    description:
      - C(all) for every account ffcert C(--all-users) handles, or a list of account names.
      - Without I(users), I(homes) and I(profiles), the home of the user the module runs as.
      - With C(all), run as root, C(profiles) and C(doctor) use C(ffcert --all-users) where
        the ffcert on the host has it for them; with an ffcert that refuses it, or not as
        root, the module runs them for each such account itself (as that account when
        root), with the rule ffcert uses (UID_MIN..UID_MAX, a login shell, an existing
        home).
    type: list
    elements: str
  homes:
    description: Home folders to search (C(ffcert --home)).
    type: list
    elements: path
  profiles:
    description: Profile or NSS database folders, used as they are (C(ffcert --profile)).
    type: list
    elements: path
  apps:
    description:
      - Only the databases of these programs among those found in I(users), I(homes) or the
        module user's home (C(ffcert --app)); C(firefox) also covers its snap and flatpak.
      - Folders named in I(profiles) are always used.
    type: list
    elements: str
    choices: [firefox, firefox-snap, firefox-flatpak, thunderbird, thunderbird-snap,
              thunderbird-flatpak, librewolf, chromium]
extends_documentation_fragment:
  - ansible.builtin.action_common_attributes
attributes:
  check_mode:
    support: full
    details: The module never writes; it runs the same in check mode.
  diff_mode:
    support: N/A
    details: It changes nothing, so there is nothing to show.
  platform:
    platforms: debian
seealso:
  - module: ffcert.ffcert.ffcert_ca
'''

EXAMPLES = r'''
- name: Which profiles are there, for every user
  ffcert.ffcert.ffcert_info:
    users: all
  become: true
  register: found

- name: Every database holds the new intermediate, trusted c,c,
  ffcert.ffcert.ffcert_info:
    gather: [status]
    src: [nii-g8-rsa]
    trust: "c,c,"
    users: all
  become: true
  register: st

- name: Fail where it does not
  ansible.builtin.assert:
    that: st.status['nii-g8-rsa'].databases | rejectattr('result', 'in', ['present', 'no-database']) | list | length == 0

- name: Why client certificates fail, and the Firefox policy in place
  ffcert.ffcert.ffcert_info:
    gather: [doctor, policy]
    users: [alice]
  become: true
'''

RETURN = r'''
ffcert:
  description: The ffcert on the host.
  returned: always
  type: dict
  contains:
    path:
      description: Its path.
      type: str
      sample: /usr/bin/ffcert
    version:
      description: What C(ffcert --version) prints.
      type: str
      sample: "ffcert 0.1.0 (NSS 3.87.1, NSPR 4.35, libcurl/7.88.1 ...)"
profiles:
  description: The databases found, as C(ffcert profiles --json) lists them (path, app,
    app_version, profile, default, format, in_use, owner, profiles_ini, problem), plus
    C(user) with I(users).
  returned: when I(gather) has C(profiles)
  type: list
  elements: dict
status:
  description: For each I(src), the report of C(ffcert status --json) (certificate, databases
    with C(result) C(present), C(absent), C(mismatch) or C(no-database), and C(trust)).
  returned: when I(gather) has C(status)
  type: dict
doctor:
  description: The databases of C(ffcert doctor --json), each with C(findings) and
    C(user_certificates), plus C(user) with I(users).
  returned: when I(gather) has C(doctor)
  type: list
  elements: dict
policy:
  description: The report of C(ffcert policy status --json).
  returned: when I(gather) has C(policy)
  type: dict
catalog:
  description: The report of C(ffcert catalog --json).
  returned: when I(gather) has C(catalog)
  type: dict
commands:
  description: The ffcert command lines that ran on the host.
  returned: always
  type: list
  elements: list
'''

import os

from ansible.module_utils.basic import AnsibleModule
from ansible_collections.ffcert.ffcert.plugins.module_utils.ffcert import (
    APPS, EXIT_USAGE, accounts, ffcert_path, merge, parse_json, run_raw, target_specs,
    with_user)


def main():
    module = AnsibleModule(
        argument_spec=dict(
            gather=dict(type='list', elements='str', default=['profiles'],
                        choices=['profiles', 'status', 'doctor', 'policy', 'catalog']),
            src=dict(type='list', elements='str'),
            trust=dict(type='str'),
            users=dict(type='list', elements='str'),
            homes=dict(type='list', elements='path'),
            profiles=dict(type='list', elements='path'),
            apps=dict(type='list', elements='str', choices=APPS),
        ),
        supports_check_mode=True,
    )
    p = module.params
    if 'status' in p['gather'] and not p['src']:
        module.fail_json(msg="gather: status needs src")
    ffcert = ffcert_path(module)
    rc, out, err = module.run_command([ffcert, '--version'])
    result = {'changed': False, 'ffcert': {'path': ffcert, 'version': out.strip()}}

    commands = []
    result['commands'] = commands

    def run_json(argv, label):
        commands.append(argv)
        rc, out, err = run_raw(module, argv)
        return parse_json(module, argv, label, rc, out, err)

    def rows_of(doc, label):
        for w in doc.get('warnings', []):
            module.warn(w)
        return with_user(doc.get('databases', []), label)

    def each_account(command, rest):
        """command for every account ffcert --all-users would take, one run each, as that
        account when root (for an ffcert whose profiles and doctor lack --all-users)."""
        rows = []
        for a in accounts():
            argv = [ffcert, command, '--home', a.pw_dir] + rest + ['--json']
            if os.geteuid() == 0 and a.pw_uid != 0:
                argv = ['setpriv', '--reuid=%d' % a.pw_uid, '--regid=%d' % a.pw_gid,
                        '--init-groups'] + argv
            rc, doc, err = run_json(argv, 'user %s' % a.pw_name)
            if doc is not None:
                rows.extend(rows_of(doc, 'user %s' % a.pw_name))
        return rows

    def per_home(command):
        """command (profiles or doctor) for every target."""
        rows = []
        for label, targets in target_specs(module):
            if targets[:1] != ['--all-users']:
                rc, doc, err = run_json([ffcert, command] + targets + ['--json'], label)
                if doc is not None:
                    rows.extend(rows_of(doc, label))
                continue
            rest = targets[1:]
            if os.geteuid() == 0:
                argv = [ffcert, command] + targets + ['--json']
                commands.append(argv)
                rc, out, err = run_raw(module, argv)
                # An ffcert from before profiles/doctor --all-users refuses it as a
                # usage error; anything else is its answer.
                if not (rc == EXIT_USAGE and 'unknown option' in err and '--all-users' in err):
                    rc, doc, err = parse_json(module, argv, label, rc, out, err)
                    if doc is not None:
                        rows.extend(rows_of(doc, label))
                    continue
            rows.extend(each_account(command, rest))
        return rows

    if 'profiles' in p['gather']:
        result['profiles'] = per_home('profiles')
    if 'doctor' in p['gather']:
        result['doctor'] = per_home('doctor')
    if 'status' in p['gather']:
        result['status'] = {}
        for src in p['src']:
            reports = []
            for label, targets in target_specs(module):
                argv = [ffcert, 'status', src] + targets + ['--json']
                if p['trust']:
                    argv += ['--trust', p['trust']]
                rc, doc, err = run_json(argv, label)
                if doc is not None:
                    doc['databases'] = with_user(doc.get('databases', []), label)
                    reports.append(doc)
            merged = merge(reports) if reports else {'databases': [], 'warnings': [],
                                                     'summary': {}}
            for w in merged.pop('warnings', []):
                module.warn(w)
            merged.pop('changed', None)
            result['status'][src] = merged
    if 'policy' in p['gather']:
        rc, doc, err = run_json([ffcert, 'policy', 'status', '--json'], 'policy')
        result['policy'] = doc
    if 'catalog' in p['gather']:
        rc, doc, err = run_json([ffcert, 'catalog', '--json'], 'catalog')
        result['catalog'] = doc
    module.exit_json(**result)


if __name__ == '__main__':
    main()
