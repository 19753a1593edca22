#!/usr/bin/env python3
"""malformed.py: a table of malformed, oversized and unusual requests, each
with the status the HTTP engine must answer and whether the connection must
stay open (checked with a second request on it) or be closed (EOF or reset).

  malformed.py --host ADDR --port PORT [--tls --cacert CA --sni NAME]
               [--no-slow]

Every request targets /healthz, which answers 204 on every listener (also
on port 80 when it redirects), so the table runs against the plain port of
a node without certificates, its redirecting port 80, or its TLS port.
The slow cases (408 after HTTP_HEADER_TIMEOUT_MS) run in threads while the
rest of the table goes on.  Prints one line per failure and a summary;
exit status 0 only if every case passed.
"""
import argparse
import re
import socket
import ssl
import sys
import threading
import time

H = b"Host: localhost\r\n"
OK = b"GET /healthz HTTP/1.1\r\n" + H + b"\r\n"


def req(line, *fields, body=b""):
    return line + b"\r\n" + b"".join(f + b"\r\n" for f in fields) + \
        b"\r\n" + body


G = b"GET /healthz HTTP/1.1"
HOST = b"Host: localhost"

# name, bytes sent, expected final status (None: the site's to choose, any),
# keep (True) or close (False),
# extra checks: "100" an interim 100 came first, "no100" none came,
# "allow" an Allow header, "nobody" an empty body.
CASES = [
    ("valid GET", req(G, HOST), 204, True, ()),
    ("HEAD has no body", req(b"HEAD /healthz HTTP/1.1", HOST), 204, True,
     ("nobody",)),
    ("leading empty lines", b"\r\n\r\n" + req(G, HOST), 204, True, ()),
    ("bare LF line ends", b"GET /healthz HTTP/1.1\nHost: localhost\n\n", 204, True,
     ()),
    ("absolute-form", req(b"GET http://localhost/healthz HTTP/1.1", HOST),
     204, True, ()),
    ("HTTP/1.0 closes", req(b"GET /healthz HTTP/1.0"), 204, False, ()),
    ("HTTP/1.0 keep-alive", req(b"GET /healthz HTTP/1.0",
                                b"Connection: keep-alive"), 204, True, ()),
    ("Connection: close", req(G, HOST, b"Connection: close"), 204, False,
     ()),
    ("no Host on 1.1", req(G), 400, False, ()),
    ("two Hosts", req(G, HOST, b"Host: b"), 400, False, ()),
    ("HTTP/2.0", req(b"GET /healthz HTTP/2.0", HOST), 505, False, ()),
    ("HTTP/0.9", req(b"GET /healthz HTTP/0.9", HOST), 505, False, ()),
    ("HTTP/1.10", req(b"GET /healthz HTTP/1.10", HOST), 400, False, ()),
    ("lower-case version", req(b"GET /healthz http/1.1", HOST), 400, False,
     ()),
    ("no version", req(b"GET /healthz", HOST), 400, False, ()),
    ("two spaces", req(b"GET  /healthz HTTP/1.1", HOST), 400, False, ()),
    ("relative target", req(b"GET healthz HTTP/1.1", HOST), 400, False, ()),
    ("CTL in target", req(b"GET /\x01 HTTP/1.1", HOST), 400, False, ()),
    ("bad method token", req(b"G(T /healthz HTTP/1.1", HOST), 400, False,
     ()),
    ("space before colon", req(G, b"Host : localhost"), 400, False, ()),
    ("obs-fold", req(G, HOST, b"X: a", b" b"), 400, False, ()),
    ("field without colon", req(G, HOST, b"XY"), 400, False, ()),
    ("empty field name", req(G, HOST, b": x"), 400, False, ()),
    ("CTL in value", req(G, HOST, b"X: a\x01b"), 400, False, ()),
    ("bare CR", b"GET /healthz HTTP/1.1\r\nHost: x\rX: y\r\n\r\n", 400,
     False, ()),
    ("CL and TE", req(G, HOST, b"Content-Length: 1",
                      b"Transfer-Encoding: chunked"), 400, False, ()),
    ("TE not chunked", req(G, HOST, b"Transfer-Encoding: gzip"), 400,
     False, ()),
    ("TE chunked then gzip", req(G, HOST,
                                 b"Transfer-Encoding: chunked, gzip"),
     400, False, ()),
    ("TE on HTTP/1.0", req(b"GET /healthz HTTP/1.0",
                           b"Transfer-Encoding: chunked"), 400, False, ()),
    ("bad Content-Length", req(G, HOST, b"Content-Length: 1x"), 400, False,
     ()),
    ("negative Content-Length", req(G, HOST, b"Content-Length: -1"), 400,
     False, ()),
    ("huge Content-Length", req(G, HOST,
                                b"Content-Length: 99999999999999999999"),
     400, False, ()),
    ("two Content-Lengths", req(G, HOST, b"Content-Length: 1",
                                b"Content-Length: 2"), 400, False, ()),
    ("request line 9000", req(b"GET /" + b"a" * 9000 + b" HTTP/1.1", HOST),
     414, False, ()),
    ("header block 17000", req(G, HOST, b"X: " + b"y" * 17000), 431, False,
     ()),
    ("101 fields", req(G, HOST, *[b"X%d: y" % i for i in range(100)]), 431,
     False, ()),
    # POST, PUT, DELETE, PATCH and OPTIONS reach the site, which decides
    # the status (None: any); the server reads and drops their bodies, so
    # the connection stays open.
    ("DELETE", req(b"DELETE /healthz HTTP/1.1", HOST), None, True, ()),
    ("OPTIONS with a body", req(b"OPTIONS /healthz HTTP/1.1", HOST,
                                b"Content-Length: 5", body=b"hello"),
     None, True, ()),
    ("POST Content-Length 0", req(b"POST /healthz HTTP/1.1", HOST,
                                  b"Content-Length: 0"), None, True, ()),
    ("POST chunked body", req(b"POST /healthz HTTP/1.1", HOST,
                              b"Transfer-Encoding: chunked",
                              body=b"5\r\nhello\r\n0\r\n\r\n"),
     None, True, ()),
    ("PATCH with a body", req(b"PATCH /healthz HTTP/1.1", HOST,
                              b"Content-Length: 2", body=b"{}"),
     None, True, ()),
    ("POST without length", req(b"POST /healthz HTTP/1.1", HOST), None,
     True, ()),
    ("PUT without length", req(b"PUT /healthz HTTP/1.1", HOST), None, True,
     ()),
    ("POST body too large", req(b"POST /healthz HTTP/1.1", HOST,
                                b"Content-Length: 100000"), 413, False, ()),
    # TRACE and CONNECT stay the server's own 405.
    ("TRACE", req(b"TRACE /healthz HTTP/1.1", HOST), 405, True, ("allow",)),
    ("TRACE with a body", req(b"TRACE /healthz HTTP/1.1", HOST,
                              b"Content-Length: 5", body=b"hello"),
     405, False, ("allow",)),
    ("unknown method", req(b"BREW /healthz HTTP/1.1", HOST), 501, True, ()),
    ("GET body too large", req(G, HOST, b"Content-Length: 100000"), 413,
     False, ()),
    ("GET chunk too large", req(G, HOST, b"Transfer-Encoding: chunked",
                                body=b"4e20\r\n" + b"x" * 100), 413, False,
     ()),
    ("GET chunk size overflow", req(G, HOST, b"Transfer-Encoding: chunked",
                                    body=b"f" * 40 + b"\r\n"), 413, False,
     ()),
    ("GET small body discarded", req(G, HOST, b"Content-Length: 5",
                                     body=b"hello"), 204, True, ()),
    ("GET chunked body discarded",
     req(G, HOST, b"Transfer-Encoding: chunked",
         body=b"5;ext=1\r\nhello\r\n0\r\nTrailer: x\r\n\r\n"), 204, True, ()),
    ("GET chunked LF framing", req(G, HOST, b"Transfer-Encoding: chunked",
                                   body=b"5\nhello\n0\n\n"), 204, True, ()),
    ("GET chunked bad size", req(G, HOST, b"Transfer-Encoding: chunked",
                                 body=b"5x\r\nhello\r\n0\r\n\r\n"), 400,
     False, ()),
    ("GET chunked data overrun", req(G, HOST, b"Transfer-Encoding: chunked",
                                     body=b"2\r\nhello\r\n0\r\n\r\n"), 400,
     False, ()),
    ("Expect 100-continue", req(G, HOST, b"Expect: 100-continue",
                                b"Content-Length: 5", body=b"hello"),
     204, True, ("100",)),
    ("Expect 100-continue, no body", req(G, HOST, b"Expect: 100-continue"),
     204, True, ("no100",)),
    ("Expect other", req(G, HOST, b"Expect: 200-ok"), 417, True, ()),
    ("Expect 100-continue refused", req(b"TRACE /healthz HTTP/1.1", HOST,
                                        b"Expect: 100-continue",
                                        b"Content-Length: 10"), 405, False,
     ("no100",)),
    ("Expect 100-continue on POST", req(b"POST /healthz HTTP/1.1", HOST,
                                        b"Expect: 100-continue",
                                        b"Content-Length: 10",
                                        body=b"0123456789"), None, True,
     ("100",)),
    ("Expect on HTTP/1.0 ignored", req(b"GET /healthz HTTP/1.0",
                                       b"Expect: 200-ok"), 204, False, ()),
]

