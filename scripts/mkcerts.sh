#!/bin/bash
# mkcerts.sh DIR: a local certificate authority and, signed by it, server
# certificates for the sample site's two domains, for `make run`, the
# tests and the bench.  Generated at build time, never committed.
#
# DIR/ca.crt, DIR/ca.key   the CA (EC P-256), for curl --cacert
# DIR/ecdsa/               the default set, ECDSA P-256 (SEC1 keys)
# DIR/rsa/                 the same names with RSA-2048 keys (PKCS#8 keys)
# DIR/san/                 one ECDSA certificate for both names
# DIR/admin/               the admin API's clients (app/admin.c):
#   ca.crt                   the admin CA (EC P-256), a CA of its own:
#                            a site certificate must not open the admin
#                            port; copied into each set as admin_ca
#   publisher.crt, .key      a client certificate it signed (clientAuth)
#   untrusted.crt, .key      the same from another CA (refused)
#   expired.crt, .key        the admin CA's, valid only in January 2020
#                            (refused; `openssl ca`, as `openssl x509`
#                            of OpenSSL 3.0 cannot date in the past)
#
# Each set is a configuration directory as the appliance reads it (hosted
# config_dir=DIR/ecdsa; QEMU -fw_cfg name=opt/appliance/<file>): cert.main
# and key.main for the main domain (CN localhost, SANs DNS:localhost and
# IP:127.0.0.1), cert.attachments and key.attachments for the attachments
# domain (attachments.localhost).  san/ has only cert.main and key.main,
# valid for both names.  A cert.* file is the PEM chain the server sends:
# the leaf only, as the CA is the client's trust anchor.
#
# The three key encodings BearSSL's br_skey_decoder reads all appear:
# "EC PRIVATE KEY" (ecdsa/, san/), "PRIVATE KEY" (PKCS#8, rsa/); ca.key
# is PKCS#8 too.  Serial numbers are random, so regenerated certificates
# never collide with ones a browser has cached.
set -eu
DIR=${1:?usage: mkcerts.sh DIR}
MAIN=${MAIN_HOST:-localhost}
ATT=${ATTACHMENTS_HOST:-attachments.localhost}
DAYS=${DAYS:-365}
umask 077
tmp=$(mktemp -d "${TMPDIR:-/tmp}/mkcerts.XXXXXX")
trap 'rm -rf "$tmp"' EXIT
mkdir -p "$tmp/ecdsa" "$tmp/rsa" "$tmp/san" "$tmp/admin"

ec_key() {
	openssl ecparam -name prime256v1 -genkey -noout -out "$1" 2>/dev/null
}
rsa_key() {
	openssl genpkey -algorithm RSA -pkeyopt rsa_keygen_bits:2048 \
		-out "$1" 2>/dev/null
}

# sign KEY CN SANS OUT ec|rsa: a leaf certificate for KEY, signed by the
# CA.  Key usage: an EC key only signs (ECDHE_ECDSA); keyEncipherment is
# for RSA keys alone (RFC 5480 rules it out for EC; scanners flag it).
sign() {
	local key=$1 cn=$2 sans=$3 out=$4 ku=digitalSignature
	[ "$5" = rsa ] && ku="$ku, keyEncipherment"
	cat >"$tmp/ext" <<EXT
basicConstraints = critical, CA:FALSE
keyUsage = critical, $ku
extendedKeyUsage = serverAuth
subjectAltName = $sans
subjectKeyIdentifier = hash
authorityKeyIdentifier = keyid
EXT
	openssl req -new -key "$key" -subj "/O=Appliance test/CN=$cn" \
		-out "$tmp/csr" 2>/dev/null
	openssl x509 -req -in "$tmp/csr" -CA "$tmp/ca.crt" \
		-CAkey "$tmp/ca.key" -set_serial "0x$(openssl rand -hex 16)" \
		-days "$DAYS" -sha256 -extfile "$tmp/ext" -out "$out" 2>/dev/null
}

openssl genpkey -algorithm EC -pkeyopt ec_paramgen_curve:P-256 \
	-out "$tmp/ca.key" 2>/dev/null
openssl req -x509 -new -key "$tmp/ca.key" -sha256 -days "$DAYS" \
	-subj "/O=Appliance test/CN=Appliance local test CA" \
	-addext "basicConstraints = critical, CA:TRUE, pathlen:0" \
	-addext "keyUsage = critical, keyCertSign, cRLSign" \
	-addext "subjectKeyIdentifier = hash" \
	-out "$tmp/ca.crt" 2>/dev/null

main_sans="DNS:$MAIN, IP:127.0.0.1"
att_sans="DNS:$ATT"
for set in ecdsa rsa; do
	for who in main attachments; do
		if [ $set = ecdsa ]; then
			ec_key "$tmp/$set/key.$who"
		else
			rsa_key "$tmp/$set/key.$who"
		fi
	done
	type=ec
	[ $set = rsa ] && type=rsa
	sign "$tmp/$set/key.main" "$MAIN" "$main_sans" "$tmp/$set/cert.main" \
		$type
	sign "$tmp/$set/key.attachments" "$ATT" "$att_sans" \
		"$tmp/$set/cert.attachments" $type
