# -*- coding: utf-8 -*-
# stdout callback of tests/integration/fleet.sh: the whole run as one JSON document,
# in the shape of ansible.posix's json callback (not part of ansible-core):
# {"plays": [{"play": {"name"}, "tasks": [{"task": {"name", "duration"},
#   "hosts": {HOST: result}}]}], "stats": {HOST: {"ok", "changed", "failures", ...}}}
from __future__ import absolute_import, division, print_function
__metaclass__ = type

DOCUMENTATION = '''
    name: fleet_json
    type: stdout
    short_description: the run as one JSON document (tests/integration/fleet.sh)
    description: Prints every task's result per host, and the stats, as JSON at the end.
'''

import json
import time

from ansible.parsing.ajson import AnsibleJSONEncoder
from ansible.plugins.callback import CallbackBase


class CallbackModule(CallbackBase):
    CALLBACK_VERSION = 2.0
    CALLBACK_TYPE = 'stdout'
    CALLBACK_NAME = 'fleet_json'

    def __init__(self, display=None):
        super(CallbackModule, self).__init__(display)
        self.plays = []

    def v2_playbook_on_play_start(self, play):
        self.plays.append({'play': {'name': play.get_name()}, 'tasks': []})

    def _task(self, task):
        self.plays[-1]['tasks'].append({'task': {'name': task.get_name(),
                                                 'duration': {'start': time.time()}},
                                        'hosts': {}})

    def v2_playbook_on_task_start(self, task, is_conditional):
        self._task(task)

    def v2_playbook_on_handler_task_start(self, task):
        self._task(task)

    def _result(self, result, **extra):
        entry = self.plays[-1]['tasks'][-1]
        entry['task']['duration']['end'] = time.time()
        data = dict(result._result)
        data.update(extra)
        entry['hosts'][result._host.get_name()] = data

    def v2_runner_on_ok(self, result):
        self._result(result)

    def v2_runner_on_failed(self, result, ignore_errors=False):
        self._result(result, failed=True)

    def v2_runner_on_skipped(self, result):
        self._result(result, skipped=True)

    def v2_runner_on_unreachable(self, result):
        self._result(result, unreachable=True)

    def v2_playbook_on_stats(self, stats):
        summary = dict((h, stats.summarize(h)) for h in sorted(stats.processed))
        self._display.display(json.dumps({'plays': self.plays, 'stats': summary},
                                         cls=AnsibleJSONEncoder, indent=1, sort_keys=True))
