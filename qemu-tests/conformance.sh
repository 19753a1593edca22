#!/bin/bash
# conformance.sh: the conformance suite (app/tests/conformance.py) against
# the real image: build/kernel.elf boots under QEMU (qemu-tests/lib.sh,
# user networking, 127.0.0.1 ports forwarded) with build/sample.img.
#
# Boot 1, no certificates: the node serves plain HTTP on port 80 and the
# whole suite runs there.  Boot 2, with build/certs/ecdsa: a few cases
# over HTTPS (the tls cases of 09-security.txt, the untrusted domain's
# attachment and sample, a page, a redirect), trusting build/certs/ca.crt.
#
#   qemu-tests/conformance.sh [-v] [--only SUBSTR] [CASE-FILES...]
#
# Exit status 0 when every case passed; 77 (skip) without qemu-system-x86_64.
# Run from anywhere after `make all`.  ACCEL=kvm if the machine has it.
set -u
cd "$(dirname "$(realpath "$0")")/.."
command -v qemu-system-x86_64 >/dev/null ||
    { echo "SKIP conformance (qemu): qemu-system-x86_64 not found"; exit 77; }
for f in build/kernel.elf build/sample.img; do
	[ -e "$f" ] || { echo "FAIL conformance (qemu): no $f (make all)"; exit 1; }
done
source qemu-tests/lib.sh

MAIN=localhost ATT=attachments.localhost ALIAS=wiki.localhost
ARGS=("$@")
[ ${#ARGS[@]} = 0 ] || [[ "${ARGS[-1]}" != *.txt ]] &&
    ARGS+=(app/tests/cases/*.txt)
EMPTY=$(mktemp -d /tmp/conformance-nocerts.XXXXXX)
trap 'qemu_stop >/dev/null 2>&1; rm -rf "$EMPTY"' EXIT
RUN=(python3 app/tests/conformance.py --main-host $MAIN --att-host $ATT
    --alias-host $ALIAS --sample image/sample --ip 10.0.2.15)

# boot [WORDS]: boot the sample disk; with host_aliases= first, and again
# without it when the node refuses the word (an older node).
boot() {
	local words="host=$MAIN attachments_host=$ATT $*"
	if qemu_start build/sample.img "$words host_aliases=$ALIAS"; then
		return 0
	fi
	if grep -q 'unknown key.*host_aliases' "$LOG"; then
		echo "NOTE: this node does not know host_aliases=; the alias cases will fail"
		qemu_stop >/dev/null 2>&1
		qemu_start build/sample.img "$words" && return 0
	fi
	echo "FAIL: the image did not boot"; tail -20 "$LOG"
	exit 1
}

rc=0
CERTS=$EMPTY boot
echo "== plain HTTP (QEMU $ACCEL, 127.0.0.1:$PORT)"
"${RUN[@]}" --addr 127.0.0.1:$PORT "${ARGS[@]}" || rc=1
grep -q 'PANIC\|ASSERT' "$LOG" && { echo "FAIL: guest panic"; rc=1; }
qemu_stop || rc=1

if [ -f build/certs/ca.crt ] && [ "${CONF_TLS:-1}" != 0 ]; then
	CERTS=build/certs/ecdsa boot
	echo "== HTTPS (QEMU $ACCEL, 127.0.0.1:$TPORT): the tls cases and a few more"
	"${RUN[@]}" --addr 127.0.0.1:$TPORT --tls --cafile build/certs/ca.crt \
	    --only 09-security.txt --only "06-untrusted.txt:4 " \
	    --only "06-untrusted.txt:87 " --only "01-hosts.txt:6 " \
	    --only "05-redirect-urls.txt:6 " --only "04-documents.txt:4 " \
	    app/tests/cases/*.txt || rc=1
	grep -q 'PANIC\|ASSERT' "$LOG" && { echo "FAIL: guest panic"; rc=1; }
	qemu_stop || rc=1
fi
exit $rc
