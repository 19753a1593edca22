/*
 * tls.h: TLS server connections over BearSSL, for the one event loop.
 *
 * BearSSL's engine is a state machine over caller memory; this module
 * keeps that model and adds the appliance's policy:
 *   - TLS 1.2 only; ECDHE_ECDSA and ECDHE_RSA with AES-128-GCM,
 *     AES-256-GCM and ChaCha20-Poly1305, in that order of server
 *     preference; no CBC, no RSA key exchange, no renegotiation;
 *   - one or two certificate chains (EC P-256/P-384 or RSA 2048..4096
 *     keys), chosen per connection by SNI; unknown or missing SNI gets
 *     the first chain added (the default);
 *   - ALPN: "http/1.1" is offered; a client that offers only other
 *     protocols still connects (no ALPN is selected then);
 *   - session resumption by session ID, through one LRU cache of
 *     TLS_SESSION_CACHE_BYTES shared by all connections of a server;
 *   - optionally (tls_server_require_client_ca), client certificates:
 *     every full handshake must present a chain that BearSSL's X.509
 *     "minimal" engine validates against one CA, at the wall clock's
 *     date; no certificate, an untrusted or an expired one ends the
 *     handshake with a fatal alert (handshake_failure, unknown_ca,
 *     certificate_expired, bad_certificate).  Only sessions of such
 *     handshakes enter that server's cache, so a resumed session was
 *     authenticated too.
 *
 * Memory: both structures are defined here so that the caller allocates
 * them (statically, in a pool); nothing in net/tls*.c calls malloc.
 * Both contain pointers into themselves (BearSSL's vtables), so they must
 * not be moved or copied once initialised.  struct tls_server must
 * outlive every tls_conn that uses it.
 *
 *   TLS_CONN_MEMORY    bytes per connection (engine state + I/O buffer)
 *   TLS_SERVER_MEMORY  bytes per server (chains, keys, session cache)
 *
 * Calling context: the main loop only; nothing here blocks or sleeps.
 * Errors are enum err (err.h); BearSSL codes never leave this module, but
 * tls_conn_err_text() names the precise BearSSL reason for the log.
 *
 * The data path, per TCP connection (the "four buffers" of BearSSL):
 *
 *   TCP in:   p = tls_conn_recv_buf(c, &room); copy <= room bytes;
 *             tls_conn_recv_done(c, n);
 *   app in:   p = tls_conn_read(c, &len); consume <= len bytes;
 *             tls_conn_read_done(c, n);
 *   app out:  p = tls_conn_write_buf(c, &room); write <= room bytes;
 *             tls_conn_write_done(c, n); then tls_conn_flush(c) when the
 *             response (or a chunk of it) is complete;
 *   TCP out:  p = tls_conn_send_buf(c, &len); hand <= len bytes to TCP;
 *             tls_conn_sent(c, n).
 *
 * Each getter returns NULL (and 0) when that direction has nothing to
 * offer now.  tls_conn_recv_buf offers nothing while records wait to be
 * sent: the caller sends first and keeps its input queued until then
 * (as BearSSL's own br_sslio loop does; see tls.c for why).  After any
 * *_done / tls_conn_sent call, the other directions may have changed:
 * the caller loops until no getter offers anything (it is always safe to
 * call them again).  Ciphertext that TCP accepted but
 * has not yet acknowledged is the TCP layer's business; tls_conn_sent()
 * means "copied away, the engine may reuse that space".
 */
#ifndef TLS_H
#define TLS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <bearssl.h>

#include "config.h"

/* One certificate chain with its private key. */
struct tls_chain {
	char host[TLS_MAX_HOST + 1];	/* SNI name, lower case, or "" */
	br_x509_certificate certs[TLS_MAX_CHAIN_CERTS];
	size_t ncerts;
	int key_type;			/* BR_KEYTYPE_EC or _RSA */
	union {
		br_ec_private_key ec;
		br_rsa_private_key rsa;
	} key;
	/* DER certificates, back to back; certs[i].data points here. */
	unsigned char der[TLS_MAX_CHAIN_BYTES];
	size_t der_len;
	/* Private key material; key.ec / key.rsa point here. */
	unsigned char kbuf[BR_RSA_KBUF_PRIV_SIZE(TLS_MAX_RSA_BITS)];
};

