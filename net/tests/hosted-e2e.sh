#!/bin/bash
# hosted-e2e.sh: the appliance as a Linux process (build/hosted) on a TAP
# device, checked with curl and a raw socket client: pages, HEAD, 404,
# keep-alive and pipelining, POST and the like handed to the site,
# 405/501/400/414/431/505, the security lines on every answer, HTTP/1.0,
# a large zero-copy body, and the connection cap's 503; the
# malformed-request table (malformed.py) and port reuse after a server
# close (port_reuse.py) on plain HTTP.  Then again with certificates
# (build/certs, scripts/mkcerts.sh): both names over HTTPS with HSTS, the
# port-80 redirect and health checks, the table over TLS with its 408
# cases, 200 slowloris connections, and 500 connections past the cap
# (qemu-tests/hostile.py).  Needs root (TAP), unshare, curl and python3;
# skips (exit 77) without them, and without build/certs after the plain
# half (half a run is not a pass).  Run from the repository root after
# `make all`.  Silent on success but for one line.
#
# Everything runs in a network namespace of its own: the script re-execs
# itself under `unshare -n`; the TAP device, its address, the node and
# every client live there, and all of it goes when the script ends.
# Nothing is added to the machine's own namespace.
set -u
self=$(realpath "$0")
cd "$(dirname "$self")/../.."

if [ "$(id -u)" != 0 ] || [ ! -c /dev/net/tun ] || ! command -v curl \
    >/dev/null || ! command -v python3 >/dev/null ||
    ! command -v unshare >/dev/null; then
	echo "SKIP hosted-e2e: needs root, /dev/net/tun, unshare, curl, python3"
	exit 77
fi
# E2E_OUTER_NETNS: the namespace we left, set only by the re-exec below.
here=$(readlink /proc/self/ns/net)
if [ -z "${E2E_OUTER_NETNS:-}" ]; then
	E2E_OUTER_NETNS=$here exec unshare -n -- "$self" "$@"
fi
if [ "$here" = "$E2E_OUTER_NETNS" ]; then
	echo "FAIL: unshare -n left us in the machine's network namespace"
	exit 1
fi
ip link set lo up || { echo "FAIL: lo up in the test's namespace"; exit 1; }

TAP=tape2e$$
TAP=${TAP:0:15}
DIR=$(mktemp -d /tmp/hosted-e2e.XXXXXX)
PID=
SNIFF=
# The TAP device goes with the namespace.
cleanup() {
	[ -n "$PID" ] && kill "$PID" 2>/dev/null
	[ -n "$SNIFF" ] && kill "$SNIFF" 2>/dev/null
	rm -rf "$DIR"
}
trap cleanup EXIT
fail() { echo "FAIL: $*"; sed 's/^/    /' "$DIR/log" | tail -20; exit 1; }

# Content: one small page and one of about 240 KiB.
mkdir -p "$DIR/c/files/en-us/web/http" "$DIR/c/files/en-us/big"
printf -- '---\ntitle: HTTP\nslug: Web/HTTP\n---\n<p>HTTP.</p>\n' \
    >"$DIR/c/files/en-us/web/http/index.html"
{ printf -- '---\ntitle: Big\nslug: Big\n---\n'
  for i in $(seq 1 3000); do echo "<p>Line $i of a large page.</p>"; done
} >"$DIR/c/files/en-us/big/index.html"
build/sitec --quiet "$DIR/disk.img" "$DIR/c" >/dev/null || fail "sitec"

# In this script's own network namespace (unshare -n above).
ip tuntap add dev "$TAP" mode tap && ip addr add 10.77.0.1/24 dev "$TAP" &&
    ip link set "$TAP" up || fail "tap setup"
build/hosted tap="$TAP" ip=10.77.0.2/24 gw=10.77.0.1 disk="$DIR/disk.img" host_aliases=10.77.0.2 \
    >"$DIR/log" 2>&1 &
