/*
 * bench_tls.c: the cost of one full TLS handshake of our server
 * (net/tls*.c) against an in-process BearSSL client, through memory:
 * no network, no kernel in the way, so valgrind --tool=callgrind sees
 * only the handshake.  Not a test (make test does not run it): it
 * prints figures and fails only when a handshake does not complete.
 *
 *   bench_tls [-n N] [-c x25519|p256] [-m]
 *
 * -n: handshakes (default 200); -c: the only curve the client offers
 * (default x25519); -m: also time the elliptic-curve primitives alone,
 * BearSSL's br_ec_p256_m31 against ours (ec_p256.h).  The server key is
 * a throwaway P-256 key made with `openssl` in a temporary directory.
 * "server us" counts only the time spent inside tls_conn_* calls, the
 * part that our server pays; "total us" includes the client.
 *
 * Built by hand, after `make all`:
 *   musl-gcc $(OUR_CFLAGS) net/tests/bench_tls.c build/h/hosted/plat.o \
 *       build/libupper.a -static -no-pie -o build/t/bench_tls
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "err.h"
#include "tls.h"
#include "ec_p256.h"

static char tmpdir[] = "/tmp/bench_tls.XXXXXX";
static char crt[8192], key[8192];
static size_t crt_len, key_len;

static struct tls_server srv;
static struct tls_conn conn;
static br_ssl_client_context cc;
static br_x509_knownkey_context xk;
static br_x509_minimal_context xm;
static unsigned char ciobuf[BR_SSL_BUFSIZE_BIDI];
static br_ec_impl client_ec;
static double server_ns;

static double
now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1e9 + ts.tv_nsec;
}

static size_t
slurp(const char *name, char *buf, size_t size)
{
	char path[256];
	size_t n;
	FILE *f;

	snprintf(path, sizeof(path), "%s/%s", tmpdir, name);
	f = fopen(path, "r");
	if (f == NULL) {
		perror(path);
		exit(1);
	}
	n = fread(buf, 1, size, f);
	fclose(f);
	return n;
}

static void
make_key(void)
{
	char cmd[1024];

	if (mkdtemp(tmpdir) == NULL) {
		perror("mkdtemp");
		exit(1);
	}
	snprintf(cmd, sizeof(cmd), "set -e; cd %s; exec >/dev/null 2>&1; "
	    "openssl ecparam -name prime256v1 -genkey -noout -out k; "
	    "openssl req -x509 -new -key k -out c -days 2 -subj /CN=localhost",
	    tmpdir);
	if (system(cmd) != 0) {
		fprintf(stderr, "openssl failed (is it installed?)\n");
		exit(77);
	}
	crt_len = slurp("c", crt, sizeof(crt));
	key_len = slurp("k", key, sizeof(key));
	snprintf(cmd, sizeof(cmd), "rm -rf %s", tmpdir);
	if (system(cmd) != 0)
		fprintf(stderr, "could not remove %s\n", tmpdir);
}

/*
 * The client's X.509 engine: the server's key, known in advance, so
 * the client still verifies the ServerKeyExchange signature (an
 * ECDSA verify, client side) without chain validation.
 */
static void
client_start(int curve)
{
	static const unsigned char seed[32] = { 7 };

	br_ssl_client_init_full(&cc, &xm, NULL, 0);
	br_ssl_engine_set_buffer(&cc.eng, ciobuf, sizeof(ciobuf), 1);
	br_ssl_engine_inject_entropy(&cc.eng, seed, sizeof(seed));
	/* The curves the client offers are its EC implementation's. */
	client_ec = br_ec_all_m31;
	client_ec.supported_curves = 1u << curve;
	if (curve != BR_EC_secp256r1)
		client_ec.supported_curves |= 1u << BR_EC_secp256r1;
	br_ssl_engine_set_ec(&cc.eng, &client_ec);
	br_ssl_engine_set_x509(&cc.eng, &xk.vtable);
	br_ssl_client_reset(&cc, "localhost", 0);
}

/* Move records both ways until neither side has anything to send. */
static void
pump(void)
{
	br_ssl_engine_context *ce = &cc.eng;
	unsigned char *src, *dst;
	size_t n, room;
	int progress;
	double t;

	do {
		progress = 0;
		src = br_ssl_engine_sendrec_buf(ce, &n);
		t = now_ns();
		dst = tls_conn_recv_buf(&conn, &room);
		server_ns += now_ns() - t;
		if (src != NULL && dst != NULL) {
			n = n < room ? n : room;
			memcpy(dst, src, n);
			br_ssl_engine_sendrec_ack(ce, n);
			t = now_ns();
			tls_conn_recv_done(&conn, n);
			server_ns += now_ns() - t;
			progress = 1;
		}
		t = now_ns();
		src = tls_conn_send_buf(&conn, &n);
		server_ns += now_ns() - t;
		dst = br_ssl_engine_recvrec_buf(ce, &room);
		if (src != NULL && dst != NULL) {
			n = n < room ? n : room;
			memcpy(dst, src, n);
			t = now_ns();
			tls_conn_sent(&conn, n);
			server_ns += now_ns() - t;
			br_ssl_engine_recvrec_ack(ce, n);
			progress = 1;
		}
	} while (progress);
}

