/*
 * http_fmt.c: the response side of HTTP/1.1: reason phrases, the
 * IMF-fixdate (RFC 9110 5.6.7) and the response head.
 *
 * A head is written for every response, so it is built without printf:
 * the status line comes from a table of finished lines, Content-Length
 * from http_fmt_u64, everything else is copied.  The Date line changes
 * once a second, so its text is kept, keyed by that second (the one piece
 * of state here, with the Expires texts kept the same way; the server
 * runs in one thread, the main loop).
 *
 * Interface: http_reason, http_format_date, http_format_head.
 */
#include <string.h>

#include "http.h"

/* The statuses we name; one list for the reasons and the status lines. */
#define HTTP_STATUSES(X) \
	X(100, "Continue") \
	X(200, "OK") \
	X(204, "No Content") \
	X(301, "Moved Permanently") \
	X(302, "Found") \
	X(304, "Not Modified") \
	X(400, "Bad Request") \
	X(403, "Forbidden") \
	X(404, "Not Found") \
	X(405, "Method Not Allowed") \
	X(408, "Request Timeout") \
	X(411, "Length Required") \
	X(413, "Content Too Large") \
	X(414, "URI Too Long") \
	X(417, "Expectation Failed") \
	X(431, "Request Header Fields Too Large") \
	X(500, "Internal Server Error") \
	X(501, "Not Implemented") \
	X(503, "Service Unavailable") \
	X(505, "HTTP Version Not Supported")

struct http_status_line {
	int status;
	const char *reason;
	const char *line;	/* "HTTP/1.1 200 OK\r\n" */
	size_t len;
};