PID=$!
for _ in $(seq 50); do grep -q "serving http://10.77.0.2/" "$DIR/log" &&
    break; sleep 0.1; done
grep -q "serving http://10.77.0.2/" "$DIR/log" || fail "no serving line"

U=http://10.77.0.2
code() { curl -s -m 5 -o "$DIR/out" -w "%{http_code}" "$@"; }

# sniff MODE: check the TCP checksum of every frame the node sends until
# sniff_end.  MODE partial (checksum offload on): the field must hold the
# pseudo-header sum, which we complete here as the NIC would; the host's
# own stack never checks a frame it got that way.  MODE full: the field
# must already be right.  Fails when no frame was seen.
sniff() {
	rm -f "$DIR/stop"
	python3 - "$TAP" "$1" "$DIR/stop" >"$DIR/sniff" 2>&1 <<'PY' &
import os, socket, struct, sys
tap, mode, stop = sys.argv[1:]
s = socket.socket(socket.AF_PACKET, socket.SOCK_RAW, socket.htons(3))
s.bind((tap, 0))
s.settimeout(0.2)
def fold(b):
    b = bytes(b) + b"\0" * (len(b) % 2)
    t = sum(struct.unpack("!%dH" % (len(b) // 2), b))
    while t >> 16:
        t = (t & 0xffff) + (t >> 16)
    return t
n = bad = 0
while not os.path.exists(stop):
    try:
        f = s.recv(65535)
    except socket.timeout:
        continue
    if f[12:14] != b"\x08\x00" or f[23] != 6 or f[26:30] != b"\x0a\x4d\0\x02":
        continue
    ihl = (f[14] & 15) * 4
    seg = bytearray(f[14 + ihl:14 + struct.unpack("!H", f[16:18])[0]])
    ph = f[26:34] + struct.pack("!HH", 6, len(seg))
    if mode == "partial":
        seg[16:18] = struct.pack("!H", ~fold(seg) & 0xffff)
    n += 1
    bad += fold(ph + seg) != 0xffff
print(mode, "frames", n, "bad checksums", bad)
sys.exit(0 if n > 0 and bad == 0 else 1)
PY
	SNIFF=$!
	sleep 0.5	# the socket is bound before the first frame
}
sniff_end() {
	touch "$DIR/stop"
	wait "$SNIFF" || { cat "$DIR/sniff"; fail "$1: TCP checksums"; }
}

# The default is checksum offload on, and this TAP offers it.
grep -q "checksum offload tx on rx on" "$DIR/log" || fail "offload not on"
sniff partial
[ "$(code $U/en-US/docs/Web/HTTP)" = 200 ] || fail "GET page"
grep -q "<p>HTTP.</p>" "$DIR/out" || fail "page body"
# Slugs match case-insensitively; a locale in the wrong case is fixed by
# a 302 first (spec 3.2).
[ "$(code $U/en-US/docs/web/HTTP?x=1 -H 'Host: LOCALHOST:80')" = 200 ] ||
    fail "case-insensitive lookup"
[ "$(code $U/EN-us/docs/web/http?x=1 -H 'Host: LOCALHOST:80')" = 302 ] ||
    fail "locale case fixed by a redirect"
[ "$(code -I $U/en-US/docs/Web/HTTP)" = 200 ] || fail "HEAD"
[ "$(code $U/en-US/docs/Nope)" = 404 ] || fail "404"
[ "$(code $U/en-US/docs/big)" = 200 ] || fail "big page"
build/sitec --body "$DIR/disk.img" 'den-us\0big' | cmp -s - "$DIR/out" ||
    fail "big body differs"
sniff_end "offload on"

python3 - <<'PY' || fail "raw socket checks"
import re, socket, sys
def talk(data):
    s = socket.create_connection(("10.77.0.2", 80), timeout=2)
    s.sendall(data)
    out = b""
    try:
        while True:
            d = s.recv(65536)
            if not d: break
            out += d
    except socket.timeout:
        pass
    s.close()
    return out
H = b"Host: localhost\r\n"
# expect(NAME, BYTES, STATUSES, WANT...): the answers' status lines carry
# exactly STATUSES, in order (None: the site's to choose, any status), the
# bytes contain each WANT, and every answer the security lines (spec 9.1).
SEC = (b"\r\nX-Content-Type-Options: nosniff\r\n"
    b"X-XSS-Protection: 1; mode=block\r\n")
def expect(name, data, statuses, *want):
    out = talk(data)
    got = [int(m) for m in re.findall(rb"^HTTP/1\.1 (\d{3}) ", out, re.M)]
    if len(got) != len(statuses) or any(w is not None and g != w
                                          for g, w in zip(got, statuses)):
        print(name, "statuses", got, "want", statuses, out[:300])
        sys.exit(1)
    for w in want:
        if w not in out:
            print(name, "missing", w, out[:300]); sys.exit(1)
    if out.count(b"X-Content-Type-Options") != len(got) or \
            out.count(SEC) != len(got):
        print(name, "security lines not on every answer", out[:300])
        sys.exit(1)
p = b"GET /en-US/docs/Web/HTTP HTTP/1.1\r\n" + H + b"\r\n"
expect("pipeline", p + b"HEAD /x HTTP/1.1\r\n" + H + b"\r\n" +
    b"GET /y HTTP/1.1\r\n" + H + b"Connection: close\r\n\r\n",
    [200, 404, 404], b"HTTP/1.1 200 OK", b"HTTP/1.1 404 Not Found\r\n",
    b"Connection: close")
expect("405", b"TRACE / HTTP/1.1\r\n" + H + b"\r\n", [405],
    b"Allow: GET, HEAD")
# POST and the like go to the site (its answer is its own), their bodies
# dropped, and the connection goes on.
expect("POST", b"POST /en-US/docs/Web/HTTP HTTP/1.1\r\n" + H +
    b"Content-Length: 3\r\n\r\nabc" + b"DELETE / HTTP/1.1\r\n" + H +
    b"\r\n" + b"OPTIONS / HTTP/1.1\r\n" + H + b"\r\n" + p,
    [None, None, None, 200], b"<p>HTTP.</p>")
expect("501", b"BREW / HTTP/1.1\r\n" + H + b"\r\n", [501])
expect("400", b"GET / HTTP/1.1\r\n\r\n", [400])
expect("414", b"GET /" + b"a" * 9000 + b" HTTP/1.1\r\n" + H + b"\r\n",
    [414])
expect("431", b"GET / HTTP/1.1\r\n" + H + b"X: " + b"y" * 17000 +
    b"\r\n\r\n", [431])
expect("505", b"GET / HTTP/3.0\r\n" + H + b"\r\n", [505])
expect("1.0", b"GET /en-US/docs/Web/HTTP HTTP/1.0\r\n\r\n", [200],
    b"Connection: close", b"<p>HTTP.</p>")
socks = [socket.create_connection(("10.77.0.2", 80)) for _ in range(256)]
expect("cap", b"", [503])
for s in socks: s.close()
PY
net/tests/malformed.py --host 10.77.0.2 --port 80 --no-slow >"$DIR/mal" ||
    { cat "$DIR/mal"; fail "malformed table (plain)"; }
# A client reusing its port right after the server closed first connects at
# once (the server's TIME_WAIT gives way to a newer SYN, RFC 6191).
net/tests/port_reuse.py 10.77.0.2 80 >"$DIR/reuse" ||
    { cat "$DIR/reuse"; fail "port reuse after a server close"; }

# --- with certificates: HTTPS on 443, port 80 redirects -------------------
CERTS=build/certs
if [ ! -f $CERTS/ca.crt ]; then
	echo "SKIP hosted-e2e: plain half passed;" \
	    "no build/certs (make), TLS half not run"
	exit 77
fi
kill "$PID"; wait "$PID" 2>/dev/null
build/hosted tap="$TAP" ip=10.77.0.2/24 gw=10.77.0.1 disk="$DIR/disk.img" host_aliases=10.77.0.2 \
    config_dir=$CERTS/ecdsa >"$DIR/log" 2>&1 &
PID=$!
for _ in $(seq 50); do grep -q "serving https://10.77.0.2/" "$DIR/log" &&
    break; sleep 0.1; done
grep -q "serving https://10.77.0.2/" "$DIR/log" || fail "no https serving line"
T=(curl -s -m 5 --cacert $CERTS/ca.crt --resolve localhost:443:10.77.0.2
    --resolve attachments.localhost:443:10.77.0.2)
[ "$("${T[@]}" -o "$DIR/out" -D "$DIR/hdr" -w "%{http_code}" \
    https://localhost/en-US/docs/Web/HTTP)" = 200 ] || fail "https page"
grep -q "<p>HTTP.</p>" "$DIR/out" || fail "https body"
grep -qi "^Strict-Transport-Security: max-age=63072000" "$DIR/hdr" ||
    fail "HSTS"
grep -q "^X-Content-Type-Options: nosniff" "$DIR/hdr" &&
    grep -q "^X-XSS-Protection: 1; mode=block" "$DIR/hdr" ||
    fail "security lines over TLS"
curl -s -m 5 -o /dev/null -D "$DIR/hdr" "http://10.77.0.2/x" >/dev/null
grep -q "^HTTP/1.1 301 " "$DIR/hdr" &&
    grep -q "^X-Content-Type-Options: nosniff" "$DIR/hdr" &&
    grep -q "^X-XSS-Protection: 1; mode=block" "$DIR/hdr" ||
    fail "security lines on the port-80 301"
[ "$("${T[@]}" -o /dev/null -w "%{http_code}" \
    https://attachments.localhost/en-US/docs/Web/HTTP)" = 404 ] ||
    fail "attachments domain serves no pages"
"${T[@]}" -v -o /dev/null https://attachments.localhost/healthz 2>&1 |
    grep -q "subject: .*CN=attachments.localhost" || fail "attachments cert"
[ "$("${T[@]}" -o /dev/null -w "%{http_code}" \
    https://localhost/en-US/docs/big)" = 200 ] || fail "https big page"
[ "$(curl -s -m 5 -o /dev/null -w "%{http_code} %{redirect_url}" \
    -H "Host: localhost:80" "http://10.77.0.2/en-US/docs/Web?a=b")" = \
    "301 https://localhost/en-US/docs/Web?a=b" ] || fail "port 80 redirect"
[ "$(code http://10.77.0.2/healthz)" = 204 ] || fail "port 80 healthz"
[ "$(code http://10.77.0.2/readiness)" = 204 ] || fail "port 80 readiness"
net/tests/malformed.py --host 10.77.0.2 --port 443 --tls \
    --cacert $CERTS/ca.crt --sni localhost >"$DIR/mal" ||
    { cat "$DIR/mal"; fail "malformed table (TLS)"; }
# Every access-log line of a TLS connection carries the tls tag, the 408s
# of the table's timeout cases (no request line) included.
n408=$(grep -c ' 408 ' "$DIR/log")
[ "$n408" -gt 0 ] && [ "$(grep -cE '^[0-9.]+ tls "-" 408 ' "$DIR/log")" = \
    "$n408" ] || fail "408 on TLS without the tls tag in the access log"
NC=(curl -sS --max-time 10 --fail -o /dev/null --cacert $CERTS/ca.crt
    --resolve localhost:443:10.77.0.2 https://localhost/en-US/docs/Web/HTTP)
qemu-tests/hostile.py slowloris 10.77.0.2 443 80 200 "${NC[@]}" \
    >"$DIR/hostile" || { cat "$DIR/hostile"; fail "slowloris"; }
qemu-tests/hostile.py flood 10.77.0.2 443 \
    "$(awk '$2=="HTTP_MAX_CONNS" {print $3}' include/config.h)" 500 \
    "${NC[@]}" >"$DIR/hostile" || { cat "$DIR/hostile"; fail "flood"; }

# --- syslog: every line reaches a collector as RFC 5424 over UDP --------
# A listener on the TAP's side (10.77.0.1:5514, this namespace only) keeps
# each datagram as one line; it stops by itself after 60 s.
kill "$PID"; wait "$PID" 2>/dev/null
python3 -c '
import socket, sys, time
s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
s.bind(("10.77.0.1", 5514)); s.settimeout(1)
out = open(sys.argv[1], "wb", 0); end = time.time() + 60
while time.time() < end:
    try: d = s.recv(4096)
    except socket.timeout: continue
    out.write(d.replace(b"\n", b" ") + b"\n")
' "$DIR/syslog" &
SPID=$!
trap 'kill $SPID 2>/dev/null; cleanup' EXIT
sleep 0.5
build/hosted tap="$TAP" ip=10.77.0.2/24 gw=10.77.0.1 disk="$DIR/disk.img" host_aliases=10.77.0.2 \
    host=node.e2e syslog=10.77.0.1:5514 >"$DIR/log" 2>&1 &
PID=$!
for _ in $(seq 50); do grep -q "serving http://10.77.0.2/" "$DIR/log" &&
    break; sleep 0.1; done
grep -q "serving http://10.77.0.2/" "$DIR/log" ||
    fail "no serving line (syslog)"
[ "$(code -H 'Host: node.e2e' $U/en-US/docs/Web/HTTP)" = 200 ] ||
    fail "GET page (syslog)"
TS='[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}\.[0-9]{3}Z'
HDR="<134>1 $TS node\.e2e appliance - - -"	# local0.info, nil fields
ACC="$HDR 10\.77\.0\.1 \"GET /en-US/docs/Web/HTTP HTTP/1\.1\" 200 [0-9]+\$"
for _ in $(seq 30); do grep -qE "^$ACC" "$DIR/syslog" && break; sleep 0.1
done
grep -qE "^$ACC" "$DIR/syslog" || { sed 's/^/    syslog: /' "$DIR/syslog"
	fail "access line not at the collector as RFC 5424"; }
grep -qE "^$HDR appliance: serving http://10\.77\.0\.2/\$" "$DIR/syslog" ||
    fail "start-up line not at the collector"
# The stamp is the node's wall clock, in UTC: within a minute of ours.
ts=$(grep -E "^$ACC" "$DIR/syslog" | head -1 | cut -d' ' -f2)
[ $(( $(date -u +%s) - $(date -u -d "$ts" +%s) )) -le 60 ] ||
    fail "syslog timestamp $ts is not now (UTC)"
grep -q '"GET /en-US/docs/Web/HTTP HTTP/1.1" 200' "$DIR/log" ||
    fail "the console lost the access line"
kill $SPID 2>/dev/null

# --- checksum offload off: lwIP computes and checks every sum -------------
kill "$PID"; wait "$PID" 2>/dev/null
build/hosted tap="$TAP" ip=10.77.0.2/24 gw=10.77.0.1 disk="$DIR/disk.img" host_aliases=10.77.0.2 \
    offload=off >"$DIR/log" 2>&1 &
PID=$!
for _ in $(seq 50); do grep -q "serving http://10.77.0.2/" "$DIR/log" &&
    break; sleep 0.1; done
grep -q "serving http://10.77.0.2/" "$DIR/log" || fail "offload=off: no serving"
grep -q "checksum offload tx off rx off" "$DIR/log" || fail "offload not off"
sniff full
[ "$(code $U/en-US/docs/Web/HTTP)" = 200 ] || fail "offload=off: GET page"
grep -q "<p>HTTP.</p>" "$DIR/out" || fail "offload=off: page body"
[ "$(code $U/en-US/docs/big)" = 200 ] || fail "offload=off: big page"
build/sitec --body "$DIR/disk.img" 'den-us\0big' | cmp -s - "$DIR/out" ||
    fail "offload=off: big body differs"
sniff_end "offload off"
echo "PASS hosted-e2e"
