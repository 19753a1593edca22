/*
 * err.h: the one error enum of the appliance.
 *
 * Every function that can fail returns int: ERR_OK (0) or one of the
 * negative codes below.  Foreign codes (lwIP err_t, LMDB MDB_*, errno,
 * BearSSL BR_ERR_*) are mapped once, at the seam where they enter our code,
 * and never passed upward raw.
 */
#ifndef ERR_H
#define ERR_H

enum err {
	ERR_OK = 0,
	/* general: -1 .. -31 */
	ERR_AGAIN = -1,		/* nothing to do now; try later */
	ERR_NOMEM = -2,		/* a pool or buffer is exhausted */
	ERR_INVAL = -3,		/* bad argument from a caller */
	ERR_NOTFOUND = -4,	/* no such key, page, device */
	ERR_TOOBIG = -5,	/* input exceeds a limit in config.h */
	ERR_IO = -6,		/* a device or file reported failure */
	ERR_NODEV = -7,		/* the platform has no such device */
	ERR_TIMEOUT = -8,	/* a deadline passed */
	ERR_EXISTS = -9,	/* already present or already initialised */
	ERR_UNSUPPORTED = -10,	/* a feature we do not implement */
	ERR_CLOSED = -11,	/* the peer or the object went away */
	/* input from peers and files: -32 .. -63 */
	ERR_PROTO = -32,	/* malformed protocol input */
	ERR_FORMAT = -33,	/* malformed file or record */
	ERR_CORRUPT = -34,	/* a checksum or signature does not match */
	/* net/: -64 .. -95 */
	ERR_NET = -64,		/* lwIP reported an error we do not map */
	ERR_CONN_ABORTED = -65,	/* connection reset or aborted */
	ERR_TLS_HANDSHAKE = -66, /* TLS: no common parameters, bad handshake */
	ERR_TLS_ALERT = -67,	/* TLS: the peer sent a fatal alert */
	ERR_TLS_RECORD = -68,	/* TLS: malformed record or bad MAC */
	ERR_TLS_BADCERT = -69,	/* TLS: our certificate or key is unusable */
	/* storage/: -96 .. -127 */
	ERR_STORE = -96,	/* LMDB reported an error we do not map */
	ERR_STORE_FULL = -97,	/* the map or the disk is full */
};

/* A short, constant, human-readable name for an error code. */
const char *err_str(int err);

#endif /* ERR_H */
