#!/usr/bin/env python3
"""conformance.py: the Kuma behaviour contract (../shared/reference/
kuma-site-spec.md) as request cases, run against a node serving the sample
site (image/sample).  Python 3 standard library only; never follows a
redirect; one connection per request (Connection: close).

    conformance.py --addr 127.0.0.1:PORT [--tls --cafile F]
        --main-host H --att-host H --alias-host H --sample image/sample
        [--site-url URL] [--att-url URL] [--ip A.B.C.D] [-v] [--only SUBSTR]...
        cases/*.txt

Prints one line per failing case with the difference, then a line
"N passed, N failed"; exit status 1 on any failure (2 on a bad case file).
--summary adds per-file counts.

CASE FORMAT
-----------
A file holds cases separated by blank lines; '#' starts a comment line.
A case is a request part, a status line, then expectations:

    # a comment, ignored
    GET /en-US/docs/Appliance?x=1     method and target, sent as written
    Host: untrusted                   main|alias|untrusted|ip|bogus|none or
                                      a literal name (default: main)
    > Accept-Language: fr             an extra request header
    > If-None-Match: {etag}           {etag}/{last-modified}: taken from a
                                      GET of the same target first
    body> text                        a request body (POST), \\n escapes
    tls                               only run with --tls (skipped without)
    plain                             only run without --tls
    = 301                             the status (required, ends the request)
    Location: /en-US/                 a header equals (name case-insensitive;
                                      repeated headers joined with ", ")
    Content-Type~ text/html           a header contains (case-sensitive)
    ~Cache-Control: public, max-age=0, s-maxage=300
                                      directive set, order-free, exact
    ~Cache-Control+: no-cache         directive set includes these
    ?ETag                             a header is present
    !X-Frame-Options                  a header is absent
    Expires=now                       Expires parses and equals Date (+-2 s)
    Expires=12h                       Expires is Date + 12 h (+-2 s)
    body~ text                        the body contains text (\\n, \\t escapes)
    body!~ text                       the body does not contain text
    body= text                        the body is exactly text
    body=~ REGEX                      the body (UTF-8) matches REGEX (re.search)
    ETag=~ REGEX                      a header is present and matches REGEX
    Vary!~ Accept-Language            a header is absent or lacks the text
    body-empty                        no body bytes at all (HEAD, 304, 204)
    body-file: static/img/x.png       the body is byte-identical to this file
                                      of --sample
    length-as-get                     Content-Length equals the body length
                                      of a GET of the same target
    decoded-as-identity               Content-Encoding is gzip or br and the
                                      decoded body equals the body of the
                                      same GET without Accept-Encoding
                                      (br needs the brotli module or CLI; if
                                      neither exists only the encoding and a
                                      differing body are checked)
    json-has: a.b                     the body is JSON with key path a.b
    json: a.b = value                 ... whose value (as JSON text or a
                                      bare string) equals value

Substitutions in the target, headers and expected values: {main} {att}
{alias} {ip} (host names), {site} (--site-url, default https://{main}),
{atturl} (--att-url, default https://{att}), {static:PATH} (the hashed
name of static PATH from the sample's static/staticfiles.json).

A case is named FILE:LINE METHOD TARGET in the output.
"""
import argparse
import email.utils
import gzip
import json
import os
import re
import shutil
import socket
import ssl
import subprocess
import sys
import zlib


class CaseError(Exception):
    pass


def unescape(s):
    return s.replace("\\n", "\n").replace("\\t", "\t").replace("\\r", "\r") \
        .replace("\\\\", "\\")


class Case:
    def __init__(self, fname, line):
        self.fname, self.line = fname, line
        self.method = self.target = None
        self.host = "main"
        self.headers = []
        self.body = None
        self.mode = None          # None, "tls", "plain"
        self.status = None
        self.expect = []          # (op, arg...)

    @property
    def name(self):
        return "%s:%d %s %s" % (os.path.basename(self.fname), self.line,
                                self.method, self.target)


REQ_RE = re.compile(r"^([A-Z]+) (\S+)$")


