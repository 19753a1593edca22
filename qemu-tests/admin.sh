#!/bin/bash
# admin.sh: boot tests of the admin API (app/admin.c) under QEMU: its own
# TLS port (guest 9443) that requires client certificates of admin_ca.
#
# One boot with the ECDSA site set, whose directory holds admin_ca
# (scripts/mkcerts.sh copies the admin CA into every set), then real
# clients: the publisher's certificate gets /status (JSON with the
# store's content id, the one /media/revision.txt shows on the site),
# /metrics (Prometheus text), /logs (JSON lines), 501 for POST /snapshot
# and 404 for a site page; no certificate, another CA's and an expired
# one are refused at the handshake with a fatal alert; the site's HTTPS
# port answers 404 for /status.  A second boot without admin_ca: the
# admin port does not listen, and the log says so.
#
#   qemu-tests/admin.sh         (from the repository root; make first)
# Prints PASS/FAIL lines and "N passed, N failed"; exit 1 on a failure.
set -u
cd "$(dirname "$0")/.." || exit 1
. qemu-tests/lib.sh

: "${CA:=build/certs/ca.crt}"
ADM=build/certs/admin
MAIN_HOST=localhost
TMP=$(mktemp -d /tmp/appliance-admin.XXXXXX)
PASS=0 FAIL=0 QEMU_PID=
cleanup() {
	[ -n "$QEMU_PID" ] && qemu_stop >/dev/null
	rm -rf "$TMP"
}
trap cleanup EXIT

for f in "$KERNEL" build/sample.img "$ADM/publisher.crt" \
    "$CERTS/admin_ca"; do
	[ -f "$f" ] || { echo "FAIL admin: $f is missing (make first)"; echo "0 passed, 1 failed"; exit 1; }
done

# lib.sh forwards the guest's 80 and 443; the admin port joins them:
# qemu_cmd is wrapped, so qemu_start boots with APORT forwarded too.
eval "lib_$(declare -f qemu_cmd)"
qemu_cmd() {
	local cmd fwd="hostfwd=tcp:127.0.0.1:$3-:80"
	cmd=$(lib_qemu_cmd "$@")
	printf '%s' "${cmd/"$fwd"/"$fwd,hostfwd=tcp:127.0.0.1:$APORT-:9443"}"
}
APORT=$(free_port)

check() {
	local name=$1 out
	shift
	if out=$("$@" 2>&1); then
		echo "PASS $name"
		PASS=$((PASS + 1))
	else
		echo "FAIL $name"
		[ -n "$out" ] && echo "$out" | sed 's/^/    /' | tail -n 20
		FAIL=$((FAIL + 1))
	fi
}

# stop_check NAME: qemu_stop in this shell (it must wait for its own
# child, and clear QEMU_PID here), as a check.
stop_check() {
	if qemu_stop >"$TMP/stop" 2>&1; then
		echo "PASS $1"
		PASS=$((PASS + 1))
	else
		echo "FAIL $1"
		sed 's/^/    /' "$TMP/stop"
		FAIL=$((FAIL + 1))
	fi
}

# acurl CERT [CURL-ARGS...]: curl to the admin port as CERT's holder
# (CERT "-": no client certificate).
acurl() {
	local who=$1
	shift
	local -a id=()
	[ "$who" != - ] && id=(--cert "$ADM/$who.crt" --key "$ADM/$who.key")
	curl -sS --max-time 20 --cacert "$CA" "${id[@]}" \
		--resolve "$MAIN_HOST:$APORT:127.0.0.1" "$@"
}

# astatus CODE CERT PATH [CURL-ARGS...]: the admin port answers CODE.
astatus() {
	local want=$1 who=$2 path=$3 got
	shift 3
	got=$(acurl "$who" -o /dev/null -w '%{http_code}' "$@" \
		"https://$MAIN_HOST:$APORT$path") || return 1
	[ "$got" = "$want" ] || { echo "status $got, want $want"; return 1; }
}

# status_json: 200, JSON, with the content id the site itself reports
# (the first 40 digits at /media/revision.txt).
status_json() {
	local body rev
	body=$(acurl publisher --fail "https://$MAIN_HOST:$APORT/status") ||
		return 1
	echo "$body"
	python3 -c 'import json,sys; d=json.loads(sys.argv[1]); assert isinstance(d["content_id"], str) and d["content_id"], d; assert d["uptime_s"] >= 0; assert d["connections"]["open"] >= 1' "$body" || return 1
	rev=$(curl -sS --max-time 20 --cacert "$CA" \
		--resolve "$MAIN_HOST:$TPORT:127.0.0.1" \
		"https://$MAIN_HOST:$TPORT/media/revision.txt") || return 1
	echo "site revision: $rev"
	[ -n "$rev" ] && [ "$rev" != undefined ] &&
		[[ "$body" == *"\"content_id\":\"$rev"* ]]
}

