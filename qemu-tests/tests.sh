# tests.sh: boot tests.  Sourced by scripts/run-tests.sh, which provides
# check().  Each boot costs tens of seconds under TCG, so one boot serves
# many checks; every check talks to the real image with a real client.
# The site is checked over HTTPS (curl --cacert build/certs/ca.crt); the
# TLS, port-80 and hostile-client checks are in tls.sh and hostile.py.
#
# Boots: q35 with the ECDSA certificates (most checks); q35 with a 1 GiB
# disk and the RSA certificates; q35 with the one SAN certificate;
# microvm (virtio-mmio, offload=off: every page byte for byte and a 404).
# Each boot ends with the
# check "qemu/<boot>: still running, stopped cleanly": QEMU had not exited
# (guest exit, panic, crash) and ended as our SIGTERM makes it end.

source qemu-tests/lib.sh
source qemu-tests/tls.sh

IMG=build/sample.img
SITEC=build/sitec

# ASCII letters to lower case, as the store's keys fold them.
lower() {
	tr '[:upper:]' '[:lower:]' <<<"$1"
}

# Percent-encode a slug for a URL (slashes kept).
urlenc() {
	python3 -c 'import sys, urllib.parse; print(urllib.parse.quote(sys.argv[1], safe="/"))' "$1"
}

# page_matches LOCALE SLUG [URL-SLUG]: the served page equals the stored one.
page_matches() {
	local locale=$1 slug=$2 path=${3:-$2}
	local want got
	want=$(mktemp) got=$(mktemp)
	"$SITEC" --body "$IMG" "d$(lower "$locale")\\0$(lower "$slug")" \
	    >"$want" || return 1
	tcurl "$MAIN_HOST" --fail -o "$got" \
	    "https://$MAIN_HOST:$TPORT/$locale/docs/$(urlenc "$path")" || return 1
	cmp "$want" "$got"
	local rc=$?
	rm -f "$want" "$got"
	return $rc
}

# status_is CODE CURL-ARGS...: the response status is CODE.
status_is() {
	local want=$1 got
	shift
	got=$(tcurl "$MAIN_HOST" -o /dev/null -w '%{http_code}' "$@") || return 1
	[ "$got" = "$want" ] || { echo "status $got, want $want"; return 1; }
}

# A HEAD answers like GET, with Content-Length and no body.
head_ok() {
	local url="https://$MAIN_HOST:$TPORT/$1/docs/$(urlenc "$2")" len hdr body
	hdr=$(tcurl "$MAIN_HOST" -I "$url") || return 1
	echo "$hdr"
	echo "$hdr" | head -1 | grep -q '^HTTP/1.1 200 ' || return 1
	len=$(echo "$hdr" | tr -d '\r' | awk -F': ' 'tolower($1)=="content-length"{print $2}')
	body=$(tcurl "$MAIN_HOST" "$url" | wc -c)
	[ "$len" = "$body" ] || { echo "Content-Length $len, body $body"; return 1; }
	# A raw HEAD must not be followed by body bytes.
	[ "$(tcurl "$MAIN_HOST" -X HEAD --max-time 5 "$url" 2>/dev/null | wc -c)" = 0 ]
}

no_panic() {
	! grep -n -A20 'PANIC' "$LOG"
}

# fwcfg_listed NAME...: the guest's console lists each fw_cfg file.
fwcfg_listed() {
	local f
	for f in "$@"; do
		grep -q "fw_cfg: opt/appliance/$f, [0-9]* bytes" "$LOG" ||
		    { echo "no fw_cfg line for $f"; grep fw_cfg "$LOG"; return 1; }
	done
}

# The certificate s_client sees is RSA-2048 (the RSA set's path).
rsa_cert() {
	local out
	out=$(sclient -servername "$MAIN_HOST")
	echo "$out" | grep -E 'public key|Cipher|Peer signature'
	echo "$out" | grep -q 'Server public key is 2048 bit' &&
	    echo "$out" | grep -qE '^ +Cipher +: ECDHE-RSA-'
}

# The attachments domain never serves site pages: a page's URL there is a
# 404, exactly (not a 5xx, not a redirect).
att_no_pages() {
	local code
	code=$(tcurl "$ATT_HOST" -o /dev/null -w '%{http_code}' \
	    "https://$ATT_HOST:$TPORT/${FIRST[0]}/docs/$(urlenc "${FIRST[1]}")") ||
	    return 1
	echo "status $code, want 404"
	[ "$code" = 404 ]
}

# One normal HTTPS request (a full handshake), as hostile.py runs it
# between attacks: the words of the command (no spaces inside words).
normal_client() {
	echo curl -sS --max-time 10 --fail -o /dev/null --cacert "$CA" \
	    --resolve "$MAIN_HOST:$TPORT:$ADDR" \
	    "https://$MAIN_HOST:$TPORT/${FIRST[0]}/docs/$(urlenc "${FIRST[1]}")"
}