def parse_file(fname):
    cases, cur = [], None
    with open(fname, encoding="utf-8") as f:
        lines = f.read().split("\n")
    for no, raw in enumerate(lines, 1):
        line = raw.rstrip("\r")
        if line.startswith("#"):
            continue
        if not line.strip():
            if cur is not None:
                if cur.status is None:
                    raise CaseError("%s:%d: case has no '= STATUS' line"
                                    % (fname, cur.line))
                cases.append(cur)
                cur = None
            continue
        if cur is None:
            m = REQ_RE.match(line)
            if not m:
                raise CaseError("%s:%d: expected 'METHOD TARGET', got %r"
                                % (fname, no, line))
            cur = Case(fname, no)
            cur.method, cur.target = m.group(1), m.group(2)
            continue
        if cur.status is None:
            if line.startswith("= "):
                try:
                    cur.status = int(line[2:].strip())
                except ValueError:
                    raise CaseError("%s:%d: bad status" % (fname, no))
            elif line.startswith("Host: "):
                cur.host = line[6:].strip()
            elif line.startswith("> "):
                k, sep, v = line[2:].partition(":")
                if not sep:
                    raise CaseError("%s:%d: bad header" % (fname, no))
                cur.headers.append((k.strip(), v.strip()))
            elif line.startswith("body> "):
                cur.body = unescape(line[6:]).encode()
            elif line.strip() in ("tls", "plain"):
                cur.mode = line.strip()
            else:
                raise CaseError("%s:%d: bad request line %r" % (fname, no,
                                                                 line))
            continue
        cur.expect.append(parse_expect(fname, no, line))
    if cur is not None:
        if cur.status is None:
            raise CaseError("%s:%d: case has no '= STATUS' line"
                            % (fname, cur.line))
        cases.append(cur)
    return cases


def parse_expect(fname, no, line):
    bad = CaseError("%s:%d: bad expectation %r" % (fname, no, line))
    for word in ("body-empty", "length-as-get", "decoded-as-identity"):
        if line == word:
            return (word,)
    for pre, op in (("body!~ ", "body!~"), ("body~ ", "body~"),
                    ("body=~ ", "body=~"),
                    ("body= ", "body="), ("body-file: ", "body-file"),
                    ("json-has: ", "json-has"), ("json: ", "json")):
        if line.startswith(pre):
            arg = line[len(pre):]
            if op == "json":
                path, sep, val = arg.partition(" = ")
                if not sep:
                    raise bad
                return (op, path.strip(), val.strip())
            if op in ("body~", "body!~", "body="):
                arg = unescape(arg)
            return (op, arg)
    if line.startswith("~"):
        m = re.match(r"^~([A-Za-z0-9-]+)(\+?): ?(.*)$", line)
        if not m:
            raise bad
        return ("ccset" + m.group(2), m.group(1), m.group(3))
    if line.startswith("?"):
        return ("present", line[1:].strip())
    if line.startswith("!"):
        return ("absent", line[1:].strip())
    m = re.match(r"^([A-Za-z0-9-]+)=(now|12h)$", line)
    if m:
        return ("expires", m.group(1), m.group(2))
    m = re.match(r"^([A-Za-z0-9-]+)=~ (.*)$", line)
    if m:
        return ("hregex", m.group(1), m.group(2))
    m = re.match(r"^([A-Za-z0-9-]+)!~ (.*)$", line)
    if m:
        return ("hlacks", m.group(1), m.group(2))
    m = re.match(r"^([A-Za-z0-9-]+)~ (.*)$", line)
    if m:
        return ("hcontains", m.group(1), m.group(2))
    m = re.match(r"^([A-Za-z0-9-]+): ?(.*)$", line)
    if m:
        return ("hequals", m.group(1), m.group(2))
    raise bad


class Resp:
    def __init__(self, status, reason, headers, body):
        self.status, self.reason = status, reason
        self.headers = headers          # list of (name, value)
        self.body = body

    def get(self, name):
        vals = [v for k, v in self.headers if k.lower() == name.lower()]
        return ", ".join(vals) if vals else None


