#!/bin/bash
# imds.sh: boot tests of the EC2 clients (net/imds.c, net/sntp.c) under
# QEMU, against fake servers in Python on 127.0.0.1: an IMDSv2 metadata
# service (token PUT, user-data, identity document) and an SNTP server
# that says it is 2031-01-01.
#
# The guest reaches both through QEMU user networking's host alias:
# 10.0.2.2:PORT is the host's 127.0.0.1:PORT, for TCP and for UDP alike
# (guestfwd= forwards TCP only, so SNTP could not take that way), and the
# node is told imds=10.0.2.2:FPORT sntp=10.0.2.2:SPORT.
#
# Each case is one boot: the exchange that works (token, identity,
# user-data applied, the clock set), then each way it may fail (nothing
# listening, the token refused with 403, user-data over the limit,
# malformed user-data, no user-data), after which the node must still
# serve.  A last case gives certificates through user-data only.
#
#   qemu-tests/imds.sh          (from the repository root; make first)
# Prints PASS/FAIL lines and "N passed, N failed"; exit 1 on a failure.
set -u
cd "$(dirname "$0")/.." || exit 1
. qemu-tests/lib.sh

: "${CA:=build/certs/ca.crt}"
TMP=$(mktemp -d /tmp/appliance-imds.XXXXXX)
PASS=0 FAIL=0 FAKE_PID= QEMU_PID=
cleanup() {
	[ -n "$QEMU_PID" ] && qemu_stop >/dev/null
	[ -n "$FAKE_PID" ] && kill "$FAKE_PID" 2>/dev/null
	rm -rf "$TMP"
}
trap cleanup EXIT

for f in "$KERNEL" build/sample.img; do
	[ -f "$f" ] || { echo "FAIL imds: $f is missing (make first)"; echo "0 passed, 1 failed"; exit 1; }
done

cat >"$TMP/fake.py" <<'EOF'
# fake.py MODE HTTP_PORT SNTP_PORT LOG [CERTDIR]: a fake IMDSv2 (mode ok,
# 403, 404, big, bad, certs, none: nothing listens) and SNTP server.
import http.server, os, socket, socketserver, struct, sys, threading, time
mode, port, sport, log = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), sys.argv[4]
TOKEN = "AQAEAFakeToken0123456789abcdef=="
UD = b"# user-data of the test\r\nhost=example.test\r\nlog=on\r\n"
DOC = (b'{\n  "accountId" : "123456789012",\n  "instanceId" : '
       b'"i-0fake1234567890ab",\n  "region" : "eu-west-3",\n'
       b'  "instanceType" : "t3.micro"\n}')
if mode == "certs":
    d = sys.argv[5]
    UD = b"log=on\n"
    for n in ("cert.main", "key.main"):
        UD += b"file " + n.encode() + b"\n" + open(os.path.join(d, n), "rb").read() + b"end\n"
def note(s):
    with open(log, "a") as f:
        f.write(s + "\n")
