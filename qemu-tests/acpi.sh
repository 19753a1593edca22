#!/bin/bash
# acpi.sh: ACPI and the RTC under QEMU (TCG), standalone:
#
#     bash qemu-tests/acpi.sh        # from the repository root, after make
#
# Boots:
#   1. q35 with a monitor socket: the console names the RSDP, MADT, FADT
#      and \_S5 findings; the node answers; `system_powerdown` (what EC2
#      stop does on Nitro: the ACPI power button) makes the node log its
#      stop lines and QEMU exit by itself within a few seconds with status
#      0, the status of a guest ACPI S5 power-off (isa-debug-exit would be
#      odd, 33 for KERN_EXIT_OK; a signal would log "terminating on signal").
#   2. q35 with -rtc base=2031-05-06T07:08:09: the Date header of an answer
#      is the RTC's time, that base plus the time since QEMU started, within
#      DATE_SLACK seconds.
#   3. microvm (hardware-reduced ACPI, QEMU's Generic Event Device): the
#      same power button and S5 power-off.
# Prints PASS/FAIL lines and "N passed, N failed"; exits 1 on a failure.

set -u
cd "$(dirname "$0")/.." || exit 1
source qemu-tests/lib.sh

IMG=${IMG:-build/sample.img}
RTC_BASE=2031-05-06T07:08:09
DATE_SLACK=3		# seconds: Date has whole seconds, the boot read too
STOP_WAIT=15		# seconds for the node to stop after the press
PASS=0 FAIL=0
MON= LOG= QEMU_PID=

pass() { echo "PASS $1"; PASS=$((PASS + 1)); }
fail() { echo "FAIL $1${2:+: $2}"; FAIL=$((FAIL + 1)); }
check() {	# check NAME COMMAND...: PASS if the command succeeds
	local name=$1 out
	shift
	if out=$("$@" 2>&1); then pass "$name"; else fail "$name" "$out"; fi
}

cleanup() {
	if [ -n "$QEMU_PID" ] && kill -0 "$QEMU_PID" 2>/dev/null; then
		kill -TERM "$QEMU_PID" 2>/dev/null
		wait "$QEMU_PID" 2>/dev/null
	fi
	QEMU_PID=
	[ -n "$MON" ] && rm -f "$MON"
}
trap cleanup EXIT

# boot MACHINE [EXTRA-QEMU-ARGS...]: start QEMU with a monitor socket;
# sets QEMU_PID, LOG, PORT, MON, T0 (host time at the start, seconds with
# fractions).  0 once the node serves, 1 if it dies or times out.
boot() {
	local machine=$1 i cmd
	shift
	PORT=$(free_port)
	LOG=$(mktemp /tmp/appliance-acpi.XXXXXX.log)
	MON=$(mktemp -u /tmp/appliance-acpi.XXXXXX.sock)
	cmd="$(qemu_cmd "$machine" "$IMG" "$PORT" "") -monitor unix:$MON,server,nowait"
	for i in "$@"; do cmd+=" $(printf '%q' "$i")"; done
	T0=$(date +%s.%N)
	(eval "exec $cmd") </dev/null >"$LOG" 2>&1 &
	QEMU_PID=$!
	for ((i = 0; i < BOOT_TIMEOUT * 10; i++)); do
		grep -q 'appliance: serving' "$LOG" && return 0
		kill -0 "$QEMU_PID" 2>/dev/null || return 1
		sleep 0.1
	done
	return 1
}

# monitor COMMAND: one command to the QEMU human monitor.
monitor() {
	python3 - "$MON" "$1" <<'EOF'
import socket, sys, time
s = socket.socket(socket.AF_UNIX)
s.connect(sys.argv[1])
time.sleep(0.2)
s.recv(65536)			# the banner and prompt
s.sendall(sys.argv[2].encode() + b"\n")
time.sleep(0.3)
s.close()
EOF
}

has_line() {	# has_line REGEX: the console has a line matching it
	grep -qE "$1" "$LOG" || { echo "no line /$1/ in $LOG"; return 1; }
}

healthz() {
	curl -s -o /dev/null -w '%{http_code}' --max-time 10 \
	    "http://127.0.0.1:$PORT/healthz" | grep -qx 204
}

# powers_off NAME: press the button; QEMU must exit by itself, status 0,
# without a signal, after the node's stop lines.
powers_off() {
	local name=$1 i st t
	t=$(date +%s%N)
	monitor system_powerdown || { fail "$name: monitor" ; return; }
	for ((i = 0; i < STOP_WAIT * 10; i++)); do
		kill -0 "$QEMU_PID" 2>/dev/null || break
		sleep 0.1
	done
	if kill -0 "$QEMU_PID" 2>/dev/null; then
		fail "$name: QEMU exits by itself after system_powerdown" \
		    "still running after ${STOP_WAIT} s"
		tail -n 5 "$LOG"
		cleanup
		return
	fi
	t=$((($(date +%s%N) - t) / 1000000))
	pass "$name: QEMU exits by itself after system_powerdown ($t ms)"
	wait "$QEMU_PID"
	st=$?
	QEMU_PID=
	if [ "$st" = 0 ] && ! grep -q 'terminating on signal' "$LOG"; then
		pass "$name: exit status 0 (ACPI S5 power-off)"
	else
		fail "$name: exit status 0 (ACPI S5 power-off)" \
		    "status $st ($(qemu_status_str "$st"))"
	fi
	check "$name: logs the power button" has_line '^kernel: ACPI power button pressed'
	check "$name: logs the stop" has_line '^appliance: power button: stopping'
	check "$name: closes the store, logs power-off" has_line '^appliance: powered off'
	check "$name: no isa-debug-exit fallback" \
	    bash -c "! grep -E 'did not stop the machine|no ACPI power-off|plat_exit' '$LOG'"
	rm -f "$LOG"
}

