# tls.sh: checks of the HTTPS side with real clients (curl, openssl
# s_client), for tests.sh.  Each function is one check: silent but for
# what explains a failure, status 0 on success.  They talk to $ADDR (the
# node's address as the client dials it), $TPORT (its 443) and $PORT (its
# 80), trusting $CA, so the same checks run against the appliance under
# QEMU (forwarded ports on 127.0.0.1), on the hosted platform, or against
# nginx (to check the checks).  Sourced after lib.sh.

: "${ADDR:=127.0.0.1}"
: "${CA:=build/certs/ca.crt}"
MAIN_HOST=localhost
ATT_HOST=attachments.localhost

# curl to NAME over HTTPS at the node, whatever NAME resolves to.
tcurl() {
	local name=$1
	shift
	curl -sS --max-time 20 --cacert "$CA" \
		--resolve "$name:$TPORT:$ADDR" "$@"
}

# s_client [ARGS...]: one handshake, then close (stdin is empty).
sclient() {
	timeout 20 openssl s_client -connect "$ADDR:$TPORT" -CAfile "$CA" \
		"$@" </dev/null 2>&1
}

# https_cert_is NAME CN: curl to https://NAME verifies the chain and the
# name, and the certificate the server sent has subject CN.
https_cert_is() {
	local name=$1 cn=$2 out
	out=$(tcurl "$name" -v -o /dev/null "https://$name:$TPORT/" 2>&1)
	local rc=$?
	echo "$out" | grep -E '^\* +(subject|subjectAltName|issuer|SSL connection)'
	[ $rc = 0 ] || { echo "curl status $rc"; echo "$out" | tail -5; return 1; }
	echo "$out" | grep -qE "^\* +subject: .*CN ?= ?$cn(;|,|$)"
}

# https_hsts PATH: the page at PATH is served (200) on 443 with the
# Strict-Transport-Security the node promises (two years, config.h).
https_hsts() {
	local hdr age
	age=$(awk '$2=="HTTP_HSTS_MAX_AGE" {print $3}' include/config.h)
	hdr=$(tcurl "$MAIN_HOST" -I "https://$MAIN_HOST:$TPORT/$1") || return 1
	echo "$hdr"
	echo "$hdr" | head -1 | grep -q '^HTTP/1.1 200 ' &&
	    echo "$hdr" | tr -d '\r' |
	    grep -qix "strict-transport-security: max-age=$age"
}

# sni_cert_is SNI CN: s_client sending SNI (none if SNI is "-") is given a
# chain that verifies against the CA, with the leaf's subject CN.
sni_cert_is() {
	local sni=$1 cn=$2 out
	if [ "$sni" = - ]; then
		out=$(sclient -noservername)
	else
		out=$(sclient -servername "$sni")
	fi
	echo "$out" | grep -E '^(subject|issuer)=|Verify return|Protocol|Cipher'
	echo "$out" | grep -qE "^subject=.*CN ?= ?$cn\$" &&
	    echo "$out" | grep -q 'Verify return code: 0 (ok)'
}

# tls12_aead [ARGS...]: with the client's defaults (it offers TLS 1.3
# too) the node negotiates TLS 1.2 and one of the AEAD ECDHE suites.
tls12_aead() {
	local out cipher
	out=$(sclient -servername "$MAIN_HOST" "$@")
	echo "$out" | grep -E '^ *(Protocol|Cipher) *:|^New,'
	echo "$out" | grep -qE '^ +Protocol +: TLSv1\.2$' || return 1
	cipher=$(echo "$out" | awk '$1=="Cipher" && $2==":" {print $3}')
	[ -n "$cipher" ] && [[ ":$TLS_AEAD_SUITES:" == *":$cipher:"* ]]
}

# tls12_cipher CIPHER: a client offering only CIPHER gets it.
tls12_cipher() {
	local out
	out=$(sclient -servername "$MAIN_HOST" -tls1_2 -cipher "$1")
	echo "$out" | grep -E '^ *(Protocol|Cipher) *:|^New,'
	echo "$out" | grep -qE "^ +Cipher +: $1\$"
}

# tls_refused ARGS...: a client limited by ARGS gets no session.  The
# client's own security level is lowered so that it really offers TLS 1.0
# or 1.1 or weak suites instead of refusing to send them itself.
tls_refused() {
	local out rc=0
	# Control: the node does serve a TLS 1.2 client at all, so that a
	# refusal below is the node's policy, not a dead port.
	out=$(sclient -servername "$MAIN_HOST" -tls1_2)
	echo "$out" | grep -q '^New, TLSv1.2, Cipher is [A-Z]' ||
	    { echo "control: no TLS 1.2 session at all"; return 1; }
	out=$(sclient -servername "$MAIN_HOST" "$@") || rc=$?
	echo "$out" | grep -E 'alert|error|Protocol|Cipher|^New' | head -8
	echo "s_client status $rc"
	# Sent its hello, got no session: "Cipher is (NONE)" or no cert.
	echo "$out" | grep -q 'CONNECTED(' || return 1
	[ $rc != 0 ] && ! echo "$out" | grep -qE '^New, TLSv1(\.[0-3])?, Cipher is [A-Z]'
}

