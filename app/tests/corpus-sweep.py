#!/usr/bin/env python3
"""corpus-sweep.py: check one compiled store of ../shared/corpus as served
by a node (app/tests/corpus-sweep.sh starts it).  Standard library only.

    corpus-sweep.py --addr A:P --corpus DIR --source SRC --img IMG
        [--sitec build/sitec] [--pages] [--redirects DIR...]
        [--attachments DIR] [--slice N] [--jobs N]

Checks, each counted:
  pages      every row of pages/pages.tsv of SRC answers 200 at its url
             (slugs case-insensitive: asked in a shuffled case), or the
             301 its source implies (a _redirects.txt FROM, or a redirect
             document)
  redirects  every FROM<TAB>TO rule of the given _redirects.txt files
             answers 301 to TO (compared percent-decoded, path case-
             insensitive); every Nth with --slice N
  attach     every attachment file of the corpus comes back byte-identical
             on the untrusted host (ids from `sitec --list`)
  sitemaps   each locale's sitemap lists exactly its listable pages
  samples    every live sample a page's iframe names is 200 on the
             untrusted host and 403 on the main host
Ends with "N passed, N failed" and a line "TOTAL N N" for the driver.
"""
import argparse
import hashlib
import http.client
import os
import queue
import re
import subprocess
import sys
import threading
import urllib.parse

MAIN = "developer.mozilla.org"
UNTRUSTED = "mdn.mozillademos.org"
LEGACY_NS = ("User:", "Talk:", "Template:", "Help:", "Project:", "Special:",
             "User_talk:", "Template_talk:", "Help_talk:", "Project_talk:",
             "Experiment:")


# Store keys fold the locale; URLs use its canonical case.
CANON = {l.lower(): l for l in (
    "en-US af ar az bg bm bn-BD bn-IN ca cs de ee el es fa ff fi fr fy-NL "
    "ga-IE ha he hi-IN hr hu id ig it ja ka kab ko ln mg ml ms my nl pl "
    "pt-PT pt-BR ro ru son sq sr sr-Latn sv-SE sw ta te th tl tn tr uk vi "
    "wo xh yo zh-CN zh-TW zu").split()}


def enc(path):
    return urllib.parse.quote(path, safe="/")


def norm(u):
    """A Location or TO for comparison: decoded, path folded."""
    u = urllib.parse.unquote(u)
    if u.startswith("https://" + MAIN):
        u = u[len("https://" + MAIN):]
    path, hs, frag = u.partition("#")
    path, qs, q = path.partition("?")
    if path.startswith("/"):
        path = path.lower()
    if not q:
        qs = ""       # "/x?" and "/x" name the same resource
    return path + qs + q + hs + frag


class Client:
    """Keep-alive connections, one per worker thread."""

    def __init__(self, addr, jobs):
        self.host, self.port = addr.rsplit(":", 1)
        self.jobs = jobs
        self.local = threading.local()

    def get(self, host, path, method="GET"):
        for attempt in range(3):
            c = getattr(self.local, "conn", None)
            if c is None:
                c = http.client.HTTPConnection(self.host, int(self.port),
                                               timeout=30)
                self.local.conn = c
            try:
                c.putrequest(method, path, skip_host=True,
                             skip_accept_encoding=True)
                c.putheader("Host", host)
                c.putheader("User-Agent", "Mozilla/5.0 corpus-sweep")
                c.endheaders()
                r = c.getresponse()
                body = r.read()
                self.local.cache = r.getheader("Cache-Control") or ""
                return r.status, r.getheader("Location"), body
            except (OSError, http.client.HTTPException):
                c.close()
                self.local.conn = None
        return None, None, b""

    def run(self, items, fn):
        """fn(item) -> None (pass) or a difference; returns failures."""
        q = queue.Queue()
        for it in items:
            q.put(it)
        fails, lock = [], threading.Lock()

        def work():
            while True:
                try:
                    it = q.get_nowait()
                except queue.Empty:
                    return
                d = fn(it)
                if d:
                    with lock:
                        fails.append(d)
        ts = [threading.Thread(target=work) for _ in range(self.jobs)]
        for t in ts:
            t.start()
        for t in ts:
            t.join()
        return fails


def read_redirects(path):
    rules = []
    with open(path, encoding="utf-8") as f:
        for ln in f:
            ln = ln.rstrip("\n")
            if not ln or ln.startswith("#"):
                continue
            fr, sep, to = ln.partition("\t")
            if sep:
                rules.append((fr, to))
    return rules


