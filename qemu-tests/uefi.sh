#!/bin/bash
# uefi.sh: the bootable disk image (make image) under UEFI and BIOS.  A standalone
# boot test (run from any directory: bash qemu-tests/uefi.sh), with
# build/disk.img, build/kernel.elf and build/sitec built.
#
# Boot 1: q35 with OVMF (the Debian ovmf package) as the firmware, no
# -kernel: the firmware finds \EFI\BOOT\BOOTX64.EFI on the disk's EFI
# system partition and starts it.  The console shows the UEFI entry (the
# memory map read before ExitBootServices, the RSDP from the ACPI 2.0
# configuration table), the store opens from the GPT's data partition,
# /healthz is 204 and a page of the site 200, and the node is still
# running when stopped.
#
# Boot 3: legacy BIOS (SeaBIOS): the MBR's code (kernel/bios/mbr.S) loads
# the PVH kernel from the sectors before the first partition and enters it
# with an E820 map; the RSDP is found by the BIOS-area scan; the store
# opens from the partition and the site serves.
#
# Boot 2: the same disk (a scratch copy) under the PVH entry (-kernel
# build/kernel.elf), with the kernel word disk_selftest: the store is
# found in the partition, the self-test's writes at the store's end land
# inside the partition and are put back (the copy equals the original byte
# for byte: the ESP and the backup GPT are untouched), and the site serves.
#
# Prints PASS/FAIL lines and ends with "N passed, N failed"; exits 1 on
# any failure.  OVMF=path/to/OVMF_CODE.fd and OVMF_VARS=... override the
# firmware files.

set -u
cd "$(dirname "$0")/.." || exit 1
source qemu-tests/lib.sh

DISK=${DISK:-build/disk.img}
npass=0 nfail=0
TMP=$(mktemp -d /tmp/appliance-uefi.XXXXXX)
QEMU_PID=
trap '[ -n "${QEMU_PID:-}" ] && kill -KILL "$QEMU_PID" 2>/dev/null; rm -rf "$TMP"' EXIT

pass() { echo "PASS: $1"; npass=$((npass + 1)); }
fail() { echo "FAIL: $1${2:+: $2}"; nfail=$((nfail + 1)); }
check() {
	local name=$1 out
	shift
	if out=$("$@" 2>&1); then pass "$name"; else fail "$name" "$out"; fi
}
# The console without the firmware's escape sequences and carriage returns.
console() { sed 's/\x1b\[[0-9;?]*[a-zA-Z]//g' "$LOG" | tr -d '\r'; }
log_has() { console | grep -Eq "$1" || { echo "no line matching: $1"; return 1; }; }
http_status() {
	local got
	got=$(curl -s --max-time 20 -o /dev/null -w '%{http_code}' \
	    -H 'Host: localhost' "http://127.0.0.1:$PORT$1")
	[ "$got" = "$2" ] || { echo "status $got for $1"; return 1; }
}
# qemu_stop in this shell (it waits for QEMU, a child of this shell).
stopped() {
	local out
	qemu_stop >"$TMP/stop.out" 2>&1 && { pass "$1"; return; }
	out=$(tr '\n' ' ' <"$TMP/stop.out")
	fail "$1" "$out"
}
finish() {
	echo "$npass passed, $nfail failed"
	[ "$nfail" = 0 ]
	exit
}

for f in "$DISK" build/kernel.elf; do
	[ -f "$f" ] || { fail "$f missing (make image)"; finish; }
done
if [ -z "${OVMF:-}" ]; then
	for f in /usr/share/OVMF/OVMF_CODE_4M.fd /usr/share/OVMF/OVMF_CODE.fd; do
		[ -f "$f" ] && { OVMF=$f; break; }
	done
fi
: "${OVMF_VARS:=${OVMF%CODE*}VARS${OVMF##*CODE}}"
if [ -z "${OVMF:-}" ] || [ ! -f "$OVMF" ] || [ ! -f "$OVMF_VARS" ]; then
	fail "OVMF firmware found" "install the ovmf package (scripts/bootstrap.sh)"
	finish
fi

