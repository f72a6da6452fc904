#!/usr/bin/env python3
"""Runs a command on a new pseudo-terminal, as if a person sat at it.

Usage: pty_answer.py PROMPT ANSWER TIMEOUT OUTFILE -- COMMAND [ARGS...]

Waits until the terminal output contains PROMPT, then types ANSWER and Enter (once),
and keeps reading until the command ends. Everything the terminal showed (stdin,
stdout and stderr all are the terminal) is written to OUTFILE, "\r\n" turned into
"\n". Exits with the command's status; 124 if it did not end within TIMEOUT seconds
(it is then killed); 125 if PROMPT never came (the answer is then never typed).
"""
import os
import pty
import select
import signal
import sys
import termios
import time


def main():
    if len(sys.argv) < 7 or sys.argv[5] != "--":
        sys.stderr.write(__doc__)
        return 2
    prompt = sys.argv[1].encode()
    answer = sys.argv[2].encode() + b"\n"
    deadline = time.monotonic() + float(sys.argv[3])
    outfile = sys.argv[4]
    cmd = sys.argv[6:]

    pid, fd = pty.fork()
    if pid == 0:
        try:
            os.execvp(cmd[0], cmd)
        finally:
            os._exit(127)

    seen = b""
    answered = False
    timed_out = False
    while True:
        left = deadline - time.monotonic()
        if left <= 0:
            timed_out = True
            os.kill(pid, signal.SIGKILL)
            break
        ready, _, _ = select.select([fd], [], [], min(left, 0.2))
        if not ready:
            continue
        try:
            data = os.read(fd, 4096)
        except OSError:  # EIO: the child closed the terminal
            break
        if not data:
            break
        seen += data
        if not answered and prompt in seen:
            # Type once the program has switched echo off (the master side reads the
            # terminal's modes), or after 3 s: a program that never does is caught by
            # the caller looking for the answer in OUTFILE.
            wait_until = min(deadline, time.monotonic() + 3)
            while time.monotonic() < wait_until and termios.tcgetattr(fd)[3] & termios.ECHO:
                time.sleep(0.02)
            os.write(fd, answer)
            answered = True
    _, status = os.waitpid(pid, 0)
    os.close(fd)
    with open(outfile, "wb") as f:
        f.write(seen.replace(b"\r\n", b"\n"))
    if timed_out:
        return 124
    if not answered:
        return 125
    if os.WIFSIGNALED(status):
        return 128 + os.WTERMSIG(status)
    return os.WEXITSTATUS(status)


if __name__ == "__main__":
    sys.exit(main())
