#!/bin/bash
# The whole suite: host unit tests, then boot tests of the real image under
# QEMU with real clients.  One line per test (PASS/FAIL name), the output of
# each failure, and a last line "N passed, N failed".  Exit status 0 only if
# nothing failed.  Run from the repository root (make test does).
set -u
cd "$(dirname "$0")/.."

PASSED=0
FAILED=0
TLOG=$(mktemp /tmp/appliance-test.XXXXXX)
trap 'rm -f "$TLOG"' EXIT

# check NAME COMMAND...: run one test; its output is shown only on failure.
check() {
	local name=$1
	shift
	if "$@" >"$TLOG" 2>&1; then
		PASSED=$((PASSED + 1))
		echo "PASS $name"
	else
		FAILED=$((FAILED + 1))
		echo "FAIL $name"
		sed 's/^/    /' "$TLOG" | tail -n 40
	fi
}

for t in build/t/test_*; do
	[ -x "$t" ] && check "unit/${t#build/t/}" "$t"
done

if [ "${SKIP_QEMU:-0}" != 1 ]; then
	if command -v qemu-system-x86_64 >/dev/null; then
		source qemu-tests/tests.sh
		qemu_tests
	else
		echo "SKIP qemu-tests: qemu-system-x86_64 not found"
	fi
fi

echo "$PASSED passed, $FAILED failed"
[ "$FAILED" = 0 ]
