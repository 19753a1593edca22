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
	if [ "$ACCEL" = kvm ]; then cpu="-accel kvm -cpu host,+invtsc"; else cpu="-accel tcg -cpu max"; fi
	[ -n "$tport" ] && append="https_redirect_port=$tport${append:+ $append}"
	local -a cmd=(qemu-system-x86_64 -M "$machine" $cpu -m 512M -nographic -no-reboot
		-kernel "$KERNEL" -append "$append"
		-device isa-debug-exit,iobase=0xf4,iosize=0x04)
	for f in "$CERTS"/*; do
		[ -f "$f" ] && cmd+=(-fw_cfg "name=opt/appliance/${f##*/},file=$f")
	done
	if [ "$machine" = q35 ]; then
		fwd="hostfwd=tcp:127.0.0.1:$port-:80"
		[ -n "$tport" ] && fwd+=",hostfwd=tcp:127.0.0.1:$tport-:443"
		cmd+=(-netdev "user,id=n0,$fwd"
			-device virtio-net-pci,netdev=n0,disable-legacy=on)
		[ -n "$disk" ] && cmd+=(-drive "file=$disk,if=none,id=d0,format=raw"
			-device virtio-blk-pci,drive=d0,disable-legacy=on)
	fi
	printf '%q ' "${cmd[@]}"
}

# A TCP port on 127.0.0.1 that nothing listens on now.
free_port() {
	python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'
}

# qemu_start DISK [APPEND]: boot in the background; sets QEMU_PID, LOG,
# PORT (host port of the guest's 80) and TPORT (of its 443), both free
# ports on 127.0.0.1.  Returns 0 once the guest prints its serving line, 1
# if it dies or times out.
qemu_start() {
	local disk=$1 append=${2:-}
	PORT=$(free_port)
	TPORT=$(free_port)
	while [ "$TPORT" = "$PORT" ]; do TPORT=$(free_port); done
	LOG=$(mktemp /tmp/appliance-qemu.XXXXXX.log)
	(eval "exec $(qemu_cmd q35 "$disk" "$PORT" "$append" "$TPORT")") </dev/null >"$LOG" 2>&1 &
	QEMU_PID=$!
	local i
	for ((i = 0; i < BOOT_TIMEOUT * 10; i++)); do
		grep -q 'appliance: serving' "$LOG" && return 0
		kill -0 "$QEMU_PID" 2>/dev/null || return 1
		sleep 0.1
	done
	return 1
}

# Stop QEMU (the guest has no power button yet: SIGTERM quits QEMU).
qemu_stop() {
	[ -n "${QEMU_PID:-}" ] || return 0
	kill "$QEMU_PID" 2>/dev/null
	wait "$QEMU_PID" 2>/dev/null
	QEMU_PID=
}
