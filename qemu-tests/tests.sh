# tests.sh: boot tests.  Sourced by scripts/run-tests.sh, which provides
# check().  Each boot costs tens of seconds under TCG, so one boot serves
# many checks; every check talks to the real image with a real client.

source qemu-tests/lib.sh

IMG=build/sample.img
MKIMAGE=build/mkimage

# Percent-encode a slug for a URL (slashes kept).
urlenc() {
	python3 -c 'import sys, urllib.parse; print(urllib.parse.quote(sys.argv[1], safe="/"))' "$1"
}

# page_matches LOCALE SLUG [URL-SLUG]: the served page equals the stored one.
page_matches() {
	local locale=$1 slug=$2 path=${3:-$2}
	local want got
	want=$(mktemp) got=$(mktemp)
	"$MKIMAGE" --get "$IMG" "$locale" "$slug" >"$want" || return 1
	curl -sS --fail -o "$got" "http://localhost:$PORT/$locale/docs/$(urlenc "$path")" || return 1
	cmp "$want" "$got"
	local rc=$?
	rm -f "$want" "$got"
	return $rc
}

# status_is CODE CURL-ARGS...: the response status is CODE.
status_is() {
	local want=$1 got
	shift
	got=$(curl -sS -o /dev/null -w '%{http_code}' "$@") || return 1
	[ "$got" = "$want" ] || { echo "status $got, want $want"; return 1; }
}

# A HEAD answers like GET, with Content-Length and no body.
head_ok() {
	local url="http://localhost:$PORT/$1/docs/$(urlenc "$2")" len hdr body
	hdr=$(curl -sS -I "$url") || return 1
	echo "$hdr"
	echo "$hdr" | head -1 | grep -q ' 200' || return 1
	len=$(echo "$hdr" | tr -d '\r' | awk -F': ' 'tolower($1)=="content-length"{print $2}')
	body=$(curl -sS "$url" | wc -c)
	[ "$len" = "$body" ] || { echo "Content-Length $len, body $body"; return 1; }
	# A raw HEAD must not be followed by body bytes.
	[ "$(curl -sS -X HEAD --max-time 5 "$url" 2>/dev/null | wc -c)" = 0 ]
}

# 100 requests on one keep-alive connection: curl must connect once.
keepalive_100() {
	local url="http://localhost:$PORT/$1/docs/$(urlenc "$2")" args=() i out
	for ((i = 0; i < 100; i++)); do args+=("$url"); done
	out=$(curl -sS -v -o /dev/null "${args[@]}" 2>&1) || return 1
	local conns ok
	conns=$(echo "$out" | grep -c '^\* Connected to')
	ok=$(echo "$out" | grep -c '^< HTTP/1.1 200')
	echo "connections: $conns, 200s: $ok"
	[ "$conns" = 1 ] && [ "$ok" = 100 ]
}

no_panic() {
	! grep -n -A20 'PANIC' "$LOG"
}

# Boot a disk of SIZE built from the sample site and serve one page.
boot_with_disk_size() {
	local size=$1 disk
	disk=$(mktemp /tmp/appliance-disk.XXXXXX.img)
	"$MKIMAGE" --size "$size" image/sample "$disk" >/dev/null || return 1
	local saved=$IMG rc=0
	IMG=$disk
	if qemu_start "$disk"; then
		page_matches "${FIRST[0]}" "${FIRST[1]}" || rc=1
	else
		cat "$LOG"; rc=1
	fi
	qemu_stop
	IMG=$saved
	rm -f "$disk" "$LOG"
	return $rc
}

# The kernel also boots on the microvm board (no PCI: no NIC, no disk).
# It must reach main() and leave through isa-debug-exit without a panic.
boot_microvm() {
	local log rc=0
	log=$(mktemp)
	timeout 120 bash -c "$(qemu_cmd microvm '' 0 '')" </dev/null >"$log" 2>&1 || rc=$?
	cat "$log"
	echo "QEMU status $rc"
	grep -q 'PANIC' "$log" && rc=1
	rm -f "$log"
	# 35: main() said that it has no data disk, as it must here.
	[ $rc = 35 ]
}

qemu_tests() {
	local pages=() line
	# A private copy: QEMU locks its disk, and `make run` may hold the original.
	IMG=$(mktemp /tmp/appliance-sample.XXXXXX.img)
	cp --sparse=always build/sample.img "$IMG"
	mapfile -t pages < <("$MKIMAGE" --list "$IMG")
	IFS=$'\t' read -r -a FIRST <<<"${pages[0]}"

	if ! qemu_start "$IMG"; then
		check "qemu/boot-q35-serves" sh -c "cat '$LOG'; false"
		qemu_stop
		return
	fi
	check "qemu/boot-q35-serves" true
	for line in "${pages[@]}"; do
		local l s
		IFS=$'\t' read -r l s <<<"$line"
		check "qemu/page $l/docs/$s" page_matches "$l" "$s"
	done
	local up lo
	up=$(tr '[:lower:]' '[:upper:]' <<<"${FIRST[1]}")
	lo=$(tr '[:upper:]' '[:lower:]' <<<"${FIRST[1]}")
	check "qemu/slug case-insensitive (upper)" page_matches "${FIRST[0]}" "${FIRST[1]}" "$up"
	check "qemu/slug case-insensitive (lower)" page_matches "${FIRST[0]}" "${FIRST[1]}" "$lo"
	check "qemu/missing page 404" status_is 404 "http://localhost:$PORT/${FIRST[0]}/docs/No/Such/Page"
	check "qemu/root 404" status_is 404 "http://localhost:$PORT/"
	check "qemu/host with port and case" status_is 200 -H "Host: LocalHost:9999" \
		"http://localhost:$PORT/${FIRST[0]}/docs/$(urlenc "${FIRST[1]}")"
	check "qemu/HEAD" head_ok "${FIRST[0]}" "${FIRST[1]}"
	check "qemu/100 keep-alive requests" keepalive_100 "${FIRST[0]}" "${FIRST[1]}"
	check "qemu/no panic on console" no_panic
	qemu_stop
	rm -f "$LOG"

	rm -f "$IMG"
	check "qemu/1 GiB data disk serves" boot_with_disk_size 1G
	check "qemu/boot-microvm" boot_microvm
}