# boot_disk NAME [QEMU ARGS]: boot a scratch copy of the disk with no
# -kernel (the firmware boots it: SeaBIOS unless ARGS name another) in the
# background, log in $TMP/NAME.log; 0 once the guest serves.
boot_disk() {
	local name=$1 cpu i
	shift
	cp --sparse=always "$DISK" "$TMP/disk.img"
	PORT=$(free_port)
	LOG=$TMP/$name.log
	if [ "$ACCEL" = kvm ]; then cpu="-accel kvm -cpu host"; else cpu="-accel tcg -cpu max"; fi
	# shellcheck disable=SC2086
	qemu-system-x86_64 -M q35 $cpu -m 512M -nographic -no-reboot "$@" \
		-drive "file=$TMP/disk.img,if=none,id=d0,format=raw" \
		-device virtio-blk-pci,drive=d0,disable-legacy=on \
		-netdev "user,id=n0,hostfwd=tcp:127.0.0.1:$PORT-:80" \
		-device virtio-net-pci,netdev=n0,disable-legacy=on \
		-device isa-debug-exit,iobase=0xf4,iosize=0x04 \
		</dev/null >"$LOG" 2>&1 &
	QEMU_PID=$!
	for ((i = 0; i < BOOT_TIMEOUT * 10; i++)); do
		grep -q 'appliance: serving' "$LOG" && return 0
		qemu_alive || return 1
		sleep 0.1
	done
	return 1
}

# --- boot 1: UEFI ------------------------------------------------------------
cp "$OVMF_VARS" "$TMP/vars.fd"
t0=$(date +%s)
if boot_disk uefi -drive "if=pflash,format=raw,readonly=on,file=$OVMF" \
    -drive "if=pflash,format=raw,file=$TMP/vars.fd"; then
	pass "uefi: OVMF boots BOOTX64.EFI to serving ($(( $(date +%s) - t0 )) s)"
else
	fail "uefi: OVMF boots BOOTX64.EFI to serving" "$(console | tail -n 5 | tr '\n' ' ')"
fi
check "uefi: the UEFI entry's banner" log_has '^appliance kernel \(UEFI, x86-64\)'
check "uefi: memory map read, boot services exited" \
    log_has '^  uefi: memory map [0-9]+ descriptors of [0-9]+ bytes \([0-9]+ bytes\), [0-9]+ ranges; ExitBootServices after [12] tries$'
check "uefi: RSDP from the ACPI 2.0 configuration table" \
    log_has '^  uefi: RSDP found at [0-9a-f]+ \(ACPI 2.0 table\)$'
check "uefi: ACPI tables read through it" log_has '^acpi: XSDT with [0-9]+ tables: FACP APIC'
check "uefi: the store is the GPT's data partition" \
    log_has '^disk: the store is GPT partition 2 of virtio-blk: sectors [0-9]+-[0-9]+ \([0-9]+ MiB\)$'
check "uefi: /healthz is 204" http_status /healthz 204
check "uefi: GET /en-US/docs/Appliance is 200" http_status /en-US/docs/Appliance 200
stopped "uefi: still running, stopped cleanly"
[ "$nfail" = 0 ] || { echo "--- console (last 30 lines)"; console | tail -n 30; }

# --- boot 2: the same disk under PVH, with the self-test ---------------------
cp --sparse=always "$DISK" "$TMP/disk.img"
if qemu_start "$TMP/disk.img" disk_selftest; then
	pass "pvh: boots the GPT disk to serving"
else
	fail "pvh: boots the GPT disk to serving" "$(tail -n 5 "$LOG" | tr '\n' ' ')"
fi
check "pvh: the store is the GPT's data partition" \
    log_has '^disk: the store is GPT partition 2 of virtio-blk: '
check "pvh: disk_selftest PASS inside the partition" log_has '^disk_selftest: PASS: virtio-blk: '
check "pvh: /healthz is 204" http_status /healthz 204
stopped "pvh: still running, stopped cleanly"
check "pvh: the disk is unchanged byte for byte" cmp "$DISK" "$TMP/disk.img"
rm -f "$LOG"

# --- boot 3: legacy BIOS -------------------------------------------------------
t0=$(date +%s)
if boot_disk bios; then
	pass "bios: SeaBIOS boots the MBR's code to serving ($(( $(date +%s) - t0 )) s)"
else
	fail "bios: SeaBIOS boots the MBR's code to serving" "$(console | tail -n 5 | tr '\n' ' ')"
fi
check "bios: the PVH entry, start info from the boot sector" \
    log_has '^appliance kernel \(PVH, x86-64\), start info at 8000$'
check "bios: the E820 map reached the kernel" log_has '^  mem 0000000000100000-[0-9a-f]+ type 1$'
check "bios: RSDP from the BIOS area scan" log_has '^acpi: RSDP at [0-9a-f]+ \(BIOS area scan\)'
check "bios: the store is the GPT's data partition" \
    log_has '^disk: the store is GPT partition 2 of virtio-blk: '
check "bios: /healthz is 204" http_status /healthz 204
check "bios: GET /en-US/docs/Appliance is 200" http_status /en-US/docs/Appliance 200
stopped "bios: still running, stopped cleanly"
[ "$nfail" = 0 ] || { echo "--- console (last 30 lines)"; console | tail -n 30; }

finish
