/* err.c: names for enum err (see err.h). */
#include "err.h"

/* see err.h */
const char *
err_str(int err)
{
	switch (err) {
	case ERR_OK: return "ok";
	case ERR_AGAIN: return "try again";
	case ERR_NOMEM: return "out of memory";
	case ERR_INVAL: return "invalid argument";
	case ERR_NOTFOUND: return "not found";
	case ERR_TOOBIG: return "too big";
	case ERR_IO: return "I/O error";
	case ERR_NODEV: return "no such device";
	case ERR_TIMEOUT: return "timed out";
	case ERR_EXISTS: return "already exists";
	case ERR_UNSUPPORTED: return "not supported";
	case ERR_CLOSED: return "closed";
	case ERR_PROTO: return "protocol error";
	case ERR_FORMAT: return "bad format";
	case ERR_CORRUPT: return "corrupt";
	case ERR_NET: return "network error";
	case ERR_CONN_ABORTED: return "connection aborted";
	case ERR_TLS_HANDSHAKE: return "TLS handshake failed";
	case ERR_TLS_ALERT: return "TLS alert from peer";
	case ERR_TLS_RECORD: return "bad TLS record";
	case ERR_TLS_BADCERT: return "bad certificate or key";
	case ERR_STORE: return "store error";
	case ERR_STORE_FULL: return "store full";
	}
	return "unknown error";
}
