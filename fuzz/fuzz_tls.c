/*
 * fuzz_tls.c: libFuzzer target for TLS records arriving at the server.
 *
 * The appliance's TLS module (include/tls.h, net/tls*.c) is set up from
 * the node configuration as the server does it (config_load, then
 * tls_server_add for each domain as app/main.c does: an ECDSA P-256
 * chain for localhost, an RSA-2048 one for attachments.localhost, both
 * generated at build time), and one
 * connection is fed the input as the client's bytes through the
 * four-buffer data path.  What the server sends is thrown away.
 * Plaintext that comes out of a finished handshake goes to the HTTP
 * parser and each complete request is answered, as httpd would, so the
 * record layer is exercised both ways.  After each step the promises of
 * tls.h are checked: a closed connection says why, with a code from the
 * documented set, and a ready one negotiated what the policy allows.
 *
 * Everything is deterministic: the platform stub's entropy stream and
 * the session cache start afresh for each input.  So a client flight
 * recorded once against this server replays into a full handshake:
 * FUZZ_TLS_SEED=FILE (and FUZZ_TLS_SNI=NAME) makes the target run an
 * in-process BearSSL client against the server, write the client's bytes
 * to FILE and exit.  The build does this for the seed corpus, since the
 * keys only exist at build time.
 */
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <bearssl.h>

#include "config.h"
#include "err.h"
#include "fuzz.h"
#include "http.h"
#include "plat.h"
#include "tls.h"

/* Plaintext kept for the HTTP parser: its head limit. */
#define FUZZ_APP_MAX HTTP_MAX_HEADER_BLOCK

static struct tls_server fuzz_srv;
static struct tls_conn fuzz_conn;
/* fuzz_srv's bytes just after loading, empty session cache included. */
static unsigned char fuzz_srv_fresh[sizeof(struct tls_server)];
static bool fuzz_srv_loaded;

/* The node's chains, loaded from its configuration as app/main.c does. */
static int
fuzz_server_load(struct tls_server *srv)
{
	struct config cf;
	int rc;

	if ((rc = config_load(&cf)) != RC_OK)
		return rc;
	tls_server_init(srv);
	rc = tls_server_add(srv, cf.host, cf.cert_main.data, cf.cert_main.len,
	    cf.key_main.data, cf.key_main.len);
	if (rc != RC_OK)
		return rc;
	return tls_server_add(srv, cf.att_host, cf.cert_att.data,
	    cf.cert_att.len, cf.key_att.data, cf.key_att.len);
}

/* Start a fresh connection: same entropy, empty session cache. */
static void
fuzz_server_reset(void)
{
	/*
	 * Decoding the PEM files costs more than most inputs do, so it is
	 * done once.  tls_server points into itself, so its bytes are put
	 * back at the same address: that is the loaded state exactly.
	 */
	if (!fuzz_srv_loaded) {
		fuzz_plat_reset();
		FUZZ_CHECK(fuzz_server_load(&fuzz_srv) == RC_OK);
		FUZZ_CHECK(fuzz_srv.nchains == 2);
		memcpy(fuzz_srv_fresh, &fuzz_srv, sizeof fuzz_srv);
		fuzz_srv_loaded = true;
	}
	memcpy(&fuzz_srv, fuzz_srv_fresh, sizeof fuzz_srv);
	fuzz_plat_reset();
	FUZZ_CHECK(tls_conn_init(&fuzz_conn, &fuzz_srv) == RC_OK);
}

/* The promises of tls.h about the connection's state. */
static void
fuzz_check_conn(struct tls_conn *c)
{
	static const int known[] = { RC_OK, RC_CLOSED, RC_TLS_HANDSHAKE,
	    RC_TLS_ALERT, RC_TLS_RECORD, RC_PROTO, RC_TLS_BADCERT };
	int st = tls_conn_state(c);
	const char *alpn;
	size_t i;

	for (i = 0; i < sizeof known / sizeof known[0]; i++)
		if (st == known[i])
			break;
	if (i == sizeof known / sizeof known[0])
		fprintf(stderr, "fuzz_tls: state %d (%s): %s\n", st,
		    err_str(st), tls_conn_err_text(c));
	FUZZ_CHECK(i < sizeof known / sizeof known[0]);
	FUZZ_CHECK(tls_conn_is_closed(c) == (st != RC_OK));
	/* Our own key always signs: a failure here is the server's. */
	FUZZ_CHECK(st != RC_TLS_BADCERT);
	FUZZ_CHECK(tls_conn_err_text(c) != NULL);
	FUZZ_CHECK(strlen(tls_conn_server_name(c)) <= TLS_MAX_HOST);
	if (!tls_conn_is_ready(c))
		return;
	FUZZ_CHECK(strcmp(tls_conn_version(c), "TLSv1.2") == 0);
	FUZZ_CHECK(strstr(tls_conn_cipher(c), "GCM") != NULL ||
	    strstr(tls_conn_cipher(c), "CHACHA20") != NULL);
	FUZZ_CHECK(strncmp(tls_conn_cipher(c), "ECDHE-", 6) == 0);
	alpn = tls_conn_alpn(c);
	FUZZ_CHECK(alpn == NULL || strcmp(alpn, "http/1.1") == 0);
}