class H(http.server.BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    def log_message(self, *a):
        pass
    def send(self, code, body=b""):
        self.send_response(code)
        self.send_header("Content-Type", "text/plain")
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Connection", "close")
        self.end_headers()
        self.wfile.write(body)
    def do_PUT(self):
        ttl = self.headers.get("X-aws-ec2-metadata-token-ttl-seconds")
        note("PUT %s ttl=%s" % (self.path, ttl))
        if mode == "403":
            return self.send(403)
        if self.path != "/latest/api/token" or not ttl:
            return self.send(400)
        self.send(200, TOKEN.encode())
    def do_GET(self):
        ok = self.headers.get("X-aws-ec2-metadata-token") == TOKEN
        note("GET %s token=%s" % (self.path, "ok" if ok else "bad"))
        if not ok:
            return self.send(401)
        if self.path == "/latest/user-data":
            if mode == "big":
                return self.send(200, b"#" * (200 * 1024))
            if mode == "404":
                return self.send(404)
            if mode == "bad":
                return self.send(200, b"host=example.test\nnot a word\n")
            return self.send(200, UD)
        if self.path == "/latest/dynamic/instance-identity/document":
            return self.send(200, DOC)
        self.send(404)
class S(socketserver.ThreadingMixIn, http.server.HTTPServer):
    daemon_threads = True
    allow_reuse_address = True
# SNTP: 2031-01-01T00:00:00Z and the time since the fake started.
T0, START = 1924992000 + 2208988800, time.time()
def ntp(t):
    return struct.pack("!II", int(t) & 0xffffffff, int((t % 1) * 2**32))
def sntp():
    u = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    u.bind(("127.0.0.1", sport))
    while True:
        req, addr = u.recvfrom(512)
        if len(req) < 48:
            continue
        note("SNTP request version=%d mode=%d" % (req[0] >> 3 & 7, req[0] & 7))
        now = T0 + (time.time() - START)
        # LI 0, VN 4, mode 4, stratum 1, "GPS"; originate = their transmit.
        u.sendto(bytes([4 << 3 | 4, 1, 4, 0xe9]) + b"\0" * 8 + b"GPS\0" +
                 ntp(now) + req[40:48] + ntp(now) + ntp(now), addr)
if sport:
    threading.Thread(target=sntp, daemon=True).start()
if mode == "none":
    while True:
        time.sleep(60)
S(("127.0.0.1", port), H).serve_forever()
EOF

check() {
	local name=$1 out
	shift
	if out=$("$@" 2>&1); then
		echo "PASS $name"
		PASS=$((PASS + 1))
	else
		echo "FAIL $name"
		[ -n "$out" ] && echo "$out" | sed 's/^/    /' | tail -n 15
		FAIL=$((FAIL + 1))
	fi
}

console_has() { grep -qF -- "$1" "$LOG" || { echo "no line \"$1\" on the console:"; grep -E '^(imds|config|sntp|appliance|clock):' "$LOG"; return 1; }; }
fake_saw() { grep -qF -- "$1" "$TMP/req.log" || { echo "the fake saw no \"$1\":"; cat "$TMP/req.log"; return 1; }; }
# The node answers GET / for Host $1 with status $2.
host_status() {
	local got
	got=$(curl -s -o /dev/null -w '%{http_code}' --max-time 20 -H "Host: $1" "http://127.0.0.1:$PORT/") || return 1
	[ "$got" = "$2" ] || { echo "Host: $1 answered $got, want $2"; return 1; }
}
serves() {
	local got
	got=$(curl -s -o /dev/null -w '%{http_code}' --max-time 20 "http://127.0.0.1:$PORT/healthz")
	[ "$got" = 204 ] || [ "$got" = 200 ] || { echo "/healthz answered $got"; return 1; }
}
# The Date header is in 2031 (the fake SNTP server's year).
date_is_2031() {
	local d i
	for ((i = 0; i < 50; i++)); do
		d=$(curl -sI --max-time 20 "http://127.0.0.1:$PORT/healthz" | tr -d '\r' | grep -i '^date:')
		case $d in *" 2031 "*) return 0 ;; esac
		sleep 0.2
	done
	echo "Date is \"$d\", want 2031"
	return 1
}
no_panic() { ! grep -qiE 'panic|ASSERT' "$LOG" || { grep -iE 'panic|ASSERT' "$LOG"; return 1; }; }

# boot NAME MODE [CERTS]: start the fake in MODE and the node on it.
boot() {
	local name=$1 mode=$2 certs=${3:-/nonexistent}
	: >"$TMP/req.log"
	FPORT=$(free_port)
	SPORT=$(free_port)
	python3 "$TMP/fake.py" "$mode" "$FPORT" "$SPORT" "$TMP/req.log" \
	    build/certs/ecdsa &
	FAKE_PID=$!
	sleep 0.5
	cp --sparse=always build/sample.img "$TMP/disk.img"
	if ! CERTS=$certs qemu_start "$TMP/disk.img" \
	    "imds=10.0.2.2:$FPORT sntp=10.0.2.2:$SPORT"; then
		check "$name: boots and serves" sh -c "tail -n 20 '$LOG'; false"
		return 1
	fi
	sleep 1		# the lines after the serving one
	return 0
}