# The connection cap of the HTTP engine (config.h).
conn_cap() {
	awk '$1=="#define" && $2=="HTTP_MAX_CONNS" {print $3}' include/config.h
}

# The HTTP engine's table of malformed and oversized requests
# (net/tests/malformed.py, required), run over TLS against the image.
malformed_table() {
	local t=net/tests/malformed.py
	[ -x "$t" ] || { echo "$t missing or not executable"; return 1; }
	"$t" --tls --host "$ADDR" --port "$TPORT" --cacert "$CA" \
	    --sni "$MAIN_HOST"
}

# replay FILE STATUS: show FILE, return STATUS (a result made in this
# shell, reported through check).
replay() {
	cat "$1"
	return "$2"
}

# stop_check BOOT: stop the boot's QEMU in this shell (QEMU is its child,
# not a check's) and record whether it was still running and stopped
# cleanly, with its exit status if not (lib.sh qemu_stop).
stop_check() {
	local out rc=0
	out=$(mktemp)
	qemu_stop >"$out" 2>&1 || rc=$?
	check "qemu/$1: still running, stopped cleanly" replay "$out" $rc
	rm -f "$out"
}

# Checks of the default boot: the site over HTTPS on 443, TLS by real
# clients, port 80, hostile clients.
checks_default_boot() {
	local first="${FIRST[0]}/docs/$(urlenc "${FIRST[1]}")"
	local base="https://$MAIN_HOST:$TPORT" ncl
	check "qemu/fw_cfg files read" fwcfg_listed cert.main key.main \
		cert.attachments key.attachments
	check "qemu/https certificate for $MAIN_HOST" https_cert_is "$MAIN_HOST" "$MAIN_HOST"
	check "qemu/https certificate for $ATT_HOST" https_cert_is "$ATT_HOST" "$ATT_HOST"
	check "qemu/https attachments domain serves no pages" att_no_pages
	check "qemu/https Strict-Transport-Security" https_hsts "$first"
	check "qemu/tls SNI $MAIN_HOST" sni_cert_is "$MAIN_HOST" "$MAIN_HOST"
	check "qemu/tls SNI $ATT_HOST" sni_cert_is "$ATT_HOST" "$ATT_HOST"
	check "qemu/tls unknown SNI gets the default" sni_cert_is unknown.example "$MAIN_HOST"
	check "qemu/tls no SNI gets the default" sni_cert_is - "$MAIN_HOST"
	check "qemu/tls 1.2 with an AEAD suite" tls12_aead
	check "qemu/tls ChaCha20-Poly1305" tls12_cipher ECDHE-ECDSA-CHACHA20-POLY1305
	check "qemu/tls AES-256-GCM" tls12_cipher ECDHE-ECDSA-AES256-GCM-SHA384
	check "qemu/tls 1.0 refused" tls_refused -tls1 -cipher DEFAULT@SECLEVEL=0
	check "qemu/tls 1.1 refused" tls_refused -tls1_1 -cipher DEFAULT@SECLEVEL=0
	check "qemu/tls CBC-only client refused" tls_refused -tls1_2 -cipher \
		"$TLS_CBC_SUITES"
	check "qemu/tls session resumed" tls_resumed
	check "qemu/tls ALPN http/1.1" tls_alpn
	check "qemu/tls SHA-1 signatures refused with an alert" tls_alert \
		"handshake failure" -sigalgs ECDSA+SHA1 -cipher DEFAULT@SECLEVEL=0
	check "qemu/tls SHA-224 signatures refused with an alert" tls_alert \
		"handshake failure" -sigalgs ECDSA+SHA224 -cipher DEFAULT@SECLEVEL=0
	check "qemu/tls no shared group refused with an alert" tls_alert \
		"handshake failure" -groups X448
	check "qemu/tls EC certificate only signs" cert_key_usage "$MAIN_HOST" \
		"Digital Signature"
	check "qemu/port 80 redirects to https" redirect_80 "$MAIN_HOST" "/$first?a=b&c=%20"
	check "qemu/port 80 redirect keeps the host" redirect_80 "$ATT_HOST" "/x/y.png?v=1"
	check "qemu/port 80 /healthz answered" plain_80 /healthz
	check "qemu/port 80 /readiness answered" plain_80 /readiness
	check "qemu/1000 keep-alive requests on one TLS connection" \
		keepalive_tls 1000 "$base/$first"
	check "qemu/malformed request table over TLS" malformed_table
	ncl=$(normal_client)
	check "qemu/200 slowloris connections, client served in 1 s" \
		qemu-tests/hostile.py slowloris "$ADDR" "$TPORT" "$PORT" 200 $ncl
	# The flood of 500 connections past the cap runs in the hosted e2e test
	# (real TCP to lwIP over a TAP device).  Through QEMU's user network it
	# would measure QEMU: its forwarding socket listens with a backlog of
	# 1, so a burst of SYNs is dropped and retried with backoff for minutes.
}

