/*
 * imds.c: an IMDSv2 client (EC2's instance metadata service) on lwIP's
 * raw TCP API, run once at boot from the main loop (cloud.h).
 *
 * Three requests, one connection each with "Connection: close", one
 * after the other: PUT /latest/api/token, then with that token GET
 * /latest/user-data and GET /latest/dynamic/instance-identity/document.
 * A response is read into a static buffer sized for its largest honest
 * answer (config.h: CONFIG_MAX_USERDATA, IMDS_MAX_IDENTITY); a larger one
 * is cut off and reported, never grown into.  Each request has
 * IMDS_REQUEST_MS, the whole exchange IMDS_TOTAL_MS (after the address
 * is up): boot waits on it, and a node that gets no answer serves with
 * the configuration it has.  Every way it can end says so in one console
 * line, and none stops the node.
 *
 * Interface: imds_start, imds_done, imds_userdata, imds_json_field,
 * imds_response (cloud.h).
 */
#include <stdio.h>
#include <string.h>

#include "cloud.h"
#include "internal.h"
#include "log.h"
#include "lwip/ip4_addr.h"
#include "lwip/netif.h"
#include "lwip/tcp.h"
#include "lwip/timeouts.h"
#include "plat.h"

#define MS	1000000ull

enum imds_step { IMDS_ADDR, IMDS_TOKEN, IMDS_USERDATA, IMDS_IDENTITY,
	IMDS_DONE };

static const char *const imds_what[] = { "", "token", "user-data",
	"identity document", "" };

/* The user-data response, and later the user-data alone (NUL ended). */
static char imds_ud[IMDS_MAX_HEAD + CONFIG_MAX_USERDATA + 1];
/* The token's and the identity document's responses. */
static char imds_small[IMDS_MAX_HEAD + IMDS_MAX_IDENTITY + 1];

static struct {
	enum imds_step step;
	ip_addr_t ip;
	uint16_t port;
	char host[24];		/* "A.B.C.D:PORT" for Host: and lines */
	struct tcp_pcb *pcb;
	struct tcp_pcb *aborted;	/* tcp_abort()ed: its callback must
					 * return ERR_ABRT */
	char *buf;		/* the response being read */
	size_t cap, len;
	bool over;		/* more came than buf holds */
	uint64_t deadline;	/* of the whole exchange, monotonic ns */
	char token[IMDS_MAX_TOKEN + 1];
	size_t ud_len;
	bool have_ud;
} im;

static bool
imds_ci_prefix(const char *s, const char *end, const char *pfx)
{
	size_t n = strlen(pfx), i;

	if ((size_t)(end - s) < n)
		return false;
	for (i = 0; i < n; i++) {
		char c = s[i];

		if (c >= 'A' && c <= 'Z')
			c = (char)(c - 'A' + 'a');
		if (c != pfx[i])
			return false;
	}
	return true;
}

/* see cloud.h */
int
imds_response(const char *buf, size_t len, bool complete, int *status,
    size_t *body_off, size_t *body_len)
{
	const char *end, *p, *eol, *v;
	size_t head, cl = 0;
	bool have_cl = false;

	/* The end of the head, within IMDS_MAX_HEAD. */
	for (head = 0; head + 4 <= len; head++)
		if (memcmp(buf + head, "\r\n\r\n", 4) == 0)
			break;
	if (head + 4 > len) {
		if (len > IMDS_MAX_HEAD)
			return RC_TOOBIG;
		return complete ? RC_PROTO : RC_AGAIN;
	}
	if (head + 4 > IMDS_MAX_HEAD)
		return RC_TOOBIG;
	end = buf + head + 2;		/* past the last field's CRLF */
	if (head < 12 || memcmp(buf, "HTTP/1.", 7) != 0 || buf[8] != ' ' ||
	    buf[9] < '1' || buf[9] > '5' || buf[10] < '0' || buf[10] > '9' ||
	    buf[11] < '0' || buf[11] > '9')
		return RC_PROTO;
	*status = (buf[9] - '0') * 100 + (buf[10] - '0') * 10 + buf[11] - '0';
	for (p = memchr(buf, '\n', head + 2) + 1; p < end; p = eol + 1) {
		eol = memchr(p, '\n', (size_t)(end - p));
		if (eol == NULL)
			return RC_PROTO;
		if (imds_ci_prefix(p, eol, "transfer-encoding:"))
			return RC_PROTO;	/* IMDS sends lengths */
		if (!imds_ci_prefix(p, eol, "content-length:"))
			continue;
		for (v = p + 15; *v == ' ' || *v == '\t'; v++)
			;
		if (*v < '0' || *v > '9')
			return RC_PROTO;
		for (cl = 0; *v >= '0' && *v <= '9'; v++) {
			if (cl > (SIZE_MAX - 9) / 10)
				return RC_TOOBIG;
			cl = cl * 10 + (size_t)(*v - '0');
		}
		have_cl = true;
	}
	*body_off = head + 4;
	/* *status is set from here on, RC_AGAIN included. */
	if (have_cl) {
		*body_len = cl;
		if (len - *body_off >= cl)
			return RC_OK;
		return complete ? RC_PROTO : RC_AGAIN;
	}
	*body_len = len - *body_off;
	return complete ? RC_OK : RC_AGAIN;
}

