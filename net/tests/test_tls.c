/*
 * test_tls.c: the TLS server module (net/tls*.c) against an in-process
 * BearSSL client, through memory buffers: no network.
 *
 * Keys and certificates are throwaway ones made with `openssl` at run
 * time in a temporary directory (no private keys in the repository);
 * without openssl the test is skipped (exit 77).  Silent on success but
 * for the alert counts; a failure prints file:line and the case, and the
 * program exits 1 (check.h).
 *
 *   test_tls [all|load|handshake|sni|resume|refuse|garbage|rsa|close|
 *       falsestart|alerts|sigalgs|clientauth|interop]...
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <signal.h>
#include <unistd.h>
#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <sys/wait.h>

#include "err.h"
#include "tls.h"
#include "check.h"


/* The generated files, read into memory. */
struct file {
	const char *name;
	char data[16384];
	size_t len;
};

enum { EC1_CRT, EC1_KEY, EC2_CRT, EC2_KEY, RSA_CRT, RSA_KEY, RSA1K_CRT,
	RSA1K_KEY, ADCA_CRT, PUB_CRT, PUB_KEY, UNT_CRT, UNT_KEY, EXP_CRT,
	NFILES };
static struct file files[NFILES] = {
	{ .name = "ec1.crt" }, { .name = "ec1.key" }, { .name = "ec2.crt" },
	{ .name = "ec2.key" },
	{ .name = "rsa.crt" }, { .name = "rsa.key" }, { .name = "rsa1k.crt" },
	{ .name = "rsa1k.key" },
	{ .name = "adca.crt" }, { .name = "pub.crt" }, { .name = "pub.key" },
	{ .name = "unt.crt" }, { .name = "unt.key" }, { .name = "exp.crt" },
};

static char tmpdir[] = "/tmp/test_tls.XXXXXX";

static const char gen_script[] =
    "set -e; cd %s; exec 2>/dev/null >/dev/null\n"
    "mk() { openssl req -x509 -new -key $1.key -out $1.crt -days 2 "
    "-subj /CN=$2 -addext subjectAltName=DNS:$2; }\n"
    "openssl ecparam -name prime256v1 -genkey -noout -out ec1.key\n"
    "openssl ecparam -name prime256v1 -genkey -noout -out ec2.key\n"
    "openssl genpkey -algorithm RSA -pkeyopt rsa_keygen_bits:2048 "
    "-out rsa.key\n"
    "openssl genpkey -algorithm RSA -pkeyopt rsa_keygen_bits:1024 "
    "-out rsa1k.key\n"
    "mk ec1 localhost; mk ec2 attachments.localhost; mk rsa rsa.test\n"
    "mk rsa1k small.test\n"
    /* Client certificates: an admin CA, a client it signed, one from
     * another CA, and one of the admin CA's that expired yesterday. */
    "ca() { openssl ecparam -name prime256v1 -genkey -noout -out $1.key; "
    "openssl req -x509 -new -key $1.key -out $1.crt -days 2 -subj /CN=$1 "
    "-addext basicConstraints=critical,CA:TRUE; }\n"
    "cli() { openssl req -new -key $1.key -subj /CN=$1 -out $1.csr; "
    "openssl x509 -req -in $1.csr -CA $2.crt -CAkey $2.key -days $3 "
    "-out $4.crt; }\n"
    "ca adca; ca oca\n"
    "openssl ecparam -name prime256v1 -genkey -noout -out pub.key\n"
    "openssl ecparam -name prime256v1 -genkey -noout -out unt.key\n"
    "cli pub adca 2 pub; cli unt oca 2 unt; cli pub adca -1 exp\n";

static void
remove_files(void)
{
	char cmd[256];

	snprintf(cmd, sizeof(cmd), "rm -rf %s", tmpdir);
	if (system(cmd) != 0)
		fprintf(stderr, "could not remove %s\n", tmpdir);
}

static void
make_files(void)
{
	char cmd[2048], path[256];
	size_t i;
	FILE *f;

	if (system("command -v openssl >/dev/null 2>&1") != 0) {
		printf("openssl not found\n");
		exit(77);
	}
	if (mkdtemp(tmpdir) == NULL) {
		perror("mkdtemp");
		exit(1);
	}
	snprintf(cmd, sizeof(cmd), gen_script, tmpdir);
	if (system(cmd) != 0) {
		fprintf(stderr, "%s:%d: openssl failed\n", __FILE__, __LINE__);
		exit(1);
	}
	for (i = 0; i < NFILES; i++) {
		snprintf(path, sizeof(path), "%s/%s", tmpdir, files[i].name);
		f = fopen(path, "r");
		if (f == NULL) {
			perror(path);
			exit(1);
		}
		files[i].len = fread(files[i].data, 1, sizeof(files[i].data),
		    f);
		fclose(f);
	}
	atexit(remove_files);
}

static int
add(struct tls_server *srv, const char *host, int crt, int key)
{
	return tls_server_add(srv, host, files[crt].data, files[crt].len,
	    files[key].data, files[key].len);
}

/*
 * A client X.509 engine that checks nothing: it keeps the server's
 * end-entity certificate, so the test can see which chain was sent.
 */
struct peek {
	const br_x509_class *vtable;
	br_x509_decoder_context dc;
	int ncerts;
	unsigned char ee[4096];
	size_t ee_len;
};

static void
peek_start_chain(const br_x509_class **ctx, const char *server_name)
{
	struct peek *p = (struct peek *)ctx;

	p->ncerts = 0;
	p->ee_len = 0;
}

