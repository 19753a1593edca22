/*
 * tls_cert.c: certificate chains and private keys for the TLS server.
 *
 * PEM is decoded with br_pem_decoder straight into the fixed buffers of
 * the next free struct tls_chain; the end-entity certificate is parsed
 * with br_x509_decoder for its public key, the private key with
 * br_skey_decoder.  The key is checked against the certificate (public
 * point or modulus recomputed from the private key), so a mismatched pair
 * fails at load time, not in every handshake.  The slot only counts once
 * everything succeeded, so a failed add leaves the server unchanged.
 *
 * The client CA (tls_server_require_client_ca) goes the same way: its
 * certificate is decoded with br_x509_decoder for the subject (collected
 * by the decoder's DN callback) and the public key, both copied into
 * the server, so that the trust anchor outlives the PEM text.
 *
 * Interface: tls_server_init, tls_server_add,
 * tls_server_require_client_ca.
 */
#include <string.h>
#include <strings.h>

#include "err.h"
#include "tls_internal.h"

/* Where decoded DER goes while a PEM object is open. */
struct pem_sink {
	unsigned char *buf;
	size_t cap;
	size_t len;
	bool overflow;
};

static void
pem_sink_append(void *ctx, const void *data, size_t n)
{
	struct pem_sink *s = ctx;

	if (s->overflow || n > s->cap - s->len) {
		s->overflow = true;
		return;
	}
	memcpy(s->buf + s->len, data, n);
	s->len += n;
}

static void
skey_append(void *ctx, const void *data, size_t n)
{
	br_skey_decoder_push(ctx, data, n);
}

/*
 * Run the PEM decoder over pem.  Objects whose name satisfies want() are
 * decoded into sink (one after the other) and counted in *nobj, with their
 * end offsets in ends[] (up to maxobj); others are skipped.
 */
static int
pem_decode(const unsigned char *pem, size_t len,
    bool (*want)(const char *), struct pem_sink *sink,
    size_t *ends, size_t maxobj, size_t *nobj)
{
	br_pem_decoder_context pc;
	bool in_obj = false, final = false;

	*nobj = 0;
	br_pem_decoder_init(&pc);
	/* The decoder needs a newline after the last END line: add one. */
	while (len > 0 || !final) {
		size_t n;

		if (len == 0) {
			final = true;
			n = br_pem_decoder_push(&pc, "\n", 1);
		} else {
			n = br_pem_decoder_push(&pc, pem, len);
			pem += n;
			len -= n;
		}
		switch (br_pem_decoder_event(&pc)) {
		case BR_PEM_BEGIN_OBJ:
			in_obj = want(br_pem_decoder_name(&pc));
			br_pem_decoder_setdest(&pc,
			    in_obj ? pem_sink_append : NULL, sink);
			break;
		case BR_PEM_END_OBJ:
			if (!in_obj)
				break;
			if (sink->overflow || *nobj == maxobj)
				return RC_TOOBIG;
			ends[(*nobj)++] = sink->len;
			in_obj = false;
			break;
		case BR_PEM_ERROR:
			return RC_FORMAT;
		}
	}
	return in_obj ? RC_FORMAT : RC_OK;
}

static bool
want_cert(const char *name)
{
	return strcmp(name, "CERTIFICATE") == 0 ||
	    strcmp(name, "X509 CERTIFICATE") == 0;
}

static bool
want_key(const char *name)
{
	return strcmp(name, "EC PRIVATE KEY") == 0 ||
	    strcmp(name, "RSA PRIVATE KEY") == 0 ||
	    strcmp(name, "PRIVATE KEY") == 0;
}

/* Copy n bytes into the key buffer at *off; return where they went. */
static unsigned char *
kput(struct tls_chain *ch, size_t *off, const unsigned char *p, size_t n)
{
	unsigned char *dst = ch->kbuf + *off;

	memcpy(dst, p, n);
	*off += n;
	return dst;
}

static int
copy_ec_key(struct tls_chain *ch, const br_ec_private_key *sk)
{
	size_t off = 0;

	switch (sk->curve) {
	case BR_EC_secp256r1:
	case BR_EC_secp384r1:
	case BR_EC_secp521r1:
		break;
	default:
		return RC_UNSUPPORTED;
	}
	_Static_assert(sizeof(ch->kbuf) >= BR_EC_KBUF_PRIV_MAX_SIZE,
	    "EC key buffer");
	ch->key_type = BR_KEYTYPE_EC;
	ch->key.ec.curve = sk->curve;
	ch->key.ec.xlen = sk->xlen;
	ch->key.ec.x = kput(ch, &off, sk->x, sk->xlen);
	return RC_OK;
}

