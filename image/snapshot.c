/*
 * snapshot.c: build/snapshot, the publisher's side of the admin port's
 * snapshots (snapshot.h, ARCHITECTURE.md "Snapshot format").
 *
 *   snapshot keygen KEY.priv KEY.pub
 *   snapshot build [--parent SNAP] --key KEY.priv [--site-url URL]
 *            [--attachments-url URL] OUT.snap ROOT...
 *   snapshot diff --key KEY.priv OLD.snap NEW.snap OUT.snap
 *   snapshot inspect [--pub KEY.pub] [--keys] SNAP
 *   snapshot verify --pub KEY.pub SNAP
 *
 * Keys are text files of lower-case hex and a newline: KEY.priv the
 * 32-byte P-256 scalar (mode 0600), KEY.pub the 65-byte uncompressed
 * point (04 X Y), one line that a node's configuration can carry as is.
 *
 * Design: build runs sitec itself (sitec_main) into a temporary store, so
 * that the records are the exact bytes sitec_put stores, then scans that
 * store in key order; a delta is a merge of two ordered record streams
 * (the parent's records and the new ones).  A snapshot is written in two
 * passes over the same stream, one to count and one to write, so that the
 * header knows its counts and the file is hashed as it goes out; it is
 * written under a temporary name and renamed when whole.  Signatures are
 * deterministic (RFC 6979), so one tree and one key give one file.
 *
 * Memory: a host tool that runs once; snapshots are read through mmap.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include "bearssl_ec.h"
#include "bearssl_hash.h"
#include "bearssl_rand.h"

#include "config.h"
#include "err.h"
#include "site.h"
#include "sitec.h"
#include "snapshot.h"
#include "text.h"
#include "store.h"

#define SNAP_PRIV_LEN	32
#define SNAP_PUB_LEN	65

/* Files to remove if we fail: the output being written, the temporary
 * store. */
static char snap_tmp_out[4096], snap_tmp_store[4096];

static void
snap_cleanup(void)
{
	if (snap_tmp_out[0] != '\0')
		(void)unlink(snap_tmp_out);
	if (snap_tmp_store[0] != '\0')
		(void)unlink(snap_tmp_store);
}

static void die(const char *file, const char *fmt, ...)
    __attribute__((noreturn, format(printf, 2, 3)));

/* "snapshot: FILE: reason", and exit(1) with nothing half-written. */
static void
die(const char *file, const char *fmt, ...)
{
	va_list ap;

	fflush(stdout);
	fprintf(stderr, "snapshot: %s: ", file);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	exit(1);	/* snap_cleanup runs from atexit */
}

/* --- little-endian fields --------------------------------------------- */

static void
le16(uint8_t *p, uint32_t v)
{
	p[0] = (uint8_t)v;
	p[1] = (uint8_t)(v >> 8);
}

static void
le32(uint8_t *p, uint32_t v)
{
	le16(p, v);
	le16(p + 2, v >> 16);
}

static void
le64(uint8_t *p, uint64_t v)
{
	le32(p, (uint32_t)v);
	le32(p + 4, (uint32_t)(v >> 32));
}

static uint32_t
get16(const uint8_t *p)
{
	return (uint32_t)p[0] | (uint32_t)p[1] << 8;
}

static uint32_t
get32(const uint8_t *p)
{
	return get16(p) | get16(p + 2) << 16;
}

static uint64_t
get64(const uint8_t *p)
{
	return (uint64_t)get32(p) | (uint64_t)get32(p + 4) << 32;
}

/* --- hex and key files ------------------------------------------------ */

static void
hex(char *out, const uint8_t *p, size_t n)
{
	static const char d[] = "0123456789abcdef";
	size_t i;

	for (i = 0; i < n; i++) {
		out[2 * i] = d[p[i] >> 4];
		out[2 * i + 1] = d[p[i] & 15];
	}
	out[2 * n] = '\0';
}


/* Exactly n bytes of hex from s (trailing white space allowed). */
static bool
unhex(uint8_t *out, size_t n, const char *s)
{
	size_t i;
	int a, b;

	for (i = 0; i < n; i++) {
		if ((a = hex_digit(s[2 * i])) < 0 || (b = hex_digit(s[2 * i + 1])) < 0)
			return false;
		out[i] = (uint8_t)(a << 4 | b);
	}
	for (s += 2 * n; *s != '\0'; s++)
		if (*s != '\n' && *s != '\r' && *s != ' ' && *s != '\t')
			return false;
	return true;
}

