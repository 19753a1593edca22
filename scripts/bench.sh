#!/bin/bash
# make bench: the appliance next to nginx on the same content, one run.
#   - kernel image size
#   - boot to first HTTP answer, with a 10 MiB and a 1 GiB data disk (TCG,
#     and KVM when /dev/kvm is usable)
#   - keep-alive requests/s for the ~10 KiB sample page (wrk, 1 thread,
#     10 connections, 10 s): the appliance under QEMU (TCG and KVM) and
#     nginx (1 worker) serving the byte-identical file on loopback.
# Prints a Markdown table (the README's benchmark table is pasted from it).
set -u
cd "$(dirname "$0")/.."
source qemu-tests/lib.sh

BENCH_SLUG=${BENCH_SLUG:-Appliance/Benchmark_page}
BENCH_LOCALE=en-US
DUR=${DUR:-10}
work=$(mktemp -d /tmp/appliance-bench.XXXXXX)
trap 'qemu_stop; [ -n "${NGINX_PID:-}" ] && kill $NGINX_PID 2>/dev/null; rm -rf "$work"' EXIT
rows=()
row() { rows+=("| $1 | $2 | $3 |"); }

accels=(tcg)
[ -r /dev/kvm ] && [ -w /dev/kvm ] && accels+=(kvm)

# Boot disk $1; BOOT_T = seconds from QEMU start to the first 200 for the
# bench page.  QEMU stays up (PORT, QEMU_PID) for the caller.
boot_time() {
	local disk=$1 start end
	PORT=$(free_port)
	LOG=$work/boot.log
	start=$(date +%s.%N)
	(eval "exec $(qemu_cmd q35 "$disk" "$PORT" '')") </dev/null >"$LOG" 2>&1 &
	QEMU_PID=$!
	local url="http://localhost:$PORT/$BENCH_LOCALE/docs/$BENCH_SLUG"
	until curl -s -o /dev/null --fail --max-time 1 "$url"; do
		kill -0 $QEMU_PID 2>/dev/null || { echo "qemu died" >&2; tail -5 "$LOG" >&2; return 1; }
		[ "$(date +%s)" -lt "${start%.*}" ] || [ $(($(date +%s) - ${start%.*})) -lt 60 ] ||
			{ echo "no answer in 60 s" >&2; tail -5 "$LOG" >&2; return 1; }
		sleep 0.02
	done
	end=$(date +%s.%N)
	BOOT_T=$(python3 -c "print(f'{$end - $start:.2f} s')")
}

# wrk's Requests/sec for URL.
rps() {
	wrk -t1 -c10 -d"${DUR}s" "$1" 2>&1 | awk '/Requests\/sec/{print $2}'
}

size=$(stat -c %s "$KERNEL")
row "kernel image ($KERNEL)" "$size bytes" "-"

build/mkimage --size 10M image/sample "$work/d10m.img" >/dev/null
build/mkimage --size 1G image/sample "$work/d1g.img" >/dev/null

for ACCEL in "${accels[@]}"; do
	for d in 10m 1g; do
		if ! boot_time "$work/d$d.img"; then
			# Nested KVM on some hosts cannot run SSE code; say so, go on.
			qemu_stop
			row "boot to first HTTP answer, $d disk ($ACCEL)" "did not boot" "see $work/boot.log"
			[ "$ACCEL" = tcg ] && exit 1
			continue
		fi
		if [ $d = 10m ]; then
			url="http://localhost:$PORT/$BENCH_LOCALE/docs/$BENCH_SLUG"
			r=$(rps "$url")
			row "appliance req/s, 10 KiB page, keep-alive ($ACCEL)" "$r" "wrk -t1 -c10 -d${DUR}s"
		fi
		qemu_stop
		row "boot to first HTTP answer, $d disk ($ACCEL)" "$BOOT_T" "curl poll"
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

echo "| what | figure | how |"
echo "|---|---|---|"
printf '%s\n' "${rows[@]}"
