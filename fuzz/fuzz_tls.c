/*
 * fuzz_tls.c: libFuzzer target for TLS records arriving at the server.
 *
 * A BearSSL server engine, configured as the appliance configures it
 * (TLS 1.2 only; ECDHE with ECDSA or RSA; AES-GCM and ChaCha20-Poly1305;
 * SNI picks the chain; ALPN http/1.1; a session cache), is fed the input
 * as the client's bytes, and whatever it sends is thrown away.  Plaintext
 * that comes out of a finished handshake goes to the HTTP parser and is
 * answered, so the record layer is exercised both ways.
 *
 * Everything is deterministic: the entropy stream and the session cache
 * are reset before each input.  So a client flight recorded once against
 * this server replays into a full handshake: FUZZ_TLS_SEED=FILE makes the
 * target run an in-process BearSSL client against the server, write the
 * client's bytes to FILE and exit (the build does this for the seed
 * corpus, since the keys are generated at build time).
 *
 * Until the appliance's TLS module (include/tls.h) lands, the server set
 * up below stands in for it.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <bearssl.h>

#include "err.h"
#include "fuzz.h"
#include "http.h"
#include "plat.h"

/* One decoded PEM file: its DER objects and, for a key, the key. */
struct fuzz_pem {
	br_x509_certificate certs[4];
	size_t ncerts;
	br_skey_decoder_context key;
};

/* The SNI policy: the attachments name gets its chain, all else main. */
struct fuzz_policy {
	const br_ssl_server_policy_class *vtable;
	br_ssl_server_policy_ec_context main;
	br_ssl_server_policy_rsa_context att;
	const br_ssl_server_policy_class **chosen;
};

static struct fuzz_pem fuzz_main_cert, fuzz_main_key;
static struct fuzz_pem fuzz_att_cert, fuzz_att_key;
static struct fuzz_policy fuzz_policy;
static br_ssl_server_context fuzz_sc;
static unsigned char fuzz_iobuf[BR_SSL_BUFSIZE_BIDI];
static br_ssl_session_cache_lru fuzz_lru;
static unsigned char fuzz_lru_store[16 * 100];

/* Plaintext kept for the HTTP parser: its head limit. */
#define FUZZ_APP_MAX HTTP_MAX_HEADER_BLOCK

static const uint16_t fuzz_suites[] = {
	BR_TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256,
	BR_TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256,
	BR_TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384,
	BR_TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384,
	BR_TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256,
	BR_TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305_SHA256,
};
static const char *fuzz_alpn[] = { "http/1.1" };

static void
fuzz_pem_append(void *ctx, const void *buf, size_t len)
{
	br_x509_certificate *c = ctx;

	c->data = realloc(c->data, c->data_len + len);
	memcpy(c->data + c->data_len, buf, len);
	c->data_len += len;
}

/* Decode the PEM configuration file name: certificates, or one key. */
static void
fuzz_pem_load(struct fuzz_pem *p, const char *name, int is_key)
{
	br_pem_decoder_context pc;
	br_x509_certificate obj = { NULL, 0 };
	const unsigned char *data;
	const void *v;
	size_t len, n;

	FUZZ_CHECK(plat_config_file(name, &v, &len) == ERR_OK);
	data = v;
	br_pem_decoder_init(&pc);
	while (len > 0) {
		n = br_pem_decoder_push(&pc, data, len);
		data += n;
		len -= n;
		switch (br_pem_decoder_event(&pc)) {
		case BR_PEM_BEGIN_OBJ:
			obj.data = NULL;
			obj.data_len = 0;
			br_pem_decoder_setdest(&pc, fuzz_pem_append, &obj);
			break;
		case BR_PEM_END_OBJ:
			if (is_key) {
				br_skey_decoder_init(&p->key);
				br_skey_decoder_push(&p->key, obj.data,
				    obj.data_len);
				FUZZ_CHECK(br_skey_decoder_last_error(&p->key)
				    == 0);
				free(obj.data);	/* the decoder copied it */
			} else {
				FUZZ_CHECK(p->ncerts < 4);
				p->certs[p->ncerts++] = obj;
			}
			break;
		case BR_PEM_ERROR:
			FUZZ_CHECK(!"bad PEM");
		}
	}
}

static int
fuzz_policy_choose(const br_ssl_server_policy_class **pctx,
    const br_ssl_server_context *cc, br_ssl_server_choices *choices)
{
	struct fuzz_policy *p = (struct fuzz_policy *)pctx;
	const char *sni = br_ssl_engine_get_server_name(&cc->eng);

	p->chosen = strcmp(sni, "attachments.localhost") == 0 ?
	    &p->att.vtable : &p->main.vtable;
	return (*p->chosen)->choose(p->chosen, cc, choices);
}

