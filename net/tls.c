/*
 * tls.c: TLS server connections, the glue between BearSSL's engine and
 * the event loop (see tls.h for the data path).
 *
 * Each connection's engine is configured from scratch in tls_conn_init:
 * the policy (TLS 1.2, ECDHE + AEAD suites in server order, no
 * renegotiation), the crypto implementations (BearSSL's defaults pick
 * AES-NI/PCLMUL and SSE2 ChaCha20 at run time when the CPU has them,
 * constant-time portable code otherwise), our SNI policy handler
 * (tls_policy.c) and the server's shared session cache.  Configuring is
 * a few hundred stores; it keeps no state between connections but the
 * cache, so a reused slot cannot leak a previous connection's settings.
 *
 * Two rules on top of the engine's four buffers: input waits while
 * output is pending (tls_conn_recv_buf), and a handshake that BearSSL
 * abandons without a word still ends with the alert TLS prescribes
 * (tls_conn_send_buf).
 *
 * Interface: tls_conn_* (tls.h).
 */
#include <string.h>

#include "err.h"
#include "plat.h"
#include "ec_p256.h"
#include "tls_internal.h"

/*
 * Server preference: AES-128-GCM (fast with AES-NI, strong enough),
 * AES-256-GCM, then ChaCha20-Poly1305.  The policy handler keeps only the
 * half that matches the chosen chain's key type.
 */
static const uint16_t tls_suites[] = {
	BR_TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256,
	BR_TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256,
	BR_TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384,
	BR_TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384,
	BR_TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256,
	BR_TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305_SHA256,
};

static const char *tls_alpn[] = { "http/1.1" };

/*
 * Client certificates, when the server requires them: BearSSL's
 * "minimal" X.509 engine over the one CA, with the hashes and signature
 * code the handshake itself uses (SHA-1 and SHA-224 signed certificates
 * are refused as the handshake refuses them), at the wall clock's date.
 * The engine needs the RSA and ECDSA verifiers for CertificateVerify.
 */
static void
configure_client_auth(struct tls_conn *c, const struct tls_server *srv)
{
	br_ssl_engine_context *eng = &c->sc.eng;
	br_x509_minimal_context *xc = &c->xc;
	uint64_t secs = plat_clock_wall() / 1000000000ull;

	br_x509_minimal_init(xc, &br_sha256_vtable, &srv->client_ca.ta, 1);
	br_x509_minimal_set_hash(xc, br_sha256_ID, &br_sha256_vtable);
	br_x509_minimal_set_hash(xc, br_sha384_ID, &br_sha384_vtable);
	br_x509_minimal_set_hash(xc, br_sha512_ID, &br_sha512_vtable);
	br_x509_minimal_set_rsa(xc, br_rsa_pkcs1_vrfy_get_default());
	br_x509_minimal_set_ecdsa(xc, br_ec_get_default(),
	    br_ecdsa_vrfy_asn1_get_default());
	/* BearSSL counts days from 1 January of year 0: 719528 to 1970. */
	br_x509_minimal_set_time(xc, (uint32_t)(secs / 86400 + 719528),
	    (uint32_t)(secs % 86400));
	br_ssl_engine_set_x509(eng, &xc->vtable);
	br_ssl_engine_set_rsavrfy(eng, br_rsa_pkcs1_vrfy_get_default());
	/* Not br_ssl_engine_set_default_ecdsa: it would also replace the
	 * engine's EC code (ec_all_m64) with BearSSL's default. */
	br_ssl_engine_set_ecdsa(eng, br_ecdsa_vrfy_asn1_get_default());
	br_ssl_server_set_trust_anchor_names_alt(&c->sc, &srv->client_ca.ta,
	    1);
}

/* 32 bytes: BearSSL's HMAC-DRBG wants at least 256 bits of seed. */
#define TLS_SEED_BYTES	32

static void
configure(struct tls_conn *c, struct tls_server *srv)
{
	br_ssl_engine_context *eng = &c->sc.eng;

	br_ssl_server_zero(&c->sc);
	br_ssl_engine_set_versions(eng, BR_TLS12, BR_TLS12);
	br_ssl_engine_set_suites(eng, tls_suites,
	    sizeof(tls_suites) / sizeof(tls_suites[0]));
	/*
	 * ECDHE: P-256 on our 64-bit-limb code (ec_p256.c, about twice as
	 * fast as BearSSL's 31-bit one and checked against it by
	 * test_ec_p256), X25519 and the rest on BearSSL's defaults.
	 */
	br_ssl_engine_set_ec(eng, &ec_all_m64);
	/*
	 * Handshake and signature hashes.  TLS 1.2 with AEAD suites needs
	 * MD5 and SHA-1 nowhere; without SHA-1 and SHA-224 here the engine
	 * drops them from the client's signature schemes (RFC 9155), so a
	 * client that offers only those is refused with handshake_failure.
	 */
	br_ssl_engine_set_hash(eng, br_sha256_ID, &br_sha256_vtable);
	br_ssl_engine_set_hash(eng, br_sha384_ID, &br_sha384_vtable);
	br_ssl_engine_set_hash(eng, br_sha512_ID, &br_sha512_vtable);
	br_ssl_engine_set_prf_sha256(eng, &br_tls12_sha256_prf);
	br_ssl_engine_set_prf_sha384(eng, &br_tls12_sha384_prf);
	br_ssl_engine_set_default_aes_gcm(eng);
	br_ssl_engine_set_default_chapol(eng);
	br_ssl_engine_set_buffer(eng, c->iobuf, sizeof(c->iobuf), 1);
	br_ssl_engine_set_protocol_names(eng, tls_alpn, 1);
	br_ssl_engine_add_flags(eng, BR_OPT_ENFORCE_SERVER_PREFERENCES |
	    BR_OPT_NO_RENEGOTIATION);
	br_ssl_server_set_cache(&c->sc, &srv->cache.vtable);
	c->pol.vtable = &tls_policy_vtable;
	c->pol.srv = srv;
	c->pol.chosen = NULL;
	c->pol.sign_failed = false;
	c->sc.policy_vtable = &c->pol.vtable;
	if (srv->client_ca.on)
		configure_client_auth(c, srv);
}