class Runner:
    def __init__(self, a):
        host, _, port = a.addr.rpartition(":")
        self.addr = (host, int(port))
        self.tls = a.tls
        self.hosts = {"main": a.main_host, "untrusted": a.att_host,
                      "alias": a.alias_host, "ip": a.ip or host,
                      "bogus": "bogus.invalid", "none": None}
        self.sample = a.sample
        self.subs = {"{main}": a.main_host, "{att}": a.att_host,
                     "{alias}": a.alias_host, "{ip}": a.ip or host,
                     "{site}": a.site_url or "https://" + a.main_host,
                     "{atturl}": a.att_url or "https://" + a.att_host}
        man = os.path.join(a.sample, "static", "staticfiles.json")
        self.manifest = {}
        if os.path.exists(man):
            with open(man) as f:
                self.manifest = json.load(f).get("paths", {})
        self.ctx = None
        if a.tls:
            self.ctx = ssl.create_default_context(cafile=a.cafile)
            self.ctx.check_hostname = False     # aliases share a cert
        self.timeout = a.timeout

    def sub(self, s):
        if s is None:
            return s
        for k, v in self.subs.items():
            s = s.replace(k, v)

        def st(m):
            p = m.group(1)
            if p not in self.manifest:
                raise CaseError("no static file %r in the manifest" % p)
            return self.manifest[p]
        return re.sub(r"\{static:([^}]+)\}", st, s)

    def host_of(self, h):
        return self.hosts[h] if h in self.hosts else self.sub(h)

    def request(self, method, target, host, headers, body=None):
        s = socket.create_connection(self.addr, timeout=self.timeout)
        try:
            if self.ctx:
                sni = host if host and not re.match(r"^[\d.:]+$", host) \
                    else None
                s = self.ctx.wrap_socket(s, server_hostname=sni)
            req = ["%s %s HTTP/1.1" % (method, target)]
            if host is not None:
                req.append("Host: " + host)
            names = {k.lower() for k, _ in headers}
            for k, v in headers:
                req.append("%s: %s" % (k, v))
            if "user-agent" not in names:
                # A browser agent: Kuma refused curl/bot agents (3.5).
                req.append("User-Agent: Mozilla/5.0 (X11; Linux x86_64) "
                           "conformance/1")
            if body is not None:
                req.append("Content-Length: %d" % len(body))
                if "content-type" not in names:
                    req.append("Content-Type: "
                               "application/x-www-form-urlencoded")
            req.append("Connection: close")
            data = ("\r\n".join(req) + "\r\n\r\n").encode("utf-8")
            s.sendall(data + (body or b""))
            buf = b""
            while True:
                try:
                    d = s.recv(65536)
                except (socket.timeout, ssl.SSLError):
                    break
                if not d:
                    break
                buf += d
        finally:
            s.close()
        return parse_resp(buf, method)

    def run_case(self, c):
        """Return None on pass, a difference string on failure."""
        host = self.host_of(c.host)
        target = self.sub(c.target)
        hdrs = [(k, self.sub(v)) for k, v in c.headers]
        if any("{etag}" in v or "{last-modified}" in v for _, v in hdrs):
            first = self.request("GET", target, host, [])
            et = first.get("ETag") or "(no ETag)"
            lm = first.get("Last-Modified") or "(no Last-Modified)"
            hdrs = [(k, v.replace("{etag}", et)
                     .replace("{last-modified}", lm)) for k, v in hdrs]
        r = self.request(c.method, target, host, hdrs, c.body)
        diffs = []
        if r.status != c.status:
            diffs.append("status %s, want %d" % (r.status, c.status))
        for e in c.expect:
            d = self.check(c, e, r, target, host, hdrs)
            if d:
                diffs.append(d)
        seen = []
        for d in diffs:
            if d not in seen:
                seen.append(d)
        return "; ".join(seen) if seen else None

    def check(self, c, e, r, target, host, hdrs):
        op = e[0]
        if op == "hequals":
            want, got = self.sub(e[2]), r.get(e[1])
            if got != want:
                return "%s: %r, want %r" % (e[1], got, want)
        elif op == "hcontains":
            want, got = self.sub(e[2]), r.get(e[1])
            if got is None or want not in got:
                return "%s: %r, want it to contain %r" % (e[1], got, want)
        elif op == "hregex":
            got = r.get(e[1])
            if got is None or not re.search(self.sub(e[2]), got):
                return "%s: %r, want it to match %r" % (e[1], got, e[2])
        elif op == "hlacks":
            want, got = self.sub(e[2]), r.get(e[1])
            if got is not None and want in got:
                return "%s: %r, want it without %r" % (e[1], got, want)
        elif op in ("ccset", "ccset+"):
            got = r.get(e[1])
            gs = directives(got)
            ws = directives(self.sub(e[2]))
            if got is None:
                return "%s absent, want {%s}" % (e[1], e[2])
            if op == "ccset" and gs != ws:
                return "%s: %r, want directives {%s}" % (e[1], got, e[2])
            if op == "ccset+" and not ws <= gs:
                return "%s: %r, want it to include {%s}" % (e[1], got, e[2])
        elif op == "present":
            if r.get(e[1]) is None:
                return "no %s header" % e[1]
        elif op == "absent":
            if r.get(e[1]) is not None:
                return "%s: %r, want none" % (e[1], r.get(e[1]))
        elif op == "expires":
            ex, dt = http_date(r.get(e[1])), http_date(r.get("Date"))
            if ex is None or dt is None:
                return "%s %r / Date %r not HTTP dates" % (
                    e[1], r.get(e[1]), r.get("Date"))
            off = 0 if e[2] == "now" else 43200
            if abs(ex - dt - off) > 2:
                return "%s: %r with Date %r, want Date%s" % (
                    e[1], r.get(e[1]), r.get("Date"),
                    "" if off == 0 else " + 12 h")
        elif op == "body~":
            w = self.sub(e[1]).encode()
            if w not in r.body:
                return "body lacks %r (%s)" % (w, snippet(r.body))
        elif op == "body!~":
            w = self.sub(e[1]).encode()
            if w in r.body:
                return "body has %r" % w
        elif op == "body=~":
            if not re.search(self.sub(e[1]), r.body.decode("utf-8", "replace")):
                return "body %s, want it to match %r" % (snippet(r.body), e[1])
        elif op == "body=":
            w = self.sub(e[1]).encode()
            if r.body != w:
                return "body %s, want %r" % (snippet(r.body), w)
        elif op == "body-empty":
            if r.body:
                return "body has %d bytes, want none" % len(r.body)
        elif op == "body-file":
            p = os.path.join(self.sample, self.sub(e[1]))
            with open(p, "rb") as f:
                want = f.read()
            if r.body != want:
                return "body (%d bytes) differs from %s (%d bytes)" % (
                    len(r.body), e[1], len(want))
        elif op == "length-as-get":
            g = self.request("GET", target, host,
                             [h for h in hdrs if h[0].lower() not in
                              ("if-none-match", "if-modified-since")])
            cl = r.get("Content-Length")
            if cl is None or cl != str(len(g.body)):
                return "Content-Length %r, the GET body has %d bytes" % (
                    cl, len(g.body))
        elif op == "decoded-as-identity":
            enc = (r.get("Content-Encoding") or "").strip()
            ident = self.request("GET", target, host,
                                 [h for h in hdrs
                                  if h[0].lower() != "accept-encoding"])
            if enc not in ("gzip", "br"):
                return "Content-Encoding %r, want gzip or br" % enc
            try:
                dec = decode(enc, r.body)
            except Exception as x:    # noqa: a corrupt body is a failure
                return "%s body does not decode: %s" % (enc, x)
            if dec is None:
                if r.body == ident.body:
                    return "br body equals the identity body"
            elif dec != ident.body:
                return "decoded %s body (%d bytes) differs from the " \
                    "identity body (%d bytes)" % (enc, len(dec),
                                                  len(ident.body))
        elif op in ("json-has", "json"):
            try:
                doc = json.loads(r.body.decode("utf-8"))
            except ValueError:
                return "body is not JSON (%s)" % snippet(r.body)
            node = doc
            for part in e[1].split("."):
                if isinstance(node, dict) and part in node:
                    node = node[part]
                elif isinstance(node, list) and part.isdigit() and \
                        int(part) < len(node):
                    node = node[int(part)]
                else:
                    return "JSON has no %s" % e[1]
            if op == "json":
                want = self.sub(e[2])
                got = node if isinstance(node, str) else json.dumps(node)
                if got != want:
                    return "JSON %s = %r, want %r" % (e[1], got, want)
        return None