static void
write_key(const char *path, const uint8_t *p, size_t n, mode_t mode)
{
	char line[2 * SNAP_PUB_LEN + 2];
	int fd;

	hex(line, p, n);
	strcat(line, "\n");
	if ((fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, mode)) < 0 ||
	    write(fd, line, strlen(line)) != (ssize_t)strlen(line) ||
	    fsync(fd) != 0 || close(fd) != 0)
		die(path, "%s", strerror(errno));
}

static void
read_key(const char *path, uint8_t *out, size_t n)
{
	char buf[2 * SNAP_PUB_LEN + 16];
	ssize_t got;
	int fd;

	if ((fd = open(path, O_RDONLY)) < 0)
		die(path, "%s", strerror(errno));
	got = read(fd, buf, sizeof buf - 1);
	close(fd);
	if (got < 0)
		die(path, "%s", strerror(errno));
	buf[got] = '\0';
	if ((size_t)got < 2 * n || !unhex(out, n, buf))
		die(path, "not a %s key (%zu bytes of hex and a newline)",
		    n == SNAP_PRIV_LEN ? "private" : "public", n);
}

/* The private key at path and its public point (pub[SNAP_PUB_LEN]). */
static void
load_priv(const char *path, uint8_t *x, br_ec_private_key *sk, uint8_t *pub)
{
	br_ec_public_key pk;

	read_key(path, x, SNAP_PRIV_LEN);
	*sk = (br_ec_private_key){ BR_EC_secp256r1, x, SNAP_PRIV_LEN };
	/* Also refuses a scalar that is zero or not below the order. */
	if (br_ec_compute_pub(&br_ec_p256_m31, &pk, pub, sk) != SNAP_PUB_LEN)
		die(path, "not a valid P-256 private key");
}

static int
cmd_keygen(const char *priv, const char *pub)
{
	uint8_t seed[48], kbuf[BR_EC_KBUF_PRIV_MAX_SIZE];
	uint8_t pbuf[BR_EC_KBUF_PUB_MAX_SIZE];
	br_hmac_drbg_context rng;
	br_ec_private_key sk;
	br_ec_public_key pk;
	int fd;

	/* 384 bits of the kernel's entropy seed the DRBG: more than the
	 * 256-bit key needs, as SP 800-90A asks for a security margin. */
	if ((fd = open("/dev/urandom", O_RDONLY)) < 0 ||
	    read(fd, seed, sizeof seed) != (ssize_t)sizeof seed)
		die("/dev/urandom", "%s", strerror(errno));
	close(fd);
	br_hmac_drbg_init(&rng, &br_sha256_vtable, seed, sizeof seed);
	if (br_ec_keygen(&rng.vtable, &br_ec_p256_m31, &sk, kbuf,
	    BR_EC_secp256r1) != SNAP_PRIV_LEN ||
	    br_ec_compute_pub(&br_ec_p256_m31, &pk, pbuf, &sk) !=
	    SNAP_PUB_LEN)
		die(priv, "key generation failed");
	write_key(priv, sk.x, SNAP_PRIV_LEN, 0600);
	write_key(pub, pk.q, SNAP_PUB_LEN, 0644);
	memset(kbuf, 0, sizeof kbuf);
	memset(&rng, 0, sizeof rng);
	return 0;
}

/* --- reading and checking a snapshot ----------------------------------- */

struct snap_map {
	const uint8_t *p;
	size_t n;
};

static void
map_file(const char *path, struct snap_map *m)
{
	struct stat sb;
	int fd;

	if ((fd = open(path, O_RDONLY)) < 0 || fstat(fd, &sb) != 0)
		die(path, "%s", strerror(errno));
	if (!S_ISREG(sb.st_mode))
		die(path, "not a regular file");
	m->n = (size_t)sb.st_size;
	m->p = NULL;
	if (m->n > 0 && (m->p = mmap(NULL, m->n, PROT_READ, MAP_PRIVATE, fd,
	    0)) == MAP_FAILED)
		die(path, "mmap: %s", strerror(errno));
	close(fd);
}

/* True for a key of a namespace site.h defines. */
static bool
known_key(const uint8_t *k, size_t n)
{
	switch (k[0]) {
	case SITE_NS_DOC: case SITE_NS_STATIC: case SITE_NS_FILE:
	case SITE_NS_ATT: case SITE_NS_MT: case SITE_NS_SAMPLE:
	case SITE_NS_SEARCH: case SITE_NS_ERROR:
		return n >= 2;
	case 'M':	/* SITE_K_META */
		return n == 1;
	}
	return false;
}

