#!/bin/bash
# make bench: the appliance next to nginx 1.22 on the same bytes, one run.
#
# Servers (all in the bench's own network namespace, see below):
#   - the appliance on the hosted platform: build/hosted on a TAP device
#     (MTU 1500; checksum offload, which the appliance asks of the TAP
#     device, and no segmentation offload: it writes 1500-byte frames);
#   - nginx like for like: in a child namespace behind a veth pair, MTU
#     1500, both ends `ethtool -K tso off gso off gro off` with checksum
#     offload left on, so that the kernel pays per-frame costs as it does
#     for the TAP, with the same offloads;
#   - nginx on loopback (MTU 65536, offloads): what a user of nginx sees;
#   - the appliance under QEMU TCG (user networking, forwarded ports).
# nginx: 1 worker; HTTPS with OpenSSL, TLS 1.2 only, the same ECDSA P-256
# certificate and key, the suite the appliance picks, a session cache, no
# tickets (qemu-tests/lib.sh nginx_tls_conf).  Clients run in the bench's
# namespace, so every packet to the hosted appliance and to nginx-on-veth
# crosses a 1500-byte link.
#
# Figures, each taken ROUNDS times (median and min-max printed); rounds
# go round the servers in turn, so a busy spell on the machine hits all:
#   - keep-alive req/s, plain and HTTPS, for the ~10 KiB sample page and a
#     200 KiB page the bench adds to its own copy of the sample tree (wrk
#     -t1 -c10 -d$DUR);
#   - full TLS 1.2 handshakes/s with P-256 and with X25519 as the group the
#     client offers, resumed (session ID) handshakes/s (openssl s_time
#     -new / -reuse, one client; the group is set through an OPENSSL_CONF
#     file, since s_time has no -groups option);
#   - boot to first HTTP answer (TCG), 10 MiB and 1 GiB disk;
#   - user-space instructions per request (callgrind, total Ir of a run
#     with N keep-alive requests on one connection minus a run with 0
#     requests on one connection, both including start-up, divided by N;
#     scripts/keepalive.py is the client);
# then the ratios appliance/nginx against both nginx figures, and the goals.
#
# The site (when build/sitec exists, else a SKIP line): a small tree the
# bench makes, compiled and served by the hosted node and by nginx with the
# same bytes and headers: keep-alive req/s for a page, a redirect, a hashed
# static file, a 304, the page as gzip and as br; compile time and store
# size for the tree and, with ../shared/corpus, for each corpus source; the
# node's memory (VmHWM) serving the biggest store after fetching each page.
#
# Knobs: DUR (wrk seconds, 5), TLS_DUR (s_time seconds, 3), ROUNDS (3),
# CG_N (requests under callgrind, 2000; a tenth for the 200 KiB page),
# ACCELS ("tcg kvm"), QEMU=0 (skip the QEMU rows), CALLGRIND=0, SITE=0
# (skip the site), SITE_ONLY=1 (only the site), SITEC (build/sitec),
# CORPUS (../shared/corpus).
#
# As root it runs in a network namespace of its own (it runs itself again
# under `unshare -n`, lo up): TAP devices, the veth pair, the child
# namespace (a process's, no name in /run/netns), nginx, QEMU and every
# client live there and go when the bench ends.  The outer half then checks
# that the machine's `ip link` is as it was and that no process the bench
# started is left.  Without root: nothing is measured.
set -u
self=$(realpath "$0")
cd "$(dirname "$self")/.."
source qemu-tests/lib.sh

links() { ip -o link show | awk -F': ' '{print $2}' | sort; }

if [ "$(id -u)" != 0 ] || ! command -v unshare >/dev/null; then
	echo "bench: needs root and unshare (network namespaces, TAP, veth)" >&2
	exit 1
fi
here=$(readlink /proc/self/ns/net)
if [ -z "${BENCH_OUTER_NETNS:-}" ]; then
	# The outer half: run the bench in a namespace, then check.
	before=$(links)
	pidfile=$(mktemp /tmp/appliance-bench-pids.XXXXXX)
	BENCH_OUTER_NETNS=$here BENCH_PIDFILE=$pidfile \
	    unshare -n -- "$self" "$@" &
	inner=$!
	trap 'kill -TERM $inner 2>/dev/null' INT TERM
	wait $inner
	rc=$?
	wait $inner 2>/dev/null && rc=$?
	sleep 0.5
	after=$(links)
	left=
	while read -r p; do
		[ -n "$p" ] && kill -0 "$p" 2>/dev/null &&
		    [ "$(ps -o state= -p "$p" 2>/dev/null)" != Z ] && left+=" $p"
	done <"$pidfile"
	rm -f "$pidfile"
	if [ "$before" != "$after" ]; then
		echo "bench: the machine's ip link changed:" >&2
		diff <(echo "$before") <(echo "$after") >&2
		rc=1
	fi
	if [ -n "$left" ]; then
		echo "bench: processes left behind:$left" >&2
		ps -o pid,args -p "${left# }" >&2
		rc=1
	fi
	[ $rc = 0 ] && echo "bench: nothing left behind (ip link unchanged, no process left)" >&2
	exit $rc
fi
if [ "$here" = "$BENCH_OUTER_NETNS" ]; then
	echo "bench: unshare -n left us in the machine's namespace" >&2
	exit 1
fi
ip link set lo up || { echo "bench: no lo in the namespace" >&2; exit 1; }
for t in wrk nginx openssl ethtool valgrind python3; do
	command -v $t >/dev/null || [ -x /usr/sbin/$t ] ||
	    { echo "bench: $t missing (scripts/bootstrap.sh)" >&2; exit 1; }
done
[ -c /dev/net/tun ] || { echo "bench: no /dev/net/tun" >&2; exit 1; }

