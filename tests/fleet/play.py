"""Reads what ansible-playbook's json callback printed, for tests/integration/fleet.sh.

Usage: play.py FILE EXPR
EXPR is a Python expression over:
  stats            {host: {"ok": n, "changed": n, "failures": n, "unreachable": n, ...}}
  res(task, host)  the result of the task (named by the end of its name) on the host;
                   for a loop, the result of its first item; {} when it did not run
  rows(task, host) res(...)["databases"], or []
  top(task, host)  the task's whole result (for a loop: warnings gathered from its items)
  summary(task, host)  res(...)["summary"] with its keys sorted
  hosts            the host names in stats
It prints the value as tests/lib.sh's jget does: None as "null", booleans as
"true"/"false", "!json" when FILE is not JSON, "!missing ..." on a missing key.
"""
import json
import sys


def main():
    try:
        with open(sys.argv[1]) as f:
            doc = json.load(f)
    except (OSError, ValueError):
        print("!json")
        return

    stats = doc.get("stats", {})

    def res(task, host):
        for play in doc.get("plays", []):
            for t in play.get("tasks", []):
                if t["task"]["name"].endswith(task) and host in t.get("hosts", {}):
                    r = t["hosts"][host]
                    if "results" in r and r["results"]:
                        return r["results"][0]
                    return r
        return {}

    def top(task, host):
        for play in doc.get("plays", []):
            for t in play.get("tasks", []):
                if t["task"]["name"].endswith(task) and host in t.get("hosts", {}):
                    return t["hosts"][host]
        return {}

    def rows(task, host):
        return res(task, host).get("databases", [])

    def summary(task, host):
        return dict(sorted(res(task, host)["summary"].items()))

    scope = {"stats": stats, "res": res, "rows": rows, "top": top, "summary": summary,
             "hosts": sorted(stats)}
    try:
        v = eval(sys.argv[2], scope)  # pylint: disable=eval-used
    except (LookupError, TypeError, AttributeError) as e:
        print("!missing " + repr(e))
        return
    print("null" if v is None else str(v).lower() if isinstance(v, bool) else v)


if __name__ == "__main__":
    main()
