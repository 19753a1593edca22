#!/usr/bin/env python3
"""badhello.py ADDR PORT N: N deterministic mutations of a real
ClientHello (Python's own, from ssl.MemoryBIO), each on a new TCP
connection to ADDR:PORT.  A connection the server closes must have
received, last, a fatal alert record (type 21, level 2); one the server
answers with a handshake record accepted the hello; one still open after
a while waits for more bytes.  Prints the counts; exit 0 when every
closed connection got its alert and at least a third were closed.
"""
import random
import socket
import ssl
import sys


def client_hello():
    ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_CLIENT)
    ctx.check_hostname = False
    ctx.verify_mode = ssl.CERT_NONE
    inc, out = ssl.MemoryBIO(), ssl.MemoryBIO()
    obj = ctx.wrap_bio(inc, out, server_hostname="localhost")
    try:
        obj.do_handshake()
    except ssl.SSLWantReadError:
        pass
    return out.read()


def mutate(rng, h):
    m = bytearray(h)
    kind = rng.randrange(3)
    if kind == 0:                       # one byte flipped
        m[rng.randrange(len(m))] ^= rng.randrange(1, 256)
    elif kind == 1:                     # cut short, lengths consistent
        cut = rng.randrange(9, len(m))
        del m[cut:]
        m[3:5] = (cut - 5).to_bytes(2, "big")
        m[6:9] = (cut - 9).to_bytes(3, "big")
    else:                               # a length field changed
        off = rng.choice([3, 4, 6, 7, 8, 43])
        m[off] = (m[off] + rng.randrange(1, 256)) & 0xFF
    return bytes(m)


def records(data):
    """Whole records in data, as (type, body), and leftover bytes."""
    out, off = [], 0
    while len(data) - off >= 5:
        n = int.from_bytes(data[off + 3:off + 5], "big")
        if len(data) - off - 5 < n:
            break
        out.append((data[off], data[off + 5:off + 5 + n]))
        off += 5 + n
    return out, len(data) - off


def try_one(addr, port, hello):
    s = socket.create_connection((addr, port), timeout=5)
    s.settimeout(2)
    s.sendall(hello)
    data = b""
    try:
        while True:
            d = s.recv(65536)
            if not d:
                break
            data += d
            recs, _ = records(data)
            if any(t == 22 for t, _ in recs):
                s.close()
                return "accepted"
    except socket.timeout:
        s.close()
        return "waiting"
    except ConnectionResetError:
        return "reset"
    s.close()
    recs, left = records(data)
    if recs and left == 0 and recs[-1][0] == 21 and \
            recs[-1][1][:1] == b"\x02":
        return "alert"
    return "bare close"


def main():
    addr, port, n = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
    rng = random.Random(1)
    hello = client_hello()
    counts = {}
    for _ in range(n):
        r = try_one(addr, port, mutate(rng, hello))
        counts[r] = counts.get(r, 0) + 1
    print("badhello: %d mutated ClientHellos: %s" % (n, ", ".join(
        "%s %d" % kv for kv in sorted(counts.items()))))
    closed = counts.get("alert", 0) + counts.get("bare close", 0) + \
        counts.get("reset", 0)
    ok = closed == counts.get("alert", 0) and closed * 3 >= n
    sys.exit(0 if ok else 1)


if __name__ == "__main__":
    main()
