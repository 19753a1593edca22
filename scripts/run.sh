#!/bin/bash
# make run: boot the appliance under QEMU with the built-in sample site and
# user networking; host 127.0.0.1:8443 reaches the guest's port 443 (the
# site, over HTTPS) and 127.0.0.1:8080 its port 80 (redirects to 8443).
# The certificates come from build/certs (scripts/mkcerts.sh, run by make):
# CERTS=build/certs/rsa or build/certs/san picks another set.  The serial
# console is this terminal: Ctrl-A X quits QEMU.  Host 127.0.0.1:9443
# (APORT) reaches the admin API (guest 9443, client certificates of
# build/certs/admin: curl --cert publisher.crt --key publisher.key).
set -u
cd "$(dirname "$0")/.."
source qemu-tests/lib.sh

# TCG unless ACCEL=kvm is asked for: TCG is the reference, and KVM is not
# trusted on every host yet (see ARCHITECTURE.md).
ACCEL=${ACCEL:-tcg}
PORT=${PORT:-8080}
TPORT=${TPORT:-8443}
APORT=${APORT:-9443}
DISK=${DISK:-build/sample.img}
CA=build/certs/ca.crt

first=$(build/sitec --list "$DISK" | awk -F'\t' '$1 ~ /^den-us\\0[^\\]*$/ {
	sub(/^den-us\\0/, "", $1); print $1; exit }')
cat <<MSG
Booting the appliance ($ACCEL) with the sample site on $DISK.
Certificates: $CERTS (trust anchor $CA).
When it says "serving", open (after trusting $CA):
    https://localhost:$TPORT/en-US/docs/$first
or:
    curl --cacert $CA https://localhost:$TPORT/en-US/docs/$first
    curl --cacert $CA --resolve attachments.localhost:$TPORT:127.0.0.1 \\
        https://attachments.localhost:$TPORT/
    curl -i http://localhost:$PORT/en-US/docs/$first     (301 to https)
The admin API (client certificate required):
    curl --cacert $CA --cert build/certs/admin/publisher.crt \\
        --key build/certs/admin/publisher.key https://localhost:$APORT/status
Quit with Ctrl-A X.
MSG
# lib.sh forwards the site's ports; the admin port joins them here.
cmd=$(qemu_cmd q35 "$DISK" "$PORT" "${APPEND:-}" "$TPORT")
fwd="hostfwd=tcp:127.0.0.1:$PORT-:80"
cmd=${cmd/"$fwd"/"$fwd,hostfwd=tcp:127.0.0.1:$APORT-:9443"}
eval "$cmd"
rc=$?
# 33 is the guest's clean power-off through isa-debug-exit.
case $rc in
0|33) exit 0 ;;
255) echo "run: the appliance panicked (see above)" >&2; exit 1 ;;
*) echo "run: QEMU exited with status $rc" >&2; exit 1 ;;
esac