static int
fail(char *why, size_t len, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

static int
fail(char *why, size_t len, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(why, len, fmt, ap);
	va_end(ap);
	return RC_FORMAT;
}

static bool
is_zero(const uint8_t *p, size_t n)
{
	while (n > 0)
		if (p[--n] != 0)
			return false;
	return true;
}

/* see snapshot.h */
int
snap_check(const uint8_t *p, size_t n, const uint8_t *pub,
    struct snap_info *in, char *why, size_t wl)
{
	const uint8_t *prev = NULL, *t, *k;
	size_t prev_len = 0, at, end, kl, vl, c;
	br_sha256_context h;
	br_ec_public_key pk;
	struct site_view v;
	uint8_t d[32];
	bool full;

	memset(in, 0, sizeof *in);
	in->sig_ok = -1;
	if (n < SNAP_HDR_LEN)
		return fail(why, wl, "truncated: %zu bytes, no whole header",
		    n);
	if (memcmp(p, SNAP_MAGIC, 8) != 0)
		return fail(why, wl, "bad magic: not a snapshot");
	in->version = get32(p + SNAP_OFF_VERSION);
	if (in->version != SNAP_VERSION)
		return fail(why, wl, "unsupported format version %u",
		    (unsigned)in->version);
	if (get32(p + SNAP_OFF_HDR_LEN) != SNAP_HDR_LEN)
		return fail(why, wl, "bad header length %u",
		    (unsigned)get32(p + SNAP_OFF_HDR_LEN));
	memcpy(in->site, p + SNAP_OFF_SITE, 32);
	memcpy(in->id, p + SNAP_OFF_ID, 32);
	memcpy(in->parent, p + SNAP_OFF_PARENT, 32);
	in->records = get64(p + SNAP_OFF_RECORDS);
	in->bytes = get64(p + SNAP_OFF_BYTES);
	full = is_zero(in->parent, 32);
	if (in->records > SNAP_MAX_RECORDS)
		return fail(why, wl, "record count %llu is over the limit of "
		    "%u (SNAP_MAX_RECORDS)", (unsigned long long)in->records,
		    (unsigned)SNAP_MAX_RECORDS);
	if (in->bytes > SNAP_MAX_BYTES)
		return fail(why, wl, "byte count %llu is over the limit "
		    "(SNAP_MAX_BYTES)", (unsigned long long)in->bytes);
	/* Where the trailer must be, before trusting any record. */
	if (in->bytes > n - SNAP_HDR_LEN ||
	    n - SNAP_HDR_LEN - in->bytes < SNAP_TRAILER_FIXED)
		return fail(why, wl, "truncated: %zu bytes, the header says "
		    "at least %llu", n, (unsigned long long)(SNAP_HDR_LEN +
		    in->bytes + SNAP_TRAILER_FIXED));
	end = SNAP_HDR_LEN + (size_t)in->bytes;
	t = p + end;
	in->recs = p + SNAP_HDR_LEN;
	in->hash = t + 4;
	in->sig_len = get16(t + 36);
	in->sig = t + SNAP_TRAILER_FIXED;
	if (memcmp(t, SNAP_TRAILER_MAGIC, 4) != 0)
		return fail(why, wl, "bad trailer magic at offset %zu", end);
	if (in->sig_len == 0 || in->sig_len > SNAP_SIG_MAX)
		return fail(why, wl, "bad signature length %zu at offset %zu",
		    in->sig_len, end + 36);
	if (n - end - SNAP_TRAILER_FIXED < in->sig_len)
		return fail(why, wl, "truncated: the signature is cut short");
	if (n - end - SNAP_TRAILER_FIXED > in->sig_len)
		return fail(why, wl, "%zu bytes after the trailer",
		    n - end - SNAP_TRAILER_FIXED - in->sig_len);

	/* The records, as a node would stream them. */
	for (at = SNAP_HDR_LEN, c = 0; at < end; c++) {
		if (c == in->records)
			return fail(why, wl, "more records than the header's "
			    "%llu at offset %zu",
			    (unsigned long long)in->records, at);
		if (end - at < 3)
			return fail(why, wl, "truncated record at offset %zu",
			    at);
		kl = get16(p + at + 1);
		if (kl == 0 || kl > SITE_MAX_KEY)
			return fail(why, wl, "bad key length %zu at offset %zu",
			    kl, at);
		if (end - at - 3 < kl)
			return fail(why, wl, "truncated record at offset %zu",
			    at);
		k = p + at + 3;
		if (!known_key(k, kl))
			return fail(why, wl, "unknown key at offset %zu", at);
		if (prev != NULL && (memcmp(prev, k, kl < prev_len ? kl :
		    prev_len) > 0 || (memcmp(prev, k, kl < prev_len ? kl :
		    prev_len) == 0 && prev_len >= kl)))
			return fail(why, wl, "key out of order at offset %zu",
			    at);
		prev = k;
		prev_len = kl;
		if (p[at] == SNAP_OP_DEL) {
			if (full)
				return fail(why, wl, "a delete in a full "
				    "snapshot at offset %zu", at);
			in->dels++;
			at += 3 + kl;
			continue;
		}
		if (p[at] != SNAP_OP_PUT)
			return fail(why, wl, "bad record at offset %zu: op "
			    "0x%02x", at, p[at]);
		if (end - at - 3 - kl < 4)
			return fail(why, wl, "truncated record at offset %zu",
			    at);
		vl = get32(p + at + 3 + kl);
		if (vl > SNAP_MAX_VALUE)
			return fail(why, wl, "value of %zu bytes at offset %zu "
			    "is over the limit (SNAP_MAX_VALUE)", vl, at);
		if (end - at - 7 - kl < vl)
			return fail(why, wl, "truncated record at offset %zu",
			    at);
		if (site_rec_decode(p + at + 7 + kl, vl, &v) != RC_OK)
			return fail(why, wl, "bad record at offset %zu", at);
		in->puts++;
		in->value_bytes += vl;
		at += 7 + kl + vl;
	}
	if (c != in->records)
		return fail(why, wl, "%zu records, the header says %llu", c,
		    (unsigned long long)in->records);

	br_sha256_init(&h);
	br_sha256_update(&h, p, end);
	br_sha256_out(&h, d);
	if (memcmp(d, in->hash, 32) != 0)
		return fail(why, wl, "bad hash: the content is not what was "
		    "signed");
	if (pub == NULL)
		return RC_OK;
	pk = (br_ec_public_key){ BR_EC_secp256r1, (unsigned char *)pub,
	    SNAP_PUB_LEN };
	in->sig_ok = br_ecdsa_i31_vrfy_asn1(&br_ec_p256_m31, d, sizeof d, &pk,
	    in->sig, in->sig_len) == 1;
	if (!in->sig_ok)
		return fail(why, wl, "bad signature (or not this publisher's "
		    "key)");
	return RC_OK;
}

/* Map and check path (pub NULL: no signature check), or die. */
static void
load_snap(const char *path, const uint8_t *pub, struct snap_map *m,
    struct snap_info *in)
{
	char why[256];

	map_file(path, m);
	if (snap_check(m->p, m->n, pub, in, why, sizeof why) != RC_OK)
		die(path, "%s", why);
}

/* --- record streams ---------------------------------------------------- */

/* An ordered stream of (key, value): a store scan or a full snapshot. */
struct src {
	struct store *st;		/* a store, or NULL */
	struct store_read rd;
	struct store_iter it;
	const uint8_t *at, *end;	/* a snapshot's records */
	const uint8_t *k, *v;		/* the current record */
	size_t kl, vl;
	bool have;
};

static void
src_next(struct src *s)
{
	const void *k, *v;
	int rc;

	if (s->st != NULL) {
		rc = store_scan_next(&s->it, NULL, 0, &k, &s->kl, &v, &s->vl);
		if (rc != RC_OK && rc != RC_NOTFOUND)
			die("store", "scan: %s", err_str(rc));
		s->have = rc == RC_OK;
		s->k = k;
		s->v = v;
		return;
	}
	/* Checked by snap_check, and a full snapshot has puts only. */
	s->have = s->at < s->end;
	if (!s->have)
		return;
	s->kl = get16(s->at + 1);
	s->k = s->at + 3;
	s->vl = get32(s->k + s->kl);
	s->v = s->k + s->kl + 4;
	s->at = s->v + s->vl;
}

static void
src_store(struct src *s, struct store *st)
{
	int rc;

	memset(s, 0, sizeof *s);
	s->st = st;
	if ((rc = store_read_begin(st, &s->rd)) != RC_OK ||
	    (rc = store_scan_begin(st, &s->rd, &s->it)) != RC_OK)
		die("store", "%s", err_str(rc));
	src_next(s);
}

static void
src_snap(struct src *s, const struct snap_info *in)
{
	memset(s, 0, sizeof *s);
	s->at = in->recs;
	s->end = in->recs + in->bytes;
	src_next(s);
}

static void
src_end(struct src *s)
{
	if (s->st != NULL) {
		store_iter_end(&s->it);
		store_read_end(&s->rd);
	}
}

/* --- writing a snapshot ------------------------------------------------ */

struct out {
	FILE *fp;		/* NULL: the counting pass */
	br_sha256_context h;
	uint64_t records, bytes;	/* of the record section */
	const char *path;
};

static void
out_bytes(struct out *o, const void *p, size_t n)
{
	if (o->fp != NULL) {
		if (fwrite(p, 1, n, o->fp) != n)
			die(o->path, "write: %s", strerror(errno));
		br_sha256_update(&o->h, p, n);
	}
}

static void
out_rec(struct out *o, int op, const uint8_t *k, size_t kl,
    const uint8_t *v, size_t vl)
{
	uint8_t f[4];

	/* sitec's keys are below SITE_MAX_KEY (store_put refuses more);
	 * the value limit is the node's, so refuse here what it would. */
	if (kl == 0 || kl > SITE_MAX_KEY || vl > SNAP_MAX_VALUE)
		die(o->path, "a record of %zu bytes, key of %zu, is over the "
		    "limits", vl, kl);
	f[0] = (uint8_t)op;
	le16(f + 1, (uint32_t)kl);
	out_bytes(o, f, 3);
	out_bytes(o, k, kl);
	o->bytes += 3 + kl;
	if (op == SNAP_OP_PUT) {
		le32(f, (uint32_t)vl);
		out_bytes(o, f, 4);
		out_bytes(o, v, vl);
		o->bytes += 4 + vl;
	}
	o->records++;
}

static int
key_cmp(const uint8_t *a, size_t al, const uint8_t *b, size_t bl)
{
	int c = memcmp(a, b, al < bl ? al : bl);

	if (c != 0)
		return c;
	return al < bl ? -1 : al > bl;
}

/*
 * The records of nw, as puts, or (old not NULL) the delta from old to nw:
 * puts for new and changed records, deletes for keys nw lacks.
 */
static void
emit(struct out *o, struct src *old, struct src *nw)
{
	int c;

	while (nw->have || (old != NULL && old->have)) {
		if (old == NULL || !old->have)
			c = 1;
		else if (!nw->have)
			c = -1;
		else
			c = -key_cmp(nw->k, nw->kl, old->k, old->kl);
		if (c > 0) {
			out_rec(o, SNAP_OP_PUT, nw->k, nw->kl, nw->v, nw->vl);
			src_next(nw);
		} else if (c < 0) {
			out_rec(o, SNAP_OP_DEL, old->k, old->kl, NULL, 0);
			src_next(old);
		} else {
			if (nw->vl != old->vl ||
			    memcmp(nw->v, old->v, nw->vl) != 0)
				out_rec(o, SNAP_OP_PUT, nw->k, nw->kl, nw->v,
				    nw->vl);
			src_next(nw);
			src_next(old);
		}
	}
}

/* Where the records of a snapshot come from, for both passes. */
struct plan {
	struct store *st;		/* the new records: a store, */
	const struct snap_info *nw;	/* or a full snapshot */
	const struct snap_info *old;	/* the parent, or NULL */
};

static void
run_pass(struct out *o, const struct plan *pl)
{
	struct src nw, old;

	if (pl->st != NULL)
		src_store(&nw, pl->st);
	else
		src_snap(&nw, pl->nw);
	if (pl->old != NULL)
		src_snap(&old, pl->old);
	emit(o, pl->old != NULL ? &old : NULL, &nw);
	src_end(&nw);
}

/* Write path from the plan: header, records, trailer, signed with sk. */
static void
write_snap(const char *path, const struct plan *pl, const uint8_t site[32],
    const uint8_t id[32], const uint8_t parent[32],
    const br_ec_private_key *sk)
{
	uint8_t hdr[SNAP_HDR_LEN], d[32], sig[SNAP_SIG_MAX], f[2];
	struct out o = { .path = path };
	uint64_t records, bytes;
	size_t sl;
	int fd;

	run_pass(&o, pl);	/* counting */
	records = o.records;
	bytes = o.bytes;
	if (records > SNAP_MAX_RECORDS || bytes > SNAP_MAX_BYTES)
		die(path, "%llu records, %llu bytes: over the limits",
		    (unsigned long long)records, (unsigned long long)bytes);
	memset(hdr, 0, sizeof hdr);
	memcpy(hdr, SNAP_MAGIC, 8);
	le32(hdr + SNAP_OFF_VERSION, SNAP_VERSION);
	le32(hdr + SNAP_OFF_HDR_LEN, SNAP_HDR_LEN);
	memcpy(hdr + SNAP_OFF_SITE, site, 32);
	memcpy(hdr + SNAP_OFF_ID, id, 32);
	memcpy(hdr + SNAP_OFF_PARENT, parent, 32);
	le64(hdr + SNAP_OFF_RECORDS, records);
	le64(hdr + SNAP_OFF_BYTES, bytes);

	snprintf(snap_tmp_out, sizeof snap_tmp_out, "%s.tmp.XXXXXX", path);
	if ((fd = mkstemp(snap_tmp_out)) < 0) {
		snap_tmp_out[0] = '\0';
		die(path, "%s", strerror(errno));
	}
	(void)fchmod(fd, 0644);
	if ((o.fp = fdopen(fd, "wb")) == NULL)
		die(path, "%s", strerror(errno));
	br_sha256_init(&o.h);
	o.records = o.bytes = 0;
	out_bytes(&o, hdr, sizeof hdr);
	run_pass(&o, pl);
	if (o.records != records || o.bytes != bytes)
		die(path, "the records changed between passes");
	br_sha256_out(&o.h, d);
	if ((sl = br_ecdsa_i31_sign_asn1(&br_ec_p256_m31, &br_sha256_vtable,
	    d, sk, sig)) == 0 || sl > SNAP_SIG_MAX)
		die(path, "signing failed");
	le16(f, (uint32_t)sl);
	if (fwrite(SNAP_TRAILER_MAGIC, 1, 4, o.fp) != 4 ||
	    fwrite(d, 1, 32, o.fp) != 32 || fwrite(f, 1, 2, o.fp) != 2 ||
	    fwrite(sig, 1, sl, o.fp) != sl || fflush(o.fp) != 0 ||
	    fsync(fileno(o.fp)) != 0 || fclose(o.fp) != 0)
		die(path, "write: %s", strerror(errno));
	if (rename(snap_tmp_out, path) != 0)
		die(path, "%s", strerror(errno));
	snap_tmp_out[0] = '\0';	/* it is path now */
}

/* --- build and diff ---------------------------------------------------- */

/* The value of "name=" in the meta record's lines, or die. */
static void
meta_field(const struct site_view *m, const char *name, char *out,
    size_t cap)
{
	const char *s = (const char *)m->aux.p, *e = s + m->aux.len, *nl;
	size_t nn = strlen(name), vl;

	for (; s < e; s = nl + 1) {
		if ((nl = memchr(s, '\n', (size_t)(e - s))) == NULL)
			nl = e;
		if ((size_t)(nl - s) > nn && memcmp(s, name, nn) == 0 &&
		    s[nn] == '=') {
			vl = (size_t)(nl - s) - nn - 1;
			if (vl >= cap)
				break;
			memcpy(out, s + nn + 1, vl);
			out[vl] = '\0';
			return;
		}
	}
	die("store", "the meta record has no usable %s", name);
}

static int
cmd_build(const char *parent, const char *key, const char *site_url,
    const char *att_url, const char *out, char **roots, int nroots)
{
	uint8_t x[SNAP_PRIV_LEN], pub[SNAP_PUB_LEN], site[32], id[32];
	uint8_t zero[32] = { 0 };
	struct snap_info pin;
	struct snap_map pm;
	br_ec_private_key sk;
	br_sha256_context h;
	struct site_view m;
	struct store_read rd;
	struct store st;
	struct plan pl = { .st = &st };
	char cid[80], url[1024];
	const void *val;
	char **av;
	size_t vl;
	int ac = 0, i, fd, rc;

	load_priv(key, x, &sk, pub);
	if (parent != NULL) {
		load_snap(parent, NULL, &pm, &pin);
		if (!is_zero(pin.parent, 32))
			die(parent, "a parent must be a full snapshot");
		pl.old = &pin;
	}
	snprintf(snap_tmp_store, sizeof snap_tmp_store, "%s.store.XXXXXX",
	    out);
	if ((fd = mkstemp(snap_tmp_store)) < 0) {
		snap_tmp_store[0] = '\0';
		die(out, "%s", strerror(errno));
	}
	close(fd);
	if ((av = calloc((size_t)nroots + 10, sizeof *av)) == NULL)
		die(out, "out of memory");
	av[ac++] = "sitec";
	av[ac++] = "--quiet";
	if (site_url != NULL) {
		av[ac++] = "--site-url";
		av[ac++] = (char *)site_url;
	}
	if (att_url != NULL) {
		av[ac++] = "--attachments-url";
		av[ac++] = (char *)att_url;
	}
	av[ac++] = snap_tmp_store;
	for (i = 0; i < nroots; i++)
		av[ac++] = roots[i];
	if (sitec_main(ac, av) != 0)
		die(out, "the compile failed");
	free(av);

	if ((rc = store_open(&st, snap_tmp_store, 0, STORE_RDONLY)) != RC_OK ||
	    (rc = store_read_begin(&st, &rd)) != RC_OK)
		die(snap_tmp_store, "%s", err_str(rc));
	if ((rc = store_get(&st, &rd, SITE_K_META, strlen(SITE_K_META), &val,
	    &vl)) != RC_OK || (rc = site_rec_decode(val, vl, &m)) != RC_OK)
		die(snap_tmp_store, "meta record: %s", err_str(rc));
	meta_field(&m, "content_id", cid, sizeof cid);
	meta_field(&m, "site_url", url, sizeof url);
	store_read_end(&rd);
	if (strlen(cid) != 64 || !unhex(id, 32, cid))
		die(snap_tmp_store, "bad content_id in the meta record");
	/* The site id names the site, not a build: the URL sitec stored. */
	br_sha256_init(&h);
	br_sha256_update(&h, url, strlen(url));
	br_sha256_out(&h, site);
	if (parent != NULL && memcmp(site, pin.site, 32) != 0)
		die(parent, "the parent is another site's snapshot");

	write_snap(out, &pl, site, id, parent != NULL ? pin.id : zero, &sk);
	store_close(&st);
	(void)unlink(snap_tmp_store);
	snap_tmp_store[0] = '\0';
	memset(x, 0, sizeof x);
	return 0;
}

static int
cmd_diff(const char *key, const char *oldp, const char *newp,
    const char *out)
{
	uint8_t x[SNAP_PRIV_LEN], pub[SNAP_PUB_LEN];
	struct snap_info oi, ni;
	struct snap_map om, nm;
	br_ec_private_key sk;
	struct plan pl = { .nw = &ni, .old = &oi };

	load_priv(key, x, &sk, pub);
	load_snap(oldp, NULL, &om, &oi);
	load_snap(newp, NULL, &nm, &ni);
	if (!is_zero(oi.parent, 32))
		die(oldp, "not a full snapshot");
	if (!is_zero(ni.parent, 32))
		die(newp, "not a full snapshot");
	if (memcmp(oi.site, ni.site, 32) != 0)
		die(newp, "another site than %s's", oldp);
	write_snap(out, &pl, ni.site, ni.id, oi.id, &sk);
	memset(x, 0, sizeof x);
	return 0;
}

/* --- inspect and verify ------------------------------------------------- */

/* Key bytes as sitec --list shows them: \0, \\, \xNN. */
static void
show(const uint8_t *s, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++) {
		if (s[i] == 0)
			fputs("\\0", stdout);
		else if (s[i] == '\\')
			fputs("\\\\", stdout);
		else if (s[i] < 0x20 || s[i] == 0x7f)
			printf("\\x%02x", s[i]);
		else
			putchar(s[i]);
	}
}

