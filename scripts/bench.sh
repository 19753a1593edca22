#!/bin/bash
# make bench: the appliance next to nginx on the same content, one run.
#   - kernel image size
#   - boot to first HTTP answer, with a 10 MiB and a 1 GiB data disk (TCG;
#     KVM too with ACCELS="tcg kvm")
#   - keep-alive requests/s for the ~10 KiB sample page (wrk, 1 thread,
#     10 connections, 10 s): the appliance under QEMU and
#     nginx (1 worker) serving the byte-identical file on loopback.
#   - HTTPS: full and resumed TLS 1.2 handshakes/s (openssl s_time -new,
#     -reuse; one client, sequential) and keep-alive requests/s for the same
#     page over HTTPS (wrk), for the appliance on the hosted platform (a
#     TAP device, needs root), under QEMU, and nginx with OpenSSL (1
#     worker, TLS 1.2 only, the same ECDSA P-256 certificate and key, the
#     same cipher suite, a session cache, no tickets) in the same run; then
#     the ratios appliance/nginx.
# Prints Markdown tables (the README's benchmark table is pasted from it).
# DUR (wrk seconds), TLS_DUR (s_time seconds), ACCELS ("tcg kvm") tune it.
#
# As root it runs in a network namespace of its own (it re-execs itself
# under `unshare -n`, lo up): QEMU's forwarded ports, nginx, the hosted
# appliance's TAP device and address, and every client live there and go
# when the bench ends; nothing is added to the machine's namespace.
# Without root there is no namespace and no TAP (no hosted figures).
set -u
self=$(realpath "$0")
cd "$(dirname "$self")/.."
source qemu-tests/lib.sh

# BENCH_OUTER_NETNS: the namespace we left, set only by this re-exec.
NETNS_OWN=0
here=$(readlink /proc/self/ns/net)
if [ "$(id -u)" = 0 ] && command -v unshare >/dev/null; then
	if [ -z "${BENCH_OUTER_NETNS:-}" ]; then
		BENCH_OUTER_NETNS=$here exec unshare -n -- "$self" "$@"
	fi
	if [ "$here" = "$BENCH_OUTER_NETNS" ]; then
		echo "bench: unshare -n left us in the machine's namespace" >&2
		exit 1
	fi
	ip link set lo up ||
	    { echo "bench: no lo in the namespace" >&2; exit 1; }
	NETNS_OWN=1
fi

BENCH_SLUG=${BENCH_SLUG:-Appliance/Benchmark_page}
BENCH_LOCALE=en-US
DUR=${DUR:-10}
TLS_DUR=${TLS_DUR:-5}
CERTS=build/certs/ecdsa
TAP=tapbench$$
TAP=${TAP:0:15}
work=$(mktemp -d /tmp/appliance-bench.XXXXXX)
# nginx drops its workers to "nobody": they must be able to read the files.
chmod 755 "$work"
cleanup() {
	[ -n "${QEMU_PID:-}" ] && qemu_stop >/dev/null
	[ -n "${NGINX_PID:-}" ] && kill "$NGINX_PID" 2>/dev/null
	[ -n "${NGINX_TLS_PID:-}" ] && kill "$NGINX_TLS_PID" 2>/dev/null
	[ -n "${HOSTED_PID:-}" ] && kill "$HOSTED_PID" 2>/dev/null
	# The TAP device, if any, goes with the namespace.
	rm -rf "$work"
}
trap cleanup EXIT
rows=()
row() { rows+=("| $1 | $2 | $3 |"); }
# The HTTPS figures per server: tls[SERVER,full|resumed|ka].
declare -A tls
tls_servers=()

accels=(tcg)
# KVM only on request (ACCELS="tcg kvm"): TCG is the reference, and KVM is
# not trusted on every host yet (see ARCHITECTURE.md).
[ -n "${ACCELS:-}" ] && read -r -a accels <<<"$ACCELS"

# Stop QEMU; one that had died (or ended oddly) spoils the figures.
bench_stop() {
	qemu_stop >&2 || { echo "bench: QEMU died during the run" >&2; exit 1; }
}

# Seconds from QEMU start to the first 200 for the bench page, in BT.
# Not run in a subshell: QEMU_PID, PORT and TPORT are needed afterwards.
boot_time() {
	local disk=$1 start end
	PORT=$(free_port)
	TPORT=$(free_port)
	LOG=$work/boot.log
	start=$(date +%s.%N)
	(eval "exec $(qemu_cmd q35 "$disk" "$PORT" '' "$TPORT")") </dev/null >"$LOG" 2>&1 &
	QEMU_PID=$!
	local url="http://localhost:$PORT/$BENCH_LOCALE/docs/$BENCH_SLUG"
	until curl -s -o /dev/null --fail --max-time 1 "$url"; do
		kill -0 $QEMU_PID 2>/dev/null || { echo "qemu died" >&2; cat "$LOG" >&2; return 1; }
		sleep 0.02
	done
	end=$(date +%s.%N)
	BT=$(python3 -c "print(f'{$end - $start:.2f} s')")
}