/* The one CA that client certificates must chain to. */
struct tls_client_ca {
	bool on;			/* client certificates required */
	br_x509_trust_anchor ta;	/* dn.data, pkey point below */
	unsigned char dn[TLS_MAX_CA_DN];	/* the CA's subject, DER */
	/* Its public key: an EC point, or an RSA modulus then exponent. */
	unsigned char key[TLS_MAX_RSA_BITS / 8 + 8];
};

/* The shared configuration of all connections of one listener. */
struct tls_server {
	struct tls_chain chains[TLS_MAX_CHAINS];
	size_t nchains;			/* chains[0] is the default */
	struct tls_client_ca client_ca;
	br_ssl_session_cache_lru cache;
	unsigned char cache_buf[TLS_SESSION_CACHE_BYTES];
};

/*
 * The per-connection policy handler (BearSSL calls it during the
 * handshake); private to net/tls*.c, here only for its size.
 */
struct tls_policy {
	const br_ssl_server_policy_class *vtable;	/* must be first */
	const struct tls_server *srv;
	const struct tls_chain *chosen;	/* NULL until choose() ran */
	bool sign_failed;		/* our key could not sign */
};

/* One TLS connection. */
struct tls_conn {
	br_ssl_server_context sc;
	struct tls_policy pol;
	/* Validates the client's chain when the server requires one. */
	br_x509_minimal_context xc;
	int err;			/* sticky: failure outside BearSSL */
	/*
	 * A fatal alert of our own, for the failures BearSSL closes on
	 * without one (tls.c): the 7-byte record, how much of it was
	 * taken, and whether it was decided (once, at the failure).
	 */
	unsigned char alert[7];
	uint8_t alert_len, alert_off;
	bool alert_decided;
	bool out_partial;		/* TCP took part of a record only */
	/*
	 * BR_SSL_BUFSIZE_BIDI: full-size records both ways.  Incoming
	 * records must fit whole (clients send up to 16 KiB records and
	 * rarely negotiate smaller ones); outgoing records of 16 KiB
	 * keep the per-record cost low for large pages.
	 */
	unsigned char iobuf[BR_SSL_BUFSIZE_BIDI];
};

#define TLS_CONN_MEMORY		sizeof(struct tls_conn)
#define TLS_SERVER_MEMORY	sizeof(struct tls_server)

/*
 * Reset srv to an empty configuration with an empty session cache.
 * Call once before tls_server_add().  Cannot fail.
 */
void tls_server_init(struct tls_server *srv);

/*
 * Add a certificate chain and its private key.  chain_pem (chain_len
 * bytes) holds one or more PEM "CERTIFICATE" blocks, the end-entity
 * certificate first; key_pem (key_len bytes) holds one PEM private key
 * ("EC PRIVATE KEY", "RSA PRIVATE KEY" or unencrypted "PRIVATE KEY").
 * Both are copied (decoded) into srv; the caller may free them after.
 * host is the SNI name this chain answers (case-insensitive), or NULL.
 * The first chain added is the default, served for missing or unknown
 * SNI; a single certificate whose SANs cover every name is added once,
 * with host NULL.  The key must match the end-entity certificate.
 * Returns RC_OK, or
 *   RC_NOMEM        TLS_MAX_CHAINS chains are already loaded,
 *   RC_TOOBIG       the chain exceeds TLS_MAX_CHAIN_BYTES or
 *                    TLS_MAX_CHAIN_CERTS, the key TLS_MAX_RSA_BITS, or
 *                    host TLS_MAX_HOST,
 *   RC_FORMAT       bad PEM or DER, or no certificate or key found,
 *   RC_UNSUPPORTED  a key type or curve we do not serve,
 *   RC_TLS_BADCERT  the key does not match the certificate.
 * On error srv is unchanged.
 */
int tls_server_add(struct tls_server *srv, const char *host,
    const void *chain_pem, size_t chain_len,
    const void *key_pem, size_t key_len)
    __attribute__((warn_unused_result));

/*
 * Require client certificates on srv: ca_pem (ca_len bytes) holds the
 * CA's PEM "CERTIFICATE" (the first one found is used), whose subject
 * and public key become the one trust anchor; its name is sent in the
 * CertificateRequest.  The certificate must say it is a CA (basic
 * constraints).  Call after tls_server_init, before any connection.
 * Returns RC_OK, or
 *   RC_FORMAT       bad PEM or DER, no certificate, or not a CA,
 *   RC_TOOBIG       the subject exceeds TLS_MAX_CA_DN or the key
 *                    TLS_MAX_RSA_BITS,
 *   RC_UNSUPPORTED  a key type we cannot verify with.
 * On error srv is unchanged (no client certificates asked for).
 */