/* see cloud.h */
int
imds_json_field(const char *doc, size_t len, const char *key, char *out,
    size_t size)
{
	const char *end = doc + len, *p, *q;
	size_t kl = strlen(key);

	for (p = doc; p + kl + 2 <= end; p++) {
		if (*p != '"' || p[kl + 1] != '"' ||
		    memcmp(p + 1, key, kl) != 0)
			continue;
		for (q = p + kl + 2; q < end && (*q == ' ' || *q == '\t' ||
		    *q == '\r' || *q == '\n'); q++)
			;
		if (q >= end || *q != ':')
			continue;
		for (q++; q < end && (*q == ' ' || *q == '\t' || *q == '\r' ||
		    *q == '\n'); q++)
			;
		if (q >= end || *q != '"')
			return RC_FORMAT;
		for (p = ++q; q < end && *q != '"'; q++)
			if (*q == '\\' || (unsigned char)*q < 0x20)
				return RC_FORMAT;
		if (q >= end)
			return RC_FORMAT;
		if ((size_t)(q - p) >= size)
			return RC_TOOBIG;
		memcpy(out, p, (size_t)(q - p));
		out[q - p] = '\0';
		return RC_OK;
	}
	return RC_NOTFOUND;
}

static void imds_next(enum imds_step step);
static void imds_timeout(void *arg);

/* Drop the connection, if any, without waiting for it. */
static void
imds_drop(void)
{
	struct tcp_pcb *pcb = im.pcb;

	sys_untimeout(imds_timeout, NULL);
	if (pcb == NULL)
		return;
	im.pcb = NULL;
	tcp_arg(pcb, NULL);
	tcp_recv(pcb, NULL);
	tcp_err(pcb, NULL);
	if (tcp_close(pcb) != ERR_OK) {
		im.aborted = pcb;
		tcp_abort(pcb);
	}
}

/* The exchange is over. */
static void
imds_end(void)
{
	imds_drop();
	im.step = IMDS_DONE;
}

/* The step failed before any answer: why, and what happens now. */
static void
imds_fail(const char *why)
{
	if (im.step == IMDS_TOKEN) {
		log_line("imds: no metadata service at %s (%s): going on "
		    "without user-data", im.host, why);
		imds_end();
		return;
	}
	log_line("imds: %s: %s: going on without it", imds_what[im.step],
	    why);
	imds_next(im.step == IMDS_USERDATA ? IMDS_IDENTITY : IMDS_DONE);
}