BENCH_SLUG=${BENCH_SLUG:-Appliance/Benchmark_page}
BIG_SLUG=Appliance/Bench_200KiB
BENCH_LOCALE=en-US
DUR=${DUR:-5}
TLS_DUR=${TLS_DUR:-3}
ROUNDS=${ROUNDS:-3}
CG_N=${CG_N:-2000}
CERTS=build/certs/ecdsa
CA=build/certs/ca.crt
work=$(mktemp -d /tmp/appliance-bench.XXXXXX)
# nginx drops its workers to "nobody": they must be able to read the files.
chmod 755 "$work"
PIDS=()
started() { PIDS+=("$1"); echo "$1" >>"${BENCH_PIDFILE:-/dev/null}"; }
CHILD_PID=
cleanup() {
	local p i
	[ -n "${QEMU_PID:-}" ] && qemu_stop >/dev/null
	for p in "${PIDS[@]}"; do kill -TERM "$p" 2>/dev/null; done
	for ((i = 0; i < 50; i++)); do
		local alive=0
		for p in "${PIDS[@]}"; do kill -0 "$p" 2>/dev/null && alive=1; done
		[ $alive = 0 ] && break
		sleep 0.1
	done
	for p in "${PIDS[@]}"; do kill -KILL "$p" 2>/dev/null; done
	wait 2>/dev/null
	# The veth pair goes with the child namespace, the TAP devices with
	# ours; delete them anyway, so nothing depends on that.
	ip link del vbench0 2>/dev/null
	for p in tapbench0 tapbench1 tapbench2 tapbench3; do ip link del $p 2>/dev/null; done
	rm -rf "$work"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# --- content: the sample tree plus a 200 KiB page ---------------------------
cp -r image/sample "$work/site"
big=$work/site/files/en-us/appliance/bench_200kib
mkdir -p "$big"
{
	printf -- '---\ntitle: Bench 200 KiB page\nslug: %s\n---\n' "$BIG_SLUG"
	printf '<p>A page of 200 KiB that only make bench makes.</p>\n'
	python3 -c '
import sys
out, i = [], 0
while sum(map(len, out)) < 204800 - 120:
    out.append(f"<p id=\"p{i}\">Paragraph {i} of the large bench page: "
               f"the same bytes go out of the appliance and of nginx.</p>\n")
    i += 1
sys.stdout.write("".join(out))'
} >"$big/index.html"
build/sitec --quiet --size 10M "$work/d10m.img" "$work/site" >/dev/null || exit 1
build/sitec --quiet --size 1G "$work/d1g.img" "$work/site" >/dev/null || exit 1
cp "$work/d10m.img" "$work/d10m-plain.img"
PAGE10=/$BENCH_LOCALE/docs/$BENCH_SLUG
PAGE200=/$BENCH_LOCALE/docs/$BIG_SLUG
mkdir -p "$work/www/$BENCH_LOCALE/docs/Appliance"
for s in "$BENCH_SLUG" "$BIG_SLUG"; do
	key="d${BENCH_LOCALE,,}\\0${s,,}"
	build/sitec --body "$work/d10m.img" "$key" \
	    >"$work/www/$BENCH_LOCALE/docs/$s" || exit 1
done
bytes10=$(stat -c %s "$work/www$PAGE10")
bytes200=$(stat -c %s "$work/www$PAGE200")

comma() { python3 -c "import sys
try: print(f'{int(sys.argv[1]):,}')
except Exception: print(sys.argv[1] or '-')" "$1"; }

# --- measuring ----------------------------------------------------------------
# vals[SERVER|FIGURE]: the figures of each round, space-separated.
declare -A vals
add() { vals[$1|$2]+="$3 "; }

# wrk's Requests/sec for URL [WRK-ARGS...]; answers other than 2xx/3xx or
# socket errors are reported (such a run is no measure of the page).
rps() {
	local out
	out=$(wrk -t1 -c10 -d"${DUR}s" -H "Host: localhost" "${@:2}" "$1" 2>&1)
	echo "$out" | grep -i 'non-2xx\|errors' | sed "s|^|bench: $1: |" >&2
	echo "$out" | awk '/Requests\/sec/{print $2}'
}

# An OpenSSL configuration whose only group is $1, for s_time (which has no
# -groups option): the system_default section applies to every SSL_CTX.
groupconf() {
	local f=$work/openssl-$1.cnf
	[ -f "$f" ] || cat >"$f" <<CNF
openssl_conf = openssl_init
[openssl_init]
ssl_conf = ssl_sect
[ssl_sect]
system_default = system_default_sect
[system_default_sect]
Groups = $1
CNF
	echo "$f"
}

TLS_CIPHER=
tls_cipher_of() {
	timeout 20 openssl s_client -connect "$1" -tls1_2 </dev/null 2>/dev/null |
	    awk '$1=="Cipher" && $2==":" {print $3; exit}'
}
# The group a server picks when the client offers only $2 ("" if refused).
tls_group_of() {
	timeout 20 openssl s_client -connect "$1" -tls1_2 -groups "$2" \
	    </dev/null 2>/dev/null | awk -F': ' '/Server Temp Key/{print $2; exit}'
}

# hs_rate HOST:PORT -new|-reuse GROUP: TLS 1.2 handshakes per second of
# wall time, one client connecting again and again (s_time).
hs_rate() {
	local start end n
	start=$(date +%s.%N)
	n=$(OPENSSL_CONF=$(groupconf "$3") openssl s_time -connect "$1" "$2" \
	    -tls1_2 -cipher "$TLS_CIPHER" -time "$TLS_DUR" 2>/dev/null |
	    awk '/connections in .* real seconds/{print $1; exit}')
	end=$(date +%s.%N)
	python3 -c "print(f'{${n:-0} / ($end - $start):.0f}')"
}

# One round for server NAME: plain base URL (or ""), TLS HOST:PORT (or "").
measure() {
	local name=$1 plain=$2 hp=$3
	if [ -n "$plain" ]; then
		add "$name" ka10 "$(rps "$plain$PAGE10")"
		add "$name" ka200 "$(rps "$plain$PAGE200")"
	fi
	if [ -n "$hp" ]; then
		add "$name" tka10 "$(rps "https://$hp$PAGE10")"
		add "$name" tka200 "$(rps "https://$hp$PAGE200")"
		add "$name" fullp256 "$(hs_rate "$hp" -new P-256)"
		add "$name" fullx25519 "$(hs_rate "$hp" -new X25519:P-256)"
		add "$name" resumed "$(hs_rate "$hp" -reuse P-256)"
	fi
}

# Check the group each server picks for the two client offers (else the
# rows would lie).  TLS 1.2 with an ECDSA P-256 certificate: OpenSSL as a
# server wants P-256 among the client's groups (RFC 4492 ties the
# certificate's curve to supported_groups), so the X25519 row offers
# X25519 first and P-256 second, and both servers must pick X25519.
check_groups() {
	local g got want
	for g in P-256 X25519:P-256; do
		got=$(tls_group_of "$2" $g)
		want=prime256v1
		[ $g = P-256 ] || want=X25519
		case $got in
		*$want*) echo "bench: $1, client offers $g: server key $got" >&2 ;;
		*) echo "bench: WARNING: $1, client offers $g: server key '$got'," \
		    "not $want" >&2 ;;
		esac
	done
}

wait_port() { # HOST PORT: up to 20 s
	local i
	for ((i = 0; i < 200; i++)); do
		python3 -c "import socket,sys; socket.create_connection(('$1',$2),0.2)" \
		    2>/dev/null && return 0
		sleep 0.1
	done
	echo "bench: nothing answers on $1:$2" >&2
	return 1
}

