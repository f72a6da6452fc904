#!/usr/bin/env python3
"""Local certificate server for ffcert's download tests (python3 standard library only).

Serves plain HTTP, and HTTPS too when --cert/--key are given, both on 127.0.0.1 with
ports chosen by the kernel (port 0). Once both listen, writes "http=PORT" and
"https=PORT" lines to --port-file (atomically: the test waits for the file). Every
request is logged as "SCHEME PATH" (one line, flushed) to --log, so a test can prove
a URL was, or was not, asked for.

Paths (the same on both servers; a query string is ignored for routing):
  /inter.pem /inter.der /root.pem /expired.pem   files of --data (tests/data)
  /notcert          200 "hello"
  /404              404
  /redirect-http    302 to http://127.0.0.1:HTTP/inter.pem (plain http)
  /redirect-file    302 to file:///etc/passwd
  /redirect-https   302 to https://127.0.0.1:HTTPS/inter.pem
  /loop             302 to itself, forever
  /chunked-big      200 KiB in 8 KiB chunks, Transfer-Encoding: chunked, no length
  /big              Content-Length: 200 KiB, then the body
  /stall            headers (with a Content-Length), then 30 s of silence
Anything else is 404.

Usage: certserver.py --port-file FILE --data DIR [--log FILE] [--cert PEM --key PEM]
"""
import argparse
import http.server
import os
import socket
import ssl
import sys
import threading
import time

BIG = 200 * 1024
CHUNK = 8 * 1024
STALL_SECONDS = 30

FILES = {
    "/inter.pem": ("inter-ca.pem", "application/x-pem-file"),
    "/inter.der": ("inter-ca.der", "application/pkix-cert"),
    "/root.pem": ("root-ca.pem", "application/x-pem-file"),
    "/expired.pem": ("expired-ca.pem", "application/x-pem-file"),
}


class State:
    data_dir = "."
    ports = {}  # "http"/"https" -> port
    log = None
    log_lock = threading.Lock()


def log_request_line(scheme, path):
    if State.log is None:
        return
    with State.log_lock:
        State.log.write("%s %s\n" % (scheme, path))
        State.log.flush()


class Handler(http.server.BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    server_version = "ffcert-test-server"
    sys_version = ""
    scheme = "http"

    def log_message(self, fmt, *args):  # quiet: requests go to --log instead
        pass

    def url_on(self, scheme, path):
        port = State.ports.get(scheme)
        if port is None:
            return None
        return "%s://127.0.0.1:%d%s" % (scheme, port, path)

    def plain(self, status, body, ctype="text/plain", extra=()):
        self.send_response(status)
        self.send_header("Content-Type", ctype)
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Connection", "close")
        for k, v in extra:
            self.send_header(k, v)
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)
        self.close_connection = True

    def redirect(self, location):
        if location is None:
            self.plain(500, b"that server is not running\n")
        else:
            self.plain(302, b"moved\n", extra=[("Location", location)])

    def do_HEAD(self):
        self.do_GET()

    def do_GET(self):
        log_request_line(self.scheme, self.path)
        path = self.path.split("?", 1)[0]
        try:
            self.route(path)
        except (BrokenPipeError, ConnectionResetError, ssl.SSLError, socket.timeout):
            # The client gave up (size cap, timeout): expected in these tests.
            self.close_connection = True

    def route(self, path):
        if path in FILES:
            name, ctype = FILES[path]
            with open(os.path.join(State.data_dir, name), "rb") as f:
                self.plain(200, f.read(), ctype)
        elif path == "/notcert":
            self.plain(200, b"hello\n")
        elif path == "/redirect-http":
            self.redirect(self.url_on("http", "/inter.pem"))
        elif path == "/redirect-file":
            self.redirect("file:///etc/passwd")
        elif path == "/redirect-https":
            self.redirect(self.url_on("https", "/inter.pem"))
        elif path == "/loop":
            self.redirect(self.url_on(self.scheme, "/loop"))
        elif path == "/chunked-big":
            self.send_response(200)
            self.send_header("Content-Type", "application/x-pem-file")
            self.send_header("Transfer-Encoding", "chunked")
            self.send_header("Connection", "close")
            self.end_headers()
            block = b"A" * CHUNK
            for _ in range(BIG // CHUNK):
                self.wfile.write(b"%x\r\n%s\r\n" % (len(block), block))
                self.wfile.flush()
            self.wfile.write(b"0\r\n\r\n")
            self.close_connection = True
        elif path == "/big":
            self.plain(200, b"B" * BIG, "application/x-pem-file")
        elif path == "/stall":
            self.send_response(200)
            self.send_header("Content-Type", "application/x-pem-file")
            self.send_header("Content-Length", "1000")
            self.send_header("Connection", "close")
            self.end_headers()
            self.wfile.flush()
            time.sleep(STALL_SECONDS)
            self.close_connection = True
        else:
            self.plain(404, b"not found\n")


class TLSHandler(Handler):
    scheme = "https"


class Server(http.server.ThreadingHTTPServer):
    daemon_threads = True
    allow_reuse_address = False

    def handle_error(self, request, client_address):
        # A client refusing our certificate, or hanging up, is part of the tests.
        pass


class TLSServer(Server):
    def __init__(self, addr, handler, context):
        self.context = context
        super().__init__(addr, handler)

    def get_request(self):
        sock, addr = self.socket.accept()
        # The handshake runs in the handler's thread (first read), so a client
        # that never completes it cannot block accept().
        return self.context.wrap_socket(sock, server_side=True,
                                        do_handshake_on_connect=False), addr


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--port-file", required=True)
    ap.add_argument("--data", required=True, help="folder with inter-ca.pem etc.")
    ap.add_argument("--log")
    ap.add_argument("--cert")
    ap.add_argument("--key")
    a = ap.parse_args()
    if bool(a.cert) != bool(a.key):
        ap.error("--cert and --key go together")
    State.data_dir = a.data
    if a.log:
        State.log = open(a.log, "a", encoding="utf-8")

    servers = [Server(("127.0.0.1", 0), Handler)]
    State.ports["http"] = servers[0].server_address[1]
    if a.cert:
        ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
        ctx.load_cert_chain(a.cert, a.key)
        servers.append(TLSServer(("127.0.0.1", 0), TLSHandler, ctx))
        State.ports["https"] = servers[1].server_address[1]

    tmp = a.port_file + ".tmp"
    with open(tmp, "w", encoding="utf-8") as f:
        for scheme, port in State.ports.items():
            f.write("%s=%d\n" % (scheme, port))
    os.replace(tmp, a.port_file)

    threads = [threading.Thread(target=s.serve_forever, daemon=True) for s in servers]
    for t in threads:
        t.start()
    try:
        for t in threads:
            t.join()
    except KeyboardInterrupt:
        pass
    return 0


if __name__ == "__main__":
    sys.exit(main())
