/*
 * err.h: the one error enum of the appliance.
 *
 * Every function that can fail returns int: RC_OK (0) or one of the
 * negative codes below.  Foreign codes (lwIP err_t ERR_*, LMDB MDB_*,
 * errno E*, BearSSL BR_ERR_*) are mapped once, at the seam where they
 * enter our code, and never passed upward raw.  The RC_ prefix is ours
 * alone, so no foreign header can rename or shadow a code (lwIP's err.h
 * also defines ERR_OK and ERR_TIMEOUT, with other values).
 */
#ifndef ERR_H
#define ERR_H

enum err {
	RC_OK = 0,
	/* general: -1 .. -31 */
	RC_AGAIN = -1,		/* nothing to do now; try later */
	RC_NOMEM = -2,		/* a pool or buffer is exhausted */
	RC_INVAL = -3,		/* bad argument from a caller */
	RC_NOTFOUND = -4,	/* no such key, page, device */
	RC_TOOBIG = -5,		/* input exceeds a limit in config.h */
	RC_IO = -6,		/* a device or file reported failure */
	RC_NODEV = -7,		/* the platform has no such device */
	RC_TIMEOUT = -8,	/* a deadline passed */
	RC_EXISTS = -9,		/* already present or already initialised */
	RC_UNSUPPORTED = -10,	/* a feature we do not implement */
	RC_CLOSED = -11,	/* the peer or the object went away */
	/* input from peers and files: -32 .. -63 */
	RC_PROTO = -32,		/* malformed protocol input */
	RC_FORMAT = -33,	/* malformed file or record */
	RC_CORRUPT = -34,	/* a checksum or signature does not match */
	/* net/: -64 .. -95 */
	RC_NET = -64,		/* lwIP reported an error we do not map */
	RC_CONN_ABORTED = -65,	/* connection reset or aborted */
	RC_TLS_HANDSHAKE = -66,	/* TLS: no common parameters, bad handshake */
	RC_TLS_ALERT = -67,	/* TLS: the peer sent a fatal alert */
	RC_TLS_RECORD = -68,	/* TLS: malformed record or bad MAC */
	RC_TLS_BADCERT = -69,	/* TLS: our certificate or key is unusable */
	/* storage/: -96 .. -127 */
	RC_STORE = -96,		/* LMDB reported an error we do not map */
	RC_STORE_FULL = -97,	/* the map or the disk is full */
};

/* A short, constant, human-readable name for an error code. */
const char *err_str(int err);

#endif /* ERR_H */