def directives(v):
    if v is None:
        return set()
    return {d.strip().lower().replace(" ", "") for d in v.split(",")
            if d.strip()}


def http_date(v):
    if not v:
        return None
    try:
        return email.utils.parsedate_to_datetime(v).timestamp()
    except (TypeError, ValueError, IndexError):
        return None


def snippet(b):
    s = b[:120]
    return "%d bytes: %r%s" % (len(b), s, "..." if len(b) > 120 else "")


def decode(enc, body):
    if enc == "gzip":
        return gzip.decompress(body)
    try:
        import brotli  # not in the standard library; used when present
        return brotli.decompress(body)
    except ImportError:
        pass
    exe = shutil.which("brotli")
    if exe:
        return subprocess.run([exe, "-d", "-c"], input=body, check=True,
                              stdout=subprocess.PIPE).stdout
    return None


def parse_resp(buf, method):
    head, sep, rest = buf.partition(b"\r\n\r\n")
    if not sep:
        return Resp(None, "no complete response (%d bytes)" % len(buf), [],
                    b"")
    lines = head.decode("latin-1").split("\r\n")
    m = re.match(r"^HTTP/1\.[01] (\d{3}) ?(.*)$", lines[0])
    if not m:
        return Resp(None, "bad status line %r" % lines[0], [], b"")
    headers = []
    for ln in lines[1:]:
        k, _, v = ln.partition(":")
        headers.append((k.strip(), v.strip()))
    r = Resp(int(m.group(1)), m.group(2), headers, rest)
    te = (r.get("Transfer-Encoding") or "").lower()
    if method != "HEAD" and "chunked" in te:
        r.body = dechunk(rest)
    elif method != "HEAD" and r.get("Content-Length") is not None:
        try:
            n = int(r.get("Content-Length"))
            r.body = rest[:n] if len(rest) >= n else rest
        except ValueError:
            pass
    return r