static void
peek_start_cert(const br_x509_class **ctx, uint32_t length)
{
	struct peek *p = (struct peek *)ctx;

	if (p->ncerts == 0)
		br_x509_decoder_init(&p->dc, NULL, NULL);
}

static void
peek_append(const br_x509_class **ctx, const unsigned char *buf, size_t len)
{
	struct peek *p = (struct peek *)ctx;

	if (p->ncerts != 0)
		return;
	br_x509_decoder_push(&p->dc, buf, len);
	if (len <= sizeof(p->ee) - p->ee_len) {
		memcpy(p->ee + p->ee_len, buf, len);
		p->ee_len += len;
	}
}

static void
peek_end_cert(const br_x509_class **ctx)
{
	((struct peek *)ctx)->ncerts++;
}

static unsigned
peek_end_chain(const br_x509_class **ctx)
{
	struct peek *p = (struct peek *)ctx;

	return br_x509_decoder_last_error(&p->dc) == 0 ? 0 : BR_ERR_X509_BAD_DN;
}

static const br_x509_pkey *
peek_get_pkey(const br_x509_class *const *ctx, unsigned *usages)
{
	struct peek *p = (struct peek *)ctx;

	if (usages != NULL)
		*usages = BR_KEYTYPE_KEYX | BR_KEYTYPE_SIGN;
	return br_x509_decoder_get_pkey(&p->dc);
}

static const br_x509_class peek_vtable = {
	sizeof(struct peek), peek_start_chain, peek_start_cert, peek_append,
	peek_end_cert, peek_end_chain, peek_get_pkey,
};

/* The client side of one test connection. */
struct client {
	br_ssl_client_context cc;
	br_x509_minimal_context xc;
	struct peek peek;
	unsigned char iobuf[BR_SSL_BUFSIZE_BIDI];
};

static struct tls_server srv;
static struct tls_conn conn;
static struct client cli;
static br_ssl_session_parameters saved;

enum { C_PLAIN = 0, C_TLS11 = 1, C_CBC = 2, C_CHACHA = 4, C_RESUME = 8,
	C_H2 = 16, C_SHA1 = 32, C_SHA224 = 64 };

/*
 * Leave the client only the hash id: its signature_algorithms then
 * offers that hash alone (and its own handshake could not finish).
 */
static void
client_only_hash(struct client *c, int id)
{
	int h;

	for (h = br_md5_ID; h <= br_sha512_ID; h++)
		if (h != id)
			br_ssl_engine_set_hash(&c->cc.eng, h, NULL);
}

static void
client_start(struct client *c, const char *sni, int flags)
{
	static const uint16_t cbc[] = {
		BR_TLS_ECDHE_ECDSA_WITH_AES_128_CBC_SHA256,
		BR_TLS_ECDHE_RSA_WITH_AES_128_CBC_SHA256,
		BR_TLS_ECDHE_ECDSA_WITH_AES_128_CBC_SHA,
		BR_TLS_RSA_WITH_AES_128_CBC_SHA,
	};
	static const uint16_t chacha[] = {
		BR_TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256,
		BR_TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305_SHA256,
	};
	static const char *alpn[] = { "http/1.1" }, *h2[] = { "h2" };
	unsigned char seed[32] = { 1, 2, 3 };

	br_ssl_client_init_full(&c->cc, &c->xc, NULL, 0);
	c->peek.vtable = &peek_vtable;
	br_ssl_engine_set_x509(&c->cc.eng, &c->peek.vtable);
	br_ssl_engine_set_buffer(&c->cc.eng, c->iobuf, sizeof(c->iobuf), 1);
	br_ssl_engine_inject_entropy(&c->cc.eng, seed, sizeof(seed));
	br_ssl_engine_set_protocol_names(&c->cc.eng,
	    (flags & C_H2) ? h2 : alpn, 1);
	if (flags & C_TLS11)
		br_ssl_engine_set_versions(&c->cc.eng, BR_TLS10, BR_TLS11);
	if (flags & C_CBC)
		br_ssl_engine_set_suites(&c->cc.eng, cbc, 4);
	if (flags & C_CHACHA)
		br_ssl_engine_set_suites(&c->cc.eng, chacha, 2);
	if (flags & C_RESUME)
		br_ssl_engine_set_session_parameters(&c->cc.eng, &saved);
	if (flags & C_SHA1)
		client_only_hash(c, br_sha1_ID);
	if (flags & C_SHA224)
		client_only_hash(c, br_sha224_ID);
	br_ssl_client_reset(&c->cc, sni, (flags & C_RESUME) != 0);
}

/* Move records both ways until neither side has anything to send. */
static void
pump(struct client *c, struct tls_conn *s)
{
	br_ssl_engine_context *ce = &c->cc.eng;
	unsigned char *src, *dst;
	size_t n, room;
	int progress;

	do {
		progress = 0;
		src = br_ssl_engine_sendrec_buf(ce, &n);
		dst = tls_conn_recv_buf(s, &room);
		if (src != NULL && dst != NULL) {
			n = n < room ? n : room;
			memcpy(dst, src, n);
			br_ssl_engine_sendrec_ack(ce, n);
			tls_conn_recv_done(s, n);
			progress = 1;
		}
		src = tls_conn_send_buf(s, &n);
		dst = br_ssl_engine_recvrec_buf(ce, &room);
		if (src != NULL && dst != NULL) {
			n = n < room ? n : room;
			memcpy(dst, src, n);
			tls_conn_sent(s, n);
			br_ssl_engine_recvrec_ack(ce, n);
			progress = 1;
		}
	} while (progress);
}

