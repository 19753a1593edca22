#!/bin/bash
# The whole suite: host unit tests, then boot tests of the real image under
# QEMU with real clients.  One line per test (PASS/FAIL/SKIP name), the
# output of each failure, and a last line "N passed, N failed, N skipped".
# Exit status 0 only if nothing failed.  Run from the repository root (make
# test does).
#
# Every check runs under a deadline: past it the check's process group is
# killed and it is reported as "FAIL name: timed out after N s".  The
# limits, in seconds, per kind: UNIT_TIMEOUT (a unit-test binary, 120),
# FUZZ_TIMEOUT (a short fuzz run, with its build, 600), E2E_TIMEOUT (the
# hosted end-to-end test, 300), QEMU_TIMEOUT (one boot-test check, 180).
# SKIP_QEMU=1 leaves the boot tests out (counted as one skip).
set -u
cd "$(dirname "$0")/.."

: "${UNIT_TIMEOUT:=120}"
: "${FUZZ_TIMEOUT:=600}"
: "${E2E_TIMEOUT:=300}"
: "${QEMU_TIMEOUT:=180}"

PASSED=0
FAILED=0
SKIPPED=0
# The deadline of the checks that follow (each section sets it; a caller
# may also give one check its own: CHECK_LIMIT=N check ...).
CHECK_LIMIT=$UNIT_TIMEOUT
TLOG=$(mktemp /tmp/appliance-test.XXXXXX)
trap 'rm -f "$TLOG"' EXIT