static int
copy_rsa_key(struct tls_chain *ch, const br_rsa_private_key *sk)
{
	br_rsa_private_key *k = &ch->key.rsa;
	size_t off = 0;

	/* 2048 bits is today's floor (NIST SP 800-57). */
	if (sk->n_bitlen < 2048)
		return RC_UNSUPPORTED;
	if (sk->n_bitlen > TLS_MAX_RSA_BITS)
		return RC_TOOBIG;
	if (sk->plen + sk->qlen + sk->dplen + sk->dqlen + sk->iqlen >
	    sizeof(ch->kbuf))
		return RC_TOOBIG;
	ch->key_type = BR_KEYTYPE_RSA;
	k->n_bitlen = sk->n_bitlen;
	k->plen = sk->plen;
	k->p = kput(ch, &off, sk->p, sk->plen);
	k->qlen = sk->qlen;
	k->q = kput(ch, &off, sk->q, sk->qlen);
	k->dplen = sk->dplen;
	k->dp = kput(ch, &off, sk->dp, sk->dplen);
	k->dqlen = sk->dqlen;
	k->dq = kput(ch, &off, sk->dq, sk->dqlen);
	k->iqlen = sk->iqlen;
	k->iq = kput(ch, &off, sk->iq, sk->iqlen);
	return RC_OK;
}

static int
load_key(struct tls_chain *ch, const void *pem, size_t len)
{
	br_skey_decoder_context kc;
	br_pem_decoder_context pc;
	const unsigned char *p = pem;
	int state = 0;	/* 0 before, 1 inside, 2 after the key object */

	br_skey_decoder_init(&kc);
	br_pem_decoder_init(&pc);
	while (state < 2) {
		size_t n;

		if (len == 0) {
			if (state == 0)
				return RC_FORMAT;
			n = br_pem_decoder_push(&pc, "\n", 1);
			if (n == 0)
				return RC_FORMAT;
		} else {
			n = br_pem_decoder_push(&pc, p, len);
			p += n;
			len -= n;
		}
		switch (br_pem_decoder_event(&pc)) {
		case BR_PEM_BEGIN_OBJ:
			if (state == 0 && want_key(br_pem_decoder_name(&pc))) {
				br_pem_decoder_setdest(&pc, skey_append, &kc);
				state = 1;
			} else {
				br_pem_decoder_setdest(&pc, NULL, NULL);
			}
			break;
		case BR_PEM_END_OBJ:
			if (state == 1)
				state = 2;
			break;
		case BR_PEM_ERROR:
			return RC_FORMAT;
		}
	}
	if (br_skey_decoder_last_error(&kc) != 0)
		return RC_FORMAT;
	switch (br_skey_decoder_key_type(&kc)) {
	case BR_KEYTYPE_EC:
		return copy_ec_key(ch, br_skey_decoder_get_ec(&kc));
	case BR_KEYTYPE_RSA:
		return copy_rsa_key(ch, br_skey_decoder_get_rsa(&kc));
	}
	return RC_UNSUPPORTED;
}

/* Compare two big-endian integers, ignoring leading zeros. */
static bool
same_int(const unsigned char *a, size_t alen, const unsigned char *b,
    size_t blen)
{
	while (alen > 0 && *a == 0) {
		a++;
		alen--;
	}
	while (blen > 0 && *b == 0) {
		b++;
		blen--;
	}
	return alen == blen && memcmp(a, b, alen) == 0;
}

/* Does the private key in ch belong to the end-entity certificate? */
static int
check_pair(const struct tls_chain *ch)
{
	br_x509_decoder_context dc;
	const br_x509_pkey *pk;
	unsigned char buf[BR_EC_KBUF_PUB_MAX_SIZE];
	unsigned char nbuf[TLS_MAX_RSA_BITS / 8];
	br_ec_public_key ecpub;
	size_t n;

	br_x509_decoder_init(&dc, NULL, NULL);
	br_x509_decoder_push(&dc, ch->certs[0].data, ch->certs[0].data_len);
	pk = br_x509_decoder_get_pkey(&dc);
	if (br_x509_decoder_last_error(&dc) != 0 || pk == NULL)
		return RC_FORMAT;
	if (pk->key_type != ch->key_type)
		return RC_TLS_BADCERT;
	if (pk->key_type == BR_KEYTYPE_EC) {
		n = br_ec_compute_pub(br_ec_get_default(), &ecpub, buf,
		    &ch->key.ec);
		if (n == 0 || pk->key.ec.curve != ecpub.curve ||
		    !same_int(pk->key.ec.q, pk->key.ec.qlen, ecpub.q,
		    ecpub.qlen))
			return RC_TLS_BADCERT;
		return RC_OK;
	}
	n = br_rsa_compute_modulus_get_default()(nbuf, &ch->key.rsa);
	if (n == 0 || n > sizeof(nbuf) ||
	    !same_int(pk->key.rsa.n, pk->key.rsa.nlen, nbuf, n))
		return RC_TLS_BADCERT;
	return RC_OK;
}

static int
set_host(struct tls_chain *ch, const char *host)
{
	size_t i, n = host == NULL ? 0 : strlen(host);

	if (n > TLS_MAX_HOST)
		return RC_TOOBIG;
	for (i = 0; i < n; i++) {
		char ch0 = host[i];

		ch->host[i] = ch0 >= 'A' && ch0 <= 'Z' ? ch0 - 'A' + 'a' : ch0;
	}
	ch->host[n] = '\0';
	return RC_OK;
}

