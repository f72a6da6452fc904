#!/usr/bin/env python3
"""Runs a command on a new pseudo-terminal and answers each password prompt by what
it names, as a careful person would, and watches how the prompts come.

Usage: pty_prompts.py PROMPT TIMEOUT OUTFILE KEY=ANSWER... -- COMMAND [ARGS...]

Each time the terminal shows PROMPT, the helper waits 1.5 s (so that a second prompt
shown meanwhile is seen), then reads the rest of the prompt's line, types the ANSWER
of the first KEY that line contains (an empty line if none), and Enter. Everything the
terminal showed goes to OUTFILE ("\\r\\n" as "\\n"). On stderr, one line:

    prompts=N overlapped=N echo_on=N unmatched=N

overlapped: prompts that appeared while another was still unanswered; echo_on:
prompts answered while the terminal still echoed. Exits with the command's status,
124 if it did not end within TIMEOUT seconds (it is then killed).
"""
import os
import pty
import select
import signal
import sys
import termios
import time


def main():
    try:
        sep = sys.argv.index("--")
    except ValueError:
        sys.stderr.write(__doc__)
        return 2
    prompt = sys.argv[1].encode()
    deadline = time.monotonic() + float(sys.argv[2])
    outfile = sys.argv[3]
    answers = [a.split("=", 1) for a in sys.argv[4:sep]]
    cmd = sys.argv[sep + 1:]

    pid, fd = pty.fork()
    if pid == 0:
        try:
            os.execvp(cmd[0], cmd)
        finally:
            os._exit(127)

    seen = b""
    handled = 0  # prompts answered so far
    stats = {"prompts": 0, "overlapped": 0, "echo_on": 0, "unmatched": 0}
    pending_since = None
    timed_out = False
    while True:
        left = deadline - time.monotonic()
        if left <= 0:
            timed_out = True
            os.kill(pid, signal.SIGKILL)
            break
        ready, _, _ = select.select([fd], [], [], min(left, 0.1))
        if ready:
            try:
                data = os.read(fd, 4096)
            except OSError:  # EIO: the child closed the terminal
                break
            if not data:
                break
            seen += data
        shown = seen.count(prompt)
        if shown > handled and pending_since is None:
            pending_since = time.monotonic()
        if pending_since is not None and time.monotonic() - pending_since >= 1.5:
            stats["prompts"] += 1
            if shown > handled + 1:
                stats["overlapped"] += 1
            if termios.tcgetattr(fd)[3] & termios.ECHO:
                stats["echo_on"] += 1
            # The text of the prompt being answered: from its start to the line's end.
            start = -1
            for _ in range(handled + 1):
                start = seen.index(prompt, start + 1)
            line = seen[start:].split(b"\n")[0].decode(errors="replace")
            answer = ""
            for key, value in answers:
                if key in line:
                    answer = value
                    break
            else:
                stats["unmatched"] += 1
            os.write(fd, answer.encode() + b"\n")
            handled += 1
            pending_since = None
    _, status = os.waitpid(pid, 0)
    os.close(fd)
    with open(outfile, "wb") as f:
        f.write(seen.replace(b"\r\n", b"\n"))
    sys.stderr.write(" ".join("%s=%d" % kv for kv in stats.items()) + "\n")
    if timed_out:
        return 124
    if os.WIFSIGNALED(status):
        return 128 + os.WTERMSIG(status)
    return os.WEXITSTATUS(status)


if __name__ == "__main__":
    sys.exit(main())
