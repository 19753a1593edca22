# lib.sh: start and stop the appliance under QEMU for the boot tests,
# `make run` and `make bench`.  Sourced by bash scripts.
#
# QEMU runs the real image (build/kernel.elf) with user networking.
# ACCEL=tcg (the default, and the reference: CI has no KVM) or ACCEL=kvm.

: "${ACCEL:=tcg}"
: "${KERNEL:=build/kernel.elf}"
: "${BOOT_TIMEOUT:=180}"

# The configuration files given to the guest through fw_cfg: every file of
# this directory, as opt/appliance/<name> (scripts/mkcerts.sh makes them).
: "${CERTS:=build/certs/ecdsa}"

# The QEMU command line for machine $1 (q35|microvm), disk $2, host port $3
# forwarded to the guest's port 80, extra guest command line $4, and host
# port $5 forwarded to the guest's 443 (none if empty).  The guest is told
# https_redirect_port=$5 so its port-80 redirects reach the forwarded port.
qemu_cmd() {
	local machine=$1 disk=$2 port=$3 append=$4 tport=${5:-} cpu f fwd
	if [ "$ACCEL" = kvm ]; then cpu="-accel kvm -cpu host,+invtsc,-arch-capabilities"; else cpu="-accel tcg -cpu max"; fi
	[ -n "$tport" ] && append="https_redirect_port=$tport${append:+ $append}"
	local -a cmd=(qemu-system-x86_64 -M "$machine" $cpu -m 512M -nographic -no-reboot
		-kernel "$KERNEL" -append "$append"
		-device isa-debug-exit,iobase=0xf4,iosize=0x04)
	for f in "$CERTS"/*; do
		[ -f "$f" ] && cmd+=(-fw_cfg "name=opt/appliance/${f##*/},file=$f")
	done
	# The same NIC and disk on both boards: virtio over PCI on q35, over
	# MMIO on microvm, where the modern (version 2) register layout must
	# be asked for because QEMU's virtio-mmio defaults to legacy.
	local nic=virtio-net-pci,netdev=n0,disable-legacy=on
	local blk=virtio-blk-pci,drive=d0,disable-legacy=on
	if [ "$machine" = microvm ]; then
		nic=virtio-net-device,netdev=n0
		blk=virtio-blk-device,drive=d0
		cmd+=(-global virtio-mmio.force-legacy=false)
	fi
	fwd="hostfwd=tcp:127.0.0.1:$port-:80"
	[ -n "$tport" ] && fwd+=",hostfwd=tcp:127.0.0.1:$tport-:443"
	cmd+=(-netdev "user,id=n0,$fwd" -device "$nic")
	[ -n "$disk" ] && cmd+=(-drive "file=$disk,if=none,id=d0,format=raw"
		-device "$blk")
	printf '%q ' "${cmd[@]}"
}

# A TCP port on 127.0.0.1 that nothing listens on now.
free_port() {
	python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'
}

# qemu_start DISK [APPEND] [MACHINE]: boot on MACHINE (q35 unless given)
# in the background; sets QEMU_PID, LOG,
# PORT (host port of the guest's 80) and TPORT (of its 443), both free
# ports on 127.0.0.1.  Returns 0 once the guest prints its serving line, 1
# if it dies or times out.
qemu_start() {
	local disk=$1 append=${2:-} machine=${3:-q35}
	PORT=$(free_port)
	TPORT=$(free_port)
	while [ "$TPORT" = "$PORT" ]; do TPORT=$(free_port); done
	LOG=$(mktemp /tmp/appliance-qemu.XXXXXX.log)
	(eval "exec $(qemu_cmd "$machine" "$disk" "$PORT" "$append" "$TPORT")") </dev/null >"$LOG" 2>&1 &
	QEMU_PID=$!
	local i
	for ((i = 0; i < BOOT_TIMEOUT * 10; i++)); do
		grep -q 'appliance: serving' "$LOG" && return 0
		kill -0 "$QEMU_PID" 2>/dev/null || return 1
		sleep 0.1
	done
	return 1
}

# What a QEMU exit status means.  The guest leaves through isa-debug-exit
# with status (v << 1) | 1 (kernel/kernel.h KERN_EXIT_*); QEMU 7.2 ends
# with 0 after a SIGTERM (it logs "terminating on signal 15") and 1 when
# it cannot start.
qemu_status_str() {
	case $1 in
	0) echo "QEMU stopped by a signal" ;;
	1) echo "QEMU failed (bad option, missing file, locked disk)" ;;
	33) echo "guest powered off cleanly (KERN_EXIT_OK)" ;;
	35) echo "guest main() failed (KERN_EXIT_ERROR)" ;;
	37) echo "guest ASSERT failed (KERN_EXIT_ASSERT)" ;;
	255) echo "guest panic (KERN_EXIT_PANIC)" ;;
	129 | 1[3-9][0-9] | 2[0-4][0-9] | 25[0-4])
		echo "QEMU killed by signal $(($1 - 128))" ;;
	*) echo "unknown status" ;;
	esac
}