/* Handshake the client with a fresh server connection. */
static void
connect_to(const char *sni, int flags)
{
	CHECK(tls_conn_init(&conn, &srv) == RC_OK, sni ? sni : "no sni");
	client_start(&cli, sni, flags);
	pump(&cli, &conn);
}

static bool
got_chain(size_t i)
{
	const br_x509_certificate *ee = &srv.chains[i].certs[0];

	return cli.peek.ee_len == ee->data_len &&
	    memcmp(cli.peek.ee, ee->data, ee->data_len) == 0;
}

static void
test_load(void)
{
	struct tls_server s;
	static const char junk[] = "-----BEGIN CERTIFICATE-----\n@@@\n";

	tls_server_init(&s);
	CHECK(add(&s, "x", EC1_CRT, EC2_KEY) == RC_TLS_BADCERT, "mismatch");
	CHECK(add(&s, "x", RSA_CRT, EC1_KEY) == RC_TLS_BADCERT, "key type");
	CHECK(add(&s, "x", RSA1K_CRT, RSA1K_KEY) == RC_UNSUPPORTED, "1024");
	CHECK(tls_server_add(&s, NULL, junk, sizeof(junk) - 1,
	    files[EC1_KEY].data, files[EC1_KEY].len) == RC_FORMAT, "junk");
	CHECK(add(&s, NULL, EC1_KEY, EC1_KEY) == RC_FORMAT, "no cert");
	CHECK(add(&s, NULL, EC1_CRT, EC1_CRT) == RC_FORMAT, "no key");
	CHECK(s.nchains == 0, "unchanged after errors");
	CHECK(tls_conn_init(&conn, &s) == RC_INVAL, "no chain");
	CHECK(add(&s, "localhost", EC1_CRT, EC1_KEY) == RC_OK, "ec");
	CHECK(add(&s, "rsa.test", RSA_CRT, RSA_KEY) == RC_OK, "rsa");
	CHECK(add(&s, "z", EC2_CRT, EC2_KEY) == RC_NOMEM, "third");
	CHECK(s.nchains == 2, "two chains");
}

/* Full handshake, then data both ways, larger than one record. */
static void
test_handshake(void)
{
	static unsigned char big[40000];
	unsigned char *p;
	size_t i, n, got;

	connect_to("localhost", C_PLAIN);
	CHECK(tls_conn_is_ready(&conn), "ready");
	CHECK(!tls_conn_is_resumed(&conn), "not resumed");
	CHECK(tls_conn_state(&conn) == RC_OK, "state");
	CHECK(strcmp(tls_conn_version(&conn), "TLSv1.2") == 0, "version");
	CHECK(strcmp(tls_conn_cipher(&conn),
	    "ECDHE-ECDSA-AES128-GCM-SHA256") == 0, "cipher");
	CHECK(strcmp(tls_conn_server_name(&conn), "localhost") == 0, "sni");
	CHECK(tls_conn_alpn(&conn) != NULL &&
	    strcmp(tls_conn_alpn(&conn), "http/1.1") == 0, "alpn");
	CHECK(got_chain(0), "main chain");
	br_ssl_engine_get_session_parameters(&cli.cc.eng, &saved);

	/* client -> server */
	p = br_ssl_engine_sendapp_buf(&cli.cc.eng, &n);
	CHECK(p != NULL && n >= 5, "client room");
	if (p == NULL)
		return;
	memcpy(p, "hello", 5);
	br_ssl_engine_sendapp_ack(&cli.cc.eng, 5);
	br_ssl_engine_flush(&cli.cc.eng, 0);
	pump(&cli, &conn);
	p = tls_conn_read(&conn, &n);
	CHECK(p != NULL && n == 5 && memcmp(p, "hello", 5) == 0, "read");
	tls_conn_read_done(&conn, n);

	/* server -> client: 40000 bytes, several records. */
	for (i = 0; i < sizeof(big); i++)
		big[i] = (unsigned char)(i * 7);
	for (i = 0, got = 0; got < sizeof(big);) {
		p = tls_conn_write_buf(&conn, &n);
		if (p != NULL && i < sizeof(big)) {
			n = n < sizeof(big) - i ? n : sizeof(big) - i;
			memcpy(p, big + i, n);
			tls_conn_write_done(&conn, n);
			i += n;
			if (i == sizeof(big))
				tls_conn_flush(&conn);
		}
		pump(&cli, &conn);
		p = br_ssl_engine_recvapp_buf(&cli.cc.eng, &n);
		if (p == NULL && i == sizeof(big))
			break;
		if (p == NULL)
			continue;
		CHECK(got + n <= sizeof(big) && memcmp(p, big + got, n) == 0,
		    "data");
		br_ssl_engine_recvapp_ack(&cli.cc.eng, n);
		got += n;
	}
	CHECK(got == sizeof(big), "all data");
}

static void
test_sni(void)
{
	static const struct {
		const char *sni;
		size_t chain;
	} cases[] = {
		{ "attachments.localhost", 1 }, { "ATTACHMENTS.LocalHost", 1 },
		{ "localhost", 0 }, { "unknown.example", 0 }, { NULL, 0 },
	};
	size_t i;

	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		const char *name = cases[i].sni ? cases[i].sni : "(none)";

		connect_to(cases[i].sni, C_PLAIN);
		CHECK(tls_conn_is_ready(&conn), name);
		CHECK(got_chain(cases[i].chain), name);
	}
	/* A client that offers only h2 still connects, without ALPN. */
	connect_to("localhost", C_H2);
	CHECK(tls_conn_is_ready(&conn), "h2 only");
	CHECK(tls_conn_alpn(&conn) == NULL, "h2 only: no alpn");
	/* ChaCha20 when the client wants only that. */
	connect_to("localhost", C_CHACHA);
	CHECK(strcmp(tls_conn_cipher(&conn),
	    "ECDHE-ECDSA-CHACHA20-POLY1305") == 0, "chacha");
}

