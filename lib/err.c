/* err.c: names for enum err (see err.h). */
#include "err.h"

/* see err.h */
const char *
err_str(int err)
{
	switch (err) {
	case RC_OK: return "ok";
	case RC_AGAIN: return "try again";
	case RC_NOMEM: return "out of memory";
	case RC_INVAL: return "invalid argument";
	case RC_NOTFOUND: return "not found";
	case RC_TOOBIG: return "too big";
	case RC_IO: return "I/O error";
	case RC_NODEV: return "no such device";
	case RC_TIMEOUT: return "timed out";
	case RC_EXISTS: return "already exists";
	case RC_UNSUPPORTED: return "not supported";
	case RC_CLOSED: return "closed";
	case RC_PROTO: return "protocol error";
	case RC_FORMAT: return "bad format";
	case RC_CORRUPT: return "corrupt";
	case RC_NET: return "network error";
	case RC_CONN_ABORTED: return "connection aborted";
	case RC_TLS_HANDSHAKE: return "TLS handshake failed";
	case RC_TLS_ALERT: return "TLS alert from peer";
	case RC_TLS_RECORD: return "bad TLS record";
	case RC_TLS_BADCERT: return "bad certificate or key";
	case RC_STORE: return "store error";
	case RC_STORE_FULL: return "store full";
	}
	return "unknown error";
}