def dechunk(b):
    out = b""
    while b:
        ln, _, b = b.partition(b"\r\n")
        try:
            n = int(ln.split(b";")[0], 16)
        except ValueError:
            break
        if n == 0:
            break
        out += b[:n]
        b = b[n + 2:]
    return out


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--addr", required=True)
    ap.add_argument("--tls", action="store_true")
    ap.add_argument("--cafile")
    ap.add_argument("--main-host", default="localhost")
    ap.add_argument("--att-host", default="attachments.localhost")
    ap.add_argument("--alias-host", default="wiki.localhost")
    ap.add_argument("--ip", help="the Host an IP-address client sends "
                    "(default: the address of --addr)")
    ap.add_argument("--site-url")
    ap.add_argument("--att-url")
    ap.add_argument("--sample", default="image/sample")
    ap.add_argument("--timeout", type=float, default=10)
    ap.add_argument("--only", action="append", metavar="SUBSTR",
                    help="run only the cases whose name has SUBSTR "
                    "(repeatable: any of them)")
    ap.add_argument("--summary", action="store_true",
                    help="per-file pass/fail counts")
    ap.add_argument("-v", action="store_true", help="name passing cases too")
    ap.add_argument("files", nargs="+")
    a = ap.parse_args()
    try:
        cases = [c for f in a.files for c in parse_file(f)]
    except CaseError as x:
        print("conformance: %s" % x)
        return 2
    run = Runner(a)
    passed = failed = skipped = 0
    per = {}
    for c in cases:
        if a.only and not any(o in c.name for o in a.only):
            continue
        if (c.mode == "tls" and not a.tls) or (c.mode == "plain" and a.tls):
            skipped += 1
            continue
        try:
            d = run.run_case(c)
        except CaseError as x:
            print("conformance: %s: %s" % (c.name, x))
            return 2
        except OSError as x:
            d = "no answer: %s" % x
        st = per.setdefault(os.path.basename(c.fname), [0, 0])
        if d:
            failed += 1
            st[1] += 1
            print("FAIL %s: %s" % (c.name, d))
        else:
            passed += 1
            st[0] += 1
            if a.v:
                print("ok   %s" % c.name)
    if a.summary:
        for f, (p, n) in sorted(per.items()):
            print("  %-28s %3d passed, %3d failed" % (f, p, n))
    if skipped:
        print("(%d cases not for this transport)" % skipped)
    print("%d passed, %d failed" % (passed, failed))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