static void
test_resume(void)
{
	br_ssl_session_parameters now;

	/* A session of our own to resume, whatever ran before. */
	connect_to("localhost", C_PLAIN);
	CHECK(tls_conn_is_ready(&conn), "first handshake");
	br_ssl_engine_get_session_parameters(&cli.cc.eng, &saved);
	connect_to("localhost", C_RESUME);
	CHECK(tls_conn_is_ready(&conn), "resumed: ready");
	CHECK(tls_conn_is_resumed(&conn), "resumed");
	br_ssl_engine_get_session_parameters(&cli.cc.eng, &now);
	CHECK(now.session_id_len == saved.session_id_len &&
	    memcmp(now.session_id, saved.session_id,
	    saved.session_id_len) == 0, "same session id");
	/* An unknown session ID falls back to a full handshake. */
	saved.session_id[0] ^= 1;
	connect_to("localhost", C_RESUME);
	CHECK(tls_conn_is_ready(&conn), "unknown id: ready");
	CHECK(!tls_conn_is_resumed(&conn), "unknown id: full handshake");
}

/*
 * The client gives up on the server's alert (a TLS 1.1 client rejects
 * our 1.2 record header); TCP would still send the rest of it.
 */
static void
drain(void)
{
	size_t n;

	while (tls_conn_send_buf(&conn, &n) != NULL)
		tls_conn_sent(&conn, n);
}

static void
test_refuse(void)
{
	connect_to("localhost", C_TLS11);
	drain();
	CHECK(tls_conn_is_closed(&conn), "tls1.1 closed");
	CHECK(tls_conn_state(&conn) == RC_TLS_HANDSHAKE, "tls1.1 state");
	CHECK(strcmp(tls_conn_err_text(&conn), "unsupported version") == 0,
	    tls_conn_err_text(&conn));
	connect_to("localhost", C_CBC);
	drain();
	CHECK(tls_conn_is_closed(&conn), "cbc closed");
	CHECK(tls_conn_state(&conn) == RC_TLS_HANDSHAKE, "cbc state");
}

static void
feed(const void *data, size_t len)
{
	unsigned char *p;
	size_t room;

	while (len > 0 && (p = tls_conn_recv_buf(&conn, &room)) != NULL) {
		room = room < len ? room : len;
		memcpy(p, data, room);
		tls_conn_recv_done(&conn, room);
		data = (const char *)data + room;
		len -= room;
	}
}

static void
test_garbage(void)
{
	static const char http[] = "GET / HTTP/1.1\r\nHost: x\r\n\r\n";
	static const unsigned char bad_len[] = { 22, 3, 3, 0xff, 0xff, 1 };
	unsigned char rec[64], *p;
	size_t n;

	CHECK(tls_conn_init(&conn, &srv) == RC_OK, "init");
	feed(http, sizeof(http) - 1);
	CHECK(tls_conn_is_closed(&conn), "plain http closed");
	CHECK(tls_conn_state(&conn) != RC_OK &&
	    tls_conn_state(&conn) != RC_CLOSED, "plain http error");
	CHECK(tls_conn_init(&conn, &srv) == RC_OK, "init");
	feed(bad_len, sizeof(bad_len));
	CHECK(tls_conn_state(&conn) == RC_TLS_RECORD, "oversized record");

	/* A corrupted record after the handshake fails its MAC. */
	connect_to("localhost", C_PLAIN);
	p = br_ssl_engine_sendapp_buf(&cli.cc.eng, &n);
	CHECK(p != NULL, "room");
	if (p == NULL)
		return;
	memcpy(p, "x", 1);
	br_ssl_engine_sendapp_ack(&cli.cc.eng, 1);
	br_ssl_engine_flush(&cli.cc.eng, 0);
	p = br_ssl_engine_sendrec_buf(&cli.cc.eng, &n);
	CHECK(p != NULL && n <= sizeof(rec), "record");
	if (p == NULL || n > sizeof(rec))
		return;
	memcpy(rec, p, n);
	br_ssl_engine_sendrec_ack(&cli.cc.eng, n);
	rec[n - 1] ^= 0x80;
	feed(rec, n);
	CHECK(tls_conn_state(&conn) == RC_TLS_RECORD, "bad mac");
	CHECK(strcmp(tls_conn_err_text(&conn), "bad record MAC") == 0,
	    tls_conn_err_text(&conn));
}

static void
test_rsa(void)
{
	static struct tls_server rsa;

	tls_server_init(&rsa);
	CHECK(add(&rsa, NULL, RSA_CRT, RSA_KEY) == RC_OK, "rsa add");
	CHECK(tls_conn_init(&conn, &rsa) == RC_OK, "rsa init");
	client_start(&cli, "rsa.test", C_PLAIN);
	pump(&cli, &conn);
	CHECK(tls_conn_is_ready(&conn), "rsa ready");
	CHECK(strcmp(tls_conn_cipher(&conn),
	    "ECDHE-RSA-AES128-GCM-SHA256") == 0, "rsa cipher");
	CHECK(cli.peek.ee_len == rsa.chains[0].certs[0].data_len &&
	    memcmp(cli.peek.ee, rsa.chains[0].certs[0].data,
	    cli.peek.ee_len) == 0, "rsa chain");
}

