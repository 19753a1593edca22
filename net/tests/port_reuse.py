#!/usr/bin/env python3
"""port_reuse.py HOST PORT: a client that reuses its source port right after
the server closed first must get a new connection at once, not hang in SYN
retries behind the server's TIME_WAIT (RFC 6191).  Exit 0 on success."""
import socket
import sys
import time


def once(host, port, sport):
    s = socket.socket()
    s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    s.bind(("", sport))
    s.settimeout(3)
    t = time.monotonic()
    s.connect((host, port))
    dt = time.monotonic() - t
    s.sendall(b"GET /healthz HTTP/1.1\r\nHost: localhost\r\n"
              b"Connection: close\r\n\r\n")
    data = b""
    while True:
        d = s.recv(4096)
        if not d:
            break          # the server closed first: its side is TIME_WAIT
        data += d
    s.close()
    return dt, data.split(b"\r\n", 1)[0]


def main(host, port):
    probe = socket.socket()
    probe.bind(("", 0))
    sport = probe.getsockname()[1]
    probe.close()
    for i in range(3):
        time.sleep(0.2)    # our FIN's ACK: the client side is closed then
        try:
            dt, line = once(host, port, sport)
        except OSError as e:
            print(f"connection {i + 1} from port {sport}: {e}")
            return 1
        print(f"connection {i + 1} from port {sport}: {line!r} in {dt:.3f} s")
        if dt > 0.5 or not line.startswith(b"HTTP/1.1 204 "):
            return 1
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1], int(sys.argv[2])))
