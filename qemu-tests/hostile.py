#!/usr/bin/env python3
"""hostile.py: hostile-client checks for the boot tests (and hosted runs).

  hostile.py slowloris ADDR TPORT PORT N CMD...
      Hold N connections open and feed them a byte a second (half of them
      a TLS ClientHello on TPORT, half an HTTP request head on PORT), and
      while they hang, run CMD (a normal client) three times: each run must
      succeed within a second.

  hostile.py flood ADDR TPORT CAP N CMD...
      Open CAP + N connections to TPORT at once and keep them.  The node
      must refuse the ones past its cap cleanly (close or reset them, or
      answer 503), never hold more than CAP, and go on serving: after the
      flood is released, CMD must succeed.

Prints one line of figures; exit status 0 on success, 1 on failure.
"""
import resource
import select
import socket
import subprocess
import sys
import time

# A TLS 1.2 ClientHello prefix: record header, then the start of a
# handshake message; the rest never comes.
TLS_PREFIX = bytes.fromhex("160301020001") + bytes(range(32))
HTTP_PREFIX = b"GET / HTTP/1.1\r\nHost: localhost\r\nX-Slow: "


def raise_nofile(n):
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    want = min(hard, max(soft, n + 64))
    resource.setrlimit(resource.RLIMIT_NOFILE, (want, hard))


def timed(cmd):
    t = time.monotonic()
    r = subprocess.run(cmd, stdout=subprocess.DEVNULL,
                       stderr=subprocess.PIPE, timeout=30)
    return r.returncode, time.monotonic() - t, r.stderr.decode()[-300:]


def connect_many(addr, port, n):
    socks = []
    for _ in range(n):
        s = socket.socket()
        s.setblocking(False)
        s.connect_ex((addr, port))
        socks.append(s)
    return socks


def slowloris(addr, tport, port, n, cmd):
    raise_nofile(n)
    conns = []
    for i in range(n):
        tls = i % 2 == 0
        s = socket.create_connection((addr, tport if tls else port),
                                     timeout=5)
        s.setblocking(False)
        conns.append([s, TLS_PREFIX if tls else HTTP_PREFIX, 0])
    worst = 0.0
    closed = 0
    for round_ in range(3):
        # A byte a second on every connection still open.
        for _ in range(2):
            for c in conns:
                s, data, off = c
                if s is None:
                    continue
                try:
                    s.send(data[off % len(data):off % len(data) + 1]
                           if off < len(data) else b"a")
                    c[2] += 1
                except OSError:
                    s.close()
                    c[0] = None
                    closed += 1
            time.sleep(1)
        rc, dt, err = timed(cmd)
        worst = max(worst, dt)
        if rc != 0 or dt > 1.0:
            print(f"round {round_}: client status {rc} in {dt:.3f} s "
                  f"with {n} slow connections; {err}")
            return 1
    for c in conns:
        if c[0] is not None:
            c[0].close()
    print(f"{n} slow connections ({closed} closed by the node): "
          f"normal client served in at most {worst:.3f} s")
    return 0


def flood(addr, tport, cap, n, cmd):
    total = cap + n
    raise_nofile(total)
    socks = connect_many(addr, tport, total)
    # Give the node (and QEMU's user network) time to accept or refuse.
    open_ = set(socks)
    refused = 0
    deadline = time.monotonic() + 20
    while time.monotonic() < deadline and len(open_) > cap:
        r, _, x = select.select(list(open_), [], list(open_), 1.0)
        for s in set(r) | set(x):
            try:
                d = s.recv(4096)
            except OSError:
                d = b""
            if d == b"" or d.startswith(b"HTTP/1.1 503"):
                refused += 1
                open_.discard(s)
    held = len(open_)
    for s in socks:
        s.close()
    time.sleep(1)
    ok = False
    for _ in range(10):
        rc, dt, err = timed(cmd)
        if rc == 0:
            ok = True
            break
        time.sleep(1)
    print(f"{total} connections, cap {cap}: {refused} refused, {held} held; "
          f"after release a client was {'served' if ok else 'NOT served'}"
          f" ({dt:.3f} s){'' if ok else '; ' + err}")
    return 0 if held <= cap and refused >= n and ok else 1


def main(argv):
    # Both need a CMD: without a normal client nothing would be checked.
    if len(argv) >= 7 and argv[1] == "slowloris":
        return slowloris(argv[2], int(argv[3]), int(argv[4]), int(argv[5]),
                         argv[6:])
    if len(argv) >= 7 and argv[1] == "flood":
        return flood(argv[2], int(argv[3]), int(argv[4]), int(argv[5]),
                     argv[6:])
    print(__doc__)
    return 2


if __name__ == "__main__":
    sys.exit(main(sys.argv))
