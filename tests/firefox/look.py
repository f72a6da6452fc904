#!/usr/bin/env python3
"""Shows what a running Firefox displays for a URL, through Marionette (stdlib only).

Usage: look.py PROFILE PID URL OUT.png

Firefox must have been started with --marionette on PROFILE, whose user.js sets
marionette.port to 0 (Firefox then picks a free port and writes it to
PROFILE/MarionetteActivePort; delete that file before starting Firefox). PID is
Firefox's process: when it dies, this gives up at once instead of waiting.

It opens a session, navigates to URL, saves a screenshot of the viewport to
OUT.png and prints what Firefox shows, one "key=value" per line:

  navigate=ok                  or the WebDriver error, e.g. "insecure certificate"
  document=about:certerror?... the documentURI (the page itself, or Firefox's error page)
  title=...                    the document's title
  error=SEC_ERROR_UNKNOWN_ISSUER  the error code an error page shows, or "-"

Then it asks Firefox to quit. Exit 0 when the screenshot was saved, 2 otherwise
(one line on stderr). Why not `firefox --screenshot`: Firefox 153's headless
screenshot never returns on an error page (it waits for a load that never comes), so
it cannot show what the user sees when the connection fails.
"""
import base64
import json
import os
import socket
import sys
import time

# Error pages expose their error code to privileged callers only; a Marionette
# script runs with the page's own principal, which about:neterror/certerror has.
ERROR_CODE_JS = """
try { return document.getFailedCertSecurityInfo().errorCodeString; } catch (e) {}
try { return document.getNetErrorInfo().errorCodeString; } catch (e) {}
return null;
"""


class Fail(Exception):
    pass


def alive(pid):
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    # A zombie has exited too.
    try:
        with open("/proc/%d/stat" % pid) as f:
            return f.read().rsplit(")", 1)[1].split()[0] != "Z"
    except OSError:
        return True


def wait_for_port(profile, pid, seconds):
    path = os.path.join(profile, "MarionetteActivePort")
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            with open(path) as f:
                text = f.read().strip()
            if text:
                return int(text)
        except (OSError, ValueError):
            pass
        if not alive(pid):
            raise Fail("Firefox (pid %d) exited before Marionette listened" % pid)
        time.sleep(0.1)
    raise Fail("no %s after %d s" % (path, seconds))


class Marionette:
    def __init__(self, port, timeout):
        self.sock = socket.create_connection(("127.0.0.1", port), timeout=timeout)
        self.buf = b""
        self.msgid = 0
        hello = self.recv()
        if not isinstance(hello, dict) or hello.get("applicationType") != "gecko":
            raise Fail("not a Marionette server: %r" % (hello,))

    def recv(self):
        while b":" not in self.buf:
            self.more()
        size, _, rest = self.buf.partition(b":")
        size = int(size)
        self.buf = rest
        while len(self.buf) < size:
            self.more()
        packet, self.buf = self.buf[:size], self.buf[size:]
        return json.loads(packet)

    def more(self):
        data = self.sock.recv(65536)
        if not data:
            raise Fail("Marionette closed the connection")
        self.buf += data

    def call(self, name, params):
        """Returns (error, result): error is None or WebDriver's error name."""
        self.msgid += 1
        data = json.dumps([0, self.msgid, name, params]).encode()
        self.sock.sendall(str(len(data)).encode() + b":" + data)
        while True:
            reply = self.recv()
            if isinstance(reply, list) and len(reply) == 4 and reply[1] == self.msgid:
                break
        err, result = reply[2], reply[3]
        if err:
            return err.get("error", "error") + ": " + err.get("message", ""), None
        return None, result

    def must(self, name, params):
        err, result = self.call(name, params)
        if err:
            raise Fail("%s: %s" % (name, err))
        return result


def one_line(text):
    return " ".join(str(text).split())


def main(argv):
    if len(argv) != 5:
        sys.stderr.write("usage: look.py PROFILE PID URL OUT.png\n")
        return 2
    profile, pid, url, out = argv[1], int(argv[2]), argv[3], argv[4]
    try:
        port = wait_for_port(profile, pid, 40)
        m = Marionette(port, 60)
        m.must("WebDriver:NewSession",
               {"capabilities": {"alwaysMatch": {
                   "acceptInsecureCerts": False, "pageLoadStrategy": "normal",
                   "timeouts": {"pageLoad": 30000, "script": 10000}}}})
        # An error page is not a failure here: it is what we came to see.
        err, _ = m.call("WebDriver:Navigate", {"url": url})
        print("navigate=" + (one_line(err.split(":")[0]) if err else "ok"))
        doc = m.must("WebDriver:ExecuteScript",
                     {"script": "return document.documentURI;", "args": []})["value"]
        print("document=" + one_line(doc))
        title = m.must("WebDriver:GetTitle", {})["value"]
        print("title=" + one_line(title))
        code = m.must("WebDriver:ExecuteScript",
                      {"script": ERROR_CODE_JS, "args": []})["value"]
        print("error=" + (one_line(code) if code else "-"))
        shot = m.must("WebDriver:TakeScreenshot", {"full": False})["value"]
        with open(out, "wb") as f:
            f.write(base64.b64decode(shot))
        sys.stdout.flush()
        try:
            m.call("Marionette:Quit", {"flags": ["eForceQuit"]})
        except (OSError, Fail):
            pass  # Firefox may close the socket while quitting: the caller waits for it
        return 0
    except (OSError, ValueError, Fail) as e:
        sys.stdout.flush()
        sys.stderr.write("look.py: %s: %s\n" % (url, e))
        return 2


if __name__ == "__main__":
    sys.exit(main(sys.argv))