static void
test_close(void)
{
	connect_to("localhost", C_PLAIN);
	tls_conn_close(&conn);
	pump(&cli, &conn);
	CHECK(br_ssl_engine_current_state(&cli.cc.eng) == BR_SSL_CLOSED,
	    "client saw close_notify");
	CHECK(br_ssl_engine_last_error(&cli.cc.eng) == BR_ERR_OK,
	    "clean for client");
	CHECK(tls_conn_is_closed(&conn), "server closed");
	CHECK(tls_conn_state(&conn) == RC_CLOSED, "clean close");
}


/* Move what the server sends to the client; true if anything moved. */
static bool
server_to_client(struct client *c, struct tls_conn *s)
{
	unsigned char *src, *dst;
	size_t n, room;
	bool moved = false;

	while ((src = tls_conn_send_buf(s, &n)) != NULL &&
	    (dst = br_ssl_engine_recvrec_buf(&c->cc.eng, &room)) != NULL) {
		n = n < room ? n : room;
		memcpy(dst, src, n);
		tls_conn_sent(s, n);
		br_ssl_engine_recvrec_ack(&c->cc.eng, n);
		moved = true;
	}
	return moved;
}

/* Append what the client sends to buf (room cap, at *len). */
static bool
client_to_buf(struct client *c, unsigned char *buf, size_t cap,
    size_t *len)
{
	unsigned char *src;
	size_t n;
	bool moved = false;

	while ((src = br_ssl_engine_sendrec_buf(&c->cc.eng, &n)) != NULL &&
	    *len < cap) {
		n = n < cap - *len ? n : cap - *len;
		memcpy(buf + *len, src, n);
		br_ssl_engine_sendrec_ack(&c->cc.eng, n);
		*len += n;
		moved = true;
	}
	return moved;
}

/*
 * Hand the server all of in[0, len) that it takes now, as the TCP glue
 * does with a segment: no sending in between.  Returns bytes taken.
 */
static size_t
feed_all(struct tls_conn *s, const unsigned char *in, size_t len)
{
	unsigned char *p;
	size_t room, done = 0;

	while (done < len && (p = tls_conn_recv_buf(s, &room)) != NULL) {
		room = room < len - done ? room : len - done;
		memcpy(p, in + done, room);
		tls_conn_recv_done(s, room);
		done += room;
	}
	return done;
}

/*
 * Encrypt an application-data record with the client's current write
 * keys, as a false-starting client does right after its Finished (a
 * BearSSL client itself waits for the server's Finished).
 */
static size_t
client_seal(struct client *c, const char *text, unsigned char *out)
{
	static unsigned char rec[1024];
	const br_sslrec_out_class **vt = &c->cc.eng.out.vtable;
	size_t start = 0, end = sizeof(rec), n = strlen(text);
	unsigned char *p;

	(*vt)->max_plaintext(vt, &start, &end);
	memcpy(rec + start, text, n);
	p = (*vt)->encrypt(vt, 23, c->cc.eng.version_out, rec + start, &n);
	memcpy(out, p, n);
	return n;
}

/*
 * False Start: the client's last flight (ClientKeyExchange,
 * ChangeCipherSpec, Finished) and its first request reach the server in
 * one piece, before the server's Finished has gone out.
 */
static void
test_falsestart(void)
{
	static const char req[] = "GET / HTTP/1.1\r\nHost: localhost\r\n\r\n";
	static const char resp[] = "HTTP/1.1 200 OK\r\n\r\n";
	static unsigned char buf[8192];
	unsigned char *p;
	size_t len = 0, off = 0, n;
	bool moved;

	CHECK(tls_conn_init(&conn, &srv) == RC_OK, "init");
	client_start(&cli, "localhost", C_PLAIN);
	client_to_buf(&cli, buf, sizeof(buf), &len);
	CHECK(feed_all(&conn, buf, len) == len, "ClientHello taken");
	len = 0;
	/* The server's flight in, the client's last flight held back. */
	while (server_to_client(&cli, &conn) |
	    client_to_buf(&cli, buf, sizeof(buf), &len))
		;
	CHECK(cli.cc.eng.out.vtable != &br_sslrec_out_clear_vtable,
	    "client sent its Finished");
	len += client_seal(&cli, req, buf + len);
	do {
		n = feed_all(&conn, buf + off, len - off);
		off += n;
		moved = server_to_client(&cli, &conn);
	} while (n > 0 || moved);
	CHECK(off == len, "server took it all");
	CHECK(!tls_conn_is_closed(&conn), tls_conn_err_text(&conn));
	CHECK(tls_conn_is_ready(&conn), "server ready");
	p = tls_conn_read(&conn, &n);
	CHECK(p != NULL && n == sizeof(req) - 1 &&
	    memcmp(p, req, n) == 0, "request read");
	if (p != NULL)
		tls_conn_read_done(&conn, n);
	p = tls_conn_write_buf(&conn, &n);
	CHECK(p != NULL && n >= sizeof(resp) - 1, "room for the response");
	if (p == NULL)
		return;
	memcpy(p, resp, sizeof(resp) - 1);
	tls_conn_write_done(&conn, sizeof(resp) - 1);
	tls_conn_flush(&conn);
	server_to_client(&cli, &conn);
	p = br_ssl_engine_recvapp_buf(&cli.cc.eng, &n);
	CHECK(p != NULL && n == sizeof(resp) - 1 &&
	    memcmp(p, resp, n) == 0, "client got the response");
}