/* "put <first 16 hex of the value's sha-256> KEY" or "delete - KEY". */
static void
list_keys(const struct snap_info *in)
{
	const uint8_t *at = in->recs, *end = in->recs + in->bytes;
	br_sha256_context h;
	uint8_t d[32];
	char hx[65];
	size_t kl, vl;

	while (at < end) {
		kl = get16(at + 1);
		if (at[0] == SNAP_OP_DEL) {
			printf("delete - ");
			show(at + 3, kl);
			putchar('\n');
			at += 3 + kl;
			continue;
		}
		vl = get32(at + 3 + kl);
		br_sha256_init(&h);
		br_sha256_update(&h, at + 7 + kl, vl);
		br_sha256_out(&h, d);
		hex(hx, d, 8);
		printf("put %s ", hx);
		show(at + 3, kl);
		putchar('\n');
		at += 7 + kl + vl;
	}
}

static int
cmd_inspect(const char *path, const char *pubp, bool keys)
{
	uint8_t pub[SNAP_PUB_LEN];
	struct snap_info in;
	struct snap_map m;
	char hx[65], why[256];
	int rc;

	if (pubp != NULL)
		read_key(pubp, pub, SNAP_PUB_LEN);
	map_file(path, &m);
	rc = snap_check(m.p, m.n, pubp != NULL ? pub : NULL, &in, why,
	    sizeof why);
	printf("file: %s\nsize: %zu\nversion: %u\n", path, m.n,
	    (unsigned)in.version);
	hex(hx, in.site, 32);
	printf("site: %s\n", hx);
	hex(hx, in.id, 32);
	printf("snapshot: %s\n", hx);
	hex(hx, in.parent, 32);
	printf("parent: %s (%s)\n", hx, is_zero(in.parent, 32) ? "full" :
	    "delta");
	printf("records: %llu\nbytes: %llu\nputs: %llu\ndeletes: %llu\n"
	    "value bytes: %llu\n", (unsigned long long)in.records,
	    (unsigned long long)in.bytes, (unsigned long long)in.puts,
	    (unsigned long long)in.dels,
	    (unsigned long long)in.value_bytes);
	if (in.hash != NULL) {
		hex(hx, in.hash, 32);
		printf("hash: %s\n", hx);
	}
	printf("signature: %s\n", in.sig_ok == 1 ? "ok" : in.sig_ok == 0 ?
	    "BAD" : "not checked");
	printf("check: %s\n", rc == RC_OK ? "ok" : why);
	if (keys && rc == RC_OK)
		list_keys(&in);
	return fflush(stdout) == 0 && rc == RC_OK ? 0 : 1;
}

