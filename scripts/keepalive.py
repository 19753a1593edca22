#!/usr/bin/env python3
"""keepalive.py: exactly N GET requests on one keep-alive connection.

    keepalive.py HOST PORT PATH N [--tls CAFILE] [--host NAME]

Opens one TCP connection (with --tls: one TLS 1.2 session, the server's
certificate checked against CAFILE for NAME), sends a GET for PATH, reads
the whole response (status line, head, Content-Length body), and does that
N times in sequence, one request in flight.  N may be 0: the connection
(and handshake) is made and closed, which is the baseline the bench
subtracts to get the cost of requests alone.  Every answer must be a 200
with the same body length; else it exits 1.  Prints "N requests, B body
bytes each".  Used by scripts/bench.sh to count instructions per request
under callgrind.
"""
import socket
import ssl
import sys


def read_response(f):
    line = f.readline()
    if not line:
        raise SystemExit("keepalive: connection closed before a response")
    parts = line.split(None, 2)
    if len(parts) < 2 or parts[1] != b"200":
        raise SystemExit(f"keepalive: answer {line!r}")
    length = None
    while True:
        h = f.readline()
        if h in (b"\r\n", b"\n", b""):
            break
        name, _, value = h.partition(b":")
        name = name.strip().lower()
        if name == b"content-length":
            length = int(value.strip())
        elif name == b"connection" and value.strip().lower() == b"close":
            raise SystemExit("keepalive: the server closes the connection")
        elif name == b"transfer-encoding":
            raise SystemExit("keepalive: chunked answer, not expected")
    if length is None:
        raise SystemExit("keepalive: no Content-Length")
    body = f.read(length)
    if len(body) != length:
        raise SystemExit("keepalive: short body")
    return length


def main(argv):
    args = argv[1:]
    ca = None
    hostname = "localhost"
    while len(args) > 4:
        if args[-2] == "--tls":
            ca = args[-1]
        elif args[-2] == "--host":
            hostname = args[-1]
        else:
            raise SystemExit(__doc__)
        args = args[:-2]
    if len(args) != 4:
        raise SystemExit(__doc__)
    host, port, path, n = args[0], int(args[1]), args[2], int(args[3])
    sock = socket.create_connection((host, port), timeout=60)
    sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
    if ca is not None:
        ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_CLIENT)
        ctx.minimum_version = ssl.TLSVersion.TLSv1_2
        ctx.maximum_version = ssl.TLSVersion.TLSv1_2
        ctx.load_verify_locations(ca)
        sock = ctx.wrap_socket(sock, server_hostname=hostname)
    req = (f"GET {path} HTTP/1.1\r\nHost: {hostname}\r\n"
           "User-Agent: keepalive.py\r\n\r\n").encode()
    f = sock.makefile("rb", buffering=65536)
    size = None
    for _ in range(n):
        sock.sendall(req)
        got = read_response(f)
        if size is not None and got != size:
            raise SystemExit("keepalive: body length changed")
        size = got
    f.close()
    sock.close()
    print(f"{n} requests, {size or 0} body bytes each")


if __name__ == "__main__":
    main(sys.argv)