# wrk's Requests/sec for URL [WRK-ARGS...]; a run with answers other
# than 2xx/3xx is no measure of the page, so it is reported.
rps() {
	local out
	out=$(wrk -t1 -c10 -d"${DUR}s" "${@:2}" "$1" 2>&1)
	echo "$out" | grep -i 'non-2xx\|errors' >&2
	echo "$out" | awk '/Requests\/sec/{print $2}'
}

# The suite the appliance picks for an ECDSA certificate (its preference
# order), so that nginx is measured with the same one.
TLS_CIPHER=
tls_cipher_of() {
	timeout 20 openssl s_client -connect "$1" -tls1_2 </dev/null 2>/dev/null |
	    awk '$1=="Cipher" && $2==":" {print $3; exit}'
}

# hs_rate HOST:PORT -new|-reuse: TLS 1.2 handshakes per second of wall
# time, one client connecting again and again (s_time).
hs_rate() {
	local start end n
	start=$(date +%s.%N)
	n=$(openssl s_time -connect "$1" "$2" -tls1_2 -cipher "$TLS_CIPHER" \
	    -time "$TLS_DUR" 2>/dev/null |
	    awk '/connections in .* real seconds/{print $1; exit}')
	end=$(date +%s.%N)
	python3 -c "print(f'{${n:-0} / ($end - $start):.0f}')"
}

# tls_measure NAME HOST:PORT URL: the HTTPS figures of one server.  The
# requests name the main domain (Host: localhost) whatever the address.
tls_measure() {
	local name=$1 hp=$2 url=$3
	[ -n "$TLS_CIPHER" ] || TLS_CIPHER=$(tls_cipher_of "$hp")
	tls[$name,full]=$(hs_rate "$hp" -new)
	tls[$name,resumed]=$(hs_rate "$hp" -reuse)
	tls[$name,ka]=$(rps "$url" -H "Host: localhost")
	tls_servers+=("$name")
}

# The appliance as a Linux process on a TAP device, HTTPS on 443.
hosted_tls() {
	local disk=$1 ip=10.79.0.2 i
	if [ $NETNS_OWN != 1 ] || [ ! -c /dev/net/tun ]; then
		echo "bench: no namespace of our own (root, unshare) or no" \
		    "/dev/net/tun: no hosted figures" >&2
		return 0
	fi
	# In this script's own network namespace (NETNS_OWN, unshare -n above).
	ip tuntap add dev "$TAP" mode tap && ip addr add 10.79.0.1/24 dev "$TAP" &&
	    ip link set "$TAP" up || return 1
	build/hosted tap="$TAP" ip=$ip/24 gw=10.79.0.1 disk="$disk" \
	    config_dir="$CERTS" log=off >"$work/hosted.log" 2>&1 &
	HOSTED_PID=$!
	for ((i = 0; i < 100; i++)); do
		grep -q 'serving' "$work/hosted.log" && break
		sleep 0.1
	done
	if timeout 5 openssl s_client -connect $ip:443 </dev/null >/dev/null 2>&1; then
		tls_measure "appliance, hosted" "$ip:443" \
		    "https://$ip/$BENCH_LOCALE/docs/$BENCH_SLUG"
	else
		echo "bench: hosted appliance answers no TLS on $ip:443" >&2
		sed 's/^/    /' "$work/hosted.log" | tail -5 >&2
	fi
	kill "$HOSTED_PID" 2>/dev/null
	wait "$HOSTED_PID" 2>/dev/null
	HOSTED_PID=
	ip link del "$TAP" 2>/dev/null
}

size=$(stat -c %s "$KERNEL")
row "kernel image ($KERNEL)" "$size bytes" "-"

build/mkimage --size 10M image/sample "$work/d10m.img" >/dev/null
build/mkimage --size 1G image/sample "$work/d1g.img" >/dev/null