unboot() {
	local name=$1
	check "$name: no panic" no_panic
	# Not in check's subshell: qemu_stop waits for its child QEMU.
	if qemu_stop >"$TMP/stop.out" 2>&1; then
		echo "PASS $name: QEMU stops cleanly"
		PASS=$((PASS + 1))
	else
		echo "FAIL $name: QEMU stops cleanly"
		sed 's/^/    /' "$TMP/stop.out"
		FAIL=$((FAIL + 1))
	fi
	kill "$FAKE_PID" 2>/dev/null
	wait "$FAKE_PID" 2>/dev/null
	FAKE_PID=
	rm -f "$LOG" "$TMP/disk.img"
}

if boot ok ok; then
	check "ok: token PUT with ttl 21600" fake_saw "PUT /latest/api/token ttl=21600"
	check "ok: user-data GET with the token" fake_saw "GET /latest/user-data token=ok"
	check "ok: identity GET with the token" fake_saw "GET /latest/dynamic/instance-identity/document token=ok"
	check "ok: console: token received" console_has "imds: token received (32 bytes, ttl 21600 s)"
	check "ok: console: instance and region" console_has "imds: instance i-0fake1234567890ab in region eu-west-3"
	check "ok: console: user-data applied" console_has "config: user-data applied: 2 words, 0 files"
	check "ok: answers for Host: example.test" host_status example.test 301
	check "ok: no longer for Host: localhost" host_status localhost 400
	check "ok: SNTP request in client mode, version 4" fake_saw "SNTP request version=4 mode=3"
	check "ok: console: time from the server" console_has "sntp: time 2031-01-01T00:00:"
	check "ok: the Date header moves to 2031" date_is_2031
	unboot ok
fi

if boot none none; then
	check "none: console: no metadata service" console_has "imds: no metadata service at 10.0.2.2:$FPORT"
	check "none: serves" serves
	check "none: serves Host: localhost" host_status localhost 301
	unboot none
fi

if boot 403 403; then
	check "403: console: token refused" console_has "imds: the token was refused (HTTP 403"
	check "403: no GET without a token" sh -c "! grep -q GET '$TMP/req.log'"
	check "403: serves" serves
	check "403: serves Host: localhost" host_status localhost 301
	unboot 403
fi

if boot big big; then
	check "big: console: over the limit" console_has "imds: user-data over the limit of"
	check "big: identity still asked" console_has "imds: instance i-0fake1234567890ab in region eu-west-3"
	check "big: serves Host: localhost" host_status localhost 301
	unboot big
fi

if boot bad bad; then
	check "bad: console: the bad line" console_has "config: user-data line 2: neither key=value"
	check "bad: console: discarded" console_has "config: user-data discarded"
	check "bad: serves Host: localhost, not example.test" host_status localhost 301
	unboot bad
fi

if boot 404 404; then
	check "404: console: no user-data" console_has "imds: no user-data (HTTP 404)"
	check "404: serves" serves
	unboot 404
fi

if boot certs certs; then
	check "certs: console: user-data applied with 2 files" console_has "config: user-data applied: 1 words, 2 files"
	check "certs: console: certificate loaded" console_has "appliance: tls: certificate for localhost"
	check "certs: HTTPS with the user-data certificate" \
	    curl -sf -o /dev/null --max-time 20 --cacert "$CA" \
	    --resolve "localhost:$TPORT:127.0.0.1" "https://localhost:$TPORT/healthz"
	unboot certs
fi

echo "$PASS passed, $FAIL failed"
[ "$FAIL" = 0 ]
