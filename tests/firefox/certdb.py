#!/usr/bin/env python3
"""Drives a running Firefox or Thunderbird through Marionette (stdlib only): imports
CA certificates the way its Certificate Manager does, reads back the trust the
program itself gives them, opens a web page or a mail message.

Usage: certdb.py PROFILE PID STEP...

The program must have been started with `--marionette -remote-allow-system-access`
on PROFILE, whose user.js sets marionette.port to 0 (see look.py). PID is its
process: when it dies, this gives up at once. Steps run in order, each prints one
line (or, for `open`, look.py's lines), then the program is asked to quit:

  import BOXES FILE   Certificate Manager's "Authorities > Import": the program's own
                      nsIX509CertDB.importCertsFromFile(FILE, CA_CERT), exactly what
                      certManager.js calls, with the dialog ("Downloading
                      Certificate") answered with BOXES ticked: none, websites,
                      email or both. Prints "import=ok <CN the dialog was asked
                      about>" or "import=error <why>".
  trust FILE          prints "trust=absent" when no certificate with FILE's SHA-256
                      is in the program's database, else "trust=present websites=yes
                      email=no" from nsIX509CertDB.isCertTrusted(cert, CA_CERT,
                      TRUSTED_SSL / TRUSTED_EMAIL) (what Edit Trust shows ticked).
  open URL OUT.png    Firefox: shows URL as look.py does (navigate=, document=,
                      title=, error= lines) and saves a screenshot to OUT.png.
  message FILE        Thunderbird: opens the mail FILE (.eml) in a message window as
                      File > Open Message does, waits for the S/MIME verification
                      and prints "message.<FILE's name>=<nsICMSMessageErrors name>
                      status=<N> icon=<signed icon shown, or hidden>
                      signer=<signer's CN>".

Exit 0 when every step ran (whatever it found), 2 otherwise (one line on stderr).
"""
import base64
import os
import sys

sys.dont_write_bytecode = True  # no __pycache__ in the source tree
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from look import ERROR_CODE_JS, Fail, Marionette, one_line, wait_for_port  # noqa: E402

BOXES = {"none": "0", "websites": "Ci.nsIX509CertDB.TRUSTED_SSL",
         "email": "Ci.nsIX509CertDB.TRUSTED_EMAIL",
         "both": "Ci.nsIX509CertDB.TRUSTED_SSL | Ci.nsIX509CertDB.TRUSTED_EMAIL"}

# Chrome-context scripts (Marionette runs them as a function body; a returned promise
# is awaited). Components is the chrome global's.
PRELUDE = """
const Cc = Components.classes, Ci = Components.interfaces;
const db = Cc["@mozilla.org/security/x509certdb;1"].getService(Ci.nsIX509CertDB);
function localFile(path) {
  const f = Cc["@mozilla.org/file/local;1"].createInstance(Ci.nsIFile);
  f.initWithPath(path);
  return f;
}
"""

# The dialog of Certificate Manager's import (nsICertificateDialogs.confirmDownloadCACert,
# pippki's downloadcert.xhtml) cannot be clicked in a headless run: a stand-in for that
# one component answers it as a user would, with the boxes given ticked. Everything
# else, from reading the file to storing the certificate and its trust, is the
# program's own code.
IMPORT_JS = PRELUDE + """
const [path] = arguments;
const asked = [];
const standIn = {
  confirmDownloadCACert(ctx, cert, trust) {
    asked.push(cert.commonName);
    trust.value = %s;
    return true;
  },
  QueryInterface: ChromeUtils.generateQI(["nsICertificateDialogs"]),
};
Components.manager.QueryInterface(Ci.nsIComponentRegistrar).registerFactory(
  Components.ID(Services.uuid.generateUUID().toString()), "ffcert test dialog",
  "@mozilla.org/nsCertificateDialogs;1",
  { createInstance(iid) { return standIn.QueryInterface(iid); } });
try {
  db.importCertsFromFile(localFile(path), Ci.nsIX509Cert.CA_CERT);
} catch (e) {
  return "error " + e;
}
return asked.length ? "ok " + asked.join(", ") : "error the import dialog was never shown";
"""

TRUST_JS = PRELUDE + """
const [b64] = arguments;
const want = db.constructX509FromBase64(b64).sha256Fingerprint;
const found = db.getCerts().filter(c => c.sha256Fingerprint == want);
if (!found.length) {
  return "absent";
}
const yes = t => db.isCertTrusted(found[0], Ci.nsIX509Cert.CA_CERT, t) ? "yes" : "no";
return "present websites=" + yes(Ci.nsIX509CertDB.TRUSTED_SSL) +
  " email=" + yes(Ci.nsIX509CertDB.TRUSTED_EMAIL);
"""