SLOW = [
    ("head never ends (408)", b"GET /healthz HTTP/1.1\r\nHost: x\r\n", 408,
     False, ()),
    ("body never ends (408)", req(G, HOST, b"Content-Length: 10",
                                  body=b"abc"), 408, False, ()),
]


class Conn:
    def __init__(self, a):
        self.a = a
        s = socket.create_connection((a.host, a.port), timeout=a.timeout)
        if a.tls:
            ctx = ssl.create_default_context(cafile=a.cacert)
            ctx.check_hostname = False
            s = ctx.wrap_socket(s, server_hostname=a.sni)
        self.s = s
        self.buf = b""

    def send(self, data):
        self.s.sendall(data)

    def fill(self):
        """More bytes into buf; False at EOF or reset."""
        try:
            d = self.s.recv(65536)
        except (ConnectionResetError, ssl.SSLError, BrokenPipeError):
            return False
        if not d:
            return False
        self.buf += d
        return True

    def response(self, head_only=False):
        """(status, headers dict, body, interim statuses) or None."""
        interim = []
        while True:
            while b"\r\n\r\n" not in self.buf:
                if not self.fill():
                    return None
            head, self.buf = self.buf.split(b"\r\n\r\n", 1)
            lines = head.split(b"\r\n")
            # The status line itself, exactly: "HTTP/1.1 DDD reason".
            m = re.match(rb"HTTP/1\.1 ([1-5][0-9][0-9]) ", lines[0])
            if m is None:
                raise ValueError("status line %r" % lines[0][:60])
            status = int(m.group(1))
            hdrs = {}
            for l in lines[1:]:
                k, v = l.split(b":", 1)
                hdrs[k.strip().lower()] = v.strip()
            if status < 200:
                interim.append(status)
                continue
            n = 0 if head_only else int(hdrs.get(b"content-length", b"0"))
            while len(self.buf) < n:
                if not self.fill():
                    return None
            body, self.buf = self.buf[:n], self.buf[n:]
            return status, hdrs, body, interim

    def closed(self):
        """True if the peer closes (EOF or reset) before sending more."""
        try:
            while self.fill():
                pass
            return True
        except socket.timeout:
            return False

    def close(self):
        self.s.close()