/*
 * The alert description if out[0, len) is whole records, the last a
 * fatal alert; else -1.
 */
static int
last_alert(const unsigned char *out, size_t len)
{
	size_t off = 0, rlen;

	while (len - off >= 5) {
		rlen = (size_t)out[off + 3] << 8 | out[off + 4];
		if (len - off - 5 < rlen)
			return -1;
		if (off + 5 + rlen == len)
			return out[off] == 21 && rlen == 2 &&
			    out[off + 5] == 2 ? out[off + 6] : -1;
		off += 5 + rlen;
	}
	return -1;
}

/* Feed in[0, len) to a fresh connection; what it sends lands in out. */
static void
run_server(const unsigned char *in, size_t len, unsigned char *out,
    size_t cap, size_t *out_len)
{
	unsigned char *p;
	size_t off = 0, n;
	bool moved;

	*out_len = 0;
	CHECK(tls_conn_init(&conn, &srv) == RC_OK, "init");
	do {
		off += (n = feed_all(&conn, in + off, len - off));
		moved = false;
		while ((p = tls_conn_send_buf(&conn, &n)) != NULL) {
			n = n < cap - *out_len ? n : cap - *out_len;
			memcpy(out + *out_len, p, n);
			*out_len += n;
			tls_conn_sent(&conn, n);
			moved = true;
			if (n == 0)
				break;
		}
	} while (n > 0 || moved);
}

/* The offsets of the ClientHello's length fields, and their widths. */
struct lenfield {
	size_t off, width;
};

static size_t
hello_fields(const unsigned char *h, size_t len, struct lenfield *f)
{
	size_t k = 0, o = 43, n;

	f[k++] = (struct lenfield){ 3, 2 };	/* record */
	f[k++] = (struct lenfield){ 6, 3 };	/* handshake message */
	f[k++] = (struct lenfield){ o, 1 };	/* session ID */
	o += 1 + h[o];
	f[k++] = (struct lenfield){ o, 2 };	/* cipher suites */
	o += 2 + ((size_t)h[o] << 8 | h[o + 1]);
	f[k++] = (struct lenfield){ o, 1 };	/* compression */
	o += 1 + h[o];
	f[k++] = (struct lenfield){ o, 2 };	/* extensions */
	for (o += 2; o + 4 <= len && k < 16; o += 4 + n) {
		n = (size_t)h[o + 2] << 8 | h[o + 3];
		/* one extension's own length */
		f[k++] = (struct lenfield){ o + 2, 2 };
	}
	return k;
}

/* Mutation i of hello (len bytes) into m; its length. */
static size_t
mutate(unsigned i, const unsigned char *h, size_t len, unsigned char *m,
    const struct lenfield *f, size_t nf, uint32_t *rnd)
{
	size_t cut, off;
	uint32_t v;

#define NEXT()	(*rnd = *rnd * 1103515245u + 12345u, *rnd >> 8)
	memcpy(m, h, len);
	switch (i % 3) {
	case 0:		/* one byte flipped */
		off = NEXT() % len;
		m[off] ^= (unsigned char)(1 + NEXT() % 255);
		return len;
	case 1:		/* cut short, its lengths consistent */
		cut = 9 + NEXT() % (len - 9);
		m[3] = (unsigned char)((cut - 5) >> 8);
		m[4] = (unsigned char)(cut - 5);
		m[6] = 0;
		m[7] = (unsigned char)((cut - 9) >> 8);
		m[8] = (unsigned char)(cut - 9);
		return cut;
	}
	/* A length field made smaller, larger or random. */
	f += NEXT() % nf;
	v = NEXT();
	off = f->off + f->width - 1;
	if (v % 3 == 0)
		m[off] = (unsigned char)(m[off] - 1 - v % 7);
	else if (v % 3 == 1)
		m[off] = (unsigned char)(m[off] + 1 + v % 7);
	else
		m[off - (f->width > 1)] = (unsigned char)(v >> 16);
	return len;
#undef NEXT
}

/*
 * 500 mutated ClientHellos: each one the server fails on must end what
 * it sends with a fatal alert, not just close.
 */
static void
test_alerts(void)
{
	static unsigned char hello[4096], m[4096], out[16384];
	struct lenfield f[16];
	size_t len = 0, nf, mlen, out_len;
	uint32_t rnd = 1;
	unsigned i, failed = 0, alerted = 0;
	int a;

	client_start(&cli, "localhost", C_PLAIN);
	client_to_buf(&cli, hello, sizeof(hello), &len);
	CHECK(len > 50 && hello[0] == 22 && hello[5] == 1, "a ClientHello");
	if (len <= 50)
		return;
	nf = hello_fields(hello, len, f);
	for (i = 0; i < 500; i++) {
		mlen = mutate(i, hello, len, m, f, nf, &rnd);
		run_server(m, mlen, out, sizeof(out), &out_len);
		if (!tls_conn_is_closed(&conn))
			continue;
		failed++;
		a = last_alert(out, out_len);
		if (a >= 0)
			alerted++;
		else
			fprintf(stderr, "mutation %u: %s: no alert\n", i,
			    tls_conn_err_text(&conn));
	}
	printf("tls alerts: 500 mutated ClientHellos, %u failed, %u of those"
	    " ended with a fatal alert\n", failed, alerted);
	CHECK(failed > 100, "most mutations fail");
	CHECK(alerted == failed, "every failure sends an alert");
	/* Plain HTTP at the TLS port: protocol_version, then close. */
	run_server((const unsigned char *)"GET / HTTP/1.1\r\n\r\n", 18, out,
	    sizeof(out), &out_len);
	CHECK(last_alert(out, out_len) == BR_ALERT_PROTOCOL_VERSION,
	    "plain http: protocol_version");
}