# Thunderbird's File > Open Message: a message window on the file's URL with
# ?type=application/x-message-display. Its about:message reports the S/MIME result
# in gSignatureStatus once every verification it started has reported back
# (msgHdrViewSMIMEOverlay.js), and shows the signed icon for a good signature.
MESSAGE_JS = PRELUDE + """
const [path] = arguments;
const names = {};
for (const k in Ci.nsICMSMessageErrors) {
  names[Ci.nsICMSMessageErrors[k]] = k;
}
const url = Services.io.newFileURI(localFile(path)).mutate()
  .setQuery("type=application/x-message-display").finalize();
const win = Services.ww.openWindow(null, "chrome://messenger/content/messageWindow.xhtml",
  "_blank", "all,chrome,dialog=no,status,toolbar", url);
return (async () => {
  const t0 = Date.now();
  try {
    while (Date.now() - t0 < 20000) {
      await new Promise(r => win.setTimeout(r, 100));
      const browser = win.document && win.document.getElementById("messageBrowser");
      const a = browser && browser.contentWindow;
      if (!a || !a.gSmimeMsgLoadedFired || a.gSignatureStatus === undefined ||
          a.gSignatureStatus == -1 || a.gReceivedSignatureCount < a.gExpectedSignatureCount) {
        continue;
      }
      const icon = a.document.getElementById("signedHdrIcon");
      return (names[a.gSignatureStatus] || "UNKNOWN") + " status=" + a.gSignatureStatus +
        " icon=" + (icon.hidden ? "hidden" : icon.getAttribute("src").replace(/.*\\//, "")) +
        " signer=" + (a.gSignerCert ? a.gSignerCert.commonName : "-");
    }
    return "TIMEOUT no S/MIME result after 20 s";
  } finally {
    win.close();
  }
})();
"""


def cert_base64(path):
    """The first certificate of a PEM or DER file, as base64 DER."""
    with open(path, "rb") as f:
        data = f.read()
    if b"-----BEGIN CERTIFICATE-----" in data:
        body = data.split(b"-----BEGIN CERTIFICATE-----", 1)[1]
        body = body.split(b"-----END CERTIFICATE-----", 1)[0]
        return "".join(body.decode("ascii").split())
    return base64.b64encode(data).decode("ascii")


def chrome(m, script, args):
    m.must("Marionette:SetContext", {"value": "chrome"})
    return m.must("WebDriver:ExecuteScript", {"script": script, "args": args})["value"]


def open_page(m, url, out):
    m.must("Marionette:SetContext", {"value": "content"})
    err, _ = m.call("WebDriver:Navigate", {"url": url})
    print("navigate=" + (one_line(err.split(":")[0]) if err else "ok"))
    doc = m.must("WebDriver:ExecuteScript",
                 {"script": "return document.documentURI;", "args": []})["value"]
    print("document=" + one_line(doc))
    print("title=" + one_line(m.must("WebDriver:GetTitle", {})["value"]))
    code = m.must("WebDriver:ExecuteScript", {"script": ERROR_CODE_JS, "args": []})["value"]
    print("error=" + (one_line(code) if code else "-"))
    shot = m.must("WebDriver:TakeScreenshot", {"full": False})["value"]
    with open(out, "wb") as f:
        f.write(base64.b64decode(shot))


ARITY = {"import": 2, "trust": 1, "open": 2, "message": 1}


def main(argv):
    steps, rest = [], argv[3:]
    while rest:
        n = ARITY.get(rest[0])
        if n is None or len(rest) < n + 1 or (rest[0] == "import" and rest[1] not in BOXES):
            sys.stderr.write("usage: certdb.py PROFILE PID STEP... (bad step %r)\n" % rest[:3])
            return 2
        steps.append(rest[:n + 1])
        rest = rest[n + 1:]
    if len(argv) < 4 or not steps:
        sys.stderr.write("usage: certdb.py PROFILE PID STEP...\n")
        return 2
    profile, pid = argv[1], int(argv[2])
    m = None
    try:
        m = Marionette(wait_for_port(profile, pid, 60), 60)
        m.must("WebDriver:NewSession",
               {"capabilities": {"alwaysMatch": {
                   "acceptInsecureCerts": False, "pageLoadStrategy": "normal",
                   "timeouts": {"pageLoad": 30000, "script": 30000}}}})
        for step in steps:
            if step[0] == "import":
                r = chrome(m, IMPORT_JS % BOXES[step[1]], [os.path.abspath(step[2])])
                print("import=" + (one_line(r) if r else "error no answer"))
            elif step[0] == "trust":
                print("trust=" + one_line(chrome(m, TRUST_JS, [cert_base64(step[1])])))
            elif step[0] == "open":
                open_page(m, step[1], step[2])
            elif step[0] == "message":
                r = chrome(m, MESSAGE_JS, [os.path.abspath(step[1])])
                print("message.%s=%s" % (os.path.basename(step[1]), one_line(r)))
            sys.stdout.flush()
        quit_program(m)
        return 0
    except (OSError, ValueError, Fail) as e:
        sys.stdout.flush()
        sys.stderr.write("certdb.py: %s\n" % one_line(e))
        if m is not None:
            quit_program(m)
        return 2


def quit_program(m):
    try:
        m.call("Marionette:Quit", {"flags": ["eForceQuit"]})
    except (OSError, ValueError, Fail):
        pass  # the program may close the socket while quitting: the caller waits


if __name__ == "__main__":
    sys.exit(main(sys.argv))