done
ec_key "$tmp/san/key.main"
sign "$tmp/san/key.main" "$MAIN" "DNS:$MAIN, DNS:$ATT, IP:127.0.0.1" \
	"$tmp/san/cert.main" ec

# admin_ca KEY CN OUT: a self-signed CA certificate.
admin_ca() {
	openssl req -x509 -new -key "$1" -sha256 -days "$DAYS" \
		-subj "/O=Appliance test/CN=$2" \
		-addext "basicConstraints = critical, CA:TRUE, pathlen:0" \
		-addext "keyUsage = critical, keyCertSign, cRLSign" \
		-addext "subjectKeyIdentifier = hash" -out "$3" 2>/dev/null
}
# client CAKEY CACRT NAME [START END]: a client certificate and key,
# NAME.crt and NAME.key in admin/, valid DAYS, or from START to END.
client() {
	local a=$tmp/admin
	ec_key "$a/$3.key"
	openssl req -new -key "$a/$3.key" -out "$tmp/csr" \
		-subj "/O=Appliance test/CN=$3" 2>/dev/null
	cat >"$tmp/ext" <<EXT
basicConstraints = critical, CA:FALSE
keyUsage = critical, digitalSignature
extendedKeyUsage = clientAuth
subjectKeyIdentifier = hash
authorityKeyIdentifier = keyid
EXT
	if [ $# = 3 ]; then
		openssl x509 -req -in "$tmp/csr" -CA "$2" -CAkey "$1" \
			-set_serial "0x$(openssl rand -hex 16)" -days "$DAYS" \
			-sha256 -extfile "$tmp/ext" -out "$a/$3.crt" 2>/dev/null
		return
	fi
	mkdir -p "$tmp/ca.db"
	: >"$tmp/ca.db/index"
	openssl rand -hex 16 >"$tmp/ca.db/serial"
	cat >"$tmp/ca.db/cnf" <<CNF
[ca]
default_ca = d
[d]
database = $tmp/ca.db/index
new_certs_dir = $tmp/ca.db
serial = $tmp/ca.db/serial
default_md = sha256
policy = p
unique_subject = no
[p]
organizationName = supplied
commonName = supplied
CNF
	openssl ca -batch -config "$tmp/ca.db/cnf" -cert "$2" -keyfile "$1" \
		-in "$tmp/csr" -out "$a/$3.crt" -notext -extfile "$tmp/ext" \
		-startdate "$4" -enddate "$5" 2>/dev/null
	rm -rf "$tmp/ca.db"
}
ec_key "$tmp/admin/ca.key"
admin_ca "$tmp/admin/ca.key" "Appliance admin test CA" "$tmp/admin/ca.crt"
ec_key "$tmp/other-ca.key"
admin_ca "$tmp/other-ca.key" "Some other CA" "$tmp/other-ca.crt"
client "$tmp/admin/ca.key" "$tmp/admin/ca.crt" publisher
client "$tmp/other-ca.key" "$tmp/other-ca.crt" untrusted
client "$tmp/admin/ca.key" "$tmp/admin/ca.crt" expired \
	20200101000000Z 20200201000000Z
rm -f "$tmp/other-ca.key" "$tmp/other-ca.crt"
for set in ecdsa rsa san; do
	cp "$tmp/admin/ca.crt" "$tmp/$set/admin_ca"
done

# Every leaf must verify against the CA, or the tests would mislead.
for c in "$tmp"/*/cert.*; do
	openssl verify -CAfile "$tmp/ca.crt" "$c" >/dev/null
done
openssl verify -CAfile "$tmp/admin/ca.crt" "$tmp/admin/publisher.crt" \
	>/dev/null
# ... and the refused ones must be refused for the reason they stand for.
if openssl verify -CAfile "$tmp/admin/ca.crt" "$tmp/admin/untrusted.crt" \
	>/dev/null 2>&1; then
	echo "mkcerts: admin/untrusted.crt verifies against the admin CA" >&2
	exit 1
fi
openssl verify -CAfile "$tmp/admin/ca.crt" "$tmp/admin/expired.crt" 2>&1 |
	grep -q 'certificate has expired'
rm -f "$tmp/csr" "$tmp/ext"
chmod 644 "$tmp/ca.crt" "$tmp"/*/cert.* "$tmp"/*/admin_ca "$tmp"/admin/*.crt
chmod 755 "$tmp"/ecdsa "$tmp"/rsa "$tmp"/san "$tmp"/admin
# Keys stay readable by their owner only (umask 077).
rm -rf "$DIR"
mkdir -p "$(dirname "$DIR")"
mv "$tmp" "$DIR"
trap - EXIT
chmod 755 "$DIR"
touch "$DIR/.done"
echo "mkcerts: CA and certificates for $MAIN and $ATT in $DIR"
