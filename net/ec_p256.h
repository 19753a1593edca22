/*
 * ec_p256.h: P-256 (secp256r1) point arithmetic with 64-bit limbs,
 * behind BearSSL's br_ec_impl interface (bearssl_ec.h), for the TLS
 * server's ECDHE and ECDSA signing.
 *
 * BearSSL 0.6 has only 15- and 31-bit limb code for P-256; on x86-64
 * a 64x64->128 multiply does the work of about four 32-bit ones, so
 * 4x64-bit limbs (unsigned __int128 products) cut the field
 * multiplication, where nearly all the time goes, to a fraction.
 *
 * Contract: that of br_ec_impl, with BearSSL's br_ec_p256_m31 as the
 * reference: the same points are refused (length other than 65, a first
 * byte other than 0x04, a coordinate not below p, a point off the
 * curve), results are identical.  Where br_ec_impl leaves the result
 * indeterminate (a multiplier that is 0 or a multiple of the order), we
 * report an error (0) whenever the result is the point at infinity.
 * Everything that depends on a scalar or a point runs in constant time:
 * no branch and no memory index depends on secret data.
 *
 * The first mulgen() fills a 60 KiB table of multiples of the
 * generator (a few milliseconds, once per process); there is no other
 * state, and nothing here allocates.
 */
#ifndef EC_P256_H
#define EC_P256_H

#include <bearssl.h>

/* P-256 only (supported_curves has only BR_EC_secp256r1). */
extern const br_ec_impl ec_p256_m64;

/*
 * P-256 from ec_p256_m64, every other curve (X25519, P-384, P-521) from
 * BearSSL's br_ec_all_m31: a drop-in replacement for br_ec_get_default()
 * in br_ssl_engine_set_ec() and the ECDSA calls.
 */
extern const br_ec_impl ec_all_m64;

#endif /* EC_P256_H */