/* RFC 9155: SHA-1 and SHA-224 signatures are refused with an alert. */
static void
test_sigalgs(void)
{
	static const struct {
		int flag;
		const char *name;
	} cases[] = {
		{ C_SHA1, "sha1 only" }, { C_SHA224, "sha224 only" },
	};
	size_t i;

	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		connect_to("localhost", cases[i].flag);
		drain();
		CHECK(tls_conn_is_closed(&conn), cases[i].name);
		CHECK(tls_conn_state(&conn) == RC_TLS_HANDSHAKE,
		    cases[i].name);
		CHECK(br_ssl_engine_last_error(&cli.cc.eng) ==
		    BR_ERR_RECV_FATAL_ALERT + BR_ALERT_HANDSHAKE_FAILURE,
		    cases[i].name);
	}
	/* Control: the same client with SHA-256 connects. */
	connect_to("localhost", C_PLAIN);
	CHECK(tls_conn_is_ready(&conn), "sha256");
}

/*
 * Real clients: a child process serves TLS on a loopback port with plain
 * sockets, driving tls_conn; openssl s_client and curl connect to it.
 */
static void
serve_one(int fd)
{
	static const char resp[] = "HTTP/1.1 200 OK\r\nContent-Length: 6\r\n"
	    "Connection: close\r\n\r\nhello\n";
	unsigned char *p;
	size_t n;
	ssize_t r;
	bool answered = false;

	if (tls_conn_init(&conn, &srv) != RC_OK)
		return;
	while (!tls_conn_is_closed(&conn)) {
		if ((p = tls_conn_send_buf(&conn, &n)) != NULL) {
			if ((r = write(fd, p, n)) <= 0)
				return;
			tls_conn_sent(&conn, (size_t)r);
		} else if ((p = tls_conn_read(&conn, &n)) != NULL) {
			tls_conn_read_done(&conn, n);
			if (!answered &&
			    (p = tls_conn_write_buf(&conn, &n)) != NULL &&
			    n >= sizeof(resp) - 1) {
				memcpy(p, resp, sizeof(resp) - 1);
				tls_conn_write_done(&conn, sizeof(resp) - 1);
				tls_conn_close(&conn);
				answered = true;
			}
		} else if ((p = tls_conn_recv_buf(&conn, &n)) != NULL) {
			if ((r = read(fd, p, n)) <= 0)
				return;
			tls_conn_recv_done(&conn, (size_t)r);
		} else {
			return;
		}
	}
}

static pid_t
start_server(int *port)
{
	struct sockaddr_in sa = { .sin_family = AF_INET };
	socklen_t len = sizeof(sa);
	int ls, fd;
	pid_t pid;

	sa.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	ls = socket(AF_INET, SOCK_STREAM, 0);
	if (ls < 0 || bind(ls, (struct sockaddr *)&sa, sizeof(sa)) != 0 ||
	    listen(ls, 8) != 0 ||
	    getsockname(ls, (struct sockaddr *)&sa, &len) != 0) {
		perror("listen");
		exit(1);
	}
	*port = ntohs(sa.sin_port);
	fflush(NULL);
	pid = fork();
	if (pid != 0) {
		close(ls);
		return pid;
	}
	alarm(60);
	while ((fd = accept(ls, NULL, NULL)) >= 0) {
		serve_one(fd);
		close(fd);
	}
	_exit(0);
}

/* Run a shell command with PORT and DIR; does its output hold want? */
static bool
client_says(int port, const char *cmd, const char *want)
{
	char line[4096], full[1024];
	bool found = false;
	FILE *f;

	snprintf(full, sizeof(full),
	    "cd %s && export P=%d && timeout 10 sh -c '%s' </dev/null 2>&1",
	    tmpdir, port, cmd);
	f = popen(full, "r");
	if (f == NULL)
		return false;
	while (fgets(line, sizeof(line), f) != NULL) {
		if (strstr(line, want) != NULL)
			found = true;
		if (getenv("TLS_VERBOSE") != NULL)
			fputs(line, stderr);
	}
	pclose(f);
	return found;
}

/*
 * Client certificates required (tls_server_require_client_ca): a chain
 * of the CA gets in, none, another CA's and an expired one are refused
 * with the alert that says why, sent before our ChangeCipherSpec.
 */
static struct tls_server asrv, cid;

/* Handshake with asrv, as a client with chain crt and key (crt < 0:
 * none); returns the alert the client received, or -1. */
static int
auth_connect(int crt, int key)
{
	int e;

	CHECK(tls_conn_init(&conn, &asrv) == RC_OK, "auth init");
	client_start(&cli, "localhost", 0);
	if (crt >= 0) {
		tls_server_init(&cid);
		CHECK(add(&cid, NULL, crt, key) == RC_OK, "client chain");
		br_ssl_client_set_single_ec(&cli.cc, cid.chains[0].certs,
		    cid.chains[0].ncerts, &cid.chains[0].key.ec,
		    BR_KEYTYPE_SIGN, BR_KEYTYPE_EC, br_ec_get_default(),
		    br_ecdsa_sign_asn1_get_default());
	}
	pump(&cli, &conn);
	e = br_ssl_engine_last_error(&cli.cc.eng);
	if (e >= BR_ERR_RECV_FATAL_ALERT && e < BR_ERR_SEND_FATAL_ALERT)
		return e - BR_ERR_RECV_FATAL_ALERT;
	return -1;
}