/* Time fn over n calls; nanoseconds per call. */
#define TIME_IT(n, expr) ({ \
	double t0_ = now_ns(); \
	for (int i_ = 0; i_ < (n); i_++) \
		expr; \
	(now_ns() - t0_) / (n); \
})

static void
bench_primitives(void)
{
	static const unsigned char x[32] = {
		0x3a, 0x91, 0x02, 0x5c, 0x77, 0x10, 0xee, 0x42, 0x09, 0x18,
		0x8c, 0x61, 0x2f, 0x35, 0xc0, 0x4d, 0x1a, 0x55, 0x66, 0x07,
		0x90, 0xab, 0xcd, 0xef, 0x12, 0x34, 0x56, 0x78, 0x9a, 0xbc,
		0xde, 0xf0,
	};
	const br_ec_impl *impl[2] = { &br_ec_p256_m31, &ec_p256_m64 };
	const char *name[2] = { "br_ec_p256_m31", "ec_p256_m64" };
	const br_ec_private_key *sk = &srv.chains[0].key.ec;
	unsigned char pt[65], sig[80], hv[32] = { 1 };
	size_t glen;
	int k;

	for (k = 0; k < 2; k++) {
		double g, m, s;

		g = TIME_IT(200, impl[k]->mulgen(pt, x, 32, BR_EC_secp256r1));
		m = TIME_IT(200, impl[k]->mul(pt, 65, x, 32,
		    BR_EC_secp256r1));
		memcpy(pt, impl[k]->generator(BR_EC_secp256r1, &glen), 65);
		s = TIME_IT(200, br_ecdsa_i31_sign_asn1(impl[k],
		    &br_sha256_vtable, hv, sk, sig));
		printf("%-15s mulgen %7.1f us  mul %7.1f us  "
		    "ecdsa_sign %7.1f us\n", name[k], g / 1e3, m / 1e3,
		    s / 1e3);
	}
	printf("%-15s mul %7.1f us\n", "br_ec_c25519_m31",
	    TIME_IT(200, br_ec_c25519_m31.mul(pt, 32, x, 32,
	    BR_EC_curve25519)) / 1e3);
}

int
main(int argc, char **argv)
{
	int n = 200, curve = BR_EC_curve25519, prims = 0, opt, i;
	double t = 0;

	while ((opt = getopt(argc, argv, "n:c:m")) != -1) {
		switch (opt) {
		case 'n':
			n = atoi(optarg);
			break;
		case 'c':
			curve = strcmp(optarg, "p256") == 0 ?
			    BR_EC_secp256r1 : BR_EC_curve25519;
			break;
		case 'm':
			prims = 1;
			break;
		default:
			fprintf(stderr, "usage: bench_tls [-n N] "
			    "[-c x25519|p256] [-m]\n");
			return 2;
		}
	}
	make_key();
	tls_server_init(&srv);
	if (tls_server_add(&srv, NULL, crt, crt_len, key, key_len) !=
	    RC_OK) {
		fprintf(stderr, "tls_server_add failed\n");
		return 1;
	}
	/* The public key, for the client's known-key engine. */
	{
		static unsigned char pub[65];
		br_ec_public_key pk;

		pk.curve = BR_EC_secp256r1;
		pk.q = pub;
		pk.qlen = br_ec_compute_pub(&br_ec_p256_m31, NULL, pub,
		    &srv.chains[0].key.ec);
		br_x509_knownkey_init_ec(&xk, &pk, BR_KEYTYPE_KEYX |
		    BR_KEYTYPE_SIGN);
	}
	/*
	 * One handshake before the count: first uses fill tables once per
	 * process (our P-256 comb), which is not a per-handshake cost.
	 */
	for (i = -1; i < n; i++) {
		if (i == 0) {
			server_ns = 0;
			t = now_ns();
		}
		if (tls_conn_init(&conn, &srv) != RC_OK) {
			fprintf(stderr, "tls_conn_init failed\n");
			return 1;
		}
		client_start(curve);
		pump();
		if (!tls_conn_is_ready(&conn) ||
		    br_ssl_engine_current_state(&cc.eng) == BR_SSL_CLOSED) {
			fprintf(stderr, "handshake %d failed: server %s, "
			    "client error %d\n", i, tls_conn_err_text(&conn),
			    br_ssl_engine_last_error(&cc.eng));
			return 1;
		}
		if (conn.sc.eng.session.cipher_suite == 0 ||
		    (int)br_ssl_engine_get_ecdhe_curve(&conn.sc.eng) != curve) {
			fprintf(stderr, "wrong curve %u\n",
			    br_ssl_engine_get_ecdhe_curve(&conn.sc.eng));
			return 1;
		}
	}
	t = now_ns() - t;
	printf("%d full handshakes, curve %s: total %.1f us, "
	    "server %.1f us per handshake\n", n,
	    curve == BR_EC_secp256r1 ? "P-256" : "X25519", t / n / 1e3,
	    server_ns / n / 1e3);
	if (prims)
		bench_primitives();
	return 0;
}