static uint32_t
fuzz_policy_keyx(const br_ssl_server_policy_class **pctx,
    unsigned char *data, size_t *len)
{
	struct fuzz_policy *p = (struct fuzz_policy *)pctx;

	return (*p->chosen)->do_keyx(p->chosen, data, len);
}

static size_t
fuzz_policy_sign(const br_ssl_server_policy_class **pctx, unsigned algo_id,
    unsigned char *data, size_t hv_len, size_t len)
{
	struct fuzz_policy *p = (struct fuzz_policy *)pctx;

	return (*p->chosen)->do_sign(p->chosen, algo_id, data, hv_len, len);
}

static const br_ssl_server_policy_class fuzz_policy_class = {
	sizeof(struct fuzz_policy), fuzz_policy_choose, fuzz_policy_keyx,
	fuzz_policy_sign,
};

/* Configure fuzz_sc as the appliance does; once per process. */
static void
fuzz_server_init(void)
{
	br_ssl_server_context *sc = &fuzz_sc;

	fuzz_pem_load(&fuzz_main_cert, "cert.main", 0);
	fuzz_pem_load(&fuzz_main_key, "key.main", 1);
	fuzz_pem_load(&fuzz_att_cert, "cert.attachments", 0);
	fuzz_pem_load(&fuzz_att_key, "key.attachments", 1);
	FUZZ_CHECK(br_skey_decoder_key_type(&fuzz_main_key.key) ==
	    BR_KEYTYPE_EC);
	FUZZ_CHECK(br_skey_decoder_key_type(&fuzz_att_key.key) ==
	    BR_KEYTYPE_RSA);

	/* br_ssl_server_init_full_ec's engine, narrowed to our suites. */
	br_ssl_server_zero(sc);
	br_ssl_engine_set_versions(&sc->eng, BR_TLS12, BR_TLS12);
	br_ssl_engine_set_suites(&sc->eng, fuzz_suites,
	    sizeof fuzz_suites / sizeof fuzz_suites[0]);
	br_ssl_engine_set_default_ec(&sc->eng);
	br_ssl_engine_set_hash(&sc->eng, br_sha1_ID, &br_sha1_vtable);
	br_ssl_engine_set_hash(&sc->eng, br_sha224_ID, &br_sha224_vtable);
	br_ssl_engine_set_hash(&sc->eng, br_sha256_ID, &br_sha256_vtable);
	br_ssl_engine_set_hash(&sc->eng, br_sha384_ID, &br_sha384_vtable);
	br_ssl_engine_set_hash(&sc->eng, br_sha512_ID, &br_sha512_vtable);
	br_ssl_engine_set_prf_sha256(&sc->eng, &br_tls12_sha256_prf);
	br_ssl_engine_set_prf_sha384(&sc->eng, &br_tls12_sha384_prf);
	br_ssl_engine_set_default_aes_gcm(&sc->eng);
	br_ssl_engine_set_default_chapol(&sc->eng);
	br_ssl_engine_set_protocol_names(&sc->eng, fuzz_alpn, 1);
	br_ssl_engine_add_flags(&sc->eng, BR_OPT_ENFORCE_SERVER_PREFERENCES |
	    BR_OPT_NO_RENEGOTIATION);

	/* The single-chain policies, kept as the two halves of ours. */
	br_ssl_server_set_single_rsa(sc, fuzz_att_cert.certs,
	    fuzz_att_cert.ncerts, br_skey_decoder_get_rsa(&fuzz_att_key.key),
	    BR_KEYTYPE_SIGN, br_rsa_private_get_default(),
	    br_rsa_pkcs1_sign_get_default());
	fuzz_policy.att = sc->chain_handler.single_rsa;
	br_ssl_server_set_single_ec(sc, fuzz_main_cert.certs,
	    fuzz_main_cert.ncerts, br_skey_decoder_get_ec(&fuzz_main_key.key),
	    BR_KEYTYPE_SIGN, BR_KEYTYPE_EC, br_ec_get_default(),
	    br_ecdsa_sign_asn1_get_default());
	fuzz_policy.main = sc->chain_handler.single_ec;
	fuzz_policy.vtable = &fuzz_policy_class;
	fuzz_policy.chosen = &fuzz_policy.main.vtable;
	br_ssl_server_set_policy(sc, &fuzz_policy.vtable);
	br_ssl_engine_set_buffer(&sc->eng, fuzz_iobuf, sizeof fuzz_iobuf, 1);
}