static void
test_clientauth(void)
{
	static const char junk[] = "-----BEGIN CERTIFICATE-----\n@@@\n";
	int a;

	tls_server_init(&asrv);
	CHECK(add(&asrv, "localhost", EC1_CRT, EC1_KEY) == RC_OK, "chain");
	CHECK(tls_server_require_client_ca(&asrv, junk, sizeof(junk) - 1) ==
	    RC_FORMAT, "junk CA");
	CHECK(tls_server_require_client_ca(&asrv, files[PUB_CRT].data,
	    files[PUB_CRT].len) == RC_FORMAT, "a leaf is no CA");
	CHECK(!asrv.client_ca.on, "unchanged after errors");
	CHECK(tls_server_require_client_ca(&asrv, files[ADCA_CRT].data,
	    files[ADCA_CRT].len) == RC_OK, "CA");

	a = auth_connect(PUB_CRT, PUB_KEY);
	CHECK(a == -1 && tls_conn_is_ready(&conn), tls_conn_err_text(&conn));
	a = auth_connect(-1, -1);
	CHECK(tls_conn_is_closed(&conn) && !tls_conn_is_ready(&conn),
	    "no cert closed");
	CHECK(tls_conn_state(&conn) == RC_TLS_HANDSHAKE, "no cert state");
	CHECK(strcmp(tls_conn_err_text(&conn), "no client certificate") == 0,
	    tls_conn_err_text(&conn));
	CHECK(a == BR_ALERT_HANDSHAKE_FAILURE, "no cert alert");
	a = auth_connect(UNT_CRT, UNT_KEY);
	CHECK(tls_conn_is_closed(&conn), "untrusted closed");
	CHECK(strcmp(tls_conn_err_text(&conn),
	    "client certificate not trusted") == 0, tls_conn_err_text(&conn));
	CHECK(a == BR_ALERT_UNKNOWN_CA, "untrusted alert");
	a = auth_connect(EXP_CRT, PUB_KEY);
	CHECK(tls_conn_is_closed(&conn), "expired closed");
	CHECK(strcmp(tls_conn_err_text(&conn),
	    "client certificate expired") == 0, tls_conn_err_text(&conn));
	CHECK(a == BR_ALERT_CERTIFICATE_EXPIRED, "expired alert");
	/* The site's server asks for no certificate: a client without. */
	connect_to("localhost", 0);
	CHECK(tls_conn_is_ready(&conn), "no client auth on srv");
}

#define SCLIENT "openssl s_client -connect 127.0.0.1:$P "

static void
test_interop(void)
{
	int port, st;
	pid_t pid = start_server(&port);

	CHECK(client_says(port, SCLIENT "-servername attachments.localhost "
	    "-CAfile ec2.crt -verify_return_error -alpn http/1.1 "
	    "-sess_out sess", "Verify return code: 0 (ok)"), "s_client sni");
	CHECK(client_says(port, SCLIENT "-servername localhost -CAfile "
	    "ec1.crt -verify_return_error", "Cipher is "
	    "ECDHE-ECDSA-AES128-GCM-SHA256"), "s_client cipher");
	CHECK(client_says(port, SCLIENT "-servername nope.example "
	    "-CAfile ec1.crt -verify_return_error", "Verify return code: 0"),
	    "s_client unknown sni gets default");
	CHECK(client_says(port, SCLIENT "-servername attachments.localhost "
	    "-sess_in sess", "Reused, TLSv1.2"), "s_client reused");
	CHECK(client_says(port, SCLIENT "-alpn http/1.1", "ALPN protocol: "
	    "http/1.1"), "s_client alpn");
	CHECK(!client_says(port, SCLIENT "-tls1_1", "Cipher is ECDHE"),
	    "s_client -tls1_1 refused");
	CHECK(!client_says(port, SCLIENT "-tls1_2 -cipher "
	    "ECDHE-ECDSA-AES128-SHA:ECDHE-RSA-AES128-SHA256:AES128-SHA",
	    "Cipher is ECDHE"), "s_client CBC refused");
	CHECK(client_says(port, "curl -sS --cacert ec2.crt --resolve "
	    "attachments.localhost:$P:127.0.0.1 "
	    "https://attachments.localhost:$P/", "hello"), "curl");
	kill(pid, SIGTERM);
	waitpid(pid, &st, 0);
}

static const struct check_test tests[] = {
	{ "load", test_load }, { "handshake", test_handshake },
	{ "sni", test_sni }, { "resume", test_resume },
	{ "refuse", test_refuse }, { "garbage", test_garbage },
	{ "rsa", test_rsa }, { "close", test_close },
	{ "falsestart", test_falsestart }, { "alerts", test_alerts },
	{ "sigalgs", test_sigalgs }, { "clientauth", test_clientauth },
	{ "interop", test_interop },
};

int
main(int argc, char **argv)
{
	int rc;

	make_files();
	tls_server_init(&srv);
	if (add(&srv, "localhost", EC1_CRT, EC1_KEY) != RC_OK ||
	    add(&srv, "attachments.localhost", EC2_CRT, EC2_KEY) != RC_OK) {
		fprintf(stderr, "%s: cannot load the test chains\n", argv[0]);
		return 1;
	}
	rc = check_main(tests, sizeof(tests) / sizeof(tests[0]), argc, argv);
	if (getenv("TLS_VERBOSE"))
		printf("tls_conn %zu bytes, tls_server %zu bytes\n",
		    TLS_CONN_MEMORY, TLS_SERVER_MEMORY);
	return rc;
}