# --- the hosted appliance ------------------------------------------------------
# hosted_up IDX CONFIG_DIR DISK [WRAPPER...]: build/hosted on tapbenchIDX,
# 10.79.IDX.2; the PID in HPID.
# Like for like: no segmentation offload on any link; checksum offload
# stays as the appliance sets it on its TAP (TUNSETOFFLOAD) and on for veth.
nooffload() { ethtool -K "$1" tso off gso off gro off >/dev/null 2>&1; }
hosted_up() {
	local i=$1 cfg=$2 disk=$3 tap=tapbench$1 n
	shift 3
	if ! ip link show "$tap" >/dev/null 2>&1; then
		ip tuntap add dev "$tap" mode tap &&
		    ip addr add 10.79.$i.1/24 dev "$tap" &&
		    ip link set "$tap" mtu 1500 up || return 1
		nooffload "$tap"
	fi
	: >"$work/hosted$i.log"
	"$@" build/hosted tap="$tap" ip=10.79.$i.2/24 gw=10.79.$i.1 disk="$disk" \
	    config_dir="$cfg" log=off >"$work/hosted$i.log" 2>&1 &
	HPID=$!
	started $HPID
	for ((n = 0; n < 600; n++)); do
		grep -q 'serving' "$work/hosted$i.log" && return 0
		kill -0 $HPID 2>/dev/null || break
		sleep 0.1
	done
	echo "bench: hosted appliance $i did not come up" >&2
	tail -5 "$work/hosted$i.log" >&2
	return 1
}
stop_pid() { # PID: TERM (again every 5 s: one can go unseen), KILL after 30 s
	local i
	for ((i = 0; i < 300; i++)); do
		((i % 50 == 0)) && kill -TERM "$1" 2>/dev/null
		kill -0 "$1" 2>/dev/null || break
		[ "$(ps -o state= -p "$1" 2>/dev/null)" = Z ] && break
		sleep 0.1
	done
	((i >= 50)) && echo "bench: pid $1 took $((i / 10)) s to stop" >&2
	kill -KILL "$1" 2>/dev/null
	wait "$1" 2>/dev/null
}

# --- nginx -------------------------------------------------------------------------
# nginx_plain_conf DIR ADDR PORT [EXTRA]: one worker serving $work/www.
nginx_plain_conf() {
	mkdir -p "$1"
	cat >"$1/nginx.conf" <<CONF
${4:-}
worker_processes 1;
pid $1/nginx.pid;
error_log $1/error.log;
events { worker_connections 1024; }
http {
	access_log off;
	default_type text/html;
	keepalive_requests 100000;
	server {
		listen $2:$3;
		root $work/www;
	}
}
CONF
}
# nginx_tls_conf_at DIR ADDR TPORT PORT [EXTRA]: lib.sh's HTTPS nginx on ADDR.
nginx_tls_conf_at() {
	mkdir -p "$1"
	nginx_tls_conf "$1" "$work/www" "$3" "$4" "$(pwd)/$CERTS" "$TLS_CIPHER"
	sed -i "s/listen 127\.0\.0\.1:/listen $2:/" "$1/nginx.conf"
	[ -n "${5:-}" ] && sed -i "1i $5" "$1/nginx.conf"
	return 0
}
# nginx_run DIR [WRAPPER...]: start it (in the foreground of a job); NPID.
nginx_run() {
	local d=$1
	shift
	"$@" nginx -c "$d/nginx.conf" -p "$d" -g 'daemon off;' >"$d/out.log" 2>&1 &
	NPID=$!
	started $NPID
}

# ======================================================================
# 1. Native: the hosted appliance, nginx behind veth, nginx on loopback.
hosted_up 0 "$CERTS" "$work/d10m.img" || exit 1
H_TLS=$HPID
mkdir -p "$work/nocerts"
hosted_up 1 "$work/nocerts" "$work/d10m-plain.img" || exit 1
H_PLAIN=$HPID
TLS_CIPHER=$(tls_cipher_of 10.79.0.2:443)
[ -n "$TLS_CIPHER" ] || { echo "bench: no TLS from the hosted appliance" >&2; exit 1; }

# The child namespace: a sleeping process's; the veth pair into it.
unshare -n sleep infinity &
CHILD_PID=$!
started $CHILD_PID
sleep 0.2
inchild() { nsenter -t "$CHILD_PID" -n "$@"; }
ip link add vbench0 mtu 1500 type veth peer name vbench1 mtu 1500 &&
    ip link set vbench1 netns "$CHILD_PID" &&
    ip addr add 10.80.0.1/24 dev vbench0 && ip link set vbench0 up &&
    inchild ip link set lo up &&
    inchild ip addr add 10.80.0.2/24 dev vbench1 &&
    inchild ip link set vbench1 up ||
    { echo "bench: no veth pair" >&2; exit 1; }
nooffload vbench0 && inchild ethtool -K vbench1 tso off gso off gro off >/dev/null 2>&1 ||
    { echo "bench: ethtool -K failed on the veth pair" >&2; exit 1; }
offl() { "$@" | awk '/^(tx-checksumming|rx-checksumming|tcp-segmentation-offload|generic-segmentation-offload|generic-receive-offload):/{printf "%s %s, ", $1, $2}'; }
echo "bench: tapbench0: $(offl ethtool -k tapbench0)" >&2
echo "bench: vbench0:   $(offl ethtool -k vbench0)" >&2
echo "bench: vbench1:   $(offl inchild ethtool -k vbench1)" >&2

NP=8080 NT=8443 NR=8081
nginx_plain_conf "$work/ngx-lo" 127.0.0.1 $NP
nginx_run "$work/ngx-lo"
nginx_tls_conf_at "$work/ngx-lo-tls" 127.0.0.1 $NT $NR
nginx_run "$work/ngx-lo-tls"
nginx_plain_conf "$work/ngx-veth" 10.80.0.2 $NP
nginx_run "$work/ngx-veth" nsenter -t "$CHILD_PID" -n
nginx_tls_conf_at "$work/ngx-veth-tls" 10.80.0.2 $NT $NR
nginx_run "$work/ngx-veth-tls" nsenter -t "$CHILD_PID" -n
wait_port 127.0.0.1 $NP && wait_port 127.0.0.1 $NT &&
    wait_port 10.80.0.2 $NP && wait_port 10.80.0.2 $NT || exit 1

check_groups "appliance, hosted" 10.79.0.2:443
check_groups "nginx" 127.0.0.1:$NT
for ((r = 1; r <= ROUNDS; r++)); do
	[ "${SITE_ONLY:-0}" = 1 ] && break
	echo "bench: native round $r of $ROUNDS" >&2
	measure hosted "http://10.79.1.2" "10.79.0.2:443"
	measure veth "http://10.80.0.2:$NP" "10.80.0.2:$NT"
	measure lo "http://127.0.0.1:$NP" "127.0.0.1:$NT"