# tls_alert ALERT ARGS...: a TLS 1.2 client limited by ARGS is refused
# with the fatal alert ALERT as OpenSSL names it ("handshake failure"),
# not a bare close.  E.g. -sigalgs ECDSA+SHA1 (RFC 9155: no SHA-1 or
# SHA-224 signatures) or -groups X448 (a group the node lacks).
tls_alert() {
	local alert=$1 out rc=0
	shift
	out=$(sclient -servername "$MAIN_HOST" -tls1_2)
	echo "$out" | grep -q '^New, TLSv1.2, Cipher is [A-Z]' ||
	    { echo "control: no TLS 1.2 session at all"; return 1; }
	out=$(sclient -servername "$MAIN_HOST" -tls1_2 "$@") || rc=$?
	echo "$out" | grep -E 'alert|error|^New' | head -4
	echo "s_client status $rc"
	[ $rc != 0 ] && echo "$out" | grep -q "alert $alert" &&
	    ! echo "$out" | grep -qE '^New, TLSv1(\.[0-3])?, Cipher is [A-Z]'
}

# cert_key_usage NAME USAGE: the leaf certificate the node sends for SNI
# NAME has exactly the key usage USAGE as OpenSSL prints it ("Digital
# Signature" for an EC key: no keyEncipherment, which scanners flag).
cert_key_usage() {
	local name=$1 want=$2 got
	got=$(sclient -servername "$name" | openssl x509 -noout \
		-ext keyUsage 2>/dev/null | sed -n '2s/^ *//p')
	echo "key usage: $got"
	[ "$got" = "$want" ]
}

# tls_resumed: a second connection offering the first one's session
# resumes it (a server-side session cache; BearSSL has no tickets).
tls_resumed() {
	local s out
	s=$(mktemp)
	out=$(sclient -servername "$MAIN_HOST" -tls1_2 -sess_out "$s")
	echo "$out" | grep -E '^(New|Reused),'
	out=$(sclient -servername "$MAIN_HOST" -tls1_2 -sess_in "$s")
	rm -f "$s"
	echo "$out" | grep -E '^(New|Reused),'
	echo "$out" | grep -q '^Reused, TLSv1.2,'
}

# tls_alpn: offering h2 and http/1.1, the node picks http/1.1.
tls_alpn() {
	local out
	out=$(sclient -servername "$MAIN_HOST" -alpn h2,http/1.1)
	echo "$out" | grep -E 'ALPN'
	echo "$out" | grep -q '^ALPN protocol: http/1.1$'
}

# redirect_80 HOST PATH: port 80 answers 301 to https://HOST:<TPORT>PATH
# (same host, path and query), whatever the request.
redirect_80() {
	local host=$1 path=$2 hdr want
	hdr=$(curl -sS --max-time 20 -I -H "Host: $host:$PORT" \
		"http://$ADDR:$PORT$path" | tr -d '\r') || return 1
	echo "$hdr"
	want="https://$host:$TPORT$path"
	echo "$hdr" | head -1 | grep -q '^HTTP/1.1 301' &&
	    echo "$hdr" | grep -qixF "location: $want"
}

# plain_80 PATH: port 80 answers PATH itself with a 200 (load balancer
# probes), no redirect.
plain_80() {
	local hdr
	hdr=$(curl -sS --max-time 20 -i "http://$ADDR:$PORT$1" | tr -d '\r') ||
	    return 1
	echo "$hdr" | head -12
	echo "$hdr" | head -1 | grep -q '^HTTP/1.1 204' &&
	    ! echo "$hdr" | grep -qi '^location:'
}

# keepalive_tls N URL: N requests on one TLS connection all get a 200:
# curl connects once (one handshake) and sees N status lines.
keepalive_tls() {
	local n=$1 url=$2 args=() i out conns ok
	for ((i = 0; i < n; i++)); do args+=("$url"); done
	out=$(tcurl "$MAIN_HOST" -v -o /dev/null "${args[@]}" 2>&1) || {
		echo "$out" | tail -20; return 1; }
	conns=$(echo "$out" | grep -c '^\* Connected to')
	ok=$(echo "$out" | grep -c '^< HTTP/1.1 200')
	echo "connections: $conns, 200s: $ok"
	[ "$conns" = 1 ] && [ "$ok" = "$n" ]
}