# kill_tree PID: PID's process group and every process below PID (a child
# may have made a session of its own, like `setsid make run`): TERM, then
# KILL for what is left after a second.
kill_tree() {
	local pids=("$1") all=() p i
	for ((i = 0; i < ${#pids[@]}; i++)); do
		all+=("${pids[i]}")
		for p in $(ps -o pid= --ppid "${pids[i]}" 2>/dev/null); do
			pids+=("$p")
		done
	done
	kill -TERM -- -"$1" "${all[@]}" 2>/dev/null
	for ((i = 0; i < 10; i++)); do
		kill -0 "${all[@]}" 2>/dev/null || break
		sleep 0.1
	done
	kill -KILL -- -"$1" "${all[@]}" 2>/dev/null
}

# run_limited SECONDS COMMAND...: run COMMAND (a program or a shell
# function, with this shell's variables) in a subshell of its own process
# group, output to $TLOG; its status.  Past SECONDS it is killed, with all
# it started, and TIMED_OUT is set.  Whatever it leaves running in its
# process group when it ends is killed too.
TIMED_OUT=0
CUR_PID=
run_limited() {
	local deadline=$((SECONDS + $1)) i rc
	shift
	TIMED_OUT=0
	# Job control on for this fork only: the subshell leads a new
	# process group, so that a timeout kills all it started.
	set -m
	("$@") </dev/null >"$TLOG" 2>&1 &
	CUR_PID=$!
	set +m
	# Poll quickly first (most checks take well under a second).
	for ((i = 0; ; i++)); do
		kill -0 "$CUR_PID" 2>/dev/null || break
		if ((SECONDS >= deadline)); then
			TIMED_OUT=1
			kill_tree "$CUR_PID"
			break
		fi
		if ((i < 100)); then sleep 0.01; else sleep 0.1; fi
	done
	wait "$CUR_PID"
	rc=$?
	kill -KILL -- -"$CUR_PID" 2>/dev/null
	CUR_PID=
	return $rc
}
# Interrupted: the running check goes too (it is not in our process group).
trap '[ -n "$CUR_PID" ] && kill_tree "$CUR_PID"; exit 130' INT TERM

# check NAME COMMAND...: run one test under $CHECK_LIMIT seconds; its
# output is shown only on failure.  Status 77 is a skip.
check() {
	local name=$1 limit=$CHECK_LIMIT rc=0
	shift
	run_limited "$limit" "$@" || rc=$?
	if [ $TIMED_OUT = 1 ]; then
		FAILED=$((FAILED + 1))
		echo "FAIL $name: timed out after $limit s"
		sed 's/^/    /' "$TLOG" | tail -n 40
	elif [ $rc = 0 ]; then
		PASSED=$((PASSED + 1))
		echo "PASS $name"
	elif [ $rc = 77 ]; then
		SKIPPED=$((SKIPPED + 1))
		echo "SKIP $name: $(tail -n 1 "$TLOG")"
	else
		FAILED=$((FAILED + 1))
		echo "FAIL $name (status $rc)"
		sed 's/^/    /' "$TLOG" | tail -n 40
	fi
}

# skip NAME WHY: a test that could not run here at all.
skip() {
	SKIPPED=$((SKIPPED + 1))
	echo "SKIP $1: $2"
}

CHECK_LIMIT=$UNIT_TIMEOUT
units=0
for t in build/t/test_*; do
	[ -x "$t" ] || continue
	units=$((units + 1))
	check "unit/${t#build/t/}" "$t"
done
# No unit test at all is a broken build, not a pass.
[ $units -gt 0 ] || check "unit tests found in build/t (make all)" false
# The content compiler's and the snapshot tool's scripts (image/tests/).
for t in image/tests/sitec-*.sh image/tests/snapshot.sh; do
	check "image/${t#image/tests/}" "$t"
done

# libFuzzer targets, briefly, over their seeds (fuzz/run.sh; make fuzz
# runs them longer).
CHECK_LIMIT=$FUZZ_TIMEOUT
check "fuzz/http" fuzz/run.sh check http
check "fuzz/tls" fuzz/run.sh check tls
check "fuzz/ec (our P-256 against BearSSL's)" fuzz/run.sh check ec

# The same upper layers as a Linux process on a TAP device (needs root),
# in a network namespace of its own.
CHECK_LIMIT=$E2E_TIMEOUT
check "hosted/e2e over TAP" net/tests/hosted-e2e.sh
# A real browser's False Start through a coalescing relay, and alerts for
# mutated ClientHellos (hosted node, its own namespace).
check "hosted/browser False Start and TLS alerts" net/tests/browser.sh
# The conformance suite (app/tests/cases, written from the Kuma spec)
# against the hosted node, plain and HTTPS; then the whole corpus, one
# store per source, swept page by page and rule by rule.
check "hosted/conformance suite" app/tests/conformance-hosted.sh
check "hosted/corpus sweep" app/tests/corpus-sweep.sh

CHECK_LIMIT=$QEMU_TIMEOUT
if [ "${SKIP_QEMU:-0}" = 1 ]; then
	skip qemu-tests "SKIP_QEMU=1"
elif ! command -v qemu-system-x86_64 >/dev/null; then
	skip qemu-tests "qemu-system-x86_64 not found"
else
	source qemu-tests/tests.sh
	qemu_tests
	# The conformance suite against the real image.
	check "qemu/conformance suite" qemu-tests/conformance.sh
	# The same image with its data disk on NVMe (kernel/drivers/nvme.c).
	check "qemu/nvme: the store on an NVMe disk" qemu-tests/nvme.sh
	# ACPI tables, the power button (system_powerdown) and the RTC clock.
	check "qemu/acpi: power button, S5 power-off, RTC wall clock" \
	    qemu-tests/acpi.sh
	# Configuration from a fake IMDSv2 and the clock from a fake SNTP
	# server on the host (reached as 10.0.2.2 from the guest).
	check "qemu/imds: user-data configuration, SNTP clock" \
	    qemu-tests/imds.sh
	# make image's disk: UEFI (OVMF) and BIOS (SeaBIOS) boots of one
	# GPT image whose data partition holds the store.
	check "qemu/uefi: one disk image boots UEFI and BIOS" qemu-tests/uefi.sh
	# The admin port: client certificates, /status, /metrics, /logs.
	check "qemu/admin: client-certificate admin port" qemu-tests/admin.sh
fi

echo "$PASSED passed, $FAILED failed, $SKIPPED skipped"
[ "$FAILED" = 0 ]
