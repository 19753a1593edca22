/*
 * admin.c: the admin API (see admin.h), on its own port and handler.
 *
 * The site handler (app/site.c) never sees these requests and this one
 * never serves the site: the listener carries its handler
 * (struct http_listener.fn), so a path is routed by the port it came
 * to, not by its name.  Who may ask is the TLS layer's business (client
 * certificates of admin_ca, net/tls.c): by the time a request gets here
 * its client holds one.
 *
 * Every body is made at once into a static slot (no allocation per
 * request) and released when sent, so an answer is a consistent
 * snapshot: the ring, the counters and the store are read once.
 *
 * Interface: admin_init, admin_handle.
 */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include <lmdb.h>

#include "admin.h"
#include "config.h"
#include "err.h"
#include "http.h"
#include "log.h"
#include "plat.h"
#include "site.h"
#include "store.h"

/* A body being made: stops growing, and says so, when full. */
struct admin_buf {
	char *p;
	size_t len, cap;
	bool full;
};

struct admin_slot {
	bool busy;
	char buf[ADMIN_BODY_MAX];
};

static struct {
	struct store *st;
	uint64_t start_ns;		/* monotonic, at admin_init */
	struct admin_slot slot[ADMIN_SLOTS];
} admin;

/* see admin.h */
void
admin_init(struct store *st)
{
	admin.st = st;
	admin.start_ns = plat_clock_monotonic();
}

static void
admin_put(struct admin_buf *b, const char *s, size_t n)
{
	if (b->full || n > b->cap - b->len) {
		b->full = true;
		return;
	}
	memcpy(b->p + b->len, s, n);
	b->len += n;
}