static int
cmd_verify(const char *path, const char *pubp)
{
	uint8_t pub[SNAP_PUB_LEN];
	struct snap_info in;
	struct snap_map m;

	read_key(pubp, pub, SNAP_PUB_LEN);
	load_snap(path, pub, &m, &in);
	printf("snapshot: %s: ok: %s, %llu puts, %llu deletes, signature "
	    "ok\n", path, is_zero(in.parent, 32) ? "full" : "delta",
	    (unsigned long long)in.puts, (unsigned long long)in.dels);
	return fflush(stdout) == 0 ? 0 : 1;
}

static void
usage(void)
{
	fprintf(stderr,
	    "usage: snapshot keygen KEY.priv KEY.pub\n"
	    "       snapshot build [--parent SNAP] --key KEY.priv "
	    "[--site-url URL]\n"
	    "                [--attachments-url URL] OUT.snap ROOT...\n"
	    "       snapshot diff --key KEY.priv OLD.snap NEW.snap OUT.snap\n"
	    "       snapshot inspect [--pub KEY.pub] [--keys] SNAP\n"
	    "       snapshot verify --pub KEY.pub SNAP\n");
	exit(2);
}

int
main(int argc, char **argv)
{
	const char *parent = NULL, *key = NULL, *pub = NULL;
	const char *site_url = NULL, *att_url = NULL, *cmd;
	char **pos;
	bool keys = false;
	int i, np = 0;

	if (argc < 2)
		usage();
	cmd = argv[1];
	if ((pos = calloc((size_t)argc, sizeof *pos)) == NULL)
		return 1;
	/* Options may come before or after the operands. */
	for (i = 2; i < argc; i++) {
		if (strcmp(argv[i], "--parent") == 0 && i + 1 < argc)
			parent = argv[++i];
		else if (strcmp(argv[i], "--key") == 0 && i + 1 < argc)
			key = argv[++i];
		else if (strcmp(argv[i], "--pub") == 0 && i + 1 < argc)
			pub = argv[++i];
		else if (strcmp(argv[i], "--site-url") == 0 && i + 1 < argc)
			site_url = argv[++i];
		else if (strcmp(argv[i], "--attachments-url") == 0 &&
		    i + 1 < argc)
			att_url = argv[++i];
		else if (strcmp(argv[i], "--keys") == 0)
			keys = true;
		else if (strncmp(argv[i], "--", 2) == 0)
			usage();
		else
			pos[np++] = argv[i];
	}
	atexit(snap_cleanup);
	if (strcmp(cmd, "keygen") == 0 && np == 2)
		return cmd_keygen(pos[0], pos[1]);
	if (strcmp(cmd, "build") == 0 && np >= 2 && key != NULL)
		return cmd_build(parent, key, site_url, att_url, pos[0],
		    pos + 1, np - 1);
	if (strcmp(cmd, "diff") == 0 && np == 3 && key != NULL)
		return cmd_diff(key, pos[0], pos[1], pos[2]);
	if (strcmp(cmd, "inspect") == 0 && np == 1)
		return cmd_inspect(pos[0], pub, keys);
	if (strcmp(cmd, "verify") == 0 && np == 1 && pub != NULL)
		return cmd_verify(pos[0], pub);
	usage();
}