for ACCEL in "${accels[@]}"; do
	for d in 10m 1g; do
		boot_time "$work/d$d.img" || exit 1
		t=$BT
		if [ $d = 10m ]; then
			if timeout 20 openssl s_client -connect 127.0.0.1:$TPORT \
			    </dev/null >/dev/null 2>&1; then
				tls_measure "appliance, QEMU $ACCEL" "127.0.0.1:$TPORT" \
				    "https://127.0.0.1:$TPORT/$BENCH_LOCALE/docs/$BENCH_SLUG"
			else
				echo "bench: no TLS on the guest's 443 ($ACCEL)" >&2
			fi
			# Plain HTTP: with certificates port 80 only redirects, so
			# boot once more without them to serve pages on 80.
			bench_stop
			saved_certs=$CERTS
			CERTS=$work/nocerts
			mkdir -p "$CERTS"
			boot_time "$work/d$d.img" || exit 1
			CERTS=$saved_certs
			url="http://localhost:$PORT/$BENCH_LOCALE/docs/$BENCH_SLUG"
			r=$(rps "$url")
			row "appliance req/s, 10 KiB page, keep-alive, plain HTTP ($ACCEL)" "$r" "wrk -t1 -c10 -d${DUR}s"
		fi
		bench_stop
		row "boot to first HTTP answer, $d disk ($ACCEL)" "$t" "curl poll"
	done
done

# nginx, one worker, the same bytes.
mkdir -p "$work/www/$BENCH_LOCALE/docs/$(dirname "$BENCH_SLUG")" "$work/nginx"
build/mkimage --get "$work/d10m.img" "$BENCH_LOCALE" "$BENCH_SLUG" \
	>"$work/www/$BENCH_LOCALE/docs/$BENCH_SLUG"
bytes=$(stat -c %s "$work/www/$BENCH_LOCALE/docs/$BENCH_SLUG")
NPORT=$(free_port)
cat >"$work/nginx/nginx.conf" <<CONF
worker_processes 1;
pid $work/nginx/nginx.pid;
error_log $work/nginx/error.log;
events { worker_connections 1024; }
http {
	access_log off;
	default_type text/html;
	keepalive_requests 100000;
	server {
		listen 127.0.0.1:$NPORT;
		root $work/www;
	}
}
CONF
nginx -c "$work/nginx/nginx.conf" -p "$work/nginx" -g 'daemon off;' &
NGINX_PID=$!
sleep 0.5
r=$(rps "http://127.0.0.1:$NPORT/$BENCH_LOCALE/docs/$BENCH_SLUG")
row "nginx req/s, same file ($bytes bytes), keep-alive, 1 worker" "$r" "wrk -t1 -c10 -d${DUR}s"

# HTTPS: the appliance on the hosted platform, then nginx next to it.
hosted_tls "$work/d10m.img"
mkdir -p "$work/nginx-tls"
NTPORT=$(free_port)
NHPORT=$(free_port)
[ -n "$TLS_CIPHER" ] || TLS_CIPHER=ECDHE-ECDSA-AES128-GCM-SHA256
nginx_tls_conf "$work/nginx-tls" "$work/www" "$NTPORT" "$NHPORT" \
	"$(pwd)/$CERTS" "$TLS_CIPHER"
nginx -c "$work/nginx-tls/nginx.conf" -p "$work/nginx-tls" -g 'daemon off;' &
NGINX_TLS_PID=$!
sleep 0.5
tls_measure "nginx (OpenSSL)" "127.0.0.1:$NTPORT" \
	"https://127.0.0.1:$NTPORT/$BENCH_LOCALE/docs/$BENCH_SLUG"

echo "| what | figure | how |"
echo "|---|---|---|"
printf '%s\n' "${rows[@]}"

# ratio A B: A/B to two places, or "-".
ratio() {
	python3 -c "import sys; a, b = sys.argv[1:]
try: print(f'{float(a) / float(b):.2f}')
except Exception: print('-')" "$1" "$2"
}
n="nginx (OpenSSL)"
echo
echo "HTTPS, $TLS_CIPHER, ECDSA P-256 certificate, $bytes-byte page:"
echo "full and resumed: openssl s_time -new / -reuse -tls1_2 -time $TLS_DUR"
echo "(handshakes/s, one client); keep-alive: wrk -t1 -c10 -d${DUR}s (req/s)."
echo
echo "| server | full handshakes/s | resumed/s | keep-alive req/s | ratios to nginx (full, resumed, keep-alive) |"
echo "|---|---|---|---|---|"
for s in "${tls_servers[@]}"; do
	echo "| $s | ${tls[$s,full]} | ${tls[$s,resumed]} | ${tls[$s,ka]} |" \
	    "$(ratio "${tls[$s,full]}" "${tls[$n,full]}")," \
	    "$(ratio "${tls[$s,resumed]}" "${tls[$n,resumed]}")," \
	    "$(ratio "${tls[$s,ka]}" "${tls[$n,ka]}") |"
done
