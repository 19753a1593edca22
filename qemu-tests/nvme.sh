#!/bin/bash
# nvme.sh: the data disk on NVMe.  A standalone boot test (run from any
# directory: bash qemu-tests/nvme.sh), with build/kernel.elf and
# build/sample.img built.
#
# Boot 1: q35, the site's disk on QEMU's NVMe controller (-device nvme)
# and no virtio-blk, with the kernel word disk_selftest: the console names
# the controller and the disk, the self-test (large transfers through PRP
# lists, split at MDTS, a write and a flush) passes, the store opens and
# serves a page, and the node is still running when stopped.  The
# controller is given mdts=4 (64 KiB per command) so the self-test's
# 160 KiB transfers are split by MDTS rather than by the driver's buffer.
# The disk is a scratch copy; afterwards it must equal the original byte
# for byte (the self-test puts back what it wrote, the store writes
# nothing).
#
# Boot 2: a virtio-blk disk and an NVMe disk: the first found (virtio-blk,
# the lower slot) is the data disk, the second is logged and ignored; the
# same self-test passes on virtio-blk (the same dispatch, its own splits).
#
# Prints PASS/FAIL lines and ends with "N passed, N failed"; exits 1 on
# any failure.

set -u
cd "$(dirname "$0")/.." || exit 1
source qemu-tests/lib.sh

IMG=${IMG:-build/sample.img}
SERIAL=vol0123456789
npass=0 nfail=0
TMP=$(mktemp -d /tmp/appliance-nvme.XXXXXX)
QEMU_PID=

cleanup() {
	[ -n "${QEMU_PID:-}" ] && kill -KILL "$QEMU_PID" 2>/dev/null
	rm -rf "$TMP"
}
trap cleanup EXIT

pass() { echo "PASS: $1"; npass=$((npass + 1)); }
fail() { echo "FAIL: $1${2:+ ($2)}"; nfail=$((nfail + 1)); }
# check NAME CMD...: PASS if CMD succeeds.
check() {
	local name=$1 out
	shift
	if out=$("$@" 2>&1); then pass "$name"; else fail "$name" "$(echo "$out" | tail -n 3 | tr '\n' ' ')"; fi
}

# boot EXTRA-QEMU-ARGS APPEND: q35 with no disk of lib.sh's own, plain
# HTTP (no certificates), the given devices; waits for the serving line.
boot() {
	local extra=$1 append=$2 i
	PORT=$(free_port)
	LOG=$TMP/console.$PORT.log
	: >"$LOG"	# before the loop looks, not when the subshell gets to it
	# An empty certificate directory: plain HTTP on 80 serves the site.
	mkdir -p "$TMP/nocerts"
	local cmd
	cmd="$(CERTS=$TMP/nocerts qemu_cmd q35 "" "$PORT" "$append" "") $extra"
	(eval "exec $cmd") </dev/null >"$LOG" 2>&1 &
	QEMU_PID=$!
	for ((i = 0; i < BOOT_TIMEOUT * 10; i++)); do
		grep -q 'appliance: serving' "$LOG" && return 0
		kill -0 "$QEMU_PID" 2>/dev/null || return 1
		sleep 0.1
	done
	return 1
}

# stopped NAME: qemu_stop in this shell (it waits for our child and
# clears QEMU_PID, which a $(...) subshell could not).
stopped() {
	if qemu_stop >"$TMP/stop.out" 2>&1; then pass "$1"; else fail "$1" "$(tr '\n' ' ' <"$TMP/stop.out")"; fi
}

# keep_log NAME: after a failure so far, keep the console log for reading.
keep_log() {
	if [ "$nfail" != 0 ]; then
		cp "$LOG" "/tmp/appliance-nvme-$1.log"
		echo "console log: /tmp/appliance-nvme-$1.log"
	fi
}

# The serial console ends its lines with CR LF: patterns allow the CR.
log_has() { tr -d "\r" <"$LOG" | grep -E -q "$1" || { echo "no line matching /$1/"; return 1; }; }
log_lacks() { ! grep -E "$1" "$LOG"; }

# http_status PATH WANT-REGEX: the answer's status matches.
http_status() {
	local got
	# The site's own name: an IP-literal Host is answered for probes only.
	got=$(curl -s --max-time 20 -o /dev/null -w '%{http_code}' \
	    -H 'Host: localhost' "http://127.0.0.1:$PORT$1")
	[[ $got =~ ^($2)$ ]] || { echo "status $got for $1"; return 1; }
}