static void admin_printf(struct admin_buf *b, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

static void
admin_printf(struct admin_buf *b, const char *fmt, ...)
{
	va_list ap;
	int n;

	if (b->full)
		return;
	va_start(ap, fmt);
	n = vsnprintf(b->p + b->len, b->cap - b->len, fmt, ap);
	va_end(ap);
	if (n < 0 || (size_t)n >= b->cap - b->len)
		b->full = true;
	else
		b->len += (size_t)n;
}

/*
 * s[0..n) inside a JSON string.  Log lines are bytes, not always UTF-8
 * (a request target is logged as sent): every byte outside printable
 * ASCII is written as \u00XX, so the output is always valid JSON.
 */
static void
admin_json_raw(struct admin_buf *b, const char *s, size_t n)
{
	static const char hex[] = "0123456789abcdef";
	char e[6] = { '\\', 'u', '0', '0', 0, 0 };
	size_t i, run = 0;

	for (i = 0; i < n; i++) {
		unsigned char c = (unsigned char)s[i];

		if (c >= 0x20 && c < 0x7f && c != '"' && c != '\\')
			continue;
		admin_put(b, s + run, i - run);
		run = i + 1;
		if (c == '"' || c == '\\') {
			admin_put(b, "\\", 1);
			admin_put(b, s + i, 1);
		} else {
			e[4] = hex[c >> 4];
			e[5] = hex[c & 15];
			admin_put(b, e, 6);
		}
	}
	admin_put(b, s + run, n - run);
}

/* The meta record's value for key (its "key=value\n" lines), copied. */
static size_t
admin_meta_value(const struct site_view *m, const char *key, char *out,
    size_t cap)
{
	const char *p = (const char *)m->aux.p, *end = p + m->aux.len, *nl;
	size_t kl = strlen(key), n;

	for (; p < end; p = nl + 1) {
		nl = memchr(p, '\n', (size_t)(end - p));
		if (nl == NULL)
			nl = end;
		if ((size_t)(nl - p) > kl && memcmp(p, key, kl) == 0 &&
		    p[kl] == '=') {
			n = (size_t)(nl - p) - kl - 1;
			n = n < cap ? n : cap;
			memcpy(out, p + kl + 1, n);
			return n;
		}
	}
	return 0;
}

/*
 * The store's content id, read through the store as the site reads it
 * (SITE_K_META), in a read transaction of its own: the value is copied
 * out before it ends.  0 when the store has none.
 */
static size_t
admin_content_id(char *out, size_t cap)
{
	struct store_read rd;
	struct site_view v;
	const void *val;
	size_t vl, n = 0;

	if (store_read_begin(admin.st, &rd) != RC_OK)
		return 0;
	if (store_get(admin.st, &rd, SITE_K_META, strlen(SITE_K_META), &val,
	    &vl) == RC_OK && site_rec_decode(val, vl, &v) == RC_OK &&
	    v.kind == SITE_R_META)
		n = admin_meta_value(&v, "content_id", out, cap);
	store_read_end(&rd);
	return n;
}

/*
 * Bytes the store's map uses (pages up to the last one written).
 * store.h has no such accessor: LMDB's own, on the environment the
 * store holds open, which only reads.
 */
static uint64_t
admin_store_bytes(void)
{
	MDB_envinfo info;
	MDB_stat ms;

	if (admin.st->env == NULL || mdb_env_info(admin.st->env, &info) != 0 ||
	    mdb_env_stat(admin.st->env, &ms) != 0)
		return 0;
	return ((uint64_t)info.me_last_pgno + 1) * ms.ms_psize;
}

static void
admin_status(struct admin_buf *b)
{
	char id[ADMIN_CONTENT_ID_MAX];
	size_t n = admin_content_id(id, sizeof id);
	struct http_server_stats st;
	uint64_t accepted = 0;
	int i;

	for (i = 0; http_server_stats(i, &st) == RC_OK; i++)
		accepted += st.accepted;
	admin_put(b, "{\"content_id\":", 14);
	if (n == 0) {
		admin_put(b, "null", 4);
	} else {
		admin_put(b, "\"", 1);
		admin_json_raw(b, id, n);
		admin_put(b, "\"", 1);
	}
	admin_printf(b, ",\"uptime_s\":%llu,\"connections\":{\"open\":%d,"
	    "\"accepted\":%llu},\"store_bytes\":%llu}\n",
	    (unsigned long long)((plat_clock_monotonic() - admin.start_ns) /
	    1000000000ull), http_server_conns(),
	    (unsigned long long)accepted,
	    (unsigned long long)admin_store_bytes());
}

/* One counter per listener, its HELP and TYPE lines first. */
static void
admin_metric(struct admin_buf *b, const char *name, const char *help,
    size_t off)
{
	struct http_server_stats st;
	int i;

	admin_printf(b, "# HELP %s %s\n# TYPE %s counter\n", name, help, name);
	for (i = 0; http_server_stats(i, &st) == RC_OK; i++)
		admin_printf(b, "%s{port=\"%u\"} %llu\n", name, st.port,
		    (unsigned long long)*(const uint64_t *)(const void *)
		    ((const char *)&st + off));
}

#define ST(field)	offsetof(struct http_server_stats, field)

static void
admin_metrics(struct admin_buf *b)
{
	static const char *const cls[6] = { "other", "1xx", "2xx", "3xx",
	    "4xx", "5xx" };
	struct http_server_stats st;
	struct log_stats ls;
	int i, k;

	admin_printf(b, "# HELP appliance_uptime_seconds Seconds since "
	    "start.\n# TYPE appliance_uptime_seconds gauge\n"
	    "appliance_uptime_seconds %llu\n",
	    (unsigned long long)((plat_clock_monotonic() - admin.start_ns) /
	    1000000000ull));
	admin_printf(b, "# HELP appliance_connections_open TCP connections "
	    "open now, all ports.\n# TYPE appliance_connections_open gauge\n"
	    "appliance_connections_open %d\n", http_server_conns());
	admin_metric(b, "appliance_connections_accepted_total",
	    "TCP connections accepted.", ST(accepted));
	admin_metric(b, "appliance_connections_refused_total",
	    "TCP connections refused for want of a slot.", ST(refused));
	admin_metric(b, "appliance_tls_handshakes_total",
	    "TLS handshakes completed.", ST(tls_handshakes));
	admin_metric(b, "appliance_tls_resumed_total",
	    "TLS handshakes that resumed a session.", ST(tls_resumed));
	admin_metric(b, "appliance_tls_handshake_failures_total",
	    "TLS connections that ended before the handshake completed.",
	    ST(tls_failed));
	admin_metric(b, "appliance_bytes_sent_total",
	    "Bytes handed to TCP (TLS records included).", ST(bytes_out));
	admin_printf(b, "# HELP appliance_http_responses_total Responses by "
	    "status class.\n# TYPE appliance_http_responses_total counter\n");
	for (i = 0; http_server_stats(i, &st) == RC_OK; i++)
		for (k = 1; k <= 6; k++)
			admin_printf(b, "appliance_http_responses_total{port="
			    "\"%u\",class=\"%s\"} %llu\n", st.port,
			    cls[k % 6], (unsigned long long)
			    st.responses[k % 6]);
	admin_printf(b, "# HELP appliance_store_bytes Bytes of the store's "
	    "map in use.\n# TYPE appliance_store_bytes gauge\n"
	    "appliance_store_bytes %llu\n",
	    (unsigned long long)admin_store_bytes());
	log_get_stats(&ls);
	admin_printf(b, "# HELP appliance_log_lines_total Log lines "
	    "written.\n# TYPE appliance_log_lines_total counter\n"
	    "appliance_log_lines_total %llu\n",
	    (unsigned long long)ls.lines);
}

/* Lines from seq on, as JSON lines; false if they did not all fit. */
static bool
admin_logs_from(struct admin_buf *b, uint64_t seq, uint64_t end)
{
	uint64_t wall;
	const char *t;
	size_t n;

	b->len = 0;
	b->full = false;
	for (; seq < end; seq++) {
		if (!log_recent(seq, &wall, &t, &n))
			continue;
		admin_printf(b, "{\"ts\":%llu.%03llu,\"line\":\"",
		    (unsigned long long)(wall / 1000000000ull),
		    (unsigned long long)(wall / 1000000ull % 1000));
		admin_json_raw(b, t, n);
		admin_put(b, "\"}\n", 3);
	}
	return !b->full;
}

/* The newest lines of the ring that fit, oldest first. */
static void
admin_logs(struct admin_buf *b)
{
	uint64_t end = log_next_seq(), seq;

	seq = end > LOG_RING_LINES ? end - LOG_RING_LINES : 0;
	/* Too long: drop the oldest quarter of what is left, and retry. */
	while (!admin_logs_from(b, seq, end) && seq < end)
		seq += (end - seq + 3) / 4;
}

static void
admin_release(void *arg)
{
	((struct admin_slot *)arg)->busy = false;
}

static void
admin_plain(struct http_reply *rep, int status, const char *body,
    const char *extra)
{
	rep->status = status;
	rep->type = "application/json";
	rep->body = body;
	rep->len = strlen(body);
	rep->extra = extra;
}

static bool
admin_path(const struct http_request *req, const char *p)
{
	return req->path_len == strlen(p) &&
	    memcmp(req->path, p, req->path_len) == 0;
}

/* see admin.h */
void
admin_handle(void *ctx, const struct http_request *req,
    struct http_reply *rep)
{
	void (*make)(struct admin_buf *) = NULL;
	const char *type = "application/json";
	struct admin_slot *s = NULL;
	struct admin_buf b;
	int i;

	if (admin_path(req, "/snapshot")) {
		if (req->method != HTTP_M_POST)
			admin_plain(rep, 405, "{\"error\":\"method not "
			    "allowed\"}\n", "Allow: POST\r\n");
		else
			admin_plain(rep, 501, "{\"error\":\"not implemented "
			    "yet\"}\n", NULL);
		return;
	}
	if (admin_path(req, "/status")) {
		make = admin_status;
	} else if (admin_path(req, "/metrics")) {
		make = admin_metrics;
		type = "text/plain; version=0.0.4; charset=utf-8";
	} else if (admin_path(req, "/logs")) {
		make = admin_logs;
		type = "application/x-ndjson";
	} else {
		admin_plain(rep, 404, "{\"error\":\"not found\"}\n", NULL);
		return;
	}
	if (req->method != HTTP_M_GET && req->method != HTTP_M_HEAD) {
		admin_plain(rep, 405, "{\"error\":\"method not allowed\"}\n",
		    "Allow: GET, HEAD\r\n");
		return;
	}
	for (i = 0; i < ADMIN_SLOTS && s == NULL; i++)
		if (!admin.slot[i].busy)
			s = &admin.slot[i];
	if (s == NULL) {
		admin_plain(rep, 503, "{\"error\":\"busy\"}\n",
		    "Retry-After: 1\r\n");
		return;
	}
	b = (struct admin_buf){ s->buf, 0, sizeof s->buf, false };
	make(&b);
	s->busy = true;
	rep->status = 200;
	rep->type = type;
	rep->extra = "Cache-Control: no-store\r\n";
	rep->body = s->buf;
	rep->len = b.len;
	rep->release = admin_release;
	rep->arg = s;
}
