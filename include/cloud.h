/*
 * cloud.h: what the node asks of the cloud it runs on, over lwIP: the EC2
 * instance metadata service (IMDSv2, net/imds.c) for user-data and the
 * identity document, and a time server (SNTP, net/sntp.c) for the wall
 * clock.  Both are off unless the configuration names them (config.h:
 * imds=, sntp=).
 *
 * Context: the main loop only; their lwIP callbacks run in net_poll().
 * Memory: static, sized in config.h; nothing is allocated per request.
 */
#ifndef CLOUD_H
#define CLOUD_H

#include <stddef.h>
#include <stdint.h>

#include "config.h"

/* --- IMDSv2 ------------------------------------------------------------- */

/*
 * Start the exchange with cf's metadata service (cf->imds_ip, imds_port):
 * PUT /latest/api/token, then with the token GET /latest/user-data and
 * /latest/dynamic/instance-identity/document, one connection each.  Call
 * once, after net_init(), when cf->imds_ip is not 0; then call
 * net_poll() and imds_done() from the loop until it returns true.
 * RC_OK, or RC_NOMEM if lwIP has no PCB.
 */
int imds_start(const struct config *cf) __attribute__((warn_unused_result));

/*
 * True once the exchange is over: finished, refused or timed out
 * (IMDS_REQUEST_MS a request, IMDS_TOTAL_MS in all); each failure has
 * written one console line.  Its deadline (monotonic ns) is the time by
 * which to call again.
 */
bool imds_done(uint64_t *deadline);

/*
 * The user-data the service gave (NUL-terminated, *len bytes before the
 * NUL), or NULL when there is none (no service, no user-data, 404, too
 * large).  The buffer is static and lives for the program, writable for
 * config_merge_userdata().
 */
char *imds_userdata(size_t *len);

/*
 * The string field key of a JSON object (the identity document: flat,
 * string values without escapes) into out (size bytes, NUL-terminated).
 * RC_OK, RC_NOTFOUND, RC_TOOBIG (the value does not fit), RC_FORMAT.
 * Exposed for the tests.
 */
int imds_json_field(const char *doc, size_t len, const char *key,
    char *out, size_t size) __attribute__((warn_unused_result));

/*
 * The status code and the body of an HTTP/1.x response of len bytes at
 * buf (Content-Length or to the end of the connection).  RC_OK, RC_AGAIN
 * (incomplete), RC_PROTO (malformed), RC_TOOBIG (a head over
 * IMDS_MAX_HEAD).  complete: the connection has ended.  Once the head
 * is complete *status is set, also with RC_AGAIN and RC_PROTO for the
 * body.  Exposed for the tests.
 */
int imds_response(const char *buf, size_t len, bool complete, int *status,
    size_t *body_off, size_t *body_len) __attribute__((warn_unused_result));

/* --- SNTP --------------------------------------------------------------- */

#define SNTP_PACKET_LEN	48	/* RFC 4330 4: without the optional fields */

/* What a server's answer says, in Unix ns. */
struct sntp_reply {
	uint64_t rx_ns;		/* T2: the request arrived at the server */
	uint64_t tx_ns;		/* T3: the answer left it */
	unsigned int stratum;
};

/*
 * A client request (RFC 4330 5: version 4, mode 3) into pkt, with nonce
 * (random) as its Transmit Timestamp, which the server copies into its
 * answer's Originate Timestamp.
 */
void sntp_build(uint8_t pkt[SNTP_PACKET_LEN], uint64_t nonce);

/*
 * Check a server's answer (len bytes) against the request's nonce and
 * fill r.  RC_PROTO for anything RFC 4330 5 says to discard: short,
 * version not 3 or 4, mode not 4 (server), leap indicator 3 (not
 * synchronised), stratum 0 (kiss-o'-death) or over 15, a zero Transmit
 * Timestamp or an Originate Timestamp other than nonce.
 */
int sntp_parse(const uint8_t *pkt, size_t len, uint64_t nonce,
    struct sntp_reply *r) __attribute__((warn_unused_result));

/*
 * The server's time (Unix ns) at our monotonic time t4 for a request
 * sent at our monotonic t1: T3 plus half the round trip less the
 * server's own time (RFC 4330 5's offset, on our monotonic clock).
 */
uint64_t sntp_wall_at(const struct sntp_reply *r, uint64_t t1, uint64_t t4);

/* NTP's 64-bit timestamp (RFC 4330 3, the era that holds it: 1968-2104)
 * to Unix ns, and back. */
uint64_t sntp_to_unix_ns(uint64_t ntp);
uint64_t sntp_from_unix_ns(uint64_t ns);

/*
 * Ask cf's time server (cf->sntp_ip, sntp_port), if any, now and then
 * every SNTP_MIN_POLL_S..SNTP_MAX_POLL_S (SNTP_RETRY_S until the first
 * answer), and hand each good answer to plat_clock_sync().  The first
 * answer, a step and the first of a run of bad answers are logged.
 * RC_OK (also without a server), RC_NOMEM when lwIP has no PCB.  Call
 * once, after net_init().  It runs on lwIP's timers: nothing to poll.
 */
int sntp_init(const struct config *cf) __attribute__((warn_unused_result));

#endif /* CLOUD_H */