/* Start a fresh connection: same entropy, empty session cache. */
static void
fuzz_server_reset(void)
{
	unsigned char seed[32];

	fuzz_plat_reset();
	br_ssl_session_cache_lru_init(&fuzz_lru, fuzz_lru_store,
	    sizeof fuzz_lru_store);
	br_ssl_server_set_cache(&fuzz_sc, &fuzz_lru.vtable);
	FUZZ_CHECK(plat_entropy(seed, sizeof seed) == ERR_OK);
	/* Injected entropy is mixed into the DRBG's state, which would carry
	 * one input's randomness into the next: start it afresh.  (The
	 * fuzz build of BearSSL has no system seeder to mix in either.) */
	fuzz_sc.eng.rng_init_done = 0;
	br_ssl_engine_inject_entropy(&fuzz_sc.eng, seed, sizeof seed);
	FUZZ_CHECK(br_ssl_server_reset(&fuzz_sc) == 1);
}

/* Answer one parsed request on the engine, as httpd would. */
static void
fuzz_answer(br_ssl_engine_context *eng, const struct http_request *req)
{
	static const char resp[] = "HTTP/1.1 200 OK\r\n"
	    "Content-Length: 5\r\n\r\nhello";
	unsigned char *out;
	size_t room;

	if (getenv("FUZZ_VERBOSE") != NULL)
		fprintf(stderr, "fuzz_tls: answering %.*s\n",
		    (int)req->target_len, req->target);
	out = br_ssl_engine_sendapp_buf(eng, &room);
	if (out == NULL)
		return;
	if (room > sizeof resp - 1)
		room = sizeof resp - 1;
	memcpy(out, resp, room);
	br_ssl_engine_sendapp_ack(eng, room);
	br_ssl_engine_flush(eng, 0);
	if (!req->keep_alive)
		br_ssl_engine_close(eng);
}

/*
 * Answer the first request in app[0, *len) if it is complete, as httpd
 * would; false when there is none yet.
 */
static bool
fuzz_serve(br_ssl_engine_context *eng, char *app, size_t *len,
    struct http_request *req)
{
	int rc = http_parse(req, app, *len);

	if (rc == ERR_AGAIN && *len < FUZZ_APP_MAX)
		return false;
	if (rc == ERR_OK) {
		fuzz_answer(eng, req);
		memmove(app, app + req->head_len, *len - req->head_len);
		*len -= req->head_len;
	} else {
		br_ssl_engine_close(eng);
		*len = 0;
	}
	return true;
}

/* Drive the server engine over the client bytes in; returns when stuck. */
static void
fuzz_server_run(const uint8_t *in, size_t n,
    void (*sink)(void *, const void *, size_t), void *arg)
{
	br_ssl_engine_context *eng = &fuzz_sc.eng;
	static char app[FUZZ_APP_MAX];
	static struct http_request req;
	size_t app_len = 0, len;
	unsigned st;
	unsigned char *b;

	for (;;) {
		st = br_ssl_engine_current_state(eng);
		if (st & BR_SSL_CLOSED)
			return;
		if (st & BR_SSL_SENDREC) {
			b = br_ssl_engine_sendrec_buf(eng, &len);
			if (sink != NULL)
				sink(arg, b, len);
			br_ssl_engine_sendrec_ack(eng, len);
			continue;
		}
		if ((st & BR_SSL_SENDAPP) &&
		    fuzz_serve(eng, app, &app_len, &req))
			continue;
		if ((st & BR_SSL_RECVAPP) && app_len < sizeof app) {
			b = br_ssl_engine_recvapp_buf(eng, &len);
			if (len > sizeof app - app_len)
				len = sizeof app - app_len;
			memcpy(app + app_len, b, len);
			app_len += len;
			br_ssl_engine_recvapp_ack(eng, len);
			continue;
		}
		if ((st & BR_SSL_RECVREC) && n > 0) {
			b = br_ssl_engine_recvrec_buf(eng, &len);
			if (len > n)
				len = n;
			memcpy(b, in, len);
			in += len;
			n -= len;
			br_ssl_engine_recvrec_ack(eng, len);
			continue;
		}
		return;
	}
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	fuzz_server_reset();
	fuzz_server_run(data, size, NULL, NULL);
	/* A failed engine must say why, with a code BearSSL defines. */
	FUZZ_CHECK(br_ssl_engine_last_error(&fuzz_sc.eng) >= 0);
	return 0;
}

/* --- seed recording: an in-process client against the server ---------- */

/* Server bytes on their way to the client. */
struct fuzz_pipe {
	unsigned char buf[65536];
	size_t len;
};

static void
fuzz_pipe_put(void *arg, const void *b, size_t n)
{
	struct fuzz_pipe *p = arg;

	FUZZ_CHECK(n <= sizeof p->buf - p->len);
	memcpy(p->buf + p->len, b, n);
	p->len += n;
}