# Boot a disk of SIZE built from the sample site with the certificate set
# CERTS; serve one page over HTTPS, then run the checks named after it.
boot_with() {
	local size=$1 certs=$2 disk saved=$IMG saved_certs=$CERTS
	shift 2
	local boot="$size disk, ${certs##*/} certificates"
	disk=$(mktemp /tmp/appliance-disk.XXXXXX.img)
	if ! "$SITEC" --quiet --size "$size" "$disk" image/sample \
	    >"$disk.log" 2>&1
	then
		check "qemu/$boot: sitec" replay "$disk.log" 1
		rm -f "$disk" "$disk.log"
		return 1
	fi
	rm -f "$disk.log"
	IMG=$disk
	CERTS=$certs
	if qemu_start "$disk"; then
		check "qemu/$boot: page over https" \
			page_matches "${FIRST[0]}" "${FIRST[1]}"
		"$@"
		check "qemu/$boot: no panic" no_panic
	else
		check "qemu/$boot: boot" sh -c "cat '$LOG'; false"
	fi
	stop_check "$boot"
	IMG=$saved
	CERTS=$saved_certs
	rm -f "$disk" "$LOG"
}

checks_rsa_boot() {
	check "qemu/rsa: RSA-2048 certificate, ECDHE-RSA suite" rsa_cert
	check "qemu/rsa: tls 1.2 with an AEAD suite" tls12_aead
	check "qemu/rsa: SHA-1 signatures refused with an alert" tls_alert \
		"handshake failure" -sigalgs RSA+SHA1 -cipher DEFAULT@SECLEVEL=0
	check "qemu/rsa: key usage" cert_key_usage "$MAIN_HOST" \
		"Digital Signature, Key Encipherment"
	check "qemu/rsa: certificate for $ATT_HOST" https_cert_is "$ATT_HOST" "$ATT_HOST"
	check "qemu/rsa: RSA key exchange refused" tls_refused -tls1_2 -cipher \
		"AES128-GCM-SHA256:AES256-GCM-SHA384:AES128-SHA256"
	check "qemu/rsa: CBC-only client refused" tls_refused -tls1_2 -cipher \
		"$TLS_CBC_SUITES"
}

checks_san_boot() {
	check "qemu/san: certificate for $MAIN_HOST" https_cert_is "$MAIN_HOST" "$MAIN_HOST"
	check "qemu/san: same certificate for $ATT_HOST" https_cert_is "$ATT_HOST" "$MAIN_HOST"
	check "qemu/san: SNI $ATT_HOST" sni_cert_is "$ATT_HOST" "$MAIN_HOST"
}

# The appliance also serves on the microvm board: no PCI, so its NIC and
# disk are virtio-mmio devices, polled (no interrupts).  One boot from a
# private copy of the sample disk checks the pages, a 404 and the console.
# It also runs with offload=off: the NIC is started without checksum
# offload and lwIP computes and checks every sum.  QEMU's user network
# offers no offload (only a backend that takes the virtio-net header
# does), so the q35 boots take the same path; this one checks the word
# reaches the driver (the same driver on both transports) and every page
# still matches byte for byte.
boot_microvm() {
	local disk saved=$IMG line l s
	disk=$(mktemp /tmp/appliance-disk.XXXXXX.img)
	cp --sparse=always build/sample.img "$disk"
	IMG=$disk
	if qemu_start "$disk" offload=off microvm; then
		check "qemu/microvm: virtio-mmio devices found" grep -q \
			'virtio-blk: .* sectors' "$LOG"
		check "qemu/microvm offload=off: csum not negotiated" grep -q \
			'virtio-net: .* csum tx off rx off' "$LOG"
		for line in "${pages[@]}"; do
			IFS=$'\t' read -r l s <<<"$line"
			check "qemu/microvm offload=off: page $l/docs/$s" \
				page_matches "$l" "$s"
		done
		check "qemu/microvm: missing page 404" status_is 404 \
			"https://$MAIN_HOST:$TPORT/${FIRST[0]}/docs/No/Such/Page"
		check "qemu/microvm: no panic" no_panic
	else
		check "qemu/microvm: boot" sh -c "cat '$LOG'; false"
	fi
	stop_check microvm
	IMG=$saved
	rm -f "$disk" "$LOG"
}