done
for p in "${PIDS[@]}"; do [ "$p" != "$CHILD_PID" ] && kill -TERM "$p" 2>/dev/null; done
sleep 0.5

# ======================================================================
# 1b. The site: a small tree compiled by build/sitec, served by the hosted
# node and by nginx with the same bytes and headers (SITE=0 skips it).
# The tree: a page (files/en-us/x/index.html), a redirect rule
# (files/en-us/_redirects.txt), a hashed static file with its manifest.
# nginx serves the node's own answers: the identity, gzip and brotli bodies
# fetched from the node with curl (gzip_static with the node's .gz, and
# brotli_static with its .br when the nginx brotli module is installed),
# the node's header lines mirrored with add_header, the redirect through a
# map built from the same _redirects.txt, etag on for the 304s.
SITEC=${SITEC:-build/sitec}
SITE_PORT=8090
site_rows=()
site_note=()
declare -A svals
sadd() { svals[$1|$2]+="$3 "; }

# site_tree DIR: the small site, its hashed name in SITE_STATIC.
site_tree() {
	local d=$1 css h
	mkdir -p "$d/files/en-us/x" "$d/static/build/styles"
	{
		printf -- '---\ntitle: Bench site page\nslug: x\n---\n'
		python3 -c '
import sys
out = ["<p>A page of the bench site: the same bytes go out of the appliance "
       "and of nginx, identity, gzip and brotli.</p>\n"]
i = 0
while sum(map(len, out)) < 10240:
    out.append(f"<h2 id=\"s{i}\">Section {i}</h2>\n<p>Paragraph {i} of the "
               f"bench site page, with <a href=\"/en-US/docs/x#s{i}\">a "
               f"link</a> and <code>code {i}</code>.</p>\n")
    i += 1
sys.stdout.write("".join(out))'
	} >"$d/files/en-us/x/index.html"
	printf '# FROM-URL\tTO-URL\n/en-US/docs/old\t/en-US/docs/x\n' \
	    >"$d/files/en-us/_redirects.txt"
	css='body { color: #333; margin: 0 auto; max-width: 60em; }
h2 { font-size: 1.5em; border-bottom: 1px solid #ccc; }
code { font-family: monospace; background: #eee; }
'
	h=$(printf '%s' "$css" | md5sum | cut -c1-12)
	printf '%s' "$css" >"$d/static/build/styles/a.$h.css"
	printf '{"paths": {"build/styles/a.css": "build/styles/a.%s.css"}, "version": "1.0"}\n' \
	    "$h" >"$d/static/staticfiles.json"
	SITE_STATIC=/static/build/styles/a.$h.css
}

# fetch_node URL NAME [CURL-ARGS...]: the node's answer into
# $work/site-NAME.{hdr,body}; prints the status.
fetch_node() {
	curl -s -m 5 -H "Host: localhost" -D "$work/site-$2.hdr" \
	    -o "$work/site-$2.body" -w '%{http_code}' "${@:3}" "$1"
}
# hdr_of NAME FIELD: a field's value in a fetched head ("" if absent).
hdr_of() {
	awk -v f="$2" 'BEGIN { f = tolower(f) } {
		sub(/\r$/, "")
		i = index($0, ":")
		if (i > 0 && tolower(substr($0, 1, i - 1)) == f) {
			v = substr($0, i + 1); sub(/^[ \t]+/, "", v); print v; exit
		}
	}' "$work/site-$1.hdr"
}
# add_headers NAME INDENT: add_header lines for what the node sent that
# nginx does not make itself.
add_headers() {
	awk -v ind="$2" '{
		sub(/\r$/, "")
		i = index($0, ":")
		if (i == 0) next
		k = substr($0, 1, i - 1); v = substr($0, i + 1); sub(/^[ \t]+/, "", v)
		l = tolower(k)
		if (l ~ /^(date|server|content-length|content-type|connection|keep-alive|transfer-encoding|content-encoding|etag|last-modified|accept-ranges|location)$/)
			next
		gsub(/\\/, "\\\\", v); gsub(/"/, "\\\"", v)
		printf "%sadd_header %s \"%s\" always;\n", ind, k, v
	}' "$work/site-$1.hdr"
}

# site_nginx_conf DIR ADDR REDIRECT-STATUS: nginx for $work/sitewww.
site_nginx_conf() {
	local d=$1 br_load= br_on=
	mkdir -p "$d"
	if [ -n "$NGX_BROTLI" ]; then
		br_load="load_module $NGX_BROTLI;"
		br_on="brotli_static on;"
	fi
	cat >"$d/nginx.conf" <<CONF
$br_load
worker_processes 1;
pid $d/nginx.pid;
error_log $d/error.log;
events { worker_connections 1024; }
http {
	access_log off;
	keepalive_requests 100000;
	types { }
	etag on;
	gzip_static on;
	$br_on
	map \$uri \$new {
		include $work/site-redirects.map;
	}
	server {
		listen $2:$SITE_PORT;
		root $work/sitewww;
		location /en-US/docs/ {
			default_type "$(hdr_of page content-type)";
			if (\$new) {
$(add_headers redir "				")
				return $3 \$new;
			}
$(add_headers page "			")
		}
		location /static/ {
			default_type "$(hdr_of static content-type)";
$(add_headers static "			")
		}
	}
}
CONF
}

# The nginx brotli module, if this machine has it (Debian's
# libnginx-mod-http-brotli names it so).
NGX_BROTLI=
for m in /usr/lib/nginx/modules/ngx_http_brotli_static_module.so \
    /usr/share/nginx/modules/ngx_http_brotli_static_module.so; do
	[ -f "$m" ] && NGX_BROTLI=$m && break
done