# Date header of /healthz against the RTC base plus the time since T0.
date_ok() {
	local hdr got want now
	hdr=$(curl -sI --max-time 10 "http://127.0.0.1:$PORT/healthz" |
	    tr -d '\r' | sed -n 's/^[Dd]ate: //p')
	now=$(date +%s.%N)
	[ -n "$hdr" ] || { echo "no Date header"; return 1; }
	got=$(date -u -d "$hdr" +%s) || return 1
	want=$(python3 -c "import sys, calendar, time
b = calendar.timegm(time.strptime(sys.argv[1], '%Y-%m-%dT%H:%M:%S'))
print(b + float(sys.argv[3]) - float(sys.argv[2]))" "$RTC_BASE" "$T0" "$now")
	echo "Date: $hdr; want about $(date -u -d "@${want%.*}")"
	python3 -c "import sys; d = float(sys.argv[1]) - float(sys.argv[2])
print('off by %.1f s' % d); sys.exit(abs(d) > float(sys.argv[3]))" \
	    "$got" "$want" "$DATE_SLACK" || return 1
	[ "$(date -u -d "$hdr" +%Y)" = 2031 ]
}

# 1. q35: the tables, then the power button.
if boot q35; then
	pass "q35: boots"
	check "q35: RSDP found" has_line '^acpi: RSDP at [0-9a-f]+ '
	check "q35: RSDT/XSDT lists FACP and APIC" has_line '^acpi: (RSDT|XSDT) with [0-9]+ tables:.* FACP.*'
	check "q35: MADT local APIC" has_line '^acpi: MADT local APIC at fee00000, [0-9]+ CPUs, 1 I/O APICs'
	check "q35: MADT I/O APIC" has_line '^acpi: MADT I/O APIC id [0-9]+ at fec00000, GSI 0\+'
	check "q35: MADT override IRQ 0 -> GSI 2" has_line '^acpi: MADT override IRQ 0 -> GSI 2'
	check "q35: MADT SCI override (IRQ 9, level)" has_line '^acpi: MADT override IRQ 9 -> GSI 9, active high, level'
	check "q35: FADT PM1 blocks" has_line '^acpi: FADT rev [0-9]+, SCI_INT 9, SMI_CMD b2 ACPI_ENABLE [0-9a-f]+, PM1a_EVT 600 .*PM1a_CNT 604'
	check "q35: DSDT \\_S5" has_line '^acpi: DSDT \\_S5 SLP_TYPa 0 SLP_TYPb 0'
	check "q35: ACPI mode enabled" has_line '^acpi: ACPI mode enabled'
	check "q35: power button enabled" has_line '^acpi: power button enabled'
	check "q35: RTC read" has_line '^clock: RTC [0-9]+ s since the epoch'
	check "q35: serves /healthz" healthz
	powers_off q35
else
	fail "q35: boots" "$(tail -n 5 "$LOG")"
	cleanup
fi

# 2. q35 with the RTC in 2031: the wall clock comes from it.
if boot q35 -rtc "base=$RTC_BASE"; then
	pass "q35 rtc: boots"
	check "q35 rtc: Date header is the RTC's time" date_ok
	if qemu_stop >/dev/null; then pass "q35 rtc: still running, stopped cleanly"
	else fail "q35 rtc: still running, stopped cleanly" "status $QEMU_STATUS"; fi
	rm -f "$LOG"
else
	fail "q35 rtc: boots" "$(tail -n 5 "$LOG")"
	cleanup
fi

# 3. microvm: hardware-reduced ACPI, the GED's power-down event.
if boot microvm; then
	pass "microvm: boots"
	check "microvm: FADT hardware-reduced with a sleep control register" \
	    has_line '^acpi: FADT rev [0-9]+ hardware-reduced, .*sleep control [1-9a-f][0-9a-f]*'
	check "microvm: DSDT \\_S5" has_line '^acpi: DSDT \\_S5 SLP_TYPa 5'
	check "microvm: GED power button" has_line '^acpi: power button: GED power-down event'
	powers_off microvm
else
	fail "microvm: boots" "$(tail -n 5 "$LOG")"
	cleanup
fi

echo "$PASS passed, $FAIL failed"
[ "$FAIL" = 0 ]