/* A whole response for the current step: act on it, start the next. */
static void
imds_answer(int status, char *body, size_t blen)
{
	char region[64], id[64];
	size_t i;

	switch (im.step) {
	case IMDS_TOKEN:
		if (status == 403) {
			log_line("imds: the token was refused (HTTP 403: the "
			    "metadata service is disabled for this "
			    "instance): going on without user-data");
			imds_end();
			return;
		}
		while (blen > 0 && (body[blen - 1] == '\n' ||
		    body[blen - 1] == '\r'))
			blen--;
		for (i = 0; i < blen; i++)
			if ((unsigned char)body[i] <= ' ' ||
			    (unsigned char)body[i] > '~')
				break;
		if (status != 200 || blen == 0 || blen > IMDS_MAX_TOKEN ||
		    i < blen) {
			log_line("imds: no token (HTTP %d, %zu bytes): going "
			    "on without user-data", status, blen);
			imds_end();
			return;
		}
		memcpy(im.token, body, blen);
		im.token[blen] = '\0';
		/* The token is a credential: its length, not its bytes. */
		log_line("imds: token received (%zu bytes, ttl %d s)", blen,
		    IMDS_TOKEN_TTL_S);
		imds_next(IMDS_USERDATA);
		return;
	case IMDS_USERDATA:
		if (status == 404)
			log_line("imds: no user-data (HTTP 404): the image's "
			    "configuration is all there is");
		else if (status != 200)
			log_line("imds: user-data: HTTP %d: going on without "
			    "it", status);
		else if (blen > CONFIG_MAX_USERDATA)
			log_line("imds: user-data over the limit of %d bytes: "
			    "ignored", CONFIG_MAX_USERDATA);
		else {
			memmove(imds_ud, body, blen);
			imds_ud[blen] = '\0';
			im.ud_len = blen;
			im.have_ud = true;
			log_line("imds: user-data: %zu bytes", blen);
		}
		imds_next(IMDS_IDENTITY);
		return;
	case IMDS_IDENTITY:
		if (status != 200)
			log_line("imds: identity document: HTTP %d", status);
		else if (imds_json_field(body, blen, "region", region,
		    sizeof region) != RC_OK ||
		    imds_json_field(body, blen, "instanceId", id,
		    sizeof id) != RC_OK)
			log_line("imds: identity document without region or "
			    "instanceId");
		else
			log_line("imds: instance %s in region %s", id, region);
		imds_end();
		return;
	default:
		imds_end();
	}
}

/* Look at what has come in; complete: the server closed. */
static void
imds_check(bool complete)
{
	int status = 0, rc;
	size_t off = 0, blen = 0;

	rc = imds_response(im.buf, im.len, complete, &status, &off, &blen);
	if (im.over) {
		/* More than the buffer holds: the head, if it came, says
		 * whether this was user-data that is too large. */
		imds_drop();
		if (im.step == IMDS_USERDATA && status == 200) {
			log_line("imds: user-data over the limit of %d bytes: "
			    "ignored", CONFIG_MAX_USERDATA);
			imds_next(IMDS_IDENTITY);
		} else {
			imds_fail("response too large");
		}
		return;
	}
	if (rc == RC_AGAIN)
		return;
	imds_drop();
	if (rc != RC_OK) {
		imds_fail(rc == RC_TOOBIG ? "response head too large" :
		    "malformed response");
		return;
	}
	imds_answer(status, im.buf + off, blen);
}

static err_t
imds_recv(void *arg, struct tcp_pcb *pcb, struct pbuf *p, err_t err)
{
	size_t room, n;

	im.aborted = NULL;
	if (p == NULL) {
		imds_check(true);
		return im.aborted == pcb ? ERR_ABRT : ERR_OK;
	}
	room = im.cap - im.len;
	n = p->tot_len < room ? p->tot_len : room;
	pbuf_copy_partial(p, im.buf + im.len, (u16_t)n, 0);
	im.len += n;
	if (n < p->tot_len)
		im.over = true;
	tcp_recved(pcb, p->tot_len);
	pbuf_free(p);
	/* imds_check may close pcb, which a recv callback may do. */
	imds_check(false);
	return im.aborted == pcb ? ERR_ABRT : ERR_OK;
}

static void
imds_err(void *arg, err_t err)
{
	im.pcb = NULL;		/* lwIP has freed it */
	imds_fail(err == ERR_RST ? "connection refused or reset" :
	    err == ERR_ABRT ? "connection aborted" : "connection failed");
}