# qemu_stop: stop QEMU (the guest has no power button yet: SIGTERM quits
# QEMU) and check how it ended.  Status 0 only if QEMU was still running
# and ended as a SIGTERM makes QEMU 7.2 end: status 0 and its "terminating
# on signal 15" line.  A QEMU that had died already (the guest exited or
# crashed, QEMU failed), or that ends otherwise, is status 1 with its exit
# status said on stdout.  QEMU_STATUS holds that status; QEMU_PID is
# cleared.  With no QEMU_PID there is nothing to check: status 1.
qemu_stop() {
	local running=0 i
	QEMU_STATUS=
	if [ -z "${QEMU_PID:-}" ]; then
		echo "qemu_stop: no QEMU started"
		return 1
	fi
	qemu_alive && running=1
	if [ $running = 1 ]; then
		kill -TERM "$QEMU_PID" 2>/dev/null
		for ((i = 0; i < 100; i++)); do
			qemu_alive || break
			sleep 0.1
		done
		if ((i == 100)); then
			echo "QEMU ignored SIGTERM for 10 s: killed"
			kill -KILL "$QEMU_PID" 2>/dev/null
		fi
	fi
	wait "$QEMU_PID" 2>/dev/null
	QEMU_STATUS=$?
	QEMU_PID=
	if [ $running = 1 ] && [ "$QEMU_STATUS" = 0 ] &&
	    grep -q 'terminating on signal 15' "${LOG:-/dev/null}"; then
		return 0
	fi
	echo "QEMU ended with status $QEMU_STATUS" \
	    "($(qemu_status_str "$QEMU_STATUS"))" \
	    "$([ $running = 1 ] && echo "after our SIGTERM" ||
	    echo "before qemu_stop")"
	[ -n "${LOG:-}" ] && tail -n 5 "$LOG"
	return 1
}

# qemu_alive: QEMU_PID runs (not yet waited for, an exited QEMU is a
# zombie, which kill -0 still reaches).
qemu_alive() {
	kill -0 "$QEMU_PID" 2>/dev/null &&
	    [ "$(ps -o state= -p "$QEMU_PID" 2>/dev/null)" != Z ]
}

# The TLS settings the appliance promises (TLS 1.2, ECDHE, AEAD only), in
# OpenSSL's names: the tests accept only these, and nginx is held to them
# when it runs next to the appliance in the bench.
TLS_AEAD_SUITES="ECDHE-ECDSA-AES128-GCM-SHA256:ECDHE-ECDSA-AES256-GCM-SHA384"
TLS_AEAD_SUITES+=":ECDHE-ECDSA-CHACHA20-POLY1305:ECDHE-RSA-AES128-GCM-SHA256"
TLS_AEAD_SUITES+=":ECDHE-RSA-AES256-GCM-SHA384:ECDHE-RSA-CHACHA20-POLY1305"

# nginx_tls_conf DIR ROOT TPORT PORT CERTDIR [CIPHERS]: write DIR/nginx.conf
# for one nginx worker on 127.0.0.1 that serves ROOT over HTTPS on TPORT
# like the appliance: TLS 1.2 only, CIPHERS (default: the AEAD suites), the
# certificate set CERTDIR chosen by SNI (unknown names get the main one), a
# session cache, HSTS; port PORT redirects to https except /healthz.
nginx_tls_conf() {
	local dir=$1 root=$2 tport=$3 port=$4 certs=$5
	local ciphers=${6:-$TLS_AEAD_SUITES} att=""
	if [ -f "$certs/cert.attachments" ]; then
		att="server {
		listen 127.0.0.1:$tport ssl;
		server_name attachments.localhost;
		ssl_certificate $certs/cert.attachments;
		ssl_certificate_key $certs/key.attachments;
		add_header Strict-Transport-Security \"max-age=31536000\" always;
		root $root;
	}"
	fi
	cat >"$dir/nginx.conf" <<CONF
worker_processes 1;
pid $dir/nginx.pid;
error_log $dir/error.log;
events { worker_connections 4096; }
http {
	access_log off;
	default_type text/html;
	keepalive_requests 100000;
	ssl_protocols TLSv1.2;
	ssl_ciphers $ciphers;
	ssl_prefer_server_ciphers on;
	ssl_session_cache shared:tls:1m;
	ssl_session_tickets off;
	server {
		listen 127.0.0.1:$tport ssl default_server;
		server_name localhost;
		ssl_certificate $certs/cert.main;
		ssl_certificate_key $certs/key.main;
		add_header Strict-Transport-Security "max-age=31536000" always;
		root $root;
	}
	$att
	server {
		listen 127.0.0.1:$port default_server;
		location = /healthz { return 200 "ok\n"; }
		location = /readiness { return 200 "ok\n"; }
		location / { return 301 https://\$host:$tport\$request_uri; }
	}
}
CONF
}
# CBC suites only (TLS 1.2 and older), for the refusal checks; the level
# lets OpenSSL 3 offer the SHA-1 ones.
TLS_CBC_SUITES="ECDHE-ECDSA-AES128-SHA256:ECDHE-ECDSA-AES128-SHA:ECDHE-RSA-AES128-SHA256"
TLS_CBC_SUITES+=":ECDHE-RSA-AES128-SHA:AES128-SHA256:AES128-SHA:AES256-SHA@SECLEVEL=0"
