/*
 * tls_policy.c: the server policy handler BearSSL calls in a handshake.
 *
 * BearSSL's own handlers (br_ssl_server_set_single_ec/rsa) serve one
 * chain with one key.  Ours picks the chain per connection from the SNI
 * name, then the first cipher suite, in server order, whose key exchange
 * that chain's key can sign for (ECDHE_ECDSA for an EC key, ECDHE_RSA for
 * an RSA key), and signs the ServerKeyExchange with that key.  There is
 * no static key exchange: do_keyx always fails (no RSA or ECDH suites
 * are enabled, so BearSSL never calls it).
 *
 * The policy runs only in full handshakes; a resumed session skips it, so
 * pol->chosen == NULL after a completed handshake means "resumed".
 *
 * Interface (tls_internal.h): tls_policy_vtable, tls_chain_for.
 */
#include <string.h>
#include <strings.h>

#include "ec_p256.h"
#include "err.h"
#include "tls_internal.h"

/* see tls_internal.h */
const struct tls_chain *
tls_chain_for(const struct tls_server *srv, const char *name)
{
	size_t i;

	if (name != NULL && name[0] != '\0') {
		for (i = 0; i < srv->nchains; i++) {
			if (srv->chains[i].host[0] != '\0' &&
			    strcasecmp(srv->chains[i].host, name) == 0)
				return &srv->chains[i];
		}
	}
	return srv->nchains > 0 ? &srv->chains[0] : NULL;
}

/*
 * Pick the signature hash from the client's list (a bit per hash id):
 * SHA-256 first (what everyone supports and the cheapest to sign with),
 * then the stronger ones.  Never SHA-1 or SHA-224 (RFC 9155: collisions
 * are practical for SHA-1; SHA-224 is deprecated with it).  0 if none:
 * BearSSL then refuses the client with a handshake_failure alert.
 */
static unsigned
choose_hash(unsigned mask)
{
	static const unsigned order[] = {
		br_sha256_ID, br_sha384_ID, br_sha512_ID,
	};
	size_t i;

	for (i = 0; i < sizeof(order) / sizeof(order[0]); i++) {
		if (mask & (1u << order[i]))
			return order[i];
	}
	return 0;
}

static int
pol_choose(const br_ssl_server_policy_class **pctx,
    const br_ssl_server_context *cc, br_ssl_server_choices *choices)
{
	struct tls_policy *pol = (struct tls_policy *)pctx;
	const struct tls_chain *ch;
	const br_suite_translated *st;
	unsigned hashes, want, hash_id;
	size_t i, n;

	ch = tls_chain_for(pol->srv, br_ssl_engine_get_server_name(&cc->eng));
	if (ch == NULL)
		return 0;
	/* Client hashes: bits 0..7 usable with RSA, 8..15 with ECDSA. */
	hashes = br_ssl_server_get_client_hashes(cc);
	if (ch->key_type == BR_KEYTYPE_EC) {
		want = BR_SSLKEYX_ECDHE_ECDSA;
		hash_id = choose_hash(hashes >> 8);
	} else {
		want = BR_SSLKEYX_ECDHE_RSA;
		hash_id = choose_hash(hashes & 0xFF);
	}
	if (hash_id == 0)
		return 0;
	st = br_ssl_server_get_client_suites(cc, &n);
	for (i = 0; i < n; i++) {
		if ((unsigned)(st[i][1] >> 12) != want)
			continue;
		choices->cipher_suite = st[i][0];
		/* 0xFF00 + id: the engine hashes, do_sign gets the hash. */
		choices->algo_id = 0xFF00 + hash_id;
		choices->chain = ch->certs;
		choices->chain_len = ch->ncerts;
		pol->chosen = ch;
		return 1;
	}
	return 0;
}

static uint32_t
pol_do_keyx(const br_ssl_server_policy_class **pctx, unsigned char *data,
    size_t *len)
{
	return 0;
}

static const br_hash_class *
hash_class(unsigned id)
{
	switch (id) {
	case br_sha256_ID: return &br_sha256_vtable;
	case br_sha384_ID: return &br_sha384_vtable;
	case br_sha512_ID: return &br_sha512_vtable;
	}
	return NULL;
}

static const unsigned char *
hash_oid(unsigned id)
{
	switch (id) {
	case br_sha256_ID: return BR_HASH_OID_SHA256;
	case br_sha384_ID: return BR_HASH_OID_SHA384;
	case br_sha512_ID: return BR_HASH_OID_SHA512;
	}
	return NULL;
}

static size_t
sign_ec(const struct tls_chain *ch, unsigned id, unsigned char *data,
    size_t hv_len, size_t len)
{
	const br_hash_class *hc = hash_class(id);
	unsigned char hv[64];

	/* 139 bytes: the largest ASN.1 ECDSA signature (P-521). */
	if (hc == NULL || hv_len > sizeof(hv) || len < 139)
		return 0;
	memcpy(hv, data, hv_len);
	/* The same 64-bit P-256 as the ECDHE (net/ec_p256.h). */
	return br_ecdsa_sign_asn1_get_default()(&ec_all_m64, hc, hv,
	    &ch->key.ec, data);
}

static size_t
sign_rsa(const struct tls_chain *ch, unsigned id, unsigned char *data,
    size_t hv_len, size_t len)
{
	const unsigned char *oid = hash_oid(id);
	unsigned char hv[64];
	size_t sig_len = (ch->key.rsa.n_bitlen + 7) >> 3;

	if (oid == NULL || hv_len > sizeof(hv) || len < sig_len)
		return 0;
	memcpy(hv, data, hv_len);
	if (!br_rsa_pkcs1_sign_get_default()(oid, hv, hv_len, &ch->key.rsa,
	    data))
		return 0;
	return sig_len;
}

static size_t
pol_do_sign(const br_ssl_server_policy_class **pctx, unsigned algo_id,
    unsigned char *data, size_t hv_len, size_t len)
{
	struct tls_policy *pol = (struct tls_policy *)pctx;
	const struct tls_chain *ch = pol->chosen;
	size_t n;

	/* We only ever ask for 0xFF00 + hash id (see pol_choose). */
	if (ch == NULL || (algo_id & 0xFF00) != 0xFF00) {
		pol->sign_failed = true;
		return 0;
	}
	algo_id &= 0xFF;
	if (ch->key_type == BR_KEYTYPE_EC)
		n = sign_ec(ch, algo_id, data, hv_len, len);
	else
		n = sign_rsa(ch, algo_id, data, hv_len, len);
	if (n == 0)
		pol->sign_failed = true;
	return n;
}

/* see tls_internal.h */
const br_ssl_server_policy_class tls_policy_vtable = {
	.context_size = sizeof(struct tls_policy),
	.choose = pol_choose,
	.do_keyx = pol_do_keyx,
	.do_sign = pol_do_sign,
};