/* see tls.h */
void
tls_server_init(struct tls_server *srv)
{
	srv->nchains = 0;
	srv->client_ca.on = false;
	br_ssl_session_cache_lru_init(&srv->cache, srv->cache_buf,
	    sizeof(srv->cache_buf));
}

/* see tls.h */
int
tls_server_add(struct tls_server *srv, const char *host,
    const void *chain_pem, size_t chain_len,
    const void *key_pem, size_t key_len)
{
	struct tls_chain *ch;
	struct pem_sink sink;
	size_t ends[TLS_MAX_CHAIN_CERTS], i, n;
	int rc;

	if (srv->nchains == TLS_MAX_CHAINS)
		return RC_NOMEM;
	ch = &srv->chains[srv->nchains];
	memset(ch, 0, sizeof(*ch));
	if ((rc = set_host(ch, host)) != RC_OK)
		return rc;
	sink = (struct pem_sink){ ch->der, sizeof(ch->der), 0, false };
	rc = pem_decode(chain_pem, chain_len, want_cert, &sink, ends,
	    TLS_MAX_CHAIN_CERTS, &n);
	if (rc != RC_OK)
		return rc;
	if (n == 0)
		return RC_FORMAT;
	for (i = 0; i < n; i++) {
		size_t start = i == 0 ? 0 : ends[i - 1];

		ch->certs[i].data = ch->der + start;
		ch->certs[i].data_len = ends[i] - start;
	}
	ch->ncerts = n;
	ch->der_len = sink.len;
	if ((rc = load_key(ch, key_pem, key_len)) != RC_OK)
		return rc;
	if ((rc = check_pair(ch)) != RC_OK)
		return rc;
	srv->nchains++;
	return RC_OK;
}

/* The CA's subject, as the decoder hands it over. */
static void
ca_dn_append(void *ctx, const void *data, size_t n)
{
	pem_sink_append(ctx, data, n);
}

/* see tls.h */
int
tls_server_require_client_ca(struct tls_server *srv, const void *ca_pem,
    size_t ca_len)
{
	struct tls_client_ca *ca = &srv->client_ca;
	/* The certificate's DER, briefly: a chain's worth is plenty. */
	unsigned char der[TLS_MAX_CHAIN_BYTES];
	unsigned char dn[TLS_MAX_CA_DN];
	struct pem_sink sink = { der, sizeof(der), 0, false };
	struct pem_sink dsink = { dn, sizeof(dn), 0, false };
	br_x509_decoder_context dc;
	const br_x509_pkey *pk;
	size_t ends[TLS_MAX_CHAIN_CERTS], n;
	br_x509_trust_anchor ta;
	int rc;

	rc = pem_decode(ca_pem, ca_len, want_cert, &sink, ends,
	    TLS_MAX_CHAIN_CERTS, &n);
	if (rc != RC_OK)
		return rc;
	if (n == 0)
		return RC_FORMAT;
	br_x509_decoder_init(&dc, ca_dn_append, &dsink);
	br_x509_decoder_push(&dc, der, ends[0]);
	pk = br_x509_decoder_get_pkey(&dc);
	if (br_x509_decoder_last_error(&dc) != 0 || pk == NULL)
		return RC_FORMAT;
	if (dsink.overflow)
		return RC_TOOBIG;
	/* A leaf as anchor would be "direct trust", not a CA: refuse it. */
	if (!br_x509_decoder_isCA(&dc))
		return RC_FORMAT;
	memset(&ta, 0, sizeof(ta));
	ta.flags = BR_X509_TA_CA;
	ta.pkey.key_type = pk->key_type;
	switch (pk->key_type) {
	case BR_KEYTYPE_EC:
		if (pk->key.ec.qlen > sizeof(ca->key))
			return RC_TOOBIG;
		memcpy(ca->key, pk->key.ec.q, pk->key.ec.qlen);
		ta.pkey.key.ec.curve = pk->key.ec.curve;
		ta.pkey.key.ec.q = ca->key;
		ta.pkey.key.ec.qlen = pk->key.ec.qlen;
		break;
	case BR_KEYTYPE_RSA:
		if (pk->key.rsa.nlen + pk->key.rsa.elen > sizeof(ca->key))
			return RC_TOOBIG;
		memcpy(ca->key, pk->key.rsa.n, pk->key.rsa.nlen);
		memcpy(ca->key + pk->key.rsa.nlen, pk->key.rsa.e,
		    pk->key.rsa.elen);
		ta.pkey.key.rsa.n = ca->key;
		ta.pkey.key.rsa.nlen = pk->key.rsa.nlen;
		ta.pkey.key.rsa.e = ca->key + pk->key.rsa.nlen;
		ta.pkey.key.rsa.elen = pk->key.rsa.elen;
		break;
	default:
		return RC_UNSUPPORTED;
	}
	memcpy(ca->dn, dn, dsink.len);
	ta.dn.data = ca->dn;
	ta.dn.len = dsink.len;
	ca->ta = ta;
	ca->on = true;
	return RC_OK;
}