/* Answer one request as httpd would; close unless it keeps alive. */
static void
fuzz_answer(struct tls_conn *c, const struct http_request *req)
{
	static const char resp[] = "HTTP/1.1 200 OK\r\n"
	    "Content-Length: 5\r\n\r\nhello";
	unsigned char *out;
	size_t room;

	if (getenv("FUZZ_VERBOSE") != NULL)
		fprintf(stderr, "fuzz_tls: answering %.*s\n",
		    (int)req->target_len, req->target);
	out = tls_conn_write_buf(c, &room);
	FUZZ_CHECK(out != NULL);
	if (room > sizeof resp - 1)
		room = sizeof resp - 1;
	memcpy(out, resp, room);
	tls_conn_write_done(c, room);
	tls_conn_flush(c);
	if (!req->keep_alive)
		tls_conn_close(c);
}

/*
 * Answer the first request in app[0, *len) if it is complete and the
 * connection can take the answer; false when there is nothing to do.
 */
static bool
fuzz_serve(struct tls_conn *c, char *app, size_t *len,
    struct http_request *req)
{
	size_t room;
	int rc;

	if (*len == 0 || tls_conn_write_buf(c, &room) == NULL)
		return false;
	rc = http_parse(req, app, *len);
	if (rc == RC_AGAIN && *len < FUZZ_APP_MAX)
		return false;
	if (rc == RC_OK) {
		fuzz_answer(c, req);
		memmove(app, app + req->head_len, *len - req->head_len);
		*len -= req->head_len;
	} else {
		tls_conn_close(c);
		*len = 0;
	}
	return true;
}

/*
 * Drive the connection over the client bytes in[0, n) until it is
 * closed or stuck; what it sends goes to sink (may be NULL).
 */