/* see tls.h */
int
tls_conn_init(struct tls_conn *c, struct tls_server *srv)
{
	unsigned char seed[TLS_SEED_BYTES];
	int rc;

	c->err = RC_OK;
	c->alert_len = c->alert_off = 0;
	c->alert_decided = c->out_partial = false;
	configure(c, srv);
	if (srv->nchains == 0) {
		c->err = RC_INVAL;
		return c->err;
	}
	rc = plat_entropy(seed, sizeof(seed));
	if (rc != RC_OK) {
		c->err = RC_IO;
		return c->err;
	}
	br_ssl_engine_inject_entropy(&c->sc.eng, seed, sizeof(seed));
	/* The seed lives on in the DRBG only. */
	memset(seed, 0, sizeof(seed));
	__asm__ volatile("" : : "r"(seed) : "memory");
	if (!br_ssl_server_reset(&c->sc)) {
		c->err = tls_map_br_err(br_ssl_engine_last_error(&c->sc.eng));
		return c->err;
	}
	return RC_OK;
}

/*
 * Input waits while the engine has records to send.  The engine offers
 * its input buffer whenever it is empty, even in the middle of the
 * handshake.  When the client's Finished arrives, the handshake code
 * writes our ChangeCipherSpec and yields until TCP has taken it: only
 * then does it write our Finished and set application_data, the flag
 * without which br_ssl_engine_recvrec_ack fails an application-data
 * record with BR_ERR_UNEXPECTED.  A client that false-starts (Chrome:
 * its request right after its Finished, often in the same segment)
 * would be refused if we pushed its request in that window; sending
 * first, as br_sslio_* do (sendrec before recvrec), closes the window.
 */
/* see tls.h */
unsigned char *
tls_conn_recv_buf(struct tls_conn *c, size_t *room)
{
	size_t out;

	*room = 0;
	if (br_ssl_engine_sendrec_buf(&c->sc.eng, &out) != NULL)
		return NULL;
	return br_ssl_engine_recvrec_buf(&c->sc.eng, room);
}

/* see tls.h */
void
tls_conn_recv_done(struct tls_conn *c, size_t n)
{
	br_ssl_engine_recvrec_ack(&c->sc.eng, n);
}

/* see tls.h */
unsigned char *
tls_conn_read(struct tls_conn *c, size_t *len)
{
	*len = 0;
	return br_ssl_engine_recvapp_buf(&c->sc.eng, len);
}

/* see tls.h */
void
tls_conn_read_done(struct tls_conn *c, size_t n)
{
	br_ssl_engine_recvapp_ack(&c->sc.eng, n);
}

/* see tls.h */
unsigned char *
tls_conn_write_buf(struct tls_conn *c, size_t *room)
{
	*room = 0;
	return br_ssl_engine_sendapp_buf(&c->sc.eng, room);
}

/* see tls.h */
void
tls_conn_write_done(struct tls_conn *c, size_t n)
{
	br_ssl_engine_sendapp_ack(&c->sc.eng, n);
}

/* see tls.h */
void
tls_conn_flush(struct tls_conn *c)
{
	br_ssl_engine_flush(&c->sc.eng, 0);
}

/*
 * Decide, once, whether the failed engine owes the peer an alert.
 * br_ssl_engine_fail() closes without one for most decoding errors;
 * only its explicit paths (no shared suite, version) send one, and say
 * so with an error of BR_ERR_SEND_FATAL_ALERT + alert.  We can write the
 * alert ourselves only while our direction is unencrypted (before our
 * ChangeCipherSpec), and only at a record boundary.
 */