def run(a, case):
    name, data, status, keep, extra = case
    c = Conn(a)
    try:
        c.send(data)
        r = c.response(head_only=data.startswith(b"HEAD"))
        if r is None:
            return "no response"
        st, hdrs, body, interim = r
        if status is not None and st != status:
            return "status %d, want %d" % (st, status)
        if b"date" not in hdrs:
            return "no Date"
        # Every answer, the server's own and the site's (spec 9.1).
        if hdrs.get(b"x-content-type-options") != b"nosniff" or \
                hdrs.get(b"x-xss-protection") != b"1; mode=block":
            return "no nosniff or X-XSS-Protection"
        if a.tls and hdrs.get(b"strict-transport-security") != \
                b"max-age=63072000":
            return "no HSTS over TLS"
        if "100" in extra and interim != [100]:
            return "no 100 Continue"
        if "no100" in extra and interim:
            return "unexpected 100 Continue"
        if "allow" in extra and hdrs.get(b"allow") != b"GET, HEAD":
            return "no Allow: GET, HEAD"
        if "nobody" in extra and c.buf:
            return "a body after HEAD"
        says_close = hdrs.get(b"connection", b"").lower() == b"close"
        if keep:
            if says_close:
                return "Connection: close on a kept connection"
            c.send(OK)
            r = c.response()
            if r is None or r[0] != 204:
                return "connection not kept"
        else:
            if not c.closed():
                return "connection not closed"
        return None
    except (OSError, ValueError, IndexError) as e:
        return "error: %r" % e
    finally:
        c.close()


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--host", required=True)
    p.add_argument("--port", type=int, required=True)
    p.add_argument("--tls", action="store_true")
    p.add_argument("--cacert")
    p.add_argument("--sni", default="localhost")
    p.add_argument("--no-slow", action="store_true")
    p.add_argument("--timeout", type=float, default=20.0)
    a = p.parse_args()
    fails = []
    slow_res = {}
    threads = []
    if not a.no_slow:
        for case in SLOW:
            t = threading.Thread(target=lambda c=case: slow_res.__setitem__(
                c[0], run(a, c)))
            t.start()
            threads.append(t)
    t0 = time.monotonic()
    for case in CASES:
        e = run(a, case)
        if e:
            fails.append((case[0], e))
    for t in threads:
        t.join()
    for name, e in slow_res.items():
        if e:
            fails.append((name, e))
    for name, e in fails:
        print("FAIL %s: %s" % (name, e))
    n = len(CASES) + (0 if a.no_slow else len(SLOW))
    print("malformed: %d of %d cases passed (%.1f s)" %
          (n - len(fails), n, time.monotonic() - t0))
    return 1 if fails else 0


if __name__ == "__main__":
    sys.exit(main())
