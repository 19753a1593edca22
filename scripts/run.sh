#!/bin/bash
# make run: boot the appliance under QEMU with the built-in sample site and
# user networking; host 127.0.0.1:8080 reaches the guest's port 80.  The
# serial console is this terminal: Ctrl-A X quits QEMU.
set -u
cd "$(dirname "$0")/.."
source qemu-tests/lib.sh

# TCG unless ACCEL=kvm is asked for: TCG is the reference, and KVM is not
# trusted on every host yet (see ARCHITECTURE.md).
ACCEL=${ACCEL:-tcg}
PORT=${PORT:-8080}
DISK=${DISK:-build/sample.img}

first=$(build/mkimage --list "$DISK" | awk -F'\t' '$1=="en-US"{print $2; exit}')
cat <<MSG
Booting the appliance ($ACCEL) with the sample site on $DISK.
When it says "serving", open:
    http://localhost:$PORT/en-US/docs/$first
Quit with Ctrl-A X.
MSG
eval "$(qemu_cmd q35 "$DISK" "$PORT" "${APPEND:-}")"
rc=$?
# 33 is the guest's clean power-off through isa-debug-exit.
case $rc in
0|33) exit 0 ;;
255) echo "run: the appliance panicked (see above)" >&2; exit 1 ;;
*) echo "run: QEMU exited with status $rc" >&2; exit 1 ;;
esac
