#!/bin/bash
# The whole suite: host unit tests, then boot tests of the real image under
# QEMU with real clients.  One line per test (PASS/FAIL name), the output of
# each failure, and a last line "N passed, N failed, N skipped".  Exit status 0 only if
# nothing failed.  Run from the repository root (make test does).
set -u
cd "$(dirname "$0")/.."

PASSED=0
FAILED=0
SKIPPED=0
TLOG=$(mktemp /tmp/appliance-test.XXXXXX)
trap 'rm -f "$TLOG"' EXIT

# check NAME COMMAND...: run one test; its output is shown only on failure.
check() {
	local name=$1
	shift
	local rc=0
	"$@" >"$TLOG" 2>&1 || rc=$?
	if [ $rc = 0 ]; then
		PASSED=$((PASSED + 1))
		echo "PASS $name"
	elif [ $rc = 77 ]; then
		SKIPPED=$((SKIPPED + 1))
		echo "SKIP $name: $(tail -n 1 "$TLOG")"
	else
		FAILED=$((FAILED + 1))
		echo "FAIL $name"
		sed 's/^/    /' "$TLOG" | tail -n 40
	fi
}

for t in build/t/test_*; do
	[ -x "$t" ] && check "unit/${t#build/t/}" "$t"
done
# libFuzzer targets, briefly, over their seeds (fuzz/run.sh; make fuzz
# runs them longer).
check "fuzz/http" fuzz/run.sh check http
check "fuzz/tls" fuzz/run.sh check tls
# The same upper layers as a Linux process on a TAP device (needs root).
check "hosted/e2e over TAP" net/tests/hosted-e2e.sh

if [ "${SKIP_QEMU:-0}" != 1 ]; then
	if command -v qemu-system-x86_64 >/dev/null; then
		source qemu-tests/tests.sh
		qemu_tests
	else
		echo "SKIP qemu-tests: qemu-system-x86_64 not found"
	fi
fi

echo "$PASSED passed, $FAILED failed, $SKIPPED skipped"
[ "$FAILED" = 0 ]
