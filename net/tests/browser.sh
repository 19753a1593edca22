#!/bin/bash
# browser.sh: TLS as a browser and a scanner see it, against the hosted
# node (build/hosted) on a TAP device, all inside a network namespace of
# its own (it re-executes itself under `unshare -n`).
#   1. False Start: headless Chromium loads a page N times (BROWSER_N,
#      default 10) through net/tests/relay.py, which hands the node the
#      browser's ChangeCipherSpec, Finished and first request in one
#      send; every load must show the page, and the relay must have seen
#      the browser false-start at least once.
#   2. Alerts: net/tests/badhello.py sends 100 mutated ClientHellos; every
#      connection the node closes must end with a fatal alert record.
# Needs root, /dev/net/tun, unshare, python3 and chromium; exit 77 (skip)
# without them.  Run from anywhere after `make all`.  Prints one line;
# exit 0 on pass, 1 on fail.
set -u
cd "$(dirname "$0")/../.."
skip() { echo "SKIP browser: $*"; exit 77; }

if [ "$(id -u)" != 0 ] || [ ! -c /dev/net/tun ]; then
	skip "needs root and /dev/net/tun"
fi
for t in unshare ip python3 chromium; do
	command -v $t >/dev/null || skip "needs $t"
done
[ -x build/hosted ] && [ -x build/sitec ] || skip "build/hosted: make all"
[ -f build/certs/ecdsa/cert.main ] || skip "build/certs: make all"
# BROWSER_OUTER_NETNS: the namespace we left, set only by this re-exec;
# the TAP device and its address must never land in the machine's.
here=$(readlink /proc/self/ns/net)
if [ -z "${BROWSER_OUTER_NETNS:-}" ]; then
	BROWSER_OUTER_NETNS=$here exec unshare -n "$0" "$@"
fi
[ "$here" != "$BROWSER_OUTER_NETNS" ] ||
    { echo "FAIL browser: still in the machine's network namespace"; exit 1; }

N=${BROWSER_N:-10}
TAP=tapbrowser
NODE=10.78.0.2
RPORT=8443
DIR=$(mktemp -d /tmp/browser.XXXXXX)
PIDS=()
cleanup() {
	for p in "${PIDS[@]}"; do kill "$p" 2>/dev/null; done
	wait 2>/dev/null
	rm -rf "$DIR"
}
trap cleanup EXIT
fail() {
	echo "FAIL browser: $*"
	for f in "$DIR"/log "$DIR"/err; do
		[ -s "$f" ] && tail -5 "$f" | sed 's/^/    /'
	done
	exit 1
}

# A page whose text the browser must show.
mkdir -p "$DIR/c/files/en-us/web/http"
printf -- '---\ntitle: HTTP\nslug: Web/HTTP\n---\n<p>False start ok.</p>\n' \
    >"$DIR/c/files/en-us/web/http/index.html"
build/sitec --quiet "$DIR/disk.img" "$DIR/c" >/dev/null || fail "sitec"

ip link set lo up &&
    ip tuntap add dev $TAP mode tap && ip addr add 10.78.0.1/24 dev $TAP &&
    ip link set $TAP up || fail "namespace network setup"
build/hosted tap=$TAP ip=$NODE/24 gw=10.78.0.1 disk="$DIR/disk.img" \
    config_dir=build/certs/ecdsa >"$DIR/log" 2>&1 &
PIDS+=($!)
for _ in $(seq 50); do
	grep -q "serving https://$NODE/" "$DIR/log" && break
	sleep 0.1
done
grep -q "serving https://$NODE/" "$DIR/log" || fail "node not serving"

python3 net/tests/relay.py $RPORT $NODE 443 "$DIR/relay" 2>"$DIR/err" &
PIDS+=($!)
for _ in $(seq 50); do
	python3 -c "import socket; socket.create_connection(('127.0.0.1',
	    $RPORT), 1)" 2>/dev/null && break
	sleep 0.1
done
: >"$DIR/relay"

# The browser trusts exactly the node's key (its SPKI hash).
spki=$(openssl x509 -in build/certs/ecdsa/cert.main -noout -pubkey |
    openssl pkey -pubin -outform der | openssl dgst -sha256 -binary |
    base64)
url=https://localhost:$RPORT/en-US/docs/Web/HTTP
ok=0
for i in $(seq "$N"); do
	timeout 60 chromium --headless --no-sandbox --disable-gpu \
	    --disable-quic --no-first-run --disable-background-networking \
	    --disable-component-update --disable-sync \
	    --user-data-dir="$DIR/profile$i" \
	    --ignore-certificate-errors-spki-list="$spki" \
	    --dump-dom "$url" >"$DIR/dom$i" 2>>"$DIR/err"
	grep -q "False start ok." "$DIR/dom$i" && ok=$((ok + 1))
	rm -rf "$DIR/profile$i"
done
fs=$(grep -c coalesced "$DIR/relay")
[ "$ok" = "$N" ] || fail "chromium showed the page $ok of $N times" \
    "($fs false starts); node: $(grep tls: "$DIR/log" | tail -1)"
[ "$fs" -gt 0 ] || fail "chromium never false-started: nothing tested"

out=$(python3 net/tests/badhello.py $NODE 443 100 2>&1) ||
    fail "$out"
echo "PASS browser: chromium $ok/$N pages ($fs false starts);" \
    "${out#badhello: }"
