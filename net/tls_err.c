/*
 * tls_err.c: BearSSL's error codes, mapped once to enum err, and named.
 *
 * br_ssl_engine_last_error() gives BR_ERR_* (1..31), or 256 + alert for
 * a fatal alert the peer sent, or 512 + alert for one the engine sent on
 * our behalf.  The enum err classes are coarse (what the caller does is
 * the same: log and close); the text keeps the precise reason for the log.
 *
 * For the failures BearSSL closes on without an alert, tls_br_err_alert
 * names the alert RFC 5246 (7.2.2) prescribes, so that tls.c can send it.
 *
 * Interface (tls_internal.h): tls_map_br_err, tls_br_err_text,
 * tls_br_err_alert.
 */
#include "err.h"
#include "tls_internal.h"

/* see tls_internal.h */
int
tls_map_br_err(int e)
{
	if (e >= BR_ERR_RECV_FATAL_ALERT && e < BR_ERR_SEND_FATAL_ALERT)
		return RC_TLS_ALERT;
	/* We only ever fail handshakes with alerts (no shared suite...). */
	if (e >= BR_ERR_SEND_FATAL_ALERT)
		return RC_TLS_HANDSHAKE;
	switch (e) {
	case BR_ERR_OK:
		return RC_OK;
	case BR_ERR_BAD_STATE:
		return RC_INVAL;
	case BR_ERR_NO_RANDOM:
		return RC_IO;
	case BR_ERR_IO:
		return RC_CONN_ABORTED;
	case BR_ERR_BAD_VERSION:
	case BR_ERR_BAD_LENGTH:
	case BR_ERR_TOO_LARGE:
	case BR_ERR_BAD_MAC:
	case BR_ERR_UNKNOWN_TYPE:
	case BR_ERR_BAD_FRAGLEN:
		return RC_TLS_RECORD;
	case BR_ERR_BAD_ALERT:
		return RC_PROTO;
	}
	/* A client certificate refused (BR_ERR_X509_*): the handshake's. */
	/* The rest are about the handshake (versions, suites, messages). */
	return RC_TLS_HANDSHAKE;
}

static const char *
alert_text(int a, int sent)
{
	switch (a) {
	case BR_ALERT_CLOSE_NOTIFY:
		return sent ? "sent alert: close_notify" :
		    "peer alert: close_notify";
	case BR_ALERT_UNEXPECTED_MESSAGE:
		return sent ? "sent alert: unexpected_message" :
		    "peer alert: unexpected_message";
	case BR_ALERT_BAD_RECORD_MAC:
		return sent ? "sent alert: bad_record_mac" :
		    "peer alert: bad_record_mac";
	case BR_ALERT_HANDSHAKE_FAILURE:
		return sent ? "no shared cipher suite, curve or hash" :
		    "peer alert: handshake_failure";
	case BR_ALERT_BAD_CERTIFICATE:
		return "peer alert: bad_certificate";
	case BR_ALERT_UNSUPPORTED_CERTIFICATE:
		return "peer alert: unsupported_certificate";
	case BR_ALERT_CERTIFICATE_EXPIRED:
		return "peer alert: certificate_expired";
	case BR_ALERT_CERTIFICATE_UNKNOWN:
		return "peer alert: certificate_unknown";
	case BR_ALERT_UNKNOWN_CA:
		return "peer alert: unknown_ca";
	case BR_ALERT_DECODE_ERROR:
		return sent ? "sent alert: decode_error" :
		    "peer alert: decode_error";
	case BR_ALERT_DECRYPT_ERROR:
		return "peer alert: decrypt_error";
	case BR_ALERT_PROTOCOL_VERSION:
		return sent ? "unsupported version" :
		    "peer alert: protocol_version";
	case BR_ALERT_INTERNAL_ERROR:
		return sent ? "sent alert: internal_error" :
		    "peer alert: internal_error";
	case BR_ALERT_USER_CANCELED:
		return "peer alert: user_canceled";
	case BR_ALERT_NO_APPLICATION_PROTOCOL:
		return "peer alert: no_application_protocol";
	}
	return sent ? "sent alert: other" : "peer alert: other";
}