static void
fuzz_server_run(const uint8_t *in, size_t n,
    void (*sink)(void *, const void *, size_t), void *arg)
{
	struct tls_conn *c = &fuzz_conn;
	static char app[FUZZ_APP_MAX];
	static struct http_request req;
	size_t app_len = 0, len;
	unsigned char *b;

	for (;;) {
		fuzz_check_conn(c);
		if ((b = tls_conn_send_buf(c, &len)) != NULL) {
			FUZZ_CHECK(len > 0);
			if (sink != NULL)
				sink(arg, b, len);
			tls_conn_sent(c, len);
			continue;
		}
		if (tls_conn_is_closed(c))
			return;
		if (fuzz_serve(c, app, &app_len, &req))
			continue;
		if (app_len < sizeof app &&
		    (b = tls_conn_read(c, &len)) != NULL) {
			FUZZ_CHECK(len > 0);
			if (len > sizeof app - app_len)
				len = sizeof app - app_len;
			memcpy(app + app_len, b, len);
			app_len += len;
			tls_conn_read_done(c, len);
			continue;
		}
		if (n > 0 && (b = tls_conn_recv_buf(c, &len)) != NULL) {
			FUZZ_CHECK(len > 0);
			if (len > n)
				len = n;
			memcpy(b, in, len);
			in += len;
			n -= len;
			tls_conn_recv_done(c, len);
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
	static unsigned char pub[BR_EC_KBUF_PUB_MAX_SIZE], n[512];
	static unsigned char e[4];
	const struct tls_chain *ch = &fuzz_srv.chains[0];
	br_ec_public_key ek;
	br_rsa_public_key rk;
	uint32_t pe;
	size_t i;

	for (i = 0; i < fuzz_srv.nchains; i++)
		if (strcmp(fuzz_srv.chains[i].host, sni) == 0)
			ch = &fuzz_srv.chains[i];
	if (ch->key_type == BR_KEYTYPE_EC) {
		br_ec_compute_pub(br_ec_get_default(), &ek, pub, &ch->key.ec);
		br_x509_knownkey_init_ec(xk, &ek,
		    BR_KEYTYPE_KEYX | BR_KEYTYPE_SIGN);
		return;
	}
	rk.n = n;
	rk.nlen = br_rsa_compute_modulus_get_default()(n, &ch->key.rsa);
	/* br_rsa_compute_pubexp only handles p = 3 mod 4, as BearSSL's own
	 * keygen makes them; openssl's p need not be.  It uses 65537. */
	pe = br_rsa_compute_pubexp_get_default()(&ch->key.rsa);
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

/* One step of the client: false when it has nothing to do. */
static bool
fuzz_seed_step(br_ssl_engine_context *eng, FILE *f, struct fuzz_pipe *down,
    bool *sent, size_t *got)
{
	static const char reqs[] = "GET / HTTP/1.1\r\nHost: localhost\r\n\r\n"
	    "GET /x HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n";
	unsigned st = br_ssl_engine_current_state(eng);
	unsigned char *b;
	size_t len;

	if (st & BR_SSL_CLOSED)
		return false;
	if (st & BR_SSL_SENDREC) {
		b = br_ssl_engine_sendrec_buf(eng, &len);
		fwrite(b, 1, len, f);
		fuzz_server_run(b, len, fuzz_pipe_put, down);
		br_ssl_engine_sendrec_ack(eng, len);
	} else if ((st & BR_SSL_RECVREC) && down->len > 0) {
		b = br_ssl_engine_recvrec_buf(eng, &len);
		len = len < down->len ? len : down->len;
		memcpy(b, down->buf, len);
		memmove(down->buf, down->buf + len, down->len - len);
		down->len -= len;
		br_ssl_engine_recvrec_ack(eng, len);
	} else if ((st & BR_SSL_SENDAPP) && !*sent) {
		b = br_ssl_engine_sendapp_buf(eng, &len);
		FUZZ_CHECK(len >= sizeof reqs - 1);
		memcpy(b, reqs, sizeof reqs - 1);
		br_ssl_engine_sendapp_ack(eng, sizeof reqs - 1);
		br_ssl_engine_flush(eng, 0);
		*sent = true;
	} else if (st & BR_SSL_RECVAPP) {
		b = br_ssl_engine_recvapp_buf(eng, &len);
		*got += len;
		br_ssl_engine_recvapp_ack(eng, len);
	} else {
		return false;
	}
	return true;
}

/*
 * Handshake with SNI sni, send two pipelined requests, read the answers
 * until the server closes; write what the client sent to path.  0 when
 * it all worked.
 */
static int
fuzz_tls_seed(const char *path, const char *sni)
{
	static br_ssl_client_context cc;
	static br_x509_minimal_context xm;
	static br_x509_knownkey_context xk;
	static unsigned char cbuf[BR_SSL_BUFSIZE_BIDI];
	static struct fuzz_pipe down;
	br_ssl_engine_context *eng = &cc.eng;
	FILE *f = fopen(path, "wb");
	size_t got = 0;
	bool sent = false;
	int i;

	if (f == NULL)
		return -1;
	fuzz_server_reset();
	br_ssl_client_init_full(&cc, &xm, NULL, 0);
	fuzz_seed_trust(&xk, sni);
	br_ssl_engine_set_x509(eng, &xk.vtable);
	br_ssl_engine_set_buffer(eng, cbuf, sizeof cbuf, 1);
	br_ssl_engine_inject_entropy(eng, "fuzz client seed", 16);
	FUZZ_CHECK(br_ssl_client_reset(&cc, sni, 0) == 1);
	for (i = 0; i < 10000; i++)
		if (!fuzz_seed_step(eng, f, &down, &sent, &got))
			break;
	fclose(f);
	fprintf(stderr, "fuzz_tls seed %s: sni %s, %zu answer bytes, "
	    "client error %d, server %s\n", path, sni, got,
	    br_ssl_engine_last_error(eng), tls_conn_err_text(&fuzz_conn));
	return got > 0 && br_ssl_engine_last_error(eng) == 0 &&
	    tls_conn_state(&fuzz_conn) == RC_CLOSED ? 0 : -1;
}

int
LLVMFuzzerInitialize(int *argc, char ***argv)
{
	const char *seed = getenv("FUZZ_TLS_SEED");
	const char *sni = getenv("FUZZ_TLS_SNI");

	if (seed != NULL)
		exit(fuzz_tls_seed(seed, sni != NULL ? sni : "localhost") ?
		    1 : 0);
	return 0;
}