/* Trust exactly the server key that sni selects. */
static void
fuzz_seed_trust(br_x509_knownkey_context *xk, const char *sni)
{
	static unsigned char pub[BR_EC_KBUF_PUB_MAX_SIZE], n[512], e[4];
	br_ec_public_key ek;
	br_rsa_public_key rk;
	const br_rsa_private_key *rsa;
	uint32_t pe;

	if (strcmp(sni, "attachments.localhost") != 0) {
		br_ec_compute_pub(br_ec_get_default(), &ek, pub,
		    br_skey_decoder_get_ec(&fuzz_main_key.key));
		br_x509_knownkey_init_ec(xk, &ek,
		    BR_KEYTYPE_KEYX | BR_KEYTYPE_SIGN);
		return;
	}
	rsa = br_skey_decoder_get_rsa(&fuzz_att_key.key);
	rk.n = n;
	rk.nlen = br_rsa_compute_modulus_get_default()(n, rsa);
	/* br_rsa_compute_pubexp gives 0 (failure) for openssl's keys here;
	 * openssl's default exponent is what they use. */
	pe = br_rsa_compute_pubexp_get_default()(rsa);
	if (pe == 0)
		pe = 65537;
	e[0] = (unsigned char)(pe >> 24);
	e[1] = (unsigned char)(pe >> 16);
	e[2] = (unsigned char)(pe >> 8);
	e[3] = (unsigned char)pe;
	rk.e = e;
	rk.elen = 4;
	br_x509_knownkey_init_rsa(xk, &rk, BR_KEYTYPE_KEYX | BR_KEYTYPE_SIGN);
}

/*
 * Handshake with SNI sni, send two pipelined requests, read the answers,
 * close; write what the client sent to path.  0 when it all worked.
 */
static int
fuzz_tls_seed(const char *path, const char *sni)
{
	static const char reqs[] = "GET / HTTP/1.1\r\nHost: localhost\r\n\r\n"
	    "GET /x HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n";
	static br_ssl_client_context cc;
	static br_x509_minimal_context xm;
	static br_x509_knownkey_context xk;
	static unsigned char cbuf[BR_SSL_BUFSIZE_BIDI];
	static struct fuzz_pipe down;
	br_ssl_engine_context *eng = &cc.eng;
	FILE *f = fopen(path, "wb");
	unsigned char *b;
	size_t len, got = 0;
	unsigned st, i;
	int sent = 0;

	if (f == NULL)
		return -1;
	fuzz_server_reset();
	br_ssl_client_init_full(&cc, &xm, NULL, 0);
	fuzz_seed_trust(&xk, sni);
	br_ssl_engine_set_x509(eng, &xk.vtable);
	br_ssl_engine_set_buffer(eng, cbuf, sizeof cbuf, 1);
	br_ssl_engine_set_protocol_names(eng, fuzz_alpn, 1);
	br_ssl_engine_inject_entropy(eng, "fuzz client seed", 16);
	FUZZ_CHECK(br_ssl_client_reset(&cc, sni, 0) == 1);
	for (i = 0; i < 10000; i++) {
		st = br_ssl_engine_current_state(eng);
		if (st & BR_SSL_CLOSED)
			break;
		if (st & BR_SSL_SENDREC) {
			b = br_ssl_engine_sendrec_buf(eng, &len);
			fwrite(b, 1, len, f);
			fuzz_server_run(b, len, fuzz_pipe_put, &down);
			br_ssl_engine_sendrec_ack(eng, len);
		} else if ((st & BR_SSL_RECVREC) && down.len > 0) {
			b = br_ssl_engine_recvrec_buf(eng, &len);
			len = len < down.len ? len : down.len;
			memcpy(b, down.buf, len);
			memmove(down.buf, down.buf + len, down.len - len);
			down.len -= len;
			br_ssl_engine_recvrec_ack(eng, len);
		} else if ((st & BR_SSL_SENDAPP) && !sent) {
			b = br_ssl_engine_sendapp_buf(eng, &len);
			FUZZ_CHECK(len >= sizeof reqs - 1);
			memcpy(b, reqs, sizeof reqs - 1);
			br_ssl_engine_sendapp_ack(eng, sizeof reqs - 1);
			br_ssl_engine_flush(eng, 0);
			sent = 1;
		} else if (st & BR_SSL_RECVAPP) {
			b = br_ssl_engine_recvapp_buf(eng, &len);
			got += len;
			br_ssl_engine_recvapp_ack(eng, len);
		} else {
			break;
		}
	}
	fclose(f);
	fprintf(stderr, "fuzz_tls seed %s: sni %s, %zu answer bytes, error %d\n",
	    path, sni, got, br_ssl_engine_last_error(eng));
	return got > 0 && br_ssl_engine_last_error(eng) == 0 ? 0 : -1;
}

int
LLVMFuzzerInitialize(int *argc, char ***argv)
{
	const char *seed = getenv("FUZZ_TLS_SEED");
	const char *sni = getenv("FUZZ_TLS_SNI");

	fuzz_server_init();
	if (seed != NULL)
		exit(fuzz_tls_seed(seed, sni != NULL ? sni : "localhost") ?
		    1 : 0);
	return 0;
}