#define HTTP_STATUS_ROW(code, text) { code, text, \
	"HTTP/1.1 " #code " " text "\r\n", \
	sizeof("HTTP/1.1 " #code " " text "\r\n") - 1 },

static const struct http_status_line http_status_lines[] = {
	HTTP_STATUSES(HTTP_STATUS_ROW)
};

#define HTTP_NSTATUS (sizeof http_status_lines / sizeof http_status_lines[0])

/* The row for status, or NULL for one we do not name. */
static const struct http_status_line *
http_status_find(int status)
{
	size_t i;

	for (i = 0; i < HTTP_NSTATUS; i++)
		if (http_status_lines[i].status == status)
			return &http_status_lines[i];
	return NULL;
}

/* see http.h */
const char *
http_reason(int status)
{
	const struct http_status_line *s = http_status_find(status);

	return s != NULL ? s->reason : "Unknown";
}

/* v in decimal into out (20 bytes hold any uint64_t); returns the length. */
static size_t
http_fmt_u64(char out[20], uint64_t v)
{
	char tmp[20];
	size_t n = 0, i;

	do {
		tmp[n++] = (char)('0' + v % 10);
		v /= 10;
	} while (v != 0);
	for (i = 0; i < n; i++)
		out[i] = tmp[n - 1 - i];
	return n;
}

/* Two digits of v (below 100) at out. */
static void
http_fmt_2(char *out, unsigned v)
{
	out[0] = (char)('0' + v / 10);
	out[1] = (char)('0' + v % 10);
}

/* see http.h */
void
http_format_date(char out[HTTP_DATE_LEN + 1], uint64_t secs)
{
	static const char wday[7][4] = { "Thu", "Fri", "Sat", "Sun", "Mon",
	    "Tue", "Wed" };
	static const char mon[12][4] = { "Jan", "Feb", "Mar", "Apr", "May",
	    "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec" };
	uint64_t days = secs / 86400, rem = secs % 86400;
	uint64_t z, era, doe, yoe, doy, mp, d, m, y;

	/* Civil date from days since 1970-01-01 (a Thursday), by the
	 * era/day-of-era method for the proleptic Gregorian calendar. */
	z = days + 719468;
	era = z / 146097;
	doe = z - era * 146097;
	yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	mp = (5 * doy + 2) / 153;
	d = doy - (153 * mp + 2) / 5 + 1;
	m = mp < 10 ? mp + 3 : mp - 9;
	y = yoe + era * 400 + (m <= 2);
	if (y > 9999)
		y = 9999;	/* keep the fixed width */
	memcpy(out, wday[days % 7], 3);
	memcpy(out + 3, ", 00 ", 5);
	http_fmt_2(out + 5, (unsigned)d);
	memcpy(out + 8, mon[m - 1], 3);
	out[11] = ' ';
	http_fmt_2(out + 12, (unsigned)(y / 100));
	http_fmt_2(out + 14, (unsigned)(y % 100));
	memcpy(out + 16, " 00:00:00 GMT", 14);	/* and the NUL */
	http_fmt_2(out + 17, (unsigned)(rem / 3600));
	http_fmt_2(out + 20, (unsigned)(rem / 60 % 60));
	http_fmt_2(out + 23, (unsigned)(rem % 60));
}

/* The Date line's text for wall-clock second secs, formatted once. */
static const char *
http_date_cached(uint64_t secs)
{
	static char date[HTTP_DATE_LEN + 1];
	static uint64_t date_secs;
	static bool valid;

	if (!valid || secs != date_secs) {
		http_format_date(date, secs);
		date_secs = secs;
		valid = true;
	}
	return date;
}

/*
 * The Expires text for second secs plus expires_s.  Handlers use a few
 * fixed offsets (0 for never-cache, one per cache class), so a small
 * table keyed by the offset keeps each formatted once a second.
 */
#define HTTP_EXPIRES_SLOTS	4

static const char *
http_expires_cached(uint64_t secs, int32_t expires_s)
{
	static struct {
		char text[HTTP_DATE_LEN + 1];
		uint64_t secs;
		int32_t off;
		bool valid;
	} slot[HTTP_EXPIRES_SLOTS];
	static unsigned next;
	uint64_t t;
	unsigned i;

	if (expires_s == 0)
		return http_date_cached(secs);
	for (i = 0; i < HTTP_EXPIRES_SLOTS; i++)
		if (slot[i].valid && slot[i].off == expires_s)
			break;
	if (i == HTTP_EXPIRES_SLOTS) {
		i = next;
		next = (next + 1) % HTTP_EXPIRES_SLOTS;
		slot[i].valid = false;
	}
	if (!slot[i].valid || slot[i].secs != secs) {
		/* A negative offset before the epoch stays at the epoch. */
		if (expires_s < 0)
			t = secs > (uint64_t)-(int64_t)expires_s ?
			    secs - (uint64_t)-(int64_t)expires_s : 0;
		else
			t = secs + (uint64_t)expires_s;
		http_format_date(slot[i].text, t);
		slot[i].secs = secs;
		slot[i].off = expires_s;
		slot[i].valid = true;
	}
	return slot[i].text;
}

/* A head being written: bytes go at p, up to end; ok until one misses. */
struct http_out {
	char *p, *end;
	bool ok;
};

static void
http_put(struct http_out *o, const char *s, size_t n)
{
	if (!o->ok || n > (size_t)(o->end - o->p)) {
		o->ok = false;
		return;
	}
	memcpy(o->p, s, n);
	o->p += n;
}

static void
http_puts(struct http_out *o, const char *s)
{
	http_put(o, s, strlen(s));
}

#define HTTP_PUT_LIT(o, lit)	http_put((o), (lit), sizeof(lit) - 1)

/* "HTTP/1.1 <status> <reason>\r\n", from the table when it is there. */
static void
http_put_status(struct http_out *o, int status)
{
	const struct http_status_line *s = http_status_find(status);
	char num[21];
	unsigned u;
	size_t n = 0;

	if (s != NULL) {
		http_put(o, s->line, s->len);
		return;
	}
	u = status < 0 ? 0u - (unsigned)status : (unsigned)status;
	if (status < 0)
		num[n++] = '-';
	n += http_fmt_u64(num + n, u);
	HTTP_PUT_LIT(o, "HTTP/1.1 ");
	http_put(o, num, n);
	HTTP_PUT_LIT(o, " Unknown\r\n");
}

/* The lines after Server: type, length, connection, extras. */
static void
http_put_fields(struct http_out *o, const struct http_head *h)
{
	char num[20];

	if (h->type != NULL) {
		HTTP_PUT_LIT(o, "Content-Type: ");
		http_puts(o, h->type);
		HTTP_PUT_LIT(o, "\r\n");
	}
	/*
	 * No Content-Length on 204 (RFC 9110 8.6), nor on 304: there it
	 * would have to be the selected representation's, which the
	 * handler need not know, and nginx sends none either.
	 */
	if (!h->no_length && h->status != 204 && h->status != 304) {
		HTTP_PUT_LIT(o, "Content-Length: ");
		http_put(o, num, http_fmt_u64(num, h->length));
		HTTP_PUT_LIT(o, "\r\n");
	}
	if (h->close)
		HTTP_PUT_LIT(o, "Connection: close\r\n");
	else if (h->keep_alive_10)
		HTTP_PUT_LIT(o, "Connection: keep-alive\r\n");
	if (h->extra != NULL)
		http_puts(o, h->extra);
	if (h->extra2 != NULL)
		http_puts(o, h->extra2);
}

/* Expires, after the extras: the listener's lines stay together. */
static void
http_put_expires(struct http_out *o, const struct http_head *h,
    uint64_t secs)
{
	if (!h->expires)
		return;
	HTTP_PUT_LIT(o, "Expires: ");
	http_put(o, http_expires_cached(secs, h->expires_s), HTTP_DATE_LEN);
	HTTP_PUT_LIT(o, "\r\n");
}

/* see http.h */
size_t
http_format_head(char *buf, size_t size, const struct http_head *h,
    uint64_t wall_ns)
{
	struct http_out o = { buf, buf + size, size > 0 };
	uint64_t secs = wall_ns / 1000000000u;

	/* Room is kept for a NUL, as snprintf did: size - 1 bytes of text. */
	if (size > 0)
		o.end--;
	http_put_status(&o, h->status);
	if (h->status >= 200) {	/* else interim: the status line only */
		HTTP_PUT_LIT(&o, "Date: ");
		http_put(&o, http_date_cached(secs), HTTP_DATE_LEN);
		HTTP_PUT_LIT(&o, "\r\nServer: " HTTP_SERVER_NAME "\r\n");
		http_put_fields(&o, h);
		http_put_expires(&o, h, secs);
	}
	if (!h->open)
		HTTP_PUT_LIT(&o, "\r\n");
	if (!o.ok)
		return 0;
	*o.p = '\0';
	return (size_t)(o.p - buf);
}