# config_refused WHY APPEND: the image refuses the command line APPEND
# before serving anything: QEMU ends by itself with status 35 (main()
# failed) and the console says WHY.  The same limits and messages as the
# hosted platform's (lib/config_words.c, app/config.c; test_config).
config_refused() {
	local why=$1 append=$2 st
	if qemu_start "" "$append"; then
		qemu_stop
		echo "the guest served with: $append"
		return 1
	fi
	wait "$QEMU_PID"
	st=$?
	QEMU_PID=
	grep -E 'config:|appliance:' "$LOG"
	grep -qF "$why" "$LOG" && [ "$st" = 35 ] ||
	    { echo "QEMU status $st, want 35"; rm -f "$LOG"; return 1; }
	rm -f "$LOG"
}

# `make run` as a developer uses it: the URL it prints serves the page over
# HTTPS with the CA it names (a 200), and port 80 redirects there.
make_run_serves() {
	local log pid url rc=1 i code
	log=$(mktemp)
	PORT=$(free_port) TPORT=$(free_port) setsid make -s run </dev/null >"$log" 2>&1 &
	pid=$!
	for ((i = 0; i < BOOT_TIMEOUT * 10; i++)); do
		grep -q 'appliance: serving' "$log" && break
		sleep 0.1
	done
	url=$(grep -o 'https://localhost:[0-9]*/[^ ]*' "$log" | head -1)
	echo "make run printed: $url"
	if [ -n "$url" ]; then
		code=$(curl -sS --max-time 20 -o /dev/null -w '%{http_code}' \
		    --cacert build/certs/ca.crt "$url")
		echo "status $code, want 200"
		[ "$code" = 200 ] && rc=0
	fi
	kill -- -"$pid" 2>/dev/null
	wait "$pid" 2>/dev/null
	[ $rc = 0 ] || cat "$log"
	rm -f "$log"
	return $rc
}

qemu_tests() {
	local pages=() line
	# A private copy: QEMU locks its disk, and `make run` may hold the original.
	IMG=$(mktemp /tmp/appliance-sample.XXXXXX.img)
	cp --sparse=always build/sample.img "$IMG"
	mapfile -t pages < <("$SITEC" --pages "$IMG")
	# Every check below needs a page to ask for.
	check "qemu/sample disk lists pages" test "${#pages[@]}" -gt 0
	IFS=$'\t' read -r -a FIRST <<<"${pages[0]:-}"

	if ! qemu_start "$IMG"; then
		check "qemu/boot-q35-serves" sh -c "cat '$LOG'; false"
		stop_check q35
		rm -f "$IMG" "$LOG"
		return
	fi
	check "qemu/boot-q35-serves" grep -q 'appliance: serving' "$LOG"
	for line in "${pages[@]}"; do
		local l s
		IFS=$'\t' read -r l s <<<"$line"
		check "qemu/page $l/docs/$s" page_matches "$l" "$s"
	done
	local up lo base="https://$MAIN_HOST:$TPORT"
	up=$(tr '[:lower:]' '[:upper:]' <<<"${FIRST[1]}")
	lo=$(tr '[:upper:]' '[:lower:]' <<<"${FIRST[1]}")
	check "qemu/slug case-insensitive (upper)" page_matches "${FIRST[0]}" "${FIRST[1]}" "$up"
	check "qemu/slug case-insensitive (lower)" page_matches "${FIRST[0]}" "${FIRST[1]}" "$lo"
	check "qemu/missing page 404" status_is 404 "$base/${FIRST[0]}/docs/No/Such/Page"
	check "qemu/root redirects to a locale" status_is 301 "$base/"
	check "qemu/host with port and case" status_is 200 -H "Host: LocalHost:9999" \
		"$base/${FIRST[0]}/docs/$(urlenc "${FIRST[1]}")"
	check "qemu/HEAD" head_ok "${FIRST[0]}" "${FIRST[1]}"
	checks_default_boot
	check "qemu/no panic on console" no_panic
	stop_check q35
	rm -f "$LOG"

	rm -f "$IMG"
	boot_with 1G build/certs/rsa checks_rsa_boot
	boot_with 10M build/certs/san checks_san_boot
	boot_microvm
	# lib.sh adds https_redirect_port=: 64 more words are one too many.
	check "qemu/config: 65 words refused" config_refused \
		"config: 65 words, more than 64" "$(printf 'log=on %.0s' {1..64})"
	check "qemu/config: an unknown key refused" config_refused \
		'config: unknown key in "htpp_port=8080"' "htpp_port=8080"
	check "qemu/config: offload=maybe refused" config_refused \
		'config: offload=maybe: not on or off' "offload=maybe"
	# It boots under TCG first (up to BOOT_TIMEOUT).
	CHECK_LIMIT=$((BOOT_TIMEOUT + CHECK_LIMIT)) \
		check "make run serves the URL it prints" make_run_serves
}