for f in build/kernel.elf "$IMG"; do
	[ -f "$f" ] || { echo "FAIL: $f missing (build it first)"; echo "0 passed, 1 failed"; exit 1; }
done

# --- boot 1: NVMe only ------------------------------------------------------
cp --sparse=always "$IMG" "$TMP/disk.img"
sectors=$(( $(stat -c %s "$IMG") / 512 ))
t0=$(date +%s%N)
if boot "-drive file=$TMP/disk.img,if=none,id=d0,format=raw -device nvme,drive=d0,serial=$SERIAL,mdts=4" disk_selftest; then
	pass "nvme: boots to serving ($(( ($(date +%s%N) - t0) / 1000000 )) ms)"
else
	fail "nvme: boots to serving" "$(tail -n 3 "$LOG" | tr '\n' ' ')"
fi
check "nvme: PCI walk names the controller" log_has '^pci [0-9a-f:.]+ 1b36:0010 nvme$'
check "nvme: identify line with the serial and MDTS" \
    log_has "^nvme: \"QEMU NVMe Ctrl\" serial \"$SERIAL\" .* 64 KiB per command"
check "nvme: console names the data disk and its size" \
    log_has "^disk: the data disk is nvme, $sectors sectors \\($((sectors / 2048)) MiB\\)$"
check "nvme: no virtio-blk" log_lacks '^virtio-blk'
check "nvme: disk_selftest PASS (PRP lists, MDTS split, write, flush)" \
    log_has '^disk_selftest: PASS: nvme: '
check "nvme: no driver errors" log_lacks '^(nvme: .*(failed|timed out|slow|fatal|not )|disk_selftest: FAIL|pci .*: nvme: )'
check "nvme: store opened (no store error)" log_lacks '^appliance: .*(store|open).*: '
# A page of the store: 200 if the image tool lists one, else any answer
# that is not a server error (the site format may be mid-change).
page=
page=$(build/sitec --pages "$IMG" 2>/dev/null | awk -F'\t' 'NF == 2 { print "/" $1 "/docs/" $2; exit }')
if [ -n "$page" ] && [[ $page != *[^A-Za-z0-9/_.-]* ]]; then
	check "nvme: GET $page is 200" http_status "$page" 200
else
	check "nvme: GET /en-US/docs/Appliance is not 5xx" http_status /en-US/docs/Appliance '[234][0-9][0-9]'
fi
check "nvme: GET /no/such/page is 404" http_status /en-US/docs/No_such_page_nvme 404
check "nvme: /healthz is 204" http_status /healthz 204
stopped "nvme: still running, stopped cleanly"
check "nvme: the disk is unchanged byte for byte" cmp "$IMG" "$TMP/disk.img"
keep_log boot1

# --- boot 2: virtio-blk first, NVMe second ------------------------------------
cp --sparse=always "$IMG" "$TMP/disk.img"
truncate -s 1M "$TMP/other.img"
if boot "-drive file=$TMP/disk.img,if=none,id=d0,format=raw -device virtio-blk-pci,drive=d0,disable-legacy=on -drive file=$TMP/other.img,if=none,id=d1,format=raw -device nvme,drive=d1,serial=second" disk_selftest; then
	pass "two disks: boots to serving"
else
	fail "two disks: boots to serving" "$(tail -n 3 "$LOG" | tr '\n' ' ')"
fi
check "two disks: virtio-blk is the data disk" \
    log_has "^disk: the data disk is virtio-blk, $sectors sectors"
check "two disks: the NVMe disk is logged and ignored" \
    log_has '^disk: a second disk \(nvme\) is ignored; the data disk is virtio-blk$'
check "two disks: disk_selftest PASS on virtio-blk" \
    log_has '^disk_selftest: PASS: virtio-blk: '
check "two disks: GET /healthz is 204" http_status /healthz 204
stopped "two disks: still running, stopped cleanly"
check "two disks: the virtio-blk disk is unchanged" cmp "$IMG" "$TMP/disk.img"
keep_log boot2

echo "$npass passed, $nfail failed"
[ "$nfail" = 0 ]