/* see tls_internal.h */
const char *
tls_br_err_text(int e)
{
	if (e >= BR_ERR_SEND_FATAL_ALERT)
		return alert_text(e - BR_ERR_SEND_FATAL_ALERT, 1);
	if (e >= BR_ERR_RECV_FATAL_ALERT)
		return alert_text(e - BR_ERR_RECV_FATAL_ALERT, 0);
	switch (e) {
	case BR_ERR_OK: return "ok";
	case BR_ERR_BAD_PARAM: return "bad handshake lengths";
	case BR_ERR_BAD_STATE: return "bad engine state";
	case BR_ERR_UNSUPPORTED_VERSION: return "unsupported version";
	case BR_ERR_BAD_VERSION: return "record version mismatch";
	case BR_ERR_BAD_LENGTH: return "bad record length";
	case BR_ERR_TOO_LARGE: return "record too large";
	case BR_ERR_BAD_MAC: return "bad record MAC";
	case BR_ERR_NO_RANDOM: return "no entropy";
	case BR_ERR_UNKNOWN_TYPE: return "unknown record type";
	case BR_ERR_UNEXPECTED: return "unexpected message";
	case BR_ERR_BAD_CCS: return "bad ChangeCipherSpec";
	case BR_ERR_BAD_ALERT: return "bad alert";
	case BR_ERR_BAD_HANDSHAKE: return "bad handshake message";
	case BR_ERR_OVERSIZED_ID: return "oversized session ID";
	case BR_ERR_BAD_CIPHER_SUITE: return "bad cipher suite";
	case BR_ERR_BAD_COMPRESSION: return "bad compression";
	case BR_ERR_BAD_FRAGLEN: return "bad max fragment length";
	case BR_ERR_BAD_SECRENEG: return "bad secure renegotiation";
	case BR_ERR_EXTRA_EXTENSION: return "unexpected extension";
	case BR_ERR_BAD_SNI: return "bad SNI";
	case BR_ERR_BAD_HELLO_DONE: return "bad ServerHelloDone";
	case BR_ERR_LIMIT_EXCEEDED: return "handshake limit exceeded";
	case BR_ERR_BAD_FINISHED: return "bad Finished";
	case BR_ERR_RESUME_MISMATCH: return "resumption mismatch";
	case BR_ERR_INVALID_ALGORITHM: return "invalid algorithm";
	case BR_ERR_BAD_SIGNATURE: return "bad signature";
	case BR_ERR_WRONG_KEY_USAGE: return "wrong key usage";
	case BR_ERR_NO_CLIENT_AUTH: return "no client certificate";
	case BR_ERR_IO: return "I/O error";
	case BR_ERR_X509_EXPIRED: return "client certificate expired";
	case BR_ERR_X509_NOT_TRUSTED: return "client certificate not trusted";
	case BR_ERR_X509_TIME_UNKNOWN: return "no time to check a client "
	    "certificate";
	}
	if (e >= BR_ERR_X509_OK && e < BR_ERR_RECV_FATAL_ALERT)
		return "bad client certificate";
	return "TLS error";
}

/* see tls_internal.h */
int
tls_br_err_alert(int e)
{
	/* The peer's alert or ours already ended it; I/O: nobody to tell. */
	if (e >= BR_ERR_RECV_FATAL_ALERT || e == BR_ERR_OK || e == BR_ERR_IO)
		return -1;
	switch (e) {
	case BR_ERR_UNSUPPORTED_VERSION:
	case BR_ERR_BAD_VERSION:
		return BR_ALERT_PROTOCOL_VERSION;
	case BR_ERR_BAD_LENGTH:
	case BR_ERR_TOO_LARGE:
		return BR_ALERT_RECORD_OVERFLOW;
	case BR_ERR_BAD_MAC:
		return BR_ALERT_BAD_RECORD_MAC;
	case BR_ERR_UNKNOWN_TYPE:
	case BR_ERR_UNEXPECTED:
		return BR_ALERT_UNEXPECTED_MESSAGE;
	/* In a handshake, BAD_PARAM is a length that does not add up. */
	case BR_ERR_BAD_PARAM:
	case BR_ERR_BAD_CCS:
	case BR_ERR_BAD_ALERT:
	case BR_ERR_BAD_HANDSHAKE:
	case BR_ERR_OVERSIZED_ID:
	case BR_ERR_BAD_SNI:
	case BR_ERR_BAD_HELLO_DONE:
		return BR_ALERT_DECODE_ERROR;
	case BR_ERR_BAD_CIPHER_SUITE:
	case BR_ERR_BAD_FRAGLEN:
	case BR_ERR_RESUME_MISMATCH:
		return BR_ALERT_ILLEGAL_PARAMETER;
	case BR_ERR_EXTRA_EXTENSION:
		return BR_ALERT_UNSUPPORTED_EXTENSION;
	case BR_ERR_BAD_FINISHED:
	case BR_ERR_BAD_SIGNATURE:
		return BR_ALERT_DECRYPT_ERROR;
	case BR_ERR_BAD_STATE:
	case BR_ERR_NO_RANDOM:
	case BR_ERR_X509_TIME_UNKNOWN:
		return BR_ALERT_INTERNAL_ERROR;
	/* A client certificate (RFC 5246 7.2.2): the precise alert. */
	case BR_ERR_X509_EXPIRED:
		return BR_ALERT_CERTIFICATE_EXPIRED;
	case BR_ERR_X509_NOT_TRUSTED:
		return BR_ALERT_UNKNOWN_CA;
	}
	if (e >= BR_ERR_X509_OK && e < BR_ERR_RECV_FATAL_ALERT)
		return BR_ALERT_BAD_CERTIFICATE;
	/*
	 * No compression, renegotiation info, algorithm or client
	 * certificate we can agree on, a limit of ours: handshake_failure
	 * ("unable to negotiate an acceptable set of security parameters").
	 */
	return BR_ALERT_HANDSHAKE_FAILURE;
}
