/*
 * snapshot.h: the snapshot file format (ARCHITECTURE.md "Snapshot
 * format"), as build/snapshot writes and checks it.  The node's apply is
 * meant to read the same layout; these are the constants it needs.
 *
 * A snapshot is a header, records in strictly ascending key order (the
 * store's own order, memcmp then length), and a trailer:
 *
 *   header  128 bytes: magic "SITESNAP", u32 version, u32 header length,
 *           site id[32], snapshot id[32], parent id[32] (zeros: full),
 *           u64 record count, u64 byte count (of the records)
 *   record  u8 op ('P' put, 'D' delete), u16 key length, key; a put then
 *           has u32 value length and the value (a site.h record)
 *   trailer "SIG1", SHA-256[32] of every byte before the trailer, u16
 *           signature length, ECDSA P-256 signature (ASN.1 DER) of that
 *           hash
 *
 * Integers are little-endian, as in site.h's records.
 */
#ifndef SNAPSHOT_H
#define SNAPSHOT_H

#include <stddef.h>
#include <stdint.h>

#define SNAP_MAGIC		"SITESNAP"	/* 8 bytes, no NUL */
#define SNAP_VERSION		1
#define SNAP_HDR_LEN		128
#define SNAP_OFF_VERSION	8
#define SNAP_OFF_HDR_LEN	12
#define SNAP_OFF_SITE		16
#define SNAP_OFF_ID		48
#define SNAP_OFF_PARENT		80
#define SNAP_OFF_RECORDS	112
#define SNAP_OFF_BYTES		120
#define SNAP_OP_PUT		'P'
#define SNAP_OP_DEL		'D'
#define SNAP_TRAILER_MAGIC	"SIG1"		/* 4 bytes, no NUL */
#define SNAP_TRAILER_FIXED	38	/* magic, hash, signature length */
#define SNAP_SIG_MAX		72	/* DER of two 33-byte integers */

/* What a check of a whole snapshot found. */
struct snap_info {
	uint32_t version;
	uint8_t site[32], id[32], parent[32];
	uint64_t records, bytes;	/* as the header says */
	uint64_t puts, dels, value_bytes;	/* as the walk found */
	const uint8_t *recs;		/* the first record */
	const uint8_t *hash;		/* the trailer's hash */
	const uint8_t *sig;
	size_t sig_len;
	int sig_ok;			/* 1 ok, 0 bad, -1 not checked */
};

/*
 * Check the snapshot in p[0..n): header, every record (limits, key order,
 * known namespace, site_rec_decode for a put, no value for a delete, no
 * delete in a full snapshot), the hash and, when pub is not NULL (a
 * 65-byte uncompressed P-256 point), the signature.  RC_OK, or RC_FORMAT
 * with the reason (and offset where there is one) in why.  *in is filled
 * as far as the check got.
 */
int snap_check(const uint8_t *p, size_t n, const uint8_t *pub,
    struct snap_info *in, char *why, size_t why_len)
    __attribute__((warn_unused_result));

#endif /* SNAPSHOT_H */