def mixcase(s, i):
    """Some ASCII letters swapped in case, deterministically."""
    return "".join(ch.swapcase() if ch.isascii() and ch.isalpha() and
                   (k + i) % 3 == 0 else ch for k, ch in enumerate(s))


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--addr", required=True)
    ap.add_argument("--corpus", required=True)
    ap.add_argument("--source", required=True)
    ap.add_argument("--img", required=True)
    ap.add_argument("--sitec", default="build/sitec")
    ap.add_argument("--pages", action="store_true")
    ap.add_argument("--redirects", nargs="*", default=[])
    ap.add_argument("--attachments")
    ap.add_argument("--slice", type=int, default=1)
    ap.add_argument("--jobs", type=int, default=8)
    ap.add_argument("--show", type=int, default=10,
                    help="failures printed per check")
    a = ap.parse_args()
    cl = Client(a.addr, a.jobs)
    counts = []

    def report(name, n, fails):
        counts.append((name, n - len(fails), len(fails)))
        for d in fails[:a.show]:
            print("FAIL %s %s: %s" % (a.source, name, d))
        if len(fails) > a.show:
            print("FAIL %s %s: ... and %d more" % (a.source, name,
                                                  len(fails) - a.show))

    rules = []
    for f in a.redirects:
        rules += read_redirects(f)
    rmap = {norm(fr): to for fr, to in rules}

    pages = []
    if a.pages:
        with open(os.path.join(a.corpus, "pages", "pages.tsv"),
                  encoding="utf-8", newline="") as f:
            import csv
            rd = csv.DictReader(f, delimiter="\t")
            pages = [r for r in rd if r["source"] == a.source]
    page_urls = {norm(p["url"]) for p in pages}

    if pages:
        def chk(it):
            i, p = it
            url = p["url"]
            loc, _, slug = url[1:].partition("/docs/")
            st, where, body = cl.get(MAIN, "/%s/docs/%s" % (
                loc, enc(mixcase(slug, i))))
            if st == 200:
                return None
            src = os.path.join(a.corpus, p["path"])
            if st in (301, 302) and where:
                if norm(url) in rmap and norm(where) == norm(rmap[norm(url)]):
                    return None
                try:
                    raw = open(src, encoding="utf-8", errors="replace").read()
                except OSError:
                    raw = ""
                if "REDIRECT <a" in raw or (p["path"].endswith(
                        "index.yaml") and "REDIRECT <a" in open(
                        os.path.join(os.path.dirname(src), "raw.html"),
                        errors="replace").read()):
                    return None
            return "%s -> %s %s" % (url, st, where or "")
        report("pages", len(pages), cl.run(list(enumerate(pages)), chk))

    if rules:
        sl = rules[::a.slice]
        shadowed, shadow_lock = [], threading.Lock()

        def chk(rule):
            fr, to = rule
            # FROM is written as a URL path: decode, then send it encoded.
            path = enc(urllib.parse.unquote(fr))
            st, where, _ = cl.get(MAIN, path)
            if st == 301 and where and norm(where) == norm(to):
                return None
            if st == 200 and norm(fr) in page_urls:
                return None       # the page itself is in this store
            # Kuma's redirect-urls table runs before the document
            # redirects (spec 15): a zone rule's 302 may come first, and
            # the chain must still end at the target.
            first = (st, where)
            # A REF zone rule (spec 3.6: 302, s-maxage=604800) shadows a
            # later document redirect, as it did on Kuma: counted apart.
            cc = set(x.strip() for x in
                     getattr(cl.local, "cache", "").split(","))
            if st == 302 and cc == {"max-age=0", "public",
                                    "s-maxage=604800"}:
                with shadow_lock:
                    shadowed.append(fr)
                return None
            for _ in range(4):
                if st not in (301, 302) or not where:
                    break
                if norm(where) == norm(to):
                    return None
                u = urllib.parse.urlsplit(where)
                if u.netloc not in ("", MAIN):
                    break
                path = u.path + ("?" + u.query if u.query else "")
                st, where, _ = cl.get(MAIN, path)
            return "%s -> %s %s, want 301 %s" % (fr, first[0],
                                                 first[1] or "", to)
        report("redirects" + (" (1/%d)" % a.slice if a.slice > 1 else ""),
               len(sl), cl.run(sl, chk))
        if shadowed:
            print("  %s: %d rules answered first by a REF zone redirect "
                  "(spec 3.6, 15), e.g. %s" % (a.source, len(shadowed),
                                             shadowed[0]))

    listing = None
    if a.attachments or pages:
        out = subprocess.run([a.sitec, "--list", a.img], check=True,
                             stdout=subprocess.PIPE).stdout.decode(
                                 "utf-8", "replace")
        listing = [ln.split("\t")[0] for ln in out.splitlines()]

    if a.attachments:
        want = {}
        for dp, _, fs in os.walk(a.attachments):
            for fn in fs:
                p = os.path.join(dp, fn)
                want[hashlib.sha1(open(p, "rb").read()).hexdigest()] = p
        ids = [k[1:] for k in listing if re.match(r"^a\d+$", k)]
        got, lock = {}, threading.Lock()

        def fetch(i):
            st, _, body = cl.get(UNTRUSTED, "/files/%s/x" % i)
            if st != 200:
                return "/files/%s/x -> %s" % (i, st)
            with lock:
                got[hashlib.sha1(body).hexdigest()] = i
            return None
        fails = cl.run(ids, fetch)
        fails += ["%s: no attachment serves its bytes" % p
                  for h, p in sorted(want.items()) if h not in got]
        report("attachments", len(want) + len(ids), fails)

    if pages:
        bylocale = {}
        for p in pages:
            loc, _, slug = p["url"][1:].partition("/docs/")
            if slug.startswith(LEGACY_NS) or norm(p["url"]) in rmap:
                continue
            src = os.path.join(a.corpus, p["path"])
            if p["path"].endswith("index.html"):
                try:
                    if "REDIRECT <a" in open(src, errors="replace").read(4096):
                        continue
                except OSError:
                    pass
            bylocale.setdefault(loc, set()).add(norm(p["url"]))
        fails = []
        for loc, wantset in sorted(bylocale.items()):
            locs, n = set(), 1
            while True:
                name = "sitemap.xml" if n == 1 else "sitemap_%d.xml" % n
                st, _, body = cl.get(MAIN, "/sitemaps/%s/%s" % (loc, name))
                if st != 200:
                    if n == 1:
                        fails.append("/sitemaps/%s/sitemap.xml -> %s" %
                                     (loc, st))
                    break
                for m in re.finditer(rb"<loc>([^<]*)</loc>", body):
                    locs.add(norm(m.group(1).decode("utf-8", "replace")
                                  .replace("&amp;", "&")))
                n += 1
            if st is not None and (locs or n > 1):
                missing, extra = wantset - locs, locs - wantset
                if missing or extra:
                    fails.append("%s: %d missing (%s), %d extra (%s)" % (
                        loc, len(missing), ", ".join(sorted(missing)[:3]),
                        len(extra), ", ".join(sorted(extra)[:3])))
        report("sitemaps", len(bylocale), fails)

        samples = set()
        for p in pages:
            src = os.path.join(a.corpus, p["path"])
            if not p["path"].endswith("index.html"):
                continue
            html = open(src, encoding="utf-8", errors="replace").read()
            # The sample a page defines lives at the page's own URL (an
            # iframe may still name the page's older slug).
            # ... and only when the page holds that id (one translated
            # page renamed its heading: Kuma had no sample there either).
            for m in re.finditer(r'<iframe[^>]+src="https?://[^/"]+'
                                 r'/[^"?]+\$samples/([^"?/]+)', html):
                sid = urllib.parse.unquote(m.group(1).replace("&amp;", "&"))
                if ('id="%s"' % sid) in html:
                    samples.add(p["url"] + "$samples/" + sid)
        for k in listing or []:
            if k.startswith("x"):
                # --list writes other bytes as \xNN: back to UTF-8.
                raw = re.sub(rb"\\x([0-9a-fA-F]{2})",
                             lambda m: bytes([int(m.group(1), 16)]),
                             k[1:].encode("utf-8", "surrogateescape"))
                parts = raw.decode("utf-8", "replace").split("\\0")
                if len(parts) == 3:
                    parts[0] = CANON.get(parts[0], parts[0])
                    samples.add("/%s/docs/%s$samples/%s" % tuple(parts))
        sv = sorted(samples)

        def chk(path):
            d, s = path.rpartition("$samples/")[::2], None
            e = enc(d[0]) + "$samples/" + enc(d[1])
            su, _, _ = cl.get(UNTRUSTED, e)
            sm, _, _ = cl.get(MAIN, e)
            if su == 200 and sm == 403:
                return None
            return "%s: untrusted %s, main %s" % (path, su, sm)
        report("samples", len(sv), cl.run(sv, chk))

    p = sum(c[1] for c in counts)
    f = sum(c[2] for c in counts)
    for name, ok, bad in counts:
        print("  %-20s %-22s %7d passed, %5d failed" % (a.source, name, ok,
                                                        bad))
    print("%d passed, %d failed" % (p, f))
    print("TOTAL %d %d" % (p, f))
    return 1 if f else 0


if __name__ == "__main__":
    sys.exit(main())