site_section() {
	local st rs code loc to prefix et ims t0 t1 u
	local -A have=()	# what the node served as it should: measured
	if [ ! -x "$SITEC" ]; then
		echo "bench: site: SKIP: no $SITEC (the content compiler); no site rows"
		return 0
	fi
	site_tree "$work/sitetree"
	t0=$(date +%s.%N)
	if ! "$SITEC" --quiet "$work/site.img" "$work/sitetree" >"$work/sitec.log" 2>&1; then
		echo "bench: site: SKIP: $SITEC refused the bench's tree: $(head -1 "$work/sitec.log")"
		return 0
	fi
	t1=$(date +%s.%N)
	site_rows+=("| compile, bench site tree | $(python3 -c "print(f'{$t1 - $t0:.3f}')") s | $SITEC |")
	site_rows+=("| store size, bench site tree | $(comma "$(stat -c %s "$work/site.img")") bytes ($(comma "$(du -B1 "$work/site.img" | cut -f1)") allocated) | stat, du |")
	hosted_up 2 "$work/nocerts" "$work/site.img" || {
		echo "bench: site: SKIP: the node does not serve the site store"; return 0; }
	S_NODE=$HPID
	local N=http://10.79.2.2
	local PG=/en-US/docs/x RD=/en-US/docs/old SF=$SITE_STATIC
	mkdir -p "$work/sitewww/en-US/docs" "$work/sitewww${SF%/*}"
	st=$(fetch_node "$N$PG" page)
	[ "$st" = 200 ] || { echo "bench: site: SKIP: the node answers $st for $PG"; return 0; }
	cp "$work/site-page.body" "$work/sitewww$PG"
	st=$(fetch_node "$N$PG" pagegz -H "Accept-Encoding: gzip")
	if [ "$st" = 200 ] && [ "$(hdr_of pagegz content-encoding)" = gzip ]; then
		cp "$work/site-pagegz.body" "$work/sitewww$PG.gz"
		have[pagegz]=1
	else
		site_note+=("the node sent no gzip body for $PG")
	fi
	st=$(fetch_node "$N$PG" pagebr -H "Accept-Encoding: br")
	if [ "$st" = 200 ] && [ "$(hdr_of pagebr content-encoding)" = br ]; then
		cp "$work/site-pagebr.body" "$work/sitewww$PG.br"
		have[pagebr]=1
	else
		site_note+=("the node sent no brotli body for $PG")
	fi
	have[page]=1
	st=$(fetch_node "$N$SF" static)
	if [ "$st" = 200 ]; then
		cp "$work/site-static.body" "$work/sitewww$SF"
		have[static]=1
	else
		site_note+=("the node answers $st for $SF")
	fi
	rs=$(fetch_node "$N$RD" redir)
	loc=$(hdr_of redir location)
	# The map, from the same _redirects.txt; a Location made absolute by
	# the node gets the same prefix.
	to=$(awk -F'\t' '$1 == "/en-US/docs/old" {print $2}' "$work/sitetree/files/en-us/_redirects.txt")
	prefix=
	case $rs in
	301|302|307|308)
		have[redir]=1
		[ "${loc%"$to"}" != "$loc" ] && prefix=${loc%"$to"} ;;
	*)
		site_note+=("the node answers $rs for $RD, not a redirect")
		rs=301 ;;
	esac
	awk -F'\t' -v p="$prefix" '!/^#/ && NF >= 2 {
		gsub(/["\\]/, ""); printf "\t\t\"%s\" \"%s%s\";\n", $1, p, $2 }' \
	    "$work/sitetree/files/en-us/_redirects.txt" >"$work/site-redirects.map"
	chmod -R a+rX "$work/sitewww" "$work"/site-*
	site_nginx_conf "$work/ngx-site-veth" 10.80.0.2 "$rs"
	site_nginx_conf "$work/ngx-site-lo" 127.0.0.1 "$rs"
	if ! nginx -t -c "$work/ngx-site-lo/nginx.conf" -p "$work/ngx-site-lo" >"$work/ngx-site-t.log" 2>&1; then
		echo "bench: site: SKIP: nginx refuses the site config:" >&2
		cat "$work/ngx-site-t.log" >&2
		return 0
	fi
	nginx_run "$work/ngx-site-lo"
	local S_LO=$NPID
	nginx_run "$work/ngx-site-veth" nsenter -t "$CHILD_PID" -n
	local S_VETH=$NPID
	wait_port 127.0.0.1 $SITE_PORT && wait_port 10.80.0.2 $SITE_PORT || return 0
	echo "bench: site: nginx config (less the map):" >&2
	grep -v '^		"' "$work/ngx-site-lo/nginx.conf" | sed 's/^/    /' >&2

	# The same bytes from both: bodies compared, heads shown.
	local srv base name
	for srv in veth lo; do
		base=http://10.80.0.2:$SITE_PORT
		[ $srv = lo ] && base=http://127.0.0.1:$SITE_PORT
		for u in "$PG page" "$PG pagegz gzip" "$PG pagebr br" "$SF static"; do
			set -- $u
			[ -n "${have[$2]:-}" ] || continue
			curl -s -m 5 -H "Host: localhost" ${3:+-H "Accept-Encoding: $3"} \
			    -o "$work/ngx-$2.body" "$base$1"
			cmp -s "$work/site-$2.body" "$work/ngx-$2.body" ||
			    site_note+=("nginx ($srv) sends other bytes than the node for $2")
		done
	done
	# 304: each server's own validator for the static file.
	site_validator() { # URL: an If-None-Match or If-Modified-Since header
		local h
		h=$(curl -s -m 5 -H "Host: localhost" -D - -o /dev/null "$1" | tr -d '\r')
		et=$(echo "$h" | awk -F': ' 'tolower($1)=="etag"{print $2; exit}')
		ims=$(echo "$h" | awk -F': ' 'tolower($1)=="last-modified"{print $2; exit}')
		if [ -n "$et" ]; then echo "If-None-Match: $et"
		elif [ -n "$ims" ]; then echo "If-Modified-Since: $ims"
		fi
	}
	declare -A cond
	local -A sbase=([hosted]=$N [veth]=http://10.80.0.2:$SITE_PORT [lo]=http://127.0.0.1:$SITE_PORT)
	for srv in hosted veth lo; do
		cond[$srv]=
		[ -n "${have[static]:-}" ] || continue
		cond[$srv]=$(site_validator "${sbase[$srv]}$SF")
		code=000
		[ -n "${cond[$srv]}" ] && code=$(curl -s -m 5 -o /dev/null -w '%{http_code}' \
		    -H "Host: localhost" -H "${cond[$srv]}" "${sbase[$srv]}$SF")
		echo "bench: site: $srv: 304 by '${cond[$srv]}': $code" >&2
		[ "$code" = 304 ] || { cond[$srv]=; site_note+=("no 304 from $srv"); }
	done
	for ((r = 1; r <= ROUNDS; r++)); do
		echo "bench: site round $r of $ROUNDS" >&2
		for srv in hosted veth lo; do
			base=${sbase[$srv]}
			sadd $srv page "$(rps "$base$PG")"
			[ -n "${have[redir]:-}" ] && sadd $srv redir "$(rps "$base$RD")"
			[ -n "${have[static]:-}" ] && sadd $srv static "$(rps "$base$SF")"
			[ -n "${cond[$srv]}" ] && sadd $srv c304 "$(rps "$base$SF" -H "${cond[$srv]}")"
			[ -n "${have[pagegz]:-}" ] &&
			    sadd $srv gzip "$(rps "$base$PG" -H "Accept-Encoding: gzip")"
			[ -n "${have[pagebr]:-}" ] && { [ $srv = hosted ] || [ -n "$NGX_BROTLI" ]; } &&
			    sadd $srv br "$(rps "$base$PG" -H "Accept-Encoding: br")"
		done
	done
	SITE_BYTES="page $(stat -c %s "$work/site-page.body") bytes"
	[ -n "${have[pagegz]:-}" ] && SITE_BYTES+=", gzip $(stat -c %s "$work/site-pagegz.body")"
	[ -n "${have[pagebr]:-}" ] && SITE_BYTES+=", br $(stat -c %s "$work/site-pagebr.body")"
	[ -n "${have[static]:-}" ] && SITE_BYTES+=", static $(stat -c %s "$work/site-static.body")"
	stop_pid "$S_NODE"; stop_pid "$S_LO"; stop_pid "$S_VETH"
}

# corpus_section: compile time and store size per source, then the node's
# memory serving the biggest store after every page of it was fetched once.
CORPUS=${CORPUS:-$(pwd)/../shared/corpus}
corpus_section() {
	local src roots t0 t1 big= bigsize=0 size d
	[ -x "$SITEC" ] || { echo "bench: corpus: SKIP: no $SITEC"; return 0; }
	[ -d "$CORPUS/pages" ] || { echo "bench: corpus: SKIP: no $CORPUS"; return 0; }
	for src in $(ls "$CORPUS/pages" "$CORPUS/redirects" "$CORPUS/metadata" \
	    "$CORPUS/attachments" 2>/dev/null | grep -v ':$' | sort -u); do
		roots=()
		for d in pages redirects metadata attachments; do
			[ -d "$CORPUS/$d/$src/files" ] && roots+=("$CORPUS/$d/$src")
		done
		[ ${#roots[@]} -gt 0 ] || continue
		t0=$(date +%s.%N)
		if ! "$SITEC" --quiet "$work/corpus-$src.img" "${roots[@]}" >"$work/sitec-$src.log" 2>&1; then
			site_rows+=("| compile, corpus $src | refused: $(head -1 "$work/sitec-$src.log" | cut -c1-100) | $SITEC |")
			continue
		fi
		t1=$(date +%s.%N)
		size=$(stat -c %s "$work/corpus-$src.img")
		site_rows+=("| compile, corpus $src (${#roots[@]} roots) | $(python3 -c "print(f'{$t1 - $t0:.2f}')") s | $SITEC --quiet |")
		site_rows+=("| store size, corpus $src | $(comma "$size") bytes ($(comma "$(du -B1 "$work/corpus-$src.img" | cut -f1)") allocated) | stat, du |")
		[ "$size" -gt "$bigsize" ] && big=$src && bigsize=$size
	done
	[ -n "$big" ] || return 0
	hosted_up 3 "$work/nocerts" "$work/corpus-$big.img" || return 0
	local got
	got=$(python3 - "$CORPUS/pages/pages.tsv" "$big" <<'PY'
import csv, http.client, sys, urllib.parse
rows = [r for r in csv.DictReader(open(sys.argv[1], encoding="utf-8"),
        delimiter="\t") if r["source"] == sys.argv[2]]
c = http.client.HTTPConnection("10.79.3.2", 80, timeout=10)
st = {}
for r in rows:
    u = urllib.parse.quote(r["url"], safe="/:$()!*,;=@~'-._")
    try:
        c.request("GET", u, headers={"Host": "localhost"})
        a = c.getresponse(); a.read()
        st[a.status] = st.get(a.status, 0) + 1
    except Exception:
        c.close(); c = http.client.HTTPConnection("10.79.3.2", 80, timeout=10)
        st["error"] = st.get("error", 0) + 1
print(len(rows), " ".join(f"{k}:{v}" for k, v in sorted(st.items(), key=str)))
PY
)
	site_rows+=("| node memory serving corpus $big, every page fetched once ($got) | VmHWM $(awk '/VmHWM/{print $2, $3}' /proc/$HPID/status), VmRSS $(awk '/VmRSS/{print $2, $3}' /proc/$HPID/status) | /proc/PID/status |")
	stop_pid "$HPID"
}

if [ "${SITE:-1}" != 0 ]; then
	site_section
	corpus_section
fi

# ======================================================================
# 2. Instructions per request (callgrind).
declare -A ipr
CGN=()
# cg_total OUTFILE: the Ir total of a callgrind output file.
cg_total() { awk '/^(summary|totals):/{print $2; exit}' "$1"; }
# cg_run TAG START-FN HOST PORT PATH N [--tls CA]: start the server
# under callgrind (START-FN WRAPPER... must leave its PID in CGPID), run
# the client, stop the server; the Ir total in CG_TOTAL ("" on failure).
# No subshell: the trap must know every process.
cg_run() {
	local tag=$1 fn=$2 host=$3 port=$4 path=$5 n=$6 out
	shift 6
	out=$work/cg-$tag-$n.out
	CG_TOTAL=
	$fn valgrind --tool=callgrind --callgrind-out-file="$out" \
	    --log-file="$work/cg-$tag-$n.log" || return 1
	if ! timeout 300 python3 scripts/keepalive.py "$host" "$port" "$path" "$n" "$@" >&2; then
		echo "bench: keepalive.py failed ($tag, $n requests)" >&2
		tail -3 "$work/cg-$tag-$n.log" >&2
		stop_pid "$CGPID"
		return 1
	fi
	stop_pid "$CGPID"
	CG_TOTAL=$(cg_total "$out")
}
cg_hosted_tls() { hosted_up 0 "$CERTS" "$work/d10m.img" "$@" && CGPID=$HPID; }
cg_hosted_plain() { hosted_up 1 "$work/nocerts" "$work/d10m-plain.img" "$@" && CGPID=$HPID; }
cg_nginx_plain() {
	nginx_plain_conf "$work/cg-ngx" 127.0.0.1 $NP "master_process off;"
	nginx_run "$work/cg-ngx" "$@"
	CGPID=$NPID
	wait_port 127.0.0.1 $NP
}
cg_nginx_tls() {
	nginx_tls_conf_at "$work/cg-ngx-tls" 127.0.0.1 $NT $NR "master_process off;"
	nginx_run "$work/cg-ngx-tls" "$@"
	CGPID=$NPID
	wait_port 127.0.0.1 $NT
}
# cg_per TAG FN HOST PORT PAGE N [--tls CA]: (Ir(N) - Ir(0)) / N.
cg_per() {
	local a b
	cg_run "$1" "$2" "$3" "$4" "$5" 0 "${@:7}"
	a=$CG_TOTAL
	cg_run "$1" "$2" "$3" "$4" "$5" "$6" "${@:7}"
	b=$CG_TOTAL
	IPR=$(python3 -c "import sys
try: print(round((int(sys.argv[2]) - int(sys.argv[1])) / int(sys.argv[3])))
except Exception: print('-')" "$a" "$b" "$6")
	echo "bench: callgrind $1: Ir $a (0 requests), $b ($6 requests): $IPR per request" >&2
}
if [ "${SITE_ONLY:-0}" = 1 ]; then
	CALLGRIND=0 QEMU=0
fi
if [ "${CALLGRIND:-1}" != 0 ]; then
	echo "bench: callgrind runs" >&2
	for pg in 10 200; do
		n=$CG_N
		[ $pg = 200 ] && n=$(((CG_N + 9) / 10))
		eval "page=\$PAGE$pg"
		cg_per hp$pg cg_hosted_plain 10.79.1.2 80 "$page" $n
		ipr[hosted,plain,$pg]=$IPR
		cg_per ht$pg cg_hosted_tls 10.79.0.2 443 "$page" $n --tls "$CA"
		ipr[hosted,tls,$pg]=$IPR
		cg_per np$pg cg_nginx_plain 127.0.0.1 $NP "$page" $n
		ipr[nginx,plain,$pg]=$IPR
		cg_per nt$pg cg_nginx_tls 127.0.0.1 $NT "$page" $n --tls "$CA"
		ipr[nginx,tls,$pg]=$IPR
		CGN[$pg]=$n
	done
fi

# ======================================================================
# 3. QEMU: boot times, then the same figures through QEMU's user network.
rows=()
row() { rows+=("| $1 | $2 | $3 |"); }
bench_stop() {
	qemu_stop >&2 || { echo "bench: QEMU died during the run" >&2; exit 1; }
}
# boot_time DISK: seconds from QEMU start to the first 200 for the page.
boot_time() {
	local disk=$1 start end
	PORT=$(free_port)
	TPORT=$(free_port)
	while [ "$TPORT" = "$PORT" ]; do TPORT=$(free_port); done
	LOG=$work/boot.log
	start=$(date +%s.%N)
	(eval "exec $(qemu_cmd q35 "$disk" "$PORT" '' "$TPORT")") </dev/null >"$LOG" 2>&1 &
	QEMU_PID=$!
	started $QEMU_PID
	local url="http://localhost:$PORT$PAGE10"
	until curl -s -o /dev/null --fail --max-time 1 "$url"; do
		kill -0 $QEMU_PID 2>/dev/null || { echo "qemu died" >&2; cat "$LOG" >&2; return 1; }
		sleep 0.02
	done
	end=$(date +%s.%N)
	BT=$(python3 -c "print(f'{$end - $start:.2f}')")
}
accels=(tcg)
[ -n "${ACCELS:-}" ] && read -r -a accels <<<"$ACCELS"
qservers=()
size=$(stat -c %s "$KERNEL")
row "kernel image ($KERNEL)" "$(comma "$size") bytes" "stat -c %s"
if [ "${QEMU:-1}" != 0 ]; then
	saved_certs=$CERTS
	for ACCEL in "${accels[@]}"; do
		for d in 10m 1g; do
			for ((r = 1; r <= ROUNDS; r++)); do
				boot_time "$work/d$d.img" || exit 1
				add "qemu-$ACCEL" boot$d "$BT"
				bench_stop
			done
		done
		# Port 80 serves pages only without certificates.
		CERTS=$work/nocerts
		boot_time "$work/d10m.img" || exit 1
		PPORT=$PORT
		for ((r = 1; r <= ROUNDS; r++)); do
			measure "qemu-$ACCEL" "http://127.0.0.1:$PPORT" ""
		done
		bench_stop
		CERTS=$saved_certs
		boot_time "$work/d10m.img" || exit 1
		if timeout 20 openssl s_client -connect 127.0.0.1:$TPORT </dev/null >/dev/null 2>&1; then
			for ((r = 1; r <= ROUNDS; r++)); do
				measure "qemu-$ACCEL" "" "127.0.0.1:$TPORT"
			done
		else
			echo "bench: no TLS on the guest's 443 ($ACCEL)" >&2
		fi
		bench_stop
		qservers+=("qemu-$ACCEL")
	done
fi

# ======================================================================
# Tables.
# stat SERVER FIGURE: "median (min-max)" of its rounds, or "-".
med() {
	python3 -c "import sys, statistics
v = [float(x) for x in sys.argv[1].split()]
if not v: print('-'); sys.exit()
m = statistics.median(v)
print(f'{m:.10g}')" "${vals[$1|$2]:-}"
}
cell() {
	python3 -c "import sys, statistics
v = [float(x) for x in sys.argv[1].split()]
if not v: print('-'); sys.exit()
f = (lambda x: f'{x:,.2f}') if max(v) < 20 else (lambda x: f'{x:,.0f}')
print(f'{f(statistics.median(v))} ({f(min(v))}-{f(max(v))})' if len(v) > 1 else f(v[0]))" "${vals[$1|$2]:-}"
}
ratio() {
	python3 -c "import sys; a, b = sys.argv[1:]
try: print(f'{float(a) / float(b):.2f}')
except Exception: print('-')" "$1" "$2"
}

for a in "${accels[@]}"; do
	for d in 10m 1g; do
		[ -n "${vals[qemu-$a|boot$d]:-}" ] &&
		    row "boot to first HTTP answer, $d disk ($a)" "$(cell qemu-$a boot$d) s" "curl poll from QEMU start, $ROUNDS boots"
	done
done
site_tables() {
	local f h v l
	[ ${#site_rows[@]} -gt 0 ] || [ -n "${svals[hosted|page]:-}" ] || return 0
	echo
	echo "The site (build/sitec store on the hosted node; nginx with the node's"
	echo "bytes, its header lines by add_header, the redirect by a map from the same"
	echo "_redirects.txt, etag on; gzip by gzip_static with the node's .gz body;"
	if [ -n "$NGX_BROTLI" ]; then
		echo "brotli by brotli_static with the node's .br body, $NGX_BROTLI)."
	else
		echo "nginx has no brotli module here, so the br row is the node's alone)."
	fi
	echo "${SITE_BYTES:-}. Keep-alive: wrk -t1 -c10 -d${DUR}s, median of $ROUNDS rounds (min-max)."
	echo
	local -A sname=([page]="page, identity (req/s)" [redir]="redirect from _redirects.txt (req/s)"
	    [static]="hashed static file (req/s)" [c304]="304 for the static file (req/s)"
	    [gzip]="page, Accept-Encoding: gzip (req/s)" [br]="page, Accept-Encoding: br (req/s)")
	if [ -n "${svals[hosted|page]:-}" ]; then
		echo "| figure | appliance, hosted (TAP) | nginx, veth (like for like) | nginx, loopback | hosted / nginx veth | hosted / nginx lo |"
		echo "|---|---|---|---|---|---|"
		for f in page redir static c304 gzip br; do
			vals[shosted|$f]=${svals[hosted|$f]:-}
			vals[sveth|$f]=${svals[veth|$f]:-}
			vals[slo|$f]=${svals[lo|$f]:-}
			h=$(med shosted $f) v=$(med sveth $f) l=$(med slo $f)
			echo "| ${sname[$f]} | $(cell shosted $f) | $(cell sveth $f) | $(cell slo $f) | $(ratio "$h" "$v") | $(ratio "$h" "$l") |"
		done
	fi
	for f in "${site_note[@]}"; do echo "note: $f"; done
	if [ ${#site_rows[@]} -gt 0 ]; then
		echo
		echo "| what | figure | how |"
		echo "|---|---|---|"
		printf '%s\n' "${site_rows[@]}"
	fi
}
if [ "${SITE_ONLY:-0}" = 1 ]; then
	site_tables
	exit 0
fi
echo "| what | figure | how |"
echo "|---|---|---|"
printf '%s\n' "${rows[@]}"

figs=(ka10 ka200 tka10 tka200 fullp256 fullx25519 resumed)
declare -A fname=(
	[ka10]="plain HTTP keep-alive, $bytes10-byte page (req/s)"
	[ka200]="plain HTTP keep-alive, $bytes200-byte page (req/s)"
	[tka10]="HTTPS keep-alive, $bytes10-byte page (req/s)"
	[tka200]="HTTPS keep-alive, $bytes200-byte page (req/s)"
	[fullp256]="full handshakes/s, P-256"
	[fullx25519]="full handshakes/s, X25519 (offered first, P-256 second)"
	[resumed]="resumed handshakes/s"
)
echo
echo "Median of $ROUNDS rounds (min-max). Keep-alive: wrk -t1 -c10 -d${DUR}s;"
echo "handshakes: openssl s_time -new / -reuse -tls1_2 -time $TLS_DUR, one client,"
echo "the client's groups set by OPENSSL_CONF (Groups = P-256, or X25519:P-256,"
echo "where both servers pick X25519); $TLS_CIPHER; resumed: session IDs."
echo "like for like: nginx in a namespace behind a veth pair, MTU 1500, both ends"
echo "ethtool -K tso off gso off gro off, checksum offload on (as the appliance has"
echo "it on its TAP link: tx/rx checksums offloaded, no segmentation offload)."
echo
hdr="| figure | appliance, hosted (TAP) | nginx, veth (like for like) | nginx, loopback | hosted / nginx veth | hosted / nginx lo |"
sep="|---|---|---|---|---|---|"
for q in "${qservers[@]}"; do
	hdr+=" appliance, QEMU ${q#qemu-} | QEMU / nginx veth | QEMU / nginx lo |"
	sep+="---|---|---|"
done
echo "$hdr"
echo "$sep"
for f in "${figs[@]}"; do
	h=$(med hosted $f) v=$(med veth $f) l=$(med lo $f)
	line="| ${fname[$f]} | $(cell hosted $f) | $(cell veth $f) | $(cell lo $f) | $(ratio "$h" "$v") | $(ratio "$h" "$l") |"
	for q in "${qservers[@]}"; do
		qm=$(med "$q" $f)
		line+=" $(cell "$q" $f) | $(ratio "$qm" "$v") | $(ratio "$qm" "$l") |"
	done
	echo "$line"
done
if [ ${#qservers[@]} -gt 0 ]; then
	echo
	echo "QEMU rows: virtio-net with user networking. The guest driver asks for"
	echo "checksum offload (VIRTIO_NET_F_CSUM, GUEST_CSUM) and EVENT_IDX, but QEMU's"
	echo "user network offers no checksum offload, so these rows run with offloads"
	echo "off; there is no offloads-on row for this backend (a tap backend would"
	echo "have one), and no segmentation offload yet."
fi

if [ "${CALLGRIND:-1}" != 0 ]; then
	echo
	echo "User-space instructions per request: valgrind --tool=callgrind, total Ir"
	echo "of a server run with N keep-alive requests on one connection minus a run"
	echo "with 0 requests on one connection (start-up, connection and handshake in"
	echo "both), divided by N (N = ${CGN[10]} for the small page, ${CGN[200]} for the"
	echo "large; scripts/keepalive.py). The appliance's figure includes its TCP/IP"
	echo "stack (lwIP), nginx's does not (the kernel's is not counted)."
	echo
	echo "| page, protocol | appliance, hosted | nginx (master_process off) | appliance / nginx |"
	echo "|---|---|---|---|"
	for pg in 10 200; do
		eval "b=\$bytes$pg"
		for p in plain tls; do
			pn="plain HTTP"; [ $p = tls ] && pn=HTTPS
			echo "| $b bytes, $pn | $(comma "${ipr[hosted,$p,$pg]}") | $(comma "${ipr[nginx,$p,$pg]}") | $(ratio "${ipr[hosted,$p,$pg]}" "${ipr[nginx,$p,$pg]}") |"
		done
	done
fi

site_tables

# Goals: the hosted appliance against nginx like for like (veth).
goal() { # NAME MEASURED OP TARGET
	local ok
	ok=$(python3 -c "import sys
try: a = float(sys.argv[1])
except Exception: print('missed (no figure)'); sys.exit()
t = float(sys.argv[3])
print('met' if (a >= t if sys.argv[2] == '>=' else a <= t) else 'missed')" "$2" "$3" "$4")
	echo "| $1 | $(comma "$2") | $3 $4 | $ok |"
}
gr() { ratio "$(med hosted "$1")" "$(med veth "$1")"; }
echo
echo "Goals (the hosted appliance against nginx like for like; ratios of medians):"
echo
echo "| goal | measured | target | |"
echo "|---|---|---|---|"
goal "plain keep-alive, 10 KiB page, x nginx" "$(gr ka10)" ">=" 2.0
goal "HTTPS keep-alive, 10 KiB page, x nginx" "$(gr tka10)" ">=" 1.5
goal "full handshakes, P-256, x nginx" "$(gr fullp256)" ">=" 1.0
goal "full handshakes, X25519, x nginx" "$(gr fullx25519)" ">=" 1.0
goal "resumed handshakes, x nginx" "$(gr resumed)" ">=" 1.5
if [ "${CALLGRIND:-1}" != 0 ]; then
	goal "instructions per request, plain, 10 KiB page" "${ipr[hosted,plain,10]}" "<=" 25000
	goal "instructions per request, HTTPS, 10 KiB page" "${ipr[hosted,tls,10]}" "<=" 60000
fi
exit 0