# metrics_text: 200, text/plain, # TYPE lines and the counters we promise,
# with the admin port's own handshakes counted.
metrics_text() {
	local out
	out=$(acurl publisher --fail -D "$TMP/h" \
		"https://$MAIN_HOST:$APORT/metrics") || return 1
	tr -d '\r' <"$TMP/h" | grep -qi '^content-type: text/plain' ||
		{ cat "$TMP/h"; return 1; }
	echo "$out" | grep -c '^# TYPE ' | grep -qv '^0$' || return 1
	local m
	for m in appliance_connections_accepted_total \
	    appliance_tls_handshakes_total appliance_bytes_sent_total \
	    appliance_http_responses_total appliance_store_bytes \
	    appliance_uptime_seconds; do
		echo "$out" | grep -q "^# TYPE $m " ||
			{ echo "no $m"; echo "$out"; return 1; }
	done
	echo "$out" | grep -qE '^appliance_tls_handshakes_total\{port="9443"\} [1-9]' ||
		{ echo "$out"; return 1; }
}

# logs_jsonl: 200, every line a JSON object with ts and line, and the
# node's start-up line among them.
logs_jsonl() {
	local out
	out=$(acurl publisher --fail "https://$MAIN_HOST:$APORT/logs") ||
		return 1
	python3 -c '
import json, sys
lines = sys.stdin.read().splitlines()
assert lines, "no lines"
for l in lines:
    d = json.loads(l)
    assert isinstance(d["ts"], (int, float)) and isinstance(d["line"], str), l
assert any("appliance: serving" in json.loads(l)["line"] for l in lines), "no serving line"
' <<<"$out" || { echo "$out" | head -5; return 1; }
}

# refused WHO ALERT: the handshake fails with a fatal alert from the
# node (s_client names it), and curl gets nothing.
refused() {
	local who=$1 alert=$2 out
	local -a id=()
	[ "$who" != - ] && id=(-cert "$ADM/$who.crt" -key "$ADM/$who.key")
	out=$(timeout 20 openssl s_client -connect "127.0.0.1:$APORT" \
		-servername "$MAIN_HOST" -CAfile "$CA" -tls1_2 "${id[@]}" \
		</dev/null 2>&1)
	echo "$out" | grep -E 'alert|error|Verify' | head -5
	echo "$out" | grep -q "alert $alert" || return 1
	# curl: no response at all (status 000), an error exit.
	! acurl "$who" -o /dev/null "https://$MAIN_HOST:$APORT/status"
}

IMG=$TMP/disk.img
cp --sparse=always build/sample.img "$IMG"
if qemu_start "$IMG"; then
	check "admin: the port listens (log line)" \
		grep -q 'admin: https port 9443' "$LOG"
	check "admin: publisher gets /status (JSON, content id)" status_json
	check "admin: publisher gets /metrics (# TYPE lines)" metrics_text
	check "admin: publisher gets /logs (JSON lines)" logs_jsonl
	check "admin: HEAD /status 200" astatus 200 publisher /status -I
	check "admin: POST /snapshot 501" astatus 501 publisher /snapshot \
		-X POST --data-binary x
	check "admin: GET /snapshot 405" astatus 405 publisher /snapshot
	check "admin: unknown path 404" astatus 404 publisher /nope
	check "admin: a site page is 404 here" astatus 404 publisher \
		/media/revision.txt
	check "admin: no client certificate refused at the handshake" \
		refused - "handshake failure"
	check "admin: another CA's certificate refused (unknown ca)" \
		refused untrusted "unknown ca"
	check "admin: an expired certificate refused (certificate expired)" \
		refused expired "certificate expired"
	check "admin: the node says why (log)" \
		grep -q 'tls: .*client certificate expired' "$LOG"
	check "site: https /status is 404" sh -c "[ \"\$(curl -sS --max-time 20 \
		--cacert '$CA' --resolve '$MAIN_HOST:$TPORT:127.0.0.1' \
		-o /dev/null -w '%{http_code}' \
		'https://$MAIN_HOST:$TPORT/status')\" = 404 ]"
	check "site: https /metrics is 404" sh -c "[ \"\$(curl -sS --max-time 20 \
		--cacert '$CA' --resolve '$MAIN_HOST:$TPORT:127.0.0.1' \
		-o /dev/null -w '%{http_code}' \
		'https://$MAIN_HOST:$TPORT/metrics')\" = 404 ]"
	check "admin: still serving after the refusals" astatus 200 publisher \
		/status
	stop_check "qemu/admin: still running, stopped cleanly"
else
	check "qemu/admin: boot" sh -c "tail -n 30 '$LOG'; false"
	qemu_stop >/dev/null
fi
rm -f "$LOG"

# Without admin_ca: no admin port, one line that says so.
mkdir -p "$TMP/noadmin"
cp "$CERTS"/cert.* "$CERTS"/key.* "$TMP/noadmin/"
CERTS=$TMP/noadmin
if qemu_start "$IMG"; then
	check "noadmin: the log says the admin port does not listen" \
		grep -q 'admin: no admin_ca: the admin port does not listen' "$LOG"
	check "noadmin: nothing answers on the admin port" sh -c \
		"! curl -sS --max-time 10 -k https://127.0.0.1:$APORT/status"
	check "noadmin: the site still serves" sh -c "curl -sS --fail \
		--max-time 20 --cacert '$CA' --resolve '$MAIN_HOST:$TPORT:127.0.0.1' \
		-o /dev/null 'https://$MAIN_HOST:$TPORT/media/revision.txt'"
	stop_check "qemu/noadmin: still running, stopped cleanly"
else
	check "qemu/noadmin: boot" sh -c "tail -n 30 '$LOG'; false"
	qemu_stop >/dev/null
fi
rm -f "$LOG"

echo "$PASS passed, $FAIL failed"
[ "$FAIL" = 0 ]
