# -*- coding: utf-8 -*-
# Copyright: ffcert maintainers
# Action plugin of ffcert_ca: when src names a file on the controller, copy it into the
# task's temporary folder on the host and give the module that copy.

from __future__ import absolute_import, division, print_function
__metaclass__ = type

import os
import re

from ansible.errors import AnsibleError, AnsibleActionFail
from ansible.module_utils.common.text.converters import to_text
from ansible.plugins.action import ActionBase

# ffcert's catalogue names: never looked up as files (ffcert itself prefers the
# catalogue to a folder of the same name).
CATALOG_NAME = re.compile(r'^[a-z0-9][a-z0-9-]*$')


def controller_candidate(src):
    """Whether src may name a file on the controller (not a URL, not a catalogue name)."""
    if not isinstance(src, str) or not src:
        return False
    if '://' in src or CATALOG_NAME.match(src):
        return False
    return True


class ActionModule(ActionBase):

    TRANSFERS_FILES = True

    def run(self, tmp=None, task_vars=None):
        if task_vars is None:
            task_vars = {}
        result = super(ActionModule, self).run(tmp, task_vars)
        del tmp  # unused since Ansible 2.5

        args = self._task.args.copy()
        src = args.get('src')
        local = None
        if controller_candidate(src):
            try:
                local = self._find_needle('files', os.path.expanduser(src))
            except AnsibleError:
                local = None  # not on the controller: a file on the host
            if local is not None and not os.path.isfile(local):
                local = None
        try:
            if local is not None:
                try:
                    real = self._loader.get_real_file(local, decrypt=True)
                except AnsibleError as e:
                    raise AnsibleActionFail(to_text(e))
                remote = self._connection._shell.join_path(
                    self._connection._shell.tmpdir, 'ffcert-src-' + os.path.basename(local))
                self._transfer_file(real, remote)
                self._fixup_perms2((self._connection._shell.tmpdir, remote))
                args['src'] = remote
            result.update(self._execute_module(module_name='ffcert.ffcert.ffcert_ca',
                                               module_args=args, task_vars=task_vars))
            if local is not None and isinstance(result.get('source'), dict):
                source = dict(result['source'], given=src)
                source['controller_file'] = local
                result['source'] = source
        except AnsibleActionFail as e:
            result.update(e.result)
        finally:
            self._remove_tmp_path(self._connection._shell.tmpdir)
        return result