static void
decide_alert(struct tls_conn *c)
{
	const br_ssl_engine_context *eng = &c->sc.eng;
	int a;

	c->alert_decided = true;
	if (c->err != RC_OK || c->out_partial ||
	    eng->out.vtable != &br_sslrec_out_clear_vtable)
		return;
	a = tls_br_err_alert(br_ssl_engine_last_error(eng));
	if (a < 0)
		return;
	if (c->pol.sign_failed)
		a = BR_ALERT_INTERNAL_ERROR;
	/* Before ServerHello the engine has no version yet: ours. */
	c->alert[0] = 21;		/* record type: alert */
	c->alert[1] = eng->version_out != 0 ? eng->version_out >> 8 : 3;
	c->alert[2] = eng->version_out != 0 ? eng->version_out & 0xFF : 3;
	c->alert[3] = 0;
	c->alert[4] = 2;
	c->alert[5] = 2;		/* fatal */
	c->alert[6] = (unsigned char)a;
	c->alert_len = 7;
}

/* see tls.h */
unsigned char *
tls_conn_send_buf(struct tls_conn *c, size_t *len)
{
	unsigned char *p;

	*len = 0;
	p = br_ssl_engine_sendrec_buf(&c->sc.eng, len);
	if (p != NULL || !tls_conn_is_closed(c))
		return p;
	if (!c->alert_decided)
		decide_alert(c);
	if (c->alert_off == c->alert_len)
		return NULL;
	*len = c->alert_len - c->alert_off;
	return c->alert + c->alert_off;
}

/* see tls.h */
void
tls_conn_sent(struct tls_conn *c, size_t n)
{
	size_t len;

	if (c->alert_off < c->alert_len) {
		c->alert_off += n;
		return;
	}
	if (br_ssl_engine_sendrec_buf(&c->sc.eng, &len) == NULL)
		return;
	/* One record at a time: is the rest of this one still to go? */
	c->out_partial = n < len;
	br_ssl_engine_sendrec_ack(&c->sc.eng, n);
}

/* see tls.h */
void
tls_conn_close(struct tls_conn *c)
{
	br_ssl_engine_flush(&c->sc.eng, 0);
	br_ssl_engine_close(&c->sc.eng);
}

/* see tls.h */
int
tls_conn_state(const struct tls_conn *c)
{
	int e;

	if (c->err != RC_OK)
		return c->err;
	if (!(br_ssl_engine_current_state(&c->sc.eng) & BR_SSL_CLOSED))
		return RC_OK;
	e = br_ssl_engine_last_error(&c->sc.eng);
	if (e == BR_ERR_OK)
		return RC_CLOSED;
	/* A key that cannot sign is our configuration, not the peer. */
	if (c->pol.sign_failed)
		return RC_TLS_BADCERT;
	return tls_map_br_err(e);
}

/* see tls.h */
bool
tls_conn_is_closed(const struct tls_conn *c)
{
	return c->err != RC_OK ||
	    (br_ssl_engine_current_state(&c->sc.eng) & BR_SSL_CLOSED) != 0;
}

/* see tls.h */
bool
tls_conn_is_ready(const struct tls_conn *c)
{
	/*
	 * BearSSL sets application_data to 1 when the handshake is done
	 * (2 while closing); there is no accessor for it in 0.6.
	 */
	return !tls_conn_is_closed(c) && c->sc.eng.application_data == 1;
}

/* see tls.h */
bool
tls_conn_is_resumed(const struct tls_conn *c)
{
	return tls_conn_is_ready(c) && c->pol.chosen == NULL;
}

/* see tls.h */
const char *
tls_conn_err_text(const struct tls_conn *c)
{
	if (c->err != RC_OK)
		return err_str(c->err);
	if (c->pol.sign_failed)
		return "our key failed to sign";
	return tls_br_err_text(br_ssl_engine_last_error(&c->sc.eng));
}

/* see tls.h */
const char *
tls_conn_version(const struct tls_conn *c)
{
	if (!tls_conn_is_ready(c))
		return "none";
	switch (br_ssl_engine_get_version(&c->sc.eng)) {
	case BR_TLS10: return "TLSv1";
	case BR_TLS11: return "TLSv1.1";
	case BR_TLS12: return "TLSv1.2";
	}
	return "unknown";
}

/* see tls.h */
const char *
tls_conn_cipher(const struct tls_conn *c)
{
	if (!tls_conn_is_ready(c))
		return "none";
	switch (c->sc.eng.session.cipher_suite) {
	case BR_TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256:
		return "ECDHE-ECDSA-AES128-GCM-SHA256";
	case BR_TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256:
		return "ECDHE-RSA-AES128-GCM-SHA256";
	case BR_TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384:
		return "ECDHE-ECDSA-AES256-GCM-SHA384";
	case BR_TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384:
		return "ECDHE-RSA-AES256-GCM-SHA384";
	case BR_TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256:
		return "ECDHE-ECDSA-CHACHA20-POLY1305";
	case BR_TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305_SHA256:
		return "ECDHE-RSA-CHACHA20-POLY1305";
	}
	return "unknown";
}

/* see tls.h */
const char *
tls_conn_server_name(const struct tls_conn *c)
{
	return br_ssl_engine_get_server_name(&c->sc.eng);
}

/* see tls.h */
const char *
tls_conn_alpn(const struct tls_conn *c)
{
	/* The accessor takes a non-const context but only reads it. */
	return br_ssl_engine_get_selected_protocol(
	    (br_ssl_engine_context *)&c->sc.eng);
}
