#!/usr/bin/env python3
"""Small network chores for tests/integration/firefox.sh (python3 stdlib only).

  net.py lo-up       brings the loopback interface up (in a fresh network namespace
                     made by `unshare -n` it starts down); needs no iproute2
  net.py free-port   prints a TCP port on 127.0.0.1 that is free right now
"""
import fcntl
import socket
import struct
import sys

SIOCGIFFLAGS, SIOCSIFFLAGS, IFF_UP = 0x8913, 0x8914, 0x1


def lo_up():
    s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    req = struct.pack("16sh", b"lo", 0)
    flags = struct.unpack("16sh", fcntl.ioctl(s, SIOCGIFFLAGS, req))[1]
    if not flags & IFF_UP:
        fcntl.ioctl(s, SIOCSIFFLAGS, struct.pack("16sh", b"lo", flags | IFF_UP))
    # Prove it: a connection to ourselves over 127.0.0.1.
    srv = socket.socket()
    srv.bind(("127.0.0.1", 0))
    srv.listen(1)
    socket.create_connection(srv.getsockname(), timeout=5).close()


def free_port():
    s = socket.socket()
    s.bind(("127.0.0.1", 0))
    print(s.getsockname()[1])


def main(argv):
    try:
        if argv[1:] == ["lo-up"]:
            lo_up()
        elif argv[1:] == ["free-port"]:
            free_port()
        else:
            sys.stderr.write("usage: net.py lo-up | free-port\n")
            return 2
    except OSError as e:
        sys.stderr.write("net.py %s: %s\n" % (" ".join(argv[1:]), e))
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
