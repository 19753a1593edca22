#!/bin/bash
# conformance-hosted.sh: the conformance suite (app/tests/conformance.py,
# app/tests/cases/*.txt) against build/hosted serving build/sample.img on a
# TAP device: the whole suite over plain HTTP (a node without
# certificates), then again over HTTPS with build/certs (the cases marked
# tls run only there).  Needs root (TAP), unshare and python3; skips
# (exit 77) without them.  Run from anywhere after `make all`.
#
#   app/tests/conformance-hosted.sh [-v] [--only SUBSTR] [CASE-FILES...]
#
# Extra arguments go to conformance.py (default: every case file).
# CONF_TLS=0 skips the HTTPS pass.  Exit status 0 when every case passed.
#
# Everything runs in a network namespace of its own: the script re-execs
# itself under `unshare -n`; the TAP device, its address, the node and the
# client live there and go when the script ends.
set -u
self=$(realpath "$0")
cd "$(dirname "$self")/../.."

if [ "$(id -u)" != 0 ] || [ ! -c /dev/net/tun ] ||
    ! command -v python3 >/dev/null || ! command -v unshare >/dev/null; then
	echo "SKIP conformance-hosted: needs root, /dev/net/tun, unshare, python3"
	exit 77
fi
for f in build/hosted build/sample.img; do
	[ -e "$f" ] || { echo "FAIL conformance-hosted: no $f (make all)"; exit 1; }
done
here=$(readlink /proc/self/ns/net)
if [ -z "${CONF_OUTER_NETNS:-}" ]; then
	CONF_OUTER_NETNS=$here exec unshare -n -- "$self" "$@"
fi
if [ "$here" = "$CONF_OUTER_NETNS" ]; then
	echo "FAIL: unshare -n left us in the machine's network namespace"
	exit 1
fi
ip link set lo up || { echo "FAIL: lo up in the test's namespace"; exit 1; }

MAIN=localhost ATT=attachments.localhost ALIAS=wiki.localhost
TAP=tapconf$$
TAP=${TAP:0:15}
DIR=$(mktemp -d /tmp/conformance.XXXXXX)
PID=
cleanup() {
	[ -n "$PID" ] && kill "$PID" 2>/dev/null
	rm -rf "$DIR"
}
trap cleanup EXIT

ip tuntap add dev "$TAP" mode tap && ip addr add 10.78.0.1/24 dev "$TAP" &&
    ip link set "$TAP" up || { echo "FAIL: tap setup"; exit 1; }

ARGS=("$@")
[ ${#ARGS[@]} = 0 ] || [[ "${ARGS[-1]}" != *.txt ]] &&
    ARGS+=(app/tests/cases/*.txt)

# start SCHEME [WORDS...]: start the node, wait for its serving line.
# host_aliases= is offered first; a node that does not know the word yet
# (it stops on an unknown key) is started without it, and said so.
start() {
	local scheme=$1 i
	shift
	local words=(tap="$TAP" ip=10.78.0.2/24 gw=10.78.0.1
	    disk=build/sample.img host=$MAIN attachments_host=$ATT "$@")
	for alias in "host_aliases=$ALIAS" ""; do
		[ -n "$PID" ] && { kill "$PID" 2>/dev/null; wait "$PID" 2>/dev/null; }
		build/hosted "${words[@]}" $alias >"$DIR/log" 2>&1 &
		PID=$!
		for i in $(seq 100); do
			grep -q "serving $scheme://10.78.0.2/" "$DIR/log" && return 0
			kill -0 "$PID" 2>/dev/null || break
			sleep 0.1
		done
		if [ -n "$alias" ] && grep -q 'unknown key.*host_aliases' "$DIR/log"; then
			echo "NOTE: this node does not know host_aliases=; the alias cases will fail"
			continue
		fi
		echo "FAIL: node did not start ($scheme)"; tail -20 "$DIR/log"
		exit 1
	done
}

rc=0
start http
echo "== plain HTTP (build/hosted, $MAIN / $ATT / $ALIAS)"
python3 app/tests/conformance.py --addr 10.78.0.2:80 --main-host $MAIN \
    --att-host $ATT --alias-host $ALIAS --sample image/sample "${ARGS[@]}" ||
    rc=1

if [ "${CONF_TLS:-1}" != 0 ]; then
	if [ -f build/certs/ca.crt ]; then
		start https config_dir=build/certs/ecdsa
		echo "== HTTPS (build/certs/ecdsa)"
		python3 app/tests/conformance.py --addr 10.78.0.2:443 --tls \
		    --cafile build/certs/ca.crt --main-host $MAIN --att-host $ATT \
		    --alias-host $ALIAS --sample image/sample "${ARGS[@]}" || rc=1
	else
		echo "NOTE: no build/certs, HTTPS pass not run"
	fi
fi
if grep -q 'PANIC\|ASSERT' "$DIR/log"; then
	echo "FAIL: the node's log has a failed assertion"; grep -A5 'PANIC\|ASSERT' "$DIR/log"
	rc=1
fi
exit $rc