int tls_server_require_client_ca(struct tls_server *srv,
    const void *ca_pem, size_t ca_len) __attribute__((warn_unused_result));

/*
 * Start c as a fresh server connection of srv (for a new TCP
 * connection; also to reuse a slot).  Seeds the engine's DRBG from
 * plat_entropy().  Returns RC_OK, RC_INVAL when srv has no chain, or
 * RC_IO when the entropy source fails.
 */
int tls_conn_init(struct tls_conn *c, struct tls_server *srv)
    __attribute__((warn_unused_result));

/* Where to put ciphertext from TCP, and how much (*room); NULL if none. */
unsigned char *tls_conn_recv_buf(struct tls_conn *c, size_t *room);
/* n bytes (n <= room) of ciphertext were written at tls_conn_recv_buf. */
void tls_conn_recv_done(struct tls_conn *c, size_t n);

/* Decrypted application data available (*len bytes), or NULL if none. */
unsigned char *tls_conn_read(struct tls_conn *c, size_t *len);
/* The first n bytes of what tls_conn_read offered were consumed. */
void tls_conn_read_done(struct tls_conn *c, size_t n);

/*
 * Room for application data (*room bytes) or NULL if none now (the
 * handshake is not done, or the output buffer holds unsent records).
 */
unsigned char *tls_conn_write_buf(struct tls_conn *c, size_t *room);
/* n bytes were written at tls_conn_write_buf; a full record is sealed. */
void tls_conn_write_done(struct tls_conn *c, size_t n);
/* Seal buffered application data into a record now. */
void tls_conn_flush(struct tls_conn *c);

/*
 * Ciphertext to send to TCP (*len bytes), or NULL if none.  After a
 * failed handshake this is the fatal alert that says why, as TLS
 * requires, then nothing: close TCP once it offers nothing more.
 */
unsigned char *tls_conn_send_buf(struct tls_conn *c, size_t *len);
/* The first n bytes of what tls_conn_send_buf offered were taken. */
void tls_conn_sent(struct tls_conn *c, size_t n);

/*
 * Begin a clean close: flush buffered application data, then queue a
 * close_notify alert (sent via tls_conn_send_buf).  The engine then waits
 * for the peer's close_notify and reports closed (RC_CLOSED) when it
 * comes; the caller need not wait for it (RFC 5246 7.2.1): once
 * tls_conn_send_buf offers nothing more, it may close TCP.
 */
void tls_conn_close(struct tls_conn *c);

/*
 * The state of c: RC_OK while open; once closed RC_CLOSED for a clean
 * close, else the mapped failure (sticky):
 *   RC_TLS_HANDSHAKE  no common version, suite, curve or hash, a
 *                      malformed handshake message, or a client
 *                      certificate missing or refused (the text says
 *                      which),
 *   RC_TLS_ALERT      the peer sent a fatal alert,
 *   RC_TLS_RECORD     a malformed record or a failed MAC (garbage),
 *   RC_PROTO          any other protocol violation by the peer,
 *   RC_TLS_BADCERT    our key failed to sign (configuration),
 *   RC_IO             the entropy source failed.
 */
int tls_conn_state(const struct tls_conn *c);
/* True once the engine is closed (cleanly or not): drop the TCP side. */
bool tls_conn_is_closed(const struct tls_conn *c);
/* True once the handshake completed and application data may flow. */
bool tls_conn_is_ready(const struct tls_conn *c);
/* True if the completed handshake resumed a cached session. */
bool tls_conn_is_resumed(const struct tls_conn *c);

/*
 * A short constant text naming the precise reason of a failure (e.g.
 * "unsupported version", "peer alert: handshake_failure"), or "ok", for
 * the log line with the peer address.
 */
const char *tls_conn_err_text(const struct tls_conn *c);

/* The negotiated version ("TLSv1.2"), or "none" before the handshake. */
const char *tls_conn_version(const struct tls_conn *c);
/* The negotiated suite in OpenSSL's naming
 * ("ECDHE-ECDSA-AES128-GCM-SHA256"), or "none". */
const char *tls_conn_cipher(const struct tls_conn *c);
/* The SNI name the client sent ("" when none); valid while c lives. */
const char *tls_conn_server_name(const struct tls_conn *c);
/* The ALPN protocol selected ("http/1.1"), or NULL when none. */
const char *tls_conn_alpn(const struct tls_conn *c);

#endif /* TLS_H */