static err_t
imds_connected(void *arg, struct tcp_pcb *pcb, err_t err)
{
	char req[512];
	int n;

	im.aborted = NULL;
	if (im.step == IMDS_TOKEN)
		n = snprintf(req, sizeof req, "PUT /latest/api/token "
		    "HTTP/1.1\r\nHost: %s\r\n"
		    "X-aws-ec2-metadata-token-ttl-seconds: %d\r\n"
		    "Content-Length: 0\r\nConnection: close\r\n\r\n",
		    im.host, IMDS_TOKEN_TTL_S);
	else
		n = snprintf(req, sizeof req, "GET %s HTTP/1.1\r\n"
		    "Host: %s\r\nX-aws-ec2-metadata-token: %s\r\n"
		    "Connection: close\r\n\r\n",
		    im.step == IMDS_USERDATA ? "/latest/user-data" :
		    "/latest/dynamic/instance-identity/document",
		    im.host, im.token);
	if (n < 0 || (size_t)n >= sizeof req ||
	    tcp_write(pcb, req, (u16_t)n, TCP_WRITE_FLAG_COPY) != ERR_OK ||
	    tcp_output(pcb) != ERR_OK) {
		imds_drop();
		imds_fail("cannot send the request");
		return im.aborted == pcb ? ERR_ABRT : ERR_OK;
	}
	return ERR_OK;
}

static void
imds_timeout(void *arg)
{
	char why[48];

	snprintf(why, sizeof why, "no answer in %d ms", IMDS_REQUEST_MS);
	imds_drop();
	imds_fail(why);
}

/* Start step: a connection and its request. */
static void
imds_next(enum imds_step step)
{
	struct tcp_pcb *pcb;

	imds_drop();
	im.step = step;
	if (step == IMDS_DONE)
		return;
	im.buf = step == IMDS_USERDATA ? imds_ud : imds_small;
	im.cap = (step == IMDS_USERDATA ? sizeof imds_ud :
	    sizeof imds_small) - 1;
	im.len = 0;
	im.over = false;
	pcb = tcp_new_ip_type(IPADDR_TYPE_V4);
	if (pcb == NULL) {
		imds_fail("no TCP PCB");
		return;
	}
	im.pcb = pcb;
	tcp_arg(pcb, NULL);
	tcp_recv(pcb, imds_recv);
	tcp_err(pcb, imds_err);
	sys_timeout(IMDS_REQUEST_MS, imds_timeout, NULL);
	if (tcp_connect(pcb, &im.ip, im.port, imds_connected) != ERR_OK) {
		imds_drop();
		imds_fail("cannot connect");
	}
}

/* see cloud.h */
int
imds_start(const struct config *cf)
{
	uint32_t a = cf->imds_ip;

	memset(&im, 0, sizeof im);
	ip_addr_set_ip4_u32_val(im.ip, lwip_htonl(a));
	im.port = cf->imds_port;
	snprintf(im.host, sizeof im.host, "%u.%u.%u.%u:%u", a >> 24,
	    a >> 16 & 255, a >> 8 & 255, a & 255, im.port);
	if (im.port == 80)
		im.host[strcspn(im.host, ":")] = '\0';
	im.step = IMDS_ADDR;
	/* The address first (DHCP, or its fallback). */
	im.deadline = plat_clock_monotonic() +
	    (uint64_t)(NET_DHCP_FALLBACK_MS + IMDS_TOTAL_MS) * MS;
	return RC_OK;
}

/* see cloud.h */
bool
imds_done(uint64_t *deadline)
{
	struct netif *nif = netif_default;
	uint64_t now = plat_clock_monotonic();

	if (im.step == IMDS_DONE)
		return true;
	if (now >= im.deadline) {
		log_line("imds: gave up after %d ms (%s): going on with what "
		    "the node has", IMDS_TOTAL_MS,
		    im.step == IMDS_ADDR ? "no address" : imds_what[im.step]);
		imds_end();
		return true;
	}
	if (im.step == IMDS_ADDR && nif != NULL && netif_is_up(nif) &&
	    !ip4_addr_isany_val(*netif_ip4_addr(nif))) {
		log_line("imds: asking the metadata service at %s", im.host);
		im.deadline = now + (uint64_t)IMDS_TOTAL_MS * MS;
		imds_next(IMDS_TOKEN);
		if (im.step == IMDS_DONE)
			return true;
	}
	*deadline = im.step == IMDS_ADDR ? now + 10 * MS : im.deadline;
	return false;
}

/* see cloud.h */
char *
imds_userdata(size_t *len)
{
	if (!im.have_ud)
		return NULL;
	*len = im.ud_len;
	return imds_ud;
}
